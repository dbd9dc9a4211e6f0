//! Where the scene goes on the PDF page. A screen page is the scene and nothing else. A print page is
//! the trimmed size exactly as given in mm, with the bleed around it (the background carried past the
//! trim so a slightly-off cut shows no white edge) and, outside the bleed, room for crop marks:
//!
//! ```text
//! MediaBox ┌──────────────────────────┐
//!          │  ┼                    ┼  │  crop marks, `MARK_GAP` past the bleed
//! BleedBox │  ┌────────────────────┐  │
//!  TrimBox │  │ ┌────────────────┐ │  │
//!          │  │ │     scene      │ │  │
//! ```
//!
//! Every length here is in PDF points, y up from the MediaBox's bottom-left corner.

use super::{PdfOptions, PrintPage};

/// Points per mm.
pub const PT_PER_MM: f32 = 72.0 / 25.4;
/// Crop marks: how far past the bleed they start, how long they are, the paper left beyond them.
pub const MARK_GAP_MM: f32 = 1.0;
pub const MARK_LENGTH_MM: f32 = 5.0;
const MARK_MARGIN_MM: f32 = 1.0;
/// A crop mark never starts closer to the trim than this, even without bleed (the knife's tolerance).
const MIN_MARK_OFFSET_MM: f32 = 3.0;
/// Acrobat's largest page side in user units; a longer page is written with a UserUnit instead.
const MAX_PAGE_SIDE: f32 = 14_400.0;

