//! `config.toml`: parsing and validation, and the message of a refusal.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match agora::config::parse_config(text, Path::new("config.toml")) {
        Ok(config) => {
            for lang in config.all_languages() {
                let _ = config.view_for(lang, agora::BuildMode::Build);
                let _ = config.fallback_chain(lang);
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
