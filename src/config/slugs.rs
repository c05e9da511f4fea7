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

/// Turns a name into a URL part according to a `[slugify]` strategy.
pub fn slugify(s: &str, strategy: SlugStrategy) -> String {
    match strategy {
        SlugStrategy::On => slug::slugify(s),
        SlugStrategy::Safe => {
            let stripped: String = s
                .trim()
                .chars()
                .filter(|c| !"<>:/|?*#\\\"'()[]".contains(*c))
                .map(|c| if c.is_whitespace() { '_' } else { c })
                .collect();
            stripped
        }
        SlugStrategy::Off => s.trim().to_string(),
    }
}
