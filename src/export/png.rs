//! PNG export, and the rasteriser every pixel format shares: the outline SVG is parsed by usvg and
//! rasterised by resvg, so PNG, JPEG, WebP and SVG are the same picture by construction. tiny-skia's pixels
//! are premultiplied; they are demultiplied before encoding. The PNG carries its resolution (pHYs).

use std::io::Write;

use rayon::prelude::*;
use resvg::tiny_skia;

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

/// Rows drawn at a time. A few bands are drawn in parallel (rayon, one a thread) and handed on in order,
/// so memory never holds a whole RGBA canvas: the PNG is encoded row by row as the bands arrive (its
/// memory does not grow with the page's height), and JPEG and WebP, whose encoders take a whole image,
/// get one RGB buffer.
const BAND_ROWS: u32 = 256;

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

/// An SVG document (as written by `export::svg` with outlines) ready to draw at `scale`, and the size in
/// pixels that gives.
pub struct Drawing {
    tree: usvg::Tree,
    scale: f32,
    /// Width in pixels at the drawing's scale.
    pub width: u32,
    /// Height in pixels at the drawing's scale.
    pub height: u32,
    backdrop: Backdrop,
}

impl Drawing {
    /// Parses `svg` for drawing at `scale` on `backdrop`; a picture over 400 million pixels is refused.
    pub fn new(svg: &str, scale: f32, backdrop: Backdrop) -> Result<Drawing, ExportError> {
        let tree = usvg::Tree::from_str(svg, &usvg::Options::default())
            .map_err(|e| ExportError::Svg(e.to_string()))?;
        let size = tree.size();
        let width = (size.width() * scale).round().max(1.0) as u32;
        let height = (size.height() * scale).round().max(1.0) as u32;
        // The model's limits keep a spec's pages well inside this; it guards the library's other callers.
        if (width as u64) * (height as u64) > 400_000_000 {
            return Err(ExportError::TooLarge { width, height });
        }
        Ok(Drawing {
            tree,
            scale,
            width,
            height,
            backdrop,
        })
    }

    /// Whether the picture is drawn on an opaque backdrop, so its pixels are RGB.
    pub fn opaque(&self) -> bool {
        self.backdrop.is_some()
    }

    /// Draws the picture band by band, top to bottom, handing each band's rows (RGB when opaque, else
    /// straight RGBA) to `sink` in order.
    pub fn bands(
        &self,
        mut sink: impl FnMut(&[u8]) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        let tops: Vec<u32> = (0..self.height).step_by(BAND_ROWS as usize).collect();
        let at_once = rayon::current_num_threads().max(1);
        for group in tops.chunks(at_once) {
            let bands: Vec<Result<Vec<u8>, ExportError>> = group
                .par_iter()
                .map(|&top| self.band(top, BAND_ROWS.min(self.height - top)))
                .collect();
            for band in bands {
                sink(&band?)?;
            }
        }
        Ok(())
    }

    fn band(&self, top: u32, rows: u32) -> Result<Vec<u8>, ExportError> {
        let mut pixmap = tiny_skia::Pixmap::new(self.width, rows).ok_or(ExportError::TooLarge {
            width: self.width,
            height: rows,
        })?;
        if let Some([r, g, b]) = self.backdrop {
            pixmap.fill(tiny_skia::Color::from_rgba8(r, g, b, 255));
        }
        let s = self.scale;
        let transform = tiny_skia::Transform::from_row(s, 0.0, 0.0, s, 0.0, -(top as f32));
        // Only what reaches into the band is drawn: a tall page has many bands, and drawing the whole
        // tree into each would make the time grow with the square of the height. The outline SVG's
        // top-level nodes are a line of text or a shape each, so this culls nearly everything.
        let (band_top, band_bottom) = (top as f32 - 1.0, (top + rows) as f32 + 1.0);
        let mut target = pixmap.as_mut();
        for node in self.tree.root().children() {
            let Some(bbox) = node.abs_layer_bounding_box() else {
                continue;
            };
            if bbox.bottom() * s < band_top || bbox.top() * s > band_bottom {
                continue;
            }
            // `render_node` draws the node at the pixmap's origin; put it back where it belongs.
            resvg::render_node(
                node,
                transform.pre_translate(bbox.x(), bbox.y()),
                &mut target,
            );
        }
        Ok(if self.opaque() {
            // Premultiplied equals straight when every pixel is opaque.
            (pixmap.data().chunks_exact(4))
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect()
        } else {
            (pixmap.pixels().iter())
                .flat_map(|p| {
                    let c = p.demultiply();
                    [c.red(), c.green(), c.blue(), c.alpha()]
                })
                .collect()
        })
    }

    /// The whole picture in one buffer, for the encoders that take a whole image (JPEG, WebP).
    pub fn raster(&self) -> Result<Raster, ExportError> {
        let channels = if self.opaque() { 3 } else { 4 };
        let mut pixels = Vec::with_capacity(self.width as usize * self.height as usize * channels);
        self.bands(|rows| {
            pixels.extend_from_slice(rows);
            Ok(())
        })?;
        Ok(Raster {
            width: self.width,
            height: self.height,
            opaque: self.opaque(),
            pixels,
        })
    }

    /// The picture as PNG, encoded row by row as the bands are drawn.
    pub fn png(&self, options: &PngOptions) -> Result<Vec<u8>, ExportError> {
        let mut bytes = Vec::new();
        let encoder = png_encoder(&mut bytes, self.width, self.height, self.opaque(), options);
        let encode = |e: png::EncodingError| ExportError::Encode(e.to_string());
        let mut writer = encoder.write_header().map_err(encode)?;
        let mut stream = writer.stream_writer().map_err(encode)?;
        self.bands(|rows| {
            (stream.write_all(rows)).map_err(|e| ExportError::Encode(e.to_string()))
        })?;
        stream.finish().map_err(encode)?;
        writer.finish().map_err(encode)?;
        Ok(bytes)
    }
}

/// Rasterises an SVG document (as written by `export::svg` with outlines) to PNG bytes, on a
/// transparent backdrop.
pub fn svg_to_png(svg: &str, options: &PngOptions) -> Result<Vec<u8>, ExportError> {
    Drawing::new(svg, options.scale, None)?.png(options)
}

/// Rasterises an SVG document, `scale` pixels per SVG unit, into one buffer.
pub fn rasterize(svg: &str, scale: f32, backdrop: Backdrop) -> Result<Raster, ExportError> {
    Drawing::new(svg, scale, backdrop)?.raster()
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
    encoder.set_filter(png::Filter::Adaptive);
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
