//! A contact sheet: every page of a carousel drawn small, in order, on one scene — for an editor to
//! review the cards at a glance (`--contact-sheet`).

use super::{Item, PathOp, Scene};
use crate::model::Color;

/// The box a card is drawn in on the sheet, pixels: a 3:4 card fills it.
pub const TILE_WIDTH: f32 = 360.0;
/// The height of a card's box on the sheet, pixels (see [`TILE_WIDTH`]).
pub const TILE_HEIGHT: f32 = 480.0;
/// Between cards and around them, pixels.
pub const GAP: f32 = 24.0;
/// Cards a row, at most: 500 pages (the most a graphic may have) make a sheet of 50 rows, 3 864 ×
/// 25 224 px, within the pixel formats' limits.
pub const COLUMNS: usize = 10;

/// The pages drawn within tiles of [`TILE_WIDTH`] × [`TILE_HEIGHT`], about as many rows as columns
/// (at most [`COLUMNS`] a row), left to right and top to bottom, on a neutral grey with [`GAP`] between
/// them.
pub fn contact_sheet(pages: &[&Scene]) -> Scene {
    let columns = ((pages.len() as f32).sqrt().ceil() as usize + 1).clamp(1, COLUMNS);
    let columns = columns.min(pages.len().max(1));
    let mut items = Vec::new();
    let mut y = GAP;
    for row in pages.chunks(columns) {
        let mut row_height: f32 = 0.0;
        for (i, page) in row.iter().enumerate() {
            let k = (TILE_WIDTH / page.width.max(1.0)).min(TILE_HEIGHT / page.height.max(1.0));
            let x = GAP + i as f32 * (TILE_WIDTH + GAP);
            let height = page.height * k;
            row_height = row_height.max(height);
            items.push(Item::Rect {
                x,
                y,
                width: page.width * k,
                height,
                radius: 0.0,
                fill: page.background,
            });
            items.extend(page.items.iter().map(|item| placed(item, k, x, y)));
        }
        y += row_height + GAP;
    }
    Scene {
        width: GAP + columns as f32 * (TILE_WIDTH + GAP),
        height: y,
        background: Color {
            r: 0x5f,
            g: 0x5f,
            b: 0x5f,
            a: 255,
            cmyk: None,
        },
        items,
        access: crate::scene::Access::default(),
    }
}

/// `item` scaled by `k` and moved by (`dx`, `dy`).
fn placed(item: &Item, k: f32, dx: f32, dy: f32) -> Item {
    let px = |x: f32| dx + x * k;
    let py = |y: f32| dy + y * k;
    match item {
        Item::Rect {
            x,
            y,
            width,
            height,
            radius,
            fill,
        } => Item::Rect {
            x: px(*x),
            y: py(*y),
            width: width * k,
            height: height * k,
            radius: radius * k,
            fill: *fill,
        },
        Item::Circle { cx, cy, r, fill } => Item::Circle {
            cx: px(*cx),
            cy: py(*cy),
            r: r * k,
            fill: *fill,
        },
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            color,
        } => Item::Line {
            x1: px(*x1),
            y1: py(*y1),
            x2: px(*x2),
            y2: py(*y2),
            width: width * k,
            color: *color,
        },
        Item::Glyphs(run) => {
            let mut run = run.clone();
            run.size *= k;
            for g in &mut run.glyphs {
                g.x = px(g.x);
                g.y = py(g.y);
            }
            for t in &mut run.text {
                t.x = px(t.x);
                t.y = py(t.y);
                t.width *= k;
            }
            Item::Glyphs(run)
        }
        Item::Image(image) => {
            let [x, y, w, h] = image.place;
            Item::Image(crate::scene::Image {
                x: px(image.x),
                y: py(image.y),
                width: image.width * k,
                height: image.height * k,
                radius: image.radius * k,
                place: [px(x), py(y), w * k, h * k],
                source: image.source.clone(),
            })
        }
        Item::Path(path) => {
            let mut path = path.clone();
            if let Some(stroke) = &mut path.stroke {
                stroke.width *= k;
            }
            for op in &mut path.ops {
                *op = match *op {
                    PathOp::Move(x, y) => PathOp::Move(px(x), py(y)),
                    PathOp::Line(x, y) => PathOp::Line(px(x), py(y)),
                    PathOp::Cubic(a, b, c, d, e, f) => {
                        PathOp::Cubic(px(a), py(b), px(c), py(d), px(e), py(f))
                    }
                    PathOp::Close => PathOp::Close,
                };
            }
            Item::Path(path)
        }
    }
}
