//! Every response is finished here: status, body, content type, cache policy and the security
//! headers, decided in one place.

use bytes::Bytes;
use http::header::{self, HeaderName, HeaderValue};
use http::{Response, StatusCode};

use crate::caching::Policy;

pub const HTML: &str = "text/html; charset=utf-8";
pub const JSON: &str = "application/json";
pub const TEXT: &str = "text/plain; charset=utf-8";

/// The request headers the core reads. The Worker adapter copies exactly these into the
/// `http::Request` it builds (parsing every header name would cost 12 KB of wasm), so a header
/// the core starts to read must be added here; `core_reads_only_listed_headers` checks it.
/// The first [`PAGE_HEADER_COUNT`] are all that a GET or HEAD reads: the adapter copies only
/// those for them (each copy is a call into JS), and `pages_ignore_the_form_headers` checks it.
pub static REQUEST_HEADERS: [HeaderName; 13] = [
    // GET and HEAD.
    header::IF_NONE_MATCH,
    header::IF_MODIFIED_SINCE,
    header::ACCEPT_LANGUAGE,
    SEC_FETCH_SITE,
    CF_RAY,
    // Page views are counted by country, and not for bots that say so (readership.rs).
    CF_IPCOUNTRY,
    header::USER_AGENT,
    // The contact form's POST too.
    CF_CONNECTING_IP,
    header::HOST,
    header::CONTENT_TYPE,
    header::CONTENT_LENGTH,
    header::ORIGIN,
    header::REFERER,
];

/// How many of [`REQUEST_HEADERS`] a GET or HEAD reads.
pub const PAGE_HEADER_COUNT: usize = 7;

/// The request headers the core reads for this method.
pub fn read_by(method: &http::Method) -> &'static [HeaderName] {
    if method == http::Method::GET || method == http::Method::HEAD {
        &REQUEST_HEADERS[..PAGE_HEADER_COUNT]
    } else {
        &REQUEST_HEADERS
    }
}

/// What the adapter could not read of a request, given to the core beside it
/// ([`crate::App::handle`]): empty for what a browser sends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unread {
    /// Request headers that were sent but that the adapter could not turn into a
    /// `HeaderValue` (a control byte, a byte over 0x7F): they are absent from the request's
    /// headers, and listed here so that the core can tell "sent but unreadable" from "not
    /// sent" (an unreadable `Origin` is hostile; a missing one is merely an old client).
    pub headers: Vec<HeaderName>,
    /// The body stopped arriving before it was complete (no byte for a few seconds): the core
    /// answers 408 instead of reading a truncated form.
    pub body_stalled: bool,
}

// Header names the `http` crate has no constant for. Looking a header up by a `&str` parses
// the name at run time (13 KB of wasm for the parser's tables); constants do not.
pub const SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");
pub const CF_CONNECTING_IP: HeaderName = HeaderName::from_static("cf-connecting-ip");
pub const CF_IPCOUNTRY: HeaderName = HeaderName::from_static("cf-ipcountry");
pub const CF_RAY: HeaderName = HeaderName::from_static("cf-ray");

/// Headers that every response carries, whatever it is.
const STATIC_SECURITY: [(HeaderName, &str); 7] = [
    // Two years, the value the HSTS preload list asks for.
    (
        header::STRICT_TRANSPORT_SECURITY,
        "max-age=63072000; includeSubDomains",
    ),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    ),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    ),
    // No other site may embed our answers as images, scripts or media (no-cors reads).
    (
        HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    ),
];

/// A response with its body, type, cache policy and security headers.
pub fn respond(
    status: StatusCode,
    policy: Policy,
    content_type: &'static str,
    csp: &HeaderValue,
    body: Bytes,
) -> Response<Bytes> {
    let len = body.len();
    let mut res = Response::new(body);
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CONTENT_LENGTH, number(len));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(policy.cache_control()),
    );
    secure(h, csp);
    res
}

/// A number as a header value (`Content-Length`, `Retry-After`), in decimal. Written out:
/// `HeaderValue::from(usize)` links `itoa` and `BytesMut` for it, about 1.3 KB of wasm.
pub fn number(mut n: usize) -> HeaderValue {
    // 20 digits: usize::MAX on a 64-bit target.
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // ASCII digits are always a valid value.
    HeaderValue::from_bytes(&digits[start..]).unwrap_or_else(|_| HeaderValue::from_static("0"))
}

/// An empty response (304, 303…) with the same cache and security headers.
pub fn empty(status: StatusCode, policy: Policy, csp: &HeaderValue) -> Response<Bytes> {
    let mut res = Response::new(Bytes::new());
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(policy.cache_control()),
    );
    secure(h, csp);
    res
}

