//! Print pages: a page's width and height written as lengths with a unit (`"250mm"`, `"25cm"`,
//! `"9.8in"`), the whole pixels they make at the page's dpi, and the prepress keys of a print page
//! (`bleed`, `crop_marks`).

use std::ops::Range;

use crate::spec::Spanned;

use super::values::{describe, fmt_num, Rule};
use super::Checker;
use crate::model::{preset, Prepress, SizeMm};
use crate::spec::RawPage;

/// The longest side a print page may have, in mm: a large poster, not a billboard.
const MAX_MM: f64 = 5000.0;
/// The widest bleed, in mm (printers ask for 3 to 5).
const MAX_BLEED_MM: f64 = 20.0;
/// The units a length may be written in, and their size in mm.
const UNITS: [(&str, f64); 3] = [("mm", 1.0), ("cm", 10.0), ("in", 25.4)];

/// A side of the page as written.
pub(super) enum Side {
    /// A number of pixels, not yet checked.
    Pixels(Spanned<f64>),
    /// A length within (0, [`MAX_MM`]] mm, with its text and span as written.
    Length {
        mm: f64,
        written: String,
        span: Range<usize>,
    },
    /// `"auto"` (a height only): the page grows with its content.
    Auto,
    /// Something that is neither; already reported.
    Bad,
}

/// A page's size: width and fixed or growing height in pixels, and for a print page its size in mm.
pub(super) struct Size {
    pub width: f32,
    pub height: Option<f32>,
    pub size_mm: Option<SizeMm>,
}

/// What went wrong reading a length.
#[derive(Debug, PartialEq)]
enum LengthError {
    /// Not a number followed by a unit.
    NotALength,
    /// A number with no unit.
    NoUnit(f64),
    /// A number with a unit yitu does not take.
    UnknownUnit(String),
}

/// A length written as a number and a unit (`"250mm"`, `"25 cm"`, `"9.8in"`), in mm. The number may be
/// negative or zero here: the range is the caller's to check.
fn length_mm(written: &str) -> Result<f64, LengthError> {
    let s = written.trim();
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '+' | '-')))
        .unwrap_or(s.len());
    let number: f64 = s[..end].parse().map_err(|_| LengthError::NotALength)?;
    if !number.is_finite() {
        return Err(LengthError::NotALength);
    }
    let unit = s[end..].trim();
    if unit.is_empty() {
        return Err(LengthError::NoUnit(number));
    }
    let lower = unit.to_ascii_lowercase();
    match UNITS.iter().find(|(name, _)| *name == lower) {
        Some((_, mm)) => Ok(number * mm),
        None => Err(LengthError::UnknownUnit(unit.to_owned())),
    }
}

