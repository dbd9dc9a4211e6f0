//! PNG export: the pixels of the scene's drawing (`raster`), encoded row by row as its bands arrive, with
//! the resolution (pHYs); and the buffer of a whole picture that JPEG and WebP encode.

use std::io::Write;

use super::raster::Drawing;
use super::ExportError;

/// How the pixel formats are drawn and labelled: `--scale`, `--png-compression` and `--dpi` (PNG, JPEG, WebP).
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
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
/// the size (measured on the seed poster; docs/performance.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compression {
    /// Quick zlib, larger files (the default).
    #[default]
    Fast,
    /// Harder zlib: about half the size, about ten times slower.
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

/// A rasterised picture: straight (not premultiplied) RGB when the page is drawn on an opaque backdrop
/// (the usual case: every spec has a background), RGBA otherwise.
#[derive(Debug, Clone)]
pub struct Raster {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Whether the pixels are RGB (drawn on an opaque backdrop) rather than RGBA.
    pub opaque: bool,
    /// Row-major, 3 bytes a pixel when `opaque`, else 4.
    pub pixels: Vec<u8>,
}

impl Raster {
    /// The pixels' layout for the `image` encoders: RGB8 when opaque, else RGBA8.
    pub fn color_type(&self) -> image::ExtendedColorType {
        if self.opaque {
            image::ExtendedColorType::Rgb8
        } else {
            image::ExtendedColorType::Rgba8
        }
    }
}

/// What the picture is drawn on: the page's background colour when it is opaque (then every pixel is,
/// even the edge pixels a fractional `--scale` only partly covers, and the output is RGB), or nothing
/// (RGBA).
pub type Backdrop = Option<[u8; 3]>;

/// The picture as PNG, encoded row by row as the bands are drawn.
pub fn draw_png(drawing: &Drawing, options: &PngOptions) -> Result<Vec<u8>, ExportError> {
    let mut bytes = Vec::new();
    let encoder = png_encoder(
        &mut bytes,
        drawing.width,
        drawing.height,
        drawing.opaque(),
        options,
    );
    let encode = |e: png::EncodingError| ExportError::Encode(e.to_string());
    let mut writer = encoder.write_header().map_err(encode)?;
    let mut stream = writer.stream_writer().map_err(encode)?;
    drawing
        .bands(|rows| (stream.write_all(rows)).map_err(|e| ExportError::Encode(e.to_string())))?;
    stream.finish().map_err(encode)?;
    writer.finish().map_err(encode)?;
    Ok(bytes)
}

/// Encodes a raster as PNG with a pHYs chunk saying `options.dpi`.
pub fn encode_png(raster: &Raster, options: &PngOptions) -> Result<Vec<u8>, ExportError> {
    let mut bytes = Vec::new();
    let encoder = png_encoder(
        &mut bytes,
        raster.width,
        raster.height,
        raster.opaque,
        options,
    );
    let encode = |e: png::EncodingError| ExportError::Encode(e.to_string());
    let mut writer = encoder.write_header().map_err(encode)?;
    writer.write_image_data(&raster.pixels).map_err(encode)?;
    writer.finish().map_err(encode)?;
    Ok(bytes)
}

fn png_encoder<'a>(
    bytes: &'a mut Vec<u8>,
    width: u32,
    height: u32,
    opaque: bool,
    options: &PngOptions,
) -> png::Encoder<'a, &'a mut Vec<u8>> {
    let mut encoder = png::Encoder::new(bytes, width, height);
    encoder.set_color(if opaque {
        png::ColorType::Rgb
    } else {
        png::ColorType::Rgba
    });
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(options.compression.into());
    // Paeth alone: on a poster's flat colours and anti-aliased text it makes files within 2 % of the
    // adaptive choice (4.28 MB against 4.19 MB for the seed poster) for a fifth of the filtering work;
    // `Small` keeps the adaptive choice.
    encoder.set_filter(match options.compression {
        Compression::Fast => png::Filter::Paeth,
        Compression::Small => png::Filter::Adaptive,
    });
    let ppm = pixels_per_metre(options.dpi);
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: ppm,
        yppu: ppm,
        unit: png::Unit::Meter,
    }));
    encoder
}

/// Builders, for code outside this crate (the struct is `#[non_exhaustive]`).
impl PngOptions {
    /// Pixels per scene pixel.
    pub fn scale(mut self, scale: f32) -> Self {
        self.scale = scale;
        self
    }

    /// How hard the encoder works.
    pub fn compression(mut self, compression: Compression) -> Self {
        self.compression = compression;
        self
    }

    /// Dots per inch written into the file.
    pub fn dpi(mut self, dpi: f32) -> Self {
        self.dpi = dpi;
        self
    }
}
