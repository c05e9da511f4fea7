//! Which pages a rendered file was made from, for `serve`'s incremental
//! rebuilds. While a file renders with recording on, every page whose view is
//! built for its context (the page itself, listed pages, `get_page`,
//! `get_section`, feeds, neighbours) is noted; an edit to a page's body then
//! re-renders only the files that read it. Recording is off in `build`.

use std::cell::RefCell;

thread_local! {
    static TOUCHED: RefCell<Option<Vec<usize>>> = const { RefCell::new(None) };
}

/// Runs `f` with recording on (when `record`), returning what it touched:
/// page indices, sorted and de-duplicated.
pub fn recording<T>(record: bool, f: impl FnOnce() -> T) -> (T, Vec<usize>) {
    if !record {
        return (f(), Vec::new());
    }
    let previous = TOUCHED.with(|t| t.borrow_mut().replace(Vec::new()));
    let out = f();
    let mut touched = TOUCHED
        .with(|t| std::mem::replace(&mut *t.borrow_mut(), previous))
        .unwrap_or_default();
    touched.sort_unstable();
    touched.dedup();
    (out, touched)
}

/// Notes that page `index` was read by the file being rendered.
pub fn touched(index: usize) {
    TOUCHED.with(|t| {
        if let Some(list) = t.borrow_mut().as_mut() {
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
