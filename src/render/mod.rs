//! Rendering: the jobs `site::plan_site` lists (and the 404, robots.txt,
//! sitemap and feeds), with engine-neutral views and functions and thin
//! engine adapters (`engine`). Each file goes to the [`OutputSink`] as soon
//! as it is made, from every rayon worker. Plans nothing, copies no asset,
//! never writes itself.

mod builtins;
mod child_text;
pub mod choice;
pub mod citation;
pub mod content_use;
mod data;
pub mod deps;
mod engine;
mod functions;
mod hooks;
pub(crate) mod images;
mod jinja;
mod random;
pub mod recursion;
mod scope;
pub mod session;
mod tera1;
mod tera2;
pub mod translation_views;
pub mod views;

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;
use serde_json::{Value, json};

pub(crate) use engine::error_chain;
pub use engine::{
    Engine, FILTERS, FUNCTIONS, LANG_FROM_CONTEXT, SiteCell, SiteSlot, load_engine, new_site_slot,
};
pub use functions::{LangScope, SiteData};
pub use hooks::{NoLinks, TemplateHooks};
use views::{Views, paginator_view};

use crate::artifact::{BuildMode, OutputData, OutputFile, OutputSink, output_path_for};
use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::fs;
use crate::site::{
    JobKind, Pager, Plan, RenderJob, drop_overwritten_by_taxonomies, plan_feeds, plan_site,
    sitemap_entries,
};

/// Which files a render makes, and whether it notes what each one read.
pub struct Selection {
    /// Output paths to render; `None`: every file.
    pub only: Option<std::collections::HashSet<String>>,
    /// Copy static files and colocated assets too.
    pub assets: bool,
    /// Write agora's search index too (when the site has search).
    pub search: bool,
    /// Only these languages' search files (`None`: every language's).
    pub search_languages: Option<Vec<String>>,
    /// Note the pages each file read (see [`deps`]).
    pub record: bool,
}

impl Selection {
    /// The whole site, nothing noted: what `agora build` renders.
    pub fn everything() -> Selection {
        Selection {
            only: None,
            assets: true,
            search: true,
            search_languages: None,
            record: false,
        }
    }

    fn wants(&self, path: &str) -> bool {
        self.only.as_ref().is_none_or(|only| only.contains(path))
    }
}

/// What a render made.
#[derive(Debug, Default)]
pub struct RenderOutcome {
    /// Files handed to the sink.
    pub files: usize,
    /// Every output path the site has, without assets (when rendering
    /// everything; the extras, feeds and citations always).
    pub outputs: Vec<String>,
    /// For each rendered file (when recording): what it read.
    pub deps: Vec<(String, deps::FileReads)>,
}

/// Renders every page, section, taxonomy and redirect; collects all template
/// errors and reports them together.
pub fn render_site(
    site: &SiteData,
    engine: &Engine,
    mode: BuildMode,
    sink: &dyn OutputSink,
) -> Result<usize> {
    render_selected(site, engine, mode, sink, &Selection::everything()).map(|o| o.files)
}

