//! JPEG export, from the same raster as the PNG. JPEG has no transparency: a translucent pixel is
//! flattened onto the page background (itself flattened onto white if translucent), never onto black.

use std::io::Cursor;

use image::codecs::jpeg::{JpegEncoder, PixelDensity};

use super::limits::JPEG_SIDE;
use super::png::Raster;
use super::ExportError;
use crate::model::Color;

/// How JPEG is written (`--jpeg-quality`); its scale and dpi are [`PngOptions`](super::PngOptions)'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct JpegOptions {
    /// 1–100. Default 90: no visible artefacts around text on a flat background.
    pub quality: u8,
}

impl Default for JpegOptions {
    fn default() -> Self {
        JpegOptions { quality: 90 }
    }
}

/// Encodes a raster as baseline JPEG (4:2:0), flattening any transparency onto `background`, with a JFIF
/// density of `dpi`.
pub fn encode_jpeg(
    raster: &Raster,
    background: Color,
    dpi: f32,
    options: &JpegOptions,
) -> Result<Vec<u8>, ExportError> {
    if raster.width > JPEG_SIDE || raster.height > JPEG_SIDE {
        return Err(ExportError::Encode(format!(
            "JPEG cannot be larger than {JPEG_SIDE} pixels a side; this image is {}×{}",
            raster.width, raster.height
        )));
    }
    let flattened;
    let rgb: &[u8] = if raster.opaque {
        &raster.pixels
    } else {
        flattened = flatten(&raster.pixels, background);
        &flattened
    };
    let mut bytes = Vec::new();
    let mut encoder =
        JpegEncoder::new_with_quality(Cursor::new(&mut bytes), options.quality.clamp(1, 100));
    encoder.set_pixel_density(PixelDensity::dpi(dpi.round().clamp(1.0, 65_535.0) as u16));
    encoder
        .encode(
            rgb,
            raster.width,
            raster.height,
            image::ExtendedColorType::Rgb8,
        )
        .map_err(|e| ExportError::Encode(e.to_string()))?;
    Ok(bytes)
}

/// Straight RGBA → RGB over an opaque matte: `background` composited over white.
pub(crate) fn flatten(rgba: &[u8], background: Color) -> Vec<u8> {
    let over = |fg: u8, a: u8, bg: u8| -> u8 {
        ((fg as u32 * a as u32 + bg as u32 * (255 - a as u32) + 127) / 255) as u8
    };
    let matte = [
        over(background.r, background.a, 255),
        over(background.g, background.a, 255),
        over(background.b, background.a, 255),
    ];
    let mut rgb = Vec::with_capacity(rgba.len() / 4 * 3);
    for p in rgba.chunks_exact(4) {
        rgb.extend_from_slice(&[
            over(p[0], p[3], matte[0]),
            over(p[1], p[3], matte[1]),
            over(p[2], p[3], matte[2]),
        ]);
    }
    rgb
}

/// Builders, for code outside this crate (the struct is `#[non_exhaustive]`).
impl JpegOptions {
    /// Quality, 1–100.
    pub fn quality(mut self, quality: u8) -> Self {
        self.quality = quality;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::flatten;
    use crate::model::Color;

    #[test]
    fn translucent_pixels_are_flattened_onto_the_background() {
        let bg = Color::rgb(200, 100, 0);
        let px = [255, 255, 255, 255, 0, 0, 0, 0, 0, 0, 0, 128];
        assert_eq!(
            flatten(&px, bg),
            vec![255, 255, 255, 200, 100, 0, 100, 50, 0]
        );
        // A translucent background lies on white.
        let half = Color { a: 128, ..bg };
        assert_eq!(flatten(&[0, 0, 0, 0], half), vec![227, 177, 127]);
    }
}
