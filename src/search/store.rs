//! Compact storage for building an index whatever the vocabulary: many
//! short strings in one buffer ([`Strings`]), strings numbered once
//! ([`Interner`], for the words of a batch of documents) and lists of lists in one flat array ([`Lists`]). With
//! millions of distinct word forms, one heap allocation per word would
//! cost more than the words themselves; these cost a few bytes each.
//! Knows nothing about documents or files.

use std::hash::BuildHasher;

/// Strings one after another in one buffer, numbered from 0.
#[derive(Debug, Default, Clone)]
pub struct Strings {
    text: String,
    ends: Vec<u32>,
}

impl Strings {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// String `i`.
    #[inline]
    pub fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// Appends `s`; its number.
    pub fn push(&mut self, s: &str) -> u32 {
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
        (self.ends.len() - 1) as u32
    }

    /// Room for `strings` more strings of `bytes` in all.
    pub fn reserve(&mut self, strings: usize, bytes: usize) {
        self.ends.reserve(strings);
        self.text.reserve(bytes);
    }

    /// Bytes of text held.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len() as u32).map(|i| self.get(i))
    }

    /// Appends the strings of `other` after these.
    pub fn append(&mut self, other: &Strings) {
        let base = self.text.len() as u32;
        self.text.push_str(&other.text);
        self.ends.extend(other.ends.iter().map(|e| e + base));
    }
}

/// Lists one after another in one array: list `i` is
/// `items[ends[i - 1]..ends[i]]`.
#[derive(Debug, Clone)]
pub struct Lists<T> {
    pub items: Vec<T>,
    pub ends: Vec<u32>,
}

impl<T> Default for Lists<T> {
    fn default() -> Self {
        Lists {
            items: Vec::new(),
            ends: Vec::new(),
        }
    }
}

impl<T> Lists<T> {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    #[inline]
    pub fn get(&self, i: u32) -> &[T] {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.items[start..self.ends[i] as usize]
    }

    /// Closes the list being written (the items pushed since the last close).
    pub fn close(&mut self) {
        self.ends.push(self.items.len() as u32);
    }

    pub fn push_list(&mut self, items: impl IntoIterator<Item = T>) {
        self.items.extend(items);
        self.close();
    }

    /// Appends the lists of `other` after these.
    pub fn append(&mut self, mut other: Lists<T>) {
        let base = self.items.len() as u32;
        self.items.append(&mut other.items);
        self.ends.extend(other.ends.iter().map(|e| e + base));
    }
}

/// Distinct strings numbered in order of first appearance. Every word of
/// every document is looked up in one, so each entry keeps the string's
/// first 16 bytes inline: most lookups compare without reading the text.
#[derive(Default)]
pub struct Interner {
    table: hashbrown::HashTable<Slot>,
    pub strings: Strings,
}

#[derive(Clone, Copy)]
struct Slot {
    hash: u64,
    head: [u64; 2],
    len: u32,
    id: u32,
}

impl Interner {
    /// The number of `word`, and whether it was new.
    #[inline]
    pub fn id(&mut self, word: &str) -> (u32, bool) {
        let bytes = word.as_bytes();
        let head = head(bytes);
        let len = bytes.len() as u32;
        let hash = if bytes.len() <= 16 {
            // The head is the whole word: mix it.
            let h = (head[0] ^ u64::from(len)).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ head[1];
            let h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
            h ^ (h >> 29)
        } else {
            foldhash::fast::FixedState::with_seed(0).hash_one(bytes)
        };
        let strings = &self.strings;
        let found = self.table.find(hash, |s| {
            s.len == len && s.head == head && (len <= 16 || strings.get(s.id).as_bytes() == bytes)
        });
        if let Some(slot) = found {
            return (slot.id, false);
        }
        let id = self.strings.push(word);
        self.table.insert_unique(
            hash,
            Slot {
                hash,
                head,
                len,
                id,
            },
            |s| s.hash,
        );
        (id, true)
    }

    pub fn len(&self) -> usize {
        self.strings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }

    /// The strings, the lookup table dropped.
    pub fn into_strings(self) -> Strings {
        self.strings
    }
}

/// The first 16 bytes of a word as two little-endian numbers, zero-padded,
/// read in at most four loads whatever its length.
pub fn head(bytes: &[u8]) -> [u64; 2] {
    let n = bytes.len();
    let read8 = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default());
    let read4 = |at: usize| {
        u64::from(u32::from_le_bytes(
            bytes[at..at + 4].try_into().unwrap_or_default(),
        ))
    };
    if n >= 16 {
        [read8(0), read8(8)]
    } else if n >= 8 {
        // The last eight bytes, shifted so that byte 8 comes first.
        let tail = read8(n - 8).checked_shr(((16 - n) * 8) as u32).unwrap_or(0);
        [read8(0), tail]
    } else if n >= 4 {
        // Two overlapping loads of four bytes.
        [read4(0) | (read4(n - 4) << ((n - 4) * 8)), 0]
    } else {
        let mut h = 0u64;
        for (j, &b) in bytes.iter().enumerate() {
            h |= u64::from(b) << (j * 8);
        }
        [h, 0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_heads_are_the_first_sixteen_bytes() {
        for word in [
            "",
            "a",
            "abc",
            "abcd",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "abcdefghijklmno",
            "abcdefghijklmnop",
            "abcdefghijklmnopqrs",
        ] {
            let mut padded = [0u8; 16];
            let n = word.len().min(16);
            padded[..n].copy_from_slice(&word.as_bytes()[..n]);
            let expected = [
                u64::from_le_bytes(padded[..8].try_into().unwrap()),
                u64::from_le_bytes(padded[8..].try_into().unwrap()),
            ];
            assert_eq!(head(word.as_bytes()), expected, "{word}");
        }
    }

    #[test]
    fn an_interner_numbers_each_word_once() {
        let mut v = Interner::default();
        let words = [
            "the",
            "The",
            "organisation",
            "organisations",
            "организация",
            "организации",
            "a",
            "the",
            "организации",
        ];
        let ids: Vec<(u32, bool)> = words.iter().map(|w| v.id(w)).collect();
        assert_eq!(
            ids,
            [
                (0, true),
                (1, true),
                (2, true),
                (3, true),
                (4, true),
                (5, true),
                (6, true),
                (0, false),
                (5, false)
            ]
        );
        assert_eq!(v.strings.get(5), "организации");
        assert_eq!(v.len(), 7);
        // Past its first capacity, the table grows and keeps every number.
        for i in 0..10_000 {
            assert_eq!(v.id(&format!("w{i}")), (7 + i, true));
        }
        assert_eq!(v.id("w5000"), (5007, false));
        assert_eq!(v.id("организации"), (5, false));
    }

    #[test]
    fn lists_and_strings_keep_their_items_in_order() {
        let mut l: Lists<u32> = Lists::default();
        l.push_list([1, 2]);
        l.push_list([]);
        l.push_list([3]);
        assert_eq!(
            (l.get(0), l.get(1), l.get(2)),
            (&[1, 2][..], &[][..], &[3][..])
        );
        let mut s = Strings::default();
        s.push("ab");
        s.push("");
        s.push("é");
        assert_eq!(s.iter().collect::<Vec<_>>(), ["ab", "", "é"]);
        assert_eq!(s.text_len(), 4);
    }
}
