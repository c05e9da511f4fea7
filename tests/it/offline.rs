//! Readers beyond the web: the offline edition (`--offline`, `[agora]
//! offline`, `--zip`), sitemaps and pages with hreflang alternates and
//! x-default, and task lists whose checkboxes are labelled. The browser side
//! (a crawl from file://, axe-core) is in tests/browser, run by `browser.rs`.

use std::collections::BTreeMap;
use std::io::Read;

use crate::harness::TestSite;

/// Every internal URL attribute of every HTML file of the output, with the file.
fn url_attributes(site: &TestSite) -> Vec<(String, String)> {
    let selector = scraper::Selector::parse("[href], [src], [action], [srcset]").unwrap();
    let mut out = Vec::new();
    for file in site.output_files() {
        if !file.ends_with(".html") {
            continue;
        }
        let html = scraper::Html::parse_document(&site.read(&file));
        for el in html.select(&selector) {
            for attr in ["href", "src", "action", "srcset"] {
                if let Some(v) = el.value().attr(attr) {
                    out.push((file.clone(), v.to_string()));
                }
            }
        }
    }
    out
}

#[test]
fn the_offline_hub_has_only_relative_internal_urls_that_name_files() {
    let site = TestSite::hub();
    site.agora(&["build", "--offline"]).assert_ok();
    let urls = url_attributes(&site);
    assert!(urls.len() > 1000, "the hub has links ({})", urls.len());
    for (file, url) in &urls {
        assert!(
            !url.starts_with("https://hub.example.org") && !url.starts_with('/'),
            "{file}: `{url}` is not relative"
        );
        let path = url.split(['#', '?']).next().unwrap_or("");
        if url.contains("://") || url.starts_with("mailto:") || path.is_empty() {
            continue;
        }
        assert!(
            !path.ends_with('/'),
            "{file}: `{url}` names a folder, not a file"
        );
        // The file it names exists, relative to the page.
        let dir = std::path::Path::new(file).parent().unwrap();
        let target = site.public(&dir.join(path).to_string_lossy());
        assert!(
            target.is_file(),
            "{file}: `{url}` → {} is missing",
            target.display()
        );
    }
    // The stylesheet from a document two folders down, the language switcher, search.
    let page = site.html("fr/letters/index.html");
    assert_eq!(page.attr("link[rel=stylesheet]", "href"), "../../hub.css");
    assert_eq!(
        page.attr(".lang-switcher a[hreflang=en]", "href"),
        "../../letters/index.html"
    );
    assert!(
        page.attr("script[src*=agora-search]", "src")
            .starts_with("../../search/agora-search.")
    );
    // Text is not a link: feeds, the sitemap and robots.txt keep the public addresses.
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://hub.example.org/letters/</loc>")
    );
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://hub.example.org/sitemap.xml")
    );
}

#[test]
fn offline_in_the_config_does_the_same_and_a_plain_zola_site_stays_plain() {
    let site = TestSite::fixture("offline/zola-theme");
    let config = site.read_source("config.toml");
    site.write(
        "config.toml",
        &format!("{config}\n[agora]\noffline = true\n"),
    );
    site.build().assert_ok();
    let page = site.html("posts/first/index.html");
    // get_url, config.base_url, get_taxonomy_url, @/ links, Markdown's root-relative
    // and relative links, a theme's root-relative favicon: all relative files.
    assert_eq!(page.attr("link[rel=stylesheet]", "href"), "../../site.css");
    assert_eq!(page.attr("link[rel=icon]", "href"), "../../favicon.svg");
    assert_eq!(page.attr("a.home", "href"), "../../index.html");
    assert_eq!(
        page.attrs("article a", "href")[..3],
        [
            "../second/index.html#method",
            "../third/index.html",
            "../third/index.html"
        ]
    );
    assert!(
        page.attrs(".tags a", "href")
            .contains(&"../../tags/water/index.html".to_string())
    );
    assert_eq!(
        page.attr(".languages a", "href"),
        "../../fr/posts/first/index.html"
    );
    // Sass: url() relative to the stylesheet.
    assert!(
        site.read("site.css").contains("url(\"header.svg\")")
            || site.read("site.css").contains("url(header.svg)")
    );
    // `offline` alone does not turn on agora's multilingual model: no placeholders.
    assert!(!site.exists("fr/posts/second/index.html"));
    // Pagination redirects (meta refresh) point at files too.
    // (posts/page/1/ → posts/), with and without scripts.
    let redirect = site.read("posts/page/1/index.html");
    assert!(redirect.contains("url=../../index.html"), "{redirect}");
    assert!(
        redirect.contains("const target = \"../../index.html\""),
        "{redirect}"
    );
}

