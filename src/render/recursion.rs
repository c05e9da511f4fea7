//! Templates that include, extend or call themselves: found by reading the
//! template text (engine-neutral), refused with the whole chain at
//! file:line:col when no engine could ever render them (an `extends`
//! cycle; an `include` cycle in Tera 2, which refuses those), and guarded
//! otherwise. A recursive macro, component or include may be a tree walk
//! that ends (a menu of nested sections), so it is allowed, but every step
//! of it goes through [`FUNCTION`], which stops it with an error showing the
//! chain once it is nested deeper than any real template needs, long before
//! the engine's own recursion would overflow the stack and abort agora (as
//! it aborts Zola). Works on template text only; the adapters register the
//! function.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::LazyLock;

use regex::Regex;

use crate::error::{Diagnostic, display_path, line_col_of_offset};

/// The function guarded steps call: `__agora_recursion(at="…", step=1)`
/// when a guarded include or macro starts, `step=-1` when it ends. It
/// renders nothing.
pub const FUNCTION: &str = "__agora_recursion";

/// How deep guarded steps may nest (Tera 1, minijinja): far more than a
/// menu or a tree of sections needs, far less than a render thread's stack.
pub const LIMIT: usize = 64;
/// minijinja counts every nested frame (an `if` inside an include too)
/// towards its own limit of 500: agora stops includes and macros before.
pub const JINJA_LIMIT: usize = 32;
/// Tera 2 stops components itself after 20 levels, with an error that
/// shows no chain: agora stops them just before.
pub const TERA2_LIMIT: usize = 19;

/// Which template language the text is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Tera1,
    Tera2,
    Jinja,
}

/// Runs a top-level render: whatever it leaves on this thread's stack (an
/// error stops a render half-way) is dropped at the end.
pub fn scoped<T>(f: impl FnOnce() -> T) -> T {
    let depth = super::scope::with(|s| s.stack.len());
    let out = f();
    super::scope::with(|s| s.stack.truncate(depth));
    out
}

/// One call of [`FUNCTION`]: `step > 0` enters `at`, else leaves the
/// innermost step. Entering deeper than `limit` is the error that stops
/// the render, with the chain of templates that repeats.
pub fn step(at: &str, step: i64, limit: usize) -> Result<(), String> {
    super::scope::with(|s| {
        let stack = &mut s.stack;
        if step <= 0 {
            stack.pop();
            return Ok(());
        }
        stack.push(at.to_string());
        if stack.len() <= limit {
            return Ok(());
        }
        let message = recursion_message(stack);
        stack.clear();
        Err(message)
    })
}

/// The message for a stack that went too deep: the steps that repeat.
fn recursion_message(stack: &[String]) -> String {
    let last = stack.len() - 1;
    let start = stack[..last]
        .iter()
        .rposition(|s| *s == stack[last])
        .map_or(0, |i| i + 1);
    let mut out = format!(
        "templates include or call each other without end ({} levels deep); the chain that repeats:",
        stack.len() - 1
    );
    for s in &stack[start..=last] {
        out.push_str("\n  ");
        out.push_str(s);
    }
    out.push_str("\n  = help: make the recursion stop: call the macro, component or include again only inside an `if` or a `for` over a shorter list");
    out
}

/// One reference found in a template.
#[derive(Debug, Clone)]
struct Reference {
    /// The template (and macro or component) it is written in.
    from: Node,
    kind: RefKind,
    /// Byte span of the tag (for includes: what a guard wraps).
    span: std::ops::Range<usize>,
    /// Span of the name referred to, for the message.
    name_span: std::ops::Range<usize>,
    /// `{%-` and `-%}` of the tag.
    trim: (bool, bool),
}

#[derive(Debug, Clone)]
enum RefKind {
    Include(Vec<String>),
    Extends(String),
    /// `import "x" as ns`: Tera 1 resolves imports when it loads a template
    /// and minijinja runs the imported template when it imports it: a
    /// circle of them never ends, whatever is called.
    Import(String),
    /// A call of `namespace::name` (Tera 1), `namespace.name` or `name`
    /// (Jinja), or `<name>` (a Tera 2 component).
    Call(Option<String>, String),
}

