//! `agora check`: verifies what a loaded library links to. Broken `@/`
//! links are already reported while loading; this checks the `#anchor` of
//! every internal link against the headings and `id`s of its target, and,
//! when asked and the network is there, every external link of the
//! Markdown (with its `#anchor`), as Zola's `[link_checker]` says.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Mutex;

use super::{Heading, Library};
use crate::config::{LinkChecker, LinkLevel};
use crate::error::Diagnostic;
use crate::fs;
use crate::http::{self, FetchError};

/// What a check looked at.
#[derive(Debug, Default, Clone, Copy)]
pub struct CheckStats {
    pub internal_links: usize,
    pub anchors: usize,
}

/// A content file someone wrote, with the links of its Markdown.
struct WrittenDocument<'a> {
    path: &'a Path,
    body_offset: usize,
    internal_links: &'a [(String, Option<String>)],
    external_links: &'a [String],
}

/// The pages and sections of the library that come from a file (not
/// placeholders, not generated sections): what the checks read.
fn written_documents(lib: &Library) -> impl Iterator<Item = WrittenDocument<'_>> {
    let pages = lib
        .pages
        .iter()
        .filter(|p| p.placeholder.is_none())
        .map(|p| WrittenDocument {
            path: &p.file.path,
            body_offset: p.body_offset,
            internal_links: &p.internal_links,
            external_links: &p.external_links,
        });
    let sections = lib
        .sections
        .iter()
        .filter(|s| !s.generated)
        .map(|s| WrittenDocument {
            path: &s.file.path,
            body_offset: s.body_offset,
            internal_links: &s.internal_links,
            external_links: &s.external_links,
        });
    pages.chain(sections)
}

fn has_heading(toc: &[Heading], id: &str) -> bool {
    toc.iter()
        .any(|h| h.id == id || has_heading(&h.children, id))
}

/// Every internal link whose `#anchor` its target lacks, at its place in the
/// file; errors, or warnings when `internal_level = "warn"`.
pub fn check_anchors(lib: &Library, level: LinkLevel) -> (Vec<Diagnostic>, CheckStats) {
    check_anchors_to(lib, level, None)
}

/// [`check_anchors`] for the links to `targets` (paths relative to
/// `content/`) only, or to any document when `None`: after `serve` patched
/// some pages, only the anchors into them can have broken.
pub fn check_anchors_to(
    lib: &Library,
    level: LinkLevel,
    targets: Option<&std::collections::HashSet<&str>>,
) -> (Vec<Diagnostic>, CheckStats) {
    let mut problems = Vec::new();
    let mut stats = CheckStats::default();
    for doc in written_documents(lib) {
        let (path, body_offset, links) = (doc.path, doc.body_offset, doc.internal_links);
        let mut text: Option<String> = None;
        for (target, anchor) in links {
            if targets.is_some_and(|t| !t.contains(target.as_str())) {
                continue;
            }
            stats.internal_links += 1;
            let Some(anchor) = anchor else { continue };
            // As Zola: `#` and `#top` always exist.
            if anchor.is_empty() || anchor.eq_ignore_ascii_case("top") {
                continue;
            }
            stats.anchors += 1;
            // As Zola: a page's anchors are its headings and the `id`s of its
            // HTML; a section's only its headings.
            let found = if let Some(page) = lib.page(target) {
                has_heading(&page.toc, anchor) || has_anchor_id(&page.content.unpack(), anchor)
            } else if let Some(section) = lib.section(target) {
                has_heading(&section.toc, anchor)
            } else {
                // A missing target was reported while loading.
                continue;
            };
            if found {
                continue;
            }
            let text = text.get_or_insert_with(|| fs::read_to_string(path).unwrap_or_default());
            let written = format!("@/{target}#{anchor}");
            let mut d = diagnostic(level, format!(
                "broken anchor: `{written}`: `{target}` has no heading or element with the id `{anchor}`"
            ))
            .in_file(path)
            .with_help("anchors are heading ids (slugs of the heading text, or `{#id}`) or `id` attributes of the target");
            if let Some(at) = text.get(body_offset..).and_then(|body| body.find(&written)) {
                let start = body_offset + at;
                d = d.at(text, start..start + written.len());
            }
            problems.push(d);
        }
    }
    (problems, stats)
}

