//! Documents by segment, for translation tools: cut an original and its
//! translation into units (title, description, the body's segments), align
//! them, and say for each unit whether its translation is current, fuzzy
//! (its source changed) or missing; write a translation back as
//! `name.<lang>.md` from a tool's entries.
//!
//! A translation written here records, under `[extra.agora]`, the version
//! of the original (`source_version`) and for each of its units the hash of
//! the source it translates (`segments = "title=1a2b3c4d p:1=… li:3.1=-"`;
//! `-` not translated, `?hash` left fuzzy). When the original changes, only
//! units whose source hash changed are out of date. A translation made by
//! hand (no `segments`) is aligned by structure: all current while its
//! `source_version` matches, all fuzzy after the original changed.
//!
//! Reads files; writes only translation files under `content/`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use pulldown_cmark::Options;

use crate::content::{
    FrontMatterFormat, Segment, escape_block_start, format_for_place, replace_ranges, segment_hash,
    segment_markdown, split_front_matter, unescape_block_starts, unwrap_untranslated,
    wrap_untranslated,
};
use crate::error::{Error, Result, display_path};
use crate::fs;
use crate::i18n::{DocumentEntry, Imported};

/// A translatable unit of a document: its title, description or a segment of its body.
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub text: String,
    pub hash: String,
    /// 1-based line in the file.
    pub line: usize,
    pub heading: Option<String>,
    /// Where a body segment is (`None` for title and description).
    pub place: Option<Segment>,
}

/// What a translation recorded about the source of one of its units.
#[derive(Debug, Clone, PartialEq)]
pub enum Recorded {
    /// Translated from the source with this hash.
    Translated(String),
    /// Left for review (fuzzy), made from the source with this hash if known.
    Fuzzy(Option<String>),
    Untranslated,
}

impl Recorded {
    fn token(&self) -> String {
        match self {
            Recorded::Translated(h) => h.clone(),
            Recorded::Fuzzy(h) => format!("?{}", h.as_deref().unwrap_or("")),
            Recorded::Untranslated => "-".into(),
        }
    }

    fn parse(token: &str) -> Recorded {
        match token {
            "-" => Recorded::Untranslated,
            t => match t.strip_prefix('?') {
                Some("") => Recorded::Fuzzy(None),
                Some(h) => Recorded::Fuzzy(Some(h.to_string())),
                None => Recorded::Translated(t.to_string()),
            },
        }
    }
}

/// A document file cut into units.
#[derive(Debug, Clone)]
pub struct DocumentUnits {
    pub text: String,
    pub units: Vec<Unit>,
    /// `[extra.agora] segments`, by unit id.
    pub record: Option<HashMap<String, Recorded>>,
    /// `[extra.agora] source_version`.
    pub translated_from: Option<String>,
    /// The version of this file (see [`super::source_version`]).
    pub version: String,
    pub body_offset: usize,
}

/// The state of one unit of an original in one translation.
#[derive(Debug, Clone, PartialEq)]
pub enum SegmentState {
    Current,
    /// Translated from another source: the hash of that source, if known.
    Fuzzy(Option<String>),
    Missing,
}

/// One unit of an original, aligned with the translation.
#[derive(Debug, Clone)]
pub struct Aligned {
    pub state: SegmentState,
    /// The translation's text (not for missing units).
    pub text: Option<String>,
}

/// How many units of a translation are current, fuzzy and missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SegmentCoverage {
    pub total: usize,
    pub current: usize,
    pub fuzzy: usize,
    pub missing: usize,
}

impl SegmentCoverage {
    pub fn of(aligned: &[Aligned]) -> SegmentCoverage {
        let mut c = SegmentCoverage {
            total: aligned.len(),
            ..Default::default()
        };
        for a in aligned {
            match a.state {
                SegmentState::Current => c.current += 1,
                SegmentState::Fuzzy(_) => c.fuzzy += 1,
                SegmentState::Missing => c.missing += 1,
            }
        }
        c
    }
}

/// A front-matter string value (`title`, `description`) and its line.
fn front_field(front: &str, format: FrontMatterFormat, key: &str) -> Option<(String, usize)> {
    let value = match format {
        FrontMatterFormat::Toml => toml::from_str::<toml::Table>(front)
            .ok()?
            .get(key)?
            .as_str()?
            .to_string(),
        FrontMatterFormat::Yaml => serde_saphyr::from_str::<serde_json::Value>(front)
            .ok()?
            .get(key)?
            .as_str()?
            .to_string(),
    };
    let line = front
        .lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(['=', ':']))
        })
        .unwrap_or(0);
    Some((value, line))
}

