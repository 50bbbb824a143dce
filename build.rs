//! Build-time phase: load and check `content/` (a broken file stops the build with its name and
//! what to fix), render every page once to derive its ETag from its bytes, and write the page
//! table that the Worker embeds (`$OUT_DIR/site_data.rs`).
//!
//! Inputs besides the files: `SITE_URL` (else `[vars] SITE_URL` in wrangler.toml, else
//! http://127.0.0.1:8787) and `OIM_DRAFTS=1` to include drafts (`make dev`).

#![allow(dead_code, unused_imports)]

#[path = "src/content/mod.rs"]
mod content;
#[path = "src/dates.rs"]
mod dates;
#[path = "src/i18n.rs"]
mod i18n;
#[path = "src/json.rs"]
mod json;
#[path = "src/markdown.rs"]
mod markdown;
#[path = "src/seo.rs"]
mod seo;
#[path = "src/views/mod.rs"]
mod views;

use std::fmt::Write as _;
use std::path::Path;

use base64::Engine as _;
use content::load::{load_dir, LoadOptions};
use content::{Page, Site};
use sha2::{Digest, Sha256};

const DEFAULT_SITE_URL: &str = "http://127.0.0.1:8787";

fn main() {
    for input in [
        "content",
        "src/content",
        "src/views",
        "src/markdown.rs",
        "src/i18n.rs",
        "src/dates.rs",
        "wrangler.toml",
    ] {
        println!("cargo:rerun-if-changed={input}");
    }
    println!("cargo:rerun-if-env-changed=SITE_URL");
    println!("cargo:rerun-if-env-changed=OIM_DRAFTS");
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");

    let include_drafts = std::env::var("OIM_DRAFTS").is_ok_and(|v| v == "1");
    let opts = LoadOptions {
        include_drafts,
        code_routes: views::code_paths(),
    };
    let pages = match load_dir(Path::new("content"), &opts) {
        Ok(pages) => pages,
        Err(errors) => {
            eprintln!(
                "\nThe content has {} problem(s); the site was not built:\n",
                errors.len()
            );
            for e in &errors {
                eprintln!("  error: {e}");
            }
            eprintln!();
            std::process::exit(1);
        }
    };
    let site_url = site_url();
    let assets = fingerprint_assets();
    let asset_refs: Vec<(&str, &str)> = assets
        .iter()
        .map(|(n, u)| (n.as_str(), u.as_str()))
        .collect();
    let images = publish_images(&pages);
    let site = Site {
        base_url: &site_url,
        pages: &pages,
        assets: &asset_refs,
        images: &images,
    };

    let build_date = dates::from_unix_days(build_epoch() / 86_400);
    publish_documents(&site, build_date);
    let mut out = String::new();
    let n = pages.len();
    writeln!(out, "// Written by build.rs from content/. Do not edit.").ok();
    writeln!(
        out,
        "#[allow(unused_imports)]
use crate::content::Event;
use std::borrow::Cow;
use crate::content::{{Date, Kind, MenuLink, Page}};\nuse crate::markdown::Image;"
    )
    .ok();
    writeln!(out, "pub const SITE_URL: &str = {site_url:?};").ok();
    writeln!(out, "pub const DRAFTS: bool = {include_drafts};").ok();
    writeln!(
        out,
        "pub const BUILD_DATE: Date = Date {{ year: {}, month: {}, day: {} }};",
        build_date.year, build_date.month, build_date.day
    )
    .ok();
    let image_literals = images.iter().map(|i| {
        format!(
            "Image {{ src: Cow::Borrowed({:?}), url: Cow::Borrowed({:?}), width: {}, height: {} }}",
            i.src, i.url, i.width, i.height
        )
    });
    writeln!(
        out,
        "pub static IMAGES: [Image; {}] = [{}];",
        images.len(),
        join(image_literals)
    )
    .ok();
    writeln!(
        out,
        "pub static ASSETS: [(&str, &str); {}] = [{}];",
        assets.len(),
        join(assets.iter().map(|(n, u)| format!("({n:?}, {u:?})")))
    )
    .ok();
    // The JSON-LD block of each page, allowed by the page's CSP by its hash.
    let ld_hashes = pages.iter().map(|p| {
        let ld = seo::json_ld(&site, p);
        format!(
            "\"'sha256-{}'\"",
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(ld.as_bytes()))
        )
    });
    writeln!(
        out,
        "pub static LD_HASHES: [&str; {n}] = [{}];",
        join(ld_hashes)
    )
    .ok();
    let css_hash =
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(views::CSS.as_bytes()));
    writeln!(out, "pub const CSS_HASH: &str = \"sha256-{css_hash}\";").ok();
    writeln!(
        out,
        "pub static PATHS: [&str; {n}] = [{}];",
        join(pages.iter().map(|p| format!("{:?}", p.path)))
    )
    .ok();
    let etags = pages.iter().map(|p| {
        let html = views::page(site, p).into_string();
        let digest = Sha256::digest(html.as_bytes());
        let hex: String = digest.iter().take(10).map(|b| format!("{b:02x}")).collect();
        format!("\"\\\"{hex}\\\"\"")
    });
    writeln!(out, "pub static ETAGS: [&str; {n}] = [{}];", join(etags)).ok();
    let modified = pages.iter().map(|p| {
        format!(
            "{:?}",
            dates::http_date(p.updated.or(p.date).unwrap_or(build_date))
        )
    });
    writeln!(
        out,
        "pub static LAST_MODIFIED: [&str; {n}] = [{}];",
        join(modified)
    )
    .ok();
    writeln!(out, "pub static PAGES: [Page; {n}] = [").ok();
    for p in &pages {
        writeln!(out, "{},", page_literal(p)).ok();
    }
    writeln!(out, "];").ok();

    let dest =
        Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("site_data.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        eprintln!("cannot write {}: {e}", dest.display());
        std::process::exit(1);
    }
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

