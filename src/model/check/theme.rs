//! The theme: the built-in default (`config/themes/default.toml`, embedded at build time) with the spec's
//! `[theme]` overrides checked and applied, key by key.

use toml::Spanned;

use super::values::Rule;
use super::Checker;
use crate::model::{Color, Palette, Spacing, Theme, TypeScale};
use crate::spec::{self, RawTheme};

/// The built-in theme, embedded at build time.
const DEFAULT_THEME: &str = include_str!("../../../config/themes/default.toml");

fn parsed_default_theme() -> RawTheme {
    spec::parse_theme(DEFAULT_THEME)
        .unwrap_or_else(|e| panic!("config/themes/default.toml is invalid: {e}"))
}

impl Checker<'_> {
    pub(in crate::model) fn theme(&mut self, spec: Option<&RawTheme>) -> Theme {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::default_theme;

    #[test]
    fn default_theme_is_complete_and_valid() {
        let raw = parsed_default_theme();
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
