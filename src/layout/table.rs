//! Table blocks: an optional title, the header on a band of the primary colour, rows striped with the
//! theme's surface colour, a highlighted row tinted with the primary colour, a rule under the last row
//! and the source line. Columns are as wide as their content; when the table is wider than the column,
//! the text columns give up width and wrap (words whole), figures never do. Figures are right-aligned on
//! the decimal point: the part after the point (or after the digits: 万, 亿, %) of every cell of a column
//! ends at the same place.

use super::Ctx;
use crate::model::{Table, TableCell};
use crate::scene::Item;
use crate::text::fonts::Weight;
use crate::text::line::Align;
use crate::text::set::{PreparedText, TextBox};
use crate::text::shape::Span;

/// Line height of cells, in multiples of their size.
const LINE_HEIGHT: f32 = 1.35;

/// Where a figure splits for alignment: at its decimal point, else after its last digit.
fn split_figure(text: &str) -> (&str, &str) {
    if let Some(dot) = text.find('.') {
        return text.split_at(dot);
    }
    let end = text
        .char_indices()
        .rfind(|(_, c)| c.is_ascii_digit())
        .map_or(text.len(), |(i, c)| i + c.len_utf8());
    text.split_at(end)
}

/// A table's title as set above it: bold, at the body size, in the text colour, across `width`.
fn title_text(ctx: &mut Ctx, title: &str, width: f32) -> PreparedText {
    let theme = &ctx.poster.theme;
    TextBox::label(
        vec![Span::new(
            title,
            Weight::Bold,
            theme.size.body,
            theme.palette.text,
        )],
        width,
        Align::Start,
        1.4,
    )
    .prepare(ctx)
}

