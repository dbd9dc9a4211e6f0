//! Setting styled text into a box: punctuation normalised, uncovered characters reported, shaped, broken
//! into lines (filled for body text, between words for labels, by meaning and balanced for headings) and
//! emitted as glyph runs on shared baselines.

use crate::scene::{GlyphRun, Item, PlacedGlyph, PlacedText};
use crate::text::coverage::{strip_uncovered, MissingGlyph};
use crate::text::fonts::FontBook;
use crate::text::line::{
    break_lines, break_lines_at, break_points, place_line, refit, Align, LineSet,
};
use crate::text::linebreak::is_cjk;
use crate::text::punctuation::normalize;
use crate::text::shape::{shape, Cluster, Shaped, Span};
use crate::text::words::{inside_words, word_break_points};

/// Where set text goes: the book of faces it is set in, the scene items it is drawn into, and who is
/// told of characters no face has (left out of the drawing; the model has already made them an error
/// unless the page allows dropping them). Layout's flow and a chart's canvas are surfaces.
pub trait Surface {
    /// The poster's font book, which the text is shaped with.
    fn book(&self) -> &FontBook;
    /// The scene items the text's glyph runs are added to.
    fn items(&mut self) -> &mut Vec<Item>;
    /// Told of the characters left out because no face has them.
    fn dropped(&mut self, missing: Vec<MissingGlyph>);
}

/// A piece of text to set: what, how wide, how aligned.
#[derive(Debug, Clone)]
pub struct TextBox {
    /// The text, in styled pieces set one after another.
    pub spans: Vec<Span>,
    /// The box's width, pixels: lines are broken to fit it.
    pub width: f32,
    /// How each line sits in the box: justified, left, centred or right.
    pub align: Align,
    /// Line pitch as a multiple of the largest font size on the line.
    pub line_height: f32,
    /// Break into lines of similar length, by meaning (headings, and labels standing over or under
    /// something) rather than filling each line (body text).
    pub balance: bool,
    /// Break between words: inside a word only when it is wider than the box (labels and headings:
    /// 线下 / 零售额, never 线下零 / 售额). Body text breaks wherever the Chinese rules allow.
    pub whole_words: bool,
}

/// What the breaks of a balanced text are, best first: how well its lines follow the meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BreakTier {
    /// Every break after a clause mark (，：；。！？) or a forced newline; or one line.
    Clause,
    /// After a space between phrases or scripts, or after any mark (、”）》…).
    Phrase,
    /// Between words.
    Word,
    /// Inside a word or cut where no break was allowed: the text is wider than its box somewhere.
    Split,
}

/// Text shaped and broken, ready to be placed; its size is known before drawing.
pub struct PreparedText {
    /// The spans shaped, as one text.
    pub shaped: Shaped,
    /// Where the lines start and end.
    pub lines: LineSet,
    /// The box's width, pixels.
    pub width: f32,
    /// How each line sits in the box.
    pub align: Align,
    /// Line pitch as a multiple of the largest font size on the line.
    pub line_height: f32,
    /// How well the breaks follow the meaning (set for every breaking, decided by the balanced one).
    pub tier: BreakTier,
}

impl PreparedText {
    /// Pitch of line `i` in pixels.
    fn pitch(&self, i: usize) -> f32 {
        let line = &self.lines.lines[i];
        let size = self.shaped.clusters[line.start..line.end]
            .iter()
            .map(|c| c.style.size)
            .fold(0.0, f32::max);
        size * self.line_height
    }

    /// The height of all lines, pixels: each line's largest font size times the line height, summed.
    pub fn height(&self) -> f32 {
        (0..self.lines.lines.len()).map(|i| self.pitch(i)).sum()
    }

    /// Width of the widest line.
    pub fn widest(&self) -> f32 {
        self.lines.lines.iter().map(|l| l.width).fold(0.0, f32::max)
    }

    /// Whether a line had to be cut where no break is allowed (the text is too wide for its box).
    pub fn has_forced_break(&self) -> bool {
        self.lines.lines.iter().any(|l| l.forced)
    }

    /// Pitch of the first line (a label's "one line" of space), 0 for empty text.
    pub fn line_height_px(&self) -> f32 {
        if self.lines.lines.is_empty() {
            0.0
        } else {
            self.pitch(0)
        }
    }

