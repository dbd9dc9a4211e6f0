//! Size presets: the sizes newsrooms publish at, by name, with the areas each platform keeps free of text.
//! Screen presets are in pixels; print presets are in millimetres and become pixels at a chosen dpi.
//! Also how a poster is re-laid for another page ([`relay`], [`variant`]).

use crate::model::{BlockKind, Margins, Page, Poster, SizeMm};

/// A size by name.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Preset {
    /// The name a spec and the command line use (`xiaohongshu`, `a4`).
    pub name: &'static str,
    /// What it is for, for the table in docs/guide.md, `yitu presets` and messages.
    pub purpose: &'static str,
    /// The page's size: pixels, or millimetres for print.
    pub size: PresetSize,
    /// Where text must not go.
    pub safe: SafeArea,
}

/// A preset's size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PresetSize {
    /// Pixels; `None` height = grows with the content.
    Pixels {
        /// The width, pixels.
        width: f32,
        /// The height, pixels; `None`: the page grows with its content.
        height: Option<f32>,
    },
    /// Millimetres, for print; rendered at a dpi (default 300).
    Millimetres {
        /// The trimmed width, mm.
        width: f32,
        /// The trimmed height, mm.
        height: f32,
    },
}

/// Parts of the page the platform covers or crops, as fractions of the page.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SafeArea {
    /// The fraction of the height kept free of text at the top (Douyin's interface covers the top and
    /// bottom of the screen).
    pub top: f32,
    /// The fraction of the height kept free of text at the bottom.
    pub bottom: f32,
    /// Text kept inside the central square (WeChat crops article covers to it for share cards).
    pub central_square: bool,
}

const NONE: SafeArea = SafeArea {
    top: 0.0,
    bottom: 0.0,
    central_square: false,
};

const fn px(width: f32, height: f32) -> PresetSize {
    PresetSize::Pixels {
        width,
        height: Some(height),
    }
}

const fn mm(width: f32, height: f32) -> PresetSize {
    PresetSize::Millimetres { width, height }
}

/// Every preset, in the order of the table in docs/guide.md.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "wechat-cover",
        purpose:
            "WeChat article cover (text kept in the central square, which share cards crop to)",
        size: px(900.0, 383.0),
        safe: SafeArea {
            central_square: true,
            ..NONE
        },
    },
    Preset {
        name: "wechat-article",
        purpose: "WeChat 公众号 article body image, 1080 wide, height grows with the content",
        size: PresetSize::Pixels {
            width: 1080.0,
            height: None,
        },
        safe: NONE,
    },
    Preset {
        name: "phone",
        purpose: "phone long poster, height grows with the content",
        size: PresetSize::Pixels {
            width: 1080.0,
            height: None,
        },
        safe: NONE,
    },
    Preset {
        name: "weibo",
        purpose: "Weibo square",
        size: px(1080.0, 1080.0),
        safe: NONE,
    },
    Preset {
        name: "xiaohongshu",
        purpose: "Xiaohongshu 3:4",
        size: px(1080.0, 1440.0),
        safe: NONE,
    },
    Preset {
        name: "douyin",
        purpose: "Douyin / story 9:16 (top and bottom 15 % kept free of text)",
        size: px(1080.0, 1920.0),
        safe: SafeArea {
            top: 0.15,
            bottom: 0.15,
            central_square: false,
        },
    },
    Preset {
        name: "instagram",
        purpose: "Instagram square",
        size: px(1080.0, 1080.0),
        safe: NONE,
    },
    Preset {
        name: "instagram-portrait",
        purpose: "Instagram 4:5",
        size: px(1080.0, 1350.0),
        safe: NONE,
    },
    Preset {
        name: "instagram-story",
        purpose: "Instagram story 9:16 (top 250 px and bottom 340 px kept free of text: profile, reply bar)",
        size: px(1080.0, 1920.0),
        safe: SafeArea {
            top: 250.0 / 1920.0,
            bottom: 340.0 / 1920.0,
            central_square: false,
        },
    },
    Preset {
        name: "x",
        purpose: "X (Twitter) 16:9",
        size: px(1600.0, 900.0),
        safe: NONE,
    },
    Preset {
        name: "a4",
        purpose: "print A4 portrait",
        size: mm(210.0, 297.0),
        safe: NONE,
    },
    Preset {
        name: "a4-landscape",
        purpose: "print A4 landscape",
        size: mm(297.0, 210.0),
        safe: NONE,
    },
    Preset {
        name: "a3",
        purpose: "print A3 portrait",
        size: mm(297.0, 420.0),
        safe: NONE,
    },
    Preset {
        name: "a3-landscape",
        purpose: "print A3 landscape",
        size: mm(420.0, 297.0),
        safe: NONE,
    },
];

