//! Fitting shaped text into lines: greedy breaking at the allowed break opportunities, the lone-character
//! rule for a paragraph's last line, and justification (两端对齐) that spreads the leftover space between
//! characters. Positions are in pixels from the line's start.

use super::linebreak::break_opportunities;
use super::shape::{ink_left, Shaped};

/// One line: clusters `start..end` of the shaped text.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    /// Natural width in pixels, trailing spaces left out.
    pub width: f32,
    /// Whether the line ends a paragraph (the last line, or a mandatory break): never justified.
    pub ends_paragraph: bool,
    /// Whether the line had to be cut where no break was allowed, because nothing else fit.
    pub forced: bool,
}

/// How lines are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Start,
    Center,
    End,
    /// Justified; the last line of a paragraph is set at the start.
    Justify,
}

/// Lines of a shaped text and the cluster indices where a break was allowed (which are also where
/// justification may add space).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineSet {
    pub lines: Vec<Line>,
    pub breaks: Vec<usize>,
}

/// Where `shaped` may break, as (cluster index, mandatory): a break at k ends a line before cluster k.
/// The indices never decrease (clusters and break opportunities are both in text order).
pub fn break_points(shaped: &Shaped) -> Vec<(usize, bool)> {
    let clusters = &shaped.clusters;
    // The first cluster at or after a byte offset; cluster offsets increase, so a binary search.
    let index_of = |offset: usize| clusters.partition_point(|c| c.offset < offset);
    break_opportunities(&shaped.text)
        .into_iter()
        .map(|b| (index_of(b.offset), b.mandatory))
        .filter(|&(k, _)| k > 0)
        .collect()
}

/// Breaks `shaped` into lines no wider than `max_width` (a single unbreakable piece wider than that is
/// broken between clusters, as a last resort).
pub fn break_lines(shaped: &Shaped, max_width: f32) -> LineSet {
    break_lines_at(shaped, &break_points(shaped), max_width)
}

/// Like [`break_lines`], breaking only at the given points (a subset of [`break_points`]).
pub fn break_lines_at(shaped: &Shaped, breaks: &[(usize, bool)], max_width: f32) -> LineSet {
    let clusters = &shaped.clusters;
    if clusters.is_empty() {
        return LineSet::default();
    }
    let mut widths = LineWidths::new(shaped);
    let mut lines = Vec::new();
    let mut start = 0;
    let mut fit: Option<usize> = None;
    let mut i = 0;
    while i < breaks.len() {
        let (k, mandatory) = breaks[i];
        if k <= start {
            i += 1;
            continue;
        }
        let limit = max_width + 0.01;
        if widths.within(start, k, limit) {
            if mandatory || k == clusters.len() {
                lines.push(make_line(shaped, start, k, true));
                start = k;
                fit = None;
            } else {
                fit = Some(k);
            }
            i += 1;
        } else if let Some(f) = fit {
            lines.push(make_line(shaped, start, f, false));
            start = f;
            fit = None;
        } else {
            // Nothing fits: split the piece between clusters.
            let mut end = start + 1;
            while end < k && widths.within(start, end + 1, max_width) {
                end += 1;
            }
            lines.push(Line {
                forced: true,
                ..make_line(shaped, start, end, false)
            });
            start = end;
        }
    }
    if start < clusters.len() {
        lines.push(make_line(shaped, start, clusters.len(), true));
    }
    avoid_lone_last_character(shaped, breaks, &mut lines, max_width);
    LineSet {
        lines,
        breaks: breaks.iter().map(|&(k, _)| k).collect(),
    }
}

fn make_line(shaped: &Shaped, start: usize, end: usize, ends_paragraph: bool) -> Line {
    Line {
        start,
        end,
        width: natural_width(shaped, start, end),
        ends_paragraph,
        forced: false,
    }
}

