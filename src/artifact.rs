//! What several stages hand each other: the files a build makes
//! ([`OutputFile`]) and where they go as they are made ([`OutputSink`]: the
//! staging folder of `output`, or memory for `serve` and tests).
//!
//! A leaf: it imports nothing of agora but `error`, so every stage (render,
//! search, e-books, output, serve) can use these types without importing
//! each other.

use std::path::PathBuf;

use crate::error::Result;

/// One file of the built site, by its path inside the output directory.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputFile {
    pub path: String,
    pub data: OutputData,
}

/// The bytes of an [`OutputFile`], or the file to copy them from.
#[derive(Debug, Clone, PartialEq)]
pub enum OutputData {
    Bytes(Vec<u8>),
    /// A file copied as is (static files, colocated assets).
    Copy(PathBuf),
}

/// Where rendered files go as they are made: written out by `output`, or
/// kept in memory by `serve`. Called from several threads at once.
pub trait OutputSink: Sync {
    fn accept(&self, file: OutputFile) -> Result<()>;
}

/// Keeps every file in memory.
#[derive(Default)]
pub struct MemorySink {
    files: std::sync::Mutex<Vec<OutputFile>>,
}

impl MemorySink {
    /// The files, in a fixed order (by path).
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl OutputSink for MemorySink {
    fn accept(&self, file: OutputFile) -> Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(file);
        Ok(())
    }
}

/// Where a URL path (`/blog/post/`) is written inside the output directory.
pub fn output_path_for(url_path: &str) -> String {
    let trimmed = url_path.trim_start_matches('/');
    if trimmed.ends_with(".html") || trimmed.ends_with(".xml") || trimmed.ends_with(".txt") {
        trimmed.to_string()
    } else if trimmed.is_empty() {
        "index.html".to_string()
    } else {
        format!("{}/index.html", trimmed.trim_end_matches('/'))
    }
}

/// What a build is for: the one-off `agora build` (and `check`), or
/// `agora serve`'s in-memory builds. Templates see it as `config.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildMode {
    Build,
    Serve,
}

impl BuildMode {
    /// The name templates see (`config.mode`).
    pub fn as_str(self) -> &'static str {
        match self {
            BuildMode::Build => "build",
            BuildMode::Serve => "serve",
        }
    }
}
