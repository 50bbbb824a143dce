//! The search through the real route (`App::answer_now`), on the fixture site: each language's
//! word folding as a table of query -> pages, then statuses, headers, escaping and pages of
//! results. Rules that hold for any content also run on the real site.

use bytes::Bytes;
use http::header;
use http::{Method, Request, Response, StatusCode};

use oim_search::{Lang, Query, QueryError};
use oim_site::i18n::{lang_of_path, ALL};
use oim_site::paths::search_path;
use oim_site::search::SearchText;

use super::{ask, results_path, Ask, Refusal, MAX_PAGE, X_ROBOTS_TAG};
use crate::headers::is_secured;
use crate::testing::{fixture, text, World};
use crate::App;

fn request(method: Method, uri: &str) -> Request<Bytes> {
    Request::builder()
        .method(method)
        .uri(uri)
        .body(Bytes::new())
        .expect("test request")
}

/// The paths of the results, in order: the links of the results list.
fn found(res: &Response<Bytes>) -> Vec<String> {
    let html = text(res);
    let Some((_, list)) = html.split_once("<ul class=\"news\">") else {
        return Vec::new();
    };
    let list = list.split("</ul>").next().unwrap_or_default();
    list.split("<li><a href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}

/// `/recherche/?q=…` in the language of `prefix`, the query encoded as a browser's form does.
fn search(prefix: &str, q: &str) -> String {
    let t = lang_of_path(&format!("{prefix}/"));
    results_path(t, q, 1)
}

#[test]
fn finds_the_expected_pages_for_each_language_s_rules() {
    let w = World::default();
    // Among pages that match as well, news items come newest first: forum-tanger (2025),
    // atelier-oujda (2024), conference-rabat (2023), premiere-nouvelle (2022).
    let table: &[(&str, &str, &[&str])] = &[
        // French: accents and case folded both ways, plurals, elision, every word required.
        (
            "",
            "éducation",
            &["/actualites/forum-tanger/", "/actualites/atelier-oujda/"],
        ),
        (
            "",
            "EDUCATION",
            &["/actualites/forum-tanger/", "/actualites/atelier-oujda/"],
        ),
        (
            "",
            "mineurs",
            &[
                "/actualites/atelier-oujda/",
                "/actualites/conference-rabat/",
            ],
        ),
        (
            "",
            "mineur",
            &[
                "/actualites/atelier-oujda/",
                "/actualites/conference-rabat/",
            ],
        ),
        ("", "Tanger", &["/actualites/forum-tanger/"]),
        ("", "tanger oujda", &["/actualites/forum-tanger/"]),
        ("", "tanger rabat", &[]),
        // In the title first, then the others newest first.
        (
            "",
            "l'atelier",
            &[
                "/actualites/atelier-oujda/",
                "/actualites/forum-tanger/",
                "/actualites/conference-rabat/",
                "/actualites/premiere-nouvelle/",
            ],
        ),
        ("", "brouillon", &[]),
        // Arabic: the article and its prefixes, diacritics, tatweel, hamza forms, ta marbuta.
        (
            "/ar",
            "الشباب",
            &[
                "/ar/actualites/forum-tanger/",
                "/ar/actualites/atelier-oujda/",
            ],
        ),
        (
            "/ar",
            "شباب",
            &[
                "/ar/actualites/forum-tanger/",
                "/ar/actualites/atelier-oujda/",
            ],
        ),
        (
            "/ar",
            "الشبـــاب",
            &[
                "/ar/actualites/forum-tanger/",
                "/ar/actualites/atelier-oujda/",
            ],
        ),
        (
            "/ar",
            "الأطفال",
            &[
                "/ar/actualites/conference-rabat/",
                "/ar/actualites/premiere-nouvelle/",
            ],
        ),
        (
            "/ar",
            "اطفال",
            &[
                "/ar/actualites/conference-rabat/",
                "/ar/actualites/premiere-nouvelle/",
            ],
        ),
        ("/ar", "هجره", &["/ar/actualites/conference-rabat/"]),
        ("/ar", "طنجة", &["/ar/actualites/forum-tanger/"]),
        // English: plurals, case, every word required.
        (
            "/en",
            "minors",
            &[
                "/en/actualites/atelier-oujda/",
                "/en/actualites/conference-rabat/",
            ],
        ),
        (
            "/en",
            "Minor",
            &[
                "/en/actualites/atelier-oujda/",
                "/en/actualites/conference-rabat/",
            ],
        ),
        ("/en", "policy", &["/en/actualites/forum-tanger/"]),
        ("/en", "tangier", &["/en/actualites/forum-tanger/"]),
        ("/en", "minors tangier", &[]),
    ];
    for (prefix, q, expected) in table {
        let res = w.get(&search(prefix, q));
        assert_eq!(res.status(), StatusCode::OK, "{prefix} {q}");
        assert_eq!(found(&res), *expected, "{prefix} {q}");
    }
}

#[test]
fn a_query_only_sees_the_pages_of_its_language() {
    let w = World::default();
    // Oujda is in every news item of the three languages.
    for (t, oujda) in ALL.iter().zip(["Oujda", "وجدة", "Oujda"]) {
        let res = w.get(&results_path(t, oujda, 1));
        let paths = found(&res);
        assert!(!paths.is_empty(), "{}", t.lang);
        for p in paths {
            assert_eq!(lang_of_path(&p).lang, t.lang, "{p}");
        }
    }
}

#[test]
fn a_draft_is_found_only_when_drafts_are_built() {
    let published = World::default();
    let drafts = World::with(App::with(fixture(true)));
    let uri = search("", "brouillon");
    assert_eq!(found(&published.get(&uri)), Vec::<String>::new());
    assert_eq!(found(&drafts.get(&uri)), ["/actualites/brouillon/"]);
}

#[test]
fn results_show_marked_titles_dates_of_news_and_marked_excerpts() {
    let w = World::default();
    let html = text(&w.get(&search("", "education"))).to_string();
    // The excerpt marks the words as written (accent, case) in the page.
    assert!(html.contains("<mark>Education</mark>"), "{html}");
    assert!(
        html.contains("l’<mark>éducation</mark> des mineurs"),
        "{html}"
    );
    assert!(html.contains("<time datetime=\"2025-06-02\">2 juin 2025</time>"));
    assert!(html.contains("2 résultats"));
    let html = text(&w.get(&search("", "tanger"))).to_string();
    assert!(
        html.contains("Forum d’essai à <mark>Tanger</mark></a>"),
        "{html}"
    );
    assert!(html.contains("1 résultat<"));
    let html = text(&w.get(&search("/ar", "شباب"))).to_string();
    assert!(html.contains("<mark>للشبابِ</mark>"), "{html}");
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"));
    // A page that is not a news item has no date.
    let html = text(&w.get(&search("/en", "areas"))).to_string();
    assert_eq!(
        found(&w.get(&search("/en", "areas"))),
        ["/en/notre-travail/"]
    );
    assert!(!html.contains("<time"), "{html}");
}

#[test]
fn no_result_says_so_and_leads_to_the_news() {
    let w = World::default();
    for t in ALL {
        let res = w.get(&results_path(t, "xyzzy", 1));
        assert_eq!(res.status(), StatusCode::OK);
        let html = text(&res);
        let s = oim_site::search::text(t.lang);
        assert!(html.contains(s.none), "{}", t.lang);
        let news = format!("{}/actualites/", t.prefix);
        assert!(
            html.contains(&format!("<a href=\"{news}\">{}</a>", t.all_news)),
            "{}",
            t.lang
        );
        assert!(!html.contains("<ul class=\"news\">"));
    }
}

#[test]
fn an_empty_query_is_the_blank_form() {
    let w = World::default();
    for t in ALL {
        let path = search_path(t);
        for uri in [
            path.clone(),
            format!("{path}?q="),
            format!("{path}?q=+++"),
            format!("{path}?q=%20%2C%3B"),
            format!("{path}?q=%2C%3B&page=3"),
            format!("{path}?utm_source=x"),
        ] {
            let res = w.get(&uri);
            assert_eq!(res.status(), StatusCode::OK, "{uri}");
            let html = text(&res);
            assert!(html.contains(oim_site::search::text(t.lang).hint), "{uri}");
            assert!(html.contains("<input id=\"q\" type=\"search\" name=\"q\" value=\"\""));
            assert!(!html.contains("<ul class=\"news\">"), "{uri}");
        }
    }
}

#[test]
fn every_search_answer_is_noindex_short_cached_and_varies_only_by_url() {
    let w = World::default();
    for t in ALL {
        let path = search_path(t);
        for (uri, status) in [
            (path.clone(), StatusCode::OK),
            (results_path(t, "Oujda", 1), StatusCode::OK),
            (results_path(t, "xyzzy", 1), StatusCode::OK),
            (format!("{path}?q=%FF"), StatusCode::BAD_REQUEST),
        ] {
            let res = w.get(&uri);
            assert_eq!(res.status(), status, "{uri}");
            let h = res.headers();
            assert_eq!(h[X_ROBOTS_TAG], "noindex", "{uri}");
            assert!(text(&res).contains("<meta name=\"robots\" content=\"noindex\">"));
            let cache = if status == StatusCode::OK {
                "public, max-age=300, stale-while-revalidate=86400"
            } else {
                "no-store"
            };
            assert_eq!(h[header::CACHE_CONTROL], cache, "{uri}");
            assert!(!h.contains_key(header::VARY), "{uri}");
            assert!(!h.contains_key(header::SET_COOKIE), "{uri}");
            assert!(is_secured(h), "{uri}");
            assert_eq!(h[header::CONTENT_TYPE], "text/html; charset=utf-8");
        }
    }
    // The same URL with other request headers gets the same answer.
    let uri = results_path(&oim_site::i18n::FR, "Oujda", 1);
    let plain = w.get(&uri);
    let mut other = request(Method::GET, &uri);
    other.headers_mut().insert(
        header::ACCEPT_LANGUAGE,
        http::HeaderValue::from_static("ar"),
    );
    other.headers_mut().insert(
        header::IF_NONE_MATCH,
        http::HeaderValue::from_static("\"x\""),
    );
    let other = w.send(other);
    assert_eq!(plain.headers(), other.headers());
    assert_eq!(plain.body(), other.body());
}

/// Which of the language's messages a refusal shows.
type Message = fn(&SearchText) -> &'static str;

#[test]
fn malformed_queries_get_a_400_page_in_the_language_of_the_path() {
    let w = World::default();
    let long = "a".repeat(10_000);
    let words = "un+deux+trois+quatre+cinq+six+sept+huit+neuf";
    let cases: &[(String, Message)] = &[
        ("q=%FF%FE".into(), |s| s.invalid),
        ("q=ab%C3".into(), |s| s.invalid),
        ("q=%00".into(), |s| s.invalid),
        ("q=tanger%00".into(), |s| s.invalid),
        ("q=a%0Ab".into(), |s| s.invalid),
        ("q=%E2%80%A8".into(), |s| s.invalid),
        ("q=%EF%BF%BD".into(), |s| s.invalid),
        ("q=%".into(), |s| s.invalid),
        ("q=%zz".into(), |s| s.invalid),
        (format!("q={long}"), |s| s.too_long),
        (format!("q={}", "%C3%A9".repeat(101)), |s| s.too_long),
        (format!("q={words}"), |s| s.too_many_words),
        ("q=tanger&page=0".into(), |s| s.bad_page),
        ("q=tanger&page=-1".into(), |s| s.bad_page),
        ("q=tanger&page=abc".into(), |s| s.bad_page),
        ("q=tanger&page=1001".into(), |s| s.bad_page),
        ("q=tanger&page=99999999999999999999999".into(), |s| {
            s.bad_page
        }),
    ];
    for t in ALL {
        let s = oim_site::search::text(t.lang);
        for (query, message) in cases {
            let uri = format!("{}?{query}", search_path(t));
            let res = w.get(&uri);
            let what = &uri[..uri.len().min(60)];
            assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{what}");
            let html = text(&res);
            let start = format!(
                "<!DOCTYPE html><html lang=\"{}\" dir=\"{}\">",
                t.lang, t.dir
            );
            assert!(html.starts_with(&start), "{what}");
            assert!(html.contains(message(s)), "{what}");
            // The form to try again, empty.
            assert!(html.contains("name=\"q\" value=\"\""), "{what}");
        }
    }
}

#[test]
fn what_the_visitor_typed_comes_back_escaped() {
    let w = World::default();
    for (q, raw) in [
        (
            "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "<script>alert(1)</script>",
        ),
        (
            "%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E",
            "\"><img src=x",
        ),
        ("tanger+%26amp%3B+%3Cb%3E", "<b>"),
    ] {
        let res = w.get(&format!("/recherche/?q={q}"));
        assert_eq!(res.status(), StatusCode::OK, "{q}");
        let html = text(&res);
        assert!(!html.contains(raw), "{q} comes back raw");
        assert_eq!(html.matches("<script").count(), 0, "{q}");
    }
    let html = text(&w.get("/recherche/?q=%3Cscript%3Ex%3C%2Fscript%3E")).to_string();
    assert!(
        html.contains("value=\"&lt;script&gt;x&lt;/script&gt;\""),
        "{html}"
    );
    assert!(
        html.contains("«\u{a0}&lt;script&gt;x&lt;/script&gt;\u{a0}»"),
        "{html}"
    );
}

#[test]
fn head_is_like_get_and_other_methods_get_405() {
    let w = World::default();
    for uri in [
        "/recherche/",
        "/ar/recherche/?q=%D8%B7%D9%86%D8%AC%D8%A9",
        "/recherche/?q=%FF",
    ] {
        let get = w.get(uri);
        let head = w.send(request(Method::HEAD, uri));
        assert_eq!(head.status(), get.status(), "{uri}");
        assert_eq!(head.headers(), get.headers(), "{uri}");
        assert!(head.body().is_empty(), "{uri}");
    }
    for method in [Method::POST, Method::PUT, Method::DELETE, Method::OPTIONS] {
        let res = w.send(request(method.clone(), "/en/recherche/?q=minors"));
        assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "{method}");
        assert_eq!(res.headers()[header::ALLOW], "GET, HEAD");
    }
}

#[test]
fn the_search_path_without_its_slash_is_redirected_with_its_query() {
    let w = World::default();
    let res = w.get("/en/recherche?q=minors");
    assert_eq!(res.status(), StatusCode::MOVED_PERMANENTLY);
    assert_eq!(res.headers()[header::LOCATION], "/en/recherche/?q=minors");
}

#[test]
fn every_page_carries_the_search_form_of_its_language() {
    for w in [World::default(), World::real()] {
        for page in w.app.pages() {
            let t = oim_site::ui(&page.lang);
            let html = text(&w.get(&page.path)).to_string();
            let form = format!(
                "<form class=\"search\" role=\"search\" method=\"get\" action=\"{}\">",
                search_path(t)
            );
            assert!(html.contains(&form), "{}", page.path);
            assert!(html.contains("<label for=\"q-menu\">"), "{}", page.path);
        }
    }
}

#[test]
fn the_real_site_finds_each_page_by_a_word_of_its_title() {
    // Any content: a page is among the results for the longest word of its own title.
    let w = World::real();
    for (i, page) in w.app.pages().iter().enumerate() {
        // The later pages of a list are not indexed (oim_build::search::doc).
        if page.kind == oim_site::Kind::ListPage {
            continue;
        }
        let Some(lang) = Lang::from_tag(&page.lang) else {
            continue;
        };
        let Some(word) = page
            .title
            .split(|c: char| !c.is_alphanumeric())
            .max_by_key(|w| w.chars().count())
        else {
            continue;
        };
        let Ok(query) = Query::parse(lang, word) else {
            continue;
        };
        let packed = oim_search::Packed::new(w.app.search_index()).expect("the embedded index");
        let ranked = packed.search(&query, 1, oim_search::MAX_PER_PAGE);
        let ids: Vec<u32> = ranked.page.iter().map(|f| f.id).collect();
        assert!(
            ranked.total > oim_search::MAX_PER_PAGE || ids.contains(&(i as u32)),
            "{} not found by {word:?}",
            page.path
        );
    }
}

#[test]
fn the_strings_name_the_engine_s_limits() {
    assert_eq!(oim_site::search::MAX_CHARS, Query::MAX_CHARS);
    for t in ALL {
        let s = oim_site::search::text(t.lang);
        assert!(s.too_long.contains(&Query::MAX_CHARS.to_string()));
        assert!(s.too_many_words.contains(&Query::MAX_WORDS.to_string()));
    }
}

#[test]
fn reads_the_query_string_like_a_browser_form() {
    let q = |raw: &str| ask(Lang::Fr, Some(raw));
    let Ok(Ask::Search { query, typed, page }) = q("utm=1&q=Tanger+l%27Oriental&q=x&page=2") else {
        panic!("a search");
    };
    assert_eq!(query.terms(), ["tanger", "oriental"]);
    assert_eq!(typed, "Tanger l'Oriental");
    assert_eq!(page, 2);
    assert_eq!(q("q=a&page="), q("q=a"));
    assert_eq!(q("page=2"), Ok(Ask::Blank));
    assert_eq!(ask(Lang::Fr, None), Ok(Ask::Blank));
    assert_eq!(q("q=a&page=1001"), Err(Refusal::Page));
    assert_eq!(
        q(&format!("q=a&page={MAX_PAGE}")).map(|a| matches!(a, Ask::Search { .. })),
        Ok(true)
    );
    assert_eq!(q("q=%FF"), Err(Refusal::Query(QueryError::InvalidUtf8)));
    assert_eq!(q("q=%G1"), Err(Refusal::Escape));
    // Over the limit before decoding: never decoded.
    assert_eq!(
        q(&format!("q={}", "%41".repeat(10_000))),
        Err(Refusal::Query(QueryError::TooLong))
    );
}

#[test]
fn result_links_keep_the_query_and_name_later_pages_only() {
    let t = &oim_site::i18n::AR;
    assert_eq!(
        results_path(t, "طنجة 2024", 1),
        "/ar/recherche/?q=%D8%B7%D9%86%D8%AC%D8%A9%202024"
    );
    assert_eq!(
        results_path(&oim_site::i18n::FR, "l'OIM & co", 3),
        "/recherche/?q=l%27OIM%20%26%20co&page=3"
    );
}

/// The fixture site and `extra` French news items (untranslated) that all contain `word`.
fn site_with_items(extra: usize, word: &str) -> &'static oim_site::Table {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("oim-search-pages-{}-{extra}", std::process::id()));
    let content = dir.join("content");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root.join("tests/fixtures/site/content"), &content);
    for i in 0..extra {
        let md = format!(
            "+++\ntitle = \"Nouvelle {i}\"\ndescription = \"Résumé {i}.\"\ndate = 2021-01-{:02}\n\
             untranslated = true\n+++\n\nTexte de la nouvelle {i} sur la {word}.\n",
            i + 1
        );
        std::fs::write(content.join(format!("actualites/nouvelle-{i}.md")), md).expect("write");
    }
    let opts = oim_build::Options::for_tests(root, &content, false);
    let built = oim_build::build(&opts).expect("the site builds");
    let table = built.leak();
    let _ = std::fs::remove_dir_all(&dir);
    table
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy");
        }
    }
}

