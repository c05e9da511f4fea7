//! PO and XLIFF 1.2 files of documents, one entry per segment: the writers
//! (the readers are those of locale strings, [`super::po`] and
//! [`super::xliff`]). What a segment is and where it comes from is decided
//! in `site::documents`; this module only formats entries.
//!
//! PO: `msgctxt` is the segment's id (`briefs/x.md#p:3@1a2b3c4d`), `#:` its
//! place in the original (`content/briefs/x.md:14`), `#.` the heading it
//! falls under, and a segment whose source changed is `#, fuzzy` with
//! `#| msgctxt` and `#| msgid` of the source it was translated from.
//! XLIFF: one `file` per document, one `trans-unit` per segment (`id` =
//! the same id), `state` as for strings, the heading a `developer` note, the
//! previous source a `previous-source` note, the place a `context-group`.

use quick_xml::Writer;
use quick_xml::events::BytesText;

use super::po::{plural_forms, quote};

/// One segment of one document, as a translation tool sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentEntry {
    /// The document, under `content/` (`briefs/x.md`).
    pub document: String,
    /// `briefs/x.md#p:3@1a2b3c4d`.
    pub id: String,
    pub source: String,
    pub target: String,
    pub fuzzy: bool,
    /// For a fuzzy entry: the id and source text it was translated from.
    pub previous: Option<(String, Option<String>)>,
    /// `content/briefs/x.md`, and the line there.
    pub file: String,
    pub line: usize,
    /// The heading the segment falls under.
    pub heading: Option<String>,
}

/// What the header of a document file says.
pub struct DocumentFileHeader<'a> {
    pub source_lang: &'a str,
    pub lang: &'a str,
    pub lang_name: &'a str,
    pub project: &'a str,
    /// What the file holds, for its first comment (`section briefs`).
    pub what: &'a str,
    /// `YYYY-MM-DD HH:MM+ZZZZ`.
    pub revision_date: &'a str,
}

/// A PO string, split after each `\n` as gettext writes it.
fn po_field(name: &str, text: &str) -> String {
    if !text.contains('\n') || text.ends_with('\n') && text.matches('\n').count() == 1 {
        return format!("{name} {}\n", quote(text));
    }
    let mut out = format!("{name} \"\"\n");
    for piece in text.split_inclusive('\n') {
        out.push_str(&quote(piece));
        out.push('\n');
    }
    out
}

/// The PO file of some documents in one language.
pub fn export_documents_po(header: &DocumentFileHeader, entries: &[DocumentEntry]) -> String {
    let mut out = format!(
        "# {} translation of {}: {}.\n# Exported by agora, one entry per paragraph, heading, list item or cell.\n# Translate in any PO editor and import with `agora i18n import FILE`.\n",
        header.lang_name, header.project, header.what
    );
    out.push_str("msgid \"\"\nmsgstr \"\"\n");
    for (name, value) in [
        ("Project-Id-Version", header.project.to_string()),
        ("PO-Revision-Date", header.revision_date.to_string()),
        (
            "Last-Translator",
            "agora <translators@localhost>".to_string(),
        ),
        ("Language-Team", header.lang_name.to_string()),
        ("Language", header.lang.to_string()),
        ("MIME-Version", "1.0".to_string()),
        ("Content-Type", "text/plain; charset=UTF-8".to_string()),
        ("Content-Transfer-Encoding", "8bit".to_string()),
        ("Plural-Forms", plural_forms(header.lang)),
        ("X-Generator", "agora".to_string()),
        ("X-Source-Language", header.source_lang.to_string()),
        ("X-Agora-Content", "documents".to_string()),
    ] {
        out.push_str(&quote(&format!("{name}: {value}\n")));
        out.push('\n');
    }
    for e in entries {
        out.push('\n');
        if let Some(h) = &e.heading {
            out.push_str(&format!("#. {}\n", one_line(h)));
        }
        out.push_str(&format!("#: {}:{}\n", e.file, e.line));
        if e.fuzzy {
            out.push_str("#, fuzzy\n");
        }
        // gettext wants `#| msgctxt` only with a `#| msgid`: without the
        // earlier source text (no earlier export kept), the flag alone.
        if let Some((ctxt, Some(source))) = &e.previous {
            out.push_str(&format!("#| msgctxt {}\n", quote(ctxt)));
            for line in po_field("msgid", source).lines() {
                out.push_str("#| ");
                out.push_str(line);
                out.push('\n');
            }
        }
        out.push_str(&format!("msgctxt {}\n", quote(&e.id)));
        out.push_str(&po_field("msgid", &e.source));
        out.push_str(&po_field("msgstr", &e.target));
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The XLIFF 1.2 file of some documents in one language: a `file` per document.
pub fn export_documents_xliff(header: &DocumentFileHeader, entries: &[DocumentEntry]) -> String {
    let mut documents: Vec<(&str, Vec<&DocumentEntry>)> = Vec::new();
    for e in entries {
        match documents.last_mut() {
            Some((d, list)) if *d == e.document => list.push(e),
            _ => documents.push((&e.document, vec![e])),
        }
    }
    super::xliff::xliff_document(|w| {
        for (_, list) in &documents {
            let original = list.first().map_or("", |e| e.file.as_str());
            w.create_element("file")
                .with_attribute(("original", original))
                .with_attribute(("source-language", header.source_lang))
                .with_attribute(("target-language", header.lang))
                .with_attribute(("datatype", "x-markdown"))
                .with_attribute(("tool-id", "agora"))
                .with_attribute(("product-name", header.project))
                .write_inner_content(|w| {
                    w.create_element("body").write_inner_content(|w| {
                        for e in list {
                            write_unit(w, e)?;
                        }
                        Ok(())
                    })?;
                    Ok(())
                })?;
        }
        Ok(())
    })
}

fn write_unit(w: &mut Writer<Vec<u8>>, e: &DocumentEntry) -> std::io::Result<()> {
    let state = if e.target.is_empty() {
        "needs-translation"
    } else if e.fuzzy {
        "needs-review-translation"
    } else {
        "translated"
    };
    w.create_element("trans-unit")
        .with_attribute(("id", e.id.as_str()))
        .with_attribute(("resname", e.id.as_str()))
        .with_attribute(("xml:space", "preserve"))
        .write_inner_content(|w| {
            w.create_element("source")
                .write_text_content(BytesText::new(&e.source))?;
            w.create_element("target")
                .with_attribute(("state", state))
                .write_text_content(BytesText::new(&e.target))?;
            w.create_element("context-group")
                .with_attribute(("purpose", "location"))
                .write_inner_content(|w| {
                    w.create_element("context")
                        .with_attribute(("context-type", "sourcefile"))
                        .write_text_content(BytesText::new(&e.file))?;
                    w.create_element("context")
                        .with_attribute(("context-type", "linenumber"))
                        .write_text_content(BytesText::new(&e.line.to_string()))?;
                    Ok(())
                })?;
            if let Some(h) = &e.heading {
                w.create_element("note")
                    .with_attribute(("from", "developer"))
                    .write_text_content(BytesText::new(&one_line(h)))?;
            }
            if let Some((_, Some(previous))) = &e.previous {
                w.create_element("note")
                    .with_attribute(("from", "previous-source"))
                    .write_text_content(BytesText::new(previous))?;
            }
            Ok(())
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_strings_are_split_after_each_newline() {
        assert_eq!(po_field("msgid", "one"), "msgid \"one\"\n");
        assert_eq!(
            po_field("msgid", "one\ntwo"),
            "msgid \"\"\n\"one\\n\"\n\"two\"\n"
        );
    }
}
