//! The `yitu` binary end to end: what it writes, what it prints, and its exit codes.
//!
//! Each test runs the real executable in its own temporary directory, with the spec written there and
//! passed by a relative name (so messages read `bad.toml:3:9`, not a long absolute path that the report
//! could wrap), and `--out out` inside that directory. The library-level details of each error message
//! are checked in `tests/spec_errors.rs`; here we check what a user sees: exit code 2, a message naming
//! the file, position, key and what was expected, and that nothing was written.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh directory for one test, removed again when the test passes.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("cli")
            .join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn out(&self) -> PathBuf {
        self.0.join("out")
    }

    fn write(&self, file: &str, text: &str) {
        std::fs::write(self.0.join(file), text).unwrap();
    }

    /// Runs `yitu render FILE --out out ARGS…` in this directory.
    fn render(&self, file: &str, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_yitu"))
            .current_dir(&self.0)
            .args(["render", file, "--out", "out"])
            .args(args)
            .output()
            .expect("cannot run the yitu binary");
        Run::from(output)
    }

    /// Names of the files in the output directory (none when it does not exist), sorted; the record of
    /// incremental rendering (`.yitu-record/`, tested in `tests/batch.rs`) left out.
    fn outputs(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.out()) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != ".yitu-record")
            .collect();
        names.sort();
        names
    }

    fn read(&self, file: &str) -> Vec<u8> {
        let path = self.out().join(file);
        std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    fn assert_code(&self, code: i32) {
        assert_eq!(
            self.code,
            Some(code),
            "exit code\n--- stdout:\n{}\n--- stderr:\n{}",
            self.stdout,
            self.stderr
        );
    }

    /// Asserts that stderr contains every one of `needles`.
    fn assert_stderr_has(&self, needles: &[&str]) {
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "stderr should contain {needle:?}:\n{}",
                self.stderr
            );
        }
    }
}

const VALID: &str = r##"
[page]
width = 600

[[blocks]]
type = "headline"
text = "构筑聚才磁场"

[[blocks]]
type = "kicker"
text = "实施“归雁工程”"

[[blocks]]
type = "paragraph"
lead = "积极扩大有效投资。"
text = "谋划推动周口民用机场、沙颍河航运等重大项目，新增返乡创业1.2万人以上。"

[[blocks]]
type = "stats"
columns = 2
items = [
  { label = "新增返乡创业", value = 1.2, unit = "万人", qualifier = "以上" },
  { label = "推动", value = 1355, unit = "家", after = "企业上云" },
]

[[blocks]]
type = "credit"
text = "记者 李凤霞 何晴 整理"
"##;

/// The number of `<text>` elements in an SVG, which must parse as XML.
fn svg_text_elements(svg: &[u8]) -> usize {
    let svg = std::str::from_utf8(svg).expect("SVG is UTF-8");
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("SVG does not parse: {e}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants().filter(|n| n.has_tag_name("text")).count()
}

fn decode_png(bytes: &[u8]) -> image::RgbaImage {
    image::load_from_memory_with_format(bytes, image::ImageFormat::Png)
        .unwrap_or_else(|e| panic!("PNG does not decode: {e}"))
        .to_rgba8()
}

/// No leftover temporary files (the atomic writer's `.yitu-tmp-PID-RANDOM.tmp`).
fn assert_no_hidden_files(dir: &TempDir) {
    let hidden: Vec<String> = dir
        .outputs()
        .into_iter()
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        hidden.is_empty(),
        "stray temporary files in {}: {hidden:?}",
        dir.out().display()
    );
}

// ---------------------------------------------------------------------------------------------------------
// Good input

