//! The site search, answered at the edge as a plain HTML page: `/recherche/?q=…&page=…`
//! (`/ar/recherche/`, `/en/recherche/`), the GET form of every page's menu.
//!
//! The index was built once, at build time, and embedded with the page table
//! (`Table::search_index`): a query reads it in place (`oim_search::Packed`), ranks the pages
//! that have every word, and makes the excerpts of one page of hits from those pages' Markdown.
//! Nothing is built or kept per isolate (docs/search.md has the figures behind that choice).
//!
//! - no `q`, or nothing to look for in it: the blank form (200);
//! - a query the engine refuses (too long, too many words, invalid UTF-8, control characters,
//!   a broken `%` escape) or a bad page number: 400, in the page's language;
//! - results (or none): 200, cached like pages for a short time, varying only by URL;
//! - a page past the last one: 404.
//!
//! Every answer says `noindex` (meta and `X-Robots-Tag`): result pages are not content.

mod view;

use bytes::Bytes;
use http::header::{HeaderName, HeaderValue};
use http::{Response, StatusCode};
use percent_encoding::{percent_decode, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use oim_search::{plain_text_of, Lang, Packed, Query, QueryError};
use oim_site::i18n::Ui;
use oim_site::search::text;
use oim_site::{markdown, views};

use crate::caching::Policy;
use crate::headers;
use crate::App;

pub use view::Hit;

/// Hits per page of results: each hit carries an extract, so fewer than the news list's 12.
pub const PER_PAGE: usize = 10;
/// The last page number a request may ask for: far past any archive (10 a page), and a
/// number that never overflows.
pub const MAX_PAGE: usize = 1000;

pub const X_ROBOTS_TAG: HeaderName = HeaderName::from_static("x-robots-tag");

/// Why a search is refused (400), in the visitor's words (`SearchText`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The engine refused the query (never `Empty`: that is the blank form).
    Query(QueryError),
    /// A `%` not followed by two hex digits.
    Escape,
    /// `page` is not a number from 1 to `MAX_PAGE`.
    Page,
}

impl Refusal {
    fn message(self, t: &Ui) -> &'static str {
        let s = text(t.lang);
        match self {
            Refusal::Query(QueryError::TooLong) => s.too_long,
            Refusal::Query(QueryError::TooManyWords) => s.too_many_words,
            Refusal::Page => s.bad_page,
            Refusal::Query(_) | Refusal::Escape => s.invalid,
        }
    }
}

/// What a search request asks for, checked.
#[derive(Debug, PartialEq, Eq)]
pub enum Ask {
    /// The blank form.
    Blank,
    /// Page `page` (from 1) of the results of `query`, typed as `typed`.
    Search {
        query: Query,
        typed: String,
        page: usize,
    },
}

/// Reads the URI's query string: the first `q` and the first `page` (other parameters, such
/// as `utm_source`, are ignored). `+` is a space, as forms send it.
pub fn ask(lang: Lang, uri_query: Option<&str>) -> Result<Ask, Refusal> {
    let (mut q, mut page) = (None, None);
    for pair in uri_query.unwrap_or("").split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        match name {
            "q" if q.is_none() => q = Some(value),
            "page" if page.is_none() => page = Some(value),
            _ => {}
        }
    }
    let page = page_number(page)?;
    let bytes = decode(q.unwrap_or(""))?;
    match Query::parse_bytes(lang, &bytes) {
        Ok(query) => Ok(Ask::Search {
            query,
            // `parse_bytes` checked that the bytes are UTF-8.
            typed: String::from_utf8(bytes)
                .unwrap_or_default()
                .trim()
                .to_string(),
            page,
        }),
        Err(QueryError::Empty) => Ok(Ask::Blank),
        Err(e) => Err(Refusal::Query(e)),
    }
}

