//! Build benchmark: generates a realistic multilingual knowledge hub (see
//! `gen/`) and measures how long `agora build` takes on it and how much memory
//! it needs, and the same for Zola when the `ZOLA` variable names its binary.
//! It measures and reports; it never asserts timings.
//!
//! ```text
//! cargo bench --bench hub_build                       # 10,000 documents, 3 runs
//! AGORA_BENCH_DOCS=200 cargo bench --bench hub_build
//! ZOLA=/path/to/zola cargo bench --bench hub_build    # side by side with Zola
//! cargo bench --bench hub_build -- --regenerate       # rewrite the site first
//! ```
//!
//! Options: `--regenerate` (rewrite the site even if it is current),
//! `--generate-only` (write the site and stop). Environment:
//! `AGORA_BENCH_DOCS` (source documents, default 10000), `AGORA_BENCH_RUNS`
//! (runs per tool, best kept, default 3), `AGORA_BENCH_SEED` (default 2018),
//! `AGORA_BENCH_SITE` (default `target/bench-hub`), `AGORA_BENCH_OUT` (where
//! the builds are written, default `target/bench-out`), `AGORA_BIN` (the
//! agora binary, default the release build), `ZOLA` (a Zola binary).
//!
//! The site is regenerated when it is missing, when it was generated with
//! another size or seed, or when `--regenerate` is passed. Each run builds
//! into an output directory removed beforehand (untimed), so both tools
//! always write the whole site. Wall time, CPU time and peak resident memory
//! are those of the child process (wait4 on Linux).

#[path = "gen/child_usage.rs"]
mod child_usage;
#[path = "gen/mod.rs"]
mod hub_gen;

use std::fmt::Write as _;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const USAGE: &str = "usage: cargo bench --bench hub_build [-- --regenerate | --generate-only]\n\
    environment: AGORA_BENCH_DOCS (10000), AGORA_BENCH_RUNS (3), AGORA_BENCH_SEED (2018),\n\
    AGORA_BENCH_SITE (target/bench-hub), AGORA_BENCH_OUT (target/bench-out), AGORA_BIN, ZOLA";

struct Settings {
    site: PathBuf,
    output: PathBuf,
    generator: hub_gen::Options,
    runs: usize,
    regenerate: bool,
    generate_only: bool,
    agora: PathBuf,
    zola: Option<PathBuf>,
}

/// One tool being measured.
struct Tool {
    name: &'static str,
    binary: PathBuf,
    version: String,
    runs: Vec<Run>,
    output_files: usize,
    output_bytes: u64,
}