    fn baseline_in_line(&self, book: &FontBook, i: usize) -> f32 {
        let line = &self.lines.lines[i];
        let clusters = &self.shaped.clusters[line.start..line.end];
        let font = book.primary(clusters[0].style.role, clusters[0].style.weight);
        let size = clusters.iter().map(|c| c.style.size).fold(0.0, f32::max);
        let pitch = size * self.line_height;
        let ink = size * (font.ascender - font.descender);
        (pitch - ink) / 2.0 + size * font.ascender
    }

    /// Draws the text with its box's top-left corner at (x, top); returns the box's bottom.
    pub fn draw(&self, surface: &mut impl Surface, x: f32, top: f32) -> f32 {
        let mut y = top;
        for (i, line) in self.lines.lines.iter().enumerate() {
            let baseline = y + self.baseline_in_line(surface.book(), i);
            let placed = place_line(&self.shaped, &self.lines, line, self.width, self.align);
            let clusters = &self.shaped.clusters[line.start..line.end];
            let mut runs = line_runs(clusters, &placed.xs, x, baseline);
            // Each cluster's width as set on this line (squeezed marks, no Han–Latin gap at its end).
            let texts = runs.iter_mut().flat_map(|r| r.text.iter_mut());
            for (text, advance) in texts.zip(&placed.advances) {
                text.width = *advance;
            }
            surface.items().extend(runs.into_iter().map(Item::Glyphs));
            y += self.pitch(i);
        }
        y
    }
}

/// Glyph runs for one line of clusters: a run per change of style, each cluster at `x + xs[i]` on
/// `baseline`.
pub fn line_runs(clusters: &[Cluster], xs: &[f32], x: f32, baseline: f32) -> Vec<GlyphRun> {
    let mut runs: Vec<GlyphRun> = Vec::new();
    for (cluster, cx) in clusters.iter().zip(xs) {
        let style = cluster.style;
        let same = runs.last().is_some_and(|r| {
            r.face == cluster.face && r.size == style.size && r.color == style.color
        });
        if !same {
            runs.push(GlyphRun {
                face: cluster.face,
                size: style.size,
                color: style.color,
                glyphs: Vec::new(),
                text: Vec::new(),
            });
        }
        let run = runs.last_mut().expect("pushed above");
        let pen = x + cx;
        for g in &cluster.glyphs {
            run.glyphs.push(PlacedGlyph {
                id: g.id,
                x: pen + g.dx,
                y: baseline + g.dy,
            });
        }
        run.text.push(PlacedText {
            text: cluster.text.clone(),
            x: pen,
            y: baseline,
            width: cluster.advance,
        });
    }
    runs
}

impl TextBox {
    /// Body text: lines filled, broken wherever the rules allow.
    pub fn new(spans: Vec<Span>, width: f32, align: Align, line_height: f32) -> TextBox {
        TextBox {
            spans,
            width,
            align,
            line_height,
            balance: false,
            whole_words: false,
        }
    }

    /// A label: short text in a narrow box (stat labels, chart categories and legends, progress and
    /// table labels), broken between words. Every label of the layout and the charts is set through
    /// this, so they all keep their words whole; `.balanced()` on it balances the lines as well.
    pub fn label(spans: Vec<Span>, width: f32, align: Align, line_height: f32) -> TextBox {
        TextBox {
            whole_words: true,
            ..TextBox::new(spans, width, align, line_height)
        }
    }

    /// Lines of similar length broken by meaning, words whole (headings).
    pub fn balanced(mut self) -> TextBox {
        self.balance = true;
        self.whole_words = true;
        self
    }

    /// Breaks inside words as freely as between them: for a label that has only so many lines, where
    /// a word broken is better than the label cut short.
    pub fn breaking_inside_words(mut self) -> TextBox {
        self.whole_words = false;
        self
    }

