//! export: Scene → files. One entry function and one options struct per format, each drawing the same
//! scene: PNG, JPEG and WebP from one drawing of it (`raster`, shared), SVG and PDF written from it
//! item by item. A test compares the direct raster with resvg's drawing of the outline SVG, so the
//! formats cannot drift apart. Files are written atomically.

pub mod jpeg;
pub mod limits;
pub mod pdf;
pub mod png;
pub mod raster;
pub mod svg;
pub mod txt;
pub mod webp;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tempfile::TempPath;

pub use jpeg::{encode_jpeg, JpegOptions};
pub use pdf::{to_pdf, PdfOptions, PrintPage};
pub use png::{draw_png, encode_png, Backdrop, Compression as PngCompression, PngOptions, Raster};
pub use raster::Drawing;
pub use svg::{to_svg, SvgOptions, SvgText};
pub use txt::to_txt;
pub use webp::encode_webp;

/// Why an output could not be made or written: a bug, the machine (a full disk) or the output folder,
/// never the spec itself, whose limits the model has already checked.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The picture would take more pixels than may be allocated.
    #[error("image of {width}×{height} pixels is too large to allocate")]
    TooLarge {
        /// The width, pixels.
        width: u32,
        /// The height, pixels.
        height: u32,
    },
    /// An encoder (PNG, JPEG, WebP, PDF) failed: its message.
    #[error("encoding failed: {0}")]
    Encode(String),
    /// The output folder, or a folder above it, is a file.
    #[error("cannot write into {}: it is a file, not a folder; name another folder with --out, or move the file away", .0.display())]
    NotAFolder(PathBuf),
    /// A file could not be written, renamed into place or its folder created.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file or folder.
        path: std::path::PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
}

/// Writes several files as one: every file goes to a temporary file beside its target first, and only when
/// all were written are they renamed into place. A failure before that leaves every target as it was, and
/// removes the temporary files.
pub fn write_all_atomic(files: &[(&Path, &[u8])]) -> Result<(), ExportError> {
    // A temporary file not renamed is removed when dropped: on any error below, every one of them.
    // Written at once, each on a thread of its own but the first: each waits for the disk (`fsync`), and
    // waits side by side share the file system's journal commits.
    let written: Vec<Result<TempPath, ExportError>> = std::thread::scope(|scope| {
        let others: Vec<_> = (files.iter().skip(1))
            .map(|(path, bytes)| scope.spawn(move || write_temp(path, bytes)))
            .collect();
        let first = files.first().map(|(path, bytes)| write_temp(path, bytes));
        (first.into_iter())
            .chain(others.into_iter().map(|t| {
                t.join()
                    .unwrap_or_else(|_| Err(ExportError::Encode("a file's writer panicked".into())))
            }))
            .collect()
    });
    let mut staged: Vec<(TempPath, &Path)> = Vec::with_capacity(files.len());
    for (written, (path, _)) in written.into_iter().zip(files) {
        staged.push((written?, path));
    }
    for (tmp, path) in staged {
        // rename(2) replaces whatever is at `path`, a symbolic link included, and never writes through
        // it: a link planted at an output's name is replaced, its target left alone.
        tmp.persist(path).map_err(|e| ExportError::Io {
            path: path.to_path_buf(),
            source: e.error,
        })?;
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so the file is
/// either the complete new one or the previous one — never half-written.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    write_all_atomic(&[(path, bytes)])
}

/// Temporary files are named `.yitu-tmp-PID-RANDOM.tmp`: hidden (editors, `yitu watch` and the batch's
/// folder walk ignore them), and carrying the writer's process id so that a later run can tell a file
/// left by a killed run from one being written now ([`remove_stale_temps`]).
const TEMP_PREFIX: &str = ".yitu-tmp-";
const TEMP_SUFFIX: &str = ".tmp";
/// Where the writer's process cannot be asked about, a temporary file this old is a killed run's.
const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// Writes a temporary file next to `path` (same directory, so the rename cannot cross file systems) and
/// flushes it to disk. The file is created exclusively (`O_CREAT | O_EXCL`, through the `tempfile`
/// crate): it is never opened through an existing file or symbolic link, so nothing planted in the
/// output folder can make yitu write anywhere else.
fn write_temp(path: &Path, bytes: &[u8]) -> Result<TempPath, ExportError> {
    let io = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Some(file) = file_in_the_way(dir) {
        return Err(ExportError::NotAFolder(file));
    }
    std::fs::create_dir_all(dir).map_err(io)?;
    if path.is_dir() {
        return Err(io(std::io::Error::other("a directory is in the way")));
    }
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    // As `File::create` would (0o666 less the umask), not tempfile's private 0o600: outputs are shared.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut file = builder.tempfile_in(dir).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.as_file().sync_all().map_err(io)?;
    Ok(file.into_temp_path())
}

/// The first of `dir` and its ancestors that exists and is not a folder (a file where the output folder
/// should be), if any.
pub fn file_in_the_way(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .filter(|p| !p.as_os_str().is_empty())
        .find_map(|p| match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => Some(None),
            Ok(_) => Some(Some(p.to_path_buf())),
            Err(_) => None,
        })
        .flatten()
}

