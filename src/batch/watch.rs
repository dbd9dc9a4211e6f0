//! `yitu watch`: render, then render again whenever something the inputs cover is saved.
//!
//! Every save starts a whole incremental batch: the inputs are planned again (a new spec in a watched
//! folder is picked up) and each spec's record decides what is rendered, so a data file's edit renders
//! exactly the specs that read it, and nothing else needs tracking here. A batch of 200 current cards
//! reads only their records and a few file times (see [`super::stamp`]), and it starts 3 ms after the save
//! is complete (the file closed after writing, or renamed into place), so a saved card's PNG is written
//! some 30–40 ms after the save.
//!
//! Watched: folders named on the command line (recursively), the folder of each spec file named, the
//! fixed part of each pattern (recursively), and the folder of every file a spec read. Only events on a
//! `.toml` file (a spec, a theme, a figure file) or on a file a spec read count: a log written into a
//! watched folder, the output folder (our own writes), hidden files (editors' swap files, our temporary
//! files) and backup files (`name~`) are ignored. An invalid save fails that spec alone and leaves its last good
//! outputs in place (writes are all or nothing); the next valid save renders it.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
use notify::{Event, EventKind, RecursiveMode, Watcher};

use super::report::Reporter;
use crate::render::Options;

/// Once every file written is complete (closed after writing, renamed into place or removed), how long to
/// wait for the rest of the save: the other files of a "save all", an editor's attribute change.
const SETTLE: Duration = Duration::from_millis(3);
/// While a file written is not known to be complete (still open, or a platform that does not say when a
/// file is closed), how long to wait for quiet before rendering.
const QUIET: Duration = Duration::from_millis(30);
/// Render after this long even if events keep coming.
const MAX_WAIT: Duration = Duration::from_millis(300);

/// Renders `inputs`, then again on every relevant change, until the process is stopped. Returns only when
/// the file-system watch fails.
pub fn watch(inputs: &[PathBuf], options: &Options, force: bool) -> notify::Result<()> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)?;
    let mut watched = Vec::new();
    let mut roots = roots(inputs);
    // Recursive ones first, so that folders inside them are not watched twice.
    roots.sort_by_key(|(_, mode)| *mode != RecursiveMode::Recursive);
    for (path, mode) in roots {
        add(&mut watcher, &mut watched, path, mode)?;
    }
    let _ = std::fs::create_dir_all(&options.out_dir);
    let out_dir = absolute(&options.out_dir);

    let mut force = force;
    let mut first = true;
    loop {
        let batch = super::render_all(inputs, options, force, None, |_| Reporter::watching());
        force = false;
        let read: HashSet<PathBuf> = (batch.outcomes.iter())
            .flat_map(|o| &o.dependencies)
            .map(|d| absolute(d))
            .collect();
        for dependency in batch.outcomes.iter().flat_map(|o| &o.dependencies) {
            if let Some(dir) = dependency.parent() {
                // A folder that cannot be watched only means its files' edits go unseen.
                let _ = add(
                    &mut watcher,
                    &mut watched,
                    folder(dir),
                    RecursiveMode::NonRecursive,
                );
            }
        }
        if first {
            eprintln!("watching for changes (Ctrl-C stops)");
            first = false;
        }
        // Only a `.toml` file (a spec, a theme, a figure file) or a file a spec read.
        let input = |p: &Path| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
                || read.contains(&absolute(p))
        };
        wait(&rx, &out_dir, &input)?;
    }
}

/// Watches the folder `dir` and everything below it, and calls `changed` with the files of each save
/// (the events of a burst, waited out as `yitu watch` waits: an editor's save is several events; hidden
/// and backup files and those in `ignored` left out), until `changed` returns false. An empty list means
/// events were lost and anything may have changed. Returns when the watch fails.
pub fn follow(
    dir: &Path,
    ignored: &Path,
    mut changed: impl FnMut(Vec<PathBuf>) -> bool,
) -> notify::Result<()> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)?;
    watcher.watch(dir, RecursiveMode::Recursive)?;
    loop {
        if !changed(wait(&rx, ignored, &|_| true)?) {
            return Ok(());
        }
    }
}

