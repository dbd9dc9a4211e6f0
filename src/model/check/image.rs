//! Image blocks, QR code blocks and the page's logo: the image files they read (each file read once a
//! spec, within the size limits, recorded as a dependency), and their keys.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::spec::Spanned;

use super::values::{quoted, Rule};
use super::Checker;
use crate::diagnostics::did_you_mean;
use crate::model::{
    files, image, limits, BlockKind, HAlign, Image, ImageFit, ImageFormat, ImageSource, Logo,
    LogoPosition, Qr,
};
use crate::spec::{RawBlock, RawPage};

/// The largest box side, corner radius or QR code side, in pixels of the design.
const MAX_SIDE: f64 = limits::PAGE_WIDTH;
/// The default side of a QR code (with its quiet zone), in pixels of the 1080-px design: large enough
/// that a phone reads it from a printed page or another screen.
const QR_WIDTH: f32 = 240.0;
/// The smallest side of a QR code: below it the modules of a long link are too small to read.
const QR_MIN: f64 = 80.0;
/// The default logo height, in pixels of the 1080-px design.
const LOGO_HEIGHT: f32 = 56.0;

impl Checker<'_> {
    /// The image file named by `v` under `key` (see [`Checker::read_image`]), within what a spec may
    /// draw in all: [`limits::IMAGE_PIXELS_DRAWN`] and [`limits::SVG_SEGMENTS_DRAWN`], a picture
    /// counted each time it is named.
    pub(super) fn image_file(
        &mut self,
        v: &Spanned<String>,
        key: &str,
    ) -> Option<Arc<ImageSource>> {
        let source = self.read_image(v, key)?;
        let (pixels, segments) = &mut self.drawn;
        if source.format == ImageFormat::Svg {
            *segments += source.shapes.iter().map(|s| s.ops.len()).sum::<usize>();
        } else {
            *pixels += (source.width * source.height) as u64;
        }
        let (pixels, segments) = self.drawn;
        if pixels > limits::IMAGE_PIXELS_DRAWN {
            self.problem(
                v.span(),
                key,
                format!(
                    "expected pictures of at most {} million pixels in all, found {} million with this one",
                    limits::IMAGE_PIXELS_DRAWN / 1_000_000,
                    pixels / 1_000_000
                ),
            )
            .help = Some("save the pictures at the size the poster shows them".into());
            return None;
        }
        if segments > limits::SVG_SEGMENTS_DRAWN {
            self.problem(
                v.span(),
                key,
                format!(
                    "expected SVG pictures of at most {} path segments in all, found {segments} with this one",
                    limits::SVG_SEGMENTS_DRAWN
                ),
            )
            .help = Some("simplify the drawings, or draw fewer of them".into());
            return None;
        }
        Some(source)
    }

    /// The image file named by `v` under `key`: read once a spec (a second mention shares the first),
    /// within [`limits::IMAGE_BYTES`] and, all files together, [`limits::IMAGES_BYTES`]; checked by
    /// [`image::read`]; recorded as a dependency.
    fn read_image(&mut self, v: &Spanned<String>, key: &str) -> Option<Arc<ImageSource>> {
        let written = v.get_ref();
        if written.trim().is_empty() {
            self.problem(
                v.span(),
                key,
                format!("expected the path of an image file, found {written:?}"),
            );
            return None;
        }
        let path: PathBuf = self.dir.unwrap_or(std::path::Path::new("")).join(written);
        if let Some(known) = self.images.iter().find(|s| s.path == path) {
            return Some(known.clone());
        }
        let shown = path.display().to_string();
        let bytes = match files::read_at_most(&path, limits::IMAGE_BYTES) {
            Ok(b) => b,
            Err(files::FileError::TooLarge(n)) => {
                self.problem(
                    v.span(),
                    key,
                    format!(
                        "expected an image file of at most {}, found a file of {}",
                        files::size(limits::IMAGE_BYTES),
                        files::size(n)
                    ),
                )
                .help = Some(
                    "save the picture at the size the poster shows it (about twice the page's width across is plenty), as JPEG for a photo".into(),
                );
                return None;
            }
            Err(e) => {
                self.unreadable(v.span(), key, "an image file", &shown, &e);
                return None;
            }
        };
        let total: u64 = self
            .images
            .iter()
            .map(|s| s.bytes.len() as u64)
            .sum::<u64>()
            + bytes.len() as u64;
        if total > limits::IMAGES_BYTES {
            self.problem(
                v.span(),
                key,
                format!(
                    "expected image files of at most {} together, found {} with this one",
                    files::size(limits::IMAGES_BYTES),
                    files::size(total)
                ),
            )
            .help = Some("save the pictures at the size the poster shows them".into());
            return None;
        }
        match image::read(&path, bytes) {
            Ok(source) => {
                let source = Arc::new(source);
                self.dependencies.push(crate::model::Dependency {
                    path: path.clone(),
                    bytes: source.bytes.clone(),
                    used: None,
                    figures: Vec::new(),
                });
                self.images.push(source.clone());
                Some(source)
            }
            Err(e) => {
                self.problem(
                    v.span(),
                    key,
                    format!("expected {} at {shown:?}, found {}", e.expected, e.found),
                )
                .help = Some(e.help);
                None
            }
        }
    }

    /// A word of `options` at `key`, or a problem naming them all.
    fn word<T: Copy>(
        &mut self,
        v: &Spanned<String>,
        key: &str,
        options: &[(&str, T)],
    ) -> Option<T> {
        let found = v.get_ref().as_str();
        if let Some((_, value)) = options.iter().find(|(w, _)| *w == found) {
            return Some(*value);
        }
        let words: Vec<&str> = options.iter().map(|(w, _)| *w).collect();
        let list: Vec<String> = words.iter().map(|w| format!("{w:?}")).collect();
        let help = did_you_mean(found, &words);
        self.problem(
            v.span(),
            key,
            format!(
                "expected one of {}, found {}",
                list.join(", "),
                quoted(found)
            ),
        )
        .help = help;
        None
    }

    fn align(&mut self, raw: &RawBlock, at: &str) -> HAlign {
        let options = [
            ("left", HAlign::Left),
            ("center", HAlign::Center),
            ("right", HAlign::Right),
        ];
        raw.align
            .as_ref()
            .and_then(|a| self.word(a, &format!("{at}.align"), &options))
            .unwrap_or(HAlign::Center)
    }

    /// An image block: `src` required; `fit`, `align`, `width`, `height`, `radius`, `caption`, `credit`.
    pub(super) fn image_block(
        &mut self,
        raw: &RawBlock,
        bspan: &Range<usize>,
        at: &str,
    ) -> Option<BlockKind> {
        let source = match &raw.src {
            Some(src) => self.image_file(src, &format!("{at}.src")),
            None => {
                self.problem(
                    bspan.clone(),
                    format!("{at}.src"),
                    "expected a `src` key in an image block (the path of a PNG, JPEG, WebP or SVG file), found none",
                );
                None
            }
        };
        let fits = [
            ("width", ImageFit::Width),
            ("contain", ImageFit::Contain),
            ("cover", ImageFit::Cover),
        ];
        let fit = raw
            .fit
            .as_ref()
            .and_then(|f| self.word(f, &format!("{at}.fit"), &fits))
            .unwrap_or(ImageFit::Width);
        let align = self.align(raw, at);
        let side = |c: &mut Self, v: &Option<Spanned<f64>>, name: &str| {
            v.as_ref()
                .map(|v| c.number(v, &format!("{at}.{name}"), Rule::PositiveUpTo(MAX_SIDE)))
        };
        let width = side(self, &raw.width, "width");
        let height = side(self, &raw.height, "height");
        let radius = match &raw.radius {
            Some(r) => self.number(r, &format!("{at}.radius"), Rule::Between(0.0, MAX_SIDE)),
            None => 0.0,
        };
        if let (Some(h), ImageFit::Width) = (&raw.height, fit) {
            if raw.fit.is_some() {
                self.problem(
                    h.span(),
                    format!("{at}.height"),
                    "expected no `height` with fit = \"width\" (the picture's proportions give it)",
                )
                .help = Some("use fit = \"cover\" to crop the picture to this height, or \"contain\" to fit it within it".into());
            }
        }
        // A height alone means a box of that height: cover it, the way a photo on a page is cropped.
        let fit = if raw.fit.is_none() && height.is_some() {
            ImageFit::Cover
        } else {
            fit
        };
        if let (Some(source), Some(f)) = (&source, &raw.fit) {
            if source.format == ImageFormat::Svg && fit == ImageFit::Cover {
                self.problem(
                    f.span(),
                    format!("{at}.fit"),
                    "expected fit = \"width\" or \"contain\" for an SVG, found \"cover\"",
                )
                .help = Some("an SVG (a logo, a chart, a map) is drawn whole: crop it in the drawing program".into());
            }
        }
        if let (Some(source), Some(r)) = (&source, &raw.radius) {
            if source.format == ImageFormat::Svg && *r.get_ref() > 0.0 {
                self.problem(
                    r.span(),
                    format!("{at}.radius"),
                    "expected no `radius` for an SVG, which is drawn whole",
                )
                .help = Some("round the corners of a photo (PNG, JPEG, WebP)".into());
            }
        }
        let caption = self.optional_text(&raw.caption, &format!("{at}.caption"));
        let credit = self.optional_text(&raw.credit, &format!("{at}.credit"));
        source.map(|source| {
            BlockKind::Image(Image {
                source,
                fit,
                align,
                width,
                height,
                radius,
                caption,
                credit,
            })
        })
    }

    /// A QR code block: `text` (a link or any text) required; `width`, `align`, `caption`.
    pub(super) fn qr_block(
        &mut self,
        raw: &RawBlock,
        bspan: &Range<usize>,
        at: &str,
    ) -> Option<BlockKind> {
        let key = format!("{at}.text");
        let text = match &raw.text {
            Some(t) => {
                let chars = t.get_ref().chars().count();
                if t.get_ref().trim().is_empty() {
                    self.problem(
                        t.span(),
                        &key,
                        format!(
                            "expected a link or a text to encode, found {}",
                            quoted(t.get_ref())
                        ),
                    );
                } else if chars > limits::QR_CHARS {
                    self.problem(
                        t.span(),
                        &key,
                        format!(
                            "expected at most {} characters in a QR code, found {chars}",
                            limits::QR_CHARS
                        ),
                    )
                    .help = Some("a QR code on a poster carries a link: give the article's address, shortened if it is long".into());
                } else if qrcode::QrCode::new(t.get_ref().as_bytes()).is_err() {
                    self.problem(
                        t.span(),
                        &key,
                        "expected a text a QR code can hold, found one too long to encode",
                    );
                }
                Some(t.get_ref().clone())
            }
            None => {
                self.problem(
                    bspan.clone(),
                    &key,
                    "expected a `text` key in a qr block (the link to encode), found none",
                );
                None
            }
        };
        let width = match &raw.width {
            Some(w) => {
                let key = format!("{at}.width");
                let v = *w.get_ref();
                if !(QR_MIN..=MAX_SIDE).contains(&v) {
                    self.problem(
                        w.span(),
                        key,
                        format!(
                            "expected a side from {QR_MIN} to {MAX_SIDE} pixels, found {}",
                            super::values::fmt_num(v)
                        ),
                    )
                    .help = Some("a phone cannot read a QR code smaller than about 2 cm (80 px on the 1080-px design)".into());
                }
                v as f32
            }
            None => QR_WIDTH,
        };
        let align = self.align(raw, at);
        let caption = self.optional_text(&raw.caption, &format!("{at}.caption"));
        text.map(|text| {
            BlockKind::Qr(Qr {
                text,
                width,
                align,
                caption,
            })
        })
    }

    /// `[page] background_image` and `band_image`: raster pictures, which cover their area (an SVG
    /// cannot be cropped to it).
    pub(in crate::model) fn page_images(
        &mut self,
        raw: Option<&RawPage>,
    ) -> (Option<Arc<ImageSource>>, Option<Arc<ImageSource>>) {
        let Some(raw) = raw else {
            return (None, None);
        };
        let read = |c: &mut Self, v: &Option<Spanned<String>>, key: &str| {
            let v = v.as_ref()?;
            let source = c.image_file(v, key)?;
            if source.format == ImageFormat::Svg {
                c.problem(
                    v.span(),
                    key,
                    "expected a PNG, JPEG or WebP picture, found an SVG",
                )
                .help = Some(
                    "a background is cropped to cover its area, which an SVG cannot be: export it as PNG".into(),
                );
                return None;
            }
            Some(source)
        };
        let background = read(self, &raw.background_image, "page.background_image");
        let band = read(self, &raw.band_image, "page.band_image");
        (background, band)
    }

    /// `[page] logo`, `logo_position` and `logo_height`.
    pub(in crate::model) fn logo(&mut self, raw: Option<&RawPage>) -> Option<Logo> {
        let raw = raw?;
        let source = raw
            .logo
            .as_ref()
            .and_then(|l| self.image_file(l, "page.logo"));
        if raw.logo.is_none() {
            for (v, key) in [
                (
                    raw.logo_position.as_ref().map(|v| v.span()),
                    "page.logo_position",
                ),
                (
                    raw.logo_height.as_ref().map(|v| v.span()),
                    "page.logo_height",
                ),
            ] {
                if let Some(span) = v {
                    self.problem(span, key, "expected a `logo` beside this key, found none");
                }
            }
        }
        let positions = [("band", LogoPosition::Band), ("foot", LogoPosition::Foot)];
        let position = raw
            .logo_position
            .as_ref()
            .and_then(|p| self.word(p, "page.logo_position", &positions))
            .unwrap_or(LogoPosition::Band);
        let height = match &raw.logo_height {
            Some(h) => self.number(h, "page.logo_height", Rule::Between(8.0, 1000.0)),
            None => LOGO_HEIGHT,
        };
        source.map(|source| Logo {
            source,
            position,
            height,
        })
    }
}
