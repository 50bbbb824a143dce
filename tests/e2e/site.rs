//! Pages over real HTTP: every route, cache and security headers, conditional requests.

use oim_maroc::generated::TABLE;
use oim_site::paths::code_paths;

/// The pages of the site the server runs (built from the same content as this test binary).
const PATHS: &[&str] = TABLE.paths;

use crate::http::{get, raw, send};
use crate::Server;

const SECURITY: &[&str] = &[
    "content-security-policy",
    "strict-transport-security",
    "x-content-type-options",
    "referrer-policy",
    "permissions-policy",
    "x-frame-options",
];

fn assert_secured(what: &str, r: &crate::http::Resp) {
    for h in SECURITY {
        assert!(r.header(h).is_some(), "{what}: missing {h}");
    }
}

pub fn serves_every_page_with_cache_and_security_headers(s: &Server) {
    let code = code_paths();
    for path in PATHS.iter().copied().chain(code.iter().map(String::as_str)) {
        let r = get(s.port, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(
            r.header("content-type"),
            Some("text/html; charset=utf-8"),
            "{path}"
        );
        assert_secured(path, &r);
        let text = r.text();
        let t = oim_site::i18n::lang_of_path(path);
        let start = format!(
            "<!DOCTYPE html><html lang=\"{}\" dir=\"{}\">",
            t.lang, t.dir
        );
        assert!(text.starts_with(&start), "{path}");
        assert_eq!(text.matches("<h1").count(), 1, "{path}");
        if path.contains("/contact/") {
            assert_eq!(r.header("cache-control"), Some("no-store"), "{path}");
        } else {
            // `/` depends on Accept-Language: browsers may keep it, shared caches not.
            let scope = if path == "/" { "private" } else { "public" };
            let expected = format!("{scope}, max-age=300, stale-while-revalidate=86400");
            assert_eq!(r.header("cache-control"), Some(expected.as_str()), "{path}");
            assert!(
                r.header("etag").is_some_and(|e| e.starts_with('"')),
                "{path}: strong ETag"
            );
            assert!(r.header("last-modified").is_some(), "{path}");
        }
    }
}

pub fn revalidates_with_etag_and_answers_304(s: &Server) {
    for path in PATHS {
        let first = get(s.port, path);
        let etag = first.header("etag").expect("etag").to_string();
        let again = send(s.port, "GET", path, &[("If-None-Match", &etag)], b"");
        assert_eq!(again.status, 304, "{path}");
        assert!(again.body.is_empty(), "{path}: 304 has no body");
        assert_eq!(again.header("etag"), Some(etag.as_str()));
        let stale = send(s.port, "GET", path, &[("If-None-Match", "\"stale\"")], b"");
        assert_eq!(stale.status, 200, "{path}");
        assert_eq!(stale.body, first.body, "{path}: same bytes");
    }
}

pub fn head_has_no_body(s: &Server) {
    for path in ["/", "/notre-travail/", "/contact/", "/absent/"] {
        let get_r = get(s.port, path);
        let head = send(s.port, "HEAD", path, &[], b"");
        assert_eq!(head.status, get_r.status, "{path}");
        assert!(head.body.is_empty(), "{path}");
        assert_eq!(head.header("etag"), get_r.header("etag"), "{path}");
        assert_eq!(
            head.header("content-type"),
            get_r.header("content-type"),
            "{path}"
        );
    }
}

pub fn other_methods_get_405_with_allow(s: &Server) {
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let r = send(s.port, method, "/qui-sommes-nous/", &[], b"");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"), "{method}");
        assert_secured(method, &r);
    }
    assert_eq!(
        send(s.port, "DELETE", "/contact/", &[], b"").header("allow"),
        Some("GET, HEAD, POST")
    );
}

pub fn redirects_to_canonical_urls(s: &Server) {
    // Every page without its final slash, whatever the content.
    for to in PATHS.iter().filter(|p| p.len() > 1) {
        let from = to.trim_end_matches('/');
        let r = get(s.port, from);
        assert_eq!(r.status, 301, "{from}");
        assert_eq!(r.header("location"), Some(*to), "{from}");
    }
    for (from, to) in [
        ("/contact", "/contact/"),
        ("/notre%2Dtravail/", "/notre-travail/"),
        (
            "/notre-travail?utm_source=whatsapp",
            "/notre-travail/?utm_source=whatsapp",
        ),
    ] {
        let r = get(s.port, from);
        assert_eq!(r.status, 301, "{from}");
        assert_eq!(r.header("location"), Some(to), "{from}");
    }
}

