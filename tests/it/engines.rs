//! The three template engines: the conformance suite (the same templates,
//! written once in the syntax Tera 1, Tera 2 and minijinja share, render the
//! same HTML), the hub under Tera 1 and Tera 2, engine choice, and errors
//! with file:line:col in each engine.
//!
//! Intentional differences, asserted as such in `documented_differences`:
//! - escaping: Tera 1 writes `/` as `&#x2F;` and `'` as `&#x27;`; Tera 2
//!   (as Zola 0.23 builds it) leaves `/` and writes `&#39;`; minijinja
//!   writes `&#x2f;` and `&#x27;`. `same_up_to_escaping` compares with those spellings decoded.
//! - `lang` of `trans`, `get_page`, `get_section`, `get_taxonomy*`,
//!   `text_direction` and `get_url("@/…")`: Tera 1 defaults to the site's
//!   default language (Zola 0.22), Tera 2 and minijinja to the `lang` of the
//!   template context (Zola 0.23).
//! - booleans print as `true` in Tera, `True` in minijinja (as in Jinja2).

use std::collections::BTreeMap;

use crate::harness::TestSite;

#[derive(Clone, Copy, Debug)]
enum Variant {
    Tera1,
    Tera2,
    Jinja,
}

const VARIANTS: [Variant; 3] = [Variant::Tera1, Variant::Tera2, Variant::Jinja];

/// Appends an `[agora]` table choosing the engine.
fn force_engine(site: &TestSite, engine: &str) {
    let path = site.root.join("config.toml");
    let config = std::fs::read_to_string(&path).unwrap();
    let config = if let Some(at) = config.find("\nengine = \"") {
        let end = at + 1 + config[at + 1..].find('\n').unwrap();
        format!("{}\nengine = \"{engine}\"{}", &config[..at], &config[end..])
    } else if config.contains("\n[agora]\n") {
        config.replacen(
            "\n[agora]\n",
            &format!("\n[agora]\nengine = \"{engine}\"\n"),
            1,
        )
    } else {
        format!("{config}\n[agora]\nengine = \"{engine}\"\n")
    };
    std::fs::write(path, config).unwrap();
}

/// Renames every template `x.html` to `x.html.j2`.
fn to_jinja(site: &TestSite) {
    let dir = site.root.join("templates");
    let files: Vec<_> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    for f in files {
        let mut name = f.file_name().unwrap().to_os_string();
        name.push(".j2");
        std::fs::rename(&f, f.with_file_name(name)).unwrap();
    }
}

fn conformance_site(variant: Variant) -> TestSite {
    let site = TestSite::fixture("engines/conformance");
    match variant {
        Variant::Tera1 => force_engine(&site, "tera1"),
        Variant::Tera2 => force_engine(&site, "tera2"),
        Variant::Jinja => to_jinja(&site),
    }
    site
}

/// Every output file's text, by path.
fn outputs(site: &TestSite) -> BTreeMap<String, String> {
    site.output_files()
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(site.public(&f)).unwrap_or_default();
            (f, text)
        })
        .collect()
}

/// The engines' different spellings of the same escaped characters, decoded.
fn same_up_to_escaping(html: &str) -> String {
    html.replace("&#x2F;", "/")
        .replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
}

/// The first line that differs, for a readable failure.
fn first_difference(a: &str, b: &str) -> String {
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}:\n  {x}\n  {y}", i + 1);
        }
    }
    format!(
        "lengths differ: {} vs {} lines",
        a.lines().count(),
        b.lines().count()
    )
}

const DIFFERENCES_PAGES: [&str; 2] = ["differences/index.html", "fr/differences/index.html"];

#[test]
fn conformance_templates_render_the_same_in_all_three_engines() {
    let built: Vec<(Variant, TestSite)> = VARIANTS
        .iter()
        .map(|&v| {
            let site = conformance_site(v);
            let run = site.agora(&["build", "--verbose"]);
            run.assert_ok();
            let expected = match v {
                Variant::Tera1 => "template engine: Tera 1",
                Variant::Tera2 => "template engine: Tera 2",
                Variant::Jinja => "template engine: minijinja (Jinja2) for base.html",
            };
            assert!(run.stderr().contains(expected), "{v:?}: {}", run.stderr());
            (v, site)
        })
        .collect();
    let reference = outputs(&built[0].1);
    assert!(reference.len() >= 15, "{:?}", reference.keys());
    for (variant, site) in &built[1..] {
        let other = outputs(site);
        assert_eq!(
            reference.keys().collect::<Vec<_>>(),
            other.keys().collect::<Vec<_>>(),
            "{variant:?} writes the same files"
        );
        for (path, text) in &reference {
            if DIFFERENCES_PAGES.contains(&path.as_str()) {
                continue;
            }
            let a = same_up_to_escaping(text);
            let b = same_up_to_escaping(&other[path]);
            assert!(
                a == b,
                "{path} differs between Tera 1 and {variant:?}: {}",
                first_difference(&a, &b)
            );
        }
    }
}

