//! Loading: spec text → raw spec (serde, with spans) → validated [`Poster`].
//!
//! TOML syntax errors, wrong types and unknown keys come from toml's deserializer and stop at the first
//! one. Everything after that (block types, which keys a block takes, required keys, impossible values,
//! colours) is checked here, and every problem of the file is gathered before returning.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use super::{
    Block, BlockKind, Color, Headline, List, ListStyle, Margins, Page, Palette, Paragraph, Poster,
    Section, Spacing, Stat, StatGrid, Theme, TypeScale,
};
use crate::diagnostics::{did_you_mean, Problem, SpecError};
use crate::spec::{self, MarginKind, RawBlock, RawItem, RawMargin, RawPage, RawStat, RawTheme};

/// The built-in theme, embedded at build time.
const DEFAULT_THEME: &str = include_str!("../../config/themes/default.toml");

const DEFAULT_WIDTH: f64 = 1080.0;
const DEFAULT_MARGIN: f64 = 64.0;
const MAX_WIDTH: f64 = 20000.0;
const MAX_HEIGHT: f64 = 100000.0;

/// Every block type and the keys it takes besides `type`.
const BLOCK_TYPES: [(&str, &[&str]); 9] = [
    ("headline", &["text", "lines"]),
    ("kicker", &["text"]),
    ("section", &["title", "number", "level"]),
    ("paragraph", &["text", "lead"]),
    ("stat", &["value", "label", "unit", "qualifier", "after"]),
    ("stats", &["items", "columns"]),
    ("list", &["items", "style"]),
    ("divider", &[]),
    ("credit", &["text"]),
];

/// Reads and loads the spec at `path`. An unreadable file is a [`SpecError`] with one problem and no
/// position.
pub fn load_file(path: impl AsRef<Path>) -> Result<Poster, SpecError> {
    let path = path.as_ref();
    match std::fs::read_to_string(path) {
        Ok(source) => load_str(&source, path),
        Err(e) => Err(SpecError::single(
            path,
            "",
            Problem::whole_file("", format!("cannot read the file: {e}")),
        )),
    }
}

/// Loads a spec from its text. `path` names the file in messages, and its stem names the poster.
pub fn load_str(source: &str, path: &Path) -> Result<Poster, SpecError> {
    let raw = match spec::parse(source) {
        Ok(raw) => raw,
        Err(e) => {
            return Err(SpecError::single(
                path,
                source,
                problem_from_toml(source, &e),
            ))
        }
    };
    let mut c = Checker {
        src: source,
        problems: Vec::new(),
    };
    let theme = c.theme(raw.theme.as_ref());
    let page = c.page(raw.page.as_ref(), &theme);
    let blocks = match &raw.blocks {
        None => {
            c.problems.push(Problem::whole_file(
                "blocks",
                "expected at least one [[blocks]] entry, found none",
            ));
            Vec::new()
        }
        Some(b) if b.get_ref().is_empty() => {
            c.problem(
                b.span(),
                "blocks",
                "expected at least one block, found an empty array",
            );
            Vec::new()
        }
        Some(b) => b
            .get_ref()
            .iter()
            .enumerate()
            .filter_map(|(i, b)| c.block(i, b))
            .collect(),
    };
    if c.problems.is_empty() {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "poster".into());
        Ok(Poster {
            name,
            page,
            theme,
            blocks,
        })
    } else {
        let mut problems = c.problems;
        problems.sort_by_key(|p| (p.line, p.column));
        Err(SpecError {
            path: path.to_path_buf(),
            source_text: source.to_owned(),
            problems,
        })
    }
}

/// The built-in theme (`config/themes/default.toml`), with no overrides.
pub fn default_theme() -> Theme {
    let mut c = Checker {
        src: "",
        problems: Vec::new(),
    };
    c.theme(None)
}

fn parsed_default_theme() -> RawTheme {
    spec::parse_theme(DEFAULT_THEME)
        .unwrap_or_else(|e| panic!("config/themes/default.toml is invalid: {e}"))
}