#[test]
fn a_valid_spec_renders_png_and_svg() {
    let dir = TempDir::new("valid");
    dir.write("card.toml", VALID);
    let run = dir.render("card.toml", &[]);
    run.assert_code(0);
    assert!(run.stdout.contains("wrote "), "stdout: {}", run.stdout);
    assert!(
        run.stdout.contains("card.png") && run.stdout.contains("card.svg"),
        "stdout: {}",
        run.stdout
    );
    assert_eq!(dir.outputs(), ["card.png", "card.svg"]);

    let png = decode_png(&dir.read("card.png"));
    assert_eq!(png.width(), 600, "the PNG has the page's width");
    assert!(
        png.height() > 200,
        "an auto-height page grows with its content: {}",
        png.height()
    );

    // The default SVG draws glyphs as outlines: no <text> elements.
    assert_eq!(svg_text_elements(&dir.read("card.svg")), 0);
    assert!(
        !run.stderr.contains("warning"),
        "no warnings expected: {}",
        run.stderr
    );
}

#[test]
fn format_svg_writes_only_the_svg() {
    let dir = TempDir::new("format-svg");
    dir.write("card.toml", VALID);
    let run = dir.render("card.toml", &["--format", "svg"]);
    run.assert_code(0);
    assert_eq!(dir.outputs(), ["card.svg"]);
    assert!(!run.stdout.contains(".png"), "stdout: {}", run.stdout);
}

#[test]
fn svg_text_live_writes_text_elements() {
    let dir = TempDir::new("svg-live");
    dir.write("card.toml", VALID);
    dir.render("card.toml", &["--format", "svg", "--svg-text", "live"])
        .assert_code(0);
    let n = svg_text_elements(&dir.read("card.svg"));
    assert!(n > 0, "--svg-text live should write <text> elements");
}

#[test]
fn scale_multiplies_the_png_size() {
    let dir = TempDir::new("scale");
    dir.write("card.toml", VALID);
    dir.render("card.toml", &["--format", "png"]).assert_code(0);
    let one = decode_png(&dir.read("card.png"));
    dir.render("card.toml", &["--format", "png", "--scale", "2"])
        .assert_code(0);
    let two = decode_png(&dir.read("card.png"));
    assert_eq!(two.width(), 2 * one.width());
    assert!(
        two.height().abs_diff(2 * one.height()) <= 1,
        "{} vs 2×{}",
        two.height(),
        one.height()
    );
}

#[test]
fn rendering_is_deterministic() {
    let dir = TempDir::new("determinism");
    dir.write("card.toml", VALID);
    dir.render("card.toml", &[]).assert_code(0);
    let (png, svg) = (dir.read("card.png"), dir.read("card.svg"));
    std::fs::remove_dir_all(dir.out()).unwrap();
    dir.render("card.toml", &[]).assert_code(0);
    assert!(
        png == dir.read("card.png"),
        "the PNG differs between two renders of the same spec"
    );
    assert!(
        svg == dir.read("card.svg"),
        "the SVG differs between two renders of the same spec"
    );
}

#[test]
fn an_uncovered_character_is_a_warning_when_the_page_says_drop() {
    let dir = TempDir::new("uncovered");
    dir.write(
        "emoji.toml",
        "[page]\nwidth = 600\nmissing_glyphs = \"drop\"\n\n[[blocks]]\ntype = \"headline\"\ntext = \"标题\"\n\n\
         [[blocks]]\ntype = \"paragraph\"\ntext = \"周口加油\u{1F600}，再创佳绩。\"\n",
    );
    let run = dir.render("emoji.toml", &[]);
    run.assert_code(0);
    run.assert_stderr_has(&[
        "warning",
        "emoji.toml",
        "U+1F600",
        "GRINNING FACE (Emoticons)",
        "blocks[1]",
        "paragraph",
        "it is left out",
    ]);
    assert_eq!(dir.outputs(), ["emoji.png", "emoji.svg"]);
    decode_png(&dir.read("emoji.png"));
    svg_text_elements(&dir.read("emoji.svg"));
}

