//! Property tests over the core: whatever the method, path, headers and body (up to 64 KiB),
//! `App::handle` answers with a 2xx, 3xx or 4xx, never panics, never a 5xx except the
//! documented 503 when storage fails, and every answer carries the security headers.
//!
//! The requests are hostile but valid: `http::Request` is what the Worker adapter hands over,
//! so every value is one its builder accepts (any path `http::Uri` takes, with the other bytes
//! percent-encoded; any header value `HeaderValue` takes). 256 cases by default
//! (`PROPTEST_CASES=5000 cargo test -p oim-maroc --features testing --lib proptests` for a longer run).

use std::sync::OnceLock;

use bytes::Bytes;
use http::header::{HeaderName, HeaderValue};
use http::{Method, Request, StatusCode, Uri};
use proptest::collection::vec;
use proptest::prelude::*;

use crate::app::Reply;
use crate::headers::is_secured;
use crate::testing::{fixture, World};

/// The fixture site's page paths and ETags, which requests pick from.
fn paths() -> &'static [&'static str] {
    fixture(false).paths
}

fn etags() -> &'static [&'static str] {
    fixture(false).etags
}

/// Which bytes `http::Uri` accepts as they are in a path (`query: false`) or a query.
fn uri_bytes(query: bool) -> &'static [bool; 256] {
    static PATH: OnceLock<[bool; 256]> = OnceLock::new();
    static QUERY: OnceLock<[bool; 256]> = OnceLock::new();
    let cell = if query { &QUERY } else { &PATH };
    cell.get_or_init(|| {
        let mut ok = [false; 256];
        for (b, slot) in (0..=255u8).zip(ok.iter_mut()) {
            let raw: &[u8] = if query {
                &[b'/', b'?', b'a', b, b'z']
            } else {
                &[b'/', b'a', b, b'z']
            };
            *slot = b.is_ascii()
                && b != b'?'
                && b != b'#'
                && Uri::from_maybe_shared(Bytes::copy_from_slice(raw)).is_ok_and(|u| {
                    let got = if query {
                        u.query().map(|q| format!("/?{q}"))
                    } else {
                        Some(u.path().to_string())
                    };
                    got.as_deref().map(str::as_bytes) == Some(raw)
                });
        }
        ok
    })
}

