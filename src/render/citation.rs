//! How to cite a document: its reference (who, what, when, where), built
//! from its front matter, its section's `[extra.citation]` and the config,
//! and the forms the reference is written in — Highwire `citation_*` and
//! Dublin Core meta tags, schema.org JSON-LD, BibTeX, RIS, CSL-JSON, and a
//! formatted reference in the reader's language. Engine-neutral: the
//! `citation(path=…)` function hands it to every template engine, and
//! [`citation_files`] makes the download files. Writes nothing itself.

use serde_json::{Map, Value, json};

use super::functions::{Args, SiteData, arg_str};
use super::translation_views::ui_string;
use crate::artifact::{OutputData, OutputFile, output_path_for};
use crate::config::Config;
use crate::content::escape_html as escape;
use crate::site::{Library, Page};

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

impl Reference {
    /// Authors for the formats: the creators, else the publisher (an
    /// organisation is the author of what it publishes unsigned).
    fn authors(&self) -> Vec<Creator> {
        if self.creators.is_empty() {
            vec![Creator::Organisation(self.publisher.clone())]
        } else {
            self.creators.clone()
        }
    }

    fn doi_url(&self) -> Option<String> {
        self.doi.as_ref().map(|d| format!("https://doi.org/{d}"))
    }

    /// The download paths (inside the output folder): BibTeX, RIS, CSL-JSON.
    pub fn download_paths(&self) -> [String; 3] {
        let base = format!("{}{}", self.folder.trim_start_matches('/'), self.file_stem);
        [
            format!("{base}.bib"),
            format!("{base}.ris"),
            format!("{base}.json"),
        ]
    }

