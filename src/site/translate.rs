//! Translation files on disk: start a translation of a document or of a
//! section's `_index.md` (`agora translate`), and record that a translation matches its original's
//! current version (`agora i18n mark-current`). The version is written under
//! `[extra.agora] source_version` (TOML) or `extra: agora: source_version:`
//! (YAML), where Zola accepts any key; everything else in the file is kept.

use std::path::{Path, PathBuf};

use super::{FileInfo, source_version};
use crate::config::Config;
use crate::content::{FrontMatterFormat, split_front_matter};
use crate::error::{Error, Result, display_path};
use crate::fs;

/// A document file, resolved: where it is and what its name says.
struct Document {
    info: FileInfo,
}

/// Accepts `content/briefs/x.md`, `briefs/x.md` or an absolute path.
fn resolve(root: &Path, config: &Config, path: &Path) -> Result<Document> {
    let content_dir = root.join("content");
    let candidates = [
        path.to_path_buf(),
        std::env::current_dir()
            .map(|c| c.join(path))
            .unwrap_or_default(),
        root.join(path),
        content_dir.join(path),
    ];
    let Some(found) = candidates.iter().find(|p| p.is_file()) else {
        return Err(Error::Usage(format!(
            "`{}` is not a document: no such file in the site or under content/",
            path.display()
        )));
    };
    let found = fs::canonicalize(found)?;
    let content_dir = fs::canonicalize(&content_dir)?;
    if !found.starts_with(&content_dir) || found.extension().is_none_or(|e| e != "md") {
        return Err(Error::Usage(format!(
            "`{}` is not a Markdown document under content/",
            display_path(&found)
        )));
    }
    let info = FileInfo::new(
        &found,
        &content_dir,
        &config.default_language,
        &config.all_languages(),
    )
    .map_err(|m| Error::Usage(format!("{}: {m}", display_path(&found))))?;
    Ok(Document { info })
}

/// `briefs/x.md` in `fr` → `content/briefs/x.fr.md` (bundles: `…/index.fr.md`).
pub(super) fn version_path(root: &Path, config: &Config, canonical: &str, lang: &str) -> PathBuf {
    let rel = if lang == config.default_language {
        canonical.to_string()
    } else {
        match canonical.strip_suffix(".md") {
            Some(stem) => format!("{stem}.{lang}.md"),
            None => canonical.to_string(),
        }
    };
    root.join("content").join(rel)
}

/// The version of the original (default-language) file of `canonical`.
fn original_version(root: &Path, config: &Config, canonical: &str) -> Result<(PathBuf, String)> {
    let original = version_path(root, config, canonical, &config.default_language);
    if !fs::exists(&original) {
        return Err(Error::Usage(format!(
            "the original `{}` (in the default language, `{}`) does not exist",
            display_path(&original),
            config.default_language
        )));
    }
    let text = fs::read_to_string(&original)?;
    let split = split_front_matter(&text, &original)?;
    Ok((original, source_version(split.body)))
}

/// Creates the `lang` translation of the document at `path`: its front
/// matter and body copied (to be translated), the original's version
/// recorded. Never overwrites. Returns the new file.
pub fn create_translation(
    root: &Path,
    config: &Config,
    path: &Path,
    lang: &str,
) -> Result<PathBuf> {
    if !config.has_language(lang) {
        return Err(Error::Usage(format!(
            "language `{lang}` is not configured (languages: {})",
            config.all_languages().join(", ")
        )));
    }
    let doc = resolve(root, config, path)?;
    if lang == config.default_language {
        return Err(Error::Usage(format!(
            "`{lang}` is the default language: the original is `{}`",
            display_path(&version_path(root, config, &doc.info.canonical, lang))
        )));
    }
    let target = version_path(root, config, &doc.info.canonical, lang);
    if fs::exists(&target) {
        return Err(Error::Usage(format!(
            "`{}` already exists; edit it, and run `agora i18n mark-current {}` once it matches the original",
            display_path(&target),
            display_path(&target)
        )));
    }
    let (_, version) = original_version(root, config, &doc.info.canonical)?;
    let text = fs::read_to_string(&doc.info.path)?;
    let text = localize_links(&text, root, config, &doc.info.lang, lang);
    let written = with_source_version(&text, &doc.info.path, &version)?;
    fs::write(&target, &written)?;
    Ok(target)
}

