//! Batch rendering: many specs at once, in parallel, each rendered only when something its outputs depend
//! on changed.
//!
//! - [`plan`](mod@plan): command-line inputs (files, directories, glob patterns) → spec files.
//! - [`names`]: output names two specs would share, up front and before each spec writes.
//! - [`fingerprint`]: the key of everything an output depends on.
//! - [`record`]: what was rendered, kept beside the outputs, checked before skipping.
//! - [`report`]: progress and messages on the terminal, the summary.
//! - `watch`: render again on every save (with the `cli` feature: notify).
//!
//! One spec's failure never stops the others; every spec ends in an [`Outcome`].

pub mod figures;
pub mod fingerprint;
pub mod isolate;
pub mod names;
pub mod plan;
pub mod record;
pub mod report;
pub mod stamp;
#[cfg(any(feature = "cli", feature = "serve"))]
pub mod watch;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use crate::diagnostics::Warning;
use crate::render::{self, Error, Options};
use fingerprint::{Digest, Setting};

pub use plan::{plan, Plan, Shard};
pub use report::Reporter;

/// How one spec ended.
#[derive(Debug)]
pub enum Status {
    /// Rendered; these files were written.
    Rendered(Vec<PathBuf>),
    /// The outputs were already current: nothing was written.
    Unchanged,
    /// Not rendered; nothing of it was written (or, for [`Error::Partial`], only its graphics that could be made).
    Failed(Error),
}

/// One spec's result.
#[derive(Debug)]
pub struct Outcome {
    /// The spec file.
    pub spec: PathBuf,
    /// Rendered, current or failed.
    pub status: Status,
    /// What layout left out or changed, for the user.
    pub warnings: Vec<Warning>,
    /// A problem that did not stop the render (the record could not be written: the spec will be
    /// rendered again next time).
    pub notes: Vec<String>,
    /// The files the spec read besides itself (known once it loaded).
    pub dependencies: Vec<PathBuf>,
}

/// The counts of a batch and how long it took.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Specs rendered and written.
    pub rendered: usize,
    /// Specs whose outputs were already current.
    pub unchanged: usize,
    /// Specs that failed.
    pub failed: usize,
    /// Any failure was the input's fault (exit code 2).
    pub input_failed: bool,
    /// The batch's wall-clock time.
    pub elapsed: Duration,
}

impl Summary {
    /// The counts of `outcomes`, with the batch's time.
    pub fn of(outcomes: &[Outcome], elapsed: Duration) -> Summary {
        let mut s = Summary {
            elapsed,
            ..Summary::default()
        };
        for o in outcomes {
            match &o.status {
                Status::Rendered(_) => s.rendered += 1,
                Status::Unchanged => s.unchanged += 1,
                Status::Failed(e) => {
                    s.failed += 1;
                    s.input_failed |= e.is_input_error();
                }
            }
        }
        s
    }
}

/// One batch from command-line inputs to outcomes.
#[derive(Debug)]
pub struct Batch {
    /// Each spec's result, in the order of the plan.
    pub outcomes: Vec<Outcome>,
    /// The counts.
    pub summary: Summary,
    /// Some input was bad: an input named nothing, the output folder is a file (then nothing was
    /// rendered), or a spec failed through its own fault (two specs sharing an output name among them).
    pub bad_input: bool,
}

impl Batch {
    /// 0 rendered or current; 2 some input was bad; 1 anything else failed.
    pub fn exit_code(&self) -> u8 {
        if self.bad_input {
            2
        } else if self.summary.failed > 0 {
            1
        } else {
            0
        }
    }
}

