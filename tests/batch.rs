//! Batch rendering through the real binary: many specs at once (files, directories, glob patterns), in
//! parallel, incremental (each output rendered again only when something it depends on changed), one
//! failing spec never stopping the others, and never a half-written output.
//!
//! Each test works in its own temporary directory under `CARGO_TARGET_TMPDIR`, with specs written there,
//! passed by relative names, and `--out out`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("batch")
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
        let path = self.0.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Saves like an editor: a hidden temporary file renamed over `file`, so that a watcher never reads
    /// it half-written.
    fn save(&self, file: &str, text: &str) {
        let path = self.0.join(file);
        let tmp = path.with_file_name(format!(
            ".{}.saving",
            path.file_name().unwrap().to_string_lossy()
        ));
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_yitu"));
        c.current_dir(&self.0).arg("render").args(args);
        c
    }

    /// `yitu render ARGS… --out out`.
    fn render(&self, args: &[&str]) -> Run {
        let mut c = self.command(args);
        c.args(["--out", "out"]);
        Run::from(c.output().expect("cannot run the yitu binary"))
    }

    /// Every file below `out/` (records included), by relative path, with its bytes.
    fn tree(&self, dir: &str) -> BTreeMap<String, Vec<u8>> {
        fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for e in entries {
                let path = e.unwrap().path();
                if path.is_dir() {
                    walk(root, &path, files);
                } else {
                    let rel = path
                        .strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned();
                    files.insert(rel, std::fs::read(&path).unwrap());
                }
            }
        }
        let root = self.0.join(dir);
        let mut files = BTreeMap::new();
        walk(&root, &root, &mut files);
        files
    }

    /// [`TempDir::tree`] with the records' stamps left out: what a file's metadata said when it was read
    /// (its times and inode) is no part of what was rendered, and a later run adds the stamps that could
    /// not be trusted yet.
    fn tree_unstamped(&self, dir: &str) -> BTreeMap<String, Vec<u8>> {
        fn unstamp(value: &mut serde_json::Value) {
            match value {
                serde_json::Value::Object(map) => {
                    // The stamps, and the check, which covers them.
                    map.remove("stamp");
                    map.remove("check");
                    map.values_mut().for_each(unstamp);
                }
                serde_json::Value::Array(items) => items.iter_mut().for_each(unstamp),
                _ => {}
            }
        }
        let mut files = self.tree(dir);
        for (name, bytes) in files.iter_mut() {
            if name.starts_with(".yitu-record") {
                let mut record: serde_json::Value =
                    serde_json::from_slice(bytes).expect("a record is JSON");
                unstamp(&mut record);
                *bytes = record.to_string().into_bytes();
            }
        }
        files
    }

    /// Names of the images in `out/` (the record folder left out), sorted.
    fn outputs(&self) -> Vec<String> {
        self.tree("out")
            .into_keys()
            .filter(|n| !n.starts_with(".yitu-record"))
            .collect()
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
    fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code,
            Some(code),
            "exit code\n--- stdout:\n{}\n--- stderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    fn assert_stderr_has(&self, needles: &[&str]) -> &Run {
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "stderr should contain {needle:?}:\n{}",
                self.stderr
            );
        }
        self
    }

    /// The counts of the summary line `rendered N, unchanged N, failed N in T s`.
    fn summary(&self) -> (usize, usize, usize) {
        let line = self
            .stderr
            .lines()
            .find(|l| l.starts_with("rendered ") && l.contains(", unchanged "))
            .unwrap_or_else(|| panic!("no summary line in stderr:\n{}", self.stderr));
        let n = |word: &str| -> usize {
            line.split(word)
                .nth(1)
                .and_then(|rest| rest.trim_start().split([',', ' ']).next())
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("no count after {word:?} in {line:?}"))
        };
        (n("rendered "), n("unchanged "), n("failed "))
    }

    fn assert_summary(&self, rendered: usize, unchanged: usize, failed: usize) -> &Run {
        assert_eq!(
            self.summary(),
            (rendered, unchanged, failed),
            "(rendered, unchanged, failed)\n--- stderr:\n{}",
            self.stderr
        );
        self
    }

    /// The specs with a plain `STATUS NAME` line (stderr is not a terminal in tests), sorted.
    fn with_status(&self, status: &str) -> Vec<String> {
        let prefix = format!("{status} ");
        let mut names: Vec<String> = self
            .stderr
            .lines()
            .filter_map(|l| l.strip_prefix(&prefix))
            .filter(|rest| rest.ends_with(".toml"))
            .map(str::to_owned)
            .collect();
        names.sort();
        names
    }
}

/// A small card with one figure.
fn card(title: &str, value: f64) -> String {
    format!(
        r#"[page]
width = 360
margin = 24

[[blocks]]
type = "headline"
text = "{title}"

[[blocks]]
type = "stat"
label = "新增返乡创业"
value = {value}
unit = "万人"
"#
    )
}

/// A small chart reading `data`.
fn chart(data: &str) -> String {
    format!(
        r#"[page]
width = 360
margin = 24

[[blocks]]
type = "chart"
kind = "bar"
data = "{data}"
unit = "%"
"#
    )
}

const GROWTH: &str = "指标,增速\n招商引资投资额,29.5\n进出口总额,8\n";

/// Five cards, two charts sharing `data/growth.csv` and one chart with its own data.
fn eight_specs(dir: &TempDir) -> Vec<&'static str> {
    let titles = [
        "构筑聚才磁场",
        "发展活力",
        "民生福祉",
        "乡村振兴",
        "开放合作",
    ];
    let names = ["c1.toml", "c2.toml", "c3.toml", "c4.toml", "c5.toml"];
    for (i, (name, title)) in names.iter().zip(titles).enumerate() {
        dir.write(name, &card(title, 1.0 + i as f64));
    }
    dir.write("data/growth.csv", GROWTH);
    dir.write("data/other.csv", "指标,增速\n进出口总额,8\n");
    dir.write("g1.toml", &chart("data/growth.csv"));
    dir.write("g2.toml", &chart("data/growth.csv"));
    dir.write("g3.toml", &chart("data/other.csv"));
    let mut all = names.to_vec();
    all.extend(["g1.toml", "g2.toml", "g3.toml"]);
    all
}

