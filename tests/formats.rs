//! Every output format read back by an independent decoder: PNG (its pHYs resolution chunk, parsed by
//! hand), JPEG and WebP (decoded at the right size), PDF (parsed with lopdf: page size, embedded subset
//! fonts; the content stream walked and decoded through the fonts' ToUnicode maps: the extracted text is
//! the scene's, each glyph where the scene puts it). Last, the format flags of the command line.

use read_fonts::TableProvider;
use std::path::Path;
use std::sync::OnceLock;

use yitu::{
    encode, render_poster, Format, Layout, Options, Output, PngOptions, SvgOptions, SvgText,
};

mod common;
use common::pdf::{deref, dict_get, load_pdf, numbers};

/// The small card, laid out once.
fn card() -> &'static Layout {
    static CARD: OnceLock<Layout> = OnceLock::new();
    CARD.get_or_init(|| lay_out("config/stat-card.toml"))
}

fn lay_out(spec: &str) -> Layout {
    let poster = yitu::model::load_file(Path::new(spec)).unwrap_or_else(|e| panic!("{e}"));
    render_poster(&poster).unwrap_or_else(|e| panic!("{spec}: {e}"))
}

fn one(layout: &Layout, format: Format, options: Options) -> Output {
    let options = options.formats(vec![format]);
    let mut outputs = encode("card", layout, &options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outputs.len(), 1);
    outputs.remove(0)
}

/// The chunks of a PNG file, by type, checking each one's CRC.
fn png_chunks(bytes: &[u8]) -> Vec<([u8; 4], Vec<u8>)> {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    let mut chunks = Vec::new();
    let mut at = 8;
    while at < bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        let kind: [u8; 4] = bytes[at + 4..at + 8].try_into().unwrap();
        let data = bytes[at + 8..at + 8 + len].to_vec();
        let crc = u32::from_be_bytes(bytes[at + 8 + len..at + 12 + len].try_into().unwrap());
        assert_eq!(
            crc,
            crc32(&bytes[at + 4..at + 8 + len]),
            "CRC of {:?}",
            kind
        );
        chunks.push((kind, data));
        at += 12 + len;
    }
    chunks
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// (pixels per unit x, y, unit) from the pHYs chunk, which must come before the image data.
fn phys(bytes: &[u8]) -> (u32, u32, u8) {
    let chunks = png_chunks(bytes);
    let kinds: Vec<&[u8; 4]> = chunks.iter().map(|(k, _)| k).collect();
    let at = kinds
        .iter()
        .position(|k| *k == b"pHYs")
        .expect("a pHYs chunk");
    let idat = kinds.iter().position(|k| *k == b"IDAT").expect("IDAT");
    assert!(at < idat, "pHYs must precede IDAT");
    let d = &chunks[at].1;
    assert_eq!(d.len(), 9);
    (
        u32::from_be_bytes(d[0..4].try_into().unwrap()),
        u32::from_be_bytes(d[4..8].try_into().unwrap()),
        d[8],
    )
}

#[test]
fn png_carries_72_dpi_by_default() {
    let png = one(card(), Format::Png, Options::default());
    let (x, y, unit) = phys(&png.bytes);
    assert_eq!(unit, 1, "pixels per metre");
    assert_eq!((x, y), (2835, 2835), "72 dpi = 2834.6 px/m");
    let img = image::load_from_memory(&png.bytes).unwrap();
    assert_eq!((img.width(), img.height()), (1080, 1080));
}

#[test]
fn png_carries_the_dpi_asked_for_without_changing_its_pixels() {
    let options = Options::default().png(PngOptions::default().dpi(300.0));
    let png = one(card(), Format::Png, options);
    let (x, y, unit) = phys(&png.bytes);
    assert_eq!((x, y, unit), (11811, 11811, 1), "300 dpi = 11811 px/m");
    let dpi = x as f64 * 0.0254;
    assert!((dpi - 300.0).abs() < 0.01, "{dpi}");
    let img = image::load_from_memory(&png.bytes).unwrap();
    assert_eq!((img.width(), img.height()), (1080, 1080));
}

