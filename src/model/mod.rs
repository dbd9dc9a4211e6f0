//! model: what a spec file means. Built from the raw `spec` by validation; every value here is already
//! checked (colours parsed, sizes positive, texts non-empty where required), so later stages never fail on
//! input. The theme is the built-in default (`config/themes/default.toml`) with the spec's overrides applied.

mod alt;
mod check;
pub use check::FigureFile;
mod color;
pub(crate) mod files;
pub mod icons;
pub mod image;
pub mod limits;
mod load;
pub mod preset;
pub mod schema;
mod theme;
mod toml_errors;

pub use color::{Cmyk, Color};
pub use image::{ImageFormat, ImageSource};
pub(crate) use load::read_spec;
pub use load::{default_theme, load_file, load_str, load_str_with};
pub use theme::{Palette, Spacing, Theme, ThemeFonts, TypeScale};

use std::path::PathBuf;
use std::sync::Arc;

/// One validated graphic.
#[derive(Debug, Clone, PartialEq)]
pub struct Poster {
    /// The spec file's stem: names the outputs.
    pub name: String,
    /// Further presets to render the graphic at (`[page] variants`), validated names.
    pub variants: Vec<&'static str>,
    /// The page: its size in pixels, margins, background, print settings and page furniture.
    pub page: Page,
    /// The colours, type scale, spacing and fonts: the built-in theme with the spec's and its theme files' keys applied.
    pub theme: Theme,
    /// The blocks, top to bottom, in the order of the spec's `[[blocks]]`.
    pub blocks: Vec<Block>,
    /// The files the spec read besides itself, in the order read: the theme files it extends (nearest
    /// first), its data file of figures, the CSV files of its charts.
    pub dependencies: Vec<Dependency>,
    /// The fonts its text is set in: a chain of faces per role and weight, the language and the
    /// Han–Latin space (`text::fonts::FontBook`).
    pub fonts: std::sync::Arc<crate::text::fonts::FontBook>,
}

/// A file a spec read besides itself, with its bytes exactly as they were read: incremental rendering
/// fingerprints what was rendered, not what is on disk a moment later.
#[derive(Clone, PartialEq)]
pub struct Dependency {
    /// The path as written in the spec, joined to the spec's folder (for a theme file named by another
    /// theme file, to that file's folder).
    pub path: PathBuf,
    /// The file's bytes as read.
    pub bytes: Arc<[u8]>,
    /// For a data file of figures, of which a spec shows only the figures it refers to: those figures,
    /// one `KEY<tab>VALUE` line each in the order of the file, which is all of the file the outputs
    /// depend on. A fingerprint may hash this instead of `bytes`, so that editing a figure re-renders only
    /// the specs showing it. `None`: every byte matters.
    pub used: Option<Arc<[u8]>>,
    /// For a data file of figures: the names of the figures in `used`, in the same order, so that a
    /// batch can recompute `used` from the file alone ([`FigureFile::used`]). Empty otherwise.
    pub figures: Vec<String>,
}

impl std::fmt::Debug for Dependency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dependency")
            .field("path", &self.path)
            .field("bytes", &self.bytes.len())
            .field(
                "used",
                &self.used.as_ref().map(|u| String::from_utf8_lossy(u)),
            )
            .finish()
    }
}

