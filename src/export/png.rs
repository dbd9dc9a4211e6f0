//! PNG export, and the rasteriser every pixel format shares: the outline SVG is parsed by usvg and
//! rasterised by resvg, so PNG, JPEG, WebP and SVG are the same picture by construction. tiny-skia's pixels
//! are premultiplied; they are demultiplied before encoding. The PNG carries its resolution (pHYs).

use std::io::Cursor;

use rayon::prelude::*;
use resvg::tiny_skia;

use super::ExportError;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PngOptions {
    /// Pixels per scene pixel, for every pixel format (PNG, JPEG, WebP). Default 1.0 (a 1080-wide
    /// poster gives a 1080-wide image).
    pub scale: f32,
    /// Default: `Compression::Fast`.
    pub compression: Compression,
    /// Dots per inch written into the PNG's pHYs chunk (and the JPEG's JFIF density). It only labels the
    /// pixels, it does not change how many there are: that is `scale`. Default 72, a screen image.
    pub dpi: f32,
}

impl Default for PngOptions {
    fn default() -> Self {
        PngOptions {
            scale: 1.0,
            compression: Compression::Fast,
            dpi: 72.0,
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

impl From<Compression> for png::Compression {
    fn from(c: Compression) -> png::Compression {
        match c {
            Compression::Fast => png::Compression::Fast,
            Compression::Small => png::Compression::Balanced,
        }
    }
}

/// Pixels per metre, as pHYs stores them, for a resolution in dots per inch.
pub fn pixels_per_metre(dpi: f32) -> u32 {
    (dpi as f64 / 0.0254).round().clamp(1.0, u32::MAX as f64) as u32
}

/// Rows rendered at a time. Tiles are drawn in parallel (rayon) and each is converted as soon as it is
/// drawn, so a tall poster never holds a whole RGBA canvas: memory stays near the final pixel buffer.
const TILE_ROWS: u32 = 1024;

/// A rasterised picture: straight (not premultiplied) RGB when every pixel is opaque (the usual case:
/// every spec has a background), RGBA otherwise.
#[derive(Debug, Clone)]
pub struct Raster {
    pub width: u32,
    pub height: u32,
    pub opaque: bool,
    /// Row-major, 3 bytes a pixel when `opaque`, else 4.
    pub pixels: Vec<u8>,
}

impl Raster {
    pub fn color_type(&self) -> image::ExtendedColorType {
        if self.opaque {
            image::ExtendedColorType::Rgb8
        } else {
            image::ExtendedColorType::Rgba8
        }
    }
}

/// Rasterises an SVG document (as written by `export::svg` with outlines) to PNG bytes.
pub fn svg_to_png(svg: &str, options: &PngOptions) -> Result<Vec<u8>, ExportError> {
    encode_png(&rasterize(svg, options.scale)?, options)
}

/// Encodes a raster as PNG with a pHYs chunk saying `options.dpi`.
pub fn encode_png(raster: &Raster, options: &PngOptions) -> Result<Vec<u8>, ExportError> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(Cursor::new(&mut bytes), raster.width, raster.height);
    encoder.set_color(if raster.opaque {
        png::ColorType::Rgb
    } else {
        png::ColorType::Rgba
    });
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(options.compression.into());
    encoder.set_filter(png::Filter::Adaptive);
    let ppm = pixels_per_metre(options.dpi);
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: ppm,
        yppu: ppm,
        unit: png::Unit::Meter,
    }));
    let encode = |e: png::EncodingError| ExportError::Encode(e.to_string());
    let mut writer = encoder.write_header().map_err(encode)?;
    writer.write_image_data(&raster.pixels).map_err(encode)?;
    writer.finish().map_err(encode)?;
    Ok(bytes)
}

/// Rasterises an SVG document (as written by `export::svg` with outlines), `scale` pixels per SVG unit.
pub fn rasterize(svg: &str, scale: f32) -> Result<Raster, ExportError> {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default())
        .map_err(|e| ExportError::Svg(e.to_string()))?;
    let size = tree.size();
    let width = (size.width() * scale).round().max(1.0) as u32;
    let height = (size.height() * scale).round().max(1.0) as u32;
    if (width as u64) * (height as u64) > 400_000_000 {
        return Err(ExportError::TooLarge { width, height });
    }
    let tiles: Vec<u32> = (0..height).step_by(TILE_ROWS as usize).collect();
    let rendered: Vec<Result<Tile, ExportError>> = tiles
        .par_iter()
        .map(|&top| render_tile(&tree, scale, width, top, TILE_ROWS.min(height - top)))
        .collect();
    let tiles: Vec<Tile> = rendered.into_iter().collect::<Result<_, _>>()?;

    // An opaque page is kept as RGB, a quarter less to compress; otherwise RGBA.
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
    Ok(Raster {
        width,
        height,
        opaque,
        pixels,
    })
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
