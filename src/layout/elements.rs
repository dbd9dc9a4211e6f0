//! Pictures and codes in the flow: image blocks (a raster picture as one scene image, an SVG as its
//! shapes), QR code blocks (vector squares) and the page's logo. Sizes given in the spec are pixels of
//! the design, scaled with the page (`Page::design_scale`) like its type.

use super::Ctx;
use crate::diagnostics::Warning;
use crate::model::{HAlign, Image, ImageFit, ImageFormat, ImageSource, Logo, Qr};
use crate::scene::{self, Item, Path, PathOp};
use crate::text::fonts::Weight;
use crate::text::line::Align;
use crate::text::set::TextBox;
use crate::text::shape::Span;

/// Draws `source` whole at `place` (x, y, width, height), clipped to `clip` with `radius` for a raster
/// picture; an SVG's shapes scaled onto `place`.
pub(crate) fn draw_source(
    ctx: &mut Ctx,
    source: &std::sync::Arc<ImageSource>,
    place: [f32; 4],
    clip: [f32; 4],
    radius: f32,
) {
    if source.format == ImageFormat::Svg {
        let [px, py, pw, _] = place;
        let k = pw / source.width.max(f32::MIN_POSITIVE);
        let map = |x: f32, y: f32| (px + x * k, py + y * k);
        for shape in &source.shapes {
            let ops = mapped(&shape.ops, map);
            ctx.items.push(Item::Path(Path {
                ops,
                fill: shape.fill,
                stroke: shape.stroke.map(|s| scene::Stroke {
                    width: s.width * k,
                    ..s
                }),
                even_odd: shape.even_odd,
            }));
        }
        return;
    }
    ctx.items.push(Item::Image(scene::Image {
        x: clip[0],
        y: clip[1],
        width: clip[2],
        height: clip[3],
        radius,
        place,
        source: source.clone(),
    }));
}

/// An icon (an SVG's shapes) fitted in the square of side `size` at (x, y), every fill and stroke in
/// `color` (its own colours are not kept: an icon is drawn in the theme's), strokes scaled with it.
pub(crate) fn icon(
    ctx: &mut Ctx,
    source: &ImageSource,
    x: f32,
    y: f32,
    size: f32,
    color: crate::model::Color,
) {
    let (w, h) = (
        source.width.max(f32::MIN_POSITIVE),
        source.height.max(f32::MIN_POSITIVE),
    );
    let k = size / w.max(h);
    let (ox, oy) = (x + (size - w * k) / 2.0, y + (size - h * k) / 2.0);
    let map = |px: f32, py: f32| (ox + px * k, oy + py * k);
    for shape in &source.shapes {
        let ops = mapped(&shape.ops, map);
        ctx.items.push(Item::Path(Path {
            ops,
            fill: shape.fill.map(|_| color),
            stroke: shape.stroke.map(|s| scene::Stroke {
                width: s.width * k,
                color,
                ..s
            }),
            even_odd: shape.even_odd,
        }));
    }
}

/// `source` (a raster picture) covering the box `b` (x, y, width, height), cropped about its centre.
pub(crate) fn cover(source: &std::sync::Arc<ImageSource>, b: [f32; 4]) -> Item {
    let [x, y, w, h] = b;
    let k = (w / source.width).max(h / source.height);
    let (pw, ph) = (source.width * k, source.height * k);
    Item::Image(scene::Image {
        x,
        y,
        width: w,
        height: h,
        radius: 0.0,
        place: [x + (w - pw) / 2.0, y + (h - ph) / 2.0, pw, ph],
        source: source.clone(),
    })
}

/// The left edge of a box `w` wide in the column at `x`, `width` wide.
fn aligned(align: HAlign, x: f32, width: f32, w: f32) -> f32 {
    match align {
        HAlign::Left => x,
        HAlign::Center => x + (width - w) / 2.0,
        HAlign::Right => x + width - w,
    }
}

