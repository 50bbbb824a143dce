//! From a request's path to what answers it. Pure: no I/O, no allocation on the usual path.
//!
//! One canonical URL per page, with a trailing slash: `/notre-travail` and
//! `/notre%2Dtravail/` are redirected to `/notre-travail/`. Paths that cannot name a page
//! (dot segments, encoded slashes, invalid UTF-8, control characters) are 400; unknown ones 404.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

use oim_site::i18n::{lang_of_path, Ui};
use oim_site::list;
use oim_site::paths::{CONTACT_PATH, SEARCH_PATH, THANKS_PATH};

/// Longest path worth looking at; real ones are under 100 bytes.
pub const MAX_PATH: usize = 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// Index into the page table.
    Page(usize),
    /// The contact form and its thank-you page, in a language.
    Contact(&'static Ui),
    Thanks(&'static Ui),
    /// The search form and its results, in a language (the query string says what to find).
    Search(&'static Ui),
    /// 301 to this path (the query string is added by the caller).
    Redirect(String),
    NotFound,
    /// 400, with what is wrong.
    BadRequest(PathError),
    /// Only with the `panic-route` feature, for the end-to-end panic test.
    #[cfg(feature = "panic-route")]
    Panic,
}

/// Why a path cannot name a page; said in the language of the path ([`PathError::message`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathError {
    TooLong,
    Malformed,
    EncodedSlash,
    BadEscape,
    NotUtf8,
    Control,
    DotSegment,
}

impl PathError {
    pub fn message(self, t: &Ui) -> &'static str {
        let m = &t.bad_path;
        match self {
            PathError::TooLong => m.too_long,
            PathError::Malformed => m.malformed,
            PathError::EncodedSlash => m.encoded_slash,
            PathError::BadEscape => m.bad_escape,
            PathError::NotUtf8 => m.not_utf8,
            PathError::Control => m.control,
            PathError::DotSegment => m.dot_segment,
        }
    }
}

/// Resolves `raw_path` (still percent-encoded, as in the request line) against the sorted
/// page paths.
pub fn resolve(raw_path: &str, pages: &[&str]) -> Route {
    let path = match decode(raw_path) {
        Ok(p) => p,
        Err(why) => return Route::BadRequest(why),
    };
    let exact = |p: &str| -> Option<Route> {
        if let Ok(i) = pages.binary_search(&p) {
            return Some(Route::Page(i));
        }
        let t = lang_of_path(p);
        match &p[t.prefix.len()..] {
            CONTACT_PATH => Some(Route::Contact(t)),
            THANKS_PATH => Some(Route::Thanks(t)),
            SEARCH_PATH => Some(Route::Search(t)),
            #[cfg(feature = "panic-route")]
            "/__panic/" => Some(Route::Panic),
            _ => None,
        }
    };
    if let Some(route) = exact(&path) {
        // Same page, other spelling (`%2D` for `-`): send to the canonical one.
        return if path == raw_path {
            route
        } else {
            Route::Redirect(path.into_owned())
        };
    }
    if !path.ends_with('/') {
        let with_slash = format!("{path}/");
        if exact(&with_slash).is_some() {
            return Route::Redirect(with_slash);
        }
    }
    if let Some(section) = first_list_page(&path, pages) {
        return Route::Redirect(section.to_string());
    }
    Route::NotFound
}

/// `/actualites/page/1/` (with or without its final slash) is the section `/actualites/`: one
/// URL per page. Later pages are in the page table; any other number is a 404.
fn first_list_page<'p>(path: &str, pages: &[&'p str]) -> Option<&'p str> {
    let slashed = if path.ends_with('/') {
        Cow::Borrowed(path)
    } else {
        Cow::Owned(format!("{path}/"))
    };
    match list::parse(&slashed)? {
        (section, 1) => pages.binary_search(&section).ok().map(|i| pages[i]),
        _ => None,
    }
}

