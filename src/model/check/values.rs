//! Readers of single values, shared by every part of the checker: numbers under a [`Rule`], colours,
//! texts (required, optional, non-empty), figures, and the number format keys of charts and stats (`scale`,
//! `precision`), plus how numbers and wrongly typed values are written in messages.

use std::collections::HashSet;
use std::ops::Range;

use crate::spec::Spanned;

use super::{Checker, TextCheck};
use crate::diagnostics::did_you_mean;
use crate::model::{limits, Color, MissingGlyphs};
use crate::text::coverage::{is_invisible, MissingGlyph};
use crate::text::fonts::FontBook;
use crate::text::number::{NumberFormat, Scale};
use crate::text::{is_unprintable, unprintable_name};

/// The `scale` values and what they mean.
pub(super) static SCALES: [(&str, Scale); 6] = [
    ("auto", Scale::Auto),
    ("none", Scale::None),
    ("万", Scale::Wan),
    ("亿", Scale::Yi),
    ("萬", Scale::Wan),
    ("億", Scale::Yi),
];

/// The most decimal places `precision` may ask for.
const MAX_PRECISION: i64 = 4;

/// What a number must be.
#[derive(Clone, Copy)]
pub(super) enum Rule {
    Positive,
    NonNegative,
    PositiveUpTo(f64),
    Between(f64, f64),
}