#[test]
fn jpeg_decodes_at_the_size_of_the_png_and_looks_like_it() {
    let png = one(card(), Format::Png, Options::default());
    let jpeg = one(card(), Format::Jpeg, Options::default());
    assert_eq!(jpeg.path.extension().unwrap(), "jpg");
    assert_eq!(&jpeg.bytes[..3], b"\xFF\xD8\xFF", "JPEG SOI marker");
    let decoded = image::load_from_memory_with_format(&jpeg.bytes, image::ImageFormat::Jpeg)
        .expect("JPEG decodes");
    assert_eq!((decoded.width(), decoded.height()), (1080, 1080));
    assert!(!decoded.color().has_alpha(), "JPEG has no alpha");
    // Same picture: the mean channel difference from the PNG is small at quality 90.
    let a = image::load_from_memory(&png.bytes).unwrap().to_rgb8();
    let b = decoded.to_rgb8();
    let diff: u64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| x.abs_diff(*y) as u64)
        .sum();
    let mean = diff as f64 / a.as_raw().len() as f64;
    assert!(mean < 2.0, "mean channel difference {mean}");
}

#[test]
fn jpeg_quality_changes_the_size() {
    let low = one(
        card(),
        Format::Jpeg,
        Options::default().jpeg(yitu::JpegOptions::default().quality(40)),
    );
    let high = one(card(), Format::Jpeg, Options::default());
    assert!(
        low.bytes.len() * 3 / 2 < high.bytes.len(),
        "quality 40: {} bytes, 90: {} bytes",
        low.bytes.len(),
        high.bytes.len()
    );
}

#[test]
fn webp_is_lossless_and_decodes_at_the_right_size() {
    let options = Options::default().png(PngOptions::default().scale(0.5));
    let png = one(card(), Format::Png, options.clone());
    let webp = one(card(), Format::Webp, options);
    assert_eq!(webp.path.extension().unwrap(), "webp");
    assert_eq!(&webp.bytes[..4], b"RIFF");
    assert_eq!(&webp.bytes[8..12], b"WEBP");
    let decoded = image::load_from_memory_with_format(&webp.bytes, image::ImageFormat::WebP)
        .expect("WebP decodes");
    assert_eq!((decoded.width(), decoded.height()), (540, 540));
    let png = image::load_from_memory(&png.bytes).unwrap().to_rgb8();
    assert!(
        png.as_raw() == decoded.to_rgb8().as_raw(),
        "lossless: the same pixels as the PNG"
    );
}

#[test]
fn every_format_name_parses_and_jpg_is_jpeg() {
    for format in Format::ALL {
        assert_eq!(Format::parse(format.name()), Some(format));
        assert_eq!(Format::parse(&format.name().to_uppercase()), Some(format));
    }
    assert_eq!(Format::parse("jpg"), Some(Format::Jpeg));
    assert_eq!(Format::parse("gif"), None);
}

#[test]
fn webp_too_tall_for_the_format_is_an_error_naming_a_scale_that_fits() {
    let spec =
        "[page]\nwidth = 400\nheight = 17000\n[[blocks]]\ntype = \"paragraph\"\ntext = \"周口\"\n";
    let poster = yitu::model::load_str(spec, Path::new("tall.toml")).unwrap();
    let layout = render_poster(&poster).unwrap();
    let options = Options::default().formats(vec![Format::Png, Format::Webp]);
    let err = encode("tall", &layout, &options).unwrap_err().to_string();
    assert!(err.contains("16383"), "{err}");
    assert!(err.contains("--scale 0.96"), "{err}");
}

// ---- PDF ----

/// The seed poster, laid out once, and its PDF.
fn seed() -> &'static (Layout, Vec<u8>) {
    static SEED: OnceLock<(Layout, Vec<u8>)> = OnceLock::new();
    SEED.get_or_init(|| {
        let layout = lay_out("config/zhoukou-2023.toml");
        let pdf = one(&layout, Format::Pdf, Options::default()).bytes;
        (layout, pdf)
    })
}

#[test]
fn pdf_is_one_page_the_posters_size_at_96_px_per_inch() {
    let (layout, bytes) = seed();
    let (doc, page) = load_pdf(bytes);
    let page = doc.get_dictionary(page).unwrap();
    let media = numbers(dict_get(&doc, page, "MediaBox"));
    let expected = [
        0.0,
        0.0,
        layout.scene.width * 0.75,
        layout.scene.height * 0.75,
    ];
    assert_eq!(media.len(), 4);
    for (got, want) in media.iter().zip(expected) {
        assert!(
            (got - want).abs() < 0.01,
            "MediaBox {media:?}, expected {expected:?}"
        );
    }
    // 1080 px = 810 pt = 11.25 in at 96 px per inch.
    assert!((media[2] - 810.0).abs() < 0.01);
}

