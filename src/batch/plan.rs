//! Which specs a command line names: files, directories and glob patterns, expanded into a list of spec
//! files without duplicates (the output names two of them would share: [`super::names`]).
//!
//! - A file named on the command line is always a spec, whatever it holds.
//! - A directory stands for every `*.toml` below it that is a spec, skipping hidden folders (`.git`,
//!   `.yitu-record`) and folders named `themes`.
//! - A pattern with `*`, `?` or `[` that names no existing file is expanded by yitu (`"cards/**/*.toml"`,
//!   quoted so the shell leaves it alone); the files it matches are filtered like a directory's, a
//!   directory it matches is walked.
//! - A `.toml` file found in a directory or by a pattern is a spec when it has a `[[blocks]]` table (or a
//!   `blocks = …` key): theme files, `Cargo.toml` and other configuration are left out, and reported as
//!   skipped.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::names::identity;

/// Folders named so are never searched for specs.
const THEMES: &str = "themes";

/// The specs to render.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Plan {
    /// Spec files, each once, in the order the inputs named them (directories and patterns sorted).
    pub specs: Vec<PathBuf>,
    /// `.toml` files found in directories or by patterns that are not specs.
    pub skipped: Vec<PathBuf>,
    /// Inputs that name nothing (a pattern matching no file, a malformed pattern): the user's to fix.
    pub problems: Vec<String>,
    /// Directories named on the command line that hold no spec.
    pub empty_dirs: Vec<PathBuf>,
}

/// One of N deterministic slices of a batch (`--shard K/N`): the specs sorted by path, the K-th of every
/// N (round robin, so the slices differ in size by at most one spec and a folder's specs spread over
/// them). Every machine given the same inputs agrees on the slices, so K/N for K = 1..N together render
/// exactly the batch, each spec once, with no coordination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// K, 1-based: 1 ≤ index ≤ count.
    pub index: u32,
    /// N, the number of slices.
    pub count: u32,
}

impl Shard {
    /// `K/N` with 1 ≤ K ≤ N; the error says what was expected.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let expected = || {
            format!("expected K/N with 1 ≤ K ≤ N (the K-th of N slices, e.g. 2/3), found {text:?}")
        };
        let (k, n) = text.split_once('/').ok_or_else(expected)?;
        let index: u32 = k.trim().parse().map_err(|_| expected())?;
        let count: u32 = n.trim().parse().map_err(|_| expected())?;
        if index == 0 || count == 0 || index > count {
            return Err(expected());
        }
        Ok(Shard { index, count })
    }

    /// The specs of `specs` in this slice, in their order in `specs`.
    pub fn select(&self, specs: &[PathBuf]) -> Vec<PathBuf> {
        let mut sorted: Vec<&PathBuf> = specs.iter().collect();
        sorted.sort();
        let mine: HashSet<&PathBuf> = sorted
            .into_iter()
            .enumerate()
            .filter(|(i, _)| (*i as u64) % u64::from(self.count) == u64::from(self.index - 1))
            .map(|(_, p)| p)
            .collect();
        specs.iter().filter(|s| mine.contains(s)).cloned().collect()
    }
}

/// Expands `inputs` (files, directories, glob patterns) into spec files.
pub fn plan(inputs: &[PathBuf]) -> Plan {
    let mut plan = Plan::default();
    let mut seen = HashSet::new();
    for input in inputs {
        let before = plan.specs.len();
        if input.is_dir() {
            walk(input, &mut plan, &mut seen);
            if plan.specs.len() == before {
                plan.empty_dirs.push(input.clone());
            }
        } else if !input.exists() && is_pattern(input) {
            expand(input, &mut plan, &mut seen);
        } else {
            // An existing file, or one that is not there: rendering it says so.
            add(input.clone(), &mut plan, &mut seen);
        }
    }
    plan
}

/// The output name of a spec: its file stem (as the model names the poster).
pub fn name(spec: &Path) -> String {
    spec.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "poster".into())
}

/// Whether a `.toml` text is a spec: it has a `[[blocks]]` table or a top-level `blocks = …` key.
pub fn looks_like_spec(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start();
        if line.starts_with("[[") {
            let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            compact.starts_with("[[blocks]]")
        } else if let Some(rest) = line.strip_prefix("blocks") {
            rest.trim_start().starts_with('=')
        } else {
            false
        }
    })
}

pub(super) fn is_pattern(input: &Path) -> bool {
    input.to_string_lossy().contains(['*', '?', '['])
}

fn add(spec: PathBuf, plan: &mut Plan, seen: &mut HashSet<PathBuf>) {
    if seen.insert(identity(&spec)) {
        plan.specs.push(spec);
    }
}