/// The page a poster is laid out on, in pixels of that page (the spec's design already scaled for a preset, a size in mm or a variant).
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Width in pixels (> 0).
    pub width: f32,
    /// Fixed height in pixels, or `None` for a page that grows with its content.
    pub height: Option<f32>,
    /// Margins in pixels of the page (scaled with the design, and moved out of a preset's safe areas).
    pub margin: Margins,
    /// The page's colour (`[page] background`, else the theme's `background`).
    pub background: Color,
    /// The preset the size came from, if any.
    pub preset: Option<&'static str>,
    /// Pixels per inch of the layout: 96 for screen sizes (CSS pixels), the chosen dpi for print pages.
    pub dpi: f32,
    /// The dpi print pages of this graphic are laid out at (`[page] dpi`, default 300): `dpi` itself on a
    /// print page, and what a print variant of a screen page is sized at.
    pub print_dpi: f32,
    /// Where text must not go.
    pub safe: preset::SafeArea,
    /// The trimmed size in mm of a page made for print (a print preset, or a size given in mm); `None`
    /// for a screen page. The PDF's TrimBox is exactly this.
    pub size_mm: Option<SizeMm>,
    /// Bleed and crop marks for a print page's PDF (ignored on screen pages; kept for print variants).
    pub prepress: Prepress,
    /// What content taller than the page (a fixed page, a preset, a variant) does.
    pub overflow: Overflow,
    /// `[page] fit` as written; `None`: the default, see [`Page::shrinks`].
    pub fit: Option<Fit>,
    /// What a character no bundled font covers does (`[page] missing_glyphs`).
    pub missing_glyphs: MissingGlyphs,
    /// How much the spec's design (margins, type, spacing, written for its own pixels or, for a preset or
    /// a size in mm, for a page [`preset::DESIGN_WIDTH`] wide) has been scaled for this page: 1 as
    /// written. A variant is scaled from the design, not from an already scaled page.
    pub design_scale: f32,
    /// The masthead or logo on every page (`[page] logo`).
    pub logo: Option<Logo>,
    /// A raster picture covering the page, under everything (`[page] background_image`).
    pub background_image: Option<Arc<ImageSource>>,
    /// A raster picture covering the headline's band, under its text (`[page] band_image`).
    pub band_image: Option<Arc<ImageSource>>,
}

/// Content taller than a fixed page: an error at the key that fixed the height (the default, so nothing
/// is ever silently clipped or split), or set on as many pages as it takes — a carousel of cards for
/// Xiaohongshu or Instagram, a multi-page PDF for print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Overflow {
    /// An error at the key that fixed the page's height (`overflow = "error"`, the default).
    #[default]
    Error,
    /// On as many pages as it takes (`overflow = "pages"`): a carousel on a screen preset, pages on paper.
    Pages,
}

/// Content a little too tall for a fixed page: type and spacing set smaller, down to
/// [`Fit::FLOOR`] of the design, before the page is reported as too small (or continued on more pages);
/// or kept at the design's sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Set type and spacing smaller, down to [`Fit::FLOOR`] (`fit = "shrink"`).
    Shrink,
    /// Keep the design's sizes (`fit = "none"`).
    None,
}

impl Fit {
    /// The smallest share of the design's type and spacing `fit = "shrink"` goes down to: a quarter
    /// smaller still reads as the same design; below that a designer would cut copy instead.
    pub const FLOOR: f32 = 0.75;
}

/// A character no bundled font covers: an input error at the key of its text (the default, so that a
/// name is never printed without one of its characters), or left out of the drawing with a warning
/// (`missing_glyphs = "drop"`, for a social card where an emoji may go missing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissingGlyphs {
    /// An input error at the key of the text (the default).
    #[default]
    Error,
    /// Left out of the drawing, with a warning (`missing_glyphs = "drop"`).
    Drop,
}

impl Page {
    /// Whether the page was sized for a platform or paper (a preset or a size in mm) rather than drawn at
    /// the spec's own pixels: layout then adapts the design to it (type grown to fill a tall page, a stat
    /// grid on one row on a landscape page).
    pub fn is_sized_for_output(&self) -> bool {
        self.preset.is_some() || self.size_mm.is_some()
    }

    /// Whether content too tall for this fixed page is set smaller first (`fit`): as written, else on a
    /// page sized for output (a preset, a size in mm, every variant), where the design is re-laid anyway.
    pub fn shrinks(&self) -> bool {
        self.height.is_some()
            && match self.fit {
                Some(fit) => fit == Fit::Shrink,
                None => self.is_sized_for_output(),
            }
    }
}

/// A print page's trimmed size in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SizeMm {
    /// The trimmed width in mm.
    pub width: f32,
    /// `None`: the page grows with its content, and its height in mm follows from its pixels and dpi.
    pub height: Option<f32>,
}

