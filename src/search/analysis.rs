//! Text analysis, the same at index time (here) and at query time (in
//! `client.js`, which mirrors these rules): words are runs of letters, marks
//! and digits; scripts written without spaces (Han, kana, Hangul, Thai, Lao,
//! Khmer, Myanmar) become overlapping character bigrams; words are
//! lower-cased and folded (diacritics dropped, Arabic letter variants
//! unified); languages with a Snowball algorithm are stemmed, the others are
//! matched by prefix at query time.

use std::borrow::Cow;

use snowball_stemmers_rs::{Algorithm, Stemmer};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// How one language's words are reduced to index terms.
pub struct Analyzer {
    stemmer: Option<Stemmer>,
}

/// A word as the index keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Lower-cased, not folded: the exact form, which ranks higher.
    pub form: String,
    /// Lower-cased, folded: the key of the surface-form dictionary.
    pub surface: String,
    /// The stem of the lower-cased word, folded (the surface itself when the
    /// language has no stemmer or the word is a bigram or a number).
    pub stem: String,
}

impl Analyzer {
    pub fn for_language(lang: &str) -> Analyzer {
        Analyzer {
            stemmer: algorithm_for(lang).map(Stemmer::create),
        }
    }

    /// Whether the language has a Snowball stemmer (else: prefix matching).
    pub fn stems(&self) -> bool {
        self.stemmer.is_some()
    }

    /// The index term of one word produced by [`for_each_word`].
    pub fn term(&self, word: &str, bigram: bool) -> Term {
        let lower = word.to_lowercase();
        let (stem, surface) = self.analyse_form(&lower, bigram);
        let (stem, surface) = (stem.into_owned(), surface.into_owned());
        Term {
            form: lower,
            surface,
            stem,
        }
    }

    /// The stem and the surface form of a lower-cased word (a form), each
    /// borrowed when it is the form itself.
    pub fn analyse_form<'a>(&self, form: &'a str, bigram: bool) -> (Cow<'a, str>, Cow<'a, str>) {
        let surface = fold(form);
        let stem = match &self.stemmer {
            Some(s) if !bigram && !form.chars().all(|c| c.is_numeric()) => match s.stem(form) {
                Cow::Borrowed(stem) => fold(stem),
                Cow::Owned(stem) if is_folded(&stem) => Cow::Owned(stem),
                Cow::Owned(stem) => Cow::Owned(fold(&stem).into_owned()),
            },
            _ => surface.clone(),
        };
        (stem, surface)
    }
}

/// The Snowball algorithm for a language code (`fr`, `pt-BR`), if there is one.
pub fn algorithm_for(lang: &str) -> Option<Algorithm> {
    let base = lang.split(['-', '_']).next().unwrap_or(lang);
    Some(match base.to_ascii_lowercase().as_str() {
        "ar" => Algorithm::Arabic,
        "hy" => Algorithm::Armenian,
        "eu" => Algorithm::Basque,
        "ca" => Algorithm::Catalan,
        "cs" => Algorithm::Czech,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "eo" => Algorithm::Esperanto,
        "et" => Algorithm::Estonian,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hi" => Algorithm::Hindi,
        "hu" => Algorithm::Hungarian,
        "id" => Algorithm::Indonesian,
        "ga" => Algorithm::Irish,
        "it" => Algorithm::Italian,
        "lt" => Algorithm::Lithuanian,
        "ne" => Algorithm::Nepali,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "fa" => Algorithm::Persian,
        "pl" => Algorithm::Polish,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sr" => Algorithm::Serbian,
        "st" => Algorithm::Sesotho,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        "uk" => Algorithm::Ukrainian,
        "yi" => Algorithm::Yiddish,
        _ => return None,
    })
}

