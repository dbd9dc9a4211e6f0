//! Shaping: styled spans of text → clusters of positioned glyphs, with harfrust. A cluster is the unit the
//! line breaker and the justifier move around: one character (or a ligature) with its glyphs and advance.

use super::coverage::is_invisible;
use super::fonts::{FaceId, FontBook, Role, Weight};
use super::linebreak::is_han;
use crate::model::Color;

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The characters as written; [`TextBox::prepare`](crate::text::set::TextBox::prepare) makes the
    /// punctuation full-width where it should be before shaping.
    pub text: String,
    /// How it is set.
    pub style: Style,
}

/// How a span is set: weight, role, size and colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// Regular or bold.
    pub weight: Weight,
    /// What the text is: which family of the poster's book sets it.
    pub role: Role,
    /// Font size in pixels.
    pub size: f32,
    /// The text's colour.
    pub color: Color,
}

impl Span {
    /// A span of body text (role [`Role::Body`]) in this weight, size (pixels) and colour.
    pub fn new(text: impl Into<String>, weight: Weight, size: f32, color: Color) -> Span {
        Span {
            text: text.into(),
            style: Style {
                weight,
                role: Role::Body,
                size,
                color,
            },
        }
    }

    /// The span as text of `role` (a headline, a figure, a label) rather than body text.
    pub fn as_role(mut self, role: Role) -> Span {
        self.style.role = role;
        self
    }
}

/// One glyph inside a cluster, offsets in pixels relative to the cluster's pen position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// The glyph id in the cluster's face.
    pub id: u16,
    /// Horizontal offset from the pen position, pixels.
    pub dx: f32,
    /// Vertical offset from the baseline, pixels, y down (harfrust's y offset negated).
    pub dy: f32,
}

/// A shaped cluster: the smallest piece of text that is placed as a whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// Byte offset of the cluster in the concatenated text of all spans.
    pub offset: usize,
    /// The characters of the cluster.
    pub text: String,
    /// The span's style it was shaped in.
    pub style: Style,
    /// The face the glyphs are of: the first of the style's chain that has the cluster's character.
    pub face: FaceId,
    /// The glyphs, in drawing order, positioned relative to the cluster's pen position.
    pub glyphs: Vec<Glyph>,
    /// Advance width in pixels, including any extra space set after it (Han–Latin gap).
    pub advance: f32,
    /// The part of `advance` that is the Han–Latin gap set after this cluster (0 when none). A line
    /// ending here leaves it out, so that the line's edge is its ink, not a gap before the next line.
    pub gap_after: f32,
}

impl Cluster {
    /// The cluster's first character (a space when it has none).
    pub fn first_char(&self) -> char {
        self.text.chars().next().unwrap_or(' ')
    }

    /// Whether the cluster is whitespace only: a breakable space the line breaker may drop at a line's end.
    pub fn is_space(&self) -> bool {
        self.text.chars().all(char::is_whitespace)
    }
}

/// Shaped text: the concatenated string and its clusters in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shaped {
    /// Every span's text, concatenated: cluster offsets and break opportunities index into it.
    pub text: String,
    /// The clusters in text order.
    pub clusters: Vec<Cluster>,
}

/// Shapes spans into clusters. Characters no bundled font covers must be removed before (see
/// `text::coverage`), so that they are reported rather than drawn as empty boxes.
pub fn shape(book: &FontBook, spans: &[Span]) -> Shaped {
    let mut shaped = Shaped::default();
    for span in spans {
        let base = shaped.text.len();
        // This span's clusters are the ones pushed from here on.
        let first = shaped.clusters.len();
        shaped.text.push_str(&span.text);
        for (range, face) in face_runs(book, &span.text, span.style) {
            shape_run(
                book,
                &span.text[range.clone()],
                base + range.start,
                span.style,
                face,
                &mut shaped.clusters,
            );
        }
        // Fill in each cluster's characters from the offsets.
        let n = shaped.clusters.len();
        for i in first..n {
            let start = shaped.clusters[i].offset;
            let end = shaped
                .clusters
                .get(i + 1)
                .map_or(shaped.text.len(), |c| c.offset);
            shaped.clusters[i].text = shaped.text[start..end].to_string();
        }
    }
    add_han_latin_gaps(&mut shaped, book.cjk_latin_gap);
    compress_adjacent_marks(&mut shaped);
    shaped
}