/// What the shared templates produce, checked once (the comparison above
/// would not catch the three engines agreeing on something wrong).
#[test]
fn conformance_output_is_right() {
    for variant in [Variant::Tera2, Variant::Jinja] {
        let site = conformance_site(variant);
        site.build().assert_ok();
        let home = site.html("index.html");
        assert_eq!(home.text("title"), "HOME PAGE · Engines", "{variant:?}");
        assert_eq!(
            home.texts("ul.posts li"),
            ["Second post 1 1", "First post 1 9"],
            "sorted by date, newest first; reading time and word count"
        );
        assert_eq!(
            home.attrs("ul.posts li", "class"),
            ["first", "last"],
            "loop.first / loop.last"
        );
        assert_eq!(home.text("ul.sorted"), "first postsecond post");
        assert_eq!(home.texts("ul.tags li"), ["Rust 2", "Templates 1"]);
        assert_eq!(home.text("p.tag-url"), "https://example.org/tags/rust/");
        assert_eq!(home.text("p.term"), "Rust 2");
        assert_eq!(home.text("p.dir"), "rtl ltr ltr");
        assert_eq!(
            home.text("p.hash"),
            "f7070d57bbe5496e29249421e91572f46ac4c2b62953b7ea046fa3707b9e6b2a"
        );
        assert_eq!(
            home.inner("p.md"),
            "Some <em>emphasis</em> and <code>code</code>"
        );
        assert_eq!(home.text("p.b64"), "YWdvcmE= agora");
        assert_eq!(home.text("p.re"), "01.05.2024");
        assert_eq!(home.text("p.num"), "1,234,567");
        assert_eq!(home.text("p.now"), "after 2023");
        assert_eq!(home.text("p.math"), "14 1 aenb");
        assert_eq!(home.text("p.strings"), "padded|Hello World|Hello");
        assert_eq!(home.text("p.defined"), "no page section");
        assert_eq!(home.text("p.raw"), "{{ not rendered }}");
        assert_eq!(home.attr("nav a.home", "href"), "https://example.org/");
        let fr = site.html("fr/index.html");
        assert_eq!(fr.text("nav a.home"), "Accueil");
        assert_eq!(
            fr.attr("nav a.css", "href"),
            "https://example.org/fr/style.css"
        );
        assert_eq!(fr.texts("ul.posts li"), ["Premier article 1 1"]);
        let ar = site.html("ar/index.html");
        assert_eq!(ar.attr("html", "dir"), "rtl");
        assert_eq!(ar.text("p.dir"), "rtl rtl rtl");

        let page = site.html("blog/first/index.html");
        assert_eq!(page.text("title"), "First post · Engines", "super()");
        assert_eq!(page.text("p.desc"), "Templates & engines <compared>");
        assert_eq!(page.texts("ul.toc li"), ["Part one", "Part two"]);
        assert_eq!(
            page.attrs("ul.tags a", "href"),
            [
                "https://example.org/tags/rust/",
                "https://example.org/tags/templates/"
            ]
        );
        assert_eq!(
            page.texts("ul.translations li"),
            ["en: First post", "fr: Premier article"]
        );
        assert_eq!(
            page.text("p.other"),
            "Second post https://example.org/blog/second/"
        );
        assert_eq!(page.text("p.rating"), "8");
        assert_eq!(
            site.html("fr/blog/first/index.html").text("p.greet"),
            "Bonjour"
        );
        let term = site.html("tags/rust/index.html");
        assert_eq!(
            term.texts("ol li"),
            [
                "Second post 2024-06-01 Rust",
                "First post 2024-05-01 Rust, Templates"
            ],
            "include inside a loop sees the loop variable"
        );
    }
}

#[test]
fn documented_differences() {
    let [t1, t2, j] = VARIANTS.map(|v| {
        let site = conformance_site(v);
        site.build().assert_ok();
        site
    });
    let escaped = |s: &TestSite| {
        let html = s.read("differences/index.html");
        html.lines()
            .find(|l| l.contains("class=\"escaped\""))
            .unwrap()
            .to_string()
    };
    assert_eq!(
        escaped(&t1),
        "<p class=\"escaped\">a&#x2F;b &#x27;c&#x27; &amp; &lt;d&gt;</p>"
    );
    assert_eq!(
        escaped(&t2),
        "<p class=\"escaped\">a/b &#39;c&#39; &amp; &lt;d&gt;</p>"
    );
    assert_eq!(
        escaped(&j),
        "<p class=\"escaped\">a&#x2f;b &#x27;c&#x27; &amp; &lt;d&gt;</p>"
    );
    // `trans` without `lang` on a French page.
    assert_eq!(
        t1.html("fr/differences/index.html").text("p.trans-default"),
        "Hello"
    );
    assert_eq!(
        t2.html("fr/differences/index.html").text("p.trans-default"),
        "Bonjour"
    );
    assert_eq!(
        j.html("fr/differences/index.html").text("p.trans-default"),
        "Bonjour"
    );
    assert_eq!(t1.html("differences/index.html").text("p.bool"), "true");
    assert_eq!(t2.html("differences/index.html").text("p.bool"), "true");
    assert_eq!(j.html("differences/index.html").text("p.bool"), "True");
}

