//! Engine-neutral views of the library: what templates see as `page`,
//! `section`, `term`, `paginator`. Built once per build and shared.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::config::{Config, toml_to_json};
use crate::site::{DateInfo, Library, Page, Section, Taxonomy, Term};

/// Views of the library for templates. Section views are built once; page
/// views are built when a context needs them (a site's page views together
/// would be a copy of its whole metadata, larger than the library itself).
pub struct Views {
    config: Config,
    /// For a placeholder page: the notice and the opening of the element
    /// that wraps the shown version's content, and its `placeholder` view.
    placeholders: Vec<Option<(String, Value)>>,
    /// For a translation whose original changed since: the notice that opens
    /// its `content`, and its `outdated` view.
    outdated: Vec<Option<(String, Value)>>,
    /// Pages by canonical path: each document's versions in every language.
    versions: HashMap<String, Vec<usize>>,
    /// Section views without `pages` (metadata only).
    pub sections: Vec<Value>,
}

impl Views {
    pub fn build(lib: &Library, config: &Config, catalog: &crate::i18n::Catalog) -> Views {
        use rayon::prelude::*;
        let mut versions: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in lib.pages.iter().enumerate() {
            versions
                .entry(p.file.canonical.clone())
                .or_default()
                .push(i);
        }
        let placeholders = lib
            .pages
            .par_iter()
            .map(|p| placeholder_view(p, lib, config, catalog))
            .collect();
        let outdated = lib
            .pages
            .par_iter()
            .map(|p| outdated_view(p, lib, config, catalog))
            .collect();
        let sections = lib
            .sections
            .iter()
            .map(|s| section_view(s, lib, config))
            .collect();
        Views {
            config: config.clone(),
            placeholders,
            outdated,
            versions,
            sections,
        }
    }

    /// Page `index` as listings see it: without `lower` and `higher`, and
    /// without `content` while rendering a template that cannot read it
    /// (see [`super::content_use`]).
    pub fn page(&self, lib: &Library, index: usize) -> Value {
        let page = &lib.pages[index];
        super::deps::touched(index);
        if let Some(ph) = &page.placeholder {
            super::deps::touched(ph.source);
        }
        let placeholder = self.placeholders[index]
            .as_ref()
            .map_or(Value::Null, |(_, info)| info.clone());
        let versions = self
            .versions
            .get(&page.file.canonical)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let mut v = page_view(page, placeholder, lib, &self.config, versions);
        if let Value::Object(m) = &mut v {
            m.insert(
                "outdated".into(),
                self.outdated[index]
                    .as_ref()
                    .map_or(Value::Null, |(_, info)| info.clone()),
            );
            let content = if super::content_use::with_content() {
                self.content(lib, index)
            } else {
                String::new()
            };
            m.insert("content".into(), Value::String(content));
        }
        v
    }

    /// The `content` of page `index`: its HTML, or for a placeholder the
    /// notice and the shown version.
    pub fn content(&self, lib: &Library, index: usize) -> String {
        let page = &lib.pages[index];
        match &self.placeholders[index] {
            Some((opening, _)) => {
                let content = page.content.unpack();
                let mut html = String::with_capacity(opening.len() + content.len() + 8);
                html.push_str(opening);
                html.push_str(&content);
                html.push_str("</div>\n");
                html
            }
            None => match &self.outdated[index] {
                Some((notice, _)) => format!("{notice}{}", page.content.unpack()),
                None => page.content.unpack(),
            },
        }
    }

    /// A page as the page template sees it: with `lower` and `higher`.
    pub fn full_page(&self, lib: &Library, index: usize) -> Value {
        let mut v = self.page(lib, index);
        let page = &lib.pages[index];
        if let Value::Object(m) = &mut v {
            m.insert(
                "lower".into(),
                page.lower.map(|i| self.page(lib, i)).unwrap_or(Value::Null),
            );
            m.insert(
                "higher".into(),
                page.higher
                    .map(|i| self.page(lib, i))
                    .unwrap_or(Value::Null),
            );
        }
        v
    }

