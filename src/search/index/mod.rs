//! Builds one index per language from the frozen library: the documents of
//! that language (never placeholders: those are found through the fallback
//! languages' indexes), their text taken from the rendered HTML each page
//! already holds, analysed into stems with BM25 impacts, plus what results
//! and facets show. Writes nothing; `layout` turns an index into files.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::analysis::{Analyzer, for_each_word};
use super::store::{Interner, Lists, Strings};
use super::vocabulary::{BatchWords, Vocabulary, build_vocabulary};
use crate::config::Config;
use crate::site::{Library, Page};

/// BM25 parameters.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Impacts (the term-frequency part of BM25) are kept in eight levels.
pub const MAX_IMPACT: u8 = 8;
/// Documents analysed per parallel task.
const BATCH: usize = 128;

/// What a result shows about one document.
#[derive(Debug, Clone, Default)]
pub struct DocRecord {
    pub title: String,
    /// Path from the site root, without the leading slash (`fr/letters/x/`).
    pub path: String,
    /// `2018-01-24`, or empty.
    pub date: String,
    pub excerpt: String,
    /// Languages the document exists in (real translations only).
    pub langs: Vec<String>,
}

/// A filter and its values, each with the documents that have it.
#[derive(Debug, Clone)]
pub struct Facet {
    pub name: String,
    pub values: Vec<(String, Vec<u32>)>,
}

/// One language's index. Stems, forms and surface forms are kept in flat
/// arrays (see `store`), a few bytes each, so that millions of distinct
/// words cost what their text costs.
#[derive(Debug)]
pub struct LanguageIndex {
    pub lang: String,
    pub stemmed: bool,
    /// Documents in index order: by section, then newest first.
    pub docs: Vec<DocRecord>,
    /// Sections (document types) in index order: (folder, label).
    pub sections: Vec<(String, String)>,
    /// Runs of documents sharing a section and a year: (first document, section, year).
    pub ranges: Vec<(u32, u16, i16)>,
    /// Stems, sorted.
    pub stems: Strings,
    /// Per stem, its postings (document, impact 1..=8) by document.
    pub postings: Lists<(u32, u8)>,
    /// Per stem, the range of its exact (lower-cased, unfolded) forms in
    /// `forms`: forms of stem `s` end at `form_ends[s]`.
    pub form_ends: Vec<u32>,
    /// Exact forms, by stem, each stem's in order.
    pub forms: Strings,
    /// Per form, the documents that hold it when its stem has several
    /// forms (empty when it has one: every document of the stem holds it).
    pub form_docs: Lists<u32>,
    /// Surface forms (folded), sorted.
    pub surfaces: Strings,
    /// Per surface form, the stems it stands for.
    pub surface_stems: Lists<u32>,
    /// Taxonomy facets, then the "available in" facet (`langs`).
    pub facets: Vec<Facet>,
}

impl LanguageIndex {
    pub fn stem_count(&self) -> usize {
        self.stems.len()
    }

    pub fn surface_count(&self) -> usize {
        self.surfaces.len()
    }

    /// Surface form `i` and the stems it stands for.
    pub fn surface(&self, i: u32) -> (&str, &[u32]) {
        (self.surfaces.get(i), self.surface_stems.get(i))
    }

    /// The exact forms of stem `s`, each with its documents (see `form_docs`).
    pub fn forms_of(&self, s: u32) -> impl Iterator<Item = (&str, &[u32])> {
        let start = if s == 0 {
            0
        } else {
            self.form_ends[s as usize - 1]
        };
        (start..self.form_ends[s as usize]).map(|f| (self.forms.get(f), self.form_docs.get(f)))
    }

    /// An index made of lists as a reader would write them (tests and
    /// tools): stems sorted with their postings, each stem's forms with
    /// their documents, surface forms sorted with their stems.
    pub fn from_lists(
        lang: &str,
        docs: Vec<DocRecord>,
        stems: Vec<(String, Vec<(u32, u8)>)>,
        forms: Vec<Vec<(String, Vec<u32>)>>,
        surfaces: Vec<(String, Vec<u32>)>,
    ) -> LanguageIndex {
        let mut index = LanguageIndex::empty(lang, true);
        index.docs = docs;
        for (stem, list) in stems {
            index.stems.push(&stem);
            index.postings.push_list(list);
        }
        for list in forms {
            for (form, docs) in list {
                index.forms.push(&form);
                index.form_docs.push_list(docs);
            }
            index.form_ends.push(index.forms.len() as u32);
        }
        for (surface, stems) in surfaces {
            index.surfaces.push(&surface);
            index.surface_stems.push_list(stems);
        }
        index
    }

