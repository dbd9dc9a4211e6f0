//! The blocks: which types there are and which keys each takes ([`BLOCK_TYPES`], also used to reword
//! toml's unknown-key errors), keys that belong to another type, and each type's required and optional
//! keys. The items of lists and stat grids are read in `items.rs`, charts in `chart.rs`.

use std::ops::Range;

use crate::spec::Spanned;

use super::Checker;
use crate::diagnostics::did_you_mean;
use crate::model::{limits, Block, BlockKind, Headline, Paragraph, Section};
use crate::spec::{RawBlock, RawStat};

/// Every block type and the keys it takes besides `type`.
static BLOCK_TYPES: [(&str, &[&str]); 13] = [
    ("headline", &["text", "lines"]),
    ("kicker", &["text"]),
    ("section", &["title", "number", "level", "icon"]),
    ("paragraph", &["text", "lead"]),
    (
        "stat",
        &[
            "value",
            "label",
            "unit",
            "qualifier",
            "prefix",
            "after",
            "icon",
            "scale",
            "precision",
            "thousands",
            "change",
        ],
    ),
    ("stats", &["items", "columns", "precision"]),
    ("list", &["items", "style", "icon"]),
    (
        "chart",
        &[
            "kind",
            "title",
            "labels",
            "values",
            "series",
            "data",
            "sheet",
            "range",
            "unit",
            "highlight",
            "source",
            "height",
            "scale",
            "precision",
            "max",
            "center",
            "prefix",
            "qualifier",
            "reference",
            "band",
            "callout",
        ],
    ),
    ("divider", &[]),
    ("credit", &["text"]),
    (
        "image",
        &[
            "src", "fit", "align", "width", "height", "radius", "caption", "credit",
        ],
    ),
    ("qr", &["text", "width", "align", "caption"]),
    (
        "table",
        &[
            "title",
            "header",
            "rows",
            "data",
            "sheet",
            "range",
            "highlight",
            "source",
            "scale",
            "precision",
            "thousands",
        ],
    ),
];

/// The entry of [`BLOCK_TYPES`] for the type named `ty`.
pub(in crate::model) fn block_type(
    ty: &str,
) -> Option<&'static (&'static str, &'static [&'static str])> {
    BLOCK_TYPES.iter().find(|(t, _)| *t == ty)
}

/// Every block type and the keys it takes besides `type`.
pub(in crate::model) fn block_types() -> &'static [(&'static str, &'static [&'static str])] {
    &BLOCK_TYPES
}

/// The names of every block type, in the order of [`BLOCK_TYPES`].
pub(in crate::model) fn block_type_names() -> [&'static str; 13] {
    BLOCK_TYPES.map(|(t, _)| t)
}

