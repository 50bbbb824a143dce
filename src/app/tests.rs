//! The core handler over every route, as the Worker would call it. Exact expectations run on
//! the fixture site (`tests/fixtures/site/`); rules that must hold for any content run on the
//! fixture and on the real site built into this binary.

use bytes::Bytes;
use http::header::{self, HeaderValue};
use http::{Method, Request, StatusCode};
use sha2::{Digest, Sha256};

use oim_site::i18n::{lang_of_path, ALL};
use oim_site::paths::{code_paths, contact_path, feed_path};
use oim_site::Kind;

use crate::app::{Answer, FormPost, Reply};
use crate::headers::is_secured;
use crate::testing::{fixture, text, World};

/// The fixture site and the real one: for rules that hold whatever the content.
fn worlds() -> [World; 2] {
    [World::default(), World::real()]
}

fn request(method: Method, path: &str) -> Request<Bytes> {
    Request::builder()
        .method(method)
        .uri(path)
        .body(Bytes::new())
        .expect("test request")
}

/// Every path served from content, plus the pages rendered by code, in every language.
fn all_pages(w: &World) -> Vec<String> {
    let mut paths: Vec<String> = w.app.pages().iter().map(|p| p.path.to_string()).collect();
    paths.extend(code_paths());
    paths
}

/// [`all_pages`] and `more` paths (404s, redirects, odd spellings).
fn pages_and(w: &World, more: &[&str]) -> Vec<String> {
    let mut paths = all_pages(w);
    paths.extend(more.iter().map(|p| p.to_string()));
    paths
}

/// The values of every `href="…"` in a page.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&amp;", "&"))
        .collect()
}

#[test]
fn serves_every_page_with_its_content() {
    let w = World::default();
    let expected = [
        (
            "/",
            &[
                "Site d’essai de l’OIM",
                "Ce site d’essai sert aux tests",
                // The latest three news items, newest first; the draft is not published.
                "Forum d’essai à Tanger",
                "Atelier d’essai à Oujda",
                "Conférence d’essai à Rabat",
            ][..],
        ),
        (
            "/qui-sommes-nous/",
            &["<strong>42</strong>", "href=\"/notre-travail/#axes\""][..],
        ),
        (
            "/notre-travail/",
            &["l’axe un\u{202f};", "<table>", "id=\"axes\""][..],
        ),
        (
            "/actualites/",
            &["Première nouvelle d’essai", "1er mai 2022", "14 mars 2024"][..],
        ),
        (
            "/actualites/premiere-nouvelle/",
            &[
                "Oujda",
                "<h2 id=\"deroulement\">Déroulement</h2>",
                "width=\"40\" height=\"30\"",
            ][..],
        ),
        (
            "/contact/",
            &["<form method=\"post\" action=\"/contact/\"", "09-08"][..],
        ),
        ("/contact/merci/", &["Merci"][..]),
    ];
    for (path, needles) in expected {
        let res = w.get(path);
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let html = text(&res);
        for needle in needles {
            assert!(html.contains(needle), "{path} should contain {needle:?}");
        }
        assert!(
            !html.contains("Brouillon d’essai"),
            "{path} shows the draft"
        );
    }
}

#[test]
fn every_page_has_one_h1_a_title_a_description_and_a_language() {
    for w in worlds() {
        every_page_has_one_h1_in(&w);
    }
}

fn every_page_has_one_h1_in(w: &World) {
    for path in all_pages(w) {
        let res = w.get(&path);
        let html = text(&res);
        let t = lang_of_path(&path);
        let start = format!(
            "<!DOCTYPE html><html lang=\"{}\" dir=\"{}\">",
            t.lang, t.dir
        );
        assert!(html.starts_with(&start), "{path}");
        assert_eq!(html.matches("<h1").count(), 1, "{path}: one <h1>");
        assert_eq!(html.matches("<title>").count(), 1, "{path}: one <title>");
        assert!(
            html.contains("<meta name=\"description\" content=\""),
            "{path}"
        );
        assert!(html.contains("<meta name=\"viewport\""), "{path}");
        // No JavaScript: the only script element is JSON-LD data, which browsers do not run.
        let scripts = html.matches("<script").count();
        let data = html
            .matches("<script type=\"application/ld+json\">")
            .count();
        assert_eq!(scripts, data, "{path}: no JavaScript");
        assert_eq!(
            html.matches("rel=\"canonical\"").count(),
            1,
            "{path}: one canonical"
        );
    }
}

