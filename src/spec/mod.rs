//! spec: the TOML file as written, one serde struct a table, every value wrapped in [`Spanned`] so that
//! errors can point at it. Nothing here is validated beyond TOML syntax, types and key names; the `model`
//! stage turns a [`RawSpec`] into a checked `Poster`.
//!
//! Serde's internally tagged and untagged enums buffer their content and lose the spans, so every
//! `[[blocks]]` entry is one flat [`RawBlock`] holding every key any block kind may take; which keys are
//! valid for which `type` is checked by the model. Values that may have more than one type are either a
//! [`toml::Value`] (leaves: a stat's `value`, a section's `number`, the page's `width` and `height`) or a
//! small enum with a hand-written visitor that keeps the spans of what is inside ([`RawMargin`],
//! [`RawItem`]).

mod figures;
mod keypath;
mod schema;
mod span;

pub use figures::{parse_figures, RawFigure};
pub use keypath::key_path_at;
pub use span::Spanned;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// A whole spec file.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSpec {
    // Tables are not wrapped in `Spanned`: toml has no span for an implicit table (`[theme.size]` with no
    // `[theme]`), and `Spanned` then fails to deserialize.
    /// `[page]`: the page's size (pixels, a length for print, or a preset), margins, background, variants, print options and logo.
    pub page: Option<RawPage>,
    /// `[theme]`: colours, type sizes, spacing and font families overriding the built-in theme.
    pub theme: Option<RawTheme>,
    /// A file of named figures (TOML or CSV), relative to the spec's folder, that values may refer to
    /// with `{ data = "NAME" }`.
    pub data: Option<Spanned<String>>,
    /// The blocks drawn top to bottom, one `[[blocks]]` table each; their `type` says what each is.
    pub blocks: Option<Spanned<Vec<Spanned<RawBlock>>>>,
}

/// `[page]`
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPage {
    /// A number of pixels, or a length with its unit for a print page (`"250mm"`, `"25cm"`, `"9.8in"`).
    #[schemars(with = "Option<schema::Length>")]
    pub width: Option<Spanned<toml::Value>>,
    /// A number of pixels, a length with its unit, or `"auto"`.
    #[schemars(with = "Option<schema::Height>")]
    pub height: Option<Spanned<toml::Value>>,
    /// Margins in pixels of the design (scaled with the page on a preset, a size in mm or a variant): one
    /// number for every side, or `{ top, right, bottom, left }` (default 64 on each side).
    pub margin: Option<RawMargin>,
    /// The page's colour, `"#RRGGBB"` or `"cmyk(c, m, y, k)"` (default: the theme's `background`).
    pub background: Option<Spanned<String>>,
    /// A size preset by name (`model::preset`), instead of width and height.
    pub preset: Option<Spanned<String>>,
    /// Dots per inch for print pages and print variants (default 300).
    pub dpi: Option<Spanned<f64>>,
    /// Further presets to render the same graphic at, each to `NAME.PRESET.EXT`.
    pub variants: Option<Spanned<Vec<Spanned<String>>>>,
    /// Bleed of a print page in mm (default 3; 0 for none).
    pub bleed: Option<Spanned<f64>>,
    /// Crop marks on a print page's PDF (default true).
    pub crop_marks: Option<Spanned<bool>>,
    /// What content taller than a fixed page does: `"error"` (default) or `"pages"`.
    #[schemars(extend("enum" = ["error", "pages"]))]
    pub overflow: Option<Spanned<String>>,
    /// Content a little too tall for a fixed page: `"shrink"` (default for presets, sizes in mm and
    /// variants) sets type and spacing smaller, down to a floor; `"none"` keeps the design's sizes.
    #[schemars(extend("enum" = ["shrink", "none"]))]
    pub fit: Option<Spanned<String>>,
    /// What a character no bundled font covers does: `"error"` (default) or `"drop"`.
    #[schemars(extend("enum" = ["error", "drop"]))]
    pub missing_glyphs: Option<Spanned<String>>,
    /// The language of the copy, a BCP 47 tag: `"zh-Hans"` (default), `"zh-Hant-TW"`, `"zh-Hant-HK"`.
    pub lang: Option<Spanned<String>>,
    /// The masthead or logo (PNG, JPEG, WebP, SVG), relative to the spec's folder, on every page.
    pub logo: Option<Spanned<String>>,
    /// Where the logo goes: `"band"` (the headline band, default) or `"foot"`.
    #[schemars(extend("enum" = ["band", "foot"]))]
    pub logo_position: Option<Spanned<String>>,
    /// The logo's height in pixels of the design.
    pub logo_height: Option<Spanned<f64>>,
    /// A picture (PNG, JPEG, WebP) covering the whole page, under everything.
    pub background_image: Option<Spanned<String>>,
    /// A picture covering the headline's band, under its text.
    pub band_image: Option<Spanned<String>>,
    /// Notes at the page's foot (① 数据为初步核算数).
    pub notes: Option<Spanned<Vec<Spanned<String>>>>,
}

