//! scene: the one picture every exporter draws. Layout produces it with every glyph already positioned,
//! so SVG and PNG (and later PDF) cannot disagree. Coordinates are pixels, y down, origin top-left.

use crate::model::Color;
use crate::text::fonts::Weight;

#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    pub width: f32,
    pub height: f32,
    pub background: Color,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A filled rectangle with optionally rounded corners.
    Rect {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        radius: f32,
        fill: Color,
    },
    /// A filled circle.
    Circle {
        cx: f32,
        cy: f32,
        r: f32,
        fill: Color,
    },
    /// A straight stroke.
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Color,
    },
    Glyphs(GlyphRun),
}

/// Glyphs of one face, size and colour, each at its own pen position on the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    pub weight: Weight,
    /// Font size in pixels.
    pub size: f32,
    pub color: Color,
    pub glyphs: Vec<PlacedGlyph>,
    /// The text the glyphs draw, cluster by cluster with each cluster's pen position: for live SVG text,
    /// text extraction and tests.
    pub text: Vec<PlacedText>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedGlyph {
    pub id: u16,
    pub x: f32,
    /// Baseline.
    pub y: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlacedText {
    pub text: String,
    pub x: f32,
    pub y: f32,
    /// Advance width of the cluster.
    pub width: f32,
}

impl GlyphRun {
    pub fn string(&self) -> String {
        self.text.iter().map(|t| t.text.as_str()).collect()
    }

    /// Left and right edge of the run's pen positions (ink may overhang slightly).
    pub fn extent(&self) -> (f32, f32) {
        let left = self.text.first().map_or(0.0, |t| t.x);
        let right = self.text.last().map_or(0.0, |t| t.x + t.width);
        (left, right)
    }
}

impl Scene {
    /// Every glyph run, in drawing order.
    pub fn runs(&self) -> impl Iterator<Item = &GlyphRun> {
        self.items.iter().filter_map(|i| match i {
            Item::Glyphs(run) => Some(run),
            _ => None,
        })
    }

    /// All text of the scene, run by run, for tests and search.
    pub fn text(&self) -> String {
        self.runs()
            .map(|r| r.string())
            .collect::<Vec<_>>()
            .join("\n")
    }
}
