//! The vocabulary of one language's index, whatever its size: the distinct
//! word forms of every batch of documents numbered once (in parallel:
//! each of [`SHARDS`] parts of the hash space interns its own forms,
//! in a table sized from the start), each form stemmed and folded once,
//! then stems, forms and surface forms put in order by sorting integer
//! keys (a string's first 16 bytes; the rest is read only on a tie).
//! Time and memory grow with the forms: a few flat arrays of numbers and
//! the text; nothing here allocates per word. Knows nothing about
//! documents or files: `index` hands it each batch's words and gets back
//! the sorted vocabulary and each batch word's form number.

use std::cmp::Ordering;
use std::hash::BuildHasher;

use rayon::prelude::*;

use super::analysis::Analyzer;
use super::store::{Lists, Strings};

/// Parts of the hash space interned in parallel.
pub const SHARDS: usize = 256;

/// One batch's distinct words as written, lower-cased and grouped by shard:
/// shard `s`'s are at positions `starts[s]..starts[s + 1]` of `forms`,
/// `hashes` and `bigram`, so that each shard reads its part in one run.
#[derive(Default)]
pub struct BatchWords {
    /// Per position, the lower-cased form (two words may share one).
    forms: Strings,
    hashes: Vec<u64>,
    bigram: Vec<bool>,
    /// Per position, the batch-local word it holds.
    order: Vec<u32>,
    starts: Vec<u32>,
}

fn hash_of(form: &str) -> u64 {
    foldhash::fast::FixedState::with_seed(0).hash_one(form.as_bytes())
}

/// The shard of a hash: bits the hash table uses neither for its buckets
/// (the low bits) nor for its tags (the top seven).
#[inline]
fn shard_of(hash: u64) -> usize {
    (hash >> 40) as usize % SHARDS
}

impl BatchWords {
    /// The batch's words as written (each once), and whether each is a bigram.
    pub fn new(words: &Strings, bigram: Vec<bool>) -> BatchWords {
        let mut lowered = Strings::default();
        lowered.reserve(words.len(), words.text_len());
        let mut hashes = Vec::with_capacity(words.len());
        let mut lower = String::new();
        for word in words.iter() {
            lower.clear();
            lower_into(word, &mut lower);
            lowered.push(&lower);
            hashes.push(hash_of(&lower));
        }
        let mut starts = vec![0u32; SHARDS + 1];
        for &h in &hashes {
            starts[shard_of(h) + 1] += 1;
        }
        for s in 1..starts.len() {
            starts[s] += starts[s - 1];
        }
        let mut fill = starts.clone();
        let mut order = vec![0u32; hashes.len()];
        for (i, &h) in hashes.iter().enumerate() {
            let at = &mut fill[shard_of(h)];
            order[*at as usize] = i as u32;
            *at += 1;
        }
        let mut batch = BatchWords {
            forms: Strings::default(),
            hashes: Vec::with_capacity(order.len()),
            bigram: Vec::with_capacity(order.len()),
            order,
            starts,
        };
        batch.forms.reserve(lowered.len(), lowered.text_len());
        for &local in &batch.order {
            batch.forms.push(lowered.get(local));
            batch.hashes.push(hashes[local as usize]);
            batch.bigram.push(bigram[local as usize]);
        }
        batch
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Positions of shard `s`'s words.
    fn range(&self, s: usize) -> std::ops::Range<usize> {
        self.starts[s] as usize..self.starts[s + 1] as usize
    }

    /// The batch-local words of shard `s`.
    fn shard(&self, s: usize) -> &[u32] {
        &self.order[self.range(s)]
    }
}

/// `word` lower-cased exactly as [`str::to_lowercase`] does, appended to
/// `out`, without allocating unless it holds a capital sigma (whose
/// lower case depends on its place in the word).
pub fn lower_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
    } else if word.contains('Σ') {
        out.push_str(&word.to_lowercase());
    } else {
        for c in word.chars() {
            match c as u32 {
                // Lower-case Cyrillic, and scripts without case (Arabic,
                // Hebrew, the Indic scripts, CJK…): as they are.
                0x0430..=0x045F | 0x0590..=0x109F | 0x3040..=0x9FFF | 0xAC00..=0xD7AF => {
                    out.push(c)
                }
                // Capital Cyrillic: А–Я to а–я, Ѐ–Џ to ѐ–џ.
                0x0410..=0x042F => out.push(char::from_u32(c as u32 + 0x20).unwrap_or(c)),
                0x0400..=0x040F => out.push(char::from_u32(c as u32 + 0x50).unwrap_or(c)),
                _ => out.extend(c.to_lowercase()),
            }
        }
    }
}

