//! Splits a content file into front matter and body and parses the front
//! matter (TOML between `+++`, YAML between `---`), keeping the byte offset of
//! the front matter in the file so errors point at the right line.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::config::did_you_mean;
use crate::error::{Diagnostic, line_col_of_offset};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterFormat {
    Toml,
    Yaml,
}

/// A content file cut in two.
#[derive(Debug, Clone)]
pub struct SplitFile<'a> {
    pub format: FrontMatterFormat,
    pub front_matter: &'a str,
    /// Byte offset of `front_matter` in the file.
    pub front_matter_offset: usize,
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// Finds the front matter block at the top of `text`.
pub fn split_front_matter<'a>(text: &'a str, path: &Path) -> Result<SplitFile<'a>, Diagnostic> {
    // A byte-order mark and blank lines before the opening fence are allowed, as in Zola.
    let bom = text.len() - text.trim_start_matches('\u{feff}').trim_start().len();
    let trimmed = &text[bom..];
    let (format, fence) = if trimmed.starts_with("+++") {
        (FrontMatterFormat::Toml, "+++")
    } else if trimmed.starts_with("---") {
        (FrontMatterFormat::Yaml, "---")
    } else {
        return Err(Diagnostic::error("this file has no front matter")
            .in_file(path)
            .at(text, 0..text.find('\n').unwrap_or(text.len()).min(1))
            .with_help(
                "start the file with a TOML block between `+++` lines (or YAML between `---` lines), e.g.\n+++\ntitle = \"My document\"\n+++",
            ));
    };
    let after_open = match trimmed[3..].find('\n') {
        Some(i) if trimmed[3..3 + i].trim().is_empty() => bom + 3 + i + 1,
        _ => {
            return Err(Diagnostic::error(format!(
                "the opening `{fence}` must be alone on its line"
            ))
            .in_file(path)
            .at(text, bom..bom + 3));
        }
    };
    let mut offset = after_open;
    for line in text[after_open..].split_inclusive('\n') {
        if line.trim_end() == fence {
            let front_matter = &text[after_open..offset];
            let body_offset = offset + line.len();
            return Ok(SplitFile {
                format,
                front_matter,
                front_matter_offset: after_open,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(format!(
        "the front matter is never closed: no line `{fence}` after the opening one"
    ))
    .in_file(path)
    .at(text, bom..bom + 3)
    .with_help(format!(
        "add a line `{fence}` after the last front-matter key"
    )))
}

/// Sorting of a section's pages (`sort_by`).
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    #[default]
    None,
    Date,
    UpdateDate,
    Title,
    TitleBytes,
    Weight,
    Slug,
    Permalink,
}

/// The front matter of a page. Unknown keys are ignored, as in Zola.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct PageFrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<toml::Value>,
    pub updated: Option<toml::Value>,
    pub weight: Option<i64>,
    pub draft: bool,
    #[serde(default = "yes")]
    pub render: bool,
    pub slug: Option<String>,
    pub path: Option<String>,
    pub aliases: Vec<String>,
    pub authors: Vec<String>,
    #[serde(default = "yes")]
    pub in_search_index: bool,
    pub template: Option<String>,
    pub taxonomies: BTreeMap<String, Vec<String>>,
    pub extra: toml::Table,
}

fn yes() -> bool {
    true
}

/// The front matter of a section (`_index.md`). Unknown keys are errors, as in Zola.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SectionFrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub sort_by: SortBy,
    pub weight: i64,
    pub draft: bool,
    pub template: Option<String>,
    pub page_template: Option<String>,
    pub paginate_by: Option<usize>,
    pub paginate_path: String,
    pub paginate_reversed: bool,
    pub insert_anchor_links: Option<crate::config::InsertAnchor>,
    pub render: bool,
    pub redirect_to: Option<String>,
    pub in_search_index: bool,
    pub transparent: bool,
    pub aliases: Vec<String>,
    pub generate_feeds: bool,
    pub extra: toml::Table,
}

impl Default for SectionFrontMatter {
    fn default() -> Self {
        SectionFrontMatter {
            title: None,
            description: None,
            sort_by: SortBy::None,
            weight: 0,
            draft: false,
            template: None,
            page_template: None,
            paginate_by: None,
            paginate_path: "page".into(),
            paginate_reversed: false,
            insert_anchor_links: None,
            render: true,
            redirect_to: None,
            in_search_index: true,
            transparent: false,
            aliases: Vec::new(),
            generate_feeds: false,
            extra: toml::Table::new(),
        }
    }
}

