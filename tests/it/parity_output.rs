//! Output identical to Zola 0.22's: minified HTML, redirect and 404 pages,
//! feeds, page order, `get_url`, heading anchors, and reproducible builds.

use crate::harness::TestSite;

/// Zola's redirect page for `url`, byte for byte.
fn zola_redirect(url: &str) -> String {
    format!(
        "<!doctype html>\n<meta charset=\"utf-8\">\n<title>Redirect</title>\n<script>\n  const target = \"{url}\";\n  const hash = window.location.hash || \"\";\n  window.location.replace(target + hash);\n</script>\n<noscript>\n  <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</noscript>\n<p><a href=\"{url}\">Click here</a> to be redirected.</p>\n"
    )
}

fn small_site() -> TestSite {
    let site = TestSite::empty();
    site.write(
        "config.toml",
        "base_url = \"https://z.example.org\"\ntitle = \"Z\"\ngenerate_feeds = true\n",
    )
    .write(
        "templates/index.html",
        "<h1>{{ config.title }}</h1>{% for p in section.pages %}<a href=\"{{ p.permalink }}\">{{ p.title }}</a>{% endfor %}",
    )
    .write(
        "templates/section.html",
        "<ol>{% if paginator %}{% for p in paginator.pages %}<li>{{ p.title }}</li>{% endfor %}{% else %}{% for p in section.pages %}<li>{{ p.title }}</li>{% endfor %}{% endif %}</ol>",
    )
    .write("templates/page.html", "<article>{{ page.content | safe }}</article>")
    .write("content/_index.md", "+++\nsort_by = \"date\"\n+++\n");
    site
}

#[test]
fn minify_html_minifies_rendered_html_as_zola_does() {
    let site = small_site();
    site.write(
        "config.toml",
        "base_url = \"https://z.example.org\"\ntitle = \"Z\"\nminify_html = true\n",
    )
    .write(
        "templates/page.html",
        "<!doctype html>\n<html lang=\"en\">\n<head>\n  <title> {{ page.title }} </title>\n  <style>\n    body { color : red ; }\n  </style>\n</head>\n<body class=\"a\">\n  <p>one   two</p>\n  <pre>  keep\n   this</pre>\n  <script>var  x = 1;</script>\n</body>\n</html>\n",
    )
    .write("content/p.md", "+++\ntitle = \"P\"\naliases = [\"old/\"]\n+++\n")
    .write("static/raw.html", "<p>\n  raw   static\n</p>\n");
    site.build().assert_ok();
    assert_eq!(
        site.read("p/index.html"),
        "<!doctype html><html lang=en><head><title> P </title><style>body{color:red}</style><body class=a><p>one two<pre>  keep\n   this</pre><script>var  x = 1;</script>",
        "white space collapsed, optional end tags dropped, <pre> kept, CSS minified, scripts left alone"
    );
    let redirect = site.read("old/index.html");
    assert!(
        redirect.starts_with("<!doctype html><meta charset=utf-8><title>Redirect</title><script>"),
        "redirect pages are HTML written by agora: minified too: {redirect}"
    );
    assert_eq!(
        site.read("raw.html"),
        "<p>\n  raw   static\n</p>\n",
        "static files are copied as they are"
    );
}

#[test]
fn redirect_pages_are_zolas_and_redirect_to_gets_a_trailing_slash() {
    let site = small_site();
    site.write(
        "content/docs/_index.md",
        "+++\nredirect_to = \"docs/intro\"\n+++\n",
    )
    .write("content/docs/intro.md", "+++\ntitle = \"Intro\"\n+++\n")
    .write(
        "content/blog/_index.md",
        "+++\npaginate_by = 1\nsort_by = \"date\"\n+++\n",
    )
    .write(
        "content/blog/a.md",
        "+++\ntitle = \"A\"\ndate = 2020-01-01\naliases = [\"old-a\"]\n+++\n",
    )
    .write(
        "content/blog/b.md",
        "+++\ntitle = \"B\"\ndate = 2020-01-02\n+++\n",
    )
    .write(
        "content/ext/_index.md",
        "+++\nredirect_to = \"https://other.example.org/x\"\n+++\n",
    );
    site.build().assert_ok();
    assert_eq!(
        site.read("docs/index.html"),
        zola_redirect("https://z.example.org/docs/intro/")
    );
    assert_eq!(
        site.read("ext/index.html"),
        zola_redirect("https://other.example.org/x")
    );
    assert_eq!(
        site.read("old-a/index.html"),
        zola_redirect("https://z.example.org/blog/a/")
    );
    assert_eq!(
        site.read("blog/page/1/index.html"),
        zola_redirect("https://z.example.org/blog/")
    );
}