/// Whether lines fit, for the greedy breaker: [`natural_width`] of lines starting at one cluster, with
/// the advances summed left to right from the line's start exactly as `natural_width` sums them (so
/// every decision is the same, to the bit), but each cluster added once per line start rather than once
/// per candidate end, and no further than the box can hold. A candidate line that runs far past its box
/// (one long word, a long run without a break) costs what the box holds, not what the run holds, which
/// keeps breaking a paragraph linear in its length.
struct LineWidths<'a> {
    shaped: &'a Shaped,
    /// `content_end[k]`: where clusters `..k` end once trailing spaces are left out.
    content_end: Vec<usize>,
    /// Every advance is finite and not negative, so a sum only grows as clusters are added and can be
    /// given up once past the limit. (Fonts move the pen forward; mark compression takes at most half a
    /// full-width advance.) Otherwise every width is summed in full.
    monotone: bool,
    /// The line start `sums` belong to.
    start: usize,
    /// `sums[j]`: the advances of clusters `start..start + j`, summed left to right.
    sums: Vec<f32>,
}

impl<'a> LineWidths<'a> {
    /// How far past the limit a partial sum must be before the line is certain not to fit, whatever
    /// the rounding of the rest of the sum and the half-mark allowance (`natural_width`) do.
    const MARGIN: f32 = 1.0;