/// Plans `inputs` (files, directories, patterns), reports what cannot be rendered, and renders the rest
/// with a reporter made for their number. Specs sharing an output name known from their files fail
/// before anything is rendered; the others render. With a `shard`, only its slice of the planned specs
/// is rendered (output names are still checked across all of them, so every shard agrees).
pub fn render_all(
    inputs: &[PathBuf],
    options: &Options,
    force: bool,
    shard: Option<Shard>,
    reporter: impl FnOnce(usize) -> Reporter,
) -> Batch {
    let start = Instant::now();
    let mut plan = plan::plan(inputs);
    let mut bad_input = !plan.problems.is_empty();
    if !report::plan(&plan) || !report::out_dir(&options.out_dir) {
        return Batch {
            outcomes: Vec::new(),
            summary: Summary {
                elapsed: start.elapsed(),
                ..Summary::default()
            },
            bad_input: true,
        };
    }
    // What a killed run left behind; the outputs it had in place are whole (renamed in whole).
    for dir in [options.out_dir.clone(), options.out_dir.join(record::DIR)] {
        crate::export::remove_stale_temps(&dir);
    }
    let mut collided: HashMap<PathBuf, Error> = names::static_collisions(&plan.specs, options)
        .into_iter()
        .collect();
    if let Some(shard) = shard {
        plan.specs = shard.select(&plan.specs);
    }
    let reporter = reporter(plan.specs.len());
    let others: Vec<PathBuf> = (plan.specs.iter())
        .filter(|s| !collided.contains_key(*s))
        .cloned()
        .collect();
    let mut rendered = run(&others, options, force, |o| reporter.done(o)).into_iter();
    // In the order of the plan, the specs that collided in their places.
    let outcomes: Vec<Outcome> = (plan.specs.iter())
        .filter_map(|spec| match collided.remove(spec) {
            Some(e) => {
                let outcome = Outcome::failed(spec, e);
                reporter.done(&outcome);
                Some(outcome)
            }
            None => rendered.next(),
        })
        .collect();
    let summary = Summary::of(&outcomes, start.elapsed());
    reporter.finish(&summary, &outcomes);
    bad_input |= summary.input_failed;
    Batch {
        outcomes,
        summary,
        bad_input,
    }
}

/// Renders every spec in parallel (as many at a time as rayon has threads: all cores unless
/// `RAYON_NUM_THREADS` says otherwise), each isolated ([`isolate`]): a spec that panics or runs past
/// `options.time_budget` fails alone — but for the specs whose records' stamps say they are current,
/// settled all together (`current_by_stamps`) while the others render. Calls `done` on this thread as
/// each one ends. Returns the outcomes in the order of `specs`.
pub fn run(
    specs: &[PathBuf],
    options: &Options,
    force: bool,
    done: impl Fn(&Outcome),
) -> Vec<Outcome> {
    // Hash the fonts once up front rather than in the first job of every thread.
    fingerprint::build_digest();
    let claims = Arc::new(names::Claims::new(&options.out_dir));
    let mut outcomes: Vec<Option<Outcome>> = specs.iter().map(|_| None).collect();
    // Specs current by their stamps alone (a record and a few file times read; nothing loaded) are settled
    // without a thread of their own each: most of a batch with little to do. The others start rendering
    // as soon as they are found.
    let setting = Setting::of(options);
    let figures = figures::Files::new();
    let feed = |feed: &isolate::Feed<Outcome>| {
        if force {
            return (0..specs.len()).for_each(|i| feed.run(i));
        }
        use rayon::prelude::*;
        specs.par_iter().enumerate().for_each(|(i, spec)| {
            match current_by_stamps(spec, options, setting, &figures) {
                Some(outcome) => feed.settled(i, outcome),
                None => feed.run(i),
            }
        });
    };
    let jobs: Arc<[PathBuf]> = specs.into();
    let job_options = options.clone();
    isolate::run_fed(
        // One spec more than there are threads drawing: each spec ends by writing its files with
        // `fsync`, and while one waits for the disk another keeps the cores busy (200 cards: 0.99 s with
        // two in flight on two cores, 0.90 s with three).
        rayon::current_num_threads() + 1,
        options.time_budget,
        feed,
        move |i, gate| render_gated(&jobs[i], &job_options, setting, force, &claims, gate),
        |i, ending| {
            let outcome = match ending {
                isolate::Ending::Finished(outcome) => outcome,
                isolate::Ending::Panicked(message) => Outcome::failed(
                    &specs[i],
                    Error::Crashed {
                        spec: specs[i].clone(),
                        message,
                    },
                ),
                isolate::Ending::TimedOut => Outcome::failed(
                    &specs[i],
                    Error::TimedOut {
                        spec: specs[i].clone(),
                        seconds: options.time_budget.as_secs_f64(),
                    },
                ),
            };
            done(&outcome);
            outcomes[i] = Some(outcome);
        },
    );
    outcomes.into_iter().flatten().collect()
}

impl Outcome {
    /// A spec that failed before it was rendered.
    pub fn failed(spec: &Path, e: Error) -> Outcome {
        Outcome::of(spec, Status::Failed(e))
    }

    /// A spec's outcome with nothing else known yet.
    fn of(spec: &Path, status: Status) -> Outcome {
        Outcome {
            spec: spec.to_path_buf(),
            status,
            warnings: Vec::new(),
            notes: Vec::new(),
            dependencies: Vec::new(),
        }
    }
}

