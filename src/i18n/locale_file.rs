//! Writing locale files for translators: `agora i18n sync` (every missing
//! key added as an empty placeholder, with the source text and description
//! as comments) and `agora i18n import` (translations from PO or XLIFF).
//! Files are edited with toml_edit: existing values, their order and every
//! comment stay as they were.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, InlineTable, Item, Table, TableLike, Value};

use super::{Catalog, Entry, Imported, plural_categories};
use crate::config::Config;
use crate::error::{Error, Result, display_path};
use crate::fs;

fn locale_path(root: &Path, lang: &str) -> PathBuf {
    root.join("i18n").join(format!("{lang}.toml"))
}

/// The locale file of `lang` as an editable document (empty when missing)
/// and the keys it already has.
fn open(
    root: &Path,
    config: &Config,
    lang: &str,
) -> Result<(PathBuf, LocaleDocument, BTreeSet<String>)> {
    let path = locale_path(root, lang);
    let text = if fs::exists(&path) {
        fs::read_to_string(&path)?
    } else {
        format!(
            "# UI strings in {} ({lang}). See \"For translators\" in the README.\n",
            super::language_name(lang, config)
        )
    };
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e| Error::Usage(format!("{}: not valid TOML: {e}", display_path(&path))))?;
    // A file of comments only: toml_edit keeps them after the document's
    // items; they belong above the keys that will be added.
    let mut header = String::new();
    if doc.as_table().is_empty() {
        header = doc.trailing().as_str().unwrap_or_default().to_string();
        doc.set_trailing("");
    }
    let doc = LocaleDocument { doc, header };
    let table: toml::Table = toml::from_str(&text).unwrap_or_default();
    let mut entries = Vec::new();
    super::flatten("", &table, &mut entries);
    let keys = entries.into_iter().map(|(k, _)| k).collect();
    Ok((path, doc, keys))
}

/// A locale file being edited.
struct LocaleDocument {
    doc: DocumentMut,
    /// Comments that opened a file without keys.
    header: String,
}

impl LocaleDocument {
    fn save(&self, path: &Path) -> Result<()> {
        fs::write(path, format!("{}{}", self.header, self.doc))
    }
}

/// The table that holds the last part of a dotted key, made (implicit) when missing.
fn parent_table<'a>(
    doc: &'a mut DocumentMut,
    key: &str,
) -> Option<(&'a mut dyn TableLike, String)> {
    let parts: Vec<&str> = key.split('.').collect();
    let (last, parents) = parts.split_last()?;
    let mut table: &mut dyn TableLike = doc.as_table_mut();
    for part in parents {
        let item = table.entry(part).or_insert_with(|| {
            let mut t = Table::new();
            t.set_implicit(true);
            Item::Table(t)
        });
        table = item.as_table_like_mut()?;
    }
    Some((table, last.to_string()))
}

fn comment_block(lines: &[String]) -> String {
    let mut s = String::from("\n");
    for l in lines {
        for part in l.lines() {
            s.push_str(&format!("# {part}\n"));
        }
    }
    s
}

fn source_comments(default: &str, source: &Entry) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(d) = &source.description {
        lines.push(d.clone());
    }
    let ordered = super::PLURAL_CATEGORIES
        .iter()
        .filter_map(|c| source.forms.get_key_value(*c));
    for (form, text) in ordered {
        let text = text.replace('\n', "\\n");
        if source.is_plural() {
            lines.push(format!("{default} ({form}): {text}"));
        } else {
            lines.push(format!("{default}: {text}"));
        }
    }
    lines
}