// ---------------------------------------------------------------------------------------------------------
// Parallel = serial

#[test]
fn parallel_output_is_byte_identical_to_serial() {
    let dir = TempDir::new("parallel");
    let specs = eight_specs(&dir);
    let run = |threads: Option<&str>, out: &str| {
        let mut c = dir.command(&specs);
        c.args(["--out", out]);
        match threads {
            Some(n) => c.env("RAYON_NUM_THREADS", n),
            None => c.env_remove("RAYON_NUM_THREADS"),
        };
        let run = Run::from(c.output().unwrap());
        run.assert_code(0).assert_summary(specs.len(), 0, 0);
    };
    run(Some("1"), "serial");
    run(None, "parallel");
    run(Some("4"), "four");
    let serial = dir.tree_unstamped("serial");
    assert_eq!(
        serial.len(),
        2 * specs.len() + specs.len(),
        "images and records"
    );
    for other in ["parallel", "four"] {
        let files = dir.tree_unstamped(other);
        assert_eq!(
            files.keys().collect::<Vec<_>>(),
            serial.keys().collect::<Vec<_>>()
        );
        for (name, bytes) in &serial {
            assert!(
                *bytes == files[name],
                "{other}/{name} differs from the serial render"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Shards: K/N slices of a batch

#[test]
fn shards_together_render_exactly_the_batch_and_are_disjoint() {
    let dir = TempDir::new("shards");
    let specs = eight_specs(&dir);
    dir.command(&["."])
        .args(["--out", "whole"])
        .output()
        .map(Run::from)
        .unwrap()
        .assert_code(0)
        .assert_summary(specs.len(), 0, 0);
    let whole = dir.tree("whole");
    let images = |tree: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        tree.iter()
            .filter(|(n, _)| !n.starts_with(".yitu-record"))
            .map(|(n, b)| (n.clone(), b.clone()))
            .collect()
    };
    let mut union: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut counts = Vec::new();
    for k in 1..=3 {
        let out = format!("shard{k}");
        let run = Run::from(
            dir.command(&["."])
                .args(["--out", &out, "--shard", &format!("{k}/3")])
                .output()
                .unwrap(),
        );
        run.assert_code(0);
        counts.push(run.summary().0);
        for (name, bytes) in images(&dir.tree(&out)) {
            assert!(
                union.insert(name.clone(), bytes).is_none(),
                "{name} rendered by two shards"
            );
        }
    }
    // Eight specs in three slices: 3, 3 and 2, by sorted path.
    assert_eq!(counts, [3, 3, 2]);
    assert_eq!(union, images(&whole), "the shards together are the batch");
    // A second machine slicing the same inputs named in another order agrees.
    let mut reversed = specs.clone();
    reversed.reverse();
    let run = Run::from(
        dir.command(&reversed)
            .args(["--out", "again", "--shard", "1/3"])
            .output()
            .unwrap(),
    );
    run.assert_code(0);
    assert_eq!(images(&dir.tree("again")), images(&dir.tree("shard1")));
    for bad in ["0/3", "4/3", "1/0", "two/3", "3"] {
        let run = Run::from(dir.command(&[".", "--shard", bad]).output().unwrap());
        run.assert_code(2)
            .assert_stderr_has(&["--shard", "1 ≤ K ≤ N"]);
    }
}

// ---------------------------------------------------------------------------------------------------------
// Incremental: what is rendered again

/// Renders everything once; returns the spec names.
fn rendered_once(dir: &TempDir) -> Vec<&'static str> {
    let specs = eight_specs(dir);
    dir.render(&["."])
        .assert_code(0)
        .assert_summary(specs.len(), 0, 0);
    specs
}

#[test]
fn an_unchanged_run_renders_nothing_and_says_so() {
    let dir = TempDir::new("unchanged");
    let specs = rendered_once(&dir);
    let before = dir.tree_unstamped("out");
    let run = dir.render(&["."]);
    run.assert_code(0).assert_summary(0, specs.len(), 0);
    assert_eq!(run.with_status("unchanged").len(), specs.len());
    assert!(
        !run.stdout.contains("wrote"),
        "nothing is written: {}",
        run.stdout
    );
    // (The records may gain stamps: see with_stamps_an_unchanged_run_writes_nothing_….)
    assert!(
        before == dir.tree_unstamped("out"),
        "an unchanged run changed a file"
    );
}

#[test]
fn editing_a_spec_renders_only_that_spec() {
    let dir = TempDir::new("spec-edit");
    let specs = rendered_once(&dir);
    dir.write("c3.toml", &card("民生福祉", 42.0));
    let run = dir.render(&["."]);
    run.assert_code(0).assert_summary(1, specs.len() - 1, 0);
    assert_eq!(run.with_status("rendered"), ["./c3.toml"]);
    assert!(run.stdout.contains("c3.png") && !run.stdout.contains("c2.png"));

    // Back to the text of the first render: the outputs show 42 now, so it is rendered again.
    dir.write("c3.toml", &card("民生福祉", 3.0));
    dir.render(&["."])
        .assert_code(0)
        .assert_summary(1, specs.len() - 1, 0);
}

#[test]
fn a_comment_added_to_a_spec_renders_it_again() {
    // The key is the spec's text: conservative, never wrong.
    let dir = TempDir::new("comment");
    let specs = rendered_once(&dir);
    dir.write(
        "c1.toml",
        &format!("# edited\n{}", card("构筑聚才磁场", 1.0)),
    );
    dir.render(&["."])
        .assert_code(0)
        .assert_summary(1, specs.len() - 1, 0);
}

#[test]
fn editing_a_data_file_renders_exactly_the_specs_that_read_it() {
    let dir = TempDir::new("csv-edit");
    let specs = rendered_once(&dir);
    let g1_png = dir.tree("out")["g1.png"].clone();
    dir.write("data/growth.csv", &GROWTH.replace("29.5", "31.2"));
    let run = dir.render(&["."]);
    run.assert_code(0).assert_summary(2, specs.len() - 2, 0);
    assert_eq!(run.with_status("rendered"), ["./g1.toml", "./g2.toml"]);
    assert!(
        g1_png != dir.tree("out")["g1.png"],
        "the chart shows the new figure"
    );
    dir.render(&["."])
        .assert_code(0)
        .assert_summary(0, specs.len(), 0);
}

#[test]
fn changing_the_options_renders_everything() {
    let dir = TempDir::new("options");
    let specs = rendered_once(&dir);
    let n = specs.len();
    dir.render(&[".", "--scale", "2"])
        .assert_code(0)
        .assert_summary(n, 0, 0);
    dir.render(&[".", "--scale", "2"])
        .assert_code(0)
        .assert_summary(0, n, 0);
    dir.render(&[".", "--format", "svg"])
        .assert_code(0)
        .assert_summary(n, 0, 0);
    dir.render(&[".", "--format", "svg", "--svg-text", "live"])
        .assert_code(0)
        .assert_summary(n, 0, 0);
    // Back to the defaults: the PNGs on disk are the scale-2 ones, so everything is rendered again.
    dir.render(&["."]).assert_code(0).assert_summary(n, 0, 0);
    dir.render(&["."]).assert_code(0).assert_summary(0, n, 0);
}

#[test]
fn a_deleted_or_altered_output_is_rendered_again() {
    let dir = TempDir::new("deleted-output");
    let specs = rendered_once(&dir);
    let n = specs.len();
    let c2 = dir.tree("out")["c2.svg"].clone();
    std::fs::remove_file(dir.out().join("c2.svg")).unwrap();
    let run = dir.render(&["."]);
    run.assert_code(0).assert_summary(1, n - 1, 0);
    assert_eq!(run.with_status("rendered"), ["./c2.toml"]);
    assert!(c2 == dir.tree("out")["c2.svg"]);

    // Same size, one byte different.
    let path = dir.out().join("c4.png");
    let mut png = std::fs::read(&path).unwrap();
    let last = png.len() - 1;
    png[last] ^= 1;
    std::fs::write(&path, png).unwrap();
    let run = dir.render(&["."]);
    run.assert_code(0).assert_summary(1, n - 1, 0);
    assert_eq!(run.with_status("rendered"), ["./c4.toml"]);

    // No record: rendered again.
    std::fs::remove_file(dir.out().join(".yitu-record/g3.json")).unwrap();
    let run = dir.render(&["."]);
    run.assert_code(0).assert_summary(1, n - 1, 0);
    assert_eq!(run.with_status("rendered"), ["./g3.toml"]);

    // A record that is not one: rendered again.
    std::fs::write(dir.out().join(".yitu-record/g2.json"), "{\"garbage\": ").unwrap();
    dir.render(&["."])
        .assert_code(0)
        .assert_summary(1, n - 1, 0);
}

/// Renders everything once, then again once the files have settled (past the stamps' settling time),
/// so that every record holds trusted stamps of its inputs and outputs: from then on a run with nothing
/// to do reads no spec, no data file and no output.
fn stamped(dir: &TempDir) -> Vec<&'static str> {
    let specs = rendered_once(dir);
    std::thread::sleep(Duration::from_millis(300));
    dir.render(&["."])
        .assert_code(0)
        .assert_summary(0, specs.len(), 0);
    for spec in &specs {
        let name = spec.trim_end_matches(".toml");
        let record =
            std::fs::read_to_string(dir.out().join(format!(".yitu-record/{name}.json"))).unwrap();
        // The spec, and its PNG and SVG, at least.
        assert!(
            record.contains("\"inputs\": [") && record.matches("\"stamp\": \"file ").count() >= 3,
            "{record}"
        );
        assert!(!record.contains("\"stamp\": \"\""), "{record}");
    }
    specs
}

/// Sets a file's modification time back to `to`, as a tool restoring times would.
fn set_modified(path: &Path, to: std::time::SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(to)
        .unwrap();
}

#[test]
fn with_stamps_an_unchanged_run_writes_nothing_and_every_changed_output_is_still_seen() {
    let dir = TempDir::new("stamped-outputs");
    let specs = stamped(&dir);
    let n = specs.len();
    let before = dir.tree("out");
    dir.render(&["."]).assert_code(0).assert_summary(0, n, 0);
    assert!(
        before == dir.tree("out"),
        "a run with nothing to do wrote a file (a record stamped again?)"
    );

    // Deleted.
    std::fs::remove_file(dir.out().join("c2.svg")).unwrap();
    // The same size, one byte different, and the modification time set back: only its change time
    // (and size, inode) can tell.
    let path = dir.out().join("c4.png");
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let mut png = std::fs::read(&path).unwrap();
    let last = png.len() - 1;
    png[last] ^= 1;
    std::fs::write(&path, &png).unwrap();
    set_modified(&path, modified);
    // Truncated.
    let svg = dir.out().join("g1.svg");
    let text = std::fs::read(&svg).unwrap();
    std::fs::write(&svg, &text[..text.len() / 2]).unwrap();
    // Replaced by a copy of itself (another inode, the same bytes): current, read once to know it.
    let png = dir.out().join("c1.png");
    let copy = dir.out().join("c1.png.copy");
    std::fs::copy(&png, &copy).unwrap();
    std::fs::rename(&copy, &png).unwrap();

    let run = dir.render(&["."]);
    run.assert_code(0).assert_summary(3, n - 3, 0);
    assert_eq!(
        run.with_status("rendered"),
        ["./c2.toml", "./c4.toml", "./g1.toml"]
    );
    let after = dir.tree("out");
    for file in ["c2.svg", "c4.png", "g1.svg", "c1.png"] {
        assert!(before[file] == after[file], "{file} is as rendered");
    }
}

#[test]
fn with_stamps_a_touched_input_renders_nothing_and_an_edited_one_renders_its_specs() {
    let dir = TempDir::new("stamped-inputs");
    let specs = stamped(&dir);
    let n = specs.len();
    let outputs = |dir: &TempDir| {
        let mut tree = dir.tree("out");
        tree.retain(|name, _| !name.starts_with(".yitu-record"));
        tree
    };
    let before = outputs(&dir);
    // The same text saved again, a folder of fonts that has no face yet: the specs are loaded to know,
    // and nothing is rendered.
    std::thread::sleep(Duration::from_millis(20));
    dir.save("c1.toml", &card("构筑聚才磁场", 1.0));
    dir.save("data/growth.csv", GROWTH);
    std::fs::create_dir_all(dir.path().join("fonts")).unwrap();
    dir.render(&["."]).assert_code(0).assert_summary(0, n, 0);
    assert!(before == outputs(&dir));

    // An edit of the data file renders exactly its two charts, though their records' stamps of the
    // spec and of everything else still hold.
    std::thread::sleep(Duration::from_millis(300));
    dir.render(&["."]).assert_code(0).assert_summary(0, n, 0);
    dir.save("data/growth.csv", &GROWTH.replace("29.5", "31.2"));
    let run = dir.render(&["."]);
    run.assert_code(0).assert_summary(2, n - 2, 0);
    assert_eq!(run.with_status("rendered"), ["./g1.toml", "./g2.toml"]);

    // Other options: another context, every spec rendered.
    dir.render(&[".", "--scale", "2"])
        .assert_code(0)
        .assert_summary(n, 0, 0);
}

#[test]
fn force_renders_everything() {
    let dir = TempDir::new("force");
    let specs = rendered_once(&dir);
    let before = dir.tree_unstamped("out");
    let run = dir.render(&[".", "--force"]);
    run.assert_code(0).assert_summary(specs.len(), 0, 0);
    assert!(
        before == dir.tree_unstamped("out"),
        "the same inputs give the same bytes"
    );
}

#[test]
fn a_failed_render_leaves_no_record_that_could_skip_it() {
    let dir = TempDir::new("failed-then-fixed");
    let specs = rendered_once(&dir);
    let n = specs.len();
    let good = std::fs::read_to_string(dir.path().join("c1.toml")).unwrap();
    dir.write("c1.toml", &good.replace("width = 360", "width = \"wide\""));
    dir.render(&["."])
        .assert_code(2)
        .assert_summary(0, n - 1, 1);
    dir.render(&["."])
        .assert_code(2)
        .assert_summary(0, n - 1, 1);
    // Fixed back to the rendered text: the outputs on disk are still that render's, so nothing to do.
    dir.write("c1.toml", &good);
    dir.render(&["."]).assert_code(0).assert_summary(0, n, 0);
}

#[test]
fn a_variant_that_cannot_fit_fails_alone_and_the_spec_is_rendered_again_next_time() {
    let dir = TempDir::new("variant-fails");
    let long = "[[blocks]]\ntype = \"paragraph\"\ntext = \"周口市坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。\"\n".repeat(10);
    dir.write(
        "long.toml",
        &format!("[page]\nvariants = [\"phone\", \"wechat-cover\"]\n{long}"),
    );
    let run = dir.render(&["long.toml", "--format", "svg"]);
    run.assert_code(2)
        .assert_summary(0, 0, 1)
        .assert_stderr_has(&["page.variants[1]", "`wechat-cover` variant"]);
    // The graphics that could be made are written, and listed for scripts.
    for file in ["long.svg", "long.phone.svg"] {
        assert!(dir.out().join(file).exists(), "{file}");
        assert!(run.stdout.contains(file), "{}", run.stdout);
    }
    assert!(!dir.out().join("long.wechat-cover.svg").exists());
    // No record: the spec is not taken as done, and fails again, its other graphics rendered again.
    assert!(!dir.out().join(".yitu-record/long.json").exists());
    dir.render(&["long.toml", "--format", "svg"])
        .assert_code(2)
        .assert_summary(0, 0, 1);
    // Without the variant it renders, and then is current.
    dir.write(
        "long.toml",
        &format!("[page]\nvariants = [\"phone\"]\n{long}"),
    );
    dir.render(&["long.toml", "--format", "svg"])
        .assert_code(0)
        .assert_summary(1, 0, 0);
    dir.render(&["long.toml", "--format", "svg"])
        .assert_code(0)
        .assert_summary(0, 1, 0);
}

// ---------------------------------------------------------------------------------------------------------
// Failures among many

#[test]
fn one_bad_spec_among_many_fails_alone() {
    let dir = TempDir::new("one-bad");
    let specs = eight_specs(&dir);
    dir.write(
        "bad.toml",
        "[page]\nwidht = 600\n\n[[blocks]]\ntype = \"divider\"\n",
    );
    let run = dir.render(&["."]);
    run.assert_code(2)
        .assert_summary(specs.len(), 0, 1)
        .assert_stderr_has(&["bad.toml:2:1", "page.widht", "did you mean `width`"]);
    assert_eq!(run.with_status("failed"), ["./bad.toml"]);
    assert!(run.stderr.contains("failed: ./bad.toml"), "{}", run.stderr);
    let outputs = dir.outputs();
    assert_eq!(outputs.len(), 2 * specs.len(), "{outputs:?}");
    assert!(!outputs.iter().any(|o| o.starts_with("bad.")));
}

/// Specs the binary (a test build) is told to panic on or never finish (`YITU_INJECT_FAULT`): no real spec
/// is known to do either any more, and these failures must stay contained all the same.
const FAULTS: (&str, &str) = ("YITU_INJECT_FAULT", "panic:crash.toml,hang:hang.toml");

#[test]
fn a_panicking_a_hanging_and_an_invalid_spec_fail_alone() {
    let dir = TempDir::new("faults");
    let specs = eight_specs(&dir);
    dir.write("crash.toml", &card("会崩溃", 1.0));
    dir.write("hang.toml", &card("不结束", 2.0));
    dir.write("bad.toml", "[[blocks]]\ntype = \"paragrap\"\n");
    let mut c = dir.command(&[".", "--out", "out", "--timeout", "2"]);
    c.env(FAULTS.0, FAULTS.1);
    let run = Run::from(c.output().unwrap());
    run.assert_code(2)
        .assert_summary(specs.len(), 0, 3)
        .assert_stderr_has(&[
            "crash.toml: yitu crashed on this spec (injected panic for crash.toml at src/",
            "this is a bug in yitu",
            "hang.toml: not finished after 2 s",
            "bad.toml:2:8: blocks[0].type",
        ]);
    assert_eq!(
        run.with_status("failed"),
        ["./bad.toml", "./crash.toml", "./hang.toml"]
    );
    // No backtrace on the terminal: the crash is reported like any failure.
    assert!(!run.stderr.contains("panicked at"), "{}", run.stderr);
    let outputs = dir.outputs();
    assert_eq!(outputs.len(), 2 * specs.len(), "{outputs:?}");
    assert!(outputs
        .iter()
        .all(|o| !["bad.", "crash.", "hang."].iter().any(|f| o.starts_with(f))));
}

#[test]
fn a_missing_file_is_bad_input_and_the_others_render() {
    let dir = TempDir::new("missing");
    dir.write("a.toml", &card("标题", 1.0));
    let run = dir.render(&["a.toml", "nope.toml"]);
    run.assert_code(2)
        .assert_summary(1, 0, 1)
        .assert_stderr_has(&["nope.toml", "cannot read the file"]);
    assert_eq!(dir.outputs(), ["a.png", "a.svg"]);
}

#[test]
fn a_write_failure_among_many_exits_1() {
    let dir = TempDir::new("write-fails");
    let specs = eight_specs(&dir);
    // A folder where c5.svg should go.
    std::fs::create_dir_all(dir.out().join("c5.svg")).unwrap();
    let run = dir.render(&["."]);
    run.assert_code(1).assert_summary(specs.len() - 1, 0, 1);
    assert_eq!(run.with_status("failed"), ["./c5.toml"]);
    assert!(
        !dir.out().join("c5.png").exists(),
        "all or nothing per spec"
    );
}

// ---------------------------------------------------------------------------------------------------------
// Inputs: directories and patterns

/// A tree: specs at two depths, a theme file and a spec-like file under `themes/`, a non-spec `.toml`,
/// a hidden folder, a text file.
/// A long paragraph on 900-px pages: `repeat` sentences make that many pages, about.
fn paged(repeat: usize) -> String {
    let text = "周口市坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局。"
        .repeat(repeat);
    format!("[page]\nheight = 900\noverflow = \"pages\"\n[[blocks]]\ntype = \"paragraph\"\ntext = \"{text}\"\n")
}

#[test]
fn pages_a_spec_no_longer_makes_are_removed_unless_changed_or_in_another_format() {
    let dir = TempDir::new("stale");
    dir.write("long.toml", &paged(30));
    dir.render(&["long.toml", "--format", "png,svg"])
        .assert_code(0);
    let pages = |ext: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir.out())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("long-") && n.ends_with(ext))
            .collect();
        names.sort();
        names
    };
    let before = pages(".png");
    assert!(before.len() >= 3, "{before:?}");
    // The last SVG page is edited by hand: it is the user's now.
    let last_svg = pages(".svg").pop().unwrap();
    std::fs::write(dir.out().join(&last_svg), "<svg/>").unwrap();

    dir.write("long.toml", &paged(10));
    dir.render(&["long.toml", "--format", "png,svg"])
        .assert_code(0)
        .assert_stderr_has(&["removed what this spec no longer makes"]);
    let after = pages(".png");
    assert!(after.len() < before.len(), "{before:?} → {after:?}");
    assert_eq!(
        after,
        before[..after.len()],
        "the remaining pages keep their names"
    );
    assert!(
        dir.out().join(&last_svg).exists(),
        "an edited file is left alone"
    );

    // A format not asked for this time is not touched either.
    dir.write("long.toml", &paged(3));
    dir.render(&["long.toml", "--format", "svg"]).assert_code(0);
    assert_eq!(pages(".png"), after, "PNGs stay when only SVG is rendered");
}

