//! `load_data`: TOML, JSON, CSV, YAML, XML, BibTeX or plain text from a file
//! of the site or a literal, into template values shaped as Zola shapes
//! them, or fetched from an `http(s)://` URL (GET or POST, with headers).
//! Results are cached for the build; a request is sent once per build.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::functions::{Args, SiteData, arg_bool, arg_str};

/// The data formats `load_data` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Toml,
    Json,
    Csv,
    Yaml,
    Xml,
    Bibtex,
    Plain,
}

impl Format {
    fn from_name(name: &str) -> Result<Format, String> {
        Ok(match name {
            "toml" => Format::Toml,
            "json" => Format::Json,
            "csv" => Format::Csv,
            "yaml" | "yml" => Format::Yaml,
            "xml" => Format::Xml,
            "bibtex" | "bib" => Format::Bibtex,
            "plain" | "txt" => Format::Plain,
            other => {
                return Err(format!(
                    "load_data: unknown format `{other}` (toml, json, csv, yaml, xml, bibtex or plain)"
                ));
            }
        })
    }

    /// What a fetch asks for in `Accept` (the types Zola asks for).
    fn mime_type(self) -> &'static str {
        match self {
            Format::Toml => "application/toml",
            Format::Json => "application/json",
            Format::Csv => "text/csv",
            Format::Yaml => "application/x-yaml",
            Format::Xml => "text/xml",
            Format::Bibtex => "application/x-bibtex",
            Format::Plain => "text/plain",
        }
    }

    /// From a file's extension; anything unknown is plain text.
    fn from_path(path: &str) -> Format {
        let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        ext.and_then(|e| Format::from_name(&e).ok())
            .unwrap_or(Format::Plain)
    }
}

impl SiteData {
    pub(super) fn load_data(&self, args: &Args) -> Result<Value, String> {
        let path = arg_str(args, "path")?;
        let url = arg_str(args, "url")?;
        let literal = arg_str(args, "literal")?;
        let required = arg_bool(args, "required", true)?;
        let format = arg_str(args, "format")?
            .map(Format::from_name)
            .transpose()?;
        let sources = [path, url, literal].iter().filter(|s| s.is_some()).count();
        if sources != 1 {
            return Err("load_data: give exactly one of `path`, `url` or `literal`".to_string());
        }
        if let Some(url) = url {
            return self.load_remote_data(url, args, format.unwrap_or(Format::Plain), required);
        }
        let key = format!("{path:?}\u{0}{literal:?}\u{0}{format:?}");
        if let Some(hit) = self
            .session
            .data_cache
            .lock()
            .ok()
            .and_then(|c| c.get(&key).cloned())
        {
            return Ok(hit);
        }
        let (text, format) = match (path, literal) {
            (Some(path), _) => {
                let Some(file) = self.find_file(path) else {
                    if !required {
                        return Ok(Value::Null);
                    }
                    return Err(format!(
                        "load_data: `{path}` does not exist (looked in the site root, static/, content/, the output folder and the theme's static/)"
                    ));
                };
                let text = crate::fs::read_to_string(&file).map_err(|e| e.to_string())?;
                (text, format.unwrap_or_else(|| Format::from_path(path)))
            }
            (None, Some(literal)) => (literal.to_string(), format.unwrap_or(Format::Plain)),
            (None, None) => unreachable!("one source was checked above"),
        };
        let name = path.unwrap_or("literal");
        let value = parse_data(&text, format).map_err(|e| {
            // `path:line:col` when the parser says where (JSON, TOML, YAML).
            match error_position(&e, &text) {
                Some((line, col)) => format!("load_data: `{name}:{line}:{col}`: {e}"),
                None => format!("load_data: `{name}`: {e}"),
            }
        })?;
        if let Ok(mut cache) = self.session.data_cache.lock() {
            cache.insert(key, value.clone());
        }
        Ok(value)
    }

    /// `load_data(url=…)`: fetched once per build for the same request
    /// (URL, method, body, content type, headers), parsed as `format`
    /// (plain text unless given, as in Zola).
    fn load_remote_data(
        &self,
        url: &str,
        args: &Args,
        format: Format,
        required: bool,
    ) -> Result<Value, String> {
        let request = match remote_request(url, args, format) {
            Ok(r) => r,
            Err(_) if !required => return Ok(Value::Null),
            Err(e) => return Err(e),
        };
        let text = match self.session.fetches.fetch_text(&request) {
            Ok(text) => text,
            Err(_) if !required => return Ok(Value::Null),
            Err(e) => {
                let help = match e {
                    crate::http::FetchError::Offline => {
                        "unset AGORA_OFFLINE to fetch it, or pass `required=false` to get nothing instead"
                    }
                    crate::http::FetchError::Unreachable(_) => {
                        "is the network there? Pass `required=false` to build without it, or save the data into the site and load it with `path=`"
                    }
                    _ => "pass `required=false` to get nothing instead",
                };
                return Err(format!("load_data: cannot fetch `{url}`: {e} ({help})"));
            }
        };
        parse_data(&text, format).map_err(|e| format!("load_data: `{url}`: {e}"))
    }
}

