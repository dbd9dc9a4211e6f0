//! Tests of the whole flow, through `load_str` and `load_file`: defaults, page and margins, blocks and
//! their items, and the errors the file as a whole can have.

use super::*;
use crate::model::{BlockKind, Margins};

fn errors(src: &str) -> Vec<Problem> {
    load_str(src, Path::new("t.toml"))
        .expect_err("should fail")
        .problems
}

#[test]
fn minimal_spec_gets_defaults() {
    let p = load_str(
        "[[blocks]]\ntype = \"divider\"\n",
        Path::new("config/a-b.toml"),
    )
    .unwrap();
    assert_eq!(p.name, "a-b");
    assert_eq!(p.page.width, 1080.0);
    assert_eq!(p.page.height, None);
    assert_eq!(p.page.margin, Margins::uniform(64.0));
    assert_eq!(p.page.background, p.theme.palette.background);
    assert_eq!(p.blocks[0].origin, "blocks[0] (divider)");
}

#[test]
fn margins_table_and_room() {
    let p = load_str(
        "[page]\nmargin = { top = 0, left = 10 }\n[[blocks]]\ntype = \"divider\"\n",
        Path::new("m.toml"),
    )
    .unwrap();
    assert_eq!(
        p.page.margin,
        Margins {
            top: 0.0,
            right: 64.0,
            bottom: 64.0,
            left: 10.0
        }
    );
    let e = errors("[page]\nwidth = 100\nmargin = 50\n[[blocks]]\ntype = \"divider\"\n");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].key, "page.margin");
    assert!(e[0].message.contains("px for content"), "{}", e[0].message);
    // The default margins leave no room on a page 100 px wide either.
    let e = errors("[page]\nwidth = 100\n[[blocks]]\ntype = \"divider\"\n");
    assert_eq!(
        (e[0].key.as_str(), e[0].line, e[0].column),
        ("page.width", 2, 9)
    );
    assert!(
        e[0].message.contains("at least 248 px wide"),
        "{}",
        e[0].message
    );
    let e = errors("[page]\nmargin = { top = -1 }\n[[blocks]]\ntype = \"divider\"\n");
    assert_eq!(
        (e[0].key.as_str(), e[0].line, e[0].column),
        ("page.margin.top", 2, 18)
    );
}

#[test]
fn height_auto_number_or_error() {
    let h = |s: &str| {
        load_str(
            &format!("[page]\nheight = {s}\n[[blocks]]\ntype = \"divider\"\n"),
            Path::new("h.toml"),
        )
    };
    assert_eq!(h("\"auto\"").unwrap().page.height, None);
    assert_eq!(h("1920").unwrap().page.height, Some(1920.0));
    let e = h("\"tall\"").unwrap_err().problems;
    assert_eq!(
        e[0].message,
        "expected a number of pixels, a length like \"297mm\" or \"auto\", found \"tall\""
    );
    let e = h("true").unwrap_err().problems;
    assert_eq!(
        e[0].message,
        "expected a number of pixels, a length like \"297mm\" or \"auto\", found a boolean"
    );
    let e = h("0").unwrap_err().problems;
    assert_eq!(e[0].key, "page.height");
}

#[test]
fn headline_text_and_lines() {
    let e = errors("[[blocks]]\ntype = \"headline\"\ntext = \"a\"\nlines = [\"a\"]\n");
    assert_eq!(e[0].message, "expected `text` or `lines`, found both");
    let e = errors("[[blocks]]\ntype = \"headline\"\n");
    assert_eq!((e[0].key.as_str(), e[0].line), ("blocks[0].text", 1));
    let e = errors("[[blocks]]\ntype = \"headline\"\nlines = [\"a\", \" \"]\n");
    assert_eq!(e[0].key, "blocks[0].lines[1]");
}

#[test]
fn list_and_grid_item_kinds() {
    let e = errors("[[blocks]]\ntype = \"list\"\nstyle = \"nubmer\"\nitems = [{ value = 1 }]\n");
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].key, "blocks[0].style");
    assert_eq!(e[0].help.as_deref(), Some("did you mean `number`?"));
    assert_eq!(e[1].message, "expected a string, found a table");
    let e = errors("[[blocks]]\ntype = \"stats\"\nitems = [\"x\", { label = \"a\" }]\n");
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].key, "blocks[0].items[0]");
    assert_eq!(e[1].key, "blocks[0].items[1].value");
    let e = errors("[[blocks]]\ntype = \"list\"\nitems = []\n");
    assert_eq!(
        e[0].message,
        "expected at least one item, found an empty array"
    );
}

