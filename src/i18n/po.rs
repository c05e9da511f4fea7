//! gettext PO export and import of locale strings, for Weblate, Poedit and
//! friends. `msgctxt` is the key, `msgid` the source text (`msgid_plural`
//! its `other` form for plurals), `#.` the key's `description`. Plural
//! strings have one `msgstr[i]` per CLDR category of the language, in CLDR
//! order (`zero one two few many other`), and the `Plural-Forms` header maps
//! a count to that index. A translation made from another source text is
//! `#, fuzzy` with the old text as `#| msgid`.

use std::collections::BTreeMap;

use super::{Entry, Imported, plural_categories};

/// Everything an export needs about one language.
pub struct ExportRequest<'a> {
    pub source_lang: &'a str,
    pub lang: &'a str,
    pub lang_name: &'a str,
    pub project: &'a str,
    /// Source keys in order, with the source entry.
    pub source: Vec<(&'a str, &'a Entry)>,
    pub target: Option<&'a BTreeMap<String, Entry>>,
    /// `YYYY-MM-DD HH:MM+ZZZZ`.
    pub revision_date: &'a str,
}

/// Escapes a string for a PO `"…"` literal.
pub(super) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn unquote(s: &str) -> Result<String, String> {
    let s = s.trim();
    let inner = s
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .ok_or_else(|| format!("expected a quoted string, found `{s}`"))?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    Ok(out)
}

/// `nplurals=N; plural=EXPR;` for `lang`: N is the number of CLDR
/// categories of the language, EXPR gives for a whole count `n` the index of
/// its CLDR category in CLDR order. Well-known rule shapes are written as
/// translators know them; each is checked against ICU4X before use, and a
/// language that fits none gets an exact expression built from ICU4X's
/// categories of 0–199 (with `n % 100` beyond).
pub fn plural_forms(lang: &str) -> String {
    let cats = plural_categories(lang);
    let index = |c: &str| cats.iter().position(|x| *x == c).unwrap_or(cats.len() - 1);
    let actual = |n: u64| index(super::plural_category(lang, n as f64));
    type Rule = (&'static [&'static str], &'static str, fn(u64) -> usize);
    const KNOWN: &[Rule] = &[
        (&["other"], "0", |_| 0),
        (&["one", "other"], "(n != 1)", |n| usize::from(n != 1)),
        (&["one", "other"], "(n > 1)", |n| usize::from(n > 1)),
        (
            &["one", "other"],
            "(n % 10 == 1 && n % 100 != 11 ? 0 : 1)",
            |n| if n % 10 == 1 && n % 100 != 11 { 0 } else { 1 },
        ),
        (
            &["one", "many", "other"],
            "(n == 0 || n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2)",
            |n| {
                if n <= 1 {
                    0
                } else if n % 1_000_000 == 0 {
                    1
                } else {
                    2
                }
            },
        ),
        (
            &["one", "many", "other"],
            "(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2)",
            |n| {
                if n == 1 {
                    0
                } else if n != 0 && n % 1_000_000 == 0 {
                    1
                } else {
                    2
                }
            },
        ),
        (
            &["one", "few", "many", "other"],
            "(n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2)",
            |n| {
                if n % 10 == 1 && n % 100 != 11 {
                    0
                } else if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) {
                    1
                } else {
                    2
                }
            },
        ),
        (
            &["one", "few", "many", "other"],
            "(n == 1 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2)",
            |n| {
                if n == 1 {
                    0
                } else if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) {
                    1
                } else {
                    2
                }
            },
        ),
        (
            &["one", "few", "other"],
            "(n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2)",
            |n| {
                if n % 10 == 1 && n % 100 != 11 {
                    0
                } else if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) {
                    1
                } else {
                    2
                }
            },
        ),
        (
            &["one", "few", "many", "other"],
            "(n == 1 ? 0 : n >= 2 && n <= 4 ? 1 : 3)",
            |n| match n {
                1 => 0,
                2..=4 => 1,
                _ => 3,
            },
        ),
        (
            &["one", "two", "other"],
            "(n == 1 ? 0 : n == 2 ? 1 : 2)",
            |n| match n {
                1 => 0,
                2 => 1,
                _ => 2,
            },
        ),
        (
            &["zero", "one", "two", "few", "many", "other"],
            "(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3 : n % 100 >= 11 ? 4 : 5)",
            |n| match (n, n % 100) {
                (0, _) => 0,
                (1, _) => 1,
                (2, _) => 2,
                (_, 3..=10) => 3,
                (_, 11..=99) => 4,
                _ => 5,
            },
        ),
    ];
    let samples: Vec<u64> = (0..=1100)
        .chain([1_000_000, 2_000_000, 1_000_001, 10_000_000])
        .collect();
    let expr = KNOWN
        .iter()
        .find(|(rule_cats, _, f)| {
            *rule_cats == cats.as_slice() && samples.iter().all(|&n| f(n) == actual(n))
        })
        .map(|(_, e, _)| e.to_string())
        .unwrap_or_else(|| built_expression(&cats, actual));
    format!("nplurals={}; plural={expr};", cats.len())
}