    fn empty(lang: &str, stemmed: bool) -> LanguageIndex {
        LanguageIndex {
            lang: lang.to_string(),
            stemmed,
            docs: Vec::new(),
            sections: Vec::new(),
            ranges: Vec::new(),
            stems: Strings::default(),
            postings: Lists::default(),
            form_ends: Vec::new(),
            forms: Strings::default(),
            form_docs: Lists::default(),
            surfaces: Strings::default(),
            surface_stems: Lists::default(),
            facets: Vec::new(),
        }
    }
}

struct Source<'a> {
    page: &'a Page,
    section: u16,
    year: i16,
}

/// What one batch of documents contributes: its words as written, with
/// batch-local numbers, and per document the weighted count of each word.
#[derive(Default)]
struct Batch {
    /// Nanoseconds spent unpacking + extracting text, splitting words, making records.
    spent: [u64; 3],
    /// Words as written (each once), lower-cased and hashed for the merge.
    words: BatchWords,
    /// Per document in order: (word, weighted frequency), and its length.
    docs: Vec<(Vec<(u32, f32)>, f32)>,
    /// Per word, how many of the batch's documents hold it.
    df: Vec<u32>,
    records: Vec<DocRecord>,
}

/// Whether `page` is in the search index of `lang`: a real document of that
/// language (placeholders are found through the fallback languages).
pub fn indexed(page: &crate::site::Page, lang: &str) -> bool {
    page.lang == lang && page.placeholder.is_none() && page.meta.render && page.meta.in_search_index
}

