//! Pseudo-random prose in the Markdown the hub's documents use: titles,
//! headings, paragraphs, bulleted lists, tables. Each function appends to a
//! `String` and returns how many words of text it wrote.

use super::lang::Lang;
use super::rng::Rng;
use super::vocab::{function_word, word};
use super::{FIRST_YEAR, LAST_YEAR};
use std::fmt::Write as _;

/// Places a footnote reference right after the last sentence written
/// (paragraphs end with ".\n\n").
pub fn append_to_last_sentence(out: &mut String, reference: &str) {
    let at = out.len() - 2;
    out.insert_str(at, reference);
}

pub fn write_title(out: &mut String, rng: &mut Rng, lang: &Lang) -> usize {
    let start = out.len();
    let mut words = write_noun_phrase(out, rng, lang);
    words += write_complement(out, rng, lang);
    capitalise_at(out, start);
    words
}

pub fn write_heading(out: &mut String, rng: &mut Rng, lang: &Lang, marker: &str) -> usize {
    out.push_str(marker);
    let start = out.len();
    let mut words = write_noun_phrase(out, rng, lang);
    if rng.percent(50) {
        words += write_complement(out, rng, lang);
    }
    capitalise_at(out, start);
    out.push_str("\n\n");
    words
}

pub fn write_paragraph(out: &mut String, rng: &mut Rng, lang: &Lang, sentences: usize) -> usize {
    let mut words = 0;
    for i in 0..sentences {
        if i > 0 {
            out.push(' ');
        }
        words += write_sentence(out, rng, lang);
    }
    out.push_str("\n\n");
    words
}

/// A sentence of 8 to 30 words, ending with a full stop.
pub fn write_sentence(out: &mut String, rng: &mut Rng, lang: &Lang) -> usize {
    let start = out.len();
    let mut words = 0;
    if rng.percent(15) {
        let opener = rng.pick(lang.openers);
        out.push_str(opener);
        out.push(' ');
        words += word_count(opener);
    }
    words += write_clause(out, rng, lang);
    for _ in 0..rng.below(3) {
        words += write_complement(out, rng, lang);
    }
    if rng.percent(30) {
        out.push_str(lang.comma);
        out.push(' ');
        let conjunction = rng.pick(lang.conjunctions);
        out.push_str(conjunction);
        out.push(' ');
        words += word_count(conjunction) + write_clause(out, rng, lang);
    }
    out.push('.');
    capitalise_at(out, start);
    words
}

fn write_clause(out: &mut String, rng: &mut Rng, lang: &Lang) -> usize {
    let mut words = write_noun_phrase(out, rng, lang);
    out.push(' ');
    let verb = word(rng, lang, lang.verbs, true);
    out.push_str(&verb);
    out.push(' ');
    words += word_count(&verb) + write_noun_phrase(out, rng, lang);
    words
}

/// Writes a preposition and a noun phrase after it.
fn write_complement(out: &mut String, rng: &mut Rng, lang: &Lang) -> usize {
    let preposition = function_word(rng, lang, lang.prepositions);
    out.push(' ');
    out.push_str(&preposition);
    out.push(' ');
    1 + noun_phrase(out, rng, lang, !ends_with_article(&preposition))
}

/// "of the", "de la", "des", "du": no determiner may follow.
fn ends_with_article(preposition: &str) -> bool {
    let last = preposition.rsplit(' ').next().unwrap_or(preposition);
    matches!(last, "the" | "la" | "des" | "du")
}

pub fn write_noun_phrase(out: &mut String, rng: &mut Rng, lang: &Lang) -> usize {
    noun_phrase(out, rng, lang, true)
}

fn noun_phrase(out: &mut String, rng: &mut Rng, lang: &Lang, determiner: bool) -> usize {
    let mut words = 0;
    if determiner && !lang.determiners.is_empty() && rng.percent(45) {
        out.push_str(&function_word(rng, lang, lang.determiners));
        out.push(' ');
        words += 1;
    }
    let noun = word(rng, lang, lang.nouns, true);
    let adjective = rng
        .percent(55)
        .then(|| word(rng, lang, lang.adjectives, false));
    match (&adjective, lang.adjective_after_noun) {
        (Some(adjective), false) => {
            let _ = write!(out, "{adjective} {noun}");
        }
        (Some(adjective), true) => {
            let _ = write!(out, "{noun} {adjective}");
        }
        (None, _) => out.push_str(&noun),
    }
    words += word_count(&noun) + adjective.as_deref().map_or(0, word_count);
    if rng.percent(20) {
        out.push(' ');
        out.push_str(lang.prepositions[rng.below(3)]);
        out.push(' ');
        let noun = word(rng, lang, lang.nouns, true);
        out.push_str(&noun);
        words += 1 + word_count(&noun);
    }
    words
}

pub fn write_list(out: &mut String, rng: &mut Rng, lang: &Lang) -> usize {
    let mut words = 0;
    for _ in 0..rng.between(4, 6) {
        out.push_str("- ");
        let start = out.len();
        words += write_clause(out, rng, lang);
        capitalise_at(out, start);
        out.push_str(lang.semicolon);
        out.push('\n');
    }
    out.push('\n');
    words
}

pub fn write_table(out: &mut String, rng: &mut Rng, lang: &Lang) -> usize {
    let [a, b, c, d] = lang.table_header;
    let _ = write!(out, "| {a} | {b} | {c} | {d} |\n|---|---|---:|---:|\n");
    let mut words = 4;
    for _ in 0..rng.between(4, 7) {
        out.push_str("| ");
        let start = out.len();
        words += write_noun_phrase(out, rng, lang);
        capitalise_at(out, start);
        let region = lang.regions[rng.below(lang.regions.len())];
        let year = rng.between(FIRST_YEAR as usize, LAST_YEAR as usize);
        let share = rng.below(100);
        let _ = writeln!(out, " | {region} | {year} | {share}{}% |", lang.thin_space);
        words += word_count(region) + 2;
    }
    out.push('\n');
    words
}

pub fn word_count(text: &str) -> usize {
    text.split(' ').count()
}

/// Upper-cases the first character written at or after `start`.
fn capitalise_at(out: &mut String, start: usize) {
    let Some(first) = out[start..].chars().next() else {
        return;
    };
    if !first.is_lowercase() {
        return;
    }
    let upper: String = first.to_uppercase().collect();
    out.replace_range(start..start + first.len_utf8(), &upper);
}