impl Checker<'_> {
    pub(super) fn number(&mut self, v: &Spanned<f64>, key: &str, rule: Rule) -> f32 {
        let x = *v.get_ref();
        let ok = x.is_finite()
            && match rule {
                Rule::Positive => x > 0.0,
                Rule::NonNegative => x >= 0.0,
                Rule::PositiveUpTo(max) => x > 0.0 && x <= max,
                Rule::Between(lo, hi) => (lo..=hi).contains(&x),
            };
        if !ok {
            let expected = match rule {
                Rule::Positive => "a number greater than 0".to_owned(),
                Rule::NonNegative => "a number of 0 or more".to_owned(),
                Rule::PositiveUpTo(max) => {
                    format!("a number greater than 0 and at most {}", fmt_num(max))
                }
                Rule::Between(lo, hi) => {
                    format!("a number from {} to {}", fmt_num(lo), fmt_num(hi))
                }
            };
            self.problem(
                v.span(),
                key,
                format!("expected {expected}, found {}", fmt_num(x)),
            );
        }
        x as f32
    }

    pub(super) fn colour(&mut self, v: &Spanned<String>, key: &str) -> Color {
        match Color::parse(v.get_ref()) {
            Some(c) => c,
            None => {
                self.problem(
                    v.span(),
                    key,
                    format!(
                        "expected a colour like \"#B71C1C\" or \"cmyk(0, 100, 100, 10)\", found {}",
                        quoted(v.get_ref())
                    ),
                )
                .help = Some(
                    "write the colour in hexadecimal (#RGB, #RRGGBB or #RRGGBBAA) or as CMYK inks in per cent, 0–100: cmyk(c, m, y, k)".into(),
                );
                Color::rgb(0, 0, 0)
            }
        }
    }

    /// A text that must not be empty, and within [`Checker::text_limits`].
    pub(super) fn text(&mut self, v: &Spanned<String>, key: &str) -> String {
        if v.get_ref().trim().is_empty() {
            self.problem(
                v.span(),
                key,
                format!("expected some text, found {}", quoted(v.get_ref())),
            );
        }
        self.text_limits(v, key);
        v.get_ref().clone()
    }

    /// An optional text (an empty one counts as absent), within [`Checker::text_limits`].
    pub(super) fn optional_text(
        &mut self,
        v: &Option<Spanned<String>>,
        key: &str,
    ) -> Option<String> {
        if let Some(v) = v {
            self.text_limits(v, key);
        }
        optional_text(v)
    }

    /// A `unit` (of a chart or a stat): an optional text of at most [`limits::UNIT_CHARS`] characters.
    pub(super) fn unit(&mut self, v: &Option<Spanned<String>>, key: &str) -> Option<String> {
        let unit = self.optional_text(v, key);
        let chars = unit.as_deref().map_or(0, |u| u.chars().count());
        if let Some(v) = v.as_ref().filter(|_| chars > limits::UNIT_CHARS) {
            self.problem(
                v.span(),
                key,
                format!(
                    "expected a unit of at most {} characters, found {}",
                    limits::UNIT_CHARS,
                    fmt_count(chars)
                ),
            )
            .help = Some(
                "a unit is a word or a sign such as 万元, %, 亿美元 or 个百分点; say more in the title or the source".into(),
            );
        }
        unit
    }

    /// Reports, at `key`, a text longer than [`limits::TEXT_CHARS`] characters (no poster sets that much
    /// in one piece, and the limit bounds the time and memory its layout takes) and a text holding a
    /// character that cannot be printed ([`unprintable`]).
    pub(super) fn text_limits(&mut self, v: &Spanned<String>, key: &str) {
        let chars = v.get_ref().chars().count();
        if chars > limits::TEXT_CHARS {
            self.problem(
                v.span(),
                key,
                format!(
                    "expected a text of at most {} characters, found {}",
                    fmt_count(limits::TEXT_CHARS),
                    fmt_count(chars)
                ),
            )
            .help = Some("split it into several paragraphs".into());
        }
        if let Some((message, help)) = text_problem(v.get_ref(), &self.text_check) {
            self.problem(v.span(), key, message).help = Some(help);
        }
    }

    /// Reports more than `max` entries (`what`: "blocks", "items") in `entries` under `key`, with `help`,
    /// pointing at the first entry past the limit (the whole array could be thousands of lines).
    pub(super) fn count_limit<T>(
        &mut self,
        entries: &[Spanned<T>],
        key: &str,
        max: usize,
        what: &str,
        help: &str,
    ) {
        let count = entries.len();
        if let Some(first_past) = entries.get(max) {
            self.problem(
                first_past.span(),
                key,
                format!(
                    "expected at most {} {what}, found {}",
                    fmt_count(max),
                    fmt_count(count)
                ),
            )
            .help = Some(help.into());
        }
    }

    pub(super) fn required_text(
        &mut self,
        v: &Option<Spanned<String>>,
        block: &Range<usize>,
        at: &str,
        name: &str,
        ty: &str,
    ) -> Option<String> {
        let key = format!("{at}.{name}");
        match v {
            Some(v) => Some(self.text(v, &key)),
            None => {
                self.problem(
                    block.clone(),
                    key,
                    format!("expected a `{name}` key in a {ty} block, found none"),
                );
                None
            }
        }
    }

    /// A figure: a number (printed in its shortest form) or a non-empty string of at most
    /// [`limits::FIGURE_CHARS`] characters.
    pub(super) fn figure(&mut self, v: &Spanned<toml::Value>, key: &str) -> Option<String> {
        match v.get_ref() {
            toml::Value::String(s) => {
                if let Some((message, help)) = long_figure(s) {
                    self.problem(v.span(), key, message).help = Some(help);
                }
                Some(self.text(&Spanned::new(v.span(), s.clone()), key))
            }
            toml::Value::Float(f) if !f.is_finite() => {
                self.problem(
                    v.span(),
                    key,
                    format!(
                        "expected a finite number or a string, found {}",
                        fmt_num(*f)
                    ),
                );
                None
            }
            other => match number_text(other) {
                Some(s) if self.within_magnitude(v.span(), key, as_number(other)) => Some(s),
                Some(_) => None,
                None => {
                    let found = describe(other);
                    self.problem(
                        v.span(),
                        key,
                        format!("expected a number or a string, found {found}"),
                    );
                    None
                }
            },
        }
    }
}

impl Checker<'_> {
    /// The decimals a number at `span` of the spec was written with (`6.0`: 1; TOML reads it back as 6),
    /// 0 for anything else (a reference to the data file, a value of another file).
    pub(super) fn written_decimals(&self, span: Range<usize>) -> usize {
        match &self.current {
            None => self
                .src
                .get(span)
                .map_or(0, crate::text::number::decimals_written),
            Some(_) => 0,
        }
    }

    /// `scale` (of a chart or a stat at `at`): one of [`SCALES`], with a suggestion for `wan`, `yi` and
    /// typos. A wrong one reads as `Scale::Auto` (the block is rejected anyway).
    pub(super) fn scale(&mut self, s: &Spanned<String>, at: &str) -> Scale {
        let written = s.get_ref().as_str();
        if let Some((_, scale)) = SCALES.iter().find(|(n, _)| *n == written) {
            return *scale;
        }
        let names = SCALES.map(|(n, _)| n);
        let lower = written.trim().to_lowercase();
        let help = if lower == "wan" || written.contains('万') {
            Some("did you mean `万`?".to_owned())
        } else if lower == "yi" || written.contains('亿') {
            Some("did you mean `亿`?".to_owned())
        } else {
            did_you_mean(written, &names)
        };
        self.problem(
            s.span(),
            format!("{at}.scale"),
            format!("expected one of \"auto\", \"none\", \"万\", \"亿\", found {written:?}"),
        )
        .help = help;
        Scale::Auto
    }

    /// `precision` (of a chart or a stat at `at`): 0 to 4 decimal places, 1 when absent.
    pub(super) fn precision(&mut self, p: &Option<Spanned<i64>>, at: &str) -> usize {
        match p {
            None => NumberFormat::default().precision,
            Some(p) if (0..=MAX_PRECISION).contains(p.get_ref()) => *p.get_ref() as usize,
            Some(p) => {
                self.problem(
                    p.span(),
                    format!("{at}.precision"),
                    format!(
                        "expected a number of decimal places from 0 to {MAX_PRECISION}, found {}",
                        p.get_ref()
                    ),
                );
                0
            }
        }
    }
}

