//! layout: Poster + fonts → Scene. A vertical flow: each block is set at the cursor inside the page's
//! margins and moves the cursor down. Text is normalised, checked for coverage, shaped and broken here,
//! once; the scene carries positioned glyphs. One file per block kind.

mod blocks;
mod carousel;
mod elements;
mod figure;
mod pages;
mod table;

use crate::diagnostics::Warning;
use crate::model::{BlockKind, Poster};
use crate::scene::{Item, PathOp, Scene};
use crate::text::coverage::MissingGlyph;
use crate::text::fonts::FontBook;
use crate::text::set::Surface;

pub use crate::text::set::TextBox;

/// The laid-out picture and what went wrong along the way without stopping it.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Everything drawn on the page, with its final size.
    pub scene: Scene,
    /// What was left out or is worth a look (a dropped character, a picture shown soft), each naming its block.
    pub warnings: Vec<Warning>,
    /// Where each block landed: its origin and vertical extent, for tests and for fitting checks.
    pub blocks: Vec<PlacedBlock>,
}

/// Where one block landed on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedBlock {
    /// The block's origin, as in messages: `blocks[4] (paragraph)`.
    pub origin: String,
    /// The top of what the block drew, page pixels.
    pub top: f32,
    /// The bottom of what the block drew, page pixels.
    pub bottom: f32,
}

/// Content that does not fit a page of fixed height.
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
#[error("{name}: the content needs {needed:.0} px of height but the page is {height:.0} px tall; remove content, set a larger height, or use height = \"auto\"")]
pub struct LayoutError {
    /// The poster's name (its spec file's stem).
    pub name: String,
    /// The height the content needs, page pixels.
    pub needed: f32,
    /// The page's fixed height, pixels.
    pub height: f32,
    /// The share of the design's type and spacing the content was tried at last: below 1 when
    /// `fit = "shrink"` set it smaller (down to [`crate::model::Fit::FLOOR`]) and it still did not fit.
    pub scale: f32,
    /// The first block that does not fit: its origin (`blocks[4] (stats)`) and how far it reaches past
    /// the content area (the page less its bottom margin), in pixels; `None` when no block is to blame
    /// alone (only the margins, or nothing at all).
    pub block: Option<(String, f32)>,
}

impl LayoutError {
    /// The error for a flow that ends below its page at type `scale`: the first block past the bottom
    /// of the content area is named.
    fn of_flow(
        poster: &Poster,
        placed: &[PlacedBlock],
        needed: f32,
        height: f32,
        scale: f32,
    ) -> Self {
        let limit = height - poster.page.margin.bottom;
        let block = placed
            .iter()
            .find(|b| b.bottom > limit + 0.5)
            .map(|b| (b.origin.clone(), b.bottom - limit));
        LayoutError {
            name: poster.name.clone(),
            needed,
            height,
            scale,
            block,
        }
    }
}

/// Shared state while setting blocks: fonts, the items drawn so far, warnings, the block being set.
pub struct Ctx<'a> {
    /// The poster's fonts.
    pub book: &'a FontBook,
    /// The poster being laid out.
    pub poster: &'a Poster,
    /// The scene items drawn so far, back to front.
    pub items: Vec<Item>,
    /// Warnings so far.
    pub warnings: Vec<Warning>,
    /// The origin of the block being set (`blocks[4] (paragraph)`), for its warnings.
    pub origin: String,
    /// The headline band's rect in `items`, which a kicker below the headline extends.
    pub band: Option<usize>,
    /// Plot heights to use for the charts, in order (`None`: the chart's own or its default).
    pub chart_heights: Vec<Option<f32>>,
    /// The plot height each chart took, in order.
    pub chart_plots: Vec<f32>,
    /// Each table's header as drawn (repeated on the pages a long table continues on).
    pub table_headers: Vec<TableHeader>,
}

