//! Isolation: every spec of a batch renders on a thread of its own, so one that panics or runs past its
//! time budget is reported as failed and every other spec still renders.
//!
//! A thread cannot be killed. A job past its budget is given up on instead: its slot goes to the next
//! job, its result is ignored if it ever comes, and its [`Gate`] is closed so it can never write a file
//! after it was reported as failed. (The process ends when the batch does; `yitu watch` lives on with the
//! runaway thread, which is why the time budget is a last line of defence behind the model's limits.)

use std::any::Any;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Stack of a job's thread: as much as the main thread gets, for deep SVG trees and recursion in
/// dependencies.
const STACK_BYTES: usize = 8 * 1024 * 1024;

/// How a job ended.
#[derive(Debug)]
pub enum Ending<T> {
    /// The job finished with its value.
    Finished(T),
    /// The job panicked: the panic's message and, when [`capture_panics`] is on, where.
    Panicked(String),
    /// The job ran past the budget and was given up on; it writes nothing from then on.
    TimedOut,
}

/// What the feeder of [`run_fed`] says of each job as it finds out.
pub struct Feed<T>(mpsc::Sender<Event<T>>);

impl<T> Feed<T> {
    /// Job `i` is to run, on a thread of its own.
    pub fn run(&self, i: usize) {
        // The batch waits for the feeder to end: it is there to listen.
        let _ = self.0.send(Event::Run(i));
    }

    /// Job `i` needs no thread: the feeder found how it ends, `value`.
    pub fn settled(&self, i: usize, value: T) {
        let _ = self.0.send(Event::Settled(i, value));
    }
}

enum Event<T> {
    Run(usize),
    Settled(usize, T),
    Ended(usize, Ending<T>),
    /// The feeder has said all it will.
    Fed,
}

/// Runs the jobs `feed` says are to run, `job(i, gate)` for each `i`, at most `threads` at a time, each
/// on its own thread and within `budget`; `done(i, ending)` is called on this thread as each ends, in
/// the order they end (a job `feed` settled itself, with its value). `feed` runs on a thread of its own
/// meanwhile, and each job starts as soon as a thread is free — before `feed` has looked at every job. (A batch
/// whose one changed spec is found first starts rendering it while it checks the other specs' records.)
/// A panic in `feed` is raised again here once the jobs it started have ended.
pub fn run_fed<T, F>(
    threads: usize,
    budget: Duration,
    feed: impl FnOnce(&Feed<T>) + Send,
    job: F,
    mut done: impl FnMut(usize, Ending<T>),
) where
    T: Send + 'static,
    F: Fn(usize, &Gate) -> T + Send + Sync + 'static,
{
    let job = Arc::new(job);
    let (tx, rx) = mpsc::channel::<Event<T>>();
    std::thread::scope(|scope| {
        let feeder = Feed(tx.clone());
        let fed = tx.clone();
        scope.spawn(move || {
            let feeding = panic::catch_unwind(AssertUnwindSafe(|| feed(&feeder)));
            let _ = fed.send(Event::Fed);
            if let Err(payload) = feeding {
                panic::resume_unwind(payload);
            }
        });
        let mut waiting: VecDeque<usize> = VecDeque::new();
        let mut all_fed = false;
        let mut running: Vec<Running> = Vec::new();
        loop {
            while running.len() < threads.max(1) {
                let Some(i) = waiting.pop_front() else { break };
                let gate = Gate::default();
                let (thread_job, tx, thread_gate) = (Arc::clone(&job), tx.clone(), gate.clone());
                let body = move || {
                    let ending = guarded(|| thread_job(i, &thread_gate));
                    // The batch may have given up on this job and gone: nobody to tell.
                    let _ = tx.send(Event::Ended(i, ending));
                };
                let spawned = std::thread::Builder::new()
                    .name(format!("yitu-job-{i}"))
                    .stack_size(STACK_BYTES)
                    .spawn(body);
                if spawned.is_err() {
                    // No thread to be had (a process limit): run it here, still guarded against panics.
                    done(i, guarded(|| job(i, &gate)));
                } else {
                    running.push(Running {
                        index: i,
                        deadline: Instant::now() + budget,
                        gate,
                    });
                }
            }
            if all_fed && running.is_empty() && waiting.is_empty() {
                break;
            }
            let event = match running.iter().map(|r| r.deadline).min() {
                Some(earliest) => {
                    rx.recv_timeout(earliest.saturating_duration_since(Instant::now()))
                }
                // Nothing running to time: wait for the feeder, which always says `Fed` in the end.
                None => rx.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected),
            };
            match event {
                Ok(Event::Run(i)) => waiting.push_back(i),
                Ok(Event::Fed) => all_fed = true,
                Ok(Event::Ended(i, ending)) => {
                    // A job given up on may still finish: its result no longer counts.
                    if let Some(at) = running.iter().position(|r| r.index == i) {
                        running.swap_remove(at);
                        done(i, ending);
                    }
                }
                Ok(Event::Settled(i, value)) => done(i, Ending::Finished(value)),
                Err(_) => {
                    let now = Instant::now();
                    let mut at = 0;
                    while at < running.len() {
                        let r = &running[at];
                        // A job that is writing its files already is left to finish them.
                        if r.deadline <= now && r.gate.close() {
                            let i = r.index;
                            running.swap_remove(at);
                            done(i, Ending::TimedOut);
                        } else {
                            at += 1;
                        }
                    }
                }
            }
        }
    });
}