/// A macro or component definition: its name and where its body is.
#[derive(Debug, Clone)]
struct Definition {
    name: String,
    tag: std::ops::Range<usize>,
    /// After the opening tag; before the closing tag.
    body: std::ops::Range<usize>,
    open_trim_right: bool,
    close_trim_left: bool,
}

/// A template, or a macro or component in it.
type Node = (String, Option<String>);

/// What one template says.
#[derive(Debug, Default)]
struct Scan {
    references: Vec<Reference>,
    definitions: Vec<Definition>,
    /// `import "x" as ns` / `from "x" import a as b`: ns → template; b → (template, a).
    namespaces: HashMap<String, String>,
    imported: HashMap<String, (String, String)>,
}

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?s)\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}|\{#.*?#\}|\{%(-?)(.*?)(-?)%\}|\{\{(-?)(.*?)(-?)\}\}",
    )
    .expect("valid regex")
});
static STRING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""([^"]*)"|'([^']*)'|`([^`]*)`"#).expect("valid regex"));
static TERA1_CALL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\w+)::(\w+)\s*\(").expect("valid regex"));
static JINJA_CALL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\b(\w+)\.)?\b(\w+)\s*\(").expect("valid regex"));
static COMPONENT_CALL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*<\s*(\w+)").expect("valid regex"));
static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(\w+)").expect("valid regex"));

fn scan(syntax: Syntax, source: &str, template: &str) -> Scan {
    let mut out = Scan::default();
    let top: Node = (template.to_string(), None);
    // Open macro/component definitions: (name, tag span, body start, trim).
    let mut open: Vec<(String, std::ops::Range<usize>, usize, bool)> = Vec::new();
    let current = |open: &[(String, std::ops::Range<usize>, usize, bool)]| -> Node {
        match open.last() {
            Some((name, ..)) => (template.to_string(), Some(name.clone())),
            None => top.clone(),
        }
    };
    for c in TAG.captures_iter(source) {
        let whole = c.get(0).expect("match");
        let (inner, trim, is_tag) = match (c.get(2), c.get(5)) {
            (Some(inner), _) => (inner, (!c[1].is_empty(), !c[3].is_empty()), true),
            (None, Some(inner)) => (inner, (!c[4].is_empty(), !c[6].is_empty()), false),
            _ => continue,
        };
        let text = inner.as_str();
        let word = WORD
            .captures(text)
            .map(|w| w[1].to_string())
            .unwrap_or_default();
        let strings: Vec<(String, std::ops::Range<usize>)> = STRING
            .captures_iter(text)
            .filter_map(|s| {
                let m = s.get(1).or(s.get(2)).or(s.get(3))?;
                Some((
                    m.as_str().to_string(),
                    inner.start() + m.start()..inner.start() + m.end(),
                ))
            })
            .collect();
        if is_tag {
            match word.as_str() {
                "include" if !strings.is_empty() => out.references.push(Reference {
                    from: current(&open),
                    kind: RefKind::Include(strings.iter().map(|s| s.0.clone()).collect()),
                    span: whole.range(),
                    name_span: strings[0].1.clone(),
                    trim,
                }),
                "extends" if !strings.is_empty() => out.references.push(Reference {
                    from: top.clone(),
                    kind: RefKind::Extends(strings[0].0.clone()),
                    span: whole.range(),
                    name_span: strings[0].1.clone(),
                    trim,
                }),
                "import" if !strings.is_empty() => {
                    out.references.push(Reference {
                        from: top.clone(),
                        kind: RefKind::Import(strings[0].0.clone()),
                        span: whole.range(),
                        name_span: strings[0].1.clone(),
                        trim,
                    });
                    if let Some(ns) = text.split_whitespace().skip_while(|w| *w != "as").nth(1) {
                        out.namespaces.insert(ns.to_string(), strings[0].0.clone());
                    }
                }
                "from" if !strings.is_empty() && syntax == Syntax::Jinja => {
                    if let Some((_, names)) = text.split_once(" import ") {
                        for item in names.split(',') {
                            let parts: Vec<&str> = item.split_whitespace().collect();
                            let (name, alias) = match parts.as_slice() {
                                [name] => (*name, *name),
                                [name, "as", alias] => (*name, *alias),
                                _ => continue,
                            };
                            out.imported.insert(
                                alias.to_string(),
                                (strings[0].0.clone(), name.to_string()),
                            );
                        }
                    }
                }
                "macro" | "component" => {
                    let name = text
                        .trim_start()
                        .trim_start_matches(word.as_str())
                        .trim_start()
                        .split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                        .next()
                        .unwrap_or("")
                        .to_string();
                    open.push((name, whole.range(), whole.end(), trim.1));
                    continue;
                }
                "endmacro" | "endcomponent" => {
                    if let Some((name, tag, body_start, open_trim_right)) = open.pop() {
                        out.definitions.push(Definition {
                            name,
                            tag,
                            body: body_start..whole.start(),
                            open_trim_right,
                            close_trim_left: trim.0,
                        });
                    }
                    continue;
                }
                _ => {}
            }
        }
        // Calls in any expression or tag.
        let from = current(&open);
        let mut push_call = |ns: Option<String>, name: String, span: std::ops::Range<usize>| {
            out.references.push(Reference {
                from: from.clone(),
                kind: RefKind::Call(ns, name),
                span: whole.range(),
                name_span: span,
                trim,
            })
        };
        match syntax {
            Syntax::Tera1 => {
                for m in TERA1_CALL.captures_iter(text) {
                    let span = m.get(2).expect("group").range();
                    push_call(
                        Some(m[1].to_string()),
                        m[2].to_string(),
                        inner.start() + span.start..inner.start() + span.end,
                    );
                }
            }
            Syntax::Jinja => {
                for m in JINJA_CALL.captures_iter(text) {
                    let span = m.get(2).expect("group").range();
                    push_call(
                        m.get(1).map(|n| n.as_str().to_string()),
                        m[2].to_string(),
                        inner.start() + span.start..inner.start() + span.end,
                    );
                }
            }
            Syntax::Tera2 => {
                if let Some(m) = COMPONENT_CALL.captures(text) {
                    let span = m.get(1).expect("group").range();
                    push_call(
                        None,
                        m[1].to_string(),
                        inner.start() + span.start..inner.start() + span.end,
                    );
                }
            }
        }
    }
    out
}

/// An edge of the reference graph: the reference and the node it leads to.
struct Edge {
    template: String,
    reference: Reference,
    to: Node,
}

/// Checks the templates of one engine and returns them with guards added
/// to the includes, macros and components that can recur; an `extends`
/// cycle (any engine) or an `include` cycle (Tera 2) is an error.
pub fn guard_recursion(
    syntax: Syntax,
    templates: &[(String, String)],
    files: &HashMap<String, PathBuf>,
) -> Result<Vec<(String, String)>, Diagnostic> {
    let sources: HashMap<&str, &str> = templates
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_str()))
        .collect();
    let scans: BTreeMap<&str, Scan> = templates
        .iter()
        .filter(|(_, s)| s.contains("{%") || s.contains("{{"))
        .map(|(n, s)| (n.as_str(), scan(syntax, s, n)))
        .collect();
    // Components are global in Tera 2: name → the template defining it.
    let mut components: HashMap<&str, &str> = HashMap::new();
    if syntax == Syntax::Tera2 {
        for (template, scan) in &scans {
            for d in &scan.definitions {
                components.insert(d.name.as_str(), template);
            }
        }
    }
    let mut edges: Vec<Edge> = Vec::new();
    for (&template, scan) in &scans {
        let defined = |t: &str, name: &str| {
            scans
                .get(t)
                .is_some_and(|s| s.definitions.iter().any(|d| d.name == name))
        };
        for r in &scan.references {
            let targets: Vec<Node> = match &r.kind {
                RefKind::Include(names) => names
                    .iter()
                    .filter(|n| sources.contains_key(n.as_str()))
                    .map(|n| (n.clone(), None))
                    .collect(),
                RefKind::Extends(name) | RefKind::Import(name) => vec![(name.clone(), None)],
                RefKind::Call(ns, name) => {
                    let target = match (syntax, ns.as_deref()) {
                        (Syntax::Tera2, _) => components.get(name.as_str()).map(|t| t.to_string()),
                        (Syntax::Tera1, Some("self")) => Some(template.to_string()),
                        (_, Some(ns)) => scan.namespaces.get(ns).cloned(),
                        (_, None) => match scan.imported.get(name) {
                            Some((t, real)) => {
                                if defined(t, real) {
                                    edges.push(Edge {
                                        template: template.to_string(),
                                        reference: r.clone(),
                                        to: (t.clone(), Some(real.clone())),
                                    });
                                }
                                None
                            }
                            None => Some(template.to_string()),
                        },
                    };
                    target
                        .filter(|t| defined(t, name))
                        .map(|t| (t, Some(name.clone())))
                        .into_iter()
                        .collect()
                }
            };
            for to in targets {
                edges.push(Edge {
                    template: template.to_string(),
                    reference: r.clone(),
                    to,
                });
            }
        }
    }

    let label = |template: &str, offset: usize, what: &str| {
        let source = sources.get(template).copied().unwrap_or("");
        let (line, col) = line_col_of_offset(source, offset);
        let file = files
            .get(template)
            .map(|p| display_path(p))
            .unwrap_or_else(|| template.to_string());
        format!("{file}:{line}:{col}: {what}")
    };
    let describe = |e: &Edge| -> String {
        let what = match &e.reference.kind {
            RefKind::Include(_) => format!("`{}` includes `{}`", e.template, e.to.0),
            RefKind::Extends(_) => format!("`{}` extends `{}`", e.template, e.to.0),
            RefKind::Import(_) => format!("`{}` imports `{}`", e.template, e.to.0),
            RefKind::Call(..) => format!(
                "{} calls `{}`",
                node_name(&e.reference.from),
                e.to.1.as_deref().unwrap_or("")
            ),
        };
        label(&e.template, e.reference.name_span.start, &what)
    };

    // Cycles no engine renders: refused now, with the chain.
    let refused = |e: &Edge| match e.reference.kind {
        RefKind::Extends(_) => true,
        RefKind::Include(_) => syntax == Syntax::Tera2,
        RefKind::Import(_) => syntax != Syntax::Tera2,
        RefKind::Call(..) => false,
    };
    // Tera 1 loads an imported template's macros once it has loaded those
    // of the templates it imports, before it follows its parents: a circle
    // of imports alone never ends, one that goes through an `extends` does
    // (zap's `base.html` imports `macros/hooks.html`, which extends
    // `base.html`). minijinja renders an imported template, parents included.
    let cycle = if syntax == Syntax::Tera1 {
        let only = |import: bool| -> Vec<&Edge> {
            edges
                .iter()
                .filter(|e| refused(e) && matches!(e.reference.kind, RefKind::Import(_)) == import)
                .collect()
        };
        find_cycle(&only(false)).or_else(|| find_cycle(&only(true)))
    } else {
        find_cycle(&edges.iter().filter(|e| refused(e)).collect::<Vec<_>>())
    };
    if let Some(cycle) = cycle {
        let first = cycle[0];
        let chain: Vec<String> = cycle.iter().map(|e| describe(e)).collect();
        let source = sources.get(first.template.as_str()).copied().unwrap_or("");
        let (verb, verbs) = match first.reference.kind {
            RefKind::Extends(_) => ("extend", "extends"),
            RefKind::Import(_) => ("import", "imports"),
            _ => ("include", "includes"),
        };
        let mut d = Diagnostic::error(format!(
            "`{}` {verbs} itself: templates that {verb} each other in a circle never finish",
            first.template,
        ))
        .with_help(format!(
            "the chain:\n  {}\nbreak the circle: a template cannot {verb} one that leads back to it",
            chain.join("\n  "),
        ));
        if let Some(file) = files.get(first.template.as_str()) {
            d = d
                .in_file(file)
                .at(source, first.reference.name_span.clone());
        }
        return Err(d);
    }

    // Everything else that can recur gets guards. A Tera 1 import renders
    // nothing: it is no step of a recursion.
    let render_edges: Vec<&Edge> = edges
        .iter()
        .filter(|e| syntax != Syntax::Tera1 || !matches!(e.reference.kind, RefKind::Import(_)))
        .collect();
    let recursive = recursive_nodes(&render_edges);
    if recursive.is_empty() {
        return Ok(templates.to_vec());
    }
    let mut inserts: BTreeMap<&str, Vec<(usize, usize, String)>> = BTreeMap::new();
    for e in &edges {
        let guarded_include = matches!(e.reference.kind, RefKind::Include(_))
            && syntax != Syntax::Tera2
            && recursive.contains(&e.reference.from)
            && recursive.contains(&e.to);
        if guarded_include {
            let at = quote(&describe(e));
            let (left, right) = e.reference.trim;
            let list = inserts.entry(e.template.as_str()).or_default();
            list.push((e.reference.span.start, 0, guard(&at, 1, left, false)));
            list.push((e.reference.span.end, 1, guard("", -1, false, right)));
        }
    }
    for (&template, scan) in &scans {
        for d in &scan.definitions {
            let node = (template.to_string(), Some(d.name.clone()));
            if !recursive.contains(&node) {
                continue;
            }
            let what = format!("{} starts", node_name(&node));
            let at = quote(&label(template, d.tag.start, &what));
            let list = inserts.entry(template).or_default();
            list.push((d.body.start, 1, guard(&at, 1, false, d.open_trim_right)));
            list.push((d.body.end, 0, guard("", -1, d.close_trim_left, false)));
        }
    }
    Ok(templates
        .iter()
        .map(|(name, source)| match inserts.get(name.as_str()) {
            Some(list) => (name.clone(), insert_all(source, list)),
            None => (name.clone(), source.clone()),
        })
        .collect())
}