/// Builds the index of `lang` (empty when every document of the language is
/// a placeholder: its search then looks in the fallback languages only).
/// Time and memory grow with the tokens, whatever the vocabulary: words are
/// numbered in flat tables and postings filled into one array.
pub fn build_language_index(lib: &Library, config: &Config, lang: &str) -> LanguageIndex {
    let mut section_keys: Vec<String> = Vec::new();
    let mut sources: Vec<Source> = lib
        .pages
        .iter()
        .filter(|p| indexed(p, lang))
        .map(|page| {
            let key = page.file.components.first().cloned().unwrap_or_default();
            let section = match section_keys.iter().position(|k| *k == key) {
                Some(i) => i,
                None => {
                    section_keys.push(key);
                    section_keys.len() - 1
                }
            };
            Source {
                page,
                section: section as u16,
                year: page.date.as_ref().map_or(0, |d| d.year),
            }
        })
        .collect();
    // Sections in name order; documents by section, newest first, then path.
    let mut order: Vec<usize> = (0..section_keys.len()).collect();
    order.sort_by(|a, b| section_keys[*a].cmp(&section_keys[*b]));
    let mut rank = vec![0u16; order.len()];
    for (r, &s) in order.iter().enumerate() {
        rank[s] = r as u16;
    }
    for s in &mut sources {
        s.section = rank[s.section as usize];
    }
    section_keys.sort();
    sources.sort_by(|a, b| {
        a.section
            .cmp(&b.section)
            .then_with(|| {
                let ts = |s: &Source| s.page.date.as_ref().map_or(i64::MIN, |d| d.timestamp);
                ts(b).cmp(&ts(a))
            })
            .then_with(|| a.page.path.cmp(&b.page.path))
    });
    let sections: Vec<(String, String)> = section_keys
        .iter()
        .map(|key| {
            let label = lib
                .sections
                .iter()
                .find(|s| {
                    s.lang == lang
                        && s.file.components.first() == Some(key)
                        && s.file.components.len() == 1
                })
                .and_then(|s| s.meta.title.clone())
                .unwrap_or_else(|| key.clone());
            (key.clone(), label)
        })
        .collect();
    let mut ranges: Vec<(u32, u16, i16)> = Vec::new();
    for (i, s) in sources.iter().enumerate() {
        if ranges
            .last()
            .is_none_or(|r| r.1 != s.section || r.2 != s.year)
        {
            ranges.push((i as u32, s.section, s.year));
        }
    }

    let clock = std::time::Instant::now();
    let analyzer = Analyzer::for_language(lang);
    let (mut batches, taxonomy_facets): (Vec<Batch>, Vec<Facet>) = rayon::join(
        || {
            sources
                .par_chunks(BATCH)
                .map(|chunk| analyse_batch(lib, config, chunk))
                .collect()
        },
        || taxonomy_facets(config, lang, &sources),
    );
    let analysed = clock.elapsed();
    let spent = batches.iter().fold([0u64; 3], |mut a, b| {
        for (x, y) in a.iter_mut().zip(b.spent) {
            *x += y;
        }
        a
    });

    // The distinct forms of every batch, numbered, stemmed and folded once
    // and sorted (see `vocabulary`).
    let words: Vec<BatchWords> = batches
        .iter_mut()
        .map(|b| std::mem::take(&mut b.words))
        .collect();
    let mut vocabulary = build_vocabulary(words, &analyzer);
    let stem_count = vocabulary.stems.len();
    let form_count = vocabulary.forms.len();
    let vocabularised = clock.elapsed();

    // Each batch word's form in place of its batch-local number, and the
    // documents' records and lengths in document order.
    let maps = std::mem::take(&mut vocabulary.maps);
    batches.par_iter_mut().zip(&maps).for_each(|(batch, map)| {
        for (counts, _) in &mut batch.docs {
            for entry in counts.iter_mut() {
                entry.0 = map[entry.0 as usize];
            }
        }
    });
    let mut docs: Vec<DocRecord> = Vec::with_capacity(sources.len());
    let mut lengths: Vec<f32> = Vec::with_capacity(sources.len());
    for batch in &mut batches {
        docs.append(&mut batch.records);
        lengths.extend(batch.docs.iter().map(|(_, length)| *length));
    }
    let average = (lengths.iter().sum::<f32>() / lengths.len().max(1) as f32).max(1.0);

    // Postings by stem, and which documents hold each exact form of a stem
    // that has several, in parts of consecutive stems built in parallel
    // (forms are numbered by stem, so a part's forms are consecutive too):
    // each part reads every document and keeps its own stems' words.
    let parts = (rayon::current_num_threads() * 4).clamp(1, stem_count.max(1));
    let form_start = |s: usize| {
        if s == 0 {
            0
        } else {
            vocabulary.form_ends[s - 1]
        }
    };
    let built: Vec<Postings> = (0..parts)
        .into_par_iter()
        .map(|k| {
            let stems = stem_count * k / parts..stem_count * (k + 1) / parts;
            let forms = form_start(stems.start)..if stems.end == stem_count {
                form_count as u32
            } else {
                form_start(stems.end)
            };
            postings_part(
                &batches,
                &maps,
                &vocabulary,
                (stems.start as u32..stems.end as u32, forms),
                (&lengths, average),
            )
        })
        .collect();
    drop(maps);
    drop(batches);
    let merged = clock.elapsed();
    let mut index = LanguageIndex::empty(lang, analyzer.stems());
    index
        .postings
        .items
        .reserve(built.iter().map(|p| p.postings.items.len()).sum());
    index.postings.ends.reserve(stem_count);
    index
        .form_docs
        .items
        .reserve(built.iter().map(|p| p.form_docs.items.len()).sum());
    index.form_docs.ends.reserve(form_count);
    for part in built {
        index.postings.append(part.postings);
        index.form_docs.append(part.form_docs);
    }
    let Vocabulary {
        stems,
        forms,
        form_ends,
        surfaces,
        surface_stems,
        ..
    } = vocabulary;
    index.stems = stems;
    index.forms = forms;
    index.form_ends = form_ends;
    index.surfaces = surfaces;
    index.surface_stems = surface_stems;

    // Facets: the taxonomies asked for (counted during the analysis), then
    // the languages each document exists in.
    let mut facets = taxonomy_facets;
    let mut langs: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        for l in &d.langs {
            langs.entry(l.as_str()).or_default().push(i as u32);
        }
    }
    facets.push(Facet {
        name: "langs".into(),
        values: sorted_values(langs),
    });

    if std::env::var_os("AGORA_PROFILE").is_some() {
        eprintln!(
            "profile:   search {lang}: {} documents, analysed {:.0} ms (cpu: text {} ms, words {} ms, records {} ms), {} forms numbered {:.0} ms, postings {:.0} ms, done {:.0} ms",
            docs.len(),
            analysed.as_secs_f64() * 1000.0,
            spent[0] / 1_000_000,
            spent[1] / 1_000_000,
            spent[2] / 1_000_000,
            index.forms.len(),
            vocabularised.as_secs_f64() * 1000.0,
            merged.as_secs_f64() * 1000.0,
            clock.elapsed().as_secs_f64() * 1000.0
        );
    }
    index.docs = docs;
    index.sections = sections;
    index.ranges = ranges;
    index.facets = facets;
    index
}

