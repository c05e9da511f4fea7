//! agora's own search: one index per language built from the library and
//! the rendered text it already holds (no second parse of the output), laid
//! out in small chunks a browser fetches as needed, and the dependency-free
//! client (`client.js`) that queries them, over http(s) or from `file://`.
//! Writes nothing itself: returns files for the output stage.

pub mod analysis;
pub mod encoding;
pub mod index;
pub mod layout;
pub mod store;
pub mod vocabulary;
pub mod zola;

use serde_json::{Map, Value, json};
use sha2::Digest;

use crate::artifact::{OutputData, OutputFile};
use crate::config::Config;
use crate::i18n::Catalog;
use crate::site::Library;

/// What the indexes are made from: the site's config, library and UI
/// strings, borrowed from the loaded site (search knows nothing of rendering).
#[derive(Clone, Copy)]
pub struct SearchSource<'a> {
    pub config: &'a Config,
    pub lib: &'a Library,
    pub catalog: &'a Catalog,
}

/// The client, shipped by agora into every site that has search.
pub const CLIENT_JS: &str = include_str!("client.js");

/// UI strings the client shows, with the English used when a site's
/// locale files lack them (the hub's `i18n/*.toml` have them all).
pub const STRINGS: &[(&str, &str)] = &[
    ("search_label", "Search"),
    ("search_placeholder", "Words to find…"),
    ("search_button", "Search"),
    ("search_results", "{count} results"),
    ("search_no_results", "No document matches “{query}”."),
    ("search_also_in", "Also search in {languages}"),
    ("search_results_in", "in {language}"),
    ("search_filters", "Filter the results"),
    ("search_filter_type", "Type"),
    ("search_filter_year", "Year"),
    ("search_filter_language", "Language"),
    ("search_filter_all", "All"),
    ("search_available_in", "Available in"),
    ("search_more", "Show more results"),
    ("search_loading", "Searching…"),
    ("search_error", "The search index could not be loaded."),
];

/// Where the client is written: its name carries a hash of its text.
pub fn client_path() -> String {
    static PATH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        let digest = sha2::Sha256::digest(CLIENT_JS.as_bytes());
        let hash: String = digest[..5].iter().map(|b| format!("{b:02x}")).collect();
        format!("search/agora-search.{hash}.js")
    })
    .clone()
}

/// Every search file of the site: the client and each language's index.
pub fn build_search_files(site: &SearchSource<'_>) -> Vec<OutputFile> {
    let mut files = Vec::new();
    let _ = build_search_files_for(site, None, &mut |file| {
        files.push(file);
        Ok(())
    });
    files
}

/// The search files of the languages in `only` (every language when `None`),
/// each handed to `emit` as soon as its language is laid out: what `build`
/// writes, and what `serve` writes again after an edit to documents of
/// those languages (each language's files stand alone, so the others stay
/// valid). Languages are indexed one after the other, each on every core,
/// so that memory holds one language's index and files at a time whatever
/// the number of large languages. Stops at the first error of `emit`.
pub fn build_search_files_for(
    site: &SearchSource<'_>,
    only: Option<&[String]>,
    emit: &mut dyn FnMut(OutputFile) -> crate::error::Result<()>,
) -> crate::error::Result<()> {
    let config = &site.config;
    let langs = config.all_languages();
    let written: Vec<&str> = langs
        .iter()
        .copied()
        .filter(|l| site.lib.pages.iter().any(|p| index::indexed(p, l)))
        .collect();
    let profile = std::env::var_os("AGORA_PROFILE").is_some();
    let clock = std::time::Instant::now();
    emit(OutputFile {
        path: client_path(),
        data: OutputData::Bytes(CLIENT_JS.as_bytes().to_vec()),
    })?;
    for lang in langs
        .iter()
        .filter(|lang| only.is_none_or(|only| only.iter().any(|o| o == *lang)))
    {
        let index = index::build_language_index(site.lib, config, lang);
        let laid = std::time::Instant::now();
        let extras = manifest_extras(site, &index.lang, &written);
        let files = layout::write_language(&index, extras);
        drop(index);
        if profile {
            eprintln!(
                "profile:   search {lang}: laid out in {:.0} ms",
                laid.elapsed().as_secs_f64() * 1000.0
            );
        }
        for f in files {
            emit(OutputFile {
                path: f.path,
                data: OutputData::Bytes(f.text.into_bytes()),
            })?;
        }
    }
    if profile {
        eprintln!(
            "profile:   search indexes built and laid out in {:.0} ms",
            clock.elapsed().as_secs_f64() * 1000.0
        );
    }
    Ok(())
}

fn manifest_extras(
    site: &SearchSource<'_>,
    lang: &str,
    indexed: &[&str],
) -> layout::ManifestExtras {
    let config = &site.config;
    let chain = config.fallback_chain(lang);
    let mut strings = Map::new();
    for (key, english) in STRINGS {
        let value = string_forms(site, key, lang, &chain).unwrap_or_else(|| json!(english));
        strings.insert(key.to_string(), value);
    }
    let also: Vec<String> = config
        .search_also_in(lang)
        .into_iter()
        .filter(|l| indexed.contains(l))
        .map(str::to_string)
        .collect();
    let names: Map<String, Value> = config
        .all_languages()
        .into_iter()
        .map(|l| (l.to_string(), json!(crate::i18n::language_name(l, config))))
        .collect();
    let mut facet_names = Map::new();
    for name in index::facet_taxonomies(config, lang) {
        let label = site
            .catalog
            .lookup(&format!("taxonomy_{name}"), lang, &chain, None)
            .map(|f| f.text)
            .unwrap_or_else(|| name.clone());
        facet_names.insert(name, json!(label));
    }
    let plural = plural_table(lang);
    layout::ManifestExtras {
        dir: crate::i18n::text_direction(lang, config),
        also,
        names: Value::Object(names),
        strings: Value::Object(strings),
        plural,
        facet_names: Value::Object(facet_names),
    }
}

/// The CLDR plural category of 0 to 199 in `lang`, one letter each
/// (`z`ero `o`ne `t`wo `f`ew `m`any `x` other); larger numbers take the
/// category of 100 + n % 100.
fn plural_table(lang: &str) -> String {
    (0..200)
        .map(|n| match crate::i18n::plural_category(lang, f64::from(n)) {
            "zero" => 'z',
            "one" => 'o',
            "two" => 't',
            "few" => 'f',
            "many" => 'm',
            _ => 'x',
        })
        .collect()
}

/// A string for the client: plain text, or its plural forms by CLDR category,
/// from the first language along the chain that has it (with that
/// language's plural table when it is not `lang`).
fn string_forms(site: &SearchSource<'_>, key: &str, lang: &str, chain: &[&str]) -> Option<Value> {
    std::iter::once(lang)
        .chain(chain.iter().copied())
        .find_map(|l| {
            let entry = site.catalog.strings.get(l)?.get(key)?;
            let forms: Map<String, Value> = entry
                .forms
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.clone(), json!(v)))
                .collect();
            if forms.is_empty() {
                return None;
            }
            if forms.len() == 1 && forms.contains_key("other") {
                return forms.get("other").cloned();
            }
            let mut forms = forms;
            if l != lang {
                forms.insert("@plural".into(), json!(plural_table(l)));
            }
            Some(Value::Object(forms))
        })
}