/// An optional text; an empty one counts as absent. Its length is not checked: see
/// [`Checker::optional_text`].
pub(super) fn optional_text(v: &Option<Spanned<String>>) -> Option<String> {
    v.as_ref()
        .map(|v| v.get_ref().clone())
        .filter(|s| !s.trim().is_empty())
}

/// How a value of the wrong type is named in messages.
pub(super) fn describe(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => format!("a string ({s:?})"),
        toml::Value::Integer(i) => format!("an integer ({i})"),
        toml::Value::Float(f) => format!("a float ({})", fmt_num(*f)),
        toml::Value::Boolean(_) => "a boolean".into(),
        toml::Value::Datetime(_) => "a date-time".into(),
        toml::Value::Array(_) => "an array".into(),
        toml::Value::Table(_) => "a table".into(),
    }
}

/// Shortest form that reads back to the same number: 1355 → "1355", 1.2 → "1.2", 186.48 → "186.48";
/// with an exponent when the digits would run on: 1e308, 1.7e308, 1e-308.
pub(super) fn fmt_num(f: f64) -> String {
    let m = f.abs();
    if m.is_finite() && m != 0.0 && !(1e-6..1e16).contains(&m) {
        format!("{f:e}")
    } else {
        format!("{f}")
    }
}

/// The first character of `text` that no poster can print ([`is_unprintable`]), with its place (counted
/// in characters from 1). A newspaper would rather hear of it than lose a character silently.
pub(super) fn unprintable(text: &str) -> Option<(usize, char)> {
    text.chars()
        .enumerate()
        .find(|&(_, c)| is_unprintable(c))
        .map(|(i, c)| (i + 1, c))
}

/// The message and help for a figure's text longer than [`limits::FIGURE_CHARS`], if it is.
pub(super) fn long_figure(text: &str) -> Option<(String, String)> {
    let chars = text.chars().count();
    (chars > limits::FIGURE_CHARS).then(|| {
        (
            format!(
                "expected a figure of at most {} characters, found {}",
                limits::FIGURE_CHARS,
                fmt_count(chars)
            ),
            "a figure is a number or a few words such as “1+10”; say more in `label` or `after`"
                .into(),
        )
    })
}

/// The message and help for what makes `text` unfit to be set: a character that cannot be printed
/// ([`unprintable_problem`]) or, unless `missing` says to drop them, characters no bundled font covers
/// ([`uncovered_problem`]).
pub(super) fn text_problem(text: &str, check: &TextCheck) -> Option<(String, String)> {
    unprintable_problem(text).or_else(|| match check.missing {
        MissingGlyphs::Error => uncovered_problem(text, &check.fonts),
        MissingGlyphs::Drop => None,
    })
}

/// Where the character at `place` (counted from 1) of `text` is: `at its start`, or `as character 5,
/// after "…前面的字"` quoting a few characters before it so that it can be found in a long text.
fn place_words(text: &str, place: usize) -> String {
    /// Characters quoted before the one found.
    const BEFORE: usize = 12;
    if place == 1 {
        return "at its start".to_owned();
    }
    let skipped = (place - 1).saturating_sub(BEFORE);
    let before: String = text
        .chars()
        .skip(skipped)
        .take(place - 1 - skipped)
        .collect();
    let ellipsis = if skipped > 0 { "…" } else { "" };
    format!(
        "as character {}, after \"{ellipsis}{}\"",
        fmt_count(place),
        before.escape_debug()
    )
}

