//! `page.overflow = "pages"`: content taller than a fixed page set on as many pages as it takes (a
//! Xiaohongshu carousel, a multi-page print PDF). Checked on the whole work report: nothing lost or
//! doubled, nothing outside a page's margins, headings kept with what follows, the credit on the last
//! page's foot; and through the binary: file names, one PDF of all pages with its print boxes.

use std::path::Path;

use yitu::model::{load_file, load_str, preset::preset, preset::variant, Overflow};
use yitu::{layout_pages, Layout};

mod common;
use common::pdf::{operations, page_box};

fn report() -> yitu::model::Poster {
    load_file(Path::new(env!("CARGO_MANIFEST_DIR")).join("config/zhoukou-2023.toml")).unwrap()
}

/// The report on pages of 1080 × 1440 px of its own (no preset: pages, not a composed carousel).
fn carousel() -> (yitu::model::Poster, Vec<Layout>) {
    let mut cards = report();
    cards.page.height = Some(1440.0);
    let pages = layout_pages(&cards).unwrap_or_else(|e| panic!("{e}"));
    (cards, pages)
}

#[test]
fn the_report_becomes_a_carousel_of_cards_with_every_character_once() {
    let (cards, pages) = carousel();
    assert!(pages.len() > 5, "{} cards", pages.len());
    let mut tall = cards.clone();
    tall.page.height = None;
    let whole = yitu::layout(&tall).unwrap();
    // Each card ends with its folio, `n/N`; the rest is the report.
    let count = pages.len();
    let mut text = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        let mut runs = content_runs(page);
        assert_eq!(runs.len() + 1, page.scene.runs().count());
        let folio = page.scene.runs().last().unwrap().string();
        assert_eq!(
            folio,
            format!("{}/{count}", n + 1),
            "card {}'s folio",
            n + 1
        );
        text.append(&mut runs);
    }
    assert_eq!(
        text.join("\n"),
        whole.scene.text(),
        "the pages hold the report's text, in order, once"
    );
    let items: usize = pages.iter().map(|p| p.scene.items.len()).sum();
    assert_eq!(
        items,
        whole.scene.items.len() + count,
        "every item on exactly one page, and a folio on each"
    );
}

/// The text of a page's runs, its folio (the last run) left out.
fn content_runs(page: &Layout) -> Vec<String> {
    let mut runs: Vec<String> = page.scene.runs().map(|r| r.string()).collect();
    runs.pop();
    runs
}

#[test]
fn every_card_keeps_its_content_inside_the_margins() {
    let (cards, pages) = carousel();
    let m = cards.page.margin;
    for (n, page) in pages.iter().enumerate() {
        assert_eq!((page.scene.width, page.scene.height), (1080.0, 1440.0));
        let runs: Vec<_> = page.scene.runs().collect();
        let (folio, content) = runs.split_last().unwrap();
        assert!(
            folio.glyphs[0].y > 1440.0 - m.bottom && folio.glyphs[0].y < 1440.0,
            "the folio in the bottom margin"
        );
        for run in content {
            for g in &run.glyphs {
                // Page 1's headline sits on its band from the top; every other line keeps the margins.
                let top = if n == 0 { 0.0 } else { m.top };
                assert!(
                    g.y - run.size * 0.9 >= top - 0.5
                        && g.y + run.size * 0.25 <= 1440.0 - m.bottom + 0.5,
                    "card {}: {:?} at baseline {} outside the margins",
                    n + 1,
                    run.string(),
                    g.y
                );
            }
        }
    }
}

#[test]
fn headings_stay_with_what_they_head_and_the_credit_ends_the_last_card() {
    let (cards, pages) = carousel();
    for (n, page) in pages.iter().enumerate() {
        let last = page.blocks.last().expect("a card is never empty");
        assert!(
            !last.origin.contains("(section)") && !last.origin.contains("(headline)"),
            "card {} ends with a heading: {}",
            n + 1,
            last.origin
        );
    }
    let last = pages.last().unwrap();
    let runs: Vec<_> = last.scene.runs().collect();
    let credit = runs[runs.len() - 2];
    assert!(credit.string().contains("记者"), "{}", credit.string());
    let foot = 1440.0 - cards.page.margin.bottom;
    assert!(
        (credit.glyphs[0].y - foot).abs() < credit.size,
        "the credit sits at the foot: baseline {} vs {foot}",
        credit.glyphs[0].y
    );
    assert!(
        last.scene.runs().count() > 2,
        "the credit is not alone on its card (the folio aside)"
    );
}

