//! The Markdown of every page and section turned into HTML (in parallel),
//! with `@/` links resolved against the library and, where the engine asks,
//! content templated first; and the cache `serve` keeps of it between builds.

use super::*;

/// Pages kept between builds by `serve`: a file unchanged since (same
/// modification time and size) is not parsed again, and a page whose file,
/// permalink and section settings are unchanged, in a site whose permalinks
/// are unchanged, is not rendered again. Whoever holds the cache
/// clears it when config or templates change (they shape the HTML too).
#[derive(Default)]
pub struct MarkdownCache {
    entries: std::sync::Mutex<HashMap<PathBuf, CachedMarkdown>>,
    /// Files as parsed (front matter, before linking), by path, with the
    /// stamp (modification time and size) of the file they were read from.
    pub(super) parsed: std::sync::Mutex<HashMap<PathBuf, (String, Parsed)>>,
}

/// A content file as parsed, before the library links it.
#[derive(Clone)]
pub(super) enum Parsed {
    Page(Box<Page>),
    Section(Box<Section>),
}

/// When and how big a file was last written: what tells the cache a file changed.
pub(super) fn file_stamp(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    Some(format!("{:?} {}", meta.modified().ok()?, meta.len()))
}

pub(super) struct CachedMarkdown {
    key: u64,
    content: PackedHtml,
    summary: Option<Arc<str>>,
    toc: Vec<Heading>,
    internal_links: Vec<(String, Option<String>)>,
    external_links: Vec<String>,
}

impl std::fmt::Debug for MarkdownCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MarkdownCache({} pages)", self.len())
    }
}

impl MarkdownCache {
    pub fn clear(&self) {
        self.lock().clear();
        self.parsed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// How many pages it holds.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, CachedMarkdown>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub(super) fn cache_key(parts: &[&str]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

pub(super) struct ResolveLinks<'a> {
    pub(super) permalinks: &'a HashMap<String, String>,
    pub(super) inner: &'a dyn MarkdownHooks,
}

impl MarkdownHooks for ResolveLinks<'_> {
    fn resolve_internal_link(&self, path: &str) -> Option<String> {
        self.permalinks.get(path).cloned()
    }
    fn render_anchor_link(&self, id: &str, level: u32, lang: &str) -> Result<String, String> {
        self.inner.render_anchor_link(id, level, lang)
    }
    fn render_summary_cutoff(&self, summary: &str, lang: &str) -> Result<String, String> {
        self.inner.render_summary_cutoff(summary, lang)
    }
    fn shortcodes(&self) -> Option<&dyn content::ShortcodeRenderer> {
        self.inner.shortcodes()
    }
    fn permalinks_known(&self, permalinks: &HashMap<String, String>) {
        self.inner.permalinks_known(permalinks)
    }
    fn render_content_template(
        &self,
        document: &content::ContentDocument,
    ) -> Option<Result<String, String>> {
        self.inner.render_content_template(document)
    }
    fn templates_content(&self) -> bool {
        self.inner.templates_content()
    }
}

/// The body of a document after content templating (Zola 0.23), or `None`
/// when it is used as written: no `{{`/`{%`, a path listed in
/// `skip_content_templating`, or an engine that does not template content.
pub(super) fn templated_body(
    hooks: &dyn MarkdownHooks,
    skip: &globset::GlobSet,
    relative_path: &str,
    document: &content::ContentDocument,
) -> Option<Result<String, Diagnostic>> {
    if !content::needs_templating(document.body) || skip.is_match(relative_path) {
        return None;
    }
    hooks
        .render_content_template(document)
        .map(|r| r.map_err(|e| Diagnostic::error(e).in_file(document.file)))
}

/// The 1-based line of `text` at byte `offset`.
pub(super) fn line_at(text: &str, offset: usize) -> usize {
    text.get(..offset).unwrap_or(text).matches('\n').count() + 1
}

/// A document as templated content sees it (Zola 0.23 serialises it before
/// its Markdown is rendered and before the library is complete): what a
/// shortcode sees of it, with `empty` fields (content, neighbours…) empty.
pub(super) fn templated_view(
    mut context: serde_json::Map<String, serde_json::Value>,
    kind: &str,
    empty: &[(&str, serde_json::Value)],
) -> serde_json::Value {
    let mut view = context.remove(kind).unwrap_or_default();
    if let Some(map) = view.as_object_mut() {
        for (key, value) in empty {
            map.insert(key.to_string(), value.clone());
        }
    }
    view
}

