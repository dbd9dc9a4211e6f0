//! Chart annotations (issue #11): reference lines, bands and callouts placed where their values and
//! categories are (read from the scene against the bars themselves), written to SVG and PDF, and every
//! wrong entry an error at its key.

use std::path::Path;

use yitu::model::{load_str, Color, Poster};
use yitu::scene::{Item, Scene};
use yitu::{encode, render_poster, Format, Options};

mod common;

fn poster(toml: &str) -> Poster {
    load_str(toml, Path::new("chart.toml")).unwrap_or_else(|e| panic!("{e}"))
}

fn scene(p: &Poster) -> Scene {
    render_poster(p).expect("layout").scene
}

fn chart(kind: &str, rest: &str) -> String {
    format!("[page]\nwidth = 1080\n[[blocks]]\ntype = \"chart\"\nkind = \"{kind}\"\n{rest}\n")
}

fn rects(scene: &Scene, color: Color) -> Vec<[f32; 4]> {
    scene
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Rect {
                x,
                y,
                width,
                height,
                fill,
                ..
            } if *fill == color && *width > 0.0 && *height > 0.0 => Some([*x, *y, *width, *height]),
            _ => None,
        })
        .collect()
}

fn lines(scene: &Scene, color: Color) -> Vec<[f32; 4]> {
    scene
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                color: c,
                ..
            } if *c == color => Some([*x1, *y1, *x2, *y2]),
            _ => None,
        })
        .collect()
}

fn band_color(p: &Poster) -> Color {
    let t = &p.theme.palette;
    t.accent.mix(t.background, 0.72)
}

const COLUMNS: &str = r#"title = "地区生产总值增速"
labels = ["2018年", "2019年", "2020年", "2021年", "2022年"]
values = [8, 7.4, 3.2, 8.1, 4]
unit = "%"
reference = [{ value = 5, label = "目标" }]
band = [{ from = "2020年", to = "2021年", label = "疫情期间" }]
callout = [{ at = "2021年", text = "五年最高" }]"#;

#[test]
fn column_annotations_sit_at_their_values_and_categories() {
    let p = poster(&chart("column", COLUMNS));
    let s = scene(&p);
    let columns = rects(&s, p.theme.palette.primary);
    let columns: Vec<[f32; 4]> = columns.into_iter().filter(|r| r[3] > 20.0).collect();
    assert_eq!(columns.len(), 5, "{columns:?}");
    // 8 % is columns[0]'s height above the baseline: 5 % is 5/8 of it.
    let base = columns[0][1] + columns[0][3];
    let y5 = base - columns[0][3] * 5.0 / 8.0;
    let dashes = lines(&s, p.theme.palette.text);
    assert!(dashes.len() > 10, "a dashed line: {dashes:?}");
    for d in &dashes {
        assert!(
            (d[1] - y5).abs() < 0.5 && (d[3] - y5).abs() < 0.5,
            "{d:?} at {y5}"
        );
    }
    let (left, right) = (
        dashes.iter().map(|d| d[0]).fold(f32::MAX, f32::min),
        dashes.iter().map(|d| d[2]).fold(f32::MIN, f32::max),
    );
    assert!(left < columns[0][0] && right > columns[4][0] + columns[4][2]);
    // The label: 目标 and the value.
    let runs: Vec<String> = s.runs().map(|r| r.string()).collect();
    assert!(runs.iter().any(|r| r == "目标 5%"), "{runs:?}");
    // Right of the plot, at the line's end, centred on it: clear of the columns.
    let label = s.runs().find(|r| r.string() == "目标 5%").unwrap();
    assert!(label.extent().0 > right, "right of the line's end");
    assert!(label.extent().0 > columns[4][0] + columns[4][2]);
    let middle = label.text[0].y - label.size * 0.35;
    assert!((middle - y5).abs() < label.size * 0.3, "{middle} vs {y5}");

    // The band spans 2020 and 2021 whole, under the columns, from the plot's top to its base.
    let band = rects(&s, band_color(&p));
    assert_eq!(band.len(), 1, "{band:?}");
    let b = band[0];
    assert!(b[0] < columns[2][0] && b[0] + b[2] > columns[3][0] + columns[3][2]);
    assert!(b[0] > columns[1][0] + columns[1][2] && b[0] + b[2] < columns[4][0]);
    assert!((b[1] + b[3] - base).abs() < 1.0);
    let under = |r: [f32; 4]| {
        let pos = |want: [f32; 4]| {
            s.items.iter().position(
                |i| matches!(i, Item::Rect { x, y, .. } if *x == want[0] && *y == want[1]),
            )
        };
        pos(r)
    };
    assert!(under(b) < under(columns[2]), "the band under the columns");

    // The callout above the plot, centred on 2021's column, its leader down to the value label.
    let callout = s
        .runs()
        .find(|r| r.string() == "五年最高")
        .expect("callout");
    let (l, r) = callout.extent();
    let cx = columns[3][0] + columns[3][2] / 2.0;
    assert!(((l + r) / 2.0 - cx).abs() < 1.0);
    let value = s
        .runs()
        .find(|r| r.string() == "8.1%")
        .expect("value label");
    let leader = lines(&s, p.theme.palette.primary);
    assert_eq!(leader.len(), 1);
    let [x1, y1, x2, y2] = leader[0];
    assert!((x1 - cx).abs() < 0.5 && (x2 - cx).abs() < 0.5);
    assert!(y1 > callout.text[0].y && y2 < value.text[0].y - value.size * 0.8);
    assert!(y2 > y1);
}

