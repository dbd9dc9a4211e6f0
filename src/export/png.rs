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
}

impl Default for PngOptions {
    fn default() -> Self {
        PngOptions { scale: 1.0 }
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

    let mut rgba = Vec::with_capacity(pixmap.data().len());
    for p in pixmap.pixels() {
        let c = p.demultiply();
        rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
    }
    let mut bytes = Vec::new();
    PngEncoder::new_with_quality(
        Cursor::new(&mut bytes),
        CompressionType::Default,
        FilterType::Adaptive,
    )
    .write_image(&rgba, width, height, ExtendedColorType::Rgba8)
    .map_err(|e| ExportError::Encode(e.to_string()))?;
    Ok(bytes)
}