/// `[extra.agora]`'s `key`, when a string.
fn agora_field(front: &str, format: FrontMatterFormat, key: &str) -> Option<String> {
    match format {
        FrontMatterFormat::Toml => toml::from_str::<toml::Table>(front)
            .ok()?
            .get("extra")?
            .get("agora")?
            .get(key)?
            .as_str()
            .map(str::to_string),
        FrontMatterFormat::Yaml => serde_saphyr::from_str::<serde_json::Value>(front)
            .ok()?
            .get("extra")?
            .get("agora")?
            .get(key)?
            .as_str()
            .map(str::to_string),
    }
}

/// Reads a document (original or translation) and cuts it into units.
pub fn read_units(text: String, path: &Path, options: Options) -> Result<DocumentUnits> {
    let split = split_front_matter(&text, path)?;
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    let front_line = line_of(split.front_matter_offset);
    let body_line = line_of(split.body_offset);
    let mut units = Vec::new();
    for key in ["title", "description"] {
        if let Some((value, line)) = front_field(split.front_matter, split.format, key)
            && !value.trim().is_empty()
        {
            units.push(Unit {
                id: key.to_string(),
                hash: segment_hash(&value),
                text: value,
                line: front_line + line,
                heading: None,
                place: None,
            });
        }
    }
    for seg in segment_markdown(split.body, options) {
        units.push(Unit {
            id: seg.id.clone(),
            hash: segment_hash(&seg.text),
            text: seg.text.clone(),
            line: body_line + seg.line - 1,
            heading: seg.heading.clone(),
            place: Some(seg),
        });
    }
    let record = agora_field(split.front_matter, split.format, "segments").map(|s| {
        s.split_whitespace()
            .filter_map(|t| t.split_once('='))
            .map(|(id, token)| (id.to_string(), Recorded::parse(token)))
            .collect()
    });
    let translated_from = agora_field(split.front_matter, split.format, "source_version");
    let version = super::source_version(split.body);
    let body_offset = split.body_offset;
    Ok(DocumentUnits {
        text,
        units,
        record,
        translated_from,
        version,
        body_offset,
    })
}

/// Whether a unit of a translation is an untranslated segment kept in the
/// source language.
fn is_untranslated(unit: &Unit) -> bool {
    unwrap_untranslated(&unit.text).is_some()
}

