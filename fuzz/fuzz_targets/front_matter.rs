//! `cargo fuzz run front_matter`: see `oim_build::fuzz::front_matter` for what is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| oim_build::fuzz::front_matter(data));