/// A name with a character of CJK Extension G, which no shipped face has (HanaMinB covers B–F).
const NAME_SPEC: &str =
    "[page]\nwidth = 600\n\n[[blocks]]\ntype = \"headline\"\ntext = \"标题\"\n\n\
                         [[blocks]]\ntype = \"paragraph\"\ntext = \"记者 吉\u{30000}\"\n";

#[test]
fn an_uncovered_character_is_an_input_error_by_default() {
    let run = rejects(
        "uncovered-name",
        NAME_SPEC,
        &[
            "bad.toml:10:8",
            "blocks[1].text",
            "expected text the fonts can draw, found '\u{30000}' U+30000 CJK UNIFIED IDEOGRAPH-30000 \
             (CJK Unified Ideographs Extension G) as character 5, after \"记者 吉\"",
            "add a font that has it to a fonts/ folder beside the spec or above it",
            "missing_glyphs = \"drop\"",
            "never for names",
        ],
    );
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);

    // The same spec with the opt-out renders, leaving the character out with a warning.
    let dir = TempDir::new("uncovered-name-drop");
    dir.write(
        "name.toml",
        &NAME_SPEC.replace("width = 600\n", "width = 600\nmissing_glyphs = \"drop\"\n"),
    );
    let run = dir.render("name.toml", &[]);
    run.assert_code(0);
    run.assert_stderr_has(&[
        "warning",
        "blocks[1] (paragraph)",
        "U+30000 CJK UNIFIED IDEOGRAPH-30000 (CJK Unified Ideographs Extension G)",
        "it is left out",
    ]);
    assert_eq!(dir.outputs(), ["name.png", "name.svg"]);
}

#[test]
fn missing_glyphs_takes_error_or_drop() {
    rejects(
        "missing-glyphs-value",
        "[page]\nwidth = 600\nmissing_glyphs = \"dorp\"\n\n[[blocks]]\ntype = \"divider\"\n",
        &[
            "bad.toml:3:18",
            "page.missing_glyphs",
            "expected \"error\" or \"drop\", found \"dorp\"",
            "did you mean `drop`?",
        ],
    );
}