/// Renders the files `selection` asks for (see [`render_site`]).
pub fn render_selected(
    site: &SiteData,
    engine: &Engine,
    mode: BuildMode,
    sink: &dyn OutputSink,
    selection: &Selection,
) -> Result<RenderOutcome> {
    let mut outcome = RenderOutcome::default();
    let lib = &site.lib;
    let config = &site.config;
    let views = &site.views;
    let Plan {
        mut jobs,
        section_pagers,
        term_pagers,
    } = plan_site(lib, config, &site.catalog);
    drop_overwritten_by_taxonomies(&mut jobs);
    let config_views: HashMap<&str, Value> = config
        .all_languages()
        .into_iter()
        .map(|l| (l, config.view_for(l, mode)))
        .collect();

    // Every output path when rendering everything; else only the selected jobs.
    match &selection.only {
        None => outcome
            .outputs
            .extend(jobs.iter().map(|j| output_path_for(&j.url_path))),
        Some(_) => jobs.retain(|j| selection.wants(&output_path_for(&j.url_path))),
    }
    let jobs_cx = JobsCx {
        site,
        engine,
        config_views: &config_views,
        sink,
        section_pagers: &section_pagers,
        term_pagers: &term_pagers,
        record: selection.record,
    };
    // Each job alone, except the pagers of a taxonomy term: together. Jobs
    // cost very different times (pages first, then listings, then terms
    // with all their pages): a few at a time, so that an idle core always
    // finds some to take instead of waiting for the other's half of the list.
    let results: Vec<(std::result::Result<(), Diagnostic>, String, deps::FileReads)> = jobs
        .chunk_by(|a, b| pager_of_term(a).is_some() && pager_of_term(a) == pager_of_term(b))
        .collect::<Vec<_>>()
        .par_iter()
        .with_max_len(4)
        .flat_map_iter(|jobs| render_jobs(jobs, &jobs_cx))
        .collect();

    let mut count = results.len();
    let mut errors: Vec<Diagnostic> = Vec::new();
    for (result, out, reads) in results {
        match result {
            Err(e) => errors.push(e),
            Ok(()) if selection.record => outcome.deps.push((out, reads)),
            Ok(()) => {}
        }
    }
    let mut emit = |file: OutputFile, errors: &mut Vec<Diagnostic>| {
        count += 1;
        if let Err(e) = sink.accept(file) {
            errors.push(Diagnostic::error(e.to_string()));
        }
    };
    // 404, robots.txt, sitemap, feeds: each rendered when selected, noting what it read.
    let mut render_extra = |name: &str,
                            out: &str,
                            ctx: &dyn Fn() -> HashMap<&'static str, Value>,
                            errors: &mut Vec<Diagnostic>,
                            outcome: &mut RenderOutcome| {
        outcome.outputs.push(out.to_string());
        if !selection.wants(out) {
            return;
        }
        let _random = random::RandomScope::set(out);
        let (rendered, touched) = deps::recording(selection.record, || engine.render(name, ctx()));
        match rendered {
            Ok(s) => {
                if selection.record {
                    let reads = deps::FileReads {
                        pages: touched,
                        shared: Default::default(),
                        template: engine.reads(name),
                    };
                    outcome.deps.push((out.to_string(), reads));
                }
                emit(
                    OutputFile {
                        path: out.into(),
                        data: OutputData::Bytes(s.into_bytes()),
                    },
                    errors,
                )
            }
            Err(e) => errors.push(Diagnostic::error(format!("could not render `{name}`: {e}"))),
        }
    };
    let base_context = |lang: &str| {
        let mut ctx: HashMap<&'static str, Value> = HashMap::new();
        ctx.insert("config", config_views[lang].clone());
        ctx.insert("lang", json!(lang));
        ctx.insert("lang_dir", json!(crate::i18n::text_direction(lang, config)));
        ctx
    };
    let default_lang = config.default_language.as_str();
    let plain = || base_context(default_lang);
    render_extra("404.html", "404.html", &plain, &mut errors, &mut outcome);
    if config.generate_robots_txt {
        render_extra(
            "robots.txt",
            "robots.txt",
            &plain,
            &mut errors,
            &mut outcome,
        );
    }
    if config.generate_sitemap {
        let sitemap = || {
            let mut ctx = base_context(default_lang);
            let entries = sitemap_entries(lib, config, &section_pagers);
            // Whether any entry lists `xhtml:link` alternates (agora sites with translations).
            let hreflang = entries.iter().any(|e| !e.alternates.is_empty());
            ctx.insert("entries", views::sitemap_view(lib, &entries));
            ctx.insert("hreflang", json!(hreflang));
            ctx
        };
        render_extra(
            "sitemap.xml",
            "sitemap.xml",
            &sitemap,
            &mut errors,
            &mut outcome,
        );
    }
    for feed in plan_feeds(lib, config) {
        // As Zola: the largest `updated` of the feed's pages or the newest
        // page's `date`, compared as written; none (no dated page) leaves
        // `last_updated` undefined.
        let last_updated = feed
            .pages
            .iter()
            .filter_map(|&i| lib.pages[i].updated.as_ref())
            .chain(feed.pages.first().and_then(|&i| lib.pages[i].date.as_ref()))
            .map(|d| d.text.clone())
            .max();
        let mut pages = feed.pages.clone();
        if let Some(limit) = config.feed_limit {
            pages.truncate(limit);
        }
        let reads_content = config
            .feed_filenames_for(&feed.lang)
            .iter()
            .any(|name| engine.reads(name).content);
        for name in config.feed_filenames_for(&feed.lang) {
            let _lang = LangScope::set(&feed.lang);
            let out = format!("{}{}", feed.base_path.trim_start_matches('/'), name);
            let context = || {
                let mut ctx = base_context(&feed.lang);
                if let Some(last_updated) = &last_updated {
                    ctx.insert("last_updated", json!(last_updated));
                }
                let _reads = content_use::Switch::set(content_use::Reads {
                    content: reads_content,
                    ..content_use::Reads::ALL
                });
                ctx.insert(
                    "pages",
                    Value::Array(pages.iter().map(|&i| views.page(lib, i)).collect()),
                );
                if let Some(s) = feed.section {
                    ctx.insert("section", views.sections[s].clone());
                }
                if let Some((t, k)) = feed.term {
                    let tax = &lib.taxonomies[t];
                    ctx.insert("taxonomy", views::taxonomy_config_view(tax));
                    ctx.insert("term", views.term(lib, &tax.terms[k], false));
                }
                ctx.insert("feed_url", json!(config.make_permalink(&out)));
                ctx
            };
            render_extra(name, &out, &context, &mut errors, &mut outcome);
        }
    }
    // BibTeX, RIS and CSL-JSON beside each document (`[agora] citations`),
    // made again with the document's page.
    for (page_out, file) in citation::citation_files(site) {
        outcome.outputs.push(file.path.clone());
        if selection.wants(&file.path) || selection.wants(&page_out) {
            emit(file, &mut errors);
        }
    }
    if !errors.is_empty() {
        return Err(Error::Diagnostics(errors));
    }
    outcome.files = count;
    Ok(outcome)
}

