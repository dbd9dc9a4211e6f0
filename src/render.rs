//! The library's front door: spec file → outputs on disk. Every output is produced in memory first and
//! only then written (each atomically), so a failing render writes nothing and a finished one is complete.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::diagnostics::{Problem, SpecError, Warning};
use crate::export::{self, ExportError, JpegOptions, PdfOptions, PngOptions, SvgOptions};
use crate::layout::{layout, layout_pages, Layout, LayoutError};
use crate::model::{self, limits, Poster};
use crate::spec;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// Lossless pixels, with the dpi recorded (pHYs).
    Png,
    /// Vector: glyphs as outlines by default, so no font is needed to view it (live text with
    /// [`SvgOptions`]); pictures embedded.
    Svg,
    /// A PDF: every page of the graphic in one file; on a print page CMYK, with trim, bleed and crop marks.
    Pdf,
    /// Lossy pixels, flattened onto the page's background; written with the `.jpg` extension.
    Jpeg,
    /// Lossless WebP pixels.
    Webp,
    /// The poster's text and its figures' text alternatives in reading order (for a CMS's alt field).
    Txt,
}

impl Format {
    /// Every format, in the order outputs are produced.
    pub const ALL: [Format; 6] = [
        Format::Png,
        Format::Svg,
        Format::Pdf,
        Format::Jpeg,
        Format::Webp,
        Format::Txt,
    ];

    /// The file extension, also the format's name on the command line.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
            Format::Pdf => "pdf",
            Format::Jpeg => "jpg",
            Format::Webp => "webp",
            Format::Txt => "txt",
        }
    }

    /// The format's name as the command line takes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "jpeg",
            other => other.extension(),
        }
    }

    /// Whether the format is pixels, rasterised from the outline SVG.
    pub fn is_raster(self) -> bool {
        matches!(self, Format::Png | Format::Jpeg | Format::Webp)
    }

    /// Parses a format name as written on the command line (`jpg` is `jpeg`).
    pub fn parse(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "png" => Some(Format::Png),
            "svg" => Some(Format::Svg),
            "pdf" => Some(Format::Pdf),
            "jpeg" | "jpg" => Some(Format::Jpeg),
            "webp" => Some(Format::Webp),
            "txt" | "text" => Some(Format::Txt),
            _ => None,
        }
    }
}

/// What to render and where.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Options {
    /// Output directory. Default `output`.
    pub out_dir: PathBuf,
    /// Formats to write. Default PNG and SVG.
    pub formats: Vec<Format>,
    /// Default: glyphs as outlines.
    pub svg: SvgOptions,
    /// Default: scale 1, 72 dpi. The scale and dpi apply to JPEG and WebP too.
    pub png: PngOptions,
    /// Default: quality 90.
    pub jpeg: JpegOptions,
    /// Default: 96 scene pixels per inch (CSS pixels: 1 px = 0.75 pt).
    pub pdf: PdfOptions,
    /// Presets to render besides each spec's own page, instead of its `page.variants` (`--variants`);
    /// `None`: each spec's own list.
    pub variants: Option<Vec<&'static str>>,
    /// How long one spec of a batch may take before it is reported as failed and given up on
    /// (`--timeout`). Default [`limits::RENDER_SECONDS`].
    pub time_budget: Duration,
    /// Font folders to look in before those beside each spec and above it (`--font-path`).
    pub font_paths: Vec<PathBuf>,
    /// Also write one overview PNG of the pages of each graphic that has several (`--contact-sheet`):
    /// `NAME-contact.png`, `NAME.PRESET-contact.png`.
    pub contact_sheet: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            out_dir: PathBuf::from("output"),
            formats: vec![Format::Png, Format::Svg],
            svg: SvgOptions::default(),
            png: PngOptions::default(),
            jpeg: JpegOptions::default(),
            pdf: PdfOptions::default(),
            variants: None,
            time_budget: Duration::from_secs(limits::RENDER_SECONDS),
            font_paths: Vec::new(),
            contact_sheet: false,
        }
    }
}

