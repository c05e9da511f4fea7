//! The one integration-test binary: every test builds a real site with the
//! real `agora` binary and checks what a user would see.

mod harness;

mod browser;
mod core_build;
mod core_errors;
mod core_features;
mod core_output;
mod engines;
mod hub;
mod i18n;
mod images;
mod network;
mod offline;
mod parity;
mod parity_output;
mod search;
mod serve;