/// Any bytes, as a path segment (or query) `http::Uri` accepts: acceptable bytes raw, others
/// `%XX`.
fn encoded_in(bytes: &[u8], query: bool) -> String {
    let ok = uri_bytes(query);
    let mut out = String::new();
    for &b in bytes {
        if ok[b as usize] {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn encoded(bytes: &[u8]) -> String {
    encoded_in(bytes, false)
}

fn method() -> impl Strategy<Value = Method> {
    prop_oneof![
        6 => Just(Method::GET),
        2 => Just(Method::HEAD),
        8 => Just(Method::POST),
        1 => Just(Method::PUT),
        1 => Just(Method::DELETE),
        1 => Just(Method::OPTIONS),
        1 => Just(Method::PATCH),
        1 => Just(Method::TRACE),
        1 => Just(Method::CONNECT),
        // Any extension method (a token).
        1 => "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}"
            .prop_filter_map("a method token", |m| Method::from_bytes(m.as_bytes()).ok()),
    ]
}

/// Half the time a route that exists (so that the form and the pages are exercised), else a
/// hostile path; with a query string now and then, absolute or not.
fn path() -> impl Strategy<Value = String> {
    let known = prop_oneof![
        3 => Just("/contact/".to_string()),
        2 => proptest::sample::select(paths().to_vec()).prop_map(str::to_string),
        1 => Just("/contact/merci/".to_string()),
    ];
    (
        prop_oneof![1 => known, 1 => hostile_path()],
        proptest::option::weighted(0.2, vec(any::<u8>(), 0..40)),
        0..4u8,
    )
        .prop_map(|(p, query, scheme)| {
            let mut p = p;
            if let Some(q) = query {
                p.push('?');
                p.push_str(&encoded_in(&q, true));
            }
            // The Worker sees absolute URLs; native callers may not.
            match scheme {
                0 => format!("https://oim.example{p}"),
                1 => format!("http://127.0.0.1:8787{p}"),
                _ => p,
            }
        })
}

/// A path made of pieces that matter to the router and of arbitrary bytes.
fn hostile_path() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(paths().to_vec()).prop_map(str::to_string),
        1 => Just("/contact/".to_string()),
        1 => Just("/contact/merci/".to_string()),
        2 => proptest::sample::select(vec![
            "/", "//", ".", "..", "%2e", "%2E%2e", "%2f", "%2F", "%5c", "%5C", "%", "%z", "%zz",
            "%0", "%00", "%0a", "%0d%0a", "%7f", "%c3%a9", "%C0%AF", "%e2%80%ae", "%ff", "%25",
            "%252f", "%2d", "%2D", "-", "~", "@", ":", ";", "=", "&", "+", "!", "$", "'", "(",
            "*", ",", "__panic", "notre-travail", "actualites", "contact", "merci", "index.html",
        ])
        .prop_map(str::to_string),
        3 => vec(any::<u8>(), 0..24).prop_map(|b| encoded(&b)),
        // A long run, over the router's 1 KiB limit now and then.
        1 => ("[a-z%0-9/]{1,4}", 100..400usize).prop_map(|(s, n)| s.repeat(n)),
    ];
    (vec(piece, 0..8), any::<bool>()).prop_map(|(pieces, slash)| {
        let mut p = pieces.concat();
        if slash || !p.starts_with('/') {
            p.insert(0, '/');
        }
        p
    })
}

fn header_value() -> impl Strategy<Value = HeaderValue> {
    vec(any::<u8>(), 0..80).prop_map(|bytes| {
        let clean: Vec<u8> = bytes
            .into_iter()
            .map(|b| {
                if (b < 0x20 && b != b'\t') || b == 0x7f {
                    b'x'
                } else {
                    b
                }
            })
            .collect();
        HeaderValue::from_bytes(&clean).unwrap_or_else(|_| HeaderValue::from_static("x"))
    })
}

/// A header the core reads, with values that matter to it, or anything at all.
fn header() -> impl Strategy<Value = (HeaderName, HeaderValue)> {
    let known = prop_oneof![
        Just("content-type"),
        Just("content-length"),
        Just("if-none-match"),
        Just("origin"),
        Just("sec-fetch-site"),
        Just("cf-connecting-ip"),
        Just("cf-ipcountry"),
        Just("host"),
        Just("user-agent"),
        Just("transfer-encoding"),
        Just("cookie"),
        Just("accept"),
    ]
    .prop_map(HeaderName::from_static);
    let name = prop_oneof![
        4 => known,
        1 => "[a-z0-9!#$%&'*+.^_`|~-]{1,30}"
            .prop_filter_map("a header name", |n| HeaderName::from_bytes(n.as_bytes()).ok()),
    ];
    let special = proptest::sample::select(vec![
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=UTF-8",
        "APPLICATION/JSON",
        "application/json",
        "multipart/form-data; boundary=x",
        "text/plain",
        "0",
        "16384",
        "16385",
        "99999999999999999999999",
        "-1",
        "*",
        "W/\"x\"",
        "cross-site",
        "same-origin",
        "https://evil.example",
        "null",
        "http://127.0.0.1:8787",
        "oim.example",
        "203.0.113.7",
        "MA",
        "chunked",
    ])
    .prop_map(HeaderValue::from_static);
    let value = prop_oneof![
        2 => special,
        1 => proptest::sample::select(etags().to_vec()).prop_map(HeaderValue::from_static),
        2 => header_value(),
    ];
    (name, value)
}

/// Form bodies built from the form's fields (and others), encoded or not.
fn form_body() -> impl Strategy<Value = Vec<u8>> {
    let key = prop_oneof![
        proptest::sample::select(vec![
            "name",
            "email",
            "subject",
            "message",
            "consent",
            "website",
            "cf-turnstile-response",
            "Name",
            "name[]",
            "",
        ])
        .prop_map(str::to_string),
        "[a-z%+=&]{0,8}",
    ];
    let value = prop_oneof![
        proptest::sample::select(vec![
            "Amina",
            "visiteur@exemple.ma",
            "information",
            "presse",
            "oui",
            "Bonjour, je voudrais des informations.",
            "%0d%0aBcc:+evil@example.com",
            "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "%E2%80%AE",
            "%ff",
            "%",
            "good",
        ])
        .prop_map(str::to_string),
        vec(any::<u8>(), 0..200).prop_map(|b| encoded(&b)),
        ".{0,60}",
    ];
    vec((key, value), 0..12).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
            .into_bytes()
    })
}

