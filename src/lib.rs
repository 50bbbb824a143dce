//! The OIM Maroc microsite: a Cloudflare Worker in Rust.
//!
//! The core ([`App::answer_now`], [`App::handle`]) is plain Rust over `http` types and is what
//! the tests call; the Worker entry point in `edge.rs` only converts types and reads bindings.
//! See the README's "How a request flows" for the whole path.

pub mod app;
pub mod caching;
pub mod contact;
pub mod content;
pub mod dates;
pub mod headers;
pub mod i18n;
pub mod json;
pub mod mail;
pub mod markdown;
pub mod routes;
pub mod seo;
pub mod services;
pub mod views;

/// The content table written by `build.rs` from `content/`: pages, their ETags and
/// `Last-Modified` dates, the CSS hash and the public URL.
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/site_data.rs"));
}

#[cfg(target_arch = "wasm32")]
mod edge;

pub use app::App;

#[cfg(test)]
mod testing;

/// The fuzz targets' checks, shared with the tests that replay their inputs (`fuzz/`).
#[cfg(any(test, fuzzing))]
pub mod fuzz_targets;
