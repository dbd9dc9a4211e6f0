//! Fonts: the faces yitu sets text in, and the book of them a poster uses.
//!
//! - Two faces are compiled into the binary (Noto Sans SC regular and bold, `fonts/`), so yitu sets
//!   Simplified Chinese wherever it runs and never touches system fonts.
//! - Every other face is read from a font folder (`discover`): the `fonts/` folders beside a spec and
//!   above it, and those given with `--font-path`. The repository's `fonts/` holds Noto Serif SC (Song),
//!   Noto Sans TC and HK (Traditional Chinese) and HanaMinB (CJK Extensions B–F, for rare characters of
//!   names and places).
//! - A poster's [`FontBook`] (`book`) orders faces into a fallback chain per role and weight.
//!
//! Faces live in a process-wide registry and are named by a [`FaceId`]: the scene carries the id, every
//! exporter finds the face from it. A face is parsed once per process (a font file by its path, size and
//! modification time), with read-fonts' font model — the same parsed face harfrust shapes with, which
//! keeps its shaping data inside the face once built.

mod book;
mod discover;
mod outline;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, RwLock};
use std::time::SystemTime;

use read_fonts::tables::glyf::Glyf;
use read_fonts::types::{GlyphId, NameId};
use read_fonts::TableProvider;

pub use book::{known_families, FamilyChoice, FontBook, FontRequest, Role, UnknownFamily};
pub use discover::{faces_in, font_folders, FaceEntry};
pub use outline::OutlinePen;

/// The weights yitu sets text in. Bold is a real bold face, never a smeared regular.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weight {
    /// Regular text: body, labels, credit (CSS 400).
    Regular,
    /// Bold text: headlines, headings, figures, leads (CSS 700).
    Bold,
}

impl Weight {
    /// CSS weight: what a face of this weight is looked for at, unless a theme says otherwise.
    pub fn css(self) -> u16 {
        match self {
            Weight::Regular => 400,
            Weight::Bold => 700,
        }
    }
}

/// The family name the compiled-in faces report.
pub const FAMILY: &str = "Noto Sans SC";

// Each face is a crate of its own (crates/), so that every published crate stays under the registry's
// size limit.
static REGULAR: &[u8] = yitu_font_noto_sans_sc_regular::FONT;
static BOLD: &[u8] = yitu_font_noto_sans_sc_bold::FONT;

/// The compiled-in font files, regular then bold.
pub fn font_data() -> [&'static [u8]; 2] {
    [REGULAR, BOLD]
}

/// A glyph's bounding box in font units, as its `glyf` header gives it (y up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlyphBox {
    /// The left edge, font units.
    pub x_min: i16,
    /// The bottom edge, font units.
    pub y_min: i16,
    /// The right edge, font units.
    pub x_max: i16,
    /// The top edge, font units.
    pub y_max: i16,
}

/// One parsed face with the metrics layout needs.
pub struct Font {
    /// The family name (typographic family, else the legacy one): what a theme names.
    pub family: String,
    /// OS/2 weight class: 400 regular, 700 bold.
    pub weight_class: u16,
    /// The parsed face: harfrust shapes with it (`harfrust::Font` is this type), and read-fonts answers
    /// charmap, metrics, outline and name queries from it.
    pub face: read_fonts::model::Font,
    /// The font file the face was parsed from.
    pub data: &'static [u8],
    /// Where the file was read from; `None` for a compiled-in face.
    pub path: Option<PathBuf>,
    /// Font units per em.
    pub units_per_em: f32,
    /// The ascender in em, above the baseline.
    pub ascender: f32,
    /// The descender in em, negative (below the baseline).
    pub descender: f32,
    /// Glyph outlines read so far (`outline`): the SVG writer and the rasteriser both draw every glyph,
    /// and a batch or server draws the same glyphs card after card.
    outlines: outline::Cache,
}

/// Why a font file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FontError {
    #[error("cannot read {}: {message}", path.display())]
    /// The file could not be read.
    Unreadable {
        /// The font file.
        path: PathBuf,
        /// The system's reason.
        message: String,
    },
    #[error("{} is not a font yitu can read (TrueType or OpenType, .ttf or .otf)", path.display())]
    /// The file was read but is no face yitu can set text with.
    NotAFont {
        /// The font file.
        path: PathBuf,
    },
}

