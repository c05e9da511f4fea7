//! How the index writes numbers and strings: postings and document lists
//! in base-64 digits, and JSON strings written straight into the text of a
//! file (the files are large: no intermediate JSON values).
//!
//! Numbers in postings and facet lists are written as base-64 digits
//! (`0-9A-Za-z-_`). A facet list is its document gaps as variable-length
//! numbers (digits 32–63 carry five bits and mean "more follows"). A posting
//! is one digit when the gap from the previous document is 1 to 4
//! (`(gap - 1) * 8 + impact - 1`), else the digit `32 + impact - 1` followed
//! by `gap - 5` as a variable-length number; the first gap counts from -1.

pub const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

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
    push_postings(&mut out, list);
    out
}

/// Appends what [`encode_postings`] returns.
pub fn push_postings(out: &mut String, list: &[(u32, u8)]) {
    let mut last: i64 = -1;
    for &(doc, impact) in list {
        let gap = (i64::from(doc) - last) as u32;
        let level = u32::from(impact.clamp(1, 8) - 1);
        if (1..=4).contains(&gap) {
            out.push(DIGITS[((gap - 1) * 8 + level) as usize] as char);
        } else {
            out.push(DIGITS[(32 + level) as usize] as char);
            push_number(out, gap - 5);
        }
        last = i64::from(doc);
    }
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

/// How many digits [`encode_postings`] writes for `list`.
pub fn encoded_len(list: &[(u32, u8)]) -> usize {
    let mut len = 0;
    let mut last: i64 = -1;
    for &(doc, _) in list {
        let gap = (i64::from(doc) - last) as u32;
        len += if (1..=4).contains(&gap) {
            1
        } else {
            let mut v = gap - 5;
            let mut n = 2;
            while v >= 32 {
                v >>= 5;
                n += 1;
            }
            n
        };
        last = i64::from(doc);
    }
    len
}

/// Appends `s` as a JSON string.
pub fn push_json(out: &mut String, s: &str) {
    out.push('"');
    let mut rest = s;
    while let Some(at) = rest.find(|c: char| c == '"' || c == '\\' || c < ' ') {
        out.push_str(&rest[..at]);
        let c = rest[at..].chars().next().unwrap_or(' ');
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push_str(&format!("\\u{:04x}", c as u32)),
        }
        rest = &rest[at + c.len_utf8()..];
    }
    out.push_str(rest);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_round_trip() {
        let list = vec![(0, 5), (1, 8), (5, 1), (40, 3), (1_000_000, 7)];
        let text = encode_postings(&list);
        assert_eq!(decode_postings(&text), list);
        assert_eq!(encoded_len(&list), text.len());
        // Gaps of 1 to 4 take one digit with the impact; longer ones more.
        assert_eq!(encode_postings(&[(0, 1), (1, 2), (5, 8)]), "01V");
        assert_eq!(encode_postings(&[(9, 1)]), "W5");
    }

    #[test]
    fn json_strings_are_escaped() {
        let mut out = String::new();
        push_json(&mut out, "a \"b\" \\ c\n\u{1}é");
        assert_eq!(out, r#""a \"b\" \\ c\n\u0001é""#);
        assert_eq!(
            serde_json::from_str::<String>(&out).unwrap(),
            "a \"b\" \\ c\n\u{1}é"
        );
    }
}