/// Percent-decodes and checks a path.
fn decode(raw: &str) -> Result<Cow<'_, str>, PathError> {
    if raw.len() > MAX_PATH {
        return Err(PathError::TooLong);
    }
    if !raw.starts_with('/') {
        return Err(PathError::Malformed);
    }
    let lower = raw.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || raw.contains('\\') {
        return Err(PathError::EncodedSlash);
    }
    if has_bad_escape(raw) {
        return Err(PathError::BadEscape);
    }
    let path = percent_decode_str(raw)
        .decode_utf8()
        .map_err(|_| PathError::NotUtf8)?;
    if path.chars().any(|c| c.is_control()) {
        return Err(PathError::Control);
    }
    if path.split('/').any(|s| s == "." || s == "..") {
        return Err(PathError::DotSegment);
    }
    Ok(path)
}

/// A `%` not followed by two hex digits.
fn has_bad_escape(raw: &str) -> bool {
    let b = raw.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        c == b'%'
            && !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGES: &[&str] = &[
        "/",
        "/actualites/",
        "/actualites/salemm/",
        "/notre-travail/",
    ];

    #[test]
    fn finds_pages_and_code_routes() {
        assert_eq!(resolve("/", PAGES), Route::Page(0));
        assert_eq!(resolve("/notre-travail/", PAGES), Route::Page(3));
        assert_eq!(
            resolve("/contact/", PAGES),
            Route::Contact(&oim_site::i18n::FR)
        );
        assert_eq!(
            resolve("/contact/merci/", PAGES),
            Route::Thanks(&oim_site::i18n::FR)
        );
        assert_eq!(
            resolve("/ar/contact/", PAGES),
            Route::Contact(&oim_site::i18n::AR)
        );
        assert_eq!(
            resolve("/en/contact/merci/", PAGES),
            Route::Thanks(&oim_site::i18n::EN)
        );
    }

    #[test]
    fn redirects_to_the_canonical_url() {
        assert_eq!(
            resolve("/notre-travail", PAGES),
            Route::Redirect("/notre-travail/".into())
        );
        assert_eq!(
            resolve("/contact", PAGES),
            Route::Redirect("/contact/".into())
        );
        assert_eq!(
            resolve("/notre%2Dtravail/", PAGES),
            Route::Redirect("/notre-travail/".into())
        );
        assert_eq!(
            resolve("/notre%2dtravail", PAGES),
            Route::Redirect("/notre-travail/".into())
        );
    }

    #[test]
    fn the_first_page_of_a_list_is_its_section() {
        for from in ["/actualites/page/1/", "/actualites/page/1"] {
            assert_eq!(
                resolve(from, PAGES),
                Route::Redirect("/actualites/".into()),
                "{from}"
            );
        }
        for absent in [
            "/actualites/page/2/",
            "/actualites/page/01/",
            "/actualites/page/",
            "/notre-travail/x/page/1/",
            "/page/1/",
        ] {
            assert_eq!(resolve(absent, PAGES), Route::NotFound, "{absent}");
        }
    }

    #[test]
    fn answers_404_for_unknown_paths() {
        for p in [
            "/nope/",
            "/Notre-Travail/",
            "//",
            "/actualites//",
            "/notre-travail/x",
        ] {
            assert_eq!(resolve(p, PAGES), Route::NotFound, "{p}");
        }
    }

    #[test]
    fn answers_400_for_malformed_paths() {
        for p in [
            "/%2e%2e/",
            "/../etc/passwd",
            "/a/%2F/",
            "/%ff/",
            "/%0a",
            "/%",
            "/%zz",
            "/a\\b",
        ] {
            assert!(matches!(resolve(p, PAGES), Route::BadRequest(_)), "{p}");
        }
        assert!(matches!(
            resolve(&"/a".repeat(600), PAGES),
            Route::BadRequest(_)
        ));
    }
}
