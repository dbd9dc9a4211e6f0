//! Chart blocks: every class of bad chart data is reported with line, column, key and a message saying
//! what was expected and what was found (a value in a CSV file at the spec's `data` key, with the CSV's
//! file, line and field); good inline and CSV charts load into the expected `Chart`.

use std::fs;
use std::path::{Path, PathBuf};

use yitu::diagnostics::{Problem, SpecError};
use yitu::model::{load_file, load_str, BlockKind, Chart, ChartKind, Series};
use yitu::text::number::{shared_decimals, NumberFormat, Scale};

fn fail(src: &str) -> SpecError {
    match load_str(src, Path::new("config/x.toml")) {
        Ok(p) => panic!("expected an error, loaded {p:?}"),
        Err(e) => e,
    }
}

fn only(src: &str) -> Problem {
    let e = fail(src);
    assert_eq!(e.problems.len(), 1, "{e}");
    e.problems.into_iter().next().unwrap()
}

fn pos(p: &Problem) -> (usize, usize, &str) {
    (p.line, p.column, p.key.as_str())
}

/// A spec of one chart block: `type = "chart"` on line 2, then `body` from line 3.
fn chart(body: &str) -> String {
    format!("[[blocks]]\ntype = \"chart\"\n{body}")
}

fn loaded(src: &str, path: &Path) -> Chart {
    let poster = load_str(src, path).unwrap_or_else(|e| panic!("{e}"));
    match poster.blocks.into_iter().next().map(|b| b.kind) {
        Some(BlockKind::Chart(c)) => c,
        other => panic!("{other:?}"),
    }
}

/// An empty folder of its own under the target's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("chart_errors")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("data")).unwrap();
    dir
}

/// Writes `csv` (bytes) to `DIR/data/NAME` and a spec reading it with `data = "data/NAME"` to
/// `DIR/chart.toml`; returns the spec's path.
fn with_csv(test: &str, name: &str, csv: &[u8], body: &str) -> PathBuf {
    let dir = scratch(test);
    fs::write(dir.join("data").join(name), csv).unwrap();
    let spec = dir.join("chart.toml");
    fs::write(
        &spec,
        chart(&format!(
            "kind = \"column\"\ndata = \"data/{name}\"\n{body}"
        )),
    )
    .unwrap();
    spec
}

fn csv_fail(test: &str, name: &str, csv: &[u8]) -> SpecError {
    match load_file(with_csv(test, name, csv, "")) {
        Ok(p) => panic!("expected an error, loaded {p:?}"),
        Err(e) => e,
    }
}

