//! The face's xxh3-128 digest, computed once per build: yitu's incremental record names the compiled-in
//! faces by it and never hashes their megabytes at run time. The hash is stable across Rust releases.

use std::io::Write;

const FONT: &str = "NotoSansSC-Bold.ttf";

fn main() {
    println!("cargo:rerun-if-changed={FONT}");
    let bytes = std::fs::read(FONT).unwrap_or_else(|e| panic!("cannot read {FONT}: {e}"));
    let digest = xxhash_rust::xxh3::xxh3_128(&bytes);
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("digest.rs");
    let mut file = std::fs::File::create(&out).expect("OUT_DIR is writable");
    writeln!(file, "0x{digest:032x}").expect("OUT_DIR is writable");
}
