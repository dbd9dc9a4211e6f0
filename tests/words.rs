//! Words stay whole (issue #10): labels in narrow boxes break between words, headlines given as `text`
//! break by meaning and balance with their spaces kept. Every line is read back from the layout's scene:
//! where each cluster of a label or headline was actually drawn.

use std::path::Path;

use yitu::model::{load_str, Poster};
use yitu::scene::Scene;
use yitu::text::punctuation::normalize;
use yitu::{render_poster, Layout};

fn spec(toml: &str) -> Poster {
    load_str(toml, Path::new("inline.toml")).unwrap_or_else(|e| panic!("{e}"))
}

fn lay(poster: &Poster) -> Layout {
    render_poster(poster).expect("layout")
}

/// One drawn cluster: its text, left edge, right edge and baseline.
struct Drawn {
    text: String,
    x: f32,
    right: f32,
    y: f32,
}

/// Every cluster of the scene, in drawing order.
fn drawn(scene: &Scene) -> Vec<Drawn> {
    scene
        .runs()
        .flat_map(|run| &run.text)
        .map(|t| Drawn {
            text: t.text.clone(),
            x: t.x,
            right: t.x + t.width,
            y: t.y,
        })
        .collect()
}

/// The clusters that draw `text` (normalised as layout normalises it): the first run of consecutive
/// clusters whose texts make it up exactly. Panics if the scene does not draw it whole.
fn find<'a>(clusters: &'a [Drawn], text: &str) -> &'a [Drawn] {
    let text = normalize(text);
    for start in 0..clusters.len() {
        let mut joined = String::new();
        for (end, c) in clusters.iter().enumerate().skip(start) {
            joined.push_str(&c.text);
            if joined == text {
                return &clusters[start..=end];
            }
            if !text.starts_with(&joined) {
                break;
            }
        }
    }
    panic!("{text:?} is not drawn whole");
}

/// The lines `text` is drawn on, cut where the baseline changes.
fn lines_of(clusters: &[Drawn], text: &str) -> Vec<String> {
    line_slices(find(clusters, text))
        .into_iter()
        .map(|line| line.iter().map(|c| c.text.as_str()).collect())
        .collect()
}

/// The clusters of one text split into lines: a new line wherever the baseline changes.
fn line_slices(clusters: &[Drawn]) -> Vec<&[Drawn]> {
    let mut lines = Vec::new();
    let mut start = 0;
    for i in 1..=clusters.len() {
        if i == clusters.len() || (clusters[i].y - clusters[start].y).abs() > 0.01 {
            lines.push(&clusters[start..i]);
            start = i;
        }
    }
    lines
}

/// `lines` (a text's lines as drawn) split none of `words`: each word lies on one line.
fn assert_words_whole(lines: &[String], words: &[&str]) {
    let text: String = lines.concat();
    // Byte offsets where lines end, inside the whole text.
    let ends: Vec<usize> = lines
        .iter()
        .scan(0, |end, l| {
            *end += l.len();
            Some(*end)
        })
        .collect();
    for word in words {
        let mut from = 0;
        let mut found = false;
        while let Some(at) = text[from..].find(word) {
            let (start, end) = (from + at, from + at + word.len());
            assert!(
                !ends.iter().any(|&e| start < e && e < end),
                "{word:?} broken across lines: {lines:?}"
            );
            found = true;
            from = end;
        }
        assert!(found, "{word:?} not in {lines:?}");
    }
}

/// A label, the words no line of it may split, and their breaks checked on every label given.
fn check_labels(clusters: &[Drawn], labels: &[(&str, &[&str])]) {
    for (label, words) in labels {
        let lines = lines_of(clusters, label);
        assert!(
            lines.len() >= 2,
            "{label:?} fits one line here, so its breaks prove nothing: {lines:?}"
        );
        assert_words_whole(&lines, words);
    }
}

/// Labels of the tests, with their words: Simplified, Traditional, with figures and Latin.
const LABELS: &[(&str, &[&str])] = &[
    (
        "财政民生支出占一般公共预算支出比重",
        &["财政", "民生", "支出", "一般", "公共", "预算", "比重"],
    ),
    ("战略性新兴产业增加值", &["战略性", "新兴产业", "增加值"]),
    ("线下零售额", &["线下", "零售额"]),
    ("戰略性新興產業增加值", &["戰略性", "新興產業", "增加值"]),
    ("實物商品網上零售額", &["實物", "商品", "網上", "零售額"]),
    (
        "2023年规上工业增加值增速",
        &["2023年", "工业", "增加值", "增速"],
    ),
    (
        "Q3营收同比增长12.5%",
        &["Q3", "营收", "同比", "增长", "12.5%"],
    ),
];

