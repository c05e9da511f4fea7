//! Generates a realistic, deterministic knowledge hub for the build benchmark:
//! a Zola 0.22 site (config, templates, content) in four languages (English,
//! French, Russian, Arabic) with five sections, taxonomies, pagination, about
//! 1,500 words of prose per document, headings, a table, a list, footnotes and
//! internal `@/` links.
//!
//! The same seed and size always give byte-identical files: every document is
//! generated from its own pseudo-random stream (seed, document, language), so
//! writing in parallel does not change the result. This module only writes
//! into the directory it is given; it knows nothing about agora or Zola
//! beyond the site format.

mod lang;
mod prose;
mod rng;
pub mod vocab;

use lang::{Lang, ORG_FOCUSES, ORG_KINDS, ORG_PLACES, SECTION_WEIGHTS, SECTIONS};
use prose::{
    append_to_last_sentence, word_count, write_heading, write_list, write_noun_phrase,
    write_paragraph, write_sentence, write_table, write_title,
};
use rayon::prelude::*;
use rng::Rng;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};
pub use vocab::Vocabulary;

/// Bump when the generated site (templates included) changes, so that sites
/// written by an older generator are regenerated.
const GENERATOR_VERSION: u32 = 1;
/// File in the site root recording what generated it.
const STAMP_FILE: &str = "bench-hub.toml";
/// Words of prose aimed at per document.
const WORDS_PER_DOCUMENT: usize = 1500;
const ORGANISATION_COUNT: usize = 200;
const FIRST_YEAR: i32 = 2010;
const LAST_YEAR: i32 = 2026;

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Number of source documents (English); translations come on top.
    pub documents: usize,
    pub seed: u64,
}

/// What was generated (or found on disk).
#[derive(Clone, Copy, Debug, Default)]
pub struct Summary {
    pub source_documents: usize,
    pub translations: usize,
    /// Every file of the site: config, templates, section indexes, documents.
    pub files: usize,
    pub bytes: u64,
}

/// True when `dir` holds a complete site generated with these options by this
/// version of the generator.
#[allow(dead_code)] // used by `hub_build`, not by `search_index`
pub fn is_current(dir: &Path, options: &Options) -> bool {
    is_current_site(dir, options, Vocabulary::Natural)
}

/// [`is_current`] for a site of the given vocabulary.
pub fn is_current_site(dir: &Path, options: &Options, vocabulary: Vocabulary) -> bool {
    std::fs::read_to_string(dir.join(STAMP_FILE))
        .is_ok_and(|stamp| stamp == stamp_text(options, vocabulary))
}

/// Generates the site into `dir`, replacing whatever is there. The site is
/// written next to it first and moved into place only once complete, so an
/// interrupted run never leaves a half-written site that looks current.
#[allow(dead_code)] // used by `hub_build`, not by `search_index`
pub fn generate(dir: &Path, options: &Options) -> io::Result<Summary> {
    generate_site(dir, options, Vocabulary::Natural)
}

/// [`generate`] with the given vocabulary.
pub fn generate_site(dir: &Path, options: &Options, vocabulary: Vocabulary) -> io::Result<Summary> {
    let partial = PathBuf::from(format!("{}.partial", dir.display()));
    remove_dir_if_exists(&partial)?;
    let plan = Plan::new(options, vocabulary);
    let summary = write_site(&partial, &plan)?;
    write_file(
        &partial.join(STAMP_FILE),
        stamp_text(options, vocabulary).as_bytes(),
    )?;
    remove_dir_if_exists(dir)?;
    std::fs::rename(&partial, dir).map_err(|e| with_path(e, dir))?;
    Ok(summary)
}

/// A whole number from the environment variable `name` (`_` allowed
/// between digits), or `default` when it is not set.
#[allow(dead_code)] // used by the search benches
pub fn env_number(name: &str, default: u64) -> Result<u64, String> {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .replace('_', "")
            .parse()
            .map_err(|_| format!("{name}={v} is not a whole number")),
        Err(_) => Ok(default),
    }
}