/// `a key of a paragraph block (`type`, `text`, `lead`)`
pub(in crate::model) fn block_keys(ty: &str, keys: &[&str]) -> String {
    if keys.is_empty() {
        return format!("no keys but `type` in a {ty} block");
    }
    let list: Vec<String> = std::iter::once(&"type")
        .chain(keys.iter())
        .map(|k| format!("`{k}`"))
        .collect();
    format!("a key of a {ty} block ({})", list.join(", "))
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

impl Checker<'_> {
    /// The blocks of a spec, at most [`limits::BLOCKS`] of them; every block is checked either way.
    pub(in crate::model) fn blocks(
        &mut self,
        blocks: &Spanned<Vec<Spanned<RawBlock>>>,
    ) -> Vec<Block> {
        self.count_limit(
            blocks.get_ref(),
            "blocks",
            limits::BLOCKS,
            "blocks",
            "split the content into several specs (several posters, or the pages of a series)",
        );
        let mut out = Vec::new();
        for (i, b) in blocks.get_ref().iter().enumerate() {
            let Some(block) = self.block(i, b) else {
                continue;
            };
            // A block's notes follow it, as a block of their own.
            let notes = b.get_ref().notes.as_ref().and_then(|n| {
                let copy = block.kind.texts();
                self.notes(n, &format!("blocks[{i}].notes"), &copy, "the block's text")
            });
            out.push(block);
            if let Some(items) = notes {
                out.push(Block {
                    origin: format!("blocks[{i}].notes (notes)"),
                    kind: BlockKind::Notes(crate::model::Notes { items, page: false }),
                    alt: None,
                });
            }
        }
        out
    }

    /// `alt`: a text alternative of at most [`limits::ALT_CHARS`] characters, not empty.
    fn alt(&mut self, v: &Spanned<String>, key: &str) -> Option<String> {
        let before = self.problems.len();
        self.text_limits(v, key);
        let chars = v.get_ref().chars().count();
        if v.get_ref().trim().is_empty() {
            self.problem(
                v.span(),
                key,
                "expected a text alternative, found an empty string",
            )
            .help = Some("remove `alt` to have one written from the block's data".into());
        } else if chars > limits::ALT_CHARS {
            self.problem(
                v.span(),
                key,
                format!(
                    "expected a text alternative of at most {} characters, found {chars}",
                    limits::ALT_CHARS
                ),
            )
            .help = Some(
                "say what the graphic shows in a few sentences; the data can go in a table".into(),
            );
        }
        (self.problems.len() == before).then(|| v.get_ref().trim().to_owned())
    }

    /// `[page] notes`: at the page's foot, before the closing credit lines, their markers found in any
    /// block's text.
    pub(in crate::model) fn page_notes(
        &mut self,
        page: Option<&crate::spec::RawPage>,
        blocks: &mut Vec<Block>,
    ) {
        let Some(n) = page.and_then(|p| p.notes.as_ref()) else {
            return;
        };
        let copy: Vec<String> = blocks.iter().flat_map(|b| b.kind.texts()).collect();
        let Some(items) = self.notes(n, "page.notes", &copy, "the poster's text") else {
            return;
        };
        let at = blocks.len()
            - blocks
                .iter()
                .rev()
                .take_while(|b| matches!(b.kind, BlockKind::Credit { .. }))
                .count();
        blocks.insert(
            at,
            Block {
                origin: "page.notes (notes)".into(),
                kind: BlockKind::Notes(crate::model::Notes { items, page: true }),
                alt: None,
            },
        );
    }

    pub(in crate::model) fn block(&mut self, i: usize, b: &Spanned<RawBlock>) -> Option<Block> {
        let raw = b.get_ref();
        let at = format!("blocks[{i}]");
        let ty = raw.r#type.get_ref().as_str();
        let Some((ty, keys)) = block_type(ty) else {
            let names = block_type_names();
            let help = did_you_mean(ty, &names);
            self.problem(
                raw.r#type.span(),
                format!("{at}.type"),
                format!("expected a block type ({}), found {ty:?}", names.join(", ")),
            )
            .help = help;
            return None;
        };
        let before = self.problems.len();

        for (key, span) in raw.present_keys() {
            if matches!(key, "type" | "notes" | "alt") || keys.contains(&key) {
                continue;
            }
            let message = format!("expected {}, found `{key}`", block_keys(ty, keys));
            // A key of another block type is a key in the wrong place rather than a typo of a key of
            // this one (`change` on a chart is a stat's key, however close it is to the chart's
            // `range`), unless one letter makes it this block's (`value` for a chart's `values`).
            let users: Vec<&str> = BLOCK_TYPES
                .iter()
                .filter(|(_, ks)| ks.contains(&key))
                .map(|(t, _)| *t)
                .collect();
            let one_letter_off = keys.iter().any(|k| strsim::osa_distance(key, k) <= 1);
            let help = if users.is_empty() || one_letter_off {
                did_you_mean(key, *keys)
            } else {
                Some(format!(
                    "`{key}` belongs to {} blocks; remove it here",
                    and_list(&users)
                ))
            };
            self.problem(span, format!("{at}.{key}"), message).help = help;
        }

        let bspan = b.span();
        let kind = match *ty {
            "headline" => self.headline(raw, &bspan, &at),
            "kicker" => self
                .required_text(&raw.text, &bspan, &at, "text", ty)
                .map(|text| BlockKind::Kicker { text }),
            "credit" => self
                .required_text(&raw.text, &bspan, &at, "text", ty)
                .map(|text| BlockKind::Credit { text }),
            "section" => self.section(raw, &bspan, &at, ty),
            "paragraph" => {
                let text = self.required_text(&raw.text, &bspan, &at, "text", ty);
                let lead = self.optional_text(&raw.lead, &format!("{at}.lead"));
                text.map(|text| BlockKind::Paragraph(Paragraph { lead, text }))
            }
            "stat" => {
                let stat = RawStat {
                    label: raw.label.clone(),
                    value: raw.value.clone(),
                    unit: raw.unit.clone(),
                    qualifier: raw.qualifier.clone(),
                    prefix: raw.prefix.clone(),
                    after: raw.after.clone(),
                    icon: raw.icon.clone(),
                    scale: raw.scale.clone(),
                    precision: raw.precision.clone(),
                    thousands: raw.thousands.clone(),
                    change: raw.change.clone(),
                };
                self.stat(&stat, &bspan, &at, "a stat block")
                    .map(BlockKind::Stat)
            }
            "stats" => self.stat_grid(raw, &bspan, &at, ty),
            "list" => self.list(raw, &bspan, &at, ty),
            "chart" => self.chart(raw, &bspan, &at),
            "divider" => Some(BlockKind::Divider),
            "image" => self.image_block(raw, &bspan, &at),
            "qr" => self.qr_block(raw, &bspan, &at),
            "table" => self.table(raw, &bspan, &at),
            _ => unreachable!("every entry of BLOCK_TYPES is handled"),
        };
        let alt = raw
            .alt
            .as_ref()
            .and_then(|a| self.alt(a, &format!("{at}.alt")));
        if self.problems.len() > before {
            return None;
        }
        kind.map(|kind| Block {
            origin: format!("{at} ({ty})"),
            kind,
            alt,
        })
    }

    /// A headline: `text`, broken automatically, or `lines` set by hand; one of them, not both.
    fn headline(&mut self, raw: &RawBlock, bspan: &Range<usize>, at: &str) -> Option<BlockKind> {
        match (&raw.text, &raw.lines) {
            (Some(_), Some(lines)) => {
                self.problem(
                    lines.span(),
                    format!("{at}.lines"),
                    "expected `text` or `lines`, found both",
                )
                .help = Some(
                    "keep `lines` to set the breaks by hand, or `text` to break it automatically"
                        .into(),
                );
                None
            }
            (None, None) => {
                self.problem(
                    bspan.clone(),
                    format!("{at}.text"),
                    "expected a `text` or `lines` key in a headline block, found neither",
                );
                None
            }
            (Some(t), None) => Some(BlockKind::Headline(Headline::Text(
                self.text(t, &format!("{at}.text")),
            ))),
            (None, Some(lines)) => {
                if lines.get_ref().is_empty() {
                    self.problem(
                        lines.span(),
                        format!("{at}.lines"),
                        "expected at least one line, found an empty array",
                    );
                }
                let lines = lines
                    .get_ref()
                    .iter()
                    .enumerate()
                    .map(|(j, l)| self.text(l, &format!("{at}.lines[{j}]")))
                    .collect();
                Some(BlockKind::Headline(Headline::Lines(lines)))
            }
        }
    }

    /// A section heading: a required title, an optional number, level 1 or 2 (the default).
    fn section(
        &mut self,
        raw: &RawBlock,
        bspan: &Range<usize>,
        at: &str,
        ty: &str,
    ) -> Option<BlockKind> {
        let title = self.required_text(&raw.title, bspan, at, "title", ty);
        let number = raw
            .number
            .as_ref()
            .and_then(|n| self.figure(n, &format!("{at}.number")));
        let level = match &raw.level {
            None => 2,
            Some(l) if matches!(l.get_ref(), 1 | 2) => *l.get_ref() as u8,
            Some(l) => {
                self.problem(
                    l.span(),
                    format!("{at}.level"),
                    format!(
                        "expected 1 (a chapter heading) or 2 (a section heading), found {}",
                        l.get_ref()
                    ),
                );
                2
            }
        };
        let icon = self.optional_icon(&raw.icon, &format!("{at}.icon"));
        if let (Some(i), 1) = (&raw.icon, level) {
            self.problem(
                i.span(),
                format!("{at}.icon"),
                "expected no `icon` on a chapter heading (level = 1), found one",
            )
            .help = Some("an icon marks a section heading's badge (level 2)".into());
            return None;
        }
        if let (Some(_), Some(i)) = (&raw.number, &raw.icon) {
            self.problem(
                i.span(),
                format!("{at}.icon"),
                "expected a `number` or an `icon` in the badge, found both",
            )
            .help = Some("the badge holds one: remove `number` or `icon`".into());
            return None;
        }
        title.map(|title| {
            BlockKind::Section(Section {
                number,
                icon,
                title,
                level,
            })
        })
    }
}