#[test]
fn annotations_are_written_to_svg_and_pdf() {
    let p = poster(&chart("column", COLUMNS));
    let layout = render_poster(&p).unwrap();
    let out = |format| {
        let options = Options::default().formats(vec![format]);
        encode("chart", &layout, &options).unwrap().remove(0).bytes
    };
    let svg = String::from_utf8(out(Format::Svg)).unwrap();
    let tree = roxmltree::Document::parse(&svg).unwrap();
    // Every dash a line in the text colour.
    let text = p.theme.palette.text;
    let hex = format!("#{:02x}{:02x}{:02x}", text.r, text.g, text.b);
    let dashes = tree
        .descendants()
        .filter(|n| n.has_tag_name("line") || n.has_tag_name("path"))
        .filter(|n| {
            n.attribute("stroke")
                .is_some_and(|c| c.eq_ignore_ascii_case(&hex))
        })
        .count();
    assert!(dashes > 10, "{dashes} dashes in the SVG");
    let pdf = out(Format::Pdf);
    let texts = common::pdf::actual_texts(&pdf);
    for t in ["目标 5%", "疫情期间", "五年最高"] {
        assert!(texts.iter().any(|x| x == t), "{t} in {texts:?}");
    }
}

#[test]
fn bar_annotations_reference_band_and_callout() {
    let p = poster(&chart(
        "bar",
        r#"labels = ["川汇区", "项城市", "扶沟县", "西华县"]
values = [8, 5.1, 4.8, 3.9]
unit = "%"
reference = [{ value = 5, label = "全市平均" }]
band = [{ from = 4.5, to = 5.5, label = "合理区间" }]
callout = [{ at = "川汇区", text = "全市第一" }]"#,
    ));
    let s = scene(&p);
    let bars: Vec<[f32; 4]> = rects(&s, p.theme.palette.primary);
    let first = bars[0];
    let x0 = first[0];
    let per = first[2] / 8.0;
    let dashes = lines(&s, p.theme.palette.text);
    for d in &dashes {
        assert!((d[0] - (x0 + 5.0 * per)).abs() < 0.5, "{d:?}");
    }
    let band = rects(&s, band_color(&p))[0];
    assert!((band[0] - (x0 + 4.5 * per)).abs() < 0.5);
    assert!((band[2] - per).abs() < 0.5);
    // The labels above the bars, not on each other.
    let a = s.runs().find(|r| r.string() == "全市平均 5%").unwrap();
    let b = s.runs().find(|r| r.string() == "合理区间").unwrap();
    assert!(a.text[0].y < first[1] && b.text[0].y < first[1]);
    assert!((a.text[0].y - b.text[0].y).abs() > a.size * 0.9);
    // The callout after the first bar's value label, on its row.
    let value = s.runs().find(|r| r.string() == "8.0%").unwrap();
    let note = s.runs().find(|r| r.string() == "— 全市第一").unwrap();
    assert!(note.extent().0 > value.extent().1);
    assert!(note.text[0].y > first[1] && note.text[0].y < first[1] + first[3] + note.size);
}

fn error(src: &str) -> (String, String, Option<String>) {
    let e = load_str(src, Path::new("chart.toml")).unwrap_err();
    let p = &e.problems[0];
    (p.key.clone(), p.message.clone(), p.help.clone())
}