/// Adds every key of the default language missing from each other
/// language's locale file. Returns the files changed and the keys added.
pub fn sync_locale_files(
    root: &Path,
    config: &Config,
    catalog: &Catalog,
    only: Option<&str>,
) -> Result<Vec<(PathBuf, Vec<String>)>> {
    let default = config.default_language.as_str();
    let Some(source) = catalog.strings.get(default) else {
        return Ok(Vec::new());
    };
    let mut changed = Vec::new();
    for lang in config.all_languages() {
        if lang == default || only.is_some_and(|o| o != lang) {
            continue;
        }
        let (path, mut doc, keys) = open(root, config, lang)?;
        let mut added = Vec::new();
        for key in &catalog.source_order {
            let Some(entry) = source.get(key) else {
                continue;
            };
            if keys.contains(key) || entry.is_empty() {
                continue;
            }
            let comments = comment_block(&source_comments(default, entry));
            let Some((table, last)) = parent_table(&mut doc.doc, key) else {
                continue;
            };
            if entry.is_plural() {
                let mut t = Table::new();
                for c in plural_categories(lang) {
                    t.insert(c, toml_edit::value(""));
                }
                t.decor_mut().set_prefix(comments);
                table.insert(&last, Item::Table(t));
            } else {
                table.insert(&last, toml_edit::value(""));
                if let Some(mut k) = table.key_mut(&last) {
                    k.leaf_decor_mut().set_prefix(comments);
                }
            }
            added.push(key.clone());
        }
        if !added.is_empty() {
            doc.save(&path)?;
            changed.push((path, added));
        }
    }
    Ok(changed)
}

/// What `agora i18n import` did to one locale file.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub lang: String,
    pub path: PathBuf,
    pub updated: Vec<String>,
    pub unchanged: usize,
    pub untranslated: usize,
    /// Keys the site's default language does not have.
    pub unknown: Vec<String>,
}

/// A PO or XLIFF file that does not parse: the parsers say `line N: …`
/// (PO) or `at byte N: …` (XLIFF); the error points there.
fn exchange_file_error(file: &Path, text: &str, message: &str) -> Error {
    let d =
        crate::error::Diagnostic::error(format!("cannot read this file: {message}")).in_file(file);
    let at_line = message
        .strip_prefix("line ")
        .and_then(|r| r.split_once(':'))
        .and_then(|(n, rest)| Some((n.parse::<usize>().ok()?, rest)));
    let at_byte = message
        .strip_prefix("at byte ")
        .and_then(|r| r.split_once(':'))
        .and_then(|(n, _)| n.parse::<usize>().ok());
    let d = match (at_line, at_byte) {
        (Some((line, rest)), _) => {
            // The column of the text the message quotes, if it is on the line.
            let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
            let col = rest
                .split('`')
                .nth(1)
                .and_then(|quoted| line_text.find(quoted))
                .map_or(1, |b| line_text[..b].chars().count() + 1);
            d.at_line_col(text, line, col)
        }
        (None, Some(byte)) => d.at(text, byte..byte + 1),
        _ => d,
    };
    d.into()
}

/// Reads a PO (`.po`) or XLIFF (`.xlf`, `.xliff`) file: the site language
/// it is in (from `Language:` or `target-language`; `ru_RU` is `ru`) and
/// its entries. Refuses a file in no translation language of the site.
pub fn read_exchange_file(config: &Config, file: &Path) -> Result<(String, Vec<Imported>)> {
    let text = fs::read_to_string(file)?;
    let ext = file
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let parsed = match ext.as_str() {
        "po" | "pot" => super::po::parse_po(&text),
        "xlf" | "xliff" => super::xliff::parse_xliff(&text),
        _ => {
            return Err(Error::Usage(format!(
                "`{}`: expected a .po, .xlf or .xliff file",
                display_path(file)
            )));
        }
    };
    let (lang, items) = parsed.map_err(|m| exchange_file_error(file, &text, &m))?;
    let default = config.default_language.as_str();
    let lang = lang.ok_or_else(|| {
        Error::Usage(format!(
            "`{}` does not say its language (PO: a `Language:` header; XLIFF: `target-language`)",
            display_path(file)
        ))
    })?;
    // Tools write `pt_BR` or `ru_RU`: the site's `pt-BR`, else `ru`.
    let lang = {
        let tag = lang.replace('_', "-");
        let base = tag.split('-').next().unwrap_or(&tag).to_string();
        if config.has_language(&tag) {
            tag
        } else if config.has_language(&base) {
            base
        } else {
            lang
        }
    };
    if !config.has_language(&lang) || lang == default {
        return Err(Error::Usage(format!(
            "`{}` is in `{lang}`, which is not a translation language of this site (languages: {})",
            display_path(file),
            config.all_languages().join(", ")
        )));
    }
    Ok((lang, items))
}