/// The postings of stems `stems` (whose forms are `forms`) and the
/// documents of those forms, from every batch's documents (their words
/// already numbered as forms).
struct Postings {
    postings: Lists<(u32, u8)>,
    form_docs: Lists<u32>,
}

fn postings_part(
    batches: &[Batch],
    maps: &[Vec<u32>],
    vocabulary: &Vocabulary,
    (stems, forms): (std::ops::Range<u32>, std::ops::Range<u32>),
    (lengths, average): (&[f32], f32),
) -> Postings {
    let form_stem = &vocabulary.form_stem;
    let (s0, f0) = (stems.start, forms.start);
    let stem_count = stems.len();
    let form_count = forms.len();
    // Whether each stem has several forms.
    let several: Vec<bool> = stems
        .clone()
        .map(|s| {
            let start = if s == 0 {
                0
            } else {
                vocabulary.form_ends[s as usize - 1]
            };
            vocabulary.form_ends[s as usize] - start > 1
        })
        .collect();
    // Each stem's and form's room counted first (documents of its words,
    // an upper bound), then filled in document order.
    let mut stem_room = vec![0u32; stem_count + 1];
    let mut form_room = vec![0u32; form_count + 1];
    for (batch, map) in batches.iter().zip(maps) {
        for (&form, &df) in map.iter().zip(&batch.df) {
            if !forms.contains(&form) {
                continue;
            }
            let stem = (form_stem[form as usize] - s0) as usize;
            stem_room[stem + 1] += df;
            if several[stem] {
                form_room[(form - f0) as usize + 1] += df;
            }
        }
    }
    for i in 1..stem_room.len() {
        stem_room[i] += stem_room[i - 1];
    }
    for i in 1..form_room.len() {
        form_room[i] += form_room[i - 1];
    }
    let mut stem_fill: Vec<u32> = stem_room[..stem_count].to_vec();
    let mut form_fill: Vec<u32> = form_room[..form_count].to_vec();
    let mut post: Vec<(u32, f32)> = vec![(0, 0.0); stem_room[stem_count] as usize];
    let mut form_post: Vec<u32> = vec![0; form_room[form_count] as usize];
    let mut tf = vec![0f32; stem_count];
    let mut touched: Vec<u32> = Vec::new();
    let mut doc = 0u32;
    for batch in batches {
        for (counts, _) in &batch.docs {
            for &(form, weight) in counts {
                if !forms.contains(&form) {
                    continue;
                }
                let stem = form_stem[form as usize] - s0;
                if tf[stem as usize] == 0.0 {
                    touched.push(stem);
                }
                tf[stem as usize] += weight;
                if several[stem as usize] {
                    let f = (form - f0) as usize;
                    let at = &mut form_fill[f];
                    if *at == form_room[f] || form_post[*at as usize - 1] != doc {
                        form_post[*at as usize] = doc;
                        *at += 1;
                    }
                }
            }
            for s in touched.drain(..) {
                let at = &mut stem_fill[s as usize];
                post[*at as usize] = (doc, std::mem::take(&mut tf[s as usize]));
                *at += 1;
            }
            doc += 1;
        }
    }
    drop((tf, several));
    // Quantised BM25 term-frequency parts.
    let mut part = Postings {
        postings: Lists::default(),
        form_docs: Lists::default(),
    };
    let filled: usize = (0..stem_count)
        .map(|s| (stem_fill[s] - stem_room[s]) as usize)
        .sum();
    part.postings.items.reserve(filled);
    part.postings.ends.reserve(stem_count);
    for s in 0..stem_count {
        let (start, end) = (stem_room[s] as usize, stem_fill[s] as usize);
        part.postings.push_list(
            post[start..end]
                .iter()
                .map(|&(doc, tf)| (doc, impact(tf, lengths[doc as usize], average))),
        );
    }
    drop(post);
    part.form_docs.ends.reserve(form_count);
    for f in 0..form_count {
        let (start, end) = (form_room[f] as usize, form_fill[f] as usize);
        part.form_docs
            .push_list(form_post[start..end].iter().copied());
    }
    part
}

