//! The multilingual model beyond Zola: placeholders, fallback chains, CLDR
//! plurals, text direction.

use crate::harness::TestSite;

fn built() -> TestSite {
    let site = TestSite::fixture("i18n/placeholders");
    site.build().assert_ok();
    site
}

#[test]
fn placeholder_shows_the_best_version_along_the_chain() {
    let site = built();
    let page = site.html("ky/briefs/osce/index.html");
    assert_eq!(
        page.attr("html", "lang"),
        "ky",
        "chrome in the reader's language"
    );
    // ky → ru → en: Russian exists, so Russian is shown, in an element with its own lang
    assert_eq!(
        page.attr("article .agora-placeholder-content", "lang"),
        "ru"
    );
    assert_eq!(
        page.attr("article .agora-placeholder-content", "dir"),
        "ltr"
    );
    assert_eq!(
        page.text("article .agora-placeholder-content"),
        "Рекомендации на русском."
    );
    assert_eq!(
        page.text("article .agora-placeholder-notice p"),
        "Бул документ азырынча кыргызча тилинде жок. Ал русский тилинде көрсөтүлүүдө.",
        "notice from the locale file"
    );
    assert_eq!(
        page.attrs("article .agora-placeholder-notice a[hreflang]", "hreflang"),
        vec!["en", "ru"]
    );
    assert_eq!(
        page.attr("a.agora-help-translate", "href"),
        "https://example.org/edit/briefs/osce.ky.md"
    );
    assert_eq!(
        page.attr("link[rel=canonical]", "href"),
        "https://hub.example.org/ru/briefs/osce/"
    );
    assert_eq!(page.attr("meta[name=robots]", "content"), "noindex");
    assert_eq!(
        page.texts("#real li"),
        vec!["en", "ru"],
        "translations list only real versions"
    );
    // a UI string empty in ky falls back to ru
    assert_eq!(page.text("#ui"), "Читать");
}

#[test]
fn chain_reaches_the_default_language() {
    let site = built();
    let page = site.html("ky/briefs/roundtable/index.html");
    assert_eq!(
        page.attr("article .agora-placeholder-content", "lang"),
        "en"
    );
    assert_eq!(page.text("#ph"), "en");
    let ru = site.html("ru/briefs/roundtable/index.html");
    assert_eq!(ru.attr("article .agora-placeholder-content", "lang"), "en");
}

#[test]
fn language_switcher_never_leads_to_a_404() {
    let site = built();
    for page in [
        "briefs/osce/index.html",
        "ky/briefs/roundtable/index.html",
        "ru/briefs/osce/index.html",
    ] {
        let html = site.html(page);
        for href in html.attrs("#switch a", "href") {
            let rel = href.trim_start_matches("https://hub.example.org/");
            let file = if rel.is_empty() {
                "index.html".to_string()
            } else {
                format!("{rel}index.html")
            };
            assert!(
                site.exists(&file),
                "{page} links to {href}, which does not exist"
            );
        }
    }
    let switch = site.html("briefs/roundtable/index.html");
    assert_eq!(
        switch.attrs("#switch a", "data-placeholder"),
        vec!["false", "false", "true", "true"],
        "en real; ar has placeholders turned off; ky and ru placeholders"
    );
    assert!(
        !site.exists("ar/briefs/roundtable/index.html"),
        "placeholders off for ar"
    );
}

#[test]
fn listings_taxonomies_and_feeds_list_every_document() {
    let site = built();
    let section = site.html("ky/briefs/index.html");
    assert_eq!(
        section.text("h1"),
        "Обзоры",
        "a missing _index.ky.md becomes a placeholder section"
    );
    assert_eq!(section.text("#ph"), "ru");
    assert_eq!(section.attrs("#pages li", "data-from"), vec!["en", "ru"]);
    let ru = site.html("ru/briefs/index.html");
    assert_eq!(
        ru.attrs("#pages li", "data-from"),
        vec!["en", ""],
        "the real Russian page is not marked"
    );
    let term = site.html("ky/topics/human-rights/index.html");
    assert_eq!(term.attrs("#pages li", "data-from"), vec!["ru"]);
    let feed = site.read("ky/atom.xml");
    assert_eq!(feed.matches("<entry").count(), 2, "{feed}");
    let sitemap = site.read("sitemap.xml");
    assert!(
        !sitemap.contains("/ky/briefs/osce/"),
        "noindex placeholders stay out of the sitemap"
    );
}

#[test]
fn cldr_plurals_and_direction() {
    let site = built();
    let ru = site.html("ru/briefs/osce/index.html");
    assert_eq!(
        ru.text("#count"),
        "документа|документов|документ",
        "3 few, 5 many, 1 one"
    );
    let en = site.html("briefs/osce/index.html");
    assert_eq!(
        en.text("#count"),
        "3 documents|5 documents|1 document",
        "`{{ count }}` is filled in"
    );
    assert_eq!(en.attr("html", "dir"), "ltr");
    let ar = site.html("ar/index.html");
    assert_eq!(ar.attr("html", "dir"), "rtl");
}

