//! Computes, once per build, the digest of the compiled-in fonts for the incremental record's key: the
//! binary never hashes its own 21 MB of font data at run time (it was most of a small spec's process).
//! The hash is xxh3-128, the same the record's keys are made with, so it is stable across Rust releases.

use std::io::Write;

const FONTS: [&str; 2] = ["fonts/NotoSansSC-Regular.ttf", "fonts/NotoSansSC-Bold.ttf"];

fn main() {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for font in FONTS {
        println!("cargo:rerun-if-changed={font}");
        let bytes = std::fs::read(font).unwrap_or_else(|e| panic!("cannot read {font}: {e}"));
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("bundled_fonts_digest.rs");
    let mut file = std::fs::File::create(&out).expect("OUT_DIR is writable");
    writeln!(
        file,
        "/// xxh3-128 of the compiled-in font files, each length-prefixed, computed by build.rs.\npub const BUNDLED_FONTS_DIGEST: u128 = 0x{:032x};",
        hasher.digest128()
    )
    .expect("OUT_DIR is writable");
}
