//! Bar (horizontal), column, stacked and line charts. plotters maps values to positions and draws the
//! gridlines, tick labels and series through the scene backend; yitu sets the category labels (wrapped,
//! thinned when crowded, never overlapping) and the value labels.

use std::cell::RefCell;

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::Color as _;

use super::axis::{value_axis, Axis};
use super::backend::{self, units, Recording, SceneBackend};
use super::{annotate, Canvas};
use super::{category_color, series_colors, totals_text, value_text, Area};
use crate::model::{Chart, ChartKind, Color, Theme};
use crate::scene::Item;
use crate::text::fonts::{Role, Weight};
use crate::text::line::Align;
use crate::text::set::PreparedText;
use crate::text::set::TextBox;
use crate::text::shape::Span;

/// Smallest and largest value the axis must show: per bar, or per stack of positive and negative parts.
fn data_range(chart: &Chart, stacked: bool) -> (f64, f64) {
    let n = chart.labels.len();
    let (mut min, mut max) = (0.0f64, 0.0f64);
    for i in 0..n {
        if stacked {
            let pos: f64 = chart.series.iter().map(|s| s.values[i].max(0.0)).sum();
            let neg: f64 = chart.series.iter().map(|s| s.values[i].min(0.0)).sum();
            (min, max) = (min.min(neg), max.max(pos));
        } else {
            for s in &chart.series {
                (min, max) = (min.min(s.values[i]), max.max(s.values[i]));
            }
        }
    }
    (min, max)
}

/// Moves what plotters drew into the poster, with the theme's CMYK inks given back to its colours.
fn add_recording(ctx: &mut Canvas, chart: &Chart, recording: RefCell<Recording>) {
    let mut items = recording.into_inner().items;
    backend::restore_inks(&mut items, &super::chart_colors(ctx.theme, chart));
    ctx.items.extend(items);
}

/// Gridlines: the muted colour, faded most of the way into the background.
pub(super) fn grid_color(theme: &Theme) -> Color {
    theme.palette.muted.mix(theme.palette.background, 0.78)
}

fn rgb(c: Color) -> RGBAColor {
    RGBAColor(c.r, c.g, c.b, c.a as f64 / 255.0)
}

/// Tick label style for plotters, size in pixels.
fn tick_style(size: f32, color: Color) -> TextStyle<'static> {
    TextStyle {
        font: ("sans-serif", units(size) as f64).into_font(),
        color: rgb(color).to_backend_color(),
        pos: Pos::new(HPos::Left, VPos::Top),
    }
}

/// Colour of series `s` at category `i`.
fn bar_color(ctx: &Canvas, chart: &Chart, s: usize, i: usize) -> Color {
    if chart.series.len() == 1 {
        category_color(ctx.theme, chart, i)
    } else {
        series_colors(ctx.theme, chart.series.len())[s]
    }
}

/// The segments to draw for category `i`: (series, from, to).
fn segments(chart: &Chart, i: usize, stacked: bool) -> Vec<(usize, f64, f64)> {
    let (mut pos, mut neg) = (0.0, 0.0);
    chart
        .series
        .iter()
        .enumerate()
        .map(|(s, series)| {
            let v = series.values[i];
            if !stacked {
                (s, 0.0, v)
            } else if v >= 0.0 {
                pos += v;
                (s, pos - v, pos)
            } else {
                neg += v;
                (s, neg - v, neg)
            }
        })
        .collect()
}

/// Values labelled at the end of each bar: every bar, or the stack's total.
fn labelled_values(chart: &Chart, i: usize, stacked: bool) -> Vec<(usize, f64)> {
    if stacked {
        vec![(0, chart.series.iter().map(|s| s.values[i]).sum())]
    } else {
        chart
            .series
            .iter()
            .enumerate()
            .map(|(s, series)| (s, series.values[i]))
            .collect()
    }
}

/// A value label: a figure of series `s`, or a stacked bar's total (the totals share their decimals).
fn value_label(chart: &Chart, stacked: bool, s: usize, v: f64) -> String {
    if stacked {
        let totals: Vec<f64> = (0..chart.labels.len())
            .map(|i| chart.series.iter().map(|s| s.values[i]).sum())
            .collect();
        totals_text(chart, &totals, v)
    } else {
        value_text(chart, s, v)
    }
}

fn text(
    ctx: &mut Canvas,
    s: String,
    weight: Weight,
    size: f32,
    color: Color,
    width: f32,
    align: Align,
) -> PreparedText {
    TextBox::label(
        vec![Span::new(s, weight, size, color).as_role(Role::Labels)],
        width,
        align,
        1.3,
    )
    .balanced()
    .prepare(ctx)
}