/// The preset called `name`.
pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// Every preset name, for suggestions.
pub fn names() -> Vec<&'static str> {
    PRESETS.iter().map(|p| p.name).collect()
}

/// Layout pixels per inch on screen (CSS pixels).
pub const SCREEN_DPI: f32 = 96.0;
/// Default resolution of print presets.
pub const PRINT_DPI: f32 = 300.0;

impl Preset {
    /// Width and (fixed or growing) height in pixels; print sizes at `dpi`.
    pub fn pixels(&self, dpi: f32) -> (f32, Option<f32>) {
        match self.size {
            PresetSize::Pixels { width, height } => (width, height),
            PresetSize::Millimetres { width, height } => (
                mm_to_px(width, dpi).round(),
                Some(mm_to_px(height, dpi).round()),
            ),
        }
    }

    /// Whether this is a paper size.
    pub fn is_print(&self) -> bool {
        matches!(self.size, PresetSize::Millimetres { .. })
    }

    /// The trimmed size of a print preset in mm; `None` for a screen preset.
    pub fn size_mm(&self) -> Option<SizeMm> {
        match self.size {
            PresetSize::Pixels { .. } => None,
            PresetSize::Millimetres { width, height } => Some(SizeMm {
                width,
                height: Some(height),
            }),
        }
    }

    /// This preset as a page to lay a poster out for: a print preset at `print_dpi`, a screen preset in
    /// CSS pixels.
    pub fn target(&self, print_dpi: f32) -> Target {
        let dpi = if self.is_print() {
            print_dpi
        } else {
            SCREEN_DPI
        };
        let (width, height) = self.pixels(dpi);
        Target {
            width,
            height,
            dpi,
            safe: self.safe,
            preset: Some(self.name),
            size_mm: self.size_mm(),
        }
    }
}

/// Millimetres to pixels at `dpi`.
pub fn mm_to_px(mm: f32, dpi: f32) -> f32 {
    mm / 25.4 * dpi
}

/// The page width every spec is designed for: sizes, margins, type and spacing are written for it, and
/// scaled by [`scale`] to the page a poster is laid out on.
pub const DESIGN_WIDTH: f32 = 1080.0;

/// How much margins, type and spacing grow from a page of `from` to a page of `to` (each a width and a
/// fixed height, `None` for a growing one): the ratio of the shorter sides, a growing page's shorter side
/// being its width. Never below 0.6: smaller type would no longer read on a phone (a WeChat cover's
/// square is 383 px).
pub fn scale(from: (f32, Option<f32>), to: (f32, Option<f32>)) -> f32 {
    let short = |(w, h): (f32, Option<f32>)| w.min(h.unwrap_or(w));
    (short(to) / short(from)).max(0.6)
}

/// A page to lay a poster out for: a preset's size, or a page's own size (a print size in mm at its dpi).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    /// Width in pixels.
    pub width: f32,
    /// Fixed height in pixels; `None`: the page grows with its content.
    pub height: Option<f32>,
    /// Pixels per inch of the layout: 96 on screen, the print dpi on paper.
    pub dpi: f32,
    /// Where text must not go.
    pub safe: SafeArea,
    /// The preset the size is, if any.
    pub preset: Option<&'static str>,
    /// The trimmed size of a print page; `None` on screen.
    pub size_mm: Option<SizeMm>,
}

impl Target {
    /// The size `page` already has (from its preset or its size in mm).
    pub fn of(page: &Page) -> Target {
        Target {
            width: page.width,
            height: page.height,
            dpi: page.dpi,
            safe: page.safe,
            preset: page.preset,
            size_mm: page.size_mm,
        }
    }
}

