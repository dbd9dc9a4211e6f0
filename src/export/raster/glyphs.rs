//! Glyphs drawn from a coverage cache: each glyph is filled once per size and quarter-pixel position into
//! a coverage mask, and every occurrence is then a blend of that mask onto the band. The seed poster's
//! 4 400 glyphs need about 3 000 masks, so making a mask must be cheap too: the coverage is the exact area
//! of each pixel inside the outline, accumulated from signed edge areas (ab_glyph_rasterizer, the font-rs
//! method), about ten times quicker than a general supersampling path filler at these sizes. resvg fills
//! the outline SVG's glyphs with tiny-skia's 4 × 4 supersampling instead; the two differ by at most a
//! sixteenth of coverage on an edge (`tests/raster.rs`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use ab_glyph_rasterizer::{point, Rasterizer};

use crate::model::Color;
use crate::text::fonts::{FaceId, OutlinePen};

/// Positions are rounded to a quarter of a pixel in each direction: at most an eighth of a pixel off,
/// which anti-aliasing cannot show, for at most 16 masks of a glyph at a size.
const STEPS: f32 = 4.0;

/// Glyphs larger than this, in device pixels, are filled straight onto the band, clipped to it, instead:
/// a headline's figure at 300 dpi may be thousands of pixels, whose mask would be tens of megabytes for
/// one occurrence.
const LARGE: f32 = 400.0;

/// Coverage masks kept at most, in bytes: past it, glyphs are drawn without keeping their masks, so
/// memory stays bounded whatever a page, a batch or a long-running server draws.
const BUDGET: usize = 48 << 20;

/// One glyph at one size and sub-pixel offset: its coverage, and where its top-left pixel lies from the
/// whole pixel the glyph's origin was rounded down to.
pub struct Coverage {
    left: i32,
    top: i32,
    width: usize,
    height: usize,
    alpha: Vec<u8>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    face: FaceId,
    glyph: u16,
    /// The size in device pixels, as its bits (sizes are exact copies of the scene's values).
    size: u32,
    /// Sub-pixel offset of the origin, in quarters.
    dx: u8,
    dy: u8,
}

/// The masks made so far in this process, shared by every drawing and the threads drawing its bands: the
/// cards of a batch or a server repeat one template's glyphs at its sizes, so after the first card
/// nearly every glyph is a blend. Masks depend only on their key, so which drawing made one does not
/// change a pixel.
#[derive(Default)]
pub struct GlyphCache {
    outlines: Mutex<HashMap<(FaceId, u16), Outline>>,
    masks: Mutex<Masks>,
}

/// A glyph's outline in font units; `None` for a glyph without one.
type Outline = Option<Arc<Segments>>;

/// The masks made so far (`None`: the glyph covers no pixel there), and their bytes.
#[derive(Default)]
struct Masks {
    made: HashMap<Key, Option<Arc<Coverage>>>,
    bytes: usize,
}

impl GlyphCache {
    /// The process's cache.
    pub fn shared() -> &'static GlyphCache {
        static CACHE: OnceLock<GlyphCache> = OnceLock::new();
        CACHE.get_or_init(GlyphCache::default)
    }

    /// Blends glyph `glyph` of `face` at `size` device pixels, its origin at device (`x`, `y`) of the
    /// band, in `color`, onto the band's premultiplied RGBA pixels.
    #[allow(clippy::too_many_arguments)]
    pub fn draw(
        &self,
        band: &mut [u8],
        band_width: usize,
        face: FaceId,
        glyph: u16,
        size: f32,
        x: f32,
        y: f32,
        color: Color,
    ) {
        if size > LARGE {
            if let Some(outline) = self.outline(face, glyph) {
                fill_directly(band, band_width, &outline, face, size, x, y, color);
            }
            return;
        }
        let (ix, dx) = split(x);
        let (iy, dy) = split(y);
        let key = Key {
            face,
            glyph,
            size: size.to_bits(),
            dx,
            dy,
        };
        let cached = (self.masks.lock().expect("no panic while held").made)
            .get(&key)
            .cloned();
        let coverage = match cached {
            Some(c) => c,
            None => {
                let made = (self.outline(face, glyph))
                    .and_then(|o| rasterise(&o, face, size, dx, dy).map(Arc::new));
                let mut masks = self.masks.lock().expect("no panic while held");
                let bytes = made.as_ref().map_or(0, |c| c.alpha.len());
                if masks.bytes + bytes <= BUDGET {
                    masks.bytes += bytes;
                    masks.made.insert(key, made.clone());
                }
                made
            }
        };
        if let Some(c) = coverage {
            blend(band, band_width, &c, ix + c.left, iy + c.top, color);
        }
    }

    /// The glyph's outline in font units, read once.
    fn outline(&self, face: FaceId, glyph: u16) -> Outline {
        if let Some(p) = self
            .outlines
            .lock()
            .expect("no panic while held")
            .get(&(face, glyph))
        {
            return p.clone();
        }
        let mut segments = Segments::default();
        let drawn = face.font().draw_outline(glyph, &mut segments);
        let outline = (drawn && !segments.list.is_empty()).then(|| Arc::new(segments));
        let mut outlines = self.outlines.lock().expect("no panic while held");
        // Bounded like the masks: a server setting arbitrary text keeps at most this many.
        if outlines.len() < 16_384 {
            outlines.insert((face, glyph), outline.clone());
        }
        outline
    }
}