#[test]
fn a_paragraph_splits_between_lines_leaving_two_on_each_side() {
    let text = "周口市坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局。"
        .repeat(12);
    let spec = format!(
        "[page]\nwidth = 1080\nheight = 900\noverflow = \"pages\"\n[[blocks]]\ntype = \"paragraph\"\ntext = \"{text}\"\n"
    );
    let poster = load_str(&spec, Path::new("long.toml")).unwrap_or_else(|e| panic!("{e}"));
    let pages = layout_pages(&poster).unwrap();
    assert!(pages.len() >= 2, "{} pages", pages.len());
    for (n, page) in pages.iter().enumerate() {
        let lines = page.scene.runs().count() - 1;
        assert!(lines >= 2, "page {} has {lines} line(s)", n + 1);
        let runs: Vec<_> = page.scene.runs().collect();
        let bottom = runs[..runs.len() - 1]
            .iter()
            .map(|r| r.glyphs[0].y)
            .fold(0.0, f32::max);
        assert!(
            bottom <= 900.0 - 64.0,
            "page {}: a line below the margin at {bottom}",
            n + 1
        );
    }
    let all: String = pages
        .iter()
        .map(|p| p.scene.text())
        .collect::<Vec<_>>()
        .join("");
    assert_eq!(
        all.replace('\n', "").chars().filter(|c| *c == '周').count(),
        12
    );
}

#[test]
fn without_overflow_pages_a_long_poster_on_a_fixed_page_is_still_an_error() {
    let plain = load_str("[[blocks]]\ntype = \"divider\"\n", Path::new("d.toml")).unwrap();
    assert_eq!(plain.page.overflow, Overflow::Error, "the default");
    let mut report = report();
    assert_eq!(
        report.page.overflow,
        Overflow::Pages,
        "the seed poster asks for pages"
    );
    report.page.overflow = Overflow::Error;
    let cards = variant(&report, preset("xiaohongshu").unwrap());
    let err = layout_pages(&cards).unwrap_err();
    assert!(err.needed > err.height);
}

#[test]
fn a_chart_taller_than_a_page_cannot_be_split() {
    let spec = "[page]\nwidth = 1080\nheight = 600\noverflow = \"pages\"\n\
        [[blocks]]\ntype = \"paragraph\"\ntext = \"一段文字。\"\n\
        [[blocks]]\ntype = \"chart\"\nkind = \"column\"\nheight = 900\nlabels = [\"甲\", \"乙\"]\nvalues = [1, 2]\n";
    let poster = load_str(spec, Path::new("tall-chart.toml")).unwrap();
    let err = layout_pages(&poster).unwrap_err();
    assert!(err.needed > 900.0 && err.height == 600.0, "{err:?}");
}

#[test]
fn overflow_takes_error_or_pages() {
    let spec = "[page]\nheight = 900\noverflow = \"page\"\n[[blocks]]\ntype = \"divider\"\n";
    let err = load_str(spec, Path::new("o.toml")).unwrap_err().to_string();
    assert!(
        err.contains("o.toml:3:12: page.overflow: expected \"error\" or \"pages\", found \"page\""),
        "{err}"
    );
    assert!(err.contains("did you mean `pages`"), "{err}");
}

