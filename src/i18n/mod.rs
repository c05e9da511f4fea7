//! UI strings and language facts: locale files `i18n/<lang>.toml` merged with
//! Zola's `[translations]` tables, CLDR plural categories (ICU4X), text
//! direction (CLDR via ICU4X, overridable), language names, and lookups that
//! follow each language's fallback chain.
//!
//! A locale-file key maps to a string, or to a table of CLDR plural categories
//! (`zero one two few many other`) with an optional `description` for
//! translators. An empty string means "not translated yet". A translated
//! entry may also record the `source` text it was made from (and `fuzzy =
//! true` when a translator left it unreviewed): when the source changes, the
//! string is reported outdated and exported as fuzzy.
//!
//! Strings may hold `{{ name }}` variables, rendered by minijinja in a
//! sandbox (see [`render_string`]).

mod document_files;
mod locale_file;
mod po;
mod sandbox;
mod xliff;

pub use document_files::{
    DocumentEntry, DocumentFileHeader, export_documents_po, export_documents_xliff,
};
pub use locale_file::{ImportReport, import_file, read_exchange_file, sync_locale_files};
pub use po::{ExportRequest, export_po, parse_po, plural_forms};
pub use sandbox::render_string;
pub use xliff::{export_xliff, parse_xliff};

/// One string read from a PO or XLIFF file.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub key: String,
    /// The source text as the file gives it (`msgid`, `<source>`).
    pub source: String,
    /// Where the source comes from (`#:` references, XLIFF `sourcefile` and
    /// `linenumber` contexts), as `file:line`.
    pub locations: Vec<String>,
    /// The translation; for plurals one text per CLDR category of the
    /// language, in CLDR order (gettext's `msgstr[i]`).
    pub strs: Vec<String>,
    pub plural: bool,
    pub fuzzy: bool,
    /// The source text the translation was made from, when the file says
    /// (`#| msgid`): `other`, and `one` for plurals.
    pub previous: Option<BTreeMap<String, String>>,
}

use std::collections::BTreeMap;
use std::path::Path;

use icu_locale::LocaleDirectionality;
use icu_plurals::{PluralCategory, PluralRules};

use crate::config::{Config, toml_diagnostic};
use crate::error::{Diagnostic, Result};
use crate::fs;

/// One string of one language: its plural forms (`other` for a plain string).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    pub forms: BTreeMap<String, String>,
    pub description: Option<String>,
    /// The source-language forms this translation was made from, if recorded.
    pub source: Option<BTreeMap<String, String>>,
    /// Marked for review by a translator (gettext's `fuzzy`).
    pub fuzzy: bool,
}

