//! Pages: a poster too long for its fixed page, set on as many pages as it takes (`page.overflow =
//! "pages"`): a carousel of 3:4 cards for Xiaohongshu, a multi-page PDF for print. The poster is laid out
//! once at the page's width and natural height; then page breaks are chosen where no item is cut:
//!
//! - between blocks, except right after a headline, kicker or section heading (a heading stays with what
//!   it heads) and right before a closing credit line (it stays with what it credits);
//! - inside a paragraph or list between lines, leaving at least two lines on each side;
//! - inside a stat grid between rows;
//! - inside a table between rows, two at least on each side, its title (marked 续, 續 in Traditional
//!   copy) and header repeated atop the next page.
//!
//! Each page takes as much as fits; a break between blocks is preferred when it fills at least half the
//! page, so paragraphs are split only to avoid half-empty pages. Charts, figures and headings never split:
//! one taller than a page is an error, as on a single fixed page. On the last page a closing credit line
//! goes to the foot, as on a single fixed page. Each page carries its folio (`3/14`), small and muted,
//! centred in the bottom margin.

use super::{flow, translate, Ctx, Flow, Layout, LayoutError, PlacedBlock, TextBox};
use crate::model::{BlockKind, Poster};
use crate::scene::{Item, PathOp, Scene};
use crate::text::fonts::Weight;
use crate::text::line::Align;
use crate::text::shape::Span;

/// A place the content may be split: content above ends at `end`, content below starts at `start`.
#[derive(Debug, Clone, Copy)]
struct Break {
    end: f32,
    start: f32,
    between_blocks: bool,
    /// A break between a table's rows: the page after it repeats this header (of `Ctx::table_headers`).
    header: Option<usize>,
}

