//! The Tera 2 adapter (Zola 0.23): loads templates, registers the shared
//! functions and filters under Zola 0.23's names and argument conventions,
//! and the tera-contrib filters Zola 0.23 registers. Nothing Tera-specific
//! leaves this file.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::Value as Json;
use tera2::{Kwargs, State, Value};

use super::SiteSlot;
use super::functions::Args;

pub struct Tera2 {
    tera: tera2::Tera,
    /// Template name → the file it came from, to point errors at files.
    files: HashMap<String, PathBuf>,
}

fn to_args(kwargs: &Kwargs) -> Args {
    // In name order (a BTreeMap), whatever order the call wrote them in.
    kwargs
        .deserialize::<std::collections::BTreeMap<String, Json>>()
        .unwrap_or_default()
        .into_iter()
        .collect()
}

fn to_value(json: &Json) -> Value {
    Value::from_serializable(json)
}

impl Tera2 {
    /// Parses all templates; `templates` are (name, source) with site ones
    /// after theme ones so they override.
    pub fn new(
        templates: &[(String, String)],
        fallback_prefixes: &[String],
        files: HashMap<String, PathBuf>,
        slot: SiteSlot,
    ) -> Result<Self, String> {
        let mut tera = tera2::Tera::new();
        tera.autoescape_on([".html", ".htm", ".xml"]);
        // As Zola 0.23: every template sees `zola_version` (feeds, sections,
        // taxonomies and redirects too, not only pages).
        tera.global_context()
            .insert("zola_version", crate::config::ZOLA_TERA2_VERSION);
        tera.set_fallback_prefixes(fallback_prefixes.to_vec())
            .map_err(|e| super::error_chain(&e))?;
        register(&mut tera, slot);
        if let Err(e) =
            tera.add_raw_templates(templates.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        {
            return Err(with_file_locations(&super::error_chain(&e), &files));
        }
        Ok(Tera2 { tera, files })
    }

    /// Whether `templates` all load in Tera 2 (with agora's functions and filters).
    pub fn parses(
        templates: &[(String, String)],
        fallback_prefixes: &[String],
    ) -> Result<(), String> {
        let mut tera = tera2::Tera::new();
        tera.set_fallback_prefixes(fallback_prefixes.to_vec())
            .map_err(|e| super::error_chain(&e))?;
        register(&mut tera, SiteSlot::default());
        tera.add_raw_templates(templates.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| super::error_chain(&e))
    }

    /// Whether a load error is about a template that does not exist (which
    /// Tera 1 only notices when rendering, so no hint to switch applies).
    pub fn is_missing_template(message: &str) -> bool {
        message.contains("Unknown template") || message.contains("doesn't exist or isn't loaded")
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders `name` with `context`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, String> {
        self.tera.render(name, &context.0).map_err(|e| {
            collapse_repeats(&with_file_locations(&super::error_chain(&e), &self.files))
        })
    }
}

/// A Tera 2 context that several renders can share (see
/// [`super::SharedContext`]).
pub struct Context(tera2::Context);

impl Default for Context {
    fn default() -> Context {
        Context(tera2::Context::new())
    }
}

impl Context {
    /// Adds `values` (converted into Tera 2 values), replacing those of the same name.
    pub fn add(&mut self, values: HashMap<&str, Json>) {
        for (k, v) in values {
            self.0.insert_value(k.to_string(), to_value(&v));
        }
    }
}

impl Tera2 {
    /// Renders a document's Markdown as a template, as Zola 0.23 does before
    /// turning it into HTML: no auto-escaping; `lang`, `config` and the
    /// document's `page` or `section` in the context; every component of the
    /// site and theme callable (`{{ <note kind="info">…</note> }}`). Errors
    /// point at the line of the content file.
    pub fn render_content(
        &self,
        document: &crate::content::ContentDocument,
        config: &Json,
    ) -> Result<String, String> {
        let mut ctx = tera2::Context::new();
        ctx.insert_value("lang", Value::from(document.lang));
        ctx.insert_value("config", to_value(config));
        ctx.insert_value(document.kind, to_value(&document.view));
        // Blank lines before the body make Tera's line numbers the file's.
        let pad = document.first_line.saturating_sub(1);
        let input = format!("{}{}", "\n".repeat(pad), document.body);
        match self.tera.render_str(&input, &ctx, false) {
            Ok(out) => {
                let leading = out.bytes().take(pad).take_while(|b| *b == b'\n').count();
                Ok(out[leading..].to_string())
            }
            Err(e) => {
                let file = crate::error::display_path(document.file);
                let message = with_file_locations(
                    &super::error_chain(&e).replace("__tera_one_off", &file),
                    &self.files,
                );
                Err(message
                    .strip_prefix("error: ")
                    .map(str::to_string)
                    .unwrap_or(message))
            }
        }
    }
}

/// Functions that read pages, sections or taxonomies: none are known while
/// content is templated (Zola 0.23 gives them an empty library there).
const LIBRARY_FUNCTIONS: &[&str] = &[
    "get_page",
    "get_section",
    "get_taxonomy",
    "get_taxonomy_url",
    "get_taxonomy_term",
    "citation",
];

/// Registers agora's functions and filters, then the tera-contrib filters
/// and tests Zola 0.23 registers.
fn register(tera: &mut tera2::Tera, slot: SiteSlot) {
    for &name in super::FUNCTIONS {
        let slot = slot.clone();
        tera.register_function(name, move |kwargs: Kwargs, state: &State| {
            let Some(site) = slot.get() else {
                return Err(tera2::Error::message(format!(
                    "`{name}` cannot be used before the site is loaded"
                )));
            };
            let mut args = to_args(&kwargs);
            let internal_url = name == "get_url"
                && args
                    .get("path")
                    .and_then(Json::as_str)
                    .is_some_and(|p| p.starts_with("@/"));
            if (super::LANG_FROM_CONTEXT.contains(&name) || internal_url)
                && !args.contains_key("lang")
                && let Ok(Some(lang)) = state.get::<String>("lang")
            {
                args.insert("lang".into(), Json::String(lang));
            }
            site.call_function(name, &args)
                .map(|v| to_value(&v))
                .map_err(|e| {
                    if LIBRARY_FUNCTIONS.contains(&name) && !slot.is_complete() {
                        tera2::Error::message(format!(
                            "{e}\n  = note: in Markdown content (and in components called from it) pages, sections and taxonomies are not loaded yet, as in Zola 0.23: `{name}` finds none there; use it in a template, or `allow_missing = true` with get_page/get_section"
                        ))
                    } else {
                        tera2::Error::message(e)
                    }
                })
        });
    }
    for &name in ["markdown", "num_format"].iter() {
        let slot = slot.clone();
        tera.register_filter(name, move |value: &Value, kwargs: Kwargs, _: &State| {
            let Some(site) = slot.get() else {
                return Err(tera2::Error::message(format!(
                    "`{name}` cannot be used before the site is loaded"
                )));
            };
            let value = serde_json::to_value(value).unwrap_or(Json::Null);
            site.call_filter(name, &value, &to_args(&kwargs))
                .map(|v| to_value(&v))
                .map_err(tera2::Error::message)
        });
    }
    use tera_contrib as c;
    tera.register_filter("base64_encode", c::base64::b64_encode);
    tera.register_filter("base64_decode", c::base64::b64_decode);
    tera.register_filter("regex_replace", c::regex::RegexReplace::default());
    tera.register_filter("striptags", c::regex::striptags);
    tera.register_filter("spaceless", c::regex::spaceless);
    tera.register_filter("urlencode", c::urlencode::urlencode);
    tera.register_filter("urlencode_strict", c::urlencode::urlencode_strict);
    tera.register_filter("json_encode", c::json::json_encode);
    tera.register_filter("filesizeformat", c::filesize_format::filesize_format);
    tera.register_filter("format", c::format::format);
    tera.register_filter("slugify", c::slug::slug);
    tera.register_filter("date", c::dates::date);
    tera.register_filter("shuffle", c::rand::shuffle);
    // Reproducible in place of tera-contrib's (see `random`).
    tera.register_function("get_random", |kwargs: Kwargs, _: &State| {
        super::random::get_random(&to_args(&kwargs))
            .map(|v| to_value(&v))
            .map_err(tera2::Error::message)
    });
    tera.register_function(super::recursion::FUNCTION, |kwargs: Kwargs, _: &State| {
        let args = to_args(&kwargs);
        let at = args.get("at").and_then(Json::as_str).unwrap_or("");
        let step = args.get("step").and_then(Json::as_i64).unwrap_or(1);
        super::recursion::step(at, step, super::recursion::TERA2_LIMIT)
            .map(|()| Value::from(false))
            .map_err(tera2::Error::message)
    });
    tera.register_test("matching", c::regex::Matching::default());
    tera.register_test("before", c::dates::is_before);
    tera.register_test("after", c::dates::is_after);
}

/// Tera 2 shows one `note: called from …` per level of a component
/// calling itself: the same place shown once, with how many times.
fn collapse_repeats(message: &str) -> String {
    const MARK: &str = "note: called from ";
    let mut parts = message.split(MARK);
    let mut out = parts.next().unwrap_or("").to_string();
    let mut last: Option<&str> = None;
    let mut repeats = 0;
    let flush = |out: &mut String, part: &str, repeats: usize| {
        out.push_str(MARK);
        out.push_str(part);
        if repeats > 0 {
            out.push_str(&format!("(and {repeats} more times from the same place)\n"));
        }
    };
    for part in parts {
        if last == Some(part) {
            repeats += 1;
            continue;
        }
        if let Some(prev) = last {
            flush(&mut out, prev, repeats);
        }
        last = Some(part);
        repeats = 0;
    }
    if let Some(prev) = last {
        flush(&mut out, prev, repeats);
    }
    out
}

/// Tera 2's reports say `--> page.html:3:5` with the template name; point
/// at the file instead (`--> templates/page.html:3:5`), the rest unchanged.
fn with_file_locations(message: &str, files: &HashMap<String, PathBuf>) -> String {
    static POS: OnceLock<regex::Regex> = OnceLock::new();
    let pos_re = POS.get_or_init(|| {
        regex::Regex::new(r"(?m)(--> |note: .*? )([^\s:]+):(\d+):(\d+)").expect("valid regex")
    });
    pos_re
        .replace_all(message, |c: &regex::Captures| match files.get(&c[2]) {
            Some(p) => format!(
                "{}{}:{}:{}",
                &c[1],
                crate::error::display_path(p),
                &c[3],
                &c[4]
            ),
            None => c[0].to_string(),
        })
        .into_owned()
}
