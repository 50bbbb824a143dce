//! Cache rules: how long each kind of response may be reused, and conditional requests.
//!
//! Pages: `max-age=300` lets a visitor move back and forth without a round trip, and bounds how
//! long a deploy takes to reach them (5 minutes); `stale-while-revalidate=86400` shows a page
//! seen within a day at once while it is revalidated in the background (a 304 of a few hundred
//! bytes, thanks to the ETag). Errors are cached briefly or not at all, so that a fixed link
//! works again quickly; anything personal (the contact form) is never stored.

use http::header::{self, HeaderMap, IF_NONE_MATCH};

mod http_date;

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

/// Whether a GET or HEAD gets a 304: its `If-None-Match` names `etag`, or, when it has no
/// `If-None-Match`, its `If-Modified-Since` is not older than `last_modified` (RFC 9110,
/// 13.2.2: the ETag decides whenever the client sent one).
pub fn fresh(headers: &HeaderMap, etag: &str, last_modified: &str) -> bool {
    if headers.contains_key(IF_NONE_MATCH) {
        not_modified(headers, etag)
    } else {
        unchanged_since(headers, last_modified)
    }
}

/// Whether `If-Modified-Since` is at or after `last_modified`, compared as dates (any of the
/// three HTTP date formats). Ignored, as RFC 9110 (13.1.3) asks, when it is not one valid date
/// or comes more than once.
fn unchanged_since(headers: &HeaderMap, last_modified: &str) -> bool {
    let mut values = headers.get_all(header::IF_MODIFIED_SINCE).iter();
    let (Some(since), None) = (values.next(), values.next()) else {
        return false;
    };
    let since = since.to_str().ok().and_then(http_date::parse);
    match (since, http_date::parse(last_modified)) {
        (Some(since), Some(modified)) => modified <= since,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::header::IF_MODIFIED_SINCE;
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

    const MODIFIED: &str = "Fri, 29 Jan 2016 00:00:00 GMT";

    fn since(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(IF_MODIFIED_SINCE, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn if_modified_since_at_or_after_the_change_is_fresh() {
        let etag = "\"abc\"";
        assert!(fresh(&since(&[MODIFIED]), etag, MODIFIED));
        assert!(fresh(
            &since(&["Sat, 30 Jan 2016 08:12:31 GMT"]),
            etag,
            MODIFIED
        ));
        assert!(!fresh(
            &since(&["Thu, 28 Jan 2016 23:59:59 GMT"]),
            etag,
            MODIFIED
        ));
    }

    #[test]
    fn if_modified_since_is_compared_as_a_date_in_every_http_format() {
        let etag = "\"abc\"";
        // RFC 850 and asctime, which RFC 9110 asks recipients to accept; a later day that
        // sorts first as text.
        assert!(fresh(
            &since(&["Friday, 29-Jan-16 00:00:00 GMT"]),
            etag,
            MODIFIED
        ));
        assert!(fresh(&since(&["Fri Jan 29 00:00:00 2016"]), etag, MODIFIED));
        assert!(fresh(
            &since(&["Mon, 01 Feb 2016 00:00:00 GMT"]),
            etag,
            MODIFIED
        ));
        assert!(!fresh(
            &since(&["Wed, 27 Jan 2016 00:00:00 GMT"]),
            etag,
            MODIFIED
        ));
    }

    #[test]
    fn if_modified_since_is_ignored_when_invalid_or_repeated() {
        let etag = "\"abc\"";
        for bad in [
            "yesterday",
            "",
            "29 Jan 2016",
            "Fri, 29 Jan 2016 00:00:00 GMT, x",
        ] {
            assert!(!fresh(&since(&[bad]), etag, MODIFIED), "{bad:?}");
        }
        assert!(!fresh(&since(&[MODIFIED, MODIFIED]), etag, MODIFIED));
    }

    #[test]
    fn if_none_match_decides_whenever_it_is_sent() {
        let etag = "\"abc\"";
        let mut h = since(&[MODIFIED]);
        h.insert(IF_NONE_MATCH, HeaderValue::from_static("\"old\""));
        assert!(
            !fresh(&h, etag, MODIFIED),
            "a stale ETag wins over a current date"
        );
        let mut h = since(&["Thu, 01 Jan 2015 00:00:00 GMT"]);
        h.insert(IF_NONE_MATCH, HeaderValue::from_static("W/\"abc\""));
        assert!(
            fresh(&h, etag, MODIFIED),
            "a matching ETag wins over an old date"
        );
    }
}
