//! Zola shortcodes in Markdown (Tera 1 sites): finds `{{ name(k=v) }}` and
//! `{% name(k=v) %}…{% end %}` calls with literal arguments, unescapes
//! `{{/* */}}` and `{%/* */%}`, and expands them through the
//! `MarkdownHooks`: `.md` shortcodes before Markdown parsing, `.html` ones as
//! placeholders that Markdown rendering replaces with their HTML.

use std::collections::HashMap;
use std::ops::Range;

use serde_json::{Map, Value};

/// The kind of a shortcode template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShortcodeKind {
    /// `shortcodes/<name>.html`: spliced into the HTML.
    Html,
    /// `shortcodes/<name>.md`: spliced into the Markdown before parsing.
    Markdown,
}

/// One call found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortcodeCall {
    pub name: String,
    pub args: Map<String, Value>,
    /// The body of `{% … %}…{% end %}`, trimmed, inner calls not yet expanded.
    pub body: Option<String>,
    /// 1-based count of calls of this name in the document so far.
    pub nth: usize,
    /// Where the call is in the text it was found in.
    pub span: Range<usize>,
    /// Calls inside the body, with spans relative to the trimmed body.
    pub inner: Vec<ShortcodeCall>,
}

/// A piece of a text: as written, or a call.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Text to keep, with the range it came from (unescaped markers shrink it).
    Text(String, Range<usize>),
    Call(ShortcodeCall),
}

/// A problem with a shortcode call at a place in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortcodeError {
    pub span: Range<usize>,
    pub message: String,
    /// The call was fine but its template failed.
    pub in_template: bool,
}

