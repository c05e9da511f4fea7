//! How a language's index is laid out on disk: a small manifest
//! (`search/<lang>.js`, the one unhashed name), the surface-form dictionary
//! with the postings and exact forms of its stems split into chunks by term
//! range, each chunk with the records of its words' first result pages,
//! every document's record in shards, and two facet files; about one file
//! per [`DOCS_PER_FILE`] documents; every name but the manifest's carries a
//! hash of its content. Every file is a script calling
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

/// Index files of a language: about one per this many documents (but at
/// least [`MIN_FILES`]), so that hosts that cap file counts take any site.
pub const DOCS_PER_FILE: usize = 120;
/// Files a small language's index may use.
pub const MIN_FILES: usize = 16;
/// Bytes of a term chunk, at least.
pub const MIN_CHUNK_BYTES: usize = 16 * 1024;
/// Results the client shows first: a term chunk carries the records of
/// the first page of each of its words, so a one-word query needs no shard.
pub const FIRST_PAGE: usize = 10;
/// Bytes of first-page records a chunk may carry beyond its postings' size.
const MIN_RECORD_BYTES: usize = 4 * 1024;

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
        text: format!("agoraSearch({},{body});\n", json!(name)),
    }
}

/// How many index files a language of `docs` documents may use.
pub fn file_budget(docs: usize) -> usize {
    docs.div_ceil(DOCS_PER_FILE).max(MIN_FILES)
}

/// Documents per record shard: shards take two fifths of the file budget
/// (a one-word query needs none of them: its chunk holds its first page).
pub fn shard_size(docs: usize) -> usize {
    let shards = (file_budget(docs) * 2 / 5).max(1);
    docs.div_ceil(shards).max(8)
}