/// Calls `f(word, is_bigram)` for every word of `text`, in order.
pub fn for_each_word(text: &str, mut f: impl FnMut(&str, bool)) {
    let bytes = text.as_bytes();
    // Plain ASCII (most of an English site): bytes, no decoding.
    if text.is_ascii() {
        let mut i = 0;
        while i < bytes.len() {
            while i < bytes.len() && !WORD_BYTE[bytes[i] as usize] {
                i += 1;
            }
            let start = i;
            while i < bytes.len() && WORD_BYTE[bytes[i] as usize] {
                i += 1;
            }
            if i > start {
                f(&text[start..i], false);
            }
        }
        return;
    }
    let two_byte = two_byte_table();
    let class = |i: usize| char_class(text, i, two_byte);
    let mut i = 0;
    while i < bytes.len() {
        // Skip to the next word character.
        let b = bytes[i];
        if b < 0x80 && !WORD_BYTE[b as usize] {
            i += 1;
            continue;
        }
        let (width, word_char, spaceless) = class(i);
        if !word_char {
            i += width;
            continue;
        }
        let start = i;
        i += width;
        // The word runs to the next character that is not a word character
        // or (but for a combining mark) changes between spaced and spaceless.
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 && !spaceless {
                if !WORD_BYTE[b as usize] {
                    break;
                }
                i += 1;
                continue;
            }
            let (width, word_char, this_spaceless) = class(i);
            if !word_char
                || (this_spaceless != spaceless
                    && !text[i..].chars().next().is_some_and(is_combining_mark))
            {
                break;
            }
            i += width;
        }
        let word = &text[start..i];
        if spaceless {
            bigrams(word, &mut f);
        } else {
            f(word, false);
        }
    }
}

/// The character of `text` at byte `i`: its width, whether it belongs to a
/// word and whether its script is written without spaces.
#[inline(always)]
fn char_class(text: &str, i: usize, two_byte: &[u64; 32]) -> (usize, bool, bool) {
    let bytes = text.as_bytes();
    let b = bytes[i];
    if b < 0x80 {
        (1, WORD_BYTE[b as usize], false)
    } else if b < 0xE0 {
        // Two bytes: U+0080 to U+07FF (Latin, Greek, Cyrillic, Arabic…).
        let code = (usize::from(b & 0x1F) << 6) | usize::from(bytes[i + 1] & 0x3F);
        (2, two_byte[code / 64] & (1 << (code % 64)) != 0, false)
    } else {
        let c = text[i..].chars().next().unwrap_or(' ');
        let word_char = c.is_alphanumeric() || is_combining_mark(c);
        (c.len_utf8(), word_char, is_spaceless(c))
    }
}

/// The overlapping character bigrams of a word of a spaceless script (the
/// word itself when it has one or two characters).
fn bigrams(word: &str, f: &mut impl FnMut(&str, bool)) {
    let bounds: Vec<usize> = word
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(word.len()))
        .collect();
    if bounds.len() <= 3 {
        f(word, true);
        return;
    }
    for w in bounds.windows(3) {
        f(&word[w[0]..w[2]], true);
    }
}

/// ASCII letters and digits.
const WORD_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Which of U+0000 to U+07FF (the characters UTF-8 writes in at most two
/// bytes) are word characters (letters, digits and combining marks), one
/// bit each, computed once from the Unicode properties.
fn two_byte_table() -> &'static [u64; 32] {
    static TABLE: std::sync::OnceLock<[u64; 32]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut bits = [0u64; 32];
        for (i, ch) in (0..0x0800).filter_map(|i| char::from_u32(i as u32).map(|c| (i, c))) {
            if ch.is_alphanumeric() || is_combining_mark(ch) {
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        bits
    })
}

/// Letters of scripts written without spaces between words.
pub fn is_spaceless(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF        // Thai, Lao
        | 0x1000..=0x109F      // Myanmar
        | 0x1100..=0x11FF      // Hangul Jamo
        | 0x1780..=0x17FF      // Khmer
        | 0x2E80..=0x2FDF      // CJK radicals
        | 0x3005..=0x3007
        | 0x3021..=0x3029
        | 0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3130..=0x318F      // Hangul compatibility Jamo
        | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF      // CJK extension A
        | 0x4E00..=0x9FFF      // CJK unified ideographs
        | 0xAC00..=0xD7AF      // Hangul syllables
        | 0xF900..=0xFAFF
        | 0xFF66..=0xFF9F      // half-width Katakana
        | 0x20000..=0x2FFFF)
}