/// Cuts `text` into verbatim text and shortcode calls. `known` tells whether
/// a name is a shortcode: a known name with arguments that do not parse stays
/// text, as in Zola, and is reported in `warnings`.
pub fn parse_shortcodes(
    text: &str,
    known: &dyn Fn(&str) -> bool,
    counter: &mut HashMap<String, usize>,
    warnings: &mut Vec<ShortcodeError>,
) -> Result<Vec<Piece>, ShortcodeError> {
    let found = std::cell::RefCell::new(Vec::new());
    let try_call = |at: usize, known: &dyn Fn(&str) -> bool| match parse_call(text, at, known) {
        Ok(call) => call,
        Err(e) => {
            found.borrow_mut().push(e);
            None
        }
    };
    // The last body opening `{% name(…) %}` whose arguments did not parse.
    let mut failed_opening: Option<ShortcodeError> = None;
    let mut pieces = Vec::new();
    let mut pending = String::new();
    let mut pending_start = 0;
    let mut i = 0;
    let flush = |pending: &mut String, start: usize, end: usize, pieces: &mut Vec<Piece>| {
        if !pending.is_empty() {
            pieces.push(Piece::Text(std::mem::take(pending), start..end));
        }
    };
    while i < text.len() {
        let rest = &text[i..];
        let next = match rest.find(['{']) {
            Some(n) => n,
            None => {
                pending.push_str(rest);
                break;
            }
        };
        pending.push_str(&rest[..next]);
        i += next;
        let rest = &text[i..];
        if rest.starts_with("{{/*") {
            if let Some((def_end, _, _, _)) = try_call(i + 4, &|_| false)
                && let Some(close) = expect(text, def_end, "*/}}")
            {
                pending.push_str("{{");
                pending.push_str(&text[i + 4..close - 4]);
                pending.push_str("}}");
                i = close;
                continue;
            }
        } else if rest.starts_with("{%/*") {
            if let Some((def_end, _, _, _)) = try_call(i + 4, &|_| false)
                && let Some(open_end) = expect(text, def_end, "*/%}")
            {
                // The body stays verbatim up to the escaped end marker.
                let body_end = find_escaped_end(text, open_end);
                pending.push_str("{%");
                pending.push_str(&text[i + 4..open_end - 4]);
                pending.push_str("%}");
                match body_end {
                    Some((start, end)) => {
                        pending.push_str(&text[open_end..start]);
                        let marker = &text[start..end];
                        pending
                            .push_str(&marker.replacen("{%/*", "{%", 1).replacen("*/%}", "%}", 1));
                        i = end;
                    }
                    None => i = open_end,
                }
                continue;
            }
        } else if rest.starts_with("{{") {
            if let Some((def_end, name, args, overflow)) = try_call(i + 2, known)
                && let Some(close) = expect(text, def_end, "}}")
            {
                check_int_range(text, &name, overflow)?;
                check_known(&name, i..close, known)?;
                flush(&mut pending, pending_start, i, &mut pieces);
                let nth = bump(counter, &name);
                pieces.push(Piece::Call(ShortcodeCall {
                    name,
                    args,
                    body: None,
                    nth,
                    span: i..close,
                    inner: Vec::new(),
                }));
                i = close;
                pending_start = i;
                continue;
            }
        } else if rest.starts_with("{%") {
            if let Some(end) = is_end_marker(text, i) {
                // Zola cannot parse the page then. When an opening above had a
                // bad argument, that argument is the mistake: point at it.
                return Err(match failed_opening.take() {
                    Some(e) => ShortcodeError {
                        message: format!(
                            "{}; the call is not a shortcode then, and the `{{% end %}}` after it closes nothing (Zola refuses this page too)",
                            e.message
                        ),
                        ..e
                    },
                    None => ShortcodeError {
                        span: i..end,
                        message: "`{% end %}` without a shortcode it closes".into(),
                        in_template: false,
                    },
                });
            }
            let opening = match parse_call(text, i + 2, known) {
                Ok(call) => call,
                Err(e) => {
                    failed_opening = Some(e.clone());
                    found.borrow_mut().push(e);
                    None
                }
            };
            if let Some((def_end, name, args, overflow)) = opening
                && let Some(open_end) = expect(text, def_end, "%}")
            {
                check_int_range(text, &name, overflow)?;
                check_known(&name, i..open_end, known)?;
                let Some((end_start, end_end)) = find_end(text, open_end) else {
                    return Err(ShortcodeError {
                        span: i..open_end,
                        message: format!(
                            "the shortcode `{name}` has a body but no `{{% end %}}` closes it"
                        ),
                        in_template: false,
                    });
                };
                flush(&mut pending, pending_start, i, &mut pieces);
                let nth = bump(counter, &name);
                let raw_body = &text[open_end..end_start];
                let lead = raw_body.len() - raw_body.trim_start().len();
                let body = raw_body.trim();
                let mut inner_warnings = Vec::new();
                let inner_pieces = parse_shortcodes(body, known, counter, &mut inner_warnings)
                    .map_err(|e| ShortcodeError {
                        span: e.span.start + open_end + lead..e.span.end + open_end + lead,
                        message: e.message,
                        in_template: e.in_template,
                    })?;
                found
                    .borrow_mut()
                    .extend(inner_warnings.into_iter().map(|e| ShortcodeError {
                        span: e.span.start + open_end + lead..e.span.end + open_end + lead,
                        ..e
                    }));
                let (body_text, inner) = flatten(inner_pieces);
                pieces.push(Piece::Call(ShortcodeCall {
                    name,
                    args,
                    body: Some(body_text),
                    nth,
                    span: i..end_end,
                    inner,
                }));
                i = end_end;
                pending_start = i;
                continue;
            }
        }
        pending.push('{');
        i += 1;
    }
    flush(&mut pending, pending_start, text.len(), &mut pieces);
    warnings.extend(found.into_inner());
    Ok(pieces)
}

/// A body's pieces as one text where each inner call is a placeholder of
/// its own span, and the calls with spans into that text.
fn flatten(pieces: Vec<Piece>) -> (String, Vec<ShortcodeCall>) {
    let mut text = String::new();
    let mut calls = Vec::new();
    for p in pieces {
        match p {
            Piece::Text(t, _) => text.push_str(&t),
            Piece::Call(mut c) => {
                let start = text.len();
                let marker = format!("\u{E000}{}\u{E001}", calls.len());
                text.push_str(&marker);
                c.span = start..text.len();
                calls.push(c);
            }
        }
    }
    (text, calls)
}

