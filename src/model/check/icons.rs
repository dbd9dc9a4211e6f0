//! `icon`: a bundled icon by name (`users`, see `model::icons`) or an SVG file of the spec's own
//! (`icons/port.svg`), for stat cells, section badges and list bullets. An unknown name is an error
//! with the nearest name; a file is read like a picture's and must be an SVG.

use std::sync::Arc;

use crate::spec::Spanned;

use super::Checker;
use crate::diagnostics::did_you_mean;
use crate::model::{icons, ImageFormat, ImageSource};

impl Checker<'_> {
    /// The icon named at `key`.
    pub(super) fn icon(&mut self, v: &Spanned<String>, key: &str) -> Option<Arc<ImageSource>> {
        let written = v.get_ref().trim();
        let is_file =
            written.to_ascii_lowercase().ends_with(".svg") || written.contains(['/', '\\']);
        if !is_file {
            if let Some(icon) = icons::bundled(written) {
                return Some(icon);
            }
            let names = icons::names();
            let help = did_you_mean(written, &names).unwrap_or_else(|| {
                format!(
                    "the bundled icons: {}; or give an SVG file of your own (icon = \"icons/port.svg\")",
                    names.join(", ")
                )
            });
            self.problem(
                v.span(),
                key,
                format!("expected a bundled icon's name or an SVG file, found {written:?}"),
            )
            .help = Some(help);
            return None;
        }
        let source = self.image_file(v, key)?;
        if source.format != ImageFormat::Svg {
            self.problem(
                v.span(),
                key,
                format!(
                    "expected an SVG file as an icon, found a {} picture",
                    match source.format {
                        ImageFormat::Png => "PNG",
                        ImageFormat::Jpeg => "JPEG",
                        ImageFormat::Webp => "WebP",
                        ImageFormat::Svg => "SVG",
                    }
                ),
            )
            .help = Some(
                "an icon is drawn as lines in the theme's colour: give an SVG, or use an image block for a picture"
                    .into(),
            );
            return None;
        }
        if source.shapes.is_empty() {
            self.problem(
                v.span(),
                key,
                "expected an SVG that draws something, found an empty drawing",
            );
            return None;
        }
        Some(source)
    }

    /// An optional `icon`.
    pub(super) fn optional_icon(
        &mut self,
        v: &Option<Spanned<String>>,
        key: &str,
    ) -> Option<Arc<ImageSource>> {
        v.as_ref().and_then(|v| self.icon(v, key))
    }
}
