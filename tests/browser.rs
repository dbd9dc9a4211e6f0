//! The preview page in a real browser: `yitu serve` on a folder of the test's own, and Debian's chromium
//! driven headless by tests/browser/preview.mjs (playwright-core, installed by `npm ci` in
//! tests/browser). The page is opened, the poster loads, a save changes it, an invalid save shows its
//! error at its line with the last good image kept, 1:1 zoom and the format switch work. Screenshots go
//! to target/tmp/browser/.
//!
//! Without chromium, node or playwright-core the test says so and passes, so `cargo test` runs on a
//! developer's machine without them; CI sets `YITU_REQUIRE_BROWSER=1` (`.ci/run`), and then it fails.

#![cfg(feature = "serve")]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A card reading a data file; `value` is the stat's value as TOML.
fn card(value: &str) -> String {
    format!(
        "[page]\nwidth = 400\n\n[[blocks]]\ntype = \"headline\"\ntext = \"构筑聚才磁场\"\n\n[[blocks]]\ntype = \"chart\"\nkind = \"bar\"\ndata = \"data/d.csv\"\n\n[[blocks]]\ntype = \"stat\"\nlabel = \"新增返乡创业\"\nvalue = {value}\nunit = \"万人\"\n"
    )
}

/// What is missing to run the browser, if anything.
fn missing(chromium: &Path, script_dir: &Path) -> Option<String> {
    if !chromium.is_file() {
        return Some(format!("no chromium at {}", chromium.display()));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("no node on PATH".into());
    }
    if !script_dir.join("node_modules/playwright-core").is_dir() {
        return Some(format!(
            "no playwright-core: run `npm ci` in {}",
            script_dir.display()
        ));
    }
    None
}

#[test]
fn the_preview_page_follows_saves_in_a_real_browser() {
    let chromium = PathBuf::from(std::env::var("CHROMIUM").unwrap_or("/usr/bin/chromium".into()));
    let script_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if let Some(why) = missing(&chromium, &script_dir) {
        if std::env::var("YITU_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!("YITU_REQUIRE_BROWSER=1, but {why}");
        }
        eprintln!("notice: the browser test is skipped: {why} (apt-get install chromium; npm ci in tests/browser)");
        return;
    }
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    let dir = tmp.join(format!("served-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::write(dir.join("card.toml"), card("1.2")).unwrap();
    std::fs::write(dir.join("data/d.csv"), "指标,数值\n甲,3\n乙,5\n丙,4\n").unwrap();

    let mut server = Command::new(env!("CARGO_BIN_EXE_yitu"))
        .arg("serve")
        .arg(&dir)
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .map(|u| u.trim_end_matches('/').to_string())
        .unwrap_or_else(|| panic!("no address in {line:?}"));

    let spec = serde_json::json!({
        "good": card("1.2"),
        "changed": card("3.4"),
        "invalid": card("true"),
        "invalidLine": 16,
    });
    let run = Command::new("node")
        .arg(script_dir.join("preview.mjs"))
        .current_dir(&script_dir)
        .env("YITU_URL", &base)
        .env("YITU_DIR", &dir)
        .env("YITU_SPEC", spec.to_string())
        .env("YITU_SHOTS", tmp.join("screenshots"))
        .env("CHROMIUM", &chromium)
        .output()
        .unwrap();
    let _ = server.kill();
    let _ = server.wait();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    eprintln!("{stdout}");
    assert!(
        run.status.success(),
        "the browser script failed:\n{stdout}\n{stderr}"
    );
    assert_eq!(stdout.matches("ok: ").count(), 6, "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}
