//! The data file of figures (top-level `data = "data/figures.toml"`, or a `.csv`) and the values that
//! refer to its figures, `value = { data = "返乡创业" }`.
//!
//! - A TOML file holds named figures, `"返乡创业" = 1.2`; tables name theirs with dotted keys
//!   (`[2022]` `"增速" = 29.5` is `2022.增速`).
//! - A CSV file has the header `key,value`, then one figure a row. A value that reads as a number is a
//!   number (`1355`, `1.2`, `-3`), anything else is text (`“1+10”`).
//!
//! The file must parse (its problems point into it); a figure is checked when a value refers to it (a
//! number, finite, or some text: a problem points at the figure in the data file), so a bad figure stops
//! only the specs that show it. A reference to a name the file does not have is reported at the reference,
//! with the nearest name. The file is recorded as a dependency, with the figures the spec used
//! ([`crate::model::Dependency::used`]).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use crate::spec::Spanned;
use serde::Deserialize;

use super::values::{describe, fmt_num, long_figure, quoted, text_problem, too_large};
use super::{csv, Checker};
use crate::diagnostics::{did_you_mean, edit_distance, suggest, Problem, SourceFile};
use crate::model::files;
use crate::model::toml_errors::problem_from_toml;
use crate::spec;

/// The most figure names listed in a help when none is near the name written.
const LISTED: usize = 8;

/// The spec's data file, as far as it could be read.
pub(super) enum DataFile {
    /// The spec names none.
    None,
    /// The spec names one that could not be read or parsed (reported): references are not checked.
    Failed,
    Loaded(Box<Figures>),
}

pub(super) struct Figures {
    /// The path as the spec writes it, for messages.
    written: String,
    file: SourceFile,
    /// In the order of the file.
    figures: Vec<Figure>,
    by_key: HashMap<String, usize>,
    /// The index of the file in the checker's dependencies.
    dependency: usize,
    /// Figures a value referred to.
    used: BTreeSet<usize>,
    /// Figures whose problem was reported already.
    reported: HashSet<usize>,
}

struct Figure {
    key: String,
    span: Range<usize>,
    value: toml::Value,
}

/// A value as written, or the figure a reference names, with the reference's span.
pub(super) struct Resolved {
    pub value: Spanned<toml::Value>,
    /// For a figure, how messages name it: ``the figure `返乡创业` of data/figures.toml``.
    pub figure: Option<String>,
}

impl Checker<'_> {
    /// The top-level `data` key: reads and parses the file of figures.
    pub(in crate::model) fn data_file(&mut self, v: Option<&Spanned<String>>) {
        let Some(v) = v else {
            return;
        };
        self.data = DataFile::Failed;
        let written = v.get_ref().trim().to_owned();
        let lower = written.to_lowercase();
        let csv = lower.ends_with(".csv");
        if !csv && !lower.ends_with(".toml") && !written.is_empty() {
            self.problem(
                v.span(),
                "data",
                format!("expected a data file ending in .toml or .csv, found {written:?}"),
            )
            .help = Some(
                "a TOML file of named figures (\"返乡创业\" = 1.2) or a CSV file with the header key,value"
                    .into(),
            );
            return;
        }
        let Some(file) = self.read_named(v, None, "data", "a data file") else {
            return;
        };
        let before = self.problems.len();
        let figures = if csv {
            csv_figures(&file, &mut self.problems)
        } else {
            toml_figures(&file, &mut self.problems)
        };
        if self.problems.len() > before {
            return;
        }
        let by_key = (figures.iter().enumerate())
            .map(|(i, f)| (f.key.clone(), i))
            .collect();
        self.data = DataFile::Loaded(Box::new(Figures {
            written,
            file,
            figures,
            by_key,
            dependency: self.dependencies.len() - 1,
            used: BTreeSet::new(),
            reported: HashSet::new(),
        }));
    }
}

