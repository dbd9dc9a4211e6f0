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

/// The one problem of `src`: at `at`, its message starting with `start` and holding `what`.
fn only_at(src: &str, at: (usize, usize, &str), start: &str, what: &str) -> Problem {
    let p = only(src);
    assert_eq!(pos(&p), at, "{}", p.message);
    assert!(p.message.starts_with(start), "{}", p.message);
    assert!(p.message.contains(what), "{what} not in {}", p.message);
    p
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
    let p = only("[page]\ndpi = \"high\"\n\n[[blocks]]\ntype = \"divider\"\n");
    assert_eq!(pos(&p), (2, 7, "page.dpi"));
    assert_eq!(p.message, "expected a number, found a string (\"high\")");

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
        "expected one of `width`, `height`, `margin`, `background`, `preset`, `dpi`, `variants`, `bleed`, `crop_marks`, `overflow`, `fit`, `missing_glyphs`, `lang`, `logo`, `logo_position`, `logo_height`, `background_image`, `band_image`, `notes`, found unknown key `widht`"
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
    assert_eq!(p.message, "expected a number from 1 to 20000, found -1080");

    let p = only("[theme]\nprimary = \"reddish\"\n[[blocks]]\ntype = \"divider\"\n");
    assert_eq!(pos(&p), (2, 11, "theme.primary"));
    assert_eq!(
        p.message,
        "expected a colour like \"#B71C1C\" or \"cmyk(0, 100, 100, 10)\", found \"reddish\""
    );

    let p = only("[[blocks]]\ntype = \"stats\"\ncolumns = 9\nitems = [{ value = 1 }]\n");
    assert_eq!(pos(&p), (3, 11, "blocks[0].columns"));
    assert_eq!(
        p.message,
        "expected a number of columns from 1 to 6, found 9"
    );

    let p = only("[theme.spacing]\nline_height = 0.5\n[[blocks]]\ntype = \"divider\"\n");
    assert_eq!(pos(&p), (2, 15, "theme.spacing.line_height"));
    assert_eq!(p.message, "expected a number from 1 to 3, found 0.5");

    let p = only("[[blocks]]\ntype = \"section\"\nlevel = 3\ntitle = \"展望\"\n");
    assert_eq!(pos(&p), (3, 9, "blocks[0].level"));

    let p = only("[[blocks]]\ntype = \"kicker\"\ntext = \"\"\n");
    assert_eq!(pos(&p), (3, 8, "blocks[0].text"));
    assert_eq!(p.message, "expected some text, found \"\"");
}

/// The one problem of a `[page]` table holding `page` (then a divider block), as
/// `(line, column, key, message, help)`.
fn page_problem(page: &str) -> (usize, usize, String, String, Option<String>) {
    let p = only(&format!("[page]\n{page}\n[[blocks]]\ntype = \"divider\"\n"));
    (p.line, p.column, p.key, p.message, p.help)
}

#[test]
fn print_sizes_with_an_unknown_unit_or_none() {
    let (line, col, key, message, help) = page_problem("width = \"250pt\"");
    assert_eq!((line, col, key.as_str()), (2, 9, "page.width"));
    assert_eq!(
        message,
        "expected a number of pixels or a length like \"210mm\", found \"250pt\""
    );
    assert_eq!(
        help.as_deref(),
        Some("write a print size in mm, cm or in: \"250mm\", \"25cm\", \"9.8in\"")
    );

    let (line, col, key, message, help) = page_problem("width = \"1080px\"");
    assert_eq!((line, col, key.as_str()), (2, 9, "page.width"));
    assert_eq!(
        message,
        "expected a number of pixels or a length like \"210mm\", found \"1080px\""
    );
    assert_eq!(
        help.as_deref(),
        Some("write pixels as a plain number: width = 1080")
    );

    let (line, col, key, message, help) = page_problem("width = \"250mm\"\nheight = \"353\"");
    assert_eq!((line, col, key.as_str()), (3, 10, "page.height"));
    assert_eq!(
        message,
        "expected a number of pixels, a length like \"297mm\" or \"auto\", found \"353\""
    );
    assert_eq!(
        help.as_deref(),
        Some("add the unit, \"353mm\", or write pixels as a plain number: height = 353")
    );

    let (line, col, key, message, help) = page_problem("width = \"auto\"");
    assert_eq!((line, col, key.as_str()), (2, 9, "page.width"));
    assert_eq!(
        message,
        "expected a number of pixels or a length like \"210mm\", found \"auto\""
    );
    assert_eq!(help, None);

    let (line, col, key, message, _) = page_problem("width = false");
    assert_eq!((line, col, key.as_str()), (2, 9, "page.width"));
    assert_eq!(
        message,
        "expected a number of pixels or a length like \"210mm\", found a boolean"
    );
}

#[test]
fn print_sizes_must_be_positive_and_not_absurd() {
    for (written, found) in [
        ("0mm", "\"0mm\""),
        ("-250mm", "\"-250mm\""),
        ("6000mm", "\"6000mm\""),
        ("600cm", "\"600cm\" (6000 mm)"),
    ] {
        let (line, col, key, message, _) = page_problem(&format!("width = \"{written}\""));
        assert_eq!((line, col, key.as_str()), (2, 9, "page.width"), "{written}");
        assert_eq!(
            message,
            format!("expected a length greater than 0 and at most 5000 mm, found {found}")
        );
    }
    let (line, col, key, message, _) = page_problem("width = \"250mm\"\nheight = \"-1in\"");
    assert_eq!((line, col, key.as_str()), (3, 10, "page.height"));
    assert_eq!(
        message,
        "expected a length greater than 0 and at most 5000 mm, found \"-1in\" (-25.4 mm)"
    );
}

