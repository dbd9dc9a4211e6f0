//! The carousel composer: the seed poster (`config/zhoukou-2023.toml`, `overflow = "pages"`) rendered for
//! Xiaohongshu, Weibo and Douyin, read back from the layout — a cover and a closing card, every card but
//! the last at least 70 % filled, every stat grid under its heading (repeated and marked 续 on a card it
//! continues on), the report's text all there in order, type scaled per card within its bounds.

mod common;

use std::path::Path;

use yitu::model::preset::{preset, variant};
use yitu::model::{load_file, BlockKind, Poster};
use yitu::scene::Item;
use yitu::{layout_pages, Layout};

fn report() -> Poster {
    load_file(Path::new(env!("CARGO_MANIFEST_DIR")).join("config/zhoukou-2023.toml")).unwrap()
}

const PLATFORMS: [&str; 3] = ["xiaohongshu", "weibo", "douyin"];

fn cards(name: &str) -> (Poster, Vec<Layout>) {
    let poster = variant(&report(), preset(name).unwrap());
    let cards = layout_pages(&poster).unwrap_or_else(|e| panic!("{name}: {e}"));
    (poster, cards)
}

/// Whether a card is on the primary colour from edge to edge (the cover, the closing card).
fn on_colour(card: &Layout, poster: &Poster) -> bool {
    card.scene.items.iter().any(|i| {
        matches!(i, Item::Rect { y, height, width, fill, .. }
            if *y <= 0.0 && *height >= card.scene.height && *width >= card.scene.width
                && *fill == poster.theme.palette.primary)
    })
}

#[test]
fn every_card_but_the_last_is_at_least_70_percent_filled() {
    let mut report_lines = Vec::new();
    for name in PLATFORMS {
        let (poster, cards) = cards(name);
        let page = &poster.page;
        let height = page.height.unwrap();
        // The area inside the margins (and safe areas): the series title and the folio are inside it
        // too, so this is stricter than the content area the composer fills.
        let area = height - page.margin.top - page.margin.bottom;
        let mut fills = Vec::new();
        for (n, card) in cards.iter().enumerate() {
            let fill = if on_colour(card, &poster) {
                1.0
            } else {
                let top = card.blocks.iter().map(|b| b.top).fold(f32::MAX, f32::min);
                let bottom = card.blocks.iter().map(|b| b.bottom).fold(0.0, f32::max);
                (bottom - top) / area
            };
            fills.push(fill);
            if n + 1 < cards.len() {
                assert!(
                    fill >= 0.7,
                    "{name} card {} of {} is {:.0} % filled",
                    n + 1,
                    cards.len(),
                    fill * 100.0
                );
            }
        }
        let body = &fills[1..fills.len() - 1];
        let least = body.iter().copied().fold(f32::MAX, f32::min);
        let mean = body.iter().sum::<f32>() / body.len() as f32;
        report_lines.push(format!(
            "{name}: {} cards, body cards filled {:.0}–{:.0} %, mean {:.0} %",
            cards.len(),
            least * 100.0,
            body.iter().copied().fold(0.0, f32::max) * 100.0,
            mean * 100.0
        ));
    }
    // Reported in the test's output (`cargo test --test carousel -- --nocapture`).
    println!("{}", report_lines.join("\n"));
}

#[test]
fn a_cover_and_a_closing_card() {
    for name in PLATFORMS {
        let (poster, cards) = cards(name);
        let first = &cards[0];
        assert!(
            on_colour(first, &poster),
            "{name}: the cover is on the primary colour"
        );
        assert!(
            first.scene.text().contains("昂首奋进"),
            "{name}: the cover holds the headline"
        );
        // The cover's headline is larger than the long poster's.
        let headline = first.scene.runs().map(|r| r.size).fold(0.0, f32::max);
        assert!(
            headline > poster.theme.size.headline * 1.2,
            "{name}: {headline}"
        );
        let last = cards.last().unwrap();
        assert!(on_colour(last, &poster), "{name}: the closing card");
        assert!(
            last.scene.text().contains("记者 李凤霞"),
            "{name}: the credit closes"
        );
        // Body cards repeat the series title at their top and every card has its folio.
        let count = cards.len();
        for (n, card) in cards.iter().enumerate() {
            let runs: Vec<String> = card.scene.runs().map(|r| r.string()).collect();
            assert_eq!(runs.last().unwrap(), &format!("{}/{count}", n + 1));
            if n > 0 && n + 1 < count {
                assert_eq!(
                    runs[runs.len() - 2],
                    "昂首奋进现代化周口建设新征程",
                    "{name} {n}"
                );
            }
        }
    }
}

