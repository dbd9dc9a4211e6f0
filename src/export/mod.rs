//! export: Scene → files. One entry function and one options struct per format; PNG goes through the very
//! SVG the SVG exporter writes, so the formats cannot drift apart. Files are written atomically.

pub mod png;
pub mod svg;

use std::io::Write;
use std::path::Path;

pub use png::{svg_to_png, PngOptions};
pub use svg::{to_svg, SvgOptions, SvgText};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("internal SVG could not be read back: {0}")]
    Svg(String),
    #[error("image of {width}×{height} pixels is too large to allocate")]
    TooLarge { width: u32, height: u32 },
    #[error("encoding failed: {0}")]
    Encode(String),
    #[error("cannot write {path}: {source}")]
    Io { path: std::path::PathBuf, source: std::io::Error },
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so the file is
/// either the complete new one or the previous one — never half-written.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let io = |source| ExportError::Io { path: path.to_path_buf(), source };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}