// --- toml's errors ------------------------------------------------------------------------------------

fn problem_from_toml(source: &str, e: &toml::de::Error) -> Problem {
    let (message, help) = rewrite_serde_message(e.message().trim());
    match e.span() {
        Some(span) => {
            let mut key = spec::key_path_at(source, span.clone());
            // A dotted key (`foo.x = 1`) is reported at its first part, the unknown one.
            if let Some(field) = e
                .message()
                .strip_prefix("unknown field `")
                .and_then(|r| r.split('`').next())
            {
                let parts: Vec<&str> = key.split('.').collect();
                if let Some(i) = parts.iter().rposition(|p| *p == field) {
                    key = parts[..=i].join(".");
                }
            }
            let (message, help) = if message == e.message().trim() {
                // Not one of serde's messages: a syntax error from the TOML parser.
                (syntax_message(&message, source, span.start), help)
            } else {
                block_key_message(source, &key, e.message()).unwrap_or((message, help))
            };
            Problem::at(source, span, key, message).with_help_opt(help)
        }
        None => Problem::whole_file("", message).with_help_opt(help),
    }
}

/// serde lists every key a `[[blocks]]` entry may hold; name the keys of this block's type instead.
fn block_key_message(source: &str, key: &str, msg: &str) -> Option<(String, Option<String>)> {
    let field = msg.strip_prefix("unknown field `")?.split('`').next()?;
    let index: usize = key
        .strip_prefix("blocks[")?
        .split(']')
        .next()?
        .parse()
        .ok()?;
    let doc: toml::Table = source.parse().ok()?;
    let ty = doc
        .get("blocks")?
        .as_array()?
        .get(index)?
        .get("type")?
        .as_str()?;
    let (ty, keys) = BLOCK_TYPES.iter().find(|(t, _)| *t == ty)?;
    Some((
        format!(
            "expected {}, found unknown key `{field}`",
            block_keys(ty, keys)
        ),
        did_you_mean(field, *keys),
    ))
}

/// `a key of a paragraph block (`type`, `text`, `lead`)`
fn block_keys(ty: &str, keys: &[&str]) -> String {
    if keys.is_empty() {
        return format!("no keys but `type` in a {ty} block");
    }
    let list: Vec<String> = std::iter::once(&"type")
        .chain(keys.iter())
        .map(|k| format!("`{k}`"))
        .collect();
    format!("a key of a {ty} block ({})", list.join(", "))
}

/// toml's syntax messages come in lines (`invalid string` / `expected `"`, `'``): one line, ending with
/// what was found at the error's position.
fn syntax_message(msg: &str, source: &str, at: usize) -> String {
    let found = match source.get(at..).and_then(|r| r.chars().next()) {
        None => "the end of the file".to_owned(),
        Some('\n') | Some('\r') => "the end of the line".to_owned(),
        Some(c) => format!("`{c}`"),
    };
    let lines: Vec<&str> = msg
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    match lines.as_slice() {
        [first]
            if first.ends_with(" string")
                && first.starts_with("invalid ")
                && found.starts_with("the end") =>
        {
            format!("expected the closing quote of the string, found {found}")
        }
        [first] if first.starts_with("expected ") => format!("{first}, found {found}"),
        [first, rest @ ..] if rest.iter().any(|l| l.starts_with("expected ")) => {
            format!("{first}: {}, found {found}", rest.join("; "))
        }
        _ => lines.join("; "),
    }
}