    /// A section with its pages (or only `page_indices` when paginated).
    pub fn section_with_pages(
        &self,
        lib: &Library,
        index: usize,
        page_indices: Option<&[usize]>,
    ) -> Value {
        let mut v = self.sections[index].clone();
        let all = &lib.sections[index].pages;
        let indices = match page_indices {
            Some(some) => some,
            None if super::content_use::with_pages() => all,
            None => &[],
        };
        if let Value::Object(m) = &mut v {
            m.insert(
                "pages".into(),
                Value::Array(indices.iter().map(|&i| self.page(lib, i)).collect()),
            );
        }
        v
    }

    pub fn term(&self, lib: &Library, term: &Term, include_pages: bool) -> Value {
        let mut m = Map::new();
        m.insert("name".into(), json!(term.name));
        m.insert("slug".into(), json!(term.slug));
        m.insert("path".into(), json!(term.path));
        m.insert("permalink".into(), json!(term.permalink));
        m.insert("page_count".into(), json!(term.pages.len()));
        if include_pages && super::content_use::with_pages() {
            m.insert(
                "pages".into(),
                Value::Array(term.pages.iter().map(|&i| self.page(lib, i)).collect()),
            );
        } else {
            m.insert("pages".into(), Value::Array(Vec::new()));
        }
        Value::Object(m)
    }

    pub fn taxonomy(&self, lib: &Library, tax: &Taxonomy) -> Value {
        json!({
            "kind": taxonomy_config_view(tax),
            "lang": tax.lang,
            "permalink": tax.permalink,
            "items": tax.terms.iter().map(|t| self.term(lib, t, true)).collect::<Vec<_>>(),
        })
    }
}

pub fn taxonomy_config_view(tax: &Taxonomy) -> Value {
    json!({
        "name": tax.config.name,
        "slug": tax.config.slug,
        "paginate_by": tax.config.paginate_by,
        "paginate_path": tax.config.paginate_path,
        "feed": tax.config.feed,
        "render": tax.config.render,
        "lang": tax.lang,
        "permalink": tax.permalink,
    })
}

fn date_fields(m: &mut Map<String, Value>, date: Option<&DateInfo>) {
    match date {
        Some(d) => {
            m.insert("date".into(), json!(d.text));
            m.insert("year".into(), json!(d.year));
            m.insert("month".into(), json!(d.month));
            m.insert("day".into(), json!(d.day));
        }
        None => {
            for k in ["date", "year", "month", "day"] {
                m.insert(k.into(), Value::Null);
            }
        }
    }
}

fn components(path: &str) -> Vec<&str> {
    path.split('/').filter(|c| !c.is_empty()).collect()
}

fn asset_urls(assets: &[std::path::PathBuf], parent: &std::path::Path) -> Vec<String> {
    assets
        .iter()
        .filter_map(|a| a.strip_prefix(parent).ok())
        .map(|a| a.to_string_lossy().replace('\\', "/"))
        .collect()
}

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
    let chain = config.fallback_chain(lang);
    let builtin = BUILTIN_STRINGS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.to_string())
        .unwrap_or_default();
    let text = catalog
        .lookup(key, lang, &chain, None)
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

/// Every configured language, with the URL of this document in it and whether
/// that is a real translation or a placeholder (for language switchers).
fn language_versions(
    page: &Page,
    lib: &Library,
    config: &Config,
    versions: &[usize],
) -> Vec<Value> {
    config
        .all_languages()
        .into_iter()
        .map(|lang| {
            let version = versions
                .iter()
                .map(|&i| &lib.pages[i])
                .find(|p| p.lang == lang);
            let home = config.make_permalink(&if lang == config.default_language {
                String::new()
            } else {
                format!("{lang}/")
            });
            json!({
                "lang": lang,
                "name": crate::i18n::language_name(lang, config),
                "dir": crate::i18n::text_direction(lang, config),
                "permalink": version.map(|p| p.permalink.clone()).unwrap_or(home),
                "exists": version.is_some(),
                "placeholder": version.is_some_and(|p| p.placeholder.is_some()),
                "current": lang == page.lang,
            })
        })
        .collect()
}

