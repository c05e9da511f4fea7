//! Translations of a document: its versions in other languages, and the
//! `hreflang` alternates pages and the sitemap list for them.

use super::{Library, Page, Section};
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