/// Serde's wording (`invalid type: string "x", expected f64`) into ours (`expected a number, found a
/// string ("x")`), with a suggestion for unknown keys.
fn rewrite_serde_message(msg: &str) -> (String, Option<String>) {
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        if let Some((field, rest)) = rest.split_once('`') {
            let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
            if expected.is_empty() {
                return (format!("expected no keys here, found `{field}`"), None);
            }
            let list = expected
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let message = if expected.len() == 1 {
                format!("expected the key {list}, found unknown key `{field}`")
            } else {
                format!("expected one of {list}, found unknown key `{field}`")
            };
            return (message, did_you_mean(field, &expected));
        }
    }
    if let Some(field) = msg
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        let help = (field == "type").then(|| {
            format!(
                "every block needs a type: one of {}",
                BLOCK_TYPES.map(|(t, _)| t).join(", ")
            )
        });
        return (format!("expected a `{field}` key, found none"), help);
    }
    // `Spanned` meeting a table of dotted keys (`value.x = 1`), which toml gives no span.
    if let Some(k) = msg
        .strip_prefix("invalid type: string ")
        .and_then(|r| r.strip_suffix(", expected a borrowed string"))
    {
        return (
            format!("expected a single value, found a table (dotted key {k})"),
            None,
        );
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = msg.strip_prefix(prefix) {
            if let Some((found, expected)) = rest.rsplit_once(", expected ") {
                return (
                    format!(
                        "expected {}, found {}",
                        expected_words(expected),
                        found_words(found)
                    ),
                    None,
                );
            }
        }
    }
    (msg.to_owned(), None)
}

fn expected_words(e: &str) -> String {
    match e {
        "f64" | "f32" => "a number".into(),
        "i64" | "i32" | "u8" | "u32" | "u64" | "usize" => "an integer".into(),
        "a borrowed string" | "string" => "a string".into(),
        "a sequence" => "an array".into(),
        "a map" => "a table".into(),
        _ if e.starts_with("struct ") => "a table".into(),
        _ => e.to_owned(),
    }
}

fn found_words(u: &str) -> String {
    let inner = |s: &str| s.trim_matches('`').to_owned();
    if u.starts_with("boolean") {
        "a boolean".into()
    } else if let Some(v) = u.strip_prefix("integer ") {
        format!("an integer ({})", inner(v))
    } else if let Some(v) = u.strip_prefix("floating point ") {
        format!("a float ({})", inner(v))
    } else if let Some(v) = u.strip_prefix("string ") {
        format!("a string ({v})")
    } else if u == "sequence" {
        "an array".into()
    } else if u == "map" {
        "a table".into()
    } else {
        u.to_owned()
    }
}