fn tree(dir: &TempDir) {
    dir.write("cards/a.toml", &card("标题一", 1.0));
    dir.write("cards/b.toml", &card("标题二", 2.0));
    dir.write("cards/deep/c.toml", &card("标题三", 3.0));
    dir.write("cards/themes/house.toml", "[size]\nheadline = 64\n");
    dir.write("cards/themes/looks-like-a-spec.toml", &card("主题", 0.0));
    dir.write("cards/.hidden/h.toml", &card("隐藏", 0.0));
    dir.write("cards/settings.toml", "[render]\nscale = 2\n");
    dir.write("cards/notes.txt", "[[blocks]]\n");
}

#[test]
fn a_directory_stands_for_every_spec_below_it() {
    let dir = TempDir::new("directory");
    tree(&dir);
    let run = dir.render(&["cards"]);
    run.assert_code(0)
        .assert_summary(3, 0, 0)
        .assert_stderr_has(&["skipped 1 .toml file", "settings.toml"]);
    assert_eq!(
        dir.outputs(),
        ["a.png", "a.svg", "b.png", "b.svg", "c.png", "c.svg"]
    );
}

#[test]
fn a_quoted_glob_is_expanded_by_yitu() {
    let dir = TempDir::new("glob");
    tree(&dir);
    dir.render(&["cards/*.toml"])
        .assert_code(0)
        .assert_summary(2, 0, 0);
    assert_eq!(dir.outputs(), ["a.png", "a.svg", "b.png", "b.svg"]);

    // `**` reaches the deeper spec, never the themes folder; the two already rendered are current. A spec
    // named twice (by a pattern and by name) is rendered once.
    let run = dir.render(&["cards/**/*.toml", "cards/a.toml"]);
    run.assert_code(0).assert_summary(1, 2, 0);
    assert_eq!(run.with_status("rendered"), ["cards/deep/c.toml"]);
}

