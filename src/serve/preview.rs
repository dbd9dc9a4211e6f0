//! The preview page: `/` and its assets (plain HTML, CSS and JavaScript in `assets/`, embedded with
//! `include_str!`: no build step, nothing from a CDN), and the routes it uses:
//!
//! - `GET /api/specs`: the specs of the folder (as `yitu render DIR` plans them), relative paths.
//! - `GET /api/preview?spec=REL&format=png|svg|pdf`: renders the spec, every graphic (its pages, each
//!   variant), and answers with their image URLs and the problems. A render that fails keeps the last
//!   good images (`"stale": true`) beside its problems.
//! - `GET /api/image?spec=REL&format=…&i=N&g=GEN`: the N-th image of that render, from memory.
//! - `GET /api/events?spec=REL`: server-sent events, `change` when the spec or a file it read was saved
//!   (the folder watched as `yitu watch` watches, [`crate::batch::watch::follow`]) and `specs` when a spec
//!   file appeared or went; the stream ends when the server stops.
//!
//! No route returns a spec's text or any other file of the folder: only what yitu renders from them.

use std::collections::HashMap;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::Stream;
use tokio::sync::broadcast;

use super::confine::Root;
use super::limits::{self, Stopped};
use super::routes::{content_type, error, format, json};
use super::{job, Server};
use crate::render::Format;

const INDEX: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/style.css");

pub fn routes() -> Router<Arc<Server>> {
    Router::new()
        .route(
            "/",
            get(|| async { asset("text/html; charset=utf-8", INDEX) }),
        )
        .route(
            "/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", SCRIPT) }),
        )
        .route(
            "/style.css",
            get(|| async { asset("text/css; charset=utf-8", STYLE) }),
        )
        .route("/api/specs", get(specs))
        .route("/api/preview", get(preview))
        .route("/api/image", get(image))
        .route("/api/events", get(events))
}

fn asset(kind: &'static str, text: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        text,
    )
        .into_response()
}

/// The last good render of each spec in each format, and what the spec read.
#[derive(Default)]
pub struct Previews(Mutex<HashMap<(PathBuf, Format), Entry>>);

#[derive(Default)]
struct Entry {
    /// Counts the renders that made images; part of the images' URLs.
    generation: u64,
    images: Vec<(String, Arc<Vec<u8>>)>,
    /// Files the spec read at its last render and its font folders (canonical where they exist).
    reads: Vec<PathBuf>,
    /// Whether the last render failed: its reads may be incomplete, so any save renders it again.
    failed: bool,
}

impl Previews {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(PathBuf, Format), Entry>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether a save of `paths` (none: anything) may change the spec at `spec`.
    fn affected(&self, spec: &Path, paths: &[PathBuf]) -> bool {
        if paths.is_empty() || paths.iter().any(|p| p == spec) {
            return true;
        }
        let entries = self.lock();
        let mut known = entries.iter().filter(|((s, _), _)| s == spec).peekable();
        if known.peek().is_none() {
            return true;
        }
        // A read is a file, or a font folder whose files count.
        known.any(|(_, e)| {
            e.failed
                || paths
                    .iter()
                    .any(|p| e.reads.iter().any(|r| p.starts_with(r)))
        })
    }
}

/// The specs of the folder, relative to it, in the order `yitu render DIR` renders them.
fn listed(root: Root) -> Vec<PathBuf> {
    crate::batch::plan(&[root.path().to_path_buf()]).specs
}

/// The spec a request names, if it is one of the folder's; else why not.
fn spec_of(server: &Server, query: &HashMap<String, String>) -> Result<PathBuf, String> {
    let named = query.get("spec").map(String::as_str).unwrap_or_default();
    server
        .root
        .spec(named)
        .filter(|path| listed(server.root).contains(path))
        .ok_or_else(|| {
            format!(
                "spec: expected one of the specs of the folder (GET /api/specs), found {named:?}"
            )
        })
}

/// 404 with why.
fn not_found(message: String) -> Response {
    error(StatusCode::NOT_FOUND, "not_found", message)
}

async fn specs(State(server): State<Arc<Server>>) -> Response {
    let specs: Vec<String> = listed(server.root)
        .iter()
        .map(|s| server.root.relative(s))
        .collect();
    json(StatusCode::OK, serde_json::json!({ "specs": specs }))
}