/// What one shard numbered: its distinct forms with each one's stem and
/// surface form, and the shard-local number of each batch word it holds
/// (batch after batch, each batch's in its shard order).
#[derive(Default)]
struct Shard {
    forms: Strings,
    stems: Strings,
    /// Per form, its surface form's number in `surfaces`, or `u32::MAX`
    /// when the surface form is the form itself (most words).
    surface_of: Vec<u32>,
    surfaces: Strings,
    ids: Vec<u32>,
}

fn intern_shard(batches: &[BatchWords], s: usize, analyzer: &Analyzer) -> Shard {
    let held: usize = batches.iter().map(|b| b.shard(s).len()).sum();
    let mut table: hashbrown::HashTable<u32> = hashbrown::HashTable::with_capacity(held);
    let mut shard = Shard {
        ids: Vec::with_capacity(held),
        ..Shard::default()
    };
    let mut bigram: Vec<bool> = Vec::new();
    for batch in batches {
        for at in batch.range(s) {
            let form = batch.forms.get(at as u32);
            let hash = batch.hashes[at];
            let forms = &shard.forms;
            let id = match table.find(hash, |&id| forms.get(id) == form) {
                Some(&id) => id,
                None => {
                    let id = shard.forms.push(form);
                    bigram.push(batch.bigram[at]);
                    let forms = &shard.forms;
                    table.insert_unique(hash, id, |&id| hash_of(forms.get(id)));
                    id
                }
            };
            shard.ids.push(id);
        }
    }
    drop(table);
    let count = shard.forms.len();
    shard.stems.reserve(count, shard.forms.text_len());
    shard.surface_of.reserve(count);
    for i in 0..count as u32 {
        let form = shard.forms.get(i);
        let (stem, surface) = analyzer.analyse_form(form, bigram[i as usize]);
        shard.stems.push(&stem);
        let surface = if *surface == *form {
            u32::MAX
        } else {
            shard.surfaces.push(&surface)
        };
        shard.surface_of.push(surface);
    }
    // The forms in (stem, form) order, so that the vocabulary's walks in
    // that order read each shard from front to back (few cache misses).
    let mut perm: Vec<Keyed> = (0..count as u32)
        .map(|i| Keyed {
            key: sort_key(shard.stems.get(i)),
            id: i,
            tie: 0,
        })
        .collect();
    perm.sort_unstable_by(|a, b| {
        by_text(a, b, |i| shard.stems.get(i))
            .then_with(|| shard.forms.get(a.id).cmp(shard.forms.get(b.id)))
    });
    let mut sorted = Shard {
        ids: Vec::new(),
        surfaces: std::mem::take(&mut shard.surfaces),
        ..Shard::default()
    };
    sorted.forms.reserve(count, shard.forms.text_len());
    sorted.stems.reserve(count, shard.stems.text_len());
    sorted.surface_of.reserve(count);
    let mut new_id = vec![0u32; count];
    for (j, i) in perm.iter().map(|k| k.id).enumerate() {
        sorted.forms.push(shard.forms.get(i));
        sorted.stems.push(shard.stems.get(i));
        sorted.surface_of.push(shard.surface_of[i as usize]);
        new_id[i as usize] = j as u32;
    }
    sorted.ids = std::mem::take(&mut shard.ids);
    for id in &mut sorted.ids {
        *id = new_id[*id as usize];
    }
    sorted
}

