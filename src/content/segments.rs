//! A Markdown body cut into translatable segments, by its structure: each
//! paragraph, heading, list item, table cell, blockquote paragraph and
//! footnote, and the alt text of an image standing alone. A segment is the
//! Markdown of its inline content exactly as written (`**bold**`, links with
//! their targets); code blocks, raw HTML blocks, front matter and runs that
//! hold nothing but shortcode calls or URLs are not segments. Each segment
//! has a position in the structure (`p:3`, `li:4.2`, `td:5.2.1`…) that does
//! not depend on its text, and its byte range in the body, so a translation
//! can be written back in place.
//!
//! Pure text in, values out: reading files and the translation records
//! belong to `site::documents`.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// One translatable piece of a Markdown body.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Position in the structure: kind, then the path of sibling indices
    /// (`h:2`, `p:3`, `li:4.2`, `td:5.2.1`, `q:6.1`, `fn:7.1`, `alt:8.1`).
    pub id: String,
    /// The text translators see: the source of the inline content, its
    /// continuation lines without the container's prefix (`> `, indentation).
    pub text: String,
    /// Byte range of the segment in the body.
    pub range: Range<usize>,
    /// What goes before each continuation line when text is written back.
    pub continuation: String,
    /// Headings, table cells and alt texts hold one line.
    pub single_line: bool,
    /// 1-based line of the body where the segment starts.
    pub line: usize,
    /// The text of the heading the segment falls under, if any.
    pub heading: Option<String>,
}

/// The class of the element that keeps an untranslated segment in its
/// source language: `<span lang="en" class="agora-untranslated">…</span>`.
pub const UNTRANSLATED_CLASS: &str = "agora-untranslated";

/// `text` kept in `lang`, marked as not translated yet.
pub fn wrap_untranslated(text: &str, lang: &str) -> String {
    format!("<span lang=\"{lang}\" class=\"{UNTRANSLATED_CLASS}\">{text}</span>")
}

/// The source text of a segment written by [`wrap_untranslated`], if it is one.
pub fn unwrap_untranslated(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("<span lang=\"")?;
    let (_, rest) = rest.split_once('"')?;
    let rest = rest.strip_prefix(&format!(" class=\"{UNTRANSLATED_CLASS}\">"))?;
    rest.strip_suffix("</span>")
}

/// A short hash of a segment's source text: 8 hex digits of its SHA-256.
pub fn segment_hash(text: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(text.as_bytes());
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

/// `text` as it must be written at `segment`'s place: one line where the
/// place holds one, no blank line inside, the container's prefix before
/// each continuation line.
pub fn format_for_place(segment: &Segment, text: &str) -> String {
    let text = text.trim();
    if segment.single_line {
        return text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(&segment.continuation);
        }
        out.push_str(&escape_block_start(line.trim_start()));
    }
    out
}

/// Length of the Markdown block marker `line` starts with, if a paragraph
/// line starting so would become a heading, list item, quote, rule, setext
/// underline or code fence instead of text; the marker's last character is
/// the one to escape (`1\.`, `\#`).
fn block_marker(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let spaced = |at: usize| b.get(at).is_none_or(|c| *c == b' ' || *c == b'\t');
    match *b.first()? {
        b'#' => {
            let hashes = b.iter().take_while(|c| **c == b'#').count();
            (hashes <= 6 && spaced(hashes)).then_some(1)
        }
        b'-' | b'*' | b'+' if spaced(1) => Some(1),
        b'>' => Some(1),
        c @ (b'=' | b'-' | b'*' | b'_' | b'`' | b'~') => {
            let run = b.iter().filter(|x| **x != b' ').all(|x| *x == c);
            let fence =
                (c == b'`' || c == b'~') && line.starts_with(&format!("{0}{0}{0}", c as char));
            (run || fence).then_some(1)
        }
        b'0'..=b'9' => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            (digits <= 9 && matches!(b.get(digits), Some(b'.' | b')')) && spaced(digits + 1))
                .then_some(digits + 1)
        }
        _ => None,
    }
}

/// `line` with a backslash before the block marker it starts with, so that
/// a translated line reads as text in its paragraph (idempotent).
pub fn escape_block_start(line: &str) -> std::borrow::Cow<'_, str> {
    match block_marker(line) {
        Some(len) => format!("{}\\{}", &line[..len - 1], &line[len - 1..]).into(),
        None => line.into(),
    }
}

