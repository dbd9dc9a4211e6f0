//! The fonts of a PDF: each face the scenes use, embedded as a subset (only the
//! glyphs drawn, so a poster's PDF carries tens of kB of font instead of 10 MB) and written as a Type 0
//! font with two-byte glyph codes (Identity-H). A ToUnicode map gives every glyph its characters, so the
//! text can be selected, searched and extracted.

use std::collections::{BTreeMap, BTreeSet};

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Ref, Str};
use read_fonts::types::NameId;
use read_fonts::TableProvider;
use subsetter::GlyphRemapper;

use super::deflate;
use crate::export::ExportError;
use crate::scene::{GlyphRun, Scene};
use crate::text::fonts::FaceId;

const SYSTEM_INFO: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// The glyphs one face draws: old glyph id → its characters (the first seen wins: a glyph has one
/// meaning in a ToUnicode map).
#[derive(Default)]
struct UsedGlyphs(BTreeMap<u16, String>);

/// One embedded face: its resource name in the page, and old glyph ids → codes in the subset.
pub struct EmbeddedFont {
    pub resource: String,
    remapper: GlyphRemapper,
    to_unicode: BTreeMap<u16, String>,
}

impl EmbeddedFont {
    /// The two-byte code that draws glyph `id` (its id in the subset).
    pub fn code(&self, id: u16) -> [u8; 2] {
        self.remapper
            .get(id)
            .expect("every drawn glyph was collected")
            .to_be_bytes()
    }
}

/// The fonts of one PDF, in the order the scenes first use them (which names them `F0`, `F1`, …, the
/// same from run to run).
pub struct PdfFonts(pub Vec<(FaceId, EmbeddedFont)>);

/// The glyphs of a run the PDF draws, each with its characters: white space is left out (it draws
/// nothing, and text extractors place words by position). When the run has one glyph per character
/// (Chinese text, digits, Latin without ligatures: nearly always) glyph and character pair up; otherwise
/// a glyph takes the cluster it starts in, and only a cluster's first glyph carries its text.
pub fn drawn_glyphs(run: &GlyphRun) -> Vec<(usize, String)> {
    let chars: Vec<char> = run.text.iter().flat_map(|t| t.text.chars()).collect();
    let mut out = Vec::with_capacity(run.glyphs.len());
    if chars.len() == run.glyphs.len() {
        for (i, c) in chars.into_iter().enumerate() {
            if !c.is_whitespace() {
                out.push((i, c.to_string()));
            }
        }
        return out;
    }
    let mut last_cluster = None;
    for (i, g) in run.glyphs.iter().enumerate() {
        let cluster = run
            .text
            .iter()
            .rposition(|t| t.x <= g.x + 0.01)
            .unwrap_or(0);
        let text = match run.text.get(cluster) {
            Some(t) if last_cluster != Some(cluster) => t.text.clone(),
            _ => String::new(),
        };
        last_cluster = Some(cluster);
        if text.is_empty() || !text.trim().is_empty() {
            out.push((i, text));
        }
    }
    out
}

impl PdfFonts {
    /// Every glyph the scenes draw, by face, each subset laid out in glyph-id order (so the same
    /// scene always gives the same codes).
    pub fn collect(scenes: &[&Scene]) -> PdfFonts {
        let mut used: Vec<(FaceId, UsedGlyphs)> = Vec::new();
        for run in scenes.iter().flat_map(|s| s.runs()) {
            let at = match used.iter().position(|(f, _)| *f == run.face) {
                Some(at) => at,
                None => {
                    used.push((run.face, UsedGlyphs::default()));
                    used.len() - 1
                }
            };
            let glyphs = &mut used[at].1;
            for (i, text) in drawn_glyphs(run) {
                let entry = glyphs.0.entry(run.glyphs[i].id).or_default();
                if entry.is_empty() {
                    *entry = text;
                }
            }
        }
        let fonts = used
            .into_iter()
            .enumerate()
            .map(|(n, (face, glyphs))| {
                let ids: Vec<u16> = glyphs.0.keys().copied().collect();
                let font = EmbeddedFont {
                    resource: format!("F{n}"),
                    remapper: GlyphRemapper::new_from_glyphs_sorted(&ids),
                    to_unicode: glyphs.0,
                };
                (face, font)
            })
            .collect();
        PdfFonts(fonts)
    }

    pub fn get(&self, face: FaceId) -> &EmbeddedFont {
        &self
            .0
            .iter()
            .find(|(f, _)| *f == face)
            .expect("every face drawn was collected")
            .1
    }

