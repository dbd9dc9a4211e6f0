//! One function per block kind, each setting its block at a given top and returning its bottom, plus the
//! vertical rhythm between blocks.

use super::figure::{card, fitting_size, Cell, CellSizes};
use super::Ctx;
use crate::model::{BlockKind, Headline, List, ListStyle, Paragraph, Section, Stat, StatGrid};
use crate::scene::Item;
use crate::text::fonts::{Role, Weight};
use crate::text::line::Align;
use crate::text::set::{PreparedText, Surface, TextBox};
use crate::text::shape::Span;

/// Space above a block, given the block before it.
pub(crate) fn space_before(kind: &BlockKind, previous: Option<&BlockKind>, block: f32) -> f32 {
    let after_band = matches!(
        previous,
        Some(BlockKind::Headline(_) | BlockKind::Kicker { .. })
    );
    match kind {
        // A kicker right after the headline sits on the same band, just below the headline.
        BlockKind::Kicker { .. } if after_band => -band_padding(block) + block * 0.3,
        BlockKind::Section(s) if s.level == 1 => block * 1.6,
        BlockKind::Section(_) => block * 1.2,
        _ if after_band => block * 1.2,
        BlockKind::Divider => block * 0.8,
        // A block's notes close under it; the page's stand apart, at its foot.
        BlockKind::Notes(n) if n.page => block,
        BlockKind::Notes(_) => block * 0.35,
        _ => block,
    }
}

fn band_padding(block: f32) -> f32 {
    block * 1.2
}

/// Sets one block with its top at `top`; returns its bottom.
pub(crate) fn set_block(
    ctx: &mut Ctx,
    kind: &BlockKind,
    previous: Option<&BlockKind>,
    first: bool,
    top: f32,
) -> f32 {
    match kind {
        BlockKind::Headline(h) => headline(ctx, h, first, top),
        BlockKind::Kicker { text } => {
            let on_band = matches!(
                previous,
                Some(BlockKind::Headline(_) | BlockKind::Kicker { .. })
            );
            kicker(ctx, text, on_band, top)
        }
        BlockKind::Section(s) if s.level == 1 => chapter(ctx, s, top),
        BlockKind::Section(s) => section(ctx, s, top),
        BlockKind::Paragraph(p) => paragraph(ctx, p, top),
        BlockKind::Stat(s) => stat(ctx, s, top),
        BlockKind::StatGrid(g) => stat_grid(ctx, g, top),
        BlockKind::List(l) => list(ctx, l, top),
        BlockKind::Chart(c) => chart(ctx, c, top),
        BlockKind::Divider => divider(ctx, top),
        BlockKind::Credit { text } => credit(ctx, text, top),
        BlockKind::Image(img) => super::elements::image(ctx, img, top),
        BlockKind::Qr(q) => super::elements::qr(ctx, q, top),
        BlockKind::Table(t) => super::table::table(ctx, t, top),
        BlockKind::Notes(n) => notes(ctx, n, top),
    }
}

/// Notes, small and muted, one paragraph each: a block's close under it; the page's under a short rule.
/// A note's marker (①, *) hangs in the margin of its text, so the notes' texts align.
fn notes(ctx: &mut Ctx, n: &crate::model::Notes, top: f32) -> f32 {
    let theme = &ctx.poster.theme;
    let (x, width) = ctx.column();
    let size = theme.size.credit * 0.92;
    let color = theme.palette.muted;
    let mut y = top;
    if n.page {
        ctx.items.push(Item::Line {
            x1: x,
            y1: y,
            x2: x + (width * 0.2).min(160.0 * theme.unit),
            y2: y,
            width: 1.5 * theme.unit,
            color,
        });
        y += size * 0.6;
    }
    let markers: Vec<Option<&str>> = n
        .items
        .iter()
        .map(|t| crate::model::note_marker(t))
        .collect();
    // The hanging indent: the widest marker and a third of an em.
    let indent = markers
        .iter()
        .flatten()
        .map(|m| {
            TextBox::new(
                vec![Span::new(*m, Weight::Regular, size, color)],
                f32::MAX / 4.0,
                Align::Start,
                1.5,
            )
            .prepare(ctx)
            .widest()
                + size * 0.35
        })
        .fold(0.0, f32::max);
    for (text, marker) in n.items.iter().zip(markers) {
        let body = match marker {
            Some(m) => text.trim_start()[m.len()..].trim_start(),
            None => text.as_str(),
        };
        if let Some(m) = marker {
            let mark = TextBox::new(
                vec![Span::new(m, Weight::Regular, size, color)],
                indent.max(size),
                Align::Start,
                1.5,
            )
            .prepare(ctx);
            mark.draw(ctx, x, y);
        }
        let prepared = TextBox::new(
            vec![Span::new(body, Weight::Regular, size, color)],
            (width - indent).max(size),
            Align::Start,
            1.5,
        )
        .prepare(ctx);
        y = prepared.draw(ctx, x + indent, y) + size * 0.15;
    }
    y
}