/// `@/` links of a document in `from` made to point at the `to` version of
/// their target where it exists (`@/letters/x.md` → `@/letters/x.fr.md`).
fn localize_links(text: &str, root: &Path, config: &Config, from: &str, to: &str) -> String {
    static LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"@/([^)\s#\]>]+?)\.md\b").expect("valid regex")
    });
    let langs = config.all_languages();
    LINK.replace_all(text, |c: &regex::Captures| {
        let path = &c[1];
        // The target as the default-language file: `x` from `x` or `x.<from>`.
        let stem = match path.rsplit_once('.') {
            Some((stem, code)) if langs.contains(&code) && code == from => stem,
            Some((_, code)) if langs.contains(&code) => return c[0].to_string(),
            _ => path,
        };
        let wanted = if to == config.default_language {
            format!("{stem}.md")
        } else {
            format!("{stem}.{to}.md")
        };
        if root.join("content").join(&wanted).is_file() {
            format!("@/{wanted}")
        } else {
            c[0].to_string()
        }
    })
    .into_owned()
}

/// Records in the translation at `path` that it matches the current version
/// of its original. Returns the version recorded and whether it changed.
pub fn mark_current(root: &Path, config: &Config, path: &Path) -> Result<(PathBuf, String, bool)> {
    let doc = resolve(root, config, path)?;
    if doc.info.lang == config.default_language {
        return Err(Error::Usage(format!(
            "`{}` is an original (default language); mark its translations instead",
            display_path(&doc.info.path)
        )));
    }
    let (_, version) = original_version(root, config, &doc.info.canonical)?;
    let text = fs::read_to_string(&doc.info.path)?;
    let written = with_source_version(&text, &doc.info.path, &version)?;
    let changed = written != text;
    if changed {
        fs::write(&doc.info.path, &written)?;
    }
    Ok((doc.info.path, version, changed))
}

/// `text` with `source_version` set in its front matter, all else kept.
pub fn with_source_version(text: &str, path: &Path, version: &str) -> Result<String> {
    edit_front_matter(
        text,
        path,
        &FrontMatterEdit {
            agora: vec![("source_version", version.to_string())],
            ..Default::default()
        },
    )
}

/// Changes to a translation's front matter: its translated `title` and
/// `description`, and keys under `[extra.agora]`.
#[derive(Debug, Default)]
pub struct FrontMatterEdit<'a> {
    pub title: Option<&'a str>,
    pub description: Option<&'a str>,
    pub agora: Vec<(&'a str, String)>,
}

/// `text` with `edit` applied to its front matter; everything else (other
/// keys, comments, order, the body) kept as it is, and a value that is
/// already right left untouched.
pub fn edit_front_matter(text: &str, path: &Path, edit: &FrontMatterEdit) -> Result<String> {
    let split = split_front_matter(text, path)?;
    let start = split.front_matter_offset;
    let end = start + split.front_matter.len();
    let front = match split.format {
        FrontMatterFormat::Toml => {
            let mut doc: toml_edit::DocumentMut = split.front_matter.parse().map_err(|e| {
                Error::Usage(format!(
                    "{}: the front matter is not valid TOML: {e}",
                    display_path(path)
                ))
            })?;
            for (key, value) in [("title", edit.title), ("description", edit.description)] {
                if let Some(value) = value
                    && doc.get(key).and_then(|v| v.as_str()) != Some(value)
                {
                    doc[key] = toml_edit::value(value);
                }
            }
            if !edit.agora.is_empty() {
                let extra = doc
                    .entry("extra")
                    .or_insert_with(|| {
                        let mut t = toml_edit::Table::new();
                        t.set_implicit(true);
                        toml_edit::Item::Table(t)
                    })
                    .as_table_like_mut()
                    .ok_or_else(|| {
                        Error::Usage(format!("{}: `extra` is not a table", display_path(path)))
                    })?;
                let agora = extra
                    .entry("agora")
                    .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()))
                    .as_table_like_mut()
                    .ok_or_else(|| {
                        Error::Usage(format!(
                            "{}: `extra.agora` is not a table",
                            display_path(path)
                        ))
                    })?;
                for (key, value) in &edit.agora {
                    if agora.get(key).and_then(|v| v.as_str()) != Some(value.as_str()) {
                        agora.insert(key, toml_edit::value(value.as_str()));
                    }
                }
            }
            let mut out = doc.to_string();
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out
        }
        FrontMatterFormat::Yaml => {
            let mut front = split.front_matter.to_string();
            for (key, value) in [("title", edit.title), ("description", edit.description)] {
                if let Some(value) = value {
                    front = yaml_set_top_level(&front, key, value);
                }
            }
            for (key, value) in &edit.agora {
                front = yaml_set_agora(&front, key, value);
            }
            front
        }
    };
    Ok(format!("{}{}{}", &text[..start], front, &text[end..]))
}

