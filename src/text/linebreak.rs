//! Line-break opportunities for Chinese text.
//!
//! Starts from UAX #14 (the `unicode-linebreak` crate) and applies the Chinese rules of
//! `design/cjk-typography.md` on top of it:
//!
//! - 避头尾 (kinsoku): no break before a mark of [`is_no_start`], none after a mark of [`is_no_end`]
//!   (trailing spaces ignored), whatever UAX #14 says;
//! - figures stay whole: a number (digits with `.` `,` `×` `:` `-` `~` `/` inside, an optional leading sign,
//!   currency sign or `第`) together with what follows it: any multipliers (万 亿 千 百 十 余 多), at most
//!   one unit and at most one qualifier (`1.2万人以上`, `29.5%`, `186.48亿斤`, `2×100万千瓦`, `5.7万余人`,
//!   `1.6个百分点`); that part is also capped at [`MAX_UNIT_CHARS`] characters, so `年`, `人`… never
//!   swallow a sentence (`2023年年底` keeps only `2023年`);
//! - a Latin word, a run of digits, `……` and `——` stay whole;
//! - clreq allows breaks that UAX #14 refuses around curly quotes: before an opening `“` `‘` preceded by a
//!   Han character and after a closing `”` `’` followed by one;
//! - a dash between digits (`16159—2012`, `2012–2023`) holds them together; a slash between letters or
//!   digits of an ordinary token (`GB/T`, `km/h`) does not break;
//! - a URL (`https://…`, `http://…`, `www.…`) or an e-mail- or domain-like token (`name@example.org`,
//!   `example.gov.cn/path`) breaks only after `/ . - ? & = _ #`, never inside its `scheme://`.
//!
//! Justification may add space only at a break that is not inside a token (a run of characters that
//! are neither white space nor Chinese): [`inside_token`] says which those are, so that a Latin word, a
//! number, `GB/T` or a URL is never spread apart.
//!
//! Mandatory breaks (newlines, end of text) are always kept.

use unicode_linebreak::{linebreaks, BreakOpportunity};

/// A position where a line may end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Break {
    /// Byte offset where the next line would start (after any trailing spaces of the line that ends).
    pub offset: usize,
    /// The line must end here (newline, or the end of the text).
    pub mandatory: bool,
}

/// Marks that may never start a line (避头尾: 行首禁则).
pub const NO_START: &[char] = &[
    '。', '．', '，', '、', '；', '：', '？', '！', '）', '］', '｝', '」', '』', '】', '〉', '》',
    '〕', '〗', '”', '’', '…', '‥', '·', // from design/cjk-typography.md
    '〙', '〛', '〞', '・', '⋯', '｠', '｡', '､', // other CJK closing / middle marks
    ')', ']', '}', ',', '.', ';', ':', '!', '?', // ASCII equivalents
];

/// Marks that may never end a line (避头尾: 行尾禁则).
pub const NO_END: &[char] = &[
    '（', '［', '｛', '「', '『', '【', '〈', '《', '〔', '〖', '“',
    '‘', // from design/cjk-typography.md
    '〘', '〚', '〝', '｟', // other CJK opening marks
    '(', '[', '{', // ASCII equivalents
];

/// Longest unit + qualifier part kept with a number, in characters.
pub const MAX_UNIT_CHARS: usize = 5;

/// Multipliers and approximations between a number and its unit (`万`, `亿`, `5.7万余人`); repeatable.
const MULTIPLIERS: &[&str] = &["万", "亿", "萬", "億", "千", "百", "十", "余", "餘", "多"];

