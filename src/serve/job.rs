//! The renders themselves, synchronous, run on a thread of their own by [`super::limits::isolated`]:
//! a posted spec to one image, exactly as `yitu render SPEC -o -` makes it (the same defaults), and a
//! spec of the folder to all of its graphics for the preview page.

use std::path::{Path, PathBuf};

use crate::diagnostics::SpecError;
use crate::render::{render_loaded, Error, Format, Loaded, Options, Output};

/// A posted spec and what to make of it.
pub struct Posted {
    pub source: String,
    /// Where the spec is taken to be ([`super::confine::Root::posted`]).
    pub path: PathBuf,
    pub format: Format,
    /// A size preset to re-lay the spec at instead of its own page.
    pub variant: Option<&'static crate::model::preset::Preset>,
    /// 1-based, for a spec that makes several pages (a carousel, `overflow = "pages"`).
    pub page: Option<usize>,
}

/// What a render request is answered with.
pub enum Answer {
    /// The image; `pages`: how many the spec makes.
    Image { bytes: Vec<u8>, pages: usize },
    /// The spec's problems (400).
    Invalid(SpecError),
    /// The spec made several pages and none was asked for, or one past them (422).
    Pages { pages: usize, asked: Option<usize> },
    /// An output could not be encoded (500).
    Failed(String),
}

/// The options `yitu render` renders one spec to one output with, by default.
fn options(format: Format) -> Options {
    // Variants are other images: only the one asked for.
    Options::default()
        .formats([format])
        .variants(Some(Vec::new()))
}

/// Renders a posted spec to one image.
pub fn posted(p: Posted) -> Answer {
    #[cfg(debug_assertions)]
    crate::batch::isolate::inject_fault(&p.path);
    let poster = match crate::model::load_str(&p.source, &p.path) {
        Ok(poster) => poster,
        Err(e) => return Answer::Invalid(e),
    };
    let poster = match p.variant {
        Some(preset) => crate::model::preset::variant(&poster, preset),
        None => poster,
    };
    let loaded = Loaded {
        path: p.path,
        source: p.source,
        poster,
    };
    let rendered = match render_loaded(&loaded, &options(p.format)) {
        Ok(r) => r,
        Err(Error::Spec(e)) | Err(Error::Partial { error: e, .. }) => return Answer::Invalid(e),
        Err(e) => return Answer::Failed(e.to_string()),
    };
    if let Some(e) = rendered.failed {
        return Answer::Invalid(e);
    }
    let pages = rendered.outputs.len();
    let index = match (p.page, pages) {
        (None, 1) => 0,
        (Some(k), n) if (1..=n).contains(&k) => k - 1,
        (asked, _) => return Answer::Pages { pages, asked },
    };
    let bytes = rendered
        .outputs
        .into_iter()
        .nth(index)
        .map(|o| o.bytes)
        .unwrap_or_default();
    Answer::Image { bytes, pages }
}

/// A spec of the folder rendered for the preview: every graphic (its page or pages, each variant).
pub struct Preview {
    /// The images made, in order: the spec's own pages, then each variant's.
    pub outputs: Vec<Output>,
    /// What could not be made, or the spec's problems when nothing could.
    pub problems: Option<SpecError>,
    /// Files the spec read (the spec itself first) and its font folders: a save of any of them, or in
    /// them, renders it again.
    pub reads: Vec<PathBuf>,
}

/// Renders the spec at `path` in `format`, all its graphics.
pub fn preview(path: &Path, format: Format) -> Preview {
    #[cfg(debug_assertions)]
    crate::batch::isolate::inject_fault(path);
    let mut reads = vec![path.to_path_buf()];
    let loaded = match crate::render::load_spec(path) {
        Ok(l) => l,
        Err(e) => return failed(e, path, reads),
    };
    reads.extend(loaded.poster.dependencies.iter().map(|d| d.path.clone()));
    // A face added to or replaced in a font folder may change how the spec is set.
    reads.extend(crate::text::fonts::font_folders(path, &[]));
    let options = Options::default().formats([format]);
    match render_loaded(&loaded, &options) {
        Ok(r) => Preview {
            outputs: r.outputs,
            problems: r.failed,
            reads,
        },
        Err(e) => failed(e, path, reads),
    }
}

fn failed(e: Error, path: &Path, reads: Vec<PathBuf>) -> Preview {
    let problems = match e {
        Error::Spec(e) | Error::Partial { error: e, .. } => e,
        other => SpecError::single(
            path,
            "",
            crate::diagnostics::Problem::whole_file("", other.to_string()),
        ),
    };
    Preview {
        outputs: Vec::new(),
        problems: Some(problems),
        reads,
    }
}
