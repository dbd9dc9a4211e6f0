//! jieba's segmentation of Chinese text into words, over a dictionary prepared at build time.
//!
//! The algorithm is jieba's, with the tie-breaking of jieba-rs 0.11 so that the words come out the
//! same (a test compares the two on real copy): the text is split into blocks of Han characters and
//! ASCII letters and figures; in each block every dictionary word starting at every character is an
//! edge of a graph, and the route through it with the largest product of word probabilities (word
//! frequency / total) is taken; the characters that route leaves alone are joined into words by a
//! hidden Markov model (`hmm`) unless together they are a dictionary word.
//!
//! The dictionary (jieba's, `data/jieba-dict.txt.gz`, 349 000 words) is an `fst` map from word to
//! frequency built by `build.rs` and compiled in: it is read in place, so the first segmentation in
//! a process costs what any other does, and only the pages of the map a text walks are read in. The
//! HMM's tables are static arrays generated at compile time by `jieba-macros`, jieba-rs's own.

mod hmm;

use std::ops::Range;
use std::sync::OnceLock;

use fst::raw::{Fst, Output};

/// The dictionary's bytes: an `fst` map from each word (UTF-8) to its frequency.
static DICT_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba-dict.fst"));

/// The sum of the frequencies of every line of the dictionary.
const TOTAL: u64 = include!(concat!(env!("OUT_DIR"), "/jieba-total.rs"));

/// The dictionary, opened in place (reading its header only).
fn dict() -> &'static Fst<&'static [u8]> {
    static DICT: OnceLock<Fst<&'static [u8]>> = OnceLock::new();
    DICT.get_or_init(|| Fst::new(DICT_BYTES).expect("build.rs writes a valid fst"))
}

/// The words of `text`, as ranges of character indices covering it in order: exactly the tokens of
/// jieba-rs's `Jieba::new().cut(text, true)` (its default dictionary, HMM on). Characters outside
/// the blocks jieba segments (spaces, punctuation, other scripts) are one token each, except a
/// `\r\n`, which is one.
pub fn cut(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<char> = text.chars().collect();
    let mut words = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let block = is_block_char(chars[start]);
        let end = run_end(&chars, start, |c| is_block_char(c) == block);
        if block {
            cut_block(&chars[start..end], start, &mut words);
        } else {
            let mut i = start;
            while i < end {
                let len = if chars[i] == '\r' && chars.get(i + 1) == Some(&'\n') {
                    2
                } else {
                    1
                };
                words.push(i..i + len);
                i += len;
            }
        }
        start = end;
    }
    words
}

/// The index after the run of characters from `start` for which `same` holds (at least one).
fn run_end(chars: &[char], start: usize, same: impl Fn(char) -> bool) -> usize {
    start + 1 + chars[start + 1..].iter().take_while(|&&c| same(c)).count()
}

/// The characters jieba segments with its dictionary, in blocks: Han (the CJK Unified Ideographs and
/// their extensions), ASCII letters and figures, and `+#&._%-`.
fn is_block_char(c: char) -> bool {
    is_han(c) || c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
}

/// The CJK Unified Ideographs ranges jieba counts as Han.
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2B73F}'
        | '\u{2B740}'..='\u{2B81F}'
        | '\u{2B820}'..='\u{2CEAF}'
        | '\u{2CEB0}'..='\u{2EBEF}'
        | '\u{2F800}'..='\u{2FA1F}')
}

/// A dictionary word found in a block: the index after its last character and its frequency.
#[derive(Clone, Copy)]
struct Edge {
    end: usize,
    freq: u64,
}

/// For each character of `block`, the dictionary words starting there, shortest first.
fn edges(block: &[char]) -> Vec<Vec<Edge>> {
    let fst = dict();
    let mut utf8 = [0u8; 4];
    (0..block.len())
        .map(|start| {
            let mut found = Vec::new();
            let mut node = fst.root();
            let mut out = Output::zero();
            'walk: for (i, c) in block.iter().enumerate().skip(start) {
                for &byte in c.encode_utf8(&mut utf8).as_bytes() {
                    let Some(t) = node.find_input(byte) else {
                        break 'walk;
                    };
                    let t = node.transition(t);
                    out = out.cat(t.out);
                    node = fst.node(t.addr);
                }
                if node.is_final() {
                    let freq = out.cat(node.final_output()).value();
                    found.push(Edge { end: i + 1, freq });
                }
            }
            found
        })
        .collect()
}

