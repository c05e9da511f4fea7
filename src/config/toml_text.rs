//! TOML as text: where a key or value is in a file (for errors that point
//! at a line), TOML errors as diagnostics, TOML values as template data.

use super::*;

/// Where the key at a serde path (`taxonomies.0.rss`,
/// `link_checker.internal`) is written in the TOML text.
pub(super) fn key_span(text: &str, dotted: &str) -> Option<std::ops::Range<usize>> {
    let document = toml_edit::Document::parse(text).ok()?;
    let parts: Vec<&str> = dotted.split('.').collect();
    let (last, folders) = parts.split_last()?;
    enum Node<'a> {
        Table(&'a toml_edit::Table),
        Inline(&'a toml_edit::InlineTable),
        Item(&'a toml_edit::Item),
        Value(&'a toml_edit::Value),
    }
    fn child<'a>(node: Node<'a>, part: &str) -> Option<Node<'a>> {
        match node {
            Node::Table(t) => t.get(part).map(Node::Item),
            Node::Inline(t) => t.get(part).map(Node::Value),
            Node::Item(item) => match item {
                toml_edit::Item::Table(t) => child(Node::Table(t), part),
                toml_edit::Item::Value(v) => child(Node::Value(v), part),
                toml_edit::Item::ArrayOfTables(a) => a.get(part.parse().ok()?).map(Node::Table),
                toml_edit::Item::None => None,
            },
            Node::Value(value) => match value {
                toml_edit::Value::InlineTable(t) => child(Node::Inline(t), part),
                toml_edit::Value::Array(a) => a.get(part.parse().ok()?).map(Node::Value),
                _ => None,
            },
        }
    }
    let mut node = Node::Table(document.as_table());
    for part in folders {
        node = child(node, part)?;
    }
    let key = match node {
        Node::Table(t) => t.key(last),
        Node::Inline(t) => t.key(last),
        Node::Item(toml_edit::Item::Table(t)) => t.key(last),
        Node::Item(toml_edit::Item::Value(toml_edit::Value::InlineTable(t)))
        | Node::Value(toml_edit::Value::InlineTable(t)) => t.key(last),
        _ => None,
    }?;
    key.span()
}

/// Converts a TOML value (dates become RFC 3339 strings) to JSON for templates.
pub fn toml_to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

/// Turns a TOML parse error into a diagnostic at the right line, with a
/// "did you mean" for unknown keys.
pub fn toml_diagnostic(e: &toml::de::Error, text: &str, path: &Path) -> Error {
    let message = e.message().trim().to_string();
    let mut d = Diagnostic::error(first_line(&message)).in_file(path);
    if let Some(span) = e.span() {
        d = d.at(text, span);
    }
    if let Some(help) = did_you_mean(&message) {
        d = d.with_help(help);
    }
    d.into()
}

pub(super) fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).to_string()
}

/// From serde's "unknown field `x`, expected one of `a`, `b`" builds a suggestion.
pub fn did_you_mean(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, rest) = rest.split_once('`')?;
    let candidates: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    let best = candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(unknown, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, c)) => Some(format!("did you mean `{c}`?")),
        None if !candidates.is_empty() => Some(format!(
            "the keys allowed here are: {}",
            candidates.join(", ")
        )),
        None => None,
    }
}

/// The byte span of the value of the first line that sets `key` (the key
/// itself when the value cannot be found).
pub fn find_value_span(text: &str, key: &str) -> std::ops::Range<usize> {
    let key_span = find_key_span(text, key);
    let line_end = text[key_span.end..]
        .find('\n')
        .map_or(text.len(), |i| key_span.end + i);
    let line = &text[key_span.end..line_end];
    match line.find('=').or_else(|| line.find(':')) {
        Some(eq) => {
            let value = &line[eq + 1..];
            let start = key_span.end + eq + 1 + (value.len() - value.trim_start().len());
            let end = key_span.end + eq + 1 + value.trim_end().len();
            if start < end { start..end } else { key_span }
        }
        None => key_span,
    }
}

/// The byte span of the first line that sets `key`, for pointing at it.
pub fn find_key_span(text: &str, key: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let matches = trimmed.strip_prefix(key).is_some_and(|r| {
            // `key = …` (TOML) or `key: …` (YAML front matter)
            r.trim_start().starts_with('=') || r.starts_with(':')
        }) || trimmed.starts_with(&format!("[languages.{key}]"));
        if matches {
            return offset + indent..offset + indent + key.len().max(1);
        }
        offset += line.len();
    }
    0..0
}
