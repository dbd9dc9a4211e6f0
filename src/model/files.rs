//! Reading the files a spec names, and the spec itself, within [`limits::FILE_BYTES`]: only regular files
//! (a folder, a FIFO or a device is refused before it is opened, so reading can never block), and never
//! more than the limit plus one byte (a huge file, or one whose size the system does not report, such as
//! those under `/proc`, is not read whole to find out it is too large).
//!
//! This is also the one place that decides *which* files a spec may read. A process may be confined to
//! one folder ([`confine`]: `yitu serve DIR` does it before it takes its first request): from then on a
//! file outside it — reached by `..`, by an absolute path, or through a symbolic link pointing out — is
//! refused before anything is read ([`permitted`]), the spec files, the files they name (data, theme
//! files, images) and the font files and folders alike (`text::fonts` asks here too).

use std::fmt;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use super::limits;

/// Why a file could not be read.
#[derive(Debug)]
pub enum FileError {
    NotFound,
    Folder,
    /// A FIFO, a device, a socket: anything but a regular file or a folder (after following links).
    NotAFile,
    /// Larger than [`limits::FILE_BYTES`]; the size as far as it was read or reported.
    TooLarge(u64),
    /// Outside the folder the process is confined to ([`confine`]).
    Outside,
    Io(std::io::Error),
}

impl fmt::Display for FileError {
    /// The "found …" half of a message: `no such file`, `a file of 9.5 MiB`, ….
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::NotFound => write!(f, "no such file"),
            FileError::Folder => write!(f, "a folder"),
            FileError::NotAFile => {
                write!(f, "a special file (a FIFO, a device), not a regular file")
            }
            FileError::TooLarge(bytes) => write!(f, "a file of {}", size(*bytes)),
            FileError::Outside => write!(
                f,
                "a path leading outside it (`..`, an absolute path, or a link pointing out)"
            ),
            FileError::Io(e) => write!(f, "an error: {e}"),
        }
    }
}

/// `8 MiB`: the limit as messages write it.
pub fn limit() -> String {
    size(limits::FILE_BYTES)
}

/// A size for people: `812 bytes`, `9.5 MiB`.
pub fn size(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    if bytes < 1024 * 1024 {
        format!("{bytes} bytes")
    } else if bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        let mib = format!("{:.1} MiB", bytes as f64 / MIB);
        // Just over a whole number of MiB, `8.0 MiB` would read as the limit itself: give the bytes.
        if mib.ends_with(".0 MiB") {
            format!("{bytes} bytes")
        } else {
            mib
        }
    }
}

/// The bytes of the regular file at `path`, at most [`limits::FILE_BYTES`] of them.
pub fn read(path: &Path) -> Result<Vec<u8>, FileError> {
    read_at_most(path, limits::FILE_BYTES)
}

/// The folder this process reads spec files in, once [`confine`]d.
static ROOT: OnceLock<PathBuf> = OnceLock::new();

/// Confines every file read for a spec from now on to the folder `root` (and the folders below it), for
/// the life of the process; returns the folder's canonical path. Only the first call sets the folder: a
/// later one with another folder is an error.
#[cfg_attr(not(feature = "serve"), allow(dead_code))]
pub fn confine(root: &Path) -> std::io::Result<&'static Path> {
    let canonical = std::fs::canonicalize(root)?;
    if !canonical.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{} is not a folder", root.display()),
        ));
    }
    let set = ROOT.get_or_init(|| canonical.clone());
    if *set != canonical {
        return Err(std::io::Error::other(format!(
            "already confined to {}",
            set.display()
        )));
    }
    Ok(set)
}

/// Whether a spec may read `path`: always, unless the process is [`confine`]d; then only a path inside
/// the folder, both as written (its `..` taken lexically, so nothing outside is even looked at) and as
/// the file system resolves it (its links followed).
pub fn permitted(path: &Path) -> Result<(), FileError> {
    match ROOT.get() {
        None => Ok(()),
        Some(root) => within(root, path),
    }
}