/// A valid message with one field replaced by anything (or left out) and extra fields: mostly
/// stored, sometimes refused, so that every step of a POST is exercised.
fn nearly_valid_body() -> impl Strategy<Value = (Vec<u8>, bool)> {
    let valid = [
        ("name", "Amina Benali"),
        ("email", "visiteur@exemple.ma"),
        ("subject", "information"),
        ("message", "Bonjour, je voudrais des informations."),
        ("consent", "oui"),
        ("website", ""),
    ];
    (
        // Past the end: the valid message as it is.
        0..valid.len() + 3,
        proptest::option::of(".{0,120}"),
        vec(("[a-z-]{1,12}", ".{0,20}"), 0..3),
        any::<bool>(),
    )
        .prop_map(move |(i, replacement, extra, json)| {
            let mut fields: Vec<(String, String)> = valid
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            if i < fields.len() {
                match replacement {
                    Some(r) => fields[i].1 = r,
                    None => {
                        fields.remove(i);
                    }
                }
            }
            fields.extend(extra);
            let body = if json {
                let obj: serde_json::Map<String, serde_json::Value> = fields
                    .into_iter()
                    .map(|(k, v)| {
                        let v = if k == "consent" {
                            serde_json::Value::Bool(!v.is_empty())
                        } else {
                            serde_json::Value::String(v)
                        };
                        (k, v)
                    })
                    .collect();
                serde_json::Value::Object(obj).to_string().into_bytes()
            } else {
                fields
                    .iter()
                    .map(|(k, v)| format!("{}={}", encoded(k.as_bytes()), encoded(v.as_bytes())))
                    .collect::<Vec<_>>()
                    .join("&")
                    .into_bytes()
            };
            (body, json)
        })
}

/// JSON bodies: objects with the API's fields (and others), well-formed or cut short.
fn json_body() -> impl Strategy<Value = Vec<u8>> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        ".{0,80}".prop_map(serde_json::Value::String),
        Just(serde_json::json!("visiteur@exemple.ma")),
        Just(serde_json::json!("information")),
        Just(serde_json::json!("Un message assez long pour passer.")),
    ];
    let value = leaf.prop_recursive(6, 40, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            vec((".{0,8}", inner), 0..4)
                .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
        ]
    });
    let key = prop_oneof![
        4 => proptest::sample::select(vec![
            "name", "email", "subject", "message", "consent", "website", "cf-turnstile-response",
        ])
        .prop_map(str::to_string),
        1 => ".{0,10}",
    ];
    (
        vec((key, value), 0..8),
        any::<Option<prop::sample::Index>>(),
    )
        .prop_map(|(fields, cut)| {
            let obj: serde_json::Map<String, serde_json::Value> = fields.into_iter().collect();
            let mut text = serde_json::Value::Object(obj).to_string().into_bytes();
            if let Some(i) = cut {
                text.truncate(i.index(text.len() + 1));
            }
            text
        })
}

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