/// The generated site the search benches measure for `vocabulary`, as
/// their environment asks (`AGORA_BENCH_SITE`, else `target/bench-hub`
/// or `target/bench-hub-<vocabulary>` under `package`; `AGORA_BENCH_DOCS`,
/// `AGORA_BENCH_SEED`), generated first unless it is current. Returns
/// its folder and the options it was generated with.
#[allow(dead_code)] // used by the search benches
pub fn bench_site(package: &Path, vocabulary: Vocabulary) -> Result<(PathBuf, Options), String> {
    let default_site = match vocabulary {
        Vocabulary::Natural => "target/bench-hub".to_string(),
        v => format!("target/bench-hub-{}", v.name()),
    };
    let site = std::env::var_os("AGORA_BENCH_SITE")
        .map_or_else(|| package.join(&default_site), PathBuf::from);
    let options = Options {
        documents: env_number("AGORA_BENCH_DOCS", 10_000)? as usize,
        seed: env_number("AGORA_BENCH_SEED", 2018)?,
    };
    if !is_current_site(&site, &options, vocabulary) {
        println!(
            "generating {} documents in {} ...",
            options.documents,
            site.display()
        );
        generate_site(&site, &options, vocabulary).map_err(|e| e.to_string())?;
    }
    Ok((site, options))
}

/// Writes `bench-search.toml` beside the site's config: the same config
/// with agora's search on and placeholders off (so that a build with it
/// writes the same pages as one without). Returns its path.
#[allow(dead_code)] // used by the search benches, not by `hub_build`
pub fn write_search_config(dir: &Path, vocabulary: Vocabulary) -> io::Result<PathBuf> {
    let config_path = dir.join("config.toml");
    let mut config =
        std::fs::read_to_string(&config_path).map_err(|e| with_path(e, &config_path))?;
    config.push_str("\n[agora.search]\nenabled = true\n");
    for lang in &vocabulary.languages()[1..] {
        config.push_str(&format!(
            "\n[agora.languages.{}]\nplaceholders = false\n",
            lang.code
        ));
    }
    let path = dir.join("bench-search.toml");
    write_file(&path, config.as_bytes())?;
    Ok(path)
}

/// Counts the documents, files and bytes of a site generated earlier.
pub fn summarise(dir: &Path) -> io::Result<Summary> {
    let mut summary = Summary::default();
    let (files, bytes) = count_files(dir)?;
    summary.files = files;
    summary.bytes = bytes;
    for section in SECTIONS {
        let section_dir = dir.join("content").join(section);
        for entry in std::fs::read_dir(&section_dir).map_err(|e| with_path(e, &section_dir))? {
            let name = entry?.file_name();
            let name = name.to_string_lossy();
            if name.starts_with("_index") {
                continue;
            }
            match name.matches('.').count() {
                1 => summary.source_documents += 1,
                _ => summary.translations += 1,
            }
        }
    }
    Ok(summary)
}

/// Number of regular files under `dir` and their total size, recursively.
pub fn count_files(dir: &Path) -> io::Result<(usize, u64)> {
    let mut files = 0;
    let mut bytes = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| with_path(e, &dir))? {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                pending.push(entry.path());
            } else if kind.is_file() {
                files += 1;
                bytes += entry.metadata()?.len();
            }
        }
    }
    Ok((files, bytes))
}

fn stamp_text(options: &Options, vocabulary: Vocabulary) -> String {
    let mut stamp = format!(
        "# Written by benches/hub_build.rs; the site is regenerated when this changes.\n\
         generator = {GENERATOR_VERSION}\ndocuments = {}\nseed = {}\n",
        options.documents, options.seed
    );
    if vocabulary != Vocabulary::Natural {
        stamp.push_str(&format!("vocabulary = \"{}\"\n", vocabulary.name()));
    }
    stamp
}

// ---------------------------------------------------------------------------
// The plan: which documents exist, where, when, in which languages

struct Document {
    section: usize,
    slug: String,
    date: (i32, u32, u32),
    /// Translations present, indexed like `Plan::langs` (index 0, English, always).
    languages: [bool; 4],
}

