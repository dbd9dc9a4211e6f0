//! Stats and the `items` of list and stat-grid blocks: a stat's figure and optional texts (a stat block or
//! one table of a grid), how a numeric figure is written (`scale`, `precision`, `thousands`, `change`), a
//! grid's column count, a list's style, and items of the wrong kind (a string in a grid, a table in a list).
//!
//! A stat's `value` may refer to a figure of the spec's data file, `{ data = "NAME" }` (`data.rs`): the
//! figure is then read as if written in its place, format keys included.
//!
//! A numeric figure with any of the format keys is written here, with `text::number`, so the model holds
//! the printed text: the numeral in `value`, the scale word in front of the unit (12000 人 → `1.2` `万人`),
//! for `change = "sign"` the sign in front of the numeral (`+8`, `−3.2`), and for `change = "words"` the
//! word at the end of the label (`招商引资投资额增长` above `29.5%`), so the numeral stays the hero.

use std::ops::Range;

use crate::spec::Spanned;

use super::csv::{csv_number, is_percent, DataSource};
use super::values::{describe, quoted};
use super::Checker;
use crate::diagnostics::did_you_mean;
use crate::model::{limits, BlockKind, List, ListStyle, Stat, StatGrid};
use crate::spec::{RawBlock, RawItem, RawItems, RawItemsData, RawStat};
use crate::text::number::{
    change_word, format_number, ChangeStyle, ChangeUnit, NumberFormat, Scale,
};

/// The `change` values and what they mean.
static CHANGES: [(&str, ChangeStyle); 2] =
    [("words", ChangeStyle::Words), ("sign", ChangeStyle::Sign)];

/// Words a label must not end with when `change = "words"` writes the word itself (同比增长 + 增长).
const CHANGE_WORDS: [&str; 8] = [
    "增长", "下降", "提高", "降低", "增加", "减少", "上升", "下滑",
];

/// How a stat's numeric value is written, when at least one format key is set.
#[derive(Clone, Copy)]
struct StatFormat {
    number: NumberFormat,
    change: Option<ChangeStyle>,
    /// `precision` was given: exactly that many decimals, whatever the figures beside it.
    explicit: bool,
}

/// A stat's numeric figure, before it is written: figures read together (a grid's in one unit) share
/// their decimals (6.0 beside 6.7).
#[derive(Clone, Copy)]
struct Figure {
    number: f64,
    /// Decimals as written in the spec (`6.0`: 1).
    written: usize,
    /// `None`: no format key; the figure is printed as written (with more decimals only to match the
    /// figures beside it).
    format: Option<StatFormat>,
}

impl Figure {
    /// How the figure is measured for sharing: its format, or as written (up to 4 decimals, unscaled).
    fn measure(&self) -> NumberFormat {
        match &self.format {
            Some(f) => f.number,
            None => NumberFormat {
                scale: Scale::None,
                precision: crate::text::number::MAX_DECIMALS,
                ..NumberFormat::default()
            },
        }
    }

    /// The scale index (plain, 万, 亿) and unit it is printed in: what figures must share to be read
    /// together.
    fn group(&self, stat: &Stat) -> (usize, Option<String>) {
        (
            crate::text::number::scale_index(self.number, &self.measure()),
            stat.unit.clone(),
        )
    }

    /// The decimals of `figures` (this one's group, itself included).
    fn shared_with(&self, figures: &[Figure]) -> [u8; 3] {
        if let Some(f) = self.format.filter(|f| f.explicit) {
            return [f.number.precision as u8; 3];
        }
        // Measured at the lowest ceiling of the group, so that every figure of it agrees.
        let ceiling = figures.iter().map(|f| f.measure().precision).min();
        let measure = NumberFormat {
            precision: ceiling.unwrap_or(self.measure().precision),
            ..self.measure()
        };
        crate::text::number::shared_decimals(
            figures
                .iter()
                .filter(|f| !f.format.is_some_and(|f| f.explicit))
                .map(|f| (f.number, f.written)),
            &measure,
        )
    }

    /// Writes the figure into `stat` with `decimals` (by scale word).
    fn write(&self, stat: &mut Stat, decimals: [u8; 3]) {
        match &self.format {
            Some(f) => {
                let number = NumberFormat {
                    shared: Some(decimals),
                    ..f.number
                };
                write_stat(stat, self.number, &number, f.change);
            }
            None => {
                // As written, unless the figures beside it have more decimals (6 beside 6.7: 6.0).
                let d = usize::from(decimals[0]);
                let has = stat.value.split_once('.').map_or(0, |(_, f)| f.len());
                if d > has && !stat.value.contains(['e', 'E']) {
                    stat.value = crate::text::number::decimal(self.number, d, true, false);
                }
            }
        }
    }
}