/// Lays a poster with a fixed page height out on as many pages as its content needs.
pub(super) fn paginate(poster: &Poster) -> Result<Vec<Layout>, LayoutError> {
    let page_height = poster.page.height.expect("pages have a fixed height");
    let folio_band = FolioBand::of(poster, page_height);
    // The content ends above the folio's band.
    let mut margin = poster.page.margin;
    margin.bottom = folio_band.map_or(margin.bottom, |band| page_height - band.top);
    let mut tall = poster.clone();
    tall.page.height = None;
    let Flow {
        mut ctx,
        placed,
        ranges,
        ..
    } = flow(&tall, Vec::new());
    let extents: Vec<(f32, f32)> = ctx.items.iter().map(extent).collect();
    let headers = std::mem::take(&mut ctx.table_headers);
    let breaks = breaks(poster, &placed, &ranges, &extents, &headers, &ctx.items);
    // Copies of each table's header, for the pages a long table continues on: its title marked as
    // continued, then its header band.
    let header_items: Vec<Vec<Item>> = (headers.iter())
        .map(|h| {
            let mut items = h.continued_title.clone();
            items.extend_from_slice(&ctx.items[h.items.clone()]);
            items
        })
        .collect();
    let header_height = |h: Option<usize>| h.map_or(0.0, |h| headers[h].repeated_height());
    // The logo goes on every page: the flow sets it on the first page's band (or at the last page's
    // foot); the other pages keep room for it at their top (or foot).
    let logo = poster.page.logo.as_ref();
    let logo_room = logo.map_or(0.0, |l| {
        super::elements::logo_size(&ctx, l).1 + poster.theme.spacing.block * 0.6
    });
    let at_foot = logo.is_some_and(|l| l.position == crate::model::LogoPosition::Foot);
    let (top_room, foot_room) = if at_foot {
        (0.0, logo_room)
    } else {
        (logo_room, 0.0)
    };
    let content_end = extents.iter().map(|e| e.1).fold(0.0, f32::max);

    // Tall-layout y where each page's content starts and ends.
    let mut pages: Vec<(f32, f32)> = Vec::new();
    // The table header each page repeats at its top, if it continues a table.
    let mut repeats: Vec<Option<usize>> = Vec::new();
    let mut repeat: Option<usize> = None;
    let mut start = 0.0;
    loop {
        let window_end = if pages.is_empty() {
            page_height - margin.bottom
        } else {
            start + page_height - margin.top - margin.bottom - header_height(repeat) - top_room
        };
        // A page that is not the last keeps room at its foot for a logo there.
        if content_end <= window_end + 0.5 {
            pages.push((start, content_end));
            repeats.push(repeat);
            break;
        }
        let window_end = window_end - foot_room;
        let fits = |b: &&Break| b.end <= window_end + 0.5 && b.start > start + 0.5;
        let half = start + (window_end - start) / 2.0;
        let chosen = breaks
            .iter()
            .filter(fits)
            .rfind(|b| b.between_blocks && b.end >= half)
            .or_else(|| breaks.iter().rfind(fits));
        let Some(b) = chosen else {
            // Nothing can end this page: the next unbreakable piece is taller than a page.
            let next = breaks
                .iter()
                .find(|b| b.start > start + 0.5)
                .map_or(content_end, |b| b.end);
            // The piece from the page's first block to the block the next break ends, which must stay
            // together (a heading with the first lines of what it heads), names the culprit.
            let first = placed.iter().find(|b| b.bottom > start + 0.5);
            let last = placed.iter().rfind(|b| b.top < next - 0.5);
            let block = first.zip(last).map(|(first, last)| {
                let what = if first.origin == last.origin {
                    first.origin.clone()
                } else {
                    format!(
                        "the piece from {} to {}, which must stay together,",
                        first.origin, last.origin
                    )
                };
                (what, next - window_end)
            });
            return Err(LayoutError {
                name: poster.name.clone(),
                needed: next - start + margin.top + margin.bottom,
                height: page_height,
                scale: 1.0,
                block,
            });
        };
        pages.push((start, b.end));
        repeats.push(repeat);
        repeat = b.header;
        start = b.start;
    }

    let last_is_credit = matches!(
        poster.blocks.last().map(|b| &b.kind),
        Some(BlockKind::Credit { .. })
    );
    let credit_items = ranges.last().cloned().unwrap_or_default();
    let count = pages.len();
    let mut warnings = Some(std::mem::take(&mut ctx.warnings));
    let mut items: Vec<Option<Item>> = std::mem::take(&mut ctx.items)
        .into_iter()
        .map(Some)
        .collect();
    let mut out = Vec::with_capacity(count);
    for (n, &(top, bottom)) in pages.iter().enumerate() {
        // The first page keeps its top (the headline band starts at 0); later pages start at the margin,
        // under the header of the table they continue.
        let repeated = repeats[n];
        let dy = if n == 0 {
            0.0
        } else {
            margin.top + top_room + header_height(repeated) - top
        };
        let on_page = |e: (f32, f32)| e.0 >= top - 0.5 && e.0 < bottom + 0.5;
        let mut page_items = Vec::new();
        if let Some(h) = repeated {
            for item in &header_items[h] {
                let mut item = item.clone();
                translate(
                    &mut item,
                    margin.top + top_room + headers[h].title_room - headers[h].top,
                );
                page_items.push(item);
            }
        }
        // The logo on the pages the flow did not set it on: at the top of every page after the first,
        // or at the foot of every page before the last.
        if let Some(l) = logo {
            let drawn_from = ctx.items.len();
            if !at_foot && n > 0 {
                super::elements::logo_tab(&mut ctx, l, margin.top);
                super::elements::logo(&mut ctx, l, margin.top);
            } else if at_foot && n + 1 < count {
                let h = super::elements::logo_size(&ctx, l).1;
                super::elements::logo(&mut ctx, l, page_height - margin.bottom - h);
            }
            page_items.extend(ctx.items.drain(drawn_from..));
        }
        for (i, slot) in items.iter_mut().enumerate() {
            if slot.is_some() && on_page(extents[i]) {
                let mut item = slot.take().expect("checked");
                let mut shift = dy;
                if n + 1 == count && last_is_credit && credit_items.contains(&i) {
                    shift += page_height - margin.bottom - (content_end + dy);
                }
                translate(&mut item, shift);
                page_items.push(item);
            }
        }
        if let Some(band) = folio_band {
            let muted = poster.theme.palette.muted;
            page_items.extend(folio(&mut ctx, n + 1, count, band, muted));
        }
        // Every block on the page, a block cut by the page break with the part on this page.
        let blocks = placed
            .iter()
            .filter(|b| b.top < bottom + 0.5 && b.bottom > top + 0.5)
            .map(|b| PlacedBlock {
                origin: b.origin.clone(),
                top: b.top.max(top) + dy,
                bottom: b.bottom.min(bottom) + dy,
            })
            .collect();
        out.push(Layout {
            scene: Scene {
                width: poster.page.width,
                height: page_height,
                background: poster.page.background,
                items: page_items,
                access: crate::scene::Access::default(),
            },
            warnings: warnings.take().unwrap_or_default(),
            blocks,
        });
    }
    Ok(out)
}

