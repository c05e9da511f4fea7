//! Prefix lists, for search as you type: for every beginning of a word
//! whose words run on from one term chunk into the next, the documents
//! holding any of those words, each with the best score among them. The
//! client, finding that the words of the prefix typed go on past the end
//! of the chunk it loaded (the chunk's last word and the next chunk's first
//! word both begin with it), fetches the prefix's list instead of every
//! chunk the words fill: a two-letter prefix of a language of millions of
//! words spans dozens of chunks, and its list is one small file. The lists
//! are packed, sorted by prefix, into files of about [`PREFIX_FILE_BYTES`]
//! listed in a directory as the chunks are. Knows the index and the chunk
//! boundaries, nothing of the rest of the layout.

use rayon::prelude::*;

use super::super::analysis::is_spaceless;
use super::super::encoding::{push_json, push_postings};
use super::super::index::{LanguageIndex, MAX_IMPACT};
use super::{IndexFile, file_name, hashed, idf};

/// Bytes of a file of prefix lists (more only for one list that is larger).
pub const PREFIX_FILE_BYTES: usize = 16 * 1024;
/// Documents a prefix list keeps at most: those of the best scores.
pub const PREFIX_DOCS: usize = 10_000;

/// The prefixes whose words span a chunk boundary: every beginning of the
/// common beginning of a chunk's last word and the next chunk's first,
/// of two characters or more (of one character in scripts written without
/// spaces, whose words are character pairs), sorted, each once. `starts`:
/// the first surface form of each chunk, then the number of surface forms.
pub fn spanning_prefixes(index: &LanguageIndex, starts: &[u32]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let bounds = starts.get(1..starts.len().saturating_sub(1)).unwrap_or(&[]);
    for &b in bounds {
        let (last, first) = (index.surfaces.get(b - 1), index.surfaces.get(b));
        let mut chars = 0;
        for ((at, a), c) in last.char_indices().zip(first.chars()) {
            if a != c {
                break;
            }
            chars += 1;
            let end = at + a.len_utf8();
            let spaceless = last.chars().next().is_some_and(is_spaceless);
            if (spaceless && chars == 1) || (!spaceless && chars >= 2) {
                out.push(last[..end].to_string());
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The surface forms that begin with `prefix`: a range of their numbers.
fn surfaces_with(index: &LanguageIndex, prefix: &str) -> std::ops::Range<u32> {
    let count = index.surface_count() as u32;
    let bound = |before: &dyn Fn(&str) -> bool| {
        let (mut lo, mut hi) = (0u32, count);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if before(index.surfaces.get(mid)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    };
    let start = bound(&|s| s < prefix);
    let end = bound(&|s| s < prefix || s.starts_with(prefix));
    start..end
}

/// One prefix's list: the best score (inverse document frequency times
/// impact) of any of its words in each document, as levels 1..=8 of
/// `top`, the best of all; at most [`PREFIX_DOCS`] documents.
struct PrefixList {
    top: f64,
    postings: Vec<(u32, u8)>,
}

fn prefix_list(index: &LanguageIndex, prefix: &str, scores: &mut [f64]) -> PrefixList {
    let n = index.docs.len();
    let mut stems: Vec<u32> = surfaces_with(index, prefix)
        .flat_map(|i| index.surface_stems.get(i).iter().copied())
        .collect();
    stems.sort_unstable();
    stems.dedup();
    let mut touched: Vec<u32> = Vec::new();
    let mut top = 0f64;
    for s in stems {
        let list = index.postings.get(s);
        let weight = idf(n, list.len());
        for &(doc, impact) in list {
            let score = weight * f64::from(impact);
            let slot = &mut scores[doc as usize];
            if *slot == 0.0 {
                touched.push(doc);
            }
            if score > *slot {
                *slot = score;
                top = top.max(score);
            }
        }
    }
    if touched.len() > PREFIX_DOCS {
        touched.select_nth_unstable_by(PREFIX_DOCS, |a, b| {
            scores[*b as usize]
                .total_cmp(&scores[*a as usize])
                .then(a.cmp(b))
        });
        for &doc in &touched[PREFIX_DOCS..] {
            scores[doc as usize] = 0.0;
        }
        touched.truncate(PREFIX_DOCS);
    }
    touched.sort_unstable();
    let levels = f64::from(MAX_IMPACT);
    let postings = touched
        .iter()
        .map(|&doc| {
            let score = std::mem::take(&mut scores[doc as usize]);
            let level = (score / top * levels).ceil().clamp(1.0, levels);
            (doc, level as u8)
        })
        .collect();
    PrefixList { top, postings }
}

/// Writes the prefix lists of `prefixes` into files of about
/// [`PREFIX_FILE_BYTES`] (`{"k": prefixes, "m": best scores, "p":
/// postings}`); their directory entries ([first prefix, name]).
pub fn write_prefixes(
    index: &LanguageIndex,
    prefixes: &[String],
    files: &mut Vec<IndexFile>,
) -> Vec<(String, String)> {
    let lists: Vec<(String, String)> = prefixes
        .par_iter()
        .map_init(
            || vec![0f64; index.docs.len()],
            |scores, prefix| {
                let list = prefix_list(index, prefix, scores);
                let mut postings = String::from("\"");
                push_postings(&mut postings, &list.postings);
                postings.push('"');
                (format!("{:.3}", list.top), postings)
            },
        )
        .collect();
    let mut entries = Vec::new();
    let mut start = 0;
    while start < prefixes.len() {
        let (mut keys, mut tops, mut postings) = (String::new(), String::new(), String::new());
        let mut end = start;
        while end < prefixes.len()
            && (end == start
                || keys.len() + postings.len() + lists[end].1.len() + prefixes[end].len()
                    < PREFIX_FILE_BYTES)
        {
            if end > start {
                keys.push(',');
                tops.push(',');
                postings.push(',');
            }
            push_json(&mut keys, &prefixes[end]);
            tops.push_str(&lists[end].0);
            postings.push_str(&lists[end].1);
            end += 1;
        }
        let body = format!("{{\"k\":[{keys}],\"m\":[{tops}],\"p\":[{postings}]}}");
        let file = hashed(&index.lang, "p", &body);
        let mut key = String::new();
        push_json(&mut key, &prefixes[start]);
        entries.push((key, file_name(&file)));
        files.push(file);
        start = end;
    }
    entries
}
