//! Search benchmark: agora's own search index side by side with Pagefind 1.6
//! on the generated hub of `hub_build` (10,000 documents in four languages,
//! see `gen/`), in four vocabularies. It measures and reports; it never
//! asserts.
//!
//! ```text
//! cargo bench --bench search_index                     # natural vocabulary
//! AGORA_BENCH_VOCABULARY=all cargo bench --bench search_index
//! AGORA_BENCH_DOCS=500 AGORA_BENCH_VOCABULARY=large cargo bench --bench search_index
//! ```
//!
//! Vocabularies (`AGORA_BENCH_VOCABULARY`, a comma-separated list or `all`):
//! `natural` (English, French, Russian, Arabic from word lists),
//! `large` (Russian and Arabic words mostly random: millions of forms),
//! `agglutinative` (Kyrgyz in place of Arabic, word forms drawn so that
//! distinct forms grow with tokens as Heaps' law with β ≈ 0.7) and
//! `chinese` (Chinese in place of Arabic, real characters, no spaces).
//!
//! What it does for each:
//! 1. counts the tokens and distinct forms of the site's third and fourth
//!    languages, and the Heaps exponent between half and all of their text;
//! 2. builds the site with agora twice, without search (its own config) and
//!    with it (`bench-search.toml`: the same config plus `[agora.search]`,
//!    placeholders off so that both builds write the same pages), each with
//!    `AGORA_PROFILE=1`: the "search index" stage is the index build time;
//!    wall time and peak memory of both builds are compared;
//! 3. counts agora's index files (`search/`, the client apart) and their
//!    size, as stored and gzipped;
//! 4. runs Pagefind (`benches/pagefind`, `npm ci` there first) on the site
//!    built without search: time, peak memory, files, size;
//! 5. picks, in the vocabulary's own language (English, Russian, Kyrgyz,
//!    Chinese), the most common word, a word of one document and the first
//!    two letters of the common word (one character in Chinese) and, in
//!    headless Chromium (`benches/pagefind/measure.mjs`), runs each as the
//!    first query of a fresh page with both tools, recording every byte
//!    fetched and its gzipped size.
//!
//! Environment: `AGORA_BENCH_DOCS`, `AGORA_BENCH_SEED` (as in `hub_build`),
//! `AGORA_BENCH_SITE` (default `target/bench-hub`, `target/bench-hub-<vocabulary>`
//! for the others), `AGORA_BENCH_OUT` (default `target/bench-out`),
//! `AGORA_BENCH_RUNS` (agora builds per configuration, taking turns,
//! medians kept, default 3),
//! `AGORA_BIN`, `CHROMIUM` (default `/usr/bin/chromium`), `PAGEFIND=0` to
//! leave Pagefind out.

#[path = "gen/child_usage.rs"]
mod child_usage;
#[path = "gen/mod.rs"]
mod hub_gen;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use hub_gen::{Vocabulary, env_number};
use serde_json::Value;

struct Measured {
    wall: Duration,
    cpu: Duration,
    peak_kib: u64,
    log: String,
}

/// The run of median wall time (of the later one of two).
fn median_run(mut runs: Vec<Measured>) -> Measured {
    runs.sort_by_key(|m| m.wall);
    runs.swap_remove(runs.len() / 2)
}

/// What one first query fetched: files, bytes as sent (gzip), results.
#[derive(Default, Clone)]
struct Query {
    word: String,
    files: u64,
    wire: u64,
    status: String,
}

