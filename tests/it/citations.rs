//! Citations: the meta tags Zotero and Google Scholar read, schema.org
//! JSON-LD by document type, the "Cite this" reference in the page's
//! language, the `citation` function in Tera 1, Tera 2 and minijinja, and
//! the BibTeX, RIS and CSL-JSON downloads read back by the parsers
//! reference managers use (bibtexparser, rispy, citeproc-py; installed by
//! `.ci/run`, see tests/citations/validate.py).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::harness::{Page, TestSite};

/// Highwire Press names Zotero's "Embedded Metadata" translator reads
/// (zotero/translators, `Embedded Metadata.js`: `HIGHWIRE_MAPPINGS` and the
/// names `addHighwireMetadata` handles itself).
const ZOTERO_HIGHWIRE: &[&str] = &[
    "citation_title",
    "citation_publication_date",
    "citation_date",
    "citation_journal_title",
    "citation_journal_abbrev",
    "citation_book_title",
    "citation_volume",
    "citation_issue",
    "citation_series_title",
    "citation_conference_title",
    "citation_conference",
    "citation_dissertation_institution",
    "citation_technical_report_institution",
    "citation_technical_report_number",
    "citation_publisher",
    "citation_isbn",
    "citation_abstract",
    "citation_doi",
    "citation_public_url",
    "citation_language",
    "citation_author",
    "citation_authors",
    "citation_firstpage",
    "citation_lastpage",
    "citation_issn",
    "citation_eIssn",
    "citation_pdf_url",
    "citation_abstract_html_url",
    "citation_fulltext_html_url",
    "citation_pmid",
    "citation_online_date",
    "citation_year",
    "citation_keywords",
];

/// The names Google Scholar's inclusion guidelines list
/// (scholar.google.com/intl/en/scholar/inclusion.html, "Indexing guidelines").
const SCHOLAR: &[&str] = &[
    "citation_title",
    "citation_author",
    "citation_publication_date",
    "citation_online_date",
    "citation_journal_title",
    "citation_conference_title",
    "citation_volume",
    "citation_issue",
    "citation_firstpage",
    "citation_lastpage",
    "citation_pdf_url",
    "citation_issn",
    "citation_isbn",
    "citation_dissertation_institution",
    "citation_technical_report_institution",
    "citation_technical_report_number",
];

/// The fifteen Dublin Core elements (DCMES 1.1), which Zotero reads as
/// `DC.*` (its `dc` prefix is http://purl.org/dc/elements/1.1/).
const DUBLIN_CORE: &[&str] = &[
    "title",
    "creator",
    "subject",
    "description",
    "publisher",
    "contributor",
    "date",
    "type",
    "format",
    "identifier",
    "source",
    "language",
    "relation",
    "coverage",
    "rights",
];

fn meta(page: &Page, name: &str) -> Vec<String> {
    page.attrs(&format!("meta[name=\"{name}\"]"), "content")
}

fn json_ld(page: &Page) -> Value {
    let text = page.text("script[type=\"application/ld+json\"]");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{text}"))
}

fn site() -> TestSite {
    let site = TestSite::fixture("reach/cite");
    site.build().assert_ok();
    site
}

