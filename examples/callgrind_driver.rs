//! A tiny native driver for `scripts/callgrind`: builds the `App`, warms the page once, then
//! serves N memoized GETs of it (or N 304s with `--304`; or N searches for a search URI). Running it under
//! `valgrind --tool=callgrind` for N and 2N requests and dividing the difference by N gives the
//! instructions per request without the set-up (process start, `App::new`, the first render).
//!
//!     callgrind_driver N [PATH] [--304]

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
        let req = match etag {
            Some(etag) if conditional => get_if_none_match(&path, etag),
            _ => get(&path),
        };
        let res = w.serve(black_box(req));
        bytes += black_box(res).body().len();
    }
    println!("{n} requests of {path}: {bytes} body bytes");
}
