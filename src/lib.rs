//! agora: a Zola-compatible static-site generator for multilingual
//! civil-society knowledge hubs.
//!
//! The pipeline, one way: config → content → site (library) → render → output.

pub mod artifact;
pub mod cli;
pub mod commands;
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
    /// The config file the site was loaded from.
    pub config_path: std::path::PathBuf,
    pub warnings: Diagnostics,
    pub output_dir: PathBuf,
    engine: render::Engine,
    /// Where the engine's functions find the site (taken out to patch it).
    slot: render::SiteSlot,
    /// What functions see while Markdown renders (shortcodes, templated content).
    early: Option<Arc<render::SiteData>>,
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

    /// `serve`, after `docs` (paths relative to `content/`) changed:
    /// patches the loaded library in place (see [`site::patch_documents`])
    /// instead of loading the site again. `None` when that is not possible
    /// (not a body or title edit, an anchor now broken…): the site must then
    /// be loaded again, this one is no longer consistent.
    pub fn patch_documents(&mut self, docs: &[String]) -> Option<site::Patched> {
        drop(self.slot.take());
        let patched = match Arc::get_mut(&mut self.site) {
            Some(data) => {
                let render::SiteData {
                    config,
                    root,
                    lib,
                    views,
                    catalog,
                    session,
                    ..
                } = data;
                let hooks = render::TemplateHooks {
                    engine: &self.engine,
                    config,
                    early: self.early.clone(),
                };
                site::patch_documents(root, lib, config, &hooks, docs)
                    .filter(|patched| {
                        // Only the anchors into the edited pages can have broken.
                        let targets = patched
                            .edited
                            .iter()
                            .map(|&i| lib.pages[i].file.relative_path.as_str())
                            .collect();
                        let level = config.link_checker.internal_level;
                        site::check_anchors_to(lib, level, Some(&targets))
                            .0
                            .is_empty()
                    })
                    .inspect(|patched| {
                        views.refresh(lib, config, catalog, &patched.pages());
                        // Zola's search files, made from the content.
                        session.early_outputs = Default::default();
                    })
            }
            None => None,
        };
        let _ = self.slot.set(self.site.clone());
        self.warnings = Diagnostics::default();
        patched
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
            search::build_search_files_for(&source, only, &mut |file| {
                outcome.outputs.push(file.path.clone());
                outcome.files += 1;
                sink.accept(file)
            })?;
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
    let config::Project {
        root: site_root,
        config_path,
        mut config,
    } = config::open_project(&options.root, options.config_file.as_deref())?;
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
    config.zola_023 = engine.templates_content();
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
    phases.mark("config, strings, templates");
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
    // The same build as the shortcodes' and templated content's: the
    // strings `trans` showed from a fallback, what was fetched and resized.
    if let Some(early) = &early_site {
        frozen.session = render::session::BuildSession::continuing(&early.session);
    }
    let site = Arc::new(frozen);
    phases.mark("views");
    slot.set(site.clone())
        .map_err(|_| Error::other("site loaded twice"))?;
    Ok(LoadedSite {
        site,
        config_path,
        warnings,
        output_dir,
        engine,
        slot,
        early: early_site,
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
    let missing = site.session.missing_strings();
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
