//! Walks `content/` and builds the frozen `Library`: sections, pages,
//! translations, taxonomies, ordering. Renders no template and writes nothing;
//! Markdown is turned into HTML here through `content`, with the hooks the
//! caller provides.

mod check;
mod document_exchange;
mod documents;
mod file_info;
mod pagination;
mod plan;
mod shortcode_context;
mod status;
mod taxonomy;
mod translate;
mod translations;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

pub use check::{CheckStats, ExternalReport, NotChecked, check_anchors, check_external_links};
pub use document_exchange::{
    DocumentFile, DocumentImportReport, DocumentSegments, collect_document_files,
    document_segments, import_document_items, is_document_entry,
};
pub use documents::{SegmentCoverage, parse_entry_id};
pub use file_info::{FileInfo, split_date_prefix};
pub use pagination::{Pager, paginate};
pub use plan::{
    Feed, JobKind, Plan, RenderJob, SitemapEntry, drop_overwritten_by_taxonomies, plan_feeds,
    plan_site, redirect_job, sitemap_entries, status_page_path,
};
pub use status::{LanguageStatus, OutdatedDocument, translation_status};
pub use taxonomy::{Taxonomy, Term};
pub use translate::{create_translation, mark_current, with_source_version};
pub use translations::{Alternate, alternates, page_alternates, section_alternates};

use crate::config::{Config, InsertAnchor};
use crate::content::{
    self, Heading, Highlighter, MarkdownContext, MarkdownHooks, PageFrontMatter,
    SectionFrontMatter, SortBy,
};
use crate::error::{Diagnostic, Diagnostics, Result};
use crate::fs;

/// A date as written in front matter, with what sorting and templates need.
#[derive(Debug, Clone, PartialEq)]
pub struct DateInfo {
    /// As Zola shows it (`2017-06-20` or `2017-06-20T10:00:00Z`).
    pub text: String,
    pub year: i16,
    pub month: i8,
    pub day: i8,
    /// Seconds since the epoch (UTC; local times taken as UTC), for sorting.
    pub timestamp: i64,
}

/// The folders of a URL path (`/blog/post/` → `["blog", "post"]`): Zola's `components`.
pub fn path_components(path: &str) -> Vec<&str> {
    path.split('/').filter(|c| !c.is_empty()).collect()
}

impl DateInfo {
    /// Puts a page's `date`, `year`, `month` and `day` into a template view
    /// (all null without a date), as Zola shows them.
    pub fn insert_fields(
        date: Option<&DateInfo>,
        m: &mut serde_json::Map<String, serde_json::Value>,
    ) {
        let field = |f: fn(&DateInfo) -> serde_json::Value| date.map_or(serde_json::Value::Null, f);
        m.insert("date".into(), field(|d| d.text.clone().into()));
        m.insert("year".into(), field(|d| d.year.into()));
        m.insert("month".into(), field(|d| d.month.into()));
        m.insert("day".into(), field(|d| d.day.into()));
    }
}

#[derive(Debug, Clone)]
pub struct Page {
    pub file: FileInfo,
    pub meta: PageFrontMatter,
    pub lang: String,
    pub slug: String,
    /// URL path, `/blog/post/`.
    pub path: String,
    pub permalink: String,
    /// Where the Markdown body starts in the file (the body itself is not
    /// kept: it is read again when rendered).
    pub body_offset: usize,
    /// Rendered HTML, compressed, shared with the placeholders that show this page.
    pub content: PackedHtml,
    pub summary: Option<Arc<str>>,
    pub toc: Vec<Heading>,
    pub word_count: usize,
    pub reading_time: usize,
    pub date: Option<DateInfo>,
    pub updated: Option<DateInfo>,
    pub assets: Vec<PathBuf>,
    pub parent_section: Option<usize>,
    pub ancestors: Vec<usize>,
    pub lower: Option<usize>,
    pub higher: Option<usize>,
    pub translations: Vec<usize>,
    pub internal_links: Vec<(String, Option<String>)>,
    /// `http(s)://` links of the Markdown, in order (`agora check`).
    pub external_links: Vec<String>,
    /// Set when this page stands in for a missing translation.
    pub placeholder: Option<Placeholder>,
    /// This file's version: a hash of its Markdown body (see [`source_version`]).
    pub version: String,
    /// For a translation: the version of the original it was made from
    /// (`[extra.agora] source_version`), when recorded.
    pub translated_from: Option<String>,
    /// For a translation whose original changed since: the original.
    pub outdated_of: Option<usize>,
    /// For a translation written by segment (`[extra.agora] segments`): how
    /// many of the original's segments it translates, current or not.
    pub segments: Option<SegmentCoverage>,
}

/// The version of a document: the first 16 hex digits of the SHA-256 of its
/// Markdown body (after the front matter, line endings normalised, outer
/// white space trimmed). Front-matter edits (a date, a tag) do not change it.
pub fn source_version(body: &str) -> String {
    use sha2::Digest;
    let normalised = body.replace("\r\n", "\n");
    let digest = sha2::Sha256::digest(normalised.trim().as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The `source_version` a translation's front matter records, under `[extra.agora]`.
pub fn recorded_source_version(extra: &toml::Table) -> Option<String> {
    extra
        .get("agora")?
        .as_table()?
        .get("source_version")?
        .as_str()
        .map(str::to_string)
}

/// A page's rendered HTML, kept compressed (LZ4) between rendering the
/// Markdown and writing the page: a site's text is most of a build's memory,
/// and each page's HTML is read back only a few times.
#[derive(Clone, Default)]
pub struct PackedHtml(Option<Arc<[u8]>>);

impl PackedHtml {
    const BAD: &str = "packed HTML is valid LZ4 of UTF-8 written by `pack`";

    pub fn pack(html: &str) -> PackedHtml {
        if html.is_empty() {
            return PackedHtml(None);
        }
        PackedHtml(Some(Arc::from(lz4_flex::compress_prepend_size(
            html.as_bytes(),
        ))))
    }

    pub fn unpack(&self) -> String {
        let Some(bytes) = &self.0 else {
            return String::new();
        };
        lz4_flex::decompress_size_prepended(bytes)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .expect(Self::BAD)
    }

    /// The HTML, unpacked into `buf` (kept between calls, so that reading
    /// many pages allocates once): what the search index reads.
    pub fn unpack_into<'b>(&self, buf: &'b mut Vec<u8>) -> &'b str {
        buf.clear();
        let Some(bytes) = &self.0 else {
            return "";
        };
        let (size, rest) = lz4_flex::block::uncompressed_size(bytes).expect(Self::BAD);
        buf.resize(size, 0);
        let written = lz4_flex::block::decompress_into(rest, buf).expect(Self::BAD);
        buf.truncate(written);
        simdutf8::basic::from_utf8(buf).expect(Self::BAD)
    }
}

impl std::fmt::Debug for PackedHtml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let size = self.0.as_ref().map_or(0, |b| b.len());
        write!(f, "PackedHtml({size} bytes)")
    }
}

