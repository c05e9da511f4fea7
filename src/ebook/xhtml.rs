//! Rendered HTML (a document's Markdown, its shortcodes' output) turned
//! into the XHTML an EPUB's content documents must be: parsed with
//! html5ever (through scraper) and written out well-formed, keeping the
//! elements and attributes EPUB reading systems know, marking footnotes
//! for e-readers' pop-ups, and handing every link and image to the caller
//! to point at the book's own files. Knows nothing of the site.

use scraper::{ElementRef, Html, Node};

use crate::content::escape_html as escape;

/// Where the caller sends links and images.
pub trait Resolver {
    /// The `href` to write for `href` (`None`: drop the link, keep its text).
    fn link(&mut self, href: &str) -> Option<String>;
    /// The book's file for the image at `src` (`None`: the image is left
    /// out and its `alt` text shown instead).
    fn image(&mut self, src: &str) -> Option<String>;
}

/// Elements written as they are.
const KEPT: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements left out with everything inside them.
const DROPPED: &[&str] = &[
    "script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math",
    "canvas", "audio", "video", "source", "track", "link", "meta", "button", "select", "textarea",
    "form",
];

const VOID: &[&str] = &["br", "col", "hr", "img", "input", "wbr"];

/// Attributes kept (besides `aria-*`).
const ATTRIBUTES: &[&str] = &[
    "id", "class", "lang", "dir", "title", "href", "src", "alt", "width", "height", "colspan",
    "rowspan", "scope", "headers", "start", "reversed", "type", "checked", "disabled", "datetime",
    "cite", "abbr", "role", "value", "open", "span", "hreflang",
];

/// `html` (a fragment) as well-formed XHTML.
pub fn to_xhtml(html: &str, resolver: &mut dyn Resolver) -> String {
    let fragment = Html::parse_fragment(html);
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    write_children(fragment.root_element(), resolver, &mut out);
    out
}

fn write_children(parent: ElementRef<'_>, resolver: &mut dyn Resolver, out: &mut String) {
    for child in parent.children() {
        match child.value() {
            Node::Text(text) => out.push_str(&escape(text)),
            Node::Element(_) => {
                if let Some(element) = ElementRef::wrap(child) {
                    write_element(element, resolver, out);
                }
            }
            _ => {}
        }
    }
}

fn write_element(element: ElementRef<'_>, resolver: &mut dyn Resolver, out: &mut String) {
    let e = element.value();
    let name = e.name();
    if DROPPED.contains(&name) {
        return;
    }
    if !KEPT.contains(&name) {
        // `main`, `picture`, custom elements…: their content stays.
        write_children(element, resolver, out);
        return;
    }
    let mut attrs: Vec<(String, String)> = Vec::new();
    for (attr, value) in e.attrs() {
        if ATTRIBUTES.contains(&attr) || attr.starts_with("aria-") {
            attrs.push((attr.to_string(), value.to_string()));
        }
    }
    match name {
        "img" => {
            let src = e.attr("src").unwrap_or_default();
            match resolver.image(src) {
                Some(file) => set(&mut attrs, "src", file),
                None => {
                    let alt = e.attr("alt").unwrap_or_default();
                    if !alt.is_empty() {
                        out.push_str(&format!(
                            "<span class=\"image-alt\">[{}]</span>",
                            escape(alt)
                        ));
                    }
                    return;
                }
            }
            if e.attr("alt").is_none() {
                set(&mut attrs, "alt", String::new());
            }
        }
        "a" => {
            if let Some(href) = e.attr("href") {
                match resolver.link(href) {
                    Some(target) => set(&mut attrs, "href", target),
                    None => {
                        attrs.retain(|(n, _)| n != "href");
                    }
                }
            }
            if in_footnote_reference(element) {
                attrs.push(("epub:type".into(), "noteref".into()));
            }
        }
        "input" => {
            // Only checkboxes (task lists) make sense in a book.
            if e.attr("type") != Some("checkbox") {
                return;
            }
            set(&mut attrs, "disabled", "disabled".into());
        }
        "div" if has_class(element, "footnote-definition") => {
            attrs.push(("epub:type".into(), "footnote".into()));
        }
        "section" if has_class(element, "footnotes") => {
            attrs.push(("epub:type".into(), "endnotes".into()));
        }
        "li" if element
            .parent()
            .and_then(ElementRef::wrap)
            .is_some_and(|p| has_class(p, "footnotes-list")) =>
        {
            attrs.push(("epub:type".into(), "endnote".into()));
        }
        _ => {}
    }
    // A language on an element counts for XML too.
    if let Some(lang) = attrs
        .iter()
        .find(|(n, _)| n == "lang")
        .map(|(_, v)| v.clone())
    {
        attrs.push(("xml:lang".into(), lang));
    }
    out.push('<');
    out.push_str(name);
    for (attr, value) in &attrs {
        let value = if value.is_empty()
            && matches!(attr.as_str(), "checked" | "disabled" | "reversed" | "open")
        {
            attr.as_str()
        } else {
            value.as_str()
        };
        out.push_str(&format!(" {attr}=\"{}\"", escape(value)));
    }
    if VOID.contains(&name) {
        out.push_str("/>");
        return;
    }
    out.push('>');
    write_children(element, resolver, out);
    out.push_str(&format!("</{name}>"));
}

fn set(attrs: &mut Vec<(String, String)>, name: &str, value: String) {
    match attrs.iter_mut().find(|(n, _)| n == name) {
        Some(a) => a.1 = value,
        None => attrs.push((name.to_string(), value)),
    }
}

fn has_class(element: ElementRef<'_>, class: &str) -> bool {
    element.value().classes().any(|c| c == class)
}

fn in_footnote_reference(element: ElementRef<'_>) -> bool {
    element
        .parent()
        .and_then(ElementRef::wrap)
        .is_some_and(|p| p.value().name() == "sup" && has_class(p, "footnote-reference"))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Keep;
    impl Resolver for Keep {
        fn link(&mut self, href: &str) -> Option<String> {
            Some(href.to_string())
        }
        fn image(&mut self, src: &str) -> Option<String> {
            (!src.starts_with("http")).then(|| format!("images/{src}"))
        }
    }

    #[test]
    fn html_becomes_well_formed_xhtml() {
        let out = to_xhtml(
            "<p>a<br>b &amp; <img src=x.png alt=\"An x\" loading=lazy><img src=\"http://e/y.png\" alt=Y></p><script>x()</script><hr><my-box>kept</my-box>",
            &mut Keep,
        );
        assert_eq!(
            out,
            "<p>a<br/>b &amp; <img alt=\"An x\" src=\"images/x.png\"/><span class=\"image-alt\">[Y]</span></p><hr/>kept"
        );
    }

    #[test]
    fn footnotes_are_marked_for_readers() {
        let out = to_xhtml(
            "<p>x<sup class=\"footnote-reference\" id=\"fr-a-1\"><a href=\"#fn-a\">1</a></sup></p><section class=\"footnotes\"><ol class=\"footnotes-list\"><li id=\"fn-a\"><p>Note</p></li></ol></section>",
            &mut Keep,
        );
        assert!(
            out.contains("<a href=\"#fn-a\" epub:type=\"noteref\">1</a>"),
            "{out}"
        );
        assert!(
            out.contains("<section class=\"footnotes\" epub:type=\"endnotes\">"),
            "{out}"
        );
        assert!(
            out.contains("<li id=\"fn-a\" epub:type=\"endnote\">"),
            "{out}"
        );
    }
}
