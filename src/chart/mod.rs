//! chart: charts drawn into the poster's scene. plotters does the chart work — coordinates, nice ticks,
//! gridlines, series — through `backend::SceneBackend`, which records scene items and shapes text with
//! yitu's fonts. Everything that is really typography (title, legend, category labels that wrap, value
//! labels, the source line) is set by yitu itself, so it follows the same Chinese rules as the rest.
//!
//! One file per family of chart: `cartesian` (bar, column, stacked, line), `radial` (pie, donut, ring),
//! `progress`; `axis` holds the value axis shared by the cartesian kinds, `backend` the plotters backend.

mod annotate;
pub mod axis;
pub mod backend;
mod cartesian;
mod progress;
mod radial;

use crate::model::{Chart, ChartKind, Color, Theme};
use crate::scene::Item;
use crate::text::coverage::MissingGlyph;
use crate::text::fonts::{FontBook, Role, Weight};
use crate::text::line::Align;
use crate::text::number::{format_number, shared_decimals, NumberFormat};
use crate::text::set::{Surface, TextBox};
use crate::text::shape::Span;

/// The column a chart is drawn in.
#[derive(Debug, Clone, Copy)]
pub struct Area {
    /// The column's left edge, page pixels.
    pub x: f32,
    /// The column's width, pixels.
    pub width: f32,
}

/// What a chart is drawn on: the poster's fonts and theme, and the items drawn. Charts set their text
/// through the text service (`text::set`) like every block, and know nothing of the layout around them.
pub struct Canvas<'a> {
    /// The poster's fonts.
    pub book: &'a FontBook,
    /// The poster's theme: colours, type sizes and [`Theme::unit`].
    pub theme: &'a Theme,
    /// The chart's scene items, in page pixels, back to front.
    pub items: Vec<Item>,
    /// Characters left out of the chart's text (`missing_glyphs = "drop"`), for the layout to report.
    pub dropped: Vec<MissingGlyph>,
}

impl<'a> Canvas<'a> {
    /// An empty canvas for a poster's fonts and theme.
    pub fn new(book: &'a FontBook, theme: &'a Theme) -> Canvas<'a> {
        Canvas {
            book,
            theme,
            items: Vec::new(),
            dropped: Vec::new(),
        }
    }
}

impl Surface for Canvas<'_> {
    fn book(&self) -> &FontBook {
        self.book
    }

    fn items(&mut self) -> &mut Vec<Item> {
        &mut self.items
    }

    fn dropped(&mut self, missing: Vec<MissingGlyph>) {
        self.dropped.extend(missing);
    }
}

/// Where a chart ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Drawn {
    /// The chart's bottom.
    pub bottom: f32,
    /// The height its plot took (what a fixed page stretches).
    pub plot: f32,
}