/// Blocks until a relevant change, then until the save is complete and things are quiet; gives the
/// relevant paths changed, or none when events were lost.
fn wait(
    rx: &Receiver<notify::Result<Event>>,
    out_dir: &Path,
    input: &dyn Fn(&Path) -> bool,
) -> notify::Result<Vec<PathBuf>> {
    let stopped = || notify::Error::generic("the file-system watch stopped");
    let mut save = Save::default();
    while !save.note(rx.recv().map_err(|_| stopped())?, out_dir, input) {}
    let start = Instant::now();
    while start.elapsed() < MAX_WAIT {
        let quiet = if save.complete() { SETTLE } else { QUIET };
        match rx.recv_timeout(quiet) {
            Ok(event) => {
                save.note(event, out_dir, input);
            }
            Err(mpsc::RecvTimeoutError::Timeout) => break,
            Err(mpsc::RecvTimeoutError::Disconnected) => return Err(stopped()),
        }
    }
    let mut paths = save.paths;
    if save.lost {
        paths.clear();
    }
    paths.sort();
    paths.dedup();
    Ok(paths)
}

/// The events of one save, as far as they came.
#[derive(Default)]
struct Save {
    /// The relevant paths changed.
    paths: Vec<PathBuf>,
    /// Relevant files being written: modified or created, not yet closed, renamed into place or removed.
    open: HashSet<PathBuf>,
    /// An event that says nothing of completion (some platforms' only kind): wait for quiet.
    unsure: bool,
    /// Events were lost (a queue overflow): anything may have changed.
    lost: bool,
}

impl Save {
    /// Notes `event`; whether it was relevant.
    fn note(
        &mut self,
        event: notify::Result<Event>,
        out_dir: &Path,
        input: &dyn Fn(&Path) -> bool,
    ) -> bool {
        let event = match event {
            Ok(event) if relevant(&event, out_dir, input) => event,
            Ok(_) => return false,
            Err(e) => {
                eprintln!("{} {e}", super::report::warning_label());
                self.lost = true;
                return true;
            }
        };
        let paths = (event.paths.iter()).filter(|p| input_name(p, out_dir) && input(p));
        for path in paths {
            match event.kind {
                // Written into: complete once closed (or renamed away).
                EventKind::Create(CreateKind::File) | EventKind::Modify(ModifyKind::Data(_)) => {
                    self.open.insert(path.clone());
                }
                // Closed after writing, renamed into place or away, removed: complete.
                EventKind::Access(AccessKind::Close(AccessMode::Write))
                | EventKind::Modify(ModifyKind::Name(_))
                | EventKind::Remove(_) => {
                    self.open.remove(path);
                }
                _ => self.unsure = true,
            }
            self.paths.push(path.clone());
        }
        true
    }

    /// Whether every file written is known to be complete.
    fn complete(&self) -> bool {
        self.open.is_empty() && !self.unsure && !self.lost
    }
}

/// A change to a file that could be an input (`input` says which: for `yitu watch` a `.toml` file or a
/// file a spec read) — not an access but a close after writing, not only attributes, and not in the
/// output folder, on a hidden file or on a backup file.
fn relevant(event: &Event, out_dir: &Path, input: &dyn Fn(&Path) -> bool) -> bool {
    let kind = match event.kind {
        EventKind::Any | EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(m) => !matches!(m, ModifyKind::Metadata(_)),
        EventKind::Access(a) => a == AccessKind::Close(AccessMode::Write),
        EventKind::Other => false,
    };
    kind && (event.paths.iter()).any(|p| input_name(p, out_dir) && input(p))
}

/// A path that could be an input: not in the output folder, not a hidden or a backup file.
fn input_name(p: &Path, out_dir: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    !p.starts_with(out_dir) && !name.starts_with('.') && !name.ends_with('~')
}

