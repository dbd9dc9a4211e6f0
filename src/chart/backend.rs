//! A plotters `DrawingBackend` that records scene items instead of pixels, so a chart's axes, gridlines and
//! series are drawn by plotters but land in the same scene as the rest of the poster — the same glyph
//! outlines, the same colours, in every format.
//!
//! plotters works in integer coordinates; the backend runs on a grid `UNITS` times finer than the pixel, so
//! positions are exact to an eighth of a pixel and nothing looks jagged at print resolution. Text is shaped
//! with yitu's own font book (plotters' own measurement is ~15 % off for CJK fonts) and comes out as glyph
//! runs.

use std::cell::RefCell;

use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::FontStyle;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

use crate::model::Color;
use crate::scene::{Item, Path, PathOp, Stroke};
use crate::text::coverage::strip_uncovered;
use crate::text::fonts::{FontBook, Role, Weight};
use crate::text::punctuation::normalize;
use crate::text::set::line_runs;
use crate::text::shape::{shape, Shaped, Span};

/// Backend units per page pixel.
pub const UNITS: f32 = 8.0;

/// Converts pixels to backend units.
pub fn units(px: f32) -> i32 {
    (px * UNITS).round() as i32
}

/// What the backend drew, shared with the caller (plotters keeps the backend itself).
#[derive(Default)]
pub struct Recording {
    /// The scene items drawn, in page pixels.
    pub items: Vec<Item>,
}

/// A plotters `DrawingBackend` drawing into yitu's scene: coordinates on a grid [`UNITS`] times finer than the pixel, text shaped with the poster's fonts.
pub struct SceneBackend<'a> {
    book: &'a FontBook,
    /// Size in backend units.
    size: (u32, u32),
    /// Page position of the backend's (0, 0), pixels.
    origin: (f32, f32),
    out: &'a RefCell<Recording>,
}

/// The scene backend cannot fail; plotters still wants an error type.
#[derive(Debug)]
pub struct Never;

impl std::fmt::Display for Never {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the scene backend does not fail")
    }
}

impl std::error::Error for Never {}

type Result = std::result::Result<(), DrawingErrorKind<Never>>;

impl<'a> SceneBackend<'a> {
    /// A backend covering `width` × `height` pixels whose top-left corner is at `origin` on the page.
    pub fn new(
        book: &'a FontBook,
        origin: (f32, f32),
        width: f32,
        height: f32,
        out: &'a RefCell<Recording>,
    ) -> Self {
        SceneBackend {
            book,
            size: (units(width).max(1) as u32, units(height).max(1) as u32),
            origin,
            out,
        }
    }

    fn point(&self, p: BackendCoord) -> (f32, f32) {
        (
            self.origin.0 + p.0 as f32 / UNITS,
            self.origin.1 + p.1 as f32 / UNITS,
        )
    }

    fn push(&self, item: Item) {
        self.out.borrow_mut().items.push(item);
    }

    fn polyline(&self, points: impl IntoIterator<Item = BackendCoord>) -> Vec<PathOp> {
        points
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                let (x, y) = self.point(p);
                if i == 0 {
                    PathOp::Move(x, y)
                } else {
                    PathOp::Line(x, y)
                }
            })
            .collect()
    }

    /// Shapes `text` for a plotters text style, whose size is in backend units.
    fn shaped(&self, text: &str, style: &impl BackendTextStyle) -> Shaped {
        let weight = if matches!(style.style(), FontStyle::Bold) {
            Weight::Bold
        } else {
            Weight::Regular
        };
        let size = style.size() as f32 / UNITS;
        let normalized = normalize(text);
        // Tick labels are numbers yitu formats itself; any uncovered character is simply left out.
        let (kept, _) = strip_uncovered(self.book, &normalized);
        shape(
            self.book,
            &[Span::new(kept, weight, size, color(style.color())).as_role(Role::Labels)],
        )
    }
}

/// plotters carries colours as sRGB only: gives each recorded colour back the CMYK inks of the chart
/// colour it was made from (`known`: the theme's and the chart's colours), so a chart in a CMYK theme
/// prints with the inks the theme gave.
pub fn restore_inks(items: &mut [Item], known: &[Color]) {
    let restore = |c: &mut Color| {
        if c.cmyk.is_none() {
            if let Some(k) = known
                .iter()
                .find(|k| k.cmyk.is_some() && (k.r, k.g, k.b) == (c.r, c.g, c.b))
            {
                c.cmyk = k.cmyk;
            }
        }
    };
    for item in items {
        match item {
            Item::Rect { fill, .. } | Item::Circle { fill, .. } => restore(fill),
            Item::Line { color, .. } => restore(color),
            Item::Glyphs(run) => restore(&mut run.color),
            Item::Image(_) => {}
            Item::Path(path) => {
                if let Some(fill) = &mut path.fill {
                    restore(fill);
                }
                if let Some(stroke) = &mut path.stroke {
                    restore(&mut stroke.color);
                }
            }
        }
    }
}