/// `margin = 64` or `margin = { top = 0, right = 64, bottom = 64, left = 64 }`, with the span of the
/// value when toml has one (not for a table made of dotted keys, `margin.top = 0`).
#[derive(Debug, Clone)]
pub struct RawMargin {
    /// The byte span of the value in the spec, when toml gives one.
    pub span: Option<std::ops::Range<usize>>,
    /// One number for every side, or the sides one by one.
    pub kind: MarginKind,
}

/// The two forms of `margin`: one number or a table of sides.
#[derive(Debug, Clone)]
pub enum MarginKind {
    /// `margin = 64`: the same margin, pixels of the design, on every side.
    Uniform(f64),
    /// `margin = { top = 0, … }`: each side on its own.
    Sides(RawSides),
}

/// The table form of a margin; a side left out keeps the default margin.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSides {
    /// The top margin, pixels of the design.
    pub top: Option<Spanned<f64>>,
    /// The right margin, pixels of the design.
    pub right: Option<Spanned<f64>>,
    /// The bottom margin, pixels of the design.
    pub bottom: Option<Spanned<f64>>,
    /// The left margin, pixels of the design.
    pub left: Option<Spanned<f64>>,
}

/// `[theme]` in a spec, and the whole of a theme file (`config/themes/default.toml`, or one a spec
/// extends).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTheme {
    /// A theme file this one builds on, relative to the folder of the file that says so.
    pub extends: Option<Spanned<String>>,
    /// The main colour: the headline band, section marks, figures (`"#RRGGBB"` or `"cmyk(c, m, y, k)"`).
    pub primary: Option<Spanned<String>>,
    /// The second colour: the kicker and small marks.
    pub accent: Option<Spanned<String>>,
    /// The colour of body text.
    pub text: Option<Spanned<String>>,
    /// The colour of labels and the credit line.
    pub muted: Option<Spanned<String>>,
    /// The colour of the cards behind figures.
    pub surface: Option<Spanned<String>>,
    /// The colour of text drawn on the primary colour (the headline band, section badges).
    pub on_primary: Option<Spanned<String>>,
    /// The page's colour, unless `[page] background` sets one.
    pub background: Option<Spanned<String>>,
    /// `[theme.size]`: the type scale, in pixels of the design (scaled with the page on a preset, a size in
    /// mm or a variant).
    pub size: Option<RawSize>,
    /// `[theme.spacing]`: space between blocks and grid cells, and the body's line height.
    pub spacing: Option<RawSpacing>,
    /// `[theme.fonts]`: a font family for each role and the fallback families.
    pub fonts: Option<RawFonts>,
}

/// `[theme.fonts]`: a family for each role, by name (`"Noto Serif SC"`) or as a table with its
/// weights (`{ family = "Noto Serif SC", bold = 900 }`), and the fallback families. Read as values so
/// that the model can say what it expected of either form.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFonts {
    /// The family of headlines, chapter and section titles and the kicker: a name, or `{ family = "…", regular = 400, bold = 700 }`.
    #[schemars(with = "Option<schema::FamilyChoice>")]
    pub headline: Option<Spanned<toml::Value>>,
    /// The family of paragraphs, lists and the credit line: a name or a table with its weights.
    #[schemars(with = "Option<schema::FamilyChoice>")]
    pub body: Option<Spanned<toml::Value>>,
    /// The family of stat figures and chart values: a name or a table with its weights.
    #[schemars(with = "Option<schema::FamilyChoice>")]
    pub figures: Option<Spanned<toml::Value>>,
    /// The family of stat labels, chart labels and legends: a name or a table with its weights.
    #[schemars(with = "Option<schema::FamilyChoice>")]
    pub labels: Option<Spanned<toml::Value>>,
    /// Families tried in order for a character the role's own family lacks.
    #[schemars(with = "Option<schema::FamilyList>")]
    pub fallback: Option<Spanned<toml::Value>>,
}