/// The longest `prefix`, in characters.
const PREFIX_CHARS: usize = 6;

impl Checker<'_> {
    /// `prefix`: a short word set before the figure (近, 约, 超, 上限), at most [`PREFIX_CHARS`]
    /// characters.
    pub(super) fn prefix(&mut self, v: &Option<Spanned<String>>, key: &str) -> Option<String> {
        let prefix = self.optional_text(v, key);
        let chars = prefix.as_deref().map_or(0, |p| p.chars().count());
        if let Some(v) = v.as_ref().filter(|_| chars > PREFIX_CHARS) {
            self.problem(
                v.span(),
                key,
                format!("expected a word before the figure of at most {PREFIX_CHARS} characters, found {chars}"),
            )
            .help = Some("a prefix is a word such as 近, 约, 超 or 上限; say more in the label".into());
        }
        prefix
    }

    /// A stat: a required figure and optional texts. `what` names it in messages (`a stat block`).
    /// A numeric figure is written alone: with the decimals it needs (or was written with, `6.0`).
    pub(super) fn stat(
        &mut self,
        s: &RawStat,
        span: &Range<usize>,
        at: &str,
        what: &str,
    ) -> Option<Stat> {
        let (mut stat, figure) = self.stat_parts(s, span, at, what)?;
        if let Some(figure) = figure {
            let decimals = figure.shared_with(std::slice::from_ref(&figure));
            figure.write(&mut stat, decimals);
        }
        Some(stat)
    }

    /// A stat with its numeric figure not yet written (`None`: a text figure, written as it is).
    fn stat_parts(
        &mut self,
        s: &RawStat,
        span: &Range<usize>,
        at: &str,
        what: &str,
    ) -> Option<(Stat, Option<Figure>)> {
        let key = format!("{at}.value");
        // A reference `{ data = "NAME" }` is read as the figure it names.
        let resolved = s
            .value
            .as_ref()
            .and_then(|v| self.resolve(v, &key, "a number, a string"));
        let value = match (&s.value, &resolved) {
            (Some(_), Some(r)) => self.figure(&r.value, &key),
            (Some(_), None) => None,
            (None, _) => {
                self.problem(
                    span.clone(),
                    format!("{at}.value"),
                    format!("expected a `value` key in {what}, found none"),
                );
                None
            }
        };
        let format = self.stat_format(s, at);
        let label = self.optional_text(&s.label, &format!("{at}.label"));
        let unit = self.unit(&s.unit, &format!("{at}.unit"));
        let qualifier = self.optional_text(&s.qualifier, &format!("{at}.qualifier"));
        let prefix = self.prefix(&s.prefix, &format!("{at}.prefix"));
        let after = self.optional_text(&s.after, &format!("{at}.after"));
        let icon = self.optional_icon(&s.icon, &format!("{at}.icon"));
        let stat = Stat {
            label,
            prefix,
            value: value?,
            unit,
            qualifier,
            after,
            icon,
        };
        let Some(resolved) = &resolved else {
            return Some((stat, None));
        };
        let v = &resolved.value;
        let number = match v.get_ref() {
            toml::Value::Integer(i) => *i as f64,
            toml::Value::Float(f) => *f,
            other => {
                if format.is_some() {
                    self.format_needs_a_number(s, at, other, resolved.figure.as_deref());
                    return None;
                }
                return Some((stat, None));
            }
        };
        if format
            .as_ref()
            .is_some_and(|f| f.change == Some(ChangeStyle::Words))
            && !self.label_without_change_word(s, at)
        {
            return None;
        }
        // The decimals as written in the spec: TOML's 6.0 reads back as 6.
        let written = match &resolved.figure {
            None => s
                .value
                .as_ref()
                .map_or(0, |v| self.written_decimals(v.span())),
            Some(_) => 0,
        };
        Some((
            stat,
            Some(Figure {
                number,
                written,
                format,
            }),
        ))
    }

    /// The format keys of a stat, each checked; `None` when none is set (the figure is printed as
    /// written). Defaults: no scaling, 1 decimal place, no thousands separators, not a change.
    fn stat_format(&mut self, s: &RawStat, at: &str) -> Option<StatFormat> {
        if s.scale.is_none() && s.precision.is_none() && s.thousands.is_none() && s.change.is_none()
        {
            return None;
        }
        let scale = s.scale.as_ref().map_or(Scale::None, |v| self.scale(v, at));
        let precision = self.precision(&s.precision, at);
        let thousands = s.thousands.as_ref().is_some_and(|t| *t.get_ref());
        let change = s.change.as_ref().and_then(|c| {
            let written = c.get_ref().as_str();
            if let Some((_, style)) = CHANGES.iter().find(|(n, _)| *n == written) {
                return Some(*style);
            }
            let names = CHANGES.map(|(n, _)| n);
            let help = did_you_mean(written, &names);
            self.problem(
                c.span(),
                format!("{at}.change"),
                format!("expected \"words\" or \"sign\", found {written:?}"),
            )
            .help = help;
            None
        });
        Some(StatFormat {
            number: NumberFormat {
                scale,
                precision,
                fixed: false,
                thousands,
                traditional: self.lang.is_traditional(),
                shared: None,
            },
            change,
            explicit: s.precision.is_some(),
        })
    }

    /// A format key with a value that is not a number (`value = "“1+10”"` with `scale = "auto"`), reported
    /// at the first format key. Values that are neither numbers nor strings were reported already.
    /// `figure` names the figure of the data file the value came from, if it did.
    fn format_needs_a_number(
        &mut self,
        s: &RawStat,
        at: &str,
        value: &toml::Value,
        figure: Option<&str>,
    ) {
        if !matches!(value, toml::Value::String(_)) {
            return;
        }
        let set: Vec<(&str, Range<usize>)> = [
            ("scale", s.scale.as_ref().map(|v| v.span())),
            ("precision", s.precision.as_ref().map(|v| v.span())),
            ("thousands", s.thousands.as_ref().map(|v| v.span())),
            ("change", s.change.as_ref().map(|v| v.span())),
        ]
        .into_iter()
        .filter_map(|(k, span)| span.map(|span| (k, span)))
        .collect();
        let Some((first, span)) = set.first().cloned() else {
            return;
        };
        let names: Vec<String> = set.iter().map(|(k, _)| format!("`{k}`")).collect();
        let names = match names.as_slice() {
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
            [] => unreachable!("at least one key is set"),
        };
        self.problem(
            span,
            format!("{at}.{first}"),
            format!(
                "expected a numeric `value` for {names} to format, found {}{}",
                figure.map(|f| format!("{f}, ")).unwrap_or_default(),
                describe(value)
            ),
        )
        .help = Some(format!(
            "{names} needs a numeric value: write it as a number (value = 12000), or remove {names} \
             and write the figure as it is to be printed"
        ));
    }

    /// With `change = "words"` the word (增长, 下降 …) is written after the label; a label that already ends
    /// with one would read 同比增长下降. False (and reported) for such a label.
    fn label_without_change_word(&mut self, s: &RawStat, at: &str) -> bool {
        let Some(label) = &s.label else {
            return true;
        };
        let written = label.get_ref().trim_end();
        let Some(word) = CHANGE_WORDS.iter().find(|w| written.ends_with(**w)) else {
            return true;
        };
        let stem = written.strip_suffix(word).unwrap_or(written);
        self.problem(
            label.span(),
            format!("{at}.label"),
            format!(
                "expected a label without a change word (`change = \"words\"` adds one), found {}",
                quoted(label.get_ref())
            ),
        )
        .help = Some(format!(
            "`change = \"words\"` writes 增长 or 下降 (提高 or 降低 for 百分点) after the label: write label = {stem:?}"
        ));
        false
    }

    /// A stat grid: 1 to 6 columns (3 by default) of stat tables.
    pub(super) fn stat_grid(
        &mut self,
        raw: &RawBlock,
        bspan: &Range<usize>,
        at: &str,
        ty: &str,
    ) -> Option<BlockKind> {
        let columns = match &raw.columns {
            None => 3,
            Some(c) if (1..=6).contains(c.get_ref()) => *c.get_ref() as usize,
            Some(c) => {
                self.problem(
                    c.span(),
                    format!("{at}.columns"),
                    format!(
                        "expected a number of columns from 1 to 6, found {}",
                        c.get_ref()
                    ),
                );
                3
            }
        };
        // The grid's `precision`: every numeric figure with exactly that many decimals, unless its
        // own `precision` says otherwise.
        let precision = raw
            .precision
            .as_ref()
            .map(|_| self.precision(&raw.precision, at));
        let items = self.items(raw, bspan, at, ty, |c, item, key| match item.get_ref() {
            RawItem::Stat(s) => c.stat_parts(s, &item.span(), &key, "a stat table"),
            RawItem::Text(t) => {
                c.problem(
                    item.span(),
                    key,
                    format!(
                        "expected a stat table like {{ label = \"…\", value = 1.2, unit = \"…\" }}, found a string ({t:?})"
                    ),
                );
                None
            }
        });
        let traditional = self.lang.is_traditional();
        let items = items.map(|mut items| {
            if let Some(p) = precision {
                for figure in items.iter_mut().filter_map(|(_, f)| f.as_mut()) {
                    if figure.format.is_some_and(|f| f.explicit) {
                        continue;
                    }
                    let base = figure.format.unwrap_or(StatFormat {
                        number: NumberFormat {
                            scale: Scale::None,
                            traditional,
                            ..NumberFormat::default()
                        },
                        change: None,
                        explicit: true,
                    });
                    figure.format = Some(StatFormat {
                        number: NumberFormat {
                            precision: p,
                            ..base.number
                        },
                        explicit: true,
                        ..base
                    });
                }
            }
            // Figures in the same unit (and scale word) are read together: they share their decimals.
            let groups: Vec<_> = items
                .iter()
                .map(|(stat, f)| f.map(|f| f.group(stat)))
                .collect();
            let decided: Vec<Option<[u8; 3]>> = items
                .iter()
                .zip(&groups)
                .map(|((_, f), g)| {
                    let f = f.as_ref()?;
                    let together: Vec<Figure> = items
                        .iter()
                        .zip(&groups)
                        .filter(|(_, h)| h.as_ref() == g.as_ref())
                        .filter_map(|((_, f), _)| *f)
                        .collect();
                    Some(f.shared_with(&together))
                })
                .collect();
            items
                .into_iter()
                .zip(decided)
                .map(|((mut stat, f), d)| {
                    if let (Some(f), Some(d)) = (f, d) {
                        f.write(&mut stat, d);
                    }
                    stat
                })
                .collect()
        });
        items.map(|items| BlockKind::StatGrid(StatGrid { columns, items }))
    }

    /// A list: bullets (the default) or numbers, of non-empty strings.
    pub(super) fn list(
        &mut self,
        raw: &RawBlock,
        bspan: &Range<usize>,
        at: &str,
        ty: &str,
    ) -> Option<BlockKind> {
        let style = match &raw.style {
            None => ListStyle::Bullet,
            Some(s) => match s.get_ref().as_str() {
                "bullet" => ListStyle::Bullet,
                "number" => ListStyle::Number,
                other => {
                    let help = did_you_mean(other, &["bullet", "number"]);
                    self.problem(
                        s.span(),
                        format!("{at}.style"),
                        format!("expected \"bullet\" or \"number\", found {}", quoted(other)),
                    )
                    .help = help;
                    ListStyle::Bullet
                }
            },
        };
        let items = self.items(raw, bspan, at, ty, |c, item, key| match item.get_ref() {
            RawItem::Text(t) => Some(c.text(&Spanned::new(item.span(), t.clone()), &key)),
            RawItem::Stat(_) => {
                c.problem(item.span(), key, "expected a string, found a table");
                None
            }
        });
        let icon = self.optional_icon(&raw.icon, &format!("{at}.icon"));
        items.map(|items| BlockKind::List(List { style, items, icon }))
    }

    /// The `items` of a list or stat grid, which must be present and not empty, each read by `read` with
    /// its key (`blocks[2].items[0]`); items it rejects are left out.
    fn items<T>(
        &mut self,
        raw: &RawBlock,
        block: &Range<usize>,
        at: &str,
        ty: &str,
        mut read: impl FnMut(&mut Self, &Spanned<RawItem>, String) -> Option<T>,
    ) -> Option<Vec<T>> {
        let (items, rows) = match raw.items.as_ref().map(|i| (i, i.get_ref())) {
            None => {
                self.problem(
                    block.clone(),
                    format!("{at}.items"),
                    format!("expected an `items` key in a {ty} block, found none"),
                );
                return None;
            }
            Some((items, RawItems::List(list))) if list.is_empty() => {
                self.problem(
                    items.span(),
                    format!("{at}.items"),
                    "expected at least one item, found an empty array",
                );
                return None;
            }
            Some((_, RawItems::List(list))) => {
                let help = format!("split the items into several {ty} blocks");
                let key = format!("{at}.items");
                self.count_limit(list, &key, limits::ITEMS, "items", &help);
                (std::borrow::Cow::Borrowed(list.as_slice()), None)
            }
            Some((_, RawItems::Data(data))) if ty == "stats" => {
                let (rows, lines) = self.stat_rows(data, at)?;
                (
                    std::borrow::Cow::Owned(rows),
                    Some((data.data.get_ref().clone(), lines)),
                )
            }
            Some((items, RawItems::Data(_))) => {
                self.problem(
                    items.span(),
                    format!("{at}.items"),
                    format!("expected the items of a {ty} block written out, found a data file"),
                )
                .help = Some(
                    "only a stat grid (`type = \"stats\"`) reads its items from a data file".into(),
                );
                return None;
            }
        };
        let mut read_items = Vec::with_capacity(items.len());
        for (j, item) in items.iter().enumerate() {
            let before = self.problems.len();
            read_items.extend(read(self, item, format!("{at}.items[{j}]")));
            // A row of a data file: its problems name the file and the row.
            if let Some((file, lines)) = &rows {
                for problem in &mut self.problems[before..] {
                    problem.message = format!("{file}:{}: {}", lines[j], problem.message);
                }
            }
        }
        Some(read_items)
    }

    /// The stats of a data file's rows (`items = { data = "figures.csv" }`), as if written out, each at
    /// the `data` key, with the line (or sheet row) each came from.
    fn stat_rows(
        &mut self,
        data: &RawItemsData,
        at: &str,
    ) -> Option<(Vec<Spanned<RawItem>>, Vec<usize>)> {
        let source = DataSource {
            file: &data.data,
            sheet: data.sheet.as_ref(),
            range: data.range.as_ref(),
        };
        let key = format!("{at}.items.data");
        let table = self.data_table(source, &key, "a stat grid reads one stat a row")?;
        let span = data.data.span();
        let written = data.data.get_ref();
        let Some((header, rows)) = table.records.split_first() else {
            self.problem(
                span,
                key,
                format!("{written}: expected a header row and a row a stat, found an empty file"),
            );
            return None;
        };
        let mut columns: Vec<Option<StatColumn>> = Vec::with_capacity(header.fields.len());
        for (c, name) in header.fields.iter().enumerate() {
            let column = STAT_COLUMNS
                .iter()
                .find(|(names, _)| names.contains(&name.as_str()))
                .map(|(_, column)| *column);
            if column.is_none() && !name.is_empty() {
                let known: Vec<&str> = STAT_COLUMNS
                    .iter()
                    .flat_map(|(n, _)| n.iter().copied())
                    .collect();
                self.problem(
                    span.clone(),
                    key.clone(),
                    format!(
                        "{written}:{}:{}: expected a column named label, value, unit, qualifier, prefix or after (指标, 数值, 单位, 修饰, 前缀, 后缀), found {name:?}",
                        header.line,
                        c + 1
                    ),
                )
                .help = did_you_mean(name, &known);
            }
            columns.push(column);
        }
        if !columns.contains(&Some(StatColumn::Value)) {
            self.problem(
                span,
                key,
                format!(
                    "{written}:{}: expected a `value` (数值) column, found none",
                    header.line
                ),
            );
            return None;
        }
        if rows.is_empty() {
            self.problem(
                span,
                key,
                format!("{written}: expected a row a stat after the header, found none"),
            );
            return None;
        }
        if rows.len() > limits::ITEMS {
            self.problem(
                span,
                key,
                format!(
                    "{written}: expected at most {} rows, one a stat, found {}",
                    limits::ITEMS,
                    rows.len()
                ),
            )
            .help = Some("split the rows into several files, one a stat grid".into());
            return None;
        }
        let formatted = data.scale.is_some()
            || data.precision.is_some()
            || data.thousands.is_some()
            || data.change.is_some();
        let at_data = |text: &str| Some(Spanned::new(span.clone(), text.to_owned()));
        let items = rows
            .iter()
            .map(|row| {
                let mut stat = RawStat {
                    label: None,
                    value: None,
                    unit: None,
                    qualifier: None,
                    prefix: None,
                    after: None,
                    icon: None,
                    scale: data.scale.clone(),
                    precision: data.precision.clone(),
                    thousands: data.thousands.clone(),
                    change: data.change.clone(),
                };
                let mut percent = false;
                for (field, column) in row.fields.iter().zip(&columns) {
                    if field.is_empty() {
                        continue;
                    }
                    match column {
                        Some(StatColumn::Label) => stat.label = at_data(field),
                        Some(StatColumn::Unit) => stat.unit = at_data(field),
                        Some(StatColumn::Qualifier) => stat.qualifier = at_data(field),
                        Some(StatColumn::Prefix) => stat.prefix = at_data(field),
                        Some(StatColumn::After) => stat.after = at_data(field),
                        Some(StatColumn::Value) => {
                            percent = is_percent(field);
                            stat.value =
                                Some(Spanned::new(span.clone(), cell_value(field, formatted)));
                        }
                        None => {}
                    }
                }
                // `29.5%` in the value column: the figure 29.5, its unit %, unless the row names one.
                if percent && stat.unit.is_none() {
                    stat.unit = at_data("%");
                }
                Spanned::new(span.clone(), RawItem::Stat(Box::new(stat)))
            })
            .collect();
        Some((items, rows.iter().map(|r| r.line).collect()))
    }
}