fn check_known(
    name: &str,
    span: Range<usize>,
    known: &dyn Fn(&str) -> bool,
) -> Result<(), ShortcodeError> {
    if known(name) {
        return Ok(());
    }
    Err(ShortcodeError {
        span,
        message: format!(
            "unknown shortcode `{name}`: there is no `templates/shortcodes/{name}.html` or `{name}.md` in the site or its theme (to show the call as text, write `{{{{/* … */}}}}` or `{{%/* … */%}}`)"
        ),
        in_template: false,
    })
}

/// A call Zola's grammar accepts with an integer it cannot hold (Zola
/// crashes there): an error at the number.
fn check_int_range(text: &str, name: &str, overflow: Option<usize>) -> Result<(), ShortcodeError> {
    let Some(at) = overflow else { return Ok(()) };
    let end = at
        + text[at..]
            .bytes()
            .enumerate()
            .skip(1)
            .find(|(_, b)| !b.is_ascii_digit())
            .map_or(text.len() - at, |(n, _)| n);
    Err(ShortcodeError {
        span: at..end,
        message: format!(
            "bad argument in the shortcode `{name}`: `{}` does not fit in a 64-bit integer",
            &text[at..end]
        ),
        in_template: false,
    })
}

fn bump(counter: &mut HashMap<String, usize>, name: &str) -> usize {
    let n = counter.entry(name.to_string()).or_insert(0);
    *n += 1;
    *n
}

fn skip_ws(text: &str, mut i: usize) -> usize {
    while let Some(c) = text[i..].chars().next() {
        if matches!(c, ' ' | '\t' | '\r' | '\n') {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// After optional white space, `token`: the position after it.
fn expect(text: &str, i: usize, token: &str) -> Option<usize> {
    let i = skip_ws(text, i);
    text[i..].starts_with(token).then_some(i + token.len())
}

fn ident(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    if i < b.len() && (b[i].is_ascii_alphabetic() || b[i] == b'_') {
        let mut j = i + 1;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
            j += 1;
        }
        Some(j)
    } else {
        None
    }
}

/// `{% end %}` at `i`: its end.
fn is_end_marker(text: &str, i: usize) -> Option<usize> {
    let j = expect(text, i, "{%")?;
    let j = expect(text, j, "end")?;
    if ident(text, j - 3).is_some_and(|e| e != j) {
        return None;
    }
    expect(text, j, "%}")
}

/// The `{% end %}` closing a body that starts at `from`, skipping nested
/// bodies: (start, end) of the marker.
fn find_end(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut depth = 0;
    let mut i = from;
    while let Some(n) = text[i..].find("{%") {
        let at = i + n;
        if text[at..].starts_with("{%/*") {
            i = at + 4;
            continue;
        }
        if let Some(end) = is_end_marker(text, at) {
            if depth == 0 {
                return Some((at, end));
            }
            depth -= 1;
            i = end;
            continue;
        }
        if let Ok(Some((def_end, _, _, _))) = parse_call(text, at + 2, &|_| false)
            && let Some(open_end) = expect(text, def_end, "%}")
        {
            depth += 1;
            i = open_end;
            continue;
        }
        i = at + 2;
    }
    None
}

/// `{%/* end */%}` after `from`.
fn find_escaped_end(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut i = from;
    while let Some(n) = text[i..].find("{%/*") {
        let at = i + n;
        if let Some(j) = expect(text, at + 4, "end")
            && let Some(end) = expect(text, j, "*/%}")
        {
            return Some((at, end));
        }
        i = at + 4;
    }
    None
}

/// A parsed call: the position after `)`, the name, the arguments, and
/// where an integer argument too large for 64 bits is (Zola crashes on it).
type Call = (usize, String, Map<String, Value>, Option<usize>);

/// `name(k=v, …)` at `i` (after white space): the position after `)`, the
/// name and the arguments. `None` when the text is not a call; an error
/// when a known shortcode's arguments do not parse.
fn parse_call(
    text: &str,
    i: usize,
    known: &dyn Fn(&str) -> bool,
) -> Result<Option<Call>, ShortcodeError> {
    let start = skip_ws(text, i);
    let Some(name_end) = ident(text, start) else {
        return Ok(None);
    };
    let name = &text[start..name_end];
    let Some(mut j) = expect(text, name_end, "(") else {
        return Ok(None);
    };
    let mut args = Map::new();
    let mut overflow = None;
    let fail = |at: usize, message: String| -> Result<Option<Call>, ShortcodeError> {
        if known(name) {
            let end = text[at..]
                .char_indices()
                .nth(1)
                .map(|(n, _)| at + n)
                .unwrap_or(text.len());
            Err(ShortcodeError {
                span: at..end,
                message: format!("bad argument in the shortcode `{name}`: {message}"),
                in_template: false,
            })
        } else {
            Ok(None)
        }
    };
    loop {
        j = skip_ws(text, j);
        if text[j..].starts_with(')') {
            j += 1;
            break;
        }
        // Zola's grammar lets arguments follow each other without a comma too.
        if !args.is_empty()
            && let Some(k) = expect(text, j, ",")
        {
            j = skip_ws(text, k);
        }
        let Some(key_end) = ident(text, j) else {
            return fail(
                j,
                "expected an argument name or `)` (arguments are `name=value`, separated by commas)".into(),
            );
        };
        let key = text[j..key_end].to_string();
        let Some(k) = expect(text, key_end, "=") else {
            return fail(
                skip_ws(text, key_end),
                format!("expected `=` after `{key}`"),
            );
        };
        let k = skip_ws(text, k);
        match literal(text, k, &mut overflow) {
            Some((value, end)) => {
                args.insert(key, value);
                j = end;
            }
            None => {
                return fail(
                    k,
                    format!(
                        "the value of `{key}` must be a literal: a string in \"\", '' or ``, true/false, a number or an array of those"
                    ),
                );
            }
        }
    }
    Ok(Some((j, name.to_string(), args, overflow)))
}

fn literal(text: &str, i: usize, overflow: &mut Option<usize>) -> Option<(Value, usize)> {
    let rest = &text[i..];
    for (word, value) in [("true", true), ("false", false)] {
        if rest.starts_with(word) {
            return Some((Value::Bool(value), i + word.len()));
        }
    }
    if let Some(q) = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))
    {
        let close = rest[1..].find(q)?;
        return Some((Value::String(rest[1..1 + close].to_string()), i + close + 2));
    }
    if rest.starts_with('[') {
        let mut items = Vec::new();
        let mut j = skip_ws(text, i + 1);
        loop {
            if text[j..].starts_with(']') {
                return Some((Value::Array(items), j + 1));
            }
            let (v, end) = literal(text, j, overflow)?;
            items.push(v);
            j = skip_ws(text, end);
            if text[j..].starts_with(',') {
                j = skip_ws(text, j + 1);
            } else if !text[j..].starts_with(']') {
                return None;
            }
        }
    }
    number(text, i, overflow)
}

