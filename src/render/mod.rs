//! Rendering: engine-neutral views and functions, thin engine adapters, and
//! the list of files a build produces. Returns files; never writes.

mod builtins;
mod child_text;
pub mod choice;
pub mod citation;
pub mod collisions;
pub mod content_use;
mod data;
pub mod deps;
mod functions;
mod hooks;
pub(crate) mod images;
mod jinja;
mod random;
pub mod recursion;
pub mod sass;
mod tera1;
mod tera2;
pub mod translation_views;
pub mod views;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde_json::{Value, json};
use walkdir::WalkDir;

pub use functions::{LangScope, SiteData};
pub use hooks::{NoLinks, TemplateHooks};
use views::{Views, paginate, paginator_view};

use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::fs;

/// One file of the built site, by its path inside the output directory.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputFile {
    pub path: String,
    pub data: OutputData,
}

#[derive(Debug, Clone, PartialEq)]
pub enum OutputData {
    Bytes(Vec<u8>),
    /// A file copied as is (static files, colocated assets).
    Copy(PathBuf),
}

/// Where rendered files go as they are made: written out by `output`, or
/// kept in memory by `serve`. Called from several threads at once.
pub trait OutputSink: Sync {
    fn accept(&self, file: OutputFile) -> Result<()>;
}

/// Keeps every file in memory.
#[derive(Default)]
pub struct MemorySink {
    files: std::sync::Mutex<Vec<OutputFile>>,
}

impl MemorySink {
    /// The files, in a fixed order (by path).
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl OutputSink for MemorySink {
    fn accept(&self, file: OutputFile) -> Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(file);
        Ok(())
    }
}

/// Function names registered in every engine.
pub const FUNCTIONS: &[&str] = &[
    "get_url",
    "get_page",
    "get_section",
    "get_taxonomy",
    "get_taxonomy_url",
    "get_taxonomy_term",
    "trans",
    "get_hash",
    "load_data",
    "get_image_metadata",
    "resize_image",
    "now",
    "text_direction",
    "agora_search",
    "citation",
    "agora_ebook",
];

/// Functions that, in Zola 0.23, default `lang` to the `lang` of the
/// template context instead of the site's default language (Tera 2 and
/// minijinja templates).
pub const LANG_FROM_CONTEXT: &[&str] = &[
    "get_page",
    "get_section",
    "get_taxonomy",
    "get_taxonomy_url",
    "get_taxonomy_term",
    "trans",
    "text_direction",
    "citation",
    "agora_ebook",
];

/// An engine error with its whole cause chain (Tera 1 hides the real cause
/// in `source()`; Tera 2 puts its report in `Display`).
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        out.push_str("\n  caused by: ");
        out.push_str(&c.to_string());
        cur = c.source();
    }
    out
}

/// Filter names registered in every engine (Tera 2 takes most of them from
/// tera-contrib, as Zola 0.23 does).
pub const FILTERS: &[&str] = &[
    "markdown",
    "base64_encode",
    "base64_decode",
    "regex_replace",
    "num_format",
];

/// The site data the functions read, set once the library is frozen.
pub type SiteSlot = Arc<SiteCell>;

/// The site data the functions read: the frozen site, or before it exists
/// (while Markdown and its shortcodes render) an early one holding the
/// config and strings but no content, as Zola's "early" functions see.
#[derive(Default)]
pub struct SiteCell {
    site: OnceLock<Arc<SiteData>>,
    early: OnceLock<Arc<SiteData>>,
}

impl SiteCell {
    pub fn get(&self) -> Option<&Arc<SiteData>> {
        self.site.get().or_else(|| self.early.get())
    }

    /// Whether the frozen site is set (not only the early data).
    pub fn is_complete(&self) -> bool {
        self.site.get().is_some()
    }

    /// Sets the frozen site; fails when it is already set.
    pub fn set(&self, site: Arc<SiteData>) -> std::result::Result<(), Arc<SiteData>> {
        self.site.set(site)
    }

    /// Sets the data functions see before the site is loaded.
    pub fn set_early(&self, site: Arc<SiteData>) {
        let _ = self.early.set(site);
    }
}

/// The template engines of a site: one Tera generation for the Tera
/// templates, minijinja for the Jinja2 ones. A closed set, picked at the edge.
pub struct Engine {
    kind: EngineKind,
    /// Jinja2 templates (`page.html.j2`), when the site or theme has any.
    jinja: Option<jinja::Jinja>,
    /// Logical names (`page.html`) that render with minijinja.
    jinja_names: std::collections::HashSet<String>,
    content_use: content_use::ContentUse,
    /// Which Tera generation renders the site, and why.
    pub choice: choice::Choice,
    /// What loading the templates found worth saying (Tera 2: content
    /// outside blocks in child templates, ignored).
    pub warnings: Vec<Diagnostic>,
}

// One per site: the size of the variants does not matter.
#[allow(clippy::large_enum_variant)]
enum EngineKind {
    Tera1(tera1::Tera1),
    Tera2(tera2::Tera2),
}

impl Engine {
    /// Renders `name`; page views made meanwhile carry `content` only when
    /// the template can read it (see [`content_use`]).
    pub fn render(
        &self,
        name: &str,
        ctx: HashMap<&str, Value>,
    ) -> std::result::Result<String, String> {
        recursion::scoped(|| self.render_unguarded(name, ctx))
    }

    fn render_unguarded(
        &self,
        name: &str,
        ctx: HashMap<&str, Value>,
    ) -> std::result::Result<String, String> {
        content_use::rendering(self.content_use.reads(name), || {
            if let Some(j) = &self.jinja
                && self.jinja_names.contains(name)
            {
                return j.render(name, ctx);
            }
            match &self.kind {
                EngineKind::Tera1(t) => t.render(name, ctx),
                EngineKind::Tera2(t) => t.render(name, ctx),
            }
        })
    }

    /// Content templating (Zola 0.23): only Tera 2 sites render a
    /// document's Markdown as a template first; `None` for Tera 1.
    pub fn render_content(
        &self,
        document: &crate::content::ContentDocument,
        config: &Value,
    ) -> Option<std::result::Result<String, String>> {
        match &self.kind {
            EngineKind::Tera1(_) => None,
            EngineKind::Tera2(t) => Some(recursion::scoped(|| t.render_content(document, config))),
        }
    }

