//! Errors name file, line and column, show the line, and are all reported at once.

use crate::harness::TestSite;

#[test]
fn unknown_config_key_is_refused_with_a_suggestion() {
    let site = TestSite::fixture("core/basic");
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &config.replace(
            "title = \"Fixture\"",
            "title = \"Fixture\"\ngenerate_feed = true",
        ),
    );
    let run = site.build();
    run.assert_fails(1);
    let err = run.stderr();
    assert!(err.contains("unknown field `generate_feed`"), "{err}");
    assert!(err.contains("config.toml:3:1"), "{err}");
    assert!(err.contains("did you mean `generate_feeds`?"), "{err}");
    assert!(!site.exists("index.html"), "nothing is written");
}

#[test]
fn all_content_errors_are_reported_together_with_lines() {
    let site = TestSite::fixture("core/basic");
    site.write(
        "content/blog/bad-date.md",
        "+++\ntitle = \"Bad\"\ndate = \"20 June 2017\"\n+++\n",
    )
    .write(
        "content/blog/bad-link.md",
        "+++\ntitle = \"Link\"\n+++\n\nIntro.\n\nSee [this](@/blog/missing.md).\n",
    )
    .write(
        "content/blog/_index.md",
        "+++\ntitle = \"Blog\"\nsort_by = \"date\"\npaginate = 2\n+++\n",
    );
    let run = site.build();
    run.assert_fails(1);
    let err = run.stderr();
    assert!(err.contains("content/blog/bad-date.md:3:1"), "{err}");
    assert!(err.contains("`date` is not a valid date"), "{err}");
    assert!(err.contains("content/blog/bad-link.md:7:5"), "{err}");
    assert!(
        err.contains("broken internal link: `@/blog/missing.md` does not exist"),
        "{err}"
    );
    assert!(
        err.contains("See [this](@/blog/missing.md)."),
        "the offending line is shown: {err}"
    );
    assert!(err.contains("content/blog/_index.md:4:1"), "{err}");
    assert!(err.contains("did you mean `paginate_by`?"), "{err}");
    assert!(err.contains("3 errors found"), "{err}");
}

#[test]
fn missing_front_matter_and_unclosed_front_matter() {
    let site = TestSite::fixture("core/basic");
    site.write("content/blog/none.md", "# Just a title\n")
        .write("content/blog/open.md", "+++\ntitle = \"Open\"\n\nBody\n");
    let run = site.build();
    run.assert_fails(1);
    let err = run.stderr();
    assert!(err.contains("content/blog/none.md:1:1"), "{err}");
    assert!(err.contains("this file has no front matter"), "{err}");
    assert!(err.contains("the front matter is never closed"), "{err}");
}

#[test]
fn undeclared_taxonomy_and_unknown_language_file() {
    let site = TestSite::fixture("core/basic");
    site.write(
        "content/blog/cats.md",
        "+++\ntitle = \"Cats\"\n[taxonomies]\ncategories = [\"x\"]\n+++\n",
    )
    .write("content/blog/cats.de.md", "+++\ntitle = \"Katzen\"\n+++\n");
    let run = site.build();
    run.assert_fails(1);
    let err = run.stderr();
    assert!(
        err.contains("taxonomy `categories` is not declared for language `en`"),
        "{err}"
    );
    assert!(err.contains("content/blog/cats.md:4:1"), "{err}");
    assert!(
        err.contains("language `de`, which is not a language of this site"),
        "{err}"
    );
}

#[test]
fn template_errors_show_the_cause_chain() {
    let site = TestSite::fixture("core/basic");
    site.write(
        "templates/page.html",
        "{{ page.title }} {{ page.nope.deeper }}",
    );
    let run = site.build();
    run.assert_fails(1);
    let err = run.stderr();
    assert!(err.contains("could not render `page.html`"), "{err}");
    assert!(
        err.contains("caused by: Variable `page.nope.deeper` not found"),
        "{err}"
    );
    assert!(
        err.contains("content/about.md"),
        "names the content file being rendered: {err}"
    );

    site.write("templates/page.html", "{% if %}");
    let err = site.build().stderr();
    assert!(err.contains("Failed to parse 'page.html'"), "{err}");
    assert!(
        err.contains("templates/page.html:1:7"),
        "the template file, line and column: {err}"
    );
}

#[test]
fn a_failing_function_call_in_a_tera1_template_is_located() {
    let site = TestSite::fixture("core/basic");
    site.write("data/here.csv", "a,b\n1,2\n");
    // Two calls of the same function: the one that fails is pointed at.
    site.write(
        "templates/page.html",
        "{{ page.title }}\n{% set ok = load_data(path=\"data/here.csv\") %}\n  {% set gone = load_data(path=\"data/gone.csv\") %}\n",
    );
    let run = site.build();
    run.assert_fails(1);
    let err = run.stderr();
    assert!(err.contains("`load_data` failed"), "{err}");
    assert!(
        err.contains("templates/page.html:3:17"),
        "the failing call's line and column: {err}"
    );
    assert!(err.contains("data/gone.csv"), "{err}");
}

#[test]
fn existing_output_dir_needs_force_and_usage_errors_exit_2() {
    let site = TestSite::fixture("core/basic");
    std::fs::create_dir_all(site.root.join("elsewhere")).unwrap();
    let run = site.agora(&["build", "--output-dir", "elsewhere"]);
    run.assert_fails(2);
    assert!(
        run.stderr().contains("already exists; use --force"),
        "{}",
        run.stderr()
    );
    site.agora(&["build", "--output-dir", "elsewhere", "--force"])
        .assert_ok();
    assert!(site.root.join("elsewhere/index.html").exists());
    site.agora(&["build", "--no-such-flag"]).assert_fails(2);
}

#[test]
fn path_escaping_the_site_is_refused() {
    let site = TestSite::fixture("core/basic");
    site.write(
        "content/evil.md",
        "+++\ntitle = \"Evil\"\npath = \"../../etc/x\"\n+++\n",
    );
    let run = site.build();
    run.assert_fails(1);
    assert!(
        run.stderr().contains("`path` must stay inside the site"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("content/evil.md:3:1"),
        "{}",
        run.stderr()
    );
}

#[test]
fn output_collisions_are_one_error_naming_the_path_and_every_source() {
    let site = TestSite::fixture("core/basic");
    site.write(
        "content/clash.md",
        "+++\ntitle = \"Clash\"\npath = \"about-us\"\n+++\n",
    );
    let run = site.build();
    run.assert_fails(1);
    assert!(
        run.stderr().contains("about-us/index.html"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr()
            .contains("2 sources would be written to the same file `about-us/index.html`"),
        "{}",
        run.stderr()
    );
    // Both claims, each at its file (and the line of `path`/`slug` when set).
    assert!(
        run.stderr().contains("content/clash.md:3:1: the page"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("content/about.md"),
        "{}",
        run.stderr()
    );
}
