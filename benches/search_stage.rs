//! The search stage alone, for profiling it: loads a generated hub once
//! (`gen/`, the sites `search_index` measures), then builds its search
//! indexes `AGORA_BENCH_RUNS` times in this process and prints, per run,
//! the stage's wall and CPU time and the memory it adds over the loaded
//! site (peak resident set during the stage minus the resident set
//! before it). `search_index` measures whole builds side by side with
//! Pagefind; this one leaves out rendering, so that a change to the index
//! build can be timed and profiled (`perf record -p`) in a minute.
//!
//! ```text
//! AGORA_BENCH_VOCABULARY=large cargo bench --profile profiling --bench search_stage
//! AGORA_STAGE_OUT=/dev/shm/idx ...   # also write the index files there (to diff two versions)
//! ```
//!
//! Environment: `AGORA_BENCH_VOCABULARY` (one of natural, large,
//! agglutinative, chinese), `AGORA_BENCH_DOCS`, `AGORA_BENCH_SEED`,
//! `AGORA_BENCH_SITE` (as in `search_index`), `AGORA_BENCH_RUNS` (default 1),
//! `AGORA_STAGE_OUT`. Set `AGORA_PROFILE=1` for the per-language phases.

#[path = "gen/mod.rs"]
mod hub_gen;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use agora::search::{SearchSource, build_search_files_for};
use agora::{BuildMode, BuildOptions};
use hub_gen::{Vocabulary, env_number};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("search_stage: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A field of `/proc/self/status` in KiB (`VmRSS`, `VmHWM`).
fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// CPU time (user + system) of this process so far, from `/proc/self/stat`.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses): utime and
    // stime are the 12th and 13th of them, in clock ticks (100 a second).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<u64> = rest
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    let ticks = fields.get(11).copied().unwrap_or(0) + fields.get(12).copied().unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

fn data_of(file: &agora::artifact::OutputFile) -> &[u8] {
    match &file.data {
        agora::artifact::OutputData::Bytes(bytes) => bytes,
        agora::artifact::OutputData::Copy(_) => &[],
    }
}

fn run() -> Result<(), String> {
    let name = std::env::var("AGORA_BENCH_VOCABULARY").unwrap_or_else(|_| "natural".into());
    let vocabulary = Vocabulary::parse(name.trim())
        .ok_or_else(|| format!("AGORA_BENCH_VOCABULARY={name}: expected one vocabulary"))?;
    let package = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (site, _) = hub_gen::bench_site(package, vocabulary)?;
    let runs = env_number("AGORA_BENCH_RUNS", 1)?.max(1);
    let site = std::fs::canonicalize(&site).map_err(|e| e.to_string())?;
    let summary = hub_gen::summarise(&site).map_err(|e| e.to_string())?;
    println!(
        "site: {} documents + {} translations; {} files, {:.0} MB",
        summary.source_documents,
        summary.translations,
        summary.files,
        summary.bytes as f64 / 1e6
    );
    let config = hub_gen::write_search_config(&site, vocabulary).map_err(|e| e.to_string())?;

    let clock = Instant::now();
    let build = BuildOptions {
        root: site.clone(),
        config_file: Some(config),
        ..BuildOptions::default()
    };
    let loaded = agora::load_site(&build, BuildMode::Build).map_err(|e| format!("{e:?}"))?;
    println!(
        "site {} loaded in {:.1} s, {} pages; resident {} MB",
        site.display(),
        clock.elapsed().as_secs_f64(),
        loaded.site.lib.pages.len(),
        status_kib("VmRSS:") / 1024
    );
    let source = SearchSource {
        config: &loaded.site.config,
        lib: &loaded.site.lib,
        catalog: &loaded.site.catalog,
    };
    let out = std::env::var_os("AGORA_STAGE_OUT").map(PathBuf::from);
    for run in 1..=runs {
        // The last run writes the files when asked, as `build` would (each
        // as soon as it is made); the others only count them.
        let write = if run == runs { out.as_deref() } else { None };
        if let Some(out) = write {
            hub_gen::remove_dir_if_exists(out).map_err(|e| e.to_string())?;
        }
        let (mut count, mut bytes) = (0usize, 0usize);
        let before = status_kib("VmRSS:");
        // Resets the peak resident set (VmHWM) to the current one.
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let (wall, cpu) = (Instant::now(), cpu_time());
        build_search_files_for(&source, None, &mut |file| {
            let data = data_of(&file);
            count += 1;
            bytes += data.len();
            if let Some(out) = write {
                let path = out.join(&file.path);
                if let Some(parent) = path.parent() {
                    agora::fs::create_dir_all(parent)?;
                }
                agora::fs::write(&path, data)?;
            }
            Ok(())
        })
        .map_err(|e| format!("{e:?}"))?;
        let (wall, cpu) = (wall.elapsed(), cpu_time() - cpu);
        let peak = status_kib("VmHWM:");
        println!(
            "run {run}: search stage {:.2} s wall, {:.2} s CPU; +{} MB peak over the loaded site ({} MB before, {} MB peak); {count} files, {:.1} MB",
            wall.as_secs_f64(),
            cpu.as_secs_f64(),
            peak.saturating_sub(before) / 1024,
            before / 1024,
            peak / 1024,
            bytes as f64 / 1e6
        );
        if let Some(out) = write {
            println!("index files written to {}", out.display());
        }
    }
    Ok(())
}