/// A page generated where a translation is missing: it shows `source`, the
/// best version along the language's fallback chain.
#[derive(Debug, Clone, PartialEq)]
pub struct Placeholder {
    pub source: usize,
    pub source_lang: String,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub file: FileInfo,
    pub meta: SectionFrontMatter,
    pub lang: String,
    pub path: String,
    pub permalink: String,
    pub raw_content: String,
    pub body_offset: usize,
    pub content: String,
    pub toc: Vec<Heading>,
    pub word_count: usize,
    pub reading_time: usize,
    pub assets: Vec<PathBuf>,
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
    pub ancestors: Vec<usize>,
    pub translations: Vec<usize>,
    pub parent: Option<usize>,
    /// For a section made because `_index.<lang>.md` is missing: the section shown.
    pub placeholder_of: Option<usize>,
    /// Made by agora because the folder has no `_index` file for this language.
    pub generated: bool,
    /// This file's version (see [`source_version`]).
    pub version: String,
    /// For a translation: the version of the original it was made from.
    pub translated_from: Option<String>,
    /// For a translation whose original changed since: the original.
    pub outdated_of: Option<usize>,
    /// For a translation written by segment: see [`Page::segments`].
    pub segments: Option<SegmentCoverage>,
    /// `@/` targets (path, anchor) this section links to.
    pub internal_links: Vec<(String, Option<String>)>,
    /// `http(s)://` links of the Markdown, in order (`agora check`).
    pub external_links: Vec<String>,
}

/// The whole site's content, frozen after loading; shared by reference.
#[derive(Debug, Default)]
pub struct Library {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    pub taxonomies: Vec<Taxonomy>,
    /// Relative path (`blog/post.fr.md`) → page index.
    pub pages_by_path: HashMap<String, usize>,
    pub sections_by_path: HashMap<String, usize>,
    /// Stylesheets for class-based highlighting: (file name, CSS).
    pub highlight_css: Vec<(String, String)>,
    /// The highlighter of the content's code blocks (the `markdown` filter
    /// uses it too).
    pub highlighter: Option<std::sync::Arc<Highlighter>>,
    /// Relative path of a page or section → the pages that link to it with `@/`.
    pub backlinks: HashMap<String, Vec<usize>>,
}

impl Library {
    pub fn page(&self, relative_path: &str) -> Option<&Page> {
        self.pages_by_path
            .get(relative_path)
            .map(|i| &self.pages[*i])
    }

    pub fn section(&self, relative_path: &str) -> Option<&Section> {
        self.sections_by_path
            .get(relative_path)
            .map(|i| &self.sections[*i])
    }
}

/// Options of a build that change what is loaded.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions<'a> {
    pub drafts: bool,
    /// Load front matter and structure only (for `agora i18n status`).
    pub skip_markdown: bool,
    /// Pages rendered by an earlier build of the same site (`serve`).
    pub cache: Option<&'a MarkdownCache>,
    /// The code highlighter, made for the site's Zola generation (see
    /// [`Highlighter::for_site`]); `None` leaves code unhighlighted.
    pub highlighter: Option<std::sync::Arc<Highlighter>>,
}

/// Pages kept between builds by `serve`: a file unchanged since (same
/// modification time and size) is not parsed again, and a page whose file,
/// permalink and section settings are unchanged, in a site whose permalinks
/// are unchanged, is not rendered again. Whoever holds the cache
/// clears it when config or templates change (they shape the HTML too).
#[derive(Default)]
pub struct MarkdownCache {
    entries: std::sync::Mutex<HashMap<PathBuf, CachedMarkdown>>,
    /// Files as parsed (front matter, before linking), by path, with the
    /// stamp (modification time and size) of the file they were read from.
    parsed: std::sync::Mutex<HashMap<PathBuf, (String, Parsed)>>,
}

/// A content file as parsed, before the library links it.
#[derive(Clone)]
enum Parsed {
    Page(Box<Page>),
    Section(Box<Section>),
}

/// When and how big a file was last written: what tells the cache a file changed.
fn file_stamp(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    Some(format!("{:?} {}", meta.modified().ok()?, meta.len()))
}

struct CachedMarkdown {
    key: u64,
    content: PackedHtml,
    summary: Option<Arc<str>>,
    toc: Vec<Heading>,
    internal_links: Vec<(String, Option<String>)>,
    external_links: Vec<String>,
}

impl std::fmt::Debug for MarkdownCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MarkdownCache({} pages)", self.len())
    }
}

impl MarkdownCache {
    pub fn clear(&self) {
        self.lock().clear();
        self.parsed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// How many pages it holds.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, CachedMarkdown>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn cache_key(parts: &[&str]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

/// Reads every content file and builds the library. Content errors of all
/// files are collected and returned together.
pub fn load_library(
    root: &Path,
    config: &Config,
    options: &LoadOptions,
    hooks: &dyn MarkdownHooks,
) -> Result<(Library, Diagnostics)> {
    let mut phases = crate::profile::Phases::start();
    let content_dir = root.join("content");
    let mut diagnostics = Diagnostics::default();
    let ignored = build_globset(&config.ignored_content)?;
    let langs: Vec<&str> = config.all_languages();

    let mut md_files = Vec::new();
    if fs::is_dir(&content_dir) {
        for entry in WalkDir::new(&content_dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
        {
            let entry = entry.map_err(|e| crate::error::Error::other(e.to_string()))?;
            let path = entry.path();
            if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            if is_ignored(&ignored, path) {
                continue;
            }
            if let Some(code) = unloaded_index_language(path, config) {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "`_index.{code}.md` is not read: `{code}` is {}, so this folder's section is `_index.md` (Zola ignores this file too)",
                        if code == config.default_language { "the default language" } else { "not a language of this site" }
                    ))
                    .in_file(path)
                    .with_help("merge it into `_index.md`, or delete it"),
                );
                continue;
            }
            md_files.push(path.to_path_buf());
        }
    }

    // Parse every file in parallel; keep errors per file. `serve` keeps the
    // parsed files: one unchanged since is not read again.
    let cached = |path: &PathBuf| -> Option<(Option<String>, Option<Parsed>)> {
        let cache = options.cache?;
        let stamp = file_stamp(path);
        let hit = stamp.as_ref().and_then(|stamp| {
            let parsed = cache.parsed.lock().unwrap_or_else(|e| e.into_inner());
            parsed
                .get(path)
                .filter(|(s, _)| s == stamp)
                .map(|(_, p)| p.clone())
        });
        Some((stamp, hit))
    };
    let parsed: Vec<std::result::Result<Parsed, Vec<Diagnostic>>> = md_files
        .par_iter()
        .map(|path| {
            let stamp = match cached(path) {
                Some((_, Some(hit))) => return Ok(hit),
                Some((stamp, None)) => stamp,
                None => None,
            };
            let parsed = parse_file(
                path,
                &content_dir,
                config,
                &langs,
                hooks.templates_content(),
            );
            if let (Some(cache), Some(stamp), Ok(p)) = (options.cache, stamp, &parsed) {
                cache
                    .parsed
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(path.clone(), (stamp, p.clone()));
            }
            parsed
        })
        .collect();

