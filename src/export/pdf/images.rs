//! The pictures of a PDF: each distinct image file of the scenes written once as an image XObject at its
//! own resolution, whatever number of pages or boxes draw it (a logo on every page of a carousel is one
//! object). Named by order of first use, so the file does not depend on anything but the scenes.
//!
//! A JPEG of grey or RGB channels on an RGB page is embedded as it was read (DCTDecode), never decoded
//! and re-compressed. Otherwise the pixels are decoded and written deflated: RGB, with a soft mask when
//! any pixel is translucent; on a CMYK page (print) converted to DeviceCMYK by the same unmanaged
//! conversion the page's colours use ([`Cmyk::from_rgb`]): yitu carries no ICC profiles, so a photo's
//! inks are approximate — a prepress department converting with its press profile should be given the
//! RGB PDF (`yitu` without print settings) or the original photo.

use std::sync::Arc;

use pdf_writer::{Filter, Finish, Pdf, Ref};

use super::content::ColorSpace;
use super::deflate;
use crate::model::{Cmyk, ImageFormat, ImageSource};
use crate::scene::{Item, Scene};

pub struct PdfImages {
    /// Each distinct source, in order of first use; its resource name is `Im` and its index.
    sources: Vec<Arc<ImageSource>>,
}

impl PdfImages {
    pub fn collect(scenes: &[&Scene]) -> PdfImages {
        let mut sources: Vec<Arc<ImageSource>> = Vec::new();
        for scene in scenes {
            for item in &scene.items {
                if let Item::Image(image) = item {
                    if !sources
                        .iter()
                        .any(|s| Arc::ptr_eq(s, &image.source) || **s == *image.source)
                    {
                        sources.push(image.source.clone());
                    }
                }
            }
        }
        PdfImages { sources }
    }

    /// The resource name of the XObject drawing `source`.
    pub fn name(&self, source: &Arc<ImageSource>) -> Option<String> {
        self.sources
            .iter()
            .position(|s| Arc::ptr_eq(s, source) || **s == **source)
            .map(|i| format!("Im{i}"))
    }

    /// Writes every XObject; returns each one's resource name and reference.
    pub fn write(
        &self,
        pdf: &mut Pdf,
        next_ref: &mut impl FnMut() -> Ref,
        space: ColorSpace,
    ) -> Vec<(String, Ref)> {
        let mut refs = Vec::new();
        for (i, source) in self.sources.iter().enumerate() {
            let id = next_ref();
            refs.push((format!("Im{i}"), id));
            let (w, h) = (source.width as i32, source.height as i32);
            let grey = (source.format == ImageFormat::Jpeg && space == ColorSpace::Rgb)
                .then(|| crate::model::image::jpeg_is_grey(&source.bytes))
                .flatten();
            if let Some(grey) = grey {
                let mut x = pdf.image_xobject(id, &source.bytes);
                x.width(w).height(h).bits_per_component(8);
                x.filter(Filter::DctDecode);
                if grey {
                    x.color_space().device_gray();
                } else {
                    x.color_space().device_rgb();
                }
                x.finish();
                continue;
            }
            // Checked whole by the model; a file that no longer decodes draws nothing.
            let Some(pixels) = crate::model::image::decode(&source.bytes) else {
                let white = deflate(&[255, 255, 255]);
                let mut x = pdf.image_xobject(id, &white);
                x.width(1).height(1).bits_per_component(8);
                x.filter(Filter::FlateDecode);
                x.color_space().device_rgb();
                x.finish();
                continue;
            };
            let channels = if space == ColorSpace::Cmyk { 4 } else { 3 };
            let mut colour = Vec::with_capacity(pixels.len() / 4 * channels);
            let mut alpha = Vec::new();
            for p in pixels.pixels() {
                let [r, g, b, a] = p.0;
                if space == ColorSpace::Cmyk {
                    let ink = Cmyk::from_rgb(r, g, b);
                    colour.extend(
                        [ink.c, ink.m, ink.y, ink.k].map(|v| (v as f32 * 2.55).round() as u8),
                    );
                } else {
                    colour.extend([r, g, b]);
                }
                if source.alpha {
                    alpha.push(a);
                }
            }
            let mask = source.alpha.then(&mut *next_ref);
            let data = deflate(&colour);
            let mut x = pdf.image_xobject(id, &data);
            x.width(w).height(h).bits_per_component(8);
            x.filter(Filter::FlateDecode);
            if space == ColorSpace::Cmyk {
                x.color_space().device_cmyk();
            } else {
                x.color_space().device_rgb();
            }
            if let Some(mask) = mask {
                x.s_mask(mask);
            }
            x.finish();
            if let Some(mask) = mask {
                let data = deflate(&alpha);
                let mut m = pdf.image_xobject(mask, &data);
                m.width(w).height(h).bits_per_component(8);
                m.filter(Filter::FlateDecode);
                m.color_space().device_gray();
                m.finish();
            }
        }
        refs
    }
}
