//! `serve`'s body and title edits, applied to the loaded library in place:
//! an edited page's Markdown is rendered again and its HTML, summary, table
//! of contents, word count and version replaced, the placeholders that show
//! it take its new HTML, and its translations are found outdated or not
//! again. A new `title` or `description` is taken too, by the page and its
//! placeholders; the pages whose views show it (the document's other
//! language versions, the pages it links to, through their backlinks) are
//! reported with it. An edit that can move pages around (any other front
//! matter, a title in a section sorted by title, `@/` links, a new, deleted
//! or unreadable file, a section, a Markdown error) is not patched: the
//! caller loads the site again instead.

use super::markdown::{Parsed, ResolveLinks, render_page_markdown, templating_skipped};
use super::*;
use std::collections::HashSet;

/// What [`patch_documents`] changed: page indices, sorted.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Patched {
    /// The edited pages and the placeholders that show them.
    pub edited: Vec<usize>,
    /// Their other language versions: outdated or not again; after a new
    /// title, their `translations` (and a placeholder's) list it.
    pub versions: Vec<usize>,
    /// After a new title: the pages the edited ones link to, whose
    /// `backlinks` list it.
    pub linked: Vec<usize>,
    /// A title or description changed, which listings show: not only what
    /// a body makes.
    pub titles: bool,
}

