//! Charts: the kind, the data (inline `labels` with `values` or `series`, or a CSV file named by `data`,
//! relative to the spec's folder) and how it is presented. Every value is checked where it was written:
//! a value in the TOML is pointed at directly; a value in a CSV file is reported at the `data` key with
//! the CSV's file, line and field in front of the message (`data/growth.csv:3:2: expected a number, …`).
//! An inline value may refer to a figure of the spec's data file, `{ data = "NAME" }` (`data.rs`).

use std::ops::Range;

use crate::spec::Spanned;

use super::csv::{csv_number, is_percent, number_help};
use super::values::{describe, fmt_count, fmt_num, optional_text, quoted, text_problem, Rule};
use super::{annotations, csv, Checker, TextCheck};
use crate::diagnostics::{did_you_mean, Problem};
use crate::model::{limits, BlockKind, Chart, ChartKind, Series};
use crate::spec::{RawBlock, RawSeries};
use crate::text::number::{shared_decimals, NumberFormat, Scale};

/// Every chart kind, as written in a spec.
static CHART_KINDS: [(&str, ChartKind); 9] = [
    ("bar", ChartKind::Bar),
    ("column", ChartKind::Column),
    ("line", ChartKind::Line),
    ("pie", ChartKind::Pie),
    ("donut", ChartKind::Donut),
    ("ring", ChartKind::Ring),
    ("progress", ChartKind::Progress),
    ("stacked-bar", ChartKind::StackedBar),
    ("stacked-column", ChartKind::StackedColumn),
];

/// The names of every chart kind, as written in a spec.
pub(in crate::model) fn chart_kind_names() -> Vec<&'static str> {
    CHART_KINDS.iter().map(|(name, _)| *name).collect()
}

const MAX_HEIGHT: f64 = 100_000.0;
/// The whole of a ring or progress bar when `max` is not given.
const DEFAULT_MAX: f64 = 100.0;
/// Help for a chart over [`limits::CHART_LABELS`].
const TOO_MANY_LABELS: &str = "no reader can tell that many bars or points apart: aggregate the data \
     (by month instead of by day; the top 20 and 其他 for the rest), or split it into several charts";
/// Help for a chart over [`limits::CHART_SERIES`].
const TOO_MANY_SERIES: &str =
    "no legend of that many colours can be read: keep the main series and \
     sum the others into one (其他), or split them into several charts";
/// Problems reported from one CSV file before the rest are summed up in one line.
const CSV_PROBLEMS: usize = 10;

/// Where a value came from, for messages: a span of the spec and its key, and for a value read from a
/// CSV file the file, line and field written before the message.
#[derive(Debug, Clone)]
struct Loc {
    span: Range<usize>,
    key: String,
    prefix: String,
}

impl Loc {
    fn toml(span: Range<usize>, key: impl Into<String>) -> Loc {
        Loc {
            span,
            key: key.into(),
            prefix: String::new(),
        }
    }
}

/// One series as read, before the rules of the kind are applied. A value that could not be read is
/// `None` (and already reported).
struct Column {
    name: Option<String>,
    values: Vec<(Option<f64>, Loc)>,
    /// The decimals each value was written with (`6.0`: 1), in the spec or the CSV file; 0 for a
    /// figure of the data file.
    written: Vec<usize>,
    /// The series as a whole (its `values` array, or its CSV column).
    whole: Loc,
}

/// A chart's data as read from the spec or the CSV file.
struct Data {
    labels: Vec<(String, Loc)>,
    /// The labels as a whole.
    labels_at: Loc,
    series: Vec<Column>,
    /// The data source as a whole (`values`, `series` or `data`).
    series_at: Loc,
    /// Values were written as percentages (`29.5%` in a CSV file): the unit, unless the chart names one.
    percent: bool,
}