#[test]
fn pdf_page_size_follows_the_dpi_option() {
    let options = Options::default().pdf(yitu::PdfOptions::default().dpi(300.0).print(None));
    let bytes = one(card(), Format::Pdf, options).bytes;
    let (doc, page) = load_pdf(&bytes);
    let page = doc.get_dictionary(page).unwrap();
    let media = numbers(dict_get(&doc, page, "MediaBox"));
    // 1080 px at 300 dpi = 3.6 in = 259.2 pt (91.44 mm).
    assert!((media[2] - 259.2).abs() < 0.01, "{media:?}");
    assert!((media[3] - 259.2).abs() < 0.01, "{media:?}");
}

/// A font of the page: its resource name, base font name, embedded font program (decompressed) and
/// glyph id → text map (from its ToUnicode CMap).
struct PdfFont {
    base_font: String,
    program: Vec<u8>,
    to_unicode: std::collections::HashMap<u16, String>,
}

fn page_fonts(
    doc: &lopdf::Document,
    page: lopdf::ObjectId,
) -> std::collections::BTreeMap<Vec<u8>, PdfFont> {
    let fonts = doc.get_page_fonts(page).expect("page fonts");
    fonts
        .into_iter()
        .map(|(name, font)| {
            assert_eq!(dict_get(doc, font, "Subtype").as_name().unwrap(), b"Type0");
            let base_font =
                String::from_utf8(dict_get(doc, font, "BaseFont").as_name().unwrap().to_vec())
                    .unwrap();
            let descendant = deref(
                doc,
                &dict_get(doc, font, "DescendantFonts").as_array().unwrap()[0],
            )
            .as_dict()
            .unwrap();
            let descriptor = dict_get(doc, descendant, "FontDescriptor")
                .as_dict()
                .unwrap();
            let file = ["FontFile2", "FontFile3"]
                .iter()
                .find_map(|k| descriptor.get(k.as_bytes()).ok())
                .expect("an embedded font program (FontFile2 or FontFile3)");
            let program = deref(doc, file)
                .as_stream()
                .unwrap()
                .decompressed_content()
                .expect("font program decompresses");
            let cmap = dict_get(doc, font, "ToUnicode")
                .as_stream()
                .unwrap()
                .decompressed_content()
                .expect("ToUnicode decompresses");
            let to_unicode = parse_to_unicode(&String::from_utf8_lossy(&cmap));
            (
                name,
                PdfFont {
                    base_font,
                    program,
                    to_unicode,
                },
            )
        })
        .collect()
}

/// The `bfchar` and `bfrange` entries of a ToUnicode CMap: code → text (UTF-16BE hex).
fn parse_to_unicode(cmap: &str) -> std::collections::HashMap<u16, String> {
    let hex = |t: &str| -> Vec<u16> {
        let t = t.trim_matches(|c| c == '<' || c == '>');
        (0..t.len() / 4)
            .map(|i| u16::from_str_radix(&t[i * 4..i * 4 + 4], 16).unwrap())
            .collect()
    };
    let utf16 = |units: &[u16]| String::from_utf16(units).expect("UTF-16");
    let mut map = std::collections::HashMap::new();
    let mut section = "";
    let mut tokens: Vec<&str> = Vec::new();
    for token in cmap.split_whitespace() {
        match token {
            "beginbfchar" | "beginbfrange" => {
                section = token;
                tokens.clear();
            }
            "endbfchar" => {
                for pair in tokens.chunks_exact(2) {
                    map.insert(hex(pair[0])[0], utf16(&hex(pair[1])));
                }
                section = "";
            }
            "endbfrange" => {
                for triple in tokens.chunks_exact(3) {
                    let (lo, hi, dst) = (hex(triple[0])[0], hex(triple[1])[0], hex(triple[2]));
                    for (i, code) in (lo..=hi).enumerate() {
                        let mut units = dst.clone();
                        *units.last_mut().unwrap() += i as u16;
                        map.insert(code, utf16(&units));
                    }
                }
                section = "";
            }
            _ if !section.is_empty() => tokens.push(token),
            _ => {}
        }
    }
    map
}

