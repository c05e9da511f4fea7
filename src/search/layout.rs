//! How a language's index is laid out on disk: a small manifest
//! (`search/<lang>.js`, the one unhashed name), the surface-form dictionary
//! with the postings of its stems split into chunks by term range, document
//! records grouped into shards, and one facets file; every name but the
//! manifest's carries a hash of its content. Every file is a script calling
//! `agoraSearch(name, data)`, so it loads the same way over http(s) and from
//! `file://`.
//!
//! Numbers in postings and facet lists are written as base-64 digits
//! (`0-9A-Za-z-_`). A facet list is its document gaps as variable-length
//! numbers (digits 32–63 carry five bits and mean "more follows"). A posting
//! is one digit when the gap from the previous document is 1 to 4
//! (`(gap - 1) * 8 + impact - 1`), else the digit `32 + impact - 1` followed
//! by `gap - 5` as a variable-length number; the first gap counts from -1.

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

/// Postings as gaps and impacts (1..=8), one digit for most documents of a common word.
pub fn encode_postings(list: &[(u32, u8)]) -> String {
    let mut out = String::with_capacity(list.len() * 2);
    let mut last: i64 = -1;
    for &(doc, impact) in list {
        let gap = (i64::from(doc) - last) as u32;
        let level = u32::from(impact.clamp(1, 8) - 1);
        if (1..=4).contains(&gap) {
            out.push(DIGITS[((gap - 1) * 8 + level) as usize] as char);
        } else {
            out.push(DIGITS[(32 + level) as usize] as char);
            push_number(&mut out, gap - 5);
        }
        last = i64::from(doc);
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
    let (mut i, mut doc) = (0, -1i64);
    while i < bytes.len() {
        let first = digit(bytes[i]);
        i += 1;
        let (gap, level) = if first < 32 {
            (first / 8 + 1, first % 8)
        } else {
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
            (value + 5, first - 32)
        };
        doc += i64::from(gap);
        out.push((doc as u32, level as u8 + 1));
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
    write_language_in_chunks(index, extras, CHUNK_BYTES)
}

/// The chunk whose range holds `word`, given each chunk's first surface form
/// (the client does the same binary search).
pub fn chunk_for(firsts: &[&str], word: &str) -> usize {
    firsts
        .partition_point(|first| *first <= word)
        .saturating_sub(1)
}

/// [`write_language`] with chunks of about `chunk_bytes`.
pub fn write_language_in_chunks(
    index: &LanguageIndex,
    extras: ManifestExtras,
    chunk_bytes: usize,
) -> Vec<IndexFile> {
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
            if size >= chunk_bytes && (!shares || size >= 2 * chunk_bytes) {
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
        &Value::Array(langs.into_iter().map(encode).collect()),
    );
    let langs_name = file_name(&langs_file);
    files.push(langs_file);
    let facets: Vec<Value> = taxonomies.into_iter().map(encode).collect();
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
        "langs": langs_name,
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
        let list = vec![(0, 5), (1, 8), (5, 1), (40, 3), (1_000_000, 7)];
        let text = encode_postings(&list);
        assert_eq!(decode_postings(&text), list);
        // Gaps of 1 to 4 take one digit with the impact; longer ones more.
        assert_eq!(encode_postings(&[(0, 1), (1, 2), (5, 8)]), "01V");
        assert_eq!(encode_postings(&[(9, 1)]), "W5");
    }

    fn parse(file: &IndexFile) -> Value {
        let start = file.text.find(',').expect("name, data") + 1;
        let end = file.text.rfind(");").expect("end");
        serde_json::from_str(&file.text[start..end]).expect("JSON")
    }

    /// An index of `n` documents: surfaces `w000`… each with its own stem,
    /// and `run`/`runs`/`running` sharing one.
    fn sample(n: u32) -> LanguageIndex {
        let mut stems: Vec<(String, Vec<(u32, u8)>)> = (0..300)
            .map(|i| {
                (
                    format!("w{i:03}"),
                    (0..n)
                        .filter(|d| d % (i + 1) == 0)
                        .map(|d| (d, 3))
                        .collect(),
                )
            })
            .collect();
        stems.push(("run".into(), vec![(1, 8), (2, 4)]));
        let mut surfaces: Vec<(String, Vec<u32>)> =
            (0..300).map(|i| (format!("w{i:03}"), vec![i])).collect();
        for s in ["run", "running", "runs"] {
            surfaces.push((s.into(), vec![300]));
        }
        surfaces.sort();
        LanguageIndex {
            lang: "en".into(),
            stemmed: true,
            docs: (0..n).map(|_| Default::default()).collect(),
            sections: vec![("letters".into(), "Letters".into())],
            ranges: vec![(0, 0, 2020)],
            stems,
            surfaces,
            facets: Vec::new(),
        }
    }

    fn extras() -> ManifestExtras {
        ManifestExtras {
            dir: "ltr",
            also: Vec::new(),
            names: json!({}),
            strings: json!({}),
            plural: String::new(),
            facet_names: json!({}),
        }
    }

    #[test]
    fn a_word_is_found_in_the_chunk_its_range_selects() {
        let index = sample(2000);
        let files = write_language_in_chunks(&index, extras(), 4 * 1024);
        let manifest = parse(files.last().expect("manifest"));
        let chunks = manifest["chunks"].as_array().expect("chunks");
        assert!(chunks.len() > 5, "split into {} chunks", chunks.len());
        let firsts: Vec<&str> = chunks
            .iter()
            .map(|c| c[0].as_str().expect("first"))
            .collect();
        let by_name = |name: &str| {
            files
                .iter()
                .find(|f| f.path == format!("search/{name}.js"))
                .map(parse)
                .expect("chunk file")
        };
        for (surface, stems) in &index.surfaces {
            let chunk = by_name(
                chunks[chunk_for(&firsts, surface)][1]
                    .as_str()
                    .expect("name"),
            );
            let words: Vec<&str> = chunk["w"]
                .as_array()
                .expect("w")
                .iter()
                .map(|w| w.as_str().expect("word"))
                .collect();
            let at = words
                .binary_search(&surface.as_str())
                .unwrap_or_else(|_| panic!("{surface} not in its chunk"));
            let local = chunk["s"][at].as_u64().expect("one stem") as usize;
            let postings = decode_postings(chunk["p"][local].as_str().expect("postings"));
            assert_eq!(postings, index.stems[stems[0] as usize].1, "{surface}");
        }
        // Words before the first chunk's first word, or after the last, select the ends.
        assert_eq!(chunk_for(&firsts, "a"), 0);
        assert_eq!(chunk_for(&firsts, "zzz"), firsts.len() - 1);
        // Forms of one stem stay together: its postings are written once.
        let run_chunks = ["run", "running", "runs"].map(|w| chunk_for(&firsts, w));
        assert!(run_chunks.iter().all(|c| *c == run_chunks[0]));
    }

    #[test]
    fn shards_hold_at_most_a_hundred_documents() {
        assert_eq!(shard_size(10_000), 100);
        assert_eq!(shard_size(40), 10);
        assert_eq!(shard_size(3), 8);
    }
}
