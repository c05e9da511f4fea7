//! Translation coverage per language: UI strings and documents, for
//! `agora i18n status` and translators' dashboards.

use serde::Serialize;

use super::Library;
use crate::config::Config;
use crate::i18n::Catalog;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LanguageStatus {
    pub lang: String,
    pub name: String,
    pub strings_total: usize,
    pub strings_translated: usize,
    /// Keys of the default language with no (or an empty) value here.
    pub strings_missing: Vec<String>,
    pub documents_total: usize,
    pub documents_translated: usize,
    /// Source files (under `content/`) with no translation in this language.
    pub documents_missing: Vec<String>,
    /// Translations whose original changed since they were made (their
    /// recorded `source_version` differs from the original's).
    pub documents_outdated: Vec<OutdatedDocument>,
    /// Keys whose translation was made from another source text, or is marked fuzzy.
    pub strings_outdated: Vec<String>,
    /// Per original document, its segments current, fuzzy and missing in
    /// this language (filled by `agora i18n status`, not by the build).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub documents_segments: Vec<super::DocumentSegments>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OutdatedDocument {
    /// The translation, under `content/`.
    pub path: String,
    /// Its original, under `content/`.
    pub original: String,
}

impl LanguageStatus {
    pub fn is_complete(&self) -> bool {
        self.strings_missing.is_empty()
            && self.documents_missing.is_empty()
            && self.documents_outdated.is_empty()
            && self.strings_outdated.is_empty()
    }
}

/// Coverage of every language (or only `only`), against the default language.
pub fn translation_status(
    lib: &Library,
    catalog: &Catalog,
    config: &Config,
    only: Option<&str>,
) -> Vec<LanguageStatus> {
    let default = config.default_language.as_str();
    let source_keys: Vec<&String> = catalog
        .strings
        .get(default)
        .map(|m| {
            m.iter()
                .filter(|(_, e)| e.forms.values().any(|v| !v.is_empty()))
                .map(|(k, _)| k)
                .collect()
        })
        .unwrap_or_default();
    let mut sources: Vec<&super::Page> = lib
        .pages
        .iter()
        .filter(|p| p.placeholder.is_none() && p.lang == default)
        .collect();
    sources.sort_by(|a, b| a.file.relative_path.cmp(&b.file.relative_path));
    // Every real version, by language and document (a site has thousands).
    let translated: std::collections::HashSet<(&str, &str)> = lib
        .pages
        .iter()
        .filter(|p| p.placeholder.is_none())
        .map(|p| (p.lang.as_str(), p.file.canonical.as_str()))
        .collect();
    config
        .all_languages()
        .into_iter()
        .filter(|l| only.is_none_or(|o| o == *l))
        .map(|lang| {
            let strings = catalog.strings.get(lang);
            let strings_missing: Vec<String> = source_keys
                .iter()
                .filter(|k| {
                    strings
                        .and_then(|m| m.get(k.as_str()))
                        .is_none_or(|e| e.forms.values().all(|v| v.is_empty()))
                })
                .map(|k| k.to_string())
                .collect();
            let documents_missing: Vec<String> = sources
                .iter()
                .filter(|src| !translated.contains(&(lang, src.file.canonical.as_str())))
                .map(|src| src.file.relative_path.clone())
                .collect();
            let mut documents_outdated: Vec<OutdatedDocument> = lib
                .pages
                .iter()
                .filter(|p| p.placeholder.is_none() && p.lang == lang)
                .filter_map(|p| {
                    let original = &lib.pages[p.outdated_of?];
                    Some(OutdatedDocument {
                        path: p.file.relative_path.clone(),
                        original: original.file.relative_path.clone(),
                    })
                })
                .collect();
            // Section introductions (`_index.<lang>.md`) too.
            documents_outdated.extend(
                lib.sections
                    .iter()
                    .filter(|s| s.lang == lang && !s.generated)
                    .filter_map(|s| {
                        let original = &lib.sections[s.outdated_of?];
                        Some(OutdatedDocument {
                            path: s.file.relative_path.clone(),
                            original: original.file.relative_path.clone(),
                        })
                    }),
            );
            let source_strings = catalog.strings.get(default);
            let strings_outdated: Vec<String> = source_keys
                .iter()
                .filter(|k| {
                    let current = source_strings.and_then(|m| m.get(k.as_str()));
                    let here = strings.and_then(|m| m.get(k.as_str()));
                    matches!((here, current), (Some(h), Some(c)) if lang != default && h.is_outdated(c))
                })
                .map(|k| k.to_string())
                .collect();
            LanguageStatus {
                lang: lang.to_string(),
                name: crate::i18n::language_name(lang, config),
                strings_total: source_keys.len(),
                strings_translated: source_keys.len() - strings_missing.len(),
                strings_missing,
                documents_total: sources.len(),
                documents_translated: sources.len() - documents_missing.len(),
                documents_missing,
                documents_outdated,
                strings_outdated,
                documents_segments: Vec::new(),
            }
        })
        .collect()
}
