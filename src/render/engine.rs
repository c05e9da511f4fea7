//! The template engines of a site: which Tera generation (and minijinja for
//! `*.j2`), found and loaded once with the site's, the theme's and agora's
//! built-in templates; the function and filter names every engine registers;
//! the cell through which template functions reach the site data.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde_json::Value;
use walkdir::WalkDir;

use super::{SiteData, builtins, child_text, choice, content_use, jinja, recursion, tera1, tera2};
use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::fs;

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
/// `serve` takes the frozen site back out to patch it after a body edit
/// (functions see the early data meanwhile, as while loading).
#[derive(Default)]
pub struct SiteCell {
    site: std::sync::RwLock<Option<Arc<SiteData>>>,
    early: OnceLock<Arc<SiteData>>,
}

impl SiteCell {
    pub fn get(&self) -> Option<Arc<SiteData>> {
        self.frozen().or_else(|| self.early.get().cloned())
    }

    fn frozen(&self) -> Option<Arc<SiteData>> {
        self.site
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .cloned()
    }

    /// Whether the frozen site is set (not only the early data).
    pub fn is_complete(&self) -> bool {
        self.frozen().is_some()
    }

    /// Sets the frozen site; fails when it is already set.
    pub fn set(&self, site: Arc<SiteData>) -> std::result::Result<(), Arc<SiteData>> {
        let mut slot = self.site.write().unwrap_or_else(|e| e.into_inner());
        if slot.is_some() {
            return Err(site);
        }
        *slot = Some(site);
        Ok(())
    }

    /// Takes the frozen site out (to patch it), leaving the early data.
    pub fn take(&self) -> Option<Arc<SiteData>> {
        self.site.write().unwrap_or_else(|e| e.into_inner()).take()
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

/// A template context prepared once for several files of one template (the
/// pagers of a taxonomy term share `term`, with all its pages): each render
/// adds or replaces only what differs, so shared values are converted and
/// handed to the engine once, not once per file.
pub enum SharedContext {
    Tera1(tera1::Context),
    Tera2(tera2::Context),
    Jinja(jinja::Context),
}

impl SharedContext {
    fn add(&mut self, values: HashMap<&str, Value>) -> std::result::Result<(), String> {
        match self {
            SharedContext::Tera1(c) => c.add(values)?,
            SharedContext::Tera2(c) => c.add(values),
            SharedContext::Jinja(c) => c.add(values),
        }
        Ok(())
    }
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
        let mut shared = self.share(name, ctx)?;
        self.render_shared(name, &mut shared, HashMap::new())
    }

    /// A context for renders of `name` that share `values`: they are handed
    /// to the engine once, however many files render with them.
    pub fn share(
        &self,
        name: &str,
        values: HashMap<&str, Value>,
    ) -> std::result::Result<SharedContext, String> {
        let mut shared = if self.jinja.is_some() && self.jinja_names.contains(name) {
            SharedContext::Jinja(Default::default())
        } else {
            match &self.kind {
                EngineKind::Tera1(_) => SharedContext::Tera1(Default::default()),
                EngineKind::Tera2(_) => SharedContext::Tera2(Default::default()),
            }
        };
        shared.add(values)?;
        Ok(shared)
    }

    /// Renders `name` with `shared` (from [`Engine::share`] for the same
    /// template) and `values`, which replace shared values of the same name
    /// for this and later renders.
    pub fn render_shared(
        &self,
        name: &str,
        shared: &mut SharedContext,
        values: HashMap<&str, Value>,
    ) -> std::result::Result<String, String> {
        shared.add(values)?;
        recursion::scoped(|| {
            content_use::rendering(self.content_use.reads(name), || {
                match (&*shared, &self.kind, &self.jinja) {
                    (SharedContext::Jinja(c), _, Some(j)) => j.render(name, c),
                    (SharedContext::Tera1(c), EngineKind::Tera1(t), _) => t.render(name, c),
                    (SharedContext::Tera2(c), EngineKind::Tera2(t), _) => t.render(name, c),
                    _ => Err(format!(
                        "internal error: `{name}` rendered with a context made for another engine"
                    )),
                }
            })
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
            EngineKind::Tera1(_) => crate::config::ZOLA_VERSION,
            EngineKind::Tera2(_) => crate::config::ZOLA_TERA2_VERSION,
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
    if choice.decided_by_parsing()
        && let Some(file) = choice::content_with_raw_block(&root.join("content"))
    {
        choice = choice::Choice::raw_block_in_content(&file);
    }
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
                // As Zola 0.23 registers it: under its own name, so a
                // theme's `internal/alias.html` is never used (a site's
                // replaces it).
                if name == "internal/alias.html" {
                    tera2_list.push((name.clone(), source.clone()));
                }
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
                            "Zola 0.23 (Tera 2.0) ignores it and later Tera 2 versions refuse it; agora ignores it: move it into a block or delete it",
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
