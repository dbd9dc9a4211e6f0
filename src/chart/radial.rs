//! Pie, donut and ring (gauge) charts, drawn as true circular arcs (cubic Béziers) rather than plotters'
//! integer polygons, so edges stay smooth at any resolution. Angles run clockwise from 12 o'clock.

use std::f32::consts::TAU;

use super::Canvas;
use super::{series_colors, share, totals_text, value_text, Area};
use crate::model::{Chart, Color};
use crate::scene::{Item, Path, PathOp, Stroke};
use crate::text::fonts::{Role, Weight};
use crate::text::line::Align;
use crate::text::number::decimal;
use crate::text::set::PreparedText;
use crate::text::set::TextBox;
use crate::text::shape::Span;

/// A wedge (pie) or a ring segment (donut) from angle `a0` to `a1`.
fn segment(cx: f32, cy: f32, r: f32, inner: f32, a0: f32, a1: f32, fill: Color) -> Item {
    let mut ops = Vec::new();
    if inner > 0.0 {
        Path::arc_ops(&mut ops, cx, cy, r, a0, a1, false);
        Path::arc_ops(&mut ops, cx, cy, inner, a1, a0, true);
    } else {
        ops.push(PathOp::Move(cx, cy));
        Path::arc_ops(&mut ops, cx, cy, r, a0, a1, true);
    }
    ops.push(PathOp::Close);
    Item::Path(Path {
        ops,
        fill: Some(fill),
        stroke: None,
        even_odd: false,
    })
}

/// Pie and donut: the circle on the left, a table of label, value and share on the right (below, on a
/// narrow column).
pub(super) fn pie(
    ctx: &mut Canvas,
    chart: &Chart,
    area: Area,
    top: f32,
    height: Option<f32>,
) -> f32 {
    let theme = ctx.theme;
    let values = &chart.series[0].values;
    // Negative parts have no slice (the model rejects them); the total is of what is drawn.
    let total: f64 = values.iter().map(|v| v.max(0.0)).sum();
    // With a highlight, the other slices (and their swatches) recede.
    let colors: Vec<_> = series_colors(theme, values.len())
        .into_iter()
        .enumerate()
        .map(|(i, c)| match chart.highlight {
            Some(h) if h != i => c.mix(theme.palette.background, 0.55),
            _ => c,
        })
        .collect();
    let donut = chart.kind == crate::model::ChartKind::Donut;
    let u = theme.unit;
    let side_by_side = area.width >= 640.0 * u;
    let diameter = height
        .unwrap_or(area.width * 0.5)
        .min(if side_by_side {
            area.width * 0.5
        } else {
            area.width
        })
        .min(560.0 * u);
    let r = diameter / 2.0;
    let (cx, cy) = if side_by_side {
        (area.x + r, top + r)
    } else {
        (area.x + area.width / 2.0, top + r)
    };

    let mut angle = 0.0f32;
    for (i, &v) in values.iter().enumerate() {
        let sweep = share(v, total) as f32 * TAU;
        if sweep > 0.0 {
            let color = colors[i];
            ctx.items.push(segment(
                cx,
                cy,
                r,
                if donut { r * 0.58 } else { 0.0 },
                angle,
                angle + sweep,
                color,
            ));
            // A hairline of the background between slices.
            let (sx, sy) = (cx + r * angle.sin(), cy - r * angle.cos());
            ctx.items.push(Item::Line {
                x1: cx,
                y1: cy,
                x2: sx,
                y2: sy,
                width: 2.0 * u,
                color: theme.palette.background,
            });
        }
        angle += sweep;
    }
    if donut {
        ctx.items.push(Item::Circle {
            cx,
            cy,
            r: r * 0.58,
            fill: theme.palette.background,
        });
        let parts = match &chart.center {
            Some(text) => CentreParts::split(text),
            None => CentreParts::of(chart, totals_parts(chart, total)),
        };
        let t = parts.prepare(ctx, r * 0.26, r * 1.1, theme.palette.primary);
        t.draw(ctx, cx - r * 0.55, cy - t.height() / 2.0);
    }

    // The table.
    let size = theme.size.stat_label;
    let (tx, tw, mut ty) = if side_by_side {
        (
            area.x + diameter + size * 1.5,
            area.width - diameter - size * 1.5,
            top,
        )
    } else {
        (area.x, area.width, top + diameter + size)
    };
    let rows_h = values.len() as f32 * size * 1.9;
    if side_by_side && rows_h < diameter {
        ty = top + (diameter - rows_h) / 2.0;
    }
    let swatch = size * 0.7;
    for (i, &v) in values.iter().enumerate() {
        let share = format!("{}%", decimal(share(v, total) * 100.0, 1, false, false));
        let weight = if chart.highlight == Some(i) {
            Weight::Bold
        } else {
            Weight::Regular
        };
        // Values given in per cent are shares already: their share beside them would only repeat them.
        let given = value_text(chart, 0, v);
        let right = if given.ends_with('%') {
            given
        } else {
            format!("{given}  {share}")
        };
        let value = TextBox::new(
            vec![Span::new(right, Weight::Bold, size, theme.palette.text).as_role(Role::Figures)],
            tw,
            Align::End,
            1.9,
        )
        .prepare(ctx);
        let label_w = (tw - swatch - size * 0.5 - value.widest() - size).max(size * 3.0);
        let label = TextBox::label(
            vec![
                Span::new(chart.labels[i].clone(), weight, size, theme.palette.text)
                    .as_role(Role::Labels),
            ],
            label_w,
            Align::Start,
            1.9,
        )
        .prepare(ctx);
        let row_h = label.height().max(value.height());
        let pitch = label.line_height_px();
        ctx.items.push(Item::Rect {
            x: tx,
            y: ty + (pitch - swatch) / 2.0,
            width: swatch,
            height: swatch,
            radius: 2.0 * u,
            fill: colors[i],
        });
        label.draw(ctx, tx + swatch + size * 0.5, ty);
        value.draw(ctx, tx, ty);
        ty += row_h;
    }
    (top + diameter).max(ty)
}

