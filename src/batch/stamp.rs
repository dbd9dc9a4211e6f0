//! A file's stamp: what its metadata says of its content without reading it (size, modification and
//! change times, inode), so that a batch with nothing to render reads no spec, no data file and no output
//! — the way git's index and make trust a file's times.
//!
//! A stamp can only stand for content that was read (or written) after the file last changed; otherwise a
//! change in the same tick of the file-system clock, keeping the size, would leave the same stamp behind.
//! So a stamp is *trusted* only when the file's last change (its ctime, which no program can set back) is
//! at least [`SETTLE`] older than a moment taken before its content was read: any later change then
//! shows as a later ctime. (git calls such entries "racily clean" and re-checks them the same way.) A
//! file changed more recently is checked by its content next time, and stamped then.

use std::fmt;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How much older than the reading a file's last change must be for its stamp to be trusted, on file
/// systems keeping nanoseconds: well above the tick of the kernel's file-time clock (a jiffy, at most
/// 10 ms), which lags the system clock by up to one tick.
pub const SETTLE: Duration = Duration::from_millis(50);
/// The same on file systems keeping whole seconds (FAT keeps even seconds, others whole ones): a change
/// in the same second or two would keep the time.
pub const SETTLE_COARSE: Duration = Duration::from_secs(3);

/// What a path's metadata says of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    /// Nothing there (or nothing that can be looked at).
    Absent,
    /// A folder: its modification time changes when an entry is added, removed or renamed.
    Folder(Times),
    /// A file.
    File {
        /// Its size in bytes.
        size: u64,
        /// Its times and inode.
        times: Times,
    },
}

/// A file's or folder's times (nanoseconds since the Unix epoch) and inode (0 where there is none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Times {
    /// Last modification of the content.
    pub modified: i128,
    /// Last change of anything, the content included (the ctime on Unix, which nothing can set back;
    /// the modification time elsewhere).
    pub changed: i128,
    /// The inode: a file replaced by a rename is another file.
    pub inode: u64,
}

impl Stamp {
    /// The stamp of `path` now, following links (as reading it does).
    pub fn of(path: &Path) -> Stamp {
        let Ok(m) = std::fs::metadata(path) else {
            return Stamp::Absent;
        };
        let times = times(&m);
        if m.is_dir() {
            Stamp::Folder(times)
        } else if m.is_file() {
            Stamp::File {
                size: m.len(),
                times,
            }
        } else {
            // A device or a pipe: nothing a stamp can vouch for.
            Stamp::Absent
        }
    }

    /// Whether the stamp may stand for content read after `before`: the path last changed at least
    /// [`SETTLE`] (or [`SETTLE_COARSE`]) earlier. An absence is always trusted: a file created later is
    /// present, whatever its times.
    pub fn settled(&self, before: SystemTime) -> bool {
        let times = match self {
            Stamp::Absent => return true,
            Stamp::Folder(t) | Stamp::File { times: t, .. } => t,
        };
        let Ok(before) = before.duration_since(UNIX_EPOCH) else {
            return false;
        };
        let coarse = times.changed % 1_000_000_000 == 0;
        let settle = if coarse { SETTLE_COARSE } else { SETTLE };
        times.changed < before.as_nanos() as i128 - settle.as_nanos() as i128
    }

    /// Reads what [`Display`](fmt::Display) writes.
    pub fn parse(text: &str) -> Option<Stamp> {
        let mut words = text.split(' ');
        let kind = words.next()?;
        let mut number = || words.next().and_then(|w| w.parse::<i128>().ok());
        let stamp = match kind {
            "absent" => Stamp::Absent,
            "folder" | "file" => {
                let size = if kind == "file" {
                    Some(number()?)
                } else {
                    None
                };
                let times = Times {
                    modified: number()?,
                    changed: number()?,
                    inode: u64::try_from(number()?).ok()?,
                };
                match size {
                    Some(size) => Stamp::File {
                        size: u64::try_from(size).ok()?,
                        times,
                    },
                    None => Stamp::Folder(times),
                }
            }
            _ => return None,
        };
        words.next().is_none().then_some(stamp)
    }
}

/// `absent`, `folder MODIFIED CHANGED INODE`, `file SIZE MODIFIED CHANGED INODE` (times in nanoseconds):
/// the text a record keeps.
impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stamp::Absent => write!(f, "absent"),
            Stamp::Folder(t) => write!(f, "folder {} {} {}", t.modified, t.changed, t.inode),
            Stamp::File { size, times: t } => {
                write!(f, "file {size} {} {} {}", t.modified, t.changed, t.inode)
            }
        }
    }
}

fn nanos(t: std::io::Result<SystemTime>) -> i128 {
    match t.map(|t| t.duration_since(UNIX_EPOCH)) {
        Ok(Ok(d)) => d.as_nanos() as i128,
        Ok(Err(before_epoch)) => -(before_epoch.duration().as_nanos() as i128),
        // No time at all: 0 stands for it (and never looks settled-and-equal to a real one).
        Err(_) => 0,
    }
}

#[cfg(unix)]
fn times(m: &std::fs::Metadata) -> Times {
    use std::os::unix::fs::MetadataExt;
    Times {
        modified: nanos(m.modified()),
        changed: m.ctime() as i128 * 1_000_000_000 + m.ctime_nsec() as i128,
        inode: m.ino(),
    }
}

#[cfg(not(unix))]
fn times(m: &std::fs::Metadata) -> Times {
    let modified = nanos(m.modified());
    Times {
        modified,
        changed: modified,
        inode: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_round_trip_through_text() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        let file = dir.join("a.toml");
        std::fs::write(&file, "x = 1").unwrap();
        for stamp in [
            Stamp::of(&file),
            Stamp::of(dir),
            Stamp::of(&dir.join("none")),
        ] {
            assert_eq!(Stamp::parse(&stamp.to_string()), Some(stamp));
        }
        assert!(matches!(Stamp::of(&file), Stamp::File { size: 5, .. }));
        assert!(matches!(Stamp::of(dir), Stamp::Folder(_)));
        assert_eq!(Stamp::of(&dir.join("none")), Stamp::Absent);
        for bad in [
            "",
            "file",
            "file 1 2 3",
            "file 1 2 3 4 5",
            "folder x 2 3",
            "dir 1 2 3",
        ] {
            assert_eq!(Stamp::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_stamp_changes_with_the_content_even_at_the_same_size() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        let file = dir.join("a.toml");
        std::fs::write(&file, "x = 1").unwrap();
        let before = Stamp::of(&file);
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&file, "x = 2").unwrap();
        assert_ne!(Stamp::of(&file), before);
    }

    #[test]
    fn only_a_change_older_than_the_settling_time_is_trusted() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        let file = dir.join("a.toml");
        std::fs::write(&file, "x = 1").unwrap();
        let stamp = Stamp::of(&file);
        assert!(!stamp.settled(SystemTime::now()), "just written");
        assert!(stamp.settled(SystemTime::now() + SETTLE_COARSE + SETTLE));
        assert!(Stamp::Absent.settled(SystemTime::now()));
    }
}
