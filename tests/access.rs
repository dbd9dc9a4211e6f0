//! Text alternatives (issue #11): `alt` on any block, a default written from the data; the SVG's
//! `role="img"`, `<title>` and `<desc>`; the tagged PDF (/Lang, /MarkInfo, the structure tree of
//! H1/P/Figure in reading order with /Alt, its marked content by MCID, the parent tree, the title); the
//! text sidecar.

use std::path::Path;

use lopdf::{Document, Object};
use yitu::model::load_str;
use yitu::{encode, render_poster, Format, Options};

mod common;
use common::pdf::{deref, load_pdf};

const SPEC: &str = r#"[page]
width = 1080
lang = "zh-Hans"

[[blocks]]
type = "headline"
text = "数字里的周口2022"

[[blocks]]
type = "stats"
items = [{ label = "新增返乡创业", value = 12000, unit = "人", scale = "auto", qualifier = "以上" }]

[[blocks]]
type = "chart"
kind = "column"
title = "地区生产总值增速"
labels = ["2021年", "2022年"]
values = [6, 6.7]
unit = "%"

[[blocks]]
type = "chart"
kind = "ring"
labels = ["财政民生支出占比"]
values = [76.3]
unit = "%"
alt = "财政民生支出占一般公共预算支出的76.3%。"
"#;

const COLUMN_ALT: &str = "柱状图：地区生产总值增速。2021年6.0%，2022年6.7%。";
const RING_ALT: &str = "财政民生支出占一般公共预算支出的76.3%。";

fn outputs(src: &str, formats: Vec<Format>) -> Vec<Vec<u8>> {
    let p = load_str(src, Path::new("access.toml")).unwrap_or_else(|e| panic!("{e}"));
    let layout = render_poster(&p).unwrap();
    let options = Options::default().formats(formats);
    encode("access", &layout, &options)
        .unwrap()
        .into_iter()
        .map(|o| o.bytes)
        .collect()
}

#[test]
fn the_svg_is_an_image_with_a_title_and_a_description() {
    let svg = String::from_utf8(outputs(SPEC, vec![Format::Svg]).remove(0)).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(
        root.attribute("aria-labelledby"),
        Some("yitu-title yitu-desc")
    );
    let title = root.children().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(title.text(), Some("数字里的周口2022"));
    assert_eq!(title.attribute("id"), Some("yitu-title"));
    let desc = root
        .children()
        .find(|n| n.has_tag_name("desc"))
        .unwrap()
        .text()
        .unwrap();
    let lines: Vec<&str> = desc.lines().collect();
    assert_eq!(
        lines,
        [
            "数字里的周口2022",
            "新增返乡创业1.2万人以上",
            COLUMN_ALT,
            RING_ALT
        ]
    );
}

fn name(o: &Object) -> String {
    String::from_utf8(o.as_name().unwrap().to_vec()).unwrap()
}

