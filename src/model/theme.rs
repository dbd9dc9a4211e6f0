//! The theme: palette, type scale and spacing. The defaults live in `config/themes/default.toml`, embedded
//! at build time, so the binary needs no file at run time and the default is edited as data, not code.

use super::Color;

/// A poster's look: the built-in theme with the keys of its theme files and `[theme]` applied, scaled to its page.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// The colours (`[theme]` colour keys).
    pub palette: Palette,
    /// The type sizes (`[theme.size]`), in page pixels.
    pub size: TypeScale,
    /// The space between blocks and grid cells, and the body's line height (`[theme.spacing]`).
    pub spacing: Spacing,
    /// The font families named for each role, the fallback families, the Han–Latin space.
    pub fonts: ThemeFonts,
    /// Page pixels a pixel of the design stands for, for every drawn dimension that is not a type size or
    /// a spacing of the theme: rules and strokes, corner radii, the tabs on stat cards, a chart's largest
    /// diameter. 1 as written; [`Theme::scale`] scales it with the type, so a poster re-laid on A3 at
    /// 300 dpi (or set smaller to fit) is its design scaled item for item.
    pub unit: f32,
}

/// `[theme.fonts]` and the Han–Latin space: what the poster's font book is built from, with the page's
/// language and the spec's font folders.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ThemeFonts {
    /// A family for each role of [`crate::text::fonts::Role::ALL`], when the theme names one.
    pub roles: [Option<crate::text::fonts::FamilyChoice>; 4],
    /// Families tried in order after a role's own (`[theme.fonts] fallback`).
    pub fallback: Vec<String>,
    /// `[theme.spacing] cjk_latin_spacing` in em; `None`: the language's default.
    pub cjk_latin_spacing: Option<f32>,
}

/// The theme's colours, each parsed from `"#RRGGBB"` or `"cmyk(…)"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Palette {
    /// The headline band, section marks, figures.
    pub primary: Color,
    /// The kicker and small marks.
    pub accent: Color,
    /// Body text.
    pub text: Color,
    /// Labels and the credit line.
    pub muted: Color,
    /// The cards behind figures, table stripes.
    pub surface: Color,
    /// Text drawn on the primary colour.
    pub on_primary: Color,
    /// The page, unless `[page] background` says otherwise.
    pub background: Color,
}

/// Font sizes in pixels at the page's width.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeScale {
    /// The headline.
    pub headline: f32,
    /// The kicker.
    pub kicker: f32,
    /// A chapter heading (`level = 1`).
    pub chapter: f32,
    /// A section heading (`level = 2`).
    pub section: f32,
    /// Paragraphs and lists.
    pub body: f32,
    /// A stat's figure.
    pub stat_value: f32,
    /// A stat's label; also the base of chart labels, table cells and captions.
    pub stat_label: f32,
    /// The credit line.
    pub credit: f32,
}

/// The theme's spacing (`[theme.spacing]`); pixels scale with the page, the line height does not.
#[derive(Debug, Clone, PartialEq)]
pub struct Spacing {
    /// Vertical space between blocks, pixels.
    pub block: f32,
    /// Body line height as a multiple of the font size.
    pub line_height: f32,
    /// Gap between stat grid cells, pixels.
    pub card_gap: f32,
}

impl Theme {
    /// Multiplies every size and spacing in pixels by `s` (the line height, a ratio, stays): how a design
    /// carries over to a larger or smaller page.
    pub fn scale(&mut self, s: f32) {
        for v in [
            &mut self.size.headline,
            &mut self.size.kicker,
            &mut self.size.chapter,
            &mut self.size.section,
            &mut self.size.body,
            &mut self.size.stat_value,
            &mut self.size.stat_label,
            &mut self.size.credit,
            &mut self.spacing.block,
            &mut self.spacing.card_gap,
            &mut self.unit,
        ] {
            *v *= s;
        }
    }
}