#[test]
fn builtin_404_is_zolas() {
    let site = small_site();
    site.build().assert_ok();
    assert_eq!(
        site.read("404.html"),
        "<!doctype html>\n<title>404 Not Found</title>\n<h1>404 Not Found</h1>\n"
    );
}

#[test]
fn feeds_name_zola_as_generator_list_every_author_and_omit_updated_without_dates() {
    let site = small_site();
    site.write(
        "config.toml",
        "base_url = \"https://z.example.org\"\ntitle = \"Z\"\ngenerate_feeds = true\nfeed_filenames = [\"atom.xml\", \"rss.xml\"]\ntaxonomies = [{name = \"tags\", feed = true}]\n",
    )
    .write("templates/taxonomy_list.html", "")
    .write("templates/taxonomy_single.html", "")
    .write(
        "content/a.md",
        "+++\ntitle = \"A\"\ndate = 2021-05-01\nupdated = 2021-06-01\nauthors = [\"Ann\", \"Bo\"]\n[taxonomies]\ntags = [\"dated\"]\n+++\n",
    )
    .write(
        "content/b.md",
        "+++\ntitle = \"B\"\n[taxonomies]\ntags = [\"undated\"]\n+++\n",
    )
    .write("content/c.md", "+++\ntitle = \"C\"\ndate = 2021-01-01\n+++\n");
    site.build().assert_ok();
    let atom = site.read("atom.xml");
    assert!(
        atom.contains("<generator uri=\"https://www.getzola.org/\">Zola</generator>"),
        "{atom}"
    );
    assert!(
        atom.contains("<updated>2021-06-01T00:00:00+00:00</updated>"),
        "{atom}"
    );
    let names: Vec<&str> = atom
        .split("<name>")
        .skip(1)
        .map(|rest| rest.split("</name>").next().unwrap().trim())
        .collect();
    assert_eq!(names, ["Ann", "Bo", "Unknown"], "{atom}");
    // Tera 1 (Zola 0.22) keeps the white space around the default author.
    assert!(
        atom.contains("<name>\n") && !atom.contains("<name>Unknown</name>"),
        "{atom}"
    );
    assert!(site.read("rss.xml").contains("<generator>Zola</generator>"));
    let empty = site.read("tags/undated/atom.xml");
    assert!(
        !empty.contains("<updated>"),
        "a feed without dated pages has no <updated> (it would change at every build): {empty}"
    );
    assert!(!site.read("tags/undated/rss.xml").contains("lastBuildDate"));
}

#[test]
fn pages_of_equal_dates_are_ordered_by_permalink_as_in_zola() {
    let site = small_site();
    for name in ["c", "a", "d", "b"] {
        site.write(
            &format!("content/{name}.md"),
            &format!("+++\ntitle = \"{name}\"\ndate = 2022-02-02\n+++\n"),
        );
    }
    site.write(
        "content/z.md",
        "+++\ntitle = \"z\"\ndate = 2023-01-01\n+++\n",
    );
    site.build().assert_ok();
    assert_eq!(
        site.html("index.html").texts("a"),
        vec!["z", "a", "b", "c", "d"]
    );
}

#[test]
fn update_date_sorts_by_the_later_of_date_and_updated() {
    let site = small_site();
    site.write("content/_index.md", "+++\nsort_by = \"update_date\"\n+++\n")
        .write(
            "content/old.md",
            "+++\ntitle = \"old\"\ndate = 2020-01-01\nupdated = 2024-01-01\n+++\n",
        )
        .write(
            "content/mid.md",
            "+++\ntitle = \"mid\"\ndate = 2022-01-01\n+++\n",
        )
        .write(
            // `updated` earlier than `date`: the date counts.
            "content/odd.md",
            "+++\ntitle = \"odd\"\ndate = 2023-01-01\nupdated = 2019-01-01\n+++\n",
        );
    site.build().assert_ok();
    assert_eq!(
        site.html("index.html").texts("a"),
        vec!["old", "odd", "mid"]
    );
}

