//! Which files a site has, decided before anything renders: a render job
//! per page, section (and pager), taxonomy, term (and pager), alias, search
//! and status page; the feeds; the sitemap's entries. Typed data over the
//! frozen [`Library`]; renders nothing, writes nothing. `render` renders the
//! jobs, `output` explains collisions with the same plan.

use std::collections::HashMap;
use std::sync::Arc;

use super::{
    Alternate, LanguageStatus, Library, Pager, page_alternates, paginate, section_alternates,
    sort_pages, translation_status,
};
use crate::artifact::output_path_for;
use crate::config::{Config, ExcludePaginated};
use crate::content::SortBy;
use crate::i18n::Catalog;

/// An entry of `sitemap.xml`.
#[derive(Debug, Clone, PartialEq)]
pub struct SitemapEntry {
    pub permalink: String,
    /// The page's `updated`, else its `date`, as written.
    pub updated: Option<String>,
    /// The `hreflang` alternates (agora sites with translations only).
    pub alternates: Vec<Alternate>,
    /// Whose front matter `extra` the entry shows (pages and sections; none
    /// for pagers, taxonomies and terms), as Zola's `entry.extra`.
    pub extra_of: Option<ExtraOf>,
}

/// A document of the library, by index, whose `extra` a sitemap entry shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ExtraOf {
    Page(usize),
    Section(usize),
}

/// One file to render: what it shows, at which URL path, in which language.
#[derive(Debug)]
pub struct RenderJob {
    pub kind: JobKind,
    pub url_path: String,
    pub lang: String,
}

/// What a [`RenderJob`] shows.
#[derive(Debug)]
pub enum JobKind {
    Page(usize),
    Section {
        index: usize,
        pager: Option<usize>,
    },
    TaxonomyList(usize),
    Term {
        taxonomy: usize,
        term: usize,
        pager: Option<usize>,
    },
    Redirect(String),
    /// agora's translation-status page, in the job's language, with the
    /// coverage of every language (computed once, shared by the languages).
    StatusPage(Arc<[LanguageStatus]>),
    /// The search page of a language (agora's own search).
    Search,
}

/// Zola renders taxonomies after pages and sections and checks only pages,
/// sections and aliases against each other: a taxonomy or term page at the
/// URL of a section or page (a section `tags/` beside the taxonomy `tags`)
/// replaces it without a word. So does agora; two taxonomy pages at one
/// URL stay a collision.
pub fn drop_overwritten_by_taxonomies(jobs: &mut Vec<RenderJob>) {
    let is_taxonomy =
        |j: &RenderJob| matches!(j.kind, JobKind::TaxonomyList(_) | JobKind::Term { .. });
    let taxonomy_paths: std::collections::HashSet<String> = jobs
        .iter()
        .filter(|j| is_taxonomy(j))
        .map(|j| output_path_for(&j.url_path))
        .collect();
    if taxonomy_paths.is_empty() {
        return;
    }
    jobs.retain(|j| is_taxonomy(j) || !taxonomy_paths.contains(&output_path_for(&j.url_path)));
}

/// Where the translation-status page of `lang` lives.
pub fn status_page_path(lang: &str, config: &Config) -> String {
    if lang == config.default_language {
        "/translation-status/".to_string()
    } else {
        format!("/{lang}/translation-status/")
    }
}

/// The files a site's pages, sections, taxonomies, aliases, search and
/// status pages make, with the pagers of paginated listings.
pub struct Plan {
    pub jobs: Vec<RenderJob>,
    /// The pagers of each paginated section, by section index.
    pub section_pagers: HashMap<usize, Vec<Pager>>,
    /// The pagers of each paginated term, by (taxonomy, term) index.
    pub term_pagers: HashMap<(usize, usize), Vec<Pager>>,
}