/// Whether a ring's one label says what its title says (the title holds it, spaces aside): then it is
/// not set again under the ring.
pub(crate) fn repeats_title(chart: &Chart) -> bool {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let label = squeeze(&chart.labels[0]);
    chart
        .title
        .as_deref()
        .is_some_and(|t| !label.is_empty() && squeeze(t).contains(&label))
}

/// A ring (gauge): one value out of `max` as an arc over a pale track, the figure in the middle and the
/// label below.
pub(super) fn ring(
    ctx: &mut Canvas,
    chart: &Chart,
    area: Area,
    top: f32,
    height: Option<f32>,
) -> f32 {
    let theme = ctx.theme;
    let v = chart.series[0].values[0];
    let label_size = theme.size.stat_label * 1.1;
    // The label under the ring, unless the title above says it already.
    let label = (!repeats_title(chart)).then(|| {
        TextBox::label(
            vec![Span::new(
                chart.labels[0].clone(),
                Weight::Regular,
                label_size,
                theme.palette.text,
            )
            .as_role(Role::Labels)],
            area.width,
            Align::Center,
            1.4,
        )
        .balanced()
        .prepare(ctx)
    });
    let room = label
        .as_ref()
        .map_or(0.0, |l| l.height() + label_size * 0.6);
    let u = theme.unit;
    let diameter = height
        .map_or(area.width.min(400.0 * u), |h| (h - room).max(120.0 * u))
        .min(area.width)
        .min(620.0 * u);
    let stroke_w = diameter * 0.11;
    let r = diameter / 2.0 - stroke_w / 2.0;
    let (cx, cy) = (area.x + area.width / 2.0, top + diameter / 2.0);
    let track = theme.palette.primary.mix(theme.palette.background, 0.82);
    let mut ops = Vec::new();
    Path::arc_ops(&mut ops, cx, cy, r, 0.0, TAU, false);
    ops.push(PathOp::Close);
    ctx.items.push(Item::Path(Path {
        ops,
        fill: None,
        stroke: Some(Stroke {
            color: track,
            width: stroke_w,
            round: false,
        }),
        even_odd: false,
    }));
    let sweep = share(v, chart.max) as f32 * TAU;
    if sweep > 0.0 {
        let mut ops = Vec::new();
        Path::arc_ops(&mut ops, cx, cy, r, 0.0, sweep, false);
        ctx.items.push(Item::Path(Path {
            ops,
            fill: None,
            stroke: Some(Stroke {
                color: theme.palette.primary,
                width: stroke_w,
                round: false,
            }),
            even_odd: false,
        }));
    }
    let parts = match &chart.center {
        Some(text) => CentreParts::split(text),
        None => CentreParts::of(chart, series_parts(chart, v)),
    };
    let t = parts.prepare(ctx, r * 0.42, r * 1.6, theme.palette.primary);
    t.draw(ctx, cx - r * 0.8, cy - t.height() / 2.0);
    match label {
        Some(label) => label.draw(ctx, area.x, top + diameter + label_size * 0.6),
        None => top + diameter,
    }
}

