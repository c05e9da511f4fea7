//! Locale files `i18n/<lang>.toml` (strings, CLDR plural tables, recorded
//! sources) and every string they hold rendered in the sandbox.
#![no_main]

use std::sync::LazyLock;

use agora_fuzz::FuzzSite;
use libfuzzer_sys::fuzz_target;

const CONFIG: &str = "base_url = \"https://example.org\"\ndefault_language = \"en\"\n[languages.ru]\n[languages.ar]\n[languages.ky]\n[agora]\n[agora.languages.ky]\nfallback = [\"ru\"]\n";

static SITE: LazyLock<(FuzzSite, agora::config::Config)> = LazyLock::new(|| {
    let site = FuzzSite::new(
        "locale",
        &[
            ("config.toml", CONFIG),
            ("i18n/en.toml", "greeting = \"Hello {{ name }}\"\n[pages]\none = \"{{ count }} page\"\nother = \"{{ count }} pages\"\n"),
        ],
    );
    let config = agora::config::parse_config(CONFIG, &site.root.join("config.toml"))
        .unwrap_or_else(|e| panic!("fuzz config: {e}"));
    (site, config)
});

fuzz_target!(|data: &[u8]| {
    let (site, config) = &*SITE;
    site.set("i18n/ru.toml", data);
    let Ok((catalog, _)) = agora::i18n::Catalog::load(&site.root, config) else {
        return;
    };
    let mut vars = serde_json::Map::new();
    vars.insert("name".into(), "<b>Ада</b>".into());
    vars.insert("count".into(), 3.into());
    for strings in catalog.strings.values() {
        for entry in strings.values() {
            for text in entry.forms.values() {
                let _ = agora::i18n::render_string(text, &vars);
            }
        }
    }
    let chain = config.fallback_chain("ru");
    for n in [0.0, 1.0, 2.0, 5.0, 21.0, 1.5] {
        let _ = catalog.lookup("pages", "ky", &chain, Some(n));
    }
});
