//! Poster elements (issue #11): image blocks, QR codes and the page's logo. Positions read from the
//! layout, pictures read back from each format (the SVG's data URL, the PDF's image XObject, the PNG's
//! pixels), the QR code decoded from the rendered PNG, and bad image files refused at their key.

use std::path::{Path, PathBuf};

use yitu::scene::{Item, Scene};
use yitu::{encode, render_poster, Format, Layout, Options};

mod common;
use common::pdf::{deref, dict_get, load_pdf};

/// A folder of its own for one test, emptied first.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("yitu-elements-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A PNG of `w` × `h` pixels, every pixel `rgba`.
fn png(w: u32, h: u32, rgba: [u8; 4]) -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(w, h, image::Rgba(rgba));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A JPEG of `w` × `h` pixels, left half `a`, right half `b`.
fn jpeg(w: u32, h: u32, a: [u8; 3], b: [u8; 3]) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, _| image::Rgb(if x < w / 2 { a } else { b }));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

fn write_spec(dir: &Path, spec: &str) -> PathBuf {
    let path = dir.join("poster.toml");
    std::fs::write(&path, spec).unwrap();
    path
}

fn load(path: &Path) -> yitu::model::Poster {
    yitu::model::load_file(path).unwrap_or_else(|e| panic!("{e}"))
}

fn lay_out(path: &Path) -> Layout {
    render_poster(&load(path)).unwrap_or_else(|e| panic!("{e}"))
}

fn output(layout: &Layout, format: Format) -> Vec<u8> {
    let options = Options::default().formats(vec![format]);
    encode("poster", layout, &options).unwrap().remove(0).bytes
}

fn images(scene: &Scene) -> Vec<&yitu::scene::Image> {
    scene
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Image(img) => Some(img),
            _ => None,
        })
        .collect()
}

const PAGE: &str = "[page]\nwidth = 1080\nmargin = 60\n\n";

#[test]
fn a_picture_takes_the_column_at_its_proportions_or_is_cropped_to_its_box() {
    let dir = folder("fit");
    std::fs::write(dir.join("wide.png"), png(400, 200, [200, 30, 30, 255])).unwrap();
    let spec = format!(
        "{PAGE}[[blocks]]\ntype = \"image\"\nsrc = \"wide.png\"\n\n\
         [[blocks]]\ntype = \"image\"\nsrc = \"wide.png\"\nheight = 600\nradius = 20\n\n\
         [[blocks]]\ntype = \"image\"\nsrc = \"wide.png\"\nfit = \"contain\"\nheight = 300\nalign = \"right\"\n"
    );
    let path = write_spec(&dir, &spec);
    let poster = load(&path);
    // The file is read once, and recorded with its bytes.
    assert_eq!(poster.dependencies.len(), 1);
    assert_eq!(
        &*poster.dependencies[0].bytes,
        &png(400, 200, [200, 30, 30, 255])[..]
    );
    let layout = render_poster(&poster).unwrap();
    let imgs = images(&layout.scene);
    assert_eq!(imgs.len(), 3);
    // Width: the column (1080 − 2 × 60), half as tall; the box is the picture.
    let w = imgs[0];
    assert_eq!((w.x, w.width, w.height), (60.0, 960.0, 480.0));
    assert_eq!(w.place, [w.x, w.y, 960.0, 480.0]);
    assert!(!w.clipped());
    assert_eq!(layout.blocks[0].bottom, w.y + 480.0);
    // A height alone crops (cover): the box 960 × 600, the picture 1200 × 600 centred, clipped.
    let c = imgs[1];
    assert_eq!((c.width, c.height, c.radius), (960.0, 600.0, 20.0));
    assert_eq!(c.place[2], 1200.0);
    assert_eq!(c.place[0], 60.0 - 120.0);
    assert!(c.clipped());
    // Contain: within 960 × 300 the picture is 600 × 300, at the right of the column.
    let k = imgs[2];
    assert_eq!((k.width, k.height), (600.0, 300.0));
    assert_eq!(k.x + k.width, 1020.0);
}

