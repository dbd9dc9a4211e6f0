//! Render benchmark: times each pipeline stage separately, and the whole, on the seed poster and the
//! social card. A small hand-written harness (no criterion, to keep the build light):
//!
//! ```text
//! cargo bench --bench render             # everything
//! cargo bench --bench render -- zhoukou  # only configs or stages whose name contains "zhoukou"
//! ```
//!
//! Then long paragraphs (`paragraph-20k`, `paragraph-100k`): one paragraph of the seed's text repeated to
//! 20 000 and 100 000 characters (the most one text may hold), through load, layout and SVG, which is
//! where their length tells (paragraph layout must stay near-linear in it).
//!
//! Each stage runs once as warm-up, then N times, N = max(10, ⌈1 s / warm-up time⌉), so every stage
//! runs at least 10 iterations and about a second. Medians and minimums are printed as Markdown tables,
//! with output sizes and, at the end, the process's peak resident memory (VmHWM).

use std::hint::black_box;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder};
use resvg::tiny_skia;
use yitu::export::{self, PngOptions, SvgOptions, SvgText};
use yitu::text::fonts::FontBook;
use yitu::{Format, Options};

const CONFIGS: &[&str] = &["config/zhoukou-2023.toml", "config/social-card.toml"];
const MIN_ITERS: usize = 10;
const MIN_TIME: Duration = Duration::from_secs(1);
/// The stages timed through the library's entry points.
const STAGES: &[&str] = &[
    "load + validate",
    "layout",
    "SVG write (outlines)",
    "draw + PNG encode",
    "PDF write",
    "encode (PNG + SVG)",
    "total (load → encode)",
];
/// Long paragraphs: a name, the number of characters and the page width (wide enough for 100 000
/// characters to stay within the 100 000 px a page may grow to).
const PARAGRAPHS: &[(&str, usize, u32)] = &[
    ("paragraph-20k", 20_000, 1080),
    ("paragraph-100k", 100_000, 2000),
];
/// The stages timed for a long paragraph.
const PARAGRAPH_STAGES: &[&str] = &[
    "load + validate",
    "layout",
    "SVG write (outlines)",
    "total (load → SVG)",
];
/// The steps of the PNG, one by one, and the earlier way through the SVG for comparison.
const PNG_STEPS: &[&str] = &[
    "draw (direct, whole page)",
    "PNG encode (fast, adaptive)",
    "PNG encode (default, adaptive; for comparison)",
    "usvg parse + resvg render (the SVG path, for comparison)",
];

struct Row {
    config: String,
    stage: &'static str,
    iters: usize,
    median: Duration,
    min: Duration,
}

struct Sizes {
    config: String,
    width: f32,
    height: f32,
    glyphs: usize,
    png: usize,
    svg: usize,
    svg_live: usize,
    /// The same picture with fast PNG compression, for comparison.
    png_fast: Option<usize>,
}

/// Warm-up once, then at least `MIN_ITERS` iterations and about `MIN_TIME` in all.
fn time<T>(mut f: impl FnMut() -> T) -> (usize, Duration, Duration) {
    let start = Instant::now();
    black_box(f());
    let warm = start.elapsed().max(Duration::from_nanos(1));
    let iters = MIN_ITERS.max(MIN_TIME.as_nanos().div_ceil(warm.as_nanos()) as usize);
    let mut samples = Vec::with_capacity(iters);
    for _ in 0..iters {
        let start = Instant::now();
        black_box(f());
        samples.push(start.elapsed());
    }
    samples.sort();
    let median = if iters % 2 == 1 {
        samples[iters / 2]
    } else {
        (samples[iters / 2 - 1] + samples[iters / 2]) / 2
    };
    (iters, median, samples[0])
}

fn ms(d: Duration) -> String {
    let v = d.as_secs_f64() * 1e3;
    if v < 1.0 {
        format!("{v:.3}")
    } else if v < 100.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.1}")
    }
}

