//! `yitu serve [DIR]`: the render API and the live preview page over HTTP (axum on tokio).
//!
//! - `routes`: `POST /render` (a TOML spec → the image, or its problems as JSON), `GET /health`,
//!   `GET /metrics`.
//! - `preview`: the page at `/` (its HTML, CSS and JavaScript embedded from `assets/`), the specs of
//!   the folder, their renders, and a server-sent event on every save of a spec or a file it reads.
//! - `limits`: the body limit, the bounded queue in front of one render slot per core, the time
//!   budget (each render on a thread of its own, [`crate::batch::isolate`]).
//! - `metrics`: counters and the latency histogram, in Prometheus' text format.
//! - `confine`: the served folder, to which the process is confined (every file a spec reads must be
//!   inside it: `model::files::confine`), and names and paths in what the server says.
//! - `job`: the renders themselves, synchronous.
//!
//! The server keeps no state a request depends on (the preview's last good renders are a cache of what
//! the folder's files make): any instance renders any request, so instances scale out behind a load
//! balancer. SIGTERM or Ctrl-C stops taking connections, ends the preview's event streams and finishes
//! the requests in flight before the process exits.

mod confine;
mod job;
mod limits;
mod metrics;
mod preview;
mod routes;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use tokio::sync::{broadcast, watch};

pub use limits::{BODY_BYTES, QUEUE, RENDER_SECONDS};

/// How to serve.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder whose specs the page shows and inside which every file a spec names must be.
    pub dir: PathBuf,
    /// The address to listen on (`127.0.0.1` unless given).
    pub bind: IpAddr,
    /// 0: any free port (printed on start).
    pub port: u16,
    /// The time one render may take.
    pub budget: Duration,
    /// Renders at once; `None`: one per core.
    pub jobs: Option<usize>,
}

/// What every request shares.
pub(crate) struct Server {
    root: confine::Root,
    budget: Duration,
    slots: limits::Slots,
    metrics: metrics::Metrics,
    previews: preview::Previews,
    /// The files of each save in the folder (none: anything may have changed).
    changes: broadcast::Sender<Arc<Vec<PathBuf>>>,
    /// Turns true when the server starts shutting down.
    stopping: watch::Receiver<bool>,
}

/// Why the server could not run.
#[derive(Debug)]
pub enum ServeError {
    /// The folder or the address given is not usable: the user's to fix (exit code 2).
    Input(String),
    /// Anything else (the runtime could not start, the server failed): exit code 1.
    Other(String),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Input(m) | ServeError::Other(m) => f.write_str(m),
        }
    }
}

/// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight and returns. Prints the address
/// (`yitu serve: http://127.0.0.1:PORT/ …`) on standard output once it listens.
pub fn run(config: Config) -> Result<(), ServeError> {
    let root = confine::Root::confine(&config.dir).map_err(ServeError::Input)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("yitu-serve")
        .build()
        .map_err(|e| ServeError::Other(format!("cannot start the server's runtime: {e}")))?;
    runtime.block_on(serve(config, root))
}

async fn serve(config: Config, root: confine::Root) -> Result<(), ServeError> {
    let address = SocketAddr::new(config.bind, config.port);
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|e| ServeError::Input(format!("cannot listen on {address}: {e}")))?;
    let address = listener
        .local_addr()
        .map_err(|e| ServeError::Other(e.to_string()))?;
    let (stop, stopping) = watch::channel(false);
    let (changes, _) = broadcast::channel(64);
    let jobs = config.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let server = Arc::new(Server {
        root,
        budget: config.budget,
        slots: limits::Slots::new(jobs),
        metrics: metrics::Metrics::default(),
        previews: preview::Previews::default(),
        changes: changes.clone(),
        stopping,
    });
    preview::follow(root, changes);
    let app = Router::new()
        .route("/render", post(routes::render))
        .route("/health", get(routes::health))
        .route("/metrics", get(routes::metrics))
        .merge(preview::routes())
        .fallback(|| async {
            routes::error(
                StatusCode::NOT_FOUND,
                "not_found",
                "no such route: POST /render, GET /health, GET /metrics, or the preview page at /",
            )
        })
        .layer(DefaultBodyLimit::max(limits::BODY_BYTES))
        .with_state(server);
    println!(
        "yitu serve: http://{address}/ serving {} ({jobs} renders at once); Ctrl-C stops",
        config.dir.display()
    );
    let _ = std::io::stdout().flush();
    let shutdown = async move {
        signal().await;
        eprintln!("yitu serve: stopping, finishing the requests in flight");
        let _ = stop.send(true);
    };
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| ServeError::Other(format!("the server failed: {e}")))?;
    eprintln!("yitu serve: stopped");
    Ok(())
}

/// Ctrl-C, or SIGTERM (how Kubernetes, Docker and systemd stop a process).
async fn signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