/// Measure units (one per figure). Matched longest first, together with the multipliers.
const UNITS: &[&str] = &[
    "个百分点",
    "百分点",
    // Traditional forms of the units whose characters differ.
    "個百分點",
    "百分點",
    "平方米",
    "千瓦時",
    "小時",
    "分鐘",
    "歐元",
    "標箱",
    "個",
    "項",
    "條",
    "戶",
    "噸",
    "畝",
    "臺",
    "輛",
    "間",
    "張",
    "種",
    "類",
    "場",
    "處",
    "篇",
    "冊",
    "屆",
    "歲",
    "週",
    "隻",
    "平方公里",
    "平方千米",
    "平方米",
    "立方米",
    "公里",
    "千米",
    "千瓦时",
    "千瓦",
    "兆瓦",
    "公顷",
    "公斤",
    "千克",
    "小时",
    "分钟",
    "美元",
    "欧元",
    "港元",
    "人次",
    "架次",
    "标箱",
    "人",
    "元",
    "家",
    "个",
    "套",
    "件",
    "项",
    "所",
    "条",
    "户",
    "吨",
    "斤",
    "亩",
    "米",
    "倍",
    "次",
    "位",
    "名",
    "台",
    "辆",
    "座",
    "间",
    "批",
    "年",
    "月",
    "日",
    "天",
    "岁",
    "届",
    "周",
    "秒",
    "克",
    "只",
    "头",
    "张",
    "部",
    "种",
    "类",
    "场",
    "期",
    "处",
    "栋",
    "株",
    "棵",
    "篇",
    "册",
    "%",
    "％",
    "‰",
    "℃",
    "°",
];

/// Qualifiers after the unit (one per figure): `1.2万人以上`, `3年多`.
const QUALIFIERS: &[&str] = &[
    "以上", "以下", "左右", "以内", "以內", "上下", "之多", "余", "餘", "多", "强", "強",
];

/// Characters allowed inside a number, between two digits.
const NUMBER_JOINERS: &[char] = &['.', ',', '×', '．', ':', '-', '~', '～', '/'];

/// Characters that stay glued to a digit that follows them.
const NUMBER_PREFIXES: &[char] = &[
    '第', '+', '-', '−', '＋', '－', '±', '¥', '￥', '$', '€', '£', '＄',
];

/// Never at the start of a line.
pub fn is_no_start(c: char) -> bool {
    NO_START.contains(&c)
}

/// Never at the end of a line.
pub fn is_no_end(c: char) -> bool {
    NO_END.contains(&c)
}

/// A Han character (CJK unified or compatibility ideograph, radical, stroke, or 〇 々).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF
        | 0x3400..=0x4DBF
        | 0xF900..=0xFAFF
        | 0x20000..=0x323AF
        | 0x2E80..=0x2FDF // radicals
        | 0x31C0..=0x31EF // strokes
        | 0x3005 | 0x3007)
}

/// Chinese/Japanese text: Han, kana, bopomofo, CJK symbols and punctuation, full-width and CJK
/// compatibility forms.
pub fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c as u32,
            0x3000..=0x303F // CJK symbols and punctuation
            | 0x3040..=0x30FF // hiragana, katakana
            | 0x31F0..=0x31FF // katakana phonetic extensions
            | 0x3100..=0x312F | 0x31A0..=0x31BF // bopomofo
            | 0x3200..=0x33FF // enclosed CJK, CJK compatibility
            | 0xFE10..=0xFE1F // vertical forms
            | 0xFE30..=0xFE4F // CJK compatibility forms
            | 0xFF00..=0xFFEF) // half-width and full-width forms
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// A letter or digit of a Latin-like script (a word that must stay whole).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Byte ranges `(start, end)` of the figures in `text`: no break may fall strictly inside one.
fn figures(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_digit(chars[i].1) {
            i += 1;
            continue;
        }
        let mut start = i;
        if i > 0 && NUMBER_PREFIXES.contains(&chars[i - 1].1) {
            start = i - 1;
        }
        // The number: digits, with joiners between digits.
        let mut j = i;
        while j < chars.len() {
            let c = chars[j].1;
            if is_digit(c) {
                j += 1;
            } else if NUMBER_JOINERS.contains(&c) && j + 1 < chars.len() && is_digit(chars[j + 1].1)
            {
                j += 2;
            } else {
                break;
            }
        }
        // Then: multipliers*, unit?, qualifier? — longest match first, at most MAX_UNIT_CHARS characters.
        let mut unit_chars = 0;
        let mut phase = 0; // 0: multipliers or unit, 1: after the unit, qualifier only
        loop {
            let rest = &text[byte(j)..];
            let longest = |set: &[&str]| {
                set.iter()
                    .map(|t| t.chars().count())
                    .zip(set)
                    .filter(|&(n, t)| rest.starts_with(t) && unit_chars + n <= MAX_UNIT_CHARS)
                    .map(|(n, _)| n)
                    .max()
            };
            let (len, next_phase) = if phase == 0 {
                match (longest(MULTIPLIERS), longest(UNITS)) {
                    (Some(m), Some(u)) if m >= u => (m, 0),
                    (_, Some(u)) => (u, 1),
                    (Some(m), None) => (m, 0),
                    (None, None) => match longest(QUALIFIERS) {
                        Some(q) => (q, 2),
                        None => break,
                    },
                }
            } else if phase == 1 {
                match longest(QUALIFIERS) {
                    Some(q) => (q, 2),
                    None => break,
                }
            } else {
                break;
            };
            j += len;
            unit_chars += len;
            phase = next_phase;
        }
        if j - start > 1 {
            out.push((byte(start), byte(j)));
        }
        i = j.max(i + 1);
    }
    out
}