#[test]
fn the_hub_renders_the_same_with_tera1_and_tera2() {
    let tera1 = TestSite::hub();
    let run = tera1.agora(&["build", "-v"]);
    run.assert_ok();
    assert!(
        run.stderr().contains("template engine: Tera 1"),
        "a Zola 0.22 theme builds with Tera 1 by default: {}",
        run.stderr()
    );
    let tera2 = TestSite::hub();
    force_engine(&tera2, "tera2");
    let run = tera2.agora(&["build", "-v"]);
    run.assert_ok();
    assert!(run.stderr().contains("template engine: Tera 2"));
    let a = outputs(&tera1);
    let b = outputs(&tera2);
    assert!(a.len() > 400, "{}", a.len());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    // Reading times differ: Tera 2 sites read at each language's speed (Zola
    // 0.23), Tera 1 sites at 200 words a minute (Zola 0.22). The hub shows
    // the time last in the document's metadata.
    let reading = regex::Regex::new(r"<dd>\d+ ([^<]*)</dd>\n</dl>").unwrap();
    // The built-in feeds space the default author as each Zola does: Tera 1
    // keeps the white space around `<name>`'s trimmed tags, Tera 2 drops it.
    let author = regex::Regex::new(r"<name>\s*([^<]*?)\s*</name>").unwrap();
    // Zola 0.23 brackets the numbers of bottom footnotes (`[1]`).
    let footnote = regex::Regex::new(r#"(<a href="\#fn-[^"]*">)\[(\d+)\](</a></sup>)"#).unwrap();
    let mut compared = 0;
    let mut bracketed = 0;
    let mut other_reading_times = 0;
    for (path, text) in &a {
        let x = same_up_to_escaping(text);
        let y = same_up_to_escaping(&b[path]);
        let x = author.replace_all(&x, "<name>$1</name>").into_owned();
        let y = author.replace_all(&y, "<name>$1</name>").into_owned();
        if footnote.is_match(&y) {
            bracketed += 1;
        }
        let y = footnote.replace_all(&y, "$1$2$3").into_owned();
        if x != y {
            other_reading_times += 1;
        }
        let x = reading.replace_all(&x, "<dd>N $1</dd>\n</dl>");
        let y = reading.replace_all(&y, "<dd>N $1</dd>\n</dl>");
        assert!(x == y, "{path} differs: {}", first_difference(&x, &y));
        compared += 1;
    }
    assert_eq!(compared, a.len());
    assert!(other_reading_times > 0);
    assert!(bracketed > 0, "the hub's research has bottom footnotes");
    // The one difference is the escaping, and it is there.
    assert!(a["index.html"].contains("https:&#x2F;&#x2F;"));
    assert!(!b["index.html"].contains("&#x2F;"));
}

/// A site with its templates written out (`templates/<name>`), plus content.
fn small_site(templates: &[(&str, &str)]) -> TestSite {
    let site = TestSite::empty();
    site.write(
        "config.toml",
        "base_url = \"https://example.org\"\ntitle = \"Small\"\n",
    )
    .write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n")
    .write(
        "content/post.md",
        "+++\ntitle = \"Post\"\ndate = 2024-01-02\n+++\n\nHello.\n",
    );
    for (name, source) in templates {
        site.write(&format!("templates/{name}"), source);
    }
    site
}

#[test]
fn engine_is_chosen_from_the_templates_and_reported() {
    // Tera 1 macros.
    let site = small_site(&[
        (
            "macros.html",
            "{% macro hi(n) %}hi {{ n }}{% endmacro hi %}",
        ),
        (
            "index.html",
            "{% import \"macros.html\" as m %}{{ m::hi(n=section.title) }}",
        ),
        ("page.html", "{{ page.title }}"),
    ]);
    let run = site.agora(&["build", "-v"]);
    run.assert_ok();
    assert!(
        run.stderr()
            .contains("template engine: Tera 1 (Zola ≤ 0.22): the templates use Zola ≤ 0.22 features: macros in `macros.html`"),
        "{}",
        run.stderr()
    );
    assert_eq!(site.read("index.html"), "hi Home");

    // Tera 2-only syntax.
    let site = small_site(&[
        ("index.html", "{{ \"yes\" if section.title else \"no\" }}"),
        ("page.html", "{{ page.title }}"),
    ]);
    let run = site.agora(&["build", "-v"]);
    run.assert_ok();
    assert!(
        run.stderr()
            .contains("Tera 2 (Zola 0.23): the templates use Zola 0.23 features: Tera 2-only syntax in `index.html`"),
        "{}",
        run.stderr()
    );
    assert_eq!(site.read("index.html"), "yes");

    // A theme.toml min_version of 0.23.
    let site = small_site(&[]);
    site.write(
        "config.toml",
        "base_url = \"https://example.org\"\ntheme = \"new\"\n",
    )
    .write(
        "themes/new/theme.toml",
        "name = \"new\"\nmin_version = \"0.23.0\"\n",
    )
    .write("themes/new/templates/index.html", "{{ text_direction() }}")
    .write("themes/new/templates/page.html", "{{ page.title }}");
    let run = site.agora(&["build", "-v"]);
    run.assert_ok();
    assert!(
        run.stderr()
            .contains("Tera 2 (Zola 0.23): the theme's min_version is 0.23.0"),
        "{}",
        run.stderr()
    );
    assert_eq!(site.read("index.html"), "ltr");

    // Without -v nothing about the engine is printed.
    let run = site.build();
    run.assert_ok();
    assert!(
        !run.stderr().contains("template engine"),
        "{}",
        run.stderr()
    );
}

#[test]
fn templates_that_only_parse_in_tera2_build_with_tera2() {
    // Nothing marks these as Tera 2 except that Tera 1 cannot parse them.
    let site = small_site(&[
        ("index.html", "{{ section.title }}"),
        ("page.html", "{% set x = {\"a\": 1} %}{{ x.a }}"),
    ]);
    let run = site.agora(&["build", "-v"]);
    run.assert_ok();
    assert!(
        run.stderr()
            .contains("template engine: Tera 2 (Zola 0.23): the templates load with Tera 2 but not with Tera 1"),
        "{}",
        run.stderr()
    );
    assert_eq!(site.read("post/index.html"), "1");
}

#[test]
fn a_tera1_theme_forced_to_tera2_gets_a_hint() {
    let site = small_site(&[
        ("macros.html", "{% macro hi() %}hi{% endmacro hi %}"),
        (
            "index.html",
            "{% import \"macros.html\" as m %}{{ m::hi() }}",
        ),
        ("page.html", "{{ page.title }}"),
    ]);
    force_engine(&site, "tera2");
    let run = site.build();
    run.assert_fails(1);
    let err = run.stderr();
    assert!(err.contains("templates/index.html:1:4"), "{err}");
    assert!(err.contains("Unknown tag"), "Tera 2's own report: {err}");
    assert!(
        err.contains(
            "this looks like a Zola 0.22 theme; set `engine = \"tera1\"` in the [agora] table"
        ),
        "{err}"
    );
    // Following the hint builds the site.
    force_engine(&site, "tera1");
    site.build().assert_ok();
    assert_eq!(site.read("index.html"), "hi");
}

#[test]
fn an_engine_key_alone_does_not_turn_on_placeholders() {
    let site = TestSite::fixture("engines/conformance");
    force_engine(&site, "tera2");
    site.build().assert_ok();
    // `second.md` has no French version; with placeholders on there would be one.
    assert!(!site.exists("fr/blog/second/index.html"));
}

#[test]
fn an_unknown_engine_is_refused() {
    let site = small_site(&[("index.html", "x"), ("page.html", "y")]);
    force_engine(&site, "jinja");
    let run = site.build();
    run.assert_fails(1);
    assert!(
        run.stderr().contains("unknown variant `jinja`"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("tera1"), "{}", run.stderr());
}

#[test]
fn tera2_functions_take_zola_023_arguments() {
    let site = TestSite::fixture("engines/conformance");
    force_engine(&site, "tera2");
    site.write(
        "templates/differences.html",
        r#"<p class="missing">{% set p = get_page(path="blog/nope.md", allow_missing=true) %}{% if p %}found{% else %}none{% endif %}</p>
<p class="section">{% set s = get_section(path="nope/_index.md", allow_missing=true) %}{% if s %}found{% else %}none{% endif %}</p>
<p class="term-url">{{ get_taxonomy_url(kind="tags", term="Rust") }}</p>
{% set first = get_page(path="blog/first.md") %}<p class="page-lang">{{ first.title }}</p>
{% set suffixed = get_page(path="blog/first.fr.md") %}<p class="suffixed">{{ suffixed.title }}</p>
<p class="url">{{ get_url(path="@/blog/first.md") }}</p>
<p class="dir">{{ text_direction() }}</p>
<p class="slug">{{ "Hello World" | slugify }}</p>
<p class="enc">{{ "a b&c" | urlencode }}</p>
<p class="size">{{ 2048 | filesizeformat }}</p>
<p class="json">{{ config.title | json_encode | safe }}</p>
<p class="date">{{ "2024-05-01" | date(format="%d.%m.%Y") }}</p>
"#,
    );
    site.build().assert_ok();
    let en = site.html("differences/index.html");
    assert_eq!(en.text("p.missing"), "none");
    assert_eq!(en.text("p.section"), "none");
    assert_eq!(en.text("p.term-url"), "https://example.org/tags/rust/");
    assert_eq!(en.text("p.page-lang"), "First post");
    // A path naming a translation gives that document in the page's
    // language, as Zola 0.23 does (found comparing with Zola 0.23 on its
    // test_site_i18n: `get_page(path=t.path)` for each translation `t`).
    assert_eq!(en.text("p.suffixed"), "First post");
    assert_eq!(en.text("p.dir"), "ltr");
    assert_eq!(en.text("p.slug"), "hello-world");
    assert_eq!(en.text("p.enc"), "a%20b%26c");
    assert_eq!(en.text("p.size"), "2 KiB");
    assert_eq!(en.text("p.json"), "\"Engines\"");
    assert_eq!(en.text("p.date"), "01.05.2024");
    let fr = site.html("fr/differences/index.html");
    // `lang` comes from the page being rendered, as in Zola 0.23.
    assert_eq!(fr.text("p.term-url"), "https://example.org/fr/tags/rust/");
    assert_eq!(fr.text("p.page-lang"), "Premier article");
    assert_eq!(fr.text("p.suffixed"), "Premier article");
    assert_eq!(fr.text("p.url"), "https://example.org/fr/blog/first/");
}

#[test]
fn tera1_get_page_of_a_translation_without_lang_is_that_translation() {
    let site = TestSite::fixture("engines/conformance");
    force_engine(&site, "tera1");
    site.write(
        "templates/differences.html",
        r#"{% set p = get_page(path="blog/first.fr.md") %}<p class="t">{{ p.title }}</p>{% set q = get_page(path="blog/first.fr.md", lang="en") %}<p class="en">{{ q.title }}</p>"#,
    );
    site.build().assert_ok();
    let page = site.html("differences/index.html");
    assert_eq!(page.text("p.t"), "Premier article", "as in Zola 0.22");
    assert_eq!(
        page.text("p.en"),
        "First post",
        "its version in the language asked for"
    );
}

#[test]
fn jinja_templates_mix_with_a_tera_theme_and_use_pycompat() {
    let site = TestSite::fixture("engines/conformance");
    // A Jinja2 override of one template; the rest stays Tera.
    site.write(
        "templates/page.html.jinja",
        r#"{% extends "jinja_base.html.j2" %}{% block body %}<h1>{{ page.title.upper() }}</h1>
<p class="tags">{{ page.taxonomies.get("tags", []) | join(", ") }}</p>
<p class="title-start">{{ page.title.startswith("First") }}</p>
{% import "macros.html.j2" as m %}<p class="macro">{{ m.badge(page.lang) }}</p>
<p class="trans">{{ trans(key="greeting") }}</p>
{% include "partials/jinja_card.html.j2" %}{% endblock %}"#,
    )
    .write(
        "templates/jinja_base.html.j2",
        "<html lang=\"{{ lang }}\"><body>{% block body %}{% endblock %}</body></html>\n",
    )
    .write(
        "templates/macros.html.j2",
        "{% macro badge(l) %}<b>{{ l | upper }}</b>{% endmacro %}",
    )
    .write(
        "templates/partials/jinja_card.html.j2",
        "<p class=\"card\">{{ page.description | default(\"no description\") }} &amp; {{ '<x>' }}</p>\n",
    );
    let run = site.agora(&["build", "-v"]);
    run.assert_ok();
    assert!(
        run.stderr()
            .contains("minijinja (Jinja2) for jinja_base.html"),
        "{}",
        run.stderr()
    );
    let page = site.html("blog/first/index.html");
    assert_eq!(page.text("h1"), "FIRST POST");
    assert_eq!(page.text("p.tags"), "Rust, Templates");
    assert_eq!(page.text("p.title-start"), "True");
    assert_eq!(page.inner("p.macro"), "<b>EN</b>");
    assert_eq!(page.text("p.trans"), "Hello");
    assert_eq!(
        page.inner("p.card"),
        "Templates &amp; engines &lt;compared&gt; &amp; &lt;x&gt;",
        "auto-escaped by the inner extension .html"
    );
    assert_eq!(
        site.html("fr/blog/first/index.html").text("p.trans"),
        "Bonjour"
    );
    // The section is still rendered by the Tera template.
    assert_eq!(site.html("blog/index.html").text("h1"), "Blog");
}

#[test]
fn jinja_in_a_theme_is_overridden_by_the_site() {
    let site = small_site(&[("page.html", "{{ page.title }}")]);
    site.write(
        "config.toml",
        "base_url = \"https://example.org\"\ntheme = \"j\"\n",
    )
    .write(
        "themes/j/templates/index.html.j2",
        "theme {{ section.title }}",
    )
    .write(
        "themes/j/templates/base.html.j2",
        "[{% block b %}{% endblock %}]",
    )
    .write(
        "templates/index.html.j2",
        "{% extends \"base.html\" %}{% block b %}site {{ section.title }}{% endblock %}",
    );
    site.build().assert_ok();
    assert_eq!(site.read("index.html"), "[site Home]");
    assert_eq!(site.read("post/index.html"), "Post");
}

/// (engine, file name of the broken template, config addition)
fn broken(variant: Variant, source: &str) -> (TestSite, String) {
    let name = match variant {
        Variant::Jinja => "page.html.j2",
        _ => "page.html",
    };
    let site = small_site(&[("index.html", "{{ section.title }}"), (name, source)]);
    match variant {
        Variant::Tera1 => force_engine(&site, "tera1"),
        Variant::Tera2 => force_engine(&site, "tera2"),
        Variant::Jinja => {}
    }
    (site, format!("templates/{name}"))
}

#[test]
fn syntax_errors_have_file_line_and_column_in_each_engine() {
    for variant in VARIANTS {
        let (site, file) = broken(variant, "<h1>\n  {{ page.title }\n</h1>\n");
        let run = site.build();
        run.assert_fails(1);
        let err = run.stderr();
        assert!(err.contains(&format!("{file}:2:17")), "{variant:?}: {err}");
        assert!(err.contains("{{ page.title }"), "the line is shown: {err}");
        assert!(!site.exists("index.html"), "nothing is written");
    }
}

#[test]
fn undefined_variables_have_file_line_and_column_in_each_engine() {
    for variant in VARIANTS {
        let (site, file) = broken(
            variant,
            "<h1>{{ page.title }}</h1>\n<p>{{ page.nope.deeper }}</p>\n",
        );
        let run = site.build();
        run.assert_fails(1);
        let err = run.stderr();
        let (position, says) = match variant {
            Variant::Tera1 => ("2:7", "undefined variable `page.nope.deeper`"),
            Variant::Tera2 => ("2:12", "Field `nope` is not defined"),
            Variant::Jinja => ("2:11", "undefined value: `page.nope` is undefined"),
        };
        assert!(
            err.contains(&format!("{file}:{position}")),
            "{variant:?}: {err}"
        );
        assert!(err.contains(says), "{variant:?}: {err}");
        assert!(
            err.contains("content/post.md"),
            "the page being rendered: {err}"
        );
    }
}

#[test]
fn missing_templates_have_file_line_and_column_in_each_engine() {
    for variant in VARIANTS {
        let (site, file) = broken(
            variant,
            "<h1>\n{% include \"partials/gone.html\" %}\n</h1>\n",
        );
        let run = site.build();
        run.assert_fails(1);
        let err = run.stderr();
        let position = match variant {
            Variant::Tera1 => "2:13",
            Variant::Tera2 => "2:12",
            Variant::Jinja => "2:4",
        };
        assert!(
            err.contains(&format!("{file}:{position}")),
            "{variant:?}: {err}"
        );
        assert!(err.contains("partials/gone.html"), "{variant:?}: {err}");
        assert!(
            !err.contains("this looks like a Zola"),
            "a missing template is not a generation problem: {err}"
        );
    }
}

/// A Zola 0.23 site: components defined in templates, called from Markdown.
fn components_site() -> TestSite {
    let site = small_site(&[
        (
            "components.html",
            "{% component note(kind: string = \"info\") %}<aside class=\"note {{ kind }}\">{{ body }}</aside>{% endcomponent note %}\n\
             {% component video(id: string) %}<iframe src=\"https://video.example.org/{{ id }}\"></iframe>{% endcomponent video %}\n",
        ),
        ("index.html", "{{ section.content | safe }}"),
        (
            "page.html",
            "<h1>{{ page.title }}</h1>{{ page.content | safe }}",
        ),
    ]);
    site.write(
        "content/post.md",
        "+++\ntitle = \"Post\"\n[extra]\nwho = \"readers\"\n+++\n\n\
         Hello {{ page.extra.who }} in {{ lang }}.\n\n\
         {{ <video id=\"abc\" /> }}\n\n\
         {% <note kind=\"warning\"> %}Careful.{% </note> %}\n\n\
         {% raw %}{{ <video id=\"x\" /> }}{% endraw %}\n",
    );
    site
}

#[test]
fn tera2_components_are_called_from_markdown() {
    let site = components_site();
    let run = site.agora(&["build", "-v"]);
    run.assert_ok();
    assert!(
        run.stderr().contains("components in `components.html`"),
        "{}",
        run.stderr()
    );
    let page = site.html("post/index.html");
    assert_eq!(page.text("p"), "Hello readers in en.");
    assert_eq!(page.attr("iframe", "src"), "https://video.example.org/abc");
    assert_eq!(page.attr("aside", "class"), "note warning");
    assert_eq!(page.text("aside"), "Careful.");
    let html = site.read("post/index.html");
    assert!(
        html.contains("<p>{{ <video id=\"x\" /> }}</p>"),
        "raw keeps its text: {html}"
    );
}

#[test]
fn content_templating_errors_point_into_the_content_file() {
    let site = components_site();
    site.write(
        "content/post.md",
        "+++\ntitle = \"Post\"\n+++\n\nFine.\n\nBroken {{ <gone x=\"1\" /> }}\n",
    );
    let run = site.build();
    run.assert_fails(1);
    let err = run.stderr();
    assert!(err.contains("Unknown component `gone`"), "{err}");
    assert!(err.contains("content/post.md:7:11"), "{err}");
}

#[test]
fn skip_content_templating_and_tera1_sites_keep_braces() {
    let site = components_site();
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &format!("{config}skip_content_templating = [\"post.md\"]\n"),
    );
    site.write(
        "content/post.md",
        "+++\ntitle = \"Post\"\n+++\n\nLiteral {{ lang }}.\n",
    );
    site.build().assert_ok();
    assert_eq!(
        site.html("post/index.html").text("p"),
        "Literal {{ lang }}."
    );

    // A Tera 1 site does not template its content.
    let site = small_site(&[
        ("index.html", "{{ section.title }}"),
        ("page.html", "{{ page.content | safe }}"),
    ]);
    site.write(
        "content/post.md",
        "+++\ntitle = \"Post\"\n+++\n\nLiteral {{ lang }}.\n",
    );
    site.build().assert_ok();
    assert_eq!(
        site.html("post/index.html").text("p"),
        "Literal {{ lang }}."
    );
}

#[test]
fn tera2_maps_iterate_in_written_order_every_build() {
    let site = small_site(&[
        ("index.html", "{{ section.title }}"),
        (
            "page.html",
            "{% for k, v in page.extra %}{{ k }}={{ v }};{% endfor %}",
        ),
    ]);
    force_engine(&site, "tera2");
    site.write(
        "content/post.md",
        "+++\ntitle = \"Post\"\n[extra]\nzeta = 1\nalpha = 2\nmid = 3\nbeta = 4\n+++\n",
    );
    for _ in 0..4 {
        site.build().assert_ok();
        assert_eq!(site.read("post/index.html"), "zeta=1;alpha=2;mid=3;beta=4;");
    }
}

/// Tera 2.4 (pinned) refuses content outside blocks in a child template,
/// which Tera 2.0.0 (what Zola 0.23.0 was built with) accepted and ignored:
/// Zola 0.23's own `test_site` theme has such a template. agora ignores it
/// as Tera 2.0 did, with a warning at the file, line and column.
#[test]
fn tera2_ignores_content_outside_blocks_in_a_child_template_with_a_warning() {
    let site = small_site(&[
        (
            "index.html",
            "<main>{% block b %}home{% endblock b %}</main>",
        ),
        (
            "page.html",
            "{% extends \"index.html\" %}\n\nA child {{ page.nothing }}\n{% block b %}{{ page.title }}{% endblock b %}\n",
        ),
    ]);
    force_engine(&site, "tera2");
    site.write("content/post.md", "+++\ntitle = \"Post\"\n+++\n");
    let run = site.build();
    run.assert_ok();
    let err = run.stderr();
    assert!(
        err.contains("content outside blocks in a child template is ignored"),
        "{err}"
    );
    assert!(err.contains("templates/page.html:3:1"), "{err}");
    assert_eq!(site.read("post/index.html"), "<main>Post</main>");
    // Tera 1 sites are untouched: Tera 1 ignores it by itself, silently.
    force_engine(&site, "tera1");
    let run = site.build();
    run.assert_ok();
    assert!(!run.stderr().contains("outside blocks"), "{}", run.stderr());
}

/// Letters beyond ASCII inside a Tera 2 tag (a non-breaking space pasted
/// in, an accented name) reach Tera 2's own error, not a crash of agora.
#[test]
fn tera2_templates_with_letters_beyond_ascii_in_tags_load_or_fail_cleanly() {
    let site = small_site(&[
        (
            "index.html",
            "<main>{% block b %}home{% endblock b %}</main>",
        ),
        (
            "page.html",
            "{% extends \"index.html\" %}\n{{\u{a0}page.title }}\n{% block b %}{{ page.title }}{% endblock b %}\n",
        ),
        ("section.html", "<p>{{ é }}</p>"),
    ]);
    force_engine(&site, "tera2");
    site.write("content/post.md", "+++\ntitle = \"Post\"\n+++\n");
    let run = site.build();
    run.assert_fails(1);
    let err = run.stderr();
    assert!(err.contains("templates/section.html:1:7"), "{err}");
    // The child template loaded: only the section template is reported.
    assert!(!err.contains("page.html"), "{err}");
}

/// The fixture `engines/zola023` built by Zola 0.23.0: its output is in
/// `zola-0.23.0/` (the files agora writes as Zola does; the others differ
/// on purpose, see the README's "Template engines"). Content calls
/// `get_url`, `trans`, `load_data`, `text_direction`, `markdown`,
/// `num_format`, `get_hash`, a component that calls `get_url`, a gallery
/// component over `page.assets` (`resize_image` of a width from `round`), and
/// `get_page`/`get_section` with `allow_missing` (none: Zola 0.23 knows no
/// pages yet while content is templated); `long.*.md` are read at each
/// language's speed (238, 200 words; 439, 653 letters a minute).
#[test]
fn a_zola_023_site_renders_as_zola_023_renders_it() {
    let site = TestSite::fixture("engines/zola023");
    site.build().assert_ok();
    let expected_dir = crate::harness::fixtures_dir().join("engines/zola023/zola-0.23.0");
    let generator = regex::Regex::new(r"<generator[^>]*>[^<]*</generator>").unwrap();
    let image_hash = regex::Regex::new(r"processed_images/([^./]+)\.[0-9a-f]{16}\.").unwrap();
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(&expected_dir) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&expected_dir).unwrap();
        let rel = rel.to_string_lossy().replace('\\', "/");
        let zola = std::fs::read_to_string(entry.path()).unwrap();
        // The feed names its generator (agora, not Zola) and spaces its
        // lines differently; processed images are named by another hash.
        let normalise = |text: &str| -> String {
            let text = generator.replace_all(text, "<generator/>");
            let text = image_hash.replace_all(&text, "processed_images/$1.HASH.");
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        };
        let zola = normalise(&zola);
        let agora = normalise(&site.read(&rel));
        assert_eq!(agora, zola, "{rel}: {}", first_difference(&agora, &zola));
        compared += 1;
    }
    assert_eq!(compared, 19);
    // The figures themselves, as a reader sees them.
    let minutes = |rel: &str| {
        let page = site.html(rel);
        (
            page.attr("main", "data-words"),
            page.attr("main", "data-minutes"),
        )
    };
    assert_eq!(minutes("blog/long/index.html"), ("238".into(), "1".into()));
    assert_eq!(
        minutes("fr/blog/long/index.html"),
        ("238".into(), "2".into())
    );
    assert_eq!(
        minutes("zh/blog/long/index.html"),
        ("439".into(), "1".into())
    );
    assert_eq!(
        minutes("ja/blog/long/index.html"),
        ("653".into(), "1".into())
    );
    assert_eq!(
        site.html("fr/blog/a/index.html").texts("p"),
        ["trans: Bonjour", "url: https://example.org/fr/blog/b/"]
    );
}