    /// The Zola version whose template API the site's Tera templates use.
    pub fn zola_version(&self) -> &'static str {
        match self.kind {
            EngineKind::Tera1(_) => crate::ZOLA_VERSION,
            EngineKind::Tera2(_) => crate::ZOLA_TERA2_VERSION,
        }
    }

    pub fn templates_content(&self) -> bool {
        matches!(self.kind, EngineKind::Tera2(_))
    }

    /// What views for a context of `name` need to carry.
    pub fn reads(&self, name: &str) -> content_use::Reads {
        self.content_use.reads(name)
    }

    /// The engine line of verbose output: the Tera generation and why, and
    /// how many templates render with minijinja.
    pub fn describe(&self) -> String {
        let mut out = self.choice.describe();
        if !self.jinja_names.is_empty() {
            let mut names: Vec<&str> = self.jinja_names.iter().map(String::as_str).collect();
            names.sort_unstable();
            out.push_str(&format!(
                "\ntemplate engine: minijinja (Jinja2) for {}",
                names.join(", ")
            ));
        }
        out
    }

    /// Whether Markdown calls shortcodes: on Tera 1 sites, as in Zola ≤ 0.22
    /// (Zola 0.23 replaced them with components).
    pub fn has_shortcodes(&self) -> bool {
        matches!(&self.kind, EngineKind::Tera1(_))
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.jinja_names.contains(name)
            || match &self.kind {
                EngineKind::Tera1(t) => t.has_template(name),
                EngineKind::Tera2(t) => t.has_template(name),
            }
    }
}

/// Where a template comes from; later layers override earlier ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Layer {
    Builtin,
    Theme,
    Site,
}

/// Loads the site's and theme's templates (site overrides theme, theme
/// overrides built-ins), picks the Tera generation and loads Jinja2
/// templates into minijinja.
pub fn load_engine(root: &Path, config: &Config, slot: SiteSlot) -> Result<Engine> {
    // (layer, name as loaded, source, file)
    let mut all: Vec<(Layer, String, String, Option<PathBuf>)> = builtins::BUILTINS
        .iter()
        .map(|(n, s)| (Layer::Builtin, n.to_string(), s.to_string(), None))
        .collect();
    if let Some(theme) = &config.theme {
        let dir = root.join("themes").join(theme).join("templates");
        for (name, source) in read_templates(&dir)? {
            let path = dir.join(&name);
            all.push((
                Layer::Theme,
                format!("{theme}/templates/{name}"),
                source.clone(),
                Some(path.clone()),
            ));
            all.push((Layer::Theme, name, source, Some(path)));
        }
    }
    let site_dir = root.join("templates");
    for (name, source) in read_templates(&site_dir)? {
        let path = site_dir.join(&name);
        all.push((Layer::Site, name, source, Some(path)));
    }

    let mut tera_list: Vec<(String, String)> = Vec::new();
    let mut tera_files: HashMap<String, PathBuf> = HashMap::new();
    let mut jinja_list: Vec<(String, String)> = Vec::new();
    let mut jinja_files: HashMap<String, PathBuf> = HashMap::new();
    // Logical name → (layer, is jinja) of the template that wins.
    let mut winner: HashMap<String, (Layer, bool)> = HashMap::new();
    // What content_use analyses: every template under the names templates use.
    let mut analysed: Vec<(String, String)> = Vec::new();
    for (layer, name, source, path) in &all {
        match jinja::logical_name(name) {
            Some(logical) => {
                for n in [logical, name.as_str()] {
                    jinja_list.push((n.to_string(), source.clone()));
                    analysed.push((n.to_string(), source.clone()));
                    if let Some(p) = path {
                        jinja_files.insert(n.to_string(), p.clone());
                    }
                }
                let w = winner.entry(logical.to_string()).or_insert((*layer, true));
                if *layer >= w.0 {
                    *w = (*layer, true);
                }
            }
            None => {
                tera_list.push((name.clone(), source.clone()));
                if let Some(p) = path {
                    tera_files.insert(name.clone(), p.clone());
                }
                let w = winner.entry(name.clone()).or_insert((*layer, false));
                // In one folder, `page.html.j2` wins over `page.html`.
                if *layer > w.0 || (*layer == w.0 && !w.1) {
                    *w = (*layer, false);
                }
                if !winner[name].1 {
                    analysed.push((name.clone(), source.clone()));
                }
            }
        }
    }
    let jinja_names: std::collections::HashSet<String> = winner
        .iter()
        .filter(|(_, (_, j))| *j)
        .map(|(n, _)| n.clone())
        .collect();
    let tera_list = last_wins(tera_list);
    let jinja_list = last_wins(jinja_list);
    let analysed = last_wins(analysed);
    let content_use = content_use::ContentUse::analyse(&analysed);

    // The theme's `min_version`; a theme's own demo site (no `theme` in the
    // config, a `theme.toml` beside it) says it in its own theme.toml.
    let theme_toml = match &config.theme {
        Some(theme) => root.join("themes").join(theme).join("theme.toml"),
        None => root.join("theme.toml"),
    };
    let theme_min_version = Some(theme_toml).and_then(|path| {
        let text = fs::read_to_string(&path).ok()?;
        let table: toml::Table = toml::from_str(&text).ok()?;
        table
            .get("min_version")
            .and_then(|v| v.as_str())
            .map(str::to_string)
    });
    // Only the site's and theme's own templates say which generation they are.
    let own: Vec<(&str, &str)> = all
        .iter()
        .filter(|(layer, name, _, _)| {
            *layer != Layer::Builtin && jinja::logical_name(name).is_none()
        })
        .filter(|(layer, name, _, _)| {
            // The theme's templates are listed twice; look at each once.
            *layer == Layer::Site
                || config
                    .theme
                    .as_ref()
                    .is_none_or(|t| !name.starts_with(&format!("{t}/templates/")))
        })
        .map(|(_, n, s, _)| (n.as_str(), s.as_str()))
        .collect();
    let mut zola_023_keys = Vec::new();
    if !config.skip_content_templating.is_empty() {
        zola_023_keys.push("skip_content_templating");
    }
    if config
        .markdown
        .highlighting
        .as_ref()
        .is_some_and(|h| h.data_attr_position != crate::config::DataAttrPosition::default())
    {
        zola_023_keys.push("data_attr_position");
    }
    let mut choice = choice::choose(&choice::Inputs {
        setting: config.agora.engine,
        theme_min_version: theme_min_version.as_deref(),
        templates: &own,
        zola_023_keys: &zola_023_keys,
    });
    // Tera 2 resolves names as Zola 0.23 does: the site's templates under
    // their names, the theme's under `<theme>/templates/` and the built-ins
    // under `__agora_builtins/`, found through fallback prefixes (so a
    // component defined by the theme and by the site is the site's).
    let mut prefixes: Vec<String> = Vec::new();
    if let Some(theme) = &config.theme {
        prefixes.push(format!("{theme}/templates/"));
    }
    prefixes.push(BUILTIN_PREFIX.to_string());
    let theme_prefix = config.theme.as_ref().map(|t| format!("{t}/templates/"));
    let mut tera2_list: Vec<(String, String)> = Vec::new();
    let mut tera2_files: HashMap<String, PathBuf> = HashMap::new();
    // Warnings for child templates whose content outside blocks is ignored.
    let mut tera2_blanked: Vec<Diagnostic> = Vec::new();
    for (layer, name, source, path) in &all {
        if jinja::logical_name(name).is_some() {
            continue;
        }
        let name = match layer {
            Layer::Builtin => {
                let source = builtins::for_tera2(name, source).unwrap_or_else(|| source.clone());
                tera2_list.push((format!("{BUILTIN_PREFIX}{name}"), source));
                continue;
            }
            Layer::Theme if !theme_prefix.as_ref().is_some_and(|p| name.starts_with(p)) => {
                continue;
            }
            _ => name.clone(),
        };
        let source = match child_text::blank_outside_blocks(source) {
            Some(blanked) => {
                if let (Some(p), Some(first)) = (path, blanked.spans.first()) {
                    tera2_blanked.push(
                        Diagnostic::warning(
                            "content outside blocks in a child template is ignored",
                        )
                        .in_file(p)
                        .at(source, first.clone())
                        .with_help(
                            "Zola 0.23.0 (Tera 2.0) ignored it and Tera 2.4 refuses it; agora ignores it: move it into a block or delete it",
                        ),
                    );
                }
                blanked.source
            }
            None => source.clone(),
        };
        if let Some(p) = path {
            tera2_files.insert(name.clone(), p.clone());
        }
        tera2_list.push((name, source));
    }
    let tera2_list = last_wins(tera2_list);
    let jinja_list =
        recursion::guard_recursion(recursion::Syntax::Jinja, &jinja_list, &jinja_files)?;
    let template_error = |message: String| Error::Template {
        message: format!("template error: {message}"),
    };
    let kind = match choice.generation {
        choice::Generation::Tera1 => {
            let guarded =
                recursion::guard_recursion(recursion::Syntax::Tera1, &tera_list, &tera_files)?;
            match tera1::Tera1::new(&guarded, tera_files.clone(), slot.clone()) {
                Ok(t) => EngineKind::Tera1(t),
                Err(e) if choice.decided_by_parsing() => {
                    // Nothing said which generation this is: try Tera 2.
                    match tera2::Tera2::new(&tera2_list, &prefixes, tera2_files, slot.clone()) {
                        Ok(t) => {
                            choice = choice::Choice::parsed_as_tera2(&e);
                            EngineKind::Tera2(t)
                        }
                        Err(_) => return Err(template_error(e)),
                    }
                }
                Err(e) => {
                    let hint = if tera2::Tera2::parses(&tera2_list, &prefixes).is_ok() {
                        choice::hint_other(choice::Generation::Tera2)
                    } else {
                        String::new()
                    };
                    return Err(template_error(format!("{e}{hint}")));
                }
            }
        }
        choice::Generation::Tera2 => {
            let guarded =
                recursion::guard_recursion(recursion::Syntax::Tera2, &tera2_list, &tera2_files)?;
            match tera2::Tera2::new(&guarded, &prefixes, tera2_files, slot.clone()) {
                Ok(t) => EngineKind::Tera2(t),
                Err(e) => {
                    let hint = if !tera2::Tera2::is_missing_template(&e)
                        && tera1::Tera1::parses(&tera_list)
                    {
                        choice::hint_other(choice::Generation::Tera1)
                    } else {
                        String::new()
                    };
                    return Err(template_error(format!("{e}{hint}")));
                }
            }
        }
    };
    let jinja = if jinja_names.is_empty() {
        None
    } else {
        Some(jinja::Jinja::new(&jinja_list, jinja_files, slot).map_err(template_error)?)
    };
    let warnings = match kind {
        EngineKind::Tera2(_) => tera2_blanked,
        EngineKind::Tera1(_) => Vec::new(),
    };
    Ok(Engine {
        kind,
        jinja,
        jinja_names,
        content_use,
        choice,
        warnings,
    })
}

