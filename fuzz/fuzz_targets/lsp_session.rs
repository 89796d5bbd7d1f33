//! Fuzz target: see `fuzz_props::session::lsp_session` (shared with the regression test of the CLI crate).
#![no_main]

#[path = "../../crates/ecrgen/tests/fuzz_props/mod.rs"]
mod fuzz_props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_props::session::lsp_session(data));
