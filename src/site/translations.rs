//! Translations of a document: its versions in other languages, and the
//! `hreflang` alternates pages and the sitemap list for them.

use super::*;
use crate::config::Config;

/// One `hreflang` alternate of a document: a real version (never a
/// placeholder), or `x-default`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternate {
    pub hreflang: String,
    pub permalink: String,
}

impl Alternate {
    fn new(hreflang: &str, permalink: &str) -> Alternate {
        Alternate {
            hreflang: hreflang.to_string(),
            permalink: permalink.to_string(),
        }
    }
}

/// The `hreflang` alternates of a document (`page.alternates`,
/// `section.alternates`, the sitemap's `xhtml:link`s): every real version,
/// default language first then by code, and `x-default`, the version in the
/// default language (else the first real one). Empty unless the document
/// has at least one real translation; placeholders are never listed.
pub fn alternates<'a>(
    versions: impl Iterator<Item = (&'a str, &'a str)>,
    config: &Config,
) -> Vec<Alternate> {
    let real: Vec<(&str, &str)> = versions.collect();
    if real.len() < 2 || !config.agora.enabled {
        return Vec::new();
    }
    let default = real
        .iter()
        .find(|(lang, _)| *lang == config.default_language)
        .unwrap_or(&real[0])
        .1;
    real.iter()
        .map(|(lang, permalink)| Alternate::new(lang, permalink))
        .chain(std::iter::once(Alternate::new("x-default", default)))
        .collect()
}

/// [`alternates`] of a page (for a placeholder: of the document it stands in for).
pub fn page_alternates(lib: &Library, page: &Page, config: &Config) -> Vec<Alternate> {
    let versions = page
        .translations
        .iter()
        .map(|&t| &lib.pages[t])
        .filter(|p| p.placeholder.is_none())
        .map(|p| (p.lang.as_str(), p.permalink.as_str()));
    alternates(versions, config)
}
/// [`alternates`] of a section: sections written for their language, not
/// the ones agora makes where `_index.<lang>.md` is missing.
pub fn section_alternates(lib: &Library, section: &Section, config: &Config) -> Vec<Alternate> {
    let versions = section
        .translations
        .iter()
        .map(|&t| &lib.sections[t])
        .filter(|s| !s.generated && s.placeholder_of.is_none())
        .map(|s| (s.lang.as_str(), s.permalink.as_str()));
    alternates(versions, config)
}

/// For a translation written by segment (`[extra.agora] segments`), how
/// much of its original it translates; `None` for a translation made by
/// hand, or when a file cannot be read (the build reports that elsewhere).
pub(super) fn segment_coverage(
    extra: &toml::Table,
    original: &Path,
    translation: &Path,
    config: &Config,
) -> Option<SegmentCoverage> {
    extra.get("agora")?.as_table()?.get("segments")?;
    let original_text = crate::fs::read_to_string(original).ok()?;
    let translation_text = crate::fs::read_to_string(translation).ok()?;
    documents::coverage_of(
        &original_text,
        original,
        &translation_text,
        translation,
        crate::content::markdown_options(config),
    )
}

/// Among `members`, the versions of one document: which translations are
/// outdated (made from an older version of the original), and how much of
/// it those written by segment translate.
pub(super) fn mark_outdated(lib: &mut Library, members: &[usize], config: &Config) {
    let Some(&original) = members
        .iter()
        .find(|&&m| lib.pages[m].lang == config.default_language)
    else {
        return;
    };
    for &m in members {
        if m == original {
            continue;
        }
        let changed = lib.pages[m]
            .translated_from
            .as_ref()
            .is_some_and(|v| *v != lib.pages[original].version);
        // Written by segment: outdated only when a segment is.
        let coverage = segment_coverage(
            &lib.pages[m].meta.extra,
            &lib.pages[original].file.path,
            &lib.pages[m].file.path,
            config,
        );
        lib.pages[m].segments = coverage;
        let outdated = coverage.map_or(changed, |c| c.fuzzy > 0);
        lib.pages[m].outdated_of = outdated.then_some(original);
    }
}

/// Groups pages (and sections) that are translations of each other; order:
/// default language first, then the others by code.
pub(super) fn link_translations(lib: &mut Library, config: &Config) {
    let order =
        |lang: &str| -> (bool, String) { (lang != config.default_language, lang.to_string()) };
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in lib
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.placeholder.is_none())
    {
        groups.entry(p.file.canonical.clone()).or_default().push(i);
    }
    for (_, mut members) in groups {
        members.sort_by_key(|&i| order(&lib.pages[i].lang));
        mark_outdated(lib, &members, config);
        if members.len() > 1 || config.is_multilingual() {
            for &m in &members {
                lib.pages[m].translations = if config.is_multilingual() {
                    members.clone()
                } else {
                    Vec::new()
                };
            }
        }
    }
    // A placeholder lists the real versions of the document it stands in for.
    for i in 0..lib.pages.len() {
        if let Some(ph) = &lib.pages[i].placeholder {
            lib.pages[i].translations = lib.pages[ph.source].translations.clone();
        }
    }
    let mut sgroups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, s) in lib.sections.iter().enumerate() {
        sgroups
            .entry(s.file.components.join("/"))
            .or_default()
            .push(i);
    }
    for (_, mut members) in sgroups {
        members.sort_by_key(|&i| order(&lib.sections[i].lang));
        if let Some(&original) = members.iter().find(|&&m| {
            lib.sections[m].lang == config.default_language && !lib.sections[m].generated
        }) {
            for &m in &members {
                let changed = lib.sections[m]
                    .translated_from
                    .as_ref()
                    .is_some_and(|v| *v != lib.sections[original].version);
                if m == original || lib.sections[m].generated {
                    continue;
                }
                let coverage = segment_coverage(
                    &lib.sections[m].meta.extra,
                    &lib.sections[original].file.path,
                    &lib.sections[m].file.path,
                    config,
                );
                lib.sections[m].segments = coverage;
                if coverage.map_or(changed, |c| c.fuzzy > 0) {
                    lib.sections[m].outdated_of = Some(original);
                }
            }
        }
        if config.is_multilingual() {
            for &m in &members {
                lib.sections[m].translations = members.clone();
            }
        }
    }
}