#[test]
fn a_pattern_matching_nothing_is_bad_input() {
    let dir = TempDir::new("glob-nothing");
    tree(&dir);
    let run = dir.render(&["cards/a.toml", "posters/*.toml"]);
    run.assert_code(2)
        .assert_summary(1, 0, 0)
        .assert_stderr_has(&["posters/*.toml: no file matches"]);
    assert_eq!(dir.outputs(), ["a.png", "a.svg"]);
}

// ---------------------------------------------------------------------------------------------------------
// Output names two specs would share

#[test]
fn two_specs_with_one_name_both_fail_and_the_others_render() {
    let dir = TempDir::new("collision");
    dir.write("a/card.toml", &card("标题一", 1.0));
    dir.write("b/card.toml", &card("标题二", 2.0));
    dir.write("other.toml", &card("标题三", 3.0));
    let run = dir.render(&["a", "b", "other.toml"]);
    run.assert_code(2).assert_summary(1, 0, 2).assert_stderr_has(&[
        "a/card.toml: expected output names no other spec writes, found out/card.*, which b/card.toml writes too (its file name)",
        "b/card.toml: expected output names no other spec writes, found out/card.*, which a/card.toml writes too (its file name)",
    ]);
    assert_eq!(dir.outputs(), ["other.png", "other.svg"]);
}