/// Draws `chart` on `ctx` with its top at `top`. The plot is the chart's own height, else `plot_height`
/// (what a fixed page gives it), else the kind's default.
pub fn draw(
    ctx: &mut Canvas,
    chart: &Chart,
    area: Area,
    top: f32,
    plot_height: Option<f32>,
) -> Drawn {
    let chart = &drawable(chart);
    // The column is never narrower than a pixel: a chart on a page with no room for it is drawn
    // degenerate (and clipped by the page), never from negative widths.
    let area = Area {
        x: area.x,
        width: area.width.max(MIN_WIDTH),
    };
    let mut y = top;
    if let Some(title) = &chart.title {
        let theme = &ctx.theme;
        let size = theme.size.section * 0.9;
        let prepared = TextBox::new(
            vec![
                Span::new(title.clone(), Weight::Bold, size, theme.palette.text)
                    .as_role(Role::Headline),
            ],
            area.width,
            Align::Start,
            1.4,
        )
        .balanced()
        .prepare(ctx);
        y = prepared.draw(ctx, area.x, y) + size * 0.3;
    }
    if chart.series.len() > 1
        && !matches!(
            chart.kind,
            ChartKind::Pie | ChartKind::Donut | ChartKind::Ring | ChartKind::Progress
        )
    {
        y = legend(ctx, chart, area, y) + ctx.theme.size.body * 0.4;
    }
    let height = chart
        .height
        .or(plot_height)
        .filter(|h| h.is_finite() && *h > 0.0);
    let plot_top = y;
    y = match chart.kind {
        // Nothing to plot (the model never lets such a chart through; a library caller might).
        _ if chart.labels.is_empty() => y,
        ChartKind::Bar | ChartKind::StackedBar => cartesian::bars(ctx, chart, area, y, height),
        ChartKind::Column | ChartKind::StackedColumn | ChartKind::Line => {
            cartesian::columns(ctx, chart, area, y, height)
        }
        ChartKind::Pie | ChartKind::Donut => radial::pie(ctx, chart, area, y, height),
        ChartKind::Ring => radial::ring(ctx, chart, area, y, height),
        ChartKind::Progress => progress::bars(ctx, chart, area, y),
    };
    let plot = y - plot_top;
    if let Some(source) = &chart.source {
        let theme = &ctx.theme;
        let size = theme.size.credit;
        y += size * 0.8;
        let prepared = TextBox::new(
            vec![Span::new(
                source.clone(),
                Weight::Regular,
                size,
                theme.palette.muted,
            )],
            area.width,
            Align::Start,
            1.5,
        )
        .prepare(ctx);
        y = prepared.draw(ctx, area.x, y);
    }
    Drawn { bottom: y, plot }
}

/// The narrowest column a chart is drawn in, pixels.
const MIN_WIDTH: f32 = 1.0;

/// `chart` as the drawing code may take it, whoever built it: every value [`axis::plottable`] (finite, so
/// sums and spans stay finite), one value per label in every series, at least one series, a `max` and a
/// height that are positive and finite. For a chart the model checked, only the copy differs.
fn drawable(chart: &Chart) -> Chart {
    let n = chart.labels.len();
    let mut series = chart.series.clone();
    if series.is_empty() {
        series.push(crate::model::Series {
            name: None,
            values: Vec::new(),
            decimals: [0; 3],
        });
    }
    for s in &mut series {
        s.values.resize(n, 0.0);
        for v in &mut s.values {
            *v = axis::plottable(*v);
        }
    }
    let max = axis::plottable(chart.max);
    Chart {
        series,
        max: if max > 0.0 { max } else { 1.0 },
        height: chart.height.filter(|h| h.is_finite() && *h > 0.0),
        highlight: chart.highlight.filter(|&h| h < n),
        annotations: annotate::drawable(&chart.annotations, n, chart.series.len().max(1)),
        ..chart.clone()
    }
}