/// Everything measured on one site.
#[derive(Default)]
struct Report {
    vocabulary: &'static str,
    /// (language, tokens, distinct forms, Heaps exponent).
    forms: Vec<(String, usize, usize, f64)>,
    stage_ms: f64,
    plain_wall: Duration,
    search_wall: Duration,
    /// CPU time of the builds (the machine may be shared).
    plain_cpu: Duration,
    search_cpu: Duration,
    plain_peak: u64,
    search_peak: u64,
    files: usize,
    bytes: u64,
    gzip: u64,
    pagefind: Option<(Duration, u64, usize, u64)>,
    pagefind_cpu: Duration,
    /// agora's and Pagefind's first queries: common, rare, prefix.
    agora_queries: Vec<Query>,
    pagefind_queries: Vec<Query>,
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

fn run() -> Result<(), String> {
    let names = std::env::var("AGORA_BENCH_VOCABULARY").unwrap_or_else(|_| "natural".into());
    let vocabularies: Vec<Vocabulary> = if names.trim() == "all" {
        vec![
            Vocabulary::Natural,
            Vocabulary::Large,
            Vocabulary::Agglutinative,
            Vocabulary::Chinese,
        ]
    } else {
        names
            .split(',')
            .map(|n| {
                Vocabulary::parse(n.trim()).ok_or_else(|| {
                    format!(
                        "AGORA_BENCH_VOCABULARY={n}: expected natural, large, agglutinative, chinese or all"
                    )
                })
            })
            .collect::<Result<_, _>>()?
    };
    let mut reports = Vec::new();
    for vocabulary in vocabularies {
        println!("\n=== {} vocabulary ===", vocabulary.name());
        reports.push(measure_site(vocabulary)?);
    }
    print_table(&reports);
    Ok(())
}

fn measure_site(vocabulary: Vocabulary) -> Result<Report, String> {
    let package = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::env::var_os("AGORA_BENCH_OUT")
        .map_or_else(|| package.join("target/bench-out"), PathBuf::from);
    let runs = env_number("AGORA_BENCH_RUNS", 3)?.max(1);
    let agora = std::env::var_os("AGORA_BIN").map_or_else(
        || {
            option_env!("CARGO_BIN_EXE_agora")
                .map_or_else(|| package.join("target/release/agora"), PathBuf::from)
        },
        PathBuf::from,
    );
    let mut report = Report {
        vocabulary: vocabulary.name(),
        ..Report::default()
    };

    let (site, _) = hub_gen::bench_site(package, vocabulary)?;
    let summary = hub_gen::summarise(&site).map_err(|e| e.to_string())?;
    let documents = summary.source_documents + summary.translations;
    println!(
        "site: {} — {} documents + {} translations = {} pages to index",
        site.display(),
        summary.source_documents,
        summary.translations,
        documents
    );
    let langs: Vec<&str> = vocabulary.languages().iter().map(|l| l.code).collect();
    for lang in &langs[2..] {
        let (tokens, forms, beta) = vocabulary_of(&site, lang)?;
        println!(
            "{lang}: {tokens} tokens, {forms} distinct forms (Heaps exponent {beta:.2} between half and all of the text)"
        );
        report.forms.push((lang.to_string(), tokens, forms, beta));
    }

    hub_gen::write_search_config(&site, vocabulary).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let out = std::fs::canonicalize(&out).map_err(|e| e.to_string())?;
    let plain_out = out.join(format!("search-plain-{}", vocabulary.name()));
    let agora_out = out.join(format!("search-agora-{}", vocabulary.name()));

    // Each configuration's runs, the plain and the search builds taking
    // turns, so that a change of the machine's load falls on both.
    let build = |config: &str, dest: &Path| -> Result<Measured, String> {
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
        measure(&mut command)
    };
    let stage_ms = |m: &Measured| {
        m.log
            .lines()
            .find(|l| l.contains("profile: search index"))
            .and_then(|l| {
                l.split_whitespace()
                    .skip_while(|w| *w != "index")
                    .nth(1)
                    .and_then(|ms| ms.parse::<f64>().ok())
            })
            .ok_or("no `search index` stage in agora's profile output")
    };
    println!("building with agora ({runs} run(s) each, taking turns; medians kept) ...");
    let (mut plains, mut searches) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        plains.push(build("config.toml", &plain_out)?);
        searches.push(build("bench-search.toml", &agora_out)?);
    }
    let mut stages = searches
        .iter()
        .map(stage_ms)
        .collect::<Result<Vec<f64>, _>>()?;
    stages.sort_by(f64::total_cmp);
    println!("  search stage of each run: {stages:?} ms");
    report.stage_ms = stages[stages.len() / 2];
    let plain = median_run(plains);
    let with_search = median_run(searches);
    for line in with_search.log.lines().filter(|l| l.contains("search ")) {
        println!("  {}", line.trim());
    }
    report.plain_wall = plain.wall;
    report.search_wall = with_search.wall;
    report.plain_cpu = plain.cpu;
    report.search_cpu = with_search.cpu;
    report.plain_peak = plain.peak_kib;
    report.search_peak = with_search.peak_kib;