/// A table's header as drawn, for the pages a long table continues on.
#[derive(Debug, Clone, PartialEq)]
pub struct TableHeader {
    /// The header band's items in `Ctx::items`.
    pub items: std::ops::Range<usize>,
    /// The band's top.
    pub top: f32,
    /// The band's bottom.
    pub bottom: f32,
    /// The table's title marked as continued (`2023年各乡镇收入（续）`), set above the band's top, not
    /// on the page: a page the table continues on opens with it. Empty for a table without a title.
    pub continued_title: Vec<Item>,
    /// How far above the band's top the continued title starts (0 without a title).
    pub title_room: f32,
}

impl TableHeader {
    /// The height a page the table continues on gives the repeated title and header.
    pub fn repeated_height(&self) -> f32 {
        self.title_room + self.bottom - self.top
    }
}

/// Layout's flow is where text is set: characters left out (`missing_glyphs = "drop"`) become warnings
/// of the block being laid out, each character once a block.
impl Surface for Ctx<'_> {
    fn book(&self) -> &FontBook {
        self.book
    }

    fn items(&mut self) -> &mut Vec<Item> {
        &mut self.items
    }

    fn dropped(&mut self, missing: Vec<MissingGlyph>) {
        // What this block was already warned about, gathered once a call: a text may miss thousands of
        // different characters, and each is reported once a block.
        let mut warned: std::collections::HashSet<String> = self
            .warnings
            .iter()
            .filter(|w| w.origin == self.origin)
            .map(|w| w.message.clone())
            .collect();
        for m in missing {
            let message = format!("no font has the character {}; it is left out", m.describe());
            if warned.insert(message.clone()) {
                self.warnings
                    .push(Warning::new(self.origin.clone(), message));
            }
        }
    }
}

impl Ctx<'_> {
    /// Left edge and width of the content column.
    pub fn column(&self) -> (f32, f32) {
        let p = &self.poster.page;
        (p.margin.left, p.width - p.margin.left - p.margin.right)
    }
}

/// One pass of the vertical flow.
struct Flow<'a> {
    ctx: Ctx<'a>,
    placed: Vec<PlacedBlock>,
    ranges: Vec<std::ops::Range<usize>>,
    /// Bottom of the last block plus the bottom margin.
    content_bottom: f32,
}

fn flow<'a>(poster: &'a Poster, chart_heights: Vec<Option<f32>>) -> Flow<'a> {
    let mut ctx = Ctx {
        book: &poster.fonts,
        poster,
        items: Vec::new(),
        warnings: Vec::new(),
        origin: String::new(),
        band: None,
        chart_heights,
        chart_plots: Vec::new(),
        table_headers: Vec::new(),
    };
    let page = &poster.page;
    let spacing = poster.theme.spacing.block;
    let mut y = page.margin.top;
    let mut placed: Vec<PlacedBlock> = Vec::new();
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    // A logo in the band goes first, above the headline; it is drawn after the blocks, over the band.
    let band_logo = page
        .logo
        .as_ref()
        .filter(|l| l.position == crate::model::LogoPosition::Band);
    let logo_top = y;
    if let Some(logo) = band_logo {
        y += elements::logo_size(&ctx, logo).1 + spacing * 0.6;
    }
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
        ranges.push(first_item..ctx.items.len());
        y = bottom;
        previous = Some(&block.kind);
    }
    // A picture on the band goes right above the band's rect, now that the band has its height.
    if let (Some(picture), Some(band)) = (&page.band_image, ctx.band) {
        if let Some(&Item::Rect {
            x,
            y,
            width,
            height,
            ..
        }) = ctx.items.get(band)
        {
            ctx.items
                .insert(band + 1, elements::cover(picture, [x, y, width, height]));
            for range in &mut ranges {
                if range.start > band {
                    range.start += 1;
                }
                if range.end > band {
                    range.end += 1;
                }
            }
        }
    }
    if let Some(logo) = band_logo {
        ctx.origin = "page.logo".into();
        // Made to read on the band: where there is none (a carousel's body card, a poster without a
        // headline), on a tab of the primary colour.
        if ctx.band.is_none() {
            elements::logo_tab(&mut ctx, logo, logo_top);
        }
        elements::logo(&mut ctx, logo, logo_top);
    }
    // A logo at the foot follows the last block, and moves with it (to the page's foot with a credit).
    if let Some(logo) = page
        .logo
        .as_ref()
        .filter(|l| l.position == crate::model::LogoPosition::Foot)
    {
        ctx.origin = "page.logo".into();
        y = elements::logo(&mut ctx, logo, y + spacing);
        if let (Some(range), Some(last)) = (ranges.last_mut(), placed.last_mut()) {
            range.end = ctx.items.len();
            last.bottom = y;
        }
    }
    Flow {
        ctx,
        placed,
        ranges,
        content_bottom: y + page.margin.bottom,
    }
}