#[test]
fn get_url_does_not_prefix_a_path_that_already_starts_with_the_language() {
    let site = small_site();
    site.write(
        "config.toml",
        "base_url = \"https://z.example.org\"\ndefault_language = \"en\"\n[languages.es]\n",
    )
    .write(
        "templates/index.html",
        "<a id=\"term\" href=\"{{ get_url(path='/es/tags/x/atom.xml', lang='es') }}\"></a><a id=\"plain\" href=\"{{ get_url(path='/css/a.css', lang='es') }}\"></a>",
    );
    site.build().assert_ok();
    let page = site.html("index.html");
    assert_eq!(
        page.attr("#term", "href"),
        "https://z.example.org/es/tags/x/atom.xml"
    );
    // Zola joins the language and the path with a `/`: `es` + `/css/a.css`
    // gives `es//css/a.css`, which Zola's make_permalink keeps.
    assert_eq!(
        page.attr("#plain", "href"),
        "https://z.example.org/es//css/a.css"
    );
}

#[test]
fn config_seen_by_templates_has_per_language_search_and_highlighting() {
    let site = small_site();
    site.write(
        "config.toml",
        "base_url = \"https://z.example.org\"\nbuild_search_index = true\ndefault_language = \"en\"\n[languages.fr]\n[markdown.highlighting]\nstyle = \"class\"\nlight_theme = \"github-light\"\ndark_theme = \"github-dark\"\n",
    )
    .write(
        "templates/index.html",
        "<p id=\"search\">{{ config.build_search_index }}</p><p id=\"hl\">{{ config.markdown.highlighting.style }} {{ config.markdown.highlighting.light_theme }}</p>",
    )
    .write("content/_index.fr.md", "+++\n+++\n");
    site.build().assert_ok();
    assert_eq!(site.html("index.html").text("#search"), "true");
    assert_eq!(site.html("fr/index.html").text("#search"), "false");
    assert_eq!(site.html("index.html").text("#hl"), "class github-light");
}

#[test]
fn heading_anchors_keep_the_tag_of_anchor_link_html() {
    let site = small_site();
    site.write(
        "config.toml",
        "base_url = \"https://z.example.org\"\n[markdown]\ninsert_anchor_links = \"heading\"\n",
    )
    .write("content/p.md", "+++\ntitle = \"P\"\n+++\n## Hello\n");
    site.build().assert_ok();
    let html = site.read("p/index.html");
    assert!(
        html.contains("<h2 id=\"hello\"><a class=\"zola-anchor\" href=\"#hello\" aria-label=\"Anchor link for: hello\">Hello</a></h2>"),
        "{html}"
    );
}

#[test]
fn get_random_gives_the_same_site_at_every_build() {
    let site = small_site();
    site.write(
        "templates/shortcodes/toggle.html",
        "<input id=\"t-{{ get_random(end=100000) }}\"><input id=\"u-{{ get_random(end=100000) }}\">",
    )
    .write(
        "templates/page.html",
        "<article>{{ page.content | safe }}</article><i id=\"page-{{ get_random(start=5, end=10) }}\"></i>",
    )
    .write("content/p.md", "+++\ntitle = \"P\"\n+++\n{{ toggle() }}\n\n{{ toggle() }}\n");
    site.build().assert_ok();
    let first = site.read("p/index.html");
    let ids = site.html("p/index.html").attrs("input", "id");
    assert_eq!(ids.len(), 4);
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 4, "every call draws another number: {ids:?}");
    let n: i64 = site.html("p/index.html").attr("i", "id")[5..]
        .parse()
        .unwrap();
    assert!((5..10).contains(&n));
    let run = site.build();
    run.assert_ok();
    assert_eq!(site.read("p/index.html"), first);
    assert!(
        run.stdout().contains("(0 written)") || run.stderr().contains("(0 written)"),
        "an unchanged site rewrites nothing: {}{}",
        run.stdout(),
        run.stderr()
    );
}