#[test]
fn zip_writes_the_offline_edition_in_one_folder_with_the_same_bytes() {
    let site = TestSite::fixture("offline/zola-theme");
    let zip_path = site.root.join("../notes.zip");
    site.agora(&["build", "--zip", zip_path.to_str().unwrap()])
        .assert_ok();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let mut names = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().to_string();
        if entry.is_file() {
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            let inside = name.strip_prefix("notes/").expect("under notes/");
            assert_eq!(bytes, std::fs::read(site.public(inside)).unwrap(), "{name}");
        }
        names.push(name);
    }
    for expected in [
        "notes/index.html",
        "notes/posts/third/chart.svg",
        "notes/site.css",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    assert_eq!(
        names.iter().filter(|n| !n.ends_with('/')).count(),
        site.output_files().len(),
        "every file of the copy is in the zip"
    );
    // --zip implies --offline.
    assert!(site.read("index.html").contains("href=\"site.css\""));
    // The same site gives the same zip.
    let first = std::fs::read(&zip_path).unwrap();
    site.agora(&["build", "--zip", zip_path.to_str().unwrap()])
        .assert_ok();
    assert_eq!(
        first,
        std::fs::read(&zip_path).unwrap(),
        "byte-identical zips"
    );
}

#[test]
fn a_zip_inside_the_output_folder_is_refused() {
    let site = TestSite::fixture("offline/zola-theme");
    let run = site.agora(&["build", "--zip", "public/site.zip"]);
    run.assert_fails(2);
    assert!(
        run.stderr().contains("inside the output directory"),
        "{}",
        run.stderr()
    );
}