/// The text split where the face changes: each character in the first face of its style's chain that
/// has it. Spaces, marks that combine with the character before and invisible characters stay in the
/// face of the run they are in, so that a run is not cut for them.
fn face_runs(book: &FontBook, text: &str, style: Style) -> Vec<(std::ops::Range<usize>, FaceId)> {
    let mut runs: Vec<(std::ops::Range<usize>, FaceId)> = Vec::new();
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let follows = c.is_whitespace() || is_invisible(c) || is_combining(c);
        if let Some(last) = runs.last_mut().filter(|_| follows) {
            last.0.end = end;
            continue;
        }
        let face = book
            .face_for(style.role, style.weight, c)
            .unwrap_or_else(|| primary(book, style));
        match runs.last_mut() {
            Some(last) if last.1 == face => last.0.end = end,
            _ => runs.push((i..end, face)),
        }
    }
    runs
}

/// The face text of `style` is set in when no face has a character (it was reported before shaping).
fn primary(book: &FontBook, style: Style) -> FaceId {
    book.face_for(style.role, style.weight, '中')
        .unwrap_or_else(|| FaceId::bundled(style.weight))
}

/// A mark that combines with the character before it (accents, enclosing circles, variation
/// selectors are invisible already).
fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0x3099..=0x309A)
}

/// Shapes one run of one face and appends its clusters; `base` is the run's offset in the whole text.
fn shape_run(
    book: &FontBook,
    text: &str,
    base: usize,
    style: Style,
    face: FaceId,
    clusters: &mut Vec<Cluster>,
) {
    let font = face.font();
    // A ShaperFont is a light view of the face: the shaping data it needs was built into the face on
    // first use and is reused here.
    let shaper = harfrust::ShaperFont::new(&font.face);
    let mut buffer = harfrust::Buffer::new();
    buffer.push_str(text);
    buffer.set_direction(harfrust::Direction::LeftToRight);
    buffer.guess_segment_properties();
    // The locale picks the face's local forms (`locl`) where it has them.
    buffer.set_language(book.lang.shaping_language().parse().ok());
    harfrust::shape(&shaper, &mut buffer, harfrust::ShapeOptions::new())
        .expect("a left-to-right buffer of text always shapes");
    let scale = style.size / font.units_per_em;
    let infos = buffer.glyph_infos();
    let positions = buffer.glyph_positions();
    for (info, pos) in infos.iter().zip(positions) {
        let offset = base + info.cluster as usize;
        let glyph = Glyph {
            id: info.glyph_id as u16,
            dx: pos.x_offset as f32 * scale,
            dy: -(pos.y_offset as f32) * scale,
        };
        let advance = pos.x_advance as f32 * scale;
        match clusters.last_mut() {
            Some(last) if last.offset == offset => {
                let mut g = glyph;
                g.dx += last.advance;
                last.glyphs.push(g);
                last.advance += advance;
            }
            _ => clusters.push(Cluster {
                offset,
                text: String::new(),
                style,
                face,
                glyphs: vec![glyph],
                advance,
                gap_after: 0.0,
            }),
        }
    }
}

/// Full-width marks whose ink sits in the left half of the em (the right half is blank): compressed
/// when two marks meet, squeezed to fit a line, and counted half at a line's end.
pub fn ink_left(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '：'
            | '；'
            | '！'
            | '？'
            | '）'
            | '］'
            | '｝'
            | '」'
            | '』'
            | '】'
            | '》'
            | '〉'
            | '〕'
            | '〗'
            | '〙'
            | '”'
            | '’'
    )
}