    let mut lib = Library::default();
    let mut drafted: Vec<PathBuf> = Vec::new();
    for p in parsed {
        match p {
            Ok(Parsed::Page(page)) => {
                if page.meta.draft && !options.drafts {
                    continue;
                }
                lib.pages.push(*page);
            }
            Ok(Parsed::Section(section)) => {
                if section.meta.draft && !options.drafts {
                    drafted.push(section.file.parent.clone());
                    continue;
                }
                lib.sections.push(*section);
            }
            Err(ds) => ds.into_iter().for_each(|d| diagnostics.push(d)),
        }
    }
    check_index_pages(&lib, &drafted, &content_dir, &mut diagnostics);
    // Drafted sections drop their whole subtree.
    lib.pages
        .retain(|p| !drafted.iter().any(|d| p.file.path.starts_with(d)));
    lib.sections
        .retain(|s| !drafted.iter().any(|d| s.file.path.starts_with(d)));
    // Every language gets an index section, as in Zola.
    for lang in &langs {
        if !lib
            .sections
            .iter()
            .any(|s| s.file.components.is_empty() && s.lang == *lang)
        {
            let name = if *lang == config.default_language {
                "_index.md".to_string()
            } else {
                format!("_index.{lang}.md")
            };
            let file = FileInfo::new(
                &content_dir.join(&name),
                &content_dir,
                &config.default_language,
                &langs,
            )
            .map_err(crate::error::Error::other)?;
            let mut s = new_section(
                file,
                SectionFrontMatter::default(),
                String::new(),
                0,
                config,
            );
            s.generated = true;
            lib.sections.push(s);
        }
    }
    lib.sections
        .sort_by(|a, b| a.file.relative_path.cmp(&b.file.relative_path));
    lib.pages
        .sort_by(|a, b| a.file.relative_path.cmp(&b.file.relative_path));
    for (i, p) in lib.pages.iter().enumerate() {
        lib.pages_by_path.insert(p.file.relative_path.clone(), i);
    }
    for (i, s) in lib.sections.iter().enumerate() {
        lib.sections_by_path.insert(s.file.relative_path.clone(), i);
    }

    phases.mark("  read, parse");
    check_taxonomies_declared(&lib, config, &mut diagnostics);
    add_placeholders(&mut lib, config);
    phases.mark("  placeholders");
    link_sections_and_pages(&mut lib, &mut diagnostics);
    link_translations(&mut lib, config);
    phases.mark("  link, sort");
    collect_assets(&mut lib, &ignored)?;
    let taxonomies = taxonomy::build_taxonomies(&lib, config);
    lib.taxonomies = taxonomies;
    phases.mark("  assets, terms");

    // Markdown needs every permalink, so it comes last, in parallel.
    let highlighter = options.highlighter.clone();
    lib.highlighter = highlighter.clone();
    if options.skip_markdown {
        return Ok((lib, diagnostics));
    }
    render_all_markdown(
        &mut lib,
        config,
        hooks,
        highlighter.as_deref(),
        options.cache,
        &mut diagnostics,
    );
    phases.mark("  markdown");
    lib.highlight_css = highlighter.map(|h| h.stylesheets()).unwrap_or_default();
    for (i, page) in lib.pages.iter().enumerate() {
        for (target, _) in &page.internal_links {
            let sources = lib.backlinks.entry(target.clone()).or_default();
            if sources.last() != Some(&i) {
                sources.push(i);
            }
        }
    }

    Ok((lib, diagnostics))
}

/// Reads and parses one content file (front matter, structure; not Markdown).
/// `per_language_reading`: reading time at each language's reading speed,
/// as Zola 0.23 counts it (Tera 2 sites), instead of 200 words a minute.
fn parse_file(
    path: &Path,
    content_dir: &Path,
    config: &Config,
    langs: &[&str],
    per_language_reading: bool,
) -> std::result::Result<Parsed, Vec<Diagnostic>> {
    let text = fs::read_to_string(path).map_err(|e| match e {
        crate::error::Error::Diagnostics(d) => d,
        e => vec![Diagnostic::error(e.to_string()).in_file(path)],
    })?;
    let file = FileInfo::new(path, content_dir, &config.default_language, langs)
        .map_err(|m| vec![Diagnostic::error(m).in_file(path)])?;
    let split = content::split_front_matter(&text, path).map_err(|d| vec![d])?;
    let body = split.body;
    let body_offset = split.body_offset;
    let is_section = file.relative_path.ends_with("_index.md")
        || file
            .relative_path
            .rsplit('/')
            .next()
            .is_some_and(|n| n.starts_with("_index."));
    let reading = per_language_reading.then(|| content::reading_analytics(body, &file.lang));
    if is_section {
        let meta = content::parse_section_front_matter(&split, &text, path).map_err(|d| vec![d])?;
        check_aliases(&meta.aliases, path, &text)?;
        let mut section = new_section(file, meta, body.to_string(), body_offset, config);
        if let Some((words, minutes)) = reading {
            section.word_count = words;
            section.reading_time = minutes;
        }
        Ok(Parsed::Section(Box::new(section)))
    } else {
        let meta = content::parse_page_front_matter(&split, &text, path).map_err(|d| vec![d])?;
        check_aliases(&meta.aliases, path, &text)?;
        let mut page = new_page(file, meta, body, body_offset, config, &text)?;
        if let Some((words, minutes)) = reading {
            page.word_count = words;
            page.reading_time = minutes;
        }
        Ok(Parsed::Page(Box::new(page)))
    }
}