/// An axis-aligned rectangle in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Box2 {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Box2 {
    fn grown(self, by: f32) -> Box2 {
        Box2 {
            x0: self.x0 - by,
            y0: self.y0 - by,
            x1: self.x1 + by,
            y1: self.y1 + by,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageGeometry {
    pub media: Box2,
    pub bleed: Box2,
    pub trim: Box2,
    /// Scene pixels to points.
    pub scale: f32,
    /// Bleed in scene pixels, for carrying edge-touching shapes past the trim.
    pub bleed_px: f32,
    /// Where crop marks start, measured out from the trim edge; `None` without marks.
    pub mark_offset: Option<f32>,
    /// The page's /UserUnit (1 unless the page is longer than Acrobat allows), and the factor every
    /// point is divided by to fit it.
    pub user_unit: f32,
}

impl PageGeometry {
    pub fn new(scene_width: f32, scene_height: f32, options: &PdfOptions) -> PageGeometry {
        let scale = 72.0 / options.dpi;
        let (trim_w, trim_h, bleed, marks) = match options.print {
            None => (scene_width * scale, scene_height * scale, 0.0, None),
            Some(PrintPage {
                width_mm,
                height_mm,
                bleed_mm,
                crop_marks,
            }) => {
                let bleed_mm = bleed_mm.max(0.0);
                (
                    width_mm * PT_PER_MM,
                    height_mm.map_or(scene_height * scale, |h| h * PT_PER_MM),
                    bleed_mm * PT_PER_MM,
                    crop_marks
                        .then(|| (bleed_mm + MARK_GAP_MM).max(MIN_MARK_OFFSET_MM) * PT_PER_MM),
                )
            }
        };
        let margin = match marks {
            Some(offset) => offset + (MARK_LENGTH_MM + MARK_MARGIN_MM) * PT_PER_MM,
            None => bleed,
        };
        let trim = Box2 {
            x0: margin,
            y0: margin,
            x1: margin + trim_w,
            y1: margin + trim_h,
        };
        let media = trim.grown(margin);
        let longest = (media.x1 - media.x0).max(media.y1 - media.y0);
        PageGeometry {
            media,
            bleed: trim.grown(bleed),
            trim,
            scale,
            bleed_px: bleed / scale,
            mark_offset: marks,
            user_unit: (longest / MAX_PAGE_SIDE).ceil().max(1.0),
        }
    }

    /// A scene point (pixels, y down from the top-left of the trim) in page points. The scene is whole
    /// pixels, so it may overshoot a trim given in mm by a fraction of a pixel at the right and bottom,
    /// never at the top-left; the bleed covers the overshoot.
    pub fn point(&self, x: f32, y: f32) -> (f32, f32) {
        (self.trim.x0 + x * self.scale, self.trim.y1 - y * self.scale)
    }

    /// A box in the /UserUnit the page is written in.
    pub fn in_user_units(&self, b: Box2) -> pdf_writer::Rect {
        let u = self.user_unit;
        pdf_writer::Rect::new(b.x0 / u, b.y0 / u, b.x1 / u, b.y1 / u)
    }

    /// The crop marks: at each corner of the trim, a horizontal and a vertical line on the trim's edges
    /// extended, starting `mark_offset` out from the trim so they stay outside the bleed.
    pub fn crop_marks(&self) -> Vec<[(f32, f32); 2]> {
        let Some(offset) = self.mark_offset else {
            return Vec::new();
        };
        let len = MARK_LENGTH_MM * PT_PER_MM;
        let t = self.trim;
        let mut lines = Vec::new();
        for (x, dx) in [(t.x0, -1.0), (t.x1, 1.0)] {
            for (y, dy) in [(t.y0, -1.0), (t.y1, 1.0)] {
                // Horizontal, along the edge y, out from the corner in x.
                lines.push([(x + dx * offset, y), (x + dx * (offset + len), y)]);
                // Vertical, along the edge x, out from the corner in y.
                lines.push([(x, y + dy * offset), (x, y + dy * (offset + len))]);
            }
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a4(bleed_mm: f32, crop_marks: bool) -> PageGeometry {
        let options = PdfOptions {
            dpi: 300.0,
            print: Some(PrintPage {
                width_mm: 210.0,
                height_mm: Some(297.0),
                bleed_mm,
                crop_marks,
            }),
        };
        PageGeometry::new(2480.0, 3508.0, &options)
    }

    #[test]
    fn a4_trim_is_exact_and_the_bleed_surrounds_it() {
        let g = a4(3.0, false);
        assert!((g.trim.x1 - g.trim.x0 - 595.2756).abs() < 1e-3);
        assert!((g.trim.y1 - g.trim.y0 - 841.8898).abs() < 1e-3);
        assert!((g.trim.x0 - g.bleed.x0 - 3.0 * PT_PER_MM).abs() < 1e-3);
        assert_eq!(g.media, g.bleed, "no marks: the paper is the bleed");
        assert_eq!(g.user_unit, 1.0);
    }

    #[test]
    fn crop_marks_sit_outside_the_bleed_and_inside_the_paper() {
        let g = a4(3.0, true);
        let marks = g.crop_marks();
        assert_eq!(marks.len(), 8);
        for [(x0, y0), (x1, y1)] in marks {
            for (x, y) in [(x0, y0), (x1, y1)] {
                let outside_bleed =
                    x < g.bleed.x0 || x > g.bleed.x1 || y < g.bleed.y0 || y > g.bleed.y1;
                assert!(outside_bleed, "({x}, {y}) is outside the bleed");
                assert!(x >= g.media.x0 && x <= g.media.x1 && y >= g.media.y0 && y <= g.media.y1);
            }
        }
    }

    #[test]
    fn a_page_longer_than_acrobat_allows_gets_a_user_unit() {
        let screen = |height: f32| PageGeometry::new(1080.0, height, &PdfOptions::default());
        assert_eq!(screen(19_200.0).user_unit, 1.0, "14 400 pt exactly");
        let long = screen(30_000.0);
        assert_eq!(long.user_unit, 2.0);
        let media = long.in_user_units(long.media);
        assert!(
            (media.y2 - 11_250.0).abs() < 0.01,
            "22 500 pt written as 11 250 units of 2 pt"
        );
    }
}
