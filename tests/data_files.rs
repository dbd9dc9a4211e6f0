//! Data as newsrooms have it, for blocks that read rows: a stat grid filled from a CSV, JSON or Excel
//! file (`items = { data = "…" }`), read as the same stats as written out in the spec.

use std::path::{Path, PathBuf};

fn config() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("config")
}

fn load(spec: &str, dir: &Path) -> Result<yitu::model::Poster, yitu::SpecError> {
    yitu::model::load_str(spec, &dir.join("x.toml"))
}

const WRITTEN_OUT: &str = r#"
[[blocks]]
type = "stats"
columns = 2
items = [
  { label = "地区生产总值", value = "3,716.6", unit = "亿元" },
  { label = "新增返乡创业", value = "1.2", unit = "万人", qualifier = "以上" },
  { label = "居民人均可支配收入增长", value = "6.0", unit = "%" },
  { label = "研发投入强度", value = "2.05", unit = "%", qualifier = "左右" },
]
"#;

#[test]
fn a_stat_grid_from_a_csv_is_the_grid_written_out() {
    let from_file = load(
        "[[blocks]]\ntype = \"stats\"\ncolumns = 2\nitems = { data = \"data/highlights-2023.csv\" }\n",
        &config(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let written = load(WRITTEN_OUT, &config()).unwrap();
    assert_eq!(from_file.blocks, written.blocks);
    // 6.0% keeps its zero: a cell's figure is printed as written unless format keys are given.
    let yitu::model::BlockKind::StatGrid(grid) = &from_file.blocks[0].kind else {
        panic!("a stat grid");
    };
    assert_eq!(grid.items[2].value, "6.0");
    assert!(from_file
        .dependencies
        .iter()
        .any(|d| d.path.ends_with("highlights-2023.csv")));
}

#[test]
fn format_keys_apply_to_every_row_and_json_reads_the_same() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("stat-rows-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("people.csv"),
        "label,value,unit\n常住人口,\"8,856,000\",人\n新增就业,62000,人\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("people.json"),
        "[{\"label\": \"常住人口\", \"value\": 8856000, \"unit\": \"人\"},\n {\"label\": \"新增就业\", \"value\": 62000, \"unit\": \"人\"}]",
    )
    .unwrap();
    let grid = |file: &str| {
        let spec = format!("[[blocks]]\ntype = \"stats\"\nitems = {{ data = \"{file}\", scale = \"auto\", precision = 1 }}\n");
        let poster = load(&spec, &dir).unwrap_or_else(|e| panic!("{e}"));
        let yitu::model::BlockKind::StatGrid(grid) = &poster.blocks[0].kind else {
            panic!("a stat grid");
        };
        grid.items
            .iter()
            .map(|s| (s.value.clone(), s.unit.clone().unwrap_or_default()))
            .collect::<Vec<_>>()
    };
    let csv = grid("people.csv");
    assert_eq!(
        csv,
        [
            ("885.6".to_owned(), "万人".to_owned()),
            ("6.2".to_owned(), "万人".to_owned())
        ]
    );
    assert_eq!(grid("people.json"), csv);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_row_or_header_is_an_error_naming_the_file_and_line() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("stat-rows-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("header.csv"), "指标,值\n常住人口,1\n").unwrap();
    std::fs::write(
        dir.join("rows.csv"),
        "指标,数值\n常住人口,1\n新增就业,许多\n",
    )
    .unwrap();
    let cases = [
        (
            "type = \"stats\"\nitems = { data = \"header.csv\" }",
            "blocks[0].items.data",
            "header.csv:1:2: expected a column named label, value",
        ),
        (
            "type = \"stats\"\nitems = { data = \"rows.csv\", scale = \"auto\" }",
            "blocks[0].items[1].scale",
            "rows.csv:3: expected a numeric `value`",
        ),
        (
            "type = \"list\"\nitems = { data = \"rows.csv\" }",
            "blocks[0].items",
            "expected the items of a list block written out, found a data file",
        ),
        (
            "type = \"stats\"\nitems = { data = \"rows.csv\", colour = 1 }",
            "blocks[0].items.colour",
            "unknown key `colour`",
        ),
    ];
    for (block, key, message) in cases {
        let err = load(&format!("[[blocks]]\n{block}\n"), &dir).expect_err(block);
        assert!(
            err.problems
                .iter()
                .any(|p| p.key == key && p.message.contains(message)),
            "{block}: expected {key}: {message}\n{err}"
        );
        let help = err
            .problems
            .iter()
            .find_map(|p| p.help.clone())
            .unwrap_or_default();
        if key == "blocks[0].items.data" {
            assert!(help.contains("数值"), "{help}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
