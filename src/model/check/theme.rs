//! The theme: the built-in default (`config/themes/default.toml`, embedded at build time), then the theme
//! files the spec's `[theme] extends` names (a theme file may extend another; the farthest is applied
//! first), then the spec's own `[theme]` keys: each layer overrides the one below it key by key. Every key
//! of every layer is checked, a problem in a theme file pointing into that file.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::spec::Spanned;

use super::values::{quoted, Rule};
use super::Checker;
use crate::diagnostics::SourceFile;
use crate::model::toml_errors::problem_from_toml;
use crate::model::{files, limits, Color, Palette, Spacing, Theme, TypeScale};
use crate::spec::{self, RawTheme};

/// The help of a wrong `[theme.size]` number.
const SIZE_HELP: &str =
    "type sizes are pixels of the page: the built-in theme's run from 24 (credit) to 84 (stat_value)";
/// The help of a wrong `block` or `card_gap`.
const SPACING_HELP: &str =
    "spacing is in pixels of the page: the built-in theme's is 44 between blocks and 20 between cards";
/// The help of a wrong `line_height`.
const LINE_HEIGHT_HELP: &str =
    "line_height is a multiple of the font size: the built-in theme's is 1.75";

/// The built-in theme, embedded at build time.
const DEFAULT_THEME: &str = include_str!("../../../config/themes/default.toml");

fn parsed_default_theme() -> RawTheme {
    spec::parse_theme(DEFAULT_THEME)
        .unwrap_or_else(|e| panic!("config/themes/default.toml is invalid: {e}"))
}

/// The built-in theme as a [`Theme`]. It is checked by a unit test and must be complete and valid.
fn built_in() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| {
        let d = parsed_default_theme();
        macro_rules! colour {
            ($name:ident) => {
                default_colour(d.$name.as_ref(), concat!("theme.", stringify!($name)))
            };
        }
        macro_rules! num {
            ($table:ident, $name:ident) => {
                default_number(
                    d.$table.as_ref().and_then(|t| t.$name.as_ref()),
                    concat!("theme.", stringify!($table), ".", stringify!($name)),
                )
            };
        }
        Theme {
            palette: Palette {
                primary: colour!(primary),
                accent: colour!(accent),
                text: colour!(text),
                muted: colour!(muted),
                surface: colour!(surface),
                on_primary: colour!(on_primary),
                background: colour!(background),
            },
            size: TypeScale {
                headline: num!(size, headline),
                kicker: num!(size, kicker),
                chapter: num!(size, chapter),
                section: num!(size, section),
                body: num!(size, body),
                stat_value: num!(size, stat_value),
                stat_label: num!(size, stat_label),
                credit: num!(size, credit),
            },
            spacing: Spacing {
                block: num!(spacing, block),
                line_height: num!(spacing, line_height),
                card_gap: num!(spacing, card_gap),
            },
            fonts: Default::default(),
            unit: 1.0,
        }
    })
}