/// For a placeholder page: the HTML that opens its `content` (the notice,
/// then the element that holds the shown version, closed by
/// [`Views::content`]) and its `placeholder` view.
fn placeholder_view(
    page: &Page,
    lib: &Library,
    config: &Config,
    catalog: &crate::i18n::Catalog,
) -> Option<(String, Value)> {
    let ph = page.placeholder.as_ref()?;
    let source = &lib.pages[ph.source];
    let lang = page.lang.as_str();
    let escape = crate::content::escape_html;
    let notice = ui_string(
        "agora_placeholder_notice",
        lang,
        config,
        catalog,
        &[
            ("language", &crate::i18n::language_name(lang, config)),
            (
                "source_language",
                &crate::i18n::language_name(&source.lang, config),
            ),
        ],
    );
    let available: Vec<&Page> = page.translations.iter().map(|&t| &lib.pages[t]).collect();
    let help_url = config.agora.help_translate_url.as_ref().map(|u| {
        u.replace("{path}", &page.file.relative_path)
            .replace("{lang}", lang)
    });
    let mut html = format!(
        "<aside class=\"agora-placeholder-notice\" role=\"note\"><p>{}</p>",
        escape(&notice)
    );
    if !available.is_empty() {
        html.push_str(&format!(
            "<p>{} ",
            escape(&ui_string("agora_available_in", lang, config, catalog, &[]))
        ));
        let links: Vec<String> = available
            .iter()
            .map(|t| {
                format!(
                    "<a href=\"{}\" hreflang=\"{}\" lang=\"{}\">{}</a>",
                    escape(&t.permalink),
                    escape(&t.lang),
                    escape(&t.lang),
                    escape(&crate::i18n::language_name(&t.lang, config))
                )
            })
            .collect();
        html.push_str(&links.join(", "));
        html.push_str("</p>");
    }
    if let Some(url) = &help_url {
        html.push_str(&format!(
            "<p><a class=\"agora-help-translate\" href=\"{}\">{}</a></p>",
            escape(url),
            escape(&ui_string(
                "agora_help_translate",
                lang,
                config,
                catalog,
                &[]
            ))
        ));
    }
    html.push_str("</aside>\n");
    html.push_str(&format!(
        "<div class=\"agora-placeholder-content\" lang=\"{}\" dir=\"{}\">\n",
        escape(&source.lang),
        crate::i18n::text_direction(&source.lang, config),
    ));
    let info = json!({
        "source_lang": source.lang,
        "source_lang_name": crate::i18n::language_name(&source.lang, config),
        "source_dir": crate::i18n::text_direction(&source.lang, config),
        "source_permalink": source.permalink,
        "notice": notice,
        "help_translate_url": help_url,
        "translations": available
            .iter()
            .map(|t| json!({"lang": t.lang, "permalink": t.permalink, "title": t.meta.title}))
            .collect::<Vec<_>>(),
    });
    Some((html, info))
}

/// For a translation made from an older version of its original: the
/// notice that opens its `content` and its `outdated` view.
fn outdated_view(
    page: &Page,
    lib: &Library,
    config: &Config,
    catalog: &crate::i18n::Catalog,
) -> Option<(String, Value)> {
    let original = &lib.pages[page.outdated_of?];
    let lang = page.lang.as_str();
    let escape = crate::content::escape_html;
    let source_language = crate::i18n::language_name(&original.lang, config);
    let vars = [
        ("language", crate::i18n::language_name(lang, config)),
        ("source_language", source_language.clone()),
    ];
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let notice = ui_string("agora_outdated_notice", lang, config, catalog, &vars);
    let link = ui_string("agora_outdated_link", lang, config, catalog, &vars);
    let html = format!(
        "<aside class=\"agora-outdated-notice\" role=\"note\"><p>{} <a href=\"{}\" hreflang=\"{}\" lang=\"{}\">{}</a></p></aside>\n",
        escape(&notice),
        escape(&original.permalink),
        escape(&original.lang),
        escape(&original.lang),
        escape(&link),
    );
    let info = json!({
        "source_lang": original.lang,
        "source_lang_name": source_language,
        "source_permalink": original.permalink,
        "source_version": original.version,
        "translated_from": page.translated_from,
        "notice": notice,
    });
    Some((html, info))
}