/// Moves the page's margins out of the areas its preset keeps free of text: the central square's margins
/// are measured inside the square.
pub fn apply_safe_area(page: &mut Page) {
    let Some(height) = page.height else { return };
    let safe = page.safe;
    page.margin.top = page.margin.top.max(height * safe.top);
    page.margin.bottom = page.margin.bottom.max(height * safe.bottom);
    if safe.central_square && page.width > height {
        let side = (page.width - height) / 2.0;
        page.margin.left += side;
        page.margin.right += side;
    }
}

/// The poster re-laid for the page `to`: that size, and margins, type and spacing scaled by [`scale`], so
/// a square card's design carries over to a story, a cover or an A4 page. The page's background, print
/// dpi and prepress settings (bleed, crop marks) stay the poster's. Whether the content then fits is for
/// layout to say. The result has no variants of its own.
pub fn relay(poster: &Poster, to: &Target) -> Poster {
    // From the design, whatever the poster was scaled to already (an A4 spec's Weibo variant is scaled
    // from the 1080-px design, not down from A4 — where the 0.6 floor would leave its type too large).
    let done = poster.page.design_scale;
    let design = (
        poster.page.width / done,
        poster.page.height.map(|h| h / done),
    );
    let total = scale(design, (to.width, to.height));
    let s = total / done;
    let mut out = poster.clone();
    out.variants.clear();
    let page = &mut out.page;
    page.width = to.width;
    page.height = to.height;
    page.preset = to.preset;
    page.dpi = to.dpi;
    page.safe = to.safe;
    page.size_mm = to.size_mm;
    page.design_scale = total;
    let m = poster.page.margin;
    page.margin = Margins {
        top: m.top * s,
        right: m.right * s,
        bottom: m.bottom * s,
        left: m.left * s,
    };
    apply_safe_area(page);
    out.theme.scale(s);
    for block in &mut out.blocks {
        if let BlockKind::Chart(c) = &mut block.kind {
            c.height = c.height.map(|h| h * s);
        }
    }
    out
}

/// The poster re-laid for preset `p` (a `variants` entry); a print preset at the poster's print dpi.
pub fn variant(poster: &Poster, p: &Preset) -> Poster {
    relay(poster, &p.target(poster.page.print_dpi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_have_the_platform_sizes() {
        assert_eq!(preset("wechat-cover").unwrap().size, px(900.0, 383.0));
        assert_eq!(preset("xiaohongshu").unwrap().size, px(1080.0, 1440.0));
        assert_eq!(preset("douyin").unwrap().safe.top, 0.15);
        assert_eq!(preset("a4").unwrap().size, mm(210.0, 297.0));
        assert!(preset("tiktok").is_none());
        let names = names();
        let mut unique = names.clone();
        unique.dedup();
        assert_eq!(names.len(), unique.len());
    }

    #[test]
    fn scale_is_the_ratio_of_the_shorter_sides_never_below_0_6() {
        // A growing page's shorter side is its width.
        assert_eq!(scale((1080.0, None), (1080.0, Some(1920.0))), 1.0);
        assert_eq!(scale((1080.0, None), (1600.0, Some(900.0))), 900.0 / 1080.0);
        assert_eq!(
            scale((1080.0, Some(1080.0)), (2480.0, Some(3508.0))),
            2480.0 / 1080.0
        );
        assert_eq!(scale((1080.0, None), (900.0, Some(383.0))), 0.6);
    }

    #[test]
    fn a_print_preset_targets_its_dpi_and_a_screen_preset_css_pixels() {
        let a4 = preset("a4").unwrap().target(150.0);
        assert_eq!((a4.width, a4.height, a4.dpi), (1240.0, Some(1754.0), 150.0));
        assert!(a4.size_mm.is_some());
        let x = preset("x").unwrap().target(150.0);
        assert_eq!(
            (x.width, x.height, x.dpi),
            (1600.0, Some(900.0), SCREEN_DPI)
        );
        assert_eq!(x.size_mm, None);
    }

    #[test]
    fn a4_at_300_dpi_is_2480_by_3508() {
        assert_eq!(mm_to_px(210.0, 300.0).round(), 2480.0);
        assert_eq!(mm_to_px(297.0, 300.0).round(), 3508.0);
    }
}