/// Horizontal bars: categories down the left, long Chinese labels wrapped beside their bars.
pub(super) fn bars(
    ctx: &mut Canvas,
    chart: &Chart,
    area: Area,
    top: f32,
    height: Option<f32>,
) -> f32 {
    let theme = ctx.theme;
    let stacked = chart.kind == ChartKind::StackedBar;
    let n = chart.labels.len();
    let k = chart.series.len();
    let label_size = theme.size.stat_label;
    let axis = {
        let (min, max) = annotate::value_range(chart, data_range(chart, stacked));
        value_axis(min, max)
    };

    // The category column: as wide as the widest label, at most a third of the chart.
    let col_max = area.width * 0.32;
    let natural = chart
        .labels
        .iter()
        .map(|l| {
            text(
                ctx,
                l.clone(),
                Weight::Regular,
                label_size,
                theme.palette.text,
                f32::MAX / 4.0,
                Align::End,
            )
            .widest()
        })
        .fold(0.0, f32::max);
    let col_w = natural.min(col_max).ceil();
    let labels: Vec<PreparedText> = chart
        .labels
        .iter()
        .map(|l| {
            text(
                ctx,
                l.clone(),
                Weight::Regular,
                label_size,
                theme.palette.text,
                col_w,
                Align::End,
            )
        })
        .collect();

    // Room right of the plot for the value labels.
    let value_size = label_size * 0.95;
    let value_w = (0..n)
        .flat_map(|i| labelled_values(chart, i, stacked))
        .map(|(s, v)| {
            text(
                ctx,
                value_label(chart, stacked, s, v),
                Weight::Bold,
                value_size,
                theme.palette.text,
                f32::MAX / 4.0,
                Align::Start,
            )
            .widest()
        })
        .fold(0.0, f32::max);
    let gap = label_size * 0.6;
    // Callouts follow the value label on their row: "— 历史最高".
    let note_size = annotate::label_size(value_size);
    let callouts: Vec<(usize, usize, PreparedText)> = chart
        .annotations
        .callouts
        .iter()
        .map(|c| {
            let t = annotate::label(
                ctx,
                &format!("— {}", c.text),
                Weight::Bold,
                note_size,
                theme.palette.primary,
                f32::MAX / 4.0,
                Align::Start,
            );
            (c.index, c.series, t)
        })
        .collect();
    let value_w = value_w
        + callouts
            .iter()
            .map(|(_, _, t)| t.widest() + gap * 0.5)
            .fold(0.0, f32::max);
    let plot_x = area.x + col_w + gap;
    let plot_w = (area.width - col_w - gap - value_w - gap).max(area.width * 0.3);

    // Rows: tall enough for the wrapped label and the bars, with air between.
    let mut band = if stacked || k == 1 {
        label_size * 1.15
    } else {
        label_size * 0.8 * k as f32
    };
    let tallest = labels.iter().map(PreparedText::height).fold(0.0, f32::max);
    let mut row = tallest.max(band) + label_size * 0.7;
    if let Some(h) = height {
        // Taller rows (a chart filling a fixed page) get thicker bars, up to twice the normal.
        let stretched = row.max(h / n as f32);
        band = (band * stretched / row).min(band * 2.0);
        row = stretched;
    }
    let plot_h = row * n as f32;
    let tick_size = label_size * 0.8;
    let tick_row = tick_size * 1.8;

    let x_of = |v: f64| plot_x + ((v - axis.lo) / (axis.hi - axis.lo)) as f32 * plot_w;
    // Reference lines and bands (of values: a bar chart's categories take none) are labelled in a row
    // above the bars, centred on their line or band.
    let mut references: Vec<(f32, PreparedText)> = chart
        .annotations
        .references
        .iter()
        .map(|r| {
            let t = annotate::label(
                ctx,
                &r.label,
                Weight::Bold,
                note_size,
                theme.palette.text,
                f32::MAX / 4.0,
                Align::Start,
            );
            (x_of(r.value), t)
        })
        .collect();
    let lines = references.len();
    for b in &chart.annotations.bands {
        if let (crate::model::BandRange::Values(lo, hi), Some(l)) = (b.range, &b.label) {
            let t = annotate::label(
                ctx,
                l,
                Weight::Regular,
                note_size,
                theme.palette.muted,
                f32::MAX / 4.0,
                Align::Start,
            );
            references.push(((x_of(lo) + x_of(hi)) / 2.0, t));
        }
    }
    // Each label centred on its line or band, kept on the chart, and moved up a row when it would touch
    // one already placed.
    let pitch = references
        .iter()
        .map(|(_, t)| t.height())
        .fold(0.0, f32::max);
    let mut placed: Vec<(f32, f32, usize)> = Vec::new();
    for (x, t) in &references {
        let lx = (x - t.widest() / 2.0)
            .min(plot_x + plot_w + value_w - t.widest())
            .max(area.x);
        let (l, r) = (lx, lx + t.widest());
        let level = (0..)
            .find(|&lv| {
                !placed
                    .iter()
                    .any(|&(a, b, pl)| pl == lv && a < r + gap && l < b + gap)
            })
            .unwrap_or(0);
        placed.push((l, r, level));
    }
    let levels = placed.iter().map(|p| p.2 + 1).max().unwrap_or(0);
    let label_row = if levels > 0 {
        pitch * levels as f32 + label_size * 0.3
    } else {
        0.0
    };
    let references_top = top;
    let top = top + label_row;
    // Bands of values across the rows, under the grid and the bars.
    for b in &chart.annotations.bands {
        if let crate::model::BandRange::Values(lo, hi) = b.range {
            ctx.items.push(Item::Rect {
                x: x_of(lo),
                y: top,
                width: (x_of(hi) - x_of(lo)).max(0.0),
                height: plot_h,
                radius: 0.0,
                fill: annotate::band_color(theme),
            });
        }
    }
    let recording = RefCell::new(Recording::default());
    {
        let backend = SceneBackend::new(
            ctx.book,
            (plot_x, top),
            plot_w,
            plot_h + tick_row,
            &recording,
        );
        let root = backend.into_drawing_area();
        let mut cc = ChartBuilder::on(&root)
            .x_label_area_size(units(tick_row) as u32)
            .build_cartesian_2d(axis.lo..axis.hi, 0f64..n as f64)
            .expect("scene backend cannot fail");
        draw_value_grid(
            &mut cc,
            &axis,
            chart,
            theme,
            tick_size,
            Orientation::Horizontal,
        );
        for i in 0..n {
            let center = n as f64 - i as f64 - 0.5;
            let half = (band / row) as f64 / 2.0;
            for (s, from, to) in segments(chart, i, stacked) {
                // The first series at the top of the row.
                let (y0, y1) = sub_band(center, half, k, s, stacked, true);
                fill(&mut cc, [(from, y0), (to, y1)], bar_color(ctx, chart, s, i));
            }
        }
        draw_zero_line(&mut cc, &axis, theme, Orientation::Horizontal, n as f64);
    }
    add_recording(ctx, chart, recording);
    for (j, (x, t)) in references.iter().enumerate() {
        if j < lines {
            annotate::dashed(
                ctx,
                (*x, top - label_size * 0.15),
                (*x, top + plot_h),
                theme.palette.text,
            );
        }
        let (lx, _, level) = placed[j];
        t.draw(
            ctx,
            lx,
            references_top + pitch * (levels - 1 - level) as f32,
        );
    }

    // Labels, vertically centred on their rows; values at the bar ends.
    for (i, label) in labels.iter().enumerate() {
        let row_top = top + row * i as f32;
        label.draw(ctx, area.x, row_top + (row - label.height()) / 2.0);
        let values = labelled_values(chart, i, stacked);
        let sub = if stacked || k == 1 {
            band
        } else {
            band / k as f32
        };
        for (s, v) in values {
            let weight = if chart.highlight == Some(i) {
                Weight::Bold
            } else {
                Weight::Regular
            };
            let t = text(
                ctx,
                value_label(chart, stacked, s, v),
                weight,
                value_size,
                theme.palette.text,
                f32::MAX / 4.0,
                Align::Start,
            );
            let bar_top = row_top
                + (row - band) / 2.0
                + if stacked || k == 1 {
                    0.0
                } else {
                    sub * s as f32
                };
            let end = x_of(v);
            // A negative bar's value sits right of the zero line, clear of the bar and the category label.
            let x = if v < 0.0 {
                x_of(0.0) + gap * 0.5
            } else {
                end + gap * 0.5
            };
            // On a patch of the background where a reference line may cross it.
            let crossed = chart.annotations.references.iter().any(|r| {
                let rx = x_of(r.value);
                rx >= x - 2.0 && rx <= x + t.widest() + 2.0
            });
            if !crossed {
                t.draw(ctx, x, bar_top + (sub - t.height()) / 2.0);
            } else {
                annotate::on_halo(ctx, &t, x, bar_top + (sub - t.height()) / 2.0);
            }
            for (_, _, note) in callouts
                .iter()
                .filter(|(ci, cs, _)| *ci == i && (stacked || *cs == s))
            {
                note.draw(
                    ctx,
                    x + t.widest() + gap * 0.5,
                    bar_top + (sub - note.height()) / 2.0,
                );
            }
        }
    }
    top + plot_h + tick_row
}