/// `[theme.size]`
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSize {
    /// The headline's type size, pixels (default 66).
    pub headline: Option<Spanned<f64>>,
    /// The kicker's type size, pixels (default 30).
    pub kicker: Option<Spanned<f64>>,
    /// A chapter heading's (`level = 1`) type size, pixels (default 40).
    pub chapter: Option<Spanned<f64>>,
    /// A section heading's type size, pixels (default 34).
    pub section: Option<Spanned<f64>>,
    /// Body text's type size: paragraphs and lists, pixels (default 30).
    pub body: Option<Spanned<f64>>,
    /// A stat's figure's type size, pixels (default 84).
    pub stat_value: Option<Spanned<f64>>,
    /// A stat's label's type size, pixels (default 28).
    pub stat_label: Option<Spanned<f64>>,
    /// The credit line's type size, pixels (default 24).
    pub credit: Option<Spanned<f64>>,
}

/// `[theme.spacing]`
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSpacing {
    /// The space between blocks, pixels (default 44).
    pub block: Option<Spanned<f64>>,
    /// The body's line height in multiples of the font size (default 1.75).
    pub line_height: Option<Spanned<f64>>,
    /// The space between the cells of a stat grid, pixels (default 20).
    pub card_gap: Option<Spanned<f64>>,
    /// The space between Han and Latin letters or digits: em, or `true`/`false`.
    #[schemars(with = "Option<schema::EmOrSwitch>")]
    pub cjk_latin_spacing: Option<Spanned<toml::Value>>,
}

