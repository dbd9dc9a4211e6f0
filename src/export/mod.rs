//! export: Scene → files. One entry function and one options struct per format; PNG, JPEG and WebP are
//! rasterised (once, shared) from the very SVG the SVG exporter writes, and the PDF is converted from its
//! live-text variant, so the formats cannot drift apart. Files are written atomically.

pub mod jpeg;
pub mod limits;
pub mod pdf;
pub mod png;
pub mod svg;
pub mod webp;

use std::io::Write;
use std::path::{Path, PathBuf};

pub use jpeg::{encode_jpeg, JpegOptions};
pub use pdf::{to_pdf, PdfOptions, PrintPage};
pub use png::{
    encode_png, rasterize, svg_to_png, Backdrop, Compression as PngCompression, Drawing,
    PngOptions, Raster,
};
pub use svg::{to_svg, SvgOptions, SvgText};
pub use webp::encode_webp;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("internal SVG could not be read back: {0}")]
    Svg(String),
    #[error("image of {width}×{height} pixels is too large to allocate")]
    TooLarge { width: u32, height: u32 },
    #[error("encoding failed: {0}")]
    Encode(String),
    #[error("cannot write {path}: {source}")]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

/// Writes several files as one: every file goes to a temporary file beside its target first, and only when
/// all were written are they renamed into place. A failure before that leaves every target as it was.
pub fn write_all_atomic(files: &[(&Path, &[u8])]) -> Result<(), ExportError> {
    let mut staged: Vec<(PathBuf, &Path)> = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        match write_temp(path, bytes) {
            Ok(tmp) => staged.push((tmp, path)),
            Err(e) => {
                for (tmp, _) in &staged {
                    let _ = std::fs::remove_file(tmp);
                }
                return Err(e);
            }
        }
    }
    let mut result = Ok(());
    for (tmp, path) in &staged {
        if result.is_ok() {
            result = std::fs::rename(tmp, path).map_err(|source| ExportError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
        if result.is_err() {
            let _ = std::fs::remove_file(tmp);
        }
    }
    result
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so the file is
/// either the complete new one or the previous one — never half-written.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    write_all_atomic(&[(path, bytes)])
}

/// Writes a temporary file next to `path` (same directory, so the rename cannot cross file systems) and
/// flushes it to disk.
fn write_temp(path: &Path, bytes: &[u8]) -> Result<PathBuf, ExportError> {
    let io = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    if path.is_dir() {
        return Err(io(std::io::Error::other("a directory is in the way")));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(io(e))
        }
    }
}
