//! A table longer than a page (issue #11): with `overflow = "pages"` it breaks between rows, the header
//! repeated at the top of every page it continues on, every row on exactly one page and whole; on a
//! carousel's cards likewise.

use std::path::Path;

use yitu::layout_pages;
use yitu::model::load_str;
use yitu::scene::{Item, Scene};

fn spec(page: &str, rows: usize) -> String {
    let rows: Vec<String> = (0..rows)
        .map(|i| {
            format!(
                "  [\"第{}乡镇\", {}, {}]",
                i + 1,
                1000.0 + i as f64 * 37.5,
                (i * 7 % 23) as f64 - 5.5
            )
        })
        .collect();
    format!(
        r#"[page]
{page}
overflow = "pages"

[[blocks]]
type = "headline"
text = "各乡镇一般公共预算收入"

[[blocks]]
type = "table"
title = "2023年各乡镇收入"
header = ["乡镇", "收入（万元）", "增长（%）"]
rows = [
{}
]
source = "数据来源：周口市财政局"

[[blocks]]
type = "credit"
text = "记者 李凤霞 整理"
"#,
        rows.join(",\n")
    )
}

fn texts(scene: &Scene) -> Vec<(String, f32)> {
    scene.runs().map(|r| (r.string(), r.text[0].y)).collect()
}

#[test]
fn a_long_table_continues_on_pages_under_its_header() {
    let p = load_str(
        &spec("width = 1080\nheight = 1400\nfit = \"none\"", 40),
        Path::new("t.toml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let pages = layout_pages(&p).unwrap();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let mut seen = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        let t = texts(&page.scene);
        let header = t.iter().find(|(s, _)| s == "收入（万元）");
        let header = header.unwrap_or_else(|| panic!("page {} has the header: {t:?}", n + 1));
        // The title marked 续 on the pages the table continues on, plain on the first.
        let continued = t.iter().find(|(s, _)| s == "2023年各乡镇收入（续）");
        assert_eq!(continued.is_some(), n > 0, "page {}: {t:?}", n + 1);
        assert_eq!(
            t.iter().any(|(s, _)| s == "2023年各乡镇收入"),
            n == 0,
            "page {}",
            n + 1
        );
        // On a continuation page the title is the first thing, at the top margin, the header under it
        // on its band.
        if n > 0 {
            let band = page.scene.items.iter().find_map(|i| match i {
                Item::Rect {
                    y, height, fill, ..
                } if *fill == p.theme.palette.primary => Some((*y, y + height)),
                _ => None,
            });
            let (top, bottom) = band.expect("the header's band");
            let title = continued.expect("the title").1;
            let body = p.theme.size.body;
            assert!(
                title > p.page.margin.top && title < p.page.margin.top + body * 1.4,
                "page {}: the title's baseline at {title}",
                n + 1
            );
            assert!(
                top > title && top < title + body,
                "page {}: the band at {top}, the title's baseline at {title}",
                n + 1
            );
            assert!(header.1 > top && header.1 < bottom);
            for (s, y) in &t {
                if s.starts_with('第') {
                    assert!(*y > bottom, "page {}: {s} under the header", n + 1);
                }
            }
        }
        for (s, y) in &t {
            if s.starts_with('第') && s.ends_with("乡镇") {
                assert!(
                    *y < p.page.height.unwrap() - p.page.margin.bottom,
                    "{s} whole on its page"
                );
                seen.push(s.clone());
            }
        }
    }
    let expected: Vec<String> = (1..=40).map(|i| format!("第{i}乡镇")).collect();
    assert_eq!(seen, expected, "every row once, in order");
    // No stripe without its row: every striped rect holds a line of text.
    for (n, page) in pages.iter().enumerate() {
        let t = texts(&page.scene);
        for item in &page.scene.items {
            if let Item::Rect {
                y, height, fill, ..
            } = item
            {
                if *fill == p.theme.palette.surface {
                    assert!(
                        t.iter().any(|(_, b)| b > y && *b < y + height),
                        "page {}: an empty stripe at {y}",
                        n + 1
                    );
                }
            }
        }
    }
}

#[test]
fn the_logo_is_on_every_page() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/t.toml");
    for position in ["band", "foot"] {
        let page = format!(
            "width = 1080\nheight = 1400\nfit = \"none\"\nlogo = \"images/masthead.svg\"\nlogo_position = \"{position}\""
        );
        let p = load_str(&spec(&page, 40), &dir).unwrap_or_else(|e| panic!("{e}"));
        let pages = layout_pages(&p).unwrap();
        assert!(pages.len() >= 3);
        let logo = p.page.logo.as_ref().unwrap();
        let shapes = logo.source.shapes.len();
        for (n, page) in pages.iter().enumerate() {
            let paths: Vec<f32> = page
                .scene
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Path(path) => path.ops.iter().find_map(|op| match *op {
                        yitu::scene::PathOp::Move(_, y) => Some(y),
                        _ => None,
                    }),
                    _ => None,
                })
                .collect();
            assert!(
                paths.len() >= shapes,
                "{position}: page {} has the logo",
                n + 1
            );
            let h = p.page.height.unwrap();
            let (lo, hi) = (
                paths.iter().copied().fold(f32::MAX, f32::min),
                paths.iter().copied().fold(f32::MIN, f32::max),
            );
            match position {
                // At the top of every page (on the band on the first, on a tab after).
                "band" => assert!(hi < h * 0.15, "page {}: {lo}–{hi}", n + 1),
                _ => assert!(lo > h * 0.8, "page {}: {lo}–{hi}", n + 1),
            }
        }
    }
}