/// The text a translator wrote, without the escapes
/// [`escape_block_start`] put at the start of its lines.
pub fn unescape_block_starts(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            let (head, rest) = line.split_at(digits);
            match rest.strip_prefix('\\') {
                Some(unescaped) if block_marker(&format!("{head}{unescaped}")).is_some() => {
                    format!("{head}{unescaped}")
                }
                _ => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `body` with each range replaced by its text (ranges must not overlap).
pub fn replace_ranges(body: &str, replacements: &mut [(Range<usize>, String)]) -> String {
    replacements.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    for (range, text) in replacements.iter() {
        out.push_str(&body[at..range.start]);
        out.push_str(text);
        at = range.end;
    }
    out.push_str(&body[at..]);
    out
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Root,
    Paragraph,
    Heading,
    BlockQuote,
    List,
    Item,
    Table,
    TableHead,
    TableRow,
    Cell {
        head: bool,
    },
    Footnote,
    DefinitionList,
    DefinitionTitle,
    Definition,
    /// Code, raw HTML, metadata: nothing inside is translatable.
    Opaque,
}

/// An inline run being read.
#[derive(Default)]
struct Run {
    start: usize,
    end: usize,
    /// Depth inside inline elements (emphasis, links, images).
    depth: usize,
    /// Plain text, to tell words from shortcodes and URLs.
    plain: String,
    /// Alt-text ranges of the images at depth 0.
    images: Vec<Range<usize>>,
    /// Whether anything but images and white space is at depth 0.
    not_only_images: bool,
    /// The image being read: where its alt text starts and ends.
    image: Option<(usize, usize, usize)>,
    /// Depth of an autolink being read (its text is a URL).
    autolink: Option<usize>,
    heading: Option<String>,
}

struct Frame {
    kind: Kind,
    path: Vec<usize>,
    children: usize,
    run: Option<Run>,
}

fn path_string(path: &[usize]) -> String {
    path.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// Whether a run has words to translate, once shortcode calls, code and
/// URLs are left out.
fn has_words(plain: &str) -> bool {
    static NOISE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?s)\{\{.*?\}\}|\{%.*?%\}|[A-Za-z][A-Za-z0-9+.-]*://\S+|\bwww\.\S+")
            .expect("valid regex")
    });
    NOISE
        .replace_all(plain, " ")
        .chars()
        .any(char::is_alphabetic)
}

/// The segments of `body` (a document's Markdown after its front matter),
/// parsed with `options` (those of the site's Markdown).
pub fn segment_markdown(body: &str, options: Options) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut stack = vec![Frame {
        kind: Kind::Root,
        path: Vec::new(),
        children: 0,
        run: None,
    }];
    let mut heading: Option<String> = None;
    let mut heading_text = String::new();
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset);

    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let top = stack.len() - 1;
        if stack[top].kind == Kind::Opaque {
            match event {
                Event::Start(_) => stack.push(Frame {
                    kind: Kind::Opaque,
                    path: Vec::new(),
                    children: 0,
                    run: None,
                }),
                Event::End(_) => {
                    stack.pop();
                }
                _ => {}
            }
            continue;
        }
        let in_run_depth = stack[top].run.as_ref().map_or(0, |r| r.depth);
        match event {
            Event::Start(tag) if in_run_depth == 0 && is_block(&tag) => {
                close_run(&mut stack, &mut segments, body, &line_of);
                let kind = block_kind(&tag, &stack[top]);
                let parent = &mut stack[top];
                parent.children += 1;
                let mut path = parent.path.clone();
                path.push(parent.children);
                if matches!(kind, Kind::Heading) {
                    heading_text.clear();
                }
                stack.push(Frame {
                    kind,
                    path,
                    children: 0,
                    run: None,
                });
            }
            Event::End(end) if in_run_depth == 0 && is_block_end(&end) => {
                close_run(&mut stack, &mut segments, body, &line_of);
                if let Some(frame) = stack.pop()
                    && frame.kind == Kind::Heading
                {
                    let text = heading_text.trim().to_string();
                    heading = (!text.is_empty()).then_some(text);
                }
            }
            Event::TaskListMarker(_) => {}
            event => {
                let frame = &mut stack[top];
                if !matches!(
                    frame.kind,
                    Kind::Paragraph
                        | Kind::Heading
                        | Kind::Cell { .. }
                        | Kind::Item
                        | Kind::Footnote
                        | Kind::DefinitionTitle
                        | Kind::Definition
                ) {
                    continue;
                }
                if frame.kind == Kind::Heading
                    && let Event::Text(t) | Event::Code(t) = &event
                {
                    heading_text.push_str(t);
                }
                let run = frame.run.get_or_insert_with(|| Run {
                    start: range.start,
                    end: range.end,
                    heading: heading.clone(),
                    ..Default::default()
                });
                read_inline(run, &event, &range);
            }
        }
    }
    while stack.len() > 1 {
        close_run(&mut stack, &mut segments, body, &line_of);
        stack.pop();
    }
    segments
}

