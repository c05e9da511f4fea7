//! Search benchmark: agora's own search index side by side with Pagefind 1.6
//! on the generated hub of `hub_build` (10,000 documents in four languages,
//! see `gen/`). It measures and reports; it never asserts.
//!
//! ```text
//! cargo bench --bench search_index                     # 10,000 documents
//! AGORA_BENCH_DOCS=500 cargo bench --bench search_index
//! ```
//!
//! What it does:
//! 1. builds the site with agora twice, without search (its own config) and
//!    with it (`bench-search.toml`: the same config plus `[agora.search]`,
//!    placeholders off so that both builds write the same pages), each with
//!    `AGORA_PROFILE=1`: the "search index" stage is the index build time;
//!    wall time and peak memory of both builds are compared;
//! 2. counts agora's index files (`search/`, the client apart) and their
//!    size, as stored and gzipped;
//! 3. runs Pagefind (`benches/pagefind`, `npm ci` there first) on the site
//!    built without search: time, peak memory, files, size;
//! 4. picks a common and a rare English word from agora's index and, in
//!    headless Chromium (`benches/pagefind/measure.mjs`), runs each as the
//!    first query of a fresh page with both tools, recording every byte
//!    fetched.
//!
//! Environment: `AGORA_BENCH_DOCS`, `AGORA_BENCH_SEED`, `AGORA_BENCH_SITE`
//! (as in `hub_build`), `AGORA_BENCH_OUT` (default `target/bench-out`),
//! `AGORA_BENCH_RUNS` (agora builds per configuration, best kept, default 2),
//! `AGORA_BIN`, `CHROMIUM` (default `/usr/bin/chromium`), `PAGEFIND=0` to
//! leave Pagefind out.

#[path = "gen/child_usage.rs"]
mod child_usage;
#[path = "gen/mod.rs"]
mod hub_gen;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

struct Measured {
    wall: Duration,
    peak_kib: u64,
    log: String,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("search_index: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn env_number(name: &str, default: u64) -> Result<u64, String> {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .replace('_', "")
            .parse()
            .map_err(|_| format!("{name}={v} is not a whole number")),
        Err(_) => Ok(default),
    }
}

