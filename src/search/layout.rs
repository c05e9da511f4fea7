//! How a language's index is laid out on disk: a small manifest
//! (`search/<lang>.js`, the one unhashed name), the surface-form dictionary
//! with the postings of its stems split into chunks by term range, document
//! records grouped into shards, and one facets file; every name but the
//! manifest's carries a hash of its content. Every file is a script calling
//! `agoraSearch(name, data)`, so it loads the same way over http(s) and from
//! `file://`.
//!
//! Numbers in postings and facet lists are written as base-64 digits
//! (`0-9A-Za-z-_`): document gaps as variable-length numbers (digits 32–63
//! carry five bits and mean "more follows"), each followed by one digit of
//! impact (1–63).

use serde_json::{Value, json};
use sha2::Digest;

use super::index::LanguageIndex;

pub const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Bytes of dictionary and postings aimed at per term chunk.
pub const CHUNK_BYTES: usize = 48 * 1024;
/// Documents per record shard, at most (fewer for small sites, see [`shard_size`]).
pub const SHARD_DOCS: usize = 100;

/// One file of the index: its path under the output root and its text.
#[derive(Debug, Clone)]
pub struct IndexFile {
    pub path: String,
    pub text: String,
}

/// Appends `value` as a variable-length base-64 number.
pub fn push_number(out: &mut String, mut value: u32) {
    while value >= 32 {
        out.push(DIGITS[(32 + (value & 31)) as usize] as char);
        value >>= 5;
    }
    out.push(DIGITS[value as usize] as char);
}

/// Postings as gaps and impacts.
pub fn encode_postings(list: &[(u32, u8)]) -> String {
    let mut out = String::with_capacity(list.len() * 2);
    let mut last = 0;
    for (i, &(doc, impact)) in list.iter().enumerate() {
        push_number(&mut out, if i == 0 { doc } else { doc - last });
        out.push(DIGITS[impact.min(63) as usize] as char);
        last = doc;
    }
    out
}

/// A sorted list of documents as gaps.
pub fn encode_docs(list: &[u32]) -> String {
    let mut out = String::with_capacity(list.len());
    let mut last = 0;
    for (i, &doc) in list.iter().enumerate() {
        push_number(&mut out, if i == 0 { doc } else { doc - last });
        last = doc;
    }
    out
}

/// Decodes what [`encode_postings`] wrote (used by tests and the benchmark).
pub fn decode_postings(text: &str) -> Vec<(u32, u8)> {
    let digit = |c: u8| DIGITS.iter().position(|d| *d == c).unwrap_or(0) as u32;
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut doc) = (0, 0u32);
    while i < bytes.len() {
        let (mut value, mut shift) = (0u32, 0);
        loop {
            let d = digit(bytes[i]);
            i += 1;
            if d >= 32 {
                value |= (d - 32) << shift;
                shift += 5;
            } else {
                value |= d << shift;
                break;
            }
        }
        doc = if out.is_empty() { value } else { doc + value };
        out.push((doc, digit(bytes[i]) as u8));
        i += 1;
    }
    out
}

fn script(name: &str, data: &Value) -> String {
    format!("agoraSearch({},{});\n", json!(name), data)
}

/// A file whose name ends with a hash of its data.
fn hashed(lang: &str, kind: &str, data: &Value) -> IndexFile {
    let body = data.to_string();
    let digest = sha2::Sha256::digest(body.as_bytes());
    let hash: String = digest[..5].iter().map(|b| format!("{b:02x}")).collect();
    let name = format!("{lang}.{kind}.{hash}");
    IndexFile {
        path: format!("search/{name}.js"),
        text: script(&name, data),
    }
}