pub(super) fn render_all_markdown(
    lib: &mut Library,
    config: &Config,
    hooks: &dyn MarkdownHooks,
    highlighter: Option<&Highlighter>,
    cache: Option<&MarkdownCache>,
    diagnostics: &mut Diagnostics,
) {
    let permalinks = permalinks(lib);
    let mut link_table = String::new();
    for p in lib.pages.iter().filter(|_| cache.is_some()) {
        link_table.push_str(&p.file.relative_path);
        link_table.push(' ');
        link_table.push_str(&p.permalink);
        link_table.push('\n');
    }
    // Sections are in the link table too, but they change little and are few.
    let link_table = cache_key(&[&link_table]).to_string();
    let resolver = ResolveLinks {
        permalinks: &permalinks,
        inner: hooks,
    };
    resolver.permalinks_known(&permalinks);
    let skip = templating_skipped(config);
    let section_anchor: Vec<InsertAnchor> = lib
        .sections
        .iter()
        .map(|s| {
            s.meta
                .insert_anchor_links
                .unwrap_or(config.markdown.insert_anchor_links)
        })
        .collect();

    // A few pages at a time: placeholders (last) cost nothing, and an idle
    // core must find real pages to take, not wait for the other's half.
    let page_results: Vec<_> = lib
        .pages
        .par_iter()
        .with_max_len(16)
        .map(|page| {
            if page.placeholder.is_some() {
                return (PackedHtml::default(), content::RenderedMarkdown::default());
            }
            let insert_anchor = page
                .parent_section
                .map(|s| section_anchor[s])
                .unwrap_or(config.markdown.insert_anchor_links);
            let stamp = cache.and_then(|_| file_stamp(&page.file.path));
            let key = stamp.map(|stamp| {
                cache_key(&[
                    &stamp,
                    &page.permalink,
                    &page.lang,
                    &format!("{insert_anchor:?}"),
                    &link_table,
                ])
            });
            if let (Some(cache), Some(key)) = (cache, key)
                && let Some(hit) = cache.lock().get(&page.file.path).filter(|c| c.key == key)
            {
                let r = content::RenderedMarkdown {
                    summary: hit.summary.as_deref().map(str::to_string),
                    toc: hit.toc.clone(),
                    internal_links: hit.internal_links.clone(),
                    external_links: hit.external_links.clone(),
                    ..Default::default()
                };
                return (hit.content.clone(), r);
            }
            let mut r =
                render_page_markdown(page, config, &resolver, highlighter, insert_anchor, &skip);
            // Packed here, so that the whole site's HTML is never held at once.
            let packed = PackedHtml::pack(&std::mem::take(&mut r.html));
            if let (Some(cache), Some(key)) = (cache, key)
                && r.diagnostics.is_empty()
            {
                cache.lock().insert(
                    page.file.path.clone(),
                    CachedMarkdown {
                        key,
                        content: packed.clone(),
                        summary: r.summary.as_deref().map(Arc::from),
                        toc: r.toc.clone(),
                        internal_links: r.internal_links.clone(),
                        external_links: r.external_links.clone(),
                    },
                );
            }
            (packed, r)
        })
        .collect();
    for (page, (packed, r)) in lib.pages.iter_mut().zip(page_results) {
        if page.placeholder.is_some() {
            continue;
        }
        page.content = packed;
        page.summary = r.summary.map(Arc::from);
        page.toc = r.toc;
        page.internal_links = r.internal_links;
        page.external_links = r.external_links;
        r.diagnostics.into_iter().for_each(|d| diagnostics.push(d));
    }
    for i in 0..lib.pages.len() {
        if let Some(ph) = lib.pages[i].placeholder.clone() {
            let source = &lib.pages[ph.source];
            let (content, summary, toc) = (
                source.content.clone(),
                source.summary.clone(),
                source.toc.clone(),
            );
            let page = &mut lib.pages[i];
            page.content = content;
            page.summary = summary;
            page.toc = toc;
        }
    }
    let section_results: Vec<_> = lib
        .sections
        .par_iter()
        .enumerate()
        .map(|(i, s)| {
            if s.generated && s.placeholder_of.is_none() {
                return content::RenderedMarkdown::default();
            }
            let text = fs::read_to_string(&s.file.path).unwrap_or_default();
            let shortcode_context = || shortcode_context::section_context(s, config);
            let ctx = MarkdownContext {
                config,
                lang: &s.lang,
                permalink: &s.permalink,
                insert_anchor: section_anchor[i],
                hooks: &resolver,
                highlighter,
                path: &s.file.path,
                file_text: &text,
                body_offset: s.body_offset,
                shortcode_context: Some(&shortcode_context),
            };
            // Generated sections (placeholders) have no file of their own.
            let templated = if s.generated
                || !resolver.templates_content()
                || !content::needs_templating(&s.raw_content)
            {
                None
            } else {
                let document = content::ContentDocument {
                    body: &s.raw_content,
                    lang: &s.lang,
                    kind: "section",
                    view: templated_view(
                        shortcode_context(),
                        "section",
                        &[
                            ("content", serde_json::json!("")),
                            ("toc", serde_json::json!([])),
                            ("pages", serde_json::json!([])),
                            ("subsections", serde_json::json!([])),
                            ("translations", serde_json::json!([])),
                            ("backlinks", serde_json::json!([])),
                        ],
                    ),
                    file: &s.file.path,
                    first_line: line_at(&text, s.body_offset),
                };
                templated_body(&resolver, &skip, &s.file.relative_path, &document)
            };
            match templated {
                None => content::render_markdown(&s.raw_content, &ctx),
                Some(Ok(body)) => content::render_markdown(&body, &ctx),
                Some(Err(d)) => content::RenderedMarkdown {
                    diagnostics: vec![d],
                    ..Default::default()
                },
            }
        })
        .collect();
    for (s, r) in lib.sections.iter_mut().zip(section_results) {
        s.content = r.html;
        s.toc = r.toc;
        s.internal_links = r.internal_links;
        s.external_links = r.external_links;
        r.diagnostics.into_iter().for_each(|d| diagnostics.push(d));
    }
}

