//! The render API: `POST /render`, `GET /health`, `GET /metrics`. Every error is JSON:
//! `{"error": KIND, "message": …}`, and for a spec's problems `"problems": [{file, line, column, key,
//! message, help}, …]`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::job::{self, Answer, Posted};
use super::limits::{self, Stopped};
use super::metrics::ErrorKind;
use super::Server;
use crate::render::Format;

/// The parameters `POST /render` takes.
const PARAMS: [&str; 4] = ["format", "variant", "page", "name"];

/// A JSON error.
pub fn error(status: StatusCode, kind: &str, message: impl Into<String>) -> Response {
    json(
        status,
        serde_json::json!({ "error": kind, "message": message.into() }),
    )
}

pub fn json(status: StatusCode, value: serde_json::Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        value.to_string(),
    )
        .into_response()
}

/// The media type of a format.
pub fn content_type(format: Format) -> &'static str {
    match format {
        Format::Png => "image/png",
        Format::Svg => "image/svg+xml",
        Format::Pdf => "application/pdf",
        Format::Jpeg => "image/jpeg",
        Format::Webp => "image/webp",
        Format::Txt => "text/plain; charset=utf-8",
    }
}

/// `format=` as the CLI takes it; PNG when not given.
pub fn format(query: &HashMap<String, String>) -> Result<Format, String> {
    match query.get("format") {
        None => Ok(Format::Png),
        Some(f) => Format::parse(f).ok_or_else(|| {
            format!("format: expected png, svg, pdf, jpeg, webp or txt, found {f:?}")
        }),
    }
}

/// `POST /render?format=…&variant=…&page=…&name=…` with a TOML spec as the body.
pub async fn render(
    State(server): State<Arc<Server>>,
    query: Result<Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let start = Instant::now();
    let (response, outcome) = answer(&server, query, body).await;
    match outcome {
        Ok(format) => server.metrics.rendered(format),
        Err(kind) => server.metrics.error(kind),
    }
    server.metrics.took(start.elapsed());
    response
}