    /// Writes every font's objects; returns (resource name, Type 0 font) pairs for the page.
    pub fn write(
        &self,
        pdf: &mut Pdf,
        next_ref: &mut impl FnMut() -> Ref,
    ) -> Result<Vec<(String, Ref)>, ExportError> {
        let mut out = Vec::new();
        for (face, font) in &self.0 {
            let type0 = next_ref();
            write_font(pdf, next_ref, *face, font, type0)?;
            out.push((font.resource.clone(), type0));
        }
        Ok(out)
    }
}

fn write_font(
    pdf: &mut Pdf,
    next_ref: &mut impl FnMut() -> Ref,
    face_id: FaceId,
    font: &EmbeddedFont,
    type0: Ref,
) -> Result<(), ExportError> {
    let (cid_ref, descriptor_ref, cmap_ref, data_ref) =
        (next_ref(), next_ref(), next_ref(), next_ref());
    let font_book = face_id.font();
    let face = &font_book.face;
    let per_em = 1000.0 / font_book.units_per_em;
    let postscript = face
        .names()
        .get(NameId::POSTSCRIPT_NAME)
        .and_then(|name| name.english_or_first())
        .map(|name| name.name().to_string())
        .unwrap_or_else(|| font_book.family.replace(' ', ""));
    let base_font = format!("{}+{postscript}", subset_tag(font));

    pdf.type0_font(type0)
        .base_font(Name(base_font.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_ref)
        .to_unicode(cmap_ref);

    let mut cid = pdf.cid_font(cid_ref);
    cid.subtype(CidFontType::Type2)
        .base_font(Name(base_font.as_bytes()))
        .system_info(SYSTEM_INFO)
        .font_descriptor(descriptor_ref)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    let widths: Vec<f32> = font
        .remapper
        .remapped_gids()
        .map(|id| font_book.advance(id) * per_em)
        .collect();
    cid.widths().consecutive(0, widths);
    cid.finish();

    let metrics = face.metrics();
    let bbox = metrics.bounds;
    let em = |v: read_fonts::types::F48Dot16| v.to_f32() * per_em;
    let line = metrics.h_line().unwrap_or_default();
    // OS/2 usWeightClass (400 regular, 700 bold).
    let weight_class = face.tables().os2().map_or(400, |os2| os2.us_weight_class());
    pdf.font_descriptor(descriptor_ref)
        .name(Name(base_font.as_bytes()))
        // Symbolic: the glyphs are addressed by id, not through a standard encoding.
        .flags(FontFlags::SYMBOLIC)
        .bbox(pdf_writer::Rect::new(
            em(bbox.x_min),
            em(bbox.y_min),
            em(bbox.x_max),
            em(bbox.y_max),
        ))
        .italic_angle(0.0)
        .ascent(em(line.ascender))
        .descent(em(line.descender))
        .cap_height(em(metrics.cap_height.unwrap_or(line.ascender)))
        .stem_v(10.0 + 0.244 * (weight_class as f32 - 50.0))
        .font_file2(data_ref);

    let mut cmap = UnicodeCmap::new(Name(b"Custom"), SYSTEM_INFO);
    for (&id, text) in &font.to_unicode {
        if !text.is_empty() {
            cmap.pair_with_multiple(font.remapper.get(id).unwrap_or(0), text.chars());
        }
    }
    pdf.cmap(cmap_ref, &cmap.finish());

    let subset = subsetter::subset(font_book.data, 0, &font.remapper).map_err(|e| {
        ExportError::Encode(format!(
            "PDF: cannot subset the font {} ({}): {e}",
            font_book.family, font_book.weight_class
        ))
    })?;
    pdf.stream(data_ref, &deflate(&subset))
        .filter(Filter::FlateDecode);
    Ok(())
}

/// Six capital letters naming this subset (PDF's `ABCDEF+Name` convention), from the glyphs in it, so
/// two different subsets of one face get different names and the same subset always the same one.
fn subset_tag(font: &EmbeddedFont) -> String {
    let ids: BTreeSet<u16> = font.to_unicode.keys().copied().collect();
    // FNV-1a: small, fixed, and the same on every machine.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for id in ids {
        for byte in id.to_be_bytes() {
            hash = (hash ^ byte as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6)
        .map(|i| (b'A' + ((hash >> (i * 8)) % 26) as u8) as char)
        .collect()
}
