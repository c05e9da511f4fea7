//! Sass as Zola compiles it, with grass: every `.scss`/`.sass` file under
//! `sass/` whose path has no part starting with `_` becomes the same path
//! with `.css` in the output, compressed. The theme's `sass/` always
//! compiles; the site's when `compile_sass` is on, overriding the theme's.
//! Static files of the same path override both (they are copied last).

use std::path::Path;

use walkdir::WalkDir;

use crate::artifact::{OutputData, OutputFile};
use crate::error::Diagnostic;

/// The CSS files of the theme's and the site's `sass/` folders, by output path.
pub fn compile_site_sass(
    root: &Path,
    theme: Option<&str>,
    compile_sass: bool,
    errors: &mut Vec<Diagnostic>,
) -> Vec<OutputFile> {
    let mut dirs = Vec::new();
    if let Some(theme) = theme {
        dirs.push(root.join("themes").join(theme).join("sass"));
    }
    if compile_sass {
        dirs.push(root.join("sass"));
    }
    let mut out: Vec<OutputFile> = Vec::new();
    for dir in dirs {
        for file in compile_dir(&dir, errors) {
            match out.iter_mut().find(|f| f.path == file.path) {
                Some(existing) => *existing = file,
                None => out.push(file),
            }
        }
    }
    out
}

/// A grass error pointing at the Sass file and line it happened in (an
/// imported partial, possibly).
fn sass_error(e: grass::Error, compiled: &Path) -> Diagnostic {
    match e.kind() {
        grass::ErrorKind::ParseError { message, loc, .. } => {
            let file = Path::new(loc.file.name().trim_start_matches("./"));
            let file = if file.is_absolute() {
                file.to_path_buf()
            } else {
                compiled.to_path_buf()
            };
            let d = Diagnostic::error(format!("Sass: {message}"))
                .in_file(&file)
                .at_line_col(loc.file.source(), loc.begin.line + 1, loc.begin.column + 1);
            if file == compiled {
                d
            } else {
                d.with_help(format!("while compiling `{}`", compiled.display()))
            }
        }
        other => Diagnostic::error(format!("Sass: {other:?}")).in_file(compiled),
    }
}

fn compile_dir(dir: &Path, errors: &mut Vec<Diagnostic>) -> Vec<OutputFile> {
    let mut out: Vec<(String, std::path::PathBuf, OutputFile)> = Vec::new();
    if !dir.is_dir() {
        return Vec::new();
    }
    let options = grass::Options::default().style(grass::OutputStyle::Compressed);
    for entry in WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('_'))
        .filter_map(|e| e.ok())
    {
        let path = entry.path();
        if !entry.file_type().is_file()
            || !path.extension().is_some_and(|x| x == "scss" || x == "sass")
        {
            continue;
        }
        let rel = path.strip_prefix(dir).unwrap_or(path);
        let css_path = rel
            .with_extension("css")
            .to_string_lossy()
            .replace('\\', "/");
        match grass::from_path(path, &options) {
            Ok(css) => {
                if let Some((_, other, _)) = out.iter().find(|(p, _, _)| *p == css_path) {
                    errors.push(
                        Diagnostic::error(format!(
                            "Sass path conflict: `{}` and `{}` both compile to `{css_path}`",
                            other.display(),
                            path.display()
                        ))
                        .in_file(path)
                        .with_help("keep one of the two files, or rename one"),
                    );
                    continue;
                }
                out.push((
                    css_path.clone(),
                    path.to_path_buf(),
                    OutputFile {
                        path: css_path,
                        data: OutputData::Bytes(css.into_bytes()),
                    },
                ));
            }
            Err(e) => errors.push(sass_error(*e, path)),
        }
    }
    out.into_iter().map(|(_, _, f)| f).collect()
}
