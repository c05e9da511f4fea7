//! Zola's template functions and filters, written once over the frozen
//! library. Engine adapters only convert arguments and results.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde_json::{Map, Value, json};
use sha2::Digest;

use super::views::Views;
use crate::config::Config;
use crate::site::Library;

pub type Args = Map<String, Value>;

/// Everything the template functions read. Frozen for the whole render,
/// but for its [`super::session::BuildSession`].
pub struct SiteData {
    pub config: Config,
    pub root: PathBuf,
    pub output_dir: PathBuf,
    pub lib: Library,
    pub views: Views,
    /// UI strings of every language.
    pub catalog: crate::i18n::Catalog,
    pub now: jiff::Timestamp,
    /// The site's and theme's Sass, compiled when the site loads (cachebusted
    /// `get_url`s read it; the asset copy writes it).
    pub sass: Vec<crate::artifact::OutputFile>,
    /// How to make the files Zola writes before it renders any template
    /// besides the Sass (its search index; kept in the session once made):
    /// set by whoever builds the site, since they come from a later stage.
    pub make_early_outputs: Option<EarlyOutputs>,
    /// Where agora's search client is written (`search/agora-search.<hash>.js`),
    /// for `agora_search()`: set by whoever builds the site, as search is a
    /// later stage.
    pub search_client: String,
    /// What this build learns while it renders (caches, missing strings,
    /// resized images): the only state that changes behind the frozen site.
    pub session: super::session::BuildSession,
}

/// Makes the files a site writes before rendering templates, with warnings.
pub type EarlyOutputs = fn(
    &Config,
    &Library,
    &crate::i18n::Catalog,
) -> (
    Vec<crate::artifact::OutputFile>,
    Vec<crate::error::Diagnostic>,
);

impl SiteData {
    /// The files Zola writes before rendering (see [`SiteData::make_early_outputs`]).
    pub fn early_outputs(
        &self,
    ) -> &(
        Vec<crate::artifact::OutputFile>,
        Vec<crate::error::Diagnostic>,
    ) {
        self.session
            .early_outputs
            .get_or_init(|| match self.make_early_outputs {
                Some(make) => make(&self.config, &self.lib, &self.catalog),
                None => (Vec::new(), Vec::new()),
            })
    }
}

/// Sets the language of what this thread renders (see [`super::scope`])
/// until dropped.
pub struct LangScope(Option<String>);

impl LangScope {
    pub fn set(lang: &str) -> LangScope {
        LangScope(super::scope::with(|s| s.lang.replace(lang.to_string())))
    }
}

impl Drop for LangScope {
    fn drop(&mut self) {
        let previous = self.0.take();
        super::scope::with(|s| s.lang = previous);
    }
}

pub(super) fn arg_str<'a>(args: &'a Args, name: &str) -> Result<Option<&'a str>, String> {
    match args.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!("argument `{name}` must be a string, got `{other}`")),
    }
}

fn required_str<'a>(args: &'a Args, name: &str, func: &str) -> Result<&'a str, String> {
    arg_str(args, name)?.ok_or_else(|| format!("`{func}` needs the argument `{name}`"))
}

pub(super) fn arg_bool(args: &Args, name: &str, default: bool) -> Result<bool, String> {
    match args.get(name) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(other) => Err(format!(
            "argument `{name}` must be true or false, got `{other}`"
        )),
    }
}

impl SiteData {
    pub fn call_function(&self, name: &str, args: &Args) -> Result<Value, String> {
        match name {
            "get_url" => self.get_url(args),
            "get_page" => self.get_page(args),
            "get_section" => self.get_section(args),
            "get_taxonomy" => self.get_taxonomy(args),
            "get_taxonomy_url" => self.get_taxonomy_url(args),
            "get_taxonomy_term" => self.get_taxonomy_term(args),
            "trans" => self.trans(args),
            "get_hash" => self.get_hash(args),
            "load_data" => self.load_data(args),
            "get_image_metadata" => self.get_image_metadata(args),
            "resize_image" => self.resize_image(args),
            "now" => self.now(args),
            "text_direction" => self.text_direction(args),
            "agora_search" => self.agora_search(args),
            "citation" => self.citation(args),
            "agora_ebook" => self.agora_ebook(args),
            _ => Err(format!("unknown function `{name}`")),
        }
    }