fn is_block(tag: &Tag) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

fn block_kind(tag: &Tag, parent: &Frame) -> Kind {
    match tag {
        Tag::Paragraph => Kind::Paragraph,
        Tag::Heading { .. } => Kind::Heading,
        Tag::BlockQuote(_) => Kind::BlockQuote,
        Tag::List(_) => Kind::List,
        Tag::Item => Kind::Item,
        Tag::Table(_) => Kind::Table,
        Tag::TableHead => Kind::TableHead,
        Tag::TableRow => Kind::TableRow,
        Tag::TableCell => Kind::Cell {
            head: parent.kind == Kind::TableHead,
        },
        Tag::FootnoteDefinition(_) => Kind::Footnote,
        Tag::DefinitionList => Kind::DefinitionList,
        Tag::DefinitionListTitle => Kind::DefinitionTitle,
        Tag::DefinitionListDefinition => Kind::Definition,
        _ => Kind::Opaque,
    }
}

/// Adds one inline event (with its source range) to the run.
fn read_inline(run: &mut Run, event: &Event, range: &Range<usize>) {
    if run.depth == 0 {
        run.start = run.start.min(range.start);
        run.end = run.end.max(range.end);
    }
    match event {
        Event::Start(tag) => {
            match tag {
                Tag::Image { .. } if run.depth == 0 => {
                    run.image = Some((usize::MAX, 0, run.depth + 1));
                }
                Tag::Link {
                    link_type: LinkType::Autolink | LinkType::Email,
                    ..
                } => run.autolink = Some(run.depth + 1),
                _ => {
                    if run.depth == 0 {
                        run.not_only_images = true;
                    }
                }
            }
            run.depth += 1;
        }
        Event::End(end) => {
            if *end == TagEnd::Image
                && let Some((start, stop, depth)) = run.image
                && depth == run.depth
            {
                if start < stop {
                    run.images.push(start..stop);
                }
                run.image = None;
            }
            if run.autolink == Some(run.depth) {
                run.autolink = None;
            }
            run.depth = run.depth.saturating_sub(1);
        }
        Event::Text(t) => {
            if let Some((start, stop, _)) = run.image.as_mut() {
                *start = (*start).min(range.start);
                *stop = (*stop).max(range.end);
            }
            if run.autolink.is_none() {
                run.plain.push_str(t);
            }
            if run.depth == 0 && !t.trim().is_empty() {
                run.not_only_images = true;
            }
        }
        Event::SoftBreak | Event::HardBreak => run.plain.push(' '),
        _ => {
            if run.depth == 0 {
                run.not_only_images = true;
            }
        }
    }
}

