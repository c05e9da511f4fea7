//! Tests of the index layout: chunk and shard sizes, directory pages, first pages of results.

use super::*;

fn parse(file: &IndexFile) -> Value {
    let start = file.text.find(',').expect("name, data") + 1;
    let end = file.text.rfind(");").expect("end");
    serde_json::from_str(&file.text[start..end]).expect("JSON")
}

type Parts = (
    Vec<(String, Vec<(u32, u8)>)>,
    Vec<Vec<(String, Vec<u32>)>>,
    Vec<(String, Vec<u32>)>,
);

/// Surfaces `w000`… each with its own stem, and `run`/`runs`/`running` sharing one.
fn sample_parts(n: u32) -> Parts {
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
    (stems, forms, surfaces)
}

fn index_of(n: u32, (stems, forms, surfaces): Parts) -> LanguageIndex {
    let docs = (0..n).map(|_| Default::default()).collect();
    LanguageIndex::from_lists("en", docs, stems, forms, surfaces)
}

fn sample(n: u32) -> LanguageIndex {
    index_of(n, sample_parts(n))
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

/// The files of an index by name, and its manifest.
fn files_by_name(files: &[IndexFile]) -> (std::collections::HashMap<String, Value>, Value) {
    let by_name = files.iter().map(|f| (file_name(f), parse(f))).collect();
    (by_name, parse(files.last().expect("manifest")))
}

/// Every entry of a directory, following its pages when it has them.
fn entries(
    by_name: &std::collections::HashMap<String, Value>,
    manifest: &Value,
    kind: &str,
) -> Vec<Value> {
    let top = manifest[kind].as_array().expect("directory").clone();
    let pages = match kind {
        "prefixes" => "prefixPages".to_string(),
        _ => format!("{}Pages", &kind[..5]),
    };
    if !manifest[pages].as_bool().expect("paged") {
        return top;
    }
    top.iter()
        .flat_map(|page| {
            by_name[page[1].as_str().expect("page")]
                .as_array()
                .expect("entries")
                .clone()
        })
        .collect()
}

/// Checks that every surface form is found, with its postings, in the
/// chunk the directory selects for it.
fn check_lookups(index: &LanguageIndex, files: &[IndexFile]) -> Vec<Value> {
    let (by_name, manifest) = files_by_name(files);
    let chunks = entries(&by_name, &manifest, "chunks");
    let firsts: Vec<&str> = chunks
        .iter()
        .map(|c| c[0].as_str().expect("first"))
        .collect();
    for i in 0..index.surface_count() as u32 {
        let (surface, stems) = index.surface(i);
        let chunk = &by_name[chunks[chunk_for(&firsts, surface)][1]
            .as_str()
            .expect("name")];
        let words = chunk_words(chunk);
        let at = words
            .binary_search(&surface)
            .unwrap_or_else(|_| panic!("{surface} not in its chunk"));
        let local = match &chunk["s"][at] {
            Value::Array(a) => a[0].as_u64(),
            v => v.as_u64(),
        }
        .expect("stem") as usize;
        let postings = decode_postings(chunk["p"][local].as_str().expect("postings"));
        assert_eq!(postings, index.postings.get(stems[0]), "{surface}");
    }
    // Words before the first chunk's first word, or after the last, select the ends.
    assert_eq!(chunk_for(&firsts, ""), 0);
    assert_eq!(chunk_for(&firsts, "\u{10FFFF}"), firsts.len() - 1);
    chunks
}

#[test]
fn a_word_is_found_in_the_chunk_its_range_selects() {
    let index = sample(2000);
    let files = write_language_in_chunks(&index, extras(), 4 * 1024);
    let chunks = check_lookups(&index, &files);
    assert!(chunks.len() > 5, "split into {} chunks", chunks.len());
    // Forms of one stem stay together: its postings are written once.
    let firsts: Vec<&str> = chunks.iter().map(|c| c[0].as_str().unwrap()).collect();
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
fn files_are_sized_by_bytes_whatever_the_vocabulary() {
    // 60,000 words found once each (names, codes, noise) in 3,000
    // documents, and ten words found everywhere.
    let n = 3000u32;
    let mut stems: Vec<(String, Vec<(u32, u8)>)> = (0..60_000u32)
        .map(|i| (format!("x{:06}", (i * 7919) % 60_000), vec![(i % n, 2)]))
        .chain((0..10).map(|i| (format!("common{i}"), (0..n).map(|d| (d, 4)).collect())))
        .collect();
    stems.sort();
    let forms = stems
        .iter()
        .map(|(s, _)| vec![(s.clone(), Vec::new())])
        .collect();
    let surfaces = (0..stems.len() as u32)
        .map(|i| (stems[i as usize].0.clone(), vec![i]))
        .collect();
    let mut index = index_of(n, (stems, forms, surfaces));
    for (i, d) in index.docs.iter_mut().enumerate() {
        d.title = format!("Document {i}");
        d.excerpt = "A sentence of text that stands for an excerpt. ".repeat(3);
    }
    let chunk_bytes = 4 * 1024;
    let files = write_language_in_chunks(&index, extras(), chunk_bytes);
    let chunks = check_lookups(&index, &files);
    let (by_name, manifest) = files_by_name(&files);
    // About 1.4 MB of terms in chunks of 4 KB, listed in directory pages.
    assert!(chunks.len() > DIRECTORY_PAGE, "{} chunks", chunks.len());
    assert_eq!(manifest["chunkPages"], true);
    assert!(files.last().unwrap().text.len() < 4 * 1024);
    for f in &files {
        let limit = if f.path.contains(".t.") {
            2 * chunk_bytes + RECORD_BYTES
        } else {
            2 * SHARD_BYTES.max(DIRECTORY_PAGE * 40)
        };
        assert!(
            f.text.len() < limit,
            "{} has {} bytes",
            f.path,
            f.text.len()
        );
    }
    // Records: in shards by bytes, every document once, in order.
    let shards = entries(&by_name, &manifest, "shards");
    assert!(shards.len() > 20, "{} shards", shards.len());
    let mut next = 0;
    for shard in &shards {
        assert_eq!(shard[0].as_u64(), Some(next));
        let records = by_name[shard[1].as_str().unwrap()].as_array().unwrap();
        assert_eq!(records[0][0], format!("Document {next}"));
        next += records.len() as u64;
    }
    assert_eq!(next, u64::from(n));
    // The chunk of a common word carries its first page; a chunk of rare words none.
    let firsts: Vec<&str> = chunks.iter().map(|c| c[0].as_str().unwrap()).collect();
    let common = &by_name[chunks[chunk_for(&firsts, "common3")][1].as_str().unwrap()];
    assert!(common["r"].as_object().unwrap().len() >= FIRST_PAGE);
    let rare = &by_name[chunks[chunk_for(&firsts, "x030000")][1].as_str().unwrap()];
    assert!(rare["r"].as_object().unwrap().is_empty());
}

#[test]
fn chunk_and_shard_sizes_grow_only_past_the_file_caps() {
    assert_eq!(chunk_size(1000), CHUNK_BYTES);
    assert_eq!(chunk_size(MAX_CHUNKS * CHUNK_BYTES), CHUNK_BYTES);
    assert_eq!(chunk_size(MAX_CHUNKS * CHUNK_BYTES * 3), 3 * CHUNK_BYTES);
    assert_eq!(shard_size(100), SHARD_BYTES);
    assert_eq!(shard_size(MAX_SHARDS * SHARD_BYTES * 2), 2 * SHARD_BYTES);
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
    let with = |postings: Vec<(u32, u8)>, forms: Vec<(&str, Vec<u32>)>| {
        let (mut stems, mut all_forms, surfaces) = sample_parts(50);
        stems[300].1 = postings;
        all_forms[300] = forms.into_iter().map(|(f, d)| (f.to_string(), d)).collect();
        index_of(50, (stems, all_forms, surfaces))
    };
    // Document 2 holds `running` with the highest impact; document 7 `run` with less.
    let index = with(
        vec![(2, 8), (7, 2)],
        vec![("run", vec![7]), ("running", vec![2])],
    );
    let stems = [300];
    assert_eq!(first_page(&index, "run", &stems), [7, 2]);
    assert_eq!(first_page(&index, "running", &stems), [2, 7]);
    // Without an exact form, by score.
    assert_eq!(first_page(&index, "runn", &stems), [2, 7]);
    // Typed with or without accents: both first pages.
    let index = with(
        vec![(2, 8), (7, 2)],
        vec![("ran", vec![7]), ("rán", vec![2])],
    );
    assert_eq!(first_page(&index, "ran", &stems), [7, 2]);
    assert_eq!(first_page(&index, "rán", &stems), [2, 7]);
}

#[test]
fn a_prefix_whose_words_fill_several_chunks_lists_the_documents_of_them_all() {
    let n = 2000;
    let index = sample(n);
    let files = write_language_in_chunks(&index, extras(), 1024);
    let (by_name, manifest) = files_by_name(&files);
    let chunks = entries(&by_name, &manifest, "chunks");
    let starting = chunks
        .iter()
        .filter(|c| c[0].as_str().expect("first").starts_with("w2"))
        .count();
    assert!(starting >= 2, "the words of w2 begin {starting} chunks");
    let prefixes = entries(&by_name, &manifest, "prefixes");
    let firsts: Vec<&str> = prefixes
        .iter()
        .map(|p| p[0].as_str().expect("first"))
        .collect();
    let file = &by_name[prefixes[chunk_for(&firsts, "w2")][1]
        .as_str()
        .expect("name")];
    let keys: Vec<&str> = file["k"]
        .as_array()
        .expect("k")
        .iter()
        .map(|k| k.as_str().expect("prefix"))
        .collect();
    let k = keys.binary_search(&"w2").expect("w2 has a list");
    let docs: Vec<u32> = decode_postings(file["p"][k].as_str().expect("postings"))
        .into_iter()
        .map(|(d, _)| d)
        .collect();
    // Stem w2NN is in the documents that NN + 201 divides.
    let want: Vec<u32> = (0..n)
        .filter(|d| (200..300).any(|i| d % (i + 1) == 0))
        .collect();
    assert_eq!(docs, want);
    // Single letters of scripts with spaces are never searched as prefixes.
    assert!(!keys.contains(&"w"));
}