    pub fn call_filter(&self, name: &str, value: &Value, args: &Args) -> Result<Value, String> {
        let text = || -> Result<&str, String> {
            value
                .as_str()
                .ok_or_else(|| format!("filter `{name}` expects a string, got `{value}`"))
        };
        match name {
            "markdown" => self.markdown_filter(text()?, arg_bool(args, "inline", false)?),
            "base64_encode" => Ok(json!(
                base64::engine::general_purpose::STANDARD.encode(text()?)
            )),
            "base64_decode" => {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(text()?)
                    .map_err(|e| format!("base64_decode: {e}"))?;
                Ok(json!(String::from_utf8_lossy(&bytes)))
            }
            "regex_replace" => {
                let pattern = required_str(args, "pattern", "regex_replace")?;
                let rep = required_str(args, "rep", "regex_replace")?;
                let re = regex::Regex::new(pattern)
                    .map_err(|e| format!("regex_replace: invalid pattern: {e}"))?;
                Ok(json!(re.replace_all(text()?, rep)))
            }
            "num_format" => {
                let locale = arg_str(args, "locale")?.unwrap_or(&self.config.default_language);
                let n = value
                    .as_i64()
                    .ok_or_else(|| format!("num_format expects an integer, got `{value}`"))?;
                Ok(json!(format_number(n, locale)))
            }
            _ => Err(format!("unknown filter `{name}`")),
        }
    }

    fn lang_arg<'a>(&'a self, args: &'a Args) -> Result<&'a str, String> {
        let lang = arg_str(args, "lang")?.unwrap_or(&self.config.default_language);
        if !self.config.has_language(lang) {
            return Err(format!(
                "language `{lang}` is not configured (languages: {})",
                self.config.all_languages().join(", ")
            ));
        }
        Ok(lang)
    }

    /// `blog/post.md` in language `fr` → `blog/post.fr.md`. Absolute paths
    /// inside `content/` (as `page.translations[].path` gives) are accepted too.
    fn localized_path(&self, path: &str, lang: &str) -> String {
        let content_dir = self.root.join("content");
        let path = Path::new(path)
            .strip_prefix(&content_dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|_| path.to_string());
        let path = path.as_str();
        if lang == self.config.default_language {
            return path.to_string();
        }
        match path.strip_suffix(".md") {
            Some(stem) if !stem.ends_with(&format!(".{lang}")) => format!("{stem}.{lang}.md"),
            _ => path.to_string(),
        }
    }

    fn get_url(&self, args: &Args) -> Result<Value, String> {
        let path = required_str(args, "path", "get_url")?;
        let lang = self.lang_arg(args)?;
        let trailing_slash = arg_bool(args, "trailing_slash", false)?;
        let cachebust = arg_bool(args, "cachebust", false)?;
        if let Some(target) = path.strip_prefix("@/") {
            let (file, anchor) = match target.split_once('#') {
                Some((f, a)) => (f, Some(a)),
                None => (target, None),
            };
            let localized = self.localized_path(file, lang);
            let permalink = self
                .permalink_of(&localized)
                .ok_or_else(|| format!("get_url: `@/{localized}` does not exist"))?;
            return Ok(json!(match anchor {
                Some(a) => format!("{permalink}#{a}"),
                None => permalink.clone(),
            }));
        }
        // As Zola: the language code, when not the default and the path
        // (past its first character) does not already start with it, joined
        // to the path with a `/` (a term's `path` `/es/tags/x/` with
        // `lang="es"` gets none); then Zola's `make_permalink`, which keeps
        // a `//` the template wrote; without `trailing_slash`, one final `/`
        // is dropped.
        let has_prefix = path.get(1..).is_some_and(|p| p.starts_with(lang));
        let joined = if lang != self.config.default_language && (path.is_empty() || !has_prefix) {
            format!("{lang}/{path}")
        } else {
            path.to_string()
        };
        let mut url = self.config.zola_permalink(&joined);
        if !trailing_slash && url.ends_with('/') {
            url.pop();
        }
        if cachebust {
            let bytes = self.bytes_to_hash(path).ok_or_else(|| {
                format!(
                    "get_url: cannot cachebust `{path}`: no such file in static/, content/, the theme's static/, nor made by this build (Sass, search index)"
                )
            })??;
            let hash = sha2::Sha256::digest(&bytes);
            url = format!("{url}?h={}", &hex(&hash)[..20]);
        }
        Ok(json!(url))
    }