fn diagnostic(level: LinkLevel, message: String) -> Diagnostic {
    match level {
        LinkLevel::Error => Diagnostic::error(message),
        LinkLevel::Warn => Diagnostic::warning(message),
    }
}

/// Why external links were not fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotChecked {
    /// `--skip-external-links`.
    Asked,
    /// `AGORA_OFFLINE` is set.
    NetworkOff,
    /// Every request failed without an answer from the network.
    NetworkUnreachable,
}

/// What the external-link check did and found.
#[derive(Debug, Default)]
pub struct ExternalReport {
    /// Links in the Markdown (each place counts).
    pub links: usize,
    /// Distinct URLs fetched (without their `#anchor`).
    pub urls: usize,
    /// Links left alone by `skip_prefixes` or `ignored_files`.
    pub skipped: usize,
    pub not_checked: Option<NotChecked>,
    /// Errors, or warnings when `external_level = "warn"`.
    pub problems: Vec<Diagnostic>,
}

/// One external link at its place.
struct Occurrence<'a> {
    path: &'a Path,
    body_offset: usize,
    url: &'a str,
}

/// How many hosts are asked at once; each host gets one request at a time.
const HOSTS_AT_ONCE: usize = 8;

/// Checks every external link of the library's Markdown: each URL is
/// fetched once (GET, redirects followed); a 2xx or 304 answer is fine, and
/// a `#anchor` must then be an `id` or `name` in the page. With `skip`, or
/// `AGORA_OFFLINE` set, nothing is fetched.
pub fn check_external_links(
    lib: &Library,
    settings: &LinkChecker,
    root: &Path,
    config_path: &Path,
    skip: bool,
) -> Result<ExternalReport, Diagnostic> {
    let mut report = ExternalReport::default();
    let ignored = ignored_files(&settings.ignored_files, config_path)?;
    // Globs match the path as written, inside the site, or inside `content/`.
    let plain = |p: &Path| -> std::path::PathBuf {
        std::path::absolute(p)
            .unwrap_or_else(|_| p.to_path_buf())
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect()
    };
    let root = plain(root);
    let content = root.join("content");
    let is_ignored = |path: &Path| {
        let path = plain(path);
        !settings.ignored_files.is_empty()
            && [
                Some(path.as_path()),
                path.strip_prefix(&root).ok(),
                path.strip_prefix(&content).ok(),
            ]
            .into_iter()
            .flatten()
            .any(|p| ignored.is_match(p))
    };
    let mut wanted = Vec::new();
    for doc in written_documents(lib) {
        let (path, body_offset, links) = (doc.path, doc.body_offset, doc.external_links);
        let ignore_file = is_ignored(path);
        for url in links {
            report.links += 1;
            if ignore_file || settings.skip_prefixes.iter().any(|p| url.starts_with(p)) {
                report.skipped += 1;
            } else {
                wanted.push(Occurrence {
                    path,
                    body_offset,
                    url,
                });
            }
        }
    }
    if wanted.is_empty() {
        return Ok(report);
    }
    if skip {
        report.not_checked = Some(NotChecked::Asked);
        return Ok(report);
    }
    if http::network_disabled() {
        report.not_checked = Some(NotChecked::NetworkOff);
        return Ok(report);
    }

    // Each page once, grouped by host; which anchors each page must have.
    let mut by_host: BTreeMap<String, BTreeMap<String, bool>> = BTreeMap::new();
    for o in &wanted {
        let (page, anchor) = split_anchor(o.url);
        let needs_body = anchor.is_some_and(|a| wants_anchor_check(o.url, a, settings));
        let entry = by_host
            .entry(host_of(&page))
            .or_default()
            .entry(page)
            .or_default();
        *entry |= needs_body;
    }
    report.urls = by_host.values().map(BTreeMap::len).sum();
    let answers = fetch_pages(by_host);

    if answers
        .values()
        .all(|a| matches!(a, Err(FetchError::Unreachable(_))))
    {
        report.not_checked = Some(NotChecked::NetworkUnreachable);
        return Ok(report);
    }

    let mut texts: HashMap<&Path, String> = HashMap::new();
    let mut searched_from: HashMap<(&Path, &str), usize> = HashMap::new();
    for o in &wanted {
        let (page, anchor) = split_anchor(o.url);
        let problem = match &answers[&page] {
            Err(e) => Some(e.to_string()),
            Ok(answer) if !(200..300).contains(&answer.status) && answer.status != 304 => Some(
                format!("the server answered {}", http::status_text(answer.status)),
            ),
            Ok(answer) => match anchor {
                Some(anchor)
                    if wants_anchor_check(o.url, anchor, settings)
                        && !has_anchor_id(&answer.body, anchor) =>
                {
                    Some(format!(
                        "the page has no element with the id or name `{anchor}`"
                    ))
                }
                _ => None,
            },
        };
        let Some(problem) = problem else { continue };
        let text = texts
            .entry(o.path)
            .or_insert_with(|| fs::read_to_string(o.path).unwrap_or_default());
        let mut d = diagnostic(
            settings.external_level,
            format!("broken external link `{}`: {problem}", o.url),
        )
        .in_file(o.path);
        let from = searched_from
            .entry((o.path, o.url))
            .or_insert(o.body_offset);
        if let Some(at) = text.get(*from..).and_then(|rest| rest.find(o.url)) {
            let start = *from + at;
            *from = start + o.url.len();
            d = d.at(text, start..start + o.url.len());
        }
        report.problems.push(d);
    }
    Ok(report)
}

