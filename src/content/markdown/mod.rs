//! Markdown to HTML with pulldown-cmark and Zola's options: heading ids and
//! anchors, table of contents, summary at `<!-- more -->`, `@/` links,
//! colocated assets, external-link attributes, footnotes, highlighting.

mod html;

use std::collections::HashMap;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use super::shortcode::{
    Expanded, ShortcodeRenderer, expand_shortcodes, fill_placeholders, has_placeholder,
    is_single_placeholder, split_placeholders,
};
use super::{Highlighter, escape_html, slugify_anchor};
use crate::config::{Config, InsertAnchor};
use crate::error::Diagnostic;
use html::{
    anchor, ends_task_label, escape_href, is_more_marker, nest_headings, opening_a_tag,
    plain_code_block, replace_emoji_shortcodes, summary_html, unique_id,
};

/// What Markdown rendering needs from later stages.
pub trait MarkdownHooks: Sync {
    /// The permalink of the content file `path` (relative to `content/`, no `@/`).
    fn resolve_internal_link(&self, path: &str) -> Option<String>;
    /// The HTML of `anchor-link.html` for a heading.
    fn render_anchor_link(&self, id: &str, level: u32, lang: &str) -> Result<String, String>;
    /// The HTML of `summary-cutoff.html` for a summary.
    fn render_summary_cutoff(&self, summary: &str, lang: &str) -> Result<String, String>;
    /// The site's shortcodes, when its templates have them (Tera 1 sites).
    fn shortcodes(&self) -> Option<&dyn ShortcodeRenderer> {
        None
    }
    /// Every content file's permalink, by its path inside `content/`, told
    /// before any Markdown renders (shortcodes' `get_url` and `markdown` use it).
    fn permalinks_known(&self, _permalinks: &HashMap<String, String>) {}
    /// Zola 0.23 renders a document's Markdown as a template before turning
    /// it into HTML (Tera 2 components `{{ <name arg="x" /> }}`, `{{ … }}`,
    /// `{% raw %}`). `None` when the site's engine does not (Tera 1 sites).
    fn render_content_template(
        &self,
        _document: &ContentDocument,
    ) -> Option<Result<String, String>> {
        None
    }
    /// Whether [`Self::render_content_template`] templates anything, so
    /// documents are not prepared for it in vain.
    fn templates_content(&self) -> bool {
        false
    }
}

/// A document's Markdown body handed to [`MarkdownHooks::render_content_template`].
pub struct ContentDocument<'a> {
    pub body: &'a str,
    pub lang: &'a str,
    /// `"page"` or `"section"`: the name of the view in the context.
    pub kind: &'static str,
    /// The document's front-matter view (title, extra, taxonomies, …).
    pub view: serde_json::Value,
    /// The file, and the line of the file where the body starts (1-based).
    pub file: &'a Path,
    pub first_line: usize,
}

/// Whether a body has anything a template engine would change (`{{` or `{%`).
pub fn needs_templating(body: &str) -> bool {
    body.contains("{{") || body.contains("{%")
}

/// Everything rendering one document needs.
pub struct MarkdownContext<'a> {
    pub config: &'a Config,
    pub lang: &'a str,
    /// Permalink of the document, used for colocated assets and TOC links.
    pub permalink: &'a str,
    pub insert_anchor: InsertAnchor,
    pub hooks: &'a dyn MarkdownHooks,
    pub highlighter: Option<&'a Highlighter>,
    /// The file being rendered, its full text and where the body starts in it.
    pub path: &'a Path,
    pub file_text: &'a str,
    pub body_offset: usize,
    /// What every shortcode call sees besides its arguments (`page` or
    /// `section`, `config`, `lang`); `None` where shortcodes are not expanded.
    pub shortcode_context: Option<&'a dyn Fn() -> serde_json::Map<String, serde_json::Value>>,
}

/// A heading of the table of contents. Fields in alphabetical order: a
/// template that prints a heading (`{{ page.toc }}`) shows its keys in this
/// order, as Zola 0.23's Tera 2 sorts them when printing.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Heading {
    pub children: Vec<Heading>,
    pub id: String,
    pub level: u32,
    pub permalink: String,
    pub title: String,
}