/// What a column of a stat grid's data file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StatColumn {
    Label,
    Value,
    Unit,
    Qualifier,
    Prefix,
    After,
}

/// The header names of a stat grid's data file: the stat's keys, or their usual Chinese names.
static STAT_COLUMNS: [(&[&str], StatColumn); 6] = [
    (&["label", "指标", "标签"], StatColumn::Label),
    (&["value", "数值", "数据"], StatColumn::Value),
    (&["unit", "单位"], StatColumn::Unit),
    (&["qualifier", "修饰"], StatColumn::Qualifier),
    (&["prefix", "前缀"], StatColumn::Prefix),
    (&["after", "后缀"], StatColumn::After),
];

/// A value cell as the figure a spec would write: with format keys a number (separators and percent
/// sign read as a spreadsheet writes them), so it can be scaled and rounded; without, the text as written
/// less a percent sign, so `6.0` stays `6.0`. A cell that is no number stays text; with format keys the
/// stat check then says that it needs a number.
fn cell_value(field: &str, formatted: bool) -> toml::Value {
    let bare = field.trim().trim_end_matches(['%', '％']).trim_end();
    if formatted {
        if let Ok(x) = csv_number(field) {
            return if x.fract() == 0.0 && x.abs() < 1e15 && !bare.contains('.') {
                toml::Value::Integer(x as i64)
            } else {
                toml::Value::Float(x)
            };
        }
    }
    toml::Value::String(bare.to_owned())
}

