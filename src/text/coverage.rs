//! The missing-glyph policy: a character that no bundled font covers is left out of the drawing and
//! reported by name and block, never drawn as an empty box (tofu). The model makes such a character an
//! input error unless the page says `missing_glyphs = "drop"`; this is the drop path.

use std::collections::HashSet;

use super::fonts::FontBook;

/// A character no bundled font covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyph {
    /// The character.
    pub ch: char,
}

impl MissingGlyph {
    /// `'😀' U+1F600 GRINNING FACE (Emoticons)`: the character, its code point, its Unicode name and
    /// the block it is in when it is one the fonts are likely to miss ([`block`]).
    pub fn describe(&self) -> String {
        let name = unicode_names2::name(self.ch)
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        let block = block(self.ch)
            .map(|b| format!(" ({b})"))
            .unwrap_or_default();
        format!("'{}' U+{:04X}{name}{block}", self.ch, self.ch as u32)
    }
}

/// The Unicode blocks a character the bundled fonts miss usually comes from: the CJK ideographs
/// beyond the basic block (rare characters of names and places), the other CJK scripts and symbols,
/// emoji and private use. First and last code point of each, in order.
static BLOCKS: &[(u32, u32, &str)] = &[
    (0x2600, 0x26FF, "Miscellaneous Symbols"),
    (0x2700, 0x27BF, "Dingbats"),
    (0x2E80, 0x2EFF, "CJK Radicals Supplement"),
    (0x2F00, 0x2FDF, "Kangxi Radicals"),
    (0x2FF0, 0x2FFF, "Ideographic Description Characters"),
    (0x3000, 0x303F, "CJK Symbols and Punctuation"),
    (0x3040, 0x309F, "Hiragana"),
    (0x30A0, 0x30FF, "Katakana"),
    (0x3100, 0x312F, "Bopomofo"),
    (0x3130, 0x318F, "Hangul Compatibility Jamo"),
    (0x31A0, 0x31BF, "Bopomofo Extended"),
    (0x31C0, 0x31EF, "CJK Strokes"),
    (0x3200, 0x32FF, "Enclosed CJK Letters and Months"),
    (0x3300, 0x33FF, "CJK Compatibility"),
    (0x3400, 0x4DBF, "CJK Unified Ideographs Extension A"),
    (0x4DC0, 0x4DFF, "Yijing Hexagram Symbols"),
    (0x4E00, 0x9FFF, "CJK Unified Ideographs"),
    (0xAC00, 0xD7AF, "Hangul Syllables"),
    (0xE000, 0xF8FF, "Private Use Area"),
    (0xF900, 0xFAFF, "CJK Compatibility Ideographs"),
    (0xFE00, 0xFE0F, "Variation Selectors"),
    (0xFE30, 0xFE4F, "CJK Compatibility Forms"),
    (0xFF00, 0xFFEF, "Halfwidth and Fullwidth Forms"),
    (0x1F000, 0x1F02F, "Mahjong Tiles"),
    (0x1F100, 0x1F1FF, "Enclosed Alphanumeric Supplement"),
    (0x1F200, 0x1F2FF, "Enclosed Ideographic Supplement"),
    (0x1F300, 0x1F5FF, "Miscellaneous Symbols and Pictographs"),
    (0x1F600, 0x1F64F, "Emoticons"),
    (0x1F680, 0x1F6FF, "Transport and Map Symbols"),
    (0x1F900, 0x1F9FF, "Supplemental Symbols and Pictographs"),
    (0x1FA70, 0x1FAFF, "Symbols and Pictographs Extended-A"),
    (0x20000, 0x2A6DF, "CJK Unified Ideographs Extension B"),
    (0x2A700, 0x2B73F, "CJK Unified Ideographs Extension C"),
    (0x2B740, 0x2B81F, "CJK Unified Ideographs Extension D"),
    (0x2B820, 0x2CEAF, "CJK Unified Ideographs Extension E"),
    (0x2CEB0, 0x2EBEF, "CJK Unified Ideographs Extension F"),
    (0x2EBF0, 0x2EE5F, "CJK Unified Ideographs Extension I"),
    (0x2F800, 0x2FA1F, "CJK Compatibility Ideographs Supplement"),
    (0x30000, 0x3134F, "CJK Unified Ideographs Extension G"),
    (0x31350, 0x323AF, "CJK Unified Ideographs Extension H"),
    (0xE0000, 0xE007F, "Tags"),
    (0xE0100, 0xE01EF, "Variation Selectors Supplement"),
    (0xF0000, 0xFFFFF, "Supplementary Private Use Area-A"),
    (0x100000, 0x10FFFF, "Supplementary Private Use Area-B"),
];

