//! Stats and the `items` of list and stat-grid blocks: a stat's figure and optional texts (a stat block or
//! one table of a grid), a grid's column count, a list's style, and items of the wrong kind (a string in
//! a grid, a table in a list).

use std::ops::Range;

use toml::Spanned;

use super::values::optional_text;
use super::Checker;
use crate::diagnostics::did_you_mean;
use crate::model::{BlockKind, List, ListStyle, Stat, StatGrid};
use crate::spec::{RawBlock, RawItem, RawStat};

impl Checker<'_> {
    /// A stat: a required figure and optional texts. `what` names it in messages (`a stat block`).
    pub(super) fn stat(
        &mut self,
        s: &RawStat,
        span: &Range<usize>,
        at: &str,
        what: &str,
    ) -> Option<Stat> {
        let value = match &s.value {
            Some(v) => self.figure(v, &format!("{at}.value")),
            None => {
                self.problem(
                    span.clone(),
                    format!("{at}.value"),
                    format!("expected a `value` key in {what}, found none"),
                );
                None
            }
        };
        Some(Stat {
            label: optional_text(&s.label),
            value: value?,
            unit: optional_text(&s.unit),
            qualifier: optional_text(&s.qualifier),
            after: optional_text(&s.after),
        })
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
        let items = self.items(raw, bspan, at, ty, |c, item, key| match item.get_ref() {
            RawItem::Stat(s) => c.stat(s, &item.span(), &key, "a stat table"),
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
                        format!("expected \"bullet\" or \"number\", found {other:?}"),
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
        items.map(|items| BlockKind::List(List { style, items }))
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
        let items = match &raw.items {
            None => {
                self.problem(
                    block.clone(),
                    format!("{at}.items"),
                    format!("expected an `items` key in a {ty} block, found none"),
                );
                return None;
            }
            Some(items) if items.get_ref().is_empty() => {
                self.problem(
                    items.span(),
                    format!("{at}.items"),
                    "expected at least one item, found an empty array",
                );
                return None;
            }
            Some(items) => items.get_ref(),
        };
        Some(
            items
                .iter()
                .enumerate()
                .filter_map(|(j, item)| read(self, item, format!("{at}.items[{j}]")))
                .collect(),
        )
    }
}
