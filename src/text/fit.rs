//! Total-fit line breaking: a paragraph's breaks chosen together, Knuth–Plass style, over the break
//! opportunities of `text::linebreak` (which carry the 避头尾 rules and keep figures, words and URLs
//! whole).
//!
//! Every line has a natural width ([`LineFit`]: its edges set), a shrink (the blank halves of the
//! full-width marks inside it — 标点挤压 — half of its Han–Latin gaps and a third of its word spaces,
//! squeezed before anything is spread) and a stretch (the space justification adds at its stretch
//! points; a line without any, one piece of a URL or word, is set short and ranked as if letter-spaced). The breaks are chosen in two passes over the same
//! candidates:
//!
//! 1. **Minimax**: the fewest lines that break a rule (a cut inside a word, a line wider than its box, a
//!    lone character on a paragraph's last line — 孤字), then the smallest largest stretch per gap.
//!    That says how loose the paragraph must be: `cap`, at least [`MAX_STRETCH_EM`].
//! 2. **Demerits**: among the breakings whose lines all stay within `cap`, the one with the least sum
//!    of demerits (cubic in the stretch, cheaper for squeezing, very large for a line past
//!    [`MAX_STRETCH_EM`] or one breaking a rule).
//!
//! So no justified line stretches more than [`MAX_STRETCH_EM`] per gap when any other breaking avoids
//! it, and when none does, no line stretches more than the least that can be achieved.
//!
//! It stays linear in the paragraph's length: a candidate line start is dropped once the text after it
//! is wider than the box even with every mark squeezed, so the starts kept are those within one line
//! of the break being considered (at most `MAX_ACTIVE`). A piece that no line can hold (a word wider than the box) gets a
//! candidate between each of its clusters, taken only as a last resort: the line before it is filled
//! first, never left short.

use super::line::{break_points, stretch_points, Edge, Line, LineFit};
use super::shape::{shrinkable, Shaped};

/// The most space justification should add at one stretch point, in em (of the paragraph's largest
/// type): beyond it a line looks letter-spaced.
pub const MAX_STRETCH_EM: f64 = 0.15;

/// The most line starts kept at once. The starts within reach of a break are those within one line of
/// it, a few dozen on any real page; only clusters that take no width (or a box wider than any page)
/// could keep thousands within reach, and the oldest — the longest lines — are then given up, so that
/// breaking stays linear whatever the text.
const MAX_ACTIVE: usize = 256;

/// Rounding allowance when comparing widths, in pixels.
const TOLERANCE: f64 = 0.01;

/// Demerits of every line: fewer lines are better, other things equal.
const LINE_DEMERITS: f64 = 10.0;
/// Badness of a line stretched by exactly [`MAX_STRETCH_EM`]; it grows with the cube of the stretch.
const BOUND_BADNESS: f64 = 100.0;
/// Extra demerits of a line stretched past [`MAX_STRETCH_EM`]: worse than many tight lines.
const LOOSE_DEMERITS: f64 = 1e5;
/// Badness of a line squeezing every mark to its ink: squeezing punctuation is how good CJK
/// typesetters fit a line, and reads better than spreading characters.
const SQUEEZE_BADNESS: f64 = 50.0;
/// Demerits of a line breaking a rule (a cut inside a word, 孤字): only when nothing else is possible.
const RULE_DEMERITS: f64 = 1e10;

/// A place a line may end.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// Cluster index: the line ends before this cluster.
    at: usize,
    /// The paragraph ends here (a newline, the end of the text).
    mandatory: bool,
    /// A cut between two clusters of a piece no line can hold.
    emergency: bool,
}

