//! Weight budgets of every HTML page the Worker can send (issue 7), natively, through
//! `App::handle` as the Worker calls it:
//! - at most 14 KB gzip per page, inline CSS included (one TCP initial window: the page
//!   arrives in the first round trip);
//! - no JavaScript (no `<script`), with one opt-in exception: Cloudflare Turnstile on
//!   `/contact/` when it is configured;
//! - one request renders the page: no external stylesheet, font, script, image or frame, and
//!   no `@import` or `url(` to anything but `data:` in the CSS.
//!
//! `make test` runs it with `--nocapture`, so that the sizes are printed on every run.

use std::io::Write;

use bytes::Bytes;
use flate2::write::GzEncoder;
use flate2::Compression;
use http::{header, Request, Response};
use oim_maroc::app::Reply;
use oim_maroc::testing::{get, World};

/// 14 KB (14 × 1024 bytes) gzip, a little under the usual TCP initial window (10 × 1460 bytes).
const GZIP_BUDGET: usize = 14 * 1024;

fn gzip(bytes: &[u8]) -> usize {
    // Level 6, the common server default: a CDN at a higher level only does better.
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(bytes).expect("gzip in memory");
    e.finish().expect("gzip in memory").len()
}

/// Every HTML document the Worker serves: each content page, the contact page (empty and with
/// errors), the thanks page, the 404 page and an error page.
fn documents(w: &World) -> Vec<(String, Reply)> {
    let mut paths: Vec<String> = w.app.pages().iter().map(|p| p.path.to_string()).collect();
    paths.extend(oim_site::paths::code_paths());
    paths.push("/pas-de-page/".into());
    let mut docs: Vec<(String, Reply)> = paths
        .into_iter()
        .map(|p| (p.clone(), w.serve(get(&p))))
        .collect();
    let invalid = Request::post("/contact/")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Bytes::from_static(
            b"name=&email=pas-une-adresse&subject=x&message=court",
        ))
        .expect("valid request");
    docs.push(("POST /contact/ (errors)".into(), w.serve(invalid)));
    let delete = Request::delete("/")
        .body(Bytes::new())
        .expect("valid request");
    docs.push(("DELETE / (405 page)".into(), w.serve(delete)));
    for (what, res) in &docs {
        let ty = res.headers().get(header::CONTENT_TYPE).expect("a type");
        assert!(
            ty.to_str().unwrap_or("").starts_with("text/html"),
            "{what}: not HTML"
        );
    }
    docs
}

fn html(res: &Response<Bytes>) -> &str {
    std::str::from_utf8(res.body()).expect("UTF-8 HTML")
}

/// Each `<tag …>` opening tag of `name` (lowercase), up to its `>`.
fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{name}");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find(&open) {
        let start = from + at;
        let after = lower.as_bytes().get(start + open.len()).copied();
        let end = lower[start..]
            .find('>')
            .map_or(lower.len(), |e| start + e + 1);
        if matches!(after, Some(b' ' | b'>' | b'/' | b'\n' | b'\t')) {
            out.push(&html[start..end]);
        }
        from = end;
    }
    out
}

/// The value of attribute `name` in one opening tag (maud always writes `name="…"`).
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!(" {name}=\"");
    let start = tag.to_ascii_lowercase().find(&needle)? + needle.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// The text of every `<style>` element.
fn styles(html: &str) -> Vec<&str> {
    html.split("<style")
        .skip(1)
        .filter_map(|s| {
            let body = &s[s.find('>')? + 1..];
            Some(&body[..body.find("</style>")?])
        })
        .collect()
}

/// Tags with a `style` attribute: the pages' CSP allows only the inline `<style>` by its hash,
/// so a browser drops such a style and logs an error (a Markdown table's `:---:` alignment did).
fn style_attributes(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .filter_map(|t| t.split('>').next())
        .filter(|t| t.to_ascii_lowercase().contains(" style="))
        .collect()
}

/// `<script>` elements a browser would run: JSON-LD (`application/ld+json`) is data.
fn executable_scripts(html: &str) -> Vec<&str> {
    tags(html, "script")
        .into_iter()
        .filter(|t| attr(t, "type") != Some("application/ld+json"))
        .collect()
}

/// What would make the browser fetch something else than the document to render it.
fn extra_requests(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let data = |v: Option<&str>| v.is_none_or(|v| v.trim_start().starts_with("data:"));
    for tag in tags(html, "link") {
        let rel = attr(tag, "rel").unwrap_or("").to_ascii_lowercase();
        let fetched = rel.split_ascii_whitespace().any(|r| {
            matches!(
                r,
                // Icons and the manifest are fetched too, but nothing waits for them to
                // paint the page: they are not requests "to render" it.
                "stylesheet" | "preload" | "modulepreload" | "prefetch"
            )
        });
        if fetched && !data(attr(tag, "href")) {
            found.push(tag.to_string());
        }
    }
    for name in [
        "script", "img", "iframe", "embed", "object", "video", "audio", "source", "input",
    ] {
        for tag in tags(html, name) {
            // A content image is part of the text, not of what renders the page: it has its
            // size (no layout shift) and loads on its own.
            if name == "img" && attr(tag, "width").is_some() && attr(tag, "height").is_some() {
                continue;
            }
            let src = attr(tag, "src").or_else(|| attr(tag, "data"));
            let srcset = attr(tag, "srcset");
            if (src.is_some() && !data(src)) || srcset.is_some() {
                found.push(tag.to_string());
            }
        }
    }
    for css in styles(html) {
        let css = css.to_ascii_lowercase();
        if css.contains("@import") {
            found.push("@import in the CSS".into());
        }
        for (at, _) in css.match_indices("url(") {
            let arg = css[at + 4..].trim_start_matches(['"', '\'', ' ']);
            if !arg.starts_with("data:") {
                found.push(format!("url({} in the CSS", &arg[..arg.len().min(40)]));
            }
        }
    }
    found
}

