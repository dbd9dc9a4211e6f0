//! The font system from a user's side: a name with a character of CJK Extension B drawn from the
//! rare-character face (layout, PNG ink, PDF text and embedded fonts) and an error without that face; a
//! Hong Kong spec set in Noto Sans HK with centred marks and 萬/億; a theme setting headlines in Song and
//! body in sans, both embedded in the PDF; family names and `--font-path`; `[page] lang`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::pdf::{actual_texts, deref, dict_get, load_pdf};
use yitu::scene::GlyphRun;
use yitu::{encode, Format, Options};
use yitu::{load_spec, render_poster};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A folder outside the repository, so that no `fonts/` folder is above it (the system's temporary
/// folder; `/fonts` does not exist on the machines the tests run on).
fn outside(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("yitu-fonts-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    assert!(
        yitu::text::fonts::font_folders(&dir.join("x.toml"), &[]).is_empty(),
        "no fonts/ above {}",
        dir.display()
    );
    dir
}

fn yitu(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_yitu"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn family(run: &GlyphRun) -> &'static str {
    &run.face.font().family
}

/// The BaseFont of every font the PDF's page uses.
fn pdf_fonts(bytes: &[u8]) -> Vec<String> {
    let (doc, page) = load_pdf(bytes);
    let page = doc.get_dictionary(page).unwrap();
    let resources = dict_get(&doc, page, "Resources").as_dict().unwrap();
    let fonts = dict_get(&doc, resources, "Font").as_dict().unwrap();
    fonts
        .iter()
        .map(|(_, f)| {
            let font = deref(&doc, f).as_dict().unwrap();
            let name = dict_get(&doc, font, "BaseFont").as_name().unwrap();
            String::from_utf8_lossy(name).into_owned()
        })
        .collect()
}

#[test]
fn a_rare_name_character_is_drawn_from_the_extension_face() {
    let spec = load_spec(&repo().join("config/rare-names.toml")).unwrap_or_else(|e| panic!("{e}"));
    let layout = render_poster(&spec.poster).unwrap();
    let runs: Vec<&GlyphRun> = layout.scene.runs().collect();
    // 𠮷 is set in HanaMinB, its neighbours stay in Noto Sans SC.
    let rare: Vec<&&GlyphRun> = runs.iter().filter(|r| r.string().contains('𠮷')).collect();
    assert!(rare.len() >= 3, "the name in text, label and credit");
    assert!(rare
        .iter()
        .all(|r| family(r) == "HanaMinB" && r.string().trim() == "𠮷"));
    let ji = runs.iter().find(|r| r.string().ends_with('吉')).unwrap();
    assert_eq!(family(ji), "Noto Sans SC");
    // The glyph is inked in the PNG where the layout put it.
    let png = encode("rare", &layout, &Options::default()).unwrap();
    let image =
        image::load_from_memory(&png.iter().find(|o| o.format == Format::Png).unwrap().bytes)
            .unwrap()
            .to_rgba8();
    let run = rare[0];
    let (x, y) = (run.glyphs[0].x, run.glyphs[0].y);
    let size = run.size;
    let dark = (0..size as u32)
        .flat_map(|dx| (0..size as u32).map(move |dy| (dx, dy)))
        .filter(|&(dx, dy)| {
            let p = image.get_pixel(x as u32 + dx, (y - size * 0.85) as u32 + dy);
            p[0] < 128 && p[1] < 128 && p[2] < 128
        })
        .count();
    assert!(
        dark as f32 > size * size * 0.08,
        "𠮷 has ink: {dark} dark pixels"
    );
    // The PDF embeds the face and extracts the name as written.
    let pdf = encode(
        "rare",
        &layout,
        &Options::default().formats(vec![Format::Pdf]),
    )
    .unwrap();
    let bytes = &pdf[0].bytes;
    assert!(actual_texts(bytes).iter().any(|t| t.contains("吉𠮷、王𪚥")));
    let fonts = pdf_fonts(bytes);
    assert!(fonts.iter().any(|f| f.ends_with("+HanaMinB")), "{fonts:?}");
}

#[test]
fn without_the_face_a_rare_character_is_an_error_naming_it() {
    let dir = outside("rare");
    std::fs::copy(
        repo().join("config/rare-names.toml"),
        dir.join("names.toml"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("themes")).unwrap();
    std::fs::copy(
        repo().join("config/themes/song-headlines.toml"),
        dir.join("themes/song-headlines.toml"),
    )
    .unwrap();
    // With only the Song face given (the theme names it), 𠮷 has no face: exit 2, nothing written.
    let serif = dir.join("serif");
    std::fs::create_dir_all(&serif).unwrap();
    for weight in ["Regular", "Bold"] {
        std::os::unix::fs::symlink(
            repo().join(format!("fonts/NotoSerifSC-{weight}.ttf")),
            serif.join(format!("NotoSerifSC-{weight}.ttf")),
        )
        .unwrap();
    }
    let (code, stderr) = yitu(
        &dir,
        &[
            "render",
            "names.toml",
            "--out",
            "out",
            "--font-path",
            "serif",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("U+20BB7 CJK UNIFIED IDEOGRAPH-20BB7 (CJK Unified Ideographs Extension B)"),
        "{stderr}"
    );
    assert!(stderr.contains("blocks[1].text"), "{stderr}");
    assert!(
        stderr.contains("HanaMinB"),
        "the fix names the face: {stderr}"
    );
    assert!(!dir.join("out").exists());
    // Without the Song face either, the theme's family is the first error.
    let (code, stderr) = yitu(&dir, &["render", "names.toml", "--out", "out"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("fonts.headline: expected a font family yitu has, found \"Noto Serif SC\""),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_hong_kong_spec_is_set_in_its_face_with_centred_marks_and_traditional_myriads() {
    let spec = load_spec(&repo().join("config/hk-budget.toml")).unwrap_or_else(|e| panic!("{e}"));
    let layout = render_poster(&spec.poster).unwrap();
    let text: String = layout.scene.runs().map(|r| r.string()).collect();
    assert!(
        text.contains("7800億元") && text.contains("210萬人"),
        "{text}"
    );
    assert!(!text.contains('亿') && !text.contains('万'));
    for run in layout
        .scene
        .runs()
        .filter(|r| r.string().chars().any(|c| c > '\u{2E80}'))
    {
        assert_eq!(family(run), "Noto Sans HK", "{}", run.string());
    }
    // The comma's ink sits in the middle of its em, where the mainland face puts it in the lower left.
    let comma = |face: &yitu::text::fonts::Font| {
        let id = face.glyph_index('，').unwrap();
        let b = face.glyph_box(id).unwrap();
        (
            (b.x_min + b.x_max) as f32 / 2.0 / face.units_per_em,
            b.y_max as f32 / face.units_per_em,
        )
    };
    let run = layout
        .scene
        .runs()
        .find(|r| r.string().contains('，'))
        .unwrap();
    let (centre, top) = comma(run.face.font());
    assert!(
        (centre - 0.5).abs() < 0.1 && top > 0.3,
        "HK comma centred: {centre}, top {top}"
    );
    let (sc_centre, sc_top) =
        comma(yitu::text::fonts::FaceId::bundled(yitu::text::fonts::Weight::Regular).font());
    assert!(
        sc_centre < 0.35 && sc_top < 0.3,
        "mainland comma lower left: {sc_centre}, {sc_top}"
    );
    // No space is added between Han and Latin in Hong Kong copy: 限 before 3,000 keeps its one em.
    let item = layout
        .scene
        .runs()
        .find(|r| r.string().contains("上限3,000元"))
        .unwrap();
    let at = item.text.iter().position(|t| t.text == "限").unwrap();
    let (xian, three) = (&item.text[at], &item.text[at + 1]);
    assert_eq!((three.text.as_str(), xian.width), ("3", item.size));
    assert!(
        (three.x - xian.x - item.size).abs() < 0.01,
        "{} {}",
        xian.x,
        three.x
    );
}

#[test]
fn a_theme_sets_headlines_in_song_and_body_in_sans_and_the_pdf_embeds_both() {
    let spec = load_spec(&repo().join("config/rare-names.toml")).unwrap();
    let layout = render_poster(&spec.poster).unwrap();
    let headline = layout
        .scene
        .runs()
        .find(|r| r.string().contains("最美基层干部”名单"))
        .unwrap();
    assert_eq!(family(headline), "Noto Serif SC");
    assert_eq!(headline.face.font().weight_class, 700);
    let body = layout
        .scene
        .runs()
        .find(|r| r.string().contains("经各地推荐"))
        .unwrap();
    assert_eq!(family(body), "Noto Sans SC");
    let pdf = encode(
        "song",
        &layout,
        &Options::default().formats(vec![Format::Pdf]),
    )
    .unwrap();
    let fonts = pdf_fonts(&pdf[0].bytes);
    assert!(
        fonts.iter().any(|f| f.ends_with("+NotoSerifSC-Bold")),
        "{fonts:?}"
    );
    assert!(
        fonts.iter().any(|f| f.ends_with("+NotoSansSC-Regular")),
        "{fonts:?}"
    );
}

#[test]
fn a_family_from_font_path_and_typos_in_family_names() {
    let dir = outside("path");
    let spec = "[page]\nwidth = 800\n\n[theme.fonts]\nheadline = \"Noto Serif SC\"\n\n[[blocks]]\ntype = \"headline\"\ntext = \"宋体标题\"\n";
    std::fs::write(dir.join("song.toml"), spec).unwrap();
    let (code, stderr) = yitu(&dir, &["render", "song.toml", "--out", "out"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("song.toml:5:12"), "{stderr}");
    let given = repo().join("fonts");
    let (code, stderr) = yitu(
        &dir,
        &[
            "render",
            "song.toml",
            "--out",
            "out",
            "--font-path",
            given.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(dir.join("out/song.png").exists());
    let typo = spec.replace("Noto Serif SC", "Noto Serif CS");
    std::fs::write(dir.join("typo.toml"), typo).unwrap();
    let (code, stderr) = yitu(
        &dir,
        &[
            "render",
            "typo.toml",
            "--out",
            "out",
            "--font-path",
            given.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `Noto Serif SC`?"), "{stderr}");
    let (code, stderr) = yitu(
        &dir,
        &["render", "song.toml", "--font-path", "no-such-folder"],
    );
    assert_eq!(code, 2, "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn lang_takes_bcp_47_tags_and_needs_its_face() {
    let load = |page: &str| {
        yitu::model::load_str(
            &format!(
                "[page]\nwidth = 800\n{page}\n[[blocks]]\ntype = \"paragraph\"\ntext = \"預算\"\n"
            ),
            &repo().join("config/x.toml"),
        )
    };
    assert!(load("lang = \"zh-HK\"").is_ok());
    let e = load("lang = \"zh-Hant-HX\"").unwrap_err();
    assert_eq!(e.problems[0].key, "page.lang");
    assert_eq!(
        e.problems[0].help.as_deref(),
        Some("did you mean `zh-Hant-HK`?")
    );
    // Outside the repository the Traditional face is not there: an error at the tag.
    let dir = outside("lang");
    let e = yitu::model::load_str(
        "[page]\nlang = \"zh-Hant-TW\"\n[[blocks]]\ntype = \"divider\"\n",
        &dir.join("x.toml"),
    )
    .unwrap_err();
    assert_eq!(e.problems[0].key, "page.lang");
    assert!(
        e.problems[0].message.contains("Noto Sans TC"),
        "{}",
        e.problems[0].message
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn yitu_fonts_lists_the_families_a_spec_can_name() {
    let out = Command::new(env!("CARGO_BIN_EXE_yitu"))
        .args(["fonts", "config/zhoukou-2023.toml"])
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("compiled in:\n  Noto Sans SC  400\n  Noto Sans SC  700\n"),
        "{text}"
    );
    assert!(
        text.contains(&format!("{}:", repo().join("fonts").display())),
        "{text}"
    );
    assert!(
        text.contains("  Noto Serif SC  700  NotoSerifSC-Bold.ttf"),
        "{text}"
    );
    assert!(text.contains("  HanaMinB  500  HanaMinB.ttf"), "{text}");
}