#[test]
fn document_pages_carry_the_meta_tags_zotero_and_scholar_read() {
    let site = site();
    let page = site.html("reports/water/index.html");
    let names = page.attrs("meta[name]", "name");
    let highwire: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("citation_"))
        .collect();
    assert!(!highwire.is_empty());
    for name in &highwire {
        assert!(
            ZOTERO_HIGHWIRE.contains(&name.as_str()) || SCHOLAR.contains(&name.as_str()),
            "`{name}` is read by neither Zotero nor Google Scholar"
        );
    }
    for name in names.iter().filter(|n| n.starts_with("DC.")) {
        assert!(
            DUBLIN_CORE.contains(&&name[3..]),
            "`{name}` is not a Dublin Core element"
        );
    }
    assert_eq!(
        page.attr("link[rel=\"schema.DC\"]", "href"),
        "http://purl.org/dc/elements/1.1/"
    );
    // What Scholar requires, and what it says.
    assert_eq!(
        meta(&page, "citation_title"),
        ["Water {and} peace: 50% of R&D_costs"]
    );
    assert_eq!(
        meta(&page, "citation_author"),
        ["Doe, Jane Q.", "Hassan, Ali", "Water & Peace Network"]
    );
    assert_eq!(meta(&page, "citation_publication_date"), ["2020/03/04"]);
    assert_eq!(meta(&page, "citation_language"), ["en"]);
    assert_eq!(
        meta(&page, "citation_publisher"),
        ["Institute for Tests & Trials"]
    );
    assert_eq!(
        meta(&page, "citation_technical_report_institution"),
        ["Water & Peace Network"]
    );
    assert_eq!(meta(&page, "citation_doi"), ["10.1234/abc_5"]);
    assert_eq!(
        meta(&page, "citation_pdf_url"),
        ["https://example.org/reports/water/report.pdf"]
    );
    assert!(site.exists("reports/water/report.pdf"));
    assert_eq!(meta(&page, "DC.date"), ["2020-03-04"]);
    assert_eq!(meta(&page, "DC.creator").len(), 3);
    assert_eq!(
        meta(&page, "DC.identifier"),
        [
            "https://example.org/reports/water/",
            "https://doi.org/10.1234/abc_5"
        ]
    );
    // The e-book and the downloads are announced to tools too.
    assert_eq!(
        page.attr("link[type=\"application/epub+zip\"]", "href"),
        "https://example.org/downloads/reach-test-hub-en.epub"
    );
    assert_eq!(
        page.attr("link[type=\"application/x-bibtex\"]", "href"),
        "https://example.org/reports/water/water.bib"
    );
}

#[test]
fn json_ld_is_typed_by_the_kind_of_document() {
    let site = site();
    let report = json_ld(&site.html("reports/water/index.html"));
    assert_eq!(report["@context"], "https://schema.org");
    assert_eq!(report["@type"], "Report");
    assert_eq!(report["headline"], "Water {and} peace: 50% of R&D_costs");
    assert_eq!(report["datePublished"], "2020-03-04");
    assert_eq!(report["inLanguage"], "en");
    assert_eq!(report["author"][0]["@type"], "Person");
    assert_eq!(report["author"][0]["familyName"], "Doe");
    assert_eq!(report["author"][2]["@type"], "Organization");
    assert_eq!(report["publisher"]["name"], "Institute for Tests & Trials");
    assert_eq!(report["sameAs"], "https://doi.org/10.1234/abc_5");
    assert_eq!(
        report["workTranslation"][0]["url"],
        "https://example.org/ar/reports/water/"
    );
    let event = json_ld(&site.html("events/meeting/index.html"));
    assert_eq!(event["@type"], "Event");
    assert_eq!(event["startDate"], "2021-06-25T12:30:00-04:00");
    assert_eq!(event["endDate"], "2021-06-25T14:00:00-04:00");
    assert_eq!(event["location"]["@type"], "VirtualLocation");
    assert_eq!(event["organizer"][0]["name"], "Water & Peace Network");
    let letter = json_ld(&site.html("letters/open-letter/index.html"));
    assert_eq!(letter["@type"], "Message");
    assert_eq!(letter["recipient"]["name"], "The Minister");
    // Unsigned: the site is the author.
    assert_eq!(letter["author"][0]["name"], "Reach Test Hub");
}

#[test]
fn the_reference_is_formatted_in_the_language_of_the_page() {
    let site = site();
    let en = site.html("reports/water/index.html");
    assert_eq!(
        en.text("p.cite-text"),
        "Jane Q. Doe, Ali Hassan and Water & Peace Network (2020). Water {and} peace: 50% of R&D_costs. Institute for Tests & Trials. https://doi.org/10.1234/abc_5"
    );
    assert_eq!(en.text(".cite cite"), "Water {and} peace: 50% of R&D_costs");
    assert_eq!(en.attr(".cite a", "href"), "https://doi.org/10.1234/abc_5");
    // A French placeholder cites the English document, says so in French.
    let fr = site.html("fr/events/meeting/index.html");
    assert_eq!(
        fr.text("p.cite-text"),
        "Water & Peace Network (2021). Basin meeting [in English]. Reach Test Hub. https://example.org/events/meeting/"
    );
    assert_eq!(fr.attr(".cite cite", "lang"), "en");
    assert_eq!(
        meta(&fr, "citation_language"),
        ["en"],
        "the placeholder's metadata is the original's"
    );
    // Arabic: the Arabic translation, its own "and".
    let ar = site.html("ar/reports/water/index.html");
    assert!(
        ar.text("p.cite-text")
            .starts_with("Jane Q. Doe، Ali Hassan و Water & Peace Network (2020). الماء والسلام.")
            || ar
                .text("p.cite-text")
                .starts_with("Jane Q. Doe, Ali Hassan and"),
        "{}",
        ar.text("p.cite-text")
    );
    assert_eq!(meta(&ar, "citation_language"), ["ar"]);
}