/// The message and help for the first character of `text` that cannot be printed, if any: which
/// character (`U+0007`), at which place, after which characters.
pub(super) fn unprintable_problem(text: &str) -> Option<(String, String)> {
    let (place, c) = unprintable(text)?;
    Some((
        format!(
            "expected printable text, found {} {}",
            unprintable_name(c),
            place_words(text, place)
        ),
        "remove it: it prints as nothing and cannot be written into SVG (such characters come with text copied out of other programs); a line break is written \\n".into(),
    ))
}

/// The most characters no font covers that one message names; it counts the rest.
const UNCOVERED_NAMED: usize = 4;

/// The message and help for the characters of `text` that no bundled font covers, if any: the first by
/// name, Unicode block and place, then the other distinct ones (a few by name, the rest counted).
pub(super) fn uncovered_problem(text: &str, book: &FontBook) -> Option<(String, String)> {
    let mut seen = HashSet::new();
    let distinct: Vec<char> = text
        .chars()
        .filter(|&c| !book.covers(c) && !is_invisible(c) && seen.insert(c))
        .collect();
    let (&first, rest) = distinct.split_first()?;
    let index = text.chars().position(|c| c == first).unwrap_or(0);
    let others = &rest[..rest.len().min(UNCOVERED_NAMED - 1)];
    let more = rest.len() - others.len();
    let mut message = format!(
        "expected text the fonts can draw, found {} {}",
        MissingGlyph { ch: first }.describe(),
        place_words(text, index + 1)
    );
    if !others.is_empty() {
        let named: Vec<String> = others
            .iter()
            .map(|&ch| MissingGlyph { ch }.describe())
            .collect();
        message.push_str(&format!("; also {}", named.join(", ")));
        if more > 0 {
            let s = if more == 1 { "" } else { "s" };
            message.push_str(&format!(" and {} other character{s}", fmt_count(more)));
        }
    }
    Some((message, UNCOVERED_HELP.into()))
}

/// What to do about a character no font covers.
const UNCOVERED_HELP: &str = "add a font that has it to a fonts/ folder beside the spec or above it, or to a folder given with --font-path, and name its family in [theme.fonts] fallback (HanaMinB, for CJK Extensions B–F, is used unnamed: see README \"Fonts\"); write the character another way; or set [page] missing_glyphs = \"drop\" to leave such characters out with a warning (for social cards, never for names)";

/// How messages name the largest magnitude of a value, [`limits::VALUE_MAGNITUDE`].
const MAGNITUDE_WORDS: &str = "10^15 in magnitude (千万亿)";

/// For a value beyond [`limits::VALUE_MAGNITUDE`] (an editorial figure never is; such a number is a slip,
/// and would make chart sums and ranges overflow): the message and its help. `found` says what was
/// found, such as `1e308` or ``the figure `x` of data.toml, 1e308``.
pub(super) fn too_large(v: f64, found: &str) -> Option<(String, String)> {
    (v.abs() > limits::VALUE_MAGNITUDE).then(|| {
        (
            format!("expected a number of at most {MAGNITUDE_WORDS}, found {found}"),
            "a figure this large is usually a slip (an exponent or zeros too many); a truly large \
             quantity is written in a larger unit, such as 1.2 with unit = \"万亿元\""
                .to_owned(),
        )
    })
}

impl Checker<'_> {
    /// Reports a number `v` written at `span` (key `key`) beyond [`limits::VALUE_MAGNITUDE`]; whether it
    /// is within.
    pub(super) fn within_magnitude(&mut self, span: Range<usize>, key: &str, v: f64) -> bool {
        match too_large(v, &fmt_num(v)) {
            Some((message, help)) => {
                self.problem(span, key, message).help = Some(help);
                false
            }
            None => true,
        }
    }
}

/// A TOML number as a float (0 for anything else).
fn as_number(v: &toml::Value) -> f64 {
    match v {
        toml::Value::Integer(i) => *i as f64,
        toml::Value::Float(f) => *f,
        _ => 0.0,
    }
}

