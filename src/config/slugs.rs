//! `[slugify]`: how names become URL parts.

use super::*;

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(default)]
pub struct Slugify {
    pub paths: SlugStrategy,
    pub taxonomies: SlugStrategy,
    pub anchors: SlugStrategy,
    pub paths_keep_dates: bool,
}

/// How names become URL parts: Zola's `on` (ASCII slugs), `safe` (keep Unicode,
/// drop only characters unsafe in paths) and `off` (unchanged).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum SlugStrategy {
    #[default]
    On,
    Safe,
    Off,
}

/// Turns a name into a URL part (page and section paths, taxonomy terms)
/// according to a `[slugify]` strategy, as Zola does: `safe` keeps the
/// name (spaces and Unicode included) without the characters Windows
/// forbids in file names and without trailing spaces and dots; `off`
/// changes nothing.
pub fn slugify(s: &str, strategy: SlugStrategy) -> String {
    match strategy {
        SlugStrategy::On => slug::slugify(s),
        SlugStrategy::Safe => s
            .trim_end_matches([' ', '.'])
            .chars()
            .filter(|c| !r#"<>:"/\|?*"#.contains(*c))
            .collect(),
        SlugStrategy::Off => s.to_string(),
    }
}

/// Turns a heading into its anchor id according to `[slugify] anchors`, as
/// Zola does: `safe` and `off` only replace ASCII white space with `_`.
pub fn slugify_anchor(s: &str, strategy: SlugStrategy) -> String {
    match strategy {
        SlugStrategy::On => slug::slugify(s),
        SlugStrategy::Safe | SlugStrategy::Off => s.replace(|c: char| c.is_ascii_whitespace(), "_"),
    }
}
