//! The last stage: what is copied as is (`assets`: static files, colocated
//! files; `sass`: the compiled stylesheets), the sinks the files go to, the
//! explanation of a path several sources claim (`collisions`), and writing.
//!
//! Writes a build's files. The new site is assembled in a temporary folder
//! beside the output directory and swapped in only when complete, so a failed
//! or killed build leaves the previous site intact. Files whose bytes did not
//! change are hard-linked from the previous site instead of being rewritten.

pub mod assets;
pub mod collisions;
pub mod interrupt;
pub mod minify;
pub mod offline;
pub mod sass;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::artifact::{OutputData, OutputFile, OutputSink};
use crate::error::{Error, Result};
use crate::fs;

/// Statistics of one write.
#[derive(Debug, Default, Clone, Copy)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
}

/// Writes a build's files into a staging folder as they are rendered, then
/// swaps it in place of the output directory when everything succeeded.
/// Dropped without [`Writer::finish`], it removes the staging folder and
/// leaves the previous output untouched.
pub struct Writer {
    staging: PathBuf,
    output_dir: PathBuf,
    preserve_dotfiles: bool,
    paths: Mutex<HashMap<String, usize>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    /// Set at the first file that could not be written: the build fails
    /// with that error, and the files after it are not tried (a full disk
    /// would otherwise give one error per file).
    failed: AtomicBool,
    finished: bool,
}

impl Writer {
    pub fn create(output_dir: &Path, preserve_dotfiles: bool) -> Result<Writer> {
        let parent = output_dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let name = output_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        interrupt::remove_stale(parent, output_dir);
        let staging = parent.join(interrupt::staging_name(&name, std::process::id()));
        fs::remove_dir_all(&staging)?;
        interrupt::register(&staging);
        fs::create_dir_all(&staging)?;
        Ok(Writer {
            staging,
            output_dir: output_dir.to_path_buf(),
            preserve_dotfiles,
            paths: Mutex::new(HashMap::new()),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            failed: AtomicBool::new(false),
            finished: false,
        })
    }

    /// Writes one file into the staging folder; an unchanged file is
    /// hard-linked from the previous output instead. After a file could not
    /// be written, the others are skipped (the first error fails the build).
    pub fn write(&self, f: &OutputFile) -> Result<()> {
        if self.failed.load(Ordering::Relaxed) || interrupt::stop_requested() {
            return Ok(());
        }
        let result = self.write_file(f);
        if let Err(Error::Io { .. }) = &result
            && self.failed.swap(true, Ordering::Relaxed)
        {
            // Another file failed first and is reported.
            return Ok(());
        }
        result
    }

    fn write_file(&self, f: &OutputFile) -> Result<()> {
        if f.path.split('/').any(|p| p == "..") || f.path.starts_with('/') {
            return Err(Error::other(format!(
                "refusing to write outside the output directory: `{}`",
                f.path
            )));
        }
        {
            let mut paths = self.paths.lock().unwrap_or_else(|e| e.into_inner());
            let seen = paths.entry(f.path.clone()).or_insert(0);
            *seen += 1;
            if *seen > 1 {
                // A collision, reported by `finish`: write the first file only.
                return Ok(());
            }
        }
        let target = self.staging.join(&f.path);
        let old = self.output_dir.join(&f.path);
        let unchanged = match &f.data {
            OutputData::Bytes(bytes) => same_bytes(&old, bytes),
            OutputData::Copy(src) => same_file_contents(&old, src),
        };
        if unchanged {
            fs::link_or_copy(&old, &target)?;
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        match &f.data {
            OutputData::Bytes(bytes) => fs::write(&target, bytes)?,
            OutputData::Copy(src) => fs::copy(src, &target)?,
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Refuses two files at one path, else swaps the new site in.
    pub fn finish(mut self) -> Result<WriteStats> {
        let paths = std::mem::take(&mut *self.paths.lock().unwrap_or_else(|e| e.into_inner()));
        let mut dup: Vec<String> = paths
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(p, _)| p)
            .collect();
        if !dup.is_empty() {
            dup.sort();
            return Err(Error::Collision(dup));
        }
        if self.preserve_dotfiles && fs::is_dir(&self.output_dir) {
            for entry in fs::list_dir(&self.output_dir)? {
                let is_dot = entry
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                if is_dot && let Some(n) = entry.file_name() {
                    let dest = self.staging.join(n);
                    if !fs::exists(&dest) {
                        fs::rename(&entry, &dest)?;
                    }
                }
            }
        }
        if interrupt::stop_requested() {
            return Err(Error::other("the build was stopped by a signal"));
        }
        swap_in(&self.staging, &self.output_dir)?;
        self.finished = true;
        interrupt::unregister(&self.staging);
        Ok(WriteStats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
        })
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.staging);
            interrupt::unregister(&self.staging);
        }
    }
}

impl OutputSink for Writer {
    fn accept(&self, file: OutputFile) -> Result<()> {
        self.write(&file)
    }
}

/// Writes `files` as the new content of `output_dir`.
pub fn write_output(
    files: &[OutputFile],
    output_dir: &Path,
    preserve_dotfiles: bool,
) -> Result<WriteStats> {
    let writer = Writer::create(output_dir, preserve_dotfiles)?;
    files.par_iter().try_for_each(|f| writer.write(f))?;
    writer.finish()
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

/// Replaces `output_dir` with `staging` using renames only: one atomic
/// exchange where the system has it (the old output then sits in the
/// staging folder, removed after, or by the next build if this one is
/// killed first), else two renames (a build killed between them leaves the
/// old output aside, put back by the next build).
fn swap_in(staging: &Path, output_dir: &Path) -> Result<()> {
    if fs::exists(output_dir) && fs::exchange(staging, output_dir)? {
        return fs::remove_dir_all(staging);
    }
    let backup = interrupt::backup_path(output_dir, std::process::id());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            data: OutputData::Bytes(b"x".to_vec()),
        }
    }

    #[test]
    fn after_a_file_cannot_be_written_the_others_are_not_tried() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let writer = Writer::create(&out, false).unwrap();
        // The staging folder replaced by a plain file: no write can succeed.
        std::fs::remove_dir_all(&writer.staging).unwrap();
        std::fs::write(&writer.staging, "not a folder").unwrap();
        let first = writer.write(&file("a/index.html")).unwrap_err();
        assert!(
            first.to_string().contains("agora-new-") && first.to_string().contains("/a`"),
            "the error names the folder it could not make: {first}"
        );
        // The next files are skipped, not reported once each.
        assert!(writer.write(&file("b/index.html")).is_ok());
        assert!(writer.write(&file("c.css")).is_ok());
        assert_eq!(writer.written.load(Ordering::Relaxed), 0);
        std::fs::remove_file(&writer.staging).unwrap();
        drop(writer);
        assert!(!out.exists(), "a failed build leaves no output");
    }
}
