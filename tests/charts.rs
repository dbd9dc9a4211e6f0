//! Charts: geometry read from the scene — bar lengths proportional to the values, the ring's arc at the
//! percent, gridlines covering the data, no two texts overlapping — including the awkward cases (a zero,
//! a single bar, fifty bars, forty-character labels, negative values).

use std::path::Path;

use yitu::model::{load_str, Color, Poster};
use yitu::render_poster;
use yitu::scene::{Item, PathOp, Scene};

fn poster(toml: &str) -> Poster {
    load_str(toml, Path::new("chart.toml")).unwrap_or_else(|e| panic!("{e}"))
}

fn scene(toml: &str) -> (Poster, Scene) {
    let p = poster(toml);
    let s = render_poster(&p).expect("layout").scene;
    (p, s)
}

fn chart(kind: &str, rest: &str) -> String {
    format!("[page]\nwidth = 1080\n[[blocks]]\ntype = \"chart\"\nkind = \"{kind}\"\n{rest}\n")
}

/// Bars: filled rectangles in the chart's bar colours.
fn bars(scene: &Scene, colors: &[Color]) -> Vec<(f32, f32, f32, f32)> {
    scene
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Rect {
                x,
                y,
                width,
                height,
                fill,
                ..
            } if colors.contains(fill) && *height > 0.0 && *width > 0.0 => {
                Some((*x, *y, *width, *height))
            }
            _ => None,
        })
        .collect()
}

fn bar_colors(p: &Poster) -> Vec<Color> {
    let t = &p.theme.palette;
    vec![t.primary, t.muted.mix(t.background, 0.55)]
}

/// Every text line's box on the page: (left, top, right, bottom), from the runs' pen positions.
fn text_boxes(scene: &Scene) -> Vec<(String, [f32; 4])> {
    scene
        .runs()
        .map(|r| {
            let (l, rt) = r.extent();
            let y = r.text[0].y;
            (r.string(), [l, y - r.size * 0.88, rt, y + r.size * 0.12])
        })
        .collect()
}

/// Runs that share a baseline and touch (a figure's numeral and unit) are one piece of text; any other
/// two boxes must not intersect.
fn assert_no_overlapping_text(scene: &Scene) {
    let boxes = text_boxes(scene);
    for (i, (a, p)) in boxes.iter().enumerate() {
        for (b, q) in &boxes[i + 1..] {
            let same_line = (p[3] - q[3]).abs() < 0.5
                && ((p[2] - q[0]).abs() < 1.0 || (q[2] - p[0]).abs() < 1.0);
            let overlap =
                p[0] < q[2] - 0.5 && q[0] < p[2] - 0.5 && p[1] < q[3] - 0.5 && q[1] < p[3] - 0.5;
            assert!(same_line || !overlap, "{a:?} {p:?} overlaps {b:?} {q:?}");
        }
    }
}

fn assert_inside_page(scene: &Scene) {
    for (t, b) in text_boxes(scene) {
        assert!(
            b[0] >= -0.5 && b[2] <= scene.width + 0.5 && b[1] >= -0.5 && b[3] <= scene.height + 0.5,
            "{t:?} {b:?} off the page"
        );
    }
}

#[test]
fn bar_lengths_are_proportional_to_the_values() {
    let (p, s) = scene(&chart("bar", "labels = [\"招商引资投资额\", \"进出口总额\", \"战略性新兴产业增加值\"]\nvalues = [29.5, 8, 6.8]\nunit = \"%\""));
    let bars = bars(&s, &bar_colors(&p));
    assert_eq!(bars.len(), 3);
    let per_unit = bars[0].2 / 29.5;
    for (bar, v) in bars.iter().zip([29.5f32, 8.0, 6.8]) {
        assert!(
            (bar.2 - v * per_unit).abs() < 0.3,
            "bar for {v} is {} px, expected {}",
            bar.2,
            v * per_unit
        );
        assert!(
            (bar.0 - bars[0].0).abs() < 0.2,
            "bars start on the same zero line"
        );
    }
    // Highest first, top to bottom, in the order given.
    assert!(bars[0].1 < bars[1].1 && bars[1].1 < bars[2].1);
    assert_no_overlapping_text(&s);
}