/// Where Tera 2 finds agora's built-in templates.
const BUILTIN_PREFIX: &str = "__agora_builtins/";

/// Keeps, for each name, the last entry (site after theme after built-ins).
fn last_wins(templates: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut seen = HashMap::new();
    for (i, (name, _)) in templates.iter().enumerate() {
        seen.insert(name.clone(), i);
    }
    templates
        .into_iter()
        .enumerate()
        .filter(|(i, (name, _))| seen.get(name) == Some(i))
        .map(|(_, t)| t)
        .collect()
}

fn read_templates(dir: &Path) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    if !fs::is_dir(dir) {
        return Ok(out);
    }
    for entry in WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = rel.to_string_lossy().replace('\\', "/");
        if name.starts_with('.') || name.contains("/.") {
            continue;
        }
        out.push((name, fs::read_to_string(entry.path())?));
    }
    Ok(out)
}

pub fn new_site_slot() -> SiteSlot {
    Arc::new(SiteCell::default())
}

/// Where a URL path (`/blog/post/`) is written inside the output directory.
pub fn output_path_for(url_path: &str) -> String {
    let trimmed = url_path.trim_start_matches('/');
    if trimmed.ends_with(".html") || trimmed.ends_with(".xml") || trimmed.ends_with(".txt") {
        trimmed.to_string()
    } else if trimmed.is_empty() {
        "index.html".to_string()
    } else {
        format!("{}/index.html", trimmed.trim_end_matches('/'))
    }
}

struct RenderJob {
    kind: JobKind,
    url_path: String,
    lang: String,
}

enum JobKind {
    Page(usize),
    Section {
        index: usize,
        pager: Option<usize>,
    },
    TaxonomyList(usize),
    Term {
        taxonomy: usize,
        term: usize,
        pager: Option<usize>,
    },
    Redirect(String),
    /// agora's translation-status page, in the job's language, with the
    /// coverage of every language (computed once, shared by the languages).
    StatusPage(Arc<[crate::site::LanguageStatus]>),
    /// The search page of a language (agora's own search).
    Search,
}

