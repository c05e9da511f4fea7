//! What a shortcode template sees besides its arguments, as in Zola: the
//! page or section being rendered (without content, translations,
//! backlinks, pages or ancestors, which do not exist yet), `config` and `lang`.

use serde_json::{Map, Value, json};

use super::{Page, Section};
use crate::config::{Config, toml_to_json};

/// The shared context of the shortcodes of a page.
pub fn page_context(page: &Page, config: &Config) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("relative_path".into(), json!(page.file.relative_path));
    m.insert(
        "colocated_path".into(),
        match page.file.relative_path.rsplit_once('/') {
            Some((folder, _)) if page.file.colocated => json!(format!("{folder}/")),
            _ => Value::Null,
        },
    );
    m.insert("permalink".into(), json!(page.permalink));
    m.insert("slug".into(), json!(page.slug));
    m.insert("title".into(), json!(page.meta.title));
    m.insert("description".into(), json!(page.meta.description));
    m.insert(
        "updated".into(),
        json!(page.updated.as_ref().map(|d| &d.text)),
    );
    super::DateInfo::insert_fields(page.date.as_ref(), &mut m);
    m.insert("taxonomies".into(), json!(page.meta.taxonomies));
    m.insert("authors".into(), json!(page.meta.authors));
    m.insert(
        "extra".into(),
        toml_to_json(&toml::Value::Table(page.meta.extra.clone())),
    );
    m.insert("path".into(), json!(page.path));
    m.insert(
        "components".into(),
        json!(super::path_components(&page.path)),
    );
    m.insert("word_count".into(), json!(page.word_count));
    m.insert("reading_time".into(), json!(page.reading_time));
    m.insert("draft".into(), json!(page.meta.draft));
    m.insert("lang".into(), json!(page.lang));
    m.insert(
        "assets".into(),
        json!(asset_names(&page.assets, &page.file)),
    );
    shared("page", m, &page.lang, config)
}

/// The shared context of the shortcodes of a section.
pub fn section_context(section: &Section, config: &Config) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("relative_path".into(), json!(section.file.relative_path));
    m.insert("permalink".into(), json!(section.permalink));
    m.insert("title".into(), json!(section.meta.title));
    m.insert("description".into(), json!(section.meta.description));
    m.insert("path".into(), json!(section.path));
    m.insert(
        "components".into(),
        json!(super::path_components(&section.path)),
    );
    m.insert("word_count".into(), json!(section.word_count));
    m.insert("reading_time".into(), json!(section.reading_time));
    m.insert("lang".into(), json!(section.lang));
    m.insert(
        "extra".into(),
        toml_to_json(&toml::Value::Table(section.meta.extra.clone())),
    );
    m.insert(
        "assets".into(),
        json!(asset_names(&section.assets, &section.file)),
    );
    shared("section", m, &section.lang, config)
}

fn shared(key: &str, view: Map<String, Value>, lang: &str, config: &Config) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(key.into(), Value::Object(view));
    m.insert("lang".into(), json!(lang));
    m.insert(
        "config".into(),
        config.view_for(lang, crate::artifact::BuildMode::Build),
    );
    m
}

fn asset_names(assets: &[std::path::PathBuf], file: &super::FileInfo) -> Vec<String> {
    super::asset_paths(assets, file)
}