#[test]
fn pdf_fonts_are_embedded_and_subset() {
    let (_, bytes) = seed();
    let (doc, page) = load_pdf(bytes);
    let fonts = page_fonts(&doc, page);
    let mut names: Vec<&str> = fonts.values().map(|f| f.base_font.as_str()).collect();
    names.sort_by_key(|n| n.split_once('+').map(|(_, rest)| rest.to_string()));
    assert_eq!(names.len(), 2, "regular and bold: {names:?}");
    for (name, face) in names.iter().zip(["NotoSansSC-Bold", "NotoSansSC-Regular"]) {
        let (tag, rest) = name.split_once('+').expect("a subset tag");
        assert_eq!(rest, face);
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "subset tag ABCDEF+: {name}"
        );
    }
    for font in fonts.values() {
        // The bundled faces are over 10 MB each; a subset of a few hundred glyphs is a small fraction.
        assert!(
            font.program.len() > 1_000 && font.program.len() < 2_000_000,
            "{}: {} bytes embedded",
            font.base_font,
            font.program.len()
        );
        let face = read_fonts::FontRef::new(&font.program).expect("the embedded program is a font");
        let glyphs = face.maxp().expect("a maxp table").num_glyphs();
        assert!(glyphs < 3000, "subset: {glyphs} glyphs");
        assert!(!font.to_unicode.is_empty(), "ToUnicode map");
    }
}

/// A PDF affine matrix [a b c d e f]: (x, y) → (a·x + c·y + e, b·x + d·y + f).
type Matrix = [f32; 6];

/// `first` then `then`.
fn concat(first: &Matrix, then: &Matrix) -> Matrix {
    let [a, b, c, d, e, f] = *first;
    let [a2, b2, c2, d2, e2, f2] = *then;
    [
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    ]
}

fn matrix(operands: &[lopdf::Object]) -> Matrix {
    let n: Vec<f32> = operands.iter().map(|o| o.as_float().unwrap()).collect();
    n.try_into().expect("six numbers")
}

/// One glyph shown on the page: its text (from ToUnicode) and, for the first glyph of each string, its
/// origin in page points.
#[derive(Debug)]
struct ShownGlyph {
    text: String,
    origin: Option<(f32, f32)>,
}

/// Walks the page's content stream (q/Q, cm, BT, Tf, Tm, Td, Tj, TJ) and returns every glyph shown, in
/// order. Glyph codes are two bytes (Identity-H).
fn shown_glyphs(doc: &lopdf::Document, page: lopdf::ObjectId) -> Vec<ShownGlyph> {
    let fonts = page_fonts(doc, page);
    let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
    let identity: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let (mut ctm, mut stack) = (identity, Vec::new());
    let (mut tm, mut line) = (identity, identity);
    let mut font: Option<&PdfFont> = None;
    let mut glyphs = Vec::new();
    let mut show = |bytes: &[u8], font: Option<&PdfFont>, tm: &Matrix, ctm: &Matrix| {
        let font = font.expect("a font is set before text is shown");
        for (i, code) in bytes.chunks_exact(2).enumerate() {
            let code = u16::from_be_bytes([code[0], code[1]]);
            let text = font
                .to_unicode
                .get(&code)
                .unwrap_or_else(|| {
                    panic!("glyph {code} of {} has no ToUnicode entry", font.base_font)
                })
                .clone();
            let origin = (i == 0).then(|| {
                let m = concat(tm, ctm);
                (m[4], m[5])
            });
            glyphs.push(ShownGlyph { text, origin });
        }
    };
    for op in &content.operations {
        let args = &op.operands;
        match op.operator.as_str() {
            "q" => stack.push(ctm),
            "Q" => ctm = stack.pop().expect("balanced q/Q"),
            "cm" => ctm = concat(&matrix(args), &ctm),
            "BT" => (tm, line) = (identity, identity),
            "Tm" => (tm, line) = (matrix(args), matrix(args)),
            "Td" => {
                let (x, y) = (args[0].as_float().unwrap(), args[1].as_float().unwrap());
                line = concat(&[1.0, 0.0, 0.0, 1.0, x, y], &line);
                tm = line;
            }
            "Tf" => font = Some(&fonts[args[0].as_name().unwrap()]),
            "Tj" => show(args[0].as_str().unwrap(), font, &tm, &ctm),
            "TJ" => {
                for item in args[0].as_array().unwrap() {
                    if let Ok(bytes) = item.as_str() {
                        show(bytes, font, &tm, &ctm);
                    }
                }
            }
            "Do" => panic!("text inside form XObjects is not read by this test"),
            _ => {}
        }
    }
    glyphs
}

