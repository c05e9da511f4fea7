//! Browser tests: headless Chromium driven by playwright-core (Node) against
//! the demo hub served on 127.0.0.1. Each test runs one `tests/browser/*.test.mjs`
//! file with `node --test`; the JavaScript side builds the hub with the
//! `agora` binary under test and serves it itself.
//!
//! Needs `node`, `npm ci` in `tests/browser/` and Debian's `chromium`
//! (`.ci/run` installs them). When something is missing the test fails with
//! what to install under `CI=true`, and says loudly that it did not run
//! otherwise.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::TestSite;

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// What is missing to run browser tests, if anything.
fn missing_prerequisites() -> Vec<String> {
    let mut missing = Vec::new();
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("node (apt-get install -y nodejs npm)".to_string());
    }
    if !browser_dir().join("node_modules/playwright-core").exists() {
        missing.push("tests/browser/node_modules (run `npm ci` in tests/browser)".to_string());
    }
    if !chromium().exists() {
        missing.push(format!(
            "chromium at {} (apt-get install -y chromium, or set CHROMIUM)",
            chromium().display()
        ));
    }
    missing
}

/// Runs `tests/browser/<file>` against a fresh copy of the hub.
pub fn run_browser_suite(file: &str) {
    let missing = missing_prerequisites();
    if !missing.is_empty() {
        let message = format!(
            "browser test {file} cannot run; missing: {}",
            missing.join("; ")
        );
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{message}");
        }
        eprintln!("\n!!! NOT RUN: {message}\n");
        return;
    }
    let hub = TestSite::hub();
    let screenshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-screenshots");
    let output = Command::new("node")
        .current_dir(browser_dir())
        .args(["--test", "--test-reporter=spec", file])
        .env("AGORA_BIN", env!("CARGO_BIN_EXE_agora"))
        .env("AGORA_HUB", &hub.root)
        .env("AGORA_SCREENSHOTS", &screenshots)
        .env("CHROMIUM", chromium())
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}\n{stderr}");
    assert!(
        output.status.success(),
        "browser tests in tests/browser/{file} failed:\n{stdout}\n{stderr}"
    );
}

#[test]
fn browser_hub() {
    run_browser_suite("hub.test.mjs");
}

#[test]
fn browser_search() {
    run_browser_suite("search.test.mjs");
}

#[test]
fn browser_offline() {
    run_browser_suite("offline.test.mjs");
}

#[test]
fn browser_alternates() {
    run_browser_suite("alternates.test.mjs");
}

#[test]
fn browser_accessibility() {
    run_browser_suite("a11y.test.mjs");
}