impl Checker<'_> {
    /// The theme of a spec whose `[theme]` table is `spec`.
    pub(in crate::model) fn theme(&mut self, spec: Option<&RawTheme>) -> Theme {
        let mut theme = built_in().clone();
        let Some(spec) = spec else {
            return theme;
        };
        if let Some(extends) = &spec.extends {
            let files = self.theme_files(extends);
            for (raw, file) in files.iter().rev() {
                self.in_file(Some(file), |c| c.apply_theme(&mut theme, raw, ""));
            }
        }
        self.apply_theme(&mut theme, spec, "theme.");
        theme
    }

    /// Checks every key set in `raw` and writes it over `theme`. `prefix` goes before the keys in
    /// messages: `theme.` in a spec, nothing in a theme file.
    fn apply_theme(&mut self, theme: &mut Theme, raw: &RawTheme, prefix: &str) {
        macro_rules! colour {
            ($name:ident) => {
                if let Some(v) = &raw.$name {
                    let key = format!("{prefix}{}", stringify!($name));
                    theme.palette.$name = self.colour(v, &key);
                }
            };
        }
        colour!(primary);
        colour!(accent);
        colour!(text);
        colour!(muted);
        colour!(surface);
        colour!(on_primary);
        colour!(background);
        macro_rules! num {
            ($table:ident, $name:ident, $rule:expr, $help:expr) => {
                if let Some(v) = raw.$table.as_ref().and_then(|t| t.$name.as_ref()) {
                    let key = format!("{prefix}{}.{}", stringify!($table), stringify!($name));
                    let before = self.problems.len();
                    theme.$table.$name = self.number(v, &key, $rule);
                    if self.problems.len() > before {
                        self.problems[before].help = Some($help.into());
                    }
                }
            };
        }
        // Bounded above so that no layout arithmetic on them can overflow to infinity.
        let size = Rule::PositiveUpTo(limits::TYPE_SIZE);
        let space = Rule::Between(0.0, limits::SPACING);
        num!(size, headline, size, SIZE_HELP);
        num!(size, kicker, size, SIZE_HELP);
        num!(size, chapter, size, SIZE_HELP);
        num!(size, section, size, SIZE_HELP);
        num!(size, body, size, SIZE_HELP);
        num!(size, stat_value, size, SIZE_HELP);
        num!(size, stat_label, size, SIZE_HELP);
        num!(size, credit, size, SIZE_HELP);
        num!(spacing, block, space, SPACING_HELP);
        num!(
            spacing,
            line_height,
            Rule::Between(1.0, 3.0),
            LINE_HEIGHT_HELP
        );
        num!(spacing, card_gap, space, SPACING_HELP);
        if let Some(v) = raw
            .spacing
            .as_ref()
            .and_then(|s| s.cjk_latin_spacing.as_ref())
        {
            let key = format!("{prefix}spacing.cjk_latin_spacing");
            if let Some(em) = self.cjk_latin_spacing(v, &key) {
                theme.fonts.cjk_latin_spacing = Some(em);
            }
        }
        if let Some(fonts) = &raw.fonts {
            self.theme_fonts(&mut theme.fonts, fonts, prefix);
        }
    }

    /// The theme files named by the spec's `extends` and by theme files' own `extends`, nearest first,
    /// each read, parsed and recorded as a dependency. The chain stops at a file that cannot be used (its
    /// problem reported: no such file, bad TOML, an unknown key) and at a cycle.
    fn theme_files(&mut self, first: &Spanned<String>) -> Vec<(RawTheme, SourceFile)> {
        let mut files: Vec<(RawTheme, SourceFile)> = Vec::new();
        // Each file of the chain, as the file system names it (to find cycles) and as shown.
        let mut chain: Vec<(PathBuf, String)> = Vec::new();
        let mut extends = first.clone();
        // The file holding `extends` (`None`: the spec) and the folder its path is relative to.
        let mut from: Option<SourceFile> = None;
        let mut dir: Option<PathBuf> = None;
        loop {
            let key = if from.is_some() {
                "extends"
            } else {
                "theme.extends"
            };
            let next = self.in_file(from.as_ref(), |c| {
                if let Some(cycle) = cycle(&chain, dir.as_deref().or(c.dir), extends.get_ref()) {
                    c.problem(
                        extends.span(),
                        key,
                        format!("expected a theme file that does not extend itself, found a cycle: {cycle}"),
                    )
                    .help = Some("remove the `extends` of one of these files".into());
                    return None;
                }
                // Checked before anything is read: a file of another kind is never read, so no problem
                // can quote it (`extends = "/etc/passwd"`).
                if !files::has_extension(extends.get_ref(), "toml") {
                    c.problem(
                        extends.span(),
                        key,
                        format!("expected a theme file ending in .toml, found {}", quoted(extends.get_ref())),
                    )
                    .help = Some(
                        "a theme file is TOML with the keys of [theme] at its top level, like config/themes/house.toml"
                            .into(),
                    );
                    return None;
                }
                c.read_named(&extends, dir.as_deref(), key, "a theme file")
            });
            let Some(file) = next else {
                break;
            };
            let raw = match spec::parse_theme(&file.text) {
                Ok(raw) => raw,
                Err(e) => {
                    let problem = problem_from_toml(&file.text, &e).with_file(&file);
                    self.problems.push(problem);
                    break;
                }
            };
            chain.push((identity(&file.path), file.path.display().to_string()));
            dir = Some(file.path.parent().unwrap_or(Path::new("")).to_path_buf());
            let then = raw.extends.clone();
            files.push((raw, file.clone()));
            match then {
                Some(e) => {
                    extends = e;
                    from = Some(file);
                }
                None => break,
            }
        }
        files
    }
}

/// A file's identity for finding cycles: its canonical path when it exists.
fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `a.toml → b.toml → a.toml` when `written` (relative to `dir`) names a file already in `chain`.
fn cycle(chain: &[(PathBuf, String)], dir: Option<&Path>, written: &str) -> Option<String> {
    let path = dir.unwrap_or(Path::new("")).join(written);
    let id = identity(&path);
    let at = chain.iter().position(|(p, _)| *p == id)?;
    let mut names: Vec<&str> = chain[at..]
        .iter()
        .map(|(_, shown)| shown.as_str())
        .collect();
    names.push(&chain[at].1);
    Some(names.join(" → "))
}

fn default_colour(v: Option<&Spanned<String>>, key: &str) -> Color {
    v.and_then(|v| Color::parse(v.get_ref()))
        .unwrap_or_else(|| panic!("config/themes/default.toml: `{key}` is missing or not a colour"))
}

fn default_number(v: Option<&Spanned<f64>>, key: &str) -> f32 {
    match v {
        Some(v) if v.get_ref().is_finite() => *v.get_ref() as f32,
        _ => panic!("config/themes/default.toml: `{key}` is missing or not a number"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::default_theme;

    #[test]
    fn default_theme_is_complete_and_valid() {
        let raw = parsed_default_theme();
        assert!(raw.extends.is_none(), "the built-in theme extends nothing");
        let mut c = Checker::new(DEFAULT_THEME);
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
}
