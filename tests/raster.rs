//! One picture: the direct raster (PNG) of every example, starter and test case against resvg's drawing
//! of the same graphic's outline SVG. The two draw the same scene through different code (tiny-skia
//! fills of the scene's items and glyphs from a coverage cache at quarter-pixel positions, against
//! usvg's tree of the written SVG), so an edge may lie up to an eighth of a pixel apart: a one-pixel stem
//! of small text may then fall half in two pixels in one picture and in one pixel in the other.
//!
//! So the pictures are compared as a reader sees them, block by block: the mean of every 4 × 4 block of
//! pixels may differ by at most [`BLOCK`] levels in any channel. An eighth of a pixel moves a block's
//! mean by at most about 16 levels (measured worst: 28); a missing glyph, a wrong colour or an item moved
//! by a pixel moves it by far more (`a_missing_glyph_is_seen`). Each page's count of pixels differing
//! at all is printed.
//!
//! To look at the pictures: `YITU_RASTER_DUMP=1 cargo test --test raster` writes both pictures of each
//! page to `target/tmp/raster/`.

use std::path::{Path, PathBuf};

use image::RgbaImage;
use yitu::export::{self, SvgOptions};
use yitu::scene::Item;
use yitu::{Format, Options};

/// The side of the blocks compared, pixels.
const SIDE: u32 = 4;
/// How far a block's mean may differ in a channel, in levels (0–255).
const BLOCK: f64 = 40.0;

fn specs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs = Vec::new();
    for folder in ["config", "tests/cases", "templates"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                specs.push(path);
            }
        }
    }
    specs.sort();
    specs
}

/// resvg's drawing of an SVG document, straight RGBA.
fn resvg_pixels(svg: &[u8]) -> RgbaImage {
    let tree = resvg::usvg::Tree::from_data(svg, &resvg::usvg::Options::default()).unwrap();
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(&tree, Default::default(), &mut pixmap.as_mut());
    let data = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    RgbaImage::from_raw(size.width(), size.height(), data).unwrap()
}

/// The largest difference of a block's mean in any channel, and the number of pixels that differ at all.
fn compare(a: &RgbaImage, b: &RgbaImage) -> (f64, usize) {
    assert_eq!(a.dimensions(), b.dimensions(), "sizes");
    let (w, h) = a.dimensions();
    let mut worst: f64 = 0.0;
    for by in (0..h).step_by(SIDE as usize) {
        for bx in (0..w).step_by(SIDE as usize) {
            let mut sums = [0i64; 4];
            let mut n = 0;
            for y in by..(by + SIDE).min(h) {
                for x in bx..(bx + SIDE).min(w) {
                    let (p, q) = (a.get_pixel(x, y).0, b.get_pixel(x, y).0);
                    for c in 0..4 {
                        sums[c] += p[c] as i64 - q[c] as i64;
                    }
                    n += 1;
                }
            }
            for sum in sums {
                worst = worst.max(sum.abs() as f64 / n as f64);
            }
        }
    }
    let differing = (a.pixels().zip(b.pixels()))
        .filter(|(p, q)| p.0 != q.0)
        .count();
    (worst, differing)
}

fn dump(name: &str, direct: &RgbaImage, oracle: &RgbaImage) {
    if std::env::var_os("YITU_RASTER_DUMP").is_none() {
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("raster");
    std::fs::create_dir_all(&dir).unwrap();
    direct.save(dir.join(format!("direct-{name}"))).unwrap();
    oracle.save(dir.join(format!("resvg-{name}"))).unwrap();
}

#[test]
fn the_direct_raster_is_the_outline_svg_drawn() {
    let options = Options::default().formats(vec![Format::Png, Format::Svg]);
    let mut pages = 0;
    let mut failures = Vec::new();
    for spec in specs() {
        let loaded = yitu::load_spec(&spec).unwrap_or_else(|e| panic!("{e}"));
        let rendered = yitu::render_loaded(&loaded, &options).unwrap_or_else(|e| panic!("{e}"));
        for svg in rendered.outputs.iter().filter(|o| o.format == Format::Svg) {
            let png_path = svg.path.with_extension("png");
            let png = (rendered.outputs.iter())
                .find(|o| o.path == png_path)
                .unwrap_or_else(|| panic!("no PNG beside {}", svg.path.display()));
            let direct = image::load_from_memory(&png.bytes).unwrap().to_rgba8();
            let oracle = resvg_pixels(&svg.bytes);
            let name = png_path.file_name().unwrap().to_string_lossy().to_string();
            dump(&name, &direct, &oracle);
            let (worst, differing) = compare(&direct, &oracle);
            eprintln!("{name}: blocks within {worst:.1} levels; {differing} pixels differ at all");
            if worst > BLOCK {
                failures.push(format!("{name}: a block differs by {worst:.1} levels"));
            }
            pages += 1;
        }
    }
    assert!(pages >= 20, "only {pages} pages compared");
    assert!(failures.is_empty(), "{failures:#?}");
}

/// The comparison sees a glyph left out of the raster.
#[test]
fn a_missing_glyph_is_seen() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/stat-card.toml");
    let poster = yitu::model::load_file(&spec).unwrap();
    let laid_out = yitu::render_poster(&poster).unwrap();
    let svg = export::to_svg(&laid_out.scene, &SvgOptions::default());
    let mut scene = laid_out.scene.clone();
    let run = (scene.items.iter_mut())
        .find_map(|i| match i {
            Item::Glyphs(run) if run.size < 40.0 && run.glyphs.len() > 3 => Some(run),
            _ => None,
        })
        .expect("a line of small text");
    run.glyphs.remove(1);
    let bg = scene.background;
    let drawing = export::Drawing::new(&scene, 1.0, Some([bg.r, bg.g, bg.b])).unwrap();
    let png = export::draw_png(&drawing, &export::PngOptions::default()).unwrap();
    let direct = image::load_from_memory(&png).unwrap().to_rgba8();
    let (worst, _) = compare(&direct, &resvg_pixels(svg.as_bytes()));
    assert!(
        worst > 2.0 * BLOCK,
        "a missing glyph shows as {worst:.1} levels"
    );
}
