//! What agora adds to views for translations: its own UI strings (with
//! built-in English), the notice of an outdated translation, and the
//! context of the translation-status page. Placeholders live in
//! [`super::views`] with the page views they extend.

use serde_json::{Map, Value, json};

use crate::config::Config;
use crate::site::{Library, Page, SegmentCoverage};

/// Built-in English for agora's own notices and pages; locale files override each key.
pub const BUILTIN_STRINGS: &[(&str, &str)] = &[
    (
        "agora_placeholder_notice",
        "This document is not yet available in {{ language }}. It is shown in {{ source_language }}.",
    ),
    ("agora_available_in", "Available in:"),
    ("agora_help_translate", "Help translate this document"),
    (
        "agora_outdated_notice",
        "This translation may be out of date: the original ({{ source_language }}) has changed since it was translated.",
    ),
    ("agora_outdated_link", "Read the current original"),
    (
        "agora_outdated_segments",
        "{{ changed }} of its {{ total }} passages have changed since.",
    ),
    (
        "agora_partial_notice",
        "This page is partly translated: {{ missing }} of its {{ total }} passages are still in {{ source_language }}.",
    ),
    ("agora_status_title", "Translation status"),
    (
        "agora_status_intro",
        "How much of this site is translated into each language, and what is left to do. Every document below can be translated by a volunteer.",
    ),
    ("agora_status_language", "Language"),
    ("agora_status_strings", "Interface"),
    ("agora_status_documents", "Documents"),
    ("agora_status_missing", "Not translated yet"),
    (
        "agora_status_outdated",
        "Original changed since translation",
    ),
    ("agora_status_complete", "Everything is translated."),
    ("agora_status_original", "original"),
    (
        "agora_cite_format",
        "{{ authors }} ({{ year }}). {{ title }}.{% if publisher %} {{ publisher }}.{% endif %} {{ url }}",
    ),
    ("agora_cite_and", "and"),
    ("agora_cite_no_date", "n.d."),
    ("agora_cite_in_language", "in {{ language }}"),
    ("agora_ebook_contents", "Contents"),
];

/// The `one` forms of built-in strings that have plural forms.
const BUILTIN_ONE: &[(&str, &str)] = &[
    (
        "agora_outdated_segments",
        "{{ changed }} of its {{ total }} passages has changed since.",
    ),
    (
        "agora_partial_notice",
        "This page is partly translated: {{ missing }} of its {{ total }} passages is still in {{ source_language }}.",
    ),
];

/// A UI string for the reader's language, along its fallback chain, then
/// built-in English, with `{{ name }}` variables filled from `vars`. A string
/// that fails to render falls back to built-in English.
pub fn ui_string(
    key: &str,
    lang: &str,
    config: &Config,
    catalog: &crate::i18n::Catalog,
    vars: &[(&str, &str)],
) -> String {
    ui_string_count(key, lang, config, catalog, vars, None)
}

/// [`ui_string`] with the plural form `count` asks for (CLDR rules of the
/// language the string is found in).
pub fn ui_string_count(
    key: &str,
    lang: &str,
    config: &Config,
    catalog: &crate::i18n::Catalog,
    vars: &[(&str, &str)],
    count: Option<f64>,
) -> String {
    let chain = config.fallback_chain(lang);
    let one = count.is_some_and(|n| crate::i18n::plural_category("en", n) == "one");
    let builtin = BUILTIN_ONE
        .iter()
        .filter(|_| one)
        .chain(BUILTIN_STRINGS)
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.to_string())
        .unwrap_or_default();
    let text = catalog
        .lookup(key, lang, &chain, count)
        .map(|f| f.text)
        .unwrap_or_else(|| builtin.clone());
    let map: Map<String, Value> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    // Locale files written for agora 0.1 used `{language}`; still understood.
    let legacy = |t: &str| {
        vars.iter()
            .fold(t.to_string(), |t, (k, v)| t.replace(&format!("{{{k}}}"), v))
    };
    crate::i18n::render_string(&legacy(&text), &map)
        .or_else(|_| crate::i18n::render_string(&builtin, &map))
        .unwrap_or(builtin)
}