/// Writes the numeric `value` of `stat` under `number`, as a change when `change` is set:
///
/// - not a change: the numeral in `value`, the scale word in front of the unit (`1.2` `万人`);
/// - `Sign`: `+8`, `−3.2`, `0` (zero has no sign and no scale word);
/// - `Words`: the numeral unsigned, 增长 or 下降 (提高 or 降低 when the unit is 个百分点 or 百分点) at the end
///   of the label, or as the label when there is none; a change that rounds to zero is written 持平 in
///   `value`, without the unit.
///
/// The words and signs follow [`crate::text::number::format_change`].
fn write_stat(stat: &mut Stat, value: f64, number: &NumberFormat, change: Option<ChangeStyle>) {
    let Some(style) = change else {
        let f = format_number(value, number);
        stat.value = f.numeral;
        stat.unit = with_scale(f.scale, stat.unit.take());
        return;
    };
    let f = format_number(value.abs(), number);
    let zero = !f.numeral.chars().any(|c| matches!(c, '1'..='9'));
    match style {
        ChangeStyle::Words if zero => {
            stat.value = "持平".to_owned();
            stat.unit = None;
        }
        ChangeStyle::Words => {
            let points = stat
                .unit
                .as_deref()
                .is_some_and(|u| matches!(u.trim(), "个百分点" | "百分点" | "個百分點" | "百分點"));
            let unit = if points {
                ChangeUnit::Points
            } else {
                ChangeUnit::Percent
            };
            let word = change_word(unit, value > 0.0, number.traditional);
            stat.label = Some(format!("{}{word}", stat.label.take().unwrap_or_default()));
            stat.value = f.numeral;
            stat.unit = with_scale(f.scale, stat.unit.take());
        }
        ChangeStyle::Sign if zero => stat.value = "0".to_owned(),
        ChangeStyle::Sign => {
            let sign = if value > 0.0 { "+" } else { "−" };
            stat.value = format!("{sign}{}", f.numeral);
            stat.unit = with_scale(f.scale, stat.unit.take());
        }
    }
}

