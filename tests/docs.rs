//! The documentation's paths: every file a README or docs page links to or names in backticks exists in
//! the repository, and no page refers to a folder outside the repository (a user's clone has none). The check is
//! scripts/check-doc-paths.py (Python 3, on every machine the tests run on), run here so a moved or
//! renamed file cannot leave the docs behind.

#[test]
fn every_path_the_docs_mention_exists() {
    let output = std::process::Command::new("python3")
        .arg("scripts/check-doc-paths.py")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("python3 runs scripts/check-doc-paths.py");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
