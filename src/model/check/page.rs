//! The page: its width, its fixed or growing height, its margins (one number or a table of sides, and
//! whether they leave room for content) and its background. Also [`Margins::uniform`].

use toml::Spanned;

use super::values::{describe, fmt_num, Rule};
use super::Checker;
use crate::model::{Margins, Page, Theme};
use crate::spec::{MarginKind, RawMargin, RawPage};

const DEFAULT_WIDTH: f64 = 1080.0;
const DEFAULT_MARGIN: f64 = 64.0;
const MAX_WIDTH: f64 = 20000.0;
const MAX_HEIGHT: f64 = 100000.0;

impl Checker<'_> {
    pub(in crate::model) fn page(&mut self, raw: Option<&RawPage>, theme: &Theme) -> Page {
        let width = match raw.and_then(|p| p.width.as_ref()) {
            Some(w) => self.number(w, "page.width", Rule::PositiveUpTo(MAX_WIDTH)),
            None => DEFAULT_WIDTH as f32,
        };
        let height = raw
            .and_then(|p| p.height.as_ref())
            .and_then(|h| self.height(h));
        let margin = match raw.and_then(|p| p.margin.as_ref()) {
            None => Margins::uniform(DEFAULT_MARGIN as f32),
            Some(m) => self.margin(m, width, height),
        };
        let background = match raw.and_then(|p| p.background.as_ref()) {
            Some(b) => self.colour(b, "page.background"),
            None => theme.palette.background,
        };
        Page {
            width,
            height,
            margin,
            background,
        }
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
