//! The page: its size (a preset, pixels, or a print size read in `print.rs`), its margins (one number or a
//! table of sides, and whether they leave room for content), its background and its print keys. Also
//! [`Margins::uniform`].

use std::ops::Range;

use crate::spec::Spanned;

use super::print;
use super::values::{fmt_num, quoted, Rule};
use super::Checker;
use crate::diagnostics::Problem;
use crate::model::{limits, preset, Margins, Page, Theme};
use crate::spec::{MarginKind, RawMargin, RawPage};

const DEFAULT_MARGIN: f64 = 64.0;
pub(super) const MAX_WIDTH: f64 = limits::PAGE_WIDTH;
pub(super) const MAX_HEIGHT: f64 = limits::PAGE_HEIGHT;

impl Checker<'_> {
    /// The page; `variants` (already checked) say whether a screen page may take the print keys.
    pub(in crate::model) fn page(
        &mut self,
        raw: Option<&RawPage>,
        theme: &Theme,
        variants: &[&'static str],
    ) -> Page {
        let problems_before = self.problems.len();
        let dpi = match raw.and_then(|p| p.dpi.as_ref()) {
            Some(d) => {
                let before = self.problems.len();
                let dpi = self.number(d, "page.dpi", Rule::PositiveUpTo(2400.0));
                // A wrong dpi is reported once, not again by every length it would size.
                if self.problems.len() == before {
                    dpi
                } else {
                    preset::PRINT_DPI
                }
            }
            None => preset::PRINT_DPI,
        };
        let chosen = raw
            .and_then(|p| p.preset.as_ref())
            .and_then(|p| self.preset_name(p, "page.preset"));
        if let (Some(_), Some(raw)) = (chosen, raw) {
            for (value, key) in [
                (raw.width.as_ref().map(|w| w.span()), "page.width"),
                (raw.height.as_ref().map(|h| h.span()), "page.height"),
            ] {
                if let Some(span) = value {
                    self.problem(
                        span,
                        key,
                        format!("expected either `preset` or `{}`, found both", &key[5..]),
                    );
                }
            }
        }
        let size = match chosen {
            Some(p) => {
                let (width, height) = p.pixels(dpi);
                print::Size {
                    width,
                    height,
                    size_mm: p.size_mm(),
                }
            }
            None => {
                let width = raw
                    .and_then(|p| p.width.as_ref())
                    .map(|w| self.side(w, "page.width", false));
                let height = raw
                    .and_then(|p| p.height.as_ref())
                    .map(|h| self.side(h, "page.height", true));
                self.size(width, height, dpi)
            }
        };
        let (width, height) = (size.width, size.height);
        // A page of a preset or in mm is laid out as designed for 1080 px (`model::load`): its margins
        // must leave room on that design.
        let design = if chosen.is_some() || size.size_mm.is_some() {
            let s = preset::scale((preset::DESIGN_WIDTH, None), (width, height));
            ((width / s).round(), height.map(|h| (h / s).round()))
        } else {
            (width, height)
        };
        let margin = match raw.and_then(|p| p.margin.as_ref()) {
            None => {
                let margin = Margins::uniform(DEFAULT_MARGIN as f32);
                self.room_within_default_margins(raw, design.0, &margin);
                margin
            }
            Some(m) => self.margin(m, design.0, design.1),
        };
        // A size already reported (a side too long at this dpi) is not reported again as an area.
        if self.problems.len() == problems_before {
            let print = chosen.is_some() || size.size_mm.is_some();
            self.page_pixels(raw, print, width, height, dpi, variants);
        }
        let background = match raw.and_then(|p| p.background.as_ref()) {
            Some(b) => self.colour(b, "page.background"),
            None => theme.palette.background,
        };
        let print = size.size_mm.is_some();
        let print_variant = variants
            .iter()
            .any(|v| preset::preset(v).is_some_and(|p| p.is_print()));
        let prepress = self.prepress(raw, print || print_variant);
        // Safe areas are applied when the page is sized for its preset (`model::preset::relay`).
        Page {
            width,
            height,
            margin,
            background,
            preset: chosen.map(|p| p.name),
            dpi: if print { dpi } else { preset::SCREEN_DPI },
            print_dpi: dpi,
            safe: chosen.map(|p| p.safe).unwrap_or_default(),
            size_mm: size.size_mm,
            prepress,
            overflow: self.overflow(raw.and_then(|p| p.overflow.as_ref())),
            fit: raw.and_then(|p| p.fit.as_ref()).map(|v| {
                use crate::model::Fit;
                self.choice(
                    v,
                    "page.fit",
                    &[("shrink", Fit::Shrink), ("none", Fit::None)],
                )
            }),
            missing_glyphs: self.text_check.missing,
            design_scale: 1.0,
            logo: None,
            background_image: None,
            band_image: None,
        }
    }

    /// `page.overflow`: `"error"` or `"pages"`.
    fn overflow(&mut self, raw: Option<&Spanned<String>>) -> crate::model::Overflow {
        use crate::model::Overflow;
        let options = [("error", Overflow::Error), ("pages", Overflow::Pages)];
        raw.map_or(Overflow::Error, |v| {
            self.choice(v, "page.overflow", &options)
        })
    }

    /// `page.missing_glyphs`: `"error"` or `"drop"`, kept in the checker for the texts checked after it.
    pub(in crate::model) fn missing_glyphs(&mut self, raw: Option<&RawPage>) {
        use crate::model::MissingGlyphs;
        let options = [
            ("error", MissingGlyphs::Error),
            ("drop", MissingGlyphs::Drop),
        ];
        if let Some(v) = raw.and_then(|p| p.missing_glyphs.as_ref()) {
            self.text_check.missing = self.choice(v, "page.missing_glyphs", &options);
        }
    }

    /// One of two words (`options`, the first the default): the value it names, or a problem suggesting
    /// the nearest and the default.
    fn choice<T: Copy>(&mut self, v: &Spanned<String>, key: &str, options: &[(&str, T); 2]) -> T {
        let found = v.get_ref().as_str();
        if let Some((_, value)) = options.iter().find(|(word, _)| *word == found) {
            return *value;
        }
        let words = options.map(|(word, _)| word);
        let help = crate::diagnostics::did_you_mean(found, &words);
        let message = format!(
            "expected {:?} or {:?}, found {}",
            words[0],
            words[1],
            quoted(found)
        );
        let problem = crate::diagnostics::Problem::at(self.src, v.span(), key, message);
        self.problems.push(problem.with_help_opt(help));
        options[0].1
    }

    /// A preset named at `key`, or a problem suggesting the nearest name.
    fn preset_name(
        &mut self,
        name: &Spanned<String>,
        key: &str,
    ) -> Option<&'static preset::Preset> {
        let found = preset::preset(name.get_ref());
        if found.is_none() {
            let names = preset::names();
            let help = crate::diagnostics::did_you_mean(name.get_ref(), &names);
            let problem = crate::diagnostics::Problem::at(
                self.src,
                name.span(),
                key,
                format!(
                    "expected a size preset ({}), found {}",
                    names.join(", "),
                    quoted(name.get_ref())
                ),
            )
            .with_help_opt(help);
            self.problems.push(problem);
        }
        found
    }

    /// The presets listed in `page.variants`.
    pub(in crate::model) fn variants(&mut self, raw: Option<&RawPage>) -> Vec<&'static str> {
        let Some(list) = raw.and_then(|p| p.variants.as_ref()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, name) in list.get_ref().iter().enumerate() {
            if let Some(p) = self.preset_name(name, &format!("page.variants[{i}]")) {
                if out.contains(&p.name) {
                    self.problem(
                        name.span(),
                        format!("page.variants[{i}]"),
                        format!("expected each preset once, found {:?} twice", p.name),
                    );
                } else {
                    out.push(p.name);
                }
            }
        }
        out
    }

    fn margin(&mut self, m: &RawMargin, width: f32, height: Option<f32>) -> Margins {
        let before = self.problems.len();
        // Where to point at the margin as a whole: its value, or (dotted keys have no span) a side.
        let span = m.span.clone().or_else(|| match &m.kind {
            MarginKind::Sides(s) => [&s.top, &s.right, &s.bottom, &s.left]
                .into_iter()
                .flatten()
                .map(|v| v.span())
                .next(),
            MarginKind::Uniform(_) => None,
        });
        let margins = match &m.kind {
            MarginKind::Uniform(x) => {
                let v = Spanned::new(span.clone().unwrap_or(0..0), *x);
                Margins::uniform(self.number(&v, "page.margin", Rule::NonNegative))
            }
            MarginKind::Sides(s) => {
                let mut side = |v: &Option<Spanned<f64>>, key: &str| match v {
                    Some(v) => self.number(v, key, Rule::NonNegative),
                    None => DEFAULT_MARGIN as f32,
                };
                Margins {
                    top: side(&s.top, "page.margin.top"),
                    right: side(&s.right, "page.margin.right"),
                    bottom: side(&s.bottom, "page.margin.bottom"),
                    left: side(&s.left, "page.margin.left"),
                }
            }
        };
        // Only when the sides themselves are fine: do they leave room for content?
        if self.problems.len() == before {
            if width > 0.0 && margins.left + margins.right + limits::CONTENT_WIDTH > width {
                self.problem_opt(
                    span.clone(),
                    "page.margin",
                    format!(
                        "expected left and right margins that leave at least {} px for content on a page {} wide, found {} + {}",
                        fmt_num(limits::CONTENT_WIDTH as f64),
                        fmt_num(width as f64),
                        fmt_num(margins.left as f64),
                        fmt_num(margins.right as f64)
                    ),
                );
            }
            if let Some(h) = height.filter(|h| *h > 0.0) {
                if margins.top + margins.bottom >= h {
                    self.problem_opt(
                        span.clone(),
                        "page.margin",
                        format!(
                            "expected top and bottom margins that leave room on a page {} high, found {} + {}",
                            fmt_num(h as f64),
                            fmt_num(margins.top as f64),
                            fmt_num(margins.bottom as f64)
                        ),
                    );
                }
            }
        }
        margins
    }
}