fn node_name(node: &Node) -> String {
    match &node.1 {
        Some(name) => format!("`{name}` (in `{}`)", node.0),
        None => format!("`{}`", node.0),
    }
}

/// A tag calling [`FUNCTION`] that renders nothing, carrying the
/// white-space trimming of the tag it stands beside.
fn guard(at: &str, step: i64, trim_left: bool, trim_right: bool) -> String {
    let l = if trim_left { "-" } else { "" };
    let r = if trim_right { "-" } else { "" };
    if step > 0 {
        format!("{{%{l} if {FUNCTION}(at=\"{at}\", step=1) %}}{{% endif {r}%}}")
    } else {
        format!("{{%{l} if {FUNCTION}(at=\"\", step=-1) %}}{{% endif {r}%}}")
    }
}

/// Text safe inside a `"…"` literal of every engine.
fn quote(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '"' | '\\' | '\n' | '\r'))
        .collect()
}

/// Inserts texts at byte offsets (sorted by offset, then `order`).
fn insert_all(source: &str, list: &[(usize, usize, String)]) -> String {
    let mut list = list.to_vec();
    list.sort_by_key(|(at, order, _)| (*at, *order));
    let mut out = String::with_capacity(source.len() + list.len() * 80);
    let mut last = 0;
    for (at, _, text) in list {
        out.push_str(&source[last..at]);
        out.push_str(&text);
        last = at;
    }
    out.push_str(&source[last..]);
    out
}

