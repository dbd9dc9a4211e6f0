//! Size presets and variants: the sizes, the safe areas, and what happens when a graphic is re-laid for
//! another platform (it adapts, or says it cannot fit). Also print pages: sizes in mm, cm or inches at a
//! dpi, and their bleed and crop marks, on the page and on print variants.

use std::path::Path;

use yitu::model::preset::{preset, variant, PRESETS};
use yitu::model::{load_file, load_str, Prepress, SizeMm};
use yitu::render_poster;

fn spec(toml: &str) -> yitu::model::Poster {
    load_str(toml, Path::new("p.toml")).unwrap_or_else(|e| panic!("{e}"))
}

const CARD: &str = "[[blocks]]\ntype = \"headline\"\ntext = \"县乡村三级物流体系基本形成\"\n[[blocks]]\ntype = \"stat\"\nlabel = \"建成村点\"\nvalue = 2217\nunit = \"个\"\n";

#[test]
fn each_preset_gives_its_pixel_size() {
    for (name, w, h) in [
        ("wechat-cover", 900.0, Some(383.0)),
        ("wechat-article", 1080.0, None),
        ("phone", 1080.0, None),
        ("weibo", 1080.0, Some(1080.0)),
        ("xiaohongshu", 1080.0, Some(1440.0)),
        ("douyin", 1080.0, Some(1920.0)),
        ("instagram", 1080.0, Some(1080.0)),
        ("instagram-portrait", 1080.0, Some(1350.0)),
        ("instagram-story", 1080.0, Some(1920.0)),
        ("x", 1600.0, Some(900.0)),
        ("a4", 2480.0, Some(3508.0)),
        ("a4-landscape", 3508.0, Some(2480.0)),
        ("a3", 3508.0, Some(4961.0)),
        ("a3-landscape", 4961.0, Some(3508.0)),
    ] {
        let p = spec(&format!("[page]\npreset = \"{name}\"\n{CARD}"));
        assert_eq!((p.page.width, p.page.height), (w, h), "{name}");
        let layout = render_poster(&p);
        if let Ok(layout) = layout {
            assert_eq!(layout.scene.width, w, "{name}");
            if let Some(h) = h {
                assert_eq!(layout.scene.height, h, "{name}");
            }
        }
    }
    assert_eq!(PRESETS.len(), 14);
}

#[test]
fn print_presets_follow_the_dpi() {
    let p = spec(&format!("[page]\npreset = \"a4\"\ndpi = 150\n{CARD}"));
    assert_eq!((p.page.width, p.page.height), (1240.0, Some(1754.0)));
    assert_eq!(p.page.dpi, 150.0);
    // Type scales with the page: the body size at A4 300 dpi is 2480/1080 of the default.
    let a4 = spec(&format!("[page]\npreset = \"a4\"\n{CARD}"));
    let base = spec(CARD);
    let ratio = a4.theme.size.body / base.theme.size.body;
    assert!((ratio - 2480.0 / 1080.0).abs() < 0.01, "{ratio}");
}

#[test]
fn safe_areas_keep_text_out() {
    let story = spec(&format!("[page]\npreset = \"douyin\"\n{CARD}"));
    assert!(story.page.margin.top >= 1920.0 * 0.15 && story.page.margin.bottom >= 1920.0 * 0.15);
    let layout = render_poster(&story).unwrap();
    for run in layout.scene.runs() {
        let y = run.text[0].y;
        assert!(
            y > 1920.0 * 0.15 && y < 1920.0 * 0.85,
            "{:?} at {y} is in Douyin's covered band",
            run.string()
        );
    }
    let cover = spec("[page]\npreset = \"wechat-cover\"\n[[blocks]]\ntype = \"headline\"\ntext = \"县乡村三级物流体系基本形成\"\n");
    let layout = render_poster(&cover).unwrap();
    let square = (900.0 - 383.0) / 2.0;
    for run in layout.scene.runs() {
        let (l, r) = run.extent();
        assert!(
            l >= square - 0.5 && r <= 900.0 - square + 0.5,
            "{:?} spans {l}..{r}, outside the central square",
            run.string()
        );
    }
}

