//! agora: a Zola-compatible static-site generator for multilingual
//! civil-society knowledge hubs.
//!
//! The pipeline, one way: config → content → site (library) → render → output.

pub mod artifact;
pub mod cli;
pub mod config;
pub mod content;
pub mod ebook;
pub mod error;
pub mod fs;
pub mod http;
pub mod i18n;
pub mod output;
pub mod profile;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

pub use artifact::BuildMode;
use error::{Diagnostics, Error, Result};

pub use config::{ZOLA_TERA2_VERSION, ZOLA_VERSION};
use profile::Phases;

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub config_file: Option<PathBuf>,
    pub base_url: Option<String>,
    pub output_dir: Option<PathBuf>,
    pub drafts: bool,
    pub minify: bool,
    /// Turn missing UI strings (shown from a fallback language) into errors.
    pub strict: bool,
    /// Print what was decided and why (e.g. the template engine).
    pub verbose: bool,
    /// Write the offline edition (every internal URL relative, pointing at files).
    pub offline: bool,
    /// Also write the offline edition as this zip file (implies `offline`).
    pub zip: Option<PathBuf>,
}

/// What a build produced, for the summary line.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub sections: usize,
    pub languages: usize,
    pub files: usize,
    pub written: usize,
    pub output_dir: PathBuf,
    pub warnings: Diagnostics,
    pub elapsed: std::time::Duration,
    /// The template engine picked and why.
    pub engine: String,
}

/// A site rendered in memory: what `build` writes and `serve` would serve.
/// A site loaded, checked and ready to render.
pub struct LoadedSite {
    pub site: Arc<render::SiteData>,
    pub warnings: Diagnostics,
    pub output_dir: PathBuf,
    engine: render::Engine,
    mode: BuildMode,
    strict: bool,
    verbose: bool,
    phases: Phases,
}

impl LoadedSite {
    /// Which template engine renders the site and why (for verbose output).
    pub fn engine_choice(&self) -> String {
        self.engine.describe()
    }

    /// Renders every file into `sink` as it is made (never all of them held
    /// at once when the sink writes them out). Returns how many files there were.
    pub fn render(&mut self, sink: &dyn artifact::OutputSink) -> Result<usize> {
        self.render_selected(sink, &render::Selection::everything())
            .map(|outcome| outcome.files)
    }

    /// Renders the files `selection` asks for into `sink` (all of them for
    /// `build`; `serve`'s incremental rebuilds ask for some).
    pub fn render_selected(
        &mut self,
        sink: &dyn artifact::OutputSink,
        selection: &render::Selection,
    ) -> Result<render::RenderOutcome> {
        let offline = output::offline::OfflineSink {
            inner: sink,
            site: output::offline::SiteAddress::new(&self.site.config.base_url),
        };
        let sink: &dyn artifact::OutputSink = if self.site.config.agora.offline {
            &offline
        } else {
            sink
        };
        let minifier = output::minify::MinifySink { inner: sink };
        let sink: &dyn artifact::OutputSink = if self.site.config.minify_html {
            &minifier
        } else {
            sink
        };
        let mut outcome =
            render::render_selected(&self.site, &self.engine, self.mode, sink, selection)?;
        // Static files, colocated assets, the compiled Sass, resized images.
        let prune = self.mode == BuildMode::Build && selection.only.is_none();
        outcome.files += output::assets::emit_assets(&self.site, sink, selection.assets, prune)?;
        self.phases.mark("render");
        if selection.search && self.site.config.search_enabled() {
            let only = selection.search_languages.as_deref();
            let source = search::SearchSource {
                config: &self.site.config,
                lib: &self.site.lib,
                catalog: &self.site.catalog,
            };
            for file in search::build_search_files_for(&source, only) {
                outcome.outputs.push(file.path.clone());
                sink.accept(file)?;
                outcome.files += 1;
            }
            self.phases.mark("search index");
        }
        if selection.search && self.site.config.agora.ebooks {
            let (files, errors) = ebook::build_ebooks(&self.site);
            if !errors.is_empty() {
                return Err(Error::Diagnostics(errors));
            }
            for file in files {
                outcome.outputs.push(file.path.clone());
                sink.accept(file)?;
                outcome.files += 1;
            }
            self.phases.mark("e-books");
        }
        if selection.search {
            let (files, warnings) = self.site.early_outputs();
            for file in files {
                outcome.outputs.push(file.path.clone());
                sink.accept(file.clone())?;
                outcome.files += 1;
            }
            warnings.iter().for_each(|w| self.warnings.push(w.clone()));
        }
        report_missing_strings(&self.site, self.strict, self.verbose, &mut self.warnings)?;
        Ok(outcome)
    }
}