#[test]
fn every_internal_link_on_every_page_leads_to_a_page() {
    for w in worlds() {
        every_internal_link_leads_to_a_page_in(&w);
    }
}

fn every_internal_link_leads_to_a_page_in(w: &World) {
    let site = w.app.site();
    // Served by Workers static assets from what `oim publish` writes next to the Worker.
    let mut published: Vec<String> = site.assets.iter().map(|(_, url)| url.to_string()).collect();
    published.extend(site.images.iter().map(|i| i.url.to_string()));
    published.push("/manifest.webmanifest".into());
    published.extend(
        site.pages
            .iter()
            .filter(|p| p.kind == oim_site::Kind::Section)
            .map(feed_path),
    );
    for path in all_pages(w) {
        let html = text(&w.get(&path)).to_string();
        for href in hrefs(&html) {
            if href.starts_with("http") || href.starts_with("data:") || published.contains(&href) {
                continue;
            }
            let (target, anchor) = match href.split_once('#') {
                Some((t, a)) => (if t.is_empty() { path.as_str() } else { t }, Some(a)),
                None => (href.as_str(), None),
            };
            let res = w.get(target);
            assert_eq!(res.status(), StatusCode::OK, "{path} links to {href}");
            if let Some(anchor) = anchor {
                assert!(
                    text(&res).contains(&format!("id=\"{anchor}\"")),
                    "{path} links to missing {href}"
                );
            }
        }
    }
}

#[test]
fn pages_carry_cache_validators_and_security_headers() {
    for w in worlds() {
        pages_carry_validators_in(&w);
    }
}

fn pages_carry_validators_in(w: &World) {
    for (i, page) in w.app.pages().iter().enumerate() {
        let res = w.get(&page.path);
        let h = res.headers();
        assert_eq!(h[header::CONTENT_TYPE], "text/html; charset=utf-8");
        // `/` depends on Accept-Language: browsers only (see `Policy::Negotiated`).
        let scope = if page.path == "/" {
            "private"
        } else {
            "public"
        };
        let expected = format!("{scope}, max-age=300, stale-while-revalidate=86400");
        assert_eq!(h[header::CACHE_CONTROL], expected.as_str());
        assert_eq!(
            h[header::CONTENT_LENGTH],
            res.body().len().to_string().as_str()
        );
        assert!(h[header::LAST_MODIFIED].to_str().unwrap().ends_with(" GMT"));
        assert!(is_secured(h), "{}", page.path);
        // The build-time ETag is the hash of exactly these bytes.
        let hex: String = Sha256::digest(res.body())
            .iter()
            .take(10)
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            h[header::ETAG],
            format!("\"{hex}\"").as_str(),
            "{}",
            page.path
        );
        assert_eq!(w.app.etag(i), h[header::ETAG]);
    }
}

#[test]
fn the_csp_allows_exactly_the_inline_stylesheet() {
    use base64::Engine;
    let w = World::default();
    let res = w.get("/");
    let html = text(&res);
    let css = html
        .split("<style>")
        .nth(1)
        .and_then(|s| s.split("</style>").next())
        .unwrap();
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(css.as_bytes()));
    let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains(&format!("style-src 'sha256-{hash}'")), "{csp}");
    // Answers other than pages (a 404, the contact form) carry the policy without a script.
    let plain = oim_site::csp::content_security_policy(&format!("sha256-{hash}"), None, false);
    for path in ["/nope/", "/contact/"] {
        assert_eq!(
            w.get(path).headers()[header::CONTENT_SECURITY_POLICY],
            plain.as_str(),
            "{path}"
        );
    }
}

#[test]
fn answers_304_to_a_matching_etag_and_200_to_a_stale_one() {
    let w = World::default();
    let path = "/notre-travail/";
    let etag = w.get(path).headers()[header::ETAG].clone();

    let mut req = request(Method::GET, path);
    req.headers_mut()
        .insert(header::IF_NONE_MATCH, etag.clone());
    let res = w.send(req);
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    assert!(res.body().is_empty());
    assert_eq!(res.headers()[header::ETAG], etag);
    assert!(res.headers().contains_key(header::CACHE_CONTROL));

    let mut req = request(Method::GET, path);
    req.headers_mut()
        .insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"0000\""));
    let res = w.send(req);
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!res.body().is_empty());
}