/// Every position where a line may end, in increasing order. Never offset 0; the last entry is
/// `text.len()` (mandatory) for a non-empty text.
pub fn break_opportunities(text: &str) -> Vec<Break> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut candidates: Vec<Break> = linebreaks(text)
        .map(|(offset, op)| Break {
            offset,
            mandatory: op == BreakOpportunity::Mandatory,
        })
        .collect();

    // Breaks clreq allows around curly quotes and UAX #14 refuses.
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for w in chars.windows(2) {
        let ((_, a), (b_off, b)) = (w[0], w[1]);
        let opening = matches!(b, '“' | '‘') && is_han(a);
        let closing = matches!(a, '”' | '’') && is_han(b);
        if opening || closing {
            candidates.push(Break {
                offset: b_off,
                mandatory: false,
            });
        }
    }
    candidates.sort_by_key(|b| (b.offset, !b.mandatory));
    candidates.dedup_by_key(|b| b.offset);

    let figures = figures(text);
    let urls = urls(text);
    candidates.retain(|b| {
        if b.offset == 0 {
            return false;
        }
        if b.mandatory || b.offset >= text.len() {
            return true;
        }
        !inside_span(&urls, b.offset) && allowed(text, b.offset, &figures)
    });
    if !urls.is_empty() {
        candidates.extend(urls.iter().flat_map(|&url| url_breaks(text, url)));
        candidates.sort_by_key(|b| (b.offset, !b.mandatory));
        candidates.dedup_by_key(|b| b.offset);
    }
    candidates
}

/// Whether a break at byte `offset` falls inside a token: between two characters that are neither
/// white space nor Chinese (a Latin word, a number, `GB/T`, a URL). Justification adds no space there.
pub fn inside_token(text: &str, offset: usize) -> bool {
    let (before, after) = text.split_at(offset);
    let token = |c: Option<char>| c.is_some_and(|c| !is_space(c) && !is_cjk(c));
    token(before.chars().next_back()) && token(after.chars().next())
}

/// Characters a URL may break after.
const URL_BREAK_AFTER: &[char] = &['/', '.', '-', '?', '&', '=', '_', '#'];

