//! Progress bars: one per label, the label above on the left, the value on the right, a pale track
//! filled to value / max.

use super::Canvas;
use super::{category_color, share, value_text, Area};
use crate::model::Chart;
use crate::scene::Item;
use crate::text::fonts::{Role, Weight};
use crate::text::line::Align;
use crate::text::set::TextBox;
use crate::text::shape::Span;

pub(super) fn bars(ctx: &mut Canvas, chart: &Chart, area: Area, top: f32) -> f32 {
    let theme = ctx.theme;
    let size = theme.size.stat_label;
    let bar_h = size * 0.6;
    let track = theme.palette.primary.mix(theme.palette.background, 0.85);
    let mut y = top;
    for (i, label) in chart.labels.iter().enumerate() {
        if i > 0 {
            y += size * 0.9;
        }
        let v = chart.series[0].values[i];
        let color = category_color(theme, chart, i);
        // The value is text: primary when highlighted, else the body colour (never the quiet bar grey).
        let value_color = if chart.highlight.is_none() || chart.highlight == Some(i) {
            theme.palette.primary
        } else {
            theme.palette.text
        };
        let value = TextBox::new(
            vec![
                Span::new(value_text(chart, 0, v), Weight::Bold, size, value_color)
                    .as_role(Role::Figures),
            ],
            area.width,
            Align::End,
            1.5,
        )
        .prepare(ctx);
        let text = TextBox::label(
            vec![
                Span::new(label.clone(), Weight::Regular, size, theme.palette.text)
                    .as_role(Role::Labels),
            ],
            (area.width - value.widest() - size).max(size),
            Align::Start,
            1.5,
        )
        .prepare(ctx);
        let h = text.height().max(value.height());
        text.draw(ctx, area.x, y + h - text.height());
        value.draw(ctx, area.x, y + h - value.height());
        y += h + size * 0.25;
        ctx.items.push(Item::Rect {
            x: area.x,
            y,
            width: area.width,
            height: bar_h,
            radius: bar_h / 2.0,
            fill: track,
        });
        let w = share(v, chart.max) as f32 * area.width;
        if w > 0.0 {
            ctx.items.push(Item::Rect {
                x: area.x,
                y,
                width: w.max(bar_h),
                height: bar_h,
                radius: bar_h / 2.0,
                fill: color,
            });
        }
        y += bar_h;
    }
    y
}