/// One `[[blocks]]` entry: every key any block kind may take. The model checks which keys the block's
/// `type` allows and which it requires.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBlock {
    /// The block's kind: headline, kicker, section, paragraph, stat, stats, list, chart, divider, credit, image, qr or table.
    #[serde(rename = "type")]
    pub r#type: Spanned<String>,
    // headline, kicker, paragraph, credit
    /// The text of a headline, kicker, paragraph or credit line, or what a QR code encodes. A newline in a headline forces a break.
    pub text: Option<Spanned<String>>,
    // headline
    /// A headline's lines, broken by hand (instead of `text`).
    pub lines: Option<Spanned<Vec<Spanned<String>>>>,
    // section
    /// The title of a section heading, or the title above a chart or table.
    pub title: Option<Spanned<String>>,
    /// A section's number, shown in its badge: 1, "1", "一" ….
    #[schemars(with = "Option<schema::SectionNumber>")]
    pub number: Option<Spanned<toml::Value>>,
    /// A section's level: 1, a chapter heading on a pill; 2 (default), a numbered section heading.
    pub level: Option<Spanned<i64>>,
    // paragraph
    /// A paragraph's lead-in, set in bold before its text.
    pub lead: Option<Spanned<String>>,
    // stat
    /// A stat's label, above the figure.
    pub label: Option<Spanned<String>>,
    /// A stat's figure: a number, a text printed as written, or `{ data = "NAME" }`, a figure of the spec's data file.
    #[schemars(with = "Option<schema::Figure>")]
    pub value: Option<Spanned<toml::Value>>,
    /// The unit after a stat's figure or a chart's values, smaller, on the same baseline (万人, %, 亿元).
    pub unit: Option<Spanned<String>>,
    /// A word after the unit, smaller still (以上).
    pub qualifier: Option<Spanned<String>>,
    /// A word before the figure: 近, 约, 超, 上限.
    pub prefix: Option<Spanned<String>>,
    /// A label below a stat's figure.
    pub after: Option<Spanned<String>>,
    /// An icon: a bundled icon's name (`users`) or an SVG file (stat, section, list).
    pub icon: Option<Spanned<String>>,
    // stat (also `scale`, `precision`): how a numeric value is written
    /// Write numbers with thousands separators, 22,019 (default false).
    pub thousands: Option<Spanned<bool>>,
    /// `"words"` or `"sign"`: the value is a change.
    #[schemars(extend("enum" = ["words", "sign"]))]
    pub change: Option<Spanned<String>>,
    // stats, list
    /// The items written out, or (a stat grid) `{ data = "figures.csv" }`: one stat a row of a data file.
    pub items: Option<Spanned<RawItems>>,
    /// A stat grid's columns, 1 to 6 (default 3); rows wrap.
    pub columns: Option<Spanned<i64>>,
    // list
    /// A list's marks: `"bullet"` (default) or `"number"`.
    #[schemars(extend("enum" = ["bullet", "number"]))]
    pub style: Option<Spanned<String>>,
    // chart (also `title`, `unit`)
    /// The chart kind: bar, column, line, pie, donut, ring, progress, stacked-bar or stacked-column.
    pub kind: Option<Spanned<String>>,
    /// Strings, or integers such as years.
    #[schemars(with = "Option<schema::Labels>")]
    pub labels: Option<Spanned<Vec<Spanned<toml::Value>>>>,
    /// Numbers; any other value is reported by the model, so every bad one is named.
    #[schemars(with = "Option<schema::Figures>")]
    pub values: Option<Spanned<Vec<Spanned<toml::Value>>>>,
    /// A chart's series, each `{ name, values }`; the legend shows the names.
    pub series: Option<Spanned<Vec<Spanned<RawSeries>>>>,
    /// A data file, relative to the spec file's folder: CSV, JSON (an array of rows) or an Excel
    /// workbook (.xlsx).
    pub data: Option<Spanned<String>>,
    /// The sheet of an .xlsx `data` file to read (default: the first).
    pub sheet: Option<Spanned<String>>,
    /// The cells of an .xlsx `data` file to read, in A1 notation (`"A1:C10"`; default: every cell in use).
    pub range: Option<Spanned<String>>,
    /// A label or a 0-based index.
    #[schemars(with = "Option<schema::LabelOrIndex>")]
    pub highlight: Option<Spanned<toml::Value>>,
    /// A line under a chart or table naming where its figures come from (数据来源：…).
    pub source: Option<Spanned<String>>,
    /// A chart's plot height or an image's box height, pixels of the design (default: the kind's height; an image's from its proportions).
    pub height: Option<Spanned<f64>>,
    // chart, stat
    /// `"auto"`, `"none"`, `"万"` or `"亿"`.
    #[schemars(extend("enum" = ["auto", "none", "万", "亿", "萬", "億"]))]
    pub scale: Option<Spanned<String>>,
    /// Decimal places.
    pub precision: Option<Spanned<i64>>,
    // chart
    /// The whole of a ring or progress chart (default 100).
    pub max: Option<Spanned<f64>>,
    /// The text in the middle of a donut or ring (default: the total, or the ring's value).
    pub center: Option<Spanned<String>>,
    /// Lines across the plot at a value: a target (目标 5%), an average.
    pub reference: Option<Spanned<Vec<Spanned<RawReference>>>>,
    /// Highlighted ranges of values or of categories.
    pub band: Option<Spanned<Vec<Spanned<RawBand>>>>,
    /// Notes on single data points (历史最高).
    pub callout: Option<Spanned<Vec<Spanned<RawCallout>>>>,
    // image (also `height`), qr (also `text`)
    /// An image file (PNG, JPEG, WebP, SVG), relative to the spec's folder.
    pub src: Option<Spanned<String>>,
    /// `"width"` (default), `"contain"` or `"cover"`.
    #[schemars(extend("enum" = ["width", "contain", "cover"]))]
    pub fit: Option<Spanned<String>>,
    /// `"left"`, `"center"` (default) or `"right"`.
    #[schemars(extend("enum" = ["left", "center", "right"]))]
    pub align: Option<Spanned<String>>,
    /// Width of the image's box or the QR code's side, in pixels of the design.
    pub width: Option<Spanned<f64>>,
    /// Corner radius in pixels of the design.
    pub radius: Option<Spanned<f64>>,
    /// A line of text under a picture or QR code.
    pub caption: Option<Spanned<String>>,
    /// The picture's source (图片来源).
    pub credit: Option<Spanned<String>>,
    // table (also `title`, `data`, `highlight`, `source`, `scale`, `precision`, `thousands`)
    /// The header row.
    pub header: Option<Spanned<Vec<Spanned<String>>>>,
    /// Rows of cells: strings or numbers.
    #[schemars(with = "Option<schema::Rows>")]
    pub rows: Option<Spanned<Vec<Spanned<RawRow>>>>,
    // every block
    /// Notes set small under the block (① 按可比价格计算).
    pub notes: Option<Spanned<Vec<Spanned<String>>>>,
    /// A text alternative for readers who cannot see the block.
    pub alt: Option<Spanned<String>>,
}

