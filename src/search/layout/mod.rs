//! How a language's index is laid out on disk, in files sized by bytes
//! whatever the vocabulary or the number of documents:
//!
//! - a small manifest (`search/<lang>.js`, the one unhashed name);
//! - the surface-form dictionary, sorted, with the postings and exact forms
//!   of its stems, cut into term chunks of about [`CHUNK_BYTES`]; a chunk
//!   also carries the records of the first result page of its frequent
//!   words (at most [`RECORD_BYTES`] of them), so a one-word query for a
//!   common word loads the manifest and one chunk;
//! - every document's record in shards of about [`SHARD_BYTES`];
//! - two facet files;
//! - prefix lists (`prefixes`): the documents of every word beginning
//!   with a prefix whose words run past a chunk's end.
//!
//! The chunks and shards are listed in two directories (first word or first
//! document, file name) held by the manifest or, past
//! [`DIRECTORY_PAGE`] entries, in directory pages the manifest lists: what a
//! first query fetches stays bounded however large the index. Chunks and
//! shards grow past their sizes only when a language would need more than
//! [`MAX_CHUNKS`] and [`MAX_SHARDS`] of them, a cap static hosts accept.
//! Every name but the manifest's carries a hash of its content. Every file
//! is a script calling `agoraSearch(name, data)`, so it loads the same way
//! over http(s) and from `file://`. How numbers are written: see `encoding`.

use std::fmt::Write as _;

use rayon::prelude::*;
use serde_json::{Value, json};
use sha2::Digest;

pub use super::encoding::{DIGITS, decode_postings};
use super::encoding::{encode_docs, encoded_len, push_json, push_postings};
use super::index::LanguageIndex;

/// Bytes of a term chunk (more only for a stem whose postings alone are
/// larger, or past [`MAX_CHUNKS`]).
pub const CHUNK_BYTES: usize = 16 * 1024;
/// Bytes of first-page records a term chunk carries at most.
pub const RECORD_BYTES: usize = 12 * 1024;
/// Bytes of a record shard.
pub const SHARD_BYTES: usize = 8 * 1024;
/// Term chunks and shards a language uses at most: past that, they grow.
pub const MAX_CHUNKS: usize = 3000;
pub const MAX_SHARDS: usize = 1000;
/// Entries the manifest lists itself; past that, directory pages of this many.
pub const DIRECTORY_PAGE: usize = 256;
/// Results the client shows first: a term chunk carries the records of
/// the first page of its words that have at least this many documents.
pub const FIRST_PAGE: usize = 10;

/// One file of the index: its path under the output root and its text.
#[derive(Debug, Clone)]
pub struct IndexFile {
    pub path: String,
    pub text: String,
}

/// A file `<lang>.<kind>.<hash>` whose data is the JSON text `body`.
fn hashed(lang: &str, kind: &str, body: &str) -> IndexFile {
    let digest = sha2::Sha256::digest(body.as_bytes());
    let hash: String = digest[..5].iter().map(|b| format!("{b:02x}")).collect();
    let name = format!("{lang}.{kind}.{hash}");
    let mut text = String::with_capacity(body.len() + name.len() + 20);
    text.push_str("agoraSearch(");
    push_json(&mut text, &name);
    text.push(',');
    text.push_str(body);
    text.push_str(");\n");
    IndexFile {
        path: format!("search/{name}.js"),
        text,
    }
}

/// What the manifest says beyond the index itself (strings, names).
pub struct ManifestExtras {
    pub dir: &'static str,
    pub also: Vec<String>,
    pub names: Value,
    pub strings: Value,
    pub plural: String,
    pub facet_names: Value,
}

/// Bytes per term chunk for an index whose chunks hold `term_bytes`.
pub fn chunk_size(term_bytes: usize) -> usize {
    term_bytes.div_ceil(MAX_CHUNKS).max(CHUNK_BYTES)
}

/// Bytes per shard for records of `record_bytes` in all.
pub fn shard_size(record_bytes: usize) -> usize {
    record_bytes.div_ceil(MAX_SHARDS).max(SHARD_BYTES)
}

/// Every file of one language's index, the manifest last, with chunks
/// sized by [`chunk_size`].
pub fn write_language(index: &LanguageIndex, extras: ManifestExtras) -> Vec<IndexFile> {
    let lengths = posting_lengths(index);
    let bytes = lengths.iter().map(|&l| l as usize + 8).sum::<usize>()
        + index.surfaces.text_len()
        + 8 * index.surface_count()
        + index.forms.text_len();
    write_layout(index, &lengths, extras, chunk_size(bytes))
}