/// The figures of a TOML data file in the order of the file; each problem (a syntax error, a figure
/// written twice) goes to `problems`.
fn toml_figures(file: &SourceFile, problems: &mut Vec<Problem>) -> Vec<Figure> {
    let raw = match spec::parse_figures(&file.text) {
        Ok(raw) => raw,
        Err(e) => {
            let mut problem = problem_from_toml(&file.text, &e).with_file(file);
            let at = problem.span.as_ref().map_or(0, |s| s.start);
            let here = file.text.get(at..).and_then(|r| r.chars().next());
            if here.is_some_and(|c| !c.is_ascii()) && problem.help.is_none() {
                problem.help = Some(quote_key_help(&file.text, at));
            }
            problems.push(problem);
            return Vec::new();
        }
    };
    let mut figures: Vec<Figure> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for f in raw {
        let span = f.span.unwrap_or(0..0);
        if let Some(&first) = seen.get(&f.key) {
            let (line, _) = crate::diagnostics::line_column(&file.text, figures[first].span.start);
            problems.push(Problem::in_file(
                file,
                span,
                f.key.clone(),
                format!("expected each figure once, found it again (first on line {line})"),
            ));
            continue;
        }
        seen.insert(f.key.clone(), figures.len());
        figures.push(Figure {
            key: f.key,
            span,
            value: f.value,
        });
    }
    figures
}

/// The figures of a `key,value` CSV data file in the order of the file; each problem goes to `problems`.
fn csv_figures(file: &SourceFile, problems: &mut Vec<Problem>) -> Vec<Figure> {
    let text = &file.text;
    let starts = line_starts(text);
    let line_at = |line: usize| starts.get(line - 1).copied().unwrap_or(text.len());
    let records = match csv::parse(text) {
        Ok(r) => r,
        Err(e) => {
            let at = line_at(e.line);
            problems.push(
                Problem::in_file(
                    file,
                    at..at,
                    "",
                    format!("field {}: {}", e.column, e.message),
                )
                .with_help_opt(e.help),
            );
            return Vec::new();
        }
    };
    let Some((header, rows)) = records.split_first() else {
        problems.push(Problem::in_file(
            file,
            0..0,
            "",
            "expected the header key,value and a row a figure, found an empty file",
        ));
        return Vec::new();
    };
    let names: Vec<String> = header
        .fields
        .iter()
        .map(|f| f.trim().to_lowercase())
        .collect();
    if names != ["key", "value"] {
        let at = line_at(header.line);
        let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
        problems.push(
                Problem::in_file(
                    file,
                    at..end,
                    "",
                    format!(
                        "expected the header row key,value, found {}",
                        quoted(&header.fields.join(","))
                    ),
                )
                .with_help(
                    "the first row names the two columns, key,value; then one figure a row: 返乡创业,1.2",
                ),
            );
        return Vec::new();
    }
    let mut figures: Vec<Figure> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let at = line_at(row.line);
        let line_end = text[at..].find('\n').map_or(text.len(), |n| at + n);
        if row.fields.len() != 2 {
            problems.push(
                Problem::in_file(
                    file,
                    at..line_end,
                    "",
                    format!(
                        "expected 2 fields, a key and a value, found {}",
                        row.fields.len()
                    ),
                )
                .with_help("a field holding a comma is written in quotes: \"1,234\""),
            );
            continue;
        }
        let key = row.fields[0].trim().to_owned();
        if key.is_empty() {
            problems.push(Problem::in_file(
                file,
                at..at,
                "",
                "expected the name of a figure in the first field, found an empty field",
            ));
            continue;
        }
        if let Some(&first) = seen.get(&key) {
            let line = text[..figures[first].span.start].matches('\n').count() + 1;
            problems.push(Problem::in_file(
                file,
                at..at,
                key.clone(),
                format!("expected each figure once, found it again (first on line {line})"),
            ));
            continue;
        }
        let value_at = second_field(text, at, line_end);
        seen.insert(key.clone(), figures.len());
        figures.push(Figure {
            key,
            span: value_at..line_end.max(value_at),
            value: csv_value(&row.fields[1]),
        });
    }
    figures
}

