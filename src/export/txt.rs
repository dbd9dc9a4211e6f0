//! The text sidecar (`--format txt`): what the graphic says, in reading order, as plain UTF-8 text — the
//! headline, each block's text, and each figure's text alternative marked as a figure — for a CMS's
//! alt field or a reader who cannot see the picture. The same text the SVG's `<desc>` and the PDF's
//! structure tree carry.

use crate::scene::{Role, Scene};
use crate::text::lang::Lang;

/// The text of `scenes` (the pages of one graphic, in order): one paragraph a block, a figure's
/// alternative after `[图]` (`[圖]` in Traditional copy); a block continued on the next page (a heading repeated, 续) once.
pub fn to_txt(scenes: &[&Scene]) -> String {
    let mut out = String::new();
    let mut last: Option<&str> = None;
    // The figure mark in the copy's script (the pages of one graphic share its language).
    let traditional = (scenes.first())
        .and_then(|s| Lang::parse(&s.access.lang))
        .is_some_and(Lang::is_traditional);
    let figure = if traditional { "[圖] " } else { "[图] " };
    for scene in scenes {
        for region in &scene.access.regions {
            let text = region.text.trim();
            if text.is_empty() || last == Some(text) {
                continue;
            }
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            if region.role == Role::Figure {
                out.push_str(figure);
            }
            out.push_str(text);
            last = Some(text);
        }
    }
    if out.is_empty() {
        if let Some(scene) = scenes.first() {
            out.push_str(&scene.access.title);
        }
    }
    out.push('\n');
    out
}
