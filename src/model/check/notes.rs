//! Notes: `notes = [...]` under any block, and `[page] notes` at the page's foot. A note may begin with
//! a marker — a circled number (①), asterisks (*, **), a dagger (†, ‡) — which must then appear in the
//! copy it explains: the block's texts for a block's notes, any block's for the page's. A note whose
//! marker the copy does not have is an error at the note (the reader would find nothing it refers to).

use crate::spec::Spanned;

use super::Checker;
use crate::model::limits;

/// The marker a note begins with: a circled number (①–⑳, ㉑–㊿), one to three asterisks, † or ‡.
pub fn marker(note: &str) -> Option<&str> {
    let t = note.trim_start();
    let first = t.chars().next()?;
    let circled = matches!(first, '\u{2460}'..='\u{2473}' | '\u{3251}'..='\u{325F}' | '\u{32B1}'..='\u{32BF}');
    if circled || matches!(first, '†' | '‡') {
        return Some(&t[..first.len_utf8()]);
    }
    let stars = t.chars().take_while(|&c| c == '*' || c == '＊').count();
    if (1..=3).contains(&stars) {
        let end = t.char_indices().nth(stars).map_or(t.len(), |(i, _)| i);
        return Some(&t[..end]);
    }
    None
}

impl Checker<'_> {
    /// The notes at `key`: 1 to [`limits::NOTES`] texts of at most [`limits::NOTE_CHARS`] characters,
    /// each marker found in `copy` (`whose`: "the block's text", "the poster's text").
    pub(super) fn notes(
        &mut self,
        v: &Spanned<Vec<Spanned<String>>>,
        key: &str,
        copy: &[String],
        whose: &str,
    ) -> Option<Vec<String>> {
        let before = self.problems.len();
        if v.get_ref().is_empty() {
            self.problem(
                v.span(),
                key,
                "expected at least one note, found an empty array",
            )
            .help = Some("remove `notes`, or write notes = [\"① 按可比价格计算。\"]".into());
            return None;
        }
        self.count_limit(
            v.get_ref(),
            key,
            limits::NOTES,
            "notes",
            "a few notes at most: say more in a paragraph",
        );
        let mut out = Vec::new();
        for (j, n) in v.get_ref().iter().take(limits::NOTES).enumerate() {
            let nkey = format!("{key}[{j}]");
            let text = n.get_ref();
            let chars = text.chars().count();
            if text.trim().is_empty() {
                self.problem(n.span(), &nkey, "expected a note, found an empty string");
                continue;
            }
            if chars > limits::NOTE_CHARS {
                self.problem(
                    n.span(),
                    &nkey,
                    format!(
                        "expected a note of at most {} characters, found {chars}",
                        limits::NOTE_CHARS
                    ),
                )
                .help = Some(
                    "a note explains a figure in a sentence or two; say more in a paragraph".into(),
                );
                continue;
            }
            self.text_limits(n, &nkey);
            if let Some(m) = marker(text) {
                // `*` in the copy also stands for `*` as the start of `**`: markers are matched whole.
                let found = copy.iter().any(|t| contains_marker(t, m));
                if !found {
                    self.problem(
                        n.span(),
                        &nkey,
                        format!("expected the note's marker {m} in {whose}, found it nowhere"),
                    )
                    .help = Some(format!(
                        "put {m} after the figure or word the note explains, or write the note without its marker"
                    ));
                }
            }
            out.push(text.trim().to_owned());
        }
        (self.problems.len() == before).then_some(out)
    }
}

/// Whether `text` holds `marker` standing alone (`*` not as part of `**`).
fn contains_marker(text: &str, marker: &str) -> bool {
    let star = |c: char| c == '*' || c == '＊';
    if !marker.chars().all(star) {
        return text.contains(marker);
    }
    let n = marker.chars().count();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if star(chars[i]) {
            let run = chars[i..].iter().take_while(|&&c| star(c)).count();
            if run == n {
                return true;
            }
            i += run;
        } else {
            i += 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(marker("① 按可比价格计算"), Some("①"));
        assert_eq!(marker("** 初步核算数"), Some("**"));
        assert_eq!(marker("†含港澳台"), Some("†"));
        assert_eq!(marker("数据为初步核算数"), None);
        assert_eq!(marker("**** 太多"), None);
        assert!(contains_marker("增长8.1%*", "*"));
        assert!(!contains_marker("增长8.1%**", "*"));
        assert!(contains_marker("增长8.1%** 与 3*", "**"));
    }
}
