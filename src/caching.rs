//! Cache rules: how long each kind of response may be reused, and conditional requests.
//!
//! Pages: `max-age=300` lets a visitor move back and forth without a round trip, and bounds how
//! long a deploy takes to reach them (5 minutes); `stale-while-revalidate=86400` shows a page
//! seen within a day at once while it is revalidated in the background (a 304 of a few hundred
//! bytes, thanks to the ETag). Errors are cached briefly or not at all, so that a fixed link
//! works again quickly; anything personal (the contact form) is never stored.

use http::header::{HeaderMap, IF_NONE_MATCH};

/// How a response may be cached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// A page from `content/`: shared caches and browsers, short, revalidated by ETag.
    Page,
    /// `/`, which depends on the visitor's languages: browsers may keep it (they honour
    /// `Vary`), shared caches must not (Cloudflare's ignores `Vary: Accept-Language`).
    Negotiated,
    /// 404: a minute, so that a page published a moment later appears.
    NotFound,
    /// 301 to the canonical URL: stable, but not forever in case a URL scheme changes.
    Redirect,
    /// Errors and anything about a visitor: never stored.
    NoStore,
}

impl Policy {
    pub fn cache_control(self) -> &'static str {
        match self {
            Policy::Page => "public, max-age=300, stale-while-revalidate=86400",
            Policy::Negotiated => "private, max-age=300, stale-while-revalidate=86400",
            Policy::NotFound => "public, max-age=60",
            Policy::Redirect => "public, max-age=86400",
            Policy::NoStore => "no-store",
        }
    }
}

/// Whether `If-None-Match` names `etag` (or is `*`). Weak comparison, as RFC 9110 asks for
/// `If-None-Match`: `W/"x"` matches `"x"`.
pub fn not_modified(headers: &HeaderMap, etag: &str) -> bool {
    headers.get_all(IF_NONE_MATCH).iter().any(|value| {
        let Ok(value) = value.to_str() else {
            return false;
        };
        value
            .split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn with(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(IF_NONE_MATCH, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn matches_if_none_match_lists() {
        let etag = "\"abc\"";
        assert!(not_modified(&with(&["\"abc\""]), etag));
        assert!(not_modified(&with(&["\"x\", W/\"abc\""]), etag));
        assert!(not_modified(&with(&["\"x\"", "\"abc\""]), etag));
        assert!(not_modified(&with(&["*"]), etag));
        assert!(!not_modified(&with(&["\"abcd\""]), etag));
        assert!(!not_modified(&with(&["abc"]), etag));
        assert!(!not_modified(&HeaderMap::new(), etag));
    }
}