pub fn plan_site(lib: &Library, config: &Config, catalog: &Catalog) -> Plan {
    let mut jobs: Vec<RenderJob> = Vec::new();

    for (i, page) in lib.pages.iter().enumerate() {
        if page.meta.render {
            jobs.push(RenderJob {
                kind: JobKind::Page(i),
                url_path: page.path.clone(),
                lang: page.lang.clone(),
            });
        }
        for alias in &page.meta.aliases {
            jobs.push(redirect_job(alias, &page.permalink, &page.lang));
        }
    }
    let mut section_pagers: HashMap<usize, Vec<Pager>> = HashMap::new();
    for (i, s) in lib.sections.iter().enumerate() {
        for alias in &s.meta.aliases {
            jobs.push(redirect_job(alias, &s.permalink, &s.lang));
        }
        if !s.meta.render {
            continue;
        }
        if let Some(target) = &s.meta.redirect_to {
            let url = config.redirect_permalink(target);
            jobs.push(RenderJob {
                kind: JobKind::Redirect(url),
                url_path: s.path.clone(),
                lang: s.lang.clone(),
            });
            continue;
        }
        match s.meta.paginate_by {
            Some(n) if n > 0 => {
                let mut pages = s.pages.clone();
                if s.meta.paginate_reversed {
                    pages.reverse();
                }
                let pagers = paginate(&pages, n, &s.path, &s.meta.paginate_path, config);
                push_pager_jobs(
                    &mut jobs,
                    &pagers,
                    &s.permalink,
                    &s.meta.paginate_path,
                    &s.lang,
                    |p| JobKind::Section {
                        index: i,
                        pager: Some(p),
                    },
                );
                section_pagers.insert(i, pagers);
            }
            _ => jobs.push(RenderJob {
                kind: JobKind::Section {
                    index: i,
                    pager: None,
                },
                url_path: s.path.clone(),
                lang: s.lang.clone(),
            }),
        }
    }
    if config.search_enabled() {
        for lang in config.all_languages() {
            jobs.push(RenderJob {
                kind: JobKind::Search,
                url_path: config.search_page_path(lang),
                lang: lang.to_string(),
            });
        }
    }
    let mut term_pagers: HashMap<(usize, usize), Vec<Pager>> = HashMap::new();
    for (t, tax) in lib.taxonomies.iter().enumerate() {
        // Zola writes nothing for a taxonomy without terms in a language.
        if !tax.config.render || tax.terms.is_empty() {
            continue;
        }
        jobs.push(RenderJob {
            kind: JobKind::TaxonomyList(t),
            url_path: tax.path.clone(),
            lang: tax.lang.clone(),
        });
        for (k, term) in tax.terms.iter().enumerate() {
            match tax.config.paginate_by {
                Some(n) if n > 0 => {
                    let pagers = paginate(
                        &term.pages,
                        n,
                        &term.path,
                        &tax.config.paginate_path,
                        config,
                    );
                    push_pager_jobs(
                        &mut jobs,
                        &pagers,
                        &term.permalink,
                        &tax.config.paginate_path,
                        &tax.lang,
                        |p| JobKind::Term {
                            taxonomy: t,
                            term: k,
                            pager: Some(p),
                        },
                    );
                    term_pagers.insert((t, k), pagers);
                }
                _ => jobs.push(RenderJob {
                    kind: JobKind::Term {
                        taxonomy: t,
                        term: k,
                        pager: None,
                    },
                    url_path: term.path.clone(),
                    lang: tax.lang.clone(),
                }),
            }
        }
    }

    if config.agora.status_page {
        let status: Arc<[LanguageStatus]> = translation_status(lib, catalog, config, None).into();
        for lang in config.all_languages() {
            jobs.push(RenderJob {
                kind: JobKind::StatusPage(status.clone()),
                url_path: status_page_path(lang, config),
                lang: lang.to_string(),
            });
        }
    }

    Plan {
        jobs,
        section_pagers,
        term_pagers,
    }
}

/// A feed of the site, a language, a section or a term (each of the
/// `feed_filenames` is written at its `base_path`).
pub struct Feed {
    pub lang: String,
    /// URL folder of the feed (`/`, `/fr/`, `/blog/`, `/tags/youth/`).
    pub base_path: String,
    /// Its dated pages, newest first.
    pub pages: Vec<usize>,
    pub section: Option<usize>,
    pub term: Option<(usize, usize)>,
}

/// Every feed Zola writes: per language, per section with `generate_feeds`,
/// per term of a taxonomy with `feed = true`. Only dated pages, newest first.
/// Every feed the site has.
pub fn plan_feeds(lib: &Library, config: &Config) -> Vec<Feed> {
    let dated = |indices: &mut dyn Iterator<Item = usize>| -> Vec<usize> {
        let mut v: Vec<usize> = indices
            .filter(|&i| lib.pages[i].date.is_some() && lib.pages[i].meta.render)
            .collect();
        sort_pages(&mut v, &lib.pages, SortBy::Date);
        v
    };
    let mut jobs = Vec::new();
    for lang in config.all_languages() {
        if config.generate_feeds_for(lang) {
            let base_path = if lang == config.default_language {
                "/".to_string()
            } else {
                format!("/{lang}/")
            };
            let pages = dated(&mut (0..lib.pages.len()).filter(|&i| lib.pages[i].lang == lang));
            jobs.push(Feed {
                lang: lang.to_string(),
                base_path,
                pages,
                section: None,
                term: None,
            });
        }
    }
    for (i, s) in lib.sections.iter().enumerate() {
        if s.meta.generate_feeds && !s.file.components.is_empty() {
            let pages = dated(&mut s.pages.iter().copied());
            jobs.push(Feed {
                lang: s.lang.clone(),
                base_path: s.path.clone(),
                pages,
                section: Some(i),
                term: None,
            });
        }
    }
    for (t, tax) in lib.taxonomies.iter().enumerate() {
        if tax.config.feed && tax.config.render {
            for (k, term) in tax.terms.iter().enumerate() {
                let pages = dated(&mut term.pages.iter().copied());
                jobs.push(Feed {
                    lang: tax.lang.clone(),
                    base_path: term.path.clone(),
                    pages,
                    section: None,
                    term: Some((t, k)),
                });
            }
        }
    }
    jobs
}

