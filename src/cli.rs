//! Command-line arguments (clap), turned into library options.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use yitu::{Format, Options, PngCompression, PngOptions, SvgOptions, SvgText};

#[derive(Debug, Parser)]
#[command(
    name = "yitu",
    version,
    about = "一图: TOML descriptions of headline figures → Chinese infographic posters"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// When messages are coloured: auto (when standard error is a terminal and NO_COLOR is not set),
    /// always, or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

impl ColorArg {
    /// Whether to colour: `always` and `never` say so; `auto` colours a terminal unless `NO_COLOR` is set
    /// to anything but the empty string (no-color.org).
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stderr().is_terminal()
            }
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render spec files into images: DIR/NAME.png, DIR/NAME.svg (NAME = the spec's file stem), in
    /// parallel, skipping specs whose outputs are current.
    #[command(after_help = RENDER_EXAMPLES)]
    Render(RenderArgs),
    /// Render like `render`, then again whenever a spec or a file it reads is saved (Ctrl-C stops). An
    /// invalid save prints its errors and keeps the last good outputs.
    #[command(after_help = WATCH_EXAMPLES)]
    Watch(RenderArgs),
    /// Serve the render API (`POST /render` with a spec as the body → the image) and a live preview of
    /// the folder's specs at `/`; every file a spec names must be inside the folder.
    #[cfg(feature = "serve")]
    #[command(after_help = SERVE_EXAMPLES)]
    Serve(ServeArgs),
    /// List the font families a spec (or any spec in a folder) can name in `[theme.fonts]`: the
    /// compiled-in faces and those of its font folders, with their weights and files.
    Fonts(FontsArgs),
    /// List the size presets (`[page] preset`, `--variants`): name, size and what it is for.
    Presets,
    /// Write a starter spec into the current folder: poster (default), card, chart or print.
    #[command(after_help = INIT_EXAMPLES)]
    Init(InitArgs),
    /// Print the JSON Schema of a spec file, for completion and checking in editors (Taplo, Even
    /// Better TOML): `yitu schema > yitu.schema.json`, then `#:schema ./yitu.schema.json` atop a spec.
    #[command(after_help = SCHEMA_EXAMPLES)]
    Schema,
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell), e.g.
    /// `yitu completions bash > /etc/bash_completion.d/yitu`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[cfg(feature = "serve")]
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The folder to serve: its specs on the preview page; files named by any spec (posted or saved)
    /// are found only inside it.
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
    /// The port to listen on; 0 picks a free one (printed on start).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The address to listen on: 127.0.0.1 (this machine only) unless given, 0.0.0.0 for every
    /// interface (in a container).
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: std::net::IpAddr,
    /// Seconds one render may take before the request is answered 504.
    #[arg(long, default_value_t = yitu::serve::RENDER_SECONDS, value_parser = clap::value_parser!(u64).range(1..=3_600))]
    pub timeout: u64,
    /// Renders at once (default: one per core); more requests wait in a queue.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
}

const RENDER_EXAMPLES: &str = "Examples:
  yitu render config/stat-card.toml               output/stat-card.png and .svg
  yitu render config/ -f png,pdf --out build      every spec below config/, PNG and PDF
  yitu render \"cards/**/*.toml\" -j 2 -q           a pattern, two at a time, errors only
  yitu render card.toml --variants weibo,douyin   also at other presets: card.weibo.png …
  yitu render card.toml -o card.png               exactly one file
  cat card.toml | yitu render - -o - > card.png   a pipe: spec in, PNG out
  yitu render card.toml --diagnostic-format json  problems as JSON lines, for editors and CI
  yitu render cards/ --shard 2/4                  the 2nd of 4 slices (a CI matrix, a Job index)";

const WATCH_EXAMPLES: &str = "Examples:
  yitu watch config/                  render, then again on every save (Ctrl-C stops)
  yitu watch card.toml -f png -o out  one spec, PNG only, into out/";

const INIT_EXAMPLES: &str = "Examples:
  yitu init                 poster.toml, a long 一图读懂 poster
  yitu init card            card.toml, a social card
  yitu init print --force   print.toml, an A4 page, replacing one there";