#[derive(Clone, Copy, PartialEq)]
enum Orientation {
    /// Values run left to right (bar charts).
    Horizontal,
    /// Values run bottom to top (column and line charts).
    Vertical,
}

type Cartesian<'a, 'b> =
    ChartContext<'a, SceneBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Gridlines at the axis ticks and their labels, drawn by plotters on our ticks.
fn draw_value_grid(
    cc: &mut Cartesian,
    axis: &Axis,
    chart: &Chart,
    theme: &crate::model::Theme,
    size: f32,
    o: Orientation,
) {
    let grid = grid_color(theme);
    let style = ShapeStyle {
        color: rgb(grid),
        filled: false,
        stroke_width: units(theme.unit) as u32,
    };
    let (cat_lo, cat_hi) = match o {
        Orientation::Horizontal => (cc.y_range().start, cc.y_range().end),
        Orientation::Vertical => (cc.x_range().start, cc.x_range().end),
    };
    let label_style = tick_style(size, theme.palette.muted);
    let last = axis.ticks.len().saturating_sub(1);
    for (j, &t) in axis.ticks.iter().enumerate() {
        let line = match o {
            Orientation::Horizontal => vec![(t, cat_lo), (t, cat_hi)],
            Orientation::Vertical => vec![(cat_lo, t), (cat_hi, t)],
        };
        cc.draw_series(std::iter::once(PathElement::new(line, style)))
            .expect("scene backend");
        // The unit rides on the last tick only, as newsroom charts do.
        let mut label = axis.label(t, &chart.number);
        if j == last {
            label.push_str(chart.unit.as_deref().unwrap_or(""));
        }
        let (pos, anchor) = match o {
            Orientation::Horizontal => ((t, cat_lo), Pos::new(HPos::Center, VPos::Top)),
            Orientation::Vertical => ((cat_lo, t), Pos::new(HPos::Right, VPos::Center)),
        };
        let style = label_style.pos(anchor);
        let element = EmptyElement::at(pos)
            + Text::new(
                label,
                match o {
                    Orientation::Horizontal => (0, units(size * 0.5)),
                    Orientation::Vertical => (-units(size * 0.5), 0),
                },
                style,
            );
        cc.draw_series(std::iter::once(element))
            .expect("scene backend");
    }
}