impl RawBlock {
    /// Every key that is set, with the span of its value, in the order of the struct's fields.
    pub fn present_keys(&self) -> Vec<(&'static str, std::ops::Range<usize>)> {
        fn s<T>(v: &Option<Spanned<T>>) -> Option<std::ops::Range<usize>> {
            v.as_ref().map(|v| v.span())
        }
        let all = [
            ("type", Some(self.r#type.span())),
            ("text", s(&self.text)),
            ("lines", s(&self.lines)),
            ("title", s(&self.title)),
            ("number", s(&self.number)),
            ("level", s(&self.level)),
            ("lead", s(&self.lead)),
            ("label", s(&self.label)),
            ("value", s(&self.value)),
            ("unit", s(&self.unit)),
            ("qualifier", s(&self.qualifier)),
            ("prefix", s(&self.prefix)),
            ("after", s(&self.after)),
            ("icon", s(&self.icon)),
            ("thousands", s(&self.thousands)),
            ("change", s(&self.change)),
            ("items", s(&self.items)),
            ("columns", s(&self.columns)),
            ("style", s(&self.style)),
            ("kind", s(&self.kind)),
            ("labels", s(&self.labels)),
            ("values", s(&self.values)),
            ("series", s(&self.series)),
            ("data", s(&self.data)),
            ("sheet", s(&self.sheet)),
            ("range", s(&self.range)),
            ("highlight", s(&self.highlight)),
            ("source", s(&self.source)),
            ("height", s(&self.height)),
            ("scale", s(&self.scale)),
            ("precision", s(&self.precision)),
            ("max", s(&self.max)),
            ("center", s(&self.center)),
            ("reference", s(&self.reference)),
            ("band", s(&self.band)),
            ("callout", s(&self.callout)),
            ("src", s(&self.src)),
            ("fit", s(&self.fit)),
            ("align", s(&self.align)),
            ("width", s(&self.width)),
            ("radius", s(&self.radius)),
            ("caption", s(&self.caption)),
            ("credit", s(&self.credit)),
            ("header", s(&self.header)),
            ("rows", s(&self.rows)),
            ("notes", s(&self.notes)),
            ("alt", s(&self.alt)),
        ];
        all.into_iter()
            .filter_map(|(k, span)| span.map(|s| (k, s)))
            .collect()
    }
}

/// One row of a table's `rows`: its cells, strings or numbers.
pub type RawRow = Vec<Spanned<toml::Value>>;

/// One entry of a chart's `series`: `{ name = "2022年", values = [29.5, 8, 6.8] }`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSeries {
    /// The series' name, shown in the legend; required when a chart has several series.
    pub name: Option<Spanned<String>>,
    /// The series' values, one number (or `{ data = "NAME" }`) a label.
    #[schemars(with = "Option<schema::Figures>")]
    pub values: Option<Spanned<Vec<Spanned<toml::Value>>>>,
}

/// One entry of a chart's `reference`: `{ value = 5, label = "目标" }`, a line across the plot.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawReference {
    /// Where the line is: a number, or a figure of the spec's data file (`{ data = "NAME" }`).
    #[schemars(with = "Option<schema::Figure>")]
    pub value: Option<Spanned<toml::Value>>,
    /// What the line is (目标), shown with its value: 目标 5%.
    pub label: Option<Spanned<String>>,
}