#[test]
fn tera1_sites_keep_one_reading_speed() {
    let site = TestSite::fixture("engines/zola023");
    force_engine(&site, "tera1");
    // Tera 1 does not template content: no functions in it.
    for doc in ["a.md", "a.fr.md", "c.md"] {
        site.remove(&format!("content/blog/{doc}"));
    }
    site.remove("templates/components.html");
    site.build().assert_ok();
    let page = site.html("blog/long/index.html");
    assert_eq!(
        page.attr("main", "data-minutes"),
        "2",
        "238 words at 200 a minute"
    );
    let page = site.html("zh/blog/long/index.html");
    assert_eq!(
        page.attr("main", "data-minutes"),
        "3",
        "439 words at 200 a minute"
    );
}

#[test]
fn library_functions_in_content_find_nothing_and_say_why() {
    let site = components_site();
    site.write(
        "content/post.md",
        "+++\ntitle = \"Post\"\n+++\n\nSee {{ get_page(path=\"other.md\") }}.\n",
    );
    site.write("content/other.md", "+++\ntitle = \"Other\"\n+++\n");
    let run = site.build();
    run.assert_fails(1);
    let err = run.stderr();
    assert!(
        err.contains("pages, sections and taxonomies are not loaded yet"),
        "{err}"
    );
    assert!(err.contains("content/post.md:5:8"), "{err}");
}

