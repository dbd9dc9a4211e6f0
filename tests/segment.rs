//! yitu's segmentation (`text::segment`, jieba's algorithm over a dictionary compiled at build time)
//! gives exactly the words jieba-rs gives (`Jieba::new().cut(text, true)`), on real copy: every line,
//! clause and short stretch of the seed work report, every string of the example and starter specs and
//! their data, and the same in Traditional characters, folded as `text::words` folds them.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use jieba_rs::Jieba;
use yitu::text::{segment, words};

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// jieba-rs's tokens of `text`, as character ranges.
fn jieba_cut(text: &str) -> Vec<Range<usize>> {
    jieba()
        .cut(text, true)
        .into_iter()
        .map(|t| t.start..t.end)
        .collect()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every string of a TOML value, at any depth.
fn strings_of(value: &toml::Value, out: &mut Vec<String>) {
    match value {
        toml::Value::String(s) => out.push(s.clone()),
        toml::Value::Array(items) => items.iter().for_each(|v| strings_of(v, out)),
        toml::Value::Table(table) => table.values().for_each(|v| strings_of(v, out)),
        _ => {}
    }
}

/// The files of `dir` whose names end with `ext`, sorted.
fn files(dir: &str, ext: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .into_string()
                .unwrap()
        })
        .filter(|n| n.ends_with(ext))
        .map(|n| format!("{dir}/{n}"))
        .collect();
    names.sort();
    names
}

/// The clauses of `text`: what lies between Chinese sentence and clause marks.
fn clauses(text: &str) -> impl Iterator<Item = &str> {
    text.split([
        '。', '，', '；', '：', '！', '？', '、', ',', ';', ':', '\n',
    ])
    .map(str::trim)
    .filter(|s| !s.is_empty())
}

/// The copy the segmentation is checked on, each text once.
fn corpus() -> BTreeSet<String> {
    let mut texts = BTreeSet::new();
    let report = read("tests/data/zhoukou-2023-work-report.txt");
    texts.insert(report.clone());
    for line in report.lines().filter(|l| !l.trim().is_empty()) {
        texts.insert(line.to_string());
        texts.extend(clauses(line).map(str::to_string));
        // Every stretch of 2 to 12 characters: labels are short, and a word cut at a label's edge
        // leaves runs of single characters to the HMM that whole sentences rarely do.
        let chars: Vec<char> = line.chars().collect();
        for start in 0..chars.len() {
            for len in 2..=12.min(chars.len() - start) {
                texts.insert(chars[start..start + len].iter().collect());
            }
        }
    }
    let mut specs = files("config", ".toml");
    specs.extend(files("config/themes", ".toml"));
    specs.extend(files("config/data", ".toml"));
    specs.extend(files("templates", ".toml"));
    for path in specs {
        let value: toml::Value = toml::from_str(&read(&path)).unwrap_or_else(|e| panic!("{e}"));
        let mut strings = Vec::new();
        strings_of(&value, &mut strings);
        for s in strings {
            texts.extend(clauses(&s).map(str::to_string));
            texts.insert(s);
        }
    }
    for path in files("config/data", ".csv") {
        let text = read(&path);
        texts.extend(text.lines().flat_map(|l| l.split(',')).map(str::to_string));
    }
    // What the line-breaking and HMM edges see: Latin, figures, marks, rarer Han, line ends.
    for text in [
        "Q3营收Revenue同比增长12.5%",
        "v1.2-rc版本，a-b_c.d 3.5%、+#&符号",
        "2023年规上工业增加值增长6.8%\r\n第二行",
        "𠀋𡈽𡌛的名字，䶮与龘",
        "鿐鿑鿒鿓鿔鿕鿖鿗",
        "全角ＡＢＣ１２３和emoji🎉混排",
        "  多个  空格\t制表",
    ] {
        texts.insert(text.to_string());
    }
    texts.retain(|t| !t.is_empty());
    texts
}

/// Traditional → Simplified, one character for one, from the table `text::words` folds with.
fn simplified_of() -> HashMap<char, char> {
    read("src/text/data/ts-characters.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut chars = l.chars();
            Some((chars.next()?, chars.next()?))
        })
        .collect()
}

/// jieba-rs's words of `text` as `words::words` takes them: folded to Simplified, then the tokens of
/// two characters or more holding a Han character, as byte ranges of `text`.
fn jieba_words(text: &str, simplified: &HashMap<char, char>) -> Vec<Range<usize>> {
    let folded: String = text
        .chars()
        .map(|c| simplified.get(&c).copied().unwrap_or(c))
        .collect();
    let starts: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect();
    jieba()
        .cut(&folded, true)
        .into_iter()
        .filter(|t| t.end - t.start >= 2 && t.word.chars().any(yitu::text::linebreak::is_han))
        .map(|t| starts[t.start]..starts[t.end])
        .collect()
}

/// Asserts that `ours` and `theirs` agree on every text of `texts` (a corpus of more than 1 000), saying
/// how many do and showing the first ten that do not.
fn assert_agree<'a, T: PartialEq + std::fmt::Debug>(
    what: &str,
    texts: impl IntoIterator<Item = &'a String>,
    ours: impl Fn(&str) -> T,
    theirs: impl Fn(&str) -> T,
) {
    let (mut total, mut differ) = (0, Vec::new());
    for text in texts {
        total += 1;
        let (ours, theirs) = (ours(text), theirs(text));
        if ours != theirs {
            differ.push(format!("{text:?}: {ours:?} vs jieba-rs {theirs:?}"));
        }
    }
    eprintln!(
        "{what}: {} of {total} texts agree ({:.4} %)",
        total - differ.len(),
        100.0 * (total - differ.len()) as f64 / total as f64
    );
    assert!(
        total > 1000,
        "{what}: a corpus of {total} texts is too small"
    );
    assert!(
        differ.is_empty(),
        "{}",
        differ[..differ.len().min(10)].join("\n")
    );
}

#[test]
fn every_token_is_jiebas() {
    let corpus = corpus();
    assert_agree("tokens", &corpus, segment::cut, jieba_cut);
}

#[test]
fn the_words_of_labels_are_jiebas_in_both_scripts() {
    let simplified = simplified_of();
    let traditional_of: HashMap<char, char> = simplified.iter().map(|(&t, &s)| (s, t)).collect();
    let corpus = corpus();
    // The same copy in Traditional characters (one of the Traditional forms of each character).
    let traditional: BTreeSet<String> = corpus
        .iter()
        .map(|t| {
            t.chars()
                .map(|c| traditional_of.get(&c).copied().unwrap_or(c))
                .collect()
        })
        .collect();
    let changed = traditional.iter().filter(|t| !corpus.contains(*t)).count();
    assert!(
        changed > 10_000,
        "only {changed} texts differ in Traditional"
    );
    let all: Vec<&String> = corpus.iter().chain(&traditional).collect();
    assert_agree("words", all, words::words, |text| {
        jieba_words(text, &simplified)
    });
}