/// Zola renders taxonomies after pages and sections and checks only pages,
/// sections and aliases against each other: a taxonomy or term page at the
/// URL of a section or page (a section `tags/` beside the taxonomy `tags`)
/// replaces it without a word. So does agora; two taxonomy pages at one
/// URL stay a collision.
fn drop_overwritten_by_taxonomies(jobs: &mut Vec<RenderJob>) {
    let is_taxonomy =
        |j: &RenderJob| matches!(j.kind, JobKind::TaxonomyList(_) | JobKind::Term { .. });
    let taxonomy_paths: std::collections::HashSet<String> = jobs
        .iter()
        .filter(|j| is_taxonomy(j))
        .map(|j| output_path_for(&j.url_path))
        .collect();
    if taxonomy_paths.is_empty() {
        return;
    }
    jobs.retain(|j| is_taxonomy(j) || !taxonomy_paths.contains(&output_path_for(&j.url_path)));
}

/// Where the translation-status page of `lang` lives.
pub fn status_page_path(lang: &str, config: &Config) -> String {
    if lang == config.default_language {
        "/translation-status/".to_string()
    } else {
        format!("/{lang}/translation-status/")
    }
}

/// Which files a render makes, and whether it notes what each one read.
pub struct Selection {
    /// Output paths to render; `None`: every file.
    pub only: Option<std::collections::HashSet<String>>,
    /// Copy static files and colocated assets too.
    pub assets: bool,
    /// Write agora's search index too (when the site has search).
    pub search: bool,
    /// Only these languages' search files (`None`: every language's).
    pub search_languages: Option<Vec<String>>,
    /// Note the pages each file read (see [`deps`]).
    pub record: bool,
}

impl Selection {
    /// The whole site, nothing noted: what `agora build` renders.
    pub fn everything() -> Selection {
        Selection {
            only: None,
            assets: true,
            search: true,
            search_languages: None,
            record: false,
        }
    }

    fn wants(&self, path: &str) -> bool {
        self.only.as_ref().is_none_or(|only| only.contains(path))
    }
}

/// What a render made.
#[derive(Debug, Default)]
pub struct RenderOutcome {
    /// Files handed to the sink.
    pub files: usize,
    /// Every output path the site has (rendered this time or not; without assets).
    pub outputs: Vec<String>,
    /// For each rendered file (when recording): the pages it read.
    pub deps: Vec<(String, Vec<usize>)>,
}

/// Renders every page, section, taxonomy and redirect; collects all template
/// errors and reports them together.
pub fn render_site(
    site: &SiteData,
    engine: &Engine,
    mode: &str,
    sink: &dyn OutputSink,
) -> Result<usize> {
    render_selected(site, engine, mode, sink, &Selection::everything()).map(|o| o.files)
}

/// Renders the files `selection` asks for (see [`render_site`]).
pub fn render_selected(
    site: &SiteData,
    engine: &Engine,
    mode: &str,
    sink: &dyn OutputSink,
    selection: &Selection,
) -> Result<RenderOutcome> {
    let mut outcome = RenderOutcome::default();
    let lib = &site.lib;
    let config = &site.config;
    let views = &site.views;
    let Plan {
        mut jobs,
        section_pagers,
        term_pagers,
    } = plan_jobs(site);

    drop_overwritten_by_taxonomies(&mut jobs);
    let config_views: HashMap<&str, Value> = config
        .all_languages()
        .into_iter()
        .map(|l| (l, config.view_for(l, mode)))
        .collect();

    outcome
        .outputs
        .extend(jobs.iter().map(|j| output_path_for(&j.url_path)));
    jobs.retain(|j| selection.wants(&output_path_for(&j.url_path)));
    let results: Vec<(std::result::Result<(), Diagnostic>, String, Vec<usize>)> = jobs
        .par_iter()
        .map(|job| {
            let out = output_path_for(&job.url_path);
            let (result, touched) = deps::recording(selection.record, || {
                render_job(
                    job,
                    site,
                    engine,
                    &config_views,
                    sink,
                    &section_pagers,
                    &term_pagers,
                )
            });
            (result, out, touched)
        })
        .collect();

    let mut count = results.len();
    let mut errors: Vec<Diagnostic> = Vec::new();
    for (result, out, touched) in results {
        match result {
            Err(e) => errors.push(e),
            Ok(()) if selection.record => outcome.deps.push((out, touched)),
            Ok(()) => {}
        }
    }
    let mut emit = |file: OutputFile, errors: &mut Vec<Diagnostic>| {
        count += 1;
        if let Err(e) = sink.accept(file) {
            errors.push(Diagnostic::error(e.to_string()));
        }
    };
    // 404, robots.txt, sitemap, feeds: each rendered when selected, noting what it read.
    let mut render_extra = |name: &str,
                            out: &str,
                            ctx: &dyn Fn() -> HashMap<&'static str, Value>,
                            errors: &mut Vec<Diagnostic>,
                            outcome: &mut RenderOutcome| {
        outcome.outputs.push(out.to_string());
        if !selection.wants(out) {
            return;
        }
        let _random = random::RandomScope::set(out);
        let (rendered, touched) = deps::recording(selection.record, || engine.render(name, ctx()));
        match rendered {
            Ok(s) => {
                if selection.record {
                    outcome.deps.push((out.to_string(), touched));
                }
                emit(
                    OutputFile {
                        path: out.into(),
                        data: OutputData::Bytes(s.into_bytes()),
                    },
                    errors,
                )
            }
            Err(e) => errors.push(Diagnostic::error(format!("could not render `{name}`: {e}"))),
        }
    };
    let base_context = |lang: &str| {
        let mut ctx: HashMap<&'static str, Value> = HashMap::new();
        ctx.insert("config", config_views[lang].clone());
        ctx.insert("lang", json!(lang));
        ctx.insert("lang_dir", json!(crate::i18n::text_direction(lang, config)));
        ctx
    };
    let default_lang = config.default_language.as_str();
    let plain = || base_context(default_lang);
    render_extra("404.html", "404.html", &plain, &mut errors, &mut outcome);
    if config.generate_robots_txt {
        render_extra(
            "robots.txt",
            "robots.txt",
            &plain,
            &mut errors,
            &mut outcome,
        );
    }
    if config.generate_sitemap {
        let sitemap = || {
            let mut ctx = base_context(default_lang);
            let entries = sitemap_entries(site, &section_pagers);
            // Whether any entry lists `xhtml:link` alternates (agora sites with translations).
            let hreflang = entries.as_array().is_some_and(|e| {
                e.iter()
                    .any(|e| e["alternates"].as_array().is_some_and(|a| !a.is_empty()))
            });
            ctx.insert("entries", entries);
            ctx.insert("hreflang", json!(hreflang));
            ctx
        };
        render_extra(
            "sitemap.xml",
            "sitemap.xml",
            &sitemap,
            &mut errors,
            &mut outcome,
        );
    }
    for feed in feed_jobs(site) {
        // As Zola: the largest `updated` of the feed's pages or the newest
        // page's `date`, compared as written; none (no dated page) leaves
        // `last_updated` undefined.
        let last_updated = feed
            .pages
            .iter()
            .filter_map(|&i| lib.pages[i].updated.as_ref())
            .chain(feed.pages.first().and_then(|&i| lib.pages[i].date.as_ref()))
            .map(|d| d.text.clone())
            .max();
        let mut pages = feed.pages.clone();
        if let Some(limit) = config.feed_limit {
            pages.truncate(limit);
        }
        let reads_content = config
            .feed_filenames_for(&feed.lang)
            .iter()
            .any(|name| engine.reads(name).content);
        for name in config.feed_filenames_for(&feed.lang) {
            let _lang = LangScope::set(&feed.lang);
            let out = format!("{}{}", feed.base_path.trim_start_matches('/'), name);
            let context = || {
                let mut ctx = base_context(&feed.lang);
                if let Some(last_updated) = &last_updated {
                    ctx.insert("last_updated", json!(last_updated));
                }
                let _reads = content_use::Switch::set(content_use::Reads {
                    content: reads_content,
                    pages: true,
                });
                ctx.insert(
                    "pages",
                    Value::Array(pages.iter().map(|&i| views.page(lib, i)).collect()),
                );
                if let Some(s) = feed.section {
                    ctx.insert("section", views.sections[s].clone());
                }
                if let Some((t, k)) = feed.term {
                    let tax = &lib.taxonomies[t];
                    ctx.insert("taxonomy", views::taxonomy_config_view(tax));
                    ctx.insert("term", views.term(lib, &tax.terms[k], false));
                }
                ctx.insert("feed_url", json!(config.make_permalink(&out)));
                ctx
            };
            render_extra(name, &out, &context, &mut errors, &mut outcome);
        }
    }
    // BibTeX, RIS and CSL-JSON beside each document (`[agora] citations`),
    // made again with the document's page.
    for (page_out, file) in citation::citation_files(site) {
        outcome.outputs.push(file.path.clone());
        if selection.wants(&file.path) || selection.wants(&page_out) {
            emit(file, &mut errors);
        }
    }
    if selection.assets {
        // As Zola: resized images no page uses any more are deleted. Only
        // by `build`: `serve` reuses Markdown whose shortcodes did not run again.
        if mode == "build"
            && selection.only.is_none()
            && errors.is_empty()
            && let Err(e) = images::prune_processed_images(site)
        {
            errors.push(Diagnostic::error(e));
        }
        for file in asset_files(site) {
            emit(file, &mut errors);
        }
    } else {
        // Images resized for this render are static files too.
        let names = site
            .processed_images
            .lock()
            .map(|n| n.clone())
            .unwrap_or_default();
        let folder = site.root.join("static").join(images::PROCESSED_IMAGES);
        for name in names {
            emit(
                OutputFile {
                    path: format!("{}/{name}", images::PROCESSED_IMAGES),
                    data: OutputData::Copy(folder.join(&name)),
                },
                &mut errors,
            );
        }
    }
    if !errors.is_empty() {
        return Err(Error::Diagnostics(errors));
    }
    outcome.files = count;
    Ok(outcome)
}

