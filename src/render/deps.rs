//! Which pages a rendered file was made from, for `serve`'s incremental
//! rebuilds. While a file renders with recording on, every page whose view is
//! built for its context (the page itself, listed pages, `get_page`,
//! `get_section`, feeds, neighbours) is noted; an edit to a page's body then
//! re-renders only the files that read it. Recording is off in `build`.
//! The list being recorded is part of the render scope ([`super::scope`]).

use std::sync::Arc;

use super::content_use::Reads;

/// What one rendered file read.
#[derive(Debug, Clone, Default)]
pub struct FileReads {
    /// The pages whose views its own context held, sorted.
    pub pages: Vec<usize>,
    /// The pages of a context it shares with sibling files (a taxonomy
    /// term's, for all the term's pagers), sorted: one list for all.
    pub shared: Arc<[usize]>,
    /// What its template can show (see [`super::content_use::Reads`]): a
    /// body edit of one of its pages leaves it as it was if its template
    /// reads nothing a body makes.
    pub template: Reads,
}

impl FileReads {
    /// Whether it showed one of `targets` (sorted).
    pub fn shows_any(&self, targets: &[usize]) -> bool {
        let sorted_has = |list: &[usize]| targets.iter().any(|t| list.binary_search(t).is_ok());
        sorted_has(&self.pages) || sorted_has(&self.shared)
    }
}

/// Runs `f` with recording on (when `record`), returning what it touched:
/// page indices, sorted and de-duplicated.
pub fn recording<T>(record: bool, f: impl FnOnce() -> T) -> (T, Vec<usize>) {
    if !record {
        return (f(), Vec::new());
    }
    let previous = super::scope::with(|s| s.touched.replace(Vec::new()));
    let out = f();
    let mut touched =
        super::scope::with(|s| std::mem::replace(&mut s.touched, previous)).unwrap_or_default();
    touched.sort_unstable();
    touched.dedup();
    (out, touched)
}

/// Notes that page `index` was read by the file being rendered.
pub fn touched(index: usize) {
    super::scope::with(|s| {
        if let Some(list) = s.touched.as_mut() {
            list.push(index);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_only_inside_recording_and_restores_the_outer_list() {
        touched(1);
        let ((), outer) = recording(true, || {
            touched(3);
            let ((), inner) = recording(true, || touched(7));
            assert_eq!(inner, vec![7]);
            touched(2);
            touched(3);
        });
        assert_eq!(outer, vec![2, 3]);
        let ((), off) = recording(false, || touched(5));
        assert!(off.is_empty());
    }
}