/// `.toml` files found (not named), in order: each a spec when it looks like one; an unreadable file is
/// kept, so that rendering it reports why. They are read in parallel: a folder holds hundreds of cards.
fn add_found(files: Vec<PathBuf>, plan: &mut Plan, seen: &mut HashSet<PathBuf>) {
    use rayon::prelude::*;
    let looked: Vec<(PathBuf, Option<PathBuf>)> = (files.into_par_iter())
        .map(|file| {
            // Within the size limit: a huge file is kept, and rendering it says it is too large.
            let spec = !matches!(crate::model::files::read_to_string(&file),
                Ok(text) if !looks_like_spec(&text));
            let identity = spec.then(|| identity(&file));
            (file, identity)
        })
        .collect();
    for (file, identity) in looked {
        match identity {
            Some(identity) => {
                if seen.insert(identity) {
                    plan.specs.push(file);
                }
            }
            None => plan.skipped.push(file),
        }
    }
}

fn is_toml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

fn skipped_dir(name: &str) -> bool {
    name.starts_with('.') || name == THEMES
}

/// Every spec below `dir`, folder by folder in name order (walkdir); symbolic links to folders are not
/// followed (no cycles), hidden and `themes` folders are not entered.
fn walk(dir: &Path, plan: &mut Plan, seen: &mut HashSet<PathBuf>) {
    let entries = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_dir()
                || !skipped_dir(&e.file_name().to_string_lossy())
        });
    let mut found = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let folder = e.path().unwrap_or(dir);
                plan.problems
                    .push(format!("{}: cannot read the folder", folder.display()));
                continue;
            }
        };
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !entry.file_type().is_dir() && is_toml(path) && !hidden && path.is_file() {
            found.push(path.to_path_buf());
        }
    }
    add_found(found, plan, seen);
}

/// The files and folders a pattern matches; files inside a `themes` or hidden folder are left out like a
/// walk would.
fn expand(pattern: &Path, plan: &mut Plan, seen: &mut HashSet<PathBuf>) {
    let text = pattern.to_string_lossy();
    let options = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: true,
    };
    let matches = match glob::glob_with(&text, options) {
        Ok(m) => m,
        Err(e) => {
            plan.problems
                .push(format!("{text}: not a valid pattern: {}", e.msg));
            return;
        }
    };
    let mut any = false;
    // Files are taken in runs between the folders matched, to keep the order of the matches.
    let mut found = Vec::new();
    for path in matches.filter_map(Result::ok) {
        any = true;
        if path.is_dir() {
            add_found(std::mem::take(&mut found), plan, seen);
            walk(&path, plan, seen);
        } else if is_toml(&path) && !in_skipped_dir(&path) {
            found.push(path);
        }
    }
    add_found(found, plan, seen);
    if !any {
        plan.problems.push(format!("{text}: no file matches"));
    }
}

fn in_skipped_dir(path: &Path) -> bool {
    path.parent().is_some_and(|p| {
        p.components().any(|c| match c {
            std::path::Component::Normal(n) => skipped_dir(&n.to_string_lossy()),
            _ => false,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_has_blocks() {
        assert!(looks_like_spec(
            "[page]\nwidth = 1\n\n[[blocks]]\ntype = \"divider\"\n"
        ));
        assert!(looks_like_spec("  [[ blocks ]]\n"));
        assert!(looks_like_spec("blocks = [{ type = \"divider\" }]\n"));
        assert!(!looks_like_spec("[size]\nheadline = 64\n"));
        assert!(!looks_like_spec("[package]\nname = \"blocks\"\n"));
        assert!(!looks_like_spec("# [[blocks]] in a comment\n"));
        assert!(!looks_like_spec("[[blocksmith]]\n"));
    }

    #[test]
    fn shards_are_disjoint_and_cover_the_batch() {
        assert!(Shard::parse("0/3").is_err());
        assert!(Shard::parse("4/3").is_err());
        assert!(Shard::parse("1/0").is_err());
        assert!(Shard::parse("x/3").is_err());
        assert!(Shard::parse("3").is_err());
        assert_eq!(Shard::parse("2/3"), Ok(Shard { index: 2, count: 3 }));
        let specs: Vec<PathBuf> = ["b.toml", "a.toml", "d/c.toml", "e.toml", "c.toml"]
            .iter()
            .map(PathBuf::from)
            .collect();
        // The order given does not matter: the slices come from the sorted paths.
        let mut reversed = specs.clone();
        reversed.reverse();
        let mut all = Vec::new();
        for k in 1..=3 {
            let shard = Shard { index: k, count: 3 };
            let slice = shard.select(&specs);
            let mut other = shard.select(&reversed);
            other.reverse();
            assert_eq!(slice, other);
            assert!((1..=2).contains(&slice.len()));
            all.extend(slice);
        }
        all.sort();
        let mut expected = specs.clone();
        expected.sort();
        assert_eq!(all, expected);
        assert_eq!(Shard { index: 1, count: 1 }.select(&specs), specs);
    }

    #[test]
    fn skipped_dirs_are_themes_and_hidden_ones() {
        assert!(in_skipped_dir(Path::new("config/themes/house.toml")));
        assert!(in_skipped_dir(Path::new("x/.git/y.toml")));
        assert!(!in_skipped_dir(Path::new("./config/card.toml")));
        assert!(!in_skipped_dir(Path::new("../config/card.toml")));
    }
}
