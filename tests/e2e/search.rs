//! The search over real HTTP, in workerd, on the content built into the Worker: each
//! language's page answers, finds its newest news item by the words of its title with marks,
//! and refuses malformed queries with a 400 in its own language, never a 5xx.

use oim_maroc::generated::TABLE;
use oim_maroc::search::results_path;
use oim_site::i18n::ALL;
use oim_site::paths::search_path;
use oim_site::Kind;

use crate::http::{get, raw, send};
use crate::Server;

/// Per language, a results page and the page it must list: the newest news item, found by
/// the (at most 8) longest words of its title, every word being required. Any content.
pub fn results_pages() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for t in ALL {
        let newest = TABLE
            .pages
            .iter()
            .filter(|p| p.kind == Kind::Article && p.lang == t.lang)
            .max_by_key(|p| p.date);
        let Some(page) = newest else { continue };
        let mut words: Vec<&str> = page
            .title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        words.truncate(8);
        out.push((results_path(t, &words.join(" "), 1), page.path.to_string()));
    }
    out
}

pub fn search_answers_in_every_language(s: &Server) {
    let results = results_pages();
    assert_eq!(results.len(), ALL.len(), "a news item in every language");
    for (t, (uri, expected)) in ALL.iter().zip(&results) {
        let blank = get(s.port, &search_path(t));
        assert_eq!(blank.status, 200, "{}", t.lang);
        let r = get(s.port, uri);
        assert_eq!(r.status, 200, "{uri}");
        for res in [&blank, &r] {
            assert_eq!(res.header("x-robots-tag"), Some("noindex"), "{uri}");
            assert_eq!(
                res.header("cache-control"),
                Some("public, max-age=300, stale-while-revalidate=86400"),
                "{uri}"
            );
            assert!(res.header("vary").is_none(), "{uri}");
            assert!(res.header("set-cookie").is_none(), "{uri}");
            assert!(res.header("content-security-policy").is_some(), "{uri}");
        }
        let html = r.text();
        assert!(
            html.starts_with(&format!(
                "<!DOCTYPE html><html lang=\"{}\" dir=\"{}\">",
                t.lang, t.dir
            )),
            "{uri}"
        );
        assert!(html.contains(&format!("<a href=\"{expected}\">")), "{uri}");
        assert!(html.contains("<mark>"), "{uri}");
        assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));

        let head = send(s.port, "HEAD", uri, &[], b"");
        assert_eq!(head.status, 200, "{uri}");
        assert!(head.body.is_empty(), "{uri}");
        // The GET may come chunked (wrangler dev streams it); HEAD says the GET body's length.
        assert_eq!(
            head.header("content-length"),
            Some(r.body.len().to_string().as_str()),
            "{uri}"
        );
        let post = send(s.port, "POST", uri, &[], b"");
        assert_eq!(post.status, 405, "{uri}");
        assert_eq!(post.header("allow"), Some("GET, HEAD"), "{uri}");
    }
}

pub fn search_refuses_malformed_queries_with_a_400_in_the_page_s_language(s: &Server) {
    let long = "a".repeat(10_000);
    let queries = [
        "q=%FF%FE".to_string(),
        "q=%00".to_string(),
        "q=tanger%0D%0Ax".to_string(),
        "q=%".to_string(),
        format!("q={long}"),
        "q=un+deux+trois+quatre+cinq+six+sept+huit+neuf".to_string(),
        "q=rabat&page=0".to_string(),
    ];
    for t in ALL {
        for q in &queries {
            let path = format!("{}?{q}", search_path(t));
            let what = &path[..path.len().min(60)];
            // Sent as written: a real client would re-encode some of these.
            let request =
                format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            let r = raw(s.port, request.as_bytes()).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(r.status, 400, "{what}");
            assert_eq!(r.header("cache-control"), Some("no-store"), "{what}");
            assert_eq!(r.header("x-robots-tag"), Some("noindex"), "{what}");
            assert!(
                r.text().starts_with(&format!(
                    "<!DOCTYPE html><html lang=\"{}\" dir=\"{}\">",
                    t.lang, t.dir
                )),
                "{what}"
            );
        }
    }
    // What the visitor typed comes back escaped.
    let r = get(s.port, "/recherche/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    assert_eq!(r.status, 200);
    let html = r.text();
    assert!(!html.contains("<script>alert"), "unescaped query");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}
