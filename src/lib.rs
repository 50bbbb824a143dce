//! The OIM Maroc Worker: the pages of `oim-site`, a contact form, and the platform around them.
//!
//! The core ([`App::answer_now`], [`App::handle`]) is plain Rust over `http` types and is what
//! the tests call; the Worker entry point in `edge.rs` only converts types and calls bindings.
//! See docs/architecture.md for the whole path of a request.

// databake writes `alloc::borrow::Cow` in the generated page table.
extern crate alloc;

pub mod app;
pub mod caching;
pub mod contact;
pub mod headers;
pub mod json;
pub mod log;
pub mod mail;
pub mod preview;
pub mod readership;
pub mod retention;
pub mod routes;
pub mod search;
pub mod services;
pub mod warm;

/// The page table written by `oim-build` from `content/` (see `build.rs`).
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/site_data.rs"));
}

#[cfg(target_arch = "wasm32")]
mod edge;

pub use app::{Answer, App};

/// In-memory platform fakes and fixture sites, for tests, benches and the callgrind driver.
#[cfg(any(test, feature = "testing"))]
pub mod testing;

/// The fuzz targets' checks, shared with the tests that replay their inputs (`fuzz/`).
#[cfg(any(test, fuzzing))]
pub mod fuzz_targets;