/// The first cycle (as its edges, in order) of a graph, if any.
fn find_cycle<'a>(edges: &[&'a Edge]) -> Option<Vec<&'a Edge>> {
    let mut out: BTreeMap<&Node, Vec<&'a Edge>> = BTreeMap::new();
    for e in edges {
        out.entry(&e.reference.from).or_default().push(e);
    }
    let nodes: Vec<&Node> = out.keys().copied().collect();
    // Colour 1: on the current path; 2: done.
    let mut colour: HashMap<&Node, u8> = HashMap::new();
    for start in nodes {
        if colour.contains_key(start) {
            continue;
        }
        let mut path: Vec<&'a Edge> = Vec::new();
        let mut stack: Vec<(&Node, usize)> = vec![(start, 0)];
        colour.insert(start, 1);
        while let Some((node, i)) = stack.pop() {
            let next = out.get(node).and_then(|l| l.get(i));
            match next {
                Some(e) => {
                    stack.push((node, i + 1));
                    match colour.get(&e.to) {
                        Some(1) => {
                            path.push(e);
                            let from = path
                                .iter()
                                .position(|p| p.reference.from == e.to)
                                .unwrap_or(0);
                            return Some(path[from..].to_vec());
                        }
                        Some(_) => {}
                        None => {
                            colour.insert(&e.to, 1);
                            path.push(e);
                            stack.push((&e.to, 0));
                        }
                    }
                }
                None => {
                    colour.insert(node, 2);
                    path.pop();
                }
            }
        }
    }
    None
}

