//! A document's Markdown through agora's hooks: `@/` links and anchors,
//! headings with anchor links, the table of contents, the summary cut-off.
#![no_main]

use std::sync::LazyLock;

use agora_fuzz::FuzzSite;
use libfuzzer_sys::fuzz_target;

static SITE: LazyLock<FuzzSite> = LazyLock::new(|| {
    FuzzSite::new(
        "markdown",
        &[
            (
                "config.toml",
                "base_url = \"https://example.org\"\ntitle = \"fuzz\"\n[markdown]\nsmart_punctuation = true\ndefinition_list = true\ngithub_alerts = true\nexternal_links_target_blank = true\n",
            ),
            ("content/_index.md", "+++\ninsert_anchor_links = \"right\"\n+++\n"),
            ("content/other.md", "+++\ntitle = \"Other\"\n+++\n# First\n## Second {#custom}\n"),
            ("content/page.md", "+++\ntitle = \"Page\"\n+++\n"),
            (
                "templates/index.html",
                "{{ section.content | safe }}{% for p in section.pages %}{{ p.summary | default(value='') | safe }}{{ p.toc | length }}{% endfor %}",
            ),
            ("templates/page.html", "{{ page.content | safe }}{% for h in page.toc %}{{ h.title }}{% endfor %}"),
            ("templates/anchor-link.html", "<a class=\"anchor\" href=\"#{{ id }}\">§</a>"),
            ("templates/summary-cutoff.html", "<a href=\"#continue\">more</a>"),
        ],
    )
});

fuzz_target!(|data: &[u8]| {
    let mut file = b"+++\ntitle = \"Page\"\n+++\n".to_vec();
    file.extend_from_slice(data);
    SITE.set("content/page.md", &file);
    SITE.render();
});