/// Prefix sums over the clusters, so a line's fit is found in constant time.
struct Sums<'a> {
    shaped: &'a Shaped,
    /// `advance[k]`: the advances of clusters `..k`.
    advance: Vec<f64>,
    /// `shrink[k]`: what clusters `..k` can give up when squeezed.
    shrink: Vec<f64>,
    /// `gaps[k]`: the stretch points below `k`.
    gaps: Vec<usize>,
    /// `content[k]`: clusters among `..k` that are letters, digits or Han characters.
    content: Vec<usize>,
    /// `content_end[k]`: where a line ending before cluster k ends once trailing spaces are left out.
    content_end: Vec<usize>,
    /// `edges[k]`: what cluster k takes off a line it starts or ends.
    edges: Vec<Edge>,
}

impl<'a> Sums<'a> {
    fn new(shaped: &'a Shaped, stretch: &[usize]) -> Sums<'a> {
        let n = shaped.clusters.len();
        let mut sums = Sums {
            shaped,
            advance: Vec::with_capacity(n + 1),
            shrink: Vec::with_capacity(n + 1),
            gaps: Vec::with_capacity(n + 1),
            content: Vec::with_capacity(n + 1),
            content_end: Vec::with_capacity(n + 1),
            edges: shaped.clusters.iter().map(Edge::of).collect(),
        };
        let (mut advance, mut shrink, mut content, mut end) = (0.0, 0.0, 0, 0);
        let mut points = stretch.iter().peekable();
        for k in 0..=n {
            while points.next_if(|&&p| p < k).is_some() {}
            sums.gaps.push(stretch.len() - points.len());
            sums.advance.push(advance);
            sums.shrink.push(shrink);
            sums.content.push(content);
            sums.content_end.push(end);
            if let Some(c) = shaped.clusters.get(k) {
                advance += f64::from(c.advance);
                shrink += f64::from(shrinkable(c));
                content += usize::from(c.first_char().is_alphanumeric());
                if !c.is_space() {
                    end = k + 1;
                }
            }
        }
        sums
    }

    /// The fit of the line of clusters `start..end`, as [`LineFit::of`] finds it.
    fn fit(&self, start: usize, end: usize) -> LineFit {
        let end = self.content_end[end].max(start);
        // Stretch points strictly inside the line.
        let gaps = self.gaps[end].saturating_sub(self.gaps[(start + 1).min(end)]);
        if end <= start {
            return LineFit::empty();
        }
        LineFit::new(
            self.advance[end] - self.advance[start],
            self.shrink[end] - self.shrink[start],
            gaps,
            self.edges[start],
            self.edges[end - 1],
        )
    }

    /// Whether no line starting at `start` can reach `end` or beyond: even with its edges set and
    /// every mark squeezed, the text between is wider than `max_width`. (`margin` covers what the
    /// edges can take off.) Advances are not negative, so this stays true for every later end.
    fn out_of_reach(&self, start: usize, end: usize, max_width: f64, margin: f64) -> bool {
        let end = self.content_end[end].max(start);
        let least =
            (self.advance[end] - self.advance[start]) - (self.shrink[end] - self.shrink[start]);
        least - margin > max_width + TOLERANCE
    }
}

/// What one candidate line costs, for both passes.
#[derive(Debug, Clone, Copy)]
struct Cost {
    /// Rules broken: a cut inside a piece, a line wider than its box, a lone last character.
    rules: u32,
    /// Space added per stretch point, in em (for a line without one, see `Breaker::spread_over`). 0 for
    /// a paragraph's last line and a squeezed line.
    stretch: f64,
    demerits: f64,
}

/// Chooses the breaks of every paragraph of `shaped` (see the module docs). `breaks` are the allowed
/// breaks as (cluster index, mandatory), increasing; `stretch` the stretch points.
pub fn total_fit(
    shaped: &Shaped,
    breaks: &[(usize, bool)],
    stretch: &[usize],
    max_width: f32,
) -> Vec<Line> {
    let n = shaped.clusters.len();
    if n == 0 {
        return Vec::new();
    }
    let max_width = if max_width.is_nan() {
        0.0
    } else {
        f64::from(max_width)
    };
    let sums = Sums::new(shaped, stretch);
    let candidates = candidates(&sums, breaks, max_width);
    let breaker = Breaker {
        sums: &sums,
        candidates: &candidates,
        max_width,
        em: em(shaped),
    };
    let least = breaker
        .run(&Minimax)
        .expect("the minimax pass always reaches the end");
    let cap = least.value.1.max(MAX_STRETCH_EM);
    let chosen = breaker
        .run(&Demerits { cap })
        .map(|best| best.path)
        .unwrap_or(least.path);
    breaker.lines(&chosen)
}

/// The least largest stretch per gap, in em, that any breaking of `shaped` into lines `max_width` wide
/// can achieve (among those breaking the fewest rules): what the first pass of [`total_fit`] finds.
/// A paragraph whose value is at most [`MAX_STRETCH_EM`] is set with no line past the bound.
pub fn least_stretch(shaped: &Shaped, max_width: f32) -> f64 {
    if shaped.clusters.is_empty() {
        return 0.0;
    }
    let max_width = if max_width.is_nan() {
        0.0
    } else {
        f64::from(max_width)
    };
    let sums = Sums::new(shaped, &stretch_points(shaped));
    let candidates = candidates(&sums, &break_points(shaped), max_width);
    let breaker = Breaker {
        sums: &sums,
        candidates: &candidates,
        max_width,
        em: em(shaped),
    };
    breaker
        .run(&Minimax)
        .expect("the minimax pass always reaches the end")
        .value
        .1
}

/// The size stretch is measured against: the paragraph's largest type.
fn em(shaped: &Shaped) -> f64 {
    let largest = shaped
        .clusters
        .iter()
        .map(|c| f64::from(c.style.size))
        .fold(0.0, f64::max);
    if largest > 0.0 {
        largest
    } else {
        1.0
    }
}

/// The allowed breaks in order, without duplicates or a break before the first cluster, ending with
/// a mandatory break at the end; and inside every piece between two breaks that is wider than the box,
/// an emergency candidate between each of its clusters.
fn candidates(sums: &Sums, breaks: &[(usize, bool)], max_width: f64) -> Vec<Candidate> {
    let n = sums.shaped.clusters.len();
    let mut out: Vec<Candidate> = Vec::with_capacity(breaks.len() + 1);
    let mut previous = 0;
    let allowed = breaks
        .iter()
        .copied()
        .filter(|&(k, _)| k > 0 && k <= n)
        .chain(std::iter::once((n, true)));
    for (at, mandatory) in allowed {
        if at <= previous {
            if let Some(last) = out.last_mut().filter(|c| c.at == at) {
                last.mandatory |= mandatory;
            }
            continue;
        }
        let piece = sums.advance[sums.content_end[at].max(previous)] - sums.advance[previous];
        if piece > max_width + TOLERANCE {
            out.extend((previous + 1..at).map(|at| Candidate {
                at,
                mandatory: false,
                emergency: true,
            }));
        }
        out.push(Candidate {
            at,
            mandatory,
            emergency: false,
        });
        previous = at;
    }
    out
}

/// How a pass ranks breakings: a value for the empty start, a line added to a value.
trait Score {
    type Value: Copy + PartialOrd;
    fn start(&self) -> Self::Value;
    /// The value after adding a line of cost `cost`, or `None` when the pass forbids that line.
    fn add(&self, value: Self::Value, cost: &Cost) -> Option<Self::Value>;
}

/// Pass 1: fewest broken rules, then the smallest largest stretch.
struct Minimax;

impl Score for Minimax {
    type Value = (u32, f64);
    fn start(&self) -> (u32, f64) {
        (0, 0.0)
    }
    fn add(&self, (rules, stretch): (u32, f64), cost: &Cost) -> Option<(u32, f64)> {
        Some((rules + cost.rules, stretch.max(cost.stretch)))
    }
}

/// Pass 2: least demerits among the lines stretched no more than `cap`.
struct Demerits {
    cap: f64,
}

impl Score for Demerits {
    type Value = f64;
    fn start(&self) -> f64 {
        0.0
    }
    fn add(&self, value: f64, cost: &Cost) -> Option<f64> {
        // The cap came out of the same arithmetic: a tiny allowance for nothing but rounding.
        (cost.stretch <= self.cap * (1.0 + 1e-9) + 1e-12).then_some(value + cost.demerits)
    }
}

/// A pass's best breaking: its value and the candidates its lines end at, in order.
struct Best<V> {
    value: V,
    path: Vec<usize>,
}

/// One paragraph's candidates and measures, run through each pass.
struct Breaker<'a> {
    sums: &'a Sums<'a>,
    candidates: &'a [Candidate],
    max_width: f64,
    em: f64,
}