async fn answer(
    server: &Server,
    query: Result<Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> (Response, Result<Format, ErrorKind>) {
    let fail = |status, kind: ErrorKind, name: &str, message: String| {
        (error(status, name, message), Err(kind))
    };
    let body = match body {
        Ok(b) => b,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return fail(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorKind::TooLarge,
                "too_large",
                format!(
                    "expected a spec of at most {}, as a spec file may be",
                    crate::model::files::limit()
                ),
            )
        }
        Err(e) => {
            return fail(
                StatusCode::BAD_REQUEST,
                ErrorKind::Request,
                "request",
                e.body_text(),
            )
        }
    };
    let Ok(Query(query)) = query else {
        return fail(
            StatusCode::BAD_REQUEST,
            ErrorKind::Request,
            "request",
            "the query string cannot be read".into(),
        );
    };
    let posted = match parse(server, query, body) {
        Ok(p) => p,
        Err(message) => {
            return fail(
                StatusCode::BAD_REQUEST,
                ErrorKind::Request,
                "request",
                message,
            )
        }
    };
    let format = posted.format;
    let Some(slot) = server.slots.acquire().await else {
        let mut r = error(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            format!(
                "{} requests are waiting already: try again shortly",
                limits::QUEUE
            ),
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return (r, Err(ErrorKind::Busy));
    };
    let root = server.root;
    match limits::isolated("serve", slot, server.budget, move || job::posted(posted)).await {
        Ok(Answer::Image { bytes, pages }) => {
            let response = (
                StatusCode::OK,
                [
                    (header::CONTENT_TYPE, content_type(format).to_string()),
                    (
                        header::HeaderName::from_static("x-yitu-pages"),
                        pages.to_string(),
                    ),
                ],
                bytes,
            )
                .into_response();
            (response, Ok(format))
        }
        Ok(Answer::Invalid(e)) => {
            let response = json(
                StatusCode::BAD_REQUEST,
                serde_json::json!({
                    "error": "spec",
                    "message": format!("the spec has {} problem(s)", e.problems.len()),
                    "problems": root.problems(&e),
                }),
            );
            (response, Err(ErrorKind::Spec))
        }
        Ok(Answer::Pages { pages, asked }) => {
            let message = match asked {
                None => format!("the spec makes {pages} pages: ask for one with page=1 … page={pages}"),
                Some(k) => format!("page={k}: expected 1 … {pages}, the pages the spec makes"),
            };
            let response = json(
                StatusCode::UNPROCESSABLE_ENTITY,
                serde_json::json!({ "error": "pages", "message": message, "pages": pages }),
            );
            (response, Err(ErrorKind::Unprocessable))
        }
        Ok(Answer::Failed(message)) => fail(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorKind::Internal,
            "internal",
            root.scrub(&message),
        ),
        Err(Stopped::TimedOut) => fail(
            StatusCode::GATEWAY_TIMEOUT,
            ErrorKind::Timeout,
            "timeout",
            format!(
                "not finished after {} s, the time a render may take (yitu serve --timeout); given up on. Unless the spec is very large this is a bug in yitu: please report it with the spec",
                server.budget.as_secs_f64()
            ),
        ),
        Err(Stopped::Crashed(message)) => fail(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorKind::Internal,
            "crashed",
            format!("yitu crashed on this spec ({message}); this is a bug in yitu, not in the spec: please report it with the spec"),
        ),
        Err(Stopped::NoThread(message)) => fail(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorKind::Busy,
            "busy",
            format!("no thread to render on: {message}"),
        ),
    }
}

/// The request's parameters and body, checked.
fn parse(server: &Server, query: HashMap<String, String>, body: Bytes) -> Result<Posted, String> {
    let mut keys: Vec<&String> = query.keys().collect();
    keys.sort();
    if let Some(unknown) = keys.iter().find(|k| !PARAMS.contains(&k.as_str())) {
        let hint = crate::diagnostics::did_you_mean(unknown, PARAMS.iter())
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        return Err(format!(
            "{unknown}: expected a parameter of /render ({}), found {unknown:?}{hint}",
            PARAMS.join(", ")
        ));
    }
    let format = format(&query)?;
    let variant = match query.get("variant") {
        None => None,
        Some(v) => Some(crate::model::preset::preset(v).ok_or_else(|| {
            let hint = crate::diagnostics::did_you_mean(v, crate::model::preset::names().iter())
                .map(|s| format!(" ({s})"))
                .unwrap_or_default();
            format!(
                "variant: expected a size preset (`yitu presets` lists them), found {v:?}{hint}"
            )
        })?),
    };
    let page = match query.get("page") {
        None => None,
        Some(p) => Some(
            p.parse::<usize>()
                .ok()
                .filter(|k| *k >= 1)
                .ok_or_else(|| format!("page: expected a page number from 1, found {p:?}"))?,
        ),
    };
    let name = match query.get("name") {
        None => "request",
        Some(n) => super::confine::spec_name(n).ok_or_else(|| {
            format!("name: expected a name of letters, digits, - and _ (at most 64), found {n:?}")
        })?,
    };
    let source = String::from_utf8(body.to_vec()).map_err(|e| {
        format!(
            "the body: expected a TOML spec in UTF-8, found bytes that are not UTF-8 at byte {}",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(Posted {
        source,
        path: server.root.posted(name),
        format,
        variant,
        page,
    })
}

/// `GET /health`: 200 while the server takes requests, 503 once it is shutting down.
pub async fn health(State(server): State<Arc<Server>>) -> Response {
    if *server.stopping.borrow() {
        return error(StatusCode::SERVICE_UNAVAILABLE, "stopping", "shutting down");
    }
    json(
        StatusCode::OK,
        serde_json::json!({
            "status": "ok",
            "version": env!("CARGO_PKG_VERSION"),
            "slots": server.slots.count(),
            "running": server.slots.busy(),
            "waiting": server.slots.waiting(),
        }),
    )
}

/// `GET /metrics`.
pub async fn metrics(State(server): State<Arc<Server>>) -> Response {
    let text = server.metrics.text(
        server.slots.busy(),
        server.slots.count(),
        server.slots.waiting(),
    );
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}