impl Checker<'_> {
    /// A page too narrow for the default margins and a column of content (a `width` of 100 px).
    fn room_within_default_margins(&mut self, raw: Option<&RawPage>, width: f32, margin: &Margins) {
        let needed = margin.left + margin.right + limits::CONTENT_WIDTH;
        let Some(given) = raw.and_then(|p| p.width.as_ref()) else {
            return;
        };
        if width > 0.0 && width < needed {
            self.problem(
                given.span(),
                "page.width",
                format!(
                    "expected a page at least {} px wide (the default margins of {} px on each side and {} px for content), found {}",
                    fmt_num(needed as f64),
                    fmt_num(DEFAULT_MARGIN),
                    fmt_num(limits::CONTENT_WIDTH as f64),
                    fmt_num(width as f64)
                ),
            )
            .help = Some("give a wider page, or narrower margins (`margin = 16`)".into());
        }
    }

    /// A page larger in pixels than any page may be: a print page at too high a dpi (`preset = "a3"`,
    /// `dpi = 2400`) or a large page in pixels; and every print variant at the page's dpi.
    fn page_pixels(
        &mut self,
        raw: Option<&RawPage>,
        print: bool,
        width: f32,
        height: Option<f32>,
        dpi: f32,
        variants: &[&'static str],
    ) {
        let dpi_span = raw.and_then(|p| p.dpi.as_ref()).map(|d| d.span());
        let height_span = raw.and_then(|p| p.height.as_ref()).map(|h| h.span());
        let preset_span = raw.and_then(|p| p.preset.as_ref()).map(|p| p.span());
        if let Some(height) = height {
            let (span, key) = match (print, dpi_span.clone(), height_span) {
                (true, Some(span), _) => (Some(span), "page.dpi"),
                (_, _, Some(span)) => (Some(span), "page.height"),
                _ => (preset_span, "page.preset"),
            };
            self.within_page_pixels(span, key, "a page", (width, height), print.then_some(dpi));
        }
        for (i, name) in variants.iter().enumerate() {
            let Some(p) = preset::preset(name).filter(|p| p.is_print()) else {
                continue;
            };
            let (w, h) = p.pixels(dpi);
            let (span, key) = match dpi_span.clone() {
                Some(span) => (Some(span), "page.dpi".to_string()),
                None => (None, format!("page.variants[{i}]")),
            };
            let what = format!("the `{name}` variant");
            self.within_page_pixels(span, &key, &what, (w, h.unwrap_or(w)), Some(dpi));
        }
    }

    /// One page's size against the limits; `dpi` when it is a print size (the help then names the
    /// highest dpi that fits).
    fn within_page_pixels(
        &mut self,
        span: Option<Range<usize>>,
        key: &str,
        what: &str,
        (width, height): (f32, f32),
        dpi: Option<f32>,
    ) {
        let (w, h) = (f64::from(width), f64::from(height));
        let ratio = (limits::PAGE_PIXELS / (w * h))
            .sqrt()
            .min(limits::PAGE_WIDTH / w)
            .min(limits::PAGE_HEIGHT / h);
        if ratio >= 1.0 {
            return;
        }
        let message = format!(
            "expected {what} of at most {} × {} px and {} pixels in all, found {} × {}",
            fmt_num(limits::PAGE_WIDTH),
            fmt_num(limits::PAGE_HEIGHT),
            fmt_num(limits::PAGE_PIXELS),
            fmt_num(w),
            fmt_num(h),
        );
        let help = match dpi {
            Some(dpi) => format!("lower `dpi` to {} or less", fmt_num((f64::from(dpi) * ratio).floor())),
            None => "make the page smaller, or continue the content on more pages (a smaller `height` and `overflow = \"pages\"`)".into(),
        };
        match span {
            Some(span) => self.problem(span, key, message).help = Some(help),
            None => self
                .problems
                .push(Problem::whole_file(key, message).with_help(help)),
        }
    }
}

impl Margins {
    /// The same margin on every side.
    pub fn uniform(m: f32) -> Margins {
        Margins {
            top: m,
            right: m,
            bottom: m,
            left: m,
        }
    }
}
