//! `agora i18n export --documents` and the document half of `agora i18n
//! import`: which documents go into which file, and which translation file
//! each tool entry lands in. The units, their alignment and the writing of
//! one translation are in [`super::documents`]; the file formats in
//! `i18n::document_files`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::Library;
use super::documents::{
    DocumentImport, SegmentCoverage, SegmentState, align, apply_entries, document_entries,
    parse_entry_id, read_pair,
};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::fs;
use crate::i18n::{DocumentEntry, Imported};

/// One file of an export: the documents of a section (or one document) in one language.
#[derive(Debug)]
pub struct DocumentFile {
    pub lang: String,
    /// The file's path under the language's folder, without extension
    /// (`briefs`, `_index`, or `briefs/x` per document).
    pub name: String,
    /// What it holds, for its header (`section briefs`).
    pub what: String,
    pub entries: Vec<DocumentEntry>,
}

/// Every original document of the site (pages, then section
/// introductions), by path under `content/`, with the file it goes to.
fn originals(lib: &Library, config: &Config, per_document: bool) -> Vec<(String, String)> {
    let default = config.default_language.as_str();
    let group = |components: &[String], rel: &str| -> String {
        if per_document {
            rel.strip_suffix(".md").unwrap_or(rel).to_string()
        } else if components.is_empty() {
            "_index".to_string()
        } else {
            components.join("/")
        }
    };
    let mut out: Vec<(String, String)> = lib
        .pages
        .iter()
        .filter(|p| p.placeholder.is_none() && p.lang == default)
        .map(|p| {
            (
                p.file.relative_path.clone(),
                group(&p.file.components, &p.file.relative_path),
            )
        })
        .chain(
            lib.sections
                .iter()
                .filter(|s| s.lang == default && !s.generated && s.placeholder_of.is_none())
                .map(|s| {
                    (
                        s.file.relative_path.clone(),
                        group(&s.file.components, &s.file.relative_path),
                    )
                }),
        )
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The translation file of `document` (under `content/`) in `lang`.
pub fn translation_path(root: &Path, config: &Config, document: &str, lang: &str) -> PathBuf {
    super::translate::version_path(root, config, document, lang)
}

/// The files of an export: per language (all but the default, or `only`)
/// and section, or per document. `previous` maps the hash of a source text
/// to that text, from files exported before (for `#| msgid`); a previous
/// source it lacks is looked up in the document's git history.
pub fn collect_document_files(
    root: &Path,
    config: &Config,
    lib: &Library,
    only: Option<&str>,
    per_document: bool,
    previous: &HashMap<String, String>,
) -> Result<Vec<DocumentFile>> {
    let options = crate::content::markdown_options(config);
    let docs = originals(lib, config, per_document);
    let mut previous = previous.clone();
    // Hashes already looked up in the history (found or not).
    let mut looked_up: HashSet<String> = HashSet::new();
    let mut files = Vec::new();
    for lang in config.all_languages() {
        if lang == config.default_language || only.is_some_and(|o| o != lang) {
            continue;
        }
        let mut by_file: BTreeMap<String, Vec<DocumentEntry>> = BTreeMap::new();
        for (document, name) in &docs {
            let target = translation_path(root, config, document, lang);
            let (original, existing) = read_pair(root, document, &target, options)?;
            let aligned = align(&original, existing.as_ref());
            let unknown: HashSet<String> = aligned
                .iter()
                .filter_map(|a| match &a.state {
                    SegmentState::Fuzzy(Some(h))
                        if !previous.contains_key(h) && !looked_up.contains(h) =>
                    {
                        Some(h.clone())
                    }
                    _ => None,
                })
                .collect();
            if !unknown.is_empty() {
                looked_up.extend(unknown.iter().cloned());
                previous.extend(super::history::segment_sources(
                    root, document, &unknown, options,
                ));
            }
            by_file
                .entry(name.clone())
                .or_default()
                .extend(document_entries(document, &original, &aligned, &previous));
        }
        for (name, entries) in by_file {
            if entries.is_empty() {
                continue;
            }
            let what = if per_document {
                format!("content/{name}.md")
            } else if name == "_index" {
                "the home section".to_string()
            } else {
                format!("section {name}")
            };
            files.push(DocumentFile {
                lang: lang.to_string(),
                name,
                what,
                entries,
            });
        }
    }
    Ok(files)
}

/// Whether an entry of a tool's file is a document segment (not a UI
/// string): by its id, or, for tools that drop `msgctxt`, by its place
/// (`content/….md:line`).
pub fn is_document_entry(item: &Imported) -> bool {
    parse_entry_id(&item.key).is_some() || document_location(item).is_some()
}

/// `content/briefs/x.md:14` → (`briefs/x.md`, 14).
fn document_location(item: &Imported) -> Option<(String, usize)> {
    item.locations.iter().find_map(|l| {
        let (file, line) = l.rsplit_once(':').unwrap_or((l, "0"));
        let document = file.strip_prefix("content/")?;
        document
            .ends_with(".md")
            .then(|| (document.to_string(), line.parse().unwrap_or(0)))
    })
}

/// Entries that lost their id (a tool dropped `msgctxt`) get it back from
/// their place: the unit of that document with the same source text
/// (nearest that line), else the unit at that line (then the entry was made
/// for an older source, and is kept as fuzzy).
fn restore_ids(root: &Path, options: pulldown_cmark::Options, items: &[Imported]) -> Vec<Imported> {
    let mut originals: HashMap<String, Option<super::documents::DocumentUnits>> = HashMap::new();
    items
        .iter()
        .map(|item| {
            let mut item = item.clone();
            if parse_entry_id(&item.key).is_some() {
                return item;
            }
            let Some((document, line)) = document_location(&item) else {
                return item;
            };
            let units = originals.entry(document.clone()).or_insert_with(|| {
                let path = root.join("content").join(&document);
                let text = fs::read_to_string(&path).ok()?;
                super::documents::read_units(text, &path, options).ok()
            });
            let Some(units) = units else { return item };
            let same_text = units
                .units
                .iter()
                .filter(|u| u.text == item.source)
                .min_by_key(|u| u.line.abs_diff(line));
            if let Some(u) = same_text {
                item.key = super::documents::entry_id(&document, u);
            } else if let Some(u) = units.units.iter().find(|u| u.line == line) {
                item.key = format!(
                    "{document}#{}@{}",
                    u.id,
                    crate::content::segment_hash(&item.source)
                );
            }
            item
        })
        .collect()
}

/// What an import did, document by document.
#[derive(Debug, Default)]
pub struct DocumentImportReport {
    pub documents: Vec<DocumentImport>,
    /// Documents whose translation was already as the file says.
    pub unchanged: Vec<PathBuf>,
    /// Documents the file names that the site does not have.
    pub unknown: Vec<String>,
    /// Translations left as they are, and why.
    pub refused: Vec<(PathBuf, String)>,
}

/// Writes the translations of `items` (a tool's entries in `lang`) into
/// the documents' `name.<lang>.md` files.
pub fn import_document_items(
    root: &Path,
    config: &Config,
    lang: &str,
    items: &[Imported],
) -> Result<DocumentImportReport> {
    let options = crate::content::markdown_options(config);
    let items = restore_ids(root, options, items);
    let mut by_document: BTreeMap<&str, Vec<&Imported>> = BTreeMap::new();
    for item in &items {
        if let Some((document, _, _)) = parse_entry_id(&item.key) {
            by_document.entry(document).or_default().push(item);
        }
    }
    let mut report = DocumentImportReport::default();
    for (document, items) in by_document {
        let original_path = root.join("content").join(document);
        if document.split('/').any(|c| c == ".." || c.is_empty()) || !fs::exists(&original_path) {
            report.unknown.push(document.to_string());
            continue;
        }
        let target = translation_path(root, config, document, lang);
        let (original, existing) = read_pair(root, document, &target, options)?;
        match apply_entries(
            &original,
            &original_path,
            &config.default_language,
            existing.as_ref(),
            &items,
        ) {
            Ok(Some((text, mut done))) => {
                fs::write(&target, &text)?;
                done.path = target;
                report.documents.push(done);
            }
            Ok(None) => report.unchanged.push(target),
            Err(Error::Usage(why)) => report.refused.push((target, why)),
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}

/// The segments of one document in one language, for `agora i18n status`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocumentSegments {
    /// The original, under `content/`.
    pub original: String,
    /// The translation, under `content/`, when it exists.
    pub translation: Option<String>,
    #[serde(flatten)]
    pub coverage: SegmentCoverage,
}

/// Per original document, the share of its segments current, fuzzy and
/// missing in `lang`.
pub fn document_segments(
    root: &Path,
    config: &Config,
    lib: &Library,
    lang: &str,
) -> Result<Vec<DocumentSegments>> {
    let options = crate::content::markdown_options(config);
    let mut out = Vec::new();
    for (document, _) in originals(lib, config, true) {
        let target = translation_path(root, config, &document, lang);
        let (original, existing) = read_pair(root, &document, &target, options)?;
        let coverage = SegmentCoverage::of(&align(&original, existing.as_ref()));
        let translation = existing.map(|_| {
            target
                .strip_prefix(root.join("content"))
                .unwrap_or(&target)
                .to_string_lossy()
                .replace('\\', "/")
        });
        out.push(DocumentSegments {
            original: document,
            translation,
            coverage,
        });
    }
    Ok(out)
}