#[test]
fn stat_labels_break_between_words() {
    // Each label on a card of its own, on a page narrow enough that even 线下零售额 takes two lines.
    let stats: String = LABELS
        .iter()
        .map(|(label, _)| {
            format!("[[blocks]]\ntype = \"stat\"\nvalue = \"12.5\"\nunit = \"%\"\nlabel = \"{label}\"\n\n")
        })
        .collect();
    let poster = spec(&format!(
        "[page]\nwidth = 340\nheight = \"auto\"\n\n{stats}"
    ));
    let layout = lay(&poster);
    check_labels(&drawn(&layout.scene), LABELS);
}

#[test]
fn stat_grid_labels_break_between_words() {
    let long: Vec<(&str, &[&str])> = LABELS
        .iter()
        .copied()
        .filter(|(l, _)| l.chars().count() > 8)
        .collect();
    let items: String = long
        .iter()
        .map(|(label, _)| format!("  {{ value = \"12.5\", unit = \"%\", label = \"{label}\" }},\n"))
        .collect();
    let poster = spec(&format!(
        "[page]\nwidth = 640\nheight = \"auto\"\n\n[[blocks]]\ntype = \"stats\"\ncolumns = 3\nitems = [\n{items}]\n"
    ));
    let layout = lay(&poster);
    check_labels(&drawn(&layout.scene), &long);
}

#[test]
fn a_stat_after_label_breaks_between_words() {
    let poster = spec(
        "[page]\nwidth = 420\nheight = \"auto\"\n\n[[blocks]]\ntype = \"stat\"\nvalue = \"3.2\"\nunit = \"%\"\n\
         label = \"线下零售额\"\nafter = \"财政民生支出占一般公共预算支出比重\"\n",
    );
    let layout = lay(&poster);
    check_labels(&drawn(&layout.scene), &LABELS[..1]);
}

/// A chart block of `kind` with one value per label.
fn chart(kind: &str, labels: &[(&str, &[&str])]) -> String {
    let names: Vec<String> = labels.iter().map(|(l, _)| format!("\"{l}\"")).collect();
    let values: Vec<String> = (0..labels.len()).map(|i| format!("{}", i + 3)).collect();
    format!(
        "[[blocks]]\ntype = \"chart\"\nkind = \"{kind}\"\nlabels = [{}]\nvalues = [{}]\n\n",
        names.join(", "),
        values.join(", ")
    )
}

#[test]
fn column_chart_labels_break_between_words() {
    // Four categories across 1080 px: about eight characters a line under each column, so every one
    // of these labels takes two lines, and fits them with its words whole.
    let labels = [LABELS[1], LABELS[3], LABELS[4], LABELS[5]];
    let poster = spec(&format!(
        "[page]\nwidth = 1080\nheight = \"auto\"\n\n{}",
        chart("column", &labels)
    ));
    check_labels(&drawn(&lay(&poster).scene), &labels);
}

#[test]
fn bar_chart_labels_break_between_words() {
    // On a 640-px page the category column is at most about six characters wide.
    let poster = spec(&format!(
        "[page]\nwidth = 640\nheight = \"auto\"\n\n{}",
        chart("bar", LABELS)
    ));
    let labels: Vec<(&str, &[&str])> = LABELS
        .iter()
        .copied()
        .filter(|(l, _)| l.chars().count() > 6)
        .collect();
    check_labels(&drawn(&lay(&poster).scene), &labels);
}

#[test]
fn a_category_label_too_long_for_two_lines_is_shortened_at_a_word_end() {
    // Six categories across 1080 px: about five characters a line. 财政民生支出占一般公共预算支出比重
    // cannot take two lines with any breaks: labels are then set each on its own, that one cut after
    // a word, the short ones whole.
    let labels = [
        LABELS[0], LABELS[1], LABELS[2], LABELS[4], LABELS[5], LABELS[6],
    ];
    let poster = spec(&format!(
        "[page]\nwidth = 1080\nheight = \"auto\"\n\n{}",
        chart("column", &labels)
    ));
    let clusters = drawn(&lay(&poster).scene);
    let text: String = clusters.iter().map(|c| c.text.as_str()).collect();
    let start = text.find("财政").expect("the long label's start is drawn");
    let end = start + text[start..].find('…').expect("shortened with an ellipsis");
    let kept = &text[start..end];
    assert!(
        [
            "财政",
            "财政民生",
            "财政民生支出",
            "财政民生支出占",
            "财政民生支出占一般"
        ]
        .contains(&kept),
        "cut inside a word: {kept:?}"
    );
    assert_words_whole(&lines_of(&clusters, "线下零售额"), LABELS[2].1);
}

