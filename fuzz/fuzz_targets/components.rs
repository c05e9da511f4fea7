//! Tera 2 component calls in content (Zola 0.23): `{{ <name arg="x" /> }}`,
//! bodies, `{{ … }}` expressions and `{% raw %}` in Markdown.
#![no_main]

use std::sync::LazyLock;

use agora_fuzz::FuzzSite;
use libfuzzer_sys::fuzz_target;

static SITE: LazyLock<FuzzSite> = LazyLock::new(|| {
    FuzzSite::new(
        "components",
        &[
            ("config.toml", "base_url = \"https://example.org\"\ntitle = \"fuzz\"\n[agora]\nengine = \"tera2\"\n"),
            ("content/page.md", "+++\ntitle = \"Page\"\n+++\n"),
            ("templates/components.html",
             "{% component link(to: string) %}<a href=\"{{ to }}\">{{ body }}</a>{% endcomponent link %}\n{% component note(kind: string = \"n\") %}<aside class=\"{{ kind }}\">{{ body }}</aside>{% endcomponent note %}\n{% component tree(depth: integer = 0) %}{% if depth < 3 %}<{{ depth }}>{{ <tree depth={depth + 1} /> }}{% endif %}{% endcomponent tree %}\n"),
            ("templates/index.html", "{{ section.title }}"),
            ("templates/page.html", "{{ page.content | safe }}"),
        ],
    )
});

fuzz_target!(|data: &[u8]| {
    let mut file = b"+++\ntitle = \"Page\"\n+++\n".to_vec();
    file.extend_from_slice(data);
    SITE.set("content/page.md", &file);
    SITE.render();
});