/// Removes the temporary files in `dir` that a killed yitu left behind: those of its own pattern whose
/// writer is gone (on Linux: no `/proc/PID`; elsewhere: older than an hour). A file of this process, or
/// of a yitu still running, is left alone. Also removes the `.NAME.EXT.PID.tmp` files of earlier versions
/// under the same rule. Returns the files removed.
pub fn remove_stale_temps(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_writer) else {
            continue;
        };
        // Not followed: a link is removed itself, never its target.
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if !meta.is_dir() && writer_gone(pid, &meta) && std::fs::remove_file(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed
}

/// The process id in the name of one of yitu's temporary files, `.yitu-tmp-PID-RANDOM.tmp` or an earlier
/// version's `.NAME.EXT.PID.tmp` (EXT one of the formats, or `toml` for a record).
fn temp_writer(name: &str) -> Option<u32> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = name.strip_prefix(TEMP_PREFIX) {
        let (pid, random) = rest.strip_suffix(TEMP_SUFFIX)?.split_once('-')?;
        return (digits(pid) && !random.is_empty()).then(|| pid.parse().ok())?;
    }
    let rest = name.strip_prefix('.')?.strip_suffix(TEMP_SUFFIX)?;
    let (target, pid) = rest.rsplit_once('.')?;
    let ext = Path::new(target).extension()?.to_str()?;
    let ours = ["png", "svg", "pdf", "jpg", "webp", "toml"].contains(&ext);
    (ours && digits(pid)).then(|| pid.parse().ok())?
}

/// Whether the process that wrote a temporary file is gone.
fn writer_gone(pid: u32, meta: &std::fs::Metadata) -> bool {
    if pid == std::process::id() {
        return false;
    }
    if cfg!(target_os = "linux") && Path::new("/proc/self").exists() {
        return !Path::new("/proc").join(pid.to_string()).exists();
    }
    meta.modified()
        .ok()
        .and_then(|m| m.elapsed().ok())
        .is_some_and(|age| age > STALE_AFTER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_files_are_told_by_their_names() {
        assert_eq!(temp_writer(".yitu-tmp-4242-a1B2c3.tmp"), Some(4242));
        assert_eq!(temp_writer(".card.png.4242.tmp"), Some(4242));
        assert_eq!(temp_writer(".card.weibo-01.webp.7.tmp"), Some(7));
        assert_eq!(temp_writer(".yitu-record"), None);
        assert_eq!(temp_writer(".yitu-tmp-42.tmp"), None);
        assert_eq!(temp_writer(".yitu-tmp-x-abc.tmp"), None);
        assert_eq!(temp_writer(".notes.txt.42.tmp"), None);
        assert_eq!(temp_writer("card.png"), None);
        assert_eq!(temp_writer(".card.png.tmp"), None);
    }
}
