//! agora's own search: the files a build writes (manifests, term chunks,
//! document shards, facets, the client, the search pages) and what they
//! hold, over the fixture `search/multilingual` and the demo hub.

use std::io::Write as _;

use serde_json::Value;

use crate::harness::TestSite;

fn built() -> TestSite {
    let site = TestSite::fixture("search/multilingual");
    site.build().assert_ok();
    site
}

/// The data of an index file: `agoraSearch("name",DATA);`.
#[track_caller]
fn data(site: &TestSite, rel: &str) -> Value {
    let text = site.read(rel);
    let start = text
        .strip_prefix("agoraSearch(\"")
        .and_then(|t| t.find("\","))
        .unwrap_or_else(|| panic!("{rel} does not register its data: {text}"));
    let body = &text["agoraSearch(\"".len() + start + 2..];
    let body = body.trim_end().strip_suffix(");").expect("ends with );");
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn manifest(site: &TestSite, lang: &str) -> Value {
    data(site, &format!("search/{lang}.js"))
}

/// Every document record of a language: [title, path, date, excerpt, langs].
fn records(site: &TestSite, lang: &str) -> Vec<Value> {
    let m = manifest(site, lang);
    assert_eq!(
        m["shardPages"], false,
        "a small site lists its shards itself"
    );
    m["shards"]
        .as_array()
        .expect("shards")
        .iter()
        .flat_map(|s| {
            // [first document, name]
            data(site, &format!("search/{}.js", s[1].as_str().expect("name")))
                .as_array()
                .expect("records")
                .clone()
        })
        .collect()
}

/// The documents (titles) a folded surface form leads to in a language.
fn lookup(site: &TestSite, lang: &str, surface: &str) -> Vec<String> {
    let m = manifest(site, lang);
    let chunks = m["chunks"].as_array().expect("chunks");
    let chunk = chunks
        .iter()
        .rev()
        .find(|c| c[0].as_str().expect("first") <= surface)
        .unwrap_or(&chunks[0]);
    let d = data(
        site,
        &format!("search/{}.js", chunk[1].as_str().expect("name")),
    );
    let words: Vec<&str> = d["w"]
        .as_array()
        .expect("words")
        .iter()
        .map(|w| w.as_str().expect("word"))
        .collect();
    let Ok(at) = words.binary_search(&surface) else {
        return Vec::new();
    };
    let stems: Vec<u64> = match &d["s"][at] {
        Value::Array(a) => a.iter().map(|v| v.as_u64().expect("ref")).collect(),
        v => vec![v.as_u64().expect("ref")],
    };
    let recs = records(site, lang);
    let mut titles: Vec<String> = stems
        .iter()
        .flat_map(|&s| {
            agora::search::layout::decode_postings(d["p"][s as usize].as_str().expect("postings"))
        })
        .map(|(doc, _)| recs[doc as usize][0].as_str().expect("title").to_string())
        .collect();
    titles.sort();
    titles.dedup();
    titles
}

#[test]
fn every_language_gets_a_manifest_chunks_shards_and_facets() {
    let site = built();
    for lang in ["en", "ru", "ar", "ky"] {
        let m = manifest(&site, lang);
        assert_eq!(m["lang"], lang);
        for name in m["chunks"]
            .as_array()
            .expect("chunks")
            .iter()
            .map(|c| c[1].clone())
            .chain(
                m["shards"]
                    .as_array()
                    .expect("shards")
                    .iter()
                    .map(|s| s[1].clone()),
            )
            .chain([m["facets"].clone(), m["langs"].clone()])
        {
            let name = name.as_str().expect("file name");
            // Content-hashed names: `<lang>.<kind>.<10 hex digits>`.
            let hash = name.rsplit('.').next().expect("hash");
            assert!(
                hash.len() == 10 && hash.chars().all(|c| c.is_ascii_hexdigit()),
                "{name}"
            );
            assert!(site.exists(&format!("search/{name}.js")), "{name}");
        }
    }
    assert_eq!(manifest(&site, "ar")["dir"], "rtl");
    assert_eq!(manifest(&site, "en")["n"], 3);
    assert_eq!(manifest(&site, "ru")["n"], 1);
    // The client, named by its own hash, is shipped into the site.
    let clients: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.starts_with("search/agora-search.") && f.ends_with(".js"))
        .collect();
    assert_eq!(clients.len(), 1, "{clients:?}");
}