/// The zero line, darker than the grid, when the axis spans negative values too (else the baseline).
fn draw_zero_line(
    cc: &mut Cartesian,
    axis: &Axis,
    theme: &crate::model::Theme,
    o: Orientation,
    n: f64,
) {
    let color = theme.palette.muted;
    let style = ShapeStyle {
        color: rgb(color),
        filled: false,
        stroke_width: units(1.5 * theme.unit) as u32,
    };
    let zero = 0.0f64.clamp(axis.lo, axis.hi);
    let line = match o {
        Orientation::Horizontal => vec![(zero, 0.0), (zero, n)],
        Orientation::Vertical => vec![(0.0, zero), (n, zero)],
    };
    cc.draw_series(std::iter::once(PathElement::new(line, style)))
        .expect("scene backend");
}

/// Column and line charts: categories along the bottom, values up the left.
pub(super) fn columns(
    ctx: &mut Canvas,
    chart: &Chart,
    area: Area,
    top: f32,
    height: Option<f32>,
) -> f32 {
    let theme = ctx.theme;
    let stacked = chart.kind == ChartKind::StackedColumn;
    let line = chart.kind == ChartKind::Line;
    let n = chart.labels.len();
    let k = chart.series.len();
    let label_size = theme.size.stat_label * 0.9;
    let tick_size = theme.size.stat_label * 0.8;
    let axis = {
        let (min, max) = annotate::value_range(chart, data_range(chart, stacked));
        // A line need not start at zero, but newsroom line charts of levels usually do; keep zero.
        value_axis(min, max)
    };
    // The tick-label column on the left.
    let tick_w = axis
        .ticks
        .iter()
        .enumerate()
        .map(|(j, &t)| {
            let mut s = axis.label(t, &chart.number);
            if j + 1 == axis.ticks.len() {
                s.push_str(chart.unit.as_deref().unwrap_or(""));
            }
            text(
                ctx,
                s,
                Weight::Regular,
                tick_size,
                theme.palette.muted,
                f32::MAX / 4.0,
                Align::Start,
            )
            .widest()
        })
        .fold(0.0, f32::max);
    let plot_x = area.x + tick_w + tick_size * 0.8;
    // On a column too narrow for the tick labels, the plot keeps some width and runs past the column's
    // right edge (degenerate, but every position stays ordered and finite).
    // Reference lines are labelled right of the plot, at their line's end, clear of the data.
    let ref_gap = tick_size * 0.5;
    let ref_labels: Vec<(f64, PreparedText)> = chart
        .annotations
        .references
        .iter()
        .map(|r| {
            let t = annotate::label(
                ctx,
                &r.label,
                Weight::Bold,
                annotate::label_size(theme.size.stat_label * 0.9),
                theme.palette.text,
                area.width * 0.2,
                Align::Start,
            );
            (r.value, t)
        })
        .collect();
    let ref_w = ref_labels
        .iter()
        .map(|(_, t)| t.widest() + ref_gap)
        .fold(0.0, f32::max);
    let plot_w = (area.x + area.width - plot_x - ref_w).max(area.width * 0.3);
    let right = plot_x + plot_w;
    let slot = plot_w / n as f32;

    // Category labels: wrapped to the slot, at most two lines. When that is too crowded, every
    // `every`-th label is shown with the room of `every` slots; when even one label per chart does not
    // fit, labels are shortened with an ellipsis. Never overlapping.
    let labels = category_labels(ctx, chart, slot, label_size, theme.palette.text);
    let label_h = labels.iter().map(|(_, l)| l.height()).fold(0.0, f32::max);
    let plot_h = height.unwrap_or(area.width * 0.5).max(label_size * 6.0);
    let value_size = label_size;
    let show_values =
        (line && n <= 12 && k <= 2) || (!line && slot >= value_size * 2.2 && (k == 1 || stacked));
    let headroom = if show_values { value_size * 1.6 } else { 0.0 };
    // Callouts stand in a row above the plot, each with a leader down to its point.
    let note_size = annotate::label_size(value_size);
    let callouts: Vec<(usize, usize, PreparedText)> = chart
        .annotations
        .callouts
        .iter()
        .map(|c| {
            let t = annotate::label(
                ctx,
                &c.text,
                Weight::Bold,
                note_size,
                theme.palette.primary,
                (slot * 3.0).clamp(note_size * 4.0, area.width),
                Align::Center,
            );
            (c.index, c.series, t)
        })
        .collect();
    let callout_room = callouts
        .iter()
        .map(|(_, _, t)| t.height() + label_size * 0.9)
        .fold(0.0, f32::max);
    let callouts_top = top;
    let top = top + callout_room;

    let y_of =
        |v: f64| top + headroom + (1.0 - ((v - axis.lo) / (axis.hi - axis.lo)) as f32) * plot_h;
    // Bands under the grid and the data: values across the plot, categories down it.
    for b in &chart.annotations.bands {
        let (x0, x1, y0, y1) = match b.range {
            crate::model::BandRange::Values(lo, hi) => (plot_x, right, y_of(hi), y_of(lo)),
            crate::model::BandRange::Labels(i, j) => (
                plot_x + slot * i as f32,
                plot_x + slot * (j + 1) as f32,
                top + headroom,
                top + headroom + plot_h,
            ),
        };
        ctx.items.push(Item::Rect {
            x: x0,
            y: y0,
            width: (x1 - x0).max(0.0),
            height: (y1 - y0).max(0.0),
            radius: 0.0,
            fill: annotate::band_color(theme),
        });
    }
    let recording = RefCell::new(Recording::default());
    {
        let backend = SceneBackend::new(
            ctx.book,
            (area.x, top + headroom),
            right - area.x,
            plot_h,
            &recording,
        );
        let root = backend.into_drawing_area();
        let mut cc = ChartBuilder::on(&root)
            .y_label_area_size(units(plot_x - area.x) as u32)
            .build_cartesian_2d(0f64..n as f64, axis.lo..axis.hi)
            .expect("scene backend cannot fail");
        draw_value_grid(
            &mut cc,
            &axis,
            chart,
            theme,
            tick_size,
            Orientation::Vertical,
        );
        if line {
            let colors = series_colors(theme, k);
            for (s, series) in chart.series.iter().enumerate() {
                let points: Vec<(f64, f64)> = series
                    .values
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| (i as f64 + 0.5, v))
                    .collect();
                let stroke = ShapeStyle {
                    color: rgb(colors[s]),
                    filled: false,
                    stroke_width: units(3.0 * theme.unit) as u32,
                };
                cc.draw_series(std::iter::once(PathElement::new(points.clone(), stroke)))
                    .expect("scene backend");
                for (i, p) in points.into_iter().enumerate() {
                    let r = if chart.highlight == Some(i) { 8.0 } else { 5.5 } * theme.unit;
                    cc.draw_series(std::iter::once(Circle::new(
                        p,
                        units(r),
                        rgb(colors[s]).filled(),
                    )))
                    .expect("scene backend");
                    cc.draw_series(std::iter::once(Circle::new(
                        p,
                        units(r * 0.45),
                        rgb(theme.palette.background).filled(),
                    )))
                    .expect("scene backend");
                }
            }
        } else {
            for i in 0..n {
                let half = 0.34f64;
                let center = i as f64 + 0.5;
                for (s, from, to) in segments(chart, i, stacked) {
                    let (x0, x1) = sub_band(center, half, k, s, stacked, false);
                    fill(&mut cc, [(x0, from), (x1, to)], bar_color(ctx, chart, s, i));
                }
            }
        }
        draw_zero_line(&mut cc, &axis, theme, Orientation::Vertical, n as f64);
    }
    add_recording(ctx, chart, recording);
    let plot_top = top + headroom;
    // Labels centred on their lines, moved down when they would overlap the one above.
    let mut order: Vec<usize> = (0..ref_labels.len()).collect();
    order.sort_by(|&a, &b| y_of(ref_labels[a].0).total_cmp(&y_of(ref_labels[b].0)));
    let mut below = f32::MIN;
    for k in order {
        let (v, t) = &ref_labels[k];
        let y = y_of(*v);
        annotate::dashed(
            ctx,
            (plot_x, y),
            (right + ref_gap * 0.6, y),
            theme.palette.text,
        );
        let top = (y - t.height() / 2.0).max(below);
        t.draw(ctx, right + ref_gap, top);
        below = top + t.height();
    }

    // Value labels above columns and points.
    if show_values {
        for i in 0..n {
            for (s, v) in labelled_values(chart, i, stacked) {
                let weight = if chart.highlight == Some(i) {
                    Weight::Bold
                } else {
                    Weight::Regular
                };
                let color = if line {
                    series_colors(theme, k)[s]
                } else {
                    theme.palette.text
                };
                let t = text(
                    ctx,
                    value_label(chart, stacked, s, v),
                    weight,
                    value_size,
                    color,
                    slot.max(value_size * 3.0),
                    Align::Center,
                );
                let cx = plot_x + slot * (i as f32 + 0.5);
                // Above the point or column; below it for negative values and, on a two-line chart, for the
                // lower of the two points, so the labels of close points do not collide.
                let other = if line && k == 2 {
                    chart.series[1 - s].values[i]
                } else {
                    f64::NEG_INFINITY
                };
                let below = v < 0.0 || v < other;
                let y = if below {
                    y_of(v) + label_size * 0.3
                } else {
                    y_of(v) - t.height() - label_size * 0.15
                };
                let crossed = chart.annotations.references.iter().any(|r| {
                    let ry = y_of(r.value);
                    ry >= y - 2.0 && ry <= y + t.height() + 2.0
                });
                if !crossed {
                    t.draw(ctx, cx - t.width / 2.0, y);
                } else {
                    annotate::on_halo(ctx, &t, cx - t.width / 2.0, y);
                }
            }
        }
    }
    for b in &chart.annotations.bands {
        let Some(l) = &b.label else { continue };
        let t = annotate::label(
            ctx,
            l,
            Weight::Regular,
            note_size * 0.9,
            theme.palette.muted,
            f32::MAX / 4.0,
            Align::Start,
        );
        match b.range {
            // At the band's top left, inside it.
            crate::model::BandRange::Values(_, hi) => {
                t.draw(ctx, plot_x + label_size * 0.3, y_of(hi) + 2.0 * theme.unit);
            }
            // Centred at the top of its run of categories.
            // At the top of its run of categories, on the side whose data is lower (clear of it).
            crate::model::BandRange::Labels(i, j) => {
                let highest = |c: usize| {
                    chart
                        .series
                        .iter()
                        .map(|s| s.values[c])
                        .fold(f64::MIN, f64::max)
                };
                let pad = label_size * 0.3;
                let x = if highest(i) <= highest(j) {
                    plot_x + slot * i as f32 + pad
                } else {
                    plot_x + slot * (j + 1) as f32 - pad - t.widest()
                };
                t.draw(ctx, x, plot_top + 2.0 * theme.unit);
            }
        }
    }
    for (i, s, t) in &callouts {
        let cx = plot_x + slot * (*i as f32 + 0.5);
        let v = if stacked {
            chart.series.iter().map(|x| x.values[*i]).sum()
        } else {
            chart.series[*s].values[*i]
        };
        // Down to the top of the value label (or of the point, when its label is below or not shown).
        let point = y_of(v);
        let above =
            show_values && !(v < 0.0 || (line && k == 2 && v < chart.series[1 - s].values[*i]));
        let end = if above {
            point - value_size * 1.3 - label_size * 0.15
        } else {
            point - 8.0 * theme.unit
        };
        let x = (cx - t.width / 2.0)
            .min(area.x + area.width - t.width)
            .max(area.x);
        t.draw(ctx, x, callouts_top);
        let start = callouts_top + t.height() + label_size * 0.2;
        if end > start {
            ctx.items.push(Item::Line {
                x1: cx,
                y1: start,
                x2: cx,
                y2: end,
                width: 1.5 * theme.unit,
                color: theme.palette.primary,
            });
        }
    }
    // Category labels under the plot.
    // Labels set below points (negative values, the lower line of two) need room above the categories.
    let any_below = chart
        .series
        .iter()
        .any(|s| s.values.iter().any(|&v| v < 0.0))
        || (line && k == 2);
    let footroom = if show_values && any_below {
        value_size * 1.5
    } else {
        0.0
    };
    let labels_top = top + headroom + plot_h + footroom + label_size * 0.5;
    let mut previous_right = f32::MIN;
    for (i, label) in &labels {
        let cx = plot_x + slot * (*i as f32 + 0.5);
        // Centred under its slot, but kept on the chart's column (its left edge first, when a label is
        // wider than the column); a label pushed into its neighbour by that is left out rather than
        // crowded.
        let x = (cx - label.width / 2.0)
            .min(right.max(area.x + area.width) - label.width)
            .max(area.x);
        let ink_left = x + (label.width - label.widest()) / 2.0;
        if ink_left < previous_right + label_size * 0.5 {
            continue;
        }
        previous_right = ink_left + label.widest();
        label.draw(ctx, x, labels_top);
    }
    labels_top + label_h
}