/// `card.toml` with the variant `phone` writes `card.phone.png`, as does a spec `card.phone.toml`: both
/// fail, at the variant's entry and at the file, before either writes anything, on every run alike.
#[test]
fn a_variant_and_a_spec_named_like_it_both_fail_before_anything_is_written() {
    let dir = TempDir::new("variant-collision");
    let with_variant =
        card("标题一", 1.0).replace("margin = 24", "margin = 24\nvariants = [\"phone\"]");
    dir.write("card.toml", &with_variant);
    dir.write("card.phone.toml", &card("标题二", 2.0));
    dir.write("other.toml", &card("标题三", 3.0));
    for (rendered, unchanged) in [(1, 0), (0, 1)] {
        let run = dir.render(&["card.toml", "card.phone.toml", "other.toml"]);
        run.assert_code(2).assert_summary(rendered, unchanged, 2).assert_stderr_has(&[
            "card.toml:4:13: page.variants[0]: expected output names no other spec writes, found out/card.phone.*, which card.phone.toml writes too (its file name)",
            "help: take the variant off the list, rename one of the specs, or render them into different --out folders",
            "card.phone.toml: expected output names no other spec writes, found out/card.phone.*, which card.toml writes too (page.variants[0] = \"phone\")",
        ]);
        assert_eq!(dir.outputs(), ["other.png", "other.svg"]);
    }
    // `--variants` names the variant on the command line instead of the spec's list.
    dir.render(&["card.toml", "card.phone.toml", "other.toml", "--variants", "phone"])
        .assert_code(2)
        .assert_summary(1, 0, 2)
        .assert_stderr_has(&[
            "card.toml: --variants phone: expected output names no other spec writes, found out/card.phone.*, which card.phone.toml writes too (its file name)",
            "card.phone.toml: expected output names no other spec writes, found out/card.phone.*, which card.toml writes too (--variants phone)",
        ]);
}

