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
    // One line per language, not a wall of key names…
    let stderr = run.stderr();
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("not translated into"))
        .collect();
    assert_eq!(
        lines,
        vec![
            "warning: 4 interface strings not translated into `ky` (shown in en, ru): `agora i18n status --lang ky` lists them (or `agora build -v`)",
            "warning: 1 interface string not translated into `ru` (shown in en): `agora i18n status --lang ru` lists them (or `agora build -v`)",
        ],
        "{stderr}"
    );
    assert!(
        !run.stderr().contains("read (shown in ru)"),
        "{}",
        run.stderr()
    );
    // …and the keys with -v.
    let run = site.agora(&["build", "-v"]);
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
        out.contains("ru (русский)           3/4  75%       1/2  50%"),
        "{out}"
    );
    assert!(
        out.contains("    strings missing: by_author, documents, footer, read"),
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

#[test]
fn strings_fall_back_along_a_three_step_chain() {
    let site = TestSite::fixture("i18n/placeholders");
    let run = site.agora(&["build", "-v"]);
    run.assert_ok();
    let ky = site.html("ky/briefs/osce/index.html");
    assert_eq!(ky.text("#ui"), "Читать", "ky empty → ru");
    assert_eq!(
        ky.text("#footer"),
        "Built by volunteers",
        "ky, ru missing → en"
    );
    assert!(
        run.stderr().contains("footer (shown in en)")
            && run.stderr().contains("read (shown in ru)"),
        "{}",
        run.stderr()
    );
}

/// Replaces the Markdown body of a content file, keeping its front matter.
fn rewrite_body(site: &TestSite, rel: &str, body: &str) {
    let path = site.root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let end = text[3..].find("+++").unwrap() + 6;
    std::fs::write(&path, format!("{}\n{body}\n", &text[..end])).unwrap();
}

#[test]
fn a_translation_whose_original_changed_is_reported_and_says_so() {
    let site = built();
    let ru = site.html("ru/briefs/osce/index.html");
    assert_eq!(
        ru.count(".agora-outdated-notice"),
        0,
        "recorded version matches"
    );
    // Front matter edits (a title, a date) do not make translations outdated.
    let original = std::fs::read_to_string(site.root.join("content/briefs/osce.md")).unwrap();
    site.write(
        "content/briefs/osce.md",
        &original.replace("OSCE civil society day", "OSCE civil society day 2017"),
    );
    site.build().assert_ok();
    assert_eq!(
        site.html("ru/briefs/osce/index.html")
            .count(".agora-outdated-notice"),
        0
    );
    // The text of the original changes: no git needed (the fixture copy has none).
    assert!(!site.root.join(".git").exists());
    rewrite_body(
        &site,
        "content/briefs/osce.md",
        "Recommendations in English, revised.",
    );
    site.build().assert_ok();
    let ru = site.html("ru/briefs/osce/index.html");
    assert_eq!(
        ru.text("article .agora-outdated-notice p"),
        "This translation may be out of date: the original (English) has changed since it was translated. Read the current original"
    );
    assert_eq!(
        ru.attr("article .agora-outdated-notice a", "href"),
        "https://hub.example.org/briefs/osce/"
    );
    assert_eq!(
        ru.text("article > p"),
        "Рекомендации на русском.",
        "the translation is still shown"
    );
    let status = site.agora(&["i18n", "status", "--lang", "ru"]);
    status.assert_ok();
    assert!(
        status.stdout().contains(
            "    document outdated: content/briefs/osce.ru.md (the original content/briefs/osce.md changed since)"
        ),
        "{}",
        status.stdout()
    );
    let check = site.agora(&["i18n", "status", "--lang", "ru", "--check"]);
    check.assert_fails(1);
    assert!(
        check.stderr().contains("missing or outdated"),
        "{}",
        check.stderr()
    );
    let json = site.agora(&["i18n", "status", "--lang", "ru", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout()).unwrap();
    assert_eq!(
        value[0]["documents_outdated"],
        serde_json::json!([{"path": "briefs/osce.ru.md", "original": "briefs/osce.md"}])
    );
    // The translator updates the translation and says so.
    let mark = site.agora(&["i18n", "mark-current", "content/briefs/osce.ru.md"]);
    mark.assert_ok();
    assert!(
        mark.stdout().contains("now translates version"),
        "{}",
        mark.stdout()
    );
    site.build().assert_ok();
    assert_eq!(
        site.html("ru/briefs/osce/index.html")
            .count(".agora-outdated-notice"),
        0
    );
    assert!(
        !site
            .agora(&["i18n", "status", "--lang", "ru"])
            .stdout()
            .contains("outdated")
    );
}

#[test]
fn translate_starts_a_translation_file() {
    let site = TestSite::fixture("i18n/placeholders");
    rewrite_body(
        &site,
        "content/briefs/roundtable.md",
        "Only in English, see [the OSCE brief](@/briefs/osce.md#top) and [the briefs](@/briefs/_index.md).",
    );
    let run = site.agora(&["translate", "content/briefs/roundtable.md", "--to", "ru"]);
    run.assert_ok();
    assert!(run.stdout().contains("Created"), "{}", run.stdout());
    let text = std::fs::read_to_string(site.root.join("content/briefs/roundtable.ru.md")).unwrap();
    assert!(text.starts_with("+++\ntitle = \"Roundtable\"\ndate = 2017-06-20\n[taxonomies]\ntopics = [\"Civil society space\"]\n"), "{text}");
    assert!(
        text.contains("[extra.agora]\nsource_version = \""),
        "{text}"
    );
    assert!(
        text.ends_with("+++\nOnly in English, see [the OSCE brief](@/briefs/osce.ru.md#top) and [the briefs](@/briefs/_index.ru.md).\n"),
        "body ready to translate, links to the Russian versions: {text}"
    );
    // Never overwrites.
    let again = site.agora(&["translate", "briefs/roundtable.md", "--to", "ru"]);
    again.assert_fails(2);
    assert!(
        again.stderr().contains("already exists"),
        "{}",
        again.stderr()
    );
    site.agora(&["translate", "content/briefs/roundtable.md", "--to", "xx"])
        .assert_fails(2);
    // A section's introduction too.
    site.agora(&["translate", "content/briefs/_index.md", "--to", "ky"])
        .assert_ok();
    let index = std::fs::read_to_string(site.root.join("content/briefs/_index.ky.md")).unwrap();
    assert!(index.contains("title = \"Briefs\""), "{index}");
    // The new file is a real translation, up to date.
    site.build().assert_ok();
    let ru = site.html("ru/briefs/roundtable/index.html");
    assert_eq!(ru.count(".agora-placeholder-notice"), 0);
    assert_eq!(ru.count(".agora-outdated-notice"), 0);
    assert_eq!(ru.attr("html", "lang"), "ru");
    let ky = site.html("ky/briefs/index.html");
    assert_eq!(
        ky.text("h1"),
        "Briefs",
        "a real section now, to be translated"
    );
    assert_eq!(ky.count("#ph"), 0);
}

#[test]
fn a_section_introduction_whose_original_changed_says_so() {
    let site = TestSite::fixture("i18n/placeholders");
    site.agora(&["i18n", "mark-current", "content/briefs/_index.ru.md"])
        .assert_ok();
    site.build().assert_ok();
    assert_eq!(
        site.html("ru/briefs/index.html")
            .count(".agora-outdated-notice"),
        0
    );
    rewrite_body(&site, "content/briefs/_index.md", "Our briefs, summarised.");
    site.build().assert_ok();
    let ru = site.html("ru/briefs/index.html");
    assert_eq!(
        ru.attr("#intro .agora-outdated-notice a", "href"),
        "https://hub.example.org/briefs/"
    );
    assert_eq!(ru.text("#intro > p"), "Наши обзоры.");
    let status = site.agora(&["i18n", "status", "--lang", "ru"]);
    assert!(
        status.stdout().contains("    document outdated: content/briefs/_index.ru.md (the original content/briefs/_index.md changed since)"),
        "{}",
        status.stdout()
    );
}

#[test]
fn sync_adds_missing_keys_and_keeps_values_order_and_comments() {
    let site = TestSite::fixture("i18n/placeholders");
    let run = site.agora(&["i18n", "sync"]);
    run.assert_ok();
    assert!(
        run.stdout().contains(
            "i18n/ky.toml: added 3 empty strings to translate: footer, by_author, documents"
        ),
        "{}",
        run.stdout()
    );
    let ky = std::fs::read_to_string(site.root.join("i18n/ky.toml")).unwrap();
    assert_eq!(
        ky,
        "# Kyrgyz UI strings. Volunteers: see the README.
read = \"\" # to do
agora_placeholder_notice = \"Бул документ азырынча {language} тилинде жок. Ал {source_language} тилинде көрсөтүлүүдө.\"

# en: Built by volunteers
footer = \"\"

# en: Written by {{ name }}
by_author = \"\"

# Number of documents in a list
# en (one): {{ count }} document
# en (other): {{ count }} documents
[documents]
one = \"\"
other = \"\"
"
    );
    // Nothing left to add; the file is not touched again.
    let again = site.agora(&["i18n", "sync"]);
    again.assert_ok();
    assert_eq!(again.stdout().trim(), "Every locale file has every key.");
    assert_eq!(
        std::fs::read_to_string(site.root.join("i18n/ky.toml")).unwrap(),
        ky
    );
    // Empty placeholders still fall back along the chain.
    site.build().assert_ok();
    assert_eq!(
        site.html("ky/briefs/osce/index.html").text("#footer"),
        "Built by volunteers"
    );
}

/// `msgfmt --check` on a PO file. Without gettext the test fails under CI
/// and says loudly that it could not check elsewhere.
fn assert_msgfmt_accepts(path: &std::path::Path) {
    match std::process::Command::new("msgfmt")
        .args(["--check", "-o", "/dev/null"])
        .arg(path)
        .output()
    {
        Ok(out) => assert!(
            out.status.success(),
            "msgfmt --check refused {}:\n{}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "msgfmt (Debian's gettext) is required in CI: {e}"
            );
            eprintln!("WARNING: msgfmt not found ({e}); PO file NOT checked with msgfmt --check");
        }
    }
}

fn without_revision_date(po: &str) -> String {
    po.lines()
        .filter(|l| !l.starts_with("\"PO-Revision-Date"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn po_export_import_round_trip_loses_nothing() {
    let site = TestSite::fixture("i18n/placeholders");
    let export = site.agora(&["i18n", "export", "--format", "po", "--lang", "ru"]);
    export.assert_ok();
    let path = site.root.join("i18n/po/ru.po");
    let po = std::fs::read_to_string(&path).unwrap();
    assert!(po.contains("\"Language: ru\\n\""), "{po}");
    assert!(
        po.contains("\"Plural-Forms: nplurals=4; plural=(n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2);\\n\""),
        "{po}"
    );
    assert!(
        po.contains("#. Number of documents in a list\nmsgctxt \"documents\"\nmsgid \"{{ count }} document\"\nmsgid_plural \"{{ count }} documents\"\nmsgstr[0] \"документ\"\nmsgstr[1] \"документа\"\nmsgstr[2] \"документов\"\nmsgstr[3] \"документа\"\n"),
        "{po}"
    );
    assert!(
        po.contains("msgctxt \"footer\"\nmsgid \"Built by volunteers\"\nmsgstr \"\"\n"),
        "{po}"
    );
    assert_msgfmt_accepts(&path);
    let ru_before = site.html_after_build("ru/briefs/osce/index.html");

    // Import into an empty locale file (comments only), then export again.
    site.write("i18n/ru.toml", "# Russian strings, kept by translators.\n");
    let import = site.agora(&["i18n", "import", "i18n/po/ru.po"]);
    import.assert_ok();
    assert!(
        import
            .stdout()
            .contains("i18n/ru.toml: 3 updated, 0 unchanged, 1 not translated in the file"),
        "{}",
        import.stdout()
    );
    let ru = std::fs::read_to_string(site.root.join("i18n/ru.toml")).unwrap();
    assert!(
        ru.starts_with("# Russian strings, kept by translators.\n"),
        "{ru}"
    );
    site.agora(&["i18n", "export", "--lang", "ru", "--output-dir", "again"])
        .assert_ok();
    let again = std::fs::read_to_string(site.root.join("again/ru.po")).unwrap();
    assert_eq!(without_revision_date(&again), without_revision_date(&po));
    // The site shows the same strings.
    assert_eq!(
        site.html_after_build("ru/briefs/osce/index.html"),
        ru_before
    );
    // Importing the same file again changes nothing.
    let twice = site.agora(&["i18n", "import", "again/ru.po"]);
    assert!(
        twice.stdout().contains("0 updated, 3 unchanged"),
        "{}",
        twice.stdout()
    );
}

#[test]
fn a_changed_source_string_is_fuzzy_with_the_previous_msgid() {
    let site = TestSite::fixture("i18n/placeholders");
    site.agora(&["i18n", "export", "--lang", "ru"]).assert_ok();
    site.agora(&["i18n", "import", "i18n/po/ru.po"]).assert_ok();
    let en = std::fs::read_to_string(site.root.join("i18n/en.toml")).unwrap();
    site.write(
        "i18n/en.toml",
        &en.replace("read = \"Read\"", "read = \"Read the document\""),
    );
    let status = site.agora(&["i18n", "status", "--lang", "ru"]);
    assert!(
        status
            .stdout()
            .contains("    strings outdated (source text changed): read"),
        "{}",
        status.stdout()
    );
    site.agora(&["i18n", "export", "--lang", "ru"]).assert_ok();
    let path = site.root.join("i18n/po/ru.po");
    let po = std::fs::read_to_string(&path).unwrap();
    let fuzzy = "#, fuzzy\n#| msgid \"Read\"\nmsgctxt \"read\"\nmsgid \"Read the document\"\nmsgstr \"Читать\"\n";
    assert!(po.contains(fuzzy), "{po}");
    assert_msgfmt_accepts(&path);
    // Imported back untouched: still fuzzy, nothing lost.
    site.agora(&["i18n", "import", "i18n/po/ru.po"]).assert_ok();
    site.agora(&["i18n", "export", "--lang", "ru", "--output-dir", "again"])
        .assert_ok();
    let again = std::fs::read_to_string(site.root.join("again/ru.po")).unwrap();
    assert_eq!(without_revision_date(&again), without_revision_date(&po));
    // The translator reviews it in Poedit: new text, fuzzy flag removed.
    let reviewed = po.replace(
        fuzzy,
        "msgctxt \"read\"\nmsgid \"Read the document\"\nmsgstr \"Читать документ\"\n",
    );
    site.write("reviewed.po", &reviewed);
    site.agora(&["i18n", "import", "reviewed.po"]).assert_ok();
    let ru = std::fs::read_to_string(site.root.join("i18n/ru.toml")).unwrap();
    assert!(
        ru.contains("read = { other = \"Читать документ\", source = \"Read the document\" }"),
        "{ru}"
    );
    let status = site.agora(&["i18n", "status", "--lang", "ru"]);
    assert!(
        !status.stdout().contains("strings outdated"),
        "{}",
        status.stdout()
    );
    site.build().assert_ok();
    assert_eq!(
        site.html("ru/briefs/osce/index.html").text("#ui"),
        "Читать документ"
    );
}

#[test]
fn xliff_round_trip_loses_nothing() {
    let site = TestSite::fixture("i18n/placeholders");
    site.agora(&["i18n", "export", "--format", "xliff", "--lang", "ar"])
        .assert_ok();
    let xlf = std::fs::read_to_string(site.root.join("i18n/xliff/ar.xlf")).unwrap();
    assert!(
        xlf.contains("<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">"),
        "{xlf}"
    );
    assert!(
        xlf.contains("source-language=\"en\" target-language=\"ar\""),
        "{xlf}"
    );
    assert_eq!(
        xlf.matches("<trans-unit id=\"documents[").count(),
        6,
        "six Arabic forms: {xlf}"
    );
    assert!(
        xlf.contains("<trans-unit id=\"documents[two]\" resname=\"documents[two]\">\n          <source>{{ count }} documents</source>\n          <target state=\"translated\">مستندان</target>"),
        "{xlf}"
    );
    assert!(
        xlf.contains("<note from=\"developer\">Number of documents in a list</note>"),
        "{xlf}"
    );
    site.write("i18n/ar.toml", "# Arabic\n");
    site.agora(&["i18n", "import", "i18n/xliff/ar.xlf"])
        .assert_ok();
    site.agora(&[
        "i18n",
        "export",
        "--format",
        "xliff",
        "--lang",
        "ar",
        "--output-dir",
        "again",
    ])
    .assert_ok();
    assert_eq!(
        std::fs::read_to_string(site.root.join("again/ar.xlf")).unwrap(),
        xlf
    );
    // A changed source marks the unit for review, with the previous source.
    let en = std::fs::read_to_string(site.root.join("i18n/en.toml")).unwrap();
    site.write(
        "i18n/en.toml",
        &en.replace("read = \"Read\"", "read = \"Read it\""),
    );
    site.agora(&["i18n", "export", "--format", "xliff", "--lang", "ar"])
        .assert_ok();
    let xlf = std::fs::read_to_string(site.root.join("i18n/xliff/ar.xlf")).unwrap();
    assert!(
        xlf.contains("<source>Read it</source>\n        <target state=\"needs-review-translation\">اقرأ</target>\n        <note from=\"previous-source\">Read</note>"),
        "{xlf}"
    );
    site.agora(&["i18n", "import", "i18n/xliff/ar.xlf"])
        .assert_ok();
    site.agora(&[
        "i18n",
        "export",
        "--format",
        "xliff",
        "--lang",
        "ar",
        "--output-dir",
        "again",
    ])
    .assert_ok();
    assert_eq!(
        std::fs::read_to_string(site.root.join("again/ar.xlf")).unwrap(),
        xlf
    );
}

#[test]
fn import_refuses_files_it_cannot_place() {
    let site = TestSite::fixture("i18n/placeholders");
    site.write("x.txt", "hello");
    let run = site.agora(&["i18n", "import", "x.txt"]);
    run.assert_fails(2);
    assert!(
        run.stderr().contains("expected a .po, .xlf or .xliff file"),
        "{}",
        run.stderr()
    );
    site.write("de.po", "msgid \"\"\nmsgstr \"Language: de\\n\"\n");
    let run = site.agora(&["i18n", "import", "de.po"]);
    run.assert_fails(2);
    assert!(
        run.stderr()
            .contains("not a translation language of this site"),
        "{}",
        run.stderr()
    );
}

#[test]
fn the_translation_status_page_lists_what_volunteers_can_do() {
    let site = TestSite::fixture("i18n/placeholders");
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &config.replace("[agora]\n", "[agora]\nstatus_page = true\n"),
    );
    rewrite_body(&site, "content/briefs/osce.md", "Recommendations, revised.");
    site.build().assert_ok();
    let page = site.html("translation-status/index.html");
    assert_eq!(page.text("h1"), "Translation status");
    assert_eq!(
        page.texts(".agora-status-summary tbody th"),
        vec!["العربية", "кыргызча", "русский"]
    );
    assert_eq!(page.text("#summary-ru td:last-child"), "1/2 (50%)");
    assert_eq!(
        page.attrs(
            "#lang-ky .agora-status-missing .agora-help-translate",
            "href"
        ),
        vec![
            "https://example.org/edit/briefs/osce.ky.md",
            "https://example.org/edit/briefs/roundtable.ky.md"
        ]
    );
    assert_eq!(
        page.texts("#lang-ru .agora-status-outdated li a:first-child"),
        vec!["День гражданского общества ОБСЕ"]
    );
    assert_eq!(
        page.attr("#lang-ky .agora-status-missing li a", "lang"),
        "en",
        "an untranslated document's title is in the original's language"
    );
    // In every language, with the chrome of that language.
    let ky = site.html("ky/translation-status/index.html");
    assert_eq!(ky.attr("html", "lang"), "ky");
    // Off unless asked for.
    let plain = TestSite::fixture("i18n/placeholders");
    plain.build().assert_ok();
    assert!(!plain.exists("translation-status/index.html"));
}

#[test]
fn import_reads_po_files_as_translation_tools_write_them() {
    let site = TestSite::fixture("i18n/placeholders");
    // A region subtag, wrapped lines, a comment of the translator's own, a
    // plural with a form left out.
    site.write(
        "poedit.po",
        r#"# Translator's notes, not imported.
msgid ""
msgstr ""
"Language: ru_RU\n"
"Plural-Forms: nplurals=4; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : 2);\n"

# checked with the editors
msgctxt "read"
msgid "Read"
msgstr ""
"Чит"
"ать!"

msgctxt "documents"
msgid "{{ count }} document"
msgid_plural "{{ count }} documents"
msgstr[0] "{{ count }} документ"
msgstr[2] "{{ count }} документов"

msgctxt "gone"
msgid "A key the site no longer has"
msgstr "Ключ"
"#,
    );
    let run = site.agora(&["i18n", "import", "poedit.po"]);
    run.assert_ok();
    assert!(
        run.stdout().contains("i18n/ru.toml: 2 updated"),
        "{}",
        run.stdout()
    );
    assert!(
        run.stderr()
            .contains("skipped 1 key(s) the site does not have: gone"),
        "{}",
        run.stderr()
    );
    site.build().assert_ok();
    let ru = site.html("ru/briefs/osce/index.html");
    assert_eq!(ru.text("#ui"), "Читать!");
    let home = site.html("ru/index.html");
    assert_eq!(
        home.text("#count"),
        "0 документов|1 документ|документа|документа|11 документов|100 документов|",
        "an empty form falls back to the language's `other`"
    );
}
