//! Earlier texts of an original document, from the git history of the
//! site, for the `#| msgid` of a fuzzy entry when no earlier export holds
//! it. A translation records only the hash of each segment's source
//! (`[extra.agora] segments`); the text behind the hash is in one of the
//! document's earlier commits. Best effort: without git, outside a
//! repository or past the commits searched, the entry stays fuzzy without
//! its previous text, as gettext allows.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;

use pulldown_cmark::Options;

use super::documents::read_units;

/// How many of a document's commits are searched, newest first.
const COMMITS: usize = 50;

/// The source text of each segment hash in `wanted` that an earlier
/// commit of `content/<document>` under `root` holds.
pub fn segment_sources(
    root: &Path,
    document: &str,
    wanted: &HashSet<String>,
    options: Options,
) -> HashMap<String, String> {
    let mut found = HashMap::new();
    let rel = format!("content/{document}");
    let Some(log) = git(
        root,
        &["log", "--format=%H", &format!("-n{COMMITS}"), "--", &rel],
    ) else {
        return found;
    };
    for commit in log.lines().filter(|l| !l.is_empty()) {
        let Some(text) = git(root, &["show", &format!("{commit}:./{rel}")]) else {
            continue;
        };
        let Ok(units) = read_units(text, Path::new(&rel), options) else {
            continue;
        };
        for unit in units.units {
            if wanted.contains(&unit.hash) {
                found.entry(unit.hash).or_insert(unit.text);
            }
        }
        if found.len() == wanted.len() {
            break;
        }
    }
    found
}

/// Standard output of a successful `git -C root …`, as text.
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8(out.stdout).ok())
        .flatten()
}