pub fn secure(h: &mut http::HeaderMap, csp: &HeaderValue) {
    h.insert(header::CONTENT_SECURITY_POLICY, csp.clone());
    for (name, value) in &STATIC_SECURITY {
        h.insert(name.clone(), HeaderValue::from_static(value));
    }
}

/// Whether a response carries every security header (used by tests over all routes).
pub fn is_secured(h: &http::HeaderMap) -> bool {
    h.contains_key(header::CONTENT_SECURITY_POLICY)
        && STATIC_SECURITY
            .iter()
            .all(|(name, value)| h.get(name).is_some_and(|v| v == value))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every header name the core's source reads is in `REQUEST_HEADERS`.
    #[test]
    fn core_reads_only_listed_headers() {
        let sources = [
            include_str!("app.rs"),
            include_str!("contact.rs"),
            include_str!("caching.rs"),
            include_str!("readership.rs"),
        ];
        let names = &REQUEST_HEADERS;
        let listed: Vec<&str> = names.iter().map(HeaderName::as_str).collect();
        for src in sources {
            for part in src
                .split(".get(")
                .skip(1)
                .chain(src.split("get_all(").skip(1))
            {
                let arg = part.split(')').next().unwrap_or("");
                assert!(
                    !arg.starts_with('"'),
                    "`.get({arg})`: use a HeaderName constant, not a string"
                );
                let Some(c) = arg
                    .strip_prefix("header::")
                    .or_else(|| arg.strip_prefix("headers::"))
                else {
                    continue;
                };
                let name = c.to_ascii_lowercase().replace('_', "-");
                // Response headers the core reads back from its own responses.
                if ["etag", "location", "cache-control"].contains(&name.as_str()) {
                    continue;
                }
                assert!(
                    listed.contains(&name.as_str()),
                    "the core reads `{name}`: add it to REQUEST_HEADERS"
                );
            }
        }
    }

    #[test]
    fn numbers_as_the_http_crate_writes_them() {
        for n in [0, 1, 9, 10, 60, 99, 100, 12_345, 4_294_967_295, usize::MAX] {
            assert_eq!(number(n), HeaderValue::from(n), "{n}");
        }
        for n in (0..100_000).step_by(7) {
            assert_eq!(number(n), HeaderValue::from(n));
        }
    }

    /// Every kind of answer carries these headers with exactly these values, written out here
    /// rather than read back from the table that sets them.
    #[test]
    fn every_kind_of_answer_carries_the_security_headers_written_out() {
        use crate::testing::World;
        use bytes::Bytes;
        use http::{Method, Request};
        let expected = [
            (
                "strict-transport-security",
                "max-age=63072000; includeSubDomains",
            ),
            ("x-content-type-options", "nosniff"),
            ("referrer-policy", "strict-origin-when-cross-origin"),
            ("x-frame-options", "DENY"),
            (
                "permissions-policy",
                "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
            ),
            ("cross-origin-opener-policy", "same-origin"),
            ("cross-origin-resource-policy", "same-origin"),
        ];
        let w = World::default();
        let request = |method: Method, path: &str, ct: &str, body: &'static [u8]| {
            Request::builder()
                .method(method)
                .uri(path)
                .header(header::CONTENT_TYPE, ct)
                .body(Bytes::from_static(body))
                .expect("request")
        };
        let answers = [
            w.get("/"),
            w.get("/notre-travail/"),
            w.get("/notre-travail"),
            w.get("/nope/"),
            w.get("/%ff/"),
            w.get("/contact/"),
            w.get("/contact/merci/"),
            w.send(request(Method::DELETE, "/", "text/plain", b"")),
            w.send(request(
                Method::POST,
                "/contact/",
                "application/json",
                b"{\"name\":1}",
            )),
        ];
        for res in &answers {
            for (name, value) in expected {
                assert_eq!(
                    res.headers().get(name).and_then(|v| v.to_str().ok()),
                    Some(value),
                    "{} lacks {name}",
                    res.status()
                );
            }
            let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap_or("");
            for part in [
                "default-src 'none'",
                "frame-ancestors 'none'",
                "form-action 'self'",
                "base-uri 'none'",
            ] {
                assert!(csp.contains(part), "{}: {csp}", res.status());
            }
            assert!(!csp.contains("unsafe-inline"), "{csp}");
            assert!(res.headers().get(header::SET_COOKIE).is_none());
            assert!(res
                .headers()
                .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
                .is_none());
        }
    }
}
