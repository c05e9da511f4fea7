//! The translator tools: `agora i18n sync/export/import/status/mark-current`
//! and `agora translate`. Front matter and locale files only; no rendering.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::{BuildOptions, config, fs, i18n, render, site};

/// The site's root, config and strings, for the translator tools.
fn load_strings(options: &BuildOptions) -> Result<(PathBuf, config::Config, i18n::Catalog)> {
    let project = config::open_project(&options.root, options.config_file.as_deref())?;
    let (catalog, _) = i18n::Catalog::load(&project.root, &project.config)?;
    Ok((project.root, project.config, catalog))
}

fn check_language(config: &config::Config, lang: Option<&str>) -> Result<()> {
    match lang {
        Some(lang) if !config.has_language(lang) => Err(Error::Usage(format!(
            "language `{lang}` is not configured (languages: {})",
            config.all_languages().join(", ")
        ))),
        _ => Ok(()),
    }
}

/// `agora i18n sync`: every missing key added to every locale file (or `only`'s).
pub fn i18n_sync(
    options: &BuildOptions,
    only: Option<&str>,
) -> Result<Vec<(PathBuf, Vec<String>)>> {
    let (root, config, catalog) = load_strings(options)?;
    check_language(&config, only)?;
    i18n::sync_locale_files(&root, &config, &catalog, only)
}

/// A format translators' tools read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExchangeFormat {
    Po,
    Xliff,
}

