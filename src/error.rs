//! Error types shared by every stage: a `Diagnostic` points at a file, line and
//! column and is printed with the offending line and a caret; `Diagnostics`
//! collects all the problems of a run so they are reported together.
//! This module knows nothing about sites; it only describes and prints problems.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// Where a problem is: a file, and optionally a 1-based line and column in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
}

/// A place in a file's text.
#[derive(Debug, Clone)]
pub struct SourceSpan {
    pub source: String,
    pub span: std::ops::Range<usize>,
}

/// One problem a user must fix, with enough context to find it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub message: String,
    pub path: Option<PathBuf>,
    /// The text of the file and the byte span of the problem in it.
    pub snippet: Option<Box<SourceSpan>>,
    pub help: Option<String>,
    pub warning: bool,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            message: message.into(),
            path: None,
            snippet: None,
            help: None,
            warning: false,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            warning: true,
            ..Diagnostic::error(message)
        }
    }

    pub fn in_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Points the diagnostic at `span` (bytes) in `source`, the full text of the file.
    pub fn at(mut self, source: &str, span: std::ops::Range<usize>) -> Self {
        let end = span.end.min(source.len()).max(span.start.min(source.len()));
        let start = span.start.min(end);
        self.snippet = Some(Box::new(SourceSpan {
            source: source.to_string(),
            span: start..end,
        }));
        self
    }

    /// Points the diagnostic at a 1-based line and column of `source`.
    pub fn at_line_col(self, source: &str, line: usize, col: usize) -> Self {
        let offset = offset_of_line_col(source, line, col);
        let end = source[offset..]
            .char_indices()
            .nth(1)
            .map(|(i, _)| offset + i)
            .unwrap_or(offset);
        self.at(source, offset..end)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The 1-based line and column of the span, if there is one.
    pub fn location(&self) -> Option<Location> {
        let path = self.path.clone()?;
        let (line, col) = match &self.snippet {
            Some(s) => line_col_of_offset(&s.source, s.span.start),
            None => (0, 0),
        };
        Some(Location { path, line, col })
    }

    /// Renders the diagnostic as the user sees it, with the line and a caret.
    pub fn render(&self) -> String {
        let level = if self.warning {
            Level::WARNING
        } else {
            Level::ERROR
        };
        let path_text = self.path.as_deref().map(display_path);
        let mut group = Group::with_title(level.primary_title(self.message.as_str()));
        match &self.snippet {
            Some(at) => {
                let mut snippet = Snippet::source(at.source.as_str())
                    .line_start(1)
                    .fold(true)
                    .annotation(AnnotationKind::Primary.span(at.span.clone()));
                if let Some(path) = &path_text {
                    snippet = snippet.path(path.as_str());
                }
                group = group.element(snippet);
            }
            None => {
                if let Some(path) = &path_text {
                    group = group.element(Level::NOTE.message(format!("in {path}")));
                }
            }
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let report: &[Group] = &[group];
        Renderer::plain().render(report)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// All the problems found in one run.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| !d.warning)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| !d.warning)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.warning)
    }

    /// Sorts by file then position, so reports are stable from run to run.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let la = a.location().map(|l| (l.path, l.line, l.col));
            let lb = b.location().map(|l| (l.path, l.line, l.col));
            la.cmp(&lb).then_with(|| a.message.cmp(&b.message))
        });
    }

    /// Turns the collected errors (if any) into an `Error`; warnings stay behind.
    pub fn into_result(mut self) -> Result<Diagnostics, Error> {
        if self.has_errors() {
            self.sort();
            let errors = self.items.into_iter().filter(|d| !d.warning).collect();
            Err(Error::Diagnostics(errors))
        } else {
            Ok(self)
        }
    }
}

/// Every error agora reports.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{action} `{}`: {source}", display_path(path))]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}", render_all(.0))]
    Diagnostics(Vec<Diagnostic>),
    #[error("{message}")]
    Template { message: String },
    /// Output paths several sources would write (see `output::collisions`).
    #[error(
        "several pages, sections, aliases or static files would be written to the same place: {}",
        .0.join(", ")
    )]
    Collision(Vec<String>),
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Other(String),
}

impl Error {
    pub fn other(message: impl Into<String>) -> Self {
        Error::Other(message.into())
    }

    /// Exit code: 2 for usage errors, 1 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Diagnostics(vec![d])
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

fn render_all(items: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in items {
        out.push_str(&d.render());
        out.push_str("\n\n");
    }
    let n = items.len();
    out.push_str(&format!(
        "{n} error{} found; nothing was written.",
        if n == 1 { "" } else { "s" }
    ));
    out
}

/// Paths are shown relative to the current directory when possible.
pub fn display_path(path: &Path) -> String {
    if let Ok(cwd) = std::env::current_dir()
        && let Ok(rel) = path.strip_prefix(&cwd)
    {
        if rel.as_os_str().is_empty() {
            return ".".into();
        }
        return rel.display().to_string();
    }
    path.display().to_string()
}

/// 1-based (line, column in characters) of a byte offset.
pub fn line_col_of_offset(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = source[line_start..offset].chars().count() + 1;
    (line, col)
}

/// Byte offset of a 1-based line and column (in characters).
pub fn offset_of_line_col(source: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, l) in source.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let within = l
                .char_indices()
                .nth(col.saturating_sub(1))
                .map(|(b, _)| b)
                .unwrap_or(l.trim_end_matches('\n').len());
            return offset + within;
        }
        offset += l.len();
    }
    source.len()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_round_trip() {
        let src = "a = 1\nbé = 2\nc = 3\n";
        let off = offset_of_line_col(src, 2, 3);
        assert_eq!(&src[off..off + 1], " ");
        assert_eq!(line_col_of_offset(src, off), (2, 3));
    }

    #[test]
    fn render_shows_path_line_and_caret() {
        let src = "title = \"x\"\nwat = 2\n";
        let d = Diagnostic::error("unknown key `wat`")
            .in_file("content/a.md")
            .at(src, 12..15)
            .with_help("did you mean `weight`?");
        let text = d.render();
        assert!(text.contains("content/a.md:2:1"), "{text}");
        assert!(text.contains("wat = 2"), "{text}");
        assert!(text.contains("^^^"), "{text}");
        assert!(text.contains("did you mean `weight`?"), "{text}");
    }
}
