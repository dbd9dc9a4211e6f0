//! jieba's hidden Markov model for words missing from the dictionary: each character of a run is
//! labelled Begin, Middle or End of a word or Single, by Viterbi over jieba's trained tables.
//!
//! The tables are static arrays that `jieba_macros::generate_hmm_data!` (jieba-rs's own, from its
//! `hmm.model`) writes at compile time, so nothing is parsed at run time. Ties go as in jieba-rs,
//! and the sums are taken in its order, so the labels are the same to the last bit.

use std::ops::Range;

/// The log-probability of what the model never saw; the generated tables use the name.
const MIN_FLOAT: f64 = -3.14e100;

// INITIAL_PROBS, TRANS_PROBS, EMIT_INDEX, EMIT_PROBS, EMIT_MIN_CHAR, EMIT_NONE, HMM_HAN_MIN/MAX.
mod tables {
    #![allow(dead_code, missing_docs)]
    use super::MIN_FLOAT;
    jieba_macros::generate_hmm_data!();
}
use tables::{
    EMIT_INDEX, EMIT_MIN_CHAR, EMIT_NONE, EMIT_PROBS, HMM_HAN_MAX, HMM_HAN_MIN, INITIAL_PROBS,
    TRANS_PROBS,
};

/// A character's label, numbered as the tables are.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Begin = 0,
    End = 1,
    Middle = 2,
    Single = 3,
}

/// The states that may precede each state (indexed by it), the smaller index first: on equal
/// scores the second wins, as in jieba-rs.
const PREVIOUS: [[State; 2]; 4] = [
    [State::End, State::Single],
    [State::Begin, State::Middle],
    [State::Begin, State::Middle],
    [State::End, State::Single],
];

/// Cut `run` (characters starting at character `offset` of the text) into words appended to
/// `words`: runs of the Han characters the model covers by Viterbi, the rest as jieba-rs splits it
/// (ASCII letters and figures joined, with `.`, `_` or `-` between them and a `%` after, and what
/// lies between such tokens as one word).
pub(super) fn cut(run: &[char], offset: usize, words: &mut Vec<Range<usize>>) {
    let mut start = 0;
    while start < run.len() {
        let han = is_model_han(run[start]);
        let end = super::run_end(run, start, |c| is_model_han(c) == han);
        let at = offset + start;
        match (han, end - start) {
            (true, 1) => words.push(at..at + 1),
            (true, _) => label_words(&run[start..end], at, words),
            (false, _) => split_alphanumeric(&run[start..end], at, words),
        }
        start = end;
    }
}

/// Whether the model's tables cover `c` (jieba's `[\u4E00-\u9FD5]`).
fn is_model_han(c: char) -> bool {
    (HMM_HAN_MIN..=HMM_HAN_MAX).contains(&c)
}

/// The words of two or more model characters `run`, as Viterbi labels them.
fn label_words(run: &[char], offset: usize, words: &mut Vec<Range<usize>>) {
    let mut begin = 0;
    let mut next = 0;
    for (i, state) in viterbi(run).into_iter().enumerate() {
        match state {
            State::Begin => begin = i,
            State::End => {
                words.push(offset + begin..offset + i + 1);
                next = i + 1;
            }
            State::Single => {
                words.push(offset + i..offset + i + 1);
                next = i + 1;
            }
            State::Middle => {}
        }
    }
    // A run ending inside a word (it cannot, with jieba's tables) ends in one.
    if next < run.len() {
        words.push(offset + next..offset + run.len());
    }
}

/// The log-probabilities of each state emitting `c`.
fn emission(c: char) -> [f64; 4] {
    let index = (c as u32).wrapping_sub(EMIT_MIN_CHAR) as usize;
    match EMIT_INDEX.get(index) {
        Some(&row) if row != EMIT_NONE => EMIT_PROBS[row as usize],
        _ => [MIN_FLOAT; 4],
    }
}

/// The most probable labels of `run` (two characters or more).
fn viterbi(run: &[char]) -> Vec<State> {
    const STATES: [State; 4] = [State::Begin, State::End, State::Middle, State::Single];
    let emit = emission(run[0]);
    let mut score: [f64; 4] = std::array::from_fn(|s| INITIAL_PROBS[s] + emit[s]);
    // The best predecessor of each state at each character after the first.
    let mut previous: Vec<[State; 4]> = Vec::with_capacity(run.len() - 1);
    for &c in &run[1..] {
        let emit = emission(c);
        let mut next = [0.0; 4];
        let mut from = [State::Begin; 4];
        for s in STATES {
            let [a, b] = PREVIOUS[s as usize];
            let via_a = score[a as usize] + TRANS_PROBS[a as usize][s as usize] + emit[s as usize];
            let via_b = score[b as usize] + TRANS_PROBS[b as usize][s as usize] + emit[s as usize];
            (next[s as usize], from[s as usize]) = if via_a > via_b {
                (via_a, a)
            } else {
                (via_b, b)
            };
        }
        score = next;
        previous.push(from);
    }
    // A word ends with the run.
    let mut state = if score[State::End as usize] > score[State::Single as usize] {
        State::End
    } else {
        State::Single
    };
    let mut labels = vec![state; run.len()];
    for (i, from) in previous.iter().enumerate().rev() {
        state = from[state as usize];
        labels[i] = state;
    }
    labels
}

/// Cut characters outside the model's Han range as jieba-rs does: each ASCII alphanumeric token (runs
/// joined by one `.`, `_` or `-` between two of them, and a `%` after) is a word, and so is each
/// stretch between two tokens.
fn split_alphanumeric(run: &[char], offset: usize, words: &mut Vec<Range<usize>>) {
    let mut gap = 0;
    while gap < run.len() {
        let Some(token) = run[gap..].iter().position(|c| c.is_ascii_alphanumeric()) else {
            words.push(offset + gap..offset + run.len());
            return;
        };
        let token = gap + token;
        let mut end = token;
        loop {
            end += run[end..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            let joined = end + 1 < run.len()
                && matches!(run[end], '.' | '_' | '-')
                && run[end + 1].is_ascii_alphanumeric();
            if !joined {
                break;
            }
            end += 1;
        }
        if run.get(end) == Some(&'%') {
            end += 1;
        }
        if token > gap {
            words.push(offset + gap..offset + token);
        }
        words.push(offset + token..offset + end);
        gap = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words `cut` makes of `text`, as strings.
    fn words(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut ranges = Vec::new();
        cut(&chars, 0, &mut ranges);
        ranges
            .into_iter()
            .map(|r| chars[r].iter().collect())
            .collect()
    }

    #[test]
    fn labels_join_characters_into_words() {
        assert_eq!(words("营收"), ["营收"]);
        assert_eq!(words("规上"), ["规上"]);
    }

    #[test]
    fn alphanumeric_tokens_and_the_gaps_between_them() {
        assert_eq!(
            words("v1.2-rc+#x_y 50%"),
            ["v1.2-rc", "+#", "x_y", " ", "50%"]
        );
        assert_eq!(words("a-"), ["a", "-"]);
    }
}
