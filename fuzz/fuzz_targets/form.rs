//! `cargo fuzz run form`: see `oim_maroc::fuzz_targets::form` for what is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| oim_maroc::fuzz_targets::form(data));
