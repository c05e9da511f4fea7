//! E-books: with `[agora] ebooks = true`, one EPUB 3 per language,
//! `downloads/<name>-<lang>.epub`, holding the documents of that language
//! (the translation where there is one, else the version its placeholder
//! shows, with the placeholder's notice), grouped by section with a nested
//! table of contents, the book's metadata (title, language, authors,
//! dates, publisher), the images the documents show, footnotes marked for
//! e-readers, and right-to-left page progression for right-to-left
//! languages. The container, package document and navigation come from
//! the `epub-builder` crate; this module only decides what goes in.
//! Reads the frozen site (library and rendered HTML); returns files,
//! writes nothing.

pub mod xhtml;

use std::collections::HashMap;
use std::io::Cursor;

use epub_builder::{
    EpubBuilder, EpubContent, EpubVersion, MetadataOpfV3, PageDirection, ReferenceType, TocElement,
    ZipLibrary,
};
use rayon::prelude::*;
use sha2::Digest;

use crate::artifact::{OutputData, OutputFile};
use crate::content::escape_html as escape;
use crate::error::Diagnostic;
use crate::render::SiteData;
use crate::render::citation;
use crate::render::translation_views::ui_string;

/// Every language's e-book (none unless `[agora] ebooks = true`).
pub fn build_ebooks(site: &SiteData) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    if !site.config.agora.ebooks {
        return (Vec::new(), Vec::new());
    }
    let results: Vec<(String, Result<Vec<u8>, String>)> = site
        .config
        .all_languages()
        .into_par_iter()
        .map(|lang| (lang.to_string(), build_ebook(site, lang)))
        .collect();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for (lang, result) in results {
        match result {
            Ok(bytes) => files.push(OutputFile {
                path: site.config.ebook_path(&lang),
                data: OutputData::Bytes(bytes),
            }),
            Err(e) => errors.push(Diagnostic::error(format!(
                "could not make the `{lang}` e-book: {e}"
            ))),
        }
    }
    (files, errors)
}

/// One entry of a book: a section's opening page or a document.
struct Entry {
    file: String,
    level: i32,
    kind: EntryKind,
}

enum EntryKind {
    Section(usize),
    Document(usize),
}

/// The book of a language: its entries in reading order, and the file
/// each of the site's URL paths is in.
struct Plan {
    entries: Vec<Entry>,
    files: HashMap<String, String>,
}

fn plan(site: &SiteData, lang: &str) -> Plan {
    let lib = &site.lib;
    let mut plan = Plan {
        entries: Vec::new(),
        files: HashMap::new(),
    };
    let Some(root) = lib
        .sections
        .iter()
        .position(|s| s.lang == lang && s.parent.is_none())
    else {
        return plan;
    };
    fn walk(site: &SiteData, s: usize, level: i32, plan: &mut Plan) {
        let lib = &site.lib;
        let section = &lib.sections[s];
        let child_level = if level == 0 { 1 } else { level + 1 };
        if level > 0 {
            let file = format!("s{}.xhtml", plan.entries.len() + 1);
            plan.files.insert(section.path.clone(), file.clone());
            plan.entries.push(Entry {
                file,
                level,
                kind: EntryKind::Section(s),
            });
        }
        for &p in &section.pages {
            let page = &lib.pages[p];
            if !page.meta.render {
                continue;
            }
            let file = format!("d{}.xhtml", plan.entries.len() + 1);
            plan.files.insert(page.path.clone(), file.clone());
            plan.entries.push(Entry {
                file,
                level: child_level,
                kind: EntryKind::Document(p),
            });
        }
        for &sub in &section.subsections {
            walk(site, sub, child_level, plan);
        }
    }
    walk(site, root, 0, &mut plan);
    // Links to another language's version of a document in the book lead
    // into the book too.
    let mut others = Vec::new();
    for entry in &plan.entries {
        if let EntryKind::Document(p) = entry.kind {
            let page = &lib.pages[p];
            let versions = page
                .translations
                .iter()
                .copied()
                .chain(page.placeholder.as_ref().map(|ph| ph.source));
            for v in versions {
                others.push((lib.pages[v].path.clone(), entry.file.clone()));
            }
        }
    }
    for (path, file) in others {
        plan.files.entry(path).or_insert(file);
    }
    plan
}

