//! `agora serve`: pages over HTTP, reload messages over the LiveReload
//! WebSocket after an edit, and an error overlay that clears when fixed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::TestSite;

struct Server {
    child: Child,
    port: u16,
    /// What the server prints after starting, line by line.
    lines: std::sync::mpsc::Receiver<String>,
}

impl Server {
    /// Waits for the next line the server prints that contains `needle`.
    fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => continue,
                Err(e) => panic!("the server never printed `{needle}`: {e}"),
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &TestSite) -> Server {
    start_with(site, &[])
}

fn start_with(site: &TestSite, more: &[&str]) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_agora"))
        .current_dir(&site.root)
        .args(["serve", "--port", "0", "--debounce", "100"])
        .args(more)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start agora serve");
    // Owned by `Server` from here on, so the process is killed and waited for on every path.
    let (tx, lines) = std::sync::mpsc::channel();
    let mut server = Server {
        child,
        port: 0,
        lines,
    };
    let stdout = server.child.stdout.take().expect("stdout");
    let mut reader = BufReader::new(stdout);
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut line = String::new();
    loop {
        line.clear();
        assert!(Instant::now() < deadline, "server did not start");
        if reader.read_line(&mut line).expect("read stdout") == 0 {
            panic!("server exited before serving");
        }
        if let Some(rest) = line.split("Serving at http://127.0.0.1:").nth(1) {
            let port = rest.split('/').next().unwrap().parse().expect("port");
            // keep draining stdout so the server never blocks on a full pipe
            std::thread::spawn(move || {
                let mut line = String::new();
                while reader.read_line(&mut line).unwrap_or(0) > 0 {
                    let _ = tx.send(std::mem::take(&mut line));
                }
            });
            server.port = port;
            return server;
        }
    }
}

fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|x| x.1.to_string())
        .unwrap_or_default();
    (status, body)
}

fn next_reload(ws: &mut tungstenite::WebSocket<TcpStream>) -> String {
    loop {
        match ws.read() {
            Ok(tungstenite::Message::Text(t)) if t.contains("\"reload\"") => return t.to_string(),
            Ok(_) => continue,
            Err(e) => panic!("no reload message: {e}"),
        }
    }
}

#[test]
fn serves_reloads_and_shows_errors_in_the_browser() {
    let site = TestSite::fixture("core/basic");
    let server = start(&site);
    let port = server.port;

    let (status, home) = get(port, "/");
    assert_eq!(status, 200);
    assert!(home.contains("Welcome <strong>home</strong>"), "{home}");
    assert!(
        home.contains("<script src=\"/livereload.js\"></script></body>"),
        "{home}"
    );
    let (status, page) = get(port, "/blog/third/");
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!("http://127.0.0.1:{port}/blog/third/#")) || page.contains("Third"),
        "{page}"
    );
    assert_eq!(get(port, "/no/such/page/").0, 404);
    let (status, js) = get(port, "/livereload.js");
    assert_eq!(status, 200);
    assert!(js.contains("WebSocket"));

    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let (mut ws, _) = tungstenite::client(format!("ws://127.0.0.1:{port}/livereload"), stream)
        .expect("websocket");
    let hello = ws.read().expect("hello");
    assert!(hello.to_string().contains("\"hello\""), "{hello}");

    // An editor saves a change: the page changes and browsers are told to reload.
    site.write(
        "content/blog/third.md",
        "---\ntitle: Third, edited\ndate: 2019-03-01\n---\nNew words.\n",
    );
    next_reload(&mut ws);
    let (_, page) = get(port, "/blog/third/");
    assert!(
        page.contains("Third, edited") && page.contains("New words."),
        "{page}"
    );

    // A mistake: the server stays up and the page shows the error.
    site.write("content/blog/third.md", "---\ntitle: [unclosed\n---\n");
    next_reload(&mut ws);
    let (status, page) = get(port, "/blog/third/");
    assert_eq!(status, 200, "the last good page is still served");
    assert!(page.contains("agora-error-overlay"), "{page}");
    assert!(page.contains("content/blog/third.md:"), "{page}");

    // Fixed: the overlay goes away.
    site.write(
        "content/blog/third.md",
        "---\ntitle: Third again\ndate: 2019-03-01\n---\nFixed.\n",
    );
    next_reload(&mut ws);
    let (_, page) = get(port, "/blog/third/");
    assert!(!page.contains("agora-error-overlay"), "{page}");
    assert!(page.contains("Third again"));

    // A stylesheet change asks for a CSS swap, not a full reload.
    site.write("static/css/site.css", "body{color:red}");
    // (a reload left over from the previous save may come first)
    let msg = (0..3)
        .map(|_| next_reload(&mut ws))
        .find(|m| m.contains("css"))
        .expect("a CSS reload");
    assert!(msg.contains("\"path\":\"/site.css\""), "{msg}");
    let (_, css) = get(port, "/css/site.css");
    assert_eq!(css, "body{color:red}");
}