/// An image block: the picture in its box, then its caption and credit.
pub(crate) fn image(ctx: &mut Ctx, img: &Image, top: f32) -> f32 {
    let s = ctx.poster.page.design_scale;
    let (cx, cw) = ctx.column();
    let source = &img.source;
    let ratio = source.height / source.width.max(f32::MIN_POSITIVE);
    let bw = img.width.map_or(cw, |w| (w * s).min(cw));
    let bh = img.height.map_or(bw * ratio, |h| h * s);
    let bx = aligned(img.align, cx, cw, bw);
    let radius = img.radius * s;
    let (place, clip) = match img.fit {
        ImageFit::Width => {
            let b = [bx, top, bw, bw * ratio];
            (b, b)
        }
        ImageFit::Contain => {
            let k = (bw / source.width).min(bh / source.height);
            let (w, h) = (source.width * k, source.height * k);
            let b = [aligned(img.align, bx, bw, w), top + (bh - h) / 2.0, w, h];
            (b, b)
        }
        ImageFit::Cover => {
            let k = (bw / source.width).max(bh / source.height);
            let (w, h) = (source.width * k, source.height * k);
            let place = [bx + (bw - w) / 2.0, top + (bh - h) / 2.0, w, h];
            (place, [bx, top, bw, bh])
        }
    };
    let box_bottom = match img.fit {
        ImageFit::Width => top + bw * ratio,
        _ => top + bh,
    };
    draw_source(ctx, source, place, clip, radius);
    // A picture stretched far past its pixels looks soft in print and on a phone's screen.
    if source.format != ImageFormat::Svg && place[2] > source.width * 2.0 {
        let message = format!(
            "the picture is {} pixels wide but shown {:.0} px wide: it will look soft; give a larger picture",
            source.width, place[2]
        );
        ctx.warnings.push(Warning::new(ctx.origin.clone(), message));
    }
    let theme = &ctx.poster.theme;
    let gap = theme.spacing.block * 0.3;
    let mut y = box_bottom;
    if let Some(caption) = &img.caption {
        let size = (theme.size.credit + theme.size.body) / 2.0;
        let prepared = TextBox::new(
            vec![Span::new(
                caption,
                Weight::Regular,
                size,
                theme.palette.text,
            )],
            bw,
            Align::Start,
            1.5,
        )
        .prepare(ctx);
        y = prepared.draw(ctx, bx, y + gap);
    }
    if let Some(credit) = &img.credit {
        let theme = &ctx.poster.theme;
        let prepared = TextBox::new(
            vec![Span::new(
                credit,
                Weight::Regular,
                theme.size.credit,
                theme.palette.muted,
            )],
            bw,
            Align::End,
            1.5,
        )
        .prepare(ctx);
        let g = if img.caption.is_some() {
            gap * 0.3
        } else {
            gap
        };
        y = prepared.draw(ctx, bx, y + g);
    }
    y
}

/// A colour dark enough on white for a phone to read modules in it: the theme's primary colour when its
/// contrast with white is at least 4.5 : 1, else the text colour.
fn module_colour(ctx: &Ctx) -> crate::model::Color {
    let lum = |c: crate::model::Color| {
        let ch = |v: u8| {
            let v = v as f32 / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b)
    };
    let p = ctx.poster.theme.palette.primary;
    if 1.05 / (lum(p) + 0.05) >= 4.5 {
        p
    } else {
        ctx.poster.theme.palette.text
    }
}

/// The quiet zone around a QR code, in modules (ISO/IEC 18004 asks for 4).
pub const QUIET_MODULES: usize = 4;

