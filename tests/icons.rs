//! Icons (issue #11): bundled Lucide icons and SVG files by name in stat cells, section badges and list
//! bullets, drawn as paths in the theme's colours where the layout says, written to SVG and PDF as
//! vector strokes; an unknown name an error with the nearest.

use std::path::Path;

use yitu::model::{load_str, Color, Poster};
use yitu::scene::{Item, PathOp, Scene};
use yitu::{encode, render_poster, Format, Options};

mod common;

fn poster_at(toml: &str, path: &Path) -> Poster {
    load_str(toml, path).unwrap_or_else(|e| panic!("{e}"))
}

/// The bounding box (left, top, right, bottom) of every path drawn in `color`, in drawing order.
fn path_boxes(scene: &Scene, color: Color) -> Vec<[f32; 4]> {
    scene
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Path(p)
                if p.stroke.is_some_and(|s| s.color == color) || p.fill == Some(color) =>
            {
                let pts: Vec<(f32, f32)> = p
                    .ops
                    .iter()
                    .filter_map(|op| match *op {
                        PathOp::Move(x, y)
                        | PathOp::Line(x, y)
                        | PathOp::Cubic(_, _, _, _, x, y) => Some((x, y)),
                        PathOp::Close => None,
                    })
                    .collect();
                Some([
                    pts.iter().map(|p| p.0).fold(f32::MAX, f32::min),
                    pts.iter().map(|p| p.1).fold(f32::MAX, f32::min),
                    pts.iter().map(|p| p.0).fold(f32::MIN, f32::max),
                    pts.iter().map(|p| p.1).fold(f32::MIN, f32::max),
                ])
            }
            _ => None,
        })
        .collect()
}

fn union(boxes: &[[f32; 4]]) -> [f32; 4] {
    boxes
        .iter()
        .fold([f32::MAX, f32::MAX, f32::MIN, f32::MIN], |a, b| {
            [
                a[0].min(b[0]),
                a[1].min(b[1]),
                a[2].max(b[2]),
                a[3].max(b[3]),
            ]
        })
}

const SPEC: &str = r#"[page]
width = 1080

[[blocks]]
type = "section"
title = "民生实事"
icon = "heart"

[[blocks]]
type = "stats"
columns = 2
items = [
  { icon = "users", label = "新增城镇就业", value = 6.7, unit = "万人" },
  { icon = "school", label = "新建改扩建学校", value = 58, unit = "所" },
]

[[blocks]]
type = "list"
icon = "leaf"
items = ["一是推进乡村振兴；", "二是加强生态保护；"]
"#;

