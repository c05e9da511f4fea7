//! `{{ name }}` variables in UI strings, rendered by minijinja in a sandbox.
//!
//! A translator's string is untrusted input to the build. The sandbox has no
//! loader (no `include`, `extends` or `import`), a fuel budget that stops a
//! loop or a huge string long before it could hang the build or exhaust
//! memory, and a low recursion limit. The `*` operator is refused before
//! rendering: minijinja repeats a list lazily (up to 100 million items) in
//! one instruction that fuel does not see, so `{{ items * 9999999 ~ "" }}`
//! would take a minute; a sentence has no use for multiplication. The result is *text*: it is returned
//! unescaped, and the template engine of the theme escapes it wherever it is
//! printed, exactly as it escapes any Zola string, so neither the
//! translator's text nor a value passed in can add markup to a page. agora's
//! own HTML (placeholder and outdated notices) escapes it too.

use std::sync::LazyLock;

use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};

/// Roughly this many template instructions (and ~64 bytes each of memory)
/// per string: far more than a sentence with a few variables needs.
const FUEL: u64 = 20_000;

static SANDBOX: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(16);
    // The output is text, escaped once by whatever prints it.
    env.set_auto_escape_callback(|_| AutoEscape::None);
    // Printing a variable the template does not pass is an error (a typo in
    // a translation shows); `{% if name %}` may test for one.
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    env
});

/// Renders `text` with `vars`. Strings without `{{`, `{%` or `{#` are
/// returned as they are. Errors say what is wrong in the translator's words.
pub fn render_string(
    text: &str,
    vars: &serde_json::Map<String, serde_json::Value>,
) -> Result<String, String> {
    if !(text.contains("{{") || text.contains("{%") || text.contains("{#")) {
        return Ok(text.to_string());
    }
    if uses_star_operator(text) {
        return Err(format!(
            "cannot render the string {text:?}: `*` (multiplication or repetition) is not \
             allowed in interface strings"
        ));
    }
    SANDBOX
        .render_str(text, Value::from(minijinja::value::Serde(vars)))
        .map_err(|e| {
            let detail = match e.kind() {
                minijinja::ErrorKind::OutOfFuel => {
                    "it takes too much work to render (a loop or repetition too large)".to_string()
                }
                minijinja::ErrorKind::UndefinedError => {
                    let names: Vec<&str> = vars.keys().map(String::as_str).collect();
                    format!(
                        "it uses a variable the template does not pass (variables: {})",
                        if names.is_empty() {
                            "none".to_string()
                        } else {
                            names.join(", ")
                        }
                    )
                }
                _ => e
                    .detail()
                    .map(str::to_string)
                    .unwrap_or_else(|| e.kind().to_string()),
            };
            format!("cannot render the string {text:?}: {detail}")
        })
}

/// Whether a `*` appears as code (inside `{{ }}` or `{% %}`, outside a
/// quoted string). Comments are skipped. The scan is deliberately
/// conservative: a `*` in a `{% raw %}` block counts too.
fn uses_star_operator(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        let close: &[u8] = match (bytes[i], bytes[i + 1]) {
            (b'{', b'{') => b"}}",
            (b'{', b'%') => b"%}",
            (b'{', b'#') => {
                i = find(bytes, i + 2, b"#}").map_or(bytes.len(), |end| end + 2);
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        i += 2;
        let mut quote = None;
        while i < bytes.len() {
            let b = bytes[i];
            match quote {
                Some(_) if b == b'\\' => i += 1,
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'*' => return true,
                None if bytes[i..].starts_with(close) => break,
                None => {}
            }
            i += 1;
        }
        i += 2;
    }
    false
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vars(v: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn variables_and_plain_strings() {
        assert_eq!(
            render_string(
                "{{ count }} documents by {{ name }}",
                &vars(json!({"count": 3, "name": "Ana"}))
            )
            .unwrap(),
            "3 documents by Ana"
        );
        assert_eq!(
            render_string("plain {n}", &vars(json!({}))).unwrap(),
            "plain {n}"
        );
    }

    #[test]
    fn a_loop_cannot_hang_the_build() {
        let err = render_string(
            "{% for a in range(10000) %}{% for b in range(10000) %}x{% endfor %}{% endfor %}",
            &vars(json!({})),
        )
        .unwrap_err();
        assert!(err.contains("too much work"), "{err}");
        let err = render_string("{{ 'x' * 100000000 }}", &vars(json!({}))).unwrap_err();
        assert!(err.contains("cannot render"), "{err}");
    }

    /// Found by the `sandbox` fuzz target: a list repeated 74 million times
    /// in one instruction took 50 s. Any `*` in code is refused; a `*` in the
    /// text, in a quoted string or in a comment is not code.
    #[test]
    fn repetition_cannot_hang_the_build() {
        let items = vars(json!({"items": ["a", "b", "c"], "count": 2}));
        for hostile in [
            "{{ items*6*4137517 ~ \"\" }}",
            "{{ range(100000) * 999 ~ '' }}",
            "{%- set x = ('ab'|list) *50000000 %}{{ x|join }}",
            "{{ count ** 3 }}",
        ] {
            let err = render_string(hostile, &items).unwrap_err();
            assert!(err.contains("`*`"), "{hostile}: {err}");
        }
        assert_eq!(
            render_string("**{{ count }}** {{ '*' }} {# a*b #}{{ \"}}*\" }}", &items).unwrap(),
            "**2** * }}*"
        );
    }

    #[test]
    fn no_templates_can_be_loaded_and_unknown_variables_are_errors() {
        assert!(render_string("{% include 'x.html' %}", &vars(json!({}))).is_err());
        let err = render_string("Hello {{ nme }}", &vars(json!({"name": "x"}))).unwrap_err();
        assert!(err.contains("variables: name"), "{err}");
        assert_eq!(
            render_string(
                "{% if name %}by {{ name }}{% else %}anonymous{% endif %}",
                &vars(json!({}))
            )
            .unwrap(),
            "anonymous"
        );
    }
}
