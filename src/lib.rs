//! yitu (一图): TOML descriptions of headline figures → finished Chinese infographic posters.
//!
//! The pipeline, one module a stage, data flowing one way:
//!
//! ```text
//! TOML text ─spec─▶ raw spec (serde, with spans) ─model─▶ validated Poster (+ theme, font book)
//!   ─layout (text: fonts, shaping, line breaking; chart)─▶ Scene (positioned glyphs, shapes)
//!   ─export─▶ SVG · PNG · JPEG · WebP · PDF
//! ```
//!
//! A spec rendered to PNG bytes in memory, nothing written:
//!
//! ```
//! use std::path::Path;
//!
//! let spec = r#"
//! [page]
//! width = 600
//!
//! [[blocks]]
//! type = "headline"
//! text = "稳中求进"
//!
//! [[blocks]]
//! type = "stat"
//! label = "地区生产总值增长"
//! value = 5.2
//! unit = "%"
//! "#;
//! // The path names the spec in messages; files it names are found beside it.
//! let poster = yitu::model::load_str(spec, Path::new("card.toml")).expect("a valid spec");
//! let layout = yitu::render_poster(&poster).expect("it fits its page");
//! let options = yitu::Options::default().formats([yitu::Format::Png]);
//! let outputs = yitu::encode("card", &layout, &options).expect("it encodes");
//! assert!(outputs[0].bytes.starts_with(b"\x89PNG"));
//! ```

#![warn(missing_docs)]

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
