//! The Worker's log lines, as JSON for `wrangler tail` and Workers Logs. Workers Logs already
//! records every invocation (URL, method, status, CPU and wall time, `cf-ray`), so a line is
//! written only for what it cannot tell ([`wanted`]): the outcome of a contact form post (the
//! core's note: stored, honeypot, rate-limited…) and server errors, with the route by name,
//! never the raw path or what the visitor typed; and one line per failure of a platform call
//! (with any address it quotes taken out). Pure, so that tests read them. docs/logs.md says how
//! to read both.

use oim_site::json::Obj;

use crate::app::Reply;

/// Whether a response gets a [`log_line`]: a contact form post (every outcome), a response the
/// core added a note to, a server error. Pages, 304s, redirects and 404s do not: the invocation
/// log has all there is to say about them, and a line costs every page request CPU time (and
/// the first one of an isolate its `console.log` set-up: docs/performance.md).
pub fn wanted(method: &http::Method, reply: &Reply) -> bool {
    let route = reply.meta.route.map(|r| r.route);
    (method == http::Method::POST && route == Some("contact"))
        || reply.meta.note.is_some()
        || reply.status().is_server_error()
}

/// One JSON line per request that is [`wanted`]: the route by name (never the raw path or its query), the status,
/// the duration in ms, the cache outcome, the core's note and the `cf-ray`; never the IP or
/// anything the visitor typed.
pub fn log_line(method: &http::Method, reply: &Reply, ms: u64, ray: Option<&str>) -> String {
    let note = reply.meta.note.as_ref().map(|n| n.0.as_str());
    let route = reply.meta.route;
    Obj::new()
        .str("method", method.as_str())
        .str("route", route.map_or("unknown", |r| r.route))
        .int("status", i64::from(reply.status().as_u16()))
        .int("ms", i64::try_from(ms).unwrap_or(i64::MAX))
        .str("cache", route.map_or("none", |r| r.cache))
        .opt("note", note)
        .opt("ray", ray)
        .end()
}

/// One JSON error line: what failed and the platform's error, without any address it quotes.
pub fn failure_line(note: &str, error: &str) -> String {
    Obj::new()
        .str("note", note)
        .str("error", &redact_addresses(error))
        .end()
}

/// An error from the email binding may quote the message it refused, whose `Reply-To` is the
/// visitor's address: every word with an `@` is replaced before it reaches the log.
pub fn redact_addresses(text: &str) -> String {
    text.split(char::is_whitespace)
        .map(|w| if w.contains('@') { "<address>" } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{LogNote, LogRoute, Meta};
    use bytes::Bytes;
    use http::{Method, Response, StatusCode};

    #[test]
    fn a_request_line_names_the_route_and_never_the_path() {
        let mut res = Reply::from(Response::new(Bytes::from_static(b"page")));
        *res.status_mut() = StatusCode::SEE_OTHER;
        res.meta.route = Some(LogRoute {
            route: "contact",
            cache: "none",
        });
        res.meta.note = Some(LogNote("stored".into()));
        let line = log_line(&Method::POST, &res, 12, Some("8f01-CDG"));
        let v: serde_json::Value = serde_json::from_str(&line).expect(&line);
        assert_eq!(v["method"], "POST");
        assert_eq!(v["route"], "contact");
        assert_eq!(v["status"], 303);
        assert_eq!(v["ms"], 12);
        assert_eq!(v["cache"], "none");
        assert_eq!(v["note"], "stored");
        assert_eq!(v["ray"], "8f01-CDG");
        assert_eq!(v.as_object().map(|o| o.len()), Some(7), "{line}");
    }

    #[test]
    fn a_response_without_marks_is_logged_as_unknown() {
        let res = Reply::from(Response::new(Bytes::new()));
        let v: serde_json::Value =
            serde_json::from_str(&log_line(&Method::GET, &res, 0, None)).expect("JSON");
        assert_eq!(v["route"], "unknown");
        assert!(v["note"].is_null() && v["ray"].is_null());
    }

    #[test]
    fn only_form_posts_notes_and_server_errors_are_logged() {
        let with = |status: StatusCode, route: &'static str, note: Option<&str>| {
            let mut res = Response::new(Bytes::new());
            *res.status_mut() = status;
            Reply {
                res,
                meta: Meta {
                    route: Some(LogRoute {
                        route,
                        cache: "none",
                    }),
                    note: note.map(|n| LogNote(n.into())),
                    reusable: None,
                },
            }
        };
        let post = Method::POST;
        assert!(wanted(&post, &with(StatusCode::SEE_OTHER, "contact", None)));
        assert!(wanted(
            &post,
            &with(StatusCode::UNPROCESSABLE_ENTITY, "contact", None)
        ));
        assert!(wanted(
            &post,
            &with(StatusCode::FORBIDDEN, "contact", Some("cross-site"))
        ));
        let get = Method::GET;
        assert!(wanted(
            &get,
            &with(StatusCode::INTERNAL_SERVER_ERROR, "/", None)
        ));
        assert!(wanted(&get, &with(StatusCode::OK, "contact", Some("odd"))));
        for (status, route) in [
            (StatusCode::OK, "/"),
            (StatusCode::OK, "contact"),
            (StatusCode::NOT_MODIFIED, "/actualites/"),
            (StatusCode::NOT_FOUND, "not-found"),
            (StatusCode::MOVED_PERMANENTLY, "redirect"),
            (StatusCode::BAD_REQUEST, "bad-request"),
        ] {
            assert!(
                !wanted(&get, &with(status, route, None)),
                "{status} {route}"
            );
        }
        assert!(!wanted(
            &post,
            &with(StatusCode::METHOD_NOT_ALLOWED, "/", None)
        ));
    }

    #[test]
    fn failures_lose_every_address_they_quote() {
        let line = failure_line(
            "mail-failed",
            "destination address not verified: Reply-To: Amina <amina@example.ma>",
        );
        assert!(!line.contains("amina@"), "{line}");
        let v: serde_json::Value = serde_json::from_str(&line).expect(&line);
        assert_eq!(v["note"], "mail-failed");
        assert_eq!(
            v["error"],
            "destination address not verified: Reply-To: Amina <address>"
        );
    }
}