/// The headline on a band of the primary colour across the whole page. A `text` is one line or more
/// broken by meaning and balanced (its spaces are ordinary spaces; a newline forces a break); `lines`
/// gives the lines by hand, each one broken further only if it does not fit. The size steps down (to
/// 80 %) while that sets the headline on fewer lines or at better breaks.
fn headline(ctx: &mut Ctx, h: &Headline, first: bool, top: f32) -> f32 {
    let theme = &ctx.poster.theme;
    let (x, width) = ctx.column();
    let pad = band_padding(theme.spacing.block);
    let band_top = if first { 0.0 } else { top };
    let text_top = if first { top.max(pad) } else { top + pad };
    let color = theme.palette.on_primary;
    let base = theme.size.headline;
    let parts = headline_parts(h);
    let set_at = |ctx: &mut Ctx, size: f32| -> Vec<PreparedText> {
        parts
            .iter()
            .map(|part| {
                TextBox::new(
                    vec![Span::new(part.clone(), Weight::Bold, size, color).as_role(Role::Headline)],
                    width,
                    Align::Center,
                    1.32,
                )
                .balanced()
                .prepare(ctx)
            })
            .collect()
    };
    // Fewest lines first, then the best breaks, then the largest size.
    let quality = |set: &[PreparedText]| {
        let lines: usize = set.iter().map(|p| p.lines.lines.len()).sum();
        let tier = set.iter().map(|p| p.tier).max();
        (lines, tier)
    };
    let mut best = set_at(ctx, base);
    for step in 1..=4 {
        let trial = set_at(ctx, base * (1.0 - 0.05 * step as f32));
        if quality(&trial) < quality(&best) {
            best = trial;
        }
    }
    let band = ctx.items.len();
    ctx.items.push(Item::Rect {
        x: 0.0,
        y: band_top,
        width: ctx.poster.page.width,
        height: 0.0,
        radius: 0.0,
        fill: theme.palette.primary,
    });
    let mut y = text_top;
    for part in &best {
        y = part.draw(ctx, x, y);
    }
    let bottom = y + pad;
    set_band_bottom(ctx, band, bottom);
    ctx.band = Some(band);
    bottom
}