/// What the scene draws, character by character with its glyph's position, leaving out white space
/// (which the PDF does not draw).
fn scene_glyphs(layout: &Layout) -> Vec<(char, f32, f32)> {
    let mut out = Vec::new();
    for run in layout.scene.runs() {
        let chars: Vec<char> = run.text.iter().flat_map(|t| t.text.chars()).collect();
        assert_eq!(
            chars.len(),
            run.glyphs.len(),
            "one glyph per character in {:?}",
            run.string()
        );
        for (c, g) in chars.into_iter().zip(&run.glyphs) {
            if !c.is_whitespace() {
                out.push((c, g.x, g.y));
            }
        }
    }
    out
}

/// Checks that the PDF shows exactly the scene's characters, in order, each where the scene puts its
/// glyph (to the SVG's 0.01 px precision); returns the extracted text.
fn check_text_and_positions(layout: &Layout, bytes: &[u8]) -> String {
    let (doc, page) = load_pdf(bytes);
    let page_height = numbers(dict_get(
        &doc,
        doc.get_dictionary(page).unwrap(),
        "MediaBox",
    ))[3];
    let shown = shown_glyphs(&doc, page);
    let expected = scene_glyphs(layout);
    let text: String = shown.iter().map(|g| g.text.as_str()).collect();
    let want: String = expected.iter().map(|e| e.0).collect();
    assert_eq!(text, want, "the PDF's text is the scene's, in order");
    assert_eq!(shown.len(), expected.len());
    let px_per_pt = layout.scene.height / page_height;
    let mut checked = 0;
    for (g, &(c, x, y)) in shown.iter().zip(&expected) {
        if let Some((px, py)) = g.origin {
            let (px, py) = (px * px_per_pt, (page_height - py) * px_per_pt);
            assert!(
                (px - x).abs() < 0.02 && (py - y).abs() < 0.02,
                "{c}: PDF glyph at ({px}, {py}), scene glyph at ({x}, {y})"
            );
            checked += 1;
        }
    }
    assert!(
        checked * 10 >= shown.len() * 9,
        "{checked} of {} positions read",
        shown.len()
    );
    text
}

#[test]
fn pdf_text_is_extractable_and_every_glyph_sits_where_the_png_draws_it() {
    let (layout, bytes) = seed();
    let text = check_text_and_positions(layout, bytes);
    assert!(text.contains("周口"), "a text extractor finds 周口");
    assert!(
        text.contains("昂首奋进现代化周口建设新征程"),
        "the headline"
    );
    assert!(
        text.len() > 4000 * 3,
        "all the copy: {} bytes of text",
        text.len()
    );
}

#[test]
fn pdf_keeps_compressed_punctuation_where_layout_put_it() {
    // 标点挤压 pulls an opening mark after an opening mark back by half an em: the live text (and so the
    // PDF) must place that character at its glyph, not at its cluster's pen position.
    let spec = "[page]\nwidth = 600\n[[blocks]]\ntype = \"paragraph\"\n\
                text = \"实施（“十四五”）规划，“两个确保”，加快“十大战略”。\"\n";
    let poster = yitu::model::load_str(spec, Path::new("marks.toml")).unwrap();
    let layout = render_poster(&poster).unwrap();
    let pulled_back = layout.scene.runs().any(|r| {
        r.text
            .iter()
            .zip(&r.glyphs)
            .any(|(t, g)| (t.x - g.x).abs() > 1.0)
    });
    assert!(
        pulled_back,
        "the spec exercises a glyph away from its pen position"
    );
    let bytes = one(&layout, Format::Pdf, Options::default()).bytes;
    let text = check_text_and_positions(&layout, &bytes);
    assert!(text.contains("（“十四五”）"), "{text}");
}