/// Each unit of `original` with its state in `translation`.
pub fn align(original: &DocumentUnits, translation: Option<&DocumentUnits>) -> Vec<Aligned> {
    let missing = Aligned {
        state: SegmentState::Missing,
        text: None,
    };
    let Some(t) = translation else {
        return vec![missing; original.units.len()];
    };
    let by_id: HashMap<&str, usize> = t
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_str(), i))
        .collect();
    let Some(record) = &t.record else {
        // A translation made by hand: aligned by structure, as far as its
        // body has the original's (a summary in other words aligns only up
        // to where it parts from the original).
        let current = t
            .translated_from
            .as_ref()
            .is_none_or(|v| *v == original.version);
        let body_ids = |d: &DocumentUnits| -> Vec<String> {
            d.units
                .iter()
                .filter(|u| u.place.is_some())
                .map(|u| u.id.clone())
                .collect()
        };
        let (ours, theirs) = (body_ids(original), body_ids(t));
        let common = ours.iter().zip(&theirs).take_while(|(a, b)| a == b).count();
        let aligned: std::collections::HashSet<&str> =
            ours[..common].iter().map(String::as_str).collect();
        return original
            .units
            .iter()
            .map(|o| match by_id.get(o.id.as_str()).map(|&j| &t.units[j]) {
                Some(u)
                    if !is_untranslated(u)
                        && (o.place.is_none() || aligned.contains(o.id.as_str())) =>
                {
                    Aligned {
                        state: if current {
                            SegmentState::Current
                        } else {
                            SegmentState::Fuzzy(None)
                        },
                        text: Some(u.text.clone()),
                    }
                }
                _ => missing.clone(),
            })
            .collect();
    };
    let mut used = vec![false; t.units.len()];
    let mut out: Vec<Option<Aligned>> = vec![None; original.units.len()];
    let translated_from = |j: usize| match record.get(&t.units[j].id) {
        Some(Recorded::Translated(h)) if !is_untranslated(&t.units[j]) => Some(h.as_str()),
        _ => None,
    };
    let current = |j: usize| Aligned {
        state: SegmentState::Current,
        text: Some(t.units[j].text.clone()),
    };
    // Same place, same source.
    for (i, o) in original.units.iter().enumerate() {
        if let Some(&j) = by_id.get(o.id.as_str())
            && translated_from(j) == Some(o.hash.as_str())
        {
            used[j] = true;
            out[i] = Some(current(j));
        }
    }
    // The same source moved elsewhere (a paragraph added above it).
    let kind = |id: &str| id.split(':').next().unwrap_or("").to_string();
    for (i, o) in original.units.iter().enumerate() {
        if out[i].is_some() {
            continue;
        }
        if let Some(j) = (0..t.units.len()).find(|&j| {
            !used[j]
                && translated_from(j) == Some(o.hash.as_str())
                && kind(&t.units[j].id) == kind(&o.id)
        }) {
            used[j] = true;
            out[i] = Some(current(j));
        }
    }
    // Same place, another source: fuzzy.
    for (i, o) in original.units.iter().enumerate() {
        if out[i].is_some() {
            continue;
        }
        out[i] = Some(match by_id.get(o.id.as_str()) {
            Some(&j) if !used[j] && !is_untranslated(&t.units[j]) => {
                used[j] = true;
                let previous = match record.get(&t.units[j].id) {
                    Some(Recorded::Translated(h)) => Some(h.clone()),
                    Some(Recorded::Fuzzy(h)) => h.clone(),
                    _ => None,
                };
                match record.get(&t.units[j].id) {
                    Some(Recorded::Untranslated) => missing.clone(),
                    _ => Aligned {
                        state: SegmentState::Fuzzy(previous),
                        text: Some(t.units[j].text.clone()),
                    },
                }
            }
            _ => missing.clone(),
        });
    }
    out.into_iter()
        .map(|a| a.unwrap_or_else(|| missing.clone()))
        .collect()
}

/// The id of a unit in a tool's file: `briefs/x.md#p:3@1a2b3c4d`.
pub fn entry_id(document: &str, unit: &Unit) -> String {
    format!("{document}#{}@{}", unit.id, unit.hash)
}

