//! The render scope: what rendering the current file on this thread knows
//! besides its template context, in one thread-local. Template functions
//! and views are called by the engines with the context only; what they need
//! of the file (its language, what its template reads, where `get_random`'s
//! sequence is, the guarded includes in progress, the pages it showed) is
//! set here when the file starts rendering and restored when it ends, so
//! that a render nested in another (a shortcode inside a page) gets its own.
//! Each part is set by a guard of the module that owns it
//! ([`super::LangScope`], [`super::content_use::Switch`],
//! [`super::random::RandomScope`], [`super::deps::recording`],
//! [`super::recursion::scoped`]); nothing else keeps state per thread.

use std::cell::RefCell;

use super::content_use::Reads;

/// What the file being rendered on this thread knows besides its context.
pub(super) struct Scope {
    /// Its language, for `trans` without `lang` on agora sites.
    pub lang: Option<String>,
    /// What its template can read: views carry `content` and `pages` only then.
    pub reads: Reads,
    /// The pages whose views it showed, while `serve` records them.
    pub touched: Option<Vec<usize>>,
    /// The state of its `get_random` sequence.
    pub random: u64,
    /// The guarded includes, macros and components in progress, outermost first.
    pub stack: Vec<String>,
}

thread_local! {
    static SCOPE: RefCell<Scope> = const {
        RefCell::new(Scope {
            lang: None,
            reads: Reads::ALL,
            touched: None,
            random: 0,
            stack: Vec::new(),
        })
    };
}

/// Runs `f` on this thread's scope. `f` must not render (it would find the
/// scope borrowed): it reads or sets a part and returns.
pub(super) fn with<T>(f: impl FnOnce(&mut Scope) -> T) -> T {
    SCOPE.with(|s| f(&mut s.borrow_mut()))
}
