//! Pages over real HTTP: every route, cache and security headers, conditional requests.

use oim_maroc::generated::TABLE;
use oim_site::i18n::ALL;
use oim_site::list::{page_count, page_path};
use oim_site::paths::{code_paths, feed_path};
use oim_site::Kind;

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
        } else if code.iter().any(|c| c == path) {
            // The search pages: rendered for each query, cached for a short time by URL, never
            // indexed, without a validator (tests/e2e/search.rs).
            assert_eq!(
                r.header("cache-control"),
                Some("public, max-age=300, stale-while-revalidate=86400"),
                "{path}"
            );
            assert_eq!(r.header("x-robots-tag"), Some("noindex"), "{path}");
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

/// `If-Modified-Since` (RFC 9110): a 304 from the page's own `Last-Modified` on, in any of the
/// three date formats; a 200 before it; the ETag alone decides when the client sends one.
pub fn revalidates_with_last_modified_and_answers_304(s: &Server) {
    for path in PATHS {
        let first = get(s.port, path);
        let modified = first
            .header("last-modified")
            .expect("last-modified")
            .to_string();
        let since = |value: &str, etag: Option<&str>| {
            let mut headers = vec![("If-Modified-Since", value)];
            headers.extend(etag.map(|e| ("If-None-Match", e)));
            send(s.port, "GET", path, &headers, b"").status
        };
        assert_eq!(since(&modified, None), 304, "{path}");
        // The same instant as asctime: compared as a date, not as text.
        let day = &modified[5..7];
        let asctime = format!(
            "{} {} {} {} {}",
            &modified[..3],
            &modified[8..11],
            day.strip_prefix('0')
                .map_or(day.to_string(), |d| format!(" {d}")),
            &modified[17..25],
            &modified[12..16]
        );
        assert_eq!(since(&asctime, None), 304, "{path}: {asctime}");
        assert_eq!(since("Thu, 01 Jan 1970 00:00:00 GMT", None), 200, "{path}");
        assert_eq!(since(&modified, Some("\"stale\"")), 200, "{path}");
        assert_eq!(since("not a date", None), 200, "{path}");
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

/// The pages the browser checks in full: every page that is neither a news item nor a later
/// page of a list (the home pages, the menu's pages, the sections: their number does not grow
/// with the news), then in each language the newest item, page 2 of each list when there is
/// one, the contact and thank-you pages and the 404 page. The number of pages checked in full
/// stays the same whatever the number of items; the others get the cheap checks.
pub fn browser_paths() -> (Vec<String>, Vec<String>) {
    let site = TABLE.site();
    let mut full: Vec<String> = TABLE
        .pages
        .iter()
        .filter(|p| !matches!(p.kind, Kind::Article | Kind::ListPage))
        .map(|p| p.path.to_string())
        .collect();
    for t in ALL {
        full.extend(
            site.latest_articles(t.lang, 1)
                .iter()
                .map(|p| p.path.to_string()),
        );
        full.extend(
            TABLE
                .pages
                .iter()
                .filter(|p| p.kind == Kind::ListPage && p.lang == t.lang)
                .filter(|p| site.listing(p).is_some_and(|l| l.number == 2))
                .map(|p| p.path.to_string()),
        );
        full.push(format!("404:{}/cette-page-n-existe-pas/", t.prefix));
    }
    full.extend(code_paths());
    let quick = PATHS
        .iter()
        .filter(|p| !full.iter().any(|f| f == *p))
        .map(|p| p.to_string())
        .collect();
    (full, quick)
}

/// Headless Chromium at phone sizes (tests/browser/check.mjs): [`browser_paths`] in full, every
/// other page quickly. Exit code 3 is a loud skip when Chromium is not installed (`make test`
/// installs it when it can).
pub fn browser_checks_at_phone_sizes(s: &Server) {
    let base = format!("http://127.0.0.1:{}", s.port);
    let (full, quick) = browser_paths();
    let mut args = vec!["tests/browser/check.mjs".to_string(), base];
    args.extend(full);
    // A results page per language (the blank search pages are among the code paths).
    args.extend(
        crate::search::results_pages()
            .into_iter()
            .map(|(uri, _)| uri),
    );
    let fixtures = arabic_fixture_pages();
    args.extend(
        fixtures
            .iter()
            .map(|f| format!("--fixture={}", f.display())),
    );
    args.push("--quick".into());
    args.extend(quick);
    let status = std::process::Command::new("node")
        .args(&args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("run node");
    if let Some(dir) = fixtures.first().and_then(|f| f.parent()) {
        let _ = std::fs::remove_dir_all(dir);
    }
    match status.code() {
        Some(0) => {}
        Some(3) => eprintln!("\n*** SKIPPED: browser checks (Chromium missing, see above) ***\n"),
        other => panic!("browser checks failed ({other:?})"),
    }
}

/// The Arabic pages of the fixture site, rendered natively by the same code as the Worker, as
/// files for check.mjs (`--fixture=`): the server runs the real content, and the fixture holds
/// what the real content may not (a Latin run, punctuation, another Latin run).
fn arabic_fixture_pages() -> Vec<std::path::PathBuf> {
    let w = oim_maroc::testing::World::default();
    let dir = std::env::temp_dir().join(format!("oim-fixture-pages-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    w.app
        .pages()
        .iter()
        .filter(|p| p.lang == "ar")
        .map(|p| {
            let file = dir.join(format!(
                "{}.html",
                p.path.trim_matches('/').replace('/', "-")
            ));
            let html = oim_maroc::testing::text(&w.get(&p.path)).to_string();
            std::fs::write(&file, html).expect("write a fixture page");
            file
        })
        .collect()
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

/// The server runs the site this test binary embeds (same `OIM_CONTENT_DIR` and `SITE_URL` at
/// both builds): the home page has the ETag of the binary's table. Checked before any test.
pub fn same_content_as_this_binary(s: &Server) -> Result<(), String> {
    let i = PATHS
        .binary_search(&"/")
        .map_err(|_| "the page table has no home page".to_string())?;
    let r = get(s.port, "/");
    match r.header("etag") {
        Some(etag) if etag == TABLE.etags[i] => Ok(()),
        other => Err(format!(
            "the server's home page has the ETag {other:?}, this test binary's table {}: they \
             were built from different content; build both with the same OIM_CONTENT_DIR and \
             SITE_URL",
            TABLE.etags[i]
        )),
    }
}

/// In each language, the newest news item is linked from the home page and from its list, and
/// is in its feed and in the sitemap. `OIM_EXPECT_NEWEST` names the item that must be the
/// newest (the team's path in `make test-growth` publishes one and checks it here).
pub fn the_newest_item_is_on_the_home_page_its_list_its_feed_and_the_sitemap(s: &Server) {
    let site = TABLE.site();
    let sitemap = get(s.port, "/sitemap.xml").text();
    let mut checked = 0;
    for t in ALL {
        let Some(newest) = site.latest_articles(t.lang, 1).into_iter().next() else {
            continue;
        };
        let section = site.section_of(newest).expect("an article's section");
        let link = format!("href=\"{}\"", newest.path);
        for page in [t.home_path, section.path.as_ref()] {
            let r = get(s.port, page);
            assert_eq!(r.status, 200, "{page}");
            assert!(
                r.text().contains(&link),
                "{page} does not link {}",
                newest.path
            );
        }
        let url = format!("{}{}", TABLE.site_url, newest.path);
        let feed = get(s.port, &feed_path(section)).text();
        assert!(
            feed.contains(&format!("<id>{url}</id>")),
            "feed lacks {url}"
        );
        assert!(
            sitemap.contains(&format!("<loc>{url}</loc>")),
            "sitemap lacks {url}"
        );
        checked += 1;
    }
    if let Some(expected) = std::env::var("OIM_EXPECT_NEWEST")
        .ok()
        .filter(|e| !e.is_empty())
    {
        let newest = site.latest_articles(ALL[0].lang, 1);
        assert_eq!(
            newest.first().map(|p| p.path.as_ref()),
            Some(expected.as_str())
        );
        assert_eq!(checked, ALL.len(), "the new item in every language");
    }
}

/// Whatever the number of items: page 1 of a list is its section (`page/1/` is redirected
/// there), each page links the next and the previous one, and the page after the last is a 404.
pub fn list_pages_link_to_each_other_and_page_one_is_the_section(s: &Server) {
    let site = TABLE.site();
    for section in TABLE.pages.iter().filter(|p| p.kind == Kind::Section) {
        let count = page_count(site.articles_of(&section.path).len());
        let first = page_path(&section.path, 1);
        let r = get(s.port, &format!("{first}page/1/"));
        assert_eq!(r.status, 301, "{first}page/1/");
        assert_eq!(r.header("location"), Some(first.as_str()));
        let past = page_path(&section.path, count + 1);
        assert_eq!(get(s.port, &past).status, 404, "{past}");
        for n in 1..=count {
            let path = page_path(&section.path, n);
            let html = get(s.port, &path).text();
            if n < count {
                let next = format!("href=\"{}\" rel=\"next\"", page_path(&section.path, n + 1));
                assert!(html.contains(&next), "{path}: {next}");
            }
            if n > 1 {
                let prev = format!("href=\"{}\" rel=\"prev\"", page_path(&section.path, n - 1));
                assert!(html.contains(&prev), "{path}: {prev}");
            }
        }
    }
}
