//! Site configuration: `zola.toml` / `config.toml`, the theme's `theme.toml`,
//! and the per-language view handed to templates. Every key of Zola 0.22 with
//! Zola's defaults; unknown keys are refused where Zola refuses them.
//! This stage never sees content.

mod markdown;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

pub use markdown::{
    DataAttrPosition, HighlightConfig, HighlightStyle, InsertAnchor, MarkdownConfig,
};

use crate::error::{Diagnostic, Error, Result};
use crate::fs;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub base_url: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub default_language: String,
    pub languages: BTreeMap<String, LanguageOptions>,
    pub translations: BTreeMap<String, String>,
    pub theme: Option<String>,
    pub output_dir: String,
    pub preserve_dotfiles_in_output: bool,
    pub compile_sass: bool,
    pub minify_html: bool,
    pub ignored_content: Vec<String>,
    pub ignored_static: Vec<String>,
    pub generate_feeds: bool,
    pub feed_filenames: Vec<String>,
    pub feed_limit: Option<usize>,
    pub hard_link_static: bool,
    pub taxonomies: Vec<TaxonomyConfig>,
    pub taxonomy_root: Option<String>,
    pub author: Option<String>,
    pub build_search_index: bool,
    pub generate_sitemap: bool,
    pub generate_robots_txt: bool,
    pub exclude_paginated_pages_in_sitemap: ExcludePaginated,
    /// Zola's `mode` (`build`, `serve`, `check`): Zola reads it from the
    /// file and `zola build` keeps it, so `config.mode` in templates says
    /// what it says; `serve` and `check` put their own.
    pub mode: Option<ZolaMode>,
    pub markdown: MarkdownConfig,
    pub link_checker: LinkChecker,
    pub slugify: Slugify,
    pub search: Search,
    /// Zola 0.23: content files (globs under `content/`) whose Markdown is
    /// not rendered as a template first.
    pub skip_content_templating: Vec<String>,
    pub extra: toml::Table,
    /// agora's own extensions (`[agora]`); Zola does not know this table.
    pub agora: AgoraConfig,
    /// Keys Zola accepts and ignores, found while parsing (see [`parse_config`]).
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
}

/// `[agora]`: the multilingual model beyond Zola.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct AgoraConfig {
    /// Per language: fallback chain, text direction, placeholders.
    pub languages: BTreeMap<String, AgoraLanguage>,
    /// Where a reader can help translate a document: `{path}` is replaced by
    /// the translation's file path under `content/`, `{lang}` by the language.
    pub help_translate_url: Option<String>,
    /// Which Tera generation renders the site's Tera templates (`auto`,
    /// `tera1` for Zola ≤ 0.22 themes, `tera2` for Zola 0.23 ones).
    pub engine: EngineSetting,
    /// Publish a translation-status page for volunteers at
    /// `/translation-status/` in every language (template `translation_status.html`).
    pub status_page: bool,
    /// `[agora.search]`: agora's own multilingual search.
    pub search: AgoraSearch,
    /// Every `agora build` writes the offline edition (as `--offline`): every
    /// internal URL relative and pointing at a file (see `output::offline`).
    pub offline: bool,
    /// Write one EPUB 3 e-book per language, `/downloads/<name>-<lang>.epub`.
    pub ebooks: bool,
    /// The `<name>` of the e-books' files (default: the default language's
    /// site title, slugified).
    pub ebook_name: Option<String>,
    /// Write, beside every document, its reference as BibTeX, RIS and
    /// CSL-JSON (the downloads of `citation(path=…)`).
    pub citations: bool,
    /// True when the config has an `[agora]` table: the site opts into agora's
    /// multilingual model (placeholders). Plain Zola sites build as Zola builds them.
    #[serde(skip)]
    pub enabled: bool,
}

/// `[agora] engine`: the Tera generation, or `auto` to detect it.
#[derive(Debug, Clone, Copy, Deserialize, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum EngineSetting {
    #[default]
    Auto,
    Tera1,
    Tera2,
}

