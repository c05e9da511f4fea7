//! `serve`'s body edits, applied to the loaded library in place: an edited
//! page's Markdown is rendered again and its HTML, summary, table of
//! contents, word count and version replaced, the placeholders that show it
//! take its new HTML, and its translations are found outdated or not again.
//! An edit that can move pages around or change what other files show of a
//! page (front matter, `@/` links, a new, deleted or unreadable file, a
//! section, a Markdown error) is not a body edit: the caller loads the site
//! again instead.

use super::markdown::{Parsed, ResolveLinks, permalinks, render_page_markdown, templating_skipped};
use super::*;

/// What [`patch_bodies`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Patch {
    /// The pages whose views changed: the edited ones, the placeholders
    /// that show them and their other language versions.
    Patched(Vec<usize>),
    /// Not a body edit: load the site again (the library may be half
    /// patched and must be dropped).
    Reload,
}

/// Patches the pages of `docs` (paths relative to `content/`) after their
/// bodies changed on disk; see the module documentation.
pub fn patch_bodies(
    root: &Path,
    lib: &mut Library,
    config: &Config,
    hooks: &dyn MarkdownHooks,
    docs: &[String],
) -> Patch {
    let content_dir = root.join("content");
    let langs = config.all_languages();
    let resolved = permalinks(lib);
    let resolver = ResolveLinks {
        permalinks: &resolved,
        inner: hooks,
    };
    let skip = templating_skipped(config);
    let highlighter = lib.highlighter.clone();
    let mut changed = Vec::new();
    for doc in docs {
        let Some(&i) = lib.pages_by_path.get(doc) else {
            return Patch::Reload;
        };
        let old = &lib.pages[i];
        if old.placeholder.is_some() {
            return Patch::Reload;
        }
        let parsed = parse_file(
            &old.file.path,
            &content_dir,
            config,
            &langs,
            hooks.templates_content(),
        );
        let Ok(Parsed::Page(new)) = parsed else {
            return Patch::Reload;
        };
        // The same front matter, to the byte (as parsed): only the body changed.
        if new.body_offset != old.body_offset
            || format!("{:?}", new.meta) != format!("{:?}", old.meta)
        {
            return Patch::Reload;
        }
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
            return Patch::Reload;
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
    let mut touched = changed.clone();
    for &i in &changed {
        // Placeholders show a copy of their source's HTML.
        for j in 0..lib.pages.len() {
            if lib.pages[j]
                .placeholder
                .as_ref()
                .is_some_and(|ph| ph.source == i)
            {
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
                touched.push(j);
            }
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
        touched.extend(members);
    }
    touched.sort_unstable();
    touched.dedup();
    Patch::Patched(touched)
}