fn text(doc: &Document, o: &Object) -> String {
    let raw = deref(doc, o).as_str().unwrap();
    match raw.strip_prefix(&[0xFE, 0xFF]) {
        Some(u) => String::from_utf16(
            &u.chunks(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                .collect::<Vec<_>>(),
        )
        .unwrap(),
        None => String::from_utf8(raw.to_vec()).unwrap(),
    }
}

#[test]
fn the_pdf_is_tagged_in_reading_order_with_alt_texts() {
    let pdf = outputs(SPEC, vec![Format::Pdf]).remove(0);
    let (doc, page) = load_pdf(&pdf);
    let catalog = doc.catalog().unwrap();
    assert_eq!(text(&doc, catalog.get(b"Lang").unwrap()), "zh-Hans");
    let mark = deref(&doc, catalog.get(b"MarkInfo").unwrap())
        .as_dict()
        .unwrap();
    assert!(mark.get(b"Marked").unwrap().as_bool().unwrap());
    let prefs = deref(&doc, catalog.get(b"ViewerPreferences").unwrap())
        .as_dict()
        .unwrap();
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
    let info = deref(&doc, doc.trailer.get(b"Info").unwrap())
        .as_dict()
        .unwrap();
    assert_eq!(text(&doc, info.get(b"Title").unwrap()), "数字里的周口2022");

    // StructTreeRoot → Document → H1, P, Figure, Figure.
    let root = deref(&doc, catalog.get(b"StructTreeRoot").unwrap())
        .as_dict()
        .unwrap();
    assert_eq!(name(root.get(b"Type").unwrap()), "StructTreeRoot");
    let document = deref(&doc, root.get(b"K").unwrap()).as_dict().unwrap();
    assert_eq!(name(document.get(b"S").unwrap()), "Document");
    let kids: Vec<&lopdf::Dictionary> = document
        .get(b"K")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|k| deref(&doc, k).as_dict().unwrap())
        .collect();
    let roles: Vec<String> = kids.iter().map(|k| name(k.get(b"S").unwrap())).collect();
    assert_eq!(roles, ["H1", "P", "Figure", "Figure"]);
    let alts: Vec<Option<String>> = kids
        .iter()
        .map(|k| k.get(b"Alt").ok().map(|a| text(&doc, a)))
        .collect();
    assert_eq!(
        alts,
        [
            None,
            None,
            Some(COLUMN_ALT.to_owned()),
            Some(RING_ALT.to_owned())
        ]
    );

    // Each element's MCIDs are marked-content sequences of its type on the page, and the page's
    // parent-tree entry names the element of every MCID.
    let mut tagged: Vec<(String, i64)> = Vec::new();
    for op in common::pdf::operations(&doc, page) {
        if op.operator == "BDC" {
            let tag = name(&op.operands[0]);
            if tag != "Span" {
                let props = op.operands[1].as_dict().unwrap();
                tagged.push((tag, props.get(b"MCID").unwrap().as_i64().unwrap()));
            }
        }
    }
    assert_eq!(
        tagged.iter().map(|(_, id)| *id).collect::<Vec<_>>(),
        (0..tagged.len() as i64).collect::<Vec<_>>(),
        "MCIDs in order"
    );
    let page_dict = doc.get_dictionary(page).unwrap();
    let key = page_dict.get(b"StructParents").unwrap().as_i64().unwrap();
    let tree = deref(&doc, root.get(b"ParentTree").unwrap())
        .as_dict()
        .unwrap();
    let nums = tree.get(b"Nums").unwrap().as_array().unwrap();
    assert_eq!(nums[0].as_i64().unwrap(), key);
    let of_mcid = deref(&doc, &nums[1]).as_array().unwrap();
    assert_eq!(of_mcid.len(), tagged.len());
    for (k, kid) in kids.iter().enumerate() {
        let role = name(kid.get(b"S").unwrap());
        let ids = kid.get(b"K").unwrap().as_array().unwrap();
        assert!(!ids.is_empty(), "{role} has content");
        for id in ids {
            let id = id.as_i64().unwrap() as usize;
            assert_eq!(tagged[id].0, role);
            let parent = of_mcid[id].as_reference().unwrap();
            let element = document.get(b"K").unwrap().as_array().unwrap()[k]
                .as_reference()
                .unwrap();
            assert_eq!(parent, element);
        }
        assert_eq!(
            kid.get(b"Pg").unwrap().as_reference().unwrap(),
            page,
            "on its page"
        );
    }
    // The text of the headline is in the H1's content: the first tagged sequence is the H1.
    assert_eq!(tagged[0].0, "H1");
}

#[test]
fn the_text_sidecar_reads_in_order() {
    let txt = String::from_utf8(outputs(SPEC, vec![Format::Txt]).remove(0)).unwrap();
    assert_eq!(
        txt,
        format!(
            "数字里的周口2022\n\n新增返乡创业1.2万人以上\n\n[图] {COLUMN_ALT}\n\n[图] {RING_ALT}\n"
        )
    );
    assert_eq!(Format::parse("txt"), Some(Format::Txt));
}