/// One entry of a chart's `band`: `{ from = 4, to = 6 }` (numbers: a range of values) or
/// `{ from = "2020年", to = "2022年" }` (labels: a range of categories), with an optional `label`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    /// One end: a value (a number) or a category's label (a string).
    #[schemars(with = "Option<schema::BandEnd>")]
    pub from: Option<Spanned<toml::Value>>,
    /// The other end, of the same kind as `from`.
    #[schemars(with = "Option<schema::BandEnd>")]
    pub to: Option<Spanned<toml::Value>>,
    /// What the range is (疫情期间), set small at its top.
    pub label: Option<Spanned<String>>,
}

/// One entry of a chart's `callout`: `{ at = "2022年", text = "历史最高" }`, a note on one data point
/// (`series`: a series' name or index, when there are several).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCallout {
    /// The category noted: a label of the chart or a 0-based index.
    #[schemars(with = "Option<schema::LabelOrIndex>")]
    pub at: Option<Spanned<toml::Value>>,
    /// The series noted: its name or a 0-based index (default the first).
    #[schemars(with = "Option<schema::LabelOrIndex>")]
    pub series: Option<Spanned<toml::Value>>,
    /// The note (历史最高), a few words.
    pub text: Option<Spanned<String>>,
}

/// `items`: written out (strings or stat tables), or read from the rows of a data file.
#[derive(Debug, Clone)]
pub enum RawItems {
    /// Strings (a list) or stat tables (a stat grid), written in the spec.
    List(Vec<Spanned<RawItem>>),
    /// `{ data = "…" }`: a stat a row of a data file.
    Data(Box<RawItemsData>),
}

impl RawItems {
    /// The items written out; none when they come from a file.
    pub fn listed(&self) -> &[Spanned<RawItem>] {
        match self {
            RawItems::List(items) => items,
            RawItems::Data(_) => &[],
        }
    }
}

/// `items = { data = "figures.csv", scale = "auto" }`: a stat grid's stats from the rows of a data file
/// (a header row naming `label`, `value`, `unit`, `qualifier`, `prefix`, `after`), the format keys applied
/// to every figure.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawItemsData {
    /// A CSV, JSON or Excel (.xlsx) file, relative to the spec's folder.
    pub data: Spanned<String>,
    /// The sheet of an .xlsx file (default: the first).
    pub sheet: Option<Spanned<String>>,
    /// The cells of an .xlsx file, in A1 notation (`"A1:C10"`).
    pub range: Option<Spanned<String>>,
    /// `"auto"`, `"none"`, `"万"` or `"亿"`, for every figure.
    #[schemars(extend("enum" = ["auto", "none", "万", "亿", "萬", "億"]))]
    pub scale: Option<Spanned<String>>,
    /// Decimal places of every figure.
    pub precision: Option<Spanned<i64>>,
    /// Write numbers with thousands separators, 22,019 (default false).
    pub thousands: Option<Spanned<bool>>,
    /// `"words"` or `"sign"`: every figure is a change.
    #[schemars(extend("enum" = ["words", "sign"]))]
    pub change: Option<Spanned<String>>,
}

/// One entry of `items`: a string (a list) or a stat table (a stat grid; boxed, being many times larger).
#[derive(Debug, Clone)]
pub enum RawItem {
    /// A list item: its text.
    Text(String),
    /// A stat grid's cell: a stat table.
    Stat(Box<RawStat>),
}

/// A stat table inside a stat grid's `items` (and the stat keys of a `stat` block).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStat {
    /// The stat's label, above the figure.
    pub label: Option<Spanned<String>>,
    /// The figure: a number, a text printed as written, or `{ data = "NAME" }`, a figure of the spec's data file.
    #[schemars(with = "Option<schema::Figure>")]
    pub value: Option<Spanned<toml::Value>>,
    /// The unit after the figure, smaller, on the same baseline (万人, %, 亿元).
    pub unit: Option<Spanned<String>>,
    /// A word after the unit, smaller still (以上).
    pub qualifier: Option<Spanned<String>>,
    /// A word before the figure: 近, 约, 超, 上限.
    pub prefix: Option<Spanned<String>>,
    /// A label below the figure.
    pub after: Option<Spanned<String>>,
    /// A bundled icon's name (`users`) or an SVG file.
    pub icon: Option<Spanned<String>>,
    // How a numeric value is written; any of them set turns on formatting.
    /// `"auto"`, `"none"`, `"万"` or `"亿"`.
    #[schemars(extend("enum" = ["auto", "none", "万", "亿", "萬", "億"]))]
    pub scale: Option<Spanned<String>>,
    /// Decimal places.
    pub precision: Option<Spanned<i64>>,
    /// Write numbers with thousands separators, 22,019 (default false).
    pub thousands: Option<Spanned<bool>>,
    /// `"words"` or `"sign"`: the value is a change.
    #[schemars(extend("enum" = ["words", "sign"]))]
    pub change: Option<Spanned<String>>,
}

