//! The offline edition (`agora build --offline`, `[agora] offline = true`):
//! on their way to the sink, every internal URL of every HTML and CSS file is
//! made relative to that file and pointed at a file (`…/index.html`, since a
//! browser shows a folder opened from disk as a listing), so the copy works
//! from `file://`, a USB stick, a zip or any sub-path of any server without a
//! rebuild. This is done on the written files, not in the templates, so that
//! every URL a theme prints (`get_url`, `permalink`, `config.base_url`,
//! root-relative `/…`), every `@/` link and whatever later features add is
//! covered the same way.
//!
//! Internal means: starting with the site's base URL, protocol-relative to
//! its host, root-relative (`/…`), or relative and naming a folder (`../x/`).
//! What is rewritten: URL attributes (`href`, `src`, `srcset`, `action`,
//! `poster`, `data`, `cite`, `xlink:href`, `data-*` holding an internal
//! URL), `<meta http-equiv="refresh">`, `url()` in `style=` and `<style>`,
//! and `url()`/`@import` in stylesheets (relative to the stylesheet).
//! Text is left as it is: a "cite this" block, JSON-LD, `<meta content>`,
//! feeds, the sitemap, `robots.txt` and citation files keep the public
//! addresses, which is what a citation or a crawler needs.
//!
//! Owns the rewriting only; writes nothing itself (the inner sink does).

use std::borrow::Cow;
use std::path::Path;
use std::sync::LazyLock;

use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, rewrite_str, text};
use regex::Regex;
use walkdir::WalkDir;

use crate::artifact::{OutputData, OutputFile, OutputSink};
use crate::error::{Error, Result};
use crate::fs;

/// Where the site lives online, to tell its URLs from other sites'.
#[derive(Debug, Clone)]
pub struct SiteAddress {
    /// `https://hub.example.org/` (always ending in `/`).
    base: String,
    /// `//hub.example.org/`.
    protocol_relative: Option<String>,
    /// `/` or `/hub/` when the site lives under a sub-path.
    base_path: String,
    /// A quoted string in a script that is an address inside the site (not
    /// the bare base URL, which scripts use as a prefix).
    script_literal: Regex,
}

impl SiteAddress {
    pub fn new(base_url: &str) -> SiteAddress {
        let base = format!("{}/", base_url.trim_end_matches('/'));
        let after_scheme = base.split_once("://").map(|(_, rest)| rest);
        let protocol_relative = after_scheme.map(|rest| format!("//{rest}"));
        let base_path = after_scheme
            .and_then(|rest| rest.find('/').map(|i| rest[i..].to_string()))
            .unwrap_or_else(|| "/".into());
        let script_literal = Regex::new(&format!(
            r#""({0}[^"\s\\]+)"|'({0}[^'\s\\]+)'"#,
            regex::escape(&base)
        ))
        .expect("an escaped URL makes a valid regex");
        SiteAddress {
            base,
            protocol_relative,
            base_path,
            script_literal,
        }
    }