#[test]
fn caption_and_credit_sit_under_the_picture() {
    let dir = folder("caption");
    std::fs::write(dir.join("p.png"), png(300, 200, [0, 90, 160, 255])).unwrap();
    let spec = format!(
        "{PAGE}[[blocks]]\ntype = \"image\"\nsrc = \"p.png\"\ncaption = \"码头新泊位\"\ncredit = \"图片来源：周口日报\"\n"
    );
    let layout = lay_out(&write_spec(&dir, &spec));
    let img = images(&layout.scene)[0];
    let bottom = img.y + img.height;
    let runs: Vec<_> = layout.scene.runs().collect();
    let caption = runs.iter().find(|r| r.string() == "码头新泊位").unwrap();
    let credit = runs
        .iter()
        .find(|r| r.string().contains("周口日报"))
        .unwrap();
    assert!(caption.glyphs[0].y > bottom && caption.extent().0 == 60.0);
    assert!(credit.glyphs[0].y > caption.glyphs[0].y);
    // The credit ends at the picture's right edge.
    assert!(
        (credit.extent().1 - 1020.0).abs() < 1.0,
        "{:?}",
        credit.extent()
    );
    assert!(layout.blocks[0].bottom > credit.glyphs[0].y);
}

#[test]
fn every_format_carries_the_picture_once_at_its_resolution() {
    let dir = folder("formats");
    let photo = jpeg(320, 160, [220, 40, 40], [40, 40, 220]);
    std::fs::write(dir.join("photo.jpg"), &photo).unwrap();
    let spec = format!(
        "{PAGE}[[blocks]]\ntype = \"image\"\nsrc = \"photo.jpg\"\n\n[[blocks]]\ntype = \"image\"\nsrc = \"photo.jpg\"\nwidth = 320\n"
    );
    let layout = lay_out(&write_spec(&dir, &spec));
    let imgs = images(&layout.scene);

    // SVG: the file's bytes once, in one <image>, used by both blocks at their places.
    let svg = String::from_utf8(output(&layout, Format::Svg)).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let tags: Vec<_> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "image")
        .collect();
    assert_eq!(tags.len(), 1);
    let xlink = "http://www.w3.org/1999/xlink";
    let href = tags[0].attribute((xlink, "href")).unwrap();
    let data = href.strip_prefix("data:image/jpeg;base64,").unwrap();
    use base64::Engine;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(data)
        .unwrap();
    assert_eq!(decoded, photo);
    let uses: Vec<_> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "use" && n.attribute((xlink, "href")) == Some("#im0"))
        .collect();
    assert_eq!(uses.len(), 2);
    assert_eq!(
        uses[0].attribute("transform"),
        Some(format!("matrix(960 0 0 480 60 {})", imgs[0].y).as_str())
    );

    // PDF: one image XObject for both, the JPEG's own stream (DCTDecode, not re-rasterised).
    let pdf = output(&layout, Format::Pdf);
    let (doc, page) = load_pdf(&pdf);
    let xobjects: Vec<_> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"Image"))
        })
        .collect();
    assert_eq!(xobjects.len(), 1);
    let x = xobjects[0];
    assert_eq!(x.dict.get(b"Width").unwrap().as_i64().unwrap(), 320);
    assert_eq!(
        x.dict.get(b"Filter").unwrap().as_name().unwrap(),
        b"DCTDecode"
    );
    assert_eq!(x.content, photo);
    let page_dict = doc.get_dictionary(page).unwrap();
    let resources = dict_get(&doc, page_dict, "Resources").as_dict().unwrap();
    let names = deref(&doc, resources.get(b"XObject").unwrap())
        .as_dict()
        .unwrap();
    assert_eq!(names.len(), 1);
    let content = doc.get_page_content(page);
    let ops = lopdf::content::Content::decode(&content)
        .unwrap()
        .operations;
    assert_eq!(ops.iter().filter(|o| o.operator == "Do").count(), 2);

    // PNG: the picture's colours where the layout put it.
    let png_bytes = output(&layout, Format::Png);
    let raster = image::load_from_memory(&png_bytes).unwrap().to_rgb8();
    let at = |x: f32, y: f32| raster.get_pixel(x as u32, y as u32).0;
    let first = imgs[0];
    let left = at(first.x + 100.0, first.y + first.height / 2.0);
    let right = at(first.x + first.width - 100.0, first.y + first.height / 2.0);
    assert!(left[0] > 180 && left[2] < 90, "{left:?}");
    assert!(right[2] > 180 && right[0] < 90, "{right:?}");
}