/// Images copied into the book, by the file they came from.
#[derive(Default)]
struct Images {
    by_source: HashMap<std::path::PathBuf, String>,
    files: Vec<(String, Vec<u8>, &'static str)>,
}

/// Resolves the links and images of one chapter (the page at `base`).
struct Chapter<'a> {
    site: &'a SiteData,
    plan: &'a Plan,
    images: &'a mut Images,
    base: &'a str,
}

/// `/a/b/` joined with `../c/x.png` → `/a/c/x.png`.
fn join_path(base: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = if relative.starts_with('/') {
        Vec::new()
    } else {
        let dir = base.rsplit_once('/').map_or("", |(d, _)| d);
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if relative.ends_with('/') && out != "/" {
        out.push('/');
    }
    out
}

impl Chapter<'_> {
    /// A site-internal URL path for `href`, or `None` for an outside link.
    fn internal_path(&self, href: &str) -> Option<String> {
        let base_url = self.site.config.base_url.trim_end_matches('/');
        if let Some(rest) = href.strip_prefix(base_url)
            && (rest.is_empty() || rest.starts_with(['/', '#', '?']))
        {
            return Some(if rest.starts_with('/') {
                rest.to_string()
            } else {
                format!("/{rest}")
            });
        }
        if href.starts_with("//") || has_scheme(href) {
            return None;
        }
        Some(join_path(self.base, href))
    }
}

fn has_scheme(href: &str) -> bool {
    href.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

impl xhtml::Resolver for Chapter<'_> {
    fn link(&mut self, href: &str) -> Option<String> {
        if href.starts_with('#') {
            return Some(href.to_string());
        }
        let Some(path) = self.internal_path(href) else {
            if href.starts_with("//") {
                return Some(format!("https:{href}"));
            }
            let scheme = href.split_once(':').map(|(s, _)| s.to_lowercase());
            return matches!(
                scheme.as_deref(),
                Some("http" | "https" | "mailto" | "tel" | "ftp")
            )
            .then(|| href.to_string());
        };
        let (path, fragment) = match path.split_once('#') {
            Some((p, f)) => (p.to_string(), Some(f.to_string())),
            None => (path, None),
        };
        let path = path.split('?').next().unwrap_or_default();
        let mut key = path.trim_end_matches("index.html").to_string();
        if !key.ends_with('/') && !key.rsplit('/').next().unwrap_or("").contains('.') {
            key.push('/');
        }
        let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
        Some(match self.plan.files.get(&key) {
            Some(file) => format!("{file}{fragment}"),
            None => format!("{}{fragment}", self.site.config.make_permalink(path)),
        })
    }

    fn image(&mut self, src: &str) -> Option<String> {
        let path = self.internal_path(src)?;
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let file = self.site.find_file(path.trim_start_matches('/'))?;
        if let Some(name) = self.images.by_source.get(&file) {
            return Some(name.clone());
        }
        let ext = file.extension()?.to_string_lossy().to_lowercase();
        // The core media types of EPUB 3.2: others need fallbacks.
        let mime = match ext.as_str() {
            "png" => "image/png",
            "jpg" | "jpeg" => "image/jpeg",
            "gif" => "image/gif",
            "svg" => "image/svg+xml",
            _ => return None,
        };
        let bytes = crate::fs::read(&file).ok()?;
        let name = format!("images/image-{}.{ext}", self.images.files.len() + 1);
        self.images.by_source.insert(file, name.clone());
        self.images.files.push((name.clone(), bytes, mime));
        Some(name)
    }
}

/// An XHTML content document.
fn xhtml_page(lang: &str, dir: &str, title: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>{}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n<body>\n{body}\n</body>\n</html>\n",
        escape(title)
    )
}