/// An alias is a path inside the output: one that climbs out with `..` is
/// refused where the file declares it.
fn check_aliases(
    aliases: &[String],
    path: &Path,
    text: &str,
) -> std::result::Result<(), Vec<Diagnostic>> {
    let errors: Vec<Diagnostic> = aliases
        .iter()
        .filter(|a| a.split(['/', '\\']).any(|part| part == ".."))
        .map(|alias| {
            let key = crate::config::find_key_span(text, "aliases");
            // As written (a TOML escape may spell it differently): else the `..` after the key.
            let span = text
                .find(alias.as_str())
                .map(|at| at..at + alias.len())
                .or_else(|| text[key.start..].find("..").map(|i| key.start + i..key.start + i + 2))
                .unwrap_or(key);
            Diagnostic::error(format!(
                "the alias `{alias}` leads outside the output folder: `..` is not allowed in an alias"
            ))
            .in_file(path)
            .at(text, span)
            .with_help("an alias is a path of the site, such as \"/old/address/\"")
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// For every document missing in a language that wants placeholders, adds a
/// page at the URL its translation would have, showing the best version along
/// the language's fallback chain. Sections missing `_index.<lang>.md` get one too.
fn add_placeholders(lib: &mut Library, config: &Config) {
    if !config.is_multilingual() {
        return;
    }
    let langs = config.all_languages();
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in lib.pages.iter().enumerate() {
        groups.entry(p.file.canonical.clone()).or_default().push(i);
    }
    let mut new_pages = Vec::new();
    for members in groups.values() {
        for &lang in &langs {
            if !config.placeholders_for(lang) || members.iter().any(|&m| lib.pages[m].lang == lang)
            {
                continue;
            }
            let chain = config.fallback_chain(lang);
            let source = chain
                .iter()
                .find_map(|l| members.iter().copied().find(|&m| lib.pages[m].lang == *l))
                .or_else(|| {
                    langs
                        .iter()
                        .find_map(|l| members.iter().copied().find(|&m| lib.pages[m].lang == *l))
                });
            let Some(source) = source else { continue };
            new_pages.push(placeholder_page(&lib.pages[source], source, lang, config));
        }
    }
    lib.pages.extend(new_pages);

    // Sections: one per folder and missing language.
    let mut sgroups: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
    for (i, s) in lib.sections.iter().enumerate() {
        sgroups
            .entry(s.file.components.clone())
            .or_default()
            .push(i);
    }
    let mut new_sections = Vec::new();
    let mut replaced = Vec::new();
    for (_, members) in sgroups {
        for &lang in &langs {
            if !config.placeholders_for(lang) {
                continue;
            }
            // An empty index made for a language without `_index.<lang>.md` is replaced too.
            let existing = members
                .iter()
                .copied()
                .find(|&m| lib.sections[m].lang == lang);
            if existing.is_some_and(|m| !lib.sections[m].generated) {
                continue;
            }
            let chain = config.fallback_chain(lang);
            let Some(source) = chain.iter().find_map(|l| {
                members
                    .iter()
                    .copied()
                    .find(|&m| lib.sections[m].lang == *l && !lib.sections[m].generated)
            }) else {
                continue;
            };
            let src = &lib.sections[source];
            let mut file = src.file.clone();
            file.lang = lang.to_string();
            file.relative_path = localized_relative_path(&src.file.canonical, lang, config);
            let mut s = new_section(
                file,
                src.meta.clone(),
                src.raw_content.clone(),
                src.body_offset,
                config,
            );
            s.meta.aliases.clear();
            s.generated = true;
            s.placeholder_of = Some(source);
            match existing {
                Some(m) => replaced.push((m, s)),
                None => new_sections.push(s),
            }
        }
    }
    for (m, s) in replaced {
        lib.sections[m] = s;
    }
    lib.sections.extend(new_sections);
    lib.pages_by_path.clear();
    lib.sections_by_path.clear();
    for (i, p) in lib.pages.iter().enumerate() {
        lib.pages_by_path.insert(p.file.relative_path.clone(), i);
    }
    for (i, s) in lib.sections.iter().enumerate() {
        lib.sections_by_path.insert(s.file.relative_path.clone(), i);
    }
}

/// `letters/x.md` in `ky` → `letters/x.ky.md`.
fn localized_relative_path(canonical: &str, lang: &str, config: &Config) -> String {
    if lang == config.default_language {
        return canonical.to_string();
    }
    match canonical.strip_suffix(".md") {
        Some(stem) => format!("{stem}.{lang}.md"),
        None => canonical.to_string(),
    }
}

fn placeholder_page(source: &Page, source_index: usize, lang: &str, config: &Config) -> Page {
    let mut page = source.clone();
    page.lang = lang.to_string();
    page.file.lang = lang.to_string();
    page.file.relative_path = localized_relative_path(&source.file.canonical, lang, config);
    let prefix = lang_prefix(lang, config);
    page.path = match &source.meta.path {
        Some(_) => format!(
            "/{prefix}{}",
            source
                .path
                .trim_start_matches('/')
                .trim_start_matches(&lang_prefix(&source.lang, config))
        ),
        None => {
            let mut path = format!("/{prefix}");
            for c in &source.file.components {
                path.push_str(c);
                path.push('/');
            }
            path.push_str(&source.slug);
            path.push('/');
            path
        }
    };
    page.permalink = config.make_permalink(&page.path);
    page.meta.aliases.clear();
    let declared = config.taxonomies_for(lang);
    page.meta
        .taxonomies
        .retain(|name, _| declared.iter().any(|t| &t.name == name));
    page.assets.clear();
    page.placeholder = Some(Placeholder {
        source: source_index,
        source_lang: source.lang.clone(),
    });
    page
}

/// Whether `ignored_content` leaves `path` (a file under `content/`) out, as
/// Zola decides: each glob is matched against the file's whole path from the
/// file-system root (`/home/me/site/content/blog/README.md`), so `*/README.md`
/// ignores every `README.md`, `content/README.md` included, while a pattern
/// without a leading `*` or `/` (`drafts/*`) matches nothing. A section counts
/// as ignored when its folder matches (Zola loads `_index.md` files through
/// their folder and never matches their own path).
fn is_ignored(ignored: &globset::GlobSet, path: &Path) -> bool {
    if ignored.is_empty() {
        return false;
    }
    let is_section = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("_index."));
    match path.parent() {
        Some(folder) if is_section => ignored.is_match(folder),
        _ => ignored.is_match(path),
    }
}

/// The language code of an `_index.<code>.md` that Zola never loads: one
/// whose code is the default language's or no language of the site (Zola
/// reads `_index.md` and `_index.<other language>.md` only).
fn unloaded_index_language<'a>(path: &'a Path, config: &Config) -> Option<&'a str> {
    let name = path.file_name()?.to_str()?;
    let code = name.strip_prefix("_index.")?.strip_suffix(".md")?;
    let loaded = code != config.default_language && config.all_languages().contains(&code);
    (!loaded).then_some(code)
}

/// Zola refuses a folder's `index.md` page when its URL is the URL of a
/// section folder (`blog/trip/index.md` beside `blog/trip/_index.md`, the page
/// at `/blog/trip/`), and `content/index.md`. Anything else it builds: an
/// `index.md` whose `slug` or `path` moves it elsewhere, translations
/// (`index.fr.md`, which Zola does not check), drafted sections included.
fn check_index_pages(
    lib: &Library,
    drafted: &[PathBuf],
    content_dir: &Path,
    diagnostics: &mut Diagnostics,
) {
    let folder_of = |dir: &Path| -> String {
        dir.strip_prefix(content_dir)
            .map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .unwrap_or_default()
    };
    let section_folders: std::collections::HashSet<String> = lib
        .sections
        .iter()
        .map(|s| s.file.components.join("/"))
        .chain(drafted.iter().map(|d| folder_of(d)))
        .collect();
    for page in &lib.pages {
        let is_index_md = page.file.path.file_name().is_some_and(|n| n == "index.md");
        if !is_index_md {
            continue;
        }
        let url = path_components(&page.path).join("/");
        let refused = page.file.relative_path == "index.md"
            || (!url.is_empty() && section_folders.contains(&url));
        if refused {
            diagnostics.push(
                Diagnostic::error(format!(
                    "the page `{}` would be at `{}`, the URL of the section in the same folder",
                    page.file.relative_path, page.path
                ))
                .in_file(&page.file.path)
                .with_help("a folder with `_index.md` is a section: rename `index.md` (or give it a `slug`/`path` that moves it), or remove `_index.md`"),
            );
        }
    }
}

fn build_globset(patterns: &[String]) -> Result<globset::GlobSet> {
    let mut b = globset::GlobSetBuilder::new();
    for p in patterns {
        b.add(
            globset::Glob::new(p)
                .map_err(|e| crate::error::Error::other(format!("invalid glob `{p}`: {e}")))?,
        );
    }
    b.build()
        .map_err(|e| crate::error::Error::other(e.to_string()))
}

fn lang_prefix(lang: &str, config: &Config) -> String {
    if lang == config.default_language {
        String::new()
    } else {
        format!("{lang}/")
    }
}

