//! What a batch shows a person. On a terminal (stderr) a progress bar, with errors and warnings printed
//! above it; otherwise one plain line per spec (`rendered NAME`, `unchanged NAME`, `failed NAME`) on
//! stderr. Either way a summary line at the end: `rendered N, unchanged N, failed N in T s`.
//!
//! stdout carries `wrote PATH` for every file written, for scripts — left out when both stdout and stderr
//! are the terminal (the bar and the summary say it).

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicU8, Ordering};

#[cfg(feature = "cli")]
use indicatif::ProgressBar as Bar;

/// Without the `cli` feature (indicatif) there is no progress bar: a type with no values, so every
/// `Option<Bar>` is `None`.
#[cfg(not(feature = "cli"))]
enum Bar {}

#[cfg(not(feature = "cli"))]
impl Bar {
    fn suspend<R>(&self, _: impl FnOnce() -> R) -> R {
        match *self {}
    }
    fn set_message(&self, _: String) {
        match *self {}
    }
    fn inc(&self, _: u64) {
        match *self {}
    }
    fn finish_and_clear(&self) {
        match *self {}
    }
}

use super::{Outcome, Plan, Status, Summary};
use crate::render::Error;

/// How much a batch says (`-q`, `-v`): set once by the binary before rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// Errors only: no bar, no lines for specs rendered or unchanged, no `wrote` lines, no warnings,
    /// no summary (the exit code says how it went).
    Quiet = 0,
    /// The default: a bar on a terminal, else a line for each spec; `wrote` lines unless both stdout and
    /// stderr are terminals; warnings and the summary.
    Normal = 1,
    /// `wrote` lines and `unchanged` lines even on a terminal, besides the bar.
    Verbose = 2,
}

static VERBOSITY: AtomicU8 = AtomicU8::new(Verbosity::Normal as u8);

/// Problems and warnings as JSON lines rather than for people (`--diagnostic-format json`).
static JSON: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Sets how this process's reporters write problems: `true` for one JSON object a line.
pub fn set_json_diagnostics(json: bool) {
    JSON.store(json, Ordering::Relaxed);
}

fn json() -> bool {
    JSON.load(Ordering::Relaxed)
}

/// Messages in the terminal's colours (`--color`): set once by the binary.
static COLOR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Sets whether this process's messages are coloured.
pub fn set_color(color: bool) {
    COLOR.store(color, Ordering::Relaxed);
}

fn color() -> bool {
    COLOR.load(Ordering::Relaxed)
}

/// `error:` as this process writes it: bold red when messages are coloured.
pub fn error_label() -> &'static str {
    if color() {
        "\x1b[1;31merror\x1b[0m:"
    } else {
        "error:"
    }
}

/// `warning:` as this process writes it: bold yellow when messages are coloured.
pub fn warning_label() -> &'static str {
    if color() {
        "\x1b[1;33mwarning\x1b[0m:"
    } else {
        "warning:"
    }
}

/// A spec's problems as this process writes them on stderr: one JSON object a line
/// (`--diagnostic-format json`), or each with its snippet of the spec, for people.
pub fn problems_text(e: &crate::diagnostics::SpecError) -> String {
    if json() {
        e.problems
            .iter()
            .map(|p| p.to_json(&e.path) + "\n")
            .collect()
    } else {
        e.report_styled(color())
    }
}

/// Sets what every reporter of this process says.
pub fn set_verbosity(v: Verbosity) {
    VERBOSITY.store(v as u8, Ordering::Relaxed);
}

fn verbosity() -> Verbosity {
    match VERBOSITY.load(Ordering::Relaxed) {
        0 => Verbosity::Quiet,
        2 => Verbosity::Verbose,
        _ => Verbosity::Normal,
    }
}

/// Failed specs named after the summary, at most.
const FAILED_NAMED: usize = 20;
/// Names shown of the `.toml` files skipped as not being specs.
const SKIPPED_NAMED: usize = 5;

/// How a batch reports as it goes: the progress bar on a terminal, a line for each spec and each file written, warnings, the summary.
pub struct Reporter {
    bar: Option<Bar>,
    wrote_lines: bool,
    unchanged_lines: bool,
}

impl Reporter {
    /// A reporter for `total` specs: a bar when stderr is a terminal.
    pub fn new(total: usize) -> Reporter {
        let terminal = std::io::stderr().is_terminal();
        match verbosity() {
            Verbosity::Quiet => Reporter {
                unchanged_lines: false,
                ..Reporter::with(total, false, false)
            },
            Verbosity::Normal => Reporter::with(
                total,
                terminal,
                !(terminal && std::io::stdout().is_terminal()),
            ),
            Verbosity::Verbose => Reporter::with(total, terminal, true),
        }
    }

    /// A reporter with plain lines only (no bar), whatever stderr is.
    pub fn plain() -> Reporter {
        Reporter::with(0, false, true)
    }

    /// For `yitu watch`: a line for each spec rendered or failed and a `wrote` line for each file, as
    /// `render` writes them to a pipe (none with `-q`); none for the unchanged specs.
    pub fn watching() -> Reporter {
        Reporter {
            unchanged_lines: false,
            ..Reporter::with(0, false, verbosity() != Verbosity::Quiet)
        }
    }