/// The files a site's pages, sections, taxonomies, aliases, search and
/// status pages make, with the pagers of paginated listings.
struct Plan {
    jobs: Vec<RenderJob>,
    section_pagers: HashMap<usize, Vec<views::Pager>>,
    term_pagers: HashMap<(usize, usize), Vec<views::Pager>>,
}

fn plan_jobs(site: &SiteData) -> Plan {
    let lib = &site.lib;
    let config = &site.config;
    let mut jobs: Vec<RenderJob> = Vec::new();

    for (i, page) in lib.pages.iter().enumerate() {
        if page.meta.render {
            jobs.push(RenderJob {
                kind: JobKind::Page(i),
                url_path: page.path.clone(),
                lang: page.lang.clone(),
            });
        }
        for alias in &page.meta.aliases {
            jobs.push(redirect_job(alias, &page.permalink, &page.lang));
        }
    }
    let mut section_pagers: HashMap<usize, Vec<views::Pager>> = HashMap::new();
    for (i, s) in lib.sections.iter().enumerate() {
        for alias in &s.meta.aliases {
            jobs.push(redirect_job(alias, &s.permalink, &s.lang));
        }
        if !s.meta.render {
            continue;
        }
        if let Some(target) = &s.meta.redirect_to {
            let url = config.redirect_permalink(target);
            jobs.push(RenderJob {
                kind: JobKind::Redirect(url),
                url_path: s.path.clone(),
                lang: s.lang.clone(),
            });
            continue;
        }
        match s.meta.paginate_by {
            Some(n) if n > 0 => {
                let mut pages = s.pages.clone();
                if s.meta.paginate_reversed {
                    pages.reverse();
                }
                let pagers = paginate(&pages, n, &s.path, &s.meta.paginate_path, config);
                push_pager_jobs(
                    &mut jobs,
                    &pagers,
                    &s.permalink,
                    &s.meta.paginate_path,
                    &s.lang,
                    |p| JobKind::Section {
                        index: i,
                        pager: Some(p),
                    },
                );
                section_pagers.insert(i, pagers);
            }
            _ => jobs.push(RenderJob {
                kind: JobKind::Section {
                    index: i,
                    pager: None,
                },
                url_path: s.path.clone(),
                lang: s.lang.clone(),
            }),
        }
    }
    if config.search_enabled() {
        for lang in config.all_languages() {
            jobs.push(RenderJob {
                kind: JobKind::Search,
                url_path: config.search_page_path(lang),
                lang: lang.to_string(),
            });
        }
    }
    let mut term_pagers: HashMap<(usize, usize), Vec<views::Pager>> = HashMap::new();
    for (t, tax) in lib.taxonomies.iter().enumerate() {
        // Zola writes nothing for a taxonomy without terms in a language.
        if !tax.config.render || tax.terms.is_empty() {
            continue;
        }
        jobs.push(RenderJob {
            kind: JobKind::TaxonomyList(t),
            url_path: tax.path.clone(),
            lang: tax.lang.clone(),
        });
        for (k, term) in tax.terms.iter().enumerate() {
            match tax.config.paginate_by {
                Some(n) if n > 0 => {
                    let pagers = paginate(
                        &term.pages,
                        n,
                        &term.path,
                        &tax.config.paginate_path,
                        config,
                    );
                    push_pager_jobs(
                        &mut jobs,
                        &pagers,
                        &term.permalink,
                        &tax.config.paginate_path,
                        &tax.lang,
                        |p| JobKind::Term {
                            taxonomy: t,
                            term: k,
                            pager: Some(p),
                        },
                    );
                    term_pagers.insert((t, k), pagers);
                }
                _ => jobs.push(RenderJob {
                    kind: JobKind::Term {
                        taxonomy: t,
                        term: k,
                        pager: None,
                    },
                    url_path: term.path.clone(),
                    lang: tax.lang.clone(),
                }),
            }
        }
    }

    if config.agora.status_page {
        let status: Arc<[crate::site::LanguageStatus]> =
            crate::site::translation_status(lib, &site.catalog, config, None).into();
        for lang in config.all_languages() {
            jobs.push(RenderJob {
                kind: JobKind::StatusPage(status.clone()),
                url_path: status_page_path(lang, config),
                lang: lang.to_string(),
            });
        }
    }

    Plan {
        jobs,
        section_pagers,
        term_pagers,
    }
}

