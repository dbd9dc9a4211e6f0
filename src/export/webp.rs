//! WebP export, from the same raster as the PNG. The `image` crate encodes lossless WebP (VP8L) only:
//! exact pixels, typically much smaller than the PNG, larger than a lossy JPEG.

use std::io::Cursor;

use image::codecs::webp::WebPEncoder;

use super::limits::WEBP_SIDE;
use super::png::Raster;
use super::ExportError;

/// Encodes a raster as lossless WebP (alpha kept when the picture has any).
pub fn encode_webp(raster: &Raster) -> Result<Vec<u8>, ExportError> {
    if raster.width.max(raster.height) > WEBP_SIDE {
        return Err(ExportError::Encode(format!(
            "WebP cannot be larger than {WEBP_SIDE} pixels a side; this image is {}×{}",
            raster.width, raster.height
        )));
    }
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
