//! The record of what was rendered: one small TOML file per output name, `DIR/.yitu-record/NAME.toml`,
//! holding the key of the inputs (see [`super::fingerprint`]) and the size and hash of every output file.
//!
//! It can never make a needed render look done:
//! - it is removed before new outputs are written and written (atomically) only after all of them are in
//!   place, so a crash in between leaves no record, or the previous one;
//! - an output is skipped only when the key matches *and* every recorded file is there with its recorded
//!   size and hash, so outputs changed or half-replaced behind the record's back are rendered again.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::fingerprint::{digest, Digest};
use crate::export::{self, ExportError};

/// The folder inside the output directory that holds the records.
pub const DIR: &str = ".yitu-record";

/// What one spec's render produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The spec, for people reading the file.
    pub spec: String,
    /// The spec's canonical path: which spec these outputs are of, whatever folder yitu ran in (see
    /// [`super::names`]). Empty in records of earlier versions.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub spec_file: String,
    /// The key of everything the outputs depend on.
    pub key: String,
    /// The files the spec read besides itself, for people reading the file.
    #[serde(default)]
    pub dependencies: Vec<String>,
    /// Every output file written, with its size and hash, so a file changed or removed since is noticed.
    pub outputs: Vec<RecordedOutput>,
}

/// One output file: its name in the output directory, its size and its hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedOutput {
    /// The file's name in the output directory.
    pub file: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its xxh3-128 hash, 32 hexadecimal digits.
    pub hash: String,
}

impl RecordedOutput {
    /// The entry for an output about to be written at `path` with `bytes`.
    pub fn of(path: &Path, bytes: &[u8]) -> RecordedOutput {
        RecordedOutput {
            file: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            bytes: bytes.len() as u64,
            hash: digest(bytes).to_string(),
        }
    }
}

/// Where the record of output name `name` lives.
pub fn path(out_dir: &Path, name: &str) -> PathBuf {
    out_dir.join(DIR).join(format!("{name}.toml"))
}

/// The record at `path`; `None` when there is none or it cannot be read (either way: render).
pub fn read(path: &Path) -> Option<Record> {
    let text = crate::model::files::read_to_string(path).ok()?;
    toml::from_str(&text).ok()
}

/// Whether `record` says the outputs in `out_dir` are current for `key`: same key, at least one output,
/// and every recorded output present with its recorded size and hash.
pub fn is_current(record: &Record, key: Digest, out_dir: &Path) -> bool {
    Digest::parse(&record.key) == Some(key)
        && !record.outputs.is_empty()
        && record.outputs.iter().all(|o| output_matches(o, out_dir))
}

fn output_matches(o: &RecordedOutput, out_dir: &Path) -> bool {
    // A plain file name, nothing that could point outside the output directory.
    if o.file.is_empty() || Path::new(&o.file).file_name() != Some(o.file.as_ref()) {
        return false;
    }
    let path = out_dir.join(&o.file);
    match std::fs::metadata(&path) {
        Ok(m) if m.is_file() && m.len() == o.bytes => {}
        _ => return false,
    }
    match std::fs::read(&path) {
        Ok(bytes) => Digest::parse(&o.hash) == Some(digest(&bytes)),
        Err(_) => false,
    }
}

/// Files the `previous` render wrote that this one (`written`) did not, in a format this render writes
/// (`extensions`), still exactly as recorded: the cards a carousel no longer has, a variant taken off the
/// list. A file in a format not asked for this time, or one changed since it was written, is left alone.
pub fn stale(
    previous: &Record,
    written: &[PathBuf],
    extensions: &[&str],
    out_dir: &Path,
) -> Vec<PathBuf> {
    previous
        .outputs
        .iter()
        .filter(|o| {
            let path = Path::new(&o.file);
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            extensions.contains(&ext)
                && !written.iter().any(|w| w.file_name() == path.file_name())
                && output_matches(o, out_dir)
        })
        .map(|o| out_dir.join(&o.file))
        .collect()
}

/// Removes the record at `path` (before its outputs are replaced). A record that is not there is fine.
pub fn remove(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Writes `record` to `path` atomically (temporary file, then rename).
pub fn write(path: &Path, record: &Record) -> Result<(), ExportError> {
    let mut body = toml::to_string(record).map_err(|e| ExportError::Encode(e.to_string()))?;
    if !body.ends_with('\n') {
        body.push('\n');
    }
    let text = format!(
        "# What yitu last rendered under this name. yitu renders again when the inputs' key or any\n\
         # output no longer matches; deleting this file forces a render.\n{body}"
    );
    export::write_atomic(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("yitu-record-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_record_round_trips_and_checks_its_outputs() {
        let dir = temp_dir("round-trip");
        let out = dir.join("card.png");
        std::fs::write(&out, b"png bytes").unwrap();
        let key = digest(b"inputs");
        let record = Record {
            spec: "card.toml".into(),
            spec_file: String::new(),
            key: key.to_string(),
            dependencies: vec!["data/x.csv".into()],
            outputs: vec![RecordedOutput::of(&out, b"png bytes")],
        };
        let at = path(&dir, "card");
        write(&at, &record).unwrap();
        let back = read(&at).expect("the record reads back");
        assert_eq!(back, record);
        assert!(is_current(&back, key, &dir));
        assert!(!is_current(&back, digest(b"other inputs"), &dir));

        // Same size, different bytes: not current.
        std::fs::write(&out, b"PNG bytes").unwrap();
        assert!(!is_current(&back, key, &dir));
        std::fs::remove_file(&out).unwrap();
        assert!(!is_current(&back, key, &dir));

        remove(&at).unwrap();
        remove(&at).unwrap();
        assert_eq!(read(&at), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_record_cannot_point_outside_the_output_directory() {
        let dir = temp_dir("outside");
        std::fs::write(dir.join("x"), b"x").unwrap();
        let sub = dir.join("out");
        std::fs::create_dir_all(&sub).unwrap();
        let record = Record {
            spec: String::new(),
            spec_file: String::new(),
            key: digest(b"k").to_string(),
            dependencies: Vec::new(),
            outputs: vec![RecordedOutput {
                file: "../x".into(),
                bytes: 1,
                hash: digest(b"x").to_string(),
            }],
        };
        assert!(!is_current(&record, digest(b"k"), &sub));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
