//! XLIFF 1.2 export and import of locale strings (quick-xml). One
//! `trans-unit` per key (`id` = key); a plural key is a `group` of units
//! `key[category]`, one per CLDR category of the language. `state` is
//! `translated`, `needs-translation` (empty) or `needs-review-translation`
//! (fuzzy, or made from another source text, which a note `from =
//! "previous-source"` gives); the key's `description` is a `developer` note.

use std::collections::BTreeMap;

use quick_xml::Reader;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::po::ExportRequest;
use super::{Entry, Imported, plural_categories};

const NS: &str = "urn:oasis:names:tc:xliff:document:1.2";

type W = Writer<Vec<u8>>;

fn unit(
    w: &mut W,
    id: &str,
    source: &str,
    target: &str,
    state: &str,
    notes: &[(&str, &str)],
) -> std::io::Result<()> {
    w.create_element("trans-unit")
        .with_attribute(("id", id))
        .with_attribute(("resname", id))
        .write_inner_content(|w| {
            w.create_element("source")
                .write_text_content(BytesText::new(source))?;
            w.create_element("target")
                .with_attribute(("state", state))
                .write_text_content(BytesText::new(target))?;
            for (from, text) in notes {
                w.create_element("note")
                    .with_attribute(("from", *from))
                    .write_text_content(BytesText::new(text))?;
            }
            Ok(())
        })?;
    Ok(())
}

/// The XLIFF 1.2 file of one language.
pub fn export_xliff(req: &ExportRequest) -> String {
    xliff_document(|w| {
        w.create_element("file")
            .with_attribute(("original", format!("i18n/{}.toml", req.lang).as_str()))
            .with_attribute(("source-language", req.source_lang))
            .with_attribute(("target-language", req.lang))
            .with_attribute(("datatype", "plaintext"))
            .with_attribute(("tool-id", "agora"))
            .write_inner_content(|w| {
                w.create_element("body").write_inner_content(|w| {
                    for (key, source) in &req.source {
                        write_entry(
                            w,
                            key,
                            source,
                            req.target.and_then(|t| t.get(*key)),
                            req.lang,
                        )?;
                    }
                    Ok(())
                })?;
                Ok(())
            })?;
        Ok(())
    })
}

/// An XLIFF 1.2 file in memory: the declaration and the `xliff` root, whose
/// content `files` writes (its `file` elements).
pub(crate) fn xliff_document(files: impl FnOnce(&mut W) -> std::io::Result<()>) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let result = (|| -> std::io::Result<()> {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element("xliff")
            .with_attribute(("version", "1.2"))
            .with_attribute(("xmlns", NS))
            .write_inner_content(files)?;
        Ok(())
    })();
    result.expect("writing XML to memory cannot fail");
    let mut out = String::from_utf8(w.into_inner()).expect("XML written from UTF-8 strings");
    out.push('\n');
    out
}

fn write_entry(
    w: &mut W,
    key: &str,
    source: &Entry,
    target: Option<&Entry>,
    lang: &str,
) -> std::io::Result<()> {
    let outdated = target.is_some_and(|t| t.is_outdated(source));
    let previous = target
        .and_then(|t| t.source.as_ref())
        .filter(|p| **p != source.source_forms());
    let state = |text: &str| {
        if text.is_empty() {
            "needs-translation"
        } else if outdated {
            "needs-review-translation"
        } else {
            "translated"
        }
    };
    let form = |e: &Entry, c: &str| e.forms.get(c).cloned().unwrap_or_default();
    let source_for = |c: &str| -> String {
        source
            .forms
            .get(c)
            .cloned()
            .unwrap_or_else(|| form(source, "other"))
    };
    if !source.is_plural() {
        let text = target.map(|t| form(t, "other")).unwrap_or_default();
        let mut notes: Vec<(&str, &str)> = Vec::new();
        if let Some(d) = &source.description {
            notes.push(("developer", d));
        }
        let prev = previous.and_then(|p| p.get("other")).cloned();
        if let Some(p) = &prev {
            notes.push(("previous-source", p));
        }
        return unit(w, key, &source_for("other"), &text, state(&text), &notes);
    }
    w.create_element("group")
        .with_attribute(("id", key))
        .with_attribute(("restype", "x-gettext-plurals"))
        .write_inner_content(|w| {
            if let Some(d) = &source.description {
                w.create_element("note")
                    .with_attribute(("from", "developer"))
                    .write_text_content(BytesText::new(d))?;
            }
            for c in plural_categories(lang) {
                let text = target.map(|t| form(t, c)).unwrap_or_default();
                let prev_key = if c == "one" { "one" } else { "other" };
                let prev = previous
                    .and_then(|p| p.get(prev_key).or(p.get("other")))
                    .cloned();
                let mut notes: Vec<(&str, &str)> = Vec::new();
                if let Some(p) = &prev {
                    notes.push(("previous-source", p));
                }
                let source_key = if c == "one" { "one" } else { "other" };
                unit(
                    w,
                    &format!("{key}[{c}]"),
                    &source_for(source_key),
                    &text,
                    state(&text),
                    &notes,
                )?;
            }
            Ok(())
        })?;
    Ok(())
}

