//! The scene's shapes and pictures drawn with tiny-skia, as resvg draws the outline SVG's elements:
//! anti-aliased, non-zero fills unless a path asks for even-odd, butt caps and miter joins (limit 4)
//! unless a stroke is round.

use tiny_skia::{
    FillRule, FilterQuality, LineCap, LineJoin, Mask, Paint, Path, PathBuilder, Pattern, Pixmap,
    Rect, Shader, SpreadMode, Stroke, Transform,
};

use crate::model::{Color, ImageSource};
use crate::scene::{Image, Item, PathOp, Scene};

fn paint(color: Color) -> Paint<'static> {
    let mut paint = Paint {
        anti_alias: true,
        ..Paint::default()
    };
    paint.set_color_rgba8(color.r, color.g, color.b, color.a);
    paint
}

/// The page's background, for a page that is not opaque (an opaque one is the band's backdrop).
pub fn page(pixmap: &mut Pixmap, scene: &Scene, transform: Transform) {
    if let Some(rect) = Rect::from_xywh(0.0, 0.0, scene.width, scene.height) {
        pixmap.fill_rect(rect, &paint(scene.background), transform, None);
    }
}

/// A rectangle, circle, rule or path (glyphs and pictures are drawn elsewhere).
pub fn draw(pixmap: &mut Pixmap, item: &Item, transform: Transform) {
    match item {
        Item::Rect {
            x,
            y,
            width,
            height,
            radius,
            fill,
        } => {
            let Some(path) = rect(*x, *y, *width, *height, *radius) else {
                return;
            };
            pixmap.fill_path(&path, &paint(*fill), FillRule::Winding, transform, None);
        }
        Item::Circle { cx, cy, r, fill } => {
            if let Some(path) = PathBuilder::from_circle(*cx, *cy, *r) {
                pixmap.fill_path(&path, &paint(*fill), FillRule::Winding, transform, None);
            }
        }
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            color,
        } => {
            let mut pb = PathBuilder::new();
            pb.move_to(*x1, *y1);
            pb.line_to(*x2, *y2);
            if let Some(path) = pb.finish() {
                let stroke = Stroke {
                    width: *width,
                    ..Stroke::default()
                };
                pixmap.stroke_path(&path, &paint(*color), &stroke, transform, None);
            }
        }
        Item::Path(p) => {
            let Some(path) = outline(&p.ops) else {
                return;
            };
            if let Some(fill) = p.fill {
                let rule = if p.even_odd {
                    FillRule::EvenOdd
                } else {
                    FillRule::Winding
                };
                pixmap.fill_path(&path, &paint(fill), rule, transform, None);
            }
            if let Some(s) = p.stroke {
                let stroke = Stroke {
                    width: s.width,
                    line_cap: if s.round {
                        LineCap::Round
                    } else {
                        LineCap::Butt
                    },
                    line_join: if s.round {
                        LineJoin::Round
                    } else {
                        LineJoin::Miter
                    },
                    miter_limit: 4.0,
                    ..Stroke::default()
                };
                pixmap.stroke_path(&path, &paint(s.color), &stroke, transform, None);
            }
        }
        Item::Glyphs(_) | Item::Image(_) => {}
    }
}

/// A scene path's outline as a tiny-skia path.
fn outline(ops: &[PathOp]) -> Option<Path> {
    let mut pb = PathBuilder::new();
    for op in ops {
        match *op {
            PathOp::Move(x, y) => pb.move_to(x, y),
            PathOp::Line(x, y) => pb.line_to(x, y),
            PathOp::Cubic(x1, y1, x2, y2, x, y) => pb.cubic_to(x1, y1, x2, y2, x, y),
            PathOp::Close => pb.close(),
        }
    }
    pb.finish()
}

/// A rectangle with corners of `radius` (clamped to half its sides, as SVG clamps `rx`), as a path.
fn rect(x: f32, y: f32, width: f32, height: f32, radius: f32) -> Option<Path> {
    let r = radius.min(width / 2.0).min(height / 2.0).max(0.0);
    if r <= 0.0 {
        return Some(PathBuilder::from_rect(Rect::from_xywh(
            x, y, width, height,
        )?));
    }
    // A quarter circle as one cubic: the control points at this fraction of the radius.
    const K: f32 = 0.552_284_8;
    let (right, bottom) = (x + width, y + height);
    let mut pb = PathBuilder::new();
    pb.move_to(x + r, y);
    pb.line_to(right - r, y);
    pb.cubic_to(right - r + K * r, y, right, y + r - K * r, right, y + r);
    pb.line_to(right, bottom - r);
    pb.cubic_to(
        right,
        bottom - r + K * r,
        right - r + K * r,
        bottom,
        right - r,
        bottom,
    );
    pb.line_to(x + r, bottom);
    pb.cubic_to(x + r - K * r, bottom, x, bottom - r + K * r, x, bottom - r);
    pb.line_to(x, y + r);
    pb.cubic_to(x, y + r - K * r, x + r - K * r, y, x + r, y);
    pb.close();
    pb.finish()
}

/// A picture's pixels, premultiplied, as the model decoded them to check them.
pub fn decode(source: &ImageSource) -> Option<Pixmap> {
    let rgba = crate::model::image::decode(&source.bytes)?;
    let (width, height) = rgba.dimensions();
    let mut data = rgba.into_raw();
    for p in data.chunks_exact_mut(4) {
        let a = p[3] as u32;
        if a < 255 {
            for c in &mut p[..3] {
                *c = ((*c as u32 * a + 127) / 255) as u8;
            }
        }
    }
    Pixmap::from_vec(data, tiny_skia::IntSize::from_wh(width, height)?)
}

/// A picture stretched onto its place and clipped to its box (and the box's rounded corners), sampled
/// bicubically as resvg samples an image at its default quality.
pub fn image(pixmap: &mut Pixmap, image: &Image, picture: &Pixmap, transform: Transform) {
    let [px, py, pw, ph] = image.place;
    let placed = Transform::from_row(
        pw / picture.width() as f32,
        0.0,
        0.0,
        ph / picture.height() as f32,
        px,
        py,
    );
    let paint = Paint {
        anti_alias: true,
        shader: Pattern::new(
            picture.as_ref(),
            SpreadMode::Pad,
            FilterQuality::Bicubic,
            1.0,
            placed,
        ),
        ..Paint::default()
    };
    let Shader::Pattern(_) = paint.shader else {
        return;
    };
    // What shows: the place within the box.
    let left = px.max(image.x);
    let top = py.max(image.y);
    let right = (px + pw).min(image.x + image.width);
    let bottom = (py + ph).min(image.y + image.height);
    let Some(shown) = Rect::from_ltrb(left, top, right, bottom) else {
        return;
    };
    if image.radius <= 0.0 {
        pixmap.fill_rect(shown, &paint, transform, None);
        return;
    }
    let Some(corners) = rect(image.x, image.y, image.width, image.height, image.radius) else {
        return;
    };
    let covers = left <= image.x && top <= image.y;
    let covers = covers && right >= image.x + image.width && bottom >= image.y + image.height;
    if covers {
        pixmap.fill_path(&corners, &paint, FillRule::Winding, transform, None);
    } else if let Some(mut mask) = Mask::new(pixmap.width(), pixmap.height()) {
        mask.fill_path(&corners, FillRule::Winding, true, transform);
        pixmap.fill_rect(shown, &paint, transform, Some(&mask));
    }
}
