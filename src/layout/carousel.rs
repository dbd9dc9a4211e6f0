//! The carousel composer: what `overflow = "pages"` means on a screen preset's fixed page (Xiaohongshu,
//! Weibo, Douyin, Instagram…). A long poster is not cut into slices of one scroll; it is composed into
//! cards, each designed:
//!
//! - a **cover** card: the leading headline and kicker, large, on a card of the primary colour;
//! - **body** cards, each holding whole units where it can — a section with its heading, a whole stat
//!   grid, a chart with its title. A unit too long for one card is split (a stat grid or list between
//!   rows or items, a paragraph at a sentence end leaving at least two lines each side), and the part on
//!   the next card opens with the section's heading repeated and marked 续. Where the cards break is
//!   chosen for the whole carousel at once (a shortest path over the places it may break), so that cards
//!   are evenly filled, type stays near a size a phone reads at a glance, and units are split only where
//!   that pays; then each card's type and spacing are scaled (within [`FLOOR`]..[`MOST`] of the page's
//!   design) to fill it;
//! - a **closing** card: the series title and the credit (the trailing credit blocks), on the primary
//!   colour.
//!
//! Every body card repeats the series title (the headline's first line) at its top and every card
//! carries its folio `n/N`, both clear of the preset's safe areas. Print pages keep the flowing
//! pagination of `pages`: a document, not a carousel.

use super::pages::{folio, FolioBand};
use super::{flow, layout_at_size, scaled, translate, Ctx, Layout, LayoutError, PlacedBlock};
use crate::model::{Block, BlockKind, Headline, Paragraph, Poster, Section};
use crate::scene::{Item, Scene};
use crate::text::fonts::{Role, Weight};
use crate::text::line::Align;
use crate::text::set::TextBox;
use crate::text::shape::Span;

/// The smallest share of the page's design a card's type is set at (as `fit = "shrink"`).
const FLOOR: f32 = crate::model::Fit::FLOOR;
/// The largest: a card seen at thumbnail size on a phone can take type half again as large.
const MOST: f32 = 1.5;
/// The scale the break choice aims at: cards a little larger than the long poster's type.
const PREFERRED: f32 = 1.2;
/// The share of a card's content area a card is filled to.
const FILL: f32 = 0.92;
/// Below this share a card reads as half empty.
const LEAST_FILL: f32 = 0.7;

/// Whether the poster is composed as a carousel: a screen preset's fixed page with `overflow = "pages"`.
pub(super) fn applies(poster: &Poster) -> bool {
    let page = &poster.page;
    page.overflow == crate::model::Overflow::Pages
        && page.preset.is_some()
        && page.size_mm.is_none()
        && page.height.is_some()
}

/// One piece the body may be cut after: a block, or a part of a paragraph, stat grid or list.
#[derive(Debug, Clone)]
struct Atom {
    block: Block,
    /// The body block it is (a part of): parts of one block on the same card are joined again.
    source: usize,
    /// The section heading it is under (an index into the atoms), for repeating on a card it opens.
    heading: Option<usize>,
}