    fn with(total: usize, bar: bool, wrote_lines: bool) -> Reporter {
        #[cfg(feature = "cli")]
        let bar = bar.then(|| {
            use indicatif::{ProgressDrawTarget, ProgressStyle};
            let bar =
                Bar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr_with_hz(10));
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} {msg}",
                )
                .expect("a valid template"),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(100));
            bar
        });
        #[cfg(not(feature = "cli"))]
        let bar = {
            let _ = (total, bar);
            None
        };
        Reporter {
            bar,
            wrote_lines,
            unchanged_lines: true,
        }
    }

    /// A message on stderr, above the bar when there is one.
    pub fn message(&self, text: &str) {
        let text = text.trim_end_matches('\n');
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{text}")),
            None => eprintln!("{text}"),
        }
    }

    /// Reports one finished spec. Called from worker threads: everything is written in one call each to
    /// stderr and stdout, so lines of different specs do not interleave.
    pub fn done(&self, o: &Outcome) {
        let quiet = verbosity() == Verbosity::Quiet;
        let name = o.spec.display();
        let mut err = String::new();
        for w in o.warnings.iter().filter(|_| !quiet) {
            if json() {
                let _ = writeln!(err, "{}", w.to_json(&o.spec));
            } else {
                let _ = writeln!(err, "{} {name}: {w}", warning_label());
            }
        }
        for n in o.notes.iter().filter(|_| !quiet) {
            let _ = writeln!(err, "{} {name}: {n}", warning_label());
        }
        let mut out = String::new();
        let status = match &o.status {
            Status::Rendered(files) => {
                if self.wrote_lines {
                    for f in files {
                        let _ = writeln!(out, "wrote {}", f.display());
                    }
                }
                "rendered"
            }
            Status::Unchanged => "unchanged",
            Status::Failed(e) => {
                match e {
                    Error::Spec(e) => err.push_str(&problems_text(e)),
                    Error::Partial { error, written } => {
                        err.push_str(&problems_text(error));
                        if self.wrote_lines {
                            for f in written {
                                let _ = writeln!(out, "wrote {}", f.display());
                            }
                        }
                    }
                    e => {
                        let _ = writeln!(err, "{} {e}", error_label());
                    }
                }
                if !err.ends_with('\n') {
                    err.push('\n');
                }
                "failed"
            }
        };
        if self.bar.is_none() && !quiet && (self.unchanged_lines || status != "unchanged") {
            let _ = writeln!(err, "{status} {name}");
        }
        let print = || {
            if !out.is_empty() {
                print!("{out}");
            }
            if !err.is_empty() {
                eprint!("{err}");
            }
        };
        match &self.bar {
            Some(bar) => {
                bar.suspend(print);
                bar.set_message(format!("{status} {name}"));
                bar.inc(1);
            }
            None => print(),
        }
    }

    /// Ends the bar and prints the summary (and the failed specs, when there are any).
    pub fn finish(&self, summary: &Summary, outcomes: &[Outcome]) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if verbosity() == Verbosity::Quiet {
            return;
        }
        eprintln!("{}", summary_line(summary));
        let failed: Vec<String> = outcomes
            .iter()
            .filter(|o| matches!(o.status, Status::Failed(_)))
            .map(|o| o.spec.display().to_string())
            .collect();
        if !failed.is_empty() {
            let more = failed.len().saturating_sub(FAILED_NAMED);
            let mut line = format!("failed: {}", failed[..failed.len() - more].join(", "));
            if more > 0 {
                let _ = write!(line, " and {more} more");
            }
            eprintln!("{line}");
        }
    }
}

/// Reports what planning found that cannot be rendered: inputs naming nothing (errors), `.toml` files
/// skipped as not being specs, folders without specs (warnings). Returns whether there is anything to
/// render.
pub fn plan(plan: &Plan) -> bool {
    for problem in &plan.problems {
        eprintln!("{} {problem}", error_label());
    }
    let quiet = verbosity() == Verbosity::Quiet;
    if !plan.skipped.is_empty() && !quiet {
        let n = plan.skipped.len();
        let mut shown: Vec<String> = (plan.skipped.iter().take(SKIPPED_NAMED))
            .map(|p| p.display().to_string())
            .collect();
        if n > SKIPPED_NAMED {
            shown.push("…".into());
        }
        eprintln!(
            "note: skipped {n} .toml file{} without [[blocks]] (not specs): {}",
            if n == 1 { "" } else { "s" },
            shown.join(", ")
        );
    }
    for dir in plan.empty_dirs.iter().filter(|_| !quiet) {
        eprintln!(
            "{} {}: no spec (a .toml file with [[blocks]]) in this folder",
            warning_label(),
            dir.display()
        );
    }
    if plan.specs.is_empty() {
        eprintln!("{} nothing to render", error_label());
        return false;
    }
    true
}

/// Reports an output folder that cannot be one: it, or a folder above it, is a file. This is the command
/// line's fault (`--out`, or the default `output`), like a pattern that matches nothing: bad input.
/// Returns whether the folder can take the outputs.
pub fn out_dir(out_dir: &Path) -> bool {
    let Some(file) = crate::export::file_in_the_way(out_dir) else {
        return true;
    };
    let what = if file == out_dir {
        String::new()
    } else {
        format!(" (in its path, {} is a file)", file.display())
    };
    eprintln!(
        "{} --out {}: expected a folder for the outputs, found a file{what}\n  \
         help: name another folder with --out, or move the file away",
        error_label(),
        out_dir.display()
    );
    eprintln!("nothing rendered");
    false
}

/// `rendered 3, unchanged 197, failed 0 in 0.41 s`
pub fn summary_line(s: &Summary) -> String {
    format!(
        "rendered {}, unchanged {}, failed {} in {:.2} s",
        s.rendered,
        s.unchanged,
        s.failed,
        s.elapsed.as_secs_f64()
    )
}
