//! Which answers are counted as page views, and with what, on the fixture site.

use bytes::Bytes;
use http::header::{self, HeaderValue};
use http::{Method, Request, StatusCode};

use super::*;
use crate::testing::{World, FORM};

const FIREFOX: &str = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0";

/// A browser's request for `url`, from Morocco, with the headers a page request carries.
fn browser(method: Method, url: &str) -> Request<Bytes> {
    let mut req = Request::builder()
        .method(method)
        .uri(url)
        .body(Bytes::new())
        .expect("request");
    let h = req.headers_mut();
    h.insert(header::USER_AGENT, HeaderValue::from_static(FIREFOX));
    h.insert(CF_IPCOUNTRY, HeaderValue::from_static("MA"));
    h.insert("cf-ray", HeaderValue::from_static("8f00aa-CMN"));
    h.insert("cf-connecting-ip", HeaderValue::from_static("203.0.113.77"));
    req
}

fn views(w: &World) -> Vec<(String, String, String, u16)> {
    w.readership.views.borrow().clone()
}

fn view(path: &str, lang: &str, country: &str, status: u16) -> (String, String, String, u16) {
    (path.into(), lang.into(), country.into(), status)
}

#[test]
fn a_page_read_in_a_browser_is_counted_with_its_path_language_country_and_status() {
    let w = World::default();
    w.send(browser(Method::GET, "https://oim.example/notre-travail/"));
    w.send(browser(Method::GET, "/ar/actualites/conference-rabat/"));
    assert_eq!(
        views(&w),
        [
            view("/notre-travail/", "fr", "MA", 200),
            view("/ar/actualites/conference-rabat/", "ar", "MA", 200),
        ]
    );
}

#[test]
fn a_page_revalidated_by_the_browser_is_counted_as_a_304() {
    let w = World::default();
    let i = w
        .app
        .pages()
        .iter()
        .position(|p| p.path == "/en/actualites/")
        .expect("fixture page");
    let mut req = browser(Method::GET, "/en/actualites/");
    req.headers_mut().insert(
        header::IF_NONE_MATCH,
        HeaderValue::from_static(w.app.etag(i)),
    );
    assert_eq!(w.send(req).status(), StatusCode::NOT_MODIFIED);
    assert_eq!(views(&w), [view("/en/actualites/", "en", "MA", 304)]);
}

#[test]
fn the_path_counted_is_the_page_table_s_never_the_raw_url() {
    let w = World::default();
    w.send(browser(
        Method::GET,
        "/qui-sommes-nous/?utm_source=newsletter&email=amina%40exemple.ma",
    ));
    // The home page in French, at `/` (no Accept-Language), is the page `/`.
    w.send(browser(Method::GET, "/"));
    assert_eq!(
        views(&w),
        [
            view("/qui-sommes-nous/", "fr", "MA", 200),
            view("/", "fr", "MA", 200),
        ]
    );
}

#[test]
fn an_unknown_or_odd_country_is_recorded_empty() {
    let w = World::default();
    for country in [None, Some(""), Some("MAR"), Some("M\u{e9}")] {
        let mut req = browser(Method::GET, "/notre-travail/");
        req.headers_mut().remove(CF_IPCOUNTRY);
        if let Some(c) = country {
            if let Ok(v) = HeaderValue::from_str(c) {
                req.headers_mut().insert(CF_IPCOUNTRY, v);
            }
        }
        w.send(req);
    }
    assert!(views(&w)
        .iter()
        .all(|(_, _, country, _)| country.is_empty()));
    assert_eq!(views(&w).len(), 4);
}

#[test]
fn nothing_but_pages_of_the_table_answered_200_or_304_to_a_get_is_counted() {
    let w = World::default();
    let mut not_views = vec![
        browser(Method::HEAD, "/notre-travail/"),
        browser(Method::DELETE, "/notre-travail/"),
        browser(Method::GET, "/notre-travail"),
        browser(Method::GET, "/notre%2Dtravail/"),
        browser(Method::GET, "/nope/"),
        browser(Method::GET, "/%ff/"),
        browser(Method::GET, "/contact/"),
        browser(Method::GET, "/contact/merci/"),
        // A draft is not a page of the published table.
        browser(Method::GET, "/actualites/brouillon/"),
    ];
    let mut negotiated = browser(Method::GET, "/");
    negotiated
        .headers_mut()
        .insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("en"));
    not_views.push(negotiated);
    let mut post = browser(Method::POST, "https://oim.example/contact/");
    post.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-www-form-urlencoded"),
    );
    *post.body_mut() = Bytes::from_static(FORM);
    not_views.push(post);
    for req in not_views {
        let what = format!("{} {}", req.method(), req.uri());
        let status = w.send(req).status();
        assert!(views(&w).is_empty(), "{what} ({status}) was counted");
    }
}