/// A series as the model reads it with the default format: the decimals its figures share (6.0 beside
/// 6.7) from the values themselves (none of the specs here writes a trailing zero).
fn series(name: Option<&str>, values: &[f64]) -> Series {
    Series {
        name: name.map(str::to_owned),
        values: values.to_vec(),
        decimals: shared_decimals(values.iter().map(|&v| (v, 0)), &NumberFormat::default()),
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

// --- good charts

#[test]
fn inline_chart_loads() {
    let src = chart(
        r#"kind = "bar"
title = "2022年主要指标增速"
labels = ["招商引资投资额", "进出口总额", "战略性新兴产业增加值"]
values = [29.5, 8, 6.8]
unit = "%"
highlight = "招商引资投资额"
source = "数据来源：周口市2023年政府工作报告"
height = 560
scale = "none"
precision = 2
"#,
    );
    let c = loaded(&src, Path::new("config/x.toml"));
    assert_eq!(
        c,
        Chart {
            kind: ChartKind::Bar,
            title: Some("2022年主要指标增速".into()),
            labels: strings(&["招商引资投资额", "进出口总额", "战略性新兴产业增加值"]),
            series: vec![Series {
                decimals: [2; 3],
                ..series(None, &[29.5, 8.0, 6.8])
            }],
            unit: Some("%".into()),
            highlight: Some(0),
            source: Some("数据来源：周口市2023年政府工作报告".into()),
            height: Some(560.0),
            // `precision` given: exactly that many decimals.
            number: NumberFormat {
                scale: Scale::None,
                precision: 2,
                shared: Some([2; 3]),
                ..NumberFormat::default()
            },
            max: 100.0,
            center: None,
            prefix: None,
            qualifier: None,
            annotations: Default::default(),
        }
    );
}

#[test]
fn several_series_ring_and_defaults_load() {
    let src = chart(
        r#"kind = "stacked-column"
labels = [2021, 2022]
series = [
  { name = "一般公共预算收入", values = [120, 135.5] },
  { name = "政府性基金收入", values = [80, 64] },
]
highlight = 1
scale = "亿"
"#,
    );
    let c = loaded(&src, Path::new("config/x.toml"));
    assert_eq!(c.kind, ChartKind::StackedColumn);
    assert_eq!(c.labels, strings(&["2021", "2022"]), "integer labels");
    // In 亿, 0.0000012 and 0.0000014 at one decimal: 0.0亿, written without decimals.
    let in_yi = |name, values: &[f64]| Series {
        decimals: [0; 3],
        ..series(Some(name), values)
    };
    assert_eq!(
        c.series,
        [
            in_yi("一般公共预算收入", &[120.0, 135.5]),
            in_yi("政府性基金收入", &[80.0, 64.0]),
        ]
    );
    assert_eq!(c.highlight, Some(1));
    assert_eq!(
        (c.title, c.unit, c.source, c.height, c.center),
        (None, None, None, None, None)
    );
    assert_eq!(c.number.scale, Scale::Yi);
    assert_eq!(c.number.precision, 1);

    // `[[blocks.series]]` tables, one series without a name; a stacked chart of one series is allowed.
    let src = "[[blocks]]\ntype = \"chart\"\nkind = \"stacked-bar\"\nlabels = [\"a\", \"b\"]\n\n[[blocks.series]]\nvalues = [1, 2]\n";
    assert_eq!(
        loaded(src, Path::new("x.toml")).series,
        [series(None, &[1.0, 2.0])]
    );

    let src = chart(
        "kind = \"ring\"\nlabels = [\"财政民生支出占比\"]\nvalues = [763]\nmax = 1000\ncenter = \"76.3%\"\n",
    );
    let c = loaded(&src, Path::new("x.toml"));
    assert_eq!(
        (c.kind, c.max, c.center.as_deref()),
        (ChartKind::Ring, 1000.0, Some("76.3%"))
    );
}

#[test]
fn csv_chart_beside_the_spec_loads() {
    // tests/cases/data/growth-2022.csv: a byte-order mark, a quoted label, an integer.
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/growth.toml");
    let src = chart(
        "kind = \"bar\"\ndata = \"data/growth-2022.csv\"\nunit = \"%\"\nhighlight = \"进出口总额\"\n",
    );
    let c = loaded(&src, &spec);
    assert_eq!(
        c.labels,
        strings(&["招商引资投资额", "进出口总额", "战略性新兴产业增加值"])
    );
    assert_eq!(c.series, [series(Some("2022年增速"), &[29.5, 8.0, 6.8])]);
    assert_eq!(c.highlight, Some(1));

    // Several series named by the header; CRLF, quotes with commas and "" escapes, spaces around
    // numbers and blank trailing lines; read through load_file.
    let csv = "地区,\"2021年\",2022年\r\n\"周口, 中心城区\", 12.5 ,13\r\n\"说\"\"川汇\"\"\",7,-1.5\r\n\r\n\r\n";
    let path = with_csv("good", "two.csv", csv.as_bytes(), "precision = 0\n");
    let poster = load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    let BlockKind::Chart(c) = &poster.blocks[0].kind else {
        panic!("{:?}", poster.blocks)
    };
    assert_eq!(c.kind, ChartKind::Column);
    assert_eq!(c.labels, strings(&["周口, 中心城区", "说\"川汇\""]));
    // `precision = 0`: no decimals.
    let whole = |name, values: &[f64]| Series {
        decimals: [0; 3],
        ..series(Some(name), values)
    };
    assert_eq!(
        c.series,
        [
            whole("2021年", &[12.5, 7.0]),
            whole("2022年", &[13.0, -1.5]),
        ]
    );
    assert_eq!(c.number.precision, 0);
}

// --- data: none, too much, labels

#[test]
fn no_data() {
    let p = only(&chart("kind = \"bar\"\ntitle = \"增速\"\n"));
    // At the block: its [[blocks]] header.
    assert_eq!(pos(&p), (1, 1, "blocks[0].values"));
    assert_eq!(
        p.message,
        "expected a `values`, `series` or `data` key in a chart block, found none"
    );
    assert!(p.help.unwrap().contains("a chart needs data"));
}

#[test]
fn more_than_one_data_source() {
    let p = only(&chart(
        "kind = \"bar\"\nlabels = [\"a\"]\nvalues = [1]\nseries = [{ values = [2] }]\n",
    ));
    assert_eq!(pos(&p), (6, 10, "blocks[0].series"));
    assert_eq!(
        p.message,
        "expected one of `values`, `series` or `data`, found both `values` and `series`"
    );
}

#[test]
fn labels_missing_empty_or_beside_a_csv() {
    let p = only(&chart("kind = \"bar\"\nvalues = [1, 2]\n"));
    assert_eq!(pos(&p), (1, 1, "blocks[0].labels"));
    assert_eq!(
        p.message,
        "expected a `labels` key in a chart with `values`, found none"
    );

    let p = only(&chart("kind = \"bar\"\nlabels = []\nvalues = []\n"));
    assert_eq!(pos(&p), (4, 10, "blocks[0].labels"));
    assert_eq!(
        p.message,
        "expected at least one label, found an empty array"
    );

    let e = fail(&chart(
        "kind = \"bar\"\nlabels = [\"a\", \"\", true]\nvalues = [1, 2, 3]\n",
    ));
    let found: Vec<_> = e
        .problems
        .iter()
        .map(|p| (pos(p), p.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                (4, 16, "blocks[0].labels[1]"),
                "expected some text, found \"\""
            ),
            (
                (4, 20, "blocks[0].labels[2]"),
                "expected a label (a string), found a boolean"
            ),
        ]
    );

    let spec = with_csv(
        "labels_beside_csv",
        "a.csv",
        b"k,v\na,1\n",
        "labels = [\"a\"]\n",
    );
    let e = load_file(&spec).unwrap_err();
    assert_eq!(e.problems.len(), 1, "{e}");
    let p = &e.problems[0];
    assert_eq!(pos(p), (5, 10, "blocks[0].labels"));
    assert_eq!(
        p.message,
        "expected the labels in the CSV file's first column when `data` is given, found a `labels` key too"
    );
}

#[test]
fn labels_and_values_of_different_lengths() {
    let p = only(&chart(
        "kind = \"bar\"\nlabels = [\"招商引资\", \"进出口\", \"工业\"]\nvalues = [29.5, 8]\n",
    ));
    assert_eq!(pos(&p), (5, 10, "blocks[0].values"));
    assert_eq!(p.message, "expected 3 values (one per label), found 2");

    let p = only(&chart(
        "kind = \"line\"\nlabels = [\"2021\", \"2022\"]\nseries = [\n  { name = \"收入\", values = [1, 2] },\n  { name = \"支出\", values = [3] },\n]\n",
    ));
    assert_eq!(pos(&p), (7, 27, "blocks[0].series[1].values"));
    assert_eq!(p.message, "expected 2 values (one per label), found 1");
}

#[test]
fn series_need_values_and_names_when_several() {
    let e = fail(&chart(
        "kind = \"column\"\nlabels = [\"a\"]\nseries = [{ values = [1] }, { name = \"乙\" }]\n",
    ));
    let found: Vec<_> = e
        .problems
        .iter()
        .map(|p| (pos(p), p.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                (5, 11, "blocks[0].series[0].name"),
                "expected a `name` key in each series when there are several (the legend shows it), found none"
            ),
            (
                (5, 29, "blocks[0].series[1].values"),
                "expected a `values` key in a series, found none"
            ),
        ]
    );

    // An unknown key in a series table names the keys of a series.
    let p = only(&chart(
        "kind = \"column\"\nlabels = [\"a\"]\nseries = [{ nmae = \"甲\", values = [1] }]\n",
    ));
    assert_eq!(pos(&p), (5, 13, "blocks[0].series[0].nmae"));
    assert_eq!(
        p.message,
        "expected one of `name`, `values`, found unknown key `nmae`"
    );
    assert_eq!(p.help.as_deref(), Some("did you mean `name`?"));
}