/// One job per pager, plus the redirect from `<base>/<paginate_path>/1/` to the first pager.
fn push_pager_jobs(
    jobs: &mut Vec<RenderJob>,
    pagers: &[Pager],
    base_permalink: &str,
    paginate_path: &str,
    lang: &str,
    kind: impl Fn(usize) -> JobKind,
) {
    for (p, pager) in pagers.iter().enumerate() {
        jobs.push(RenderJob {
            kind: kind(p),
            url_path: pager.path.clone(),
            lang: lang.to_string(),
        });
    }
    jobs.push(RenderJob {
        kind: JobKind::Redirect(base_permalink.to_string()),
        url_path: format!("{}{paginate_path}/1/", pagers[0].path),
        lang: lang.to_string(),
    });
}

/// The redirect an alias makes to `target`.
pub fn redirect_job(alias: &str, target: &str, lang: &str) -> RenderJob {
    let alias = alias.trim();
    let url_path = if alias.ends_with(".html") {
        format!("/{}", alias.trim_start_matches('/'))
    } else {
        format!("/{}/", alias.trim_matches('/'))
    };
    RenderJob {
        kind: JobKind::Redirect(target.to_string()),
        url_path,
        lang: lang.to_string(),
    }
}

/// The sitemap's entries, sorted by permalink: every rendered page (not
/// placeholders), section, pager, taxonomy and term, as Zola lists them.
pub fn sitemap_entries(
    lib: &Library,
    config: &Config,
    section_pagers: &HashMap<usize, Vec<Pager>>,
) -> Vec<SitemapEntry> {
    let entry = |permalink: String, updated, alternates, extra_of| SitemapEntry {
        permalink,
        updated,
        alternates,
        extra_of,
    };
    let mut entries: Vec<SitemapEntry> = Vec::new();
    // Placeholders ask not to be indexed, so they stay out of the sitemap.
    for (i, p) in lib
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.meta.render && p.placeholder.is_none())
    {
        let updated = p
            .updated
            .as_ref()
            .or(p.date.as_ref())
            .map(|d| d.text.clone());
        let alternates = page_alternates(lib, p, config);
        entries.push(entry(
            p.permalink.clone(),
            updated,
            alternates,
            Some(ExtraOf::Page(i)),
        ));
    }
    for (i, s) in lib.sections.iter().enumerate() {
        // Zola lists sections with `redirect_to` too; only `render = false` hides one.
        if !s.meta.render {
            continue;
        }
        // A section agora made for a language without `_index.<lang>.md` is
        // in no hreflang set, so it lists none (sets must be reciprocal).
        let alternates = if s.generated {
            Vec::new()
        } else {
            section_alternates(lib, s, config)
        };
        entries.push(entry(
            s.permalink.clone(),
            None,
            alternates,
            Some(ExtraOf::Section(i)),
        ));
        if config.exclude_paginated_pages_in_sitemap == ExcludePaginated::None
            && let Some(pagers) = section_pagers.get(&i)
        {
            // As Zola: `page/1/` too (the redirect to the section), when there are pages.
            if !s.pages.is_empty() {
                let first = format!("{}{}/1/", s.permalink, s.meta.paginate_path);
                entries.push(entry(first, None, Vec::new(), None));
            }
            entries.extend(
                pagers
                    .iter()
                    .skip(1)
                    .map(|p| entry(p.permalink.clone(), None, Vec::new(), None)),
            );
        }
    }
    let with_pagers = config.exclude_paginated_pages_in_sitemap == ExcludePaginated::None;
    // As Zola 0.22: every rendered taxonomy, even one without terms (whose
    // page is not written), and every page of a paginated term, `page/1/`
    // (the redirect to the term) included.
    for tax in lib.taxonomies.iter().filter(|t| t.config.render) {
        entries.push(entry(tax.permalink.clone(), None, Vec::new(), None));
        let per_page = tax.config.paginate_by.filter(|&n| n > 0);
        for term in &tax.terms {
            entries.push(entry(term.permalink.clone(), None, Vec::new(), None));
            if let (true, Some(per_page)) = (with_pagers, per_page) {
                for n in 1..=term.pages.len().div_ceil(per_page) {
                    let path = format!("{}{}/{n}/", term.path, tax.config.paginate_path);
                    entries.push(entry(config.make_permalink(&path), None, Vec::new(), None));
                }
            }
        }
    }
    // As Zola: one entry per permalink, the first listed (a page before a
    // section, a section before a taxonomy), in permalink order.
    entries.sort_by(|a, b| a.permalink.cmp(&b.permalink));
    entries.dedup_by(|a, b| a.permalink == b.permalink);
    entries
}
