//! The warm-up of a fresh isolate. V8 compiles wasm (and the JS glue) lazily, a function on its
//! first call: without a warm-up the first visitor of an isolate waits while the Markdown
//! renderer, the views and the request and response conversions are compiled. The Worker's
//! start function (`edge.rs`) runs at instantiation (on Cloudflare while the first visitor's TLS
//! handshake is under way) and answers itself, through the same functions as a visitor's
//! request, the [`requests`] of a first visit: the newest news item (the page a shared link
//! brings visitors to, and the Markdown a home page does not exercise; first, so that the
//! optimising compile its rendering may start overlaps the rest of the warm-up), the home page
//! (the likeliest first page; both kept in the memo and ready as JS responses), a 304 on
//! `If-None-Match` and one on `If-Modified-Since`, the 302 of `/` to another language, a 404
//! (kept too), the contact form and a 301.
//!
//! Measured (docs/performance.md), hence what it leaves out:
//! - other languages: their pages run the same code (the same functions are compiled), so
//!   rendering them would only add time;
//! - more pages: each one more Markdown page brings the renderer nearer V8's tier-up budget,
//!   whose optimising compile then competes with the startup for the CPU;
//! - every other page: the warm-up is the same 8 requests whatever the size of the content.
//!
//! Nothing here reaches a service: no D1, no rate limiter, no mail, no analytics
//! ([`Unavailable`] answers an error if anything tried).

use http::header::{self, HeaderName};

use oim_site::i18n::ALL;
use oim_site::paths::contact_path;
use oim_site::Kind;

use crate::headers::SEC_FETCH_SITE;
use crate::services::{
    Config, ContactStore, Deps, Limit, LocalBoxFuture, NewMessage, Platform, RateLimiter,
    ServiceError,
};
use crate::App;

/// One request of the warm-up: a GET of `path` with at most one header, as plain strings (the
/// start function makes a JS `Request` of it and converts that as it converts a visitor's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warm {
    pub path: String,
    pub header: Option<(HeaderName, &'static str)>,
}

impl Warm {
    /// The request's URL, on the production host: a preview host's answers are marked
    /// `noindex` and not kept ready (`preview.rs`).
    pub fn url(&self, app: &App) -> String {
        format!("{}{}", app.site_url(), self.path)
    }
}

/// The requests of the warm-up, in order: all in the first language (French): V8 compiles a
/// function once for every language, and a page in another language is rendered by the same
/// code (measured: the same functions are compiled).
pub fn requests(app: &App) -> Vec<Warm> {
    let get = |path: &str, header| Warm {
        path: path.to_string(),
        header,
    };
    let t = ALL[0];
    let mut out = Vec::new();
    // The newest news item: the page a shared link brings most visitors to, and the only kind
    // whose Markdown (lists, links, images, dates, an event) the home page does not exercise.
    if let Some(item) = app.site().latest_articles(t.lang, 1).first() {
        out.push(get(&item.path, None));
    }
    let home = app
        .pages()
        .iter()
        .position(|p| p.kind == Kind::Home && p.lang == t.lang);
    if let Some(i) = home {
        let path = &app.pages()[i].path;
        // From inside the site: `/` stays French whatever the browser prefers.
        out.push(get(path, Some((SEC_FETCH_SITE, "same-origin"))));
        out.push(get(path, Some((header::IF_NONE_MATCH, app.etag(i)))));
        out.push(get(
            path,
            Some((header::IF_MODIFIED_SINCE, app.last_modified(i))),
        ));
        // A browser that prefers another language, arriving from outside: a 302.
        out.push(get(path, Some((header::ACCEPT_LANGUAGE, "en-GB,en;q=0.8"))));
    }
    out.push(get(&format!("{}/warm-up-404/", t.prefix), None));
    out.push(get(&contact_path(t), None));
    // A page without its trailing slash: a 301.
    if let Some(p) = app.pages().iter().find(|p| p.path.len() > 1) {
        out.push(get(&p.path[..p.path.len() - 1], None));
    }
    out
}

/// The services of the warm-up: none. Every call fails (none is ever made: warm-up requests
/// are GETs and 304s, which use no service).
pub struct Unavailable;

pub static UNAVAILABLE: Unavailable = Unavailable;

impl Unavailable {
    fn error<'a, T: 'a>() -> LocalBoxFuture<'a, Result<T, ServiceError>> {
        Box::pin(async { Err(ServiceError("no service during the warm-up".into())) })
    }
}

impl ContactStore for Unavailable {
    fn insert<'a>(&'a self, _: &'a NewMessage) -> LocalBoxFuture<'a, Result<(), ServiceError>> {
        Self::error()
    }

    fn delete_before<'a>(&'a self, _: &'a str) -> LocalBoxFuture<'a, Result<u64, ServiceError>> {
        Self::error()
    }
}

impl RateLimiter for Unavailable {
    fn allow<'a>(&'a self, _: Limit, _: &'a str) -> LocalBoxFuture<'a, Result<bool, ServiceError>> {
        Self::error()
    }
}

/// What the warm-up's requests are answered with: no service, no Turnstile, no mail, no page
/// view counted; `platform` (the time, random bytes) as the Worker's.
pub fn deps<'a>(config: &'a Config, platform: &'a dyn Platform) -> Deps<'a> {
    Deps {
        store: &UNAVAILABLE,
        limiter: &UNAVAILABLE,
        mailer: None,
        captcha: None,
        readership: None,
        config,
        platform,
    }
}

#[cfg(test)]
mod tests;