#[test]
fn an_uncovered_character_in_a_chart_label_is_an_error_at_its_key() {
    rejects(
        "uncovered-label",
        "[page]\nwidth = 600\n\n[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\n\
         labels = [\"甲\", \"乙\u{1F600}\"]\nvalues = [1, 2]\n",
        &[
            "bad.toml:7:16",
            "blocks[0].labels[1]",
            "found '\u{1F600}' U+1F600 GRINNING FACE (Emoticons) as character 2, after \"乙\"",
        ],
    );

    // In a CSV file: the problem names the file, line and column of the label, at the chart's `data`.
    let dir = TempDir::new("uncovered-csv");
    dir.write(
        "bad.toml",
        "[page]\nwidth = 600\n\n[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\ndata = \"growth.csv\"\n",
    );
    dir.write(
        "growth.csv",
        "指标,2022年\n招商引资,29.5\n进出口\u{1F680},8\n",
    );
    let run = dir.render("bad.toml", &[]);
    run.assert_code(2);
    run.assert_stderr_has(&[
        "bad.toml:7:8",
        "blocks[0].data",
        "growth.csv:3:1",
        "found '\u{1F680}' U+1F680 ROCKET (Transport and Map Symbols) as character 4, after \"进出口\"",
        "missing_glyphs = \"drop\"",
    ]);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_eq!(dir.outputs(), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------------------
// Bad input: exit code 2, a message naming file, position, key and expectation, nothing written.

/// Renders `text` as `bad.toml`; asserts exit code 2, that stderr holds every one of `needles`, and that
/// no output file was written.
fn rejects(test: &str, text: &str, needles: &[&str]) -> Run {
    let dir = TempDir::new(test);
    dir.write("bad.toml", text);
    let run = dir.render("bad.toml", &[]);
    run.assert_code(2);
    run.assert_stderr_has(needles);
    assert!(
        run.stdout.is_empty(),
        "nothing should be reported written: {}",
        run.stdout
    );
    assert!(
        dir.outputs().is_empty(),
        "nothing should be written, found {:?}",
        dir.outputs()
    );
    assert!(dir.path().join("bad.toml").exists());
    run
}

#[test]
fn malformed_toml_is_rejected() {
    rejects(
        "malformed",
        "[page]\nwidth = 1080\nheight = \n\n[[blocks]]\ntype = \"divider\"\n",
        &[
            "bad.toml:3:10",
            "page.height",
            "expected",
            "found the end of the line",
        ],
    );
}

#[test]
fn a_wrong_type_is_rejected() {
    rejects(
        "wrong-type",
        "[page]\nheight = 1080\ndpi = \"high\"\n\n[[blocks]]\ntype = \"divider\"\n",
        &[
            "bad.toml:3:7",
            "page.dpi",
            "expected a number",
            "found a string",
        ],
    );
}

#[test]
fn an_unknown_key_suggests_the_nearest() {
    rejects(
        "typo",
        "[page]\nwidht = 1080\n\n[[blocks]]\ntype = \"divider\"\n",
        &[
            "bad.toml:2:1",
            "page.widht",
            "expected one of `width`",
            "did you mean `width`",
        ],
    );
}

#[test]
fn a_missing_required_field_is_rejected() {
    rejects(
        "missing",
        "[[blocks]]\ntype = \"divider\"\n\n[[blocks]]\ntype = \"paragraph\"\nlead = \"导语\"\n",
        &[
            "bad.toml:4:1",
            "blocks[1].text",
            "expected a `text` key",
            "found none",
        ],
    );
}

#[test]
fn an_impossible_value_is_rejected() {
    rejects(
        "negative-width",
        "[page]\nwidth = -1080\n\n[[blocks]]\ntype = \"divider\"\n",
        &[
            "bad.toml:2:9",
            "page.width",
            "expected a number from 1 to 20000",
            "-1080",
        ],
    );
}

#[test]
fn an_unknown_colour_is_rejected() {
    rejects(
        "colour",
        "[theme]\nprimary = \"reddish\"\n\n[[blocks]]\ntype = \"divider\"\n",
        &[
            "bad.toml:2:11",
            "theme.primary",
            "expected a colour",
            "reddish",
            "#RRGGBB",
        ],
    );
}

const DIVIDER: &str = "\n[[blocks]]\ntype = \"divider\"\n";

#[test]
fn pages_beyond_the_limits_are_rejected_at_their_key() {
    // A3 at 2400 dpi: 28 063 × 39 685 px, 1.1 gigapixels.
    let a3 = format!("[page]\npreset = \"a3\"\ndpi = 2400\n{DIVIDER}");
    rejects(
        "huge-print",
        &a3,
        &["bad.toml:3:7", "page.dpi", "lower `dpi` to 787 or less"],
    );
    // A print variant of a screen page, at the page's dpi.
    let variant = format!("[page]\ndpi = 2400\nvariants = [\"a3\"]\n{DIVIDER}");
    rejects(
        "huge-variant",
        &variant,
        &["bad.toml:2:7", "page.dpi", "the `a3` variant"],
    );
    let huge = format!("[page]\nwidth = 20000\nheight = 100000\n{DIVIDER}");
    rejects(
        "huge-page",
        &huge,
        &["bad.toml:3:10", "page.height", "120000000 pixels"],
    );
    let tiny = format!("[page]\nwidth = 1e-308\n{DIVIDER}");
    rejects(
        "tiny-page",
        &tiny,
        &[
            "bad.toml:2:9",
            "page.width",
            "from 1 to 20000, found 1e-308",
        ],
    );
    let narrow = format!("[page]\nwidth = 100\n{DIVIDER}");
    rejects(
        "narrow-page",
        &narrow,
        &["bad.toml:2:9", "page.width", "at least 248 px wide"],
    );
}

#[test]
fn content_taller_than_any_page_is_rejected() {
    // A page that grows (`height = "auto"`) to hold a chart 100 000 px tall and a headline.
    let spec = "[[blocks]]\ntype = \"headline\"\ntext = \"标题\"\n\n[[blocks]]\ntype = \"chart\"\n\
        kind = \"column\"\nheight = 100000\nlabels = [\"a\", \"b\"]\nvalues = [1, 2]\n";
    rejects(
        "too-tall",
        spec,
        &[
            "bad.toml: page.height",
            "expected content at most 100000 px tall",
            "overflow = \"pages\"",
        ],
    );
}

#[test]
fn pixel_format_limits_name_the_scale_that_fits() {
    let dir = TempDir::new("webp-limit");
    dir.write(
        "tall.toml",
        &format!("[page]\nwidth = 1080\nheight = 20000\n{DIVIDER}"),
    );
    let run = dir.render("tall.toml", &["--format", "png,webp"]);
    run.assert_code(2);
    run.assert_stderr_has(&[
        "tall.toml:3:10",
        "page.height",
        "expected at most 16383 px a side for WebP, found 1080 × 20000 at --scale 1",
        "use --scale 0.81 or less",
    ]);
    assert!(dir.outputs().is_empty(), "{:?}", dir.outputs());
    // At that scale it renders.
    dir.render("tall.toml", &["--format", "webp", "--scale", "0.81"])
        .assert_code(0);
    // A scale too small to make a picture is refused.
    let run = dir.render("tall.toml", &["--scale", "0.001"]);
    run.assert_code(2);
    run.assert_stderr_has(&["expected a number from 0.1 to 8, found `0.001`"]);
}

#[test]
fn content_that_does_not_fit_a_fixed_height_is_rejected() {
    let paragraph = "\n[[blocks]]\ntype = \"paragraph\"\n\
        text = \"周口市坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局。\"\n";
    let spec = format!("[page]\nwidth = 600\nheight = 300\n{}", paragraph.repeat(4));
    // Points at the `height = 300` line (line 3, column 10) and names the key.
    let run = rejects(
        "does-not-fit",
        &spec,
        &[
            "bad.toml:3:10",
            "page.height",
            "300 px",
            "expected a height",
        ],
    );
    // The message says how much height the content needs, and that is more than the page has.
    let needed = run
        .stderr
        .split("needs ")
        .nth(1)
        .and_then(|rest| rest.split(" px").next())
        .and_then(|n| n.trim().parse::<f32>().ok())
        .unwrap_or_else(|| panic!("the message should say `needs N px`: {}", run.stderr));
    assert!(needed > 300.0, "needed {needed} px: {}", run.stderr);
}

// ---------------------------------------------------------------------------------------------------------
// Atomicity

#[test]
fn a_failed_write_changes_none_of_the_outputs() {
    let dir = TempDir::new("write-fails");
    dir.write("card.toml", VALID);
    dir.render("card.toml", &[]).assert_code(0);
    let png = dir.read("card.png");
    // A directory where the SVG should go makes the SVG write fail; the PNG must not be replaced either.
    std::fs::remove_file(dir.out().join("card.svg")).unwrap();
    std::fs::create_dir(dir.out().join("card.svg")).unwrap();
    dir.write("card.toml", &VALID.replace("width = 600", "width = 640"));
    let run = dir.render("card.toml", &[]);
    run.assert_code(1);
    assert!(
        png == dir.read("card.png"),
        "the PNG was replaced although the SVG could not be written"
    );
    assert_no_hidden_files(&dir);
}

#[test]
fn a_failed_render_leaves_the_previous_outputs_untouched() {
    let dir = TempDir::new("atomic");
    dir.write("card.toml", VALID);
    dir.render("card.toml", &[]).assert_code(0);
    assert_no_hidden_files(&dir);
    let (png, svg) = (dir.read("card.png"), dir.read("card.svg"));

    // The same spec with a typo in a colour.
    dir.write(
        "card.toml",
        &format!("[theme]\nprimary = \"#B71C1\"\n{VALID}"),
    );
    let run = dir.render("card.toml", &[]);
    run.assert_code(2);
    run.assert_stderr_has(&["card.toml:2:11", "theme.primary"]);
    assert!(
        png == dir.read("card.png"),
        "the previous PNG was changed by a failed render"
    );
    assert!(
        svg == dir.read("card.svg"),
        "the previous SVG was changed by a failed render"
    );
    assert_eq!(dir.outputs(), ["card.png", "card.svg"]);
    assert_no_hidden_files(&dir);
}

// ---------------------------------------------------------------------------------------------------------
// The output folder

/// Links planted in the output folder, at an output's name and at the temporary name earlier versions
/// wrote through (`.NAME.PID.tmp`, PID being yitu's own), never make yitu write outside `--out`: the
/// temporary file is created anew, and the rename replaces a link at the output's name with the output.
/// The planted temporary link is removed by the next run, its writer being gone.
#[cfg(unix)]
#[test]
fn links_planted_in_the_output_folder_never_lead_outside_it() {
    let dir = TempDir::new("planted-links");
    dir.write("card.toml", VALID);
    std::fs::create_dir_all(dir.out()).unwrap();
    for (victim, planted) in [
        ("victim-png", "card.png"),
        ("victim-svg", "card.svg"),
        ("victim-tmp", ".card.png.$$.tmp"),
    ] {
        dir.write(victim, "precious");
        let link = format!("ln -s ../{victim} out/{planted}");
        let status = Command::new("sh")
            .current_dir(dir.path())
            .args(["-c", &link.replace("$$", "PID")])
            .status()
            .unwrap();
        assert!(status.success());
    }
    // Planted as yitu's own: `exec` keeps the shell's process id.
    let yitu = env!("CARGO_BIN_EXE_yitu");
    let output = Command::new("sh")
        .current_dir(dir.path())
        .args([
            "-c",
            &format!(
                "mv out/.card.png.PID.tmp out/.card.png.$$.tmp && exec '{yitu}' render card.toml --out out"
            ),
        ])
        .output()
        .unwrap();
    Run::from(output).assert_code(0);
    for victim in ["victim-png", "victim-svg", "victim-tmp"] {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(victim)).unwrap(),
            "precious",
            "{victim} was written through a link"
        );
    }
    for output in ["card.png", "card.svg"] {
        let meta = std::fs::symlink_metadata(dir.out().join(output)).unwrap();
        assert!(
            meta.is_file(),
            "{output} should be the output, not the link"
        );
    }
    decode_png(&dir.read("card.png"));

    let planted: Vec<String> = (dir.outputs().into_iter())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert_eq!(planted.len(), 1, "{planted:?}");
    dir.render("card.toml", &[]).assert_code(0);
    assert_no_hidden_files(&dir);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("victim-tmp")).unwrap(),
        "precious"
    );
}