/// Composes the poster as a carousel of cards.
pub(super) fn compose(poster: &Poster) -> Result<Vec<Layout>, LayoutError> {
    let page_height = poster.page.height.expect("a fixed page");
    let blocks = &poster.blocks;
    let lead = blocks
        .iter()
        .take_while(|b| matches!(b.kind, BlockKind::Headline(_) | BlockKind::Kicker { .. }))
        .count();
    // The credits at the end, and a QR code among or just before them ("扫码阅读全文"), close the
    // carousel on a card of their own.
    let trail = blocks[lead..]
        .iter()
        .rev()
        .take_while(|b| matches!(b.kind, BlockKind::Credit { .. } | BlockKind::Qr(_)))
        .count();
    let body = &blocks[lead..blocks.len() - trail];
    let series = series_title(poster);
    let folio_band = FolioBand::of(poster, page_height);
    let series_size = poster.theme.size.credit;
    // The content area of a body card: below the series title, above the folio.
    let top = poster.page.margin.top + series_size * 2.6;
    let bottom = folio_band.map_or(page_height - poster.page.margin.bottom, |b| b.top);
    let room = bottom - top;

    let atoms = atoms(poster, body, room);
    let cards = if atoms.is_empty() {
        Vec::new()
    } else {
        choose_cards(poster, &atoms, room)?
    };

    let mut layouts = Vec::new();
    if lead > 0 {
        layouts.push(cover(poster, &blocks[..lead], page_height)?);
    }
    for card in &cards {
        layouts.push(body_card(
            poster,
            &atoms,
            card.clone(),
            top,
            page_height - bottom,
        )?);
    }
    if trail > 0 {
        layouts.push(closing(
            poster,
            &series,
            &blocks[blocks.len() - trail..],
            page_height,
        )?);
    }
    let count = layouts.len();
    for (n, layout) in layouts.iter_mut().enumerate() {
        let on_colour = layout
            .scene
            .items
            .first()
            .is_some_and(|i| matches!(i, Item::Rect { height, .. } if *height >= page_height));
        let is_body = !(on_colour && (n == 0 || n + 1 == count));
        let mut ctx = ctx(poster);
        if is_body && !on_colour {
            series_line(&mut ctx, &series, series_size);
        }
        if let Some(band) = folio_band {
            let color = if on_colour {
                poster.theme.palette.on_primary
            } else {
                poster.theme.palette.muted
            };
            let drawn = folio(&mut ctx, n + 1, count, band, color);
            ctx.items.extend(drawn);
        }
        layout.scene.items.append(&mut ctx.items);
        layout.warnings.append(&mut ctx.warnings);
    }
    Ok(layouts)
}

fn ctx(poster: &Poster) -> Ctx<'_> {
    Ctx {
        book: &poster.fonts,
        poster,
        items: Vec::new(),
        warnings: Vec::new(),
        origin: "page.overflow".into(),
        band: None,
        chart_heights: Vec::new(),
        chart_plots: Vec::new(),
        table_headers: Vec::new(),
    }
}

/// The series title every body card repeats: the headline's first line — its first phrase when the
/// line is two phrases apart and that phrase is at least eight characters long — else nothing.
fn series_title(poster: &Poster) -> String {
    poster
        .blocks
        .iter()
        .find_map(|b| match &b.kind {
            BlockKind::Headline(Headline::Lines(lines)) => lines.first().cloned(),
            BlockKind::Headline(Headline::Text(t)) => {
                t.lines().map(str::trim).find(|l| !l.is_empty()).map(|l| {
                    match l.split([' ', '\u{3000}']).next() {
                        // A headline of two phrases (`…新征程 奋力谱写…`) names its series by the first,
                        // unless that is only a label (`一图读懂 2023年政府工作报告`).
                        Some(first) if first.chars().count() >= 8 => first.to_string(),
                        _ => l.to_string(),
                    }
                })
            }
            _ => None,
        })
        .unwrap_or_default()
}

/// The series title at the top of a body card, in the primary colour on one line (set smaller when it
/// is wider than the column), a hairline under it.
fn series_line(ctx: &mut Ctx, series: &str, size: f32) {
    if series.is_empty() {
        return;
    }
    let poster = ctx.poster;
    let (x, width) = ctx.column();
    let top = poster.page.margin.top;
    let span = |size: f32| {
        vec![
            Span::new(series, Weight::Bold, size, poster.theme.palette.primary)
                .as_role(Role::Headline),
        ]
    };
    let wide = TextBox::new(span(size), f32::MAX / 4.0, Align::Start, 1.3)
        .prepare(ctx)
        .widest();
    let size = if wide > width {
        size * width / wide
    } else {
        size
    };
    let text = TextBox::new(span(size), width, Align::Start, 1.3).prepare(ctx);
    let bottom = text.draw(ctx, x, top);
    let u = poster.theme.unit;
    ctx.items.push(Item::Line {
        x1: x,
        y1: bottom + size * 0.4,
        x2: x + width,
        y2: bottom + size * 0.4,
        width: 1.5 * u,
        color: poster
            .theme
            .palette
            .primary
            .mix(poster.theme.palette.background, 0.7),
    });
}