/// Reads a PO (`.po`) or XLIFF (`.xlf`, `.xliff`) file and writes its
/// translations into `i18n/<lang>.toml`, recording for each the source text it
/// translates (so a later change of the source marks it outdated).
pub fn import_file(
    root: &Path,
    config: &Config,
    catalog: &Catalog,
    file: &Path,
) -> Result<ImportReport> {
    let (lang, items) = read_exchange_file(config, file)?;
    let default = config.default_language.as_str();
    let source = catalog.strings.get(default).cloned().unwrap_or_default();
    let current = catalog.strings.get(&lang).cloned().unwrap_or_default();
    let (path, mut doc, _) = open(root, config, &lang)?;
    let cats = plural_categories(&lang);
    let mut report = ImportReport {
        lang: lang.clone(),
        path: path.clone(),
        ..Default::default()
    };
    for item in items {
        let Some(src) = source.get(&item.key) else {
            report.unknown.push(item.key);
            continue;
        };
        let forms: BTreeMap<String, String> = if item.plural {
            cats.iter()
                .zip(&item.strs)
                .map(|(c, s)| (c.to_string(), s.clone()))
                .collect()
        } else {
            [(
                "other".to_string(),
                item.strs.first().cloned().unwrap_or_default(),
            )]
            .into()
        };
        if forms.values().all(String::is_empty) {
            report.untranslated += 1;
            continue;
        }
        let recorded = item.previous.clone().unwrap_or_else(|| src.source_forms());
        let fuzzy = item.fuzzy && recorded == src.source_forms();
        let before = current.get(&item.key);
        if before.is_some_and(|b| {
            b.forms == forms && b.source.as_ref() == Some(&recorded) && b.fuzzy == fuzzy
        }) {
            report.unchanged += 1;
            continue;
        }
        write_entry(&mut doc.doc, &item, &forms, &recorded, fuzzy, src, default);
        report.updated.push(item.key);
    }
    if !report.updated.is_empty() {
        doc.save(&path)?;
    }
    Ok(report)
}

fn write_entry(
    doc: &mut DocumentMut,
    item: &Imported,
    forms: &BTreeMap<String, String>,
    recorded: &BTreeMap<String, String>,
    fuzzy: bool,
    source: &Entry,
    default: &str,
) {
    let Some((table, last)) = parent_table(doc, &item.key) else {
        return;
    };
    let source_value: Value = if item.plural {
        let mut t = InlineTable::new();
        for (k, v) in recorded {
            t.insert(k, v.as_str().into());
        }
        Value::InlineTable(t)
    } else {
        recorded.get("other").cloned().unwrap_or_default().into()
    };
    let fill = |t: &mut dyn TableLike| {
        let uses_text = t.contains_key("text") && !item.plural;
        let ordered = super::PLURAL_CATEGORIES
            .iter()
            .filter_map(|c| forms.get_key_value(*c));
        for (k, v) in ordered {
            let k = if uses_text && k == "other" {
                "text"
            } else {
                k.as_str()
            };
            match t.get_mut(k).and_then(Item::as_value_mut) {
                Some(old) => {
                    let decor = old.decor().clone();
                    *old = v.as_str().into();
                    *old.decor_mut() = decor;
                }
                None => {
                    t.insert(k, toml_edit::value(v.as_str()));
                }
            }
        }
        t.insert("source", Item::Value(source_value.clone()));
        if fuzzy {
            t.insert("fuzzy", toml_edit::value(true));
        } else {
            t.remove("fuzzy");
        }
    };
    match table.get_mut(&last) {
        Some(existing) if existing.is_table_like() => {
            if let Some(t) = existing.as_table_like_mut() {
                fill(t);
                if let Some(inline) = existing.as_inline_table_mut() {
                    inline.fmt();
                }
            }
        }
        Some(existing) => {
            let decor = existing.as_value().map(|v| v.decor().clone());
            let mut t = InlineTable::new();
            fill(&mut t);
            t.fmt();
            let mut v = Value::InlineTable(t);
            if let Some(d) = decor {
                *v.decor_mut() = d;
            }
            *existing = Item::Value(v);
        }
        None => {
            if item.plural {
                let mut t = Table::new();
                fill(&mut t);
                t.decor_mut()
                    .set_prefix(comment_block(&source_comments(default, source)));
                table.insert(&last, Item::Table(t));
            } else {
                let mut t = InlineTable::new();
                fill(&mut t);
                t.fmt();
                table.insert(&last, Item::Value(Value::InlineTable(t)));
            }
        }
    }
}
