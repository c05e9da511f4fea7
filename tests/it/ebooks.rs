//! E-books: one EPUB 3 per language, validated by EPUBCheck (Debian's
//! `epubcheck`, installed by `.ci/run`), with what a reader finds in it:
//! sections and documents in the table of contents, the metadata, images,
//! footnotes, placeholders with their notice, right-to-left progression.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::TestSite;

/// How to run EPUBCheck: `EPUBCHECK` (a jar or a command), Debian's jar, or
/// `epubcheck` on the PATH.
fn epubcheck() -> Result<Command, String> {
    let jar = std::env::var("EPUBCHECK")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("/usr/share/java/epubcheck.jar"));
    if jar.extension().is_some_and(|e| e == "jar") && jar.exists() {
        let mut c = Command::new("java");
        c.arg("-jar").arg(jar);
        return Ok(c);
    }
    if Command::new("epubcheck").arg("--version").output().is_ok() {
        return Ok(Command::new("epubcheck"));
    }
    Err(
        "EPUBCheck not found (apt-get install epubcheck, or EPUBCHECK=/path/to/epubcheck.jar)"
            .into(),
    )
}

/// EPUBCheck's verdict on `file`: the lines of its errors (empty when valid).
fn check(file: &Path) -> Option<Vec<String>> {
    let mut command = match epubcheck() {
        Ok(c) => c,
        Err(why) => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{why}");
            }
            eprintln!("\n!!! NOT RUN: {why}\n");
            return None;
        }
    };
    let out = command.arg(file).output().expect("run EPUBCheck");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("EPUBCheck {}:\n{text}", file.display());
    let errors: Vec<String> = text
        .lines()
        .filter(|l| l.starts_with("ERROR") || l.starts_with("FATAL"))
        .map(str::to_string)
        .collect();
    assert!(
        text.contains("EPUBCheck completed") || text.contains("No errors or warnings"),
        "EPUBCheck did not run to the end:\n{text}"
    );
    if errors.is_empty() {
        assert!(out.status.success(), "EPUBCheck failed:\n{text}");
    }
    Some(errors)
}

fn entry(book: &Path, name: &str) -> String {
    let file = std::fs::File::open(book).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name} not in {}: {e}", book.display()))
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn names(book: &Path) -> Vec<String> {
    let file = std::fs::File::open(book).unwrap();
    let zip = zip::ZipArchive::new(file).unwrap();
    zip.file_names().map(str::to_string).collect()
}

#[test]
fn every_language_of_the_fixture_gets_a_valid_epub() {
    let site = TestSite::fixture("reach/cite");
    site.build().assert_ok();
    for lang in ["en", "fr", "ar"] {
        let book = site.public(&format!("downloads/reach-test-hub-{lang}.epub"));
        assert!(book.exists(), "no {lang} e-book");
        if let Some(errors) = check(&book) {
            assert!(errors.is_empty(), "{lang}: {errors:#?}");
        }
    }
    let en = site.public("downloads/reach-test-hub-en.epub");
    // The first entry is the uncompressed mimetype, as the format asks.
    let mut raw = Vec::new();
    std::fs::File::open(&en)
        .unwrap()
        .read_to_end(&mut raw)
        .unwrap();
    assert_eq!(&raw[30..38], b"mimetype");
    assert_eq!(&raw[38..58], b"application/epub+zip");

    let opf = entry(&en, "OEBPS/content.opf");
    assert!(opf.contains("<dc:title>Reach Test Hub</dc:title>"), "{opf}");
    assert!(opf.contains(">en</dc:language>"), "{opf}");
    assert!(
        opf.contains("<dc:creator id=\"epub-creator-0\">Reach Test Hub</dc:creator>"),
        "{opf}"
    );
    assert!(
        opf.contains("<meta property=\"dcterms:publisher\">Reach Test Hub</meta>"),
        "{opf}"
    );
    // The newest document's date, not the clock.
    assert!(
        opf.contains("<dc:date>2021-06-25T00:00:00Z</dc:date>"),
        "{opf}"
    );
    assert!(opf.contains("page-progression-direction=\"ltr\""), "{opf}");

    // Sections, their documents, and the documents' headings, in order.
    let nav = entry(&en, "OEBPS/nav.xhtml");
    let order: Vec<usize> = [
        "Reach Test Hub",
        "Events",
        "Basin meeting",
        "Letters",
        "An open letter",
        "Reports",
        "Water {and} peace",
        "Findings",
        "Method",
    ]
    .iter()
    .map(|t| {
        nav.find(t)
            .unwrap_or_else(|| panic!("`{t}` not in the table of contents:\n{nav}"))
    })
    .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "table of contents out of order:\n{nav}");

    // The report: its image inside the book, its footnote, links into the book.
    let files = names(&en);
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("OEBPS/images/") && f.ends_with(".png")),
        "{files:?}"
    );
    let report = files
        .iter()
        .find(|f| f.starts_with("OEBPS/d") && entry(&en, f).contains("Agreements over rivers"))
        .expect("the report's chapter");
    let report = entry(&en, report);
    assert!(
        report.contains("src=\"images/image-1.png\"")
            && report.contains("alt=\"A map of the basin\""),
        "{report}"
    );
    assert!(report.contains("epub:type=\"noteref\""), "{report}");
    assert!(report.contains("epub:type=\"endnote\""), "{report}");
    assert!(
        report.contains("href=\"d2.xhtml#agenda\"") || report.contains(".xhtml#agenda\""),
        "{report}"
    );
    assert!(report.contains("type=\"checkbox\""), "{report}");
    let letter = files
        .iter()
        .map(|f| entry(&en, f))
        .find(|t| t.contains("Dear Minister"))
        .expect("the letter");
    assert!(
        !letter.contains("alert(1)"),
        "scripts are left out: {letter}"
    );
}

