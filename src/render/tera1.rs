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
    pub fn new(templates: &[(String, String)], slot: SiteSlot) -> Result<Self, String> {
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
        tera.add_raw_templates(templates.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| error_chain(&e))?;
        Ok(Tera1 { tera })
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }

    pub fn render(&self, name: &str, context: &HashMap<&str, Value>) -> Result<String, String> {
        let mut ctx = tera1::Context::new();
        for (k, v) in context {
            ctx.insert(*k, v);
        }
        self.tera.render(name, &ctx).map_err(|e| error_chain(&e))
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