/// What to watch for each input.
fn roots(inputs: &[PathBuf]) -> Vec<(PathBuf, RecursiveMode)> {
    inputs
        .iter()
        .map(|input| {
            if input.is_dir() {
                (input.clone(), RecursiveMode::Recursive)
            } else if !input.exists() && super::plan::is_pattern(input) {
                let fixed: PathBuf = input
                    .components()
                    .take_while(|c| match c {
                        Component::Normal(n) => !super::plan::is_pattern(Path::new(n)),
                        _ => true,
                    })
                    .collect();
                (existing(&fixed), RecursiveMode::Recursive)
            } else {
                // A file, or one that is not there yet: its folder, so that a save by rename is seen.
                let dir = input.parent().map(folder).unwrap_or_else(|| ".".into());
                (existing(&dir), RecursiveMode::NonRecursive)
            }
        })
        .collect()
}

/// `""` (the parent of a bare file name) is the current folder.
fn folder(dir: &Path) -> PathBuf {
    if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir.to_path_buf()
    }
}

/// `dir`, or its nearest ancestor that exists.
fn existing(dir: &Path) -> PathBuf {
    let mut dir = folder(dir);
    while !dir.exists() {
        match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => dir = p.to_path_buf(),
            _ => return PathBuf::from("."),
        }
    }
    dir
}

/// The canonical path when there is one (event paths are canonical), else the path joined to the
/// current folder.
fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    })
}

fn add(
    watcher: &mut impl Watcher,
    watched: &mut Vec<(PathBuf, RecursiveMode)>,
    path: PathBuf,
    mode: RecursiveMode,
) -> notify::Result<()> {
    let path = absolute(&path);
    // A folder inside a recursive watch is covered already (and watching it again could change how
    // the back end watches it).
    let covered = watched
        .iter()
        .any(|(w, m)| *w == path || (*m == RecursiveMode::Recursive && path.starts_with(w)));
    if !covered {
        watcher.watch(&path, mode)?;
        watched.push((path, mode));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{DataChange, RenameMode};

    fn event(kind: EventKind, paths: &[&str]) -> notify::Result<Event> {
        let mut event = Event::new(kind);
        for p in paths {
            event = event.add_path(PathBuf::from(p));
        }
        Ok(event)
    }

    fn toml(p: &Path) -> bool {
        p.extension().is_some_and(|e| e == "toml")
    }

    const OUT: &str = "/w/out";

    #[test]
    fn a_save_by_rename_is_complete_at_once() {
        let mut save = Save::default();
        let out = Path::new(OUT);
        // The editor's hidden temporary file is no input: its events do not count.
        assert!(!save.note(
            event(EventKind::Create(CreateKind::File), &["/w/.card.toml.swp"]),
            out,
            &toml
        ));
        assert!(save.note(
            event(
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &["/w/.card.toml.swp", "/w/card.toml"]
            ),
            out,
            &toml
        ));
        assert!(save.complete());
        assert_eq!(save.paths, [PathBuf::from("/w/card.toml")]);
    }

    #[test]
    fn a_file_written_in_place_is_complete_when_closed() {
        let mut save = Save::default();
        let out = Path::new(OUT);
        let data = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        assert!(save.note(event(data, &["/w/data/figures.toml"]), out, &toml));
        assert!(!save.complete(), "still being written");
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        assert!(save.note(event(closed, &["/w/data/figures.toml"]), out, &toml));
        assert!(save.complete());
        // Our own outputs and what is no input never start a batch.
        assert!(!save.note(event(data, &["/w/out/card.toml"]), out, &toml));
        assert!(!save.note(event(data, &["/w/notes.txt"]), out, &toml));
        let opened = EventKind::Access(AccessKind::Close(AccessMode::Read));
        assert!(!save.note(event(opened, &["/w/card.toml"]), out, &toml));
    }

    #[test]
    fn an_event_that_says_nothing_of_completion_waits_for_quiet() {
        let mut save = Save::default();
        assert!(save.note(
            event(EventKind::Any, &["/w/card.toml"]),
            Path::new(OUT),
            &toml
        ));
        assert!(!save.complete());
        let mut lost = Save::default();
        assert!(lost.note(
            Err(notify::Error::generic("overflow")),
            Path::new(OUT),
            &toml
        ));
        assert!(!lost.complete());
    }
}