/// The unit with the scale word in front: 万 + 人 → 万人; the scale word alone when there is no unit.
fn with_scale(scale: &str, unit: Option<String>) -> Option<String> {
    match (scale, unit) {
        ("", unit) => unit,
        (scale, Some(unit)) => Some(format!("{scale}{unit}")),
        (scale, None) => Some(scale.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::number::format_change;

    fn written(
        value: f64,
        label: Option<&str>,
        unit: Option<&str>,
        number: NumberFormat,
        change: Option<ChangeStyle>,
    ) -> (Option<String>, String, Option<String>) {
        let mut stat = Stat {
            label: label.map(str::to_owned),
            value: "?".to_owned(),
            unit: unit.map(str::to_owned),
            ..Stat::default()
        };
        write_stat(&mut stat, value, &number, change);
        (stat.label, stat.value, stat.unit)
    }

    fn scaled(scale: Scale) -> NumberFormat {
        NumberFormat {
            scale,
            ..NumberFormat::default()
        }
    }

    #[test]
    fn scale_word_goes_before_the_unit() {
        let auto = scaled(Scale::Auto);
        assert_eq!(
            written(12000.0, None, Some("人"), auto, None),
            (None, "1.2".into(), Some("万人".into()))
        );
        assert_eq!(
            written(350_000_000_000.0, None, Some("元"), auto, None),
            (None, "3500".into(), Some("亿元".into()))
        );
        assert_eq!(
            written(12000.0, None, None, auto, None).2.as_deref(),
            Some("万")
        );
        assert_eq!(
            written(1355.0, None, Some("家"), auto, None).2.as_deref(),
            Some("家")
        );
        let none = NumberFormat {
            thousands: true,
            ..scaled(Scale::None)
        };
        assert_eq!(written(22019.0, None, Some("元"), none, None).1, "22,019");
    }

    /// Word or sign + numeral + unit reads exactly as `format_change` writes the change.
    #[test]
    fn changes_agree_with_format_change() {
        use ChangeStyle::*;
        let plain = scaled(Scale::None);
        for v in [29.5, -3.2, 8.0, 0.0, 0.04, 1.6, -0.4, 12.25] {
            for (unit, kind) in [("%", ChangeUnit::Percent), ("个百分点", ChangeUnit::Points)] {
                for style in [Words, Sign] {
                    let (label, value, u) = written(v, None, Some(unit), plain, Some(style));
                    let printed = format!(
                        "{}{value}{}",
                        label.unwrap_or_default(),
                        u.unwrap_or_default()
                    );
                    assert_eq!(
                        printed,
                        format_change(v, kind, style, 1),
                        "{v} {unit} {style:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn change_words_end_the_label() {
        use ChangeStyle::*;
        let plain = scaled(Scale::None);
        assert_eq!(
            written(29.5, Some("招商引资投资额"), Some("%"), plain, Some(Words)),
            (
                Some("招商引资投资额增长".into()),
                "29.5".into(),
                Some("%".into())
            )
        );
        assert_eq!(
            written(-3.2, None, Some("%"), plain, Some(Words)),
            (Some("下降".into()), "3.2".into(), Some("%".into()))
        );
        assert_eq!(
            written(1.6, Some("占比"), Some("个百分点"), plain, Some(Words))
                .0
                .as_deref(),
            Some("占比提高")
        );
        assert_eq!(
            written(0.0, Some("物价"), Some("%"), plain, Some(Words)),
            (Some("物价".into()), "持平".into(), None)
        );
        assert_eq!(
            written(
                -32000.0,
                Some("人口"),
                Some("人"),
                scaled(Scale::Auto),
                Some(Words)
            ),
            (Some("人口下降".into()), "3.2".into(), Some("万人".into()))
        );
        assert_eq!(
            written(-32000.0, None, Some("人"), scaled(Scale::Auto), Some(Sign)),
            (None, "−3.2".into(), Some("万人".into()))
        );
    }
}