/// Bytes per term chunk so that the chunks fill what the shards, the
/// manifest and the two facet files leave of the file budget.
pub fn chunk_size(docs: usize, term_bytes: usize) -> usize {
    let shards = docs.div_ceil(shard_size(docs)).max(1);
    let chunks = file_budget(docs).saturating_sub(shards + 3).max(1);
    term_bytes.div_ceil(chunks).max(MIN_CHUNK_BYTES)
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

/// Every file of one language's index, the manifest last, with chunks
/// sized by [`chunk_size`].
pub fn write_language(index: &LanguageIndex, extras: ManifestExtras) -> Vec<IndexFile> {
    let terms = Terms::new(index);
    let bytes = terms.estimated_bytes(index);
    write_chunks_and_shards(index, &terms, extras, chunk_size(index.docs.len(), bytes))
}

/// [`write_language`] with chunks of about `chunk_bytes`.
pub fn write_language_in_chunks(
    index: &LanguageIndex,
    extras: ManifestExtras,
    chunk_bytes: usize,
) -> Vec<IndexFile> {
    write_chunks_and_shards(index, &Terms::new(index), extras, chunk_bytes)
}

/// What the chunks are made of, computed once: encoded postings and forms
/// per stem, and per surface form the documents of its first page.
struct Terms {
    postings: Vec<String>,
    forms: Vec<Value>,
    first_pages: Vec<Vec<u32>>,
    records: Vec<String>,
}

impl Terms {
    fn new(index: &LanguageIndex) -> Terms {
        use rayon::prelude::*;
        let postings: Vec<String> = index
            .stems
            .par_iter()
            .map(|(_, list)| encode_postings(list))
            .collect();
        let forms = (0..index.stems.len())
            .map(|s| forms_value(index, s))
            .collect();
        let first_pages = index
            .surfaces
            .par_iter()
            .map(|(surface, stems)| first_pages(index, surface, stems))
            .collect();
        let records = index
            .docs
            .par_iter()
            .map(|d| record_value(d).to_string())
            .collect();
        Terms {
            postings,
            forms,
            first_pages,
            records,
        }
    }

    /// About how many bytes the chunks will hold together.
    fn estimated_bytes(&self, index: &LanguageIndex) -> usize {
        let postings: usize = self.postings.iter().map(|p| p.len() + 3).sum();
        let words: usize = index.surfaces.iter().map(|(s, _)| s.len() + 6).sum();
        let forms: usize = self.forms.iter().map(|f| f.to_string().len() + 1).sum();
        let average =
            self.records.iter().map(String::len).sum::<usize>() / self.records.len().max(1);
        let records: usize = self
            .first_pages
            .iter()
            .map(|p| p.len() * (average + 8))
            .sum();
        postings + words + forms + records.min(postings)
    }
}

/// A record as shards and chunks hold it: [title, path, date, excerpt, languages].
fn record_value(d: &super::index::DocRecord) -> Value {
    json!([d.title, d.path, d.date, d.excerpt, d.langs.join(" ")])
}

/// The exact forms of stem `s` for the client: `0` when its one form is
/// the surface form that leads to it, else `[[form, documents], …]`, the
/// documents as gaps, empty when every document of the stem holds the form.
fn forms_value(index: &LanguageIndex, s: usize) -> Value {
    let forms = &index.forms[s];
    if let [(form, _)] = forms.as_slice()
        && super::analysis::fold(form) == form.as_str()
    {
        return json!(0);
    }
    let all = index.stems[s].1.len();
    Value::Array(
        forms
            .iter()
            .map(|(form, docs)| {
                let docs = if docs.is_empty() || docs.len() == all {
                    String::new()
                } else {
                    encode_docs(docs)
                };
                json!([form, docs])
            })
            .collect(),
    )
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
        for (form, docs) in &index.forms[s as usize] {
            let count = if docs.is_empty() {
                usize::MAX
            } else {
                docs.len()
            };
            if form != surface && count > most && super::analysis::fold(form) == surface {
                (typed, most) = (Some(form.as_str()), count);
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
        let (_, list) = &index.stems[s as usize];
        let weight = idf(n, list.len());
        let typed = index.forms[s as usize]
            .iter()
            .find(|(form, _)| form == typed);
        let exact_docs: Option<&[u32]> = match typed {
            Some((_, docs)) if docs.is_empty() => None,
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

fn write_chunks_and_shards(
    index: &LanguageIndex,
    terms: &Terms,
    extras: ManifestExtras,
    chunk_bytes: usize,
) -> Vec<IndexFile> {
    let lang = &index.lang;
    let mut files = Vec::new();

    // Term chunks: surfaces in order, each chunk with the postings and
    // exact forms of the stems its surfaces point to, and the records of
    // its words' first pages. A chunk is closed at a surface that shares no
    // stem with it, so a stem is rarely written twice.
    let mut chunk_list: Vec<Value> = Vec::new();
    let mut start = 0;
    while start < index.surfaces.len() {
        let mut local: Vec<u32> = Vec::new();
        let mut words: Vec<Value> = Vec::new();
        let mut refs: Vec<Value> = Vec::new();
        let mut postings: Vec<Value> = Vec::new();
        let mut forms: Vec<Value> = Vec::new();
        let mut records: serde_json::Map<String, Value> = serde_json::Map::new();
        let (mut size, mut postings_size, mut records_size) = (0, 0, 0);
        let mut end = start;
        while end < index.surfaces.len() {
            let (surface, stems) = &index.surfaces[end];
            let shares = stems.iter().any(|s| local.contains(s));
            // Closed before the next word would make it too big.
            let cost: usize = stems
                .iter()
                .filter(|s| !local.contains(s))
                .map(|&s| terms.postings[s as usize].len() + 3)
                .sum::<usize>()
                + surface.len()
                + 6;
            if end > start && size + cost > chunk_bytes && (!shares || size >= 2 * chunk_bytes) {
                break;
            }
            let mut my_refs = Vec::new();
            for &s in stems {
                let at = match local.iter().position(|l| *l == s) {
                    Some(at) => at,
                    None => {
                        let text = &terms.postings[s as usize];
                        let form = &terms.forms[s as usize];
                        let bytes = text.len() + 3 + form.to_string().len() + 1;
                        size += bytes;
                        postings_size += bytes;
                        postings.push(Value::String(text.clone()));
                        forms.push(form.clone());
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
            for &doc in &terms.first_pages[end] {
                let key = doc.to_string();
                let text = &terms.records[doc as usize];
                if records.contains_key(&key)
                    || records_size + text.len() > postings_size.max(MIN_RECORD_BYTES)
                {
                    continue;
                }
                records_size += text.len() + key.len() + 4;
                size += text.len() + key.len() + 4;
                records.insert(key, record_value(&index.docs[doc as usize]));
            }
            end += 1;
        }
        let data = json!({"w": words, "s": refs, "p": postings, "x": forms, "r": records});
        let file = hashed(lang, "t", &data);
        chunk_list.push(json!([index.surfaces[start].0, file_name(&file)]));
        files.push(file);
        start = end;
    }

    let size = shard_size(index.docs.len());
    let mut shard_names = Vec::new();
    for shard in index.docs.chunks(size) {
        let records: Vec<Value> = shard.iter().map(record_value).collect();
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
        let mut forms: Vec<Vec<(String, Vec<u32>)>> = (0..300)
            .map(|i| vec![(format!("w{i:03}"), Vec::new())])
            .collect();
        forms.push(vec![
            ("run".into(), vec![1]),
            ("running".into(), vec![2]),
            ("runs".into(), vec![1, 2]),
        ]);
        LanguageIndex {
            lang: "en".into(),
            stemmed: true,
            docs: (0..n).map(|_| Default::default()).collect(),
            sections: vec![("letters".into(), "Letters".into())],
            ranges: vec![(0, 0, 2020)],
            stems,
            forms,
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
            let words = chunk_words(&chunk);
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

    /// The sorted words of a term chunk.
    fn chunk_words(chunk: &Value) -> Vec<&str> {
        chunk["w"]
            .as_array()
            .expect("w")
            .iter()
            .map(|w| w.as_str().expect("word"))
            .collect()
    }

    #[test]
    fn a_language_uses_about_one_file_per_120_documents() {
        // 10,000 documents: 84 files, 33 of them shards of 304 documents.
        assert_eq!(file_budget(10_000), 84);
        assert_eq!(shard_size(10_000), 304);
        assert_eq!(10_000usize.div_ceil(shard_size(10_000)), 33);
        // The rest, but for the manifest and the two facet files, are chunks.
        assert_eq!(chunk_size(10_000, 4_800_000), 100_000);
        // Small sites: a few small files.
        assert_eq!(shard_size(40), 8);
        assert_eq!(chunk_size(40, 1000), MIN_CHUNK_BYTES);
    }

    #[test]
    fn a_chunk_carries_the_first_page_of_its_words() {
        let index = sample(50);
        let files = write_language_in_chunks(&index, extras(), 1024 * 1024);
        let chunk = parse(&files[0]);
        let records = chunk["r"].as_object().expect("records");
        // `w001` is in every document: its first page is documents 0 to 9.
        for doc in 0..FIRST_PAGE {
            assert!(records.contains_key(&doc.to_string()), "{doc}");
        }
        // Forms: one form equal to its surface is `0`; several come with their documents.
        let words = chunk_words(&chunk);
        let at = |w: &str| words.binary_search(&w).expect("word");
        let run = chunk["s"][at("run")].as_u64().expect("ref") as usize;
        assert_eq!(
            chunk["x"][run],
            json!([["run", "1"], ["running", "2"], ["runs", ""]])
        );
        let w001 = chunk["s"][at("w001")].as_u64().expect("ref") as usize;
        assert_eq!(chunk["x"][w001], json!(0));
    }

    #[test]
    fn the_exact_form_ranks_above_other_forms_of_its_stem() {
        let mut index = sample(50);
        let run = index.stems.len() - 1;
        // Document 2 holds `running` with the highest impact; document 7 `run` with less.
        index.stems[run].1 = vec![(2, 8), (7, 2)];
        index.forms[run] = vec![("run".into(), vec![7]), ("running".into(), vec![2])];
        let stems = [run as u32];
        assert_eq!(first_page(&index, "run", &stems), [7, 2]);
        assert_eq!(first_page(&index, "running", &stems), [2, 7]);
        // Without an exact form, by score.
        assert_eq!(first_page(&index, "runn", &stems), [2, 7]);
        // Typed with or without accents: both first pages.
        index.forms[run] = vec![("ran".into(), vec![7]), ("rán".into(), vec![2])];
        assert_eq!(first_page(&index, "ran", &stems), [7, 2]);
        assert_eq!(first_page(&index, "rán", &stems), [2, 7]);
    }
}