fn connect_livereload(port: u16) -> tungstenite::WebSocket<TcpStream> {
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let (mut ws, _) = tungstenite::client(format!("ws://127.0.0.1:{port}/livereload"), stream)
        .expect("websocket");
    ws.read().expect("hello");
    ws
}

/// The number in "Rebuilt N of the site's files (incremental)".
fn incremental_count(line: &str) -> usize {
    line.split("Rebuilt ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("not an incremental rebuild: {line}"))
}

#[test]
fn an_edited_document_re_renders_only_what_shows_it() {
    let site = TestSite::hub();
    site.build().assert_ok();
    let total = site.output_files().len();
    let server = start(&site);
    let port = server.port;
    let mut ws = connect_livereload(port);
    let doc = "content/guides/building-trust-between-communities-and-police.md";
    let url = "/guides/building-trust-between-communities-and-police/";
    let (_, before) = get(port, url);
    let (_, unrelated_before) = get(port, "/letters/letter-to-the-office-of-counter-terrorism/");

    // The body changes, nothing else: the page, its placeholders in the
    // languages without a translation, and the feeds carrying its summary change.
    let source = site.read_source(doc);
    site.write(
        doc,
        &source.replace(
            "<!-- more -->",
            "A sentence added by an editor.\n\n<!-- more -->",
        ),
    );
    let line = server.wait_for("Rebuilt");
    next_reload(&mut ws);
    let rendered = incremental_count(&line);
    assert!(
        line.contains("body edit patched in place"),
        "the loaded site is patched, not loaded again: {line}"
    );
    let (_, after) = get(port, url);
    assert_ne!(before, after);
    assert!(after.contains("A sentence added by an editor."));
    let (_, ky) = get(port, &format!("/ky{url}"));
    assert!(
        ky.contains("A sentence added by an editor."),
        "the Kyrgyz placeholder shows it"
    );
    let (_, feed) = get(port, "/atom.xml");
    assert!(
        feed.contains("A sentence added by an editor."),
        "the feed carries it"
    );
    let (_, unrelated) = get(port, "/letters/letter-to-the-office-of-counter-terrorism/");
    assert_eq!(unrelated, unrelated_before);
    assert!(
        rendered > 7 && rendered * 2 < total,
        "{rendered} files re-rendered of {total}"
    );

    // What the server holds now is what a full build gives.
    assert_served_as_built(&site, port, total, "fresh");

    // A new title is patched too: the files that show the document (its
    // page, its versions, the listings and the pages it links to) change,
    // and only they.
    let source = site.read_source(doc);
    site.write(doc, &source.replacen("title = \"", "title = \"Edited: ", 1));
    let line = server.wait_for("Rebuilt");
    next_reload(&mut ws);
    assert!(
        line.contains("title edit patched in place"),
        "the loaded site is patched, not loaded again: {line}"
    );
    let rendered = incremental_count(&line);
    assert!(
        rendered * 2 < total,
        "{rendered} files re-rendered of {total}"
    );
    let (_, guides) = get(port, "/guides/");
    assert!(
        guides.contains("Edited: "),
        "the section lists the new title"
    );
    assert_served_as_built(&site, port, total, "fresh-title");
}

/// Every page, feed, index and citation file the server holds is what a
/// full build (into `folder`) gives.
fn assert_served_as_built(site: &TestSite, port: u16, total: usize, folder: &str) {
    let base = format!("http://127.0.0.1:{port}");
    site.agora(&["build", "-u", &base, "-o", folder])
        .assert_ok();
    let fresh = site.root.join(folder);
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(&fresh) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(&fresh)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if !entry.file_type().is_file()
            || ![".html", ".xml", ".js", ".bib", ".ris", ".json"]
                .iter()
                .any(|ext| rel.ends_with(ext))
        {
            continue;
        }
        let built = std::fs::read_to_string(entry.path()).unwrap();
        let (_, served) = get(port, &format!("/{rel}"));
        let served = served.replace("<script src=\"/livereload.js\"></script>", "");
        assert!(
            served == built,
            "{rel} served after the edit differs from a full build"
        );
        compared += 1;
    }
    assert!(compared * 10 > total * 9, "compared {compared} of {total}");
}

