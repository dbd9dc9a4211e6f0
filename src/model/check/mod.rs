//! Validation of a raw spec that toml has accepted: the [`Checker`] walks the raw values, builds the model
//! from them and gathers every problem it meets instead of stopping at the first. Split by what it checks:
//! the theme, the page and its margins, the blocks, the items of lists and stat grids, charts and the CSV
//! files they read, and the shared readers of single values (numbers, colours, texts, figures).

mod blocks;
mod chart;
mod csv;
mod items;
mod page;
mod theme;
mod values;

use std::ops::Range;
use std::path::Path;

use crate::diagnostics::Problem;
use crate::model::Dependency;

pub(super) use blocks::{block_keys, block_type, block_type_names};

/// Gathers the problems of one spec's text while its values are turned into the model.
pub(super) struct Checker<'a> {
    /// The spec's text, to turn spans into lines and columns.
    src: &'a str,
    /// The spec file's folder: files named in the spec (a chart's `data`) are relative to it.
    dir: Option<&'a Path>,
    pub(super) problems: Vec<Problem>,
    /// Files read besides the spec, for [`crate::model::Poster::dependencies`].
    pub(super) dependencies: Vec<Dependency>,
}

impl<'a> Checker<'a> {
    pub(super) fn new(src: &'a str) -> Self {
        Checker {
            src,
            dir: None,
            problems: Vec::new(),
            dependencies: Vec::new(),
        }
    }

    /// A checker for the spec at `path`, reading the files it names from the spec's folder.
    pub(super) fn for_file(src: &'a str, path: &'a Path) -> Self {
        Checker {
            dir: path.parent(),
            ..Checker::new(src)
        }
    }

    pub(super) fn problem(
        &mut self,
        span: Range<usize>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Problem {
        self.problems
            .push(Problem::at(self.src, span, key, message));
        self.problems.last_mut().expect("just pushed")
    }

    fn problem_opt(&mut self, span: Option<Range<usize>>, key: &str, message: String) {
        match span {
            Some(span) => {
                self.problem(span, key, message);
            }
            None => self.problems.push(Problem::whole_file(key, message)),
        }
    }
}