    /// Highwire Press and Dublin Core meta tags, as (name, content) pairs,
    /// with the names Google Scholar's inclusion guidelines and Zotero's
    /// Embedded Metadata translator read.
    pub fn meta_tags(&self, epub_url: Option<&str>) -> Vec<(&'static str, String)> {
        let mut m: Vec<(&'static str, String)> = vec![("citation_title", self.title.clone())];
        for a in self.authors() {
            m.push(("citation_author", a.inverted()));
        }
        if let Some(d) = self.date {
            m.push(("citation_publication_date", slashed(d)));
        }
        if let Some(d) = self.updated.or(self.date) {
            m.push(("citation_online_date", slashed(d)));
        }
        m.push(("citation_language", self.lang.clone()));
        m.push(("citation_publisher", self.publisher.clone()));
        if self.kind == Kind::Report {
            let institution = self
                .creators
                .iter()
                .find_map(|c| match c {
                    Creator::Organisation(n) => Some(n.clone()),
                    _ => None,
                })
                .unwrap_or_else(|| self.publisher.clone());
            m.push(("citation_technical_report_institution", institution));
        }
        if let Some(doi) = &self.doi {
            m.push(("citation_doi", doi.clone()));
        }
        if let Some(pdf) = &self.pdf_url {
            m.push(("citation_pdf_url", pdf.clone()));
        }
        m.push(("citation_abstract_html_url", self.url.clone()));
        m.push(("citation_fulltext_html_url", self.url.clone()));
        m.push(("citation_public_url", self.url.clone()));
        if !self.keywords.is_empty() {
            m.push(("citation_keywords", self.keywords.join("; ")));
        }
        if let Some(d) = &self.description {
            m.push(("citation_abstract", d.clone()));
        }
        m.push(("DC.title", self.title.clone()));
        for a in self.authors() {
            m.push(("DC.creator", a.inverted()));
        }
        if let Some(d) = self.date {
            m.push(("DC.date", iso(d)));
        }
        m.push(("DC.language", self.lang.clone()));
        m.push(("DC.publisher", self.publisher.clone()));
        m.push(("DC.type", "Text".into()));
        m.push(("DC.format", "text/html".into()));
        m.push(("DC.identifier", self.url.clone()));
        if let Some(doi) = self.doi_url() {
            m.push(("DC.identifier", doi));
        }
        if let Some(d) = &self.description {
            m.push(("DC.description", d.clone()));
        }
        for k in &self.keywords {
            m.push(("DC.subject", k.clone()));
        }
        if let Some(epub) = epub_url {
            m.push(("DC.relation", epub.to_string()));
        }
        m
    }

    /// schema.org JSON-LD, typed by the document's kind.
    pub fn json_ld(&self, publisher_url: &str) -> Value {
        let people: Vec<Value> = self
            .authors()
            .iter()
            .map(|c| match c {
                Creator::Person { given, family } => json!({
                    "@type": "Person",
                    "name": c.display(),
                    "givenName": given,
                    "familyName": family,
                }),
                Creator::Organisation(name) => json!({"@type": "Organization", "name": name}),
            })
            .collect();
        let publisher =
            json!({"@type": "Organization", "name": self.publisher, "url": publisher_url});
        let mut m = Map::new();
        m.insert("@context".into(), json!("https://schema.org"));
        m.insert("@type".into(), json!(self.kind.schema_type()));
        m.insert("@id".into(), json!(self.url));
        m.insert("name".into(), json!(self.title));
        m.insert("url".into(), json!(self.url));
        m.insert("inLanguage".into(), json!(self.lang));
        if let Some(d) = &self.description {
            m.insert("description".into(), json!(d));
        }
        if !self.keywords.is_empty() {
            m.insert("keywords".into(), json!(self.keywords));
        }
        if self.kind == Kind::Event {
            m.insert("organizer".into(), Value::Array(people));
            if let Some(s) = &self.starts {
                m.insert("startDate".into(), json!(s));
            } else if let Some(d) = self.date {
                m.insert("startDate".into(), json!(iso(d)));
            }
            if let Some(e) = &self.ends {
                m.insert("endDate".into(), json!(e));
            }
            if let Some(place) = &self.location {
                let online = ["online", "virtual", "en ligne", "онлайн"]
                    .contains(&place.to_lowercase().as_str());
                if online {
                    m.insert(
                        "eventAttendanceMode".into(),
                        json!("https://schema.org/OnlineEventAttendanceMode"),
                    );
                    m.insert(
                        "location".into(),
                        json!({"@type": "VirtualLocation", "url": self.url}),
                    );
                } else {
                    m.insert("location".into(), json!({"@type": "Place", "name": place}));
                }
            }
            m.insert(
                "subjectOf".into(),
                json!({"@type": "WebPage", "url": self.url, "publisher": publisher}),
            );
            return Value::Object(m);
        }
        m.insert("headline".into(), json!(self.title));
        if self.kind == Kind::Letter {
            m.insert("sender".into(), Value::Array(people.clone()));
            if let Some(r) = &self.recipient {
                m.insert("recipient".into(), json!({"@type": "Person", "name": r}));
            }
            if let Some(d) = self.date {
                m.insert("dateSent".into(), json!(iso(d)));
            }
        }
        m.insert("author".into(), Value::Array(people));
        m.insert("publisher".into(), publisher);
        if let Some(d) = self.date {
            m.insert("datePublished".into(), json!(iso(d)));
        }
        if let Some(d) = self.updated {
            m.insert("dateModified".into(), json!(iso(d)));
        }
        if let Some(doi) = self.doi_url() {
            m.insert("sameAs".into(), json!(doi));
            m.insert(
                "identifier".into(),
                json!({"@type": "PropertyValue", "propertyID": "DOI", "value": self.doi}),
            );
        }
        if !self.translations.is_empty() {
            m.insert(
                "workTranslation".into(),
                Value::Array(
                    self.translations
                        .iter()
                        .map(|(lang, url)| json!({"@type": self.kind.schema_type(), "url": url, "inLanguage": lang}))
                        .collect(),
                ),
            );
        }
        if let Some(pdf) = &self.pdf_url {
            m.insert(
                "encoding".into(),
                json!({"@type": "MediaObject", "contentUrl": pdf, "encodingFormat": "application/pdf"}),
            );
        }
        Value::Object(m)
    }

    /// The reference as one BibTeX entry.
    pub fn bibtex(&self) -> String {
        let names: Vec<String> = self
            .authors()
            .iter()
            .map(|c| match c {
                Creator::Person { given, family } if given.is_empty() => bib_escape(family),
                Creator::Person { given, family } => {
                    format!("{}, {}", bib_escape(family), bib_escape(given))
                }
                // Braces keep an organisation's name whole (not split into first and last names).
                Creator::Organisation(name) => format!("{{{}}}", bib_escape(name)),
            })
            .collect();
        let mut fields: Vec<(&str, String)> = vec![
            ("title", format!("{{{}}}", bib_escape(&self.title))),
            ("author", names.join(" and ")),
        ];
        if let Some(d) = self.date {
            fields.push(("year", d.0.to_string()));
            fields.push(("date", iso(d)));
        }
        let publisher = bib_escape(&self.publisher);
        if self.kind == Kind::Report {
            fields.push(("institution", publisher));
        } else {
            fields.push(("publisher", publisher));
            fields.push(("howpublished", format!("\\url{{{}}}", bib_url(&self.url))));
        }
        fields.push(("url", bib_url(&self.url)));
        if let Some(doi) = &self.doi {
            fields.push(("doi", bib_url(doi)));
        }
        fields.push(("language", self.lang.clone()));
        if let Some(place) = &self.location {
            fields.push(("address", bib_escape(place)));
        }
        if !self.keywords.is_empty() {
            fields.push(("keywords", bib_escape(&self.keywords.join(", "))));
        }
        if let Some(d) = &self.description {
            fields.push(("abstract", bib_escape(d)));
        }
        let mut out = format!("@{}{{{},\n", self.kind.bibtex_type(), self.key);
        for (name, value) in fields {
            out.push_str(&format!("  {name} = {{{value}}},\n"));
        }
        out.push_str("}\n");
        out
    }

    /// The reference as one RIS record (CRLF line ends, as the format asks).
    pub fn ris(&self) -> String {
        let mut lines: Vec<(&str, String)> = vec![("TY", self.kind.ris_type().into())];
        lines.push(("TI", self.title.clone()));
        for a in self.authors() {
            lines.push(("AU", a.inverted()));
        }
        if let Some(d) = self.date {
            lines.push(("PY", d.0.to_string()));
            lines.push(("DA", slashed(d)));
        }
        lines.push(("LA", self.lang.clone()));
        lines.push(("PB", self.publisher.clone()));
        if let Some(place) = &self.location {
            lines.push(("CY", place.clone()));
        }
        lines.push(("UR", self.url.clone()));
        if let Some(doi) = &self.doi {
            lines.push(("DO", doi.clone()));
        }
        for k in &self.keywords {
            lines.push(("KW", k.clone()));
        }
        if let Some(d) = &self.description {
            lines.push(("AB", d.clone()));
        }
        lines.push(("ER", String::new()));
        let mut out = String::new();
        for (tag, value) in lines {
            let value = value.replace(['\r', '\n'], " ");
            out.push_str(&format!("{tag}  - {value}\r\n"));
        }
        out
    }

    /// The reference as CSL-JSON (an array of one item), for Zotero,
    /// Mendeley, Pandoc and every CSL processor.
    pub fn csl_json(&self) -> Value {
        let authors: Vec<Value> = self
            .authors()
            .iter()
            .map(|c| match c {
                Creator::Person { given, family } => json!({"family": family, "given": given}),
                Creator::Organisation(name) => json!({"literal": name}),
            })
            .collect();
        let mut m = Map::new();
        m.insert("id".into(), json!(self.key));
        m.insert("type".into(), json!(self.kind.csl_type()));
        m.insert("title".into(), json!(self.title));
        m.insert("author".into(), Value::Array(authors));
        if let Some(d) = self.date {
            m.insert("issued".into(), json!({"date-parts": [[d.0, d.1, d.2]]}));
        }
        m.insert("language".into(), json!(self.lang));
        m.insert("publisher".into(), json!(self.publisher));
        if let Some(place) = &self.location {
            m.insert("publisher-place".into(), json!(place));
        }
        m.insert("URL".into(), json!(self.url));
        if let Some(doi) = &self.doi {
            m.insert("DOI".into(), json!(doi));
        }
        if let Some(d) = &self.description {
            m.insert("abstract".into(), json!(d));
        }
        if !self.keywords.is_empty() {
            m.insert("keyword".into(), json!(self.keywords.join(", ")));
        }
        if let Some(r) = &self.recipient {
            m.insert("recipient".into(), json!([{"literal": r}]));
        }
        Value::Array(vec![Value::Object(m)])
    }
}

/// Escapes BibTeX's special characters in a field's text.
fn bib_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A URL in a BibTeX field: kept as is (the `url` package reads it
/// verbatim), only braces that would unbalance the field escaped.
fn bib_url(s: &str) -> String {
    s.replace('{', "%7B").replace('}', "%7D")
}

/// The formatted reference in the reader's language `lang` (a plain-text
/// and an HTML form), from the locale strings `agora_cite_format`,
/// `agora_cite_and`, `agora_cite_no_date` and `agora_cite_in_language`.
pub fn formatted(
    r: &Reference,
    lang: &str,
    config: &Config,
    catalog: &crate::i18n::Catalog,
) -> (String, String) {
    let and = ui_string("agora_cite_and", lang, config, catalog, &[]);
    let names: Vec<String> = r.creators.iter().map(Creator::display).collect();
    let join = |names: &[String], wrap: &dyn Fn(&str) -> String| -> String {
        let wrapped: Vec<String> = names.iter().map(|n| wrap(n)).collect();
        match wrapped.len() {
            0 => String::new(),
            1 => wrapped[0].clone(),
            n => format!("{} {and} {}", wrapped[..n - 1].join(", "), wrapped[n - 1]),
        }
    };
    let authors_text = if names.is_empty() {
        r.publisher.clone()
    } else {
        join(&names, &|n| n.to_string())
    };
    let authors_html = if names.is_empty() {
        format!("<bdi>{}</bdi>", escape(&r.publisher))
    } else {
        join(&names, &|n| format!("<bdi>{}</bdi>", escape(n)))
    };
    let year = r
        .date
        .map(|d| d.0.to_string())
        .unwrap_or_else(|| ui_string("agora_cite_no_date", lang, config, catalog, &[]));
    // The publisher is left out when it is the only author already.
    let publisher = if names.is_empty() || names == [r.publisher.clone()] {
        String::new()
    } else {
        r.publisher.clone()
    };
    let link = r.doi_url().unwrap_or_else(|| r.url.clone());
    let language_note = (r.lang != lang).then(|| {
        ui_string(
            "agora_cite_in_language",
            lang,
            config,
            catalog,
            &[(
                "language",
                &crate::i18n::language_name_in(&r.lang, lang, config, catalog),
            )],
        )
    });
    let title_text = match &language_note {
        Some(note) => format!("{} [{note}]", r.title),
        None => r.title.clone(),
    };
    let dir = crate::i18n::text_direction(&r.lang, config);
    let title_html = {
        let cite = if r.lang != lang {
            format!(
                "<cite lang=\"{}\" dir=\"{dir}\">{}</cite>",
                escape(&r.lang),
                escape(&r.title)
            )
        } else {
            format!("<cite>{}</cite>", escape(&r.title))
        };
        match &language_note {
            Some(note) => format!("{cite} [{}]", escape(note)),
            None => cite,
        }
    };
    // Rendered once with markers in place of the values: the translator's
    // text is escaped, the values go in afterwards (as text or as markup).
    const MARK: [&str; 5] = [
        "\u{E000}a\u{E001}",
        "\u{E000}y\u{E001}",
        "\u{E000}t\u{E001}",
        "\u{E000}p\u{E001}",
        "\u{E000}u\u{E001}",
    ];
    let pattern = ui_string(
        "agora_cite_format",
        lang,
        config,
        catalog,
        &[
            ("authors", MARK[0]),
            ("year", MARK[1]),
            ("title", MARK[2]),
            ("publisher", if publisher.is_empty() { "" } else { MARK[3] }),
            ("url", MARK[4]),
        ],
    );
    let text_values = [&authors_text, &year, &title_text, &publisher, &link];
    let link_html = format!(
        "<a href=\"{}\" dir=\"ltr\">{}</a>",
        escape(&link),
        escape(&link)
    );
    let html_values = [
        &authors_html,
        &escape(&year),
        &title_html,
        &format!("<bdi>{}</bdi>", escape(&publisher)),
        &link_html,
    ];
    let mut text = pattern.clone();
    let mut html = escape(&pattern);
    for (i, mark) in MARK.iter().enumerate() {
        text = text.replace(mark, text_values[i]);
        html = html.replace(mark, html_values[i]);
    }
    (text.trim().to_string(), html.trim().to_string())
}

/// The `<head>` markup of a reference: meta tags, the Dublin Core schema
/// link, alternate links to the downloads and the e-book, the JSON-LD.
fn head_html(meta: &[(&str, String)], json_ld: &Value, links: &[(&str, &str, String)]) -> String {
    let mut out =
        String::from("<link rel=\"schema.DC\" href=\"http://purl.org/dc/elements/1.1/\">\n");
    for (name, content) in meta {
        out.push_str(&format!(
            "<meta name=\"{name}\" content=\"{}\">\n",
            escape(content)
        ));
    }
    for (mime, title, href) in links {
        out.push_str(&format!(
            "<link rel=\"alternate\" type=\"{mime}\" title=\"{title}\" href=\"{}\">\n",
            escape(href)
        ));
    }
    // `</` cannot end the script early.
    let ld = serde_json::to_string(json_ld)
        .unwrap_or_default()
        .replace("</", "<\\/");
    out.push_str(&format!(
        "<script type=\"application/ld+json\">{ld}</script>\n"
    ));
    out
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
