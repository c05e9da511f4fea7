//! Tests of the index: text from HTML, ranking, excerpts.

use super::*;

/// The text of rendered HTML with white space collapsed, as excerpts show it.
fn html_text(html: &str) -> String {
    let mut raw = String::new();
    raw_text(html, &mut raw);
    collapsed(&raw, usize::MAX)
}

#[test]
fn text_of_rendered_html() {
    let html = "<h2 id=\"a\">Shrinking&nbsp;space</h2><p>Civil <strong>society</strong> &amp; the state<sup class=\"fn\"><a href=\"#1\">1</a></sup>.</p><script>var x;</script><p>Next</p>";
    assert_eq!(
        html_text(html),
        "Shrinking space Civil society & the state . Next"
    );
    // Unknown entities and lone ampersands stay; a tag never closed ends the text.
    assert_eq!(html_text("a & b &bogus; c&#x41;"), "a & b &bogus; cA");
    assert_eq!(html_text("x<y"), "x");
    // Any white space, ASCII or not, is one space; none at the ends.
    assert_eq!(
        html_text("<p>\n  a\u{a0}\u{2003}b\tc  </p><p>d</p>"),
        "a b c d"
    );
}

#[test]
fn ranking_favours_frequent_words_short_documents_and_titles() {
    let weights = crate::config::SearchWeights::default();
    // Once in the body of an average document, once in its title.
    let body = impact(weights.content, 1000.0, 1000.0);
    let title = impact(weights.title, 1000.0, 1000.0);
    assert!(title > body, "{title} > {body}");
    // More occurrences rank higher, but saturate.
    assert!(impact(5.0, 1000.0, 1000.0) > impact(1.0, 1000.0, 1000.0));
    assert_eq!(impact(500.0, 1000.0, 1000.0), MAX_IMPACT);
    // The same count weighs more in a shorter document.
    assert!(impact(2.0, 200.0, 1000.0) > impact(2.0, 5000.0, 1000.0));
    // Never zero: every posting counts.
    assert_eq!(impact(0.01, 1e6, 10.0), 1);
}

#[test]
fn excerpts_cut_at_a_word() {
    assert_eq!(excerpt("one two three four", 9), "one two…");
    assert_eq!(excerpt("short", 10), "short");
}
