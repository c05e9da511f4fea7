//! Code highlighting with giallo, configured by `[markdown.highlighting]`.

use crate::config::{HighlightConfig, HighlightStyle};

pub struct Highlighter {
    registry: giallo::Registry,
    config: HighlightConfig,
    /// Write `<pre>` as Zola 0.23 does (see [`Highlighter::zola_023`]).
    zola_023: bool,
}

impl Highlighter {
    pub fn new(config: &HighlightConfig) -> Result<Self, String> {
        let mut registry = giallo::Registry::builtin().map_err(|e| e.to_string())?;
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
        Ok(Highlighter {
            registry,
            config: config.clone(),
            zola_023: false,
        })
    }

    /// Code blocks as Zola 0.23 writes them (Tera 2 sites): its giallo
    /// (0.4) puts a code block's data attributes where `data_attr_position`
    /// says and leaves a space before the `>` of `<pre>` when none go there.
    /// Zola 0.22's giallo (0.2) wrote `<pre …">`, which Tera 1 sites keep.
    pub fn zola_023(mut self, yes: bool) -> Self {
        self.zola_023 = yes;
        self
    }

    fn theme(&self) -> giallo::ThemeVariant<&str> {
        match (
            &self.config.theme,
            &self.config.light_theme,
            &self.config.dark_theme,
        ) {
            (Some(t), _, _) => giallo::ThemeVariant::Single(t.as_str()),
            (None, Some(l), Some(d)) => giallo::ThemeVariant::Dual {
                light: l.as_str(),
                dark: d.as_str(),
            },
            _ => giallo::ThemeVariant::Single("github-light"),
        }
    }

    /// Highlights `code` for the fence info string `info` (`rust,linenos,hl_lines=2`).
    /// Returns the HTML, or an error naming the unknown language.
    pub fn highlight(&self, code: &str, info: &str) -> Result<String, String> {
        let fence = giallo::parse_markdown_fence(info);
        let mut lang = if fence.lang.is_empty() {
            giallo::PLAIN_GRAMMAR_NAME.to_string()
        } else {
            fence.lang.clone()
        };
        let mut missing = None;
        if !self.registry.contains_grammar(&lang) {
            missing = Some(lang.clone());
            lang = giallo::PLAIN_GRAMMAR_NAME.to_string();
        }
        if let Some(l) = &missing
            && self.config.error_on_missing_language
        {
            return Err(format!("no syntax highlighting grammar for language `{l}`"));
        }
        let options = giallo::HighlightOptions::new(&lang, self.theme()).fallback_to_plain(true);
        let highlighted = self
            .registry
            .highlight(code, &options)
            .map_err(|e| e.to_string())?;
        let mut renderer = giallo::HtmlRenderer::default();
        if self.config.style == HighlightStyle::Class {
            renderer.css_class_prefix = Some("z-".into());
        }
        if let Some(name) = fence.rest.get("name") {
            renderer.other_metadata.insert("name".into(), name.clone());
        }
        let html = if self.zola_023 {
            renderer.data_attr_position = self.config.data_attr_position;
            renderer.render(&highlighted, &fence.options)
        } else {
            // giallo leaves a space before the `>` of <pre>; Zola 0.22's has none.
            let html = renderer.render(&highlighted, &fence.options);
            html.replacen("\" ><code", "\"><code", 1)
        };
        Ok(html)
    }

    /// The stylesheet(s) for class-based highlighting: (file name, CSS).
    pub fn stylesheets(&self) -> Vec<(String, String)> {
        if self.config.style != HighlightStyle::Class {
            return Vec::new();
        }
        let mut out = Vec::new();
        match (
            &self.config.theme,
            &self.config.light_theme,
            &self.config.dark_theme,
        ) {
            (Some(t), _, _) => {
                if let Ok(css) = self.registry.generate_css(t, "z-") {
                    out.push(("giallo.css".to_string(), css));
                }
            }
            (None, Some(l), Some(d)) => {
                for (name, theme) in [("giallo-light.css", l), ("giallo-dark.css", d)] {
                    if let Ok(css) = self.registry.generate_css(theme, "z-") {
                        out.push((name.to_string(), css));
                    }
                }
            }
            _ => {}
        }
        out
    }
}