#[test]
fn links_are_escaped_and_classified_as_zola_does() {
    let site = small_site();
    site.write(
        "config.toml",
        "base_url = \"https://z.example.org\"\n[markdown]\nexternal_links_class = \"ext\"\n",
    )
    .write(
        "content/p.md",
        "+++\ntitle = \"P\"\n+++\n[v6](http://[2001:db8::]/path) [lt](http://bad<host/) [proto](//cdn.example.org/x) [plain](/about/)\n",
    );
    site.build().assert_ok();
    let html = site.read("p/index.html");
    assert!(
        html.contains(
            "<a class=\"ext\" rel=\"external\" href=\"http://%5B2001:db8::%5D/path\">v6</a>"
        ),
        "{html}"
    );
    assert!(
        html.contains("href=\"http://bad%3Chost/\">lt</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"//cdn.example.org/x\">proto</a>"),
        "a protocol-relative link is not external for Zola: {html}"
    );
    assert!(html.contains("<a href=\"/about/\">plain</a>"), "{html}");
}

#[test]
fn code_blocks_are_written_as_zola_writes_them() {
    let site = small_site();
    site.write(
        "content/p.md",
        "+++\ntitle = \"P\"\n+++\n```rust,linenos\nlet a = \"<b>\";\n```\n```\nplain\n```\n",
    );
    site.build().assert_ok();
    let html = site.read("p/index.html");
    assert!(
        html.contains("<pre><code data-lang=\"rust\">let a = &quot;&lt;b&gt;&quot;;\n</code></pre>\n<pre><code>plain\n</code></pre>\n"),
        "without [markdown.highlighting]: no class, data-lang only when a language is given: {html}"
    );
    site.write(
        "config.toml",
        "base_url = \"https://z.example.org\"\n[markdown.highlighting]\ntheme = \"github-light\"\n",
    );
    site.build().assert_ok();
    let html = site.read("p/index.html");
    assert!(
        html.contains("</code></pre><pre class=\"giallo\""),
        "a highlighted block is followed by no newline: {html}"
    );
}

#[test]
fn taxonomy_templates_are_found_by_the_taxonomy_name() {
    let site = small_site();
    site.write(
        "config.toml",
        "base_url = \"https://z.example.org\"\ntaxonomies = [{name = \"podcast_authors\"}]\n",
    )
    .write(
        "templates/podcast_authors/list.html",
        "<p id=\"list\">{{ terms | length }}</p>",
    )
    .write(
        "templates/podcast_authors/single.html",
        "<p id=\"single\">{{ term.name }}</p>",
    )
    .write(
        "content/p.md",
        "+++\ntitle = \"P\"\n[taxonomies]\npodcast_authors = [\"Some Person\"]\n+++\n",
    );
    site.build().assert_ok();
    assert_eq!(site.html("podcast-authors/index.html").text("#list"), "1");
    assert_eq!(
        site.html("podcast-authors/some-person/index.html")
            .text("#single"),
        "Some Person"
    );
}

#[test]
fn pages_not_rendered_are_left_out_of_section_listings_and_pagination() {
    let site = small_site();
    site.write(
        "content/blog/_index.md",
        "+++\npaginate_by = 2\nsort_by = \"date\"\n+++\n",
    );
    for (name, render) in [("a", true), ("b", false), ("c", true), ("d", true)] {
        site.write(
            &format!("content/blog/{name}.md"),
            &format!(
                "+++\ntitle = \"{name}\"\ndate = 2020-01-0{}\nrender = {render}\n+++\n",
                name.as_bytes()[0] - b'a' + 1
            ),
        );
    }
    site.build().assert_ok();
    assert_eq!(site.html("blog/index.html").texts("li"), vec!["d", "c"]);
    assert_eq!(site.html("blog/page/2/index.html").texts("li"), vec!["a"]);
    assert!(!site.exists("blog/page/3/index.html"));
    assert!(!site.exists("blog/b/index.html"));
}

#[test]
fn sitemap_lists_the_later_pages_of_paginated_terms() {
    let site = small_site();
    site.write(
        "config.toml",
        "base_url = \"https://z.example.org\"\ntaxonomies = [{name = \"tags\", paginate_by = 1}]\n",
    )
    .write("templates/taxonomy_list.html", "")
    .write("templates/taxonomy_single.html", "");
    for name in ["a", "b"] {
        site.write(
            &format!("content/{name}.md"),
            &format!("+++\ntitle = \"{name}\"\n[taxonomies]\ntags = [\"t\"]\n+++\n"),
        );
    }
    site.build().assert_ok();
    assert!(site.exists("tags/t/page/2/index.html"));
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://z.example.org/tags/t/page/2/</loc>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("<loc>https://z.example.org/tags/t/page/1/</loc>"),
        "Zola 0.22 lists page 1 too (a redirect to the term): {sitemap}"
    );
}