/// A size in the table, or a dash for a format not written (long paragraphs are written as SVG only).
fn dash_if_zero(bytes: usize) -> String {
    if bytes == 0 {
        "–".to_string()
    } else {
        bytes.to_string()
    }
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn stem(config: &str) -> String {
    Path::new(config)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn main() {
    // `cargo bench` passes `--bench`; any flag is ignored, the first plain argument filters config and
    // stage names (case-insensitive substring).
    let filter: Option<String> = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(|a| a.to_lowercase());
    let selected = |config: &str, stage: &str| match &filter {
        None => true,
        Some(f) => config.to_lowercase().contains(f) || stage.to_lowercase().contains(f),
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));

    // The font book is parsed once per process (a OnceLock); time that first call on its own.
    let start = Instant::now();
    let _book = FontBook::bundled();
    let font_init = start.elapsed();

    let mut rows: Vec<Row> = Vec::new();
    let mut breakdown: Vec<Row> = Vec::new();
    let mut sizes: Vec<Sizes> = Vec::new();
    let mut peaks: Vec<(String, Option<u64>)> = Vec::new();

    for config in CONFIGS {
        let name = stem(config);
        let path = root.join(config);
        if !STAGES.iter().chain(PNG_STEPS).any(|s| selected(&name, s)) {
            continue;
        }
        let poster = match yitu::model::load_file(&path) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                std::process::exit(1);
            }
        };
        let laid_out = match yitu::render_poster(&poster) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                std::process::exit(1);
            }
        };
        let outline = SvgOptions::default().text(SvgText::Outlines);
        let svg = export::to_svg(&laid_out.scene, &outline);
        let png_options = PngOptions::default();
        let bg = laid_out.scene.background;
        let backdrop = (bg.a == 255).then_some([bg.r, bg.g, bg.b]);
        let drawing = export::Drawing::new(&laid_out.scene, 1.0, backdrop).expect("drawable");
        let png = export::draw_png(&drawing, &png_options).expect("PNG export");
        let live = export::to_svg(&laid_out.scene, &SvgOptions::default().text(SvgText::Live));
        sizes.push(Sizes {
            config: name.clone(),
            width: laid_out.scene.width,
            height: laid_out.scene.height,
            glyphs: laid_out.scene.runs().map(|r| r.glyphs.len()).sum(),
            png: png.len(),
            svg: svg.len(),
            svg_live: live.len(),
            png_fast: None,
        });
        let options = Options::default().formats(vec![Format::Png, Format::Svg]);

        let run = |stage: &'static str, rows: &mut Vec<Row>, f: &mut dyn FnMut()| {
            if !selected(&name, stage) {
                return;
            }
            let (iters, median, min) = time(f);
            eprintln!("  {name} {stage}: {} ms (median of {iters})", ms(median));
            rows.push(Row {
                config: name.clone(),
                stage,
                iters,
                median,
                min,
            });
        };

        let [load, lay, svg_write, to_png, pdf_write, encode, total] = STAGES else {
            unreachable!()
        };
        run(load, &mut rows, &mut || {
            black_box(yitu::model::load_file(&path).unwrap());
        });
        run(lay, &mut rows, &mut || {
            black_box(yitu::render_poster(&poster).unwrap());
        });
        run(svg_write, &mut rows, &mut || {
            black_box(export::to_svg(&laid_out.scene, &outline));
        });
        run(to_png, &mut rows, &mut || {
            let drawing = export::Drawing::new(&laid_out.scene, 1.0, backdrop).unwrap();
            black_box(export::draw_png(&drawing, &png_options).unwrap());
        });
        run(pdf_write, &mut rows, &mut || {
            let pdf = export::PdfOptions::default();
            black_box(export::to_pdf(&[&laid_out.scene], &poster.name, &pdf).unwrap());
        });
        run(encode, &mut rows, &mut || {
            black_box(yitu::encode(&poster.name, &laid_out, &options).unwrap());
        });
        run(total, &mut rows, &mut || {
            let poster = yitu::model::load_file(&path).unwrap();
            let laid_out = yitu::render_poster(&poster).unwrap();
            black_box(yitu::encode(&poster.name, &laid_out, &options).unwrap());
        });

        peaks.push((name.clone(), peak_rss_kib()));

        // Where SVG → PNG spends its time: the steps of `export::png::svg_to_png`, replayed one by one.
        if !PNG_STEPS.iter().any(|s| selected(&name, s)) {
            continue;
        }
        let raster = drawing.raster().unwrap();
        let (w, h) = (raster.width, raster.height);
        let colour = if raster.opaque {
            ExtendedColorType::Rgb8
        } else {
            ExtendedColorType::Rgba8
        };
        let rgba = raster.pixels.clone();
        let [draw, png_fast, png_default, svg_path] = PNG_STEPS else {
            unreachable!()
        };
        run(draw, &mut breakdown, &mut || {
            let drawing = export::Drawing::new(&laid_out.scene, 1.0, backdrop).unwrap();
            black_box(drawing.raster().unwrap());
        });
        run(png_fast, &mut breakdown, &mut || {
            black_box(export::encode_png(&raster, &png_options).unwrap());
        });
        run(png_default, &mut breakdown, &mut || {
            black_box(encode_png(
                &rgba,
                w,
                h,
                colour,
                CompressionType::Default,
                FilterType::Adaptive,
            ));
        });
        run(svg_path, &mut breakdown, &mut || {
            let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).unwrap();
            let mut pixmap = tiny_skia::Pixmap::new(w, h).unwrap();
            resvg::render(
                &tree,
                tiny_skia::Transform::identity(),
                &mut pixmap.as_mut(),
            );
            black_box(pixmap);
        });
        if let Some(s) = sizes.last_mut() {
            s.png_fast = Some(
                encode_png(
                    &rgba,
                    w,
                    h,
                    colour,
                    CompressionType::Fast,
                    FilterType::Adaptive,
                )
                .len(),
            );
        }
    }

    for &(name, chars, width) in PARAGRAPHS {
        if !PARAGRAPH_STAGES.iter().any(|s| selected(name, s)) {
            continue;
        }
        let path = write_paragraph_spec(&root, name, chars, width);
        let poster = yitu::model::load_file(&path).expect("paragraph spec loads");
        let laid_out = yitu::render_poster(&poster).expect("paragraph lays out");
        let outline = SvgOptions::default().text(SvgText::Outlines);
        let svg = export::to_svg(&laid_out.scene, &outline);
        sizes.push(Sizes {
            config: name.to_owned(),
            width: laid_out.scene.width,
            height: laid_out.scene.height,
            glyphs: laid_out.scene.runs().map(|r| r.glyphs.len()).sum(),
            png: 0,
            svg: svg.len(),
            svg_live: 0,
            png_fast: None,
        });
        let [load, lay, svg_write, total] = PARAGRAPH_STAGES else {
            unreachable!()
        };
        let mut run = |stage: &'static str, f: &mut dyn FnMut()| {
            if !selected(name, stage) {
                return;
            }
            let (iters, median, min) = time(f);
            eprintln!("  {name} {stage}: {} ms (median of {iters})", ms(median));
            rows.push(Row {
                config: name.to_owned(),
                stage,
                iters,
                median,
                min,
            });
        };
        run(load, &mut || {
            black_box(yitu::model::load_file(&path).unwrap());
        });
        run(lay, &mut || {
            black_box(yitu::render_poster(&poster).unwrap());
        });
        run(svg_write, &mut || {
            black_box(export::to_svg(&laid_out.scene, &outline));
        });
        run(total, &mut || {
            let poster = yitu::model::load_file(&path).unwrap();
            let laid_out = yitu::render_poster(&poster).unwrap();
            black_box(export::to_svg(&laid_out.scene, &outline));
        });
        peaks.push((name.to_owned(), peak_rss_kib()));
    }

    println!();
    println!(
        "font book parse (first call, once per process): {} ms",
        ms(font_init)
    );
    println!();
    println!("| config | stage | iterations | median ms | min ms |");
    println!("| --- | --- | ---: | ---: | ---: |");
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {} |",
            r.config,
            r.stage,
            r.iters,
            ms(r.median),
            ms(r.min)
        );
    }
    if !breakdown.is_empty() {
        println!();
        println!("SVG → PNG broken down (the steps of export::png::svg_to_png, replayed):");
        println!();
        println!("| config | step | iterations | median ms | min ms |");
        println!("| --- | --- | ---: | ---: | ---: |");
        for r in &breakdown {
            println!(
                "| {} | {} | {} | {} | {} |",
                r.config,
                r.stage,
                r.iters,
                ms(r.median),
                ms(r.min)
            );
        }
    }
    println!();
    println!(
        "| config | page px | glyphs | PNG bytes | PNG bytes, fast compression | SVG bytes (outlines) | SVG bytes (live text) |"
    );
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    for s in &sizes {
        println!(
            "| {} | {}×{} | {} | {} | {} | {} | {} |",
            s.config,
            s.width,
            s.height,
            s.glyphs,
            dash_if_zero(s.png),
            s.png_fast.map_or("–".to_string(), |n| n.to_string()),
            s.svg,
            dash_if_zero(s.svg_live)
        );
    }
    println!();
    for (name, kib) in &peaks {
        if let Some(kib) = kib {
            println!(
                "VmHWM after the {name} stages (process-wide, cumulative; before its breakdown): {:.1} MiB",
                *kib as f64 / 1024.0
            );
        }
    }
    match peak_rss_kib() {
        Some(kib) => println!(
            "peak resident memory (VmHWM) of the bench process: {:.1} MiB",
            kib as f64 / 1024.0
        ),
        None => println!("peak resident memory: /proc/self/status not available"),
    }
}