/// Runs `job` on a thread of its own, as [`run_fed`] runs a batch's (named like them, so a panic's place
/// is kept by [`capture_panics`]), and calls `done` on that thread with how it ended: for callers that
/// keep their own time (`yitu serve` gives up on a request past its budget and answers at once; the
/// thread, which cannot be killed, runs on and its ending goes nowhere). Fails only when no thread can
/// be had.
pub fn spawn<T, F, D>(name: &str, job: F, done: D) -> std::io::Result<()>
where
    F: FnOnce() -> T + Send + 'static,
    D: FnOnce(Ending<T>) + Send + 'static,
{
    std::thread::Builder::new()
        .name(format!("yitu-job-{name}"))
        .stack_size(STACK_BYTES)
        .spawn(move || done(guarded(job)))
        .map(drop)
}

struct Running {
    index: usize,
    deadline: Instant,
    gate: Gate,
}

/// Runs `f`, turning a panic into [`Ending::Panicked`].
fn guarded<T>(f: impl FnOnce() -> T) -> Ending<T> {
    match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(value) => Ending::Finished(value),
        Err(payload) => Ending::Panicked(panic_message(payload)),
    }
}

/// Whether a job may still write: the batch closes the gate when it gives up on the job, and a job holds
/// it open while it writes, so a job is either reported as timed out or writes, never both.
#[derive(Clone, Default)]
pub struct Gate(Arc<Mutex<GateState>>);

#[derive(Default)]
struct GateState {
    closed: bool,
    entered: bool,
}

/// Held while a job writes its files.
pub struct Writing<'a>(#[allow(dead_code)] MutexGuard<'a, GateState>);

impl Gate {
    /// Enters the writing stage, or `None` when the batch has given up on the job. Hold the guard until
    /// every file is written.
    pub fn enter(&self) -> Option<Writing<'_>> {
        let mut state = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if state.closed {
            return None;
        }
        state.entered = true;
        Some(Writing(state))
    }

    /// Closes the gate unless the job has started writing (then it is left to finish). Waits while the
    /// job writes.
    fn close(&self) -> bool {
        let mut state = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if state.entered {
            return false;
        }
        state.closed = true;
        true
    }
}

thread_local! {
    /// Where the last panic on this thread happened, kept by the hook [`capture_panics`] installs.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs a panic hook that keeps a panic's message and place for the batch's report instead of
/// printing them (a binary's choice, so the library never changes the hook by itself). Panics outside
/// batch jobs are printed as usual.
pub fn capture_panics() {
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        let in_job = std::thread::current()
            .name()
            .is_some_and(|n| n.starts_with("yitu-job-"));
        if !in_job {
            return default(info);
        }
        let place = info
            .location()
            .map(|l| format!(" at {}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_default();
        let message = payload_text(info.payload());
        let function = innermost_yitu_function()
            .map(|f| format!(" in {f}"))
            .unwrap_or_default();
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{message}{place}{function}")));
    }));
}

/// The innermost function of yitu's own on the stack (a panic inside the standard library or a
/// dependency is reported at its own place, which does not say which of yitu's stages called it).
fn innermost_yitu_function() -> Option<String> {
    let trace = std::backtrace::Backtrace::force_capture().to_string();
    trace
        .lines()
        .filter_map(|line| line.trim().split_once(": ").map(|(_, f)| f))
        .find(|f| f.starts_with("yitu::") && !f.starts_with("yitu::batch::isolate"))
        .map(|f| f.rsplit_once("::h").map_or(f, |(name, _)| name).to_string())
}

/// The panic's message, with its place when the hook kept it.
fn panic_message(payload: Box<dyn Any + Send>) -> String {
    LAST_PANIC
        .with(|p| p.borrow_mut().take())
        .unwrap_or_else(|| payload_text(payload.as_ref()))
}