fn new_section(
    file: FileInfo,
    meta: SectionFrontMatter,
    body: String,
    body_offset: usize,
    config: &Config,
) -> Section {
    let mut path = format!("/{}", lang_prefix(&file.lang, config));
    let dirs: Vec<String> = {
        let mut d = file.components.clone();
        if file.colocated {
            d.push(file.name.clone());
        }
        d
    };
    for c in &dirs {
        path.push_str(c);
        path.push('/');
    }
    let permalink = config.make_permalink(&path);
    let words = content::word_count(&body);
    let version = source_version(&body);
    let translated_from = recorded_source_version(&meta.extra);
    Section {
        lang: file.lang.clone(),
        file: FileInfo {
            components: dirs,
            ..file
        },
        meta,
        path,
        permalink,
        raw_content: body,
        body_offset,
        content: String::new(),
        toc: Vec::new(),
        word_count: words,
        reading_time: words.div_ceil(200),
        assets: Vec::new(),
        pages: Vec::new(),
        subsections: Vec::new(),
        ancestors: Vec::new(),
        translations: Vec::new(),
        parent: None,
        placeholder_of: None,
        generated: false,
        version,
        translated_from,
        outdated_of: None,
        segments: None,
        internal_links: Vec::new(),
        external_links: Vec::new(),
    }
}

fn new_page(
    file: FileInfo,
    meta: PageFrontMatter,
    body: &str,
    body_offset: usize,
    config: &Config,
    text: &str,
) -> std::result::Result<Page, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let (file_date, name_without_date) = split_date_prefix(&file.name);
    let date = match &meta.date {
        Some(v) => parse_date(v).map_err(|m| date_error(&file.path, text, "date", &m)),
        None => match &file_date {
            Some(d) => parse_date(&toml::Value::String(d.clone()))
                .map_err(|m| date_error(&file.path, text, "date", &m)),
            None => Ok(None),
        },
    };
    let date = date.unwrap_or_else(|d| {
        errors.push(d);
        None
    });
    let updated = match &meta.updated {
        Some(v) => parse_date(v).unwrap_or_else(|m| {
            errors.push(date_error(&file.path, text, "updated", &m));
            None
        }),
        None => None,
    };
    let slug_source = if file_date.is_some() && !config.slugify.paths_keep_dates {
        name_without_date
    } else {
        file.name.clone()
    };
    let slug = match &meta.slug {
        Some(s) => content::slugify(s, config.slugify.paths),
        None => content::slugify(&slug_source, config.slugify.paths),
    };
    let path = match &meta.path {
        Some(p) => {
            let p = p.trim().trim_start_matches('/');
            if p.split('/').any(|part| part == "..") {
                errors.push(
                    Diagnostic::error("`path` must stay inside the site: `..` is not allowed")
                        .in_file(&file.path)
                        .at(text, crate::config::find_key_span(text, "path")),
                );
            }
            let p = p.trim_end_matches('/');
            if p.is_empty() || p.ends_with(".html") || p.ends_with(".xml") {
                format!("/{p}")
            } else {
                format!("/{p}/")
            }
        }
        None => {
            let mut path = format!("/{}", lang_prefix(&file.lang, config));
            for c in &file.components {
                path.push_str(c);
                path.push('/');
            }
            path.push_str(&slug);
            path.push('/');
            path
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let permalink = config.make_permalink(&path);
    let words = content::word_count(body);
    let translated_from = recorded_source_version(&meta.extra);
    Ok(Page {
        lang: file.lang.clone(),
        file,
        meta,
        slug,
        path,
        permalink,
        body_offset,
        content: PackedHtml::default(),
        summary: None,
        toc: Vec::new(),
        word_count: words,
        reading_time: words.div_ceil(200),
        date,
        updated,
        assets: Vec::new(),
        parent_section: None,
        ancestors: Vec::new(),
        lower: None,
        higher: None,
        translations: Vec::new(),
        internal_links: Vec::new(),
        external_links: Vec::new(),
        placeholder: None,
        version: source_version(body),
        translated_from,
        outdated_of: None,
        segments: None,
    })
}

fn date_error(path: &Path, text: &str, key: &str, message: &str) -> Diagnostic {
    Diagnostic::error(format!("`{key}` is not a valid date: {message}"))
        .in_file(path)
        .at(text, crate::config::find_key_span(text, key))
        .with_help("write dates as 2017-06-20, 2017-06-20T10:00:00 or 2017-06-20T10:00:00+02:00")
}

/// Parses a front-matter date: TOML datetime or a string in RFC 3339,
/// local date-time or `YYYY-MM-DD` form.
pub fn parse_date(value: &toml::Value) -> std::result::Result<Option<DateInfo>, String> {
    let text = match value {
        toml::Value::Datetime(d) => d.to_string(),
        // As Zola: a string that reads as a TOML date is written back as
        // TOML writes it (`2018-11-05 15:01:35` → `2018-11-05T15:01:35`).
        toml::Value::String(s) => match s.trim().parse::<toml::value::Datetime>() {
            Ok(d) => d.to_string(),
            Err(_) => s.trim().to_string(),
        },
        other => return Err(format!("expected a date, found `{other}`")),
    };
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        let dt = ts.to_zoned(jiff::tz::TimeZone::UTC);
        let offset_dt = text
            .parse::<jiff::civil::DateTime>()
            .unwrap_or(dt.datetime());
        return Ok(Some(DateInfo {
            text,
            year: offset_dt.year(),
            month: offset_dt.month(),
            day: offset_dt.day(),
            timestamp: ts.as_second(),
        }));
    }
    if let Ok(dt) = text.replacen(' ', "T", 1).parse::<jiff::civil::DateTime>() {
        let ts = dt
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map_err(|e| e.to_string())?
            .timestamp()
            .as_second();
        return Ok(Some(DateInfo {
            text,
            year: dt.year(),
            month: dt.month(),
            day: dt.day(),
            timestamp: ts,
        }));
    }
    match text.parse::<jiff::civil::Date>() {
        Ok(d) => {
            let ts = d
                .to_zoned(jiff::tz::TimeZone::UTC)
                .map_err(|e| e.to_string())?
                .timestamp()
                .as_second();
            Ok(Some(DateInfo {
                text,
                year: d.year(),
                month: d.month(),
                day: d.day(),
                timestamp: ts,
            }))
        }
        Err(e) => Err(format!("`{text}`: {e}")),
    }
}

fn check_taxonomies_declared(lib: &Library, config: &Config, diagnostics: &mut Diagnostics) {
    for page in &lib.pages {
        let declared = config.taxonomies_for(&page.lang);
        for name in page.meta.taxonomies.keys() {
            if !declared.iter().any(|t| &t.name == name) {
                let text = fs::read_to_string(&page.file.path).unwrap_or_default();
                let names: Vec<&str> = declared.iter().map(|t| t.name.as_str()).collect();
                diagnostics.push(
                    Diagnostic::error(format!(
                        "taxonomy `{name}` is not declared for language `{}`",
                        page.lang
                    ))
                    .in_file(&page.file.path)
                    .at(&text, crate::config::find_key_span(&text, name))
                    .with_help(if names.is_empty() {
                        format!("declare it in the config: taxonomies = [{{ name = \"{name}\" }}]")
                    } else {
                        format!("taxonomies of this language: {}", names.join(", "))
                    }),
                );
            }
        }
    }
}