/// Writes a spec of one paragraph of `chars` characters on a page `width` px wide, and returns its path:
/// the seed's paragraphs (newsroom Chinese with figures and ASCII punctuation) and a sentence with Latin
/// words, repeated.
fn write_paragraph_spec(root: &Path, name: &str, chars: usize, width: u32) -> PathBuf {
    let seed = yitu::model::load_file(root.join(CONFIGS[0])).expect("seed loads");
    let mut text: String = seed
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            yitu::model::BlockKind::Paragraph(p) => Some(p.text.as_str()),
            _ => None,
        })
        .collect();
    text.push_str("其中GDP增长8.5%,CPI上涨2.1%,Wi-Fi覆盖率达到98.6%,5G基站新建1.2万个。");
    let paragraph: String = text.chars().cycle().take(chars).collect();
    let spec = format!(
        "[page]\nwidth = {width}\nheight = \"auto\"\n\n[[blocks]]\ntype = \"paragraph\"\ntext = \"{paragraph}\"\n"
    );
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.toml"));
    std::fs::write(&path, spec).expect("write the paragraph spec");
    path
}

fn encode_png(
    pixels: &[u8],
    w: u32,
    h: u32,
    colour: ExtendedColorType,
    compression: CompressionType,
    filter: FilterType,
) -> Vec<u8> {
    let mut bytes = Vec::new();
    PngEncoder::new_with_quality(Cursor::new(&mut bytes), compression, filter)
        .write_image(pixels, w, h, colour)
        .unwrap();
    bytes
}
