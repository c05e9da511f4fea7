//! `serve`'s rebuilds: after the first build, an edit to one document's body
//! re-renders only the files that show what its body makes (its page, its
//! translations' placeholders, the listings, feeds and pages whose templates
//! read its content, summary, table of contents…: see
//! [`crate::render::deps::FileReads`]); an edit to its title or description
//! re-renders the files that show the document or one of the pages whose
//! views list that title. Neither loads the site again: the loaded library
//! is patched in place (see [`crate::LoadedSite::patch_documents`]) and the
//! files are rendered from it. Anything that can move pages around (a new
//! or deleted file, a changed date, slug, taxonomy…) loads the site again
//! with every other page's Markdown taken from a cache and re-renders every
//! file; a config, template or locale change empties the cache first.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::artifact::{MemorySink, OutputFile};
use crate::render::Selection;
use crate::render::content_use::Reads;
use crate::render::deps::FileReads;
use crate::site::{MarkdownCache, Page, Patched};
use crate::{BuildOptions, LoadedSite};

/// What a change touches, from the paths that changed.
#[derive(Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// Only Markdown documents (paths relative to `content/`).
    Documents(Vec<String>),
    /// Only static files or colocated assets: copy them again.
    Assets,
    /// Config, templates, locale files, Sass…: everything.
    Everything,
}

