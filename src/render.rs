//! The library's front door: spec file → outputs on disk. Every output is produced in memory first and
//! only then written (each atomically), so a failing render writes nothing and a finished one is complete.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Problem, SpecError, Warning};
use crate::export::{self, ExportError, PngOptions, SvgOptions, SvgText};
use crate::layout::{layout, Layout, LayoutError};
use crate::model::{self, Poster};
use crate::spec;
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
    /// The spec is malformed or invalid, or its content does not fit its page: the user's to fix.
    #[error("{0}")]
    Spec(#[from] SpecError),
    #[error("{path}: {source}")]
    Export { path: PathBuf, source: ExportError },
}

impl Error {
    /// Whether the input is at fault (exit code 2) rather than the machine (exit code 1).
    pub fn is_input_error(&self) -> bool {
        matches!(self, Error::Spec(_))
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

/// Loads, lays out, encodes and writes one spec file. Nothing is written unless every format encoded,
/// and the files are swapped in together (see [`export::write_all_atomic`]).
pub fn render_file(path: &Path, options: &Options) -> Result<Rendered, Error> {
    let source = std::fs::read_to_string(path).map_err(|e| {
        SpecError::single(
            path,
            "",
            Problem::whole_file("", format!("cannot read the file: {e}")),
        )
    })?;
    let poster = model::load_str(&source, path)?;
    let laid_out = render_poster(&poster).map_err(|e| does_not_fit(path, &source, e))?;
    let outputs = encode(&poster.name, &laid_out, options).map_err(|source| Error::Export {
        path: path.to_path_buf(),
        source,
    })?;
    let files: Vec<(&Path, &[u8])> = outputs
        .iter()
        .map(|o| (o.path.as_path(), o.bytes.as_slice()))
        .collect();
    export::write_all_atomic(&files).map_err(|source| Error::Export {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(Rendered {
        outputs,
        warnings: laid_out.warnings,
    })
}

/// Content taller than a fixed page is the spec's problem: point at the `height` that is too small.
fn does_not_fit(path: &Path, source: &str, e: LayoutError) -> Error {
    let message = format!(
        "expected a height that holds the content: it needs {:.0} px, the page is {:.0} px",
        e.needed, e.height
    );
    let help = "remove content, set a larger height, or use height = \"auto\"";
    let problem = match spec::page_height_span(source) {
        Some(span) => Problem::at(source, span, "page.height", message),
        None => Problem::whole_file("page.height", message),
    };
    Error::Spec(SpecError::single(path, source, problem.with_help(help)))
}

/// Encodes a layout in every requested format, in memory.
pub fn encode(
    name: &str,
    laid_out: &Layout,
    options: &Options,
) -> Result<Vec<Output>, ExportError> {
    let book = FontBook::bundled();
    let mut formats = options.formats.clone();
    formats.sort();
    formats.dedup();
    // PNG is always drawn from the outline SVG, whatever the SVG output's text mode.
    let outline_svg = export::to_svg(
        &laid_out.scene,
        book,
        &SvgOptions {
            text: SvgText::Outlines,
        },
    );
    let mut outputs = Vec::new();
    for format in formats {
        let bytes = match format {
            Format::Png => export::svg_to_png(&outline_svg, &options.png)?,
            Format::Svg if options.svg.text == SvgText::Outlines => {
                outline_svg.clone().into_bytes()
            }
            Format::Svg => export::to_svg(&laid_out.scene, book, &options.svg).into_bytes(),
        };
        let path = options
            .out_dir
            .join(format!("{name}.{}", format.extension()));
        outputs.push(Output {
            format,
            path,
            bytes,
        });
    }
    Ok(outputs)
}
