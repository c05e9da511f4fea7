//! UI strings: locale files `i18n/<lang>.toml` merged with Zola's
//! `[translations]` tables. A locale file's value wins over config; an empty
//! value counts as not yet translated.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::{Config, toml_diagnostic};
use crate::error::Result;
use crate::fs;

pub type Strings = BTreeMap<String, BTreeMap<String, String>>;

/// Reads every language's strings. Nested tables are flattened with dots.
pub fn load_strings(root: &Path, config: &Config) -> Result<Strings> {
    let mut out: Strings = BTreeMap::new();
    out.insert(config.default_language.clone(), config.translations.clone());
    for (code, opts) in &config.languages {
        out.insert(code.clone(), opts.translations.clone());
    }
    let dir = root.join("i18n");
    for lang in config.all_languages() {
        let path = dir.join(format!("{lang}.toml"));
        if !fs::exists(&path) {
            continue;
        }
        let text = fs::read_to_string(&path)?;
        let table: toml::Table =
            toml::from_str(&text).map_err(|e| toml_diagnostic(&e, &text, &path))?;
        let entry = out.entry(lang.to_string()).or_default();
        flatten("", &table, entry);
    }
    Ok(out)
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, String>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            toml::Value::Table(t) => {
                // A plural table: `other` is the plain form until plural rules land.
                if let Some(toml::Value::String(other)) = t.get("other") {
                    out.insert(key.clone(), other.clone());
                }
                flatten(&key, t, out);
            }
            other => {
                out.insert(key, other.to_string());
            }
        }
    }
}