/// Builders, for code outside this crate (the struct is `#[non_exhaustive]`, so that an option added
/// later breaks nobody): `Options::default().formats([Format::Png]).out_dir("cards")`.
impl Options {
    /// The output directory.
    pub fn out_dir(mut self, out_dir: impl Into<PathBuf>) -> Self {
        self.out_dir = out_dir.into();
        self
    }

    /// The formats to write.
    pub fn formats(mut self, formats: impl IntoIterator<Item = Format>) -> Self {
        self.formats = formats.into_iter().collect();
        self
    }

    /// How SVG is written.
    pub fn svg(mut self, svg: SvgOptions) -> Self {
        self.svg = svg;
        self
    }

    /// Scale, compression and dpi of the pixel formats.
    pub fn png(mut self, png: PngOptions) -> Self {
        self.png = png;
        self
    }

    /// JPEG quality.
    pub fn jpeg(mut self, jpeg: JpegOptions) -> Self {
        self.jpeg = jpeg;
        self
    }

    /// PDF page geometry.
    pub fn pdf(mut self, pdf: PdfOptions) -> Self {
        self.pdf = pdf;
        self
    }

    /// Presets to render besides each spec's page (`None`: each spec's own `page.variants`).
    pub fn variants(mut self, variants: Option<Vec<&'static str>>) -> Self {
        self.variants = variants;
        self
    }

    /// How long one spec of a batch may take.
    pub fn time_budget(mut self, time_budget: Duration) -> Self {
        self.time_budget = time_budget;
        self
    }

    /// Font folders to look in first.
    pub fn font_paths(mut self, font_paths: impl IntoIterator<Item = PathBuf>) -> Self {
        self.font_paths = font_paths.into_iter().collect();
        self
    }

    /// Whether to write an overview PNG of a graphic's pages.
    pub fn contact_sheet(mut self, contact_sheet: bool) -> Self {
        self.contact_sheet = contact_sheet;
        self
    }
}

impl Options {
    /// These options for one page: a print page (a print preset or a size in mm, laid out at its dpi)
    /// gets its trim, bleed and crop marks in the PDF and its dpi in the PNG's pHYs and JPEG's density. A
    /// screen page keeps the options as they are (PDF at 96 px per inch, PNG at `--dpi`, default 72).
    pub fn for_page(&self, page: &model::Page) -> Options {
        let mut options = self.clone();
        if page.size_mm.is_some() {
            options.pdf.dpi = page.dpi;
            options.png.dpi = page.dpi;
        }
        options.pdf.print = page.size_mm.map(|size| export::PrintPage {
            width_mm: size.width,
            height_mm: size.height,
            bleed_mm: page.prepress.bleed_mm,
            crop_marks: page.prepress.crop_marks,
        });
        options
    }
}

/// Why a render failed; [`Error::is_input_error`] sorts the user's problems from the machine's.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec is malformed or invalid, or its content does not fit its page: the user's to fix.
    #[error("{0}")]
    Spec(#[from] SpecError),
    /// Some graphics of the spec (a variant the content does not fit) could not be made and are the
    /// user's to fix; the others were made and `written`.
    #[error("{error}")]
    Partial {
        /// The problems of the graphics that could not be made.
        error: SpecError,
        /// The files of the graphics that were made and written.
        written: Vec<PathBuf>,
    },
    /// An output could not be encoded or written: the machine's problem (a full disk, a folder not
    /// writable), not the spec's.
    #[error("{path}: {source}")]
    Export {
        /// The spec whose outputs they were.
        path: PathBuf,
        /// What went wrong.
        source: ExportError,
    },
    /// yitu panicked on the spec: a bug in yitu, caught so the rest of the batch goes on.
    #[error("{}: yitu crashed on this spec ({message}); this is a bug in yitu, not in the spec: please report it with the spec", spec.display())]
    Crashed {
        /// The spec file.
        spec: PathBuf,
        /// The panic's message and, when the binary's hook caught it, its place.
        message: String,
    },
    /// The spec took longer than the time budget and was given up on; nothing of it was written.
    #[error("{}: not finished after {seconds} s, the time a spec may take (--timeout); given up on, nothing written. Unless the spec is very large this is a bug in yitu: please report it with the spec", spec.display())]
    TimedOut {
        /// The spec file.
        spec: PathBuf,
        /// The time budget it went past, seconds (`--timeout`).
        seconds: f64,
    },
}

