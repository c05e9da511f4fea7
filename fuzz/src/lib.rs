//! Helpers shared by the fuzz targets: a small site in a temporary folder
//! (made once per fuzzing process) whose content file is replaced by each
//! input, then loaded and rendered in memory as `agora serve` does.

use std::path::{Path, PathBuf};

/// A site on disk, kept for the life of the fuzzing process.
pub struct FuzzSite {
    pub root: PathBuf,
}

impl FuzzSite {
    /// Writes `files` (path inside the site, text) into a new temporary folder.
    pub fn new(name: &str, files: &[(&str, &str)]) -> FuzzSite {
        let root = std::env::temp_dir().join(format!("agora-fuzz-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for (path, text) in files {
            write(&root.join(path), text.as_bytes());
        }
        FuzzSite { root }
    }

    /// Replaces one file of the site.
    pub fn set(&self, path: &str, bytes: &[u8]) {
        write(&self.root.join(path), bytes);
    }

    /// Loads and renders the whole site in memory; errors are expected
    /// (most inputs are not valid), panics and hangs are what the fuzzer finds.
    pub fn render(&self) {
        let options = agora::BuildOptions {
            root: self.root.clone(),
            ..Default::default()
        };
        let _ = agora::render_to_memory(&options, agora::BuildMode::Build);
    }

    pub fn options(&self) -> agora::BuildOptions {
        agora::BuildOptions {
            root: self.root.clone(),
            ..Default::default()
        }
    }
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("fuzz site folder");
    }
    std::fs::write(path, bytes).expect("fuzz site file");
}