#[test]
fn zola_search_index_reads_noscript_as_zola_does() {
    let site = small_site();
    site.write(
        "config.toml",
        "base_url = \"https://z.example.org\"\nbuild_search_index = true\n[search]\nindex_format = \"elasticlunr_json\"\n",
    )
    .write(
        "content/p.md",
        "+++\ntitle = \"P\"\ndate = 2020-01-01\n+++\nBefore.\n\n<noscript>\n<strong>Needs JavaScript.</strong>\n</noscript>\n\nAfter.\n",
    );
    site.build().assert_ok();
    let index: serde_json::Value =
        serde_json::from_str(&site.read("search_index.en.json")).unwrap();
    let docs = &index["documentStore"]["docs"];
    let body = docs["https://z.example.org/p/"]["body"]
        .as_str()
        .unwrap_or_else(|| panic!("{docs}"))
        .to_string();
    assert_eq!(
        body,
        "Before.\n&lt;strong&gt;Needs JavaScript.&lt;/strong&gt;\nAfter."
    );
}

#[test]
fn date_filter_names_months_in_the_locale_asked_for() {
    let site = small_site();
    site.write(
        "templates/index.html",
        "<p id=\"es\">{{ \"2024-11-08\" | date(format=\"%d de %B de %Y\", locale=\"es_ES\") }}</p><p id=\"root\">{{ get_url(path=\"/\") }}</p><p id=\"slash\">{{ get_url(path=\"/\", trailing_slash=true) }}</p>",
    );
    site.build().assert_ok();
    let page = site.html("index.html");
    assert_eq!(page.text("#es"), "08 de noviembre de 2024");
    assert_eq!(
        page.text("#root"),
        "https://z.example.org",
        "as Zola: no trailing slash unless asked"
    );
    assert_eq!(page.text("#slash"), "https://z.example.org/");
}

#[test]
fn a_term_spelt_two_ways_lists_each_spellings_pages_in_turn_as_zola() {
    let site = small_site();
    site.write(
        "config.toml",
        "base_url = \"https://z.example.org\"\ntaxonomies = [{name = \"tags\"}]\n",
    )
    .write("templates/taxonomy_list.html", "")
    .write(
        "templates/taxonomy_single.html",
        "<h1>{{ term.name }}</h1>{% for p in term.pages %}<a>{{ p.title }}</a>{% endfor %}",
    );
    for (name, date, tag) in [
        ("old-lower", "2020-01-01", "blog"),
        ("new-lower", "2024-01-01", "blog"),
        ("mid-upper", "2022-01-01", "Blog"),
    ] {
        site.write(
            &format!("content/{name}.md"),
            &format!(
                "+++\ntitle = \"{name}\"\ndate = {date}\n[taxonomies]\ntags = [\"{tag}\"]\n+++\n"
            ),
        );
    }
    site.build().assert_ok();
    let page = site.html("tags/blog/index.html");
    assert_eq!(page.text("h1"), "Blog");
    assert_eq!(
        page.texts("a"),
        vec!["mid-upper", "new-lower", "old-lower"],
        "`Blog`'s pages, then `blog`'s, each newest first"
    );
}

#[test]
fn a_giallo_css_of_the_other_zola_generation_in_static_is_reported() {
    let site = small_site();
    site.write(
        "config.toml",
        "base_url = \"https://z.example.org\"\n[markdown.highlighting]\nstyle = \"class\"\ntheme = \"github-light\"\n",
    )
    .write("content/p.md", "+++\ntitle = \"P\"\n+++\n```rust\nfn main() {}\n```\n");
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr().contains("giallo.css"), "{}", run.stderr());
    let css = site.read("giallo.css");
    assert!(
        css.contains(".z-"),
        "agora writes its own stylesheet: {css}"
    );
    // This is a Tera 1 site: a stylesheet of Zola 0.22's giallo, naming
    // scopes (`.z-entity.z-name`), styles its code, edited or not.
    site.write(
        "static/giallo.css",
        ".z-code { color: #000; }\n.z-entity.z-name { color: #111; }\n",
    );
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr().contains("giallo.css"), "{}", run.stderr());
    // One of Zola 0.23's giallo names colours (`.z-1`, `.z-b`): reported.
    site.write(
        "static/giallo.css",
        ".z-code { color: #000; }\n.z-1 { color: #111; }\n.z-b { font-weight: bold; }\n",
    );
    let run = site.build();
    run.assert_ok();
    let err = run.stderr();
    assert!(
        err.contains("`giallo.css` in static/ was made for Zola 0.23"),
        "{err}"
    );
    assert!(err.contains("static/giallo.css"), "{err}");
}