/// Renders one page, section, taxonomy or redirect file into `sink`.
fn render_job(
    job: &RenderJob,
    site: &SiteData,
    engine: &Engine,
    config_views: &HashMap<&str, Value>,
    sink: &dyn OutputSink,
    section_pagers: &HashMap<usize, Vec<views::Pager>>,
    term_pagers: &HashMap<(usize, usize), Vec<views::Pager>>,
) -> std::result::Result<(), Diagnostic> {
    let lib = &site.lib;
    let config = &site.config;
    let views = &site.views;
    let permalink = config.make_permalink(&job.url_path);
    let _lang = LangScope::set(&job.lang);
    let _random = random::RandomScope::set(&job.url_path);
    let mut ctx: HashMap<&str, Value> = HashMap::new();
    ctx.insert("config", config_views[job.lang.as_str()].clone());
    ctx.insert("lang", json!(job.lang));
    ctx.insert(
        "lang_dir",
        json!(crate::i18n::text_direction(&job.lang, config)),
    );
    ctx.insert("current_url", json!(permalink));
    ctx.insert("current_path", json!(job.url_path));
    let template = job_template(job, lib, engine);
    if !engine.has_template(&template)
        && let Some(d) = missing_template(job, lib, &template)
    {
        return Err(d);
    }
    let file: Option<&Path> = match &job.kind {
        JobKind::Page(i) => Some(lib.pages[*i].file.path.as_path()),
        JobKind::Section { index, .. } => Some(lib.sections[*index].file.path.as_path()),
        _ => None,
    };
    // Views made for this context carry page HTML only if the template reads it.
    let _reads = content_use::Switch::set(engine.reads(&template));
    match &job.kind {
        JobKind::Page(i) => {
            ctx.insert("page", views.full_page(lib, *i));
            ctx.insert("zola_version", json!(engine.zola_version()));
        }
        JobKind::Section { index, pager } => {
            let s = &lib.sections[*index];
            match pager {
                Some(p) => {
                    let pagers = &section_pagers[index];
                    ctx.insert("section", views.sections[*index].clone());
                    ctx.insert(
                        "paginator",
                        paginator_view(
                            pagers,
                            *p,
                            s.meta.paginate_by.unwrap_or(1),
                            &s.permalink,
                            &s.meta.paginate_path,
                            views,
                            lib,
                        ),
                    );
                }
                None => {
                    ctx.insert("section", views.section_with_pages(lib, *index, None));
                }
            }
        }
        JobKind::TaxonomyList(t) => {
            let tax = &lib.taxonomies[*t];
            ctx.insert("taxonomy", views::taxonomy_config_view(tax));
            ctx.insert(
                "terms",
                Value::Array(
                    tax.terms
                        .iter()
                        .map(|term| views.term(lib, term, true))
                        .collect(),
                ),
            );
        }
        JobKind::Term {
            taxonomy,
            term,
            pager,
        } => {
            let tax = &lib.taxonomies[*taxonomy];
            let t = &tax.terms[*term];
            ctx.insert("taxonomy", views::taxonomy_config_view(tax));
            ctx.insert("term", views.term(lib, t, true));
            if let Some(p) = pager {
                let pagers = &term_pagers[&(*taxonomy, *term)];
                ctx.insert(
                    "paginator",
                    paginator_view(
                        pagers,
                        *p,
                        tax.config.paginate_by.unwrap_or(1),
                        &t.permalink,
                        &tax.config.paginate_path,
                        views,
                        lib,
                    ),
                );
            }
        }
        JobKind::Redirect(url) => {
            ctx.insert("url", json!(url));
        }
        JobKind::StatusPage(status) => {
            for (k, v) in translation_views::status_page_context(site, status, &job.lang) {
                ctx.insert(k, v);
            }
        }
        JobKind::Search => {}
    };
    let rendered = engine.render(&template, ctx).map(|html| match &job.kind {
        JobKind::Page(i) => match &lib.pages[*i].placeholder {
            Some(ph) => mark_placeholder(&html, &lib.pages[ph.source].permalink),
            None => html,
        },
        _ => html,
    });
    match rendered {
        Ok(html) => sink
            .accept(OutputFile {
                path: output_path_for(&job.url_path),
                data: OutputData::Bytes(html.into_bytes()),
            })
            .map_err(|e| Diagnostic::error(e.to_string())),
        Err(e) => {
            let mut d = Diagnostic::error(format!(
                "could not render `{template}` for {}: {e}",
                job.url_path
            ));
            if let Some(f) = file {
                d = d.in_file(f);
            }
            Err(d)
        }
    }
}

/// A page or section whose front matter (or its section's `page_template`)
/// names a template that does not exist: the error points at that line.
fn missing_template(
    job: &RenderJob,
    lib: &crate::site::Library,
    template: &str,
) -> Option<Diagnostic> {
    let (file, key) = match &job.kind {
        JobKind::Page(i) => {
            let page = &lib.pages[*i];
            if page.meta.template.is_some() {
                (&page.file.path, "template")
            } else {
                let s = page
                    .ancestors
                    .iter()
                    .rev()
                    .find(|&&s| lib.sections[s].meta.page_template.is_some())?;
                (&lib.sections[*s].file.path, "page_template")
            }
        }
        JobKind::Section { index, .. } => {
            let s = &lib.sections[*index];
            s.meta.template.as_ref()?;
            (&s.file.path, "template")
        }
        _ => return None,
    };
    let text = fs::read_to_string(file).ok()?;
    Some(
        Diagnostic::error(format!("the template `{template}` does not exist"))
            .in_file(file)
            .at(&text, crate::config::find_value_span(&text, key))
            .with_help("templates are read from `templates/` and the theme's `templates/`; check the name and the folder"),
    )
}

