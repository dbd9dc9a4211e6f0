//! Fitting shaped text into lines: where a line may end ([`break_points`]) and where justification may
//! add space ([`stretch_points`]), what a line measures once its edges are set ([`LineFit`]: the blank
//! half of a full-width mark at either end and the Han–Latin gap at its end left out), the paragraph's
//! breaks chosen together ([`break_lines`], total fit: see `text::fit`), and placing each line
//! ([`place`]): squeezing full-width marks to their ink when a line is too long, spreading the leftover
//! space over the gaps between characters and words when justified (两端对齐). Positions are in pixels
//! from the line's start.

use super::fit::total_fit;
use super::linebreak::{break_opportunities, inside_token};
use super::shape::{blank, blank_half, shrinkable, Blank, Cluster, Shaped, GAP_SHRINK};

/// One line: clusters `start..end` of the shaped text.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The index of the line's first cluster.
    pub start: usize,
    /// The index one past the line's last cluster (trailing spaces included).
    pub end: usize,
    /// Width as set, trailing spaces left out: the natural width ([`natural_width`]), or less when the
    /// line had to squeeze its full-width marks to fit (then the box's width, if squeezing was enough).
    pub width: f32,
    /// Whether the line ends a paragraph (the last line, or a mandatory break): never justified.
    pub ends_paragraph: bool,
    /// Whether the line had to be cut where no break was allowed, because nothing else fit.
    pub forced: bool,
}

/// How lines are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Each line at the box's left edge.
    Start,
    /// Each line centred in the box.
    Center,
    /// Each line at the box's right edge.
    End,
    /// Justified; the last line of a paragraph is set at the start.
    Justify,
}

/// Lines of a shaped text, the cluster indices where a break was allowed, and the cluster indices
/// before which justification may add space (the breaks that are not inside a word, number or URL).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineSet {
    /// The lines, in order.
    pub lines: Vec<Line>,
    /// Cluster indices where a break was allowed (a line may end before each).
    pub breaks: Vec<usize>,
    /// Cluster indices before which justification may add space, increasing.
    pub stretch: Vec<usize>,
}

/// Where `shaped` may break, as (cluster index, mandatory): a break at k ends a line before cluster k.
/// The indices never decrease (clusters and break opportunities are both in text order).
pub fn break_points(shaped: &Shaped) -> Vec<(usize, bool)> {
    let clusters = &shaped.clusters;
    break_opportunities(&shaped.text)
        .into_iter()
        .map(|b| (cluster_at(clusters, b.offset), b.mandatory))
        .filter(|&(k, _)| k > 0)
        .collect()
}

/// Cluster indices before which justification may add space, in increasing order: the break
/// opportunities that do not fall inside a token (a Latin word, a number, `GB/T`, a URL), so that the
/// space goes between Chinese characters, at a Chinese–Latin boundary or at a word space.
pub fn stretch_points(shaped: &Shaped) -> Vec<usize> {
    let clusters = &shaped.clusters;
    let mut points: Vec<usize> = break_opportunities(&shaped.text)
        .into_iter()
        .filter(|b| b.offset < shaped.text.len() && !inside_token(&shaped.text, b.offset))
        .map(|b| cluster_at(clusters, b.offset))
        .filter(|&k| k > 0 && k < clusters.len())
        .collect();
    points.dedup();
    points
}

/// The first cluster at or after a byte offset; cluster offsets increase, so a binary search.
fn cluster_at(clusters: &[Cluster], offset: usize) -> usize {
    clusters.partition_point(|c| c.offset < offset)
}

/// Breaks `shaped` into lines no wider than `max_width`, choosing the paragraph's breaks together
/// (total fit, `text::fit`). A single unbreakable piece wider than that is cut between clusters, as a
/// last resort.
pub fn break_lines(shaped: &Shaped, max_width: f32) -> LineSet {
    break_lines_at(shaped, &break_points(shaped), max_width)
}

/// Like [`break_lines`], breaking only at the given points (a subset of [`break_points`]).
pub fn break_lines_at(shaped: &Shaped, breaks: &[(usize, bool)], max_width: f32) -> LineSet {
    if shaped.clusters.is_empty() {
        return LineSet::default();
    }
    let stretch = stretch_points(shaped);
    let lines = total_fit(shaped, breaks, &stretch, max_width);
    LineSet {
        lines,
        breaks: breaks.iter().map(|&(k, _)| k).collect(),
        stretch,
    }
}

