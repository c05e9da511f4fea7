//! Names every source of an output path that several sources claim (pages,
//! sections, aliases, taxonomy terms, search and status pages, feeds, static
//! and colocated files), each at file:line where there is one. Called only
//! when the writer found a collision: the plan is made again to explain it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::assets::asset_files;
use crate::artifact::{OutputData, output_path_for};
use crate::config::find_key_span;
use crate::error::{Diagnostic, Error, display_path, line_col_of_offset};
use crate::fs;
use crate::render::SiteData;
use crate::site::{JobKind, plan_feeds, plan_site, redirect_job};

/// One source that wants an output path.
struct Claim {
    what: String,
    /// The file that says so, and the byte span in it, if known.
    file: Option<PathBuf>,
    span: Option<std::ops::Range<usize>>,
}

impl Claim {
    fn new(what: impl Into<String>) -> Claim {
        Claim {
            what: what.into(),
            file: None,
            span: None,
        }
    }

    fn in_file(mut self, file: &Path) -> Claim {
        self.file = Some(file.to_path_buf());
        self
    }

    /// Points at the line of front-matter `key` in `file`, if it is there.
    fn at_key(mut self, file: &Path, key: &str) -> Claim {
        self.file = Some(file.to_path_buf());
        if let Ok(text) = fs::read_to_string(file) {
            let span = find_key_span(&text, key);
            if span.end > 0 {
                self.span = Some(span);
            }
        }
        self
    }

    /// Points at `needle` (an alias) in the front matter of `file`.
    fn at_text(mut self, file: &Path, needle: &str) -> Claim {
        self.file = Some(file.to_path_buf());
        if let Ok(text) = fs::read_to_string(file)
            && let Some(at) = text.find(needle)
        {
            self.span = Some(at..at + needle.len());
        }
        self
    }

    fn place(&self) -> String {
        let Some(file) = &self.file else {
            return String::new();
        };
        let mut place = display_path(file);
        if let (Some(span), Ok(text)) = (&self.span, fs::read_to_string(file)) {
            let (line, col) = line_col_of_offset(&text, span.start);
            place.push_str(&format!(":{line}:{col}"));
        }
        place
    }
}

/// The site's config file, for the claims the config makes.
fn config_path(site: &SiteData) -> PathBuf {
    crate::config::find_config(&site.root, None).unwrap_or_else(|_| site.root.join("config.toml"))
}

