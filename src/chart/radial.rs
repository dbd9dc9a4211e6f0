//! Pie, donut and ring (gauge) charts, drawn as true circular arcs (cubic Béziers) rather than plotters'
//! integer polygons, so edges stay smooth at any resolution. Angles run clockwise from 12 o'clock.

use std::f32::consts::TAU;

use super::Canvas;
use super::{series_colors, share, value_text, Area};
use crate::model::{Chart, Color};
use crate::scene::{Item, Path, PathOp, Stroke};
use crate::text::fonts::{Role, Weight};
use crate::text::line::Align;
use crate::text::number::decimal;
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
        let center = chart
            .center
            .clone()
            .unwrap_or_else(|| value_text(chart, total));
        let size = r * 0.26;
        let t = TextBox::new(
            vec![
                Span::new(center, Weight::Bold, size, theme.palette.primary).as_role(Role::Figures)
            ],
            r * 1.1,
            Align::Center,
            1.2,
        )
        .prepare(ctx);
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
        let right = format!("{}  {share}", value_text(chart, v));
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
    let label = TextBox::label(
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
    .prepare(ctx);
    let room = label.height() + label_size * 0.6;
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
    let center = chart.center.clone().unwrap_or_else(|| value_text(chart, v));
    let size = r * 0.42;
    let t = TextBox::new(
        vec![Span::new(center, Weight::Bold, size, theme.palette.primary).as_role(Role::Figures)],
        r * 1.6,
        Align::Center,
        1.15,
    )
    .prepare(ctx);
    t.draw(ctx, cx - r * 0.8, cy - t.height() / 2.0);
    label.draw(ctx, area.x, top + diameter + label_size * 0.6)
}
