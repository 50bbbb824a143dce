//! The page table: everything the build knows that the Worker needs, written by `oim-build` as
//! Rust code (`$OUT_DIR/site_data.rs`) and embedded in the wasm. Tests build one in memory from
//! a fixture site.

use crate::content::{Page, Site};
use crate::markdown::Image;

/// One built site. Every per-page slice is in the order of `pages`, which is sorted by path
/// (the router binary-searches `paths`).
#[derive(Debug)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = oim_site::table))]
pub struct Table {
    /// Public origin without a trailing slash, for canonical links: `https://oim.ma`.
    pub site_url: &'static str,
    /// Whether drafts are included (`make dev` only).
    pub drafts: bool,
    pub pages: &'static [Page],
    /// `pages[i].path`, for the router's binary search.
    pub paths: &'static [&'static str],
    /// Each page's ETag (a hash of its bytes), so that a 304 needs no rendering.
    pub etags: &'static [&'static str],
    /// Each page's `Last-Modified`, an HTTP date.
    pub last_modified: &'static [&'static str],
    /// Each page's JSON-LD block hash, allowed by its CSP: `'sha256-…'`.
    pub ld_hashes: &'static [&'static str],
    /// The Content-Security-Policy of answers other than pages, written by the build
    /// ([`crate::csp`]): the inline stylesheet allowed by hash, no script.
    pub csp: &'static str,
    /// The same with Turnstile's script and frame (the contact form, when it is configured).
    pub csp_turnstile: &'static str,
    /// Page `i`'s Content-Security-Policy is `page_csp.0 + ld_hashes[i] + page_csp.1`
    /// ([`crate::csp::page_csp_parts`]).
    pub page_csp: (&'static str, &'static str),
    /// Static files and their fingerprinted URLs: ("share.png", "/assets/share.1a2b3c4d5e.png").
    pub assets: &'static [(&'static str, &'static str)],
    /// The content's images, with their URLs and sizes.
    pub images: &'static [Image],
    /// The site search's index of `pages` (ids are positions in `pages`), as
    /// `oim_search::Index::to_bytes` wrote it at build time.
    pub search_index: &'static [u8],
}

impl Table {
    pub fn site(&self) -> Site<'static> {
        Site {
            base_url: self.site_url,
            pages: self.pages,
            assets: self.assets,
            images: self.images,
        }
    }
}
