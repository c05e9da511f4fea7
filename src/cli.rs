//! The command line: clap types turned into option structs. Knows no content.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::BuildOptions;
use crate::error::{Error, Result};

#[derive(Parser, Debug)]
#[command(
    name = "agora",
    version,
    about = "A Zola-compatible static-site generator for multilingual knowledge hubs"
)]
pub struct Cli {
    /// Directory of the site (where config.toml or zola.toml is, or below it)
    #[arg(short, long, global = true, default_value = ".")]
    pub root: PathBuf,
    /// Config file to use (default: zola.toml, else config.toml, in the root or its parents)
    #[arg(short, long, global = true)]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output directory
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Minify the HTML output
        #[arg(long)]
        minify: bool,
        /// Fail when a UI string is missing in a language (instead of showing the fallback)
        #[arg(long)]
        strict: bool,
        /// Print what was decided and why (the template engine, among others)
        #[arg(short, long)]
        verbose: bool,
        /// Write the offline edition: every internal URL relative and pointing at a
        /// file, so the site works from disk (file://), a USB stick, a zip or any sub-path
        #[arg(long)]
        offline: bool,
        /// Also write the offline edition as this zip file (implies --offline)
        #[arg(long, value_name = "FILE")]
        zip: Option<PathBuf>,
    },
    /// Build the site into memory, serve it and rebuild on every change, with live reload
    Serve {
        /// Interface to listen on
        #[arg(short, long, default_value = "127.0.0.1")]
        interface: std::net::IpAddr,
        /// Port to listen on (the next free one is used if it is taken)
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        #[command(flatten)]
        site: SiteArgs,
        /// Open the site in the default browser
        #[arg(short = 'O', long)]
        open: bool,
        /// Also write the site to the output directory
        #[arg(long)]
        store_html: bool,
        /// On a document change, re-render only that document's pages (its
        /// translations' placeholders too), not the listings and feeds that show it
        #[arg(long)]
        fast: bool,
        /// Do not append the port to --base-url
        #[arg(long)]
        no_port_append: bool,
        /// More paths to watch (relative to the root)
        #[arg(long)]
        extra_watch_path: Vec<PathBuf>,
        /// Milliseconds to wait for more changes before rebuilding
        #[arg(short, long, default_value_t = 200)]
        debounce: u64,
    },
    /// Load the site without rendering templates and check every internal
    /// link (`@/…`) and its `#anchor`; all problems are listed at once
    Check {
        /// Include pages and sections marked `draft = true`
        #[arg(long)]
        drafts: bool,
        /// Do not fetch external links (also the case when AGORA_OFFLINE is set)
        #[arg(long)]
        skip_external_links: bool,
    },
    /// Translator tools
    I18n {
        #[command(subcommand)]
        command: I18nCommand,
    },
    /// Start a translation: copy a document to its translation file, recording the original's version
    Translate {
        /// The document to translate (e.g. content/briefs/osce.md)
        path: PathBuf,
        /// The language to translate into
        #[arg(long)]
        to: String,
    },
    /// Create a new site skeleton
    Init {
        /// Directory to create the site in
        #[arg(default_value = ".")]
        name: PathBuf,
        /// Create it even if the directory is not empty
        #[arg(short, long)]
        force: bool,
    },
    /// Start a new document in a section, with the front matter that section uses
    New {
        /// Section folder under content/ (e.g. `letters`)
        section: String,
        /// Title of the document
        title: String,
        /// Language of the document (default: the site's default language)
        #[arg(long)]
        lang: Option<String>,
    },
}

/// Flags `build` and `serve` share, with Zola's names.
#[derive(clap::Args, Debug)]
pub struct SiteArgs {
    /// Use this base URL instead of the config's (serve appends the port unless --no-port-append)
    #[arg(short = 'u', long)]
    pub base_url: Option<String>,
    /// Write the site here (refused if it exists, unless --force)
    #[arg(short, long)]
    pub output_dir: Option<PathBuf>,
    /// Overwrite the --output-dir directory if it exists
    #[arg(short, long)]
    pub force: bool,
    /// Include pages and sections marked `draft = true`
    #[arg(long)]
    pub drafts: bool,
}

