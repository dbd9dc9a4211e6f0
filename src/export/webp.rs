//! WebP export, from the same raster as the PNG. The `image` crate encodes lossless WebP (VP8L) only:
//! exact pixels, typically much smaller than the PNG, larger than a lossy JPEG.

use std::io::Cursor;

use image::codecs::webp::WebPEncoder;

use super::png::Raster;
use super::ExportError;

/// WebP's largest side: 14-bit dimensions.
pub const MAX_SIDE: u32 = 16_383;

/// Checks, before anything is drawn, that a `width` × `height` scene at `scale` pixels per unit fits
/// WebP's limit; the error names the largest scale that would.
pub fn check_size(width: f32, height: f32, scale: f32) -> Result<(), ExportError> {
    let (w, h) = (
        (width * scale).round().max(1.0) as u32,
        (height * scale).round().max(1.0) as u32,
    );
    if w <= MAX_SIDE && h <= MAX_SIDE {
        return Ok(());
    }
    let longest = width.max(height);
    // The largest scale in hundredths whose rounded pixel size still fits.
    let mut fit = (MAX_SIDE as f32 / longest * 100.0).floor() / 100.0;
    while fit > 0.0 && (longest * fit).round() > MAX_SIDE as f32 {
        fit -= 0.01;
    }
    Err(ExportError::Encode(format!(
        "WebP cannot be larger than {MAX_SIDE} pixels a side, and this image would be {w}×{h}: \
         write PNG or JPEG instead, or use --scale {fit:.2} or less"
    )))
}

/// Encodes a raster as lossless WebP (alpha kept when the picture has any).
pub fn encode_webp(raster: &Raster) -> Result<Vec<u8>, ExportError> {
    check_size(raster.width as f32, raster.height as f32, 1.0)?;
    let mut bytes = Vec::new();
    WebPEncoder::new_lossless(Cursor::new(&mut bytes))
        .encode(
            &raster.pixels,
            raster.width,
            raster.height,
            raster.color_type(),
        )
        .map_err(|e| ExportError::Encode(e.to_string()))?;
    Ok(bytes)
}