#[test]
fn a_translucent_png_gets_a_soft_mask_and_a_print_pdf_converts_pictures_to_cmyk() {
    let dir = folder("cmyk");
    std::fs::write(dir.join("glass.png"), png(64, 32, [255, 0, 0, 128])).unwrap();
    std::fs::write(
        dir.join("photo.jpg"),
        jpeg(64, 32, [0, 0, 0], [255, 255, 255]),
    )
    .unwrap();
    let spec = "[page]\npreset = \"a4\"\n\n[[blocks]]\ntype = \"image\"\nsrc = \"glass.png\"\n\n[[blocks]]\ntype = \"image\"\nsrc = \"photo.jpg\"\n";
    let path = write_spec(&dir, spec);
    let options = Options::default()
        .formats(vec![Format::Pdf])
        .out_dir(dir.join("out"));
    let rendered = yitu::render_file(&path, &options).unwrap_or_else(|e| panic!("{e}"));
    let (doc, _) = load_pdf(&rendered.outputs[0].bytes);
    let mut spaces = Vec::new();
    let mut masks = 0;
    for o in doc.objects.values() {
        let Ok(s) = o.as_stream() else { continue };
        if !s
            .dict
            .get(b"Subtype")
            .is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"Image"))
        {
            continue;
        }
        if s.dict.get(b"SMask").is_ok() {
            masks += 1;
        }
        spaces.push(
            s.dict
                .get(b"ColorSpace")
                .unwrap()
                .as_name()
                .unwrap()
                .to_vec(),
        );
    }
    // Two pictures in CMYK, one mask in grey.
    spaces.sort();
    assert_eq!(
        spaces,
        [
            b"DeviceCMYK".to_vec(),
            b"DeviceCMYK".to_vec(),
            b"DeviceGray".to_vec()
        ]
    );
    assert_eq!(masks, 1);
}

