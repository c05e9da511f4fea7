//! Code highlighting with giallo, configured by `[markdown.highlighting]`.
//!
//! Zola 0.22 and Zola 0.23 use different giallo versions (0.2.2 and 0.4.1)
//! whose output differs beyond renaming: 0.2 names classes after the
//! scopes a token matched (`z-keyword z-control`) and writes one CSS rule
//! per theme rule; 0.4 names them after the theme's distinct colours
//! (`z-3`, `z-bg1`, `z-b`), tokenizes with a newer grammar dump and writes
//! `<pre>` differently. A generated `giallo.css` only styles the HTML of the
//! same version, so agora pins both and picks the one of the site's Zola
//! generation.

use crate::config::{DataAttrPosition, HighlightConfig, HighlightStyle};

/// The giallo registry of one Zola generation.
enum Registry {
    /// giallo 0.2.2, as in Zola 0.22 (Tera 1 sites).
    Zola022(giallo_022::Registry),
    /// giallo 0.4.1, as in Zola 0.23 (Tera 2 sites).
    Zola023(giallo::Registry),
}

pub struct Highlighter {
    registry: Registry,
    config: HighlightConfig,
}

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let giallo = match self.registry {
            Registry::Zola022(_) => "0.2.2",
            Registry::Zola023(_) => "0.4.1",
        };
        f.debug_struct("Highlighter")
            .field("giallo", &giallo)
            .field("config", &self.config)
            .finish()
    }
}

/// Loads the built-in grammars and themes of giallo crate `$g` plus the
/// site's extra ones, checking that the configured themes exist.
macro_rules! load_registry {
    ($g:ident, $config:expr) => {{
        let config: &HighlightConfig = $config;
        let mut registry = $g::Registry::builtin().map_err(|e| e.to_string())?;
        for grammar in &config.extra_grammars {
            registry
                .add_grammar_from_path(grammar)
                .map_err(|e| format!("could not load grammar `{grammar}`: {e}"))?;
        }
        for theme in &config.extra_themes {
            registry
                .add_theme_from_path(theme)
                .map_err(|e| format!("could not load theme `{theme}`: {e}"))?;
        }
        registry.link_grammars();
        for name in [&config.theme, &config.light_theme, &config.dark_theme]
            .into_iter()
            .flatten()
        {
            if !registry.contains_theme(name) {
                return Err(format!(
                    "highlighting theme `{name}` does not exist; giallo's built-in themes include catppuccin-mocha, github-light, github-dark, gruvbox-dark"
                ));
            }
        }
        registry
    }};
}

/// Highlights with giallo crate `$g`; `$renderer` finishes the
/// `HtmlRenderer` (fields that only one version has).
macro_rules! highlight_with {
    ($g:ident, $self:expr, $registry:expr, $code:expr, $info:expr, |$r:ident| $setup:block) => {{
        let fence = $g::parse_markdown_fence($info);
        let mut lang = if fence.lang.is_empty() {
            $g::PLAIN_GRAMMAR_NAME.to_string()
        } else {
            fence.lang.clone()
        };
        if !$registry.contains_grammar(&lang) {
            if $self.config.error_on_missing_language {
                return Err(format!("no syntax highlighting grammar for language `{lang}`"));
            }
            lang = $g::PLAIN_GRAMMAR_NAME.to_string();
        }
        let theme = match $self.theme() {
            (Some(light), None) => $g::ThemeVariant::Single(light),
            (Some(light), Some(dark)) => $g::ThemeVariant::Dual { light, dark },
            _ => $g::ThemeVariant::Single("github-light"),
        };
        let options = $g::HighlightOptions::new(&lang, theme).fallback_to_plain(true);
        let highlighted = $registry
            .highlight($code, &options)
            .map_err(|e| e.to_string())?;
        let mut $r = $g::HtmlRenderer::default();
        if $self.config.style == HighlightStyle::Class {
            $r.css_class_prefix = Some("z-".into());
        }
        // As Zola: every `key=value` of the fence that giallo does not use
        // becomes a data attribute.
        $r.other_metadata = fence.rest.clone();
        $setup
        $r.render(&highlighted, &fence.options)
    }};
}

impl Highlighter {
    /// A highlighter writing code blocks as Zola 0.23 does when `zola_023`
    /// (Tera 2 sites), else as Zola 0.22 does.
    pub fn new(config: &HighlightConfig, zola_023: bool) -> Result<Self, String> {
        let registry = if zola_023 {
            Registry::Zola023(load_registry!(giallo, config))
        } else {
            Registry::Zola022(load_registry!(giallo_022, config))
        };
        Ok(Highlighter {
            registry,
            config: config.clone(),
        })
    }

    /// The highlighter of a site whose config is `config`, if it asks for
    /// highlighting; `zola_023` as in [`Highlighter::new`].
    pub fn for_site(
        config: &crate::config::Config,
        zola_023: bool,
    ) -> crate::error::Result<Option<std::sync::Arc<Highlighter>>> {
        let Some(h) = &config.markdown.highlighting else {
            return Ok(None);
        };
        let highlighter = Highlighter::new(h, zola_023).map_err(crate::error::Error::other)?;
        Ok(Some(std::sync::Arc::new(highlighter)))
    }

    /// The theme names: (single or light, dark).
    fn theme(&self) -> (Option<&str>, Option<&str>) {
        match (
            &self.config.theme,
            &self.config.light_theme,
            &self.config.dark_theme,
        ) {
            (Some(t), _, _) => (Some(t.as_str()), None),
            (None, Some(l), Some(d)) => (Some(l.as_str()), Some(d.as_str())),
            _ => (None, None),
        }
    }

    /// Highlights `code` for the fence info string `info` (`rust,linenos,hl_lines=2`).
    /// Returns the HTML, or an error naming the unknown language.
    pub fn highlight(&self, code: &str, info: &str) -> Result<String, String> {
        let html = match &self.registry {
            // giallo 0.2 writes `<pre class="giallo" style="…">`, with the
            // data attributes on `<code>` only.
            Registry::Zola022(registry) => {
                highlight_with!(giallo_022, self, registry, code, info, |r| {})
            }
            // giallo 0.4 puts the data attributes where `data_attr_position`
            // says and leaves a space before the `>` of `<pre>` when none go
            // there.
            Registry::Zola023(registry) => {
                highlight_with!(giallo, self, registry, code, info, |r| {
                    r.data_attr_position = match self.config.data_attr_position {
                        DataAttrPosition::Pre => giallo::DataAttrPosition::Pre,
                        DataAttrPosition::Code => giallo::DataAttrPosition::Code,
                        DataAttrPosition::Both => giallo::DataAttrPosition::Both,
                        DataAttrPosition::None => giallo::DataAttrPosition::None,
                    };
                })
            }
        };
        Ok(html)
    }

    /// The stylesheet(s) for class-based highlighting: (file name, CSS).
    pub fn stylesheets(&self) -> Vec<(String, String)> {
        if self.config.style != HighlightStyle::Class {
            return Vec::new();
        }
        let css = |theme: &str| match &self.registry {
            Registry::Zola022(r) => r.generate_css(theme, "z-").ok(),
            Registry::Zola023(r) => r.generate_css(theme, "z-").ok(),
        };
        let names: &[(&str, Option<&str>)] = match self.theme() {
            (Some(t), None) => &[("giallo.css", Some(t))],
            (Some(l), Some(d)) => &[("giallo-light.css", Some(l)), ("giallo-dark.css", Some(d))],
            _ => &[],
        };
        names
            .iter()
            .filter_map(|(name, theme)| Some((name.to_string(), css((*theme)?)?)))
            .collect()
    }
}
