//! Validation of a raw spec that toml has accepted: the [`Checker`] walks the raw values, builds the model
//! from them and gathers every problem it meets instead of stopping at the first. Split by what it checks:
//! the theme, the page and its margins, print sizes and prepress keys, the blocks, the items of lists and
//! stat grids, charts and the CSV files they read, the theme files a spec extends and the data file of
//! figures its values may refer to, and the shared readers of single values (numbers, colours, texts,
//! figures).

mod annotations;
mod blocks;
mod chart;
mod csv;
mod data;
pub use data::FigureFile;
mod fonts;
mod icons;
mod image;
mod notes;
pub use notes::marker as note_marker;
mod items;
mod page;
mod print;
mod sheet;
mod table;
mod theme;
mod values;

pub(in crate::model) use blocks::block_types;
pub(in crate::model) use chart::chart_kind_names;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Problem, SourceFile};
use crate::model::files;
use crate::model::{Dependency, MissingGlyphs};
use crate::text::fonts::FontBook;
use crate::text::lang::Lang;

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
    /// The file whose values are being checked when it is not the spec (a theme file): spans given to
    /// [`Checker::problem`] are then spans of that file.
    current: Option<SourceFile>,
    /// The spec's data file of figures, for values written `{ data = "NAME" }`.
    data: data::DataFile,
    /// How texts are checked for characters no font draws: read before any text is checked.
    pub(super) text_check: TextCheck,
    /// The folders fonts are looked for in (`text::fonts::font_folders`).
    pub(super) font_folders: Vec<PathBuf>,
    /// The language of the copy (`[page] lang`), read before the theme.
    pub(super) lang: Lang,
    /// The image files read so far, each once.
    images: Vec<Arc<crate::model::ImageSource>>,
    /// Raster pixels and SVG path segments drawn so far, each mention of a picture counted.
    drawn: (u64, usize),
}

/// What a character no font of the poster's book draws does, and the book.
#[derive(Clone)]
pub(super) struct TextCheck {
    /// `[page] missing_glyphs`.
    pub(super) missing: MissingGlyphs,
    /// The poster's fonts, once the theme is known; the compiled-in ones before.
    pub(super) fonts: Arc<FontBook>,
}

impl<'a> Checker<'a> {
    pub(super) fn new(src: &'a str) -> Self {
        Checker {
            src,
            dir: None,
            problems: Vec::new(),
            dependencies: Vec::new(),
            current: None,
            data: data::DataFile::None,
            text_check: TextCheck {
                missing: MissingGlyphs::Error,
                fonts: FontBook::bundled().clone(),
            },
            font_folders: Vec::new(),
            lang: Lang::Hans,
            images: Vec::new(),
            drawn: (0, 0),
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
        let problem = match &self.current {
            Some(file) => Problem::in_file(file, span, key, message),
            None => Problem::at(self.src, span, key, message),
        };
        self.problems.push(problem);
        self.problems.last_mut().expect("just pushed")
    }

    /// Runs `f` with problems placed in `file` (`None`: the spec).
    fn in_file<T>(&mut self, file: Option<&SourceFile>, f: impl FnOnce(&mut Self) -> T) -> T {
        let saved = std::mem::replace(&mut self.current, file.cloned());
        let result = f(self);
        self.current = saved;
        result
    }

    /// Reads the file named by `v` (a path relative to `dir`, or to the spec's folder) as UTF-8 text and
    /// records it as a dependency. A path that is empty, a file that cannot be read or is not UTF-8 is
    /// reported at `v` under `key` (`what` names the kind of file, `a theme file`), and gives `None`.
    fn read_named(
        &mut self,
        v: &crate::spec::Spanned<String>,
        dir: Option<&Path>,
        key: &str,
        what: &str,
    ) -> Option<SourceFile> {
        let written = v.get_ref();
        if written.trim().is_empty() {
            self.problem(
                v.span(),
                key,
                format!("expected the path of {what}, found {written:?}"),
            );
            return None;
        }
        let path: PathBuf = dir.or(self.dir).unwrap_or(Path::new("")).join(written);
        let shown = path.display().to_string();
        let bytes = match files::read(&path) {
            Ok(b) => b,
            Err(e) => {
                self.unreadable(v.span(), key, what, &shown, &e);
                return None;
            }
        };
        self.dependencies.push(Dependency {
            path: path.clone(),
            bytes: bytes.as_slice().into(),
            used: None,
            figures: Vec::new(),
        });
        // A CSV file may be in the GBK Chinese Excel writes; every other file is UTF-8.
        let decoded = if files::has_extension(written, "csv") {
            csv::decode(bytes)
        } else {
            String::from_utf8(bytes).map_err(|e| e.into_bytes())
        };
        match decoded {
            Ok(text) => Some(SourceFile::new(path, text)),
            Err(bytes) => {
                let valid = std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), str::len);
                let line = bytes[..valid].iter().filter(|b| **b == b'\n').count() + 1;
                self.problem(
                    v.span(),
                    key,
                    format!(
                        "{written}:{line}: expected UTF-8 text, found bytes that are not UTF-8"
                    ),
                )
                .help = Some(
                    "save the file as UTF-8; other encodings such as GBK cannot be read".into(),
                );
                None
            }
        }
    }

    /// Reports a file named at `span` under `key` that could not be read (`what`: `a theme file`).
    pub(super) fn unreadable(
        &mut self,
        span: Range<usize>,
        key: &str,
        what: &str,
        shown: &str,
        e: &files::FileError,
    ) {
        let name = key.rsplit('.').next().unwrap_or(key);
        let naming = if self.current.is_some() {
            "the file that names it"
        } else {
            "the spec file"
        };
        let (message, help) = match e {
            files::FileError::TooLarge(_) => (
                format!("expected {what} of at most {}, found {e}", files::limit()),
                format!(
                    "split the file, or keep in it only what the spec uses: {what} may hold at most {}",
                    files::limit()
                ),
            ),
            // The path as resolved would tell where the served folder is: not shown.
            files::FileError::Outside => (
                format!("expected {what} inside the folder being served, found {e}"),
                format!("the server reads only files inside its folder: give `{name}` a path relative to {naming} that stays inside it"),
            ),
            _ => (
                format!("expected {what} at {shown:?}, found {e}"),
                format!("the path of `{name}` is relative to the folder of {naming}"),
            ),
        };
        self.problem(span, key, message).help = Some(help);
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