#[test]
fn icons_sit_in_badges_above_labels_and_as_bullets() {
    let p = poster_at(SPEC, Path::new("icons.toml"));
    let layout = render_poster(&p).unwrap();
    let s = &layout.scene;
    let t = &p.theme.palette;
    // The section's icon in on_primary, inside its badge (a rect of the primary colour).
    let badge = s
        .items
        .iter()
        .find_map(|i| match i {
            Item::Rect {
                x,
                y,
                width,
                height,
                fill,
                ..
            } if *fill == t.primary && (width - height).abs() < 0.01 => {
                Some([*x, *y, x + width, y + height])
            }
            _ => None,
        })
        .expect("a badge");
    let heart = union(&path_boxes(s, t.on_primary));
    assert!(
        heart[0] > badge[0] && heart[2] < badge[2] && heart[1] > badge[1] && heart[3] < badge[3]
    );
    let (hx, bx) = ((heart[0] + heart[2]) / 2.0, (badge[0] + badge[2]) / 2.0);
    assert!((hx - bx).abs() < 2.0, "centred in the badge");

    // The stat icons in the primary colour, centred over their labels, above them.
    let primary = path_boxes(s, t.primary);
    let label = |text: &str| s.runs().find(|r| r.string() == text).unwrap();
    let grid = &layout.blocks[1];
    for (name, text) in [("users", "新增城镇就业"), ("school", "新建改扩建学校")] {
        let l = label(text);
        let (left, right) = l.extent();
        let top = l.text[0].y - l.size * 0.88;
        let mine: Vec<[f32; 4]> = primary
            .iter()
            .copied()
            .filter(|b| {
                b[3] <= top && b[1] >= grid.top && b[0] >= left - 60.0 && b[2] <= right + 60.0
            })
            .collect();
        assert!(!mine.is_empty(), "{name} above {text}");
        let icon = union(&mine);
        let cx = (icon[0] + icon[2]) / 2.0;
        assert!(
            (cx - (left + right) / 2.0).abs() < 3.0,
            "{name} centred: {icon:?}"
        );
        let side = icon[3] - icon[1];
        assert!(side > l.size * 1.2 && side < l.size * 2.2, "{name}: {side}");
    }

    // One leaf a list item, left of its text, on its first line.
    let list = &layout.blocks[2];
    let leaves: Vec<[f32; 4]> = primary
        .iter()
        .copied()
        .filter(|b| b[1] >= list.top - 1.0)
        .collect();
    for item in ["一是推进乡村振兴；", "二是加强生态保护；"] {
        let r = label(item);
        let mid = r.text[0].y - r.size * 0.35;
        let near: Vec<[f32; 4]> = leaves
            .iter()
            .copied()
            .filter(|b| b[1] < mid && b[3] > mid)
            .collect();
        assert!(!near.is_empty(), "a leaf by {item}");
        assert!(union(&near)[2] < r.extent().0);
    }

    // Written as vector strokes: SVG paths in the primary colour, PDF stroke operators.
    let out = |format| {
        let options = Options::default().formats(vec![format]);
        encode("icons", &layout, &options).unwrap().remove(0).bytes
    };
    let svg = String::from_utf8(out(Format::Svg)).unwrap();
    let tree = roxmltree::Document::parse(&svg).unwrap();
    let hex = format!("#{:02x}{:02x}{:02x}", t.primary.r, t.primary.g, t.primary.b);
    let stroked = tree
        .descendants()
        .filter(|n| n.has_tag_name("path"))
        .filter(|n| {
            n.attribute("stroke")
                .is_some_and(|c| c.eq_ignore_ascii_case(&hex))
        })
        .count();
    assert!(stroked >= 8, "{stroked} icon paths in the SVG");
    let (doc, page) = common::pdf::load_pdf(&out(Format::Pdf));
    let strokes = common::pdf::operations(&doc, page)
        .iter()
        .filter(|op| op.operator == "S")
        .count();
    assert!(strokes >= 8, "{strokes} strokes in the PDF");
}

#[test]
fn an_svg_file_is_an_icon_and_a_wrong_name_an_error() {
    let dir = std::env::temp_dir().join(format!("yitu-icons-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("icons")).unwrap();
    std::fs::write(
        dir.join("icons/port.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect x="1" y="1" width="8" height="8" fill="#123456"/></svg>"##,
    )
    .unwrap();
    std::fs::write(dir.join("icons/photo.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    let spec = dir.join("x.toml");
    let p = poster_at(
        "[[blocks]]\ntype = \"stat\"\nicon = \"icons/port.svg\"\nlabel = \"集装箱\"\nvalue = 5\n",
        &spec,
    );
    let s = render_poster(&p).unwrap().scene;
    // Drawn in the theme's primary colour, not its own.
    assert_eq!(path_boxes(&s, p.theme.palette.primary).len(), 1);
    assert!(path_boxes(&s, Color::rgb(0x12, 0x34, 0x56)).is_empty());
    let err = |src: &str| {
        let e = load_str(src, &spec).unwrap_err();
        (
            e.problems[0].key.clone(),
            e.problems[0].help.clone(),
            e.problems[0].message.clone(),
        )
    };
    let (key, help, _) =
        err("[[blocks]]\ntype = \"stats\"\nitems = [{ icon = \"usres\", value = 1 }]\n");
    assert_eq!(key, "blocks[0].items[0].icon");
    assert_eq!(help.as_deref(), Some("did you mean `users`?"));
    let (key, help, _) =
        err("[[blocks]]\ntype = \"list\"\nicon = \"qwertyuiop\"\nitems = [\"a\"]\n");
    assert_eq!(key, "blocks[0].icon");
    assert!(help.unwrap().contains("hospital"), "the list of names");
    let (key, _, _) = err("[[blocks]]\ntype = \"stat\"\nicon = \"icons/photo.png\"\nvalue = 1\n");
    assert_eq!(key, "blocks[0].icon");
    let (key, _, message) =
        err("[[blocks]]\ntype = \"section\"\nnumber = 1\nicon = \"users\"\ntitle = \"a\"\n");
    assert_eq!(key, "blocks[0].icon");
    assert!(message.contains("both"));
    let (key, _, _) = err("[[blocks]]\ntype = \"paragraph\"\nicon = \"users\"\ntext = \"a\"\n");
    assert_eq!(key, "blocks[0].icon");
    let _ = std::fs::remove_dir_all(&dir);
}