#[test]
fn answers_304_to_if_modified_since_at_or_after_the_last_change() {
    let w = World::default();
    let path = "/notre-travail/";
    let res = w.get(path);
    let modified = res.headers()[header::LAST_MODIFIED].clone();
    let with = |value: &str, etag: Option<&HeaderValue>| {
        let mut req = request(Method::GET, path);
        req.headers_mut().insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_str(value).unwrap(),
        );
        if let Some(etag) = etag {
            req.headers_mut()
                .insert(header::IF_NONE_MATCH, etag.clone());
        }
        w.send(req)
    };

    let same = with(modified.to_str().unwrap(), None);
    assert_eq!(same.status(), StatusCode::NOT_MODIFIED);
    assert!(same.body().is_empty());
    assert_eq!(same.headers()[header::LAST_MODIFIED], modified);
    assert_eq!(same.headers()[header::ETAG], res.headers()[header::ETAG]);
    assert_eq!(
        with("Fri, 31 Dec 9999 23:59:59 GMT", None).status(),
        StatusCode::NOT_MODIFIED
    );
    let old = with("Thu, 01 Jan 1970 00:00:00 GMT", None);
    assert_eq!(old.status(), StatusCode::OK);
    assert_eq!(old.body(), res.body());
    // With If-None-Match, the ETag alone decides (RFC 9110, 13.2.2).
    let stale = HeaderValue::from_static("\"0000\"");
    assert_eq!(
        with(modified.to_str().unwrap(), Some(&stale)).status(),
        StatusCode::OK
    );
    assert_eq!(
        with("not a date", Some(&res.headers()[header::ETAG])).status(),
        StatusCode::NOT_MODIFIED
    );
    assert_eq!(with("not a date", None).status(), StatusCode::OK);
}

#[test]
fn a_dated_page_was_last_modified_on_its_own_date_not_the_build_day() {
    use oim_site::dates::http_date;
    let w = World::default();
    // The fixture is built on 1 November 2026 (`Options::for_tests`); none of its items is.
    let build_day = http_date(oim_site::Date {
        year: 2026,
        month: 11,
        day: 1,
    });
    let mut dated = 0;
    for page in w.app.pages() {
        let Some(day) = page.updated.or(page.date) else {
            continue;
        };
        if matches!(page.kind, Kind::Home | Kind::Section) {
            continue; // they also change when an article they list does
        }
        let res = w.get(&page.path);
        let modified = &res.headers()[header::LAST_MODIFIED];
        assert_eq!(modified, http_date(day).as_str(), "{}", page.path);
        assert_ne!(modified, build_day.as_str(), "{}", page.path);
        dated += 1;
    }
    assert!(
        dated >= 6,
        "the fixture has dated news items in three languages"
    );
}

#[test]
fn head_has_the_headers_of_get_and_no_body() {
    let w = World::default();
    for path in ["/", "/actualites/", "/contact/", "/nope/"] {
        let get = w.get(path);
        let head = w.send(request(Method::HEAD, path));
        assert_eq!(head.status(), get.status(), "{path}");
        assert!(head.body().is_empty(), "{path}");
        assert_eq!(
            head.headers()[header::CONTENT_LENGTH],
            get.headers()[header::CONTENT_LENGTH],
            "{path}"
        );
        assert_eq!(
            head.headers().get(header::ETAG),
            get.headers().get(header::ETAG),
            "{path}"
        );
    }
}

#[test]
fn other_methods_get_405_with_allow() {
    let w = World::default();
    for method in [
        Method::POST,
        Method::PUT,
        Method::DELETE,
        Method::PATCH,
        Method::OPTIONS,
    ] {
        let res = w.send(request(method.clone(), "/qui-sommes-nous/"));
        assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(res.headers()[header::ALLOW], "GET, HEAD");
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    }
    let res = w.send(request(Method::PUT, "/contact/"));
    assert_eq!(res.headers()[header::ALLOW], "GET, HEAD, POST");
}