/// A site with highlighted code in a tight list item, followed by text.
fn code_site(engine: &str, highlighting_extra: &str) -> TestSite {
    let site = small_site(&[
        ("index.html", "{{ section.title }}"),
        ("page.html", "{{ page.content | safe }}"),
    ]);
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &format!(
            "{config}\n[markdown.highlighting]\ntheme = \"github-light\"\n{highlighting_extra}"
        ),
    );
    force_engine(&site, engine);
    site.write(
        "content/post.md",
        "+++\ntitle = \"Post\"\n+++\n1. Run\n   ```bash\n   git x\n   ```\n   then wait\n",
    );
    site.build().assert_ok();
    site
}

/// Zola 0.22 (giallo 0.2) wrote `<pre … style="…">`; Zola 0.23 (giallo 0.4)
/// writes `style="…" >` and takes `data_attr_position`. In both, text after
/// a highlighted block in a tight list item follows `</pre>` directly.
#[test]
fn code_blocks_are_written_as_each_zola_writes_them() {
    let pre = regex::Regex::new(r"<pre [^>]*>").unwrap();
    let tera1 = code_site("tera1", "").read("post/index.html");
    let tag = pre.find(&tera1).unwrap().as_str();
    assert!(tag.ends_with("background-color: #FFFFFF;\">"), "{tag}");
    assert!(tera1.contains("</pre>then wait</li>"), "{tera1}");

    let tera2 = code_site("tera2", "").read("post/index.html");
    let tag = pre.find(&tera2).unwrap().as_str();
    assert!(tag.ends_with("background-color: #FFFFFF;\" >"), "{tag}");
    assert!(
        tera2.contains("<code data-lang=\"shellscript\">"),
        "{tera2}"
    );
    assert!(tera2.contains("</pre>then wait</li>"), "{tera2}");

    let on_pre = code_site("tera2", "data_attr_position = \"pre\"\n").read("post/index.html");
    let tag = pre.find(&on_pre).unwrap().as_str();
    assert!(tag.ends_with("data-lang=\"shellscript\">"), "{tag}");
    assert!(
        on_pre.contains("<code >") || on_pre.contains("<code>"),
        "{on_pre}"
    );
}