    /// The path inside the site (no leading `/`) an internal URL names, with
    /// its query and fragment; `None` for a URL of another site, a scheme
    /// such as `mailto:`, or a relative URL.
    fn site_path<'u>(&self, url: &'u str) -> Option<&'u str> {
        if let Some(rest) = url.strip_prefix(self.base.as_str()) {
            return Some(rest);
        }
        // `https://hub.example.org` without the final slash: the home page.
        if url == self.base.trim_end_matches('/') {
            return Some("");
        }
        if let Some(pr) = &self.protocol_relative
            && let Some(rest) = url.strip_prefix(pr.as_str())
        {
            return Some(rest);
        }
        if url.starts_with("//") {
            return None;
        }
        let rooted = url.strip_prefix('/')?;
        if self.base_path != "/"
            && let Some(rest) = url.strip_prefix(self.base_path.as_str())
        {
            return Some(rest);
        }
        Some(rooted)
    }

    /// `url` as the file at `from` (a path inside the output, `letters/x/index.html`)
    /// should write it in the offline copy, or `None` to keep it as it is.
    pub fn relativise(&self, url: &str, from: &str) -> Option<String> {
        let trimmed = url.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('?') {
            return None;
        }
        if let Some(path) = self.site_path(trimmed) {
            let (path, tail) = split_tail(path);
            return Some(format!("{}{tail}", relative_path(from, &to_file(path))));
        }
        if has_scheme(trimmed) || trimmed.starts_with("//") {
            return None;
        }
        // Relative already: only a folder needs its `index.html`.
        let (path, tail) = split_tail(trimmed);
        names_folder(path).then(|| format!("{}{tail}", to_file(path)))
    }

    /// Every URL of a `srcset` (`a.jpg 1x, b.jpg 2x`), relativised.
    fn relativise_srcset(&self, srcset: &str, from: &str) -> Option<String> {
        let mut changed = false;
        let parts: Vec<String> = srcset
            .split(',')
            .map(|candidate| {
                let candidate = candidate.trim();
                let (url, descriptor) = candidate
                    .split_once(char::is_whitespace)
                    .unwrap_or((candidate, ""));
                match self.relativise(url, from) {
                    Some(new) => {
                        changed = true;
                        if descriptor.is_empty() {
                            new
                        } else {
                            format!("{new} {}", descriptor.trim())
                        }
                    }
                    None => candidate.to_string(),
                }
            })
            .collect();
        changed.then(|| parts.join(", "))
    }

    /// CSS text (a stylesheet, a `<style>` element, a `style=` attribute)
    /// with its `url()` and `@import` targets relativised.
    pub fn relativise_css<'c>(&self, css: &'c str, from: &str) -> Cow<'c, str> {
        static URL: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r#"(?i)url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')"#)
                .expect("a valid regex")
        });
        URL.replace_all(css, |c: &regex::Captures| {
            let whole = &c[0];
            let Some(target) = (1..=5).find_map(|i| c.get(i)) else {
                return whole.to_string();
            };
            match self.relativise(target.as_str(), from) {
                Some(new) => {
                    let at = target.start() - c.get(0).map_or(0, |m| m.start());
                    format!("{}{new}{}", &whole[..at], &whole[at + target.len()..])
                }
                None => whole.to_string(),
            }
        })
    }

    /// A script with the quoted absolute addresses inside the site made
    /// relative to the page that runs it (a redirect's target, say).
    fn relativise_script<'s>(&self, script: &'s str, from: &str) -> Cow<'s, str> {
        self.script_literal
            .replace_all(script, |c: &regex::Captures| {
                let (quote, url) = match (c.get(1), c.get(2)) {
                    (Some(u), _) => ('"', u.as_str()),
                    (_, Some(u)) => ('\'', u.as_str()),
                    _ => return c[0].to_string(),
                };
                match self.relativise(url, from) {
                    Some(new) => format!("{quote}{new}{quote}"),
                    None => c[0].to_string(),
                }
            })
    }

    /// An HTML document with its internal URLs relativised.
    pub fn relativise_html(&self, html: &str, from: &str) -> Result<String> {
        let mut style = String::new();
        let mut script = String::new();
        let mut noscript = String::new();
        // Not strict: markup that leaves the parser unsure is passed on, not refused;
        // no ESI: `<esi:…>` is no tag of ours.
        let settings = RewriteStrSettings::new()
            .with_strict(false)
            .with_enable_esi_tags(false)
            .append_element_content_handler(element!("*", |el| {
                let names: Vec<String> = el.attributes().iter().map(|a| a.name()).collect();
                for name in names {
                    // Values come as written, entities and all (`https:&#x2F;&#x2F;…`
                    // from Tera 1); one with an entity XML does not know is left alone.
                    let Some(raw) = el.get_attribute(&name) else {
                        continue;
                    };
                    let Ok(value) = quick_xml::escape::unescape(&raw) else {
                        continue;
                    };
                    let new = match name.as_str() {
                        "href" | "src" | "action" | "formaction" | "poster" | "data" | "cite"
                        | "background" | "xlink:href" | "longdesc" => self.relativise(&value, from),
                        "srcset" | "imagesrcset" => self.relativise_srcset(&value, from),
                        "style" => match self.relativise_css(&value, from) {
                            Cow::Owned(s) => Some(s),
                            Cow::Borrowed(_) => None,
                        },
                        "content"
                            if el
                                .get_attribute("http-equiv")
                                .is_some_and(|h| h.eq_ignore_ascii_case("refresh")) =>
                        {
                            self.relativise_refresh(&value, from)
                        }
                        // A data attribute holding an internal address or a
                        // folder (a search box's form action, say); not any word.
                        n if n.starts_with("data-")
                            && !value.contains(char::is_whitespace)
                            && (self.site_path(value.trim()).is_some()
                                || split_tail(&value).0.ends_with('/')) =>
                        {
                            self.relativise(&value, from)
                        }
                        _ => None,
                    };
                    if let Some(new) = new {
                        el.set_attribute(&name, &quick_xml::escape::minimal_escape(&new))?;
                    }
                }
                Ok(())
            }))
            .append_element_content_handler(text!("style", |chunk| {
                style.push_str(chunk.as_str());
                if chunk.last_in_text_node() {
                    let css = std::mem::take(&mut style);
                    chunk.replace(&self.relativise_css(&css, from), ContentType::Html);
                } else {
                    chunk.remove();
                }
                Ok(())
            }))
            // JSON-LD is data (a citation's URL stays public).
            .append_element_content_handler(text!(
                "script:not([type='application/ld+json'])",
                |chunk| {
                    script.push_str(chunk.as_str());
                    if chunk.last_in_text_node() {
                        let js = std::mem::take(&mut script);
                        chunk.replace(&self.relativise_script(&js, from), ContentType::Html);
                    } else {
                        chunk.remove();
                    }
                    Ok(())
                }
            ))
            // Read as text by a parser that runs scripts: HTML for the others.
            .append_element_content_handler(text!("noscript", |chunk| {
                noscript.push_str(chunk.as_str());
                if chunk.last_in_text_node() {
                    let inner = std::mem::take(&mut noscript);
                    let rewritten = self.relativise_html(&inner, from)?;
                    chunk.replace(&rewritten, ContentType::Html);
                } else {
                    chunk.remove();
                }
                Ok(())
            }));
        rewrite_str(html, settings)
            .map_err(|e| Error::other(format!("offline copy: could not rewrite `{from}`: {e}")))
    }

    /// `0; url=https://hub.example.org/x/` → `0; url=../x/index.html`.
    fn relativise_refresh(&self, content: &str, from: &str) -> Option<String> {
        let at = content.to_ascii_lowercase().find("url=")?;
        let (head, url) = content.split_at(at + 4);
        let url = url.trim().trim_matches(['"', '\'']);
        self.relativise(url, from).map(|new| format!("{head}{new}"))
    }
}