fn page_literal(p: &Page) -> String {
    // File names serve build-time messages only: the Worker does not carry them.
    let source = if std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32") {
        ""
    } else {
        &p.source
    };
    let date = |d: Option<content::Date>| match d {
        Some(d) => format!(
            "Some(Date {{ year: {}, month: {}, day: {} }})",
            d.year, d.month, d.day
        ),
        None => "None".into(),
    };
    let event = match &p.event {
        Some(e) => format!(
            "Some(Event {{ name: Cow::Borrowed({:?}), start: {}, end: {}, city: Cow::Borrowed({:?}), country: Cow::Borrowed({:?}) }})",
            e.name,
            date(Some(e.start)).trim_start_matches("Some(").trim_end_matches(')'),
            date(Some(e.end)).trim_start_matches("Some(").trim_end_matches(')'),
            e.city,
            e.country
        ),
        None => "None".into(),
    };
    let menu = join(p.menu.iter().map(|m| {
        format!(
            "MenuLink {{ label: Cow::Borrowed({:?}), href: Cow::Borrowed({:?}) }}",
            m.label, m.href
        )
    }));
    format!(
        "Page {{ path: Cow::Borrowed({:?}), source: Cow::Borrowed({:?}), key: Cow::Borrowed({:?}), kind: Kind::{:?}, \
         lang: Cow::Borrowed({:?}), title: Cow::Borrowed({:?}), description: Cow::Borrowed({:?}), \
         date: {}, updated: {}, weight: {:?}, draft: {}, untranslated: {}, menu: Cow::Borrowed(&[{menu}]), event: {event}, body: Cow::Borrowed({:?}) }}",
        p.path, source, p.key, p.kind, p.lang, p.title, p.description, date(p.date), date(p.updated), p.weight, p.draft, p.untranslated, p.body
    )
}

/// Copies every file of `static/` to `public/assets/<name>.<hash>.<ext>` (served by Workers
/// static assets, never by the wasm) with a `_headers` file that makes them immutable, and
/// returns (name, URL) pairs. A changed file gets a new URL, so caching forever is safe.
fn fingerprint_assets() -> Vec<(String, String)> {
    let out_dir = Path::new("public/assets");
    // Not emptied first: a running `wrangler dev` serves this folder while another build (the
    // e2e panic build) runs, and fingerprinted names never clash. `make clean` empties it.
    if let Err(e) = std::fs::create_dir_all(out_dir) {
        eprintln!("cannot create public/assets: {e}");
        std::process::exit(1);
    }
    let mut files: Vec<_> = std::fs::read_dir("static")
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut assets = Vec::new();
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let hash: String = Sha256::digest(&bytes)
            .iter()
            .take(5)
            .map(|b| format!("{b:02x}"))
            .collect();
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name.as_str(), ""));
        let file = format!("{stem}.{hash}.{ext}");
        publish(&format!("/assets/{file}"), &bytes);
        assets.push((name.clone(), format!("/assets/{file}")));
    }
    assets
}