#[test]
fn wrong_annotations_are_errors_at_their_keys() {
    let (key, message, _) = error(&chart(
        "pie",
        "labels = [\"a\"]\nvalues = [1]\nreference = [{ value = 1 }]",
    ));
    assert_eq!(key, "blocks[0].reference");
    assert!(message.contains("pie"), "{message}");
    let (key, _, help) = error(&chart(
        "column",
        "labels = [\"2021年\", \"2022年\"]\nvalues = [1, 2]\ncallout = [{ at = \"2022\", text = \"高\" }]",
    ));
    assert_eq!(key, "blocks[0].callout[0].at");
    assert_eq!(help.as_deref(), Some("did you mean `2022年`?"));
    let (key, message, _) = error(&chart(
        "column",
        "labels = [\"a\", \"b\"]\nvalues = [1, 2]\nreference = [{ label = \"目标\" }]",
    ));
    assert_eq!(key, "blocks[0].reference[0].value");
    assert!(message.contains("value"));
    let (key, message, _) = error(&chart(
        "column",
        "labels = [\"a\", \"b\"]\nvalues = [1, 2]\nband = [{ from = \"a\", to = 2 }]",
    ));
    assert_eq!(key, "blocks[0].band[0].to");
    assert!(message.contains("one kind"), "{message}");
    let (key, _, _) = error(&chart(
        "bar",
        "labels = [\"a\", \"b\"]\nvalues = [1, 2]\nband = [{ from = \"a\", to = \"b\" }]",
    ));
    assert_eq!(key, "blocks[0].band[0].from");
    let (key, _, _) = error(&chart(
        "line",
        "labels = [\"a\", \"b\"]\nseries = [{ name = \"甲\", values = [1, 2] }, { name = \"乙\", values = [2, 1] }]\ncallout = [{ at = 1, series = \"丙\", text = \"高\" }]",
    ));
    assert_eq!(key, "blocks[0].callout[0].series");
    let many = ["{ value = 1 }"; 11].join(", ");
    let (key, _, _) = error(&chart(
        "column",
        &format!("labels = [\"a\"]\nvalues = [1]\nreference = [{many}]"),
    ));
    assert_eq!(key, "blocks[0].reference");
    let long = "很".repeat(41);
    let (key, _, _) = error(&chart(
        "column",
        &format!("labels = [\"a\"]\nvalues = [1]\ncallout = [{{ at = 0, text = \"{long}\" }}]"),
    ));
    assert_eq!(key, "blocks[0].callout[0].text");
    let (key, _, _) = error(&chart(
        "column",
        "labels = [\"a\"]\nvalues = [1]\nreference = [{ value = 1e300 }]",
    ));
    assert_eq!(key, "blocks[0].reference[0].value");
}

const NOTES: &str = r#"[page]
width = 1080
height = 1600
notes = ["* 地区生产总值按可比价格计算。", "资料来源：周口市统计局。"]

[[blocks]]
type = "headline"
text = "数字里的2022年"

[[blocks]]
type = "stats"
items = [
  { label = "地区生产总值增长*", value = 4.2, unit = "%" },
  { label = "一般公共预算收入①", value = 6.7, unit = "%" },
]
notes = ["① 含上级补助收入。"]

[[blocks]]
type = "paragraph"
text = "全市经济运行总体平稳，主要指标好于预期。"

[[blocks]]
type = "credit"
text = "记者 李凤霞 整理"
"#;

