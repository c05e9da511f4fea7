//! Zola parity: shortcodes, Sass, data and image functions, `agora check`.

use crate::harness::TestSite;

fn shortcodes() -> TestSite {
    let site = TestSite::fixture("parity/shortcodes");
    site.build().assert_ok();
    site
}

#[test]
fn shortcode_arguments_of_every_type() {
    let site = shortcodes();
    let page = site.html("docs/guide/index.html");
    assert_eq!(page.text("#args-1 .s"), "double");
    assert_eq!(page.text("#args-1 .s2"), "single");
    assert_eq!(page.text("#args-1 .s3"), "back");
    assert_eq!(page.text("#args-1 .b"), "yes");
    assert_eq!(page.text("#args-1 .i"), "42");
    assert_eq!(page.text("#args-1 .f"), "2.5");
    assert_eq!(page.text("#args-1 .a"), "x|2|true");
    assert_eq!(page.text("#args-2 .b"), "no");
    assert_eq!(page.text("#args-2 .i"), "-1");
    assert_eq!(page.text("#args-2 .f"), "-1");
    // page and config are in the context
    assert_eq!(page.text("#args-1 .page"), "Guide");
    assert_eq!(page.text("#args-1 .brand"), "Agora");
}

#[test]
fn shortcode_alone_in_a_paragraph_is_not_wrapped() {
    let site = shortcodes();
    let html = site.read("docs/guide/index.html");
    assert!(html.contains("<article><h1"), "{html}");
    assert!(
        !html.contains("<p><dl"),
        "a lone shortcode keeps no <p>: {html}"
    );
    // inline in a sentence it stays in the paragraph
    let page = site.html("docs/guide/index.html");
    assert_eq!(page.text("p > span.badge"), "new");
}

#[test]
fn body_shortcodes_and_site_overrides_theme() {
    let site = shortcodes();
    let page = site.html("docs/guide/index.html");
    assert_eq!(
        page.count("blockquote.theme-quote"),
        0,
        "site shortcode wins"
    );
    assert_eq!(page.text("blockquote.quote em"), "emphasis");
    assert_eq!(page.text("blockquote.quote cite"), "Ada");
    assert_eq!(page.attr("blockquote.quote", "data-nth"), "1");
    assert_eq!(page.attr("blockquote.quote", "data-lang"), "en");
}

#[test]
fn markdown_shortcodes_take_part_in_the_toc() {
    let site = shortcodes();
    let page = site.html("docs/guide/index.html");
    assert_eq!(page.attr("article h2", "id"), "install");
    assert_eq!(page.texts("article ol li"), vec!["Download", "Run"]);
    assert_eq!(page.texts("#toc a"), vec!["Start", "Install"]);
    assert_eq!(
        page.attrs("#toc a", "href")[1],
        "https://sc.example.org/docs/guide/#install",
        "the .md shortcode's heading is in the TOC"
    );
}

#[test]
fn escaped_shortcodes_are_shown_as_written() {
    let site = shortcodes();
    let html = site.read("docs/guide/index.html");
    assert!(
        html.contains("Escaped: {{ badge(label=\"x\") }} and"),
        "{html}"
    );
    assert!(html.contains("{% quote() %}\nkept\n{% end %}"), "{html}");
    assert!(
        html.contains("<code>{{ args(s=&quot;in code&quot;) }}\n</code>"),
        "{html}"
    );
}

#[test]
fn shortcodes_see_the_page_or_the_section() {
    let site = shortcodes();
    assert_eq!(
        site.html("docs/guide/index.html").text("p.where"),
        "page /docs/guide/"
    );
    assert_eq!(site.html("index.html").text("p.where"), "section /");
}

#[test]
fn unknown_shortcode_is_an_error_with_its_place() {
    let site = TestSite::fixture("parity/shortcodes");
    site.write(
        "content/docs/broken.md",
        "+++\ntitle = \"B\"\n+++\nFirst line.\n\nSee {{ nope(x=1) }}.\n",
    );
    let run = site.build();
    run.assert_fails(1);
    let err = run.stderr();
    assert!(err.contains("unknown shortcode `nope`"), "{err}");
    assert!(err.contains("broken.md:6:5"), "{err}");
}

