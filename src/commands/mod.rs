//! The commands other than `build` and `serve`: each opens the project
//! (`config::open_project`), calls the stages it needs and returns what it
//! did for `cli` to print. `i18n`: the translator tools; `check`: links;
//! `new`: `agora init` and `agora new`.

mod check;
mod i18n;
mod new;

pub use check::{CheckReport, check};
pub use i18n::{
    ExchangeFormat, ImportOutcome, i18n_export, i18n_export_documents, i18n_import, i18n_sync,
    mark_current, translate, translation_status,
};
pub use new::{init_site, new_document};