/// The stack of each rendering thread.
const RENDER_STACK_BYTES: usize = 64 << 20;

/// Loads and checks the site: config, locale files, templates, content.
pub fn load_site(options: &BuildOptions, mode: BuildMode) -> Result<LoadedSite> {
    load_site_with(options, mode, None)
}

/// [`load_site`], reusing the Markdown of pages `cache` holds from an earlier build.
pub fn load_site_with(
    options: &BuildOptions,
    mode: BuildMode,
    cache: Option<&site::MarkdownCache>,
) -> Result<LoadedSite> {
    let mut phases = Phases::start();
    // Templates render on rayon's threads: room for a guarded recursion
    // (render::recursion) to reach its limit and report it. Address space
    // only; pages are touched as the stack grows. The first build of the
    // process sets it; later calls find the pool made.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(RENDER_STACK_BYTES)
        .build_global();
    let root = fs::canonicalize(&options.root)?;
    let config_path = config::find_config(&root, options.config_file.as_deref())?;
    let site_root = config_path.parent().unwrap_or(&root).to_path_buf();
    let mut config = config::load_config(&config_path, &site_root)?;
    if let Some(url) = &options.base_url {
        config.base_url = url.trim_end_matches('/').to_string();
    }
    if options.minify {
        config.minify_html = true;
    }
    if options.offline || options.zip.is_some() {
        config.agora.offline = true;
    }
    // `serve` serves the site as it is online.
    if mode == BuildMode::Serve {
        config.agora.offline = false;
    }
    let output_dir = match &options.output_dir {
        Some(dir) if dir.is_absolute() => dir.clone(),
        Some(dir) => std::env::current_dir()
            .map(|c| c.join(dir))
            .unwrap_or_else(|_| dir.clone()),
        None => site_root.join(&config.output_dir),
    };
    let (catalog, catalog_warnings) = i18n::Catalog::load(&site_root, &config)?;

    let slot = render::new_site_slot();
    let engine = render::load_engine(&site_root, &config, slot.clone())?;
    // Shortcodes (Tera 1) and templated content (Tera 2) render with the
    // Markdown, before the site exists: functions see the config, the
    // strings, the files and every permalink, but no pages yet (as in Zola).
    // One highlighter for the content and the `markdown` filter, early too.
    let highlighter = content::Highlighter::for_site(&config, engine.templates_content())?;
    let early = (engine.has_shortcodes() || engine.templates_content()).then(|| {
        let mut early = render::freeze_site(
            config.clone(),
            &site_root,
            &output_dir,
            site::Library {
                highlighter: highlighter.clone(),
                ..Default::default()
            },
            catalog.clone(),
        );
        early.search_client = search::client_path();
        Arc::new(early)
    });
    if let Some(early) = &early {
        slot.set_early(early.clone());
    }
    let early_site = early.clone();
    let hooks = render::TemplateHooks {
        engine: &engine,
        config: &config,
        early,
    };
    let (library, diagnostics) = site::load_library(
        &site_root,
        &config,
        &site::LoadOptions {
            drafts: options.drafts,
            skip_markdown: false,
            cache,
            highlighter,
        },
        &hooks,
    )?;
    phases.mark("load library");
    // As Zola's build: every `@/page.md#anchor` must find its anchor, an
    // error or a warning as `[link_checker] internal_level` says.
    let mut diagnostics = diagnostics;
    let (anchor_problems, _) = site::check_anchors(&library, config.link_checker.internal_level);
    anchor_problems
        .into_iter()
        .for_each(|d| diagnostics.push(d));
    let mut warnings = diagnostics.into_result()?;
    config
        .warnings
        .iter()
        .for_each(|w| warnings.push(w.clone()));
    catalog_warnings.into_iter().for_each(|w| warnings.push(w));
    engine
        .warnings
        .iter()
        .for_each(|w| warnings.push(w.clone()));
    for w in stale_highlight_stylesheets(&site_root, &config, &library) {
        warnings.push(w);
    }
    if config.minify_html && !output::minify::AVAILABLE {
        warnings.push(error::Diagnostic::warning(
            "this agora was built without the `minify` feature: `minify_html` / `--minify` is ignored and pages are written unminified",
        ));
    }

    let mut sass_errors = Vec::new();
    let sass = output::sass::compile_site_sass(
        &site_root,
        config.theme.as_deref(),
        config.compile_sass,
        &mut sass_errors,
    );
    if !sass_errors.is_empty() {
        return Err(Error::Diagnostics(sass_errors));
    }
    phases.mark("sass");
    let mut frozen = render::freeze_site(config, &site_root, &output_dir, library, catalog);
    frozen.sass = sass;
    frozen.search_client = search::client_path();
    frozen.make_early_outputs = Some(|config, lib, catalog| {
        search::zola::build_zola_search_files(&search::SearchSource {
            config,
            lib,
            catalog,
        })
    });
    // Strings `trans` showed from a fallback while content was templated.
    if let Some(early) = &early_site
        && let (Ok(from), Ok(mut to)) =
            (early.missing_strings.lock(), frozen.missing_strings.lock())
    {
        to.extend(from.iter().cloned());
    }
    // Fetched and resized for shortcodes and content: the same build.
    if let Some(early) = &early_site {
        frozen.fetches = early.fetches.clone();
        frozen.processed_images = early.processed_images.clone();
    }
    let site = Arc::new(frozen);
    phases.mark("views");
    slot.set(site.clone())
        .map_err(|_| Error::other("site loaded twice"))?;
    Ok(LoadedSite {
        site,
        warnings,
        output_dir,
        engine,
        mode,
        strict: options.strict,
        verbose: options.verbose,
        phases,
    })
}

