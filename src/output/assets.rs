//! The files a site copies as they are: highlighting stylesheets, the
//! compiled Sass, colocated assets of pages and sections, the theme's and
//! the site's `static/` (the site's last, replacing the theme's).

use std::collections::HashMap;

use walkdir::WalkDir;

use crate::artifact::{OutputData, OutputFile, OutputSink};
use crate::error::{Diagnostic, Error, Result};
use crate::render::{SiteData, images};

/// Hands the copied files to `sink`. With `all`, every one of them (and,
/// with `prune`, first deletes the resized images no page uses any more, as
/// Zola does); else only the images resized by this render (`serve`'s
/// partial renders, whose other copies are already served). Returns how
/// many files went to the sink.
pub fn emit_assets(
    site: &SiteData,
    sink: &dyn OutputSink,
    all: bool,
    prune: bool,
) -> Result<usize> {
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut count = 0;
    let mut emit = |file: OutputFile, errors: &mut Vec<Diagnostic>| {
        count += 1;
        if let Err(e) = sink.accept(file) {
            errors.push(Diagnostic::error(e.to_string()));
        }
    };
    if all {
        // Only by `build`: `serve` reuses Markdown whose shortcodes did not run again.
        if prune && let Err(e) = images::prune_processed_images(site) {
            errors.push(Diagnostic::error(e));
        }
        for file in asset_files(site) {
            emit(file, &mut errors);
        }
    } else {
        // Images resized for this render are static files too.
        let names = site.session.processed_images();
        let folder = site.root.join("static").join(images::PROCESSED_IMAGES);
        for name in names {
            emit(
                OutputFile {
                    path: format!("{}/{name}", images::PROCESSED_IMAGES),
                    data: OutputData::Copy(folder.join(&name)),
                },
                &mut errors,
            );
        }
    }
    if !errors.is_empty() {
        return Err(Error::Diagnostics(errors));
    }
    Ok(count)
}

/// Static files (theme first, site overrides) and colocated assets.
pub fn asset_files(site: &SiteData) -> Vec<OutputFile> {
    // In the order Zola writes them, a later file replacing an earlier one
    // at the same path (no collision, as in Zola): the compiled Sass, the
    // colocated files of pages and sections (copied as they render), then
    // the theme's static files and the site's (copied last).
    let mut out: Vec<OutputFile> = Vec::new();
    let mut by_path: HashMap<String, usize> = HashMap::new();
    let mut put = |file: OutputFile| match by_path.get(&file.path) {
        Some(&i) => out[i] = file,
        None => {
            by_path.insert(file.path.clone(), out.len());
            out.push(file);
        }
    };
    // Highlighting stylesheets go to the output root (Zola 0.22 wrote them
    // into static/; agora never writes outside the output directory): any
    // file of the same name replaces them.
    for (name, css) in &site.lib.highlight_css {
        put(OutputFile {
            path: name.clone(),
            data: OutputData::Bytes(css.clone().into_bytes()),
        });
    }
    site.sass.iter().cloned().for_each(&mut put);
    for page in &site.lib.pages {
        for asset in &page.assets {
            if let Ok(rel) = asset.strip_prefix(&page.file.parent) {
                let path = format!(
                    "{}{}",
                    page.path.trim_start_matches('/'),
                    rel.to_string_lossy().replace('\\', "/")
                );
                put(OutputFile {
                    path,
                    data: OutputData::Copy(asset.clone()),
                });
            }
        }
    }
    for section in &site.lib.sections {
        for asset in &section.assets {
            if let Some(name) = asset.file_name() {
                let path = format!(
                    "{}{}",
                    section.path.trim_start_matches('/'),
                    name.to_string_lossy()
                );
                put(OutputFile {
                    path,
                    data: OutputData::Copy(asset.clone()),
                });
            }
        }
    }
    // `ignored_static` globs apply to the site's static/ only, matched
    // against the path inside it (as in Zola).
    let ignored_static = {
        let mut b = globset::GlobSetBuilder::new();
        for p in &site.config.ignored_static {
            if let Ok(g) = globset::Glob::new(p) {
                b.add(g);
            }
        }
        b.build().unwrap_or_else(|_| globset::GlobSet::empty())
    };
    let mut static_dirs = Vec::new();
    if let Some(theme) = &site.config.theme {
        static_dirs.push((site.root.join("themes").join(theme).join("static"), false));
    }
    static_dirs.push((site.root.join("static"), true));
    for (dir, own) in static_dirs {
        for entry in WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let inside = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            if own && ignored_static.is_match(inside) {
                continue;
            }
            let rel = inside.to_string_lossy().replace('\\', "/");
            put(OutputFile {
                path: rel,
                data: OutputData::Copy(entry.path().to_path_buf()),
            });
        }
    }
    out
}
