//! Native micro-benchmarks of the core handler (`cargo bench --bench core`, or `make bench-native`).
//!
//! What the Worker does per request, without the JS boundary: the first GET of each page on a
//! fresh `App` (one render), a memoized GET (a warm isolate), the 304 path, a 404, the contact
//! page, and the contact form's parsing and validation. Built with the release profile
//! (`opt-level = "z"`, like the Worker); the request is built outside the timed part.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use oim_maroc::contact::{parse_form, validate};
use oim_maroc::testing::{get, get_if_none_match, World, FORM};
use oim_maroc::App;
use oim_site::i18n::FR;

/// The benchmark's name for a page: its path without the outer slashes (`ar/actualites`
/// becomes `ar_actualites`: the three languages share slugs), `home` for `/`.
fn short(path: &str) -> String {
    match path.trim_matches('/') {
        "" => "home".into(),
        p => p.replace('/', "_"),
    }
}

/// Every page of the real site built into this binary, in table order.
fn page_paths(w: &World) -> Vec<String> {
    w.app.pages().iter().map(|p| p.path.to_string()).collect()
}

fn pages(c: &mut Criterion) {
    let warm = World::real();
    let paths = page_paths(&warm);

    c.bench_function("app_new", |b| b.iter(|| black_box(App::new())));

    let mut g = c.benchmark_group("first_render");
    for path in &paths {
        // A fresh App per iteration (built untimed): the GET renders the page once.
        g.bench_function(short(path), |b| {
            b.iter_batched(
                || (World::real(), get(path)),
                |(w, req)| {
                    let res = w.serve(req);
                    assert_eq!(res.status(), 200);
                    (w, res)
                },
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();

    let mut g = c.benchmark_group("memoized");
    for path in &paths {
        warm.serve(get(path));
        g.bench_function(short(path), |b| {
            b.iter_batched(|| get(path), |req| warm.serve(req), BatchSize::SmallInput)
        });
    }
    g.finish();

    let mut g = c.benchmark_group("not_modified");
    for (i, path) in paths.iter().enumerate() {
        let etag = warm.app.etag(i);
        g.bench_function(short(path), |b| {
            b.iter_batched(
                || get_if_none_match(path, etag),
                |req| {
                    let res = warm.serve(req);
                    debug_assert_eq!(res.status(), 304);
                    res
                },
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();

    c.bench_function("not_found", |b| {
        b.iter_batched(
            || get("/pas-de-page-ici/"),
            |req| warm.serve(req),
            BatchSize::SmallInput,
        )
    });
    // Rendered on every request (it is not memoized: see README, "Performance").
    c.bench_function("contact_page", |b| {
        b.iter_batched(
            || get("/contact/"),
            |req| warm.serve(req),
            BatchSize::SmallInput,
        )
    });
}

fn contact(c: &mut Criterion) {
    c.bench_function("contact_form/parse_validate", |b| {
        b.iter(|| {
            let (input, errors) = parse_form(black_box(FORM), &FR).expect("a valid form body");
            validate(&input, errors, &FR).expect("a valid message")
        })
    });
    let bad = b"name=&email=pas-une-adresse&subject=spam&message=court";
    c.bench_function("contact_form/parse_validate_invalid", |b| {
        b.iter(|| {
            let (input, errors) = parse_form(black_box(bad), &FR).expect("a readable form body");
            validate(&input, errors, &FR).expect_err("an invalid message")
        })
    });
}

criterion_group!(benches, pages, contact);
criterion_main!(benches);
