//! A page of the library (a document in one language, or a placeholder
//! standing in for a missing translation), its dates, and how it is made
//! from a content file.

use super::*;

/// A date as written in front matter, with what sorting and templates need.
#[derive(Debug, Clone, PartialEq)]
pub struct DateInfo {
    /// As Zola shows it (`2017-06-20` or `2017-06-20T10:00:00Z`).
    pub text: String,
    pub year: i16,
    pub month: i8,
    pub day: i8,
    /// Seconds since the epoch (UTC; local times taken as UTC), for sorting.
    pub timestamp: i64,
}

/// The folders of a URL path (`/blog/post/` → `["blog", "post"]`): Zola's `components`.
pub fn path_components(path: &str) -> Vec<&str> {
    path.split('/').filter(|c| !c.is_empty()).collect()
}

impl DateInfo {
    /// Puts a page's `date`, `year`, `month` and `day` into a template view
    /// (all null without a date), as Zola shows them.
    pub fn insert_fields(
        date: Option<&DateInfo>,
        m: &mut serde_json::Map<String, serde_json::Value>,
    ) {
        let field = |f: fn(&DateInfo) -> serde_json::Value| date.map_or(serde_json::Value::Null, f);
        m.insert("date".into(), field(|d| d.text.clone().into()));
        m.insert("year".into(), field(|d| d.year.into()));
        m.insert("month".into(), field(|d| d.month.into()));
        m.insert("day".into(), field(|d| d.day.into()));
    }
}

#[derive(Debug, Clone)]
pub struct Page {
    pub file: FileInfo,
    pub meta: PageFrontMatter,
    pub lang: String,
    pub slug: String,
    /// URL path, `/blog/post/`.
    pub path: String,
    pub permalink: String,
    /// Where the Markdown body starts in the file (the body itself is not
    /// kept: it is read again when rendered).
    pub body_offset: usize,
    /// Rendered HTML, compressed, shared with the placeholders that show this page.
    pub content: PackedHtml,
    pub summary: Option<Arc<str>>,
    pub toc: Vec<Heading>,
    pub word_count: usize,
    pub reading_time: usize,
    pub date: Option<DateInfo>,
    pub updated: Option<DateInfo>,
    pub assets: Vec<PathBuf>,
    pub parent_section: Option<usize>,
    pub ancestors: Vec<usize>,
    pub lower: Option<usize>,
    pub higher: Option<usize>,
    pub translations: Vec<usize>,
    pub internal_links: Vec<(String, Option<String>)>,
    /// `http(s)://` links of the Markdown, in order (`agora check`).
    pub external_links: Vec<String>,
    /// Set when this page stands in for a missing translation.
    pub placeholder: Option<Placeholder>,
    /// This file's version: a hash of its Markdown body (see [`source_version`]).
    pub version: String,
    /// For a translation: the version of the original it was made from
    /// (`[extra.agora] source_version`), when recorded.
    pub translated_from: Option<String>,
    /// For a translation whose original changed since: the original.
    pub outdated_of: Option<usize>,
    /// For a translation written by segment (`[extra.agora] segments`): how
    /// many of the original's segments it translates, current or not.
    pub segments: Option<SegmentCoverage>,
}

/// The version of a document: the first 16 hex digits of the SHA-256 of its
/// Markdown body (after the front matter, line endings normalised, outer
/// white space trimmed). Front-matter edits (a date, a tag) do not change it.
pub fn source_version(body: &str) -> String {
    use sha2::Digest;
    let normalised = body.replace("\r\n", "\n");
    let digest = sha2::Sha256::digest(normalised.trim().as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The `source_version` a translation's front matter records, under `[extra.agora]`.
pub fn recorded_source_version(extra: &toml::Table) -> Option<String> {
    extra
        .get("agora")?
        .as_table()?
        .get("source_version")?
        .as_str()
        .map(str::to_string)
}

/// A page's rendered HTML, kept compressed (LZ4) between rendering the
/// Markdown and writing the page: a site's text is most of a build's memory,
/// and each page's HTML is read back only a few times.
#[derive(Clone, Default)]
pub struct PackedHtml(Option<Arc<[u8]>>);

impl PackedHtml {
    const BAD: &str = "packed HTML is valid LZ4 of UTF-8 written by `pack`";

    pub fn pack(html: &str) -> PackedHtml {
        if html.is_empty() {
            return PackedHtml(None);
        }
        PackedHtml(Some(Arc::from(lz4_flex::compress_prepend_size(
            html.as_bytes(),
        ))))
    }

    pub fn unpack(&self) -> String {
        let Some(bytes) = &self.0 else {
            return String::new();
        };
        lz4_flex::decompress_size_prepended(bytes)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .expect(Self::BAD)
    }

    /// The HTML, unpacked into `buf` (kept between calls, so that reading
    /// many pages allocates once): what the search index reads.
    pub fn unpack_into<'b>(&self, buf: &'b mut Vec<u8>) -> &'b str {
        buf.clear();
        let Some(bytes) = &self.0 else {
            return "";
        };
        let (size, rest) = lz4_flex::block::uncompressed_size(bytes).expect(Self::BAD);
        buf.resize(size, 0);
        let written = lz4_flex::block::decompress_into(rest, buf).expect(Self::BAD);
        buf.truncate(written);
        simdutf8::basic::from_utf8(buf).expect(Self::BAD)
    }
}

impl std::fmt::Debug for PackedHtml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let size = self.0.as_ref().map_or(0, |b| b.len());
        write!(f, "PackedHtml({size} bytes)")
    }
}

