//! Documents through PO and XLIFF, segment by segment: `agora i18n export
//! --documents`, `agora i18n import` into `name.<lang>.md`, fuzzy entries
//! for changed segments only, and the notices the built pages show.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::harness::TestSite;

const KY_PO: &str = "i18n/po/documents/ky/notes.po";

/// Every file under `content/`, with its bytes.
fn content_snapshot(site: &TestSite) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(site.root.join("content"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// `po` with the empty `msgstr` of each named segment (`p:1`, `title`…
/// of `document`) filled.
fn fill(po: &str, document: &str, translations: &[(&str, &str)]) -> String {
    let mut out = String::new();
    let mut pending: Option<&str> = None;
    for line in po.lines() {
        if let Some(ctxt) = line.strip_prefix("msgctxt \"") {
            pending = translations
                .iter()
                .find(|(id, _)| ctxt.starts_with(&format!("{document}#{id}@")))
                .map(|(_, t)| *t);
        }
        if line == "msgstr \"\""
            && let Some(t) = pending.take()
        {
            // As gettext writes it: a string with line breaks split after each.
            let escape = |s: &str| {
                s.replace('\\', "\\\\")
                    .replace('"', "\\\"")
                    .replace('\n', "\\n")
            };
            if t.contains('\n') {
                out.push_str("msgstr \"\"\n");
                for piece in t.split_inclusive('\n') {
                    out.push_str(&format!("\"{}\"\n", escape(piece)));
                }
            } else {
                out.push_str(&format!("msgstr \"{}\"\n", escape(t)));
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Runs a program of the field (gettext, translate-toolkit). Without it
/// the test fails under CI and says loudly that it could not check elsewhere.
fn field_tool(program: &str, args: &[&str], dir: &Path) -> Option<std::process::Output> {
    match std::process::Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
    {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{program} {args:?} failed:\n{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            Some(out)
        }
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{program} is required in CI (.ci/run installs it): {e}"
            );
            eprintln!("WARNING: {program} not found ({e}); NOT checked");
            None
        }
    }
}

/// How many entries of a PO file have a translation.
fn translated_entries(po: &str) -> usize {
    let lines: Vec<&str> = po.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter(|(i, l)| {
            l.starts_with("msgstr ")
                && (**l != "msgstr \"\"" || lines.get(i + 1).is_some_and(|n| n.starts_with('"')))
        })
        .count()
        - 1 // the header
}

fn msgfmt_check(site: &TestSite, rel: &str) {
    field_tool("msgfmt", &["--check", "-o", "/dev/null", rel], &site.root);
}

/// The fixture with six segments of `notes/trust.md` translated into
/// Kyrgyz through the PO file, and that file.
fn translated_into_kyrgyz() -> (TestSite, String) {
    let site = TestSite::fixture("i18n/documents");
    site.agora(&["i18n", "export", "--documents", "--lang", "ky"])
        .assert_ok();
    let po = site.read_source(KY_PO);
    let filled = fill(
        &po,
        "notes/trust.md",
        &[
            ("title", "Ишеним куруу"),
            (
                "p:1",
                "Милиция менен жамааттардын ортосундагы **ишеним** [жылдар бою](@/notes/other.md) курулат, күндөр эмес.",
            ),
            ("li:3.2", "өз ордунда калган\nатайын кызматкер."),
            ("q:4.1", "Адегенде угуңуз,\nанан аракет кылыңыз."),
            ("td:5.2.1", "Жолугушуу"),
            (
                "alt:8.1",
                "Жолугушуудагы милиция кызматкерлери жана тургундар",
            ),
        ],
    );
    site.write(KY_PO, &filled);
    let run = site.agora(&["i18n", "import", KY_PO]);
    run.assert_ok();
    assert!(
        run.stdout().contains(
            "trust.ky.md: created (6 of 14 segments translated, 0 fuzzy, 8 still in the original language)"
        ),
        "{}",
        run.stdout()
    );
    (site, filled)
}

#[test]
fn documents_are_exported_segment_by_segment_with_stable_ids_and_places() {
    let site = TestSite::fixture("i18n/documents");
    let run = site.agora(&["i18n", "export", "--documents"]);
    run.assert_ok();
    for rel in [
        "i18n/po/documents/fr/notes.po",
        "i18n/po/documents/ky/notes.po",
        "i18n/po/documents/ky/_index.po",
    ] {
        assert!(site.root.join(rel).is_file(), "{rel}: {}", run.stdout());
        msgfmt_check(&site, rel);
    }
    let po = site.read_source(KY_PO);
    let ids: Vec<&str> = po
        .lines()
        .filter_map(|l| l.strip_prefix("msgctxt \"notes/trust.md#"))
        .map(|l| l.split('@').next().unwrap())
        .collect();
    assert_eq!(
        ids,
        vec![
            "title",
            "description",
            "p:1",
            "h:2",
            "li:3.1",
            "li:3.2",
            "q:4.1",
            "th:5.1.1",
            "th:5.1.2",
            "td:5.2.1",
            "td:5.2.2",
            "alt:8.1",
            "p:9",
            "fn:10.1"
        ],
        "one entry per title, description, paragraph, heading, item, quote, cell, alt text, footnote"
    );
    // Inline Markdown stays as written; code, raw HTML and URLs are not offered.
    assert!(po.contains(
        "#: content/notes/trust.md:6\nmsgctxt \"notes/trust.md#p:1@64591356\"\nmsgid \"Trust between **police** and communities is built [over years](@/notes/other.md), not days.\"\nmsgstr \"\"\n"
    ), "{po}");
    assert!(
        po.contains(
            "#. What works\n#: content/notes/trust.md:10\nmsgctxt \"notes/trust.md#li:3.1@"
        ),
        "the heading is a comment for translators: {po}"
    );
    assert!(
        po.contains("msgid \"\"\n\"Listen first,\\n\"\n\"then act.\"\n"),
        "{po}"
    );
    assert!(!po.contains("agora build") && !po.contains("Raw HTML") && !po.contains("meeting.png"));
    // A translation made by hand is aligned by structure and carried over.
    let fr = site.read_source("i18n/po/documents/fr/notes.po");
    assert!(
        fr.contains("msgid \"Second paragraph.\"\nmsgstr \"Second paragraphe.\"\n"),
        "{fr}"
    );
    assert!(!fr.contains("fuzzy"), "{fr}");
    // Stable: the same export again leaves the files as they are.
    let again = site.agora(&["i18n", "export", "--documents"]);
    again.assert_ok();
    assert!(!again.stdout().contains("Wrote"), "{}", again.stdout());
    assert_eq!(site.read_source(KY_PO), po);
}

#[test]
fn export_then_import_without_translating_changes_nothing() {
    let site = TestSite::fixture("i18n/documents");
    let before = content_snapshot(&site);
    site.agora(&["i18n", "export", "--documents"]).assert_ok();
    site.agora(&["i18n", "export", "--documents", "--format", "xliff"])
        .assert_ok();
    let mut files = Vec::new();
    for dir in ["po", "xliff"] {
        for lang in ["fr", "ky"] {
            for name in ["notes", "_index"] {
                let ext = if dir == "po" { "po" } else { "xlf" };
                files.push(format!("i18n/{dir}/documents/{lang}/{name}.{ext}"));
            }
        }
    }
    let mut args = vec!["i18n", "import"];
    args.extend(files.iter().map(String::as_str));
    let run = site.agora(&args);
    run.assert_ok();
    assert!(
        run.stdout().contains("nothing new for `ky`"),
        "{}",
        run.stdout()
    );
    assert_eq!(
        content_snapshot(&site),
        before,
        "no file created or changed"
    );
}

#[test]
fn translated_segments_come_back_in_a_translation_with_the_rest_marked_in_the_source_language() {
    let (site, filled) = translated_into_kyrgyz();
    let md = site.read_source("content/notes/trust.ky.md");
    assert!(md.contains("title = \"Ишеним куруу\"\n"), "{md}");
    assert!(
        md.contains("- өз ордунда калган\n  атайын кызматкер.\n"),
        "continuation lines keep the list's indentation: {md}"
    );
    assert!(
        md.contains("> Адегенде угуңуз,\n> анан аракет кылыңыз.\n"),
        "{md}"
    );
    assert!(md.contains("```sh\nagora build\n```"), "code kept: {md}");
    site.build().assert_ok();
    let page = site.html("ky/notes/trust/index.html");
    assert_eq!(page.text("h1"), "Ишеним куруу");
    assert_eq!(page.text("article p strong"), "ишеним");
    assert_eq!(
        page.attr("article a[href$='/notes/other/']", "href"),
        "https://hub.example.org/notes/other/"
    );
    assert_eq!(
        page.attr("img", "alt"),
        "Жолугушуудагы милиция кызматкерлери жана тургундар"
    );
    assert_eq!(
        page.attr("article h2 span.agora-untranslated", "lang"),
        "en",
        "an untranslated heading stays in English, marked as such"
    );
    assert_eq!(page.text("article h2 span[lang=en]"), "What works");
    assert_eq!(page.count("article td span[lang=en]"), 1);
    assert_eq!(page.count("article th span[lang=en]"), 2);
    assert_eq!(
        page.text("aside.agora-partial-notice"),
        "This page is partly translated: 8 of its 14 passages are still in English."
    );
    assert_eq!(page.count("aside.agora-outdated-notice"), 0);

    // Export again: the same file (it is not even rewritten).
    let run = site.agora(&["i18n", "export", "--documents", "--lang", "ky"]);
    run.assert_ok();
    assert!(
        run.stdout().contains("notes.po: up to date"),
        "{}",
        run.stdout()
    );
    assert_eq!(site.read_source(KY_PO), filled);
    msgfmt_check(&site, KY_PO);
    // And importing it again changes nothing.
    let md_before = site.read_source("content/notes/trust.ky.md");
    site.agora(&["i18n", "import", KY_PO]).assert_ok();
    assert_eq!(site.read_source("content/notes/trust.ky.md"), md_before);

    let status = site.agora(&["i18n", "status", "--lang", "ky", "--format", "json"]);
    status.assert_ok();
    let json: serde_json::Value = serde_json::from_str(&status.stdout()).unwrap();
    let trust = json[0]["documents_segments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["original"] == "notes/trust.md")
        .unwrap()
        .clone();
    assert_eq!(
        (
            trust["current"].as_u64(),
            trust["fuzzy"].as_u64(),
            trust["missing"].as_u64(),
            trust["total"].as_u64()
        ),
        (Some(6), Some(0), Some(8), Some(14))
    );
    assert_eq!(trust["translation"], "notes/trust.ky.md");
}

#[test]
fn editing_one_paragraph_of_the_original_makes_exactly_that_entry_fuzzy() {
    let (site, _) = translated_into_kyrgyz();
    let original = site.read_source("content/notes/trust.md");

    // A change outside every segment (a code block): nothing is out of date.
    site.write(
        "content/notes/trust.md",
        &original.replace("agora build", "agora serve"),
    );
    site.agora(&["i18n", "export", "--documents", "--lang", "ky"])
        .assert_ok();
    assert!(!site.read_source(KY_PO).contains("#, fuzzy"));
    site.build().assert_ok();
    assert_eq!(
        site.html("ky/notes/trust/index.html")
            .count("aside.agora-outdated-notice"),
        0
    );

    // One translated paragraph changes.
    site.write(
        "content/notes/trust.md",
        &original.replace("not days.", "not in days."),
    );
    site.agora(&["i18n", "export", "--documents", "--lang", "ky"])
        .assert_ok();
    let po = site.read_source(KY_PO);
    assert_eq!(po.matches("#, fuzzy").count(), 1, "{po}");
    assert!(po.contains(
        "#: content/notes/trust.md:6\n#, fuzzy\n#| msgctxt \"notes/trust.md#p:1@64591356\"\n#| msgid \"Trust between **police** and communities is built [over years](@/notes/other.md), not days.\"\nmsgctxt \"notes/trust.md#p:1@"
    ), "{po}");
    assert!(
        po.contains("not in days.\"\nmsgstr \"Милиция менен"),
        "{po}"
    );
    assert_eq!(
        translated_entries(&po),
        6,
        "the other translations carry over"
    );
    msgfmt_check(&site, KY_PO);
    // Without the earlier export to take the old text from, the entry is
    // still the only fuzzy one, and gettext still accepts the file.
    std::fs::remove_file(site.root.join(KY_PO)).unwrap();
    site.agora(&["i18n", "export", "--documents", "--lang", "ky"])
        .assert_ok();
    let bare = site.read_source(KY_PO);
    assert_eq!(
        bare.matches("#, fuzzy\nmsgctxt \"notes/trust.md#p:1@")
            .count(),
        1,
        "{bare}"
    );
    assert!(!bare.contains("#|"), "{bare}");
    msgfmt_check(&site, KY_PO);
    site.write(KY_PO, &po);
    site.build().assert_ok();
    let page = site.html("ky/notes/trust/index.html");
    assert!(
        page.text("aside.agora-outdated-notice")
            .contains("1 of its 14 passages has changed since."),
        "{}",
        page.text("aside.agora-outdated-notice")
    );
    let status = site.agora(&["i18n", "status", "--lang", "ky"]);
    assert!(
        status.stdout().contains(
            "segments of content/notes/trust.ky.md: 5/14 current  35%, 1 fuzzy   7%, 8 missing  57%"
        ),
        "{}",
        status.stdout()
    );

    // An untranslated paragraph changes too: the next import shows its new text.
    site.write(
        "content/notes/trust.md",
        &original
            .replace("not days.", "not in days.")
            .replace("A note on sources.", "A note on our sources."),
    );
    site.agora(&["i18n", "import", KY_PO]).assert_ok();
    assert!(site.read_source("content/notes/trust.ky.md").contains(
        "<span lang=\"en\" class=\"agora-untranslated\">A note on our sources.[^1]</span>"
    ));
    site.agora(&["i18n", "export", "--documents", "--lang", "ky"])
        .assert_ok();
    let po = site.read_source(KY_PO);
    assert_eq!(po.matches("#, fuzzy").count(), 1, "{po}");

    // The translator revises the entry and clears the fuzzy mark.
    let revised = po.replace("#, fuzzy\n", "").replace(
        "курулат, күндөр эмес.",
        "бир нече күндө эмес, жылдар бою курулат.",
    );
    site.write(KY_PO, &revised);
    site.agora(&["i18n", "import", KY_PO]).assert_ok();
    site.build().assert_ok();
    let page = site.html("ky/notes/trust/index.html");
    assert_eq!(page.count("aside.agora-outdated-notice"), 0);
    assert!(
        page.text("article")
            .contains("бир нече күндө эмес, жылдар бою курулат.")
    );
}

#[test]
fn a_translation_made_by_hand_is_continued_in_a_tool() {
    let site = TestSite::fixture("i18n/documents");
    let before = site.read_source("content/notes/other.fr.md");
    // The original changes: the hand translation cannot say which segment, so all are fuzzy.
    let original = site.read_source("content/notes/other.md");
    site.write(
        "content/notes/other.md",
        &original.replace("Second paragraph.", "Second paragraph, revised."),
    );
    site.agora(&["i18n", "export", "--documents", "--lang", "fr"])
        .assert_ok();
    let po = site.read_source("i18n/po/documents/fr/notes.po");
    assert!(
        po.contains("#, fuzzy\nmsgctxt \"notes/other.md#p:1@"),
        "{po}"
    );
    // The translator confirms the unchanged ones and revises the other.
    let po = po
        .replace(
            "#, fuzzy\nmsgctxt \"notes/other.md#title",
            "msgctxt \"notes/other.md#title",
        )
        .replace(
            "#, fuzzy\nmsgctxt \"notes/other.md#p:1",
            "msgctxt \"notes/other.md#p:1",
        )
        .replace(
            "#, fuzzy\nmsgctxt \"notes/other.md#p:2",
            "msgctxt \"notes/other.md#p:2",
        )
        .replace(
            "msgstr \"Second paragraphe.\"",
            "msgstr \"Second paragraphe, révisé.\"",
        );
    site.write("i18n/po/documents/fr/notes.po", &po);
    let run = site.agora(&["i18n", "import", "i18n/po/documents/fr/notes.po"]);
    run.assert_ok();
    assert!(
        run.stdout()
            .contains("other.fr.md: updated (3 of 3 segments translated"),
        "{}",
        run.stdout()
    );
    let after = site.read_source("content/notes/other.fr.md");
    assert_eq!(
        after.split("+++").nth(2),
        Some("\nPremier paragraphe.\n\nSecond paragraphe, révisé.\n"),
        "edited in place: {after}"
    );
    assert!(
        before.contains("title = \"Une autre note\"")
            && after.contains("title = \"Une autre note\"")
    );
    site.agora(&["i18n", "export", "--documents", "--lang", "fr"])
        .assert_ok();
    assert!(
        !site
            .read_source("i18n/po/documents/fr/notes.po")
            .contains("fuzzy")
    );
    site.build().assert_ok();
    assert_eq!(
        site.html("fr/notes/other/index.html")
            .count("aside.agora-outdated-notice"),
        0
    );
}

#[test]
fn a_hand_translation_in_other_words_is_aligned_only_where_it_matches_and_never_overwritten() {
    let site = TestSite::fixture("i18n/documents");
    // A summary, not a paragraph-by-paragraph translation: it parts from
    // the original after its first paragraph.
    let summary = "+++\ntitle = \"Bâtir la confiance\"\ndate = 2024-03-01\n+++\nLa confiance se construit sur des années.\n\nEn résumé : des rencontres régulières, un agent attitré.\n";
    site.write("content/notes/trust.fr.md", summary);
    site.agora(&["i18n", "export", "--documents", "--lang", "fr"])
        .assert_ok();
    let po = site.read_source("i18n/po/documents/fr/notes.po");
    assert!(
        po.contains("msgstr \"La confiance se construit sur des années.\""),
        "{po}"
    );
    assert!(!po.contains("En résumé"), "not paired with a heading: {po}");
    let po = fill(
        &po,
        "notes/trust.md",
        &[("fn:10.1", "Entretiens menés en 2023.")],
    );
    site.write("i18n/po/documents/fr/notes.po", &po);
    let run = site.agora(&["i18n", "import", "i18n/po/documents/fr/notes.po"]);
    run.assert_ok();
    assert!(
        run.stderr()
            .contains("trust.fr.md not changed: it was translated by hand with another structure"),
        "{}",
        run.stderr()
    );
    assert_eq!(site.read_source("content/notes/trust.fr.md"), summary);
}

#[test]
fn xliff_files_go_both_ways_and_translate_toolkit_reads_them() {
    let (site, filled) = translated_into_kyrgyz();
    // pocount counts the segments: 3 of the section, 3 + 14 of its documents.
    if let Some(out) = field_tool("pocount", &["--csv", KY_PO], &site.root) {
        let csv = String::from_utf8_lossy(&out.stdout).into_owned();
        let row: Vec<&str> = csv
            .lines()
            .nth(1)
            .unwrap()
            .split(',')
            .map(str::trim)
            .collect();
        assert_eq!((row[1], row[8]), ("6", "20"), "translated, total: {csv}");
    }
    // po2xliff and back (which drops msgctxt): import finds each entry by its place.
    if field_tool("po2xliff", &[KY_PO, "rt.xlf"], &site.root).is_some() {
        field_tool("xliff2po", &["rt.xlf", "rt.po"], &site.root);
        let md = site.read_source("content/notes/trust.ky.md");
        std::fs::remove_file(site.root.join("content/notes/trust.ky.md")).unwrap();
        let run = site.agora(&["i18n", "import", "rt.po"]);
        run.assert_ok();
        assert_eq!(
            site.read_source("content/notes/trust.ky.md"),
            md,
            "{}",
            run.stdout()
        );
        // translate-toolkit reads agora's XLIFF too.
        site.agora(&[
            "i18n",
            "export",
            "--documents",
            "--lang",
            "ky",
            "--format",
            "xliff",
        ])
        .assert_ok();
        field_tool(
            "xliff2po",
            &["i18n/xliff/documents/ky/notes.xlf", "from-xliff.po"],
            &site.root,
        );
        let from_xliff = site.read_source("from-xliff.po");
        assert_eq!(
            from_xliff.matches("\n#: content/notes/").count(),
            20,
            "{from_xliff}"
        );
        assert!(
            from_xliff.contains("msgstr \"Ишеним куруу\""),
            "{from_xliff}"
        );
    }
    // agora's own XLIFF: a target filled there comes back like one from PO.
    site.agora(&[
        "i18n",
        "export",
        "--documents",
        "--lang",
        "ky",
        "--format",
        "xliff",
    ])
    .assert_ok();
    let xlf = site.read_source("i18n/xliff/documents/ky/notes.xlf");
    assert!(
        xlf.contains("<target state=\"translated\">Ишеним куруу</target>"),
        "{xlf}"
    );
    let (head, tail) = xlf
        .split_once("<source>Interviews held in 2023.</source>")
        .unwrap();
    let xlf = format!(
        "{head}<source>Interviews held in 2023.</source>{}",
        tail.replacen(
            "<target state=\"needs-translation\"></target>",
            "<target state=\"translated\">2023-жылы өткөрүлгөн маектер.</target>",
            1
        )
    );
    site.write("i18n/xliff/documents/ky/notes.xlf", &xlf);
    site.agora(&["i18n", "import", "i18n/xliff/documents/ky/notes.xlf"])
        .assert_ok();
    assert!(
        site.read_source("content/notes/trust.ky.md")
            .contains("[^1]: 2023-жылы өткөрүлгөн маектер.\n")
    );
    let _ = filled;
}

/// A translated line that begins like a Markdown block (`# `, `- `, `2026. `,
/// `> `) stays text in its paragraph or list item, and the translator sees
/// it again as written.
#[test]
fn translated_lines_that_look_like_markdown_blocks_stay_text() {
    let site = TestSite::fixture("i18n/documents");
    site.agora(&["i18n", "export", "--documents", "--lang", "ky"])
        .assert_ok();
    let paragraph = "# 1 — биринчи сап\n- бул тизме эмес\n2026. Жыл\n> цитата эмес";
    let item = "- өз ордунда калган";
    let filled = fill(
        &site.read_source(KY_PO),
        "notes/trust.md",
        &[("p:1", paragraph), ("li:3.2", item)],
    );
    site.write(KY_PO, &filled);
    site.agora(&["i18n", "import", KY_PO]).assert_ok();
    site.build().assert_ok();
    let page = site.html("ky/notes/trust/index.html");
    assert_eq!(page.count("article h1"), 0, "no heading made of the line");
    assert_eq!(
        page.count("article blockquote"),
        1,
        "only the original's quote"
    );
    assert_eq!(page.count("article ol"), 0);
    assert_eq!(page.count("article ul"), 1, "only the original's list");
    assert_eq!(page.count("article ul ul"), 0);
    let texts = page.texts("article p");
    let first = texts.iter().find(|t| t.contains("биринчи")).unwrap();
    assert!(
        first.starts_with("# 1 — биринчи сап") && first.contains("2026. Жыл"),
        "{texts:?}"
    );
    assert!(page.texts("article li").iter().any(|t| t == item));

    // The next export shows the translator the lines as written.
    site.agora(&["i18n", "export", "--documents", "--lang", "ky"])
        .assert_ok();
    assert_eq!(site.read_source(KY_PO), filled);
    msgfmt_check(&site, KY_PO);
}

/// Runs git in the test site, which fails the test if git fails.
fn git(site: &TestSite, args: &[&str]) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(&site.root)
        .args([
            "-c",
            "user.name=Editor",
            "-c",
            "user.email=editor@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Where no earlier export is kept (PO files not committed), the previous
/// source of a changed segment comes from the original's git history.
#[test]
fn without_an_earlier_export_the_previous_source_comes_from_git_history() {
    let (site, _) = translated_into_kyrgyz();
    git(&site, &["init", "-q"]);
    git(&site, &["add", "content"]);
    git(&site, &["commit", "-q", "-m", "translated"]);
    std::fs::remove_dir_all(site.root.join("i18n/po")).unwrap();
    let original = site.read_source("content/notes/trust.md");
    site.write(
        "content/notes/trust.md",
        &original.replace("not days.", "not in days."),
    );
    git(&site, &["commit", "-q", "-am", "edited"]);
    site.agora(&["i18n", "export", "--documents", "--lang", "ky"])
        .assert_ok();
    let po = site.read_source(KY_PO);
    assert_eq!(po.matches("#, fuzzy").count(), 1, "{po}");
    assert!(
        po.contains(
            "#, fuzzy\n#| msgctxt \"notes/trust.md#p:1@64591356\"\n#| msgid \"Trust between **police** and communities is built [over years](@/notes/other.md), not days.\"\n"
        ),
        "{po}"
    );
    msgfmt_check(&site, KY_PO);
}