    /// Normalises the punctuation, reports characters no face has to the surface, shapes the text and breaks it into lines, as the box asks; nothing is drawn yet.
    pub fn prepare(&self, surface: &mut impl Surface) -> PreparedText {
        let shaped = shape_checked(surface, &self.spans);
        if !self.balance && !self.whole_words {
            // Body text: the paragraph breaker, whatever it is, with every break it may take.
            return self.prepared(break_lines(&shaped, self.width), BreakTier::Split, shaped);
        }
        let breaks = if self.whole_words {
            word_break_points(&shaped, self.width)
        } else {
            break_points(&shaped)
        };
        let (lines, tier) = if self.balance {
            // Broken at a narrower width, set in the whole box: each line's width as set there.
            let (mut lines, tier) = balanced_lines(&shaped, &breaks, self.width);
            refit(&shaped, &mut lines, self.width);
            (lines, tier)
        } else {
            let lines = break_lines_at(&shaped, &breaks, self.width);
            let tier = if self.whole_words && !splits_a_word(&shaped, &lines) {
                BreakTier::Word
            } else {
                BreakTier::Split
            };
            (lines, tier)
        };
        self.prepared(lines, tier, shaped)
    }

    fn prepared(&self, lines: LineSet, tier: BreakTier, shaped: Shaped) -> PreparedText {
        PreparedText {
            shaped,
            lines,
            width: self.width,
            align: self.align,
            line_height: self.line_height,
            tier,
        }
    }
}

/// Normalises punctuation, drops characters no font covers (telling the surface), and shapes.
pub fn shape_checked(surface: &mut impl Surface, spans: &[Span]) -> Shaped {
    let mut clean = Vec::with_capacity(spans.len());
    let mut dropped = Vec::new();
    for span in spans {
        let normalized = normalize(&span.text);
        let (kept, missing) = strip_uncovered(surface.book(), &normalized);
        dropped.extend(missing);
        clean.push(Span {
            text: kept,
            style: span.style,
        });
    }
    if !dropped.is_empty() {
        surface.dropped(dropped);
    }
    shape(surface.book(), &clean)
}