/// Fills a large glyph with tiny-skia straight onto the band's premultiplied RGBA pixels, its origin at
/// (`x`, `y`), as resvg fills the outline SVG's glyphs: only the band's rows are touched.
#[allow(clippy::too_many_arguments)]
fn fill_directly(
    band: &mut [u8],
    width: usize,
    outline: &Segments,
    face: FaceId,
    size: f32,
    x: f32,
    y: f32,
    color: Color,
) {
    let height = band.len() / 4 / width.max(1);
    let Some(mut pixmap) = tiny_skia::PixmapMut::from_bytes(band, width as u32, height as u32)
    else {
        return;
    };
    // The segments run on from one another within a contour; a new contour starts where one does not.
    let mut pb = tiny_skia::PathBuilder::new();
    let mut at = None;
    for segment in &outline.list {
        let (start, end) = match *segment {
            Segment::Line(a, b) | Segment::Quad(a, _, b) => (a, b),
        };
        if at != Some(start) {
            pb.move_to(start.0, start.1);
        }
        match *segment {
            Segment::Line(_, b) => pb.line_to(b.0, b.1),
            Segment::Quad(_, c, b) => pb.quad_to(c.0, c.1, b.0, b.1),
        }
        at = Some(end);
    }
    let Some(path) = pb.finish() else {
        return;
    };
    let s = size / face.font().units_per_em;
    let mut paint = tiny_skia::Paint {
        anti_alias: true,
        ..tiny_skia::Paint::default()
    };
    paint.set_color_rgba8(color.r, color.g, color.b, color.a);
    let transform = tiny_skia::Transform::from_row(s, 0.0, 0.0, -s, x, y);
    pixmap.fill_path(&path, &paint, tiny_skia::FillRule::Winding, transform, None);
}

/// A device coordinate as a whole pixel and a sub-pixel step (0–3).
fn split(v: f32) -> (i32, u8) {
    let steps = (v * STEPS).round();
    let whole = (steps / STEPS).floor();
    (whole as i32, (steps - whole * STEPS) as u8)
}

/// Fills the outline at `size` pixels with its origin at (`dx`, `dy`) quarters into a mask just large
/// enough; `None` for a glyph that covers no pixel.
fn rasterise(outline: &Segments, face: FaceId, size: f32, dx: u8, dy: u8) -> Option<Coverage> {
    let s = size / face.font().units_per_em;
    let (ox, oy) = (dx as f32 / STEPS, dy as f32 / STEPS);
    let [x_min, y_min, x_max, y_max] = outline.bounds?;
    // Font units are y up; device pixels y down. One spare pixel each side.
    let left = (x_min * s + ox).floor() as i32 - 1;
    let top = (-y_max * s + oy).floor() as i32 - 1;
    let right = (x_max * s + ox).ceil() as i32 + 1;
    let bottom = (-y_min * s + oy).ceil() as i32 + 1;
    let (width, height) = ((right - left) as usize, (bottom - top) as usize);
    if width == 0 || height == 0 || width * height > 1 << 24 {
        return None;
    }
    let at = |(x, y): (f32, f32)| point(x * s + ox - left as f32, -y * s + oy - top as f32);
    let mut rasterizer = Rasterizer::new(width, height);
    for segment in &outline.list {
        match *segment {
            Segment::Line(a, b) => rasterizer.draw_line(at(a), at(b)),
            Segment::Quad(a, c, b) => rasterizer.draw_quad(at(a), at(c), at(b)),
        }
    }
    let mut alpha = vec![0u8; width * height];
    rasterizer.for_each_pixel(|i, a| alpha[i] = (a.min(1.0) * 255.0).round() as u8);
    Some(Coverage {
        left,
        top,
        width,
        height,
        alpha,
    })
}

