//! `yitu schema`: the JSON Schema editors check specs with. Every example spec and starter validates
//! against it, every theme against its theme part, and a misspelt or misplaced key is flagged by it.
//!
//! docs/yitu.schema.json is the schema as printed, for editors to point at without running yitu; when
//! the spec's keys change, update it with `cargo run -- schema > docs/yitu.schema.json`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn printed_schema() -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_yitu"))
        .arg("schema")
        .output()
        .expect("cannot run the yitu binary");
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("the schema is JSON")
}

/// A validator for the schema's part at `pointer` ("" for a whole spec).
struct Validator {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Validator {
    fn new(schema: &Value, pointer: &str) -> Validator {
        let id = schema["$id"].as_str().unwrap().to_owned();
        let mut compiler = boon::Compiler::new();
        compiler.add_resource(&id, schema.clone()).unwrap();
        let mut schemas = boon::Schemas::new();
        let index = compiler
            .compile(&format!("{id}#{pointer}"), &mut schemas)
            .unwrap_or_else(|e| panic!("the schema compiles: {e}"));
        Validator { schemas, index }
    }

    /// The validation errors of a TOML text, or none.
    fn check(&self, toml_text: &str) -> Result<(), String> {
        let value: toml::Value = toml::from_str(toml_text).expect("valid TOML");
        let instance = serde_json::to_value(value).unwrap();
        self.schemas
            .validate(&instance, self.index)
            .map_err(|e| format!("{e:#}"))
    }
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_committed_schema_is_the_printed_one() {
    let committed: Value = serde_json::from_str(
        &std::fs::read_to_string("docs/yitu.schema.json").expect("docs/yitu.schema.json"),
    )
    .unwrap();
    assert!(
        committed == printed_schema(),
        "docs/yitu.schema.json is out of date: cargo run -- schema > docs/yitu.schema.json"
    );
}

#[test]
fn every_example_spec_starter_and_theme_validates() {
    let schema = printed_schema();
    let spec = Validator::new(&schema, "");
    let theme = Validator::new(&schema, "/$defs/RawTheme");
    let mut checked = 0;
    for dir in ["config", "templates", "tests/cases"] {
        if !Path::new(dir).is_dir() {
            continue;
        }
        for file in toml_files(Path::new(dir)) {
            let text = std::fs::read_to_string(&file).unwrap();
            // Fixtures of bad specs are meant to fail; only those yitu renders count.
            if dir == "tests/cases" && yitu::model::load_file(&file).is_err() {
                continue;
            }
            if let Err(e) = spec.check(&text) {
                panic!("{} does not validate:\n{e}", file.display());
            }
            checked += 1;
        }
    }
    for file in toml_files(Path::new("config/themes")) {
        let text = std::fs::read_to_string(&file).unwrap();
        if let Err(e) = theme.check(&text) {
            panic!("{} does not validate as a theme:\n{e}", file.display());
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} files checked");
}

#[test]
fn misspelt_and_misplaced_keys_are_flagged() {
    let spec = Validator::new(&printed_schema(), "");
    let good = "[page]\nwidth = 1080\npreset = \"weibo\"\n\n[[blocks]]\ntype = \"stat\"\nvalue = 5.2\nunit = \"%\"\n";
    spec.check(good).unwrap();
    let flagged = [
        // a misspelt key of a block
        "[[blocks]]\ntype = \"stat\"\nvalu = 5.2\n",
        // a misspelt key of the page
        "[page]\nwidht = 1080\n",
        // a key of another block type
        "[[blocks]]\ntype = \"headline\"\ntext = \"x\"\nvalue = 3\n",
        // an unknown block type, chart kind, preset and keyword
        "[[blocks]]\ntype = \"stats-grid\"\n",
        "[[blocks]]\ntype = \"chart\"\nkind = \"pies\"\nvalues = [1]\nlabels = [\"a\"]\n",
        "[page]\npreset = \"weibo-card\"\n",
        "[page]\noverflow = \"page\"\n",
        // a value of the wrong type
        "[page]\nwidth = \"wide\"\n",
        "[theme.size]\nbody = \"big\"\n",
    ];
    for text in flagged {
        assert!(spec.check(text).is_err(), "the schema should flag:\n{text}");
    }
}
