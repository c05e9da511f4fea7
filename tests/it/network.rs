//! What agora fetches over HTTP: `load_data(url=…)` and the external links of
//! `agora check`, against small servers on 127.0.0.1 started by each test.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use crate::harness::TestSite;

/// A request as the test server saw it.
#[derive(Debug, Clone)]
pub struct SeenRequest {
    pub method: String,
    pub path: String,
    pub headers: HashMap<String, String>,
    pub body: String,
}

/// An answer: status, extra headers, body.
pub struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    pub fn ok(body: &str) -> Answer {
        Answer::status(200, body)
    }
    pub fn status(status: u16, body: &str) -> Answer {
        Answer {
            status,
            headers: Vec::new(),
            body: body.to_string(),
        }
    }
    pub fn redirect(status: u16, to: &str) -> Answer {
        Answer {
            status,
            headers: vec![("Location".into(), to.into())],
            body: String::new(),
        }
    }
}

/// An HTTP/1.1 server on 127.0.0.1 answering each request with `route`,
/// recording every request. It lives until the test process ends.
pub struct TestServer {
    pub base: String,
    seen: Arc<Mutex<Vec<SeenRequest>>>,
}

impl TestServer {
    pub fn start(route: impl Fn(&SeenRequest) -> Answer + Send + Sync + 'static) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let seen: Arc<Mutex<Vec<SeenRequest>>> = Arc::default();
        let route = Arc::new(route);
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let route = route.clone();
                let log = log.clone();
                std::thread::spawn(move || serve_one(stream, &*route, &log));
            }
        });
        TestServer { base, seen }
    }

    pub fn requests(&self) -> Vec<SeenRequest> {
        self.seen.lock().expect("log").clone()
    }

    /// How many requests asked for `path`.
    pub fn count(&self, path: &str) -> usize {
        self.requests().iter().filter(|r| r.path == path).count()
    }
}

fn serve_one(
    stream: std::net::TcpStream,
    route: &(dyn Fn(&SeenRequest) -> Answer + Send + Sync),
    log: &Mutex<Vec<SeenRequest>>,
) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let request = SeenRequest {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    log.lock().expect("log").push(request.clone());
    let answer = route(&request);
    let mut out = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\nContent-Type: text/html\r\n",
        answer.status,
        answer.body.len()
    );
    for (k, v) in &answer.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(&answer.body);
    let mut stream = stream;
    let _ = stream.write_all(out.as_bytes());
}

/// A site whose home page renders `index` and whose three pages each render `page`.
fn data_site(index: &str, page: &str) -> TestSite {
    let site = TestSite::empty();
    site.write(
        "config.toml",
        "base_url = \"https://example.org\"\ntitle = \"Data\"\n",
    );
    site.write("content/_index.md", "+++\n+++\n");
    for name in ["a", "b", "c"] {
        site.write(
            &format!("content/{name}.md"),
            &format!("+++\ntitle = \"{name}\"\n+++\n"),
        );
    }
    site.write("templates/index.html", index);
    site.write("templates/page.html", page);
    site
}