#[test]
fn pdf_text_copies_exactly_as_written_without_invented_spaces() {
    // The CJK–Latin spacing is in the glyph advances; without /ActualText an extractor reads the gap as
    // a space ("2023 年政府工作报告") and a search for the copy fails.
    let lines = [
        "2023年政府工作报告",
        "GDP增长4.5%",
        "留1,234,567.89元",
        "A股 and B股",
    ];
    let mut spec = String::from("[page]\nwidth = 1080\n");
    for line in lines {
        spec.push_str(&format!(
            "[[blocks]]\ntype = \"paragraph\"\ntext = \"{line}\"\n"
        ));
    }
    let poster = yitu::model::load_str(&spec, Path::new("copy.toml")).unwrap();
    let layout = render_poster(&poster).unwrap();
    let bytes = one(&layout, Format::Pdf, Options::default()).bytes;
    assert_eq!(
        common::pdf::actual_texts(&bytes),
        lines,
        "one span a line, its copy exact"
    );
}

#[test]
fn pdf_actual_text_of_the_seed_is_its_copy_character_for_character() {
    let (layout, bytes) = seed();
    let spans = common::pdf::actual_texts(bytes);
    let copy: String = layout.scene.runs().map(|r| r.string()).collect();
    assert_eq!(spans.concat(), copy, "no character gained or lost");
    // Each span is the copy of whole runs, one after the other (a line, or the styles of a line).
    let mut runs = layout
        .scene
        .runs()
        .map(|r| r.string())
        .filter(|s| !s.is_empty());
    for span in &spans {
        let mut covered = String::new();
        while covered.len() < span.len() {
            covered.push_str(&runs.next().expect("a run left"));
        }
        assert_eq!(&covered, span, "a span is whole runs");
    }
    assert!(
        spans.iter().any(|s| s == "展望：2023年工作总体要求"),
        "{spans:?}"
    );
}

/// The SVG of a layout, with its text as outlines or live.
fn svg_of(layout: &Layout, text: SvgText) -> String {
    let options = Options::default().svg(SvgOptions::default().text(text));
    String::from_utf8(one(layout, Format::Svg, options).bytes).unwrap()
}

#[test]
fn live_svg_text_is_one_element_a_line_with_each_character_on_its_glyph() {
    let lines = [
        "2023年政府工作报告",
        "GDP增长4.5%",
        "留1,234,567.89元",
        "A股 and B股",
        "实施（“十四五”）规划",
        "a < b & c > d",
    ];
    let mut spec = String::from("[page]\nwidth = 1080\n");
    for line in lines {
        spec.push_str(&format!(
            "[[blocks]]\ntype = \"paragraph\"\ntext = \"{line}\"\n"
        ));
    }
    let poster = yitu::model::load_str(&spec, Path::new("live.toml")).unwrap();
    let layout = render_poster(&poster).unwrap();
    let runs: Vec<String> = layout.scene.runs().map(|r| r.string()).collect();
    assert_eq!(runs, lines, "one run a line");

    let live = svg_of(&layout, SvgText::Live);
    let live = roxmltree::Document::parse(&live).unwrap();
    let texts: Vec<_> = live
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .collect();
    let copies: Vec<&str> = texts.iter().map(|t| t.text().unwrap_or("")).collect();
    assert_eq!(copies, lines, "one <text> a line, holding its copy");
    // The x of every character that draws something, in order.
    let live_xs: Vec<f32> = texts
        .iter()
        .flat_map(|t| {
            let xs: Vec<f32> = t
                .attribute("x")
                .unwrap()
                .split(' ')
                .map(|v| v.parse().unwrap())
                .collect();
            let chars: Vec<char> = t.text().unwrap().chars().collect();
            assert_eq!(xs.len(), chars.len(), "one x a character");
            chars
                .into_iter()
                .zip(xs)
                .filter(|(c, _)| !c.is_whitespace())
                .map(|(_, x)| x)
                .collect::<Vec<_>>()
        })
        .collect();

    let outline = svg_of(&layout, SvgText::Outlines);
    let outline = roxmltree::Document::parse(&outline).unwrap();
    let glyph_xs: Vec<f32> = outline
        .descendants()
        .filter(|n| n.has_tag_name("use"))
        .map(|u| {
            let m = u.attribute("transform").unwrap();
            let m = m
                .strip_prefix("matrix(")
                .unwrap()
                .strip_suffix(')')
                .unwrap();
            m.split(' ').nth(4).unwrap().parse().unwrap()
        })
        .collect();
    assert_eq!(
        live_xs.len(),
        glyph_xs.len(),
        "a character for every glyph drawn"
    );
    for (i, (l, g)) in live_xs.iter().zip(&glyph_xs).enumerate() {
        assert!((l - g).abs() < 0.01, "character {i}: x {l}, glyph at {g}");
    }
}

