//! The `[markdown]` table and `[markdown.highlighting]` of the config.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::error::{Diagnostic, Result};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    pub highlighting: Option<HighlightConfig>,
    pub render_emoji: bool,
    pub external_links_class: Option<String>,
    pub external_links_target_blank: bool,
    pub external_links_no_follow: bool,
    pub external_links_no_referrer: bool,
    /// Adds `rel="external"` to external links (Zola's default: on).
    pub external_links_external: bool,
    pub smart_punctuation: bool,
    pub definition_list: bool,
    pub bottom_footnotes: bool,
    pub lazy_async_image: bool,
    pub insert_anchor_links: InsertAnchor,
    pub github_alerts: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            highlighting: None,
            render_emoji: false,
            external_links_class: None,
            external_links_target_blank: false,
            external_links_no_follow: false,
            external_links_no_referrer: false,
            external_links_external: true,
            smart_punctuation: false,
            definition_list: false,
            bottom_footnotes: false,
            lazy_async_image: false,
            insert_anchor_links: InsertAnchor::None,
            github_alerts: false,
        }
    }
}

impl MarkdownConfig {
    pub fn view(&self) -> Value {
        json!({
            "highlighting": self.highlighting.as_ref().map(HighlightConfig::view),
            "render_emoji": self.render_emoji,
            "external_links_class": self.external_links_class,
            "external_links_target_blank": self.external_links_target_blank,
            "external_links_no_follow": self.external_links_no_follow,
            "external_links_no_referrer": self.external_links_no_referrer,
            "external_links_external": self.external_links_external,
            "smart_punctuation": self.smart_punctuation,
            "definition_list": self.definition_list,
            "bottom_footnotes": self.bottom_footnotes,
            "lazy_async_image": self.lazy_async_image,
            "github_alerts": self.github_alerts,
            "insert_anchor_links": self.insert_anchor_links,
        })
    }

    pub fn has_external_link_attributes(&self) -> bool {
        self.external_links_class.is_some()
            || self.external_links_target_blank
            || self.external_links_no_follow
            || self.external_links_no_referrer
            || self.external_links_external
    }
}

/// Where anchor links go in headings (`insert_anchor_links`).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum InsertAnchor {
    #[default]
    None,
    Left,
    Right,
    Heading,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(default)]
pub struct HighlightConfig {
    pub theme: Option<String>,
    pub light_theme: Option<String>,
    pub dark_theme: Option<String>,
    pub style: HighlightStyle,
    pub error_on_missing_language: bool,
    pub extra_grammars: Vec<String>,
    pub extra_themes: Vec<String>,
    /// Where a code block's data attributes go: `code` (default), `pre`,
    /// `both` or `none` (Zola 0.23).
    pub data_attr_position: DataAttrPosition,
}

/// Where a highlighted code block's data attributes go (Zola 0.23).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum DataAttrPosition {
    Pre,
    #[default]
    Code,
    Both,
    None,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum HighlightStyle {
    #[default]
    Inline,
    Class,
}

impl HighlightConfig {
    /// `config.markdown.highlighting` as templates see it in Zola: the theme
    /// keys that were given, beside the other settings.
    fn view(&self) -> Value {
        let mut view = json!({
            "error_on_missing_language": self.error_on_missing_language,
            "style": self.style,
            "extra_grammars": self.extra_grammars,
            "extra_themes": self.extra_themes,
        });
        for (key, value) in [
            ("theme", &self.theme),
            ("light_theme", &self.light_theme),
            ("dark_theme", &self.dark_theme),
        ] {
            if let Some(v) = value {
                view[key] = json!(v);
            }
        }
        view
    }

    pub fn validate(&self, text: &str, path: &Path) -> Result<()> {
        let dual = self.light_theme.is_some() || self.dark_theme.is_some();
        let problem = match (&self.theme, dual) {
            (Some(_), true) => Some("set either `theme` or `light_theme` + `dark_theme`, not both"),
            (None, false) => {
                Some("[markdown.highlighting] needs `theme` (or `light_theme` and `dark_theme`)")
            }
            (None, true) if self.light_theme.is_none() || self.dark_theme.is_none() => {
                Some("`light_theme` and `dark_theme` go together: set both")
            }
            _ => None,
        };
        match problem {
            Some(msg) => Err(Diagnostic::error(msg)
                .in_file(path)
                .at(text, super::find_key_span(text, "theme"))
                .into()),
            None => Ok(()),
        }
    }
}
