//! Setting styled text into a box: punctuation normalised, uncovered characters reported, shaped, broken
//! into lines (total fit, or balanced for headings) and emitted as glyph runs on shared baselines.

use std::collections::HashSet;

use super::Ctx;
use crate::diagnostics::Warning;
use crate::scene::{GlyphRun, Item, PlacedGlyph, PlacedText};
use crate::text::coverage::strip_uncovered;
use crate::text::line::{
    break_lines, break_lines_at, break_points, place_line, refit, Align, LineSet,
};
use crate::text::punctuation::normalize;
use crate::text::shape::{shape, Cluster, Shaped, Span};

/// A piece of text to set: what, how wide, how aligned.
#[derive(Debug, Clone)]
pub struct TextBox {
    pub spans: Vec<Span>,
    pub width: f32,
    pub align: Align,
    /// Line pitch as a multiple of the largest font size on the line.
    pub line_height: f32,
    /// Break into lines of similar length (headings) rather than filling each line (body text).
    pub balance: bool,
}

/// Text shaped and broken, ready to be placed; its size is known before drawing.
pub(crate) struct PreparedText {
    pub shaped: Shaped,
    pub lines: LineSet,
    pub width: f32,
    pub align: Align,
    pub line_height: f32,
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

    fn baseline_in_line(&self, ctx: &Ctx, i: usize) -> f32 {
        let line = &self.lines.lines[i];
        let clusters = &self.shaped.clusters[line.start..line.end];
        let font = ctx.book.font(clusters[0].style.weight);
        let size = clusters.iter().map(|c| c.style.size).fold(0.0, f32::max);
        let pitch = size * self.line_height;
        let ink = size * (font.ascender - font.descender);
        (pitch - ink) / 2.0 + size * font.ascender
    }

    /// Draws the text with its box's top-left corner at (x, top); returns the box's bottom.
    pub fn draw(&self, ctx: &mut Ctx, x: f32, top: f32) -> f32 {
        let mut y = top;
        for (i, line) in self.lines.lines.iter().enumerate() {
            let baseline = y + self.baseline_in_line(ctx, i);
            let placed = place_line(&self.shaped, &self.lines, line, self.width, self.align);
            let clusters = &self.shaped.clusters[line.start..line.end];
            let mut runs = line_runs(clusters, &placed.xs, x, baseline);
            // Each cluster's width as set on this line (squeezed marks, no Han–Latin gap at its end).
            let texts = runs.iter_mut().flat_map(|r| r.text.iter_mut());
            for (text, advance) in texts.zip(&placed.advances) {
                text.width = *advance;
            }
            ctx.items.extend(runs.into_iter().map(Item::Glyphs));
            y += self.pitch(i);
        }
        y
    }
}

/// Glyph runs for one line of clusters: a run per change of style, each cluster at `x + xs[i]` on
/// `baseline`.
pub(crate) fn line_runs(clusters: &[Cluster], xs: &[f32], x: f32, baseline: f32) -> Vec<GlyphRun> {
    let mut runs: Vec<GlyphRun> = Vec::new();
    for (cluster, cx) in clusters.iter().zip(xs) {
        let style = cluster.style;
        let same = runs.last().is_some_and(|r| {
            r.weight == style.weight && r.size == style.size && r.color == style.color
        });
        if !same {
            runs.push(GlyphRun {
                weight: style.weight,
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
    pub fn new(spans: Vec<Span>, width: f32, align: Align, line_height: f32) -> TextBox {
        TextBox {
            spans,
            width,
            align,
            line_height,
            balance: false,
        }
    }

    pub fn balanced(mut self) -> TextBox {
        self.balance = true;
        self
    }

    pub(crate) fn prepare(&self, ctx: &mut Ctx) -> PreparedText {
        let shaped = shape_checked(ctx, &self.spans);
        let lines = if self.balance {
            // Broken at a narrower width, set in the whole box: each line's width as set there.
            let mut lines = balanced_lines(&shaped, self.width);
            refit(&shaped, &mut lines, self.width);
            lines
        } else {
            break_lines(&shaped, self.width)
        };
        PreparedText {
            shaped,
            lines,
            width: self.width,
            align: self.align,
            line_height: self.line_height,
        }
    }
}

/// Normalises punctuation, drops (and reports) characters no font covers, and shapes.
pub(crate) fn shape_checked(ctx: &mut Ctx, spans: &[Span]) -> Shaped {
    let mut clean = Vec::with_capacity(spans.len());
    // What this block was already warned about, gathered once it has something to warn about: a text
    // may miss thousands of different characters, and each is reported once per block.
    let mut warned: Option<HashSet<String>> = None;
    for span in spans {
        let normalized = normalize(&span.text);
        let (kept, missing) = strip_uncovered(ctx.book, &normalized);
        for m in missing {
            let message = format!(
                "no bundled font has the character {}; it is left out",
                m.describe()
            );
            let warned = warned.get_or_insert_with(|| {
                ctx.warnings
                    .iter()
                    .filter(|w| w.origin == ctx.origin)
                    .map(|w| w.message.clone())
                    .collect()
            });
            if warned.insert(message.clone()) {
                ctx.warnings.push(Warning::new(ctx.origin.clone(), message));
            }
        }
        clean.push(Span {
            text: kept,
            style: span.style,
        });
    }
    shape(ctx.book, &clean)
}

/// Heading lines broken by meaning and balanced: breaks after punctuation or spaces are tried first, and
/// used when they give as few lines as breaking anywhere would; then the narrowest width that keeps that
/// number of lines gives lines of similar length.
fn balanced_lines(shaped: &Shaped, width: f32) -> LineSet {
    let all = break_points(shaped);
    let greedy = break_lines_at(shaped, &all, width);
    let n = greedy.lines.len();
    if n <= 1 {
        return greedy;
    }
    // Tiers of meaning: after a clause (space, ，：；。！？), then after any mark (、” ）…), then anywhere.
    let clause =
        |c: char| c.is_whitespace() || matches!(c, '，' | '：' | '；' | '。' | '！' | '？');
    let mark = |c: char| clause(c) || matches!(c, '、' | '”' | '’' | '）' | '》' | '·' | '—');
    let at = |keep: &dyn Fn(char) -> bool| -> Vec<(usize, bool)> {
        all.iter()
            .copied()
            .filter(|&(k, mandatory)| {
                mandatory
                    || k == shaped.clusters.len()
                    || keep(shaped.clusters[k - 1].text.chars().last().unwrap_or(' '))
            })
            .collect()
    };
    let fits = |breaks: &[(usize, bool)]| {
        let set = break_lines_at(shaped, breaks, width);
        set.lines.len() == n && set.lines.iter().all(|l| l.width <= width && !l.forced)
    };
    let breaks = [at(&clause), at(&mark)]
        .into_iter()
        .find(|b| fits(b))
        .unwrap_or(all);
    let total: f32 = shaped.clusters.iter().map(|c| c.advance).sum();
    let (mut lo, mut hi) = (total / n as f32 * 0.9, width);
    let mut best = break_lines_at(shaped, &breaks, width);
    for _ in 0..14 {
        let mid = (lo + hi) / 2.0;
        let trial = break_lines_at(shaped, &breaks, mid);
        let forced = trial.lines.iter().filter(|l| l.forced).count();
        if trial.lines.len() <= n && forced <= greedy.lines.iter().filter(|l| l.forced).count() {
            best = trial;
            hi = mid;
        } else {
            lo = mid;
        }
    }
    best
}
