//! PDF export: one vector page drawn straight from the scene with pdf-writer (the PDF writer under
//! svg2pdf), because print needs what an SVG cannot carry: inks in CMYK kept as DeviceCMYK (black text as
//! 100 % K, overprinting), and a page made of three boxes (trim exactly as given in mm, bleed, paper with
//! crop marks). Text is real text in the bundled fonts, embedded as subsets with a ToUnicode map, so it
//! can be selected, searched and extracted; every glyph sits where layout put it.
//!
//! `geometry` places the scene on the page, `content` draws it, `fonts` embeds the faces.

mod content;
mod fonts;
mod geometry;
mod images;

use pdf_writer::types::StructRole;
use pdf_writer::{Filter, Finish, Name, Pdf, Ref, TextStr};

use super::ExportError;
use crate::scene::{Role, Scene};

pub use content::ColorSpace;
pub use geometry::PT_PER_MM;

/// CSS pixels per inch: the page of a poster measured in CSS pixels is `px × 72 / 96` points.
pub const CSS_DPI: f32 = 96.0;

/// How a PDF is written: its page size from the scene's pixels, and for a print page its boxes and marks.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
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
    /// The trimmed width in mm, exact.
    pub width_mm: f32,
    /// The trimmed height in mm; `None`: from the scene's pixels at `dpi` (a page that grew with its content).
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

