//! The long poster `config/zhoukou-2023.toml` must carry ALL of the newspaper summary it was made from
//! (`zhoukou-2023-work-report.txt`): every figure, every sentence, in the file's order, nothing invented.
//!
//! The content file is `tests/data/zhoukou-2023-work-report.txt`, kept in the repository.
//!
//! No crate API is used: the spec is parsed as a plain `toml::Table`, so these checks hold whatever state
//! the renderer is in.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const CONTENT_NAME: &str = "zhoukou-2023-work-report.txt";
const POSTER: &str = "config/zhoukou-2023.toml";

/// Keys that carry no content (block kinds, layout choices).
const LAYOUT_KEYS: &[&str] = &["type", "style", "columns", "level"];

/// The order a block's fields are read in, which is the order they are drawn in: a section's number before
/// its title, a paragraph's lead before its text, a figure's label · value · unit · qualifier · after.
const FIELD_ORDER: &[&str] = &[
    "number",
    "title",
    "lead",
    "text",
    "lines",
    "label",
    "value",
    "unit",
    "qualifier",
    "after",
    "items",
];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn content_path() -> PathBuf {
    manifest_dir().join("tests/data").join(CONTENT_NAME)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn content() -> String {
    read(&content_path())
}

fn poster() -> toml::Table {
    let path = manifest_dir().join(POSTER);
    read(&path)
        .parse::<toml::Table>()
        .unwrap_or_else(|e| panic!("{} is not valid TOML: {e}", path.display()))
}

/// Content lines as they are meant to be read: list items without their leading "- ".
fn content_lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(|l| l.strip_prefix("- ").unwrap_or(l))
        .collect()
}

fn number_text(v: &toml::Value) -> Option<String> {
    match v {
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Float(f) => Some(f.to_string()),
        _ => None,
    }
}

/// Every string and number under `blocks`, in drawing order, one entry per TOML value.
fn collect(v: &toml::Value, out: &mut Vec<String>) {
    match v {
        toml::Value::String(s) => out.push(s.clone()),
        toml::Value::Integer(_) | toml::Value::Float(_) => out.extend(number_text(v)),
        toml::Value::Array(items) => items.iter().for_each(|x| collect(x, out)),
        toml::Value::Table(t) => {
            for key in FIELD_ORDER {
                if let Some(x) = t.get(*key) {
                    collect(x, out);
                }
            }
            for (key, x) in t {
                if !FIELD_ORDER.contains(&key.as_str()) && !LAYOUT_KEYS.contains(&key.as_str()) {
                    collect(x, out);
                }
            }
        }
        toml::Value::Boolean(_) | toml::Value::Datetime(_) => {}
    }
}

/// A block's text as drawn: its fields joined with no separator (a figure reads "新增返乡创业1.2万人以上").
/// A stats grid gives one piece per figure.
fn pieces(block: &toml::Value, out: &mut Vec<String>) {
    match block.get("items").and_then(|i| i.as_array()) {
        Some(items) if items.iter().all(|i| i.is_table()) => {
            items.iter().for_each(|i| pieces(i, out));
        }
        _ => {
            let mut parts = Vec::new();
            collect(block, &mut parts);
            match block.get("items") {
                // A list: one piece per item.
                Some(_) => out.extend(parts),
                None => out.push(parts.concat()),
            }
        }
    }
}

struct Poster {
    /// Every string and number, one per TOML value.
    strings: Vec<String>,
    /// One per block (one per figure of a grid, one per list item), fields joined as drawn.
    pieces: Vec<String>,
    /// All strings, in order, joined with no separator.
    concat: String,
}

fn poster_texts() -> Poster {
    let table = poster();
    let blocks = table
        .get("blocks")
        .and_then(|b| b.as_array())
        .expect("the poster has [[blocks]]");
    let mut strings = Vec::new();
    let mut pieces_ = Vec::new();
    // Charts restate figures of the text; `charts_invent_nothing` checks them on their own.
    for block in blocks.iter().filter(|b| !is_chart(b)) {
        collect(block, &mut strings);
        pieces(block, &mut pieces_);
    }
    let concat = strings.concat();
    Poster {
        strings,
        pieces: pieces_,
        concat,
    }
}

fn is_chart(block: &toml::Value) -> bool {
    block.get("type").and_then(|t| t.as_str()) == Some("chart")
}

/// Every chart of the poster shows only what the content says: each label's Han text and each value
/// appear in the content.
#[test]
fn charts_invent_nothing() {
    let content = content().replace(char::is_whitespace, "");
    let table = poster();
    let blocks = table.get("blocks").and_then(|b| b.as_array()).unwrap();
    let charts: Vec<&toml::Value> = blocks.iter().filter(|b| is_chart(b)).collect();
    assert!(
        charts.len() >= 3,
        "the poster should chart the figures the text compares"
    );
    for chart in charts {
        for label in chart.get("labels").and_then(|l| l.as_array()).unwrap() {
            for run in han_runs(label.as_str().unwrap()) {
                assert!(
                    content.contains(&run),
                    "chart label text {run:?} is not in the content"
                );
            }
        }
        for v in chart.get("values").and_then(|l| l.as_array()).unwrap() {
            let n = number_text(v).unwrap();
            assert!(
                numbers(&content).contains(&n),
                "chart value {n} is not in the content"
            );
        }
        if let Some(title) = chart.get("title").and_then(|t| t.as_str()) {
            assert!(
                content.contains(&title.replace(char::is_whitespace, "")),
                "chart title {title:?} is not in the content"
            );
        }
    }
}

fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}' | '〇')
}

/// Maximal runs of Han characters (anything else — punctuation, spaces, digits, Latin — ends a run).
fn han_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if is_han(c) {
            cur.push(c);
        } else if !cur.is_empty() {
            runs.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    runs
}

/// Runs of ASCII digits with an optional decimal part: "186.48", "2", "100" (from "2×100").
fn numbers(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i + 1 < chars.len() && chars[i] == '.' && chars[i + 1].is_ascii_digit() {
            i += 1;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
        }
        out.push(chars[start..i].iter().collect());
    }
    out
}

fn count_values(v: &toml::Value) -> usize {
    match v {
        toml::Value::Table(t) => {
            usize::from(t.contains_key("value")) + t.values().map(count_values).sum::<usize>()
        }
        toml::Value::Array(a) => a.iter().map(count_values).sum(),
        _ => 0,
    }
}

#[test]
fn every_number_of_the_content_is_on_the_poster() {
    let text = content();
    let poster = poster_texts();
    let on_poster: std::collections::BTreeSet<String> =
        poster.strings.iter().flat_map(|s| numbers(s)).collect();
    let missing: Vec<(usize, String)> = content_lines(&text)
        .iter()
        .enumerate()
        .flat_map(|(i, line)| numbers(line).into_iter().map(move |n| (i + 1, n)))
        .filter(|(_, n)| !on_poster.contains(n))
        .collect();
    assert!(
        missing.is_empty(),
        "numbers of the content missing from {POSTER} (line, number): {missing:?}"
    );
}

#[test]
fn every_phrase_of_the_content_is_on_the_poster_in_order() {
    let text = content();
    let poster = poster_texts();
    let mut missing = Vec::new();
    let mut out_of_order = Vec::new();
    let mut cursor = 0;
    for (i, line) in content_lines(&text).iter().enumerate() {
        for run in han_runs(line)
            .into_iter()
            .filter(|r| r.chars().count() >= 4)
        {
            let in_concat = poster.concat.contains(&run);
            let in_one_piece = poster.pieces.iter().any(|p| p.contains(&run));
            if !in_concat || !in_one_piece {
                missing.push((i + 1, run));
                continue;
            }
            match poster.concat[cursor..].find(&run) {
                Some(at) => cursor += at + run.len(),
                None => out_of_order.push((i + 1, run)),
            }
        }
    }
    assert!(
        missing.is_empty(),
        "phrases of the content missing from {POSTER} (line, phrase): {missing:?}"
    );
    assert!(
        out_of_order.is_empty(),
        "phrases of the content out of the file's order in {POSTER} (line, phrase): {out_of_order:?}"
    );
}

/// Character for character: the poster's texts hold exactly the content's characters (spaces, line breaks
/// and the "- " of list items aside), so nothing was dropped, retyped or invented.
#[test]
fn the_poster_holds_exactly_the_characters_of_the_content() {
    fn tally(texts: &[&str]) -> BTreeMap<char, i64> {
        let mut m = BTreeMap::new();
        for c in texts
            .iter()
            .flat_map(|t| t.chars())
            .filter(|c| !c.is_whitespace())
        {
            *m.entry(c).or_insert(0) += 1;
        }
        m
    }
    let text = content();
    let poster = poster_texts();
    let want = tally(&content_lines(&text));
    let got = tally(
        &poster
            .strings
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    let mut diff: Vec<String> = Vec::new();
    for c in want
        .keys()
        .chain(got.keys())
        .collect::<std::collections::BTreeSet<_>>()
    {
        let (w, g) = (
            want.get(c).copied().unwrap_or(0),
            got.get(c).copied().unwrap_or(0),
        );
        if w != g {
            diff.push(format!("{c:?} content {w} poster {g}"));
        }
    }
    assert!(
        diff.is_empty(),
        "{POSTER} and the content differ in characters: {}",
        diff.join("; ")
    );
}

#[test]
fn the_poster_has_more_than_40_figures() {
    let table = poster();
    let figures = count_values(&toml::Value::Table(table));
    assert!(
        figures > 40,
        "{POSTER} holds {figures} figures (`value` keys); expected more than 40"
    );
}

// The helpers themselves.

#[test]
fn helpers_split_as_intended() {
    assert_eq!(
        numbers("中煤周口2×100万千瓦, 186.48亿斤, 1.2万"),
        ["2", "100", "186.48", "1.2"]
    );
    assert_eq!(numbers("第3. 项"), ["3"]);
    assert_eq!(
        han_runs("新增 15家智能车间(工厂)"),
        ["新增", "家智能车间", "工厂"]
    );
    assert_eq!(
        content_lines("- 一是坚持稳中求进;\n二"),
        ["一是坚持稳中求进;", "二"]
    );
    assert_eq!(
        number_text(&toml::Value::Float(94.64)).as_deref(),
        Some("94.64")
    );
}