struct Plan {
    seed: u64,
    langs: [&'static Lang; 4],
    documents: Vec<Document>,
    organisations: Vec<String>,
}

impl Plan {
    fn new(options: &Options, vocabulary: Vocabulary) -> Self {
        let mut rng = Rng::new(options.seed, 0);
        let organisations = organisation_names(&mut rng);

        // Dates: distinct within a section as long as there are enough days,
        // so that sorting by date is unambiguous in both generators.
        let first_day = days_from_civil(FIRST_YEAR, 1, 1);
        let day_count = (days_from_civil(LAST_YEAR, 12, 31) - first_day + 1) as usize;
        let day_orders: Vec<Vec<u32>> = (0..SECTIONS.len())
            .map(|_| {
                let mut days: Vec<u32> = (0..day_count as u32).collect();
                for i in (1..days.len()).rev() {
                    days.swap(i, rng.below(i + 1));
                }
                days
            })
            .collect();
        let mut used_in_section = [0usize; 5];

        let weight_total: u32 = SECTION_WEIGHTS.iter().sum();
        let mut documents = Vec::with_capacity(options.documents);
        for index in 0..options.documents {
            let mut roll = rng.below(weight_total as usize) as u32;
            let section = SECTION_WEIGHTS
                .iter()
                .position(|&w| {
                    let hit = roll < w;
                    roll = roll.saturating_sub(w);
                    hit
                })
                .unwrap_or(0);
            let order = &day_orders[section];
            let day = order[used_in_section[section] % order.len()];
            used_in_section[section] += 1;
            let date = civil_from_days(first_day + i64::from(day));

            let mut languages = [true, false, false, false];
            if rng.percent(50) {
                // One, two or three translations; two on average.
                let count = match rng.below(4) {
                    0 => 1,
                    3 => 3,
                    _ => 2,
                };
                let mut chosen = 0;
                while chosen < count {
                    let l = 1 + rng.below(3);
                    if !languages[l] {
                        languages[l] = true;
                        chosen += 1;
                    }
                }
            }

            let mut title_rng = Rng::new(options.seed, title_stream(index));
            let mut title = String::new();
            write_title(&mut title, &mut title_rng, &lang::EN);
            let slug = format!("{}-{index}", slugify_words(&title, 4));
            documents.push(Document {
                section,
                slug,
                date,
                languages,
            });
        }
        Plan {
            seed: options.seed,
            langs: vocabulary.languages(),
            documents,
            organisations,
        }
    }
}

fn title_stream(document: usize) -> u64 {
    (1 << 40) | document as u64
}

fn meta_stream(document: usize) -> u64 {
    (2 << 40) | document as u64
}

fn text_stream(document: usize, language: usize) -> u64 {
    (3 << 40) | ((document as u64) << 3) | language as u64
}

fn organisation_names(rng: &mut Rng) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(ORGANISATION_COUNT);
    while names.len() < ORGANISATION_COUNT {
        let name = format!(
            "{} {} for {}",
            rng.pick(ORG_PLACES),
            rng.pick(ORG_KINDS),
            rng.pick(ORG_FOCUSES)
        );
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// Lower-case ASCII slug of the first `max_words` English words that are
/// neither determiners nor prepositions.
fn slugify_words(text: &str, max_words: usize) -> String {
    let is_small = |word: &str| {
        let word = word.to_lowercase();
        lang::EN.determiners.contains(&word.as_str())
            || lang::EN
                .prepositions
                .iter()
                .any(|p| p.split(' ').any(|w| w == word))
    };
    let mut slug = String::new();
    for word in text
        .split_whitespace()
        .filter(|w| !is_small(w))
        .take(max_words)
    {
        let word: String = word
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if word.is_empty() {
            continue;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word);
    }
    slug
}

// Dates (proleptic Gregorian), after Howard Hinnant's civil calendar algorithms.
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

// ---------------------------------------------------------------------------
// Writing the site

fn write_site(root: &Path, plan: &Plan) -> io::Result<Summary> {
    let content = root.join("content");
    for section in SECTIONS {
        create_dir_all(&content.join(section))?;
    }
    create_dir_all(&root.join("templates"))?;

    let mut files: Vec<(PathBuf, String)> = Vec::new();
    files.push((root.join("config.toml"), config_toml(&plan.langs)));
    for (name, text) in TEMPLATES {
        files.push((root.join("templates").join(name), (*text).to_string()));
    }
    for (l, lang) in plan.langs.iter().enumerate() {
        let suffix = language_suffix(&plan.langs, l);
        files.push((
            content.join(format!("_index{suffix}.md")),
            root_index(plan.seed, l, lang),
        ));
        for (s, section) in SECTIONS.iter().enumerate() {
            files.push((
                content.join(section).join(format!("_index{suffix}.md")),
                section_index(plan.seed, s, l, lang),
            ));
        }
    }
    let mut bytes: u64 = files.iter().map(|(_, text)| text.len() as u64).sum();
    let file_count = files.len();
    for (path, text) in &files {
        write_file(path, text.as_bytes())?;
    }

    let jobs: Vec<(usize, usize)> = plan
        .documents
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| {
            (0..plan.langs.len())
                .filter(move |&l| doc.languages[l])
                .map(move |l| (d, l))
        })
        .collect();
    bytes += jobs
        .par_iter()
        .map_init(
            || String::with_capacity(32 * 1024),
            |text, &(d, l)| {
                text.clear();
                write_document(text, plan, d, l);
                if plan.langs[l].model == vocab::Model::Chinese {
                    *text = vocab::close_up_spaces(text);
                }
                let doc = &plan.documents[d];
                let path = content.join(SECTIONS[doc.section]).join(format!(
                    "{}{}.md",
                    doc.slug,
                    language_suffix(&plan.langs, l)
                ));
                write_file(&path, text.as_bytes()).map(|()| text.len() as u64)
            },
        )
        .collect::<io::Result<Vec<u64>>>()?
        .into_iter()
        .sum::<u64>();

    let translations = jobs.iter().filter(|(_, l)| *l != 0).count();
    Ok(Summary {
        source_documents: plan.documents.len(),
        translations,
        files: file_count + jobs.len(),
        bytes,
    })
}

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("index.html", include_str!("templates/index.html")),
    ("section.html", include_str!("templates/section.html")),
    ("page.html", include_str!("templates/page.html")),
    (
        "taxonomy_list.html",
        include_str!("templates/taxonomy_list.html"),
    ),
    (
        "taxonomy_single.html",
        include_str!("templates/taxonomy_single.html"),
    ),
];