/// A QR code block: a white square with the quiet zone, the dark modules as one vector path (each row's
/// runs of dark modules as rectangles), modules a whole number of pixels where they can be, and the
/// caption centred under it.
pub(crate) fn qr(ctx: &mut Ctx, q: &Qr, top: f32) -> f32 {
    let s = ctx.poster.page.design_scale;
    let (cx, cw) = ctx.column();
    let Ok(code) =
        qrcode::QrCode::with_error_correction_level(q.text.as_bytes(), qrcode::EcLevel::M)
            .or_else(|_| qrcode::QrCode::new(q.text.as_bytes()))
    else {
        return top; // refused by the model
    };
    let n = code.width();
    let total = n + 2 * QUIET_MODULES;
    let wanted = (q.width * s).min(cw);
    let raw = wanted / total as f32;
    let module = if raw >= 2.0 { raw.floor() } else { raw };
    let side = module * total as f32;
    let x0 = aligned(q.align, cx, cw, side).round();
    let y0 = top.round();
    ctx.items.push(Item::Rect {
        x: x0,
        y: y0,
        width: side,
        height: side,
        radius: 0.0,
        fill: crate::model::Color::rgb(255, 255, 255),
    });
    let colors = code.to_colors();
    let mut ops = Vec::new();
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colors[row * n + col] != qrcode::Color::Dark {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && colors[row * n + col] == qrcode::Color::Dark {
                col += 1;
            }
            let x = x0 + (start + QUIET_MODULES) as f32 * module;
            let y = y0 + (row + QUIET_MODULES) as f32 * module;
            let w = (col - start) as f32 * module;
            ops.extend([
                PathOp::Move(x, y),
                PathOp::Line(x + w, y),
                PathOp::Line(x + w, y + module),
                PathOp::Line(x, y + module),
                PathOp::Close,
            ]);
        }
    }
    ctx.items.push(Item::Path(Path {
        ops,
        fill: Some(module_colour(ctx)),
        stroke: None,
        even_odd: false,
    }));
    let mut y = y0 + side;
    if let Some(caption) = &q.caption {
        let theme = &ctx.poster.theme;
        let width = side.max(theme.size.stat_label * 8.0).min(cw);
        let prepared = TextBox::new(
            vec![Span::new(
                caption,
                Weight::Regular,
                theme.size.stat_label,
                theme.palette.muted,
            )],
            width,
            Align::Center,
            1.4,
        )
        .balanced()
        .prepare(ctx);
        let x = aligned(q.align, cx, cw, width).max(cx);
        y = prepared.draw(ctx, x, y);
    }
    y
}

/// The logo's size on this page: its height in pixels of the design scaled with the page, narrowed to
/// the column if the picture is wider.
pub(crate) fn logo_size(ctx: &Ctx, logo: &Logo) -> (f32, f32) {
    let (_, cw) = ctx.column();
    let h = logo.height * ctx.poster.page.design_scale;
    let ratio = logo.source.width / logo.source.height.max(f32::MIN_POSITIVE);
    let w = (h * ratio).min(cw);
    (w, w / ratio)
}

/// A tab of the primary colour behind the logo set at `top` (see [`logo`]), for a logo made to read on
/// the headline's band drawn where there is no band.
pub(crate) fn logo_tab(ctx: &mut Ctx, logo: &Logo, top: f32) {
    let (cx, cw) = ctx.column();
    let (w, h) = logo_size(ctx, logo);
    let pad = (h * 0.3).round();
    let width = (w + 2.0 * pad).min(cw);
    ctx.items.push(Item::Rect {
        x: cx + (cw - width) / 2.0,
        y: top - pad,
        width,
        height: h + 2.0 * pad,
        radius: pad,
        fill: ctx.poster.theme.palette.primary,
    });
}

/// The logo centred in the column with its top at `top`; returns its bottom.
pub(crate) fn logo(ctx: &mut Ctx, logo: &Logo, top: f32) -> f32 {
    let (cx, cw) = ctx.column();
    let (w, h) = logo_size(ctx, logo);
    let b = [cx + (cw - w) / 2.0, top, w, h];
    draw_source(ctx, &logo.source, b, b, 0.0);
    top + h
}

/// A picture's path operations placed on the page: each point through `map` (its scale and offset).
fn mapped(ops: &[PathOp], map: impl Fn(f32, f32) -> (f32, f32)) -> Vec<PathOp> {
    ops.iter()
        .map(|op| match *op {
            PathOp::Move(x, y) => {
                let (x, y) = map(x, y);
                PathOp::Move(x, y)
            }
            PathOp::Line(x, y) => {
                let (x, y) = map(x, y);
                PathOp::Line(x, y)
            }
            PathOp::Cubic(x1, y1, x2, y2, x, y) => {
                let ((x1, y1), (x2, y2), (x, y)) = (map(x1, y1), map(x2, y2), map(x, y));
                PathOp::Cubic(x1, y1, x2, y2, x, y)
            }
            PathOp::Close => PathOp::Close,
        })
        .collect()
}