const STYLESHEET: &str = "body { font-family: serif; line-height: 1.5; }\n\
h1, h2, h3 { font-family: sans-serif; line-height: 1.2; }\n\
.doc-meta, .citation { font-size: 0.9em; color: #444; }\n\
.notice { border: 1px solid #999; padding: 0.5em 1em; margin: 1em 0; }\n\
.footnotes { font-size: 0.9em; border-top: 1px solid #999; margin-top: 2em; }\n\
table { border-collapse: collapse; } td, th { border: 1px solid #999; padding: 0.2em 0.4em; }\n\
pre { white-space: pre-wrap; }\n";

/// `(year, month, day)` as the UTC midnight epub-builder takes.
fn utc(d: (i16, i8, i8)) -> Option<chrono::DateTime<chrono::Utc>> {
    use chrono::TimeZone;
    chrono::Utc
        .with_ymd_and_hms(d.0 as i32, d.1 as u32, d.2 as u32, 0, 0, 0)
        .single()
}

fn build_ebook(site: &SiteData, lang: &str) -> Result<Vec<u8>, String> {
    let config = &site.config;
    let lib = &site.lib;
    let catalog = &site.catalog;
    let dir = crate::i18n::text_direction(lang, config);
    let title = config.site_title(lang);
    let plan = plan(site, lang);
    let err = |e: epub_builder::Error| e.to_string();

    let mut builder = EpubBuilder::new(ZipLibrary::new().map_err(err)?).map_err(err)?;
    builder.epub_version(EpubVersion::V30);
    if dir == "rtl" {
        // `epub_direction` sets a field epub-builder 0.8.3 does not read;
        // the spine's direction comes from the metadata.
        builder.epub_direction(PageDirection::Rtl);
        builder.metadata("direction", "rtl").map_err(err)?;
    }
    builder.set_title(title.clone());
    builder.add_language(lang);
    builder.set_generator("agora");
    builder.set_toc_name(ui_string(
        "agora_ebook_contents",
        lang,
        config,
        catalog,
        &[],
    ));
    let description = if lang == config.default_language {
        config.description.clone()
    } else {
        config
            .languages
            .get(lang)
            .and_then(|l| l.description.clone())
    };
    if let Some(d) = &description {
        builder.add_description(d.clone());
    }
    builder.add_author(config.author.clone().unwrap_or_else(|| title.clone()));
    builder.add_metadata_opf(Box::new(MetadataOpfV3::new(
        "dcterms:publisher".into(),
        escape(&title),
    )));
    builder.add_metadata_opf(Box::new(MetadataOpfV3::new(
        "dcterms:source".into(),
        escape(&config.make_permalink(if lang == config.default_language {
            ""
        } else {
            lang
        })),
    )));
    // Dates and identifier from the content, so that a site gives the same book.
    let dates = plan.entries.iter().filter_map(|e| match e.kind {
        EntryKind::Document(p) => {
            let page = &lib.pages[p];
            page.updated.as_ref().or(page.date.as_ref())
        }
        EntryKind::Section(_) => None,
    });
    let newest = dates.max_by_key(|d| d.timestamp);
    let published = newest.map(|d| (d.year, d.month, d.day));
    if let Some(date) = published.and_then(utc) {
        builder.set_publication_date(date);
        builder.set_modified_date(date);
    } else if let Some(epoch) = utc((2000, 1, 1)) {
        builder.set_modified_date(epoch);
    }
    let seed = sha2::Sha256::digest(format!("{}|{lang}", config.base_url).as_bytes());
    let mut id = [0u8; 16];
    id.copy_from_slice(&seed[..16]);
    builder.set_uuid(uuid::Builder::from_sha1_bytes(id).into_uuid());
    builder.stylesheet(STYLESHEET.as_bytes()).map_err(err)?;

    let mut images = Images::default();
    // Title page.
    let home = config.make_permalink(if lang == config.default_language {
        ""
    } else {
        lang
    });
    let mut body = format!(
        "<section epub:type=\"titlepage\">\n<h1>{}</h1>\n",
        escape(&title)
    );
    if let Some(d) = &description {
        body.push_str(&format!("<p>{}</p>\n", escape(d)));
    }
    if let Some(d) = published {
        body.push_str(&format!(
            "<p><time datetime=\"{0:04}-{1:02}-{2:02}\">{0:04}-{1:02}-{2:02}</time></p>\n",
            d.0, d.1, d.2
        ));
    }
    body.push_str(&format!(
        "<p><a href=\"{}\">{}</a></p>\n</section>",
        escape(&home),
        escape(&home)
    ));
    builder
        .add_content(
            EpubContent::new(
                "title.xhtml",
                Cursor::new(xhtml_page(lang, dir, &title, &body).into_bytes()),
            )
            .title(title.clone())
            .reftype(ReferenceType::TitlePage),
        )
        .map_err(err)?;

    let mut first_document = true;
    for entry in &plan.entries {
        let (heading, body, children) = match entry.kind {
            EntryKind::Section(s) => {
                let section = &lib.sections[s];
                let shown = section.placeholder_of.map_or(section, |o| &lib.sections[o]);
                let heading = section
                    .meta
                    .title
                    .clone()
                    .or_else(|| shown.meta.title.clone())
                    .unwrap_or_else(|| section.path.clone());
                let mut chapter = Chapter {
                    site,
                    plan: &plan,
                    images: &mut images,
                    base: &section.path,
                };
                let content = xhtml::to_xhtml(&section.content, &mut chapter);
                let body = format!(
                    "<section epub:type=\"part\">\n<h1>{}</h1>\n{content}\n</section>",
                    escape(&heading)
                );
                (heading, body, Vec::new())
            }
            EntryKind::Document(p) => {
                let (heading, body, children) =
                    document_chapter(site, lang, p, &plan, &mut images, &entry.file);
                (heading, body, children)
            }
        };
        let mut content = EpubContent::new(
            entry.file.clone(),
            Cursor::new(xhtml_page(lang, dir, &heading, &body).into_bytes()),
        )
        .title(heading)
        .level(entry.level);
        for child in children {
            content = content.child(child);
        }
        if first_document && matches!(entry.kind, EntryKind::Document(_)) {
            content = content.reftype(ReferenceType::Text);
            first_document = false;
        }
        builder.add_content(content).map_err(err)?;
    }
    for (name, bytes, mime) in &images.files {
        builder
            .add_resource(name, bytes.as_slice(), *mime)
            .map_err(err)?;
    }
    let mut epub = Vec::new();
    builder.generate(&mut epub).map_err(err)?;
    finish_archive(&epub, lang, dir)
}

