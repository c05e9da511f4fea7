//! Zola's search files, for themes that use them: with
//! `build_search_index`, `search_index.<lang>.js` (or `.json`) in
//! elasticlunr's format (elasticlunr-rs) for the default language and every
//! language that asks, plus `elasticlunr.min.js` (0.9.5, MIT, from npm).
//! The fuse formats write Fuse.js indexes instead.
//! Where elasticlunr has no stemmer for a language (Zola then fails the
//! build), the index is built unstemmed and a warning says so.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use elasticlunr::{IndexBuilder, Language, Pipeline};

use super::SearchSource;
use crate::artifact::{OutputData, OutputFile};
use crate::config::Search;
use crate::error::Diagnostic;

pub const ELASTICLUNR_JS: &str = include_str!("zola/elasticlunr.min.js");

/// Whitespace-split, lowercased words with punctuation trimmed off, and no
/// stemming or stop words: for languages elasticlunr lacks.
struct Unstemmed(String);

impl Language for Unstemmed {
    fn name(&self) -> String {
        self.0.clone()
    }
    fn code(&self) -> String {
        self.0.clone()
    }
    fn tokenize(&self, text: &str) -> Vec<String> {
        text.split(|c: char| c.is_whitespace() || c == '-')
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .filter(|w| !w.is_empty())
            .collect()
    }
    fn make_pipeline(&self) -> Pipeline {
        // Empty: elasticlunr.js's own trimmer would drop non-Latin words.
        Pipeline { queue: Vec::new() }
    }
}

fn path_tokenizer(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .filter(|s| !s.is_empty())
        .map(|s| s.trim().to_lowercase())
        .collect()
}

/// The text of rendered HTML as the index holds it, as Zola makes it:
/// ammonia with no tag allowed (so text only, entities decoded and written
/// back as its serializer writes them: `&amp;`, `&lt;`, `&nbsp;`…), the
/// content of `script`, `style` and `pre` dropped, white space collapsed
/// in each line, blank lines dropped, then cut at `truncate` characters.
pub fn index_text(html: &str, truncate: Option<usize>) -> String {
    static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut builder = ammonia::Builder::new();
        builder
            .tags(HashSet::new())
            .tag_attributes(HashMap::new())
            .generic_attributes(HashSet::new())
            .link_rel(None)
            .allowed_classes(HashMap::new())
            .clean_content_tags(HashSet::from(["script", "style", "pre"]));
        builder
    });
    let text = CLEANER.clean(html).to_string();
    let mut clean = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    if let Some(n) = truncate
        && let Some((i, _)) = clean.char_indices().nth(n)
    {
        clean.truncate(i);
    }
    clean
}

/// One document of the index.
struct Item {
    url: String,
    title: String,
    description: String,
    date: Option<String>,
    path: String,
    html: String,
}

fn items(site: &SearchSource<'_>, lang: &str) -> Vec<Item> {
    let lib = &site.lib;
    let mut out = Vec::new();
    for s in &lib.sections {
        // Zola indexes the home section it makes when `_index.md` is missing.
        let made_up = s.generated && !s.file.components.is_empty();
        if s.lang != lang || made_up || s.placeholder_of.is_some() || !s.meta.in_search_index {
            continue;
        }
        if s.meta.redirect_to.is_none() {
            out.push(Item {
                url: s.permalink.clone(),
                title: s.meta.title.clone().unwrap_or_default(),
                description: s.meta.description.clone().unwrap_or_default(),
                date: None,
                path: s.path.clone(),
                html: s.content.clone(),
            });
        }
        for &p in &s.pages {
            let page = &lib.pages[p];
            if page.placeholder.is_some() || !page.meta.in_search_index {
                continue;
            }
            out.push(Item {
                url: page.permalink.clone(),
                title: page.meta.title.clone().unwrap_or_default(),
                description: page.meta.description.clone().unwrap_or_default(),
                date: page.date.as_ref().map(|d| {
                    jiff::Timestamp::from_second(d.timestamp)
                        .map(|t| t.to_string())
                        .unwrap_or_else(|_| d.text.clone())
                }),
                path: page.path.clone(),
                html: page.content.unpack(),
            });
        }
    }
    out
}

fn build_index(
    site: &SearchSource<'_>,
    lang: &str,
    search: &Search,
) -> (String, Option<Diagnostic>) {
    let (language, warning): (Box<dyn Language>, _) = match elasticlunr::lang::from_code(lang) {
        Some(l) => (l, None),
        None => (
            Box::new(Unstemmed(lang.to_string())),
            Some(Diagnostic::warning(format!(
                "elasticlunr has no stemmer for `{lang}`: its search index (search_index.{lang}.*) is unstemmed (Zola refuses to build such a site)"
            ))),
        ),
    };
    let mut builder = IndexBuilder::with_language(language);
    if search.include_title {
        builder = builder.add_field("title");
    }
    if search.include_description {
        builder = builder.add_field("description");
    }
    if search.include_date {
        builder = builder.add_field("date");
    }
    if search.include_path {
        builder = builder.add_field_with_tokenizer("path", Box::new(path_tokenizer));
    }
    if search.include_content {
        builder = builder.add_field("body");
    }
    let mut index = builder.build();
    for item in items(site, lang) {
        let mut row = Vec::new();
        if search.include_title {
            row.push(item.title);
        }
        if search.include_description {
            row.push(item.description);
        }
        if search.include_date
            && let Some(d) = item.date
        {
            row.push(d);
        }
        if search.include_path {
            row.push(item.path);
        }
        if search.include_content {
            row.push(index_text(&item.html, search.truncate_content_length));
        }
        index.add_doc(&item.url, row);
    }
    (index.to_json(), warning)
}

