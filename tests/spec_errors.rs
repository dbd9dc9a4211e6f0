//! Every class of bad input is reported with the file, line, column, key and a message saying what was
//! expected and what was found; a good spec loads into the expected poster.

use std::path::Path;

use yitu::diagnostics::{Problem, SpecError};
use yitu::model::{load_str, BlockKind, Color, Headline, ListStyle, Margins};

fn fail(src: &str) -> SpecError {
    match load_str(src, Path::new("config/x.toml")) {
        Ok(p) => panic!("expected an error, loaded {p:?}"),
        Err(e) => e,
    }
}

fn only(src: &str) -> Problem {
    let e = fail(src);
    assert_eq!(e.problems.len(), 1, "{e}");
    e.problems.into_iter().next().unwrap()
}

fn pos(p: &Problem) -> (usize, usize, &str) {
    (p.line, p.column, p.key.as_str())
}

#[test]
fn malformed_toml_unclosed_string() {
    let src = "[page]\nwidth = 1080\n\n[[blocks]]\ntype = \"paragraph\"\ntext = \"未闭合\n";
    let p = only(src);
    // toml stops at the end of the line; the column counts characters, not bytes.
    assert_eq!(pos(&p), (6, 12, "blocks[0].text"));
    assert_eq!(
        p.message,
        "expected the closing quote of the string, found the end of the line"
    );
}

#[test]
fn wrong_type() {
    let p = only("[page]\nwidth = \"wide\"\n\n[[blocks]]\ntype = \"divider\"\n");
    assert_eq!(pos(&p), (2, 9, "page.width"));
    assert_eq!(p.message, "expected a number, found a string (\"wide\")");

    let p = only("[[blocks]]\ntype = \"stat\"\nvalue = true\n");
    assert_eq!(pos(&p), (3, 9, "blocks[0].value"));
    assert_eq!(p.message, "expected a number or a string, found a boolean");
}

#[test]
fn unknown_key_with_a_typo() {
    let p = only("[page]\nwidht = 1080\n\n[[blocks]]\ntype = \"divider\"\n");
    assert_eq!(pos(&p), (2, 1, "page.widht"));
    assert_eq!(
        p.message,
        "expected one of `width`, `height`, `margin`, `background`, found unknown key `widht`"
    );
    assert_eq!(p.help.as_deref(), Some("did you mean `width`?"));
}

#[test]
fn unknown_block_type() {
    let src = "[[blocks]]\ntype = \"headline\"\ntext = \"标题\"\n\n[[blocks]]\ntype = \"paragrah\"\ntext = \"正文\"\n";
    let p = only(src);
    assert_eq!(pos(&p), (6, 8, "blocks[1].type"));
    assert!(
        p.message
            .starts_with("expected a block type (headline, kicker, section, paragraph"),
        "{}",
        p.message
    );
    assert!(p.message.ends_with("found \"paragrah\""), "{}", p.message);
    assert_eq!(p.help.as_deref(), Some("did you mean `paragraph`?"));
}

#[test]
fn key_not_valid_for_the_block_type() {
    let p = only("[[blocks]]\ntype = \"paragraph\"\ntext = \"正文\"\nunit = \"万人\"\n");
    assert_eq!(pos(&p), (4, 8, "blocks[0].unit"));
    assert_eq!(
        p.message,
        "expected a key of a paragraph block (`type`, `text`, `lead`), found `unit`"
    );
    assert_eq!(
        p.help.as_deref(),
        Some("`unit` belongs to stat and chart blocks; remove it here")
    );
}

#[test]
fn missing_required_field() {
    let src =
        "[[blocks]]\ntype = \"divider\"\n\n[[blocks]]\ntype = \"paragraph\"\nlead = \"导语\"\n";
    let p = only(src);
    // At the block: its [[blocks]] header.
    assert_eq!(pos(&p), (4, 1, "blocks[1].text"));
    assert_eq!(
        p.message,
        "expected a `text` key in a paragraph block, found none"
    );

    let p = only("[[blocks]]\ntype = \"stats\"\nitems = [{ label = \"推动\", unit = \"家\" }]\n");
    assert_eq!(pos(&p), (3, 10, "blocks[0].items[0].value"));
    assert_eq!(
        p.message,
        "expected a `value` key in a stat table, found none"
    );
}