impl Error {
    /// Whether the input is at fault (exit code 2) rather than the machine (exit code 1).
    pub fn is_input_error(&self) -> bool {
        matches!(self, Error::Spec(_) | Error::Partial { .. })
    }
}

/// One encoded output.
#[derive(Debug, Clone)]
pub struct Output {
    /// Which format the bytes are in.
    pub format: Format,
    /// Where the output goes: `OUT_DIR/NAME.EXT`; `NAME.PRESET.EXT` for a variant, `NAME-01.EXT` for
    /// each page of several (two digits, or as many as the count needs), `NAME-contact.png` for a contact
    /// sheet.
    pub path: PathBuf,
    /// The encoded file.
    pub bytes: Vec<u8>,
}

/// What a render produced.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// Every encoded file, in memory, not yet written.
    pub outputs: Vec<Output>,
    /// What layout left out or changed (a dropped character, a soft picture), for the user to see.
    pub warnings: Vec<Warning>,
    /// The graphics (the spec's own page, variants) that could not be made, as input errors at their
    /// keys; `outputs` holds the others. `None`: every graphic was made.
    pub failed: Option<SpecError>,
}

/// Lays a validated poster out with its fonts.
pub fn render_poster(poster: &Poster) -> Result<Layout, LayoutError> {
    layout(poster)
}

/// Loads, lays out, encodes and writes one spec file. Nothing is written unless every format encoded,
/// and the files are swapped in together (see [`export::write_all_atomic`]).
///
/// A spec some of whose graphics could not be made (a variant the content does not fit) writes the
/// others and returns [`Error::Partial`], an input error.
pub fn render_file(path: &Path, options: &Options) -> Result<Rendered, Error> {
    let spec = load_spec_with(path, &options.font_paths)?;
    let mut rendered = render_loaded(&spec, options)?;
    write_outputs(path, &rendered.outputs)?;
    match rendered.failed.take() {
        Some(error) => Err(Error::Partial {
            error,
            written: rendered.outputs.into_iter().map(|o| o.path).collect(),
        }),
        None => Ok(rendered),
    }
}

/// A spec file read and validated: its text (for messages) and what it means.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The spec file's path as given: names it in messages; files it names are found beside it.
    pub path: PathBuf,
    /// The spec's text, for the snippets of later messages (a page the content does not fit).
    pub source: String,
    /// The validated graphic.
    pub poster: Poster,
}

/// Reads and validates the spec at `path`. An unreadable file is a [`SpecError`] with one problem.
pub fn load_spec(path: &Path) -> Result<Loaded, Error> {
    load_spec_with(path, &[])
}

/// [`load_spec`] with font folders to look in before those beside the spec and above it.
pub fn load_spec_with(path: &Path, font_paths: &[PathBuf]) -> Result<Loaded, Error> {
    let source = model::read_spec(path)?;
    let poster = model::load_str_with(&source, path, font_paths)?;
    Ok(Loaded {
        path: path.to_path_buf(),
        source,
        poster,
    })
}