// ---- the command line ----

fn yitu(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_yitu"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("cannot run the yitu binary")
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("formats")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn cli_writes_every_format_asked_for_with_its_options() {
    let dir = temp_dir("all");
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/stat-card.toml");
    let run = yitu(
        &dir,
        &[
            "render",
            spec.to_str().unwrap(),
            "--out",
            "out",
            "--format",
            "png,svg,pdf,jpg,webp",
            "--dpi",
            "150",
            "--jpeg-quality",
            "75",
        ],
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let read = |ext: &str| std::fs::read(dir.join(format!("out/stat-card.{ext}"))).unwrap();
    assert_eq!(phys(&read("png")), (5906, 5906, 1), "150 dpi = 5905.5 px/m");
    assert!(read("svg").starts_with(b"<svg"));
    assert!(read("pdf").starts_with(b"%PDF-"));
    let jpeg = read("jpg");
    // JFIF APP0: units 1 (dots per inch), then the x and y density.
    let app0 = jpeg
        .windows(5)
        .position(|w| w == b"JFIF\0")
        .expect("a JFIF header");
    assert_eq!(&jpeg[app0 + 7..app0 + 12], &[1, 0, 150, 0, 150]);
    let webp = image::load_from_memory(&read("webp")).unwrap();
    assert_eq!((webp.width(), webp.height()), (1080, 1080));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_rejects_an_unknown_format_naming_the_known_ones() {
    let dir = temp_dir("unknown");
    let run = yitu(&dir, &["render", "x.toml", "--format", "png,gif"]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("unknown format `gif`; expected one of png, svg, pdf, jpeg, webp"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_format_is_deterministic() {
    let options = Options::default().formats(Format::ALL.to_vec());
    let a = encode("card", card(), &options).unwrap();
    let b = encode("card", card(), &options).unwrap();
    assert_eq!(a.len(), Format::ALL.len());
    for (a, b) in a.iter().zip(&b) {
        assert!(
            a.bytes == b.bytes,
            "{:?} differs between two renders",
            a.format
        );
    }
}

#[test]
fn a_print_page_gets_its_size_in_mm_and_its_dpi() {
    let spec = "[page]\npreset = \"a4\"\n[[blocks]]\ntype = \"headline\"\ntext = \"周口\"\n";
    let poster = yitu::model::load_str(spec, Path::new("a4.toml")).unwrap();
    assert_eq!(poster.page.dpi, 300.0);
    let layout = render_poster(&poster).unwrap();
    let options = Options::default().for_page(&poster.page);
    let pdf = one(&layout, Format::Pdf, options.clone()).bytes;
    let (doc, page) = load_pdf(&pdf);
    let trim = common::pdf::page_box(&doc, page, "TrimBox").expect("a TrimBox");
    // 210 × 297 mm = 595.28 × 841.89 pt, exactly, whatever the pixels rounded to.
    let pt = |mm: f32| mm / 25.4 * 72.0;
    assert!((trim[2] - trim[0] - pt(210.0)).abs() < 0.01, "{trim:?}");
    assert!((trim[3] - trim[1] - pt(297.0)).abs() < 0.01, "{trim:?}");
    let png = one(&layout, Format::Png, options).bytes;
    assert_eq!(phys(&png), (11811, 11811, 1), "300 dpi");
    // A screen page keeps the defaults.
    assert_eq!(
        Options::default().for_page(&card_poster().page),
        Options::default()
    );
}

fn card_poster() -> yitu::model::Poster {
    yitu::model::load_file(Path::new("config/stat-card.toml")).unwrap()
}
