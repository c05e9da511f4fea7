//! Which Tera generation renders a site: Tera 1 (Zola ≤ 0.22) or Tera 2
//! (Zola 0.23). Decided from the config key `[agora] engine`, else from
//! what the site's and theme's templates use, else from the theme's
//! `min_version`, else from Zola 0.23 config keys, else from `{% raw %}`
//! blocks in the content, else by parsing.

use std::sync::LazyLock;

use regex::Regex;

use crate::config::EngineSetting;

/// A Tera generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generation {
    Tera1,
    Tera2,
}

impl std::fmt::Display for Generation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Generation::Tera1 => "Tera 1 (Zola ≤ 0.22)",
            Generation::Tera2 => "Tera 2 (Zola 0.23)",
        })
    }
}

/// What decided the generation.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Basis {
    Config,
    Templates,
    MinVersion,
    ConfigKeys,
    /// Nothing said: Tera 1, unless the templates only parse with Tera 2.
    Default,
    /// The content uses Tera 2's `{% raw %}` blocks.
    Content,
    Parsing,
}

/// The generation picked and why, for verbose output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub generation: Generation,
    pub reason: String,
    basis: Basis,
}

impl Choice {
    /// True when nothing pointed at a generation, so a Tera 1 parse error
    /// may mean the templates are Tera 2.
    pub fn decided_by_parsing(&self) -> bool {
        self.basis == Basis::Default
    }

    /// The templates failed in Tera 1 and loaded in Tera 2.
    pub fn parsed_as_tera2(tera1_error: &str) -> Choice {
        let first = tera1_error.lines().next().unwrap_or("").trim();
        Choice {
            generation: Generation::Tera2,
            reason: format!(
                "the templates load with Tera 2 but not with Tera 1 ({first}); set `engine` in [agora] to choose"
            ),
            basis: Basis::Parsing,
        }
    }

    /// The content templates itself with `{% raw %}` blocks, as only Zola
    /// 0.23 reads content (Zola 0.22 prints them as text).
    pub fn raw_block_in_content(file: &std::path::Path) -> Choice {
        Choice {
            generation: Generation::Tera2,
            reason: format!(
                "nothing in the templates says, and the content uses `{{% raw %}}` blocks, which only Zola 0.23 reads ({}); set `engine` in [agora] to choose",
                file.display()
            ),
            basis: Basis::Content,
        }
    }

    /// The line verbose output prints.
    pub fn describe(&self) -> String {
        format!("template engine: {}: {}", self.generation, self.reason)
    }
}

/// The help added to an error of the chosen generation when the templates
/// load in the other one.
pub fn hint_other(other: Generation) -> String {
    match other {
        Generation::Tera1 => "\n  help: these templates load with Tera 1: this looks like a Zola 0.22 theme; set `engine = \"tera1\"` in the [agora] table of the config to build it with Tera 1".to_string(),
        Generation::Tera2 => "\n  help: these templates load with Tera 2: this looks like a Zola 0.23 theme; set `engine = \"tera2\"` in the [agora] table of the config to build it with Tera 2".to_string(),
    }
}

/// What the choice looks at.
pub struct Inputs<'a> {
    pub setting: EngineSetting,
    pub theme_min_version: Option<&'a str>,
    /// The site's and theme's Tera templates (name, source), no built-ins.
    pub templates: &'a [(&'a str, &'a str)],
    /// Config keys only Zola 0.23 knows that the site sets
    /// (`skip_content_templating`, `data_attr_position`).
    pub zola_023_keys: &'a [&'a str],
}

static MACRO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{%-?\s*macro\s").expect("valid regex"));
static COMPONENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{%-?\s*component\s").expect("valid regex"));
/// Syntax only Tera 2 accepts, kept to what Tera 1 certainly rejects:
/// inline conditionals (`{{ a if b else c }}`) and list comprehensions
/// (`[p.title for p in pages]`), inside one `{{ }}` or `{% %}` (HTML such as
/// `[ {% for tag in tags %} … ]` is no comprehension).
static TERA2_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\{\{[^}]*\sif\s[^}]*\selse\s[^}]*\}\}|\{[{%](?:[^%}\n]|%[^}]|\}[^}])*\[[^\]\n]*\sfor\s+\w+\s+in\s[^\]\n]*\]",
    )
    .expect("valid regex")
});