impl Checker<'_> {
    /// A chart block: every key checked, the data read and checked against the rules of its kind.
    pub(super) fn chart(
        &mut self,
        raw: &RawBlock,
        bspan: &Range<usize>,
        at: &str,
    ) -> Option<BlockKind> {
        let kind = self.chart_kind(raw, bspan, at);
        let height = raw
            .height
            .as_ref()
            .map(|h| self.number(h, &format!("{at}.height"), Rule::PositiveUpTo(MAX_HEIGHT)));
        let scale = raw
            .scale
            .as_ref()
            .map_or(Scale::Auto, |s| self.scale(s, at));
        let precision = self.precision(&raw.precision, at);
        // `None` when `max` is wrong: the values are then not checked against it.
        let max = match &raw.max {
            None => Some(DEFAULT_MAX),
            Some(m) => {
                let before = self.problems.len();
                let key = format!("{at}.max");
                self.number(m, &key, Rule::Positive);
                if self.problems.len() == before {
                    self.within_magnitude(m.span(), &key, *m.get_ref());
                }
                (self.problems.len() == before).then(|| *m.get_ref())
            }
        };
        if let Some((kind, name)) = kind {
            self.kind_keys(raw, kind, name, at);
        }

        let data = self.chart_data(raw, bspan, at);
        let mut highlight = None;
        if let Some(data) = &data {
            if let Some((kind, name)) = kind {
                self.kind_rules(data, kind, name, max);
            }
            if let Some(h) = &raw.highlight {
                highlight = self.highlight(h, &data.labels, at);
            }
        }

        // The chart's own texts, besides its labels (read with `text`).
        let unit = self
            .unit(&raw.unit, &format!("{at}.unit"))
            .or_else(|| data.as_ref().filter(|d| d.percent).map(|_| "%".to_owned()));
        for (name, v) in [
            ("title", &raw.title),
            ("source", &raw.source),
            ("center", &raw.center),
        ] {
            if let Some(v) = v {
                self.text_limits(v, &format!("{at}.{name}"));
            }
        }

        let number = NumberFormat {
            scale,
            precision,
            traditional: self.lang.is_traditional(),
            // `precision` given: every figure with exactly that many decimals.
            shared: raw.precision.as_ref().map(|_| [precision as u8; 3]),
            ..NumberFormat::default()
        };
        let annotations = data.as_ref().map(|d| {
            let labels: Vec<String> = d.labels.iter().map(|(l, _)| l.clone()).collect();
            let series: Vec<Option<String>> = d.series.iter().map(|c| c.name.clone()).collect();
            let plot = annotations::Plot {
                kind: kind.map(|(k, _)| k),
                kind_name: kind.map_or("", |(_, n)| n),
                labels: &labels,
                series: &series,
                unit: unit.as_deref(),
                number,
            };
            self.annotations(raw, &plot, at)
        });
        let prefix = self.prefix(&raw.prefix, &format!("{at}.prefix"));
        let qualifier = self.optional_text(&raw.qualifier, &format!("{at}.qualifier"));
        let (kind, _) = kind?;
        let data = data?;
        Some(BlockKind::Chart(Chart {
            kind,
            title: optional_text(&raw.title),
            labels: data.labels.into_iter().map(|(l, _)| l).collect(),
            series: data
                .series
                .into_iter()
                .map(|c| {
                    let values: Vec<f64> = c
                        .values
                        .into_iter()
                        .map(|(v, _)| v.unwrap_or(0.0))
                        .collect();
                    let decimals = number.shared.unwrap_or_else(|| {
                        shared_decimals(values.iter().copied().zip(c.written), &number)
                    });
                    Series {
                        name: c.name,
                        values,
                        decimals,
                    }
                })
                .collect(),
            unit,
            highlight,
            source: optional_text(&raw.source),
            height,
            number,
            max: max.unwrap_or(DEFAULT_MAX),
            center: optional_text(&raw.center),
            prefix,
            qualifier,
            annotations: annotations.unwrap_or_default(),
        }))
    }

    fn at(&mut self, loc: &Loc, message: impl AsRef<str>) -> &mut Problem {
        let message = format!("{}{}", loc.prefix, message.as_ref());
        self.problem(loc.span.clone(), loc.key.clone(), message)
    }

    /// `kind`: required, one of [`CHART_KINDS`].
    fn chart_kind(
        &mut self,
        raw: &RawBlock,
        bspan: &Range<usize>,
        at: &str,
    ) -> Option<(ChartKind, &'static str)> {
        let names = CHART_KINDS.map(|(n, _)| n);
        let key = format!("{at}.kind");
        let Some(k) = &raw.kind else {
            self.problem(
                bspan.clone(),
                key,
                format!(
                    "expected a `kind` key in a chart block ({}), found none",
                    names.join(", ")
                ),
            );
            return None;
        };
        match CHART_KINDS.iter().find(|(n, _)| n == k.get_ref()) {
            Some((name, kind)) => Some((*kind, *name)),
            None => {
                let help = did_you_mean(k.get_ref(), &names);
                self.problem(
                    k.span(),
                    key,
                    format!(
                        "expected a chart kind ({}), found {}",
                        names.join(", "),
                        quoted(k.get_ref())
                    ),
                )
                .help = help;
                None
            }
        }
    }

    /// `max` belongs to rings and progress bars, `center` to donuts and rings.
    fn kind_keys(&mut self, raw: &RawBlock, kind: ChartKind, name: &str, at: &str) {
        use ChartKind::*;
        if let Some(m) = &raw.max {
            if !matches!(kind, Ring | Progress) {
                self.problem(
                    m.span(),
                    format!("{at}.max"),
                    format!(
                        "expected no `max` key in a {name} chart (only ring and progress charts have one), found max = {}",
                        fmt_num(*m.get_ref())
                    ),
                );
            }
        }
        for (name_of, v) in [("prefix", &raw.prefix), ("qualifier", &raw.qualifier)] {
            if let Some(v) = v.as_ref().filter(|_| !matches!(kind, Donut | Ring)) {
                self.problem(
                    v.span(),
                    format!("{at}.{name_of}"),
                    format!(
                        "expected no `{name_of}` key in a {name} chart (only donut and ring charts have one, for the figure in the middle), found {name_of} = {}",
                        quoted(v.get_ref())
                    ),
                );
            }
        }
        if let Some(c) = &raw.center {
            if !matches!(kind, Donut | Ring) {
                self.problem(
                    c.span(),
                    format!("{at}.center"),
                    format!(
                        "expected no `center` key in a {name} chart (only donut and ring charts have one), found center = {}",
                        quoted(c.get_ref())
                    ),
                );
            }
        }
    }

    /// The data, from exactly one of `values`, `series` and `data`. `None` when there is none to check
    /// further (no source, two sources, no labels, an unreadable CSV file).
    fn chart_data(&mut self, raw: &RawBlock, bspan: &Range<usize>, at: &str) -> Option<Data> {
        let sources: Vec<(&str, Range<usize>)> = [
            ("values", raw.values.as_ref().map(|v| v.span())),
            ("series", raw.series.as_ref().map(|v| v.span())),
            ("data", raw.data.as_ref().map(|v| v.span())),
        ]
        .into_iter()
        .filter_map(|(k, s)| s.map(|s| (k, s)))
        .collect();
        match sources.as_slice() {
            [] => {
                self.problem(
                    bspan.clone(),
                    format!("{at}.values"),
                    "expected a `values`, `series` or `data` key in a chart block, found none",
                )
                .help = Some(
                    "a chart needs data: `labels` with `values`, `labels` with several `series`, or a CSV file (`data = \"file.csv\"`)"
                        .into(),
                );
                return None;
            }
            [_] => {}
            [first, second, rest @ ..] => {
                let found = match rest {
                    [] => format!("both `{}` and `{}`", first.0, second.0),
                    _ => "`values`, `series` and `data`".to_owned(),
                };
                self.problem(
                    second.1.clone(),
                    format!("{at}.{}", second.0),
                    format!("expected one of `values`, `series` or `data`, found {found}"),
                );
                return None;
            }
        }

        if let Some(data) = &raw.data {
            if let Some(labels) = &raw.labels {
                self.problem(
                    labels.span(),
                    format!("{at}.labels"),
                    "expected the labels in the CSV file's first column when `data` is given, found a `labels` key too",
                )
                .help = Some(
                    "remove `labels`, or give `values` or `series` here instead of `data`".into(),
                );
            }
            return self.csv_data(csv::DataSource::of(data, raw), at);
        }

        let labels = match &raw.labels {
            Some(l) => Some(self.labels(l, at)),
            None => {
                let with = if raw.values.is_some() {
                    "values"
                } else {
                    "series"
                };
                self.problem(
                    bspan.clone(),
                    format!("{at}.labels"),
                    format!("expected a `labels` key in a chart with `{with}`, found none"),
                );
                None
            }
        };
        let (series, series_at) = match (&raw.values, &raw.series) {
            (Some(v), _) => {
                let key = format!("{at}.values");
                let column = self.column(v, &key, None);
                (Some(vec![column]), Loc::toml(v.span(), key))
            }
            (None, Some(s)) => (
                self.inline_series(s, at),
                Loc::toml(s.span(), format!("{at}.series")),
            ),
            (None, None) => unreachable!("one data source is present"),
        };
        let (labels, labels_at) = labels?;
        Some(Data {
            labels,
            labels_at,
            series: series?,
            series_at,
            percent: false,
        })
    }

    /// `labels`: non-empty strings, or integers (years) written as they are.
    fn labels(
        &mut self,
        l: &Spanned<Vec<Spanned<toml::Value>>>,
        at: &str,
    ) -> (Vec<(String, Loc)>, Loc) {
        let whole = Loc::toml(l.span(), format!("{at}.labels"));
        let n = l.get_ref().len();
        if n > limits::CHART_LABELS {
            self.problem(
                l.span(),
                format!("{at}.labels"),
                format!(
                    "expected at most {} labels in a chart, found {n}",
                    limits::CHART_LABELS
                ),
            )
            .help = Some(TOO_MANY_LABELS.into());
        }
        if l.get_ref().is_empty() {
            self.problem(
                l.span(),
                format!("{at}.labels"),
                "expected at least one label, found an empty array",
            );
        }
        let labels = l
            .get_ref()
            .iter()
            .enumerate()
            .map(|(j, v)| {
                let key = format!("{at}.labels[{j}]");
                let text = match v.get_ref() {
                    toml::Value::String(s) => self.text(&Spanned::new(v.span(), s.clone()), &key),
                    toml::Value::Integer(i) => i.to_string(),
                    other => {
                        self.problem(
                            v.span(),
                            key.clone(),
                            format!("expected a label (a string), found {}", describe(other)),
                        );
                        String::new()
                    }
                };
                (text, Loc::toml(v.span(), key))
            })
            .collect();
        (labels, whole)
    }

    /// A `values` array: finite numbers.
    fn column(
        &mut self,
        v: &Spanned<Vec<Spanned<toml::Value>>>,
        key: &str,
        name: Option<String>,
    ) -> Column {
        let values = v
            .get_ref()
            .iter()
            .enumerate()
            .map(|(j, x)| {
                let loc = Loc::toml(x.span(), format!("{key}[{j}]"));
                // A reference `{ data = "NAME" }` is read as the figure it names.
                let Some(resolved) = self.resolve(x, &loc.key, "a number") else {
                    return (None, loc);
                };
                let found = match &resolved.figure {
                    Some(figure) => format!("{figure}, "),
                    None => String::new(),
                };
                let value = match resolved.value.get_ref() {
                    toml::Value::Integer(i) => Some(*i as f64),
                    toml::Value::Float(f) if f.is_finite() => Some(*f),
                    toml::Value::Float(f) => {
                        self.at(
                            &loc,
                            format!("expected a finite number, found {}", non_finite(*f)),
                        );
                        None
                    }
                    toml::Value::String(s) => {
                        let help = number_help(s);
                        self.at(
                            &loc,
                            format!("expected a number, found {found}a string ({s:?})"),
                        )
                        .help = help;
                        None
                    }
                    other => {
                        self.at(
                            &loc,
                            format!("expected a number, found {found}{}", describe(other)),
                        );
                        None
                    }
                };
                let value = value.filter(|v| self.within_magnitude(loc.span.clone(), &loc.key, *v));
                (value, loc)
            })
            .collect();
        let written = v
            .get_ref()
            .iter()
            .map(|x| self.written_decimals(x.span()))
            .collect();
        Column {
            name,
            values,
            written,
            whole: Loc::toml(v.span(), key),
        }
    }

    /// `series`: tables of `name` and `values`; names are required when there are several.
    fn inline_series(
        &mut self,
        s: &Spanned<Vec<Spanned<RawSeries>>>,
        at: &str,
    ) -> Option<Vec<Column>> {
        let items = s.get_ref();
        if items.is_empty() {
            self.problem(
                s.span(),
                format!("{at}.series"),
                "expected at least one series, found an empty array",
            )
            .help = Some("write each series as { name = \"2022年\", values = [29.5, 8] }".into());
            return None;
        }
        if items.len() > limits::CHART_SERIES {
            self.problem(
                s.span(),
                format!("{at}.series"),
                format!(
                    "expected at most {} series in a chart, found {}",
                    limits::CHART_SERIES,
                    items.len()
                ),
            )
            .help = Some(TOO_MANY_SERIES.into());
            return None;
        }
        let several = items.len() > 1;
        let mut columns = Vec::new();
        let mut complete = true;
        for (k, item) in items.iter().enumerate() {
            let key = format!("{at}.series[{k}]");
            let name = match &item.get_ref().name {
                Some(n) => Some(self.text(n, &format!("{key}.name"))),
                None if several => {
                    self.problem(
                        item.span(),
                        format!("{key}.name"),
                        "expected a `name` key in each series when there are several (the legend shows it), found none",
                    );
                    None
                }
                None => None,
            };
            match &item.get_ref().values {
                Some(v) => columns.push(self.column(v, &format!("{key}.values"), name)),
                None => {
                    self.problem(
                        item.span(),
                        format!("{key}.values"),
                        "expected a `values` key in a series, found none",
                    );
                    complete = false;
                }
            }
        }
        complete.then_some(columns)
    }

    /// `data`: a CSV file beside the spec. A header row (the first field names the labels' column, each
    /// further field names a series), then one row a label.
    fn csv_data(&mut self, source: csv::DataSource<'_>, at: &str) -> Option<Data> {
        let data = source.file;
        let key = format!("{at}.data");
        let written = data.get_ref().as_str();
        let whole = |prefix: String| Loc {
            span: data.span(),
            key: key.clone(),
            prefix,
        };
        if written.trim().is_empty() {
            self.problem(
                data.span(),
                key,
                "expected the path of a CSV file, found \"\"",
            );
            return None;
        }
        let csv::DataTable { records, text } =
            self.data_table(source, &key, "a chart reads its labels and series")?;

        let Some((header, rows)) = records.split_first() else {
            self.problem(
                data.span(),
                key,
                format!("{written}: expected a header row and rows of data, found an empty file"),
            );
            return None;
        };
        let width = header.fields.len();
        if width < 2 {
            let line = &text.lines().nth(header.line - 1).unwrap_or("");
            let help = [';', '\t', '；', '，', '|']
                .into_iter()
                .find(|c| line.contains(*c))
                .map(|c| {
                    format!(
                        "the columns seem to be separated by {:?}; separate them with commas (,)",
                        c
                    )
                });
            self.problem(
                data.span(),
                key,
                format!(
                    "{written}:{}: expected a header with a column of labels and at least one column of values, found 1 column",
                    header.line
                ),
            )
            .help = help;
            return None;
        }
        if rows.is_empty() {
            self.problem(
                data.span(),
                key,
                format!(
                    "{written}: expected at least one row of data after the header, found none"
                ),
            );
            return None;
        }

        if let Some(row) = rows.get(limits::CHART_LABELS) {
            self.problem(
                data.span(),
                key,
                format!(
                    "{written}:{}: expected at most {} rows of data in a chart (one a label), found {}",
                    row.line,
                    limits::CHART_LABELS,
                    rows.len()
                ),
            )
            .help = Some(TOO_MANY_LABELS.into());
            return None;
        }
        if width - 1 > limits::CHART_SERIES {
            self.problem(
                data.span(),
                key,
                format!(
                    "{written}:{}:{}: expected at most {} columns of values in a chart (one a series), found {}",
                    header.line,
                    limits::CHART_SERIES + 2,
                    limits::CHART_SERIES,
                    width - 1
                ),
            )
            .help = Some(TOO_MANY_SERIES.into());
            return None;
        }

        // Problems of the file, at most CSV_PROBLEMS of them reported one by one.
        let mut issues: Vec<(String, Option<String>)> = Vec::new();
        let glyphs = self.text_check.clone();
        let several = width > 2;
        let mut series: Vec<Column> = (1..width)
            .map(|c| {
                let name = header.fields[c].trim();
                issues.extend(csv_text_issue(written, header.line, c + 1, name, &glyphs));
                if name.is_empty() && several {
                    issues.push((
                        format!(
                            "{written}:{}:{}: expected a series name in the header (the legend shows it), found an empty field",
                            header.line,
                            c + 1
                        ),
                        None,
                    ));
                }
                Column {
                    name: (!name.is_empty()).then(|| name.to_owned()),
                    values: Vec::new(),
                    written: Vec::new(),
                    whole: whole(format!("{written}, column {}: ", c + 1)),
                }
            })
            .collect();
        let mut labels = Vec::new();
        let mut percent = false;
        for row in rows {
            if row.fields.len() != width {
                issues.push((
                    format!(
                        "{written}:{}: expected {width} fields as in the header, found {}",
                        row.line,
                        row.fields.len()
                    ),
                    None,
                ));
                continue;
            }
            let label = row.fields[0].trim();
            issues.extend(csv_text_issue(written, row.line, 1, label, &glyphs));
            if label.is_empty() {
                issues.push((
                    format!(
                        "{written}:{}:1: expected a label, found an empty field",
                        row.line
                    ),
                    None,
                ));
            }
            labels.push((
                label.to_owned(),
                whole(format!("{written}:{}:1: ", row.line)),
            ));
            for (c, column) in series.iter_mut().enumerate() {
                let loc = whole(format!("{written}:{}:{}: ", row.line, c + 2));
                percent |= is_percent(&row.fields[c + 1]);
                let value = match csv_number(&row.fields[c + 1]) {
                    Ok(v) => Some(v),
                    Err((message, help)) => {
                        issues.push((format!("{}{message}", loc.prefix), help));
                        None
                    }
                };
                column.values.push((value, loc));
                column
                    .written
                    .push(super::table::decimals_written(&row.fields[c + 1]));
            }
        }
        let extra = issues.len().saturating_sub(CSV_PROBLEMS);
        for (message, help) in issues.into_iter().take(CSV_PROBLEMS) {
            self.problem(data.span(), key.clone(), message).help = help;
        }
        if extra > 0 {
            self.problem(
                data.span(),
                key.clone(),
                format!("{written}: … and {extra} more problems of the same file"),
            );
        }
        Some(Data {
            labels,
            labels_at: whole(format!("{written}: ")),
            series,
            series_at: whole(format!("{written}: ")),
            percent,
        })
    }

    /// The rules of each kind: one value per label; pies and stacks have no negative parts; a ring is one
    /// value out of `max`; progress bars stay within `max`.
    fn kind_rules(&mut self, data: &Data, kind: ChartKind, name: &str, max: Option<f64>) {
        use ChartKind::*;
        let n = data.labels.len();
        if n > 0 {
            for column in &data.series {
                let found = column.values.len();
                if found != n {
                    let values = if n == 1 { "value" } else { "values" };
                    self.at(
                        &column.whole,
                        format!("expected {n} {values} (one per label), found {found}"),
                    );
                }
            }
        }
        if matches!(kind, Pie | Donut | Ring | Progress) && data.series.len() != 1 {
            self.at(
                &data.series_at,
                format!(
                    "expected one series in a {name} chart, found {}",
                    data.series.len()
                ),
            );
        }
        match kind {
            Ring if n != 1 => {
                self.at(
                    &data.labels_at,
                    format!(
                        "expected one label in a ring chart (one value out of `max`), found {n}"
                    ),
                );
            }
            Line if n == 1 => {
                self.at(
                    &data.labels_at,
                    "expected at least 2 labels in a line chart, found 1",
                );
            }
            _ => {}
        }
        for column in &data.series {
            for (value, loc) in &column.values {
                let Some(v) = *value else { continue };
                match kind {
                    Pie | Donut | StackedBar | StackedColumn if v < 0.0 => {
                        self.at(
                            loc,
                            format!(
                                "expected a value of 0 or more in a {name} chart, found {}",
                                fmt_num(v)
                            ),
                        );
                    }
                    Ring | Progress => {
                        if let Some(max) = max.filter(|m| !(0.0..=*m).contains(&v)) {
                            self.at(
                                loc,
                                format!(
                                    "expected a value from 0 to {}, found {}",
                                    fmt_num(max),
                                    fmt_num(v)
                                ),
                            )
                            .help = (v > max).then(|| {
                                format!(
                                    "a {name} chart shows a part of `max` ({}); set `max` for another whole",
                                    fmt_num(max)
                                )
                            });
                        }
                    }
                    _ => {}
                }
            }
            let all_zero =
                !column.values.is_empty() && column.values.iter().all(|(v, _)| *v == Some(0.0));
            if matches!(kind, Pie | Donut) && all_zero {
                self.at(
                    &column.whole,
                    format!(
                        "expected at least one value greater than 0 in a {name} chart, found only zeros"
                    ),
                );
            }
        }
    }

    /// `highlight`: a label, or a 0-based index.
    fn highlight(
        &mut self,
        h: &Spanned<toml::Value>,
        labels: &[(String, Loc)],
        at: &str,
    ) -> Option<usize> {
        let labels: Vec<String> = labels.iter().map(|(l, _)| l.clone()).collect();
        self.category(h, &labels, format!("{at}.highlight"))
    }

    /// A category of the chart by its label or 0-based index (`highlight`, a callout's `at`, a band's
    /// ends), with the nearest label when it names none.
    pub(super) fn category(
        &mut self,
        h: &Spanned<toml::Value>,
        labels: &[String],
        key: String,
    ) -> Option<usize> {
        let n = labels.len();
        match h.get_ref() {
            toml::Value::String(s) => {
                if let Some(i) = labels.iter().position(|l| l == s) {
                    return Some(i);
                }
                let names: Vec<&str> = labels.iter().map(|l| l.as_str()).collect();
                let help = did_you_mean(s, &names).or_else(|| {
                    // Chinese labels are often shortened: 招商引资 for 招商引资投资额.
                    let close: Vec<&str> = names
                        .iter()
                        .copied()
                        .filter(|l| !s.is_empty() && (l.contains(s.as_str()) || s.contains(l)))
                        .collect();
                    match close.as_slice() {
                        [one] => Some(format!("did you mean `{one}`?")),
                        _ => None,
                    }
                });
                let mut list: Vec<String> =
                    names.iter().take(6).map(|l| format!("{l:?}")).collect();
                if n > 6 {
                    list.push("…".into());
                }
                self.problem(
                    h.span(),
                    key,
                    format!(
                        "expected one of the chart's labels ({}) or an index, found {s:?}",
                        list.join(", ")
                    ),
                )
                .help = help;
                None
            }
            toml::Value::Integer(i) if (0..n as i64).contains(i) => Some(*i as usize),
            toml::Value::Integer(i) => {
                self.problem(
                    h.span(),
                    key,
                    format!(
                        "expected a label or an index from 0 to {}, found {i}",
                        n.saturating_sub(1)
                    ),
                );
                None
            }
            other => {
                self.problem(
                    h.span(),
                    key,
                    format!(
                        "expected a label (a string) or an index (an integer), found {}",
                        describe(other)
                    ),
                );
                None
            }
        }
    }
}