#[test]
fn unknown_presets_and_conflicts_are_errors() {
    let e = load_str(
        "[page]\npreset = \"weibo2\"\n[[blocks]]\ntype = \"divider\"\n",
        Path::new("p.toml"),
    )
    .unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("p.toml:2:10: page.preset") && text.contains("did you mean `weibo`"),
        "{text}"
    );
    let e = load_str(
        "[page]\npreset = \"weibo\"\nwidth = 800\n[[blocks]]\ntype = \"divider\"\n",
        Path::new("p.toml"),
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("page.width: expected either `preset` or `width`, found both"),
        "{e}"
    );
    let e = load_str(
        "[page]\nvariants = [\"weibo\", \"douyn\"]\n[[blocks]]\ntype = \"divider\"\n",
        Path::new("p.toml"),
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("page.variants[1]")
            && e.to_string().contains("did you mean `douyin`"),
        "{e}"
    );
}

#[test]
fn variants_adapt_or_say_they_cannot_fit() {
    let seed =
        load_file(Path::new(env!("CARGO_MANIFEST_DIR")).join("config/social-card.toml")).unwrap();
    // The square card carries over to a 3:4 and a 9:16 card.
    for name in ["xiaohongshu", "douyin", "instagram-portrait", "a4"] {
        let v = variant(&seed, preset(name).unwrap());
        let layout = render_poster(&v).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(layout.scene.width, v.page.width);
    }
    // The whole work report cannot go on a WeChat cover: an error, not a clipped picture.
    let report =
        load_file(Path::new(env!("CARGO_MANIFEST_DIR")).join("config/zhoukou-2023.toml")).unwrap();
    let err = render_poster(&variant(&report, preset("wechat-cover").unwrap())).unwrap_err();
    assert!(err.needed > err.height && err.height == 383.0);
}

fn run(dir: &Path, spec: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_yitu"))
        .args([
            "render",
            dir.join(spec).to_str().unwrap(),
            "--out",
            dir.join("out").to_str().unwrap(),
            "--format",
            "png",
        ])
        .output()
        .unwrap()
}

#[test]
fn variants_are_written_as_name_preset_ext() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("variants");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("card.toml"),
        format!(
            "[page]\npreset = \"weibo\"\nvariants = [\"xiaohongshu\", \"douyin\", \"x\"]\n{CARD}"
        ),
    )
    .unwrap();
    let out = run(&dir, "card.toml");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (file, w, h) in [
        ("card.png", 1080, 1080),
        ("card.xiaohongshu.png", 1080, 1440),
        ("card.douyin.png", 1080, 1920),
        ("card.x.png", 1600, 900),
    ] {
        let img = image::open(dir.join("out").join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!((img.width(), img.height()), (w, h), "{file}");
    }
    // A variant the content cannot fit even set smaller: an error at that variant naming the block
    // past the page, and the other graphics (the spec's own page, the `phone` variant) still written.
    let long = "[[blocks]]\ntype = \"paragraph\"\ntext = \"周口市坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。\"\n".repeat(10);
    std::fs::write(
        dir.join("long.toml"),
        format!("[page]\nvariants = [\"phone\", \"wechat-cover\"]\n{long}"),
    )
    .unwrap();
    let out = run(&dir, "long.toml");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("long.toml:2:22")
            && stderr.contains("page.variants[1]")
            && stderr.contains("`wechat-cover` variant")
            && stderr.contains("75 % of the design")
            && stderr.contains("(paragraph) ends"),
        "{stderr}"
    );
    assert!(dir.join("out/long.png").exists() && dir.join("out/long.phone.png").exists());
    assert!(!dir.join("out/long.wechat-cover.png").exists());
    // stdout lists what was written, for scripts.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("long.phone.png"), "{stdout}");
}