/// Full-width opening marks, whose ink sits in the right half (the left half is blank): compressed
/// when they follow another mark, squeezed to fit a line, and set without their blank half at a line's
/// start.
pub fn ink_right(c: char) -> bool {
    matches!(
        c,
        '（' | '［' | '｛' | '「' | '『' | '【' | '《' | '〈' | '〔' | '〖' | '〘' | '“' | '‘'
    )
}

/// Which half of a cluster's em is blank and may be squeezed out (标点挤压).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blank {
    /// A closing mark or a comma: the pen stays, the advance shrinks.
    Right,
    /// An opening mark: the glyph moves left into its blank half.
    Left,
}

/// A full-width mark still at its full width (not already compressed against a neighbour): it can
/// give up the blank half of its em. Half-width and already compressed marks cannot, nor can a mark its
/// face draws centred in the em (the commas and stops of Taiwan and Hong Kong faces): it has blank on
/// both sides, and taking half would put its ink against its neighbour.
pub fn blank_half(cluster: &Cluster) -> Option<Blank> {
    if cluster.advance - cluster.gap_after < cluster.style.size * 0.9 {
        return None;
    }
    let mut chars = cluster.text.chars();
    let (first, single) = (chars.next()?, chars.next().is_none());
    if !single {
        return None;
    }
    let side = if ink_left(first) {
        Blank::Right
    } else if ink_right(first) {
        Blank::Left
    } else {
        return None;
    };
    let font = cluster.face.font();
    let ink = cluster
        .glyphs
        .first()
        .and_then(|g| font.glyph_box(g.id))
        .map(|b| (b.x_min as f32 + b.x_max as f32) / 2.0 / font.units_per_em);
    match (side, ink) {
        (Blank::Right, Some(centre)) if centre > CENTRED_INK => None,
        (Blank::Left, Some(centre)) if centre < 1.0 - CENTRED_INK => None,
        _ => Some(side),
    }
}

/// Where, in em from the left, the middle of a mark's ink must lie for the mark to count as drawn in
/// one half: left of this for a closing mark, right of 1 minus this for an opening one.
const CENTRED_INK: f32 = 0.4;

/// A full-width punctuation mark of the compression sets, at its full width, whichever part of its em
/// its face inks.
fn is_full_width_mark(cluster: &Cluster) -> bool {
    let mut chars = cluster.text.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return false;
    };
    (ink_left(c) || ink_right(c)) && cluster.advance - cluster.gap_after >= cluster.style.size * 0.9
}

/// The blank half of a full-width mark still at its full width (see [`blank_half`]); 0 otherwise.
pub fn blank(cluster: &Cluster) -> f32 {
    match blank_half(cluster) {
        Some(_) => (cluster.advance - cluster.gap_after) / 2.0,
        None => 0.0,
    }
}

/// What a Han–Latin gap may lose when a line is squeezed: half of it (clreq and JLReq let it shrink
/// before characters are crowded).
pub const GAP_SHRINK: f32 = 0.5;

/// What a word space may lose when a line is squeezed: a third of it, as in Latin typesetting.
pub const SPACE_SHRINK: f32 = 1.0 / 3.0;

/// How much a cluster's advance may lose when a line is squeezed: the blank half of a full-width mark,
/// half of the Han–Latin gap after it, a third of a word space.
pub fn shrinkable(cluster: &Cluster) -> f32 {
    let space = if cluster.text == " " {
        cluster.advance * SPACE_SHRINK
    } else {
        0.0
    };
    blank(cluster) + cluster.gap_after * GAP_SHRINK + space
}

