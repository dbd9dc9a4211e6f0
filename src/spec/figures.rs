//! A data file of named figures in TOML (`"返乡创业" = 1.2`, or nested tables whose figures are named by
//! dotted keys, `2022.返乡创业`), read into a flat list with the span of every value, so that a figure
//! that cannot be used is pointed at in the data file. Which values are usable is the model's call.

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::ops::Range;

use super::{Prepend, SPANNED_END, SPANNED_FIELDS, SPANNED_NAME, SPANNED_START, SPANNED_VALUE};

/// One figure of a data file: its dotted key, where its value is written and the value.
#[derive(Debug, Clone, PartialEq)]
pub struct RawFigure {
    /// The key, the names of the tables it is in first: `2022.返乡创业`.
    pub key: String,
    /// The value's bytes in the file; `None` when toml gave no span (never for a plain value).
    pub span: Option<Range<usize>>,
    /// Any TOML value except a table (tables are flattened into dotted keys).
    pub value: toml::Value,
}

/// Parses a TOML data file into its figures, in the order written (tables in the order toml gives them).
pub fn parse_figures(source: &str) -> Result<Vec<RawFigure>, toml::de::Error> {
    let root: Node = toml::from_str(source)?;
    let mut figures = Vec::new();
    flatten(root, "", None, &mut figures);
    Ok(figures)
}

fn flatten(node: Node, prefix: &str, span: Option<Range<usize>>, out: &mut Vec<RawFigure>) {
    match node {
        Node::Leaf(value) => out.push(RawFigure {
            key: prefix.to_owned(),
            span,
            value,
        }),
        Node::Table(entries) => {
            for (key, entry) in entries {
                let key = if prefix.is_empty() {
                    key
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(entry.node, &key, entry.span, out);
            }
        }
    }
}

/// A value and its span, when toml has one (an implicit table, `[a.b]` with no `[a]`, has none).
struct Entry {
    span: Option<Range<usize>>,
    node: Node,
}

enum Node {
    Leaf(toml::Value),
    Table(Vec<(String, Entry)>),
}

/// How toml hands a date-time to `deserialize_any`: a map of this one key to the date-time's text.
const DATETIME_KEY: &str = "$__toml_private_datetime";

/// The plain values, the same for a spanned entry and a bare node.
macro_rules! leaf_visits {
    ($out:expr) => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok($out(toml::Value::Boolean(v)))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok($out(toml::Value::Integer(v)))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            match i64::try_from(v) {
                Ok(v) => Ok($out(toml::Value::Integer(v))),
                Err(_) => Ok($out(toml::Value::Float(v as f64))),
            }
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok($out(toml::Value::Float(v)))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok($out(toml::Value::String(v.to_owned())))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok($out(toml::Value::String(v)))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut items = Vec::new();
            while let Some(v) = seq.next_element::<toml::Value>()? {
                items.push(v);
            }
            Ok($out(toml::Value::Array(items)))
        }
    };
}

fn bare(value: toml::Value) -> Entry {
    Entry {
        span: None,
        node: Node::Leaf(value),
    }
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Entry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a figure or a table of figures")
            }
            leaf_visits!(bare);
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry, A::Error> {
                let Some(first) = map.next_key::<String>()? else {
                    return Ok(Entry {
                        span: None,
                        node: Node::Table(Vec::new()),
                    });
                };
                if first != SPANNED_START {
                    // No span: toml handed over the table (or date-time) itself.
                    let rest = Prepend {
                        first: Some(first),
                        inner: map,
                    };
                    let node = Node::deserialize(de::value::MapAccessDeserializer::new(rest))?;
                    return Ok(Entry { span: None, node });
                }
                let start: usize = map.next_value()?;
                let (mut end, mut node) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    if key == SPANNED_END {
                        end = Some(map.next_value::<usize>()?);
                    } else if key == SPANNED_VALUE {
                        node = Some(map.next_value::<Node>()?);
                    } else {
                        return Err(de::Error::unknown_field(&key, SPANNED_FIELDS));
                    }
                }
                let end = end.ok_or_else(|| de::Error::missing_field(SPANNED_END))?;
                let node = node.ok_or_else(|| de::Error::missing_field(SPANNED_VALUE))?;
                Ok(Entry {
                    span: Some(start..end),
                    node,
                })
            }
        }
        deserializer.deserialize_struct(SPANNED_NAME, SPANNED_FIELDS, V)
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a figure or a table of figures")
            }
            leaf_visits!(Node::Leaf);
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if key == DATETIME_KEY && entries.is_empty() {
                        let text: String = map.next_value()?;
                        let datetime = text.parse().map_err(de::Error::custom)?;
                        return Ok(Node::Leaf(toml::Value::Datetime(datetime)));
                    }
                    entries.push((key, map.next_value::<Entry>()?));
                }
                Ok(Node::Table(entries))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(src: &str) -> Vec<(String, String, toml::Value)> {
        parse_figures(src)
            .unwrap()
            .into_iter()
            .map(|f| {
                let written = f.span.map(|s| src[s].to_owned()).unwrap_or_default();
                (f.key, written, f.value)
            })
            .collect()
    }

    #[test]
    fn flat_and_nested_figures_keep_their_spans() {
        let src = "\"返乡创业\" = 1.2\n\"企业上云\" = 1355\n\"口号\" = \"“1+10”\"\n\n[2022]\n\"增速\" = 29.5\n\n[a.b]\nc = -3\nd = { e = 4 }\n";
        let f = figures(src);
        let keys: Vec<&str> = f.iter().map(|(k, _, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "返乡创业",
                "企业上云",
                "口号",
                "2022.增速",
                "a.b.c",
                "a.b.d.e"
            ]
        );
        assert_eq!(f[0].1, "1.2");
        assert_eq!(f[0].2, toml::Value::Float(1.2));
        assert_eq!(f[1].2, toml::Value::Integer(1355));
        assert_eq!(f[2].1, "\"“1+10”\"");
        assert_eq!(f[3].1, "29.5");
        assert_eq!(f[4].1, "-3");
        assert_eq!(f[5].1, "4");
    }

    #[test]
    fn other_values_are_kept_for_the_model_to_judge() {
        let f = figures("a = true\nb = 1979-05-27\nc = [1, 2]\nd = nan\n");
        assert_eq!(f[0].2, toml::Value::Boolean(true));
        assert!(matches!(f[1].2, toml::Value::Datetime(_)), "{:?}", f[1].2);
        assert_eq!(f[1].1, "1979-05-27");
        assert_eq!(
            f[2].2,
            toml::Value::Array(vec![toml::Value::Integer(1), toml::Value::Integer(2)])
        );
        assert!(matches!(f[3].2, toml::Value::Float(x) if x.is_nan()));
    }

    #[test]
    fn syntax_errors_come_back_from_toml() {
        let e = parse_figures("a = 1\nb = \n").unwrap_err();
        assert!(e.span().is_some());
    }
}
