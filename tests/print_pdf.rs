//! The PDF for print: page boxes (TrimBox exactly the size in mm, BleedBox around it, crop marks outside
//! the bleed on a larger MediaBox), the background carried into the bleed, and colour: DeviceCMYK with the
//! inks a theme gives, black text in 100 % K that overprints; screen PDFs stay RGB with one box. Each
//! PDF is parsed back with lopdf and its content stream walked.

use std::path::Path;

use yitu::{encode, render_poster, Format, Options, PrintPage};

mod common;
use common::pdf::{load_pdf, operands, operations, page_box};

const PT_PER_MM: f32 = 72.0 / 25.4;

/// The PDF of a spec (its own page's options, as `yitu render` uses them), parsed.
fn pdf_of(spec: &str, adjust: impl FnOnce(&mut Options)) -> (lopdf::Document, lopdf::ObjectId) {
    let poster =
        yitu::model::load_str(spec, Path::new("print.toml")).unwrap_or_else(|e| panic!("{e}"));
    let layout = render_poster(&poster).unwrap_or_else(|e| panic!("{e}"));
    let mut options = Options::default()
        .for_page(&poster.page)
        .formats(vec![Format::Pdf]);
    adjust(&mut options);
    let out = encode("print", &layout, &options).unwrap_or_else(|e| panic!("{e}"));
    load_pdf(&out[0].bytes)
}

const A4: &str = "[page]\npreset = \"a4\"\n\
    [[blocks]]\ntype = \"headline\"\ntext = \"周口市2023年政府工作报告\"\n\
    [[blocks]]\ntype = \"paragraph\"\ntext = \"新增返乡创业1.2万人以上。\"\n";

fn grown(b: [f32; 4], by: f32) -> [f32; 4] {
    [b[0] - by, b[1] - by, b[2] + by, b[3] + by]
}

fn assert_box(got: [f32; 4], want: [f32; 4], what: &str) {
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() < 0.01, "{what}: {got:?}, expected {want:?}");
    }
}

#[test]
fn a4_has_its_trim_in_mm_a_3_mm_bleed_and_room_for_crop_marks() {
    let (doc, page) = pdf_of(A4, |_| {});
    let trim = page_box(&doc, page, "TrimBox").expect("TrimBox");
    let bleed = page_box(&doc, page, "BleedBox").expect("BleedBox");
    let media = page_box(&doc, page, "MediaBox").expect("MediaBox");
    assert!(
        (trim[2] - trim[0] - 210.0 * PT_PER_MM).abs() < 0.01,
        "{trim:?}"
    );
    assert!(
        (trim[3] - trim[1] - 297.0 * PT_PER_MM).abs() < 0.01,
        "{trim:?}"
    );
    assert_box(
        bleed,
        grown(trim, 3.0 * PT_PER_MM),
        "BleedBox = TrimBox + 3 mm",
    );
    assert!(
        media[0] < bleed[0] - 5.0 * PT_PER_MM && media[2] > bleed[2] + 5.0 * PT_PER_MM,
        "the paper has room for 5 mm marks outside the bleed: {media:?} around {bleed:?}"
    );
}

#[test]
fn bleed_and_marks_follow_the_options() {
    let (doc, page) = pdf_of(A4, |o| {
        o.pdf.print = Some(PrintPage {
            bleed_mm: 5.0,
            crop_marks: false,
            ..o.pdf.print.unwrap()
        })
    });
    let trim = page_box(&doc, page, "TrimBox").unwrap();
    let bleed = page_box(&doc, page, "BleedBox").unwrap();
    let media = page_box(&doc, page, "MediaBox").unwrap();
    assert_box(bleed, grown(trim, 5.0 * PT_PER_MM), "5 mm bleed");
    assert_box(media, bleed, "no marks: the paper is the bleed");
    let strokes = operations(&doc, page)
        .iter()
        .filter(|op| op.operator == "S")
        .count();
    assert_eq!(strokes, 0, "no crop marks drawn");
}