impl Checker<'_> {
    /// `v` itself, or for a reference `{ data = "NAME" }` the figure NAME (a number, finite, or some
    /// text) at the reference's span. `None` when the reference cannot be resolved (reported at `key`,
    /// or in the data file for a figure that cannot be shown). `expected` says what the value may be
    /// besides a reference, for a table that is not one (`a number or a string`).
    pub(super) fn resolve(
        &mut self,
        v: &Spanned<toml::Value>,
        key: &str,
        expected: &str,
    ) -> Option<Resolved> {
        let toml::Value::Table(table) = v.get_ref() else {
            return Some(Resolved {
                value: v.clone(),
                figure: None,
            });
        };
        let name = match table.get("data") {
            Some(toml::Value::String(name)) if table.len() == 1 => name.clone(),
            Some(toml::Value::String(_)) => {
                let others: Vec<String> = (table.keys())
                    .filter(|k| *k != "data")
                    .map(|k| format!("`{k}`"))
                    .collect();
                self.problem(
                    v.span(),
                    key,
                    format!(
                        "expected a reference to a figure, {{ data = \"NAME\" }}, found {} too",
                        others.join(", ")
                    ),
                );
                return None;
            }
            Some(other) => {
                let span = self.reference_span(&v.span()).unwrap_or(v.span());
                self.problem(
                    span,
                    key,
                    format!(
                        "expected the name of a figure of the data file (a string), found {}",
                        describe(other)
                    ),
                );
                return None;
            }
            None => {
                let help = table
                    .keys()
                    .find_map(|k| did_you_mean(k, &["data"]))
                    .unwrap_or_else(|| {
                        "write a figure of the spec's data file as { data = \"NAME\" }".into()
                    });
                self.problem(
                    v.span(),
                    key,
                    format!("expected {expected} or a reference to a figure ({{ data = \"NAME\" }}), found a table"),
                )
                .help = Some(help);
                return None;
            }
        };
        let name_span = self.reference_span(&v.span()).unwrap_or(v.span());
        let figures = match &mut self.data {
            DataFile::Loaded(f) => f,
            DataFile::Failed => return None,
            DataFile::None => {
                self.problem(
                    name_span,
                    key,
                    format!("expected a data file to take the figure {name:?} from, found no `data` key at the top of the spec"),
                )
                .help = Some(
                    "name the file of figures before the first table of the spec: data = \"data/figures.toml\""
                        .into(),
                );
                return None;
            }
        };
        let Some(&index) = figures.by_key.get(&name) else {
            let keys: Vec<&str> = figures.figures.iter().map(|f| f.key.as_str()).collect();
            let help = figure_help(&name, &keys, &figures.written);
            let message = format!(
                "expected a figure of {}, found unknown figure {name:?}",
                figures.written
            );
            self.problem(name_span, key, message).help = help;
            return None;
        };
        let figure = &figures.figures[index];
        let problem = match &figure.value {
            toml::Value::Integer(i) => too_large(*i as f64, &i.to_string()),
            toml::Value::Float(f) if f.is_finite() => too_large(*f, &fmt_num(*f)),
            toml::Value::Float(f) => Some((
                format!(
                    "expected a finite number or a string, found {}",
                    fmt_num(*f)
                ),
                String::new(),
            )),
            // Checked here, so that the problem points at the figure in the data file.
            toml::Value::String(s) if !s.trim().is_empty() => {
                long_figure(s).or_else(|| text_problem(s, &self.text_check))
            }
            toml::Value::String(s) => Some((
                format!("expected a number or some text, found {s:?}"),
                String::new(),
            )),
            other => Some((
                format!("expected a number or a string, found {}", describe(other)),
                String::new(),
            )),
        };
        if let Some((message, help)) = problem {
            if figures.reported.insert(index) {
                let shown = format!("`{key}` of the spec shows this figure");
                let help = if help.is_empty() {
                    shown
                } else {
                    format!("{shown}; {help}")
                };
                let p = Problem::in_file(
                    &figures.file,
                    figure.span.clone(),
                    figure.key.clone(),
                    message,
                )
                .with_help(help);
                self.problems.push(p);
            }
            return None;
        }
        figures.used.insert(index);
        Some(Resolved {
            value: Spanned::new(v.span(), figure.value.clone()),
            figure: Some(format!("the figure `{name}` of {}", figures.written)),
        })
    }

    /// The span of the name in a reference `{ data = "NAME" }` written at `span` of the spec.
    fn reference_span(&self, span: &Range<usize>) -> Option<Range<usize>> {
        #[derive(Deserialize)]
        struct Doc {
            v: Reference,
        }
        #[derive(Deserialize)]
        struct Reference {
            data: Spanned<toml::Value>,
        }
        const BEFORE: &str = "v=";
        let written = self.src.get(span.clone())?;
        let doc: Doc = toml::from_str(&format!("{BEFORE}{written}")).ok()?;
        let inner = doc.v.data.span();
        let shift = span.start.checked_sub(BEFORE.len())?;
        Some(inner.start + shift..inner.end + shift)
    }

    /// Records the figures the spec used with the data file's dependency.
    pub(in crate::model) fn finish_data(&mut self) {
        let DataFile::Loaded(figures) = &self.data else {
            return;
        };
        let used = used_text(figures.used.iter().map(|&i| &figures.figures[i]));
        if let Some(d) = self.dependencies.get_mut(figures.dependency) {
            d.used = Some(used.into_bytes().into());
            d.figures = (figures.used.iter())
                .map(|&i| figures.figures[i].key.clone())
                .collect();
        }
    }
}

