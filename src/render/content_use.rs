//! Which templates can read a page's `content`, or the `pages` of a section
//! or taxonomy term. Listings (sections, taxonomy pages, `get_section`…) put
//! every listed page in the template context; with its HTML that is most of
//! the site's text copied for one render, and a taxonomy list with every
//! term's pages is the whole site again. A template that cannot reach
//! `.content` gets pages without it; one that cannot reach `.pages` gets
//! sections and terms without their page lists.
//!
//! The test is deliberately coarse and errs towards keeping the data: a
//! template "reads content" when its source, or the source of anything it
//! extends, includes or imports, contains `.content` or `["content"]`
//! anywhere (likewise for `pages`; Jinja2's `.get("content")` counts too),
//! or when it includes a template named by an expression. A template that
//! calls a Tera 2 component reaches every template defining components.
//! The test reads template text, so it serves all three engines.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

/// `.content`, `["content"]`, and Jinja2's `.get("content")` / `attr("content")`.
static READS_CONTENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\.content\b|\[\s*["']content["']\s*\]|(?:get|attr)\(\s*["']content["']"#)
        .expect("valid regex")
});

/// What a page's body makes (`content`, `summary`, `toc`, `word_count`,
/// `reading_time`, a translation's `outdated`), and whatever can show every
/// field of a value at once (`json_encode`, `tojson`, `pprint`,
/// `__tera_context`): a template
/// without any of these shows nothing that a body edit changes.
static READS_BODY: LazyLock<Regex> =
    LazyLock::new(|| reads_any("content|summary|toc|word_count|reading_time|outdated"));

/// A page's `translations`, and a placeholder's (in `placeholder`): the
/// titles of the document's other versions.
static READS_TRANSLATIONS: LazyLock<Regex> =
    LazyLock::new(|| reads_any("translations|placeholder"));

/// A page's `backlinks`: the titles of the pages that link to it.
static READS_BACKLINKS: LazyLock<Regex> = LazyLock::new(|| reads_any("backlinks"));

/// Any of `fields` (`a|b`) read by name, or every field at once.
fn reads_any(fields: &str) -> Regex {
    Regex::new(&format!(
        r#"\.(?:{fields})\b|\[\s*["'](?:{fields})["']\s*\]|(?:get|attr)\(\s*["'](?:{fields})["']|json_encode|tojson|pprint|__tera_context"#
    ))
    .expect("valid regex")
}

static READS_PAGES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\.pages\b|\[\s*["']pages["']\s*\]|(?:get|attr)\(\s*["']pages["']"#)
        .expect("valid regex")
});

/// A Tera 2 component definition, and a component call (`{{ <card … /> }}`,
/// `{% <card> %}`): components are global, so a call reaches every
/// template that defines components.
static DEFINES_COMPONENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{%-?\s*component\s").expect("valid regex"));
static CALLS_COMPONENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{[{%]-?\s*<[A-Za-z_]").expect("valid regex"));

/// `{% extends … %}`, `{% include … %}`, `{% import … %}` and what they name.
static DEPENDENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{%-?\s*(?:extends|include|import|from)\s+(.*?)-?%\}"#).expect("valid regex")
});

static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""([^"]*)"|'([^']*)'|`([^`]*)`"#).expect("valid regex"));

/// What rendering a template can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reads {
    pub content: bool,
    pub pages: bool,
    /// Anything a body edit changes (see [`READS_BODY`]): `serve` renders a
    /// file again after a body edit only if its template reads it.
    pub body: bool,
    /// The titles of a page's other versions (`translations`, `placeholder`).
    pub translations: bool,
    /// The titles of the pages that link to a page (`backlinks`).
    pub backlinks: bool,
}

/// Reading everything: what an unknown template may do.
impl Default for Reads {
    fn default() -> Reads {
        Reads::ALL
    }
}

impl Reads {
    pub const ALL: Reads = Reads {
        content: true,
        pages: true,
        body: true,
        translations: true,
        backlinks: true,
    };
}

/// For each template name: what rendering it can read.
#[derive(Debug, Default)]
pub struct ContentUse {
    reads: HashMap<String, Reads>,
}

impl ContentUse {
    /// Analyses `templates` (name, source), the ones the engine will use.
    pub fn analyse(templates: &[(String, String)]) -> ContentUse {
        let sources: HashMap<&str, &str> = templates
            .iter()
            .map(|(n, s)| (n.as_str(), s.as_str()))
            .collect();
        let component_sources: Vec<&str> = sources
            .iter()
            .filter(|(_, s)| DEFINES_COMPONENT.is_match(s))
            .map(|(n, _)| *n)
            .collect();
        let reads = sources
            .keys()
            .map(|name| {
                let reads = Reads {
                    content: closure_reads(name, &sources, &component_sources, &READS_CONTENT),
                    pages: closure_reads(name, &sources, &component_sources, &READS_PAGES),
                    body: closure_reads(name, &sources, &component_sources, &READS_BODY),
                    translations: closure_reads(
                        name,
                        &sources,
                        &component_sources,
                        &READS_TRANSLATIONS,
                    ),
                    backlinks: closure_reads(name, &sources, &component_sources, &READS_BACKLINKS),
                };
                (name.to_string(), reads)
            })
            .collect();
        ContentUse { reads }
    }

    /// Unknown templates count as reading everything.
    pub fn reads(&self, template: &str) -> Reads {
        self.reads.get(template).copied().unwrap_or(Reads::ALL)
    }
}