#[test]
fn an_output_folder_that_is_a_file_is_bad_input() {
    let dir = TempDir::new("out-is-a-file");
    dir.write("card.toml", VALID);
    dir.write("out", "not a folder");
    let run = dir.render("card.toml", &[]);
    run.assert_code(2);
    run.assert_stderr_has(&[
        "--out out: expected a folder for the outputs, found a file",
        "help: name another folder with --out, or move the file away",
    ]);
    assert_eq!(std::fs::read(dir.out()).unwrap(), b"not a folder");

    // A file further up the path.
    let output = Command::new(env!("CARGO_BIN_EXE_yitu"))
        .current_dir(dir.path())
        .args(["render", "card.toml", "--out", "out/cards"])
        .output()
        .unwrap();
    let run = Run::from(output);
    run.assert_code(2);
    run.assert_stderr_has(&["--out out/cards: expected a folder for the outputs, found a file (in its path, out is a file)"]);
}

/// `yitu init` in an empty folder writes a starter that renders, and never overwrites a file unasked;
/// `yitu presets` lists every preset; `yitu completions bash` prints a completion script.
#[test]
fn init_presets_and_completions() {
    let dir = TempDir::new("init");
    let yitu = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_yitu"))
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    for template in ["poster", "card", "chart", "print"] {
        let out = yitu(&["init", template]);
        assert!(out.status.success(), "{out:?}");
        let file = format!("{template}.toml");
        let run = dir.render(&file, &["--format", "png,pdf"]);
        run.assert_code(0);
    }
    let outputs = dir.outputs();
    for name in [
        "poster.png",
        "card.png",
        "card.xiaohongshu.png",
        "chart.png",
        "print.pdf",
    ] {
        assert!(outputs.iter().any(|o| o == name), "{name} in {outputs:?}");
    }
    let again = yitu(&["init", "poster"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("poster.toml exists"));
    assert!(yitu(&["init", "poster", "--force"]).status.success());

    let presets = String::from_utf8(yitu(&["presets"]).stdout).unwrap();
    for name in yitu::model::preset::names() {
        assert!(presets.lines().any(|l| l.starts_with(name)), "{name}");
    }
    let bash = String::from_utf8(yitu(&["completions", "bash"]).stdout).unwrap();
    assert!(
        bash.contains("_yitu()") && bash.contains("--font-path"),
        "{bash}"
    );
}

/// `cat card.toml | yitu render - -o card.png` writes the card; `-o -` writes to standard output; a bad
/// spec on standard input is reported at stdin.toml's line and column, exit 2, nothing written.
#[test]
fn a_spec_from_standard_input_to_one_file_or_standard_output() {
    use std::io::Write;
    let dir = TempDir::new("stdin");
    let card = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("config/stat-card.toml"),
    )
    .unwrap();
    let pipe = |args: &[&str], input: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_yitu"))
            .current_dir(dir.path())
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // yitu may refuse its arguments and exit before reading standard input: a broken pipe then.
        let written = child.stdin.take().unwrap().write_all(input.as_bytes());
        if let Err(e) = written {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
        }
        child.wait_with_output().unwrap()
    };
    let out = pipe(&["render", "-", "-o", "card.png"], &card);
    assert!(out.status.success(), "{out:?}");
    let png = decode_png(&std::fs::read(dir.path().join("card.png")).unwrap());
    assert_eq!(png.dimensions(), (1080, 1080));

    let out = pipe(&["render", "-", "-o", "-", "--format", "svg"], &card);
    assert!(out.status.success());
    let svg = String::from_utf8(out.stdout).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    let out = pipe(&["render", "-", "-o", "-"], &card);
    assert_eq!(
        decode_png(&out.stdout).dimensions(),
        (1080, 1080),
        "PNG by default"
    );

    let out = pipe(&["render", "-", "-o", "bad.png"], "[page]\nwidht = 3\n");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("stdin.toml:2:1: page.widht"), "{stderr}");
    assert!(!dir.path().join("bad.png").exists());
    // Standard input without -o FILE: there is no name to write outputs under.
    let out = pipe(&["render", "-"], &card);
    assert_eq!(out.status.code(), Some(2));
}

