//! The page: its width, its fixed or growing height, its margins (one number or a table of sides, and
//! whether they leave room for content) and its background. Also [`Margins::uniform`].

use toml::Spanned;

use super::values::{describe, fmt_num, Rule};
use super::Checker;
use crate::model::{preset, Margins, Page, Theme};
use crate::spec::{MarginKind, RawMargin, RawPage};

const DEFAULT_WIDTH: f64 = 1080.0;
const DEFAULT_MARGIN: f64 = 64.0;
const MAX_WIDTH: f64 = 20000.0;
const MAX_HEIGHT: f64 = 100000.0;

impl Checker<'_> {
    pub(in crate::model) fn page(&mut self, raw: Option<&RawPage>, theme: &Theme) -> Page {
        let dpi = match raw.and_then(|p| p.dpi.as_ref()) {
            Some(d) => self.number(d, "page.dpi", Rule::PositiveUpTo(2400.0)),
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
        let (width, height) = match chosen {
            Some(p) => p.pixels(dpi),
            None => {
                let width = match raw.and_then(|p| p.width.as_ref()) {
                    Some(w) => self.number(w, "page.width", Rule::PositiveUpTo(MAX_WIDTH)),
                    None => DEFAULT_WIDTH as f32,
                };
                (
                    width,
                    raw.and_then(|p| p.height.as_ref())
                        .and_then(|h| self.height(h)),
                )
            }
        };
        let margin = match raw.and_then(|p| p.margin.as_ref()) {
            None => Margins::uniform(DEFAULT_MARGIN as f32),
            Some(m) => self.margin(m, width, height),
        };
        let background = match raw.and_then(|p| p.background.as_ref()) {
            Some(b) => self.colour(b, "page.background"),
            None => theme.palette.background,
        };
        let print =
            chosen.is_some_and(|p| matches!(p.size, preset::PresetSize::Millimetres { .. }));
        let page = Page {
            width,
            height,
            margin,
            background,
            preset: chosen.map(|p| p.name),
            dpi: if print { dpi } else { preset::SCREEN_DPI },
            safe: chosen.map(|p| p.safe).unwrap_or_default(),
            size_mm: chosen.and_then(|p| p.size_mm()),
            prepress: crate::model::Prepress::default(),
        };
        // Safe areas are applied when the page is sized for its preset (`model::preset::variant`).
        page
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

    fn height(&mut self, h: &Spanned<toml::Value>) -> Option<f32> {
        let key = "page.height";
        match h.get_ref() {
            toml::Value::String(s) if s == "auto" => None,
            toml::Value::String(s) => {
                self.problem(
                    h.span(),
                    key,
                    format!("expected a number of pixels or \"auto\", found {s:?}"),
                );
                None
            }
            toml::Value::Integer(_) | toml::Value::Float(_) => {
                let x = h
                    .get_ref()
                    .as_float()
                    .unwrap_or_else(|| h.get_ref().as_integer().unwrap_or(0) as f64);
                let v = Spanned::new(h.span(), x);
                Some(self.number(&v, key, Rule::PositiveUpTo(MAX_HEIGHT)))
            }
            other => {
                let found = describe(other);
                self.problem(
                    h.span(),
                    key,
                    format!("expected a number of pixels or \"auto\", found {found}"),
                );
                None
            }
        }
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
