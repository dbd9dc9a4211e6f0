//! Glyph outlines as moves, lines and quadratic curves, in font units (y up): the SVG writer turns them
//! into path data, the rasteriser into coverage masks. Both walk a contour the same way, so the outline
//! SVG and the direct raster draw the same shape.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use read_fonts::model::glyph::outline::{DrawMemory, UnscaledOutlineSink};
use read_fonts::tables::glyf::PointFlags;
use read_fonts::types::GlyphId;

use super::Font;

/// Outlines kept a face at most: a long-running server setting arbitrary text keeps at most this many
/// (a few MB), and reads any other glyph afresh each time.
const KEPT: usize = 8192;

/// A face's outlines read so far, by glyph; `None` for a glyph without one.
#[derive(Default)]
pub(super) struct Cache(Mutex<HashMap<u16, Option<Arc<[Op]>>>>);

/// One step of an outline, as the walk below gives it.
#[derive(Clone, Copy)]
enum Op {
    Move(f32, f32),
    Line(f32, f32),
    Quad(f32, f32, f32, f32),
    Close,
}

/// Records the walk.
struct Recorder(Vec<Op>);

impl OutlinePen for Recorder {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.push(Op::Move(x, y));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.push(Op::Line(x, y));
    }
    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        self.0.push(Op::Quad(cx, cy, x, y));
    }
    fn close(&mut self) {
        self.0.push(Op::Close);
    }
}

/// What receives a glyph's outline, in font units (y up).
pub trait OutlinePen {
    /// Starts a contour at a point.
    fn move_to(&mut self, x: f32, y: f32);
    /// A straight segment to a point.
    fn line_to(&mut self, x: f32, y: f32);
    /// A quadratic curve through a control point to a point.
    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32);
    /// Closes the contour (its closing segment has already been drawn).
    fn close(&mut self);
}

impl Font {
    /// Draws glyph `id`'s outline into `pen`; false when the face has no outline for it. The outline is
    /// read from the font once and replayed after.
    pub fn draw_outline(&self, id: u16, pen: &mut impl OutlinePen) -> bool {
        let cached = self
            .outlines
            .0
            .lock()
            .expect("no panic while held")
            .get(&id)
            .cloned();
        let ops = match cached {
            Some(ops) => ops,
            None => {
                let mut recorder = Recorder(Vec::new());
                let ops = self
                    .read_outline(id, &mut recorder)
                    .then(|| Arc::from(recorder.0));
                let mut cache = self.outlines.0.lock().expect("no panic while held");
                if cache.len() < KEPT {
                    cache.insert(id, ops.clone());
                }
                ops
            }
        };
        let Some(ops) = ops else {
            return false;
        };
        for op in ops.iter() {
            match *op {
                Op::Move(x, y) => pen.move_to(x, y),
                Op::Line(x, y) => pen.line_to(x, y),
                Op::Quad(cx, cy, x, y) => pen.quad_to(cx, cy, x, y),
                Op::Close => pen.close(),
            }
        }
        true
    }

    /// Reads glyph `id`'s outline from the font into `pen`.
    fn read_outline(&self, id: u16, pen: &mut impl OutlinePen) -> bool {
        let Some(outline) = self.face.outline_glyphs().get(GlyphId::from(id)) else {
            return false;
        };
        let mut walker = ContourWalker {
            pen,
            first_on: None,
            first_off: None,
            last_off: None,
        };
        outline
            .draw_unscaled(DrawMemory::Scratch, &mut walker)
            .is_ok()
    }
}

/// The points of each contour as the `glyf` table stores them, walked the way ttf-parser (yitu's earlier
/// font reader) walked them, so the SVG stays byte-identical: a contour starts at its first on-curve
/// point (or between its first two off-curve points), two off-curve points in a row imply an on-curve
/// point halfway, and the closing segment is drawn before the close.
struct ContourWalker<'a, P> {
    pen: &'a mut P,
    first_on: Option<(f32, f32)>,
    first_off: Option<(f32, f32)>,
    last_off: Option<(f32, f32)>,
}

fn midpoint(a: (f32, f32), b: (f32, f32)) -> (f32, f32) {
    (a.0 + 0.5 * (b.0 - a.0), a.1 + 0.5 * (b.1 - a.1))
}

impl<P: OutlinePen> ContourWalker<'_, P> {
    fn quad_to(&mut self, (cx, cy): (f32, f32), (x, y): (f32, f32)) {
        self.pen.quad_to(cx, cy, x, y);
    }
}

impl<P: OutlinePen> UnscaledOutlineSink for ContourWalker<'_, P> {
    fn start_contour(&mut self) {
        (self.first_on, self.first_off, self.last_off) = (None, None, None);
    }

    fn point(&mut self, x: i32, y: i32, flags: PointFlags) {
        let p = (x as f32, y as f32);
        let on_curve = flags.is_on_curve();
        if self.first_on.is_none() {
            if on_curve {
                self.first_on = Some(p);
                self.pen.move_to(p.0, p.1);
            } else if let Some(off) = self.first_off {
                let mid = midpoint(off, p);
                self.first_on = Some(mid);
                self.last_off = Some(p);
                self.pen.move_to(mid.0, mid.1);
            } else {
                self.first_off = Some(p);
            }
            return;
        }
        match (self.last_off, on_curve) {
            (Some(off), true) => {
                self.last_off = None;
                self.quad_to(off, p);
            }
            (Some(off), false) => {
                self.last_off = Some(p);
                self.quad_to(off, midpoint(off, p));
            }
            (None, true) => self.pen.line_to(p.0, p.1),
            (None, false) => self.last_off = Some(p),
        }
    }

    fn end_contour(&mut self) {
        if let (Some(first_off), Some(last_off)) = (self.first_off, self.last_off) {
            self.last_off = None;
            self.quad_to(last_off, midpoint(last_off, first_off));
        }
        match (self.first_on, self.first_off, self.last_off) {
            (Some(start), Some(off), _) | (Some(start), None, Some(off)) => {
                self.quad_to(off, start)
            }
            (Some(start), None, None) => self.pen.line_to(start.0, start.1),
            (None, ..) => {}
        }
        self.pen.close();
    }
}