/// The body cut into atoms: every block, and the parts of a paragraph, stat grid or list taller than a
/// third of a card. The section heading each atom is under is noted; a divider ends a section.
fn atoms(poster: &Poster, body: &[Block], room: f32) -> Vec<Atom> {
    let mut tall = poster.clone();
    tall.page.height = None;
    tall.blocks = body.to_vec();
    let measured = flow(&tall, Vec::new()).placed;
    let theme = &poster.theme;
    let continued = poster.fonts.lang.continued();
    let (_, width) = {
        let p = &poster.page;
        (p.margin.left, p.width - p.margin.left - p.margin.right)
    };
    let mut out: Vec<Atom> = Vec::new();
    let mut heading = None;
    for (i, block) in body.iter().enumerate() {
        let height = measured[i].bottom - measured[i].top;
        let parts: Vec<BlockKind> = if height > room / 3.0 {
            split(&block.kind, theme, continued, width, height, room)
        } else {
            vec![block.kind.clone()]
        };
        match &block.kind {
            BlockKind::Section(_) => heading = Some(out.len()),
            BlockKind::Divider => heading = None,
            _ => {}
        }
        let under = if matches!(block.kind, BlockKind::Section(_)) {
            None
        } else {
            heading
        };
        for kind in parts {
            out.push(Atom {
                block: Block {
                    origin: block.origin.clone(),
                    kind,
                    alt: block.alt.clone(),
                },
                source: i,
                heading: under,
            });
        }
    }
    out
}

/// A tall block's parts: a stat grid by rows, a list by items, a paragraph at sentence ends (at clause
/// marks when it has too few sentences) into parts of about a tenth of a card, each at least two lines
/// long. Other blocks stay whole.
fn split(
    kind: &BlockKind,
    theme: &crate::model::Theme,
    continued: &str,
    width: f32,
    height: f32,
    room: f32,
) -> Vec<BlockKind> {
    match kind {
        BlockKind::StatGrid(g) if g.items.len() > g.columns => g
            .items
            .chunks(g.columns.max(1))
            .map(|row| {
                BlockKind::StatGrid(crate::model::StatGrid {
                    columns: g.columns,
                    items: row.to_vec(),
                })
            })
            .collect(),
        // A table by rows, each part with the header (so a card it continues on repeats it), the title
        // marked `continued` (续, 續) after the first, the source on the last.
        BlockKind::Table(t) if t.rows.len() > 1 => {
            let last = t.rows.len() - 1;
            t.rows
                .iter()
                .enumerate()
                .map(|(r, row)| {
                    BlockKind::Table(crate::model::Table {
                        title: match (&t.title, r) {
                            (Some(title), 0) => Some(title.clone()),
                            (Some(title), _) => Some(format!("{title}{continued}")),
                            (None, _) => None,
                        },
                        rows: vec![row.clone()],
                        highlight: (t.highlight == Some(r)).then_some(0),
                        source: if r == last { t.source.clone() } else { None },
                        ..t.clone()
                    })
                })
                .collect()
        }
        BlockKind::List(l) if l.items.len() > 1 => l
            .items
            .iter()
            .map(|item| {
                BlockKind::List(crate::model::List {
                    items: vec![item.clone()],
                    ..l.clone()
                })
            })
            .collect(),
        BlockKind::Paragraph(p) => {
            let per_line = (width / theme.size.body).max(1.0);
            let lines = p.text.chars().count() as f32 / per_line;
            let least = (per_line * 2.0).ceil() as usize;
            // Parts of about a tenth of a card, so the break choice has room to balance.
            let most = ((lines / 2.0) as usize).max(1);
            let parts = ((height / (room / 10.0)).ceil() as usize).clamp(1, most);
            let target = p.text.chars().count() / parts.max(1);
            // Sentences, or clauses where a paragraph has too few sentences to part it.
            let mut sentences = sentences(&p.text, false);
            if sentences.len() < parts {
                sentences = self::sentences(&p.text, true);
            }
            let mut out: Vec<String> = Vec::new();
            let mut current = String::new();
            for s in sentences {
                current.push_str(&s);
                if current.chars().count() >= target.max(least) {
                    out.push(std::mem::take(&mut current));
                }
            }
            if !current.is_empty() {
                if current.chars().count() < least && !out.is_empty() {
                    out.last_mut().expect("checked").push_str(&current);
                } else {
                    out.push(current);
                }
            }
            out.into_iter()
                .enumerate()
                .map(|(i, text)| {
                    BlockKind::Paragraph(Paragraph {
                        lead: if i == 0 { p.lead.clone() } else { None },
                        text,
                    })
                })
                .collect()
        }
        other => vec![other.clone()],
    }
}