/// The Fuse.js index: one object per document with the fields asked for.
fn build_fuse_index(site: &SearchSource<'_>, lang: &str, search: &Search) -> String {
    let docs: Vec<serde_json::Value> = items(site, lang)
        .into_iter()
        .map(|item| {
            let mut m = serde_json::Map::new();
            m.insert("url".into(), item.url.into());
            if search.include_title {
                m.insert("title".into(), item.title.into());
            }
            if search.include_description {
                m.insert("description".into(), item.description.into());
            }
            if search.include_content {
                m.insert(
                    "body".into(),
                    index_text(&item.html, search.truncate_content_length).into(),
                );
            }
            if search.include_path {
                m.insert("path".into(), item.path.into());
            }
            serde_json::Value::Object(m)
        })
        .collect();
    serde_json::Value::Array(docs).to_string()
}

/// Zola's search files of the site (none without `build_search_index`),
/// and warnings for languages indexed unstemmed.
pub fn build_zola_search_files(site: &SearchSource<'_>) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let config = &site.config;
    let mut langs: Vec<&str> = Vec::new();
    if config.build_search_index {
        langs.push(&config.default_language);
    }
    for (code, opts) in &config.languages {
        if *code != config.default_language && opts.build_search_index {
            langs.push(code);
        }
    }
    let (mut files, mut warnings) = (Vec::new(), Vec::new());
    if langs.is_empty() {
        return (files, warnings);
    }
    let search = &config.search;
    let (ext, javascript, fuse) = match search.index_format.as_str() {
        "elasticlunr_json" => ("json", false, false),
        "elasticlunr_javascript" => ("js", true, false),
        "fuse_json" => ("json", false, true),
        "fuse_javascript" => ("js", true, true),
        other => {
            warnings.push(Diagnostic::warning(format!(
                "unknown search index format `{other}`: no Zola search index was written (elasticlunr_javascript, elasticlunr_json, fuse_javascript or fuse_json)"
            )));
            return (files, warnings);
        }
    };
    for lang in langs {
        // What goes in the index is set per language, as in Zola: the
        // `[search]` table for the default language, `[languages.xx.search]`
        // (title and content only when absent) for the others.
        let own;
        let fields = if lang == config.default_language {
            search
        } else {
            own = config
                .languages
                .get(lang)
                .and_then(|l| l.search.clone())
                .unwrap_or_default();
            &own
        };
        let json = if fuse {
            build_fuse_index(site, lang, fields)
        } else {
            let (json, warning) = build_index(site, lang, fields);
            warnings.extend(warning);
            json
        };
        let text = if javascript {
            format!("window.searchIndex = {json}")
        } else {
            json
        };
        files.push(OutputFile {
            path: format!("search_index.{lang}.{ext}"),
            data: OutputData::Bytes(text.into_bytes()),
        });
    }
    if !fuse {
        files.push(OutputFile {
            path: "elasticlunr.min.js".into(),
            data: OutputData::Bytes(ELASTICLUNR_JS.as_bytes().to_vec()),
        });
    }
    (files, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_text_drops_tags_code_and_blank_lines() {
        assert_eq!(
            index_text(
                "<h1 id=\"a\">Title</h1>\n<p>Some   <em>text</em> &quot;q&quot;</p>\n\n<pre><code>code()</code></pre><script>x()</script>\n<p>end</p>",
                None
            ),
            "Title\nSome text \"q\"\nend"
        );
        assert_eq!(index_text("<p>hello</p>", Some(2)), "he");
    }

    #[test]
    fn noscript_content_is_text_with_its_tags() {
        assert_eq!(
            index_text(
                "<p>a</p>\n<noscript>\n<strong>JS & co</strong>\n</noscript>\n<p>b</p>",
                None
            ),
            "a\n&lt;strong&gt;JS &amp; co&lt;/strong&gt;\nb"
        );
    }

    #[test]
    fn entities_are_decoded_as_zolas_cleaner_decodes_them() {
        // easydocs: an icon font's private-use character written as an entity.
        assert_eq!(
            index_text("<p>See&nbsp;&#xE732; &lt;b&gt; &amp; &#39;x&#39;</p>", None),
            "See&nbsp;\u{e732} &lt;b&gt; &amp; 'x'"
        );
    }

    #[test]
    fn unstemmed_words_keep_their_script() {
        let words = Unstemmed("ky".into()).tokenize("Адам укуктары, (жана) эркиндик-тер!");
        assert_eq!(words, vec!["адам", "укуктары", "жана", "эркиндик", "тер"]);
    }
}
