//! `{{ }}` strings of translators rendered in the minijinja sandbox
//! (fuel-limited, no loader): any text must end quickly, with a result or
//! an error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut vars = serde_json::Map::new();
    vars.insert("name".into(), "<b>Ада</b>".into());
    vars.insert("count".into(), 3.into());
    vars.insert("items".into(), serde_json::json!(["a", "b", {"c": [1, 2]}]));
    let _ = agora::i18n::render_string(text, &vars);
});