#[test]
fn the_markdown_filter_highlights_code_as_content_does() {
    let site = small_site();
    site.write(
        "config.toml",
        "base_url = \"https://z.example.org\"\n[markdown.highlighting]\ntheme = \"github-light\"\n",
    )
    .write(
        "templates/shortcodes/note.html",
        "<div class=\"note\">{{ body | markdown | safe }}</div>",
    )
    .write(
        "content/p.md",
        "+++\ntitle = \"P\"\n+++\n{% note() %}\n```rust\nfn main() {}\n```\n{% end %}\n",
    );
    site.build().assert_ok();
    let page = site.html("p/index.html");
    assert_eq!(page.count(".note pre.giallo code[data-lang=rust]"), 1);
    assert!(page.count(".note pre.giallo span") > 1);
}

#[test]
fn lazy_images_are_written_as_zola_writes_them() {
    let site = small_site();
    site.write(
        "config.toml",
        "base_url = \"https://z.example.org\"\n[markdown]\nlazy_async_image = true\n",
    )
    .write(
        "content/p.md",
        "+++\ntitle = \"P\"\n+++\n![A \"cat\" & dog](/img/[1].png)\n\n![Plain](/img/b.png \"Tip\")\n",
    );
    site.build().assert_ok();
    let html = site.read("p/index.html");
    assert!(
        html.contains("<img src=\"/img/%5B1%5D.png\" alt=\"A &quot;cat&quot; &amp; dog\" loading=\"lazy\" decoding=\"async\" />"),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"/img/b.png\" title=\"Tip\" alt=\"Plain\" loading=\"lazy\" decoding=\"async\" />"),
        "src, title, alt in Zola's order: {html}"
    );
}

#[test]
fn build_minify_flag_minifies_as_the_config_key_does() {
    let site = small_site();
    site.write(
        "templates/page.html",
        "<html>\n<body>\n  <p>a   b</p>\n</body>\n</html>\n",
    )
    .write("content/p.md", "+++\ntitle = \"P\"\n+++\n");
    site.build().assert_ok();
    assert!(site.read("p/index.html").contains("\n  <p>a   b</p>"));
    site.agora(&["build", "--minify"]).assert_ok();
    assert_eq!(site.read("p/index.html"), "<html><body><p>a b");
}

#[test]
fn word_count_and_bare_hash_links_as_zola() {
    let site = small_site();
    site.write(
        "templates/page.html",
        "<article>{{ page.content | safe }}</article><p id=\"words\">{{ page.word_count }}</p>",
    )
    .write(
        "content/p.md",
        "+++\ntitle = \"P\"\n+++\nOne two [up](#).\n\n```rust\nnot counted\n```\n\n~~~\nthree four\n~~~\n",
    );
    site.build().assert_ok();
    let page = site.html("p/index.html");
    assert_eq!(
        page.text("#words"),
        "5",
        "only ``` fences are left out, as Zola counts (the words in ~~~ count)"
    );
    assert_eq!(
        page.attr("article a", "href"),
        "#",
        "a bare `#` stays as written"
    );
}

#[test]
fn get_url_output_is_not_escaped_in_tera1_as_in_zola() {
    let site = small_site();
    site.write(
        "templates/index.html",
        "<script>const u = \"{{ get_url(path='a/b.js') }}\";</script><p id=\"t\">{{ config.base_url }}/x</p>",
    );
    site.build().assert_ok();
    let html = site.read("index.html");
    assert!(
        html.contains("const u = \"https://z.example.org/a/b.js\";"),
        "{html}"
    );
    assert!(
        html.contains("https:&#x2F;&#x2F;z.example.org/x"),
        "variables stay escaped, as in Tera: {html}"
    );
}