/// Lays a loaded spec out and encodes it in every requested format, in memory; writes nothing.
///
/// Each graphic of the spec — its own page, and each variant — is made or fails on its own: a variant
/// the content cannot fit (or one past a limit) is reported in [`Rendered::failed`] and the others are
/// still made. Within one graphic it is all or nothing: every page in every format, or none of them. When
/// no graphic could be made at all, the problems are the error.
pub fn render_loaded(spec: &Loaded, options: &Options) -> Result<Rendered, Error> {
    let poster = &spec.poster;
    let mut outputs = Vec::new();
    let mut warnings = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    let mut graphic = |name: &str,
                       laid_out: &Poster,
                       variant: Option<(VariantOrigin, &str)>|
     -> Result<(), Error> {
        let made = layout_pages(laid_out)
            .map_err(|e| does_not_fit(spec, e, variant))
            .and_then(|pages| {
                check_pages(spec, &pages, options, variant)?;
                Ok(pages)
            });
        match made {
            Ok(pages) => {
                outputs.extend(
                    encode_pages(name, &pages, &options.for_page(&laid_out.page)).map_err(
                        |source| Error::Export {
                            path: spec.path.clone(),
                            source,
                        },
                    )?,
                );
                warnings.extend(pages.into_iter().flat_map(|p| p.warnings));
                Ok(())
            }
            Err(Error::Spec(e)) => {
                problems.extend(e.problems);
                Ok(())
            }
            Err(other) => Err(other),
        }
    };
    graphic(&poster.name, poster, None)?;
    // Each variant is the same graphic re-laid at a preset, written as NAME.PRESET.EXT.
    let (variants, from_spec) = match &options.variants {
        Some(list) => (list.as_slice(), false),
        None => (poster.variants.as_slice(), true),
    };
    for (i, name) in variants.iter().enumerate() {
        let preset =
            crate::model::preset::preset(name).expect("variants are validated preset names");
        let variant = crate::model::preset::variant(poster, preset);
        let origin = if from_spec {
            VariantOrigin::Spec(i)
        } else {
            VariantOrigin::CommandLine
        };
        graphic(
            &format!("{}.{name}", poster.name),
            &variant,
            Some((origin, name)),
        )?;
    }
    warnings.dedup();
    let failed = (!problems.is_empty()).then(|| SpecError {
        path: spec.path.clone(),
        source_text: spec.source.clone(),
        problems,
    });
    match failed {
        Some(e) if outputs.is_empty() => Err(Error::Spec(e)),
        failed => Ok(Rendered {
            outputs,
            warnings,
            failed,
        }),
    }
}

/// Writes a render's outputs all or nothing (see [`export::write_all_atomic`]); `spec` names the spec in
/// the error.
pub fn write_outputs(spec: &Path, outputs: &[Output]) -> Result<(), Error> {
    let files: Vec<(&Path, &[u8])> = outputs
        .iter()
        .map(|o| (o.path.as_path(), o.bytes.as_slice()))
        .collect();
    export::write_all_atomic(&files).map_err(|source| Error::Export {
        path: spec.to_path_buf(),
        source,
    })
}

/// What the layout made, against the limits no spec may pass whatever its keys say: a page grown taller
/// than a page may be (`height = "auto"`), too many pages, and a page too large in pixels for the
/// pixel formats asked for at `--scale`. Checked before anything is drawn.
fn check_pages(
    spec: &Loaded,
    pages: &[Layout],
    options: &Options,
    variant: Option<(VariantOrigin, &str)>,
) -> Result<(), Error> {
    let at = |key, message, help| page_error(spec, variant, key, message, help);
    if pages.len() > limits::PAGES {
        return Err(at(
            "overflow",
            format!(
                "expected content for at most {} pages, found content for {}",
                limits::PAGES,
                pages.len()
            ),
            "split the content into several specs, or give a taller page".into(),
        ));
    }
    let formats = pixel_formats(&options.formats);
    for page in pages {
        let scene = &page.scene;
        if f64::from(scene.height) > limits::PAGE_HEIGHT {
            return Err(at(
                "height",
                format!(
                    "expected content at most {} px tall, found content {} px tall",
                    limits::PAGE_HEIGHT,
                    scene.height.ceil()
                ),
                "split the content into several specs, or give a fixed `height` with `overflow = \"pages\"` to continue on more pages".into(),
            ));
        }
        if let Err(e) = export::limits::check(scene.width, scene.height, options.png.scale, formats)
        {
            let key = if scene.height >= scene.width {
                "height"
            } else {
                "width"
            };
            return Err(at(
                key,
                e.message,
                format!(
                    "use --scale {} or less, or write SVG or PDF, which have no such limit",
                    e.fits
                ),
            ));
        }
    }
    Ok(())
}

/// Which of `formats` have a size limit.
fn pixel_formats(formats: &[Format]) -> export::limits::PixelFormats {
    export::limits::PixelFormats {
        any: formats.iter().any(|f| f.is_raster()),
        webp: formats.contains(&Format::Webp),
        jpeg: formats.contains(&Format::Jpeg),
    }
}

