//! The font book: the bundled Noto Sans SC faces, compiled into the binary so that yitu finds its fonts
//! wherever it runs and never touches system fonts. Faces are parsed once and shared.
//!
//! A face is read with read-fonts' font model (charmap, metrics, outlines, names), the same parsed face
//! harfrust shapes with: harfrust keeps its shaping data (GSUB/GPOS lookups, charmap cache) inside the
//! face on first use, so it too is built once per process.

use std::sync::OnceLock;

use read_fonts::tables::glyf::Glyf;
use read_fonts::types::GlyphId;
use read_fonts::TableProvider;

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

/// A glyph's bounding box in font units, as its `glyf` header gives it (y up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlyphBox {
    pub x_min: i16,
    pub y_min: i16,
    pub x_max: i16,
    pub y_max: i16,
}

/// One parsed face with the metrics layout needs.
pub struct Font {
    pub weight: Weight,
    /// The parsed face: harfrust shapes with it (`harfrust::Font` is this type), and read-fonts answers
    /// charmap, metrics, outline and name queries from it.
    pub face: read_fonts::model::Font,
    /// The font file the face was parsed from.
    pub data: &'static [u8],
    /// Font units per em.
    pub units_per_em: f32,
    /// Ascender and descender in em (descender negative).
    pub ascender: f32,
    pub descender: f32,
}

impl Font {
    fn load(data: &'static [u8], weight: Weight) -> Font {
        let face = read_fonts::model::Font::new(data, 0).expect("bundled font parses");
        let units_per_em = face.units_per_em() as f32;
        let line = face
            .metrics()
            .h_line()
            .expect("bundled font has line metrics");
        let ascender = line.ascender.to_f32() / units_per_em;
        let descender = line.descender.to_f32() / units_per_em;
        Font {
            weight,
            face,
            data,
            units_per_em,
            ascender,
            descender,
        }
    }

    /// Whether this face has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.glyph_index(c).is_some()
    }

    /// The glyph the face maps `c` to, if any (never `.notdef`).
    pub fn glyph_index(&self, c: char) -> Option<u16> {
        let id = self.face.charmap().map_unicode(c)?;
        u16::try_from(id.to_u32()).ok()
    }

    /// Horizontal advance of glyph `id` in font units.
    pub fn advance(&self, id: u16) -> f32 {
        self.face.glyph_metrics().h_advance(GlyphId::from(id))
    }

    /// The bounding box of glyph `id` from its `glyf` header; `None` for a glyph with no outline (a
    /// space) or one the face does not have.
    pub fn glyph_box(&self, id: u16) -> Option<GlyphBox> {
        let tables = self.face.tables();
        let glyf: Glyf = tables.glyf().ok()?;
        let glyph = tables
            .loca(None)
            .ok()?
            .get_glyf(GlyphId::from(id), &glyf)
            .ok()??;
        Some(GlyphBox {
            x_min: glyph.x_min(),
            y_min: glyph.y_min(),
            x_max: glyph.x_max(),
            y_max: glyph.y_max(),
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faces_cover_what_their_charmaps_map_to_a_real_glyph() {
        let book = FontBook::bundled();
        let regular = book.font(Weight::Regular);
        let id = regular.glyph_index('国').expect("国 is covered");
        assert!(regular.glyph_box(id).is_some(), "国 has an outline");
        assert_eq!(regular.advance(id), regular.units_per_em, "Han is one em");
        // The faces map U+FFFF to .notdef: that is no glyph, so it is reported, never drawn as a box.
        assert!(!book.covers('\u{FFFF}'));
        // A space maps to a glyph with no outline.
        let space = regular.glyph_index(' ').expect("space is mapped");
        assert!(regular.glyph_box(space).is_none());
        assert_eq!((regular.ascender, regular.descender), (1.16, -0.288));
    }
}