/// The sitemap read as XML: loc → [(hreflang, href)].
fn sitemap_alternates(xml: &str) -> BTreeMap<String, Vec<(String, String)>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut loc = String::new();
    let mut in_loc = false;
    let mut links = Vec::new();
    loop {
        match reader.read_event().expect("well-formed sitemap") {
            Event::Start(e) if e.name().as_ref() == "loc" => in_loc = true,
            Event::Text(t) if in_loc => loc = t.xml10_content().into_owned(),
            Event::End(e) if e.name().as_ref() == "loc" => in_loc = false,
            Event::Empty(e) if e.name().as_ref() == "xhtml:link" => {
                let mut attrs = BTreeMap::new();
                for a in e.attributes() {
                    let a = a.expect("an attribute");
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .expect("a value");
                    attrs.insert(a.key.as_ref().to_string(), value.into_owned());
                }
                assert_eq!(attrs["rel"], "alternate");
                links.push((attrs["hreflang"].clone(), attrs["href"].clone()));
            }
            Event::End(e) if e.name().as_ref() == "url" => {
                out.insert(std::mem::take(&mut loc), std::mem::take(&mut links));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn the_sitemap_lists_real_translations_with_x_default_and_no_placeholder() {
    let site = TestSite::hub();
    site.build().assert_ok();
    let xml = site.read("sitemap.xml");
    assert!(xml.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let sitemap = sitemap_alternates(&xml);
    let letter = "https://hub.example.org/letters/letter-to-the-office-of-counter-terrorism/";
    let alternates = &sitemap[letter];
    let langs: Vec<&str> = alternates.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(langs, ["en", "ar", "fr", "ru", "x-default"]);
    assert_eq!(
        alternates.last().unwrap().1,
        letter,
        "x-default is the English original"
    );
    // A document only in English has no alternates; placeholders are nowhere.
    assert!(sitemap["https://hub.example.org/events/csos-in-prisons-side-event/"].is_empty());
    assert!(
        !xml.contains("/ky/letters/letter-to"),
        "no Kyrgyz placeholder in the sitemap"
    );
    // A document translated into Kyrgyz lists its Kyrgyz version.
    let brief = &sitemap["https://hub.example.org/briefs/letter-to-oct-announcement/"];
    assert!(brief.iter().any(|(lang, href)| lang == "ky"
        && href == "https://hub.example.org/ky/briefs/letter-to-oct-announcement/"));
    // The page says the same in its head.
    let page = site.html("fr/letters/letter-to-the-office-of-counter-terrorism/index.html");
    let head: Vec<(String, String)> = page
        .html
        .select(&scraper::Selector::parse("link[rel=alternate][hreflang]").unwrap())
        .map(|l| {
            (
                l.value().attr("hreflang").unwrap().to_string(),
                l.value().attr("href").unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(&head, alternates);
    // A Kyrgyz placeholder points at the real versions, never at itself.
    let ky = site.html("ky/letters/letter-to-the-office-of-counter-terrorism/index.html");
    let ky_langs = ky.attrs("link[rel=alternate][hreflang]", "hreflang");
    assert_eq!(ky_langs, ["en", "ar", "fr", "ru", "x-default"]);
}

#[test]
fn a_plain_zola_site_keeps_zolas_sitemap() {
    let site = TestSite::fixture("offline/zola-theme");
    site.build().assert_ok();
    let xml = site.read("sitemap.xml");
    assert!(!xml.contains("xhtml"), "{xml}");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"));
}

#[test]
fn task_list_checkboxes_are_labelled_by_their_items_text() {
    let site = TestSite::fixture("offline/zola-theme");
    site.write(
        "content/posts/tasks.md",
        "+++\ntitle = \"Tasks\"\n+++\n- [x] Visit *the* wells\n- [ ] Write the report\n  - [ ] nested step\n\n1. [ ] loose item\n\n   more text\n",
    );
    // A plain Zola site keeps the bare checkbox Zola writes.
    site.build().assert_ok();
    let zola_like = site.read("posts/tasks/index.html");
    assert!(
        zola_like.contains(
            "<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\nVisit <em>the</em> wells</li>"
        ),
        "{zola_like}"
    );
    assert_eq!(
        site.html("posts/tasks/index.html").count("article label"),
        0
    );

    // A site that opts into agora's model labels each checkbox by its item's text.
    let config = site.read_source("config.toml");
    site.write(
        "config.toml",
        &format!("{config}\n[agora]\nstatus_page = false\n"),
    );
    site.build().assert_ok();
    let page = site.html("posts/tasks/index.html");
    let labels = page.texts("article label");
    assert_eq!(
        labels
            .iter()
            .map(|l| l.trim().to_string())
            .collect::<Vec<_>>(),
        [
            "Visit the wells",
            "Write the report",
            "nested step",
            "loose item"
        ]
    );
    assert_eq!(
        page.count("article label > input[type=checkbox][disabled]"),
        4
    );
    assert_eq!(page.count("article label > input[checked]"), 1);
    assert_eq!(page.count("article input:not(label > input)"), 0);
    // The nested list and the second paragraph stay outside the label.
    assert_eq!(page.count("article label ul, article label p"), 0);
    let article = site.read("posts/tasks/index.html");
    assert!(article.contains("<li><label><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\nVisit <em>the</em> wells</label></li>"), "{article}");
}