/// Where a variant was asked for: entry `i` of the spec's `page.variants`, or `--variants`.
#[derive(Debug, Clone, Copy)]
enum VariantOrigin {
    Spec(usize),
    CommandLine,
}

/// Content taller than a fixed page is the spec's problem: point at the `height` that is too small, or at
/// the preset or variant whose page it is.
fn does_not_fit(spec: &Loaded, e: LayoutError, variant: Option<(VariantOrigin, &str)>) -> Error {
    let pages = if spec.poster.page.overflow == model::Overflow::Pages {
        // Already paginating: one block is taller than a whole page.
        ", or make the tallest block (a chart, a figure) smaller"
    } else {
        ", or set `overflow = \"pages\"` in [page] to continue on more pages"
    };
    let paginating = spec.poster.page.overflow == model::Overflow::Pages;
    let shrunk = if e.scale < 1.0 {
        format!(
            " even with type and spacing at {:.0} % of the design (`fit = \"shrink\"`)",
            e.scale * 100.0
        )
    } else {
        String::new()
    };
    let mut needs = format!(
        "it needs {:.0} px{shrunk}, the page is {:.0} px",
        e.needed, e.height
    );
    match &e.block {
        Some((block, over)) if paginating => {
            needs += &format!("; {block} is {over:.0} px taller than a page holds")
        }
        Some((block, over)) => {
            needs += &format!("; {block} ends {over:.0} px below the page's content area")
        }
        None => {}
    }
    let (key, message, help) = match variant {
        Some((_, name)) => (
            "variants",
            format!("expected content that fits the `{name}` variant: {needs}"),
            format!("leave this preset out of the variants, or shorten the content{pages}"),
        ),
        None if spec.poster.page.preset.is_some() => (
            "preset",
            format!("expected content that fits the preset's page: {needs}"),
            format!(
                "choose a taller preset (or `phone`, which grows), or shorten the content{pages}"
            ),
        ),
        None => (
            "height",
            format!("expected a height that holds the content: {needs}"),
            format!("remove content, set a larger height, or use height = \"auto\"{pages}"),
        ),
    };
    page_error(spec, variant, key, message, help)
}

/// An input error about the page at `page.KEY`, or, for a variant, at its entry in `page.variants`
/// (`--variants NAME` for one asked for on the command line, which has no place in the file).
fn page_error(
    spec: &Loaded,
    variant: Option<(VariantOrigin, &str)>,
    key: &str,
    message: String,
    help: String,
) -> Error {
    let source = spec.source.as_str();
    let (key, span) = match variant {
        Some((VariantOrigin::Spec(i), _)) => (
            format!("page.variants[{i}]"),
            spec::parse(source)
                .ok()
                .and_then(|raw| Some(raw.page?.variants?.get_ref().get(i)?.span()))
                .or_else(|| spec::page_key_span(source, "variants")),
        ),
        Some((VariantOrigin::CommandLine, name)) => (format!("--variants {name}"), None),
        None => (format!("page.{key}"), spec::page_key_span(source, key)),
    };
    let problem = match span {
        Some(span) => Problem::at(source, span, key, message),
        None => Problem::whole_file(key, message),
    };
    Error::Spec(SpecError::single(
        &spec.path,
        source,
        problem.with_help(help),
    ))
}