fn run() -> Result<(), String> {
    let package = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path_var = |name: &str, default: &str| {
        std::env::var_os(name).map_or_else(|| package.join(default), PathBuf::from)
    };
    let site = path_var("AGORA_BENCH_SITE", "target/bench-hub");
    let out = path_var("AGORA_BENCH_OUT", "target/bench-out");
    let options = hub_gen::Options {
        documents: env_number("AGORA_BENCH_DOCS", 10_000)? as usize,
        seed: env_number("AGORA_BENCH_SEED", 2018)?,
    };
    let runs = env_number("AGORA_BENCH_RUNS", 2)?.max(1);
    let agora = std::env::var_os("AGORA_BIN").map_or_else(
        || {
            option_env!("CARGO_BIN_EXE_agora")
                .map_or_else(|| package.join("target/release/agora"), PathBuf::from)
        },
        PathBuf::from,
    );

    if !hub_gen::is_current(&site, &options) {
        println!(
            "generating {} documents in {} ...",
            options.documents,
            site.display()
        );
        hub_gen::generate(&site, &options).map_err(|e| e.to_string())?;
    }
    let summary = hub_gen::summarise(&site).map_err(|e| e.to_string())?;
    let documents = summary.source_documents + summary.translations;
    println!(
        "site: {} — {} documents + {} translations = {} pages to index",
        site.display(),
        summary.source_documents,
        summary.translations,
        documents
    );

    // The same config with agora's search on and placeholders off.
    let config = std::fs::read_to_string(site.join("config.toml")).map_err(|e| e.to_string())?;
    let mut search_config = config.clone();
    search_config.push_str("\n[agora.search]\nenabled = true\n");
    for lang in ["fr", "ru", "ar"] {
        search_config.push_str(&format!(
            "\n[agora.languages.{lang}]\nplaceholders = false\n"
        ));
    }
    std::fs::write(site.join("bench-search.toml"), search_config).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let out = std::fs::canonicalize(&out).map_err(|e| e.to_string())?;
    let plain_out = out.join("search-plain");
    let agora_out = out.join("search-agora");

    let build = |config: &str, dest: &Path| -> Result<Measured, String> {
        let mut best: Option<Measured> = None;
        for _ in 0..runs {
            hub_gen::remove_dir_if_exists(dest).map_err(|e| e.to_string())?;
            let mut command = Command::new(&agora);
            command
                .arg("build")
                .arg("--root")
                .arg(&site)
                .arg("--config")
                .arg(config)
                .arg("--output-dir")
                .arg(dest)
                .arg("--force")
                .env("AGORA_PROFILE", "1");
            let m = measure(&mut command)?;
            if best.as_ref().is_none_or(|b| m.wall < b.wall) {
                best = Some(m);
            }
        }
        best.ok_or_else(|| "no run".to_string())
    };
    println!("building with agora ({runs} run(s) each, best kept) ...");
    let plain = build("config.toml", &plain_out)?;
    let with_search = build("bench-search.toml", &agora_out)?;
    let stage_ms = with_search
        .log
        .lines()
        .find(|l| l.contains("profile: search index"))
        .and_then(|l| {
            l.split_whitespace()
                .skip_while(|w| *w != "index")
                .nth(1)
                .and_then(|ms| ms.parse::<f64>().ok())
        })
        .ok_or("no `search index` stage in agora's profile output")?;

    // agora's index files.
    let mut index_files = Vec::new();
    let mut client = (0u64, 0u64);
    for entry in std::fs::read_dir(agora_out.join("search")).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !name.ends_with(".js") {
            continue;
        }
        let size = std::fs::metadata(&path).map_err(|e| e.to_string())?.len();
        if name.starts_with("agora-search.") {
            client = (size, gzip_size(&path)?);
        } else {
            index_files.push(path);
        }
    }
    let index_bytes: u64 = index_files
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    let mut index_gzip = 0;
    for p in &index_files {
        index_gzip += gzip_size(p)?;
    }

    // Words: the most frequent English surface form, and one found in a single document.
    let (common, rare) = pick_words(&agora_out.join("search"))?;

    // Pagefind.
    let pagefind_dir = package.join("benches/pagefind");
    let pagefind_bin = pagefind_dir.join("node_modules/@pagefind/linux-x64/bin/pagefind_extended");
    let with_pagefind = std::env::var("PAGEFIND").map_or(true, |v| v != "0");
    let mut pagefind = None;
    if with_pagefind {
        if !pagefind_bin.is_file() {
            return Err(format!(
                "Pagefind is not installed: run `npm ci` in {} (or PAGEFIND=0 to leave it out)",
                pagefind_dir.display()
            ));
        }
        println!("running Pagefind on {} ...", plain_out.display());
        let mut command = Command::new(&pagefind_bin);
        command.arg("--site").arg(&plain_out);
        let m = measure(&mut command)?;
        let (files, size) =
            hub_gen::count_files(&plain_out.join("pagefind")).map_err(|e| e.to_string())?;
        pagefind = Some((m, files, size));
    }

    println!();
    println!(
        "index build             agora {:>10}   (the `search index` stage; whole build {} → {})",
        format!("{:.0} ms", stage_ms),
        secs(plain.wall),
        secs(with_search.wall)
    );
    println!(
        "peak memory of build    agora {:>10} → {} with search (+{})",
        mb(plain.peak_kib),
        mb(with_search.peak_kib),
        mb(with_search.peak_kib.saturating_sub(plain.peak_kib))
    );
    println!(
        "index files             agora {:>10}   {} stored, {} gzipped; {:.0} pages per file (+ client {} / {} gzipped); {:.1} source documents per file, client included",
        index_files.len(),
        kb(index_bytes),
        kb(index_gzip),
        documents as f64 / index_files.len().max(1) as f64,
        kb(client.0),
        kb(client.1),
        summary.source_documents as f64 / (index_files.len() + 1) as f64
    );
    if let Some((m, files, size)) = &pagefind {
        println!(
            "Pagefind 1.6            time {}  peak memory {}  files {}  size {} ({:.1} documents per file)",
            secs(m.wall),
            mb(m.peak_kib),
            files,
            kb(*size),
            documents as f64 / (*files).max(1) as f64
        );
    }

    if with_pagefind {
        println!(
            "\nfirst query in a fresh page, measured in Chromium (10 results shown; engine = scripts/WebAssembly, data = index files):"
        );
        let output = Command::new("node")
            .current_dir(&pagefind_dir)
            .arg("measure.mjs")
            .arg(&agora_out)
            .arg(&plain_out)
            .arg("en")
            .arg("10")
            .arg(&common)
            .arg(&rare)
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run node: {e}"))?;
        if !output.status.success() {
            return Err("measure.mjs failed".into());
        }
        println!(
            "{:<9} {:<16} {:>7} {:>11} {:>11} {:>7} {:>11} {:>11}",
            "tool", "word", "data n", "data", "data gzip", "eng n", "engine", "engine gz"
        );
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let Ok(v) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            let n = |k: &str| v[k].as_u64().unwrap_or(0);
            println!(
                "{:<9} {:<16} {:>7} {:>11} {:>11} {:>7} {:>11} {:>11}   {}",
                v["tool"].as_str().unwrap_or("?"),
                v["word"].as_str().unwrap_or("?"),
                n("data_files"),
                kb(n("data_bytes")),
                kb(n("data_wire")),
                n("engine_files"),
                kb(n("engine_bytes")),
                kb(n("engine_wire")),
                v.get("status")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("{} results", n("count"))),
            );
        }
    }
    Ok(())
}