#[test]
fn alt_is_checked_and_taken_by_every_block() {
    let err = |src: &str| {
        let e = load_str(src, Path::new("a.toml")).unwrap_err();
        (e.problems[0].key.clone(), e.problems[0].message.clone())
    };
    let (key, _) = err("[[blocks]]\ntype = \"divider\"\nalt = \"  \"\n");
    assert_eq!(key, "blocks[0].alt");
    let long = "很".repeat(2001);
    let (key, message) = err(&format!(
        "[[blocks]]\ntype = \"paragraph\"\ntext = \"a\"\nalt = \"{long}\"\n"
    ));
    assert_eq!(key, "blocks[0].alt");
    assert!(message.contains("2000"), "{message}");
    let p = load_str(
        "[[blocks]]\ntype = \"qr\"\ntext = \"https://example.com/a\"\ncaption = \"扫码阅读全文\"\n",
        Path::new("a.toml"),
    )
    .unwrap();
    assert_eq!(
        p.blocks[0].alt_text(false),
        "扫码阅读全文（二维码：https://example.com/a）"
    );
}

#[test]
fn a_pdf_of_several_pages_has_one_structure_tree() {
    let mut src = String::from(
        "[page]\nwidth = 1080\nheight = 1200\noverflow = \"pages\"\nfit = \"none\"\n\n[[blocks]]\ntype = \"headline\"\ntext = \"工作报告\"\n",
    );
    for i in 0..12 {
        src.push_str(&format!(
            "\n[[blocks]]\ntype = \"paragraph\"\ntext = \"第{i}段。全市经济运行总体平稳，主要指标好于预期，发展质量稳步提升，民生福祉持续增进。\"\n"
        ));
    }
    let p = load_str(&src, Path::new("pages.toml")).unwrap_or_else(|e| panic!("{e}"));
    let pages = yitu::layout::layout_pages(&p).unwrap();
    assert!(pages.len() >= 2, "{} pages", pages.len());
    let options = Options::default().formats(vec![Format::Pdf, Format::Txt]);
    let outputs = yitu::encode_pages("pages", &pages, &options).unwrap();
    let pdf = &outputs
        .iter()
        .find(|o| o.format == Format::Pdf)
        .unwrap()
        .bytes;
    let doc = Document::load_mem(pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    let root = deref(&doc, catalog.get(b"StructTreeRoot").unwrap())
        .as_dict()
        .unwrap();
    let document = deref(&doc, root.get(b"K").unwrap()).as_dict().unwrap();
    let kids = document.get(b"K").unwrap().as_array().unwrap();
    // The headline and every paragraph, a paragraph cut by a page twice.
    assert!(kids.len() >= 13, "{} elements", kids.len());
    let page_ids: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let on: std::collections::BTreeSet<lopdf::ObjectId> = kids
        .iter()
        .map(|k| {
            deref(&doc, k)
                .as_dict()
                .unwrap()
                .get(b"Pg")
                .unwrap()
                .as_reference()
                .unwrap()
        })
        .collect();
    assert_eq!(on.len(), page_ids.len(), "elements on every page");
    let tree = deref(&doc, root.get(b"ParentTree").unwrap())
        .as_dict()
        .unwrap();
    let nums = tree.get(b"Nums").unwrap().as_array().unwrap();
    assert_eq!(nums.len(), 2 * page_ids.len());
    assert_eq!(
        root.get(b"ParentTreeNextKey").unwrap().as_i64().unwrap(),
        page_ids.len() as i64
    );
    // One text for all the pages, each paragraph once.
    let txt = String::from_utf8(
        outputs
            .iter()
            .find(|o| o.format == Format::Txt)
            .unwrap()
            .bytes
            .clone(),
    )
    .unwrap();
    assert!(txt.starts_with("工作报告\n\n第0段。"));
    assert_eq!(txt.matches("第11段").count(), 1);
}

#[test]
fn a_traditional_poster_is_described_in_traditional_characters() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/t.toml");
    let p = load_str(
        "[page]\nlang = \"zh-Hant-HK\"\n\n[[blocks]]\ntype = \"chart\"\nkind = \"column\"\ntitle = \"財政預算\"\nlabels = [\"2023年\", \"2024年\"]\nvalues = [1, 2.5]\nreference = [{ value = 2, label = \"目標\" }]\n",
        &path,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        p.blocks[0].alt_text(true),
        "柱狀圖：財政預算。2023年1.0，2024年2.5。參考線：目標 2。"
    );
    let layout = render_poster(&p).unwrap();
    assert_eq!(layout.scene.access.lang, "zh-Hant-HK");
    assert_eq!(
        layout.scene.access.regions[0].text,
        p.blocks[0].alt_text(true)
    );
}