/// The labels shown under `slot`-wide categories, with their indices (see `columns`): at most two
/// lines each, words whole if that fits, else every `every`-th label with the room of `every` slots
/// (thinning, for long runs of categories), else broken inside words; when not every label fits so,
/// each label is set whole if it fits (words whole, else broken inside words), else shortened at a
/// word's end with an ellipsis. Only shown labels are set, and a step is given up at its first label that does not
/// fit, so the work is about n·log n labels for n categories, not n² (every step tried sets n/step).
fn category_labels(
    ctx: &mut Canvas,
    chart: &Chart,
    slot: f32,
    size: f32,
    color: Color,
) -> Vec<(usize, PreparedText)> {
    let n = chart.labels.len();
    let gap = size * 0.3;
    let width_for = |every: usize| (slot * every as f32 - gap).max(size);
    // Thinning suits long runs of similar labels (years, items); a handful of categories keeps every
    // label, shortened if need be.
    let max_every = if n > 12 { n / 4 } else { 1 };
    let steps = (1..=max_every.max(1)).map(|every| (every, true));
    'steps: for (every, whole_words) in steps.chain([(1, false)]) {
        let width = width_for(every);
        let mut shown = Vec::with_capacity(n.div_ceil(every));
        for i in (0..n).step_by(every) {
            let label = category_label(ctx, &chart.labels[i], size, color, width, whole_words);
            if !fits_two_lines(&label, size, width) {
                continue 'steps;
            }
            shown.push((i, label));
        }
        return shown;
    }
    let every = if n > 12 {
        // Room for about two characters a label; a float that is not a count saturates, then clamps.
        ((size * 2.0 / slot).ceil() as usize).clamp(1, n)
    } else {
        1
    };
    let width = width_for(every);
    (0..n)
        .step_by(every)
        .map(|i| {
            let label = &chart.labels[i];
            let whole = category_label(ctx, label, size, color, width, true);
            if fits_two_lines(&whole, size, width) {
                return (i, whole);
            }
            let split = category_label(ctx, label, size, color, width, false);
            if fits_two_lines(&split, size, width) {
                return (i, split);
            }
            let short = shorten(ctx, label, size, width);
            (i, category_label(ctx, &short, size, color, width, true))
        })
        .collect()
}