/// [`write_language`] with chunks of about `chunk_bytes`.
pub fn write_language_in_chunks(
    index: &LanguageIndex,
    extras: ManifestExtras,
    chunk_bytes: usize,
) -> Vec<IndexFile> {
    write_layout(index, &posting_lengths(index), extras, chunk_bytes)
}

/// The encoded length of each stem's postings.
fn posting_lengths(index: &LanguageIndex) -> Vec<u32> {
    (0..index.stem_count() as u32)
        .into_par_iter()
        .map(|s| encoded_len(index.postings.get(s)) as u32)
        .collect()
}

/// A record as shards and chunks hold it: [title, path, date, excerpt, languages].
fn record_text(d: &super::index::DocRecord) -> String {
    let mut out = String::with_capacity(d.title.len() + d.path.len() + d.excerpt.len() + 40);
    out.push('[');
    for (i, field) in [&d.title, &d.path, &d.date, &d.excerpt].iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json(&mut out, field);
    }
    out.push(',');
    push_json(&mut out, &d.langs.join(" "));
    out.push(']');
    out
}

/// Appends the exact forms of stem `s` for the client: `0` when its one
/// form is the surface form that leads to it, else `[[form, documents], …]`,
/// the documents as gaps, empty when every document of the stem holds the form.
fn push_forms(out: &mut String, index: &LanguageIndex, s: u32) {
    let single = index.forms_of(s).nth(1).is_none();
    if single
        && let Some((form, _)) = index.forms_of(s).next()
        && super::analysis::is_folded(form)
    {
        out.push('0');
        return;
    }
    let forms = index.forms_of(s);
    let all = index.postings.get(s).len();
    out.push('[');
    for (i, (form, docs)) in forms.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        push_json(out, form);
        out.push(',');
        if docs.is_empty() || docs.len() == all {
            out.push_str("\"\"");
        } else {
            out.push('"');
            out.push_str(&encode_docs(docs));
            out.push('"');
        }
        out.push(']');
    }
    out.push(']');
}

/// The inverse document frequency the client weighs a stem with.
fn idf(n: usize, df: usize) -> f64 {
    (1.0 + (n as f64 - df as f64 + 0.5) / (df as f64 + 0.5)).ln()
}

/// The documents of the first result page of a query of the one word
/// `surface`, whether it is typed as folded (`societe`) or in its most
/// frequent exact form (`société`).
fn first_pages(index: &LanguageIndex, surface: &str, stems: &[u32]) -> Vec<u32> {
    let mut typed: Option<&str> = None;
    let mut most = 0;
    for &s in stems {
        for (form, docs) in index.forms_of(s) {
            let count = if docs.is_empty() {
                usize::MAX
            } else {
                docs.len()
            };
            if form != surface && count > most && super::analysis::fold(form) == surface {
                (typed, most) = (Some(form), count);
            }
        }
    }
    let mut docs = first_page(index, surface, stems);
    if let Some(form) = typed {
        for d in first_page(index, form, stems) {
            if !docs.contains(&d) {
                docs.push(d);
            }
        }
    }
    docs
}

/// The first [`FIRST_PAGE`] documents the client shows for a query of the one
/// word `typed` (lower-cased) that leads to `stems`: documents holding that
/// exact form first, then by score, then in index order.
pub fn first_page(index: &LanguageIndex, typed: &str, stems: &[u32]) -> Vec<u32> {
    // (exact, score, document), best first.
    let mut best: Vec<(bool, f64, u32)> = Vec::with_capacity(FIRST_PAGE + 1);
    let n = index.docs.len();
    let better = |a: &(bool, f64, u32), b: &(bool, f64, u32)| {
        a.0.cmp(&b.0)
            .then(a.1.total_cmp(&b.1))
            .then(b.2.cmp(&a.2))
            .is_gt()
    };
    for &s in stems {
        let list = index.postings.get(s);
        let weight = idf(n, list.len());
        let exact_docs: Option<&[u32]> = match index.forms_of(s).find(|(form, _)| *form == typed) {
            Some((_, [])) => None,
            Some((_, docs)) => Some(docs),
            None => Some(&[]),
        };
        let mut at = 0;
        for &(doc, impact) in list {
            let exact = match exact_docs {
                None => true,
                Some(docs) => {
                    while at < docs.len() && docs[at] < doc {
                        at += 1;
                    }
                    docs.get(at) == Some(&doc)
                }
            };
            let item = (exact, weight * f64::from(impact), doc);
            if best.len() == FIRST_PAGE && !better(&item, &best[FIRST_PAGE - 1]) {
                continue;
            }
            if let Some(i) = best.iter().position(|b| b.2 == doc) {
                if !better(&item, &best[i]) {
                    continue;
                }
                best.remove(i);
            }
            let pos = best
                .iter()
                .position(|b| better(&item, b))
                .unwrap_or(best.len());
            best.insert(pos, item);
            best.truncate(FIRST_PAGE);
        }
    }
    best.into_iter().map(|b| b.2).collect()
}

