//! The `MarkdownHooks` the render stage gives to content: anchors and
//! summary cut-offs rendered with the site's templates.

use std::collections::HashMap;

use crate::content::{MarkdownHooks, ShortcodeKind, ShortcodeRenderer};

/// Hooks for the `markdown` filter: links resolve against the library, no templates.
pub struct NoTemplates<'a> {
    pub site: &'a super::SiteData,
}

impl MarkdownHooks for NoTemplates<'_> {
    fn resolve_internal_link(&self, path: &str) -> Option<String> {
        self.site.permalink_of(path).cloned()
    }
    fn render_anchor_link(&self, _: &str, _: u32, _: &str) -> Result<String, String> {
        Ok(String::new())
    }
    fn render_summary_cutoff(&self, _: &str, _: &str) -> Result<String, String> {
        Ok(String::new())
    }
}

/// Hooks backed by the engine: `anchor-link.html` and `summary-cutoff.html`.
pub struct TemplateHooks<'a> {
    pub engine: &'a super::Engine,
    pub config: &'a crate::config::Config,
    /// What functions see while Markdown renders (see [`super::SiteCell`]).
    pub early: Option<std::sync::Arc<super::SiteData>>,
}

impl MarkdownHooks for TemplateHooks<'_> {
    fn resolve_internal_link(&self, _: &str) -> Option<String> {
        None
    }
    fn render_anchor_link(&self, id: &str, level: u32, lang: &str) -> Result<String, String> {
        let mut ctx = HashMap::new();
        ctx.insert("id", serde_json::json!(id));
        ctx.insert("level", serde_json::json!(level));
        ctx.insert("lang", serde_json::json!(lang));
        ctx.insert(
            "config",
            self.config
                .view_for(lang, crate::artifact::BuildMode::Build),
        );
        self.engine
            .render("anchor-link.html", ctx)
            .map_err(|e| e.to_string())
    }
    fn shortcodes(&self) -> Option<&dyn ShortcodeRenderer> {
        self.engine
            .has_shortcodes()
            .then_some(self as &dyn ShortcodeRenderer)
    }
    fn permalinks_known(&self, permalinks: &HashMap<String, String>) {
        if let Some(early) = &self.early {
            let _ = early.session.early_permalinks.set(permalinks.clone());
        }
    }
    fn render_summary_cutoff(&self, summary: &str, lang: &str) -> Result<String, String> {
        let mut ctx = HashMap::new();
        ctx.insert("summary", serde_json::json!(summary));
        ctx.insert("lang", serde_json::json!(lang));
        ctx.insert(
            "config",
            self.config
                .view_for(lang, crate::artifact::BuildMode::Build),
        );
        self.engine
            .render("summary-cutoff.html", ctx)
            .map_err(|e| e.to_string())
    }
    fn render_content_template(
        &self,
        document: &crate::content::ContentDocument,
    ) -> Option<Result<String, String>> {
        self.engine.render_content(
            document,
            &self
                .config
                .view_for(document.lang, crate::artifact::BuildMode::Build),
        )
    }
    fn templates_content(&self) -> bool {
        self.engine.templates_content()
    }
}

impl ShortcodeRenderer for TemplateHooks<'_> {
    fn shortcode_kind(&self, name: &str) -> Option<ShortcodeKind> {
        if self.engine.has_template(&format!("shortcodes/{name}.html")) {
            Some(ShortcodeKind::Html)
        } else if self.engine.has_template(&format!("shortcodes/{name}.md")) {
            Some(ShortcodeKind::Markdown)
        } else {
            None
        }
    }
    fn render_shortcode(
        &self,
        name: &str,
        kind: ShortcodeKind,
        context: serde_json::Map<String, serde_json::Value>,
    ) -> Result<String, String> {
        let template = match kind {
            ShortcodeKind::Html => format!("shortcodes/{name}.html"),
            ShortcodeKind::Markdown => format!("shortcodes/{name}.md"),
        };
        // `get_random` in a shortcode: seeded by the call (name, arguments,
        // position) and the document it is in.
        let mut key = format!("{name}\u{0}");
        for (k, v) in &context {
            match k.as_str() {
                "page" | "section" => key.push_str(
                    v.get("relative_path")
                        .and_then(|p| p.as_str())
                        .unwrap_or(""),
                ),
                "config" => {}
                _ => key.push_str(&format!("{k}={v}\u{0}")),
            }
        }
        let _random = super::random::RandomScope::set(&key);
        let ctx: HashMap<&str, serde_json::Value> = context
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        self.engine
            .render(&template, ctx)
            .map_err(|e| e.to_string())
    }
}

/// Hooks for loading without rendering: nothing is resolved or rendered.
pub struct NoLinks;

impl MarkdownHooks for NoLinks {
    fn resolve_internal_link(&self, _: &str) -> Option<String> {
        None
    }
    fn render_anchor_link(&self, _: &str, _: u32, _: &str) -> Result<String, String> {
        Ok(String::new())
    }
    fn render_summary_cutoff(&self, _: &str, _: &str) -> Result<String, String> {
        Ok(String::new())
    }
}
