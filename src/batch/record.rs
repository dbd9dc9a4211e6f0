//! The record of what was rendered: one small JSON file per output name, `DIR/.yitu-record/NAME.json`,
//! holding the key of the inputs (see [`super::fingerprint`]), the [stamp](super::stamp) of every file
//! the key was made from, and the size, hash and stamp of every output file. JSON rather than TOML for
//! speed alone: a batch with nothing to do reads every record, and one whose shared file of figures
//! changed writes every record again; the `toml` crate took ten times as long for each (200 records:
//! 40 and 50 million instructions).
//!
//! It can never make a needed render look done:
//! - it is removed before new outputs are written and written (atomically) only after all of them are in
//!   place, so a crash in between leaves no record, or the previous one;
//! - an output is skipped only when the key matches *and* every recorded file is there with its recorded
//!   size and hash, so outputs changed or half-replaced behind the record's back are rendered again.
//!
//! The stamps let a run with nothing to do skip reading: when every input's stamp is as recorded (in the
//! same context: build, options, spec path and working folder), the key is as recorded without loading
//! the spec; an output whose stamp is as recorded is as hashed without reading it. A stamp is recorded only
//! once it can be trusted ([`Stamp::settled`]); an input without one is loaded and an output without one
//! hashed, as before stamps, and the record is stamped then.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::fingerprint::{digest, Digest};
use super::stamp::Stamp;
use crate::export::{self, ExportError};

/// The folder inside the output directory that holds the records.
pub const DIR: &str = ".yitu-record";

/// A record file's extension.
pub const EXTENSION: &str = "json";

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
    /// The context the input stamps hold in ([`super::fingerprint::Setting::context`]): the same spec path,
    /// working folder, options and build. Empty in records of earlier versions: no stamp holds.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub context: String,
    /// The files the spec read besides itself, for people reading the file.
    #[serde(default)]
    pub dependencies: Vec<String>,
    /// Every file and folder the key was made from (the spec, the files it read, its font files, the font
    /// folders it looked in), each with its stamp when it was trusted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<StampedInput>,
    /// Every output file written, with its size and hash, so a file changed or removed since is noticed.
    pub outputs: Vec<RecordedOutput>,
}

/// One input of the key with its stamp.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StampedInput {
    /// The path as yitu read it (relative to the working folder, as the context records).
    pub path: String,
    /// Its [`Stamp`]; empty when it could not be trusted yet.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stamp: String,
    /// For a data file of figures: the figures the spec showed, by name (in the order of the file).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<String>,
    /// For a data file of figures: the digest of what the key counted of it, those figures and their
    /// values ([`crate::model::Dependency::used`]), so that an edit elsewhere in the file is told apart
    /// from the file alone. Empty for every other input: all of it counts.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub used: String,
}

impl StampedInput {
    /// `path` with its stamp now, kept only when trusted for content read after `before`.
    pub fn of(path: &Path, before: SystemTime) -> StampedInput {
        StampedInput {
            path: path.to_string_lossy().into_owned(),
            stamp: trusted_stamp(path, before),
            figures: Vec::new(),
            used: String::new(),
        }
    }

    /// The input for the data file of figures `dependency` (its [`used`](crate::model::Dependency::used)
    /// set), stamped as [`StampedInput::of`].
    pub fn of_figures(dependency: &crate::model::Dependency, before: SystemTime) -> StampedInput {
        StampedInput {
            figures: dependency.figures.clone(),
            used: (dependency.used.as_deref())
                .map(|u| digest(u).to_string())
                .unwrap_or_default(),
            ..StampedInput::of(&dependency.path, before)
        }
    }
}

/// The stamp of `path` as a record keeps it: empty unless it can be trusted for content read after
/// `before`, and for a path that is not UTF-8 (the record could not name it back).
pub(super) fn trusted_stamp(path: &Path, before: SystemTime) -> String {
    if path.to_str().is_none() {
        return String::new();
    }
    let stamp = Stamp::of(path);
    if stamp.settled(before) {
        stamp.to_string()
    } else {
        String::new()
    }
}

/// Whether every input of `record` is as it was when the key was made, by its stamp alone: the record
/// has stamps made in `context`, and each input has a stamp, the same now. Then the key is the record's,
/// without loading the spec.
pub fn inputs_unchanged(record: &Record, context: Digest) -> bool {
    Digest::parse(&record.context) == Some(context)
        && !record.inputs.is_empty()
        && (record.inputs.iter())
            .all(|i| Stamp::parse(&i.stamp).is_some_and(|s| s == Stamp::of(Path::new(&i.path))))
}

