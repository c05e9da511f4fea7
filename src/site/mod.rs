//! Walks `content/` and builds the frozen `Library`: sections, pages,
//! translations, placeholders, taxonomies, ordering (one file per noun), then
//! plans which files the site has (`plan`: typed render jobs, feeds, sitemap
//! entries, pagers). Renders no template and writes nothing; Markdown is
//! turned into HTML here (`markdown`) through `content`, with the hooks the
//! caller provides. Translator work on source files (`translate`,
//! `document_exchange`, `status`) lives beside it.

mod check;
mod document_exchange;
mod documents;
mod file_info;
mod history;
mod markdown;
mod page;
mod pagination;
mod patch;
mod placeholders;
mod plan;
mod section;
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

pub use check::{
    CheckStats, ExternalReport, NotChecked, check_anchors, check_anchors_to, check_external_links,
};
pub use document_exchange::{
    DocumentFile, DocumentImportReport, DocumentSegments, collect_document_files,
    document_segments, import_document_items, is_document_entry,
};
pub use documents::{SegmentCoverage, parse_entry_id};
pub use file_info::{FileInfo, split_date_prefix};
pub use markdown::MarkdownCache;
use markdown::{Parsed, file_stamp, render_all_markdown};
use page::new_page;
pub use page::{
    DateInfo, PackedHtml, Page, Placeholder, parse_date, path_components, recorded_source_version,
    source_version,
};
pub use pagination::{Pager, paginate};
pub use patch::{Patched, patch_documents};
use placeholders::add_placeholders;
pub use plan::{
    ExtraOf, Feed, JobKind, Plan, RenderJob, SitemapEntry, drop_overwritten_by_taxonomies,
    plan_feeds, plan_site, redirect_job, sitemap_entries, status_page_path,
};
pub use section::{Section, sort_pages};
use section::{link_sections_and_pages, new_section};
pub use status::{LanguageStatus, OutdatedDocument, translation_status};
pub use taxonomy::{Taxonomy, Term};
pub use translate::{create_translation, mark_current, with_source_version};
use translations::link_translations;
pub use translations::{Alternate, alternates, page_alternates, section_alternates};

use crate::config::{Config, InsertAnchor};
use crate::content::{
    self, Heading, Highlighter, MarkdownContext, MarkdownHooks, PageFrontMatter,
    SectionFrontMatter, SortBy,
};
use crate::error::{Diagnostic, Diagnostics, Result};
use crate::fs;
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

/// Non-Markdown files beside a bundle's `index.md` (recursively) or a section's `_index.md` (flat).
/// Colocated files of page bundles and sections; `ignored_content` leaves
/// some out, matched as Zola does (see [`is_ignored`]).
fn collect_assets(lib: &mut Library, ignored: &globset::GlobSet) -> Result<()> {
    for page in lib.pages.iter_mut().filter(|p| p.file.colocated) {
        let mut assets: Vec<PathBuf> = WalkDir::new(&page.file.parent)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file() && is_asset(e.path()))
            .map(|e| e.path().to_path_buf())
            .filter(|p| !ignored.is_match(p))
            .collect();
        sort_assets(&mut assets);
        page.assets = assets;
    }
    for section in lib.sections.iter_mut().filter(|s| !s.generated) {
        let mut assets: Vec<PathBuf> = fs::list_dir(&section.file.parent)?
            .into_iter()
            .filter(|p| p.is_file() && is_asset(p))
            .filter(|p| !ignored.is_match(p))
            .collect();
        sort_assets(&mut assets);
        section.assets = assets;
    }
    Ok(())
}

/// Whether a file beside a page or section is one of its assets, as Zola
/// decides: not Markdown, not an editor's temporary file, and not a file
/// without extension (`LICENSE`, `.keep`), which Zola takes for one.
fn is_asset(path: &Path) -> bool {
    let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
        return false;
    };
    let temporary = matches!(ext, "swp" | "swx" | "tmp" | "kate-swp")
        || ext.ends_with('~')
        || ext.ends_with("bck")
        || ["jb_old___", "jb_tmp___", "jb_bak___"]
            .iter()
            .any(|s| ext.ends_with(s))
        || path
            .file_stem()
            .and_then(|s| s.to_str())
            .is_some_and(|s| s.starts_with('#') || s.starts_with(".#"));
    ext != "md" && !temporary
}

/// Zola's order of assets: by whole path, ignoring ASCII case.
fn sort_assets(assets: &mut [PathBuf]) {
    assets.sort_by_cached_key(|p| p.to_string_lossy().to_ascii_lowercase());
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
