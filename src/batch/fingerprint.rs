//! What an output depends on, reduced to one 128-bit key: yitu's version, the fonts and the built-in theme
//! compiled into this build, the options (all but the output directory), the spec's text and the bytes of
//! every file it read. Two renders with the same key produce the same bytes.
//!
//! The hash is xxh3-128 (`xxhash-rust`): fast, and the same on every machine and Rust release, so a
//! record stays valid across upgrades of the toolchain. The compiled-in fonts' digest is computed by
//! build.rs, never at run time.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use xxhash_rust::xxh3::Xxh3;

use crate::model;
use crate::render::{Loaded, Options};

/// The compiled-in faces' digests, computed by their crates' build scripts: the binary never hashes its
/// own 21 MB of font data at run time.
const BUNDLED_FONTS_DIGESTS: [u128; 2] = [
    yitu_font_noto_sans_sc_regular::DIGEST,
    yitu_font_noto_sans_sc_bold::DIGEST,
];

/// Bumped when the meaning of a key changes.
const KEY_FORMAT: &str = "yitu render key 2";

/// A 128-bit hash, written as 32 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Digest(pub u128);

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

impl Digest {
    /// Reads the 32 hex digits [`Display`](fmt::Display) writes.
    pub fn parse(hex: &str) -> Option<Digest> {
        if hex.len() != 32 {
            return None;
        }
        u128::from_str_radix(hex, 16).ok().map(Digest)
    }
}

/// A streaming hash of length-prefixed fields, so that no two different sequences of fields run together
/// into the same bytes.
pub struct Hash128(Xxh3);

impl Hash128 {
    /// An empty hash.
    pub fn new() -> Hash128 {
        Hash128(Xxh3::new())
    }

    /// One field: its length, then its bytes.
    pub fn field(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    /// The 128-bit digest of the fields so far.
    pub fn finish(&self) -> Digest {
        Digest(self.0.digest128())
    }
}

impl Default for Hash128 {
    fn default() -> Self {
        Hash128::new()
    }
}

/// The digest of one byte string (an output file).
pub fn digest(bytes: &[u8]) -> Digest {
    Hash128::new().field(bytes).finish()
}

/// What this build contributes to every key: the key format, yitu's version, the bundled fonts (their
/// digests from their crates' build scripts) and the built-in theme. Computed once per process.
pub fn build_digest() -> Digest {
    static BUILD: OnceLock<Digest> = OnceLock::new();
    *BUILD.get_or_init(|| {
        let mut h = Hash128::new();
        h.field(KEY_FORMAT.as_bytes())
            .field(env!("CARGO_PKG_VERSION").as_bytes())
            .field(&BUNDLED_FONTS_DIGESTS[0].to_le_bytes())
            .field(&BUNDLED_FONTS_DIGESTS[1].to_le_bytes());
        h.field(format!("{:?}", model::default_theme()).as_bytes());
        h.finish()
    })
}

/// The options as they count for the outputs' bytes: all but the output directory and the time budget
/// (neither changes the bytes of the files, and the record lives in that directory anyway).
fn options_text(options: &Options) -> String {
    let options = Options {
        out_dir: PathBuf::new(),
        time_budget: Default::default(),
        ..options.clone()
    };
    format!("{options:?}")
}

/// The key of one loaded spec rendered with `options`.
pub fn key(spec: &Loaded, options: &Options) -> Digest {
    let mut h = Hash128::new();
    h.field(build_digest().to_string().as_bytes())
        .field(options_text(options).as_bytes())
        .field(spec.poster.name.as_bytes())
        .field(spec.source.as_bytes());
    // A shared file of figures counts only for the figures this spec shows: editing one figure
    // re-renders exactly the graphics that show it.
    for dependency in &spec.poster.dependencies {
        h.field(dependency.path.to_string_lossy().as_bytes())
            .field(dependency.used.as_deref().unwrap_or(&dependency.bytes));
    }
    // Font files from folders count by path, size and modification time: hashing tens of megabytes
    // of faces for every spec would cost more than the render.
    for font in spec.poster.fonts.files() {
        let stamp = std::fs::metadata(&font)
            .map(|m| format!("{} {:?}", m.len(), m.modified().ok()))
            .unwrap_or_default();
        h.field(font.to_string_lossy().as_bytes())
            .field(stamp.as_bytes());
    }
    h.finish()
}

/// What the context of every spec of a run shares: this build, the options and the working folder.
/// Made once per run: formatting the options for each of 200 specs was a tenth of a batch with nothing
/// to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting(Digest);

impl Setting {
    /// The setting of a run with `options` in the current working folder.
    pub fn of(options: &Options) -> Setting {
        let cwd = std::env::current_dir().unwrap_or_default();
        Setting(
            Hash128::new()
                .field(b"yitu stamps 2")
                .field(&build_digest().0.to_le_bytes())
                .field(options_text(options).as_bytes())
                .field(cwd.as_os_str().as_encoded_bytes())
                .finish(),
        )
    }

