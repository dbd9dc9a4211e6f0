//! Shared theme files (`[theme] extends = "themes/house.toml"`) and shared figures (top-level
//! `data = "data/figures.toml"` or a `key,value` CSV, `value = { data = "NAME" }`): precedence, problems
//! pointing into the file they are in, cycles, missing files, references and their suggestions, the files
//! recorded as dependencies, and a batch that re-renders the specs sharing an edited data file.
//!
//! Each test writes its files into its own folder under `CARGO_TARGET_TMPDIR`.

use std::path::{Path, PathBuf};
use std::process::Command;

use yitu::diagnostics::{Problem, SpecError};
use yitu::model::{load_file, BlockKind, Color, Poster, Stat};

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("shared-files")
            .join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        TempDir(dir)
    }

    fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }

    fn write(&self, file: &str, text: &str) -> PathBuf {
        let path = self.path(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn load(&self, spec: &str) -> Poster {
        load_file(self.path(spec)).unwrap_or_else(|e| panic!("{spec} should load:\n{e}"))
    }

    fn fail(&self, spec: &str) -> SpecError {
        match load_file(self.path(spec)) {
            Ok(p) => panic!("{spec}: expected an error, loaded {p:?}"),
            Err(e) => e,
        }
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn only(e: &SpecError) -> &Problem {
    assert_eq!(e.problems.len(), 1, "{e}");
    &e.problems[0]
}

fn pos(p: &Problem) -> (usize, usize, &str) {
    (p.line, p.column, p.key.as_str())
}

/// The file a problem is in: `None` for the spec itself.
fn file_of(p: &Problem) -> Option<&Path> {
    p.file.as_ref().map(|f| f.path.as_path())
}

const DIVIDER: &str = "[[blocks]]\ntype = \"divider\"\n";

fn stat(poster: &Poster, i: usize) -> &Stat {
    match &poster.blocks[i].kind {
        BlockKind::Stat(s) => s,
        other => panic!("block {i} is not a stat: {other:?}"),
    }
}

// --- theme files

#[test]
fn extended_theme_files_sit_between_the_default_and_the_spec() {
    let t = TempDir::new("precedence");
    t.write(
        "themes/base.toml",
        "primary = \"#111111\"\nmuted = \"#222222\"\n\n[size]\nbody = 20\nheadline = 50\n",
    );
    t.write(
        "themes/house.toml",
        "extends = \"base.toml\"   # beside this file\nprimary = \"#1B2A4A\"\naccent = \"#C9A227\"\n\n[size]\nbody = 26\n",
    );
    t.write(
        "card.toml",
        &format!("[theme]\nextends = \"themes/house.toml\"\naccent = \"#FF0000\"\n\n[theme.spacing]\nblock = 12\n\n{DIVIDER}"),
    );
    let p = t.load("card.toml");
    let built_in = yitu::model::default_theme();
    // The spec's own keys win …
    assert_eq!(p.theme.palette.accent, Color::rgb(0xFF, 0, 0));
    assert_eq!(p.theme.spacing.block, 12.0);
    // … then the theme file the spec extends …
    assert_eq!(p.theme.palette.primary, Color::rgb(0x1B, 0x2A, 0x4A));
    assert_eq!(p.theme.size.body, 26.0);
    // … then the one that file extends …
    assert_eq!(p.theme.palette.muted, Color::rgb(0x22, 0x22, 0x22));
    assert_eq!(p.theme.size.headline, 50.0);
    // … then the built-in theme.
    assert_eq!(p.theme.palette.text, built_in.palette.text);
    assert_eq!(p.theme.size.credit, built_in.size.credit);
    assert_eq!(p.theme.spacing.line_height, built_in.spacing.line_height);
    assert_eq!(p.page.background, built_in.palette.background);
}

#[test]
fn the_example_house_theme_loads() {
    let t = TempDir::new("house-example");
    let house = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("config/themes/house.toml"),
    )
    .unwrap();
    t.write("themes/house.toml", &house);
    t.write(
        "card.toml",
        &format!("[theme]\nextends = \"themes/house.toml\"\n\n{DIVIDER}"),
    );
    let p = t.load("card.toml");
    assert_eq!(p.theme.palette.primary, Color::rgb(0x1B, 0x2A, 0x4A));
    assert_eq!(p.theme.palette.accent, Color::rgb(0xC9, 0xA2, 0x27));
}

#[test]
fn a_problem_in_a_theme_file_points_into_that_file() {
    let t = TempDir::new("theme-error");
    let house = t.write(
        "themes/house.toml",
        "# house palette\nprimary = \"#1B2A4A\"\naccent = \"gold\"\n\n[size]\nbody = -3\n",
    );
    t.write(
        "card.toml",
        &format!("[theme]\nextends = \"themes/house.toml\"\nprimary = \"bad\"\n\n{DIVIDER}"),
    );
    let e = t.fail("card.toml");
    assert_eq!(e.problems.len(), 3, "{e}");
    // The spec's own problem first, as before: no other file, its own line and column.
    assert_eq!(pos(&e.problems[0]), (3, 11, "theme.primary"));
    assert_eq!(file_of(&e.problems[0]), None);
    // Then the theme file's, at its lines and columns, keyed as that file writes them.
    assert_eq!(pos(&e.problems[1]), (3, 10, "accent"));
    assert_eq!(file_of(&e.problems[1]), Some(house.as_path()));
    assert_eq!(
        e.problems[1].message,
        "expected a colour like \"#B71C1C\" or \"cmyk(0, 100, 100, 10)\", found \"gold\""
    );
    assert_eq!(pos(&e.problems[2]), (6, 8, "size.body"));
    assert_eq!(file_of(&e.problems[2]), Some(house.as_path()));

    let shown = e.to_string();
    let spec = t.path("card.toml").display().to_string();
    let theme = house.display().to_string();
    assert!(
        shown.contains(&format!("{spec}:3:11: theme.primary: expected a colour")),
        "{shown}"
    );
    assert!(
        shown.contains(&format!(
            "{theme}:3:10: accent: expected a colour like \"#B71C1C\" or \"cmyk(0, 100, 100, 10)\", found \"gold\""
        )),
        "{shown}"
    );
    // The report draws the theme file's lines under the theme file's name.
    let report = e.report();
    assert!(report.contains(&format!("{theme}:3:10")), "{report}");
    assert!(report.contains("accent = \"gold\""), "{report}");
    assert!(report.contains("body = -3"), "{report}");
}

#[test]
fn toml_errors_in_a_theme_file_name_that_file() {
    let t = TempDir::new("theme-syntax");
    let house = t.write(
        "themes/house.toml",
        "primary = \"#1B2A4A\"\nprimry = \"#000\"\n",
    );
    t.write(
        "card.toml",
        &format!("[theme]\nextends = \"themes/house.toml\"\n\n{DIVIDER}"),
    );
    let e = t.fail("card.toml");
    let p = only(&e);
    assert_eq!(file_of(p), Some(house.as_path()));
    assert_eq!(pos(p), (2, 1, "primry"));
    assert!(
        p.message.ends_with("found unknown key `primry`"),
        "{}",
        p.message
    );
    assert_eq!(p.help.as_deref(), Some("did you mean `primary`?"));

    t.write("themes/house.toml", "primary = \"#1B2A4A\n");
    let e = t.fail("card.toml");
    let p = only(&e);
    assert_eq!(file_of(p), Some(house.as_path()));
    assert_eq!(p.line, 1, "{e}");
}

#[test]
fn a_cycle_of_theme_files_is_an_error_at_the_extends_that_closes_it() {
    let t = TempDir::new("cycle");
    t.write(
        "themes/a.toml",
        "extends = \"b.toml\"\nprimary = \"#111111\"\n",
    );
    let b = t.write(
        "themes/b.toml",
        "accent = \"#222222\"\nextends = \"a.toml\"\n",
    );
    t.write(
        "card.toml",
        &format!("[theme]\nextends = \"themes/a.toml\"\n\n{DIVIDER}"),
    );
    let e = t.fail("card.toml");
    let p = only(&e);
    assert_eq!(file_of(p), Some(b.as_path()));
    assert_eq!(pos(p), (2, 11, "extends"));
    let a = t.path("themes/a.toml").display().to_string();
    let b = b.display().to_string();
    assert_eq!(
        p.message,
        format!(
            "expected a theme file that does not extend itself, found a cycle: {a} → {b} → {a}"
        )
    );

    // A file extending itself.
    t.write("themes/a.toml", "extends = \"./a.toml\"\n");
    let e = t.fail("card.toml");
    let p = only(&e);
    assert_eq!(pos(p), (1, 11, "extends"));
    assert!(p.message.contains("found a cycle"), "{}", p.message);
}

#[test]
fn a_missing_theme_file_is_an_error_at_extends() {
    let t = TempDir::new("missing-theme");
    t.write(
        "card.toml",
        &format!("[page]\nwidth = 360\n\n[theme]\nextends = \"themes/nope.toml\"\n\n{DIVIDER}"),
    );
    let e = t.fail("card.toml");
    let p = only(&e);
    assert_eq!(file_of(p), None);
    assert_eq!(pos(p), (5, 11, "theme.extends"));
    let missing = t.path("themes/nope.toml").display().to_string();
    assert_eq!(
        p.message,
        format!("expected a theme file at {missing:?}, found no such file")
    );
    assert!(p.help.as_deref().unwrap().contains("relative"), "{p:?}");

    // Named by a theme file: reported there, relative to that file's folder.
    let house = t.write("themes/house.toml", "extends = \"base.toml\"\n");
    t.write(
        "card.toml",
        &format!("[theme]\nextends = \"themes/house.toml\"\n\n{DIVIDER}"),
    );
    let e = t.fail("card.toml");
    let p = only(&e);
    assert_eq!(file_of(p), Some(house.as_path()));
    assert_eq!(pos(p), (1, 11, "extends"));
    assert!(p.message.contains("base.toml"), "{}", p.message);
}

// --- data files

const FIGURES: &str = r#"# figures of the 2022 review
"返乡创业" = 12000
"企业上云" = 1355
"口号" = "“1+10”"

["开放"]
"招商引资投资额" = 29.5
"进出口总额" = 8
"#;

#[test]
fn a_reference_reads_the_figure_with_the_number_format_keys() {
    let t = TempDir::new("data-toml");
    t.write("data/figures.toml", FIGURES);
    t.write(
        "card.toml",
        r#"data = "data/figures.toml"

[page]
width = 720

[[blocks]]
type = "stat"
label = "新增返乡创业"
value = { data = "返乡创业" }
unit = "人"
scale = "auto"

[[blocks]]
type = "stats"
items = [
  { label = "推动", value = { data = "企业上云" }, unit = "家", thousands = true, precision = 0 },
  { value = { data = "口号" }, after = "防汛应急体系" },
  { label = "招商引资投资额", value = { data = "开放.招商引资投资额" }, unit = "%", change = "words" },
]

[[blocks]]
type = "chart"
kind = "bar"
labels = ["招商引资投资额", "进出口总额", "其他"]
values = [{ data = "开放.招商引资投资额" }, { data = "开放.进出口总额" }, 6.8]
"#,
    );
    let p = t.load("card.toml");
    let s = stat(&p, 0);
    assert_eq!((s.value.as_str(), s.unit.as_deref()), ("1.2", Some("万人")));
    let BlockKind::StatGrid(grid) = &p.blocks[1].kind else {
        panic!("{:?}", p.blocks[1].kind)
    };
    assert_eq!(grid.items[0].value, "1,355");
    assert_eq!(grid.items[1].value, "“1+10”");
    assert_eq!(grid.items[2].label.as_deref(), Some("招商引资投资额增长"));
    assert_eq!(grid.items[2].value, "29.5");
    let BlockKind::Chart(chart) = &p.blocks[2].kind else {
        panic!("{:?}", p.blocks[2].kind)
    };
    assert_eq!(chart.series[0].values, [29.5, 8.0, 6.8]);
}

#[test]
fn a_csv_data_file_holds_key_value_rows() {
    let t = TempDir::new("data-csv");
    t.write(
        "data/figures.csv",
        "key,value\n返乡创业,12000\n口号,“1+10”\n\"税收, 非税\",3.5\n",
    );
    t.write(
        "card.toml",
        r#"data = "data/figures.csv"

[[blocks]]
type = "stat"
value = { data = "返乡创业" }
unit = "人"
scale = "万"

[[blocks]]
type = "stat"
value = { data = "口号" }

[[blocks]]
type = "stat"
value = { data = "税收, 非税" }
"#,
    );
    let p = t.load("card.toml");
    assert_eq!(stat(&p, 0).value, "1.2");
    assert_eq!(stat(&p, 0).unit.as_deref(), Some("万人"));
    assert_eq!(stat(&p, 1).value, "“1+10”");
    assert_eq!(stat(&p, 2).value, "3.5");

    // No header: the first figure would be lost, so it is an error in the CSV file.
    let csv = t.write("data/figures.csv", "返乡创业,12000\n");
    let e = t.fail("card.toml");
    let p = only(&e);
    assert_eq!(file_of(p), Some(csv.as_path()));
    assert_eq!(p.line, 1);
    assert!(
        p.message.starts_with("expected the header row key,value"),
        "{}",
        p.message
    );
}

#[test]
fn an_unknown_figure_is_reported_at_the_reference_with_the_nearest_name() {
    let t = TempDir::new("unknown-figure");
    t.write("data/figures.toml", FIGURES);
    t.write(
        "card.toml",
        r#"data = "data/figures.toml"

[[blocks]]
type = "stats"
items = [
  { label = "返乡创业", value = { data = "返乡创" } },
  { label = "开放", value = { data = "开放" } },
]

[[blocks]]
type = "chart"
kind = "bar"
labels = ["a"]
values = [{ data = "进出口总额" }]
"#,
    );
    let e = t.fail("card.toml");
    assert_eq!(e.problems.len(), 3, "{e}");
    let p = &e.problems[0];
    assert_eq!(file_of(p), None);
    // At the name inside the reference.
    assert_eq!(pos(p), (6, 38, "blocks[0].items[0].value"));
    assert_eq!(
        p.message,
        "expected a figure of data/figures.toml, found unknown figure \"返乡创\""
    );
    assert_eq!(p.help.as_deref(), Some("did you mean `返乡创业`?"));
    // A table's name: one of its figures is suggested.
    assert_eq!(
        e.problems[1].help.as_deref(),
        Some("`开放` is a table of figures: name one of them, such as `开放.招商引资投资额`")
    );
    // In a chart's values too.
    assert_eq!(pos(&e.problems[2]), (14, 20, "blocks[1].values[0]"));
    assert_eq!(
        e.problems[2].help.as_deref(),
        Some("did you mean `开放.进出口总额`?")
    );
}

#[test]
fn references_need_a_data_file_and_figures_that_can_be_shown() {
    let t = TempDir::new("reference-errors");
    t.write(
        "card.toml",
        "[[blocks]]\ntype = \"stat\"\nvalue = { data = \"返乡创业\" }\n",
    );
    let e = t.fail("card.toml");
    let p = only(&e);
    assert_eq!(pos(p), (3, 18, "blocks[0].value"));
    assert!(p.message.contains("no `data` key"), "{}", p.message);

    // A misspelt reference key.
    t.write(
        "data/figures.toml",
        "flag = true\n\"口号\" = \"“1+10”\"\nx = 1\n",
    );
    t.write(
        "card.toml",
        "data = \"data/figures.toml\"\n[[blocks]]\ntype = \"stat\"\nvalue = { dta = \"x\" }\n",
    );
    let e = t.fail("card.toml");
    assert_eq!(only(&e).help.as_deref(), Some("did you mean `data`?"));

    // A figure that cannot be shown is reported in the data file, where it is written.
    let figures = t.path("data/figures.toml");
    t.write(
        "card.toml",
        "data = \"data/figures.toml\"\n[[blocks]]\ntype = \"stat\"\nvalue = { data = \"flag\" }\n",
    );
    let e = t.fail("card.toml");
    let p = only(&e);
    assert_eq!(file_of(p), Some(figures.as_path()));
    assert_eq!(pos(p), (1, 8, "flag"));
    assert_eq!(p.message, "expected a number or a string, found a boolean");

    // A chart needs numbers: a text figure is reported at the reference, naming the figure.
    t.write(
        "card.toml",
        "data = \"data/figures.toml\"\n[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\nlabels = [\"a\"]\nvalues = [{ data = \"口号\" }]\n",
    );
    let e = t.fail("card.toml");
    let p = only(&e);
    assert_eq!(file_of(p), None);
    assert_eq!(pos(p), (6, 11, "blocks[0].values[0]"));
    assert_eq!(
        p.message,
        "expected a number, found the figure `口号` of data/figures.toml, a string (\"“1+10”\")"
    );

    // A missing data file is an error at `data`.
    t.write(
        "card.toml",
        "data = \"data/nope.toml\"\n[[blocks]]\ntype = \"stat\"\nvalue = { data = \"x\" }\n",
    );
    let e = t.fail("card.toml");
    let p = only(&e);
    assert_eq!(pos(p), (1, 8, "data"));
    assert!(p.message.ends_with("found no such file"), "{}", p.message);

    // A bare Chinese key is not TOML: the data file's error says to quote it.
    t.write("data/figures.toml", "返乡创业 = 1.2\n");
    t.write(
        "card.toml",
        "data = \"data/figures.toml\"\n[[blocks]]\ntype = \"stat\"\nvalue = { data = \"返乡创业\" }\n",
    );
    let e = t.fail("card.toml");
    let p = only(&e);
    assert_eq!(file_of(p), Some(figures.as_path()));
    assert_eq!(p.line, 1);
    assert_eq!(
        p.help.as_deref(),
        Some("a key with Chinese characters is written in quotes: \"返乡创业\" = …")
    );
}

#[test]
fn theme_and_data_files_are_recorded_as_dependencies() {
    let t = TempDir::new("dependencies");
    let base = t.write("themes/base.toml", "muted = \"#222222\"\n");
    let house = t.write(
        "themes/house.toml",
        "extends = \"base.toml\"\nprimary = \"#1B2A4A\"\n",
    );
    let figures = t.write("data/figures.toml", FIGURES);
    let csv = t.write("data/growth.csv", "指标,2022年\n招商引资,29.5\n");
    t.write(
        "card.toml",
        r#"data = "data/figures.toml"

[theme]
extends = "themes/house.toml"

[[blocks]]
type = "stat"
value = { data = "开放.进出口总额" }

[[blocks]]
type = "stat"
value = { data = "返乡创业" }

[[blocks]]
type = "chart"
kind = "bar"
data = "data/growth.csv"
"#,
    );
    let p = t.load("card.toml");
    let files: Vec<&Path> = p.dependencies.iter().map(|d| d.path.as_path()).collect();
    assert_eq!(files, [&house, &base, &figures, &csv]);
    for d in &p.dependencies {
        assert_eq!(*d.bytes, *std::fs::read(&d.path).unwrap(), "{d:?}");
    }
    // Of the data file, the figures shown, in the file's order.
    let used = p.dependencies[2].used.as_deref().expect("the figures used");
    assert_eq!(
        String::from_utf8_lossy(used),
        "返乡创业\t12000\n开放.进出口总额\t8\n"
    );
    assert!(p.dependencies.iter().filter(|d| d.used.is_some()).count() == 1);
}

// --- through the binary

fn card(figure: &str) -> String {
    format!(
        r#"data = "data/figures.toml"

[page]
width = 360
margin = 24

[[blocks]]
type = "stat"
label = "新增返乡创业"
value = {{ data = "{figure}" }}
unit = "人"
scale = "auto"
"#
    )
}

struct Run {
    code: Option<i32>,
    stderr: String,
}

fn render(dir: &Path) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_yitu"))
        .current_dir(dir)
        .args(["render", "cards", "--out", "out", "--format", "svg"])
        .output()
        .expect("cannot run the yitu binary");
    Run {
        code: out.status.code(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl Run {
    /// The specs on `STATUS cards/NAME.toml` lines, sorted.
    fn with_status(&self, status: &str) -> Vec<String> {
        let prefix = format!("{status} ");
        let mut names: Vec<String> = (self.stderr.lines())
            .filter_map(|l| l.strip_prefix(&prefix))
            .filter(|rest| rest.ends_with(".toml"))
            .map(|rest| rest.replace('\\', "/"))
            .collect();
        names.sort();
        names
    }

    fn summary(&self) -> &str {
        (self.stderr.lines())
            .find(|l| l.starts_with("rendered ") && l.contains(", unchanged "))
            .unwrap_or_else(|| panic!("no summary line:\n{}", self.stderr))
    }
}

#[test]
fn editing_a_shared_figure_re_renders_every_spec_that_shows_it() {
    let t = TempDir::new("batch");
    t.write(
        "cards/data/figures.toml",
        "\"返乡创业\" = 12000\n\"技能人才\" = 185000\n",
    );
    t.write("cards/a.toml", &card("返乡创业"));
    t.write("cards/b.toml", &card("返乡创业"));
    t.write(
        "cards/c.toml",
        "[page]\nwidth = 360\n\n[[blocks]]\ntype = \"stat\"\nvalue = 1.2\nunit = \"万人\"\n",
    );

    let first = render(&t.0);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert!(
        first
            .summary()
            .starts_with("rendered 3, unchanged 0, failed 0"),
        "{}",
        first.stderr
    );
    let svg = |name: &str| std::fs::read_to_string(t.path(&format!("out/{name}.svg"))).unwrap();
    let (a, b, c) = (svg("a"), svg("b"), svg("c"));

    // Nothing changed: nothing is rendered.
    let again = render(&t.0);
    assert!(
        again
            .summary()
            .starts_with("rendered 0, unchanged 3, failed 0"),
        "{}",
        again.stderr
    );

    // One figure edited in the shared file: both specs showing it are rendered again, the third is not.
    t.write(
        "cards/data/figures.toml",
        "\"返乡创业\" = 13000\n\"技能人才\" = 185000\n",
    );
    let edited = render(&t.0);
    assert_eq!(edited.code, Some(0), "{}", edited.stderr);
    assert_eq!(
        edited.with_status("rendered"),
        ["cards/a.toml", "cards/b.toml"],
        "{}",
        edited.stderr
    );
    assert_eq!(
        edited.with_status("unchanged"),
        ["cards/c.toml"],
        "{}",
        edited.stderr
    );
    assert!(
        edited
            .summary()
            .starts_with("rendered 2, unchanged 1, failed 0"),
        "{}",
        edited.stderr
    );
    // The new figure is drawn (1.3 万人 rather than 1.2 万人), and only where it is shown.
    assert_ne!(svg("a"), a);
    assert_ne!(svg("b"), b);
    assert_eq!(svg("a"), svg("b"));
    assert_eq!(svg("c"), c);
}

#[test]
fn editing_a_figure_leaves_specs_showing_other_figures_unchanged() {
    let t = TempDir::new("per-figure");
    t.write(
        "cards/data/figures.toml",
        "\"返乡创业\" = 12000\n\"技能人才\" = 185000\n",
    );
    t.write("cards/a.toml", &card("返乡创业"));
    t.write("cards/b.toml", &card("技能人才"));
    assert_eq!(render(&t.0).code, Some(0));
    // Only 技能人才 changes: b shows it and is rendered again; a reads the same file but not that figure.
    t.write(
        "cards/data/figures.toml",
        "\"返乡创业\" = 12000\n\"技能人才\" = 190000\n",
    );
    let edited = render(&t.0);
    assert_eq!(edited.code, Some(0), "{}", edited.stderr);
    assert_eq!(
        edited.with_status("rendered"),
        ["cards/b.toml"],
        "{}",
        edited.stderr
    );
    assert_eq!(
        edited.with_status("unchanged"),
        ["cards/a.toml"],
        "{}",
        edited.stderr
    );
}

// --- files of another kind, special files and files too large

/// `yitu render SPEC… --out out` in `dir`.
fn render_specs(dir: &Path, specs: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_yitu"))
        .current_dir(dir)
        .arg("render")
        .args(specs)
        .args(["--out", "out"])
        .output()
        .expect("cannot run the yitu binary");
    Run {
        code: out.status.code(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A file that is not yitu's (an `/etc/passwd`), named as a theme, a chart's CSV and a data file: each is
/// an error at the key naming it, and not a byte of the file is printed, whatever it holds.
#[test]
fn a_file_of_another_kind_is_never_read_nor_quoted() {
    let t = TempDir::new("foreign");
    let secret = t.write(
        "private/passwd",
        "root:x:0:0:SECRET-ROOT:/root:/bin/bash\nlabel,SECRET-COLUMN\nSECRET-ROW,SECRET-VALUE\n",
    );
    let secret = secret.display().to_string();
    t.write(
        "theme.toml",
        &format!("[theme]\nextends = {secret:?}\n\n{DIVIDER}"),
    );
    t.write(
        "chart.toml",
        "[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\ndata = \"private/passwd\"\n",
    );
    t.write(
        "figures.toml",
        &format!("data = \"private/passwd\"\n\n{DIVIDER}"),
    );
    let run = render_specs(&t.0, &["theme.toml", "chart.toml", "figures.toml"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(!run.stderr.contains("SECRET"), "{}", run.stderr);
    for needle in [
        // The absolute path may be quoted by its start and end (a long one is cut in the middle).
        "theme.toml:2:11: theme.extends: expected a theme file ending in .toml, found \"/",
        "chart.toml:4:8: blocks[0].data: expected a data file ending in .csv, .json or .xlsx, found \"private/passwd\"",
        "figures.toml:1:8: data: expected a data file ending in .toml or .csv, found \"private/passwd\"",
    ] {
        assert!(run.stderr.contains(needle), "{needle}\n{}", run.stderr);
    }
    assert!(run.stderr.contains("private/passwd\""), "{}", run.stderr);

    // A theme file of yitu's own kind is quoted where it is wrong: that is what its author needs.
    t.write("private/house.toml", "primary = SECRET-OWN\n");
    t.write(
        "own.toml",
        &format!("[theme]\nextends = \"private/house.toml\"\n\n{DIVIDER}"),
    );
    let run = render_specs(&t.0, &["own.toml"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("primary = SECRET-OWN"),
        "{}",
        run.stderr
    );
}

/// Theme, CSV and figure files, and the spec itself, are read only up to `limits::FILE_BYTES`: a larger
/// one is an error at the key naming it (the spec: the file itself), without being read whole.
#[test]
fn a_file_over_the_size_limit_is_an_error_at_the_key_naming_it() {
    let t = TempDir::new("too-large");
    let huge = |file: &str| {
        let path = t.write(file, "");
        let f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
        f.set_len(yitu::model::limits::FILE_BYTES + 1).unwrap();
    };
    huge("themes/huge.toml");
    huge("data/huge.csv");
    huge("data/figures.toml");
    huge("huge-spec.toml");
    t.write(
        "card.toml",
        &format!(
            "data = \"data/figures.toml\"\n\n[theme]\nextends = \"themes/huge.toml\"\n\n{DIVIDER}\n\
             [[blocks]]\ntype = \"chart\"\nkind = \"bar\"\ndata = \"data/huge.csv\"\n"
        ),
    );
    let e = t.fail("card.toml");
    let found: Vec<(usize, usize, &str, &str)> = (e.problems.iter())
        .map(|p| (p.line, p.column, p.key.as_str(), p.message.as_str()))
        .collect();
    let over = "of at most 8 MiB, found a file of 8388609 bytes";
    assert_eq!(
        found,
        [
            (1, 8, "data", &*format!("expected a data file {over}")),
            (
                4,
                11,
                "theme.extends",
                &*format!("expected a theme file {over}")
            ),
            (
                12,
                8,
                "blocks[1].data",
                &*format!("expected a CSV file {over}")
            ),
        ],
        "{e}"
    );

    let run = render_specs(&t.0, &["huge-spec.toml"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "huge-spec.toml: expected a spec of at most 8 MiB, found a file of 8388609 bytes"
        ),
        "{}",
        run.stderr
    );
}

/// A FIFO named as a theme file is refused before it is opened: opening it would wait for a writer.
#[cfg(unix)]
#[test]
fn a_special_file_is_refused_without_waiting_on_it() {
    let t = TempDir::new("fifo");
    let fifo = t.path("themes/pipe.toml");
    std::fs::create_dir_all(fifo.parent().unwrap()).unwrap();
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("no mkfifo here: skipped");
        return;
    }
    t.write(
        "card.toml",
        &format!("[theme]\nextends = \"themes/pipe.toml\"\n\n{DIVIDER}"),
    );
    let spec = t.path("card.toml");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(load_file(&spec).map(|_| ())));
    let e = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("loading waited on the FIFO")
        .unwrap_err();
    let p = only(&e);
    assert_eq!(pos(p), (2, 11, "theme.extends"));
    assert!(
        p.message
            .ends_with("found a special file (a FIFO, a device), not a regular file"),
        "{}",
        p.message
    );
}

// --- cards settled from the shared file alone, without loading them

/// `yitu render cards --out out --format svg` in `dir`, the specs named in `load` panicking if they are
/// loaded (`YITU_INJECT_FAULT`, read by test builds only): a card settled from its record and the shared
/// file alone is never loaded.
fn render_loading_none_of(dir: &Path, load: &[&str]) -> Run {
    let faults: Vec<String> = load.iter().map(|s| format!("load:{s}")).collect();
    let out = Command::new(env!("CARGO_BIN_EXE_yitu"))
        .current_dir(dir)
        .args(["render", "cards", "--out", "out", "--format", "svg"])
        .env("YITU_INJECT_FAULT", faults.join(","))
        .output()
        .expect("cannot run the yitu binary");
    Run {
        code: out.status.code(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Renders the cards, then again once their files have settled (past the stamps' settling time), so that
/// every record holds trusted stamps.
fn rendered_and_stamped(t: &TempDir, cards: usize) {
    assert_counts(&render(&t.0), cards, 0);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_counts(&render(&t.0), 0, cards);
}

/// Asserts that `run` rendered `rendered` specs, found `unchanged` current and failed none.
fn assert_counts(run: &Run, rendered: usize, unchanged: usize) {
    let expected = format!("rendered {rendered}, unchanged {unchanged}, failed 0");
    assert!(run.summary().starts_with(&expected), "{}", run.stderr);
}

/// A folder of cards `a`, `b`, … reading the shared figures, each showing the figure `shown` names for
/// it, rendered and stamped.
fn stamped_cards(name: &str, shown: &[&str]) -> TempDir {
    let t = TempDir::new(name);
    t.write("cards/data/figures.toml", CARD_FIGURES);
    for (card_name, figure) in ["a", "b", "c"].iter().zip(shown) {
        t.write(&format!("cards/{card_name}.toml"), &card(figure));
    }
    rendered_and_stamped(&t, shown.len());
    t
}

/// The bytes of every record in `out/`, in the folder's order.
fn records(t: &TempDir) -> Vec<Vec<u8>> {
    std::fs::read_dir(t.path("out/.yitu-record"))
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect()
}

const CARD_FIGURES: &str = "\"返乡创业\" = 12000\n\"技能人才\" = 185000\n\"未用\" = 1\n";

#[test]
fn an_edited_figure_loads_and_renders_only_the_cards_showing_it() {
    let t = stamped_cards("settled-edit", &["返乡创业", "技能人才", "技能人才"]);
    let svg = |name: &str| std::fs::read_to_string(t.path(&format!("out/{name}.svg"))).unwrap();
    let a = svg("a");

    // 技能人才 edited: b and c are rendered; a, which reads the same file, is settled without loading.
    t.write(
        "cards/data/figures.toml",
        &CARD_FIGURES.replace("185000", "190000"),
    );
    let edited = render_loading_none_of(&t.0, &["a.toml"]);
    assert_eq!(edited.code, Some(0), "{}", edited.stderr);
    assert_eq!(
        edited.with_status("rendered"),
        ["cards/b.toml", "cards/c.toml"],
        "{}",
        edited.stderr
    );
    assert_eq!(edited.with_status("unchanged"), ["cards/a.toml"]);
    assert_eq!(svg("a"), a);
    assert!(svg("b").contains("19"), "the new figure is drawn");

    // Nothing changed since, the file just written (its stamp not yet trusted): none is loaded.
    let again = render_loading_none_of(&t.0, &["a.toml", "b.toml", "c.toml"]);
    assert!(
        again
            .summary()
            .starts_with("rendered 0, unchanged 3, failed 0"),
        "{}",
        again.stderr
    );
    // Once settled, the records of the cards just rendered are stamped when their outputs are read back
    // (a's keeps the file's old stamp: its figure is compared each run), and a run after that writes
    // nothing.
    std::thread::sleep(std::time::Duration::from_millis(300));
    render_loading_none_of(&t.0, &["a.toml", "b.toml", "c.toml"]);
    let record = std::fs::read_to_string(t.path("out/.yitu-record/a.json")).unwrap();
    assert!(record.contains("\"figures\": [\n"), "{record}");
    assert!(record.contains("\"返乡创业\""), "{record}");
    assert!(!record.contains("\"stamp\": \"\""), "{record}");
    let before = records(&t);
    let settled = render_loading_none_of(&t.0, &["a.toml", "b.toml", "c.toml"]);
    assert!(settled.summary().starts_with("rendered 0, unchanged 3"));
    assert!(before == records(&t), "a settled run rewrote a record");
}

#[test]
fn a_figure_no_card_shows_changes_nothing_and_loads_nothing() {
    let t = stamped_cards("settled-unused", &["返乡创业", "技能人才"]);
    // Edited, added, reordered around the shown ones, comments: none of it is shown.
    t.write(
        "cards/data/figures.toml",
        "# 2023\n\"返乡创业\" = 12000\n\"新增\" = 7\n\"技能人才\" = 185000\n\"未用\" = 2\n",
    );
    let run = render_loading_none_of(&t.0, &["a.toml", "b.toml"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.summary()
            .starts_with("rendered 0, unchanged 2, failed 0"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_removed_renamed_or_unreadable_figure_is_reported_as_before() {
    let t = stamped_cards("settled-removed", &["返乡创业", "技能人才"]);

    // 技能人才 renamed: b is loaded and fails at its reference; a is settled without loading.
    t.write(
        "cards/data/figures.toml",
        &CARD_FIGURES.replace("技能人才", "技能人材"),
    );
    let renamed = render_loading_none_of(&t.0, &["a.toml"]);
    assert_eq!(renamed.code, Some(2), "{}", renamed.stderr);
    assert_eq!(renamed.with_status("failed"), ["cards/b.toml"]);
    assert_eq!(renamed.with_status("unchanged"), ["cards/a.toml"]);
    assert!(
        renamed.stderr.contains("found unknown figure \"技能人才\""),
        "{}",
        renamed.stderr
    );

    // A syntax error, and a figure written twice, anywhere in the file: every card reading it is
    // loaded, and fails with the problem in the file, as without records.
    for broken in [
        format!("{CARD_FIGURES}\"未用\" = \n"),
        format!("{CARD_FIGURES}\"未用\" = 3\n"),
    ] {
        t.write("cards/data/figures.toml", &broken);
        let run = render(&t.0);
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        assert_eq!(
            run.with_status("failed"),
            ["cards/a.toml", "cards/b.toml"],
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("figures.toml:4"), "{}", run.stderr);
    }

    // Put back as rendered: the outputs of both are current again (a failed load leaves the record).
    t.write("cards/data/figures.toml", CARD_FIGURES);
    let fixed = render_loading_none_of(&t.0, &["a.toml", "b.toml"]);
    assert_eq!(fixed.code, Some(0), "{}", fixed.stderr);
    assert!(
        fixed
            .summary()
            .starts_with("rendered 0, unchanged 2, failed 0"),
        "{}",
        fixed.stderr
    );
}

/// A CSV file of figures works as the TOML one; a chart's data file (CSV, JSON rows, an xlsx workbook)
/// counts whole, even when it is also the spec's file of figures.
#[test]
fn figures_in_csv_and_whole_data_files_of_charts() {
    let t = TempDir::new("settled-csv");
    let workbook = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/data/growth-2022.xlsx");
    std::fs::create_dir_all(t.path("cards/data")).unwrap();
    std::fs::copy(&workbook, t.path("cards/data/growth.xlsx")).unwrap();
    let figures = "key,value\n返乡创业,12000\n技能人才,185000\n未用,1\n";
    t.write("cards/data/figures.csv", figures);
    t.write(
        "cards/data/rows.json",
        "[{\"指标\": \"进出口总额\", \"增速\": 8}]",
    );
    let csv_card = |figure: &str| card(figure).replace("figures.toml", "figures.csv");
    t.write("cards/a.toml", &csv_card("返乡创业"));
    t.write("cards/b.toml", &csv_card("技能人才"));
    let chart = |data: &str| {
        format!("[page]\nwidth = 360\nmargin = 24\n\n[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\n{data}\n")
    };
    // Its figure file is also its chart's data: every row of it is drawn.
    t.write(
        "cards/m.toml",
        &format!(
            "data = \"data/figures.csv\"\n{}\n[[blocks]]\ntype = \"stat\"\nvalue = {{ data = \"返乡创业\" }}\n",
            chart("data = \"data/figures.csv\"")
        ),
    );
    t.write("cards/j.toml", &chart("data = \"data/rows.json\""));
    t.write(
        "cards/x.toml",
        &chart("data = \"data/growth.xlsx\"\nsheet = \"增速\"\nrange = \"A3:B6\""),
    );
    rendered_and_stamped(&t, 5);

    // A figure nobody shows as a figure: m draws it in its chart, so m is rendered; a and b are not loaded.
    t.write(
        "cards/data/figures.csv",
        &figures.replace("未用,1", "未用,2"),
    );
    let run = render_loading_none_of(&t.0, &["a.toml", "b.toml", "j.toml", "x.toml"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.with_status("rendered"),
        ["cards/m.toml"],
        "{}",
        run.stderr
    );

    // A figure shown by b.
    t.write(
        "cards/data/figures.csv",
        &figures.replace("185000", "190000"),
    );
    let run = render_loading_none_of(&t.0, &["a.toml", "j.toml", "x.toml"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.with_status("rendered"),
        ["cards/b.toml", "cards/m.toml"],
        "{}",
        run.stderr
    );

    // The chart data files count whole.
    t.write(
        "cards/data/rows.json",
        "[{\"指标\": \"进出口总额\", \"增速\": 9}]",
    );
    let run = render_loading_none_of(&t.0, &["a.toml", "b.toml", "m.toml", "x.toml"]);
    assert_eq!(
        run.with_status("rendered"),
        ["cards/j.toml"],
        "{}",
        run.stderr
    );
    // The workbook with other bytes (a copy of another workbook): loaded again, whatever it then holds.
    let mut bytes = std::fs::read(&workbook).unwrap();
    bytes.extend_from_slice(b"\0");
    std::fs::write(t.path("cards/data/growth.xlsx"), &bytes).unwrap();
    // (m and j are loaded: the files they read whole were written too recently for their stamps.)
    let run = render_loading_none_of(&t.0, &["a.toml", "b.toml"]);
    assert!(
        !run.with_status("unchanged")
            .contains(&"cards/x.toml".to_owned()),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.with_status("unchanged"),
        [
            "cards/a.toml",
            "cards/b.toml",
            "cards/j.toml",
            "cards/m.toml"
        ],
        "{}",
        run.stderr
    );
}