/// Reads an XLIFF 1.2 file: its `target-language` and every unit.
pub fn parse_xliff(text: &str) -> Result<(Option<String>, Vec<Imported>), String> {
    #[derive(Default)]
    struct Unit {
        id: String,
        source: String,
        target: String,
        state: String,
        notes: Vec<(String, String)>,
        file: Option<String>,
        line: Option<String>,
    }
    let mut reader = Reader::from_str(text);
    let mut language = None;
    let mut units: Vec<Unit> = Vec::new();
    let mut cur: Option<Unit> = None;
    // Which element's text is being read: target, or a note (with its `from`).
    let mut reading: Option<Option<String>> = None;
    let mut buf_text = String::new();
    let attr = |e: &quick_xml::events::BytesStart, name: &str| -> Option<String> {
        e.try_get_attribute(name).ok().flatten().and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("at byte {}: {e}", reader.buffer_position()))?;
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name().as_ref().to_string();
                match name.as_str() {
                    "file" => language = attr(&e, "target-language"),
                    "trans-unit" => {
                        cur = Some(Unit {
                            id: attr(&e, "id").unwrap_or_default(),
                            ..Default::default()
                        })
                    }
                    "source" if cur.is_some() => {
                        reading = Some(None);
                        buf_text.clear();
                    }
                    "target" if cur.is_some() => {
                        if let Some(u) = cur.as_mut() {
                            u.state = attr(&e, "state").unwrap_or_default();
                        }
                        reading = Some(None);
                        buf_text.clear();
                    }
                    "context" if cur.is_some() => {
                        let kind = attr(&e, "context-type").unwrap_or_default();
                        reading = Some(Some(format!("\u{0}{kind}")));
                        buf_text.clear();
                    }
                    "note" if cur.is_some() => {
                        reading = Some(Some(attr(&e, "from").unwrap_or_default()));
                        buf_text.clear();
                    }
                    _ => {}
                }
            }
            Event::Text(t) if reading.is_some() => buf_text.push_str(&t.xml10_content()),
            Event::CData(t) if reading.is_some() => buf_text.push_str(&t.into_inner()),
            Event::GeneralRef(r) if reading.is_some() => {
                let name = r.xml10_content();
                match r.resolve_char_ref() {
                    Ok(Some(c)) => buf_text.push(c),
                    _ => match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => buf_text.push_str(s),
                        None => return Err(format!("unknown entity `&{name};`")),
                    },
                }
            }
            Event::End(e) => {
                let name = e.local_name().as_ref().to_string();
                match (name.as_str(), cur.as_mut()) {
                    ("target", Some(u)) => {
                        u.target = std::mem::take(&mut buf_text);
                        reading = None;
                    }
                    ("source", Some(u)) => {
                        u.source = std::mem::take(&mut buf_text);
                        reading = None;
                    }
                    ("context", Some(u)) => {
                        let kind = reading.take().flatten().unwrap_or_default();
                        let text = std::mem::take(&mut buf_text);
                        match kind.trim_start_matches('\u{0}') {
                            "sourcefile" => u.file = Some(text),
                            "linenumber" => u.line = Some(text),
                            _ => {}
                        }
                    }
                    ("note", Some(u)) => {
                        let from = reading.take().flatten().unwrap_or_default();
                        u.notes.push((from, std::mem::take(&mut buf_text)));
                    }
                    ("trans-unit", _) => {
                        if let Some(u) = cur.take() {
                            units.push(u);
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let lang = language.clone().unwrap_or_default();
    let cats = plural_categories(&lang);
    // Units `key[category]` are gathered into one plural entry.
    let mut out: Vec<Imported> = Vec::new();
    let mut plural_index: BTreeMap<String, usize> = BTreeMap::new();
    for u in units {
        let fuzzy = u.state == "needs-review-translation";
        let prev = u
            .notes
            .iter()
            .find(|(f, _)| f == "previous-source")
            .map(|(_, t)| t.clone());
        match u.id.strip_suffix(']').and_then(|s| s.rsplit_once('[')) {
            Some((key, cat)) => {
                let i = *plural_index.entry(key.to_string()).or_insert_with(|| {
                    out.push(Imported {
                        key: key.to_string(),
                        source: u.source.clone(),
                        locations: Vec::new(),
                        strs: vec![String::new(); cats.len()],
                        plural: true,
                        fuzzy: false,
                        previous: None,
                    });
                    out.len() - 1
                });
                let entry = &mut out[i];
                entry.fuzzy |= fuzzy;
                if let Some(pos) = cats.iter().position(|c| *c == cat) {
                    entry.strs[pos] = u.target;
                }
                if let Some(p) = prev {
                    let slot = if cat == "one" { "one" } else { "other" };
                    entry
                        .previous
                        .get_or_insert_default()
                        .insert(slot.to_string(), p);
                }
            }
            None => out.push(Imported {
                locations: match (&u.file, &u.line) {
                    (Some(f), Some(l)) => vec![format!("{f}:{l}")],
                    (Some(f), None) => vec![f.clone()],
                    _ => Vec::new(),
                },
                key: u.id,
                source: u.source,
                strs: vec![u.target],
                plural: false,
                fuzzy,
                previous: prev.map(|p| [("other".to_string(), p)].into()),
            }),
        }
    }
    Ok((language, out))
}