pub fn the_root_follows_accept_language(s: &Server) {
    let r = send(
        s.port,
        "GET",
        "/",
        &[("Accept-Language", "ar-MA,ar;q=0.9,fr;q=0.5")],
        b"",
    );
    assert_eq!(r.status, 302);
    assert_eq!(r.header("location"), Some("/ar/"));
    assert_eq!(r.header("vary"), Some("Accept-Language, Sec-Fetch-Site"));
    let chose = send(
        s.port,
        "GET",
        "/",
        &[("Accept-Language", "ar"), ("Sec-Fetch-Site", "same-origin")],
        b"",
    );
    assert_eq!(chose.status, 200);
    let arabic = get(s.port, "/ar/");
    assert!(arabic.text().contains("<html lang=\"ar\" dir=\"rtl\">"));
}

pub fn unknown_pages_get_the_french_404(s: &Server) {
    let r = get(s.port, "/cette-page-n-existe-pas/");
    assert_eq!(r.status, 404);
    assert_eq!(r.header("cache-control"), Some("public, max-age=60"));
    assert!(r.text().contains("Page introuvable"));
    assert_secured("404", &r);
}

pub fn hostile_paths_get_400_or_404(s: &Server) {
    let long = format!("/{}", "a".repeat(4000));
    for path in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "//",
        "/a%2Fb/",
        "/%ff%fe/",
        "/%00/",
        "/%0d%0aSet-Cookie:%20x=1",
        "/%zz/",
        "/.git/config",
        "/%E2%80%AE/",
        long.as_str(),
    ] {
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        let r = raw(s.port, request.as_bytes()).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(r.status == 400 || r.status == 404, "{path}: {}", r.status);
        assert!(r.header("set-cookie").is_none(), "{path}");
    }
}

/// Headless Chromium at phone sizes (tests/browser/check.mjs). Exit code 3 is a loud skip
/// when Chromium is not installed (`make test` installs it when it can).
pub fn browser_checks_at_phone_sizes(s: &Server) {
    let base = format!("http://127.0.0.1:{}", s.port);
    let mut args = vec!["tests/browser/check.mjs".to_string(), base];
    args.extend(PATHS.iter().map(|p| p.to_string()));
    args.extend(code_paths());
    // A results page per language (the blank search pages are among the code paths).
    args.extend(
        crate::search::results_pages()
            .into_iter()
            .map(|(uri, _)| uri),
    );
    let status = std::process::Command::new("node")
        .args(&args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("run node");
    match status.code() {
        Some(0) => {}
        Some(3) => eprintln!("\n*** SKIPPED: browser checks (Chromium missing, see above) ***\n"),
        other => panic!("browser checks failed ({other:?})"),
    }
}

/// robots.txt, the sitemap, feeds and the manifest come from Workers static assets (written by
/// build.rs); every URL of the sitemap answers 200 through the real server.
pub fn sitemap_feeds_and_assets_are_served(s: &Server) {
    let sitemap = get(s.port, "/sitemap.xml");
    assert_eq!(sitemap.status, 200);
    assert_eq!(
        sitemap.header("content-type"),
        Some("application/xml; charset=utf-8")
    );
    let text = sitemap.text();
    let locs: Vec<&str> = text
        .split("<loc>")
        .skip(1)
        .filter_map(|x| x.split("</loc>").next())
        .collect();
    assert!(locs.len() >= PATHS.len(), "{} URLs", locs.len());
    for loc in locs {
        let path = loc.strip_prefix(TABLE.site_url).unwrap_or(loc);
        assert_eq!(get(s.port, path).status, 200, "{loc}");
    }
    let etag = sitemap.header("etag").expect("etag").to_string();
    assert_eq!(
        send(
            s.port,
            "GET",
            "/sitemap.xml",
            &[("If-None-Match", &etag)],
            b""
        )
        .status,
        304
    );
    for (path, kind) in [
        ("/robots.txt", "text/plain; charset=utf-8"),
        (
            "/actualites/feed.xml",
            "application/atom+xml; charset=utf-8",
        ),
        (
            "/ar/actualites/feed.xml",
            "application/atom+xml; charset=utf-8",
        ),
        (
            "/en/actualites/feed.xml",
            "application/atom+xml; charset=utf-8",
        ),
        ("/manifest.webmanifest", "application/manifest+json"),
    ] {
        let r = get(s.port, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(kind), "{path}");
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
    }
    // The fingerprinted images: right type, cached for a year.
    let home = get(s.port, "/").text();
    for (marker, kind) in [
        ("og:image\" content=\"", "image/png"),
        ("rel=\"icon\" href=\"", "image/svg+xml"),
        ("rel=\"apple-touch-icon\" href=\"", "image/png"),
    ] {
        let url = home
            .split(marker)
            .nth(1)
            .and_then(|x| x.split('"').next())
            .expect(marker);
        let path = url.strip_prefix(TABLE.site_url).unwrap_or(url);
        let r = get(s.port, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(kind), "{path}");
        assert_eq!(
            r.header("cache-control"),
            Some("public, max-age=31536000, immutable"),
            "{path}"
        );
    }
}
