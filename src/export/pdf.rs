//! PDF export: vector, with real text. The scene is written as a live-text SVG (`<text>` per cluster,
//! each character at the position layout gave it), which usvg lays out with a font database holding only
//! the two bundled faces; svg2pdf then writes the glyphs as PDF text in those fonts, embedded and subset,
//! with a ToUnicode map, so the text can be selected, searched and extracted. No system font is ever
//! loaded: every generic family resolves to the bundled one.

use std::sync::{Arc, Mutex, OnceLock};

use usvg::fontdb;

use super::ExportError;
use crate::text::fonts::{font_data, FAMILY};

/// CSS pixels per inch: the page of a poster measured in CSS pixels is `px × 72 / 96` points.
pub const CSS_DPI: f32 = 96.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PdfOptions {
    /// Scene pixels per inch, which sets the page size: `width × 72 / dpi` by `height × 72 / dpi` points.
    /// Default 96 (CSS pixels, 1 px = 0.75 pt). A print preset sized in mm at N dpi sets N here, so the
    /// page comes out at exactly its size in mm.
    pub dpi: f32,
    /// A print page: its trimmed size in mm (exact, whatever the pixels rounded to), bleed and crop
    /// marks. `None` for a screen page: the page is the scene, with no boxes beyond it.
    pub print: Option<PrintPage>,
}

/// A print page's PDF geometry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrintPage {
    /// Trimmed width and height in mm; a `None` height follows from the scene's pixels at `dpi`.
    pub width_mm: f32,
    pub height_mm: Option<f32>,
    /// Background (and anything touching the trim edge) extended past the trim, in mm; 0 for none.
    pub bleed_mm: f32,
    /// Crop marks at the corners, outside the bleed.
    pub crop_marks: bool,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            dpi: CSS_DPI,
            print: None,
        }
    }
}

impl PdfOptions {
    /// The page size in PDF points for a scene of `width` × `height` pixels.
    pub fn page_size(&self, width: f32, height: f32) -> (f32, f32) {
        (width * 72.0 / self.dpi, height * 72.0 / self.dpi)
    }
}

/// The font database for PDF text: the bundled faces (shared static bytes, nothing copied or mapped),
/// with every generic family mapped to the bundled family.
pub fn font_database() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        for data in font_data() {
            db.load_font_source(fontdb::Source::Binary(Arc::new(data)));
        }
        db.set_sans_serif_family(FAMILY);
        db.set_serif_family(FAMILY);
        db.set_monospace_family(FAMILY);
        db.set_cursive_family(FAMILY);
        db.set_fantasy_family(FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// Converts a live-text SVG (as written by `export::svg` with `SvgText::Live`) to a one-page PDF.
pub fn svg_to_pdf(live_svg: &str, options: &PdfOptions) -> Result<Vec<u8>, ExportError> {
    // A family that does not resolve would make usvg drop the text with only a log line: collect them and
    // fail instead. (With every generic family mapped this cannot happen for our own SVG.)
    let unresolved: Arc<Mutex<Vec<String>>> = Arc::default();
    let select_font = {
        let unresolved = Arc::clone(&unresolved);
        let default = usvg::FontResolver::default_font_selector();
        Box::new(move |font: &usvg::Font, db: &mut Arc<fontdb::Database>| {
            let id = default(font, db);
            if id.is_none() {
                let families: Vec<String> = font.families().iter().map(|f| f.to_string()).collect();
                unresolved
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(families.join(", "));
            }
            id
        })
    };
    let usvg_options = usvg::Options {
        font_family: FAMILY.to_string(),
        fontdb: font_database(),
        font_resolver: usvg::FontResolver {
            select_font,
            select_fallback: usvg::FontResolver::default_fallback_selector(),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(live_svg, &usvg_options)
        .map_err(|e| ExportError::Svg(e.to_string()))?;
    let unresolved = unresolved.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(family) = unresolved.first() {
        return Err(ExportError::Encode(format!(
            "PDF: no bundled font for the family `{family}`"
        )));
    }
    let conversion = svg2pdf::ConversionOptions {
        compress: true,
        embed_text: true,
        ..svg2pdf::ConversionOptions::default()
    };
    let page = svg2pdf::PageOptions { dpi: options.dpi };
    svg2pdf::to_pdf(&tree, conversion, page).map_err(|e| ExportError::Encode(format!("PDF: {e}")))
}
