//! The page table as Rust code, for the Worker to embed: `pub static TABLE: Table = …;`,
//! written with databake (each type derives `Bake` in `oim-site` under its `bake` feature).

use std::borrow::Cow;

use databake::{Bake, CrateEnv};
use oim_site::{csp, dates, views, Page, Table};

use crate::fingerprint;
use crate::Built;

/// The table of a built site, leaked to `'static` (a build or a test process makes one).
/// `keep_sources: false` drops the file names, which only build messages use, from the pages.
pub fn table(built: &Built, keep_sources: bool) -> &'static Table {
    let site = built.site();
    let pages: Vec<Page> = built
        .pages
        .iter()
        .map(|p| Page {
            source: if keep_sources {
                p.source.clone()
            } else {
                Cow::Borrowed("")
            },
            ..p.clone()
        })
        .collect();
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let strs = |v: Vec<String>| -> &'static [&'static str] {
        Box::leak(
            v.into_iter()
                .map(leak)
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        )
    };
    let css_hash = fingerprint::csp_hash(views::CSS);
    let page_csp = csp::page_csp_parts(&css_hash);
    let table = Table {
        site_url: leak(built.site_url.clone()),
        drafts: built.drafts,
        paths: strs(built.pages.iter().map(|p| p.path.to_string()).collect()),
        etags: strs(
            built
                .html
                .iter()
                .map(|h| fingerprint::etag(h.as_bytes()))
                .collect(),
        ),
        last_modified: strs(
            built
                .modified
                .iter()
                .map(|d| dates::http_date(*d))
                .collect(),
        ),
        ld_hashes: strs(
            built
                .pages
                .iter()
                .map(|p| {
                    format!(
                        "'{}'",
                        fingerprint::csp_hash(&oim_site::seo::json_ld(&site, p))
                    )
                })
                .collect(),
        ),
        csp: leak(csp::content_security_policy(&css_hash, None, false)),
        csp_turnstile: leak(csp::content_security_policy(&css_hash, None, true)),
        page_csp: (leak(page_csp.0), leak(page_csp.1)),
        assets: Box::leak(built.asset_pairs.clone().into_boxed_slice()),
        images: Box::leak(
            built
                .images
                .iter()
                .map(|f| f.image.clone())
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        ),
        search_index: Box::leak(crate::search::index_bytes(&built.pages).into_boxed_slice()),
        pages: Box::leak(pages.into_boxed_slice()),
    };
    Box::leak(Box::new(table))
}

/// `pub static TABLE: oim_site::Table = …;`, the Worker's `generated` module.
pub fn table_code(built: &Built, keep_sources: bool) -> String {
    let env = CrateEnv::default();
    let table = table(built, keep_sources).bake(&env);
    format!(
        "// Written by oim-build from content/. Do not edit.\n\
         pub static TABLE: oim_site::Table = {table};\n"
    )
}