/// Ends the inline run of the innermost frame, if any, into segments.
fn close_run(
    stack: &mut [Frame],
    segments: &mut Vec<Segment>,
    body: &str,
    line_of: &dyn Fn(usize) -> usize,
) {
    let top = stack.len() - 1;
    let Some(run) = stack[top].run.take() else {
        return;
    };
    let counts_as_child = matches!(
        stack[top].kind,
        Kind::Item | Kind::Footnote | Kind::Definition
    );
    let first_child = stack[top].children == 0;
    if counts_as_child {
        stack[top].children += 1;
    }
    if !has_words(&run.plain) {
        return;
    }
    let frame = &stack[top];
    let parent_kind = stack.get(top.wrapping_sub(1)).map(|f| f.kind);
    let (kind, single_line) = match frame.kind {
        Kind::Heading => ("h", true),
        Kind::Cell { head: true } => ("th", true),
        Kind::Cell { head: false } => ("td", true),
        Kind::Item => ("li", false),
        Kind::Footnote => ("fn", false),
        Kind::DefinitionTitle => ("dt", true),
        Kind::Definition => ("dd", false),
        _ => match parent_kind {
            Some(Kind::Item) => ("li", false),
            Some(Kind::BlockQuote) => ("q", false),
            Some(Kind::Footnote) => ("fn", false),
            Some(Kind::Definition) => ("dd", false),
            _ => ("p", false),
        },
    };
    // A container holding several blocks names its own run by position.
    let mut path = frame.path.clone();
    if counts_as_child && !first_child {
        path.push(frame.children);
    }
    let make = |id: String, range: Range<usize>, single_line: bool| {
        let line_start = body[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let continuation: String = body[line_start..range.start]
            .chars()
            .map(|c| if c == '>' { '>' } else { ' ' })
            .collect();
        let continuation = if continuation.trim().is_empty() && line_start == range.start {
            String::new()
        } else {
            continuation
        };
        let text = display_text(&body[range.clone()]);
        Segment {
            id,
            text,
            line: line_of(range.start),
            range,
            continuation,
            single_line,
            heading: run.heading.clone(),
        }
    };
    if !run.not_only_images && !run.images.is_empty() {
        // An image standing alone: only its alt text is offered.
        for (i, alt) in run.images.iter().enumerate() {
            let id = format!("alt:{}.{}", path_string(&path), i + 1);
            segments.push(make(id, alt.clone(), true));
        }
        return;
    }
    let range = run.start..run.end;
    segments.push(make(
        format!("{kind}:{}", path_string(&path)),
        range,
        single_line,
    ));
}

/// The source of a segment as translators see it: continuation lines
/// without the prefix of their container (`> `, list indentation).
fn display_text(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for (i, line) in source.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(line.trim_start_matches([' ', '\t', '>']));
        } else {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn translated_lines_that_look_like_blocks_stay_text() {
        for line in [
            "# not a heading",
            "- not an item",
            "* not an item",
            "12. not a list",
            "3) not a list",
            "2026. It was",
            "> not a quote",
            "---",
            "===",
            "```rust",
            "~~~",
        ] {
            let escaped = super::escape_block_start(line);
            assert_ne!(escaped, line, "{line}");
            assert_eq!(super::escape_block_start(&escaped), escaped, "idempotent");
            assert_eq!(super::unescape_block_starts(&escaped), line);
            let html = render(&escaped);
            assert!(html.starts_with("<p>"), "{line} → {html}");
        }
        for line in ["#hashtag", "-5 °C", "*emphasis*", "1.5 million", "Plain"] {
            assert_eq!(super::escape_block_start(line), line);
            assert_eq!(super::unescape_block_starts(line), line);
        }
    }

    fn render(markdown: &str) -> String {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(markdown));
        html
    }

    use super::*;

    fn opts() -> Options {
        Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES
            | Options::ENABLE_SMART_PUNCTUATION
    }

    fn ids_and_texts(body: &str) -> Vec<(String, String)> {
        segment_markdown(body, opts())
            .into_iter()
            .map(|s| (s.id, s.text))
            .collect()
    }

    #[test]
    fn segments_follow_the_structure_and_keep_inline_markdown() {
        let body = "Intro with **bold** and a [link](@/x.md).\n\n## Part *one* {#one}\n\n- first item\n- second\n  continued\n  - nested\n\n> quoted\n> text\n\n```\ncode\n```\n\n<div>raw</div>\n\n| A | B |\n|---|---|\n| c | `d` |\n\n![An alt](img.png)\n\nNote[^1].\n\n[^1]: The note.\n\n{{ youtube(id=\"x\") }}\n\n<https://example.org>\n\n- [ ] task\n";
        let got = ids_and_texts(body);
        let want: Vec<(&str, &str)> = vec![
            ("p:1", "Intro with **bold** and a [link](@/x.md)."),
            ("h:2", "Part *one*"),
            ("li:3.1", "first item"),
            ("li:3.2", "second\ncontinued"),
            ("li:3.2.2.1", "nested"),
            ("q:4.1", "quoted\ntext"),
            ("th:7.1.1", "A"),
            ("th:7.1.2", "B"),
            ("td:7.2.1", "c"),
            ("alt:8.1", "An alt"),
            ("p:9", "Note[^1]."),
            ("fn:10.1", "The note."),
            ("li:13.1", "task"),
        ];
        let want: Vec<(String, String)> = want
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn writing_back_keeps_containers() {
        let body = "> one\n> two\n\n1. item\n   more\n";
        let segs = segment_markdown(body, opts());
        let mut repl: Vec<(Range<usize>, String)> = segs
            .iter()
            .map(|s| (s.range.clone(), format_for_place(s, "un\ndeux")))
            .collect();
        let out = replace_ranges(body, &mut repl);
        assert_eq!(out, "> un\n> deux\n\n1. un\n   deux\n");
        let again: Vec<String> = segment_markdown(&out, opts())
            .into_iter()
            .map(|s| s.text)
            .collect();
        assert_eq!(again, vec!["un\ndeux", "un\ndeux"]);
    }

    #[test]
    fn untranslated_wrapping_round_trips() {
        let w = wrap_untranslated("Some **text**", "en");
        assert_eq!(unwrap_untranslated(&w), Some("Some **text**"));
        assert_eq!(unwrap_untranslated("<span>x</span>"), None);
        let segs = segment_markdown(&format!("## {w}\n\n{w}\n"), opts());
        assert_eq!(segs.len(), 2);
        assert_eq!(unwrap_untranslated(&segs[1].text), Some("Some **text**"));
    }
}