/// Runs a command to the end; its wall time, peak memory and output.
fn measure(command: &mut Command) -> Result<Measured, String> {
    let log_path =
        std::env::temp_dir().join(format!("agora-search-bench-{}.log", std::process::id()));
    let log = std::fs::File::create(&log_path).map_err(|e| e.to_string())?;
    let log_err = log.try_clone().map_err(|e| e.to_string())?;
    command.stdin(Stdio::null()).stdout(log).stderr(log_err);
    let start = Instant::now();
    let child = command.spawn().map_err(|e| e.to_string())?;
    let waited = child_usage::wait(child).map_err(|e| e.to_string())?;
    let wall = start.elapsed();
    let log = std::fs::read_to_string(&log_path).unwrap_or_default();
    let _ = std::fs::remove_file(&log_path);
    if !waited.succeeded {
        return Err(format!("{command:?} failed:\n{log}"));
    }
    let _ = waited.cpu;
    Ok(Measured {
        wall,
        peak_kib: waited.peak_rss_kib.unwrap_or(0),
        log,
    })
}

fn gzip_size(path: &Path) -> Result<u64, String> {
    let out = Command::new("gzip")
        .arg("-c")
        .arg("-9")
        .arg(path)
        .output()
        .map_err(|e| format!("gzip: {e}"))?;
    Ok(out.stdout.len() as u64)
}

/// The data of an index file (`agoraSearch("name",DATA);`).
fn read_index_file(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let start = text.find(',').ok_or("not an index file")? + 1;
    let end = text.rfind(");").ok_or("not an index file")?;
    serde_json::from_str(&text[start..end]).map_err(|e| e.to_string())
}

/// The English surface form with the most documents, and the one of at
/// least six letters found in the fewest.
fn pick_words(dir: &Path) -> Result<(String, String), String> {
    let manifest = read_index_file(&dir.join("en.js"))?;
    let mut best: (usize, String) = (0, String::new());
    let mut rare: (usize, String) = (usize::MAX, String::new());
    for chunk in manifest["chunks"].as_array().ok_or("no chunks")? {
        let name = chunk[1].as_str().ok_or("bad chunk")?;
        let data = read_index_file(&dir.join(format!("{name}.js")))?;
        let words = data["w"].as_array().ok_or("bad chunk")?;
        for (i, w) in words.iter().enumerate() {
            let word = w.as_str().unwrap_or("");
            let first = match &data["s"][i] {
                Value::Array(a) => a[0].as_u64().unwrap_or(0),
                v => v.as_u64().unwrap_or(0),
            } as usize;
            let postings = data["p"][first].as_str().unwrap_or("");
            let df = agora::search::layout::decode_postings(postings).len();
            if word.len() > 3 && word.chars().all(|c| c.is_ascii_lowercase()) {
                if df > best.0 {
                    best = (df, word.to_string());
                }
                if df < rare.0 && word.len() >= 6 {
                    rare = (df, word.to_string());
                }
            }
        }
    }
    println!(
        "words: `{}` ({} English documents), `{}` ({} English document(s))",
        best.1, best.0, rare.1, rare.0
    );
    Ok((best.1, rare.1))
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn mb(kib: u64) -> String {
    format!("{:.0} MB", kib as f64 * 1024.0 / 1e6)
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}