#[test]
fn no_stat_grid_without_its_heading() {
    let poster = report();
    // The heading each grid is under in the spec: the nearest section before it, none after a divider.
    let mut under = std::collections::HashMap::new();
    let mut heading: Option<String> = None;
    for b in &poster.blocks {
        match &b.kind {
            BlockKind::Section(_) => heading = Some(b.origin.clone()),
            BlockKind::Divider => heading = None,
            BlockKind::StatGrid(_) => {
                under.insert(b.origin.clone(), heading.clone());
            }
            _ => {}
        }
    }
    for name in PLATFORMS {
        let (_, cards) = cards(name);
        let mut seen = std::collections::HashSet::new();
        let mut continued = 0;
        for (n, card) in cards.iter().enumerate() {
            let origins: Vec<&str> = card.blocks.iter().map(|b| b.origin.as_str()).collect();
            for (i, origin) in origins.iter().enumerate() {
                let Some(Some(heading)) = under.get(*origin) else {
                    continue;
                };
                assert!(
                    origins[..i].contains(&heading.as_str()),
                    "{name} card {}: {origin} without its heading {heading}: {origins:?}",
                    n + 1
                );
                if !seen.insert((heading.clone(), n)) {
                    continue;
                }
            }
            // A heading on a second card is marked 续.
            let text = card.scene.text();
            for origin in &origins {
                if origin.contains("(section)") && !seen.insert((origin.to_string(), usize::MAX)) {
                    assert!(text.contains("（续）"), "{name} card {}", n + 1);
                    continued += 1;
                }
            }
        }
        assert!(
            continued > 0,
            "{name}: some section continues on a second card"
        );
        // A grid under no heading (after a divider) is never split: nothing could say what its rest is.
        for (grid, heading) in &under {
            if heading.is_none() {
                let on = cards
                    .iter()
                    .filter(|c| c.blocks.iter().any(|b| &b.origin == grid))
                    .count();
                assert_eq!(on, 1, "{name}: {grid} is on {on} cards");
            }
        }
    }
}

#[test]
fn the_cards_hold_the_report_in_order_with_type_scaled_per_card() {
    let poster = report();
    for name in PLATFORMS {
        let (cards_poster, cards) = cards(name);
        let count = cards.len();
        // The text of the cards without furniture (series title, folio) and repeated headings.
        let mut text = String::new();
        let mut sizes = Vec::new();
        for (n, card) in cards.iter().enumerate() {
            let runs: Vec<_> = card.scene.runs().collect();
            let content = if n == 0 || n + 1 == count {
                &runs[..runs.len() - 1]
            } else {
                &runs[..runs.len() - 2]
            };
            // A heading repeated at the top of a card it continues on (marked 续): its runs (number
            // badge, title lines) are left out.
            let repeated = card.blocks.first().filter(|b| {
                b.origin.contains("(section)")
                    && content.iter().any(|r| r.string().contains("（续）"))
            });
            for run in content {
                let y = run.glyphs.first().map_or(0.0, |g| g.y);
                if repeated.is_some_and(|b| y > b.top - 1.0 && y < b.bottom + 1.0) {
                    continue;
                }
                text.push_str(&run.string());
            }
            if n > 0 && n + 1 < count {
                // The body text's size: that of the longest run in the text colour (a line of a
                // paragraph, where the card has one).
                sizes.push(
                    content
                        .iter()
                        .filter(|r| r.color == cards_poster.theme.palette.text)
                        .max_by_key(|r| r.glyphs.len())
                        .filter(|r| r.glyphs.len() >= 15)
                        .map_or(0.0, |r| r.size),
                );
            }
        }
        // Letters, digits and ideographs only: punctuation is set full-width from the copy's ASCII.
        let text: String = text.chars().filter(|c| c.is_alphanumeric()).collect();
        let mut at = 0;
        for b in &poster.blocks {
            if let BlockKind::Paragraph(p) = &b.kind {
                let want: String = p.text.chars().filter(|c| c.is_alphanumeric()).collect();
                let found = text[at..]
                    .find(&want)
                    .unwrap_or_else(|| panic!("{name}: {} not found whole and in order", b.origin));
                at += found + want.len();
            }
        }
        // Body text: per card between 75 % and 150 % of the page's design, not all the same.
        let body = cards_poster.theme.size.body;
        for s in &sizes {
            if *s > 0.0 {
                assert!(
                    *s >= body * 0.75 - 0.01 && *s <= body * 1.5 + 0.01,
                    "{name}: {s}"
                );
            }
        }
        let (lo, hi) = sizes
            .iter()
            .filter(|s| **s > 0.0)
            .fold((f32::MAX, 0.0f32), |(l, h), s| (l.min(*s), h.max(*s)));
        assert!(
            hi > lo * 1.05,
            "{name}: type is scaled per card ({lo}..{hi})"
        );
    }
}