/// 标点挤压: two full-width marks in a row would leave a whole em of blank between them (`”，` or `，“`);
/// half of it goes. A mark with blank on its right gives up that half; otherwise an opening mark after
/// an opening mark, or after a mark drawn centred (Traditional faces' `：` before `「`), gives up its
/// blank left half. A centred mark itself keeps its em.
fn compress_adjacent_marks(shaped: &mut Shaped) {
    for i in 1..shaped.clusters.len() {
        let (a, b) = (
            blank_half(&shaped.clusters[i - 1]),
            blank_half(&shaped.clusters[i]),
        );
        let centred = |c: &Cluster| blank_half(c).is_none() && is_full_width_mark(c);
        match (a, b) {
            (Some(Blank::Right), Some(_)) => {
                let half = shaped.clusters[i - 1].style.size / 2.0;
                shaped.clusters[i - 1].advance -= half;
            }
            (Some(Blank::Right), None) if centred(&shaped.clusters[i]) => {
                let half = shaped.clusters[i - 1].style.size / 2.0;
                shaped.clusters[i - 1].advance -= half;
            }
            (None, Some(Blank::Left)) if centred(&shaped.clusters[i - 1]) => {
                let half = shaped.clusters[i].style.size / 2.0;
                let b = &mut shaped.clusters[i];
                b.glyphs.iter_mut().for_each(|g| g.dx -= half);
                b.advance -= half;
            }
            (Some(Blank::Left), Some(Blank::Left)) => {
                let half = shaped.clusters[i].style.size / 2.0;
                let b = &mut shaped.clusters[i];
                b.glyphs.iter_mut().for_each(|g| g.dx -= half);
                b.advance -= half;
            }
            _ => {}
        }
    }
}

/// Width of the text in pixels.
pub fn width(book: &FontBook, spans: &[Span]) -> f32 {
    shape(book, spans).clusters.iter().map(|c| c.advance).sum()
}

