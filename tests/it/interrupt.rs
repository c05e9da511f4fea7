//! Builds stopped half-way: killed with `SIGKILL` at random moments, or
//! asked to stop with `SIGINT`/`SIGTERM`. The previous output must stay
//! byte for byte; no staging folder may outlive the next build; a signal
//! stops the build with 130/143 and removes its staging folder itself.

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::harness::TestSite;

/// Every file of the output (path → bytes).
fn output(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    let public = site.root.join("public");
    walkdir::WalkDir::new(&public)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("readable"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&public)
                .expect("inside")
                .display()
                .to_string();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// Staging folders and moved-aside outputs beside `public/`.
fn leftovers(site: &TestSite) -> Vec<String> {
    std::fs::read_dir(&site.root)
        .expect("site")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".agora-new-") || n.contains(".agora-old-"))
        .collect()
}

/// A site of `pages` documents; the page template fetches `fetch` (a URL)
/// on the page `hang.md`, when given.
fn site_with_pages(pages: usize, fetch: Option<&str>) -> TestSite {
    let site = TestSite::empty();
    site.write(
        "config.toml",
        "base_url = \"https://example.org\"\ntitle = \"Run 0\"\n",
    );
    site.write("templates/index.html", "{{ config.title }}{% for p in section.pages %}<a href=\"{{ p.permalink }}\">{{ p.title }}</a>{% endfor %}");
    let fetch_part = match fetch {
        Some(url) => format!(
            "{{% if page.slug == \"hang\" %}}{{{{ load_data(url=\"{url}\", format=\"plain\") }}}}{{% endif %}}"
        ),
        None => String::new(),
    };
    site.write(
        "templates/page.html",
        &format!("<title>{{{{ config.title }}}}</title><h1>{{{{ page.title }}}}</h1>{fetch_part}{{{{ page.content | safe }}}}"),
    );
    site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    let body = "Paragraph with *emphasis* and a [link](https://example.org).\n\n".repeat(20);
    for i in 0..pages {
        site.write(
            &format!("content/p{i}.md"),
            &format!("+++\ntitle = \"Page {i}\"\n+++\n# Heading {i}\n\n{body}"),
        );
    }
    if fetch.is_some() {
        site.write("content/hang.md", "+++\ntitle = \"Hang\"\n+++\nWaits.\n");
    }
    site
}

fn spawn_build(site: &TestSite) -> Child {
    Command::new(env!("CARGO_BIN_EXE_agora"))
        .current_dir(&site.root)
        .arg("build")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start agora")
}

/// Sets the config's title: every page of the next build differs.
fn retitle(site: &TestSite, run: usize) {
    site.write(
        "config.toml",
        &format!("base_url = \"https://example.org\"\ntitle = \"Run {run}\"\n"),
    );
}

/// A server that accepts one connection and never answers: a build whose
/// template fetches from it waits there until it is stopped.
fn silent_server() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/slow", listener.local_addr().expect("address"));
    (listener, url)
}

/// Waits for the process to end, failing the test after a minute.
fn wait(child: &mut Child) -> std::process::ExitStatus {
    for _ in 0..600 {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    panic!("agora did not stop");
}

fn stderr_of(child: &mut Child) -> String {
    let mut text = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut e, &mut text);
    }
    text
}

#[test]
fn sigkill_at_random_moments_leaves_the_previous_output_and_the_next_build_cleans_up() {
    let site = site_with_pages(300, None);
    site.build().assert_ok();
    let mut previous = output(&site);
    // Delays spread over a build, in a different order each run.
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(7, |d| d.subsec_nanos() as u64);
    let mut state = seed | 1;
    let mut killed = 0;
    for run in 1..=8 {
        retitle(&site, run);
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay = 20 + (state >> 33) % 1500;
        let mut child = spawn_build(&site);
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill(); // SIGKILL
        let status = wait(&mut child);
        if status.success() {
            // Finished before the kill: its output is the new previous one.
            previous = output(&site);
            continue;
        }
        killed += 1;
        let now = output(&site);
        if now != previous {
            // Killed between swapping its finished output in and exiting:
            // the output must then be the whole new build, never a mix.
            site.build().assert_ok();
            let complete = output(&site);
            assert_eq!(
                now, complete,
                "a build killed after {delay} ms (seed {seed}) left a partial output"
            );
            previous = complete;
        }
    }
    // One more, killed while it certainly has a staging folder: waiting on a fetch.
    let (listener, url) = silent_server();
    let blocking = site_with_pages(20, Some(&url));
    blocking.build_blocked_then(&listener, |child| {
        let _ = child.kill();
    });
    let after_kill = leftovers(&blocking);
    assert!(
        after_kill
            .iter()
            .any(|n| n.starts_with(".public.agora-new-")),
        "a killed build cannot clean up: its staging folder is there ({after_kill:?})"
    );
    drop(listener);
    blocking.write(
        "templates/page.html",
        "<h1>{{ page.title }}</h1>{{ page.content | safe }}",
    );
    blocking.build().assert_ok();
    assert_eq!(leftovers(&blocking), Vec::<String>::new());
    site.build().assert_ok();
    assert_eq!(
        leftovers(&site),
        Vec::<String>::new(),
        "after {killed} kills"
    );
}

trait Blocked {
    /// Builds once (the previous output), then starts a build that waits on
    /// `listener`, runs `stop` on it once it waits, and returns its exit
    /// status and error output.
    fn build_blocked_then(
        &self,
        listener: &TcpListener,
        stop: impl FnOnce(&mut Child),
    ) -> (std::process::ExitStatus, String);
}

impl Blocked for TestSite {
    fn build_blocked_then(
        &self,
        listener: &TcpListener,
        stop: impl FnOnce(&mut Child),
    ) -> (std::process::ExitStatus, String) {
        // The previous output: built without the fetch.
        let template =
            std::fs::read_to_string(self.root.join("templates/page.html")).expect("template");
        self.write("templates/page.html", "<h1>{{ page.title }}</h1>");
        self.build().assert_ok();
        self.write("templates/page.html", &template);
        let before = output(self);
        assert!(!before.is_empty());
        let mut child = spawn_build(self);
        // The build is in the middle of rendering once it connects.
        let (connection, _) = listener.accept().expect("agora connects");
        stop(&mut child);
        let status = wait(&mut child);
        drop(connection);
        assert_eq!(output(self), before, "the previous output changed");
        let stderr = stderr_of(&mut child);
        (status, stderr)
    }
}

fn signal(child: &Child, name: &str) {
    let ok = Command::new("kill")
        .args([format!("-{name}"), child.id().to_string()])
        .status()
        .expect("kill");
    assert!(ok.success());
}

#[test]
fn sigint_stops_a_build_with_130_and_removes_its_staging_folder() {
    let (listener, url) = silent_server();
    let site = site_with_pages(20, Some(&url));
    let (status, stderr) = site.build_blocked_then(&listener, |child| signal(child, "INT"));
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("stopped by SIGINT"), "{stderr}");
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn sigterm_stops_a_build_with_143_and_removes_its_staging_folder() {
    let (listener, url) = silent_server();
    let site = site_with_pages(20, Some(&url));
    let (status, stderr) = site.build_blocked_then(&listener, |child| signal(child, "TERM"));
    assert_eq!(status.code(), Some(143), "{stderr}");
    assert!(stderr.contains("stopped by SIGTERM"), "{stderr}");
    assert_eq!(leftovers(&site), Vec::<String>::new());
}
