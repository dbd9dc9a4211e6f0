//! scene: the one picture every exporter draws. Layout produces it with every glyph already positioned,
//! so SVG, PNG and PDF cannot disagree. Coordinates are pixels, y down, origin top-left.

pub mod contact;

use crate::model::Color;
use crate::text::fonts::FaceId;

/// A page drawn: its size, its background and the items on it, in drawing order (later items over earlier ones).
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// The page's width in pixels.
    pub width: f32,
    /// The page's height in pixels (for a growing page, the height its content reached).
    pub height: f32,
    /// The colour filling the whole page under every item.
    pub background: Color,
    /// What is drawn, back to front.
    pub items: Vec<Item>,
    /// What the picture says for readers who cannot see it: its title, language and the blocks in
    /// reading order (SVG `<title>`/`<desc>`, the PDF's structure tree, the text sidecar).
    pub access: Access,
}

/// The text alternative of a scene: filled by layout from the poster (`layout::describe`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Access {
    /// The headline (or the poster's name).
    pub title: String,
    /// The copy's language, a BCP 47 tag (`zh-Hans`).
    pub lang: String,
    /// The blocks on this page in reading order.
    pub regions: Vec<Region>,
}

/// One block of the page: the band of the page it covers, what it is, and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// The top of the block's band of the page, pixels.
    pub top: f32,
    /// The bottom of the block's band of the page, pixels.
    pub bottom: f32,
    /// What the block is.
    pub role: Role,
    /// The block's text, or for a figure its text alternative (its `alt`, or one written from its data).
    pub text: String,
}

/// What a block is to a reader (the PDF's structure types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A heading of level 1 (the headline) to 3.
    Heading(u8),
    /// Text: a paragraph, a stat, a list, a table, notes, a credit.
    Paragraph,
    /// A chart, a picture, a QR code, a figure: read by its text alternative.
    Figure,
}

/// One thing drawn on the page, in page pixels; every exporter draws each kind the same way.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A filled rectangle with optionally rounded corners.
    Rect {
        /// The left edge.
        x: f32,
        /// The top edge.
        y: f32,
        /// The width.
        width: f32,
        /// The height.
        height: f32,
        /// The corner radius (0 for square corners).
        radius: f32,
        /// The fill colour.
        fill: Color,
    },
    /// A filled circle.
    Circle {
        /// The centre's x.
        cx: f32,
        /// The centre's y.
        cy: f32,
        /// The radius.
        r: f32,
        /// The fill colour.
        fill: Color,
    },
    /// A straight stroke.
    Line {
        /// The start's x.
        x1: f32,
        /// The start's y.
        y1: f32,
        /// The end's x.
        x2: f32,
        /// The end's y.
        y2: f32,
        /// The stroke's width, butt-capped.
        width: f32,
        /// The stroke's colour.
        color: Color,
    },
    /// Text: positioned glyphs of one face, size and colour.
    Glyphs(GlyphRun),
    /// Any outline: chart lines, areas, arcs. Filled, stroked, or both.
    Path(Path),
    /// A raster picture (PNG, JPEG, WebP), embedded as it was read.
    Image(Image),
}

/// A raster picture drawn into a box: the whole picture at `place` (which runs past the box when the
/// picture is cropped to fill it), clipped to the box and its rounded corners.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// The box the picture shows in, page pixels.
    pub x: f32,
    /// The box's top edge.
    pub y: f32,
    /// The box's width.
    pub width: f32,
    /// The box's height.
    pub height: f32,
    /// Corner radius of the box.
    pub radius: f32,
    /// Where the whole picture lands: x, y, width, height.
    pub place: [f32; 4],
    /// The picture: its bytes as read and its pixel size, shared by every box showing it.
    pub source: std::sync::Arc<crate::model::ImageSource>,
}

impl Image {
    /// Whether the picture must be clipped: it runs past its box, or the box has rounded corners.
    pub fn clipped(&self) -> bool {
        const EPS: f32 = 0.01;
        let [px, py, pw, ph] = self.place;
        self.radius > 0.0
            || px < self.x - EPS
            || py < self.y - EPS
            || px + pw > self.x + self.width + EPS
            || py + ph > self.y + self.height + EPS
    }
}

/// A path in page pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// The outline: moves, lines, cubic curves and closes.
    pub ops: Vec<PathOp>,
    /// The fill, if any.
    pub fill: Option<Color>,
    /// The stroke, if any.
    pub stroke: Option<Stroke>,
    /// Fill by the even-odd rule (an SVG image's shapes may ask for it); otherwise non-zero.
    pub even_odd: bool,
}