// --- values

#[test]
fn nan_and_infinite_values() {
    let e = fail(&chart(
        "kind = \"line\"\nlabels = [\"a\", \"b\", \"c\", \"d\"]\nvalues = [1, nan, inf, -inf]\n",
    ));
    let found: Vec<_> = e
        .problems
        .iter()
        .map(|p| (pos(p), p.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                (5, 14, "blocks[0].values[1]"),
                "expected a finite number, found nan"
            ),
            (
                (5, 19, "blocks[0].values[2]"),
                "expected a finite number, found inf"
            ),
            (
                (5, 24, "blocks[0].values[3]"),
                "expected a finite number, found -inf"
            ),
        ]
    );
}

#[test]
fn values_that_are_not_numbers() {
    let p = only(&chart(
        "kind = \"bar\"\nlabels = [\"a\", \"b\"]\nvalues = [1, \"29.5%\"]\n",
    ));
    assert_eq!(pos(&p), (5, 14, "blocks[0].values[1]"));
    assert_eq!(p.message, "expected a number, found a string (\"29.5%\")");
    assert!(p.help.unwrap().contains("the unit goes in `unit`"));
}

#[test]
fn negative_or_all_zero_values_in_a_pie() {
    let p = only(&chart(
        "kind = \"pie\"\nlabels = [\"税收\", \"非税\"]\nvalues = [80, -20]\n",
    ));
    assert_eq!(pos(&p), (5, 15, "blocks[0].values[1]"));
    assert_eq!(
        p.message,
        "expected a value of 0 or more in a pie chart, found -20"
    );

    let p = only(&chart(
        "kind = \"donut\"\nlabels = [\"税收\", \"非税\"]\nvalues = [0, 0.0]\n",
    ));
    assert_eq!(pos(&p), (5, 10, "blocks[0].values"));
    assert_eq!(
        p.message,
        "expected at least one value greater than 0 in a donut chart, found only zeros"
    );

    let p = only(&chart(
        "kind = \"pie\"\nlabels = [\"a\"]\nseries = [{ name = \"甲\", values = [1] }, { name = \"乙\", values = [2] }]\n",
    ));
    assert_eq!(pos(&p), (5, 10, "blocks[0].series"));
    assert_eq!(p.message, "expected one series in a pie chart, found 2");
}