impl SiteArgs {
    /// Checks `--output-dir` and turns the flags into build options.
    fn into_options(self, root: PathBuf, config_file: Option<PathBuf>) -> Result<BuildOptions> {
        if let Some(dir) = &self.output_dir {
            crate::check_output_dir(dir, self.force)?;
        }
        Ok(BuildOptions {
            root,
            config_file,
            base_url: self.base_url,
            output_dir: self.output_dir,
            drafts: self.drafts,
            ..Default::default()
        })
    }
}

#[derive(Subcommand, Debug)]
pub enum I18nCommand {
    /// Coverage per language: UI strings and documents translated, missing or outdated
    Status {
        /// Only this language
        #[arg(long)]
        lang: Option<String>,
        /// Output format
        #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
        format: StatusFormat,
        /// Exit with code 1 when anything is missing or outdated (for CI)
        #[arg(long)]
        check: bool,
    },
    /// Add every missing UI string to every locale file, empty, with the source text as a comment
    Sync {
        /// Only this language's file
        #[arg(long)]
        lang: Option<String>,
    },
    /// Write the UI strings (or, with --documents, the documents segment by
    /// segment) as PO or XLIFF files for translation tools
    Export {
        /// Export the documents, one entry per paragraph, heading, list item,
        /// table cell…, per language and section (into i18n/po/documents/<lang>/)
        #[arg(long)]
        documents: bool,
        /// With --documents: one file per document instead of per section
        #[arg(long, requires = "documents")]
        per_document: bool,
        /// File format
        #[arg(long, value_enum, default_value_t = ExchangeFormatArg::Po)]
        format: ExchangeFormatArg,
        /// Only this language (default: every language but the default one)
        #[arg(long)]
        lang: Option<String>,
        /// Where to write `<lang>.po` / `<lang>.xlf` (default: i18n/po/ or i18n/xliff/;
        /// with --documents i18n/po/documents/ or i18n/xliff/documents/)
        #[arg(long)]
        output_dir: Option<PathBuf>,
    },
    /// Read translated PO or XLIFF files back: UI strings into the locale
    /// files, document segments into `name.<lang>.md`
    Import {
        /// `.po`, `.xlf` or `.xliff` files
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Record that translations match the current version of their original
    MarkCurrent {
        /// Translation files (e.g. content/briefs/osce.fr.md)
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExchangeFormatArg {
    /// gettext PO (Weblate, Poedit, Lokalize…)
    Po,
    /// XLIFF 1.2
    Xliff,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusFormat {
    Table,
    Json,
    Markdown,
}

fn tool_options(root: PathBuf, config_file: Option<PathBuf>) -> BuildOptions {
    BuildOptions {
        root,
        config_file,
        ..Default::default()
    }
}

fn run_i18n(command: I18nCommand, options: BuildOptions) -> Result<()> {
    let show = |p: &Path| crate::error::display_path(p);
    match command {
        I18nCommand::Status {
            lang,
            format,
            check,
        } => {
            let status = crate::commands::translation_status(&options, lang.as_deref())?;
            // `agora i18n status | head` closes the pipe early: not an error.
            let _ = std::io::Write::write_all(
                &mut std::io::stdout(),
                format_status(&status, format).as_bytes(),
            );
            if check && status.iter().any(|s| !s.is_complete()) {
                return Err(Error::Other(
                    "some translations are missing or outdated".into(),
                ));
            }
            Ok(())
        }
        I18nCommand::Sync { lang } => {
            let changed = crate::commands::i18n_sync(&options, lang.as_deref())?;
            if changed.is_empty() {
                println!("Every locale file has every key.");
            }
            for (path, keys) in changed {
                println!(
                    "{}: added {} empty string{} to translate: {}",
                    show(&path),
                    keys.len(),
                    if keys.len() == 1 { "" } else { "s" },
                    keys.join(", ")
                );
            }
            Ok(())
        }
        I18nCommand::Export {
            documents,
            per_document,
            format,
            lang,
            output_dir,
        } => {
            let format = match format {
                ExchangeFormatArg::Po => crate::commands::ExchangeFormat::Po,
                ExchangeFormatArg::Xliff => crate::commands::ExchangeFormat::Xliff,
            };
            if documents {
                for (path, written) in crate::commands::i18n_export_documents(
                    &options,
                    format,
                    lang.as_deref(),
                    output_dir.as_deref(),
                    per_document,
                )? {
                    if written {
                        println!("Wrote {}", show(&path));
                    } else {
                        println!("{}: up to date", show(&path));
                    }
                }
                return Ok(());
            }
            for path in crate::commands::i18n_export(
                &options,
                format,
                lang.as_deref(),
                output_dir.as_deref(),
            )? {
                println!("Wrote {}", show(&path));
            }
            Ok(())
        }
        I18nCommand::Import { files } => {
            for outcome in crate::commands::i18n_import(&options, &files)? {
                match outcome {
                    crate::commands::ImportOutcome::Strings(r) => {
                        println!(
                            "{}: {} updated, {} unchanged, {} not translated in the file",
                            show(&r.path),
                            r.updated.len(),
                            r.unchanged,
                            r.untranslated
                        );
                        if !r.unknown.is_empty() {
                            eprintln!(
                                "warning: skipped {} key(s) the site does not have: {}",
                                r.unknown.len(),
                                r.unknown.join(", ")
                            );
                        }
                    }
                    crate::commands::ImportOutcome::Documents { file, lang, report } => {
                        print_document_import(&file, &lang, &report)
                    }
                }
            }
            Ok(())
        }
        I18nCommand::MarkCurrent { files } => {
            for (path, version, changed) in crate::commands::mark_current(&options, &files)? {
                if changed {
                    println!(
                        "{}: now translates version {version} of the original",
                        show(&path)
                    );
                } else {
                    println!("{}: already marked current ({version})", show(&path));
                }
            }
            Ok(())
        }
    }
}

pub fn run(args: impl IntoIterator<Item = OsString>) -> Result<()> {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = e.exit_code();
            let _ = e.print();
            std::process::exit(code);
        }
    };
    match cli.command {
        Command::Build {
            site,
            minify,
            strict,
            verbose,
            offline,
            zip,
        } => {
            let options = BuildOptions {
                minify,
                strict,
                verbose,
                offline,
                zip: zip.clone(),
                ..site.into_options(cli.root, cli.config)?
            };
            if let Some(url) = &options.base_url {
                crate::config::check_base_url(url).map_err(|why| {
                    crate::error::Error::Usage(format!(
                        "--base-url `{url}` is not a base URL: {why}\n  = help: {}",
                        crate::config::BASE_URL_FORMS
                    ))
                })?;
            }
            crate::output::interrupt::stop_on_signals();
            let spinner = progress_spinner();
            let result = crate::build(&options);
            if let Some(s) = spinner {
                s.finish_and_clear();
            }
            let report = result?;
            if verbose {
                eprintln!("{}", report.engine);
            }
            for w in &report.warnings.items {
                eprintln!("{}\n", w.render());
            }
            println!(
                "Built {} pages, {} sections in {} language{} → {} files ({} written) in {} ms, to {}",
                report.pages,
                report.sections,
                report.languages,
                if report.languages == 1 { "" } else { "s" },
                report.files,
                report.written,
                report.elapsed.as_millis(),
                crate::error::display_path(&report.output_dir)
            );
            if let Some(zip) = zip {
                println!(
                    "Offline edition written as {}",
                    crate::error::display_path(&zip)
                );
            }
            Ok(())
        }
        Command::Serve {
            interface,
            port,
            site,
            open,
            store_html,
            fast,
            no_port_append,
            extra_watch_path,
            debounce,
        } => {
            // `--store-html` writes through a staging folder too.
            crate::output::interrupt::stop_on_signals();
            crate::serve::serve(crate::serve::ServeOptions {
                fast,
                build: site.into_options(cli.root, cli.config)?,
                interface,
                port,
                no_port_append,
                open,
                store_html,
                extra_watch_paths: extra_watch_path,
                debounce: std::time::Duration::from_millis(debounce),
            })
        }
        Command::Check {
            drafts,
            skip_external_links,
        } => {
            let options = BuildOptions {
                drafts,
                ..tool_options(cli.root, cli.config)
            };
            let report = crate::commands::check(&options, skip_external_links)?;
            for w in &report.warnings.items {
                eprintln!("{}\n", w.render());
            }
            let ext = &report.external;
            let skipped = if ext.skipped > 0 {
                format!(", {} skipped by [link_checker]", ext.skipped)
            } else {
                String::new()
            };
            let external = match ext.not_checked {
                None if ext.links == 0 => String::new(),
                None => format!(
                    "{} external links ({} pages fetched{skipped})",
                    ext.links, ext.urls
                ),
                Some(crate::site::NotChecked::Asked) => format!(
                    "{} external links not checked (--skip-external-links{skipped})",
                    ext.links
                ),
                Some(crate::site::NotChecked::NetworkOff) => format!(
                    "{} external links not checked (AGORA_OFFLINE is set{skipped})",
                    ext.links
                ),
                Some(crate::site::NotChecked::NetworkUnreachable) => format!(
                    "{} external links not checked: no external host could be reached, the network looks off{skipped}",
                    ext.links
                ),
            };
            let problems = if report.warnings.items.is_empty() {
                "no problems".to_string()
            } else {
                format!("{} warnings", report.warnings.items.len())
            };
            let external = if external.is_empty() {
                external
            } else {
                format!("{external}; ")
            };
            println!(
                "Checked {} pages and {} sections: {} internal links, {} with an anchor; {external}{problems}",
                report.pages, report.sections, report.stats.internal_links, report.stats.anchors
            );
            Ok(())
        }
        Command::I18n { command } => run_i18n(command, tool_options(cli.root, cli.config)),
        Command::Translate { path, to } => {
            let file = crate::commands::translate(&tool_options(cli.root, cli.config), &path, &to)?;
            println!(
                "Created {}: translate its title, description and text. The original's version is recorded; when the original changes, the page says so and `agora i18n status` lists it.",
                crate::error::display_path(&file)
            );
            Ok(())
        }
        Command::Init { name, force } => crate::commands::init_site(&cli.root.join(name), force),
        Command::New {
            section,
            title,
            lang,
        } => {
            crate::commands::new_document(&cli.root, cli.config.as_deref(), &section, &title, lang)
        }
    }
}

fn print_document_import(file: &Path, lang: &str, report: &crate::site::DocumentImportReport) {
    let show = |p: &Path| crate::error::display_path(p);
    for d in &report.documents {
        let c = d.coverage;
        println!(
            "{}: {} ({} of {} segments translated, {} fuzzy, {} still in the original language){}",
            show(&d.path),
            if d.created { "created" } else { "updated" },
            c.current,
            c.total,
            c.fuzzy,
            c.missing,
            if d.rebuilt {
                "; rebuilt on the original's new structure"
            } else {
                ""
            }
        );
        if d.stale > 0 {
            println!(
                "    {} entr{} made for an older version of the original: kept as fuzzy",
                d.stale,
                if d.stale == 1 { "y was" } else { "ies were" }
            );
        }
    }
    if report.documents.is_empty() && report.refused.is_empty() {
        println!(
            "{}: nothing new for `{lang}` ({} document{} already as the file says)",
            show(file),
            report.unchanged.len(),
            if report.unchanged.len() == 1 { "" } else { "s" }
        );
    }
    for (path, why) in &report.refused {
        eprintln!("warning: {} not changed: {why}", show(path));
    }
    if !report.unknown.is_empty() {
        eprintln!(
            "warning: skipped entries for {} document(s) the site does not have: {}",
            report.unknown.len(),
            report.unknown.join(", ")
        );
    }
}

fn format_status(status: &[crate::site::LanguageStatus], format: StatusFormat) -> String {
    let percent = |done: usize, total: usize| (done * 100).checked_div(total).unwrap_or(100);
    match format {
        StatusFormat::Json => serde_json::to_string_pretty(status).unwrap_or_default() + "\n",
        StatusFormat::Table | StatusFormat::Markdown => {
            let md = format == StatusFormat::Markdown;
            let mut out = String::new();
            let header = [
                "language",
                "strings",
                "documents",
                "missing strings",
                "missing documents",
                "outdated documents",
                "segments (current / fuzzy / missing)",
            ];
            if md {
                out.push_str(&format!(
                    "| {} |\n|{}\n",
                    header.join(" | "),
                    "---|".repeat(header.len())
                ));
            } else {
                out.push_str(&format!(
                    "{:<16} {:>14} {:>14}\n",
                    header[0], header[1], header[2]
                ));
            }
            for s in status {
                let strings = format!(
                    "{}/{} {:>3}%",
                    s.strings_translated,
                    s.strings_total,
                    percent(s.strings_translated, s.strings_total)
                );
                let docs = format!(
                    "{}/{} {:>3}%",
                    s.documents_translated,
                    s.documents_total,
                    percent(s.documents_translated, s.documents_total)
                );
                let lang = format!("{} ({})", s.lang, s.name);
                if md {
                    let segments: Vec<String> = s
                        .documents_segments
                        .iter()
                        .filter_map(|d| {
                            let c = d.coverage;
                            Some(format!(
                                "{} {}/{}/{}",
                                d.translation.as_deref()?,
                                c.current,
                                c.fuzzy,
                                c.missing
                            ))
                        })
                        .collect();
                    out.push_str(&format!(
                        "| {lang} | {strings} | {docs} | {} | {} | {} | {} |\n",
                        s.strings_missing.join(", "),
                        s.documents_missing.join(", "),
                        s.documents_outdated
                            .iter()
                            .map(|d| d.path.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                        segments.join(", ")
                    ));
                } else {
                    out.push_str(&format!("{lang:<16} {strings:>14} {docs:>14}\n"));
                    if !s.strings_missing.is_empty() {
                        out.push_str(&format!(
                            "    strings missing: {}\n",
                            s.strings_missing.join(", ")
                        ));
                    }
                    if !s.strings_outdated.is_empty() {
                        out.push_str(&format!(
                            "    strings outdated (source text changed): {}\n",
                            s.strings_outdated.join(", ")
                        ));
                    }
                    for d in &s.documents_missing {
                        out.push_str(&format!("    document missing: content/{d}\n"));
                    }
                    for d in &s.documents_outdated {
                        out.push_str(&format!(
                            "    document outdated: content/{} (the original content/{} changed since)\n",
                            d.path, d.original
                        ));
                    }
                    for d in s
                        .documents_segments
                        .iter()
                        .filter(|d| d.translation.is_some())
                    {
                        let c = d.coverage;
                        out.push_str(&format!(
                            "    segments of content/{}: {}/{} current {:>3}%, {} fuzzy {:>3}%, {} missing {:>3}%\n",
                            d.translation.as_deref().unwrap_or_default(),
                            c.current,
                            c.total,
                            percent(c.current, c.total),
                            c.fuzzy,
                            percent(c.fuzzy, c.total),
                            c.missing,
                            percent(c.missing, c.total)
                        ));
                    }
                }
            }
            out
        }
    }
}

/// A spinner on a terminal only; nothing when output is piped.
fn progress_spinner() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let pb = indicatif::ProgressBar::new_spinner();
    pb.set_message("building…");
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(pb)
}
