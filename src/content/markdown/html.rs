//! The HTML pieces Markdown rendering makes beside pulldown-cmark's: heading
//! anchors and unique ids, plain code blocks, footnote references, emoji
//! shortcodes, the summary before `<!-- more -->`, the nested table of
//! contents.

use super::*;

/// The summary marker in any of the spellings Zola accepts: `<!-- more -->`,
/// `<!--more-->`, `<!-- MORE -->`, any white space inside, anywhere in an
/// HTML block or inline HTML.
pub(super) fn is_more_marker(html: &str) -> bool {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r"(?is)<!--\s*more\s*-->").expect("valid regex"))
        .is_match(html)
}

/// Whether `event` ends the first block of a task-list item, where the
/// label of its checkbox closes (the item's end, its paragraph's, a nested
/// list or any other block).
pub(super) fn ends_task_label(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::End(TagEnd::Paragraph | TagEnd::Item)
            | Event::Rule
            | Event::Start(
                Tag::List(_)
                    | Tag::Paragraph
                    | Tag::CodeBlock(_)
                    | Tag::BlockQuote(_)
                    | Tag::Heading { .. }
                    | Tag::Table(_)
                    | Tag::HtmlBlock
                    | Tag::FootnoteDefinition(_)
                    | Tag::DefinitionList
            )
    )
}

pub(super) fn anchor(
    ctx: &MarkdownContext<'_>,
    id: &str,
    level: u32,
    out: &mut RenderedMarkdown,
    range: &std::ops::Range<usize>,
) -> String {
    match ctx.hooks.render_anchor_link(id, level, ctx.lang) {
        Ok(html) => html,
        Err(e) => {
            out.diagnostics.push(
                Diagnostic::error(format!("anchor-link.html: {e}"))
                    .in_file(ctx.path)
                    .at(
                        ctx.file_text,
                        ctx.body_offset + range.start..ctx.body_offset + range.end,
                    ),
            );
            String::new()
        }
    }
}

/// The opening tag of the first `<a …>…</a>` in `html`.
pub(super) fn opening_a_tag(html: &str) -> Option<&str> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re =
        RE.get_or_init(|| regex::Regex::new(r"(<\s*a[^>]*>).*?<\s*/\s*a>").expect("valid regex"));
    re.captures(html).and_then(|c| c.get(1)).map(|m| m.as_str())
}

/// `:smile:` → 😄 for every shortcode GitHub knows; others stay as written.
pub(super) fn replace_emoji_shortcodes(text: &str) -> String {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r":([a-z0-9_+-]+):").expect("valid regex"));
    re.replace_all(text, |c: &regex::Captures| {
        match emojis::get_by_shortcode(&c[1]) {
            Some(e) => e.as_str().to_string(),
            None => c[0].to_string(),
        }
    })
    .into_owned()
}

pub(super) fn unique_id(used: &mut HashMap<String, usize>, base: String) -> String {
    if !used.contains_key(&base) {
        used.insert(base.clone(), 0);
        return base;
    }
    let mut n = used[&base];
    loop {
        n += 1;
        let candidate = format!("{base}-{n}");
        if !used.contains_key(&candidate) {
            used.insert(base, n);
            used.insert(candidate.clone(), 0);
            return candidate;
        }
    }
}

pub(super) fn plain_code_block(code: &str, info: &str) -> String {
    let lang = giallo::parse_markdown_fence(info).lang;
    let data_lang = if lang.is_empty() || lang == giallo::PLAIN_GRAMMAR_NAME {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape_html(&lang))
    };
    let mut escaped = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut escaped, code);
    format!("<pre><code{data_lang}>{escaped}</code></pre>\n")
}

/// A link target escaped as pulldown-cmark (and so Zola) writes `href`s.
pub(super) fn escape_href(url: &str) -> String {
    let mut out = String::new();
    let _ = pulldown_cmark_escape::escape_href(&mut out, url);
    out
}

pub(super) fn strip_footnote_refs(html: &str) -> String {
    let re = footnote_ref_regex();
    re.replace_all(html, "").into_owned()
}

pub(super) fn footnote_ref_regex() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(r#"<sup class="footnote-reference"[^>]*>.*?</sup>"#).expect("valid regex")
    })
}

/// Puts `insert` just before the last closing tag of `html` (inside the last paragraph).
/// The summary as Zola makes it from the events before the marker: their
/// HTML without footnote references and trailing white space; when the
/// marker sits inside elements (`Intro <!--more--> rest` in one paragraph),
/// `summary-cutoff.html` (Zola's: `&hellip;`) follows, then those elements
/// are closed. A marker between blocks adds no cutoff.
pub(super) fn summary_html(
    before: &[Event<'_>],
    ctx: &MarkdownContext<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    let mut open: Vec<TagEnd> = Vec::new();
    for event in before {
        match event {
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            Event::Start(tag) => open.push(tag.to_end()),
            Event::End(tag) => {
                open.truncate(open.iter().rposition(|t| t == tag).unwrap_or(0));
            }
            _ => {}
        }
    }
    let mut summary = String::new();
    pulldown_cmark::html::push_html(&mut summary, before.iter().cloned());
    let mut summary = strip_footnote_refs(&summary);
    summary.truncate(summary.trim_end().len());
    if !open.is_empty() {
        match ctx.hooks.render_summary_cutoff(&summary, ctx.lang) {
            Ok(cutoff) => summary.push_str(&cutoff),
            Err(e) => diagnostics
                .push(Diagnostic::error(format!("summary-cutoff.html: {e}")).in_file(ctx.path)),
        }
    }
    pulldown_cmark::html::push_html(&mut summary, open.into_iter().rev().map(Event::End));
    summary
}

pub(super) fn nest_headings(flat: &[(u32, String, String)], permalink: &str) -> Vec<Heading> {
    fn build(items: &[(u32, String, String)], permalink: &str) -> Vec<Heading> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < items.len() {
            let (level, id, title) = &items[i];
            let mut j = i + 1;
            while j < items.len() && items[j].0 > *level {
                j += 1;
            }
            out.push(Heading {
                level: *level,
                id: id.clone(),
                permalink: format!("{permalink}#{id}"),
                title: title.clone(),
                children: build(&items[i + 1..j], permalink),
            });
            i = j;
        }
        out
    }
    build(flat, permalink)
}
