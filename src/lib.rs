//! yitu (一图): TOML descriptions of headline figures → finished Chinese infographic posters.
//!
//! The pipeline, one module a stage, data flowing one way:
//!
//! ```text
//! TOML text ─spec─▶ raw spec (serde, with spans) ─model─▶ validated Poster (+ theme)
//!   ─layout (text: fonts, shaping, line breaking)─▶ Scene (positioned glyphs, shapes)
//!   ─export─▶ SVG · PNG
//! ```

pub mod batch;
pub mod chart;
pub mod diagnostics;
pub mod export;
pub mod layout;
pub mod model;
mod render;
pub mod scene;
pub mod spec;
pub mod text;

pub use diagnostics::{SpecError, Warning};
pub use export::{
    JpegOptions, PdfOptions, PngCompression, PngOptions, PrintPage, SvgOptions, SvgText,
};
pub use layout::{layout, layout_pages, Layout, LayoutError};
pub use render::{
    encode, encode_pages, load_spec, load_spec_with, render_file, render_loaded, render_poster,
    write_outputs, Error, Format, Loaded, Options, Output, Rendered,
};