/// Copies the images the content uses to `public/assets/<name>.<hash>.<ext>`.
fn publish_images(pages: &[Page]) -> Vec<markdown::Image> {
    let found = match content::load::images(Path::new("content"), pages) {
        Ok(found) => found,
        Err(errors) => {
            for e in errors {
                eprintln!("  error: {e}");
            }
            std::process::exit(1);
        }
    };
    found
        .into_iter()
        .filter_map(|f| {
            let bytes = std::fs::read(&f.file).ok()?;
            let hash: String = Sha256::digest(&bytes)
                .iter()
                .take(5)
                .map(|b| format!("{b:02x}"))
                .collect();
            let name = f.src.rsplit('/').next().unwrap_or(&f.src).to_string();
            let (stem, ext) = name.rsplit_once('.').unwrap_or((name.as_str(), ""));
            let file = format!("{stem}.{hash}.{ext}");
            publish(&format!("/assets/{file}"), &bytes);
            Some(markdown::Image {
                src: f.src.into(),
                url: format!("/assets/{file}").into(),
                width: f.width,
                height: f.height,
            })
        })
        .collect()
}

/// Writes a file under `public/` (served by Workers static assets), or stops the build.
/// A file that already holds these bytes is left untouched, so that a rebuild does not make a
/// running server reload its assets.
fn publish(path: &str, text: impl AsRef<[u8]>) {
    let path = Path::new("public").join(path.trim_start_matches('/'));
    if std::fs::read(&path).is_ok_and(|old| old == text.as_ref()) {
        return;
    }
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|_| std::fs::write(&path, text));
    if let Err(e) = written {
        eprintln!("cannot write {}: {e}", path.display());
        std::process::exit(1);
    }
}

/// robots.txt, the sitemap, the manifest and each section's Atom feed are static for a given
/// build: they are written to `public/` and served by Workers static assets, without running
/// the Worker (and without their code in the wasm). `_headers` gives each its type and cache.
fn publish_documents(site: &Site, build_date: content::Date) {
    let security = "  X-Content-Type-Options: nosniff\n  Strict-Transport-Security: max-age=63072000; includeSubDomains\n";
    let revalidated = "  Cache-Control: public, max-age=300, stale-while-revalidate=86400\n";
    let mut headers = format!(
        "/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n  Cross-Origin-Resource-Policy: cross-origin\n{security}"
    );
    let mut doc = |path: &str, content_type: &str, text: String| {
        publish(path, &text);
        headers.push_str(&format!(
            "{path}\n  Content-Type: {content_type}\n{revalidated}{security}"
        ));
    };
    doc(
        "/robots.txt",
        "text/plain; charset=utf-8",
        seo::robots(site),
    );
    doc(
        "/sitemap.xml",
        "application/xml; charset=utf-8",
        seo::sitemap(site, build_date),
    );
    doc(
        "/manifest.webmanifest",
        "application/manifest+json",
        seo::manifest(site),
    );
    for section in site
        .pages
        .iter()
        .filter(|p| p.kind == content::Kind::Section)
    {
        doc(
            &seo::feed_path(section),
            "application/atom+xml; charset=utf-8",
            seo::feed(site, section, build_date),
        );
    }
    publish("/_headers", &headers);
}

/// `SITE_URL` from the environment, else from wrangler.toml's `[vars]`, else the local one.
fn site_url() -> String {
    let from_env = std::env::var("SITE_URL").ok().filter(|s| !s.is_empty());
    let from_toml = || {
        let text = std::fs::read_to_string("wrangler.toml").ok()?;
        let value: toml::Value = toml::from_str(&text).ok()?;
        value
            .get("vars")?
            .get("SITE_URL")?
            .as_str()
            .map(str::to_string)
    };
    let url = from_env
        .or_else(from_toml)
        .unwrap_or_else(|| DEFAULT_SITE_URL.into());
    let url = url.trim_end_matches('/').to_string();
    if !(url.starts_with("https://") || url.starts_with("http://"))
        || url.contains(char::is_whitespace)
    {
        eprintln!("SITE_URL must be an absolute http(s) URL without spaces, like https://oim.ma (got {url:?})");
        std::process::exit(1);
    }
    url
}

/// Seconds since 1970 for the build date: `SOURCE_DATE_EPOCH` for reproducible builds, else now.
fn build_epoch() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        })
}