impl Checker<'_> {
    /// `page.width` (`auto` false) or `page.height` (`auto` true) as written: pixels, a length or "auto".
    pub(super) fn side(&mut self, v: &Spanned<toml::Value>, key: &str, auto: bool) -> Side {
        let name = &key[5..];
        let expected = if auto {
            "a number of pixels, a length like \"297mm\" or \"auto\""
        } else {
            "a number of pixels or a length like \"210mm\""
        };
        let written = match v.get_ref() {
            toml::Value::Integer(i) => return Side::Pixels(Spanned::new(v.span(), *i as f64)),
            toml::Value::Float(f) => return Side::Pixels(Spanned::new(v.span(), *f)),
            toml::Value::String(s) if auto && s == "auto" => return Side::Auto,
            toml::Value::String(s) => s,
            other => {
                let found = describe(other);
                self.problem(v.span(), key, format!("expected {expected}, found {found}"));
                return Side::Bad;
            }
        };
        let help = match length_mm(written) {
            Ok(mm) if mm > 0.0 && mm <= MAX_MM => {
                return Side::Length {
                    mm,
                    written: written.clone(),
                    span: v.span(),
                }
            }
            Ok(mm) => {
                let in_mm = if written.trim_end().to_ascii_lowercase().ends_with("mm") {
                    String::new()
                } else {
                    format!(" ({} mm)", fmt_num(mm))
                };
                self.problem(
                    v.span(),
                    key,
                    format!(
                        "expected a length greater than 0 and at most {} mm, found {written:?}{in_mm}",
                        fmt_num(MAX_MM)
                    ),
                );
                return Side::Bad;
            }
            Err(LengthError::NoUnit(n)) => Some(format!(
                "add the unit, \"{n}mm\", or write pixels as a plain number: {name} = {n}"
            )),
            Err(LengthError::UnknownUnit(unit)) if unit.eq_ignore_ascii_case("px") => {
                let n = written.trim().trim_end_matches(unit.as_str()).trim();
                Some(format!("write pixels as a plain number: {name} = {n}"))
            }
            Err(LengthError::UnknownUnit(_)) => Some(
                "write a print size in mm, cm or in: \"250mm\", \"25cm\", \"9.8in\"".to_owned(),
            ),
            Err(LengthError::NotALength) => None,
        };
        self.problem(
            v.span(),
            key,
            format!("expected {expected}, found {written:?}"),
        )
        .help = help;
        Side::Bad
    }

    /// The page's size from its sides as written (a missing width is 1080 pixels, a missing height grows):
    /// pixels as they are, or lengths made whole pixels at `dpi`. Both sides must be in the same unit.
    pub(super) fn size(&mut self, width: Option<Side>, height: Option<Side>, dpi: f32) -> Size {
        let (width_px, width_mm, width_in_px) = match &width {
            None => (
                preset::DESIGN_WIDTH,
                None,
                Some("no width (1080 pixels by default)".to_owned()),
            ),
            Some(Side::Pixels(v)) => {
                let px = self.number(v, "page.width", Rule::Between(1.0, super::page::MAX_WIDTH));
                (
                    px,
                    None,
                    Some(format!("width {} (pixels)", fmt_num(*v.get_ref()))),
                )
            }
            Some(Side::Length { mm, written, span }) => {
                let px = self.pixels(*mm, written, span, "page.width", dpi);
                (px, Some(*mm as f32), None)
            }
            Some(Side::Auto | Side::Bad) => (preset::DESIGN_WIDTH, None, None),
        };
        let print = width_mm.is_some();
        let mismatch = |found: String| {
            (
                format!("expected width and height in the same unit, found {found}"),
                "give both as lengths (\"250mm\", \"25cm\", \"9.8in\") for a print page, or both as numbers of pixels",
            )
        };
        let (height_px, height_mm) = match height {
            None | Some(Side::Auto | Side::Bad) => (None, None),
            Some(Side::Pixels(v)) => {
                if let (Some(Side::Length { written, .. }), true) = (&width, print) {
                    let (message, help) = mismatch(format!(
                        "width {written:?} and height {} (pixels)",
                        fmt_num(*v.get_ref())
                    ));
                    self.problem(v.span(), "page.height", message).help = Some(help.into());
                    (None, None)
                } else {
                    let max = Rule::Between(1.0, super::page::MAX_HEIGHT);
                    (Some(self.number(&v, "page.height", max)), None)
                }
            }
            Some(Side::Length { mm, written, span }) => match width_in_px {
                Some(w) => {
                    let (message, help) = mismatch(format!("{w} and height {written:?}"));
                    self.problem(span, "page.height", message).help = Some(help.into());
                    (None, None)
                }
                None => (
                    Some(self.pixels(mm, &written, &span, "page.height", dpi)),
                    Some(mm as f32),
                ),
            },
        };
        Size {
            width: width_px,
            height: height_px,
            size_mm: width_mm.map(|width| SizeMm {
                width,
                height: height_mm,
            }),
        }
    }

    /// A length of `mm` (written `written` at `span`) in whole pixels at `dpi`, within the pixel sizes a
    /// page may have.
    fn pixels(&mut self, mm: f64, written: &str, span: &Range<usize>, key: &str, dpi: f32) -> f32 {
        let (max, side) = if key == "page.width" {
            (super::page::MAX_WIDTH, "wide")
        } else {
            (super::page::MAX_HEIGHT, "high")
        };
        let px = preset::mm_to_px(mm as f32, dpi).round();
        if f64::from(px) > max {
            let fits = (max * 25.4 / mm).floor();
            self.problem(
                span.clone(),
                key,
                format!(
                    "expected a page at most {} px {side}, found {written:?}: {} px at {} dpi",
                    fmt_num(max),
                    fmt_num(px.into()),
                    fmt_num(dpi.into())
                ),
            )
            .help = Some(format!(
                "lower `dpi` to {} or less, or give a smaller size",
                fmt_num(fits)
            ));
        } else if px < 1.0 {
            self.problem(
                span.clone(),
                key,
                format!(
                    "expected a page at least 1 px {side}, found {written:?}: 0 px at {} dpi",
                    fmt_num(dpi.into())
                ),
            )
            .help = Some("give a larger size, or raise `dpi`".into());
        }
        px
    }

    /// `bleed` and `crop_marks`, which only a print page takes: `print` says whether the page is one or
    /// has a print variant.
    pub(super) fn prepress(&mut self, raw: Option<&RawPage>, print: bool) -> Prepress {
        let mut out = Prepress::default();
        let Some(raw) = raw else { return out };
        let spans = [
            ("bleed", raw.bleed.as_ref().map(|b| b.span())),
            ("crop_marks", raw.crop_marks.as_ref().map(|c| c.span())),
        ];
        if !print {
            for (name, span) in spans {
                if let Some(span) = span {
                    self.problem(
                        span,
                        format!("page.{name}"),
                        format!(
                            "expected `{name}` only on a print page (a page in mm, a print preset or a print variant), found a screen page"
                        ),
                    )
                    .help = Some(format!(
                        "remove `{name}`, or make the page a print page: width = \"210mm\", preset = \"a4\" or variants = [\"a4\"]"
                    ));
                }
            }
            return out;
        }
        if let Some(b) = &raw.bleed {
            let mm = *b.get_ref();
            if mm.is_finite() && (0.0..=MAX_BLEED_MM).contains(&mm) {
                out.bleed_mm = mm as f32;
            } else {
                self.problem(
                    b.span(),
                    "page.bleed",
                    format!(
                        "expected a bleed in mm from 0 to {}, found {}",
                        fmt_num(MAX_BLEED_MM),
                        fmt_num(mm)
                    ),
                );
            }
        }
        if let Some(c) = &raw.crop_marks {
            out.crop_marks = *c.get_ref();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_in_mm_cm_and_inches() {
        assert_eq!(length_mm("250mm"), Ok(250.0));
        assert_eq!(length_mm("90.5mm"), Ok(90.5));
        assert_eq!(length_mm(" 25 cm "), Ok(250.0));
        assert_eq!(length_mm("10in"), Ok(254.0));
        assert_eq!(length_mm("210MM"), Ok(210.0));
        assert_eq!(length_mm("-5mm"), Ok(-5.0));
        assert_eq!(length_mm("250"), Err(LengthError::NoUnit(250.0)));
        assert_eq!(
            length_mm("250pt"),
            Err(LengthError::UnknownUnit("pt".into()))
        );
        assert_eq!(length_mm("wide"), Err(LengthError::NotALength));
        assert_eq!(length_mm("mm"), Err(LengthError::NotALength));
        assert_eq!(length_mm("1.2.3mm"), Err(LengthError::NotALength));
        assert_eq!(length_mm(""), Err(LengthError::NotALength));
    }
}