#[test]
fn redirects_every_other_spelling_to_the_canonical_url() {
    let w = World::default();
    let cases = [
        ("/qui-sommes-nous", "/qui-sommes-nous/"),
        ("/actualites", "/actualites/"),
        ("/actualites/atelier-oujda", "/actualites/atelier-oujda/"),
        ("/contact", "/contact/"),
        ("/contact/merci", "/contact/merci/"),
        ("/notre%2Dtravail/", "/notre-travail/"),
        (
            "/notre-travail?utm_source=whatsapp",
            "/notre-travail/?utm_source=whatsapp",
        ),
    ];
    for (from, to) in cases {
        let res = w.get(from);
        assert_eq!(res.status(), StatusCode::MOVED_PERMANENTLY, "{from}");
        assert_eq!(res.headers()[header::LOCATION], to, "{from}");
        assert_eq!(
            res.headers()[header::CACHE_CONTROL],
            "public, max-age=86400"
        );
        assert!(is_secured(res.headers()));
    }
}

#[test]
fn serves_pages_whatever_the_query_string() {
    let w = World::default();
    assert_eq!(w.get("/?fbclid=abc").status(), StatusCode::OK);
}

#[test]
fn unknown_pages_get_a_french_404() {
    let w = World::default();
    let res = w.get("/page-qui-n-existe-pas/");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "public, max-age=60");
    let html = text(&res);
    assert!(html.contains("Page introuvable"));
    assert!(html.contains("href=\"/\""));
    assert!(is_secured(res.headers()));
}

#[test]
fn hostile_paths_get_400_or_404_never_500() {
    let w = World::default();
    let long = format!("/{}", "a".repeat(5000));
    let hostile = [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/actualites/../qui-sommes-nous/",
        "/./",
        "//",
        "///etc/passwd",
        "/qui-sommes-nous//",
        "/a%2Fb/",
        "/a%2fb",
        "/a%5cb/",
        "/%ff%fe/",
        "/%c0%af/",
        "/%00/",
        "/%0d%0aSet-Cookie:%20x=1",
        "/%",
        "/%zz/",
        "/%%32%65/",
        "/%u002e%u002e/",
        long.as_str(),
        "/index.php?id=1%27%20OR%201=1",
        "/wp-admin/",
        "/.env",
        "/.git/config",
        "/contact/%00",
        "/%E2%80%AE/",
        "/actualites/%2e%2e%2f",
    ];
    assert!(hostile.len() >= 20);
    for path in hostile {
        let res = w.get(path);
        let status = res.status().as_u16();
        assert!(status == 400 || status == 404, "{path} answered {status}");
        assert!(is_secured(res.headers()), "{path}");
        assert!(!res.headers().contains_key("set-cookie"), "{path}");
        assert!(
            text(&res).contains("lang=\"fr\""),
            "{path}: a page a person can read"
        );
    }
}

#[test]
fn renders_each_page_once_and_reuses_it() {
    let w = World::default();
    let first = w.app.rendered(0);
    let second = w.app.rendered(0);
    // Same allocation: the second call reused the memo.
    assert_eq!(first.as_ptr(), second.as_ptr());
}