#[test]
fn column_heights_are_proportional_and_gridlines_cover_the_data() {
    let (p, s) = scene(&chart(
        "column",
        "labels = [\"县园\", \"乡站\", \"村点\"]\nvalues = [9, 148, 2217]\nunit = \"个\"",
    ));
    let cols = bars(&s, &bar_colors(&p));
    assert_eq!(cols.len(), 3);
    let per_unit = cols[2].3 / 2217.0;
    assert!((cols[1].3 - 148.0 * per_unit).abs() < 0.3);
    assert!((cols[0].3 - 9.0 * per_unit).abs() < 0.3);
    // The gridlines: horizontal two-point paths across the plot; the top one is at or above the tallest
    // column.
    let grid: Vec<f32> = s
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Path(path) => match path.ops.as_slice() {
                [PathOp::Move(x1, y1), PathOp::Line(x2, y2)]
                    if (y1 - y2).abs() < 0.01 && (x2 - x1) > 500.0 =>
                {
                    Some(*y1)
                }
                _ => None,
            },
            _ => None,
        })
        .collect();
    assert!(grid.len() >= 3, "{grid:?}");
    let top_grid = grid.iter().copied().fold(f32::MAX, f32::min);
    let bottom_grid = grid.iter().copied().fold(f32::MIN, f32::max);
    assert!(
        top_grid <= cols[2].1 + 0.5,
        "tallest column above the top gridline"
    );
    assert!(
        (bottom_grid - (cols[0].1 + cols[0].3)).abs() < 0.5,
        "columns stand on the lowest gridline (zero)"
    );
    // The tick labels read as the nice ticks, the top one with the unit.
    let texts: Vec<String> = s.runs().map(|r| r.string()).collect();
    assert!(
        texts.contains(&"2500个".to_string()) || texts.contains(&"3000个".to_string()),
        "{texts:?}"
    );
    assert_no_overlapping_text(&s);
}

#[test]
fn the_ring_arc_ends_at_the_percent() {
    let (p, s) = scene(&chart(
        "ring",
        "labels = [\"财政民生支出占比\"]\nvalues = [76.3]\nunit = \"%\"",
    ));
    let arcs: Vec<&yitu::scene::Path> = s
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Path(path)
                if path
                    .stroke
                    .is_some_and(|st| st.color == p.theme.palette.primary) =>
            {
                Some(path)
            }
            _ => None,
        })
        .collect();
    assert_eq!(arcs.len(), 1, "one arc in the primary colour");
    let ends: Vec<(f32, f32)> = arcs[0]
        .ops
        .iter()
        .filter_map(|op| match *op {
            PathOp::Move(x, y) | PathOp::Line(x, y) | PathOp::Cubic(_, _, _, _, x, y) => {
                Some((x, y))
            }
            PathOp::Close => None,
        })
        .collect();
    let (sx, sy) = ends[0];
    let (ex, ey) = *ends.last().unwrap();
    // The pale track is a full circle whose pieces end at the quarters: its top and bottom give the centre.
    let track = s
        .items
        .iter()
        .find_map(|i| match i {
            Item::Path(path)
                if path
                    .stroke
                    .is_some_and(|st| st.color != p.theme.palette.primary) =>
            {
                Some(path)
            }
            _ => None,
        })
        .expect("the track");
    let ys: Vec<f32> = track
        .ops
        .iter()
        .filter_map(|op| match *op {
            PathOp::Move(_, y) | PathOp::Cubic(_, _, _, _, _, y) => Some(y),
            _ => None,
        })
        .collect();
    let (top, bottom) = (
        ys.iter().copied().fold(f32::MAX, f32::min),
        ys.iter().copied().fold(f32::MIN, f32::max),
    );
    let (cx, cy) = (sx, (top + bottom) / 2.0);
    assert!((sy - top).abs() < 0.01, "the arc starts at 12 o'clock");
    // The figure as a stat's: the numeral large, the unit small on its baseline, together centred.
    let numeral = s
        .runs()
        .find(|r| r.string() == "76.3")
        .expect("the numeral in the middle");
    let unit = s
        .runs()
        .find(|r| r.string() == "%")
        .expect("the unit in the middle");
    assert!((unit.size / numeral.size - 0.45).abs() < 0.01);
    assert_eq!(unit.text[0].y, numeral.text[0].y, "one baseline");
    let (l, _) = numeral.extent();
    let (_, r) = unit.extent();
    assert!(
        ((l + r) / 2.0 - cx).abs() < 1.0,
        "the figure is centred in the ring"
    );
    // Without a title, the label is set under the ring.
    assert!(s.runs().any(|r| r.string().contains("财政民生支出占比")));
    let angle = (ex - cx).atan2(cy - ey).rem_euclid(std::f32::consts::TAU);
    let expected = 0.763 * std::f32::consts::TAU;
    assert!(
        (angle - expected).abs() < 0.01,
        "arc ends at {angle} rad, expected {expected}"
    );
    assert_no_overlapping_text(&s);
}