/// Byte ranges of the URLs and e-mail- or domain-like tokens of `text`, without the punctuation that
/// ends a sentence or closes a bracket around them.
fn urls(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let bytes = text.len();
    for (i, c) in text.char_indices().chain(std::iter::once((bytes, ' '))) {
        let in_token = !is_space(c) && !is_cjk(c);
        match (start, in_token) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                if let Some(url) = url_in_token(text, s, i) {
                    out.push(url);
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The URL inside the token `text[start..end]`, if the token is one.
fn url_in_token(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let token = &text[start..end];
    let lead = token.len()
        - token
            .trim_start_matches(['(', '<', '[', '"', '\'', '“', '‘'])
            .len();
    let body = token[lead..].trim_end_matches([
        '.', ',', ';', ':', '!', '?', ')', '>', ']', '"', '\'', '”', '’',
    ]);
    let (s, e) = (start + lead, start + lead + body.len());
    let lower = body.to_ascii_lowercase();
    let url = lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("www.")
        || is_domain_like(body);
    (url && e > s).then_some((s, e))
}

/// `example.org`, `gov.cn/path`, `name@example.com`: dot-separated names whose last one (before any
/// path) is two or more letters. `3.14`, `8.5%` and `e.g` are not.
fn is_domain_like(token: &str) -> bool {
    let host = token.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// The breaks inside a URL: after each of [`URL_BREAK_AFTER`] (a run of them breaks after its last),
/// never inside the `scheme://` at its start.
fn url_breaks(text: &str, (start, end): (usize, usize)) -> Vec<Break> {
    let url = &text[start..end];
    let from = url.find("://").map_or(0, |i| i + 3);
    let mut out = Vec::new();
    let mut chars = url[from..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let offset = start + from + i + c.len_utf8();
        if URL_BREAK_AFTER.contains(&c)
            && next.is_some_and(|n| !URL_BREAK_AFTER.contains(&n))
            && offset < end
        {
            out.push(Break {
                offset,
                mandatory: false,
            });
        }
    }
    out
}

/// Whether `offset` falls strictly inside one of `spans` (in text order, not overlapping).
fn inside_span(spans: &[(usize, usize)], offset: usize) -> bool {
    let before = spans.partition_point(|&(start, _)| start < offset);
    before > 0 && offset < spans[before - 1].1
}

/// Dashes that join two numbers: `16159—2012`, `2012–2023`, `1～3`.
fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―' | '‒' | '-' | '－' | '~' | '～' | '−')
}

/// Whether a break at byte `offset` would split a dash from the numbers it joins: the offset touches a
/// run of dashes with a digit at each end.
fn splits_number_range(text: &str, offset: usize) -> bool {
    let (before, after) = text.split_at(offset);
    let mut back = before.chars().rev().skip_while(|&c| is_dash(c));
    let mut ahead = after.chars().skip_while(|&c| is_dash(c));
    let dashes = before.chars().next_back().is_some_and(is_dash)
        || after.chars().next().is_some_and(is_dash);
    dashes && back.next().is_some_and(is_digit) && ahead.next().is_some_and(is_digit)
}

/// Whether the Chinese rules allow a (non-mandatory) break at byte `offset`.
fn allowed(text: &str, offset: usize, figures: &[(usize, usize)]) -> bool {
    let (before, after) = text.split_at(offset);
    let Some(next) = after.chars().next() else {
        return true;
    };
    let Some(prev) = before.chars().next_back() else {
        return false;
    };
    // The last visible character of the line that ends (trailing spaces hang).
    let last = before.chars().rev().find(|&c| !is_space(c));

    if is_no_start(next) {
        return false;
    }
    if last.is_some_and(is_no_end) {
        return false;
    }
    // A Latin word or a run of digits.
    if is_word_char(prev) && is_word_char(next) {
        return false;
    }
    // …… ⋯⋯ —— ⸺ stay whole.
    if prev == next && matches!(prev, '…' | '⋯' | '—' | '―' | '─') {
        return false;
    }
    if splits_number_range(text, offset) {
        return false;
    }
    // GB/T, km/h, 1/2: a slash inside a token that is not a URL (those have their own breaks).
    if prev == '/'
        && is_word_char(next)
        && before[..before.len() - 1]
            .chars()
            .next_back()
            .is_some_and(is_word_char)
    {
        return false;
    }
    // Only the last figure starting before `offset` can hold it: a binary search, not a scan of every
    // figure of the text for every break.
    !inside_span(figures, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offsets(text: &str) -> Vec<usize> {
        break_opportunities(text).iter().map(|b| b.offset).collect()
    }

    /// Break offsets within `[start, end]` of the first occurrence of `part` in `text`.
    fn offsets_around(text: &str, part: &str) -> Vec<usize> {
        let start = text.find(part).expect("part in text");
        let end = start + part.len();
        offsets(text)
            .into_iter()
            .filter(|&o| o >= start && o <= end)
            .collect()
    }

    /// `part` is kept whole inside `text`: a break before and after it, none inside.
    fn assert_whole(text: &str, part: &str) {
        let start = text.find(part).unwrap();
        assert_eq!(
            offsets_around(text, part),
            vec![start, start + part.len()],
            "{part:?} in {text:?}: breaks {:?}",
            offsets(text)
        );
    }

    #[test]
    fn no_start_marks_never_start_a_line() {
        for &c in NO_START {
            let text = format!("中文{c}中文");
            let offs = offsets(&text);
            assert!(!offs.contains(&6), "break before {c:?}: {offs:?}");
            assert!(
                offs.contains(&3),
                "no break between Han in {text:?}: {offs:?}"
            );
        }
    }

    #[test]
    fn no_end_marks_never_end_a_line() {
        for &c in NO_END {
            let text = format!("中文{c}中文");
            let offs = offsets(&text);
            let after = 6 + c.len_utf8();
            assert!(!offs.contains(&after), "break after {c:?}: {offs:?}");
            assert!(
                offs.contains(&3),
                "no break between Han in {text:?}: {offs:?}"
            );
        }
    }

    #[test]
    fn no_end_ignores_trailing_space() {
        // A line ending in "（ " would still show the bracket at its end.
        let text = "中文（ 中文";
        assert!(!offsets(text).contains(&(6 + 3 + 1)));
    }

    #[test]
    fn design_lists_are_covered() {
        for c in "。．，、；：？！）］｝」』】〉》〕〗”’…‥·".chars() {
            assert!(is_no_start(c), "{c:?}");
            assert!(!is_no_end(c), "{c:?}");
        }
        for c in "（［｛「『【〈《〔〖“‘".chars() {
            assert!(is_no_end(c), "{c:?}");
            assert!(!is_no_start(c), "{c:?}");
        }
    }

    #[test]
    fn breaks_between_plain_han() {
        assert_eq!(offsets("稳中求进"), vec![3, 6, 9, 12]);
        let last = break_opportunities("稳中求进");
        assert!(last[3].mandatory && !last[0].mandatory);
    }

    #[test]
    fn never_offset_zero_and_ends_with_mandatory_len() {
        for text in ["中", "“中文”", "，中文", "a"] {
            let b = break_opportunities(text);
            assert!(b.iter().all(|b| b.offset > 0), "{text:?}: {b:?}");
            assert_eq!(
                b.last(),
                Some(&Break {
                    offset: text.len(),
                    mandatory: true
                })
            );
        }
        assert!(break_opportunities("").is_empty());
    }

    #[test]
    fn newline_is_mandatory() {
        let b = break_opportunities("中文\n中文");
        assert!(b.contains(&Break {
            offset: 7,
            mandatory: true
        }));
        assert!(!b.iter().any(|b| b.offset == 6));
    }

    #[test]
    fn figure_with_unit_and_qualifier() {
        assert_whole("新增1.2万人以上创业", "1.2万人以上");
    }

    #[test]
    fn figure_percent() {
        assert_whole("增长29.5%全年", "29.5%");
    }

    #[test]
    fn traditional_figures_stay_whole() {
        assert_whole("政府總開支7800億元以上用於", "7800億元以上");
        assert_whole("受惠210萬人其中", "210萬人");
        assert_whole("提高1.6個百分點達到", "1.6個百分點");
    }

    #[test]
    fn figure_yi_jin() {
        assert_whole("粮食产量186.48亿斤再创新高", "186.48亿斤");
    }

    #[test]
    fn figure_jian_yishang() {
        assert_whole("新增专利3000件以上项目", "3000件以上");
    }

    #[test]
    fn figure_times_wan_qianwa() {
        assert_whole("建设2×100万千瓦机组", "2×100万千瓦");
    }

    #[test]
    fn figure_wan_yu_ren() {
        assert_whole("带动5.7万余人就业", "5.7万余人");
    }

    #[test]
    fn figure_square_km() {
        assert_whole("面积4.6平方公里园区", "4.6平方公里");
    }

    #[test]
    fn figure_percentage_points() {
        assert_whole("提高1.6个百分点达到", "1.6个百分点");
    }

    #[test]
    fn figure_with_ordinal_and_sign() {
        assert_whole("位居全国第1名", "第1名");
        assert_whole("同比−3.2%全省", "−3.2%");
        assert_whole("同比+8%全省", "+8%");
    }

    #[test]
    fn year_whole() {
        assert_whole("展望2023年工作", "2023年");
        // The number alone, without unit.
        assert_whole("展望2023工作", "2023");
        // Full-width digits are ideographic for UAX #14 but stay whole too.
        assert_whole("展望２０２３工作", "２０２３");
    }

    #[test]
    fn unit_part_is_capped() {
        // 千百万亿万余 are all multipliers, but at most MAX_UNIT_CHARS characters go with the number.
        let text = "1千百万亿万余人";
        let figure_end = 1 + 3 * MAX_UNIT_CHARS;
        let offs = offsets(text);
        assert!(!offs.iter().any(|&o| o < figure_end), "{offs:?}");
        assert!(offs.contains(&figure_end), "{offs:?}");
    }

    #[test]
    fn only_one_unit_and_one_qualifier() {
        // 年 is a unit, but a second unit or a second qualifier is not eaten.
        assert_whole("展望2023年年底", "2023年");
        assert_whole("新增专利3000件以上项目", "3000件以上");
        assert_whole("已有3年多余下", "3年多");
        // Characters outside the sets are never eaten.
        assert_whole("新增15家企业", "15家");
    }

    #[test]
    fn figure_without_unit_keeps_qualifier() {
        assert_whole("达到3000以上规模", "3000以上");
    }

    #[test]
    fn latin_word_whole() {
        assert_eq!(offsets("Noto Sans"), vec![5, 9]);
        let text = "使用Noto Sans字体";
        let n = text.find('N').unwrap();
        assert_eq!(offsets_around(text, "Noto Sans"), vec![n, n + 5, n + 9]);
    }

    #[test]
    fn ellipsis_and_dash_whole() {
        let text = "中文……中文";
        assert!(!offsets(text).iter().any(|&o| o > 6 && o < 12));
        assert!(!offsets(text).contains(&6));
        let text = "中文——中文";
        let offs = offsets(text);
        assert!(!offs.contains(&9), "{offs:?}");
    }

    #[test]
    fn breaks_around_curly_quotes() {
        // 实施“1+10”行动: a break before “ and after ”, none just inside.
        let text = "实施“1+10”行动";
        let open = text.find('“').unwrap();
        let close = text.find('”').unwrap() + '”'.len_utf8();
        let offs = offsets(text);
        assert!(offs.contains(&open), "{offs:?}");
        assert!(offs.contains(&close), "{offs:?}");
        assert!(!offs.contains(&(open + '“'.len_utf8())), "{offs:?}");
        assert!(!offs.contains(&(close - '”'.len_utf8())), "{offs:?}");
        // No break inside 1+10.
        assert!(
            !offs.iter().any(|&o| o > open + 3 && o < close - 3),
            "{offs:?}"
        );
        assert_eq!(offs, vec![3, open, close, close + 3, text.len()]);
    }

    #[test]
    fn single_quotes_like_double() {
        let text = "所谓‘双碳’目标";
        let open = text.find('‘').unwrap();
        let close = text.find('’').unwrap() + 3;
        let offs = offsets(text);
        assert!(offs.contains(&open) && offs.contains(&close), "{offs:?}");
    }

    #[test]
    fn cjk_classes() {
        assert!(is_cjk('中') && is_cjk('，') && is_cjk('《') && is_cjk('の') && is_cjk('Ａ'));
        assert!(!is_cjk('a') && !is_cjk('1') && !is_cjk(',') && !is_cjk('“'));
        assert!(is_han('〇') && !is_han('，'));
    }

    /// Breaks inside the first occurrence of `part` (not at its ends), as offsets into `part`.
    fn breaks_inside(text: &str, part: &str) -> Vec<usize> {
        let start = text.find(part).expect("part in text");
        offsets(text)
            .into_iter()
            .filter(|&o| o > start && o < start + part.len())
            .map(|o| o - start)
            .collect()
    }

    #[test]
    fn a_url_breaks_only_after_its_separators() {
        let url = "https://example.org/a/very/long/path?q=1&lang=zh#top";
        let text = format!("详见{url}。");
        let inside = breaks_inside(&text, url);
        // Never inside the scheme and its slashes.
        assert!(inside.iter().all(|&o| o > "https://".len()), "{inside:?}");
        for &o in &inside {
            let before = url[..o].chars().next_back().unwrap();
            assert!(
                URL_BREAK_AFTER.contains(&before),
                "break after {before:?} at {o}"
            );
        }
        // After each separator of the path.
        for after in [
            "example.",
            "example.org/",
            "a/",
            "very/",
            "path?",
            "q=",
            "1&",
            "lang=",
            "zh#",
        ] {
            let o = url.find(after).unwrap() + after.len();
            assert!(inside.contains(&o), "no break after {after:?}: {inside:?}");
        }
        // The mark after the URL is not part of it: no break before 。.
        assert!(!offsets(&text).contains(&(text.len() - '。'.len_utf8())));
    }

    #[test]
    fn www_mail_and_domain_tokens_are_urls() {
        for url in [
            "www.gov.cn/zhengce/2023",
            "news@example.com.cn",
            "zhoukou.gov.cn/xwzx",
        ] {
            let text = format!("访问 {url} 了解");
            let inside = breaks_inside(&text, url);
            assert!(!inside.is_empty(), "{url}: no break at all");
            for &o in &inside {
                let before = url[..o].chars().next_back().unwrap();
                assert!(
                    URL_BREAK_AFTER.contains(&before),
                    "{url}: break after {before:?}"
                );
            }
        }
        // Numbers and abbreviations are not domains.
        assert!(!is_domain_like("3.14") && !is_domain_like("e.g") && !is_domain_like("8.5%"));
        assert!(is_domain_like("example.org") && is_domain_like("a.b-c.cn/x"));
    }

    #[test]
    fn a_standard_number_stays_whole() {
        // GB/T 16159—2012: no break after the slash of GB/T, none at the dash between the numbers.
        let text = "依据GB/T 16159—2012《汉语拼音正词法基本规则》";
        assert!(
            breaks_inside(text, "GB/T").is_empty(),
            "{:?}",
            offsets(text)
        );
        assert!(
            breaks_inside(text, "16159—2012").is_empty(),
            "{:?}",
            offsets(text)
        );
        assert!(breaks_inside("2012–2023年", "2012–2023").is_empty());
        // A dash between Han characters is no number range: it still breaks after the ——.
        assert!(offsets("改革——发展").contains(&"改革——".len()));
    }

    #[test]
    fn tokens_are_words_numbers_and_urls() {
        let text = "增长8.5%及GB/T标准 Hello world";
        let at = |part: &str| text.find(part).unwrap();
        assert!(inside_token(text, at("GB/T") + 3), "inside GB/T");
        assert!(inside_token(text, at("8.5") + 1), "inside 8.5");
        assert!(
            !inside_token(text, at("及")),
            "a figure before a Han character"
        );
        assert!(!inside_token(text, at("world")), "after a word space");
        assert!(!inside_token(text, at("GB")), "Han before Latin");
    }
}