/// The adapter keeps a `Reusable` response ready on the JS side and sends it again for the same
/// mark: that is only right if the core gives a mark to one response, whatever the request.
#[test]
fn a_reusable_mark_always_means_the_same_response() {
    use crate::app::Reusable;
    let w = World::default();
    let paths = pages_and(
        &w,
        &[
            "/nope/",
            "/ar/nope/",
            "/en/nope/",
            "/?utm=x",
            "/notre-travail/?a=1",
        ],
    );
    let variants: &[&[(&'static str, &'static str)]] = &[
        &[],
        &[("accept-language", "ar"), ("sec-fetch-site", "same-origin")],
        &[
            ("accept-language", "en-GB,en;q=0.9"),
            ("sec-fetch-site", "same-origin"),
        ],
        &[("if-none-match", "\"0000\""), ("user-agent", "Mozilla/5.0")],
        &[("accept-language", "fr"), ("cf-ipcountry", "MA")],
    ];
    let mut seen: Vec<(Reusable, Reply)> = Vec::new();
    let mut marked = 0;
    for _ in 0..2 {
        for path in &paths {
            for headers in variants {
                let res = w.send(with_headers(path, headers));
                let Some(mark) = res.meta.reusable else {
                    continue;
                };
                marked += 1;
                assert!(
                    matches!(res.status(), StatusCode::OK | StatusCode::NOT_FOUND),
                    "{path}"
                );
                match seen.iter().find(|(m, _)| *m == mark) {
                    Some((_, first)) => {
                        assert_eq!(res.status(), first.status(), "{path} {mark:?}");
                        assert_eq!(res.headers(), first.headers(), "{path} {mark:?}");
                        assert_eq!(res.body(), first.body(), "{path} {mark:?}");
                    }
                    None => seen.push((mark, res)),
                }
            }
        }
    }
    // Every content page (`/` as `Home`) and the three 404s are marked.
    assert_eq!(
        seen.len(),
        w.app.pages().len() + 3,
        "{:?}",
        seen.iter().map(|s| s.0).collect::<Vec<_>>()
    );
    assert!(marked > seen.len());

    // Answers that differ from the full page are never marked.
    let etag = w.get("/notre-travail/").headers()[header::ETAG].clone();
    let mut conditional = request(Method::GET, "/notre-travail/");
    conditional
        .headers_mut()
        .insert(header::IF_NONE_MATCH, etag);
    let redirected = with_headers("/", &[("accept-language", "ar")]);
    for res in [
        w.send(conditional),
        w.send(request(Method::HEAD, "/notre-travail/")),
        w.send(request(Method::HEAD, "/nope/")),
        w.send(redirected),
        w.get("/contact/"),
        w.get("/notre-travail"),
    ] {
        assert!(res.meta.reusable.is_none(), "{:?} is marked", res.status());
    }
}

/// For GET and HEAD the adapter copies only the first `PAGE_HEADER_COUNT` request headers:
/// the others (the form's) must change nothing in any answer to them.
#[test]
fn pages_ignore_the_form_headers() {
    use crate::headers::{read_by, REQUEST_HEADERS};
    let w = World::default();
    let paths = pages_and(
        &w,
        &[
            "/nope/",
            "/ar/nope/",
            "/notre-travail",
            "/%",
            "/contact/merci/",
        ],
    );
    let form_values = [
        "203.0.113.9",
        "evil.example",
        "multipart/form-data; boundary=x",
        "999999",
        "https://evil.example",
        "https://evil.example/page",
    ];
    let page_headers = read_by(&Method::GET);
    let form_headers = &REQUEST_HEADERS[page_headers.len()..];
    assert_eq!(form_headers.len(), form_values.len());
    assert_eq!(read_by(&Method::HEAD), page_headers);
    assert_eq!(read_by(&Method::POST), &REQUEST_HEADERS[..]);
    let page_variants: &[&[(&'static str, &'static str)]] = &[
        &[],
        &[("accept-language", "ar")],
        &[("accept-language", "en"), ("sec-fetch-site", "same-origin")],
        &[("if-none-match", "\"0000\""), ("cf-ray", "8f00-CMN")],
    ];
    for method in [Method::GET, Method::HEAD] {
        for path in &paths {
            for variant in page_variants {
                let build = |with_form: bool| {
                    let mut req = request_with(method.clone(), path, variant);
                    if with_form {
                        for (name, value) in form_headers.iter().zip(form_values) {
                            req.headers_mut()
                                .insert(name.clone(), HeaderValue::from_static(value));
                        }
                    }
                    req
                };
                let (plain, with_form) = (w.send(build(false)), w.send(build(true)));
                let what = format!("{method} {path} {variant:?}");
                assert_eq!(plain.status(), with_form.status(), "{what}");
                assert_eq!(plain.headers(), with_form.headers(), "{what}");
                assert_eq!(plain.body(), with_form.body(), "{what}");
            }
        }
    }
}

#[test]
fn the_home_page_leads_to_the_menu_the_contact_and_the_latest_news() {
    for w in worlds() {
        let site = w.app.site();
        for t in ALL {
            let html = text(&w.get(t.home_path)).to_string();
            let links = hrefs(&html);
            let menu = site.menu(t.lang);
            let latest = site.latest_articles(t.lang, 3);
            for page in menu.iter().chain(&latest) {
                let linked = links.iter().any(|l| *l == page.path);
                assert!(linked, "{} has no link to {}", t.home_path, page.path);
            }
            assert!(links.contains(&contact_path(t)));
        }
    }
}

