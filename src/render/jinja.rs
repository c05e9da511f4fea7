//! The minijinja adapter: Jinja2 templates (`*.j2`, `*.jinja`, `*.jinja2`)
//! with the same context, functions and filters as the Tera adapters,
//! strict undefined values and Python-style methods (minijinja-contrib's
//! pycompat). Nothing minijinja-specific leaves this file.

use std::collections::HashMap;
use std::path::PathBuf;

use minijinja::value::{Kwargs, Serde, Value};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, State, UndefinedBehavior};
use serde_json::Value as Json;

use super::SiteSlot;
use super::functions::Args;

/// The extensions that mark a template as Jinja2.
pub const EXTENSIONS: &[&str] = &[".j2", ".jinja", ".jinja2"];

/// `page.html.j2` → `page.html`; `None` for a template that is not Jinja2.
pub fn logical_name(name: &str) -> Option<&str> {
    EXTENSIONS.iter().find_map(|ext| name.strip_suffix(ext))
}

pub struct Jinja {
    env: Environment<'static>,
    /// Template name → the file it came from, to point errors at files.
    files: HashMap<String, PathBuf>,
}

fn to_args(kwargs: &Kwargs) -> Result<Args, Error> {
    let mut names: Vec<&str> = kwargs.args().collect();
    names.sort_unstable();
    let mut args = Args::new();
    for name in names {
        let v: Value = kwargs.get(name)?;
        args.insert(name.to_string(), to_json(&v));
    }
    Ok(args)
}

fn to_json(v: &Value) -> Json {
    if v.is_undefined() {
        return Json::Null;
    }
    serde_json::to_value(v).unwrap_or(Json::Null)
}

fn failed(message: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, message)
}