/// An exact expression for languages whose rules repeat every 100 from 100 on.
fn built_expression(cats: &[&str], actual: impl Fn(u64) -> usize) -> String {
    let default = (0..cats.len())
        .max_by_key(|&i| (0..200).filter(|&n| actual(n) == i).count())
        .unwrap_or(0);
    let mut out = String::from("(");
    for i in 0..cats.len() {
        if i == default {
            continue;
        }
        let mut conds: Vec<String> = (0..100)
            .filter(|&n| actual(n) == i)
            .map(|n| format!("n == {n}"))
            .collect();
        conds.extend(
            (0..100)
                .filter(|&r| actual(100 + r) == i)
                .map(|r| format!("(n >= 100 && n % 100 == {r})")),
        );
        if conds.is_empty() {
            continue;
        }
        out.push_str(&format!("{} ? {i} : ", conds.join(" || ")));
    }
    out.push_str(&format!("{default})"));
    out
}

/// The PO file of one language.
pub fn export_po(req: &ExportRequest) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# {} translation of {}.\n# Exported by agora: import it back with `agora i18n import FILE`.\n",
        req.lang_name, req.project
    ));
    out.push_str("msgid \"\"\nmsgstr \"\"\n");
    for (name, value) in [
        ("Project-Id-Version", req.project.to_string()),
        ("PO-Revision-Date", req.revision_date.to_string()),
        (
            "Last-Translator",
            "agora <translators@localhost>".to_string(),
        ),
        ("Language-Team", req.lang_name.to_string()),
        ("Language", req.lang.to_string()),
        ("MIME-Version", "1.0".to_string()),
        ("Content-Type", "text/plain; charset=UTF-8".to_string()),
        ("Content-Transfer-Encoding", "8bit".to_string()),
        ("Plural-Forms", plural_forms(req.lang)),
        ("X-Generator", "agora".to_string()),
        ("X-Source-Language", req.source_lang.to_string()),
    ] {
        out.push_str(&quote(&format!("{name}: {value}\n")));
        out.push('\n');
    }
    let cats = plural_categories(req.lang);
    for (key, source) in &req.source {
        let target = req.target.and_then(|t| t.get(*key));
        out.push('\n');
        if let Some(d) = &source.description {
            for line in d.lines() {
                out.push_str(&format!("#. {line}\n"));
            }
        }
        let previous = target
            .and_then(|t| t.source.as_ref())
            .filter(|p| **p != source.source_forms());
        if target.is_some_and(|t| t.is_outdated(source)) {
            out.push_str("#, fuzzy\n");
        }
        let plural = source.is_plural();
        if let Some(p) = previous {
            if plural {
                out.push_str(&format!(
                    "#| msgid {}\n#| msgid_plural {}\n",
                    quote(p.get("one").or(p.get("other")).map_or("", String::as_str)),
                    quote(p.get("other").map_or("", String::as_str))
                ));
            } else {
                out.push_str(&format!(
                    "#| msgid {}\n",
                    quote(p.get("other").map_or("", String::as_str))
                ));
            }
        }
        out.push_str(&format!("msgctxt {}\n", quote(key)));
        let form = |e: &Entry, c: &str| e.forms.get(c).cloned().unwrap_or_default();
        if plural {
            let one = source
                .forms
                .get("one")
                .cloned()
                .unwrap_or_else(|| form(source, "other"));
            out.push_str(&format!("msgid {}\n", quote(&one)));
            out.push_str(&format!("msgid_plural {}\n", quote(&form(source, "other"))));
            for (i, c) in cats.iter().enumerate() {
                let text = target.map(|t| form(t, c)).unwrap_or_default();
                out.push_str(&format!("msgstr[{i}] {}\n", quote(&text)));
            }
        } else {
            out.push_str(&format!("msgid {}\n", quote(&form(source, "other"))));
            let text = target.map(|t| form(t, "other")).unwrap_or_default();
            out.push_str(&format!("msgstr {}\n", quote(&text)));
        }
    }
    out
}

