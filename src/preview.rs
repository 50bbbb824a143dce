//! Production or preview, decided per request from its host.
//!
//! The production host is the one of `SITE_URL`, the canonical origin the build embeds in the
//! page table (`Table::site_url`). A request for any other host is a preview: a version's
//! preview address (`<alias>-oim-maroc.<account>.workers.dev`), the Worker's own workers.dev
//! address once the site has its domain, an IP. A preview is not indexed (`X-Robots-Tag:
//! noindex` on every answer), its contact messages are stored marked as such and reach nobody
//! (`contact.rs`), and its page views are not counted (`readership.rs`).
//!
//! The host is read from the request's URL, which the Worker adapter passes whole (workerd
//! builds it from the `Host` header): no request header is copied for it. Ports are ignored:
//! `wrangler dev` on any port of the host of `SITE_URL` is production, as the site is there.

use http::header::{HeaderName, HeaderValue};
use http::Uri;

use crate::app::Reply;

/// Tells search engines not to index an answer (Google, Bing and others honour it on any
/// response, HTML or not).
pub const X_ROBOTS_TAG: HeaderName = HeaderName::from_static("x-robots-tag");

/// The host of an origin, without scheme, port or path, as written: `https://oim.ma` ->
/// `oim.ma`, `http://127.0.0.1:8787` -> `127.0.0.1`, `http://[::1]:8787` -> `[::1]`.
pub fn host_of(origin: &str) -> &str {
    let rest = origin.split_once("://").map_or(origin, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    if authority.starts_with('[') {
        // An IPv6 literal keeps its brackets; the port, if any, follows them.
        return authority
            .find(']')
            .map_or(authority, |end| &authority[..=end]);
    }
    authority.split(':').next().unwrap_or("")
}

/// Whether a request for `uri` is a preview, given the production host. A URI without a host
/// (the native tests' `/path` requests; the Worker always has one) is production.
pub fn is_preview(uri: &Uri, production_host: &str) -> bool {
    // [`host_of`] rather than `Uri::host`: the same few lines serve both, 0.6 KB less gzip wasm.
    uri.authority()
        .is_some_and(|a| !host_of(a.as_str()).eq_ignore_ascii_case(production_host))
}

/// Marks a preview's answer: `X-Robots-Tag: noindex`. The answer is no longer
/// [`Reusable`](crate::app::Reusable): the Worker keeps one ready copy per page for the
/// production host, and a preview's copy carries one more header.
pub fn mark(reply: &mut Reply) {
    reply
        .headers_mut()
        .insert(X_ROBOTS_TAG, HeaderValue::from_static("noindex"));
    reply.meta.reusable = None;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_of_an_origin_has_no_scheme_port_or_path() {
        assert_eq!(host_of("https://oim.ma"), "oim.ma");
        assert_eq!(host_of("https://www.oim.ma/"), "www.oim.ma");
        assert_eq!(host_of("http://127.0.0.1:8787"), "127.0.0.1");
        assert_eq!(host_of("http://[::1]:8787"), "[::1]");
        assert_eq!(host_of("https://oim.example/site?x#y"), "oim.example");
    }

    #[test]
    fn another_host_is_a_preview_and_the_production_host_in_any_case_or_port_is_not() {
        let preview = |url: &str| is_preview(&url.parse().expect("uri"), "oim.ma");
        assert!(!preview("https://oim.ma/"));
        assert!(!preview("https://OIM.MA/actualites/"));
        assert!(!preview("http://oim.ma:8080/"));
        assert!(preview(
            "https://equipe-coquille-oim-maroc.equipe.workers.dev/"
        ));
        assert!(preview("https://oim-maroc.equipe.workers.dev/"));
        assert!(preview("https://www.oim.ma/"));
        assert!(preview("http://127.0.0.1:8787/"));
        // Without a host, as the native tests build requests: production.
        assert!(!preview("/actualites/"));
    }
}

/// The rule over the core's answers, on the fixture site (`SITE_URL` `https://oim.example`).
#[cfg(test)]
mod answers {
    use bytes::Bytes;
    use http::header::{self, HeaderValue};
    use http::{Method, Request, StatusCode};

    use super::X_ROBOTS_TAG;
    use crate::app::{Answer, Reply};
    use crate::testing::{World, FORM};

    const PRODUCTION: &str = "https://oim.example";
    const PREVIEW: &str = "https://equipe-coquille-oim-maroc.equipe.workers.dev";

    fn request(method: Method, url: &str) -> Request<Bytes> {
        Request::builder()
            .method(method)
            .uri(url)
            .body(Bytes::new())
            .expect("request")
    }

    fn form_post(origin: &str, path: &str) -> Request<Bytes> {
        let mut req = Request::post(format!("{origin}{path}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Bytes::from_static(FORM))
            .expect("request");
        req.headers_mut().insert(
            header::ORIGIN,
            HeaderValue::from_str(origin).expect("origin"),
        );
        req
    }

    /// One request of every kind of answer, at `origin`: pages in three languages, the 304,
    /// HEAD, the root's redirect by language, a canonical redirect, 404, 400, 405, the form,
    /// its refusals and its success.
    fn every_kind_of_answer(w: &World, origin: &str) -> Vec<(String, Reply)> {
        let etag = w.app.etag(0);
        let url = |path: &str| format!("{origin}{path}");
        let mut reqs = vec![
            request(Method::GET, &url("/")),
            request(Method::GET, &url("/ar/")),
            request(Method::GET, &url("/en/actualites/")),
            request(Method::GET, &url("/notre-travail/")),
            request(Method::HEAD, &url("/notre-travail/")),
            request(Method::GET, &url("/notre-travail")),
            request(Method::GET, &url("/nope/")),
            request(Method::GET, &url("/%ff/")),
            request(Method::DELETE, &url("/")),
            request(Method::GET, &url("/contact/")),
            request(Method::GET, &url("/contact/merci/")),
            request(Method::POST, &url("/contact/")),
            form_post(origin, "/contact/"),
        ];
        let mut revalidate = request(Method::GET, &url(w.app.pages()[0].path.as_ref()));
        revalidate
            .headers_mut()
            .insert(header::IF_NONE_MATCH, HeaderValue::from_static(etag));
        reqs.push(revalidate);
        let mut negotiated = request(Method::GET, &url("/"));
        negotiated
            .headers_mut()
            .insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("ar"));
        reqs.push(negotiated);
        reqs.into_iter()
            .map(|req| (format!("{} {}", req.method(), req.uri()), w.send(req)))
            .collect()
    }

    #[test]
    fn every_answer_on_a_preview_host_carries_noindex() {
        let w = World::default();
        let answers = every_kind_of_answer(&w, PREVIEW);
        let statuses: Vec<u16> = answers.iter().map(|(_, r)| r.status().as_u16()).collect();
        for expected in [200, 301, 302, 303, 304, 400, 404, 405, 415] {
            assert!(
                statuses.contains(&expected),
                "no {expected} in {statuses:?}"
            );
        }
        for (what, res) in &answers {
            assert_eq!(
                res.headers().get(&X_ROBOTS_TAG).map(|v| v.as_bytes()),
                Some(&b"noindex"[..]),
                "{what}: {}",
                res.status()
            );
        }
    }

    #[test]
    fn no_answer_on_the_production_host_or_without_a_host_carries_noindex() {
        let w = World::default();
        for origin in [PRODUCTION, "https://OIM.example:443", ""] {
            for (what, res) in every_kind_of_answer(&w, origin) {
                assert!(res.headers().get(&X_ROBOTS_TAG).is_none(), "{what}");
            }
        }
    }

    /// The Worker keeps one ready copy of a page per isolate, for the production host: a
    /// preview's page is never that copy, nor made into it.
    #[test]
    fn a_preview_page_is_never_the_ready_copy_of_the_production_page() {
        let w = World::default();
        let answer = |origin: &str| match w.answer_now(&request(Method::GET, &format!("{origin}/")))
        {
            Answer::Now(res) => res,
            Answer::AfterServices(_) => panic!("a page waits for no service"),
        };
        assert!(answer(PREVIEW).meta.reusable.is_none());
        assert!(answer(PRODUCTION).meta.reusable.is_some());
        assert!(answer(PREVIEW).meta.reusable.is_none());
    }

    #[test]
    fn a_message_sent_from_a_preview_is_stored_marked_and_mailed_to_nobody() {
        let w = World::default();
        let res = w.send(form_post(PREVIEW, "/en/contact/"));
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()[header::LOCATION], "/en/contact/merci/");
        let rows = w.store.rows.borrow();
        assert_eq!(rows.len(), 1);
        assert!(rows[0].preview);
        assert_eq!(rows[0].name, "Amina El Idrissi");
        assert!(w.mailer.sent.borrow().is_empty());
        assert_eq!(
            res.meta.note.as_ref().map(|n| n.0.as_str()),
            Some("stored-preview")
        );
    }

    #[test]
    fn a_message_sent_on_the_production_host_is_stored_unmarked_and_mailed() {
        let w = World::default();
        let res = w.send(form_post(PRODUCTION, "/contact/"));
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert!(!w.store.rows.borrow()[0].preview);
        assert_eq!(w.mailer.sent.borrow().len(), 1);
    }
}
