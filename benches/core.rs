//! Native micro-benchmarks of the core handler (`cargo bench --bench core`, or `make bench-native`).
//!
//! What the Worker does per request, without the JS boundary: the first GET of each page on a
//! fresh `App` (one render), a memoized GET (a warm isolate), the 304 path, a 404, the contact
//! page, the contact form's parsing and validation, and searches through the route
//! (`cargo bench --bench core -- search`, also with `OIM_CONTENT_DIR` on a growth corpus). Built with the release profile
//! (`opt-level = "z"`, like the Worker); the request is built outside the timed part.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::io::Write;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use flate2::write::GzEncoder;
use flate2::Compression;
use oim_maroc::contact::{parse_form, validate};
use oim_maroc::search::results_path;
use oim_maroc::testing::{get, get_if_none_match, World, FORM};
use oim_maroc::App;
use oim_search::{plain_text, Index};
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
    // Rendered on every request (it is not memoized: see docs/performance.md).
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

/// Queries for the search benches, from the content built into this binary (no word of today's
/// pages is pinned): per language, the word in the most pages, it and the next most common
/// (every word is required), a word in about a tenth of the pages, the word of those whose
/// first place in the pages' text is furthest on (excerpts read up to it: the slowest), a word
/// in one page, and a word in none. Words of 4 letters or more, as typed (the engine folds
/// them).
fn search_queries(w: &World) -> Vec<(String, String)> {
    let mut queries = Vec::new();
    for t in oim_site::i18n::ALL {
        let pages: Vec<_> = w.app.pages().iter().filter(|p| p.lang == t.lang).collect();
        // Word -> (pages it is in, sum of its first byte offsets in their text).
        let mut seen: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for page in &pages {
            let text = format!(
                "{} {} {}",
                page.title,
                page.description,
                plain_text(&page.body)
            );
            let mut firsts: BTreeMap<String, usize> = BTreeMap::new();
            let mut at = 0;
            for word in text.split(|c: char| !c.is_alphanumeric()) {
                if word.chars().count() >= 4 {
                    firsts.entry(word.to_lowercase()).or_insert(at);
                }
                at += word.len() + 1;
            }
            for (word, first) in firsts {
                let entry = seen.entry(word).or_default();
                entry.0 += 1;
                entry.1 += first;
            }
        }
        let mut by_count: Vec<(usize, usize, String)> =
            seen.into_iter().map(|(w, (n, f))| (n, f, w)).collect();
        by_count.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.cmp(&b.2)));
        let Some((_, _, common)) = by_count.first() else {
            continue;
        };
        let word = |i: Option<&(usize, usize, String)>| i.map_or(String::new(), |x| x.2.clone());
        let tenth = (pages.len() / 10).max(1);
        let late = by_count
            .iter()
            .filter(|(n, _, _)| *n >= tenth)
            .max_by_key(|(_, first, _)| *first);
        for (name, q) in [
            ("common", common.clone()),
            ("two_common", format!("{common} {}", word(by_count.get(1)))),
            (
                "tenth",
                word(by_count.iter().min_by_key(|(n, _, _)| n.abs_diff(tenth))),
            ),
            ("late", word(late)),
            ("rare", word(by_count.last())),
            ("none", "zzxqjw".to_string()),
        ] {
            queries.push((format!("{}_{name}", t.lang), results_path(t, &q, 1)));
        }
    }
    queries
}

/// The search through the route (`App::answer_now`): ranking in the embedded index and one
/// page of ten hits with their excerpts, rendered. Prints the index's size first.
fn search(c: &mut Criterion) {
    let warm = World::real();
    let index = warm.app.search_index();
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(index).expect("gzip in memory");
    let gzip = gz.finish().expect("gzip in memory").len();
    eprintln!(
        "search index: {} pages, {} bytes raw, {gzip} bytes gzip -9",
        warm.app.pages().len(),
        index.len()
    );
    let queries = search_queries(&warm);
    let mut g = c.benchmark_group("search");
    for (name, uri) in &queries {
        eprintln!("search/{name}: {uri}");
        g.bench_function(name, |b| {
            b.iter_batched(
                || get(uri),
                |req| {
                    let res = warm.serve(req);
                    debug_assert_eq!(res.status(), 200);
                    res
                },
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();
    // Design A, for the record (docs/search.md): what building the index in an isolate at its
    // first search in a language would cost, from the same pages (plain text included).
    let mut g = c.benchmark_group("search_index_per_isolate");
    for t in oim_site::i18n::ALL {
        let pages = warm.app.pages();
        g.bench_function(t.lang, |b| {
            b.iter(|| {
                let docs: Vec<_> = pages
                    .iter()
                    .zip(0..)
                    .filter(|(p, _)| p.lang == t.lang)
                    .filter_map(|(p, i)| oim_build::search::doc(i, p))
                    .collect();
                Index::new(docs)
            })
        });
    }
    g.finish();
    // Nothing is built per isolate: a fresh App's first search costs what any other does.
    if let Some((_, uri)) = queries.first() {
        c.bench_function("search_fresh_app", |b| {
            b.iter_batched(
                || (World::real(), get(uri)),
                |(w, req)| {
                    let res = w.serve(req);
                    (w, res)
                },
                BatchSize::SmallInput,
            )
        });
    }
}

criterion_group!(benches, pages, contact, search);
criterion_main!(benches);