    // agora's index files.
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
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        let size = (bytes.len() as u64, gzip_size(&bytes));
        if name.starts_with("agora-search.") {
            client = size;
        } else {
            report.files += 1;
            report.bytes += size.0;
            report.gzip += size.1;
        }
    }

    // Words of the vocabulary's own language.
    let lang = vocabulary.featured();
    let (common, rare) = pick_words(&agora_out.join("search"), lang)?;
    let prefix: String = common
        .chars()
        .take(if lang == "zh" { 1 } else { 2 })
        .collect();

    // Pagefind.
    let pagefind_dir = package.join("benches/pagefind");
    let pagefind_bin = pagefind_dir.join("node_modules/@pagefind/linux-x64/bin/pagefind_extended");
    let with_pagefind = std::env::var("PAGEFIND").map_or(true, |v| v != "0");
    if with_pagefind {
        if !pagefind_bin.is_file() {
            return Err(format!(
                "Pagefind is not installed: run `npm ci` in {} (or PAGEFIND=0 to leave it out)",
                pagefind_dir.display()
            ));
        }
        println!("running Pagefind on {} ...", plain_out.display());
        hub_gen::remove_dir_if_exists(&plain_out.join("pagefind")).map_err(|e| e.to_string())?;
        let mut command = Command::new(&pagefind_bin);
        command.arg("--site").arg(&plain_out);
        let m = measure(&mut command)?;
        let (files, size) =
            hub_gen::count_files(&plain_out.join("pagefind")).map_err(|e| e.to_string())?;
        report.pagefind = Some((m.wall, m.peak_kib, files, size));
        report.pagefind_cpu = m.cpu;
    }

    println!();
    println!(
        "index build             agora {:>10}   (the `search index` stage; whole build {} → {}, CPU {} → {})",
        format!("{:.0} ms", report.stage_ms),
        secs(plain.wall),
        secs(with_search.wall),
        secs(plain.cpu),
        secs(with_search.cpu)
    );
    println!(
        "peak memory of build    agora {:>10} → {} with search (+{})",
        mb(plain.peak_kib),
        mb(with_search.peak_kib),
        mb(with_search.peak_kib.saturating_sub(plain.peak_kib))
    );
    println!(
        "index files             agora {:>10}   {} stored, {} gzipped; {:.0} pages per file (+ client {} / {} gzipped)",
        report.files,
        kb(report.bytes),
        kb(report.gzip),
        documents as f64 / report.files.max(1) as f64,
        kb(client.0),
        kb(client.1),
    );
    if let Some((wall, peak, files, size)) = &report.pagefind {
        println!(
            "Pagefind 1.6            time {}  peak memory {}  files {}  size {} ({:.1} documents per file)",
            secs(*wall),
            mb(*peak),
            files,
            kb(*size),
            documents as f64 / (*files).max(1) as f64
        );
    }

    if with_pagefind {
        println!(
            "\nfirst query in a fresh page, measured in Chromium (10 results shown; engine = scripts/WebAssembly, data = index files; gzip = as a compressing server sends them):"
        );
        let output = Command::new("node")
            .current_dir(&pagefind_dir)
            .arg("measure.mjs")
            .arg(&agora_out)
            .arg(&plain_out)
            .arg(lang)
            .arg("10")
            .arg(&common)
            .arg(&rare)
            .arg(&prefix)
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run node: {e}"))?;
        if !output.status.success() {
            return Err("measure.mjs failed".into());
        }
        println!(
            "{:<9} {:<16} {:>7} {:>11} {:>11} {:>7} {:>11} {:>11} {:>11}",
            "tool",
            "word",
            "data n",
            "data",
            "data gzip",
            "eng n",
            "engine",
            "engine gz",
            "total gz"
        );
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let Ok(v) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            let n = |k: &str| v[k].as_u64().unwrap_or(0);
            let status = v
                .get("status")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| format!("{} results", n("count")));
            println!(
                "{:<9} {:<16} {:>7} {:>11} {:>11} {:>7} {:>11} {:>11} {:>11}   {}",
                v["tool"].as_str().unwrap_or("?"),
                v["word"].as_str().unwrap_or("?"),
                n("data_files"),
                kb(n("data_bytes")),
                kb(n("data_wire")),
                n("engine_files"),
                kb(n("engine_bytes")),
                kb(n("engine_wire")),
                kb(n("data_wire") + n("engine_wire")),
                status,
            );
            let query = Query {
                word: v["word"].as_str().unwrap_or("?").to_string(),
                files: n("data_files") + n("engine_files"),
                wire: n("data_wire") + n("engine_wire"),
                status,
            };
            match v["tool"].as_str() {
                Some("agora") => report.agora_queries.push(query),
                _ => report.pagefind_queries.push(query),
            }
        }
    }
    Ok(report)
}