/// A figure in the middle of a ring or donut, set like a stat's: the numeral large, a word before it
/// (约) and the unit small on its baseline, a qualifier (左右) smaller still.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CentreParts {
    pub before: String,
    pub numeral: String,
    pub unit: String,
    pub qualifier: String,
}

/// The unit at 45 % of the numeral, the qualifier at 34 %, as a stat's figure (`layout::figure`).
const UNIT_RATIO: f32 = 0.45;
const QUALIFIER_RATIO: f32 = 0.34;

/// The numeral and scaled unit of the ring's value (series 0's decimals).
fn series_parts(chart: &Chart, v: f64) -> (String, String) {
    let number = crate::text::number::NumberFormat {
        shared: chart.series.first().map(|s| s.decimals),
        ..chart.number
    };
    let f = crate::text::number::format_number(v, &number);
    (
        f.numeral,
        format!("{}{}", f.scale, chart.unit.as_deref().unwrap_or("")),
    )
}

/// The numeral and scaled unit of a donut's total.
fn totals_parts(chart: &Chart, total: f64) -> (String, String) {
    let text = totals_text(chart, &[total], total);
    let parts = CentreParts::split(&text);
    (parts.numeral, parts.unit)
}

impl CentreParts {
    /// The chart's own figure with its `prefix` and `qualifier`.
    fn of(chart: &Chart, (numeral, unit): (String, String)) -> CentreParts {
        CentreParts {
            before: chart.prefix.clone().unwrap_or_default(),
            numeral,
            unit,
            qualifier: chart.qualifier.clone().unwrap_or_default(),
        }
    }

    /// A `center` text as written: the first number in it is the numeral (`约76.3%左右`: 约 · 76.3 ·
    /// %左右); a text without a digit is set whole at the numeral's size.
    pub(crate) fn split(text: &str) -> CentreParts {
        let is_sign = |c: char| matches!(c, '+' | '-' | '−' | '±');
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let Some(first) = chars.iter().position(|&(_, c)| c.is_ascii_digit()) else {
            return CentreParts {
                before: String::new(),
                numeral: text.to_owned(),
                unit: String::new(),
                qualifier: String::new(),
            };
        };
        let start = if first > 0 && is_sign(chars[first - 1].1) {
            first - 1
        } else {
            first
        };
        let mut end = first;
        while end < chars.len()
            && (chars[end].1.is_ascii_digit()
                || (matches!(chars[end].1, '.' | ',')
                    && chars.get(end + 1).is_some_and(|(_, c)| c.is_ascii_digit())))
        {
            end += 1;
        }
        let at = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
        CentreParts {
            before: text[..at(start)].to_owned(),
            numeral: text[at(start)..at(end)].to_owned(),
            unit: text[at(end)..].to_owned(),
            qualifier: String::new(),
        }
    }

    /// The spans at numeral size `size`.
    fn spans(&self, size: f32, color: Color) -> Vec<Span> {
        [
            (&self.before, UNIT_RATIO),
            (&self.numeral, 1.0),
            (&self.unit, UNIT_RATIO),
            (&self.qualifier, QUALIFIER_RATIO),
        ]
        .into_iter()
        .filter(|(t, _)| !t.is_empty())
        .map(|(t, ratio)| {
            Span::new(t.clone(), Weight::Bold, size * ratio, color).as_role(Role::Figures)
        })
        .collect()
    }

    /// Set centred in `width` at numeral size `size`, smaller when it would not fit on one line.
    fn prepare(&self, ctx: &mut Canvas, size: f32, width: f32, color: Color) -> PreparedText {
        let set = |ctx: &mut Canvas, size: f32| {
            TextBox::new(self.spans(size, color), width, Align::Center, 1.15).prepare(ctx)
        };
        let t = set(ctx, size);
        let wide = TextBox::new(self.spans(size, color), f32::MAX / 4.0, Align::Center, 1.15)
            .prepare(ctx)
            .widest();
        if wide > width && wide > 0.0 {
            set(ctx, (size * width / wide).max(size * 0.5))
        } else {
            t
        }
    }
}
