//! The font book: the bundled Noto Sans SC faces, compiled into the binary so that yitu finds its fonts
//! wherever it runs and never touches system fonts. Faces are parsed once and shared.

use std::sync::OnceLock;

/// The weights yitu sets text in. Bold is a real bold face, never a smeared regular.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weight {
    Regular,
    Bold,
}

impl Weight {
    /// CSS weight, for live SVG text.
    pub fn css(self) -> u16 {
        match self {
            Weight::Regular => 400,
            Weight::Bold => 700,
        }
    }
}

/// The family name the bundled faces report.
pub const FAMILY: &str = "Noto Sans SC";

static REGULAR: &[u8] = include_bytes!("../../fonts/NotoSansSC-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../fonts/NotoSansSC-Bold.ttf");

/// The bundled font files, regular then bold: for consumers that load fonts themselves (the PDF
/// exporter's usvg font database), from the same bytes the font book uses.
pub fn font_data() -> [&'static [u8]; 2] {
    [REGULAR, BOLD]
}

/// One parsed face with the metrics layout needs.
pub struct Font {
    pub weight: Weight,
    pub face: rustybuzz::Face<'static>,
    /// Font units per em.
    pub units_per_em: f32,
    /// Ascender and descender in em (descender negative).
    pub ascender: f32,
    pub descender: f32,
}

impl Font {
    fn load(data: &'static [u8], weight: Weight) -> Font {
        let face = rustybuzz::Face::from_slice(data, 0).expect("bundled font parses");
        let units_per_em = face.units_per_em() as f32;
        let ascender = face.ascender() as f32 / units_per_em;
        let descender = face.descender() as f32 / units_per_em;
        Font {
            weight,
            face,
            units_per_em,
            ascender,
            descender,
        }
    }

    /// Whether this face has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }
}

/// The bundled faces, one per weight.
pub struct FontBook {
    regular: Font,
    bold: Font,
}

impl FontBook {
    /// The process-wide font book; parsing is cheap but done once.
    pub fn bundled() -> &'static FontBook {
        static BOOK: OnceLock<FontBook> = OnceLock::new();
        BOOK.get_or_init(|| FontBook {
            regular: Font::load(REGULAR, Weight::Regular),
            bold: Font::load(BOLD, Weight::Bold),
        })
    }

    pub fn font(&self, weight: Weight) -> &Font {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// Whether any bundled face can draw `c`. Control characters and spaces count as covered.
    pub fn covers(&self, c: char) -> bool {
        c.is_control() || self.regular.covers(c) || self.bold.covers(c)
    }
}