/// `briefs/x.md#p:3@1a2b3c4d` → (`briefs/x.md`, `p:3`, `1a2b3c4d`).
pub fn parse_entry_id(id: &str) -> Option<(&str, &str, &str)> {
    let (rest, hash) = id.rsplit_once('@')?;
    let (document, unit) = rest.rsplit_once('#')?;
    (document.ends_with(".md") && hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
        .then_some((document, unit, hash))
}

/// The entries of one document for a translation tool. `previous` gives,
/// for the hash of an older source, that source's text (from files
/// exported before), for `#| msgid`.
pub fn document_entries(
    document: &str,
    original: &DocumentUnits,
    aligned: &[Aligned],
    previous: &HashMap<String, String>,
) -> Vec<DocumentEntry> {
    original
        .units
        .iter()
        .zip(aligned)
        .map(|(o, a)| {
            let fuzzy = matches!(a.state, SegmentState::Fuzzy(_));
            let previous = match &a.state {
                SegmentState::Fuzzy(Some(h)) if *h != o.hash => {
                    Some((format!("{document}#{}@{h}", o.id), previous.get(h).cloned()))
                }
                _ => None,
            };
            DocumentEntry {
                document: document.to_string(),
                id: entry_id(document, o),
                source: o.text.clone(),
                target: a
                    .text
                    .as_deref()
                    .map(unescape_block_starts)
                    .unwrap_or_default(),
                fuzzy,
                previous,
                file: format!("content/{document}"),
                line: o.line,
                heading: o.heading.clone(),
            }
        })
        .collect()
}

/// What importing a tool's file did to one document.
#[derive(Debug, Clone)]
pub struct DocumentImport {
    /// The translation file.
    pub path: PathBuf,
    pub created: bool,
    pub written: bool,
    /// Rebuilt on the original's structure (it differed from the translation's).
    pub rebuilt: bool,
    pub coverage: SegmentCoverage,
    /// Entries made for an older version of the original.
    pub stale: usize,
}

/// The text a translation at `target_path` should have once the tool's
/// `items` for `document` are applied; `None` when nothing changes.
pub fn apply_entries(
    original: &DocumentUnits,
    original_path: &Path,
    source_lang: &str,
    existing: Option<&DocumentUnits>,
    items: &[&Imported],
) -> Result<Option<(String, DocumentImport)>> {
    let aligned = align(original, existing);
    let from_aligned = |a: &Aligned, o: &Unit| -> Option<(String, Recorded)> {
        let text = a.text.clone()?;
        Some(match &a.state {
            SegmentState::Current => (text, Recorded::Translated(o.hash.clone())),
            SegmentState::Fuzzy(h) => (text, Recorded::Fuzzy(h.clone())),
            SegmentState::Missing => return None,
        })
    };
    let before: Vec<Option<(String, Recorded)>> = original
        .units
        .iter()
        .zip(&aligned)
        .map(|(o, a)| from_aligned(a, o))
        .collect();
    let mut result = before.clone();
    let index: HashMap<&str, usize> = original
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_str(), i))
        .collect();
    let mut set_exactly = vec![false; original.units.len()];
    let mut stale = 0;
    // Entries for the current source first, then those made for an older one.
    for exact in [true, false] {
        for item in items {
            let Some((_, id, hash)) = parse_entry_id(&item.key) else {
                continue;
            };
            let Some(&i) = index.get(id) else {
                if !exact {
                    stale += 1;
                }
                continue;
            };
            let o = &original.units[i];
            if (o.hash == hash) != exact {
                continue;
            }
            let text = item.strs.first().map(|s| s.trim()).unwrap_or_default();
            if text.is_empty() {
                continue;
            }
            let text = normalise(text, o);
            if exact {
                let recorded = if item.fuzzy {
                    let previous = item
                        .previous
                        .as_ref()
                        .and_then(|p| p.get("other"))
                        .map(|p| segment_hash(p))
                        .or_else(|| match &aligned[i].state {
                            SegmentState::Fuzzy(h) => h.clone(),
                            _ => None,
                        });
                    Recorded::Fuzzy(previous.filter(|p| *p != o.hash))
                } else {
                    Recorded::Translated(hash.to_string())
                };
                result[i] = Some((text, recorded));
                set_exactly[i] = true;
            } else {
                stale += 1;
                if !set_exactly[i] {
                    result[i] = Some((text, Recorded::Fuzzy(Some(hash.to_string()))));
                }
            }
        }
    }
    let coverage = SegmentCoverage {
        total: result.len(),
        current: result
            .iter()
            .filter(|r| matches!(r, Some((_, Recorded::Translated(_)))))
            .count(),
        fuzzy: result
            .iter()
            .filter(|r| matches!(r, Some((_, Recorded::Fuzzy(_)))))
            .count(),
        missing: result.iter().filter(|r| r.is_none()).count(),
    };
    let nothing_translated = result.iter().all(Option::is_none);
    // An untranslated segment still showing an older English text is
    // brought up to date even when the file brings nothing new.
    let stale_source = existing.is_some_and(|t| {
        t.units.len() == original.units.len()
            && t.units
                .iter()
                .zip(&original.units)
                .zip(&result)
                .any(|((u, o), r)| {
                    r.is_none() && unwrap_untranslated(&u.text).is_some_and(|w| w != o.text)
                })
    });
    if (result == before && !stale_source) || (existing.is_none() && nothing_translated) {
        return Ok(None);
    }
    let record: Vec<String> = original
        .units
        .iter()
        .zip(&result)
        .map(|(o, r)| {
            let token = r
                .as_ref()
                .map_or(Recorded::Untranslated, |(_, rec)| rec.clone())
                .token();
            format!("{}={token}", o.id)
        })
        .collect();
    let same_structure = existing.is_some_and(|t| {
        t.units.len() == original.units.len()
            && t.units
                .iter()
                .zip(&original.units)
                .all(|(a, b)| a.id == b.id)
    });
    if existing.is_some_and(|t| t.record.is_none()) && !same_structure {
        // Made by hand in another shape: rebuilding it on the original's
        // structure would lose what its translator wrote.
        return Err(Error::Usage(
            "it was translated by hand with another structure than its original's (other paragraphs, headings or lists); edit it by hand, or delete it to start again from the original's structure".into(),
        ));
    }
    let text_of = |i: usize| result[i].as_ref().map(|(t, _)| t.as_str());
    let title = index.get("title").and_then(|&i| text_of(i));
    let description = index.get("description").and_then(|&i| text_of(i));
    let (base, body_offset, mut replacements) = match existing {
        Some(t) if same_structure => {
            // In place: only the segments whose text changes are rewritten.
            let mut replacements = Vec::new();
            for (i, (o, u)) in original.units.iter().zip(&t.units).enumerate() {
                let Some(place) = &u.place else { continue };
                let wanted = match text_of(i) {
                    Some(text) => text.to_string(),
                    None => keep_untranslated(&o.text, o, source_lang),
                };
                if wanted != u.text {
                    replacements.push((place.range.clone(), format_for_place(place, &wanted)));
                }
            }
            (t.text.as_str(), t.body_offset, replacements)
        }
        _ => {
            // On the original's structure: every segment is set.
            let body = &original.text[original.body_offset..];
            let mut replacements = Vec::new();
            for (i, o) in original.units.iter().enumerate() {
                let Some(place) = &o.place else { continue };
                let text = match text_of(i) {
                    Some(text) => format_for_place(place, text),
                    None => keep_untranslated(&body[place.range.clone()], o, source_lang),
                };
                replacements.push((place.range.clone(), text));
            }
            (original.text.as_str(), original.body_offset, replacements)
        }
    };
    let body = replace_ranges(&base[body_offset..], &mut replacements);
    let joined = format!("{}{body}", &base[..body_offset]);
    let written = super::translate::edit_front_matter(
        &joined,
        original_path,
        &super::translate::FrontMatterEdit {
            title,
            description,
            agora: vec![
                ("source_version", original.version.clone()),
                ("segments", record.join(" ")),
            ],
        },
    )?;
    let unchanged = existing.is_some_and(|t| t.text == written);
    Ok((!unchanged).then(|| {
        (
            written,
            DocumentImport {
                path: PathBuf::new(),
                created: existing.is_none(),
                written: true,
                rebuilt: existing.is_some() && !same_structure,
                coverage,
                stale,
            },
        )
    }))
}

