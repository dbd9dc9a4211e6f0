//! Output names: which spec writes which file, so that two specs never write the same one (each run would
//! otherwise flip the file between them).
//!
//! A spec named `NAME.toml` writes `NAME.EXT`, `NAME.VARIANT.EXT` for each variant, and, when its page
//! says `overflow = "pages"` and the content takes several pages, `NAME-01.EXT`, `NAME.VARIANT-01.EXT`, …
//! So `card.toml` with the variant `weibo` and a spec `card.weibo.toml` share `card.weibo.png`, and a
//! paginated `z.toml` and a spec `z-01.toml` share `z-01.png`. Three checks, each failing only the specs
//! concerned (an input error naming the other spec and the key that makes the name; nothing of theirs is
//! written), while the other specs render:
//!
//! - [`static_collisions`], before anything is rendered: the names known from the spec files alone (the
//!   file name, and each variant), shared by two specs of the batch, fail both.
//! - [`Claims::claim`], before a spec writes: its full list of outputs, known only after layout (the
//!   pages), is claimed at once in the batch's registry; a path another spec claimed first fails it.
//! - also in [`Claims::claim`]: a path that another spec's record in the output folder lists (an earlier
//!   run wrote it for that spec, which still exists) fails it, so the same is caught across runs.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use super::record;
use crate::diagnostics::{Problem, SpecError};
use crate::model::{self, preset};
use crate::render::{Error, Loaded, Options, Output};
use crate::spec;

/// Where one of a spec's output names comes from: its file name, a variant, its pages.
#[derive(Debug, Clone, PartialEq)]
struct Origin {
    /// The key, empty for the file name; `--variants NAME` for a variant asked for on the command line.
    key: String,
    /// The span of the key's value in the spec, when it has one.
    span: Option<Range<usize>>,
    /// How a message about the other spec names it: `its file name`, `page.variants[0] = "weibo"`.
    described: String,
}

/// A spec's text, for spans and messages: read again here, within the size limit.
struct SpecText {
    path: PathBuf,
    source: String,
    /// The spec parsed, when a variant or a page's key is looked for: most specs of a batch name no
    /// variant, and parsing every spec would be most of a batch with nothing to render.
    raw: OnceLock<Option<spec::RawSpec>>,
}

impl SpecText {
    fn read(path: &Path) -> SpecText {
        SpecText {
            path: path.to_path_buf(),
            source: model::read_spec(path).unwrap_or_default(),
            raw: OnceLock::new(),
        }
    }

    fn of(loaded: &Loaded) -> SpecText {
        SpecText {
            path: loaded.path.clone(),
            source: loaded.source.clone(),
            raw: OnceLock::new(),
        }
    }

    fn raw(&self) -> Option<&spec::RawSpec> {
        self.raw
            .get_or_init(|| spec::parse(&self.source).ok())
            .as_ref()
    }

    /// Whether the text could have a `variants` key: it says `variants`, or has an escape that could
    /// spell it in a quoted key (`"\u0076ariants"`).
    fn could_name_variants(&self) -> bool {
        self.source.contains("variants")
            || self.source.contains("\\u")
            || self.source.contains("\\U")
    }

    /// The output name of the spec: its file stem, as the model names the poster.
    fn stem(&self) -> String {
        super::plan::name(&self.path)
    }

    /// The spec's own variants, each with the span of its entry in `page.variants`; only those naming a
    /// preset (any other is the spec's error, reported when it loads).
    fn variants(&self) -> Vec<(usize, &'static str, Range<usize>)> {
        if !self.could_name_variants() {
            return Vec::new();
        }
        let list = (self.raw())
            .and_then(|r| r.page.as_ref())
            .and_then(|p| p.variants.as_ref());
        let Some(list) = list else {
            return Vec::new();
        };
        (list.get_ref().iter().enumerate())
            .filter_map(|(i, v)| Some((i, preset::preset(v.get_ref())?.name, v.span())))
            .collect()
    }