/// What rendering jobs reads besides the jobs.
struct JobsCx<'a> {
    site: &'a SiteData,
    engine: &'a Engine,
    config_views: &'a HashMap<&'a str, Value>,
    sink: &'a dyn OutputSink,
    section_pagers: &'a HashMap<usize, Vec<Pager>>,
    term_pagers: &'a HashMap<(usize, usize), Vec<Pager>>,
    /// Note the pages each file read (see [`deps`]).
    record: bool,
}

/// The taxonomy and term of a job that renders one pager of a term.
fn pager_of_term(job: &RenderJob) -> Option<(usize, usize)> {
    match job.kind {
        JobKind::Term {
            taxonomy,
            term,
            pager: Some(_),
        } => Some((taxonomy, term)),
        _ => None,
    }
}

/// Renders one page, section, taxonomy or redirect file into the sink, or
/// the pagers of one taxonomy term: these share their context but for the
/// `paginator` and URL, so the term's view (with all its pages, which Zola
/// gives paginated terms too) is built and handed to the engine once for all
/// its pagers, not once per pager. For each file: the result, its output
/// path and (when recording) what it read.
fn render_jobs(
    jobs: &[RenderJob],
    cx: &JobsCx,
) -> Vec<(std::result::Result<(), Diagnostic>, String, deps::FileReads)> {
    let (engine, lib) = (cx.engine, &cx.site.lib);
    let first = &jobs[0];
    let _lang = LangScope::set(&first.lang);
    let template = job_template(first, lib, engine);
    let file: Option<&Path> = match &first.kind {
        JobKind::Page(i) => Some(lib.pages[*i].file.path.as_path()),
        JobKind::Section { index, .. } => Some(lib.sections[*index].file.path.as_path()),
        _ => None,
    };
    let failed = |job: &RenderJob, e: String| {
        let mut d = Diagnostic::error(format!(
            "could not render `{template}` for {}: {e}",
            job.url_path
        ));
        if let Some(f) = file {
            d = d.in_file(f);
        }
        d
    };
    if !engine.has_template(&template)
        && let Some(d) = missing_template(first, lib, &template)
    {
        return vec![(
            Err(d),
            output_path_for(&first.url_path),
            deps::FileReads::default(),
        )];
    }
    // Views made for this context carry page HTML only if the template reads it.
    let reads = engine.reads(&template);
    let _reads = content_use::Switch::set(reads);
    let (shared, shared_touched) = deps::recording(cx.record, || {
        let _random = random::RandomScope::set(&first.url_path);
        engine.share(&template, shared_values(first, cx))
    });
    let shared_touched: std::sync::Arc<[usize]> = shared_touched.into();
    let mut shared = match shared {
        Ok(shared) => shared,
        Err(e) => {
            return jobs
                .iter()
                .map(|job| {
                    let out = output_path_for(&job.url_path);
                    (Err(failed(job, e.clone())), out, deps::FileReads::default())
                })
                .collect();
        }
    };
    jobs.iter()
        .map(|job| {
            let out = output_path_for(&job.url_path);
            let (result, touched) = deps::recording(cx.record, || {
                let _random = random::RandomScope::set(&job.url_path);
                let values = own_values(job, cx);
                let rendered = engine
                    .render_shared(&template, &mut shared, values)
                    .map(|html| match &job.kind {
                        JobKind::Page(i) => match &lib.pages[*i].placeholder {
                            Some(ph) => mark_placeholder(&html, &lib.pages[ph.source].permalink),
                            None => html,
                        },
                        _ => html,
                    });
                match rendered {
                    Ok(html) => cx
                        .sink
                        .accept(OutputFile {
                            path: out.clone(),
                            data: OutputData::Bytes(html.into_bytes()),
                        })
                        .map_err(|e| Diagnostic::error(e.to_string())),
                    Err(e) => Err(failed(job, e)),
                }
            });
            let reads = deps::FileReads {
                pages: touched,
                shared: shared_touched.clone(),
                template: reads,
            };
            (result, out, reads)
        })
        .collect()
}