#[test]
fn arabic_pages_are_right_to_left_and_english_pages_exist() {
    let w = World::default();
    let ar = w.get("/ar/actualites/conference-rabat/");
    assert_eq!(ar.status(), StatusCode::OK);
    let html = text(&ar);
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\">"));
    for needle in [
        "FMPCI",
        "وجدة",
        "<time datetime=\"2023-01-29\">29 يناير 2023</time>",
    ] {
        assert!(html.contains(needle), "Arabic article lacks {needle}");
    }
    let en = text(&w.get("/en/actualites/conference-rabat/")).to_string();
    for needle in ["Oujda", ">29 January 2023</time>", "How it went"] {
        assert!(en.contains(needle), "English article lacks {needle}");
    }
}

#[test]
fn every_page_links_to_its_translations_both_ways() {
    for w in worlds() {
        translations_link_both_ways_in(&w);
    }
}

fn translations_link_both_ways_in(w: &World) {
    let base = w.app.site_url();
    for path in all_pages(w) {
        let html = text(&w.get(&path)).to_string();
        let own = lang_of_path(&path);
        for t in ALL {
            let alt = format!(
                "<link rel=\"alternate\" hreflang=\"{}\" href=\"{base}",
                t.lang
            );
            let Some(rest) = html.split(&alt).nth(1) else {
                panic!("{path}: no alternate for {}", t.lang)
            };
            let target = rest.split('"').next().unwrap_or("");
            // Reciprocal: the alternate names this page back.
            let back = text(&w.get(target)).to_string();
            let me = format!("hreflang=\"{}\" href=\"{base}{path}\"", own.lang);
            assert!(back.contains(&me), "{target} does not link back to {path}");
            if t.lang != own.lang {
                // The switcher leads there too, labelled in its own language.
                let link = format!(
                    "href=\"{target}\" hreflang=\"{}\" lang=\"{}\"",
                    t.lang, t.lang
                );
                assert!(html.contains(&link), "{path}: no switcher link to {target}");
            }
        }
        let default = format!("hreflang=\"x-default\" href=\"{base}");
        assert!(html.contains(&default), "{path}");
    }
}

#[test]
fn only_a_form_post_waits_and_every_other_answer_is_the_same_at_once() {
    let w = World::default();
    let paths = pages_and(
        &w,
        &[
            "/nope/",
            "/ar/nope/",
            "/notre-travail",
            "/contact",
            "/%ff/",
            "/?q=1",
        ],
    );
    let methods = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
    ];
    let forms = ["/contact/", "/ar/contact/", "/en/contact/"];
    let mut waited = Vec::new();
    for path in &paths {
        for method in &methods {
            let headers: &[(&str, &str)] = &[("if-none-match", "\"x\""), ("accept-language", "en")];
            let req = request_with(method.clone(), path, headers);
            match w.answer_now(&req) {
                Answer::Now(now) => {
                    let later = w.send(req);
                    assert_eq!(now.status(), later.status(), "{method} {path}");
                    assert_eq!(now.headers(), later.headers(), "{method} {path}");
                    assert_eq!(now.body(), later.body(), "{method} {path}");
                    // The same route in the log (the second is a memo hit, not a render).
                    let route = |res: &Reply| res.meta.route.map(|r| r.route);
                    assert_eq!(route(&now), route(&later), "{method} {path}");
                }
                Answer::AfterServices(FormPost(t)) => {
                    assert_eq!(*method, Method::POST, "{path}");
                    assert!(
                        path.ends_with(&format!("{}contact/", t.home_path)),
                        "{path}: {}",
                        t.lang
                    );
                    waited.push(path.clone());
                }
            }
        }
    }
    waited.sort();
    let mut expected: Vec<String> = forms.map(String::from).to_vec();
    expected.sort();
    assert_eq!(waited, expected);
    // The post itself still goes through: an empty form is refused by the form's own check.
    let res = w.send(request(Method::POST, "/contact/"));
    assert_eq!(res.meta.route.map(|r| r.route), Some("contact"));
    assert!(res.status().is_client_error(), "{}", res.status());
}