#[test]
fn negative_values_in_a_stack() {
    let p = only(&chart(
        "kind = \"stacked-bar\"\nlabels = [\"a\", \"b\"]\nvalues = [-1, 2]\n",
    ));
    assert_eq!(pos(&p), (5, 11, "blocks[0].values[0]"));
    assert_eq!(
        p.message,
        "expected a value of 0 or more in a stacked-bar chart, found -1"
    );
}

#[test]
fn a_percent_over_100_in_a_ring() {
    let p = only(&chart(
        "kind = \"ring\"\nlabels = [\"财政民生支出占比\"]\nvalues = [120]\n",
    ));
    assert_eq!(pos(&p), (5, 11, "blocks[0].values[0]"));
    assert_eq!(p.message, "expected a value from 0 to 100, found 120");
    assert!(p.help.unwrap().contains("set `max`"));

    let p = only(&chart(
        "kind = \"ring\"\nlabels = [\"占比\"]\nvalues = [-5]\nmax = 50\n",
    ));
    assert_eq!(pos(&p), (5, 11, "blocks[0].values[0]"));
    assert_eq!(p.message, "expected a value from 0 to 50, found -5");

    let p = only(&chart(
        "kind = \"ring\"\nlabels = [\"甲\", \"乙\"]\nvalues = [10, 20]\n",
    ));
    assert_eq!(pos(&p), (4, 10, "blocks[0].labels"));
    assert_eq!(
        p.message,
        "expected one label in a ring chart (one value out of `max`), found 2"
    );
}

#[test]
fn progress_beyond_max() {
    let p = only(&chart(
        "kind = \"progress\"\nlabels = [\"甲\", \"乙\"]\nvalues = [3, 12.5]\nmax = 10\n",
    ));
    assert_eq!(pos(&p), (5, 14, "blocks[0].values[1]"));
    assert_eq!(p.message, "expected a value from 0 to 10, found 12.5");
}

#[test]
fn a_line_needs_two_points() {
    let p = only(&chart(
        "kind = \"line\"\nlabels = [\"2022\"]\nvalues = [1]\n",
    ));
    assert_eq!(pos(&p), (4, 10, "blocks[0].labels"));
    assert_eq!(
        p.message,
        "expected at least 2 labels in a line chart, found 1"
    );
}

// --- highlight, kind and the presentation keys

#[test]
fn highlight_names_a_label_or_an_index() {
    let body = "kind = \"bar\"\nlabels = [\"招商引资投资额\", \"进出口总额\", \"战略性新兴产业增加值\"]\nvalues = [29.5, 8, 6.8]\n";
    let p = only(&chart(&format!("{body}highlight = \"招商引资\"\n")));
    assert_eq!(pos(&p), (6, 13, "blocks[0].highlight"));
    assert_eq!(
        p.message,
        "expected one of the chart's labels (\"招商引资投资额\", \"进出口总额\", \"战略性新兴产业增加值\") or an index, found \"招商引资\""
    );
    assert_eq!(p.help.as_deref(), Some("did you mean `招商引资投资额`?"));

    let p = only(&chart(&format!("{body}highlight = \"进出品总额\"\n")));
    assert_eq!(p.help.as_deref(), Some("did you mean `进出口总额`?"));

    let p = only(&chart(&format!("{body}highlight = 3\n")));
    assert_eq!(pos(&p), (6, 13, "blocks[0].highlight"));
    assert_eq!(
        p.message,
        "expected a label or an index from 0 to 2, found 3"
    );

    let p = only(&chart(&format!("{body}highlight = 1.5\n")));
    assert_eq!(
        p.message,
        "expected a label (a string) or an index (an integer), found a float (1.5)"
    );
}

#[test]
fn kind_missing_or_unknown() {
    let p = only(&chart(
        "kind = \"stacked_bar\"\nlabels = [\"a\"]\nvalues = [1]\n",
    ));
    assert_eq!(pos(&p), (3, 8, "blocks[0].kind"));
    assert_eq!(
        p.message,
        "expected a chart kind (bar, column, line, pie, donut, ring, progress, stacked-bar, stacked-column), found \"stacked_bar\""
    );
    assert_eq!(p.help.as_deref(), Some("did you mean `stacked-bar`?"));

    let p = only(&chart("labels = [\"a\"]\nvalues = [1]\n"));
    assert_eq!(pos(&p), (1, 1, "blocks[0].kind"));
    assert!(
        p.message
            .starts_with("expected a `kind` key in a chart block (bar, column,"),
        "{}",
        p.message
    );
}