#[test]
fn an_svg_is_drawn_as_vector_shapes() {
    let dir = folder("svg");
    std::fs::write(
        dir.join("logo.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50"><rect width="200" height="50" fill="#123456"/><path d="M10 10h30v30H10z M20 20h10v10H20z" fill-rule="evenodd" fill="#ffffff"/></svg>"##,
    )
    .unwrap();
    let spec = format!("{PAGE}[[blocks]]\ntype = \"image\"\nsrc = \"logo.svg\"\nwidth = 400\n");
    let layout = lay_out(&write_spec(&dir, &spec));
    assert!(images(&layout.scene).is_empty());
    let paths: Vec<_> = layout
        .scene
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Path(p) => Some(p),
            _ => None,
        })
        .collect();
    assert_eq!(paths.len(), 2);
    // 200 × 50 drawn 400 wide, centred in the column: x from 340 to 740.
    assert_eq!(paths[0].ops[0], yitu::scene::PathOp::Move(340.0, 60.0));
    assert!(paths[1].even_odd);
    let svg = String::from_utf8(output(&layout, Format::Svg)).unwrap();
    assert!(svg.contains(r#"fill-rule="evenodd""#));
    assert!(!svg.contains("<image"));
}

/// A PNG header (signature and IHDR with its CRC) claiming `w` × `h` pixels, and nothing else.
fn png_header(w: u32, h: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    let mut crc = 0xFFFF_FFFFu32;
    for &b in &ihdr {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(13u32.to_be_bytes());
    out.extend(ihdr);
    out.extend((!crc).to_be_bytes());
    out
}

/// The one problem of the spec whose block 0 names `file` holding `bytes`.
fn problem_with(name: &str, file: &str, bytes: &[u8]) -> yitu::diagnostics::Problem {
    let dir = folder(name);
    std::fs::write(dir.join(file), bytes).unwrap();
    let spec = format!("{PAGE}[[blocks]]\ntype = \"image\"\nsrc = \"{file}\"\n");
    let err = yitu::model::load_file(write_spec(&dir, &spec)).unwrap_err();
    assert_eq!(err.problems.len(), 1, "{err}");
    let p = err.problems[0].clone();
    assert_eq!(p.key, "blocks[0].src");
    assert_eq!((p.line, p.column), (7, 7), "{p:?}");
    p
}

#[test]
fn bad_image_files_are_input_errors_at_their_key() {
    // 50 000 × 50 000: refused from the header, before anything is allocated.
    let p = problem_with("huge", "huge.png", &png_header(50_000, 50_000));
    assert!(p.message.contains("50000 × 50000 pixels"), "{}", p.message);
    // Truncated: the header is fine, the data is missing.
    let mut cut = png(200, 200, [1, 2, 3, 255]);
    cut.truncate(cut.len() / 2);
    let p = problem_with("cut", "cut.png", &cut);
    assert!(p.message.contains("cannot be decoded"), "{}", p.message);
    let p = problem_with("header", "header.png", &png_header(100, 100));
    assert!(p.message.contains("cannot be decoded"), "{}", p.message);
    // Not a picture at all, whatever its name.
    let p = problem_with("text", "photo.jpg", b"hello");
    assert!(
        p.message.contains("not a PNG, JPEG, WebP or SVG"),
        "{}",
        p.message
    );
    // An SVG reading another file.
    let p = problem_with(
        "external",
        "logo.svg",
        br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="file:///etc/passwd" width="10" height="10"/></svg>"#,
    );
    assert!(p.message.contains("<image>"), "{}", p.message);
    let p = problem_with(
        "external-use",
        "logo.svg",
        br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><use href="other.svg#a"/></svg>"#,
    );
    assert!(p.message.contains("external reference"), "{}", p.message);
    // A print photo in CMYK, a camera photo stored on its side (tests/data/images, made with Pillow).
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/images");
    let p = problem_with(
        "cmyk",
        "c.jpg",
        &std::fs::read(data.join("cmyk.jpg")).unwrap(),
    );
    assert!(
        p.message.contains("expected an RGB or grey picture"),
        "{}",
        p.message
    );
    let p = problem_with(
        "turned",
        "t.jpg",
        &std::fs::read(data.join("turned.jpg")).unwrap(),
    );
    assert!(p.message.contains("turned (Rotate90)"), "{}", p.message);
    // A missing file.
    let dir = folder("missing");
    let spec = format!("{PAGE}[[blocks]]\ntype = \"image\"\nsrc = \"nope.png\"\n");
    let err = yitu::model::load_file(write_spec(&dir, &spec)).unwrap_err();
    assert_eq!(err.problems[0].key, "blocks[0].src");
    assert!(err.problems[0].message.contains("no such file"));
}

#[test]
fn image_and_qr_keys_are_checked() {
    let dir = folder("keys");
    std::fs::write(dir.join("p.png"), png(10, 10, [0, 0, 0, 255])).unwrap();
    let spec = format!(
        "{PAGE}[[blocks]]\ntype = \"image\"\nsrc = \"p.png\"\nfit = \"fill\"\nalign = \"middle\"\nradius = -1\n\n\
         [[blocks]]\ntype = \"qr\"\ntext = \"https://example.com\"\nwidth = 20\n\n\
         [[blocks]]\ntype = \"qr\"\n\n[[blocks]]\ntype = \"image\"\n"
    );
    let err = yitu::model::load_file(write_spec(&dir, &spec)).unwrap_err();
    let keys: Vec<&str> = err.problems.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "blocks[0].fit",
            "blocks[0].align",
            "blocks[0].radius",
            "blocks[1].width",
            "blocks[2].text",
            "blocks[3].src"
        ],
        "{err}"
    );
    assert!(err.problems[0].message.contains(r#""cover""#));
}

#[test]
fn the_qr_code_decodes_to_its_text() {
    let dir = folder("qr");
    let url = "https://www.zkrb.com.cn/2023/port-report.html?from=poster";
    let spec =
        format!("{PAGE}[[blocks]]\ntype = \"qr\"\ntext = \"{url}\"\ncaption = \"扫码阅读全文\"\n");
    let layout = lay_out(&write_spec(&dir, &spec));
    // Vector squares: one path of the dark modules over a white square, no picture.
    assert!(images(&layout.scene).is_empty());
    let white = layout
        .scene
        .items
        .iter()
        .find_map(|i| match i {
            Item::Rect { x, width, .. } => Some((*x, *width)),
            _ => None,
        })
        .unwrap();
    // 240 px on the design, centred in the column, whole pixels a module.
    assert!(white.1 <= 240.0 && white.1 > 200.0, "{white:?}");
    assert!((white.0 + white.1 / 2.0 - 540.0).abs() < 1.0);
    assert!(layout.scene.text().contains("扫码阅读全文"));
    let svg = String::from_utf8(output(&layout, Format::Svg)).unwrap();
    assert!(!svg.contains("<image"));

    let png_bytes = output(&layout, Format::Png);
    assert_eq!(common::qr::decode_png(&png_bytes), [url]);
}

#[test]
fn the_logo_is_on_the_band_or_at_the_foot_of_every_variant() {
    let dir = folder("logo");
    std::fs::write(dir.join("logo.png"), png(400, 100, [255, 255, 255, 255])).unwrap();
    let spec = "[page]\nwidth = 1080\nheight = 1080\nlogo = \"logo.png\"\nvariants = [\"xiaohongshu\", \"douyin\"]\n\n\
                [[blocks]]\ntype = \"headline\"\ntext = \"港口吞吐量创新高\"\n\n[[blocks]]\ntype = \"paragraph\"\ntext = \"全年货物吞吐量四千万吨。\"\n";
    let path = write_spec(&dir, spec);
    let poster = load(&path);
    let layout = render_poster(&poster).unwrap();
    let logo = images(&layout.scene)[0];
    // 56 px tall by default, centred, above the headline on its band (drawn after the band).
    assert_eq!((logo.width, logo.height), (224.0, 56.0));
    assert_eq!(logo.x + logo.width / 2.0, 540.0);
    let headline = layout.scene.runs().next().unwrap();
    assert!(logo.y + logo.height < headline.glyphs[0].y - 40.0);
    let band = layout
        .scene
        .items
        .iter()
        .position(|i| matches!(i, Item::Rect { .. }))
        .unwrap();
    let drawn = layout
        .scene
        .items
        .iter()
        .position(|i| matches!(i, Item::Image(_)))
        .unwrap();
    assert!(drawn > band);
    // Douyin keeps its top 15 % free of anything but the background: the logo goes below it.
    for name in ["xiaohongshu", "douyin"] {
        let preset = yitu::model::preset::preset(name).unwrap();
        let variant = yitu::model::preset::variant(&poster, preset);
        let layout = render_poster(&variant).unwrap();
        let logo = images(&layout.scene)[0];
        let height = variant.page.height.unwrap();
        assert!(
            logo.y >= height * variant.page.safe.top,
            "{name}: {}",
            logo.y
        );
        assert!((logo.height - 56.0 * variant.page.design_scale).abs() < 0.01);
    }

    // At the foot: under the last block.
    std::fs::write(
        &path,
        spec.replace("variants", "logo_position = \"foot\"\nx_variants"),
    )
    .unwrap();
    let spec = std::fs::read_to_string(&path)
        .unwrap()
        .replace("x_variants = [\"xiaohongshu\", \"douyin\"]\n", "");
    std::fs::write(&path, spec).unwrap();
    let layout = lay_out(&path);
    let logo = images(&layout.scene)[0];
    let last = layout.scene.runs().last().unwrap();
    assert!(logo.y > last.glyphs[0].y);
    assert_eq!(layout.blocks.last().unwrap().bottom, logo.y + logo.height);
}

fn yitu(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_yitu"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_bad_picture_exits_2_writing_nothing_and_a_changed_picture_renders_again() {
    let dir = folder("cli");
    let out = dir.join("out");
    std::fs::write(dir.join("p.png"), png(40, 20, [9, 9, 9, 255])).unwrap();
    let spec = write_spec(
        &dir,
        &format!("{PAGE}[[blocks]]\ntype = \"image\"\nsrc = \"p.png\"\n"),
    );
    let (spec, out_s) = (spec.to_str().unwrap(), out.to_str().unwrap());
    let summary = |o: &std::process::Output| {
        let text = format!(
            "{}\n{}",
            String::from_utf8_lossy(&o.stderr),
            String::from_utf8_lossy(&o.stdout)
        );
        text.lines()
            .find(|l| l.starts_with("rendered ") && l.contains(", unchanged "))
            .unwrap_or_default()
            .to_owned()
    };
    let first = yitu(&["render", spec, "-o", out_s, "-f", "png"]);
    assert_eq!(first.status.code(), Some(0));
    assert!(summary(&first).starts_with("rendered 1, unchanged 0"));
    let again = yitu(&["render", spec, "-o", out_s, "-f", "png"]);
    assert!(
        summary(&again).starts_with("rendered 0, unchanged 1"),
        "{}",
        summary(&again)
    );
    // The picture is a dependency: a new one re-renders the spec.
    std::fs::write(dir.join("p.png"), png(40, 20, [200, 9, 9, 255])).unwrap();
    let changed = yitu(&["render", spec, "-o", out_s, "-f", "png"]);
    assert!(
        summary(&changed).starts_with("rendered 1, unchanged 0"),
        "{}",
        summary(&changed)
    );

    let bad_out = dir.join("bad-out");
    std::fs::write(dir.join("p.png"), png_header(50_000, 50_000)).unwrap();
    let bad = yitu(&[
        "render",
        spec,
        "-o",
        bad_out.to_str().unwrap(),
        "-f",
        "png,svg,pdf",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("poster.toml:7:7"), "{stderr}");
    assert!(stderr.contains("blocks[0].src"), "{stderr}");
    let written = std::fs::read_dir(&bad_out)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter(|e| e.path().extension().is_some())
                .count()
        })
        .unwrap_or(0);
    assert_eq!(written, 0);
}

#[test]
fn webp_pictures_draw_and_every_output_is_the_same_from_run_to_run() {
    let dir = folder("webp");
    let img = image::RgbaImage::from_fn(80, 40, |x, _| {
        image::Rgba(if x < 40 {
            [0, 160, 60, 255]
        } else {
            [250, 200, 0, 255]
        })
    });
    let mut webp = std::io::Cursor::new(Vec::new());
    img.write_to(&mut webp, image::ImageFormat::WebP).unwrap();
    std::fs::write(dir.join("p.webp"), webp.into_inner()).unwrap();
    let spec = write_spec(
        &dir,
        &format!("{PAGE}[[blocks]]\ntype = \"image\"\nsrc = \"p.webp\"\nradius = 24\n\n[[blocks]]\ntype = \"qr\"\ntext = \"yitu\"\n"),
    );
    let layout = lay_out(&spec);
    let pic = images(&layout.scene)[0];
    let png_bytes = output(&layout, Format::Png);
    let raster = image::load_from_memory(&png_bytes).unwrap().to_rgb8();
    let mid = raster
        .get_pixel((pic.x + 100.0) as u32, (pic.y + pic.height / 2.0) as u32)
        .0;
    assert_eq!(mid, [0, 160, 60]);
    // The rounded corner shows the page, not the picture.
    let corner = raster
        .get_pixel((pic.x + 2.0) as u32, (pic.y + 2.0) as u32)
        .0;
    assert_ne!(corner, [0, 160, 60]);
    for format in [
        Format::Png,
        Format::Svg,
        Format::Pdf,
        Format::Jpeg,
        Format::Webp,
    ] {
        let again = lay_out(&spec);
        assert_eq!(
            output(&layout, format),
            output(&again, format),
            "{format:?}"
        );
    }
}

/// The runs of the scene whose text is `text`.
fn run_of<'a>(scene: &'a Scene, text: &str) -> &'a yitu::scene::GlyphRun {
    scene
        .runs()
        .find(|r| r.string() == text)
        .unwrap_or_else(|| panic!("no run {text:?} in {}", scene.text()))
}