/// Where a page's folio goes: a band below the content, clear of the page's safe areas.
#[derive(Debug, Clone, Copy)]
pub(super) struct FolioBand {
    pub top: f32,
    pub bottom: f32,
    pub size: f32,
}

impl FolioBand {
    /// The part of the bottom margin above the area the platform keeps free of text (Douyin's bottom
    /// 15 %), at least twice the folio's size tall: taken from the content area when the margin outside
    /// the safe area is narrower than that. On a page without a safe area a bottom margin narrower than
    /// twice the folio's size holds no folio (`None`).
    pub(super) fn of(poster: &Poster, page_height: f32) -> Option<FolioBand> {
        let size = poster.theme.size.credit * 0.85;
        let margin = poster.page.margin.bottom;
        let safe_edge = page_height * (1.0 - poster.page.safe.bottom);
        let content_end = page_height - margin;
        if poster.page.safe.bottom <= 0.0 {
            return (margin >= size * 2.0).then_some(FolioBand {
                top: content_end,
                bottom: page_height,
                size,
            });
        }
        let outside = (safe_edge - content_end).max(0.0);
        Some(FolioBand {
            top: content_end.min(safe_edge) - (size * 2.0 - outside).max(0.0),
            bottom: safe_edge,
            size,
        })
    }
}

/// Page `n` of `count`, centred in its band in `color`, a little smaller than the credit.
pub(super) fn folio(
    ctx: &mut Ctx,
    n: usize,
    count: usize,
    band: FolioBand,
    color: crate::model::Color,
) -> Vec<Item> {
    let size = band.size;
    let (x, width) = ctx.column();
    let span = Span::new(format!("{n}/{count}"), Weight::Regular, size, color);
    let text = TextBox::new(vec![span], width, Align::Center, 1.0).prepare(ctx);
    let drawn_from = ctx.items.len();
    text.draw(ctx, x, (band.top + band.bottom) / 2.0 - size / 2.0);
    ctx.items.drain(drawn_from..).collect()
}