#[test]
fn placeholders_are_not_indexed_their_language_searches_its_fallbacks() {
    let site = built();
    // Kyrgyz has no document of its own: an empty index that searches ru, then en.
    let ky = manifest(&site, "ky");
    assert_eq!(ky["n"], 0);
    assert_eq!(ky["also"], serde_json::json!(["ru", "en"]));
    assert!(
        site.exists("ky/briefs/funding/index.html"),
        "the placeholder page exists"
    );
    // Russian indexes its one real translation, not the placeholders of the others.
    let titles: Vec<String> = records(&site, "ru")
        .iter()
        .map(|r| r[0].as_str().expect("title").to_string())
        .collect();
    assert_eq!(titles, ["Доверие между общинами и полицией"]);
    assert_eq!(manifest(&site, "ru")["also"], serde_json::json!(["en"]));
    // Records say which languages a document exists in.
    let en = records(&site, "en");
    let police = en
        .iter()
        .find(|r| r[1] == "letters/police/")
        .expect("police letter");
    assert_eq!(police[4], "en ru");
}

#[test]
fn russian_inflected_forms_lead_to_the_same_documents() {
    let site = built();
    let expected = vec!["Доверие между общинами и полицией".to_string()];
    // «полицией» in the title and text, «полиции» in the description: both
    // forms are in the dictionary and lead to the same stem's documents.
    assert_eq!(lookup(&site, "ru", "общества"), expected);
    assert_eq!(lookup(&site, "ru", "полицией"), expected);
    assert_eq!(
        lookup(&site, "ru", "полиции"),
        expected,
        "from the description"
    );
    assert_eq!(lookup(&site, "ru", "экстремизма"), expected);
}

#[test]
fn arabic_is_folded_and_stemmed() {
    let site = built();
    let expected = vec!["المجتمع المدني في السجون".to_string()];
    // Written with harakat in the text, found without them.
    assert_eq!(lookup(&site, "ar", "المجتمع"), expected);
    assert_eq!(lookup(&site, "ar", "التطرف"), expected);
    assert!(lookup(&site, "ar", "المُجْتَمَع").is_empty(), "keys are folded");
}

#[test]
fn english_words_diacritics_and_fields() {
    let site = built();
    // Stems join "police" and "policing"; the title and headings are indexed.
    assert_eq!(
        lookup(&site, "en", "policing"),
        vec!["Trust between communities and the police".to_string()]
    );
    assert_eq!(
        lookup(&site, "en", "recommendations"),
        vec!["Trust between communities and the police".to_string()]
    );
    // "Café" is found as "cafe".
    assert_eq!(
        lookup(&site, "en", "cafe"),
        vec!["Civil society in prisons".to_string()]
    );
    assert_eq!(lookup(&site, "en", "society").len(), 2);
}