/// On a page of fixed height, charts without a height of their own share the space the content leaves,
/// so a spec holding one chart renders a chart of the page's size. Plot heights do not map exactly onto
/// block heights (labels, legends), so a second correction pass takes back any overshoot; if that still
/// does not fit, the unstretched layout stands.
fn stretch_charts<'a>(poster: &'a Poster, first: Flow<'a>, page_height: f32) -> Flow<'a> {
    let stretchable: Vec<bool> = poster
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Chart(c) => Some(c.height.is_none() && crate::chart::stretches(c.kind)),
            _ => None,
        })
        .collect();
    let count = stretchable.iter().filter(|&&s| s).count();
    let leftover = page_height - first.content_bottom;
    if count == 0 || leftover < 1.0 {
        return first;
    }
    let heights = |plots: &[f32], extra: f32| -> Vec<Option<f32>> {
        plots
            .iter()
            .zip(&stretchable)
            .map(|(&h, &s)| s.then_some(h + extra / count as f32))
            .collect()
    };
    let plots = first.ctx.chart_plots.clone();
    let second = flow(poster, heights(&plots, leftover));
    let overshoot = second.content_bottom - page_height;
    if overshoot <= 0.5 {
        return second;
    }
    let third = flow(poster, heights(&plots, leftover - overshoot));
    if third.content_bottom <= page_height + 0.5 {
        third
    } else {
        first
    }
}

/// Lays the poster out on as many pages as it takes: one, unless the page is fixed, the content does not
/// fit it (set smaller, with `fit = "shrink"`) and the page says `overflow = "pages"` (see `pages`; the
/// pages at the design's size, or at the floor of `fit = "shrink"` when a piece is taller than a page). Content that does not fit otherwise is the
/// same [`LayoutError`] as from [`layout`].
pub fn layout_pages(poster: &Poster) -> Result<Vec<Layout>, LayoutError> {
    match layout(poster) {
        Ok(one) => Ok(vec![one]),
        Err(_) if poster.page.overflow == crate::model::Overflow::Pages => {
            // A screen preset's cards are composed; where a unit cannot fit a card even at the floor
            // (a chart on a WeChat cover), the content flows onto pages as on paper.
            let composed = carousel::applies(poster)
                .then(|| carousel::compose(poster).ok())
                .flatten();
            let mut pages = match composed {
                Some(cards) => cards,
                None => match pages::paginate(poster) {
                    // A piece that must stay together is taller than a page: the whole set of pages
                    // at the floor of `fit = "shrink"`, where the pieces are smaller.
                    Err(_) if poster.page.shrinks() => {
                        let floor = crate::model::Fit::FLOOR;
                        pages::paginate(&scaled(poster, floor))
                            .map_err(|e| LayoutError { scale: floor, ..e })?
                    }
                    done => done?,
                },
            };
            for page in &mut pages {
                under_everything(poster, &mut page.scene);
                describe(poster, page);
            }
            Ok(pages)
        }
        Err(e) => Err(e),
    }
}