/// A ring's figure follows the stat convention (约 and 左右 small around the numeral) and its label is
/// not set again when the title says it.
#[test]
fn a_ring_titled_by_its_label_says_it_once() {
    let (_, s) = scene(&chart(
        "ring",
        "title = \"财政民生支出占比\"\nlabels = [\"财政民生 支出占比\"]\nvalues = [76.3]\nunit = \"%\"\nprefix = \"约\"\nqualifier = \"左右\"",
    ));
    let texts: Vec<String> = s.runs().map(|r| r.string()).collect();
    assert_eq!(
        texts.iter().filter(|t| t.contains("支出占比")).count(),
        1,
        "{texts:?}"
    );
    let size = |t: &str| {
        s.runs()
            .find(|r| r.string() == t)
            .unwrap_or_else(|| panic!("{t} in {texts:?}"))
            .size
    };
    let numeral = size("76.3");
    assert!((size("约") / numeral - 0.45).abs() < 0.01);
    assert!((size("%") / numeral - 0.45).abs() < 0.01);
    assert!((size("左右") / numeral - 0.34).abs() < 0.01);
    // The order on the line: 约 76.3 % 左右.
    let x = |t: &str| s.runs().find(|r| r.string() == t).unwrap().extent().0;
    assert!(x("约") < x("76.3") && x("76.3") < x("%") && x("%") < x("左右"));
    assert_no_overlapping_text(&s);

    // A centre text as written is split the same way; a donut's key on a bar chart is an error.
    let (_, s) = scene(&chart(
        "ring",
        "labels = [\"达标率\"]\nvalues = [98]\ncenter = \"近98%\"",
    ));
    assert!(s.runs().any(|r| r.string() == "98"));
    assert!(s.runs().any(|r| r.string() == "近"));
    let e = load_str(
        &chart(
            "bar",
            "labels = [\"a\"]\nvalues = [1]\nqualifier = \"左右\"",
        ),
        Path::new("chart.toml"),
    )
    .unwrap_err();
    assert_eq!(e.problems[0].key, "blocks[0].qualifier");
    assert!(e.problems[0].message.contains("only donut and ring"));
}

/// Value labels of a series share their decimals: 6.0 beside 6.7, never 6.
#[test]
fn value_labels_keep_trailing_zeros_across_a_series() {
    let (_, s) = scene(&chart(
        "column",
        "labels = [\"2020\", \"2021\", \"2022\"]\nvalues = [6, 6.7, 5.2]\nunit = \"%\"",
    ));
    let texts: Vec<String> = s.runs().map(|r| r.string()).collect();
    for t in ["6.0%", "6.7%", "5.2%"] {
        assert!(texts.contains(&t.to_owned()), "{t} in {texts:?}");
    }
    // `precision = 0` overrides: 6, 7, 5.
    let (_, s) = scene(&chart(
        "bar",
        "labels = [\"a\", \"b\"]\nvalues = [6, 6.7]\nprecision = 0",
    ));
    let texts: Vec<String> = s.runs().map(|r| r.string()).collect();
    assert!(
        texts.contains(&"6".to_owned()) && texts.contains(&"7".to_owned()),
        "{texts:?}"
    );
}