/// The inputs of `record`, restamped, when each is as it was when the key was made (in `context`): by
/// its stamp, or — a data file of figures whose stamp no longer holds — by the figures the spec showed,
/// the same names with the same values in the file as read now (once per run, through `files`). A
/// file of figures that cannot be read or has any problem, or lacks a figure, is not current: the spec
/// is loaded and tells why. `None`: some input changed, or has no stamp and is not such a file.
pub fn inputs_current(
    record: &Record,
    context: Digest,
    files: &super::figures::Files,
) -> Option<Vec<StampedInput>> {
    if Digest::parse(&record.context) != Some(context) || record.inputs.is_empty() {
        return None;
    }
    let mut inputs = record.inputs.clone();
    for input in &mut inputs {
        let path = Path::new(&input.path);
        if Stamp::parse(&input.stamp).is_some_and(|s| s == Stamp::of(path)) {
            continue;
        }
        let used = Digest::parse(&input.used)?;
        let stamp = files.with(path, |read| {
            let now = read.figures.as_ref()?.used(&input.figures)?;
            (digest(&now) == used).then(|| read.stamp.clone())
        })?;
        input.stamp = stamp;
    }
    Some(inputs)
}

/// How the outputs of a record were found current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Current {
    /// Each by its stamp: nothing was read.
    ByStamps,
    /// Some read and hashed: the record's stamps are worth renewing.
    ByContent,
}

/// Whether every output of `record` is in `out_dir` as recorded (at least one): the same stamp, or the
/// same size and hash. `None`: some output is missing or changed.
pub fn outputs_current(record: &Record, out_dir: &Path) -> Option<Current> {
    if record.outputs.is_empty() {
        return None;
    }
    let mut current = Current::ByStamps;
    for o in &record.outputs {
        if !plain_name(&o.file) {
            return None;
        }
        let stamped = Stamp::parse(&o.stamp).is_some_and(|s| {
            matches!(s, Stamp::File { size, .. } if size == o.bytes)
                && s == Stamp::of(&out_dir.join(&o.file))
        });
        if !stamped {
            if !output_matches(o, out_dir) {
                return None;
            }
            current = Current::ByContent;
        }
    }
    Some(current)
}

/// Stamps the outputs of `record` as they are now in `out_dir`, each only when trusted for content read
/// (hashed) or written after `before`.
pub fn stamp_outputs(record: &mut Record, out_dir: &Path, before: SystemTime) {
    for o in &mut record.outputs {
        o.stamp = if plain_name(&o.file) {
            trusted_stamp(&out_dir.join(&o.file), before)
        } else {
            String::new()
        };
    }
}

/// Whether every input of `record` has a stamp: worth writing, for the next run can skip loading.
pub fn fully_stamped(record: &Record) -> bool {
    !record.inputs.is_empty() && record.inputs.iter().all(|i| !i.stamp.is_empty())
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
    /// Its [`Stamp`] when the hash was trusted for it; empty: not yet.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stamp: String,
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
            stamp: String::new(),
        }
    }
}

/// Where the record of output name `name` lives.
pub fn path(out_dir: &Path, name: &str) -> PathBuf {
    out_dir.join(DIR).join(format!("{name}.{EXTENSION}"))
}

/// The record at `path`; `None` when there is none, it cannot be read or its check fails (each way:
/// render).
pub fn read(path: &Path) -> Option<Record> {
    let text = crate::model::files::read_to_string(path).ok()?;
    parse(&text)
}

/// Whether `record` says the outputs in `out_dir` are current for `key`: same key, at least one output,
/// and every recorded output present with its recorded size and hash.
pub fn is_current(record: &Record, key: Digest, out_dir: &Path) -> bool {
    Digest::parse(&record.key) == Some(key)
        && !record.outputs.is_empty()
        && record.outputs.iter().all(|o| output_matches(o, out_dir))
}

/// A plain file name, nothing that could point outside the output directory.
fn plain_name(file: &str) -> bool {
    !file.is_empty() && Path::new(file).file_name() == Some(file.as_ref())
}

