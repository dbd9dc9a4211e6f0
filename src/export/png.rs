//! PNG export: the outline SVG is parsed by usvg and rasterised by resvg, so PNG and SVG are the same
//! picture by construction. tiny-skia's pixels are premultiplied; they are demultiplied before encoding.

use std::io::Cursor;

use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder};
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

/// Rasterises an SVG document (as written by `export::svg` with outlines) to PNG bytes.
pub fn svg_to_png(svg: &str, options: &PngOptions) -> Result<Vec<u8>, ExportError> {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default())
        .map_err(|e| ExportError::Svg(e.to_string()))?;
    let size = tree.size();
    let width = (size.width() * options.scale).round().max(1.0) as u32;
    let height = (size.height() * options.scale).round().max(1.0) as u32;
    let mut pixmap =
        tiny_skia::Pixmap::new(width, height).ok_or(ExportError::TooLarge { width, height })?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(options.scale, options.scale),
        &mut pixmap.as_mut(),
    );

    // An opaque page (the usual case: every spec has a background) is written as RGB, a quarter less to
    // compress; its premultiplied pixels are already straight. Otherwise demultiply into RGBA.
    let data = pixmap.data();
    let opaque = data.chunks_exact(4).all(|p| p[3] == 255);
    let (pixels, color) = if opaque {
        let mut rgb = Vec::with_capacity(data.len() / 4 * 3);
        for p in data.chunks_exact(4) {
            rgb.extend_from_slice(&p[..3]);
        }
        (rgb, ExtendedColorType::Rgb8)
    } else {
        let mut rgba = Vec::with_capacity(data.len());
        for p in pixmap.pixels() {
            let c = p.demultiply();
            rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
        }
        (rgba, ExtendedColorType::Rgba8)
    };
    drop(pixmap);
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