#[test]
fn impossible_presentation_values() {
    let e = fail(&chart(
        "kind = \"ring\"\nlabels = [\"a\"]\nvalues = [1]\nheight = 0\nscale = \"wan\"\nprecision = 5\nmax = -1\n",
    ));
    let found: Vec<_> = e
        .problems
        .iter()
        .map(|p| (pos(p), p.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                (6, 10, "blocks[0].height"),
                "expected a number greater than 0 and at most 100000, found 0"
            ),
            (
                (7, 9, "blocks[0].scale"),
                "expected one of \"auto\", \"none\", \"万\", \"亿\", found \"wan\""
            ),
            (
                (8, 13, "blocks[0].precision"),
                "expected a number of decimal places from 0 to 4, found 5"
            ),
            (
                (9, 7, "blocks[0].max"),
                "expected a number greater than 0, found -1"
            ),
        ]
    );
    assert_eq!(e.problems[1].help.as_deref(), Some("did you mean `万`?"));
}

#[test]
fn max_and_center_belong_to_some_kinds() {
    let e = fail(&chart(
        "kind = \"bar\"\nlabels = [\"a\"]\nvalues = [1]\nmax = 100\ncenter = \"76.3%\"\n",
    ));
    let found: Vec<_> = e
        .problems
        .iter()
        .map(|p| (pos(p), p.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                (6, 7, "blocks[0].max"),
                "expected no `max` key in a bar chart (only ring and progress charts have one), found max = 100"
            ),
            (
                (7, 10, "blocks[0].center"),
                "expected no `center` key in a bar chart (only donut and ring charts have one), found center = \"76.3%\""
            ),
        ]
    );
}

#[test]
fn keys_of_other_blocks_suggest_chart_keys() {
    // `label` is a key of stat blocks, where it takes a string: the key is reported, not the type.
    let p = only(&chart("kind = \"bar\"\nlabel = [\"a\"]\nvalues = [1]\n"));
    assert_eq!(pos(&p), (4, 9, "blocks[0].label"));
    assert!(p.message.ends_with("found `label`"), "{}", p.message);
    assert!(
        p.message
            .starts_with("expected a key of a chart block (`type`, `kind`, `title`, `labels`,"),
        "{}",
        p.message
    );
    assert_eq!(p.help.as_deref(), Some("did you mean `labels`?"));

    // `value` for `values`: the wrong key, and so no data.
    let e = fail(&chart("kind = \"bar\"\nlabels = [\"a\"]\nvalue = [1]\n"));
    let found: Vec<_> = e.problems.iter().map(pos).collect();
    assert_eq!(
        found,
        [(1, 1, "blocks[0].values"), (5, 9, "blocks[0].value")]
    );
    assert_eq!(
        e.problems[1].help.as_deref(),
        Some("did you mean `values`?")
    );

    let p = only(&chart(
        "kind = \"bar\"\nlabels = [\"a\"]\nvalues = [1]\nhightlight = 0\n",
    ));
    assert_eq!(pos(&p), (6, 1, "blocks[0].hightlight"));
    assert!(
        p.message.ends_with("found unknown key `hightlight`"),
        "{}",
        p.message
    );
    assert_eq!(p.help.as_deref(), Some("did you mean `highlight`?"));
}

#[test]
fn every_problem_of_a_chart_is_reported() {
    let src = "\
[[blocks]]
type = \"chart\"
kind = \"pie\"
labels = [\"a\", \"b\", \"c\"]
values = [1, nan, -2, 4]
highlight = \"d\"
precision = 9
";
    let e = fail(src);
    let found: Vec<_> = e.problems.iter().map(pos).collect();
    assert_eq!(
        found,
        [
            (5, 10, "blocks[0].values"),
            (5, 14, "blocks[0].values[1]"),
            (5, 19, "blocks[0].values[2]"),
            (6, 13, "blocks[0].highlight"),
            (7, 13, "blocks[0].precision"),
        ]
    );
    assert_eq!(
        e.problems[0].message,
        "expected 3 values (one per label), found 4"
    );
}

// --- CSV files

#[test]
fn csv_file_missing() {
    let dir = scratch("missing");
    let spec = dir.join("chart.toml");
    fs::write(&spec, chart("kind = \"bar\"\ndata = \"data/growth.csv\"\n")).unwrap();
    let e = load_file(&spec).unwrap_err();
    assert_eq!(e.problems.len(), 1, "{e}");
    let p = &e.problems[0];
    assert_eq!(pos(p), (4, 8, "blocks[0].data"));
    let resolved = dir.join("data/growth.csv").display().to_string();
    assert_eq!(
        p.message,
        format!("expected a CSV file at {resolved:?}, found no such file")
    );
    assert_eq!(
        p.help.as_deref(),
        Some("the path of `data` is relative to the folder of the spec file")
    );
}

#[test]
fn csv_value_that_is_not_a_number() {
    let e = csv_fail(
        "not_a_number",
        "growth.csv",
        "指标,增速\n招商引资,29.5\n进出口,abc\n工业,nan\n".as_bytes(),
    );
    let found: Vec<_> = e
        .problems
        .iter()
        .map(|p| (pos(p), p.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                (4, 8, "blocks[0].data"),
                "data/growth.csv:3:2: expected a number, found \"abc\""
            ),
            (
                (4, 8, "blocks[0].data"),
                "data/growth.csv:4:2: expected a finite number, found \"nan\""
            ),
        ]
    );
    let text = e.to_string();
    assert!(
        text.contains(
            "chart.toml:4:8: blocks[0].data: data/growth.csv:3:2: expected a number, found \"abc\""
        ),
        "{text}"
    );
}