/// Writes the scenes as a PDF, one page each (a poster is one page; a poster set on several pages, one
/// page per scene, sharing one subset of each font). The same scenes and options always give the same
/// bytes (no dates, no random ids).
pub fn to_pdf(
    scenes: &[&Scene],
    title: &str,
    options: &PdfOptions,
) -> Result<Vec<u8>, ExportError> {
    let print = options.print.is_some();
    let space = if scenes
        .iter()
        .any(|s| ColorSpace::of(s, print) == ColorSpace::Cmyk)
    {
        ColorSpace::Cmyk
    } else {
        ColorSpace::Rgb
    };
    let fonts = fonts::PdfFonts::collect(scenes);

    let mut pdf = Pdf::new();
    let mut last = 0;
    let mut next_ref = || {
        last += 1;
        Ref::new(last)
    };
    let (catalog, pages, info) = (next_ref(), next_ref(), next_ref());
    let (struct_root, document) = (next_ref(), next_ref());
    let page_refs: Vec<(Ref, Ref)> = scenes.iter().map(|_| (next_ref(), next_ref())).collect();
    // A tagged PDF: the language of the copy, the headline as the title the viewer shows, and the
    // structure tree (written below, once every page's marked content is known).
    let access = scenes.first().map(|s| &s.access);
    let title = access
        .map(|a| a.title.as_str())
        .filter(|t| !t.is_empty())
        .unwrap_or(title);
    {
        let mut cat = pdf.catalog(catalog);
        cat.pages(pages);
        if let Some(lang) = access.map(|a| a.lang.as_str()).filter(|l| !l.is_empty()) {
            cat.lang(TextStr(lang));
        }
        cat.mark_info().marked(true);
        cat.pair(Name(b"StructTreeRoot"), struct_root);
        cat.viewer_preferences().display_doc_title(true);
    }
    pdf.pages(pages)
        .kids(page_refs.iter().map(|(page, _)| *page))
        .count(scenes.len() as i32);
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr(concat!("yitu ", env!("CARGO_PKG_VERSION"))));
    // Per page: the structure element of each of its regions with marked content, and the element of
    // each MCID (the page's entry of the parent tree).
    let mut elements: Vec<(Ref, usize, usize, Vec<i32>)> = Vec::new();
    let mut parents: Vec<(i32, Ref, Vec<Ref>)> = Vec::new();
    let font_refs = fonts.write(&mut pdf, &mut next_ref)?;
    let images = images::PdfImages::collect(scenes);
    let image_refs = images.write(&mut pdf, &mut next_ref, space);

    for (scene, &(page, contents)) in scenes.iter().zip(&page_refs) {
        let geometry = geometry::PageGeometry::new(scene.width, scene.height, options);
        let page_content = content::write(scene, &geometry, space, &fonts, &images);
        let state_refs: Vec<(String, Ref)> = page_content
            .states
            .keys()
            .map(|name| (name.clone(), next_ref()))
            .collect();
        for (name, id) in &state_refs {
            let state = page_content.states[name];
            let mut gs = pdf.ext_graphics(*id);
            gs.non_stroking_alpha(state.fill_alpha as f32 / 255.0)
                .stroking_alpha(state.stroke_alpha as f32 / 255.0);
            if state.overprint {
                gs.overprint(true)
                    .overprint_fill(true)
                    .overprint_mode(pdf_writer::types::OverprintMode::IgnoreZeroChannel);
            }
        }

        // One structure element a region drawn on this page, in reading order; its MCIDs in order.
        let mut by_region: Vec<(usize, Vec<i32>)> = Vec::new();
        for (mcid, &region) in page_content.marked.iter().enumerate() {
            match by_region.iter_mut().find(|(r, _)| *r == region) {
                Some((_, ids)) => ids.push(mcid as i32),
                None => by_region.push((region, vec![mcid as i32])),
            }
        }
        by_region.sort_by_key(|(r, _)| *r);
        let page_index = parents.len();
        let refs: Vec<(usize, Ref)> = by_region.iter().map(|(r, _)| (*r, next_ref())).collect();
        let of_mcid: Vec<Ref> = page_content
            .marked
            .iter()
            .map(|r| {
                refs.iter()
                    .find(|(x, _)| x == r)
                    .expect("an element a region")
                    .1
            })
            .collect();
        for ((region, ids), (_, id)) in by_region.into_iter().zip(&refs) {
            elements.push((*id, page_index, region, ids));
        }
        parents.push((page_index as i32, next_ref(), of_mcid));

        let mut p = pdf.page(page);
        p.parent(pages)
            .media_box(geometry.in_user_units(geometry.media))
            .contents(contents)
            .struct_parents(page_index as i32);
        if print {
            p.bleed_box(geometry.in_user_units(geometry.bleed))
                .trim_box(geometry.in_user_units(geometry.trim));
        }
        if geometry.user_unit != 1.0 {
            p.user_unit(geometry.user_unit);
        }
        let mut resources = p.resources();
        let mut font_dict = resources.fonts();
        for (name, id) in &font_refs {
            font_dict.pair(Name(name.as_bytes()), *id);
        }
        font_dict.finish();
        let mut state_dict = resources.ext_g_states();
        for (name, id) in &state_refs {
            state_dict.pair(Name(name.as_bytes()), *id);
        }
        state_dict.finish();
        if !page_content.images.is_empty() {
            let mut x_objects = resources.x_objects();
            for (name, id) in &image_refs {
                if page_content.images.contains(name) {
                    x_objects.pair(Name(name.as_bytes()), *id);
                }
            }
            x_objects.finish();
        }
        resources.finish();
        p.finish();

        pdf.stream(contents, &deflate(&page_content.bytes))
            .filter(Filter::FlateDecode);
    }
    // The structure tree: Document → H1, P, Figure … in reading order (page by page, then the
    // regions of each page in the order of the blocks), each holding its marked content by MCID; a
    // figure carries its text alternative as /Alt.
    let mut root = pdf
        .indirect(struct_root)
        .start::<pdf_writer::writers::StructTreeRoot>();
    root.child(document);
    let mut tree = root.parent_tree();
    let mut nums = tree.nums();
    for (key, array, _) in &parents {
        nums.insert(*key, *array);
    }
    nums.finish();
    tree.finish();
    root.parent_tree_next_key(parents.len() as i32);
    root.finish();
    for (_, array, of_mcid) in &parents {
        pdf.indirect(*array).array().items(of_mcid.iter().copied());
    }
    {
        let mut doc = pdf.struct_element(document);
        doc.kind(StructRole::Document).parent(struct_root);
        doc.children().items(elements.iter().map(|(id, ..)| *id));
    }
    for (id, page_index, region, ids) in &elements {
        let scene = scenes[*page_index];
        let r = &scene.access.regions[*region];
        let mut e = pdf.struct_element(*id);
        e.kind(match r.role {
            Role::Heading(1) => StructRole::H1,
            Role::Heading(2) => StructRole::H2,
            Role::Heading(_) => StructRole::H3,
            Role::Paragraph => StructRole::P,
            Role::Figure => StructRole::Figure,
        })
        .parent(document)
        .page(page_refs[*page_index].0);
        if r.role == Role::Figure {
            e.alt(TextStr(&r.text));
        }
        e.children().items(ids.iter().copied());
    }
    Ok(pdf.finish())
}

/// zlib at the default level, for content streams and font programs.
fn deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 3),
        flate2::Compression::new(6),
    );
    encoder.write_all(data).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// Builders, for code outside this crate (the struct is `#[non_exhaustive]`).
impl PdfOptions {
    /// Scene pixels per inch.
    pub fn dpi(mut self, dpi: f32) -> Self {
        self.dpi = dpi;
        self
    }

    /// A print page's trim, bleed and crop marks.
    pub fn print(mut self, print: Option<PrintPage>) -> Self {
        self.print = print;
        self
    }
}