#[test]
fn edge_cases_render_legibly() {
    let long = "县乡村三级物流体系基本形成建成县园乡站村点电子商务交易额突破五百亿元大关全面推进";
    assert_eq!(long.chars().count(), 40);
    let labels50: Vec<String> = (1..=50).map(|i| format!("\"第{i}项\"")).collect();
    let values50: Vec<String> = (1..=50).map(|i| format!("{}", (i * 37) % 101)).collect();
    let cases = [
        chart("bar", "labels = [\"零\", \"一\"]\nvalues = [0, 5]"),
        chart("bar", "labels = [\"唯一的一项\"]\nvalues = [42]"),
        chart("column", "labels = [\"唯一的一项\"]\nvalues = [42]"),
        chart("bar", &format!("labels = [{}]\nvalues = [{}]", labels50.join(","), values50.join(","))),
        chart("column", &format!("labels = [{}]\nvalues = [{}]", labels50.join(","), values50.join(","))),
        chart("line", &format!("labels = [{}]\nvalues = [{}]", labels50.join(","), values50.join(","))),
        chart("bar", &format!("labels = [\"{long}\", \"短\"]\nvalues = [3, 4]")),
        chart("column", &format!("labels = [\"{long}\", \"{long}\", \"短\"]\nvalues = [3, 4, 5]")),
        chart("bar", "labels = [\"增长\", \"下降\", \"持平\"]\nvalues = [8, -3.2, 0]\nunit = \"%\""),
        chart("line", "labels = [\"2020\", \"2021\", \"2022\"]\nvalues = [-3, 2, -1]"),
        chart("stacked-bar", "labels = [\"甲\", \"乙\"]\nseries = [{ name = \"一\", values = [1, 2] }, { name = \"二\", values = [3, 0] }]"),
        chart("pie", "labels = [\"甲\", \"乙\", \"丙\"]\nvalues = [0, 1, 3]"),
        chart("progress", "labels = [\"已完成\", \"未开始\"]\nvalues = [100, 0]"),
    ];
    for case in &cases {
        let (_, s) = scene(case);
        assert_inside_page(&s);
        assert_no_overlapping_text(&s);
    }
}

#[test]
fn a_chart_alone_on_a_fixed_page_fills_it() {
    let toml = "[page]\nwidth = 1080\nheight = 1080\n[[blocks]]\ntype = \"chart\"\nkind = \"column\"\nlabels = [\"县园\", \"乡站\", \"村点\"]\nvalues = [9, 148, 2217]\n";
    let p = poster(toml);
    let layout = render_poster(&p).unwrap();
    assert_eq!(layout.scene.height, 1080.0);
    let block = &layout.blocks[0];
    let free = 1080.0 - p.page.margin.bottom - block.bottom;
    assert!(
        free.abs() < 1.0,
        "the chart ends {free} px above the bottom margin"
    );
}

/// Bad chart data through the binary: exit code 2, the chart and the field named, nothing written.
#[test]
fn bad_chart_data_is_rejected_and_nothing_is_written() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bad-chart");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        (
            "empty",
            "kind = \"bar\"\nlabels = [\"甲\"]",
            "blocks[0].values",
        ),
        (
            "nan",
            "kind = \"bar\"\nlabels = [\"甲\", \"乙\"]\nvalues = [1, nan]",
            "blocks[0].values[1]",
        ),
        (
            "lengths",
            "kind = \"column\"\nlabels = [\"甲\", \"乙\", \"丙\"]\nvalues = [1, 2]",
            "blocks[0].values",
        ),
        (
            "pie",
            "kind = \"pie\"\nlabels = [\"甲\", \"乙\"]\nvalues = [3, -1]",
            "blocks[0].values[1]",
        ),
        (
            "ring",
            "kind = \"ring\"\nlabels = [\"占比\"]\nvalues = [120]",
            "blocks[0].values[0]",
        ),
    ];
    for (name, body, key) in cases {
        let spec = dir.join(format!("{name}.toml"));
        std::fs::write(&spec, format!("[[blocks]]\ntype = \"chart\"\n{body}\n")).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_yitu"))
            .args([
                "render",
                spec.to_str().unwrap(),
                "--out",
                dir.join("out").to_str().unwrap(),
            ])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("{name}.toml:")) && stderr.contains(key),
            "{name}: {stderr}"
        );
        assert!(
            !dir.join("out").join(format!("{name}.png")).exists(),
            "{name}: an output was written"
        );
    }
}