fn language_suffix(langs: &[&Lang], language: usize) -> String {
    match language {
        0 => String::new(),
        l => format!(".{}", langs[l].code),
    }
}

fn config_toml(langs: &[&Lang; 4]) -> String {
    let taxonomies = "taxonomies = [\n    { name = \"topics\", paginate_by = 20 },\n    \
                      { name = \"regions\", paginate_by = 20 },\n    { name = \"organisations\" },\n]\n";
    let en = langs[0];
    let mut out = String::new();
    out.push_str(
        "# Generated by benches/hub_build.rs: a benchmark hub, Zola 0.22 compatible.\n\
         base_url = \"https://bench.example.org\"\n",
    );
    let _ = writeln!(out, "title = {}", toml_string(en.site_title));
    let _ = writeln!(out, "description = {}", toml_string(en.site_description));
    out.push_str(
        "default_language = \"en\"\n\
         generate_feeds = false\n\
         build_search_index = false\n\
         compile_sass = false\n",
    );
    out.push_str(taxonomies);
    out.push_str("\n[markdown]\nsmart_punctuation = true\nbottom_footnotes = true\n");
    for lang in &langs[1..] {
        let _ = writeln!(out, "\n[languages.{}]", lang.code);
        let _ = writeln!(out, "title = {}", toml_string(lang.site_title));
        let _ = writeln!(out, "description = {}", toml_string(lang.site_description));
        out.push_str("generate_feeds = false\nbuild_search_index = false\n");
        out.push_str(taxonomies);
    }
    out
}

fn root_index(seed: u64, l: usize, lang: &Lang) -> String {
    let mut rng = Rng::new(seed, (4 << 40) | l as u64);
    let mut out = String::from("+++\n");
    let _ = writeln!(out, "title = {}", toml_string(lang.site_title));
    let _ = writeln!(out, "description = {}", toml_string(lang.site_description));
    out.push_str("+++\n\n");
    write_paragraph(&mut out, &mut rng, lang, 4);
    out
}

fn section_index(seed: u64, s: usize, l: usize, lang: &Lang) -> String {
    let mut rng = Rng::new(seed, (5 << 40) | ((s as u64) << 3) | l as u64);
    let mut out = String::from("+++\n");
    let _ = writeln!(out, "title = {}", toml_string(lang.section_titles[s]));
    let _ = writeln!(
        out,
        "description = {}",
        toml_string(lang.section_description)
    );
    // Weights order the subsections of the home page the same way everywhere.
    let _ = write!(
        out,
        "sort_by = \"date\"\nweight = {}\npaginate_by = 20\n+++\n\n",
        s + 1
    );
    write_paragraph(&mut out, &mut rng, lang, 3);
    out
}

