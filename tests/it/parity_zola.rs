//! Differences found by building public Zola sites with agora
//! (`benches/compat/`), each reduced to a fixture site under
//! `tests/fixtures/parity/zola/<case>/`. Next to the site, `zola-0.22.1/`
//! holds what Zola 0.22.1 wrote for it (`zola build`): agora must write
//! the same files, the same up to white space. The refused cases under
//! `refused/` are sites Zola refuses; agora refuses them too, at file:line:col.

use std::path::Path;

use crate::harness::{TestSite, fixtures_dir};

/// What `benches/compare_outputs.py` ignores: runs of white space, white
/// space between tags, Tera 1's `&#x2F;` for `/` and its apostrophes.
fn normalise(text: &str) -> String {
    let text = text
        .replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&#39;", "'");
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.replace("> <", "><")
}

fn files_under(root: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

/// Builds the fixture `case` with agora and compares every file with Zola 0.22.1's.
#[track_caller]
fn builds_like_zola(case: &str) -> TestSite {
    builds_like(&format!("parity/zola/{case}"), "zola-0.22.1")
}

/// Builds the fixture `case` (a Zola 0.23 site) and compares every file
/// with Zola 0.23's.
#[track_caller]
fn builds_like_zola_023(case: &str) -> TestSite {
    builds_like(&format!("parity/zola023/{case}"), "zola-0.23.0")
}

/// Builds the fixture at `fixture` and compares every file with what the
/// Zola recorded in its folder `recorded` wrote.
#[track_caller]
fn builds_like(fixture: &str, recorded: &str) -> TestSite {
    let case = fixture;
    let site = TestSite::fixture(fixture);
    site.build().assert_ok();
    let expected = fixtures_dir().join(fixture).join(recorded);
    let zola_files = files_under(&expected);
    assert!(!zola_files.is_empty(), "no Zola output recorded for {case}");
    let agora_files = site.output_files();
    assert_eq!(
        agora_files, zola_files,
        "{case}: agora and Zola write different files"
    );
    for rel in &zola_files {
        // agora ships the published elasticlunr 0.9.5, Zola its own build (see the README).
        if rel == "elasticlunr.min.js" {
            continue;
        }
        let zola = std::fs::read(expected.join(rel)).expect("read Zola's file");
        let agora = std::fs::read(site.public(rel)).expect("read agora's file");
        if zola == agora {
            continue;
        }
        let (zola, agora) = (
            String::from_utf8_lossy(&zola),
            String::from_utf8_lossy(&agora),
        );
        assert_eq!(
            normalise(&agora),
            normalise(&zola),
            "{case}: `{rel}` differs from Zola's"
        );
    }
    site
}

#[test]
fn ignored_content_globs_match_the_whole_path_as_in_zola() {
    let site = builds_like_zola("ignored-content");
    assert!(
        !site.exists("README/index.html"),
        "`*/README.md` ignores content/README.md"
    );
    assert!(!site.exists("blog/readme/index.html"));
    assert!(
        site.exists("drafts/b/index.html"),
        "`drafts/*` matches no whole path"
    );
    assert!(
        !site.exists("blog/trip/notes.txt"),
        "`*.txt` ignores a colocated file"
    );
    assert!(site.exists("blog/trip/map.csv"));
}

#[test]
fn keys_zola_ignores_in_taxonomies_and_tables_are_warnings_at_their_place() {
    let site = builds_like_zola("taxonomy-ignored-keys");
    let run = site.build();
    run.assert_ok();
    let err = run.stderr();
    assert!(
        err.contains("`taxonomies.0.rss`") && err.contains("config.toml:3:20"),
        "a warning at the key: {err}"
    );
    assert!(
        err.contains("`link_checker.skip_anchor`") && err.contains("config.toml:7:1"),
        "{err}"
    );
}

#[test]
fn an_index_page_beside_a_section_builds_when_its_url_moves_away() {
    let site = builds_like_zola("index-beside-section");
    assert_eq!(site.html("trip-story/index.html").text("h1"), "Trip page");
    assert_eq!(site.html("trip/index.html").text("h1"), "Trip section");
    assert_eq!(site.html("fr/trip/index.html").text("h1"), "Voyage");
}

#[test]
fn an_index_page_at_its_sections_url_is_refused_at_the_file() {
    let site = TestSite::fixture("parity/zola/refused/index-beside-section");
    let run = site.build();
    run.assert_fails(1);
    let err = run.stderr();
    assert!(err.contains("content/trip/index.md"), "{err}");
    assert!(err.contains("`/trip/`"), "{err}");
    assert!(!site.exists("index.html"));
}

#[test]
fn files_zola_overwrites_are_no_collision() {
    let site = builds_like_zola("no-collision");
    assert_eq!(
        site.read("notes.txt"),
        "from static\n",
        "static files are copied last"
    );
    // `_index.fr.md` is never read when `fr` is the default language.
    assert_eq!(site.html("blog/index.html").text("h1"), "Blog");
    // `post.fr.md` keeps its language code in its name, as in Zola.
    assert!(site.exists("blog/post-fr/index.html"));
    let run = site.build();
    assert!(
        run.stderr().contains("content/blog/_index.fr.md"),
        "the unread file is named in a warning: {}",
        run.stderr()
    );
}

#[test]
fn a_taxonomy_beside_a_section_of_the_same_path_wins_as_in_zola() {
    let site = builds_like_zola("taxonomy-beside-section");
    assert_eq!(site.html("tags/index.html").text("p.taxonomy"), "x");
    assert_eq!(site.html("tags/x/index.html").text("p.term"), "x");
}

#[test]
fn cachebust_and_get_hash_find_the_search_index_the_build_writes() {
    let site = builds_like_zola("cachebust-generated");
    let srcs = site.html("index.html").attrs("script", "src");
    assert!(
        srcs[0].starts_with("https://z.example.org/search_index.en.js?h="),
        "{srcs:?}"
    );
}

#[test]
fn every_spelling_of_the_more_marker_cuts_the_summary() {
    let site = builds_like_zola("more-marker");
    let summaries = site.html("index.html").texts("div.s");
    assert_eq!(summaries[0], "First part.");
    assert_eq!(summaries[1], "First part.");
    assert!(summaries[2].starts_with("First part"), "{summaries:?}");
    assert_eq!(summaries[3], "", "no marker, no summary");
    assert!(
        site.read("c/index.html").contains("<!-- more -->"),
        "a second marker stays"
    );
}

#[test]
fn sitemap_lists_every_page_of_paginated_terms_and_empty_taxonomies() {
    let site = builds_like_zola("sitemap-terms");
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("https://z.example.org/tags/x/page/1/"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("https://z.example.org/tags/x/page/2/"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("https://z.example.org/empty/"),
        "{sitemap}"
    );
    assert!(
        !site.exists("empty/index.html"),
        "an empty taxonomy has no page"
    );
}

#[test]
fn get_url_keeps_the_double_slashes_of_concatenated_paths() {
    let site = builds_like_zola("url-concat");
    let page = site.html("index.html");
    assert_eq!(page.attr("#a", "href"), "https://z.example.org//img/a.png");
    assert_eq!(page.attr("#b", "href"), "https://z.example.org//x//y");
}

#[test]
fn a_missing_anchor_is_a_warning_when_internal_level_is_warn() {
    let site = builds_like_zola("anchor-warn");
    let run = site.build();
    let err = run.stderr();
    assert!(
        err.contains("@/b.md#nowhere") && err.contains("content/a.md:6:"),
        "{err}"
    );
    assert_eq!(
        err.matches("broken anchor").count(),
        1,
        "#top and an existing heading are fine: {err}"
    );
}

#[test]
fn a_missing_anchor_fails_the_build_as_in_zola() {
    let site = TestSite::fixture("parity/zola/refused/anchor");
    let run = site.build();
    run.assert_fails(1);
    let err = run.stderr();
    assert!(
        err.contains("@/b.md#nowhere") && err.contains("content/a.md:4:"),
        "{err}"
    );
}

#[test]
fn yaml_keys_without_values_are_empty_as_in_zola() {
    let site = builds_like_zola("yaml-empty-values");
    // `order: 30` written under an empty `extra:` is a top-level key, not extra.
    assert_eq!(site.html("a/index.html").text("article"), "Ano packages -");
    assert_eq!(site.html("b/index.html").text("article"), "Bno packages -");
}

#[test]
fn dotted_file_names_and_string_dates_read_as_in_zola() {
    let site = builds_like_zola("file-names-and-dates");
    assert_eq!(
        site.html("release-1-0/index.html").text("time"),
        "2018-11-05T15:01:35"
    );
    assert!(site.exists("2-0-timeline/index.html"));
}

#[test]
fn brackets_around_a_for_loop_do_not_make_a_site_tera_2() {
    builds_like_zola("engine-brackets");
}

#[test]
fn a_template_importing_macros_from_one_that_extends_it_builds_as_in_tera_1() {
    // zap: `base.html` imports `macros/hooks.html`, which extends `base.html`.
    let site = builds_like_zola("import-extends");
    assert_eq!(site.html("a/index.html").text("span.below"), "A page");
    assert_eq!(site.html("index.html").text("footer"), "made with hooks");
}

#[test]
fn a_protocol_relative_base_url_builds_as_in_zola() {
    // archie: `base_url = "//archie-zola.netlify.app/"`.
    let site = builds_like_zola("protocol-relative");
    assert_eq!(
        site.html("a/index.html").attr("#home", "href"),
        "//z.example.org/"
    );
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>//z.example.org/a/</loc>")
    );
}

#[test]
fn mode_in_the_config_is_accepted_and_shown_to_templates_as_zola_build_does() {
    let site = builds_like_zola("config-mode");
    assert_eq!(site.html("index.html").text("#mode"), "serve");
}

#[test]
fn the_zola_search_index_holds_characters_where_the_html_has_entities() {
    // easydocs: `&#xE732;` (an icon font) made every cachebust hash differ.
    let site = builds_like_zola("search-entities");
    let index = site.read("search_index.en.js");
    assert!(index.contains("Click &nbsp;\u{e732} to open"), "{index}");
    assert!(index.contains("Tom &amp; Jerry/s © 2024"), "{index}");
    let zola = fixtures_dir().join("parity/zola/search-entities/zola-0.22.1/index.html");
    assert_eq!(
        site.read("index.html"),
        std::fs::read_to_string(zola).expect("Zola's index.html"),
        "the same cachebust hash as Zola"
    );
}

#[test]
fn a_paginated_term_still_lists_all_its_pages_as_in_zola() {
    // zolarwind: "{{ term.pages | length }} posts with tag" on paginated tags.
    let site = builds_like_zola("paginated-term-pages");
    let second = site.html("tags/x/page/2/index.html");
    assert_eq!(second.text("#count"), "2 2");
    assert_eq!(second.texts("#all li"), vec!["B", "A"]);
    assert_eq!(second.texts("#here li"), vec!["A"]);
}

#[test]
fn processed_images_are_byte_for_byte_zolas() {
    // kita (PNG with alpha, JPEG) and apollo (WebP): the same bytes as Zola's.
    let site = builds_like_zola("image-bytes");
    let zola = fixtures_dir().join("parity/zola/image-bytes/zola-0.22.1/processed_images");
    for entry in std::fs::read_dir(zola).expect("Zola's images") {
        let entry = entry.expect("entry");
        let name = entry.file_name().to_string_lossy().to_string();
        assert!(
            std::fs::read(site.public(&format!("processed_images/{name}"))).expect("agora's")
                == std::fs::read(entry.path()).expect("Zola's"),
            "{name} differs from Zola's"
        );
    }
}

#[test]
fn bottom_footnotes_put_their_back_references_where_zola_does() {
    // radion: a note ending in a code block or a quote gets `↩` after it.
    let site = builds_like_zola("bottom-footnotes");
    let page = site.html("a/index.html");
    assert_eq!(page.text("#fn-plain p"), "A plain note. ↩ ↩2");
    assert_eq!(page.text("#fn-quote blockquote"), "Quoted text.");
}

#[test]
fn default_language_feeds_show_in_config_but_write_no_feed_as_in_zola() {
    // portio: `[languages.fr] generate_feeds = true` with `fr` the default.
    let site = builds_like_zola("default-language-feeds");
    assert_eq!(site.html("index.html").text("#g"), "true fr");
    assert_eq!(site.html("en/index.html").text("p.l"), "fr true");
    assert!(!site.exists("atom.xml"));
}

#[test]
fn files_without_extension_and_editor_files_are_no_assets_as_in_zola() {
    // aosc-wiki: `content/LICENSE` is not copied by Zola (it takes it for a temporary file).
    let site = builds_like_zola("assets-without-extension");
    assert!(!site.exists("LICENSE") && !site.exists("trip/LICENSE"));
    assert!(!site.exists("trip/draft.txt.swp"));
    assert_eq!(
        site.html("trip/index.html").text("#assets"),
        "/trip/a.txt,/trip/B.txt"
    );
}

#[test]
fn dates_with_a_fraction_of_zeros_print_as_in_zola() {
    // aosc-wiki: `date = 2021-07-23T22:50:00.00Z` is `2021-07-23T22:50:00Z` in Zola.
    let site = builds_like_zola("date-fractions");
    assert_eq!(site.html("a/index.html").text("#d"), "2021-07-23T22:50:00Z");
    assert_eq!(site.html("c/index.html").text("#d"), "2021-07-23T22:50:00Z");
}

#[test]
fn links_and_images_relative_to_the_page_are_zolas() {
    // aosc-wiki: `![x](@/img/a.jpg)` is relative to the page in Zola, as `?q=1` is.
    let site = builds_like_zola("link-forms");
    let page = site.html("a/index.html");
    assert_eq!(
        page.attrs("img", "src")[0],
        "https://z.example.org/a/@/img/x.png"
    );
    assert_eq!(page.attrs("a", "href")[0], "https://z.example.org/a/?x=1");
}

#[test]
fn a_link_without_a_url_is_refused_at_its_place_as_in_zola() {
    let site = TestSite::fixture("parity/zola/refused/empty-link");
    let run = site.build();
    run.assert_fails(1);
    let err = run.stderr();
    assert!(
        err.contains("content/a.md:4:5") && err.contains("without a URL"),
        "{err}"
    );
}

#[test]
fn safe_slugs_keep_spaces_and_drop_only_what_windows_forbids() {
    let site = builds_like_zola("slugify-safe");
    assert!(site.exists("blog/Права человека 2026/index.html"));
    assert!(site.exists("tags/C'est l'été/index.html"));
    let page = site.html("blog/Hello World (draft)/index.html");
    assert_eq!(
        page.attr("h2", "id"),
        "A_heading_(with_parentheses)",
        "anchors replace ASCII spaces with `_`"
    );
}

#[test]
fn a_language_without_its_own_feed_filenames_writes_atom_xml_only() {
    let site = builds_like_zola("language-feed-files");
    assert!(site.exists("rss.xml") && site.exists("tags/beta/rss.xml"));
    assert!(site.exists("fr/tags/beta/atom.xml"));
    assert!(!site.exists("fr/tags/beta/rss.xml"));
    assert!(!site.exists("fr/rss.xml"));
    assert!(site.exists("de/tags/beta/rss.xml") && !site.exists("de/tags/beta/atom.xml"));
}

#[test]
fn external_link_titles_keep_their_apostrophes_as_zola_writes_them() {
    let site = builds_like_zola("external-link-title");
    let html = site.read("links/index.html");
    assert!(
        html.contains("title=\"Organic Maps'la sohbet et\""),
        "{html}"
    );
}

/// A Zola 0.23 site whose templates say nothing of their generation: its
/// content's `{% raw %}` blocks choose Tera 2 (Zola 0.22 would print them);
/// `get_hash` finds the highlighting stylesheets Zola 0.23 writes; a
/// strftime `date` format with a locale is Zola 0.23's tera-contrib's.
#[test]
fn content_with_raw_blocks_builds_as_zola_0_23_builds_it() {
    let site = builds_like_zola_023("raw-content");
    let home = site.html("index.html");
    assert_eq!(home.text("code"), "{{ get_page(path=\"hello.md\") }}");
    assert_eq!(
        home.attr("meta[name=generator]", "content"),
        "Zola v0.23.0",
        "every template sees zola_version, not only pages"
    );
    assert_eq!(
        site.html("post/index.html").text("sup.footnote-reference"),
        "[1]",
        "Zola 0.23 brackets the numbers of bottom footnotes"
    );
    assert!(
        home.texts("p")
            .contains(&"Printed by the page: 3.".to_string()),
        "{:?}",
        home.texts("p")
    );
}

/// Zola 0.23 registers its redirect template under its own name: a theme's
/// `internal/alias.html` is never used, for aliases or pagination (linkita).
#[test]
fn zola_0_23_redirects_ignore_a_themes_alias_template() {
    let site = builds_like_zola_023("theme-alias");
    assert!(!site.read("old-a/index.html").contains("theme redirect"));
    assert!(
        !site
            .read("blog/page/1/index.html")
            .contains("theme redirect")
    );
}

#[test]
fn plain_zola_sites_keep_zolas_bare_task_list_checkboxes() {
    let site = builds_like_zola("task-lists");
    let page = site.html("tasks/index.html");
    assert_eq!(page.count("li > input[type=checkbox][disabled]"), 3);
    assert_eq!(page.count("label"), 0);
}

#[test]
fn korean_search_index_uses_elasticlunrs_korean_pipeline_as_zola() {
    let site = builds_like_zola("search-korean");
    let index = site.read("search_index.ko.js");
    assert!(
        index.contains(r#""pipeline":["trimmer-ko","stopWordFilter-ko","stemmer-ko"]"#),
        "{index}"
    );
}

#[test]
fn sitemap_entries_carry_their_documents_extra_as_zola() {
    let site = builds_like_zola("sitemap-extra");
    let xml = site.read("sitemap.xml");
    assert!(
        xml.contains("<image:loc>https://example.org/news&#x2F;first.jpg</image:loc>"),
        "{xml}"
    );
    assert!(xml.contains(r#"<extra>{"menu":"News"}</extra>"#), "{xml}");
}