/// The template a render job uses.
fn job_template(job: &RenderJob, lib: &crate::site::Library, engine: &Engine) -> String {
    let specific_or = |specific: String, general: &str| {
        if engine.has_template(&specific) {
            specific
        } else {
            general.to_string()
        }
    };
    // Zola looks for `<name>/list.html` by the taxonomy's name as written
    // (`podcast_authors/`); agora also finds it under its slug.
    let taxonomy_template = |t: usize, file: &str, general: &str| {
        let config = &lib.taxonomies[t].config;
        let by_name = format!("{}/{file}", config.name);
        if engine.has_template(&by_name) {
            by_name
        } else {
            specific_or(format!("{}/{file}", config.slug), general)
        }
    };
    match &job.kind {
        JobKind::Page(i) => page_template(lib, *i),
        JobKind::Section { index, .. } => {
            let s = &lib.sections[*index];
            s.meta.template.clone().unwrap_or_else(|| {
                if s.file.components.is_empty() {
                    "index.html".into()
                } else {
                    "section.html".into()
                }
            })
        }
        JobKind::TaxonomyList(t) => taxonomy_template(*t, "list.html", "taxonomy_list.html"),
        JobKind::Term { taxonomy, .. } => {
            taxonomy_template(*taxonomy, "single.html", "taxonomy_single.html")
        }
        JobKind::Redirect(_) => "internal/alias.html".to_string(),
        JobKind::StatusPage(_) => "translation_status.html".to_string(),
        JobKind::Search => "search.html".to_string(),
    }
}