/// Whether `path` is inside `root` (a canonical folder), lexically and once its links are resolved. A
/// path that does not exist is inside when its written form is (reading it then says it is not there).
fn within(root: &Path, path: &Path) -> Result<(), FileError> {
    let absolute = std::path::absolute(path).map_err(FileError::Io)?;
    let mut lexical = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    if !lexical.starts_with(root) {
        return Err(FileError::Outside);
    }
    match std::fs::canonicalize(&lexical) {
        Ok(real) if !real.starts_with(root) => Err(FileError::Outside),
        _ => Ok(()),
    }
}

/// The bytes of the regular file at `path`, at most `max` of them.
pub fn read_at_most(path: &Path, max: u64) -> Result<Vec<u8>, FileError> {
    let io = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => FileError::NotFound,
        _ => FileError::Io(e),
    };
    permitted(path)?;
    // Checked before opening: opening a FIFO for reading blocks until a writer comes.
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(FileError::Folder);
    }
    if !meta.is_file() {
        return Err(FileError::NotAFile);
    }
    if meta.len() > max {
        return Err(FileError::TooLarge(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // One byte more than the limit tells a file that grew (or reports no size) from one that fits.
    file.take(max + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > max {
        return Err(FileError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The UTF-8 text of the file at `path` (see [`read`]); text that is not UTF-8 is an I/O error of kind
/// `InvalidData`, as [`std::fs::read_to_string`] gives.
pub fn read_to_string(path: &Path) -> Result<String, FileError> {
    let bytes = read(path)?;
    String::from_utf8(bytes).map_err(|_| {
        FileError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ))
    })
}

/// Whether `written` (a path as a spec writes it) ends in `.EXT`, in any case.
pub fn has_extension(written: &str, ext: &str) -> bool {
    Path::new(written.trim())
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_for_people() {
        assert_eq!(size(812), "812 bytes");
        assert_eq!(size(8 * 1024 * 1024), "8 MiB");
        assert_eq!(size(9 * 1024 * 1024 + 512 * 1024), "9.5 MiB");
        assert_eq!(size(8 * 1024 * 1024 + 1), "8388609 bytes");
        assert_eq!(limit(), "8 MiB");
    }

    #[test]
    fn a_confined_read_stays_inside_its_folder() {
        let dir = std::env::temp_dir().join(format!("yitu-within-{}", std::process::id()));
        let root = dir.join("served");
        std::fs::create_dir_all(root.join("data")).unwrap();
        std::fs::write(root.join("data/a.csv"), "a\n").unwrap();
        std::fs::write(dir.join("secret.csv"), "s\n").unwrap();
        let root = std::fs::canonicalize(&root).unwrap();
        let inside = |p: &Path| within(&root, p).is_ok();
        assert!(inside(&root.join("data/a.csv")));
        assert!(inside(&root.join("data/../data/a.csv")));
        assert!(inside(&root.join("data/missing.csv")));
        assert!(!inside(&root.join("../secret.csv")));
        assert!(!inside(&root.join("data/../../secret.csv")));
        assert!(!inside(Path::new("/etc/passwd")));
        // A link inside pointing out, to a file or to a folder.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("secret.csv"), root.join("link.csv")).unwrap();
            std::os::unix::fs::symlink(&dir, root.join("up")).unwrap();
            assert!(!inside(&root.join("link.csv")));
            assert!(!inside(&root.join("up/secret.csv")));
            std::os::unix::fs::symlink(root.join("data/a.csv"), root.join("ok.csv")).unwrap();
            assert!(inside(&root.join("ok.csv")));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let dir = std::env::temp_dir().join(format!("yitu-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert!(matches!(read(&dir), Err(FileError::Folder)));
        assert!(matches!(read(&dir.join("nope")), Err(FileError::NotFound)));
        let big = dir.join("big.csv");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(limits::FILE_BYTES + 1).unwrap();
        assert!(matches!(read(&big), Err(FileError::TooLarge(n)) if n == limits::FILE_BYTES + 1));
        let small = dir.join("small.csv");
        std::fs::write(&small, "a,b\n").unwrap();
        assert_eq!(read(&small).unwrap(), b"a,b\n");
        assert!(has_extension(" data/x.CSV ", "csv"));
        assert!(!has_extension("/etc/passwd", "toml"));
        assert!(!has_extension("x.toml.txt", "toml"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
