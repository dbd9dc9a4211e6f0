//! A fuzz test: thousands of specs mutated from the examples in `config/` and `tests/cases/` (and a few
//! seeds written below, so that every block kind, chart kind, page form and shared file is reached) go
//! through the library's front door, `yitu::render_file`, each into a fresh output folder. For every
//! case it asserts what issue #9 promises for any input:
//!
//! - no panic: bad input is an error, never a crash;
//! - no hang: each case runs on a thread of its own and must finish within [`CASE_BUDGET`];
//! - nothing written on error: a failed render leaves its output folder empty (no file, no temp file),
//!   but for the graphics a partly failed spec made ([`yitu::Error::Partial`]: a variant that cannot fit
//!   fails alone, the others are written) — exactly those files, and no temp file;
//! - a failure is an input error ([`yitu::Error::Spec`], exit 2), not an internal one: an input that gets
//!   past the model and fails while encoding is a missing check in the model;
//! - no NaN or infinite coordinate in a written SVG.
//!
//! Mutations are TOML-aware — the spec is parsed into a table, its numbers, strings, arrays, keys and
//! blocks are changed, and it is written back — plus, for some cases, damage to the bytes of the text (to
//! exercise the TOML and UTF-8 error paths). Work per case is bounded (texts, arrays and the whole spec
//! are capped; most cases render to SVG only, a few to PDF or to pixels at a small scale), so the default
//! run takes well under a minute on two cores.
//!
//! Deterministic: case N of seed S is always the same spec. Environment variables (see tests/README.md):
//! `YITU_FUZZ_CASES` (how many), `YITU_FUZZ_SEED`, `YITU_FUZZ_CASE` (run that one case only, printing it),
//! `YITU_FUZZ_THREADS`, `YITU_FUZZ_KEEP_GOING=1` (collect every failing class instead of stopping at the
//! first). A failing case is printed with its seed, number and text, and written to
//! `target/tmp/fuzz-failures/`, beside copies of the data and theme files it may name, so that
//! `yitu render target/tmp/fuzz-failures/seed-S-case-N.toml` reproduces it.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Mutex, Once};
use std::time::{Duration, Instant};

use toml::{Table, Value};
use yitu::{Format, Options, SvgText};

/// Cases of a plain `cargo test` run: 8–12 s on two cores at the test profile's optimisation.
const DEFAULT_CASES: u64 = 1_500;
/// The seed of a plain run; any other is as good, this one is fixed so CI is reproducible.
const DEFAULT_SEED: u64 = 9_2023;
/// How long one case may take before it counts as a hang. The slowest healthy cases (a multi-page A4
/// poster with an A3 variant, to JPEG) take about 3 s alone at the test profile's optimisation, and
/// three times that on a machine busy building; a real hang never ends, so the margin costs nothing.
const CASE_BUDGET: Duration = Duration::from_secs(20);
/// The largest mutated spec: bounds the work of one case (a spec the size of config/zhoukou-2023.toml
/// fits three times).
const MAX_SPEC_BYTES: usize = 64 * 1024;
/// The longest text a mutation writes, in characters.
const MAX_TEXT_CHARS: usize = 4_000;
/// The longest array a mutation grows.
const MAX_ARRAY_LEN: usize = 120;
/// The share of cases whose mutations all keep the spec plausible (see [`Mutator::gentle`]).
const GENTLE_PERCENT: usize = 40;
/// A hang leaves its thread spinning: stop after this many, even when collecting every failure.
const MAX_HANGS: usize = 3;

/// Bug classes this test found that are being fixed elsewhere. While a class is listed, a case of it does
/// not fail the test; the summary counts it. Remove an entry when its fix merges (the run prints the
/// entries no case hit, as candidates). Empty: the nine classes found while issue #9 was open are fixed.
const KNOWN: &[Known] = &[];

/// A known bug class.
struct Known {
    /// What goes wrong, and where it is being fixed.
    what: &'static str,
    class: KnownClass,
}