#[test]
fn the_background_fills_the_bleed_and_crop_marks_sit_outside_it_on_the_trim_lines() {
    let (doc, page) = pdf_of(A4, |_| {});
    let trim = page_box(&doc, page, "TrimBox").unwrap();
    let bleed = page_box(&doc, page, "BleedBox").unwrap();
    let media = page_box(&doc, page, "MediaBox").unwrap();
    let ops = operations(&doc, page);
    // The first filled rectangle is the background, over the whole bleed.
    let first_fill = ops
        .windows(2)
        .find(|w| w[0].operator == "re" && w[1].operator == "f")
        .expect("a filled rectangle");
    let r = operands(&first_fill[0]);
    assert_box(
        [r[0], r[1], r[0] + r[2], r[1] + r[3]],
        bleed,
        "background rectangle",
    );
    // The headline band touches the top of the page: it is carried up into the bleed too.
    let bands_to_bleed_top = ops
        .windows(2)
        .filter(|w| w[0].operator == "re" && w[1].operator == "f")
        .map(|w| operands(&w[0]))
        .filter(|r| (r[1] + r[3] - bleed[3]).abs() < 0.01)
        .count();
    assert!(
        bands_to_bleed_top >= 2,
        "background and headline band reach the bleed's top"
    );
    // Crop marks: eight lines (m l … S at the end), each on a trim line, entirely outside the bleed.
    let mut marks = Vec::new();
    let mut start = None;
    for op in &ops {
        match op.operator.as_str() {
            "m" => start = Some(operands(op)),
            "l" => {
                let (a, b) = (start.clone().unwrap(), operands(op));
                marks.push((a[0], a[1], b[0], b[1]));
            }
            "re" | "c" | "f" | "B" => marks.clear(),
            _ => {}
        }
    }
    assert_eq!(marks.len(), 8, "two marks per corner: {marks:?}");
    let on = |v: f32, lines: [f32; 2]| lines.iter().any(|l| (v - l).abs() < 0.01);
    for &(x0, y0, x1, y1) in &marks {
        let horizontal = (y0 - y1).abs() < 0.01;
        if horizontal {
            assert!(
                on(y0, [trim[1], trim[3]]),
                "horizontal mark on a trim line: {y0}"
            );
        } else {
            assert!(
                on(x0, [trim[0], trim[2]]),
                "vertical mark on a trim line: {x0}"
            );
        }
        for (x, y) in [(x0, y0), (x1, y1)] {
            let outside = x < bleed[0] || x > bleed[2] || y < bleed[1] || y > bleed[3];
            assert!(outside, "mark point ({x}, {y}) outside the bleed {bleed:?}");
            assert!(x >= media[0] && x <= media[2] && y >= media[1] && y <= media[3]);
        }
    }
}

/// The fill colour set before each `BT`, and every colour operator used.
fn colours(doc: &lopdf::Document, page: lopdf::ObjectId) -> (Vec<(String, Vec<f32>)>, Vec<String>) {
    let mut fill: (String, Vec<f32>) = (String::new(), Vec::new());
    let (mut text_fills, mut operators) = (Vec::new(), Vec::new());
    for op in operations(doc, page) {
        match op.operator.as_str() {
            "k" | "rg" | "g" => fill = (op.operator.clone(), operands(&op)),
            "BT" => text_fills.push(fill.clone()),
            _ => {}
        }
        if matches!(
            op.operator.as_str(),
            "k" | "K" | "rg" | "RG" | "g" | "G" | "sc" | "scn"
        ) {
            operators.push(op.operator.clone());
        }
    }
    (text_fills, operators)
}

/// Only DeviceCMYK colour operators on the page, and text set in 100 % K among its text fills.
fn assert_cmyk_with_black_text(doc: &lopdf::Document, page: lopdf::ObjectId) {
    let (text_fills, operators) = colours(doc, page);
    assert!(
        operators.iter().all(|o| o == "k" || o == "K"),
        "only DeviceCMYK colour operators: {operators:?}"
    );
    assert!(
        text_fills.contains(&("k".to_string(), vec![0.0, 0.0, 0.0, 1.0])),
        "text in 100 % K: {text_fills:?}"
    );
}

