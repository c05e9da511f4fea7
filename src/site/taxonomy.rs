//! Taxonomies per language: terms, their slugs and their pages.

use std::collections::BTreeMap;

use super::{Library, sort_pages};
use crate::config::{Config, TaxonomyConfig};
use crate::content::{SortBy, slugify};

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub path: String,
    pub permalink: String,
    /// Newest first, for each spelling of the term in turn (as Zola).
    pub pages: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub config: TaxonomyConfig,
    pub lang: String,
    pub path: String,
    pub permalink: String,
    /// Sorted by slug.
    pub terms: Vec<Term>,
}

pub fn build_taxonomies(lib: &Library, config: &Config) -> Vec<Taxonomy> {
    let mut out = Vec::new();
    for lang in config.all_languages() {
        for tax in config.taxonomies_for(lang) {
            let mut path = String::from("/");
            if lang != config.default_language {
                path.push_str(lang);
                path.push('/');
            }
            if let Some(root) = &config.taxonomy_root {
                path.push_str(root.trim_matches('/'));
                path.push('/');
            }
            path.push_str(&tax.slug);
            path.push('/');
            let mut terms: BTreeMap<String, Term> = BTreeMap::new();
            // Pages by term slug, then by the spelling that named the term there.
            let mut spellings: BTreeMap<String, BTreeMap<String, Vec<usize>>> = BTreeMap::new();
            for (i, page) in lib.pages.iter().enumerate() {
                if page.lang != lang {
                    continue;
                }
                if let Some(values) = page.meta.taxonomies.get(&tax.name) {
                    for value in values {
                        let slug = slugify(value, config.slugify.taxonomies);
                        let term = terms.entry(slug.clone()).or_insert_with(|| {
                            let term_path = format!("{path}{slug}/");
                            Term {
                                name: value.clone(),
                                slug: slug.clone(),
                                permalink: config.make_permalink(&term_path),
                                path: term_path,
                                pages: Vec::new(),
                            }
                        });
                        // Spellings that slugify alike are one term, named by the
                        // smallest spelling (as Zola does).
                        if value < &term.name {
                            term.name = value.clone();
                        }
                        let group = spellings
                            .entry(slug)
                            .or_default()
                            .entry(value.clone())
                            .or_default();
                        if !group.contains(&i) {
                            group.push(i);
                        }
                    }
                }
            }
            // As Zola merges same-slug terms: each spelling's pages newest
            // first, the spellings one after the other in byte order, not
            // sorted all together.
            let mut terms: Vec<Term> = terms.into_values().collect();
            for t in &mut terms {
                for (_, mut group) in spellings.remove(&t.slug).unwrap_or_default() {
                    sort_pages(&mut group, &lib.pages, SortBy::Date);
                    for p in group {
                        if !t.pages.contains(&p) {
                            t.pages.push(p);
                        }
                    }
                }
            }
            // Kept in slug order (the map's), as Zola sorts terms.
            out.push(Taxonomy {
                config: tax.clone(),
                lang: lang.to_string(),
                permalink: config.make_permalink(&path),
                path,
                terms,
            });
        }
    }
    out
}
