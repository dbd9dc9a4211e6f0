//! Size presets and variants: the sizes, the safe areas, and what happens when a graphic is re-laid for
//! another platform (it adapts, or says it cannot fit).

use std::path::Path;

use yitu::model::preset::{preset, variant, PRESETS};
use yitu::model::{load_file, load_str};
use yitu::render_poster;

fn spec(toml: &str) -> yitu::model::Poster {
    load_str(toml, Path::new("p.toml")).unwrap_or_else(|e| panic!("{e}"))
}

const CARD: &str = "[[blocks]]\ntype = \"headline\"\ntext = \"县乡村三级物流体系基本形成\"\n[[blocks]]\ntype = \"stat\"\nlabel = \"建成村点\"\nvalue = 2217\nunit = \"个\"\n";

#[test]
fn each_preset_gives_its_pixel_size() {
    for (name, w, h) in [
        ("wechat-cover", 900.0, Some(383.0)),
        ("phone", 1080.0, None),
        ("weibo", 1080.0, Some(1080.0)),
        ("xiaohongshu", 1080.0, Some(1440.0)),
        ("douyin", 1080.0, Some(1920.0)),
        ("instagram", 1080.0, Some(1080.0)),
        ("instagram-portrait", 1080.0, Some(1350.0)),
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
    assert_eq!(PRESETS.len(), 12);
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
    // A variant the content cannot fit: an error at that variant, and nothing written.
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
        stderr.contains("long.toml:2:12")
            && stderr.contains("page.variants[1]")
            && stderr.contains("`wechat-cover` variant"),
        "{stderr}"
    );
    assert!(!dir.join("out/long.png").exists() && !dir.join("out/long.phone.png").exists());
}

#[test]
fn a_print_variant_has_its_paper_size_in_the_pdf_and_its_dpi_in_the_png() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("print-variant");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("card.toml"),
        format!("[page]\npreset = \"weibo\"\nvariants = [\"a4\"]\n{CARD}"),
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
    let page = pdf.get_pages().values().next().copied().unwrap();
    let media = pdf
        .get_object(page)
        .unwrap()
        .as_dict()
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let size: Vec<f32> = media
        .iter()
        .map(|v| v.as_float().unwrap_or_else(|_| v.as_i64().unwrap() as f32))
        .collect();
    // A4 is 595.28 × 841.89 pt; whole pixels at 300 dpi land within a tenth of a point.
    assert!(
        (size[2] - 595.28).abs() < 0.2 && (size[3] - 841.89).abs() < 0.2,
        "{size:?}"
    );
    let png = std::fs::read(dir.join("out/card.a4.png")).unwrap();
    let at = png
        .windows(4)
        .position(|w| w == b"pHYs")
        .expect("a pHYs chunk");
    let ppm = u32::from_be_bytes(png[at + 4..at + 8].try_into().unwrap());
    assert_eq!((ppm as f32 * 0.0254).round(), 300.0);
}