/// The page's background picture, covering the whole page under everything; once, whichever way the
/// page was made (a carousel's cards are laid out as pages of their own or composed directly).
fn under_everything(poster: &Poster, scene: &mut Scene) {
    if let Some(picture) = &poster.page.background_image {
        let cover = elements::cover(picture, [0.0, 0.0, scene.width, scene.height]);
        if scene.items.first() != Some(&cover) {
            scene.items.insert(0, cover);
        }
    }
}

/// What the page says to a reader who cannot see it: the poster's title and language, and each block
/// placed on the page with its role and text (a figure's text alternative), in reading order.
fn describe(poster: &Poster, layout: &mut Layout) {
    use crate::scene::{Region, Role};
    let traditional = poster.fonts.lang.is_traditional();
    let title = poster
        .blocks
        .iter()
        .find_map(|b| match &b.kind {
            BlockKind::Headline(h) => Some(match h {
                crate::model::Headline::Text(t) => t.replace('\n', " "),
                crate::model::Headline::Lines(l) => l.join(" "),
            }),
            BlockKind::Section(s) => Some(s.title.clone()),
            _ => None,
        })
        .or_else(|| {
            // No heading: the first thing the graphic says, its first line, 60 characters at most.
            let text = poster.blocks.first()?.alt_text(traditional);
            let line = text.lines().next()?.trim();
            (!line.is_empty()).then(|| line.chars().take(60).collect())
        })
        .unwrap_or_else(|| poster.name.clone());
    let regions = layout
        .blocks
        .iter()
        .filter_map(|placed| {
            let block = poster.blocks.iter().find(|b| b.origin == placed.origin)?;
            let role = match &block.kind {
                BlockKind::Headline(_) => Role::Heading(1),
                BlockKind::Section(s) if s.level == 1 => Role::Heading(2),
                BlockKind::Section(_) => Role::Heading(3),
                BlockKind::Divider => return None,
                _ if block.is_figure() => Role::Figure,
                _ => Role::Paragraph,
            };
            Some(Region {
                top: placed.top,
                bottom: placed.bottom,
                role,
                text: block.alt_text(traditional),
            })
        })
        .collect();
    layout.scene.access = crate::scene::Access {
        title,
        lang: poster.fonts.lang.tag().to_owned(),
        regions,
    };
}

/// Lays the poster out.
pub fn layout(poster: &Poster) -> Result<Layout, LayoutError> {
    layout_undescribed(poster).map(|mut l| {
        describe(poster, &mut l);
        l
    })
}

fn layout_undescribed(poster: &Poster) -> Result<Layout, LayoutError> {
    // A graphic re-laid for a preset's (or a print size's) fixed page grows its type to use the page,
    // rather than float small in the middle of a tall story or a 3:4 card.
    if poster.page.is_sized_for_output() && poster.page.height.is_some() {
        if let Some(grown) = grown_to_fill(poster) {
            return layout_at_size(&grown);
        }
    }
    match layout_at_size(poster) {
        Err(e) if poster.page.shrinks() => shrunk_to_fit(poster).ok_or(e).and_then(|r| r),
        done => done,
    }
}

/// The poster with its type, spacing and chart heights at `s` of what they are.
fn scaled(poster: &Poster, s: f32) -> Poster {
    let mut p = poster.clone();
    p.theme.scale(s);
    for block in &mut p.blocks {
        if let BlockKind::Chart(c) = &mut block.kind {
            c.height = c.height.map(|h| h * s);
        }
    }
    p
}

