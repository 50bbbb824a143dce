//! Readership without cookies, JavaScript or personal data: which page views are counted, and
//! with what. The Worker writes each [`PageView`] as one Workers Analytics Engine data point
//! (`edge.rs`); `oim readership` (crates/build) reads them back.
//!
//! Counted: a GET of a page of the page table answered 200 or 304 on the production host.
//! Not counted: HEAD, redirects, errors, the contact form, previews (`preview.rs`), and
//! clients that do not present themselves as a browser or say they are a robot
//! ([`is_declared_robot`]). The User-Agent is read for that decision and never recorded.
//!
//! The data point, in Analytics Engine's columns:
//!
//! | column   | value                                             |
//! |----------|---------------------------------------------------|
//! | `index1` | the page's path, cut to 96 bytes (the sampling key) |
//! | `blob1`  | the page's path from the page table               |
//! | `blob2`  | its language: `fr`, `ar`, `en`                    |
//! | `blob3`  | the country (`CF-IPCountry`), or empty            |
//! | `blob4`  | `200` or `304`                                    |

use bytes::Bytes;
use http::header;
use http::{Method, Request, Response, StatusCode};

use oim_site::Page;

use crate::headers::CF_IPCOUNTRY;
use crate::services::PageView;

/// Analytics Engine refuses an index longer than this (bytes).
pub const MAX_INDEX: usize = 96;

/// Words by which a client that presents itself as a browser says it is a robot (matched
/// without case): search engines' crawlers ("Googlebot", "bingbot", "Baiduspider", "Yahoo!
/// Slurp"), link previews ("Twitterbot", "LinkedInBot"), audits ("Chrome-Lighthouse",
/// "HeadlessChrome"). A browser's User-Agent contains none of them.
const ROBOT_WORDS: [&str; 6] = ["bot", "crawl", "spider", "slurp", "lighthouse", "headless"];

/// Only this much of a User-Agent is looked at: real ones are under 300 bytes.
const MAX_USER_AGENT: usize = 512;

/// The page view to count for this answer to this request, if it is one. `page` is the page
/// of the table the request resolved to; the caller has already ruled out previews.
pub fn page_view<'a>(
    req: &'a Request<Bytes>,
    res: &Response<Bytes>,
    page: &'a Page,
) -> Option<PageView<'a>> {
    if req.method() != Method::GET {
        return None;
    }
    let status = res.status();
    if status != StatusCode::OK && status != StatusCode::NOT_MODIFIED {
        return None;
    }
    let h = req.headers();
    let user_agent = h.get(header::USER_AGENT).map(|v| v.as_bytes());
    if user_agent.is_none_or(is_declared_robot) {
        return None;
    }
    let country = h
        .get(CF_IPCOUNTRY)
        .and_then(|v| v.to_str().ok())
        .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphanumeric()))
        .unwrap_or("");
    Some(PageView {
        path: &page.path,
        lang: &page.lang,
        country,
        status: status.as_u16(),
    })
}

/// Whether a User-Agent is not a browser's: every browser's starts with `Mozilla/` (Opera Mini
/// with `Opera/`), command-line and library clients' do not (`curl/8.5`, `python-requests`,
/// `Go-http-client`, `facebookexternalhit`), and robots that imitate a browser say so with a
/// word of [`ROBOT_WORDS`]. Lowercased once, then searched word by word: a first version that
/// compared every window of the User-Agent with every word cost 85,000 instructions a request.
pub fn is_declared_robot(user_agent: &[u8]) -> bool {
    if !(user_agent.starts_with(b"Mozilla/") || user_agent.starts_with(b"Opera/")) {
        return true;
    }
    let ua = &user_agent[..user_agent.len().min(MAX_USER_AGENT)];
    let mut lower = [0u8; MAX_USER_AGENT];
    let lower = &mut lower[..ua.len()];
    lower.copy_from_slice(ua);
    lower.make_ascii_lowercase();
    // A User-Agent that is not UTF-8 is no browser's.
    let Ok(lower) = std::str::from_utf8(lower) else {
        return true;
    };
    ROBOT_WORDS.iter().any(|word| lower.contains(word))
}

/// The data point of a view as Analytics Engine columns: `index1` and `blob1`..`blob4` (see
/// the table above). The Worker writes exactly these.
pub fn columns<'a>(view: &PageView<'a>) -> (&'a str, [&'a str; 4]) {
    let status = if view.status == 304 { "304" } else { "200" };
    (
        index_of(view.path),
        [view.path, view.lang, view.country, status],
    )
}

/// The sampling key of a page's data points: its path, cut to [`MAX_INDEX`] bytes at a
/// character boundary (an Arabic path can be longer). Two long paths that share their first
/// 96 bytes share a key, which only groups their sampling; `blob1` keeps them apart.
pub fn index_of(path: &str) -> &str {
    if path.len() <= MAX_INDEX {
        return path;
    }
    let mut end = MAX_INDEX;
    while !path.is_char_boundary(end) {
        end -= 1;
    }
    &path[..end]
}

#[cfg(test)]
mod tests;
