//! `agora serve`: builds the site into memory with the same code as
//! `agora build`, serves it over HTTP (axum), watches the sources (notify)
//! and tells browsers to reload over the LiveReload WebSocket protocol.
//! A build error never stops the server: it is shown in the terminal and as
//! an overlay in the browser until the file is fixed. No site logic here.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use notify::RecursiveMode;
use tokio::sync::broadcast;

use crate::artifact::OutputData;
use crate::error::{Error, Result};
use crate::{BuildOptions, fs};

pub mod incremental;

use incremental::{ChangeKind, Rebuilder};

const LIVERELOAD_JS: &str = include_str!("livereload.js");

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub interface: IpAddr,
    pub port: u16,
    pub no_port_append: bool,
    pub open: bool,
    pub store_html: bool,
    /// Re-render only the edited documents' own pages.
    pub fast: bool,
    pub extra_watch_paths: Vec<PathBuf>,
    pub debounce: Duration,
}

/// What the server holds: the last good build and the last error, if any.
#[derive(Default)]
struct Served {
    files: HashMap<String, OutputData>,
    error: Option<String>,
}

#[derive(Clone)]
struct AppState {
    served: Arc<RwLock<Served>>,
    reload: broadcast::Sender<String>,
}

/// Finds a free port, starting at `port` (Zola's behaviour when 1111 is taken).
fn bind_listener(interface: IpAddr, port: u16) -> Result<TcpListener> {
    for candidate in port..port.saturating_add(100) {
        if let Ok(l) = TcpListener::bind(SocketAddr::new(interface, candidate)) {
            return Ok(l);
        }
    }
    Err(Error::other(format!(
        "no free port from {port} to {} on {interface}",
        port.saturating_add(99)
    )))
}

/// Rebuilds after `change` and puts the result in `served`: every file after a
/// full build, only the re-rendered ones after an incremental one. Returns
/// what to print, or the error to show.
fn rebuild_into(
    rebuilder: &mut Rebuilder,
    options: &BuildOptions,
    change: &ChangeKind,
    store_html: bool,
    served: &RwLock<Served>,
) -> std::result::Result<String, String> {
    let update = rebuilder
        .rebuild(options, change)
        .map_err(|e| e.to_string())?;
    for w in &update.warnings {
        eprintln!("{}\n", w.render());
    }
    let output_dir = &update.output_dir;
    if store_html {
        if update.full {
            crate::output::write_output(&update.files, output_dir, update.preserve_dotfiles)
                .map_err(|e| e.to_string())?;
        } else {
            for file in &update.files {
                let target = output_dir.join(&file.path);
                let written = match &file.data {
                    OutputData::Bytes(b) => fs::write(&target, b),
                    OutputData::Copy(from) => fs::copy(from, &target),
                };
                written.map_err(|e| e.to_string())?;
            }
        }
    }
    let rendered = update.files.len();
    let summary = if update.full {
        format!("{} pages, {rendered} files", update.pages)
    } else if let Some(edit) = update.patched {
        format!("{rendered} of the site's files (incremental, {edit} patched in place)")
    } else {
        format!("{rendered} of the site's files (incremental)")
    };
    let Ok(mut served) = served.write() else {
        return Err("the server's state is poisoned".into());
    };
    if update.outputs.is_some() {
        served.files.clear();
    }
    served
        .files
        .extend(update.files.into_iter().map(|f| (f.path, f.data)));
    served.error = None;
    Ok(summary)
}

pub fn serve(mut options: ServeOptions) -> Result<()> {
    let listener = bind_listener(options.interface, options.port)?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::other(e.to_string()))?;
    let host = match options.interface {
        IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let base_url = match &options.build.base_url {
        Some(url) if options.no_port_append => url.trim_end_matches('/').to_string(),
        Some(url) => format!("{}:{}", url.trim_end_matches('/'), addr.port()),
        None => format!("http://{host}:{}", addr.port()),
    };
    options.build.base_url = Some(base_url.clone());

    let started = Instant::now();
    let (reload, _) = broadcast::channel(16);
    let state = AppState {
        served: Arc::new(RwLock::new(Served::default())),
        reload: reload.clone(),
    };
    let mut rebuilder = Rebuilder::new(options.fast);
    match rebuild_into(
        &mut rebuilder,
        &options.build,
        &ChangeKind::Everything,
        options.store_html,
        &state.served,
    ) {
        Ok(summary) => println!("Built {summary} in {} ms", started.elapsed().as_millis()),
        Err(e) => {
            eprintln!("{e}");
            if let Ok(mut served) = state.served.write() {
                served.error = Some(e);
            }
        }
    }

    let _watcher = start_watcher(&options, state.clone(), rebuilder)?;
    println!("Serving at {base_url}/ (live reload on); press Ctrl+C to stop.");
    if options.open {
        let _ = std::process::Command::new("xdg-open")
            .arg(format!("{base_url}/"))
            .spawn();
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::other(e.to_string()))?;
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::other(e.to_string()))?;
        let listener =
            tokio::net::TcpListener::from_std(listener).map_err(|e| Error::other(e.to_string()))?;
        let app = Router::new()
            .route("/livereload", axum::routing::get(livereload_socket))
            .route(
                "/livereload.js",
                axum::routing::get(|| async {
                    (
                        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                        LIVERELOAD_JS,
                    )
                }),
            )
            .fallback(serve_file)
            .with_state(state);
        axum::serve(listener, app)
            .await
            .map_err(|e| Error::other(e.to_string()))
    })
}