/// Attaches pages to their section, subsections to parents, sorts, sets
/// ancestors and lower/higher.
fn link_sections_and_pages(lib: &mut Library, diagnostics: &mut Diagnostics) {
    let section_key = |components: &[String], lang: &str| -> String {
        format!("{}|{}", lang, components.join("/"))
    };
    let mut by_dir: HashMap<String, usize> = HashMap::new();
    for (i, s) in lib.sections.iter().enumerate() {
        by_dir.insert(section_key(&s.file.components, &s.lang), i);
    }
    // Parents of sections.
    for i in 0..lib.sections.len() {
        let comps = lib.sections[i].file.components.clone();
        if comps.is_empty() {
            continue;
        }
        let lang = lib.sections[i].lang.clone();
        let mut parent_comps = comps.clone();
        while !parent_comps.is_empty() {
            parent_comps.pop();
            if let Some(&p) = by_dir.get(&section_key(&parent_comps, &lang)) {
                lib.sections[i].parent = Some(p);
                break;
            }
        }
    }
    for i in 0..lib.sections.len() {
        if let Some(p) = lib.sections[i].parent {
            lib.sections[p].subsections.push(i);
        }
        let mut ancestors = Vec::new();
        let mut cur = lib.sections[i].parent;
        while let Some(c) = cur {
            ancestors.push(c);
            cur = lib.sections[c].parent;
        }
        ancestors.reverse();
        lib.sections[i].ancestors = ancestors;
    }
    // Pages into sections (and into the nearest non-transparent ancestors
    // too); as in Zola, a page with `render = false` is in none (no section's
    // `pages` nor paginator, no parent, no ancestors); `get_page` finds it.
    for i in 0..lib.pages.len() {
        if !lib.pages[i].meta.render {
            continue;
        }
        let key = section_key(&lib.pages[i].file.components, &lib.pages[i].lang);
        if let Some(&s) = by_dir.get(&key) {
            lib.pages[i].parent_section = Some(s);
            let mut anc = lib.sections[s].ancestors.clone();
            anc.push(s);
            lib.pages[i].ancestors = anc;
            let mut target = Some(s);
            while let Some(t) = target {
                lib.sections[t].pages.push(i);
                target = if lib.sections[t].meta.transparent {
                    lib.sections[t].parent
                } else {
                    None
                };
            }
        }
    }
    // Sort pages of each section; subsections by weight then path.
    for s in 0..lib.sections.len() {
        let sort_by = lib.sections[s].meta.sort_by;
        let mut pages = std::mem::take(&mut lib.sections[s].pages);
        let before = pages.len();
        pages.retain(|&p| match sort_by {
            SortBy::Date => lib.pages[p].date.is_some(),
            SortBy::UpdateDate => lib.pages[p].date.is_some() || lib.pages[p].updated.is_some(),
            SortBy::Weight => lib.pages[p].meta.weight.is_some(),
            _ => true,
        });
        if pages.len() < before {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "{} page(s) of this section lack the `{}` that `sort_by` needs and are left out of its listing",
                    before - pages.len(),
                    match sort_by {
                        SortBy::Weight => "weight",
                        _ => "date",
                    }
                ))
                .in_file(&lib.sections[s].file.path),
            );
        }
        sort_pages(&mut pages, &lib.pages, sort_by);
        if sort_by != SortBy::None {
            for (n, &p) in pages.iter().enumerate() {
                if n + 1 < pages.len() {
                    lib.pages[p].higher = Some(pages[n + 1]);
                }
                if n > 0 {
                    lib.pages[p].lower = Some(pages[n - 1]);
                }
            }
        }
        lib.sections[s].pages = pages;
        let mut subs = std::mem::take(&mut lib.sections[s].subsections);
        subs.sort_by(|a, b| {
            let (sa, sb) = (&lib.sections[*a], &lib.sections[*b]);
            sa.meta
                .weight
                .cmp(&sb.meta.weight)
                .then_with(|| sa.permalink.cmp(&sb.permalink))
        });
        lib.sections[s].subsections = subs;
    }
}

/// Sorts page indices by `sort_by`; ties fall back to the permalink so output is stable.
pub fn sort_pages(pages: &mut [usize], all: &[Page], sort_by: SortBy) {
    let ts = |p: &Page| p.date.as_ref().map(|d| d.timestamp);
    // As Zola: the later of `date` and `updated`.
    let updated_ts = |p: &Page| {
        let ts = |d: &Option<DateInfo>| d.as_ref().map(|d| d.timestamp);
        ts(&p.date).max(ts(&p.updated))
    };
    pages.sort_by(|&a, &b| {
        let (pa, pb) = (&all[a], &all[b]);
        let primary = match sort_by {
            SortBy::Date => ts(pb).cmp(&ts(pa)),
            SortBy::UpdateDate => updated_ts(pb).cmp(&updated_ts(pa)),
            SortBy::Title => natural_cmp(
                pa.meta.title.as_deref().unwrap_or(""),
                pb.meta.title.as_deref().unwrap_or(""),
            ),
            SortBy::TitleBytes => pa.meta.title.cmp(&pb.meta.title),
            SortBy::Weight => pa.meta.weight.cmp(&pb.meta.weight),
            SortBy::Slug => natural_cmp(&pa.slug, &pb.slug),
            SortBy::Permalink => pa.permalink.cmp(&pb.permalink),
            SortBy::None => std::cmp::Ordering::Equal,
        };
        primary.then_with(|| pa.permalink.cmp(&pb.permalink))
    });
}

/// Case-insensitive comparison that orders embedded numbers by value.
fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |s: &str| -> Vec<(u8, String, u64)> {
        let mut out = Vec::new();
        let mut num = String::new();
        let mut txt = String::new();
        for c in s.chars() {
            if c.is_ascii_digit() {
                if !txt.is_empty() {
                    out.push((1, std::mem::take(&mut txt), 0));
                }
                num.push(c);
            } else {
                if !num.is_empty() {
                    out.push((0, String::new(), num.parse().unwrap_or(u64::MAX)));
                    num.clear();
                }
                txt.push_str(&deunicode::deunicode_char(c).unwrap_or("").to_lowercase());
            }
        }
        if !txt.is_empty() {
            out.push((1, txt, 0));
        }
        if !num.is_empty() {
            out.push((0, String::new(), num.parse().unwrap_or(u64::MAX)));
        }
        out
    };
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

/// For a translation written by segment (`[extra.agora] segments`), how
/// much of its original it translates; `None` for a translation made by
/// hand, or when a file cannot be read (the build reports that elsewhere).
fn segment_coverage(
    extra: &toml::Table,
    original: &Path,
    translation: &Path,
    config: &Config,
) -> Option<SegmentCoverage> {
    extra.get("agora")?.as_table()?.get("segments")?;
    let original_text = crate::fs::read_to_string(original).ok()?;
    let translation_text = crate::fs::read_to_string(translation).ok()?;
    documents::coverage_of(
        &original_text,
        original,
        &translation_text,
        translation,
        crate::content::markdown_options(config),
    )
}