/// The part `v` is of `whole`, from 0 to 1: 0 for a negative part or a whole that is not positive.
pub(crate) fn share(v: f64, whole: f64) -> f64 {
    let s = v / whole;
    if whole > 0.0 && s.is_finite() {
        s.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Whether a kind gets its plot height from the page when the page is fixed and the height unset.
pub(crate) fn stretches(kind: ChartKind) -> bool {
    !matches!(kind, ChartKind::Progress)
}

/// Series colours: the theme's primary and accent first, then colours that stay apart from them.
pub(crate) fn series_colors(theme: &Theme, n: usize) -> Vec<Color> {
    let p = &theme.palette;
    let base = [
        p.primary,
        p.accent,
        Color::rgb(0x4F, 0x5D, 0x6B),
        p.primary.mix(p.background, 0.5),
        p.accent.mix(p.text, 0.35),
        p.muted.mix(p.background, 0.3),
    ];
    (0..n).map(|i| base[i % base.len()]).collect()
}

/// The colour of category `i` in a one-series chart: everything in the primary colour, or, with a
/// highlight, the highlighted item in the primary colour and the rest in a quiet grey.
pub(crate) fn category_color(theme: &Theme, chart: &Chart, i: usize) -> Color {
    match chart.highlight {
        Some(h) if h != i => theme.palette.muted.mix(theme.palette.background, 0.55),
        _ => theme.palette.primary,
    }
}

/// Every colour a chart hands plotters, for [`backend::restore_inks`].
pub(crate) fn chart_colors(theme: &Theme, chart: &Chart) -> Vec<Color> {
    let p = &theme.palette;
    let mut colors = vec![
        p.primary,
        p.accent,
        p.text,
        p.muted,
        p.surface,
        p.on_primary,
        p.background,
        cartesian::grid_color(theme),
    ];
    let more = series_colors(theme, chart.series.len())
        .into_iter()
        .chain((0..chart.labels.len()).map(|i| category_color(theme, chart, i)));
    // A handful of distinct colours: restoring inks looks every drawn item up in this list, so a
    // colour a category would make it as long as the chart has labels.
    for c in more {
        if !colors.contains(&c) {
            colors.push(c);
        }
    }
    colors
}

/// A value of series `s` as printed on the chart: 万/亿 scaling per the chart's format, the decimals
/// the series shares (6.0 beside 6.7), then its unit.
pub(crate) fn value_text(chart: &Chart, s: usize, v: f64) -> String {
    let number = NumberFormat {
        shared: chart.series.get(s).map(|s| s.decimals),
        ..chart.number
    };
    format!(
        "{}{}",
        format_number(v, &number).joined(),
        chart.unit.as_deref().unwrap_or("")
    )
}

/// Figures that are not of one series (the totals of stacked bars, a donut's total) as printed: the
/// decimals `figures` share unless the chart's `precision` says.
pub(crate) fn totals_text(chart: &Chart, figures: &[f64], v: f64) -> String {
    let number =
        NumberFormat {
            shared: Some(chart.number.shared.unwrap_or_else(|| {
                shared_decimals(figures.iter().map(|&f| (f, 0)), &chart.number)
            })),
            ..chart.number
        };
    format!(
        "{}{}",
        format_number(v, &number).joined(),
        chart.unit.as_deref().unwrap_or("")
    )
}

/// The legend: a swatch and a name per series (per slice for pies), flowing into lines.
fn legend(ctx: &mut Canvas, chart: &Chart, area: Area, top: f32) -> f32 {
    let theme = ctx.theme;
    let size = theme.size.stat_label * 0.9;
    let entries: Vec<(String, Color)> = match chart.kind {
        ChartKind::Pie | ChartKind::Donut => {
            let colors = series_colors(theme, chart.labels.len());
            chart.labels.iter().cloned().zip(colors).collect()
        }
        _ => {
            let colors = series_colors(theme, chart.series.len());
            chart
                .series
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    (
                        s.name.clone().unwrap_or_else(|| format!("系列{}", i + 1)),
                        colors[i],
                    )
                })
                .collect()
        }
    };
    let swatch = size * 0.7;
    let line_h = size * 1.6;
    let (mut x, mut y) = (area.x, top);
    for (name, color) in entries {
        let prepared = TextBox::label(
            vec![Span::new(name, Weight::Regular, size, theme.palette.text).as_role(Role::Labels)],
            (area.width - swatch - size * 0.4).max(size),
            Align::Start,
            1.6,
        )
        .prepare(ctx);
        let w = swatch + size * 0.35 + prepared.widest();
        if x > area.x && x + w > area.x + area.width {
            x = area.x;
            y += line_h;
        }
        ctx.items.push(Item::Rect {
            x,
            y: y + (line_h - swatch) / 2.0,
            width: swatch,
            height: swatch,
            radius: 2.0 * ctx.theme.unit,
            fill: color,
        });
        prepared.draw(ctx, x + swatch + size * 0.35, y);
        x += w + size * 1.2;
    }
    y + line_h
}