#[test]
fn legend_and_progress_labels_break_between_words() {
    let long = LABELS[0].0;
    let poster = spec(&format!(
        "[page]\nwidth = 400\nheight = \"auto\"\n\n\
         [[blocks]]\ntype = \"chart\"\nkind = \"column\"\nlabels = [2021, 2022]\n\
         series = [{{ name = \"{long}\", values = [1, 2] }}, {{ name = \"线下零售额\", values = [2, 3] }}]\n\n\
         [[blocks]]\ntype = \"chart\"\nkind = \"progress\"\nmax = 100\nlabels = [\"{long}\"]\nvalues = [80]\n"
    ));
    let layout = lay(&poster);
    let clusters = drawn(&layout.scene);
    // The legend entry first, then the progress label.
    let legend = find(&clusters, long);
    let lines: Vec<String> = line_slices(legend)
        .iter()
        .map(|l| l.iter().map(|c| c.text.as_str()).collect())
        .collect();
    assert!(lines.len() >= 2, "{lines:?}");
    assert_words_whole(&lines, LABELS[0].1);
    let after_legend = (legend.as_ptr() as usize - clusters.as_ptr() as usize)
        / std::mem::size_of::<Drawn>()
        + legend.len();
    check_labels(&clusters[after_legend..], &LABELS[..1]);
}

/// The headline's lines as drawn: the first runs of the scene, on the band.
fn headline_lines(layout: &Layout, text: &str) -> Vec<String> {
    lines_of(&drawn(&layout.scene), text)
}

fn headline(text: &str) -> Layout {
    lay(&spec(&format!(
        "[page]\nwidth = 1080\nheight = \"auto\"\n\n[[blocks]]\ntype = \"headline\"\ntext = \"{text}\"\n\n\
         [[blocks]]\ntype = \"paragraph\"\ntext = \"正文。\"\n"
    )))
}

#[test]
fn a_mixed_script_headline_keeps_its_words_and_spaces() {
    let text = "Q3 营收 Revenue 同比增长 +12.5% YoY";
    let layout = headline(text);
    // Drawn whole, spaces included (`find` matches the text with its spaces).
    let lines = headline_lines(&layout, text);
    assert!((1..=2).contains(&lines.len()), "{lines:?}");
    assert_words_whole(
        &lines,
        &["Revenue", "YoY", "+12.5%", "营收", "同比", "增长"],
    );
    // The spaces are ordinary spaces: each takes room between the words it separates.
    let clusters = drawn(&layout.scene);
    let set = find(&clusters, text);
    for line in line_slices(set) {
        for w in line.windows(3) {
            if w[1].text == " " {
                assert!(
                    w[2].x - w[0].right >= w[1].right - w[1].x - 0.01 && w[1].right > w[1].x,
                    "no room for the space between {:?} and {:?}",
                    w[0].text,
                    w[2].text
                );
            }
        }
    }
}

#[test]
fn a_long_chinese_headline_is_balanced_between_words() {
    let text = "深入实施创新驱动发展战略加快建设现代化产业体系推动经济实现高质量发展";
    let layout = headline(text);
    let clusters = drawn(&layout.scene);
    let set = find(&clusters, text);
    let lines = line_slices(set);
    assert!((2..=3).contains(&lines.len()), "{} lines", lines.len());
    let strings: Vec<String> = lines
        .iter()
        .map(|l| l.iter().map(|c| c.text.as_str()).collect())
        .collect();
    assert_words_whole(
        &strings,
        &[
            "深入",
            "实施",
            "创新",
            "驱动",
            "发展",
            "战略",
            "加快",
            "建设",
            "现代化",
            "产业",
            "体系",
            "推动",
            "经济",
            "实现",
            "高质量",
        ],
    );
    // Balanced: no line more than two characters longer than another.
    let widths: Vec<f32> = lines
        .iter()
        .map(|l| l.last().unwrap().right - l[0].x)
        .collect();
    let em = set[0].right - set[0].x;
    let spread = widths.iter().fold(0.0f32, |a, &w| a.max(w))
        - widths.iter().fold(f32::MAX, |a, &w| a.min(w));
    assert!(
        spread <= 2.0 * em + 0.5,
        "unbalanced lines {strings:?}: {widths:?}"
    );
}

#[test]
fn a_newline_in_a_headline_forces_a_break() {
    let layout = lay(&spec(
        "[[blocks]]\ntype = \"headline\"\ntext = \"\"\"\n稳中求进\n高质量发展 再上新台阶\"\"\"\n",
    ));
    let clusters = drawn(&layout.scene);
    assert_eq!(lines_of(&clusters, "稳中求进"), ["稳中求进"]);
    assert_eq!(
        lines_of(&clusters, "高质量发展 再上新台阶"),
        ["高质量发展 再上新台阶"]
    );
    let first = find(&clusters, "稳中求进")[0].y;
    let second = find(&clusters, "高质量发展")[0].y;
    assert!(second > first + 10.0, "{first} {second}");
}
