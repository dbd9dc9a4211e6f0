//! yitu as a library: a crate depending on it without default features (crates/yitu-embed-example)
//! builds without the command line's dependencies and renders a spec to PNG and PDF bytes in its doctest.
//!
//! The doctest is built by a cargo of its own, in a target folder of its own (target/embed: the outer
//! `cargo test` holds the lock of target/ while tests run, and features must not be unified with the
//! binary's), offline from the crates the outer build fetched.

use std::path::Path;
use std::process::Command;

fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(env!("CARGO_MANIFEST_DIR")).env(
        "CARGO_TARGET_DIR",
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target/embed"),
    );
    command
}

#[test]
fn without_default_features_the_library_has_no_cli_dependencies_and_renders() {
    let tree = cargo()
        .args([
            "tree",
            "--offline",
            "-p",
            "yitu-embed-example",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .output()
        .expect("cargo runs");
    let tree_text = String::from_utf8_lossy(&tree.stdout);
    assert!(
        tree.status.success(),
        "{}",
        String::from_utf8_lossy(&tree.stderr)
    );
    assert!(
        tree_text.lines().any(|l| l.starts_with("yitu v")),
        "{tree_text}"
    );
    for cli_only in ["clap ", "clap_complete ", "indicatif ", "notify "] {
        assert!(
            !tree_text.lines().any(|l| l.starts_with(cli_only)),
            "{cli_only}is in the library's dependencies:\n{tree_text}"
        );
    }
    let test = cargo()
        .args(["test", "--offline", "--doc", "-p", "yitu-embed-example"])
        // A build of its own, so as light as it can be: dependencies unoptimised, no debug info (the
        // doctest renders one small card).
        .args(["--config", "profile.dev.debug=false"])
        .args(["--config", "profile.dev.package.\"*\".opt-level=0"])
        .output()
        .expect("cargo runs");
    let out = String::from_utf8_lossy(&test.stdout);
    assert!(
        test.status.success() && out.contains("1 passed"),
        "{out}\n{}",
        String::from_utf8_lossy(&test.stderr)
    );
}