#[test]
fn every_page_fits_its_budgets() {
    // The real site (its table is printed: `make test` shows the figures) and the fixture.
    check_budgets(&World::real(), true);
    check_budgets(&World::default(), false);
    // The fixture with lists of three pages (the later pages of a list are pages too).
    let long = oim_maroc::testing::fixture_with_news(2 * oim_site::list::PER_PAGE + 3).leak();
    check_budgets(&World::with(oim_maroc::App::with(long)), false);
}

/// Pages printed by name; a bigger site (the growth corpus) prints its heaviest ones.
const PRINTED: usize = 60;

fn check_budgets(w: &World, print: bool) {
    let docs = documents(w);
    let mut failures = Vec::new();
    let sizes: Vec<usize> = docs.iter().map(|(_, res)| gzip(res.body())).collect();
    let mut by_size = sizes.clone();
    by_size.sort_unstable_by(|a, b| b.cmp(a));
    let shown = by_size.get(PRINTED - 1).copied().unwrap_or(0);
    if print {
        println!(
            "\n{:<48} {:>6} {:>8} {:>8} {:>10}",
            "HTML page", "status", "raw", "gzip", "inline CSS"
        );
    }
    for ((what, res), &gz) in docs.iter().zip(&sizes) {
        let html = html(res);
        let css: usize = styles(html).iter().map(|s| s.len()).sum();
        if print && (docs.len() <= PRINTED || gz >= shown) {
            let short: String = what.chars().take(48).collect();
            println!(
                "{:<48} {:>6} {:>8} {:>8} {:>10}",
                short,
                res.status().as_u16(),
                html.len(),
                gz,
                css
            );
        }
        if gz > GZIP_BUDGET {
            failures.push(format!(
                "{what}: {gz} bytes gzip, over the budget of {GZIP_BUDGET}"
            ));
        }
        if !executable_scripts(html).is_empty() {
            failures.push(format!(
                "{what}: has a <script> (no JavaScript on any page)"
            ));
        }
        for extra in extra_requests(html) {
            failures.push(format!("{what}: needs a second request to render: {extra}"));
        }
        for tag in style_attributes(html) {
            failures.push(format!("{what}: an inline style the CSP refuses: <{tag}>"));
        }
        if styles(html).len() != 1 {
            failures.push(format!("{what}: expected exactly one inline <style>"));
        }
    }
    if print {
        if docs.len() > PRINTED {
            println!(
                "(the {PRINTED} heaviest of {} pages; the lightest is {} bytes gzip)",
                docs.len(),
                by_size.last().copied().unwrap_or(0)
            );
        }
        println!("(budget: {GZIP_BUDGET} bytes gzip per page, inline CSS included)");
    }
    assert!(
        failures.is_empty(),
        "budgets exceeded:\n{}",
        failures.join("\n")
    );
}

#[test]
fn turnstile_is_the_only_script_and_only_when_configured() {
    let mut w = World::default();
    w.config.turnstile_site_key = Some("0x4AAAAAAA-test".into());
    w.config.turnstile_enabled = true;
    w.turnstile = true;
    for (what, res) in documents(&w) {
        let scripts = executable_scripts(html(&res));
        if what.ends_with("/contact/") || what.starts_with("POST /contact/") {
            assert_eq!(scripts.len(), 1, "{what}: {scripts:?}");
            assert_eq!(
                attr(scripts[0], "src"),
                Some("https://challenges.cloudflare.com/turnstile/v0/api.js"),
                "{what}"
            );
        } else {
            assert!(scripts.is_empty(), "{what}: {scripts:?}");
        }
    }
}

#[test]
fn the_checks_catch_what_they_look_for() {
    let bad = r#"<link rel="stylesheet" href="/s.css"><link rel="icon" href="/favicon.svg">
        <script src="/a.js"></script><img src="/x.png"><img src="data:image/png;base64,AA">
        <style>@import "f.css"; a{background:url(/bg.png)} b{background:url("data:x")}</style>"#;
    let found = extra_requests(bad);
    assert_eq!(found.len(), 5, "{found:?}");
    assert!(
        extra_requests("<link rel=\"canonical\" href=\"https://x/\"><style>a{}</style>").is_empty()
    );
    assert_eq!(
        style_attributes(r#"<th style="text-align: left">a</th><td>b</td><p>style="x"</p>"#),
        [r#"th style="text-align: left""#]
    );
    let scripts = r#"<script type="application/ld+json">{}</script><script>alert(1)</script>"#;
    assert_eq!(executable_scripts(scripts).len(), 1);
}