fn payload_text(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

/// Test builds only (debug assertions): `YITU_INJECT_FAULT="panic:a.toml,hang:b.toml"` makes the spec of
/// that file name panic or never end, so the isolation can be tested through the binary now that no spec
/// is known to do either.
#[cfg(debug_assertions)]
pub fn inject_fault(spec: &std::path::Path) {
    let name = spec.file_name().unwrap_or_default().to_string_lossy();
    match injected(spec).as_deref() {
        Some("panic") => panic!("injected panic for {name}"),
        Some("hang") => loop {
            std::thread::sleep(Duration::from_secs(1));
        },
        _ => {}
    }
}

/// Test builds only: with `YITU_INJECT_FAULT="load:a.toml"`, the spec of that file name panics when it
/// is loaded, so that a test can tell a spec settled from its record alone from one loaded to know.
#[cfg(debug_assertions)]
pub fn inject_load_fault(spec: &std::path::Path) {
    if injected(spec).as_deref() == Some("load") {
        panic!("injected panic on loading {}", spec.display());
    }
}

/// The fault `YITU_INJECT_FAULT` injects into the spec at `spec` (`panic`, `hang`, `load`), by its file
/// name.
#[cfg(debug_assertions)]
pub fn injected(spec: &std::path::Path) -> Option<String> {
    let faults = std::env::var("YITU_INJECT_FAULT").ok()?;
    let name = spec.file_name()?.to_string_lossy();
    (faults.split(','))
        .filter_map(|f| f.split_once(':'))
        .find(|(_, file)| *file == name)
        .map(|(kind, _)| kind.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs jobs that finish (writing), panic, or outlast the budget (and then try to write), and says
    /// how each ended and whether any late job got to write.
    fn endings(count: usize, threads: usize, budget_ms: u64) -> (Vec<String>, bool) {
        use std::sync::atomic::{AtomicBool, Ordering};
        let late_write = Arc::new(AtomicBool::new(false));
        let late = Arc::clone(&late_write);
        let mut out = vec![String::new(); count];
        run_fed(
            threads,
            Duration::from_millis(budget_ms),
            |feed| (0..count).for_each(|i| feed.run(i)),
            move |i, gate| match i % 3 {
                1 => panic!("job {i} panics"),
                2 => {
                    std::thread::sleep(Duration::from_millis(2 * budget_ms));
                    if gate.enter().is_some() {
                        late.store(true, Ordering::SeqCst);
                    }
                    i * 10
                }
                _ => {
                    let _writing = gate.enter().expect("open while waited for");
                    i * 10
                }
            },
            |i, ending| {
                out[i] = match ending {
                    Ending::Finished(v) => format!("ok {v}"),
                    Ending::Panicked(m) => format!("panicked: {m}"),
                    Ending::TimedOut => "timed out".into(),
                }
            },
        );
        // Let the jobs given up on wake and try.
        std::thread::sleep(Duration::from_millis(2 * budget_ms));
        (out, late_write.load(Ordering::SeqCst))
    }

    #[test]
    fn panics_and_hangs_fail_alone_and_the_others_finish() {
        // Two threads and two hanging jobs: the slots of jobs given up on go to the next ones. (The budget
        // leaves room for a panic's backtrace to be printed, which takes seconds in a test build on a
        // loaded two-core machine: with 1 s, a job that finishes at once was seen given up on.)
        let (out, late_write) = endings(9, 2, 3000);
        assert!(!late_write, "a job given up on got to write");
        for (i, e) in out.iter().enumerate() {
            match i % 3 {
                0 => assert_eq!(*e, format!("ok {}", i * 10)),
                1 => assert!(
                    e.starts_with("panicked: job") && e.contains("panics"),
                    "{e}"
                ),
                _ => assert_eq!(e, "timed out"),
            }
        }
    }

    #[test]
    fn a_fed_job_starts_before_the_feeder_is_done_and_settled_ones_pass_through() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let started = Arc::new(AtomicBool::new(false));
        let seen = Arc::clone(&started);
        let mut out = vec![String::new(); 4];
        run_fed(
            2,
            Duration::from_secs(30),
            |feed| {
                feed.run(1);
                // The feeder goes on only once job 1 runs: it must not wait for the feeder.
                let waited = Instant::now();
                while !seen.load(Ordering::SeqCst) {
                    assert!(
                        waited.elapsed() < Duration::from_secs(20),
                        "job 1 never started"
                    );
                    std::thread::sleep(Duration::from_millis(1));
                }
                feed.settled(0, 0);
                feed.settled(2, 20);
                feed.run(3);
            },
            move |i, _| {
                started.store(true, Ordering::SeqCst);
                i * 10 + 1
            },
            |i, ending| {
                out[i] = match ending {
                    Ending::Finished(v) => format!("ok {v}"),
                    _ => "failed".into(),
                }
            },
        );
        assert_eq!(out, ["ok 0", "ok 11", "ok 20", "ok 31"]);
    }

    #[test]
    fn a_job_writing_is_not_given_up_on() {
        let mut got = None;
        run_fed(
            1,
            Duration::from_millis(50),
            |feed| feed.run(0),
            |_, gate| {
                let _writing = gate.enter().expect("open");
                // Writing takes longer than the budget: the batch waits for it.
                std::thread::sleep(Duration::from_millis(200));
                7
            },
            |_, ending| got = Some(matches!(ending, Ending::Finished(7))),
        );
        assert_eq!(got, Some(true));
    }
}