/// The term-frequency part of BM25 for a weighted frequency `tf` in a
/// document of `length` words (the average being `average`), in eight
/// levels; the browser multiplies it by the term's inverse document frequency.
pub fn impact(tf: f32, length: f32, average: f32) -> u8 {
    let norm = K1 * (1.0 - B + B * length / average);
    let part = tf * (K1 + 1.0) / (tf + norm);
    let q = (part / (K1 + 1.0) * f32::from(MAX_IMPACT)).ceil();
    q.clamp(1.0, f32::from(MAX_IMPACT)) as u8
}

/// The taxonomies a language's search filters by: those `[agora.search]
/// facets` names, else all of the language's.
pub fn facet_taxonomies(config: &Config, lang: &str) -> Vec<String> {
    match &config.agora.search.facets {
        Some(list) => list.clone(),
        None => config
            .taxonomies_for(lang)
            .iter()
            .map(|t| t.name.clone())
            .collect(),
    }
}

/// The taxonomy facets of a language's documents (in index order).
fn taxonomy_facets(config: &Config, lang: &str, sources: &[Source]) -> Vec<Facet> {
    facet_taxonomies(config, lang)
        .into_par_iter()
        .map(|name| {
            let mut values: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
            for (i, s) in sources.iter().enumerate() {
                if let Some(terms) = s.page.meta.taxonomies.get(&name) {
                    for t in terms {
                        let list = values.entry(t.as_str()).or_default();
                        if list.last() != Some(&(i as u32)) {
                            list.push(i as u32);
                        }
                    }
                }
            }
            Facet {
                name,
                values: sorted_values(values),
            }
        })
        .collect()
}

fn sorted_values(values: BTreeMap<&str, Vec<u32>>) -> Vec<(String, Vec<u32>)> {
    let mut out: Vec<(String, Vec<u32>)> = values
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    out.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    out
}

fn analyse_batch(lib: &Library, config: &Config, chunk: &[Source]) -> Batch {
    let weights = &config.agora.search.weights;
    let excerpt_length = config.agora.search.excerpt_length;
    let mut batch = Batch::default();
    let mut words = Interner::default();
    let mut bigrams: Vec<bool> = Vec::new();
    // Weighted frequencies of the current document, by batch-local word.
    let mut tf: Vec<f32> = Vec::new();
    let mut touched: Vec<u32> = Vec::new();
    // Buffers kept from one document to the next.
    let mut html_buf: Vec<u8> = Vec::new();
    let mut body = String::new();
    for source in chunk {
        let page = source.page;
        let clock = std::time::Instant::now();
        let html = page.content.unpack_into(&mut html_buf);
        body.clear();
        raw_text(html, &mut body);
        let mut headings = String::new();
        collect_headings(&page.toc, &mut headings);
        let title = page.meta.title.clone().unwrap_or_default();
        let description = page.meta.description.clone().unwrap_or_default();
        let mut length = 0f32;
        let texted = clock.elapsed();
        for (text, weight) in [
            (title.as_str(), weights.title),
            (description.as_str(), weights.description),
            (headings.as_str(), weights.headings),
            (body.as_str(), weights.content),
        ] {
            if weight <= 0.0 {
                continue;
            }
            for_each_word(text, |word, bigram| {
                let (id, new) = words.id(word);
                if new {
                    tf.push(0.0);
                    bigrams.push(bigram);
                }
                let slot = &mut tf[id as usize];
                if *slot == 0.0 {
                    touched.push(id);
                }
                *slot += weight;
                length += 1.0;
            });
        }
        batch.df.resize(tf.len(), 0);
        let counts: Vec<(u32, f32)> = touched
            .drain(..)
            .map(|id| {
                batch.df[id as usize] += 1;
                (id, std::mem::take(&mut tf[id as usize]))
            })
            .collect();
        batch.docs.push((counts, length));
        let split = clock.elapsed();
        let excerpt = if description.is_empty() {
            excerpt(&collapsed(&body, excerpt_length), excerpt_length)
        } else {
            excerpt(&description, excerpt_length)
        };
        let langs: Vec<String> = if page.translations.is_empty() {
            vec![page.lang.clone()]
        } else {
            page.translations
                .iter()
                .map(|&t| lib.pages[t].lang.clone())
                .collect()
        };
        batch.records.push(DocRecord {
            title,
            path: page.path.trim_start_matches('/').to_string(),
            date: page
                .date
                .as_ref()
                .map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day))
                .unwrap_or_default(),
            excerpt,
            langs,
        });
        batch.spent[0] += texted.as_nanos() as u64;
        batch.spent[1] += (split - texted).as_nanos() as u64;
        batch.spent[2] += (clock.elapsed() - split).as_nanos() as u64;
    }
    batch.words = BatchWords::new(&words.into_strings(), bigrams);
    batch
}