    /// The permalink of a content file (`blog/post.md`), also before the site exists.
    pub(super) fn permalink_of(&self, path: &str) -> Option<&String> {
        self.lib
            .page(path)
            .map(|p| &p.permalink)
            .or_else(|| self.lib.section(path).map(|s| &s.permalink))
            .or_else(|| self.session.early_permalinks.get()?.get(path))
    }

    /// The bytes of the file `get_url(cachebust=true)` and `get_hash` hash,
    /// found where Zola looks: the site root, static/, content/, what Zola
    /// has written to its output before rendering templates (the compiled
    /// Sass, the search index, the highlighting stylesheets), the theme's
    /// static/, colocated assets.
    fn bytes_to_hash(&self, path: &str) -> Option<Result<Vec<u8>, String>> {
        let read = |file: PathBuf| Some(crate::fs::read(&file).map_err(|e| e.to_string()));
        let rel = path.trim_start_matches('/');
        if let Some(content_rel) = rel.strip_prefix("@/") {
            let file = self.root.join("content").join(content_rel);
            return file.is_file().then(|| read(file)).flatten();
        }
        for dir in [
            self.root.clone(),
            self.root.join("static"),
            self.root.join("content"),
        ] {
            let file = dir.join(rel);
            if file.is_file() {
                return read(file);
            }
        }
        let made = self.sass.iter().chain(self.early_outputs().0.iter());
        if let Some(file) = made.into_iter().find(|f| f.path == rel) {
            return match &file.data {
                crate::artifact::OutputData::Bytes(b) => Some(Ok(b.clone())),
                crate::artifact::OutputData::Copy(from) => read(from.clone()),
            };
        }
        // The highlighting stylesheets (`giallo.css`…), which Zola 0.23
        // writes to the output before rendering.
        if let Some((_, css)) = self.lib.highlight_css.iter().find(|(name, _)| name == rel) {
            return Some(Ok(css.as_bytes().to_vec()));
        }
        if let Some(theme) = &self.config.theme {
            let file = self
                .root
                .join("themes")
                .join(theme)
                .join("static")
                .join(rel);
            if file.is_file() {
                return read(file);
            }
        }
        self.published_asset(rel).and_then(read)
    }

    /// Looks a file up where Zola does: root, static/, content/, output, theme static/.
    pub(crate) fn find_file(&self, path: &str) -> Option<PathBuf> {
        let rel = path.trim_start_matches('/');
        if let Some(content_rel) = rel.strip_prefix("@/") {
            let p = self.root.join("content").join(content_rel);
            return p.is_file().then_some(p);
        }
        let mut candidates = vec![
            self.root.join(rel),
            self.root.join("static").join(rel),
            self.root.join("content").join(rel),
            self.output_dir.join(rel),
        ];
        if let Some(theme) = &self.config.theme {
            candidates.push(
                self.root
                    .join("themes")
                    .join(theme)
                    .join("static")
                    .join(rel),
            );
        }
        candidates
            .into_iter()
            .find(|p| p.is_file())
            .or_else(|| self.published_asset(rel))
    }

    /// A colocated asset by the path it is published at (`blog/map.png`,
    /// `fr/blog/map.png`): Zola finds those in its output folder, where it
    /// copied them before rendering templates.
    fn published_asset(&self, rel: &str) -> Option<PathBuf> {
        let wanted: Vec<&str> = rel.split('/').filter(|c| !c.is_empty()).collect();
        let (name, folder) = wanted.split_last()?;
        let matches = |path: &str, assets: &[PathBuf]| -> Option<PathBuf> {
            let parts: Vec<&str> = path.split('/').filter(|c| !c.is_empty()).collect();
            if parts != folder {
                return None;
            }
            assets
                .iter()
                .find(|a| a.file_name().is_some_and(|n| n.to_string_lossy() == *name))
                .cloned()
        };
        self.lib
            .sections
            .iter()
            .find_map(|s| matches(&s.path, &s.assets))
            .or_else(|| {
                self.lib
                    .pages
                    .iter()
                    .find_map(|p| matches(&p.path, &p.assets))
            })
    }