/// The `citation` function gives the same reference in Tera 1, Tera 2 and
/// minijinja templates.
#[test]
fn the_citation_function_works_in_every_engine() {
    let mut texts = Vec::new();
    for variant in ["tera1", "tera2", "jinja"] {
        let site = TestSite::fixture("reach/cite");
        if variant == "jinja" {
            let dir = site.root.join("templates");
            for name in ["page.html", "index.html", "section.html"] {
                std::fs::rename(dir.join(name), dir.join(format!("{name}.j2"))).unwrap();
            }
        } else {
            let config = site.read_source("config.toml");
            site.write(
                "config.toml",
                &config.replace("[agora]\n", &format!("[agora]\nengine = \"{variant}\"\n")),
            );
        }
        site.build().assert_ok();
        let page = site.html("reports/water/index.html");
        assert_eq!(page.text(".cite-type"), "report Report", "{variant}");
        assert_eq!(meta(&page, "citation_author").len(), 3, "{variant}");
        assert_eq!(
            page.attr("a.bibtex", "href"),
            "https://example.org/reports/water/water.bib",
            "{variant}"
        );
        texts.push((variant, page.text("p.cite-text")));
    }
    assert!(
        texts.iter().all(|(_, t)| *t == texts[0].1),
        "the engines disagree: {texts:?}"
    );
}

/// `python3` with bibtexparser, rispy and citeproc-py, or why not.
fn python_with_parsers() -> Option<String> {
    let probe = Command::new("python3")
        .args(["-c", "import bibtexparser, rispy, citeproc; assert int(bibtexparser.__version__.split('.')[0]) >= 2"])
        .output();
    match probe {
        Ok(out) if out.status.success() => None,
        Ok(out) => Some(format!(
            "python3 lacks bibtexparser, rispy or citeproc-py ({}); `bash .ci/run` installs them",
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Err(e) => Some(format!("no python3: {e}")),
    }
}

/// Every download of the site, read by the real parsers.
fn parsed_downloads(site: &TestSite) -> Option<serde_json::Map<String, Value>> {
    if let Some(why) = python_with_parsers() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{why}");
        }
        eprintln!("\n!!! NOT RUN: {why}\n");
        return None;
    }
    let files: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.ends_with(".bib") || f.ends_with(".ris") || f.ends_with(".json"))
        .filter(|f| !f.starts_with("search/"))
        .map(|f| site.public(&f).to_string_lossy().into_owned())
        .collect();
    assert!(!files.is_empty(), "no downloads written");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/citations/validate.py");
    let out = Command::new("python3")
        .arg(&script)
        .args(&files)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "the parsers refused a download:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: Value = serde_json::from_slice(&out.stdout).expect("validator prints JSON");
    let parsed = parsed.as_object().cloned().expect("an object");
    // Keys back to paths inside the output.
    let public = site.public("");
    let public = public.to_string_lossy();
    Some(
        parsed
            .into_iter()
            .map(|(k, v)| (k.trim_start_matches(public.as_ref()).to_string(), v))
            .collect(),
    )
}