/// The chunk whose range holds `word`, given each chunk's first surface form
/// (the client does the same binary search).
pub fn chunk_for(firsts: &[&str], word: &str) -> usize {
    firsts
        .partition_point(|first| *first <= word)
        .saturating_sub(1)
}

/// One term chunk being written: its four arrays as JSON text, without brackets.
#[derive(Default)]
struct Chunk {
    words: String,
    refs: String,
    postings: String,
    forms: String,
    /// Surface forms in it: (number, documents of its stems).
    members: Vec<(u32, usize)>,
    stems: u32,
    size: usize,
}

/// Writes the term chunks; their directory entries ([first word, name])
/// and where each begins (its first surface form, then the number of
/// surface forms). Where each chunk begins is decided first, from sizes
/// alone, in one pass over the surface forms; the chunks are then written
/// in parallel.
fn write_chunks(
    index: &LanguageIndex,
    lengths: &[u32],
    records: &[String],
    chunk_bytes: usize,
    files: &mut Vec<IndexFile>,
) -> (Vec<(String, String)>, Vec<u32>) {
    let form_lengths: Vec<u32> = (0..index.stem_count() as u32)
        .into_par_iter()
        .map_init(String::new, |forms, s| {
            forms.clear();
            push_forms(forms, index, s);
            forms.len() as u32
        })
        .collect();
    // A chunk is closed before a word that would make it too big, unless
    // the word shares a stem with it (its postings are then written
    // once), up to twice the size. `placed`: per stem, the chunk that
    // holds it last.
    let mut starts: Vec<u32> = vec![0];
    let mut placed = vec![u32::MAX; index.stem_count()];
    let (mut number, mut size, mut members) = (0u32, 0usize, 0usize);
    for i in 0..index.surface_count() as u32 {
        let (surface, stems) = index.surface(i);
        let shares = stems.iter().any(|&s| placed[s as usize] == number);
        let cost: usize = stems
            .iter()
            .filter(|&&s| placed[s as usize] != number)
            .map(|&s| lengths[s as usize] as usize + 8)
            .sum::<usize>()
            + surface.len()
            + 8;
        if members > 0 && size + cost > chunk_bytes && (!shares || size >= 2 * chunk_bytes) {
            starts.push(i);
            number += 1;
            (size, members) = (0, 0);
        }
        for &s in stems {
            if placed[s as usize] != number {
                placed[s as usize] = number;
                size += (lengths[s as usize] + form_lengths[s as usize]) as usize + 4;
            }
        }
        size += surface.len() + 8;
        members += 1;
    }
    drop((placed, form_lengths));
    starts.push(index.surface_count() as u32);
    let written: Vec<(IndexFile, (String, String))> = starts
        .par_windows(2)
        .map(|range| write_chunk(index, records, range[0]..range[1]))
        .collect();
    let mut entries = Vec::with_capacity(written.len());
    for (file, entry) in written {
        files.push(file);
        entries.push(entry);
    }
    (entries, starts)
}

