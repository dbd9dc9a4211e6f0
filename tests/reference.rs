//! Reference images: small specs rendered to PNG and compared with committed pictures in
//! `tests/references/NAME.png`.
//!
//! Tolerance: a pixel differs when any channel (R, G, B, A) differs by more than 8; a test fails when the
//! sizes differ or more than 0.5 % of the pixels differ. That absorbs anti-aliasing noise from a changed
//! rasteriser or platform, but not a moved line, a changed colour or a missing glyph.
//!
//! On failure the test writes `tests/output/NAME.expected.png`, `NAME.actual.png` and `NAME.diff.png`
//! (differing pixels in red over a faded copy of the actual image) and names them in the panic message.
//!
//! After an intended change of the rendering, look at the new pictures, then rewrite the references with
//!
//! ```text
//! YITU_UPDATE_REFS=1 cargo test --test reference
//! ```
//!
//! A missing reference is a failure (it is only created in update mode).

use std::path::{Path, PathBuf};

use image::{Rgba, RgbaImage};

/// A channel may differ by this much before the pixel counts as different.
const CHANNEL_TOLERANCE: u8 = 8;
/// The share of differing pixels above which the images count as different.
const MAX_DIFFERING_SHARE: f64 = 0.005;

const UPDATE_VAR: &str = "YITU_UPDATE_REFS";

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn update_mode() -> bool {
    std::env::var_os(UPDATE_VAR).is_some_and(|v| !v.is_empty() && v != "0")
}

/// Renders `spec` to PNG through the library and decodes it.
fn render(spec: &Path) -> (RgbaImage, Vec<u8>) {
    let poster = yitu::model::load_file(spec).unwrap_or_else(|e| panic!("{e}"));
    let laid_out =
        yitu::render_poster(&poster).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let options = yitu::Options::default().formats(vec![yitu::Format::Png]);
    let outputs = yitu::encode(&poster.name, &laid_out, &options).unwrap_or_else(|e| panic!("{e}"));
    let bytes = outputs
        .into_iter()
        .find(|o| o.format == yitu::Format::Png)
        .expect("a PNG output")
        .bytes;
    (decode(&bytes, spec), bytes)
}

fn decode(bytes: &[u8], what: &Path) -> RgbaImage {
    image::load_from_memory_with_format(bytes, image::ImageFormat::Png)
        .unwrap_or_else(|e| panic!("{} does not decode as PNG: {e}", what.display()))
        .to_rgba8()
}

/// How two images compare.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Comparison {
    /// Pixels that differ (every pixel of the larger area when the sizes differ).
    differing: u64,
    total: u64,
    same_size: bool,
}

impl Comparison {
    fn share(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.differing as f64 / self.total as f64
        }
    }

    fn passes(&self) -> bool {
        self.same_size && self.share() <= MAX_DIFFERING_SHARE
    }
}

fn pixel_differs(a: &Rgba<u8>, b: &Rgba<u8>) -> bool {
    a.0.iter()
        .zip(b.0.iter())
        .any(|(x, y)| x.abs_diff(*y) > CHANNEL_TOLERANCE)
}

/// Compares `actual` with `expected` and draws the difference: differing pixels in red over a faded copy
/// of `actual` (the diff has the larger of the two sizes; pixels outside either image count as differing).
fn compare(expected: &RgbaImage, actual: &RgbaImage) -> (Comparison, RgbaImage) {
    let width = expected.width().max(actual.width());
    let height = expected.height().max(actual.height());
    let mut diff = RgbaImage::new(width, height);
    let mut differing = 0u64;
    for y in 0..height {
        for x in 0..width {
            let e = expected.get_pixel_checked(x, y);
            let a = actual.get_pixel_checked(x, y);
            let differs = match (e, a) {
                (Some(e), Some(a)) => pixel_differs(e, a),
                _ => true,
            };
            let out = if differs {
                differing += 1;
                Rgba([255, 0, 0, 255])
            } else {
                // Faded: a quarter of the actual pixel's contrast against white.
                let a = a.copied().unwrap_or(Rgba([255, 255, 255, 255]));
                let fade = |c: u8| 255 - (255 - c) / 4;
                Rgba([fade(a[0]), fade(a[1]), fade(a[2]), 255])
            };
            diff.put_pixel(x, y, out);
        }
    }
    let comparison = Comparison {
        differing,
        total: u64::from(width) * u64::from(height),
        same_size: expected.dimensions() == actual.dimensions(),
    };
    (comparison, diff)
}

