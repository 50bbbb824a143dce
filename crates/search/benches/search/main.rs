//! `cargo bench`: the CPU time of a query (parse, search, page 1 of 10 hits with excerpts) at
//! today's content and with 500 news items per language; the cost of building the index once
//! per isolate (time, memory); the size of an index built at build time and embedded in the
//! Worker (raw and gzip), and a query on it (`Packed`, hits made from the Markdown). Native
//! figures: the Worker's wasm runs roughly 1.5-2x slower.
//! `cargo bench -- query` runs only the queries; figures are printed first (`--bench` only).

mod corpus;

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};
use oim_search::{plain_text, terms, Doc, Index, Lang, Packed, Query};

use corpus::{docs, load_content, synthesize, Source};

/// Counts live heap bytes, to weigh an index.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Relaxed);
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const ITEMS: usize = 500;
const LANGS: [Lang; 3] = [Lang::Fr, Lang::Ar, Lang::En];

struct Corpus {
    name: &'static str,
    sources: Vec<Source>,
}

fn corpora() -> (Corpus, Corpus) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let today = load_content(&dir);
    let mut grown = Vec::new();
    for (n, lang) in LANGS.into_iter().enumerate() {
        grown.extend(synthesize(&today, lang, ITEMS, 0x5eed + n as u64));
    }
    (
        Corpus {
            name: "today",
            sources: today,
        },
        Corpus {
            name: "500-per-lang",
            sources: grown,
        },
    )
}

/// Document frequency of every term of `lang`.
fn frequencies(docs: &[Doc], lang: Lang) -> BTreeMap<String, usize> {
    let mut df = BTreeMap::new();
    for doc in docs.iter().filter(|d| d.lang == lang) {
        let mut seen: Vec<String> = [&doc.title, &doc.description, &doc.text]
            .iter()
            .flat_map(|t| terms(t, lang))
            .collect();
        seen.sort();
        seen.dedup();
        for t in seen {
            *df.entry(t).or_insert(0) += 1;
        }
    }
    df
}

/// The term whose document frequency is closest to `target` (first in order among equals).
fn term_with_df(df: &BTreeMap<String, usize>, target: usize) -> String {
    df.iter()
        .filter(|(t, _)| t.chars().count() >= 4)
        .min_by_key(|(_, &n)| n.abs_diff(target))
        .map(|(t, _)| t.clone())
        .unwrap_or_default()
}

/// The queries of one language: (label, query text).
fn queries(docs: &[Doc], lang: Lang) -> Vec<(String, String)> {
    let df = frequencies(docs, lang);
    let n = docs.iter().filter(|d| d.lang == lang).count();
    let fixed: &[(&str, &str)] = match lang {
        Lang::Fr => &[
            ("word", "migration"),
            ("two-words", "jeunes migrants"),
            ("six-words", "la migration des jeunes au Maroc"),
            ("no-match", "xyzzyq"),
        ],
        Lang::Ar => &[
            ("word", "الهجرة"),
            ("two-words", "الشباب المغرب"),
            ("six-words", "المنظمة الدولية للهجرة في المغرب الشباب"),
            ("no-match", "xyzzyq"),
        ],
        Lang::En => &[
            ("word", "migration"),
            ("two-words", "youth migrants"),
            ("six-words", "the migration of young people in Morocco"),
            ("no-match", "xyzzyq"),
        ],
    };
    let mut out: Vec<(String, String)> = fixed
        .iter()
        .map(|(l, q)| (l.to_string(), q.to_string()))
        .collect();
    out.push(("mid-df".into(), term_with_df(&df, n / 10)));
    out.push(("rare".into(), term_with_df(&df, 2)));
    out
}

