//! Loading: spec text → raw spec (serde, with spans) → validated [`Poster`]. This file holds the entry
//! points and the overall flow; the checks themselves live in `check/`, the rewording of toml's errors in
//! `toml_errors.rs`.
//!
//! TOML syntax errors, wrong types and unknown keys come from toml's deserializer and stop at the first
//! one. Everything after that (block types, which keys a block takes, required keys, impossible values,
//! colours) is checked by the [`Checker`], and every problem of the file is gathered before returning.

use std::path::{Path, PathBuf};

use super::check::Checker;
use super::files;
use super::toml_errors::problem_from_toml;
use super::{preset, Poster, Theme};
use crate::diagnostics::{Problem, SpecError};
use crate::spec;
use crate::text::fonts::font_folders;

/// Reads and loads the spec at `path`. An unreadable file is a [`SpecError`] with one problem and no
/// position.
pub fn load_file(path: impl AsRef<Path>) -> Result<Poster, SpecError> {
    let path = path.as_ref();
    load_str(&read_spec(path)?, path)
}

/// The text of the spec at `path`, read within [`super::limits::FILE_BYTES`]; a file that cannot be read,
/// is too large or is not UTF-8 is a [`SpecError`] with one problem and no position.
pub(crate) fn read_spec(path: &Path) -> Result<String, SpecError> {
    files::read_to_string(path).map_err(|e| {
        let problem = match &e {
            files::FileError::TooLarge(_) => Problem::whole_file(
                "",
                format!("expected a spec of at most {}, found {e}", files::limit()),
            )
            .with_help(format!(
                "split it into several specs, or move long data into CSV files: a spec may hold at most {}",
                files::limit()
            )),
            files::FileError::Io(io) => {
                Problem::whole_file("", format!("cannot read the file: {io}"))
            }
            _ => Problem::whole_file("", format!("cannot read the file: found {e}")),
        };
        SpecError::single(path, "", problem)
    })
}

/// A spec is designed, like every spec, for a page [`preset::DESIGN_WIDTH`] pixels wide: one that names
/// its own size preset or gives its size in mm is laid out on that page with margins and type scaled the
/// same way a variant's are.
fn at_own_size(poster: Poster) -> Poster {
    if poster.page.preset.is_none() && poster.page.size_mm.is_none() {
        return poster;
    }
    let mut design = poster.clone();
    design.page.width = preset::DESIGN_WIDTH;
    design.page.height = None;
    let mut sized = preset::relay(&design, &preset::Target::of(&poster.page));
    sized.variants = poster.variants;
    sized
}

/// Loads a spec from its text. `path` names the file in messages, its stem names the poster, and files the
/// spec refers to (a theme file it extends, its data file of figures, a chart's CSV `data`) are read
/// relative to its folder.
pub fn load_str(source: &str, path: &Path) -> Result<Poster, SpecError> {
    load_str_with(source, path, &[])
}

/// [`load_str`], with font folders given besides those found beside the spec and above it
/// (`--font-path`).
pub fn load_str_with(
    source: &str,
    path: &Path,
    font_paths: &[PathBuf],
) -> Result<Poster, SpecError> {
    let raw = match spec::parse(source) {
        Ok(raw) => raw,
        Err(e) => {
            return Err(SpecError::single(
                path,
                source,
                problem_from_toml(source, &e),
            ))
        }
    };
    let mut c = Checker::for_file(source, path);
    c.font_folders = font_folders(path, font_paths);
    c.missing_glyphs(raw.page.as_ref());
    c.lang(raw.page.as_ref());
    let theme = c.theme(raw.theme.as_ref());
    c.font_book(&theme.fonts, raw.page.as_ref());
    c.data_file(raw.data.as_ref());
    let variants = c.variants(raw.page.as_ref());
    let mut page = c.page(raw.page.as_ref(), &theme, &variants);
    page.logo = c.logo(raw.page.as_ref());
    (page.background_image, page.band_image) = c.page_images(raw.page.as_ref());
    let blocks = match &raw.blocks {
        None => {
            c.problems.push(Problem::whole_file(
                "blocks",
                "expected at least one [[blocks]] entry, found none",
            ));
            Vec::new()
        }
        Some(b) if b.get_ref().is_empty() => {
            c.problem(
                b.span(),
                "blocks",
                "expected at least one block, found an empty array",
            );
            Vec::new()
        }
        Some(b) => c.blocks(b),
    };
    let mut blocks = blocks;
    c.page_notes(raw.page.as_ref(), &mut blocks);
    c.finish_data();
    if c.problems.is_empty() {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "poster".into());
        let poster = Poster {
            name,
            variants,
            page,
            theme,
            blocks,
            dependencies: c.dependencies,
            fonts: c.text_check.fonts,
        };
        Ok(at_own_size(poster))
    } else {
        let mut problems = c.problems;
        // The spec's problems first, then those of each other file (a theme file, the data file).
        problems.sort_by(|a, b| {
            let file = |p: &Problem| p.file.as_ref().map(|f| f.path.clone());
            (file(a), a.line, a.column).cmp(&(file(b), b.line, b.column))
        });
        Err(SpecError {
            path: path.to_path_buf(),
            source_text: source.to_owned(),
            problems,
        })
    }
}

/// The built-in theme (`config/themes/default.toml`), with no overrides.
pub fn default_theme() -> Theme {
    Checker::new("").theme(None)
}

#[cfg(test)]
#[path = "load_tests.rs"]
mod tests;