#[test]
fn print_sizes_must_stay_within_the_largest_page_in_pixels() {
    // 1800 mm at 300 dpi is 21 260 px, over the 20 000 px a page may be wide; 282 dpi fits.
    let (line, col, key, message, help) = page_problem("width = \"1800mm\"");
    assert_eq!((line, col, key.as_str()), (2, 9, "page.width"));
    assert_eq!(
        message,
        "expected a page at most 20000 px wide, found \"1800mm\": 21260 px at 300 dpi"
    );
    assert_eq!(
        help.as_deref(),
        Some("lower `dpi` to 282 or less, or give a smaller size")
    );
    // The height may be 100 000 px: 4500 mm is too tall at 600 dpi, and fits at 564.
    let (line, col, key, message, help) =
        page_problem("dpi = 600\nwidth = \"100mm\"\nheight = \"4500mm\"");
    assert_eq!((line, col, key.as_str()), (4, 10, "page.height"));
    assert_eq!(
        message,
        "expected a page at most 100000 px high, found \"4500mm\": 106299 px at 600 dpi"
    );
    assert_eq!(
        help.as_deref(),
        Some("lower `dpi` to 564 or less, or give a smaller size")
    );
    let (line, col, key, message, help) = page_problem("dpi = 10\nwidth = \"1mm\"");
    assert_eq!((line, col, key.as_str()), (3, 9, "page.width"));
    assert_eq!(
        message,
        "expected a page at least 1 px wide, found \"1mm\": 0 px at 10 dpi"
    );
    assert_eq!(help.as_deref(), Some("give a larger size, or raise `dpi`"));
}

#[test]
fn width_and_height_in_the_same_unit() {
    let help = Some(
        "give both as lengths (\"250mm\", \"25cm\", \"9.8in\") for a print page, or both as numbers of pixels"
            .to_owned(),
    );
    let found = page_problem("width = \"250mm\"\nheight = 2000");
    assert_eq!(
        found,
        (
            3,
            10,
            "page.height".into(),
            "expected width and height in the same unit, found width \"250mm\" and height 2000 (pixels)".into(),
            help.clone()
        )
    );
    let found = page_problem("width = 1080\nheight = \"353mm\"");
    assert_eq!(
        found,
        (
            3,
            10,
            "page.height".into(),
            "expected width and height in the same unit, found width 1080 (pixels) and height \"353mm\"".into(),
            help.clone()
        )
    );
    let found = page_problem("height = \"353mm\"");
    assert_eq!(
        found,
        (
            2,
            10,
            "page.height".into(),
            "expected width and height in the same unit, found no width (1080 pixels by default) and height \"353mm\"".into(),
            help
        )
    );
}

#[test]
fn bleed_and_crop_marks_only_on_a_print_page() {
    let e = fail(
        "[page]\nwidth = 1080\nbleed = 3\ncrop_marks = false\n[[blocks]]\ntype = \"divider\"\n",
    );
    let found: Vec<_> = e
        .problems
        .iter()
        .map(|p| (pos(p), p.message.as_str(), p.help.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (
                (3, 9, "page.bleed"),
                "expected `bleed` only on a print page (a page in mm, a print preset or a print variant), found a screen page",
                Some("remove `bleed`, or make the page a print page: width = \"210mm\", preset = \"a4\" or variants = [\"a4\"]")
            ),
            (
                (4, 14, "page.crop_marks"),
                "expected `crop_marks` only on a print page (a page in mm, a print preset or a print variant), found a screen page",
                Some("remove `crop_marks`, or make the page a print page: width = \"210mm\", preset = \"a4\" or variants = [\"a4\"]")
            ),
        ]
    );
    // A screen preset with only screen variants is no print page either.
    let (line, col, key, _, _) =
        page_problem("preset = \"weibo\"\nvariants = [\"douyin\"]\nbleed = 3");
    assert_eq!((line, col, key.as_str()), (4, 9, "page.bleed"));
    // A print variant, a print preset or a size in mm takes them.
    for page in [
        "preset = \"weibo\"\nvariants = [\"douyin\", \"a4\"]",
        "preset = \"a3-landscape\"",
        "width = \"250mm\"",
    ] {
        let src = format!(
            "[page]\n{page}\nbleed = 3\ncrop_marks = false\n[[blocks]]\ntype = \"divider\"\n"
        );
        if let Err(e) = load_str(&src, Path::new("config/x.toml")) {
            panic!("{page}: {e}");
        }
    }
}

#[test]
fn bleed_in_range_and_typed() {
    let (line, col, key, message, _) = page_problem("preset = \"a4\"\nbleed = 25");
    assert_eq!((line, col, key.as_str()), (3, 9, "page.bleed"));
    assert_eq!(message, "expected a bleed in mm from 0 to 20, found 25");
    let (line, col, key, message, _) = page_problem("preset = \"a4\"\nbleed = -1");
    assert_eq!((line, col, key.as_str()), (3, 9, "page.bleed"));
    assert_eq!(message, "expected a bleed in mm from 0 to 20, found -1");
    let (line, col, key, message, _) = page_problem("preset = \"a4\"\nbleed = \"3mm\"");
    assert_eq!((line, col, key.as_str()), (3, 9, "page.bleed"));
    assert_eq!(message, "expected a number, found a string (\"3mm\")");
    let (line, col, key, message, _) = page_problem("preset = \"a4\"\ncrop_marks = \"yes\"");
    assert_eq!((line, col, key.as_str()), (3, 14, "page.crop_marks"));
    assert_eq!(message, "expected a boolean, found a string (\"yes\")");
    let (line, col, key, _, help) = page_problem("preset = \"a4\"\ncrop_mark = true");
    assert_eq!((line, col, key.as_str()), (3, 1, "page.crop_mark"));
    assert_eq!(help.as_deref(), Some("did you mean `crop_marks`?"));
}