/// A `giallo*.css` in `static/` (the site's or the theme's) overrides the
/// stylesheet agora makes for class-style highlighting. One written for the
/// other Zola generation (Zola 0.22's giallo names classes after scopes,
/// Zola 0.23's after colours) leaves code unstyled: say so. An edited one of
/// the right generation is fine.
fn stale_highlight_stylesheets(
    site_root: &Path,
    config: &config::Config,
    library: &site::Library,
) -> Vec<error::Diagnostic> {
    let mut dirs = vec![site_root.join("static")];
    if let Some(theme) = &config.theme {
        dirs.push(site_root.join("themes").join(theme).join("static"));
    }
    let mut out = Vec::new();
    for (name, css) in &library.highlight_css {
        let Some(file) = dirs.iter().map(|d| d.join(name)).find(|f| fs::exists(f)) else {
            continue;
        };
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        if colour_classes(&text) != colour_classes(css) {
            let (made_for, site_is) = if colour_classes(&text) {
                ("Zola 0.23", "a Zola 0.22 (Tera 1) site")
            } else {
                ("Zola 0.22", "a Zola 0.23 (Tera 2) site")
            };
            out.push(
                error::Diagnostic::warning(format!(
                    "`{name}` in static/ was made for {made_for}, whose highlighting class names differ from those of {site_is}: highlighted code may show unstyled"
                ))
                .in_file(file)
                .with_help(format!(
                    "delete it to let agora write a matching `{name}` into the output, or make it with the Zola version the site's templates are written for"
                )),
            );
        }
    }
    out
}

/// True for a highlighting stylesheet naming classes after colours
/// (`.z-b { font-weight: bold; }`, giallo ≥ 0.4, Zola 0.23), false for one
/// naming them after scopes (giallo 0.2, Zola 0.22).
fn colour_classes(css: &str) -> bool {
    css.lines().any(|l| l.starts_with(".z-b {"))
}