#[test]
fn a_long_table_on_carousel_cards_repeats_its_header() {
    let p = load_str(&spec("preset = \"xiaohongshu\"", 30), Path::new("t.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let cards = layout_pages(&p).unwrap();
    assert!(cards.len() >= 3, "{} cards", cards.len());
    let mut seen = Vec::new();
    for card in &cards {
        let t = texts(&card.scene);
        let rows: Vec<&(String, f32)> = t
            .iter()
            .filter(|(s, _)| s.starts_with('第') && s.ends_with("乡镇"))
            .collect();
        if rows.is_empty() {
            continue;
        }
        let header = t
            .iter()
            .find(|(s, _)| s == "收入（万元）")
            .unwrap_or_else(|| panic!("a card with rows has the header: {t:?}"));
        assert!(rows.iter().all(|(_, y)| *y > header.1));
        seen.extend(rows.iter().map(|(s, _)| s.clone()));
    }
    let expected: Vec<String> = (1..=30).map(|i| format!("第{i}乡镇")).collect();
    assert_eq!(seen, expected, "every row once, in order");
}

#[test]
fn the_logo_is_on_every_carousel_card() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/t.toml");
    let p = load_str(
        &spec(
            "preset = \"xiaohongshu\"\nlogo = \"images/masthead.svg\"",
            30,
        ),
        &path,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let cards = layout_pages(&p).unwrap();
    assert!(cards.len() >= 3);
    let shapes = p.page.logo.as_ref().unwrap().source.shapes.len();
    let primary = p.theme.palette.primary;
    for (n, card) in cards.iter().enumerate() {
        let paths = card
            .scene
            .items
            .iter()
            .filter(|i| matches!(i, Item::Path(_)))
            .count();
        assert!(paths >= shapes, "card {} has the logo", n + 1);
        // On a body card (no band), on a tab of the primary colour.
        let body = n > 0 && n + 1 < cards.len();
        if body {
            let tab = card.scene.items.iter().any(|i| {
                matches!(i, Item::Rect { fill, radius, y, .. }
                    if *fill == primary && *radius > 0.0 && *y < card.scene.height * 0.2)
            });
            assert!(tab, "card {}: the logo's tab", n + 1);
        }
    }
}