#[test]
fn downloads_survive_bibtex_ris_and_csl_parsers() {
    let site = site();
    let Some(parsed) = parsed_downloads(&site) else {
        return;
    };
    // Three files per real document (3 English, 1 Arabic), none for placeholders.
    assert_eq!(parsed.len(), 12, "{:?}", parsed.keys().collect::<Vec<_>>());
    let bib = &parsed["reports/water/water.bib"];
    assert_eq!(bib["type"], "techreport");
    assert_eq!(bib["title"], "Water {and} peace: 50% of R&D_costs");
    let last: Vec<&str> = bib["authors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["last"].as_str().unwrap())
        .collect();
    assert_eq!(last, ["Doe", "Hassan", "Water & Peace Network"]);
    assert_eq!(bib["authors"][0]["first"], "Jane Q.");
    assert_eq!(bib["year"], "2020");
    assert_eq!(bib["date"], "2020-03-04");
    assert_eq!(bib["url"], "https://example.org/reports/water/");
    assert_eq!(bib["doi"], "10.1234/abc_5");
    assert_eq!(bib["publisher"], "Institute for Tests & Trials");

    let ris = &parsed["reports/water/water.ris"];
    assert_eq!(ris["type"], "RPRT");
    assert_eq!(ris["title"], "Water {and} peace: 50% of R&D_costs");
    assert_eq!(
        ris["authors"],
        serde_json::json!(["Doe, Jane Q.", "Hassan, Ali", "Water & Peace Network"])
    );
    assert_eq!(ris["year"], "2020");
    assert_eq!(ris["date"], "2020/03/04");
    assert_eq!(ris["url"], "https://example.org/reports/water/");
    assert_eq!(ris["doi"], "10.1234/abc_5");

    let csl = &parsed["reports/water/water.json"];
    assert_eq!(csl["type"], "report");
    let rendered = csl["rendered"].as_str().unwrap();
    for part in [
        "Doe",
        "Hassan",
        "Water & Peace Network",
        "2020",
        "Water {and} peace: 50% of R&D_costs",
        "Institute for Tests & Trials",
        // The DOI is the link Harvard gives when there is one.
        "https://doi.org/10.1234/abc_5",
    ] {
        assert!(rendered.contains(part), "`{part}` lost in: {rendered}");
    }

    // Arabic survives too, and each kind of document keeps its type.
    let ar = &parsed["ar/reports/water/water.ris"];
    assert_eq!(ar["title"], "الماء والسلام");
    assert_eq!(ar["language"], "ar");
    assert_eq!(parsed["events/meeting/meeting.bib"]["type"], "misc");
    assert_eq!(parsed["events/meeting/meeting.json"]["type"], "speech");
    let letter = parsed["letters/open-letter/open-letter.json"]["rendered"]
        .as_str()
        .unwrap();
    for part in [
        "Reach Test Hub",
        "2019",
        "An open letter",
        "https://example.org/letters/open-letter/",
    ] {
        assert!(letter.contains(part), "`{part}` lost in: {letter}");
    }
}

#[test]
fn every_hub_document_cites_and_downloads_in_its_language() {
    let site = TestSite::hub();
    site.build().assert_ok();
    // A Russian translation, a Kyrgyz placeholder (shown in Russian) and an Arabic translation.
    let ru = site.html("ru/briefs/osce-civil-society-day/index.html");
    assert_eq!(meta(&ru, "citation_language"), ["ru"]);
    assert_eq!(meta(&ru, "citation_author"), ["The Prevention Project"]);
    assert!(
        ru.text(".citation-text").contains("(2017)"),
        "{}",
        ru.text(".citation-text")
    );
    assert_eq!(ru.count(".cite-downloads a[download]"), 3);
    let ky = site.html("ky/briefs/osce-civil-society-day/index.html");
    assert_eq!(
        meta(&ky, "citation_language"),
        ["ru"],
        "ky shows the Russian version"
    );
    assert_eq!(json_ld(&ky)["@type"], "Report");
    let research = site.html("research/state-violence-and-support-for-extremism/index.html");
    assert_eq!(json_ld(&research)["@type"], "ScholarlyArticle");
    let event = site.html("events/csos-in-prisons-side-event/index.html");
    assert_eq!(json_ld(&event)["@type"], "Event");
    let Some(parsed) = parsed_downloads(&site) else {
        return;
    };
    for (path, item) in &parsed {
        if path.ends_with(".bib") || path.ends_with(".ris") {
            assert!(
                item["title"].as_str().is_some_and(|t| !t.is_empty()),
                "{path}: no title"
            );
            assert!(
                item["url"]
                    .as_str()
                    .is_some_and(|u| u.starts_with("https://hub.example.org/")),
                "{path}: no URL"
            );
            assert!(
                !item["authors"].as_array().unwrap().is_empty(),
                "{path}: no author"
            );
        }
    }
    assert!(parsed.len() >= 3 * 10, "{} downloads", parsed.len());
}
