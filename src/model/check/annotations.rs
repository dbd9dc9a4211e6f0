//! A chart's annotations: `reference` lines at a value (目标 5%), `band`s highlighting a range of values
//! or of categories, and `callout`s on single data points. Bar, column, line and stacked charts take
//! them; every entry is checked where it was written (`blocks[2].reference[0].value`).

use crate::spec::Spanned;

use super::values::{describe, quoted};
use super::Checker;
use crate::model::{limits, Annotations, Band, BandRange, Callout, ChartKind, Reference};
use crate::spec::{RawBand, RawBlock, RawCallout, RawReference};
use crate::text::number::{format_number, NumberFormat};

/// What an annotation needs of its chart: the kind, labels, series names, unit and number format.
pub(super) struct Plot<'a> {
    pub kind: Option<ChartKind>,
    pub kind_name: &'a str,
    pub labels: &'a [String],
    pub series: &'a [Option<String>],
    pub unit: Option<&'a str>,
    pub number: NumberFormat,
}

impl Checker<'_> {
    /// The annotations of the chart at `at`; entries that are wrong are reported and left out.
    pub(super) fn annotations(&mut self, raw: &RawBlock, plot: &Plot, at: &str) -> Annotations {
        let mut out = Annotations::default();
        let takes = matches!(
            plot.kind,
            Some(
                ChartKind::Bar
                    | ChartKind::Column
                    | ChartKind::Line
                    | ChartKind::StackedBar
                    | ChartKind::StackedColumn
            ) | None
        );
        for (name, span) in [
            ("reference", raw.reference.as_ref().map(|r| r.span())),
            ("band", raw.band.as_ref().map(|r| r.span())),
            ("callout", raw.callout.as_ref().map(|r| r.span())),
        ] {
            if let (Some(span), false) = (span, takes) {
                self.problem(
                    span,
                    format!("{at}.{name}"),
                    format!(
                        "expected no `{name}` in a {} chart (bar, column, line and stacked charts take annotations)",
                        plot.kind_name
                    ),
                );
            }
        }
        if !takes {
            return out;
        }
        if let Some(list) = &raw.reference {
            let key = format!("{at}.reference");
            self.annotation_count(list, &key, "reference lines");
            for (j, r) in list
                .get_ref()
                .iter()
                .take(limits::CHART_ANNOTATIONS)
                .enumerate()
            {
                if let Some(r) = self.reference(r, plot, &format!("{key}[{j}]")) {
                    out.references.push(r);
                }
            }
        }
        if let Some(list) = &raw.band {
            let key = format!("{at}.band");
            self.annotation_count(list, &key, "bands");
            for (j, b) in list
                .get_ref()
                .iter()
                .take(limits::CHART_ANNOTATIONS)
                .enumerate()
            {
                if let Some(b) = self.band(b, plot, &format!("{key}[{j}]")) {
                    out.bands.push(b);
                }
            }
        }
        if let Some(list) = &raw.callout {
            let key = format!("{at}.callout");
            self.annotation_count(list, &key, "callouts");
            for (j, c) in list
                .get_ref()
                .iter()
                .take(limits::CHART_ANNOTATIONS)
                .enumerate()
            {
                if let Some(c) = self.callout(c, plot, &format!("{key}[{j}]")) {
                    out.callouts.push(c);
                }
            }
        }
        out
    }

    fn annotation_count<T>(&mut self, list: &Spanned<Vec<Spanned<T>>>, key: &str, what: &str) {
        self.count_limit(
            list.get_ref(),
            key,
            limits::CHART_ANNOTATIONS,
            what,
            "a chart marked in many places marks nothing: keep the one or two the story is about",
        );
    }

    /// A short text of an annotation: at most [`limits::ANNOTATION_CHARS`] characters the fonts draw,
    /// not empty.
    fn annotation_text(&mut self, v: &Spanned<String>, key: &str) -> Option<String> {
        let before = self.problems.len();
        self.text_limits(v, key);
        let chars = v.get_ref().chars().count();
        if chars > limits::ANNOTATION_CHARS {
            self.problem(
                v.span(),
                key,
                format!(
                    "expected at most {} characters on a chart, found {chars}",
                    limits::ANNOTATION_CHARS
                ),
            )
            .help = Some("a note on a chart is a few words; say more in a paragraph or a note under the chart".into());
        } else if v.get_ref().trim().is_empty() {
            self.problem(v.span(), key, "expected a text, found an empty string");
        }
        (self.problems.len() == before).then(|| v.get_ref().trim().to_owned())
    }

    /// A number of an annotation (a figure of the data file too), within the magnitude limit.
    fn annotation_number(&mut self, v: &Spanned<toml::Value>, key: &str) -> Option<f64> {
        let resolved = self.resolve(v, key, "a number")?;
        let n = match resolved.value.get_ref() {
            toml::Value::Integer(i) => *i as f64,
            toml::Value::Float(f) if f.is_finite() => *f,
            other => {
                self.problem(
                    v.span(),
                    key,
                    format!("expected a number, found {}", describe(other)),
                );
                return None;
            }
        };
        self.within_magnitude(v.span(), key, n).then_some(n)
    }

    fn reference(
        &mut self,
        r: &Spanned<RawReference>,
        plot: &Plot,
        key: &str,
    ) -> Option<Reference> {
        let raw = r.get_ref();
        let Some(v) = &raw.value else {
            self.problem(
                r.span(),
                format!("{key}.value"),
                "expected a `value` for the line, found none",
            )
            .help = Some("write reference = [{ value = 5, label = \"目标\" }]".into());
            return None;
        };
        let value = self.annotation_number(v, &format!("{key}.value"));
        let label = match &raw.label {
            Some(l) => Some(self.annotation_text(l, &format!("{key}.label"))?),
            None => None,
        };
        let value = value?;
        let figure = format!(
            "{}{}",
            format_number(value, &plot.number).joined(),
            plot.unit.unwrap_or("")
        );
        // 目标 5%: the label and the value, unless the label writes a figure itself.
        let label = match label {
            Some(l) if l.chars().any(|c| c.is_ascii_digit()) => l,
            Some(l) => format!("{l} {figure}"),
            None => figure,
        };
        Some(Reference { value, label })
    }

    fn band(&mut self, b: &Spanned<RawBand>, plot: &Plot, key: &str) -> Option<Band> {
        let raw = b.get_ref();
        let (Some(from), Some(to)) = (&raw.from, &raw.to) else {
            let missing = if raw.from.is_none() { "from" } else { "to" };
            self.problem(
                b.span(),
                format!("{key}.{missing}"),
                format!("expected `from` and `to` in a band, found no `{missing}`"),
            )
            .help = Some(
                "values: band = [{ from = 4, to = 6 }]; categories: band = [{ from = \"2020年\", to = \"2022年\" }]"
                    .into(),
            );
            return None;
        };
        let label = match &raw.label {
            Some(l) => Some(self.annotation_text(l, &format!("{key}.label"))?),
            None => None,
        };
        let is_label = |v: &toml::Value| matches!(v, toml::Value::String(_));
        let range = match (is_label(from.get_ref()), is_label(to.get_ref())) {
            (true, true) if matches!(plot.kind, Some(ChartKind::Bar | ChartKind::StackedBar)) => {
                self.problem(
                    from.span(),
                    format!("{key}.from"),
                    format!(
                        "expected a range of values (numbers) on a {} chart, found a label",
                        plot.kind_name
                    ),
                )
                .help = Some(
                    "a run of categories is marked on column and line charts; on a bar chart, `highlight` one bar".into(),
                );
                return None;
            }
            (true, true) => {
                let a = self.category(from, plot.labels, format!("{key}.from"));
                let b = self.category(to, plot.labels, format!("{key}.to"));
                let (a, b) = (a?, b?);
                BandRange::Labels(a.min(b), a.max(b))
            }
            (false, false) => {
                let a = self.annotation_number(from, &format!("{key}.from"));
                let b = self.annotation_number(to, &format!("{key}.to"));
                let (a, b) = (a?, b?);
                if a == b {
                    self.problem(
                        to.span(),
                        format!("{key}.to"),
                        format!("expected a value other than `from` ({a}), found the same"),
                    );
                    return None;
                }
                BandRange::Values(a.min(b), a.max(b))
            }
            (true, false) | (false, true) => {
                let (wrong, name) = if is_label(from.get_ref()) {
                    (to, "to")
                } else {
                    (from, "from")
                };
                self.problem(
                    wrong.span(),
                    format!("{key}.{name}"),
                    format!(
                        "expected `from` and `to` of one kind, two labels or two numbers, found {}",
                        describe(wrong.get_ref())
                    ),
                )
                .help =
                    Some("a label that is a year is written as a string: from = \"2020\"".into());
                return None;
            }
        };
        Some(Band { range, label })
    }

    fn callout(&mut self, c: &Spanned<RawCallout>, plot: &Plot, key: &str) -> Option<Callout> {
        let raw = c.get_ref();
        let (Some(at), Some(text)) = (&raw.at, &raw.text) else {
            let missing = if raw.at.is_none() { "at" } else { "text" };
            self.problem(
                c.span(),
                format!("{key}.{missing}"),
                format!("expected `at` and `text` in a callout, found no `{missing}`"),
            )
            .help = Some("write callout = [{ at = \"2022年\", text = \"历史最高\" }]".into());
            return None;
        };
        let index = self.category(at, plot.labels, format!("{key}.at"));
        let text = self.annotation_text(text, &format!("{key}.text"));
        let series = match &raw.series {
            None => Some(0),
            Some(s) => {
                let skey = format!("{key}.series");
                let n = plot.series.len();
                match s.get_ref() {
                    toml::Value::String(name) => {
                        let found = plot.series.iter().position(|x| x.as_deref() == Some(name));
                        if found.is_none() {
                            let names: Vec<&str> =
                                plot.series.iter().filter_map(|x| x.as_deref()).collect();
                            self.problem(
                                s.span(),
                                skey,
                                format!(
                                    "expected the name of one of the chart's series ({}), found {}",
                                    names
                                        .iter()
                                        .map(|n| format!("{n:?}"))
                                        .collect::<Vec<_>>()
                                        .join(", "),
                                    quoted(name)
                                ),
                            )
                            .help = crate::diagnostics::did_you_mean(name, &names);
                        }
                        found
                    }
                    toml::Value::Integer(i) if (0..n as i64).contains(i) => Some(*i as usize),
                    other => {
                        self.problem(
                            s.span(),
                            skey,
                            format!(
                                "expected a series' name or an index from 0 to {}, found {}",
                                n.saturating_sub(1),
                                describe(other)
                            ),
                        );
                        None
                    }
                }
            }
        };
        Some(Callout {
            index: index?,
            series: series?,
            text: text?,
        })
    }
}