    /// The document `path` names in `lang`: the file itself when it exists
    /// (its version in `lang` when `lang` is asked for, as Zola 0.23 does
    /// for `get_page(path="blog/a.it.md", lang="fr")`), else `path` with the
    /// language added (`blog/a.md` in `fr` → `blog/a.fr.md`).
    fn find_document(
        &self,
        path: &str,
        args: &Args,
        lang: &str,
        by_path: &std::collections::HashMap<String, usize>,
        version_in: impl Fn(usize, &str) -> Option<usize>,
    ) -> (String, Option<usize>) {
        let content_dir = self.root.join("content");
        let given = path.trim_start_matches("@/");
        let given = Path::new(given)
            .strip_prefix(&content_dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|_| given.to_string());
        if let Some(&i) = by_path.get(&given) {
            if !args.contains_key("lang") {
                return (given, Some(i));
            }
            return (format!("{given} ({lang})"), version_in(i, lang));
        }
        let localized = self.localized_path(&given, lang);
        let found = by_path.get(&localized).copied();
        (localized, found)
    }

    fn get_page(&self, args: &Args) -> Result<Value, String> {
        let path = required_str(args, "path", "get_page")?;
        let lang = self.lang_arg(args)?;
        let pages = &self.lib.pages;
        let (localized, found) =
            self.find_document(path, args, lang, &self.lib.pages_by_path, |i, lang| {
                std::iter::once(i)
                    .chain(pages[i].translations.iter().copied())
                    .find(|&j| pages[j].lang == lang)
            });
        match found {
            Some(i) => Ok(self.views.full_page(&self.lib, i)),
            // Zola 0.23's `allow_missing = true`: none instead of an error.
            None if arg_bool(args, "allow_missing", false)? => Ok(Value::Null),
            None => Err(format!("get_page: page `{localized}` not found")),
        }
    }

    fn get_section(&self, args: &Args) -> Result<Value, String> {
        let path = required_str(args, "path", "get_section")?;
        let lang = self.lang_arg(args)?;
        let metadata_only = arg_bool(args, "metadata_only", false)?;
        let sections = &self.lib.sections;
        let (localized, found) =
            self.find_document(path, args, lang, &self.lib.sections_by_path, |i, lang| {
                std::iter::once(i)
                    .chain(sections[i].translations.iter().copied())
                    .find(|&j| sections[j].lang == lang)
            });
        match found {
            Some(i) if metadata_only => Ok(self.views.sections[i].clone()),
            Some(i) => Ok(self.views.section_with_pages(&self.lib, i, None)),
            None if arg_bool(args, "allow_missing", false)? => Ok(Value::Null),
            None => Err(format!("get_section: section `{localized}` not found")),
        }
    }

    fn find_taxonomy(&self, kind: &str, lang: &str) -> Option<&crate::site::Taxonomy> {
        self.lib
            .taxonomies
            .iter()
            .find(|t| t.config.name == kind && t.lang == lang)
    }

    fn get_taxonomy(&self, args: &Args) -> Result<Value, String> {
        let kind = required_str(args, "kind", "get_taxonomy")?;
        let lang = self.lang_arg(args)?;
        match self.find_taxonomy(kind, lang) {
            Some(t) => Ok(self.views.taxonomy(&self.lib, t)),
            None if !arg_bool(args, "required", true)? => Ok(Value::Null),
            None => Err(format!(
                "get_taxonomy: taxonomy `{kind}` not found for language `{lang}`"
            )),
        }
    }

    fn get_taxonomy_url(&self, args: &Args) -> Result<Value, String> {
        let kind = required_str(args, "kind", "get_taxonomy_url")?;
        let name = arg_str(args, "name")?
            .or(arg_str(args, "term")?)
            .ok_or("`get_taxonomy_url` needs the argument `name`")?;
        let lang = self.lang_arg(args)?;
        let required = arg_bool(args, "required", true)?;
        let slug = crate::content::slugify(name, self.config.slugify.taxonomies);
        match self
            .find_taxonomy(kind, lang)
            .and_then(|t| t.terms.iter().find(|term| term.slug == slug))
        {
            Some(term) => Ok(json!(term.permalink)),
            None if !required => Ok(Value::Null),
            None => Err(format!(
                "get_taxonomy_url: no term `{name}` in taxonomy `{kind}` ({lang})"
            )),
        }
    }

    fn get_taxonomy_term(&self, args: &Args) -> Result<Value, String> {
        let kind = required_str(args, "kind", "get_taxonomy_term")?;
        let name = required_str(args, "term", "get_taxonomy_term")?;
        let lang = self.lang_arg(args)?;
        let include_pages = arg_bool(args, "include_pages", true)?;
        let required = arg_bool(args, "required", true)?;
        let slug = crate::content::slugify(name, self.config.slugify.taxonomies);
        match self
            .find_taxonomy(kind, lang)
            .and_then(|t| t.terms.iter().find(|term| term.slug == slug))
        {
            Some(term) => Ok(self.views.term(&self.lib, term, include_pages)),
            None if !required => Ok(Value::Null),
            None => Err(format!(
                "get_taxonomy_term: no term `{name}` in taxonomy `{kind}` ({lang})"
            )),
        }
    }