/// The `ignored_files` globs; a bad one is an error in the config file,
/// at the glob where it can be found.
fn ignored_files(globs: &[String], config_path: &Path) -> Result<globset::GlobSet, Diagnostic> {
    let mut set = globset::GlobSetBuilder::new();
    for g in globs {
        let glob = globset::Glob::new(g).map_err(|e| {
            let kind = e.kind().to_string();
            let d = Diagnostic::error(format!(
                "[link_checker] ignored_files: `{g}` is not a valid glob: {kind}"
            ))
            .in_file(config_path);
            let text = fs::read_to_string(config_path).unwrap_or_default();
            match text
                .find(&format!("\"{g}\""))
                .or_else(|| text.find(&format!("'{g}'")))
            {
                Some(at) => d.at(&text, at..at + g.len() + 2),
                None => d,
            }
        })?;
        set.add(glob);
    }
    set.build()
        .map_err(|e| Diagnostic::error(e.to_string()).in_file(config_path))
}

/// `(page, anchor)`: the URL without its `#fragment`, and the fragment.
fn split_anchor(url: &str) -> (String, Option<&str>) {
    match url.split_once('#') {
        Some((page, anchor)) => (page.to_string(), Some(anchor)),
        None => (url.to_string(), None),
    }
}

/// Whether an anchor is checked: not for `skip_anchor_prefixes`, nor for
/// the ones with a meaning of their own (empty, `top`, `#/…` and `#!…`
/// routes of script pages).
fn wants_anchor_check(url: &str, anchor: &str, settings: &LinkChecker) -> bool {
    !(anchor.is_empty()
        || anchor.eq_ignore_ascii_case("top")
        || anchor.starts_with('/')
        || anchor.starts_with('!')
        || settings
            .skip_anchor_prefixes
            .iter()
            .any(|p| url.starts_with(p)))
}