fn page_view(
    page: &Page,
    placeholder: Value,
    lib: &Library,
    config: &Config,
    versions: &[usize],
) -> Value {
    let mut m = Map::new();
    m.insert("relative_path".into(), json!(page.file.relative_path));
    m.insert(
        "colocated_path".into(),
        if page.file.colocated {
            json!(format!(
                "{}/",
                page.file
                    .relative_path
                    .rsplit_once('/')
                    .map(|x| x.0)
                    .unwrap_or("")
            ))
        } else {
            Value::Null
        },
    );
    m.insert("placeholder".into(), placeholder);
    if config.is_multilingual() {
        m.insert(
            "language_versions".into(),
            json!(language_versions(page, lib, config, versions)),
        );
    }
    m.insert("permalink".into(), json!(page.permalink));
    m.insert("slug".into(), json!(page.slug));
    m.insert(
        "ancestors".into(),
        json!(
            page.ancestors
                .iter()
                .map(|&s| &lib.sections[s].file.relative_path)
                .collect::<Vec<_>>()
        ),
    );
    m.insert("title".into(), json!(page.meta.title));
    m.insert("description".into(), json!(page.meta.description));
    m.insert(
        "updated".into(),
        json!(page.updated.as_ref().map(|d| &d.text)),
    );
    date_fields(&mut m, page.date.as_ref());
    m.insert("taxonomies".into(), json!(page.meta.taxonomies));
    m.insert("authors".into(), json!(page.meta.authors));
    m.insert(
        "extra".into(),
        toml_to_json(&toml::Value::Table(page.meta.extra.clone())),
    );
    m.insert("path".into(), json!(page.path));
    m.insert("components".into(), json!(components(&page.path)));
    m.insert("summary".into(), json!(page.summary));
    m.insert("toc".into(), json!(page.toc));
    m.insert("word_count".into(), json!(page.word_count));
    m.insert("reading_time".into(), json!(page.reading_time));
    m.insert(
        "assets".into(),
        json!(asset_urls(&page.assets, &page.file.parent)),
    );
    m.insert("draft".into(), json!(page.meta.draft));
    m.insert("lang".into(), json!(page.lang));
    m.insert("lower".into(), Value::Null);
    m.insert("higher".into(), Value::Null);
    m.insert(
        "translations".into(),
        Value::Array(
            page.translations
                .iter()
                .map(|&t| {
                    let p = &lib.pages[t];
                    translation_entry(&p.lang, &p.permalink, &p.meta.title, &p.file.path)
                })
                .collect(),
        ),
    );
    m.insert(
        "backlinks".into(),
        Value::Array(backlinks(lib, &page.file.relative_path)),
    );
    Value::Object(m)
}

fn backlinks(lib: &Library, relative_path: &str) -> Vec<Value> {
    lib.backlinks
        .get(relative_path)
        .map(|sources| {
            sources
                .iter()
                .map(|&i| json!({"permalink": lib.pages[i].permalink, "title": lib.pages[i].meta.title}))
                .collect()
        })
        .unwrap_or_default()
}

/// One entry of `translations`, for pages and sections alike.
fn translation_entry(
    lang: &str,
    permalink: &str,
    title: &Option<String>,
    path: &std::path::Path,
) -> Value {
    json!({"lang": lang, "permalink": permalink, "title": title, "path": path})
}

