//! What a content file's name says: its section folder, language, slug, date.

use std::path::{Path, PathBuf};

/// Facts derived from a content file's location.
#[derive(Debug, Clone)]
pub struct FileInfo {
    pub path: PathBuf,
    /// Path relative to `content/`, with `/` separators (`blog/post.fr.md`).
    pub relative_path: String,
    /// Relative path without the language code (`blog/post.md`): translations share it.
    pub canonical: String,
    /// Folder names from `content/` to the file's section folder.
    pub components: Vec<String>,
    /// The file stem without language (`post`, or the folder name of a bundle).
    pub name: String,
    pub lang: String,
    /// `dir/index.md`: a page bundle with colocated assets.
    pub colocated: bool,
    /// Folder holding the file.
    pub parent: PathBuf,
}

impl FileInfo {
    /// `langs` are the site's languages; returns an error message for an unknown code.
    pub fn new(
        path: &Path,
        content_dir: &Path,
        default_lang: &str,
        langs: &[&str],
    ) -> Result<Self, String> {
        let rel = path.strip_prefix(content_dir).unwrap_or(path);
        let relative_path = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = file_name
            .strip_suffix(".md")
            .unwrap_or(&file_name)
            .to_string();
        let (base, lang) = match stem.split_once('.') {
            // As Zola: a site with one language reads no language in file
            // names (`1.0-released.md` is the page `1.0-released`).
            _ if langs.len() <= 1 => (stem.clone(), default_lang.to_string()),
            // As Zola: the default language's code makes the file the
            // default language's, and stays in its name (`post.en.md` is
            // the page `post.en`, no translation of `post.fr.md`).
            Some((_, code)) if code == default_lang => (stem.clone(), default_lang.to_string()),
            Some((base, code)) => {
                if !langs.contains(&code) {
                    return Err(format!(
                        "the file name says language `{code}`, which is not a language of this site (languages: {})",
                        langs.join(", ")
                    ));
                }
                (base.to_string(), code.to_string())
            }
            None => (stem.clone(), default_lang.to_string()),
        };
        let parent = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let mut dirs: Vec<String> = rel
            .parent()
            .map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        let colocated = base.split('.').next() == Some("index");
        let name = if colocated {
            dirs.pop().unwrap_or_default()
        } else {
            base.clone()
        };
        let canonical_file = if colocated || base == "_index" {
            format!("{base}.md")
        } else {
            format!("{name}.md")
        };
        let mut canonical_parts: Vec<&str> = rel
            .parent()
            .map(|p| {
                p.components()
                    .filter_map(|c| c.as_os_str().to_str())
                    .collect()
            })
            .unwrap_or_default();
        canonical_parts.push(&canonical_file);
        Ok(FileInfo {
            path: path.to_path_buf(),
            relative_path,
            canonical: canonical_parts.join("/"),
            components: dirs,
            name,
            lang,
            colocated,
            parent,
        })
    }
}

/// `2017-06-20_roundtable` → (Some("2017-06-20"), "roundtable").
pub fn split_date_prefix(name: &str) -> (Option<String>, String) {
    let bytes = name.as_bytes();
    let is_date = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if is_date && (bytes[10] == b'_' || bytes[10] == b'-') {
        (Some(name[..10].to_string()), name[11..].to_string())
    } else {
        (None, name.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_and_bundle() {
        let langs = ["en", "fr"];
        let f = FileInfo::new(
            Path::new("/c/blog/post.fr.md"),
            Path::new("/c"),
            "en",
            &langs,
        )
        .unwrap();
        assert_eq!(
            (f.lang.as_str(), f.canonical.as_str(), f.name.as_str()),
            ("fr", "blog/post.md", "post")
        );
        let b = FileInfo::new(
            Path::new("/c/blog/trip/index.md"),
            Path::new("/c"),
            "en",
            &langs,
        )
        .unwrap();
        assert!(b.colocated);
        assert_eq!(
            (b.name.as_str(), b.components.clone()),
            ("trip", vec!["blog".to_string()])
        );
        assert!(FileInfo::new(Path::new("/c/a.de.md"), Path::new("/c"), "en", &langs).is_err());
    }

    #[test]
    fn dated_names() {
        assert_eq!(
            split_date_prefix("2017-06-20_roundtable"),
            (Some("2017-06-20".into()), "roundtable".into())
        );
        assert_eq!(
            split_date_prefix("2017-06-20-roundtable"),
            (Some("2017-06-20".into()), "roundtable".into())
        );
        assert_eq!(split_date_prefix("roundtable"), (None, "roundtable".into()));
    }
}
