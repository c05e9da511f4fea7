//! A section of the library (`_index.md`), how it is made, how pages and
//! subsections are linked to it, and the order of its pages.

use super::*;

#[derive(Debug, Clone)]
pub struct Section {
    pub file: FileInfo,
    pub meta: SectionFrontMatter,
    pub lang: String,
    pub path: String,
    pub permalink: String,
    pub raw_content: String,
    pub body_offset: usize,
    pub content: String,
    pub toc: Vec<Heading>,
    pub word_count: usize,
    pub reading_time: usize,
    pub assets: Vec<PathBuf>,
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
    pub ancestors: Vec<usize>,
    pub translations: Vec<usize>,
    pub parent: Option<usize>,
    /// For a section made because `_index.<lang>.md` is missing: the section shown.
    pub placeholder_of: Option<usize>,
    /// Made by agora because the folder has no `_index` file for this language.
    pub generated: bool,
    /// This file's version (see [`source_version`]).
    pub version: String,
    /// For a translation: the version of the original it was made from.
    pub translated_from: Option<String>,
    /// For a translation whose original changed since: the original.
    pub outdated_of: Option<usize>,
    /// For a translation written by segment: see [`Page::segments`].
    pub segments: Option<SegmentCoverage>,
    /// `@/` targets (path, anchor) this section links to.
    pub internal_links: Vec<(String, Option<String>)>,
    /// `http(s)://` links of the Markdown, in order (`agora check`).
    pub external_links: Vec<String>,
}

pub(super) fn new_section(
    file: FileInfo,
    meta: SectionFrontMatter,
    body: String,
    body_offset: usize,
    config: &Config,
) -> Section {
    let mut path = format!("/{}", lang_prefix(&file.lang, config));
    let dirs: Vec<String> = {
        let mut d = file.components.clone();
        if file.colocated {
            d.push(file.name.clone());
        }
        d
    };
    for c in &dirs {
        path.push_str(c);
        path.push('/');
    }
    let permalink = config.make_permalink(&path);
    let words = content::word_count(&body);
    let version = source_version(&body);
    let translated_from = recorded_source_version(&meta.extra);
    Section {
        lang: file.lang.clone(),
        file: FileInfo {
            components: dirs,
            ..file
        },
        meta,
        path,
        permalink,
        raw_content: body,
        body_offset,
        content: String::new(),
        toc: Vec::new(),
        word_count: words,
        reading_time: words.div_ceil(200),
        assets: Vec::new(),
        pages: Vec::new(),
        subsections: Vec::new(),
        ancestors: Vec::new(),
        translations: Vec::new(),
        parent: None,
        placeholder_of: None,
        generated: false,
        version,
        translated_from,
        outdated_of: None,
        segments: None,
        internal_links: Vec::new(),
        external_links: Vec::new(),
    }
}