/// A YAML double-quoted scalar (JSON's string syntax is valid YAML).
fn yaml_string(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| format!("\"{value}\""))
}

/// A top-level `key: value` replaced (with the indented lines that continue
/// it), or added at the top.
fn yaml_set_top_level(front: &str, key: &str, value: &str) -> String {
    let line = format!("{key}: {}", yaml_string(value));
    let mut lines: Vec<String> = front.lines().map(str::to_string).collect();
    let prefix = format!("{key}:");
    match lines.iter().position(|l| l.starts_with(&prefix)) {
        Some(i) => {
            if lines[i] == line {
                return front.to_string();
            }
            let mut j = i + 1;
            while j < lines.len() && (lines[j].starts_with(' ') || lines[j].trim().is_empty()) {
                j += 1;
            }
            lines.splice(i..j, [line]);
        }
        None => lines.insert(0, line),
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// YAML front matter is edited as text: `key:` replaced where it is under
/// `extra: agora:`, else added there (both made when missing).
fn yaml_set_agora(front: &str, key: &str, value: &str) -> String {
    let line = format!("{key}: {}", yaml_string(value));
    let mut lines: Vec<String> = front.lines().map(str::to_string).collect();
    let prefix = format!("{key}:");
    if let Some(l) = lines
        .iter_mut()
        .find(|l| l.starts_with("    ") && l.trim_start().starts_with(&prefix))
    {
        let indent = l.len() - l.trim_start().len();
        *l = format!("{}{line}", " ".repeat(indent));
    } else if let Some(i) = lines
        .iter()
        .position(|l| l.starts_with(' ') && l.trim() == "agora:")
    {
        let indent = lines[i].len() - lines[i].trim_start().len() + 2;
        lines.insert(i + 1, format!("{}{line}", " ".repeat(indent)));
    } else if let Some(i) = lines.iter().position(|l| l.trim_end() == "extra:") {
        lines.insert(i + 1, format!("  agora:\n    {line}"));
    } else {
        lines.push(format!("extra:\n  agora:\n    {line}"));
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_front_matter_keeps_everything_else() {
        let text = "+++\ntitle = \"T\" # kept\n\n[extra]\ntype = \"brief\"\n+++\nBody\n";
        let out = with_source_version(text, Path::new("x.md"), "abc").unwrap();
        assert_eq!(
            out,
            "+++\ntitle = \"T\" # kept\n\n[extra]\ntype = \"brief\"\n\n[extra.agora]\nsource_version = \"abc\"\n+++\nBody\n"
        );
        let again = with_source_version(&out, Path::new("x.md"), "def").unwrap();
        assert_eq!(again, out.replace("abc", "def"));
        let bare =
            with_source_version("+++\ntitle = \"T\"\n+++\nB\n", Path::new("x.md"), "v").unwrap();
        assert_eq!(
            bare,
            "+++\ntitle = \"T\"\n\n[extra.agora]\nsource_version = \"v\"\n+++\nB\n"
        );
    }

    #[test]
    fn inline_extra_tables() {
        let out = with_source_version(
            "+++\ntitle = \"T\"\nextra = { type = \"brief\" }\n+++\nB\n",
            Path::new("x.md"),
            "v",
        )
        .unwrap();
        let front: toml::Table = toml::from_str(out.split("+++").nth(1).unwrap()).unwrap();
        assert_eq!(
            front["extra"]["agora"]["source_version"].as_str(),
            Some("v"),
            "{out}"
        );
        assert_eq!(front["extra"]["type"].as_str(), Some("brief"));
    }

    #[test]
    fn yaml_front_matter() {
        let out = with_source_version("---\ntitle: T\n---\nB\n", Path::new("x.md"), "v").unwrap();
        assert_eq!(
            out,
            "---\ntitle: T\nextra:\n  agora:\n    source_version: \"v\"\n---\nB\n"
        );
        let again = with_source_version(&out, Path::new("x.md"), "w").unwrap();
        assert_eq!(again, out.replace("\"v\"", "\"w\""));
        let nested = with_source_version(
            "---\nextra:\n  type: brief\n  agora:\n    note: x\n---\nB\n",
            Path::new("x.md"),
            "v",
        )
        .unwrap();
        assert_eq!(
            nested,
            "---\nextra:\n  type: brief\n  agora:\n    source_version: \"v\"\n    note: x\n---\nB\n"
        );
    }
}