/// The term chunk of surface forms `range`, and its directory entry.
fn write_chunk(
    index: &LanguageIndex,
    records: &[String],
    range: std::ops::Range<u32>,
) -> (IndexFile, (String, String)) {
    let mut chunk = Chunk::default();
    // Per stem of the chunk, its number there.
    let mut local: hashbrown::HashMap<u32, u32> = hashbrown::HashMap::new();
    for i in range {
        let (surface, stems) = index.surface(i);
        let mut df = 0;
        if !chunk.members.is_empty() {
            chunk.words.push(',');
            chunk.refs.push(',');
        }
        push_json(&mut chunk.words, surface);
        if stems.len() > 1 {
            chunk.refs.push('[');
        }
        for (k, &s) in stems.iter().enumerate() {
            let n = *local.entry(s).or_insert_with(|| {
                if chunk.stems > 0 {
                    chunk.postings.push(',');
                    chunk.forms.push(',');
                }
                let before = chunk.postings.len() + chunk.forms.len();
                chunk.postings.push('"');
                push_postings(&mut chunk.postings, index.postings.get(s));
                chunk.postings.push('"');
                push_forms(&mut chunk.forms, index, s);
                chunk.size += chunk.postings.len() + chunk.forms.len() - before;
                chunk.stems += 1;
                chunk.stems - 1
            });
            if k > 0 {
                chunk.refs.push(',');
            }
            let _ = write!(chunk.refs, "{n}");
            df = df.max(index.postings.get(s).len());
        }
        if stems.len() > 1 {
            chunk.refs.push(']');
        }
        chunk.size += surface.len() + 8;
        chunk.members.push((i, df));
    }
    close_chunk(index, records, &chunk)
}

/// The file of `chunk`, with the first-page records of its most frequent
/// words that fit [`RECORD_BYTES`], and its directory entry.
fn close_chunk(
    index: &LanguageIndex,
    records: &[String],
    chunk: &Chunk,
) -> (IndexFile, (String, String)) {
    let mut frequent: Vec<(u32, usize)> = chunk
        .members
        .iter()
        .copied()
        .filter(|&(_, df)| df >= FIRST_PAGE)
        .collect();
    frequent.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut carried: Vec<u32> = Vec::new();
    let mut size = 0;
    'words: for &(i, _) in frequent.iter().take(64) {
        let (surface, stems) = index.surface(i);
        for doc in first_pages(index, surface, stems) {
            if carried.contains(&doc) {
                continue;
            }
            let bytes = records[doc as usize].len() + 8;
            if size + bytes > RECORD_BYTES {
                break 'words;
            }
            size += bytes;
            carried.push(doc);
        }
    }
    carried.sort_unstable();
    let mut body = String::with_capacity(chunk.size + size + 64);
    body.push_str("{\"w\":[");
    body.push_str(&chunk.words);
    body.push_str("],\"s\":[");
    body.push_str(&chunk.refs);
    body.push_str("],\"p\":[");
    body.push_str(&chunk.postings);
    body.push_str("],\"x\":[");
    body.push_str(&chunk.forms);
    body.push_str("],\"r\":{");
    for (k, doc) in carried.iter().enumerate() {
        if k > 0 {
            body.push(',');
        }
        let _ = write!(body, "\"{doc}\":");
        body.push_str(&records[*doc as usize]);
    }
    body.push_str("}}");
    let first = chunk
        .members
        .first()
        .map_or("", |&(i, _)| index.surfaces.get(i));
    let mut key = String::new();
    push_json(&mut key, first);
    let file = hashed(&index.lang, "t", &body);
    let entry = (key, file_name(&file));
    (file, entry)
}

/// Writes the record shards of about `shard_bytes`; their directory
/// entries ([first document, name]).
fn write_shards(
    lang: &str,
    records: &[String],
    shard_bytes: usize,
    files: &mut Vec<IndexFile>,
) -> Vec<(String, String)> {
    let mut entries = Vec::new();
    let mut start = 0;
    while start < records.len() || entries.is_empty() {
        let mut body = String::from("[");
        let mut end = start;
        while end < records.len() && (end == start || body.len() + records[end].len() < shard_bytes)
        {
            if end > start {
                body.push(',');
            }
            body.push_str(&records[end]);
            end += 1;
        }
        body.push(']');
        let file = hashed(lang, "d", &body);
        entries.push((start.to_string(), file_name(&file)));
        files.push(file);
        start = end;
        if records.is_empty() {
            break;
        }
    }
    entries
}

