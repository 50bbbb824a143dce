//! `cargo fuzz run front_matter`: see `oim_maroc::fuzz_targets::front_matter` for what is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| oim_maroc::fuzz_targets::front_matter(data));