/// What comparing Zola 0.23's own docs found, true of Zola 0.22 too:
/// protocol-relative links are not external, spellings of a term that
/// slugify alike list their pages one spelling after the other, and an
/// internal `redirect_to` gets a trailing slash.
#[test]
fn links_terms_and_redirects_as_zola_makes_them() {
    let site = small_site(&[
        ("index.html", "{{ section.title }}"),
        ("page.html", "{{ page.content | safe }}"),
        (
            "tags/single.html",
            "{% for p in term.pages %}{{ p.title }};{% endfor %}",
        ),
        ("tags/list.html", "{{ terms | length }}"),
    ]);
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &format!("taxonomies = [{{ name = \"tags\" }}]\n{config}\n[markdown]\nexternal_links_class = \"ext\"\n"),
    );
    let page = |name: &str, date: &str, tag: &str| {
        site.write(
            &format!("content/{name}.md"),
            &format!(
                "+++\ntitle = \"{name}\"\ndate = {date}\n[taxonomies]\ntags = [\"{tag}\"]\n+++\n[a](//host.example/) [b](https://host.example/)\n"
            ),
        );
    };
    page("old-upper", "2020-01-01", "SEO");
    page("new-lower", "2024-01-01", "seo");
    page("new-upper", "2023-01-01", "SEO");
    site.write(
        "content/moved/_index.md",
        "+++\nredirect_to = \"new-lower\"\n+++\n",
    );
    site.build().assert_ok();
    let html = site.html("new-lower/index.html");
    assert_eq!(html.attrs("a.ext", "href"), ["https://host.example/"]);
    assert_eq!(
        site.read("tags/seo/index.html"),
        "new-upper;old-upper;new-lower;"
    );
    let redirect = site.read("moved/index.html");
    assert!(
        redirect.contains("url=https://example.org/new-lower/\""),
        "{redirect}"
    );
}

