//! The one integration-test binary: every test builds a real site with the
//! real `agora` binary and checks what a user would see.

mod harness;

mod bad_sites;
mod browser;
mod citations;
mod core_build;
mod core_errors;
mod core_features;
mod core_output;
mod ebooks;
mod engines;
mod hub;
mod i18n;
mod i18n_documents;
mod images;
mod interrupt;
mod network;
mod offline;
mod parity;
mod parity_output;
mod parity_zola;
mod search;
mod serve;