#[test]
fn bad_shortcode_argument_is_shown_as_text_with_a_warning() {
    let site = TestSite::fixture("parity/shortcodes");
    site.write(
        "content/docs/broken.md",
        "+++\ntitle = \"B\"\n+++\n{{ badge(label=page.title) }}\n\n{{ badge(label='l\\'x') }}\n",
    );
    let run = site.build();
    run.assert_ok();
    let err = run.stderr();
    assert!(
        err.contains("bad argument in the shortcode `badge`"),
        "{err}"
    );
    assert!(err.contains("must be a literal"), "{err}");
    assert!(err.contains("broken.md:4:16"), "{err}");
    assert!(
        err.contains("broken.md:6:"),
        "a backslash does not escape a quote: {err}"
    );
    // As Zola does, the call stays text.
    let page = site.html("docs/broken/index.html");
    assert_eq!(page.texts("article p")[0], "{{ badge(label=page.title) }}");
    assert_eq!(page.count("span.badge"), 0);
}

#[test]
fn body_without_end_is_an_error() {
    let site = TestSite::fixture("parity/shortcodes");
    site.write(
        "content/docs/broken.md",
        "+++\ntitle = \"B\"\n+++\ntext\n\n{% quote() %}\nno end\n",
    );
    let run = site.build();
    run.assert_fails(1);
    let err = run.stderr();
    assert!(err.contains("no `{% end %}` closes it"), "{err}");
    assert!(err.contains("broken.md:6:1"), "{err}");
}

#[test]
fn sass_of_site_and_theme_compiles_like_zola() {
    let site = TestSite::fixture("parity/sass");
    site.build().assert_ok();
    assert_eq!(
        site.read("site.css"),
        ".site{margin:8px}.site .inner{padding:0}"
    );
    assert_eq!(site.read("sub/indented.css"), ".indented{color:#000}");
    assert_eq!(site.read("theme.css"), ".theme{color:#369}");
    assert_eq!(
        site.read("shared.css"),
        ".from-site{color:blue}",
        "the site's file overrides the theme's"
    );
    assert_eq!(
        site.read("static-wins.css"),
        "/* from static */\n",
        "a static file overrides compiled Sass"
    );
    let files = site.output_files();
    assert!(
        !files
            .iter()
            .any(|f| f.contains("vars") || f.contains("skip")),
        "partials are not compiled: {files:?}"
    );
}

#[test]
fn sass_is_off_unless_asked_but_the_theme_always_compiles() {
    let site = TestSite::fixture("parity/sass");
    site.write(
        "config.toml",
        "base_url = \"https://sass.example.org\"\ntheme = \"t\"\n",
    );
    site.write("templates/index.html", "home");
    site.build().assert_ok();
    assert!(site.exists("theme.css"));
    assert_eq!(site.read("shared.css"), ".from-theme{color:red}");
    assert!(!site.exists("site.css"));
}

#[test]
fn sass_error_names_the_file_and_line() {
    let site = TestSite::fixture("parity/sass");
    site.write("sass/broken.scss", ".a {\n  color: $missing;\n}\n");
    let run = site.build();
    run.assert_fails(1);
    let err = run.stderr();
    assert!(err.contains("broken.scss"), "{err}");
    assert!(err.contains("Undefined variable"), "{err}");
    assert!(err.contains("sass/broken.scss:2:10"), "{err}");
}

#[test]
fn load_data_reads_every_format() {
    let site = TestSite::fixture("parity/data");
    site.build().assert_ok();
    let page = site.html("index.html");
    assert_eq!(page.text("#toml"), "Ada 1815-12-10");
    assert_eq!(page.text("#json"), "12");
    assert_eq!(page.text("#csv"), "Number|Title;Printing, press");
    assert_eq!(page.text("#yaml"), "en,fr true");
    assert_eq!(page.text("#xml"), "value & more;1,2;7;y");
    assert_eq!(page.text("#bib"), "zola: Zola by Vincent Prouillet");
    assert_eq!(page.text("#plain"), "Hello plain", "found in static/");
    assert_eq!(
        page.text("#forced"),
        "1+2",
        "format= overrides the extension"
    );
    assert_eq!(page.text("#literal"), "bob {\"name\": \"bob\"}");
    assert_eq!(page.text("#missing"), "falsenone-offline");
    // shortcodes can load data too
    assert_eq!(page.text("#sc-book"), "Gutenberg");
}