/// What comparing Zola 0.23's `test_site` and `test_site_i18n` found (true
/// of Zola 0.22 too): a `render = false` page is in no section (nor its
/// pagination), taxonomy templates are found by the taxonomy's name
/// (`podcast_authors/`), external hrefs are escaped as URLs, the sitemap
/// lists `page/1/`, a printed table of contents shows its keys in
/// alphabetical order (Tera 2), and each language's search index holds the
/// fields that language asks for.
#[test]
fn test_site_findings_render_as_zola_renders_them() {
    let site = small_site(&[
        ("index.html", "{{ section.title }}"),
        (
            "section.html",
            "{% for p in paginator.pages %}{{ p.title }};{% endfor %}",
        ),
        ("page.html", "{{ page.content | safe }}|{{ page.toc }}"),
        ("podcast_authors/single.html", "by name: {{ term.name }}"),
        ("podcast_authors/list.html", "{{ terms | length }}"),
    ]);
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &format!(
            "taxonomies = [{{ name = \"podcast_authors\" }}]\nbuild_search_index = true\n{config}\n\
             [markdown]\nexternal_links_external = true\n\
             [search]\ninclude_description = true\n\
             [languages.fr]\nbuild_search_index = true\n"
        ),
    );
    force_engine(&site, "tera2");
    site.write(
        "content/blog/_index.md",
        "+++\ntitle = \"Blog\"\nsort_by = \"date\"\npaginate_by = 1\n+++\n",
    );
    for (name, date, render) in [
        ("one", "2024-01-01", true),
        ("hidden", "2024-02-01", false),
        ("two", "2024-03-01", true),
    ] {
        site.write(
            &format!("content/blog/{name}.md"),
            &format!(
                "+++\ntitle = \"{name}\"\ndescription = \"about {name}\"\ndate = {date}\nrender = {render}\n[taxonomies]\npodcast_authors = [\"Some Person\"]\n+++\n# Head\n\n[x](http://host.example/a<b)\n"
            ),
        );
    }
    site.write(
        "content/blog/two.fr.md",
        "+++\ntitle = \"deux\"\ndescription = \"au sujet\"\ndate = 2024-03-01\n+++\nDeux.\n",
    );
    site.build().assert_ok();
    assert_eq!(site.read("blog/index.html"), "two;");
    assert_eq!(site.read("blog/page/2/index.html"), "one;");
    assert!(!site.exists("blog/page/3/index.html"));
    assert_eq!(
        site.read("podcast-authors/some-person/index.html"),
        "by name: Some Person"
    );
    let page = site.read("blog/one/index.html");
    assert!(
        page.contains("rel=\"external\" href=\"http://host.example/a%3Cb\""),
        "{page}"
    );
    let toc = page.split('|').nth(1).unwrap();
    assert!(
        toc.starts_with(
            "[{&quot;children&quot;: [], &quot;id&quot;: &quot;head&quot;, &quot;level&quot;: 1,"
        ),
        "{toc}"
    );
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/blog/page/1/</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("/blog/hidden/"), "{sitemap}");
    let en = site.read("search_index.en.js");
    let fr = site.read("search_index.fr.js");
    assert!(
        en.contains("\"fields\":[\"title\",\"description\",\"body\"]"),
        "{en}"
    );
    assert!(fr.contains("\"fields\":[\"title\",\"body\"]"), "{fr}");
}