static RAW_BLOCK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{%-?\s*raw\s*-?%\}").expect("valid regex"));

/// The first Markdown file under `content` (any, in parallel) that opens a
/// `{% raw %}` block: content written for Zola 0.23, where a page's text is
/// a template (`{% raw_table(…) %}` is a shortcode call, not a block).
pub fn content_with_raw_block(content: &std::path::Path) -> Option<std::path::PathBuf> {
    use rayon::prelude::*;
    let files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(content)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.into_par_iter().find_any(|path| {
        crate::fs::read_to_string(path)
            .is_ok_and(|text| text.contains("raw") && RAW_BLOCK.is_match(&text))
    })
}

/// Picks the generation.
pub fn choose(inputs: &Inputs) -> Choice {
    match inputs.setting {
        EngineSetting::Tera1 => {
            return Choice {
                generation: Generation::Tera1,
                reason: "set by `engine = \"tera1\"` in [agora]".into(),
                basis: Basis::Config,
            };
        }
        EngineSetting::Tera2 => {
            return Choice {
                generation: Generation::Tera2,
                reason: "set by `engine = \"tera2\"` in [agora]".into(),
                basis: Basis::Config,
            };
        }
        EngineSetting::Auto => {}
    }
    let mut tera1: Vec<String> = Vec::new();
    let mut tera2: Vec<String> = Vec::new();
    for (name, source) in inputs.templates {
        let in_shortcodes =
            name.starts_with("shortcodes/") || name.contains("/templates/shortcodes/");
        // A Zola 0.23 theme may keep its components in `shortcodes/`.
        if in_shortcodes && !COMPONENT.is_match(source) {
            tera1.push(format!("shortcode `{name}`"));
        } else if MACRO.is_match(source) {
            tera1.push(format!("macros in `{name}`"));
        }
        if COMPONENT.is_match(source) {
            tera2.push(format!("components in `{name}`"));
        } else if TERA2_ONLY.is_match(source) {
            tera2.push(format!("Tera 2-only syntax in `{name}`"));
        }
    }
    let min_version = inputs.theme_min_version.and_then(parse_version);
    let from_min_version = min_version.map(|v| {
        if v >= (0, 23) {
            Generation::Tera2
        } else {
            Generation::Tera1
        }
    });
    let list = |v: &[String]| {
        let mut shown: Vec<&str> = v.iter().take(3).map(String::as_str).collect();
        if v.len() > 3 {
            shown.push("…");
        }
        shown.join(", ")
    };
    match (tera1.is_empty(), tera2.is_empty()) {
        (false, true) => Choice {
            generation: Generation::Tera1,
            reason: format!("the templates use Zola ≤ 0.22 features: {}", list(&tera1)),
            basis: Basis::Templates,
        },
        (true, false) => Choice {
            generation: Generation::Tera2,
            reason: format!("the templates use Zola 0.23 features: {}", list(&tera2)),
            basis: Basis::Templates,
        },
        (false, false) => {
            // Both: the theme's min_version breaks the tie, else Tera 1.
            let generation = from_min_version.unwrap_or(Generation::Tera1);
            Choice {
                generation,
                reason: format!(
                    "the templates mix Zola ≤ 0.22 features ({}) and Zola 0.23 ones ({}); chose {generation}{}",
                    list(&tera1),
                    list(&tera2),
                    if from_min_version.is_some() {
                        " by the theme's min_version"
                    } else {
                        ""
                    }
                ),
                basis: Basis::Templates,
            }
        }
        (true, true) => match (from_min_version, inputs.theme_min_version) {
            (Some(generation), Some(v)) => Choice {
                generation,
                reason: format!("the theme's min_version is {v}"),
                basis: Basis::MinVersion,
            },
            _ if !inputs.zola_023_keys.is_empty() => Choice {
                generation: Generation::Tera2,
                reason: format!(
                    "the config sets what only Zola 0.23 knows: {}",
                    inputs
                        .zola_023_keys
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                basis: Basis::ConfigKeys,
            },
            _ => Choice {
                generation: Generation::Tera1,
                reason: "nothing in the templates or theme.toml points at Zola 0.23; Tera 1 is the default".into(),
                basis: Basis::Default,
            },
        },
    }
}

/// `"0.23.1"` → `(0, 23)`.
fn parse_version(v: &str) -> Option<(u32, u32)> {
    let mut parts = v.trim().trim_start_matches('v').split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().unwrap_or("0").parse().ok()?;
    Some((major, minor))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(setting: EngineSetting, min: Option<&str>, t: &[(&str, &str)]) -> Choice {
        choose(&Inputs {
            setting,
            theme_min_version: min,
            templates: t,
            zola_023_keys: &[],
        })
    }

    #[test]
    fn config_key_wins_over_everything() {
        let shortcode = [("shortcodes/note.html", "{{ body }}")];
        let c = pick(EngineSetting::Tera2, Some("0.19.0"), &shortcode);
        assert_eq!(c.generation, Generation::Tera2);
        assert!(c.reason.contains("engine = \"tera2\""), "{}", c.reason);
        let c = pick(
            EngineSetting::Tera1,
            Some("0.23.0"),
            &[("a.html", "{% component x() %}{% endcomponent %}")],
        );
        assert_eq!(c.generation, Generation::Tera1);
    }

    #[test]
    fn shortcodes_and_macros_mean_tera1() {
        let c = pick(
            EngineSetting::Auto,
            None,
            &[("shortcodes/youtube.html", "<iframe>")],
        );
        assert_eq!(c.generation, Generation::Tera1);
        assert!(c.reason.contains("shortcodes/youtube.html"), "{}", c.reason);
        let c = pick(
            EngineSetting::Auto,
            Some("0.23.0"),
            &[("macros.html", "{%- macro card(p) -%}{%- endmacro -%}")],
        );
        assert_eq!(c.generation, Generation::Tera1);
        assert!(c.reason.contains("macros in `macros.html`"));
    }

    #[test]
    fn components_and_tera2_syntax_mean_tera2() {
        let c = pick(
            EngineSetting::Auto,
            None,
            &[(
                "components/note.html",
                "{% component note(kind=\"info\") %}{{ body }}{% endcomponent note %}",
            )],
        );
        assert_eq!(c.generation, Generation::Tera2);
        let c = pick(
            EngineSetting::Auto,
            None,
            &[("page.html", "{{ page.title if page.title else 'x' }}")],
        );
        assert_eq!(c.generation, Generation::Tera2);
        assert!(c.reason.contains("Tera 2-only syntax"));
    }

    #[test]
    fn min_version_decides_when_templates_do_not() {
        let plain = [("page.html", "{{ page.title }}")];
        assert_eq!(
            pick(EngineSetting::Auto, Some("0.23.0"), &plain).generation,
            Generation::Tera2
        );
        let c = pick(EngineSetting::Auto, Some("0.19.2"), &plain);
        assert_eq!(c.generation, Generation::Tera1);
        assert!(c.reason.contains("0.19.2"));
        // Mixed signals: min_version breaks the tie.
        let mixed = [
            ("shortcodes/a.html", "x"),
            ("b.html", "{% component b() %}{% endcomponent %}"),
        ];
        assert_eq!(
            pick(EngineSetting::Auto, Some("0.23"), &mixed).generation,
            Generation::Tera2
        );
        assert_eq!(
            pick(EngineSetting::Auto, None, &mixed).generation,
            Generation::Tera1
        );
    }

    #[test]
    fn zola_023_config_keys_decide_when_nothing_else_does() {
        let plain = [("page.html", "{{ page.title }}")];
        let inputs = |min, keys| Inputs {
            setting: EngineSetting::Auto,
            theme_min_version: min,
            templates: &plain,
            zola_023_keys: keys,
        };
        let c = choose(&inputs(None, &["skip_content_templating"]));
        assert_eq!(c.generation, Generation::Tera2);
        assert!(
            c.reason.contains("`skip_content_templating`"),
            "{}",
            c.reason
        );
        assert!(!c.decided_by_parsing());
        let c = choose(&inputs(Some("0.19.0"), &["data_attr_position"]));
        assert_eq!(
            c.generation,
            Generation::Tera1,
            "the theme's min_version first"
        );
    }

    #[test]
    fn nothing_said_is_tera1_decided_by_parsing() {
        let c = pick(EngineSetting::Auto, None, &[("page.html", "{{ x }}")]);
        assert_eq!(c.generation, Generation::Tera1);
        assert!(c.decided_by_parsing());
        let c = pick(EngineSetting::Auto, Some("0.22.0"), &[]);
        assert!(!c.decided_by_parsing());
    }
}
