//! The rasteriser every pixel format shares (PNG, JPEG, WebP): the scene drawn straight into pixels with
//! tiny-skia, as the PDF writer draws it straight into a page. Rectangles, circles and rules are fills,
//! chart lines and areas paths, pictures patterns, and glyphs blends of coverage masks made once per
//! glyph, size and sub-pixel position (`glyphs`). The outline SVG is the same picture: a test draws it
//! with resvg and compares every pixel (`tests/raster.rs`).
//!
//! The page is drawn in bands of [`BAND_ROWS`] rows, each band only the items reaching into it, a few
//! bands at a time on rayon's threads, and each band handed on in order while the next are drawn: the
//! PNG encoder takes rows as they come, so memory does not grow with the page's height.

mod glyphs;
mod shapes;

use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use tiny_skia::{Pixmap, Transform};

use super::png::{Backdrop, Raster};
use super::ExportError;
use crate::model::ImageSource;
use crate::scene::{Item, PathOp, Scene};

/// Rows drawn at a time.
pub const BAND_ROWS: u32 = 256;

/// Pixels above which a drawing is refused: the model's limits keep a spec's pages well inside this; it
/// guards the library's other callers.
const MAX_PIXELS: u64 = 400_000_000;

/// A scene ready to draw at `scale` on a backdrop, and the size in pixels that gives.
pub struct Drawing<'a> {
    scene: &'a Scene,
    scale: f32,
    /// Width in pixels at the drawing's scale.
    pub width: u32,
    /// Height in pixels at the drawing's scale.
    pub height: u32,
    backdrop: Backdrop,
    /// One row of the backdrop's pixels (RGBA), for filling a band with it; empty without a backdrop.
    backdrop_row: Vec<u8>,
    /// Each item's top and bottom on the page (its ink, strokes included), for drawing only what
    /// reaches a band.
    extents: Vec<(f32, f32)>,
    /// Each distinct picture, decoded the first time a band shows it.
    pictures: Vec<(Arc<ImageSource>, OnceLock<Option<Pixmap>>)>,
}

impl<'a> Drawing<'a> {
    /// Prepares `scene` for drawing at `scale` on `backdrop`; a picture over 400 million pixels is refused.
    pub fn new(
        scene: &'a Scene,
        scale: f32,
        backdrop: Backdrop,
    ) -> Result<Drawing<'a>, ExportError> {
        let width = (scene.width * scale).round().max(1.0) as u32;
        let height = (scene.height * scale).round().max(1.0) as u32;
        if (width as u64) * (height as u64) > MAX_PIXELS {
            return Err(ExportError::TooLarge { width, height });
        }
        let mut pictures: Vec<(Arc<ImageSource>, OnceLock<Option<Pixmap>>)> = Vec::new();
        for item in &scene.items {
            if let Item::Image(image) = item {
                if !pictures.iter().any(|(s, _)| Arc::ptr_eq(s, &image.source)) {
                    pictures.push((image.source.clone(), OnceLock::new()));
                }
            }
        }
        Ok(Drawing {
            scene,
            scale,
            width,
            height,
            backdrop,
            backdrop_row: backdrop
                .map_or_else(Vec::new, |[r, g, b]| [r, g, b, 255].repeat(width as usize)),
            extents: scene.items.iter().map(extent).collect(),
            pictures,
        })
    }

    /// Whether the picture is drawn on an opaque backdrop, so its pixels are RGB.
    pub fn opaque(&self) -> bool {
        self.backdrop.is_some()
    }

    /// Draws the picture band by band, top to bottom, handing each band's rows (RGB when opaque, else
    /// straight RGBA) to `sink` in order. While one group of bands goes to the sink, the next is drawn.
    pub fn bands(
        &self,
        mut sink: impl FnMut(&[u8]) -> Result<(), ExportError> + Send,
    ) -> Result<(), ExportError> {
        let tops: Vec<u32> = (0..self.height).step_by(BAND_ROWS as usize).collect();
        let at_once = rayon::current_num_threads().max(1);
        let draw = |group: &[u32]| -> Result<Vec<Vec<u8>>, ExportError> {
            (group.par_iter())
                .map(|&top| self.band(top, BAND_ROWS.min(self.height - top)))
                .collect()
        };
        let mut drawn: Vec<Vec<u8>> = Vec::new();
        for group in tops.chunks(at_once) {
            let sink = &mut sink;
            let (next, sunk) = rayon::join(
                || draw(group),
                || {
                    drawn
                        .drain(..)
                        .try_for_each(|band| sink(&band).map(|_| spare(band)))
                },
            );
            sunk?;
            drawn = next?;
        }
        let last = drawn
            .drain(..)
            .try_for_each(|band| sink(&band).map(|_| spare(band)));
        last
    }

    /// The whole picture in one buffer, for the encoders that take a whole image (JPEG, WebP).
    pub fn raster(&self) -> Result<Raster, ExportError> {
        let channels = if self.opaque() { 3 } else { 4 };
        let mut pixels = Vec::with_capacity(self.width as usize * self.height as usize * channels);
        self.bands(|rows| {
            pixels.extend_from_slice(rows);
            Ok(())
        })?;
        Ok(Raster {
            width: self.width,
            height: self.height,
            opaque: self.opaque(),
            pixels,
        })
    }

    /// Rows `top` to `top + rows`: every item reaching into them drawn in order, then RGB (on an opaque
    /// backdrop, where premultiplied equals straight) or straight RGBA.
    fn band(&self, top: u32, rows: u32) -> Result<Vec<u8>, ExportError> {
        let too_large = || ExportError::TooLarge {
            width: self.width,
            height: rows,
        };
        let s = self.scale;
        let transform = Transform::from_row(s, 0.0, 0.0, s, 0.0, -(top as f32));
        let mut pixmap = match self.backdrop {
            // Made filled with the backdrop, a row copied at a time, rather than zeroed and then filled
            // pixel by pixel (a fifth of a card's drawing, so).
            Some(_) => {
                let size = tiny_skia::IntSize::from_wh(self.width, rows).ok_or_else(too_large)?;
                let mut pixels = buffer();
                pixels.clear();
                pixels.reserve(self.backdrop_row.len() * rows as usize);
                for _ in 0..rows {
                    pixels.extend_from_slice(&self.backdrop_row);
                }
                Pixmap::from_vec(pixels, size).ok_or_else(too_large)?
            }
            None => {
                let mut pixmap = Pixmap::new(self.width, rows).ok_or_else(too_large)?;
                shapes::page(&mut pixmap, self.scene, transform);
                pixmap
            }
        };
        // In page units, a pixel's margin for anti-aliasing.
        let margin = 1.0 / s;
        let (above, below) = (top as f32 / s - margin, (top + rows) as f32 / s + margin);
        for (item, &(item_top, item_bottom)) in self.scene.items.iter().zip(&self.extents) {
            if item_bottom < above || item_top > below {
                continue;
            }
            match item {
                Item::Glyphs(run) => {
                    let size = run.size * s;
                    let width = self.width as usize;
                    for g in &run.glyphs {
                        glyphs::GlyphCache::shared().draw(
                            pixmap.data_mut(),
                            width,
                            run.face,
                            g.id,
                            size,
                            g.x * s,
                            g.y * s - top as f32,
                            run.color,
                        );
                    }
                }
                Item::Image(image) => {
                    if let Some(picture) = self.picture(&image.source) {
                        shapes::image(&mut pixmap, image, picture, transform);
                    }
                }
                other => shapes::draw(&mut pixmap, other, transform),
            }
        }
        Ok(if self.opaque() {
            let rgb = rgb_of(pixmap.data());
            spare(pixmap.take());
            rgb
        } else {
            (pixmap.pixels().iter())
                .flat_map(|p| {
                    let c = p.demultiply();
                    [c.red(), c.green(), c.blue(), c.alpha()]
                })
                .collect()
        })
    }

    /// A picture's pixels, decoded once (premultiplied); `None` if they cannot be decoded, which the
    /// model's check of the file rules out.
    fn picture(&self, source: &Arc<ImageSource>) -> Option<&Pixmap> {
        let (_, cell) = self.pictures.iter().find(|(s, _)| Arc::ptr_eq(s, source))?;
        cell.get_or_init(|| shapes::decode(source)).as_ref()
    }
}