/// `agora i18n export`: one PO or XLIFF file per language (other than the
/// default) into `out_dir` (default `i18n/po/` or `i18n/xliff/`). Returns the files.
pub fn i18n_export(
    options: &BuildOptions,
    format: ExchangeFormat,
    only: Option<&str>,
    out_dir: Option<&Path>,
) -> Result<Vec<PathBuf>> {
    let (root, config, catalog) = load_strings(options)?;
    check_language(&config, only)?;
    let default = config.default_language.as_str();
    if only == Some(default) {
        return Err(Error::Usage(format!(
            "`{default}` is the source language: export the languages it is translated into"
        )));
    }
    let empty = Default::default();
    let source_strings = catalog.strings.get(default).unwrap_or(&empty);
    let source: Vec<(&str, &i18n::Entry)> = catalog
        .source_order
        .iter()
        .filter_map(|k| source_strings.get(k).map(|e| (k.as_str(), e)))
        .filter(|(_, e)| !e.is_empty())
        .collect();
    let (out_dir, ext) = export_dir(&root, out_dir, format, false);
    let now = jiff::Zoned::now().with_time_zone(jiff::tz::TimeZone::UTC);
    let revision_date = now.strftime("%Y-%m-%d %H:%M+0000").to_string();
    let project = config.title.clone().unwrap_or_else(|| "agora site".into());
    let mut written = Vec::new();
    for lang in config.all_languages() {
        if lang == default || only.is_some_and(|o| o != lang) {
            continue;
        }
        let lang_name = i18n::language_name(lang, &config);
        let request = i18n::ExportRequest {
            source_lang: default,
            lang,
            lang_name: &lang_name,
            project: &project,
            source: source.clone(),
            target: catalog.strings.get(lang),
            revision_date: &revision_date,
        };
        let text = match format {
            ExchangeFormat::Po => i18n::export_po(&request),
            ExchangeFormat::Xliff => i18n::export_xliff(&request),
        };
        let path = out_dir.join(format!("{lang}.{ext}"));
        fs::write(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}

/// Files of an earlier export under `dir` (any language): the source text
/// of each document segment by its hash, for `#| msgid` of fuzzy entries.
fn previous_sources(config: &config::Config, dir: &Path) -> HashMap<String, String> {
    let mut out = HashMap::new();
    if !fs::is_dir(dir) {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let path = entry.path();
        let known = path
            .extension()
            .is_some_and(|e| e == "po" || e == "xlf" || e == "xliff");
        if !known || !entry.file_type().is_file() {
            continue;
        }
        let Ok((_, items)) = i18n::read_exchange_file(config, path) else {
            continue;
        };
        for item in items {
            if let Some((_, _, hash)) = site::parse_entry_id(&item.key) {
                out.insert(hash.to_string(), item.source);
            }
        }
    }
    out
}

/// Whether two exported files differ in more than their revision date.
fn same_but_date(a: &str, b: &str) -> bool {
    let strip = |s: &str| -> String {
        s.lines()
            .filter(|l| !l.starts_with("\"PO-Revision-Date:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    strip(a) == strip(b)
}

/// `agora i18n export --documents`: every document's segments, per language
/// and section (or per document), as PO or XLIFF files under `out_dir`
/// (default `i18n/po/documents/` or `i18n/xliff/documents/`), in a folder
/// per language. A file that would change only in its date is left as it
/// is. Returns each file and whether it was written.
pub fn i18n_export_documents(
    options: &BuildOptions,
    format: ExchangeFormat,
    only: Option<&str>,
    out_dir: Option<&Path>,
    per_document: bool,
) -> Result<Vec<(PathBuf, bool)>> {
    let (root, config, _) = load_strings(options)?;
    check_language(&config, only)?;
    let default = config.default_language.as_str();
    if only == Some(default) {
        return Err(Error::Usage(format!(
            "`{default}` is the source language: export the languages it is translated into"
        )));
    }
    let (out_dir, ext) = export_dir(&root, out_dir, format, true);
    let library = load_library_only(&root, &config, options.drafts)?;
    let previous = previous_sources(&config, &out_dir);
    let files =
        site::collect_document_files(&root, &config, &library, only, per_document, &previous)?;
    let now = jiff::Zoned::now().with_time_zone(jiff::tz::TimeZone::UTC);
    let revision_date = now.strftime("%Y-%m-%d %H:%M+0000").to_string();
    let project = config.title.clone().unwrap_or_else(|| "agora site".into());
    let mut written = Vec::new();
    for file in files {
        let lang_name = i18n::language_name(&file.lang, &config);
        let header = i18n::DocumentFileHeader {
            source_lang: default,
            lang: &file.lang,
            lang_name: &lang_name,
            project: &project,
            what: &file.what,
            revision_date: &revision_date,
        };
        let text = match format {
            ExchangeFormat::Po => i18n::export_documents_po(&header, &file.entries),
            ExchangeFormat::Xliff => i18n::export_documents_xliff(&header, &file.entries),
        };
        let path = out_dir
            .join(&file.lang)
            .join(format!("{}.{ext}", file.name));
        let unchanged = fs::exists(&path)
            && fs::read_to_string(&path).is_ok_and(|old| same_but_date(&old, &text));
        if !unchanged {
            fs::write(&path, &text)?;
        }
        written.push((path, !unchanged));
    }
    Ok(written)
}

/// What `agora i18n import` did with one file.
#[derive(Debug)]
pub enum ImportOutcome {
    Strings(i18n::ImportReport),
    Documents {
        file: PathBuf,
        lang: String,
        report: site::DocumentImportReport,
    },
}

/// The site's library from front matter only (no Markdown rendered).
fn load_library_only(root: &Path, config: &config::Config, drafts: bool) -> Result<site::Library> {
    let hooks = render::NoLinks;
    let (library, diagnostics) = site::load_library(
        root,
        config,
        &site::LoadOptions {
            drafts,
            skip_markdown: true,
            cache: None,
            highlighter: None,
        },
        &hooks,
    )?;
    diagnostics.into_result()?;
    Ok(library)
}

/// `agora i18n import`: translations from PO or XLIFF files into the locale files.
pub fn i18n_import(options: &BuildOptions, files: &[PathBuf]) -> Result<Vec<ImportOutcome>> {
    let (root, config, _) = load_strings(options)?;
    let mut reports = Vec::new();
    for file in files {
        let (lang, items) = i18n::read_exchange_file(&config, file)?;
        if items.iter().any(site::is_document_entry) {
            let report = site::import_document_items(&root, &config, &lang, &items)?;
            reports.push(ImportOutcome::Documents {
                file: file.clone(),
                lang,
                report,
            });
            continue;
        }
        // Reloaded for each file: two files of one language build on each other.
        let (catalog, _) = i18n::Catalog::load(&root, &config)?;
        reports.push(ImportOutcome::Strings(i18n::import_file(
            &root, &config, &catalog, file,
        )?));
    }
    Ok(reports)
}

/// `agora translate PATH --to LANG`: starts a translation file.
pub fn translate(options: &BuildOptions, path: &Path, lang: &str) -> Result<PathBuf> {
    let (root, config, _) = load_strings(options)?;
    site::create_translation(&root, &config, path, lang)
}

/// `agora i18n mark-current FILE…`: records that translations match their original.
pub fn mark_current(
    options: &BuildOptions,
    paths: &[PathBuf],
) -> Result<Vec<(PathBuf, String, bool)>> {
    let (root, config, _) = load_strings(options)?;
    paths
        .iter()
        .map(|p| site::mark_current(&root, &config, p))
        .collect()
}

/// Translation coverage of a site (front matter and locale files only; no rendering).
pub fn translation_status(
    options: &BuildOptions,
    only: Option<&str>,
) -> Result<Vec<site::LanguageStatus>> {
    let (site_root, config, catalog) = load_strings(options)?;
    check_language(&config, only)?;
    let library = load_library_only(&site_root, &config, options.drafts)?;
    let mut status = site::translation_status(&library, &catalog, &config, only);
    for s in &mut status {
        if s.lang != config.default_language {
            s.documents_segments = site::document_segments(&site_root, &config, &library, &s.lang)?;
        }
    }
    Ok(status)
}

/// Where an export writes and the files' extension: `--output-dir` (relative
/// to the working folder), else `i18n/po/` or `i18n/xliff/` (with
/// `documents/` below for documents).
fn export_dir(
    root: &Path,
    out_dir: Option<&Path>,
    format: ExchangeFormat,
    documents: bool,
) -> (PathBuf, &'static str) {
    let (dir, ext) = match format {
        ExchangeFormat::Po => ("po", "po"),
        ExchangeFormat::Xliff => ("xliff", "xlf"),
    };
    let out_dir = match out_dir {
        Some(d) if d.is_absolute() => d.to_path_buf(),
        Some(d) => std::env::current_dir()
            .map(|c| c.join(d))
            .unwrap_or_else(|_| d.to_path_buf()),
        None if documents => root.join("i18n").join(dir).join("documents"),
        None => root.join("i18n").join(dir),
    };
    (out_dir, ext)
}