#[test]
fn load_data_errors_are_clear() {
    let site = TestSite::fixture("parity/data");
    site.write("content/p.md", "+++\ntitle = \"P\"\n+++\n");
    site.write(
        "templates/page.html",
        "{{ load_data(path=\"data/nope.toml\") }}",
    );
    let err = site.build().stderr();
    assert!(err.contains("`data/nope.toml` does not exist"), "{err}");

    site.write("data/bad.json", "{\"a\": ");
    site.write(
        "templates/page.html",
        "{{ load_data(path=\"data/bad.json\") }}",
    );
    let err = site.build().stderr();
    // The file with the line and column the parser names.
    assert!(err.contains("`data/bad.json:1:6`: invalid JSON"), "{err}");
}

fn image_size(site: &TestSite, url: &str) -> (u32, u32) {
    let rel = url
        .strip_prefix("https://img.example.org/")
        .expect("a site URL");
    let img = image::open(site.public(rel)).expect("a readable image");
    (img.width(), img.height())
}

#[test]
fn image_metadata_of_png_jpeg_with_exif_and_svg() {
    let site = TestSite::fixture("parity/images");
    site.build().assert_ok();
    let page = site.html("index.html");
    assert_eq!(page.text("#meta"), "400x200 png image/png");
    assert_eq!(
        page.text("#turned"),
        "20x40 jpg",
        "EXIF orientation 6 turns it"
    );
    assert_eq!(page.text("#svg"), "120x60 svg image/svg+xml");
    assert_eq!(page.text("#none"), "missing");
}

#[test]
fn resize_image_operations_and_formats() {
    let site = TestSite::fixture("parity/images");
    site.build().assert_ok();
    let page = site.html("index.html");
    for (op, size) in [
        ("fill", (100, 100)),
        ("scale", (100, 100)),
        ("fit_width", (100, 50)),
        ("fit_height", (200, 100)),
        ("fit", (100, 50)),
    ] {
        let url = page.attr(&format!("img.{op}"), "src");
        assert!(
            url.starts_with("https://img.example.org/processed_images/wide."),
            "{url}"
        );
        assert_eq!(image_size(&site, &url), size, "{op}");
        assert_eq!(
            page.attr(&format!("img.{op}"), "data-size"),
            format!("{}x{}", size.0, size.1)
        );
        assert_eq!(page.attr(&format!("img.{op}"), "data-orig"), "400x200");
        // cached in the site's static/processed_images, as Zola does
        let static_path = page.attr(&format!("img.{op}"), "data-static");
        assert!(site.root.join(&static_path).is_file(), "{static_path}");
    }
    // fill crops the middle: left half red, right half blue
    let fill = page.attr("img.fill", "src");
    let rel = fill.strip_prefix("https://img.example.org/").unwrap();
    let img = image::open(site.public(rel)).unwrap().to_rgb8();
    assert!(img.get_pixel(10, 50)[0] > 150, "left is red");
    assert!(img.get_pixel(90, 50)[2] > 150, "right is blue");
    let webp = page.attr("img.webp", "src");
    assert!(webp.ends_with(".webp"));
    assert_eq!(image_size(&site, &webp), (50, 50));
    let jpg = page.attr("img.jpg", "src");
    assert!(jpg.ends_with(".jpg"));
    let bytes =
        std::fs::read(site.public(jpg.strip_prefix("https://img.example.org/").unwrap())).unwrap();
    assert_eq!(&bytes[..2], &[0xFF, 0xD8], "a JPEG");
}

#[test]
fn resized_images_are_reused_and_shortcodes_resize_page_assets() {
    let site = TestSite::fixture("parity/images");
    site.build().assert_ok();
    let thumbs = site.html("gallery/index.html");
    assert_eq!(thumbs.attr("img.thumb", "data-asset"), "/gallery/photo.jpg");
    assert_eq!(thumbs.attr("img.thumb", "data-size"), "60x30");
    let cached = site.root.join("static/processed_images");
    let before: Vec<_> = std::fs::read_dir(&cached)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().modified().unwrap())
        .collect();
    site.build().assert_ok();
    let after: Vec<_> = std::fs::read_dir(&cached)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().modified().unwrap())
        .collect();
    assert_eq!(before, after, "an unchanged image is not processed again");
}