/// What a printer needs around a print page: background extended past the trim by `bleed_mm`, and crop
/// marks outside the bleed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prepress {
    /// Background past the trim on every side, mm (`[page] bleed`, 0 to 20; 0 for none).
    pub bleed_mm: f32,
    /// Crop marks at the corners, outside the bleed (`[page] crop_marks`).
    pub crop_marks: bool,
}

impl Default for Prepress {
    /// 3 mm bleed and crop marks: what printers ask for.
    fn default() -> Self {
        Prepress {
            bleed_mm: 3.0,
            crop_marks: true,
        }
    }
}

/// Space kept free of content on each side of a page, in pixels of the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    /// Above the first block, pixels.
    pub top: f32,
    /// Right of the column, pixels.
    pub right: f32,
    /// Below the last block, pixels.
    pub bottom: f32,
    /// Left of the column, pixels.
    pub left: f32,
}

/// A block with where it came from, so later warnings (a missing glyph) can name it.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Human description for messages, e.g. `blocks[4] (paragraph)`.
    pub origin: String,
    /// What the block is, with its checked content.
    pub kind: BlockKind,
    /// The text alternative the spec gives (`alt`); see [`Block::alt_text`] for the one used.
    pub alt: Option<String>,
}

/// What a block is: one variant a `type` of `[[blocks]]`, with what that type draws.
#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    /// The title on a band of the primary colour (`type = "headline"`).
    Headline(Headline),
    /// A short line above or below the headline, in the accent colour (`type = "kicker"`).
    Kicker {
        /// The kicker's text.
        text: String,
    },
    /// A chapter or numbered section heading (`type = "section"`).
    Section(Section),
    /// Justified body text with an optional bold lead-in (`type = "paragraph"`).
    Paragraph(Paragraph),
    /// One figure, full width (`type = "stat"`).
    Stat(Stat),
    /// Figures on cards in a grid (`type = "stats"`).
    StatGrid(StatGrid),
    /// A bulleted or numbered list (`type = "list"`).
    List(List),
    /// A chart (`type = "chart"`).
    Chart(Chart),
    /// A thin rule (`type = "divider"`).
    Divider,
    /// The credit line, small and right-aligned (`type = "credit"`).
    Credit {
        /// The credit line's text (记者 …, 整理 …).
        text: String,
    },
    /// A picture: a photo, an illustration, a map (`type = "image"`).
    Image(Image),
    /// A QR code with an optional caption (`type = "qr"`).
    Qr(Qr),
    /// A table of figures (`type = "table"`).
    Table(Table),
    /// Notes under the block before it (`notes` of a block), or at the page's foot (`[page] notes`).
    Notes(Notes),
}

pub use check::note_marker;

