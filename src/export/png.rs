//! PNG export: the outline SVG is parsed by usvg and rasterised by resvg, so PNG and SVG are the same
//! picture by construction. tiny-skia's pixels are premultiplied; they are demultiplied before encoding.

use std::io::Cursor;

use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder};
use rayon::prelude::*;
use resvg::tiny_skia;

use super::ExportError;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PngOptions {
    /// Pixels per scene pixel. Default 1.0 (a 1080-wide poster gives a 1080-wide PNG).
    pub scale: f32,
    /// Default: `Compression::Fast`.
    pub compression: Compression,
}

impl Default for PngOptions {
    fn default() -> Self {
        PngOptions {
            scale: 1.0,
            compression: Compression::Fast,
        }
    }
}

/// How hard the PNG encoder works: `Fast` is about ten times quicker, `Small` makes files about half
/// the size (measured on the seed poster; see the README's benchmark).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compression {
    #[default]
    Fast,
    Small,
}

impl From<Compression> for CompressionType {
    fn from(c: Compression) -> CompressionType {
        match c {
            Compression::Fast => CompressionType::Fast,
            Compression::Small => CompressionType::Default,
        }
    }
}

/// Rows rendered at a time. Tiles are drawn in parallel (rayon) and each is converted as soon as it is
/// drawn, so a tall poster never holds a whole RGBA canvas: memory stays near the final pixel buffer.
const TILE_ROWS: u32 = 1024;

/// Rasterises an SVG document (as written by `export::svg` with outlines) to PNG bytes.
pub fn svg_to_png(svg: &str, options: &PngOptions) -> Result<Vec<u8>, ExportError> {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default())
        .map_err(|e| ExportError::Svg(e.to_string()))?;
    let size = tree.size();
    let width = (size.width() * options.scale).round().max(1.0) as u32;
    let height = (size.height() * options.scale).round().max(1.0) as u32;
    if (width as u64) * (height as u64) > 400_000_000 {
        return Err(ExportError::TooLarge { width, height });
    }
    let tiles: Vec<u32> = (0..height).step_by(TILE_ROWS as usize).collect();
    let rendered: Vec<Result<Tile, ExportError>> = tiles
        .par_iter()
        .map(|&top| {
            render_tile(
                &tree,
                options.scale,
                width,
                top,
                TILE_ROWS.min(height - top),
            )
        })
        .collect();
    let tiles: Vec<Tile> = rendered.into_iter().collect::<Result<_, _>>()?;

    // An opaque page (the usual case: every spec has a background) is written as RGB, a quarter less to
    // compress; otherwise RGBA.
    let opaque = tiles.iter().all(|t| t.opaque);
    let channels = if opaque { 3 } else { 4 };
    let mut pixels = Vec::with_capacity(width as usize * height as usize * channels);
    for tile in &tiles {
        if opaque {
            for p in tile.rgba.chunks_exact(4) {
                pixels.extend_from_slice(&p[..3]);
            }
        } else {
            pixels.extend_from_slice(&tile.rgba);
        }
    }
    drop(tiles);
    let color = if opaque {
        ExtendedColorType::Rgb8
    } else {
        ExtendedColorType::Rgba8
    };
    let mut bytes = Vec::new();
    PngEncoder::new_with_quality(
        Cursor::new(&mut bytes),
        options.compression.into(),
        FilterType::Adaptive,
    )
    .write_image(&pixels, width, height, color)
    .map_err(|e| ExportError::Encode(e.to_string()))?;
    Ok(bytes)
}

/// A horizontal band of the image, straight (not premultiplied) RGBA.
struct Tile {
    rgba: Vec<u8>,
    opaque: bool,
}

fn render_tile(
    tree: &usvg::Tree,
    scale: f32,
    width: u32,
    top: u32,
    rows: u32,
) -> Result<Tile, ExportError> {
    let mut pixmap = tiny_skia::Pixmap::new(width, rows).ok_or(ExportError::TooLarge {
        width,
        height: rows,
    })?;
    let transform = tiny_skia::Transform::from_row(scale, 0.0, 0.0, scale, 0.0, -(top as f32));
    resvg::render(tree, transform, &mut pixmap.as_mut());
    let opaque = pixmap.pixels().iter().all(|p| p.alpha() == 255);
    let rgba = if opaque {
        // Premultiplied equals straight when every pixel is opaque.
        pixmap.take()
    } else {
        pixmap
            .pixels()
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect()
    };
    Ok(Tile { rgba, opaque })
}