/// Source-over of `color` through `coverage`, placed with its top-left pixel at (`x`, `y`), onto
/// premultiplied RGBA pixels `width` wide; what falls outside them is left out.
fn blend(pixels: &mut [u8], width: usize, coverage: &Coverage, x: i32, y: i32, color: Color) {
    let height = pixels.len() / 4 / width.max(1);
    let (x0, x1) = (x.max(0), (x + coverage.width as i32).min(width as i32));
    let (y0, y1) = (y.max(0), (y + coverage.height as i32).min(height as i32));
    if x0 >= x1 || y0 >= y1 {
        return;
    }
    let (r, g, b, a) = (
        color.r as u32,
        color.g as u32,
        color.b as u32,
        color.a as u32,
    );
    let solid = [color.r, color.g, color.b, 255];
    let (from, to) = ((x0 - x) as usize, (x1 - x) as usize);
    for row in y0..y1 {
        let mask_row = (row - y) as usize * coverage.width;
        let mask = &coverage.alpha[mask_row + from..mask_row + to];
        let line = row as usize * width * 4;
        let dst = &mut pixels[line + x0 as usize * 4..line + x1 as usize * 4];
        for (&c, p) in mask.iter().zip(dst.chunks_exact_mut(4)) {
            if c == 0 {
                continue;
            }
            let alpha = div255(a * c as u32);
            if alpha == 255 {
                p.copy_from_slice(&solid);
                continue;
            }
            let keep = 255 - alpha;
            p[0] = (div255(r * alpha) + div255(p[0] as u32 * keep)) as u8;
            p[1] = (div255(g * alpha) + div255(p[1] as u32 * keep)) as u8;
            p[2] = (div255(b * alpha) + div255(p[2] as u32 * keep)) as u8;
            p[3] = (alpha + div255(p[3] as u32 * keep)) as u8;
        }
    }
}

/// `v / 255`, rounded, for `v` up to 255 × 255.
fn div255(v: u32) -> u32 {
    (v + 128 + ((v + 128) >> 8)) >> 8
}

/// A glyph's outline as straight and quadratic segments in font units, every contour closed, and the
/// bounds of their points (which hold the curves).
#[derive(Default)]
struct Segments {
    list: Vec<Segment>,
    /// Left, bottom, right, top; `None` before the first point.
    bounds: Option<[f32; 4]>,
    start: (f32, f32),
    at: (f32, f32),
}

#[derive(Clone, Copy)]
enum Segment {
    Line((f32, f32), (f32, f32)),
    Quad((f32, f32), (f32, f32), (f32, f32)),
}

impl Segments {
    fn include(&mut self, (x, y): (f32, f32)) {
        let b = self.bounds.get_or_insert([x, y, x, y]);
        *b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
    }
}

impl OutlinePen for Segments {
    fn move_to(&mut self, x: f32, y: f32) {
        self.close();
        self.include((x, y));
        (self.start, self.at) = ((x, y), (x, y));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.include((x, y));
        self.list.push(Segment::Line(self.at, (x, y)));
        self.at = (x, y);
    }
    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        self.include((cx, cy));
        self.include((x, y));
        self.list.push(Segment::Quad(self.at, (cx, cy), (x, y)));
        self.at = (x, y);
    }
    fn close(&mut self) {
        // Coverage accumulates signed areas: an open contour would leak into the rest of its rows.
        if self.at != self.start {
            self.list.push(Segment::Line(self.at, self.start));
            self.at = self.start;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{div255, split};

    #[test]
    fn positions_round_to_quarters() {
        assert_eq!(split(10.0), (10, 0));
        assert_eq!(split(10.3), (10, 1));
        assert_eq!(split(10.9), (11, 0));
        assert_eq!(split(-0.3), (-1, 3));
    }

    #[test]
    fn division_by_255_rounds() {
        for v in [0u32, 127, 128, 255, 256, 65025, 32512, 1000] {
            assert_eq!(div255(v), (v as f64 / 255.0).round() as u32, "{v}");
        }
    }
}