pub(crate) fn table(ctx: &mut Ctx, t: &Table, top: f32) -> f32 {
    let theme = ctx.poster.theme.clone();
    let (x0, width) = ctx.column();
    let size = theme.size.stat_label;
    let (pad_x, pad_y) = (size * 0.6, size * 0.45);
    let palette = theme.palette;
    let cols = t.header.len();
    let mut y = top;

    if let Some(title) = &t.title {
        y = title_text(ctx, title, width).draw(ctx, x0, y) + theme.spacing.block * 0.3;
    }

    let set = |ctx: &mut Ctx, text: &str, weight, color, w: f32, align| -> PreparedText {
        TextBox::label(
            vec![Span::new(text, weight, size, color)],
            w,
            align,
            LINE_HEIGHT,
        )
        .prepare(ctx)
    };
    let natural = |ctx: &mut Ctx, text: &str, weight| -> f32 {
        if text.is_empty() {
            return 0.0;
        }
        set(
            ctx,
            text,
            weight,
            palette.text,
            f32::MAX / 4.0,
            Align::Start,
        )
        .widest()
    };
    // Natural widths: the header, the texts, and the figures as aligned (widest part before the
    // split plus widest part after it).
    let mut tails = vec![vec![0.0f32; cols]; t.rows.len()];
    let mut widths = Vec::with_capacity(cols);
    let mut max_tail = vec![0.0f32; cols];
    for c in 0..cols {
        let mut w = natural(ctx, &t.header[c], Weight::Bold);
        let mut heads = 0.0f32;
        for (r, row) in t.rows.iter().enumerate() {
            let weight = if t.highlight == Some(r) {
                Weight::Bold
            } else {
                Weight::Regular
            };
            match &row[c] {
                TableCell::Number(n) if t.numeric[c] => {
                    let (head, tail) = split_figure(n);
                    let tw = natural(ctx, tail, weight);
                    tails[r][c] = tw;
                    max_tail[c] = max_tail[c].max(tw);
                    heads = heads.max(natural(ctx, head, weight));
                }
                cell => w = w.max(natural(ctx, cell.text(), weight)),
            }
        }
        widths.push(w.max(heads + max_tail[c]) + 2.0 * pad_x);
    }
    let total: f32 = widths.iter().sum();
    let text_cols: Vec<usize> = (0..cols).filter(|&c| !t.numeric[c]).collect();
    if total <= width {
        // Spare width to the text columns (all columns when every one holds figures).
        let takers = if text_cols.is_empty() {
            (0..cols).collect()
        } else {
            text_cols.clone()
        };
        let extra = (width - total) / takers.len() as f32;
        for c in takers {
            widths[c] += extra;
        }
    } else {
        let fixed: f32 = (0..cols).filter(|&c| t.numeric[c]).map(|c| widths[c]).sum();
        let flexible: f32 = text_cols.iter().map(|&c| widths[c]).sum();
        let room = width - fixed;
        let min_text = size * 3.0 + 2.0 * pad_x;
        if !text_cols.is_empty() && room >= min_text * text_cols.len() as f32 {
            for &c in &text_cols {
                widths[c] = (widths[c] / flexible * room).max(min_text);
            }
            let over: f32 = widths.iter().sum::<f32>() - width;
            if over > 0.0 {
                let widest = *text_cols
                    .iter()
                    .max_by(|a, b| widths[**a].total_cmp(&widths[**b]))
                    .expect("text columns");
                widths[widest] -= over;
            }
        } else {
            // Nothing left to give: every column narrowed alike.
            let k = width / total;
            widths.iter_mut().for_each(|w| *w *= k);
        }
    }
    let lefts: Vec<f32> = widths
        .iter()
        .scan(x0, |x, w| {
            let left = *x;
            *x += w;
            Some(left)
        })
        .collect();
    let inner = |c: usize| (widths[c] - 2.0 * pad_x).max(size);

    // The header on the band.
    let band = ctx.items.len();
    ctx.items.push(Item::Rect {
        x: x0,
        y,
        width,
        height: 0.0,
        radius: 0.0,
        fill: palette.primary,
    });
    let header: Vec<PreparedText> = (0..cols)
        .map(|c| {
            let align = if t.numeric[c] {
                Align::End
            } else {
                Align::Start
            };
            set(
                ctx,
                &t.header[c],
                Weight::Bold,
                palette.on_primary,
                inner(c),
                align,
            )
        })
        .collect();
    let header_h = header.iter().map(|p| p.height()).fold(0.0, f32::max) + 2.0 * pad_y;
    for (c, p) in header.iter().enumerate() {
        let dy = (header_h - 2.0 * pad_y - p.height()) / 2.0;
        p.draw(ctx, lefts[c] + pad_x, y + pad_y + dy);
    }
    if let Some(Item::Rect { height, .. }) = ctx.items.get_mut(band) {
        *height = header_h;
    }
    let header_items = band..ctx.items.len();
    // The title again, marked as continued, for the pages the table continues on: set here (above the
    // band, as it would stand there) and taken off this page.
    let (continued_title, title_room) = match &t.title {
        Some(title) => {
            let marked = format!("{title}{}", ctx.poster.fonts.lang.continued());
            let prepared = title_text(ctx, &marked, width);
            let room = prepared.height() + theme.spacing.block * 0.3;
            let from = ctx.items.len();
            prepared.draw(ctx, x0, y - room);
            (ctx.items.drain(from..).collect(), room)
        }
        None => (Vec::new(), 0.0),
    };
    ctx.table_headers.push(super::TableHeader {
        items: header_items,
        top: y,
        bottom: y + header_h,
        continued_title,
        title_room,
    });
    y += header_h;

    for (r, row) in t.rows.iter().enumerate() {
        let highlighted = t.highlight == Some(r);
        let (weight, color) = if highlighted {
            (Weight::Bold, palette.primary)
        } else {
            (Weight::Regular, palette.text)
        };
        let stripe = ctx.items.len();
        let fill = if highlighted {
            Some(palette.primary.mix(palette.background, 0.86))
        } else if r % 2 == 1 {
            Some(palette.surface)
        } else {
            None
        };
        if let Some(fill) = fill {
            ctx.items.push(Item::Rect {
                x: x0,
                y,
                width,
                height: 0.0,
                radius: 0.0,
                fill,
            });
        }
        let cells: Vec<PreparedText> = (0..cols)
            .map(|c| {
                let text = row[c].text();
                match &row[c] {
                    TableCell::Number(_) if t.numeric[c] => {
                        // Right-aligned so its split point meets the column's: its tail ends
                        // `max_tail - tail` short of the column's inner right edge.
                        let shift = max_tail[c] - tails[r][c];
                        set(ctx, text, weight, color, inner(c) - shift, Align::End)
                    }
                    _ => {
                        let align = if t.numeric[c] {
                            Align::End
                        } else {
                            Align::Start
                        };
                        set(ctx, text, weight, color, inner(c), align)
                    }
                }
            })
            .collect();
        let row_h = cells.iter().map(|p| p.height()).fold(0.0, f32::max) + 2.0 * pad_y;
        for (c, p) in cells.iter().enumerate() {
            let dy = (row_h - 2.0 * pad_y - p.height()) / 2.0;
            p.draw(ctx, lefts[c] + pad_x, y + pad_y + dy);
        }
        if fill.is_some() {
            if let Some(Item::Rect { height, .. }) = ctx.items.get_mut(stripe) {
                *height = row_h;
            }
        }
        y += row_h;
    }
    ctx.items.push(Item::Line {
        x1: x0,
        y1: y,
        x2: x0 + width,
        y2: y,
        width: (size * 0.08).max(1.0),
        color: palette.primary,
    });
    if let Some(source) = &t.source {
        let prepared = TextBox::new(
            vec![Span::new(
                source,
                Weight::Regular,
                theme.size.credit,
                palette.muted,
            )],
            width,
            Align::Start,
            1.5,
        )
        .prepare(ctx);
        y = prepared.draw(ctx, x0, y + theme.spacing.block * 0.25);
    }
    y
}

#[cfg(test)]
mod tests {
    use super::split_figure;

    #[test]
    fn figures_split_at_the_point_or_after_the_digits() {
        assert_eq!(split_figure("1.25万"), ("1", ".25万"));
        assert_eq!(split_figure("12万"), ("12", "万"));
        assert_eq!(split_figure("−3.5%"), ("−3", ".5%"));
        assert_eq!(split_figure("4100"), ("4100", ""));
    }
}