/// Reads a PO file: its `Language` and every entry with a `msgctxt`.
pub fn parse_po(text: &str) -> Result<(Option<String>, Vec<Imported>), String> {
    #[derive(Default)]
    struct Raw {
        flags: Vec<String>,
        locations: Vec<String>,
        prev_id: Option<String>,
        prev_plural: Option<String>,
        ctxt: Option<String>,
        id: Option<String>,
        plural: Option<String>,
        strs: BTreeMap<usize, String>,
    }
    enum Field {
        None,
        PrevId,
        PrevPlural,
        Ctxt,
        Id,
        Plural,
        Str(usize),
    }
    let mut raws: Vec<(usize, Raw)> = Vec::new();
    let mut cur = Raw::default();
    let mut start = 1;
    let mut field = Field::None;
    let mut seen_any = false;
    let push_str = |raw: &mut Raw, field: &Field, s: String| match field {
        Field::PrevId => raw.prev_id.get_or_insert_default().push_str(&s),
        Field::PrevPlural => raw.prev_plural.get_or_insert_default().push_str(&s),
        Field::Ctxt => raw.ctxt.get_or_insert_default().push_str(&s),
        Field::Id => raw.id.get_or_insert_default().push_str(&s),
        Field::Plural => raw.plural.get_or_insert_default().push_str(&s),
        Field::Str(i) => raw.strs.entry(*i).or_default().push_str(&s),
        Field::None => {}
    };
    for (n, line) in text.lines().enumerate() {
        let lineno = n + 1;
        let line = line.trim_end();
        let err = |m: String| format!("line {lineno}: {m}");
        if line.trim().is_empty() {
            if seen_any {
                raws.push((start, std::mem::take(&mut cur)));
                seen_any = false;
            }
            field = Field::None;
            continue;
        }
        // A new entry starts at its first comment after a msgstr.
        if (line.starts_with('#') || line.starts_with("msgctxt") || line.starts_with("msgid "))
            && matches!(field, Field::Str(_))
        {
            raws.push((start, std::mem::take(&mut cur)));
            seen_any = false;
            field = Field::None;
        }
        if !seen_any {
            start = lineno;
            seen_any = true;
        }
        if let Some(rest) = line.strip_prefix("#:") {
            cur.locations
                .extend(rest.split_whitespace().map(str::to_string));
        } else if let Some(rest) = line.strip_prefix("#,") {
            cur.flags
                .extend(rest.split(',').map(|f| f.trim().to_string()));
        } else if let Some(rest) = line.strip_prefix("#|") {
            let rest = rest.trim_start();
            if let Some(v) = rest.strip_prefix("msgid_plural ") {
                cur.prev_plural = Some(unquote(v).map_err(err)?);
                field = Field::PrevPlural;
            } else if let Some(v) = rest.strip_prefix("msgid ") {
                cur.prev_id = Some(unquote(v).map_err(err)?);
                field = Field::PrevId;
            } else if rest.starts_with('"') {
                push_str(&mut cur, &field, unquote(rest).map_err(err)?);
            }
        } else if line.starts_with("#~") || line.starts_with('#') {
            // other comments (and obsolete entries) carry nothing to import
        } else if let Some(v) = line.strip_prefix("msgctxt ") {
            cur.ctxt = Some(unquote(v).map_err(err)?);
            field = Field::Ctxt;
        } else if let Some(v) = line.strip_prefix("msgid_plural ") {
            cur.plural = Some(unquote(v).map_err(err)?);
            field = Field::Plural;
        } else if let Some(v) = line.strip_prefix("msgid ") {
            cur.id = Some(unquote(v).map_err(err)?);
            field = Field::Id;
        } else if let Some(rest) = line.strip_prefix("msgstr[") {
            let (i, v) = rest
                .split_once(']')
                .ok_or_else(|| err("`msgstr[` without `]`".into()))?;
            let i: usize = i
                .parse()
                .map_err(|_| err(format!("`msgstr[{i}]` is not a number")))?;
            cur.strs.insert(i, unquote(v).map_err(err)?);
            field = Field::Str(i);
        } else if let Some(v) = line.strip_prefix("msgstr ") {
            cur.strs.insert(0, unquote(v).map_err(err)?);
            field = Field::Str(0);
        } else if line.starts_with('"') {
            push_str(&mut cur, &field, unquote(line).map_err(err)?);
        } else {
            return Err(err(format!("cannot read `{line}`")));
        }
    }
    if seen_any {
        raws.push((start, cur));
    }
    let mut language = None;
    let mut out = Vec::new();
    for (_, raw) in raws {
        if raw.id.as_deref() == Some("") && raw.ctxt.is_none() {
            let header = raw.strs.get(&0).cloned().unwrap_or_default();
            language = header
                .lines()
                .find_map(|l| l.strip_prefix("Language:"))
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty());
            continue;
        }
        // Tools that drop `msgctxt` (translate-toolkit's po2xliff) leave
        // document segments their `#:` place: the key is found from it later.
        let Some(key) = raw
            .ctxt
            .or_else(|| (!raw.locations.is_empty()).then(String::new))
        else {
            continue;
        };
        let fuzzy = raw.flags.iter().any(|f| f == "fuzzy");
        let plural = raw.plural.is_some();
        // `msgstr[i]` by its index, an index left out counting as empty.
        let len = raw.strs.keys().next_back().map_or(0, |i| i + 1);
        let strs: Vec<String> = (0..len)
            .map(|i| raw.strs.get(&i).cloned().unwrap_or_default())
            .collect();
        let previous = raw.prev_id.map(|id| {
            let mut p = BTreeMap::new();
            match raw.prev_plural {
                Some(pl) => {
                    p.insert("one".to_string(), id);
                    p.insert("other".to_string(), pl);
                }
                None => {
                    p.insert("other".to_string(), id);
                }
            }
            p
        });
        out.push(Imported {
            key,
            source: raw.id.unwrap_or_default(),
            locations: raw.locations,
            strs,
            plural,
            fuzzy,
            previous,
        });
    }
    Ok((language, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_forms_match_cldr() {
        assert_eq!(plural_forms("en"), "nplurals=2; plural=(n != 1);");
        assert_eq!(plural_forms("ja"), "nplurals=1; plural=0;");
        assert!(
            plural_forms("ru")
                .starts_with("nplurals=4; plural=(n % 10 == 1 && n % 100 != 11 ? 0 :")
        );
        assert!(
            plural_forms("ar")
                .starts_with("nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2")
        );
        assert!(plural_forms("fr").starts_with("nplurals=3; plural=(n == 0 || n == 1 ? 0"));
    }

    #[test]
    fn quoting_round_trips() {
        for s in ["plain", "a \"quoted\" \\ back\nslash\ttab", ""] {
            assert_eq!(unquote(&quote(s)).unwrap(), s);
        }
    }
}
