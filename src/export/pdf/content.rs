//! The page's content stream: the scene's items in order, in page points. Colours are written in the
//! page's colour space: DeviceCMYK for a print page or a scene using any colour given in CMYK, else
//! DeviceRGB. In CMYK, inks given are kept exactly; colours given in sRGB are converted (see
//! [`crate::model::Cmyk::from_rgb`]), except near-black text, which becomes 100 % K — four inks on small
//! type would blur with the slightest misregistration. Black text overprints, as prepress expects.
//! Translucency goes through ExtGStates.

use std::collections::BTreeMap;

use pdf_writer::types::{LineCapStyle, LineJoinStyle};
use pdf_writer::{Content, Name, Str, TextStr};

use super::fonts::{drawn_glyphs, PdfFonts};
use super::geometry::PageGeometry;
use crate::model::{Cmyk, Color};
use crate::scene::{GlyphRun, Item, Path, PathOp, Region, Role, Scene};

/// Crop marks: 0.25 pt hairlines.
const MARK_WIDTH: f32 = 0.25;
/// Bézier handle length for a quarter circle, as a fraction of the radius.
const KAPPA: f32 = 0.552_284_8;

/// The colour space a PDF's page content is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorSpace {
    /// DeviceRGB: a screen PDF whose scene has no colour given in inks.
    Rgb,
    /// DeviceCMYK: every print PDF, and a screen PDF whose scene uses a colour given in inks.
    Cmyk,
}

/// 100 % black ink.
const BLACK_INK: Cmyk = Cmyk {
    c: 0,
    m: 0,
    y: 0,
    k: 100,
};

impl ColorSpace {
    /// CMYK for print, or when any colour of the scene was given in CMYK.
    pub fn of(scene: &Scene, print: bool) -> ColorSpace {
        if print {
            return ColorSpace::Cmyk;
        }
        let mut colors = std::iter::once(scene.background).chain(scene.items.iter().flat_map(
            |item| -> Vec<Color> {
                match item {
                    Item::Rect { fill, .. } | Item::Circle { fill, .. } => vec![*fill],
                    Item::Line { color, .. } => vec![*color],
                    Item::Glyphs(run) => vec![run.color],
                    Item::Image(_) => vec![],
                    Item::Path(p) => p
                        .fill
                        .into_iter()
                        .chain(p.stroke.map(|s| s.color))
                        .collect(),
                }
            },
        ));
        if colors.any(|c| c.cmyk.is_some()) {
            ColorSpace::Cmyk
        } else {
            ColorSpace::Rgb
        }
    }
}

/// Graphics states the content refers to, by name: opacity and overprint settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct GraphicsState {
    /// Fill and stroke alpha, 0–255.
    pub fill_alpha: u8,
    pub stroke_alpha: u8,
    pub overprint: bool,
}

impl GraphicsState {
    /// The page's own state: opaque, knocking out what is below.
    const OPAQUE: GraphicsState = GraphicsState {
        fill_alpha: 255,
        stroke_alpha: 255,
        overprint: false,
    };
}

pub struct PageContent {
    pub bytes: Vec<u8>,
    /// The marked-content sequences tagged for the structure tree, in order of their MCIDs (0, 1, …):
    /// the index of the region of `scene.access` each belongs to.
    pub marked: Vec<usize>,
    /// The image XObjects the page draws, by resource name.
    pub images: Vec<String>,
    /// Resource name → state.
    pub states: BTreeMap<String, GraphicsState>,
}

struct Writer<'a> {
    content: Content,
    geometry: &'a PageGeometry,
    space: ColorSpace,
    fonts: &'a PdfFonts,
    states: BTreeMap<GraphicsState, String>,
    images: &'a super::images::PdfImages,
    used_images: Vec<String>,
}