/// Watches the site's sources and rebuilds on change, in a thread of its own.
fn start_watcher(
    options: &ServeOptions,
    state: AppState,
    mut rebuilder: Rebuilder,
) -> Result<
    notify_debouncer_full::Debouncer<
        notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
> {
    let root = fs::canonicalize(&options.build.root)?;
    let (tx, rx) = std::sync::mpsc::channel();
    let mut debouncer = notify_debouncer_full::new_debouncer(options.debounce, None, tx)
        .map_err(|e| Error::other(format!("cannot watch files: {e}")))?;
    let mut watched = Vec::new();
    for name in [
        "config.toml",
        "zola.toml",
        "content",
        "templates",
        "themes",
        "i18n",
        "static",
        "sass",
    ] {
        let p = root.join(name);
        if p.exists() {
            watched.push(p);
        }
    }
    watched.extend(options.extra_watch_paths.iter().map(|p| root.join(p)));
    for p in &watched {
        let mode = if p.is_dir() {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        debouncer.watch(p, mode).map_err(|e| {
            Error::other(format!(
                "cannot watch `{}`: {e}",
                crate::error::display_path(p)
            ))
        })?;
    }
    let build = options.build.clone();
    let store_html = options.store_html;
    let output_dir = build
        .output_dir
        .clone()
        .unwrap_or_else(|| root.join("public"));
    std::thread::spawn(move || {
        for result in rx {
            let Ok(events) = result else { continue };
            // Reading files while building raises access events: only writes count.
            let mut changed: Vec<PathBuf> = events
                .iter()
                .filter(|e| {
                    matches!(
                        e.kind,
                        notify::EventKind::Create(_)
                            | notify::EventKind::Modify(_)
                            | notify::EventKind::Remove(_)
                    )
                })
                .filter(|e| {
                    !matches!(
                        e.kind,
                        notify::EventKind::Modify(notify::event::ModifyKind::Metadata(_))
                    )
                })
                .flat_map(|e| e.paths.iter().cloned())
                .filter(|p| !is_ignored_change(p, &output_dir) && !p.is_dir())
                .collect();
            changed.sort();
            changed.dedup();
            if changed.is_empty() {
                continue;
            }
            let started = Instant::now();
            let names: Vec<String> = changed
                .iter()
                .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
                .collect();
            println!("Change detected: {}", names.join(", "));
            let change = incremental::classify(&changed, &root);
            match rebuild_into(&mut rebuilder, &build, &change, store_html, &state.served) {
                Ok(summary) => {
                    println!("Rebuilt {summary} in {} ms", started.elapsed().as_millis());
                }
                Err(e) => {
                    eprintln!("{e}");
                    if let Ok(mut served) = state.served.write() {
                        served.error = Some(e);
                    }
                }
            }
            let css_only = changed.iter().all(|p| {
                p.extension()
                    .is_some_and(|e| e == "css" || e == "scss" || e == "sass")
            });
            let path = if css_only {
                changed
                    .first()
                    .and_then(|p| p.file_name())
                    .map(|n| format!("/{}", n.to_string_lossy()))
                    .unwrap_or_default()
            } else {
                "/".to_string()
            };
            let _ = state.reload.send(path);
        }
    });
    Ok(debouncer)
}

fn is_ignored_change(path: &Path, output_dir: &Path) -> bool {
    path.starts_with(output_dir)
        // written by resize_image during a rebuild, which serves them itself
        || path
            .parent()
            .is_some_and(|dir| dir.ends_with(Path::new("static").join(crate::render::images::PROCESSED_IMAGES)))
        || path.components().any(|c| {
            let s = c.as_os_str().to_string_lossy();
            s.starts_with(".#")
                || s.ends_with('~')
                || s.ends_with(".swp")
                || s.ends_with(".tmp")
                || s == ".git"
        })
}

async fn livereload_socket(ws: WebSocketUpgrade, State(state): State<AppState>) -> Response {
    let rx = state.reload.subscribe();
    ws.on_upgrade(move |socket| livereload_session(socket, rx))
}

async fn livereload_session(mut socket: WebSocket, mut rx: broadcast::Receiver<String>) {
    let hello = r#"{"command":"hello","protocols":["http://livereload.com/protocols/official-7"],"serverName":"agora"}"#;
    if socket.send(Message::Text(hello.into())).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            msg = socket.recv() => {
                match msg {
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                    Some(Ok(_)) => {}
                }
            }
            path = rx.recv() => {
                let Ok(path) = path else { return };
                let message = serde_json::json!({"command": "reload", "path": path, "liveCSS": true}).to_string();
                if socket.send(Message::Text(message.into())).await.is_err() {
                    return;
                }
            }
        }
    }
}

