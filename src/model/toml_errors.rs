//! toml's errors as [`Problem`]s: the first syntax error, wrong type or unknown key that toml's
//! deserializer stops at, located at its key path and reworded from serde's and the parser's messages into
//! ours (`expected …, found …`), with a suggestion where one helps.

use super::check::{block_keys, block_type, block_type_names};
use crate::diagnostics::{did_you_mean, Problem};
use crate::spec;
use crate::text::{is_unprintable, unprintable_name};

/// The help for a control character written raw into a TOML file.
const RAW_CONTROL_HELP: &str =
    "remove it: it prints as nothing, and TOML allows none (it may have come with text copied out of another program)";

pub(super) fn problem_from_toml(source: &str, e: &toml::de::Error) -> Problem {
    let (message, help) = rewrite_serde_message(e.message().trim());
    match e.span() {
        Some(span) => {
            let mut key = spec::key_path_at(source, span.clone());
            // A dotted key (`foo.x = 1`) is reported at its first part, the unknown one.
            if let Some(field) = unknown_field(e.message()) {
                let parts: Vec<&str> = key.split('.').collect();
                if let Some(i) = parts.iter().rposition(|p| *p == field) {
                    key = parts[..=i].join(".");
                }
            }
            let (message, help) = if message == e.message().trim() {
                // Not one of serde's messages: a syntax error from the TOML parser.
                let message = syntax_message(&message, source, span.start);
                let help = help.or_else(|| {
                    message
                        .starts_with("expected printable text")
                        .then(|| RAW_CONTROL_HELP.to_owned())
                });
                (message, help)
            } else {
                block_key_message(source, &key, e.message()).unwrap_or((message, help))
            };
            let help = help.or_else(|| {
                shared_file_help(&key, &message, source.get(span.clone()).unwrap_or(""))
            });
            Problem::at(source, span, key, message).with_help_opt(help)
        }
        None => Problem::whole_file("", message).with_help_opt(help),
    }
}

/// How to write what was likely meant: a theme file is named by `[theme] extends`, not by `theme = "…"`,
/// and a reference to a figure is an inline table, not a dotted key.
fn shared_file_help(key: &str, message: &str, written: &str) -> Option<String> {
    if key == "theme" && message.starts_with("expected a table, found a string") {
        return Some(format!(
            "to start from a theme file, write it under [theme]: extends = {written}"
        ));
    }
    let dotted =
        message.starts_with("expected a single value, found a table (dotted key \"data\")");
    if dotted && key.ends_with(".data") {
        let at = key.strip_suffix(".data").unwrap_or(key);
        let name = at.rsplit('.').next().unwrap_or(at);
        return Some(format!(
            "a figure of the data file is written as an inline table: {name} = {{ data = \"NAME\" }}"
        ));
    }
    None
}

/// The key named by serde's `unknown field `x`, expected …`.
fn unknown_field(msg: &str) -> Option<&str> {
    msg.strip_prefix("unknown field `")?.split('`').next()
}

/// serde lists every key a `[[blocks]]` entry may hold; name the keys of this block's type instead. A
/// value of the wrong type under a key this block's type does not take (`label = [..]` in a chart, for
/// `labels`) is reported as the wrong key, which is the likelier mistake.
fn block_key_message(source: &str, key: &str, msg: &str) -> Option<(String, Option<String>)> {
    let (index, rest) = key.strip_prefix("blocks[")?.split_once(']')?;
    let unknown = unknown_field(msg);
    let field = match unknown {
        Some(f) => f,
        None => rest.strip_prefix('.')?,
    };
    // Only a key of the block itself: a table inside it (a stat of `items`, a chart's `series`) keeps
    // serde's list of that table's keys.
    if rest != format!(".{field}") || field.contains(['.', '[']) {
        return None;
    }
    let index: usize = index.parse().ok()?;
    let doc: toml::Table = source.parse().ok()?;
    let ty = doc
        .get("blocks")?
        .as_array()?
        .get(index)?
        .get("type")?
        .as_str()?;
    let (ty, keys) = block_type(ty)?;
    let found = match unknown {
        Some(_) => format!("unknown key `{field}`"),
        None if field != "type" && !keys.contains(&field) => format!("`{field}`"),
        None => return None,
    };
    Some((
        format!("expected {}, found {found}", block_keys(ty, keys)),
        did_you_mean(field, *keys),
    ))
}

