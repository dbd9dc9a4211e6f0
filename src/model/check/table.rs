//! Table blocks: a header and rows inline, or a CSV file whose first row is the header; cells are texts
//! or figures, figures written with the stats' number keys (`scale`, `precision`, `thousands`), every
//! figure of a column with as many decimals as the column's most precise one (6.0 beside 6.7, never 6).

use std::ops::Range;

use crate::spec::Spanned;

use super::values::{fmt_count, quoted, text_problem};
use super::Checker;
use crate::model::{limits, BlockKind, Table, TableCell};
use crate::spec::RawBlock;
use crate::text::number::{decimal, format_number, NumberFormat, Scale};

/// A cell as read: a text, or a number with the decimals it was written with.
enum Raw {
    Text(String),
    Number(f64, usize),
}

/// Decimal places of a number as written (`6.70` → 2, `1e4` → 0), at most 4.
pub(super) fn decimals_written(text: &str) -> usize {
    let t = text.trim();
    if t.contains(['e', 'E']) {
        return 0;
    }
    t.split_once('.').map_or(0, |(_, f)| f.len().min(4))
}

impl Checker<'_> {
    pub(super) fn table(
        &mut self,
        raw: &RawBlock,
        bspan: &Range<usize>,
        at: &str,
    ) -> Option<BlockKind> {
        let (header, rows) = match (&raw.data, &raw.header, &raw.rows) {
            (Some(data), None, None) => {
                self.table_csv(super::csv::DataSource::of(data, raw), at)?
            }
            (Some(data), _, _) => {
                self.problem(
                    data.span(),
                    format!("{at}.data"),
                    "expected `data` or `header` and `rows`, found both",
                )
                .help = Some(
                    "keep the CSV file, whose first row is the header, or the inline rows".into(),
                );
                return None;
            }
            (None, Some(header), Some(rows)) => self.table_inline(header, rows, at)?,
            (None, h, _) => {
                let missing = if h.is_none() { "header" } else { "rows" };
                self.problem(
                    bspan.clone(),
                    format!("{at}.{missing}"),
                    format!(
                        "expected `header` and `rows` (or a CSV file in `data`) in a table block, found no `{missing}`"
                    ),
                );
                return None;
            }
        };
        let columns = header.len();
        let scale = raw
            .scale
            .as_ref()
            .map_or(Scale::None, |s| self.scale(s, at));
        let precision = raw
            .precision
            .as_ref()
            .map(|_| self.precision(&raw.precision, at));
        let thousands = raw.thousands.as_ref().is_some_and(|t| *t.get_ref());
        // A column of figures: more figures than texts among its cells that are not empty.
        let numeric: Vec<bool> = (0..columns)
            .map(|c| {
                let (mut numbers, mut texts) = (0, 0);
                for row in &rows {
                    match &row[c] {
                        Raw::Number(..) => numbers += 1,
                        Raw::Text(t) if !t.trim().is_empty() => texts += 1,
                        Raw::Text(_) => {}
                    }
                }
                numbers > texts
            })
            .collect();
        // Each column's decimals: `precision`, else as many as its most precise figure was written with
        // (a figure scaled to 万 or 亿 gets 1 unless `precision` says otherwise); every figure of the
        // column is written with them, trailing zeros kept.
        let decimals: Vec<usize> = (0..columns)
            .map(|c| {
                rows.iter()
                    .filter_map(|r| match r[c] {
                        Raw::Number(_, d) => Some(d),
                        Raw::Text(_) => None,
                    })
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let format = NumberFormat {
            scale,
            precision: precision.unwrap_or(1),
            fixed: true,
            thousands,
            traditional: self.lang.is_traditional(),
            shared: None,
        };
        let figure = |c: usize, v: f64| {
            let f = format_number(v, &format);
            if f.scale.is_empty() {
                decimal(v, precision.unwrap_or(decimals[c]), true, thousands)
            } else {
                f.joined()
            }
        };
        let cells: Vec<Vec<TableCell>> = rows
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .enumerate()
                    .map(|(c, cell)| match cell {
                        Raw::Text(t) => TableCell::Text(t),
                        Raw::Number(v, _) => TableCell::Number(figure(c, v)),
                    })
                    .collect()
            })
            .collect();
        let highlight = raw.highlight.as_ref().and_then(|h| {
            let key = format!("{at}.highlight");
            let n = cells.len();
            match h.get_ref() {
                toml::Value::String(s) => {
                    let found = cells.iter().position(|r| r[0].text() == s);
                    if found.is_none() {
                        self.problem(
                            h.span(),
                            key,
                            format!("expected the first cell of a row or a row's index, found {}", quoted(s)),
                        );
                    }
                    found
                }
                toml::Value::Integer(i) if (0..n as i64).contains(i) => Some(*i as usize),
                other => {
                    self.problem(
                        h.span(),
                        key,
                        format!(
                            "expected the first cell of a row or a row's index from 0 to {}, found {}",
                            n.saturating_sub(1),
                            super::values::describe(other)
                        ),
                    );
                    None
                }
            }
        });
        let title = self.optional_text(&raw.title, &format!("{at}.title"));
        let source = self.optional_text(&raw.source, &format!("{at}.source"));
        Some(BlockKind::Table(Table {
            title,
            header,
            rows: cells,
            numeric,
            highlight,
            source,
        }))
    }

    /// A cell's text: at most [`limits::TABLE_CELL_CHARS`] characters the fonts draw. `Err`: the
    /// message and help.
    fn cell_issue(&self, text: &str) -> Option<(String, Option<String>)> {
        let chars = text.chars().count();
        if chars > limits::TABLE_CELL_CHARS {
            return Some((
                format!(
                    "expected a cell of at most {} characters, found {}",
                    limits::TABLE_CELL_CHARS,
                    fmt_count(chars)
                ),
                Some("a table holds figures and short words; say more in a paragraph".into()),
            ));
        }
        text_problem(text, &self.text_check).map(|(m, h)| (m, Some(h)))
    }

    fn table_inline(
        &mut self,
        header: &Spanned<Vec<Spanned<String>>>,
        rows: &Spanned<Vec<Spanned<crate::spec::RawRow>>>,
        at: &str,
    ) -> Option<(Vec<String>, Vec<Vec<Raw>>)> {
        let before = self.problems.len();
        let columns = header.get_ref().len();
        if columns == 0 || columns > limits::TABLE_COLUMNS {
            self.problem(
                header.span(),
                format!("{at}.header"),
                format!(
                    "expected 1 to {} columns, found {columns}",
                    limits::TABLE_COLUMNS
                ),
            );
            return None;
        }
        let mut names = Vec::new();
        for (c, h) in header.get_ref().iter().enumerate() {
            if let Some((m, help)) = self.cell_issue(h.get_ref()) {
                self.problem(h.span(), format!("{at}.header[{c}]"), m).help = help;
            }
            names.push(h.get_ref().clone());
        }
        if rows.get_ref().is_empty() {
            self.problem(
                rows.span(),
                format!("{at}.rows"),
                "expected at least one row, found an empty array",
            );
        }
        self.count_limit(
            rows.get_ref(),
            &format!("{at}.rows"),
            limits::TABLE_ROWS,
            "rows",
            "a poster shows a few dozen rows at most: show the largest, or split the table",
        );
        let mut out = Vec::new();
        for (r, row) in rows.get_ref().iter().take(limits::TABLE_ROWS).enumerate() {
            let key = format!("{at}.rows[{r}]");
            if row.get_ref().len() != columns {
                self.problem(
                    row.span(),
                    &key,
                    format!(
                        "expected {columns} cells (one a column of the header), found {}",
                        row.get_ref().len()
                    ),
                );
                continue;
            }
            let mut cells = Vec::new();
            for (c, v) in row.get_ref().iter().enumerate() {
                let key = format!("{key}[{c}]");
                let cell = match v.get_ref() {
                    toml::Value::String(s) => {
                        if let Some((m, help)) = self.cell_issue(s) {
                            self.problem(v.span(), &key, m).help = help;
                        }
                        Raw::Text(s.clone())
                    }
                    toml::Value::Integer(i) => Raw::Number(*i as f64, 0),
                    toml::Value::Float(f) => {
                        // The decimals as written in the spec: TOML's 6.0 reads back as 6.
                        let written = match &self.current {
                            None => self.src.get(v.span()).map(str::to_owned),
                            Some(_) => None,
                        };
                        Raw::Number(*f, decimals_written(&written.unwrap_or(f.to_string())))
                    }
                    other => {
                        self.problem(
                            v.span(),
                            &key,
                            format!(
                                "expected a text or a number, found {}",
                                super::values::describe(other)
                            ),
                        );
                        continue;
                    }
                };
                if let Raw::Number(x, _) = cell {
                    if !self.within_magnitude(v.span(), &key, x) {
                        continue;
                    }
                }
                cells.push(cell);
            }
            if cells.len() == columns {
                out.push(cells);
            }
        }
        (self.problems.len() == before).then_some((names, out))
    }

    /// `data` of a table: a CSV file beside the spec, its first row the header.
    fn table_csv(
        &mut self,
        source: super::csv::DataSource<'_>,
        at: &str,
    ) -> Option<(Vec<String>, Vec<Vec<Raw>>)> {
        let data = source.file;
        let key = format!("{at}.data");
        let written = data.get_ref().as_str();
        let records = self
            .data_table(source, &key, "a table reads its header and rows")?
            .records;
        let Some((header, rows)) = records.split_first() else {
            self.problem(
                data.span(),
                key,
                format!("{written}: expected a header row and rows, found an empty file"),
            );
            return None;
        };
        let columns = header.fields.len();
        let issue = |c: &mut Self, line: usize, message: String, help: Option<String>| {
            c.problem(data.span(), &key, format!("{written}:{line}: {message}"))
                .help = help;
        };
        if columns > limits::TABLE_COLUMNS {
            issue(
                self,
                header.line,
                format!(
                    "expected at most {} columns, found {columns}",
                    limits::TABLE_COLUMNS
                ),
                None,
            );
            return None;
        }
        if rows.is_empty() {
            issue(
                self,
                header.line,
                "expected rows after the header, found none".into(),
                None,
            );
            return None;
        }
        if let Some(row) = rows.get(limits::TABLE_ROWS) {
            issue(
                self,
                row.line,
                format!(
                    "expected at most {} rows in a table, found more",
                    limits::TABLE_ROWS
                ),
                Some(
                    "a poster shows a few dozen rows at most: show the largest, or split the table"
                        .into(),
                ),
            );
            return None;
        }
        for (line, text) in std::iter::once(header)
            .chain(rows)
            .flat_map(|r| r.fields.iter().map(move |f| (r.line, f)))
        {
            if let Some((m, help)) = self.cell_issue(text) {
                issue(self, line, m, help);
                return None;
            }
        }
        let mut out = Vec::new();
        for row in rows {
            if row.fields.len() != columns {
                issue(
                    self,
                    row.line,
                    format!(
                        "expected {columns} fields (one a column of the header), found {}",
                        row.fields.len()
                    ),
                    None,
                );
                return None;
            }
            let cells = row
                .fields
                .iter()
                .map(|f| match f.trim().parse::<f64>() {
                    Ok(x) if x.is_finite() && x.abs() <= limits::VALUE_MAGNITUDE => {
                        Raw::Number(x, decimals_written(f))
                    }
                    _ => Raw::Text(f.clone()),
                })
                .collect();
            out.push(cells);
        }
        Some((header.fields.clone(), out))
    }
}

#[cfg(test)]
mod tests {
    use super::decimals_written;

    #[test]
    fn decimals_as_written() {
        assert_eq!(decimals_written("6.70"), 2);
        assert_eq!(decimals_written(" 12 "), 0);
        assert_eq!(decimals_written("1e4"), 0);
        assert_eq!(decimals_written("0.123456"), 4);
    }
}
