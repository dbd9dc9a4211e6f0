//! Text alternatives: what a block says to a reader who cannot see it (a screen reader, a CMS's alt
//! field, the PDF's structure tree). A block's `alt` when the spec gives one; otherwise one written from
//! its data — a chart's kind, title, labels and values, annotations and source; a stat's sentence; a
//! picture's caption and credit; a QR code's text. Text blocks are their own text.

use super::{Block, BlockKind, Chart, ChartKind, Headline, ListStyle, Stat};
use crate::text::number::{format_number, NumberFormat};

impl Block {
    /// The block's text alternative: its `alt`, or one written from its data (its words in
    /// Traditional characters when `traditional`, the copy's language being zh-Hant).
    pub fn alt_text(&self, traditional: bool) -> String {
        self.alt
            .clone()
            .unwrap_or_else(|| self.kind.default_alt(traditional))
    }

    /// Whether the block is read by its text alternative (a figure) rather than as text.
    pub fn is_figure(&self) -> bool {
        matches!(
            self.kind,
            BlockKind::Chart(_) | BlockKind::Image(_) | BlockKind::Qr(_)
        )
    }
}

/// A stat as one sentence: 新增返乡创业1.2万人以上 (the label, any prefix, the figure, its unit and
/// qualifier, and the label below).
fn stat_sentence(s: &Stat) -> String {
    let figure = format!(
        "{}{}{}{}",
        s.prefix.as_deref().unwrap_or(""),
        s.value,
        s.unit.as_deref().unwrap_or(""),
        s.qualifier.as_deref().unwrap_or("")
    );
    let mut out = String::new();
    if let Some(l) = &s.label {
        out.push_str(l);
        // 招商引资投资额增长 29.5%: a space only between two figures' digits.
        if l.chars().last().is_some_and(|c| c.is_ascii_alphanumeric()) {
            out.push(' ');
        }
    }
    out.push_str(&figure);
    if let Some(a) = &s.after {
        out.push_str(a);
    }
    out
}

fn kind_name(kind: ChartKind, traditional: bool) -> &'static str {
    let (simplified, hant) = match kind {
        ChartKind::Bar => ("条形图", "條形圖"),
        ChartKind::Column => ("柱状图", "柱狀圖"),
        ChartKind::Line => ("折线图", "折線圖"),
        ChartKind::Pie => ("饼图", "餅圖"),
        ChartKind::Donut => ("环形图", "環形圖"),
        ChartKind::Ring => ("环形进度图", "環形進度圖"),
        ChartKind::Progress => ("进度条图", "進度條圖"),
        ChartKind::StackedBar => ("堆积条形图", "堆積條形圖"),
        ChartKind::StackedColumn => ("堆积柱状图", "堆積柱狀圖"),
    };
    if traditional {
        hant
    } else {
        simplified
    }
}

/// The words the written alternatives use, in the copy's script.
struct Words {
    max: &'static str,
    highlight: &'static str,
    reference: &'static str,
    marked: &'static str,
    picture: &'static str,
    qr: &'static str,
}

fn words(traditional: bool) -> Words {
    if traditional {
        Words {
            max: "滿值",
            highlight: "突出顯示",
            reference: "參考線",
            marked: "標出",
            picture: "圖片",
            qr: "二維碼",
        }
    } else {
        Words {
            max: "满值",
            highlight: "突出显示",
            reference: "参考线",
            marked: "标出",
            picture: "图片",
            qr: "二维码",
        }
    }
}