/// Tokens and distinct forms of a language's documents (words, or character
/// pairs in scripts without spaces, as agora's analysis cuts them,
/// lower-cased), and the Heaps exponent between the first half of its
/// documents and all of them.
fn vocabulary_of(site: &Path, lang: &str) -> Result<(usize, usize, f64), String> {
    let mut files = Vec::new();
    let suffix = format!(".{lang}.md");
    let content = site.join("content");
    for section in std::fs::read_dir(&content).map_err(|e| e.to_string())? {
        let section = section.map_err(|e| e.to_string())?.path();
        if !section.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&section).map_err(|e| e.to_string())? {
            let path = entry.map_err(|e| e.to_string())?.path();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if name.ends_with(&suffix) && !name.starts_with("_index") {
                files.push(path);
            }
        }
    }
    files.sort();
    // Each file's distinct words in parallel, then merged in order.
    use rayon::prelude::*;
    type Set = std::collections::HashSet<String, foldhash::fast::FixedState>;
    let per_file: Vec<(usize, Set)> = files
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
            let mut words = Set::default();
            let mut tokens = 0;
            agora::search::analysis::for_each_word(&text, |word, _| {
                tokens += 1;
                if !words.contains(word) {
                    words.insert(word.to_lowercase());
                }
            });
            Ok((tokens, words))
        })
        .collect::<Result<_, String>>()?;
    let mut seen = Set::default();
    let mut tokens = 0;
    let mut half = (0, 0);
    for (i, (n, words)) in per_file.into_iter().enumerate() {
        if i == files.len() / 2 {
            half = (tokens, seen.len());
        }
        tokens += n;
        seen.extend(words);
    }
    let beta = if half.0 > 0 && half.1 > 0 {
        (seen.len() as f64 / half.1 as f64).ln() / (tokens as f64 / half.0 as f64).ln()
    } else {
        0.0
    };
    Ok((tokens, seen.len(), beta))
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
    Ok(Measured {
        wall,
        cpu: waited.cpu.unwrap_or_default(),
        peak_kib: waited.peak_rss_kib.unwrap_or(0),
        log,
    })
}

fn gzip_size(bytes: &[u8]) -> u64 {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = encoder.write_all(bytes);
    encoder.finish().map_or(0, |v| v.len() as u64)
}

/// The data of an index file (`agoraSearch("name",DATA);`).
fn read_index_file(dir: &Path, name: &str) -> Result<Value, String> {
    let path = dir.join(format!("{name}.js"));
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let start = text.find(',').ok_or("not an index file")? + 1;
    let end = text.rfind(");").ok_or("not an index file")?;
    serde_json::from_str(&text[start..end]).map_err(|e| e.to_string())
}