const SCHEMA_EXAMPLES: &str = "Examples:
  yitu schema > yitu.schema.json   then `#:schema ./yitu.schema.json` on a spec's first line
                                   (Taplo, Even Better TOML)";

#[cfg(feature = "serve")]
const SERVE_EXAMPLES: &str = "Examples:
  yitu serve config/                  the preview at http://127.0.0.1:8080/, the API at /render
  yitu serve . --port 0               any free port (printed on start)
  yitu serve /srv/specs --bind 0.0.0.0 --timeout 10   in a container
  curl --data-binary @card.toml 'localhost:8080/render?format=png' -o card.png";

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Which starter: a long poster, a social card, a chart, or a print page.
    #[arg(value_enum, default_value_t = Template::Poster)]
    pub template: Template,
    /// Replace a file of the same name.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Template {
    Poster,
    Card,
    Chart,
    Print,
}

impl Template {
    /// The file written and its text.
    pub fn file(self) -> (&'static str, &'static str) {
        match self {
            Template::Poster => ("poster.toml", include_str!("../templates/poster.toml")),
            Template::Card => ("card.toml", include_str!("../templates/card.toml")),
            Template::Chart => ("chart.toml", include_str!("../templates/chart.toml")),
            Template::Print => ("print.toml", include_str!("../templates/print.toml")),
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct FontsArgs {
    /// A spec file or a folder: the font folders are those beside it and above it.
    #[arg(default_value = ".", value_name = "SPEC|DIR")]
    pub place: PathBuf,
    /// Font folders to list first, as `render --font-path` takes them.
    #[arg(long = "font-path", value_name = "DIR", value_parser = parse_folder)]
    pub font_path: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// Spec files, directories (every spec below them, `themes/` folders left out) or quoted glob
    /// patterns ("cards/**/*.toml"); `-` reads one spec from standard input.
    #[arg(required = true, value_name = "SPEC|DIR|GLOB|-")]
    pub files: Vec<PathBuf>,
    /// Render every spec, even those whose outputs are current.
    #[arg(long)]
    pub force: bool,
    /// Output directory; or, for one spec, one file to write (`card.png`, its format from the
    /// extension) or `-` for standard output (the one format of --format, PNG by default).
    #[arg(long, short, default_value = "output", value_name = "DIR|FILE|-")]
    pub out: PathBuf,
    /// Formats to write, comma-separated: png, svg, pdf, jpeg (or jpg), webp, txt (the text and text
    /// alternatives in reading order).
    #[arg(long, short, value_delimiter = ',', default_values = ["png", "svg"], value_parser = parse_format)]
    pub format: Vec<Format>,
    /// How SVG text is written: outlines (portable, default) or live (<text> elements).
    #[arg(long, value_enum, default_value_t = SvgTextArg::Outlines)]
    pub svg_text: SvgTextArg,
    /// Pixels (PNG, JPEG, WebP) per layout pixel (2 for a double-resolution image).
    #[arg(long, default_value_t = 1.0, value_parser = parse_scale)]
    pub scale: f32,
    /// PNG compression: fast (default) or small (about half the bytes, several times slower).
    #[arg(long, value_enum, default_value_t = PngCompressionArg::Fast)]
    pub png_compression: PngCompressionArg,
    /// Resolution written into the PNG (pHYs) and JPEG (JFIF) files, in dots per inch; labels the
    /// pixels without changing their number (that is --scale).
    #[arg(long, default_value_t = 72.0, value_parser = parse_dpi)]
    pub dpi: f32,
    /// JPEG quality, 1–100.
    #[arg(long, default_value_t = 90, value_parser = clap::value_parser!(u8).range(1..=100))]
    pub jpeg_quality: u8,
    /// Size presets to render besides each spec's own page, comma-separated (xiaohongshu,a4), instead
    /// of the spec's `page.variants`: each to NAME.PRESET.EXT.
    #[arg(long, value_delimiter = ',', value_parser = parse_preset)]
    pub variants: Option<Vec<&'static str>>,
    /// Seconds one spec may take before it is reported as failed and the batch goes on without it.
    #[arg(long, default_value_t = yitu::model::limits::RENDER_SECONDS, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub timeout: u64,
    /// How problems are written: for people (a snippet of the spec under each), or as JSON, one object
    /// a line with severity, file, line, column, key, message and help.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub diagnostic_format: DiagnosticFormat,
    /// How many threads render: specs at once, and the bands of a page (default: one per core).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
    /// Render only the K-th of N slices of the specs (sorted by path, every N-th): run `--shard 1/N` …
    /// `--shard N/N` on N machines (a CI matrix, Kubernetes Indexed Jobs) to render the batch once,
    /// with no coordination.
    #[arg(long, value_name = "K/N", value_parser = yitu::batch::Shard::parse)]
    pub shard: Option<yitu::batch::Shard>,
    /// Say only what failed: no progress, no per-spec lines, no warnings, no summary.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also list unchanged specs and every file written, even on a terminal.
    #[arg(long, short)]
    pub verbose: bool,
    /// Also write one overview image of all pages of each carousel (NAME.PRESET-contact.png), for
    /// reviewing the cards at a glance.
    #[arg(long)]
    pub contact_sheet: bool,
    /// A folder of fonts (.ttf, .otf) whose families a theme can name, before the `fonts/` folders
    /// beside each spec and above it; may be given more than once.
    #[arg(long = "font-path", value_name = "DIR", value_parser = parse_folder)]
    pub font_path: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PngCompressionArg {
    Fast,
    Small,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SvgTextArg {
    Outlines,
    Live,
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        format!("unknown format `{s}`; expected one of {}", names.join(", "))
    })
}

fn parse_preset(s: &str) -> Result<&'static str, String> {
    match yitu::model::preset::preset(s) {
        Some(p) => Ok(p.name),
        None => {
            let names = yitu::model::preset::names();
            let hint = yitu::diagnostics::did_you_mean(s, &names)
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            Err(format!(
                "unknown preset `{s}`{hint}; expected one of {}",
                names.join(", ")
            ))
        }
    }
}

fn parse_folder(s: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(s);
    if path.is_dir() {
        Ok(path)
    } else {
        Err(format!("expected a folder of fonts, found no folder `{s}`"))
    }
}

fn parse_dpi(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(v) if v.is_finite() && (1.0..=10_000.0).contains(&v) => Ok(v),
        _ => Err(format!(
            "expected dots per inch between 1 and 10000, found `{s}`"
        )),
    }
}

use yitu::model::limits::{MAX_SCALE, MIN_SCALE};

fn parse_scale(s: &str) -> Result<f32, String> {
    match s.parse::<f32>() {
        Ok(v) if v.is_finite() && (MIN_SCALE..=MAX_SCALE).contains(&v) => Ok(v),
        _ => Err(format!(
            "expected a number from {MIN_SCALE} to {MAX_SCALE}, found `{s}`"
        )),
    }
}

/// Where `render -o` writes a single output.
pub enum SingleOutput {
    Stdout,
    File(PathBuf, Format),
}

impl RenderArgs {
    /// `-o -`, or `-o NAME.EXT` with the extension of a format: one file rather than a folder.
    pub fn single_output(&self) -> Option<SingleOutput> {
        if self.out.as_os_str() == "-" {
            return Some(SingleOutput::Stdout);
        }
        let ext = self.out.extension()?.to_str()?;
        Format::parse(ext).map(|f| SingleOutput::File(self.out.clone(), f))
    }

    pub fn options(&self) -> Options {
        let text = match self.svg_text {
            SvgTextArg::Outlines => SvgText::Outlines,
            SvgTextArg::Live => SvgText::Live,
        };
        let compression = match self.png_compression {
            PngCompressionArg::Fast => PngCompression::Fast,
            PngCompressionArg::Small => PngCompression::Small,
        };
        Options::default()
            .out_dir(&self.out)
            .formats(self.format.iter().copied())
            .svg(SvgOptions::default().text(text))
            .png(
                PngOptions::default()
                    .scale(self.scale)
                    .compression(compression)
                    .dpi(self.dpi),
            )
            .jpeg(yitu::JpegOptions::default().quality(self.jpeg_quality))
            .variants(self.variants.clone())
            .time_budget(std::time::Duration::from_secs(self.timeout))
            .font_paths(self.font_path.iter().cloned())
            .contact_sheet(self.contact_sheet)
    }
}