/// The outcome of `spec` when its record's stamps say it is current, inputs and outputs alike: nothing is
/// loaded, hashed or written. Or, when only the stamp of a shared file of figures no longer holds, when
/// the figures the spec showed are unchanged in it (the file read once per run, through `figures`).
/// `None`: the spec is to be looked at closer ([`render_one`]).
///
/// The record keeps the figure file's old stamp then, and each run reads the file once again to compare
/// the figures: rewriting every card's record for each edit of a shared file cost more (200 records:
/// 3 ms of a 25-ms run for one figure edited) than reading the file once a run does (a tenth of a
/// millisecond for 200 figures). Only outputs that had to be read back are worth new stamps.
fn current_by_stamps(
    spec: &Path,
    options: &Options,
    setting: Setting,
    figures: &figures::Files,
) -> Option<Outcome> {
    #[cfg(debug_assertions)]
    if matches!(isolate::injected(spec).as_deref(), Some("panic" | "hang")) {
        // Those faults are injected on the spec's own thread, whatever its record says.
        return None;
    }
    // Taken before anything is read: a stamp is trusted only for a file last changed well before it.
    let before = SystemTime::now();
    let record_path = record::path(&options.out_dir, &plan::name(spec));
    let r = record::read(&record_path)?;
    let context = setting.context(spec);
    let outcome = || Outcome {
        dependencies: r.dependencies.iter().map(PathBuf::from).collect(),
        ..Outcome::of(spec, Status::Unchanged)
    };
    if record::inputs_unchanged(&r, context) {
        let current = record::outputs_current(&r, &options.out_dir);
        return (current == Some(record::Current::ByStamps)).then(outcome);
    }
    let inputs = record::inputs_current(&r, context, figures)?;
    let current = record::outputs_current(&r, &options.out_dir)?;
    let mut outcome = outcome();
    if current == record::Current::ByContent {
        let renewed = record::Record {
            inputs,
            ..r.clone()
        };
        // Nothing here runs long enough for the batch to give up on it: the gate is always open.
        let gate = isolate::Gate::default();
        restamp(
            &r,
            renewed,
            &record_path,
            options,
            before,
            &gate,
            &mut outcome,
        );
    }
    Some(outcome)
}

/// Writes `record`, which replaces `previous` for a spec whose outputs are current, with its outputs
/// stamped (each trusted for content read after `before`), when that lets the next run skip reading:
/// every input stamped, and something new.
fn restamp(
    previous: &record::Record,
    mut record: record::Record,
    path: &Path,
    options: &Options,
    before: SystemTime,
    gate: &isolate::Gate,
    outcome: &mut Outcome,
) {
    record::stamp_outputs(&mut record, &options.out_dir, before);
    // A record is only ever written whole (atomically): a failure leaves the old one, still true. Nothing
    // is written once the batch has given up on the spec.
    if record::fully_stamped(&record) && record != *previous {
        let Some(_writing) = gate.enter() else {
            return;
        };
        if let Err(e) = record::write_stamps(path, &record) {
            outcome.notes.push(format!("{e}; the outputs are current"));
        }
    }
}

/// Renders one spec unless its record says its outputs are current (and `force` is off); its outputs
/// are claimed in `claims` before they are written.
pub fn render_one(spec: &Path, options: &Options, force: bool, claims: &names::Claims) -> Outcome {
    let setting = Setting::of(options);
    render_gated(
        spec,
        options,
        setting,
        force,
        claims,
        &isolate::Gate::default(),
    )
}

/// [`render_one`], writing only through `gate`: nothing once the batch has given up on this spec.
fn render_gated(
    spec: &Path,
    options: &Options,
    setting: Setting,
    force: bool,
    claims: &names::Claims,
    gate: &isolate::Gate,
) -> Outcome {
    let mut outcome = Outcome::of(spec, Status::Unchanged);
    outcome.status =
        match render_if_changed(spec, options, setting, force, claims, gate, &mut outcome) {
            Ok(status) => status,
            Err(e) => Status::Failed(e),
        };
    outcome
}