impl BlockKind {
    /// Every text the block prints, in reading order (a stat's label, figure and unit as one text:
    /// `新增返乡创业 1.2万人以上`). Charts give their title, labels and legend, and source; pictures
    /// their caption and credit.
    pub fn texts(&self) -> Vec<String> {
        let join = |parts: &[Option<&str>]| -> String {
            parts
                .iter()
                .flatten()
                .filter(|p| !p.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let stat = |s: &Stat| {
            let figure = format!(
                "{}{}{}{}",
                s.prefix.as_deref().unwrap_or(""),
                s.value,
                s.unit.as_deref().unwrap_or(""),
                s.qualifier.as_deref().unwrap_or("")
            );
            join(&[s.label.as_deref(), Some(&figure), s.after.as_deref()])
        };
        match self {
            BlockKind::Headline(Headline::Text(t)) => vec![t.clone()],
            BlockKind::Headline(Headline::Lines(l)) => vec![l.concat()],
            BlockKind::Kicker { text } | BlockKind::Credit { text } => vec![text.clone()],
            BlockKind::Section(s) => vec![join(&[s.number.as_deref(), Some(&s.title)])],
            BlockKind::Paragraph(p) => {
                vec![format!("{}{}", p.lead.as_deref().unwrap_or(""), p.text)]
            }
            BlockKind::Stat(s) => vec![stat(s)],
            BlockKind::StatGrid(g) => g.items.iter().map(stat).collect(),
            BlockKind::List(l) => l.items.clone(),
            BlockKind::Chart(c) => {
                let mut out: Vec<String> = c.title.iter().cloned().collect();
                out.extend(c.labels.iter().cloned());
                out.extend(c.series.iter().filter_map(|s| s.name.clone()));
                out.extend(c.center.iter().cloned());
                out.extend(c.annotations.references.iter().map(|r| r.label.clone()));
                out.extend(c.annotations.bands.iter().filter_map(|b| b.label.clone()));
                out.extend(c.annotations.callouts.iter().map(|c| c.text.clone()));
                out.extend(c.source.iter().cloned());
                out
            }
            BlockKind::Divider => Vec::new(),
            BlockKind::Image(i) => i.caption.iter().chain(&i.credit).cloned().collect(),
            BlockKind::Qr(q) => q.caption.iter().cloned().collect(),
            BlockKind::Table(t) => {
                let mut out: Vec<String> = t.title.iter().cloned().collect();
                out.push(t.header.join(" "));
                out.extend(
                    t.rows
                        .iter()
                        .map(|r| r.iter().map(TableCell::text).collect::<Vec<_>>().join(" ")),
                );
                out.extend(t.source.iter().cloned());
                out
            }
            BlockKind::Notes(n) => n.items.clone(),
        }
    }
}

/// Notes set small: under a block, or at the page's foot above a closing credit.
#[derive(Debug, Clone, PartialEq)]
pub struct Notes {
    /// Each note as written, its marker (①, *) first when it has one.
    pub items: Vec<String>,
    /// The page's notes (with a short rule above them) rather than a block's.
    pub page: bool,
}

/// A table of figures: a header row and rows of cells, numeric columns aligned on the decimal point.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The title above the table, bold.
    pub title: Option<String>,
    /// The header row's cells, 1 to 12.
    pub header: Vec<String>,
    /// Each row has `header.len()` cells.
    pub rows: Vec<Vec<TableCell>>,
    /// Whether each column holds figures (right-aligned on the decimal point).
    pub numeric: Vec<bool>,
    /// Index of the highlighted row.
    pub highlight: Option<usize>,
    /// The line under the table naming where its figures come from.
    pub source: Option<String>,
}

/// A cell as it is printed.
#[derive(Debug, Clone, PartialEq)]
pub enum TableCell {
    /// A text cell, set from the left.
    Text(String),
    /// A figure, already written (`1.2万`, `6.0`, `−3.5`).
    Number(String),
}

impl TableCell {
    /// The cell's text as printed, whichever kind it is.
    pub fn text(&self) -> &str {
        match self {
            TableCell::Text(t) | TableCell::Number(t) => t,
        }
    }
}

/// A picture block: a photo, an illustration, a map.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// The picture, read and checked once (shared by every block naming the same file).
    pub source: Arc<ImageSource>,
    /// How the picture fills its box (`fit`; default [`ImageFit::Width`] without a height, [`ImageFit::Cover`] with one).
    pub fit: ImageFit,
    /// Where the box sits in the column, and a contained picture in its box (`align`, default centre).
    pub align: HAlign,
    /// Width of the box in pixels of the design (scaled with the page); `None`: the column's width.
    pub width: Option<f32>,
    /// Height of the box in pixels of the design; `None`: the picture's own proportions at the box's
    /// width.
    pub height: Option<f32>,
    /// Corner radius in pixels of the design.
    pub radius: f32,
    /// The line under the picture, left-aligned.
    pub caption: Option<String>,
    /// Where the picture is from (图片来源 / 摄影).
    pub credit: Option<String>,
}

/// How a picture fills its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFit {
    /// The box's width, the picture's proportions (the default; the box is as tall as the picture).
    Width,
    /// Whole within the box, aligned by `align`.
    Contain,
    /// Filling the box, cropped about its centre.
    Cover,
}