/// Folds a lower-cased word for matching: drops diacritics (but keeps the
/// Cyrillic й, a letter of its own), unifies Arabic letter variants
/// (alef forms, alef maqsura → ya, no tatweel) and Greek final sigma.
pub fn fold(lower: &str) -> Cow<'_, str> {
    if is_folded(lower) {
        return Cow::Borrowed(lower);
    }
    let mut out = String::with_capacity(lower.len());
    let table = folded_table();
    for c in lower.chars() {
        match c {
            _ if c.is_ascii() || folds_to_itself(table, c) == Some(true) => out.push(c),
            'й' => out.push(c),
            '\u{0640}' => {}
            'ى' => out.push('ي'),
            'ς' => out.push('σ'),
            _ => decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    out.push(d);
                }
            }),
        }
    }
    Cow::Owned(out)
}

/// Whether `fold(lower) == lower`, without making the folded copy: checked
/// for every form of a vocabulary that may have millions.
pub fn is_folded(lower: &str) -> bool {
    if lower.is_ascii() {
        return true;
    }
    let table = folded_table();
    lower
        .chars()
        .all(|c| folds_to_itself(table, c).unwrap_or_else(|| char_folds_to_itself(c)))
}

/// Whether `fold` keeps the character `c` as it is.
fn char_folds_to_itself(c: char) -> bool {
    match c {
        'й' => true,
        '\u{0640}' | 'ى' | 'ς' => false,
        _ if c.is_ascii() => true,
        _ => {
            let mut same = true;
            decompose_canonical(c, |d| same &= d == c);
            same && !is_combining_mark(c)
        }
    }
}

/// [`char_folds_to_itself`] for a character UTF-8 writes in at most two
/// bytes (U+0000 to U+07FF: Latin, Greek, Cyrillic, Arabic…), read from a
/// table; `None` for the others.
#[inline]
fn folds_to_itself(table: &[u64; 32], c: char) -> Option<bool> {
    let code = c as usize;
    (code < 0x800).then(|| table[code / 64] & (1 << (code % 64)) != 0)
}

