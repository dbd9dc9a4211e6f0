//! The limits on what one spec may ask for, in one place. They are checked in the model (before layout)
//! and reported as input errors at the key that exceeds them, so no spec can make a later stage run out of
//! memory or time. Each is sized so that the largest accepted spec renders within 1 GiB on a 2-core
//! machine (docs/performance.md, "Memory"); docs/spec.md lists them for users.

/// A page's width in pixels (layout pixels, before `--scale`).
pub const PAGE_WIDTH: f64 = 20_000.0;
/// A page's height in pixels, given or grown to by `height = "auto"`.
pub const PAGE_HEIGHT: f64 = 100_000.0;
/// A page's area in pixels, after `--scale`: 1080 × 100 000 fits, and so does A3 at 600 dpi.
pub const PAGE_PIXELS: f64 = 120_000_000.0;
/// The narrowest column of content a page may leave between its margins (on the 1080-px design), so
/// that every block has room for a few characters.
pub const CONTENT_WIDTH: f32 = 120.0;
/// Pages one graphic may continue on (`overflow = "pages"`).
pub const PAGES: usize = 500;
/// Bytes of a spec file, a theme file, a figures file or a CSV file.
pub const FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Bytes of one image file (a photo, a logo): larger than [`FILE_BYTES`], a camera's JPEG being 10 MB.
pub const IMAGE_BYTES: u64 = 32 * 1024 * 1024;
/// Bytes of all the image files of one spec together (each distinct file counted once): they are held
/// in memory and embedded in the SVG and PDF.
pub const IMAGES_BYTES: u64 = 64 * 1024 * 1024;
/// Pixels of one raster image (checked from its header, before decoding): 25 million, a 6000 × 4000
/// photo, 100 MB decoded.
pub const IMAGE_PIXELS: u64 = 25_000_000;
/// Pixels on one side of a raster image.
pub const IMAGE_SIDE: u32 = 20_000;
/// Pixels of all the raster pictures a spec draws, a picture counted each time it is drawn: every
/// output decodes each one it draws.
pub const IMAGE_PIXELS_DRAWN: u64 = 100_000_000;
/// Path segments of all the SVG pictures a spec draws, counted each time one is drawn.
pub const SVG_SEGMENTS_DRAWN: usize = 1_000_000;
/// XML nodes of one SVG image, and its elements once its `<use>` references are expanded.
pub const SVG_NODES: u32 = 100_000;
/// Path segments one SVG image draws.
pub const SVG_SEGMENTS: usize = 200_000;
/// Characters of a QR code's text: version 40 at the lowest correction holds 2 953 bytes; this keeps
/// the code readable at a poster's size.
pub const QR_CHARS: usize = 1_000;
/// Data rows of one table, inline or from a CSV file.
pub const TABLE_ROWS: usize = 1_000;
/// Columns of one table.
pub const TABLE_COLUMNS: usize = 12;
/// Characters of one table cell.
pub const TABLE_CELL_CHARS: usize = 200;
/// Blocks in one spec.
pub const BLOCKS: usize = 1_000;
/// Characters in one text (a paragraph, a headline, a label, …).
pub const TEXT_CHARS: usize = 100_000;
/// Characters of a `unit` (of a chart, a stat or a stat of a grid): a unit is a word or a sign — 万元,
/// %, 亿美元, 个百分点, 元/平方米 — and a chart repeats it on every value label (thousands of them).
pub const UNIT_CHARS: usize = 20;
/// Characters of a figure written as text (a stat's `value`, a section's `number`): a figure is a
/// number or a few words, such as “1+10”. A figure of the data file may be shown by any number of stats,
/// so its length multiplies: this keeps the text to lay out within a few times the spec's size.
pub const FIGURE_CHARS: usize = 100;
/// A type size of the theme (`[theme.size]`), in pixels. Sizes are pixels of the page as written; a page
/// in pixels may be 20 000 wide, where the built-in 84-px figure, scaled from the 1 080-px design, would be
/// 1 555 px. Beyond this a single glyph is wider than any page.
pub const TYPE_SIZE: f64 = 2_000.0;
/// A space of the theme (`[theme.spacing] block` and `card_gap`), in pixels: a tenth of the tallest page.
pub const SPACING: f64 = 10_000.0;
/// Items of one list or stat grid.
pub const ITEMS: usize = 1_000;
/// Categories (labels) of one chart, inline or from a CSV file.
pub const CHART_LABELS: usize = 1_000;
/// Series of one chart.
pub const CHART_SERIES: usize = 50;
/// Data rows of one CSV file (or JSON file, or spreadsheet range).
pub const CSV_ROWS: usize = 100_000;
/// Bytes an `.xlsx` file's parts may inflate to, together: far beyond any sheet of figures (a 100 000-row
/// sheet is about 20 MB of XML), and what stops a small file that would inflate to gigabytes.
pub const SHEET_INFLATED_BYTES: u64 = 64 * 1024 * 1024;
/// Columns read from one spreadsheet row.
pub const SHEET_COLUMNS: u32 = 200;
/// The magnitude of any figure or chart value: 10^15 (千万亿) is beyond any editorial figure, and keeps
/// sums, ranges and ticks of every chart finite.
pub const VALUE_MAGNITUDE: f64 = 1e15;
/// The smallest `--scale`: below it a poster is a few pixels wide.
pub const MIN_SCALE: f32 = 0.1;
/// The largest `--scale`.
pub const MAX_SCALE: f32 = 8.0;
/// How long one spec may take to render before the batch reports it failed and moves on (seconds).
pub const RENDER_SECONDS: u64 = 60;

/// Reference lines, bands and callouts of one chart, each.
pub const CHART_ANNOTATIONS: usize = 10;
/// Characters of an annotation's label or a callout's text: a few words on a chart.
pub const ANNOTATION_CHARS: usize = 40;

/// Notes under one block or at the page's foot.
pub const NOTES: usize = 20;
/// Characters of one note.
pub const NOTE_CHARS: usize = 500;

/// Characters of a block's text alternative (`alt`).
pub const ALT_CHARS: usize = 2_000;