impl Patched {
    /// Every page whose view changed.
    pub fn pages(&self) -> Vec<usize> {
        let mut all: Vec<usize> = [&self.edited, &self.versions, &self.linked]
            .into_iter()
            .flatten()
            .copied()
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

/// Patches the pages of `docs` (paths relative to `content/`) after they
/// changed on disk; see the module documentation. `None`: not an edit this
/// can patch; load the site again (the library may be half patched and
/// must be dropped).
pub fn patch_documents(
    root: &Path,
    lib: &mut Library,
    config: &Config,
    hooks: &dyn MarkdownHooks,
    docs: &[String],
) -> Option<Patched> {
    let content_dir = root.join("content");
    let langs = config.all_languages();
    let skip = templating_skipped(config);
    let highlighter = lib.highlighter.clone();
    let mut changed = Vec::new();
    let mut titles = false;
    let sorted_by_title = lib
        .sections
        .iter()
        .any(|s| matches!(s.meta.sort_by, SortBy::Title | SortBy::TitleBytes));
    for doc in docs {
        let &i = lib.pages_by_path.get(doc)?;
        let old = &lib.pages[i];
        if old.placeholder.is_some() {
            return None;
        }
        let parsed = parse_file(
            &old.file.path,
            &content_dir,
            config,
            &langs,
            hooks.templates_content(),
        );
        let Ok(Parsed::Page(new)) = parsed else {
            return None;
        };
        // The same front matter (as parsed) but for the title and the
        // description: nothing moves.
        let mut same = new.meta.clone();
        same.title.clone_from(&old.meta.title);
        same.description.clone_from(&old.meta.description);
        if format!("{same:?}") != format!("{:?}", old.meta) {
            return None;
        }
        let retitled = new.meta.title != old.meta.title;
        if retitled && sorted_by_title {
            return None;
        }
        if retitled || new.meta.description != old.meta.description {
            titles = true;
            for j in std::iter::once(i).chain(placeholders_of(lib, i)) {
                let meta = &mut lib.pages[j].meta;
                meta.title.clone_from(&new.meta.title);
                meta.description.clone_from(&new.meta.description);
            }
        }
        // The body may start elsewhere now; the Markdown is read from there.
        for j in std::iter::once(i).chain(placeholders_of(lib, i)) {
            lib.pages[j].body_offset = new.body_offset;
        }
        let old = &lib.pages[i];
        // The permalinks of what it linked to: a body that links elsewhere
        // now fails to resolve and is not patched (below).
        let resolved = link_permalinks(lib, &old.internal_links);
        let resolver = ResolveLinks {
            permalinks: &resolved,
            inner: hooks,
        };
        let insert_anchor = old
            .parent_section
            .map(|s| lib.sections[s].meta.insert_anchor_links)
            .unwrap_or_default()
            .unwrap_or(config.markdown.insert_anchor_links);
        let r = render_page_markdown(
            old,
            config,
            &resolver,
            highlighter.as_deref(),
            insert_anchor,
            &skip,
        );
        // Links make backlinks and may break anchors: a change reloads.
        if !r.diagnostics.is_empty() || r.internal_links != old.internal_links {
            return None;
        }
        let page = &mut lib.pages[i];
        page.content = PackedHtml::pack(&r.html);
        page.summary = r.summary.map(Arc::from);
        page.toc = r.toc;
        page.external_links = r.external_links;
        page.word_count = new.word_count;
        page.reading_time = new.reading_time;
        page.version = new.version;
        changed.push(i);
    }
    let mut edited = changed.clone();
    let mut versions = Vec::new();
    for &i in &changed {
        // Placeholders show a copy of their source's HTML.
        for j in placeholders_of(lib, i) {
            let source = &lib.pages[i];
            let (content, summary, toc) = (
                source.content.clone(),
                source.summary.clone(),
                source.toc.clone(),
            );
            let page = &mut lib.pages[j];
            page.content = content;
            page.summary = summary;
            page.toc = toc;
            edited.push(j);
        }
        // Whether a translation is outdated depends on its original's text.
        let canonical = lib.pages[i].file.canonical.clone();
        let mut members: Vec<usize> = (0..lib.pages.len())
            .filter(|&m| {
                lib.pages[m].placeholder.is_none() && lib.pages[m].file.canonical == canonical
            })
            .collect();
        members.sort_by_key(|&m| {
            (
                lib.pages[m].lang != config.default_language,
                lib.pages[m].lang.clone(),
            )
        });
        translations::mark_outdated(lib, &members, config);
        versions.extend(members);
    }
    let mut linked = Vec::new();
    if titles {
        // Every version of an edited document lists the others' titles
        // (placeholders included); a page linked to lists its backlinks'.
        let canonicals: HashSet<&str> = changed
            .iter()
            .map(|&i| lib.pages[i].file.canonical.as_str())
            .collect();
        versions.extend(
            (0..lib.pages.len())
                .filter(|&m| canonicals.contains(lib.pages[m].file.canonical.as_str())),
        );
        let sources: HashSet<usize> = edited.iter().copied().collect();
        for (target, from) in &lib.backlinks {
            if from.iter().any(|f| sources.contains(f)) {
                match lib.pages_by_path.get(target) {
                    Some(&t) => linked.push(t),
                    // A section's view is built once, with its backlinks.
                    None => return None,
                }
            }
        }
    }
    for list in [&mut edited, &mut versions, &mut linked] {
        list.sort_unstable();
        list.dedup();
    }
    Some(Patched {
        edited,
        versions,
        linked,
        titles,
    })
}

/// The permalinks of the documents `links` point at, by their paths inside
/// `content/` (as [`super::markdown::permalinks`] gives them for every one).
fn link_permalinks(lib: &Library, links: &[(String, Option<String>)]) -> HashMap<String, String> {
    links
        .iter()
        .filter_map(|(target, _)| {
            let permalink = match lib.page(target) {
                Some(page) => &page.permalink,
                None => &lib.section(target).filter(|s| !s.generated)?.permalink,
            };
            Some((target.clone(), permalink.clone()))
        })
        .collect()
}

/// The placeholder pages that show page `source` in other languages.
fn placeholders_of(lib: &Library, source: usize) -> Vec<usize> {
    (0..lib.pages.len())
        .filter(|&j| {
            lib.pages[j]
                .placeholder
                .as_ref()
                .is_some_and(|ph| ph.source == source)
        })
        .collect()
}
