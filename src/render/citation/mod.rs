//! How to cite a document: its reference (who, what, when, where), built
//! from its front matter, its section's `[extra.citation]` and the config,
//! and the forms the reference is written in — Highwire `citation_*` and
//! Dublin Core meta tags, schema.org JSON-LD, BibTeX, RIS, CSL-JSON, and a
//! formatted reference in the reader's language. Engine-neutral: the
//! `citation(path=…)` function hands it to every template engine, and
//! [`citation_files`] makes the download files. Writes nothing itself.

mod formats;

use serde_json::{Map, Value, json};

use super::functions::{Args, SiteData, arg_str};
use super::translation_views::ui_string;
use crate::artifact::{OutputData, OutputFile, output_path_for};
use crate::config::Config;
use crate::content::escape_html as escape;
use crate::site::{Library, Page};
pub use formats::formatted;
use formats::head_html;

/// What kind of document a reference is: picks the type of each format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Report,
    Article,
    Letter,
    Event,
    WebPage,
}

impl Kind {
    /// The kind a type word names (`extra.type`, `[extra.citation] type`).
    pub fn from_word(word: &str) -> Option<Kind> {
        Some(match word.trim().to_lowercase().as_str() {
            "report" | "reports" | "brief" | "briefs" | "guide" | "guides" | "policy" | "paper"
            | "techreport" => Kind::Report,
            "research" | "article" | "articles" | "scholarly-article" | "study" => Kind::Article,
            "letter" | "letters" => Kind::Letter,
            "event" | "events" => Kind::Event,
            "webpage" | "page" | "post" | "news" => Kind::WebPage,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Report => "report",
            Kind::Article => "article",
            Kind::Letter => "letter",
            Kind::Event => "event",
            Kind::WebPage => "webpage",
        }
    }

    /// schema.org type of the JSON-LD.
    pub fn schema_type(self) -> &'static str {
        match self {
            Kind::Report => "Report",
            Kind::Article => "ScholarlyArticle",
            Kind::Letter => "Message",
            Kind::Event => "Event",
            Kind::WebPage => "Article",
        }
    }

    fn bibtex_type(self) -> &'static str {
        match self {
            Kind::Report => "techreport",
            _ => "misc",
        }
    }

    fn ris_type(self) -> &'static str {
        match self {
            Kind::Report => "RPRT",
            Kind::WebPage => "ELEC",
            _ => "GEN",
        }
    }

    fn csl_type(self) -> &'static str {
        match self {
            Kind::Report => "report",
            Kind::Article => "article",
            Kind::Letter => "personal_communication",
            Kind::Event => "speech",
            Kind::WebPage => "webpage",
        }
    }
}

/// An author: a person (name split for BibTeX and CSL) or an organisation.
#[derive(Debug, Clone, PartialEq)]
pub enum Creator {
    Person { given: String, family: String },
    Organisation(String),
}

impl Creator {
    /// A person's name as written: `Family, Given` or `Given Family` (the
    /// last word is the family name).
    pub fn person(name: &str) -> Creator {
        let name = name.trim();
        if let Some((family, given)) = name.split_once(',') {
            return Creator::Person {
                given: given.trim().to_string(),
                family: family.trim().to_string(),
            };
        }
        match name.rsplit_once(' ') {
            Some((given, family)) => Creator::Person {
                given: given.trim().to_string(),
                family: family.to_string(),
            },
            None => Creator::Person {
                given: String::new(),
                family: name.to_string(),
            },
        }
    }

    /// The name as a reader writes it (`Jane Doe`, `The Prevention Project`).
    pub fn display(&self) -> String {
        match self {
            Creator::Person { given, family } if given.is_empty() => family.clone(),
            Creator::Person { given, family } => format!("{given} {family}"),
            Creator::Organisation(name) => name.clone(),
        }
    }

    /// `Family, Given` for persons (Highwire, RIS, BibTeX), the name for organisations.
    fn inverted(&self) -> String {
        match self {
            Creator::Person { given, family } if given.is_empty() => family.clone(),
            Creator::Person { given, family } => format!("{family}, {given}"),
            Creator::Organisation(name) => name.clone(),
        }
    }
}