/// What [`crate::model::Dependency::used`] holds for `figures` (in the order of the file): one
/// `KEY<tab>VALUE` line each.
fn used_text<'a>(figures: impl Iterator<Item = &'a Figure>) -> String {
    let mut used = String::new();
    for f in figures {
        used.push_str(&format!("{}\t{}\n", f.key, f.value));
    }
    used
}

/// A data file of figures read as a spec reads it, outside any spec: so that a batch can tell, from the
/// file alone, whether the figures a spec showed are still the same (`batch::figures`), without loading
/// the spec.
pub struct FigureFile {
    figures: Vec<Figure>,
    by_key: HashMap<String, usize>,
}

impl FigureFile {
    /// The data file at `path` (a `.csv` by its name, else TOML), read and parsed as a spec's `data` key
    /// reads it. `None` when it cannot be read or has any problem a spec naming it would report: such a
    /// spec fails, and only loading it says how.
    pub fn read(path: &Path) -> Option<FigureFile> {
        let bytes = files::read(path).ok()?;
        let name = path.to_string_lossy().trim().to_lowercase();
        let csv = name.ends_with(".csv");
        let text = if csv {
            csv::decode(bytes).ok()?
        } else {
            String::from_utf8(bytes).ok()?
        };
        let file = SourceFile::new(path.to_path_buf(), text);
        let mut problems = Vec::new();
        let figures = if csv {
            csv_figures(&file, &mut problems)
        } else {
            toml_figures(&file, &mut problems)
        };
        if !problems.is_empty() {
            return None;
        }
        let by_key = (figures.iter().enumerate())
            .map(|(i, f)| (f.key.clone(), i))
            .collect();
        Some(FigureFile { figures, by_key })
    }

    /// What [`crate::model::Dependency::used`] would hold for a spec showing the figures `keys`, read
    /// from this file: `None` when one of them is not in it.
    pub fn used(&self, keys: &[String]) -> Option<Vec<u8>> {
        let mut indices = BTreeSet::new();
        for key in keys {
            indices.insert(*self.by_key.get(key)?);
        }
        Some(used_text(indices.iter().map(|&i| &self.figures[i])).into_bytes())
    }
}

/// What to write instead of the unknown figure `name`: the figure of a table it is the last part of
/// (`进出口总额` → `开放.进出口总额`), one of a table's figures when it names a table, a near name (with
/// something in common: a two-character name is not near every other one), or the names when few.
fn figure_help(name: &str, keys: &[&str], file: &str) -> Option<String> {
    let suffix = format!(".{name}");
    if let Some(k) = keys.iter().find(|k| k.ends_with(&suffix)) {
        return Some(format!("did you mean `{k}`?"));
    }
    let prefix = format!("{name}.");
    if let Some(k) = keys.iter().find(|k| k.starts_with(&prefix)) {
        return Some(format!(
            "`{name}` is a table of figures: name one of them, such as `{k}`"
        ));
    }
    let near = suggest(name, keys).filter(|k| edit_distance(name, k) < name.chars().count());
    if let Some(k) = near {
        return Some(format!("did you mean `{k}`?"));
    }
    (keys.len() <= LISTED && !keys.is_empty()).then(|| {
        let list: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
        format!("the figures of {file}: {}", list.join(", "))
    })
}

/// For a bare key with Chinese characters at `at` (TOML wants those in quotes): how to write it.
fn quote_key_help(text: &str, at: usize) -> String {
    let key: String = text[at..]
        .chars()
        .take_while(|c| !matches!(c, '=' | '\n' | '.' | '[' | ']' | '"'))
        .collect();
    let key = key.trim();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    if text[line_start..at].trim_end().ends_with('[') {
        format!("a table name with Chinese characters is written in quotes: [\"{key}\"]")
    } else {
        format!("a key with Chinese characters is written in quotes: \"{key}\" = …")
    }
}

/// The byte offset of every line's start.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Where the second field of the row starting at `at` begins: after the first comma outside quotes,
/// spaces skipped.
fn second_field(text: &str, at: usize, end: usize) -> usize {
    let mut quoted = false;
    for (i, c) in text[at..end].char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                let rest = &text[at + i + 1..end];
                return at + i + 1 + (rest.len() - rest.trim_start().len());
            }
            _ => {}
        }
    }
    at
}