/// Lines broken by meaning and balanced, at some of `words` (the break points a box allows: between
/// words, see [`word_break_points`]); as many lines as filling them takes. Breaks after a clause mark
/// are used when they give that many lines, else breaks after a space between phrases or any mark, else
/// every break of `words`; then the narrowest width that keeps that many lines gives lines of similar
/// length.
pub(crate) fn balanced_lines(
    shaped: &Shaped,
    words: &[(usize, bool)],
    width: f32,
) -> (LineSet, BreakTier) {
    let greedy = break_lines_at(shaped, words, width);
    let n = greedy.lines.len();
    let forced = |set: &LineSet| set.lines.iter().filter(|l| l.forced).count();
    if n <= 1 {
        return (greedy, BreakTier::Clause);
    }
    let at = |tier: BreakTier| -> Vec<(usize, bool)> {
        words
            .iter()
            .copied()
            .filter(|&(k, mandatory)| {
                mandatory || k == shaped.clusters.len() || break_tier(shaped, k) <= tier
            })
            .collect()
    };
    let fits = |breaks: &[(usize, bool)]| {
        let set = break_lines_at(shaped, breaks, width);
        set.lines.len() == n && set.lines.iter().all(|l| l.width <= width && !l.forced)
    };
    let (tier, breaks) = [BreakTier::Clause, BreakTier::Phrase]
        .into_iter()
        .map(|tier| (tier, at(tier)))
        .find(|(_, breaks)| fits(breaks))
        .unwrap_or_else(|| (BreakTier::Word, words.to_vec()));
    let total: f32 = shaped.clusters.iter().map(|c| c.advance).sum();
    let (mut lo, mut hi) = (total / n as f32 * 0.9, width);
    let mut best = break_lines_at(shaped, &breaks, width);
    for _ in 0..14 {
        let mid = (lo + hi) / 2.0;
        let trial = break_lines_at(shaped, &breaks, mid);
        if trial.lines.len() <= n && forced(&trial) <= forced(&greedy) {
            best = trial;
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let split = forced(&best) > 0 || splits_a_word(shaped, &best);
    (best, if split { BreakTier::Split } else { tier })
}

/// How much meaning a break before cluster `k` follows: after a clause mark, after a space between
/// phrases or scripts (a space between two Latin words is only a word break: "Revenue YoY" is one
/// phrase) or after another mark, or only between words.
fn break_tier(shaped: &Shaped, k: usize) -> BreakTier {
    let clusters = &shaped.clusters;
    // The last visible character before the break, and whether spaces come between it and the break.
    let visible = clusters[..k].iter().rposition(|c| !c.is_space());
    let spaced = visible.is_none_or(|v| v + 1 < k);
    let last = visible.map_or(' ', |v| clusters[v].text.chars().last().unwrap_or(' '));
    let next = clusters.get(k).map_or(' ', Cluster::first_char);
    let latin = |c: char| !c.is_whitespace() && !is_cjk(c);
    let between_phrases = spaced && !(latin(last) && latin(next));
    let after_mark = matches!(
        last,
        '、' | '”' | '’' | '）' | '》' | '」' | '』' | '·' | '—' | '…'
    );
    if matches!(last, '，' | '：' | '；' | '。' | '！' | '？') {
        BreakTier::Clause
    } else if between_phrases || after_mark {
        BreakTier::Phrase
    } else {
        BreakTier::Word
    }
}

/// Whether a line of `set` ends inside a dictionary word.
fn splits_a_word(shaped: &Shaped, set: &LineSet) -> bool {
    let ends: Vec<usize> = set
        .lines
        .iter()
        .filter(|l| l.end < shaped.clusters.len())
        .map(|l| shaped.clusters[l.end].offset)
        .collect();
    inside_words(&shaped.text, &ends)
        .into_iter()
        .any(|inside| inside)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Color;
    use crate::text::fonts::{FontBook, Weight};

    fn shaped(text: &str) -> Shaped {
        shape(
            FontBook::bundled(),
            &[Span::new(text, Weight::Bold, 40.0, Color::rgb(0, 0, 0))],
        )
    }

    /// The tier of a break just before the first occurrence of `after` in `text`.
    fn tier_before(text: &str, after: &str) -> BreakTier {
        let shaped = shaped(text);
        let offset = text.find(after).expect("in text");
        let k = shaped
            .clusters
            .iter()
            .position(|c| c.offset == offset)
            .unwrap();
        break_tier(&shaped, k)
    }

    #[test]
    fn breaks_are_ranked_by_meaning() {
        let text = "营收 Revenue 同比增长，+12.5% YoY";
        assert_eq!(tier_before(text, "Revenue"), BreakTier::Phrase);
        assert_eq!(tier_before(text, "同比"), BreakTier::Phrase);
        assert_eq!(tier_before(text, "+12.5%"), BreakTier::Clause);
        // A space inside a Latin run is only a word break, as between Chinese words.
        assert_eq!(tier_before(text, "YoY"), BreakTier::Word);
        assert_eq!(tier_before(text, "增长"), BreakTier::Word);
        assert_eq!(tier_before("抓改革、优环境", "优"), BreakTier::Phrase);
    }

    /// The lines of `text` balanced in `width`, as strings, and their tier.
    fn balanced(text: &str, width: f32) -> (Vec<String>, BreakTier) {
        let shaped = shaped(text);
        let (set, tier) = balanced_lines(&shaped, &word_break_points(&shaped, width), width);
        let lines = set
            .lines
            .iter()
            .map(|l| {
                shaped.clusters[l.start..l.end]
                    .iter()
                    .map(|c| c.text.as_str())
                    .collect::<String>()
            })
            .collect();
        (lines, tier)
    }

    #[test]
    fn a_mixed_headline_breaks_between_scripts() {
        let text = "Q3 营收 Revenue 同比增长 +12.5% YoY";
        let total: f32 = shaped(text).clusters.iter().map(|c| c.advance).sum();
        let (lines, tier) = balanced(text, total * 0.6);
        assert_eq!(lines, ["Q3 营收 Revenue ", "同比增长 +12.5% YoY"]);
        assert_eq!(tier, BreakTier::Phrase);
    }

    #[test]
    fn without_marks_or_spaces_lines_break_between_words() {
        // 12 characters at 40 px in 7 characters' room: two lines, split between words.
        let (lines, tier) = balanced("战略性新兴产业增加值增速", 280.0);
        assert_eq!(lines, ["战略性新兴产业", "增加值增速"]);
        assert_eq!(tier, BreakTier::Word);
        // A box narrower than 新兴产业 itself: the word is split, and said to be.
        let (lines, tier) = balanced("新兴产业", 100.0);
        assert_eq!(lines.concat(), "新兴产业");
        assert_eq!(tier, BreakTier::Split);
    }
}