/// A small gap between Han characters and Latin letters or digits reads better than none (clreq):
/// `gap` em (the poster's book: a fifth of an em in mainland copy) is added after the earlier cluster of
/// each such pair, and recorded as its `gap_after` so that a line ending there can leave it out.
fn add_han_latin_gaps(shaped: &mut Shaped, gap: f32) {
    if gap == 0.0 {
        return;
    }
    for i in 1..shaped.clusters.len() {
        let (a, b) = (
            shaped.clusters[i - 1].first_char(),
            shaped.clusters[i].first_char(),
        );
        let a_last = shaped.clusters[i - 1].text.chars().last().unwrap_or(a);
        if (is_han(a_last) && b.is_ascii_alphanumeric())
            || (a_last.is_ascii_alphanumeric() && is_han(b))
        {
            let size = shaped.clusters[i - 1]
                .style
                .size
                .min(shaped.clusters[i].style.size);
            shaped.clusters[i - 1].advance += gap * size;
            shaped.clusters[i - 1].gap_after += gap * size;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn advances(text: &str) -> Vec<(String, f32)> {
        let shaped = shape(
            FontBook::bundled(),
            &[Span::new(text, Weight::Regular, 30.0, Color::rgb(0, 0, 0))],
        );
        shaped
            .clusters
            .iter()
            .map(|c| (c.text.clone(), c.advance))
            .collect()
    }

    #[test]
    fn han_characters_take_one_em() {
        assert!(advances("周口").iter().all(|(_, a)| *a == 30.0));
    }

    #[test]
    fn adjacent_full_width_marks_are_compressed_by_half_an_em() {
        // ”， : the closing quote gives up its blank right half; the comma keeps its em.
        let a = advances("工程”，新增");
        assert_eq!(a[2], ("”".to_string(), 15.0));
        assert_eq!(a[3], ("，".to_string(), 30.0));
        // A lone mark between Han characters keeps its full em.
        let b = advances("工程，新增");
        assert_eq!(b[2].1, 30.0);
    }

    #[test]
    fn a_gap_separates_han_from_latin_and_digits() {
        let a = advances("增长8%");
        assert_eq!(a[1].1, 30.0 + 6.0, "a fifth of an em after 长 before 8");
    }

    #[test]
    fn the_gap_is_recorded_as_the_cluster_gap() {
        let shaped = shape(
            FontBook::bundled(),
            &[Span::new(
                "增长8%及",
                Weight::Regular,
                30.0,
                Color::rgb(0, 0, 0),
            )],
        );
        let gaps: Vec<f32> = shaped.clusters.iter().map(|c| c.gap_after).collect();
        assert_eq!(
            gaps,
            [0.0, 6.0, 0.0, 0.0, 0.0],
            "after 长 only: % is no digit"
        );
    }

    /// The compression sets say where a mark's ink is: check them against the bundled face's outlines,
    /// as shaped (the glyph a locale or feature picks, not only the cmap's), so a mark whose blank half
    /// is squeezed really is blank there.
    #[test]
    fn compressible_marks_have_their_ink_on_the_side_the_sets_say() {
        let book = FontBook::bundled();
        let marks = "，。、：；！？）］｝」』】》〉〕〗〙”’（［｛「『【《〈〔〖〘“‘";
        for weight in [Weight::Regular, Weight::Bold] {
            let font = book.font(weight);
            for c in marks.chars() {
                let shaped = shape(
                    book,
                    &[Span::new(
                        c.to_string(),
                        weight,
                        1000.0,
                        Color::rgb(0, 0, 0),
                    )],
                );
                let cluster = &shaped.clusters[0];
                assert!(blank_half(cluster).is_some(), "{c:?} is full width");
                let ink = font.glyph_box(cluster.glyphs[0].id).expect("an outline");
                let em = font.units_per_em;
                let (left, right) = (f32::from(ink.x_min) / em, f32::from(ink.x_max) / em);
                match blank_half(cluster) {
                    Some(Blank::Right) => assert!(right <= 0.55, "{c:?} inks up to {right} em"),
                    Some(Blank::Left) => assert!(left >= 0.45, "{c:?} inks from {left} em"),
                    None => unreachable!(),
                }
            }
        }
    }

    #[test]
    fn brackets_compress_like_the_other_marks() {
        // 】［ and 〗〖 meet: the closing mark gives up its blank half.
        assert_eq!(advances("项目】［注")[2].1, 15.0);
        assert_eq!(advances("项目〗〖注")[2].1, 15.0);
        // ［［: the second opening mark moves into its blank left half.
        assert_eq!(advances("注［［一")[2].1, 15.0);
    }

    /// In the Traditional faces the commas and stops are centred: they have no blank half to give up,
    /// and every mark that does give one up has its ink in the other half, as in the mainland face.
    #[test]
    fn centred_marks_of_traditional_faces_are_not_compressed() {
        use crate::text::fonts::{FontRequest, Role};
        use crate::text::lang::Lang;
        let folders = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fonts")];
        let book = FontBook::resolve(FontRequest {
            lang: Lang::HantHk,
            folders,
            ..Default::default()
        })
        .unwrap();
        let shaped = shape(
            &book,
            &[Span::new(
                "，。、：；預算」（",
                Weight::Regular,
                1000.0,
                Color::rgb(0, 0, 0),
            )],
        );
        let font = book.primary(Role::Body, Weight::Regular);
        assert_eq!(font.family, "Noto Sans HK");
        for cluster in &shaped.clusters {
            let ink = font.glyph_box(cluster.glyphs[0].id).unwrap();
            let centre = (f32::from(ink.x_min) + f32::from(ink.x_max)) / 2.0 / font.units_per_em;
            match blank_half(cluster) {
                Some(Blank::Right) => assert!(centre < 0.4, "{}: {centre}", cluster.text),
                Some(Blank::Left) => assert!(centre > 0.6, "{}: {centre}", cluster.text),
                None => {}
            }
        }
        let comma = &shaped.clusters[0];
        assert_eq!(blank_half(comma), None, "the HK comma is centred");
        // Two centred marks in a row keep their full ems.
        assert!(shaped.clusters[..5].iter().all(|c| c.advance == 1000.0));
        // A closing bracket before a centred colon gives up its blank half; an opening one after it too.
        let pair = shape(
            &book,
            &[Span::new(
                "劃」：「門",
                Weight::Regular,
                1000.0,
                Color::rgb(0, 0, 0),
            )],
        );
        let advances: Vec<f32> = pair.clusters.iter().map(|c| c.advance).collect();
        assert_eq!(
            advances,
            [1000.0, 500.0, 1000.0, 500.0, 1000.0],
            "{advances:?}"
        );
    }
}