/// Loads and renders the site into memory (for `serve` and tests).
pub fn render_to_memory(
    options: &BuildOptions,
    mode: BuildMode,
) -> Result<(LoadedSite, Vec<artifact::OutputFile>)> {
    let mut loaded = load_site(options, mode)?;
    let sink = artifact::MemorySink::default();
    loaded.render(&sink)?;
    Ok((loaded, sink.into_files()))
}

/// Strings a page showed from a fallback language: one line per language
/// saying how many (the keys with `verbose`, and always with `--strict`,
/// where they are errors).
fn report_missing_strings(
    site: &render::SiteData,
    strict: bool,
    verbose: bool,
    warnings: &mut Diagnostics,
) -> Result<()> {
    let missing = site
        .missing_strings
        .lock()
        .map(|m| m.clone())
        .unwrap_or_default();
    if missing.is_empty() {
        return Ok(());
    }
    let mut by_lang: std::collections::BTreeMap<&str, Vec<(&str, &str)>> = Default::default();
    for (lang, key, from) in &missing {
        by_lang
            .entry(lang)
            .or_default()
            .push((key.as_str(), from.as_deref().unwrap_or("?")));
    }
    let mut diagnostics = Vec::new();
    for (lang, keys) in by_lang {
        let count = keys.len();
        let strings = if count == 1 { "string" } else { "strings" };
        let message = if verbose || strict {
            let list: Vec<String> = keys
                .iter()
                .map(|(k, from)| format!("{k} (shown in {from})"))
                .collect();
            format!(
                "{count} interface {strings} not translated into `{lang}`: {}",
                list.join(", ")
            )
        } else {
            let mut from: Vec<&str> = keys.iter().map(|(_, f)| *f).collect();
            from.sort_unstable();
            from.dedup();
            format!(
                "{count} interface {strings} not translated into `{lang}` (shown in {}): `agora i18n status --lang {lang}` lists them (or `agora build -v`)",
                from.join(", ")
            )
        };
        let path = site.root.join("i18n").join(format!("{lang}.toml"));
        diagnostics.push(if strict {
            error::Diagnostic::error(message).in_file(path).with_help(
                "fill these keys in the locale file; `agora i18n status` lists everything missing",
            )
        } else {
            error::Diagnostic::warning(message)
        });
    }
    if strict {
        return Err(Error::Diagnostics(diagnostics));
    }
    diagnostics.into_iter().for_each(|d| warnings.push(d));
    Ok(())
}

/// The site's root, config and strings, for the translator tools.
fn load_strings(options: &BuildOptions) -> Result<(PathBuf, config::Config, i18n::Catalog)> {
    let root = fs::canonicalize(&options.root)?;
    let config_path = config::find_config(&root, options.config_file.as_deref())?;
    let site_root = config_path.parent().unwrap_or(&root).to_path_buf();
    let config = config::load_config(&config_path, &site_root)?;
    let (catalog, _) = i18n::Catalog::load(&site_root, &config)?;
    Ok((site_root, config, catalog))
}

fn check_language(config: &config::Config, lang: Option<&str>) -> Result<()> {
    match lang {
        Some(lang) if !config.has_language(lang) => Err(Error::Usage(format!(
            "language `{lang}` is not configured (languages: {})",
            config.all_languages().join(", ")
        ))),
        _ => Ok(()),
    }
}

/// `agora i18n sync`: every missing key added to every locale file (or `only`'s).
pub fn i18n_sync(
    options: &BuildOptions,
    only: Option<&str>,
) -> Result<Vec<(PathBuf, Vec<String>)>> {
    let (root, config, catalog) = load_strings(options)?;
    check_language(&config, only)?;
    i18n::sync_locale_files(&root, &config, &catalog, only)
}

/// A format translators' tools read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExchangeFormat {
    Po,
    Xliff,
}