/// A paginated `z.toml` writes `z-01.png`, as does a spec `z-01.toml`. Rendered together, one of them
/// fails (the one claiming the name second) naming the other, and the file is the other's, whole; the
/// outputs of the one failing are not written. Rendered in separate runs, the record of the first tells
/// the second.
#[test]
fn a_page_and_a_spec_named_like_it_never_share_a_file() {
    let dir = TempDir::new("page-collision");
    dir.write("z.toml", &paged(30));
    dir.write("z-01.toml", &card("标题一", 1.0));
    let run = dir.render(&["z.toml", "z-01.toml"]);
    run.assert_code(2).assert_summary(1, 0, 1);
    let failed = run.with_status("failed");
    let page = "z.toml:3:12: page.overflow: expected output names no other spec writes, found out/z-01.png, out/z-01.svg, which z-01.toml writes too (its file name)";
    let spec = "z-01.toml: expected output names no other spec writes, found out/z-01.png, out/z-01.svg, which z.toml writes too (page.overflow = \"pages\", its page 1)";
    if failed == ["z.toml"] {
        run.assert_stderr_has(&[page]);
        assert_eq!(dir.outputs(), ["z-01.png", "z-01.svg"], "nothing of z.toml");
    } else {
        assert_eq!(failed, ["z-01.toml"]);
        run.assert_stderr_has(&[spec]);
        assert!(dir.outputs().len() > 4, "every page of z.toml");
    }
    image::load_from_memory(&std::fs::read(dir.out().join("z-01.png")).unwrap()).unwrap();

    // Separate runs: the spec first, then the paginated one …
    std::fs::remove_dir_all(dir.out()).unwrap();
    dir.render(&["z-01.toml"]).assert_code(0);
    let before = dir.tree("out");
    dir.render(&["z.toml"]).assert_code(2).assert_stderr_has(&[
        "z.toml:3:12: page.overflow: expected output names no other spec writes, found out/z-01.png, out/z-01.svg, which an earlier run wrote for z-01.toml (its record out/.yitu-record/z-01.json)",
        "if z-01.toml no longer writes them, render it again or delete that record",
    ]);
    assert_eq!(dir.tree("out"), before, "nothing of z.toml is written");
    // … and the other way round.
    std::fs::remove_dir_all(dir.out()).unwrap();
    dir.render(&["z.toml"]).assert_code(0);
    let before = dir.tree("out");
    dir.render(&["z-01.toml"]).assert_code(2).assert_stderr_has(&[
        "z-01.toml: expected output names no other spec writes, found out/z-01.png, out/z-01.svg, which an earlier run wrote for z.toml (its record out/.yitu-record/z.json)",
    ]);
    assert_eq!(dir.tree("out"), before, "nothing of z-01.toml is written");

    // A record whose spec is gone claims nothing: its outputs are nobody's any more.
    std::fs::remove_file(dir.path().join("z.toml")).unwrap();
    dir.render(&["z-01.toml"]).assert_code(0);
}