/// One step of a path's outline, in page pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PathOp {
    /// Start a new subpath at (x, y).
    Move(f32, f32),
    /// A straight line to (x, y).
    Line(f32, f32),
    /// Cubic Bézier: two control points, then the end point.
    Cubic(f32, f32, f32, f32, f32, f32),
    /// Close the subpath with a straight line back to its start.
    Close,
}

/// How a path's outline is stroked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    /// The stroke's colour.
    pub color: Color,
    /// The stroke's width, pixels.
    pub width: f32,
    /// Round caps and joins (chart lines); otherwise butt caps and miter joins, so an arc ends exactly at
    /// its angle.
    pub round: bool,
}

impl Path {
    /// An arc of the circle around (cx, cy) with radius r, from angle `a0` to `a1` (radians, clockwise from
    /// 12 o'clock), as cubic Béziers of at most a quarter turn each; starts with a line to the arc's start
    /// when `connect` is set (for closing wedges), else a move.
    pub fn arc_ops(
        ops: &mut Vec<PathOp>,
        cx: f32,
        cy: f32,
        r: f32,
        a0: f32,
        a1: f32,
        connect: bool,
    ) {
        let point = |a: f32| (cx + r * a.sin(), cy - r * a.cos());
        let (x0, y0) = point(a0);
        ops.push(if connect {
            PathOp::Line(x0, y0)
        } else {
            PathOp::Move(x0, y0)
        });
        let sweep = a1 - a0;
        let pieces = ((sweep.abs() / std::f32::consts::FRAC_PI_2).ceil() as usize).max(1);
        let step = sweep / pieces as f32;
        // Control-point distance for a circular arc of angle `step`.
        let k = 4.0 / 3.0 * (step / 4.0).tan() * r;
        for i in 0..pieces {
            let (s, e) = (a0 + step * i as f32, a0 + step * (i + 1) as f32);
            let (sx, sy) = point(s);
            let (ex, ey) = point(e);
            // Tangent at angle a (clockwise from 12 o'clock) is (cos a, sin a).
            ops.push(PathOp::Cubic(
                sx + k * s.cos(),
                sy + k * s.sin(),
                ex - k * e.cos(),
                ey - k * e.sin(),
                ex,
                ey,
            ));
        }
    }
}

/// Glyphs of one face, size and colour, each at its own pen position on the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    /// The face the glyph ids are of.
    pub face: FaceId,
    /// Font size in pixels.
    pub size: f32,
    /// The text's colour.
    pub color: Color,
    /// The glyphs, in the order drawn.
    pub glyphs: Vec<PlacedGlyph>,
    /// The text the glyphs draw, cluster by cluster with each cluster's pen position: for live SVG text,
    /// text extraction and tests.
    pub text: Vec<PlacedText>,
}

/// One glyph of a run at its pen position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedGlyph {
    /// The glyph id in the run's face.
    pub id: u16,
    /// Where the glyph's origin goes: the pen position plus the glyph's offset.
    pub x: f32,
    /// The baseline, plus the glyph's vertical offset (y down).
    pub y: f32,
}

/// One cluster of a run's text (a character, or a character with its combining marks) at its pen position.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedText {
    /// The cluster's characters as written.
    pub text: String,
    /// The pen's x at the cluster's start.
    pub x: f32,
    /// The baseline.
    pub y: f32,
    /// Advance width of the cluster.
    pub width: f32,
}

impl GlyphRun {
    /// The run's text as one string, cluster after cluster.
    pub fn string(&self) -> String {
        self.text.iter().map(|t| t.text.as_str()).collect()
    }

    /// Left and right edge of the run's pen positions (ink may overhang slightly).
    pub fn extent(&self) -> (f32, f32) {
        let left = self.text.first().map_or(0.0, |t| t.x);
        let right = self.text.last().map_or(0.0, |t| t.x + t.width);
        (left, right)
    }
}

impl Scene {
    /// Every glyph run, in drawing order.
    pub fn runs(&self) -> impl Iterator<Item = &GlyphRun> {
        self.items.iter().filter_map(|i| match i {
            Item::Glyphs(run) => Some(run),
            _ => None,
        })
    }

    /// The faces the scene's text is set in, in order of first use: exporters name faces by this
    /// order, which is the same from run to run (face ids are not).
    pub fn faces(&self) -> Vec<FaceId> {
        let mut faces = Vec::new();
        for run in self.runs() {
            if !faces.contains(&run.face) {
                faces.push(run.face);
            }
        }
        faces
    }

    /// All text of the scene, run by run, for tests and search.
    pub fn text(&self) -> String {
        self.runs()
            .map(|r| r.string())
            .collect::<Vec<_>>()
            .join("\n")
    }
}