fn output_matches(o: &RecordedOutput, out_dir: &Path) -> bool {
    if !plain_name(&o.file) {
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

/// Writes `record` to `path` atomically (temporary file, then rename), flushed to disk before the rename:
/// it vouches for outputs that are in place.
pub fn write(path: &Path, record: &Record) -> Result<(), ExportError> {
    export::write_atomic(path, text(record)?.as_bytes())
}

/// Writes `record`, which only adds stamps to the record at `path` for the same outputs, in place: the
/// file is overwritten rather than replaced, without waiting for the disk. Making a new file and renaming
/// it over the old costs a quarter of a millisecond on ext4, and the first run after a batch's render
/// stamps every record: 200 records took 55 ms that way, against 3 ms in place. A write cut short
/// (a crash, or a reader looking on) leaves text that is not whole JSON, or whose check fails, and reads
/// as no record: the spec is rendered again. Either the old record or the new one is true.
pub fn write_stamps(path: &Path, record: &Record) -> Result<(), ExportError> {
    use std::io::Write;
    let io = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let text = text(record)?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(io)?;
    file.write_all(text.as_bytes()).map_err(io)?;
    // Cut only what the old, longer text left beyond the new: truncating to nothing first would make
    // ext4 flush the file on close (its `auto_da_alloc`), the cost a rename has.
    file.set_len(text.len() as u64).map_err(io)?;
    Ok(())
}

/// A record as its file holds it: the record's JSON text, exactly as written, and the xxh3-128 digest of
/// that text, so that a record cut short or overwritten in part ([`write_stamps`]) is not taken for one.
#[derive(Deserialize)]
struct Checked<'a> {
    check: &'a str,
    #[serde(borrow)]
    record: &'a serde_json::value::RawValue,
}

fn text(record: &Record) -> Result<String, ExportError> {
    let body =
        serde_json::to_string_pretty(record).map_err(|e| ExportError::Encode(e.to_string()))?;
    // Indented one step further, as a member of the file's object; JSON strings hold no raw line breaks,
    // so only the layout changes. The check covers the record's text exactly as the file holds it.
    let body = body.replace('\n', "\n  ");
    let check = digest(body.as_bytes());
    Ok(format!(
        "{{\n  \"about\": \"What yitu last rendered under this name. yitu renders again when the inputs' key or any output no longer matches; deleting this file forces a render.\",\n  \"check\": \"{check}\",\n  \"record\": {body}\n}}\n"
    ))
}

/// The record in `text`, when it is one whole and its check holds.
fn parse(text: &str) -> Option<Record> {
    let file: Checked = serde_json::from_str(text).ok()?;
    let body = file.record.get();
    if Digest::parse(file.check)? != digest(body.as_bytes()) {
        return None;
    }
    serde_json::from_str(body).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_record_round_trips_and_checks_its_outputs() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        let out = dir.join("card.png");
        std::fs::write(&out, b"png bytes").unwrap();
        let key = digest(b"inputs");
        let record = Record {
            spec: "card.toml".into(),
            spec_file: String::new(),
            key: key.to_string(),
            context: String::new(),
            dependencies: vec!["data/x.csv".into()],
            inputs: Vec::new(),
            outputs: vec![RecordedOutput::of(&out, b"png bytes")],
        };
        let at = path(dir, "card");
        write(&at, &record).unwrap();
        let back = read(&at).expect("the record reads back");
        assert_eq!(back, record);
        assert!(is_current(&back, key, dir));
        assert!(!is_current(&back, digest(b"other inputs"), dir));

        // Same size, different bytes: not current.
        std::fs::write(&out, b"PNG bytes").unwrap();
        assert!(!is_current(&back, key, dir));
        std::fs::remove_file(&out).unwrap();
        assert!(!is_current(&back, key, dir));

        remove(&at).unwrap();
        remove(&at).unwrap();
        assert_eq!(read(&at), None);
    }

    #[test]
    fn a_record_cut_short_or_overwritten_in_part_is_no_record() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        let out = dir.join("card.png");
        std::fs::write(&out, b"png bytes").unwrap();
        let mut record = Record {
            spec: "card.toml".into(),
            spec_file: String::new(),
            key: digest(b"inputs").to_string(),
            context: digest(b"context").to_string(),
            dependencies: vec!["data/figures.toml".into()],
            inputs: vec![StampedInput {
                path: "card.toml".into(),
                stamp: "file 5 1 2 3".into(),
                figures: Vec::new(),
                used: String::new(),
            }],
            outputs: vec![RecordedOutput::of(&out, b"png bytes")],
        };
        let at = path(dir, "card");
        write(&at, &record).unwrap();
        let whole = std::fs::read_to_string(&at).unwrap();
        assert!(whole.contains("\"check\": \""), "{whole}");

        // Restamped in place with a shorter text: exactly the new record, nothing of the old left over.
        record.outputs[0].stamp = "file 9 1 2 3".into();
        record.dependencies.clear();
        write_stamps(&at, &record).unwrap();
        assert_eq!(
            std::fs::read_to_string(&at).unwrap(),
            text(&record).unwrap()
        );
        assert_eq!(read(&at).as_ref(), Some(&record));

        // What a write cut short leaves: the new text's start over the old text's end; or no end at all;
        // or a stamp changed behind the check's back, or no check. None of them reads as a record.
        let new = text(&record).unwrap();
        let cut = new.len() - 60;
        let torn = format!("{}{}", &new[..cut], &whole[cut..]);
        for broken in [
            torn,
            new[..new.len() - 10].to_string(),
            format!("{new}}}"),
            new.replace("file 9 1 2 3", "file 9 1 2 4"),
            new.lines()
                .filter(|l| !l.trim_start().starts_with("\"check\""))
                .collect::<Vec<_>>()
                .join("\n"),
        ] {
            std::fs::write(&at, &broken).unwrap();
            assert_eq!(read(&at), None, "{broken}");
        }
    }

    #[test]
    fn a_record_cannot_point_outside_the_output_directory() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        std::fs::write(dir.join("x"), b"x").unwrap();
        let sub = dir.join("out");
        std::fs::create_dir_all(&sub).unwrap();
        let record = Record {
            spec: String::new(),
            spec_file: String::new(),
            key: digest(b"k").to_string(),
            context: String::new(),
            dependencies: Vec::new(),
            inputs: Vec::new(),
            outputs: vec![RecordedOutput {
                file: "../x".into(),
                bytes: 1,
                hash: digest(b"x").to_string(),
                stamp: Stamp::of(&dir.join("x")).to_string(),
            }],
        };
        assert!(!is_current(&record, digest(b"k"), &sub));
        assert_eq!(outputs_current(&record, &sub), None);
    }

    #[test]
    fn stamps_are_kept_only_once_settled_and_hold_until_a_change() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        let spec = dir.join("spec.toml");
        std::fs::write(&spec, b"x = 1").unwrap();
        // Changed just before it was read: no stamp (a change in the same tick would keep it).
        assert_eq!(StampedInput::of(&spec, SystemTime::now()).stamp, "");
        let later = SystemTime::now() + Duration::from_secs(10);
        let input = StampedInput::of(&spec, later);
        assert!(input.stamp.starts_with("file 5 "), "{}", input.stamp);
        let absent = StampedInput::of(&dir.join("fonts"), SystemTime::now());
        assert_eq!(absent.stamp, "absent");

        let out = dir.join("spec.png");
        std::fs::write(&out, b"png bytes").unwrap();
        let context = digest(b"context");
        let mut record = Record {
            spec: "spec.toml".into(),
            spec_file: String::new(),
            key: digest(b"inputs").to_string(),
            context: context.to_string(),
            dependencies: Vec::new(),
            inputs: vec![input, absent],
            outputs: vec![RecordedOutput::of(&out, b"png bytes")],
        };
        assert!(fully_stamped(&record));
        assert!(inputs_unchanged(&record, context));
        assert!(!inputs_unchanged(&record, digest(b"another context")));
        // The output without a stamp is read to know it; stamped, it is not.
        assert_eq!(outputs_current(&record, dir), Some(Current::ByContent));
        stamp_outputs(&mut record, dir, later);
        assert_eq!(outputs_current(&record, dir), Some(Current::ByStamps));
        // Round trip through the file.
        let at = path(dir, "spec");
        write(&at, &record).unwrap();
        assert_eq!(read(&at).as_ref(), Some(&record));

        // Same size, other bytes (a tick of the file clock later: the stamps above were trusted as if
        // taken ten seconds on): the stamp no longer holds, and neither does the hash.
        std::thread::sleep(Duration::from_millis(30));
        std::fs::write(&out, b"PNG bytes").unwrap();
        assert_eq!(outputs_current(&record, dir), None);
        std::fs::write(&spec, b"x = 2").unwrap();
        assert!(!inputs_unchanged(&record, context));
        std::fs::create_dir(dir.join("fonts")).unwrap();
        record.inputs[0] = StampedInput::of(&spec, later);
        assert!(!inputs_unchanged(&record, context), "a folder appeared");
    }
}
