//! Finding faces in font folders: which folders a spec's fonts come from, and the family and weight of
//! every font file in them — read from the file's `name` and `OS/2` tables alone, so that a folder of
//! large CJK faces is listed without reading them whole.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::SystemTime;

use read_fonts::tables::name::Name;
use read_fonts::types::NameId;
use read_fonts::{FontData, FontRead};

/// A font file in a font folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaceEntry {
    /// The font file.
    pub path: PathBuf,
    /// The family name (typographic family, else the legacy one), as a theme names it.
    pub family: String,
    /// OS/2 weight class: 400 regular, 700 bold.
    pub weight_class: u16,
}

/// The folders a spec at `spec` takes fonts from, in order: those given (`--font-path`), then the
/// `fonts/` folder beside the spec and that of each folder above it, nearest first — a spec anywhere
/// in a project finds the project's `fonts/`. Only folders that exist are listed, each once.
pub fn font_folders(spec: &Path, given: &[PathBuf]) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = given.iter().filter(|d| d.is_dir()).cloned().collect();
    let absolute = std::path::absolute(spec).unwrap_or_else(|_| spec.to_path_buf());
    for folder in absolute.ancestors().skip(1) {
        let fonts = folder.join("fonts");
        if fonts.is_dir() && !folders.contains(&fonts) {
            folders.push(fonts);
        }
    }
    folders
}

/// Every font file in `folders` (`.ttf`, `.otf`; not the folders below them), folder by folder, each
/// folder's files in name order. A file whose tables cannot be read is left out: it is no font.
pub fn faces_in(folders: &[PathBuf]) -> Vec<FaceEntry> {
    let mut out = Vec::new();
    for folder in folders {
        let Ok(read) = std::fs::read_dir(folder) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| e.eq_ignore_ascii_case("ttf") || e.eq_ignore_ascii_case("otf"))
            })
            .collect();
        paths.sort();
        out.extend(paths.iter().filter_map(|p| entry(p)));
    }
    out
}

/// The family and weight of the font file at `path`, remembered per process by path, size and
/// modification time.
fn entry(path: &Path) -> Option<FaceEntry> {
    type Seen = HashMap<PathBuf, ((u64, Option<SystemTime>), Option<FaceEntry>)>;
    static SEEN: OnceLock<Mutex<Seen>> = OnceLock::new();
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let stamp = (meta.len(), meta.modified().ok());
    let mut seen = SEEN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some((s, entry)) = seen.get(path) {
        if *s == stamp {
            return entry.clone();
        }
    }
    let entry = read_entry(path);
    seen.insert(path.to_path_buf(), (stamp, entry.clone()));
    entry
}

/// Reads the table directory, then the `name` and `OS/2` tables.
fn read_entry(path: &Path) -> Option<FaceEntry> {
    let mut file = File::open(path).ok()?;
    let mut header = [0u8; 12];
    file.read_exact(&mut header).ok()?;
    let version = u32::from_be_bytes(header[0..4].try_into().ok()?);
    // TrueType outlines (1.0 or 'true') or CFF ('OTTO').
    if !matches!(version, 0x0001_0000 | 0x7472_7565 | 0x4F54_544F) {
        return None;
    }
    let tables = u16::from_be_bytes([header[4], header[5]]) as usize;
    let mut records = vec![0u8; tables * 16];
    file.read_exact(&mut records).ok()?;
    let mut table = |tag: &[u8; 4]| -> Option<Vec<u8>> {
        let record = records.chunks_exact(16).find(|r| &r[0..4] == tag)?;
        let offset = u32::from_be_bytes(record[8..12].try_into().ok()?) as u64;
        let length = u32::from_be_bytes(record[12..16].try_into().ok()?) as usize;
        if length > 1 << 20 {
            return None;
        }
        let mut bytes = vec![0u8; length];
        file.seek(SeekFrom::Start(offset)).ok()?;
        file.read_exact(&mut bytes).ok()?;
        Some(bytes)
    };
    let name_bytes = table(b"name")?;
    let weight_class = table(b"OS/2")
        .filter(|os2| os2.len() >= 6)
        .map_or(400, |os2| u16::from_be_bytes([os2[4], os2[5]]));
    let family = family_name(&name_bytes)?;
    Some(FaceEntry {
        path: path.to_path_buf(),
        family,
        weight_class,
    })
}

/// The typographic family (name 16), else the family (name 1); an English Windows name first.
fn family_name(bytes: &[u8]) -> Option<String> {
    let name = Name::read(FontData::new(bytes)).ok()?;
    let data = name.string_data();
    let find = |id: NameId| {
        let records = name.name_record().iter().filter(|r| r.name_id() == id);
        let english = records
            .clone()
            .find(|r| r.platform_id() == 3 && r.language_id() == 0x409);
        english
            .or_else(|| records.clone().find(|r| r.is_unicode()))
            .and_then(|r| r.string(data).ok())
            .map(|s| s.chars().collect::<String>())
            .filter(|s| !s.trim().is_empty())
    };
    find(NameId::TYPOGRAPHIC_FAMILY_NAME).or_else(|| find(NameId::FAMILY_NAME))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo_fonts() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fonts")
    }

    #[test]
    fn the_repository_folder_lists_its_families_and_weights() {
        let faces = faces_in(&[repo_fonts()]);
        let has = |family: &str, weight: u16| {
            faces
                .iter()
                .any(|f| f.family == family && f.weight_class == weight)
        };
        // Noto Sans SC is compiled in (crates/), not in the folder.
        assert!(
            has("Noto Serif SC", 400) && has("Noto Serif SC", 700),
            "{faces:?}"
        );
        assert!(
            has("Noto Sans HK", 400) && has("Noto Sans TC", 700),
            "{faces:?}"
        );
        assert!(faces.iter().any(|f| f.family == "HanaMinB"), "{faces:?}");
    }

    #[test]
    fn a_spec_finds_the_fonts_folders_above_it() {
        let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("config/zhoukou-2023.toml");
        let folders = font_folders(&spec, &[]);
        assert_eq!(folders.first(), Some(&repo_fonts()));
        let given = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests");
        assert_eq!(font_folders(&spec, std::slice::from_ref(&given))[0], given);
    }
}