/// Attaches pages to their section, subsections to parents, sorts, sets
/// ancestors and lower/higher.
pub(super) fn link_sections_and_pages(lib: &mut Library, diagnostics: &mut Diagnostics) {
    let section_key = |components: &[String], lang: &str| -> String {
        format!("{}|{}", lang, components.join("/"))
    };
    let mut by_dir: HashMap<String, usize> = HashMap::new();
    for (i, s) in lib.sections.iter().enumerate() {
        by_dir.insert(section_key(&s.file.components, &s.lang), i);
    }
    // Parents of sections.
    for i in 0..lib.sections.len() {
        let comps = lib.sections[i].file.components.clone();
        if comps.is_empty() {
            continue;
        }
        let lang = lib.sections[i].lang.clone();
        let mut parent_comps = comps.clone();
        while !parent_comps.is_empty() {
            parent_comps.pop();
            if let Some(&p) = by_dir.get(&section_key(&parent_comps, &lang)) {
                lib.sections[i].parent = Some(p);
                break;
            }
        }
    }
    for i in 0..lib.sections.len() {
        if let Some(p) = lib.sections[i].parent {
            lib.sections[p].subsections.push(i);
        }
        let mut ancestors = Vec::new();
        let mut cur = lib.sections[i].parent;
        while let Some(c) = cur {
            ancestors.push(c);
            cur = lib.sections[c].parent;
        }
        ancestors.reverse();
        lib.sections[i].ancestors = ancestors;
    }
    // Pages into sections (and into the nearest non-transparent ancestors
    // too); as in Zola, a page with `render = false` is in none (no section's
    // `pages` nor paginator, no parent, no ancestors); `get_page` finds it.
    for i in 0..lib.pages.len() {
        if !lib.pages[i].meta.render {
            continue;
        }
        let key = section_key(&lib.pages[i].file.components, &lib.pages[i].lang);
        if let Some(&s) = by_dir.get(&key) {
            lib.pages[i].parent_section = Some(s);
            let mut anc = lib.sections[s].ancestors.clone();
            anc.push(s);
            lib.pages[i].ancestors = anc;
            let mut target = Some(s);
            while let Some(t) = target {
                lib.sections[t].pages.push(i);
                target = if lib.sections[t].meta.transparent {
                    lib.sections[t].parent
                } else {
                    None
                };
            }
        }
    }
    // Sort pages of each section; subsections by weight then path.
    for s in 0..lib.sections.len() {
        let sort_by = lib.sections[s].meta.sort_by;
        let mut pages = std::mem::take(&mut lib.sections[s].pages);
        let before = pages.len();
        pages.retain(|&p| match sort_by {
            SortBy::Date => lib.pages[p].date.is_some(),
            SortBy::UpdateDate => lib.pages[p].date.is_some() || lib.pages[p].updated.is_some(),
            SortBy::Weight => lib.pages[p].meta.weight.is_some(),
            _ => true,
        });
        if pages.len() < before {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "{} page(s) of this section lack the `{}` that `sort_by` needs and are left out of its listing",
                    before - pages.len(),
                    match sort_by {
                        SortBy::Weight => "weight",
                        _ => "date",
                    }
                ))
                .in_file(&lib.sections[s].file.path),
            );
        }
        sort_pages(&mut pages, &lib.pages, sort_by);
        if sort_by != SortBy::None {
            for (n, &p) in pages.iter().enumerate() {
                if n + 1 < pages.len() {
                    lib.pages[p].higher = Some(pages[n + 1]);
                }
                if n > 0 {
                    lib.pages[p].lower = Some(pages[n - 1]);
                }
            }
        }
        lib.sections[s].pages = pages;
        let mut subs = std::mem::take(&mut lib.sections[s].subsections);
        subs.sort_by(|a, b| {
            let (sa, sb) = (&lib.sections[*a], &lib.sections[*b]);
            sa.meta
                .weight
                .cmp(&sb.meta.weight)
                .then_with(|| sa.permalink.cmp(&sb.permalink))
        });
        lib.sections[s].subsections = subs;
    }
}

/// Sorts page indices by `sort_by`; ties fall back to the permalink so output is stable.
pub fn sort_pages(pages: &mut [usize], all: &[Page], sort_by: SortBy) {
    let ts = |p: &Page| p.date.as_ref().map(|d| d.timestamp);
    // As Zola: the later of `date` and `updated`.
    let updated_ts = |p: &Page| {
        let ts = |d: &Option<DateInfo>| d.as_ref().map(|d| d.timestamp);
        ts(&p.date).max(ts(&p.updated))
    };
    pages.sort_by(|&a, &b| {
        let (pa, pb) = (&all[a], &all[b]);
        let primary = match sort_by {
            SortBy::Date => ts(pb).cmp(&ts(pa)),
            SortBy::UpdateDate => updated_ts(pb).cmp(&updated_ts(pa)),
            SortBy::Title => natural_cmp(
                pa.meta.title.as_deref().unwrap_or(""),
                pb.meta.title.as_deref().unwrap_or(""),
            ),
            SortBy::TitleBytes => pa.meta.title.cmp(&pb.meta.title),
            SortBy::Weight => pa.meta.weight.cmp(&pb.meta.weight),
            SortBy::Slug => natural_cmp(&pa.slug, &pb.slug),
            SortBy::Permalink => pa.permalink.cmp(&pb.permalink),
            SortBy::None => std::cmp::Ordering::Equal,
        };
        primary.then_with(|| pa.permalink.cmp(&pb.permalink))
    });
}

/// Case-insensitive comparison that orders embedded numbers by value.
pub(super) fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |s: &str| -> Vec<(u8, String, u64)> {
        let mut out = Vec::new();
        let mut num = String::new();
        let mut txt = String::new();
        for c in s.chars() {
            if c.is_ascii_digit() {
                if !txt.is_empty() {
                    out.push((1, std::mem::take(&mut txt), 0));
                }
                num.push(c);
            } else {
                if !num.is_empty() {
                    out.push((0, String::new(), num.parse().unwrap_or(u64::MAX)));
                    num.clear();
                }
                txt.push_str(&deunicode::deunicode_char(c).unwrap_or("").to_lowercase());
            }
        }
        if !txt.is_empty() {
            out.push((1, txt, 0));
        }
        if !num.is_empty() {
            out.push((0, String::new(), num.parse().unwrap_or(u64::MAX)));
        }
        out
    };
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}