/// The context values of a job that its sibling pagers share (all of them
/// for any other job).
fn shared_values<'a>(job: &RenderJob, cx: &JobsCx) -> HashMap<&'a str, Value> {
    let (site, engine) = (cx.site, cx.engine);
    let lib = &site.lib;
    let config = &site.config;
    let views = &site.views;
    let mut ctx: HashMap<&str, Value> = HashMap::new();
    ctx.insert("config", cx.config_views[job.lang.as_str()].clone());
    ctx.insert("lang", json!(job.lang));
    ctx.insert(
        "lang_dir",
        json!(crate::i18n::text_direction(&job.lang, config)),
    );
    match &job.kind {
        JobKind::Page(i) => {
            ctx.insert("page", views.full_page(lib, *i));
            ctx.insert("zola_version", json!(engine.zola_version()));
        }
        JobKind::Section { index, pager } => match pager {
            Some(_) => {
                ctx.insert("section", views.sections[*index].clone());
            }
            None => {
                ctx.insert("section", views.section_with_pages(lib, *index, None));
            }
        },
        JobKind::TaxonomyList(t) => {
            let tax = &lib.taxonomies[*t];
            ctx.insert("taxonomy", views::taxonomy_config_view(tax));
            ctx.insert(
                "terms",
                Value::Array(
                    tax.terms
                        .iter()
                        .map(|term| views.term(lib, term, true))
                        .collect(),
                ),
            );
        }
        JobKind::Term { taxonomy, term, .. } => {
            let tax = &lib.taxonomies[*taxonomy];
            ctx.insert("taxonomy", views::taxonomy_config_view(tax));
            ctx.insert("term", views.term(lib, &tax.terms[*term], true));
        }
        JobKind::Redirect(url) => {
            ctx.insert("url", json!(url));
        }
        JobKind::StatusPage(status) => {
            for (k, v) in translation_views::status_page_context(site, status, &job.lang) {
                ctx.insert(k, v);
            }
        }
        JobKind::Search => {}
    };
    ctx
}

/// The context values of a job of its own: its URL and its `paginator`.
fn own_values<'a>(job: &RenderJob, cx: &JobsCx) -> HashMap<&'a str, Value> {
    let lib = &cx.site.lib;
    let config = &cx.site.config;
    let views = &cx.site.views;
    let mut ctx: HashMap<&str, Value> = HashMap::new();
    ctx.insert("current_url", json!(config.make_permalink(&job.url_path)));
    ctx.insert("current_path", json!(job.url_path));
    match &job.kind {
        JobKind::Section {
            index,
            pager: Some(p),
        } => {
            let s = &lib.sections[*index];
            ctx.insert(
                "paginator",
                paginator_view(
                    &cx.section_pagers[index],
                    *p,
                    s.meta.paginate_by.unwrap_or(1),
                    &s.permalink,
                    &s.meta.paginate_path,
                    views,
                    lib,
                ),
            );
        }
        JobKind::Term {
            taxonomy,
            term,
            pager: Some(p),
        } => {
            let tax = &lib.taxonomies[*taxonomy];
            let t = &tax.terms[*term];
            ctx.insert(
                "paginator",
                paginator_view(
                    &cx.term_pagers[&(*taxonomy, *term)],
                    *p,
                    tax.config.paginate_by.unwrap_or(1),
                    &t.permalink,
                    &tax.config.paginate_path,
                    views,
                    lib,
                ),
            );
        }
        _ => {}
    }
    ctx
}