/// The original a translation was made from, when that original changed since.
pub(super) struct ChangedOriginal<'a> {
    pub lang: &'a str,
    pub permalink: &'a str,
    pub version: &'a str,
    pub translated_from: Option<&'a str>,
    /// For a translation written by segment: how many changed.
    pub segments: Option<SegmentCoverage>,
}

/// For a translation made from an older version of its original: the
/// notice that opens its `content` and its `outdated` view.
pub(super) fn outdated_notice(
    lang: &str,
    original: ChangedOriginal,
    config: &Config,
    catalog: &crate::i18n::Catalog,
) -> (String, Value) {
    let escape = crate::content::escape_html;
    let source_language = crate::i18n::language_name_in(original.lang, lang, config, catalog);
    let vars = [
        (
            "language",
            crate::i18n::language_name_in(lang, lang, config, catalog),
        ),
        ("source_language", source_language.clone()),
    ];
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut notice = ui_string("agora_outdated_notice", lang, config, catalog, &vars);
    if let Some(c) = original.segments {
        let (changed, total) = (c.fuzzy.to_string(), c.total.to_string());
        let how_much = ui_string_count(
            "agora_outdated_segments",
            lang,
            config,
            catalog,
            &[("changed", &changed), ("total", &total)],
            Some(c.fuzzy as f64),
        );
        notice = format!("{notice} {how_much}");
    }
    let link = ui_string("agora_outdated_link", lang, config, catalog, &vars);
    let html = format!(
        "<aside class=\"agora-outdated-notice\" role=\"note\"><p>{} <a href=\"{}\" hreflang=\"{}\" lang=\"{}\">{}</a></p></aside>\n",
        escape(&notice),
        escape(original.permalink),
        escape(original.lang),
        escape(original.lang),
        escape(&link),
    );
    let info = json!({
        "source_lang": original.lang,
        "source_lang_name": source_language,
        "source_permalink": original.permalink,
        "source_version": original.version,
        "translated_from": original.translated_from,
        "segments": original.segments,
        "notice": notice,
    });
    (html, info)
}

/// For a translation written by segment with segments still in the
/// original's language: the notice saying so, and how many.
pub(super) fn partial_notice(
    lang: &str,
    source_lang: &str,
    segments: Option<SegmentCoverage>,
    config: &Config,
    catalog: &crate::i18n::Catalog,
) -> Option<String> {
    let c = segments.filter(|c| c.missing > 0)?;
    let source_language = crate::i18n::language_name_in(source_lang, lang, config, catalog);
    let (missing, total) = (c.missing.to_string(), c.total.to_string());
    let text = ui_string_count(
        "agora_partial_notice",
        lang,
        config,
        catalog,
        &[
            ("missing", &missing),
            ("total", &total),
            ("source_language", &source_language),
        ],
        Some(c.missing as f64),
    );
    Some(format!(
        "<aside class=\"agora-partial-notice\" role=\"note\"><p>{}</p></aside>\n",
        crate::content::escape_html(&text)
    ))
}

pub(super) fn outdated_view(
    page: &Page,
    lib: &Library,
    config: &Config,
    catalog: &crate::i18n::Catalog,
) -> Option<(String, Value)> {
    let source_lang = page
        .translations
        .iter()
        .map(|&t| lib.pages[t].lang.as_str())
        .find(|l| *l == config.default_language)
        .unwrap_or(config.default_language.as_str());
    let partial = partial_notice(&page.lang, source_lang, page.segments, config, catalog);
    let Some(o) = page.outdated_of else {
        return partial.map(|html| (html, Value::Null));
    };
    let original = &lib.pages[o];
    let (mut html, info) = outdated_notice(
        &page.lang,
        ChangedOriginal {
            lang: &original.lang,
            permalink: &original.permalink,
            version: &original.version,
            translated_from: page.translated_from.as_deref(),
            segments: page.segments,
        },
        config,
        catalog,
    );
    html.push_str(partial.as_deref().unwrap_or_default());
    Some((html, info))
}