impl Entry {
    pub fn plain(text: &str) -> Entry {
        Entry {
            forms: [("other".to_string(), text.to_string())].into(),
            ..Default::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        self.forms.values().all(|v| v.is_empty())
    }

    /// A string with forms other than `other`.
    pub fn is_plural(&self) -> bool {
        self.forms.keys().any(|k| k != "other")
    }

    /// Whether this translation needs review against `current` (the source
    /// entry as it is now): marked fuzzy, or made from another source text.
    pub fn is_outdated(&self, current: &Entry) -> bool {
        !self.is_empty()
            && (self.fuzzy
                || self
                    .source
                    .as_ref()
                    .is_some_and(|s| *s != current.source_forms()))
    }

    /// The forms of a source string that translators see (and that a
    /// translation records as its `source`): `other`, and `one` for plurals
    /// (gettext's msgid and msgid_plural).
    pub fn source_forms(&self) -> BTreeMap<String, String> {
        self.forms
            .iter()
            .filter(|(k, _)| *k == "other" || (*k == "one" && self.is_plural()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

pub const PLURAL_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// Every language's strings.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub strings: BTreeMap<String, BTreeMap<String, Entry>>,
    /// The default language's keys in the order of its locale file, then
    /// those only in `[translations]`: the order of exports and of `sync`.
    pub source_order: Vec<String>,
}

/// A string found for a language, and the language it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub text: String,
    pub lang: String,
}

impl Catalog {
    /// Reads every language's strings; locale files win over `[translations]`.
    pub fn load(root: &Path, config: &Config) -> Result<(Catalog, Vec<Diagnostic>)> {
        let mut warnings = Vec::new();
        let mut strings: BTreeMap<String, BTreeMap<String, Entry>> = BTreeMap::new();
        let plain = |t: &BTreeMap<String, String>| -> BTreeMap<String, Entry> {
            t.iter()
                .map(|(k, v)| (k.clone(), Entry::plain(v)))
                .collect()
        };
        strings.insert(config.default_language.clone(), plain(&config.translations));
        for (code, opts) in &config.languages {
            strings.insert(code.clone(), plain(&opts.translations));
        }
        let dir = root.join("i18n");
        let mut source_order: Vec<String> = Vec::new();
        for lang in config.all_languages() {
            let path = dir.join(format!("{lang}.toml"));
            if !fs::exists(&path) {
                continue;
            }
            let text = fs::read_to_string(&path)?;
            let table: toml::Table =
                toml::from_str(&text).map_err(|e| toml_diagnostic(&e, &text, &path))?;
            let entries = strings.entry(lang.to_string()).or_default();
            let mut from_file = Vec::new();
            flatten("", &table, &mut from_file);
            if lang == config.default_language {
                source_order.extend(from_file.iter().map(|(k, _)| k.clone()));
            }
            for (key, entry) in from_file {
                if let Some(old) = entries.get(&key)
                    && !old.is_empty()
                    && !entry.is_empty()
                    && old.forms != entry.forms
                {
                    warnings.push(
                        Diagnostic::warning(format!(
                            "`{key}` is set both in [translations] and in i18n/{lang}.toml; the locale file wins"
                        ))
                        .in_file(&path),
                    );
                }
                entries.insert(key, entry);
            }
        }
        if let Some(source) = strings.get(&config.default_language) {
            for key in source.keys() {
                if !source_order.contains(key) {
                    source_order.push(key.clone());
                }
            }
        }
        Ok((
            Catalog {
                strings,
                source_order,
            },
            warnings,
        ))
    }

    /// The string `key` for `lang`, else along `chain`. `count` picks the
    /// plural form by CLDR rules of the language the string is found in.
    pub fn lookup(
        &self,
        key: &str,
        lang: &str,
        chain: &[&str],
        count: Option<f64>,
    ) -> Option<Found> {
        std::iter::once(lang)
            .chain(chain.iter().copied())
            .find_map(|l| {
                let entry = self.strings.get(l)?.get(key)?;
                let form = match count {
                    Some(n) => plural_category(l, n),
                    None => "other",
                };
                let text = entry
                    .forms
                    .get(form)
                    .filter(|s| !s.is_empty())
                    .or_else(|| entry.forms.get("other").filter(|s| !s.is_empty()))?;
                Some(Found {
                    text: text.clone(),
                    lang: l.to_string(),
                })
            })
    }
}

/// Every entry of a locale file's table, in file order, with dotted keys for nested tables.
pub fn flatten(prefix: &str, table: &toml::Table, out: &mut Vec<(String, Entry)>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::String(s) => {
                out.push((key, Entry::plain(s)));
            }
            toml::Value::Table(t)
                if t.keys().any(|k| PLURAL_CATEGORIES.contains(&k.as_str()))
                    || t.contains_key("description")
                    || t.contains_key("text") =>
            {
                let forms_of = |t: &toml::Table| -> BTreeMap<String, String> {
                    t.iter()
                        .filter(|(k, _)| PLURAL_CATEGORIES.contains(&k.as_str()))
                        .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                        .collect()
                };
                let mut forms = forms_of(t);
                if let Some(text) = t.get("text").and_then(|d| d.as_str()) {
                    forms.insert("other".into(), text.to_string());
                }
                if forms.is_empty() {
                    forms.insert("other".into(), String::new());
                }
                let source = match t.get("source") {
                    Some(toml::Value::String(s)) => Some([("other".to_string(), s.clone())].into()),
                    Some(toml::Value::Table(st)) => Some(forms_of(st)),
                    _ => None,
                };
                let description = t
                    .get("description")
                    .and_then(|d| d.as_str())
                    .map(str::to_string);
                let fuzzy = t.get("fuzzy").and_then(|f| f.as_bool()).unwrap_or(false);
                out.push((
                    key,
                    Entry {
                        forms,
                        description,
                        source,
                        fuzzy,
                    },
                ));
            }
            toml::Value::Table(t) => flatten(&key, t, out),
            other => {
                out.push((key, Entry::plain(&other.to_string())));
            }
        }
    }
}

/// The CLDR plural category of `n` in `lang` (`one`, `few`, `many`, …).
pub fn plural_category(lang: &str, n: f64) -> &'static str {
    let Ok(locale) = lang.parse::<icu_locale::Locale>() else {
        return "other";
    };
    let Ok(rules) = PluralRules::try_new_cardinal(locale.into()) else {
        return "other";
    };
    // Counts are whole numbers; a fraction is treated by its integer part.
    let operands: icu_plurals::PluralOperands = (n.trunc() as i64).into();
    match rules.category_for(operands) {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The plural categories a language uses, in CLDR order.
pub fn plural_categories(lang: &str) -> Vec<&'static str> {
    let Ok(locale) = lang.parse::<icu_locale::Locale>() else {
        return vec!["other"];
    };
    let Ok(rules) = PluralRules::try_new_cardinal(locale.into()) else {
        return vec!["other"];
    };
    let cats: Vec<PluralCategory> = rules.categories().collect();
    PLURAL_CATEGORIES
        .iter()
        .copied()
        .filter(|c| {
            cats.iter().any(|p| {
                matches!(
                    (p, *c),
                    (PluralCategory::Zero, "zero")
                        | (PluralCategory::One, "one")
                        | (PluralCategory::Two, "two")
                        | (PluralCategory::Few, "few")
                        | (PluralCategory::Many, "many")
                        | (PluralCategory::Other, "other")
                )
            })
        })
        .collect()
}

/// `ltr` or `rtl` for a language: the config's override, else CLDR.
pub fn text_direction(lang: &str, config: &Config) -> &'static str {
    if let Some(d) = config
        .agora
        .languages
        .get(lang)
        .and_then(|l| l.direction.as_deref())
    {
        return if d == "rtl" { "rtl" } else { "ltr" };
    }
    let Ok(id) = lang.parse::<icu_locale::LanguageIdentifier>() else {
        return "ltr";
    };
    match LocaleDirectionality::new_common().get(&id) {
        Some(icu_locale::Direction::RightToLeft) => "rtl",
        _ => "ltr",
    }
}