/// The shards' forms under one numbering, shard after shard.
struct Sharded {
    shards: Vec<Shard>,
    /// Shard `s`'s forms are numbered from `offsets[s]` (and a last
    /// offset: the number of forms).
    offsets: Vec<u32>,
}

impl Sharded {
    #[inline]
    fn locate(&self, g: u32) -> (&Shard, u32) {
        let s = self.offsets.partition_point(|&o| o <= g) - 1;
        (&self.shards[s], g - self.offsets[s])
    }

    fn form(&self, g: u32) -> &str {
        let (shard, i) = self.locate(g);
        shard.forms.get(i)
    }

    fn stem(&self, g: u32) -> &str {
        let (shard, i) = self.locate(g);
        shard.stems.get(i)
    }

    fn surface(&self, g: u32) -> &str {
        let (shard, i) = self.locate(g);
        surface_in(shard, i)
    }

    fn len(&self) -> usize {
        self.offsets.last().copied().unwrap_or(0) as usize
    }

    /// `f(number, shard, number in the shard)` for every form, in number
    /// order, written in place from every core.
    fn map<T: Send>(&self, f: impl Fn(u32, &Shard, u32) -> T + Sync) -> Vec<T> {
        let mut out = Vec::with_capacity(self.len());
        (0..self.len() as u32)
            .into_par_iter()
            .with_min_len(4096)
            .map(|g| {
                let (shard, i) = self.locate(g);
                f(g, shard, i)
            })
            .collect_into_vec(&mut out);
        out
    }
}

fn surface_in(shard: &Shard, i: u32) -> &str {
    match shard.surface_of[i as usize] {
        u32::MAX => shard.forms.get(i),
        n => shard.surfaces.get(n),
    }
}

/// A string's sort key (its first 16 bytes) with a number and a tie-breaker.
#[derive(Clone, Copy)]
struct Keyed {
    key: (u64, u64),
    id: u32,
    tie: u32,
}

/// A string's first 16 bytes, big-endian, zero-padded: the order of keys
/// is the order of the strings up to those bytes (words hold no zero byte).
#[inline]
pub fn sort_key(s: &str) -> (u64, u64) {
    let b = s.as_bytes();
    let mut buf = [0u8; 16];
    let n = b.len().min(16);
    buf[..n].copy_from_slice(&b[..n]);
    let (hi, lo) = buf.split_at(8);
    (
        u64::from_be_bytes(hi.try_into().unwrap_or_default()),
        u64::from_be_bytes(lo.try_into().unwrap_or_default()),
    )
}

/// The order of two strings given their keys, reading `text` (by number)
/// only when the keys are equal and hold 16 bytes.
#[inline]
fn by_text<'a>(a: &Keyed, b: &Keyed, text: impl Fn(u32) -> &'a str) -> Ordering {
    a.key.cmp(&b.key).then_with(|| {
        if a.key.1 & 0xff == 0 {
            // Shorter than 16 bytes: the keys are the whole strings.
            Ordering::Equal
        } else {
            text(a.id).as_bytes()[16..].cmp(&text(b.id).as_bytes()[16..])
        }
    })
}

/// One part of the forms in (stem, form) order, numbered from its start.
#[derive(Default)]
struct StemPart {
    stems: Strings,
    forms: Strings,
    form_ends: Vec<u32>,
    form_stem: Vec<u32>,
}

/// Where to cut `0..len` into about four parts per core, each cut at an
/// `n` where `continues(n)` (item `n` goes on the run of item `n - 1`)
/// is false: the first item, each cut, and `len` (nothing when `len` is 0).
fn run_bounds(len: usize, continues: impl Fn(usize) -> bool) -> Vec<usize> {
    if len == 0 {
        return Vec::new();
    }
    let parts = (rayon::current_num_threads() * 4).clamp(1, len);
    let mut bounds = vec![0];
    for k in 1..parts {
        let mut n = (len * k / parts).max(bounds.last().copied().unwrap_or(0) + 1);
        while n < len && continues(n) {
            n += 1;
        }
        if n < len {
            bounds.push(n);
        }
    }
    bounds.push(len);
    bounds
}

