//! Engine-neutral views of the library: what templates see as `page`,
//! `section`, `term`, `paginator`. Built once per build and shared.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::translation_views::{
    ChangedOriginal, outdated_notice, outdated_view, partial_notice, ui_string,
};
use crate::config::{Config, toml_to_json};
use crate::site::{Alternate, DateInfo, Library, Page, Pager, Section, Taxonomy, Term};

/// Views of the library for templates. Section views, and what a page's
/// view needs from other pages (its placeholder notice, its outdated
/// notice, its versions), are built once; a page's view is built for each
/// context that shows it, with `content` only when its template reads it.
/// Keeping every page's view once built (commit b688af7) doubled the peak
/// memory of a build (915 MB → 1,540 MB on the 10k plain site) and saved no
/// CPU: a context needs its own copy of a `Value`, and copying one costs
/// what building it does.
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
            .map(|s| section_view(s, lib, config, catalog))
            .collect();
        Views {
            config: config.clone(),
            placeholders,
            outdated,
            versions,
            sections,
        }
    }

    /// After `serve` patched the library (see [`crate::site::patch_documents`]):
    /// builds again what the views hold of `pages`.
    pub fn refresh(
        &mut self,
        lib: &Library,
        config: &Config,
        catalog: &crate::i18n::Catalog,
        pages: &[usize],
    ) {
        for &i in pages {
            let page = &lib.pages[i];
            self.placeholders[i] = placeholder_view(page, lib, config, catalog);
            self.outdated[i] = outdated_view(page, lib, config, catalog);
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
        let versions = self
            .versions
            .get(&page.file.canonical)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        // Whether a translation is outdated depends on its original's text.
        if page.translated_from.is_some() {
            versions
                .iter()
                .filter(|&&v| {
                    lib.pages[v].lang == self.config.default_language
                        && lib.pages[v].placeholder.is_none()
                })
                .for_each(|&v| super::deps::touched(v));
        }
        let mut v = self.listed_view(lib, index);
        if super::content_use::with_content()
            && let Value::Object(m) = &mut v
        {
            m.insert("content".into(), Value::String(self.content(lib, index)));
        }
        v
    }

    /// Page `index` as listings see it, with an empty `content`.
    fn listed_view(&self, lib: &Library, index: usize) -> Value {
        let page = &lib.pages[index];
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
            m.insert("content".into(), Value::String(String::new()));
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

/// As Zola: each asset as `/<folder inside content>/<file>`.
fn asset_urls(assets: &[std::path::PathBuf], file: &crate::site::FileInfo) -> Vec<String> {
    crate::site::asset_paths(assets, file)
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
            (
                "language",
                &crate::i18n::language_name_in(lang, lang, config, catalog),
            ),
            (
                "source_language",
                &crate::i18n::language_name_in(&source.lang, lang, config, catalog),
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
    if config.agora.enabled {
        m.insert(
            "alternates".into(),
            alternates_view(&crate::site::page_alternates(lib, page, config)),
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
    DateInfo::insert_fields(page.date.as_ref(), &mut m);
    m.insert("taxonomies".into(), json!(page.meta.taxonomies));
    m.insert("authors".into(), json!(page.meta.authors));
    m.insert(
        "extra".into(),
        toml_to_json(&toml::Value::Table(page.meta.extra.clone())),
    );
    m.insert("path".into(), json!(page.path));
    m.insert(
        "components".into(),
        json!(crate::site::path_components(&page.path)),
    );
    m.insert("summary".into(), json!(page.summary));
    m.insert("toc".into(), json!(page.toc));
    m.insert("word_count".into(), json!(page.word_count));
    m.insert("reading_time".into(), json!(page.reading_time));
    m.insert("assets".into(), json!(asset_urls(&page.assets, &page.file)));
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

fn section_view(
    s: &Section,
    lib: &Library,
    config: &Config,
    catalog: &crate::i18n::Catalog,
) -> Value {
    let mut m = Map::new();
    let outdated = s.outdated_of.map(|o| {
        let original = &lib.sections[o];
        outdated_notice(
            &s.lang,
            ChangedOriginal {
                lang: &original.lang,
                permalink: &original.permalink,
                version: &original.version,
                translated_from: s.translated_from.as_deref(),
                segments: s.segments,
            },
            config,
            catalog,
        )
    });
    let partial = partial_notice(
        &s.lang,
        &config.default_language,
        s.segments,
        config,
        catalog,
    )
    .unwrap_or_default();
    let content = match &outdated {
        Some((notice, _)) => format!("{notice}{partial}{}", s.content),
        None => format!("{partial}{}", s.content),
    };
    m.insert(
        "outdated".into(),
        outdated.map_or(Value::Null, |(_, info)| info),
    );
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
    m.insert("content".into(), json!(content));
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
    m.insert(
        "components".into(),
        json!(crate::site::path_components(&s.path)),
    );
    m.insert("toc".into(), json!(s.toc));
    m.insert("word_count".into(), json!(s.word_count));
    m.insert("reading_time".into(), json!(s.reading_time));
    m.insert("lang".into(), json!(s.lang));
    m.insert("assets".into(), json!(asset_urls(&s.assets, &s.file)));
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
    if config.agora.enabled {
        m.insert(
            "alternates".into(),
            alternates_view(&crate::site::section_alternates(lib, s, config)),
        );
    }
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

/// The sitemap's entries as its template sees them.
pub fn sitemap_view(lib: &Library, entries: &[crate::site::SitemapEntry]) -> Value {
    use crate::site::ExtraOf;
    Value::Array(
        entries
            .iter()
            .map(|e| {
                let extra = match e.extra_of {
                    Some(ExtraOf::Page(i)) => Some(&lib.pages[i].meta.extra),
                    Some(ExtraOf::Section(i)) => Some(&lib.sections[i].meta.extra),
                    None => None,
                };
                json!({
                    "permalink": e.permalink,
                    "updated": e.updated,
                    "extra": extra.map(|x| toml_to_json(&toml::Value::Table(x.clone()))),
                    "alternates": alternates_view(&e.alternates),
                })
            })
            .collect(),
    )
}

/// `page.alternates`, `section.alternates` and the sitemap's `xhtml:link`s.
pub fn alternates_view(alternates: &[Alternate]) -> Value {
    Value::Array(
        alternates
            .iter()
            .map(|a| json!({"hreflang": a.hreflang, "permalink": a.permalink}))
            .collect(),
    )
}
