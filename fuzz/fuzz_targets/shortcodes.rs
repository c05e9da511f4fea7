//! Shortcode calls in content (Tera 1 sites): `{{ name(args) }}` and
//! `{% name(args) %}body{% end %}`, with HTML and Markdown shortcodes.
#![no_main]

use std::sync::LazyLock;

use agora_fuzz::FuzzSite;
use libfuzzer_sys::fuzz_target;

static SITE: LazyLock<FuzzSite> = LazyLock::new(|| {
    FuzzSite::new(
        "shortcodes",
        &[
            ("config.toml", "base_url = \"https://example.org\"\ntitle = \"fuzz\"\n"),
            ("content/page.md", "+++\ntitle = \"Page\"\n+++\n"),
            ("templates/index.html", "{{ section.title | default(value='') }}"),
            ("templates/page.html", "{{ page.content | safe }}"),
            ("templates/shortcodes/yt.html", "<iframe src=\"https://y/{{ id }}\"></iframe>"),
            ("templates/shortcodes/note.html", "<aside class=\"{{ kind | default(value='n') }}\">{{ body | markdown | safe }}</aside>"),
            ("templates/shortcodes/list.md", "{% for x in items | default(value=[]) %}- {{ x }}\n{% endfor %}"),
            ("templates/shortcodes/nth.html", "{{ nth }}{{ page.title | default(value='') }}"),
        ],
    )
});

fuzz_target!(|data: &[u8]| {
    let mut file = b"+++\ntitle = \"Page\"\n+++\n".to_vec();
    file.extend_from_slice(data);
    SITE.set("content/page.md", &file);
    SITE.render();
});