pub fn classify(changed: &[PathBuf], root: &Path) -> ChangeKind {
    let content = root.join("content");
    let mut documents = Vec::new();
    let mut assets = false;
    for path in changed {
        if let Ok(rel) = path.strip_prefix(&content) {
            if path.extension().is_some_and(|e| e == "md") {
                documents.push(rel.to_string_lossy().replace('\\', "/"));
            } else {
                assets = true;
            }
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(path);
        let in_static = rel.starts_with("static")
            || (rel.starts_with("themes")
                && rel
                    .components()
                    .nth(2)
                    .is_some_and(|c| c.as_os_str() == "static"));
        if in_static {
            assets = true;
        } else {
            return ChangeKind::Everything;
        }
    }
    match (documents.is_empty(), assets) {
        (false, false) => ChangeKind::Documents(documents),
        (true, true) => ChangeKind::Assets,
        (false, true) => ChangeKind::Everything,
        (true, false) => ChangeKind::Everything,
    }
}

/// What a rebuild produced.
pub struct Update {
    /// Files made this time (all of them after a full render).
    pub files: Vec<OutputFile>,
    /// Every file the site has now; `None` when only `files` changed.
    pub outputs: Option<HashSet<String>>,
    pub pages: usize,
    pub full: bool,
    /// What patched the loaded site instead of loading it again ("body
    /// edit", "title edit"), if anything did.
    pub patched: Option<&'static str>,
    pub warnings: Vec<crate::error::Diagnostic>,
    pub output_dir: PathBuf,
    pub preserve_dotfiles: bool,
}

/// Keeps what the next rebuild needs from the last one.
#[derive(Default)]
pub struct Rebuilder {
    markdown: MarkdownCache,
    /// The site of the last good build, which a body edit patches.
    loaded: Option<LoadedSite>,
    /// For each output file: the pages it showed and what its template
    /// reads. Page indices stay valid while no page moves: any edit that
    /// moves one renders every file again, which records them anew.
    deps: HashMap<String, FileReads>,
    /// For each document: what other files show of it without reading it.
    signatures: HashMap<String, String>,
    /// False until a build succeeded, and after a failed one.
    ready: bool,
    /// Re-render only the edited documents' own pages (`serve --fast`).
    fast: bool,
}

impl Rebuilder {
    pub fn new(fast: bool) -> Rebuilder {
        Rebuilder {
            fast,
            ..Default::default()
        }
    }

    /// Rebuilds after `change` (or builds everything the first time).
    pub fn rebuild(
        &mut self,
        options: &BuildOptions,
        change: &ChangeKind,
    ) -> crate::error::Result<Update> {
        let result = self.try_rebuild(options, change);
        if result.is_err() {
            self.ready = false;
            self.loaded = None;
        }
        result
    }

    fn try_rebuild(
        &mut self,
        options: &BuildOptions,
        change: &ChangeKind,
    ) -> crate::error::Result<Update> {
        if *change == ChangeKind::Everything {
            self.markdown.clear();
        }
        // A body or title edit patches the loaded site; anything else loads it again.
        let patched: Option<Patched> = match (change, self.loaded.as_mut()) {
            (ChangeKind::Documents(docs), Some(loaded)) if self.ready => {
                loaded.patch_documents(docs)
            }
            _ => None,
        };
        let mut loaded = match self.loaded.take() {
            Some(loaded) if patched.is_some() => loaded,
            _ => crate::load_site_with(
                options,
                crate::artifact::BuildMode::Serve,
                Some(&self.markdown),
            )?,
        };
        let lib = &loaded.site.lib;
        let signatures: HashMap<String, String> = match &patched {
            Some(patched) => {
                let mut signatures = std::mem::take(&mut self.signatures);
                for i in patched.pages() {
                    let page = &lib.pages[i];
                    if let Some(s) = signatures.get_mut(&page.file.relative_path) {
                        *s = signature(page);
                    }
                }
                signatures
            }
            None => lib
                .pages
                .iter()
                .map(|p| (p.file.relative_path.clone(), signature(p)))
                .collect(),
        };
        let only: Option<HashSet<String>> = match change {
            _ if !self.ready => None,
            ChangeKind::Everything => None,
            ChangeKind::Assets => Some(HashSet::new()),
            ChangeKind::Documents(docs) if self.fast => Some(own_outputs(lib, docs)),
            ChangeKind::Documents(docs) => match &patched {
                // A body edit: the files that show what the bodies make.
                Some(p) if !p.titles => Some(self.showing(&p.edited, |r| r.body)),
                // A title too: the files that show the edited pages, their
                // versions' `translations`, their links' `backlinks`.
                Some(p) => {
                    let mut only = self.showing(&p.edited, |_| true);
                    only.extend(self.showing(&p.versions, |r| r.translations || r.body));
                    only.extend(self.showing(&p.linked, |r| r.backlinks));
                    Some(only)
                }
                None => {
                    let moved = signatures.len() != self.signatures.len()
                        || docs.iter().any(|d| {
                            // a section, or a page whose place or title changed
                            !signatures.contains_key(d)
                                || self.signatures.get(d) != signatures.get(d)
                        });
                    let edited: Vec<usize> = docs
                        .iter()
                        .filter_map(|d| lib.pages_by_path.get(d).copied())
                        .collect();
                    (!moved).then(|| self.showing(&edited, |_| true))
                }
            },
        };
        let full = only.is_none();
        // After an edit to documents, only their languages' search files change.
        let search_languages = match change {
            ChangeKind::Documents(docs) if !full => Some(
                lib.pages
                    .iter()
                    .filter(|p| docs.contains(&p.file.relative_path))
                    .map(|p| p.lang.clone())
                    .collect(),
            ),
            _ => None,
        };
        let selection = Selection {
            only,
            assets: full || *change == ChangeKind::Assets,
            search: full || *change != ChangeKind::Assets,
            search_languages,
            record: true,
        };
        let sink = MemorySink::default();
        let outcome = loaded.render_selected(&sink, &selection)?;
        let lib = &loaded.site.lib;
        if full {
            self.deps.clear();
        }
        self.deps.extend(outcome.deps);
        self.signatures = signatures;
        self.ready = true;
        let update = Update {
            files: sink.into_files(),
            outputs: full.then(|| outcome.outputs.into_iter().collect()),
            pages: lib.pages.len(),
            full,
            patched: patched.map(|p| if p.titles { "title edit" } else { "body edit" }),
            warnings: std::mem::take(&mut loaded.warnings.items),
            output_dir: loaded.output_dir.clone(),
            preserve_dotfiles: loaded.site.config.preserve_dotfiles_in_output,
        };
        self.loaded = Some(loaded);
        Ok(update)
    }
}

impl Rebuilder {
    /// The output files that showed one of `pages` (sorted) with a template
    /// that reads what `reads` asks for.
    fn showing(&self, pages: &[usize], reads: impl Fn(&Reads) -> bool) -> HashSet<String> {
        if pages.is_empty() {
            return HashSet::new();
        }
        self.deps
            .iter()
            .filter(|(_, file)| reads(&file.template) && file.shows_any(pages))
            .map(|(out, _)| out.clone())
            .collect()
    }
}

/// The files of `docs` themselves: their pages and sections, and the
/// placeholders that show them in other languages.
fn own_outputs(lib: &crate::site::Library, docs: &[String]) -> HashSet<String> {
    let is_edited = |rel: &String| docs.contains(rel);
    let pages = lib.pages.iter().filter(|p| {
        is_edited(&p.file.relative_path)
            || p.placeholder
                .as_ref()
                .is_some_and(|ph| is_edited(&lib.pages[ph.source].file.relative_path))
    });
    let sections = lib.sections.iter().filter(|s| {
        is_edited(&s.file.relative_path)
            || s.placeholder_of
                .is_some_and(|src| is_edited(&lib.sections[src].file.relative_path))
    });
    pages
        .map(|p| &p.path)
        .chain(sections.map(|s| &s.path))
        .map(|path| crate::artifact::output_path_for(path))
        .collect()
}

/// What other files show of a page without building its view (titles in
/// translation lists and backlinks, order in listings, URLs, taxonomies):
/// when it changes, every file is rendered again.
fn signature(page: &Page) -> String {
    let m = &page.meta;
    format!(
        "{:?}",
        (
            (&m.title, &m.date, &m.updated, m.weight, m.draft, m.render),
            (&m.slug, &m.path, &m.aliases, &m.template, &m.taxonomies),
            (m.in_search_index, &page.permalink, &page.lang),
            (&page.internal_links, &page.translations),
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_classified_by_what_they_can_affect() {
        let root = Path::new("/site");
        let p = |s: &str| root.join(s);
        assert_eq!(
            classify(&[p("content/briefs/a.md"), p("content/b.fr.md")], root),
            ChangeKind::Documents(vec!["briefs/a.md".into(), "b.fr.md".into()])
        );
        assert_eq!(
            classify(
                &[p("static/site.css"), p("themes/hub/static/hub.css")],
                root
            ),
            ChangeKind::Assets
        );
        assert_eq!(
            classify(&[p("content/post/img.png")], root),
            ChangeKind::Assets
        );
        assert_eq!(
            classify(&[p("themes/hub/templates/page.html")], root),
            ChangeKind::Everything
        );
        assert_eq!(
            classify(&[p("content/a.md"), p("i18n/fr.toml")], root),
            ChangeKind::Everything
        );
        assert_eq!(classify(&[p("config.toml")], root), ChangeKind::Everything);
    }
}
