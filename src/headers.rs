//! Every response is finished here: status, body, content type, cache policy and the security
//! headers, decided in one place.

use bytes::Bytes;
use http::header::{self, HeaderName, HeaderValue};
use http::{Response, StatusCode};

use crate::caching::Policy;

pub const HTML: &str = "text/html; charset=utf-8";
pub const JSON: &str = "application/json";
pub const TEXT: &str = "text/plain; charset=utf-8";

/// The Content-Security-Policy: nothing is allowed but the inline stylesheet (by hash), images
/// and forms of the site itself; no script, no frame, no `<base>`. With Turnstile, its script and
/// frame from Cloudflare.
pub fn content_security_policy(css_hash: &str, turnstile: bool) -> String {
    let (script, frame) = if turnstile {
        (
            " script-src https://challenges.cloudflare.com;",
            " frame-src https://challenges.cloudflare.com;",
        )
    } else {
        ("", "")
    };
    format!(
        "default-src 'none'; style-src '{css_hash}'; img-src 'self' data:;{script}{frame} \
         form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )
}

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
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(policy.cache_control()),
    );
    secure(h, csp);
    res
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
mod observatory;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_has_no_unsafe_inline_and_locks_down_frames_forms_and_base() {
        let csp = content_security_policy("sha256-abc=", false);
        assert!(!csp.contains("unsafe-inline"));
        for part in [
            "default-src 'none'",
            "style-src 'sha256-abc='",
            "frame-ancestors 'none'",
            "form-action 'self'",
            "base-uri 'none'",
        ] {
            assert!(csp.contains(part), "{part} missing from {csp}");
        }
        assert!(!csp.contains("script-src"));
        let with_turnstile = content_security_policy("sha256-abc=", true);
        assert!(with_turnstile.contains("script-src https://challenges.cloudflare.com"));
        assert!(with_turnstile.contains("frame-src https://challenges.cloudflare.com"));
    }
}