    /// The context in which the stamps of a spec's inputs stand for its key (see [`super::record`]): this
    /// setting and the spec's path as given, which together decide which files loading the spec reads,
    /// and where.
    pub fn context(&self, spec: &Path) -> Digest {
        Hash128::new()
            .field(&self.0 .0.to_le_bytes())
            .field(spec.as_os_str().as_encoded_bytes())
            .finish()
    }
}

/// Every file and folder the key of `spec` was made from, or that decided which were read: the spec, the
/// files it read (in the order of [`crate::model::Poster::dependencies`], right after the spec: the batch
/// relies on it), its font files, and the font folders looked in — `--font-path` and a `fonts/` folder
/// beside the spec and above each of its folders, whether there or not (as
/// [`crate::text::fonts::font_folders`] looks), so that a folder or font added later is seen.
pub fn inputs(spec: &Loaded, options: &Options) -> Vec<PathBuf> {
    let mut inputs = vec![spec.path.clone()];
    inputs.extend(spec.poster.dependencies.iter().map(|d| d.path.clone()));
    inputs.extend(spec.poster.fonts.files());
    inputs.extend(options.font_paths.iter().cloned());
    let absolute = std::path::absolute(&spec.path).unwrap_or_else(|_| spec.path.clone());
    inputs.extend(
        absolute
            .ancestors()
            .skip(1)
            .map(|folder| folder.join("fonts")),
    );
    inputs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_round_trip_through_hex() {
        let d = digest(b"yitu");
        assert_eq!(Digest::parse(&d.to_string()), Some(d));
        assert_eq!(Digest::parse("xyz"), None);
    }

    #[test]
    fn fields_do_not_run_together() {
        let ab_c = Hash128::new().field(b"ab").field(b"c").finish();
        let a_bc = Hash128::new().field(b"a").field(b"bc").finish();
        assert_ne!(ab_c, a_bc);
        assert_ne!(digest(b""), digest(b"\0"));
    }

    #[test]
    fn the_build_digest_is_stable_within_a_process() {
        assert_eq!(build_digest(), build_digest());
    }

    /// The font crates' build scripts hashed exactly the font bytes compiled in.
    #[test]
    fn the_fonts_digests_from_the_build_are_those_of_the_compiled_in_fonts() {
        for (data, digest) in crate::text::fonts::font_data()
            .into_iter()
            .zip(BUNDLED_FONTS_DIGESTS)
        {
            assert_eq!(xxhash_rust::xxh3::xxh3_128(data), digest);
        }
        // A known value of the hash, so that a change of it (which would invalidate every record) is seen.
        assert_eq!(Hash128::new().field(b"yitu").finish().to_string().len(), 32);
        assert_eq!(
            xxhash_rust::xxh3::xxh3_128(b""),
            0x99aa06d3014798d86001c324468d497f
        );
    }
}
