//! Chinese words, so that short text in narrow boxes (labels, headings) breaks between words: 战略性 /
//! 新兴产业 / 增加值, never 战略性新兴产 / 业增加值.
//!
//! Chinese is written without spaces between words, and every break between two Han characters is
//! allowed by the line-breaking rules (`linebreak`). jieba's segmentation (`segment`: its dictionary
//! and HMM, the words jieba-rs gives) finds the words; a break opportunity strictly inside a word of
//! two or more characters is then one a label or heading avoids. Body text keeps breaking anywhere: a
//! justified paragraph needs every opportunity it has, and readers expect it there.
//!
//! Traditional text (財政預算案) is folded to Simplified character by character before segmenting, since
//! jieba's dictionary is Simplified; the folding keeps one character for one, so positions carry over.
//!
//! The dictionary (349 000 words) is compiled in as an `fst` map built at build time and read in place,
//! so the first segmentation in a process costs what any other does: a few microseconds for a label.
//! (jieba-rs parsed its dictionary on first use, 0.2 s and 43 MB in every process that broke a label.)

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use super::line::{break_points, natural_width};
use super::linebreak::is_han;
use super::segment;
use super::shape::Shaped;

/// Traditional → Simplified, one character for one (OpenCC's table, `data/ts-characters.txt`).
fn simplified_of() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("data/ts-characters.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut chars = l.chars();
                Some((chars.next()?, chars.next()?))
            })
            .collect()
    })
}

/// `text` with every Traditional character replaced by its Simplified form: the same number of
/// characters, each in the same place.
fn fold_to_simplified(text: &str) -> String {
    let table = simplified_of();
    text.chars()
        .map(|c| table.get(&c).copied().unwrap_or(c))
        .collect()
}

/// Byte ranges, in `text`, of its words of two or more characters that hold a Han character: the
/// stretches a break should not split. Empty without Han characters.
pub fn words(text: &str) -> Vec<Range<usize>> {
    if !text.chars().any(is_han) {
        return Vec::new();
    }
    let folded = fold_to_simplified(text);
    // Byte offset in `text` of every character index, and of the end.
    let starts: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let chars: Vec<char> = folded.chars().collect();
    // With jieba's HMM for words missing from the dictionary: newsroom words such as 营收 and 规上 are
    // not in it, and would otherwise come out as single characters, free to be split.
    segment::cut(&folded)
        .into_iter()
        .filter(|w| w.len() >= 2 && chars[w.clone()].iter().copied().any(is_han))
        .map(|w| starts[w.start]..starts[w.end])
        .collect()
}

/// For each byte offset of `offsets` (break opportunities of `text`), whether it falls strictly inside
/// one of the [`words`] of `text`.
pub fn inside_words(text: &str, offsets: &[usize]) -> Vec<bool> {
    if offsets.is_empty() {
        // Nothing to ask: the text is not segmented for it.
        return Vec::new();
    }
    let words = words(text);
    offsets.iter().map(|&o| inside(&words, o)).collect()
}

/// Whether `offset` lies strictly inside one of `words` (in text order, not overlapping).
fn inside(words: &[Range<usize>], offset: usize) -> bool {
    let before = words.partition_point(|w| w.start < offset);
    before > 0 && offset < words[before - 1].end
}