#[test]
fn csv_rules_of_the_kind_name_row_and_field() {
    let spec = with_csv(
        "pie_rules",
        "share.csv",
        "类别,占比\n税收,80\n非税,-20\n".as_bytes(),
        "",
    );
    let src = fs::read_to_string(&spec).unwrap().replace("column", "pie");
    let e = load_str(&src, &spec).unwrap_err();
    assert_eq!(e.problems.len(), 1, "{e}");
    assert_eq!(pos(&e.problems[0]), (4, 8, "blocks[0].data"));
    assert_eq!(
        e.problems[0].message,
        "data/share.csv:3:2: expected a value of 0 or more in a pie chart, found -20"
    );

    let src = src.replace("pie", "ring");
    let e = load_str(&src, &spec).unwrap_err();
    let found: Vec<_> = e.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        found,
        [
            "data/share.csv: expected one label in a ring chart (one value out of `max`), found 2",
            "data/share.csv:3:2: expected a value from 0 to 100, found -20",
        ]
    );

    // The highlight of a CSV chart names one of its labels.
    let src = fs::read_to_string(&spec).unwrap() + "highlight = \"非锐\"\n";
    let e = load_str(&src, &spec).unwrap_err();
    assert_eq!(pos(&e.problems[0]), (5, 13, "blocks[0].highlight"));
    assert_eq!(e.problems[0].help.as_deref(), Some("did you mean `非税`?"));
}

#[test]
fn csv_rows_of_the_wrong_width_and_empty_fields() {
    let e = csv_fail(
        "width",
        "w.csv",
        "地区,2021年,\n甲,1,2\n乙,3\n,4,5\n丙,,6\n".as_bytes(),
    );
    let found: Vec<_> = e.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        found,
        [
            "data/w.csv:1:3: expected a series name in the header (the legend shows it), found an empty field",
            "data/w.csv:3: expected 3 fields as in the header, found 2",
            "data/w.csv:4:1: expected a label, found an empty field",
            "data/w.csv:5:2: expected a number, found an empty field",
        ]
    );
}

#[test]
fn csv_texts_with_control_characters() {
    // A label and a series name holding control characters (a spreadsheet's cell with a stray ESC, a
    // C1 control from text decoded in the wrong encoding): reported at their line and field.
    let e = csv_fail(
        "control",
        "c.csv",
        "地区,甲\u{7},乙\n周口\u{1b}[31m,1,2\n“县”\u{93},3,4\n".as_bytes(),
    );
    let found: Vec<_> = e.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        found,
        [
            "data/c.csv:1:2: expected printable text, found the control character U+0007 as character 2, after \"甲\"",
            "data/c.csv:2:1: expected printable text, found the control character U+001B as character 3, after \"周口\"",
            "data/c.csv:3:1: expected printable text, found the control character U+0093 as character 4, after \"“县”\"",
        ]
    );
    assert!(e.problems.iter().all(|p| p.key == "blocks[0].data"));
    assert!(e.problems[0]
        .help
        .as_ref()
        .unwrap()
        .starts_with("remove it"));
}

#[test]
fn csv_that_cannot_be_read() {
    // An unclosed quote.
    let e = csv_fail("quote", "q.csv", b"k,v\n\"a,1\nb,2\n");
    assert_eq!(e.problems.len(), 1, "{e}");
    assert_eq!(
        e.problems[0].message,
        "data/q.csv:2:1: expected the closing quote of a field opened on this line, found the end of the file"
    );

    // Neither UTF-8 nor GBK (which is read: see tests/charts.rs): bytes no encoding of Chinese text has.
    let e = csv_fail("binary", "bin.csv", b"k,v\n\x80\xff,1\n");
    assert_eq!(
        e.problems[0].message,
        "data/bin.csv:2: expected text in UTF-8 or GBK, found bytes that are neither"
    );
    assert!(e.problems[0].help.as_ref().unwrap().contains("UTF-8"));

    // Semicolons, as some locales write CSV.
    let e = csv_fail("semicolons", "s.csv", "指标;增速\n甲;1\n".as_bytes());
    assert_eq!(
        e.problems[0].message,
        "data/s.csv:1: expected a header with a column of labels and at least one column of values, found 1 column"
    );
    assert_eq!(
        e.problems[0].help.as_deref(),
        Some("the columns seem to be separated by ';'; separate them with commas (,)")
    );

    let e = csv_fail("empty", "e.csv", b"\n\n");
    assert_eq!(
        e.problems[0].message,
        "data/e.csv: expected a header row and rows of data, found an empty file"
    );
    let e = csv_fail("header_only", "h.csv", "指标,增速\n".as_bytes());
    assert_eq!(
        e.problems[0].message,
        "data/h.csv: expected at least one row of data after the header, found none"
    );
}