/// Band buffers given back after use, for the next band: a band's megabyte, freshly allocated, is fresh
/// pages from the kernel, zeroed and faulted in one by one — in a batch of cards a large share of the
/// process's time before buffers were reused.
static SPARE: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());

/// A buffer for a band: a spare one if there is one.
fn buffer() -> Vec<u8> {
    (SPARE.lock().expect("no panic while held").pop()).unwrap_or_default()
}

/// Gives a band's buffer back (a few are kept).
fn spare(buffer: Vec<u8>) {
    let mut spare = SPARE.lock().expect("no panic while held");
    if spare.len() < 8 {
        spare.push(buffer);
    }
}

/// Opaque RGBA pixels as RGB, four pixels at a time (fixed-size copies the compiler unrolls).
fn rgb_of(rgba: &[u8]) -> Vec<u8> {
    let mut rgb = buffer();
    rgb.clear();
    rgb.resize(rgba.len() / 4 * 3, 0);
    let mut out = rgb.chunks_exact_mut(12);
    let mut pixels = rgba.chunks_exact(16);
    for (o, p) in (&mut out).zip(&mut pixels) {
        o[0..3].copy_from_slice(&p[0..3]);
        o[3..6].copy_from_slice(&p[4..7]);
        o[6..9].copy_from_slice(&p[8..11]);
        o[9..12].copy_from_slice(&p[12..15]);
    }
    for (o, p) in (out.into_remainder().chunks_exact_mut(3)).zip(pixels.remainder().chunks_exact(4))
    {
        o.copy_from_slice(&p[..3]);
    }
    rgb
}

/// An item's top and bottom on the page, generously: what it may ink, strokes and glyph overhangs
/// included.
fn extent(item: &Item) -> (f32, f32) {
    match item {
        Item::Rect { y, height, .. } => (*y, y + height),
        Item::Circle { cy, r, .. } => (cy - r, cy + r),
        Item::Line { y1, y2, width, .. } => (y1.min(*y2) - width, y1.max(*y2) + width),
        Item::Path(path) => {
            let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
            for op in &path.ops {
                let ys: &[f32] = match op {
                    PathOp::Move(_, y) | PathOp::Line(_, y) => &[*y],
                    PathOp::Cubic(_, y1, _, y2, _, y) => &[*y1, *y2, *y],
                    PathOp::Close => &[],
                };
                for &y in ys {
                    (lo, hi) = (lo.min(y), hi.max(y));
                }
            }
            // A miter reaches at most its limit (4) times half the stroke's width past the outline.
            let pad = path.stroke.map_or(0.0, |s| 2.0 * s.width);
            (lo - pad, hi + pad)
        }
        Item::Glyphs(run) => {
            let (mut lo, mut hi) = (f32::INFINITY, f32::NEG_INFINITY);
            for g in &run.glyphs {
                (lo, hi) = (lo.min(g.y), hi.max(g.y));
            }
            // Ink stays within an em or so of the baseline; two ems above and one below is generous.
            (lo - 2.0 * run.size, hi + run.size)
        }
        Item::Image(image) => {
            let [_, py, _, ph] = image.place;
            (image.y.min(py), (image.y + image.height).max(py + ph))
        }
    }
}