#[test]
fn impossible_values() {
    let p = only("[page]\nwidth = -1080\n[[blocks]]\ntype = \"divider\"\n");
    assert_eq!(pos(&p), (2, 9, "page.width"));
    assert_eq!(
        p.message,
        "expected a number greater than 0 and at most 20000, found -1080"
    );

    let p = only("[theme]\nprimary = \"reddish\"\n[[blocks]]\ntype = \"divider\"\n");
    assert_eq!(pos(&p), (2, 11, "theme.primary"));
    assert_eq!(
        p.message,
        "expected a colour like \"#B71C1C\", found \"reddish\""
    );

    let p = only("[[blocks]]\ntype = \"stats\"\ncolumns = 9\nitems = [{ value = 1 }]\n");
    assert_eq!(pos(&p), (3, 11, "blocks[0].columns"));
    assert_eq!(
        p.message,
        "expected a number of columns from 1 to 6, found 9"
    );

    let p = only("[theme.spacing]\nline_height = 0.5\n[[blocks]]\ntype = \"divider\"\n");
    assert_eq!(pos(&p), (2, 15, "theme.spacing.line_height"));
    assert_eq!(p.message, "expected a number from 1.0 to 3.0, found 0.5");

    let p = only("[[blocks]]\ntype = \"section\"\nlevel = 3\ntitle = \"展望\"\n");
    assert_eq!(pos(&p), (3, 9, "blocks[0].level"));

    let p = only("[[blocks]]\ntype = \"kicker\"\ntext = \"\"\n");
    assert_eq!(pos(&p), (3, 8, "blocks[0].text"));
    assert_eq!(p.message, "expected some text, found \"\"");
}

#[test]
fn every_problem_of_a_file_is_reported() {
    let src = "\
[page]
width = -5

[theme]
primary = \"reddish\"

[[blocks]]
type = \"stats\"
columns = 9
items = [{ value = 1.2 }]
";
    let e = fail(src);
    let found: Vec<_> = e.problems.iter().map(pos).collect();
    assert_eq!(
        found,
        [
            (2, 9, "page.width"),
            (5, 11, "theme.primary"),
            (9, 11, "blocks[0].columns")
        ]
    );
    let text = e.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "config/x.toml:2:9: page.width: expected a number greater than 0 and at most 20000, found -5");
    assert_eq!(
        lines[1],
        "config/x.toml:5:11: theme.primary: expected a colour like \"#B71C1C\", found \"reddish\""
    );
    assert_eq!(
        lines[2],
        "  help: write the colour in hexadecimal: #RGB, #RRGGBB or #RRGGBBAA"
    );
    assert_eq!(
        lines[3],
        "config/x.toml:9:11: blocks[0].columns: expected a number of columns from 1 to 6, found 9"
    );
    assert_eq!(lines.len(), 4);

    let report = e.report();
    assert!(report.contains("primary = \"reddish\""), "{report}");
    assert!(report.contains("columns = 9"), "{report}");
    assert!(!report.contains('\u{1b}'), "{report}");
}

const COMPLETE: &str = r##"
[page]
width = 1242
height = "auto"
margin = { top = 0, right = 72, bottom = 80, left = 72 }

[theme]
primary = "#B71C1C"
accent = "#E0A23B"

[theme.size]
headline = 64

[theme.spacing]
line_height = 1.7

[[blocks]]
type = "headline"
text = "昂首奋进现代化周口建设新征程 奋力谱写中国式现代化周口绚丽篇章"

[[blocks]]
type = "kicker"
text = "周口市2023年政府工作报告"

[[blocks]]
type = "section"
level = 1
title = "展望：2023年工作总体要求"

[[blocks]]
type = "section"
number = 1
title = "坚持扩内需稳增长"

[[blocks]]
type = "paragraph"
lead = "积极扩大有效投资。"
text = "谋划推动周口民用机场……"

[[blocks]]
type = "stat"
label = "新增返乡创业"
value = 1.2
unit = "万人"
qualifier = "以上"
after = ""

[[blocks]]
type = "stats"
columns = 2
items = [
  { label = "新增返乡创业", value = 1.2, unit = "万人", qualifier = "以上" },
  { label = "推动", value = 1355, unit = "家", after = "企业上云" },
  { label = "粮食产量", value = 186.48, unit = "亿斤" },
  { value = "“1+10”" },
]

[[blocks]]
type = "list"
style = "number"
items = ["一是坚持稳中求进；", "二是坚持高质量发展；"]

[[blocks]]
type = "divider"

[[blocks]]
type = "headline"
lines = ["第一行", "第二行"]

[[blocks]]
type = "credit"
text = "记者 李凤霞 何晴 整理"
"##;