/// toml's syntax messages come in lines (`invalid string` / `expected `"`, `'``): one line, ending with
/// what was found at the error's position.
fn syntax_message(msg: &str, source: &str, at: usize) -> String {
    let found = match source.get(at..).and_then(|r| r.chars().next()) {
        None => "the end of the file".to_owned(),
        Some('\n') | Some('\r') => "the end of the line".to_owned(),
        // Named, not printed: a terminal would obey it.
        Some(c) if is_unprintable(c) => unprintable_name(c),
        Some(c) => format!("`{c}`"),
    };
    let lines: Vec<&str> = msg
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    match lines.as_slice() {
        [first]
            if first.ends_with(" string")
                && first.starts_with("invalid ")
                && found.starts_with("the end") =>
        {
            format!("expected the closing quote of the string, found {found}")
        }
        [first] if first.starts_with("expected ") => format!("{first}, found {found}"),
        // A control character written raw into a string or a comment, where TOML allows none.
        [first] if first.starts_with("invalid ") && !found.starts_with('`') => {
            format!("expected printable text, found {found}")
        }
        [first, rest @ ..] if rest.iter().any(|l| l.starts_with("expected ")) => {
            format!("{first}: {}, found {found}", rest.join("; "))
        }
        _ => lines.join("; "),
    }
}

/// Serde's wording (`invalid type: string "x", expected f64`) into ours (`expected a number, found a
/// string ("x")`), with a suggestion for unknown keys.
fn rewrite_serde_message(msg: &str) -> (String, Option<String>) {
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        if let Some((field, rest)) = rest.split_once('`') {
            let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
            if expected.is_empty() {
                return (format!("expected no keys here, found `{field}`"), None);
            }
            let list = expected
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let message = if expected.len() == 1 {
                format!("expected the key {list}, found unknown key `{field}`")
            } else {
                format!("expected one of {list}, found unknown key `{field}`")
            };
            return (message, did_you_mean(field, &expected));
        }
    }
    if let Some(field) = msg
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        let help = (field == "type").then(|| {
            format!(
                "every block needs a type: one of {}",
                block_type_names().join(", ")
            )
        });
        return (format!("expected a `{field}` key, found none"), help);
    }
    // `Spanned` meeting a table of dotted keys (`value.x = 1`), which toml gives no span.
    if let Some(k) = msg
        .strip_prefix("invalid type: string ")
        .and_then(|r| r.strip_suffix(", expected a borrowed string"))
    {
        return (
            format!("expected a single value, found a table (dotted key {k})"),
            None,
        );
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = msg.strip_prefix(prefix) {
            if let Some((found, expected)) = rest.rsplit_once(", expected ") {
                return (
                    format!(
                        "expected {}, found {}",
                        expected_words(expected),
                        found_words(found)
                    ),
                    None,
                );
            }
        }
    }
    (msg.to_owned(), None)
}

fn expected_words(e: &str) -> String {
    match e {
        "f64" | "f32" => "a number".into(),
        "i64" | "i32" | "u8" | "u32" | "u64" | "usize" => "an integer".into(),
        "a borrowed string" | "string" => "a string".into(),
        "a sequence" => "an array".into(),
        "a map" => "a table".into(),
        _ if e.starts_with("struct ") => "a table".into(),
        _ => e.to_owned(),
    }
}

