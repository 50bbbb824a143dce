//! The core handler: `http::Request` in, `http::Response` out, no platform types.
//!
//! A page request costs a binary search, an ETag comparison and, the first time in an isolate,
//! one render; after that the memoized bytes are shared (`Bytes` is reference-counted).
//! Memoizing is safe because a page depends only on the content embedded at build time,
//! never on the request or the visitor: every visitor of an isolate gets the same bytes.

use std::sync::OnceLock;

use bytes::Bytes;
use http::header::{self, HeaderValue};
use http::{Method, Request, Response, StatusCode};

use oim_site::i18n::{self, lang_of_path, Ui};
use oim_site::{views, Page, Site, Table};

use crate::caching::{self, Policy};
use crate::headers;
use crate::routes::{self, Route};
use crate::services::{Deps, LocalBoxFuture};
use crate::{contact, generated, search};

/// A note the core attaches to a response for the request's log line (why a form was refused,
/// a storage failure…). Never contains what the visitor typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogNote(pub String);

/// How the core answered, for the request's log line. `route` names the route: a page's path
/// from the page table, or `contact`, `thanks`, `redirect`, `not-found`, `bad-request`; never
/// the raw request path. `cache` is `304` (answered from the ETag), `memo-hit` (already rendered
/// in this isolate), `render` (rendered for this request) or `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogRoute {
    pub route: &'static str,
    pub cache: &'static str,
}

/// Marks a response that is the same (status, headers and body) every time the core gives it
/// this mark in this isolate: a memoized page or 404 answered in full. The Worker adapter keeps
/// such a response ready as JS objects and skips converting it again; HEAD answers and 304s
/// are never marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reusable {
    /// Page `i` of the page table, at its own path.
    Page(usize),
    /// The French home page at `/` (its own `Cache-Control` and `Vary`).
    Home,
    /// The 404 page of language slot `i` (`i18n::ALL` order).
    NotFound(usize),
}

/// A contact form post, in the language of its form, whose answer waits for the services.
#[derive(Debug, Clone, Copy)]
pub struct FormPost(pub &'static Ui);

/// What [`App::answer_now`] gives back.
#[derive(Debug)]
pub enum Answer {
    /// The whole answer: every request but a contact form post.
    Now(Response<Bytes>),
    /// A contact form post: [`App::handle`] answers it once the rate limiter, Turnstile and D1
    /// have.
    AfterServices(FormPost),
}

/// Pages and the 404 say whether they were rendered; everything else was not cached.
fn tag(res: &mut Response<Bytes>, route: &'static str) {
    if res.extensions().get::<LogRoute>().is_none() {
        res.extensions_mut().insert(LogRoute {
            route,
            cache: "none",
        });
    }
}

/// The site, ready to serve: the embedded page table and the per-isolate memo.
pub struct App {
    table: &'static Table,
    pages: &'static [Page],
    paths: &'static [&'static str],
    memo: Vec<OnceLock<Bytes>>,
    /// The 404 page of each language, in `i18n::ALL` order.
    not_found: [OnceLock<Bytes>; 3],
    csp: HeaderValue,
    csp_turnstile: HeaderValue,
    /// Each page's CSP, which also allows its JSON-LD block by hash.
    page_csp: Vec<HeaderValue>,
}

impl Default for App {
    fn default() -> Self {
        Self::new()
    }
}

impl App {
    /// The site as built into this binary.
    pub fn new() -> Self {
        Self::with(&generated::TABLE)
    }

    /// A site from any page table (tests build one from a fixture site).
    pub fn with(table: &'static Table) -> Self {
        let csp = |script: Option<&str>, turnstile| {
            HeaderValue::from_str(&headers::content_security_policy(
                table.css_hash,
                script,
                turnstile,
            ))
            .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"))
        };
        App {
            table,
            pages: table.pages,
            paths: table.paths,
            memo: table.pages.iter().map(|_| OnceLock::new()).collect(),
            not_found: Default::default(),
            csp: csp(None, false),
            csp_turnstile: csp(None, true),
            page_csp: table
                .ld_hashes
                .iter()
                .map(|h| csp(Some(h), false))
                .collect(),
        }
    }