/// A document's chapter: heading, XHTML body, and its sections for the
/// table of contents.
fn document_chapter(
    site: &SiteData,
    lang: &str,
    p: usize,
    plan: &Plan,
    images: &mut Images,
    file: &str,
) -> (String, String, Vec<TocElement>) {
    let lib = &site.lib;
    let config = &site.config;
    let page = &lib.pages[p];
    let shown = page
        .placeholder
        .as_ref()
        .map_or(page, |ph| &lib.pages[ph.source]);
    let heading = shown
        .meta
        .title
        .clone()
        .unwrap_or_else(|| shown.slug.clone());
    let source_lang = &shown.lang;
    let source_dir = crate::i18n::text_direction(source_lang, config);
    let foreign = if source_lang != lang {
        format!(
            " lang=\"{0}\" xml:lang=\"{0}\" dir=\"{source_dir}\"",
            escape(source_lang)
        )
    } else {
        String::new()
    };
    let reference = citation::reference(lib, config, p);
    let mut body = format!(
        "<article epub:type=\"chapter\">\n<header>\n<h1{foreign}>{}</h1>\n",
        escape(&heading)
    );
    let mut meta = Vec::new();
    if let Some(d) = reference.date {
        meta.push(format!(
            "<time datetime=\"{0:04}-{1:02}-{2:02}\">{0:04}-{1:02}-{2:02}</time>",
            d.0, d.1, d.2
        ));
    }
    if !reference.creators.is_empty() {
        let names: Vec<String> = reference
            .creators
            .iter()
            .map(|c| format!("<bdi>{}</bdi>", escape(&c.display())))
            .collect();
        meta.push(names.join(", "));
    }
    if !meta.is_empty() {
        body.push_str(&format!("<p class=\"doc-meta\">{}</p>\n", meta.join(" · ")));
    }
    body.push_str("</header>\n");
    if page.placeholder.is_some() {
        let notice = ui_string(
            "agora_placeholder_notice",
            lang,
            config,
            &site.catalog,
            &[
                (
                    "language",
                    &crate::i18n::language_name_in(lang, lang, config, &site.catalog),
                ),
                (
                    "source_language",
                    &crate::i18n::language_name_in(source_lang, lang, config, &site.catalog),
                ),
            ],
        );
        body.push_str(&format!(
            "<div class=\"notice\"><p>{}</p></div>\n",
            escape(&notice)
        ));
    }
    if let Some(d) = &shown.meta.description {
        body.push_str(&format!(
            "<p class=\"lead\"{foreign}><em>{}</em></p>\n",
            escape(d)
        ));
    }
    let mut chapter = Chapter {
        site,
        plan,
        images,
        base: &shown.path,
    };
    let content = xhtml::to_xhtml(&shown.content.unpack(), &mut chapter);
    if foreign.is_empty() {
        body.push_str(&content);
    } else {
        body.push_str(&format!("<div{foreign}>\n{content}\n</div>"));
    }
    let (_, cite_html) = citation::formatted(&reference, lang, config, &site.catalog);
    body.push_str(&format!(
        "\n<p class=\"citation\">{}</p>\n</article>",
        cite_html
    ));
    let children = shown
        .toc
        .iter()
        .filter(|h| !h.id.is_empty())
        .map(|h| TocElement::new(format!("{file}#{}", h.id), h.title.clone()))
        .collect();
    (heading, body, children)
}