/// Parses a spec's text. Syntax errors, wrong types and unknown keys come back as toml's error, which
/// carries the byte span and serde's message.
pub fn parse(source: &str) -> Result<RawSpec, toml::de::Error> {
    toml::from_str(source)
}

/// Parses a theme file (`config/themes/default.toml`, or one named by `extends`): the same keys as a
/// spec's `[theme]`.
pub fn parse_theme(source: &str) -> Result<RawTheme, toml::de::Error> {
    toml::from_str(source)
}

// --- hand-written visitors: they dispatch on the value's type without buffering it, so the toml
// deserializer still serves every nested value and its span.

// The protocol of `toml::Spanned` (serde_spanned 0.6), spoken by hand so that a margin can fall back to
// no span when toml has none to give.
const SPANNED_NAME: &str = "$__serde_spanned_private_Spanned";
const SPANNED_START: &str = "$__serde_spanned_private_start";
const SPANNED_END: &str = "$__serde_spanned_private_end";
const SPANNED_VALUE: &str = "$__serde_spanned_private_value";
const SPANNED_FIELDS: &[&str] = &[SPANNED_START, SPANNED_END, SPANNED_VALUE];

impl<'de> Deserialize<'de> for RawMargin {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawMargin;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(MARGIN_EXPECTED)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawMargin, A::Error> {
                let Some(first) = map.next_key::<String>()? else {
                    let sides = RawSides {
                        top: None,
                        right: None,
                        bottom: None,
                        left: None,
                    };
                    return Ok(RawMargin {
                        span: None,
                        kind: MarginKind::Sides(sides),
                    });
                };
                if first != SPANNED_START {
                    // No span: toml handed over the table itself.
                    let rest = Prepend {
                        first: Some(first),
                        inner: map,
                    };
                    let sides = RawSides::deserialize(de::value::MapAccessDeserializer::new(rest))?;
                    return Ok(RawMargin {
                        span: None,
                        kind: MarginKind::Sides(sides),
                    });
                }
                let start: usize = map.next_value()?;
                let (mut end, mut kind) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    if key == SPANNED_END {
                        end = Some(map.next_value::<usize>()?);
                    } else if key == SPANNED_VALUE {
                        kind = Some(map.next_value::<MarginKind>()?);
                    } else {
                        return Err(de::Error::unknown_field(&key, SPANNED_FIELDS));
                    }
                }
                let end = end.ok_or_else(|| de::Error::missing_field(SPANNED_END))?;
                let kind = kind.ok_or_else(|| de::Error::missing_field(SPANNED_VALUE))?;
                Ok(RawMargin {
                    span: Some(start..end),
                    kind,
                })
            }
        }
        deserializer.deserialize_struct(SPANNED_NAME, SPANNED_FIELDS, V)
    }
}

const MARGIN_EXPECTED: &str =
    "a number or a table like { top = 0, right = 64, bottom = 64, left = 64 }";