async fn preview(
    State(server): State<Arc<Server>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let spec = match spec_of(&server, &query) {
        Ok(s) => s,
        Err(message) => return not_found(message),
    };
    let format = match format(&query) {
        Ok(f) => f,
        Err(message) => return error(StatusCode::BAD_REQUEST, "request", message),
    };
    let Some(slot) = server.slots.acquire().await else {
        return error(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "too many renders waiting",
        );
    };
    let path = spec.clone();
    let made = limits::isolated("preview", slot, server.budget, move || {
        job::preview(&path, format)
    })
    .await;
    let made = match made {
        Ok(m) => m,
        Err(stopped) => {
            let message = match stopped {
                Stopped::TimedOut => format!(
                    "not finished after {} s, the time a render may take (yitu serve --timeout)",
                    server.budget.as_secs_f64()
                ),
                Stopped::Crashed(m) => format!("yitu crashed on this spec ({m}); this is a bug in yitu: please report it with the spec"),
                Stopped::NoThread(m) => format!("no thread to render on: {m}"),
            };
            let problem = crate::diagnostics::Problem::whole_file("", message);
            job::Preview {
                outputs: Vec::new(),
                problems: Some(crate::diagnostics::SpecError::single(&spec, "", problem)),
                reads: vec![spec.clone()],
            }
        }
    };
    let rel = server.root.relative(&spec);
    let problems = made
        .problems
        .as_ref()
        .map(|e| server.root.problems(e))
        .unwrap_or_default();
    let mut entries = server.previews.lock();
    let entry = entries.entry((spec.clone(), format)).or_default();
    entry.reads = made
        .reads
        .iter()
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
        .collect();
    entry.failed = made.outputs.is_empty();
    let stale = made.outputs.is_empty() && !entry.images.is_empty();
    if !made.outputs.is_empty() {
        entry.generation += 1;
        entry.images = made
            .outputs
            .into_iter()
            .map(|o| {
                let name = o
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (name, Arc::new(o.bytes))
            })
            .collect();
    }
    let images: Vec<serde_json::Value> = entry
        .images
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            serde_json::json!({
                "name": name,
                "url": format!(
                    "/api/image?spec={}&format={}&i={i}&g={}",
                    encode(&rel),
                    format.name(),
                    entry.generation
                ),
            })
        })
        .collect();
    json(
        StatusCode::OK,
        serde_json::json!({
            "spec": rel,
            "format": format.name(),
            "generation": entry.generation,
            "images": images,
            "stale": stale,
            "problems": problems,
        }),
    )
}

/// `text` for a URL's query (letters, digits and `-_./~` as they are, the rest percent-encoded).
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_./~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn image(
    State(server): State<Arc<Server>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    // Only what a preview rendered is in memory: the spec need not be looked for in the folder.
    let named = query.get("spec").map(String::as_str).unwrap_or_default();
    let Some(spec) = server.root.spec(named) else {
        return error(StatusCode::NOT_FOUND, "not_found", "no such image");
    };
    let format = match format(&query) {
        Ok(f) => f,
        Err(message) => return error(StatusCode::BAD_REQUEST, "request", message),
    };
    let index: usize = query.get("i").and_then(|i| i.parse().ok()).unwrap_or(0);
    let bytes = server
        .previews
        .lock()
        .get(&(spec, format))
        .and_then(|e| e.images.get(index))
        .map(|(_, b)| Arc::clone(b));
    match bytes {
        Some(bytes) => (
            [
                (header::CONTENT_TYPE, content_type(format)),
                (header::CACHE_CONTROL, "private, max-age=3600"),
            ],
            bytes.as_ref().clone(),
        )
            .into_response(),
        None => error(
            StatusCode::NOT_FOUND,
            "not_found",
            "no such image: render the spec first (GET /api/preview)",
        ),
    }
}

async fn events(
    State(server): State<Arc<Server>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let spec = match spec_of(&server, &query) {
        Ok(s) => s,
        Err(message) => return not_found(message),
    };
    Sse::new(changes(server, spec))
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// `change` events for saves that may change `spec`, `specs` when a spec file appeared or went; ends
/// when the server stops.
fn changes(server: Arc<Server>, spec: PathBuf) -> impl Stream<Item = Result<Event, Infallible>> {
    let rx = server.changes.subscribe();
    let stopping = server.stopping.clone();
    futures_util::stream::unfold(
        (server, spec, rx, stopping),
        |(server, spec, mut rx, mut stopping)| async move {
            loop {
                if *stopping.borrow() {
                    return None;
                }
                let paths = tokio::select! {
                    _ = stopping.changed() => return None,
                    got = rx.recv() => match got {
                        Ok(paths) => paths,
                        Err(broadcast::error::RecvError::Lagged(_)) => Arc::new(Vec::new()),
                        Err(broadcast::error::RecvError::Closed) => return None,
                    },
                };
                let event = if server.previews.affected(&spec, &paths) {
                    Event::default()
                        .event("change")
                        .data(server.root.relative(&spec))
                } else if paths
                    .iter()
                    .any(|p| p.extension().is_some_and(|e| e == "toml"))
                {
                    Event::default().event("specs").data("")
                } else {
                    continue;
                };
                return Some((Ok(event), (server, spec, rx, stopping)));
            }
        },
    )
}

/// Watches the folder on a thread of its own and sends the files of each save to `changes`.
pub fn follow(root: Root, changes: broadcast::Sender<Arc<Vec<PathBuf>>>) {
    let spawned = std::thread::Builder::new()
        .name("yitu-serve-watch".into())
        .spawn(move || {
            // Nothing is written into the folder: no output folder to leave out.
            let ignored = root.path().join(".yitu-serve-writes-nothing");
            let result = crate::batch::watch::follow(root.path(), &ignored, |paths| {
                // No page open: nobody to tell.
                let _ = changes.send(Arc::new(paths));
                true
            });
            if let Err(e) = result {
                eprintln!("warning: the preview will not follow saves: {e}");
            }
        });
    if let Err(e) = spawned {
        eprintln!("warning: the preview will not follow saves: {e}");
    }
}