#[test]
fn resize_image_errors_are_clear() {
    let site = TestSite::fixture("parity/images");
    site.write(
        "templates/page.html",
        "{{ resize_image(path=\"img/wide.png\", width=10, op=\"fit\") }}",
    );
    let err = site.build().stderr();
    assert!(err.contains("op=\"fit\" needs `height`"), "{err}");
    site.write(
        "templates/page.html",
        "{{ resize_image(path=\"img/nope.png\", width=10, height=10) }}",
    );
    let err = site.build().stderr();
    assert!(err.contains("`img/nope.png` does not exist"), "{err}");
}

#[test]
fn check_reports_every_broken_anchor_with_its_place() {
    let site = TestSite::fixture("parity/check");
    let run = site.agora(&["check"]);
    run.assert_fails(1);
    let err = run.stderr();
    assert!(
        err.contains("`@/docs/guide.md#nowhere`") && err.contains("_index.md:4:"),
        "{err}"
    );
    assert!(
        err.contains("`@/docs/_index.md#overview`") && err.contains("guide.md:10:"),
        "{err}"
    );
    assert!(
        !err.contains("#install`"),
        "a heading id is a good anchor: {err}"
    );
    assert!(
        !err.contains("#custom`"),
        "an id attribute is a good anchor: {err}"
    );
    assert!(!err.contains("#over`"), "{{#id}} is a good anchor: {err}");
    assert!(err.contains("2 errors"), "{err}");
    assert!(!site.exists("index.html"), "check writes nothing");
}

#[test]
fn check_reads_anchors_of_targets_as_zola_does_for_every_link() {
    let site = TestSite::fixture("parity/check");
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\n[named](@/docs/guide.md#fred) [data](@/docs/guide.md#george)\n",
    );
    site.write(
        "content/docs/guide.md",
        "+++\ntitle = \"Guide\"\n+++\n<a name=\"fred\"></a>\n\n<div data-id=\"george\"></div>\n",
    );
    let run = site.agora(&["check"]);
    run.assert_fails(1);
    let err = run.stderr();
    // `name=` is an anchor, as on external pages; `data-id=` is not.
    assert!(!err.contains("#fred`"), "{err}");
    assert!(err.contains("`@/docs/guide.md#george`"), "{err}");
    assert!(err.contains("1 error"), "{err}");
}

#[test]
fn check_passes_a_clean_site_and_reports_broken_links_too() {
    let site = TestSite::fixture("parity/check");
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nSee [install](@/docs/guide.md#install).\n",
    );
    site.write(
        "content/docs/guide.md",
        "+++\ntitle = \"Guide\"\n+++\n# Install\n\n[ok](@/docs/_index.md#over)\n",
    );
    let run = site.agora(&["check"]);
    run.assert_ok();
    assert!(
        run.stdout().contains(
            "Checked 1 pages and 2 sections: 2 internal links, 2 with an anchor; no problems"
        ),
        "{}",
        run.stdout()
    );
    site.write(
        "content/docs/guide.md",
        "+++\ntitle = \"Guide\"\n+++\n# Install\n\n[gone](@/docs/missing.md)\n",
    );
    let run = site.agora(&["check"]);
    run.assert_fails(1);
    assert!(run.stderr().contains("guide.md:6:1"), "{}", run.stderr());
    assert!(
        run.stderr().contains("`@/docs/missing.md` does not exist"),
        "{}",
        run.stderr()
    );
}

fn search_index(site: &TestSite, name: &str) -> serde_json::Value {
    let text = site.read(name);
    let json = text
        .strip_prefix("window.searchIndex = ")
        .unwrap_or_else(|| panic!("{name} is a script: {}", &text[..40.min(text.len())]));
    serde_json::from_str(json).expect("the index is JSON")
}

