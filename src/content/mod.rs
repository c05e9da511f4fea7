//! Content: front matter (with line offsets), Markdown to HTML, `@/` links,
//! slugs and heading ids. Knows no template engine and walks no directory:
//! what it needs from later stages (link targets, anchor templates) comes
//! through the `MarkdownHooks` trait.

mod front_matter;
mod highlight;
mod markdown;
mod segments;
mod shortcode;

pub use front_matter::{
    FrontMatterFormat, PageFrontMatter, SectionFrontMatter, SortBy, SplitFile,
    parse_page_front_matter, parse_section_front_matter, split_front_matter,
};
pub use highlight::Highlighter;
pub use markdown::options as markdown_options;
pub use markdown::{
    ContentDocument, Heading, MarkdownContext, MarkdownHooks, RenderedMarkdown, needs_templating,
    reading_analytics, render_markdown, word_count,
};
pub use segments::{
    Segment, UNTRANSLATED_CLASS, escape_block_start, format_for_place, replace_ranges,
    segment_hash, segment_markdown, unescape_block_starts, unwrap_untranslated, wrap_untranslated,
};
pub use shortcode::{ShortcodeKind, ShortcodeRenderer};

pub use crate::config::{slugify, slugify_anchor};

/// Escapes text for HTML content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SlugStrategy;

    #[test]
    fn slug_strategies() {
        assert_eq!(slugify("Hello World!", SlugStrategy::On), "hello-world");
        assert_eq!(
            slugify("Права человека", SlugStrategy::On),
            "prava-cheloveka"
        );
        // As Zola 0.22.1's slugify_paths and slugify_anchors.
        assert_eq!(
            slugify("Права человека", SlugStrategy::Safe),
            "Права человека"
        );
        assert_eq!(slugify("dot. ", SlugStrategy::Safe), "dot");
        assert_eq!(slugify("a<b>:\"c|?*/", SlugStrategy::Safe), "abc");
        assert_eq!(slugify("test (hey)", SlugStrategy::Safe), "test (hey)");
        assert_eq!(slugify(" A b ", SlugStrategy::Off), " A b ");
        assert_eq!(
            slugify_anchor("test (hey)", SlugStrategy::Safe),
            "test_(hey)"
        );
        assert_eq!(slugify_anchor("dot. ", SlugStrategy::Off), "dot._");
    }
}