/// The nodes on some cycle (strongly connected with themselves).
fn recursive_nodes(edges: &[&Edge]) -> BTreeSet<Node> {
    let mut graph: BTreeMap<&Node, BTreeSet<&Node>> = BTreeMap::new();
    for e in edges {
        graph.entry(&e.reference.from).or_default().insert(&e.to);
    }
    // A node recurs when it can reach itself.
    let mut out = BTreeSet::new();
    for &start in graph.keys() {
        let mut seen: BTreeSet<&Node> = BTreeSet::new();
        let mut todo: Vec<&Node> = graph[start].iter().copied().collect();
        while let Some(n) = todo.pop() {
            if n == start {
                out.insert(start.clone());
                break;
            }
            if seen.insert(n)
                && let Some(next) = graph.get(n)
            {
                todo.extend(next.iter().copied());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(
        syntax: Syntax,
        templates: &[(&str, &str)],
    ) -> Result<Vec<(String, String)>, Diagnostic> {
        let templates: Vec<(String, String)> = templates
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        let files = templates
            .iter()
            .map(|(n, _)| (n.clone(), PathBuf::from(format!("templates/{n}"))))
            .collect();
        guard_recursion(syntax, &templates, &files)
    }

    #[test]
    fn an_extends_circle_is_refused_with_the_chain() {
        let e = run(
            Syntax::Tera1,
            &[
                ("a.html", "{% extends \"b.html\" %}"),
                ("b.html", "x\n{% extends \"a.html\" %}"),
            ],
        )
        .unwrap_err();
        let text = e.render();
        assert!(
            text.contains("templates/a.html:1:13: `a.html` extends `b.html`"),
            "{text}"
        );
        assert!(
            text.contains("templates/b.html:2:13: `b.html` extends `a.html`"),
            "{text}"
        );
    }

    #[test]
    fn tera_1_imports_through_an_extends_are_no_circle_but_imports_alone_are() {
        let mixed = [
            (
                "base.html",
                "{% import \"hooks.html\" as hooks %}{{ hooks::f() }}",
            ),
            (
                "hooks.html",
                "{% extends \"base.html\" %}{% macro f() %}x{% endmacro f %}",
            ),
        ];
        let out = run(Syntax::Tera1, &mixed).unwrap();
        assert_eq!(out[0].1, mixed[0].1, "nothing to guard");
        assert!(
            run(Syntax::Jinja, &mixed).is_err(),
            "minijinja renders imports"
        );
        let imports = [
            ("a.html", "{% import \"b.html\" as b %}"),
            ("b.html", "{% import \"a.html\" as a %}"),
        ];
        assert!(run(Syntax::Tera1, &imports).is_err());
    }

    #[test]
    fn a_recursive_macro_gets_guards_that_keep_its_white_space() {
        let src = "{% macro tree(n) -%}\n  {% if n %}{{ self::tree(n=n-1) }}{% endif %}\n{%- endmacro tree %}";
        let out = run(Syntax::Tera1, &[("m.html", src)]).unwrap();
        let text = &out[0].1;
        assert!(text.starts_with("{% macro tree(n) -%}{% if __agora_recursion(at=\"templates/m.html:1:1: `tree` (in `m.html`) starts\", step=1) %}{% endif -%}\n"), "{text}");
        assert!(
            text.ends_with(
                "{%- if __agora_recursion(at=\"\", step=-1) %}{% endif %}{%- endmacro tree %}"
            ),
            "{text}"
        );
    }

    #[test]
    fn templates_without_recursion_are_unchanged() {
        let t = [
            ("a.html", "{% include \"b.html\" %}"),
            ("b.html", "{{ x }}"),
        ];
        let out = run(Syntax::Tera1, &t).unwrap();
        assert_eq!(out[0].1, t[0].1);
    }

    #[test]
    fn the_error_shows_the_steps_that_repeat() {
        let e = scoped(|| {
            for _ in 0..10 {
                step("a.html:1:1: a", 1, 100).unwrap();
                step("b.html:2:2: b", 1, 100).unwrap();
            }
            step("a.html:1:1: a", 1, 20).unwrap_err()
        });
        assert!(e.contains("\n  b.html:2:2: b\n  a.html:1:1: a\n"), "{e}");
        assert_eq!(super::super::scope::with(|s| s.stack.len()), 0);
    }
}
