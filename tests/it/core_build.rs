//! A Zola 0.22-style site builds into the pages Zola would produce.

use crate::harness::TestSite;

fn built() -> TestSite {
    let site = TestSite::fixture("core/basic");
    site.build().assert_ok();
    site
}

#[test]
fn writes_pages_sections_taxonomies_and_assets_at_zola_paths() {
    let site = built();
    let files = site.output_files();
    for expected in [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "about-us/index.html",
        "blog/index.html",
        "blog/page/2/index.html",
        "blog/roundtable/index.html",
        "blog/third/index.html",
        "blog/trip/index.html",
        "blog/trip/map.png",
        "css/site.css",
        "fr/index.html",
        "fr/blog/index.html",
        "fr/blog/roundtable/index.html",
        "tags/index.html",
        "tags/youth/index.html",
        "tags/youth/page/2/index.html",
        "fr/tags/droits-humains/index.html",
        "old/roundtable/index.html",
        "legacy.html",
    ] {
        assert!(
            files.contains(&expected.to_string()),
            "missing {expected}; have {files:#?}"
        );
    }
    assert!(
        !site.exists("blog/draft/index.html"),
        "drafts are left out without --drafts"
    );
    assert!(!site.exists("fr/about-us/index.html"));
}

#[test]
fn drafts_flag_includes_drafts() {
    let site = TestSite::fixture("core/basic");
    site.agora(&["build", "--drafts"]).assert_ok();
    assert_eq!(site.html("blog/draft/index.html").text("#title"), "Draft");
}

#[test]
fn page_context_matches_zola() {
    let site = built();
    let page = site.html("blog/roundtable/index.html");
    assert_eq!(page.text("#title"), "Roundtable");
    // dated file name: date from the name, slug without it; reading time, word count, config.extra
    assert_eq!(page.text("#meta"), "2017-06-20 1 28 hello");
    assert_eq!(
        page.attrs("#toc a", "href"),
        vec![
            "https://example.org/blog/roundtable/#details",
            "https://example.org/blog/roundtable/#details-1",
        ]
    );
    assert_eq!(page.attrs("#translations li", "lang"), vec!["en", "fr"]);
    assert_eq!(
        page.attrs("#tags a", "href"),
        vec![
            "https://example.org/tags/human-rights/",
            "https://example.org/tags/youth/",
        ]
    );
    assert_eq!(page.text("#more"), "Read more");
    assert_eq!(page.text("#url"), "https://example.org/blog/");
    // as Zola: `lower` is the page before in the section's order (newer, for dates)
    assert_eq!(
        page.attr("#lower", "href"),
        "https://example.org/blog/trip/"
    );
    assert_eq!(
        page.count("#higher"),
        0,
        "the oldest page is last: nothing after it"
    );
    assert_eq!(
        page.inner("#summary").trim(),
        "<p>First paragraph with a footnote.</p>"
    );
    assert_eq!(page.text("#filters"), "hi a+b 1,234,567 x");
}

#[test]
fn markdown_features() {
    let site = built();
    let page = site.html("blog/roundtable/index.html");
    // heading ids de-duplicated, anchor links from anchor-link.html on the right
    assert_eq!(page.attrs("article h2", "id"), vec!["details", "details-1"]);
    assert_eq!(page.attr("article h2 a.zola-anchor", "href"), "#details");
    // @/ link resolved with its anchor; external links get the configured attributes, internal ones do not
    assert_eq!(
        page.attr("article a[href*='trip']", "href"),
        "https://example.org/blog/trip/#day-one"
    );
    assert_eq!(
        page.attrs("article a[href*='trip']", "target"),
        Vec::<String>::new()
    );
    assert_eq!(
        page.attr("article a[href='https://www.getzola.org']", "rel"),
        "noopener external",
        "Zola adds rel=external by default"
    );
    assert_eq!(
        page.attr("article a[href='https://www.getzola.org']", "target"),
        "_blank"
    );
    // table, bottom footnotes, summary anchor, highlighted code
    assert_eq!(page.count("article table td"), 2);
    assert_eq!(
        page.attr("article sup.footnote-reference a", "href"),
        "#fn-a"
    );
    assert_eq!(
        page.text("article section.footnotes li#fn-a"),
        "The note. ↩"
    );
    assert_eq!(page.count("article span#continue-reading"), 1);
    assert_eq!(page.attr("article pre code", "data-lang"), "rust");
    assert!(
        page.count("article pre code span[style]") > 0,
        "code is highlighted with inline styles"
    );
}

