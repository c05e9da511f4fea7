//! The demo hub at the repository root builds, and every document exists in
//! every language (as a translation or a placeholder).

use std::path::Path;

use crate::harness::TestSite;

const LANGUAGES: [&str; 7] = ["en", "fr", "ru", "ar", "ky", "sq", "ha"];

fn hub() -> TestSite {
    let site = TestSite::hub();
    site.build().assert_ok();
    site
}

/// English documents of the hub: `content/<section>/<name>.md` (not `_index`, not translations).
fn english_documents() -> Vec<(String, String)> {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&content).min_depth(2).max_depth(2) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".md") else {
            continue;
        };
        if stem.starts_with('_') || stem.contains('.') {
            continue;
        }
        let section = entry
            .path()
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        out.push((section, stem.to_string()));
    }
    out.sort();
    out
}

#[test]
fn every_document_exists_in_every_language() {
    let site = hub();
    let docs = english_documents();
    assert!(docs.len() >= 6, "the hub has its documents: {docs:?}");
    for (section, stem) in &docs {
        // the English page's URL tells the slug
        let en_dir = site.root.join("public").join(section);
        let slug = std::fs::read_dir(&en_dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|d| stem.ends_with(d.as_str()))
            .unwrap_or_else(|| panic!("no output for content/{section}/{stem}.md"));
        for lang in LANGUAGES {
            let rel = if lang == "en" {
                format!("{section}/{slug}/index.html")
            } else {
                format!("{lang}/{section}/{slug}/index.html")
            };
            let page = site.html(&rel);
            assert_eq!(page.attr("html", "lang"), lang, "{rel}");
            assert_eq!(
                page.attr("html", "dir"),
                if lang == "ar" { "rtl" } else { "ltr" },
                "{rel}"
            );
        }
    }
}

#[test]
fn kyrgyz_albanian_and_hausa_show_placeholders_in_their_own_chrome() {
    let site = hub();
    let (section, stem) = english_documents()
        .into_iter()
        .find(|(s, _)| s == "briefs")
        .expect("a brief");
    let slug = stem
        .split_once('_')
        .map(|x| x.1)
        .unwrap_or(&stem)
        .to_string();
    for lang in ["ky", "sq", "ha"] {
        let page = site.html(&format!("{lang}/{section}/{slug}/index.html"));
        assert_eq!(page.count(".agora-placeholder-notice"), 1, "{lang}");
        assert_eq!(page.attr("meta[name=robots]", "content"), "noindex");
    }
}

/// A string of the hub's locale file `i18n/<lang>.toml`.
fn locale_string(lang: &str, key: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("i18n/{lang}.toml"));
    let table: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
    table[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} in {path:?}"))
        .to_string()
}

#[test]
fn placeholder_notices_name_languages_in_the_readers_language() {
    let site = hub();
    for lang in ["ar", "ru", "fr"] {
        let english = locale_string(lang, "language_name_en");
        let mut notices = Vec::new();
        for (section, stem) in english_documents() {
            let slug = stem.split_once('_').map_or(stem.as_str(), |x| x.1);
            let path = format!("{lang}/{section}/{slug}/index.html");
            if !site.root.join("public").join(&path).exists() {
                continue;
            }
            let page = site.html(&path);
            if page.count(".agora-placeholder-notice") == 1 {
                notices.push((path, page.text(".agora-placeholder-notice p")));
            }
        }
        assert!(
            !notices.is_empty(),
            "{lang}: the hub has untranslated documents"
        );
        for (path, notice) in notices {
            assert!(
                notice.contains(&english),
                "{path}: the notice names English as {english:?}: {notice}"
            );
            if lang != "fr" {
                assert!(!notice.contains("English"), "{path}: {notice}");
            }
        }
    }
}

#[test]
fn english_term_names_are_marked_english_on_other_language_pages() {
    let site = hub();
    let letter = "letters/letter-to-the-office-of-counter-terrorism/index.html";
    let en = site.html(letter);
    let en_terms = en.count("a[href*='/topics/']");
    assert!(en_terms > 0, "the English letter links its topics");
    assert_eq!(en.count("a[href*='/topics/'][lang]"), 0);
    for lang in ["ar", "fr", "ky"] {
        let page = site.html(&format!("{lang}/{letter}"));
        let links = page.attrs(&format!("a[href*='/{lang}/topics/']"), "lang");
        assert_eq!(links.len(), en_terms, "{lang}: every topic link is listed");
        assert!(links.iter().all(|l| l == "en"), "{lang}: {links:?}");
        let home = site.html(&format!("{lang}/index.html"));
        let home_terms = home.attrs(".terms a", "lang");
        assert!(
            !home_terms.is_empty(),
            "{lang}: the home page browses terms"
        );
        assert!(
            home_terms.iter().all(|l| l == "en"),
            "{lang}: {home_terms:?}"
        );
    }
    let term = site.html("ar/topics/human-rights/index.html");
    assert_eq!(term.attr("h1", "lang"), "en");
}