/// Sets each line's width for a box `max_width` wide: lines broken at another width (balanced
/// headings are broken at the narrowest width keeping their number of lines) squeeze only as much as
/// this box needs.
pub fn refit(shaped: &Shaped, set: &mut LineSet, max_width: f32) {
    for line in &mut set.lines {
        let fit = LineFit::of(shaped, &set.stretch, line.start, line.end);
        line.width = fit.set_width(f64::from(max_width)) as f32;
    }
}

/// Where a line's content ends: `end` with trailing spaces left out (they hang past the edge).
pub fn content_end(shaped: &Shaped, start: usize, end: usize) -> usize {
    let mut end = end;
    while end > start && shaped.clusters[end - 1].is_space() {
        end -= 1;
    }
    end
}

/// What a line measures, its edges set: a full-width opening mark at its start loses its blank left
/// half (the justified edge stays straight), a full-width closing mark at its end its blank right
/// half (行尾标点挤压: the line ends with the ink), and the Han–Latin gap after its last cluster goes
/// (that gap separates scripts within a line, never a line from the margin).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineFit {
    /// Width with the edges set, before any squeezing or stretching.
    pub natural: f64,
    /// How much squeezing can take off: the blank halves of the full-width marks inside the line, half
    /// of its Han–Latin gaps, a third of its word spaces.
    pub shrink: f64,
    /// Places inside the line where justification adds space.
    pub gaps: usize,
    /// How far the first cluster's pen sits left of the line's start (an opening mark's blank half).
    pub lead: f64,
}

/// What a cluster takes off a line's width, and off what the line can squeeze, when it stands at one of
/// the line's edges.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Edge {
    /// At the line's start: an opening mark's blank left half.
    pub lead: f64,
    /// At the line's end: a closing mark's blank right half.
    pub hang: f64,
    /// At the line's end: the Han–Latin gap set after it.
    pub gap: f64,
    /// At the line's end: what of its shrinkable part goes with the hang and the gap.
    pub tail_shrink: f64,
}

impl Edge {
    /// What `cluster` gives up when it stands at a line's start or end.
    pub fn of(cluster: &Cluster) -> Edge {
        let half = f64::from(blank(cluster));
        let blank = blank_half(cluster);
        let hang = if blank == Some(Blank::Right) {
            half
        } else {
            0.0
        };
        let gap = f64::from(cluster.gap_after);
        Edge {
            lead: if blank == Some(Blank::Left) {
                half
            } else {
                0.0
            },
            hang,
            gap,
            tail_shrink: hang + gap * f64::from(GAP_SHRINK),
        }
    }
}

impl LineFit {
    /// The fit of a line of content clusters (trailing spaces already left out), given the sums of
    /// their advances and shrinkable halves, the number of stretch points inside, and the edges of
    /// its first and last cluster.
    pub fn new(advance: f64, shrink: f64, gaps: usize, first: Edge, last: Edge) -> LineFit {
        LineFit {
            natural: advance - first.lead - last.hang - last.gap,
            shrink: shrink - first.lead - last.tail_shrink,
            gaps,
            lead: first.lead,
        }
    }

    /// An empty line.
    pub fn empty() -> LineFit {
        LineFit {
            natural: 0.0,
            shrink: 0.0,
            gaps: 0,
            lead: 0.0,
        }
    }

    /// The fit of clusters `start..end` of `shaped`, summed directly (see `fit::Sums` for the same in
    /// constant time).
    pub fn of(shaped: &Shaped, stretch: &[usize], start: usize, end: usize) -> LineFit {
        let end = content_end(shaped, start, end);
        let clusters = &shaped.clusters[start..end];
        let advance = clusters.iter().map(|c| f64::from(c.advance)).sum();
        let shrink = clusters.iter().map(|c| f64::from(shrinkable(c))).sum();
        // Stretch points strictly inside: space before the first cluster or after the last is no gap.
        let gaps = stretch
            .partition_point(|&k| k < end)
            .saturating_sub(stretch.partition_point(|&k| k <= start));
        if end <= start {
            return LineFit::empty();
        }
        let (first, last) = (&shaped.clusters[start], &shaped.clusters[end - 1]);
        LineFit::new(advance, shrink, gaps, Edge::of(first), Edge::of(last))
    }