#[test]
fn load_data_fetches_each_request_once_per_build() {
    let server = TestServer::start(|r| match r.path.as_str() {
        "/people.json" => Answer::ok(r#"{"people": [{"name": "Ada"}, {"name": "Grace"}]}"#),
        "/table.csv" => Answer::ok("name,year\nAda,1815\n"),
        "/conf.toml" => Answer::ok("[site]\ntitle = \"Remote\"\n"),
        "/note.txt" => Answer::ok("just text"),
        _ => Answer::status(404, "no"),
    });
    let b = &server.base;
    let page = format!(
        r#"{{% set p = load_data(url="{b}/people.json", format="json") %}}<p id="names">{{% for x in p.people %}}{{{{ x.name }}}} {{% endfor %}}</p>"#
    );
    let index = format!(
        r#"{{% set p = load_data(url="{b}/people.json", format="json") %}}{{% set t = load_data(url="{b}/table.csv", format="csv") %}}{{% set c = load_data(url="{b}/conf.toml", format="toml") %}}{{% set n = load_data(url="{b}/note.txt") %}}
<p id="json">{{{{ p.people[1].name }}}}</p><p id="csv">{{{{ t.records[0] | join(sep="-") }}}}</p><p id="toml">{{{{ c.site.title }}}}</p><p id="plain">{{{{ n }}}}</p>"#
    );
    let site = data_site(&index, &page);
    site.build().assert_ok();
    let home = site.html("index.html");
    assert_eq!(home.text("#json"), "Grace");
    assert_eq!(home.text("#csv"), "Ada-1815");
    assert_eq!(home.text("#toml"), "Remote");
    assert_eq!(
        home.text("#plain"),
        "just text",
        "plain text unless `format`"
    );
    for name in ["a", "b", "c"] {
        assert_eq!(
            site.html(&format!("{name}/index.html")).text("#names"),
            "Ada Grace"
        );
    }
    // Four pages asked for people.json; the build sent one request.
    assert_eq!(server.count("/people.json"), 1, "{:?}", server.requests());
    let json_request = server
        .requests()
        .into_iter()
        .find(|r| r.path == "/people.json")
        .expect("asked");
    assert_eq!(json_request.headers["accept"], "application/json");
    assert!(json_request.headers["user-agent"].starts_with("agora/"));

    // A second build fetches again: the cache lives for one build.
    site.build().assert_ok();
    assert_eq!(server.count("/people.json"), 2);
}

#[test]
fn load_data_posts_body_content_type_and_headers() {
    let server = TestServer::start(|r| {
        Answer::ok(&format!(
            r#"{{"method": "{}", "type": "{}", "token": "{}", "lang": "{}", "body": {}}}"#,
            r.method,
            r.headers.get("content-type").cloned().unwrap_or_default(),
            r.headers.get("x-token").cloned().unwrap_or_default(),
            r.headers
                .get("accept-language")
                .cloned()
                .unwrap_or_default(),
            serde_json::to_string(&r.body).expect("json"),
        ))
    });
    let b = &server.base;
    let index = format!(
        r#"{{% set r = load_data(url="{b}/api", format="json", method="POST", body='{{"q": 1}}', content_type="application/json", headers=["X-Token=a=b", "Accept-Language=fr"]) %}}{{% set g = load_data(url="{b}/api", format="json", method="get") %}}
<p id="post">{{{{ r.method }}}} {{{{ r.type }}}} {{{{ r.token }}}} {{{{ r.lang }}}} {{{{ r.body }}}}</p><p id="get">{{{{ g.method }}}} {{{{ g.body }}}}.</p>"#
    );
    let site = data_site(&index, "page");
    site.build().assert_ok();
    let home = site.html("index.html");
    // The header value keeps everything after the first `=`.
    assert_eq!(
        home.text("#post"),
        r#"POST application/json a=b fr {"q": 1}"#
    );
    assert_eq!(home.text("#get"), "GET .");
    assert_eq!(server.count("/api"), 2, "a GET and a POST are two requests");
}

#[test]
fn load_data_url_failures_name_the_template_and_url() {
    let server = TestServer::start(|r| match r.path.as_str() {
        "/moved" => Answer::redirect(302, "/gone"),
        _ => Answer::status(404, "not here"),
    });
    let b = &server.base;
    let site = data_site(
        "home",
        &format!(r#"{{{{ load_data(url="{b}/moved", format="json") }}}}"#),
    );
    let run = site.build();
    run.assert_fails(1);
    let err = run.stderr();
    assert!(err.contains("page.html"), "{err}");
    assert!(err.contains(&format!("cannot fetch `{b}/moved`")), "{err}");
    assert!(
        err.contains("404 Not Found"),
        "the redirect was followed: {err}"
    );
    assert_eq!(server.count("/gone"), 1, "the three pages share one fetch");

    // Nothing listens on this port: the connection is refused.
    site.write(
        "templates/page.html",
        r#"{{ load_data(url="http://127.0.0.1:9/data.json") }}"#,
    );
    let run = site.build();
    run.assert_fails(1);
    assert!(
        run.stderr()
            .contains("cannot fetch `http://127.0.0.1:9/data.json`"),
        "{}",
        run.stderr()
    );

    // With the network turned off nothing is sent.
    site.write(
        "templates/page.html",
        &format!(r#"{{{{ load_data(url="{b}/offline.json") }}}}"#),
    );
    let run = site.agora_env(&["build"], &[("AGORA_OFFLINE", "1")]);
    run.assert_fails(1);
    let err = run.stderr();
    assert!(err.contains("the network is off"), "{err}");
    assert!(err.contains(&format!("{b}/offline.json")), "{err}");
    assert_eq!(server.count("/offline.json"), 0);

    site.write(
        "templates/page.html",
        r#"{{ load_data(url="ftp://example.org/x") }}"#,
    );
    let err = site.build().stderr();
    assert!(err.contains("is not an http:// or https:// URL"), "{err}");

    site.write(
        "templates/page.html",
        &format!(r#"{{{{ load_data(url="{b}/x", headers=["NoEquals"]) }}}}"#),
    );
    let err = site.build().stderr();
    assert!(err.contains("header `NoEquals` has no `=`"), "{err}");
}

#[test]
fn load_data_url_not_required_gives_nothing() {
    let server = TestServer::start(|_| Answer::status(500, "down"));
    let b = &server.base;
    let page = format!(
        r#"{{% set d = load_data(url="{b}/down.json", format="json", required=false) %}}{{% set r = load_data(url="http://127.0.0.1:9/x", required=false) %}}<p id="d">{{% if d %}}got{{% else %}}none{{% endif %}}{{% if r %}}got{{% else %}}none{{% endif %}}</p>"#
    );
    let site = data_site("home", &page);
    site.build().assert_ok();
    assert_eq!(site.html("a/index.html").text("#d"), "nonenone");
    assert_eq!(server.count("/down.json"), 1);
    let offline = site.agora_env(&["build"], &[("AGORA_OFFLINE", "1")]);
    offline.assert_ok();
    assert_eq!(server.count("/down.json"), 1, "nothing sent when offline");
}

/// A site whose pages link to the test server, for `agora check`.
fn linking_site(b: &str, link_checker: &str) -> TestSite {
    let site = TestSite::empty();
    site.write(
        "config.toml",
        &format!("base_url = \"https://example.org\"\ntitle = \"Links\"\n\n[link_checker]\n{link_checker}\n"),
    );
    site.write(
        "content/_index.md",
        &format!("+++\ntitle = \"Home\"\n+++\nSee [the ok page]({b}/ok) and [the guide]({b}/guide#install).\n"),
    );
    site.write(
        "content/a.md",
        &format!(
            "+++\ntitle = \"A\"\n+++\n# A\n\nFine: [ok]({b}/ok), [moved]({b}/moved).\n\nBroken: [missing]({b}/missing).\n\n[no such part]({b}/guide#nowhere) and [ok]({b}/ok)\n"
        ),
    );
    site.write(
        "content/b.md",
        &format!(
            "+++\ntitle = \"B\"\n+++\n[skipped]({b}/skip/me) [anchor skipped]({b}/loose#whatever) [top]({b}/guide#top)\n\n[missing again]({b}/missing)\n"
        ),
    );
    site.write(
        "content/drafts/old.md",
        &format!("+++\ntitle = \"Old\"\n+++\n[ignored]({b}/ignored)\n"),
    );
    site
}

fn link_server() -> TestServer {
    TestServer::start(|r| match r.path.as_str() {
        "/ok" | "/loose" => Answer::ok("<html><body>fine</body></html>"),
        "/moved" => Answer::redirect(301, "/ok"),
        "/guide" => Answer::ok("<html><body><h2 id=\"install\">Install</h2></body></html>"),
        _ => Answer::status(404, "no"),
    })
}

#[test]
fn check_fetches_external_links_once_and_reports_all_with_their_place() {
    let server = link_server();
    let b = server.base.clone();
    let site = linking_site(
        &b,
        &format!(
            "skip_prefixes = [\"{b}/skip/\"]\nskip_anchor_prefixes = [\"{b}/loose\"]\nignored_files = [\"drafts/*.md\"]"
        ),
    );
    let run = site.agora(&["check"]);
    run.assert_fails(1);
    let err = run.stderr();
    // Every problem, each at its place.
    let missing = format!("broken external link `{b}/missing`: the server answered 404 Not Found");
    assert_eq!(err.matches(&missing).count(), 2, "{err}");
    assert!(err.contains("a.md:8:"), "{err}");
    assert!(err.contains("b.md:6:"), "{err}");
    assert!(
        err.contains(&format!(
            "broken external link `{b}/guide#nowhere`: the page has no element with the id or name `nowhere`"
        )),
        "{err}"
    );
    assert!(err.contains("a.md:10:"), "{err}");
    assert!(err.contains("3 errors"), "{err}");
    for fine in ["/ok`", "/moved`", "#install`", "#top`", "/loose#whatever`"] {
        assert!(!err.contains(fine), "{fine} is fine: {err}");
    }
    // Each page once, whatever its anchors and however often it is linked.
    // `/ok`: linked three times, fetched once, and once more as the
    // target of `/moved`.
    assert_eq!(server.count("/ok"), 2, "{:?}", server.requests());
    assert_eq!(server.count("/guide"), 1);
    assert_eq!(server.count("/missing"), 1);
    assert_eq!(server.count("/moved"), 1);
    // skip_prefixes and ignored_files: never asked.
    assert_eq!(server.count("/skip/me"), 0);
    assert_eq!(server.count("/ignored"), 0);
    assert!(!site.exists("index.html"), "check writes nothing");
}

#[test]
fn check_levels_skip_flag_and_offline() {
    let server = link_server();
    let b = server.base.clone();
    let site = linking_site(&b, "external_level = \"warn\"\ninternal_level = \"warn\"");
    site.write(
        "content/c.md",
        "+++\ntitle = \"C\"\n+++\n[here](@/a.md#nowhere) and [gone](@/gone.md)\n",
    );
    let run = site.agora(&["check"]);
    run.assert_ok();
    let err = run.stderr();
    assert!(err.contains("warning"), "{err}");
    assert!(err.contains(&format!("`{b}/missing`")), "{err}");
    assert!(err.contains("`@/a.md#nowhere`"), "{err}");
    assert!(err.contains("broken internal link: `@/gone.md`"), "{err}");
    let out = run.stdout();
    assert!(out.contains("12 external links (7 pages fetched)"), "{out}");
    assert!(out.contains("8 warnings"), "{out}\n{err}");
    // A build takes internal_level too: the broken link is left as written.
    let run = site.build();
    run.assert_ok();
    assert!(run.stderr().contains("broken internal link: `@/gone.md`"));
    assert_eq!(site.html("c/index.html").attrs("a", "href")[1], "@/gone.md");

    let before = server.requests().len();
    let run = site.agora(&["check", "--skip-external-links"]);
    run.assert_ok();
    assert!(
        run.stdout()
            .contains("12 external links not checked (--skip-external-links"),
        "{}",
        run.stdout()
    );
    let run = site.agora_env(&["check"], &[("AGORA_OFFLINE", "1")]);
    run.assert_ok();
    assert!(
        run.stdout().contains("not checked (AGORA_OFFLINE is set"),
        "{}",
        run.stdout()
    );
    assert_eq!(server.requests().len(), before, "nothing fetched");

    // The default level is error; a refused connection is an answer of the
    // network (the host is there), so it is reported, not taken for offline.
    site.write(
        "config.toml",
        "base_url = \"https://example.org\"\ntitle = \"L\"\n",
    );
    site.write(
        "content/c.md",
        "+++\ntitle = \"C\"\n+++\n[closed](http://127.0.0.1:9/x)\n",
    );
    let run = site.agora(&["check"]);
    run.assert_fails(1);
    assert!(
        run.stderr()
            .contains("broken external link `http://127.0.0.1:9/x`"),
        "{}",
        run.stderr()
    );
}

#[test]
fn load_data_in_shortcodes_and_templates_shares_one_fetch() {
    let server = TestServer::start(|_| Answer::ok(r#"{"motto": "together"}"#));
    let b = &server.base;
    let site = data_site(
        &format!(
            r#"{{% set d = load_data(url="{b}/motto.json", format="json") %}}<p id="home">{{{{ d.motto }}}}</p>{{{{ section.content | safe }}}}"#
        ),
        "{{ page.content | safe }}",
    );
    site.write(
        "templates/shortcodes/motto.html",
        &format!(
            r#"{{% set d = load_data(url="{b}/motto.json", format="json") %}}<em class="motto">{{{{ d.motto }}}}</em>"#
        ),
    );
    site.write(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\nOur motto: {{ motto() }}\n",
    );
    site.build().assert_ok();
    assert_eq!(site.html("a/index.html").text(".motto"), "together");
    assert_eq!(site.html("index.html").text("#home"), "together");
    assert_eq!(server.count("/motto.json"), 1);
}

#[test]
fn check_points_a_bad_ignored_files_glob_at_the_config() {
    let site = linking_site(
        "http://127.0.0.1:9",
        "ignored_files = [\"drafts/*.md\", \"a[\"]",
    );
    let run = site.agora(&["check", "--skip-external-links"]);
    run.assert_fails(1);
    let err = run.stderr();
    assert!(
        err.contains("error: [link_checker] ignored_files: `a[` is not a valid glob"),
        "{err}"
    );
    assert!(err.contains("config.toml:5:33"), "{err}");
}

#[test]
fn check_errors_come_with_the_warnings_of_loading() {
    let server = link_server();
    let b = server.base.clone();
    // External links are errors, internal ones warnings found while loading.
    let site = linking_site(&b, "internal_level = \"warn\"");
    site.write(
        "content/c.md",
        "+++\ntitle = \"C\"\n+++\n[gone](@/gone.md)\n",
    );
    let run = site.agora(&["check"]);
    run.assert_fails(1);
    let err = run.stderr();
    assert!(
        err.contains(&format!("broken external link `{b}/missing`")),
        "{err}"
    );
    assert!(
        err.contains("warning: broken internal link: `@/gone.md`"),
        "{err}"
    );
}