/// A text cut after each sentence end (。！？； and their ASCII forms, with closing quotes kept), or
/// with `clauses` after each clause mark too (，：、 and ASCII , :).
fn sentences(text: &str, clauses: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut ended = false;
    for c in text.chars() {
        if ended && !matches!(c, '”' | '’' | '」' | '』' | '）' | ')') {
            out.push(std::mem::take(&mut current));
            ended = false;
        }
        current.push(c);
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';')
            || clauses && matches!(c, '，' | '：' | '、' | ',' | ':')
        {
            ended = true;
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The atoms `range` of a card as blocks: the section heading repeated and marked `continued` (续, 續 in
/// Traditional copy) when the card opens inside a section, and parts of one block joined again.
fn card_blocks(atoms: &[Atom], range: std::ops::Range<usize>, continued: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let first = &atoms[range.start];
    if let Some(h) = first.heading {
        if let BlockKind::Section(s) = &atoms[h].block.kind {
            out.push(Block {
                origin: atoms[h].block.origin.clone(),
                kind: BlockKind::Section(Section {
                    title: format!("{}{continued}", s.title),
                    ..s.clone()
                }),
                alt: None,
            });
        }
    }
    let mut last_source = None;
    for atom in &atoms[range] {
        let joined = last_source == Some(atom.source)
            && match (out.last_mut().map(|b| &mut b.kind), &atom.block.kind) {
                (Some(BlockKind::Paragraph(a)), BlockKind::Paragraph(b)) => {
                    a.text.push_str(&b.text);
                    true
                }
                (Some(BlockKind::StatGrid(a)), BlockKind::StatGrid(b)) => {
                    a.items.extend(b.items.iter().cloned());
                    true
                }
                (Some(BlockKind::List(a)), BlockKind::List(b)) => {
                    a.items.extend(b.items.iter().cloned());
                    true
                }
                (Some(BlockKind::Table(a)), BlockKind::Table(b)) => {
                    if let Some(h) = b.highlight {
                        a.highlight = Some(a.rows.len() + h);
                    }
                    a.rows.extend(b.rows.iter().cloned());
                    a.source = b.source.clone();
                    true
                }
                _ => false,
            };
        if !joined {
            out.push(atom.block.clone());
        }
        last_source = Some(atom.source);
    }
    out
}

/// A card's poster: the card's blocks in the body cards' content area.
fn card_poster(poster: &Poster, blocks: Vec<Block>, top: f32, bottom: f32) -> Poster {
    let mut card = poster.clone();
    card.blocks = blocks;
    card.page.margin.top = top;
    card.page.margin.bottom = bottom;
    card.page.overflow = crate::model::Overflow::Error;
    card.page.fit = Some(crate::model::Fit::None);
    card
}

/// Charts without a height of their own given the height they take at the card's design size, so they
/// scale with the card's type.
fn pin_charts(card: &mut Poster) {
    let plots = flow(card, Vec::new()).ctx.chart_plots;
    let charts = card.blocks.iter_mut().filter_map(|b| match &mut b.kind {
        BlockKind::Chart(c) => Some(c),
        _ => None,
    });
    for (c, plot) in charts.zip(plots) {
        if c.height.is_none() && plot.is_finite() && plot > 0.0 {
            c.height = Some(plot);
        }
    }
}

/// The height a card's blocks take, top to bottom, at scale `s` (its content area's margins aside).
fn content_height(card: &Poster, s: f32) -> f32 {
    let scaled = scaled(card, s);
    let f = flow(&scaled, Vec::new());
    f.content_bottom - card.page.margin.top - card.page.margin.bottom
}

/// Where the body cards break: the ranges of atoms of each card, chosen together. Each card's cost is
/// how far the scale that fills it is from [`PREFERRED`], more when it cannot be filled to
/// [`LEAST_FILL`], plus the price of opening a card inside a section and inside a block.
fn choose_cards(
    poster: &Poster,
    atoms: &[Atom],
    room: f32,
) -> Result<Vec<std::ops::Range<usize>>, LayoutError> {
    // Heights at the design's size, with charts pinned so that they scale as the type does.
    let mut all = card_poster(
        poster,
        atoms.iter().map(|a| a.block.clone()).collect(),
        0.0,
        0.0,
    );
    all.page.height = None;
    pin_charts(&mut all);
    let measured = flow(&all, Vec::new());
    let placed = measured.placed;
    // The bottom of each table part's header: a part joined to the one before it on a card loses its
    // title and header.
    let mut headers = measured.ctx.table_headers.iter().map(|h| h.bottom);
    let header_bottoms: Vec<Option<f32>> = atoms
        .iter()
        .map(|a| match a.block.kind {
            BlockKind::Table(_) => headers.next(),
            _ => None,
        })
        .collect();
    let heading_height = |h: usize| placed[h].bottom - placed[h].top + poster.theme.spacing.block;
    let n = atoms.len();
    // The space between two parts of one block, which a card holding both joins again (and a table
    // part's title and header), summed up to each atom.
    let mut joined = vec![0.0f32; n];
    for k in 1..n {
        joined[k] = joined[k - 1]
            + if atoms[k].source == atoms[k - 1].source {
                (placed[k].top - placed[k - 1].bottom).max(0.0)
                    + header_bottoms[k].map_or(0.0, |b| (b - placed[k].top).max(0.0))
            } else {
                0.0
            };
    }
    let estimate = |i: usize, j: usize| -> f32 {
        let mut h = placed[j - 1].bottom - placed[i].top - (joined[j - 1] - joined[i]);
        if let Some(head) = atoms[i].heading {
            h += heading_height(head);
        }
        h
    };
    let cost = |i: usize, j: usize| -> Option<f32> {
        // A card never ends on a heading.
        if matches!(atoms[j - 1].block.kind, BlockKind::Section(_)) && j < n {
            return None;
        }
        let f = estimate(i, j) / room;
        if f * FLOOR > 1.0 {
            return None;
        }
        let s = (FILL / f).clamp(FLOOR, MOST);
        let filled = f * s;
        let mut c = 3.0 * (s / PREFERRED).ln().powi(2);
        if filled < LEAST_FILL && j < n {
            c += 4.0 * (LEAST_FILL - filled) + 1.0;
        }
        if i > 0 && atoms[i].heading.is_some() {
            c += 0.3;
        }
        // Opening a card inside a block: a paragraph reads on; a stat grid or list is broken up, the
        // more so with no heading to repeat over its rest.
        if i > 0 && atoms[i - 1].source == atoms[i].source {
            c += match atoms[i].block.kind {
                BlockKind::Paragraph(_) => 0.1,
                _ => 0.25,
            };
            if atoms[i].heading.is_none() {
                c += 0.5;
            }
        }
        // A block's notes stay on its card.
        if i > 0 && matches!(&atoms[i].block.kind, BlockKind::Notes(n) if !n.page) {
            c += 2.0;
        }
        // A chapter opens a card of its own.
        let chapter_inside = atoms[i + 1..j]
            .iter()
            .any(|a| matches!(&a.block.kind, BlockKind::Section(s) if s.level == 1));
        if chapter_inside {
            c += 0.3;
        }
        Some(c)
    };
    let mut best: Vec<Option<(f32, usize)>> = vec![None; n + 1];
    best[0] = Some((0.0, 0));
    for j in 1..=n {
        for i in (0..j).rev() {
            if estimate(i, j) * FLOOR > room {
                break;
            }
            let (Some((before, _)), Some(c)) = (best[i], cost(i, j)) else {
                continue;
            };
            if best[j].is_none_or(|(b, _)| before + c < b) {
                best[j] = Some((before + c, i));
            }
        }
        if best[j].is_none() && estimate(j - 1, j) * FLOOR > room {
            let atom = &atoms[j - 1];
            return Err(LayoutError {
                name: poster.name.clone(),
                needed: estimate(j - 1, j) * FLOOR + poster.page.height.unwrap_or(0.0) - room,
                height: poster.page.height.unwrap_or(0.0),
                scale: FLOOR,
                block: Some((atom.block.origin.clone(), estimate(j - 1, j) * FLOOR - room)),
            });
        }
    }
    let mut cards = Vec::new();
    let mut j = n;
    while j > 0 {
        let Some((_, i)) = best[j] else {
            // Only a heading ending the body can leave no way through; it goes on a card of its own.
            return Err(LayoutError {
                name: poster.name.clone(),
                needed: poster.page.height.unwrap_or(0.0) + 1.0,
                height: poster.page.height.unwrap_or(0.0),
                scale: FLOOR,
                block: Some((atoms[j - 1].block.origin.clone(), 0.0)),
            });
        };
        cards.push(i..j);
        j = i;
    }
    cards.reverse();
    Ok(cards)
}

/// A body card laid out: its blocks at the largest scale (within [`FLOOR`]..[`MOST`]) that fills at
/// most [`FILL`] of the content area, the body centred in it.
fn body_card(
    poster: &Poster,
    atoms: &[Atom],
    range: std::ops::Range<usize>,
    top: f32,
    bottom: f32,
) -> Result<Layout, LayoutError> {
    let mut card = card_poster(
        poster,
        card_blocks(atoms, range, poster.fonts.lang.continued()),
        top,
        bottom,
    );
    pin_charts(&mut card);
    let room = card.page.height.expect("fixed") - top - bottom;
    // Heights grow about in proportion to the scale (type, spacing and pinned charts do; the lines a
    // text breaks into change a little): a few secant steps towards the fill, never past the room.
    let target = room * FILL;
    let mut s = (target / content_height(&card, 1.0)).clamp(FLOOR, MOST);
    for _ in 0..4 {
        let h = content_height(&card, s);
        let next = (s * target / h).clamp(FLOOR, MOST);
        if h <= room && (h >= target * 0.97 || (next - s).abs() < 0.005) {
            break;
        }
        s = next;
    }
    while s > FLOOR && content_height(&card, s) > room {
        s = (s * 0.97).max(FLOOR);
    }
    layout_at_size(&scaled(&card, s))
}

/// The cover: the leading headline and kicker on a card of the primary colour, as large as the card's
/// width lets them be (up to twice the design), centred a little above the middle.
fn cover(poster: &Poster, lead: &[Block], page_height: f32) -> Result<Layout, LayoutError> {
    let mut card = poster.clone();
    card.blocks = lead.to_vec();
    card.page.height = None;
    let margin = card.page.margin;
    let s = (0..=8)
        .rev()
        .map(|step| 1.0 + step as f32 * 0.125)
        .find(|&s| flow(&scaled(&card, s), Vec::new()).content_bottom <= page_height * 0.6)
        .unwrap_or(1.0);
    let grown = scaled(&card, s);
    let f = flow(&grown, Vec::new());
    if f.content_bottom > page_height {
        return Err(LayoutError::of_flow(
            poster,
            &f.placed,
            f.content_bottom,
            page_height,
            1.0,
        ));
    }
    let mut items = f.ctx.items;
    let warnings = f.ctx.warnings;
    // The band is the first item; the rest centred at 45 % of the height.
    let (mut lo, mut hi) = (f32::MAX, f32::MIN);
    for item in &items[1..] {
        if let Item::Glyphs(run) = item {
            for g in &run.glyphs {
                lo = lo.min(g.y - run.size);
                hi = hi.max(g.y);
            }
        }
    }
    let dy = if lo <= hi {
        (page_height * 0.45 - (lo + hi) / 2.0).max(margin.top - lo)
    } else {
        0.0
    };
    for item in &mut items[1..] {
        translate(item, dy);
    }
    if let Some(Item::Rect { y, height, .. }) = items.first_mut() {
        *y = 0.0;
        *height = page_height;
    }
    let blocks = f
        .placed
        .into_iter()
        .map(|b| PlacedBlock {
            top: b.top + dy,
            bottom: b.bottom + dy,
            ..b
        })
        .collect();
    Ok(Layout {
        scene: Scene {
            width: poster.page.width,
            height: page_height,
            background: poster.page.background,
            items,
            access: crate::scene::Access::default(),
        },
        warnings,
        blocks,
    })
}

/// The closing card: the series title and the credit lines centred on the primary colour, a short
/// rule of the accent colour between them.
fn closing(
    poster: &Poster,
    series: &str,
    credits: &[Block],
    page_height: f32,
) -> Result<Layout, LayoutError> {
    // On the primary colour, what is usually muted (a QR code's caption) is set in the colour for text
    // on it, so that it reads.
    let on_card = {
        let mut card = poster.clone();
        card.theme.palette.muted = card.theme.palette.on_primary;
        card
    };
    let poster = &on_card;
    let mut ctx = ctx(poster);
    let theme = &poster.theme;
    let (x, width) = ctx.column();
    ctx.items.push(Item::Rect {
        x: 0.0,
        y: 0.0,
        width: poster.page.width,
        height: page_height,
        radius: 0.0,
        fill: theme.palette.primary,
    });
    let on = theme.palette.on_primary;
    let title = TextBox::new(
        vec![Span::new(series, Weight::Bold, theme.size.chapter * 1.2, on).as_role(Role::Headline)],
        width,
        Align::Center,
        1.4,
    )
    .balanced()
    .prepare(&mut ctx);
    let lines: Vec<_> = credits
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Credit { text } => Some(
                TextBox::new(
                    vec![Span::new(
                        text.clone(),
                        Weight::Regular,
                        theme.size.body,
                        on,
                    )],
                    width,
                    Align::Center,
                    1.6,
                )
                .prepare(&mut ctx),
            ),
            _ => None,
        })
        .collect();
    // QR codes below the credits, each measured on a scratch card first.
    let codes: Vec<(&Block, &crate::model::Qr, f32)> = credits
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Qr(q) => {
                let mut scratch = self::ctx(poster);
                Some((b, q, super::elements::qr(&mut scratch, q, 0.0)))
            }
            _ => None,
        })
        .collect();
    let rule_gap = theme.spacing.block;
    let codes_height: f32 = codes.iter().map(|(_, _, h)| rule_gap + h).sum();
    // The paper's logo closes the carousel too, above the series title, on the primary colour.
    let logo = poster.page.logo.as_ref();
    let logo_room = logo.map_or(0.0, |l| super::elements::logo_size(&ctx, l).1 + rule_gap);
    let total = logo_room
        + title.height()
        + 2.0 * rule_gap
        + lines.iter().map(|l| l.height()).sum::<f32>()
        + codes_height;
    let inside = page_height - poster.page.margin.top - poster.page.margin.bottom;
    if total > inside {
        return Err(LayoutError {
            name: poster.name.clone(),
            needed: total + page_height - inside,
            height: page_height,
            scale: 1.0,
            block: credits.first().map(|b| (b.origin.clone(), total - inside)),
        });
    }
    let mut y = (page_height - total) / 2.0;
    let mut placed = Vec::new();
    if let Some(l) = logo {
        y = super::elements::logo(&mut ctx, l, y) + rule_gap;
    }
    if !series.is_empty() {
        y = title.draw(&mut ctx, x, y);
    }
    let bar = 56.0 * theme.unit;
    ctx.items.push(Item::Rect {
        x: x + (width - bar) / 2.0,
        y: y + rule_gap - 2.5 * theme.unit,
        width: bar,
        height: 5.0 * theme.unit,
        radius: 0.0,
        fill: theme.palette.accent,
    });
    y += 2.0 * rule_gap;
    let credit_blocks = credits
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Credit { .. }));
    for (line, block) in lines.iter().zip(credit_blocks) {
        let top = y;
        y = line.draw(&mut ctx, x, y);
        placed.push(PlacedBlock {
            origin: block.origin.clone(),
            top,
            bottom: y,
        });
    }
    for (block, q, _) in codes {
        let top = y + rule_gap;
        ctx.origin = block.origin.clone();
        y = super::elements::qr(&mut ctx, q, top);
        placed.push(PlacedBlock {
            origin: block.origin.clone(),
            top,
            bottom: y,
        });
    }
    Ok(Layout {
        scene: Scene {
            width: poster.page.width,
            height: page_height,
            background: poster.page.background,
            items: ctx.items,
            access: crate::scene::Access::default(),
        },
        warnings: ctx.warnings,
        blocks: placed,
    })
}