/// Which of U+0000 to U+07FF fold to themselves, one bit each, computed
/// once by [`char_folds_to_itself`].
fn folded_table() -> &'static [u64; 32] {
    static TABLE: std::sync::OnceLock<[u64; 32]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut bits = [0u64; 32];
        for (i, c) in (0..0x0800u32).filter_map(|i| char::from_u32(i).map(|c| (i as usize, c))) {
            if char_folds_to_itself(c) {
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        bits
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        for_each_word(text, |w, b| out.push((w.to_string(), b)));
        out
    }

    fn stem(lang: &str, word: &str) -> String {
        Analyzer::for_language(lang).term(word, false).stem
    }

    #[test]
    fn words_split_on_punctuation_and_apostrophes() {
        let w: Vec<String> = words("L'extrémisme, violent — en 2018 (OSCE).")
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        assert_eq!(w, ["L", "extrémisme", "violent", "en", "2018", "OSCE"]);
    }

    #[test]
    fn cjk_becomes_overlapping_bigrams() {
        assert_eq!(
            words("市民社会の役割 and more"),
            vec![
                ("市民".to_string(), true),
                ("民社".to_string(), true),
                ("社会".to_string(), true),
                ("会の".to_string(), true),
                ("の役".to_string(), true),
                ("役割".to_string(), true),
                ("and".to_string(), false),
                ("more".to_string(), false),
            ]
        );
        assert_eq!(words("中"), vec![("中".to_string(), true)]);
        // Mixed runs split at the script change.
        assert_eq!(
            words("OSCE会议"),
            vec![("OSCE".to_string(), false), ("会议".to_string(), true)]
        );
    }

    #[test]
    fn folding_by_table_is_folding_by_the_unicode_data() {
        // Every character of U+0000 to U+2FFF (the table covers the first
        // 2,048), alone and after a letter, folds as by its decomposition.
        let reference = |c: char| -> String {
            match c {
                'й' => c.to_string(),
                '\u{0640}' => String::new(),
                'ى' => "ي".into(),
                'ς' => "σ".into(),
                _ => {
                    let mut out = String::new();
                    decompose_canonical(c, |d| {
                        if !is_combining_mark(d) {
                            out.push(d);
                        }
                    });
                    out
                }
            }
        };
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            let want = reference(c);
            assert_eq!(fold(&c.to_string()), want, "U+{:04X}", c as u32);
            assert_eq!(
                is_folded(&c.to_string()),
                want == c.to_string(),
                "U+{:04X}",
                c as u32
            );
            let word = format!("ж{c}");
            assert_eq!(fold(&word), format!("ж{want}"), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn folding_drops_diacritics_and_case() {
        let a = Analyzer::for_language("ky");
        assert_eq!(a.term("Société", false).surface, "societe");
        assert_eq!(a.term("ÉTÉ", false).surface, "ete");
        assert_eq!(a.term("Ёлка", false).surface, "елка");
        assert_eq!(a.term("мой", false).surface, "мой");
        assert_eq!(a.term("Shqipëri", false).surface, "shqiperi");
        // Harakat and tatweel go; hamza-carrying alef becomes a bare alef.
        assert_eq!(fold("مُجْتَمَع"), "مجتمع");
        assert_eq!(fold("أمن"), "امن");
        assert_eq!(fold("إرهـاب"), "ارهاب");
        assert_eq!(fold("على"), "علي");
        // The check agrees with the folding.
        for w in [
            "societe",
            "société",
            "мой",
            "ёлка",
            "елка",
            "مجتمع",
            "مُجْتَمَع",
            "على",
            "σας",
            "中国",
        ] {
            assert_eq!(is_folded(w), fold(w) == w, "{w}");
        }
    }

    #[test]
    fn russian_inflections_share_a_stem() {
        let forms = ["общество", "общества", "обществу", "обществом", "обществе"];
        let stems: Vec<String> = forms.iter().map(|f| stem("ru", f)).collect();
        assert!(stems.iter().all(|s| s == &stems[0]), "{stems:?}");
        assert_eq!(stem("ru", "Экстремизма"), stem("ru", "экстремизм"));
        assert_ne!(stem("ru", "общество"), stem("ru", "организация"));
    }

    #[test]
    fn arabic_stemming_and_folding() {
        // With and without the definite article and harakat.
        assert_eq!(stem("ar", "المجتمع"), stem("ar", "مجتمع"));
        assert_eq!(stem("ar", "المُجْتَمَع"), stem("ar", "مجتمع"));
        assert_eq!(stem("ar", "الإرهاب"), stem("ar", "ارهاب"));
    }

    #[test]
    fn english_and_french_stemming() {
        assert_eq!(stem("en", "Communities"), stem("en", "community"));
        assert_eq!(stem("en", "prevention"), stem("en", "preventing"));
        assert_eq!(stem("fr", "sociétés"), stem("fr", "société"));
        // No stemmer for Kyrgyz: the folded word itself.
        assert_eq!(stem("ky", "Жарандык"), "жарандык");
        assert!(!Analyzer::for_language("ha").stems());
        assert!(Analyzer::for_language("pt-BR").stems());
    }

    #[test]
    fn fast_word_characters_agree_with_unicode() {
        for c in (0x80..0x0900u32).filter_map(char::from_u32) {
            let text = c.to_string();
            assert_eq!(
                char_class(&text, 0, two_byte_table()).1,
                c.is_alphanumeric() || is_combining_mark(c),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn ascii_and_unicode_text_split_alike() {
        let ascii = "Civil-society's 2018 letter: (OSCE) x";
        let mut fast = Vec::new();
        for_each_word(ascii, |w, _| fast.push(w.to_string()));
        // The same text with one non-ASCII character takes the general path.
        let mut slow = Vec::new();
        for_each_word(&format!("{ascii} é"), |w, _| slow.push(w.to_string()));
        assert_eq!(slow.pop().as_deref(), Some("é"));
        assert_eq!(fast, slow);
        assert_eq!(
            fast,
            ["Civil", "society", "s", "2018", "letter", "OSCE", "x"]
        );
    }

    #[test]
    fn numbers_are_not_stemmed() {
        assert_eq!(stem("en", "2018"), "2018");
    }
}