#[test]
fn documents_are_ordered_by_section_then_newest_with_facets() {
    let site = built();
    let m = manifest(&site, "en");
    assert_eq!(m["sections"], serde_json::json!(["Briefs", "Letters"]));
    // briefs: prisons (2021), funding (2018); letters: police (2019).
    assert_eq!(
        m["ranges"],
        serde_json::json!([[0, 0, 2021], [1, 0, 2018], [2, 1, 2019]])
    );
    let paths: Vec<Value> = records(&site, "en").iter().map(|r| r[1].clone()).collect();
    assert_eq!(
        paths,
        ["briefs/prisons/", "briefs/funding/", "letters/police/"]
    );
    let facets = data(
        &site,
        &format!("search/{}.js", m["facets"].as_str().expect("name")),
    );
    let names: Vec<&str> = facets
        .as_array()
        .expect("facets")
        .iter()
        .map(|f| f["n"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["topics", "regions"]);
    // Regions: Global (docs 0 and 1: gaps "0", "1"), Central Asia (doc 2).
    assert_eq!(
        facets[1]["v"],
        serde_json::json!([["Global", "01"], ["Central Asia", "2"]])
    );
    // Which languages each document exists in, in a file of its own.
    let langs = data(
        &site,
        &format!("search/{}.js", m["langs"].as_str().expect("name")),
    );
    assert_eq!(
        langs[0]["v"],
        serde_json::json!([["en", "011"], ["ar", "0"], ["ru", "2"]])
    );
}

#[test]
fn excerpts_strings_and_plurals_come_with_the_manifest() {
    let site = built();
    let en = records(&site, "en");
    let prisons = &en[0];
    assert_eq!(prisons[2], "2021-06-25");
    let excerpt = prisons[3].as_str().expect("excerpt");
    assert!(
        excerpt.starts_with("Rehabilitation and reintegration of prisoners")
            && excerpt.ends_with('…'),
        "{excerpt}"
    );
    assert!(excerpt.chars().count() <= 61, "{excerpt}");
    let ru = manifest(&site, "ru");
    assert_eq!(ru["strings"]["search_button"], "Найти");
    assert_eq!(ru["strings"]["search_results"]["few"], "{count} документа");
    // CLDR categories for 0..199: Russian 1 one, 3 few, 5 many, 21 one, 111 many.
    let plural: Vec<char> = ru["plural"].as_str().expect("plural").chars().collect();
    assert_eq!(plural.len(), 200);
    assert_eq!(
        (plural[1], plural[3], plural[5], plural[21], plural[111]),
        ('o', 'f', 'm', 'o', 'm')
    );
    // A string missing everywhere is shown in English.
    assert_eq!(ru["strings"]["search_filter_year"], "Year");
    // Kyrgyz shows the Russian forms, chosen by Russian rules.
    let ky = manifest(&site, "ky");
    assert_eq!(
        ky["strings"]["search_results"]["many"],
        "{count} документов"
    );
    assert_eq!(ky["strings"]["search_results"]["@plural"], ru["plural"]);
    assert!(ru["strings"]["search_results"].get("@plural").is_none());
}

#[test]
fn a_search_page_per_language_with_relative_script() {
    let site = built();
    let page = site.html("ru/search/index.html");
    assert_eq!(page.attr("#agora-search", "data-lang"), "ru");
    let src = page.attr("script[src]", "src");
    assert!(
        src.starts_with("../../search/agora-search.") && src.ends_with(".js"),
        "{src}"
    );
    assert_eq!(
        site.html("search/index.html").attr("script[src]", "src"),
        src.replacen("../../", "../", 1),
    );
}

#[test]
fn the_same_input_gives_the_same_index() {
    let site = built();
    let first: Vec<String> = site.output_files();
    let en = site.read("search/en.js");
    site.build().assert_ok();
    assert_eq!(site.output_files(), first);
    assert_eq!(site.read("search/en.js"), en);
}

#[test]
fn search_can_be_turned_off_and_plain_zola_sites_have_none() {
    let site = TestSite::fixture("search/multilingual");
    let config = std::fs::read_to_string(site.root.join("config.toml")).expect("config");
    site.write(
        "config.toml",
        &config.replace("[agora.search]\n", "[agora.search]\nenabled = false\n"),
    );
    site.build().assert_ok();
    assert!(!site.exists("search"), "no search files when disabled");

    let zola = TestSite::fixture("core/basic");
    zola.build().assert_ok();
    assert!(
        zola.output_files().iter().all(|f| !f.starts_with("search")),
        "a site without [agora] gets no search"
    );
}

#[test]
fn unknown_search_keys_are_refused_with_a_suggestion() {
    let site = TestSite::fixture("search/multilingual");
    let config = std::fs::read_to_string(site.root.join("config.toml")).expect("config");
    site.write(
        "config.toml",
        &config.replace("excerpt_length = 60", "excerpt_lenght = 60"),
    );
    let run = site.build();
    run.assert_fails(1);
    assert!(
        run.stderr().contains("did you mean `excerpt_length`?"),
        "{}",
        run.stderr()
    );
}

#[test]
fn hub_pages_have_a_search_box_that_is_a_browse_link_without_javascript() {
    let hub = TestSite::hub();
    hub.build().assert_ok();
    for (page, lang) in [
        ("index.html", "en"),
        ("fr/letters/index.html", "fr"),
        ("ar/search/index.html", "ar"),
    ] {
        let html = hub.html(page);
        let home = if lang == "en" {
            "https://hub.example.org/".to_string()
        } else {
            format!("https://hub.example.org/{lang}/")
        };
        assert_eq!(
            html.attr("[data-agora-search-box] a", "href"),
            format!("{home}#browse-title"),
            "{page}"
        );
        assert!(
            html.attr("[data-agora-search-box]", "data-action")
                .ends_with(&format!(
                    "{}search/",
                    if lang == "en" {
                        String::new()
                    } else {
                        format!("{lang}/")
                    }
                ))
        );
    }
    // The search page says in the reader's language how to browse without JavaScript.
    let ar = hub.read("ar/search/index.html");
    assert!(ar.contains("<noscript>"), "noscript fallback");
    assert_eq!(hub.html("ar/search/index.html").text("h1"), "البحث");
    assert!(hub.exists("search/ar.js") && hub.exists("search/ky.js"));
    // On a search page the language switcher leads to the search page of
    // each language (the client adds the query), not to the home pages.
    let ru = hub.html("ru/search/index.html");
    assert_eq!(
        ru.attrs(".lang-switcher a[data-agora-search-link]", "href"),
        [
            "https://hub.example.org/search/",
            "https://hub.example.org/fr/search/",
            "https://hub.example.org/ar/search/",
            "https://hub.example.org/ky/search/",
            "https://hub.example.org/sq/search/",
            "https://hub.example.org/ha/search/",
        ]
    );
    // Elsewhere it does not.
    let letters = hub.html("ru/letters/index.html");
    assert!(
        letters
            .attrs(".lang-switcher a[data-agora-search-link]", "href")
            .is_empty()
    );
    assert_eq!(
        letters.attr(".lang-switcher a[hreflang=fr]", "href"),
        "https://hub.example.org/fr/letters/"
    );
}

#[test]
fn the_client_is_under_ten_kilobytes_compressed() {
    let client = agora::search::CLIENT_JS.as_bytes();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(client).expect("gzip");
    let size = gz.finish().expect("gzip").len();
    assert!(size < 10 * 1024, "client.js is {size} bytes gzipped");
}