/// A number as Zola's grammar reads it. An integer too large for 64 bits is
/// noted in `overflow` (and read as null) so the caller can refuse it; a
/// float too large is null, as in Zola.
fn number(text: &str, i: usize, overflow: &mut Option<usize>) -> Option<(Value, usize)> {
    let b = text.as_bytes();
    let mut j = i;
    if j < b.len() && b[j] == b'-' {
        j += 1;
    }
    let digits = j;
    while j < b.len() && b[j].is_ascii_digit() {
        j += 1;
    }
    if j == digits || (b[digits] == b'0' && j - digits > 1) {
        return None;
    }
    if j + 1 < b.len() && b[j] == b'.' && b[j + 1].is_ascii_digit() {
        j += 1;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        let f: f64 = text[i..j].parse().ok()?;
        let value = serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number);
        return Some((value, j));
    }
    match text[i..j].parse::<i64>() {
        Ok(n) => Some((Value::from(n), j)),
        Err(_) => {
            overflow.get_or_insert(i);
            Some((Value::Null, j))
        }
    }
}

/// What rendering a shortcode needs from later stages.
pub trait ShortcodeRenderer {
    /// Whether `name` is a shortcode of the site or its theme, and its kind.
    fn shortcode_kind(&self, name: &str) -> Option<ShortcodeKind>;
    /// Renders `shortcodes/<name>.html|md` with `context`.
    fn render_shortcode(
        &self,
        name: &str,
        kind: ShortcodeKind,
        context: Map<String, Value>,
    ) -> Result<String, String>;
}