#[test]
fn csv_problems_are_capped() {
    let mut csv = String::from("k,v\n");
    for i in 0..25 {
        csv.push_str(&format!("r{i},x\n"));
    }
    let e = csv_fail("capped", "many.csv", csv.as_bytes());
    assert_eq!(e.problems.len(), 11, "{e}");
    assert_eq!(
        e.problems[10].message,
        "data/many.csv: … and 15 more problems of the same file"
    );
}

// --- through the binary: values, counts and pages that once hung, panicked or garbled (issue #9)

mod binary {
    use std::path::{Path, PathBuf};
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    /// Long enough for a debug build on a busy machine; a hang (as in issue #9) fails instead of
    /// blocking the suite.
    const PATIENCE: Duration = Duration::from_secs(60);

    /// What a run of `yitu render` left: its exit code (None when killed), stderr, the files written.
    struct Run {
        code: Option<i32>,
        stderr: String,
        written: Vec<String>,
    }

    /// A fresh folder for one test holding `files` (name, contents).
    fn folder(test: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("chart_errors_binary")
            .join(test);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        dir
    }

    /// Runs `yitu render SPEC --out out` in `dir`, killing it after [`PATIENCE`].
    fn render(dir: &Path, spec: &str) -> Run {
        let mut child = Command::new(env!("CARGO_BIN_EXE_yitu"))
            .current_dir(dir)
            .args(["render", spec, "--out", "out"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cannot run the yitu binary");
        let start = Instant::now();
        let code = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status.code();
            }
            if start.elapsed() > PATIENCE {
                child.kill().unwrap();
                child.wait().unwrap();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
        let written = std::fs::read_dir(dir.join("out"))
            .map(|entries| {
                entries
                    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .filter(|n| n != ".yitu-record")
                    .collect()
            })
            .unwrap_or_default();
        let mut written: Vec<String> = written;
        written.sort();
        Run {
            code,
            stderr,
            written,
        }
    }

    /// The spec `x.toml` holding `spec` fails on its input: exit 2, each of `messages` on stderr (each
    /// with its file:line:col and key), nothing written.
    fn fails(test: &str, files: &[(&str, &str)], messages: &[&str]) {
        let dir = folder(test, files);
        let run = render(&dir, "x.toml");
        assert_eq!(run.code, Some(2), "exit code; stderr:\n{}", run.stderr);
        for m in messages {
            assert!(
                run.stderr.contains(m),
                "stderr should contain {m:?}:\n{}",
                run.stderr
            );
        }
        assert!(run.written.is_empty(), "wrote {:?}", run.written);
    }

    const TOO_LARGE: &str = "expected a number of at most 10^15 in magnitude (千万亿), found";

    #[test]
    fn values_that_overflowed_the_axis_are_input_errors() {
        // A range of 2e308 looped forever in plotters' tick search.
        let spec = "[[blocks]]\ntype = \"chart\"\nkind = \"column\"\nlabels = [\"a\", \"b\"]\nvalues = [1e308, -1e308]\n";
        fails(
            "range",
            &[("x.toml", spec)],
            &[
                &format!("x.toml:5:11: blocks[0].values[0]: {TOO_LARGE} 1e308"),
                &format!("x.toml:5:18: blocks[0].values[1]: {TOO_LARGE} -1e308"),
            ],
        );
        // Stacks whose sums overflowed to infinity.
        let spec = "[[blocks]]\ntype = \"chart\"\nkind = \"stacked-column\"\nlabels = [\"a\"]\nseries = [{ name = \"x\", values = [1e308] }, { name = \"y\", values = [1e308] }]\n";
        fails(
            "stack",
            &[("x.toml", spec)],
            &[&format!(
                "x.toml:5:69: blocks[0].series[1].values[0]: {TOO_LARGE} 1e308"
            )],
        );
        // A capacity overflow in the tick vector.
        let spec = "[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\nlabels = [\"a\", \"b\"]\nvalues = [1.7e308, 1]\n";
        fails(
            "capacity",
            &[("x.toml", spec)],
            &[&format!(
                "x.toml:5:11: blocks[0].values[0]: {TOO_LARGE} 1.7e308"
            )],
        );
        // A pie whose sum was infinite rendered garbled shares with exit 0.
        let spec = "[[blocks]]\ntype = \"chart\"\nkind = \"pie\"\nlabels = [\"a\", \"b\"]\nvalues = [1e308, 1e308]\n";
        fails(
            "pie",
            &[("x.toml", spec)],
            &[&format!(
                "x.toml:5:18: blocks[0].values[1]: {TOO_LARGE} 1e308"
            )],
        );
    }

    #[test]
    fn values_from_files_are_checked_where_they_are_written() {
        let spec = "[[blocks]]\ntype = \"chart\"\nkind = \"column\"\ndata = \"big.csv\"\n";
        fails(
            "csv",
            &[("x.toml", spec), ("big.csv", "地区,a\n甲,1\n乙,-2e15\n")],
            &[&format!(
                "x.toml:4:8: blocks[0].data: big.csv:3:2: {TOO_LARGE} \"-2e15\""
            )],
        );
        let spec = "data = \"figures.toml\"\n\n[[blocks]]\ntype = \"stat\"\nvalue = { data = \"总额\" }\n\n[[blocks]]\ntype = \"stat\"\nvalue = 1e16\n";
        fails(
            "figures",
            &[
                ("x.toml", spec),
                ("figures.toml", "\"总额\" = 20000000000000000\n"),
            ],
            &[
                &format!("figures.toml:1:8: 总额: {TOO_LARGE} 20000000000000000"),
                "`blocks[0].value` of the spec shows this figure",
                &format!("x.toml:9:9: blocks[1].value: {TOO_LARGE} 1e16"),
            ],
        );
    }

    /// A column chart of `n` labels `l0`, `l1`, … and values.
    fn labels_chart(n: usize) -> String {
        let labels: Vec<String> = (0..n).map(|i| format!("\"l{i}\"")).collect();
        let values: Vec<String> = (0..n).map(|i| (i % 97).to_string()).collect();
        format!(
            "[[blocks]]\ntype = \"chart\"\nkind = \"column\"\nlabels = [{}]\nvalues = [{}]\n",
            labels.join(","),
            values.join(",")
        )
    }

    #[test]
    fn charts_beyond_the_limits_are_input_errors() {
        fails(
            "labels",
            &[("x.toml", &labels_chart(1001))],
            &[
                "x.toml:4:10: blocks[0].labels: expected at most 1000 labels in a chart, found 1001",
                "aggregate the data",
            ],
        );
        let rows: String = (0..1001).map(|i| format!("l{i},{i}\n")).collect();
        fails(
            "csv-labels",
            &[
                ("x.toml", "[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\ndata = \"d.csv\"\n"),
                ("d.csv", &format!("label,v\n{rows}")),
            ],
            &["x.toml:4:8: blocks[0].data: d.csv:1002: expected at most 1000 rows of data in a chart (one a label), found 1001"],
        );
        let series: Vec<String> = (0..51)
            .map(|i| format!("{{ name = \"s{i}\", values = [1] }}"))
            .collect();
        let spec = format!(
            "[[blocks]]\ntype = \"chart\"\nkind = \"stacked-column\"\nlabels = [\"a\"]\nseries = [{}]\n",
            series.join(", ")
        );
        fails(
            "series",
            &[("x.toml", &spec)],
            &["x.toml:5:10: blocks[0].series: expected at most 50 series in a chart, found 51"],
        );
        let rows = "a,1\n".repeat(100_001);
        fails(
            "csv-rows",
            &[
                ("x.toml", "[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\ndata = \"d.csv\"\n"),
                ("d.csv", &format!("label,v\n{rows}")),
            ],
            &["x.toml:4:8: blocks[0].data: d.csv:100002:1: expected at most 100000 rows of data after the header, found more"],
        );
    }

    #[test]
    fn a_chart_at_the_label_limit_renders() {
        let dir = folder("at-limit", &[("x.toml", &labels_chart(1000))]);
        let run = render(&dir, "x.toml");
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert_eq!(run.written, ["x.png", "x.svg"]);
    }

    #[test]
    fn charts_on_narrow_pages_render_or_fail_on_their_input() {
        // A column chart on a 100 px page panicked in f32::clamp (issue #9).
        let kinds = [
            ("column", "values = [9, 148, 2217]"),
            ("line", "values = [9, -148, 2217]"),
            ("bar", "values = [9, 148, 2217]"),
            (
                "stacked-column",
                "series = [{ name = \"x\", values = [9, 148, 2217] }, { name = \"y\", values = [1, 2, 3] }]",
            ),
            ("pie", "values = [9, 148, 2217]"),
            ("progress", "values = [9, 48, 17]"),
        ];
        for width in ["1", "50", "100", "129", "200"] {
            for (kind, data) in kinds {
                let spec = format!(
                    "[page]\nwidth = {width}\n\n[[blocks]]\ntype = \"chart\"\nkind = \"{kind}\"\ntitle = \"标题\"\nlabels = [\"a\", \"很长很长的标签名字\", \"c\"]\n{data}\n"
                );
                let dir = folder(&format!("narrow-{width}-{kind}"), &[("x.toml", &spec)]);
                let run = render(&dir, "x.toml");
                assert!(
                    matches!(run.code, Some(0 | 2)),
                    "{kind} chart on a page {width} px wide: exit {:?}\n{}",
                    run.code,
                    run.stderr
                );
                assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
            }
        }
    }
}