/// The x where the cluster `c` of the run `text` starts.
fn x_of(scene: &Scene, text: &str, c: &str) -> f32 {
    let run = run_of(scene, text);
    run.text.iter().find(|t| t.text == c).unwrap().x
}

#[test]
fn a_table_aligns_its_figures_on_the_decimal_point_and_stripes_its_rows() {
    let dir = folder("table");
    let spec = format!(
        "{PAGE}[[blocks]]\ntype = \"table\"\ntitle = \"各港区\"\nheader = [\"港区\", \"吞吐量（吨）\", \"增长（%）\"]\n\
         rows = [[\"中心港区\", 18205000, 12.3], [\"沈丘港区\", 9800, 8.0], [\"项城港区\", 980000, -2.45]]\n\
         scale = \"auto\"\nhighlight = 1\nsource = \"数据来源：交通运输局\"\n"
    );
    let layout = lay_out(&write_spec(&dir, &spec));
    let scene = &layout.scene;
    // 万 where the figure reaches it; the growth column keeps two decimals throughout (8.00).
    for text in ["1820.5万", "9800", "98.0万", "12.30", "8.00", "−2.45"] {
        run_of(scene, text);
    }
    // Decimal points of a column at one x; a whole number ends where the points are.
    let dots: Vec<f32> = ["12.30", "8.00", "−2.45"]
        .iter()
        .map(|t| x_of(scene, t, "."))
        .collect();
    assert!(dots.iter().all(|d| (d - dots[0]).abs() < 0.01), "{dots:?}");
    let p1 = x_of(scene, "1820.5万", ".");
    let whole = run_of(scene, "9800").extent().1;
    assert!((whole - p1).abs() < 0.01, "{whole} {p1}");
    // The figures' column ends at the table's right edge (less the padding); the texts start at its left.
    let right = run_of(scene, "12.30").extent().1;
    assert!(right < 1020.0 && right > 1020.0 - 40.0, "{right}");
    assert!(run_of(scene, "中心港区").extent().0 > 60.0);
    // The header on the primary band, a stripe for the second row, the highlighted row tinted; the
    // highlighted row is bold (another face) and in the primary colour.
    let theme = yitu::model::default_theme();
    let rects: Vec<(f32, yitu::model::Color)> = scene
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Rect { y, width, fill, .. } if *width == 960.0 => Some((*y, *fill)),
            _ => None,
        })
        .collect();
    assert_eq!(rects.len(), 2, "{rects:?}");
    assert_eq!(rects[0].1, theme.palette.primary);
    assert_ne!(rects[1].1, theme.palette.surface);
    let normal = run_of(scene, "中心港区");
    let bold = run_of(scene, "沈丘港区");
    assert_eq!(bold.color, theme.palette.primary);
    assert_ne!(bold.face, normal.face);
    // The source under the rule under the last row.
    let last = run_of(scene, "项城港区").glyphs[0].y;
    let source = scene
        .runs()
        .find(|r| r.string().contains("交通运输局"))
        .unwrap();
    assert!(source.glyphs[0].y > last);
}