/// Groups pages (and sections) that are translations of each other; order:
/// default language first, then the others by code.
fn link_translations(lib: &mut Library, config: &Config) {
    let order =
        |lang: &str| -> (bool, String) { (lang != config.default_language, lang.to_string()) };
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in lib
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.placeholder.is_none())
    {
        groups.entry(p.file.canonical.clone()).or_default().push(i);
    }
    for (_, mut members) in groups {
        members.sort_by_key(|&i| order(&lib.pages[i].lang));
        // A translation made from an older version of the original is outdated.
        if let Some(&original) = members
            .iter()
            .find(|&&m| lib.pages[m].lang == config.default_language)
        {
            for &m in &members {
                let changed = lib.pages[m]
                    .translated_from
                    .as_ref()
                    .is_some_and(|v| *v != lib.pages[original].version);
                if m == original {
                    continue;
                }
                // Written by segment: outdated only when a segment is.
                let coverage = segment_coverage(
                    &lib.pages[m].meta.extra,
                    &lib.pages[original].file.path,
                    &lib.pages[m].file.path,
                    config,
                );
                lib.pages[m].segments = coverage;
                let outdated = coverage.map_or(changed, |c| c.fuzzy > 0);
                if outdated {
                    lib.pages[m].outdated_of = Some(original);
                }
            }
        }
        if members.len() > 1 || config.is_multilingual() {
            for &m in &members {
                lib.pages[m].translations = if config.is_multilingual() {
                    members.clone()
                } else {
                    Vec::new()
                };
            }
        }
    }
    // A placeholder lists the real versions of the document it stands in for.
    for i in 0..lib.pages.len() {
        if let Some(ph) = &lib.pages[i].placeholder {
            lib.pages[i].translations = lib.pages[ph.source].translations.clone();
        }
    }
    let mut sgroups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, s) in lib.sections.iter().enumerate() {
        sgroups
            .entry(s.file.components.join("/"))
            .or_default()
            .push(i);
    }
    for (_, mut members) in sgroups {
        members.sort_by_key(|&i| order(&lib.sections[i].lang));
        if let Some(&original) = members.iter().find(|&&m| {
            lib.sections[m].lang == config.default_language && !lib.sections[m].generated
        }) {
            for &m in &members {
                let changed = lib.sections[m]
                    .translated_from
                    .as_ref()
                    .is_some_and(|v| *v != lib.sections[original].version);
                if m == original || lib.sections[m].generated {
                    continue;
                }
                let coverage = segment_coverage(
                    &lib.sections[m].meta.extra,
                    &lib.sections[original].file.path,
                    &lib.sections[m].file.path,
                    config,
                );
                lib.sections[m].segments = coverage;
                if coverage.map_or(changed, |c| c.fuzzy > 0) {
                    lib.sections[m].outdated_of = Some(original);
                }
            }
        }
        if config.is_multilingual() {
            for &m in &members {
                lib.sections[m].translations = members.clone();
            }
        }
    }
}

/// Non-Markdown files beside a bundle's `index.md` (recursively) or a section's `_index.md` (flat).
/// Colocated files of page bundles and sections; `ignored_content` leaves
/// some out, matched as Zola does (see [`is_ignored`]).
fn collect_assets(lib: &mut Library, ignored: &globset::GlobSet) -> Result<()> {
    for page in lib.pages.iter_mut().filter(|p| p.file.colocated) {
        let mut assets: Vec<PathBuf> = WalkDir::new(&page.file.parent)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file() && e.path().extension().is_none_or(|x| x != "md"))
            .map(|e| e.path().to_path_buf())
            .filter(|p| !ignored.is_match(p))
            .collect();
        assets.sort();
        page.assets = assets;
    }
    for section in lib.sections.iter_mut().filter(|s| !s.generated) {
        let assets: Vec<PathBuf> = fs::list_dir(&section.file.parent)?
            .into_iter()
            .filter(|p| p.is_file() && p.extension().is_none_or(|x| x != "md"))
            .filter(|p| !ignored.is_match(p))
            .collect();
        section.assets = assets;
    }
    Ok(())
}

/// Assets of a page or section as Zola shows them: `/<folder inside
/// content>/<file>` (`/blog/trip/map.png`).
pub fn asset_paths(assets: &[PathBuf], file: &FileInfo) -> Vec<String> {
    let prefix = match file.relative_path.rsplit_once('/') {
        Some((folder, _)) => format!("/{folder}/"),
        None => "/".to_string(),
    };
    assets
        .iter()
        .filter_map(|a| a.strip_prefix(&file.parent).ok())
        .map(|a| format!("{prefix}{}", a.to_string_lossy().replace('\\', "/")))
        .collect()
}

struct ResolveLinks<'a> {
    permalinks: &'a HashMap<String, String>,
    inner: &'a dyn MarkdownHooks,
}

impl MarkdownHooks for ResolveLinks<'_> {
    fn resolve_internal_link(&self, path: &str) -> Option<String> {
        self.permalinks.get(path).cloned()
    }
    fn render_anchor_link(&self, id: &str, level: u32, lang: &str) -> Result<String, String> {
        self.inner.render_anchor_link(id, level, lang)
    }
    fn render_summary_cutoff(&self, summary: &str, lang: &str) -> Result<String, String> {
        self.inner.render_summary_cutoff(summary, lang)
    }
    fn shortcodes(&self) -> Option<&dyn content::ShortcodeRenderer> {
        self.inner.shortcodes()
    }
    fn permalinks_known(&self, permalinks: &HashMap<String, String>) {
        self.inner.permalinks_known(permalinks)
    }
    fn render_content_template(
        &self,
        document: &content::ContentDocument,
    ) -> Option<Result<String, String>> {
        self.inner.render_content_template(document)
    }
    fn templates_content(&self) -> bool {
        self.inner.templates_content()
    }
}

/// The body of a document after content templating (Zola 0.23), or `None`
/// when it is used as written: no `{{`/`{%`, a path listed in
/// `skip_content_templating`, or an engine that does not template content.
fn templated_body(
    hooks: &dyn MarkdownHooks,
    skip: &globset::GlobSet,
    relative_path: &str,
    document: &content::ContentDocument,
) -> Option<Result<String, Diagnostic>> {
    if !content::needs_templating(document.body) || skip.is_match(relative_path) {
        return None;
    }
    hooks
        .render_content_template(document)
        .map(|r| r.map_err(|e| Diagnostic::error(e).in_file(document.file)))
}

/// The 1-based line of `text` at byte `offset`.
fn line_at(text: &str, offset: usize) -> usize {
    text.get(..offset).unwrap_or(text).matches('\n').count() + 1
}

/// A document as templated content sees it (Zola 0.23 serialises it before
/// its Markdown is rendered and before the library is complete): what a
/// shortcode sees of it, with `empty` fields (content, neighbours…) empty.
fn templated_view(
    mut context: serde_json::Map<String, serde_json::Value>,
    kind: &str,
    empty: &[(&str, serde_json::Value)],
) -> serde_json::Value {
    let mut view = context.remove(kind).unwrap_or_default();
    if let Some(map) = view.as_object_mut() {
        for (key, value) in empty {
            map.insert(key.to_string(), value.clone());
        }
    }
    view
}

