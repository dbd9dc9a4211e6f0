//! The spec's JSON Schema (`yitu schema`), for editors: completion, hover text and inline checking with
//! Taplo or Even Better TOML. The shape comes from the spec's own types (derived by schemars, their doc
//! comments as descriptions, unknown keys refused), so it cannot drift from what the parser accepts; this
//! module adds what the model knows: the block types and the keys each takes, the chart kinds, the
//! presets.

use serde_json::{json, Map, Value};

use super::check::{block_types, chart_kind_names};
use super::preset;
use crate::spec::RawSpec;

/// Where the schema says it lives; editors use it only as the schema's name.
const ID: &str = "https://yitu.invalid/schema/spec.json";

/// The JSON Schema (draft 2020-12) of a spec file.
pub fn spec_schema() -> Value {
    let mut schema = schemars::schema_for!(RawSpec).to_value();
    drop_null(&mut schema);
    // The schema's name and purpose first, for a person opening the file.
    let mut root = Map::new();
    root.insert("$schema".into(), schema["$schema"].take());
    root.insert("$id".into(), json!(ID));
    root.insert("title".into(), json!("yitu spec"));
    root.insert(
        "description".into(),
        json!("A yitu (一图) spec: the page, the theme and the blocks of one graphic. See docs/spec.md."),
    );
    let derived = std::mem::take(schema.as_object_mut().expect("a schema is an object"));
    for (key, value) in derived {
        if !matches!(key.as_str(), "$schema" | "title" | "description") {
            root.insert(key, value);
        }
    }
    let mut schema = Value::Object(root);
    let defs = schema
        .get_mut("$defs")
        .and_then(Value::as_object_mut)
        .expect("the spec's tables are definitions");
    let presets: Vec<&str> = preset::names();
    if let Some(page) = defs.get_mut("RawPage") {
        set(page, &["properties", "preset", "enum"], json!(presets));
        set(
            page,
            &["properties", "variants", "items", "enum"],
            json!(presets),
        );
    }
    if let Some(block) = defs.get_mut("RawBlock") {
        let types: Vec<&str> = block_types().iter().map(|(t, _)| *t).collect();
        set(block, &["properties", "type", "enum"], json!(types));
        // Each type takes only its own keys: the misspelt or misplaced key is marked in the editor.
        let rules: Vec<Value> = block_types()
            .iter()
            .map(|(ty, keys)| {
                // `notes` and `alt` go with every type.
                let mut names = vec!["type", "notes", "alt"];
                names.extend_from_slice(keys);
                let mut then = json!({ "propertyNames": { "enum": names } });
                if *ty == "chart" {
                    then["properties"] = json!({ "kind": { "enum": chart_kind_names() } });
                }
                json!({
                    "if": { "properties": { "type": { "const": ty } }, "required": ["type"] },
                    "then": then
                })
            })
            .collect();
        set(block, &["allOf"], Value::Array(rules));
    }
    schema
}

/// Takes `null` out of every type: schemars writes a key left out (`Option`) as "this or null", and
/// TOML has no null to write.
fn drop_null(node: &mut Value) {
    match node {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if let [only] = types.as_slice() {
                    let only = only.clone();
                    map.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(options)) = map.get("anyOf") {
                let kept: Vec<Value> = (options.iter())
                    .filter(|o| o.get("type") != Some(&json!("null")))
                    .cloned()
                    .collect();
                if let [only] = kept.as_slice() {
                    // `{ anyOf: [{ $ref }, null], description }` → `{ $ref, description }`.
                    let only = only.clone();
                    map.remove("anyOf");
                    if let Value::Object(inner) = only {
                        for (k, v) in inner {
                            map.entry(k).or_insert(v);
                        }
                    }
                } else {
                    map.insert("anyOf".into(), Value::Array(kept));
                }
            }
            map.values_mut().for_each(drop_null);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null),
        _ => {}
    }
}

/// Sets `value` at the path of object keys under `node`, making the objects on the way.
fn set(node: &mut Value, path: &[&str], value: Value) {
    let mut here = node;
    for key in path {
        if !here.is_object() {
            *here = Value::Object(Map::new());
        }
        here = here
            .as_object_mut()
            .expect("made an object above")
            .entry(*key)
            .or_insert(Value::Null);
    }
    *here = value;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_knows_the_block_types_and_refuses_unknown_keys() {
        let schema = spec_schema();
        let block = &schema["$defs"]["RawBlock"];
        assert_eq!(block["additionalProperties"], json!(false));
        let types = block["properties"]["type"]["enum"].as_array().unwrap();
        assert!(types.contains(&json!("stat")) && types.contains(&json!("chart")));
        assert_eq!(block["allOf"].as_array().unwrap().len(), types.len());
        // Doc comments are descriptions.
        let prefix = &block["properties"]["prefix"]["description"];
        assert!(prefix.as_str().unwrap().contains("近"), "{prefix}");
        let page = &schema["$defs"]["RawPage"];
        assert!(page["properties"]["preset"]["enum"]
            .as_array()
            .unwrap()
            .contains(&json!("xiaohongshu")));
    }
}