fn collect_headings(toc: &[crate::content::Heading], out: &mut String) {
    for h in toc {
        out.push_str(&h.title);
        out.push('\n');
        collect_headings(&h.children, out);
    }
}

/// The first `length` characters of `text`, cut at a word boundary.
pub fn excerpt(text: &str, length: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(length) {
        None => text.to_string(),
        Some((cut, _)) => {
            let head = &text[..cut];
            let head = match head.rfind(char::is_whitespace) {
                Some(space) if space > cut / 2 => &head[..space],
                _ => head,
            };
            format!("{}…", head.trim_end_matches(|c: char| !c.is_alphanumeric()))
        }
    }
}

/// `text` with each run of white space made one space and none at the ends,
/// stopping once more than `chars` characters are kept (enough for an
/// excerpt of `chars`).
pub fn collapsed(text: &str, chars: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
            count += 1;
        }
        out.push_str(word);
        count += word.chars().count();
        if count > chars {
            break;
        }
    }
    out
}

/// The text of rendered HTML as the index reads it, appended to `out`:
/// tags removed (block tags and line breaks become a space, inline tags
/// nothing), entities decoded, the contents of `script`, `style` and `sup`
/// (footnote marks) left out; white space as written ([`collapsed`] tidies
/// it for excerpts). Text between
/// tags is copied in runs found with `memchr`, since this reads every page.
pub fn raw_text(html: &str, out: &mut String) {
    const INLINE: &[&[u8]] = &[
        b"a", b"em", b"strong", b"b", b"i", b"u", b"code", b"span", b"abbr", b"mark", b"small",
        b"s", b"del", b"ins", b"kbd", b"q", b"cite", b"dfn", b"time", b"bdi", b"bdo",
    ];
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let Some(n) = memchr::memchr2(b'<', b'&', &bytes[i..]) else {
            out.push_str(&html[i..]);
            break;
        };
        out.push_str(&html[i..i + n]);
        i += n;
        if bytes[i] == b'&' {
            let (decoded, used) = decode_entity(&html[i..]);
            out.push(decoded);
            i += used;
            continue;
        }
        let Some(gt) = memchr::memchr(b'>', &bytes[i + 1..]) else {
            break;
        };
        let tag = &bytes[i + 1..i + 1 + gt];
        i += gt + 2;
        let closing = tag.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len = tag[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let name = &tag[name_start..name_start + name_len];
        let is = |w: &[u8]| name.eq_ignore_ascii_case(w);
        if !closing && (is(b"script") || is(b"style") || is(b"sup")) {
            // agora writes tags in lower case.
            let mut close = Vec::with_capacity(name.len() + 2);
            close.extend_from_slice(b"</");
            close.extend(name.iter().map(u8::to_ascii_lowercase));
            i = match memchr::memmem::find(&bytes[i..], &close) {
                Some(end) => match memchr::memchr(b'>', &bytes[i + end..]) {
                    Some(gt) => i + end + gt + 1,
                    None => bytes.len(),
                },
                None => bytes.len(),
            };
            out.push(' ');
            continue;
        }
        if !INLINE.iter().any(|w| is(w)) {
            out.push(' ');
        }
    }
}

/// The character an entity at the start of `text` (`&amp;…`) stands for and
/// the bytes it takes; a lone `&` stands for itself.
fn decode_entity(text: &str) -> (char, usize) {
    let after = &text[1..];
    let Some(end) = after.find(';').filter(|e| *e <= 10) else {
        return ('&', 1);
    };
    let name = &after[..end];
    let c = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => name.strip_prefix('#').and_then(|n| {
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => n.parse().ok(),
            };
            code.and_then(char::from_u32)
        }),
    };
    match c {
        Some(c) => (c, end + 2),
        None => ('&', 1),
    }
}

#[cfg(test)]
mod tests;
