//! `agora i18n import` of a XLIFF 1.2 file into the locale files.
#![no_main]

use std::sync::LazyLock;

use agora_fuzz::FuzzSite;
use libfuzzer_sys::fuzz_target;

static SITE: LazyLock<FuzzSite> = LazyLock::new(|| {
    FuzzSite::new(
        "xliff",
        &[
            ("config.toml", "base_url = \"https://example.org\"\ndefault_language = \"en\"\n[languages.ru]\n[languages.ar]\n"),
            ("i18n/en.toml", "greeting = \"Hello {{ name }}\"\nnested.key = \"Nested\"\n[pages]\none = \"{{ count }} page\"\nother = \"{{ count }} pages\"\n"),
        ],
    )
});

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = agora::i18n::parse_xliff(text);
    }
    SITE.set("i18n/ru.toml", b"");
    SITE.set("i18n/ar.toml", b"");
    SITE.set("in.xlf", data);
    let _ = agora::commands::i18n_import(&SITE.options(), &[SITE.root.join("in.xlf")]);
});