/// A placeholder page points search engines at the version it shows and asks
/// not to be indexed, whatever its theme writes.
fn mark_placeholder(html: &str, canonical: &str) -> String {
    static CANONICAL: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = CANONICAL.get_or_init(|| {
        regex::Regex::new(r#"<link rel="canonical" href="[^"]*"\s*/?>"#).expect("valid regex")
    });
    let tag = format!(
        "<link rel=\"canonical\" href=\"{}\"><meta name=\"robots\" content=\"noindex\">",
        crate::content::escape_html(canonical)
    );
    if re.is_match(html) {
        return re.replace(html, regex::NoExpand(&tag)).into_owned();
    }
    match html.find("</head>") {
        Some(pos) => format!("{}{}{}", &html[..pos], tag, &html[pos..]),
        None => html.to_string(),
    }
}

struct FeedJob {
    lang: String,
    /// URL folder of the feed (`/`, `/fr/`, `/blog/`, `/tags/youth/`).
    base_path: String,
    pages: Vec<usize>,
    section: Option<usize>,
    term: Option<(usize, usize)>,
}

/// Every feed Zola writes: per language, per section with `generate_feeds`,
/// per term of a taxonomy with `feed = true`. Only dated pages, newest first.
fn feed_jobs(site: &SiteData) -> Vec<FeedJob> {
    let lib = &site.lib;
    let config = &site.config;
    let dated = |indices: &mut dyn Iterator<Item = usize>| -> Vec<usize> {
        let mut v: Vec<usize> = indices
            .filter(|&i| lib.pages[i].date.is_some() && lib.pages[i].meta.render)
            .collect();
        crate::site::sort_pages(&mut v, &lib.pages, crate::content::SortBy::Date);
        v
    };
    let mut jobs = Vec::new();
    for lang in config.all_languages() {
        if config.generate_feeds_for(lang) {
            let base_path = if lang == config.default_language {
                "/".to_string()
            } else {
                format!("/{lang}/")
            };
            let pages = dated(&mut (0..lib.pages.len()).filter(|&i| lib.pages[i].lang == lang));
            jobs.push(FeedJob {
                lang: lang.to_string(),
                base_path,
                pages,
                section: None,
                term: None,
            });
        }
    }
    for (i, s) in lib.sections.iter().enumerate() {
        if s.meta.generate_feeds && !s.file.components.is_empty() {
            let pages = dated(&mut s.pages.iter().copied());
            jobs.push(FeedJob {
                lang: s.lang.clone(),
                base_path: s.path.clone(),
                pages,
                section: Some(i),
                term: None,
            });
        }
    }
    for (t, tax) in lib.taxonomies.iter().enumerate() {
        if tax.config.feed && tax.config.render {
            for (k, term) in tax.terms.iter().enumerate() {
                let pages = dated(&mut term.pages.iter().copied());
                jobs.push(FeedJob {
                    lang: tax.lang.clone(),
                    base_path: term.path.clone(),
                    pages,
                    section: None,
                    term: Some((t, k)),
                });
            }
        }
    }
    jobs
}

/// One job per pager, plus the redirect from `<base>/<paginate_path>/1/` to the first pager.
fn push_pager_jobs(
    jobs: &mut Vec<RenderJob>,
    pagers: &[views::Pager],
    base_permalink: &str,
    paginate_path: &str,
    lang: &str,
    kind: impl Fn(usize) -> JobKind,
) {
    for (p, pager) in pagers.iter().enumerate() {
        jobs.push(RenderJob {
            kind: kind(p),
            url_path: pager.path.clone(),
            lang: lang.to_string(),
        });
    }
    jobs.push(RenderJob {
        kind: JobKind::Redirect(base_permalink.to_string()),
        url_path: format!("{}{paginate_path}/1/", pagers[0].path),
        lang: lang.to_string(),
    });
}

fn redirect_job(alias: &str, target: &str, lang: &str) -> RenderJob {
    let alias = alias.trim();
    let url_path = if alias.ends_with(".html") {
        format!("/{}", alias.trim_start_matches('/'))
    } else {
        format!("/{}/", alias.trim_matches('/'))
    };
    RenderJob {
        kind: JobKind::Redirect(target.to_string()),
        url_path,
        lang: lang.to_string(),
    }
}

/// The template of a page: its own, else the nearest section's `page_template`.
fn page_template(lib: &crate::site::Library, index: usize) -> String {
    let page = &lib.pages[index];
    if let Some(t) = &page.meta.template {
        return t.clone();
    }
    for &s in page.ancestors.iter().rev() {
        if let Some(t) = &lib.sections[s].meta.page_template {
            return t.clone();
        }
    }
    "page.html".into()
}

fn sitemap_entries(site: &SiteData, section_pagers: &HashMap<usize, Vec<views::Pager>>) -> Value {
    let lib = &site.lib;
    let config = &site.config;
    // (permalink, updated, hreflang alternates: agora sites only)
    let mut entries: Vec<(String, Option<String>, Vec<Value>)> = Vec::new();
    // Placeholders ask not to be indexed, so they stay out of the sitemap.
    for p in lib
        .pages
        .iter()
        .filter(|p| p.meta.render && p.placeholder.is_none())
    {
        let updated = p
            .updated
            .as_ref()
            .or(p.date.as_ref())
            .map(|d| d.text.clone());
        let alternates = translation_views::page_alternates(lib, p, config);
        entries.push((p.permalink.clone(), updated, alternates));
    }
    for (i, s) in lib.sections.iter().enumerate() {
        // Zola lists sections with `redirect_to` too; only `render = false` hides one.
        if !s.meta.render {
            continue;
        }
        // A section agora made for a language without `_index.<lang>.md` is
        // in no hreflang set, so it lists none (sets must be reciprocal).
        let alternates = if s.generated {
            Vec::new()
        } else {
            translation_views::section_alternates(lib, s, config)
        };
        entries.push((s.permalink.clone(), None, alternates));
        if site.config.exclude_paginated_pages_in_sitemap == crate::config::ExcludePaginated::None
            && let Some(pagers) = section_pagers.get(&i)
        {
            // As Zola: `page/1/` too (the redirect to the section), when there are pages.
            if !s.pages.is_empty() {
                let first = format!("{}{}/1/", s.permalink, s.meta.paginate_path);
                entries.push((first, None, Vec::new()));
            }
            entries.extend(
                pagers
                    .iter()
                    .skip(1)
                    .map(|p| (p.permalink.clone(), None, Vec::new())),
            );
        }
    }
    let with_pagers =
        site.config.exclude_paginated_pages_in_sitemap == crate::config::ExcludePaginated::None;
    // As Zola 0.22: every rendered taxonomy, even one without terms (whose
    // page is not written), and every page of a paginated term, `page/1/`
    // (the redirect to the term) included.
    for tax in lib.taxonomies.iter().filter(|t| t.config.render) {
        entries.push((tax.permalink.clone(), None, Vec::new()));
        let per_page = tax.config.paginate_by.filter(|&n| n > 0);
        for term in &tax.terms {
            entries.push((term.permalink.clone(), None, Vec::new()));
            if let (true, Some(per_page)) = (with_pagers, per_page) {
                for n in 1..=term.pages.len().div_ceil(per_page) {
                    let path = format!("{}{}/{n}/", term.path, tax.config.paginate_path);
                    entries.push((site.config.make_permalink(&path), None, Vec::new()));
                }
            }
        }
    }
    entries.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    entries.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    Value::Array(
        entries
            .into_iter()
            .map(|(permalink, updated, alternates)| json!({"permalink": permalink, "updated": updated, "extra": null, "alternates": alternates}))
            .collect(),
    )
}

/// Static files (theme first, site overrides) and colocated assets.
fn asset_files(site: &SiteData) -> Vec<OutputFile> {
    // In the order Zola writes them, a later file replacing an earlier one
    // at the same path (no collision, as in Zola): the compiled Sass, the
    // colocated files of pages and sections (copied as they render), then
    // the theme's static files and the site's (copied last).
    let mut out: Vec<OutputFile> = Vec::new();
    let mut by_path: HashMap<String, usize> = HashMap::new();
    let mut put = |file: OutputFile| match by_path.get(&file.path) {
        Some(&i) => out[i] = file,
        None => {
            by_path.insert(file.path.clone(), out.len());
            out.push(file);
        }
    };
    // Highlighting stylesheets go to the output root (Zola 0.22 wrote them
    // into static/; agora never writes outside the output directory): any
    // file of the same name replaces them.
    for (name, css) in &site.lib.highlight_css {
        put(OutputFile {
            path: name.clone(),
            data: OutputData::Bytes(css.clone().into_bytes()),
        });
    }
    site.sass.iter().cloned().for_each(&mut put);
    for page in &site.lib.pages {
        for asset in &page.assets {
            if let Ok(rel) = asset.strip_prefix(&page.file.parent) {
                let path = format!(
                    "{}{}",
                    page.path.trim_start_matches('/'),
                    rel.to_string_lossy().replace('\\', "/")
                );
                put(OutputFile {
                    path,
                    data: OutputData::Copy(asset.clone()),
                });
            }
        }
    }
    for section in &site.lib.sections {
        for asset in &section.assets {
            if let Some(name) = asset.file_name() {
                let path = format!(
                    "{}{}",
                    section.path.trim_start_matches('/'),
                    name.to_string_lossy()
                );
                put(OutputFile {
                    path,
                    data: OutputData::Copy(asset.clone()),
                });
            }
        }
    }
    // `ignored_static` globs apply to the site's static/ only, matched
    // against the path inside it (as in Zola).
    let ignored_static = {
        let mut b = globset::GlobSetBuilder::new();
        for p in &site.config.ignored_static {
            if let Ok(g) = globset::Glob::new(p) {
                b.add(g);
            }
        }
        b.build().unwrap_or_else(|_| globset::GlobSet::empty())
    };
    let mut static_dirs = Vec::new();
    if let Some(theme) = &site.config.theme {
        static_dirs.push((site.root.join("themes").join(theme).join("static"), false));
    }
    static_dirs.push((site.root.join("static"), true));
    for (dir, own) in static_dirs {
        for entry in WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let inside = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            if own && ignored_static.is_match(inside) {
                continue;
            }
            let rel = inside.to_string_lossy().replace('\\', "/");
            put(OutputFile {
                path: rel,
                data: OutputData::Copy(entry.path().to_path_buf()),
            });
        }
    }
    out
}

/// Builds the frozen site data the functions read.
pub fn freeze_site(
    config: Config,
    root: &Path,
    output_dir: &Path,
    lib: crate::site::Library,
    catalog: crate::i18n::Catalog,
) -> SiteData {
    let views = Views::build(&lib, &config, &catalog);
    SiteData {
        config,
        root: root.to_path_buf(),
        output_dir: output_dir.to_path_buf(),
        lib,
        views,
        catalog,
        missing_strings: Default::default(),
        now: jiff::Timestamp::now(),
        early_permalinks: Default::default(),
        sass: Vec::new(),
        data_cache: Default::default(),
        fetches: Default::default(),
        processed_images: Default::default(),
        make_early_outputs: None,
        early_outputs: Default::default(),
    }
}
