//! A fluent harness over fixture sites: copy a fixture to a temporary folder,
//! run the real `agora` binary on it, read what a user would see.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct TestSite {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

/// The result of running `agora`.
pub struct Run {
    pub output: Output,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    #[track_caller]
    pub fn assert_ok(&self) -> &Self {
        assert_eq!(
            self.code(),
            0,
            "agora failed:\nstdout: {}\nstderr: {}",
            self.stdout(),
            self.stderr()
        );
        self
    }
    #[track_caller]
    pub fn assert_fails(&self, code: i32) -> &Self {
        assert_eq!(
            self.code(),
            code,
            "unexpected exit code:\nstdout: {}\nstderr: {}",
            self.stdout(),
            self.stderr()
        );
        self
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("fixture readable");
        let rel = entry.path().strip_prefix(from).expect("inside fixture");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("create dir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy fixture file");
        }
    }
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

impl TestSite {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        copy_dir(&fixtures_dir().join(name), &root);
        TestSite { _dir: dir, root }
    }

    /// A copy of the demo hub at the repository root (config, content, theme,
    /// locale files), not built.
    pub fn hub() -> TestSite {
        let site = TestSite::empty();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for name in ["config.toml", "content", "themes", "i18n", "static"] {
            let from = repo.join(name);
            if !from.exists() {
                continue;
            }
            if from.is_file() {
                std::fs::copy(&from, site.root.join(name)).expect("copy hub file");
            } else {
                copy_dir(&from, &site.root.join(name));
            }
        }
        site
    }

    /// An empty site folder.
    pub fn empty() -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).expect("create site dir");
        TestSite { _dir: dir, root }
    }

    pub fn write(&self, rel: &str, contents: &str) -> &Self {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, contents).expect("write");
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.root.join(rel)).expect("remove");
        self
    }

    pub fn agora(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_agora"))
            .current_dir(&self.root)
            .args(args)
            .output()
            .expect("run agora");
        Run { output }
    }

    /// `agora` with extra environment variables.
    pub fn agora_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_agora"))
            .current_dir(&self.root)
            .args(args)
            .envs(env.iter().copied())
            .output()
            .expect("run agora");
        Run { output }
    }

    pub fn build(&self) -> Run {
        self.agora(&["build"])
    }

    pub fn public(&self, rel: &str) -> PathBuf {
        self.root.join("public").join(rel)
    }

    #[track_caller]
    /// A file of the site's sources (not its output).
    pub fn read_source(&self, rel: &str) -> String {
        let path = self.root.join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.public(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    #[track_caller]
    pub fn html(&self, rel: &str) -> Page {
        Page {
            html: scraper::Html::parse_document(&self.read(rel)),
        }
    }

    /// Builds the site (which must succeed) and returns the HTML of `rel`.
    #[track_caller]
    pub fn html_after_build(&self, rel: &str) -> String {
        self.build().assert_ok();
        self.read(rel)
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.public(rel).exists()
    }

    /// Every file of the output, relative, sorted.
    pub fn output_files(&self) -> Vec<String> {
        let base = self.root.join("public");
        let mut out: Vec<String> = walkdir::WalkDir::new(&base)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&base)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        out.sort();
        out
    }
}

/// A parsed HTML page with CSS-selector helpers.
pub struct Page {
    pub html: scraper::Html,
}

impl Page {
    fn sel(s: &str) -> scraper::Selector {
        scraper::Selector::parse(s).unwrap_or_else(|e| panic!("bad selector {s}: {e:?}"))
    }

    /// Text of the first element matching `selector`.
    #[track_caller]
    pub fn text(&self, selector: &str) -> String {
        self.html
            .select(&Self::sel(selector))
            .next()
            .unwrap_or_else(|| panic!("no element matches `{selector}` in:\n{}", self.html.html()))
            .text()
            .collect::<String>()
            .trim()
            .to_string()
    }

    pub fn texts(&self, selector: &str) -> Vec<String> {
        self.html
            .select(&Self::sel(selector))
            .map(|e| e.text().collect::<String>().trim().to_string())
            .collect()
    }

    pub fn attrs(&self, selector: &str, attr: &str) -> Vec<String> {
        self.html
            .select(&Self::sel(selector))
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    #[track_caller]
    pub fn attr(&self, selector: &str, attr: &str) -> String {
        self.attrs(selector, attr)
            .into_iter()
            .next()
            .unwrap_or_else(|| {
                panic!(
                    "no `{selector}` with attribute `{attr}` in:\n{}",
                    self.html.html()
                )
            })
    }

    pub fn count(&self, selector: &str) -> usize {
        self.html.select(&Self::sel(selector)).count()
    }

    /// The inner HTML of the first match.
    #[track_caller]
    pub fn inner(&self, selector: &str) -> String {
        self.html
            .select(&Self::sel(selector))
            .next()
            .unwrap_or_else(|| panic!("no element matches `{selector}`"))
            .inner_html()
    }
}