#[test]
fn placeholders_and_right_to_left_in_the_books() {
    let site = TestSite::fixture("reach/cite");
    site.build().assert_ok();
    // French has no translation: the English documents with the notice.
    let fr = site.public("downloads/reach-test-hub-fr.epub");
    let chapters: Vec<String> = names(&fr)
        .into_iter()
        .filter(|f| f.starts_with("OEBPS/d"))
        .map(|f| entry(&fr, &f))
        .collect();
    let meeting = chapters
        .iter()
        .find(|c| c.contains("Basin meeting"))
        .expect("the meeting, in English");
    assert!(meeting.contains("class=\"notice\""), "{meeting}");
    assert!(
        meeting.contains("lang=\"fr\""),
        "the book's language: {meeting}"
    );
    assert!(
        meeting.contains("<div lang=\"en\" xml:lang=\"en\" dir=\"ltr\">"),
        "{meeting}"
    );
    // Arabic: right to left, the Arabic translation of the report.
    let ar = site.public("downloads/reach-test-hub-ar.epub");
    let opf = entry(&ar, "OEBPS/content.opf");
    assert!(opf.contains("page-progression-direction=\"rtl\""), "{opf}");
    assert!(opf.contains(">ar</dc:language>"), "{opf}");
    let nav = entry(&ar, "OEBPS/nav.xhtml");
    assert!(
        nav.contains("lang=\"ar\" xml:lang=\"ar\" dir=\"rtl\""),
        "{nav}"
    );
    let report = names(&ar)
        .into_iter()
        .map(|f| entry(&ar, &f))
        .find(|c| c.contains("اتفاقيات الأنهار"))
        .expect("the Arabic report");
    assert!(report.contains("dir=\"rtl\""), "{report}");
    // Building again gives the same bytes (no clock, no random identifier).
    let before = std::fs::read(&ar).unwrap();
    site.agora(&["build", "-o", "public2"]).assert_ok();
    let again = std::fs::read(site.root.join("public2/downloads/reach-test-hub-ar.epub")).unwrap();
    assert!(before == again, "the e-book changed between two builds");
}

#[test]
fn the_hub_writes_a_valid_epub_in_each_of_its_seven_languages() {
    let site = TestSite::hub();
    site.build().assert_ok();
    let home = site.html("index.html");
    assert_eq!(
        home.attr("footer a[type=\"application/epub+zip\"]", "href"),
        "https://hub.example.org/downloads/civil-society-knowledge-hub-en.epub"
    );
    for lang in ["en", "fr", "ru", "ar", "ky", "sq", "ha"] {
        let book = site.public(&format!(
            "downloads/civil-society-knowledge-hub-{lang}.epub"
        ));
        assert!(book.exists(), "no {lang} e-book");
        let chapters = names(&book)
            .iter()
            .filter(|f| f.starts_with("OEBPS/d"))
            .count();
        assert!(chapters >= 9, "{lang}: {chapters} documents");
        if let Some(errors) = check(&book) {
            assert!(errors.is_empty(), "{lang}: {errors:#?}");
        }
    }
}