#[test]
fn colocated_bundle_and_yaml_front_matter() {
    let site = built();
    let trip = site.html("blog/trip/index.html");
    assert_eq!(
        trip.attr("article img", "src"),
        "https://example.org/blog/trip/map.png"
    );
    assert_eq!(site.read("blog/trip/map.png"), "PNG");
    let third = site.html("blog/third/index.html");
    assert_eq!(third.text("#title"), "Third");
    assert_eq!(third.text("#meta"), "2019-03-01 1 2 hello");
    assert_eq!(third.inner("article").trim(), "<p>Third <em>post</em>.</p>");
}

#[test]
fn sections_paginate_and_redirect_page_one() {
    let site = built();
    let first = site.html("blog/index.html");
    assert_eq!(first.text("#pager"), "1/2");
    assert_eq!(
        first.texts("#pages li"),
        vec!["Third", "Trip"],
        "newest first"
    );
    assert_eq!(
        first.attr("#next", "href"),
        "https://example.org/blog/page/2/"
    );
    let second = site.html("blog/page/2/index.html");
    assert_eq!(second.texts("#pages li"), vec!["Roundtable"]);
    let redirect = site.html("blog/page/1/index.html");
    assert_eq!(redirect.attr("a", "href"), "https://example.org/blog/");
}

#[test]
fn taxonomies_per_language_with_pagination() {
    let site = built();
    let youth = site.html("tags/youth/index.html");
    assert_eq!(youth.text("#pager"), "1/2");
    assert_eq!(youth.texts("#pages li"), vec!["Third", "Trip"]);
    let fr = site.html("fr/tags/droits-humains/index.html");
    assert_eq!(fr.texts("#pages li"), vec!["Table ronde"]);
    let list = site.html("tags/index.html");
    assert_eq!(list.texts("li"), vec!["Human rights (1)", "Youth (3)"]);
}

#[test]
fn translations_get_language_prefix_and_strings() {
    let site = built();
    let fr = site.html("fr/blog/roundtable/index.html");
    assert_eq!(fr.attr("html", "lang"), "fr");
    assert_eq!(fr.text("#more"), "Lire la suite");
    assert_eq!(fr.text("#url"), "https://example.org/fr/blog/");
    let home = site.html("fr/index.html");
    assert_eq!(home.texts("#latest li"), vec!["Table ronde"]);
    assert_eq!(home.texts("#tags li"), vec!["Droits humains (1)"]);
}

#[test]
fn index_uses_global_functions() {
    let site = built();
    let home = site.html("index.html");
    assert_eq!(
        home.texts("#latest li"),
        vec!["Third", "Trip", "Roundtable"]
    );
    assert_eq!(home.text("#about"), "https://example.org/about-us/");
    assert_eq!(
        home.text("#hash"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "sha256 of `abc`"
    );
    assert_eq!(
        home.inner("main").trim(),
        "<p>Welcome <strong>home</strong>.</p>"
    );
}

#[test]
fn aliases_redirect_to_the_page() {
    let site = built();
    for alias in ["old/roundtable/index.html", "legacy.html"] {
        let page = site.html(alias);
        assert_eq!(
            page.attr("a", "href"),
            "https://example.org/blog/roundtable/"
        );
    }
}

#[test]
fn sitemap_and_robots() {
    let site = built();
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/blog/roundtable/</loc>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("<lastmod>2017-06-20</lastmod>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("<loc>https://example.org/fr/blog/roundtable/</loc>"),
        "{sitemap}"
    );
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://example.org/sitemap.xml")
    );
}

#[test]
fn base_url_flag_overrides_config() {
    let site = TestSite::fixture("core/basic");
    site.agora(&["build", "--base-url", "http://127.0.0.1:8000"])
        .assert_ok();
    assert_eq!(
        site.html("blog/roundtable/index.html").text("#url"),
        "http://127.0.0.1:8000/blog/"
    );
}

#[test]
fn theme_templates_and_static_with_site_overrides() {
    let site = TestSite::fixture("core/basic");
    site.write(
        "config.toml",
        &std::fs::read_to_string(site.root.join("config.toml"))
            .unwrap()
            .replace(
                "title = \"Fixture\"",
                "title = \"Fixture\"\ntheme = \"plain\"",
            ),
    )
    .write(
        "themes/plain/theme.toml",
        "name = \"plain\"\n[extra]\nmotto = \"theme\"\nfrom_theme = \"yes\"\n",
    )
    .write(
        "themes/plain/templates/404.html",
        "theme 404 {{ config.extra.from_theme }}",
    )
    .write("themes/plain/templates/page.html", "theme page")
    .write("themes/plain/static/css/site.css", "theme")
    .write("themes/plain/static/theme.js", "js");
    site.build().assert_ok();
    assert_eq!(
        site.read("404.html"),
        "theme 404 yes",
        "theme template, theme [extra] merged"
    );
    assert_eq!(
        site.html("blog/third/index.html").text("#meta"),
        "2019-03-01 1 2 hello",
        "site template and site [extra] win"
    );
    assert_eq!(
        site.read("css/site.css"),
        "body{}\n",
        "site static overrides theme static"
    );
    assert_eq!(site.read("theme.js"), "js");
}