#[test]
fn no_blocks_is_an_error() {
    let e = errors("[page]\nwidth = 800\n");
    assert_eq!((e[0].line, e[0].key.as_str()), (0, "blocks"));
}

#[test]
fn missing_type_and_unknown_top_level() {
    let e = errors("[[blocks]]\ntext = \"x\"\n");
    assert_eq!(e[0].message, "expected a `type` key, found none");
    assert_eq!(e[0].key, "blocks[0]");
    let e = errors("[pgae]\nwidth = 1\n");
    assert_eq!(e[0].help.as_deref(), Some("did you mean `page`?"));
    assert_eq!(e[0].key, "pgae");
}

#[test]
fn unreadable_file() {
    let e = load_file("/nonexistent/dir/x.toml").unwrap_err();
    assert_eq!(e.problems[0].line, 0);
    assert!(
        e.to_string()
            .starts_with("/nonexistent/dir/x.toml: cannot read the file"),
        "{e}"
    );
}

/// The figures of a stat grid or a lone stat, as printed (numeral and unit).
fn figures(src: &str) -> Vec<(String, Option<String>)> {
    let p = load_str(src, Path::new("t.toml")).unwrap();
    p.blocks
        .iter()
        .flat_map(|b| match &b.kind {
            BlockKind::StatGrid(g) => g.items.clone(),
            BlockKind::Stat(s) => vec![s.clone()],
            _ => Vec::new(),
        })
        .map(|s| (s.value, s.unit))
        .collect()
}

fn values(f: &[(String, Option<String>)]) -> Vec<&str> {
    f.iter().map(|(v, _)| v.as_str()).collect()
}

#[test]
fn a_grid_in_one_unit_shares_its_decimals() {
    // 6 beside 6.7 is 6.0; the figures in 家 stay whole; a text figure is as written.
    let f = figures(
        r#"[[blocks]]
type = "stats"
items = [
  { label = "a", value = 6, unit = "%" },
  { label = "b", value = 6.7, unit = "%" },
  { label = "c", value = 1355, unit = "家" },
  { label = "d", value = 12, unit = "家" },
  { label = "e", value = "“1+10”" },
]
"#,
    );
    assert_eq!(values(&f), ["6.0", "6.7", "1355", "12", "“1+10”"]);
    // Formatted figures too, per scale word: 1.0万 beside 1.2万; a change keeps its zero.
    let f = figures(
        r#"[[blocks]]
type = "stats"
items = [
  { value = 10000, unit = "人", scale = "auto" },
  { value = 12000, unit = "人", scale = "auto" },
  { value = 8, unit = "%", change = "sign" },
  { value = -3.2, unit = "%", change = "sign" },
]
"#,
    );
    assert_eq!(values(&f), ["1.0", "1.2", "+8.0", "−3.2"]);
    assert_eq!(f[0].1.as_deref(), Some("万人"));
}

#[test]
fn precision_overrides_the_shared_decimals() {
    // The grid's precision for every figure; an item's own wins.
    let f = figures(
        r#"[[blocks]]
type = "stats"
precision = 2
items = [
  { value = 6, unit = "%" },
  { value = 6.7, unit = "%" },
  { value = 7.25, unit = "%", precision = 0 },
]
"#,
    );
    assert_eq!(values(&f), ["6.00", "6.70", "7"]);
    // A lone stat: as written, 6.0 stays 6.0; precision = 0 writes 6.
    let f = figures(
        "[[blocks]]\ntype = \"stat\"\nvalue = 6.0\nunit = \"%\"\n\n[[blocks]]\ntype = \"stat\"\nvalue = 6.04\nprecision = 0\n",
    );
    assert_eq!(values(&f), ["6.0", "6"]);
    let e = errors("[[blocks]]\ntype = \"stats\"\nprecision = 9\nitems = [{ value = 1 }]\n");
    assert_eq!(e[0].key, "blocks[0].precision");
}

#[test]
fn a_chart_series_shares_its_decimals() {
    let p = load_str(
        r#"[[blocks]]
type = "chart"
kind = "column"
labels = ["a", "b", "c"]
series = [
  { name = "x", values = [6, 6.7, 5.0] },
  { name = "y", values = [6, 7, 5] },
]
"#,
        Path::new("t.toml"),
    )
    .unwrap();
    let BlockKind::Chart(c) = &p.blocks[0].kind else {
        panic!("a chart")
    };
    assert_eq!(c.series[0].decimals, [1, 0, 0]);
    assert_eq!(c.series[1].decimals, [0, 0, 0]);
    assert_eq!(crate::chart::value_text(c, 0, 6.0), "6.0");
    assert_eq!(crate::chart::value_text(c, 1, 6.0), "6");
}
