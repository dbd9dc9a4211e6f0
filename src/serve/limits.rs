//! What one request may take: the body's size, a place in the queue, a render slot, and time.
//!
//! Renders run in parallel up to the number of slots (one per core by default: rendering is CPU-bound,
//! so more at once only makes each slower), and wait in a bounded queue beyond that; past the queue the
//! answer is 503 at once, with `Retry-After`, so a flood costs the server nothing but the refusals. Each
//! render runs on a thread of its own ([`crate::batch::isolate::spawn`]) within the time budget: past it
//! the request is answered (504) at once. The thread cannot be killed, so it keeps its slot until it
//! ends; the model's limits (`model::limits`: page size, pixels, items, file sizes) are what bound a
//! render's time and memory in the first place, the budget is the last line behind them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::batch::isolate::{self, Ending};

/// The largest request body: a spec may be no larger as a file either (`model::limits::FILE_BYTES`).
pub const BODY_BYTES: usize = crate::model::limits::FILE_BYTES as usize;

/// Requests waiting for a render slot beyond which new ones are refused (503).
pub const QUEUE: usize = 256;

/// The default time budget of one request's render, in seconds (`yitu serve --timeout`).
pub const RENDER_SECONDS: u64 = 20;

/// Render slots and the queue in front of them.
pub struct Slots {
    slots: Arc<Semaphore>,
    count: usize,
    waiting: AtomicUsize,
}

impl Slots {
    pub fn new(count: usize) -> Slots {
        let count = count.max(1);
        Slots {
            slots: Arc::new(Semaphore::new(count)),
            count,
            waiting: AtomicUsize::new(0),
        }
    }

    /// A render slot, once one is free; `None` at once when [`QUEUE`] requests are waiting already.
    pub async fn acquire(&self) -> Option<OwnedSemaphorePermit> {
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= QUEUE {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        let permit = Arc::clone(&self.slots).acquire_owned().await.ok();
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        permit
    }

    /// Requests waiting for a slot.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::SeqCst)
    }

    /// Slots rendering now (runaway renders past their budget included).
    pub fn busy(&self) -> usize {
        self.count - self.slots.available_permits()
    }

    pub fn count(&self) -> usize {
        self.count
    }
}

/// Why a render gave no answer.
#[derive(Debug)]
pub enum Stopped {
    /// Past the time budget: given up on.
    TimedOut,
    /// yitu panicked: a bug, with its message and place.
    Crashed(String),
    /// No thread could be started.
    NoThread(String),
}

/// Runs `job` on a thread of its own holding `slot` until it ends, and waits for it at most `budget`.
pub async fn isolated<T: Send + 'static>(
    name: &str,
    slot: OwnedSemaphorePermit,
    budget: Duration,
    job: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Stopped> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let spawned = isolate::spawn(
        name,
        move || {
            let value = job();
            drop(slot);
            value
        },
        move |ending| {
            // Nobody waits any more for a render given up on.
            let _ = tx.send(ending);
        },
    );
    if let Err(e) = spawned {
        return Err(Stopped::NoThread(e.to_string()));
    }
    match tokio::time::timeout(budget, rx).await {
        Err(_) => Err(Stopped::TimedOut),
        Ok(Ok(Ending::Finished(value))) => Ok(value),
        Ok(Ok(Ending::Panicked(message))) => Err(Stopped::Crashed(message)),
        Ok(Ok(Ending::TimedOut)) => Err(Stopped::TimedOut),
        Ok(Err(_)) => Err(Stopped::Crashed(
            "the render thread ended without an answer".into(),
        )),
    }
}