#[test]
fn results_come_ten_a_page_newest_first_with_previous_and_next_links() {
    let w = World::with(App::with(site_with_items(23, "pagination")));
    let all: Vec<String> = (1..=3)
        .flat_map(|page| {
            let res = w.get(&results_path(&oim_site::i18n::FR, "pagination", page));
            assert_eq!(res.status(), StatusCode::OK, "page {page}");
            let html = text(&res).to_string();
            assert!(html.contains("23 résultats"), "page {page}");
            assert!(html.contains(&format!("Page {page} sur 3")), "page {page}");
            let prev = html.contains("rel=\"prev\"");
            let next = html.contains("rel=\"next\"");
            assert_eq!((prev, next), (page > 1, page < 3), "page {page}");
            if page == 2 {
                assert!(html.contains(
                    "<a href=\"/recherche/?q=pagination\" rel=\"prev\">Résultats précédents</a>"
                ));
                assert!(html.contains(
                    "<a href=\"/recherche/?q=pagination&amp;page=3\" rel=\"next\">Résultats suivants</a>"
                ));
            }
            found(&res)
        })
        .collect();
    // Items 22 (23 January) down to 0 (1 January): all equal matches, newest first.
    let expected: Vec<String> = (0..23)
        .rev()
        .map(|i| format!("/actualites/nouvelle-{i}/"))
        .collect();
    assert_eq!(all, expected);
    let past = w.get(&results_path(&oim_site::i18n::FR, "pagination", 4));
    assert_eq!(past.status(), StatusCode::NOT_FOUND);
    assert_eq!(past.headers()[X_ROBOTS_TAG], "noindex");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Any bytes in `q` (percent-encoded as a browser would, or left as typed when they may
    /// be) and any `page`: a page a person can read, 200, 400 or 404, never a panic or a 5xx.
    #[test]
    fn any_query_string_gets_a_readable_answer(
        q in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400),
        page in "[0-9a-z%-]{0,6}",
        raw in proptest::prelude::any::<bool>(),
    ) {
        let encoded: String = q
            .iter()
            .map(|&b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'+' if raw => {
                    (b as char).to_string()
                }
                b => format!("%{b:02X}"),
            })
            .collect();
        let uri = format!("/en/recherche/?q={encoded}&page={page}");
        let w = World::default();
        let res = w.get(&uri);
        let status = res.status().as_u16();
        proptest::prop_assert!([200, 400, 404].contains(&status), "{uri}: {status}");
        proptest::prop_assert!(text(&res).starts_with("<!DOCTYPE html><html lang=\"en\""));
        proptest::prop_assert_eq!(&res.headers()[X_ROBOTS_TAG], "noindex");
    }
}