#[test]
fn a_contact_sheet_shows_every_card_in_order() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("contact-sheet");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut spec = String::from(
        "[page]\npreset = \"weibo\"\noverflow = \"pages\"\n[[blocks]]\ntype = \"headline\"\ntext = \"县乡村三级物流体系基本形成\"\n",
    );
    for n in 1..=4 {
        spec += &format!(
            "[[blocks]]\ntype = \"section\"\nnumber = \"{n}\"\ntitle = \"坚持扩内需稳增长\"\n"
        );
        spec += &"[[blocks]]\ntype = \"paragraph\"\ntext = \"周口市坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。\"\n".repeat(3);
    }
    spec += "[[blocks]]\ntype = \"credit\"\ntext = \"记者 李凤霞 整理\"\n";
    std::fs::write(dir.join("c.toml"), spec).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_yitu"))
        .args([
            "render",
            "c.toml",
            "--out",
            "out",
            "--format",
            "svg",
            "--contact-sheet",
        ])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cards = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .filter(|e| {
            let name = e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .into_owned();
            name.starts_with("c-") && name.ends_with(".svg")
        })
        .count();
    assert!(cards >= 3, "{cards} cards");
    // PNG is not asked for, yet the sheet is a PNG: tiles of 360 × 360 for square cards,
    // 24 px apart, about as many rows as columns.
    let sheet = image::open(dir.join("out/c-contact.png"))
        .unwrap()
        .to_rgb8();
    let columns = ((cards as f32).sqrt().ceil() as u32 + 1).min(cards as u32);
    let rows = (cards as u32).div_ceil(columns);
    assert_eq!(sheet.dimensions(), (24 + columns * 384, 24 + rows * 384));
    // The cover (first tile) and the closing card (last tile) are on the primary colour at their
    // corners, where no text is; the grey between tiles is left as it is.
    let p = yitu::model::load_file(dir.join("c.toml"))
        .unwrap()
        .theme
        .palette
        .primary;
    let primary = image::Rgb([p.r, p.g, p.b]);
    let last = cards as u32 - 1;
    let (lx, ly) = (24 + (last % columns) * 384, 24 + (last / columns) * 384);
    assert_eq!(*sheet.get_pixel(30, 30), primary);
    assert_eq!(*sheet.get_pixel(lx + 6, ly + 6), primary);
    assert_eq!(*sheet.get_pixel(10, 10), image::Rgb([0x5f, 0x5f, 0x5f]));
    // A body card is on the page's background.
    assert_ne!(*sheet.get_pixel(24 + 384 + 6, 30), primary);
}

#[test]
fn the_cards_are_the_same_every_time() {
    for name in PLATFORMS {
        let (_, cards) = cards(name);
        let again = self::cards(name).1;
        assert!(
            cards.len() == again.len() && cards.iter().zip(&again).all(|(a, b)| a.scene == b.scene),
            "{name}: the same cards every time"
        );
    }
}

#[test]
fn a_paragraph_longer_than_a_card_is_split_at_sentences_two_lines_at_least_each_side() {
    let sentence =
        "周口市坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局。";
    let spec = format!(
        "[page]\npreset = \"weibo\"\noverflow = \"pages\"\n\
         [[blocks]]\ntype = \"headline\"\ntext = \"县乡村三级物流体系基本形成\"\n\
         [[blocks]]\ntype = \"section\"\nnumber = \"1\"\ntitle = \"坚持扩内需稳增长\"\n\
         [[blocks]]\ntype = \"paragraph\"\ntext = \"{}\"\n\
         [[blocks]]\ntype = \"credit\"\ntext = \"记者 李凤霞 整理\"\n",
        sentence.repeat(30)
    );
    let poster = yitu::model::load_str(&spec, Path::new("long.toml")).unwrap();
    let cards = layout_pages(&poster).unwrap_or_else(|e| panic!("{e}"));
    // Cover, at least two cards of the paragraph, closing card.
    assert!(cards.len() >= 4, "{} cards", cards.len());
    let body = &cards[1..cards.len() - 1];
    let mut text = String::new();
    for (n, card) in body.iter().enumerate() {
        let origins: Vec<&str> = card.blocks.iter().map(|b| b.origin.as_str()).collect();
        assert_eq!(
            origins,
            ["blocks[1] (section)", "blocks[2] (paragraph)"],
            "card {}",
            n + 2
        );
        let heading = card
            .scene
            .runs()
            .find(|r| r.string().contains("坚持扩内需"))
            .unwrap();
        assert_eq!(heading.string().contains("（续）"), n > 0, "card {}", n + 2);
        // Its lines: runs in the body colour, one a baseline.
        let b = &card.blocks[1];
        let lines: Vec<String> = card
            .scene
            .runs()
            .filter(|r| {
                r.glyphs
                    .first()
                    .is_some_and(|g| g.y > b.top && g.y < b.bottom + 1.0)
            })
            .map(|r| r.string())
            .collect();
        assert!(lines.len() >= 2, "card {}: {lines:?}", n + 2);
        // Each part ends at a sentence end.
        assert!(
            lines.last().unwrap().ends_with('。'),
            "card {}: {lines:?}",
            n + 2
        );
        text.push_str(&lines.concat());
    }
    assert_eq!(text, sentence.repeat(30), "the paragraph, whole and once");
}