/// The context of the translation-status page in `lang`: `labels` (its
/// strings, in `lang`) and `languages`, each translation language with its
/// coverage, missing documents (with "help translate" links) and outdated ones.
pub fn status_page_context(
    site: &super::SiteData,
    status: &[crate::site::LanguageStatus],
    lang: &str,
) -> Vec<(&'static str, Value)> {
    let config = &site.config;
    let lib = &site.lib;
    // The page reflects every document (missing, outdated): any edit re-renders it.
    (0..lib.pages.len()).for_each(super::deps::touched);
    let label = |key: &str| ui_string(key, lang, config, &site.catalog, &[]);
    let labels = json!({
        "title": label("agora_status_title"),
        "intro": label("agora_status_intro"),
        "language": label("agora_status_language"),
        "strings": label("agora_status_strings"),
        "documents": label("agora_status_documents"),
        "missing": label("agora_status_missing"),
        "outdated": label("agora_status_outdated"),
        "complete": label("agora_status_complete"),
        "original": label("agora_status_original"),
        "help_translate": label("agora_help_translate"),
    });
    let percent = |done: usize, total: usize| (done * 100).checked_div(total).unwrap_or(100);
    let page_title = |rel: &str| {
        lib.page(rel)
            .and_then(|p| p.meta.title.clone())
            .or_else(|| lib.section(rel).and_then(|s| s.meta.title.clone()))
            .unwrap_or_else(|| rel.to_string())
    };
    let permalink = |rel: &str| {
        lib.page(rel)
            .map(|p| p.permalink.clone())
            .or_else(|| lib.section(rel).map(|s| s.permalink.clone()))
    };
    let languages: Vec<Value> = status
        .iter()
        .filter(|s| s.lang != config.default_language)
        .map(|s| {
            let missing: Vec<Value> = s
                .documents_missing
                .iter()
                .map(|original| {
                    let file = match original.strip_suffix(".md") {
                        Some(stem) => format!("{stem}.{}.md", s.lang),
                        None => original.clone(),
                    };
                    let help = config
                        .agora
                        .help_translate_url
                        .as_ref()
                        .map(|u| u.replace("{path}", &file).replace("{lang}", &s.lang));
                    json!({
                        "title": page_title(original),
                        "original_lang": config.default_language,
                        "original_dir": crate::i18n::text_direction(&config.default_language, config),
                        "original_permalink": permalink(original),
                        "permalink": permalink(&file),
                        "file": format!("content/{file}"),
                        "help_translate_url": help,
                    })
                })
                .collect();
            let outdated: Vec<Value> = s
                .documents_outdated
                .iter()
                .map(|d| {
                    json!({
                        "title": page_title(&d.path),
                        "permalink": permalink(&d.path),
                        "original_permalink": permalink(&d.original),
                        "file": format!("content/{}", d.path),
                    })
                })
                .collect();
            json!({
                "lang": s.lang,
                "name": s.name,
                "dir": crate::i18n::text_direction(&s.lang, config),
                "strings_total": s.strings_total,
                "strings_translated": s.strings_translated,
                "strings_percent": percent(s.strings_translated, s.strings_total),
                "documents_total": s.documents_total,
                "documents_translated": s.documents_translated,
                "documents_percent": percent(s.documents_translated, s.documents_total),
                "complete": s.is_complete(),
                "missing": missing,
                "outdated": outdated,
            })
        })
        .collect();
    vec![("labels", labels), ("languages", Value::Array(languages))]
}