/// How a value of the wrong type is named in messages.
fn describe(v: &toml::Value) -> String {
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

/// Shortest form that reads back to the same number: 1355 → "1355", 1.2 → "1.2", 186.48 → "186.48".
fn fmt_num(f: f64) -> String {
    format!("{f}")
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

// --- validation ---------------------------------------------------------------------------------------

/// What a number must be.
#[derive(Clone, Copy)]
enum Rule {
    Positive,
    NonNegative,
    PositiveUpTo(f64),
    Between(f64, f64),
}

struct Checker<'a> {
    src: &'a str,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn problem(
        &mut self,
        span: Range<usize>,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Problem {
        self.problems
            .push(Problem::at(self.src, span, key, message));
        self.problems.last_mut().expect("just pushed")
    }

    fn problem_opt(&mut self, span: Option<Range<usize>>, key: &str, message: String) {
        match span {
            Some(span) => {
                self.problem(span, key, message);
            }
            None => self.problems.push(Problem::whole_file(key, message)),
        }
    }

    fn number(&mut self, v: &Spanned<f64>, key: &str, rule: Rule) -> f32 {
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
                Rule::Between(lo, hi) => format!("a number from {lo:.1} to {hi:.1}"),
            };
            self.problem(
                v.span(),
                key,
                format!("expected {expected}, found {}", fmt_num(x)),
            );
        }
        x as f32
    }

    fn colour(&mut self, v: &Spanned<String>, key: &str) -> Color {
        match Color::parse_hex(v.get_ref().trim()) {
            Some(c) => c,
            None => {
                self.problem(
                    v.span(),
                    key,
                    format!(
                        "expected a colour like \"#B71C1C\", found {:?}",
                        v.get_ref()
                    ),
                )
                .help = Some("write the colour in hexadecimal: #RGB, #RRGGBB or #RRGGBBAA".into());
                Color::rgb(0, 0, 0)
            }
        }
    }

    // --- theme

    fn theme(&mut self, spec: Option<&RawTheme>) -> Theme {
        let default = parsed_default_theme();
        // Spec values are checked against the spec's text; the default theme is checked by a unit test
        // and must be complete and valid.
        macro_rules! colour {
            ($name:ident) => {{
                let key = concat!("theme.", stringify!($name));
                match spec.and_then(|t| t.$name.as_ref()) {
                    Some(v) => self.colour(v, key),
                    None => default_colour(default.$name.as_ref(), key),
                }
            }};
        }
        let palette = Palette {
            primary: colour!(primary),
            accent: colour!(accent),
            text: colour!(text),
            muted: colour!(muted),
            surface: colour!(surface),
            on_primary: colour!(on_primary),
            background: colour!(background),
        };

        let spec_size = spec.and_then(|t| t.size.as_ref());
        let default_size = default.size.as_ref();
        let spec_spacing = spec.and_then(|t| t.spacing.as_ref());
        let default_spacing = default.spacing.as_ref();
        macro_rules! num {
            ($spec:expr, $default:expr, $table:literal, $name:ident, $rule:expr) => {{
                let key = concat!("theme.", $table, ".", stringify!($name));
                match $spec.and_then(|t| t.$name.as_ref()) {
                    Some(v) => self.number(v, key, $rule),
                    None => default_number($default.and_then(|t| t.$name.as_ref()), key),
                }
            }};
        }
        let size = TypeScale {
            headline: num!(spec_size, default_size, "size", headline, Rule::Positive),
            kicker: num!(spec_size, default_size, "size", kicker, Rule::Positive),
            chapter: num!(spec_size, default_size, "size", chapter, Rule::Positive),
            section: num!(spec_size, default_size, "size", section, Rule::Positive),
            body: num!(spec_size, default_size, "size", body, Rule::Positive),
            stat_value: num!(spec_size, default_size, "size", stat_value, Rule::Positive),
            stat_label: num!(spec_size, default_size, "size", stat_label, Rule::Positive),
            credit: num!(spec_size, default_size, "size", credit, Rule::Positive),
        };
        let spacing = Spacing {
            block: num!(
                spec_spacing,
                default_spacing,
                "spacing",
                block,
                Rule::NonNegative
            ),
            line_height: num!(
                spec_spacing,
                default_spacing,
                "spacing",
                line_height,
                Rule::Between(1.0, 3.0)
            ),
            card_gap: num!(
                spec_spacing,
                default_spacing,
                "spacing",
                card_gap,
                Rule::NonNegative
            ),
        };
        Theme {
            palette,
            size,
            spacing,
        }
    }

    // --- page

    fn page(&mut self, raw: Option<&RawPage>, theme: &Theme) -> Page {
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

    // --- blocks

    fn block(&mut self, i: usize, b: &Spanned<RawBlock>) -> Option<Block> {
        let raw = b.get_ref();
        let at = format!("blocks[{i}]");
        let ty = raw.r#type.get_ref().as_str();
        let Some((ty, keys)) = BLOCK_TYPES.iter().find(|(t, _)| *t == ty) else {
            let names = BLOCK_TYPES.map(|(t, _)| t);
            let help = did_you_mean(ty, &names);
            self.problem(
                raw.r#type.span(),
                format!("{at}.type"),
                format!("expected a block type ({}), found {ty:?}", names.join(", ")),
            )
            .help = help;
            return None;
        };
        let before = self.problems.len();

        for (key, span) in raw.present_keys() {
            if key == "type" || keys.contains(&key) {
                continue;
            }
            let message = format!("expected {}, found `{key}`", block_keys(ty, keys));
            let help = did_you_mean(key, *keys).or_else(|| {
                let users: Vec<&str> = BLOCK_TYPES
                    .iter()
                    .filter(|(_, ks)| ks.contains(&key))
                    .map(|(t, _)| *t)
                    .collect();
                (!users.is_empty()).then(|| {
                    format!(
                        "`{key}` belongs to {} blocks; remove it here",
                        users.join(" and ")
                    )
                })
            });
            self.problem(span, format!("{at}.{key}"), message).help = help;
        }

        let bspan = b.span();
        let kind = match *ty {
            "headline" => match (&raw.text, &raw.lines) {
                (Some(_), Some(lines)) => {
                    self.problem(lines.span(), format!("{at}.lines"), "expected `text` or `lines`, found both")
                        .help = Some("keep `lines` to set the breaks by hand, or `text` to break it automatically".into());
                    None
                }
                (None, None) => {
                    self.problem(
                        bspan.clone(),
                        format!("{at}.text"),
                        "expected a `text` or `lines` key in a headline block, found neither",
                    );
                    None
                }
                (Some(t), None) => Some(BlockKind::Headline(Headline::Text(
                    self.text(t, &format!("{at}.text")),
                ))),
                (None, Some(lines)) => {
                    if lines.get_ref().is_empty() {
                        self.problem(
                            lines.span(),
                            format!("{at}.lines"),
                            "expected at least one line, found an empty array",
                        );
                    }
                    let lines = lines
                        .get_ref()
                        .iter()
                        .enumerate()
                        .map(|(j, l)| self.text(l, &format!("{at}.lines[{j}]")))
                        .collect();
                    Some(BlockKind::Headline(Headline::Lines(lines)))
                }
            },
            "kicker" => self
                .required_text(&raw.text, &bspan, &at, "text", ty)
                .map(|text| BlockKind::Kicker { text }),
            "credit" => self
                .required_text(&raw.text, &bspan, &at, "text", ty)
                .map(|text| BlockKind::Credit { text }),
            "section" => {
                let title = self.required_text(&raw.title, &bspan, &at, "title", ty);
                let number = raw
                    .number
                    .as_ref()
                    .and_then(|n| self.figure(n, &format!("{at}.number")));
                let level = match &raw.level {
                    None => 2,
                    Some(l) if matches!(l.get_ref(), 1 | 2) => *l.get_ref() as u8,
                    Some(l) => {
                        self.problem(
                            l.span(),
                            format!("{at}.level"),
                            format!(
                                "expected 1 (a chapter heading) or 2 (a section heading), found {}",
                                l.get_ref()
                            ),
                        );
                        2
                    }
                };
                title.map(|title| {
                    BlockKind::Section(Section {
                        number,
                        title,
                        level,
                    })
                })
            }
            "paragraph" => {
                let text = self.required_text(&raw.text, &bspan, &at, "text", ty);
                let lead = self.optional_text(&raw.lead);
                text.map(|text| BlockKind::Paragraph(Paragraph { lead, text }))
            }
            "stat" => {
                let stat = RawStat {
                    label: raw.label.clone(),
                    value: raw.value.clone(),
                    unit: raw.unit.clone(),
                    qualifier: raw.qualifier.clone(),
                    after: raw.after.clone(),
                };
                self.stat(&stat, &bspan, &at, "a stat block")
                    .map(BlockKind::Stat)
            }
            "stats" => {
                let columns = match &raw.columns {
                    None => 3,
                    Some(c) if (1..=6).contains(c.get_ref()) => *c.get_ref() as usize,
                    Some(c) => {
                        self.problem(
                            c.span(),
                            format!("{at}.columns"),
                            format!(
                                "expected a number of columns from 1 to 6, found {}",
                                c.get_ref()
                            ),
                        );
                        3
                    }
                };
                let items = self.items(raw, &bspan, &at, ty).map(|items| {
                    items
                        .iter()
                        .enumerate()
                        .filter_map(|(j, item)| {
                            let key = format!("{at}.items[{j}]");
                            match item.get_ref() {
                                RawItem::Stat(s) => self.stat(s, &item.span(), &key, "a stat table"),
                                RawItem::Text(t) => {
                                    self.problem(
                                        item.span(),
                                        key,
                                        format!(
                                            "expected a stat table like {{ label = \"…\", value = 1.2, unit = \"…\" }}, found a string ({t:?})"
                                        ),
                                    );
                                    None
                                }
                            }
                        })
                        .collect::<Vec<_>>()
                });
                items.map(|items| BlockKind::StatGrid(StatGrid { columns, items }))
            }
            "list" => {
                let style = match &raw.style {
                    None => ListStyle::Bullet,
                    Some(s) => match s.get_ref().as_str() {
                        "bullet" => ListStyle::Bullet,
                        "number" => ListStyle::Number,
                        other => {
                            let help = did_you_mean(other, &["bullet", "number"]);
                            self.problem(
                                s.span(),
                                format!("{at}.style"),
                                format!("expected \"bullet\" or \"number\", found {other:?}"),
                            )
                            .help = help;
                            ListStyle::Bullet
                        }
                    },
                };
                let items = self.items(raw, &bspan, &at, ty).map(|items| {
                    items
                        .iter()
                        .enumerate()
                        .filter_map(|(j, item)| {
                            let key = format!("{at}.items[{j}]");
                            match item.get_ref() {
                                RawItem::Text(t) => {
                                    Some(self.text(&Spanned::new(item.span(), t.clone()), &key))
                                }
                                RawItem::Stat(_) => {
                                    self.problem(
                                        item.span(),
                                        key,
                                        "expected a string, found a table",
                                    );
                                    None
                                }
                            }
                        })
                        .collect::<Vec<_>>()
                });
                items.map(|items| BlockKind::List(List { style, items }))
            }
            "divider" => Some(BlockKind::Divider),
            _ => unreachable!("every entry of BLOCK_TYPES is handled"),
        };
        if self.problems.len() > before {
            return None;
        }
        kind.map(|kind| Block {
            origin: format!("{at} ({ty})"),
            kind,
        })
    }

    /// A text that must not be empty.
    fn text(&mut self, v: &Spanned<String>, key: &str) -> String {
        if v.get_ref().trim().is_empty() {
            self.problem(
                v.span(),
                key,
                format!("expected some text, found {:?}", v.get_ref()),
            );
        }
        v.get_ref().clone()
    }

    fn required_text(
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

    /// An optional text; an empty one counts as absent.
    fn optional_text(&mut self, v: &Option<Spanned<String>>) -> Option<String> {
        v.as_ref()
            .map(|v| v.get_ref().clone())
            .filter(|s| !s.trim().is_empty())
    }

    /// A figure: a number (printed in its shortest form) or a non-empty string.
    fn figure(&mut self, v: &Spanned<toml::Value>, key: &str) -> Option<String> {
        match v.get_ref() {
            toml::Value::String(s) => Some(self.text(&Spanned::new(v.span(), s.clone()), key)),
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
                Some(s) => Some(s),
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

    fn stat(&mut self, s: &RawStat, span: &Range<usize>, at: &str, what: &str) -> Option<Stat> {
        let value = match &s.value {
            Some(v) => self.figure(v, &format!("{at}.value")),
            None => {
                self.problem(
                    span.clone(),
                    format!("{at}.value"),
                    format!("expected a `value` key in {what}, found none"),
                );
                None
            }
        };
        Some(Stat {
            label: self.optional_text(&s.label),
            value: value?,
            unit: self.optional_text(&s.unit),
            qualifier: self.optional_text(&s.qualifier),
            after: self.optional_text(&s.after),
        })
    }

    /// The `items` of a list or stat grid: present and not empty.
    fn items<'b>(
        &mut self,
        raw: &'b RawBlock,
        block: &Range<usize>,
        at: &str,
        ty: &str,
    ) -> Option<&'b Vec<Spanned<RawItem>>> {
        match &raw.items {
            None => {
                self.problem(
                    block.clone(),
                    format!("{at}.items"),
                    format!("expected an `items` key in a {ty} block, found none"),
                );
                None
            }
            Some(items) if items.get_ref().is_empty() => {
                self.problem(
                    items.span(),
                    format!("{at}.items"),
                    "expected at least one item, found an empty array",
                );
                None
            }
            Some(items) => Some(items.get_ref()),
        }
    }
}

fn default_colour(v: Option<&Spanned<String>>, key: &str) -> Color {
    v.and_then(|v| Color::parse_hex(v.get_ref()))
        .unwrap_or_else(|| panic!("config/themes/default.toml: `{key}` is missing or not a colour"))
}

fn default_number(v: Option<&Spanned<f64>>, key: &str) -> f32 {
    match v {
        Some(v) if v.get_ref().is_finite() => *v.get_ref() as f32,
        _ => panic!("config/themes/default.toml: `{key}` is missing or not a number"),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(src: &str) -> Vec<Problem> {
        load_str(src, Path::new("t.toml"))
            .expect_err("should fail")
            .problems
    }

    #[test]
    fn default_theme_is_complete_and_valid() {
        let raw = parsed_default_theme();
        let mut c = Checker {
            src: DEFAULT_THEME,
            problems: Vec::new(),
        };
        let t = c.theme(Some(&raw));
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        assert_eq!(t, default_theme());
        assert_eq!(t.palette.primary, Color::rgb(0xB3, 0x19, 0x1F));
        assert_eq!(t.palette.background, Color::rgb(0xFB, 0xF5, 0xEC));
        assert_eq!(t.size.headline, 66.0);
        assert_eq!(t.size.stat_value, 84.0);
        assert_eq!(t.spacing.line_height, 1.75);
        assert_eq!(t.spacing.card_gap, 20.0);
    }

    #[test]
    fn minimal_spec_gets_defaults() {
        let p = load_str(
            "[[blocks]]\ntype = \"divider\"\n",
            Path::new("config/a-b.toml"),
        )
        .unwrap();
        assert_eq!(p.name, "a-b");
        assert_eq!(p.page.width, 1080.0);
        assert_eq!(p.page.height, None);
        assert_eq!(p.page.margin, Margins::uniform(64.0));
        assert_eq!(p.page.background, p.theme.palette.background);
        assert_eq!(p.blocks[0].origin, "blocks[0] (divider)");
    }

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
    fn serde_messages_are_reworded() {
        let (m, h) =
            rewrite_serde_message("unknown field `widht`, expected one of `width`, `height`");
        assert_eq!(
            m,
            "expected one of `width`, `height`, found unknown key `widht`"
        );
        assert_eq!(h.as_deref(), Some("did you mean `width`?"));
        let (m, _) = rewrite_serde_message("invalid type: string \"wide\", expected f64");
        assert_eq!(m, "expected a number, found a string (\"wide\")");
        let (m, _) = rewrite_serde_message("invalid type: boolean `true`, expected a string");
        assert_eq!(m, "expected a string, found a boolean");
        let (m, _) = rewrite_serde_message("invalid type: floating point `1.5`, expected i64");
        assert_eq!(m, "expected an integer, found a float (1.5)");
        let (m, h) = rewrite_serde_message("missing field `type`");
        assert_eq!(m, "expected a `type` key, found none");
        assert!(h.unwrap().contains("paragraph"));
    }

    #[test]
    fn margins_table_and_room() {
        let p = load_str(
            "[page]\nmargin = { top = 0, left = 10 }\n[[blocks]]\ntype = \"divider\"\n",
            Path::new("m.toml"),
        )
        .unwrap();
        assert_eq!(
            p.page.margin,
            Margins {
                top: 0.0,
                right: 64.0,
                bottom: 64.0,
                left: 10.0
            }
        );
        let e = errors("[page]\nwidth = 100\nmargin = 50\n[[blocks]]\ntype = \"divider\"\n");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].key, "page.margin");
        assert!(e[0].message.contains("leave room"), "{}", e[0].message);
        let e = errors("[page]\nmargin = { top = -1 }\n[[blocks]]\ntype = \"divider\"\n");
        assert_eq!(
            (e[0].key.as_str(), e[0].line, e[0].column),
            ("page.margin.top", 2, 18)
        );
    }

    #[test]
    fn height_auto_number_or_error() {
        let h = |s: &str| {
            load_str(
                &format!("[page]\nheight = {s}\n[[blocks]]\ntype = \"divider\"\n"),
                Path::new("h.toml"),
            )
        };
        assert_eq!(h("\"auto\"").unwrap().page.height, None);
        assert_eq!(h("1920").unwrap().page.height, Some(1920.0));
        let e = h("\"tall\"").unwrap_err().problems;
        assert_eq!(
            e[0].message,
            "expected a number of pixels or \"auto\", found \"tall\""
        );
        let e = h("true").unwrap_err().problems;
        assert_eq!(
            e[0].message,
            "expected a number of pixels or \"auto\", found a boolean"
        );
        let e = h("0").unwrap_err().problems;
        assert_eq!(e[0].key, "page.height");
    }

    #[test]
    fn headline_text_and_lines() {
        let e = errors("[[blocks]]\ntype = \"headline\"\ntext = \"a\"\nlines = [\"a\"]\n");
        assert_eq!(e[0].message, "expected `text` or `lines`, found both");
        let e = errors("[[blocks]]\ntype = \"headline\"\n");
        assert_eq!((e[0].key.as_str(), e[0].line), ("blocks[0].text", 1));
        let e = errors("[[blocks]]\ntype = \"headline\"\nlines = [\"a\", \" \"]\n");
        assert_eq!(e[0].key, "blocks[0].lines[1]");
    }

    #[test]
    fn list_and_grid_item_kinds() {
        let e =
            errors("[[blocks]]\ntype = \"list\"\nstyle = \"nubmer\"\nitems = [{ value = 1 }]\n");
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].key, "blocks[0].style");
        assert_eq!(e[0].help.as_deref(), Some("did you mean `number`?"));
        assert_eq!(e[1].message, "expected a string, found a table");
        let e = errors("[[blocks]]\ntype = \"stats\"\nitems = [\"x\", { label = \"a\" }]\n");
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].key, "blocks[0].items[0]");
        assert_eq!(e[1].key, "blocks[0].items[1].value");
        let e = errors("[[blocks]]\ntype = \"list\"\nitems = []\n");
        assert_eq!(
            e[0].message,
            "expected at least one item, found an empty array"
        );
    }

    #[test]
    fn no_blocks_is_an_error() {
        let e = errors("[page]\nwidth = 800\n");
        assert_eq!((e[0].line, e[0].key.as_str()), (0, "blocks"));
    }

    #[test]
    fn missing_type_and_unknown_top_level() {
        let e = errors("[[blocks]]\ntext = \"x\"\n");
        assert_eq!(e[0].message, "expected a `type` key, found none");
        assert_eq!(e[0].key, "blocks[0]");
        let e = errors("[pgae]\nwidth = 1\n");
        assert_eq!(e[0].help.as_deref(), Some("did you mean `page`?"));
        assert_eq!(e[0].key, "pgae");
    }

    #[test]
    fn unreadable_file() {
        let e = load_file("/nonexistent/dir/x.toml").unwrap_err();
        assert_eq!(e.problems[0].line, 0);
        assert!(
            e.to_string()
                .starts_with("/nonexistent/dir/x.toml: cannot read the file"),
            "{e}"
        );
    }
}