/// The break points of `shaped` (as [`break_points`] gives them) without those inside a word, except
/// inside a word wider than `max_width`: such a word cannot be set whole, and is broken where the
/// line-breaking rules allow rather than cut wherever the line happens to be full.
pub fn word_break_points(shaped: &Shaped, max_width: f32) -> Vec<(usize, bool)> {
    let all = break_points(shaped);
    // A text that fits its box on one line takes no break: which breaks fall inside words does not
    // matter, and the text need not be segmented.
    let mandatory = all.iter().any(|&(k, m)| m && k < shaped.clusters.len());
    if !mandatory && natural_width(shaped, 0, shaped.clusters.len()) <= max_width {
        return all;
    }
    let words = words(&shaped.text);
    if words.is_empty() {
        return all;
    }
    let clusters = &shaped.clusters;
    // The cluster holding a byte offset: the last one starting at or before it.
    let cluster_at = |offset: usize| {
        clusters
            .partition_point(|c| c.offset <= offset)
            .saturating_sub(1)
    };
    all.into_iter()
        .filter(|&(k, mandatory)| {
            if mandatory || k >= clusters.len() {
                return true;
            }
            let offset = clusters[k].offset;
            let before = words.partition_point(|w| w.start < offset);
            if before == 0 || offset >= words[before - 1].end {
                return true;
            }
            let word = &words[before - 1];
            let (first, last) = (cluster_at(word.start), cluster_at(word.end - 1));
            natural_width(shaped, first, last + 1) > max_width
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of `text` as strings.
    fn cut(text: &str) -> Vec<&str> {
        words(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_the_words_of_labels() {
        assert_eq!(
            cut("财政民生支出占一般公共预算支出比重"),
            ["财政", "民生", "支出", "一般", "公共", "预算", "支出", "比重"]
        );
        assert_eq!(
            cut("战略性新兴产业增加值"),
            ["战略性", "新兴产业", "增加值"]
        );
        assert_eq!(cut("线下零售额"), ["线下", "零售额"]);
    }

    #[test]
    fn traditional_text_is_cut_like_simplified() {
        assert_eq!(
            cut("戰略性新興產業增加值"),
            ["戰略性", "新興產業", "增加值"]
        );
        assert_eq!(
            cut("財政預算案重點"),
            cut_lengths("财政预算案重点", "財政預算案重點")
        );
    }

    /// The words of `simplified`, taken at the same places in `traditional` (one character for one).
    fn cut_lengths<'a>(simplified: &str, traditional: &'a str) -> Vec<&'a str> {
        let chars: Vec<(usize, char)> = traditional.char_indices().collect();
        let byte = |i: usize| chars.get(i).map_or(traditional.len(), |&(b, _)| b);
        words(simplified)
            .into_iter()
            .map(|r| {
                let (s, e) = (
                    simplified[..r.start].chars().count(),
                    simplified[..r.end].chars().count(),
                );
                &traditional[byte(s)..byte(e)]
            })
            .collect()
    }

    #[test]
    fn latin_and_figures_are_no_words_here() {
        // Latin words and figures are kept whole by the line-breaking rules already.
        assert!(words("Revenue YoY +12.5%").is_empty());
        assert_eq!(cut("Q3营收Revenue同比增长"), ["营收", "同比", "增长"]);
    }

    /// Break points of `text` set at 30 px in a box `width` wide, as the strings between them.
    fn pieces(text: &str, width: f32) -> Vec<String> {
        use crate::model::Color;
        use crate::text::fonts::{FontBook, Weight};
        use crate::text::shape::{shape, Span};
        let shaped = shape(
            FontBook::bundled(),
            &[Span::new(text, Weight::Regular, 30.0, Color::rgb(0, 0, 0))],
        );
        let mut start = 0;
        word_break_points(&shaped, width)
            .into_iter()
            .map(|(k, _)| {
                let piece = shaped.clusters[start..k]
                    .iter()
                    .map(|c| c.text.as_str())
                    .collect();
                start = k;
                piece
            })
            .collect()
    }

    #[test]
    fn break_points_between_words() {
        // Boxes narrower than the text (150 and about 260 px at 30 px) and wider than any word.
        assert_eq!(pieces("线下零售额", 100.0), ["线下", "零售额"]);
        assert_eq!(
            pieces("2023年规上工业增加值", 100.0),
            ["2023年", "规上", "工业", "增加值"]
        );
    }

    #[test]
    fn a_text_that_fits_its_box_keeps_every_break_point() {
        // No break will be taken, so none is taken away (and the text is not segmented).
        assert_eq!(pieces("线下零售额", 300.0), ["线", "下", "零", "售", "额"]);
    }

    #[test]
    fn a_word_wider_than_the_box_keeps_its_breaks() {
        // 新兴产业 is 120 px at 30 px: in a 100-px box it may break inside, the others may not.
        assert_eq!(
            pieces("战略性新兴产业增加值", 100.0),
            ["战略性", "新", "兴", "产", "业", "增加值"]
        );
        assert_eq!(
            pieces("战略性新兴产业增加值", 120.0),
            ["战略性", "新兴产业", "增加值"]
        );
    }

    #[test]
    fn offsets_inside_words() {
        let text = "线下零售额";
        // Breaks after 线, 下, 零, 售, 额.
        let offsets = [3, 6, 9, 12, 15];
        assert_eq!(
            inside_words(text, &offsets),
            [true, false, true, true, false]
        );
    }
}