    pub fn site(&self) -> Site<'static> {
        self.table.site()
    }

    pub fn site_url(&self) -> &'static str {
        self.table.site_url
    }

    pub fn pages(&self) -> &'static [Page] {
        self.pages
    }

    /// The search index the build embedded with the page table.
    pub fn search_index(&self) -> &'static [u8] {
        self.table.search_index
    }

    pub fn etag(&self, index: usize) -> &'static str {
        self.table.etags[index]
    }

    pub fn csp(&self, turnstile: bool) -> &HeaderValue {
        if turnstile {
            &self.csp_turnstile
        } else {
            &self.csp
        }
    }

    /// The rendered HTML of page `index`, rendered once per isolate.
    pub fn rendered(&self, index: usize) -> Bytes {
        self.memo[index]
            .get_or_init(|| {
                views::page(self.site(), &self.pages[index])
                    .into_string()
                    .into()
            })
            .clone()
    }

    /// Answers one request.
    pub async fn handle(&self, req: Request<Bytes>, deps: &Deps<'_>) -> Response<Bytes> {
        match self.answer_now(&req, deps) {
            Answer::Now(res) => res,
            Answer::AfterServices(FormPost(t)) => {
                // Boxed behind `dyn`: the form's code stays out of the page path, so a fresh
                // isolate does not compile it (wasm compiles a function on first call) before
                // answering its first page.
                let submit: LocalBoxFuture<'_, _> = Box::pin(contact::submit(self, &req, deps, t));
                let mut res = submit.await;
                tag(&mut res, "contact");
                res
            }
        }
    }

    /// Answers at once every request that waits for no service: all of them but a contact
    /// form post, which needs the rate limiter, Turnstile and D1 ([`App::handle`] does the
    /// rest). Pages, 304s, redirects and errors never wait, so the Worker answers them
    /// without a future or a promise.
    pub fn answer_now(&self, req: &Request<Bytes>, deps: &Deps<'_>) -> Answer {
        let method = req.method();
        let readable = method == Method::GET || method == Method::HEAD;
        let path = req.uri().path();
        let route = routes::resolve(path, self.paths);
        let name = match &route {
            Route::Page(i) => self.paths[*i],
            Route::Contact(_) => "contact",
            Route::Thanks(_) => "thanks",
            Route::Search(_) => "search",
            Route::Redirect(_) => "redirect",
            Route::NotFound => "not-found",
            Route::BadRequest(_) => "bad-request",
            #[cfg(feature = "panic-route")]
            Route::Panic => "panic",
        };
        let mut res = match route {
            Route::Page(i) if readable && path == "/" => self.root(i, req),
            Route::Page(i) if readable => self.page(i, req),
            Route::Contact(t) if readable => contact::show(self, deps, t),
            Route::Contact(t) if method == Method::POST => {
                return Answer::AfterServices(FormPost(t))
            }
            Route::Contact(t) => self.method_not_allowed(t, "GET, HEAD, POST"),
            Route::Thanks(t) if readable => contact::thanks(self, t),
            Route::Thanks(t) => self.method_not_allowed(t, "GET, HEAD"),
            Route::Search(t) if readable => search::answer(self, t, req.uri().query()),
            Route::Search(t) => self.method_not_allowed(t, "GET, HEAD"),
            Route::Page(i) => self.method_not_allowed(i18n::ui(&self.pages[i].lang), "GET, HEAD"),
            Route::Redirect(to) => self.redirect(&to, req.uri().query()),
            Route::NotFound => self.not_found(lang_of_path(path)),
            Route::BadRequest(why) => self.error(StatusCode::BAD_REQUEST, why),
            #[cfg(feature = "panic-route")]
            Route::Panic => panic!("panic requested by the panic-route test feature"),
        };
        tag(&mut res, name);
        if method == Method::HEAD {
            // Same headers as GET (Content-Length included), no body.
            *res.body_mut() = Bytes::new();
            res.extensions_mut().remove::<Reusable>();
        }
        Answer::Now(res)
    }

    fn page(&self, i: usize, req: &Request<Bytes>) -> Response<Bytes> {
        let etag = HeaderValue::from_static(self.table.etags[i]);
        let not_modified = caching::not_modified(req.headers(), self.table.etags[i]);
        let cache = match (not_modified, self.memo[i].get().is_some()) {
            (true, _) => "304",
            (false, true) => "memo-hit",
            (false, false) => "render",
        };
        let mut res = if not_modified {
            // Answered before any rendering: the ETag was computed at build time.
            headers::empty(StatusCode::NOT_MODIFIED, Policy::Page, &self.page_csp[i])
        } else {
            let body = self.rendered(i);
            headers::respond(
                StatusCode::OK,
                Policy::Page,
                headers::HTML,
                &self.page_csp[i],
                body,
            )
        };
        let h = res.headers_mut();
        h.insert(header::ETAG, etag);
        h.insert(
            header::LAST_MODIFIED,
            HeaderValue::from_static(self.table.last_modified[i]),
        );
        res.extensions_mut().insert(LogRoute {
            route: self.paths[i],
            cache,
        });
        if !not_modified {
            res.extensions_mut().insert(Reusable::Page(i));
        }
        res
    }

    /// `/`: the French home page, unless the visitor arrives from outside the site (typed the
    /// address, a bookmark, a search engine) with a browser that prefers Arabic or English; then
    /// a 302 to `/ar/` or `/en/`. A visitor who clicks "Français" on the site comes with
    /// `Sec-Fetch-Site: same-origin` and stays in French: the choice needs no cookie.
    fn root(&self, home: usize, req: &Request<Bytes>) -> Response<Bytes> {
        let h = req.headers();
        let inside = h
            .get(headers::SEC_FETCH_SITE)
            .is_some_and(|v| v == "same-origin");
        let preferred = h
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(i18n::negotiate)
            .filter(|t| !inside && !t.prefix.is_empty());
        let mut res = match preferred {
            Some(t) => {
                let mut res = headers::empty(StatusCode::FOUND, Policy::Negotiated, &self.csp);
                res.headers_mut()
                    .insert(header::LOCATION, HeaderValue::from_static(t.home_path));
                res
            }
            None => {
                let mut res = self.page(home, req);
                let cache = HeaderValue::from_static(Policy::Negotiated.cache_control());
                res.headers_mut().insert(header::CACHE_CONTROL, cache);
                if res.extensions_mut().remove::<Reusable>().is_some() {
                    res.extensions_mut().insert(Reusable::Home);
                }
                res
            }
        };
        res.headers_mut().insert(
            header::VARY,
            HeaderValue::from_static("Accept-Language, Sec-Fetch-Site"),
        );
        res
    }

    fn redirect(&self, to: &str, query: Option<&str>) -> Response<Bytes> {
        let location = match query {
            Some(q) => format!("{to}?{q}"),
            None => to.to_string(),
        };
        let mut res = headers::empty(StatusCode::MOVED_PERMANENTLY, Policy::Redirect, &self.csp);
        // `to` is one of our own paths and the query was already a valid URI part.
        if let Ok(value) = HeaderValue::from_str(&location) {
            res.headers_mut().insert(header::LOCATION, value);
        }
        res
    }

    fn not_found(&self, t: &'static Ui) -> Response<Bytes> {
        let slot = i18n::ALL.iter().position(|x| x.lang == t.lang).unwrap_or(0);
        let cache = if self.not_found[slot].get().is_some() {
            "memo-hit"
        } else {
            "render"
        };
        let body = self.not_found[slot]
            .get_or_init(|| views::not_found(self.site(), t.lang).into_string().into())
            .clone();
        let mut res = headers::respond(
            StatusCode::NOT_FOUND,
            Policy::NotFound,
            headers::HTML,
            &self.csp,
            body,
        );
        res.extensions_mut().insert(LogRoute {
            route: "not-found",
            cache,
        });
        res.extensions_mut().insert(Reusable::NotFound(slot));
        res
    }

    fn method_not_allowed(&self, t: &'static Ui, allow: &'static str) -> Response<Bytes> {
        let mut res = self.error(StatusCode::METHOD_NOT_ALLOWED, t.form.method);
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static(allow));
        res
    }

    pub fn error(&self, status: StatusCode, message: &str) -> Response<Bytes> {
        let body = views::error_page(self.site(), "fr", message).into_string();
        headers::respond(
            status,
            Policy::NoStore,
            headers::HTML,
            &self.csp,
            body.into(),
        )
    }
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod seo_tests;
#[cfg(test)]
mod tests;
