//! The forms a [`Reference`] is written in: BibTeX, RIS, CSL-JSON, the
//! Highwire and Dublin Core meta tags with schema.org JSON-LD, and the
//! formatted reference in the reader's language.

use super::*;

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
pub(super) fn bib_escape(s: &str) -> String {
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
pub(super) fn bib_url(s: &str) -> String {
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
pub(super) fn head_html(
    meta: &[(&str, String)],
    json_ld: &Value,
    links: &[(&str, &str, String)],
) -> String {
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