#[test]
fn notes_sit_under_their_block_and_at_the_page_foot() {
    let p = poster(NOTES);
    let origins: Vec<&str> = p.blocks.iter().map(|b| b.origin.as_str()).collect();
    assert_eq!(
        origins,
        [
            "blocks[0] (headline)",
            "blocks[1] (stats)",
            "blocks[1].notes (notes)",
            "blocks[2] (paragraph)",
            "page.notes (notes)",
            "blocks[3] (credit)"
        ]
    );
    let layout = render_poster(&p).unwrap();
    let placed = &layout.blocks;
    // The block's note right under the grid, before the paragraph; small and muted.
    let (grid, note, para, page_notes, credit) =
        (&placed[1], &placed[2], &placed[3], &placed[4], &placed[5]);
    let gap = note.top - grid.bottom;
    assert!(gap > 0.0 && gap < p.theme.spacing.block * 0.6, "{gap}");
    assert!(note.bottom < para.top);
    let s = &layout.scene;
    let run = |t: &str| {
        s.runs().find(|r| r.string() == t).unwrap_or_else(|| {
            panic!(
                "{t} in {:?}",
                s.runs().map(|r| r.string()).collect::<Vec<_>>()
            )
        })
    };
    let marker = run("①");
    let text = run("含上级补助收入。");
    assert!(text.size < p.theme.size.body && text.size < p.theme.size.credit);
    assert_eq!(text.color, p.theme.palette.muted);
    assert!(
        marker.extent().1 < text.extent().0,
        "the marker hangs before the text"
    );
    // The page's notes at the foot, right above the credit, under a short rule; their texts aligned.
    assert!(page_notes.top > para.bottom + 100.0, "moved to the foot");
    assert!(credit.top - page_notes.bottom < p.theme.spacing.block * 1.5);
    let star = run("地区生产总值按可比价格计算。");
    let source = run("资料来源：周口市统计局。");
    assert!((star.extent().0 - source.extent().0).abs() < 0.5);
    let rule = s.items.iter().any(|i| {
        matches!(i, Item::Line { y1, y2, x2, x1, .. }
            if (*y1 - page_notes.top).abs() < 0.5 && y1 == y2 && x2 - x1 < 200.0)
    });
    assert!(rule, "a short rule over the page's notes");
    // In the PDF's text.
    let options = Options::default().formats(vec![Format::Pdf]);
    let pdf = encode("n", &layout, &options).unwrap().remove(0).bytes;
    let texts = common::pdf::actual_texts(&pdf);
    assert!(
        texts.iter().any(|t| t.contains("含上级补助收入")),
        "{texts:?}"
    );
}

#[test]
fn a_note_whose_marker_is_nowhere_is_an_error() {
    let (key, message, _) = error(
        "[[blocks]]\ntype = \"paragraph\"\ntext = \"增长8.1%\"\nnotes = [\"① 按可比价格计算。\"]\n",
    );
    assert_eq!(key, "blocks[0].notes[0]");
    assert!(message.contains("①"), "{message}");
    // `*` of the note is not the `**` of the copy.
    let (key, _, _) = error(
        "[page]\nnotes = [\"* 初步核算数。\"]\n\n[[blocks]]\ntype = \"paragraph\"\ntext = \"增长8.1%**\"\n",
    );
    assert_eq!(key, "page.notes[0]");
    let (key, _, _) = error("[[blocks]]\ntype = \"divider\"\nnotes = []\n");
    assert_eq!(key, "blocks[0].notes");
    let (key, _, _) = error("[[blocks]]\ntype = \"divider\"\nnotes = [\" \"]\n");
    assert_eq!(key, "blocks[0].notes[0]");
    // Any block takes notes; a page's note finds its marker in any block.
    poster("[page]\nnotes = [\"* 初步核算数。\"]\n\n[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\nlabels = [\"总值*\"]\nvalues = [1]\nnotes = [\"未含港澳台。\"]\n");
}

#[test]
fn a_blocks_notes_stay_on_its_carousel_card() {
    let mut src = String::from(
        "[page]\npreset = \"xiaohongshu\"\noverflow = \"pages\"\n\n[[blocks]]\ntype = \"headline\"\ntext = \"数字里的2022年\"\n",
    );
    for i in 0..6 {
        src.push_str(&format!(
            "\n[[blocks]]\ntype = \"stats\"\ncolumns = 2\nitems = [{{ label = \"一般公共预算收入①\", value = {i}.5, unit = \"%\" }}, {{ label = \"税收收入\", value = 3.2, unit = \"%\" }}]\nnotes = [\"① 第{i}组含上级补助收入。\"]\n\n[[blocks]]\ntype = \"paragraph\"\ntext = \"全市经济运行总体平稳，主要指标好于预期，发展质量稳步提升，民生福祉持续增进，社会大局和谐稳定。\"\n"
        ));
    }
    let p = poster(&src);
    let cards = yitu::layout_pages(&p).unwrap();
    assert!(cards.len() >= 3, "{} cards", cards.len());
    for i in 0..6 {
        let note = format!("第{i}组含上级补助收入。");
        let figure = format!("{i}.5");
        let card = cards
            .iter()
            .find(|c| c.scene.runs().any(|r| r.string() == note))
            .unwrap_or_else(|| panic!("{note} on a card"));
        assert!(
            card.scene.runs().any(|r| r.string() == figure),
            "{note} with its figure {figure}"
        );
    }
}