/// Draws the scene: background over the whole bleed, items clipped to the bleed, crop marks outside it.
pub fn write(
    scene: &Scene,
    geometry: &PageGeometry,
    space: ColorSpace,
    fonts: &PdfFonts,
    images: &super::images::PdfImages,
) -> PageContent {
    let mut w = Writer {
        content: Content::new(),
        geometry,
        space,
        fonts,
        states: BTreeMap::new(),
        images,
        used_images: Vec::new(),
    };
    if geometry.user_unit != 1.0 {
        let s = 1.0 / geometry.user_unit;
        w.content.transform([s, 0.0, 0.0, s, 0.0, 0.0]);
    }
    let b = geometry.bleed;
    w.content.save_state();
    w.content.rect(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
    w.content.clip_nonzero().end_path();
    let opened = w.begin(Some(scene.background), None, false);
    w.content.rect(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
    w.content.fill_nonzero();
    w.end(opened);
    let mut span_open = false;
    // Tagged content: each run of items of one region (block) in a marked-content sequence of its
    // structure type with an MCID; anything else (a band, furniture, a folio) an artifact.
    let regions = &scene.access.regions;
    let mut marked: Vec<usize> = Vec::new();
    let mut current: Option<Option<usize>> = None;
    for (i, item) in scene.items.iter().enumerate() {
        let region = region_of(item, regions);
        let continues = i > 0 && continues_line(&scene.items[i - 1], item);
        if span_open && (!continues || current != Some(region)) {
            w.content.end_marked_content();
            span_open = false;
        }
        if current != Some(region) {
            if current.is_some() {
                w.content.end_marked_content();
            }
            match region {
                Some(r) => {
                    let tag = match regions[r].role {
                        Role::Heading(1) => "H1",
                        Role::Heading(2) => "H2",
                        Role::Heading(_) => "H3",
                        Role::Paragraph => "P",
                        Role::Figure => "Figure",
                    };
                    w.content
                        .begin_marked_content_with_properties(Name(tag.as_bytes()))
                        .properties()
                        .identify(marked.len() as i32);
                    marked.push(r);
                }
                None => {
                    w.content.begin_marked_content(Name(b"Artifact"));
                }
            }
            current = Some(region);
        }
        if let (Item::Glyphs(_), false) = (item, span_open) {
            w.actual_text(&line_text(&scene.items[i..]));
            span_open = true;
        }
        w.item(item, scene);
    }
    if span_open {
        w.content.end_marked_content();
    }
    if current.is_some() {
        w.content.end_marked_content();
    }
    w.content.restore_state();
    w.crop_marks();
    PageContent {
        marked,
        images: w.used_images,
        bytes: w.content.finish(),
        states: w
            .states
            .into_iter()
            .map(|(state, name)| (name, state))
            .collect(),
    }
}

/// The region (block) of `regions` an item belongs to: the first whose band of the page holds the
/// item's vertical middle (a text run's, that of its letters above the baseline).
fn region_of(item: &Item, regions: &[Region]) -> Option<usize> {
    let y = match item {
        Item::Rect { y, height, .. } => y + height / 2.0,
        Item::Circle { cy, .. } => *cy,
        Item::Line { y1, y2, .. } => (y1 + y2) / 2.0,
        Item::Glyphs(run) => run.text.first()?.y - run.size * 0.35,
        Item::Image(image) => image.y + image.height / 2.0,
        Item::Path(path) => {
            let ys = path.ops.iter().filter_map(|op| match *op {
                PathOp::Move(_, y) | PathOp::Line(_, y) | PathOp::Cubic(_, _, _, _, _, y) => {
                    Some(y)
                }
                PathOp::Close => None,
            });
            let (lo, hi) = ys.fold((f32::MAX, f32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
            if lo > hi {
                return None;
            }
            (lo + hi) / 2.0
        }
    };
    regions
        .iter()
        .position(|r| y >= r.top - 0.5 && y <= r.bottom + 0.5)
}

/// Whether `next` is a glyph run going on where the glyph run `prev` ends, on its baseline: the next
/// style or face of the same line of text. Justification may have put space between them, up to half
/// an em; anything farther apart (the next cell of a grid on the same baseline) is other text.
fn continues_line(prev: &Item, next: &Item) -> bool {
    const MEET: f32 = 0.05;
    let (Item::Glyphs(prev), Item::Glyphs(next)) = (prev, next) else {
        return false;
    };
    let (Some(last), Some(first)) = (prev.text.last(), next.text.first()) else {
        return false;
    };
    let gap = first.x - (last.x + last.width);
    (first.y - last.y).abs() < MEET && gap > -MEET && gap < 0.5 * prev.size.min(next.size)
}

/// The copy of the line of text starting at `items[0]`: its run and every run continuing it.
fn line_text(items: &[Item]) -> String {
    let mut text = String::new();
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Glyphs(run) if i == 0 || continues_line(&items[i - 1], item) => {
                text.push_str(&run.string());
            }
            _ => break,
        }
    }
    text
}

/// An sRGB colour meant as black: every channel at most 25 %.
fn is_near_black(c: Color) -> bool {
    c.r.max(c.g).max(c.b) <= 0x40
}

impl Writer<'_> {
    fn item(&mut self, item: &Item, scene: &Scene) {
        match *item {
            Item::Rect {
                x,
                y,
                width,
                height,
                radius,
                fill,
            } => {
                let (x, y, width, height) = self.carried_into_bleed(scene, x, y, width, height);
                self.filled(fill, |w| w.rect(x, y, width, height, radius));
            }
            Item::Circle { cx, cy, r, fill } => {
                self.filled(fill, |w| w.rect(cx - r, cy - r, 2.0 * r, 2.0 * r, r));
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
            } => {
                let state = self.begin(None, Some(color), false);
                self.content.set_line_width(width * self.geometry.scale);
                self.content.set_line_cap(LineCapStyle::ButtCap);
                self.content.set_line_join(LineJoinStyle::MiterJoin);
                self.move_to(x1, y1);
                self.line_to(x2, y2);
                self.content.stroke();
                self.end(state);
            }
            Item::Path(ref path) => self.path(path),
            Item::Glyphs(ref run) => self.glyphs(run),
            Item::Image(ref image) => self.image(image, scene),
        }
    }

    /// A picture: its XObject scaled onto its place, clipped to its box when it runs past it or has
    /// rounded corners.
    fn image(&mut self, image: &crate::scene::Image, scene: &Scene) {
        let Some(name) = self.images.name(&image.source) else {
            return;
        };
        // A picture reaching the page's edge is carried into the bleed like the background: its box
        // grows to the bleed, and the picture is scaled about the box's centre to cover it still.
        let (bx, by, bw, bh) =
            self.carried_into_bleed(scene, image.x, image.y, image.width, image.height);
        let image = &if (bx, by, bw, bh) != (image.x, image.y, image.width, image.height) {
            let k = (bw / image.width).max(bh / image.height);
            let [px, py, pw, ph] = image.place;
            let (cx, cy) = (bx + bw / 2.0, by + bh / 2.0);
            let (ox, oy) = (image.x + image.width / 2.0, image.y + image.height / 2.0);
            crate::scene::Image {
                x: bx,
                y: by,
                width: bw,
                height: bh,
                place: [cx + (px - ox) * k, cy + (py - oy) * k, pw * k, ph * k],
                ..image.clone()
            }
        } else {
            image.clone()
        };
        if !self.used_images.contains(&name) {
            self.used_images.push(name.clone());
        }
        self.content.save_state();
        if image.clipped() {
            self.rect(image.x, image.y, image.width, image.height, image.radius);
            self.content.clip_nonzero().end_path();
        }
        let [x, y, w, h] = image.place;
        let (px, py) = self.geometry.point(x, y + h);
        let s = self.geometry.scale;
        self.content.transform([w * s, 0.0, 0.0, h * s, px, py]);
        self.content.x_object(Name(name.as_bytes()));
        self.content.restore_state();
    }

    /// A rectangle that touches the page's edge is carried past it into the bleed, like the background,
    /// so a band across the top does not end in a white sliver when the cut is off by a millimetre.
    fn carried_into_bleed(
        &self,
        scene: &Scene,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    ) -> (f32, f32, f32, f32) {
        const EDGE: f32 = 0.5;
        let bleed = self.geometry.bleed_px;
        if bleed <= 0.0 {
            return (x, y, w, h);
        }
        let (mut x0, mut y0, mut x1, mut y1) = (x, y, x + w, y + h);
        if x0 <= EDGE {
            x0 -= bleed;
        }
        if y0 <= EDGE {
            y0 -= bleed;
        }
        if x1 >= scene.width - EDGE {
            x1 += bleed;
        }
        if y1 >= scene.height - EDGE {
            y1 += bleed;
        }
        (x0, y0, x1 - x0, y1 - y0)
    }

    fn filled(&mut self, fill: Color, shape: impl FnOnce(&mut Self)) {
        let state = self.begin(Some(fill), None, false);
        shape(self);
        self.content.fill_nonzero();
        self.end(state);
    }

    /// A rectangle (scene pixels) with corners rounded by `radius`.
    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, radius: f32) {
        let r = radius.min(w / 2.0).min(h / 2.0).max(0.0);
        if r == 0.0 {
            let (px, py) = self.geometry.point(x, y + h);
            let s = self.geometry.scale;
            self.content.rect(px, py, w * s, h * s);
            return;
        }
        let k = r * (1.0 - KAPPA);
        let (x1, y1) = (x + w, y + h);
        self.move_to(x + r, y);
        self.line_to(x1 - r, y);
        self.cubic_to(x1 - k, y, x1, y + k, x1, y + r);
        self.line_to(x1, y1 - r);
        self.cubic_to(x1, y1 - k, x1 - k, y1, x1 - r, y1);
        self.line_to(x + r, y1);
        self.cubic_to(x + k, y1, x, y1 - k, x, y1 - r);
        self.line_to(x, y + r);
        self.cubic_to(x, y + k, x + k, y, x + r, y);
        self.content.close_path();
    }

    fn path(&mut self, path: &Path) {
        let state = self.begin(path.fill, path.stroke.map(|s| s.color), false);
        if let Some(s) = path.stroke {
            self.content.set_line_width(s.width * self.geometry.scale);
            let (cap, join) = if s.round {
                (LineCapStyle::RoundCap, LineJoinStyle::RoundJoin)
            } else {
                (LineCapStyle::ButtCap, LineJoinStyle::MiterJoin)
            };
            self.content.set_line_cap(cap).set_line_join(join);
        }
        for op in &path.ops {
            match *op {
                PathOp::Move(x, y) => self.move_to(x, y),
                PathOp::Line(x, y) => self.line_to(x, y),
                PathOp::Cubic(x1, y1, x2, y2, x, y) => self.cubic_to(x1, y1, x2, y2, x, y),
                PathOp::Close => {
                    self.content.close_path();
                }
            }
        }
        match (path.fill.is_some(), path.stroke.is_some()) {
            (true, true) if path.even_odd => self.content.fill_even_odd_and_stroke(),
            (true, false) if path.even_odd => self.content.fill_even_odd(),
            (true, true) => self.content.fill_nonzero_and_stroke(),
            (true, false) => self.content.fill_nonzero(),
            (false, true) => self.content.stroke(),
            (false, false) => self.content.end_path(),
        };
        self.end(state);
    }

    /// Each glyph placed at its own position (`Td` from the last), so what layout decided — justification,
    /// compressed punctuation — is exactly what the page shows.
    fn glyphs(&mut self, run: &GlyphRun) {
        let drawn = drawn_glyphs(run);
        if drawn.is_empty() {
            return;
        }
        let font = self.fonts.get(run.face);
        let mut color = run.color;
        if self.space == ColorSpace::Cmyk && color.cmyk.is_none() && is_near_black(color) {
            color.cmyk = Some(BLACK_INK);
        }
        let black_ink = self.space == ColorSpace::Cmyk && color.cmyk == Some(BLACK_INK);
        let state = self.begin(Some(color), None, black_ink);
        self.content.begin_text();
        self.content.set_font(
            Name(font.resource.as_bytes()),
            run.size * self.geometry.scale,
        );
        let mut at = (0.0, 0.0);
        for (i, _) in drawn {
            let g = run.glyphs[i];
            let (x, y) = self.geometry.point(g.x, g.y);
            self.content.next_line(x - at.0, y - at.1);
            at = (x, y);
            self.content.show(Str(&font.code(g.id)));
        }
        self.content.end_text();
        self.end(state);
    }

    /// Opens a marked-content span whose `/ActualText` is `text`, exactly as written (UTF-16BE with a
    /// byte-order mark unless it is plain ASCII): extractors copy it instead of guessing the text from
    /// the glyphs, so the CJK–Latin spacing layout bakes into advances never comes out as a space, and a
    /// search for 2023年政府工作报告 finds it.
    fn actual_text(&mut self, text: &str) {
        self.content
            .begin_marked_content_with_properties(Name(b"Span"))
            .properties()
            .actual_text(TextStr(text));
    }

    fn crop_marks(&mut self) {
        let marks = self.geometry.crop_marks();
        if marks.is_empty() {
            return;
        }
        self.content.save_state();
        match self.space {
            // Registration: on every plate, so the marks show on each separation.
            ColorSpace::Cmyk => self.content.set_stroke_cmyk(1.0, 1.0, 1.0, 1.0),
            ColorSpace::Rgb => self.content.set_stroke_gray(0.0),
        };
        self.content.set_line_width(MARK_WIDTH);
        for [(x0, y0), (x1, y1)] in marks {
            self.content.move_to(x0, y0).line_to(x1, y1);
        }
        self.content.stroke().restore_state();
    }

    /// Sets the colours an item paints with, and (inside a `q`) the graphics state its opacity and
    /// overprint need; returns whether a `q` was opened, for [`Writer::end`]. Colours and line settings
    /// are set before every item, so only a graphics state ever needs restoring.
    fn begin(&mut self, fill: Option<Color>, stroke: Option<Color>, overprint: bool) -> bool {
        let state = GraphicsState {
            fill_alpha: fill.map_or(255, |c| c.a),
            stroke_alpha: stroke.map_or(255, |c| c.a),
            overprint,
        };
        let opened = state != GraphicsState::OPAQUE;
        if opened {
            let n = self.states.len();
            let name = self
                .states
                .entry(state)
                .or_insert_with(|| format!("G{n}"))
                .clone();
            self.content.save_state();
            self.content.set_parameters(Name(name.as_bytes()));
        }
        if let Some(c) = fill {
            self.set_color(c, false);
        }
        if let Some(c) = stroke {
            self.set_color(c, true);
        }
        opened
    }

    /// Sets the stroke or the fill colour, in the page's colour space.
    fn set_color(&mut self, c: Color, stroke: bool) {
        match self.space {
            ColorSpace::Rgb => {
                let [r, g, b] = [c.r, c.g, c.b].map(|v| v as f32 / 255.0);
                if stroke {
                    self.content.set_stroke_rgb(r, g, b)
                } else {
                    self.content.set_fill_rgb(r, g, b)
                }
            }
            ColorSpace::Cmyk => {
                let [c, m, y, k] = c.inks().fractions();
                if stroke {
                    self.content.set_stroke_cmyk(c, m, y, k)
                } else {
                    self.content.set_fill_cmyk(c, m, y, k)
                }
            }
        };
    }

    fn end(&mut self, opened: bool) {
        if opened {
            self.content.restore_state();
        }
    }

    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.geometry.point(x, y);
        self.content.move_to(x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.geometry.point(x, y);
        self.content.line_to(x, y);
    }

    fn cubic_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (x1, y1) = self.geometry.point(x1, y1);
        let (x2, y2) = self.geometry.point(x2, y2);
        let (x, y) = self.geometry.point(x, y);
        self.content.cubic_to(x1, y1, x2, y2, x, y);
    }
}
