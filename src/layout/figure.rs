//! Figures, the heart of an infographic: the numeral large and bold, its unit and qualifier smaller on the
//! same baseline, the labels above and below in body weight. Used by the `stat` and `stats` blocks.

use super::Ctx;
use crate::model::{Stat, Theme};
use crate::scene::Item;
use crate::text::fonts::{Role, Weight};
use crate::text::line::Align;
use crate::text::set::{PreparedText, TextBox};
use crate::text::shape::Span;

/// Unit at 45 % of the numeral, qualifier at 34 % (cjk-typography.md: 40–50 %, qualifier smaller still).
const UNIT_RATIO: f32 = 0.45;
const QUALIFIER_RATIO: f32 = 0.34;

/// The figure line's spans at numeral size `size`.
pub(crate) fn figure_spans(theme: &Theme, stat: &Stat, size: f32) -> Vec<Span> {
    let color = theme.palette.primary;
    let mut spans = Vec::new();
    if let Some(prefix) = &stat.prefix {
        spans.push(
            Span::new(prefix.clone(), Weight::Bold, size * UNIT_RATIO, color)
                .as_role(Role::Figures),
        );
    }
    spans.push(Span::new(stat.value.clone(), Weight::Bold, size, color).as_role(Role::Figures));
    if let Some(unit) = &stat.unit {
        spans.push(
            Span::new(unit.clone(), Weight::Bold, size * UNIT_RATIO, color).as_role(Role::Figures),
        );
    }
    if let Some(q) = &stat.qualifier {
        spans.push(
            Span::new(q.clone(), Weight::Bold, size * QUALIFIER_RATIO, color)
                .as_role(Role::Figures),
        );
    }
    spans
}

/// Width of a figure line set on one line at numeral size `size`.
pub(crate) fn figure_width(ctx: &mut Ctx, stat: &Stat, size: f32) -> f32 {
    let spans = figure_spans(&ctx.poster.theme, stat, size);
    crate::text::set::shape_checked(ctx, &spans)
        .clusters
        .iter()
        .map(|c| c.advance)
        .sum()
}

/// The numeral size at which every figure of `stats` fits `width`, at most `base`, at least half of it.
pub(crate) fn fitting_size(ctx: &mut Ctx, stats: &[&Stat], base: f32, width: f32) -> f32 {
    let widest = stats
        .iter()
        .map(|s| figure_width(ctx, s, base))
        .fold(0.0, f32::max);
    if widest <= width {
        base
    } else {
        // Whole pixels of the design, so that the design scaled to another page is scaled exactly.
        let u = ctx.poster.theme.unit;
        ((base * width / widest).max(base * 0.5) / u).floor() * u
    }
}

/// One stat's three parts, prepared.
pub(crate) struct Cell {
    /// An icon above the label, and its side.
    pub icon: Option<(std::sync::Arc<crate::model::ImageSource>, f32)>,
    pub label: Option<PreparedText>,
    pub figure: PreparedText,
    pub after: Option<PreparedText>,
    /// The numeral's font size.
    pub value_size: f32,
}

/// Sizes for a cell: numeral and label font sizes.
#[derive(Clone, Copy)]
pub(crate) struct CellSizes {
    pub value: f32,
    pub label: f32,
}

/// Gap between a label and the figure, as a fraction of the label size.
const LABEL_GAP: f32 = 0.35;

impl Cell {
    pub fn prepare(ctx: &mut Ctx, stat: &Stat, sizes: CellSizes, width: f32) -> Cell {
        let theme = &ctx.poster.theme;
        let (text_color, label_color) = (theme.palette.text, theme.palette.text);
        let label_box = |t: &String| {
            TextBox::label(
                vec![
                    Span::new(t.clone(), Weight::Regular, sizes.label, label_color)
                        .as_role(Role::Labels),
                ],
                width,
                Align::Center,
                1.4,
            )
            .balanced()
        };
        let label = stat.label.as_ref().filter(|t| !t.is_empty()).map(label_box);
        let after = stat.after.as_ref().filter(|t| !t.is_empty()).map(|t| {
            TextBox::label(
                vec![
                    Span::new(t.clone(), Weight::Regular, sizes.label, text_color)
                        .as_role(Role::Labels),
                ],
                width,
                Align::Center,
                1.4,
            )
            .balanced()
        });
        // The numeral may not shrink below what fits: a figure that is still too wide gets its own size.
        let mut value = sizes.value;
        let w = figure_width(ctx, stat, value);
        if w > width {
            value = (value * width / w).floor();
        }
        let figure_box = TextBox::new(
            figure_spans(&ctx.poster.theme, stat, value),
            f32::MAX / 4.0,
            Align::Start,
            1.12,
        );
        Cell {
            icon: stat.icon.clone().map(|i| (i, (sizes.label * 1.9).round())),
            label: label.map(|b| b.prepare(ctx)),
            figure: figure_box.prepare(ctx),
            after: after.map(|b| b.prepare(ctx)),
            value_size: value,
        }
    }

    /// Height the figure line takes: its line box without the descender room that digits never use.
    pub fn figure_height(&self) -> f32 {
        self.figure.height() - self.value_size * 0.08
    }

    /// The label's height with its gap to the figure, and the icon's above it.
    pub fn label_height(&self) -> f32 {
        self.label
            .as_ref()
            .map_or(0.0, |l| l.height() + l.line_height_px() * LABEL_GAP)
            + self.icon_height()
    }

    /// The icon's side and the gap under it.
    fn icon_height(&self) -> f32 {
        self.icon.as_ref().map_or(0.0, |(_, side)| side * 1.25)
    }

    pub fn after_height(&self) -> f32 {
        self.after
            .as_ref()
            .map_or(0.0, |a| a.height() + a.line_height_px() * LABEL_GAP)
    }

    /// Draws the cell in a column at `x`, `width` wide: the label bottom-aligned in `label_area`, the
    /// figure below it, the after-label below the figure. Returns the bottom.
    pub fn draw(
        &self,
        ctx: &mut Ctx,
        x: f32,
        width: f32,
        top: f32,
        label_area: f32,
        figure_area: f32,
    ) -> f32 {
        let label_top = top + label_area - self.label_height() + self.icon_height();
        if let Some((icon, side)) = &self.icon {
            let color = ctx.poster.theme.palette.primary;
            let icon_top = label_top - self.icon_height();
            super::elements::icon(ctx, icon, x + (width - side) / 2.0, icon_top, *side, color);
        }
        if let Some(label) = &self.label {
            label.draw(ctx, x, label_top);
        }
        let fig_top = top + label_area;
        let fig_x = x + (width - self.figure.widest()) / 2.0;
        self.figure
            .draw(ctx, fig_x, fig_top + (figure_area - self.figure_height()));
        let mut bottom = fig_top + figure_area;
        if let Some(after) = &self.after {
            bottom = after.draw(ctx, x, bottom + after.line_height_px() * LABEL_GAP);
        }
        bottom
    }
}

/// A card behind a figure.
pub(crate) fn card(ctx: &mut Ctx, x: f32, y: f32, width: f32, height: f32) {
    let theme = &ctx.poster.theme;
    let u = theme.unit;
    ctx.items.push(Item::Rect {
        x,
        y,
        width,
        height,
        radius: 14.0 * u,
        fill: theme.palette.surface,
    });
    let bar = (width * 0.16).min(56.0 * u);
    ctx.items.push(Item::Rect {
        x: x + (width - bar) / 2.0,
        y,
        width: bar,
        height: 5.0 * u,
        radius: 0.0,
        fill: theme.palette.primary,
    });
}