fn section_view(s: &Section, lib: &Library, config: &Config) -> Value {
    let mut m = Map::new();
    m.insert(
        "placeholder".into(),
        match s.placeholder_of {
            Some(src) => json!({
                "source_lang": lib.sections[src].lang,
                "source_lang_name": crate::i18n::language_name(&lib.sections[src].lang, config),
                "source_permalink": lib.sections[src].permalink,
            }),
            None => Value::Null,
        },
    );
    m.insert("relative_path".into(), json!(s.file.relative_path));
    m.insert("content".into(), json!(s.content));
    m.insert("permalink".into(), json!(s.permalink));
    m.insert(
        "ancestors".into(),
        json!(
            s.ancestors
                .iter()
                .map(|&a| &lib.sections[a].file.relative_path)
                .collect::<Vec<_>>()
        ),
    );
    m.insert("title".into(), json!(s.meta.title));
    m.insert("description".into(), json!(s.meta.description));
    m.insert("path".into(), json!(s.path));
    m.insert("components".into(), json!(components(&s.path)));
    m.insert("toc".into(), json!(s.toc));
    m.insert("word_count".into(), json!(s.word_count));
    m.insert("reading_time".into(), json!(s.reading_time));
    m.insert("lang".into(), json!(s.lang));
    m.insert(
        "assets".into(),
        json!(asset_urls(&s.assets, &s.file.parent)),
    );
    m.insert("pages".into(), Value::Array(Vec::new()));
    m.insert(
        "subsections".into(),
        json!(
            s.subsections
                .iter()
                .map(|&i| &lib.sections[i].file.relative_path)
                .collect::<Vec<_>>()
        ),
    );
    m.insert(
        "translations".into(),
        Value::Array(
            s.translations
                .iter()
                .map(|&t| {
                    let o = &lib.sections[t];
                    translation_entry(&o.lang, &o.permalink, &o.meta.title, &o.file.path)
                })
                .collect(),
        ),
    );
    m.insert(
        "backlinks".into(),
        Value::Array(backlinks(lib, &s.file.relative_path)),
    );
    m.insert("generate_feeds".into(), json!(s.meta.generate_feeds));
    m.insert("transparent".into(), json!(s.meta.transparent));
    m.insert("paginate_by".into(), json!(s.meta.paginate_by));
    m.insert("paginate_reversed".into(), json!(s.meta.paginate_reversed));
    m.insert(
        "extra".into(),
        toml_to_json(&toml::Value::Table(s.meta.extra.clone())),
    );
    m.insert("draft".into(), json!(s.meta.draft));
    Value::Object(m)
}

/// The `paginator` of one pager.
pub struct Pager {
    pub index: usize,
    pub pages: Vec<usize>,
    pub path: String,
    pub permalink: String,
}

/// Splits `pages` into pagers of `per_page`; pager 1 lives at `base_path`.
pub fn paginate(
    pages: &[usize],
    per_page: usize,
    base_path: &str,
    paginate_path: &str,
    config: &Config,
) -> Vec<Pager> {
    let per_page = per_page.max(1);
    let chunks: Vec<&[usize]> = if pages.is_empty() {
        vec![&[]]
    } else {
        pages.chunks(per_page).collect()
    };
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let path = if i == 0 {
                base_path.to_string()
            } else {
                format!("{base_path}{paginate_path}/{}/", i + 1)
            };
            Pager {
                index: i + 1,
                pages: chunk.to_vec(),
                permalink: config.make_permalink(&path),
                path,
            }
        })
        .collect()
}

pub fn paginator_view(
    pagers: &[Pager],
    current: usize,
    per_page: usize,
    base_permalink: &str,
    paginate_path: &str,
    views: &Views,
    lib: &Library,
) -> Value {
    let pager = &pagers[current];
    let total = pagers.len();
    json!({
        "paginate_by": per_page,
        "first": base_permalink,
        "last": pagers[total - 1].permalink,
        "previous": if current > 0 { json!(pagers[current - 1].permalink) } else { Value::Null },
        "next": if current + 1 < total { json!(pagers[current + 1].permalink) } else { Value::Null },
        "number_pagers": total,
        "base_url": format!("{base_permalink}{paginate_path}/"),
        "pages": pager.pages.iter().map(|&i| views.page(lib, i)).collect::<Vec<_>>(),
        "current_index": pager.index,
        "total_pages": pagers.iter().map(|p| p.pages.len()).sum::<usize>(),
    })
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
            .unwrap_or_else(|| rel.to_string())
    };
    let permalink = |rel: &str| lib.page(rel).map(|p| p.permalink.clone());
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