#[test]
fn a_table_reads_a_csv_file_and_wraps_its_text_columns_when_narrow() {
    let dir = folder("table-csv");
    let long = "战略性新兴产业和高新技术产业集群发展专项资金";
    std::fs::write(
        dir.join("t.csv"),
        format!("项目,金额（亿元）\n{long},12.5\n基础设施,3\n"),
    )
    .unwrap();
    let spec =
        "[page]\nwidth = 500\nmargin = 40\n\n[[blocks]]\ntype = \"table\"\ndata = \"t.csv\"\n";
    let path = write_spec(&dir, spec);
    let poster = load(&path);
    assert_eq!(poster.dependencies.len(), 1);
    let layout = render_poster(&poster).unwrap();
    let scene = &layout.scene;
    // The figure stays whole on one line; the long text wraps within its column.
    let figure = run_of(scene, "12.5");
    let three = run_of(scene, "3.0");
    assert_eq!(figure.glyphs[0].y, figure.glyphs.last().unwrap().y);
    assert!((x_of(scene, "12.5", ".") - x_of(scene, "3.0", ".")).abs() < 0.01);
    let parts: Vec<_> = scene
        .runs()
        .filter(|r| long.contains(&r.string()) && !r.string().is_empty())
        .collect();
    assert!(parts.len() >= 2, "{}", scene.text());
    assert!(parts.iter().all(|r| r.extent().1 < figure.extent().0));
    assert!(three.extent().1 <= 460.0);
}

