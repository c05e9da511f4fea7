//! The rest of Zola's content and template features, one fixture.

use crate::harness::TestSite;

fn built() -> TestSite {
    let site = TestSite::fixture("core/features");
    site.build().assert_ok();
    site
}

#[test]
fn markdown_options() {
    let site = built();
    let page = site.html("docs/a/index.html");
    assert_eq!(
        page.text("#tpl"),
        "doc.html",
        "page_template is inherited from the section"
    );
    assert!(
        page.text("article p").starts_with("“Quoted” – and… 👋"),
        "smart punctuation and emoji"
    );
    assert_eq!(page.text("article dl dt"), "Term");
    assert_eq!(
        page.text("article blockquote.markdown-alert-warning"),
        "Careful."
    );
    assert_eq!(page.attr("article img", "loading"), "lazy");
    assert_eq!(page.attr("article img", "decoding"), "async");
    assert_eq!(
        page.attr("article img", "src"),
        "https://f.example.org/docs/a/map.png"
    );
    // section's insert_anchor_links = "heading" wins over the config's "left"
    assert_eq!(
        page.attr("article h2 > a.zola-anchor", "href"),
        "#section-one"
    );
    assert_eq!(page.text("article h2 > a.zola-anchor"), "Section one");
    // As Zola: `<!-- more -->` between blocks closes no element, so the
    // summary gets no summary-cutoff.html (see parity_zola for one inside a paragraph)
    assert_eq!(page.count("#summary a.more"), 0);
    assert!(page.text("#summary").ends_with("First part."));
}

#[test]
fn highlighting_with_classes_line_numbers_and_highlighted_lines() {
    let site = built();
    let page = site.html("docs/a/index.html");
    assert_eq!(page.attr("article pre", "class"), "giallo z-code");
    assert_eq!(page.texts("article .giallo-ln"), vec!["1", "2"]);
    assert_eq!(page.count("article .giallo-l.z-hl"), 1, "hl_lines=2");
    assert!(
        site.read("giallo.css").contains(".z-"),
        "the class stylesheet is written"
    );
}

#[test]
fn sections_sorting_transparency_redirects_and_render_false() {
    let site = built();
    let home = site.html("index.html");
    // weight order; the transparent subsection's page is listed in its parent
    assert_eq!(home.texts("#docs li"), vec!["Über uns", "Alpha", "Guide"]);
    assert_eq!(
        home.attrs("#docs li", "data-path")[0],
        "/docs/über-uns/",
        "slugify.paths = safe keeps Unicode"
    );
    assert_eq!(
        home.text("#meta-pages"),
        "0",
        "metadata_only leaves pages out"
    );
    assert_eq!(
        home.inner("#hidden"),
        "<p>Hidden body.</p>\n",
        "a render = false page is still loaded"
    );
    assert!(
        !site.exists("hidden/index.html"),
        "render = false writes no page"
    );
    let moved = site.html("moved/index.html");
    assert_eq!(moved.attr("a", "href"), "https://f.example.org/docs/");
    assert!(
        !site.exists("private/x/index.html") && !site.exists("notes/index.html"),
        "ignored_content"
    );
}

#[test]
fn taxonomy_root_and_functions() {
    let site = built();
    let home = site.html("index.html");
    assert_eq!(
        home.text("#term"),
        "Human rights https://f.example.org/tax/topics/human-rights/ 1"
    );
    assert!(site.exists("tax/topics/index.html"));
    let cachebust = home.text("#cachebust");
    assert!(
        cachebust.starts_with("https://f.example.org/app.js?h="),
        "{cachebust}"
    );
    assert_eq!(
        cachebust.len(),
        "https://f.example.org/app.js?h=".len() + 20
    );
    assert_eq!(home.text("#trailing"), "https://f.example.org/docs/");
    assert_eq!(home.text("#now"), "true");
    assert_eq!(home.text("#b64"), "YWdvcmE=");
    assert!(
        !site.exists("sitemap.xml") && !site.exists("robots.txt"),
        "both can be turned off"
    );
}