/// A CSV field as a figure: an integer, a finite number, or else the text.
fn csv_value(field: &str) -> toml::Value {
    let t = field.trim();
    if let Ok(i) = t.parse::<i64>() {
        return toml::Value::Integer(i);
    }
    match t.parse::<f64>() {
        Ok(f) if f.is_finite() => toml::Value::Float(f),
        _ => toml::Value::String(field.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_keys_go_in_quotes() {
        let text = "a = 1\n返乡创业 = 1.2\n[开放]\n";
        assert_eq!(
            quote_key_help(text, text.find("返乡").unwrap()),
            "a key with Chinese characters is written in quotes: \"返乡创业\" = …"
        );
        assert_eq!(
            quote_key_help(text, text.find("开放").unwrap()),
            "a table name with Chinese characters is written in quotes: [\"开放\"]"
        );
    }

    #[test]
    fn figure_suggestions() {
        let keys = [
            "返乡创业",
            "口号",
            "开放.进出口总额",
            "开放.招商引资",
            "flag",
        ];
        let help = |name| figure_help(name, &keys, "f.toml");
        assert_eq!(help("返乡创").as_deref(), Some("did you mean `返乡创业`?"));
        assert_eq!(
            help("进出口总额").as_deref(),
            Some("did you mean `开放.进出口总额`?")
        );
        assert_eq!(
            help("开放").as_deref(),
            Some("`开放` is a table of figures: name one of them, such as `开放.进出口总额`")
        );
        assert_eq!(help("flga").as_deref(), Some("did you mean `flag`?"));
        // Nothing in common with 口号: the names are listed instead.
        assert_eq!(
            help("增速").as_deref(),
            Some("the figures of f.toml: `返乡创业`, `口号`, `开放.进出口总额`, `开放.招商引资`, `flag`")
        );
    }

    #[test]
    fn a_figure_file_read_alone_gives_what_a_spec_showing_its_figures_used() {
        let dir = std::env::temp_dir().join(format!("yitu-figure-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let toml = dir.join("f.toml");
        std::fs::write(&toml, "\"b\" = 2\n\"a\" = \"一\"\n[t]\n\"c\" = 3.5\n").unwrap();
        let file = FigureFile::read(&toml).expect("reads");
        let keys = |k: &[&str]| k.iter().map(|k| k.to_string()).collect::<Vec<_>>();
        // In the order of the file, whatever the order asked.
        assert_eq!(
            file.used(&keys(&["t.c", "b"])).as_deref(),
            Some("b\t2\nt.c\t3.5\n".as_bytes())
        );
        assert_eq!(file.used(&[]).as_deref(), Some(&b""[..]));
        assert_eq!(file.used(&keys(&["b", "d"])), None, "a figure it lacks");
        let csv = dir.join("f.csv");
        std::fs::write(&csv, "key,value\nb,2\n").unwrap();
        let file = FigureFile::read(&csv).expect("reads");
        assert_eq!(
            file.used(&keys(&["b"])).as_deref(),
            Some("b\t2\n".as_bytes())
        );
        // Any problem a spec would report, wherever it is: nothing to compare with.
        std::fs::write(&toml, "\"b\" = 2\n\"b\" = 3\n").unwrap();
        assert!(FigureFile::read(&toml).is_none());
        std::fs::write(&csv, "key,value\nb\n").unwrap();
        assert!(FigureFile::read(&csv).is_none());
        assert!(FigureFile::read(&dir.join("none.toml")).is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn csv_values() {
        assert_eq!(csv_value("1355"), toml::Value::Integer(1355));
        assert_eq!(csv_value(" 1.2 "), toml::Value::Float(1.2));
        assert_eq!(csv_value("-3"), toml::Value::Integer(-3));
        assert_eq!(csv_value("“1+10”"), toml::Value::String("“1+10”".into()));
        assert_eq!(csv_value("inf"), toml::Value::String("inf".into()));
    }

    #[test]
    fn second_fields() {
        let text = "key,value\n返乡创业, 1.2\n\"a,b\",3\n";
        let row = text.find("返乡").unwrap();
        let end = text[row..].find('\n').unwrap() + row;
        assert_eq!(&text[second_field(text, row, end)..end], "1.2");
        let row = text.find("\"a,b\"").unwrap();
        let end = text[row..].find('\n').unwrap() + row;
        assert_eq!(&text[second_field(text, row, end)..end], "3");
    }
}
