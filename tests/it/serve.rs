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
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &TestSite) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_agora"))
        .current_dir(&site.root)
        .args(["serve", "--port", "0", "--debounce", "100"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start agora serve");
    // Owned by `Server` from here on, so the process is killed and waited for on every path.
    let mut server = Server { child, port: 0 };
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
                let mut sink = String::new();
                while reader.read_line(&mut sink).unwrap_or(0) > 0 {
                    sink.clear();
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
