//! Finding a site on disk and loading its config file, with the warnings
//! and refusals Zola gives (unknown keys, ignored keys).

use super::*;

/// A site found on disk: the folder its config file is in, that file, and
/// the config it holds.
#[derive(Debug)]
pub struct Project {
    pub root: PathBuf,
    pub config_path: PathBuf,
    pub config: Config,
}

/// Finds the site's config file from `root` (see [`find_config`]) and loads
/// it: the one place every command opens a site.
pub fn open_project(root: &Path, config_file: Option<&Path>) -> Result<Project> {
    let root = fs::canonicalize(root)?;
    let config_path = find_config(&root, config_file)?;
    let site_root = config_path.parent().unwrap_or(&root).to_path_buf();
    let config = load_config(&config_path, &site_root)?;
    Ok(Project {
        root: site_root,
        config_path,
        config,
    })
}

/// Finds the config file: `zola.toml`, else `config.toml`, in `root` and its ancestors.
pub fn find_config(root: &Path, explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(path) = explicit {
        let candidate = if path.is_absolute() {
            path.to_path_buf()
        } else {
            root.join(path)
        };
        if fs::exists(&candidate) {
            return Ok(candidate);
        }
        return Err(Error::other(format!(
            "config file `{}` does not exist",
            crate::error::display_path(&candidate)
        )));
    }
    let mut dir = Some(root);
    while let Some(d) = dir {
        for name in ["zola.toml", "config.toml"] {
            let candidate = d.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
        dir = d.parent();
    }
    Err(Error::other(format!(
        "no zola.toml or config.toml found in `{}` or any folder above it; run `agora init` to start a site",
        crate::error::display_path(root)
    )))
}

/// Reads and checks the config file, merging the theme's `[extra]`.
pub fn load_config(path: &Path, root: &Path) -> Result<Config> {
    let text = fs::read_to_string(path)?;
    let mut config = parse_config(&text, path)?;
    if let Some(theme) = &config.theme {
        let theme_dir = root.join("themes").join(theme);
        if !fs::is_dir(&theme_dir) {
            return Err(Diagnostic::error(format!("theme `{theme}` not found"))
                .in_file(path)
                .at(&text, find_key_span(&text, "theme"))
                .with_help(format!(
                    "expected a folder `{}`",
                    crate::error::display_path(&theme_dir)
                ))
                .into());
        }
        let theme_toml = theme_dir.join("theme.toml");
        if fs::exists(&theme_toml) {
            let theme_text = fs::read_to_string(&theme_toml)?;
            let theme_config: ThemeConfig = toml::from_str(&theme_text)
                .map_err(|e| toml_diagnostic(&e, &theme_text, &theme_toml))?;
            for (k, v) in theme_config.extra {
                config.extra.entry(k).or_insert(v);
            }
        }
    }
    Ok(config)
}

/// Parses config text; the path is only used in error messages. Keys Zola
/// refuses (at the top level, in `[languages.*]`, in `[markdown]`) are
/// errors; keys it accepts and ignores (in a `taxonomies` entry,
/// `[link_checker]`, `[slugify]`, `[search]`, `[markdown.highlighting]`) are
/// warnings at their line and column, in [`Config::warnings`].
pub fn parse_config(text: &str, path: &Path) -> Result<Config> {
    let mut ignored: Vec<String> = Vec::new();
    let deserializer =
        toml::de::Deserializer::parse(text).map_err(|e| toml_diagnostic(&e, text, path))?;
    let mut config: Config = serde_ignored::deserialize(deserializer, |key| {
        ignored.push(key.to_string());
    })
    .map_err(|e| toml_diagnostic(&e, text, path))?;
    config.warnings = ignored
        .iter()
        .map(|key| ignored_key_warning(key, text, path))
        .collect();
    config.validate(text, path)?;
    Ok(config)
}

/// "`taxonomies.0.rss` is not a Zola setting and is ignored", at the key.
pub(super) fn ignored_key_warning(key: &str, text: &str, path: &Path) -> Diagnostic {
    let mut d = Diagnostic::warning(format!(
        "`{key}` is not a setting Zola knows: it is ignored (as Zola ignores it)"
    ))
    .in_file(path)
    .with_help("remove it, or check its spelling against Zola's configuration documentation");
    if let Some(span) = key_span(text, key) {
        d = d.at(text, span);
    }
    d
}
