//! Staging folders and the signals that stop a build. Owns the list of
//! staging folders this process is filling (so `SIGINT`/`SIGTERM` can remove
//! them before the process exits with 130/143) and the clean-up of staging
//! folders that builds killed with `SIGKILL` left behind. The list is the
//! one piece of process-wide state in agora: a signal is process-wide.
//! Writes nothing but the removal of those folders.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicI32, Ordering};

use crate::fs;

/// Staging folders being filled by this process.
static STAGING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// The signal that asked the build to stop (0: none).
static STOPPED_BY: AtomicI32 = AtomicI32::new(0);

/// The exit code of a process stopped by `signal`, as shells report it.
pub fn exit_code_for(signal: i32) -> i32 {
    128 + signal
}

/// Whether a signal asked this process to stop: writers stop writing.
pub fn stop_requested() -> bool {
    STOPPED_BY.load(Ordering::Relaxed) != 0
}

/// Notes a staging folder this process is filling.
pub(crate) fn register(staging: &Path) {
    let mut list = STAGING.lock().unwrap_or_else(|e| e.into_inner());
    list.push(staging.to_path_buf());
}

/// Forgets a staging folder (swapped in or removed).
pub(crate) fn unregister(staging: &Path) {
    let mut list = STAGING.lock().unwrap_or_else(|e| e.into_inner());
    list.retain(|p| p != staging);
}

/// Stops the build on `SIGINT` and `SIGTERM`: writers stop, this process's
/// staging folders are removed, and the process exits with 130 (`SIGINT`)
/// or 143 (`SIGTERM`), the previous output untouched. Call once, at the
/// start of a command that writes a site.
pub fn stop_on_signals() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("agora-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                STOPPED_BY.store(signal, Ordering::Relaxed);
                let name = if signal == SIGINT {
                    "SIGINT"
                } else {
                    "SIGTERM"
                };
                eprintln!("agora: stopped by {name}; the previous output is left as it was");
                remove_own_staging();
                std::process::exit(exit_code_for(signal));
            }
        });
}

/// Removes this process's staging folders. Writers that were in the middle
/// of a file may recreate a folder just after: try for a little while.
fn remove_own_staging() {
    let list = STAGING.lock().map(|l| l.clone()).unwrap_or_default();
    for _ in 0..20 {
        let mut left = false;
        for dir in &list {
            let _ = std::fs::remove_dir_all(dir);
            left |= dir.exists();
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
        left |= list.iter().any(|d| d.exists());
        if !left {
            return;
        }
    }
}

/// The staging folder of `pid` for an output folder named `name`.
pub(crate) fn staging_name(name: &str, pid: u32) -> String {
    format!(".{name}.agora-new-{pid}")
}

/// The previous output, moved aside while a new one is swapped in.
pub(crate) fn backup_path(output_dir: &Path, pid: u32) -> PathBuf {
    let mut b = output_dir.as_os_str().to_owned();
    b.push(format!(".agora-old-{pid}"));
    PathBuf::from(b)
}

/// Removes what builds of processes that no longer exist left beside
/// `output_dir` (killed with `SIGKILL`, or the machine lost power): their
/// staging folders, and their copies of the previous output; a previous
/// output that was moved aside and never replaced is put back.
pub(crate) fn remove_stale(parent: &Path, output_dir: &Path) {
    let Some(name) = output_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
    else {
        return;
    };
    let Ok(entries) = fs::list_dir(parent) else {
        return;
    };
    let staging_prefix = format!(".{name}.agora-new-");
    let backup_prefix = format!("{name}.agora-old-");
    for entry in entries {
        let Some(file) = entry.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            continue;
        };
        let (pid, is_backup) = if let Some(pid) = file.strip_prefix(&staging_prefix) {
            (pid, false)
        } else if let Some(pid) = file.strip_prefix(&backup_prefix) {
            (pid, true)
        } else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid == std::process::id() || process_exists(pid) {
            continue;
        }
        if is_backup && !fs::exists(output_dir) {
            let _ = fs::rename(&entry, output_dir);
        } else {
            let _ = fs::remove_dir_all(&entry);
        }
    }
}

/// Whether a process with this id is running (Linux: `/proc`; elsewhere
/// assumed to be, so nothing of a live build is ever removed).
fn process_exists(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if !fs::is_dir(&proc.join("self")) {
        return true;
    }
    fs::exists(&proc.join(pid.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_staging_of_a_gone_process_is_removed_and_a_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        // No process has this id (above the kernel's pid_max).
        let gone = dir.path().join(staging_name("public", 4_194_999));
        let live = dir.path().join(staging_name("public", 1));
        std::fs::create_dir_all(gone.join("a")).unwrap();
        std::fs::create_dir_all(&live).unwrap();
        remove_stale(dir.path(), &out);
        assert!(!gone.exists());
        assert!(live.exists(), "pid 1 is running");
    }

    #[test]
    fn an_output_moved_aside_by_a_killed_build_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let backup = backup_path(&out, 4_194_999);
        std::fs::create_dir_all(&backup).unwrap();
        std::fs::write(backup.join("index.html"), "old").unwrap();
        remove_stale(dir.path(), &out);
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        assert!(!backup.exists());
    }
}