pub fn parse_page_front_matter(
    split: &SplitFile<'_>,
    text: &str,
    path: &Path,
) -> Result<PageFrontMatter, Diagnostic> {
    parse_front_matter(split, text, path)
}

pub fn parse_section_front_matter(
    split: &SplitFile<'_>,
    text: &str,
    path: &Path,
) -> Result<SectionFrontMatter, Diagnostic> {
    parse_front_matter(split, text, path)
}

fn parse_front_matter<T: for<'de> Deserialize<'de>>(
    split: &SplitFile<'_>,
    text: &str,
    path: &Path,
) -> Result<T, Diagnostic> {
    match split.format {
        FrontMatterFormat::Toml => toml::from_str(split.front_matter).map_err(|e| {
            let message = e.message().trim().to_string();
            let mut d = Diagnostic::error(format!(
                "invalid front matter: {}",
                message.lines().next().unwrap_or("")
            ))
            .in_file(path);
            if let Some(span) = e.span() {
                let start = split.front_matter_offset + span.start;
                let end = split.front_matter_offset + span.end;
                d = d.at(text, start..end);
            }
            if let Some(help) = did_you_mean(&message) {
                d = d.with_help(help);
            }
            d
        }),
        FrontMatterFormat::Yaml => {
            let options = serde_saphyr::options! { strict_booleans: true };
            let direct = serde_saphyr::from_str_with_options(split.front_matter, options.clone());
            // As Zola (serde_yaml): a key written without a value (`extra:`,
            // `taxonomies:`, `packages:` inside `extra`) is empty, not an error.
            let direct =
                direct.or_else(|e| without_empty_values(split.front_matter, options).ok_or(e));
            direct.map_err(|e| {
                let message = e.to_string();
                let first = message.lines().next().unwrap_or("").to_string();
                let mut d =
                    Diagnostic::error(format!("invalid front matter: {first}")).in_file(path);
                if let Some(loc) = e.location() {
                    let (fm_line, _) = line_col_of_offset(text, split.front_matter_offset);
                    let line = fm_line + loc.line() as usize - 1;
                    d = d.at_line_col(text, line, loc.column() as usize);
                }
                if let Some(help) = did_you_mean(&first) {
                    d = d.with_help(help);
                }
                d
            })
        }
    }
}

/// YAML front matter read again with every empty value (`key:` with
/// nothing after it, which Zola reads as an empty table, list or null)
/// left out, for a front matter the typed reading refused.
fn without_empty_values<T: for<'de> Deserialize<'de>>(
    yaml: &str,
    options: serde_saphyr::Options,
) -> Option<T> {
    fn prune(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.retain(|_, v| !v.is_null());
                map.values_mut().for_each(prune);
            }
            serde_json::Value::Array(items) => {
                items.retain(|v| !v.is_null());
                items.iter_mut().for_each(prune);
            }
            _ => {}
        }
    }
    let mut value: serde_json::Value = serde_saphyr::from_str_with_options(yaml, options).ok()?;
    prune(&mut value);
    serde_json::from_value(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_error_points_into_the_md_file() {
        let text = "+++\ntitle = \"A\"\ndate = 2017-13-40\n+++\nBody\n";
        let split = split_front_matter(text, Path::new("a.md")).unwrap();
        let err = parse_page_front_matter(&split, text, Path::new("a.md")).unwrap_err();
        let loc = err.location().unwrap();
        assert_eq!(loc.line, 3, "{}", err.render());
    }

    #[test]
    fn yaml_front_matter_with_strict_booleans() {
        let text = "---\ntitle: A\ntaxonomies:\n  tags: [y, n]\n---\nBody\n";
        let split = split_front_matter(text, Path::new("a.md")).unwrap();
        let fm = parse_page_front_matter(&split, text, Path::new("a.md")).unwrap();
        assert_eq!(fm.taxonomies["tags"], vec!["y", "n"]);
        assert_eq!(split.body, "Body\n");
    }

    #[test]
    fn unknown_section_key_suggests() {
        let text = "+++\nsort_by = \"date\"\npaginate = 5\n+++\n";
        let split = split_front_matter(text, Path::new("_index.md")).unwrap();
        let err = parse_section_front_matter(&split, text, Path::new("_index.md")).unwrap_err();
        let shown = err.render();
        assert!(shown.contains("_index.md:3:1"), "{shown}");
        assert!(shown.contains("did you mean `paginate_by`?"), "{shown}");
    }
}