/// The HTTP request `load_data(url=…)` describes, checked.
fn remote_request(url: &str, args: &Args, format: Format) -> Result<crate::http::Request, String> {
    use crate::http::Method;
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(format!(
            "load_data: `{url}` is not an http:// or https:// URL"
        ));
    }
    let method = match arg_str(args, "method")?
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("get") => Method::Get,
        Some("post") => Method::Post,
        Some(other) => {
            return Err(format!(
                "load_data: method must be GET or POST, got `{other}`"
            ));
        }
    };
    let mut headers = Vec::new();
    match args.get("headers") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for item in items {
                let text = item.as_str().ok_or_else(|| {
                    format!("load_data: `headers` must be a list of \"Name=Value\" strings, got `{item}`")
                })?;
                let (name, value) = text.split_once('=').ok_or_else(|| {
                    format!("load_data: header `{text}` has no `=`: write it \"Name=Value\"")
                })?;
                let valid_name = !name.is_empty()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
                if !valid_name {
                    return Err(format!("load_data: `{name}` is not a valid header name"));
                }
                if value.bytes().any(|b| b == b'\r' || b == b'\n') {
                    return Err(format!(
                        "load_data: the value of header `{name}` has a line break"
                    ));
                }
                headers.push((name.to_string(), value.to_string()));
            }
        }
        Some(other) => {
            return Err(format!(
                "load_data: `headers` must be a list of \"Name=Value\" strings, got `{other}`"
            ));
        }
    }
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("accept"))
    {
        headers.push(("Accept".to_string(), format.mime_type().to_string()));
    }
    let (body, content_type) = match method {
        Method::Get => (None, None),
        Method::Post => (
            arg_str(args, "body")?.map(str::to_string),
            arg_str(args, "content_type")?.map(str::to_string),
        ),
    };
    Ok(crate::http::Request {
        url: url.to_string(),
        method,
        headers,
        body,
        content_type,
    })
}

/// The line and column a data parser's message names: serde_json's and
/// serde-saphyr's "at line N column M", toml's "line N, column M".
fn error_position(message: &str, _text: &str) -> Option<(usize, usize)> {
    static AT: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re =
        AT.get_or_init(|| regex::Regex::new(r"line (\d+),? column (\d+)").expect("valid regex"));
    let c = re.captures(message)?;
    Some((c[1].parse().ok()?, c[2].parse().ok()?))
}

fn parse_data(text: &str, format: Format) -> Result<Value, String> {
    match format {
        Format::Plain => Ok(Value::String(text.to_string())),
        Format::Json => serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}")),
        Format::Toml => {
            let value: toml::Value =
                toml::from_str(text).map_err(|e| format!("invalid TOML: {e}"))?;
            Ok(crate::config::toml_to_json(&value))
        }
        Format::Yaml => serde_saphyr::from_str(text).map_err(|e| format!("invalid YAML: {e}")),
        Format::Csv => load_csv(text),
        Format::Xml => load_xml(text),
        Format::Bibtex => load_bibtex(text),
    }
}

/// `{headers: [...], records: [[...], ...]}`, every cell a string.
fn load_csv(text: &str) -> Result<Value, String> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<Value> = reader
        .headers()
        .map_err(|e| format!("cannot read the CSV header line: {e}"))?
        .iter()
        .map(|h| json!(h))
        .collect();
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("invalid CSV: {e}"))?;
        records.push(Value::Array(record.iter().map(|c| json!(c)).collect()));
    }
    Ok(json!({"headers": headers, "records": records}))
}

/// The shape nom-bibtex gives, as Zola exposes it (variables and tags sorted).
fn load_bibtex(text: &str) -> Result<Value, String> {
    let bib = nom_bibtex::Bibtex::parse(text).map_err(|e| format!("invalid BibTeX: {e}"))?;
    let variables: BTreeMap<&String, &String> = bib.variables().iter().collect();
    let bibliographies: Vec<Value> = bib
        .bibliographies()
        .iter()
        .map(|b| {
            let tags: BTreeMap<String, &String> = b
                .tags()
                .iter()
                .map(|(k, v)| (k.to_lowercase(), v))
                .collect();
            json!({"entry_type": b.entry_type(), "citation_key": b.citation_key(), "tags": tags})
        })
        .collect();
    Ok(json!({
        "preambles": bib.preambles(),
        "comments": bib.comments(),
        "variables": variables,
        "bibliographies": bibliographies,
    }))
}