/// A CSV as Chinese Excel saves it — GBK, percentages and thousands separators in the cells — and the
/// same rows as JSON read as the same chart as the plain UTF-8 CSV, with % as its unit.
#[test]
fn a_gbk_csv_with_percentages_reads_like_a_plain_one() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("gbk-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let excel = "指标,2022年\r\n进出口总额,8.0%\r\n招商引资,\"1,355%\"\r\n";
    let (gbk, _, lossy) = encoding_rs::GBK.encode(excel);
    assert!(!lossy);
    std::fs::write(dir.join("excel.csv"), &gbk).unwrap();
    std::fs::write(
        dir.join("plain.csv"),
        // 8.0 as Excel writes it: the decimal written counts (8.0 beside 1355.0, the series' decimals).
        "指标,2022年\n进出口总额,8.0\n招商引资,1355\n",
    )
    .unwrap();
    let load = |file: &str, unit: &str| {
        let spec =
            format!("[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\ndata = \"{file}\"\n{unit}");
        yitu::model::load_str(&spec, &dir.join("x.toml")).unwrap_or_else(|e| panic!("{e}"))
    };
    std::fs::write(
        dir.join("rows.json"),
        "[{\"指标\": \"进出口总额\", \"2022年\": \"8.0%\"},\n {\"指标\": \"招商引资\", \"2022年\": \"1,355%\"}]",
    )
    .unwrap();
    let excel = load("excel.csv", "");
    let plain = load("plain.csv", "unit = \"%\"\n");
    let json = load("rows.json", "");
    assert_eq!(
        json.blocks, plain.blocks,
        "a JSON array of rows reads the same"
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(excel.blocks, plain.blocks);
    let yitu::model::BlockKind::Chart(chart) = &excel.blocks[0].kind else {
        panic!("a chart");
    };
    assert_eq!(chart.labels, ["进出口总额", "招商引资"]);
    assert_eq!(chart.series[0].values, [8.0, 1355.0]);
    assert_eq!(chart.unit.as_deref(), Some("%"));
}

/// The same figures in an Excel workbook — on its second sheet, under a title row, beside a note — read
/// as the same chart as the CSV, once the sheet and the range are named.
#[test]
fn an_xlsx_sheet_and_range_read_like_the_csv() {
    let config = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config");
    let load = |data: &str| {
        let spec = format!("[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\nunit = \"%\"\n{data}\n");
        yitu::model::load_str(&spec, &config.join("x.toml"))
    };
    let csv = load("data = \"data/growth-2022.csv\"").unwrap();
    let xlsx = load("data = \"data/growth-2022.xlsx\"\nsheet = \"增速\"\nrange = \"A3:B6\"")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(xlsx.blocks, csv.blocks);
    // The same figures as Chinese Excel saves "CSV" (GBK, CRLF, 29.5% in the cells) and as JSON rows:
    // one chart, whichever of the three files the newsroom was sent.
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("three-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let excel_csv =
        "指标,增速\r\n招商引资投资额,29.5%\r\n进出口总额,8.0%\r\n战略性新兴产业增加值,6.8%\r\n";
    let (gbk, _, lossy) = encoding_rs::GBK.encode(excel_csv);
    assert!(!lossy);
    std::fs::write(dir.join("growth.csv"), &gbk).unwrap();
    std::fs::write(
        dir.join("growth.json"),
        "[{\"指标\": \"招商引资投资额\", \"增速\": 29.5},\n {\"指标\": \"进出口总额\", \"增速\": 8},\n {\"指标\": \"战略性新兴产业增加值\", \"增速\": 6.8}]",
    )
    .unwrap();
    for file in ["growth.csv", "growth.json"] {
        let spec = format!(
            "[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\nunit = \"%\"\ndata = \"{file}\"\n"
        );
        let poster =
            yitu::model::load_str(&spec, &dir.join("x.toml")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            poster.blocks, xlsx.blocks,
            "{file} reads as the workbook does"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    let yitu::model::BlockKind::Chart(chart) = &xlsx.blocks[0].kind else {
        panic!("a chart");
    };
    assert_eq!(chart.series[0].values, [29.5, 8.0, 6.8]);
    assert!(
        xlsx.dependencies
            .iter()
            .any(|d| d.path.ends_with("growth-2022.xlsx")),
        "the workbook is a dependency of the spec"
    );

    // Each mistake at its key, with what was expected.
    let cases = [
        (
            "data = \"data/growth-2022.xlsx\"\nsheet = \"增长\"",
            "blocks[0].data",
            "expected a sheet of the workbook (说明, 增速), found no sheet \"增长\"",
        ),
        (
            "data = \"data/growth-2022.xlsx\"\nsheet = \"增速\"\nrange = \"B6:A3\"",
            "blocks[0].range",
            "expected cells in A1 notation",
        ),
        (
            "data = \"data/growth-2022.csv\"\nsheet = \"增速\"",
            "blocks[0].sheet",
            "expected `sheet` only with an Excel workbook",
        ),
        (
            "data = \"data/growth-2022.xls\"",
            "blocks[0].data",
            "expected a data file ending in .csv, .json or .xlsx",
        ),
        (
            // The first sheet holds one column: not a chart's labels and values.
            "data = \"data/growth-2022.xlsx\"",
            "blocks[0].data",
            "growth-2022.xlsx",
        ),
    ];
    for (data, key, message) in cases {
        let err = load(data).expect_err(data);
        let text = err.to_string();
        assert!(
            err.problems
                .iter()
                .any(|p| p.key == key && p.message.contains(message)),
            "{data}: expected {key}: {message}\n{text}"
        );
    }
}

/// A file named .xlsx that is not a workbook, or one whose parts would inflate past the limit, is an
/// input error at its key, never a panic or a huge allocation.
#[test]
fn a_hostile_xlsx_is_an_input_error() {
    use std::io::Write;
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("fake.xlsx"), b"PK\x03\x04 not really").unwrap();
    // A zip whose one part inflates to 100 MB of zeros (about 100 KB on disk).
    let mut bomb = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    bomb.start_file("xl/worksheets/sheet1.xml", options)
        .unwrap();
    let zeros = vec![b'0'; 1 << 20];
    for _ in 0..100 {
        bomb.write_all(&zeros).unwrap();
    }
    let bytes = bomb.finish().unwrap().into_inner();
    assert!(bytes.len() < 1_000_000, "{}", bytes.len());
    std::fs::write(dir.join("bomb.xlsx"), bytes).unwrap();
    for (file, message) in [
        ("fake.xlsx", "expected an Excel workbook"),
        (
            "bomb.xlsx",
            "expected a workbook of at most 67 MB of sheets, found one of 104 MB",
        ),
    ] {
        let spec = format!("[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\ndata = \"{file}\"\n");
        let err = yitu::model::load_str(&spec, &dir.join("x.toml")).expect_err(file);
        assert!(
            err.problems
                .iter()
                .any(|p| p.key == "blocks[0].data" && p.message.contains(message)),
            "{file}: {err}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A workbook written by hand: the parts calamine reads (content types, relationships, the workbook,
/// one sheet and its shared strings).
fn workbook(sheet_xml: &str, shared: &[String]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let strings: String = shared
        .iter()
        .map(|s| format!("<si><t>{s}</t></si>"))
        .collect();
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#.to_owned()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_owned()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_owned()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.to_owned()),
        ("xl/sharedStrings.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{0}" uniqueCount="{0}">{strings}</sst>"#, shared.len())),
        ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_xml}</sheetData></worksheet>"#)),
    ];
    for (name, text) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A small workbook that names one long shared string in many cells, or claims cells at the far corner
/// of a sheet, costs no more than the text and cells a CSV file may hold: an error, not gigabytes.
#[test]
fn a_workbook_repeating_a_long_string_or_reaching_far_is_bounded() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("xlsx-bounds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // 30 rows × 10 cells, each the same 32 000-character string: 9.6 MB of text from a file of a few KB.
    let long = "字".repeat(32_000);
    let mut rows = String::new();
    for r in 1..=30 {
        rows.push_str(&format!("<row r=\"{r}\">"));
        for c in 0..10u8 {
            rows.push_str(&format!(
                "<c r=\"{}{r}\" t=\"s\"><v>0</v></c>",
                (b'A' + c) as char
            ));
        }
        rows.push_str("</row>");
    }
    std::fs::write(dir.join("repeat.xlsx"), workbook(&rows, &[long])).unwrap();
    // A header and a row at A1, and one cell at the sheet's last column and row.
    let far = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>\
        <row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"B2\"><v>8</v></c></row>\
        <row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row>";
    let names = ["指标", "增速", "进出口总额"].map(str::to_owned);
    std::fs::write(dir.join("far.xlsx"), workbook(far, &names)).unwrap();
    let load = |data: &str| {
        let spec = format!("[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\n{data}\n");
        yitu::model::load_str(&spec, &dir.join("x.toml"))
    };
    let err = load("data = \"repeat.xlsx\"").expect_err("too much text");
    assert!(
        err.problems
            .iter()
            .any(|p| p.message.contains("MB of text in the cells read")),
        "{err}"
    );
    let err = load("data = \"far.xlsx\"").expect_err("a cell past the columns read");
    assert!(
        err.problems
            .iter()
            .any(|p| p.message.contains("expected at most 200 columns")),
        "{err}"
    );
    // Named by its range, the same sheet reads: the far cell is never kept.
    let poster = load("data = \"far.xlsx\"\nrange = \"A1:B2\"").unwrap_or_else(|e| panic!("{e}"));
    let yitu::model::BlockKind::Chart(chart) = &poster.blocks[0].kind else {
        panic!("a chart");
    };
    assert_eq!(chart.labels, ["进出口总额"]);
    let _ = std::fs::remove_dir_all(&dir);
}
