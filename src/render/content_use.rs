//! Which templates can read a page's `content`. Listings (sections, taxonomy
//! pages, `get_section`…) put every listed page in the template context; with
//! its HTML that is most of the site's text copied for one render. A template
//! that cannot reach `.content` gets the pages without it.
//!
//! The test is deliberately coarse and errs towards keeping the HTML: a
//! template "reads content" when its source, or the source of anything it
//! extends, includes or imports, contains `.content` or `["content"]`
//! anywhere, or when it includes a template named by an expression.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

static READS_CONTENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\.content\b|\[\s*["']content["']\s*\]"#).expect("valid regex"));

/// `{% extends … %}`, `{% include … %}`, `{% import … %}` and what they name.
static DEPENDENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{%-?\s*(?:extends|include|import|from)\s+(.*?)-?%\}"#).expect("valid regex")
});

static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""([^"]*)"|'([^']*)'|`([^`]*)`"#).expect("valid regex"));

/// For each template name: whether rendering it can read a page's `content`.
#[derive(Debug, Default)]
pub struct ContentUse {
    reads: HashMap<String, bool>,
}

impl ContentUse {
    /// Analyses `templates` (name, source), the ones the engine will use.
    pub fn analyse(templates: &[(String, String)]) -> ContentUse {
        let sources: HashMap<&str, &str> = templates
            .iter()
            .map(|(n, s)| (n.as_str(), s.as_str()))
            .collect();
        let reads = sources
            .keys()
            .map(|name| (name.to_string(), closure_reads(name, &sources)))
            .collect();
        ContentUse { reads }
    }

    /// Unknown templates count as reading content.
    pub fn reads_content(&self, template: &str) -> bool {
        self.reads.get(template).copied().unwrap_or(true)
    }
}

fn closure_reads(start: &str, sources: &HashMap<&str, &str>) -> bool {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut todo = vec![start];
    while let Some(name) = todo.pop() {
        if !seen.insert(name) {
            continue;
        }
        let Some(source) = sources.get(name) else {
            continue;
        };
        if READS_CONTENT.is_match(source) {
            return true;
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

thread_local! {
    static WITH_CONTENT: Cell<bool> = const { Cell::new(true) };
}

/// Whether page views made on this thread now carry `content`.
pub fn with_content() -> bool {
    WITH_CONTENT.with(Cell::get)
}

/// Runs `f` (one template render) with page views carrying `content` or not.
pub fn rendering<T>(content: bool, f: impl FnOnce() -> T) -> T {
    let _switch = Switch::set(content);
    f()
}

/// Sets whether page views carry `content` on this thread until dropped.
pub struct Switch {
    before: bool,
}

impl Switch {
    pub fn set(content: bool) -> Switch {
        Switch {
            before: WITH_CONTENT.with(|c| c.replace(content)),
        }
    }
}

impl Drop for Switch {
    fn drop(&mut self) {
        WITH_CONTENT.with(|c| c.set(self.before));
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
        assert!(!uses.reads_content("base.html"));
        assert!(!uses.reads_content("list.html"));
        assert!(uses.reads_content("card.html"));
        assert!(uses.reads_content("feed.html"));
        assert!(uses.reads_content("term.html"));
        assert!(uses.reads_content("dynamic.html"));
        assert!(uses.reads_content("missing.html"));
    }

    #[test]
    fn the_switch_is_restored_after_a_render() {
        assert!(with_content());
        let inside = rendering(false, with_content);
        assert!(!inside);
        assert!(with_content());
    }
}