/// The reference of one document.
#[derive(Debug, Clone)]
pub struct Reference {
    pub kind: Kind,
    pub key: String,
    pub title: String,
    pub description: Option<String>,
    pub creators: Vec<Creator>,
    /// `(year, month, day)` of `date`.
    pub date: Option<(i16, i8, i8)>,
    pub updated: Option<(i16, i8, i8)>,
    pub lang: String,
    pub publisher: String,
    pub url: String,
    pub doi: Option<String>,
    pub pdf_url: Option<String>,
    pub keywords: Vec<String>,
    pub location: Option<String>,
    pub starts: Option<String>,
    pub ends: Option<String>,
    pub recipient: Option<String>,
    /// Real translations: (language, permalink).
    pub translations: Vec<(String, String)>,
    /// The file name (without extension) of the downloads, beside the page.
    pub file_stem: String,
    /// The folder (URL path) the downloads are written in.
    pub folder: String,
}

fn extra_str<'a>(table: &'a toml::Table, key: &str) -> Option<&'a str> {
    table
        .get(key)
        .and_then(|v| v.as_str())
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn extra_list(table: &toml::Table, key: &str) -> Vec<String> {
    match table.get(key) {
        Some(toml::Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_string()],
        Some(toml::Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

fn ymd(date: Option<&crate::site::DateInfo>) -> Option<(i16, i8, i8)> {
    date.map(|d| (d.year, d.month, d.day))
}

/// The `[extra.citation]` table of the page's section, or of that
/// section's version in another language when its own has none.
fn section_settings<'a>(lib: &'a Library, page: &Page) -> Option<&'a toml::Table> {
    let s = page.parent_section?;
    let section = &lib.sections[s];
    std::iter::once(s)
        .chain(section.translations.iter().copied())
        .chain(section.placeholder_of)
        .find_map(|i| lib.sections[i].meta.extra.get("citation")?.as_table())
}

/// Builds the reference of the document at `index`; a placeholder cites
/// the document it shows.
pub fn reference(lib: &Library, config: &Config, index: usize) -> Reference {
    let index = lib.pages[index]
        .placeholder
        .as_ref()
        .map_or(index, |p| p.source);
    let page = &lib.pages[index];
    let extra = &page.meta.extra;
    let own = extra.get("citation").and_then(|v| v.as_table());
    let section = section_settings(lib, page);
    let setting = |key: &str| {
        own.and_then(|t| extra_str(t, key))
            .or_else(|| section.and_then(|t| extra_str(t, key)))
    };
    let kind = own
        .and_then(|t| extra_str(t, "type"))
        .or_else(|| extra_str(extra, "type"))
        .or_else(|| section.and_then(|t| extra_str(t, "type")))
        .and_then(Kind::from_word)
        .unwrap_or(Kind::WebPage);
    let publisher = setting("publisher")
        .map(str::to_string)
        .unwrap_or_else(|| config.site_title(&page.lang));

    let mut creators: Vec<Creator> = page
        .meta
        .authors
        .iter()
        .chain(extra_list(extra, "authors").iter())
        .map(|a| Creator::person(a))
        .collect();
    creators.extend(
        extra_list(extra, "organisations")
            .into_iter()
            .map(Creator::Organisation),
    );
    if creators.is_empty() && kind == Kind::Event {
        creators.extend(
            extra_list(extra, "organisers")
                .into_iter()
                .map(Creator::Organisation),
        );
    }
    if creators.is_empty()
        && let Some(section) = section
    {
        creators.extend(
            extra_list(section, "authors")
                .iter()
                .map(|a| Creator::person(a)),
        );
        creators.extend(
            extra_list(section, "organisations")
                .into_iter()
                .map(Creator::Organisation),
        );
    }
    creators.dedup();

    let title = page.meta.title.clone().unwrap_or_else(|| page.slug.clone());
    let date = ymd(page.date.as_ref());
    let pdf_url = page
        .assets
        .iter()
        .filter_map(|a| a.file_name())
        .map(|n| n.to_string_lossy().to_string())
        .find(|n| n.to_lowercase().ends_with(".pdf"))
        .map(|n| format!("{}{}", page.permalink, n));
    let folder = if page.path.ends_with('/') {
        page.path.clone()
    } else {
        page.path
            .rsplit_once('/')
            .map_or("/".to_string(), |(d, _)| format!("{d}/"))
    };
    let translations = page
        .translations
        .iter()
        .filter(|&&t| t != index)
        .map(|&t| &lib.pages[t])
        .filter(|t| t.placeholder.is_none())
        .map(|t| (t.lang.clone(), t.permalink.clone()))
        .collect();
    let mut reference = Reference {
        kind,
        key: String::new(),
        title,
        description: page.meta.description.clone(),
        creators,
        date,
        updated: ymd(page.updated.as_ref()),
        lang: page.lang.clone(),
        publisher,
        url: page.permalink.clone(),
        doi: extra_str(extra, "doi").map(|d| {
            d.trim_start_matches("https://doi.org/")
                .trim_start_matches("doi:")
                .to_string()
        }),
        pdf_url,
        keywords: page
            .meta
            .taxonomies
            .get("topics")
            .cloned()
            .unwrap_or_default(),
        location: extra_str(extra, "location").map(str::to_string),
        starts: extra_str(extra, "starts").map(str::to_string),
        ends: extra_str(extra, "ends").map(str::to_string),
        recipient: extra_str(extra, "recipient").map(str::to_string),
        translations,
        file_stem: if page.slug.is_empty() {
            "citation".to_string()
        } else {
            page.slug.clone()
        },
        folder,
    };
    reference.key = citation_key(&reference);
    reference
}

/// `preventionproject2017osce`: first author, year, first long title word, in ASCII.
fn citation_key(r: &Reference) -> String {
    let ascii = |s: &str| -> String {
        deunicode::deunicode(s)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_lowercase()
    };
    let who = r
        .creators
        .first()
        .map(|c| match c {
            Creator::Person { family, .. } => ascii(family),
            Creator::Organisation(name) => ascii(name),
        })
        .unwrap_or_else(|| ascii(&r.publisher));
    let year = r.date.map(|d| d.0.to_string()).unwrap_or_default();
    let word = deunicode::deunicode(&r.title)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find(|w| w.len() > 3)
        .map(|w| w.to_lowercase())
        .unwrap_or_default();
    let key: String = format!("{who}{year}{word}").chars().take(48).collect();
    if key.is_empty() { "doc".into() } else { key }
}

fn iso(d: (i16, i8, i8)) -> String {
    format!("{:04}-{:02}-{:02}", d.0, d.1, d.2)
}

fn slashed(d: (i16, i8, i8)) -> String {
    format!("{:04}/{:02}/{:02}", d.0, d.1, d.2)
}

impl SiteData {
    /// `citation(path, lang)`: how to cite the document at `path` (a
    /// content path, as `get_page` takes; a placeholder cites the document
    /// it shows): the reference's fields, `text` and `html` (formatted in
    /// `lang`, default the page being rendered), `meta` (name/content
    /// pairs), `json_ld`, `head` (all of it as markup for `<head>`) and
    /// `downloads` (BibTeX, RIS, CSL-JSON URLs when `[agora] citations`).
    pub(super) fn citation(&self, args: &Args) -> Result<Value, String> {
        let path = arg_str(args, "path")?.ok_or("`citation` needs the argument `path`")?;
        let lang = match arg_str(args, "lang")? {
            Some(l) if self.config.has_language(l) => l.to_string(),
            Some(l) => return Err(format!("citation: language `{l}` is not configured")),
            None => self.render_lang(),
        };
        let index = self
            .lib
            .pages_by_path
            .get(path.trim_start_matches("@/"))
            .copied()
            .or_else(|| {
                let content = self.root.join("content");
                let rel = std::path::Path::new(path)
                    .strip_prefix(&content)
                    .ok()?
                    .to_string_lossy()
                    .replace('\\', "/");
                self.lib.pages_by_path.get(&rel).copied()
            })
            .ok_or_else(|| format!("citation: page `{path}` not found"))?;
        let r = reference(&self.lib, &self.config, index);
        let (text, html) = formatted(&r, &lang, &self.config, &self.catalog);
        let epub = self.config.agora.ebooks.then(|| {
            let lang = &r.lang;
            self.config.make_permalink(&self.config.ebook_path(lang))
        });
        let meta = r.meta_tags(epub.as_deref());
        let json_ld = r.json_ld(&self.config.make_permalink(""));
        let downloads = self.config.agora.citations.then(|| {
            let [bib, ris, csl] = r.download_paths();
            json!({
                "bibtex": self.config.make_permalink(&bib),
                "ris": self.config.make_permalink(&ris),
                "csl_json": self.config.make_permalink(&csl),
            })
        });
        let mut links: Vec<(&str, &str, String)> = Vec::new();
        if let Some(d) = &downloads {
            for (mime, title, key) in [
                ("application/x-bibtex", "BibTeX", "bibtex"),
                ("application/x-research-info-systems", "RIS", "ris"),
                (
                    "application/vnd.citationstyles.csl+json",
                    "CSL-JSON",
                    "csl_json",
                ),
            ] {
                links.push((mime, title, d[key].as_str().unwrap_or_default().to_string()));
            }
        }
        if let Some(e) = &epub {
            links.push(("application/epub+zip", "EPUB", e.clone()));
        }
        let head = head_html(&meta, &json_ld, &links);
        Ok(json!({
            "type": r.kind.name(),
            "schema_type": r.kind.schema_type(),
            "key": r.key,
            "title": r.title,
            "authors": r.creators.iter().map(|c| json!({
                "name": c.display(),
                "organisation": matches!(c, Creator::Organisation(_)),
            })).collect::<Vec<_>>(),
            "date": r.date.map(iso),
            "year": r.date.map(|d| d.0),
            "lang": r.lang,
            "dir": crate::i18n::text_direction(&r.lang, &self.config),
            "publisher": r.publisher,
            "url": r.url,
            "doi": r.doi,
            "pdf_url": r.pdf_url,
            "epub_url": epub,
            "text": text,
            "html": html,
            "meta": meta.iter().map(|(n, c)| json!({"name": n, "content": c})).collect::<Vec<_>>(),
            "json_ld": serde_json::to_string(&json_ld).unwrap_or_default(),
            "head": head,
            "downloads": downloads,
        }))
    }
}

/// The BibTeX, RIS and CSL-JSON files of every real, rendered document
/// (with `[agora] citations = true`), beside its page; each with the
/// output path of its page.
pub fn citation_files(site: &SiteData) -> Vec<(String, OutputFile)> {
    if !site.config.agora.citations {
        return Vec::new();
    }
    let mut files = Vec::new();
    for (i, page) in site.lib.pages.iter().enumerate() {
        if page.placeholder.is_some() || !page.meta.render {
            continue;
        }
        let r = reference(&site.lib, &site.config, i);
        let [bib, ris, csl] = r.download_paths();
        let csl_text = serde_json::to_string_pretty(&r.csl_json()).unwrap_or_default() + "\n";
        let page_out = output_path_for(&page.path);
        for (path, text) in [(bib, r.bibtex()), (ris, r.ris()), (csl, csl_text)] {
            files.push((
                page_out.clone(),
                OutputFile {
                    path,
                    data: OutputData::Bytes(text.into_bytes()),
                },
            ));
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::formats::bib_escape;
    use super::*;

    #[test]
    fn names_split_into_given_and_family() {
        assert_eq!(
            Creator::person("Jane Q. Doe"),
            Creator::Person {
                given: "Jane Q.".into(),
                family: "Doe".into()
            }
        );
        assert_eq!(
            Creator::person("Doe, Jane"),
            Creator::Person {
                given: "Jane".into(),
                family: "Doe".into()
            }
        );
        assert_eq!(Creator::person("Plato").display(), "Plato");
    }

    #[test]
    fn bibtex_special_characters_are_escaped() {
        assert_eq!(bib_escape("R&D {50%} a_b"), "R\\&D \\{50\\%\\} a\\_b");
    }
}