/// The pieces of a headline set apart: its lines as given, or its text cut at newlines (a break the
/// author forces), blank pieces left out.
fn headline_parts(h: &Headline) -> Vec<String> {
    let parts: Vec<&str> = match h {
        Headline::Lines(lines) => lines.iter().map(String::as_str).collect(),
        Headline::Text(t) => t.lines().collect(),
    };
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// A chart on a canvas of its own, its items and dropped characters then taken into the flow; on a fixed
/// page it gets the plot height the flow gives it (`Ctx::chart_heights`) and says what it took.
fn chart(ctx: &mut Ctx, c: &crate::model::Chart, top: f32) -> f32 {
    use crate::chart::{draw, Area, Canvas};
    let (x, width) = ctx.column();
    let stretched = ctx
        .chart_heights
        .get(ctx.chart_plots.len())
        .copied()
        .flatten();
    let mut canvas = Canvas::new(ctx.book, &ctx.poster.theme);
    let drawn = draw(&mut canvas, c, Area { x, width }, top, stretched);
    ctx.chart_plots.push(drawn.plot);
    ctx.items.append(&mut canvas.items);
    ctx.dropped(canvas.dropped);
    drawn.bottom
}

fn set_band_bottom(ctx: &mut Ctx, band: usize, bottom: f32) {
    if let Some(Item::Rect { y, height, .. }) = ctx.items.get_mut(band) {
        *height = bottom - *y;
    }
}

/// A kicker: on the headline band in the accent colour, or on its own in the primary colour.
fn kicker(ctx: &mut Ctx, text: &str, on_band: bool, top: f32) -> f32 {
    let theme = &ctx.poster.theme;
    let (x, width) = ctx.column();
    let color = if on_band {
        theme.palette.accent
    } else {
        theme.palette.primary
    };
    let prepared = TextBox::new(
        vec![Span::new(text, Weight::Regular, theme.size.kicker, color).as_role(Role::Headline)],
        width,
        Align::Center,
        1.45,
    )
    .balanced()
    .prepare(ctx);
    let bottom = prepared.draw(ctx, x, top);
    match (on_band, ctx.band) {
        (true, Some(band)) => {
            let bottom = bottom + band_padding(ctx.poster.theme.spacing.block);
            set_band_bottom(ctx, band, bottom);
            bottom
        }
        _ => bottom,
    }
}

/// A chapter heading: the title centred on a pill of the primary colour, with rules running out to the
/// margins on both sides.
fn chapter(ctx: &mut Ctx, s: &Section, top: f32) -> f32 {
    let theme = &ctx.poster.theme;
    let (x, width) = ctx.column();
    let size = theme.size.chapter;
    let (pad_x, pad_y) = (size * 0.9, size * 0.42);
    let title = match &s.number {
        Some(n) => format!("{n} {}", s.title),
        None => s.title.clone(),
    };
    let spans = vec![
        Span::new(title, Weight::Bold, size, theme.palette.on_primary).as_role(Role::Headline),
    ];
    let box_w = width - 2.0 * pad_x - size * 2.0;
    let prepared = TextBox::new(spans, box_w, Align::Center, 1.3)
        .balanced()
        .prepare(ctx);
    let pill_w = prepared.widest() + 2.0 * pad_x;
    let pill_h = prepared.height() + 2.0 * pad_y;
    let pill_x = x + (width - pill_w) / 2.0;
    let (primary, rule) = (theme.palette.primary, theme.palette.primary);
    ctx.items.push(Item::Rect {
        x: pill_x,
        y: top,
        width: pill_w,
        height: pill_h,
        radius: pill_h.min(size * 1.9) / 2.0,
        fill: primary,
    });
    let mid = top + pill_h / 2.0;
    let gap = size * 0.35;
    if pill_x - gap > x + size {
        ctx.items.push(Item::Line {
            x1: x,
            y1: mid,
            x2: pill_x - gap,
            y2: mid,
            width: 2.0 * theme.unit,
            color: rule,
        });
        ctx.items.push(Item::Line {
            x1: pill_x + pill_w + gap,
            y1: mid,
            x2: x + width,
            y2: mid,
            width: 2.0 * theme.unit,
            color: rule,
        });
    }
    // Lines are centred in the text box, and the box is centred on the pill.
    prepared.draw(ctx, x + (width - box_w) / 2.0, top + pad_y);
    top + pill_h
}

/// A numbered section heading: the number in a square badge, the title in bold beside it, a thin rule
/// below. Without a number, a bar of the primary colour marks the heading.
fn section(ctx: &mut Ctx, s: &Section, top: f32) -> f32 {
    let theme = &ctx.poster.theme;
    let (x, width) = ctx.column();
    let size = theme.size.section;
    let badge = size * 1.5;
    let indent = badge + size * 0.5;
    let (primary, on_primary, text) = (
        theme.palette.primary,
        theme.palette.on_primary,
        theme.palette.text,
    );
    let rule = theme.palette.primary.mix(theme.palette.background, 0.7);
    let title = TextBox::new(
        vec![Span::new(s.title.clone(), Weight::Bold, size, text).as_role(Role::Headline)],
        width - indent,
        Align::Start,
        1.4,
    )
    .balanced()
    .prepare(ctx);
    let title_h = title.height();
    let first_line = title.line_height_px();
    // The badge is centred on the first line of the title.
    let badge_top = top + (first_line - badge) / 2.0;
    let text_top = top;
    match &s.number {
        None if s.icon.is_some() => {
            ctx.items.push(Item::Rect {
                x,
                y: badge_top,
                width: badge,
                height: badge,
                radius: size * 0.22,
                fill: primary,
            });
            if let Some(icon) = &s.icon {
                let side = badge * 0.66;
                let inset = (badge - side) / 2.0;
                super::elements::icon(ctx, icon, x + inset, badge_top + inset, side, on_primary);
            }
        }
        Some(n) => {
            ctx.items.push(Item::Rect {
                x,
                y: badge_top,
                width: badge,
                height: badge,
                radius: size * 0.22,
                fill: primary,
            });
            let num = TextBox::new(
                vec![Span::new(n.clone(), Weight::Bold, size * 0.95, on_primary)
                    .as_role(Role::Figures)],
                badge,
                Align::Center,
                1.0,
            )
            .prepare(ctx);
            num.draw(ctx, x, badge_top + (badge - num.height()) / 2.0);
        }
        None => ctx.items.push(Item::Rect {
            x,
            y: top + first_line * 0.15,
            width: size * 0.22,
            height: first_line * 0.7,
            radius: 0.0,
            fill: primary,
        }),
    }
    let text_x = if s.number.is_some() || s.icon.is_some() {
        x + indent
    } else {
        x + size * 0.6
    };
    title.draw(ctx, text_x, text_top);
    let rule_y = top + title_h.max(badge) + size * 0.45;
    ctx.items.push(Item::Line {
        x1: x,
        y1: rule_y,
        x2: x + width,
        y2: rule_y,
        width: 2.0 * theme.unit,
        color: rule,
    });
    rule_y + theme.unit
}

/// Justified body text with an optional bold lead-in in the primary colour.
fn paragraph(ctx: &mut Ctx, p: &Paragraph, top: f32) -> f32 {
    let theme = &ctx.poster.theme;
    let (x, width) = ctx.column();
    let size = theme.size.body;
    let mut spans = Vec::new();
    if let Some(lead) = &p.lead {
        spans.push(Span::new(
            lead.clone(),
            Weight::Bold,
            size,
            theme.palette.primary,
        ));
    }
    spans.push(Span::new(
        p.text.clone(),
        Weight::Regular,
        size,
        theme.palette.text,
    ));
    let prepared =
        TextBox::new(spans, width, Align::Justify, theme.spacing.line_height).prepare(ctx);
    prepared.draw(ctx, x, top)
}

/// One figure on a card across the column, larger than in a grid.
fn stat(ctx: &mut Ctx, s: &Stat, top: f32) -> f32 {
    let theme = &ctx.poster.theme;
    let (x, width) = ctx.column();
    let pad = theme.spacing.block * 0.8;
    let inner = width - 2.0 * pad;
    let base = theme.size.stat_value * 1.3;
    let value = fitting_size(ctx, &[s], base, inner);
    let sizes = CellSizes {
        value,
        label: theme.size.stat_label * 1.15,
    };
    let cell = Cell::prepare(ctx, s, sizes, inner);
    let height = pad + cell.label_height() + cell.figure_height() + cell.after_height() + pad;
    card(ctx, x, top, width, height);
    let label_area = cell.label_height();
    let figure_area = cell.figure_height();
    cell.draw(ctx, x + pad, inner, top + pad, label_area, figure_area);
    top + height
}

/// A grid of figures on cards. Cells of a row share their top, height, label area and figure baseline;
/// a last row with fewer cells is centred.
fn stat_grid(ctx: &mut Ctx, g: &StatGrid, top: f32) -> f32 {
    let theme = &ctx.poster.theme;
    let (x, width) = ctx.column();
    let columns = grid_columns(ctx, g, width);
    let gap = theme.spacing.card_gap;
    let cell_w = (width - gap * (columns - 1) as f32) / columns as f32;
    let pad_x = (cell_w * 0.07).clamp(10.0 * theme.unit, 28.0 * theme.unit);
    let pad_y = theme.spacing.block * 0.6;
    let inner = cell_w - 2.0 * pad_x;
    let stats: Vec<&Stat> = g.items.iter().collect();
    let value = fitting_size(ctx, &stats, theme.size.stat_value, inner);
    let label = theme.size.stat_label * if columns >= 4 { 0.85 } else { 1.0 };
    let sizes = CellSizes { value, label };
    let mut y = top;
    for (r, row) in g.items.chunks(columns).enumerate() {
        if r > 0 {
            y += gap;
        }
        let cells: Vec<Cell> = row
            .iter()
            .map(|s| Cell::prepare(ctx, s, sizes, inner))
            .collect();
        let label_area = cells.iter().map(Cell::label_height).fold(0.0, f32::max);
        let figure_area = cells.iter().map(|c| c.figure_height()).fold(0.0, f32::max);
        let after_area = cells.iter().map(Cell::after_height).fold(0.0, f32::max);
        let height = pad_y + label_area + figure_area + after_area + pad_y;
        let row_w = cells.len() as f32 * cell_w + (cells.len() - 1) as f32 * gap;
        let row_x = x + (width - row_w) / 2.0;
        for (c, cell) in cells.iter().enumerate() {
            let cx = row_x + c as f32 * (cell_w + gap);
            card(ctx, cx, y, cell_w, height);
            cell.draw(ctx, cx + pad_x, inner, y + pad_y, label_area, figure_area);
        }
        y += height;
    }
    y
}

/// A bulleted or numbered list with hanging indent.
fn list(ctx: &mut Ctx, l: &List, top: f32) -> f32 {
    let theme = &ctx.poster.theme;
    let (x, width) = ctx.column();
    let size = theme.size.body;
    let indent = if l.icon.is_some() {
        size * 1.6
    } else {
        size * 1.3
    };
    let (primary, text) = (theme.palette.primary, theme.palette.text);
    let line_height = theme.spacing.line_height;
    let mut y = top;
    for (i, item) in l.items.iter().enumerate() {
        if i > 0 {
            y += size * 0.35;
        }
        let prepared = TextBox::new(
            vec![Span::new(item.clone(), Weight::Regular, size, text)],
            width - indent,
            Align::Justify,
            line_height,
        )
        .prepare(ctx);
        let first_line = prepared.line_height_px();
        match l.style {
            // An icon as the bullet, centred on the first line.
            ListStyle::Bullet if l.icon.is_some() => {
                if let Some(icon) = &l.icon {
                    let side = size * 0.95;
                    let icon_x = x + (indent - side) / 2.0 - size * 0.12;
                    super::elements::icon(
                        ctx,
                        icon,
                        icon_x,
                        y + (first_line - side) / 2.0,
                        side,
                        primary,
                    );
                }
            }
            ListStyle::Bullet => ctx.items.push(Item::Rect {
                x: x + size * 0.2,
                y: y + first_line / 2.0 - size * 0.16,
                width: size * 0.32,
                height: size * 0.32,
                radius: size * 0.16,
                fill: primary,
            }),
            ListStyle::Number => {
                let n = TextBox::new(
                    vec![
                        Span::new(format!("{}.", i + 1), Weight::Bold, size, primary)
                            .as_role(Role::Figures),
                    ],
                    indent,
                    Align::Start,
                    line_height,
                )
                .prepare(ctx);
                n.draw(ctx, x, y);
            }
        }
        y = prepared.draw(ctx, x + indent, y);
    }
    y
}

fn divider(ctx: &mut Ctx, top: f32) -> f32 {
    let theme = &ctx.poster.theme;
    let (x, width) = ctx.column();
    let color = theme.palette.muted.mix(theme.palette.background, 0.6);
    let u = theme.unit;
    ctx.items.push(Item::Line {
        x1: x,
        y1: top + u,
        x2: x + width,
        y2: top + u,
        width: 1.5 * u,
        color,
    });
    top + 2.0 * u
}

fn credit(ctx: &mut Ctx, text: &str, top: f32) -> f32 {
    let theme = &ctx.poster.theme;
    let (x, width) = ctx.column();
    let prepared = TextBox::new(
        vec![Span::new(
            text,
            Weight::Regular,
            theme.size.credit,
            theme.palette.muted,
        )],
        width,
        Align::End,
        1.5,
    )
    .prepare(ctx);
    prepared.draw(ctx, x, top)
}

/// Columns of a stat grid on this page: the spec's number, fewer when cells would get narrower than about
/// three numerals, and on a landscape page (X, A4 landscape) every item in one row when they fit.
fn grid_columns(ctx: &Ctx, g: &StatGrid, width: f32) -> usize {
    let page = &ctx.poster.page;
    let min_cell = ctx.poster.theme.size.stat_value * 3.0;
    let fitting = ((width / min_cell).floor() as usize).max(1);
    let landscape = page.height.is_some_and(|h| page.width >= h * 1.3);
    let wanted = if landscape && page.is_sized_for_output() {
        g.items.len()
    } else {
        g.columns
    };
    wanted.min(fitting).min(g.items.len()).max(1)
}
