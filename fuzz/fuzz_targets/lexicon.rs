//! Fuzz target `lexicon`: see `check_lexicon` in core/tests/invariants/mod.rs.
#![no_main]

#[path = "../../core/tests/invariants/mod.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::check_lexicon(data));
