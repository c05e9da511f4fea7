//! `[agora]`: agora's own config table (the multilingual model, search,
//! engines, languages beyond Zola). Zola's keys keep their Zola meaning.

use super::*;

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
