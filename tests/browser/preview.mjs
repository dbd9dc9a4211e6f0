// The preview page in a real browser: Debian's chromium, headless, driven by playwright-core.
// Run by tests/browser.rs, which starts `yitu serve` on a folder of its own and passes:
//   YITU_URL     the server, http://127.0.0.1:PORT
//   YITU_DIR     the served folder, holding card.toml (a spec reading data/d.csv)
//   YITU_SPEC    JSON: { good, changed, invalid, invalidLine } — the texts saved into card.toml
//   YITU_SHOTS   a folder for screenshots
//   CHROMIUM     the browser (default /usr/bin/chromium)
// Prints one line per step; exits non-zero with the reason on the first failure.
import { chromium } from "playwright-core";
import { writeFileSync, renameSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const url = process.env.YITU_URL;
const dir = process.env.YITU_DIR;
const spec = JSON.parse(process.env.YITU_SPEC);
const shots = process.env.YITU_SHOTS;
mkdirSync(shots, { recursive: true });

// As an editor saves: a hidden file renamed over the spec.
function save(text) {
  const tmp = join(dir, ".card.toml.saving");
  writeFileSync(tmp, text);
  renameSync(tmp, join(dir, "card.toml"));
}

const step = (text) => console.log(`ok: ${text}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  timeout: 30_000,
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(10_000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));

  await page.goto(`${url}/#spec=card.toml`);
  // The folder's specs are listed.
  await page.locator('#specs a[data-spec="card.toml"]').waitFor();
  step("the spec list shows card.toml");

  // The poster loads: a decoded image of the page's width.
  const loaded = async () =>
    page.waitForFunction(() => {
      const img = document.querySelector("#images img");
      return img && img.complete && img.naturalWidth > 0 ? img.src : null;
    });
  const first = await (await loaded()).jsonValue();
  const width = await page.$eval("#images img", (img) => img.naturalWidth);
  if (width !== 400) throw new Error(`the poster is ${width} px wide, expected 400`);
  step(`the poster image loads (${width} px wide)`);
  await page.screenshot({ path: join(shots, "1-opened.png"), fullPage: true });

  // A save changes the image, without reloading the page.
  await page.evaluate(() => { window.notReloaded = true; });
  const saved = Date.now();
  save(spec.changed);
  await page.waitForFunction(
    (before) => {
      const img = document.querySelector("#images img");
      return img && img.src !== before && img.complete && img.naturalWidth > 0;
    },
    first,
  );
  const took = Date.now() - saved;
  if (!(await page.evaluate(() => window.notReloaded))) throw new Error("the page reloaded");
  step(`a save changes the image in ${took} ms, without a reload`);
  await page.screenshot({ path: join(shots, "2-changed.png"), fullPage: true });

  // An invalid save: the error at its line, and the last good image kept.
  const good = await page.$eval("#images img", (img) => img.src);
  save(spec.invalid);
  const problem = page.locator("#problems li").first();
  await problem.waitFor();
  const text = await problem.innerText();
  if (!text.includes(`line ${spec.invalidLine}`)) {
    throw new Error(`the problem does not name line ${spec.invalidLine}: ${text}`);
  }
  const kept = await page.$eval("#images img", (img) => img.src);
  if (kept !== good) throw new Error("the last good image was not kept");
  step(`an invalid save shows its error (${text.split("\n")[0]}) and keeps the last good image`);
  await page.screenshot({ path: join(shots, "3-error.png"), fullPage: true });

  // Fixed again: the error goes.
  save(spec.good);
  await page.locator("#problems").waitFor({ state: "hidden" });
  step("a valid save clears the error");

  // 1:1 zoom: one image pixel a screen pixel; the format switch to SVG.
  await page.click('[data-zoom="1"]');
  const shown = await page.$eval("#images img", (img) => img.getBoundingClientRect().width);
  if (Math.round(shown) !== 400) throw new Error(`1:1 shows the image ${shown} px wide`);
  await page.click('[data-format="svg"]');
  await page.waitForFunction(() => {
    const img = document.querySelector("#images img");
    return img && img.src.includes("format=svg") && img.complete && img.naturalWidth > 0;
  });
  step("1:1 zoom and the SVG switch");
  if (errors.length) throw new Error(`errors in the page: ${errors.join("; ")}`);
} finally {
  await browser.close();
}