impl Font {
    /// Parses a face; `None` when the data is no font with glyph outlines and line metrics.
    fn parse(data: &'static [u8], path: Option<PathBuf>) -> Option<Font> {
        let face = read_fonts::model::Font::new(data, 0)?;
        let units_per_em = face.units_per_em() as f32;
        let line = face.metrics().h_line()?;
        if units_per_em <= 0.0 {
            return None;
        }
        let names = face.names();
        let name = |id| {
            names
                .get(id)
                .and_then(|n| n.english_or_first())
                .map(|n| n.name().to_string())
        };
        let family = name(NameId::TYPOGRAPHIC_FAMILY_NAME)
            .or_else(|| name(NameId::FAMILY_NAME))
            .unwrap_or_default();
        let weight_class = face.tables().os2().map_or(400, |os2| os2.us_weight_class());
        Some(Font {
            family,
            weight_class,
            ascender: line.ascender.to_f32() / units_per_em,
            descender: line.descender.to_f32() / units_per_em,
            face,
            data,
            path,
            units_per_em,
            outlines: Default::default(),
        })
    }

    /// Whether this face has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.glyph_index(c).is_some()
    }

    /// The glyph the face maps `c` to, if any (never `.notdef`).
    pub fn glyph_index(&self, c: char) -> Option<u16> {
        let id = self.face.charmap().map_unicode(c)?;
        u16::try_from(id.to_u32()).ok().filter(|&id| id != 0)
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

/// A face in the process-wide registry. Ids say nothing about a face beyond this process: outputs name
/// faces by their order of use, never by id, so that they are the same from run to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceId(u32);

impl FaceId {
    /// The compiled-in face of `weight`.
    pub fn bundled(weight: Weight) -> FaceId {
        registry();
        match weight {
            Weight::Regular => FaceId(0),
            Weight::Bold => FaceId(1),
        }
    }

    /// The face. Faces are never unloaded: a process sets type in a handful of them.
    pub fn font(self) -> &'static Font {
        registry()
            .read()
            .expect("the face registry is never poisoned")[self.0 as usize]
    }
}

fn registry() -> &'static RwLock<Vec<&'static Font>> {
    static FACES: OnceLock<RwLock<Vec<&'static Font>>> = OnceLock::new();
    FACES.get_or_init(|| {
        let bundled = |data, weight| -> &'static Font {
            let font = Font::parse(data, None)
                .unwrap_or_else(|| panic!("the compiled-in {weight:?} face parses"));
            Box::leak(Box::new(font))
        };
        RwLock::new(vec![
            bundled(REGULAR, Weight::Regular),
            bundled(BOLD, Weight::Bold),
        ])
    })
}

/// The largest font file yitu reads: the largest CJK faces (every extension of a Ming face) are around
/// 30–60 MB.
pub const FONT_FILE_BYTES: u64 = 128 * 1024 * 1024;

/// The face in the font file at `path`, read and parsed once per process (again only when the file's
/// size or modification time changed).
pub fn load(path: &Path) -> Result<FaceId, FontError> {
    type Loaded = HashMap<PathBuf, (u64, Option<SystemTime>, FaceId)>;
    static LOADED: OnceLock<Mutex<Loaded>> = OnceLock::new();
    let unreadable = |e: std::io::Error| FontError::Unreadable {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    // Outside the served folder ([`crate::model::files::confine`]): never looked at.
    if crate::model::files::permitted(path).is_err() {
        return Err(FontError::NotAFont {
            path: path.to_path_buf(),
        });
    }
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    let stamp = (meta.len(), meta.modified().ok());
    let loaded = LOADED.get_or_init(Default::default);
    // Held while reading, so two threads never load one file twice.
    let mut loaded = loaded.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&(len, modified, id)) = loaded.get(path) {
        if (len, modified) == stamp {
            return Ok(id);
        }
    }
    if !meta.is_file() || meta.len() > FONT_FILE_BYTES {
        return Err(FontError::NotAFont {
            path: path.to_path_buf(),
        });
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let font = Font::parse(data, Some(path.to_path_buf())).ok_or(FontError::NotAFont {
        path: path.to_path_buf(),
    })?;
    let mut faces = registry()
        .write()
        .expect("the face registry is never poisoned");
    let id = FaceId(faces.len() as u32);
    faces.push(Box::leak(Box::new(font)));
    loaded.insert(path.to_path_buf(), (stamp.0, stamp.1, id));
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faces_cover_what_their_charmaps_map_to_a_real_glyph() {
        let regular = FaceId::bundled(Weight::Regular).font();
        let id = regular.glyph_index('国').expect("国 is covered");
        assert!(regular.glyph_box(id).is_some(), "国 has an outline");
        assert_eq!(regular.advance(id), regular.units_per_em, "Han is one em");
        // The faces map U+FFFF to .notdef: that is no glyph, so it is reported, never drawn as a box.
        assert!(!regular.covers('\u{FFFF}'));
        // A space maps to a glyph with no outline.
        let space = regular.glyph_index(' ').expect("space is mapped");
        assert!(regular.glyph_box(space).is_none());
        assert_eq!((regular.ascender, regular.descender), (1.16, -0.288));
        assert_eq!(regular.family, FAMILY);
        assert_eq!(FaceId::bundled(Weight::Bold).font().weight_class, 700);
    }
}