#[derive(Debug, Clone, Default)]
pub struct RenderedMarkdown {
    pub html: String,
    pub summary: Option<String>,
    pub toc: Vec<Heading>,
    /// `@/` targets (path, anchor) this document links to.
    pub internal_links: Vec<(String, Option<String>)>,
    pub external_links: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

const SUMMARY_MARK: &str = "<!--agora:summary-->";
/// What the summary marker becomes in the page, as in Zola.
const CONTINUE_READING: &str = "<span id=\"continue-reading\"></span>";

/// The pulldown-cmark options of the site's Markdown (Zola's `[markdown]`).
pub fn options(config: &Config) -> Options {
    let md = &config.markdown;
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if md.smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    if md.definition_list {
        o |= Options::ENABLE_DEFINITION_LIST;
    }
    if md.github_alerts {
        o |= Options::ENABLE_GFM;
    }
    o
}

fn level_number(level: HeadingLevel) -> u32 {
    level as u32
}

/// As Zola: only `http:` and `https:` links are external (get the external
/// link attributes and are checked by `agora check --external`); a
/// protocol-relative `//host/…` link is written as it is and not checked.
pub fn is_external_link(link: &str) -> bool {
    link.starts_with("http:") || link.starts_with("https:")
}

/// Zola's rule: a link or image that is not absolute, not `..`, not an
/// anchor and has no scheme (`mailto:`, `https:`) is relative to the page
/// (`?q=1`, `img/a.png`; for an image also `@/img/a.png`, which Zola does
/// not resolve there).
fn is_colocated_asset_link(link: &str) -> bool {
    let scheme = link.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    !link.starts_with('/') && !link.starts_with('#') && !link.starts_with("..") && !scheme
}

/// Counts words as Zola does: Unicode words of the Markdown source, leaving
/// out everything between a "```" and the next (so fenced code, with its
/// info string, is not counted).
pub fn word_count(markdown: &str) -> usize {
    outside_fences(markdown)
        .map(|part| part.unicode_words().count())
        .sum()
}

/// Word count and reading time in minutes as Zola 0.23 computes them: a
/// reading speed per language (English 238 words a minute, Korean 202,
/// others 200; Chinese 439 and Japanese 653 letters a minute, counting
/// letters instead of words), outside fenced code. Zola ≤ 0.22 counts words
/// and reads 200 a minute in every language.
pub fn reading_analytics(markdown: &str, lang: &str) -> (usize, usize) {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    let letters = || {
        outside_fences(markdown)
            .map(|part| part.chars().filter(|c| c.is_alphabetic()).count())
            .sum::<usize>()
    };
    let (count, per_minute) = match primary {
        "zh" => (letters(), 439),
        "ja" => (letters(), 653),
        "en" => (word_count(markdown), 238),
        "ko" => (word_count(markdown), 202),
        _ => (word_count(markdown), 200),
    };
    (count, count.div_ceil(per_minute))
}

/// The parts of `markdown` outside fenced code, as Zola cuts them: what lies
/// between a "```" and the next is left out (the info string with it).
fn outside_fences(markdown: &str) -> impl Iterator<Item = &str> {
    markdown.split("```").step_by(2)
}

pub fn render_markdown(body: &str, ctx: &MarkdownContext<'_>) -> RenderedMarkdown {
    let mut out = RenderedMarkdown::default();
    let md = &ctx.config.markdown;
    // Shortcodes first: `.md` ones become Markdown, `.html` ones placeholders.
    let mut expanded: Option<Expanded> = None;
    if (body.contains("{{") || body.contains("{%"))
        && let (Some(renderer), Some(context)) = (ctx.hooks.shortcodes(), ctx.shortcode_context)
    {
        match expand_shortcodes(body, renderer, context) {
            Ok(mut e) => {
                for w in std::mem::take(&mut e.warnings) {
                    out.diagnostics.push(
                        Diagnostic::warning(format!(
                            "{}; the call is shown as text, as Zola does",
                            w.message
                        ))
                        .in_file(ctx.path)
                            .at(
                                ctx.file_text,
                                ctx.body_offset + w.span.start..ctx.body_offset + w.span.end,
                            )
                            .with_help("values are literals: strings in \"…\", '…' or `…` (no escapes), true/false, numbers or arrays of those"),
                    );
                }
                expanded = Some(e);
            }
            Err(e) => {
                let d = Diagnostic::error(e.message).in_file(ctx.path).at(
                    ctx.file_text,
                    ctx.body_offset + e.span.start..ctx.body_offset + e.span.end,
                );
                out.diagnostics.push(if e.in_template {
                    d
                } else {
                    d.with_help("shortcodes are templates in `templates/shortcodes/`, called as `{{ name(key=value) }}` or `{% name(key=value) %}body{% end %}` with literal values")
                });
                return out;
            }
        }
    }
    let body = expanded.as_ref().map_or(body, |e| e.text.as_str());
    let sc_html: &[String] = expanded.as_ref().map_or(&[], |e| e.html.as_slice());
    let original = |pos: usize| expanded.as_ref().map_or(pos, |e| e.original_offset(pos));
    let raw: Vec<(Event<'_>, std::ops::Range<usize>)> = Parser::new_ext(body, options(ctx.config))
        .into_offset_iter()
        .collect();

    // Pass 1: heading ids, de-duplicated in document order.
    let mut used_ids: HashMap<String, usize> = HashMap::new();
    let mut heading_ids = Vec::new();
    {
        let mut i = 0;
        while i < raw.len() {
            if let Event::Start(Tag::Heading { id, .. }) = &raw[i].0 {
                let explicit = id.as_ref().map(|s| s.to_string());
                let mut text = String::new();
                let mut j = i + 1;
                while j < raw.len() && !matches!(raw[j].0, Event::End(TagEnd::Heading(_))) {
                    if let Event::Text(t) | Event::Code(t) = &raw[j].0 {
                        for (call, part) in split_placeholders(t) {
                            if call.is_none() {
                                text.push_str(part);
                            }
                        }
                    }
                    j += 1;
                }
                let id = match explicit {
                    Some(id) => id,
                    None => {
                        let base = slugify_anchor(text.trim(), ctx.config.slugify.anchors);
                        let base = if base.is_empty() {
                            "heading".to_string()
                        } else {
                            base
                        };
                        unique_id(&mut used_ids, base)
                    }
                };
                heading_ids.push((id, text.trim().to_string()));
                i = j;
            }
            i += 1;
        }
    }

    let mut events: Vec<Event<'_>> = Vec::with_capacity(raw.len());
    let mut heading_index = 0;
    let mut heading_link_open: Option<String> = None;
    let mut flat_headings: Vec<(u32, String, String)> = Vec::new();
    let mut link_stack: Vec<bool> = Vec::new(); // true when we emitted a raw <a>
    let mut in_code: Option<String> = None;
    let mut code_text = String::new();
    let mut image_alt: Option<(String, String, String)> = None; // (src, title, alt)
    // bottom footnotes
    let bottom = md.bottom_footnotes;
    let mut footnote_numbers: HashMap<String, usize> = HashMap::new();
    let mut footnote_refs: HashMap<String, usize> = HashMap::new();
    let mut footnote_defs: Vec<(String, Vec<Event<'_>>)> = Vec::new();
    let mut current_def: Option<(String, Vec<Event<'_>>)> = None;

    let error_at = |range: &std::ops::Range<usize>, message: String| {
        let (start, end) = (original(range.start), original(range.end));
        Diagnostic::error(message).in_file(ctx.path).at(
            ctx.file_text,
            ctx.body_offset + start..ctx.body_offset + end.max(start),
        )
    };
    // Paragraphs holding only an `.html` shortcode lose their `<p>`.
    let mut skip_paragraph_end = false;
    // Only the first `<!-- more -->` marks the summary; later ones stay as written.
    let mut has_summary = false;
    // A task-list item's checkbox and its text are in one `<label>`, closed
    // where the item's first block ends.
    let mut task_label_open = false;

    for (index, (event, range)) in raw.iter().cloned().enumerate() {
        let mut produced: Vec<Event<'_>> = Vec::new();
        if task_label_open && ends_task_label(&event) {
            produced.push(Event::Html("</label>".into()));
            task_label_open = false;
        }
        match event {
            // Zola (pulldown-cmark) writes a bare `<input … type="checkbox"/>`,
            // a form field without a label (axe-core: "Form elements must
            // have labels"); on sites with an `[agora]` table the item's text
            // labels it. Plain Zola sites keep Zola's markup.
            Event::TaskListMarker(checked) if ctx.config.agora.enabled => {
                produced.push(Event::Html(
                    if checked {
                        "<label><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\n"
                    } else {
                        "<label><input disabled=\"\" type=\"checkbox\"/>\n"
                    }
                    .into(),
                ));
                task_label_open = true;
            }
            Event::Start(Tag::Paragraph)
                if !sc_html.is_empty()
                    && matches!(raw.get(index + 2), Some((Event::End(TagEnd::Paragraph), _)))
                    && matches!(raw.get(index + 1), Some((Event::Text(t), _)) if is_single_placeholder(t)) =>
            {
                skip_paragraph_end = true;
            }
            Event::End(TagEnd::Paragraph) if skip_paragraph_end => skip_paragraph_end = false,
            Event::Text(t) if in_code.is_some() && has_placeholder(&t) => {
                code_text.push_str(&fill_placeholders(&t, sc_html));
            }
            Event::Text(t) if image_alt.is_none() && has_placeholder(&t) => {
                for (call, part) in split_placeholders(&t) {
                    match call {
                        Some(n) => produced.push(Event::Html(
                            sc_html.get(n).cloned().unwrap_or_default().into(),
                        )),
                        None => produced.push(Event::Text(part.to_string().into())),
                    }
                }
            }
            Event::Code(t) if has_placeholder(&t) => {
                produced.push(Event::Code(fill_placeholders(&t, sc_html).into()));
            }
            Event::Html(t) if has_placeholder(&t) => {
                produced.push(Event::Html(fill_placeholders(&t, sc_html).into()));
            }
            Event::InlineHtml(t) if has_placeholder(&t) => {
                produced.push(Event::InlineHtml(fill_placeholders(&t, sc_html).into()));
            }
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let (id, title) = heading_ids[heading_index].clone();
                heading_index += 1;
                let n = level_number(level);
                flat_headings.push((n, id.clone(), title));
                let mut open = format!("<h{n} id=\"{}\"", escape_html(&id));
                if !classes.is_empty() {
                    let cls: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
                    open.push_str(&format!(" class=\"{}\"", escape_html(&cls.join(" "))));
                }
                for (k, v) in &attrs {
                    match v {
                        Some(v) => {
                            open.push_str(&format!(" {}=\"{}\"", escape_html(k), escape_html(v)))
                        }
                        None => open.push_str(&format!(" {}", escape_html(k))),
                    }
                }
                open.push('>');
                produced.push(Event::Html(open.into()));
                match ctx.insert_anchor {
                    InsertAnchor::Left => {
                        produced.push(Event::Html(anchor(ctx, &id, n, &mut out, &range).into()))
                    }
                    InsertAnchor::Heading => {
                        // The heading's text goes inside the anchor: only the opening
                        // `<a …>` of `anchor-link.html` is kept, as in Zola.
                        let link = anchor(ctx, &id, n, &mut out, &range);
                        heading_link_open = opening_a_tag(&link).map(str::to_string);
                        if let Some(tag) = &heading_link_open {
                            produced.push(Event::Html(tag.clone().into()));
                        }
                    }
                    _ => {}
                }
            }
            Event::End(TagEnd::Heading(level)) => {
                let n = level_number(level);
                let id = &heading_ids[heading_index - 1].0;
                match ctx.insert_anchor {
                    InsertAnchor::Right => {
                        produced.push(Event::Html(anchor(ctx, id, n, &mut out, &range).into()))
                    }
                    InsertAnchor::Heading if heading_link_open.take().is_some() => {
                        produced.push(Event::Html("</a>".into()))
                    }
                    _ => {}
                }
                produced.push(Event::Html(format!("</h{n}>\n").into()));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                in_code = Some(info);
                code_text.clear();
            }
            Event::Text(t) if in_code.is_some() => code_text.push_str(&t),
            Event::End(TagEnd::CodeBlock) => {
                let info = in_code.take().unwrap_or_default();
                // As Zola: a plain block ends with a line break, a
                // highlighted one does not (text after it in a tight list
                // item follows `</pre>` directly).
                let html = match ctx.highlighter {
                    Some(h) => match h.highlight(&code_text, &info) {
                        Ok(html) => html,
                        Err(e) => {
                            out.diagnostics.push(error_at(&range, e));
                            plain_code_block(&code_text, &info)
                        }
                    },
                    None => plain_code_block(&code_text, &info),
                };
                // As Zola: a highlighted block is followed by nothing, a plain one by a newline.
                produced.push(Event::Html(html.into()));
            }
            Event::Html(html) | Event::InlineHtml(html)
                if !has_summary && is_more_marker(&html) =>
            {
                // As Zola: the whole HTML block (or inline tag) holding the
                // marker becomes the summary mark.
                has_summary = true;
                produced.push(Event::Html(SUMMARY_MARK.into()));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let mut url = dest_url.to_string();
                let external = is_external_link(&url) && md.has_external_link_attributes();
                if url.is_empty() {
                    // Zola: "There is a link that is missing a URL".
                    out.diagnostics.push(
                        error_at(&range, "a link without a URL: `[text]()`".into()).with_help(
                            "write the address between the parentheses, or remove the link",
                        ),
                    );
                } else if let Some(target) = url.strip_prefix("@/") {
                    let (path, anchor) = match target.split_once('#') {
                        Some((p, a)) => (p.to_string(), Some(a.to_string())),
                        None => (target.to_string(), None),
                    };
                    match ctx.hooks.resolve_internal_link(&path) {
                        Some(permalink) => {
                            url = match &anchor {
                                Some(a) => format!("{permalink}#{a}"),
                                None => permalink,
                            };
                        }
                        None => {
                            let mut d = error_at(&range, format!("broken internal link: `@/{target}` does not exist"))
                                .with_help("`@/` links are relative to the `content/` folder and must name an existing .md file, e.g. `@/blog/post.md`");
                            // `[link_checker] internal_level = "warn"`: as Zola, the link stays as written.
                            d.warning = ctx.config.link_checker.internal_level
                                == crate::config::LinkLevel::Warn;
                            out.diagnostics.push(d);
                        }
                    }
                    out.internal_links.push((path, anchor));
                } else if is_external_link(&url) {
                    out.external_links.push(url.clone());
                } else if url.starts_with('#') && url != "#" && !ctx.permalink.is_empty() {
                    // In-page anchors become absolute, as Zola writes them.
                    url = format!("{}{}", ctx.permalink, url);
                } else if is_colocated_asset_link(&url) && link_type != LinkType::Email {
                    url = format!("{}{}", ctx.permalink, url);
                }
                if external {
                    // Attribute order as Zola writes it: class, rel, target, title, href.
                    let mut a = String::from("<a ");
                    if let Some(class) = &md.external_links_class {
                        a.push_str(&format!("class=\"{}\" ", escape_html(class)));
                    }
                    let mut rel = Vec::new();
                    if md.external_links_target_blank {
                        rel.push("noopener");
                    }
                    if md.external_links_no_follow {
                        rel.push("nofollow");
                    }
                    if md.external_links_no_referrer {
                        rel.push("noreferrer");
                    }
                    if md.external_links_external {
                        rel.push("external");
                    }
                    if !rel.is_empty() {
                        a.push_str(&format!("rel=\"{}\" ", rel.join(" ")));
                    }
                    if md.external_links_target_blank {
                        a.push_str("target=\"_blank\" ");
                    }
                    if !title.is_empty() {
                        // Zola writes the title as it is; escaping only what
                        // would break the attribute keeps its bytes (`'`).
                        let title = escape_html(&title).replace("&#39;", "'");
                        a.push_str(&format!("title=\"{title}\" "));
                    }
                    a.push_str(&format!("href=\"{}\">", escape_href(&url)));
                    produced.push(Event::Html(a.into()));
                } else {
                    produced.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: url.into(),
                        title,
                        id,
                    }));
                }
                link_stack.push(external);
            }
            Event::End(TagEnd::Link) => {
                if link_stack.pop().unwrap_or(false) {
                    produced.push(Event::Html("</a>".into()));
                } else {
                    produced.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let mut url = dest_url.to_string();
                if is_colocated_asset_link(&url) {
                    url = format!("{}{}", ctx.permalink, url);
                }
                if md.lazy_async_image {
                    image_alt = Some((url, title.to_string(), String::new()));
                } else {
                    produced.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url: url.into(),
                        title,
                        id,
                    }));
                }
            }
            Event::Text(t) | Event::Code(t) if image_alt.is_some() => {
                if let Some((_, _, alt)) = image_alt.as_mut() {
                    alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) if image_alt.is_some() => {
                let (src, title, alt) = image_alt.take().unwrap_or_default();
                // Zola's order: src, title, alt (its title is URL-escaped, a
                // bug not reproduced: here it is HTML-escaped).
                let mut img = format!("<img src=\"{}\"", escape_href(&src));
                if !title.is_empty() {
                    img.push_str(&format!(" title=\"{}\"", escape_html(&title)));
                }
                let mut escaped_alt = String::new();
                let _ = pulldown_cmark_escape::escape_html(&mut escaped_alt, &alt);
                img.push_str(&format!(
                    " alt=\"{escaped_alt}\" loading=\"lazy\" decoding=\"async\" />"
                ));
                produced.push(Event::Html(img.into()));
            }
            Event::FootnoteReference(label) if bottom => {
                let next = footnote_numbers.len() + 1;
                let number = *footnote_numbers.entry(label.to_string()).or_insert(next);
                let count = footnote_refs.entry(label.to_string()).or_insert(0);
                *count += 1;
                let slug = escape_html(&label);
                // Zola 0.23 puts the number in brackets, Zola 0.22 not.
                let number = if ctx.config.zola_023 {
                    format!("[{number}]")
                } else {
                    number.to_string()
                };
                produced.push(Event::Html(
                    format!(
                        "<sup class=\"footnote-reference\" id=\"fr-{slug}-{count}\"><a href=\"#fn-{slug}\">{number}</a></sup>"
                    )
                    .into(),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(label)) if bottom => {
                current_def = Some((label.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) if bottom => {
                if let Some(def) = current_def.take() {
                    footnote_defs.push(def);
                }
            }
            Event::Text(t) if md.render_emoji && t.contains(':') => {
                produced.push(Event::Text(replace_emoji_shortcodes(&t).into()));
            }
            other => produced.push(other),
        }
        match current_def.as_mut() {
            Some((_, def_events)) => def_events.extend(produced),
            None => events.extend(produced),
        }
    }

    // As Zola: only referenced notes, in the order of their first reference.
    footnote_defs.retain(|(label, _)| footnote_numbers.contains_key(label));
    if bottom && !footnote_defs.is_empty() {
        footnote_defs
            .sort_by_key(|(label, _)| footnote_numbers.get(label).copied().unwrap_or(usize::MAX));
        events.push(Event::Html(
            "<section class=\"footnotes\">\n<ol class=\"footnotes-list\">\n".into(),
        ));
        for (label, mut def) in footnote_defs {
            let slug = escape_html(&label);
            events.push(Event::Html(format!("<li id=\"fn-{slug}\">").into()));
            // As Zola: `↩`, then `↩2`, `↩3`… for the later references.
            let backrefs: String = (1..=footnote_refs.get(&label).copied().unwrap_or(0))
                .map(|i| match i {
                    1 => format!(" <a href=\"#fr-{slug}-1\">↩</a>"),
                    i => format!(" <a href=\"#fr-{slug}-{i}\">↩{i}</a>"),
                })
                .collect();
            // Inside the note's paragraph when the note ends with one, else
            // after its last element (a code block, a quote, a list), as Zola.
            if matches!(def.last(), Some(Event::End(TagEnd::Paragraph))) {
                def.pop();
                events.extend(def);
                events.push(Event::Html(format!("{backrefs}</p>\n</li>\n").into()));
            } else {
                events.extend(def);
                events.push(Event::Html(format!("{backrefs}</li>\n").into()));
            }
        }
        events.push(Event::Html("</ol>\n</section>\n".into()));
    }

    let mark = events
        .iter()
        .position(|e| matches!(e, Event::Html(h) if h.as_ref() == SUMMARY_MARK));
    if let Some(mark) = mark {
        out.summary = Some(summary_html(&events[..mark], ctx, &mut out.diagnostics));
        events[mark] = Event::Html(CONTINUE_READING.into());
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    out.html = html;
    out.toc = nest_headings(&flat_headings, ctx.permalink);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoHooks;
    impl MarkdownHooks for NoHooks {
        fn resolve_internal_link(&self, path: &str) -> Option<String> {
            (path == "a.md").then(|| "https://x.org/a/".to_string())
        }
        fn render_anchor_link(&self, id: &str, _: u32, _: &str) -> Result<String, String> {
            Ok(format!("<a class=\"zola-anchor\" href=\"#{id}\">🔗</a>"))
        }
        fn render_summary_cutoff(&self, _: &str, _: &str) -> Result<String, String> {
            Ok(String::new())
        }
    }

    fn render(body: &str, config: &Config) -> RenderedMarkdown {
        let ctx = MarkdownContext {
            config,
            lang: "en",
            permalink: "https://x.org/p/",
            insert_anchor: InsertAnchor::None,
            hooks: &NoHooks,
            highlighter: None,
            path: Path::new("p.md"),
            file_text: body,
            body_offset: 0,
            shortcode_context: None,
        };
        render_markdown(body, &ctx)
    }

    #[test]
    fn headings_get_unique_ids_and_toc() {
        let r = render("# Intro\n\n## Part\n\n## Part\n", &Config::default());
        assert!(r.html.contains("<h1 id=\"intro\">Intro</h1>"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"part-1\">Part</h2>"), "{}", r.html);
        assert_eq!(r.toc.len(), 1);
        assert_eq!(r.toc[0].children.len(), 2);
        assert_eq!(r.toc[0].children[1].permalink, "https://x.org/p/#part-1");
    }

    #[test]
    fn internal_links_resolve_or_report() {
        let r = render("[ok](@/a.md#x) and\n[bad](@/nope.md)\n", &Config::default());
        assert!(r.html.contains("href=\"https://x.org/a/#x\""), "{}", r.html);
        assert_eq!(r.diagnostics.len(), 1);
        let shown = r.diagnostics[0].render();
        assert!(shown.contains("p.md:2:1"), "{shown}");
        assert!(shown.contains("@/nope.md"), "{shown}");
    }

    #[test]
    fn summary_and_colocated_assets() {
        let r = render(
            "First.\n\n<!-- more -->\n\n![pic](img.png)\n",
            &Config::default(),
        );
        assert_eq!(r.summary.as_deref(), Some("<p>First.</p>"));
        assert!(r.html.contains("<span id=\"continue-reading\"></span>"));
        assert!(
            r.html.contains("src=\"https://x.org/p/img.png\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn emoji_and_alerts_when_enabled() {
        let mut config = Config::default();
        config.markdown.render_emoji = true;
        config.markdown.github_alerts = true;
        let r = render("Hi :smile: :nope:\n\n> [!NOTE]\n> Read this.\n", &config);
        assert!(r.html.contains("Hi 😄 :nope:"), "{}", r.html);
        assert!(r.html.contains("markdown-alert-note"), "{}", r.html);
        let plain = render("Hi :smile:", &Config::default());
        assert!(plain.html.contains(":smile:"));
    }

    #[test]
    fn reading_speed_depends_on_the_language() {
        let words = "word ".repeat(476);
        assert_eq!(reading_analytics(&words, "en"), (476, 2));
        assert_eq!(reading_analytics(&words, "en-GB"), (476, 2));
        assert_eq!(reading_analytics(&words, "fr"), (476, 3));
        assert_eq!(reading_analytics(&words, "ko"), (476, 3));
        let han = "漢字。".repeat(220);
        assert_eq!(reading_analytics(&han, "zh"), (440, 2));
        assert_eq!(reading_analytics(&han, "ja"), (440, 1));
        assert_eq!(reading_analytics("a b\n```\nc d\n```\ne", "en"), (3, 1));
    }

    #[test]
    fn word_count_skips_code() {
        assert_eq!(word_count("one two\n```\nnot counted\n```\nthree"), 3);
    }
}