/// Whether `html` has an element whose `id` or `name` is `anchor`, as Zola
/// reads both the pages behind external links and the targets of `@/` links.
fn has_anchor_id(html: &str, anchor: &str) -> bool {
    // Zola's test, character for character.
    let pattern = format!(
        r#"\s(?i)(id|name) *= *("|')*{}("|'| |>)+"#,
        regex::escape(anchor)
    );
    regex::Regex::new(&pattern).is_ok_and(|re| re.is_match(html))
}

fn host_of(url: &str) -> String {
    let rest = url.split_once("//").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    authority
        .rsplit_once('@')
        .map_or(authority, |(_, h)| h)
        .to_ascii_lowercase()
}

/// Fetches every page: hosts in parallel (at most [`HOSTS_AT_ONCE`]), one
/// request at a time per host; after no answer from a host, its other pages
/// share that failure. Bodies are kept only where anchors are checked.
fn fetch_pages(
    by_host: BTreeMap<String, BTreeMap<String, bool>>,
) -> HashMap<String, Result<http::Response, FetchError>> {
    let client = http::Client::new();
    let hosts = Mutex::new(by_host.into_values().collect::<Vec<_>>());
    let answers = Mutex::new(HashMap::new());
    let workers = HOSTS_AT_ONCE.min(hosts.lock().map(|h| h.len()).unwrap_or(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(pages) = hosts.lock().ok().and_then(|mut h| h.pop()) {
                    // A host that cannot be reached is not tried again for
                    // its other pages (each would wait for the timeout).
                    let mut unreachable: Option<FetchError> = None;
                    for (page, keep_body) in pages {
                        if let Some(e) = &unreachable {
                            if let Ok(mut answers) = answers.lock() {
                                answers.insert(page, Err(e.clone()));
                            }
                            continue;
                        }
                        // Only http: and https: links are external (see
                        // content::is_external_link): the URL is sent as written.
                        let request = http::Request {
                            url: page.clone(),
                            method: http::Method::Get,
                            headers: vec![("Accept".into(), "text/html, */*".into())],
                            body: None,
                            content_type: None,
                        };
                        let answer = client.send(&request).map(|mut r| {
                            if !keep_body {
                                r.body = String::new();
                            }
                            r
                        });
                        if let Err(e @ FetchError::Unreachable(_)) = &answer {
                            unreachable = Some(e.clone());
                        }
                        if let Ok(mut answers) = answers.lock() {
                            answers.insert(page, answer);
                        }
                    }
                }
            });
        }
    });
    answers.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_ids_or_names_as_zola_reads_them() {
        assert!(has_anchor_id(r#"<h2 id="install">"#, "install"));
        assert!(has_anchor_id(r#"<a name='install'>"#, "install"));
        assert!(has_anchor_id(r#"<div ID=install class="x">"#, "install"));
        assert!(!has_anchor_id(r#"<h2 id="installing">"#, "install"));
        assert!(!has_anchor_id(r#"<p>id="install"</p>"#, "install"));
        assert!(has_anchor_id(r#"<h2 id="a.b(c)">"#, "a.b(c)"));
    }

    #[test]
    fn hosts_and_anchors_to_check() {
        assert_eq!(
            host_of("https://User@Example.org:8080/a?b#c"),
            "example.org:8080"
        );
        assert_eq!(host_of("//cdn.example.org/x"), "cdn.example.org");
        let settings = LinkChecker {
            skip_anchor_prefixes: vec!["https://github.com/".into()],
            ..Default::default()
        };
        let wants = |url: &str| {
            let (_, anchor) = split_anchor(url);
            wants_anchor_check(url, anchor.expect("an anchor"), &settings)
        };
        assert!(wants("https://example.org/#part"));
        assert!(!wants("https://example.org/#top"));
        assert!(!wants("https://example.org/#/route"));
        assert!(!wants("https://example.org/#"));
        assert!(!wants("https://github.com/x/y#readme"));
    }
}
