//! Site configuration: `zola.toml` / `config.toml`, the theme's `theme.toml`,
//! and the per-language view handed to templates. Every key of Zola 0.22 with
//! Zola's defaults; unknown keys are refused where Zola refuses them.
//! This stage never sees content.

mod agora;
mod base_url;
mod markdown;
mod project;
mod slugs;
mod toml_text;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

pub use markdown::{
    DataAttrPosition, HighlightConfig, HighlightStyle, InsertAnchor, MarkdownConfig,
};

use crate::artifact::BuildMode;
use crate::error::{Diagnostic, Error, Result};
use crate::fs;
pub use agora::{
    AgoraConfig, AgoraLanguage, AgoraSearch, AgoraSearchLanguage, EngineSetting, SearchWeights,
};
pub use base_url::{BASE_URL_FORMS, check_base_url};
pub use project::{Project, find_config, load_config, open_project, parse_config};
pub use slugs::{SlugStrategy, Slugify, slugify, slugify_anchor};
use toml_text::key_span;
pub use toml_text::{did_you_mean, find_key_span, find_value_span, toml_diagnostic, toml_to_json};

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
    /// `[languages.<default>] generate_feeds`: no feed (Zola writes the
    /// default language's from the top-level key only), but templates see
    /// it in `config.generate_feeds`, as Zola merges it there.
    #[serde(skip)]
    pub default_language_generate_feeds: bool,
    /// Set once the template engine is chosen: the site renders as Zola
    /// 0.23 (Tera 2) renders, where its Markdown differs from Zola 0.22's.
    #[serde(skip)]
    pub zola_023: bool,
}

/// The Zola version whose behaviour agora follows, shown to templates.
pub const ZOLA_VERSION: &str = "0.22.1";
/// The Zola version whose behaviour Tera 2 sites follow.
pub const ZOLA_TERA2_VERSION: &str = "0.23.0";

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
            default_language_generate_feeds: false,
            zola_023: false,
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
            self.default_language_generate_feeds = opts.generate_feeds;
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
            t.slug = slugify(&t.name, slug_strategy);
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

    /// The `<name>` of the e-books' files: `[agora] ebook_name`, else the
    /// default language's site title, slugified.
    pub fn ebook_name(&self) -> String {
        let name = self
            .agora
            .ebook_name
            .clone()
            .or_else(|| self.title.clone())
            .map(slug::slugify)
            .unwrap_or_default();
        if name.is_empty() { "site".into() } else { name }
    }

    /// Where the e-book of `lang` is written, inside the output folder.
    pub fn ebook_path(&self, lang: &str) -> String {
        format!("downloads/{}-{lang}.epub", self.ebook_name())
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

    /// `config.generate_feeds` in templates: for the default language also
    /// true when `[languages.<default>]` asks (no feed is written for it).
    fn generate_feeds_shown(&self, lang: &str) -> bool {
        self.generate_feeds_for(lang)
            || (lang == self.default_language && self.default_language_generate_feeds)
    }

    /// The feed files of a language, as Zola decides: the default language
    /// has the top-level `feed_filenames`; any other language has its own
    /// `[languages.<code>] feed_filenames`, or `atom.xml` alone: it does not
    /// inherit the top-level list.
    pub fn feed_filenames_for(&self, lang: &str) -> &[String] {
        static ATOM: LazyLock<Vec<String>> = LazyLock::new(|| vec!["atom.xml".into()]);
        if lang == self.default_language {
            return &self.feed_filenames;
        }
        self.languages
            .get(lang)
            .and_then(|l| l.feed_filenames.as_deref())
            .unwrap_or(&ATOM)
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
    pub fn view_for(&self, lang: &str, mode: BuildMode) -> Value {
        // As `zola build`: the file's `mode` stays (serve and check set theirs).
        let mode = match (mode, self.mode) {
            (BuildMode::Build, Some(m)) => m.as_str(),
            _ => mode.as_str(),
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
                        "generate_feeds": self.generate_feeds_shown(code),
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
            "generate_feeds": self.generate_feeds_shown(lang),
            "generate_feed": self.generate_feeds_shown(lang),
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