#[test]
fn a_preview_s_page_views_are_not_counted() {
    let w = World::default();
    w.send(browser(
        Method::GET,
        "https://equipe-coquille-oim-maroc.equipe.workers.dev/notre-travail/",
    ));
    assert!(views(&w).is_empty());
}

#[test]
fn robots_that_say_so_and_clients_without_a_user_agent_are_not_counted() {
    let w = World::default();
    for ua in [
        Some("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
        Some("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"),
        Some("Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"),
        Some("Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)"),
        Some("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"),
        Some("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36"),
        Some("Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse"),
        Some("curl/8.5.0"),
        Some("Wget/1.21.4"),
        Some("python-requests/2.32.3"),
        Some("Go-http-client/2.0"),
        Some("CCBot/2.0 (https://commoncrawl.org/faq/)"),
        Some("Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)"),
        Some("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0)"),
        Some("okhttp/4.12.0"),
        Some("Mozilla"),
        Some(""),
        Some("   "),
        None,
    ] {
        let mut req = browser(Method::GET, "/notre-travail/");
        match ua {
            Some(ua) => {
                req.headers_mut()
                    .insert(header::USER_AGENT, HeaderValue::from_static(ua));
            }
            None => {
                req.headers_mut().remove(header::USER_AGENT);
            }
        }
        assert_eq!(w.send(req).status(), StatusCode::OK);
        assert!(views(&w).is_empty(), "{ua:?} was counted");
    }
}

#[test]
fn browsers_are_not_taken_for_robots() {
    for ua in [
        FIREFOX,
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
        "Opera/9.80 (Android; Opera Mini/36.2.2254/119.132; U; id) Presto/2.12.423 Version/12.16",
    ] {
        assert!(!is_declared_robot(ua.as_bytes()), "{ua}");
    }
}

/// The data point holds the four fields of the privacy notice and nothing of the request
/// itself: no IP address, User-Agent, Ray id, query string.
#[test]
fn the_data_point_holds_the_page_language_country_and_status_only() {
    let w = World::default();
    let req = browser(Method::GET, "/notre-travail/?ref=amina%40exemple.ma");
    let res = w.send(browser(
        Method::GET,
        "/notre-travail/?ref=amina%40exemple.ma",
    ));
    let page = &w.app.pages()[w
        .app
        .pages()
        .iter()
        .position(|p| p.path == "/notre-travail/")
        .expect("fixture page")];
    let view = page_view(&req, &res, page).expect("a page view");
    let (index, blobs) = columns(&view);
    assert_eq!(index, "/notre-travail/");
    assert_eq!(blobs, ["/notre-travail/", "fr", "MA", "200"]);
    for value in req.headers().values() {
        let value = value.to_str().expect("ASCII");
        if value != "MA" {
            assert!(!blobs.contains(&value) && index != value, "{value}");
        }
    }
}

#[test]
fn a_long_path_s_index_is_cut_at_a_character_boundary() {
    let short = "/ar/actualites/";
    assert_eq!(index_of(short), short);
    let long = format!("/ar/actualites/{}/", "ب".repeat(60));
    let index = index_of(&long);
    assert!(index.len() <= MAX_INDEX && index.len() >= MAX_INDEX - 1);
    assert!(long.starts_with(index));
}

/// The notice in every language names what is counted, and says what is not.
#[test]
fn the_privacy_notice_names_what_is_counted() {
    for t in oim_site::i18n::ALL {
        for word in ["200", "304", "IP", "User-Agent"] {
            assert!(t.privacy_text.contains(word), "{}: {word}", t.lang);
        }
    }
}
