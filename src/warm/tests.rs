//! The warm-up on the fixture site (exact expectations) and on the real one (rules).

use bytes::Bytes;
use http::Request;

use super::*;
use crate::app::{Answer, Reply};
use crate::log::wanted;
use crate::testing::World;

/// The request a warm-up request becomes in the Worker.
fn request(app: &App, warm: &Warm) -> Request<Bytes> {
    let mut req = Request::get(warm.url(app));
    if let Some((name, value)) = &warm.header {
        req = req.header(name, *value);
    }
    req.body(Bytes::new()).expect("warm-up request")
}

/// Warms `app` up as the start function does, natively; the answers, in order.
fn warm_up(app: &App) -> Vec<Reply> {
    let config = Config::default();
    let platform = crate::testing::FakePlatform::default();
    let deps = deps(&config, &platform);
    requests(app)
        .iter()
        .map(|warm| match app.answer_now(&request(app, warm), &deps) {
            Answer::Now(res) => res,
            Answer::AfterServices(_) => panic!("{} waits for a service", warm.path),
        })
        .collect()
}

fn cache_of(w: &World, path: &str) -> &'static str {
    let res = w.get(path);
    res.meta.route.expect("log route").cache
}

#[test]
fn the_warm_up_takes_every_path_a_first_visitor_takes() {
    let w = World::default();
    let answers = warm_up(&w.app);
    let statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    // The newest news item, the home page, a 304 on If-None-Match and one on
    // If-Modified-Since, the 302 of `/` to English, a 404, the contact form and a 301.
    assert_eq!(statuses, [200, 200, 304, 304, 302, 404, 200, 301]);
    // On the production host: nothing is marked as a preview's answer.
    assert!(answers
        .iter()
        .all(|r| !r.headers().contains_key("x-robots-tag")));
    // Paths the start function can put after `http://localhost`.
    for warm in requests(&w.app) {
        assert!(warm.path.starts_with('/') && !warm.path.contains(['?', '#']));
    }
}

#[test]
fn the_warm_up_stays_the_same_size_whatever_the_content() {
    let small = requests(&World::default().app);
    let real = requests(&World::real().app);
    assert_eq!(small.len(), 8);
    assert_eq!(real.len(), small.len());
}

#[test]
fn the_warm_up_keeps_only_the_home_page_the_newest_item_and_a_404_page() {
    let w = World::default();
    warm_up(&w.app);
    let newest = &w.app.site().latest_articles("fr", 1)[0].path;
    for page in w.app.pages() {
        let expected = if page.path == "/" || page.path == *newest {
            "memo-hit"
        } else {
            "render"
        };
        assert_eq!(cache_of(&w, &page.path), expected, "{}", page.path);
    }
    assert_eq!(cache_of(&w, "/nowhere/"), "memo-hit");
    assert_eq!(cache_of(&w, "/en/nowhere/"), "render");
}

/// `warm_up` fails on any answer that would wait for a service (a form post).
#[test]
fn the_warm_up_waits_for_no_service_and_writes_no_log_line() {
    for w in [World::default(), World::real()] {
        for res in warm_up(&w.app) {
            assert!(!res.status().is_server_error(), "{}", res.status());
            assert!(
                !wanted(&http::Method::GET, &res),
                "a warm-up answer would be logged: {:?}",
                res.meta.route
            );
        }
    }
}

#[test]
fn the_services_of_the_warm_up_refuse_every_call() {
    let m = NewMessage {
        reference: String::new(),
        name: String::new(),
        email: String::new(),
        subject: String::new(),
        message: String::new(),
        country: None,
        user_agent_hash: None,
        preview: false,
    };
    assert!(crate::testing::ready(UNAVAILABLE.insert(&m)).is_err());
    assert!(crate::testing::ready(UNAVAILABLE.delete_before("2026-01-01")).is_err());
    for limit in [Limit::Client, Limit::Site] {
        assert!(crate::testing::ready(UNAVAILABLE.allow(limit, "203.0.113.7")).is_err());
    }
}