/// A page generated where a translation is missing: it shows `source`, the
/// best version along the language's fallback chain.
#[derive(Debug, Clone, PartialEq)]
pub struct Placeholder {
    pub source: usize,
    pub source_lang: String,
}

pub(super) fn new_page(
    file: FileInfo,
    meta: PageFrontMatter,
    body: &str,
    body_offset: usize,
    config: &Config,
    text: &str,
) -> std::result::Result<Page, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let (file_date, name_without_date) = split_date_prefix(&file.name);
    let date = match &meta.date {
        Some(v) => parse_date(v).map_err(|m| date_error(&file.path, text, "date", &m)),
        None => match &file_date {
            Some(d) => parse_date(&toml::Value::String(d.clone()))
                .map_err(|m| date_error(&file.path, text, "date", &m)),
            None => Ok(None),
        },
    };
    let date = date.unwrap_or_else(|d| {
        errors.push(d);
        None
    });
    let updated = match &meta.updated {
        Some(v) => parse_date(v).unwrap_or_else(|m| {
            errors.push(date_error(&file.path, text, "updated", &m));
            None
        }),
        None => None,
    };
    let slug_source = if file_date.is_some() && !config.slugify.paths_keep_dates {
        name_without_date
    } else {
        file.name.clone()
    };
    let slug = match &meta.slug {
        Some(s) => content::slugify(s, config.slugify.paths),
        None => content::slugify(&slug_source, config.slugify.paths),
    };
    let path = match &meta.path {
        Some(p) => {
            let p = p.trim().trim_start_matches('/');
            if p.split('/').any(|part| part == "..") {
                errors.push(
                    Diagnostic::error("`path` must stay inside the site: `..` is not allowed")
                        .in_file(&file.path)
                        .at(text, crate::config::find_key_span(text, "path")),
                );
            }
            let p = p.trim_end_matches('/');
            if p.is_empty() || p.ends_with(".html") || p.ends_with(".xml") {
                format!("/{p}")
            } else {
                format!("/{p}/")
            }
        }
        None => {
            let mut path = format!("/{}", lang_prefix(&file.lang, config));
            for c in &file.components {
                path.push_str(c);
                path.push('/');
            }
            path.push_str(&slug);
            path.push('/');
            path
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let permalink = config.make_permalink(&path);
    let words = content::word_count(body);
    let translated_from = recorded_source_version(&meta.extra);
    Ok(Page {
        lang: file.lang.clone(),
        file,
        meta,
        slug,
        path,
        permalink,
        body_offset,
        content: PackedHtml::default(),
        summary: None,
        toc: Vec::new(),
        word_count: words,
        reading_time: words.div_ceil(200),
        date,
        updated,
        assets: Vec::new(),
        parent_section: None,
        ancestors: Vec::new(),
        lower: None,
        higher: None,
        translations: Vec::new(),
        internal_links: Vec::new(),
        external_links: Vec::new(),
        placeholder: None,
        version: source_version(body),
        translated_from,
        outdated_of: None,
        segments: None,
    })
}

pub(super) fn date_error(path: &Path, text: &str, key: &str, message: &str) -> Diagnostic {
    Diagnostic::error(format!("`{key}` is not a valid date: {message}"))
        .in_file(path)
        .at(text, crate::config::find_key_span(text, key))
        .with_help("write dates as 2017-06-20, 2017-06-20T10:00:00 or 2017-06-20T10:00:00+02:00")
}

/// Parses a front-matter date: TOML datetime or a string in RFC 3339,
/// local date-time or `YYYY-MM-DD` form.
pub fn parse_date(value: &toml::Value) -> std::result::Result<Option<DateInfo>, String> {
    let text = match value {
        toml::Value::Datetime(d) => d.to_string(),
        // As Zola: a string that reads as a TOML date is written back as
        // TOML writes it (`2018-11-05 15:01:35` → `2018-11-05T15:01:35`).
        toml::Value::String(s) => match s.trim().parse::<toml::value::Datetime>() {
            Ok(d) => d.to_string(),
            Err(_) => s.trim().to_string(),
        },
        other => return Err(format!("expected a date, found `{other}`")),
    };
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        let dt = ts.to_zoned(jiff::tz::TimeZone::UTC);
        let offset_dt = text
            .parse::<jiff::civil::DateTime>()
            .unwrap_or(dt.datetime());
        return Ok(Some(DateInfo {
            text,
            year: offset_dt.year(),
            month: offset_dt.month(),
            day: offset_dt.day(),
            timestamp: ts.as_second(),
        }));
    }
    if let Ok(dt) = text.replacen(' ', "T", 1).parse::<jiff::civil::DateTime>() {
        let ts = dt
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map_err(|e| e.to_string())?
            .timestamp()
            .as_second();
        return Ok(Some(DateInfo {
            text,
            year: dt.year(),
            month: dt.month(),
            day: dt.day(),
            timestamp: ts,
        }));
    }
    match text.parse::<jiff::civil::Date>() {
        Ok(d) => {
            let ts = d
                .to_zoned(jiff::tz::TimeZone::UTC)
                .map_err(|e| e.to_string())?
                .timestamp()
                .as_second();
            Ok(Some(DateInfo {
                text,
                year: d.year(),
                month: d.month(),
                day: d.day(),
                timestamp: ts,
            }))
        }
        Err(e) => Err(format!("`{text}`: {e}")),
    }
}