    /// The width the line is set at in a box `max_width` wide: its natural width, or squeezed down to
    /// the box (never below what squeezing every mark gives).
    pub fn set_width(&self, max_width: f64) -> f64 {
        if self.natural > max_width {
            (self.natural - self.shrink).max(max_width)
        } else {
            self.natural
        }
    }

    /// How much of the shrinkable blank each mark gives up, from 0 to 1, to fit `max_width`.
    pub fn squeeze(&self, max_width: f64) -> f64 {
        if self.natural > max_width && self.shrink > 0.0 {
            ((self.natural - max_width) / self.shrink).min(1.0)
        } else {
            0.0
        }
    }
}

/// Width of clusters `start..end` without trailing spaces, with its edges set ([`LineFit`]): a
/// full-width mark at either end counts only its inked half, and the Han–Latin gap after the last
/// cluster does not count.
pub fn natural_width(shaped: &Shaped, start: usize, end: usize) -> f32 {
    LineFit::of(shaped, &[], start, end).natural as f32
}

/// A line as placed: each cluster's pen position from the line box's left edge, and the advance it
/// takes there (after squeezing; the last content cluster without its Han–Latin gap).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Placed {
    /// Each cluster's pen position from the line box's left edge, pixels.
    pub xs: Vec<f32>,
    /// Each cluster's advance as placed, pixels.
    pub advances: Vec<f32>,
}

/// X position of every cluster of `line`, from the line box's left edge, for a box `box_width` wide.
pub fn place(
    shaped: &Shaped,
    set: &LineSet,
    line: &Line,
    box_width: f32,
    align: Align,
) -> Vec<f32> {
    place_line(shaped, set, line, box_width, align).xs
}

