//! Front matter (TOML `+++` and YAML `---`) of pages and sections.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("content/fuzz.md");
    if let Ok(split) = agora::content::split_front_matter(text, path) {
        if let Err(d) = agora::content::parse_page_front_matter(&split, text, path) {
            let _ = d.render();
        }
        if let Err(d) = agora::content::parse_section_front_matter(&split, text, path) {
            let _ = d.render();
        }
    }
});
