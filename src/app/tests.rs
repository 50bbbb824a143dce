//! The core handler over every route, as the Worker would call it.

use bytes::Bytes;
use http::header::{self, HeaderValue};
use http::{Method, Request, StatusCode};
use sha2::{Digest, Sha256};

use crate::headers::is_secured;
use crate::testing::{text, World};

fn request(method: Method, path: &str) -> Request<Bytes> {
    Request::builder()
        .method(method)
        .uri(path)
        .body(Bytes::new())
        .expect("test request")
}

/// Every path served from content, plus the pages rendered by code.
fn all_pages(w: &World) -> Vec<String> {
    let mut paths: Vec<String> = w.app.pages().iter().map(|p| p.path.to_string()).collect();
    paths.extend(["/contact/".to_string(), "/contact/merci/".to_string()]);
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
                "OIM Maroc",
                "depuis 2007",
                "Conférence de clôture du projet SALEMM",
            ][..],
        ),
        (
            "/qui-sommes-nous/",
            &[
                "174",
                "plus de 100",
                "depuis 2007",
                "https://www.iom.int/fr",
            ][..],
        ),
        (
            "/notre-travail/",
            &[
                "Programme 2030",
                "protection et résilience",
                "migration, gouvernance et développement",
                "appui à la jeunesse",
                "Données et ressources",
                "Agir",
                "Agenda 2030",
            ][..],
        ),
        (
            "/actualites/",
            &["Conférence de clôture du projet SALEMM", "29 janvier 2016"][..],
        ),
        (
            "/actualites/conference-de-cloture-du-projet-salemm/",
            &[
                "36 mois",
                "Rabat",
                "28 et\n29 janvier 2016",
                "Tunisie",
                "Italie",
                "FMPCI",
                "ANOLF",
                "Première séance",
                "Deuxième séance",
                "Dernière séance",
                "<li>maintenir l’appui",
                "http://www.salemm.org",
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
            !html.contains("SALAMM") && !html.contains("SALEMMN"),
            "{path} keeps a typo"
        );
    }
}

#[test]
fn every_page_has_one_h1_a_title_a_description_and_a_language() {
    let w = World::default();
    for path in all_pages(&w) {
        let res = w.get(&path);
        let html = text(&res);
        assert!(
            html.starts_with("<!DOCTYPE html><html lang=\"fr\" dir=\"ltr\">"),
            "{path}"
        );
        assert_eq!(html.matches("<h1").count(), 1, "{path}: one <h1>");
        assert_eq!(html.matches("<title>").count(), 1, "{path}: one <title>");
        assert!(
            html.contains("<meta name=\"description\" content=\""),
            "{path}"
        );
        assert!(html.contains("<meta name=\"viewport\""), "{path}");
        assert!(!html.contains("<script"), "{path}: no JavaScript");
        assert_eq!(
            html.matches("rel=\"canonical\"").count(),
            1,
            "{path}: one canonical"
        );
    }
}

#[test]
fn every_internal_link_on_every_page_leads_to_a_page() {
    let w = World::default();
    for path in all_pages(&w) {
        let html = text(&w.get(&path)).to_string();
        for href in hrefs(&html) {
            if href.starts_with("http") || href.starts_with("data:") {
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
    let w = World::default();
    for (i, page) in w.app.pages().iter().enumerate() {
        let res = w.get(&page.path);
        let h = res.headers();
        assert_eq!(h[header::CONTENT_TYPE], "text/html; charset=utf-8");
        assert_eq!(
            h[header::CACHE_CONTROL],
            "public, max-age=300, stale-while-revalidate=86400"
        );
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
        (
            "/actualites/conference-de-cloture-du-projet-salemm",
            "/actualites/conference-de-cloture-du-projet-salemm/",
        ),
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

#[test]
fn the_home_page_leads_to_every_page_and_the_latest_news() {
    let w = World::default();
    let html = text(&w.get("/")).to_string();
    let links = hrefs(&html);
    for page in w.app.pages() {
        assert!(
            links.iter().any(|l| *l == page.path),
            "home has no link to {}",
            page.path
        );
    }
    assert!(links.iter().any(|l| l == "/contact/"));
}
