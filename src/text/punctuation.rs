//! Punctuation clean-up for Chinese text.
//!
//! Content is often typed with ASCII punctuation (`展望:2023年`, `保税物流中心(B型)`), which looks wrong
//! next to Han characters: Chinese text takes the full-width marks ，：；！？（）. [`normalize`] converts an
//! ASCII mark to its full-width form when it touches Chinese text and leaves it alone inside Latin or
//! numeric runs (`Hello, world`, `3:30`, `f(x)`).
//!
//! Rules:
//! - `,` `:` `;` `!` `?` are converted when the nearest non-space character on either side is Chinese
//!   (a Han character, kana, CJK or full-width punctuation — see [`crate::text::linebreak::is_cjk`]).
//!   The left neighbour is looked at after conversion, so `真的?!` becomes `真的？！`.
//! - `(` and `)` are converted as a matched pair: both when the character before `(`, the character after
//!   `)`, or anything inside the pair is Chinese (`(B型)`, `GDP(国内生产总值)`, `增长(+8%)`). An
//!   unmatched parenthesis follows the neighbour rule above.
//! - ASCII spaces next to a converted mark are dropped: a full-width mark carries its own space.
//! - Quotes, `.`, `%` and every other character are left alone.

use std::borrow::Cow;

use crate::text::linebreak::is_cjk;

/// The full-width form of an ASCII mark that [`normalize`] may convert.
fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '!' => '！',
        '?' => '？',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{3000}'
}

/// Curly quotes are looked through when finding a mark's neighbour: in `“拿地即开工”,1.3万套` the comma
/// follows Chinese text even though a quote stands between.
fn is_transparent(c: char) -> bool {
    is_space(c) || matches!(c, '“' | '”' | '‘' | '’')
}

/// Converts ASCII punctuation that touches Chinese text to its full-width form (see the module docs).
/// Returns the input unchanged (borrowed) when there is nothing to convert.
pub fn normalize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| full_width(c).is_some()) {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();

    // Nearest non-space character before / after index `i` in the original text.
    let prev = |i: usize| {
        chars[..i]
            .iter()
            .rev()
            .copied()
            .find(|&c| !is_transparent(c))
    };
    let next = |i: usize| chars[i + 1..].iter().copied().find(|&c| !is_transparent(c));

    // `cjk_before[i]`: how many Chinese characters `chars[..i]` holds, so that whether a pair encloses
    // any is a subtraction, not a scan (nested pairs would make the scans quadratic).
    let mut cjk_before = Vec::with_capacity(n + 1);
    cjk_before.push(0usize);
    for &c in &chars {
        cjk_before.push(cjk_before.last().copied().unwrap_or(0) + usize::from(is_cjk(c)));
    }

    // Decide the parentheses first, pairing them with a stack.
    let mut paren = vec![None::<bool>; n];
    let mut stack = Vec::new();
    for i in 0..n {
        match chars[i] {
            '(' => stack.push(i),
            ')' => {
                if let Some(open) = stack.pop() {
                    let chinese = prev(open).is_some_and(is_cjk)
                        || next(i).is_some_and(is_cjk)
                        || cjk_before[i] > cjk_before[open + 1];
                    paren[open] = Some(chinese);
                    paren[i] = Some(chinese);
                }
            }
            _ => {}
        }
    }

    let mut out: Vec<char> = Vec::with_capacity(n);
    let mut converted_last = false; // the last char pushed is a converted mark
    let mut changed = false;
    for i in 0..n {
        let c = chars[i];
        if is_space(c) && c != '\u{3000}' && converted_last {
            // Drop spaces after a converted mark.
            changed = true;
            continue;
        }
        let convert = match full_width(c) {
            None => false,
            Some(_) => match paren[i] {
                Some(decided) => decided,
                None => {
                    let left = out.iter().rev().copied().find(|&c| !is_transparent(c));
                    left.is_some_and(is_cjk) || next(i).is_some_and(is_cjk)
                }
            },
        };
        if convert {
            // Drop spaces before a converted mark.
            while out.last().is_some_and(|&c| c == ' ' || c == '\t') {
                out.pop();
            }
            out.push(full_width(c).unwrap());
            changed = true;
            converted_last = true;
        } else {
            out.push(c);
            converted_last = false;
        }
    }
    if changed {
        Cow::Owned(out.into_iter().collect())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_unchanged(s: &str) -> bool {
        matches!(normalize(s), Cow::Borrowed(b) if b == s)
    }

    #[test]
    fn looks_through_curly_quotes() {
        assert_eq!(
            normalize("实现“拿地即开工”,1.3万套"),
            "实现“拿地即开工”，1.3万套"
        );
        assert_eq!(normalize("以下五项原则:"), "以下五项原则：");
        assert_eq!(normalize("五大亮点是答案!"), "五大亮点是答案！");
    }

    #[test]
    fn colon_after_han() {
        assert_eq!(
            normalize("展望:2023年工作总体要求"),
            "展望：2023年工作总体要求"
        );
    }

    #[test]
    fn comma_between_han() {
        assert_eq!(
            normalize("稳中求进工作总基调,完整、准确"),
            "稳中求进工作总基调，完整、准确"
        );
    }

    #[test]
    fn parentheses_around_latin_next_to_han() {
        assert_eq!(
            normalize("保税物流中心(B型)具备"),
            "保税物流中心（B型）具备"
        );
    }

    #[test]
    fn parentheses_around_han() {
        assert_eq!(
            normalize("创建省级智能工厂(车间)15家"),
            "创建省级智能工厂（车间）15家"
        );
    }

    #[test]
    fn parentheses_pair_converted_together() {
        // The closing one touches only digits, but its partner touches Han.
        assert_eq!(normalize("展望(2023)"), "展望（2023）");
        assert_eq!(normalize("GDP(国内生产总值)"), "GDP（国内生产总值）");
    }

    #[test]
    fn latin_and_numbers_unchanged() {
        assert!(is_unchanged("Hello, world"));
        assert!(is_unchanged("a, b"));
        assert!(is_unchanged("下午3:30"));
        assert!(is_unchanged("f(x) = 1"));
        assert!(is_unchanged("1,234万"));
        assert!(is_unchanged("Noto Sans (Source Han Sans)"));
    }

    #[test]
    fn quotes_unchanged() {
        assert!(is_unchanged("“1+10”"));
        assert!(is_unchanged("实施“1+10”行动"));
    }

    #[test]
    fn consecutive_marks() {
        assert_eq!(normalize("真的?!"), "真的？！");
    }

    #[test]
    fn spaces_next_to_converted_mark_dropped() {
        assert_eq!(normalize("展望: 2023年"), "展望：2023年");
        assert_eq!(normalize("中国 , 北京"), "中国，北京");
        assert_eq!(normalize("Hello, 世界"), "Hello，世界");
    }

    #[test]
    fn already_full_width_unchanged() {
        assert!(is_unchanged("展望：2023年，全省（B型）"));
        assert!(is_unchanged(""));
    }

    #[test]
    fn mark_after_full_width_punctuation() {
        assert_eq!(normalize("《报告》:全文"), "《报告》：全文");
    }
}