    fn new(shaped: &'a Shaped) -> LineWidths<'a> {
        let clusters = &shaped.clusters;
        let mut content_end = Vec::with_capacity(clusters.len() + 1);
        content_end.push(0);
        for (k, cluster) in clusters.iter().enumerate() {
            let previous = content_end[k];
            content_end.push(if cluster.is_space() { previous } else { k + 1 });
        }
        LineWidths {
            shaped,
            content_end,
            monotone: clusters
                .iter()
                .all(|c| c.advance.is_finite() && c.advance >= 0.0),
            start: 0,
            sums: vec![0.0],
        }
    }

    /// Whether `natural_width(shaped, start, end) <= limit`.
    fn within(&mut self, start: usize, end: usize, limit: f32) -> bool {
        if start != self.start {
            self.start = start;
            self.sums.clear();
            self.sums.push(0.0);
        }
        let content = self.content_end[end].max(start);
        let clusters = &self.shaped.clusters;
        while self.sums.len() <= content - start {
            let summed = self.sums.len() - 1;
            let sum = self.sums[summed];
            // The natural width is at least the sum of every cluster but the content's last, and
            // `sum` is part of that.
            if self.monotone && sum > limit + Self::MARGIN {
                return false;
            }
            self.sums.push(sum + clusters[start + summed].advance);
        }
        let full = self.sums[content - start];
        let width = match clusters[start..content].last() {
            Some(last) if ink_left(last.first_char()) && last.advance >= last.style.size * 0.9 => {
                full - last.advance / 2.0
            }
            _ => full,
        };
        width <= limit
    }
}

/// Width of clusters `start..end` without trailing spaces. A full-width mark at the line's end counts
/// half: its ink sits in the left half of its em, and the right half would only push the line's visible
/// edge in (行尾标点挤压: justified lines end flush with the ink, centred lines look centred).
pub fn natural_width(shaped: &Shaped, start: usize, end: usize) -> f32 {
    let mut end = end;
    while end > start && shaped.clusters[end - 1].is_space() {
        end -= 1;
    }
    let full: f32 = shaped.clusters[start..end].iter().map(|c| c.advance).sum();
    match shaped.clusters[start..end].last() {
        Some(last) if ink_left(last.first_char()) && last.advance >= last.style.size * 0.9 => {
            full - last.advance / 2.0
        }
        _ => full,
    }
}

/// Number of characters that count as "content" on a line: punctuation and spaces do not.
fn content_chars(shaped: &Shaped, line: &Line) -> usize {
    shaped.clusters[line.start..line.end]
        .iter()
        .filter(|c| c.first_char().is_alphanumeric())
        .count()
}

/// 孤字: a paragraph's last line holding one character (with its punctuation) looks like a mistake. Pull
/// one more piece down from the line before, when that line can give one.
fn avoid_lone_last_character(
    shaped: &Shaped,
    breaks: &[(usize, bool)],
    lines: &mut [Line],
    max_width: f32,
) {
    let n = lines.len();
    if n < 2 || !lines[n - 1].ends_paragraph || lines[n - 2].ends_paragraph {
        return;
    }
    if content_chars(shaped, &lines[n - 1]) > 1 {
        return;
    }
    let (prev_start, prev_end) = (lines[n - 2].start, lines[n - 2].end);
    let Some(&(k, _)) = breaks
        .iter()
        .rev()
        .find(|&&(k, _)| k > prev_start + 1 && k < prev_end)
    else {
        return;
    };
    let last_end = lines[n - 1].end;
    if natural_width(shaped, k, last_end) > max_width {
        return;
    }
    lines[n - 2] = make_line(shaped, prev_start, k, false);
    lines[n - 1] = make_line(shaped, k, last_end, true);
}

/// X position of every cluster of `line`, from the line box's left edge, for a box `box_width` wide.
pub fn place(
    shaped: &Shaped,
    set: &LineSet,
    line: &Line,
    box_width: f32,
    align: Align,
) -> Vec<f32> {
    let clusters = &shaped.clusters[line.start..line.end];
    let slack = (box_width - line.width).max(0.0);
    let (mut x, per_gap, stretch_at) = match align {
        Align::Start => (0.0, 0.0, Vec::new()),
        Align::Center => (slack / 2.0, 0.0, Vec::new()),
        Align::End => (slack, 0.0, Vec::new()),
        Align::Justify if line.ends_paragraph => (0.0, 0.0, Vec::new()),
        Align::Justify => {
            let gaps = stretchable_gaps(shaped, set, line);
            let per = if gaps.is_empty() {
                0.0
            } else {
                slack / gaps.len() as f32
            };
            (0.0, per, gaps)
        }
    };
    let mut xs = Vec::with_capacity(clusters.len());
    for (i, c) in clusters.iter().enumerate() {
        if i > 0 && stretch_at.binary_search(&(line.start + i)).is_ok() {
            x += per_gap;
        }
        xs.push(x);
        x += c.advance;
    }
    xs
}

/// Indices of clusters before which extra space may go when justifying: exactly the break opportunities
/// inside the line, so a number stays tight with its unit and a mark with the character it follows.
fn stretchable_gaps(shaped: &Shaped, set: &LineSet, line: &Line) -> Vec<usize> {
    let mut end = line.end;
    while end > line.start && shaped.clusters[end - 1].is_space() {
        end -= 1;
    }
    // The breaks are in order: the line's are one slice of them, found by binary search.
    let from = set.breaks.partition_point(|&k| k <= line.start);
    let to = set.breaks.partition_point(|&k| k < end);
    set.breaks[from..to.max(from)].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Color;
    use crate::text::fonts::{FontBook, Weight};
    use crate::text::shape::{shape, Span};

    /// `LineWidths` decides exactly as `natural_width` does, whatever the line's start, end and limit:
    /// trailing spaces, a closing mark counted half, and sums given up early past the limit.
    #[test]
    fn line_widths_agree_with_natural_width() {
        let text = "新增返乡创业1.2万人以上，“人才房” GDP  增长8%。Hello world, 稳中求进。";
        let shaped = shape(
            FontBook::bundled(),
            &[Span::new(text, Weight::Regular, 30.0, Color::rgb(0, 0, 0))],
        );
        let n = shaped.clusters.len();
        let mut widths = LineWidths::new(&shaped);
        for limit in [0.0, 29.9, 30.0, 45.0, 100.0, 333.3, 2000.0] {
            for start in 0..n {
                // Ends in both orders: the sums kept for one start serve any end.
                for end in (start..=n).chain((start..=n).rev()) {
                    assert_eq!(
                        widths.within(start, end, limit),
                        natural_width(&shaped, start, end) <= limit,
                        "{start}..{end} within {limit}"
                    );
                }
            }
        }
    }
}
