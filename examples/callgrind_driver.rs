//! A tiny native driver for `scripts/callgrind`: builds the `App`, warms the page once, then
//! serves N memoized GETs of it (or N 304s with `--304`; or N searches for a search URI). Running it under
//! `valgrind --tool=callgrind` for N and 2N requests and dividing the difference by N gives the
//! instructions per request without the set-up (process start, `App::new`, the first render).
//!
//!     callgrind_driver N [PATH] [--304] [--browser]
//!
//! `--browser`: each request carries a browser's User-Agent and a country, so that it is
//! counted as a page view (into the fake readership, emptied at each request).

use std::hint::black_box;

use oim_maroc::testing::{get, get_if_none_match, World};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .expect("usage: callgrind_driver N [PATH] [--304]");
    let rest: Vec<String> = args.collect();
    let path = rest
        .iter()
        .find(|a| a.starts_with('/'))
        .cloned()
        .unwrap_or_else(|| "/".into());
    let conditional = rest.iter().any(|a| a == "--304");
    let browser = rest.iter().any(|a| a == "--browser");

    let w = World::real();
    // A content page, or any other 200 (a search: `/recherche/?q=…`, rendered every time).
    let etag = w
        .app
        .pages()
        .iter()
        .position(|p| p.path == path)
        .map(|index| w.app.etag(index));
    let first = w.serve(get(&path));
    assert_eq!(first.status(), 200);

    let mut bytes = 0usize;
    for _ in 0..n {
        let mut req = match etag {
            Some(etag) if conditional => get_if_none_match(&path, etag),
            _ => get(&path),
        };
        if browser {
            let h = req.headers_mut();
            h.insert(
                http::header::USER_AGENT,
                http::HeaderValue::from_static(
                    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) \
                     Chrome/131.0.0.0 Mobile Safari/537.36",
                ),
            );
            h.insert("cf-ipcountry", http::HeaderValue::from_static("MA"));
        }
        let res = w.serve(black_box(req));
        w.readership.views.borrow_mut().clear();
        bytes += black_box(res).body().len();
    }
    println!("{n} requests of {path}: {bytes} body bytes");
}