fn render_all_markdown(
    lib: &mut Library,
    config: &Config,
    hooks: &dyn MarkdownHooks,
    highlighter: Option<&Highlighter>,
    cache: Option<&MarkdownCache>,
    diagnostics: &mut Diagnostics,
) {
    let mut permalinks: HashMap<String, String> = HashMap::new();
    let mut link_table = String::new();
    for p in &lib.pages {
        permalinks.insert(p.file.relative_path.clone(), p.permalink.clone());
        if cache.is_some() {
            link_table.push_str(&p.file.relative_path);
            link_table.push(' ');
            link_table.push_str(&p.permalink);
            link_table.push('\n');
        }
    }
    for s in lib.sections.iter().filter(|s| !s.generated) {
        permalinks.insert(s.file.relative_path.clone(), s.permalink.clone());
    }
    // Sections are in the link table too, but they change little and are few.
    let link_table = cache_key(&[&link_table]).to_string();
    let resolver = ResolveLinks {
        permalinks: &permalinks,
        inner: hooks,
    };
    resolver.permalinks_known(&permalinks);
    let skip = {
        let mut b = globset::GlobSetBuilder::new();
        for pattern in &config.skip_content_templating {
            if let Ok(g) = globset::Glob::new(pattern) {
                b.add(g);
            }
        }
        b.build().unwrap_or_else(|_| globset::GlobSet::empty())
    };
    let section_anchor: Vec<InsertAnchor> = lib
        .sections
        .iter()
        .map(|s| {
            s.meta
                .insert_anchor_links
                .unwrap_or(config.markdown.insert_anchor_links)
        })
        .collect();

    let page_results: Vec<_> = lib
        .pages
        .par_iter()
        .map(|page| {
            if page.placeholder.is_some() {
                return (PackedHtml::default(), content::RenderedMarkdown::default());
            }
            let insert_anchor = page
                .parent_section
                .map(|s| section_anchor[s])
                .unwrap_or(config.markdown.insert_anchor_links);
            let stamp = cache.and_then(|_| file_stamp(&page.file.path));
            let key = stamp.map(|stamp| {
                cache_key(&[
                    &stamp,
                    &page.permalink,
                    &page.lang,
                    &format!("{insert_anchor:?}"),
                    &link_table,
                ])
            });
            if let (Some(cache), Some(key)) = (cache, key)
                && let Some(hit) = cache.lock().get(&page.file.path).filter(|c| c.key == key)
            {
                let r = content::RenderedMarkdown {
                    summary: hit.summary.as_deref().map(str::to_string),
                    toc: hit.toc.clone(),
                    internal_links: hit.internal_links.clone(),
                    external_links: hit.external_links.clone(),
                    ..Default::default()
                };
                return (hit.content.clone(), r);
            }
            let text = fs::read_to_string(&page.file.path).unwrap_or_default();
            let shortcode_context = || shortcode_context::page_context(page, config);
            let ctx = MarkdownContext {
                config,
                lang: &page.lang,
                permalink: &page.permalink,
                insert_anchor,
                hooks: &resolver,
                highlighter,
                path: &page.file.path,
                file_text: &text,
                body_offset: page.body_offset,
                shortcode_context: Some(&shortcode_context),
            };
            let body = text.get(page.body_offset..).unwrap_or("");
            let templated = (resolver.templates_content() && content::needs_templating(body))
                .then(|| content::ContentDocument {
                    body,
                    lang: &page.lang,
                    kind: "page",
                    view: templated_view(
                        shortcode_context(),
                        "page",
                        &[
                            ("content", serde_json::json!("")),
                            ("summary", serde_json::Value::Null),
                            ("toc", serde_json::json!([])),
                            ("translations", serde_json::json!([])),
                            ("backlinks", serde_json::json!([])),
                            ("lower", serde_json::Value::Null),
                            ("higher", serde_json::Value::Null),
                        ],
                    ),
                    file: &page.file.path,
                    first_line: line_at(&text, page.body_offset),
                })
                .and_then(|document| {
                    templated_body(&resolver, &skip, &page.file.relative_path, &document)
                });
            let mut r = match templated {
                None => content::render_markdown(text.get(page.body_offset..).unwrap_or(""), &ctx),
                Some(Ok(body)) => content::render_markdown(&body, &ctx),
                Some(Err(d)) => content::RenderedMarkdown {
                    diagnostics: vec![d],
                    ..Default::default()
                },
            };
            // Packed here, so that the whole site's HTML is never held at once.
            let packed = PackedHtml::pack(&std::mem::take(&mut r.html));
            if let (Some(cache), Some(key)) = (cache, key)
                && r.diagnostics.is_empty()
            {
                cache.lock().insert(
                    page.file.path.clone(),
                    CachedMarkdown {
                        key,
                        content: packed.clone(),
                        summary: r.summary.as_deref().map(Arc::from),
                        toc: r.toc.clone(),
                        internal_links: r.internal_links.clone(),
                        external_links: r.external_links.clone(),
                    },
                );
            }
            (packed, r)
        })
        .collect();
    for (page, (packed, r)) in lib.pages.iter_mut().zip(page_results) {
        if page.placeholder.is_some() {
            continue;
        }
        page.content = packed;
        page.summary = r.summary.map(Arc::from);
        page.toc = r.toc;
        page.internal_links = r.internal_links;
        page.external_links = r.external_links;
        r.diagnostics.into_iter().for_each(|d| diagnostics.push(d));
    }
    for i in 0..lib.pages.len() {
        if let Some(ph) = lib.pages[i].placeholder.clone() {
            let source = &lib.pages[ph.source];
            let (content, summary, toc) = (
                source.content.clone(),
                source.summary.clone(),
                source.toc.clone(),
            );
            let page = &mut lib.pages[i];
            page.content = content;
            page.summary = summary;
            page.toc = toc;
        }
    }
    let section_results: Vec<_> = lib
        .sections
        .par_iter()
        .enumerate()
        .map(|(i, s)| {
            if s.generated && s.placeholder_of.is_none() {
                return content::RenderedMarkdown::default();
            }
            let text = fs::read_to_string(&s.file.path).unwrap_or_default();
            let shortcode_context = || shortcode_context::section_context(s, config);
            let ctx = MarkdownContext {
                config,
                lang: &s.lang,
                permalink: &s.permalink,
                insert_anchor: section_anchor[i],
                hooks: &resolver,
                highlighter,
                path: &s.file.path,
                file_text: &text,
                body_offset: s.body_offset,
                shortcode_context: Some(&shortcode_context),
            };
            // Generated sections (placeholders) have no file of their own.
            let templated = if s.generated
                || !resolver.templates_content()
                || !content::needs_templating(&s.raw_content)
            {
                None
            } else {
                let document = content::ContentDocument {
                    body: &s.raw_content,
                    lang: &s.lang,
                    kind: "section",
                    view: templated_view(
                        shortcode_context(),
                        "section",
                        &[
                            ("content", serde_json::json!("")),
                            ("toc", serde_json::json!([])),
                            ("pages", serde_json::json!([])),
                            ("subsections", serde_json::json!([])),
                            ("translations", serde_json::json!([])),
                            ("backlinks", serde_json::json!([])),
                        ],
                    ),
                    file: &s.file.path,
                    first_line: line_at(&text, s.body_offset),
                };
                templated_body(&resolver, &skip, &s.file.relative_path, &document)
            };
            match templated {
                None => content::render_markdown(&s.raw_content, &ctx),
                Some(Ok(body)) => content::render_markdown(&body, &ctx),
                Some(Err(d)) => content::RenderedMarkdown {
                    diagnostics: vec![d],
                    ..Default::default()
                },
            }
        })
        .collect();
    for (s, r) in lib.sections.iter_mut().zip(section_results) {
        s.content = r.html;
        s.toc = r.toc;
        s.internal_links = r.internal_links;
        s.external_links = r.external_links;
        r.diagnostics.into_iter().for_each(|d| diagnostics.push(d));
    }
}