/// The Unicode block of `c` (`CJK Unified Ideographs Extension B`), if it is one of those a character
/// the bundled fonts miss usually comes from (CJK extensions and scripts, symbols, emoji, private use).
pub fn block(c: char) -> Option<&'static str> {
    let c = c as u32;
    let i = BLOCKS.partition_point(|&(_, last, _)| last < c);
    BLOCKS
        .get(i)
        .filter(|&&(first, _, _)| first <= c)
        .map(|&(_, _, name)| name)
}

/// Whether `c` is a default-ignorable code point (Unicode's list): zero-width spaces and joiners,
/// direction marks, the soft hyphen, variation selectors, the byte-order mark. They draw nothing by
/// design, so a font lacking them loses nothing visible: text copied from web pages is full of them, and
/// they are left out with a warning rather than stopping the render.
pub fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF)
}

/// Returns `text` without the characters no font covers, and those characters (each once, in order).
pub fn strip_uncovered(book: &FontBook, text: &str) -> (String, Vec<MissingGlyph>) {
    if text.chars().all(|c| book.covers(c)) {
        return (text.to_string(), Vec::new());
    }
    let mut kept = String::with_capacity(text.len());
    let mut missing: Vec<MissingGlyph> = Vec::new();
    // A set beside the list: a text may hold thousands of different uncovered characters.
    let mut seen = HashSet::new();
    for c in text.chars() {
        if book.covers(c) {
            kept.push(c);
        } else if seen.insert(c) {
            missing.push(MissingGlyph { ch: c });
        }
    }
    (kept, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_the_default_ignorables() {
        for c in [
            '\u{200B}',
            '\u{FEFF}',
            '\u{FE0F}',
            '\u{00AD}',
            '\u{2060}',
            '\u{E0001}',
        ] {
            assert!(is_invisible(c), "{c:?}");
        }
        for c in ['a', '吉', '\u{20BB7}', '\u{1F600}', ' '] {
            assert!(!is_invisible(c), "{c:?}");
        }
    }

    #[test]
    fn strips_and_names_uncovered_characters() {
        let book = FontBook::bundled();
        let (kept, missing) = strip_uncovered(book, "周口\u{1F600}加油\u{1F600}");
        assert_eq!(kept, "周口加油");
        assert_eq!(missing.len(), 1);
        assert_eq!(
            missing[0].describe(),
            "'\u{1F600}' U+1F600 GRINNING FACE (Emoticons)"
        );
    }

    #[test]
    fn names_the_block_of_rare_ideographs() {
        assert_eq!(
            MissingGlyph { ch: '\u{20BB7}' }.describe(),
            "'\u{20BB7}' U+20BB7 CJK UNIFIED IDEOGRAPH-20BB7 (CJK Unified Ideographs Extension B)"
        );
        assert_eq!(
            block('\u{4DBF}'),
            Some("CJK Unified Ideographs Extension A")
        );
        assert_eq!(
            block('\u{10FFFF}'),
            Some("Supplementary Private Use Area-B")
        );
        assert_eq!(block('A'), None);
        assert_eq!(block('\u{1F650}'), None);
        assert!(BLOCKS.windows(2).all(|w| w[0].1 < w[1].0));
    }

    #[test]
    fn chinese_and_latin_are_covered() {
        let book = FontBook::bundled();
        let (kept, missing) = strip_uncovered(book, "新增返乡创业1.2万人以上，“人才房”ABC%");
        assert!(missing.is_empty(), "{missing:?}");
        assert_eq!(kept, "新增返乡创业1.2万人以上，“人才房”ABC%");
    }
}