/// A QR code at the end of the spec, before the credit, closes the carousel on the closing card with the
/// credit, and the card's PNG decodes back to its URL.
#[test]
fn the_closing_card_carries_the_qr_code() {
    let url = "https://example.org/zhoukou-2023";
    let mut text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("config/zhoukou-2023.toml"),
    )
    .unwrap();
    let credit = text
        .rfind("[[blocks]]\ntype = \"credit\"")
        .expect("the seed ends with a credit");
    text.insert_str(
        credit,
        &format!("[[blocks]]\ntype = \"qr\"\ntext = \"{url}\"\ncaption = \"扫码阅读全文\"\n\n"),
    );
    let spec = yitu::model::load_str(
        &text,
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("config/qr-carousel.toml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let poster = variant(&spec, preset("xiaohongshu").unwrap());
    let cards = layout_pages(&poster).unwrap();
    let last = cards.last().unwrap();
    assert!(on_colour(last, &poster), "the closing card");
    let origins: Vec<&str> = last.blocks.iter().map(|b| b.origin.as_str()).collect();
    assert!(origins.iter().any(|o| o.contains("(qr)")), "{origins:?}");
    assert!(
        origins.iter().any(|o| o.contains("(credit)")),
        "{origins:?}"
    );
    // No other card holds it.
    for card in &cards[..cards.len() - 1] {
        assert!(card.blocks.iter().all(|b| !b.origin.contains("(qr)")));
    }
    let png = yitu::encode("last", last, &yitu::Options::default()).unwrap();
    let png = &png
        .iter()
        .find(|o| o.format == yitu::Format::Png)
        .unwrap()
        .bytes;
    assert_eq!(common::qr::decode_png(png), [url]);
}

#[test]
fn traditional_copy_marks_a_continued_heading_and_table_in_its_own_script() {
    let rows: Vec<String> = (0..40)
        .map(|i| format!("[\"第{}區\", {}]", i + 1, 100 + i))
        .collect();
    let sentence = "政府將繼續推動經濟發展，改善民生，並加強對中小企的支援。";
    let spec = format!(
        "[page]\npreset = \"weibo\"\noverflow = \"pages\"\nlang = \"zh-Hant-HK\"\n\
         [[blocks]]\ntype = \"headline\"\ntext = \"財政預算案重點\"\n\
         [[blocks]]\ntype = \"section\"\nnumber = \"1\"\ntitle = \"穩經濟\"\n\
         [[blocks]]\ntype = \"paragraph\"\ntext = \"{}\"\n\
         [[blocks]]\ntype = \"table\"\ntitle = \"各區撥款\"\nheader = [\"地區\", \"撥款（萬元）\"]\n\
         rows = [{}]\n\
         [[blocks]]\ntype = \"chart\"\nkind = \"column\"\ntitle = \"財政預算\"\n\
         labels = [\"2023年\", \"2024年\"]\nvalues = [1, 2.5]\n",
        sentence.repeat(20),
        rows.join(", ")
    );
    let poster = yitu::model::load_str(&spec, Path::new("hk.toml")).unwrap();
    let cards = layout_pages(&poster).unwrap_or_else(|e| panic!("{e}"));
    let texts: Vec<String> = (cards.iter())
        .map(|c| {
            c.scene
                .runs()
                .map(|r| r.string())
                .collect::<Vec<_>>()
                .join("")
        })
        .collect();
    let all = texts.join("\n");
    assert!(all.contains("穩經濟（續）"), "{all}");
    assert!(all.contains("各區撥款（續）"), "{all}");
    assert!(
        !all.contains("（续）"),
        "a Simplified mark in Traditional copy: {all}"
    );
    // The text sidecar marks a figure in the copy's script too.
    let scenes: Vec<&yitu::scene::Scene> = cards.iter().map(|c| &c.scene).collect();
    let txt = yitu::export::to_txt(&scenes);
    assert!(txt.contains("[圖] ") && !txt.contains("[图]"), "{txt}");
}