#[test]
fn the_binary_writes_numbered_cards_and_one_print_pdf_of_every_page() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("pages-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let text = "周口市坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局。"
        .repeat(40);
    std::fs::write(
        dir.join("long.toml"),
        format!(
            "[page]\noverflow = \"pages\"\nvariants = [\"xiaohongshu\", \"a4\"]\n\
             [[blocks]]\ntype = \"headline\"\ntext = \"周口\"\n\
             [[blocks]]\ntype = \"paragraph\"\ntext = \"{text}\"\n"
        ),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_yitu"))
        .current_dir(&dir)
        .args(["render", "long.toml", "--out", "out", "--format", "png,pdf"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files: Vec<String> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let cards = files
        .iter()
        .filter(|f| f.starts_with("long.xiaohongshu-") && f.ends_with(".png"))
        .count();
    assert!(cards >= 2, "{files:?}");
    assert!(
        files.contains(&"long.xiaohongshu-01.png".to_string()),
        "{files:?}"
    );
    assert!(
        !files.contains(&"long.xiaohongshu.png".to_string()),
        "{files:?}"
    );
    assert!(
        files.contains(&"long.png".to_string()),
        "the phone page grows: {files:?}"
    );
    let img = image::open(dir.join("out/long.xiaohongshu-02.png")).unwrap();
    assert_eq!((img.width(), img.height()), (1080, 1440));

    let pdf = lopdf::Document::load(dir.join("out/long.a4.pdf")).unwrap();
    let pages = pdf.get_pages();
    let a4_pngs = files.iter().filter(|f| f.starts_with("long.a4-")).count();
    assert!(
        pages.len() >= 2 && pages.len() == a4_pngs,
        "{} PDF pages, {a4_pngs} PNGs",
        pages.len()
    );
    for &page in pages.values() {
        let trim = page_box(&pdf, page, "TrimBox").expect("every page has its TrimBox");
        assert!((trim[2] - trim[0] - 210.0 / 25.4 * 72.0).abs() < 0.01);
        assert!(!operations(&pdf, page).is_empty());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Top and bottom of the em boxes a run's glyphs are drawn in (CJK faces draw an ideograph within the
/// em from 0.88 above the baseline to 0.12 below it): what a safe area must not reach into.
fn ink(run: &yitu::scene::GlyphRun) -> (f32, f32) {
    let top = run.glyphs.iter().map(|g| g.y).fold(f32::MAX, f32::min);
    let bottom = run.glyphs.iter().map(|g| g.y).fold(f32::MIN, f32::max);
    (top - 0.88 * run.size, bottom + 0.12 * run.size)
}

#[test]
fn furniture_stays_out_of_every_presets_safe_areas() {
    let report = report();
    for p in yitu::model::preset::PRESETS {
        let cards = variant(&report, p);
        let Some(height) = cards.page.height else {
            continue;
        };
        let pages = layout_pages(&cards).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        assert!(pages.len() > 1, "{}: a carousel", p.name);
        let (safe_top, safe_bottom) = (height * p.safe.top, height * (1.0 - p.safe.bottom));
        // WeChat's cover keeps text in the central square.
        let (left, right) = if p.safe.central_square {
            let side = (cards.page.width - height) / 2.0;
            (side, cards.page.width - side)
        } else {
            (0.0, cards.page.width)
        };
        for (n, page) in pages.iter().enumerate() {
            let runs: Vec<_> = page.scene.runs().collect();
            let (folio, content) = runs.split_last().unwrap();
            assert_eq!(folio.string(), format!("{}/{}", n + 1, pages.len()));
            let at = format!("{} card {}", p.name, n + 1);
            for run in &runs {
                let (top, bottom) = ink(run);
                let (l, r) = run.extent();
                assert!(
                    top >= safe_top - 0.5 && bottom <= safe_bottom + 0.5,
                    "{at}: {:?} from {top} to {bottom}, outside {safe_top}..{safe_bottom}",
                    run.string()
                );
                assert!(
                    l >= left - 0.5 && r <= right + 0.5,
                    "{at}: {:?} from x {l} to {r}, outside {left}..{right}",
                    run.string()
                );
            }
            // The folio is below all the content, never on it.
            let lowest = content.iter().map(|r| ink(r).1).fold(0.0, f32::max);
            assert!(
                ink(folio).0 >= lowest - 0.5,
                "{at}: the folio at {} overlaps content ending at {lowest}",
                ink(folio).0
            );
        }
    }
}
