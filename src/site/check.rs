//! `agora check`: verifies what a loaded library links to. Broken `@/`
//! links are already reported while loading; this checks the `#anchor` of
//! every internal link against the headings and `id`s of its target.

use super::{Heading, Library};
use crate::error::Diagnostic;
use crate::fs;

/// What a check looked at.
#[derive(Debug, Default, Clone, Copy)]
pub struct CheckStats {
    pub internal_links: usize,
    pub anchors: usize,
}

fn has_heading(toc: &[Heading], id: &str) -> bool {
    toc.iter()
        .any(|h| h.id == id || has_heading(&h.children, id))
}

/// Whether `html` has an element with `id="anchor"` (Zola accepts those too).
fn has_id(html: &str, anchor: &str) -> bool {
    html.contains(&format!("id=\"{anchor}\"")) || html.contains(&format!("id='{anchor}'"))
}

/// Every internal link whose `#anchor` its target lacks, at its place in the file.
pub fn check_anchors(lib: &Library) -> (Vec<Diagnostic>, CheckStats) {
    let mut problems = Vec::new();
    let mut stats = CheckStats::default();
    let sources = lib
        .pages
        .iter()
        .filter(|p| p.placeholder.is_none())
        .map(|p| (&p.file.path, p.body_offset, &p.internal_links))
        .chain(
            lib.sections
                .iter()
                .filter(|s| !s.generated)
                .map(|s| (&s.file.path, s.body_offset, &s.internal_links)),
        );
    for (path, body_offset, links) in sources {
        let mut text: Option<String> = None;
        for (target, anchor) in links {
            stats.internal_links += 1;
            let Some(anchor) = anchor else { continue };
            stats.anchors += 1;
            let found = if let Some(page) = lib.page(target) {
                has_heading(&page.toc, anchor) || has_id(&page.content.unpack(), anchor)
            } else if let Some(section) = lib.section(target) {
                has_heading(&section.toc, anchor) || has_id(&section.content, anchor)
            } else {
                // A missing target was reported while loading.
                continue;
            };
            if found {
                continue;
            }
            let text = text.get_or_insert_with(|| fs::read_to_string(path).unwrap_or_default());
            let written = format!("@/{target}#{anchor}");
            let mut d = Diagnostic::error(format!(
                "broken anchor: `{written}`: `{target}` has no heading or element with the id `{anchor}`"
            ))
            .in_file(path.as_path())
            .with_help("anchors are heading ids (slugs of the heading text, or `{#id}`) or `id` attributes of the target");
            if let Some(at) = text.get(body_offset..).and_then(|body| body.find(&written)) {
                let start = body_offset + at;
                d = d.at(text, start..start + written.len());
            }
            problems.push(d);
        }
    }
    (problems, stats)
}