/// A language's vocabulary in index order.
#[derive(Default)]
pub struct Vocabulary {
    /// Stems, sorted.
    pub stems: Strings,
    /// Exact forms, by stem, each stem's sorted; stem `s`'s end at `form_ends[s]`.
    pub forms: Strings,
    pub form_ends: Vec<u32>,
    /// Per form, its stem.
    pub form_stem: Vec<u32>,
    /// Surface forms, sorted, each with its stems in order.
    pub surfaces: Strings,
    pub surface_stems: Lists<u32>,
    /// Per batch, per batch-local word, its form's number.
    pub maps: Vec<Vec<u32>>,
}

/// Numbers, analyses and sorts the words of `batches` (in document order).
/// Each part is dropped as soon as it is used, so that memory stays near
/// two copies of the vocabulary's text.
pub fn build_vocabulary(mut batches: Vec<BatchWords>, analyzer: &Analyzer) -> Vocabulary {
    let shards: Vec<Shard> = (0..SHARDS)
        .into_par_iter()
        .map(|s| intern_shard(&batches, s, analyzer))
        .collect();
    for batch in &mut batches {
        batch.forms = Strings::default();
        batch.hashes = Vec::new();
        batch.bigram = Vec::new();
    }
    let mut offsets = Vec::with_capacity(SHARDS + 1);
    offsets.push(0u32);
    for shard in &shards {
        offsets.push(offsets.last().copied().unwrap_or(0) + shard.forms.len() as u32);
    }
    let all = Sharded { shards, offsets };
    let count = all.len();
    let mut vocabulary = Vocabulary::default();

    // Forms by stem, then by form: the index order of forms and stems.
    let mut by_stem = all.map(|g, shard, i| Keyed {
        key: sort_key(shard.stems.get(i)),
        id: g,
        tie: 0,
    });
    by_stem.par_sort_unstable_by(|a, b| {
        by_text(a, b, |g| all.stem(g)).then_with(|| all.form(a.id).cmp(all.form(b.id)))
    });
    // Walked in parts that begin with a new stem, on every core, then joined.
    let bounds = run_bounds(count, |n| {
        by_text(&by_stem[n - 1], &by_stem[n], |g| all.stem(g)) == Ordering::Equal
    });
    let parts: Vec<StemPart> = bounds
        .par_windows(2)
        .map(|w| {
            let mut part = StemPart::default();
            for n in w[0]..w[1] {
                let k = &by_stem[n];
                if n == w[0] || by_text(&by_stem[n - 1], k, |g| all.stem(g)) != Ordering::Equal {
                    if n > w[0] {
                        part.form_ends.push((n - w[0]) as u32);
                    }
                    part.stems.push(all.stem(k.id));
                }
                part.forms.push(all.form(k.id));
                part.form_stem.push(part.stems.len() as u32 - 1);
            }
            part.form_ends.push((w[1] - w[0]) as u32);
            part
        })
        .collect();
    let (stem_count, text): (usize, usize) = parts.iter().fold((0, 0), |(c, t), p| {
        (c + p.stems.len(), t + p.stems.text_len())
    });
    vocabulary.stems.reserve(stem_count, text);
    vocabulary.form_ends.reserve(stem_count);
    let text = parts.iter().map(|p| p.forms.text_len()).sum();
    vocabulary.forms.reserve(count, text);
    vocabulary.form_stem.reserve(count);
    for part in parts {
        let (stems, forms) = (vocabulary.stems.len() as u32, vocabulary.forms.len() as u32);
        vocabulary.stems.append(&part.stems);
        vocabulary.forms.append(&part.forms);
        vocabulary
            .form_ends
            .extend(part.form_ends.iter().map(|e| e + forms));
        vocabulary
            .form_stem
            .extend(part.form_stem.iter().map(|s| s + stems));
    }
    let mut new_number = vec![0u32; count];
    for (n, k) in by_stem.iter().enumerate() {
        new_number[k.id as usize] = n as u32;
    }
    drop(by_stem);
    let mut all = all;
    for shard in &mut all.shards {
        shard.stems = Strings::default();
    }

    // Surface forms in order, each with its stems.
    let mut by_surface = all.map(|g, shard, i| Keyed {
        key: sort_key(surface_in(shard, i)),
        id: g,
        tie: vocabulary.form_stem[new_number[g as usize] as usize],
    });
    by_surface
        .par_sort_unstable_by(|a, b| by_text(a, b, |g| all.surface(g)).then(a.tie.cmp(&b.tie)));
    let bounds = run_bounds(count, |n| {
        by_text(&by_surface[n - 1], &by_surface[n], |g| all.surface(g)) == Ordering::Equal
    });
    let parts: Vec<(Strings, Lists<u32>)> = bounds
        .par_windows(2)
        .map(|w| {
            let (mut surfaces, mut stems) = (Strings::default(), Lists::default());
            for n in w[0]..w[1] {
                let k = &by_surface[n];
                let new = n == w[0]
                    || by_text(&by_surface[n - 1], k, |g| all.surface(g)) != Ordering::Equal;
                if new {
                    if n > w[0] {
                        stems.close();
                    }
                    surfaces.push(all.surface(k.id));
                }
                if new || by_surface[n - 1].tie != k.tie {
                    stems.items.push(k.tie);
                }
            }
            stems.close();
            (surfaces, stems)
        })
        .collect();
    let text = parts.iter().map(|p| p.0.text_len()).sum();
    vocabulary
        .surfaces
        .reserve(parts.iter().map(|p| p.0.len()).sum(), text);
    for (surfaces, stems) in parts {
        vocabulary.surfaces.append(&surfaces);
        vocabulary.surface_stems.append(stems);
    }
    drop(by_surface);
    for shard in &mut all.shards {
        (shard.forms, shard.surfaces, shard.surface_of) = Default::default();
    }

    // Each batch word's form, in the new numbering.
    let mut starts = vec![0usize; SHARDS];
    let firsts: Vec<Vec<usize>> = batches
        .iter()
        .map(|batch| {
            let here = starts.clone();
            for (s, start) in starts.iter_mut().enumerate() {
                *start += batch.shard(s).len();
            }
            here
        })
        .collect();
    vocabulary.maps = batches
        .par_iter()
        .zip(firsts)
        .map(|(batch, firsts)| {
            let mut map = vec![0u32; batch.len()];
            for (s, shard) in all.shards.iter().enumerate() {
                let locals = batch.shard(s);
                let ids = &shard.ids[firsts[s]..firsts[s] + locals.len()];
                for (&local, &id) in locals.iter().zip(ids) {
                    map[local as usize] = new_number[(all.offsets[s] + id) as usize];
                }
            }
            map
        })
        .collect();
    vocabulary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_order_strings_as_their_bytes() {
        let mut words = vec![
            "b",
            "a",
            "",
            "ab",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "abcdefghijklmnopb",
            "абв",
            "аб",
            "zz",
        ];
        let mut keyed: Vec<Keyed> = words
            .iter()
            .enumerate()
            .map(|(i, w)| Keyed {
                key: sort_key(w),
                id: i as u32,
                tie: 0,
            })
            .collect();
        keyed.sort_by(|a, b| by_text(a, b, |i| words[i as usize]));
        let sorted: Vec<&str> = keyed.iter().map(|k| words[k.id as usize]).collect();
        words.sort();
        assert_eq!(sorted, words);
    }

    /// The vocabulary as plain maps, from `Analyzer::term` on every word.
    fn naive(batches: &[Vec<String>], lang: &str) -> Vocabulary {
        use std::collections::{BTreeMap, BTreeSet};
        let analyzer = Analyzer::for_language(lang);
        let mut stems: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut surfaces: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for word in batches.iter().flatten() {
            let term = analyzer.term(word, false);
            stems
                .entry(term.stem.clone())
                .or_default()
                .insert(term.form.clone());
            surfaces.entry(term.surface).or_default().insert(term.stem);
        }
        let mut v = Vocabulary::default();
        let stem_number: BTreeMap<&String, u32> = stems
            .keys()
            .enumerate()
            .map(|(i, s)| (s, i as u32))
            .collect();
        let mut form_number: BTreeMap<String, u32> = BTreeMap::new();
        for (s, (stem, forms)) in stems.iter().enumerate() {
            v.stems.push(stem);
            for form in forms {
                form_number.insert(form.clone(), v.forms.push(form));
                v.form_stem.push(s as u32);
            }
            v.form_ends.push(v.forms.len() as u32);
        }
        for (surface, its) in &surfaces {
            v.surfaces.push(surface);
            v.surface_stems
                .push_list(its.iter().map(|s| stem_number[s]));
        }
        v.maps = batches
            .iter()
            .map(|b| {
                b.iter()
                    .map(|w| form_number[&analyzer.term(w, false).form])
                    .collect()
            })
            .collect();
        v
    }

    #[test]
    fn every_form_is_numbered_once_and_sorted_as_by_plain_maps() {
        // Case variants, diacritics, shared stems, long words sharing their
        // first 16 bytes, and enough words to fill every shard.
        let mut rng = 7u64;
        let mut next = |n: u64| {
            rng = rng
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (rng >> 33) % n
        };
        let stems = [
            "organisation",
            "communauté",
            "run",
            "internationalisation",
            "société",
        ];
        let endings = ["", "s", "ing", "ed", "é", "alement", "ES"];
        let batches: Vec<Vec<String>> = (0..5)
            .map(|_| {
                let mut seen = std::collections::BTreeSet::new();
                (0..3000)
                    .map(|_| {
                        let mut w = stems[next(5) as usize].to_string();
                        w.push_str(endings[next(7) as usize]);
                        if next(3) == 0 {
                            w.push_str(&next(700).to_string());
                        }
                        if next(4) == 0 {
                            w = w.to_uppercase();
                        }
                        w
                    })
                    .filter(|w| seen.insert(w.clone()))
                    .collect()
            })
            .collect();
        for lang in ["fr", "ky"] {
            let words: Vec<BatchWords> = batches
                .iter()
                .map(|b| {
                    let mut strings = Strings::default();
                    for w in b {
                        strings.push(w);
                    }
                    BatchWords::new(&strings, vec![false; b.len()])
                })
                .collect();
            let got = build_vocabulary(words, &Analyzer::for_language(lang));
            let want = naive(&batches, lang);
            assert!(got.forms.len() > 1000, "{}", got.forms.len());
            assert_eq!(
                got.stems.iter().collect::<Vec<_>>(),
                want.stems.iter().collect::<Vec<_>>()
            );
            assert_eq!(
                got.forms.iter().collect::<Vec<_>>(),
                want.forms.iter().collect::<Vec<_>>()
            );
            assert_eq!(got.form_ends, want.form_ends);
            assert_eq!(got.form_stem, want.form_stem);
            assert_eq!(
                got.surfaces.iter().collect::<Vec<_>>(),
                want.surfaces.iter().collect::<Vec<_>>()
            );
            assert_eq!(got.surface_stems.items, want.surface_stems.items);
            assert_eq!(got.surface_stems.ends, want.surface_stems.ends);
            assert_eq!(got.maps, want.maps);
        }
    }

    #[test]
    fn lower_case_as_the_standard_library() {
        for w in [
            "ABC",
            "Société",
            "ΟΔΟΣ",
            "ΣΑΣ",
            "İstanbul",
            "Ǆemal",
            "ДОМ",
            "已",
        ] {
            let mut out = String::from("x");
            lower_into(w, &mut out);
            assert_eq!(out, format!("x{}", w.to_lowercase()), "{w}");
        }
        // Every character, after a non-ASCII one (no ASCII fast path).
        let mut out = String::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let word: String = ['é', c].iter().collect();
            out.clear();
            lower_into(&word, &mut out);
            assert_eq!(out, word.to_lowercase(), "U+{:04X}", c as u32);
        }
    }
}