#[test]
fn cmyk_theme_colours_are_kept_as_device_cmyk_and_black_text_is_100_k_overprinting() {
    let spec = "[theme]\nprimary = \"cmyk(0, 100, 100, 20)\"\ntext = \"cmyk(0, 0, 0, 100)\"\n\
        [[blocks]]\ntype = \"headline\"\ntext = \"周口\"\n\
        [[blocks]]\ntype = \"paragraph\"\ntext = \"新增返乡创业1.2万人以上。\"\n";
    let (doc, page) = pdf_of(spec, |_| {});
    assert_cmyk_with_black_text(&doc, page);
    let ops = operations(&doc, page);
    let has_fill = |want: [f32; 4]| {
        ops.iter().any(|op| {
            op.operator == "k"
                && operands(op)
                    .iter()
                    .zip(want)
                    .all(|(a, b)| (a - b).abs() < 1e-4)
        })
    };
    assert!(
        has_fill([0.0, 1.0, 1.0, 0.2]),
        "the primary's inks as given"
    );
    // The black text overprints: an ExtGState with /OP true is set for it.
    let overprints = doc.objects.values().any(|o| {
        o.as_dict().is_ok_and(|d| {
            d.get(b"OP").and_then(|v| v.as_bool()).unwrap_or(false)
                && d.get(b"op").and_then(|v| v.as_bool()).unwrap_or(false)
        })
    });
    assert!(overprints, "an overprinting graphics state for black text");
}

#[test]
fn a_print_pdf_of_an_rgb_theme_is_cmyk_with_near_black_text_in_black_ink_only() {
    let (doc, page) = pdf_of(A4, |_| {});
    // CMYK throughout; the default theme's body text is #1E1E1E: printed as 0/0/0/100, not four inks.
    assert_cmyk_with_black_text(&doc, page);
}

#[test]
fn a_screen_pdf_stays_rgb_with_a_single_box() {
    let spec = "[[blocks]]\ntype = \"headline\"\ntext = \"周口\"\n";
    let (doc, page) = pdf_of(spec, |_| {});
    let (_, operators) = colours(&doc, page);
    assert!(
        operators.iter().all(|o| o == "rg" || o == "RG"),
        "{operators:?}"
    );
    assert!(!operators.is_empty());
    assert_eq!(page_box(&doc, page, "TrimBox"), None);
    assert_eq!(page_box(&doc, page, "BleedBox"), None);
}

#[test]
fn chart_colours_keep_the_themes_inks_through_plotters() {
    // All three inks above zero: a naive round trip through sRGB would come back as other inks.
    let spec = "[theme]\nprimary = \"cmyk(20, 80, 60, 10)\"\n\
        [[blocks]]\ntype = \"chart\"\nkind = \"column\"\n\
        labels = [\"甲\", \"乙\", \"丙\"]\nvalues = [3, 5, 4]\n";
    let (doc, page) = pdf_of(spec, |_| {});
    let primary = operations(&doc, page)
        .iter()
        .filter(|op| {
            op.operator == "k"
                && operands(op)
                    .iter()
                    .zip([0.2, 0.8, 0.6, 0.1])
                    .all(|(a, b)| (a - b).abs() < 1e-4)
        })
        .count();
    assert!(
        primary >= 3,
        "three columns in the primary's inks, found {primary}"
    );
}

#[test]
fn the_shipped_print_theme_prints_in_its_inks() {
    // Loaded as if the spec sat in config/, beside themes/.
    let spec = "[theme]\nextends = \"themes/print-cmyk.toml\"\n\
        [[blocks]]\ntype = \"headline\"\ntext = \"周口\"\n\
        [[blocks]]\ntype = \"paragraph\"\ntext = \"新增返乡创业1.2万人以上。\"\n";
    let poster = yitu::model::load_str(spec, Path::new("config/card.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let layout = render_poster(&poster).unwrap();
    let options = Options::default().formats(vec![Format::Pdf]);
    let out = encode("card", &layout, &options).unwrap();
    let (doc, page) = load_pdf(&out[0].bytes);
    assert_cmyk_with_black_text(&doc, page);
    assert!(
        operations(&doc, page)
            .iter()
            .any(|op| op.operator == "k" && operands(op) == vec![0.0, 0.9, 0.85, 0.25]),
        "the theme's primary, as given"
    );
}