impl Jinja {
    /// Loads `templates` (name, source); names are the logical ones
    /// (`page.html`) and the file names (`page.html.j2`) both.
    pub fn new(
        templates: &[(String, String)],
        files: HashMap<String, PathBuf>,
        slot: SiteSlot,
    ) -> Result<Self, String> {
        let mut env = Environment::new();
        env.set_debug(true);
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        // Tera keeps a template's final newline; Jinja2 drops it by default.
        if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .build()
        {
            env.set_syntax(syntax);
        }
        env.set_auto_escape_callback(|name| {
            let inner = logical_name(name).unwrap_or(name);
            if [".html", ".htm", ".xml"].iter().any(|e| inner.ends_with(e)) {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        minijinja_contrib::add_to_environment(&mut env);
        env.set_unknown_method_callback(minijinja_contrib::pycompat::unknown_method_callback);
        for &name in super::FUNCTIONS {
            let slot = slot.clone();
            env.add_function(name, move |state: &State, kwargs: Kwargs| {
                let site = slot.get().ok_or_else(|| {
                    failed(format!("`{name}` cannot be used before the site is loaded"))
                })?;
                let mut args = to_args(&kwargs)?;
                let internal_url = name == "get_url"
                    && args
                        .get("path")
                        .and_then(Json::as_str)
                        .is_some_and(|p| p.starts_with("@/"));
                if (super::LANG_FROM_CONTEXT.contains(&name) || internal_url)
                    && !args.contains_key("lang")
                    && let Some(lang) = state.lookup("lang").filter(|l| !l.is_undefined())
                {
                    args.insert("lang".into(), to_json(&lang));
                }
                site.call_function(name, &args)
                    .map(|v| Value::from(Serde(&v)))
                    .map_err(failed)
            });
        }
        env.add_function("get_random", |kwargs: Kwargs| {
            super::random::get_random(&to_args(&kwargs)?)
                .map(|v| Value::from(Serde(&v)))
                .map_err(failed)
        });
        env.add_function(super::recursion::FUNCTION, |kwargs: Kwargs| {
            let args = to_args(&kwargs)?;
            let at = args.get("at").and_then(Json::as_str).unwrap_or("");
            let step = args.get("step").and_then(Json::as_i64).unwrap_or(1);
            super::recursion::step(at, step, super::recursion::JINJA_LIMIT)
                .map(|()| Value::from(false))
                .map_err(failed)
        });
        for &name in super::FILTERS {
            let slot = slot.clone();
            env.add_filter(name, move |value: Value, kwargs: Kwargs| {
                let site = slot.get().ok_or_else(|| {
                    failed(format!("`{name}` cannot be used before the site is loaded"))
                })?;
                site.call_filter(name, &to_json(&value), &to_args(&kwargs)?)
                    .map(|v| Value::from(Serde(&v)))
                    .map_err(failed)
            });
        }
        for (name, source) in templates {
            if let Err(e) = env.add_template_owned(name.clone(), source.clone()) {
                return Err(report(&e, &files));
            }
        }
        Ok(Jinja { env, files })
    }

    /// Renders `name` with `context`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, String> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| report(&e, &self.files))?;
        // minijinja values are reference-counted: this copies no data.
        template
            .render(context.0.clone())
            .map_err(|e| report(&e, &self.files))
    }
}

/// A minijinja context that several renders can share (see
/// [`super::SharedContext`]).
#[derive(Default)]
pub struct Context(HashMap<String, Value>);

impl Context {
    /// Adds `values` (converted into minijinja values), replacing those of the same name.
    pub fn add(&mut self, values: HashMap<&str, Json>) {
        for (k, v) in values {
            self.0.insert(k.to_string(), Value::from(Serde(&v)));
        }
    }
}

/// A rustc-style report: the message, `--> file:line:col`, the line and a
/// caret under the failing expression; causes (e.g. from an included
/// template) follow.
fn report(e: &Error, files: &HashMap<String, PathBuf>) -> String {
    // The innermost error with a location says where the problem is.
    let mut chain: Vec<&Error> = vec![e];
    let mut cur: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(c) = cur {
        if let Some(inner) = c.downcast_ref::<Error>() {
            chain.push(inner);
        }
        cur = c.source();
    }
    let located = chain
        .iter()
        .rev()
        .find(|e| e.line().is_some())
        .copied()
        .unwrap_or(e);
    let source = located.template_source();
    let snippet = match (source, located.range()) {
        (Some(src), Some(r)) if r.end <= src.len() => Some((src, r)),
        _ => None,
    };
    let what = snippet.clone().map(|(src, r)| &src[r]);
    let message = match (located.kind(), located.detail(), what) {
        (ErrorKind::UndefinedError, Some(detail), _) => format!("undefined value: {detail}"),
        (ErrorKind::UndefinedError, None, Some(expr)) => {
            format!("undefined value `{}`", expr.trim_start_matches('.'))
        }
        _ => located.to_string_without_location(),
    };
    let mut out = format!("error: {message}");
    if let Some(name) = located.name() {
        let file = files
            .get(name)
            .map(|p| crate::error::display_path(p))
            .unwrap_or_else(|| name.to_string());
        let line = located.line().unwrap_or(1);
        match snippet {
            Some((src, r)) => {
                let line_start = src[..r.start].rfind('\n').map_or(0, |i| i + 1);
                let col = src[line_start..r.start].chars().count() + 1;
                let text = src[line_start..].lines().next().unwrap_or("");
                let width = src[r.start..r.end]
                    .lines()
                    .next()
                    .map_or(1, |s| s.chars().count().max(1));
                let pad = " ".repeat(line.to_string().len());
                out.push_str(&format!(
                    "\n{pad}--> {file}:{line}:{col}\n{pad} |\n{line} | {text}\n{pad} | {}{}",
                    " ".repeat(col - 1),
                    "^".repeat(width)
                ));
            }
            None => out.push_str(&format!("\n --> {file}:{line}:1")),
        }
    }
    for outer in chain.iter().filter(|c| !std::ptr::eq(**c, located)) {
        if let (Some(name), Some(line)) = (outer.name(), outer.line()) {
            let file = files
                .get(name)
                .map(|p| crate::error::display_path(p))
                .unwrap_or_else(|| name.to_string());
            out.push_str(&format!("\n  from {file}:{line}"));
        }
    }
    out
}

trait WithoutLocation {
    fn to_string_without_location(&self) -> String;
}

impl WithoutLocation for Error {
    /// minijinja's message without its trailing `(in name:line)`.
    fn to_string_without_location(&self) -> String {
        match self.detail() {
            Some(detail) => format!("{}: {detail}", self.kind()),
            None => self.kind().to_string(),
        }
    }
}