    /// `trans(key, lang, count, **vars)`: the string for `lang`, else along
    /// its fallback chain (reported); `count` picks the CLDR plural form;
    /// `{{ name }}` variables are filled from the other arguments (and
    /// `count`) in the sandbox of [`crate::i18n::render_string`].
    ///
    /// Without `lang`: the default language on a plain Zola site (as Zola
    /// does), the language of the page being rendered on an agora site.
    /// The language of the page being rendered on an agora site (else the
    /// default language): what `trans` and `citation` use without `lang`.
    pub(super) fn render_lang(&self) -> String {
        if !self.config.agora.enabled {
            return self.config.default_language.clone();
        }
        super::scope::with(|s| s.lang.clone())
            .unwrap_or_else(|| self.config.default_language.clone())
    }

    /// `agora_ebook(lang)`: whether the site writes e-books, and the URL,
    /// path and file name of the EPUB of `lang` (default: the page's).
    fn agora_ebook(&self, args: &Args) -> Result<Value, String> {
        let lang = match arg_str(args, "lang")? {
            Some(_) => self.lang_arg(args)?.to_string(),
            None => self.render_lang(),
        };
        if !self.config.agora.ebooks {
            return Ok(json!({ "enabled": false }));
        }
        let path = self.config.ebook_path(&lang);
        Ok(json!({
            "enabled": true,
            "url": self.config.make_permalink(&path),
            "path": format!("/{path}"),
            "filename": path.rsplit('/').next().unwrap_or_default(),
        }))
    }