/// `agora i18n export`: one PO or XLIFF file per language (other than the
/// default) into `out_dir` (default `i18n/po/` or `i18n/xliff/`). Returns the files.
pub fn i18n_export(
    options: &BuildOptions,
    format: ExchangeFormat,
    only: Option<&str>,
    out_dir: Option<&Path>,
) -> Result<Vec<PathBuf>> {
    let (root, config, catalog) = load_strings(options)?;
    check_language(&config, only)?;
    let default = config.default_language.as_str();
    if only == Some(default) {
        return Err(Error::Usage(format!(
            "`{default}` is the source language: export the languages it is translated into"
        )));
    }
    let empty = Default::default();
    let source_strings = catalog.strings.get(default).unwrap_or(&empty);
    let source: Vec<(&str, &i18n::Entry)> = catalog
        .source_order
        .iter()
        .filter_map(|k| source_strings.get(k).map(|e| (k.as_str(), e)))
        .filter(|(_, e)| !e.is_empty())
        .collect();
    let (dir, ext) = match format {
        ExchangeFormat::Po => ("po", "po"),
        ExchangeFormat::Xliff => ("xliff", "xlf"),
    };
    let out_dir = match out_dir {
        Some(d) if d.is_absolute() => d.to_path_buf(),
        Some(d) => std::env::current_dir()
            .map(|c| c.join(d))
            .unwrap_or_else(|_| d.to_path_buf()),
        None => root.join("i18n").join(dir),
    };
    let now = jiff::Zoned::now().with_time_zone(jiff::tz::TimeZone::UTC);
    let revision_date = now.strftime("%Y-%m-%d %H:%M+0000").to_string();
    let project = config.title.clone().unwrap_or_else(|| "agora site".into());
    let mut written = Vec::new();
    for lang in config.all_languages() {
        if lang == default || only.is_some_and(|o| o != lang) {
            continue;
        }
        let lang_name = i18n::language_name(lang, &config);
        let request = i18n::ExportRequest {
            source_lang: default,
            lang,
            lang_name: &lang_name,
            project: &project,
            source: source.clone(),
            target: catalog.strings.get(lang),
            revision_date: &revision_date,
        };
        let text = match format {
            ExchangeFormat::Po => i18n::export_po(&request),
            ExchangeFormat::Xliff => i18n::export_xliff(&request),
        };
        let path = out_dir.join(format!("{lang}.{ext}"));
        fs::write(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}

/// Files of an earlier export under `dir` (any language): the source text
/// of each document segment by its hash, for `#| msgid` of fuzzy entries.
fn previous_sources(config: &config::Config, dir: &Path) -> HashMap<String, String> {
    let mut out = HashMap::new();
    if !fs::is_dir(dir) {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let path = entry.path();
        let known = path
            .extension()
            .is_some_and(|e| e == "po" || e == "xlf" || e == "xliff");
        if !known || !entry.file_type().is_file() {
            continue;
        }
        let Ok((_, items)) = i18n::read_exchange_file(config, path) else {
            continue;
        };
        for item in items {
            if let Some((_, _, hash)) = site::parse_entry_id(&item.key) {
                out.insert(hash.to_string(), item.source);
            }
        }
    }
    out
}

/// Whether two exported files differ in more than their revision date.
fn same_but_date(a: &str, b: &str) -> bool {
    let strip = |s: &str| -> String {
        s.lines()
            .filter(|l| !l.starts_with("\"PO-Revision-Date:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    strip(a) == strip(b)
}

/// `agora i18n export --documents`: every document's segments, per language
/// and section (or per document), as PO or XLIFF files under `out_dir`
/// (default `i18n/po/documents/` or `i18n/xliff/documents/`), in a folder
/// per language. A file that would change only in its date is left as it
/// is. Returns each file and whether it was written.
pub fn i18n_export_documents(
    options: &BuildOptions,
    format: ExchangeFormat,
    only: Option<&str>,
    out_dir: Option<&Path>,
    per_document: bool,
) -> Result<Vec<(PathBuf, bool)>> {
    let (root, config, _) = load_strings(options)?;
    check_language(&config, only)?;
    let default = config.default_language.as_str();
    if only == Some(default) {
        return Err(Error::Usage(format!(
            "`{default}` is the source language: export the languages it is translated into"
        )));
    }
    let (dir, ext) = match format {
        ExchangeFormat::Po => ("po", "po"),
        ExchangeFormat::Xliff => ("xliff", "xlf"),
    };
    let out_dir = match out_dir {
        Some(d) if d.is_absolute() => d.to_path_buf(),
        Some(d) => std::env::current_dir()
            .map(|c| c.join(d))
            .unwrap_or_else(|_| d.to_path_buf()),
        None => root.join("i18n").join(dir).join("documents"),
    };
    let library = load_library_only(&root, &config, options.drafts)?;
    let previous = previous_sources(&config, &out_dir);
    let files =
        site::collect_document_files(&root, &config, &library, only, per_document, &previous)?;
    let now = jiff::Zoned::now().with_time_zone(jiff::tz::TimeZone::UTC);
    let revision_date = now.strftime("%Y-%m-%d %H:%M+0000").to_string();
    let project = config.title.clone().unwrap_or_else(|| "agora site".into());
    let mut written = Vec::new();
    for file in files {
        let lang_name = i18n::language_name(&file.lang, &config);
        let header = i18n::DocumentFileHeader {
            source_lang: default,
            lang: &file.lang,
            lang_name: &lang_name,
            project: &project,
            what: &file.what,
            revision_date: &revision_date,
        };
        let text = match format {
            ExchangeFormat::Po => i18n::export_documents_po(&header, &file.entries),
            ExchangeFormat::Xliff => i18n::export_documents_xliff(&header, &file.entries),
        };
        let path = out_dir
            .join(&file.lang)
            .join(format!("{}.{ext}", file.name));
        let unchanged = fs::exists(&path)
            && fs::read_to_string(&path).is_ok_and(|old| same_but_date(&old, &text));
        if !unchanged {
            fs::write(&path, &text)?;
        }
        written.push((path, !unchanged));
    }
    Ok(written)
}

/// What `agora i18n import` did with one file.
#[derive(Debug)]
pub enum ImportOutcome {
    Strings(i18n::ImportReport),
    Documents {
        file: PathBuf,
        lang: String,
        report: site::DocumentImportReport,
    },
}

/// The site's library from front matter only (no Markdown rendered).
fn load_library_only(root: &Path, config: &config::Config, drafts: bool) -> Result<site::Library> {
    let hooks = render::NoLinks;
    let (library, diagnostics) = site::load_library(
        root,
        config,
        &site::LoadOptions {
            drafts,
            skip_markdown: true,
            cache: None,
            highlighter: None,
        },
        &hooks,
    )?;
    diagnostics.into_result()?;
    Ok(library)
}

/// `agora i18n import`: translations from PO or XLIFF files into the locale files.
pub fn i18n_import(options: &BuildOptions, files: &[PathBuf]) -> Result<Vec<ImportOutcome>> {
    let (root, config, _) = load_strings(options)?;
    let mut reports = Vec::new();
    for file in files {
        let (lang, items) = i18n::read_exchange_file(&config, file)?;
        if items.iter().any(site::is_document_entry) {
            let report = site::import_document_items(&root, &config, &lang, &items)?;
            reports.push(ImportOutcome::Documents {
                file: file.clone(),
                lang,
                report,
            });
            continue;
        }
        // Reloaded for each file: two files of one language build on each other.
        let (catalog, _) = i18n::Catalog::load(&root, &config)?;
        reports.push(ImportOutcome::Strings(i18n::import_file(
            &root, &config, &catalog, file,
        )?));
    }
    Ok(reports)
}

/// `agora translate PATH --to LANG`: starts a translation file.
pub fn translate(options: &BuildOptions, path: &Path, lang: &str) -> Result<PathBuf> {
    let (root, config, _) = load_strings(options)?;
    site::create_translation(&root, &config, path, lang)
}

/// `agora i18n mark-current FILE…`: records that translations match their original.
pub fn mark_current(
    options: &BuildOptions,
    paths: &[PathBuf],
) -> Result<Vec<(PathBuf, String, bool)>> {
    let (root, config, _) = load_strings(options)?;
    paths
        .iter()
        .map(|p| site::mark_current(&root, &config, p))
        .collect()
}

/// Translation coverage of a site (front matter and locale files only; no rendering).
pub fn translation_status(
    options: &BuildOptions,
    only: Option<&str>,
) -> Result<Vec<site::LanguageStatus>> {
    let root = fs::canonicalize(&options.root)?;
    let config_path = config::find_config(&root, options.config_file.as_deref())?;
    let site_root = config_path.parent().unwrap_or(&root).to_path_buf();
    let config = config::load_config(&config_path, &site_root)?;
    if let Some(lang) = only
        && !config.has_language(lang)
    {
        return Err(Error::Usage(format!(
            "language `{lang}` is not configured (languages: {})",
            config.all_languages().join(", ")
        )));
    }
    let (catalog, _) = i18n::Catalog::load(&site_root, &config)?;
    let library = load_library_only(&site_root, &config, options.drafts)?;
    let mut status = site::translation_status(&library, &catalog, &config, only);
    for s in &mut status {
        if s.lang != config.default_language {
            s.documents_segments = site::document_segments(&site_root, &config, &library, &s.lang)?;
        }
    }
    Ok(status)
}

/// What `agora check` looked at.
#[derive(Debug)]
pub struct CheckReport {
    pub pages: usize,
    pub sections: usize,
    pub stats: site::CheckStats,
    pub external: site::ExternalReport,
    pub warnings: Diagnostics,
}

/// Loads the site without rendering templates and checks every internal
/// link and its anchor, then (unless `skip_external_links`, or the network
/// is off) every external link; all problems are reported together, and
/// the warnings (`*_level = "warn"`) come back in the report.
pub fn check(options: &BuildOptions, skip_external_links: bool) -> Result<CheckReport> {
    let loaded = load_site(options, BuildMode::Build)?;
    let lib = &loaded.site.lib;
    let settings = &loaded.site.config.link_checker;
    // Broken anchors were reported while loading (as by `build`): only count here.
    let (_, stats) = site::check_anchors(lib, settings.internal_level);
    let config_path = config::find_config(&options.root, options.config_file.as_deref())?;
    let external = site::check_external_links(
        lib,
        settings,
        &loaded.site.root,
        &config_path,
        skip_external_links,
    )?;
    // The warnings of loading (`internal_level = "warn"` links…) are shown
    // with the check's errors too.
    let mut problems = loaded.warnings;
    for d in external.problems.iter().cloned() {
        problems.push(d);
    }
    problems.sort();
    if problems.has_errors() {
        // Errors and warnings of the check together, in file order.
        return Err(Error::Diagnostics(problems.items));
    }
    let warnings = problems;
    Ok(CheckReport {
        pages: lib.pages.iter().filter(|p| p.placeholder.is_none()).count(),
        sections: lib.sections.iter().filter(|s| !s.generated).count(),
        stats,
        external,
        warnings,
    })
}

/// Builds the site into its output directory.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let mut rendered = load_site(options, BuildMode::Build)?;
    if let Some(zip) = &options.zip {
        output::offline::check_zip_path(&rendered.output_dir, zip)?;
    }
    let writer = output::Writer::create(
        &rendered.output_dir,
        rendered.site.config.preserve_dotfiles_in_output,
    )?;
    let files = rendered.render(&writer)?;
    let stats = match writer.finish() {
        Err(Error::Collision(paths)) => {
            return Err(output::collisions::explain_collisions(
                &rendered.site,
                &paths,
            ));
        }
        other => other?,
    };
    rendered.phases.mark("write");
    if let Some(zip) = &options.zip {
        output::offline::write_zip(&rendered.output_dir, zip)?;
        rendered.phases.mark("zip");
    }
    let engine = rendered.engine_choice();
    Ok(BuildReport {
        pages: rendered.site.lib.pages.len(),
        sections: rendered
            .site
            .lib
            .sections
            .iter()
            .filter(|s| !s.generated)
            .count(),
        languages: rendered.site.config.all_languages().len(),
        files,
        written: stats.written,
        output_dir: rendered.output_dir,
        engine,
        warnings: rendered.warnings,
        elapsed: started.elapsed(),
    })
}

/// The output directory `-o` names, refused when it exists unless forced (as in Zola).
pub fn check_output_dir(dir: &Path, force: bool) -> Result<()> {
    if fs::exists(dir) && !force {
        return Err(Error::Usage(format!(
            "directory `{}` already exists; use --force to overwrite it",
            error::display_path(dir)
        )));
    }
    Ok(())
}