/// The shortest relative URL from the file `from` to the file `to`, both paths
/// inside the site (`fr/letters/index.html`, `fr/briefs/index.html` →
/// `../briefs/index.html`).
fn relative_path(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts[..to_parts.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dirs.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

/// `letters/?page=2#x` → (`letters/`, `?page=2#x`).
fn split_tail(url: &str) -> (&str, &str) {
    let at = url.find(['?', '#']).unwrap_or(url.len());
    url.split_at(at)
}

/// The file a site path names: folders (`letters/`, the empty path, a last
/// segment without a dot such as `letters`) get their `index.html`.
fn to_file(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else if names_folder(path) {
        format!("{path}/index.html")
    } else {
        path.to_string()
    }
}

/// Whether a path names a folder: ends with `/`, is `.` or `..`, or its last
/// segment has no extension (`letters`).
fn names_folder(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    path.is_empty() || path.ends_with('/') || last == "." || last == ".." || !last.contains('.')
}

fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// Passes every file on to `inner`, with the internal URLs of HTML and CSS
/// files (rendered or copied) made relative.
pub struct OfflineSink<'a> {
    pub inner: &'a dyn OutputSink,
    pub site: SiteAddress,
}

impl OutputSink for OfflineSink<'_> {
    fn accept(&self, mut file: OutputFile) -> Result<()> {
        let kind = file
            .path
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase());
        let is_html = matches!(kind.as_deref(), Some("html" | "htm" | "xhtml"));
        let is_css = kind.as_deref() == Some("css");
        if !is_html && !is_css {
            return self.inner.accept(file);
        }
        let bytes = match &file.data {
            OutputData::Bytes(b) => Cow::Borrowed(b.as_slice()),
            OutputData::Copy(src) => Cow::Owned(fs::read(src)?),
        };
        // A file that is not UTF-8 is not ours to rewrite.
        let Ok(text) = std::str::from_utf8(&bytes) else {
            return self.inner.accept(file);
        };
        let new = if is_html {
            self.site.relativise_html(text, &file.path)?
        } else {
            self.site.relativise_css(text, &file.path).into_owned()
        };
        file.data = OutputData::Bytes(new.into_bytes());
        self.inner.accept(file)
    }
}