/// A body with its shortcodes expanded: `.md` ones spliced in, `.html`
/// ones as placeholders (see [`fill_placeholders`]).
#[derive(Debug, Default)]
pub struct Expanded {
    pub text: String,
    /// Calls of known shortcodes left as text because their arguments do not parse.
    pub warnings: Vec<ShortcodeError>,
    /// The HTML of placeholder `n`.
    pub html: Vec<String>,
    /// (start in `text`, start in the original, copied verbatim).
    segments: Vec<(usize, usize, bool)>,
}

impl Expanded {
    /// Where a position of the expanded text was in the original body.
    pub fn original_offset(&self, pos: usize) -> usize {
        let i = self.segments.partition_point(|s| s.0 <= pos);
        match i.checked_sub(1).map(|i| self.segments[i]) {
            Some((start, orig, true)) => orig + (pos - start),
            Some((_, orig, false)) => orig,
            None => pos,
        }
    }
}

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// Expands every shortcode of `body`. `context` gives what every call sees
/// besides its arguments (`page` or `section`, `config`, `lang`).
pub fn expand_shortcodes(
    body: &str,
    renderer: &dyn ShortcodeRenderer,
    context: &dyn Fn() -> Map<String, Value>,
) -> Result<Expanded, ShortcodeError> {
    let known = |n: &str| renderer.shortcode_kind(n).is_some();
    let mut warnings = Vec::new();
    let pieces = parse_shortcodes(body, &known, &mut HashMap::new(), &mut warnings)?;
    let mut out = Expanded {
        warnings,
        ..Default::default()
    };
    let mut shared: Option<Map<String, Value>> = None;
    for piece in pieces {
        match piece {
            Piece::Text(t, range) => {
                out.segments.push((out.text.len(), range.start, true));
                out.text.push_str(&t);
            }
            Piece::Call(call) => {
                let start = call.span.start;
                let kind = renderer.shortcode_kind(&call.name);
                let shared = shared.get_or_insert_with(context);
                let html = render_call(call, renderer, shared)?;
                out.segments.push((out.text.len(), start, false));
                if kind == Some(ShortcodeKind::Markdown) {
                    out.text.push_str(&html);
                } else {
                    out.text
                        .push_str(&format!("{OPEN}{}{CLOSE}", out.html.len()));
                    out.html.push(html);
                }
            }
        }
    }
    Ok(out)
}

fn render_call(
    call: ShortcodeCall,
    renderer: &dyn ShortcodeRenderer,
    shared: &Map<String, Value>,
) -> Result<String, ShortcodeError> {
    let span = call.span.clone();
    let kind = renderer
        .shortcode_kind(&call.name)
        .ok_or_else(|| ShortcodeError {
            span: span.clone(),
            message: format!("unknown shortcode `{}`", call.name),
            in_template: false,
        })?;
    let mut context = call.args;
    if let Some(mut body) = call.body {
        for inner in call.inner.into_iter().rev() {
            let inner_span = inner.span.clone();
            let html = render_call(inner, renderer, shared).map_err(|e| ShortcodeError {
                span: span.clone(),
                message: e.message,
                in_template: e.in_template,
            })?;
            body.replace_range(inner_span, &html);
        }
        context.insert("body".into(), Value::String(body.trim_end().to_string()));
    }
    context.insert("nth".into(), Value::from(call.nth));
    for (k, v) in shared {
        context.insert(k.clone(), v.clone());
    }
    renderer
        .render_shortcode(&call.name, kind, context)
        .map(|s| s.replace("\r\n", "\n"))
        .map_err(|e| ShortcodeError {
            span,
            message: format!("the shortcode `{}` failed to render: {e}", call.name),
            in_template: true,
        })
}

/// Replaces the placeholders in `text` with their HTML.
pub fn fill_placeholders(text: &str, html: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    for (is_call, part) in split_placeholders(text) {
        match is_call {
            Some(n) => out.push_str(html.get(n).map(String::as_str).unwrap_or("")),
            None => out.push_str(part),
        }
    }
    out
}