/// The error for `paths`, each claimed by several sources.
pub fn explain_collisions(site: &SiteData, paths: &[String]) -> Error {
    let wanted: std::collections::BTreeSet<&str> = paths.iter().map(String::as_str).collect();
    let mut claims: BTreeMap<String, Vec<Claim>> = BTreeMap::new();
    let mut claim = |path: String, c: Claim| {
        if wanted.contains(path.as_str()) {
            claims.entry(path).or_default().push(c);
        }
    };
    let lib = &site.lib;
    let plan = plan_site(&site.lib, &site.config, &site.catalog);
    for job in &plan.jobs {
        let out = output_path_for(&job.url_path);
        if !wanted.contains(out.as_str()) {
            continue;
        }
        let c =
            match &job.kind {
                JobKind::Page(i) => {
                    let page = &lib.pages[*i];
                    let c = Claim::new("the page");
                    if page.meta.path.is_some() {
                        c.at_key(&page.file.path, "path")
                    } else if page.meta.slug.is_some() {
                        c.at_key(&page.file.path, "slug")
                    } else {
                        c.in_file(&page.file.path)
                    }
                }
                JobKind::Section { index, pager } => {
                    let s = &lib.sections[*index];
                    let what = match pager {
                        Some(p) if *p > 0 => format!("page {} of the section's listing", p + 1),
                        _ => "the section".to_string(),
                    };
                    if s.generated {
                        Claim::new(format!(
                            "{what} made for the folder `content/{}`",
                            s.file.components.join("/")
                        ))
                    } else {
                        Claim::new(what).in_file(&s.file.path)
                    }
                }
                JobKind::TaxonomyList(t) => {
                    let tax = &lib.taxonomies[*t];
                    Claim::new(format!(
                        "the list of the taxonomy `{}` ({})",
                        tax.config.name, tax.lang
                    ))
                    .at_key(&config_path(site), "taxonomies")
                }
                JobKind::Term { taxonomy, term, .. } => {
                    let tax = &lib.taxonomies[*taxonomy];
                    let term = &tax.terms[*term];
                    let c = Claim::new(format!(
                        "the term `{}` of the taxonomy `{}` (the first page giving it)",
                        term.name, tax.config.name
                    ));
                    match term.pages.first().map(|&i| &lib.pages[i]) {
                        Some(page) => c.at_text(&page.file.path, &term.name),
                        None => c,
                    }
                }
                JobKind::Redirect(target) => {
                    // An alias, a section's `redirect_to`, or `page/1/` of a listing.
                    let alias_of = lib
                        .pages
                        .iter()
                        .map(|p| (&p.file.path, &p.meta.aliases))
                        .chain(lib.sections.iter().map(|s| (&s.file.path, &s.meta.aliases)))
                        .find_map(|(file, aliases)| {
                            aliases
                                .iter()
                                .find(|a| output_path_for(&redirect_job(a, "", "").url_path) == out)
                                .map(|a| (file, a))
                        });
                    match alias_of {
                        Some((file, alias)) => {
                            Claim::new(format!("the alias `{alias}`")).at_text(file, alias)
                        }
                        None => match lib.sections.iter().find(|s| {
                            s.meta.redirect_to.is_some() && output_path_for(&s.path) == out
                        }) {
                            Some(s) => Claim::new("the section's `redirect_to`")
                                .at_key(&s.file.path, "redirect_to"),
                            None => Claim::new(format!(
                                "a redirect to {target} (first page of a listing)"
                            )),
                        },
                    }
                }
                JobKind::StatusPage(_) => {
                    Claim::new(format!("agora's translation-status page ({})", job.lang))
                        .at_key(&config_path(site), "status_page")
                }
                JobKind::Search => Claim::new(format!("agora's search page ({})", job.lang))
                    .in_file(&config_path(site)),
            };
        claim(out, c);
    }
    for name in ["404.html", "robots.txt", "sitemap.xml"] {
        claim(
            name.to_string(),
            Claim::new(format!("the `{name}` agora writes (template `{name}`)")),
        );
    }
    for feed in plan_feeds(&site.lib, &site.config) {
        for name in site.config.feed_filenames_for(&feed.lang) {
            let out = format!("{}{}", feed.base_path.trim_start_matches('/'), name);
            claim(
                out,
                Claim::new(format!("the feed `{name}` ({})", feed.lang)),
            );
        }
    }
    for file in asset_files(site) {
        let c = match &file.data {
            OutputData::Copy(src) => {
                let static_dir = src.components().any(|c| c.as_os_str() == "static");
                Claim::new(if static_dir {
                    "the static file"
                } else {
                    "the file next to its document"
                })
                .in_file(src)
            }
            OutputData::Bytes(_) => {
                Claim::new("a stylesheet agora generates (Sass or highlighting)")
            }
        };
        claim(file.path.clone(), c);
    }

    let mut diagnostics = Vec::new();
    for path in paths {
        let list = claims.remove(path).unwrap_or_default();
        let lines: Vec<String> = list
            .iter()
            .map(|c| {
                let place = c.place();
                if place.is_empty() {
                    format!("  {}", c.what)
                } else {
                    format!("  {place}: {}", c.what)
                }
            })
            .collect();
        let mut d = Diagnostic::error(format!(
            "{} sources would be written to the same file `{path}`:\n{}",
            list.len().max(2),
            lines.join("\n")
        ))
        .with_help(
            "change a `slug`, `path`, alias or file name so that each output path is used once",
        );
        if let Some(first) = list.iter().find(|c| c.file.is_some()) {
            let file = first.file.clone().unwrap_or_default();
            d = d.in_file(&file);
            if let (Some(span), Ok(text)) = (&first.span, fs::read_to_string(&file)) {
                d = d.at(&text, span.clone());
            }
        }
        diagnostics.push(d);
    }
    Error::Diagnostics(diagnostics)
}