/// `fit = "shrink"`: the largest share of the design's type and spacing, down to
/// [`crate::model::Fit::FLOOR`], at which the content fits its fixed page, laid out — or, when even the
/// floor does not fit, the error of the floor's layout naming the first block past the page. `None` when
/// the page has no fixed height.
fn shrunk_to_fit(poster: &Poster) -> Option<Result<Layout, LayoutError>> {
    let height = poster.page.height?;
    let floor = crate::model::Fit::FLOOR;
    // A chart without a height of its own takes one from the column's width, which does not shrink: it
    // is given the height it took, to be scaled with the type.
    let plots = flow(poster, Vec::new()).ctx.chart_plots;
    let mut pinned = poster.clone();
    let charts = pinned.blocks.iter_mut().filter_map(|b| match &mut b.kind {
        BlockKind::Chart(c) => Some(c),
        _ => None,
    });
    for (c, plot) in charts.zip(plots) {
        if c.height.is_none() && plot.is_finite() && plot > 0.0 {
            c.height = Some(plot);
        }
    }
    let poster = &pinned;
    let fits = |s: f32| flow(&scaled(poster, s), Vec::new()).content_bottom <= height + 0.5;
    let at_floor = scaled(poster, floor);
    let lowest = flow(&at_floor, Vec::new());
    if lowest.content_bottom > height + 0.5 {
        return Some(Err(LayoutError::of_flow(
            poster,
            &lowest.placed,
            lowest.content_bottom,
            height,
            floor,
        )));
    }
    // Type sizes are kept to a hundredth of the design: 7 halvings of the quarter the floor leaves.
    let (mut lo, mut hi) = (floor, 1.0f32);
    for _ in 0..7 {
        let mid = (lo + hi) / 2.0;
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(layout_at_size(&scaled(poster, lo)))
}

/// The largest type scale, up to 1.5×, at which the poster still fits its fixed page — if the page has
/// more than a fifth of its height to spare at 1×.
fn grown_to_fill(poster: &Poster) -> Option<Poster> {
    let height = poster.page.height?;
    let first = flow(poster, Vec::new());
    if first.content_bottom > height || height - first.content_bottom < height * 0.2 {
        return None;
    }
    let scaled = |s: f32| {
        let mut p = poster.clone();
        p.theme.scale(s);
        p
    };
    let (mut lo, mut hi) = (1.0f32, 1.5f32);
    for _ in 0..8 {
        let mid = (lo + hi) / 2.0;
        // Leave a tenth of the page free so the result breathes.
        if flow(&scaled(mid), Vec::new()).content_bottom <= height * 0.9 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo > 1.01).then(|| scaled(lo))
}

fn layout_at_size(poster: &Poster) -> Result<Layout, LayoutError> {
    let page = &poster.page;
    let mut pass = flow(poster, Vec::new());
    if let Some(h) = page.height {
        pass = stretch_charts(poster, pass, h);
    }
    let Flow {
        mut ctx,
        mut placed,
        ranges: item_ranges,
        content_bottom,
    } = pass;
    let height = match page.height {
        None => content_bottom.ceil(),
        Some(h) => {
            if content_bottom > h + 0.5 {
                return Err(LayoutError::of_flow(
                    poster,
                    &placed,
                    content_bottom,
                    h,
                    1.0,
                ));
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
    let mut scene = Scene {
        width: page.width,
        height,
        background: page.background,
        items: ctx.items,
        access: crate::scene::Access::default(),
    };
    under_everything(poster, &mut scene);
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
    // The closing credit lines and the page's notes before them go to the foot.
    let foot = kinds
        .iter()
        .rev()
        .take_while(|k| match k {
            BlockKind::Credit { .. } => true,
            BlockKind::Notes(n) => n.page,
            _ => false,
        })
        .count();
    let has_credit = foot > 0;
    let body_end = kinds.len() - foot;
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
        Item::Image(image) => {
            image.y += dy;
            image.place[1] += dy;
        }
        Item::Glyphs(run) => {
            run.glyphs.iter_mut().for_each(|g| g.y += dy);
            run.text.iter_mut().for_each(|t| t.y += dy);
        }
        Item::Path(path) => {
            for op in &mut path.ops {
                match op {
                    PathOp::Move(_, y) | PathOp::Line(_, y) => *y += dy,
                    PathOp::Cubic(_, y1, _, y2, _, y) => {
                        *y1 += dy;
                        *y2 += dy;
                        *y += dy;
                    }
                    PathOp::Close => {}
                }
            }
        }
    }
}