/// The surface form of `lang` with the most documents, and one of at
/// least six letters (a character pair in Chinese) found in one document.
fn pick_words(dir: &Path, lang: &str) -> Result<(String, String), String> {
    let manifest = read_index_file(dir, lang)?;
    let top = manifest["chunks"].as_array().ok_or("no chunks")?;
    let mut chunks = Vec::new();
    if manifest["chunkPages"].as_bool() == Some(true) {
        for page in top {
            let page = read_index_file(dir, page[1].as_str().ok_or("bad page")?)?;
            chunks.extend(page.as_array().ok_or("bad page")?.iter().cloned());
        }
    } else {
        chunks = top.clone();
    }
    let mut best: (usize, String) = (0, String::new());
    let mut rare: (usize, String) = (usize::MAX, String::new());
    let rare_length = if lang == "zh" { 2 } else { 6 };
    for chunk in &chunks {
        let data = read_index_file(dir, chunk[1].as_str().ok_or("bad chunk")?)?;
        let words = data["w"].as_array().ok_or("bad chunk")?;
        for (i, w) in words.iter().enumerate() {
            let word = w.as_str().unwrap_or("");
            if !word.chars().all(char::is_alphabetic) || word.chars().count() < 2 {
                continue;
            }
            let first = match &data["s"][i] {
                Value::Array(a) => a[0].as_u64().unwrap_or(0),
                v => v.as_u64().unwrap_or(0),
            } as usize;
            let postings = data["p"][first].as_str().unwrap_or("");
            let df = agora::search::layout::decode_postings(postings).len();
            if df > best.0 && (lang == "zh" || word.chars().count() > 3) {
                best = (df, word.to_string());
            }
            if df < rare.0 && word.chars().count() >= rare_length {
                rare = (df, word.to_string());
            }
        }
    }
    println!(
        "words: `{}` ({} documents), `{}` ({} document(s)), in {} chunks",
        best.1,
        best.0,
        rare.1,
        rare.0,
        chunks.len()
    );
    Ok((best.1, rare.1))
}

/// The side-by-side table of every site measured, in Markdown.
fn print_table(reports: &[Report]) {
    println!("\n## agora's search and Pagefind 1.6, side by side\n");
    let mut header = String::from("| |");
    let mut rule = String::from("|---|");
    for r in reports {
        header.push_str(&format!(
            " {} agora | {} Pagefind |",
            r.vocabulary, r.vocabulary
        ));
        rule.push_str("---|---|");
    }
    println!("{header}\n{rule}");
    let row = |label: &str, cell: &dyn Fn(&Report) -> (String, String)| {
        let mut line = format!("| {label} |");
        for r in reports {
            let (a, p) = cell(r);
            line.push_str(&format!(" {a} | {p} |"));
        }
        println!("{line}");
    };
    let none = || "—".to_string();
    row("forms (3rd, 4th language)", &|r| {
        let forms: Vec<String> = r
            .forms
            .iter()
            .map(|(l, t, f, b)| format!("{l}: {f} of {t} tokens, β {b:.2}"))
            .collect();
        (forms.join("; "), none())
    });
    row("index time (Pagefind: wall; CPU)", &|r| {
        (
            format!("{:.2} s", r.stage_ms / 1000.0),
            r.pagefind
                .map_or_else(none, |p| format!("{}; {}", secs(p.0), secs(r.pagefind_cpu))),
        )
    });
    row("build without → with search (wall; CPU)", &|r| {
        (
            format!(
                "{} → {}; {} → {}",
                secs(r.plain_wall),
                secs(r.search_wall),
                secs(r.plain_cpu),
                secs(r.search_cpu)
            ),
            none(),
        )
    });
    row("peak memory", &|r| {
        (
            format!(
                "{} → {} (+{})",
                mb(r.plain_peak),
                mb(r.search_peak),
                mb(r.search_peak.saturating_sub(r.plain_peak))
            ),
            r.pagefind.map_or_else(none, |p| mb(p.1)),
        )
    });
    row("index files", &|r| {
        (
            r.files.to_string(),
            r.pagefind.map_or_else(none, |p| p.2.to_string()),
        )
    });
    row("index size (stored / gzip)", &|r| {
        (
            format!("{} / {}", kb(r.bytes), kb(r.gzip)),
            r.pagefind
                .map_or_else(none, |p| format!("{} (gzipped already)", kb(p.3))),
        )
    });
    for (k, label) in ["common word", "rare word", "two-letter prefix"]
        .iter()
        .enumerate()
    {
        row(&format!("first query, {label} (gzip)"), &|r| {
            let show = |q: Option<&Query>| {
                q.map_or_else(none, |q| {
                    format!("`{}` {} in {} files", q.word, kb(q.wire), q.files)
                })
            };
            (
                show(r.agora_queries.get(k)),
                show(r.pagefind_queries.get(k)),
            )
        });
    }
    row("results shown", &|r| {
        let list = |qs: &[Query]| {
            qs.iter()
                .map(|q| q.status.clone())
                .collect::<Vec<_>>()
                .join("; ")
        };
        (list(&r.agora_queries), list(&r.pagefind_queries))
    });
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