#[test]
fn identical_input_gives_identical_output() {
    let a = built();
    let b = built();
    let files = a.output_files();
    assert_eq!(files, b.output_files());
    for f in files {
        assert_eq!(
            std::fs::read(a.public(&f)).unwrap(),
            std::fs::read(b.public(&f)).unwrap(),
            "{f} differs"
        );
    }
}

#[test]
fn init_and_new_start_a_site_and_a_document() {
    let site = TestSite::empty();
    site.agora(&["init", "hub"]).assert_ok();
    let hub = site.root.join("hub");
    std::fs::create_dir_all(hub.join("content/letters")).unwrap();
    std::fs::write(
        hub.join("content/letters/_index.md"),
        "+++\ntitle = \"Letters\"\nsort_by = \"date\"\n[extra.archetype]\ntype = \"letter\"\nsignatories = []\n+++\n",
    )
    .unwrap();
    let run = site.agora(&["--root", "hub", "new", "letters", "Open letter to the OSCE"]);
    run.assert_ok();
    let text =
        std::fs::read_to_string(hub.join("content/letters/open-letter-to-the-osce.md")).unwrap();
    assert!(
        text.starts_with("+++\ntitle = \"Open letter to the OSCE\""),
        "{text}"
    );
    assert!(text.contains("[extra]\ntype = \"letter\""), "{text}");
    site.agora(&["--root", "hub", "build"]).assert_ok();
    assert!(
        hub.join("public/letters/open-letter-to-the-osce/index.html")
            .exists()
    );
    // refusing to overwrite
    site.agora(&["--root", "hub", "new", "letters", "Open letter to the OSCE"])
        .assert_fails(2);
    site.agora(&["init", "hub"]).assert_fails(2);
}

#[test]
fn feeds_per_language_section_and_term() {
    let site = TestSite::fixture("core/basic");
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    let config = config
        .replace("title = \"Fixture\"", "title = \"Fixture\"\ngenerate_feeds = true\nfeed_filenames = [\"atom.xml\", \"rss.xml\"]\nfeed_limit = 2")
        .replace("taxonomies = [{ name = \"tags\", paginate_by = 2 }]", "taxonomies = [{ name = \"tags\", paginate_by = 2, feed = true }]")
        .replace("title = \"Fixture FR\"", "title = \"Fixture FR\"\ngenerate_feeds = true");
    site.write("config.toml", &config);
    let blog = std::fs::read_to_string(site.root.join("content/blog/_index.md")).unwrap();
    site.write(
        "content/blog/_index.md",
        &blog.replace("paginate_by = 2", "paginate_by = 2\ngenerate_feeds = true"),
    );
    site.build().assert_ok();
    let atom = site.read("atom.xml");
    assert!(
        atom.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"),
        "{atom}"
    );
    assert_eq!(atom.matches("<entry").count(), 2, "feed_limit: {atom}");
    let third = atom.find("<title>Third</title>").expect("newest first");
    let trip = atom.find("<title>Trip</title>").expect("second newest");
    assert!(third < trip);
    assert!(!atom.contains("About"), "undated pages are not in feeds");
    assert!(site.read("rss.xml").contains("<item>"));
    let fr = site.read("fr/atom.xml");
    assert!(
        fr.contains("xml:lang=\"fr\"") && fr.contains("<title>Table ronde</title>"),
        "{fr}"
    );
    assert!(site.read("blog/atom.xml").contains("Fixture - Blog"));
    assert!(site.read("tags/youth/atom.xml").contains("Fixture - Youth"));
}

#[test]
fn zola_link_details() {
    let site = TestSite::fixture("core/basic");
    site.write(
        "content/links.md",
        "\n+++\ntitle = \"Links\"\n+++\n[top](#top) [ext](https://a.org \"T\") [mail](mailto:x@y.org)\n",
    );
    site.build().assert_ok();
    let page = site.html("links/index.html");
    // blank lines before the front matter are allowed; in-page anchors become absolute
    assert_eq!(
        page.attr("article a[href$='#top']", "href"),
        "https://example.org/links/#top"
    );
    assert_eq!(page.attr("article a[title=T]", "href"), "https://a.org");
    assert_eq!(
        page.attr("article a[href^=mailto]", "href"),
        "mailto:x@y.org"
    );
}