/// XML as JSON the way Zola shows it: `{root: …}`; an element with only text
/// is that text (numbers and booleans typed); otherwise an object of its
/// attributes (`@name`), children (repeated names become arrays) and `#text`.
fn load_xml(text: &str) -> Result<Value, String> {
    use quick_xml::events::Event;
    struct Element {
        name: String,
        fields: Map<String, Value>,
        text: String,
    }
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<(String, Value)> = None;
    let open = |e: &quick_xml::events::BytesStart<'_>| -> Result<Element, String> {
        let mut fields = Map::new();
        for attr in e.attributes() {
            let attr = attr.map_err(|e| format!("invalid XML: {e}"))?;
            let value = attr
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| format!("invalid XML: {e}"))?;
            fields.insert(format!("@{}", attr.key.as_ref()), typed(&value));
        }
        Ok(Element {
            name: e.name().as_ref().to_string(),
            fields,
            text: String::new(),
        })
    };
    let mut close = |el: Element, stack: &mut Vec<Element>| {
        let trimmed = el.text.trim();
        let value = if el.fields.is_empty() {
            if trimmed.is_empty() {
                Value::Null
            } else {
                typed(trimmed)
            }
        } else {
            let mut fields = el.fields;
            if !trimmed.is_empty() {
                fields.insert("#text".into(), typed(trimmed));
            }
            Value::Object(fields)
        };
        match stack.last_mut() {
            Some(parent) => match parent.fields.get_mut(&el.name) {
                Some(Value::Array(items)) => items.push(value),
                Some(existing) => {
                    let first = existing.take();
                    *existing = Value::Array(vec![first, value]);
                }
                None => {
                    parent.fields.insert(el.name, value);
                }
            },
            None => root = Some((el.name, value)),
        }
    };
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => stack.push(open(&e)?),
            Ok(Event::Empty(e)) => {
                let el = open(&e)?;
                close(el, &mut stack);
            }
            Ok(Event::End(_)) => {
                if let Some(el) = stack.pop() {
                    close(el, &mut stack);
                }
            }
            Ok(Event::Text(t)) => {
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&t.xml10_content());
                }
            }
            Ok(Event::CData(t)) => {
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&t.into_inner());
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(el) = stack.last_mut() {
                    let name = r.xml10_content();
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => el.text.push(c),
                        _ => match quick_xml::escape::resolve_predefined_entity(&name) {
                            Some(s) => el.text.push_str(s),
                            None => return Err(format!("invalid XML: unknown entity `&{name};`")),
                        },
                    }
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                return Err(format!(
                    "invalid XML at byte {}: {e}",
                    reader.buffer_position()
                ));
            }
        }
    }
    let (name, value) = root.ok_or("the XML has no root element")?;
    let mut m = Map::new();
    m.insert(name, value);
    Ok(Value::Object(m))
}

/// `5` → 5, `1.5` → 1.5, `true` → true; anything else stays a string.
fn typed(text: &str) -> Value {
    if let Ok(i) = text.parse::<i64>()
        && !(text.len() > 1 && text.starts_with('0'))
    {
        return json!(i);
    }
    if let Ok(f) = text.parse::<f64>()
        && f.is_finite()
        && !text.starts_with('.')
    {
        return json!(f);
    }
    match text {
        "true" => json!(true),
        "false" => json!(false),
        _ => json!(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_becomes_nested_values() {
        let v = load_xml(
            "<?xml version=\"1.0\"?><root><key>value</key><array>1</array><array>2</array><array>3</array><sub a=\"x\"><subkey>5</subkey></sub></root>",
        )
        .unwrap();
        assert_eq!(
            v,
            json!({"root": {"key": "value", "array": [1, 2, 3], "sub": {"@a": "x", "subkey": 5}}})
        );
    }

    #[test]
    fn csv_and_bibtex_shapes() {
        assert_eq!(
            load_csv("Number,Title\n1,Gutenberg\n").unwrap(),
            json!({"headers": ["Number", "Title"], "records": [["1", "Gutenberg"]]})
        );
        let bib = load_bibtex(
            "@string(name = \"Ada\")\n@misc{key1,\n  Author = name,\n  title = \"Zola\"\n}\n",
        )
        .unwrap();
        assert_eq!(bib["variables"]["name"], "Ada");
        assert_eq!(bib["bibliographies"][0]["citation_key"], "key1");
        assert_eq!(bib["bibliographies"][0]["tags"]["author"], "Ada");
    }
}