/// A body and, mostly, the content type that goes with it.
fn body() -> impl Strategy<Value = (Vec<u8>, Option<&'static str>)> {
    let body = prop_oneof![
        4 => nearly_valid_body().prop_map(|(b, json)| (b, if json { JSON } else { FORM })),
        3 => form_body().prop_map(|b| (b, FORM)),
        2 => json_body().prop_map(|b| (b, JSON)),
        2 => vec(any::<u8>(), 0..512).prop_map(|b| (b, FORM)),
        // Up to 64 KiB, most of it over the 16 KiB limit.
        1 => vec(any::<u8>(), 0..=64 * 1024).prop_map(|b| (b, FORM)),
        1 => (form_body(), 1..8000usize).prop_map(|(mut b, n)| {
            b.extend(std::iter::repeat_n(b'A', n * 8));
            (b, FORM)
        }),
    ];
    let other = prop_oneof![
        Just(None),
        Just(Some(FORM)),
        Just(Some(JSON)),
        Just(Some("application/json; charset=utf-8")),
        Just(Some("APPLICATION/X-WWW-FORM-URLENCODED ; charset=utf-8")),
        Just(Some("text/plain")),
        Just(Some("multipart/form-data; boundary=x")),
    ];
    (body, proptest::option::weighted(0.15, other))
        .prop_map(|((b, natural), other)| (b, other.unwrap_or(Some(natural))))
}

/// The platform around the core: storage up or failing, a limiter tight, open or broken,
/// Turnstile on or off.
#[derive(Debug, Clone)]
struct Platform {
    store_fails: bool,
    budget: Option<usize>,
    limiter_broken: bool,
    turnstile: bool,
}

fn platform() -> impl Strategy<Value = Platform> {
    (
        prop::bool::weighted(0.15),
        proptest::option::of(0..3usize),
        prop::bool::weighted(0.1),
        any::<bool>(),
    )
        .prop_map(
            |(store_fails, budget, limiter_broken, turnstile)| Platform {
                store_fails,
                budget,
                limiter_broken,
                turnstile,
            },
        )
}

fn world(p: &Platform) -> World {
    let mut w = World::default();
    w.store.fail.set(p.store_fails);
    w.limiter.budget = p.budget;
    w.limiter.broken = p.limiter_broken;
    w.turnstile = p.turnstile;
    w.config.turnstile_enabled = p.turnstile;
    w.config.turnstile_site_key = p.turnstile.then(|| "0x4AAAAAAA".to_string());
    w
}

