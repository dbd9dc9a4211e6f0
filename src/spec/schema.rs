//! What JSON Schema says of the values the spec reads as a bare [`toml::Value`] (those that may be of
//! more than one type) and of the two hand-deserialized forms ([`RawMargin`], [`RawItem`]). Each type
//! here stands for such a value in `#[schemars(with = …)]`; none is ever constructed. The model keeps the
//! rules about meaning (which presets, which keys a block type takes): `model::schema` adds those.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

use super::{RawItem, RawItems, RawItemsData, RawMargin, RawSides, RawStat};

/// Declares a marker type whose schema is the JSON given.
macro_rules! schema_of {
    ($(#[$doc:meta])* $name:ident => $schema:tt) => {
        $(#[$doc])*
        pub enum $name {}

        impl JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    };
}

schema_of!(
    /// `width`: pixels, or a length with its unit for a print page.
    Length => {
        "anyOf": [
            { "type": "number", "exclusiveMinimum": 0 },
            { "type": "string", "pattern": "^\\s*[0-9]+(\\.[0-9]+)?\\s*(mm|cm|in)\\s*$" }
        ]
    }
);

schema_of!(
    /// `height`: pixels, a length with its unit, or `"auto"`.
    Height => {
        "anyOf": [
            { "type": "number", "exclusiveMinimum": 0 },
            { "type": "string", "pattern": "^\\s*(auto|[0-9]+(\\.[0-9]+)?\\s*(mm|cm|in))\\s*$" }
        ]
    }
);

schema_of!(
    /// A figure: a number, a number written with its separators or percent sign, or a named figure of
    /// the spec's data file.
    Figure => {
        "anyOf": [
            { "type": "number" },
            { "type": "string" },
            {
                "type": "object",
                "properties": { "data": { "type": "string", "description": "A figure's name in the spec's data file." } },
                "required": ["data"],
                "additionalProperties": false
            }
        ]
    }
);

schema_of!(
    /// An end of a chart's band: a value or a category's label.
    BandEnd => { "anyOf": [{ "type": "number" }, { "type": "string" }] }
);

schema_of!(
    /// Figures of a chart.
    Figures => { "type": "array", "items": { "anyOf": [{ "type": "number" }, { "type": "string" }, { "type": "object" }] } }
);

schema_of!(
    /// A chart's category labels: text or integers such as years.
    Labels => { "type": "array", "items": { "anyOf": [{ "type": "string" }, { "type": "integer" }] } }
);

schema_of!(
    /// A label of the chart or a 0-based index.
    LabelOrIndex => { "anyOf": [{ "type": "string" }, { "type": "integer", "minimum": 0 }] }
);

schema_of!(
    /// A section's number: an integer or text (`"一"`, `"01"`).
    SectionNumber => { "anyOf": [{ "type": "integer" }, { "type": "string" }] }
);

schema_of!(
    /// A table's rows: each an array of cells, text or numbers.
    Rows => {
        "type": "array",
        "items": { "type": "array", "items": { "anyOf": [{ "type": "string" }, { "type": "number" }] } }
    }
);

schema_of!(
    /// A font family by name, or with its weights.
    FamilyChoice => {
        "anyOf": [
            { "type": "string" },
            {
                "type": "object",
                "properties": {
                    "family": { "type": "string" },
                    "regular": { "type": "integer", "minimum": 1, "maximum": 1000 },
                    "bold": { "type": "integer", "minimum": 1, "maximum": 1000 }
                },
                "required": ["family"],
                "additionalProperties": false
            }
        ]
    }
);

schema_of!(
    /// Fallback families: one name or a list.
    FamilyList => { "anyOf": [{ "type": "string" }, { "type": "array", "items": { "type": "string" } }] }
);

schema_of!(
    /// The space between Han and Latin: em, or `true`/`false`.
    EmOrSwitch => { "anyOf": [{ "type": "number", "minimum": 0 }, { "type": "boolean" }] }
);

impl JsonSchema for RawMargin {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Margin".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let sides = generator.subschema_for::<RawSides>();
        json_schema!({
            "description": "Pixels on every side, or a table of sides (a side left out keeps the default).",
            "anyOf": [{ "type": "number", "minimum": 0 }, sides]
        })
    }
}

impl JsonSchema for RawItem {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Item".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let stat = generator.subschema_for::<RawStat>();
        json_schema!({
            "description": "A list's line of text, or a stat of a stat grid.",
            "anyOf": [{ "type": "string" }, stat]
        })
    }
}

impl JsonSchema for RawItems {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Items".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let item = generator.subschema_for::<RawItem>();
        let data = generator.subschema_for::<RawItemsData>();
        json_schema!({
            "anyOf": [{ "type": "array", "items": item }, data]
        })
    }
}