/// Where something sits across the column: `align = "left" | "center" | "right"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HAlign {
    /// At the column's left edge.
    Left,
    /// Centred in the column (the default).
    Center,
    /// At the column's right edge.
    Right,
}

/// A QR code block: a link or a text, drawn as vector squares.
#[derive(Debug, Clone, PartialEq)]
pub struct Qr {
    /// What the code encodes: a link or any text, up to 1 000 characters.
    pub text: String,
    /// The code's side with its quiet zone, in pixels of the design.
    pub width: f32,
    /// Where the code sits in the column.
    pub align: HAlign,
    /// The line centred under the code (扫码阅读全文).
    pub caption: Option<String>,
}

/// The masthead or logo on every page (`[page] logo`).
#[derive(Debug, Clone, PartialEq)]
pub struct Logo {
    /// The logo's file, read and checked once.
    pub source: Arc<ImageSource>,
    /// Above the headline or at the foot of the page (`[page] logo_position`).
    pub position: LogoPosition,
    /// Height in pixels of the design.
    pub height: f32,
}

/// Where the logo goes (`[page] logo_position`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoPosition {
    /// Above the headline, on its band (or at the top of the page when there is no band).
    Band,
    /// At the foot of the page, below the last block.
    Foot,
}

/// A headline's text: broken by yitu or by hand.
#[derive(Debug, Clone, PartialEq)]
pub enum Headline {
    /// Broken automatically, by meaning, balanced.
    Text(String),
    /// Lines set by hand.
    Lines(Vec<String>),
}

/// A section heading (`type = "section"`).
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The number shown in the badge of a level-2 heading, as written (1, "一").
    pub number: Option<String>,
    /// An icon in the badge instead of a number (bundled or an SVG file), drawn in `on_primary`.
    pub icon: Option<Arc<ImageSource>>,
    /// The heading's text.
    pub title: String,
    /// 1 = chapter heading, 2 = numbered section heading.
    pub level: u8,
}

/// A paragraph (`type = "paragraph"`).
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// Set in bold before the text, on the same line.
    pub lead: Option<String>,
    /// The body text, justified.
    pub text: String,
}

/// One figure with its words: a `stat` block or a cell of a stat grid.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stat {
    /// The label above the figure.
    pub label: Option<String>,
    /// A word before the figure, set small on its baseline like the unit: 近 / 约 / 超 / 上限.
    pub prefix: Option<String>,
    /// The figure as it is to be printed ("1.2", "1355", "“1+10”").
    pub value: String,
    /// The unit after the figure, smaller, on its baseline (万人, %).
    pub unit: Option<String>,
    /// A word after the unit, smaller still (以上).
    pub qualifier: Option<String>,
    /// A label below the figure.
    pub after: Option<String>,
    /// An icon above the label (bundled or an SVG file), in the primary colour.
    pub icon: Option<Arc<ImageSource>>,
}

/// A stat grid (`type = "stats"`): figures on cards, rows wrapping, cells of a row sharing a height.
#[derive(Debug, Clone, PartialEq)]
pub struct StatGrid {
    /// 1..=6
    pub columns: usize,
    /// The cells, in reading order, at most 1 000.
    pub items: Vec<Stat>,
}

/// The marks of a list (`style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStyle {
    /// A bullet before each item (the default).
    Bullet,
    /// The item's number before it: 1. 2. 3.
    Number,
}

/// A list (`type = "list"`).
#[derive(Debug, Clone, PartialEq)]
pub struct List {
    /// Bullets or numbers.
    pub style: ListStyle,
    /// The items' texts, in order.
    pub items: Vec<String>,
    /// An icon as every item's bullet (bundled or an SVG file), in the primary colour.
    pub icon: Option<Arc<ImageSource>>,
}