    fn trans(&self, args: &Args) -> Result<Value, String> {
        let key = required_str(args, "key", "trans")?;
        let lang = match arg_str(args, "lang")? {
            Some(_) => self.lang_arg(args)?.to_string(),
            None if self.config.agora.enabled => super::scope::with(|s| s.lang.clone())
                .unwrap_or_else(|| self.config.default_language.clone()),
            None => self.config.default_language.clone(),
        };
        let lang = lang.as_str();
        let count = match args.get("count") {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                v.as_f64()
                    .ok_or_else(|| format!("trans: `count` must be a number, got `{v}`"))?,
            ),
        };
        let chain = self.config.fallback_chain(lang);
        match self.catalog.lookup(key, lang, &chain, count) {
            Some(found) => {
                if found.lang != lang {
                    self.session
                        .note_missing_string(lang, key, Some(&found.lang));
                }
                let vars: Args = args
                    .iter()
                    .filter(|(k, _)| k.as_str() != "key" && k.as_str() != "lang")
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                crate::i18n::render_string(&found.text, &vars)
                    .map(Value::String)
                    .map_err(|e| {
                        let file = format!("i18n/{}.toml", found.lang);
                        // Where the string is, when it is in the locale file.
                        let place = crate::fs::read_to_string(&self.root.join(&file))
                            .ok()
                            .and_then(|text| {
                                let last = key.rsplit('.').next().unwrap_or(key);
                                let span = crate::config::find_value_span(&text, last);
                                (span.end > 0).then(|| {
                                    let (l, c) =
                                        crate::error::line_col_of_offset(&text, span.start);
                                    format!("{file}:{l}:{c}")
                                })
                            })
                            .unwrap_or(file);
                        format!("trans: `{key}` in {place}: {e}")
                    })
            }
            None => Err(format!(
                "trans: no string `{key}` for language `{lang}` nor its fallbacks ({}); add it to i18n/{lang}.toml",
                if chain.is_empty() {
                    "none".to_string()
                } else {
                    chain.join(", ")
                }
            )),
        }
    }

    /// Zola 0.23's `text_direction(lang)`: `ltr` or `rtl`.
    /// agora's search for templates: whether it is on, the search page of
    /// the language, and the client script. With `path` (the page's
    /// `current_path`) the script URL is relative, so that a copy of the site
    /// opened from disk finds it too.
    fn agora_search(&self, args: &Args) -> Result<Value, String> {
        let lang = self.lang_arg(args)?;
        if !self.config.search_enabled() {
            return Ok(json!({ "enabled": false }));
        }
        let page = self.config.search_page_path(lang);
        let client = &self.search_client;
        // From the page at `path`, relative URLs; else absolute ones.
        let (script, href) = match arg_str(args, "path")? {
            Some(path) => {
                let depth = path
                    .trim_start_matches('/')
                    .split('/')
                    .count()
                    .saturating_sub(1);
                let up = "../".repeat(depth);
                (
                    format!("{up}{client}"),
                    format!("{up}{}", page.trim_start_matches('/')),
                )
            }
            None => (
                self.config.make_permalink(client),
                self.config.make_permalink(&page),
            ),
        };
        Ok(json!({
            "enabled": true,
            "url": self.config.make_permalink(&page),
            "path": page,
            "href": href,
            "script": script,
        }))
    }

    fn text_direction(&self, args: &Args) -> Result<Value, String> {
        let lang = self.lang_arg(args)?;
        Ok(json!(crate::i18n::text_direction(lang, &self.config)))
    }

    fn get_hash(&self, args: &Args) -> Result<Value, String> {
        let bytes = match (arg_str(args, "path")?, arg_str(args, "literal")?) {
            (Some(path), None) => self
                .bytes_to_hash(path)
                .ok_or_else(|| format!("get_hash: file `{path}` not found"))??,
            (None, Some(lit)) => lit.as_bytes().to_vec(),
            _ => return Err("get_hash needs exactly one of `path` or `literal`".into()),
        };
        let sha_type = args.get("sha_type").and_then(Value::as_u64).unwrap_or(384);
        let digest: Vec<u8> = match sha_type {
            256 => sha2::Sha256::digest(&bytes).to_vec(),
            384 => sha2::Sha384::digest(&bytes).to_vec(),
            512 => sha2::Sha512::digest(&bytes).to_vec(),
            other => {
                return Err(format!(
                    "get_hash: sha_type must be 256, 384 or 512, got {other}"
                ));
            }
        };
        if arg_bool(args, "base64", true)? {
            Ok(json!(
                base64::engine::general_purpose::STANDARD.encode(digest)
            ))
        } else {
            Ok(json!(hex(&digest)))
        }
    }

    fn now(&self, args: &Args) -> Result<Value, String> {
        if arg_bool(args, "timestamp", false)? {
            return Ok(json!(self.now.as_second()));
        }
        if arg_bool(args, "utc", false)? {
            return Ok(json!(self.now.to_string()));
        }
        let zoned = self.now.to_zoned(jiff::tz::TimeZone::system());
        Ok(json!(zoned.strftime("%Y-%m-%dT%H:%M:%S%.f%:z").to_string()))
    }

    fn markdown_filter(&self, text: &str, inline: bool) -> Result<Value, String> {
        let hooks = super::hooks::NoTemplates { site: self };
        let ctx = crate::content::MarkdownContext {
            config: &self.config,
            lang: &self.config.default_language,
            permalink: "",
            insert_anchor: crate::config::InsertAnchor::None,
            hooks: &hooks,
            // As Zola: code in filtered Markdown is highlighted like the content's.
            highlighter: self.lib.highlighter.as_deref(),
            path: Path::new("(markdown filter)"),
            file_text: text,
            body_offset: 0,
            shortcode_context: None,
        };
        let rendered = crate::content::render_markdown(text, &ctx);
        if let Some(d) = rendered.diagnostics.first() {
            return Err(d.message.clone());
        }
        let mut html = rendered.html;
        if inline {
            let trimmed = html.trim();
            if let Some(inner) = trimmed
                .strip_prefix("<p>")
                .and_then(|s| s.strip_suffix("</p>"))
                && !inner.contains("<p>")
            {
                html = inner.to_string();
            }
        }
        Ok(json!(html))
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Groups digits the way `locale` writes them.
fn format_number(n: i64, locale: &str) -> String {
    let sep = match locale.split('-').next().unwrap_or("") {
        "fr" | "ru" | "uk" | "ky" | "sq" | "pl" | "cs" | "sv" | "fi" | "nb" => "\u{a0}",
        "de" | "es" | "it" | "nl" | "pt" | "tr" | "id" | "da" => ".",
        _ => ",",
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::format_number;

    #[test]
    fn numbers_group_by_locale() {
        assert_eq!(format_number(1234567, "en"), "1,234,567");
        assert_eq!(format_number(-1000, "de"), "-1.000");
        assert_eq!(format_number(999, "fr"), "999");
    }
}