/// Output path for a request path: `/a/` → `a/index.html`, `/a` → `a/index.html` when that exists.
fn lookup<'a>(
    files: &'a HashMap<String, OutputData>,
    path: &str,
) -> Option<(String, &'a OutputData)> {
    let decoded = percent_decode(path);
    let rel = decoded.trim_start_matches('/');
    let candidates = if rel.is_empty() || rel.ends_with('/') {
        vec![format!("{rel}index.html")]
    } else {
        vec![rel.to_string(), format!("{rel}/index.html")]
    };
    candidates
        .into_iter()
        .find_map(|c| files.get(&c).map(|d| (c, d)))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn mime_for(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

fn escape(s: &str) -> String {
    crate::content::escape_html(s)
}

/// Adds the live-reload script (and the error overlay, if the last build failed) to HTML.
fn inject(html: &str, error: Option<&str>) -> String {
    let mut extra = String::from("<script src=\"/livereload.js\"></script>");
    if let Some(e) = error {
        extra.push_str(&format!(
            "<div id=\"agora-error-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;padding:2rem;font:14px/1.5 ui-monospace,monospace\"><h2 style=\"color:#ff8080;margin-top:0\">agora: the last build failed</h2><pre style=\"white-space:pre-wrap\">{}</pre><p>Fix the file and save: this page reloads by itself.</p></div>",
            escape(e)
        ));
    }
    match html.rfind("</body>") {
        Some(pos) => format!("{}{}{}", &html[..pos], extra, &html[pos..]),
        None => format!("{html}{extra}"),
    }
}

async fn serve_file(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path().to_string();
    let (status, name, bytes, error) = {
        let Ok(served) = state.served.read() else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let error = served.error.clone();
        match lookup(&served.files, &path) {
            Some((name, data)) => (StatusCode::OK, name, read_data(data), error),
            None => {
                if !path.ends_with('/')
                    && served
                        .files
                        .contains_key(&format!("{}/index.html", path.trim_start_matches('/')))
                {
                    return (
                        StatusCode::MOVED_PERMANENTLY,
                        [(header::LOCATION, format!("{path}/"))],
                    )
                        .into_response();
                }
                let body = served
                    .files
                    .get("404.html")
                    .map(read_data)
                    .unwrap_or_else(|| {
                        b"<!doctype html><title>404</title><body><h1>404 Not Found</h1></body>"
                            .to_vec()
                    });
                (StatusCode::NOT_FOUND, "404.html".to_string(), body, error)
            }
        }
    };
    let mime = mime_for(&name);
    if mime.starts_with("text/html") {
        let html = inject(&String::from_utf8_lossy(&bytes), error.as_deref());
        return (status, [(header::CONTENT_TYPE, mime)], html).into_response();
    }
    (status, [(header::CONTENT_TYPE, mime)], bytes).into_response()
}

fn read_data(data: &OutputData) -> Vec<u8> {
    match data {
        OutputData::Bytes(b) => b.clone(),
        OutputData::Copy(p) => fs::read(p).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_resolves_directories_and_files() {
        let mut files = HashMap::new();
        files.insert(
            "index.html".to_string(),
            OutputData::Bytes(b"home".to_vec()),
        );
        files.insert(
            "a b/index.html".to_string(),
            OutputData::Bytes(b"ab".to_vec()),
        );
        files.insert("x.css".to_string(), OutputData::Bytes(b"css".to_vec()));
        assert_eq!(lookup(&files, "/").map(|x| x.0), Some("index.html".into()));
        assert_eq!(
            lookup(&files, "/a%20b/").map(|x| x.0),
            Some("a b/index.html".into())
        );
        assert_eq!(lookup(&files, "/x.css").map(|x| x.0), Some("x.css".into()));
        assert!(lookup(&files, "/nope").is_none());
    }

    #[test]
    fn overlay_is_escaped_and_before_body_end() {
        let html = inject(
            "<html><body><p>x</p></body></html>",
            Some("bad <tag> at a.md:1:2"),
        );
        assert!(html.contains("bad &lt;tag&gt; at a.md:1:2"));
        assert!(html.ends_with("</body></html>"));
        assert!(html.contains("/livereload.js"));
    }
}
