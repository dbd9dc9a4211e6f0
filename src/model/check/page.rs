//! The page: its size (a preset, pixels, or a print size read in `print.rs`), its margins (one number or a
//! table of sides, and whether they leave room for content), its background and its print keys. Also
//! [`Margins::uniform`].

use toml::Spanned;

use super::print;
use super::values::{fmt_num, Rule};
use super::Checker;
use crate::model::{preset, Margins, Page, Theme};
use crate::spec::{MarginKind, RawMargin, RawPage};

const DEFAULT_MARGIN: f64 = 64.0;
pub(super) const MAX_WIDTH: f64 = 20000.0;
pub(super) const MAX_HEIGHT: f64 = 100000.0;

impl Checker<'_> {
    /// The page; `variants` (already checked) say whether a screen page may take the print keys.
    pub(in crate::model) fn page(
        &mut self,
        raw: Option<&RawPage>,
        theme: &Theme,
        variants: &[&'static str],
    ) -> Page {
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
            None => Margins::uniform(DEFAULT_MARGIN as f32),
            Some(m) => self.margin(m, design.0, design.1),
        };
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
            design_scale: 1.0,
        }
    }

    /// `page.overflow`: `"error"` or `"pages"`.
    fn overflow(&mut self, raw: Option<&Spanned<String>>) -> crate::model::Overflow {
        use crate::model::Overflow;
        let Some(v) = raw else {
            return Overflow::Error;
        };
        match v.get_ref().as_str() {
            "error" => Overflow::Error,
            "pages" => Overflow::Pages,
            other => {
                let help = crate::diagnostics::did_you_mean(other, &["error", "pages"]);
                let problem = crate::diagnostics::Problem::at(
                    self.src,
                    v.span(),
                    "page.overflow",
                    format!("expected \"error\" or \"pages\", found {other:?}"),
                )
                .with_help_opt(help);
                self.problems.push(problem);
                Overflow::Error
            }
        }
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
                    "expected a size preset ({}), found {:?}",
                    names.join(", "),
                    name.get_ref()
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
            if width > 0.0 && margins.left + margins.right >= width {
                self.problem_opt(
                    span.clone(),
                    "page.margin",
                    format!(
                        "expected left and right margins that leave room on a page {} wide, found {} + {}",
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