/// A language's own name: the config's, else agora's table, else the code.
pub fn language_name(lang: &str, config: &Config) -> String {
    if let Some(name) = config
        .agora
        .languages
        .get(lang)
        .and_then(|l| l.name.clone())
    {
        return name;
    }
    let base = lang.split('-').next().unwrap_or(lang);
    AUTONYMS
        .iter()
        .find(|(code, _)| *code == lang || *code == base)
        .map(|(_, name)| name.to_string())
        .unwrap_or_else(|| lang.to_string())
}

/// The name of language `code` in language `ui_lang`: the locale file's
/// `language_name_<code>` string for `ui_lang`, else the language's own name.
pub fn language_name_in(code: &str, ui_lang: &str, config: &Config, catalog: &Catalog) -> String {
    catalog
        .lookup(&format!("language_name_{code}"), ui_lang, &[], None)
        .map(|found| found.text)
        .unwrap_or_else(|| language_name(code, config))
}

/// Autonyms of common languages (CLDR's names of each language in itself).
const AUTONYMS: &[(&str, &str)] = &[
    ("ar", "العربية"),
    ("bn", "বাংলা"),
    ("bs", "bosanski"),
    ("de", "Deutsch"),
    ("el", "Ελληνικά"),
    ("en", "English"),
    ("es", "español"),
    ("fa", "فارسی"),
    ("fr", "français"),
    ("ha", "Hausa"),
    ("he", "עברית"),
    ("hi", "हिन्दी"),
    ("id", "Indonesia"),
    ("it", "italiano"),
    ("ja", "日本語"),
    ("kk", "қазақ тілі"),
    ("ko", "한국어"),
    ("ky", "кыргызча"),
    ("mk", "македонски"),
    ("nl", "Nederlands"),
    ("pl", "polski"),
    ("ps", "پښتو"),
    ("pt", "português"),
    ("ru", "русский"),
    ("so", "Soomaali"),
    ("sq", "shqip"),
    ("sr", "српски"),
    ("sw", "Kiswahili"),
    ("tg", "тоҷикӣ"),
    ("tk", "türkmen dili"),
    ("tr", "Türkçe"),
    ("uk", "українська"),
    ("ur", "اردو"),
    ("uz", "o‘zbek"),
    ("zh", "中文"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cldr_plural_categories() {
        assert_eq!(plural_category("ru", 1.0), "one");
        assert_eq!(plural_category("ru", 3.0), "few");
        assert_eq!(plural_category("ru", 5.0), "many");
        assert_eq!(plural_category("ru", 21.0), "one");
        assert_eq!(plural_category("ar", 0.0), "zero");
        assert_eq!(plural_category("ar", 2.0), "two");
        assert_eq!(plural_category("ar", 3.0), "few");
        assert_eq!(plural_category("ar", 11.0), "many");
        assert_eq!(plural_category("ar", 100.0), "other");
        assert_eq!(plural_category("en", 1.0), "one");
        assert_eq!(plural_category("fr", 0.0), "one");
        assert_eq!(
            plural_categories("ar"),
            vec!["zero", "one", "two", "few", "many", "other"]
        );
        assert_eq!(plural_categories("en"), vec!["one", "other"]);
    }

    #[test]
    fn direction_from_cldr_with_override() {
        let mut config = Config::default();
        for (lang, dir) in [
            ("ar", "rtl"),
            ("fa", "rtl"),
            ("he", "rtl"),
            ("ur", "rtl"),
            ("ps", "rtl"),
            ("en", "ltr"),
            ("ky", "ltr"),
        ] {
            assert_eq!(text_direction(lang, &config), dir, "{lang}");
        }
        config.agora.languages.insert(
            "ha".into(),
            crate::config::AgoraLanguage {
                direction: Some("rtl".into()),
                ..Default::default()
            },
        );
        assert_eq!(text_direction("ha", &config), "rtl");
    }
}