fn render_if_changed(
    spec: &Path,
    options: &Options,
    setting: Setting,
    force: bool,
    claims: &names::Claims,
    gate: &isolate::Gate,
    outcome: &mut Outcome,
) -> Result<Status, Error> {
    #[cfg(debug_assertions)]
    isolate::inject_fault(spec);
    // Taken before anything is read: a stamp is trusted only for a file last changed well before it.
    let before = SystemTime::now();
    let record_path = record::path(&options.out_dir, &plan::name(spec));
    let previous = record::read(&record_path);
    let context = setting.context(spec);
    if !force {
        if let Some(r) = &previous {
            // Every input as its stamp says: the key is the record's, without loading the spec.
            if record::inputs_unchanged(r, context) {
                if let Some(current) = record::outputs_current(r, &options.out_dir) {
                    outcome.dependencies = r.dependencies.iter().map(PathBuf::from).collect();
                    if current == record::Current::ByContent {
                        restamp(r, r.clone(), &record_path, options, before, gate, outcome);
                    }
                    return Ok(Status::Unchanged);
                }
            }
        }
    }
    // The spec is loaded first: the files it reads are known only then, and their bytes as read are what
    // the key is made of (an edit during the render cannot slip into a record).
    #[cfg(debug_assertions)]
    isolate::inject_load_fault(spec);
    let loaded = render::load_spec_with(spec, &options.font_paths)?;
    outcome.dependencies = (loaded.poster.dependencies.iter())
        .map(|d| d.path.clone())
        .collect();
    let key = fingerprint::key(&loaded, options);
    // The files the spec read follow the spec itself in the inputs; a data file of figures is recorded
    // with the figures the spec showed.
    let read = &loaded.poster.dependencies;
    let inputs: Vec<record::StampedInput> = (fingerprint::inputs(&loaded, options).iter())
        .enumerate()
        .map(|(i, p)| match i.checked_sub(1).and_then(|j| read.get(j)) {
            Some(d) if d.used.is_some() => record::StampedInput::of_figures(d, before),
            _ => record::StampedInput::of(p, before),
        })
        .collect();
    if !force {
        if let Some(r) = &previous {
            if Digest::parse(&r.key) == Some(key)
                && record::outputs_current(r, &options.out_dir).is_some()
            {
                let renewed = record::Record {
                    context: context.to_string(),
                    inputs,
                    ..r.clone()
                };
                restamp(r, renewed, &record_path, options, before, gate, outcome);
                return Ok(Status::Unchanged);
            }
        }
    }
    let rendered = render::render_loaded(&loaded, options)?;
    outcome.warnings = rendered.warnings;
    let Some(_writing) = gate.enter() else {
        // Reported as timed out already: too late to write.
        return Err(Error::TimedOut {
            spec: spec.to_path_buf(),
            seconds: options.time_budget.as_secs_f64(),
        });
    };
    // Every output name is known only now (the pages): none may be another spec's.
    claims.claim(&loaded, options, &rendered.outputs)?;
    // No record while the outputs are being replaced.
    if let Err(e) = record::remove(&record_path) {
        outcome.notes.push(format!(
            "cannot remove the old record {}: {e}",
            record_path.display()
        ));
    }
    render::write_outputs(spec, &rendered.outputs)?;
    if let Some(error) = rendered.failed {
        // Some graphics failed: the others are written, the failed ones' earlier files left as they
        // were, and no record, so that the spec is rendered again next time.
        return Err(Error::Partial {
            error,
            written: rendered.outputs.into_iter().map(|o| o.path).collect(),
        });
    }
    if let Some(previous) = &previous {
        let written: Vec<PathBuf> = rendered.outputs.iter().map(|o| o.path.clone()).collect();
        let extensions: Vec<&str> = options.formats.iter().map(|f| f.extension()).collect();
        let stale = record::stale(previous, &written, &extensions, &options.out_dir);
        for path in &stale {
            if let Err(e) = std::fs::remove_file(path) {
                outcome
                    .notes
                    .push(format!("cannot remove {}: {e}", path.display()));
            }
        }
        if !stale.is_empty() {
            let names: Vec<String> = stale
                .iter()
                .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect();
            outcome.notes.push(format!(
                "removed what this spec no longer makes: {}",
                names.join(", ")
            ));
        }
    }
    let r = record::Record {
        spec: spec.display().to_string(),
        spec_file: std::fs::canonicalize(spec)
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        key: key.to_string(),
        context: context.to_string(),
        dependencies: loaded
            .poster
            .dependencies
            .iter()
            .map(|d| d.path.display().to_string())
            .collect(),
        outputs: rendered
            .outputs
            .iter()
            .map(|o| record::RecordedOutput::of(&o.path, &o.bytes))
            .collect(),
        // Stamped now, trusted only if each was settled before the spec was read; the outputs, just
        // written, are stamped by the next run that reads them.
        inputs,
    };
    if let Err(e) = record::write(&record_path, &r) {
        outcome.notes.push(format!(
            "{e}; the outputs are complete, but will be rendered again next time"
        ));
    }
    Ok(Status::Rendered(
        rendered.outputs.into_iter().map(|o| o.path).collect(),
    ))
}