/// `text` cut at its placeholders: (Some(n), marker) or (None, text).
pub fn split_placeholders(text: &str) -> Vec<(Option<usize>, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(OPEN) {
        let after = &rest[open + OPEN.len_utf8()..];
        let Some(close) = after.find(CLOSE) else {
            break;
        };
        let Ok(n) = after[..close].parse::<usize>() else {
            break;
        };
        if open > 0 {
            out.push((None, &rest[..open]));
        }
        let end = open + OPEN.len_utf8() + close + CLOSE.len_utf8();
        out.push((Some(n), &rest[open..end]));
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        out.push((None, rest));
    }
    out
}

/// Whether `text` is exactly one placeholder (after trimming).
pub fn is_single_placeholder(text: &str) -> bool {
    matches!(split_placeholders(text.trim()).as_slice(), [(Some(_), _)])
}

/// Whether `text` holds a placeholder.
pub fn has_placeholder(text: &str) -> bool {
    text.contains(OPEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Piece>, ShortcodeError> {
        let mut warnings = Vec::new();
        let pieces = parse_shortcodes(
            text,
            &|n| n != "unknown",
            &mut HashMap::new(),
            &mut warnings,
        )?;
        match warnings.into_iter().next() {
            Some(w) => Err(w),
            None => Ok(pieces),
        }
    }

    fn call(p: &Piece) -> &ShortcodeCall {
        match p {
            Piece::Call(c) => c,
            other => panic!("not a call: {other:?}"),
        }
    }

    #[test]
    fn inline_call_with_every_argument_type() {
        let pieces = parse(
            "A {{ yt(id=\"x\", b='y', c=`z`, t=true, f=false, i=-3, x=1.5, a=[1, 'two', [true],]) }} B",
        )
        .unwrap();
        assert_eq!(pieces.len(), 3);
        let c = call(&pieces[1]);
        assert_eq!(c.name, "yt");
        assert_eq!(
            Value::Object(c.args.clone()),
            serde_json::json!({"id": "x", "b": "y", "c": "z", "t": true, "f": false, "i": -3, "x": 1.5, "a": [1, "two", [true]]})
        );
        assert_eq!(pieces[2], Piece::Text(" B".into(), 85..87));
    }

    #[test]
    fn body_calls_nest_and_count() {
        let pieces = parse("{% q(a=1) %}\n  one {{ q() }} {% q() %}x{% end %}\n{% end %}").unwrap();
        assert_eq!(pieces.len(), 1);
        let c = call(&pieces[0]);
        assert_eq!(c.nth, 1);
        assert_eq!(
            c.body.as_deref(),
            Some("one \u{E000}0\u{E001} \u{E000}1\u{E001}")
        );
        assert_eq!(c.inner.len(), 2);
        assert_eq!(c.inner[0].nth, 2);
        assert_eq!(c.inner[1].body.as_deref(), Some("x"));
    }

    #[test]
    fn escapes_and_non_calls_stay_text() {
        let pieces = parse(
            "{{/* yt(id=1) */}} {%/* q() */%}\n{{ x() }}\n{%/* end */%} {{ page.title }} {% if a %}",
        )
        .unwrap();
        assert_eq!(pieces.len(), 1);
        let Piece::Text(t, _) = &pieces[0] else {
            panic!()
        };
        assert_eq!(
            t,
            "{{ yt(id=1) }} {% q() %}\n{{ x() }}\n{% end %} {{ page.title }} {% if a %}"
        );
    }

    #[test]
    fn arguments_without_commas_as_zola_allows() {
        let pieces = parse("{{ img(src=\"a.png\" alt=\"A\") }}").unwrap();
        assert_eq!(
            Value::Object(call(&pieces[0]).args.clone()),
            serde_json::json!({"src": "a.png", "alt": "A"})
        );
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = parse("x {{ yt(id=page.id) }}").unwrap_err();
        assert_eq!(e.span.start, 11);
        assert!(e.message.contains("must be a literal"), "{}", e.message);
        // An unknown name with bad arguments is text, as in Zola.
        assert!(parse("{{ unknown(id=page.id) }}").is_ok());
        let e = parse("{% q() %} no end").unwrap_err();
        assert!(e.message.contains("no `{% end %}`"), "{}", e.message);
        assert!(parse("text {% end %}").is_err());
    }
}