fn closure_reads<'a>(
    start: &'a str,
    sources: &HashMap<&'a str, &'a str>,
    component_sources: &[&'a str],
    field: &Regex,
) -> bool {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut todo = vec![start];
    while let Some(name) = todo.pop() {
        if !seen.insert(name) {
            continue;
        }
        let Some(source) = sources.get(name) else {
            continue;
        };
        if field.is_match(source) {
            return true;
        }
        if CALLS_COMPONENT.is_match(source) {
            todo.extend(component_sources.iter().copied());
        }
        for dep in DEPENDENCY.captures_iter(source) {
            let args = &dep[1];
            let mut named = false;
            for q in QUOTED.captures_iter(args) {
                named = true;
                let dep_name = q
                    .get(1)
                    .or(q.get(2))
                    .or(q.get(3))
                    .map_or("", |m| m.as_str());
                if let Some((k, _)) = sources.get_key_value(dep_name) {
                    todo.push(k);
                }
            }
            if !named {
                // `{% include some_variable %}`: cannot tell which.
                return true;
            }
        }
    }
    false
}

/// Whether page views made on this thread now carry `content`.
pub fn with_content() -> bool {
    super::scope::with(|s| s.reads.content)
}

/// Whether section and term views made on this thread now carry `pages`.
pub fn with_pages() -> bool {
    super::scope::with(|s| s.reads.pages)
}

/// Runs `f` (one template render) with views carrying what `reads` says.
pub fn rendering<T>(reads: Reads, f: impl FnOnce() -> T) -> T {
    let _switch = Switch::set(reads);
    f()
}

/// Sets what views made on this thread carry (see [`super::scope`]), until dropped.
pub struct Switch {
    before: Reads,
}

impl Switch {
    pub fn set(reads: Reads) -> Switch {
        Switch {
            before: super::scope::with(|s| std::mem::replace(&mut s.reads, reads)),
        }
    }
}

impl Drop for Switch {
    fn drop(&mut self) {
        super::scope::with(|s| s.reads = self.before);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyse(t: &[(&str, &str)]) -> ContentUse {
        ContentUse::analyse(
            &t.iter()
                .map(|(n, s)| (n.to_string(), s.to_string()))
                .collect::<Vec<_>>(),
        )
    }

    #[test]
    fn follows_extends_include_and_import() {
        let uses = analyse(&[
            (
                "base.html",
                r#"<meta name="x" content="y">{% block content %}{% endblock content %}"#,
            ),
            (
                "list.html",
                r#"{% extends "base.html" %}{% block content %}{{ page.title }}{% endblock %}"#,
            ),
            ("card.html", r#"{{ p.content | safe }}"#),
            (
                "feed.html",
                r#"{% extends "base.html" %}{% include "card.html" %}"#,
            ),
            (
                "macros.html",
                r#"{% macro x(p) %}{{ p["content"] }}{% endmacro %}"#,
            ),
            (
                "term.html",
                r#"{% import 'macros.html' as m %}{{ m::x(p=page) }}"#,
            ),
            ("dynamic.html", r#"{% include name %}"#),
        ]);
        let content = |name| uses.reads(name).content;
        assert!(!content("base.html"));
        assert!(!content("list.html"));
        assert!(content("card.html"));
        assert!(content("feed.html"));
        assert!(content("term.html"));
        assert!(content("dynamic.html"));
        assert!(content("missing.html"));
        assert!(!uses.reads("card.html").pages);
        assert!(uses.reads("dynamic.html").pages);
    }

    #[test]
    fn pages_are_read_through_any_name() {
        let uses = analyse(&[
            ("a.html", r#"{% for p in paginator.pages %}{% endfor %}"#),
            ("b.html", r#"{{ term["pages"] | length }}"#),
            (
                "c.html",
                r#"{{ term.page_count }} {{ section.subsections }}"#,
            ),
        ]);
        assert!(uses.reads("a.html").pages);
        assert!(uses.reads("b.html").pages);
        assert!(!uses.reads("c.html").pages);
    }

    #[test]
    fn component_calls_and_jinja_lookups_count() {
        let uses = analyse(&[
            (
                "components.html",
                r#"{% component card(p) %}{{ p.content | safe }}{% endcomponent card %}"#,
            ),
            (
                "list.html",
                r#"{% for p in section.pages %}{{ <card p=p /> }}{% endfor %}"#,
            ),
            ("plain.html", r#"{{ section.title }}"#),
            ("j.html.j2", r#"{{ page.get("content") }}"#),
        ]);
        assert!(uses.reads("list.html").content);
        assert!(!uses.reads("plain.html").content);
        assert!(uses.reads("j.html.j2").content);
    }

    #[test]
    fn what_a_body_makes_is_read_through_any_of_its_fields() {
        let uses = analyse(&[
            (
                "card.html",
                r#"<a href="{{ p.permalink }}">{{ p.title }}</a>"#,
            ),
            (
                "list.html",
                r#"{% for p in paginator.pages %}{% include "card.html" %}{% endfor %}"#,
            ),
            ("summary.html", r#"{{ p.summary | safe }}"#),
            (
                "count.html",
                r#"{{ p["word_count"] }} {{ p.get("reading_time") }}"#,
            ),
            ("dump.html", r#"{{ p | json_encode() }}"#),
            ("outdated.html", r#"{% if p.outdated %}!{% endif %}"#),
        ]);
        let body = |name| uses.reads(name).body;
        assert!(!body("card.html") && !body("list.html"));
        assert!(body("summary.html") && body("count.html"));
        assert!(body("dump.html") && body("outdated.html"));
    }

    #[test]
    fn the_switch_is_restored_after_a_render() {
        assert!(with_content());
        let none = Reads {
            content: false,
            pages: false,
            body: false,
            translations: false,
            backlinks: false,
        };
        let inside = rendering(none, || (with_content(), with_pages()));
        assert_eq!(inside, (false, false));
        assert!(with_content() && with_pages());
    }
}
