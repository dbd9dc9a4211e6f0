//! Annotations on bar, column, line and stacked charts: bands (a range of values across the plot, or a
//! run of categories) tinted under the data, reference lines (目标 5%) dashed over it with their label on
//! a halo of the background, and callouts (历史最高) on single points — above the plot with a leader down
//! to the point on column and line charts, after the value label on bar charts.

use super::Canvas;
use crate::model::{Annotations, BandRange, Chart, Color, Theme};
use crate::scene::Item;
use crate::text::fonts::{Role, Weight};
use crate::text::line::Align;
use crate::text::set::{PreparedText, TextBox};
use crate::text::shape::Span;

/// `annotations` as the drawing code may take them, whoever built them: finite values, categories and
/// series that exist.
pub(super) fn drawable(a: &Annotations, labels: usize, series: usize) -> Annotations {
    let finite = |v: f64| super::axis::plottable(v);
    Annotations {
        references: a
            .references
            .iter()
            .map(|r| crate::model::Reference {
                value: finite(r.value),
                label: r.label.clone(),
            })
            .collect(),
        bands: a
            .bands
            .iter()
            .filter_map(|b| {
                let range = match b.range {
                    BandRange::Values(x, y) => {
                        let (x, y) = (finite(x), finite(y));
                        BandRange::Values(x.min(y), x.max(y))
                    }
                    BandRange::Labels(i, j) if i.max(j) < labels => {
                        BandRange::Labels(i.min(j), i.max(j))
                    }
                    BandRange::Labels(..) => return None,
                };
                Some(crate::model::Band {
                    range,
                    label: b.label.clone(),
                })
            })
            .collect(),
        callouts: a
            .callouts
            .iter()
            .filter(|c| c.index < labels && c.series < series)
            .cloned()
            .collect(),
    }
}

/// The value range the axis must show for the data `(min, max)` and the annotations' values.
pub(super) fn value_range(chart: &Chart, (mut min, mut max): (f64, f64)) -> (f64, f64) {
    for r in &chart.annotations.references {
        (min, max) = (min.min(r.value), max.max(r.value));
    }
    for b in &chart.annotations.bands {
        if let BandRange::Values(lo, hi) = b.range {
            (min, max) = (min.min(lo), max.max(hi));
        }
    }
    (min, max)
}

/// The tint of a band: the accent, most of the way into the background.
pub(super) fn band_color(theme: &Theme) -> Color {
    theme.palette.accent.mix(theme.palette.background, 0.72)
}

/// The size of annotation labels for a chart whose value labels are `value_size`.
pub(super) fn label_size(value_size: f32) -> f32 {
    value_size * 0.85
}

/// An annotation's text on one line (wrapped at `width` when given).
pub(super) fn label(
    ctx: &mut Canvas,
    text: &str,
    weight: Weight,
    size: f32,
    color: Color,
    width: f32,
    align: Align,
) -> PreparedText {
    TextBox::label(
        vec![Span::new(text, weight, size, color).as_role(Role::Labels)],
        width,
        align,
        1.25,
    )
    .balanced()
    .prepare(ctx)
}

/// Draws `t` at (x, y) on a rectangle of the background, so that it reads over bars and gridlines.
pub(super) fn on_halo(ctx: &mut Canvas, t: &PreparedText, x: f32, y: f32) {
    let pad = 4.0 * ctx.theme.unit;
    let ink = x
        + (t.width - t.widest())
            * match t.align {
                Align::End => 1.0,
                Align::Center => 0.5,
                _ => 0.0,
            };
    ctx.items.push(Item::Rect {
        x: ink - pad,
        y,
        width: t.widest() + 2.0 * pad,
        height: t.height(),
        radius: 2.0 * ctx.theme.unit,
        fill: ctx.theme.palette.background,
    });
    t.draw(ctx, x, y);
}

/// A dashed line from (x1, y1) to (x2, y2), horizontal or vertical: dashes of 10 and gaps of 6 design
/// pixels.
pub(super) fn dashed(ctx: &mut Canvas, (x1, y1): (f32, f32), (x2, y2): (f32, f32), color: Color) {
    let u = ctx.theme.unit;
    let (dash, gap, width) = (10.0 * u, 6.0 * u, 2.0 * u);
    let length = ((x2 - x1).powi(2) + (y2 - y1).powi(2)).sqrt();
    if !(length.is_finite() && length > 0.0) {
        return;
    }
    let (dx, dy) = ((x2 - x1) / length, (y2 - y1) / length);
    // At most a few thousand dashes, whatever the length.
    let step = (dash + gap).max(length / 4000.0);
    let mut at = 0.0;
    while at < length {
        let end = (at + dash).min(length);
        ctx.items.push(Item::Line {
            x1: x1 + dx * at,
            y1: y1 + dy * at,
            x2: x1 + dx * end,
            y2: y1 + dy * end,
            width,
            color,
        });
        at += step;
    }
}