fn build(
    method: Method,
    path: &str,
    content_type: Option<&'static str>,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Vec<u8>,
) -> Request<Bytes> {
    let uri = Uri::from_maybe_shared(Bytes::from(path.to_string()))
        .unwrap_or_else(|e| panic!("the path strategy made an invalid URI {path:?}: {e}"));
    let mut req = Request::new(Bytes::from(body));
    *req.method_mut() = method;
    *req.uri_mut() = uri;
    if let Some(ct) = content_type {
        req.headers_mut()
            .insert(http::header::CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    for (name, value) in headers {
        req.headers_mut().append(name, value);
    }
    req
}

/// What must hold for every answer.
fn check(
    method: &Method,
    path: &str,
    platform: &Platform,
    w: &World,
    res: &Reply,
) -> Result<(), TestCaseError> {
    let status = res.status();

    prop_assert!(
        status.is_success()
            || status.is_redirection()
            || status.is_client_error()
            || (status == StatusCode::SERVICE_UNAVAILABLE
                && platform.store_fails
                && method == Method::POST),
        "{method} {path}: status {status}"
    );
    prop_assert!(
        is_secured(res.headers()),
        "{method} {path}: {:?}",
        res.headers()
    );
    prop_assert!(res.headers().contains_key(http::header::CACHE_CONTROL));
    if method == Method::HEAD {
        prop_assert!(res.body().is_empty(), "HEAD {} has a body", path);
    } else if let Some(len) = res.headers().get(http::header::CONTENT_LENGTH) {
        let expected = res.body().len().to_string();
        prop_assert_eq!(len.to_str().ok(), Some(expected.as_str()));
    }
    if !res.body().is_empty() {
        prop_assert!(res.headers().contains_key(http::header::CONTENT_TYPE));
    }
    if method == Method::POST {
        prop_assert_ne!(
            res.headers()
                .get(http::header::CACHE_CONTROL)
                .and_then(|v| v.to_str().ok()),
            Some("public, max-age=300, stale-while-revalidate=86400"),
            "a POST answer is never a cacheable page"
        );
    }
    // Redirects stay on the site: a path, never `//host` or a scheme.
    if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
        let location = res
            .headers()
            .get(http::header::LOCATION)
            .and_then(|v| v.to_str().ok());
        prop_assert!(
            location.is_some_and(|l| l.starts_with('/') && !l.starts_with("//")),
            "{method} {path}: {status} to {location:?}"
        );
    }
    // Every answer says how it was routed, by name, never by the raw path.
    let log = res.meta.route;
    prop_assert!(log.is_some(), "{method} {path}: no LogRoute");
    if let Some(log) = log {
        prop_assert!(
            paths().contains(&log.route)
                || ["contact", "thanks", "redirect", "not-found", "bad-request"]
                    .contains(&log.route),
            "{method} {path}: route {:?}",
            log.route
        );
        prop_assert!(["304", "memo-hit", "render", "render-uncached", "none"].contains(&log.cache));
    }
    // A stored message is a 201/303 and only then.
    let stored = w.store.rows.borrow().len();
    prop_assert!(stored <= 1);
    let note = res.meta.note.as_ref().map(|n| n.0.as_str());
    prop_assert_eq!(stored == 1, note.is_some_and(|n| n.starts_with("stored")));
    if stored == 1 {
        prop_assert!(status == StatusCode::SEE_OTHER || status == StatusCode::CREATED);
        // What was stored passed validation: no control or bidi characters in the name.
        let row = w.store.rows.borrow()[0].clone();
        prop_assert!(!row.name.is_empty() && !row.name.chars().any(char::is_control));
        prop_assert!(crate::contact::valid_email(&row.email));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Shrinking a 64 KiB body is slow and rarely needed to understand a failure.
        max_shrink_iters: 2048,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_request_gets_a_secured_answer_and_never_a_5xx(
        method in method(),
        path in path(),
        headers in vec(header(), 0..8),
        (body, content_type) in body(),
        platform in platform(),
    ) {
        let req = build(method.clone(), &path, content_type, headers, body);
        let w = world(&platform);
        let res = w.send(req);
        check(&method, &path, &platform, &w, &res)?;
    }

    /// The same, aimed at the contact form: plausible bodies, hostile values and headers.
    #[test]
    fn any_contact_post_gets_a_secured_answer_and_never_a_5xx(
        path in prop_oneof![
            Just("/contact/"),
            Just("https://oim.example/contact/"),
            Just("http://127.0.0.1:8787/contact/"),
        ],
        headers in vec(header(), 0..4),
        (body, content_type) in body(),
        platform in platform(),
    ) {
        let req = build(Method::POST, path, content_type, headers, body);
        let w = world(&platform);
        let res = w.send(req);
        check(&Method::POST, path, &platform, &w, &res)?;
    }
}

#[test]
fn the_path_strategy_covers_every_byte() {
    // Every byte can reach the router, raw or percent-encoded, through a valid `Uri`.
    let all: Vec<u8> = (0..=255).collect();
    let path = format!("/{}", encoded(&all));
    let uri = Uri::from_maybe_shared(Bytes::from(path.clone())).expect("valid");
    assert_eq!(uri.path(), path);
    assert!(uri_bytes(false)[b'a' as usize] && !uri_bytes(false)[b' ' as usize]);
    let query = format!("/?{}", encoded_in(&all, true));
    let uri = Uri::from_maybe_shared(Bytes::from(query.clone())).expect("valid");
    assert_eq!(uri.query().map(|q| format!("/?{q}")), Some(query));
}