impl Breaker<'_> {
    /// Cluster index where node `node` starts a line: node 0 is the text's start, node m the m-th
    /// candidate (1-based).
    fn position(&self, node: usize) -> usize {
        if node == 0 {
            0
        } else {
            self.candidates[node - 1].at
        }
    }

    /// Whether a line starting at `node` starts a paragraph.
    fn starts_paragraph(&self, node: usize) -> bool {
        node == 0 || self.candidates[node - 1].mandatory
    }

    /// The dynamic programme over the candidates, keeping only the line starts within reach.
    fn run<S: Score>(&self, score: &S) -> Option<Best<S::Value>> {
        let count = self.candidates.len();
        // best[node]: the best value of a breaking ending a line at node, and the node its line starts at.
        let mut best: Vec<Option<(S::Value, usize)>> = vec![None; count + 1];
        best[0] = Some((score.start(), 0));
        let mut active: Vec<usize> = vec![0];
        let margin = 2.0 * self.em;
        for node in 1..=count {
            let end = self.candidates[node - 1];
            let mut chosen: Option<(S::Value, usize)> = None;
            for &from in &active {
                let Some((value, _)) = best[from] else {
                    continue;
                };
                let Some(cost) = self.cost(from, node) else {
                    continue;
                };
                if let Some(v) = score.add(value, &cost) {
                    if chosen.is_none_or(|(c, _)| v < c) {
                        chosen = Some((v, from));
                    }
                }
            }
            best[node] = chosen;
            let (sums, max_width) = (self.sums, self.max_width);
            active
                .retain(|&from| !sums.out_of_reach(self.position(from), end.at, max_width, margin));
            if end.mandatory {
                active.clear();
            }
            if best[node].is_some() {
                if active.len() == MAX_ACTIVE {
                    active.remove(0);
                }
                active.push(node);
            }
        }
        let (value, _) = best[count]?;
        let mut path = Vec::new();
        let mut node = count;
        while node > 0 {
            path.push(node);
            node = best[node]?.1;
        }
        path.reverse();
        Some(Best { value, path })
    }

    /// The cost of a line from node `from` to node `to`, or `None` when it cannot be set: wider than
    /// the box with every mark squeezed (unless it is a single piece nothing can split), or running
    /// across a mandatory break.
    fn cost(&self, from: usize, to: usize) -> Option<Cost> {
        let (start, end) = (self.position(from), self.position(to));
        let candidate = self.candidates[to - 1];
        let fit = self.sums.fit(start, end);
        let overfull = fit.natural - fit.shrink > self.max_width + TOLERANCE;
        if overfull && from + 1 != to {
            return None;
        }
        let lone = candidate.mandatory && !self.starts_paragraph(from) && {
            let content = &self.sums.content;
            content[end] - content[start] <= 1
        };
        let rules = u32::from(overfull || candidate.emergency) + u32::from(lone);
        let slack = self.max_width - fit.natural;
        let (stretch, badness) = if candidate.mandatory || overfull {
            (0.0, 0.0)
        } else if slack < 0.0 {
            let squeeze = fit.squeeze(self.max_width);
            (0.0, SQUEEZE_BADNESS * squeeze.powi(3))
        } else {
            let stretch = slack / self.spread_over(start, end, &fit) / self.em;
            let ratio = stretch / MAX_STRETCH_EM;
            let loose = if stretch > MAX_STRETCH_EM {
                LOOSE_DEMERITS
            } else {
                0.0
            };
            (stretch, BOUND_BADNESS * ratio.powi(3) + loose)
        };
        Some(Cost {
            rules,
            stretch,
            demerits: LINE_DEMERITS + badness + RULE_DEMERITS * f64::from(rules),
        })
    }

    /// How many places a line's slack is ranked as spread over: its stretch points; for a line with
    /// none (a URL piece, a word alone or cut in the middle), which is set at the start and left short,
    /// the places between its clusters, as if it had been letter-spaced. A long URL piece a little
    /// short of the margin then ranks as the nearly full line it is, and a word or character alone on
    /// a line as the hole it leaves.
    fn spread_over(&self, start: usize, end: usize, fit: &LineFit) -> f64 {
        if fit.gaps > 0 {
            fit.gaps as f64
        } else {
            let clusters = self.sums.content_end[end].max(start) - start;
            clusters.saturating_sub(1).max(1) as f64
        }
    }

    /// The lines of a path of nodes.
    fn lines(&self, path: &[usize]) -> Vec<Line> {
        let mut from = 0;
        let mut lines = Vec::with_capacity(path.len());
        for &to in path {
            let (start, end) = (self.position(from), self.position(to));
            let candidate = self.candidates[to - 1];
            let fit = self.sums.fit(start, end);
            let overfull = fit.natural - fit.shrink > self.max_width + TOLERANCE;
            lines.push(Line {
                start,
                end,
                width: fit.set_width(self.max_width) as f32,
                ends_paragraph: candidate.mandatory,
                forced: candidate.emergency || overfull,
            });
            from = to;
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Color;
    use crate::text::fonts::{FontBook, Weight};
    use crate::text::line::{break_lines, break_lines_at, break_points, stretch_points, LineSet};
    use crate::text::shape::Cluster;
    use crate::text::shape::{shape, Span};

    const SIZE: f32 = 30.0;

    fn shaped(text: &str) -> Shaped {
        shape(
            FontBook::bundled(),
            &[Span::new(text, Weight::Regular, SIZE, Color::rgb(0, 0, 0))],
        )
    }

    fn texts(shaped: &Shaped, set: &LineSet) -> Vec<String> {
        set.lines
            .iter()
            .map(|l| {
                shaped.clusters[l.start..l.end]
                    .iter()
                    .map(|c| c.text.as_str())
                    .collect()
            })
            .collect()
    }

    /// What the minimax pass ranks, measured on lines: (lone last characters, largest stretch per gap
    /// in em), a line too long even squeezed making the breaking impossible (`None`).
    fn rank(
        shaped: &Shaped,
        stretch: &[usize],
        lines: &[(usize, usize, bool)],
        width: f64,
    ) -> Option<(u32, f64)> {
        let (mut lone, mut most) = (0, 0.0f64);
        for (i, &(start, end, last)) in lines.iter().enumerate() {
            let fit = LineFit::of(shaped, stretch, start, end);
            if fit.natural - fit.shrink > width + TOLERANCE {
                return None;
            }
            let content = shaped.clusters[start..end]
                .iter()
                .filter(|c| c.first_char().is_alphanumeric())
                .count();
            if last && i > 0 && content <= 1 {
                lone += 1;
            }
            let slack = width - fit.natural;
            let places = if fit.gaps > 0 {
                fit.gaps
            } else {
                let end = crate::text::line::content_end(shaped, start, end);
                (end - start).saturating_sub(1).max(1)
            };
            if !last && slack > 0.0 {
                most = most.max(slack / places as f64 / f64::from(SIZE));
            }
        }
        Some((lone, most))
    }

    /// The best rank over every way of breaking `shaped` at its break points: every line from every
    /// start tried (O(n²), no pruning by reach), the best way on from each break remembered, which is
    /// exact because a rank only grows as lines are added.
    fn exhaustive(shaped: &Shaped, width: f64) -> (u32, f64) {
        let breaks = break_points(shaped);
        let stretch = stretch_points(shaped);
        let n = shaped.clusters.len();
        // on[k]: the best rank of the lines from cluster k to the end.
        let mut on: Vec<Option<(u32, f64)>> = vec![None; n + 1];
        on[n] = Some((0, 0.0));
        let starts: Vec<usize> = std::iter::once(0)
            .chain(breaks.iter().map(|&(k, _)| k))
            .collect();
        let first_of_paragraph = |start: usize| {
            start == 0 || breaks.iter().any(|&(k, mandatory)| k == start && mandatory)
        };
        for &start in starts.iter().rev().filter(|&&k| k < n) {
            let mut best: Option<(u32, f64)> = None;
            for &(end, mandatory) in breaks.iter().filter(|&&(k, _)| k > start) {
                let Some((lone_on, most_on)) = on[end] else {
                    if mandatory {
                        break;
                    }
                    continue;
                };
                // The line alone, ranked as the last line of a paragraph if it is one.
                let line = [(start, end, mandatory)];
                let Some((lone, most)) = rank(shaped, &stretch, &line, width) else {
                    if mandatory {
                        break;
                    }
                    continue;
                };
                let lone = if mandatory && !first_of_paragraph(start) {
                    let content = shaped.clusters[start..end]
                        .iter()
                        .filter(|c| c.first_char().is_alphanumeric())
                        .count();
                    u32::from(content <= 1)
                } else {
                    lone
                };
                let r = (lone + lone_on, most.max(most_on));
                if best.is_none_or(|b| r < b) {
                    best = Some(r);
                }
                if mandatory {
                    break; // no line runs across a paragraph's end
                }
            }
            on[start] = best;
        }
        on[0].expect("some breaking fits")
    }

    /// The prefix sums give every line exactly the fit summed directly.
    #[test]
    fn sums_agree_with_the_direct_fit() {
        let text = "（新增）返乡创业1.2万人以上，“人才房” GDP  增长8%。Hello world,《稳中求进》。";
        let s = shaped(text);
        let stretch = stretch_points(&s);
        let sums = Sums::new(&s, &stretch);
        let n = s.clusters.len();
        for start in 0..n {
            for end in start..=n {
                let (a, b) = (sums.fit(start, end), LineFit::of(&s, &stretch, start, end));
                assert_eq!(a.gaps, b.gaps, "{start}..{end}");
                assert_eq!(a.lead, b.lead, "{start}..{end}");
                assert!((a.natural - b.natural).abs() < 1e-6, "{start}..{end}");
                assert!((a.shrink - b.shrink).abs() < 1e-6, "{start}..{end}");
            }
        }
    }

    /// On small paragraphs, trying every breaking finds no rank better than the breaker's: the fewest
    /// lone characters, then the least largest stretch (so the bound is kept whenever it can be).
    #[test]
    fn the_breaker_matches_an_exhaustive_search() {
        const PIECES: &[&str] = &[
            "中", "国", "经", "济", "发", "展", "，", "。", "、", "“", "”", "（", "）", "《", "》",
            "GDP", "8.5%", "2023年", "abc", " ", "增长", "：",
        ];
        let mut rng = fastrand::Rng::with_seed(10);
        let mut compared = 0;
        for _ in 0..400 {
            let len = rng.usize(6..16);
            let text: String = (0..len)
                .map(|_| PIECES[rng.usize(..PIECES.len())])
                .collect();
            let s = shaped(&text);
            let width = f64::from(SIZE) * (3.0 + rng.f64() * 7.0);
            let set = break_lines(&s, width as f32);
            if set.lines.iter().any(|l| l.forced) {
                continue; // a piece wider than the box: not a question of choosing breaks
            }
            let lines: Vec<(usize, usize, bool)> = set
                .lines
                .iter()
                .map(|l| (l.start, l.end, l.ends_paragraph))
                .collect();
            let got = rank(&s, &set.stretch, &lines, width).expect("the lines fit");
            let best = exhaustive(&s, width);
            assert_eq!(got.0, best.0, "{text:?} at {width}: {:?}", texts(&s, &set));
            assert!(
                got.1 <= best.1.max(MAX_STRETCH_EM) + 1e-9,
                "{text:?} at {width}: stretch {} where {} can be had: {:?}",
                got.1,
                best.1,
                texts(&s, &set)
            );
            compared += 1;
        }
        assert!(compared > 300, "compared {compared}");
    }

    #[test]
    fn a_loose_line_is_avoided_by_breaking_earlier() {
        // Greedy would fill 项目代号为 and leave the next line spread around an unbreakable figure.
        let text = "会议决定，内部项目代号为2×100万千瓦燃煤机组工程，年底前完成。";
        let s = shaped(text);
        for ems in [9.0, 10.0, 11.0, 12.0, 13.0] {
            let width = SIZE * ems;
            let set = break_lines(&s, width);
            let lines: Vec<(usize, usize, bool)> = set
                .lines
                .iter()
                .map(|l| (l.start, l.end, l.ends_paragraph))
                .collect();
            let (_, most) = rank(&s, &set.stretch, &lines, f64::from(width)).unwrap();
            let best = exhaustive(&s, f64::from(width));
            assert!(
                most <= best.1.max(MAX_STRETCH_EM) + 1e-9,
                "{ems} em: {:?}",
                texts(&s, &set)
            );
        }
    }

    #[test]
    fn punctuation_is_squeezed_before_a_line_is_broken_short() {
        // Ten characters and two marks, 12 em, in a box of 11.2 em: squeezing ，and 、 fits them.
        let s = shaped("一二三，四五六、七八九十");
        let set = break_lines(&s, SIZE * 11.2);
        assert_eq!(set.lines.len(), 1, "{:?}", texts(&s, &set));
        assert!((set.lines[0].width - SIZE * 11.2).abs() < 0.01);
        // 11 em is the least it squeezes to.
        assert_eq!(break_lines(&s, SIZE * 10.9).lines.len(), 2);
    }

    #[test]
    fn a_long_word_fills_the_line_before_it() {
        let word = "Pneumonoultramicroscopicsilicovolcanoconiosis";
        let s = shaped(&format!("中文中文{word}中文。"));
        let set = break_lines(&s, SIZE * 8.0);
        let lines = texts(&s, &set);
        assert!(lines[0].starts_with("中文中文P"), "{lines:?}");
        assert!(set.lines[0].forced);
        assert_eq!(lines.concat(), format!("中文中文{word}中文。"));
        for line in &set.lines {
            assert!(line.width <= SIZE * 8.0 + 0.01, "{lines:?}");
        }
        // Every cut line but the last piece is full to within one letter.
        for line in set.lines.iter().filter(|l| l.forced) {
            assert!(line.width > SIZE * 8.0 - SIZE, "{lines:?}");
        }
    }

    #[test]
    fn a_cluster_wider_than_the_box_gets_a_line_of_its_own() {
        let s = shaped("中文中文");
        let set = break_lines(&s, SIZE * 0.5);
        assert_eq!(set.lines.len(), 4);
        assert!(set.lines.iter().all(|l| l.end == l.start + 1 && l.forced));
    }

    #[test]
    fn mandatory_breaks_end_paragraphs() {
        let s = shaped("第一段文字。\n第二段\n\n第三段文字很长很长很长。");
        let set = break_lines(&s, SIZE * 5.0);
        let lines = texts(&s, &set);
        assert_eq!(
            lines.concat(),
            "第一段文字。\n第二段\n\n第三段文字很长很长很长。"
        );
        let ends: Vec<bool> = set.lines.iter().map(|l| l.ends_paragraph).collect();
        assert_eq!(
            lines.iter().filter(|l| l.ends_with('\n')).count(),
            3,
            "{lines:?}"
        );
        for (line, end) in lines.iter().zip(&ends) {
            if line.ends_with('\n') {
                assert!(end, "{lines:?}");
            }
        }
    }

    #[test]
    fn a_url_is_broken_at_its_separators_and_never_spread() {
        let url = "https://www.example.org/reports/2023/annual-report.pdf";
        let s = shaped(&format!("全文见{url}，欢迎下载阅读。"));
        let set = break_lines(&s, SIZE * 7.0);
        let lines = texts(&s, &set);
        assert_eq!(lines.concat(), format!("全文见{url}，欢迎下载阅读。"));
        let start = s.text.find(url).unwrap();
        let (first, last) = (
            s.clusters.partition_point(|c| c.offset < start),
            s.clusters.partition_point(|c| c.offset < start + url.len()),
        );
        // No stretch point inside the URL, and it is cut only after a separator.
        assert!(
            set.stretch.iter().all(|&k| k <= first || k >= last),
            "{:?}",
            set.stretch
        );
        for line in &set.lines[..set.lines.len() - 1] {
            if line.end > first && line.end < last {
                let before = s.clusters[line.end - 1].first_char();
                assert!("/.-?&=_#".contains(before), "{lines:?}");
                assert!(!line.forced, "{lines:?}");
            }
        }
    }

    /// Clusters that take no width keep every line start within reach: the oldest are given up, so a
    /// long run of them is still broken in linear time, and every cluster is kept.
    #[test]
    fn clusters_without_width_do_not_make_breaking_quadratic() {
        let mut s = shaped("中");
        let mut cluster = s.clusters[0].clone();
        cluster.advance = 0.0;
        s.clusters = (0..100_000)
            .map(|i| Cluster {
                offset: i * 3,
                ..cluster.clone()
            })
            .collect();
        s.text = "中".repeat(100_000);
        let breaks: Vec<(usize, bool)> = (1..=100_000).map(|k| (k, k == 100_000)).collect();
        let started = std::time::Instant::now();
        let set = break_lines_at(&s, &breaks, 300.0);
        assert!(
            started.elapsed().as_secs_f64() < 5.0,
            "{:?}",
            started.elapsed()
        );
        assert_eq!(set.lines.last().unwrap().end, 100_000);
        assert!(set.lines.windows(2).all(|w| w[0].end == w[1].start));
    }

    /// A 100 000-character paragraph is set in linear time: the line starts kept are those within a
    /// line of the break considered.
    #[test]
    fn a_long_paragraph_is_broken_quickly() {
        let unit = "积极扩大有效投资，谋划推动周口民用机场、平漯周高铁等项目建设。GDP增长8.5%，详见www.zhoukou.gov.cn/report。";
        let text: String = unit.chars().cycle().take(100_000).collect();
        let s = shaped(&text);
        for (width, lines) in [(952.0, 2000), (2000.0, 1000)] {
            let started = std::time::Instant::now();
            let set = break_lines(&s, width);
            let elapsed = started.elapsed();
            eprintln!("{} lines {width} px wide in {elapsed:?}", set.lines.len());
            assert!(set.lines.len() > lines);
            // Generous for unoptimised builds; a release build takes a small fraction of this.
            assert!(elapsed.as_secs_f64() < 5.0, "{elapsed:?}");
        }
    }
}
