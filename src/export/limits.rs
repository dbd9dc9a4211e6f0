//! The sizes the pixel formats can take, checked before anything is drawn: a page at `--scale` larger
//! than any page may be (`model::limits::PAGE_PIXELS`), wider or taller than WebP's 14-bit or JPEG's
//! 16-bit sides. Each limit names the largest scale that would fit, so the caller can say what works.

use crate::model::limits;

/// The formats asked for that have a size limit.
#[derive(Debug, Clone, Copy, Default)]
pub struct PixelFormats {
    /// Any pixel format (PNG, JPEG or WebP): the page's pixels at the scale within the general limit.
    pub any: bool,
    /// WebP: its sides and its pixels within WebP's limits.
    pub webp: bool,
    /// JPEG: its sides within JPEG's limit.
    pub jpeg: bool,
}

/// WebP's largest side: 14-bit dimensions.
pub const WEBP_SIDE: u32 = 16_383;
/// The most pixels of a WebP picture: its encoder keeps a 4-byte copy of every pixel besides the shared
/// 3-byte raster, so the largest page is held under 1 GiB only below the general limit.
pub const WEBP_PIXELS: f64 = 100_000_000.0;
/// JPEG's largest side: 16-bit dimensions.
pub const JPEG_SIDE: u32 = 65_535;

/// Why a page cannot be drawn at a scale, and the largest scale (in hundredths) that fits.
#[derive(Debug, Clone, PartialEq)]
pub struct TooLarge {
    /// What is too large, and by how much (`at most 16383 px a side for WebP, found …`).
    pub message: String,
    /// The largest scale that fits, rounded down to a hundredth; 0 when none does.
    pub fits: f32,
}

/// Checks a `width` × `height` page drawn at `scale` pixels per layout pixel in `formats`.
pub fn check(width: f32, height: f32, scale: f32, formats: PixelFormats) -> Result<(), TooLarge> {
    let pixels = |s: f32| ((width * s).round().max(1.0), (height * s).round().max(1.0));
    let Some(broken) = broken_limit(pixels(scale), formats) else {
        return Ok(());
    };
    let (w, h) = pixels(scale);
    // The largest scale in hundredths at which every limit holds.
    let mut fits = (scale * 100.0).floor() / 100.0;
    while fits > 0.0 && broken_limit(pixels(fits), formats).is_some() {
        fits = ((fits - 0.01) * 100.0).round() / 100.0;
    }
    Err(TooLarge {
        message: format!("expected {broken}, found {w} × {h} at --scale {scale}"),
        fits: fits.max(0.0),
    })
}

/// What a picture of `(w, h)` pixels breaks first, as an expectation.
fn broken_limit((w, h): (f32, f32), formats: PixelFormats) -> Option<String> {
    if !formats.any {
        return None;
    }
    if f64::from(w) * f64::from(h) > limits::PAGE_PIXELS {
        return Some(format!(
            "a picture of at most {} pixels",
            limits::PAGE_PIXELS
        ));
    }
    [
        (formats.webp, WEBP_SIDE, "WebP"),
        (formats.jpeg, JPEG_SIDE, "JPEG"),
    ]
    .into_iter()
    .find(|(asked, side, _)| *asked && w.max(h) > *side as f32)
    .map(|(_, side, name)| format!("at most {side} px a side for {name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEBP: PixelFormats = PixelFormats {
        any: true,
        webp: true,
        jpeg: false,
    };

    #[test]
    fn webp_names_the_scale_that_fits() {
        let e = check(1080.0, 16_506.0, 1.0, WEBP).unwrap_err();
        assert!(e.message.contains("16383 px a side for WebP"), "{e:?}");
        assert_eq!(e.fits, 0.99);
        assert!(check(1080.0, 16_506.0, 0.99, WEBP).is_ok());
    }

    #[test]
    fn area_and_jpeg() {
        let any = PixelFormats {
            any: true,
            ..PixelFormats::default()
        };
        assert!(check(1080.0, 100_000.0, 1.0, any).is_ok());
        let e = check(1080.0, 100_000.0, 2.0, any).unwrap_err();
        assert!(e.message.contains("at most 120000000 pixels"), "{e:?}");
        assert!((1.0..1.06).contains(&e.fits), "{e:?}");
        let jpeg = PixelFormats { jpeg: true, ..any };
        let e = check(1080.0, 100_000.0, 1.0, jpeg).unwrap_err();
        assert_eq!(e.fits, 0.65);
        assert!(check(1080.0, 100_000.0, 1.0, PixelFormats::default()).is_ok());
    }
}