/// Every page's and written section's permalink by relative path: what `@/`
/// links resolve against.
pub(super) fn permalinks(lib: &Library) -> HashMap<String, String> {
    let mut permalinks: HashMap<String, String> = HashMap::new();
    for p in &lib.pages {
        permalinks.insert(p.file.relative_path.clone(), p.permalink.clone());
    }
    for s in lib.sections.iter().filter(|s| !s.generated) {
        permalinks.insert(s.file.relative_path.clone(), s.permalink.clone());
    }
    permalinks
}

/// The documents `skip_content_templating` leaves as written.
pub(super) fn templating_skipped(config: &Config) -> globset::GlobSet {
    let mut b = globset::GlobSetBuilder::new();
    for pattern in &config.skip_content_templating {
        if let Ok(g) = globset::Glob::new(pattern) {
            b.add(g);
        }
    }
    b.build().unwrap_or_else(|_| globset::GlobSet::empty())
}

/// The Markdown of one page (not a placeholder), read from its file,
/// templated first where the engine does that.
pub(super) fn render_page_markdown(
    page: &Page,
    config: &Config,
    resolver: &ResolveLinks,
    highlighter: Option<&Highlighter>,
    insert_anchor: InsertAnchor,
    skip: &globset::GlobSet,
) -> content::RenderedMarkdown {
    let text = fs::read_to_string(&page.file.path).unwrap_or_default();
    let shortcode_context = || shortcode_context::page_context(page, config);
    let ctx = MarkdownContext {
        config,
        lang: &page.lang,
        permalink: &page.permalink,
        insert_anchor,
        hooks: resolver,
        highlighter,
        path: &page.file.path,
        file_text: &text,
        body_offset: page.body_offset,
        shortcode_context: Some(&shortcode_context),
    };
    let body = text.get(page.body_offset..).unwrap_or("");
    let templated = (resolver.templates_content() && content::needs_templating(body))
        .then(|| content::ContentDocument {
            body,
            lang: &page.lang,
            kind: "page",
            view: templated_view(
                shortcode_context(),
                "page",
                &[
                    ("content", serde_json::json!("")),
                    ("summary", serde_json::Value::Null),
                    ("toc", serde_json::json!([])),
                    ("translations", serde_json::json!([])),
                    ("backlinks", serde_json::json!([])),
                    ("lower", serde_json::Value::Null),
                    ("higher", serde_json::Value::Null),
                ],
            ),
            file: &page.file.path,
            first_line: line_at(&text, page.body_offset),
        })
        .and_then(|document| templated_body(resolver, skip, &page.file.relative_path, &document));
    match templated {
        None => content::render_markdown(text.get(page.body_offset..).unwrap_or(""), &ctx),
        Some(Ok(body)) => content::render_markdown(&body, &ctx),
        Some(Err(d)) => content::RenderedMarkdown {
            diagnostics: vec![d],
            ..Default::default()
        },
    }
}