#[test]
fn strict_turns_missing_strings_into_errors() {
    let site = TestSite::fixture("i18n/placeholders");
    let run = site.build();
    run.assert_ok();
    assert!(
        run.stderr().contains("read (shown in ru)"),
        "{}",
        run.stderr()
    );
    let run = site.agora(&["build", "--strict"]);
    run.assert_fails(1);
    assert!(
        run.stderr().contains("not translated into `ky`"),
        "{}",
        run.stderr()
    );
}

#[test]
fn plain_zola_sites_get_no_placeholders() {
    let site = TestSite::fixture("i18n/placeholders");
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    let zola_only = config.split("[agora]").next().unwrap().to_string();
    site.write("config.toml", &zola_only);
    site.build().assert_ok();
    assert!(!site.exists("ky/briefs/osce/index.html"));
    // Zola's `trans` without `lang` uses the default language, whatever the page's.
    assert_eq!(
        site.html("ru/briefs/osce/index.html").text("#vars"),
        "Written by <i>Ana</i>"
    );
    assert!(!site.exists("ru/briefs/roundtable/index.html"));
}

#[test]
fn fallback_names_must_be_site_languages() {
    let site = TestSite::fixture("i18n/placeholders");
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &config.replace("fallback = [\"ru\", \"en\"]", "fallback = [\"uz\", \"en\"]"),
    );
    let run = site.build();
    run.assert_fails(1);
    assert!(
        run.stderr()
            .contains("names `uz`, which is not a language of this site"),
        "{}",
        run.stderr()
    );
}

#[test]
fn i18n_status_reports_coverage_and_fails_in_ci_when_asked() {
    let site = TestSite::fixture("i18n/placeholders");
    let run = site.agora(&["i18n", "status"]);
    run.assert_ok();
    let out = run.stdout();
    assert!(
        out.contains("ru (русский)           3/3 100%       1/2  50%"),
        "{out}"
    );
    assert!(
        out.contains("    strings missing: by_author, documents, read"),
        "{out}"
    );
    assert!(
        out.contains("    document missing: content/briefs/roundtable.md"),
        "{out}"
    );
    let json = site.agora(&["i18n", "status", "--lang", "ky", "--format", "json"]);
    json.assert_ok();
    let value: serde_json::Value = serde_json::from_str(&json.stdout()).expect("valid JSON");
    assert_eq!(value[0]["lang"], "ky");
    assert_eq!(
        value[0]["documents_missing"],
        serde_json::json!(["briefs/osce.md", "briefs/roundtable.md"])
    );
    site.agora(&["i18n", "status", "--check"]).assert_fails(1);
    site.agora(&["i18n", "status", "--lang", "en", "--check"])
        .assert_ok();
    site.agora(&["i18n", "status", "--lang", "xx"])
        .assert_fails(2);
    let md = site.agora(&["i18n", "status", "--format", "markdown"]);
    assert!(
        md.stdout()
            .starts_with("| language | strings | documents |"),
        "{}",
        md.stdout()
    );
}

#[test]
fn russian_and_arabic_plurals_follow_cldr() {
    let site = built();
    // `trans` without `lang` on an agora site: the page's language.
    assert_eq!(
        site.html("ar/index.html").text("#count"),
        "لا مستندات|مستند واحد|مستندان|مستندات قليلة|مستندات كثيرة|مستند|",
        "0 zero, 1 one, 2 two, 3 few, 11 many, 100 other"
    );
    assert_eq!(
        site.html("ru/index.html").text("#count"),
        "документов|документ|документа|документа|документов|документов|",
        "0 many, 1 one, 2 few, 3 few, 11 many, 100 many"
    );
    assert_eq!(
        site.html("index.html").text("#count"),
        "0 documents|1 document|2 documents|3 documents|11 documents|100 documents|"
    );
}

#[test]
fn string_variables_are_text_rendered_in_a_sandbox() {
    let site = built();
    let en = site.html("briefs/osce/index.html");
    assert_eq!(en.text("#vars"), "Written by <i>Ana</i>");
    assert_eq!(en.count("#vars i"), 0, "a value cannot add markup");
    let ru = site.html("ru/briefs/osce/index.html");
    assert_eq!(ru.text("#vars"), "Автор: <b><i>Ana</i></b>");
    assert_eq!(
        ru.count("#vars b") + ru.count("#vars i"),
        0,
        "nor can the translator's string"
    );
    // A string that would loop for ever stops the build with a clear error.
    site.write(
        "i18n/ru.toml",
        "read = \"Читать\"\nby_author = \"{% for a in range(10000) %}{% for b in range(10000) %}x{% endfor %}{% endfor %}\"\n",
    );
    let run = site.build();
    run.assert_fails(1);
    assert!(
        run.stderr().contains("trans: `by_author` in i18n/ru.toml")
            && run.stderr().contains("too much work"),
        "{}",
        run.stderr()
    );
    // A variable the template does not pass is named.
    site.write(
        "i18n/ru.toml",
        "read = \"Читать\"\nby_author = \"Автор: {{ nmae }}\"\n",
    );
    let run = site.build();
    run.assert_fails(1);
    assert!(run.stderr().contains("variables: name"), "{}", run.stderr());
}
