//! Live-reload benchmark: starts `agora serve` on a site, edits one document
//! the way an editor saves it, and measures the time from the save to the
//! reload message on the LiveReload WebSocket. It measures and reports; it
//! never asserts timings.
//!
//! ```text
//! cargo bench --bench serve_reload                          # the demo hub
//! cargo bench --bench hub_build -- --generate-only          # then, on 10,000 documents:
//! AGORA_SERVE_SITE=target/bench-hub cargo bench --bench serve_reload
//! ```
//!
//! Environment: `AGORA_SERVE_SITE` (the site, default the repository root),
//! `AGORA_BIN` (default the release build), `AGORA_SERVE_RUNS` (edits of
//! each kind, default 3). The edited file is restored at the end.
//! Each time includes the server's debounce (`--debounce`, set to 50 ms here).

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

const DEBOUNCE_MS: u64 = 50;

/// Timed edits: how long each took, and what the server said.
type Edits = Vec<(Duration, String)>;

struct Server {
    child: Child,
    lines: Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn wait_for(&self, needle: &str, limit: Duration) -> Result<String, String> {
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return Ok(line),
                Ok(_) => continue,
                Err(_) => return Err(format!("the server never printed `{needle}`")),
            }
        }
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("serve_reload: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = std::env::var_os("AGORA_SERVE_SITE")
        .map(|s| repo.join(PathBuf::from(s)))
        .unwrap_or_else(|| repo.to_path_buf());
    let agora = std::env::var_os("AGORA_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("target/release/agora"));
    let runs: usize = std::env::var("AGORA_SERVE_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    if !agora.is_file() {
        return Err(format!(
            "no agora binary at {}; build it with `cargo build --release` (or set AGORA_BIN)",
            agora.display()
        ));
    }
    let document = first_document(&site.join("content"))
        .ok_or_else(|| format!("no document under {}/content", site.display()))?;
    let original = std::fs::read_to_string(&document).map_err(|e| e.to_string())?;
    println!("site: {}", site.display());
    println!(
        "edited document: {}",
        document.strip_prefix(&site).unwrap_or(&document).display()
    );

    let started = Instant::now();
    let server = start(&agora, &site)?;
    let port_line = server.wait_for("Serving at", Duration::from_secs(600))?;
    let first_build = started.elapsed();
    let port: u16 = port_line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .ok_or("no port in the server's output")?;
    let mut ws = connect(port)?;

    let result = (|| -> Result<(Edits, Edits), String> {
        let mut body_edits = Vec::new();
        for n in 0..runs {
            let edited = format!("{original}\n\nA sentence saved by the benchmark, edit {n}.\n");
            body_edits.push(edit_and_wait(&server, &mut ws, &document, &edited)?);
        }
        let mut title_edits = Vec::new();
        for n in 0..runs {
            let edited = retitle(&original, n).ok_or("no title line to edit")?;
            title_edits.push(edit_and_wait(&server, &mut ws, &document, &edited)?);
        }
        Ok((body_edits, title_edits))
    })();
    std::fs::write(&document, &original).map_err(|e| e.to_string())?;
    let (body_edits, title_edits) = result?;

    println!("first build and start:     {:>9.0} ms", ms(first_build));
    report("body edit → reload", &body_edits);
    report("title edit → reload", &title_edits);
    println!("(times include the {DEBOUNCE_MS} ms debounce)");
    Ok(())
}

fn report(what: &str, edits: &[(Duration, String)]) {
    let times: Vec<String> = edits
        .iter()
        .map(|(t, _)| format!("{:.0}", ms(*t)))
        .collect();
    let best = edits.iter().map(|(t, _)| *t).min().unwrap_or_default();
    println!(
        "{what:<26} {:>9.0} ms best  (runs: {} ms)",
        ms(best),
        times.join(", ")
    );
    if let Some((_, line)) = edits.last() {
        println!("  server: {}", line.trim());
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn start(agora: &Path, site: &Path) -> Result<Server, String> {
    let mut child = Command::new(agora)
        .current_dir(site)
        .args([
            "serve",
            "--port",
            "0",
            "--debounce",
            &DEBOUNCE_MS.to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", agora.display()))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let (tx, lines) = channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 {
            let _ = tx.send(std::mem::take(&mut line));
        }
    });
    Ok(Server { child, lines })
}

fn connect(port: u16) -> Result<tungstenite::WebSocket<TcpStream>, String> {
    let stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(600)))
        .map_err(|e| e.to_string())?;
    let (mut ws, _) = tungstenite::client(format!("ws://127.0.0.1:{port}/livereload"), stream)
        .map_err(|e| e.to_string())?;
    ws.read().map_err(|e| e.to_string())?;
    Ok(ws)
}

/// Saves `text` into `file` and returns the time until the reload message,
/// with the server's "Rebuilt …" line.
fn edit_and_wait(
    server: &Server,
    ws: &mut tungstenite::WebSocket<TcpStream>,
    file: &Path,
    text: &str,
) -> Result<(Duration, String), String> {
    // Let a previous save settle: no reload message or output line left over.
    std::thread::sleep(Duration::from_millis(300));
    let stream = ws.get_mut();
    stream
        .set_read_timeout(Some(Duration::from_millis(50)))
        .map_err(|e| e.to_string())?;
    while ws.read().is_ok() {}
    ws.get_mut()
        .set_read_timeout(Some(Duration::from_secs(600)))
        .map_err(|e| e.to_string())?;
    while server.lines.try_recv().is_ok() {}

    let saved = Instant::now();
    std::fs::write(file, text).map_err(|e| e.to_string())?;
    loop {
        match ws.read().map_err(|e| e.to_string())? {
            tungstenite::Message::Text(t) if t.contains("\"reload\"") => break,
            _ => continue,
        }
    }
    let elapsed = saved.elapsed();
    let line = server.wait_for("Rebuilt", Duration::from_secs(5))?;
    Ok((elapsed, line))
}

fn retitle(source: &str, n: usize) -> Option<String> {
    for prefix in ["title = \"", "title: \"", "title: "] {
        if source.contains(prefix) {
            return Some(source.replacen(prefix, &format!("{prefix}Edited {n}: "), 1));
        }
    }
    None
}

/// The first document (not a section, not a translation) under `content`.
fn first_document(content: &Path) -> Option<PathBuf> {
    let mut dirs = vec![content.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for path in &entries {
            let name = path.file_name()?.to_string_lossy();
            if path.is_file()
                && name.ends_with(".md")
                && !name.starts_with('_')
                && name.matches('.').count() == 1
                && dir != content
            {
                return Some(path.clone());
            }
        }
        dirs.extend(entries.into_iter().filter(|p| p.is_dir()).rev());
    }
    None
}