#[test]
fn strings_missing_in_templated_content_are_reported() {
    let site = components_site();
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &format!("{config}\n[translations]\nonly_en = \"Only English\"\n[languages.fr]\n"),
    );
    site.write(
        "content/post.fr.md",
        "+++\ntitle = \"Billet\"\n+++\n\n{{ trans(key=\"only_en\") }}\n",
    );
    let run = site.build();
    run.assert_ok();
    assert_eq!(site.html("fr/post/index.html").text("p"), "Only English");
    assert!(
        run.stderr()
            .contains("warning: 1 interface string not translated into `fr` (shown in en): `agora i18n status --lang fr` lists them"),
        "{}",
        run.stderr()
    );
}

/// The built-in RSS feed gives each item an author and an `xml:base`, as
/// Zola's (0.22 and 0.23) does, in both Tera generations.
#[test]
fn builtin_rss_items_have_an_author_and_a_base() {
    for engine in ["tera1", "tera2"] {
        let site = small_site(&[
            ("index.html", "{{ section.title }}"),
            ("page.html", "{{ page.content | safe }}"),
        ]);
        let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
        site.write(
            "config.toml",
            &format!(
                "generate_feeds = true\nfeed_filenames = [\"rss.xml\"]\nauthor = \"Ana\"\n{config}"
            ),
        );
        force_engine(&site, engine);
        site.build().assert_ok();
        let rss = site.read("rss.xml");
        assert!(rss.contains("<author>Ana</author>"), "{engine}: {rss}");
        assert!(
            rss.contains("<description xml:base=\"https://example.org/post/\">&lt;p&gt;Hello."),
            "{engine}: {rss}"
        );
    }
}

#[test]
fn a_zola_023_config_key_chooses_tera2() {
    let site = small_site(&[
        ("index.html", "{{ section.title }}"),
        ("page.html", "{{ page.content | safe }}"),
    ]);
    let config = std::fs::read_to_string(site.root.join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &format!("skip_content_templating = [\"drafts/**\"]\n{config}"),
    );
    site.write(
        "content/post.md",
        "+++\ntitle = \"Post\"\n+++\nIn {{ lang }}.\n",
    );
    let run = site.agora(&["build", "-v"]);
    run.assert_ok();
    assert!(
        run.stderr()
            .contains("Tera 2 (Zola 0.23): the config sets what only Zola 0.23 knows: `skip_content_templating`"),
        "{}",
        run.stderr()
    );
    assert_eq!(site.html("post/index.html").text("p"), "In en.");
}

/// The class of every `<pre>`, line and token `<span>` of `html`'s code
/// block, in order.
fn code_classes(html: &str) -> Vec<String> {
    let page = crate::harness::Page {
        html: scraper::Html::parse_document(html),
    };
    let mut out = page.attrs("pre", "class");
    out.extend(page.attrs("pre span", "class"));
    out
}

/// Highlighted code as each Zola generation writes it: `engines/highlight`
/// built with agora must give the HTML and `giallo.css` that Zola 0.22.1
/// (Tera 1) and Zola 0.23.0 (Tera 2) gave for it, stored in `expected/`.
/// Their giallo versions differ: 0.2 names classes after scopes
/// (`z-keyword`), 0.4 after the theme's colours (`z-8`).
#[test]
fn highlighted_code_matches_the_zola_of_each_generation() {
    let expected_dir = crate::harness::fixtures_dir().join("engines/highlight/expected");
    let expected = |name: &str| std::fs::read_to_string(expected_dir.join(name)).unwrap();
    let mut classes_by_zola = Vec::new();
    for (engine, zola) in [("tera1", "0.22.1"), ("tera2", "0.23.0")] {
        for style in ["class", "inline"] {
            let site = TestSite::fixture("engines/highlight");
            if style == "inline" {
                let config = site.read_source("config.toml");
                site.write("config.toml", &config.replace("\"class\"", "\"inline\""));
            }
            force_engine(&site, engine);
            let html = site.html_after_build("post/index.html");
            let want = expected(&format!("zola-{zola}-{style}.html"));
            if style == "class" {
                let classes = code_classes(&html);
                assert_eq!(classes, code_classes(&want), "{engine}: {html}");
                classes_by_zola.push(classes);
                assert_eq!(
                    site.read("giallo.css"),
                    expected(&format!("zola-{zola}-giallo.css")),
                    "{engine}: the stylesheet"
                );
            } else {
                assert_eq!(
                    site.html("post/index.html").attrs("pre span", "style"),
                    code_styles(&want),
                    "{engine}: {html}"
                );
            }
            assert_eq!(html, want, "{engine}, {style}: byte for byte");
        }
    }
    assert_ne!(
        classes_by_zola[0], classes_by_zola[1],
        "the two Zola generations name classes differently"
    );
}

/// The inline style of every token `<span>` of `html`'s code block.
fn code_styles(html: &str) -> Vec<String> {
    crate::harness::Page {
        html: scraper::Html::parse_document(html),
    }
    .attrs("pre span", "style")
}