/// `[agora.search]`: the chunked, per-language static search index and its
/// client. On by default in a site with an `[agora]` table; a plain Zola
/// site gets none.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AgoraSearch {
    /// `false` turns search off; unset means "on when `[agora]` exists".
    pub enabled: Option<bool>,
    /// URL folder of the search page in each language (`/search/`, `/fr/search/`).
    pub page: String,
    /// Characters of text shown under each result.
    pub excerpt_length: usize,
    /// Taxonomies offered as filters; unset: every taxonomy of the language.
    pub facets: Option<Vec<String>>,
    /// Weights of the fields in ranking.
    pub weights: SearchWeights,
    /// Per language: which other languages' indexes "also search in" offers
    /// (default: the language's fallback chain).
    pub languages: BTreeMap<String, AgoraSearchLanguage>,
}

impl Default for AgoraSearch {
    fn default() -> Self {
        AgoraSearch {
            enabled: None,
            page: "search".into(),
            excerpt_length: 180,
            facets: None,
            weights: SearchWeights::default(),
            languages: BTreeMap::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchWeights {
    pub title: f32,
    pub description: f32,
    pub headings: f32,
    pub content: f32,
}

impl Default for SearchWeights {
    fn default() -> Self {
        SearchWeights {
            title: 6.0,
            description: 3.0,
            headings: 2.0,
            content: 1.0,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct AgoraSearchLanguage {
    pub also_search: Option<Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AgoraLanguage {
    /// Languages to show, in order, when a document or string is missing.
    pub fallback: Vec<String>,
    /// `ltr` or `rtl`, overriding CLDR.
    pub direction: Option<String>,
    /// Generate placeholder pages for documents not translated into this language.
    pub placeholders: bool,
    /// The language's own name (autonym), overriding agora's table.
    pub name: Option<String>,
}

impl Default for AgoraLanguage {
    fn default() -> Self {
        AgoraLanguage {
            fallback: Vec::new(),
            direction: None,
            placeholders: true,
            name: None,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            base_url: String::new(),
            title: None,
            description: None,
            default_language: "en".into(),
            languages: BTreeMap::new(),
            translations: BTreeMap::new(),
            theme: None,
            output_dir: "public".into(),
            preserve_dotfiles_in_output: false,
            compile_sass: false,
            minify_html: false,
            ignored_content: Vec::new(),
            ignored_static: Vec::new(),
            generate_feeds: false,
            feed_filenames: vec!["atom.xml".into()],
            feed_limit: None,
            hard_link_static: false,
            taxonomies: Vec::new(),
            taxonomy_root: None,
            author: None,
            build_search_index: false,
            generate_sitemap: true,
            generate_robots_txt: true,
            exclude_paginated_pages_in_sitemap: ExcludePaginated::None,
            mode: None,
            markdown: MarkdownConfig::default(),
            link_checker: LinkChecker::default(),
            slugify: Slugify::default(),
            search: Search::default(),
            skip_content_templating: Vec::new(),
            extra: toml::Table::new(),
            agora: AgoraConfig::default(),
            warnings: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct LanguageOptions {
    pub title: Option<String>,
    pub description: Option<String>,
    pub generate_feeds: bool,
    pub feed_filenames: Option<Vec<String>>,
    pub taxonomies: Vec<TaxonomyConfig>,
    pub build_search_index: bool,
    pub search: Option<Search>,
    pub translations: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct TaxonomyConfig {
    pub name: String,
    #[serde(default)]
    pub paginate_by: Option<usize>,
    #[serde(default = "default_paginate_path")]
    pub paginate_path: String,
    #[serde(default = "yes")]
    pub render: bool,
    #[serde(default)]
    pub feed: bool,
    /// The URL-safe form of `name`, filled in after loading.
    #[serde(skip_deserializing, default)]
    pub slug: String,
}

fn default_paginate_path() -> String {
    "page".into()
}

fn yes() -> bool {
    true
}

/// `mode = "…"` in config.toml, as Zola reads it.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ZolaMode {
    Build,
    Serve,
    Check,
}

impl ZolaMode {
    pub fn as_str(self) -> &'static str {
        match self {
            ZolaMode::Build => "build",
            ZolaMode::Serve => "serve",
            ZolaMode::Check => "check",
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum ExcludePaginated {
    #[default]
    None,
    All,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(default)]
pub struct LinkChecker {
    pub skip_prefixes: Vec<String>,
    pub skip_anchor_prefixes: Vec<String>,
    pub internal_level: LinkLevel,
    pub external_level: LinkLevel,
    pub ignored_files: Vec<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum LinkLevel {
    #[default]
    Error,
    Warn,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(default)]
pub struct Slugify {
    pub paths: SlugStrategy,
    pub taxonomies: SlugStrategy,
    pub anchors: SlugStrategy,
    pub paths_keep_dates: bool,
}

/// How names become URL parts: Zola's `on` (ASCII slugs), `safe` (keep Unicode,
/// drop only characters unsafe in paths) and `off` (unchanged).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum SlugStrategy {
    #[default]
    On,
    Safe,
    Off,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct Search {
    pub include_title: bool,
    pub include_content: bool,
    pub include_description: bool,
    pub include_date: bool,
    pub include_path: bool,
    pub truncate_content_length: Option<usize>,
    pub index_format: String,
}

impl Default for Search {
    fn default() -> Self {
        Search {
            include_title: true,
            include_content: true,
            include_description: false,
            include_date: false,
            include_path: false,
            truncate_content_length: None,
            index_format: "elasticlunr_javascript".into(),
        }
    }
}

/// `theme.toml`: only `[extra]` matters to a build; the rest describes the theme.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct ThemeConfig {
    pub extra: toml::Table,
}

/// Finds the config file: `zola.toml`, else `config.toml`, in `root` and its ancestors.
pub fn find_config(root: &Path, explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(path) = explicit {
        let candidate = if path.is_absolute() {
            path.to_path_buf()
        } else {
            root.join(path)
        };
        if fs::exists(&candidate) {
            return Ok(candidate);
        }
        return Err(Error::other(format!(
            "config file `{}` does not exist",
            crate::error::display_path(&candidate)
        )));
    }
    let mut dir = Some(root);
    while let Some(d) = dir {
        for name in ["zola.toml", "config.toml"] {
            let candidate = d.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
        dir = d.parent();
    }
    Err(Error::other(format!(
        "no zola.toml or config.toml found in `{}` or any folder above it; run `agora init` to start a site",
        crate::error::display_path(root)
    )))
}

/// Reads and checks the config file, merging the theme's `[extra]`.
pub fn load_config(path: &Path, root: &Path) -> Result<Config> {
    let text = fs::read_to_string(path)?;
    let mut config = parse_config(&text, path)?;
    if let Some(theme) = &config.theme {
        let theme_dir = root.join("themes").join(theme);
        if !fs::is_dir(&theme_dir) {
            return Err(Diagnostic::error(format!("theme `{theme}` not found"))
                .in_file(path)
                .at(&text, find_key_span(&text, "theme"))
                .with_help(format!(
                    "expected a folder `{}`",
                    crate::error::display_path(&theme_dir)
                ))
                .into());
        }
        let theme_toml = theme_dir.join("theme.toml");
        if fs::exists(&theme_toml) {
            let theme_text = fs::read_to_string(&theme_toml)?;
            let theme_config: ThemeConfig = toml::from_str(&theme_text)
                .map_err(|e| toml_diagnostic(&e, &theme_text, &theme_toml))?;
            for (k, v) in theme_config.extra {
                config.extra.entry(k).or_insert(v);
            }
        }
    }
    Ok(config)
}

/// Parses config text; the path is only used in error messages. Keys Zola
/// refuses (at the top level, in `[languages.*]`, in `[markdown]`) are
/// errors; keys it accepts and ignores (in a `taxonomies` entry,
/// `[link_checker]`, `[slugify]`, `[search]`, `[markdown.highlighting]`) are
/// warnings at their line and column, in [`Config::warnings`].
pub fn parse_config(text: &str, path: &Path) -> Result<Config> {
    let mut ignored: Vec<String> = Vec::new();
    let deserializer =
        toml::de::Deserializer::parse(text).map_err(|e| toml_diagnostic(&e, text, path))?;
    let mut config: Config = serde_ignored::deserialize(deserializer, |key| {
        ignored.push(key.to_string());
    })
    .map_err(|e| toml_diagnostic(&e, text, path))?;
    config.warnings = ignored
        .iter()
        .map(|key| ignored_key_warning(key, text, path))
        .collect();
    config.validate(text, path)?;
    Ok(config)
}

/// "`taxonomies.0.rss` is not a Zola setting and is ignored", at the key.
fn ignored_key_warning(key: &str, text: &str, path: &Path) -> Diagnostic {
    let mut d = Diagnostic::warning(format!(
        "`{key}` is not a setting Zola knows: it is ignored (as Zola ignores it)"
    ))
    .in_file(path)
    .with_help("remove it, or check its spelling against Zola's configuration documentation");
    if let Some(span) = key_span(text, key) {
        d = d.at(text, span);
    }
    d
}

/// Where the key at a serde path (`taxonomies.0.rss`,
/// `link_checker.internal`) is written in the TOML text.
fn key_span(text: &str, dotted: &str) -> Option<std::ops::Range<usize>> {
    let document = toml_edit::Document::parse(text).ok()?;
    let parts: Vec<&str> = dotted.split('.').collect();
    let (last, folders) = parts.split_last()?;
    enum Node<'a> {
        Table(&'a toml_edit::Table),
        Inline(&'a toml_edit::InlineTable),
        Item(&'a toml_edit::Item),
        Value(&'a toml_edit::Value),
    }
    fn child<'a>(node: Node<'a>, part: &str) -> Option<Node<'a>> {
        match node {
            Node::Table(t) => t.get(part).map(Node::Item),
            Node::Inline(t) => t.get(part).map(Node::Value),
            Node::Item(item) => match item {
                toml_edit::Item::Table(t) => child(Node::Table(t), part),
                toml_edit::Item::Value(v) => child(Node::Value(v), part),
                toml_edit::Item::ArrayOfTables(a) => a.get(part.parse().ok()?).map(Node::Table),
                toml_edit::Item::None => None,
            },
            Node::Value(value) => match value {
                toml_edit::Value::InlineTable(t) => child(Node::Inline(t), part),
                toml_edit::Value::Array(a) => a.get(part.parse().ok()?).map(Node::Value),
                _ => None,
            },
        }
    }
    let mut node = Node::Table(document.as_table());
    for part in folders {
        node = child(node, part)?;
    }
    let key = match node {
        Node::Table(t) => t.key(last),
        Node::Inline(t) => t.key(last),
        Node::Item(toml_edit::Item::Table(t)) => t.key(last),
        Node::Item(toml_edit::Item::Value(toml_edit::Value::InlineTable(t)))
        | Node::Value(toml_edit::Value::InlineTable(t)) => t.key(last),
        _ => None,
    }?;
    key.span()
}

impl Config {
    fn validate(&mut self, text: &str, path: &Path) -> Result<()> {
        if self.base_url.is_empty() {
            return Err(Diagnostic::error("`base_url` is required")
                .in_file(path)
                .with_help("add a line such as base_url = \"https://example.org\"")
                .into());
        }
        if let Err(why) = check_base_url(&self.base_url) {
            return Err(Diagnostic::error(format!(
                "`base_url = \"{}\"` is not a base URL: {why}",
                self.base_url
            ))
            .in_file(path)
            .at(text, find_value_span(text, "base_url"))
            .with_help(BASE_URL_FORMS)
            .into());
        }
        if self.languages.contains_key(&self.default_language) {
            // Zola merges [languages.<default>] into the top level; a key set twice is an error.
            let opts = self
                .languages
                .remove(&self.default_language)
                .unwrap_or_default();
            let dup = |name: &str| {
                Error::from(
                    Diagnostic::error(format!(
                        "`{name}` is set both at the top level and in [languages.{}]",
                        self.default_language
                    ))
                    .in_file(path)
                    .at(text, find_key_span(text, name))
                    .with_help("keep only one of them"),
                )
            };
            if opts.title.is_some() {
                if self.title.is_some() {
                    return Err(dup("title"));
                }
                self.title = opts.title;
            }
            if opts.description.is_some() {
                if self.description.is_some() {
                    return Err(dup("description"));
                }
                self.description = opts.description;
            }
            if !opts.taxonomies.is_empty() {
                if !self.taxonomies.is_empty() {
                    return Err(dup("taxonomies"));
                }
                self.taxonomies = opts.taxonomies;
            }
            // As Zola: the default language's feed follows the top-level
            // `generate_feeds` only; `[languages.<default>] generate_feeds` is
            // ignored there.
            self.build_search_index |= opts.build_search_index;
            if let Some(f) = opts.feed_filenames {
                self.feed_filenames = f;
            }
            if let Some(s) = opts.search {
                self.search = s;
            }
            self.translations.extend(opts.translations);
        }
        for code in std::iter::once(&self.default_language).chain(self.languages.keys()) {
            if !is_language_code(code) {
                return Err(
                    Diagnostic::error(format!("`{code}` is not a valid language code"))
                        .in_file(path)
                        .at(text, find_key_span(text, code))
                        .with_help("use a BCP 47 code such as `fr`, `pt-BR` or `zh-Hans`")
                        .into(),
                );
            }
        }
        // An `[agora]` table that only picks the engine or asks for the
        // offline edition does not opt into the multilingual model.
        self.agora.enabled = toml::from_str::<toml::Table>(text).is_ok_and(|t| {
            t.get("agora").is_some_and(|a| {
                a.as_table()
                    .is_none_or(|a| a.keys().any(|k| k != "engine" && k != "offline"))
            })
        });
        for (code, opts) in &self.agora.languages {
            let known = |c: &str| c == self.default_language || self.languages.contains_key(c);
            for c in std::iter::once(code).chain(opts.fallback.iter()) {
                if !known(c) {
                    return Err(Diagnostic::error(format!(
                        "[agora.languages.{code}] names `{c}`, which is not a language of this site"
                    ))
                    .in_file(path)
                    .at(text, find_key_span(text, "fallback"))
                    .with_help(format!("languages: {}", self.all_languages().join(", ")))
                    .into());
                }
            }
            if let Some(d) = &opts.direction
                && d != "ltr"
                && d != "rtl"
            {
                return Err(Diagnostic::error(format!(
                    "direction must be \"ltr\" or \"rtl\", not \"{d}\""
                ))
                .in_file(path)
                .at(text, find_key_span(text, "direction"))
                .into());
            }
        }
        let slug_strategy = self.slugify.taxonomies;
        for t in self.taxonomies.iter_mut().chain(
            self.languages
                .values_mut()
                .flat_map(|l| l.taxonomies.iter_mut()),
        ) {
            t.slug = crate::content::slugify(&t.name, slug_strategy);
        }
        if let Some(h) = &self.markdown.highlighting {
            h.validate(text, path)?;
        }
        Ok(())
    }

    /// Every language of the site, the default first, then the others sorted.
    pub fn all_languages(&self) -> Vec<&str> {
        let mut out = vec![self.default_language.as_str()];
        out.extend(self.languages.keys().map(String::as_str));
        out
    }

    /// Where `lang` looks when something is missing: its configured fallbacks,
    /// then the default language (without `lang` itself, without repeats).
    pub fn fallback_chain(&self, lang: &str) -> Vec<&str> {
        let mut chain: Vec<&str> = Vec::new();
        if let Some(l) = self.agora.languages.get(lang) {
            for f in &l.fallback {
                if f != lang && !chain.contains(&f.as_str()) {
                    chain.push(f);
                }
            }
        }
        if lang != self.default_language && !chain.contains(&self.default_language.as_str()) {
            chain.push(&self.default_language);
        }
        chain
    }

    /// Whether agora's own search index and page are built.
    pub fn search_enabled(&self) -> bool {
        self.agora.search.enabled.unwrap_or(self.agora.enabled)
    }

    /// The URL path of the search page of `lang` (`/search/`, `/fr/search/`).
    pub fn search_page_path(&self, lang: &str) -> String {
        let page = self.agora.search.page.trim_matches('/');
        if lang == self.default_language {
            format!("/{page}/")
        } else {
            format!("/{lang}/{page}/")
        }
    }

    /// The languages whose indexes a search in `lang` also offers.
    pub fn search_also_in(&self, lang: &str) -> Vec<&str> {
        match self
            .agora
            .search
            .languages
            .get(lang)
            .and_then(|l| l.also_search.as_ref())
        {
            Some(list) => list
                .iter()
                .map(String::as_str)
                .filter(|l| *l != lang && self.has_language(l))
                .collect(),
            None => self.fallback_chain(lang),
        }
    }

    /// Whether untranslated documents get placeholder pages in `lang`.
    pub fn placeholders_for(&self, lang: &str) -> bool {
        self.agora.enabled
            && self.is_multilingual()
            && self
                .agora
                .languages
                .get(lang)
                .is_none_or(|l| l.placeholders)
    }

    pub fn is_multilingual(&self) -> bool {
        !self.languages.is_empty()
    }

    pub fn has_language(&self, lang: &str) -> bool {
        lang == self.default_language || self.languages.contains_key(lang)
    }

    /// The taxonomies declared for `lang`.
    pub fn taxonomies_for(&self, lang: &str) -> &[TaxonomyConfig] {
        if lang == self.default_language {
            &self.taxonomies
        } else {
            self.languages
                .get(lang)
                .map(|l| l.taxonomies.as_slice())
                .unwrap_or(&[])
        }
    }

    pub fn generate_feeds_for(&self, lang: &str) -> bool {
        if lang == self.default_language {
            self.generate_feeds
        } else {
            self.languages.get(lang).is_some_and(|l| l.generate_feeds)
        }
    }

    pub fn feed_filenames_for(&self, lang: &str) -> &[String] {
        self.languages
            .get(lang)
            .and_then(|l| l.feed_filenames.as_deref())
            .unwrap_or(&self.feed_filenames)
    }

    /// Where a section's `redirect_to` leads, as Zola decides: a target
    /// starting with `http:`/`https:` as written; any other joined to
    /// `base_url` and given a trailing slash unless it already ends with one,
    /// names a feed file or holds a `#`.
    pub fn redirect_permalink(&self, target: &str) -> String {
        if target.starts_with("http:") || target.starts_with("https:") {
            return target.to_string();
        }
        let keep_as_is = target.ends_with('/')
            || target.is_empty()
            || target.contains('#')
            || self
                .feed_filenames
                .iter()
                .any(|f| target.ends_with(f.as_str()));
        let url = self.make_permalink(target);
        if keep_as_is || url.ends_with('/') {
            url
        } else {
            format!("{url}/")
        }
    }

    /// `base_url` joined with a path (`config.base_url` keeps the slash it was written with).
    pub fn make_permalink(&self, path: &str) -> String {
        let base = self.base_url.trim_end_matches('/');
        let path = path.trim_start_matches('/');
        if path.is_empty() {
            format!("{base}/")
        } else {
            format!("{base}/{path}")
        }
    }

    /// Zola's `make_permalink`, character for character, for what templates
    /// build with `get_url`: the path is joined to `base_url` with one `/`
    /// between them only when neither has one (`//` in the path stays), and a
    /// `/` is added unless the path ends with one, is a feed file name, is
    /// empty or holds a `#`.
    pub fn zola_permalink(&self, path: &str) -> String {
        let trailing = if path.ends_with('/')
            || self
                .feed_filenames
                .iter()
                .any(|f| path.ends_with(f.as_str()))
            || path.is_empty()
            || path.contains('#')
        {
            ""
        } else {
            "/"
        };
        let base = &self.base_url;
        if path == "/" {
            if base.ends_with('/') {
                base.clone()
            } else {
                format!("{base}/")
            }
        } else if base.ends_with('/') && path.starts_with('/') {
            format!("{base}{}{trailing}", &path[1..])
        } else if base.ends_with('/') || path.starts_with('/') {
            format!("{base}{path}{trailing}")
        } else {
            format!("{base}/{path}{trailing}")
        }
    }

    /// The site's title in `lang`: the language's own, else the default
    /// language's (for citations and e-books, which need a publisher name).
    pub fn site_title(&self, lang: &str) -> String {
        self.languages
            .get(lang)
            .filter(|_| lang != self.default_language)
            .and_then(|l| l.title.clone())
            .or_else(|| self.title.clone())
            .unwrap_or_else(|| self.base_url.clone())
    }

    /// The config as templates of `lang` see it (Zola's per-language view).
    pub fn view_for(&self, lang: &str, mode: &str) -> Value {
        // As `zola build`: the file's `mode` stays (serve and check set theirs).
        let mode = match (mode, self.mode) {
            ("build", Some(m)) => m.as_str(),
            _ => mode,
        };
        let (title, description) = if lang == self.default_language {
            (self.title.clone(), self.description.clone())
        } else {
            // As in Zola: a language without its own title or description has none.
            let l = self.languages.get(lang);
            (
                l.and_then(|l| l.title.clone()),
                l.and_then(|l| l.description.clone()),
            )
        };
        let others: serde_json::Map<String, Value> = self
            .all_languages()
            .into_iter()
            .filter(|code| *code != lang)
            .map(|code| {
                let opts = self.languages.get(code);
                (
                    code.to_string(),
                    json!({
                        "title": opts.and_then(|o| o.title.clone()).or_else(|| if code == self.default_language { self.title.clone() } else { None }),
                        "description": opts.and_then(|o| o.description.clone()),
                        "generate_feeds": self.generate_feeds_for(code),
                        "feed_filenames": self.feed_filenames_for(code),
                        "taxonomies": self.taxonomies_for(code),
                        "build_search_index": if code == self.default_language { self.build_search_index } else { opts.is_some_and(|o| o.build_search_index) },
                    }),
                )
            })
            .collect();
        let feed_filenames = self.feed_filenames_for(lang);
        json!({
            "base_url": self.base_url,
            "mode": mode,
            "title": title,
            "description": description,
            "default_language": self.default_language,
            "languages": others,
            "generate_feeds": self.generate_feeds_for(lang),
            "generate_feed": self.generate_feeds_for(lang),
            "feed_filenames": feed_filenames,
            "feed_filename": feed_filenames.first(),
            "taxonomies": self.taxonomies_for(lang),
            "author": self.author,
            // Per language, as in Zola: a language that does not ask for an index has none.
            "build_search_index": if lang == self.default_language {
                self.build_search_index
            } else {
                self.languages.get(lang).is_some_and(|o| o.build_search_index)
            },
            "generate_sitemap": self.generate_sitemap,
            "generate_robots_txt": self.generate_robots_txt,
            "markdown": self.markdown.view(),
            "search": { "index_format": self.search.index_format },
            "extra": toml_to_json(&toml::Value::Table(self.extra.clone())),
            // agora's own: what themes may link to (absent on plain Zola sites).
            "agora": if self.agora.enabled {
                json!({
                    "status_page": self.agora.status_page,
                    "ebooks": self.agora.ebooks,
                    "citations": self.agora.citations,
                })
            } else {
                Value::Null
            },
        })
    }
}

/// Loose check for a BCP 47 tag: letters and digits in `-`-separated parts, first part 2–8 letters.
fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=8).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Converts a TOML value (dates become RFC 3339 strings) to JSON for templates.
pub fn toml_to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

/// Turns a TOML parse error into a diagnostic at the right line, with a
/// "did you mean" for unknown keys.
pub fn toml_diagnostic(e: &toml::de::Error, text: &str, path: &Path) -> Error {
    let message = e.message().trim().to_string();
    let mut d = Diagnostic::error(first_line(&message)).in_file(path);
    if let Some(span) = e.span() {
        d = d.at(text, span);
    }
    if let Some(help) = did_you_mean(&message) {
        d = d.with_help(help);
    }
    d.into()
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).to_string()
}

/// From serde's "unknown field `x`, expected one of `a`, `b`" builds a suggestion.
pub fn did_you_mean(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, rest) = rest.split_once('`')?;
    let candidates: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    let best = candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(unknown, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, c)) => Some(format!("did you mean `{c}`?")),
        None if !candidates.is_empty() => Some(format!(
            "the keys allowed here are: {}",
            candidates.join(", ")
        )),
        None => None,
    }
}

/// What `base_url` may be, for messages and the README.
pub const BASE_URL_FORMS: &str = "a base URL is an `http://` or `https://` URL with a host (`https://example.org`, `https://example.org/hub`, `http://127.0.0.1:8000`), a protocol-relative URL with a host (`//example.org/hub`), a `file://` URL (`file:///srv/hub`), or a path from the root of the server (`/`, `/hub`)";

/// Whether `url` is one of the forms of [`BASE_URL_FORMS`]; else why not.
pub fn check_base_url(url: &str) -> std::result::Result<(), String> {
    if let Some(c) = url.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("it contains {}", describe_char(c)));
    }
    // `//host/path` (protocol-relative, as Zola accepts): checked as a URL.
    let rest = if let Some(rest) = url.strip_prefix("//") {
        rest
    } else if url.starts_with('/') || url.starts_with("file://") {
        return Ok(());
    } else {
        let Some((scheme, rest)) = url.split_once("://") else {
            return Err(
                "it has no `https://` (or `http://`, `file://`, `//`) and does not start with `/`"
                    .into(),
            );
        };
        if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
            return Err(format!(
                "the scheme `{scheme}` is not `http`, `https` or `file`"
            ));
        }
        rest
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        match v6.split_once(']') {
            Some((ip, port)) if ip.parse::<std::net::Ipv6Addr>().is_ok() => ("[v6]", port),
            _ => return Err(format!("`{authority}` is not an IPv6 address in brackets")),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, p),
            None => (authority, ""),
        }
    };
    if host.is_empty() {
        return Err("it names no host after `//`".into());
    }
    let host_ok = host == "[v6]"
        || host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        });
    if !host_ok {
        return Err(format!("`{host}` is not a host name"));
    }
    let port = port.strip_prefix(':').unwrap_or(port);
    if !port.is_empty() && port.parse::<u16>().is_err() {
        return Err(format!("`{port}` is not a port number"));
    }
    Ok(())
}

fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        '\t' => "a tab".into(),
        c => format!("the character U+{:04X}", c as u32),
    }
}

/// The byte span of the value of the first line that sets `key` (the key
/// itself when the value cannot be found).
pub fn find_value_span(text: &str, key: &str) -> std::ops::Range<usize> {
    let key_span = find_key_span(text, key);
    let line_end = text[key_span.end..]
        .find('\n')
        .map_or(text.len(), |i| key_span.end + i);
    let line = &text[key_span.end..line_end];
    match line.find('=').or_else(|| line.find(':')) {
        Some(eq) => {
            let value = &line[eq + 1..];
            let start = key_span.end + eq + 1 + (value.len() - value.trim_start().len());
            let end = key_span.end + eq + 1 + value.trim_end().len();
            if start < end { start..end } else { key_span }
        }
        None => key_span,
    }
}

/// The byte span of the first line that sets `key`, for pointing at it.
pub fn find_key_span(text: &str, key: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let matches = trimmed.strip_prefix(key).is_some_and(|r| {
            // `key = …` (TOML) or `key: …` (YAML front matter)
            r.trim_start().starts_with('=') || r.starts_with(':')
        }) || trimmed.starts_with(&format!("[languages.{key}]"));
        if matches {
            return offset + indent..offset + indent + key.len().max(1);
        }
        offset += line.len();
    }
    0..0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_of_every_accepted_form_pass_and_others_say_why() {
        for ok in [
            "https://example.org",
            "https://example.org/hub/",
            "http://127.0.0.1:8000",
            "http://[::1]:1111",
            "https://пример.рф",
            "file:///srv/hub",
            "/",
            "/hub",
            "//archie-zola.netlify.app/",
        ] {
            assert_eq!(check_base_url(ok), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("not a url ::", "a space"),
            ("example.org", "no `https://`"),
            ("ftp://example.org", "scheme `ftp`"),
            ("https://", "no host"),
            ("https://exa!mple.org", "not a host name"),
            ("https://example.org:99999", "not a port number"),
            ("//", "no host"),
            ("///srv", "no host"),
            ("//a b", "a space"),
        ] {
            let e = check_base_url(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn an_invalid_base_url_is_refused_at_its_line_and_column() {
        let text = "title = \"t\"\nbase_url = \"not a url ::\"\n";
        let e = parse_config(text, Path::new("config.toml")).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("config.toml:2:12"), "{text}");
        assert!(
            text.contains("is not a base URL: it contains a space"),
            "{text}"
        );
    }

    #[test]
    fn defaults_match_zola() {
        let c = parse_config("base_url = \"https://x.org/\"", Path::new("c.toml")).unwrap();
        assert_eq!(c.default_language, "en");
        assert_eq!(c.output_dir, "public");
        assert!(c.generate_sitemap && c.generate_robots_txt);
        assert_eq!(c.feed_filenames, vec!["atom.xml"]);
        assert_eq!(c.make_permalink("/a/"), "https://x.org/a/");
        assert_eq!(
            c.redirect_permalink("docs/intro"),
            "https://x.org/docs/intro/"
        );
        assert_eq!(c.redirect_permalink("docs/"), "https://x.org/docs/");
        assert_eq!(c.redirect_permalink("a#b"), "https://x.org/a#b");
        assert_eq!(c.redirect_permalink("atom.xml"), "https://x.org/atom.xml");
        assert_eq!(c.redirect_permalink("https://y.org/z"), "https://y.org/z");
    }

    #[test]
    fn unknown_key_suggests_the_right_one() {
        let err = parse_config(
            "base_url = \"https://x.org\"\ncompile_sas = true\n",
            Path::new("config.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("config.toml:2:1"), "{err}");
        assert!(err.contains("did you mean `compile_sass`?"), "{err}");
    }
}
