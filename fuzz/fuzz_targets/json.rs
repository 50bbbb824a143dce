//! `cargo fuzz run json`: the hand JSON parser against serde_json, plus the contact API checks
//! (see `oim_maroc::fuzz_targets::json`, which `cargo test` runs on the saved inputs and on
//! generated documents too).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| oim_maroc::fuzz_targets::json(data));
