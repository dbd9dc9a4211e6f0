//! The missing-glyph policy: a character that no bundled font covers is left out of the drawing and
//! reported by name, never drawn as an empty box (tofu).

use std::collections::HashSet;

use super::fonts::FontBook;

/// A character no bundled font covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyph {
    pub ch: char,
}

impl MissingGlyph {
    /// `'😀' U+1F600 GRINNING FACE`
    pub fn describe(&self) -> String {
        let name = unicode_names2::name(self.ch)
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        format!("'{}' U+{:04X}{}", self.ch, self.ch as u32, name)
    }
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
    fn strips_and_names_uncovered_characters() {
        let book = FontBook::bundled();
        let (kept, missing) = strip_uncovered(book, "周口\u{1F600}加油\u{1F600}");
        assert_eq!(kept, "周口加油");
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].describe(), "'\u{1F600}' U+1F600 GRINNING FACE");
    }

    #[test]
    fn chinese_and_latin_are_covered() {
        let book = FontBook::bundled();
        let (kept, missing) = strip_uncovered(book, "新增返乡创业1.2万人以上，“人才房”ABC%");
        assert!(missing.is_empty(), "{missing:?}");
        assert_eq!(kept, "新增返乡创业1.2万人以上，“人才房”ABC%");
    }
}