#[test]
fn margins_of_a_print_page_are_checked_on_its_1080_px_design() {
    // A4 at 300 dpi is 2480 px wide, but margins are written for the 1080-px design and scaled with it:
    // 600 + 600 leave no room.
    let (line, col, key, message, _) = page_problem("preset = \"a4\"\nmargin = 600");
    assert_eq!((line, col, key.as_str()), (3, 10, "page.margin"));
    assert_eq!(
        message,
        "expected left and right margins that leave at least 120 px for content on a page 1080 wide, found 600 + 600"
    );
    // 100 × 50 mm at 300 dpi is 1181 × 591 px; type and margins shrink no further than 0.6, so the
    // design is 1968 × 985: 400 + 400 fit (scaled to 240 + 240 of the 591 px), 500 + 500 do not.
    let roomy = "[page]\nwidth = \"100mm\"\nheight = \"50mm\"\nmargin = { top = 400, bottom = 400 }\n[[blocks]]\ntype = \"divider\"\n";
    let p = load_str(roomy, Path::new("config/x.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        (p.page.margin.top - 240.0).abs() < 0.01,
        "{:?}",
        p.page.margin
    );
    let (line, col, key, message, _) =
        page_problem("width = \"100mm\"\nheight = \"50mm\"\nmargin = { top = 500, bottom = 500 }");
    assert_eq!((line, col, key.as_str()), (4, 10, "page.margin"));
    assert_eq!(
        message,
        "expected top and bottom margins that leave room on a page 985 high, found 500 + 500"
    );
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
    assert_eq!(
        lines[0],
        "config/x.toml:2:9: page.width: expected a number from 1 to 20000, found -5"
    );
    assert_eq!(
        lines[1],
        "config/x.toml:5:11: theme.primary: expected a colour like \"#B71C1C\" or \"cmyk(0, 100, 100, 10)\", found \"reddish\""
    );
    assert_eq!(
        lines[2],
        "  help: write the colour in hexadecimal (#RGB, #RRGGBB or #RRGGBBAA) or as CMYK inks in per cent, 0–100: cmyk(c, m, y, k)"
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

// --- numeric stats: `scale`, `precision`, `thousands`, `change`

fn stat_block(keys: &str) -> yitu::model::Stat {
    let src = format!("[[blocks]]\ntype = \"stat\"\n{keys}");
    let p = load_str(&src, Path::new("s.toml")).unwrap_or_else(|e| panic!("{e}"));
    match &p.blocks[0].kind {
        BlockKind::Stat(s) => s.clone(),
        other => panic!("{other:?}"),
    }
}

/// (label, value, unit) of a stat block.
fn printed(keys: &str) -> (Option<String>, String, Option<String>) {
    let s = stat_block(keys);
    (s.label, s.value, s.unit)
}

fn owned(
    label: Option<&str>,
    value: &str,
    unit: Option<&str>,
) -> (Option<String>, String, Option<String>) {
    (label.map(Into::into), value.into(), unit.map(Into::into))
}

#[test]
fn stat_values_are_scaled_to_wan_and_yi() {
    assert_eq!(
        printed("label = \"新增返乡创业\"\nvalue = 12000\nunit = \"人\"\nscale = \"auto\"\nqualifier = \"以上\"\n"),
        owned(Some("新增返乡创业"), "1.2", Some("万人"))
    );
    assert_eq!(
        printed("value = 350000000000\nunit = \"元\"\nscale = \"auto\"\n"),
        owned(None, "3500", Some("亿元"))
    );
    assert_eq!(
        printed("value = 18648000000\nunit = \"斤\"\nscale = \"亿\"\nprecision = 2\n"),
        owned(None, "186.48", Some("亿斤"))
    );
    // Scaled without a unit: the scale word is the unit.
    assert_eq!(
        printed("value = 185000\nscale = \"万\"\n"),
        owned(None, "18.5", Some("万"))
    );
    // Below 1万, `auto` leaves the number alone.
    assert_eq!(
        printed("value = 1355\nunit = \"家\"\nscale = \"auto\"\n"),
        owned(None, "1355", Some("家"))
    );
}

#[test]
fn stat_values_without_format_keys_print_as_written() {
    assert_eq!(
        printed("value = 12000\nunit = \"人\"\n"),
        owned(None, "12000", Some("人"))
    );
    assert_eq!(
        printed("value = 186.48\nunit = \"亿斤\"\n"),
        owned(None, "186.48", Some("亿斤"))
    );
    // Any format key turns on formatting, with the defaults: no scaling, 1 decimal place.
    assert_eq!(
        printed("value = 186.48\nunit = \"亿斤\"\nthousands = false\n"),
        owned(None, "186.5", Some("亿斤"))
    );
}

#[test]
fn stat_values_with_thousands_separators() {
    assert_eq!(
        printed("value = 22019\nunit = \"元\"\nthousands = true\n"),
        owned(None, "22,019", Some("元"))
    );
    assert_eq!(
        printed("value = 1234567.5\nthousands = true\nscale = \"none\"\n").1,
        "1,234,567.5"
    );
}

#[test]
fn changes_in_words_end_the_label() {
    assert_eq!(
        printed("label = \"招商引资投资额\"\nvalue = 29.5\nunit = \"%\"\nchange = \"words\"\n"),
        owned(Some("招商引资投资额增长"), "29.5", Some("%"))
    );
    assert_eq!(
        printed("label = \"进出口总额\"\nvalue = -3.2\nunit = \"%\"\nchange = \"words\"\n"),
        owned(Some("进出口总额下降"), "3.2", Some("%"))
    );
    // A change of a share is 提高 / 降低 … 个百分点.
    assert_eq!(
        printed("label = \"民生支出占比\"\nvalue = 1.6\nunit = \"个百分点\"\nchange = \"words\"\n"),
        owned(Some("民生支出占比提高"), "1.6", Some("个百分点"))
    );
    assert_eq!(
        printed("value = -0.4\nunit = \"百分点\"\nchange = \"words\"\n"),
        owned(Some("降低"), "0.4", Some("百分点"))
    );
    // No change: 持平, without the unit.
    assert_eq!(
        printed("label = \"居民消费价格\"\nvalue = 0\nunit = \"%\"\nchange = \"words\"\n"),
        owned(Some("居民消费价格"), "持平", None)
    );
}

#[test]
fn changes_with_a_sign() {
    assert_eq!(
        printed("value = 8\nunit = \"%\"\nchange = \"sign\"\n"),
        owned(None, "+8", Some("%"))
    );
    assert_eq!(
        printed("value = -3.2\nunit = \"%\"\nchange = \"sign\"\n"),
        owned(None, "−3.2", Some("%"))
    );
    assert_eq!(
        printed("value = -32000\nunit = \"人\"\nchange = \"sign\"\nscale = \"auto\"\n"),
        owned(None, "−3.2", Some("万人"))
    );
}

#[test]
fn stat_grid_items_take_the_format_keys() {
    let src = "[[blocks]]\ntype = \"stats\"\nitems = [\n  { label = \"新增返乡创业\", value = 12000, unit = \"人\", scale = \"auto\" },\n  { label = \"城镇居民人均可支配收入\", value = 22019, unit = \"元\", thousands = true },\n  { label = \"招商引资投资额\", value = 29.5, unit = \"%\", change = \"words\" },\n  { value = \"“1+10”\" },\n]\n";
    let p = load_str(src, Path::new("g.toml")).unwrap_or_else(|e| panic!("{e}"));
    match &p.blocks[0].kind {
        BlockKind::StatGrid(g) => {
            let got: Vec<_> = g
                .items
                .iter()
                .map(|s| (s.label.as_deref(), s.value.as_str(), s.unit.as_deref()))
                .collect();
            assert_eq!(
                got,
                [
                    (Some("新增返乡创业"), "1.2", Some("万人")),
                    (Some("城镇居民人均可支配收入"), "22,019", Some("元")),
                    (Some("招商引资投资额增长"), "29.5", Some("%")),
                    (None, "“1+10”", None),
                ]
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn format_keys_need_a_numeric_value() {
    let p = only("[[blocks]]\ntype = \"stat\"\nvalue = \"1.2万\"\nscale = \"auto\"\n");
    assert_eq!(pos(&p), (4, 9, "blocks[0].scale"));
    assert_eq!(
        p.message,
        "expected a numeric `value` for `scale` to format, found a string (\"1.2万\")"
    );
    assert!(p.help.unwrap().contains("needs a numeric value"));

    let p = only("[[blocks]]\ntype = \"stats\"\nitems = [{ value = \"“1+10”\", thousands = true, change = \"sign\" }]\n");
    assert_eq!(pos(&p), (3, 42, "blocks[0].items[0].thousands"));
    assert_eq!(
        p.message,
        "expected a numeric `value` for `thousands` and `change` to format, found a string (\"“1+10”\")"
    );
}

#[test]
fn unknown_format_values_are_reported_with_suggestions() {
    let e = fail("[[blocks]]\ntype = \"stat\"\nvalue = 12000\nscale = \"wan\"\nprecision = 7\nchange = \"word\"\n");
    let found: Vec<_> = e
        .problems
        .iter()
        .map(|p| (pos(p), p.message.as_str(), p.help.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (
                (4, 9, "blocks[0].scale"),
                "expected one of \"auto\", \"none\", \"万\", \"亿\", found \"wan\"",
                Some("did you mean `万`?")
            ),
            (
                (5, 13, "blocks[0].precision"),
                "expected a number of decimal places from 0 to 4, found 7",
                None
            ),
            (
                (6, 10, "blocks[0].change"),
                "expected \"words\" or \"sign\", found \"word\"",
                Some("did you mean `words`?")
            ),
        ]
    );

    let p = only("[[blocks]]\ntype = \"stats\"\nitems = [{ value = 1, scale = \"million\" }]\n");
    assert_eq!(pos(&p), (3, 31, "blocks[0].items[0].scale"));

    let p = only("[[blocks]]\ntype = \"stat\"\nvalue = 1\nthousands = \"yes\"\n");
    assert_eq!(pos(&p), (4, 13, "blocks[0].thousands"));
    assert_eq!(p.message, "expected a boolean, found a string (\"yes\")");

    // A typo of a format key in a grid item: serde's list of the stat table's keys.
    let p = only("[[blocks]]\ntype = \"stats\"\nitems = [{ value = 1, scael = \"auto\" }]\n");
    assert_eq!(p.help.as_deref(), Some("did you mean `scale`?"));
}

#[test]
fn change_words_are_not_written_twice() {
    let p = only("[[blocks]]\ntype = \"stat\"\nlabel = \"同比增长\"\nvalue = 29.5\nunit = \"%\"\nchange = \"words\"\n");
    assert_eq!(pos(&p), (3, 9, "blocks[0].label"));
    assert_eq!(
        p.message,
        "expected a label without a change word (`change = \"words\"` adds one), found \"同比增长\""
    );
    assert!(p.help.unwrap().ends_with("write label = \"同比\""));
}

#[test]
fn format_keys_belong_to_stats_and_charts() {
    let p = only("[[blocks]]\ntype = \"paragraph\"\ntext = \"正文\"\nscale = \"auto\"\n");
    assert_eq!(
        p.help.as_deref(),
        Some("`scale` belongs to stat, chart and table blocks; remove it here")
    );
    let p = only("[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\nlabels = [\"a\"]\nvalues = [1]\nchange = \"sign\"\n");
    assert_eq!(pos(&p), (6, 10, "blocks[0].change"));
    assert_eq!(
        p.help.as_deref(),
        Some("`change` belongs to stat blocks; remove it here")
    );
}

/// The limits on one spec (`yitu::model::limits`), through the binary as a user meets them: exit 2, the
/// file, line, column and key of what is too long or too many, and nothing written.
mod limits {
    use std::path::PathBuf;
    use std::process::Command;

    use super::{only, only_at, pos};
    use yitu::model::limits::{BLOCKS, FIGURE_CHARS, ITEMS, TEXT_CHARS, UNIT_CHARS};

    /// Writes `spec` as `x.toml` in a fresh directory, runs `yitu render x.toml --out out` there and
    /// returns the exit code and what it printed; asserts that nothing was written.
    fn render(name: &str, spec: &str) -> (Option<i32>, String) {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("spec-limits")
            .join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("x.toml"), spec).unwrap();
        let output = Command::new(env!("CARGO_BIN_EXE_yitu"))
            .current_dir(&dir)
            .args(["render", "x.toml", "--out", "out", "--format", "svg"])
            .output()
            .expect("cannot run the yitu binary");
        let written: Vec<_> = std::fs::read_dir(dir.join("out"))
            .map(|entries| {
                entries
                    .map(|e| e.unwrap().file_name())
                    .filter(|n| n != ".yitu-record")
                    .collect()
            })
            .unwrap_or_default();
        assert!(written.is_empty(), "wrote {written:?}");
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let _ = std::fs::remove_dir_all(&dir);
        (output.status.code(), printed)
    }

    fn paragraphs(n: usize) -> String {
        "[[blocks]]\ntype = \"paragraph\"\ntext = \"短段落。\"\n\n".repeat(n)
    }

    #[test]
    fn a_text_longer_than_the_limit_is_an_input_error_at_its_key() {
        // Three short paragraphs (lines 1–12), the fourth's text on line 15.
        let long = "周口".repeat(TEXT_CHARS / 2) + "。";
        let spec = format!(
            "{}[[blocks]]\ntype = \"paragraph\"\ntext = \"{long}\"\n",
            paragraphs(3)
        );
        let (code, printed) = render("text", &spec);
        assert_eq!(code, Some(2), "{printed}");
        assert!(
            printed.contains(
                "x.toml:15:8: blocks[3].text: expected a text of at most 100 000 characters, found 100 001"
            ),
            "{printed}"
        );
        assert!(
            printed.contains("help: split it into several paragraphs"),
            "{printed}"
        );
        // The snippet shows the start of the text, not all of it.
        assert!(printed.len() < 20_000, "printed {} bytes", printed.len());

        // At the limit, the text is accepted.
        let at_limit = "周口".repeat(TEXT_CHARS / 2);
        let spec = format!("[[blocks]]\ntype = \"paragraph\"\ntext = \"{at_limit}\"\n");
        yitu::model::load_str(&spec, std::path::Path::new("x.toml")).expect("at the limit");
    }

    #[test]
    fn every_kind_of_text_is_held_to_the_limit() {
        let long = "长".repeat(TEXT_CHARS + 1);
        let cases = [
            (
                format!("[[blocks]]\ntype = \"paragraph\"\nlead = \"{long}\"\ntext = \"正文\"\n"),
                (3, 8, "blocks[0].lead"),
            ),
            (
                format!("[[blocks]]\ntype = \"headline\"\ntext = \"{long}\"\n"),
                (3, 8, "blocks[0].text"),
            ),
            (
                format!("[[blocks]]\ntype = \"list\"\nitems = [\"一\", \"{long}\"]\n"),
                (3, 15, "blocks[0].items[1]"),
            ),
            (
                format!("[[blocks]]\ntype = \"stats\"\nitems = [{{ value = 1, label = \"{long}\" }}]\n"),
                (3, 31, "blocks[0].items[0].label"),
            ),
            (
                format!("[[blocks]]\ntype = \"stat\"\nvalue = 1\nafter = \"{long}\"\n"),
                (4, 9, "blocks[0].after"),
            ),
            (
                format!(
                    "[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\nlabels = [\"a\"]\nvalues = [1]\ntitle = \"{long}\"\n"
                ),
                (6, 9, "blocks[0].title"),
            ),
        ];
        for (spec, at) in cases {
            let p = only(&spec);
            assert_eq!(pos(&p), at, "{}", p.message);
            assert_eq!(
                p.message,
                "expected a text of at most 100 000 characters, found 100 001"
            );
        }
    }

    #[test]
    fn more_blocks_than_the_limit_is_an_input_error_at_blocks() {
        // Each block takes four lines: the one past the limit starts on line 4 × BLOCKS + 1.
        let (code, printed) = render("blocks", &paragraphs(BLOCKS + 1));
        assert_eq!(code, Some(2), "{printed}");
        let line = 4 * BLOCKS + 1;
        assert!(
            printed.contains(&format!(
                "x.toml:{line}:1: blocks: expected at most 1 000 blocks, found 1 001"
            )),
            "{printed}"
        );
        assert!(printed.contains("help: split the content into several specs"));
        // The snippet shows the block past the limit, not every block.
        assert!(printed.lines().count() < 40, "{printed}");

        yitu::model::load_str(&paragraphs(BLOCKS), std::path::Path::new("x.toml"))
            .expect("at the limit");
    }

    #[test]
    fn more_items_than_the_limit_is_an_input_error_at_items() {
        // One item a line, from line 4: the one past the limit is on line 4 + ITEMS.
        let items = |n: usize, item: &dyn Fn(usize) -> String| -> String {
            (0..n).map(|i| format!("  {},\n", item(i))).collect()
        };
        let list = |n| {
            format!(
                "[[blocks]]\ntype = \"list\"\nitems = [\n{}]\n",
                items(n, &|i| format!("\"第{i}项\""))
            )
        };
        let (code, printed) = render("list", &list(ITEMS + 1));
        assert_eq!(code, Some(2), "{printed}");
        assert!(
            printed.contains(&format!(
                "x.toml:{}:3: blocks[0].items: expected at most 1 000 items, found 1 001",
                4 + ITEMS
            )),
            "{printed}"
        );
        assert!(printed.contains("help: split the items into several list blocks"));

        let grid = |n| {
            format!(
                "[[blocks]]\ntype = \"stats\"\nitems = [\n{}]\n",
                items(n, &|i| format!("{{ value = {i}, label = \"指标\" }}"))
            )
        };
        let (code, printed) = render("stats", &grid(ITEMS + 1));
        assert_eq!(code, Some(2), "{printed}");
        assert!(
            printed.contains(&format!(
                "x.toml:{}:3: blocks[0].items: expected at most 1 000 items, found 1 001",
                4 + ITEMS
            )),
            "{printed}"
        );

        for spec in [list(ITEMS), grid(ITEMS)] {
            yitu::model::load_str(&spec, std::path::Path::new("x.toml")).expect("at the limit");
        }
    }

    #[test]
    fn a_unit_of_more_than_twenty_characters_is_an_input_error_at_its_key() {
        // A chart repeats its unit on every value label: 1 000 labels × 5 series of a unit of 1 000
        // characters took 11 s.
        let unit = "万".repeat(UNIT_CHARS + 1);
        let spec = format!(
            "[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\nlabels = [\"a\", \"b\"]\nvalues = [1, 2]\nunit = \"{unit}\"\n"
        );
        let (code, printed) = render("unit", &spec);
        assert_eq!(code, Some(2), "{printed}");
        assert!(
            printed.contains(
                "x.toml:6:8: blocks[0].unit: expected a unit of at most 20 characters, found 21"
            ),
            "{printed}"
        );
        assert!(
            printed
                .contains("help: a unit is a word or a sign such as 万元, %, 亿美元 or 个百分点"),
            "{printed}"
        );

        // A stat's and a grid item's unit alike.
        let stat = format!("[[blocks]]\ntype = \"stat\"\nvalue = 1\nunit = \"{unit}\"\n");
        assert_eq!(pos(&only(&stat)), (4, 8, "blocks[0].unit"));
        let grid =
            format!("[[blocks]]\ntype = \"stats\"\nitems = [{{ value = 1, unit = \"{unit}\" }}]\n");
        assert_eq!(pos(&only(&grid)), (3, 30, "blocks[0].items[0].unit"));

        // At the limit, accepted.
        let at_limit = spec.replace(&unit, &"万".repeat(UNIT_CHARS));
        yitu::model::load_str(&at_limit, std::path::Path::new("x.toml")).expect("at the limit");
    }

    /// Every number of a theme and the range it must be in.
    const THEME_NUMBERS: [(&str, &str, &str); 11] = [
        ("size", "headline", "greater than 0 and at most 2000"),
        ("size", "kicker", "greater than 0 and at most 2000"),
        ("size", "chapter", "greater than 0 and at most 2000"),
        ("size", "section", "greater than 0 and at most 2000"),
        ("size", "body", "greater than 0 and at most 2000"),
        ("size", "stat_value", "greater than 0 and at most 2000"),
        ("size", "stat_label", "greater than 0 and at most 2000"),
        ("size", "credit", "greater than 0 and at most 2000"),
        ("spacing", "block", "from 0 to 10000"),
        ("spacing", "line_height", "from 1 to 3"),
        ("spacing", "card_gap", "from 0 to 10000"),
    ];

    #[test]
    fn every_theme_number_has_an_upper_bound_at_its_key() {
        // 1e308 once gave infinite glyph transforms, with exit 0.
        for (table, name, range) in THEME_NUMBERS {
            let spec = format!(
                "[theme.{table}]\n{name} = 1e308\n\n[[blocks]]\ntype = \"paragraph\"\ntext = \"正文\"\n"
            );
            let p = only(&spec);
            let key = format!("theme.{table}.{name}");
            assert_eq!(pos(&p), (2, name.chars().count() + 4, key.as_str()));
            assert_eq!(p.message, format!("expected a number {range}, found 1e308"));
            assert!(p.help.is_some(), "{key}");
        }
        // At the bounds, accepted.
        let spec = "[theme.size]\nheadline = 2000\n[theme.spacing]\nblock = 10000\ncard_gap = 10000\n\n[[blocks]]\ntype = \"divider\"\n";
        yitu::model::load_str(spec, std::path::Path::new("x.toml")).expect("at the bounds");
    }

    #[test]
    fn a_theme_number_past_its_bound_is_an_input_error_through_the_binary() {
        let spec = "[theme.size]\nstat_value = 1.7e308\n\n[theme.spacing]\nblock = 1e308\n\n[[blocks]]\ntype = \"stat\"\nvalue = 1.2\n";
        let (code, printed) = render("theme", spec);
        assert_eq!(code, Some(2), "{printed}");
        for expected in [
            "x.toml:2:14: theme.size.stat_value: expected a number greater than 0 and at most 2000, found 1.7e308",
            "help: type sizes are pixels of the page: the built-in theme's run from 24 (credit) to 84 (stat_value)",
            "x.toml:5:9: theme.spacing.block: expected a number from 0 to 10000, found 1e308",
            "help: spacing is in pixels of the page: the built-in theme's is 44 between blocks and 20 between cards",
        ] {
            assert!(printed.contains(expected), "{expected}\nnot in\n{printed}");
        }
    }

    #[test]
    fn a_theme_file_number_past_its_bound_is_reported_in_the_theme_file() {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("spec-limits")
            .join(format!("theme-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("big.toml"), "[spacing]\ncard_gap = 1e308\n").unwrap();
        let spec = dir.join("x.toml");
        let text = "[theme]\nextends = \"big.toml\"\n\n[[blocks]]\ntype = \"divider\"\n";
        std::fs::write(&spec, text).unwrap();
        let e = yitu::model::load_file(&spec).expect_err("card_gap = 1e308");
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(e.problems.len(), 1, "{e}");
        let p = &e.problems[0];
        assert_eq!(pos(p), (2, 12, "spacing.card_gap"));
        let file = p.file.as_ref().map(|f| f.path.clone());
        assert!(
            file.as_ref().is_some_and(|f| f.ends_with("big.toml")),
            "{file:?}"
        );
        assert_eq!(p.message, "expected a number from 0 to 10000, found 1e308");
    }

    /// Renders `spec` as `x.toml` to SVG and returns the SVG, asserting exit 0.
    fn rendered_svg(name: &str, spec: &str) -> String {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("spec-limits")
            .join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("x.toml"), spec).unwrap();
        let output = Command::new(env!("CARGO_BIN_EXE_yitu"))
            .current_dir(&dir)
            .args(["render", "x.toml", "--out", "out", "--format", "svg"])
            .output()
            .expect("cannot run the yitu binary");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let svg = std::fs::read_to_string(dir.join("out").join("x.svg")).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        svg
    }

    #[test]
    fn a_theme_at_its_bounds_lays_out_with_finite_coordinates() {
        let spec = "[page]\nwidth = 2000\n\n[theme.size]\nheadline = 2000\nkicker = 2000\nsection = 2000\nbody = 2000\n\
            stat_value = 2000\nstat_label = 2000\ncredit = 2000\n\n[theme.spacing]\nblock = 10000\n\
            line_height = 3\ncard_gap = 10000\n\n\
            [[blocks]]\ntype = \"headline\"\ntext = \"构筑\"\n\n\
            [[blocks]]\ntype = \"stats\"\nitems = [{ value = 1.2, unit = \"万人\", label = \"返乡\" }, { value = 8, unit = \"%\" }]\n";
        let svg = rendered_svg("theme-bounds", spec);
        for bad in ["NaN", "inf"] {
            assert!(!svg.contains(bad), "{bad} in the SVG");
        }
        assert!(svg.contains("matrix("), "glyphs are drawn");
    }

    #[test]
    fn a_control_character_in_a_text_is_an_input_error_naming_it() {
        let spec = "[[blocks]]\ntype = \"paragraph\"\ntext = \"周口\\u0007市\"\n";
        let (code, printed) = render("control", spec);
        assert_eq!(code, Some(2), "{printed}");
        assert!(
            printed.contains(
                "x.toml:3:8: blocks[0].text: expected printable text, found the control character U+0007 as character 3, after \"周口\""
            ),
            "{printed}"
        );
        assert!(printed.contains("help: remove it"), "{printed}");
        // What is printed carries no raw control character to the terminal.
        assert!(!printed.contains('\u{7}'), "{printed:?}");
    }

    #[test]
    fn every_kind_of_text_is_checked_for_unprintable_characters() {
        let cases = [
            (
                "[[blocks]]\ntype = \"headline\"\nlines = [\"一\", \"\\u0000二\"]\n",
                (3, 15, "blocks[0].lines[1]"),
                "U+0000 at its start",
            ),
            (
                "[[blocks]]\ntype = \"list\"\nitems = [\"一\\u001B[31m\"]\n",
                (3, 10, "blocks[0].items[0]"),
                "U+001B as character 2",
            ),
            (
                "[[blocks]]\ntype = \"stat\"\nvalue = \"1\\uFFFF\"\n",
                (3, 9, "blocks[0].value"),
                "the non-character U+FFFF",
            ),
            (
                "[[blocks]]\ntype = \"stats\"\nitems = [{ value = 1, label = \"\\u007F\" }]\n",
                (3, 31, "blocks[0].items[0].label"),
                "U+007F",
            ),
            (
                "[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\nlabels = [\"a\\u0093\"]\nvalues = [1]\n",
                (4, 11, "blocks[0].labels[0]"),
                "U+0093",
            ),
            (
                "[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\nlabels = [\"a\"]\nseries = [{ name = \"\\b\", values = [1] }]\n",
                (5, 20, "blocks[0].series[0].name"),
                "U+0008",
            ),
            (
                "[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\nlabels = [\"a\"]\nvalues = [1]\nunit = \"%\\f\"\n",
                (6, 8, "blocks[0].unit"),
                "U+000C",
            ),
            (
                "[[blocks]]\ntype = \"section\"\ntitle = \"题\"\nnumber = \"\\u0001\"\n",
                (4, 10, "blocks[0].number"),
                "U+0001",
            ),
        ];
        for (spec, at, what) in cases {
            only_at(spec, at, "expected printable text, found ", what);
        }
    }

    #[test]
    fn a_raw_control_character_is_named_and_never_printed() {
        // Not valid TOML: the parser stops at the ESC, and the snippet shows `?` in its place, so that
        // the terminal does not turn red.
        let spec = "[[blocks]]\ntype = \"paragraph\"\ntext = \"周口\u{1b}[31m市\u{7}\"\n";
        let (code, printed) = render("raw-control", spec);
        assert_eq!(code, Some(2), "{printed}");
        assert!(
            printed.contains(
                "x.toml:3:11: blocks[0].text: expected printable text, found the control character U+001B"
            ),
            "{printed}"
        );
        assert!(printed.contains("text = \"周口?[31m市?\""), "{printed}");
        assert!(printed.contains("help: remove it"), "{printed}");
        assert!(
            !printed.chars().any(|c| c.is_control() && c != '\n'),
            "{printed:?}"
        );
    }

    #[test]
    fn a_figure_of_more_than_a_hundred_characters_is_an_input_error() {
        let long = "周".repeat(FIGURE_CHARS + 1);
        let stat = format!("[[blocks]]\ntype = \"stat\"\nvalue = \"{long}\"\n");
        let p = only(&stat);
        assert_eq!(pos(&p), (3, 9, "blocks[0].value"));
        assert_eq!(
            p.message,
            "expected a figure of at most 100 characters, found 101"
        );
        let section =
            format!("[[blocks]]\ntype = \"section\"\ntitle = \"题\"\nnumber = \"{long}\"\n");
        assert_eq!(pos(&only(&section)), (4, 10, "blocks[0].number"));
        let at_limit = stat.replace(&long, &"周".repeat(FIGURE_CHARS));
        yitu::model::load_str(&at_limit, std::path::Path::new("x.toml")).expect("at the limit");
    }

    #[test]
    fn a_figure_of_the_data_file_is_checked_where_it_is_written() {
        // A figure of the data file may be shown by a thousand stats: a long one multiplied the text to
        // lay out (100 000 characters shown by 10 stats took 4 s).
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("spec-limits")
            .join(format!("figures-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let long = "周口".repeat(50_000);
        let figures = format!("ok = \"“1+10”\"\nlong = \"{long}\"\nbell = \"周口\\u0007\"\n");
        std::fs::write(dir.join("f.toml"), figures).unwrap();
        let spec = dir.join("x.toml");
        let stats = "{ label = \"a\", value = { data = \"long\" } }, ".repeat(10);
        let text = format!(
            "data = \"f.toml\"\n\n[[blocks]]\ntype = \"stats\"\nitems = [{stats}{{ value = {{ data = \"bell\" }} }}, {{ value = {{ data = \"ok\" }} }}]\n"
        );
        std::fs::write(&spec, text).unwrap();
        let e = yitu::model::load_file(&spec).expect_err("long and bell");
        let _ = std::fs::remove_dir_all(&dir);
        let found: Vec<_> = e
            .problems
            .iter()
            .map(|p| (pos(p), p.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    (2, 8, "long"),
                    "expected a figure of at most 100 characters, found 100 000"
                ),
                (
                    (3, 8, "bell"),
                    "expected printable text, found the control character U+0007 as character 3, after \"周口\""
                ),
            ]
        );
        assert!(e.problems[0]
            .help
            .as_ref()
            .unwrap()
            .starts_with("`blocks[0].items[0].value` of the spec shows this figure"));
    }

    #[test]
    fn tabs_and_line_ends_are_printable() {
        // A multi-line literal string keeps a Windows line end (\r\n) as written.
        let spec = "[[blocks]]\r\ntype = \"paragraph\"\r\ntext = '''\r\n周口\t市\r\n年'''\r\n";
        yitu::model::load_str(spec, std::path::Path::new("x.toml")).expect("tab, CR and LF");
    }

    #[test]
    fn every_kind_of_text_is_checked_for_characters_no_font_has() {
        let cases = [
            (
                "[[blocks]]\ntype = \"headline\"\nlines = [\"一\", \"吉\u{30000}\"]\n",
                (3, 15, "blocks[0].lines[1]"),
                "found '\u{30000}' U+30000 CJK UNIFIED IDEOGRAPH-30000 (CJK Unified Ideographs Extension G) as character 2, after \"吉\"",
            ),
            (
                "[[blocks]]\ntype = \"stats\"\nitems = [{ value = 1, label = \"\u{1F600}\" }]\n",
                (3, 31, "blocks[0].items[0].label"),
                "found '\u{1F600}' U+1F600 GRINNING FACE (Emoticons) at its start",
            ),
            (
                "[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\nlabels = [\"a\"]\nseries = [{ name = \"\u{E000}\", values = [1] }]\n",
                (5, 20, "blocks[0].series[0].name"),
                "U+E000 (Private Use Area)",
            ),
            (
                "[[blocks]]\ntype = \"stat\"\nvalue = \"1\u{1F680}\"\n",
                (3, 9, "blocks[0].value"),
                "ROCKET (Transport and Map Symbols)",
            ),
        ];
        for (spec, at, what) in cases {
            let p = only_at(spec, at, "expected text the fonts can draw, found ", what);
            assert!(p
                .help
                .as_ref()
                .unwrap()
                .starts_with("add a font that has it"));
            // The opt-out lets the same text through, to be left out of the drawing with a warning.
            let dropped = format!("[page]\nmissing_glyphs = \"drop\"\n\n{spec}");
            yitu::model::load_str(&dropped, std::path::Path::new("x.toml")).expect("drop");
        }
    }

    #[test]
    fn several_characters_no_font_has_are_one_problem() {
        let spec =
            "[[blocks]]\ntype = \"paragraph\"\ntext = \"吉\u{30000}😀😀a😁😂🤣🥲\u{30000}\"\n";
        let p = only(spec);
        assert_eq!(
            p.message,
            "expected text the fonts can draw, found '\u{30000}' U+30000 CJK UNIFIED IDEOGRAPH-30000 \
             (CJK Unified Ideographs Extension G) as character 2, after \"吉\"; also '😀' U+1F600 GRINNING \
             FACE (Emoticons), '😁' U+1F601 GRINNING FACE WITH SMILING EYES (Emoticons), '😂' U+1F602 FACE \
             WITH TEARS OF JOY (Emoticons) and 2 other characters"
        );
        assert_eq!(
            p.help.as_deref(),
            Some(
                "add a font that has it to a fonts/ folder beside the spec or above it, or to a folder \
                 given with --font-path, and name its family in [theme.fonts] fallback (HanaMinB, for CJK \
                 Extensions B–F, is used unnamed: see README \"Fonts\"); write the character another way; \
                 or set [page] missing_glyphs = \"drop\" to leave such characters out with a warning (for \
                 social cards, never for names)"
            )
        );
        // A control character is reported first: it is the one problem of the text.
        let p = only("[[blocks]]\ntype = \"paragraph\"\ntext = \"😀\\u0007\"\n");
        assert!(
            p.message.starts_with("expected printable text"),
            "{}",
            p.message
        );
    }

    #[test]
    fn missing_glyphs_is_error_or_drop() {
        let p = only("[page]\nmissing_glyphs = \"Drop\"\n\n[[blocks]]\ntype = \"divider\"\n");
        assert_eq!(pos(&p), (2, 18, "page.missing_glyphs"));
        assert_eq!(p.message, "expected \"error\" or \"drop\", found \"Drop\"");
        let poster = yitu::model::load_str(
            "[page]\nmissing_glyphs = \"drop\"\n\n[[blocks]]\ntype = \"divider\"\n",
            std::path::Path::new("x.toml"),
        )
        .unwrap();
        assert_eq!(poster.page.missing_glyphs, yitu::model::MissingGlyphs::Drop);
    }

    #[test]
    fn a_figure_of_the_data_file_no_font_can_draw_is_an_error_there() {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("spec-limits")
            .join(format!("glyph-figures-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("f.toml"), "ok = 12\nname = \"吉\u{30000}\"\n").unwrap();
        let spec = dir.join("x.toml");
        let text =
            "data = \"f.toml\"\n\n[[blocks]]\ntype = \"stat\"\nvalue = { data = \"name\" }\n";
        std::fs::write(&spec, text).unwrap();
        let e = yitu::model::load_file(&spec).expect_err("Extension G");
        let dropped_text = text.replace("\n\n", "\n\n[page]\nmissing_glyphs = \"drop\"\n\n");
        std::fs::write(&spec, dropped_text).unwrap();
        let dropped = yitu::model::load_file(&spec);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(e.problems.len(), 1, "{e}");
        let p = &e.problems[0];
        assert_eq!(pos(p), (2, 8, "name"));
        assert!(
            p.message
                .starts_with("expected text the fonts can draw, found '\u{30000}' U+30000"),
            "{}",
            p.message
        );
        assert!(dropped.is_ok(), "{:?}", dropped.err());
    }
}

#[test]
fn invisible_characters_the_fonts_lack_are_not_errors() {
    // A zero-width space and a byte-order mark, as text copied from a web page carries them: they draw
    // nothing, so leaving them out loses nothing (layout drops them with a warning).
    let src = "[[blocks]]\ntype = \"paragraph\"\ntext = \"周口\\u200B市\\uFEFF\"\n";
    load_str(src, Path::new("config/x.toml")).expect("invisible characters load");
}

#[test]
fn a_long_wrong_value_is_quoted_cut() {
    // A value of thousands of characters where it does not belong: the message quotes its start and end.
    let long = "单".repeat(4000);
    let src = format!(
        "[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\nlabels = [\"a\"]\nvalues = [1]\ncenter = \"{long}\"\n"
    );
    let p = only(&src);
    assert_eq!(pos(&p), (6, 10, "blocks[0].center"));
    assert!(
        p.message.ends_with(&format!(
            "found center = \"{}…{}\" (4 000 characters)",
            "单".repeat(40),
            "单".repeat(20)
        )),
        "{}",
        p.message
    );
}
