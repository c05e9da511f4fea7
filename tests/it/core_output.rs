//! Output is swapped in atomically and unchanged files are not rewritten.

use std::os::unix::fs::MetadataExt;

use crate::harness::TestSite;

#[test]
fn a_failed_build_leaves_the_previous_site_intact() {
    let site = TestSite::fixture("core/basic");
    site.build().assert_ok();
    let before = site.read("blog/roundtable/index.html");
    site.write("content/blog/broken.md", "+++\ntitle = \n+++\n");
    site.build().assert_fails(1);
    assert_eq!(site.read("blog/roundtable/index.html"), before);
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("agora-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn unchanged_files_are_not_rewritten_and_removed_pages_disappear() {
    let site = TestSite::fixture("core/basic");
    site.write(
        "content/blog/gone.md",
        "+++\ntitle = \"Gone\"\ndate = 2010-01-01\n+++\n",
    );
    site.build().assert_ok();
    assert!(site.exists("blog/gone/index.html"));
    let ino = |rel: &str| std::fs::metadata(site.public(rel)).unwrap().ino();
    let about = ino("about-us/index.html");
    let third = ino("blog/third/index.html");
    site.write(
        "content/blog/third.md",
        "---\ntitle: Third edited\ndate: 2019-03-01\ntaxonomies:\n  tags: [Youth]\n---\nEdited.\n",
    );
    site.remove("content/blog/gone.md");
    site.build().assert_ok();
    assert_eq!(
        ino("about-us/index.html"),
        about,
        "an unchanged page keeps its file"
    );
    assert_ne!(
        ino("blog/third/index.html"),
        third,
        "an edited page is rewritten"
    );
    assert_eq!(
        site.html("blog/third/index.html").text("#title"),
        "Third edited"
    );
    assert!(
        !site.exists("blog/gone/index.html"),
        "a removed page leaves the output"
    );
}

#[test]
fn dotfiles_are_kept_when_asked() {
    let site = TestSite::fixture("core/basic");
    site.build().assert_ok();
    std::fs::write(site.public(".domains"), "x").unwrap();
    site.build().assert_ok();
    assert!(
        !site.exists(".domains"),
        "by default the output is replaced whole"
    );
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &config.replace(
            "title = \"Fixture\"",
            "title = \"Fixture\"\npreserve_dotfiles_in_output = true",
        ),
    );
    site.build().assert_ok();
    std::fs::write(site.public(".domains"), "x").unwrap();
    site.build().assert_ok();
    assert!(site.exists(".domains"));
}

/// Listings leave page HTML out of their context only when no template they
/// use can read it: a listing that shows `content` (directly, through an
/// include or a macro import) gets it, for paginated and plain listings alike.
#[test]
fn listings_show_page_content_when_their_templates_read_it() {
    let site = TestSite::empty();
    site.write(
        "config.toml",
        "base_url = \"https://example.org\"\ntaxonomies = [{ name = \"tags\" }]\n",
    )
    .write("content/_index.md", "+++\n+++\n")
    .write(
        "content/notes/_index.md",
        "+++\nsort_by = \"title\"\npaginate_by = 1\n+++\n",
    )
    .write(
        "content/notes/one.md",
        "+++\ntitle = \"One\"\n[taxonomies]\ntags = [\"t\"]\n+++\nFirst *body*.\n",
    )
    .write("content/notes/two.md", "+++\ntitle = \"Two\"\n+++\nSecond body.\n")
    .write("templates/index.html", "{% set s = get_section(path=\"notes/_index.md\") %}{% for p in s.pages %}<i>{{ p.title }}{{ p.content | length }}</i>{% endfor %}")
    .write("templates/page.html", "<p>{{ page.title }}</p>")
    .write("templates/section.html", "{% for p in paginator.pages %}{% include \"card.html\" %}{% endfor %}")
    .write("templates/card.html", "<div class=\"c\">{{ p.content | safe }}</div>")
    .write("templates/macros.html", "{% macro body(p) %}<div class=\"m\">{{ p[\"content\"] | safe }}</div>{% endmacro body %}")
    .write("templates/taxonomy_list.html", "{% for t in terms %}<b>{{ t.name }}={{ t.page_count }}/{{ t.pages | length }}</b>{% endfor %}")
    .write("templates/taxonomy_single.html", "{% import \"macros.html\" as m %}{% for p in term.pages %}{{ m::body(p=p) }}{% endfor %}");
    site.build().assert_ok();
    assert_eq!(site.html("notes/index.html").text("div.c"), "First body.");
    assert_eq!(
        site.html("notes/page/2/index.html").text("div.c"),
        "Second body."
    );
    assert_eq!(site.html("tags/t/index.html").text("div.m"), "First body.");
    assert_eq!(site.html("tags/index.html").text("b"), "t=1/1");
    assert_eq!(site.html("index.html").texts("i"), ["One28", "Two20"]);
}

/// Building an unchanged site again gives the same bytes: nothing depends on
/// the clock, the random generator or the order threads finish in (empty
/// feeds once carried the build time; `get_random` drew from the OS).
#[test]
fn every_fixture_site_builds_to_the_same_bytes_twice() {
    for fixture in [
        "core/basic",
        "core/features",
        "engines/conformance",
        "i18n/placeholders",
        "parity/data",
        "parity/images",
        "parity/sass",
        "parity/search",
        "parity/shortcodes",
        "search/multilingual",
    ] {
        let site = TestSite::fixture(fixture);
        site.build().assert_ok();
        let second = site.build();
        second.assert_ok();
        let out = format!("{}{}", second.stdout(), second.stderr());
        assert!(
            out.contains("(0 written)"),
            "{fixture}: a second build of an unchanged site rewrote files: {out}"
        );
    }
}