/// The archive again, with every entry dated 1980-01-01 (the zip library
/// dates entries with the clock): the same site gives the same bytes, and
/// an unchanged book is not rewritten. Entries are copied as they are,
/// except the package document (epub-builder 0.8.3 gives `dc:language` and
/// `dc:creator` the same `id`, `epub-creator-0`, a duplicate: the languages
/// get ids of their own) and the navigation document, which gets the book's
/// `lang` and `dir` (epub-builder writes none: an Arabic table of contents
/// would read left to right).
fn finish_archive(epub: &[u8], lang: &str, dir: &str) -> Result<Vec<u8>, String> {
    use std::io::{Read, Write};
    let fail = |e: zip::result::ZipError| e.to_string();
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).map_err(fail)?;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(epub.len())));
    for i in 0..archive.len() {
        let name = archive.by_index_raw(i).map_err(fail)?.name().to_string();
        if name.ends_with(".opf") || name.ends_with("nav.xhtml") {
            let mut text = String::new();
            archive
                .by_index(i)
                .map_err(fail)?
                .read_to_string(&mut text)
                .map_err(|e| e.to_string())?;
            let text = text
                .replace(
                    "<dc:language id=\"epub-creator-",
                    "<dc:language id=\"epub-language-",
                )
                // The table of contents in the book's language and direction.
                .replacen(
                    "xmlns:epub=\"http://www.idpf.org/2007/ops\">",
                    &format!(
                        "xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{lang}\" xml:lang=\"{lang}\" dir=\"{dir}\">"
                    ),
                    1,
                );
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .last_modified_time(zip::DateTime::default());
            writer.start_file(name, options).map_err(fail)?;
            writer
                .write_all(text.as_bytes())
                .map_err(|e| e.to_string())?;
            continue;
        }
        let entry = archive.by_index_raw(i).map_err(fail)?;
        writer
            .raw_copy_file_touch(entry, zip::DateTime::default(), None)
            .map_err(fail)?;
    }
    Ok(writer.finish().map_err(fail)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::join_path;

    #[test]
    fn relative_links_resolve_against_the_page() {
        assert_eq!(join_path("/briefs/x/", "map.png"), "/briefs/x/map.png");
        assert_eq!(join_path("/briefs/x/", "../y/"), "/briefs/y/");
        assert_eq!(join_path("/briefs/x/", "/static/a.png"), "/static/a.png");
    }
}