/// A chart in words: 柱状图：地区生产总值增速。2018年7.9%，2019年7.4%……；目标5%。数据来源：…
fn chart_alt(c: &Chart) -> String {
    let w = words(c.number.traditional);
    let mut out = String::from(kind_name(c.kind, c.number.traditional));
    if let Some(t) = &c.title {
        out.push('：');
        out.push_str(t);
    }
    out.push('。');
    let unit = c.unit.as_deref().unwrap_or("");
    let figure = |s: usize, v: f64| {
        let number = NumberFormat {
            shared: c.series.get(s).map(|s| s.decimals),
            ..c.number
        };
        format!("{}{unit}", format_number(v, &number).joined())
    };
    match c.kind {
        ChartKind::Ring => {
            let v = c
                .series
                .first()
                .and_then(|s| s.values.first())
                .copied()
                .unwrap_or(0.0);
            let max = format_number(c.max, &c.number).joined();
            let label = c.labels.first().map(String::as_str).unwrap_or("");
            out.push_str(&format!(
                "{label}{}{}{}（{}{max}）",
                c.prefix.as_deref().unwrap_or(""),
                c.center.clone().unwrap_or_else(|| figure(0, v)),
                c.qualifier.as_deref().unwrap_or(""),
                w.max
            ));
            out.push('。');
        }
        _ => {
            let several = c.series.len() > 1;
            let mut parts = Vec::new();
            for (s, series) in c.series.iter().enumerate() {
                let values: Vec<String> = c
                    .labels
                    .iter()
                    .zip(&series.values)
                    .map(|(l, &v)| format!("{l}{}", figure(s, v)))
                    .collect();
                let name = series.name.as_deref().filter(|_| several);
                parts.push(match name {
                    Some(n) => format!("{n}：{}", values.join("，")),
                    None => values.join("，"),
                });
            }
            out.push_str(&parts.join("；"));
            out.push('。');
        }
    }
    if let Some(h) = c.highlight.and_then(|h| c.labels.get(h)) {
        out.push_str(&format!("{}{h}。", w.highlight));
    }
    let a = &c.annotations;
    for r in &a.references {
        out.push_str(&format!("{}：{}。", w.reference, r.label));
    }
    for b in &a.bands {
        let range = match b.range {
            super::BandRange::Values(lo, hi) => {
                format!(
                    "{}至{}",
                    format_number(lo, &c.number).joined(),
                    format_number(hi, &c.number).joined()
                ) + unit
            }
            super::BandRange::Labels(i, j) => format!(
                "{}至{}",
                c.labels.get(i).map(String::as_str).unwrap_or(""),
                c.labels.get(j).map(String::as_str).unwrap_or("")
            ),
        };
        match &b.label {
            Some(l) => out.push_str(&format!("{}{l}（{range}）。", w.marked)),
            None => out.push_str(&format!("{}{range}。", w.marked)),
        }
    }
    for k in &a.callouts {
        if let Some(l) = c.labels.get(k.index) {
            out.push_str(&format!("{l}：{}。", k.text));
        }
    }
    if let Some(s) = &c.source {
        out.push_str(s);
    }
    out
}

impl BlockKind {
    /// A text alternative written from the block's data (its words in Traditional characters when
    /// `traditional`).
    pub fn default_alt(&self, traditional: bool) -> String {
        let w = words(traditional);
        match self {
            BlockKind::Chart(c) => chart_alt(c),
            BlockKind::Stat(s) => stat_sentence(s),
            BlockKind::StatGrid(g) => g
                .items
                .iter()
                .map(stat_sentence)
                .collect::<Vec<_>>()
                .join("；"),
            BlockKind::Image(i) => {
                let mut out = String::from(w.picture);
                if let Some(c) = &i.caption {
                    out.push('：');
                    out.push_str(c);
                }
                if let Some(c) = &i.credit {
                    out.push(' ');
                    out.push_str(c);
                }
                out
            }
            BlockKind::Qr(q) => {
                let mut out = format!("{}：{}", w.qr, q.text);
                if let Some(c) = &q.caption {
                    out = format!("{c}（{out}）");
                }
                out
            }
            BlockKind::Headline(Headline::Text(t)) => t.replace('\n', ""),
            BlockKind::List(l) => l
                .items
                .iter()
                .enumerate()
                .map(|(i, t)| match l.style {
                    ListStyle::Number => format!("{}. {t}", i + 1),
                    ListStyle::Bullet => t.clone(),
                })
                .collect::<Vec<_>>()
                .join("\n"),
            other => other.texts().join("\n"),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{load_str, BlockKind};
    use std::path::Path;

    fn blocks(src: &str) -> Vec<crate::model::Block> {
        load_str(src, Path::new("t.toml")).unwrap().blocks
    }

    #[test]
    fn charts_and_stats_are_described_from_their_data() {
        let b = blocks(
            r#"[[blocks]]
type = "chart"
kind = "column"
title = "地区生产总值增速"
labels = ["2021年", "2022年"]
values = [6, 6.7]
unit = "%"
reference = [{ value = 5, label = "目标" }]
source = "数据来源：周口市统计局"

[[blocks]]
type = "stats"
items = [{ label = "新增返乡创业", value = 12000, unit = "人", scale = "auto", qualifier = "以上" }]

[[blocks]]
type = "chart"
kind = "ring"
labels = ["财政民生支出占比"]
values = [76.3]
unit = "%"
alt = "财政民生支出占一般公共预算支出的76.3%。"
"#,
        );
        assert_eq!(
            b[0].alt_text(false),
            "柱状图：地区生产总值增速。2021年6.0%，2022年6.7%。参考线：目标 5%。数据来源：周口市统计局"
        );
        assert_eq!(b[1].alt_text(false), "新增返乡创业1.2万人以上");
        assert_eq!(
            b[2].alt_text(false),
            "财政民生支出占一般公共预算支出的76.3%。"
        );
        assert!(b[0].is_figure() && !b[1].is_figure());
        assert!(matches!(b[2].kind, BlockKind::Chart(_)));
    }
}