#[test]
fn complete_spec_loads() {
    let p =
        load_str(COMPLETE, Path::new("config/zhoukou-2023.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.name, "zhoukou-2023");
    assert_eq!(p.page.width, 1242.0);
    assert_eq!(p.page.height, None);
    assert_eq!(
        p.page.margin,
        Margins {
            top: 0.0,
            right: 72.0,
            bottom: 80.0,
            left: 72.0
        }
    );

    // Overridden keys from the spec, the rest from config/themes/default.toml.
    assert_eq!(p.theme.palette.primary, Color::rgb(0xB7, 0x1C, 0x1C));
    assert_eq!(p.theme.palette.accent, Color::rgb(0xE0, 0xA2, 0x3B));
    assert_eq!(p.theme.palette.text, Color::rgb(0x1E, 0x1E, 0x1E));
    assert_eq!(p.theme.size.headline, 64.0);
    assert_eq!(p.theme.size.body, 30.0);
    assert_eq!(p.theme.spacing.line_height, 1.7);
    assert_eq!(p.theme.spacing.block, 44.0);
    assert_eq!(p.page.background, Color::rgb(0xFB, 0xF5, 0xEC));

    assert_eq!(p.blocks.len(), 11);
    assert_eq!(p.blocks[4].origin, "blocks[4] (paragraph)");
    match &p.blocks[0].kind {
        BlockKind::Headline(Headline::Text(t)) => assert!(t.starts_with("昂首奋进")),
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(&p.blocks[1].kind, BlockKind::Kicker { text } if text == "周口市2023年政府工作报告")
    );
    match &p.blocks[2].kind {
        BlockKind::Section(s) => assert_eq!((s.level, s.number.as_deref()), (1, None)),
        other => panic!("{other:?}"),
    }
    match &p.blocks[3].kind {
        BlockKind::Section(s) => assert_eq!((s.level, s.number.as_deref()), (2, Some("1"))),
        other => panic!("{other:?}"),
    }
    match &p.blocks[4].kind {
        BlockKind::Paragraph(para) => assert_eq!(para.lead.as_deref(), Some("积极扩大有效投资。")),
        other => panic!("{other:?}"),
    }
    match &p.blocks[5].kind {
        BlockKind::Stat(s) => {
            assert_eq!(s.value, "1.2");
            assert_eq!(s.unit.as_deref(), Some("万人"));
            assert_eq!(s.qualifier.as_deref(), Some("以上"));
            assert_eq!(s.after, None, "an empty optional text counts as absent");
        }
        other => panic!("{other:?}"),
    }
    match &p.blocks[6].kind {
        BlockKind::StatGrid(g) => {
            assert_eq!(g.columns, 2);
            let values: Vec<&str> = g.items.iter().map(|s| s.value.as_str()).collect();
            assert_eq!(values, ["1.2", "1355", "186.48", "“1+10”"]);
            assert_eq!(g.items[1].after.as_deref(), Some("企业上云"));
        }
        other => panic!("{other:?}"),
    }
    match &p.blocks[7].kind {
        BlockKind::List(l) => assert_eq!((l.style, l.items.len()), (ListStyle::Number, 2)),
        other => panic!("{other:?}"),
    }
    assert_eq!(p.blocks[8].kind, BlockKind::Divider);
    match &p.blocks[9].kind {
        BlockKind::Headline(Headline::Lines(l)) => assert_eq!(l, &["第一行", "第二行"]),
        other => panic!("{other:?}"),
    }
    assert!(matches!(&p.blocks[10].kind, BlockKind::Credit { text } if text.starts_with("记者")));
}
#[test]
fn unknown_key_in_a_block_names_the_keys_of_its_type() {
    let p = only("[[blocks]]\ntype = \"paragraph\"\ntxet = \"正文\"\n");
    assert_eq!(pos(&p), (3, 1, "blocks[0].txet"));
    assert_eq!(
        p.message,
        "expected a key of a paragraph block (`type`, `text`, `lead`), found unknown key `txet`"
    );
    assert_eq!(p.help.as_deref(), Some("did you mean `text`?"));
}

#[test]
fn sub_tables_and_dotted_keys_load() {
    let src =
        "[theme.size]\nbody = 32\n\n[page]\nmargin.left = 40\n\n[[blocks]]\ntype = \"divider\"\n";
    let p = load_str(src, Path::new("d.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.theme.size.body, 32.0);
    assert_eq!(p.page.margin.left, 40.0);
    assert_eq!(p.page.margin.top, 64.0);

    let p = only("[theme.spacing]\nline_height = 0.5\n[[blocks]]\ntype = \"divider\"\n");
    assert_eq!(pos(&p), (2, 15, "theme.spacing.line_height"));
}