/// `nan`, `inf` and `-inf` as TOML writes them.
fn non_finite(f: f64) -> &'static str {
    if f.is_nan() {
        "nan"
    } else if f > 0.0 {
        "inf"
    } else {
        "-inf"
    }
}

/// What is wrong with a text of a CSV file (a label, a series name) at `line` and `column`: too long,
/// or holding a character that cannot be printed, as for a text of the spec.
fn csv_text_issue(
    written: &str,
    line: usize,
    column: usize,
    text: &str,
    missing: &TextCheck,
) -> Option<(String, Option<String>)> {
    let at = format!("{written}:{line}:{column}: ");
    let chars = text.chars().count();
    if chars > limits::TEXT_CHARS {
        let message = format!(
            "{at}expected a text of at most {} characters, found {}",
            fmt_count(limits::TEXT_CHARS),
            fmt_count(chars)
        );
        return Some((message, None));
    }
    let (message, help) = text_problem(text, missing)?;
    Some((format!("{at}{message}"), Some(help)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_numbers() {
        assert_eq!(csv_number(" 29.5 "), Ok(29.5));
        assert_eq!(csv_number("-3"), Ok(-3.0));
        assert_eq!(csv_number("1e4"), Ok(10000.0));
        assert_eq!(
            csv_number("").unwrap_err().0,
            "expected a number, found an empty field"
        );
        assert_eq!(
            csv_number("NaN").unwrap_err().0,
            "expected a finite number, found \"NaN\""
        );
        assert_eq!(
            csv_number("inf").unwrap_err().0,
            "expected a finite number, found \"inf\""
        );
        // As spreadsheets write them: a percentage, thousands separators.
        assert_eq!(csv_number("29.5%"), Ok(29.5));
        assert_eq!(csv_number("-3.2 ％"), Ok(-3.2));
        assert!(is_percent(" 29.5% ") && !is_percent("29.5"));
        assert_eq!(csv_number("1,355"), Ok(1355.0));
        assert_eq!(csv_number("-22,019.5"), Ok(-22019.5));
        let (message, help) = csv_number("1,35").unwrap_err();
        assert_eq!(message, "expected a number, found \"1,35\"");
        assert!(help.unwrap().contains("`unit`"));
        assert!(csv_number("29.5万").is_err());
        assert_eq!(csv_number("abc").unwrap_err().1, None);
        assert_eq!(csv_number("1e15"), Ok(1e15));
        assert_eq!(
            csv_number("-1e16").unwrap_err().0,
            "expected a number of at most 10^15 in magnitude (千万亿), found \"-1e16\""
        );
    }

    #[test]
    fn kinds_are_distinct() {
        for (i, (a, _)) in CHART_KINDS.iter().enumerate() {
            assert!(CHART_KINDS[i + 1..].iter().all(|(b, _)| a != b));
        }
        assert_eq!(non_finite(f64::NAN), "nan");
        assert_eq!(non_finite(f64::NEG_INFINITY), "-inf");
    }
}