/// Encodes the pages of one graphic: a single page as [`encode`] does; several as one PDF holding every
/// page and, in each other format, one file a page, `NAME-01.png`, `NAME-02.png`, … (numbered with as
/// many digits as the last page needs, at least two, so they sort in order).
pub fn encode_pages(
    name: &str,
    pages: &[Layout],
    options: &Options,
) -> Result<Vec<Output>, ExportError> {
    if let [one] = pages {
        return encode(name, one, options);
    }
    let digits = pages.len().to_string().len().max(2);
    let per_page = Options {
        formats: options
            .formats
            .iter()
            .copied()
            .filter(|f| !matches!(f, Format::Pdf | Format::Txt))
            .collect(),
        ..options.clone()
    };
    let mut outputs = Vec::new();
    if !per_page.formats.is_empty() {
        for (i, page) in pages.iter().enumerate() {
            outputs.extend(encode(
                &format!("{name}-{:0digits$}", i + 1),
                page,
                &per_page,
            )?);
        }
    }
    if options.contact_sheet {
        let scenes: Vec<&crate::scene::Scene> = pages.iter().map(|p| &p.scene).collect();
        let sheet = Layout {
            scene: crate::scene::contact::contact_sheet(&scenes),
            warnings: Vec::new(),
            blocks: Vec::new(),
        };
        // At its own size whatever `--scale` (it is an overview), in PNG whatever the formats.
        let png = Options {
            formats: vec![Format::Png],
            png: export::PngOptions {
                scale: 1.0,
                ..options.png
            },
            ..options.clone()
        };
        outputs.extend(encode(&format!("{name}-contact"), &sheet, &png)?);
    }
    // One text for all the pages, like the PDF.
    if options.formats.contains(&Format::Txt) {
        let scenes: Vec<&crate::scene::Scene> = pages.iter().map(|p| &p.scene).collect();
        outputs.push(Output {
            format: Format::Txt,
            path: options.out_dir.join(format!("{name}.txt")),
            bytes: export::to_txt(&scenes).into_bytes(),
        });
    }
    if options.formats.contains(&Format::Pdf) {
        let scenes: Vec<&crate::scene::Scene> = pages.iter().map(|p| &p.scene).collect();
        outputs.push(Output {
            format: Format::Pdf,
            path: options.out_dir.join(format!("{name}.pdf")),
            bytes: export::to_pdf(&scenes, name, &options.pdf)?,
        });
    }
    Ok(outputs)
}

/// Encodes a layout in every requested format, in memory.
pub fn encode(
    name: &str,
    laid_out: &Layout,
    options: &Options,
) -> Result<Vec<Output>, ExportError> {
    let mut formats = options.formats.clone();
    formats.sort();
    formats.dedup();
    let scene = &laid_out.scene;
    if let Err(e) = export::limits::check(
        scene.width,
        scene.height,
        options.png.scale,
        pixel_formats(&formats),
    ) {
        let advice = format!("use --scale {} or less, or SVG or PDF", e.fits);
        return Err(ExportError::Encode(format!("{}: {advice}", e.message)));
    }
    // Pixels are drawn from the scene once for all the pixel formats: the PNG streamed band by band,
    // JPEG and WebP from one shared buffer.
    let drawing = if formats.iter().any(|f| f.is_raster()) {
        let bg = scene.background;
        let backdrop = (bg.a == 255).then_some([bg.r, bg.g, bg.b]);
        Some(export::Drawing::new(scene, options.png.scale, backdrop)?)
    } else {
        None
    };
    let drawing = || drawing.as_ref().expect("prepared for a pixel format");
    let whole = if formats.contains(&Format::Jpeg) || formats.contains(&Format::Webp) {
        Some(drawing().raster()?)
    } else {
        None
    };
    let raster = || whole.as_ref().expect("drawn for JPEG and WebP");
    // The formats side by side: the SVG is written while the PNG's bands are drawn and encoded.
    use rayon::prelude::*;
    (formats.par_iter())
        .map(|&format| {
            let bytes = match format {
                Format::Png => export::draw_png(drawing(), &options.png)?,
                Format::Jpeg => export::encode_jpeg(
                    raster(),
                    laid_out.scene.background,
                    options.png.dpi,
                    &options.jpeg,
                )?,
                Format::Webp => export::encode_webp(raster())?,
                Format::Pdf => export::to_pdf(&[&laid_out.scene], name, &options.pdf)?,
                Format::Svg => export::to_svg(&laid_out.scene, &options.svg).into_bytes(),
                Format::Txt => export::to_txt(&[&laid_out.scene]).into_bytes(),
            };
            let path = options
                .out_dir
                .join(format!("{name}.{}", format.extension()));
            Ok(Output {
                format,
                path,
                bytes,
            })
        })
        .collect()
}