/// `page=` absent or empty is the first page.
fn page_number(raw: Option<&str>) -> Result<usize, Refusal> {
    let raw = raw.unwrap_or("");
    if raw.is_empty() {
        return Ok(1);
    }
    // At most 4 digits: `MAX_PAGE` is 1000, and a long number is never parsed.
    if raw.len() > 4 || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Refusal::Page);
    }
    let n = raw.bytes().fold(0, |n, b| n * 10 + usize::from(b - b'0'));
    if (1..=MAX_PAGE).contains(&n) {
        Ok(n)
    } else {
        Err(Refusal::Page)
    }
}

/// The percent-decoded bytes of a form value; an overlong value is refused before decoding.
fn decode(raw: &str) -> Result<Vec<u8>, Refusal> {
    // `%XX` for each of at most 4 bytes per character.
    if raw.len() > 3 * 4 * Query::MAX_CHARS {
        return Err(Refusal::Query(QueryError::TooLong));
    }
    let b = raw.as_bytes();
    let bad_escape = b.iter().enumerate().any(|(i, &c)| {
        c == b'%'
            && !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    if bad_escape {
        return Err(Refusal::Escape);
    }
    let spaced: Vec<u8> = b
        .iter()
        .map(|&c| if c == b'+' { b' ' } else { c })
        .collect();
    Ok(percent_decode(&spaced).collect())
}

/// What a query string keeps as is: letters, digits and `-._~`.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The address of page `page` of the results for `typed`: `/recherche/?q=tanger&page=2`
/// (the first page without `page`).
pub fn results_path(t: &Ui, typed: &str, page: usize) -> String {
    let q = utf8_percent_encode(typed, VALUE);
    let path = oim_site::paths::search_path(t);
    if page <= 1 {
        format!("{path}?q={q}")
    } else {
        format!("{path}?q={q}&page={page}")
    }
}

/// Answers a GET or HEAD of the search page of `t`'s language.
pub fn answer(app: &App, t: &'static Ui, uri_query: Option<&str>) -> Response<Bytes> {
    let site = app.site();
    let lang = Lang::from_tag(t.lang).unwrap_or(Lang::Fr);
    let (status, policy, body) = match ask(lang, uri_query) {
        Ok(Ask::Blank) => (StatusCode::OK, Policy::Page, view::blank(site, t)),
        Err(why) => (
            StatusCode::BAD_REQUEST,
            Policy::NoStore,
            view::refused(site, t, why.message(t)),
        ),
        Ok(Ask::Search { query, typed, page }) => {
            // The build wrote these bytes; should they not read, nothing is found.
            let ranked = Packed::new(app.search_index())
                .map(|p| p.search(&query, page, PER_PAGE))
                .unwrap_or_default();
            let pages = app.pages();
            let found: Vec<_> = ranked
                .page
                .iter()
                .filter_map(|f| Some((f, pages.get(f.id as usize)?)))
                .collect();
            if found.is_empty() && page > 1 {
                (
                    StatusCode::NOT_FOUND,
                    Policy::NotFound,
                    views::not_found(site, t.lang),
                )
            } else {
                let texts: Vec<String> = found
                    .iter()
                    .map(|(_, p)| {
                        let events = markdown::events(&p.body).into_iter().map(|(e, _)| e);
                        plain_text_of(events, p.body.len())
                    })
                    .collect();
                let hits: Vec<Hit> = found
                    .iter()
                    .zip(&texts)
                    .map(|((f, p), text)| Hit {
                        page: p,
                        shown: f.hit(&p.title, &p.description, text, &query),
                    })
                    .collect();
                let results = view::Results {
                    typed: &typed,
                    total: ranked.total,
                    page,
                    pages: ranked.total.div_ceil(PER_PAGE),
                    hits: &hits,
                };
                (
                    StatusCode::OK,
                    Policy::Page,
                    view::results(site, t, &results),
                )
            }
        }
    };
    let mut res = headers::respond(
        status,
        policy,
        headers::HTML,
        app.csp(false),
        body.into_string().into(),
    );
    res.headers_mut()
        .insert(X_ROBOTS_TAG, HeaderValue::from_static("noindex"));
    res
}

#[cfg(test)]
mod tests;
