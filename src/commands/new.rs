//! `agora init` (a site skeleton) and `agora new` (a document in a section,
//! with the front matter that section's archetype names).

use std::path::Path;

use crate::error::{Error, Result};
use crate::fs;

pub fn init_site(dir: &Path, force: bool) -> Result<()> {
    if fs::is_dir(dir) && !force && !fs::list_dir(dir)?.is_empty() {
        return Err(Error::Usage(format!(
            "`{}` is not empty; use --force to create the site there anyway",
            crate::error::display_path(dir)
        )));
    }
    let config = "# See the README for every key; agora reads Zola's config.\nbase_url = \"https://example.org\"\ntitle = \"My knowledge hub\"\ndefault_language = \"en\"\ncompile_sass = false\nbuild_search_index = false\n\n[markdown]\n\n[extra]\n";
    fs::write(&dir.join("config.toml"), config)?;
    fs::write(
        &dir.join("content/_index.md"),
        "+++\ntitle = \"Home\"\nsort_by = \"date\"\n+++\n\nWelcome to the hub.\n",
    )?;
    for sub in ["templates", "static", "themes", "sass"] {
        fs::create_dir_all(&dir.join(sub))?;
    }
    println!(
        "Created a new site in {}. Next: add documents with `agora new <section> \"Title\"` and run `agora build`.",
        crate::error::display_path(dir)
    );
    Ok(())
}

pub fn new_document(
    root: &Path,
    config_file: Option<&Path>,
    section: &str,
    title: &str,
    lang: Option<String>,
) -> Result<()> {
    let project = crate::config::open_project(root, config_file)?;
    let (site_root, config) = (project.root, project.config);
    let lang = lang.unwrap_or_else(|| config.default_language.clone());
    if !config.has_language(&lang) {
        return Err(Error::Usage(format!(
            "language `{lang}` is not configured (languages: {})",
            config.all_languages().join(", ")
        )));
    }
    let section_dir = site_root.join("content").join(section.trim_matches('/'));
    let index = section_dir.join("_index.md");
    if !fs::exists(&index) {
        return Err(Error::Usage(format!(
            "there is no section `{section}`: `{}` does not exist",
            crate::error::display_path(&index)
        )));
    }
    // The section's archetype: `[extra.archetype]` of its _index.md holds the
    // front-matter keys every new document of the section starts with.
    let text = fs::read_to_string(&index)?;
    let split = crate::content::split_front_matter(&text, &index)?;
    let meta = crate::content::parse_section_front_matter(&split, &text, &index)?;
    let archetype = meta
        .extra
        .get("archetype")
        .and_then(|v| v.as_table())
        .cloned()
        .unwrap_or_default();
    let slug = crate::content::slugify(title, config.slugify.paths);
    let file_name = if lang == config.default_language {
        format!("{slug}.md")
    } else {
        format!("{slug}.{lang}.md")
    };
    let path = section_dir.join(&file_name);
    if fs::exists(&path) {
        return Err(Error::Usage(format!(
            "`{}` already exists",
            crate::error::display_path(&path)
        )));
    }
    let today = jiff::Zoned::now().date();
    let mut front = toml::Table::new();
    front.insert("title".into(), toml::Value::String(title.to_string()));
    front.insert("description".into(), toml::Value::String(String::new()));
    front.insert(
        "date".into(),
        toml::Value::Datetime(
            today
                .to_string()
                .parse()
                .map_err(|e| Error::other(format!("{e}")))?,
        ),
    );
    let mut extra = toml::Table::new();
    for (k, v) in archetype {
        match k.as_str() {
            "taxonomies" => {
                front.insert(k, v);
            }
            _ => {
                extra.insert(k, v);
            }
        }
    }
    if !extra.is_empty() {
        front.insert("extra".into(), toml::Value::Table(extra));
    }
    let body = toml::to_string(&front).map_err(|e| Error::other(e.to_string()))?;
    fs::write(
        &path,
        format!(
            "+++\n{body}+++\n\nWrite the summary here.\n\n<!-- more -->\n\nWrite the document here.\n"
        ),
    )?;
    println!("Created {}", crate::error::display_path(&path));
    Ok(())
}