/// Writes the folder `site` (an offline edition) as the zip file `zip`,
/// every file under one folder named after the zip (`hub.zip` holds
/// `hub/index.html`…), so that unzipping gives one folder to open. Entries
/// are in path order with a fixed date: the same site gives the same bytes.
/// Written beside `zip` and moved into place when complete.
pub fn write_zip(site: &Path, zip: &Path) -> Result<()> {
    use std::io::Write;
    let folder = zip
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "site".into());
    let partial = zip.with_extension("zip.agora-partial");
    let file = fs::create_file(&partial)?;
    let failed = |e: zip::result::ZipError| {
        let _ = fs::remove_file(&partial);
        fs::write_error(&partial, std::io::Error::other(e))
    };
    let mut writer = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for entry in WalkDir::new(site).sort_by_file_name() {
        let entry =
            entry.map_err(|e| Error::other(format!("could not list `{}`: {e}", site.display())))?;
        let inside = entry.path().strip_prefix(site).unwrap_or(entry.path());
        if inside.as_os_str().is_empty() {
            continue;
        }
        let name = format!(
            "{folder}/{}",
            inside
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        );
        if entry.file_type().is_dir() {
            writer
                .add_directory(name, options.unix_permissions(0o755))
                .map_err(failed)?;
        } else if entry.file_type().is_file() {
            writer.start_file(name, options).map_err(failed)?;
            writer
                .write_all(&fs::read(entry.path())?)
                .map_err(|e| fs::write_error(&partial, e))?;
        }
    }
    let mut inner = writer.finish().map_err(failed)?;
    inner.flush().map_err(|e| fs::write_error(&partial, e))?;
    drop(inner);
    fs::rename(&partial, zip)
}

