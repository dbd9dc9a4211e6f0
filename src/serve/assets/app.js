// yitu serve's preview page: the specs of the folder, one opened shows every graphic it makes, rendered
// again on every save (server-sent events from /api/events), errors in place with the last good images
// kept. Plain JavaScript, no build step.
"use strict";

const state = { spec: null, format: "png", zoom: "fit", events: null, asked: 0 };
const $ = (id) => document.getElementById(id);

function fromHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  if (["png", "svg", "pdf"].includes(params.get("format"))) state.format = params.get("format");
  if (params.get("zoom") === "1") state.zoom = "1";
  return params.get("spec");
}

function toHash() {
  const params = new URLSearchParams();
  if (state.spec) params.set("spec", state.spec);
  params.set("format", state.format);
  if (state.zoom !== "fit") params.set("zoom", state.zoom);
  history.replaceState(null, "", "#" + params.toString());
}

async function loadSpecs() {
  const answer = await fetch("/api/specs").then((r) => r.json());
  const nav = $("specs");
  nav.replaceChildren();
  for (const spec of answer.specs) {
    const a = document.createElement("a");
    a.href = "#spec=" + encodeURIComponent(spec);
    a.textContent = spec;
    a.dataset.spec = spec;
    a.addEventListener("click", (e) => { e.preventDefault(); open(spec); });
    nav.append(a);
  }
  if (!answer.specs.length) nav.innerHTML = '<p class="quiet">No specs in this folder.</p>';
  mark();
  return answer.specs;
}

function mark() {
  for (const a of $("specs").querySelectorAll("a")) {
    a.setAttribute("aria-current", String(a.dataset.spec === state.spec));
  }
  for (const b of document.querySelectorAll("[data-format]")) {
    b.setAttribute("aria-pressed", String(b.dataset.format === state.format));
  }
  for (const b of document.querySelectorAll("[data-zoom]")) {
    b.setAttribute("aria-pressed", String(b.dataset.zoom === state.zoom));
  }
  $("images").classList.toggle("fit", state.zoom === "fit");
  $("images").classList.toggle("actual", state.zoom !== "fit");
  sizeImages();
}

function open(spec) {
  state.spec = spec;
  $("title").textContent = spec;
  $("images").replaceChildren();
  $("images").dataset.generation = "";
  toHash();
  mark();
  listen();
  refresh();
}

function listen() {
  if (state.events) state.events.close();
  state.events = new EventSource("/api/events?spec=" + encodeURIComponent(state.spec));
  state.events.addEventListener("change", () => refresh());
  state.events.addEventListener("specs", () => loadSpecs());
}

async function refresh() {
  if (!state.spec) return;
  const asked = ++state.asked;
  $("status").textContent = "rendering…";
  const started = performance.now();
  let answer;
  try {
    const url = "/api/preview?spec=" + encodeURIComponent(state.spec) + "&format=" + state.format;
    answer = await fetch(url).then((r) => r.json());
  } catch (e) {
    $("status").textContent = "the server cannot be reached: " + e;
    return;
  }
  // A later save was asked for meanwhile: its answer wins.
  if (asked !== state.asked) return;
  if (answer.error) {
    $("status").textContent = answer.message;
    return;
  }
  await showImages(answer);
  showProblems(answer.problems);
  const ms = Math.round(performance.now() - started);
  const when = new Date().toLocaleTimeString();
  $("status").textContent = answer.problems.length
    ? (answer.images.length ? `${when}: ${answer.stale ? "the last good render" : "rendered in part"}, see the problems` : `${when}: not rendered`)
    : `${when}: ${answer.images.length} image${answer.images.length === 1 ? "" : "s"} in ${ms} ms`;
  $("images").classList.toggle("stale", answer.stale);
}

async function showImages(answer) {
  const box = $("images");
  const key = answer.format + "/" + answer.generation;
  if (box.dataset.generation === key) return;
  const figures = answer.images.map((image) => {
    const figure = document.createElement("figure");
    let element;
    if (answer.format === "pdf") {
      element = document.createElement("object");
      element.type = "application/pdf";
      element.data = image.url;
      const link = document.createElement("a");
      link.href = image.url;
      link.textContent = "open the PDF";
      element.append(link);
    } else {
      element = document.createElement("img");
      element.src = image.url;
      element.alt = image.name;
      element.addEventListener("load", sizeImages);
    }
    const caption = document.createElement("figcaption");
    const link = document.createElement("a");
    link.href = image.url;
    link.textContent = image.name;
    link.target = "_blank";
    caption.append(link);
    figure.append(element, caption);
    return { figure, element };
  });
  // The new images replace the old ones once loaded, so a save never flashes an empty page.
  await Promise.all(figures.map(({ element }) => element.decode ? element.decode().catch(() => {}) : null));
  box.replaceChildren(...figures.map((f) => f.figure));
  box.dataset.generation = key;
  sizeImages();
}

// 1:1: one pixel of the image on one pixel of the screen.
function sizeImages() {
  for (const img of $("images").querySelectorAll("img")) {
    img.style.width = state.zoom === "fit" || !img.naturalWidth ? "" : img.naturalWidth / devicePixelRatio + "px";
  }
}

function showProblems(problems) {
  const box = $("problems");
  box.hidden = !problems.length;
  box.replaceChildren();
  if (!problems.length) return;
  const h = document.createElement("h3");
  h.textContent = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  const list = document.createElement("ol");
  for (const p of problems) {
    const li = document.createElement("li");
    const where = document.createElement("span");
    where.className = "where";
    where.textContent = p.line ? `${p.file}, line ${p.line}, column ${p.column}` : p.file;
    li.append(where, " ");
    if (p.key) {
      const key = document.createElement("span");
      key.className = "key";
      key.textContent = p.key;
      li.append(key, " ");
    }
    li.append(p.message);
    if (p.help) {
      const help = document.createElement("span");
      help.className = "help";
      help.textContent = "help: " + p.help;
      li.append(help);
    }
    li.dataset.line = p.line;
    list.append(li);
  }
  box.append(h, list);
}

for (const b of document.querySelectorAll("[data-format]")) {
  b.addEventListener("click", () => {
    state.format = b.dataset.format;
    $("images").dataset.generation = "";
    toHash();
    mark();
    refresh();
  });
}
for (const b of document.querySelectorAll("[data-zoom]")) {
  b.addEventListener("click", () => { state.zoom = b.dataset.zoom; toHash(); mark(); });
}

(async () => {
  const wanted = fromHash();
  const specs = await loadSpecs();
  if (wanted && specs.includes(wanted)) open(wanted);
  else if (specs.length === 1) open(specs[0]);
})();

// A link or the address bar naming another spec.
window.addEventListener("hashchange", () => {
  const wanted = fromHash();
  if (wanted && wanted !== state.spec) open(wanted);
  else { mark(); refresh(); }
});