/// A page or section whose front matter (or its section's `page_template`)
/// names a template that does not exist: the error points at that line.
fn missing_template(
    job: &RenderJob,
    lib: &crate::site::Library,
    template: &str,
) -> Option<Diagnostic> {
    let (file, key) = match &job.kind {
        JobKind::Page(i) => {
            let page = &lib.pages[*i];
            if page.meta.template.is_some() {
                (&page.file.path, "template")
            } else {
                let s = page
                    .ancestors
                    .iter()
                    .rev()
                    .find(|&&s| lib.sections[s].meta.page_template.is_some())?;
                (&lib.sections[*s].file.path, "page_template")
            }
        }
        JobKind::Section { index, .. } => {
            let s = &lib.sections[*index];
            s.meta.template.as_ref()?;
            (&s.file.path, "template")
        }
        _ => return None,
    };
    let text = fs::read_to_string(file).ok()?;
    Some(
        Diagnostic::error(format!("the template `{template}` does not exist"))
            .in_file(file)
            .at(&text, crate::config::find_value_span(&text, key))
            .with_help("templates are read from `templates/` and the theme's `templates/`; check the name and the folder"),
    )
}

/// The template a render job uses.
fn job_template(job: &RenderJob, lib: &crate::site::Library, engine: &Engine) -> String {
    let specific_or = |specific: String, general: &str| {
        if engine.has_template(&specific) {
            specific
        } else {
            general.to_string()
        }
    };
    // Zola looks for `<name>/list.html` by the taxonomy's name as written
    // (`podcast_authors/`); agora also finds it under its slug.
    let taxonomy_template = |t: usize, file: &str, general: &str| {
        let config = &lib.taxonomies[t].config;
        let by_name = format!("{}/{file}", config.name);
        if engine.has_template(&by_name) {
            by_name
        } else {
            specific_or(format!("{}/{file}", config.slug), general)
        }
    };
    match &job.kind {
        JobKind::Page(i) => page_template(lib, *i),
        JobKind::Section { index, .. } => {
            let s = &lib.sections[*index];
            s.meta.template.clone().unwrap_or_else(|| {
                if s.file.components.is_empty() {
                    "index.html".into()
                } else {
                    "section.html".into()
                }
            })
        }
        JobKind::TaxonomyList(t) => taxonomy_template(*t, "list.html", "taxonomy_list.html"),
        JobKind::Term { taxonomy, .. } => {
            taxonomy_template(*taxonomy, "single.html", "taxonomy_single.html")
        }
        JobKind::Redirect(_) => "internal/alias.html".to_string(),
        JobKind::StatusPage(_) => "translation_status.html".to_string(),
        JobKind::Search => "search.html".to_string(),
    }
}

/// A placeholder page points search engines at the version it shows and asks
/// not to be indexed, whatever its theme writes.
fn mark_placeholder(html: &str, canonical: &str) -> String {
    static CANONICAL: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = CANONICAL.get_or_init(|| {
        regex::Regex::new(r#"<link rel="canonical" href="[^"]*"\s*/?>"#).expect("valid regex")
    });
    let tag = format!(
        "<link rel=\"canonical\" href=\"{}\"><meta name=\"robots\" content=\"noindex\">",
        crate::content::escape_html(canonical)
    );
    if re.is_match(html) {
        return re.replace(html, regex::NoExpand(&tag)).into_owned();
    }
    match html.find("</head>") {
        Some(pos) => format!("{}{}{}", &html[..pos], tag, &html[pos..]),
        None => html.to_string(),
    }
}

/// The template of a page: its own, else the nearest section's `page_template`.
fn page_template(lib: &crate::site::Library, index: usize) -> String {
    let page = &lib.pages[index];
    if let Some(t) = &page.meta.template {
        return t.clone();
    }
    for &s in page.ancestors.iter().rev() {
        if let Some(t) = &lib.sections[s].meta.page_template {
            return t.clone();
        }
    }
    "page.html".into()
}

/// Builds the frozen site data the functions read.
pub fn freeze_site(
    config: Config,
    root: &Path,
    output_dir: &Path,
    lib: crate::site::Library,
    catalog: crate::i18n::Catalog,
) -> SiteData {
    let views = Views::build(&lib, &config, &catalog);
    SiteData {
        config,
        root: root.to_path_buf(),
        output_dir: output_dir.to_path_buf(),
        lib,
        views,
        catalog,
        now: jiff::Timestamp::now(),
        sass: Vec::new(),
        make_early_outputs: None,
        search_client: String::new(),
        session: Default::default(),
    }
}
