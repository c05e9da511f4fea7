//! The build session: everything one build learns while it renders, kept
//! apart from the frozen site the templates read. The library, views,
//! config and catalog of [`super::SiteData`] never change during a render;
//! what does (caches that save work, and what the build reports at the end)
//! lives here, each behind its own lock so that rayon workers can share it.
//! A new build (and `serve`'s reload) starts a new session; a body edit
//! patched in place keeps it but for the search files made from content.
//! Nothing here decides what a page shows: a cache gives the same value its
//! computation would.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::Value;

use crate::artifact::OutputFile;
use crate::error::Diagnostic;

/// A string `trans` showed from another language, or could not find:
/// (language, key, the language it was shown from).
pub type MissingString = (String, String, Option<String>);

/// The per-build state behind a frozen site; see the module documentation.
#[derive(Default)]
pub struct BuildSession {
    /// Strings shown from another language, or missing (reported after the
    /// render; errors with `--strict`).
    pub missing_strings: Mutex<BTreeSet<MissingString>>,
    /// Before the site exists (shortcodes): the permalink of every content
    /// file, by its path inside `content/`, for `@/` links.
    pub early_permalinks: OnceLock<HashMap<String, String>>,
    /// `load_data` results of this build (files and literals), by arguments.
    pub data_cache: Mutex<HashMap<String, Value>>,
    /// `load_data(url=…)` answers of this build: each request sent once
    /// (shared with the shortcodes' early site data).
    pub fetches: Arc<crate::http::FetchCache>,
    /// Names of the images `resize_image` gave in this build (shared with
    /// the shortcodes' early site data): renders that copy no static files
    /// (`serve`'s incremental rebuilds) still serve them, and `build` prunes
    /// the others.
    pub processed_images: Arc<Mutex<BTreeSet<String>>>,
    /// The files Zola writes before it renders any template besides the
    /// Sass (its search index), with their warnings: made on first use, by
    /// a cachebusted `get_url` of one of them (Zola hashes the file it
    /// already wrote), else when written.
    pub early_outputs: OnceLock<(Vec<OutputFile>, Vec<Diagnostic>)>,
}

impl BuildSession {
    /// A session that shares the fetched answers and the resized images of
    /// `early` (the site data shortcodes saw while Markdown rendered: the
    /// same build) and starts with the strings it found missing.
    pub fn continuing(early: &BuildSession) -> BuildSession {
        let missing = early
            .missing_strings
            .lock()
            .map(|m| m.clone())
            .unwrap_or_default();
        BuildSession {
            missing_strings: Mutex::new(missing),
            fetches: early.fetches.clone(),
            processed_images: early.processed_images.clone(),
            ..BuildSession::default()
        }
    }

    /// Notes a string shown from another language (`from`) or missing.
    pub fn note_missing_string(&self, lang: &str, key: &str, from: Option<&str>) {
        if let Ok(mut missing) = self.missing_strings.lock() {
            missing.insert((lang.to_string(), key.to_string(), from.map(str::to_string)));
        }
    }

    /// The strings noted missing so far.
    pub fn missing_strings(&self) -> BTreeSet<MissingString> {
        self.missing_strings
            .lock()
            .map(|m| m.clone())
            .unwrap_or_default()
    }

    /// The names of the images resized so far.
    pub fn processed_images(&self) -> BTreeSet<String> {
        self.processed_images
            .lock()
            .map(|m| m.clone())
            .unwrap_or_default()
    }
}