/// An untranslated segment, kept in the source language: in an element
/// carrying that language, except alt text, which cannot hold one (the
/// record says it is not translated).
fn keep_untranslated(text: &str, unit: &Unit, source_lang: &str) -> String {
    if unit.id.starts_with("alt:") {
        text.to_string()
    } else {
        wrap_untranslated(text, source_lang)
    }
}

/// A translation as it must stand in its place: one line for headings,
/// cells and titles; no blank line inside a paragraph.
fn normalise(text: &str, unit: &Unit) -> String {
    match &unit.place {
        Some(place) if !place.single_line => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .map(|(i, l)| escape_block_start(if i == 0 { l } else { l.trim_start() }))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => text.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// Reads the original of `document` (under `content/`) and its translation
/// into `lang`, if it exists.
pub fn read_pair(
    root: &Path,
    document: &str,
    translation: &Path,
    options: Options,
) -> Result<(DocumentUnits, Option<DocumentUnits>)> {
    let original_path = root.join("content").join(document);
    if !fs::exists(&original_path) {
        return Err(Error::Usage(format!(
            "`{}`: no such original document",
            display_path(&original_path)
        )));
    }
    let original = read_units(fs::read_to_string(&original_path)?, &original_path, options)?;
    let existing = if fs::exists(translation) {
        Some(read_units(
            fs::read_to_string(translation)?,
            translation,
            options,
        )?)
    } else {
        None
    };
    Ok((original, existing))
}

/// The coverage of a translation against its original (for the build and
/// `agora i18n status`), from their texts.
pub fn coverage_of(
    original: &str,
    original_path: &Path,
    translation: &str,
    translation_path: &Path,
    options: Options,
) -> Option<SegmentCoverage> {
    let o = read_units(original.to_string(), original_path, options).ok()?;
    let t = read_units(translation.to_string(), translation_path, options).ok()?;
    Some(SegmentCoverage::of(&align(&o, Some(&t))))
}