// ---------------------------------------------------------------------------------------------------------
// Killed midway

/// A batch killed at some point leaves only complete files: every PNG decodes, every SVG parses, and
/// every record describes files that are there. The next run completes it, byte-identical to an
/// uninterrupted run.
#[test]
fn a_killed_batch_leaves_no_partial_file_and_the_next_run_completes_it() {
    let dir = TempDir::new("killed");
    let mut specs = Vec::new();
    for i in 0..24 {
        let name = format!("k{i:02}.toml");
        dir.write(&name, &card("构筑聚才磁场", i as f64));
        specs.push(name);
    }
    let specs: Vec<&str> = specs.iter().map(String::as_str).collect();
    let mut reference = dir.command(&specs);
    reference.args(["--out", "reference"]);
    Run::from(reference.output().unwrap()).assert_code(0);

    for delay_ms in [40, 120] {
        let _ = std::fs::remove_dir_all(dir.out());
        let mut c = dir.command(&specs);
        c.args(["--out", "out"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let mut child = c.spawn().unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        child.wait().unwrap();

        for (name, bytes) in dir.tree("out") {
            if name.ends_with(".tmp") {
                continue; // a killed process cannot clean its temporary files; they are never outputs
            }
            if name.ends_with(".png") {
                image::load_from_memory_with_format(&bytes, image::ImageFormat::Png)
                    .unwrap_or_else(|e| panic!("{name} is not a whole PNG: {e}"));
            } else if name.ends_with(".svg") {
                let text = String::from_utf8(bytes).unwrap();
                roxmltree::Document::parse(&text)
                    .unwrap_or_else(|e| panic!("{name} is not a whole SVG: {e}"));
            }
        }

        let run = dir.render(&specs);
        run.assert_code(0);
        let (rendered, unchanged, _) = run.summary();
        assert_eq!(rendered + unchanged, specs.len());
        let (out, reference) = (dir.tree("out"), dir.tree("reference"));
        for (name, bytes) in &reference {
            if name.starts_with(".yitu-record") {
                continue;
            }
            assert!(
                out.get(name) == Some(bytes),
                "{name} differs after the killed run was completed"
            );
        }
        dir.render(&specs)
            .assert_code(0)
            .assert_summary(0, specs.len(), 0);
        // The killed run's temporary files were removed by the next one.
        let left: Vec<String> = (dir.tree("out").into_keys())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "temporary files left: {left:?}");
    }
}

/// Temporary files of yitu's pattern whose writer is gone are removed by the next run, in the output
/// folder and in the records' folder; one whose writer still runs, and any other file, is left alone.
#[cfg(target_os = "linux")]
#[test]
fn stale_temporary_files_are_removed_at_the_next_run() {
    let dir = TempDir::new("stale-temps");
    dir.write("a.toml", &card("标题一", 1.0));
    dir.render(&["a.toml"]).assert_code(0);
    let mut gone = Command::new("true").spawn().unwrap();
    gone.wait().unwrap();
    let (gone, alive) = (gone.id(), std::process::id());
    let planted = [
        (format!("out/.yitu-tmp-{gone}-x1Y2z3.tmp"), false),
        (
            format!("out/.yitu-record/.yitu-tmp-{gone}-a1B2c3.tmp"),
            false,
        ),
        (format!("out/.a.png.{gone}.tmp"), false),
        (format!("out/.yitu-tmp-{alive}-x1Y2z3.tmp"), true),
        (format!("out/.notes.{gone}.tmp"), true),
        ("out/.yitu-tmp-notes.tmp".to_string(), true),
    ];
    for (file, _) in &planted {
        dir.write(file, "left behind");
    }
    dir.render(&["a.toml"])
        .assert_code(0)
        .assert_summary(0, 1, 0);
    for (file, kept) in &planted {
        assert_eq!(dir.path().join(file).exists(), *kept, "{file}");
    }
}

// ---------------------------------------------------------------------------------------------------------
// Watch

/// A running `yitu watch`, its stderr and stdout collected by threads (into one text); killed when
/// dropped.
struct Watching {
    child: std::process::Child,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Watching {
    fn start(dir: &TempDir, args: &[&str]) -> Watching {
        use std::io::Read;
        let mut child = Command::new(env!("CARGO_BIN_EXE_yitu"))
            .env(FAULTS.0, FAULTS.1)
            .current_dir(dir.path())
            .arg("watch")
            .args(args)
            .args(["--out", "out"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("cannot run the yitu binary");
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let pipes: [Box<dyn Read + Send>; 2] = [
            Box::new(child.stderr.take().unwrap()),
            Box::new(child.stdout.take().unwrap()),
        ];
        for mut pipe in pipes {
            let sink = stderr.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = pipe.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    sink.lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            });
        }
        Watching { child, stderr }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits (at most 20 s) until `done` holds.
    fn until(&self, what: &str, done: impl Fn() -> bool) {
        let start = std::time::Instant::now();
        while !done() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "timed out waiting for {what}; stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until stderr holds `needle` `count` times.
    fn until_count(&self, needle: &str, count: usize) {
        self.until(&format!("{count} × {needle:?}"), || {
            self.stderr().matches(needle).count() >= count
        });
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn watch_renders_saves_survives_an_invalid_one_and_follows_data_files() {
    let dir = TempDir::new("watch");
    dir.write("cards/a.toml", &card("标题一", 1.0));
    dir.write("cards/b.toml", &card("标题二", 2.0));
    dir.write("data/growth.csv", GROWTH);
    dir.write("cards/g.toml", &chart("../data/growth.csv"));
    let w = Watching::start(&dir, &["cards"]);
    w.until_count("watching for changes", 1);
    assert_eq!(
        dir.outputs(),
        ["a.png", "a.svg", "b.png", "b.svg", "g.png", "g.svg"]
    );
    let read = |name: &str| std::fs::read(dir.out().join(name)).unwrap();
    let (a1, b1, g1) = (read("a.png"), read("b.png"), read("g.png"));

    // A save renders that spec, and only it.
    dir.save("cards/a.toml", &card("标题一", 42.0));
    w.until_count("rendered cards/a.toml", 2);
    w.until("a new a.png", || read("a.png") != a1);
    // Like `render` into a pipe, watch names each file it writes.
    w.until_count(
        &format!(
            "wrote {}",
            std::path::Path::new("out").join("a.png").display()
        ),
        2,
    );
    let a2 = read("a.png");
    assert!(read("b.png") == b1);

    // A file no spec reads (a log written into the watched folder) starts no batch: a batch for it would
    // print, and a log of the watch itself would then never stop changing.
    let batches = w.stderr().matches("rendered").count() + w.stderr().matches("unchanged").count();
    dir.save("cards/watch.log", "rendered 1\n");
    std::thread::sleep(Duration::from_millis(600));
    let after = w.stderr().matches("rendered").count() + w.stderr().matches("unchanged").count();
    assert_eq!(after, batches, "{}", w.stderr());

    // An invalid save: the error is printed, the last good output stays.
    dir.save(
        "cards/a.toml",
        &card("标题一", 42.0).replace("width", "widht"),
    );
    w.until_count("failed cards/a.toml", 1);
    assert!(
        w.stderr().contains("did you mean `width`"),
        "{}",
        w.stderr()
    );
    assert!(read("a.png") == a2, "the last good output is kept");

    // The next valid save recovers.
    dir.save("cards/a.toml", &card("标题一", 7.0));
    w.until_count("rendered cards/a.toml", 3);
    w.until("a.png showing 7", || read("a.png") != a2);

    // A data file outside the watched folder, read by g.toml: its edit renders g.toml.
    dir.save("data/growth.csv", &GROWTH.replace("29.5", "31.2"));
    w.until_count("rendered cards/g.toml", 2);
    w.until("a new g.png", || read("g.png") != g1);
    assert!(read("b.png") == b1);
    assert_eq!(w.stderr().matches("rendered cards/b.toml").count(), 1);
}

#[test]
fn watch_goes_on_after_a_spec_panics_or_hangs() {
    let dir = TempDir::new("watch-faults");
    dir.write("cards/a.toml", &card("标题一", 1.0));
    let w = Watching::start(&dir, &["cards", "--timeout", "2"]);
    w.until_count("watching for changes", 1);
    let read = |name: &str| std::fs::read(dir.out().join(name)).unwrap();
    let mut last = read("a.png");
    for (i, (fault, says)) in [
        ("crash.toml", "crash.toml: yitu crashed"),
        ("hang.toml", "hang.toml: not finished after 2 s"),
    ]
    .into_iter()
    .enumerate()
    {
        dir.save(&format!("cards/{fault}"), &card("故障", 3.0));
        w.until_count(says, 1);
        // The next good save is rendered.
        dir.save("cards/a.toml", &card("标题一", 10.0 + i as f64));
        w.until_count("rendered cards/a.toml", 2 + i);
        w.until("a new a.png", || read("a.png") != last);
        last = read("a.png");
    }
}

#[test]
fn a_new_face_for_a_family_renders_the_specs_set_in_it_again() {
    let dir = TempDir::new("font-change");
    let song = "[page]\nwidth = 600\n\n[theme.fonts]\nheadline = \"Noto Serif SC\"\n\n[[blocks]]\ntype = \"headline\"\ntext = \"宋体标题\"\n";
    dir.write("song.toml", song);
    dir.write("sans.toml", &card("民生福祉", 3.0));
    dir.render(&["."]).assert_code(0).assert_summary(2, 0, 0);
    dir.render(&["."]).assert_code(0).assert_summary(0, 2, 0);
    // The family now comes from a fonts/ folder beside the specs, nearer than the repository's.
    let fonts = dir.path().join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    std::os::unix::fs::symlink(
        repo.join("NotoSerifSC-Bold.ttf"),
        fonts.join("Song-Bold.ttf"),
    )
    .unwrap();
    let run = dir.render(&["."]);
    run.assert_code(0).assert_summary(1, 1, 0);
    assert_eq!(run.with_status("rendered"), ["./song.toml"]);
}