/// A category label set balanced in a `width`-wide slot, its words whole or not.
fn category_label(
    ctx: &mut Canvas,
    label: &str,
    size: f32,
    color: Color,
    width: f32,
    whole_words: bool,
) -> PreparedText {
    let label = TextBox::label(
        vec![Span::new(label, Weight::Regular, size, color)],
        width,
        Align::Center,
        1.3,
    )
    .balanced();
    let label = if whole_words {
        label
    } else {
        label.breaking_inside_words()
    };
    label.prepare(ctx)
}

/// Whether a category label set at `size` takes at most two lines of `width`, none of them cut where no
/// break is allowed.
fn fits_two_lines(label: &PreparedText, size: f32, width: f32) -> bool {
    let two_lines = size * 1.3 * 2.0 + 0.5;
    label.height() <= two_lines && label.widest() <= width + 0.5 && !label.has_forced_break()
}

/// The longest start of `label` ending at a word's end that, with an ellipsis, fits two lines of `width`
/// with its words whole (or, when not even the first word does, the longest start of any length):
/// found by bisection (a longer start never fits where a shorter one does not), so a long label costs a
/// few settings, not one a character.
fn shorten(ctx: &mut Canvas, label: &str, size: f32, width: f32) -> String {
    let black = Color::rgb(0, 0, 0);
    let mut fits = |s: String| {
        let t = category_label(ctx, &s, size, black, width, true);
        fits_two_lines(&t, size, width)
    };
    let chars: Vec<char> = label.chars().collect();
    // No character is narrower than a tenth of the size (bar zero-width marks): two lines hold at most
    // this many, so a longer label is not set whole only to find it too long.
    let most = (2.0 * width / (size * 0.1)).ceil() as usize + 2;
    if chars.len() <= most && fits(label.to_string()) {
        return label.to_string();
    }
    let with_ellipsis = |keep: usize| chars[..keep].iter().collect::<String>() + "…";
    // Where a start may end: between words (in characters), at most `most` characters in.
    let words = crate::text::words::words(label);
    let word_ends: Vec<usize> = (1..chars.len().min(most))
        .filter(|&keep| {
            let byte = label
                .char_indices()
                .nth(keep)
                .map_or(label.len(), |(b, _)| b);
            !words.iter().any(|w| w.start < byte && byte < w.end)
        })
        .collect();
    let longest = |ends: &[usize], fits: &mut dyn FnMut(String) -> bool| {
        // The longest fitting end is among ends[..hi]; ends[lo - 1] fits (lo = 0: none known to).
        let (mut lo, mut hi) = (0, ends.len());
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if fits(with_ellipsis(ends[mid - 1])) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        (lo > 0).then(|| ends[lo - 1])
    };
    let any: Vec<usize> = (1..chars.len().min(most)).collect();
    match longest(&word_ends, &mut fits).or_else(|| longest(&any, &mut fits)) {
        Some(keep) => with_ellipsis(keep),
        None => "…".to_string(),
    }
}

/// The stretch of a category's band (centre ± half) that series `s` of `k` fills: the whole band when
/// stacked or alone, else its share with a small gap, counted from the top (`from_top`, bar charts) or
/// from the left (column charts).
fn sub_band(
    center: f64,
    half: f64,
    k: usize,
    s: usize,
    stacked: bool,
    from_top: bool,
) -> (f64, f64) {
    if stacked || k == 1 {
        return (center - half, center + half);
    }
    let w = 2.0 * half / k as f64;
    if from_top {
        let end = center + half - w * s as f64;
        (end - w * 0.88, end)
    } else {
        let start = center - half + w * s as f64;
        (start, start + w * 0.88)
    }
}

/// A filled rectangle in chart coordinates, drawn by plotters.
fn fill(cc: &mut Cartesian, corners: [(f64, f64); 2], color: Color) {
    cc.draw_series(std::iter::once(Rectangle::new(
        corners,
        rgb(color).filled(),
    )))
    .expect("scene backend");
}