/// plotters colour → ours.
pub fn color(c: BackendColor) -> Color {
    Color {
        r: c.rgb.0,
        g: c.rgb.1,
        b: c.rgb.2,
        a: (c.alpha.clamp(0.0, 1.0) * 255.0).round() as u8,
        cmyk: None,
    }
}

fn stroke(style: &impl BackendStyle) -> Stroke {
    Stroke {
        color: color(style.color()),
        width: style.stroke_width() as f32 / UNITS,
        round: true,
    }
}

impl DrawingBackend for SceneBackend<'_> {
    type ErrorType = Never;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result {
        Ok(())
    }

    fn present(&mut self) -> Result {
        Ok(())
    }

    fn draw_pixel(&mut self, p: BackendCoord, c: BackendColor) -> Result {
        let (x, y) = self.point(p);
        let s = 1.0 / UNITS;
        self.push(Item::Rect {
            x,
            y,
            width: s,
            height: s,
            radius: 0.0,
            fill: color(c),
        });
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let ((x1, y1), (x2, y2)) = (self.point(from), self.point(to));
        let s = stroke(style);
        self.push(Item::Line {
            x1,
            y1,
            x2,
            y2,
            width: s.width,
            color: s.color,
        });
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let ((x1, y1), (x2, y2)) = (self.point(a), self.point(b));
        let (x, y, w, h) = (x1.min(x2), y1.min(y2), (x2 - x1).abs(), (y2 - y1).abs());
        if fill {
            self.push(Item::Rect {
                x,
                y,
                width: w,
                height: h,
                radius: 0.0,
                fill: color(style.color()),
            });
        } else {
            let ops = vec![
                PathOp::Move(x, y),
                PathOp::Line(x + w, y),
                PathOp::Line(x + w, y + h),
                PathOp::Line(x, y + h),
                PathOp::Close,
            ];
            self.push(Item::Path(Path {
                ops,
                fill: None,
                stroke: Some(stroke(style)),
                even_odd: false,
            }));
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let ops = self.polyline(path);
        self.push(Item::Path(Path {
            ops,
            fill: None,
            stroke: Some(stroke(style)),
            even_odd: false,
        }));
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result {
        let (cx, cy) = self.point(center);
        let r = radius as f32 / UNITS;
        if fill {
            self.push(Item::Circle {
                cx,
                cy,
                r,
                fill: color(style.color()),
            });
        } else {
            let mut ops = Vec::new();
            Path::arc_ops(&mut ops, cx, cy, r, 0.0, std::f32::consts::TAU, false);
            ops.push(PathOp::Close);
            self.push(Item::Path(Path {
                ops,
                fill: None,
                stroke: Some(stroke(style)),
                even_odd: false,
            }));
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result {
        let mut ops = self.polyline(vert);
        ops.push(PathOp::Close);
        self.push(Item::Path(Path {
            ops,
            fill: Some(color(style.color())),
            stroke: None,
            even_odd: false,
        }));
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result {
        let shaped = self.shaped(text, style);
        let Some(first) = shaped.clusters.first() else {
            return Ok(());
        };
        let font = self.book.primary(first.style.role, first.style.weight);
        let size = first.style.size;
        let width: f32 = shaped.clusters.iter().map(|c| c.advance).sum();
        let (x, y) = self.point(pos);
        let left = match style.anchor().h_pos {
            HPos::Left => x,
            HPos::Center => x - width / 2.0,
            HPos::Right => x - width,
        };
        // Anchored against the font's ascender–descender box.
        let baseline = match style.anchor().v_pos {
            VPos::Top => y + font.ascender * size,
            VPos::Center => y + (font.ascender + font.descender) / 2.0 * size,
            VPos::Bottom => y + font.descender * size,
        };
        let mut xs = Vec::with_capacity(shaped.clusters.len());
        let mut pen = 0.0;
        for c in &shaped.clusters {
            xs.push(pen);
            pen += c.advance;
        }
        for run in line_runs(&shaped.clusters, &xs, left, baseline) {
            self.push(Item::Glyphs(run));
        }
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> std::result::Result<(u32, u32), DrawingErrorKind<Never>> {
        let shaped = self.shaped(text, style);
        let width: f32 = shaped.clusters.iter().map(|c| c.advance).sum();
        let size = style.size() as f32 / UNITS;
        let font = self.book.font(Weight::Regular);
        let height = (font.ascender - font.descender) * size;
        Ok((units(width).max(0) as u32, units(height).max(0) as u32))
    }
}