/// For each character of a block, the index after the word the best route takes from it.
fn best_route(edges: &[Vec<Edge>]) -> Vec<usize> {
    let n = edges.len();
    let log_total = (TOTAL as f64).ln();
    // (log-probability of the rest of the block from here, end of the word taken here)
    let mut route = vec![(0.0f64, n); n + 1];
    for i in (0..n).rev() {
        let mut best: Option<(f64, usize)> = None;
        for e in &edges[i] {
            let prob = (e.freq as f64).ln() - log_total + route[e.end].0;
            // Equal probabilities go to the longer word, as in jieba-rs.
            if best.is_none_or(|(p, end)| prob > p || (prob == p && e.end > end)) {
                best = Some((prob, e.end));
            }
        }
        // A character in no dictionary word counts as a word of frequency 1.
        route[i] = best.unwrap_or((0.0 - log_total + route[i + 1].0, i + 1));
    }
    route.into_iter().take(n).map(|(_, end)| end).collect()
}

/// Cut `block` (a run of [`is_block_char`] characters starting at character `offset` of the text)
/// into words, appended to `words`.
fn cut_block(block: &[char], offset: usize, words: &mut Vec<Range<usize>>) {
    let edges = edges(block);
    let route = best_route(&edges);
    // Single characters the route leaves alone, gathered into runs.
    let mut alone: Option<usize> = None;
    let mut x = 0;
    while x < block.len() {
        let y = route[x];
        if y - x == 1 {
            alone.get_or_insert(x);
        } else {
            if let Some(start) = alone.take() {
                cut_alone(block, &edges, start..x, offset, words);
            }
            words.push(offset + x..offset + y);
        }
        x = y;
    }
    if let Some(start) = alone {
        cut_alone(block, &edges, start..block.len(), offset, words);
    }
}

/// Cut a run of characters the best route took one by one: a dictionary word as it stands is left
/// in single characters (the route preferred them), anything else goes to the HMM.
fn cut_alone(
    block: &[char],
    edges: &[Vec<Edge>],
    run: Range<usize>,
    offset: usize,
    words: &mut Vec<Range<usize>>,
) {
    let in_dict = run.len() > 1 && edges[run.start].iter().any(|e| e.end == run.end);
    if run.len() == 1 || in_dict {
        words.extend(run.map(|i| offset + i..offset + i + 1));
    } else {
        hmm::cut(&block[run.clone()], offset + run.start, words);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of `text` as strings.
    fn words(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        cut(text)
            .into_iter()
            .map(|r| chars[r].iter().collect())
            .collect()
    }

    #[test]
    fn dictionary_words_take_the_best_route() {
        assert_eq!(
            words("战略性新兴产业增加值"),
            ["战略性", "新兴产业", "增加值"]
        );
        assert_eq!(
            words("我来到北京清华大学"),
            ["我", "来到", "北京", "清华大学"]
        );
    }

    #[test]
    fn words_missing_from_the_dictionary_come_from_the_hmm() {
        // 营收 and 规上 are not in jieba's dictionary.
        assert!(!is_word("营收") && !is_word("规上"));
        assert_eq!(words("营收"), ["营收"]);
        assert_eq!(words("规上工业"), ["规上", "工业"]);
        // jieba-rs's own examples: 中出 and 杭研 joined by the HMM.
        assert_eq!(
            words("我们中出了一个叛徒"),
            ["我们", "中出", "了", "一个", "叛徒"]
        );
        assert_eq!(
            words("他来到了网易杭研大厦"),
            ["他", "来到", "了", "网易", "杭研", "大厦"]
        );
    }

    #[test]
    fn other_characters_are_words_of_their_own() {
        assert_eq!(
            words("Q3营收, 增长12.5%\r\n"),
            ["Q3", "营收", ",", " ", "增长", "12.5%", "\r\n"]
        );
        assert!(cut("").is_empty());
    }

    #[test]
    fn the_dictionary_is_jiebas() {
        assert_eq!(TOTAL, 60_101_964);
        assert!(is_word("新兴产业") && is_word("4S店"));
        assert!(!is_word("新兴产"));
    }

    /// Whether `word` is in the dictionary.
    fn is_word(word: &str) -> bool {
        let chars: Vec<char> = word.chars().collect();
        edges(&chars)[0].iter().any(|e| e.end == chars.len())
    }
}
