//! The Tera 1 adapter: loads templates and registers the shared functions
//! and filters. Nothing Tera-specific leaves this file.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

use super::functions::Args;
use super::{FILTERS, FUNCTIONS, SiteSlot};

pub struct Tera1 {
    tera: tera1::Tera,
    /// Template name → the file it came from, to point errors at files.
    files: HashMap<String, std::path::PathBuf>,
    /// Template name → source, to find where a render error happened
    /// (Tera 1 gives no position for those).
    sources: HashMap<String, String>,
}

fn to_args(args: &HashMap<String, Value>) -> Args {
    let mut sorted: Vec<_> = args.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    sorted
        .into_iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// A shared function as Tera 1 calls it.
struct SiteFunction {
    name: &'static str,
    slot: SiteSlot,
}

impl tera1::Function for SiteFunction {
    fn call(&self, args: &HashMap<String, Value>) -> tera1::Result<Value> {
        let name = self.name;
        match self.slot.get() {
            Some(site) => site
                .call_function(name, &to_args(args))
                .map_err(tera1::Error::msg),
            None => Err(tera1::Error::msg(format!(
                "`{name}` cannot be used here: the site is not loaded yet (e.g. in anchor-link.html)"
            ))),
        }
    }

    /// As in Zola 0.22: the URLs of `get_url` and `get_taxonomy_url` are not
    /// escaped (`https://…`, not `https:&#x2F;&#x2F;…`), which matters in
    /// scripts and in feeds.
    fn is_safe(&self) -> bool {
        matches!(self.name, "get_url" | "get_taxonomy_url")
    }
}

impl Tera1 {
    /// Parses all templates; `templates` are (name, source) with site ones
    /// after theme ones so they override.
    pub fn new(
        templates: &[(String, String)],
        files: HashMap<String, std::path::PathBuf>,
        slot: SiteSlot,
    ) -> Result<Self, String> {
        let mut tera = tera1::Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        for &name in FUNCTIONS {
            tera.register_function(
                name,
                SiteFunction {
                    name,
                    slot: slot.clone(),
                },
            );
        }
        // Reproducible in place of Tera's own (see `random`).
        tera.register_function("get_random", |args: &HashMap<String, Value>| {
            super::random::get_random(&to_args(args)).map_err(tera1::Error::msg)
        });
        tera.register_function(
            super::recursion::FUNCTION,
            |args: &HashMap<String, Value>| {
                let at = args.get("at").and_then(Value::as_str).unwrap_or("");
                let step = args.get("step").and_then(Value::as_i64).unwrap_or(1);
                super::recursion::step(at, step, super::recursion::LIMIT)
                    .map(|()| Value::Bool(false))
                    .map_err(tera1::Error::msg)
            },
        );
        for &name in FILTERS {
            let slot = slot.clone();
            tera.register_filter(name, move |value: &Value, args: &HashMap<String, Value>| {
                match slot.get() {
                    Some(site) => site
                        .call_filter(name, value, &to_args(args))
                        .map_err(tera1::Error::msg),
                    None => Err(tera1::Error::msg(format!(
                        "`{name}` cannot be used before the site is loaded"
                    ))),
                }
            });
        }
        if let Err(e) =
            tera.add_raw_templates(templates.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        {
            return Err(with_file_locations(&super::error_chain(&e), &files));
        }
        let sources = templates
            .iter()
            .filter(|(n, _)| files.contains_key(n))
            .cloned()
            .collect();
        Ok(Tera1 {
            tera,
            files,
            sources,
        })
    }

    /// Whether `templates` all parse with Tera 1.
    pub fn parses(templates: &[(String, String)]) -> bool {
        let mut tera = tera1::Tera::default();
        for &name in FUNCTIONS {
            tera.register_function(name, |_: &HashMap<String, Value>| Ok(Value::Null));
        }
        tera.add_raw_templates(templates.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .is_ok()
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// Renders `name` with `context`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, String> {
        self.tera.render(name, &context.0).map_err(|e| {
            // The guard's own name says nothing to a user: its message does.
            let message = super::error_chain(&e).replace(
                &format!(
                    "Function call '{}' failed\n  caused by: ",
                    super::recursion::FUNCTION
                ),
                "",
            );
            match locate_render_error(&message, &self.sources, &self.files) {
                Some(located) => located,
                None => with_file_locations(&message, &self.files),
            }
        })
    }
}

/// A Tera 1 context that several renders can share (see
/// [`super::SharedContext`]).
#[derive(Default)]
pub struct Context(tera1::Context);

impl Context {
    /// Adds `values`, replacing those of the same name; moved into Tera, not copied.
    pub fn add(&mut self, values: HashMap<&str, Value>) -> Result<(), String> {
        let map: serde_json::Map<String, Value> = values
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let more =
            tera1::Context::from_value(Value::Object(map)).map_err(|e| super::error_chain(&e))?;
        self.0.extend(more);
        Ok(())
    }
}

/// Tera 1 says `Failed to parse 'page.html'` and `--> 10:43`; point at the file instead.
fn with_file_locations(message: &str, files: &HashMap<String, std::path::PathBuf>) -> String {
    static NAME: OnceLock<regex::Regex> = OnceLock::new();
    static POS: OnceLock<regex::Regex> = OnceLock::new();
    let name_re =
        NAME.get_or_init(|| regex::Regex::new(r"(?:parse|render) '([^']+)'").expect("valid regex"));
    let pos_re = POS.get_or_init(|| regex::Regex::new(r"--> (\d+):(\d+)").expect("valid regex"));
    let file = name_re
        .captures_iter(message)
        .last()
        .and_then(|c| files.get(&c[1]))
        .map(|p| crate::error::display_path(p));
    match file {
        Some(file) if pos_re.is_match(message) => pos_re
            .replace(message, |c: &regex::Captures| {
                format!("--> {file}:{}:{}", &c[1], &c[2])
            })
            .into_owned(),
        Some(file) => format!("{message}\n  in {file}"),
        None => message.to_string(),
    }
}

/// Tera 1's render errors name the template but not the place: find the
/// undefined variable or the missing include in the source and report it
/// as `--> file:line:col` with the line and a caret.
fn locate_render_error(
    message: &str,
    sources: &HashMap<String, String>,
    files: &HashMap<String, std::path::PathBuf>,
) -> Option<String> {
    static VARIABLE: OnceLock<regex::Regex> = OnceLock::new();
    static MISSING: OnceLock<regex::Regex> = OnceLock::new();
    static RENDERING: OnceLock<regex::Regex> = OnceLock::new();
    let variable = VARIABLE.get_or_init(|| {
        regex::Regex::new(r"Variable `([^`]+)` not found in context while rendering '([^']+)'")
            .expect("valid regex")
    });
    let missing = MISSING.get_or_init(|| {
        regex::Regex::new(r"Template '\[?([^'\]]+)\]?' not found").expect("valid regex")
    });
    static CALL: OnceLock<regex::Regex> = OnceLock::new();
    static QUOTED: OnceLock<regex::Regex> = OnceLock::new();
    let rendering =
        RENDERING.get_or_init(|| regex::Regex::new(r"render '([^']+)'").expect("valid regex"));
    let call = CALL
        .get_or_init(|| regex::Regex::new(r"Function call '([^']+)' failed").expect("valid regex"));
    let (summary, template, needle) = if let Some(c) = variable.captures(message) {
        (
            format!("undefined variable `{}`", &c[1]),
            c[2].to_string(),
            c[1].to_string(),
        )
    } else if let Some(c) = missing.captures(message) {
        let template = rendering.captures_iter(message).last()?[1].to_string();
        (
            format!("template `{}` not found", &c[1]),
            template,
            c[1].to_string(),
        )
    } else if let Some(c) = call.captures_iter(message).last() {
        let template = rendering.captures_iter(message).last()?[1].to_string();
        (format!("`{}` failed", &c[1]), template, c[1].to_string())
    } else {
        return None;
    };
    let source = sources.get(&template)?;
    let file = crate::error::display_path(files.get(&template)?);
    // Of several calls, the one whose arguments hold a value the message
    // quotes (a URL, a path), else the first.
    let quoted = QUOTED.get_or_init(|| regex::Regex::new(r"`([^`]{3,})`").expect("valid regex"));
    let calls: Vec<usize> = source
        .match_indices(&needle)
        .map(|(i, _)| i)
        // Whole names only: not `x` inside `max` or `load_data` in `load_data_csv`.
        .filter(|&i| {
            let ident = |c: char| c.is_alphanumeric() || c == '_';
            !source[..i].ends_with(ident) && !source[i + needle.len()..].starts_with(ident)
        })
        .collect();
    let at = calls
        .iter()
        .copied()
        .find(|&i| {
            let args = &source[i..source[i..].find(')').map_or(source.len(), |e| i + e)];
            quoted.captures_iter(message).any(|q| args.contains(&q[1]))
        })
        .or(calls.first().copied())
        .or_else(|| source.find(&needle))?;
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = source[..at].matches('\n').count() + 1;
    let col = source[line_start..at].chars().count() + 1;
    let text = source[line_start..].lines().next().unwrap_or("");
    let pad = " ".repeat(line.to_string().len());
    Some(format!(
        "error: {summary}\n{pad}--> {file}:{line}:{col}\n{pad} |\n{line} | {text}\n{pad} | {}{}\n{message}",
        " ".repeat(col - 1),
        "^".repeat(needle.chars().count()),
    ))
}
