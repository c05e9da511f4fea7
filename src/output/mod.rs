//! Writes a build's files. The new site is assembled in a temporary folder
//! beside the output directory and swapped in only when complete, so a failed
//! or killed build leaves the previous site intact. Files whose bytes did not
//! change are hard-linked from the previous site instead of being rewritten.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Diagnostic, Error, Result};
use crate::fs;
use crate::render::{OutputData, OutputFile};

/// Refuses two outputs at one path, naming every source.
pub fn check_collisions(files: &[OutputFile]) -> Result<()> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut dup: Vec<String> = Vec::new();
    for f in files {
        let n = seen.entry(f.path.as_str()).or_insert(0);
        *n += 1;
        if *n == 2 {
            dup.push(f.path.clone());
        }
    }
    if dup.is_empty() {
        return Ok(());
    }
    dup.sort();
    Err(Diagnostic::error(format!(
        "several pages, sections, aliases or static files would be written to the same place: {}",
        dup.join(", ")
    ))
    .with_help("change a `slug`, `path` or alias so that each output path is used once")
    .into())
}

/// Statistics of one write.
#[derive(Debug, Default, Clone, Copy)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
}

/// Writes `files` as the new content of `output_dir`.
pub fn write_output(
    files: &[OutputFile],
    output_dir: &Path,
    preserve_dotfiles: bool,
) -> Result<WriteStats> {
    check_collisions(files)?;
    for f in files {
        if f.path.split('/').any(|p| p == "..") || f.path.starts_with('/') {
            return Err(Error::other(format!(
                "refusing to write outside the output directory: `{}`",
                f.path
            )));
        }
    }
    let parent = output_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let name = output_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let staging = parent.join(format!(".{name}.agora-new-{}", std::process::id()));
    fs::remove_dir_all(&staging)?;
    fs::create_dir_all(&staging)?;

    let outcome: Vec<Result<bool>> = files
        .par_iter()
        .map(|f| {
            let target = staging.join(&f.path);
            let old = output_dir.join(&f.path);
            let unchanged = match &f.data {
                OutputData::Bytes(bytes) => same_bytes(&old, bytes),
                OutputData::Copy(src) => same_file_contents(&old, src),
            };
            if unchanged {
                fs::link_or_copy(&old, &target)?;
                return Ok(false);
            }
            match &f.data {
                OutputData::Bytes(bytes) => fs::write(&target, bytes)?,
                OutputData::Copy(src) => fs::copy(src, &target)?,
            }
            Ok(true)
        })
        .collect();
    let mut stats = WriteStats::default();
    for r in outcome {
        match r {
            Ok(true) => stats.written += 1,
            Ok(false) => stats.unchanged += 1,
            Err(e) => {
                let _ = fs::remove_dir_all(&staging);
                return Err(e);
            }
        }
    }
    if preserve_dotfiles && fs::is_dir(output_dir) {
        for entry in fs::list_dir(output_dir)? {
            let is_dot = entry
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if is_dot && let Some(n) = entry.file_name() {
                let dest = staging.join(n);
                if !fs::exists(&dest) {
                    fs::rename(&entry, &dest)?;
                }
            }
        }
    }
    swap_in(&staging, output_dir)?;
    Ok(stats)
}

fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            fs::read(path).is_ok_and(|b| b == bytes)
        }
        _ => false,
    }
}

fn same_file_contents(old: &Path, src: &Path) -> bool {
    match (std::fs::metadata(old), std::fs::metadata(src)) {
        (Ok(a), Ok(b)) if a.is_file() && a.len() == b.len() => {
            matches!((fs::read(old), fs::read(src)), (Ok(x), Ok(y)) if x == y)
        }
        _ => false,
    }
}

/// Replaces `output_dir` with `staging` using renames only.
fn swap_in(staging: &Path, output_dir: &Path) -> Result<()> {
    let backup: PathBuf = {
        let mut b = output_dir.as_os_str().to_owned();
        b.push(format!(".agora-old-{}", std::process::id()));
        PathBuf::from(b)
    };
    if fs::exists(output_dir) {
        fs::rename(output_dir, &backup)?;
    }
    if let Err(e) = fs::rename(staging, output_dir) {
        if fs::exists(&backup) {
            let _ = fs::rename(&backup, output_dir);
        }
        return Err(e);
    }
    fs::remove_dir_all(&backup)
}