/// A chart: categories, one or more series of values, and how to present them. Validated: every series
/// has one finite value per label, pies hold no negative value, rings and progress bars stay within `max`.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Which chart is drawn (`kind`).
    pub kind: ChartKind,
    /// The title above the chart.
    pub title: Option<String>,
    /// Category labels (bars, columns, x positions, pie slices). Non-empty.
    pub labels: Vec<String>,
    /// One or more series, each with `labels.len()` values.
    pub series: Vec<Series>,
    /// Unit written after value labels ("%", "亿元", "个").
    pub unit: Option<String>,
    /// Index of the highlighted category.
    pub highlight: Option<usize>,
    /// Source line under the chart, e.g. "数据来源：周口市政府工作报告".
    pub source: Option<String>,
    /// Plot height in pixels; `None` = a default for the kind (or the space left on a fixed page).
    pub height: Option<f32>,
    /// How value labels and ticks are written.
    pub number: crate::text::number::NumberFormat,
    /// The whole of a ring or progress bar (default 100).
    pub max: f64,
    /// Text in the middle of a donut or ring; default: the value (ring) or the total (donut). Set like
    /// a stat's figure: the numeral large, what comes before and after it small.
    pub center: Option<String>,
    /// Donut and ring: a word before the figure in the middle (约, 近), small, as a stat's `prefix`.
    pub prefix: Option<String>,
    /// Donut and ring: a word after the figure's unit (左右, 以上), smaller still, as a stat's.
    pub qualifier: Option<String>,
    /// Reference lines, bands and callouts (bar, column, line and stacked charts).
    pub annotations: Annotations,
}

/// What a chart marks besides its data: lines at a value (a target), highlighted ranges, notes on
/// single points.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Annotations {
    /// Dashed lines across the plot at a value (`reference`).
    pub references: Vec<Reference>,
    /// Tinted ranges under the data (`band`).
    pub bands: Vec<Band>,
    /// Notes on single data points (`callout`).
    pub callouts: Vec<Callout>,
}

/// A line across the plot at `value`, labelled (目标 5%).
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// Where the line is, on the value axis.
    pub value: f64,
    /// As shown: the spec's label and the value (`目标 5%`), or the label alone when it has a figure.
    pub label: String,
}

/// A highlighted range: of values (a band across the plot) or of categories (from one label to
/// another, both included).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BandRange {
    /// From one value to another, the lower first.
    Values(f64, f64),
    /// From one category to another (indices of the labels), both included, the first first.
    Labels(usize, usize),
}

/// A highlighted range of a chart, tinted under its data, with an optional label.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// What it spans.
    pub range: BandRange,
    /// What it is (疫情期间), set small at its top.
    pub label: Option<String>,
}

/// A note on the value of series `series` at category `index`.
#[derive(Debug, Clone, PartialEq)]
pub struct Callout {
    /// The category (an index of the labels).
    pub index: usize,
    /// The series (an index of the series).
    pub series: usize,
    /// The note (历史最高).
    pub text: String,
}

/// The chart kinds (`kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Horizontal bars: long Chinese labels read best beside the bar.
    Bar,
    /// Vertical columns (`"column"`).
    Column,
    /// A line through the points (`"line"`): at least two labels.
    Line,
    /// Slices of a whole (`"pie"`): one series, no negative value.
    Pie,
    /// Slices around a hole (`"donut"`), with `center` text in it.
    Donut,
    /// One value out of `max` as an arc (a gauge), e.g. 财政民生支出占比 76.3%.
    Ring,
    /// One bar per label filled to value / max.
    Progress,
    /// Each label's series stacked into one horizontal bar (`"stacked-bar"`).
    StackedBar,
    /// Each label's series stacked into one column (`"stacked-column"`).
    StackedColumn,
}

/// One series of a chart: a value for each of the chart's labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Shown in the legend when there is more than one series.
    pub name: Option<String>,
    /// The values, one a label, finite, within the model's limits.
    pub values: Vec<f64>,
    /// The decimals its figures share, by scale word (plain, 万, 亿): `precision` when the chart gives
    /// one, else as many as the most precise figure needs (6.0 beside 6.7). See
    /// [`crate::text::number::shared_decimals`].
    pub decimals: [u8; 3],
}