/// Places `line` in a box `box_width` wide: squeezes its full-width marks (all by the same fraction of
/// their blank half) when it is too long, then puts the leftover space where the alignment says: for a
/// justified line that does not end its paragraph, spread evenly over its stretch points.
pub fn place_line(
    shaped: &Shaped,
    set: &LineSet,
    line: &Line,
    box_width: f32,
    align: Align,
) -> Placed {
    let box_width = f64::from(box_width);
    let end = content_end(shaped, line.start, line.end);
    let fit = LineFit::of(shaped, &set.stretch, line.start, line.end);
    let squeeze = fit.squeeze(box_width);
    let slack = (box_width - fit.set_width(box_width)).max(0.0);
    // A line cut inside a word is justified too (its slack is less than a letter), so the edge stays
    // straight; one with no gap at all (a URL piece, a word alone) is set at the start.
    let justified = align == Align::Justify && !line.ends_paragraph && fit.gaps > 0;
    let (offset, per_gap) = match align {
        Align::Start => (0.0, 0.0),
        Align::Center => (slack / 2.0, 0.0),
        Align::End => (slack, 0.0),
        Align::Justify if justified => (0.0, slack / fit.gaps as f64),
        Align::Justify => (0.0, 0.0),
    };
    let mut x = offset - fit.lead;
    let mut placed = Placed {
        xs: Vec::with_capacity(line.end - line.start),
        advances: Vec::with_capacity(line.end - line.start),
    };
    for k in line.start..line.end {
        let cluster = &shaped.clusters[k];
        if k > line.start && k < end && set.stretch.binary_search(&k).is_ok() {
            x += per_gap;
        }
        // What the line's edges set already is not squeezed again (LineFit's lead, hang and gap);
        // the rest gives up the same fraction everywhere: an opening mark moves into its blank left
        // half, anything else gives up advance on its right.
        let edge = Edge::of(cluster);
        let mut own = f64::from(shrinkable(cluster));
        if k == line.start {
            own -= edge.lead;
        }
        if k + 1 == end {
            own -= edge.tail_shrink;
        }
        let give = squeeze * own.max(0.0);
        let mut advance = f64::from(cluster.advance);
        if edge.lead > 0.0 {
            x -= give;
        } else {
            advance -= give;
        }
        placed.xs.push(x as f32);
        x += advance;
        if k + 1 == end {
            advance -= f64::from(cluster.gap_after);
        }
        placed.advances.push(advance as f32);
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Color;
    use crate::text::fonts::{FontBook, Weight};
    use crate::text::shape::{shape, Span};

    fn shaped(text: &str) -> Shaped {
        shape(
            FontBook::bundled(),
            &[Span::new(text, Weight::Regular, 30.0, Color::rgb(0, 0, 0))],
        )
    }

    fn line(shaped: &Shaped, start: usize, end: usize, ends_paragraph: bool) -> Line {
        Line {
            start,
            end,
            width: natural_width(shaped, start, end),
            ends_paragraph,
            forced: false,
        }
    }

    fn set_of(shaped: &Shaped) -> LineSet {
        LineSet {
            lines: Vec::new(),
            breaks: break_points(shaped).iter().map(|&(k, _)| k).collect(),
            stretch: stretch_points(shaped),
        }
    }

    #[test]
    fn an_opening_mark_starting_a_line_stands_with_its_ink_at_the_edge() {
        let s = shaped("“人才房”建设");
        let placed = place_line(&s, &set_of(&s), &line(&s, 0, 6, true), 600.0, Align::Start);
        assert_eq!(placed.xs[0], -15.0, "the pen half an em left of the edge");
        assert_eq!(placed.xs[1], 15.0);
        assert_eq!(natural_width(&s, 0, 6), 6.0 * 30.0 - 15.0);
    }

    #[test]
    fn the_han_latin_gap_is_left_out_at_a_line_end() {
        let s = shaped("增长GDP");
        // 长 carries the gap before G; ending the line there leaves it out.
        assert_eq!(s.clusters[1].gap_after, 6.0);
        assert_eq!(natural_width(&s, 0, 2), 60.0);
        let placed = place_line(
            &s,
            &set_of(&s),
            &line(&s, 0, 2, false),
            60.0,
            Align::Justify,
        );
        assert_eq!(placed.advances, [30.0, 30.0]);
        // Inside the line the gap stays.
        let placed = place_line(&s, &set_of(&s), &line(&s, 0, 5, true), 600.0, Align::Start);
        assert_eq!(placed.xs[2], 66.0);
    }

    #[test]
    fn a_long_line_squeezes_its_marks_evenly() {
        // 一，二、三四: 6 em natural; in 5.5 em each of ，、 gives up a quarter em.
        let s = shaped("一，二、三四");
        let set = set_of(&s);
        let placed = place_line(&s, &set, &line(&s, 0, 6, false), 165.0, Align::Justify);
        assert_eq!(placed.advances[1], 22.5);
        assert_eq!(placed.advances[3], 22.5);
        let end = placed.xs[5] + placed.advances[5];
        assert!((end - 165.0).abs() < 0.01, "ends at {end}");
    }

    #[test]
    fn justification_spreads_only_between_tokens() {
        // Stretch points: before and after the URL and between the Han characters, none inside it.
        let s = shaped("见a.org/x/y中文");
        let set = set_of(&s);
        let placed = place_line(
            &s,
            &set,
            &line(&s, 0, s.clusters.len(), false),
            600.0,
            Align::Justify,
        );
        let url = 1..9; // a.org/x/y
        for k in url.start + 1..url.end {
            let added = placed.xs[k] - (placed.xs[k - 1] + placed.advances[k - 1]);
            assert!(added.abs() < 1e-3, "{added} added inside the URL at {k}");
        }
        let end = placed.xs.last().unwrap() + placed.advances.last().unwrap();
        assert!((end - 600.0).abs() < 0.01, "ends at {end}");
    }

    #[test]
    fn han_latin_gaps_and_word_spaces_squeeze_too() {
        // Three gaps of 6 px (after 长, P, 与) may give up half; the last cluster has none.
        let s = shaped("增长GDP与CPI");
        let fit = LineFit::of(&s, &[], 0, s.clusters.len());
        assert!((fit.shrink - 9.0).abs() < 1e-4, "{fit:?}");
        // A word space may give up a third; a gap at the line's end is gone already, not squeezed.
        let s = shaped("Open Data中");
        let space = f64::from(s.clusters[4].advance);
        let fit = LineFit::of(&s, &[], 0, 9);
        assert!((fit.shrink - space / 3.0).abs() < 1e-4, "{fit:?}");
        assert_eq!(s.clusters[8].gap_after, 6.0);
    }

    #[test]
    fn refit_sets_widths_for_the_box_the_lines_are_set_in() {
        let s = shaped("一，二、三四");
        let mut set = break_lines(&s, 165.0);
        assert_eq!(set.lines.len(), 1);
        assert!((set.lines[0].width - 165.0).abs() < 0.01, "squeezed to fit");
        refit(&s, &mut set, 600.0);
        assert_eq!(
            set.lines[0].width, 180.0,
            "nothing to squeeze in a wider box"
        );
    }
}
