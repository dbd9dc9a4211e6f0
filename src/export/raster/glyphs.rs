//! Glyphs drawn from a coverage cache: a poster repeats a few hundred glyphs thousands of times, so each
//! glyph is filled once per size and sub-pixel position into a coverage mask (tiny-skia's anti-aliased
//! path filler, the same one resvg fills the outline SVG's glyphs with), and then every occurrence is
//! only a blend of that mask onto the band.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tiny_skia::{FillRule, Mask, Path, PathBuilder, Transform};

use crate::model::Color;
use crate::text::fonts::{FaceId, OutlinePen};

/// Positions are rounded to a quarter of a pixel in each direction: at most an eighth of a pixel off,
/// which anti-aliasing cannot show, for at most 16 masks of a glyph at a size.
const STEPS: f32 = 4.0;

/// Coverage masks kept at most, in bytes: a page of many sizes and glyphs draws the rest without keeping
/// them, so memory stays bounded whatever the page holds.
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

/// The masks of one drawing, shared by the threads drawing its bands.
#[derive(Default)]
pub struct GlyphCache {
    outlines: Mutex<HashMap<(FaceId, u16), Outline>>,
    masks: Mutex<Masks>,
}

/// A glyph's outline in font units; `None` for a glyph without one.
type Outline = Option<Arc<Path>>;

/// The masks made so far (`None`: the glyph covers no pixel there), and their bytes.
#[derive(Default)]
struct Masks {
    made: HashMap<Key, Option<Arc<Coverage>>>,
    bytes: usize,
}

impl GlyphCache {
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
                    .and_then(|p| rasterise(&p, face, size, dx, dy).map(Arc::new));
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
        let mut pen = Pen(PathBuilder::new());
        let path = face
            .font()
            .draw_outline(glyph, &mut pen)
            .then(|| pen.0.finish())
            .flatten()
            .map(Arc::new);
        (self.outlines.lock().expect("no panic while held")).insert((face, glyph), path.clone());
        path
    }
}

/// A device coordinate as a whole pixel and a sub-pixel step (0–3).
fn split(v: f32) -> (i32, u8) {
    let steps = (v * STEPS).round();
    let whole = (steps / STEPS).floor();
    (whole as i32, (steps - whole * STEPS) as u8)
}

/// Fills the outline at `size` pixels with its origin at (`dx`, `dy`) quarters into a mask just large
/// enough; `None` for a glyph that covers no pixel.
fn rasterise(path: &Path, face: FaceId, size: f32, dx: u8, dy: u8) -> Option<Coverage> {
    let font = face.font();
    let s = size / font.units_per_em;
    let (ox, oy) = (dx as f32 / STEPS, dy as f32 / STEPS);
    // The outline's bounds (the `glyf` header's box may be stale in a font; the path's own is not).
    let b = path.bounds();
    let left = (b.left() * s + ox).floor() as i32 - 1;
    let top = (-b.bottom() * s + oy).floor() as i32 - 1;
    let right = (b.right() * s + ox).ceil() as i32 + 1;
    let bottom = (-b.top() * s + oy).ceil() as i32 + 1;
    let (width, height) = ((right - left) as u32, (bottom - top) as u32);
    let mut mask = Mask::new(width, height)?;
    let transform = Transform::from_row(s, 0.0, 0.0, -s, ox - left as f32, oy - top as f32);
    mask.fill_path(path, FillRule::Winding, true, transform);
    Some(Coverage {
        left,
        top,
        width: width as usize,
        height: height as usize,
        alpha: mask.data().to_vec(),
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
    for row in y0..y1 {
        let mask_row = (row - y) as usize * coverage.width;
        let line = row as usize * width * 4;
        for col in x0..x1 {
            let c = coverage.alpha[mask_row + (col - x) as usize] as u32;
            if c == 0 {
                continue;
            }
            let alpha = div255(a * c);
            let p = &mut pixels[line + col as usize * 4..][..4];
            if alpha == 255 {
                p.copy_from_slice(&[r as u8, g as u8, b as u8, 255]);
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

/// A glyph outline into a tiny-skia path, in font units.
struct Pen(PathBuilder);

impl OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        self.0.quad_to(cx, cy, x, y);
    }
    fn close(&mut self) {
        self.0.close();
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
