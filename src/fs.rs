//! The only caller of `std::fs`: every error names the path it was about,
//! and writes create their parent directories.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_path_buf();
    move |source| Error::Io {
        action,
        path,
        source,
    }
}

/// Reads a text file. A file that is not UTF-8 text (a byte sequence that
/// is not UTF-8, or a NUL byte: a binary file) is refused at the line and
/// column of the first bad byte.
pub fn read_to_string(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(io("could not read", path))?;
    let bad = match std::str::from_utf8(&bytes) {
        Ok(text) => match memchr::memchr(0, text.as_bytes()) {
            None => return Ok(text.to_string()),
            Some(at) => (at, "a NUL byte: this looks like a binary file, not text"),
        },
        Err(e) => (
            e.valid_up_to(),
            "a byte sequence that is not UTF-8: save the file as UTF-8 text",
        ),
    };
    Err(not_text(path, &bytes, bad.0, bad.1))
}

fn not_text(path: &Path, bytes: &[u8], at: usize, why: &str) -> Error {
    // The text before the bad byte is valid: show it with the bad byte as `\u{FFFD}`.
    let mut shown = String::from_utf8_lossy(&bytes[..at]).into_owned();
    let line_end = bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| at + i);
    let rest = String::from_utf8_lossy(&bytes[at..line_end]).replace('\0', "\u{FFFD}");
    shown.push_str(&rest);
    let end = at + rest.chars().next().map_or(0, char::len_utf8);
    let byte = bytes[at];
    crate::error::Diagnostic::error(format!(
        "this file is not UTF-8 text: byte 0x{byte:02X} at offset {at} is {why}"
    ))
    .in_file(path)
    .at(&shown, at..end)
    .into()
}

pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(io("could not read", path))
}

pub fn write(path: &Path, contents: impl AsRef<[u8]>) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    std::fs::write(path, contents).map_err(io("could not write", path))
}

/// Creates (or truncates) a file to write into, with its parent directories.
pub fn create_file(path: &Path) -> Result<std::fs::File> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_dir_all(parent)?;
    }
    std::fs::File::create(path).map_err(io("could not create", path))
}

/// An error writing into a file opened with [`create_file`], naming it.
pub fn write_error(path: &Path, source: std::io::Error) -> Error {
    io("could not write", path)(source)
}

pub fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(io("could not create directory", path))
}

pub fn remove_dir_all(path: &Path) -> Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other.map_err(io("could not remove", path)),
    }
}

pub fn remove_file(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other.map_err(io("could not remove", path)),
    }
}

/// When the file was last modified, if it exists and the system says.
pub fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

pub fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(io("could not move into place", to))
}

/// Swaps two existing paths in one atomic step, where the system can
/// (Linux `renameat2` with `RENAME_EXCHANGE`). `Ok(false)`: it cannot here
/// (another system, or a file system without it), nothing was moved.
pub fn exchange(a: &Path, b: &Path) -> Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => Ok(true),
            Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => Ok(false),
            Err(e) => Err(io("could not move into place", b)(e.into())),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        Ok(false)
    }
}

pub fn copy(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        create_dir_all(parent)?;
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(io("could not copy", from))
}

/// Hard-links `from` to `to`, falling back to a copy across file systems.
pub fn link_or_copy(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        create_dir_all(parent)?;
    }
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    copy(from, to)
}

pub fn exists(path: &Path) -> bool {
    path.exists()
}

pub fn is_dir(path: &Path) -> bool {
    path.is_dir()
}

pub fn canonicalize(path: &Path) -> Result<PathBuf> {
    std::fs::canonicalize(path).map_err(io("could not find", path))
}

/// The entries directly inside `dir`, sorted by name.
pub fn list_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io("could not list", dir))? {
        out.push(entry.map_err(io("could not list", dir))?.path());
    }
    out.sort();
    Ok(out)
}
