//! The library's front door: spec file → outputs on disk. Every output is produced in memory first and
//! only then written (each atomically), so a failing render writes nothing and a finished one is complete.

use std::path::{Path, PathBuf};

use crate::diagnostics::{SpecError, Warning};
use crate::export::{self, ExportError, PngOptions, SvgOptions, SvgText};
use crate::layout::{layout, Layout, LayoutError};
use crate::model::{self, Poster};
use crate::text::fonts::FontBook;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    Png,
    Svg,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }

    /// Parses a format name as written on the command line.
    pub fn parse(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "png" => Some(Format::Png),
            "svg" => Some(Format::Svg),
            _ => None,
        }
    }
}

/// What to render and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Output directory. Default `output`.
    pub out_dir: PathBuf,
    /// Formats to write. Default PNG and SVG.
    pub formats: Vec<Format>,
    /// Default: glyphs as outlines.
    pub svg: SvgOptions,
    /// Default: scale 1.
    pub png: PngOptions,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            out_dir: PathBuf::from("output"),
            formats: vec![Format::Png, Format::Svg],
            svg: SvgOptions::default(),
            png: PngOptions::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec is malformed or invalid: the user's to fix.
    #[error("{0}")]
    Spec(#[from] SpecError),
    /// The content does not fit the page: the user's to fix.
    #[error("{path}: {source}")]
    Layout { path: PathBuf, source: LayoutError },
    #[error("{path}: {source}")]
    Export { path: PathBuf, source: ExportError },
}

impl Error {
    /// Whether the input is at fault (exit code 2) rather than the machine (exit code 1).
    pub fn is_input_error(&self) -> bool {
        matches!(self, Error::Spec(_) | Error::Layout { .. })
    }
}

/// One encoded output.
#[derive(Debug, Clone)]
pub struct Output {
    pub format: Format,
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// What a render produced.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub outputs: Vec<Output>,
    pub warnings: Vec<Warning>,
}

/// Lays a validated poster out with the bundled fonts.
pub fn render_poster(poster: &Poster) -> Result<Layout, LayoutError> {
    layout(poster, FontBook::bundled())
}

/// Loads, lays out, encodes and writes one spec file. Nothing is written unless every format encoded.
pub fn render_file(path: &Path, options: &Options) -> Result<Rendered, Error> {
    let poster = model::load_file(path)?;
    let laid_out = render_poster(&poster).map_err(|source| Error::Layout { path: path.to_path_buf(), source })?;
    let outputs = encode(&poster.name, &laid_out, options).map_err(|source| Error::Export { path: path.to_path_buf(), source })?;
    for output in &outputs {
        export::write_atomic(&output.path, &output.bytes)
            .map_err(|source| Error::Export { path: path.to_path_buf(), source })?;
    }
    Ok(Rendered { outputs, warnings: laid_out.warnings })
}

/// Encodes a layout in every requested format, in memory.
pub fn encode(name: &str, laid_out: &Layout, options: &Options) -> Result<Vec<Output>, ExportError> {
    let book = FontBook::bundled();
    let mut formats = options.formats.clone();
    formats.sort();
    formats.dedup();
    // PNG is always drawn from the outline SVG, whatever the SVG output's text mode.
    let outline_svg = export::to_svg(&laid_out.scene, book, &SvgOptions { text: SvgText::Outlines });
    let mut outputs = Vec::new();
    for format in formats {
        let bytes = match format {
            Format::Png => export::svg_to_png(&outline_svg, &options.png)?,
            Format::Svg if options.svg.text == SvgText::Outlines => outline_svg.clone().into_bytes(),
            Format::Svg => export::to_svg(&laid_out.scene, book, &options.svg).into_bytes(),
        };
        let path = options.out_dir.join(format!("{name}.{}", format.extension()));
        outputs.push(Output { format, path, bytes });
    }
    Ok(outputs)
}