fn save(image: &RgbaImage, path: &Path) {
    image
        .save_with_format(path, image::ImageFormat::Png)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Renders `spec` and compares it with `tests/references/NAME.png`, or rewrites that file in update mode.
fn check_reference(name: &str, spec: &Path) {
    let spec = manifest_dir().join(spec);
    let reference = manifest_dir()
        .join("tests/references")
        .join(format!("{name}.png"));
    let (actual, actual_bytes) = render(&spec);

    if update_mode() {
        std::fs::create_dir_all(reference.parent().unwrap()).unwrap();
        std::fs::write(&reference, &actual_bytes)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", reference.display()));
        eprintln!("updated {}", reference.display());
        return;
    }

    let expected_bytes = std::fs::read(&reference).unwrap_or_else(|e| {
        panic!(
            "no reference image {} ({e}) for {}.\nLook at the rendering, then create it with:\n    {UPDATE_VAR}=1 cargo test --test reference",
            reference.display(),
            spec.display()
        )
    });
    let expected = decode(&expected_bytes, &reference);
    let (comparison, diff) = compare(&expected, &actual);
    if comparison.passes() {
        return;
    }

    let out_dir = manifest_dir().join("tests/output");
    std::fs::create_dir_all(&out_dir).unwrap();
    let paths =
        ["expected", "actual", "diff"].map(|kind| out_dir.join(format!("{name}.{kind}.png")));
    save(&expected, &paths[0]);
    save(&actual, &paths[1]);
    save(&diff, &paths[2]);
    let why = if comparison.same_size {
        format!(
            "{} of {} pixels ({:.2} %) differ by more than {CHANNEL_TOLERANCE} in a channel; at most {:.1} % may",
            comparison.differing,
            comparison.total,
            comparison.share() * 100.0,
            MAX_DIFFERING_SHARE * 100.0
        )
    } else {
        format!(
            "the size changed: expected {}×{}, rendered {}×{}",
            expected.width(),
            expected.height(),
            actual.width(),
            actual.height()
        )
    };
    panic!(
        "{name}: the rendering of {} does not match {}: {why}.\n  expected: {}\n  actual:   {}\n  diff:     {}\nIf the change is intended, update the references with:\n    {UPDATE_VAR}=1 cargo test --test reference",
        spec.display(),
        reference.display(),
        paths[0].display(),
        paths[1].display(),
        paths[2].display()
    );
}

#[test]
fn stat_card() {
    check_reference("stat-card", Path::new("config/stat-card.toml"));
}

#[test]
fn social_card() {
    check_reference("social-card", Path::new("config/social-card.toml"));
}

/// A section heading, a justified paragraph with a bold lead, a list and a three-column stats grid.
#[test]
fn body_sampler() {
    check_reference("body-sampler", Path::new("tests/cases/body-sampler.toml"));
}

/// The comparison itself: noise within the tolerance passes, a visible change fails and is drawn in red.
/// Issue #11's figure forms, annotations, icons and notes.
#[test]
fn annotated() {
    check_reference("annotated", Path::new("tests/cases/annotated.toml"));
}

#[test]
fn chart_bars() {
    check_reference("chart-bars", Path::new("tests/cases/chart-bars.toml"));
}

#[test]
fn chart_mixed() {
    check_reference("chart-mixed", Path::new("tests/cases/chart-mixed.toml"));
}

/// Words stay whole: a mixed-script headline, stat labels and category labels broken between words.
/// Pictures, a QR code, a table and the masthead (issue #11).
#[test]
fn elements() {
    check_reference("elements", Path::new("config/elements.toml"));
}

#[test]
fn words() {
    check_reference("words", Path::new("tests/cases/words.toml"));
}

#[test]
fn comparison_tolerates_noise_but_not_changes() {
    let base = RgbaImage::from_pixel(100, 100, Rgba([250, 245, 236, 255]));

    let mut noisy = base.clone();
    for (x, y, p) in noisy.enumerate_pixels_mut() {
        if (x + y) % 3 == 0 {
            p.0[0] -= CHANNEL_TOLERANCE;
        }
    }
    let (c, _) = compare(&base, &noisy);
    assert_eq!(c.differing, 0);
    assert!(c.passes());

    // 50 of 10 000 pixels (0.5 %) may differ; 51 may not.
    let mut changed = base.clone();
    for x in 0..50 {
        changed.put_pixel(x, 0, Rgba([183, 28, 28, 255]));
    }
    assert!(compare(&base, &changed).0.passes());
    changed.put_pixel(0, 1, Rgba([183, 28, 28, 255]));
    let (c, diff) = compare(&base, &changed);
    assert_eq!(c.differing, 51);
    assert!(!c.passes());
    assert_eq!(diff.get_pixel(0, 1), &Rgba([255, 0, 0, 255]));
    assert_ne!(diff.get_pixel(50, 50), &Rgba([255, 0, 0, 255]));

    let smaller = RgbaImage::from_pixel(100, 99, Rgba([250, 245, 236, 255]));
    let (c, _) = compare(&base, &smaller);
    assert!(!c.same_size && !c.passes());
}
