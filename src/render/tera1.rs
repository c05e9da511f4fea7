//! The Tera 1 adapter: loads templates and registers the shared functions
//! and filters. Nothing Tera-specific leaves this file.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde_json::Value;

use super::functions::{Args, SiteData};

/// Function names registered in every engine.
pub const FUNCTIONS: &[&str] = &[
    "get_url",
    "get_page",
    "get_section",
    "get_taxonomy",
    "get_taxonomy_url",
    "get_taxonomy_term",
    "trans",
    "get_hash",
    "now",
    "text_direction",
    "agora_search",
];
pub const FILTERS: &[&str] = &[
    "markdown",
    "base64_encode",
    "base64_decode",
    "regex_replace",
    "num_format",
];

/// The site data the functions read, set once the library is frozen.
pub type SiteSlot = Arc<OnceLock<Arc<SiteData>>>;

pub struct Tera1 {
    tera: tera1::Tera,
    /// Template name → the file it came from, to point errors at files.
    files: HashMap<String, std::path::PathBuf>,
}

fn to_args(args: &HashMap<String, Value>) -> Args {
    let mut sorted: Vec<_> = args.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    sorted
        .into_iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
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
            let slot = slot.clone();
            tera.register_function(name, move |args: &HashMap<String, Value>| match slot.get() {
                Some(site) => site.call_function(name, &to_args(args)).map_err(tera1::Error::msg),
                None => Err(tera1::Error::msg(format!(
                    "`{name}` cannot be used here: the site is not loaded yet (e.g. in anchor-link.html)"
                ))),
            });
        }
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
            return Err(with_file_locations(&error_chain(&e), &files));
        }
        Ok(Tera1 { tera, files })
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    /// Renders `name`; the context is moved into Tera, not copied.
    pub fn render(&self, name: &str, context: HashMap<&str, Value>) -> Result<String, String> {
        let map: serde_json::Map<String, Value> = context
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let ctx = tera1::Context::from_value(Value::Object(map)).map_err(|e| error_chain(&e))?;
        self.tera
            .render(name, &ctx)
            .map_err(|e| with_file_locations(&error_chain(&e), &self.files))
    }
}

/// Tera 1 hides the real cause in `source()`: print the whole chain.
fn error_chain(e: &tera1::Error) -> String {
    let mut out = e.to_string();
    let mut cur = std::error::Error::source(e);
    while let Some(c) = cur {
        out.push_str("\n  caused by: ");
        out.push_str(&c.to_string());
        cur = c.source();
    }
    out
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