fn found_words(u: &str) -> String {
    let inner = |s: &str| s.trim_matches('`').to_owned();
    if u.starts_with("boolean") {
        "a boolean".into()
    } else if let Some(v) = u.strip_prefix("integer ") {
        format!("an integer ({})", inner(v))
    } else if let Some(v) = u.strip_prefix("floating point ") {
        format!("a float ({})", inner(v))
    } else if let Some(v) = u.strip_prefix("string ") {
        format!("a string ({v})")
    } else if u == "sequence" {
        "an array".into()
    } else if u == "map" {
        "a table".into()
    } else {
        u.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_files_are_written_as_the_spec_format_wants() {
        let p = problem_from_toml(
            "theme = \"themes/house.toml\"\n",
            &crate::spec::parse("theme = \"themes/house.toml\"\n").unwrap_err(),
        );
        assert_eq!(
            p.help.as_deref(),
            Some("to start from a theme file, write it under [theme]: extends = \"themes/house.toml\"")
        );
        let src = "[[blocks]]\ntype = \"stat\"\nvalue.data = \"x\"\n";
        let p = problem_from_toml(src, &crate::spec::parse(src).unwrap_err());
        assert_eq!(
            p.help.as_deref(),
            Some("a figure of the data file is written as an inline table: value = { data = \"NAME\" }")
        );
    }

    #[test]
    fn serde_messages_are_reworded() {
        let (m, h) =
            rewrite_serde_message("unknown field `widht`, expected one of `width`, `height`");
        assert_eq!(
            m,
            "expected one of `width`, `height`, found unknown key `widht`"
        );
        assert_eq!(h.as_deref(), Some("did you mean `width`?"));
        let (m, _) = rewrite_serde_message("invalid type: string \"wide\", expected f64");
        assert_eq!(m, "expected a number, found a string (\"wide\")");
        let (m, _) = rewrite_serde_message("invalid type: boolean `true`, expected a string");
        assert_eq!(m, "expected a string, found a boolean");
        let (m, _) = rewrite_serde_message("invalid type: floating point `1.5`, expected i64");
        assert_eq!(m, "expected an integer, found a float (1.5)");
        let (m, h) = rewrite_serde_message("missing field `type`");
        assert_eq!(m, "expected a `type` key, found none");
        assert!(h.unwrap().contains("paragraph"));
    }

    /// Each rewording through the real parser: the wording above is matched against serde's and toml's
    /// text, which a toml or serde upgrade may change. Then this fails, naming the case, instead of the
    /// raw message reaching users unnoticed.
    #[test]
    fn the_parser_still_words_its_errors_as_the_rewording_expects() {
        let cases = [
            ("[page]\nwidht = 1\n", "found unknown key `widht`"),
            (
                "[[blocks]]\ntext = \"x\"\n",
                "expected a `type` key, found none",
            ),
            (
                "[page]\ndpi = \"x\"\n",
                "expected a number, found a string (\"x\")",
            ),
            (
                "[page]\nlang = true\n",
                "expected a string, found a boolean",
            ),
            (
                "[[blocks]]\ntype = \"section\"\nlevel = 1.5\n",
                "expected an integer, found a float (1.5)",
            ),
            (
                "[page]\nvariants = \"weibo\"\n",
                "expected an array, found a string (\"weibo\")",
            ),
            (
                "[page]\ncrop_marks = 1\n",
                "expected a boolean, found an integer (1)",
            ),
            (
                "[[blocks]]\ntype = \"stat\"\nlabel.x = 1\n",
                "expected a single value, found a table",
            ),
        ];
        for (src, expected) in cases {
            let e = crate::spec::parse(src).expect_err(src);
            let p = problem_from_toml(src, &e);
            assert!(
                p.message.contains(expected) && !p.message.contains("invalid type"),
                "{src:?}: toml now says {:?}; expected the rewording to give {expected:?}, got {:?}",
                e.message(),
                p.message
            );
        }
    }
}