#[test]
fn zola_search_index_per_language_in_elasticlunr_format() {
    let site = TestSite::fixture("parity/search");
    let run = site.build();
    run.assert_ok();
    assert!(site.read("elasticlunr.min.js").contains("elasticlunr"));
    let en = search_index(&site, "search_index.en.js");
    assert_eq!(
        en["fields"],
        serde_json::json!(["title", "description", "path", "body"])
    );
    assert_eq!(
        en["pipeline"],
        serde_json::json!(["trimmer", "stopWordFilter", "stemmer"])
    );
    let docs = &en["documentStore"]["docs"];
    let post = &docs["https://search.example.org/blog/rights/"];
    assert_eq!(post["title"], "Human rights defenders");
    assert_eq!(post["description"], "Protecting defenders");
    assert_eq!(post["body"], "Defenders are protected by law.");
    assert!(
        docs.get("https://search.example.org/").is_some(),
        "sections too"
    );
    assert!(
        docs.get("https://search.example.org/blog/secret/")
            .is_none(),
        "in_search_index = false"
    );
    // stemmed: "defenders" is indexed as "defend"
    assert!(
        en["index"]["body"]["root"]["d"]["e"]["f"]["e"]["n"]["d"]["docs"]
            .get("https://search.example.org/blog/rights/")
            .is_some()
    );
    let fr = search_index(&site, "search_index.fr.js");
    assert_eq!(fr["lang"], "French");
    assert!(
        fr["documentStore"]["docs"]
            .get("https://search.example.org/fr/blog/rights/")
            .is_some()
    );
}

#[test]
fn zola_search_index_unstemmed_where_elasticlunr_lacks_the_language() {
    let site = TestSite::fixture("parity/search");
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr().contains(
            "elasticlunr has no stemmer for `ky`: its search index (search_index.ky.*) is unstemmed"
        ),
        "{}",
        run.stderr()
    );
    let ky = search_index(&site, "search_index.ky.js");
    assert_eq!(ky["pipeline"], serde_json::json!([]));
    let body = &ky["index"]["body"]["root"];
    let word: Vec<char> = "мыйзам".chars().collect();
    let mut node = body;
    for c in &word {
        node = &node[c.to_string()];
    }
    assert!(
        node["docs"]
            .get("https://search.example.org/ky/blog/rights/")
            .is_some(),
        "Kyrgyz words are indexed as written"
    );
}

#[test]
fn zola_search_index_as_json_or_off() {
    let site = TestSite::fixture("parity/search");
    let config = site.read_source("config.toml").replace(
        "include_path = true",
        "include_path = true\nindex_format = \"elasticlunr_json\"",
    );
    site.write("config.toml", &config);
    site.build().assert_ok();
    let json: serde_json::Value = serde_json::from_str(&site.read("search_index.en.json")).unwrap();
    assert_eq!(json["ref"], "id");
    assert!(!site.exists("search_index.en.js"));

    let off = TestSite::fixture("parity/search");
    off.write(
        "config.toml",
        "base_url = \"https://search.example.org\"\n[languages.fr]\n[languages.ky]\n",
    );
    off.build().assert_ok();
    assert!(!off.exists("elasticlunr.min.js"));
    assert!(!off.exists("search_index.en.js"));
}

#[test]
fn shortcodes_resolve_internal_links() {
    let site = shortcodes();
    let page = site.html("docs/index.html");
    assert_eq!(
        page.attr("p.sc-link > a", "href"),
        "https://sc.example.org/docs/"
    );
    assert_eq!(
        page.attr("p.sc-link span a", "href"),
        "https://sc.example.org/docs/guide/#start",
        "the markdown filter in a shortcode resolves @/ links"
    );
}

#[test]
fn cachebusted_url_of_compiled_sass() {
    let site = TestSite::fixture("parity/sass");
    site.build().assert_ok();
    let href = site.html("index.html").attr("link", "href");
    let hash = href
        .strip_prefix("https://sass.example.org/site.css?h=")
        .unwrap_or_else(|| panic!("{href}"));
    assert_eq!(hash.len(), 20, "{href}");
}

