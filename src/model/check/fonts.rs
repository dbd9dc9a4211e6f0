//! The poster's type: `[page] lang`, the families of `[theme.fonts]`, `[theme.spacing]
//! cjk_latin_spacing`, and the font book built from them and the spec's font folders — which the
//! texts checked after it are checked against, and which the poster carries to layout.

use std::sync::Arc;

use crate::spec::Spanned;

use super::values::quoted;
use super::Checker;
use crate::diagnostics::did_you_mean;
use crate::model::theme::ThemeFonts;
use crate::spec::{RawFonts, RawPage};
use crate::text::fonts::{known_families, FamilyChoice, FontBook, FontRequest, Role};
use crate::text::lang::Lang;

/// The widest Han–Latin space a theme may ask for, in em.
const MAX_CJK_LATIN_SPACING: f64 = 0.5;

/// What `true` turns the Han–Latin space on at, in em.
const CJK_LATIN_SPACING_ON: f32 = 0.2;

impl Checker<'_> {
    /// `page.lang`, kept in the checker: the font book and number words depend on it.
    pub(in crate::model) fn lang(&mut self, raw: Option<&RawPage>) {
        let Some(v) = raw.and_then(|p| p.lang.as_ref()) else {
            return;
        };
        match Lang::parse(v.get_ref()) {
            Some(lang) => self.lang = lang,
            None => {
                let help = did_you_mean(v.get_ref(), Lang::TAGS).unwrap_or_else(|| {
                    "yitu sets Chinese: zh-Hans (Simplified, the default), zh-Hant-TW (Taiwan) or zh-Hant-HK (Hong Kong)".into()
                });
                self.problem(
                    v.span(),
                    "page.lang",
                    format!(
                        "expected \"zh-Hans\", \"zh-Hant-TW\" or \"zh-Hant-HK\", found {}",
                        quoted(v.get_ref())
                    ),
                )
                .help = Some(help);
            }
        }
    }

    /// `[theme.fonts]` of one theme layer, written over `fonts`; `prefix` as in `apply_theme`.
    pub(super) fn theme_fonts(&mut self, fonts: &mut ThemeFonts, raw: &RawFonts, prefix: &str) {
        let roles = [&raw.headline, &raw.body, &raw.figures, &raw.labels];
        for (i, (role, v)) in Role::ALL.iter().zip(roles).enumerate() {
            if let Some(v) = v {
                let key = format!("{prefix}fonts.{}", role.key());
                if let Some(choice) = self.family_choice(v, &key) {
                    fonts.roles[i] = Some(choice);
                }
            }
        }
        if let Some(v) = &raw.fallback {
            let key = format!("{prefix}fonts.fallback");
            let list = match v.get_ref() {
                toml::Value::Array(items) => items
                    .iter()
                    .map(|i| i.as_str().map(str::to_owned))
                    .collect::<Option<Vec<String>>>(),
                _ => None,
            };
            match list {
                Some(families) => {
                    for family in &families {
                        self.known_family(v, &key, family);
                    }
                    fonts.fallback = families;
                }
                None => {
                    self.problem(
                        v.span(),
                        key,
                        format!(
                            "expected a list of family names such as [\"HanaMinB\"], found {}",
                            v.get_ref().type_str()
                        ),
                    );
                }
            }
        }
    }

    /// `"Noto Serif SC"` or `{ family = "Noto Serif SC", regular = 400, bold = 900 }`.
    fn family_choice(&mut self, v: &Spanned<toml::Value>, key: &str) -> Option<FamilyChoice> {
        const EXPECTED: &str =
            "a family name such as \"Noto Serif SC\", or a table such as { family = \"Noto Serif SC\", bold = 900 }";
        let choice = match v.get_ref() {
            toml::Value::String(family) => Some(FamilyChoice::new(family.clone())),
            toml::Value::Table(table) => {
                let family = table.get("family").and_then(|f| f.as_str());
                let weight = |name: &str, default: u16| match table.get(name) {
                    None => Some(default),
                    Some(toml::Value::Integer(w)) if (1..=1000).contains(w) => Some(*w as u16),
                    Some(_) => None,
                };
                let unknown = table
                    .keys()
                    .find(|k| !matches!(k.as_str(), "family" | "regular" | "bold"));
                match (family, weight("regular", 400), weight("bold", 700), unknown) {
                    (Some(family), Some(regular), Some(bold), None) => Some(FamilyChoice {
                        family: family.to_owned(),
                        regular,
                        bold,
                    }),
                    _ => None,
                }
            }
            _ => None,
        };
        let Some(choice) = choice else {
            let found = match v.get_ref() {
                toml::Value::Table(t) => format!(
                    "a table with {}",
                    t.keys()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                other => other.type_str().to_owned(),
            };
            self.problem(v.span(), key, format!("expected {EXPECTED}, found {found}"))
                .help = Some("the table takes `family` (required), `regular` and `bold` (weights from 1 to 1000: 400 regular, 700 bold, 900 black)".into());
            return None;
        };
        self.known_family(v, key, &choice.family).then_some(choice)
    }

    /// Whether `family` is in the font folders (or compiled in); a problem at `v` if not.
    fn known_family(&mut self, v: &Spanned<toml::Value>, key: &str, family: &str) -> bool {
        let known = known_families(&self.font_folders);
        if known.iter().any(|k| k == family) {
            return true;
        }
        let folders = self.folders_words();
        let suggestion = did_you_mean(family, &known)
            .map(|s| format!("{s} "))
            .unwrap_or_default();
        self.problem(
            v.span(),
            key,
            format!("expected a font family yitu has, found {}", quoted(family)),
        )
        .help = Some(format!(
            "{suggestion}families there: {}; looked in {folders}. Put the family's .ttf or .otf files in a fonts/ folder beside the spec or above it, or give their folder with --font-path",
            known.join(", ")
        ));
        false
    }

    /// The font folders, for messages.
    fn folders_words(&self) -> String {
        if self.font_folders.is_empty() {
            "no font folder (none beside the spec or above it, none given with --font-path)".into()
        } else {
            self.font_folders
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        }
    }

    /// `spacing.cjk_latin_spacing`: em from 0 to 0.5, or `true`/`false`.
    pub(super) fn cjk_latin_spacing(&mut self, v: &Spanned<toml::Value>, key: &str) -> Option<f32> {
        match v.get_ref() {
            toml::Value::Boolean(on) => Some(if *on { CJK_LATIN_SPACING_ON } else { 0.0 }),
            toml::Value::Integer(n) if (0..=MAX_CJK_LATIN_SPACING as i64).contains(n) => {
                Some(*n as f32)
            }
            toml::Value::Float(x) if (0.0..=MAX_CJK_LATIN_SPACING).contains(x) => Some(*x as f32),
            other => {
                let found = match other {
                    toml::Value::Integer(n) => n.to_string(),
                    toml::Value::Float(x) => x.to_string(),
                    other => other.type_str().to_owned(),
                };
                self.problem(
                    v.span(),
                    key,
                    format!("expected em from 0 to {MAX_CJK_LATIN_SPACING}, true or false, found {found}"),
                )
                .help = Some("the space between Han and Latin letters or digits: 0.2 (a fifth of an em, the default for zh-Hans), or false for none (the default for zh-Hant)".into());
                None
            }
        }
    }

    /// Builds the poster's font book from the theme and the page's language; texts checked after this
    /// are checked against it. A locale whose face no folder has is a problem at `page.lang`.
    pub(in crate::model) fn font_book(&mut self, fonts: &ThemeFonts, raw: Option<&RawPage>) {
        let request = FontRequest {
            lang: self.lang,
            roles: fonts.roles.clone(),
            fallback: fonts.fallback.clone(),
            folders: self.font_folders.clone(),
            cjk_latin_gap: fonts.cjk_latin_spacing,
        };
        if request == FontRequest::default() {
            self.text_check.fonts = FontBook::bundled().clone();
            return;
        }
        match FontBook::resolve(request) {
            Ok(book) => self.text_check.fonts = Arc::new(book),
            Err(unknown) => {
                // Families a theme names were reported at their keys: what is left is the locale's.
                let Some(lang) = raw.and_then(|p| p.lang.as_ref()) else {
                    return;
                };
                let folders = self.folders_words();
                for missing in unknown {
                    self.problem(
                        lang.span(),
                        "page.lang",
                        format!(
                            "expected a font for {} copy, found no {} in the font folders",
                            self.lang.tag(),
                            quoted(&missing.family)
                        ),
                    )
                    .help = Some(format!(
                        "{} copy is set in {} (its glyph forms and punctuation); looked in {folders}. Its files are in yitu's fonts/ folder: copy them to a fonts/ folder beside the spec, or give that folder with --font-path",
                        self.lang.tag(),
                        missing.family
                    ));
                }
            }
        }
    }
}