/// A directory as the manifest lists it: its entries themselves (and
/// `false`), or past [`DIRECTORY_PAGE`] entries pages of them written as
/// files of kind `kind`, listed as [first key, name, first entry] (and `true`).
fn directory(
    lang: &str,
    kind: &str,
    entries: &[(String, String)],
    files: &mut Vec<IndexFile>,
) -> (String, bool) {
    let list = |entries: &[(String, String)]| {
        let mut out = String::from("[");
        for (k, (key, name)) in entries.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            out.push('[');
            out.push_str(key);
            out.push(',');
            push_json(&mut out, name);
            out.push(']');
        }
        out.push(']');
        out
    };
    if entries.len() <= DIRECTORY_PAGE {
        return (list(entries), false);
    }
    let mut out = String::from("[");
    for (p, page) in entries.chunks(DIRECTORY_PAGE).enumerate() {
        let file = hashed(lang, kind, &list(page));
        if p > 0 {
            out.push(',');
        }
        out.push('[');
        out.push_str(&page[0].0);
        out.push(',');
        push_json(&mut out, &file_name(&file));
        out.push_str(&format!(",{}]", p * DIRECTORY_PAGE));
        files.push(file);
    }
    out.push(']');
    (out, true)
}

fn write_layout(
    index: &LanguageIndex,
    lengths: &[u32],
    extras: ManifestExtras,
    chunk_bytes: usize,
) -> Vec<IndexFile> {
    let lang = &index.lang;
    let mut files = Vec::new();
    let records: Vec<String> = index.docs.par_iter().map(record_text).collect();
    let (chunk_entries, starts) = write_chunks(index, lengths, &records, chunk_bytes, &mut files);
    let prefix_entries = prefixes::write_prefixes(
        index,
        &prefixes::spanning_prefixes(index, &starts),
        &mut files,
    );
    drop(starts);
    let record_bytes: usize = records.iter().map(|r| r.len() + 1).sum();
    let shard_entries = write_shards(lang, &records, shard_size(record_bytes), &mut files);
    drop(records);
    let (chunks, chunk_pages) = directory(lang, "c", &chunk_entries, &mut files);
    let (shards, shard_pages) = directory(lang, "e", &shard_entries, &mut files);
    let (prefix_list, prefix_pages) = directory(lang, "q", &prefix_entries, &mut files);

    // Taxonomy facets (loaded when a reader opens them) and the languages
    // each document exists in (loaded when another language's search needs it).
    let encode = |f: &super::index::Facet| {
        json!({
            "n": f.name,
            "v": f.values.iter().map(|(label, docs)| json!([label, encode_docs(docs)])).collect::<Vec<_>>(),
        })
    };
    let (langs, taxonomies): (Vec<_>, Vec<_>) =
        index.facets.iter().partition(|f| f.name == "langs");
    let langs_file = hashed(
        lang,
        "l",
        &Value::Array(langs.into_iter().map(encode).collect()).to_string(),
    );
    let langs_name = file_name(&langs_file);
    files.push(langs_file);
    let facets: Vec<Value> = taxonomies.into_iter().map(encode).collect();
    let facet_file = hashed(lang, "f", &Value::Array(facets).to_string());
    let facet_name = file_name(&facet_file);
    files.push(facet_file);

    let mut manifest = json!({
        "lang": lang,
        "dir": extras.dir,
        "stem": index.stemmed,
        "n": index.docs.len(),
        "chunkPages": chunk_pages,
        "shardPages": shard_pages,
        "prefixPages": prefix_pages,
        "facets": facet_name,
        "langs": langs_name,
        "sections": index.sections.iter().map(|(_, label)| label).collect::<Vec<_>>(),
        "ranges": index.ranges.iter().map(|(d, s, y)| json!([d, s, y])).collect::<Vec<_>>(),
        "also": extras.also,
        "names": extras.names,
        "strings": extras.strings,
        "plural": extras.plural,
        "facetNames": extras.facet_names,
    });
    let parse = |text: &str| serde_json::from_str::<Value>(text).unwrap_or(Value::Null);
    manifest["chunks"] = parse(&chunks);
    manifest["shards"] = parse(&shards);
    manifest["prefixes"] = parse(&prefix_list);
    files.push(IndexFile {
        path: format!("search/{lang}.js"),
        text: format!("agoraSearch({},{});\n", json!(lang), manifest),
    });
    files
}

fn file_name(file: &IndexFile) -> String {
    file.path
        .trim_start_matches("search/")
        .trim_end_matches(".js")
        .to_string()
}

mod prefixes;

#[cfg(test)]
mod tests;