/// One document in one language: front matter, then ~1,500 words of
/// Markdown with every construct the benchmark should exercise.
fn write_document(out: &mut String, plan: &Plan, d: usize, l: usize) {
    let lang = plan.langs[l];
    let doc = &plan.documents[d];
    // Taxonomies and links are the same in every language of a document.
    let mut meta = Rng::new(plan.seed, meta_stream(d));
    let topic_count = 2 + meta.below(2);
    let topics = distinct(&mut meta, lang.topics.len(), topic_count);
    let region = meta.skewed(lang.regions.len());
    let organisation_count = 1 + meta.below(2);
    let organisations = distinct(&mut meta, plan.organisations.len(), organisation_count);
    let links: Vec<usize> = (0..2)
        .map(|_| {
            let mut target = meta.below(plan.documents.len());
            if target == d && plan.documents.len() > 1 {
                target = (target + 1) % plan.documents.len();
            }
            target
        })
        .collect();
    // English titles come from the stream that made the slug.
    let mut rng = if l == 0 {
        Rng::new(plan.seed, title_stream(d))
    } else {
        Rng::new(plan.seed, text_stream(d, l))
    };

    out.push_str("+++\ntitle = \"");
    write_title(out, &mut rng, lang);
    out.push_str("\"\ndescription = \"");
    write_sentence(out, &mut rng, lang);
    let (y, m, day) = doc.date;
    let _ = write!(
        out,
        "\"\ndate = {y:04}-{m:02}-{day:02}\n\n[taxonomies]\ntopics = ["
    );
    for (i, &t) in topics.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&toml_string(lang.topics[t]));
    }
    let _ = write!(
        out,
        "]\nregions = [{}]\norganisations = [",
        toml_string(lang.regions[region])
    );
    for (i, &o) in organisations.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&toml_string(&plan.organisations[o]));
    }
    out.push_str("]\n+++\n\n");

    let mut rng = Rng::new(plan.seed, text_stream(d, l));
    let mut words = 0;
    // Fixed skeleton first, so that every document has every construct.
    words += write_paragraph(out, &mut rng, lang, 3);
    append_to_last_sentence(out, "[^1]");
    words += write_heading(out, &mut rng, lang, "## ");
    words += write_paragraph(out, &mut rng, lang, 4);
    words += write_paragraph(out, &mut rng, lang, 5);
    words += write_heading(out, &mut rng, lang, "### ");
    words += write_paragraph(out, &mut rng, lang, 4);
    words += write_link(out, &mut rng, lang, &plan.documents[links[0]]);
    words += write_list(out, &mut rng, lang);
    words += write_heading(out, &mut rng, lang, "## ");
    words += write_paragraph(out, &mut rng, lang, 4);
    words += write_table(out, &mut rng, lang);
    words += write_paragraph(out, &mut rng, lang, 5);
    append_to_last_sentence(out, "[^2]");
    words += write_heading(out, &mut rng, lang, "### ");
    words += write_paragraph(out, &mut rng, lang, 3);
    words += write_link(out, &mut rng, lang, &plan.documents[links[1]]);
    // Then prose under more headings up to the length aimed at.
    let target = WORDS_PER_DOCUMENT - WORDS_PER_DOCUMENT / 10 + rng.below(WORDS_PER_DOCUMENT / 5);
    let mut block = 0;
    while words < target {
        match block % 5 {
            0 => words += write_heading(out, &mut rng, lang, "## "),
            3 => words += write_heading(out, &mut rng, lang, "### "),
            _ => {}
        }
        let sentences = 3 + rng.below(4);
        words += write_paragraph(out, &mut rng, lang, sentences);
        block += 1;
    }
    for n in 1..=2 {
        let _ = write!(out, "[^{n}]: {} ", lang.see);
        write_noun_phrase(out, &mut rng, lang);
        let _ = writeln!(
            out,
            "{} {}.",
            lang.comma,
            rng.between(FIRST_YEAR as usize, LAST_YEAR as usize)
        );
    }
}

/// `count` distinct values in `0..n`, skewed towards small ones, sorted.
fn distinct(rng: &mut Rng, n: usize, count: usize) -> Vec<usize> {
    let mut chosen = Vec::with_capacity(count);
    while chosen.len() < count.min(n) {
        let v = rng.skewed(n);
        if !chosen.contains(&v) {
            chosen.push(v);
        }
    }
    chosen.sort_unstable();
    chosen
}

/// A closing sentence linking to another document with an `@/` link.
fn write_link(out: &mut String, rng: &mut Rng, lang: &Lang, target: &Document) -> usize {
    // Replace the paragraph break written last with a sentence, then restore it.
    out.truncate(out.len() - 2);
    let _ = write!(out, " {} [", lang.see_also);
    let words = word_count(lang.see_also) + write_noun_phrase(out, rng, lang);
    let _ = write!(
        out,
        "](@/{}/{}.md).\n\n",
        SECTIONS[target.section], target.slug
    );
    words
}

fn toml_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

// ---------------------------------------------------------------------------
// File system, with the path in every error

fn with_path(error: io::Error, path: &Path) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    std::fs::write(path, bytes).map_err(|e| with_path(e, path))
}

fn create_dir_all(path: &Path) -> io::Result<()> {
    std::fs::create_dir_all(path).map_err(|e| with_path(e, path))
}

pub fn remove_dir_if_exists(path: &Path) -> io::Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(with_path(e, path)),
        _ => Ok(()),
    }
}
