//! Size presets: the sizes newsrooms publish at, by name, with the areas each platform keeps free of text.
//! Screen presets are in pixels; print presets are in millimetres and become pixels at a chosen dpi.

/// A size by name.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Preset {
    pub name: &'static str,
    /// What it is for, for the README table and messages.
    pub purpose: &'static str,
    pub size: PresetSize,
    /// Where text must not go.
    pub safe: SafeArea,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PresetSize {
    /// Pixels; `None` height = grows with the content.
    Pixels { width: f32, height: Option<f32> },
    /// Millimetres, for print; rendered at a dpi (default 300).
    Millimetres { width: f32, height: f32 },
}

/// Parts of the page the platform covers or crops, as fractions of the page.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SafeArea {
    /// Fractions of the height kept free of text at the top and bottom (Douyin's interface).
    pub top: f32,
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

/// Every preset, in the order of the README table.
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
}

impl Preset {
    /// The trimmed size of a print preset in mm; `None` for a screen preset.
    pub fn size_mm(&self) -> Option<crate::model::SizeMm> {
        match self.size {
            PresetSize::Pixels { .. } => None,
            PresetSize::Millimetres { width, height } => Some(crate::model::SizeMm {
                width,
                height: Some(height),
            }),
        }
    }
}

/// Millimetres to pixels at `dpi`.
pub fn mm_to_px(mm: f32, dpi: f32) -> f32 {
    mm / 25.4 * dpi
}

/// Moves the page's margins out of the areas its preset keeps free of text: the central square's margins
/// are measured inside the square.
pub fn apply_safe_area(page: &mut crate::model::Page) {
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

/// The poster re-laid for preset `p`: the preset's size, and margins, type and spacing scaled by the ratio
/// of the shorter sides, so a square card's design carries over to a story, a cover or an A4 page. Whether
/// the content then fits is for layout to say.
pub fn variant(poster: &crate::model::Poster, p: &Preset) -> crate::model::Poster {
    let print = matches!(p.size, PresetSize::Millimetres { .. });
    let dpi = if print {
        if poster.page.dpi > SCREEN_DPI {
            poster.page.dpi
        } else {
            PRINT_DPI
        }
    } else {
        SCREEN_DPI
    };
    let (width, height) = p.pixels(dpi);
    let short = |w: f32, h: Option<f32>| w.min(h.unwrap_or(w));
    // Never below 0.6: smaller type would no longer read on a phone (a WeChat cover's square is 383 px).
    let s = (short(width, height) / short(poster.page.width, poster.page.height)).max(0.6);
    let mut out = poster.clone();
    out.variants.clear();
    let page = &mut out.page;
    page.width = width;
    page.height = height;
    page.preset = Some(p.name);
    page.dpi = dpi;
    page.safe = p.safe;
    page.size_mm = p.size_mm();
    let m = poster.page.margin;
    page.margin = crate::model::Margins {
        top: m.top * s,
        right: m.right * s,
        bottom: m.bottom * s,
        left: m.left * s,
    };
    apply_safe_area(page);
    out.theme.scale(s);
    for block in &mut out.blocks {
        if let crate::model::BlockKind::Chart(c) = &mut block.kind {
            c.height = c.height.map(|h| h * s);
        }
    }
    out
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
    fn a4_at_300_dpi_is_2480_by_3508() {
        assert_eq!(mm_to_px(210.0, 300.0).round(), 2480.0);
        assert_eq!(mm_to_px(297.0, 300.0).round(), 3508.0);
    }
}
