//! layout: Poster + fonts → Scene. A vertical flow: each block is set at the cursor inside the page's
//! margins and moves the cursor down. Text is normalised, checked for coverage, shaped and broken here,
//! once; the scene carries positioned glyphs. One file per block kind.

mod blocks;
mod figure;
mod textbox;

use crate::diagnostics::Warning;
use crate::model::{BlockKind, Poster};
use crate::scene::{Item, Scene};
use crate::text::fonts::FontBook;

pub use textbox::TextBox;

/// The laid-out picture and what went wrong along the way without stopping it.
#[derive(Debug, Clone)]
pub struct Layout {
    pub scene: Scene,
    pub warnings: Vec<Warning>,
    /// Where each block landed: its origin and vertical extent, for tests and for fitting checks.
    pub blocks: Vec<PlacedBlock>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlacedBlock {
    pub origin: String,
    pub top: f32,
    pub bottom: f32,
}

/// Content that does not fit a page of fixed height.
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
#[error("{name}: the content needs {needed:.0} px of height but the page is {height:.0} px tall; remove content, set a larger height, or use height = \"auto\"")]
pub struct LayoutError {
    pub name: String,
    pub needed: f32,
    pub height: f32,
}

/// Shared state while setting blocks: fonts, the items drawn so far, warnings, the block being set.
pub(crate) struct Ctx<'a> {
    pub book: &'a FontBook,
    pub poster: &'a Poster,
    pub items: Vec<Item>,
    pub warnings: Vec<Warning>,
    pub origin: String,
    /// The headline band's rect in `items`, which a kicker below the headline extends.
    pub band: Option<usize>,
}

impl Ctx<'_> {
    /// Left edge and width of the content column.
    pub fn column(&self) -> (f32, f32) {
        let p = &self.poster.page;
        (p.margin.left, p.width - p.margin.left - p.margin.right)
    }
}

/// Lays the poster out.
pub fn layout(poster: &Poster, book: &FontBook) -> Result<Layout, LayoutError> {
    let mut ctx = Ctx {
        book,
        poster,
        items: Vec::new(),
        warnings: Vec::new(),
        origin: String::new(),
        band: None,
    };
    let page = &poster.page;
    let spacing = poster.theme.spacing.block;
    let mut y = page.margin.top;
    let mut placed: Vec<PlacedBlock> = Vec::new();
    let mut item_ranges = Vec::new();
    let mut previous: Option<&BlockKind> = None;
    for (i, block) in poster.blocks.iter().enumerate() {
        ctx.origin = block.origin.clone();
        let first_item = ctx.items.len();
        let gap = if i == 0 {
            0.0
        } else {
            blocks::space_before(&block.kind, previous, spacing)
        };
        let top = y + gap;
        let bottom = blocks::set_block(&mut ctx, &block.kind, previous, i == 0, top);
        placed.push(PlacedBlock {
            origin: block.origin.clone(),
            top,
            bottom,
        });
        item_ranges.push(first_item..ctx.items.len());
        y = bottom;
        previous = Some(&block.kind);
    }
    let content_bottom = y + page.margin.bottom;
    let height = match page.height {
        None => content_bottom.ceil(),
        Some(h) => {
            if content_bottom > h + 0.5 {
                return Err(LayoutError {
                    name: poster.name.clone(),
                    needed: content_bottom,
                    height: h,
                });
            }
            distribute_leftover(
                &mut ctx.items,
                &mut placed,
                &item_ranges,
                poster,
                h - content_bottom,
            );
            h
        }
    };
    let scene = Scene {
        width: page.width,
        height,
        background: page.background,
        items: ctx.items,
    };
    Ok(Layout {
        scene,
        warnings: ctx.warnings,
        blocks: placed,
    })
}

/// On a page of fixed height, the space the content leaves is not dumped at the bottom: a trailing credit
/// line goes to the foot of the page and the body (everything after a leading headline band) is centred in
/// what remains.
fn distribute_leftover(
    items: &mut [Item],
    placed: &mut [PlacedBlock],
    ranges: &[std::ops::Range<usize>],
    poster: &Poster,
    leftover: f32,
) {
    if leftover <= 0.0 || poster.blocks.is_empty() {
        return;
    }
    let kinds: Vec<&BlockKind> = poster.blocks.iter().map(|b| &b.kind).collect();
    let body_start = kinds
        .iter()
        .position(|k| !matches!(k, BlockKind::Headline(_) | BlockKind::Kicker { .. }))
        .unwrap_or(kinds.len());
    let has_credit = matches!(kinds.last(), Some(BlockKind::Credit { .. }));
    let body_end = if has_credit {
        kinds.len() - 1
    } else {
        kinds.len()
    };
    let mut shift = |from: usize, to: usize, dy: f32| {
        for b in from..to {
            for item in &mut items[ranges[b].clone()] {
                translate(item, dy);
            }
            placed[b].top += dy;
            placed[b].bottom += dy;
        }
    };
    shift(body_start, body_end, leftover / 2.0);
    if has_credit {
        shift(body_end, kinds.len(), leftover);
    }
}

fn translate(item: &mut Item, dy: f32) {
    match item {
        Item::Rect { y, .. } => *y += dy,
        Item::Circle { cy, .. } => *cy += dy,
        Item::Line { y1, y2, .. } => {
            *y1 += dy;
            *y2 += dy;
        }
        Item::Glyphs(run) => {
            run.glyphs.iter_mut().for_each(|g| g.y += dy);
            run.text.iter_mut().for_each(|t| t.y += dy);
        }
    }
}