fn with_headers(path: &str, headers: &[(&'static str, &'static str)]) -> Request<Bytes> {
    request_with(Method::GET, path, headers)
}

fn request_with(
    method: Method,
    path: &str,
    headers: &[(&'static str, &'static str)],
) -> Request<Bytes> {
    let mut req = request(method, path);
    for (k, v) in headers {
        req.headers_mut().insert(*k, HeaderValue::from_static(v));
    }
    req
}

#[test]
fn the_root_follows_accept_language_unless_the_visitor_chose() {
    let w = World::default();
    type Case = (
        &'static [(&'static str, &'static str)],
        u16,
        Option<&'static str>,
    );
    let cases: &[Case] = &[
        (
            &[("accept-language", "ar-MA,ar;q=0.9,fr;q=0.8")],
            302,
            Some("/ar/"),
        ),
        (
            &[("accept-language", "it-IT,it;q=0.9,en;q=0.8")],
            302,
            Some("/en/"),
        ),
        (&[("accept-language", "fr-MA,ar;q=0.5")], 200, None),
        (&[("accept-language", "de-DE")], 200, None),
        (&[], 200, None),
        // Clicking "Français" on the site: the visitor chose.
        (
            &[("accept-language", "ar"), ("sec-fetch-site", "same-origin")],
            200,
            None,
        ),
        (
            &[("accept-language", "ar"), ("sec-fetch-site", "cross-site")],
            302,
            Some("/ar/"),
        ),
    ];
    for (headers, status, location) in cases {
        let res = w.send(with_headers("/", headers));
        assert_eq!(res.status().as_u16(), *status, "{headers:?}");
        let got = res
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok());
        assert_eq!(got, *location, "{headers:?}");
        assert_eq!(
            res.headers()[header::VARY],
            "Accept-Language, Sec-Fetch-Site"
        );
        let cache = res.headers()[header::CACHE_CONTROL].to_str().unwrap_or("");
        assert!(cache.starts_with("private"), "{cache}");
    }
    // Other pages never redirect and do not vary.
    let res = w.send(with_headers(
        "/notre-travail/",
        &[("accept-language", "ar")],
    ));
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().get(header::VARY).is_none());
}

#[test]
fn the_404_page_speaks_the_language_of_the_path() {
    let w = World::default();
    assert!(text(&w.get("/ar/nope/")).contains("الصفحة غير موجودة"));
    assert!(text(&w.get("/en/nope/")).contains("Page not found"));
    assert!(text(&w.get("/nope/")).contains("Page introuvable"));
}

#[test]
fn the_contact_form_answers_in_the_language_of_the_page() {
    let w = World::default();
    let mut req = Request::post("http://127.0.0.1:8787/ar/contact/")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Bytes::from_static(
            b"name=&email=x&subject=&message=&website=",
        ))
        .expect("request");
    req.headers_mut()
        .insert("cf-connecting-ip", HeaderValue::from_static("192.0.2.9"));
    let res = w.send(req);
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(&res);
    assert!(html.contains("يُرجى إدخال اسمكم"), "Arabic error");
    assert!(html.contains("action=\"/ar/contact/\""));
    let ok = Request::post("http://127.0.0.1:8787/en/contact/")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Bytes::from_static(
            b"name=Sam&email=sam%40example.ma&subject=autre&message=Hello+from+England&consent=on",
        ))
        .expect("request");
    let res = w.send(ok);
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], "/en/contact/merci/");
}

#[test]
fn a_draft_shows_a_banner_when_drafts_are_previewed_and_is_never_published() {
    let preview = World::with(crate::App::with(fixture(true)));
    let html = text(&preview.get("/actualites/brouillon/")).to_string();
    assert!(
        html.contains("class=\"banner\"") && html.contains("Brouillon"),
        "{html}"
    );
    let published = World::default();
    assert_eq!(
        published.get("/actualites/brouillon/").status(),
        StatusCode::NOT_FOUND
    );
    // The table built into this binary holds drafts only when it was built for a preview.
    let table = &crate::generated::TABLE;
    assert!(table.pages.iter().all(|p| !p.draft || table.drafts));
}