impl<'de> Deserialize<'de> for MarginKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = MarginKind;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(MARGIN_EXPECTED)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<MarginKind, E> {
                Ok(MarginKind::Uniform(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<MarginKind, E> {
                Ok(MarginKind::Uniform(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<MarginKind, E> {
                Ok(MarginKind::Uniform(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<MarginKind, A::Error> {
                RawSides::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(MarginKind::Sides)
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A map whose first key was already read.
struct Prepend<A> {
    first: Option<String>,
    inner: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Prepend<A> {
    type Error = A::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.first.take() {
            Some(k) => seed
                .deserialize(de::value::StringDeserializer::<A::Error>::new(k))
                .map(Some),
            None => self.inner.next_key_seed(seed),
        }
    }

    fn next_value_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<T::Value, A::Error> {
        self.inner.next_value_seed(seed)
    }
}

impl<'de> Deserialize<'de> for RawItems {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawItems;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an array of items, or a table like { data = \"figures.csv\" }")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<RawItems, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<RawItem>>()? {
                    items.push(item);
                }
                Ok(RawItems::List(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawItems, A::Error> {
                RawItemsData::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|d| RawItems::Data(Box::new(d)))
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawItem;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a stat table")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawItem, E> {
                Ok(RawItem::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<RawItem, E> {
                Ok(RawItem::Text(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawItem, A::Error> {
                RawStat::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|s| RawItem::Stat(Box::new(s)))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Where the file sets `page.height`, for messages about content that does not fit that height.
pub fn page_height_span(source: &str) -> Option<std::ops::Range<usize>> {
    page_key_span(source, "height")
}

/// Where the file sets `page.KEY`, for messages about a value checked after validation (a height the
/// content does not fit, a preset or variant it does not fit).
pub fn page_key_span(source: &str, key: &str) -> Option<std::ops::Range<usize>> {
    #[derive(Deserialize)]
    struct File {
        page: Option<std::collections::BTreeMap<String, toml::Spanned<toml::Value>>>,
    }
    toml::from_str::<File>(source)
        .ok()?
        .page?
        .get(key)
        .map(|v| v.span())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_spans_of_blocks_items_and_margins() {
        let src = "[page]\nmargin = { top = 0, left = 10 }\n\n[[blocks]]\ntype = \"stats\"\nitems = [{ value = 1.2, unit = \"万人\" }, \"x\"]\n";
        let spec = parse(src).unwrap();
        let page = spec.page.unwrap();
        let margin = page.margin.unwrap();
        assert_eq!(&src[margin.span.clone().unwrap()], "{ top = 0, left = 10 }");
        match margin.kind {
            MarginKind::Sides(s) => {
                let top = s.top.unwrap();
                assert_eq!(&src[top.span()], "0");
                assert!(s.right.is_none());
            }
            other => panic!("{other:?}"),
        }
        let blocks = spec.blocks.unwrap().into_inner();
        assert_eq!(blocks.len(), 1);
        let b = blocks[0].get_ref();
        assert_eq!(&src[b.r#type.span()], "\"stats\"");
        let items = b.items.as_ref().unwrap().get_ref().listed();
        match items[0].get_ref() {
            RawItem::Stat(s) => assert_eq!(&src[s.unit.as_ref().unwrap().span()], "\"万人\""),
            other => panic!("{other:?}"),
        }
        assert!(matches!(items[1].get_ref(), RawItem::Text(t) if t == "x"));
        assert_eq!(&src[items[1].span()], "\"x\"");
        let keys: Vec<_> = b.present_keys().into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["type", "items"]);
    }

    #[test]
    fn uniform_margin_and_unknown_key_in_sides() {
        let spec = parse("[page]\nmargin = 12\n").unwrap();
        let margin = spec.page.unwrap().margin.unwrap();
        assert!(matches!(margin.kind, MarginKind::Uniform(m) if m == 12.0));
        assert_eq!(margin.span, Some(16..18));
        let err = parse("[page]\nmargin = { tpo = 1 }\n").unwrap_err();
        assert!(
            err.message().contains("unknown field `tpo`"),
            "{}",
            err.message()
        );
        // Dotted keys and implicit tables have no span in toml; they must still load.
        let spec = parse("[page]\nmargin.top = 1\nmargin.left = 2\n").unwrap();
        match spec.page.unwrap().margin.unwrap() {
            RawMargin {
                span: None,
                kind: MarginKind::Sides(s),
            } => {
                assert_eq!(*s.top.unwrap().get_ref(), 1.0);
                assert_eq!(*s.left.unwrap().get_ref(), 2.0);
            }
            other => panic!("{other:?}"),
        }
        let spec = parse("[theme.size]\nbody = 3\n[page.margin]\ntop = 1\n").unwrap();
        assert!(spec.theme.unwrap().size.unwrap().body.is_some());
        assert!(spec.page.unwrap().margin.unwrap().span.is_some());
        let err = parse("[page]\nmargin.tpo = 1\n").unwrap_err();
        assert!(
            err.message().contains("unknown field `tpo`"),
            "{}",
            err.message()
        );
    }
}