/// Documents per shard: about a hundred, fewer when that makes fewer than four shards.
pub fn shard_size(docs: usize) -> usize {
    docs.div_ceil(4).clamp(8, SHARD_DOCS)
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

/// Every file of one language's index, the manifest last.
pub fn write_language(index: &LanguageIndex, extras: ManifestExtras) -> Vec<IndexFile> {
    let lang = &index.lang;
    let mut files = Vec::new();

    // Term chunks: surfaces in order, each chunk with the postings of the
    // stems its surfaces point to. A chunk is closed at a surface that
    // shares no stem with it, so a stem is rarely written twice.
    let mut chunk_list: Vec<Value> = Vec::new();
    let mut start = 0;
    while start < index.surfaces.len() {
        let mut local: Vec<u32> = Vec::new();
        let mut words: Vec<Value> = Vec::new();
        let mut refs: Vec<Value> = Vec::new();
        let mut postings: Vec<Value> = Vec::new();
        let mut size = 0;
        let mut end = start;
        while end < index.surfaces.len() {
            let (surface, stems) = &index.surfaces[end];
            let shares = stems.iter().any(|s| local.contains(s));
            if size >= CHUNK_BYTES && (!shares || size >= 2 * CHUNK_BYTES) {
                break;
            }
            let mut my_refs = Vec::new();
            for &s in stems {
                let at = match local.iter().position(|l| *l == s) {
                    Some(at) => at,
                    None => {
                        let text = encode_postings(&index.stems[s as usize].1);
                        size += text.len() + 3;
                        postings.push(Value::String(text));
                        local.push(s);
                        local.len() - 1
                    }
                };
                my_refs.push(json!(at));
            }
            size += surface.len() + 6;
            words.push(json!(surface));
            refs.push(if my_refs.len() == 1 {
                my_refs.pop().unwrap_or_default()
            } else {
                Value::Array(my_refs)
            });
            end += 1;
        }
        let data = json!({"w": words, "s": refs, "p": postings});
        let file = hashed(lang, "t", &data);
        chunk_list.push(json!([index.surfaces[start].0, file_name(&file)]));
        files.push(file);
        start = end;
    }

    let size = shard_size(index.docs.len());
    let mut shard_names = Vec::new();
    for shard in index.docs.chunks(size) {
        let records: Vec<Value> = shard
            .iter()
            .map(|d| json!([d.title, d.path, d.date, d.excerpt, d.langs.join(" ")]))
            .collect();
        let file = hashed(lang, "d", &Value::Array(records));
        shard_names.push(json!(file_name(&file)));
        files.push(file);
    }

    let facets: Vec<Value> = index
        .facets
        .iter()
        .map(|f| {
            json!({
                "n": f.name,
                "v": f.values.iter().map(|(label, docs)| json!([label, encode_docs(docs)])).collect::<Vec<_>>(),
            })
        })
        .collect();
    let facet_file = hashed(lang, "f", &Value::Array(facets));
    let facet_name = file_name(&facet_file);
    files.push(facet_file);

    let manifest = json!({
        "lang": lang,
        "dir": extras.dir,
        "stem": index.stemmed,
        "n": index.docs.len(),
        "chunks": chunk_list,
        "shard": size,
        "shards": shard_names,
        "facets": facet_name,
        "sections": index.sections.iter().map(|(_, label)| label).collect::<Vec<_>>(),
        "ranges": index.ranges.iter().map(|(d, s, y)| json!([d, s, y])).collect::<Vec<_>>(),
        "also": extras.also,
        "names": extras.names,
        "strings": extras.strings,
        "plural": extras.plural,
        "facetNames": extras.facet_names,
    });
    files.push(IndexFile {
        path: format!("search/{lang}.js"),
        text: script(lang, &manifest),
    });
    files
}

fn file_name(file: &IndexFile) -> String {
    file.path
        .trim_start_matches("search/")
        .trim_end_matches(".js")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_round_trip() {
        let list = vec![(0, 5), (1, 63), (40, 1), (1_000_000, 7)];
        let text = encode_postings(&list);
        assert_eq!(decode_postings(&text), list);
        // Small gaps take one digit, the impact another.
        assert_eq!(encode_postings(&[(3, 9), (4, 10)]), "391A");
    }

    #[test]
    fn shards_hold_at_most_a_hundred_documents() {
        assert_eq!(shard_size(10_000), 100);
        assert_eq!(shard_size(40), 10);
        assert_eq!(shard_size(3), 8);
    }
}