/// `-q` says only what failed; `-v` lists every file written.
#[test]
fn quiet_and_verbose() {
    let dir = TempDir::new("quiet");
    dir.write(
        "ok.toml",
        "[page]\nwidth = 400\n\n[[blocks]]\ntype = \"divider\"\n",
    );
    let run = dir.render("ok.toml", &["-q"]);
    run.assert_code(0);
    assert!(run.stdout.is_empty() && run.stderr.is_empty(), "{run:?}");
    let run = dir.render("ok.toml", &["-v", "--force"]);
    run.assert_code(0);
    assert!(run.stdout.contains("wrote out/ok.png"), "{}", run.stdout);
    dir.write(
        "bad.toml",
        "[page]\nwidht = 400\n\n[[blocks]]\ntype = \"divider\"\n",
    );
    let run = dir.render("bad.toml", &["-q"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("bad.toml:2:1: page.widht"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("rendered 0"),
        "no summary: {}",
        run.stderr
    );
}

/// `--diagnostic-format json`: one JSON object a problem, with its place and wording.
#[test]
fn problems_as_json_lines() {
    let dir = TempDir::new("json");
    dir.write(
        "bad.toml",
        "[page]\nwidht = 400\n\n[[blocks]]\ntype = \"divider\"\n",
    );
    let run = dir.render("bad.toml", &["-q", "--diagnostic-format", "json"]);
    run.assert_code(2);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    let p: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(p["severity"], "error");
    assert_eq!(p["file"], "bad.toml");
    assert_eq!(
        (p["line"].as_u64(), p["column"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(p["key"], "page.widht");
    assert_eq!(p["help"], "did you mean `width`?");
    assert!(p["message"]
        .as_str()
        .unwrap()
        .contains("found unknown key `widht`"));
}

/// `-j 1` renders a batch on one thread, to the same bytes as on every core.
#[test]
fn jobs_limit_the_threads_not_the_output() {
    let dir = TempDir::new("jobs");
    for (name, title) in [("a.toml", "甲"), ("b.toml", "乙"), ("c.toml", "丙")] {
        dir.write(
            name,
            &format!(
                "[page]\nwidth = 400\n\n[[blocks]]\ntype = \"headline\"\ntext = \"{title}\"\n"
            ),
        );
    }
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_yitu"))
            .current_dir(dir.path())
            .args(["render", "a.toml", "b.toml", "c.toml", "--force", "-q"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        ["a.png", "b.png", "c.png"].map(|f| dir.read(f))
    };
    let serial = run(&["-o", "out", "-j", "1"]);
    let parallel = run(&["-o", "out"]);
    assert!(
        serial == parallel,
        "the same bytes on one thread and on every core"
    );
    let zero = Command::new(env!("CARGO_BIN_EXE_yitu"))
        .current_dir(dir.path())
        .args(["render", "a.toml", "-j", "0"])
        .output()
        .unwrap();
    assert_eq!(zero.status.code(), Some(2));
}

#[test]
fn color_always_colours_errors_and_never_and_no_color_do_not() {
    let dir = TempDir::new("color");
    dir.write("bad.toml", "[[blocks]]\ntype = \"stat\"\nvalu = 3\n");
    let coloured = dir.render("bad.toml", &["--color", "always"]);
    coloured.assert_code(2);
    assert!(
        coloured.stderr.contains("\x1b["),
        "--color always writes escapes:\n{}",
        coloured.stderr
    );
    // Plain text is still there between the escapes.
    coloured.assert_stderr_has(&["bad.toml:3:1", "did you mean `value`?"]);
    for args in [&["--color", "never"][..], &[][..]] {
        let plain = dir.render("bad.toml", args);
        plain.assert_code(2);
        assert!(
            !plain.stderr.contains('\x1b'),
            "{args:?} (stderr not a terminal): no escapes:\n{}",
            plain.stderr
        );
        plain.assert_stderr_has(&["bad.toml:3:1: blocks[0].valu"]);
    }
    // NO_COLOR keeps `auto` plain; `always` is the user's explicit word and wins over it.
    let output = Command::new(env!("CARGO_BIN_EXE_yitu"))
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["render", "bad.toml", "--out", "out", "--color", "always"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("\x1b["));
    assert!(dir.outputs().is_empty(), "nothing written");
}
