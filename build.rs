//! jieba's dictionary (`src/text/data/jieba-dict.txt.gz`, gzipped, 349 000 words) turned once per build into an
//! `fst` map from each word to its frequency, which `text::segment` reads in place from the binary:
//! nothing of it is parsed or copied at run time, where loading the text form took a tenth of a second
//! and 43 MB in every process that broke a label. The sum of all frequencies is written beside it.

use std::io::Write;
use std::path::Path;

const DICT: &str = "src/text/data/jieba-dict.txt.gz";

fn main() {
    println!("cargo:rerun-if-changed={DICT}");
    println!("cargo:rerun-if-changed=build.rs");
    // Kept gzipped in the repository (1.9 MB against 5 MB of text); inflated here, once per build.
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(
            std::fs::File::open(DICT).unwrap_or_else(|e| panic!("cannot open {DICT}: {e}")),
        ),
        &mut text,
    )
    .unwrap_or_else(|e| panic!("cannot read {DICT}: {e}"));
    // Lines are `word frequency tag`; the tag (part of speech) is not used for segmenting.
    let mut entries: Vec<(&str, u64)> = text
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_ascii_whitespace();
            let word = fields.next()?;
            let freq = fields.next().map_or(0, |f| {
                f.parse()
                    .unwrap_or_else(|e| panic!("{DICT}: frequency of {word}: {e}"))
            });
            Some((word, freq))
        })
        .collect();
    // jieba's total counts every line, a word listed twice included; a word listed twice keeps its
    // last frequency. A stable sort keeps the lines of one word in file order, the last one is kept.
    let total: u64 = entries.iter().map(|&(_, f)| f).sum();
    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut words: Vec<(&str, u64)> = Vec::with_capacity(entries.len());
    for entry in entries {
        match words.last_mut() {
            Some(last) if last.0 == entry.0 => *last = entry,
            _ => words.push(entry),
        }
    }
    let map = fst::Map::from_iter(words).expect("words are sorted and unique");

    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);
    std::fs::write(out.join("jieba-dict.fst"), map.as_fst().as_bytes())
        .expect("OUT_DIR is writable");
    let mut file = std::fs::File::create(out.join("jieba-total.rs")).expect("OUT_DIR is writable");
    writeln!(file, "{total}").expect("OUT_DIR is writable");
}