#[test]
fn the_switcher_names_each_language_in_its_own_and_in_the_page_language() {
    let site = hub();
    let fr = site.html("fr/index.html");
    let own = fr.texts(".lang-switcher [lang]");
    assert_eq!(
        own,
        [
            "English",
            "Français",
            "Русский",
            "العربية",
            "Кыргызча",
            "Shqip",
            "Hausa"
        ]
    );
    assert_eq!(
        fr.texts(".lang-switcher a .lang-local"),
        [
            "anglais", "russe", "arabe", "kirghize", "albanais", "haoussa"
        ]
    );
    assert_eq!(fr.attr(".lang-switcher [lang=ar]", "dir"), "rtl");
    let ar = site.html("ar/index.html");
    assert_eq!(
        ar.text(".lang-switcher a[hreflang=ru] .lang-local"),
        "الروسية"
    );
}

#[test]
fn the_hub_publishes_its_translation_status_and_only_the_deliberate_translation_is_outdated() {
    let site = hub();
    let json = site.agora(&["i18n", "status", "--format", "json"]);
    json.assert_ok();
    let status: serde_json::Value = serde_json::from_str(&json.stdout()).expect("JSON");
    for lang in status.as_array().expect("languages") {
        // The Hausa announcement is left behind its original on purpose (one
        // passage changed since), so that the hub shows an outdated translation.
        let expected = if lang["lang"] == "ha" {
            serde_json::json!([{
                "path": "briefs/2018-01-24_letter-to-oct-announcement.ha.md",
                "original": "briefs/2018-01-24_letter-to-oct-announcement.md"
            }])
        } else {
            serde_json::json!([])
        };
        assert_eq!(
            lang["documents_outdated"], expected,
            "every translation records the version of its original: {}",
            lang["lang"]
        );
    }
    for lang in LANGUAGES {
        let path = if lang == "en" {
            "translation-status/index.html".to_string()
        } else {
            format!("{lang}/translation-status/index.html")
        };
        let page = site.html(&path);
        assert_eq!(page.attr("html", "lang"), lang);
        assert_eq!(page.count(".status-summary tbody tr"), 6, "{lang}");
        assert!(page.count(".status-missing .help-translate") > 0, "{lang}");
    }
    let home = site.html("ky/index.html");
    assert!(
        home.attrs(".footer-links a", "href")
            .iter()
            .any(|h| h.ends_with("/ky/translation-status/")),
        "the footer links to the status page"
    );
}

#[test]
fn kyrgyz_albanian_and_hausa_readers_get_a_translation_a_placeholder_and_an_outdated_translation() {
    let site = hub();
    let announcement = "briefs/letter-to-oct-announcement/index.html";
    // Kyrgyz: translated through the PO round trip, every segment current.
    let ky = site.html(&format!("ky/{announcement}"));
    assert_eq!(ky.attr("html", "lang"), "ky");
    assert_eq!(
        ky.text("h1"),
        "Жарандык коомдун БУУнун Терроризмге каршы күрөшүү башкармалыгына үч сунушу"
    );
    assert_eq!(ky.count(".agora-placeholder-notice"), 0);
    assert_eq!(ky.count(".agora-outdated-notice"), 0);
    assert_eq!(ky.count(".agora-partial-notice"), 0);
    assert_eq!(ky.count("span.agora-untranslated"), 0);
    assert_eq!(
        ky.text("time"),
        "2018-ж., 24-январь",
        "Kyrgyz dates start with the year"
    );
    // Hausa: translated from an earlier wording of one passage.
    let ha = site.html(&format!("ha/{announcement}"));
    assert_eq!(ha.count(".agora-placeholder-notice"), 0);
    assert_eq!(
        ha.text(".agora-outdated-notice p"),
        "Wataƙila wannan fassarar ta tsufa: an canza asalin (Turanci) bayan an fassara shi. Sashe 1 cikin 20 ya canza tun lokacin. Karanta asalin na yanzu"
    );
    // Albanian: the guide translated by hand; the announcement is a placeholder in Albanian chrome.
    let sq = site.html("sq/guides/translating-resources-into-local-languages/index.html");
    assert_eq!(sq.text("h1"), "Përkthimi i burimeve në gjuhët vendore");
    assert_eq!(sq.count(".agora-placeholder-notice"), 0);
    assert_eq!(sq.count(".agora-outdated-notice"), 0);
    let placeholder = site.html(&format!("sq/{announcement}"));
    assert_eq!(
        placeholder.text(".agora-placeholder-notice p"),
        "Ky dokument nuk është ende i disponueshëm në shqip. Shfaqet në anglisht."
    );
    // Their interfaces are their own: no string falls back to another language.
    let build = site.build();
    assert!(
        !build.stderr().contains("not translated into"),
        "{}",
        build.stderr()
    );
    for lang in ["ky", "sq", "ha"] {
        let home = site.html(&format!("{lang}/index.html"));
        assert_eq!(home.attr("html", "lang"), lang);
    }
    let home = site.html("ky/index.html");
    assert_eq!(home.text(".skip-link"), "Мазмунга өтүү");
    assert_eq!(home.text("h1"), "Жарандык коомдун билим борбору");
    // Section introductions: titles translated, the rest still in English and said so.
    let briefs = site.html("ha/briefs/index.html");
    assert_eq!(briefs.text("h1"), "Taƙaitattun bayanai");
    assert_eq!(
        briefs.text(".agora-partial-notice p"),
        "An fassara wani ɓangare na wannan shafin kawai: sassa 2 cikin 4 suna nan a cikin Turanci."
    );
    assert_eq!(briefs.count("span.agora-untranslated[lang=en]"), 2);
}
