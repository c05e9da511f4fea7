//! The bad-site corpus: `tests/fixtures/bad/<case>/`, each a broken site
//! (laid over `tests/fixtures/bad/_base/`) with `expected.toml`:
//!
//! - `at`: where the message must point (`file`, `file:line:` or `file:line:col`);
//! - `contains`: texts the message must hold;
//! - `command`: the agora command (default `["build"]`);
//! - `expect = "ok"`: hostile input that must build (a warning may be
//!   expected, with `at` and `contains`), with `absent`: texts no output
//!   file may hold.
//!
//! Every case runs with a previous output in `public/`: a failed build must
//! not panic, must exit with 1, must leave that output byte for byte and
//! write nothing anywhere else (no staging folder left behind).

use std::collections::BTreeMap;
use std::path::Path;

use crate::harness::{TestSite, fixtures_dir};

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Expected {
    at: Option<String>,
    #[serde(default)]
    contains: Vec<String>,
    command: Option<Vec<String>>,
    expect: Option<String>,
    #[serde(default)]
    absent: Vec<String>,
}

/// Every file under `dir` (path → bytes), skipping `skip`.
fn snapshot(dir: &Path, skip: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("readable");
        if entry.path().starts_with(skip) {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("inside")
            .display()
            .to_string();
        let bytes = if entry.file_type().is_file() {
            std::fs::read(entry.path()).expect("read")
        } else {
            Vec::new()
        };
        out.insert(rel, bytes);
    }
    out
}

fn overlay(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("fixture readable");
        let rel = entry.path().strip_prefix(from).expect("inside");
        if rel == Path::new("expected.toml") {
            continue;
        }
        let dest = to.join(rel);
        if entry.path_is_symlink() {
            let target = std::fs::read_link(entry.path()).expect("link");
            std::os::unix::fs::symlink(target, &dest).expect("make link");
        } else if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("create dir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy fixture file");
        }
    }
}

/// A previous build's output, to be left intact by a failed build.
fn previous_output(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    site.write("public/index.html", "<p>the previous build</p>\n");
    site.write("public/deep/er/page/index.html", "<p>older</p>\n");
    site.write("public/style.css", "body{}\n");
    snapshot(&site.root.join("public"), Path::new("/nothing"))
}

#[test]
fn every_bad_site_fails_cleanly_with_a_message_naming_the_file() {
    let dir = fixtures_dir().join("bad");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir() && !p.ends_with("_base"))
        .collect();
    cases.sort();
    let mut problems = Vec::new();
    let (mut messages, mut with_line_col) = (0, 0);
    for case in &cases {
        let name = case
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let expected: Expected = toml::from_str(
            &std::fs::read_to_string(case.join("expected.toml")).expect("expected.toml"),
        )
        .unwrap_or_else(|e| panic!("{name}/expected.toml: {e}"));
        let site = TestSite::empty();
        overlay(&dir.join("_base"), &site.root);
        overlay(case, &site.root);
        let before_output = previous_output(&site);
        let outer = site.root.parent().expect("temp dir").to_path_buf();
        let public = site.root.join("public");
        let before = snapshot(&outer, &public);
        let args: Vec<String> = expected
            .command
            .clone()
            .unwrap_or_else(|| vec!["build".into()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = site.agora(&args);
        let stderr = run.stderr();
        let mut fail = |why: String| problems.push(format!("{name}: {why}\n{stderr}"));
        if stderr.contains("panicked") || run.code() == 101 || run.code() < 0 {
            fail(format!("crashed (exit {})", run.code()));
            continue;
        }
        let mut after = snapshot(&outer, &public);
        if expected.expect.as_deref() == Some("ok") {
            if run.code() != 0 {
                fail(format!("should build, exit {}", run.code()));
            }
            for text in &expected.absent {
                for (path, bytes) in snapshot(&public, Path::new("/nothing")) {
                    if String::from_utf8_lossy(&bytes).contains(text.as_str()) {
                        fail(format!("public/{path} holds `{text}`"));
                    }
                }
            }
            // Only the output changed.
            after.retain(|k, _| !k.starts_with("site/public"));
            let mut before = before.clone();
            before.retain(|k, _| !k.starts_with("site/public"));
            if before != after {
                fail("a file outside the output changed".into());
            }
            // A warning, if the case expects one, says where.
            if let Some(at) = &expected.at
                && !stderr.contains(at.as_str())
            {
                fail(format!("the warning does not point at `{at}`"));
            }
            for text in &expected.contains {
                if !stderr.contains(text.as_str()) {
                    fail(format!("the warning lacks `{text}`"));
                }
            }
            continue;
        }
        messages += 1;
        if run.code() != 1 {
            fail(format!("exit code {} instead of 1", run.code()));
        }
        if before != after {
            let changed: Vec<_> = after
                .keys()
                .filter(|k| before.get(*k) != after.get(*k))
                .chain(before.keys().filter(|k| !after.contains_key(*k)))
                .collect();
            fail(format!("files outside the output changed: {changed:?}"));
        }
        if snapshot(&public, Path::new("/nothing")) != before_output {
            fail("the previous output changed".into());
        }
        let at = expected.at.clone().unwrap_or_default();
        if at.is_empty() || !stderr.contains(&at) {
            fail(format!("the message does not point at `{at}`"));
        }
        // `file:line:col`: two numbers after the file.
        let parts: Vec<&str> = at.split(':').collect();
        let full = parts.len() == 3 && parts[1].parse::<u32>().is_ok();
        let located = regex::Regex::new(&format!(r"{}:\d+:\d+", regex::escape(parts[0])))
            .expect("regex")
            .is_match(&stderr);
        if full || located {
            with_line_col += 1;
        }
        for text in &expected.contains {
            if !stderr.contains(text.as_str()) {
                fail(format!("the message lacks `{text}`"));
            }
        }
    }
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    let share = with_line_col as f64 / messages as f64;
    assert!(
        share >= 0.85,
        "{with_line_col} of {messages} messages carry line and column"
    );
}