/// A string as a message quotes it: in quotes, and past 64 characters only its start and end
/// (`"单单…单单" (4 000 characters)`; a path keeps its file name), so a value of megabytes never fills
/// the terminal.
pub(super) fn quoted(s: &str) -> String {
    const HEAD: usize = 40;
    const TAIL: usize = 20;
    let count = s.chars().count();
    if count <= HEAD + TAIL + 4 {
        return format!("{s:?}");
    }
    let head: String = s.chars().take(HEAD).collect();
    let tail: String = s.chars().skip(count - TAIL).collect();
    format!(
        "{:?} ({} characters)",
        format!("{head}…{tail}"),
        fmt_count(count)
    )
}

/// A count as a message quotes it, in groups of three digits: `5 242 880`, `1 000`, `12`.
pub(super) fn fmt_count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(d);
    }
    out
}

/// A figure as printed: integers as written, floats in their shortest form. `None` for non-numbers and
/// for nan/inf.
fn number_text(v: &toml::Value) -> Option<String> {
    match v {
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Float(f) if f.is_finite() => Some(fmt_num(*f)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formatting() {
        let v = |s: &str| s.parse::<toml::Table>().unwrap()["v"].clone();
        assert_eq!(number_text(&v("v = 1355")).as_deref(), Some("1355"));
        assert_eq!(number_text(&v("v = 1.2")).as_deref(), Some("1.2"));
        assert_eq!(number_text(&v("v = 186.48")).as_deref(), Some("186.48"));
        assert_eq!(number_text(&v("v = 29.5")).as_deref(), Some("29.5"));
        assert_eq!(number_text(&v("v = -3")).as_deref(), Some("-3"));
        assert_eq!(number_text(&v("v = nan")), None);
        assert_eq!(number_text(&v("v = true")), None);
    }

    #[test]
    fn large_numbers_are_written_with_an_exponent() {
        assert_eq!(fmt_num(1e308), "1e308");
        assert_eq!(fmt_num(-1.7e308), "-1.7e308");
        assert_eq!(fmt_num(1e-308), "1e-308");
        assert_eq!(fmt_num(1e15), "1000000000000000");
        assert_eq!(fmt_num(0.5), "0.5");
        assert_eq!(fmt_num(0.0), "0");
    }

    #[test]
    fn the_magnitude_limit_is_the_one_messages_name() {
        assert_eq!(limits::VALUE_MAGNITUDE, 1e15, "update MAGNITUDE_WORDS");
        assert!(too_large(1e15, "").is_none() && too_large(-1e15, "").is_none());
        let (message, _) = too_large(-1.000001e15, "x").unwrap();
        assert_eq!(
            message,
            "expected a number of at most 10^15 in magnitude (千万亿), found x"
        );
    }

    #[test]
    fn counts_are_grouped_by_three_digits() {
        assert_eq!(fmt_count(0), "0");
        assert_eq!(fmt_count(999), "999");
        assert_eq!(fmt_count(1_000), "1 000");
        assert_eq!(fmt_count(100_000), "100 000");
        assert_eq!(fmt_count(5_242_880), "5 242 880");
    }

    #[test]
    fn scales_are_distinct() {
        for (i, (a, _)) in SCALES.iter().enumerate() {
            assert!(SCALES[i + 1..].iter().all(|(b, _)| a != b));
        }
    }

    #[test]
    fn control_characters_and_non_characters_are_unprintable() {
        assert_eq!(unprintable("周口\t市\n\r\n年"), None);
        assert_eq!(unprintable("𠮷\u{E000}\u{FFFD}\u{200B}"), None);
        for c in [
            '\u{0}', '\u{7}', '\u{1B}', '\u{7F}', '\u{93}', '\u{9F}', '\u{FFFE}', '\u{FFFF}',
        ] {
            assert_eq!(unprintable(&format!("你{c}好")), Some((2, c)), "{c:?}");
        }
    }

    #[test]
    fn an_unprintable_character_is_named_with_its_place() {
        let (message, help) = unprintable_problem("你\u{7}好").unwrap();
        assert_eq!(
            message,
            "expected printable text, found the control character U+0007 as character 2, after \"你\""
        );
        assert!(help.starts_with("remove it"));
        let (message, _) = unprintable_problem("\u{FFFF}").unwrap();
        assert_eq!(
            message,
            "expected printable text, found the non-character U+FFFF at its start"
        );
        let long = format!("{}\u{1B}[31m", "一二三四五六七八九十".repeat(100));
        let (message, _) = unprintable_problem(&long).unwrap();
        assert!(
            message.ends_with("U+001B as character 1 001, after \"…九十一二三四五六七八九十\""),
            "{message}"
        );
    }
}