/// Refuses a zip file inside the folder it is made from (the next build
/// would delete it, or zip it into itself).
pub fn check_zip_path(site: &Path, zip: &Path) -> Result<()> {
    let parent = zip
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let parent = std::path::absolute(parent).unwrap_or_else(|_| parent.to_path_buf());
    let site = std::path::absolute(site).unwrap_or_else(|_| site.to_path_buf());
    if parent.starts_with(&site) {
        return Err(Error::Usage(format!(
            "--zip `{}` is inside the output directory `{}`: put the zip file elsewhere",
            zip.display(),
            site.display()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SiteAddress {
        SiteAddress::new("https://hub.example.org")
    }

    #[test]
    fn internal_urls_become_relative_and_point_at_files() {
        let s = site();
        let from = "letters/x/index.html";
        let r = |u: &str| s.relativise(u, from);
        assert_eq!(
            r("https://hub.example.org/").as_deref(),
            Some("../../index.html")
        );
        assert_eq!(
            r("https://hub.example.org").as_deref(),
            Some("../../index.html")
        );
        assert_eq!(
            r("https://hub.example.org/fr/letters/?q=a#b").as_deref(),
            Some("../../fr/letters/index.html?q=a#b")
        );
        assert_eq!(
            r("https://hub.example.org/letters/y/").as_deref(),
            Some("../y/index.html")
        );
        assert_eq!(
            r("https://hub.example.org/letters/x/#fn-1").as_deref(),
            Some("index.html#fn-1")
        );
        assert_eq!(
            r("https://hub.example.org/letters/").as_deref(),
            Some("../index.html")
        );
        assert_eq!(r("/hub.css").as_deref(), Some("../../hub.css"));
        assert_eq!(r("//hub.example.org/a.png").as_deref(), Some("../../a.png"));
        assert_eq!(r("/topics").as_deref(), Some("../../topics/index.html"));
        assert_eq!(r("../y/").as_deref(), Some("../y/index.html"));
        assert_eq!(r("../y/#top").as_deref(), Some("../y/index.html#top"));
        assert_eq!(r("picture.png"), None);
        assert_eq!(r("#top"), None);
        assert_eq!(r("https://example.org/x/"), None);
        assert_eq!(r("//cdn.example.org/x.js"), None);
        assert_eq!(r("mailto:a@example.org"), None);
        assert_eq!(
            s.relativise("https://hub.example.org/a/", "index.html")
                .as_deref(),
            Some("a/index.html")
        );
    }

    #[test]
    fn a_site_under_a_sub_path_keeps_only_what_follows_it() {
        let s = SiteAddress::new("https://example.org/hub/");
        assert_eq!(
            s.relativise("https://example.org/hub/a/", "b/index.html")
                .as_deref(),
            Some("../a/index.html")
        );
        assert_eq!(
            s.relativise("/hub/a.css", "index.html").as_deref(),
            Some("a.css")
        );
        assert_eq!(
            s.relativise("https://example.org/other/", "index.html"),
            None
        );
    }

    #[test]
    fn html_attributes_styles_and_refreshes_are_rewritten_text_is_not() {
        let html = r#"<html><head><meta http-equiv="refresh" content="0; url=https://hub.example.org/a/"><link rel="stylesheet" href="https://hub.example.org/hub.css"><style>body{background:url(/bg.png)}</style></head><body><a href="/fr/">fr</a><img src="/i.png" srcset="/i.png 1x, /j.png 2x" style="background:url('/k.png')"><div data-action="https://hub.example.org/search/" data-lang="en" data-next="../b/" data-x="a/b"></div><p>https://hub.example.org/a/</p><a href="https://example.org/">out</a><a href="https:&#x2F;&#x2F;hub.example.org&#x2F;b&#x2F;?x=1&amp;y=2">b</a></body></html>"#;
        let out = site().relativise_html(html, "a/index.html").unwrap();
        for expected in [
            r#"content="0; url=index.html""#,
            r#"href="../hub.css""#,
            r#"url(../bg.png)"#,
            r#"href="../fr/index.html""#,
            r#"src="../i.png""#,
            r#"srcset="../i.png 1x, ../j.png 2x""#,
            r#"style="background:url('../k.png')""#,
            r#"data-action="../search/index.html""#,
            r#"data-lang="en""#,
            r#"data-next="../b/index.html""#,
            r#"data-x="a/b""#,
            "<p>https://hub.example.org/a/</p>",
            r#"href="https://example.org/""#,
            r#"href="../b/index.html?x=1&amp;y=2""#,
        ] {
            assert!(out.contains(expected), "{expected} in {out}");
        }
    }

    #[test]
    fn a_redirect_page_leads_into_the_copy_with_and_without_scripts() {
        let html = "<!doctype html>\n<script>\n  const target = \"https://hub.example.org/letters/\";\n  const base = \"https://hub.example.org/\";\n  window.location.replace(target + location.hash);\n</script>\n<noscript>\n  <meta http-equiv=\"refresh\" content=\"0; url=https://hub.example.org/letters/\">\n</noscript>\n<script type=\"application/ld+json\">{\"url\": \"https://hub.example.org/letters/\"}</script>";
        let out = site()
            .relativise_html(html, "letters/page/1/index.html")
            .unwrap();
        assert!(
            out.contains("const target = \"../../index.html\";"),
            "{out}"
        );
        assert!(
            out.contains("const base = \"https://hub.example.org/\";"),
            "{out}"
        );
        assert!(out.contains("content=\"0; url=../../index.html\""), "{out}");
        assert!(
            out.contains("{\"url\": \"https://hub.example.org/letters/\"}"),
            "{out}"
        );
    }

    #[test]
    fn stylesheet_urls_are_relative_to_the_stylesheet() {
        let css = "@import '/base.css';\n@font-face{src:url(\"/fonts/a.woff2\")}\n.x{background:url(data:image/png;base64,AA)}";
        let out = site().relativise_css(css, "css/site.css");
        assert_eq!(
            out,
            "@import '../base.css';\n@font-face{src:url(\"../fonts/a.woff2\")}\n.x{background:url(data:image/png;base64,AA)}"
        );
    }
}