/// The body text's size in a layout: the size of the glyph run drawing `text`'s first characters.
fn size_of(layout: &yitu::Layout, text: &str) -> f32 {
    let start: String = text.chars().take(4).collect();
    layout
        .scene
        .items
        .iter()
        .find_map(|item| match item {
            yitu::scene::Item::Glyphs(run) => {
                let drawn: String = run.text.iter().map(|t| t.text.as_str()).collect();
                drawn.starts_with(&start).then_some(run.size)
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no run draws {text}"))
}

const SENTENCE: &str = "周口市坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。";

/// A spec of a headline and `n` paragraphs on `page` (TOML lines of `[page]`).
fn paragraphs(page: &str, n: usize) -> yitu::model::Poster {
    let body = format!("[[blocks]]\ntype = \"paragraph\"\ntext = \"{SENTENCE}\"\n").repeat(n);
    spec(&format!(
        "[page]\n{page}\n[[blocks]]\ntype = \"headline\"\ntext = \"县乡村三级物流体系基本形成\"\n{body}"
    ))
}

#[test]
fn content_a_little_too_tall_for_a_preset_is_set_smaller() {
    // The fewest paragraphs the weibo square cannot hold at the design's size…
    let n = (1..40)
        .find(|&n| render_poster(&paragraphs("preset = \"weibo\"\nfit = \"none\"", n)).is_err())
        .expect("some number of paragraphs overflows");
    let err = render_poster(&paragraphs("preset = \"weibo\"\nfit = \"none\"", n)).unwrap_err();
    assert_eq!((err.scale, err.height), (1.0, 1080.0));
    assert!(err.needed > 1080.0 && err.needed < 1080.0 * 1.25, "{err:?}");
    // …renders on it with `fit = "shrink"`, the default for a preset: smaller type, every block inside
    // the content area.
    let poster = paragraphs("preset = \"weibo\"", n);
    let layout = render_poster(&poster).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(layout.scene.height, 1080.0);
    let body = size_of(&layout, SENTENCE);
    let design = poster.theme.size.body;
    assert!(
        body < design && body >= design * 0.75 - 0.01,
        "body {body}, design {design}"
    );
    let bottom = layout.blocks.iter().map(|b| b.bottom).fold(0.0, f32::max);
    assert!(
        bottom <= 1080.0 - poster.page.margin.bottom + 0.5,
        "{bottom}"
    );
    // The largest size that fits: a hundredth of the design more would not.
    let headline = size_of(&layout, "县乡村三级");
    assert!(headline < poster.theme.size.headline);
    // The page's own pixels (no preset) keep the design unless the page asks to shrink.
    assert!(render_poster(&paragraphs("height = 1080", n)).is_err());
    let asked = render_poster(&paragraphs("height = 1080\nfit = \"shrink\"", n)).unwrap();
    assert!(size_of(&asked, SENTENCE) < design);
}

#[test]
fn content_far_too_tall_fails_naming_the_block_and_by_how_much() {
    let poster = paragraphs("preset = \"weibo\"", 30);
    let err = render_poster(&poster).unwrap_err();
    assert_eq!(err.scale, 0.75);
    let (block, over) = err.block.clone().expect("a block is named");
    // The first paragraph past the page, at the floor's sizes: reaching below the content area.
    assert!(
        block.starts_with("blocks[") && block.ends_with("(paragraph)"),
        "{block}"
    );
    assert!(
        over > 0.0 && over < err.needed - 1080.0 + poster.page.margin.bottom + 1.0,
        "{err:?}"
    );
    // On a WeChat cover the whole report fails at the floor, naming a block.
    let report =
        load_file(Path::new(env!("CARGO_MANIFEST_DIR")).join("config/zhoukou-2023.toml")).unwrap();
    let err = render_poster(&variant(&report, preset("wechat-cover").unwrap())).unwrap_err();
    assert!(err.block.is_some(), "{err:?}");
}

#[test]
fn fit_takes_shrink_or_none() {
    let e = load_str(
        "[page]\npreset = \"weibo\"\nfit = \"shrunk\"\n[[blocks]]\ntype = \"divider\"\n",
        Path::new("p.toml"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("p.toml:3:7: page.fit: expected \"shrink\" or \"none\", found \"shrunk\""),
        "{e}"
    );
}

/// The width and height in points of the page box `name` (`TrimBox`, `BleedBox`) of a one-page PDF.
fn pdf_box(pdf: &lopdf::Document, name: &[u8]) -> (f32, f32) {
    let page = pdf.get_pages().values().next().copied().unwrap();
    let dict = pdf.get_object(page).unwrap().as_dict().unwrap();
    let found = dict
        .get(name)
        .unwrap_or_else(|_| panic!("no {} in {dict:?}", String::from_utf8_lossy(name)));
    let v: Vec<f32> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_float().unwrap_or_else(|_| v.as_i64().unwrap() as f32))
        .collect();
    (v[2] - v[0], v[3] - v[1])
}

#[test]
fn a_print_variant_has_its_paper_size_in_the_pdf_and_its_dpi_in_the_png() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("print-variant");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("card.toml"),
        format!("[page]\npreset = \"weibo\"\nvariants = [\"a4\"]\nbleed = 5\n{CARD}"),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_yitu"))
        .args([
            "render",
            dir.join("card.toml").to_str().unwrap(),
            "--out",
            dir.join("out").to_str().unwrap(),
            "--format",
            "pdf,png",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = lopdf::Document::load(dir.join("out/card.a4.pdf")).unwrap();
    // A4 is 595.28 × 841.89 pt, trimmed; the spec's 5 mm of bleed (14.17 pt) on every side.
    let (w, h) = pdf_box(&pdf, b"TrimBox");
    assert!(
        (w - 595.28).abs() < 0.2 && (h - 841.89).abs() < 0.2,
        "{w} × {h}"
    );
    let (bw, bh) = pdf_box(&pdf, b"BleedBox");
    let bleed = 2.0 * 5.0 * 72.0 / 25.4;
    assert!(
        (bw - w - bleed).abs() < 0.2 && (bh - h - bleed).abs() < 0.2,
        "{bw} × {bh}"
    );
    let png = std::fs::read(dir.join("out/card.a4.png")).unwrap();
    let at = png
        .windows(4)
        .position(|w| w == b"pHYs")
        .expect("a pHYs chunk");
    let ppm = u32::from_be_bytes(png[at + 4..at + 8].try_into().unwrap());
    assert_eq!((ppm as f32 * 0.0254).round(), 300.0);
}

#[test]
fn a_page_in_mm_is_whole_pixels_at_its_dpi() {
    let p = spec(&format!(
        "[page]\nwidth = \"250mm\"\nheight = \"353mm\"\ndpi = 150\n{CARD}"
    ));
    // 250 / 25.4 × 150 = 1476.4, 353 / 25.4 × 150 = 2084.6
    assert_eq!((p.page.width, p.page.height), (1476.0, Some(2085.0)));
    assert_eq!(
        p.page.size_mm,
        Some(SizeMm {
            width: 250.0,
            height: Some(353.0)
        })
    );
    assert_eq!((p.page.dpi, p.page.preset), (150.0, None));
    let layout = render_poster(&p).unwrap();
    assert_eq!((layout.scene.width, layout.scene.height), (1476.0, 2085.0));
    // At the default 300 dpi.
    let p = spec(&format!(
        "[page]\nwidth = \"250mm\"\nheight = \"353mm\"\n{CARD}"
    ));
    assert_eq!((p.page.width, p.page.height), (2953.0, Some(4169.0)));
    assert_eq!(p.page.dpi, 300.0);
}

#[test]
fn a_page_in_mm_is_scaled_like_a_print_preset() {
    let base = spec(CARD);
    let mm = spec(&format!(
        "[page]\nwidth = \"250mm\"\nheight = \"353mm\"\ndpi = 150\nmargin = 50\n{CARD}"
    ));
    // Designed for 1080 px, laid out on 1476: type and margins grow by the ratio of the shorter sides.
    let ratio = mm.theme.size.body / base.theme.size.body;
    assert!((ratio - 1476.0 / 1080.0).abs() < 0.001, "{ratio}");
    assert!((mm.page.margin.left - 50.0 * 1476.0 / 1080.0).abs() < 0.01);
    // The same page as the A4 preset is the A4 preset's design, only without the preset's name.
    let a4 = spec(&format!("[page]\npreset = \"a4\"\n{CARD}"));
    let same = spec(&format!(
        "[page]\nwidth = \"210mm\"\nheight = \"297mm\"\n{CARD}"
    ));
    assert_eq!((same.page.width, same.page.height), (2480.0, Some(3508.0)));
    assert_eq!(same.theme, a4.theme);
    assert_eq!(same.page.margin, a4.page.margin);
    assert_eq!(same.page.size_mm, a4.page.size_mm);
}

#[test]
fn centimetres_and_inches_are_millimetres_too() {
    let mm = spec(&format!(
        "[page]\nwidth = \"250mm\"\nheight = \"353mm\"\n{CARD}"
    ));
    let cm = spec(&format!(
        "[page]\nwidth = \"25cm\"\nheight = \"35.3cm\"\n{CARD}"
    ));
    assert_eq!(cm, mm);
    let inches = spec(&format!(
        "[page]\nwidth = \"10in\"\nheight = \"12.5in\"\ndpi = 200\n{CARD}"
    ));
    assert_eq!(
        (inches.page.width, inches.page.height),
        (2000.0, Some(2500.0))
    );
    assert_eq!(
        inches.page.size_mm,
        Some(SizeMm {
            width: 254.0,
            height: Some(317.5)
        })
    );
}

#[test]
fn a_page_in_mm_may_grow_with_its_content() {
    let p = spec(&format!(
        "[page]\nwidth = \"90.5mm\"\nheight = \"auto\"\n{CARD}"
    ));
    // 90.5 / 25.4 × 300 = 1068.9
    assert_eq!((p.page.width, p.page.height), (1069.0, None));
    assert_eq!(
        p.page.size_mm,
        Some(SizeMm {
            width: 90.5,
            height: None
        })
    );
    assert_eq!(p.page.dpi, 300.0);
    let layout = render_poster(&p).unwrap();
    assert_eq!(layout.scene.width, 1069.0);
    // No height at all is "auto" too.
    let q = spec(&format!("[page]\nwidth = \"90.5mm\"\n{CARD}"));
    assert_eq!(q, p);
}

#[test]
fn a_print_presets_dpi_below_screen_resolution_sizes_its_pixels() {
    // 72 dpi is a coarse print page, not a screen one: A4 is 595 × 842 px at 72 per inch.
    let p = spec(&format!("[page]\npreset = \"a4\"\ndpi = 72\n{CARD}"));
    assert_eq!((p.page.width, p.page.height), (595.0, Some(842.0)));
    assert_eq!(p.page.dpi, 72.0);
}

#[test]
fn bleed_and_crop_marks_default_to_3_mm_and_marks() {
    let a4 = spec(&format!("[page]\npreset = \"a4\"\n{CARD}"));
    assert_eq!(
        a4.page.prepress,
        Prepress {
            bleed_mm: 3.0,
            crop_marks: true
        }
    );
    let set = spec(&format!(
        "[page]\nwidth = \"250mm\"\nheight = \"353mm\"\nbleed = 5\ncrop_marks = false\n{CARD}"
    ));
    assert_eq!(
        set.page.prepress,
        Prepress {
            bleed_mm: 5.0,
            crop_marks: false
        }
    );
    let none = spec(&format!("[page]\npreset = \"a3\"\nbleed = 0\n{CARD}"));
    assert_eq!(
        none.page.prepress,
        Prepress {
            bleed_mm: 0.0,
            crop_marks: true
        }
    );
    let half = spec(&format!("[page]\npreset = \"a3\"\nbleed = 2.5\n{CARD}"));
    assert_eq!(half.page.prepress.bleed_mm, 2.5);
}

#[test]
fn a_print_variant_of_a_screen_spec_keeps_its_bleed_crop_marks_and_dpi() {
    let card = spec(&format!(
        "[page]\npreset = \"weibo\"\nvariants = [\"a4\", \"xiaohongshu\"]\nbleed = 5\ncrop_marks = false\ndpi = 150\n{CARD}"
    ));
    // The screen page itself is no print page.
    assert_eq!((card.page.size_mm, card.page.dpi), (None, 96.0));
    let a4 = variant(&card, preset("a4").unwrap());
    assert_eq!(
        a4.page.prepress,
        Prepress {
            bleed_mm: 5.0,
            crop_marks: false
        }
    );
    assert_eq!(a4.page.dpi, 150.0);
    assert_eq!((a4.page.width, a4.page.height), (1240.0, Some(1754.0)));
    assert_eq!(
        a4.page.size_mm,
        Some(SizeMm {
            width: 210.0,
            height: Some(297.0)
        })
    );
    let screen = variant(&card, preset("xiaohongshu").unwrap());
    assert_eq!((screen.page.size_mm, screen.page.dpi), (None, 96.0));
    // Without the keys, a print variant gets the defaults, at 300 dpi.
    let plain = spec(&format!(
        "[page]\npreset = \"weibo\"\nvariants = [\"a3\"]\n{CARD}"
    ));
    let a3 = variant(&plain, preset("a3").unwrap());
    assert_eq!(a3.page.prepress, Prepress::default());
    assert_eq!((a3.page.width, a3.page.dpi), (3508.0, 300.0));
}

#[test]
fn a_page_in_mm_has_screen_and_print_variants() {
    let poster = spec(&format!(
        "[page]\nwidth = \"250mm\"\nheight = \"353mm\"\ndpi = 150\nbleed = 4\nvariants = [\"weibo\", \"a3\"]\n{CARD}"
    ));
    assert_eq!(poster.variants, ["weibo", "a3"]);
    let weibo = variant(&poster, preset("weibo").unwrap());
    assert_eq!(
        (weibo.page.width, weibo.page.height),
        (1080.0, Some(1080.0))
    );
    assert_eq!((weibo.page.size_mm, weibo.page.dpi), (None, 96.0));
    // The weibo variant of the mm page has the design of a weibo spec: re-laying is by ratios.
    let direct = spec(&format!("[page]\npreset = \"weibo\"\n{CARD}"));
    let ratio = weibo.theme.size.body / direct.theme.size.body;
    assert!((ratio - 1.0).abs() < 0.001, "{ratio}");
    let a3 = variant(&poster, preset("a3").unwrap());
    assert_eq!((a3.page.width, a3.page.dpi), (1754.0, 150.0));
    assert_eq!(a3.page.prepress.bleed_mm, 4.0);
}

#[test]
fn a_variant_is_scaled_from_the_design_not_from_an_already_scaled_page() {
    let blocks = "[[blocks]]\ntype = \"headline\"\ntext = \"周口\"\n";
    let on_a4 = load_str(
        &format!("[page]\npreset = \"a4\"\nvariants = [\"weibo\"]\n{blocks}"),
        Path::new("a4.toml"),
    )
    .unwrap();
    let on_screen = load_str(
        &format!("[page]\nwidth = 1080\n{blocks}"),
        Path::new("s.toml"),
    )
    .unwrap();
    // A4 at 300 dpi: the 1080-px design ×2.3.
    assert!((on_a4.theme.size.body / on_screen.theme.size.body - 2480.0 / 1080.0).abs() < 1e-3);
    let weibo = preset("weibo").unwrap();
    let from_a4 = variant(&on_a4, weibo);
    let from_screen = variant(&on_screen, weibo);
    assert!(
        (from_a4.theme.size.body - from_screen.theme.size.body).abs() < 1e-3,
        "the Weibo card of an A4 spec sets body text at {} px, of a 1080-px spec at {} px",
        from_a4.theme.size.body,
        from_screen.theme.size.body
    );
    assert!((from_a4.page.margin.left - from_screen.page.margin.left).abs() < 1e-3);
}

/// Every number of an item's geometry: positions, sizes, radii, stroke widths, glyph sizes.
fn geometry(item: &yitu::scene::Item) -> (&'static str, Vec<f32>) {
    use yitu::scene::{Item, PathOp};
    match item {
        Item::Rect {
            x,
            y,
            width,
            height,
            radius,
            ..
        } => ("rect", vec![*x, *y, *width, *height, *radius]),
        Item::Circle { cx, cy, r, .. } => ("circle", vec![*cx, *cy, *r]),
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            ..
        } => ("line", vec![*x1, *y1, *x2, *y2, *width]),
        Item::Glyphs(run) => {
            let mut v = vec![run.size];
            v.extend(run.glyphs.iter().flat_map(|g| [g.x, g.y]));
            ("glyphs", v)
        }
        Item::Path(path) => {
            let mut v: Vec<f32> = path.stroke.map(|s| s.width).into_iter().collect();
            for op in &path.ops {
                match *op {
                    PathOp::Move(x, y) | PathOp::Line(x, y) => v.extend([x, y]),
                    PathOp::Cubic(a, b, c, d, e, f) => v.extend([a, b, c, d, e, f]),
                    PathOp::Close => {}
                }
            }
            ("path", v)
        }
        Item::Image(image) => {
            let mut v = vec![image.x, image.y, image.width, image.height, image.radius];
            v.extend(image.place);
            ("image", v)
        }
    }
}

#[test]
fn a3_at_300_dpi_is_the_1080_px_design_scaled_item_for_item() {
    use yitu::model::preset::{relay, Target};
    let design = spec(
        r#"[page]
[[blocks]]
type = "headline"
text = "县乡村三级物流体系基本形成"
[[blocks]]
type = "section"
level = 1
title = "展望：2023年工作总体要求"
[[blocks]]
type = "stats"
columns = 3
items = [
  { label = "新增返乡创业", value = 1.2, unit = "万人", qualifier = "以上" },
  { label = "新增技能人才", value = 18.5, unit = "万人" },
  { label = "筹建人才房", value = 1680, unit = "套" },
]
[[blocks]]
type = "chart"
kind = "ring"
labels = ["城镇化率"]
values = [52.3]
unit = "%"
max = 100
[[blocks]]
type = "divider"
[[blocks]]
type = "chart"
kind = "donut"
labels = ["一产", "二产", "三产"]
values = [18, 36, 46]
unit = "%"
[[blocks]]
type = "credit"
text = "来源：周口市人民政府"
"#,
    );
    let a3 = preset("a3").unwrap();
    let print = relay(&design, &a3.target(300.0));
    // The same page at the design's width: A3 at the dpi that makes it 1080 px wide.
    let dpi = 1080.0 / (297.0 / 25.4);
    let screen = relay(
        &design,
        &Target {
            width: 1080.0,
            height: Some(420.0 / 25.4 * dpi),
            dpi,
            ..a3.target(dpi)
        },
    );
    let (small, large) = (
        render_poster(&screen).unwrap_or_else(|e| panic!("{e:?}")),
        render_poster(&print).unwrap_or_else(|e| panic!("{e}")),
    );
    let ratio = print.page.width / screen.page.width;
    assert!((ratio - 3508.0 / 1080.0).abs() < 1e-4, "{ratio}");
    assert_eq!(small.scene.items.len(), large.scene.items.len());
    let mut kinds = std::collections::BTreeSet::new();
    for (i, (a, b)) in small.scene.items.iter().zip(&large.scene.items).enumerate() {
        let ((kind_a, a), (kind_b, b)) = (geometry(a), geometry(b));
        assert_eq!((kind_a, a.len()), (kind_b, b.len()), "item {i}");
        kinds.insert(kind_a);
        for (j, (a, b)) in a.iter().zip(&b).enumerate() {
            // Within a pixel and a half at A3 (plotters draws on an eighth-pixel grid, the page's
            // height is whole pixels).
            assert!(
                (a * ratio - b).abs() <= 1.5 + b.abs() * 0.002,
                "item {i} ({kind_a}), number {j}: {a} at 1080 px × {ratio} is {}, found {b} on A3",
                a * ratio
            );
        }
    }
    // Every kind of item was compared: the stat cards' tabs (rects), rules (lines), the ring (paths),
    // the donut's hole (a circle), text.
    assert_eq!(kinds.len(), 5, "{kinds:?}");
}