/// Every place the tall layout may be split, top to bottom.
fn breaks(
    poster: &Poster,
    placed: &[PlacedBlock],
    ranges: &[std::ops::Range<usize>],
    extents: &[(f32, f32)],
    headers: &[super::TableHeader],
    items: &[Item],
) -> Vec<Break> {
    let block_extent = |b: usize| -> (f32, f32) {
        let e = &extents[ranges[b].clone()];
        if e.is_empty() {
            (placed[b].top, placed[b].bottom)
        } else {
            (
                e.iter().map(|e| e.0).fold(f32::MAX, f32::min),
                e.iter().map(|e| e.1).fold(f32::MIN, f32::max),
            )
        }
    };
    let mut out = Vec::new();
    for (b, block) in poster.blocks.iter().enumerate() {
        let splits = match &block.kind {
            BlockKind::Paragraph(_) | BlockKind::List(_) => Some(2),
            BlockKind::StatGrid(_) => Some(1),
            _ => None,
        };
        // A table between its rows, two at least on each side, the header repeated on the next page.
        if let BlockKind::Table(_) = &block.kind {
            let header = headers
                .iter()
                .position(|h| ranges[b].contains(&h.items.start));
            if let Some(h) = header {
                let below = headers[h].bottom;
                let rows: Vec<(f32, f32)> = bands(&extents[ranges[b].clone()])
                    .into_iter()
                    .filter(|band| band.0 >= below - 0.5)
                    .collect();
                // Between two rows is the edge of the striped one (every second row is): the next
                // page starts at the row's top, its padding kept under the repeated header.
                let stripe_edges: Vec<f32> = ranges[b]
                    .clone()
                    .filter(|&i| matches!(items[i], Item::Rect { .. }))
                    .flat_map(|i| [extents[i].0, extents[i].1])
                    .collect();
                let edge = |y: f32| stripe_edges.iter().any(|e| (e - y).abs() < 0.01);
                let keep = 2;
                if rows.len() >= 2 * keep {
                    for w in rows
                        .windows(2)
                        .skip(keep - 1)
                        .take(rows.len() + 1 - 2 * keep)
                    {
                        let boundary = if edge(w[1].0) { w[1].0 } else { w[0].1 };
                        // The page ends a little above the boundary, so that the next row's stripe
                        // (starting on it) goes with its row.
                        out.push(Break {
                            end: boundary - 0.75,
                            start: boundary,
                            between_blocks: false,
                            header: Some(h),
                        });
                    }
                }
            }
        }
        if let Some(keep) = splits {
            let bands = bands(&extents[ranges[b].clone()]);
            if bands.len() >= 2 * keep {
                for w in bands
                    .windows(2)
                    .skip(keep - 1)
                    .take(bands.len() + 1 - 2 * keep)
                {
                    out.push(Break {
                        end: w[0].1,
                        start: w[1].0,
                        between_blocks: false,
                        header: None,
                    });
                }
            }
        }
        let heading = matches!(
            block.kind,
            BlockKind::Headline(_) | BlockKind::Kicker { .. } | BlockKind::Section(_)
        );
        // A closing credit line stays with the content it credits, notes with what they explain.
        let credit_next = matches!(
            poster.blocks.get(b + 1).map(|n| &n.kind),
            Some(BlockKind::Credit { .. } | BlockKind::Notes(_))
        );
        if b + 1 < poster.blocks.len() && !heading && !credit_next {
            out.push(Break {
                end: block_extent(b).1,
                start: block_extent(b + 1).0,
                between_blocks: true,
                header: None,
            });
        }
    }
    out.retain(|b| b.start >= b.end);
    out
}

/// The vertical bands the items of a block fill: their extents merged where they overlap, top to
/// bottom. A gap between two bands is a place no item crosses.
fn bands(extents: &[(f32, f32)]) -> Vec<(f32, f32)> {
    let mut sorted = extents.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f32, f32)> = Vec::new();
    for (top, bottom) in sorted {
        match out.last_mut() {
            Some(last) if top < last.1 => last.1 = last.1.max(bottom),
            _ => out.push((top, bottom)),
        }
    }
    out
}

/// Top and bottom of what an item draws; text by its face's ascender and descender, so no line is cut.
fn extent(item: &Item) -> (f32, f32) {
    match item {
        Item::Rect { y, height, .. } => (*y, y + height),
        Item::Image(image) => (image.y, image.y + image.height),
        Item::Circle { cy, r, .. } => (cy - r, cy + r),
        Item::Line { y1, y2, width, .. } => (y1.min(*y2) - width / 2.0, y1.max(*y2) + width / 2.0),
        Item::Glyphs(run) => {
            let font = run.face.font();
            let baselines = run.glyphs.iter().map(|g| g.y);
            let top = baselines.clone().fold(f32::MAX, f32::min);
            let bottom = baselines.fold(f32::MIN, f32::max);
            (
                top - font.ascender * run.size,
                bottom - font.descender * run.size,
            )
        }
        Item::Path(path) => {
            let ys = path.ops.iter().flat_map(|op| match *op {
                PathOp::Move(_, y) | PathOp::Line(_, y) => vec![y],
                PathOp::Cubic(_, y1, _, y2, _, y) => vec![y1, y2, y],
                PathOp::Close => vec![],
            });
            let (top, bottom) = ys.fold((f32::MAX, f32::MIN), |(t, b), y| (t.min(y), b.max(y)));
            let half = path.stroke.map_or(0.0, |s| s.width / 2.0);
            (top - half, bottom + half)
        }
    }
}