    /// Where the output named `file` (a file name in the output folder) comes from.
    fn origin(&self, file: &str, options: &Options) -> Origin {
        let base = file.rsplit_once('.').map_or(file, |(base, _)| base);
        let rest = base.strip_prefix(self.stem().as_str()).unwrap_or("");
        // `.VARIANT`, then `-NN` for a page; a variant's name has no `-` followed by digits only.
        let (variant, page) = match rest.rsplit_once('-') {
            Some((v, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => (v, Some(n)),
            _ => (rest, None),
        };
        if let Some(name) = variant.strip_prefix('.') {
            if options.variants.is_some() {
                return Origin {
                    key: format!("--variants {name}"),
                    span: None,
                    described: format!("--variants {name}"),
                };
            }
            if let Some((i, _, span)) = self.variants().into_iter().find(|(_, v, _)| *v == name) {
                return Origin {
                    key: format!("page.variants[{i}]"),
                    span: Some(span),
                    described: format!("page.variants[{i}] = {name:?}"),
                };
            }
        }
        if let Some(n) = page {
            let span = (self.raw())
                .and_then(|r| r.page.as_ref())
                .and_then(|p| p.overflow.as_ref())
                .map(|o| o.span());
            return Origin {
                key: "page.overflow".into(),
                span,
                described: format!(
                    "page.overflow = \"pages\", its page {}",
                    n.trim_start_matches('0')
                ),
            };
        }
        Origin {
            key: String::new(),
            span: None,
            described: "its file name".into(),
        }
    }

    /// A problem at `origin` in this spec.
    fn problem(&self, origin: &Origin, message: String, help: String) -> Problem {
        let problem = match &origin.span {
            Some(span) => Problem::at(&self.source, span.clone(), origin.key.clone(), message),
            None => Problem::whole_file(origin.key.clone(), message),
        };
        problem.with_help(help)
    }

    fn error(&self, problems: Vec<Problem>) -> Error {
        Error::Spec(SpecError {
            path: self.path.clone(),
            source_text: self.source.clone(),
            problems,
        })
    }
}

const HELP: &str = "rename one of the specs, or render them into different --out folders";

fn help_for(origin: &Origin) -> String {
    if origin.key.starts_with("page.variants") {
        format!("take the variant off the list, {HELP}")
    } else {
        HELP.to_string()
    }
}

/// The message of a spec whose output `shown` another spec writes too, `other` (`card.toml`,
/// `page.variants[0] = "weibo"`).
fn message(shown: &str, other: &Path, described: &str) -> String {
    format!(
        "expected output names no other spec writes, found {shown}, which {} writes too ({described})",
        other.display()
    )
}

/// The specs of a batch that would share an output name known from the spec files alone (the file name,
/// each variant), each with its error naming the other spec and the key making the name. Every spec of
/// such a pair fails: which one would win is not the batch's to choose.
pub fn static_collisions(specs: &[PathBuf], options: &Options) -> Vec<(PathBuf, Error)> {
    // Read in parallel: a batch holds hundreds of specs.
    let texts: Vec<SpecText> = {
        use rayon::prelude::*;
        specs.par_iter().map(|s| SpecText::read(s)).collect()
    };
    // Base name (before the extension) → the specs writing it, with the name's origin.
    let mut by_name: BTreeMap<String, Vec<(usize, Origin)>> = BTreeMap::new();
    for (i, text) in texts.iter().enumerate() {
        let stem = text.stem();
        let mut bases = vec![stem.clone()];
        match &options.variants {
            Some(list) => bases.extend(list.iter().map(|v| format!("{stem}.{v}"))),
            None => bases.extend(
                text.variants()
                    .iter()
                    .map(|(_, v, _)| format!("{stem}.{v}")),
            ),
        }
        for base in bases {
            let origin = text.origin(&format!("{base}.x"), options);
            by_name.entry(base).or_default().push((i, origin));
        }
    }
    let mut problems: BTreeMap<usize, Vec<Problem>> = BTreeMap::new();
    for (base, writers) in &by_name {
        let shown = options
            .out_dir
            .join(format!("{base}.*"))
            .display()
            .to_string();
        for (i, origin) in writers {
            for (j, other) in writers.iter().filter(|(j, _)| j != i) {
                let text = &texts[*i];
                problems.entry(*i).or_default().push(text.problem(
                    origin,
                    message(&shown, &texts[*j].path, &other.described),
                    help_for(origin),
                ));
            }
        }
    }
    (problems.into_iter())
        .map(|(i, p)| (specs[i].clone(), texts[i].error(p)))
        .collect()
}

/// A path claimed in this run: by which spec, and how the spec makes it.
struct Claim {
    spec: PathBuf,
    described: String,
}

/// A spec an earlier run wrote outputs for, as its record says.
struct Recorded {
    /// The spec as the record names it.
    spec: String,
    /// The spec's identity (its canonical path), to tell it from the spec claiming.
    identity: PathBuf,
    record: PathBuf,
    /// The file names of the outputs written.
    outputs: Vec<String>,
}

/// The outputs of one batch: those claimed in this run, and those the records in the output folder list.
/// Only the records that could list an output claimed are read: every output's name begins with its
/// spec's name (`card.png`, `card-01.png`, `card.weibo.png`), which names the record (`card.json`), so
/// a card claiming `card-000.png` reads `card-000.json` and any `card.json`, not the batch's 200 others.
pub struct Claims {
    claimed: Mutex<HashMap<PathBuf, Claim>>,
    out_dir: PathBuf,
    /// The names of the records in the output folder, listed when the first spec is about to write (a
    /// batch with nothing to render lists none).
    record_names: OnceLock<Vec<String>>,
    /// The records read so far, by name; `None`: not a record, or its spec is gone (nothing makes its
    /// outputs any more).
    records: Mutex<HashMap<String, Option<Arc<Recorded>>>>,
}

impl Claims {
    /// The claims of a batch writing into `out_dir`, with the outputs the records there list.
    pub fn new(out_dir: &Path) -> Claims {
        Claims {
            claimed: Mutex::new(HashMap::new()),
            out_dir: out_dir.to_path_buf(),
            record_names: OnceLock::new(),
            records: Mutex::new(HashMap::new()),
        }
    }

    /// The spec whose record lists the output `file`, if any.
    fn recorded(&self, file: &str) -> Option<Arc<Recorded>> {
        let names = (self.record_names).get_or_init(|| record_names(&self.out_dir));
        for name in names.iter().filter(|n| file.starts_with(n.as_str())) {
            let recorded = {
                let mut records = self.records.lock().unwrap_or_else(|e| e.into_inner());
                (records.entry(name.clone()))
                    .or_insert_with(|| read_recorded(&self.out_dir, name).map(Arc::new))
                    .clone()
            };
            if let Some(r) = recorded.filter(|r| r.outputs.iter().any(|o| o == file)) {
                return Some(r);
            }
        }
        None
    }

    /// Claims every output of a spec at once, before any is written. An output another spec claimed in
    /// this run, or that an earlier run wrote for another spec which still exists, fails the spec
    /// (an input error naming the other spec and the key making the name); then none is claimed.
    pub fn claim(
        &self,
        loaded: &Loaded,
        options: &Options,
        outputs: &[Output],
    ) -> Result<(), Error> {
        let text = SpecText::of(loaded);
        let identity = identity(&loaded.path);
        // (the output, whose it is and how) for each output that is another spec's.
        let mut taken: Vec<(&Path, Other)> = Vec::new();
        for output in outputs {
            if let Some(r) =
                (self.recorded(&file_name(&output.path))).filter(|r| r.identity != identity)
            {
                taken.push((&output.path, Other::Recorded(r)));
            }
        }
        let mut claimed = self.claimed.lock().unwrap_or_else(|e| e.into_inner());
        for output in outputs {
            if let Some(c) = claimed.get(&output.path).filter(|c| c.spec != loaded.path) {
                taken.push((
                    &output.path,
                    Other::Claimed(c.spec.clone(), c.described.clone()),
                ));
            }
        }
        if !taken.is_empty() {
            drop(claimed);
            return Err(text.error(conflicts(&text, options, &taken)));
        }
        for output in outputs {
            let described = text.origin(&file_name(&output.path), options).described;
            claimed.insert(
                output.path.clone(),
                Claim {
                    spec: loaded.path.clone(),
                    described,
                },
            );
        }
        Ok(())
    }
}

/// Whose an output is when it is not the claiming spec's.
enum Other {
    /// Claimed in this run by this spec, which makes it so (`page.variants[0] = "weibo"`).
    Claimed(PathBuf, String),
    Recorded(Arc<Recorded>),
}

/// One problem for each origin in `text` and other spec, naming all the outputs they share.
fn conflicts(text: &SpecText, options: &Options, taken: &[(&Path, Other)]) -> Vec<Problem> {
    let mut groups: BTreeMap<(String, String), (Origin, &Other, Vec<String>)> = BTreeMap::new();
    for (path, other) in taken {
        let origin = text.origin(&file_name(path), options);
        let whose = match other {
            Other::Claimed(spec, _) => spec.display().to_string(),
            Other::Recorded(r) => r.spec.clone(),
        };
        let group = groups
            .entry((origin.key.clone(), whose))
            .or_insert_with(|| (origin, other, Vec::new()));
        group.2.push(path.display().to_string());
    }
    (groups.into_values())
        .map(|(origin, other, paths)| {
            let shown = paths.join(", ");
            match other {
                Other::Claimed(spec, described) => {
                    text.problem(&origin, message(&shown, spec, described), help_for(&origin))
                }
                Other::Recorded(r) => text.problem(
                    &origin,
                    format!(
                        "expected output names no other spec writes, found {shown}, which an earlier run wrote for {} (its record {})",
                        r.spec,
                        r.record.display()
                    ),
                    format!(
                        "{}; if {} no longer writes them, render it again or delete that record",
                        help_for(&origin),
                        r.spec
                    ),
                ),
            }
        })
        .collect()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A spec's identity: its canonical path when it exists.
pub fn identity(spec: &Path) -> PathBuf {
    std::fs::canonicalize(spec).unwrap_or_else(|_| spec.to_path_buf())
}

/// The names of the records in `out_dir` (their files' stems).
fn record_names(out_dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(out_dir.join(record::DIR)) else {
        return Vec::new();
    };
    (entries.filter_map(Result::ok))
        .filter_map(|entry| {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != record::EXTENSION) {
                return None;
            }
            Some(path.file_stem()?.to_str()?.to_owned())
        })
        .collect()
}

/// The record named `name` in `out_dir`, with its spec's identity; `None` when it is not a record or its
/// spec no longer exists.
fn read_recorded(out_dir: &Path, name: &str) -> Option<Recorded> {
    let path = record::path(out_dir, name);
    let r = record::read(&path)?;
    let written = if r.spec_file.is_empty() {
        &r.spec
    } else {
        &r.spec_file
    };
    let identity = std::fs::canonicalize(written).ok()?;
    Some(Recorded {
        spec: r.spec,
        identity,
        record: path,
        outputs: r.outputs.into_iter().map(|o| o.file).collect(),
    })
}
