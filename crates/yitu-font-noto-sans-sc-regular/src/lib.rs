//! Noto Sans SC Regular, the TrueType file's bytes, for yitu to compile in (SIL Open Font License 1.1, see
//! OFL.txt). A crate of its own so that each published crate stays under the registry's size limit.

/// The font file, as distributed by Google Fonts (variable-font instance, TrueType outlines).
pub static FONT: &[u8] = include_bytes!("../NotoSansSC-Regular.ttf");

/// xxh3-128 of [`FONT`], computed by the build script.
pub const DIGEST: u128 = include!(concat!(env!("OUT_DIR"), "/digest.rs"));