#[test]
fn fast_mode_re_renders_only_the_edited_document() {
    let site = TestSite::hub();
    let server = start_with(&site, &["--fast"]);
    let port = server.port;
    let mut ws = connect_livereload(port);
    let doc = "content/guides/building-trust-between-communities-and-police.md";
    let url = "/guides/building-trust-between-communities-and-police/";
    let source = site.read_source(doc);
    site.write(doc, &source.replacen("title = \"", "title = \"Fast: ", 1));
    let line = server.wait_for("Rebuilt");
    next_reload(&mut ws);
    // the page in English and its placeholders in the six other languages
    // (plus the search index files of the languages)
    let rendered = incremental_count(&line);
    assert!((7..=40).contains(&rendered), "{line}");
    assert!(get(port, url).1.contains("Fast: "));
    assert!(get(port, &format!("/ha{url}")).1.contains("Fast: "));
    assert!(
        !get(port, "/guides/").1.contains("Fast: "),
        "listings wait for a full rebuild in --fast mode"
    );
}

#[test]
fn editing_an_original_marks_its_translations_outdated_while_serving() {
    let site = TestSite::hub();
    let server = start(&site);
    let port = server.port;
    let mut ws = connect_livereload(port);
    let url = "/fr/letters/letter-to-the-office-of-counter-terrorism/";
    let (_, before) = get(port, url);
    assert!(!before.contains("agora-outdated-notice"));
    let doc = "content/letters/2018-01-24_letter-to-the-office-of-counter-terrorism.md";
    let source = site.read_source(doc);
    site.write(
        doc,
        &format!("{source}\nA paragraph added to the original.\n"),
    );
    server.wait_for("Rebuilt");
    next_reload(&mut ws);
    let (_, after) = get(port, url);
    assert!(after.contains("agora-outdated-notice"), "{after}");
    let (_, status) = get(port, "/translation-status/");
    assert!(
        status.contains("2018-01-24_letter-to-the-office-of-counter-terrorism.fr.md"),
        "the status page lists it"
    );
}

#[test]
fn fast_mode_serves_images_resized_by_the_edited_page() {
    let site = TestSite::fixture("parity/imageops");
    site.write(
        "templates/index.html",
        "<!doctype html><html><body>home</body></html>",
    );
    site.write(
        "templates/page.html",
        r#"<!doctype html><html><body>{% set r = resize_image(path="img/wide.png", width=page.extra.w, height=10, op="scale") %}<img src="{{ r.url }}"></body></html>"#,
    );
    site.write("content/p.md", "+++\ntitle = \"P\"\n[extra]\nw = 20\n+++\n");
    let server = start_with(&site, &["--fast"]);
    let port = server.port;
    let image_path = |html: &str| -> String {
        let src = html
            .split("src=\"")
            .nth(1)
            .expect("an img")
            .split('"')
            .next()
            .expect("src")
            .replace("&#x2F;", "/");
        let path = src.split_once("://").map(|(_, r)| r).unwrap_or(&src);
        path[path.find('/').expect("a path")..].to_string()
    };
    let (status, html) = get(port, "/p/");
    assert_eq!(status, 200);
    assert_eq!(get_image(port, &image_path(&html)).0, 200);

    site.write("content/p.md", "+++\ntitle = \"P\"\n[extra]\nw = 33\n+++\n");
    let line = server.wait_for("Rebuilt");
    assert!(line.contains("incremental"), "{line}");
    let (_, html) = get(port, "/p/");
    let new_image = image_path(&html);
    assert!(
        new_image.starts_with("/processed_images/wide."),
        "{new_image}"
    );
    let (status, bytes) = get_image(port, &new_image);
    assert_eq!(
        status, 200,
        "the new image is served after an incremental rebuild"
    );
    let img = image::load_from_memory(&bytes).expect("a PNG");
    assert_eq!((img.width(), img.height()), (33, 10));
}

/// Status and body bytes of a binary file.
fn get_image(port: u16, path: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let head_end = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header");
    let head = String::from_utf8_lossy(&response[..head_end]);
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response[head_end + 4..].to_vec())
}
