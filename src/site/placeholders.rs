//! Translation placeholders: for every document missing in a language, the
//! page its translation would be, showing the best version along the
//! language's fallback chain.

use super::*;

/// For every document missing in a language that wants placeholders, adds a
/// page at the URL its translation would have, showing the best version along
/// the language's fallback chain. Sections missing `_index.<lang>.md` get one too.
pub(super) fn add_placeholders(lib: &mut Library, config: &Config) {
    if !config.is_multilingual() {
        return;
    }
    let langs = config.all_languages();
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in lib.pages.iter().enumerate() {
        groups.entry(p.file.canonical.clone()).or_default().push(i);
    }
    let mut new_pages = Vec::new();
    for members in groups.values() {
        for &lang in &langs {
            if !config.placeholders_for(lang) || members.iter().any(|&m| lib.pages[m].lang == lang)
            {
                continue;
            }
            let chain = config.fallback_chain(lang);
            let source = chain
                .iter()
                .find_map(|l| members.iter().copied().find(|&m| lib.pages[m].lang == *l))
                .or_else(|| {
                    langs
                        .iter()
                        .find_map(|l| members.iter().copied().find(|&m| lib.pages[m].lang == *l))
                });
            let Some(source) = source else { continue };
            new_pages.push(placeholder_page(&lib.pages[source], source, lang, config));
        }
    }
    lib.pages.extend(new_pages);

    // Sections: one per folder and missing language.
    let mut sgroups: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
    for (i, s) in lib.sections.iter().enumerate() {
        sgroups
            .entry(s.file.components.clone())
            .or_default()
            .push(i);
    }
    let mut new_sections = Vec::new();
    let mut replaced = Vec::new();
    for (_, members) in sgroups {
        for &lang in &langs {
            if !config.placeholders_for(lang) {
                continue;
            }
            // An empty index made for a language without `_index.<lang>.md` is replaced too.
            let existing = members
                .iter()
                .copied()
                .find(|&m| lib.sections[m].lang == lang);
            if existing.is_some_and(|m| !lib.sections[m].generated) {
                continue;
            }
            let chain = config.fallback_chain(lang);
            let Some(source) = chain.iter().find_map(|l| {
                members
                    .iter()
                    .copied()
                    .find(|&m| lib.sections[m].lang == *l && !lib.sections[m].generated)
            }) else {
                continue;
            };
            let src = &lib.sections[source];
            let mut file = src.file.clone();
            file.lang = lang.to_string();
            file.relative_path = localized_relative_path(&src.file.canonical, lang, config);
            let mut s = new_section(
                file,
                src.meta.clone(),
                src.raw_content.clone(),
                src.body_offset,
                config,
            );
            s.meta.aliases.clear();
            s.generated = true;
            s.placeholder_of = Some(source);
            match existing {
                Some(m) => replaced.push((m, s)),
                None => new_sections.push(s),
            }
        }
    }
    for (m, s) in replaced {
        lib.sections[m] = s;
    }
    lib.sections.extend(new_sections);
    lib.pages_by_path.clear();
    lib.sections_by_path.clear();
    for (i, p) in lib.pages.iter().enumerate() {
        lib.pages_by_path.insert(p.file.relative_path.clone(), i);
    }
    for (i, s) in lib.sections.iter().enumerate() {
        lib.sections_by_path.insert(s.file.relative_path.clone(), i);
    }
}

/// `letters/x.md` in `ky` → `letters/x.ky.md`.
pub(super) fn localized_relative_path(canonical: &str, lang: &str, config: &Config) -> String {
    if lang == config.default_language {
        return canonical.to_string();
    }
    match canonical.strip_suffix(".md") {
        Some(stem) => format!("{stem}.{lang}.md"),
        None => canonical.to_string(),
    }
}

pub(super) fn placeholder_page(
    source: &Page,
    source_index: usize,
    lang: &str,
    config: &Config,
) -> Page {
    let mut page = source.clone();
    page.lang = lang.to_string();
    page.file.lang = lang.to_string();
    page.file.relative_path = localized_relative_path(&source.file.canonical, lang, config);
    let prefix = lang_prefix(lang, config);
    page.path = match &source.meta.path {
        Some(_) => format!(
            "/{prefix}{}",
            source
                .path
                .trim_start_matches('/')
                .trim_start_matches(&lang_prefix(&source.lang, config))
        ),
        None => {
            let mut path = format!("/{prefix}");
            for c in &source.file.components {
                path.push_str(c);
                path.push('/');
            }
            path.push_str(&source.slug);
            path.push('/');
            path
        }
    };
    page.permalink = config.make_permalink(&page.path);
    page.meta.aliases.clear();
    let declared = config.taxonomies_for(lang);
    page.meta
        .taxonomies
        .retain(|name, _| declared.iter().any(|t| &t.name == name));
    page.assets.clear();
    page.placeholder = Some(Placeholder {
        source: source_index,
        source_lang: source.lang.clone(),
    });
    page
}