#[test]
fn zola_search_index_in_fuse_format() {
    let site = TestSite::fixture("parity/search");
    let config = site.read_source("config.toml").replace(
        "include_path = true",
        "include_path = true\nindex_format = \"fuse_javascript\"",
    );
    site.write("config.toml", &config);
    site.build().assert_ok();
    let docs = search_index(&site, "search_index.en.js");
    let post = docs
        .as_array()
        .expect("an array of documents")
        .iter()
        .find(|d| d["url"] == "https://search.example.org/blog/rights/")
        .expect("the post");
    assert_eq!(
        post,
        &serde_json::json!({
            "url": "https://search.example.org/blog/rights/",
            "title": "Human rights defenders",
            "description": "Protecting defenders",
            "body": "Defenders are protected by law.",
            "path": "/blog/rights/"
        })
    );
    assert!(!site.exists("elasticlunr.min.js"));
}

#[test]
fn functions_find_colocated_assets_by_their_published_path() {
    // Zola finds these in its output folder, where assets are copied first.
    let site = TestSite::fixture("parity/images");
    site.write(
        "content/gallery/index.md",
        "+++\ntitle = \"Gallery\"\npath = \"pictures\"\n+++\n",
    );
    site.write(
        "templates/page.html",
        "{% set m = get_image_metadata(path=\"pictures/photo.jpg\") %}<p id=\"m\">{{ m.width }}x{{ m.height }}</p><p id=\"u\">{{ get_url(path=\"pictures/photo.jpg\", cachebust=true) }}</p>",
    );
    site.build().assert_ok();
    let page = site.html("pictures/index.html");
    assert_eq!(page.text("#m"), "400x200");
    assert!(
        page.text("#u")
            .starts_with("https://img.example.org/pictures/photo.jpg?h="),
        "{}",
        page.text("#u")
    );
}

#[test]
fn bad_argument_in_a_body_shortcode_is_an_error_at_the_argument() {
    // Zola cannot parse this page: the opening is not a shortcode, so the
    // `{% end %}` closes nothing.
    let site = TestSite::fixture("parity/shortcodes");
    site.write(
        "content/docs/broken.md",
        "+++\ntitle = \"B\"\n+++\nIntro.\n\n{% quote(author=Ada) %}\nText.\n{% end %}\n",
    );
    let run = site.build();
    run.assert_fails(1);
    let err = run.stderr();
    assert!(
        err.contains("bad argument in the shortcode `quote`"),
        "{err}"
    );
    assert!(err.contains("closes nothing"), "{err}");
    assert!(err.contains("broken.md:6:17"), "{err}");
}

#[test]
fn integer_argument_too_large_is_an_error() {
    // Zola's grammar accepts the call, then Zola crashes on the number.
    let site = TestSite::fixture("parity/shortcodes");
    site.write(
        "content/docs/broken.md",
        "+++\ntitle = \"B\"\n+++\n\n{{ badge(label=\"x\", n=99999999999999999999) }}\n",
    );
    let run = site.build();
    run.assert_fails(1);
    let err = run.stderr();
    assert!(
        err.contains("`99999999999999999999` does not fit in a 64-bit integer"),
        "{err}"
    );
    assert!(err.contains("broken.md:5:23"), "{err}");
}

#[test]
fn arguments_zola_accepts_still_build() {
    let site = TestSite::fixture("parity/shortcodes");
    site.write(
        "content/docs/fine.md",
        // no comma between arguments, a float too large (null in Zola), and
        // tabi's apostrophe in a '…' string, which makes the call text, as
        // Zola shows it
        "+++\ntitle = \"F\"\n+++\n{{ badge(label=\"a\" extra=[1, \"two\"]) }}\n\n{{ badge(label=\"b\" big=1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000.5) }}\n\n{{ badge(label='l'x') }}\n",
    );
    let run = site.build();
    run.assert_ok();
    let page = site.html("docs/fine/index.html");
    assert_eq!(page.texts("span.badge"), vec!["a", "b"]);
    assert!(
        site.read("docs/fine/index.html")
            .contains("{{ badge(label=&#39;l&#39;x&#39;) }}")
            || site
                .read("docs/fine/index.html")
                .contains("{{ badge(label='l'x') }}"),
        "{}",
        site.read("docs/fine/index.html")
    );
}