// No variant is in use while `KNOWN` is empty; they stay for the next class found.
#[allow(dead_code)]
enum KnownClass {
    /// A panic whose place (`file:line` of the panic, or of the first frame in yitu's `src/`) contains
    /// this.
    PanicAt(&'static str),
    /// An internal (non-input) error whose message contains this.
    InternalError(&'static str),
    /// A written SVG with a non-finite number or that does not parse, the description containing this.
    BadSvg(&'static str),
    /// Specs not run at all, because running them would hang or exhaust memory and so stop the run: a
    /// predicate over the mutated spec (as parsed; byte-damaged text that does not parse is always run),
    /// such as `|spec| spec.get("blocks").and_then(Value::as_array).is_some_and(|b| b.len() > 500)`.
    Skip(fn(&Table) -> bool),
}

// ───────────────────────────── the test ─────────────────────────────

#[test]
fn mutated_specs_never_panic_hang_or_write_on_error() {
    let settings = Settings::from_env();
    let corpus = corpus();
    assert!(
        corpus.len() >= 10,
        "the corpus is too small: {}",
        corpus.len()
    );
    install_panic_recorder();

    let started = Instant::now();
    let next = AtomicU64::new(settings.first);
    let stop = AtomicBool::new(false);
    let report = Mutex::new(Report::default());
    std::thread::scope(|scope| {
        for lane in 0..settings.threads {
            let (settings, corpus, next, stop, report) =
                (&settings, &corpus, &next, &stop, &report);
            scope.spawn(move || run_lane(lane, settings, corpus, next, stop, report));
        }
    });
    let report = report.into_inner().unwrap();
    let elapsed = started.elapsed();

    eprintln!("{}", report.summary(&settings, elapsed));
    if report.failures.is_empty() {
        let _ = std::fs::remove_dir_all(lanes_dir());
        return;
    }
    panic!("{}", report.failure_text(&settings));
}

// ───────────────────────────── settings ─────────────────────────────

struct Settings {
    seed: u64,
    /// Case numbers `first..end`.
    first: u64,
    end: u64,
    threads: usize,
    keep_going: bool,
    /// `YITU_FUZZ_CASE`: one case, printed whatever happens.
    single: bool,
}

impl Settings {
    fn from_env() -> Settings {
        let seed = env_u64("YITU_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
        let (first, end, single) = match env_u64("YITU_FUZZ_CASE") {
            Some(n) => (n, n + 1, true),
            None => (
                0,
                env_u64("YITU_FUZZ_CASES").unwrap_or(DEFAULT_CASES),
                false,
            ),
        };
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Settings {
            seed,
            first,
            end,
            threads: env_u64("YITU_FUZZ_THREADS").map_or(cores, |n| n.max(1) as usize),
            keep_going: std::env::var("YITU_FUZZ_KEEP_GOING").is_ok_and(|v| v == "1"),
            single,
        }
    }
}

fn env_u64(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    let text = text.trim().replace('_', "");
    Some(
        text.parse()
            .unwrap_or_else(|_| panic!("{name} must be a whole number, found {text:?}")),
    )
}

// ───────────────────────────── the corpus ─────────────────────────────

/// A spec the mutations start from.
struct Seed {
    name: String,
    text: String,
    /// `None` when the text is not TOML (none of ours; kept for byte mutations all the same).
    table: Option<Table>,
}

/// Specs written for the fuzz test: what the example specs do not reach (every chart kind, numbers with
/// their format keys, figures from a data file, a theme file, print pages, presets with pages).
const INLINE_SEEDS: &[(&str, &str)] = &[
    (
        "inline:every-chart",
        r##"[page]
width = 720
margin = 32

[[blocks]]
type = "chart"
kind = "stacked-column"
title = "堆叠"
labels = ["2021年", 2022, "2023年"]
series = [{ name = "甲", values = [1, 2.5, 3] }, { name = "乙", values = [4, 0, 6] }]
unit = "亿元"
scale = "万"
precision = 2
highlight = 1
source = "数据来源：示例"

[[blocks]]
type = "chart"
kind = "stacked-bar"
labels = ["县", "乡"]
series = [{ name = "甲", values = [10, 20] }, { name = "乙", values = [30, 40] }, { name = "丙", values = [5, 5] }]

[[blocks]]
type = "chart"
kind = "progress"
labels = ["完成", "在建"]
values = [76.3, 120]
max = 200
unit = "%"

[[blocks]]
type = "chart"
kind = "pie"
labels = ["一", "二", "三"]
values = [1, 2, 3]
scale = "none"

[[blocks]]
type = "chart"
kind = "donut"
labels = ["县园", "乡站"]
values = [9, 148]
center = "合计"
height = 280

[[blocks]]
type = "chart"
kind = "column"
labels = ["甲", "乙", "丙"]
values = [-5, 0, 12000]
scale = "auto"
highlight = "乙"
"##,
    ),
    (
        "inline:numbers",
        r##"[page]
width = 1080
height = 1440
margin = { top = 80, right = 64, bottom = 80, left = 64 }
background = "#FBF6EE"

[[blocks]]
type = "headline"
lines = ["新增返乡创业", "1.2万人以上"]

[[blocks]]
type = "kicker"
text = "周口市2023年政府工作报告"

[[blocks]]
type = "stat"
label = "新增返乡创业"
value = 12000
unit = "人"
scale = "auto"
precision = 1
thousands = true
qualifier = "以上"
after = "较上年"

[[blocks]]
type = "stats"
columns = 2
items = [
  { label = "进出口总额", value = -3.2, unit = "%", change = "words" },
  { label = "财政民生支出占比", value = 1.6, unit = "个百分点", change = "words" },
  { label = "工业用电量", value = 8, unit = "%", change = "sign" },
  { label = "口号", value = "“1+10”" },
]

[[blocks]]
type = "list"
style = "number"
items = ["一是坚持稳中求进；", "二是坚持高质量发展；"]

[[blocks]]
type = "section"
level = 1
title = "展望"

[[blocks]]
type = "section"
number = "一"
title = "坚持扩内需稳增长"

[[blocks]]
type = "divider"

[[blocks]]
type = "credit"
text = "记者 整理"
"##,
    ),
    (
        "inline:shared-files",
        r##"data = "data/zhoukou-2022-figures.toml"

[page]
preset = "xiaohongshu"
overflow = "pages"
variants = ["weibo", "a4"]
bleed = 5
crop_marks = false

[theme]
extends = "themes/house.toml"
accent = "cmyk(0, 35, 85, 0)"

[theme.size]
stat_value = 96

[theme.spacing]
block = 36
line_height = 1.6
card_gap = 12

[[blocks]]
type = "stat"
label = "新增城镇就业"
value = { data = "民生.新增城镇就业" }
unit = "人"
scale = "auto"

[[blocks]]
type = "stats"
items = [
  { label = "招商引资投资额", value = { data = "开放.招商引资投资额增速" }, unit = "%", change = "words" },
  { label = "粮食总产", value = { data = "农业.粮食总产" }, unit = "亿斤" },
]

[[blocks]]
type = "chart"
kind = "bar"
labels = ["招商引资投资额", "进出口总额"]
values = [{ data = "开放.招商引资投资额增速" }, { data = "开放.进出口总额增速" }]

[[blocks]]
type = "chart"
kind = "line"
data = "data/cases-growth-2022.csv"
"##,
    ),
    (
        "inline:print",
        r##"[page]
width = "250mm"
height = "353mm"
dpi = 150
bleed = 3
crop_marks = true

[theme]
extends = "themes/print-cmyk.toml"

[[blocks]]
type = "headline"
text = "昂首奋进现代化周口建设新征程"

[[blocks]]
type = "paragraph"
lead = "积极扩大有效投资。"
text = "谋划推动周口民用机场、沙颍河航运等重大项目，新增技能人才18.5万人，粮食总产186.48亿斤。"

[[blocks]]
type = "chart"
kind = "ring"
labels = ["财政民生支出占比"]
values = [76.3]
max = 100
center = "76.3%"
"##,
    ),
    (
        "inline:wechat-cover",
        r##"[page]
preset = "wechat-cover"

[theme]
primary = "#1B2A4A"
on_primary = "#F7E7B4"
text = "cmyk(0, 0, 0, 100)"

[[blocks]]
type = "headline"
text = "构筑聚才磁场"

[[blocks]]
type = "stat"
value = 1.2
unit = "万人"
"##,
    ),
];

/// Every seed: the example specs, the reference cases, then [`INLINE_SEEDS`]; in a fixed order.
fn corpus() -> Vec<Seed> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in ["config", "tests/cases"] {
        let entries = std::fs::read_dir(root.join(folder))
            .unwrap_or_else(|e| panic!("cannot read {folder}: {e}"));
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut seeds: Vec<Seed> = files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            let name = path.strip_prefix(root).unwrap().display().to_string();
            Seed::new(name, text)
        })
        .collect();
    seeds.extend(
        INLINE_SEEDS
            .iter()
            .map(|(name, text)| Seed::new(name.to_string(), text.to_string())),
    );
    seeds
}

impl Seed {
    fn new(name: String, text: String) -> Seed {
        let table = text.parse::<Table>().ok();
        Seed { name, text, table }
    }
}

/// The files a spec may name, as they sit beside each case's spec: `data/` from config/data plus the
/// reference cases' CSV (with its byte-order mark) as `data/cases-growth-2022.csv`, `themes/` and
/// `images/`.
fn install_fixtures(dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copies = [
        ("config/data", "data"),
        ("config/themes", "themes"),
        ("config/images", "images"),
        ("tests/cases/data", "data/cases-"),
    ];
    for (from, to) in copies {
        for entry in std::fs::read_dir(root.join(from)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy();
            let target = match to.strip_suffix('-') {
                Some(folder_prefix) => dir.join(format!("{folder_prefix}-{name}")),
                None => dir.join(to).join(&*name),
            };
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

// ───────────────────────────── a case ─────────────────────────────

/// One mutated spec and how to render it.
struct Case {
    number: u64,
    seed_name: String,
    /// What was done to the seed, in order: enough to see why a spec is what it is.
    mutations: Vec<String>,
    /// The spec file's bytes (not always UTF-8).
    text: Vec<u8>,
    options: Options,
}

/// The case `number` of `seed`: a function of the two only.
fn make_case(corpus: &[Seed], seed: u64, number: u64, out_dir: PathBuf) -> Case {
    let mut rng = fastrand::Rng::with_seed(mix(seed, number));
    let base = &corpus[rng.usize(..corpus.len())];
    let mut mutations = Vec::new();
    let mut text = base.text.clone().into_bytes();
    if let Some(table) = &base.table {
        // A few attempts: a mutation that makes the spec too large to stay fast is dropped.
        let count = 1 + rng.usize(..4);
        for _ in 0..4 {
            let mut mutator = Mutator {
                rng: rng.fork(),
                corpus,
                gentle: rng.usize(..100) < GENTLE_PERCENT,
                log: Vec::new(),
            };
            let mut root = Value::Table(table.clone());
            for _ in 0..count {
                mutator.mutate(&mut root);
            }
            let Value::Table(mutated) = root else {
                unreachable!("the root stays a table")
            };
            match toml::to_string(&mutated) {
                Ok(written) if written.len() <= MAX_SPEC_BYTES => {
                    text = written.into_bytes();
                    mutations = mutator.log;
                    break;
                }
                Ok(_) => {}
                Err(e) => {
                    // Rare (a table inside an array of values): keep the seed's text and damage it.
                    mutations = vec![format!("(could not write the mutated table back: {e})")];
                }
            }
        }
    }
    if base.table.is_none() || mutations.is_empty() || rng.usize(..100) < 8 {
        for _ in 0..1 + rng.usize(..2) {
            mutations.push(damage_bytes(&mut rng, &mut text));
        }
    }
    Case {
        number,
        seed_name: base.name.clone(),
        mutations,
        text,
        options: options_for(&mut rng, out_dir),
    }
}

/// The seed of case `number` of a run: splitmix64 of the two, so neighbouring cases are unrelated.
fn mix(seed: u64, number: u64) -> u64 {
    let mut z = seed ^ number.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Most cases render to SVG only (layout and the scene are where spec values do their damage); some
/// to PDF, and some to pixels at a small scale so that a large page stays cheap to rasterise.
fn options_for(rng: &mut fastrand::Rng, out_dir: PathBuf) -> Options {
    let mut options = Options::default().out_dir(out_dir);
    options.formats = match rng.usize(..100) {
        0..70 => vec![Format::Svg],
        70..80 => vec![Format::Pdf],
        80..90 => vec![Format::Png, Format::Svg],
        90..95 => vec![Format::Jpeg],
        _ => vec![Format::Webp, Format::Pdf],
    };
    options.png.scale = if rng.bool() { 0.1 } else { 0.25 };
    if rng.usize(..5) == 0 {
        options.svg.text = SvgText::Live;
    }
    if rng.usize(..20) == 0 {
        options.variants = Some(vec![pick(rng, PRESETS)]);
    }
    options
}

// ───────────────────────────── TOML-aware mutations ─────────────────────────────

const BLOCK_TYPES: &[&str] = &[
    "headline",
    "kicker",
    "section",
    "paragraph",
    "stat",
    "stats",
    "list",
    "chart",
    "divider",
    "credit",
    "image",
    "qr",
    "table",
];
/// Block types taking the same keys, so that one can become another and stay valid.
const TYPES_ALIKE: &[&[&str]] = &[
    &["headline", "kicker", "credit", "paragraph"],
    &["stats", "list"],
    &["section"],
    &["stat"],
    &["divider"],
    &["image"],
    &["qr"],
    &["table"],
];
const CHART_KINDS: &[&str] = &[
    "bar",
    "column",
    "line",
    "pie",
    "donut",
    "ring",
    "progress",
    "stacked-bar",
    "stacked-column",
];
const PRESETS: &[&str] = &[
    "wechat-cover",
    "wechat-article",
    "phone",
    "weibo",
    "xiaohongshu",
    "douyin",
    "instagram",
    "instagram-portrait",
    "instagram-story",
    "x",
    "a4",
    "a4-landscape",
    "a3",
    "a3-landscape",
];
/// Words of every closed set of values, and near misses.
const VOCABULARY: &[&str] = &[
    "auto",
    "none",
    "万",
    "亿",
    "wan",
    "words",
    "sign",
    "bullet",
    "number",
    "pages",
    "error",
    "Pages",
    "chart",
    "Chart",
    "pie",
    "stacked_bar",
    "a5",
    "",
];
const RARE_TEXTS: &[&str] = &[
    "𠮷野家𩸽",
    "👨‍👩‍👧‍👦🇨🇳👍🏽",
    "e\u{301}\u{308}\u{334}\u{321}",
    "مرحبا بالعالم",
    "\u{202E}abc\u{202C}def",
    "\u{0}\u{1}\u{7}\u{8}\u{1b}[31m",
    "\u{FEFF}开头",
    "\u{200B}\u{200D}\u{2060}",
    "\u{3000}\u{3000}全角空格",
    "\u{E000}\u{F8FF}",
    "\u{10FFFF}\u{FFFD}\u{FFFE}",
    "ﬀⅫ㍿",
    "，。、；：？！）》」』】",
    "（《「『【“",
    "1.2万人以上186.48亿斤29.5%",
    "ภาษาไทย",
    "\u{0F00}\u{1F00}ᚠ",
];
const ASCII_TEXTS: &[&str] = &[
    "Hello, world! (1/2): a;b?",
    "https://example.com/path?q=1&r=<2>#frag",
    "<svg onload=alert(1)>&amp;\"'",
    "Zhoukou 2023 government work report",
    "a",
];
const WHITESPACE: &[&str] = &[" ", "\t\n\r", "   \u{3000}  ", "\n\n\n"];
const NUMBER_TEXTS: &[&str] = &[
    "1e308", "nan", "-0", "12万", "1,000", "0x10", "１２", "+8%", "-inf", "1e-308",
];
const COLOURS: &[&str] = &[
    "#fff",
    "#00000000",
    "#B71C1C80",
    "#GGGGGG",
    "cmyk(0, 0, 0, 100)",
    "cmyk(0% 0% 0% 100%)",
    "cmyk(200, -1, 0, 1e308)",
    "cmyk(0 0 0)",
    "red",
    "#",
];
const LENGTHS: &[&str] = &[
    "250mm", "0mm", "-5mm", "1e308mm", "5000mm", "5001mm", "9.8in", "25cm", "1e-308mm", "mm",
    "250", "250pt", "1080px", "auto", "Auto",
];
/// Paths as `data` and `extends` take them, relative to the spec's folder (see [`install_fixtures`]).
const PATHS: &[&str] = &[
    "data/growth-2022.csv",
    "data/cases-growth-2022.csv",
    "data/zhoukou-2022-figures.toml",
    "themes/house.toml",
    "themes/default.toml",
    "themes/print-cmyk.toml",
    "spec.toml",
    "",
    ".",
    "data",
    "missing.toml",
    "data/missing.csv",
    "/dev/null",
    "../../../../../../etc/hostname",
];
const FIGURE_NAMES: &[&str] = &[
    "开放.招商引资投资额增速",
    "民生.新增城镇就业",
    "农业.粮食总产",
    "开放",
    "missing",
    "",
];
const THEME_SIZES: &[&str] = &[
    "headline",
    "kicker",
    "chapter",
    "section",
    "body",
    "stat_value",
    "stat_label",
    "credit",
];
const THEME_COLOURS: &[&str] = &[
    "primary",
    "accent",
    "text",
    "muted",
    "surface",
    "on_primary",
    "background",
];

const FLOATS: &[f64] = &[
    0.0,
    -0.0,
    -1.0,
    0.5,
    1e-308,
    5e-324,
    1e-12,
    1e15,
    1e16,
    1e100,
    1e308,
    -1e308,
    1.7e308,
    f64::MAX,
    -f64::MAX,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
];
const INTEGERS: &[i64] = &[
    0,
    -1,
    1,
    2,
    3,
    7,
    100,
    1_000,
    20_000,
    20_001,
    100_000,
    100_001,
    i32::MAX as i64,
    1 << 53,
    i64::MAX,
    i64::MIN,
];

fn pick<T: Copy>(rng: &mut fastrand::Rng, items: &[T]) -> T {
    items[rng.usize(..items.len())]
}

/// One step of a path into a TOML value.
#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// A path as the model names keys: `blocks[2].values[0]`.
fn show(path: &[Step]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            Step::Key(k) if text.is_empty() => text.push_str(k),
            Step::Key(k) => write!(text, ".{k}").unwrap(),
            Step::Index(i) => write!(text, "[{i}]").unwrap(),
        }
    }
    if text.is_empty() {
        text.push_str("(top)");
    }
    text
}

/// The path of every value under `value`, containers included, depth first.
fn all_paths(value: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(at.clone());
    match value {
        Value::Table(t) => {
            for (k, v) in t {
                at.push(Step::Key(k.clone()));
                all_paths(v, at, out);
                at.pop();
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                at.push(Step::Index(i));
                all_paths(v, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn node<'v>(mut value: &'v Value, path: &[Step]) -> Option<&'v Value> {
    for step in path {
        value = match (step, value) {
            (Step::Key(k), Value::Table(t)) => t.get(k)?,
            (Step::Index(i), Value::Array(a)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(value)
}

fn node_mut<'v>(mut value: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    for step in path {
        value = match (step, value) {
            (Step::Key(k), Value::Table(t)) => t.get_mut(k)?,
            (Step::Index(i), Value::Array(a)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(value)
}

struct Mutator<'c> {
    rng: fastrand::Rng,
    corpus: &'c [Seed],
    /// Only mutations that keep the spec plausible (values in range, keys kept, types kept), so that
    /// the case gets past validation into layout, charts and export, where the deeper bugs are.
    gentle: bool,
    log: Vec<String>,
}

impl Mutator<'_> {
    /// Applies one mutation, chosen by weight, and logs it.
    fn mutate(&mut self, root: &mut Value) {
        let entry = if self.gentle {
            match self.rng.usize(..14) {
                0..=2 => self.number(root),
                3..=5 => self.string(root),
                6..=9 => self.chart_data(root),
                10..=11 => self.page(root),
                12 => self.swap_type_or_kind(root),
                _ => self.blocks(root),
            }
        } else {
            match self.rng.usize(..29) {
                0..=4 => self.number(root),
                5..=8 => self.string(root),
                9 => self.retype(root),
                10..=12 => self.array(root),
                13..=14 => self.remove_key(root),
                15..=16 => self.copy_key(root),
                17..=18 => self.swap_type_or_kind(root),
                19..=21 => self.page(root),
                22 => self.theme(root),
                23 => self.blocks(root),
                24 => self.shared_file(root),
                _ => self.chart_data(root),
            }
        };
        if let Some(entry) = entry {
            self.log.push(entry);
        }
    }

    /// A random path whose value passes `wanted`; blocks are where most content is, so half the time
    /// only paths inside `blocks` are considered.
    fn find(&mut self, root: &Value, wanted: impl Fn(&Value) -> bool) -> Option<Vec<Step>> {
        let mut paths = Vec::new();
        all_paths(root, &mut Vec::new(), &mut paths);
        let in_blocks = self.rng.bool();
        let candidates: Vec<Vec<Step>> = paths
            .into_iter()
            .filter(|p| !p.is_empty())
            .filter(|p| !in_blocks || matches!(&p[0], Step::Key(k) if k == "blocks"))
            .filter(|p| node(root, p).is_some_and(&wanted))
            .collect();
        if candidates.is_empty() {
            return None;
        }
        Some(candidates[self.rng.usize(..candidates.len())].clone())
    }

    fn number(&mut self, root: &mut Value) -> Option<String> {
        let path = self.find(root, |v| v.is_integer() || v.is_float())?;
        let new = if self.gentle {
            self.plausible_number(node_mut(root, &path)?)
        } else {
            self.interesting_number(node_mut(root, &path)?)
        };
        let entry = format!("{} = {}", show(&path), show_value(&new));
        *node_mut(root, &path)? = new;
        Some(entry)
    }

    fn interesting_number(&mut self, old: &Value) -> Value {
        let old = old
            .as_float()
            .or(old.as_integer().map(|i| i as f64))
            .unwrap_or(1.0);
        match self.rng.usize(..10) {
            0..=3 => Value::Float(pick(&mut self.rng, FLOATS)),
            4..=6 => Value::Integer(pick(&mut self.rng, INTEGERS)),
            // The value scaled by a power of ten: plausible-looking but out of range.
            7 => Value::Float(old * 10f64.powi(self.rng.i32(-8..=20))),
            8 => Value::Float(-old),
            _ => Value::Float(old + f64::EPSILON * old.abs()),
        }
    }

    /// A number near the old one, within what a spec may ask for.
    fn plausible_number(&mut self, old: &Value) -> Value {
        let old = old
            .as_float()
            .or(old.as_integer().map(|i| i as f64))
            .unwrap_or(1.0);
        match self.rng.usize(..6) {
            0 => Value::Float(old * 10f64.powi(self.rng.i32(-3..=4))),
            1 => Value::Float(old / 3.0),
            2 => Value::Integer(pick(&mut self.rng, &[0, 1, 2, 3, 5, 10, 100])),
            3 => Value::Float(-old),
            4 => Value::Float(pick(&mut self.rng, &[1e15, -1e15, 1e-9, 0.001])),
            _ => Value::Float(old + 0.5),
        }
    }

    /// Strings other than a block's `type` and a chart's `kind` (those have [`Self::swap_type_or_kind`]).
    fn string(&mut self, root: &mut Value) -> Option<String> {
        let path = self.find(root, Value::is_str)?;
        if matches!(path.last(), Some(Step::Key(k)) if k == "type" || k == "kind") {
            return None;
        }
        let old = node_mut(root, &path)?.as_str()?.to_string();
        let new = if self.gentle {
            self.plausible_string(&old)
        } else {
            self.interesting_string(&old)
        };
        let entry = format!("{} = {:?}", show(&path), truncated(&new));
        *node_mut(root, &path)? = Value::String(new);
        Some(entry)
    }

    /// A text as a writer might paste it: long, with rare characters, ASCII, marks.
    fn plausible_string(&mut self, old: &str) -> String {
        let rng = &mut self.rng;
        match rng.usize(..5) {
            0 => {
                let unit = if old.is_empty() {
                    "新增返乡创业，"
                } else {
                    old
                };
                let chars = pick(rng, &[200, 1_000, MAX_TEXT_CHARS]);
                unit.chars().cycle().take(chars).collect()
            }
            1 => format!("{old}{}", pick(rng, RARE_TEXTS)),
            2 => pick(rng, ASCII_TEXTS).to_string(),
            3 => format!("{}{old}", pick(rng, &["（", "“", "1.2万人以上", "—"])),
            _ => old.repeat(2),
        }
    }

    fn interesting_string(&mut self, old: &str) -> String {
        let rng = &mut self.rng;
        match rng.usize(..14) {
            0 => String::new(),
            1 => {
                // Long: the old text (or a sentence) repeated, at most MAX_TEXT_CHARS characters.
                let unit = if old.is_empty() {
                    "新增返乡创业，"
                } else {
                    old
                };
                let chars = pick(rng, &[200, 1_000, MAX_TEXT_CHARS]);
                unit.chars().cycle().take(chars).collect()
            }
            2 => pick(rng, RARE_TEXTS).to_string(),
            3 => pick(rng, ASCII_TEXTS).to_string(),
            4 => pick(rng, WHITESPACE).to_string(),
            5 => {
                // A rare text inside the old one.
                let at = rng.usize(..=old.chars().count());
                let (head, tail): (String, String) = (
                    old.chars().take(at).collect(),
                    old.chars().skip(at).collect(),
                );
                format!("{head}{}{tail}", pick(rng, RARE_TEXTS))
            }
            6 => old
                .chars()
                .take(rng.usize(..=old.chars().count()))
                .collect(),
            7 => pick(rng, NUMBER_TEXTS).to_string(),
            8 => pick(rng, VOCABULARY).to_string(),
            9 => pick(rng, PATHS).to_string(),
            10 => pick(rng, COLOURS).to_string(),
            11 => pick(rng, LENGTHS).to_string(),
            12 => pick(rng, PRESETS).to_string(),
            _ => pick(rng, CHART_KINDS).to_string(),
        }
    }

    /// A leaf replaced by a value of another type.
    fn retype(&mut self, root: &mut Value) -> Option<String> {
        let path = self.find(root, |v| !v.is_table())?;
        let new = match self.rng.usize(..7) {
            0 => Value::Boolean(self.rng.bool()),
            1 => Value::Integer(pick(&mut self.rng, INTEGERS)),
            2 => Value::Float(pick(&mut self.rng, FLOATS)),
            3 => Value::String(pick(&mut self.rng, ASCII_TEXTS).to_string()),
            4 => Value::Array(vec![]),
            5 => Value::Datetime("1979-05-27T07:32:00Z".parse().unwrap()),
            _ => figure_reference(pick(&mut self.rng, FIGURE_NAMES)),
        };
        let entry = format!("{} = {} (retyped)", show(&path), show_value(&new));
        *node_mut(root, &path)? = new;
        Some(entry)
    }

    fn array(&mut self, root: &mut Value) -> Option<String> {
        let path = self.find(root, Value::is_array)?;
        let Value::Array(items) = node_mut(root, &path)? else {
            return None;
        };
        let rng = &mut self.rng;
        let what = match rng.usize(..8) {
            0 => {
                items.clear();
                "emptied".to_string()
            }
            1 if !items.is_empty() => {
                let i = rng.usize(..items.len());
                items.insert(i, items[i].clone());
                format!("[{i}] duplicated")
            }
            2 if !items.is_empty() => {
                let len = pick(rng, &[8, 40, MAX_ARRAY_LEN]).max(items.len());
                let grown: Vec<Value> = items.iter().cloned().cycle().take(len).collect();
                *items = grown;
                format!("lengthened to {len}")
            }
            3 if items.len() > 1 => {
                let len = rng.usize(1..items.len());
                items.truncate(len);
                format!("truncated to {len}")
            }
            4 if !items.is_empty() => {
                let i = rng.usize(..items.len());
                items.remove(i);
                format!("[{i}] removed")
            }
            5 => {
                rng.shuffle(items);
                "shuffled".to_string()
            }
            6 => {
                let mut kinds = vec![
                    Value::Boolean(true),
                    Value::String(String::new()),
                    Value::Float(f64::NAN),
                    Value::Integer(-1),
                    Value::Array(vec![]),
                ];
                let mixed = kinds.swap_remove(rng.usize(..kinds.len()));
                items.push(mixed.clone());
                format!("pushed {}", show_value(&mixed))
            }
            _ => {
                items.reverse();
                "reversed".to_string()
            }
        };
        Some(format!("{} {what}", show(&path)))
    }

    fn remove_key(&mut self, root: &mut Value) -> Option<String> {
        let path = self.find(root, |_| true)?;
        let (Step::Key(key), parent) = path.split_last()? else {
            return None;
        };
        node_mut(root, parent)?.as_table_mut()?.remove(key)?;
        Some(format!("{} removed", show(&path)))
    }

    /// A key of one table written into another (usually from one block to another).
    fn copy_key(&mut self, root: &mut Value) -> Option<String> {
        let from = self.find(root, |_| true)?;
        let (Step::Key(key), _) = from.split_last()? else {
            return None;
        };
        let value = node_mut(root, &from)?.clone();
        let to = self.find(root, Value::is_table)?;
        node_mut(root, &to)?
            .as_table_mut()?
            .insert(key.clone(), value);
        Some(format!("{} copied into {}", show(&from), show(&to)))
    }

    fn blocks_mut(root: &mut Value) -> Option<&mut Vec<Value>> {
        root.get_mut("blocks")?.as_array_mut()
    }

    /// A block's `type` (or a chart's `kind`) changed to another valid one, rarely to an invalid one.
    fn swap_type_or_kind(&mut self, root: &mut Value) -> Option<String> {
        let blocks = Self::blocks_mut(root)?;
        if blocks.is_empty() {
            return None;
        }
        let i = self.rng.usize(..blocks.len());
        let block = blocks[i].as_table_mut()?;
        let is_chart = block.get("kind").is_some();
        let old_type = block.get("type").and_then(Value::as_str).unwrap_or("");
        let alike = TYPES_ALIKE
            .iter()
            .find(|group| group.contains(&old_type))
            .copied()
            .unwrap_or(BLOCK_TYPES);
        let rng = &mut self.rng;
        let (key, value) = if is_chart && (self.gentle || rng.bool()) {
            ("kind", pick(rng, CHART_KINDS))
        } else if self.gentle || rng.bool() {
            ("type", pick(rng, alike))
        } else if rng.usize(..5) == 0 {
            ("type", pick(rng, VOCABULARY))
        } else {
            ("type", pick(rng, BLOCK_TYPES))
        };
        block.insert(key.to_string(), Value::String(value.to_string()));
        Some(format!("blocks[{i}].{key} = {value:?}"))
    }

    /// The page: sizes tiny and huge, presets, pages, variants, print sizes, margins.
    fn page(&mut self, root: &mut Value) -> Option<String> {
        let top = root.as_table_mut()?;
        let page = top
            .entry("page")
            .or_insert_with(|| Value::Table(Table::new()))
            .as_table_mut()?;
        let rng = &mut self.rng;
        if self.gentle {
            let (key, value): (&str, Value) = match rng.usize(..7) {
                0 => (
                    "width",
                    Value::Integer(pick(rng, &[240, 320, 600, 1080, 2000, 19_999])),
                ),
                1 => (
                    "height",
                    match rng.usize(..3) {
                        0 => Value::String("auto".into()),
                        1 => Value::Integer(pick(rng, &[300, 1080, 1920, 5000, 99_999])),
                        _ => {
                            page.insert("width".into(), Value::String("90mm".into()));
                            Value::String(pick(rng, &["50mm", "297mm", "auto"]).into())
                        }
                    },
                ),
                2 => {
                    page.remove("width");
                    page.remove("height");
                    ("preset", Value::String(pick(rng, PRESETS).to_string()))
                }
                3 => ("overflow", Value::String("pages".into())),
                4 => {
                    let variants = (0..1 + rng.usize(..2))
                        .map(|_| Value::String(pick(rng, PRESETS).to_string()))
                        .collect();
                    ("variants", Value::Array(variants))
                }
                // The drop path of characters no font covers (an error by default).
                5 => ("missing_glyphs", Value::String("drop".into())),
                _ => ("margin", Value::Integer(pick(rng, &[0, 8, 120, 200]))),
            };
            let entry = format!("page.{key} = {}", show_value(&value));
            page.insert(key.into(), value);
            return Some(entry);
        }
        let (key, value): (&str, Value) = match rng.usize(..13) {
            0 => (
                "width",
                match rng.usize(..3) {
                    0 => Value::Integer(pick(rng, &[1, 2, 10, 100, 320, 20_000, 20_001, 0, -1])),
                    1 => Value::Float(pick(rng, &[1e-308, 19_999.5, 0.5, 1e308])),
                    _ => Value::String(pick(rng, LENGTHS).to_string()),
                },
            ),
            1 => (
                "height",
                match rng.usize(..3) {
                    0 => Value::Integer(pick(rng, &[1, 10, 100, 100_000, 100_001, 0])),
                    1 => Value::Float(pick(rng, &[1e-308, 0.5, 1e308])),
                    _ => Value::String(pick(rng, LENGTHS).to_string()),
                },
            ),
            2 => {
                if rng.bool() {
                    page.remove("width");
                    page.remove("height");
                }
                ("preset", Value::String(pick(rng, PRESETS).to_string()))
            }
            3 => (
                "overflow",
                Value::String(pick(rng, &["pages", "pages", "error", "Pages"]).to_string()),
            ),
            4 => {
                let variants = (0..rng.usize(..4))
                    .map(|_| Value::String(pick(rng, PRESETS).to_string()))
                    .collect();
                ("variants", Value::Array(variants))
            }
            5 => (
                "dpi",
                match rng.usize(..3) {
                    0 => Value::Integer(pick(rng, &[1, 72, 300, 600, 2_400, 2_401, 0, -300])),
                    1 => Value::Float(pick(rng, &[1e-308, 1e308, 299.9])),
                    _ => Value::String("high".to_string()),
                },
            ),
            6 => (
                "margin",
                match rng.usize(..3) {
                    0 => Value::Integer(pick(rng, &[0, -1, 540, 10_000, 1])),
                    1 => Value::Float(pick(rng, &[1e308, 1e-308, 539.5])),
                    _ => {
                        let mut sides = Table::new();
                        for side in ["top", "right", "bottom", "left"] {
                            if rng.bool() {
                                sides.insert(
                                    side.into(),
                                    Value::Integer(pick(rng, &[0, 1, 500, -5])),
                                );
                            }
                        }
                        Value::Table(sides)
                    }
                },
            ),
            7 => (
                "bleed",
                Value::Float(pick(rng, &[0.0, 3.0, 20.0, 20.5, -1.0, 1e308])),
            ),
            8 => ("crop_marks", Value::Boolean(rng.bool())),
            10 => (
                "missing_glyphs",
                Value::String(pick(rng, &["drop", "drop", "error", "Drop"]).to_string()),
            ),
            9 => ("background", Value::String(pick(rng, COLOURS).to_string())),
            11 => (
                "fit",
                Value::String(pick(rng, &["shrink", "none", "none", "Shrink"]).to_string()),
            ),
            _ => {
                // The combination that paginates: a fixed preset page, overflow into pages, variants.
                page.insert(
                    "preset".into(),
                    Value::String(pick(rng, PRESETS).to_string()),
                );
                page.remove("width");
                page.remove("height");
                let variant = Value::String(pick(rng, PRESETS).to_string());
                page.insert("variants".into(), Value::Array(vec![variant]));
                ("overflow", Value::String("pages".into()))
            }
        };
        let entry = format!("page.{key} = {}", show_value(&value));
        page.insert(key.into(), value);
        Some(entry)
    }

    fn theme(&mut self, root: &mut Value) -> Option<String> {
        let top = root.as_table_mut()?;
        let theme = top
            .entry("theme")
            .or_insert_with(|| Value::Table(Table::new()))
            .as_table_mut()?;
        let rng = &mut self.rng;
        let (group, key, value) = match rng.usize(..4) {
            0 => {
                let size =
                    Value::Float(pick(rng, &[0.0, 1.0, 1e-308, 1e308, 500.0, 2_000.0, -5.0]));
                ("size", pick(rng, THEME_SIZES), size)
            }
            1 => {
                let key = pick(rng, &["block", "line_height", "card_gap"]);
                let spacing = Value::Float(pick(rng, &[0.0, 0.1, 1e-308, 1e308, 50.0, -1.0]));
                ("spacing", key, spacing)
            }
            2 => (
                "",
                pick(rng, THEME_COLOURS),
                Value::String(pick(rng, COLOURS).to_string()),
            ),
            _ => ("", "extends", Value::String(pick(rng, PATHS).to_string())),
        };
        let entry = if group.is_empty() {
            let entry = format!("theme.{key} = {}", show_value(&value));
            theme.insert(key.into(), value);
            entry
        } else {
            let entry = format!("theme.{group}.{key} = {}", show_value(&value));
            theme
                .entry(group)
                .or_insert_with(|| Value::Table(Table::new()))
                .as_table_mut()?
                .insert(key.into(), value);
            entry
        };
        Some(entry)
    }

    /// Whole blocks: duplicated, removed, swapped, or spliced in from another seed.
    fn blocks(&mut self, root: &mut Value) -> Option<String> {
        let spliced = {
            let seed = &self.corpus[self.rng.usize(..self.corpus.len())];
            let theirs = seed
                .table
                .as_ref()
                .and_then(|t| t.get("blocks")?.as_array());
            theirs
                .filter(|b| !b.is_empty())
                .map(|b| (seed.name.clone(), b[self.rng.usize(..b.len())].clone()))
        };
        let top = root.as_table_mut()?;
        let blocks = top
            .entry("blocks")
            .or_insert_with(|| Value::Array(vec![]))
            .as_array_mut()?;
        let rng = &mut self.rng;
        match rng.usize(..4) {
            0 if !blocks.is_empty() => {
                let i = rng.usize(..blocks.len());
                blocks.remove(i);
                Some(format!("blocks[{i}] removed"))
            }
            1 if blocks.len() > 1 => {
                let (i, j) = (rng.usize(..blocks.len()), rng.usize(..blocks.len()));
                blocks.swap(i, j);
                Some(format!("blocks[{i}] and blocks[{j}] swapped"))
            }
            2 if !blocks.is_empty() => {
                let i = rng.usize(..blocks.len());
                let times = pick(rng, &[1, 5, 30]);
                for _ in 0..times {
                    blocks.insert(i, blocks[i].clone());
                }
                Some(format!("blocks[{i}] repeated {times} more times"))
            }
            _ => {
                let (from, block) = spliced?;
                let i = rng.usize(..=blocks.len());
                blocks.insert(i, block);
                Some(format!("a block of {from} inserted as blocks[{i}]"))
            }
        }
    }

    /// The top-level `data` file, or a number made a reference to one of its figures.
    fn shared_file(&mut self, root: &mut Value) -> Option<String> {
        if self.rng.bool() {
            let path = pick(&mut self.rng, PATHS);
            root.as_table_mut()?
                .insert("data".into(), Value::String(path.into()));
            return Some(format!("data = {path:?}"));
        }
        let path = self.find(root, |v| v.is_integer() || v.is_float())?;
        let name = pick(&mut self.rng, FIGURE_NAMES);
        *node_mut(root, &path)? = figure_reference(name);
        Some(format!("{} = {{ data = {name:?} }}", show(&path)))
    }
}

impl Mutator<'_> {
    /// A chart's data replaced whole, labels and values of one length: many or few labels, short, long
    /// or rare ones, values all equal, zero, of mixed signs, huge, tiny or spanning many magnitudes; one
    /// series or several. A chart block is added when the spec has none.
    fn chart_data(&mut self, root: &mut Value) -> Option<String> {
        let blocks = root
            .as_table_mut()?
            .entry("blocks")
            .or_insert_with(|| Value::Array(vec![]))
            .as_array_mut()?;
        let charts: Vec<usize> = (0..blocks.len())
            .filter(|&i| blocks[i].get("kind").is_some())
            .collect();
        let rng = &mut self.rng;
        let i = if charts.is_empty() || rng.usize(..5) == 0 {
            let mut chart = Table::new();
            chart.insert("type".into(), Value::String("chart".into()));
            let kind = pick(rng, CHART_KINDS);
            chart.insert("kind".into(), Value::String(kind.into()));
            let at = rng.usize(..=blocks.len());
            blocks.insert(at, Value::Table(chart));
            at
        } else {
            charts[rng.usize(..charts.len())]
        };
        let chart = blocks[i].as_table_mut()?;
        let kind = chart
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        // Gentle: data the kind accepts (one label for a ring, one series for slices and progress bars,
        // no negative value where parts add up, values within `max` for a ring or progress bars).
        let mut count = pick(rng, &[1, 2, 3, 7, 30, MAX_ARRAY_LEN]);
        let mut series = pick(rng, &[0, 0, 1, 2, 5]);
        let mut value_styles = VALUE_STYLES;
        if self.gentle {
            match kind.as_str() {
                "ring" => (count, series, value_styles) = (1, 0, WITHIN_MAX),
                "progress" => (series, value_styles) = (0, WITHIN_MAX),
                "pie" | "donut" => (series, value_styles) = (0, NOT_NEGATIVE),
                "stacked-bar" | "stacked-column" => value_styles = NOT_NEGATIVE,
                "line" => count = count.max(2),
                _ => {}
            }
        }
        let (label_style, labels) = chart_labels(rng, count);
        chart.insert("labels".into(), Value::Array(labels));
        for key in ["values", "series", "data", "highlight"] {
            chart.remove(key);
        }
        if rng.usize(..3) == 0 {
            let highlight = rng.usize(..count) as i64;
            chart.insert("highlight".into(), Value::Integer(highlight));
        }
        let mut styles = Vec::new();
        let chart_values = |rng: &mut fastrand::Rng, count| {
            let style = pick(rng, value_styles);
            (style, chart_values(style, count))
        };
        if series == 0 {
            let (style, values) = chart_values(rng, count);
            chart.insert("values".into(), Value::Array(values));
            styles.push(style);
        } else {
            let list = (0..series)
                .map(|s| {
                    let (style, values) = chart_values(rng, count);
                    styles.push(style);
                    let mut one = Table::new();
                    one.insert("name".into(), Value::String(format!("系列{s}")));
                    one.insert("values".into(), Value::Array(values));
                    Value::Table(one)
                })
                .collect();
            chart.insert("series".into(), Value::Array(list));
        }
        Some(format!(
            "blocks[{i}] ({kind}) data: {count} {label_style} labels, {} series of values {}",
            series.max(1),
            styles.join(", ")
        ))
    }
}

fn chart_labels(rng: &mut fastrand::Rng, count: usize) -> (&'static str, Vec<Value>) {
    let style = pick(rng, &["short", "years", "long", "rare", "ascii", "same"]);
    let labels = (0..count)
        .map(|i| match style {
            "short" => Value::String(format!("类{i}")),
            "years" => Value::Integer(2000 + i as i64),
            "long" => Value::String(format!("{i}战略性新兴产业增加值占规模以上工业增加值比重")),
            "rare" => Value::String(format!("𠮷{i}👍🏽")),
            "ascii" => Value::String(format!("Item {i}")),
            _ => Value::String("同".into()),
        })
        .collect();
    (style, labels)
}

/// How [`chart_values`] makes values.
const VALUE_STYLES: &[&str] = &[
    "ramp",
    "equal",
    "zero",
    "signs",
    "huge",
    "tiny",
    "magnitudes",
    "limit",
    "one-huge",
];
const NOT_NEGATIVE: &[&str] = &["ramp", "equal", "huge", "tiny", "magnitudes", "one-huge"];
const WITHIN_MAX: &[&str] = &["equal", "zero", "tiny"];

/// `count` values in a style of [`VALUE_STYLES`].
fn chart_values(style: &str, count: usize) -> Vec<Value> {
    (0..count)
        .map(|i| {
            let i = i as f64;
            Value::Float(match style {
                "ramp" => i + 1.0,
                "equal" => 5.0,
                "zero" => 0.0,
                "signs" => i - count as f64 / 2.0,
                "huge" => 9.9e14 - i,
                "tiny" => 1e-300 * (i + 1.0),
                "magnitudes" => 10f64.powi(i as i32 % 16),
                "limit" => {
                    if (i as usize).is_multiple_of(2) {
                        1e15
                    } else {
                        -1e15
                    }
                }
                _ => {
                    if i == 0.0 {
                        1e15
                    } else {
                        0.01
                    }
                }
            })
        })
        .collect()
}

/// A value for a log line: floats as Rust writes them (`1e-308`, not 308 zeros).
fn show_value(value: &Value) -> String {
    match value {
        Value::Float(f) => format!("{f:?}"),
        other => truncated(&other.to_string()),
    }
}

fn figure_reference(name: &str) -> Value {
    let mut reference = Table::new();
    reference.insert("data".into(), Value::String(name.into()));
    Value::Table(reference)
}

/// A text short enough for a log line.
fn truncated(text: &str) -> String {
    let count = text.chars().count();
    if count <= 40 {
        return text.to_string();
    }
    let head: String = text.chars().take(30).collect();
    format!("{head}… ({count} characters)")
}

// ───────────────────────────── byte-level damage ─────────────────────────────

const TOKENS: &[&str] = &[
    "[",
    "]",
    "[[blocks]]\n",
    "[page]\n",
    "=",
    "\"",
    "'''",
    "\n",
    "{",
    "}",
    ",",
    "#",
    "\\",
    "\u{FEFF}",
    "\0",
    "\r\n",
    "inf",
    "1e999",
    "x = 1\n",
    "type = \"chart\"\n",
    "\\u{D800}",
    "\"\"\"",
];

/// Damages the text at byte level (the result need not be TOML, nor UTF-8) and says how.
fn damage_bytes(rng: &mut fastrand::Rng, text: &mut Vec<u8>) -> String {
    let len = text.len();
    let at = rng.usize(..=len);
    let lines: Vec<(usize, usize)> = line_ranges(text);
    match rng.usize(..8) {
        0 if len > 0 => {
            let i = rng.usize(..len);
            let byte = rng.u8(..);
            text[i] = byte;
            format!("byte {i} set to {byte:#04x}")
        }
        1 => {
            let token = pick(rng, TOKENS);
            text.splice(at..at, token.bytes());
            format!("{token:?} inserted at byte {at}")
        }
        2 if len > 0 => {
            let end = (at + 1 + rng.usize(..16)).min(len);
            let start = at.min(end);
            text.drain(start..end);
            format!("bytes {start}..{end} removed")
        }
        3 => {
            text.truncate(at);
            format!("truncated at byte {at}")
        }
        4 if !lines.is_empty() => {
            let (start, end) = lines[rng.usize(..lines.len())];
            let line = text[start..end].to_vec();
            text.splice(start..start, line);
            format!("the line at byte {start} duplicated")
        }
        5 if !lines.is_empty() => {
            let (start, end) = lines[rng.usize(..lines.len())];
            text.drain(start..end);
            format!("the line at byte {start} removed")
        }
        6 => {
            let bad: &[u8] = pick(
                rng,
                &[&[0xFF][..], &[0xC0, 0x80], &[0x80], &[0xED, 0xA0, 0x80]],
            );
            text.splice(at..at, bad.iter().copied());
            format!("invalid UTF-8 {bad:02x?} inserted at byte {at}")
        }
        _ => {
            let repeat = text.get(at..(at + 64).min(len)).unwrap_or(&[]).to_vec();
            text.splice(at..at, repeat.iter().copied());
            format!("{} bytes at {at} doubled", repeat.len())
        }
    }
}

/// Each line's byte range, its newline included.
fn line_ranges(text: &[u8]) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for (i, b) in text.iter().enumerate() {
        if *b == b'\n' {
            ranges.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < text.len() {
        ranges.push((start, text.len()));
    }
    ranges
}

// ───────────────────────────── running a case ─────────────────────────────

/// What the render of one case came to, decided on its worker thread.
enum Verdict {
    Rendered {
        bad_svg: Option<String>,
    },
    /// The error's text (its first line is what `YITU_FUZZ_STATS` counts), and the names of the files
    /// the graphics that did not fail wrote.
    InputError(String, Vec<String>),
    InternalError(String),
    Panicked(PanicRecord),
}

#[derive(Clone)]
struct PanicRecord {
    message: String,
    /// Where the panic was raised (`file:line:col`).
    location: String,
    /// The first frame of the backtrace in yitu's own `src/`, since many panics are raised in the
    /// standard library (`f32::clamp`, a capacity overflow).
    yitu_frame: Option<String>,
}

thread_local! {
    /// The last panic on this thread, recorded by the hook for the case that raised it.
    static LAST_PANIC: RefCell<Option<PanicRecord>> = const { RefCell::new(None) };
}

/// A panic hook that records panics on case threads (quietly: a known class may panic thousands of times)
/// and leaves every other panic to the default hook.
fn install_panic_recorder() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let on_case = std::thread::current()
                .name()
                .is_some_and(|n| n.starts_with("fuzz-case-"));
            if !on_case {
                return default(info);
            }
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(a panic without a message)".into());
            let location = info.location().map_or_else(
                || "?".into(),
                |l| format!("{}:{}:{}", l.file(), l.line(), l.column()),
            );
            let trace = std::backtrace::Backtrace::force_capture().to_string();
            // Frames name yitu's files relative to the package (`./src/chart/axis.rs`) or in full.
            let yitu_frame = trace
                .lines()
                .filter_map(|l| l.trim().strip_prefix("at "))
                .map(|l| l.trim_start_matches(env!("CARGO_MANIFEST_DIR")))
                .map(|l| l.trim_start_matches('.').trim_start_matches('/'))
                .find(|l| l.starts_with("src/"))
                .map(str::to_string);
            LAST_PANIC.with(|last| {
                *last.borrow_mut() = Some(PanicRecord {
                    message,
                    location,
                    yitu_frame,
                })
            });
        }));
    });
}

/// Renders the case on a thread of its own; `None` when it did not finish within the budget (the thread
/// is left running: a hang cannot be stopped from outside).
fn render_with_budget(spec: &Path, case: &Case) -> Option<Verdict> {
    let (tx, rx) = mpsc::channel();
    let (spec, options) = (spec.to_path_buf(), case.options.clone());
    std::thread::Builder::new()
        .name(format!("fuzz-case-{}", case.number))
        // The binary renders on its main thread, whose stack is 8 MiB.
        .stack_size(8 << 20)
        .spawn(move || {
            let result =
                panic::catch_unwind(AssertUnwindSafe(|| yitu::render_file(&spec, &options)));
            let verdict = match result {
                Ok(Ok(rendered)) => Verdict::Rendered {
                    bad_svg: rendered
                        .outputs
                        .iter()
                        .filter(|o| o.format == Format::Svg)
                        .find_map(|o| non_finite_coordinate(&o.bytes)),
                },
                Ok(Err(e)) if e.is_input_error() => {
                    let written = match &e {
                        yitu::Error::Partial { written, .. } => written
                            .iter()
                            .filter_map(|p| p.file_name())
                            .map(|n| n.to_string_lossy().into_owned())
                            .collect(),
                        _ => Vec::new(),
                    };
                    Verdict::InputError(e.to_string(), written)
                }
                Ok(Err(e)) => Verdict::InternalError(e.to_string()),
                Err(_) => Verdict::Panicked(LAST_PANIC.with(|p| p.borrow_mut().take()).unwrap_or(
                    PanicRecord {
                        message: "(not recorded)".into(),
                        location: "?".into(),
                        yitu_frame: None,
                    },
                )),
            };
            let _ = tx.send(verdict);
        })
        .expect("a thread for the case");
    match rx.recv_timeout(CASE_BUDGET) {
        Ok(verdict) => Some(verdict),
        Err(mpsc::RecvTimeoutError::Timeout) => None,
        // The thread ended without a verdict: only an abort does that, and it ends this process too.
        Err(mpsc::RecvTimeoutError::Disconnected) => Some(Verdict::InternalError(
            "the case's thread ended without a verdict".into(),
        )),
    }
}

/// Attributes that hold coordinates or sizes.
const NUMERIC_ATTRIBUTES: &[&str] = &[
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "width",
    "height",
    "d",
    "transform",
    "points",
    "viewBox",
    "stroke-width",
    "font-size",
    "opacity",
    "fill-opacity",
    "stroke-opacity",
];

/// The first attribute of the SVG holding NaN or an infinity, or a reason the SVG does not parse.
fn non_finite_coordinate(svg: &[u8]) -> Option<String> {
    let text = match std::str::from_utf8(svg) {
        Ok(text) => text,
        Err(e) => return Some(format!("the SVG is not UTF-8: {e}")),
    };
    let doc = match roxmltree::Document::parse(text) {
        Ok(doc) => doc,
        Err(e) => return Some(format!("the SVG does not parse: {e}")),
    };
    doc.descendants()
        .flat_map(|n| n.attributes())
        .find(|a| {
            NUMERIC_ATTRIBUTES.contains(&a.name())
                && (a.value().contains("NaN") || a.value().contains("inf"))
        })
        .map(|a| format!("{}=\"{}\"", a.name(), truncated(a.value())))
}

/// A case that broke a promise.
struct Failure {
    seed: u64,
    number: u64,
    seed_name: String,
    mutations: Vec<String>,
    text: Vec<u8>,
    /// What went wrong, in one line.
    what: String,
    /// The formats and options it was rendered with.
    options: String,
    /// What groups failures of one cause: a panic's place, "hang", an error's message without numbers.
    class: String,
}

#[derive(Default)]
struct Report {
    cases: u64,
    rendered: u64,
    input_errors: u64,
    /// Input errors by kind (their first message without numbers or quoted values).
    input_error_kinds: BTreeMap<String, u64>,
    /// Cases of a known class, by its description.
    known: BTreeMap<&'static str, u64>,
    failures: Vec<Failure>,
    hangs: usize,
    /// The slowest cases: (seconds, case number).
    slowest: Vec<(f64, u64)>,
}

fn lanes_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz")
}

fn failures_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures")
}

/// One worker lane: takes case numbers until they run out (or a failure stops the run). Each lane works
/// in a folder with the fixture files, whose `spec.toml` and `case.txt` always hold the case under way,
/// so that even an abort of the whole process (a stack overflow) leaves the culprit on disk.
fn run_lane(
    lane: usize,
    settings: &Settings,
    corpus: &[Seed],
    next: &AtomicU64,
    stop: &AtomicBool,
    report: &Mutex<Report>,
) {
    // A hung case's thread still runs in its folder: the lane goes on in a fresh one.
    for generation in 0.. {
        let dir = lane_folder(lane, generation);
        if !run_cases(&dir, settings, corpus, next, stop, report) {
            return;
        }
    }
}

/// A fresh folder for a lane, with the fixtures.
fn lane_folder(lane: usize, generation: usize) -> PathBuf {
    let dir = lanes_dir().join(format!("lane-{lane}-{generation}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    install_fixtures(&dir);
    dir
}

/// Runs cases in `dir` until they run out or the run stops (false), or one hangs (true).
fn run_cases(
    dir: &Path,
    settings: &Settings,
    corpus: &[Seed],
    next: &AtomicU64,
    stop: &AtomicBool,
    report: &Mutex<Report>,
) -> bool {
    let spec = dir.join("spec.toml");
    let out = dir.join("out");
    loop {
        let number = next.fetch_add(1, Ordering::SeqCst);
        if number >= settings.end || stop.load(Ordering::SeqCst) {
            return false;
        }
        let case = make_case(corpus, settings.seed, number, out.clone());
        if settings.single {
            eprintln!("{}", describe(settings.seed, &case));
        }
        if let Some(known) = skipped_as_known(&case) {
            *report.lock().unwrap().known.entry(known).or_default() += 1;
            continue;
        }
        std::fs::write(&spec, &case.text).unwrap();
        std::fs::write(dir.join("case.txt"), describe(settings.seed, &case)).unwrap();
        let _ = std::fs::remove_dir_all(&out);
        std::fs::create_dir_all(&out).unwrap();

        let started = Instant::now();
        let verdict = render_with_budget(&spec, &case);
        let seconds = started.elapsed().as_secs_f64();
        let left_behind = if verdict.is_some() {
            files_in(&out)
        } else {
            Vec::new()
        };

        let mut report = report.lock().unwrap();
        report.cases += 1;
        report.slowest.push((seconds, number));
        report.slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
        report.slowest.truncate(3);
        let Some((what, class)) = report.judge(verdict, &left_behind) else {
            continue;
        };
        let hung = class == "hang";
        let failure = Failure {
            seed: settings.seed,
            number,
            seed_name: case.seed_name,
            mutations: case.mutations,
            options: describe_options(&case.options),
            text: case.text,
            what,
            class,
        };
        save_failure(&failure);
        report.failures.push(failure);
        if hung {
            report.hangs += 1;
        }
        if !settings.keep_going || report.hangs >= MAX_HANGS {
            stop.store(true, Ordering::SeqCst);
        }
        if hung {
            return true;
        }
    }
}

/// The known class whose `Skip` predicate the case's spec matches.
fn skipped_as_known(case: &Case) -> Option<&'static str> {
    let table = std::str::from_utf8(&case.text)
        .ok()?
        .parse::<Table>()
        .ok()?;
    KNOWN.iter().find_map(|known| match known.class {
        KnownClass::Skip(matches) if matches(&table) => Some(known.what),
        _ => None,
    })
}

/// Every file left in `dir`, hidden temporary files included.
fn files_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

impl Report {
    /// Counts the case's outcome; a broken promise of a class not known is returned as (what, class).
    fn judge(
        &mut self,
        verdict: Option<Verdict>,
        left_behind: &[String],
    ) -> Option<(String, String)> {
        let Some(verdict) = verdict else {
            let what = format!("did not finish within {} s", CASE_BUDGET.as_secs());
            return Some((what, "hang".into()));
        };
        let failed = !matches!(verdict, Verdict::Rendered { .. });
        let (what, class) = match verdict {
            Verdict::Rendered { bad_svg: None } => {
                self.rendered += 1;
                return None;
            }
            Verdict::Rendered {
                bad_svg: Some(attribute),
            } => {
                if let Some(known) = KNOWN
                    .iter()
                    .find(|k| matches!(k.class, KnownClass::BadSvg(m) if attribute.contains(m)))
                {
                    *self.known.entry(known.what).or_default() += 1;
                    return None;
                }
                let class = format!("bad SVG: {}", without_numbers(&attribute));
                (format!("rendered a bad SVG: {attribute}"), class)
            }
            Verdict::InputError(message, written)
                if left_behind.iter().all(|f| written.contains(f)) =>
            {
                self.input_errors += 1;
                *self
                    .input_error_kinds
                    .entry(error_kind(&message))
                    .or_default() += 1;
                return None;
            }
            Verdict::InputError(message, _) => {
                (format!("an input error: {message}"), String::new())
            }
            Verdict::InternalError(message) => {
                if let Some(known) = KNOWN.iter().find(
                    |k| matches!(k.class, KnownClass::InternalError(m) if message.contains(m)),
                ) {
                    *self.known.entry(known.what).or_default() += 1;
                    return None;
                }
                let class = format!("internal error: {}", without_numbers(&message));
                (
                    format!("an internal error, not an input error: {message}"),
                    class,
                )
            }
            Verdict::Panicked(panic) => {
                let places = [Some(&panic.location), panic.yitu_frame.as_ref()];
                if let Some(known) = KNOWN.iter().find(|k| {
                    matches!(k.class, KnownClass::PanicAt(at)
                        if places.iter().flatten().any(|p| p.contains(at)))
                }) {
                    *self.known.entry(known.what).or_default() += 1;
                    return None;
                }
                let frame = panic.yitu_frame.as_deref().unwrap_or("no frame in src/");
                (
                    format!(
                        "panicked at {} ({frame}): {}",
                        panic.location, panic.message
                    ),
                    // A panic raised in the standard library is told apart by where yitu called it.
                    format!(
                        "panic at {}",
                        panic.yitu_frame.as_ref().unwrap_or(&panic.location)
                    ),
                )
            }
        };
        if failed && !left_behind.is_empty() {
            // Whatever else went wrong, files written by a failed render are the worse broken promise.
            let what = format!("failed and wrote {left_behind:?} ({what})");
            return Some((what, "wrote output on error".into()));
        }
        Some((what, class))
    }

    fn summary(&self, settings: &Settings, elapsed: Duration) -> String {
        let mut text = format!(
            "fuzz: {} cases of seed {} in {:.1} s on {} threads: {} rendered, {} input errors, {} failed",
            self.cases,
            settings.seed,
            elapsed.as_secs_f64(),
            settings.threads,
            self.rendered,
            self.input_errors,
            self.failures.len(),
        );
        for (what, count) in &self.known {
            write!(text, "\n  known, not counted as failures: {count} × {what}").unwrap();
        }
        // A run of one case says nothing about the classes it did not hit.
        let unhit = KNOWN.iter().filter(|k| !self.known.contains_key(k.what));
        for known in unhit.filter(|_| !settings.single) {
            write!(
                text,
                "\n  known class no case hit (fixed? remove it from KNOWN): {}",
                known.what
            )
            .unwrap();
        }
        let slowest: Vec<String> = self
            .slowest
            .iter()
            .map(|(s, n)| format!("case {n} {s:.2} s"))
            .collect();
        write!(text, "\n  slowest: {}", slowest.join(", ")).unwrap();
        if std::env::var("YITU_FUZZ_STATS").is_ok_and(|v| v == "1") {
            let mut kinds: Vec<(&String, &u64)> = self.input_error_kinds.iter().collect();
            kinds.sort_by(|a, b| b.1.cmp(a.1));
            for (kind, count) in kinds.iter().take(40) {
                write!(text, "\n  {count:6} × {kind}").unwrap();
            }
        }
        text
    }

    /// Each class of failure once, with its smallest case in full.
    fn failure_text(&self, settings: &Settings) -> String {
        let mut classes: BTreeMap<&str, Vec<&Failure>> = BTreeMap::new();
        for f in &self.failures {
            classes.entry(&f.class).or_default().push(f);
        }
        let mut text = format!(
            "{} mutated specs broke a promise, in {} classes (seed {}):\n",
            self.failures.len(),
            classes.len(),
            settings.seed
        );
        for (class, failures) in classes {
            let smallest = failures.iter().min_by_key(|f| f.text.len()).unwrap();
            let others: Vec<String> = failures.iter().map(|f| f.number.to_string()).collect();
            write!(
                text,
                "\n━━ {class}: {} case(s): {}\n{}",
                failures.len(),
                others.join(", "),
                describe_failure(smallest)
            )
            .unwrap();
        }
        text
    }
}

/// An input error's first message with the file, numbers and quoted values left out: what kind of
/// mistake the mutations made, for `YITU_FUZZ_STATS`.
fn error_kind(message: &str) -> String {
    let first = message.lines().next().unwrap_or("");
    let after_file = first.split_once(".toml").map_or(first, |(_, rest)| rest);
    let mut kind = String::new();
    let mut quoted = None;
    for c in without_numbers(after_file).chars() {
        match (quoted, c) {
            (None, '"' | '`') => quoted = Some(c),
            (Some(q), c) if c == q => {
                quoted = None;
                kind.push('…');
            }
            (Some(_), _) => {}
            (None, c) => kind.push(c),
        }
    }
    kind.chars().take(100).collect()
}

/// An error message with its numbers blanked, so that errors of one cause group together.
fn without_numbers(message: &str) -> String {
    // The spec's own path (a lane's folder) is not part of the cause.
    let message = message
        .split_once("spec.toml: ")
        .map_or(message, |(_, rest)| rest);
    let mut text = String::new();
    for c in message.chars() {
        if c.is_ascii_digit() {
            if !text.ends_with('#') {
                text.push('#');
            }
        } else {
            text.push(c);
        }
    }
    text.lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(120)
        .collect()
}

/// The case's seed, number, origin and mutations, and how to run it again.
fn describe(seed: u64, case: &Case) -> String {
    format!(
        "case {} of seed {seed}, from {}\nmutations:\n  {}\n{}\nreproduce: YITU_FUZZ_SEED={seed} \
         YITU_FUZZ_CASE={} cargo test --test fuzz\n",
        case.number,
        case.seed_name,
        case.mutations.join("\n  "),
        describe_options(&case.options),
        case.number,
    )
}

fn describe_options(options: &Options) -> String {
    let formats: Vec<&str> = options.formats.iter().map(|f| f.name()).collect();
    format!(
        "formats {} at scale {}, SVG text {:?}, variants {:?}",
        formats.join(","),
        options.png.scale,
        options.svg.text,
        options.variants,
    )
}

fn failure_file(failure: &Failure) -> PathBuf {
    failures_dir().join(format!(
        "seed-{}-case-{}.toml",
        failure.seed, failure.number
    ))
}

fn describe_failure(f: &Failure) -> String {
    let spec = String::from_utf8_lossy(&f.text);
    format!(
        "case {} of seed {}, from {}: {}\nmutations:\n  {}\n{}\nreproduce: YITU_FUZZ_SEED={} YITU_FUZZ_CASE={} \
         cargo test --test fuzz (or yitu render {})\n--- spec ---\n{}\n--- end of spec ---\n",
        f.number,
        f.seed,
        f.seed_name,
        f.what,
        f.mutations.join("\n  "),
        f.options,
        f.seed,
        f.number,
        failure_file(f).display(),
        truncated_spec(&spec),
    )
}

/// The spec as printed in a failure: whole unless very long (the file under target/ has all of it).
fn truncated_spec(spec: &str) -> String {
    const SHOWN: usize = 3_000;
    if spec.len() <= SHOWN {
        return spec.to_string();
    }
    let mut end = SHOWN;
    while !spec.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}\n… ({} bytes in all)", &spec[..end], spec.len())
}

/// Writes the failing spec (exact bytes) and its description under target/tmp/fuzz-failures/, beside the
/// fixture files it may name.
fn save_failure(failure: &Failure) {
    let dir = failures_dir();
    if !dir.join("data").exists() {
        std::fs::create_dir_all(&dir).unwrap();
        install_fixtures(&dir);
    }
    let path = failure_file(failure);
    std::fs::write(&path, &failure.text).unwrap();
    std::fs::write(path.with_extension("txt"), describe_failure(failure)).unwrap();
}