/// One timed build.
#[derive(Clone, Copy)]
struct Run {
    wall: Duration,
    cpu: Option<Duration>,
    peak_rss_kib: Option<u64>,
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(error) => {
            eprintln!("hub_build: error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<ExitCode, String> {
    let Some(settings) = read_settings()? else {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    };

    let (summary, generated_in) = prepare_site(&settings)?;
    println!(
        "site: {} — {} documents + {} translations, {} files, {}",
        settings.site.display(),
        group(summary.source_documents as u64),
        group(summary.translations as u64),
        group(summary.files as u64),
        bytes(summary.bytes)
    );
    match generated_in {
        Some(time) => println!("generated in {}", seconds(time)),
        None => println!("reused (pass --regenerate to write it again)"),
    }
    if settings.generate_only {
        return Ok(ExitCode::SUCCESS);
    }

    if !settings.agora.is_file() {
        eprintln!(
            "hub_build: no agora binary at {}\n\
             Build it first with `cargo build --release` (or set AGORA_BIN).",
            settings.agora.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    let mut tools = vec![Tool::new("agora", settings.agora.clone())];
    if let Some(zola) = &settings.zola {
        if !zola.is_file() {
            return Err(format!(
                "ZOLA names {}, which is not a file",
                zola.display()
            ));
        }
        tools.push(Tool::new("zola", zola.clone()));
    }

    std::fs::create_dir_all(&settings.output)
        .map_err(|e| format!("{}: {e}", settings.output.display()))?;
    println!(
        "{} run(s) per tool on {} CPU(s); output in {}",
        settings.runs,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        settings.output.display()
    );
    // Interleave the tools so that neither always runs on a warmer machine.
    for run in 1..=settings.runs {
        for tool in &mut tools {
            let measured = build_once(tool, &settings)?;
            println!(
                "  {:<6} run {run}/{}: {:>9}  peak RSS {:>9}",
                tool.name,
                settings.runs,
                seconds(measured.wall),
                measured
                    .peak_rss_kib
                    .map_or("n/a".into(), |kib| bytes(kib * 1024)),
            );
            tool.runs.push(measured);
        }
    }
    for tool in &mut tools {
        let dir = output_dir(&settings, tool.name);
        let (files, size) = hub_gen::count_files(&dir).map_err(|e| e.to_string())?;
        tool.output_files = files;
        tool.output_bytes = size;
    }

    println!();
    print!("{}", report(&tools, settings.runs));
    if tools.len() == 2 {
        println!(
            "\ncompare the outputs: python3 benches/compare_outputs.py {} {}",
            output_dir(&settings, "zola").display(),
            output_dir(&settings, "agora").display()
        );
    } else {
        println!("\nset ZOLA=/path/to/zola to measure Zola on the same site");
    }
    Ok(ExitCode::SUCCESS)
}

fn read_settings() -> Result<Option<Settings>, String> {
    let mut regenerate = false;
    let mut generate_only = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--regenerate" => regenerate = true,
            "--generate-only" => generate_only = true,
            // Passed by `cargo bench` to every bench target.
            "--bench" => {}
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    let package = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path_var = |name: &str, default: &str| {
        std::env::var_os(name).map_or_else(|| package.join(default), PathBuf::from)
    };
    // Cargo builds the binary for benchmarks and says where; fall back to the
    // usual release path when this program runs outside `cargo bench`.
    let built_agora = option_env!("CARGO_BIN_EXE_agora")
        .map_or_else(|| package.join("target/release/agora"), PathBuf::from);
    Ok(Some(Settings {
        site: path_var("AGORA_BENCH_SITE", "target/bench-hub"),
        output: path_var("AGORA_BENCH_OUT", "target/bench-out"),
        generator: hub_gen::Options {
            documents: number_var("AGORA_BENCH_DOCS", 10_000)?,
            seed: number_var("AGORA_BENCH_SEED", 2018)?,
        },
        runs: number_var("AGORA_BENCH_RUNS", 3)?.max(1),
        regenerate,
        generate_only,
        agora: std::env::var_os("AGORA_BIN").map_or(built_agora, PathBuf::from),
        zola: std::env::var_os("ZOLA")
            .filter(|z| !z.is_empty())
            .map(PathBuf::from),
    }))
}

fn number_var<T: std::str::FromStr>(name: &str, default: T) -> Result<T, String> {
    match std::env::var(name) {
        Ok(text) => text
            .trim()
            .replace('_', "")
            .parse()
            .map_err(|_| format!("{name}={text} is not a whole number")),
        Err(_) => Ok(default),
    }
}

/// Generates the site when needed; returns its summary and the time taken
/// to generate it (`None` when an existing site was reused).
fn prepare_site(settings: &Settings) -> Result<(hub_gen::Summary, Option<Duration>), String> {
    let options = &settings.generator;
    if options.documents == 0 {
        return Err("AGORA_BENCH_DOCS must be at least 1".into());
    }
    if !settings.regenerate && hub_gen::is_current(&settings.site, options) {
        let summary = hub_gen::summarise(&settings.site).map_err(|e| e.to_string())?;
        return Ok((summary, None));
    }
    if settings.site.exists() && !settings.regenerate {
        println!(
            "the site at {} was generated with other settings",
            settings.site.display()
        );
    }
    println!(
        "generating {} documents (seed {}) in {} ...",
        group(options.documents as u64),
        options.seed,
        settings.site.display()
    );
    let start = Instant::now();
    let summary = hub_gen::generate(&settings.site, options).map_err(|e| e.to_string())?;
    Ok((summary, Some(start.elapsed())))
}

impl Tool {
    fn new(name: &'static str, binary: PathBuf) -> Self {
        let version = Command::new(&binary)
            .arg("--version")
            .output()
            .ok()
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "version unknown".into());
        Tool {
            name,
            binary,
            version,
            runs: Vec::new(),
            output_files: 0,
            output_bytes: 0,
        }
    }

    fn best(&self) -> Run {
        *self
            .runs
            .iter()
            .min_by_key(|run| run.wall)
            .expect("at least one run")
    }

    /// Highest peak over all runs: the memory a user must have available.
    fn peak_rss_kib(&self) -> Option<u64> {
        self.runs.iter().filter_map(|run| run.peak_rss_kib).max()
    }
}

fn output_dir(settings: &Settings, tool: &str) -> PathBuf {
    settings.output.join(format!("{tool}-out"))
}

/// Runs one build of the whole site into a fresh output directory.
fn build_once(tool: &Tool, settings: &Settings) -> Result<Run, String> {
    let output = output_dir(settings, tool.name);
    hub_gen::remove_dir_if_exists(&output).map_err(|e| e.to_string())?;
    let mut command = Command::new(&tool.binary);
    match tool.name {
        "agora" => command.arg("build").arg("--root").arg(&settings.site),
        _ => command.arg("--root").arg(&settings.site).arg("build"),
    };
    command.arg("--output-dir").arg(&output).arg("--force");

    let log_path = settings.output.join(format!("{}.log", tool.name));
    let log = File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
    let log_err = log.try_clone().map_err(|e| e.to_string())?;
    command.stdin(Stdio::null()).stdout(log).stderr(log_err);

    let (succeeded, run) = time_child(&mut command)
        .map_err(|e| format!("cannot run {}: {e}", tool.binary.display()))?;
    if !succeeded {
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(30).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!(
            "{} failed on {}; the end of its output ({}):\n{}",
            tool.name,
            settings.site.display(),
            log_path.display(),
            tail.join("\n")
        ));
    }
    Ok(run)
}

/// Runs the command to completion; returns whether it succeeded and what it
/// cost.
fn time_child(command: &mut Command) -> io::Result<(bool, Run)> {
    let start = Instant::now();
    let child = command.spawn()?;
    let waited = child_usage::wait(child)?;
    let wall = start.elapsed();
    Ok((
        waited.succeeded,
        Run {
            wall,
            cpu: waited.cpu,
            peak_rss_kib: waited.peak_rss_kib,
        },
    ))
}

/// The results as a table, tools side by side, with agora's ratios to Zola.
fn report(tools: &[Tool], runs: usize) -> String {
    let cell =
        |tool: Option<&Tool>, show: &dyn Fn(&Tool) -> String| tool.map(show).unwrap_or_default();
    let (agora, zola) = (&tools[0], tools.get(1));
    // Zola's cost divided by agora's, when both are known.
    let ratio = |cost: &dyn Fn(&Tool) -> Option<f64>| match (cost(agora), zola.and_then(cost)) {
        (Some(a), Some(z)) if a > 0.0 && z > 0.0 => Some(z / a),
        _ => None,
    };
    let wall = |t: &Tool| Some(t.best().wall.as_secs_f64());
    let cpu = |t: &Tool| t.best().cpu.map(|c| c.as_secs_f64());
    let rss = |t: &Tool| t.peak_rss_kib().map(|k| k as f64);
    let show_wall = |t: &Tool| seconds(t.best().wall);
    let show_cpu = |t: &Tool| t.best().cpu.map_or("n/a".into(), seconds);
    let show_rss = |t: &Tool| {
        t.peak_rss_kib()
            .map_or("n/a".into(), |kib| bytes(kib * 1024))
    };
    let show_files = |t: &Tool| group(t.output_files as u64);
    let show_size = |t: &Tool| bytes(t.output_bytes);
    let show_runs = |t: &Tool| {
        let walls: Vec<String> = t
            .runs
            .iter()
            .map(|r| format!("{:.2}", r.wall.as_secs_f64()))
            .collect();
        format!("{} s", walls.join(" "))
    };

    let rows: Vec<[String; 4]> = vec![
        [
            String::new(),
            agora.name.into(),
            zola.map(|z| z.name.into()).unwrap_or_default(),
            zola.map(|_| "agora vs zola".into()).unwrap_or_default(),
        ],
        [
            format!("wall time (best of {runs})"),
            show_wall(agora),
            cell(zola, &show_wall),
            ratio(&wall)
                .map(|r| times(r, "faster", "slower"))
                .unwrap_or_default(),
        ],
        [
            "CPU time of that run".into(),
            show_cpu(agora),
            cell(zola, &show_cpu),
            ratio(&cpu)
                .map(|r| times(r, "less CPU", "more CPU"))
                .unwrap_or_default(),
        ],
        [
            "peak RSS (max of runs)".into(),
            show_rss(agora),
            cell(zola, &show_rss),
            ratio(&rss)
                .map(|r| format!("{:.0}% of zola's memory", 100.0 / r))
                .unwrap_or_default(),
        ],
        [
            "output files".into(),
            show_files(agora),
            cell(zola, &show_files),
            String::new(),
        ],
        [
            "output size".into(),
            show_size(agora),
            cell(zola, &show_size),
            String::new(),
        ],
        [
            "all runs".into(),
            show_runs(agora),
            cell(zola, &show_runs),
            String::new(),
        ],
    ];

    let mut widths = [0usize; 4];
    for row in &rows {
        for (width, text) in widths.iter_mut().zip(row) {
            *width = (*width).max(text.chars().count());
        }
    }
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let mut line = format!("{:<w$}", row[0], w = widths[0]);
        for (text, &width) in row.iter().zip(&widths).skip(1) {
            if width > 0 {
                let _ = write!(line, "  {text:>width$}");
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
        if i == 0 {
            let used: Vec<usize> = widths.iter().copied().filter(|&w| w > 0).collect();
            let rule = used.iter().sum::<usize>() + 2 * (used.len() - 1);
            let _ = writeln!(out, "{}", "-".repeat(rule));
        }
    }
    for tool in tools {
        let _ = writeln!(
            out,
            "{}: {} ({})",
            tool.name,
            tool.version,
            tool.binary.display()
        );
    }
    out
}

/// A ratio of Zola's cost to agora's, said the readable way round.
fn times(ratio: f64, better: &str, worse: &str) -> String {
    if (0.95..=1.05).contains(&ratio) {
        "about the same".into()
    } else if ratio > 1.0 {
        format!("{ratio:.1}x {better}")
    } else {
        format!("{:.1}x {worse}", 1.0 / ratio)
    }
}

fn seconds(time: Duration) -> String {
    format!("{:.2} s", time.as_secs_f64())
}

fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if n < 1000 {
        return format!("{n} B");
    }
    let mut value = n as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// 12345 -> "12,345".
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