fn gzip(bytes: &[u8], level: u32) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
    e.write_all(bytes).ok();
    e.finish().map(|v| v.len()).unwrap_or(0)
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// One shot timings (median of `runs`) for the figures; criterion measures the same below.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn figures(corpus: &Corpus) {
    println!("\n== {} ==", corpus.name);
    let markdown: usize = corpus.sources.iter().map(|s| s.markdown.len()).sum();
    let before = LIVE.load(Relaxed);
    let docs = corpus::docs(&corpus.sources);
    let text: usize = docs
        .iter()
        .map(|d| d.title.len() + d.description.len() + d.text.len())
        .sum();
    let with_docs = LIVE.load(Relaxed);
    let index = Index::new(docs);
    let with_index = LIVE.load(Relaxed);
    println!(
        "documents: {} ({} of Markdown, {} of plain text)",
        index.len(),
        kb(markdown),
        kb(text)
    );
    for lang in LANGS {
        println!("terms {}: {}", lang.tag(), index.term_count(lang));
    }
    println!(
        "memory: plain text {} + term tables and postings {} = {}",
        kb(with_docs - before),
        kb(with_index - with_docs),
        kb(with_index - before)
    );
    drop(index);

    let build = |sources: &[Source]| Index::new(corpus::docs(sources));
    let all = median(5, || drop(black_box(build(&corpus.sources))));
    let fr: Vec<Source> = corpus
        .sources
        .iter()
        .filter(|s| s.lang == Lang::Fr)
        .cloned()
        .collect();
    let one = median(5, || drop(black_box(build(&fr))));
    let plain = median(5, || {
        for s in &fr {
            black_box(plain_text(&s.markdown));
        }
    });
    println!(
        "build from Markdown: all languages {:.2} ms, French only {:.2} ms (of which plain_text {:.2} ms)",
        all.as_secs_f64() * 1e3,
        one.as_secs_f64() * 1e3,
        plain.as_secs_f64() * 1e3
    );
    let bytes = Index::new(corpus::docs(&corpus.sources)).to_bytes();
    println!(
        "packed index (Index::to_bytes): {} raw, {} gzip -6, {} gzip -9",
        kb(bytes.len()),
        kb(gzip(&bytes, 6)),
        kb(gzip(&bytes, 9))
    );
}

fn bench(c: &mut Criterion, corpus: &Corpus) {
    let docs = docs(&corpus.sources);
    let index = Index::new(docs.clone());
    let mut group = c.benchmark_group(format!("query/{}", corpus.name));
    group
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for lang in LANGS {
        for (label, raw) in queries(&docs, lang) {
            let query = Query::parse(lang, &raw).unwrap_or_else(|e| panic!("{raw:?}: {e}"));
            let total = index.search(&query, 1, 10).total;
            let id = BenchmarkId::new(
                format!("{}/{label}", lang.tag()),
                format!("{raw} ({total})"),
            );
            group.bench_function(id, |b| {
                b.iter(|| {
                    let Ok(query) = Query::parse(lang, black_box(&raw)) else {
                        return 0;
                    };
                    let results = index.search(&query, 1, 10);
                    black_box(&results);
                    results.total
                })
            });
        }
    }
    group.finish();

    // The embedded design: the packed bytes rank, then the page's hits are made from their
    // Markdown (plain text at query time, as the Worker would).
    let bytes = index.to_bytes();
    let packed = Packed::new(&bytes).unwrap_or_else(|e| panic!("{e}"));
    let mut group = c.benchmark_group(format!("query-packed/{}", corpus.name));
    group
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for lang in LANGS {
        for (label, raw) in queries(&docs, lang) {
            let id = BenchmarkId::new(format!("{}/{label}", lang.tag()), &raw);
            group.bench_function(id, |b| {
                b.iter(|| {
                    let Ok(query) = Query::parse(lang, black_box(&raw)) else {
                        return 0;
                    };
                    let ranked = packed.search(&query, 1, 10);
                    for found in &ranked.page {
                        let source = &corpus.sources[found.id as usize];
                        let text = plain_text(&source.markdown);
                        black_box(found.hit(&source.title, &source.description, &text, &query));
                    }
                    ranked.total
                })
            });
        }
    }
    group.finish();

    let mut group = c.benchmark_group(format!("build/{}", corpus.name));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    let fr: Vec<Source> = corpus
        .sources
        .iter()
        .filter(|s| s.lang == Lang::Fr)
        .cloned()
        .collect();
    group.bench_function("fr-from-markdown", |b| {
        b.iter(|| Index::new(corpus::docs(black_box(&fr))))
    });
    group.bench_function("all-from-markdown", |b| {
        b.iter(|| Index::new(corpus::docs(black_box(&corpus.sources))))
    });
    group.finish();
}

fn main() {
    let (today, grown) = corpora();
    let benching = std::env::args().any(|a| a == "--bench");
    if benching {
        figures(&today);
        figures(&grown);
        for lang in LANGS {
            let docs = docs(&grown.sources);
            for (label, raw) in queries(&docs, lang) {
                println!("query {} {label}: {raw}", lang.tag());
            }
        }
    }
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c, &today);
    bench(&mut c, &grown);
    c.final_summary();
}
