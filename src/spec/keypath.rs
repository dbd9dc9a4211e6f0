//! Which key a byte position belongs to, as a dotted path (`page.width`, `blocks[3].items[1].value`).
//!
//! toml's errors carry a span but not the key, so the path is found by reading the file again into a
//! generic tree of spanned keys and values and looking for the smallest one that holds the span. When the
//! file is not valid TOML at all, a line-based reading (last table header, last `key =`) stands in.

use crate::spec::Spanned;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::ops::Range;

/// The dotted key path of the value or key at `span` in `source`; `""` for the document itself.
pub fn key_path_at(source: &str, span: Range<usize>) -> String {
    match toml::from_str::<Node>(source) {
        Ok(root) => {
            let mut best: Option<(usize, String)> = None;
            search(&root, String::new(), &span, &mut best);
            best.map(|(_, p)| p).unwrap_or_default()
        }
        Err(_) => by_lines(source, span.start),
    }
}

#[derive(Debug)]
enum Node {
    Table(Vec<(Spanned<String>, Spanned<Node>)>),
    Array(Vec<Spanned<Node>>),
    Leaf,
}

fn holds(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start
        && inner.end <= outer.end
        && (outer.start < outer.end || inner == outer)
}

fn consider(
    best: &mut Option<(usize, String)>,
    span: &Range<usize>,
    target: &Range<usize>,
    path: &str,
) {
    if holds(span, target) {
        let len = span.end - span.start;
        if best.as_ref().is_none_or(|(l, _)| len <= *l) {
            *best = Some((len, path.to_owned()));
        }
    }
}

fn search(node: &Node, path: String, target: &Range<usize>, best: &mut Option<(usize, String)>) {
    match node {
        Node::Table(entries) => {
            for (k, v) in entries {
                let p = if path.is_empty() {
                    k.get_ref().clone()
                } else {
                    format!("{path}.{}", k.get_ref())
                };
                consider(best, &k.span(), target, &p);
                consider(best, &v.span(), target, &p);
                search(v.get_ref(), p, target, best);
            }
        }
        Node::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = format!("{path}[{i}]");
                consider(best, &v.span(), target, &p);
                search(v.get_ref(), p, target, best);
            }
        }
        Node::Leaf => {}
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any TOML value")
            }
            fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Leaf)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Leaf)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Leaf)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Leaf)
            }
            fn visit_str<E>(self, _: &str) -> Result<Node, E> {
                Ok(Node::Leaf)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(v) = seq.next_element::<Spanned<Node>>()? {
                    items.push(v);
                }
                Ok(Node::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(k) = map.next_key::<Spanned<String>>()? {
                    let v = map.next_value::<Spanned<Node>>()?;
                    entries.push((k, v));
                }
                Ok(Node::Table(entries))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Best effort for text that is not valid TOML: the last table header before `offset` and the last
/// `key =` between it and the line of `offset`.
fn by_lines(source: &str, offset: usize) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut prefix = String::new();
    let mut key = String::new();
    let mut pos = 0;
    for line in source.split_inclusive('\n') {
        if pos > offset {
            break;
        }
        pos += line.len();
        let t = line.trim();
        if let Some(name) = t.strip_prefix("[[").and_then(|r| r.split("]]").next()) {
            let name = clean_key(name);
            let n = match counts.iter_mut().find(|(k, _)| *k == name) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    counts.push((name.clone(), 0));
                    0
                }
            };
            prefix = format!("{name}[{n}]");
            key.clear();
        } else if let Some(name) = t.strip_prefix('[').and_then(|r| r.split(']').next()) {
            prefix = clean_key(name);
            key.clear();
        } else if let Some((k, _)) = t.split_once('=') {
            let k = k.trim();
            if !k.is_empty()
                && k.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '"' | '\'' | ' '))
            {
                key = clean_key(k);
            }
        }
    }
    match (prefix.is_empty(), key.is_empty()) {
        (_, true) => prefix,
        (true, false) => key,
        (false, false) => format!("{prefix}.{key}"),
    }
}

fn clean_key(k: &str) -> String {
    k.split('.')
        .map(|p| p.trim().trim_matches(|c| c == '"' || c == '\''))
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(src: &str, needle: &str) -> String {
        let i = src.find(needle).unwrap();
        key_path_at(src, i..i + needle.len())
    }

    #[test]
    fn finds_nested_paths() {
        let src = "[page]\nwidth = \"wide\"\n[[blocks]]\ntype = \"a\"\n[[blocks]]\ntype = \"stats\"\nitems = [{ value = true }]\n";
        assert_eq!(at(src, "\"wide\""), "page.width");
        assert_eq!(at(src, "true"), "blocks[1].items[0].value");
        assert_eq!(at(src, "value"), "blocks[1].items[0].value");
    }

    #[test]
    fn falls_back_to_lines_for_bad_toml() {
        let src = "[page]\nwidth = 1\n[[blocks]]\ntype = \"a\"\n[[blocks]]\ntext = \"open\n";
        assert_eq!(at(src, "\"open"), "blocks[1].text");
        let src = "[theme.size]\nbody = = 3\n";
        assert_eq!(at(src, "= 3"), "theme.size.body");
    }
}