#[test]
fn table_errors_name_their_cell() {
    let dir = folder("table-errors");
    let spec = format!(
        "{PAGE}[[blocks]]\ntype = \"table\"\nheader = [\"a\", \"b\"]\nrows = [[\"x\", 1], [\"y\"], [\"z\", true]]\n\n\
         [[blocks]]\ntype = \"table\"\nheader = [\"a\"]\nrows = [[\"x\"]]\nhighlight = \"q\"\n\n\
         [[blocks]]\ntype = \"table\"\nheader = [\"a\"]\n\n\
         [[blocks]]\ntype = \"table\"\ndata = \"nope.csv\"\nrows = [[1]]\n"
    );
    let err = yitu::model::load_file(write_spec(&dir, &spec)).unwrap_err();
    let keys: Vec<&str> = err.problems.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "blocks[0].rows[1]",
            "blocks[0].rows[2][1]",
            "blocks[1].highlight",
            "blocks[2].rows",
            "blocks[3].data"
        ],
        "{err}"
    );
    assert!(err.problems[0].message.contains("expected 2 cells"));
}

#[test]
fn background_and_band_pictures_cover_their_area_on_every_page() {
    let dir = folder("backgrounds");
    std::fs::write(dir.join("paper.png"), png(100, 100, [240, 230, 200, 255])).unwrap();
    std::fs::write(
        dir.join("band.jpg"),
        jpeg(400, 100, [20, 20, 90], [20, 20, 90]),
    )
    .unwrap();
    let spec = "[page]\nwidth = 1080\nheight = 800\noverflow = \"pages\"\nbackground_image = \"paper.png\"\nband_image = \"band.jpg\"\n\n\
                [[blocks]]\ntype = \"headline\"\ntext = \"港口吞吐量创新高\"\n\n[[blocks]]\ntype = \"kicker\"\ntext = \"一图读懂\"\n\n\
                [[blocks]]\ntype = \"chart\"\nkind = \"bar\"\nheight = 250\nlabels = [\"甲\", \"乙\"]\nvalues = [1, 2]\n\n\
                [[blocks]]\ntype = \"chart\"\nkind = \"bar\"\nheight = 250\nlabels = [\"丙\", \"丁\"]\nvalues = [3, 4]\n\n\
                [[blocks]]\ntype = \"chart\"\nkind = \"bar\"\nheight = 250\nlabels = [\"戊\", \"己\"]\nvalues = [5, 6]\n";
    let path = write_spec(&dir, spec);
    let poster = load(&path);
    let pages = yitu::layout_pages(&poster).unwrap();
    assert!(pages.len() >= 2);
    for page in &pages {
        // The page's picture first, covering the page: 100 × 100 scaled to 1080 × 1080, centred.
        let Item::Image(bg) = &page.scene.items[0] else {
            panic!("no background first");
        };
        assert_eq!((bg.x, bg.y, bg.width, bg.height), (0.0, 0.0, 1080.0, 800.0));
        assert_eq!(bg.place, [0.0, -140.0, 1080.0, 1080.0]);
    }
    // On the first page the band's picture right above the band (which the kicker lengthened), under
    // the headline's text.
    let items = &pages[0].scene.items;
    let band = items
        .iter()
        .position(|i| matches!(i, Item::Rect { y, .. } if *y == 0.0))
        .unwrap();
    let (Item::Rect { height, .. }, Item::Image(pic)) = (&items[band], &items[band + 1]) else {
        panic!("no picture on the band");
    };
    assert_eq!((pic.y, pic.width, pic.height), (0.0, 1080.0, *height));
    let kicker = pages[0]
        .scene
        .runs()
        .find(|r| r.string() == "一图读懂")
        .unwrap();
    assert!(kicker.glyphs[0].y < *height);

    // A print page: the background carried into the bleed in the PDF, like the background colour.
    let spec = "[page]\npreset = \"a4\"\nbackground_image = \"paper.png\"\n\n[[blocks]]\ntype = \"headline\"\ntext = \"标题\"\n";
    let path = write_spec(&dir, spec);
    let options = Options::default()
        .formats(vec![Format::Pdf, Format::Svg])
        .out_dir(dir.join("out"));
    let rendered = yitu::render_file(&path, &options).unwrap_or_else(|e| panic!("{e}"));
    let of = |f: Format| {
        rendered
            .outputs
            .iter()
            .find(|o| o.format == f)
            .unwrap()
            .bytes
            .clone()
    };
    let (doc, page) = load_pdf(&of(Format::Pdf));
    let content = doc.get_page_content(page);
    let ops = lopdf::content::Content::decode(&content)
        .unwrap()
        .operations;
    let at = ops.iter().position(|o| o.operator == "Do").unwrap();
    let cm = ops[..at].iter().rfind(|o| o.operator == "cm").unwrap();
    let m: Vec<f32> = cm.operands.iter().map(|o| o.as_float().unwrap()).collect();
    // A4 is 595.3 pt wide; 3 mm of bleed on each side is 8.5 pt: the picture is wider than the page.
    assert!(m[0] > 595.3 + 2.0 * 8.0, "{m:?}");
    // SVG is not bled: the picture is the page.
    let svg = String::from_utf8(of(Format::Svg)).unwrap();
    assert!(svg.contains(r##"<rect x="0" y="0" width="2480" height="3508"/></clipPath><use xlink:href="#im0" transform="matrix(3508 0 0 3508 -514 0)"/>"##));
}

#[test]
fn a_picture_drawn_many_times_counts_each_time() {
    let dir = folder("drawn");
    let img = image::GrayImage::from_pixel(5000, 4000, image::Luma([128]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    img.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    std::fs::write(dir.join("big.png"), bytes.into_inner()).unwrap();
    let mut spec = String::from(PAGE);
    for _ in 0..6 {
        spec.push_str("[[blocks]]\ntype = \"image\"\nsrc = \"big.png\"\n\n");
    }
    let err = yitu::model::load_file(write_spec(&dir, &spec)).unwrap_err();
    // 20 million pixels each: the sixth makes 120 million.
    assert_eq!(err.problems.len(), 1, "{err}");
    assert_eq!(err.problems[0].key, "blocks[5].src");
    assert!(err.problems[0]
        .message
        .contains("at most 100 million pixels in all"));
}

#[test]
fn the_example_s_qr_code_decodes_to_the_url_in_the_spec() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/elements.toml");
    let poster = load(&path);
    let url = poster
        .blocks
        .iter()
        .find_map(|b| match &b.kind {
            yitu::model::BlockKind::Qr(q) => Some(q.text.clone()),
            _ => None,
        })
        .unwrap();
    let layout = render_poster(&poster).unwrap();
    let png_bytes = output(&layout, Format::Png);
    assert_eq!(common::qr::decode_png(&png_bytes), [url]);
}
