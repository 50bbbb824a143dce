//! The core handler: `http::Request` in, a [`Reply`] (an `http::Response` and what the core
//! says about it) out, no platform types.
//!
//! A page request costs a binary search, an ETag comparison and, the first time in an isolate,
//! one render; after that the memoized bytes are shared (`Bytes` is reference-counted).
//! Memoizing is safe because a page depends only on the content embedded at build time,
//! never on the request or the visitor: every visitor of an isolate gets the same bytes.
//! The memo is bounded by bytes ([`MEMO_BYTES`]): the pages rendered first are kept, any page
//! past the bound is rendered for each request that needs it (docs/growth.md).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use bytes::Bytes;
use http::header::{self, HeaderValue};
use http::{Method, Request, Response, StatusCode};

use oim_site::i18n::{self, lang_of_path, Ui};
use oim_site::{views, Page, Site, Table};

use crate::caching::{self, Policy};
use crate::headers::{self, Unread};
use crate::routes::{self, Route};
use crate::services::{Deps, LocalBoxFuture};
use crate::{contact, generated, preview, readership, search};

/// Bytes of rendered pages an isolate keeps: about 300 news pages, a fraction of the 128 MB
/// an isolate may use, and the Worker adapter keeps a JS copy of each kept page as well
/// ([`Reusable`]). First come, first kept, never evicted: the adapter's copies then never
/// outlive the core's, and the pages a visit starts from (home, lists) are among the first
/// asked for. A page past the bound costs one render per request (well under a millisecond).
pub const MEMO_BYTES: usize = 8 << 20;

/// A note the core attaches to a response for the request's log line (why a form was refused,
/// a storage failure…). Never contains what the visitor typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogNote(pub String);

/// How the core answered, for the request's log line. `route` names the route: a page's path
/// from the page table, or `contact`, `thanks`, `redirect`, `not-found`, `bad-request`; never
/// the raw request path. `cache` is `304` (answered from the ETag), `memo-hit` (already rendered
/// in this isolate), `render` (rendered for this request, and kept), `render-uncached`
/// (rendered for this request, the memo being full: [`MEMO_BYTES`]) or `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogRoute {
    pub route: &'static str,
    pub cache: &'static str,
}

/// Marks a response that is the same (status, headers and body) every time the core gives it
/// this mark ([`Meta::reusable`]) in this isolate: a memoized page or 404 answered in full.
/// The Worker adapter keeps such a response ready as JS objects and skips converting it again;
/// HEAD answers and 304s are never marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reusable {
    /// Page `i` of the page table, at its own path.
    Page(usize),
    /// The French home page at `/` (its own `Cache-Control` and `Vary`).
    Home,
    /// The 404 page of language slot `i` (`i18n::ALL` order).
    NotFound(usize),
}

/// What the core says about a response, beside it, for the adapter and the log line. Plain
/// fields rather than `http::Extensions`, a type map (a `HashMap` of boxed `Any`s) that cost
/// 2.7 KB gzip of wasm.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// How the core answered; set on every answer of [`App::answer_now`] and [`App::handle`].
    pub route: Option<LogRoute>,
    /// Whether the adapter may keep this answer ready as JS objects.
    pub reusable: Option<Reusable>,
    /// Why a form was refused, or what became of it.
    pub note: Option<LogNote>,
}

/// The core's answer: the response, and what the core says about it.
#[derive(Debug)]
pub struct Reply {
    pub res: Response<Bytes>,
    pub meta: Meta,
}

/// A response nothing is said about yet.
impl From<Response<Bytes>> for Reply {
    fn from(res: Response<Bytes>) -> Self {
        Reply {
            res,
            meta: Meta::default(),
        }
    }
}

/// Reads as the response it carries (`reply.status()`, `reply.headers_mut()`).
impl std::ops::Deref for Reply {
    type Target = Response<Bytes>;
    fn deref(&self) -> &Response<Bytes> {
        &self.res
    }
}

impl std::ops::DerefMut for Reply {
    fn deref_mut(&mut self) -> &mut Response<Bytes> {
        &mut self.res
    }
}

/// A contact form post, in the language of its form, whose answer waits for the services.
#[derive(Debug, Clone, Copy)]
pub struct FormPost(pub &'static Ui);

/// What [`App::answer_now`] gives back.
// Made once per request and taken apart at once: boxing the reply would cost every page an
// allocation to save a move (and it is under clippy's bound on wasm32's 4-byte pointers).
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Answer {
    /// The whole answer: every request but a contact form post.
    Now(Reply),
    /// A contact form post: [`App::handle`] answers it once the rate limiter, Turnstile and D1
    /// have.
    AfterServices(FormPost),
}

/// Pages and the 404 say whether they were rendered; everything else was not cached.
fn tag(reply: &mut Reply, route: &'static str) {
    reply.meta.route.get_or_insert(LogRoute {
        route,
        cache: "none",
    });
}

/// A Content-Security-Policy the build wrote into the table ([`oim_site::csp`]). The build
/// makes only valid header values; were one not, the strictest policy would be sent.
fn csp(value: &str) -> HeaderValue {
    HeaderValue::from_str(value).unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"))
}

/// The site, ready to serve: the embedded page table and the per-isolate memo.
pub struct App {
    table: &'static Table,
    pages: &'static [Page],
    paths: &'static [&'static str],
    memo: Vec<OnceLock<Bytes>>,
    /// Bytes held by `memo`, never more than `memo_budget`.
    memo_bytes: AtomicUsize,
    memo_budget: usize,
    /// The 404 page of each language, in `i18n::ALL` order.
    not_found: [OnceLock<Bytes>; 3],
    csp: HeaderValue,
    csp_turnstile: HeaderValue,
    /// Each page's CSP, which also allows its JSON-LD block by hash. Made on first use: a
    /// fresh isolate does not build one per page (1,500 with ten years of news) before it
    /// answers.
    page_csp: Vec<OnceLock<HeaderValue>>,
    /// The host of `SITE_URL`: requests for any other host are previews (`preview.rs`).
    production_host: &'static str,
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
        Self::with_memo_budget(table, MEMO_BYTES)
    }

    /// [`App::with`], keeping at most `memo_budget` bytes of rendered pages.
    pub fn with_memo_budget(table: &'static Table, memo_budget: usize) -> Self {
        App {
            table,
            pages: table.pages,
            paths: table.paths,
            memo: table.pages.iter().map(|_| OnceLock::new()).collect(),
            memo_bytes: AtomicUsize::new(0),
            memo_budget,
            not_found: Default::default(),
            csp: csp(table.csp),
            csp_turnstile: csp(table.csp_turnstile),
            page_csp: table.pages.iter().map(|_| OnceLock::new()).collect(),
            production_host: preview::host_of(table.site_url),
        }
    }

    fn page_csp(&self, i: usize) -> &HeaderValue {
        self.page_csp[i].get_or_init(|| {
            let (head, tail) = self.table.page_csp;
            csp(&[head, self.table.ld_hashes[i], tail].concat())
        })
    }

    pub fn site(&self) -> Site<'static> {
        self.table.site()
    }

    pub fn site_url(&self) -> &'static str {
        self.table.site_url
    }

    /// Whether the request came to another host than the production one: a preview.
    pub fn is_preview(&self, req: &Request<Bytes>) -> bool {
        preview::is_preview(req.uri(), self.production_host)
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

    /// Page `index`'s `Last-Modified`, an HTTP date.
    pub fn last_modified(&self, index: usize) -> &'static str {
        self.table.last_modified[index]
    }

    pub fn csp(&self, turnstile: bool) -> &HeaderValue {
        if turnstile {
            &self.csp_turnstile
        } else {
            &self.csp
        }
    }

    /// The rendered HTML of page `index`, rendered once per isolate while the memo has room.
    pub fn rendered(&self, index: usize) -> Bytes {
        self.render(index).0
    }

    /// Bytes of rendered pages this isolate keeps.
    pub fn memo_bytes(&self) -> usize {
        self.memo_bytes.load(Ordering::Relaxed)
    }

    /// Page `index`'s HTML, and whether the memo keeps it.
    fn render(&self, index: usize) -> (Bytes, bool) {
        if let Some(kept) = self.memo[index].get() {
            return (kept.clone(), true);
        }
        let body: Bytes = views::page(self.site(), &self.pages[index])
            .into_string()
            .into();
        let len = body.len();
        // Room is taken before the page is stored, so that the bound holds even if two
        // threads (native tests) render pages at once.
        let room = self
            .memo_bytes
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |held| {
                held.checked_add(len).filter(|&n| n <= self.memo_budget)
            })
            .is_ok();
        if !room {
            return (body, false);
        }
        if self.memo[index].set(body.clone()).is_err() {
            // Another thread stored it first: give the room back.
            self.memo_bytes.fetch_sub(len, Ordering::Relaxed);
        }
        (body, true)
    }

    /// Answers one request; `unread` is what the adapter could not read of it (empty for
    /// what a browser sends).
    pub async fn handle(&self, req: Request<Bytes>, unread: &Unread, deps: &Deps<'_>) -> Reply {
        match self.answer_now(&req, deps) {
            Answer::Now(res) => res,
            Answer::AfterServices(FormPost(t)) => {
                // Boxed behind `dyn`: the form's code stays out of the page path, so a fresh
                // isolate does not compile it (wasm compiles a function on first call) before
                // answering its first page.
                let submit: LocalBoxFuture<'_, _> =
                    Box::pin(contact::submit(self, &req, unread, deps, t));
                let mut res = submit.await;
                tag(&mut res, "contact");
                if self.is_preview(&req) {
                    preview::mark(&mut res);
                }
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
        let page = match route {
            Route::Page(i) => Some(i),
            _ => None,
        };
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
        let mut res: Reply = match route {
            Route::Page(i) if readable && path == "/" => self.root(i, req),
            Route::Page(i) if readable => self.page(i, req),
            Route::Contact(t) if readable => contact::show(self, deps, t).into(),
            Route::Contact(t) if method == Method::POST => {
                return Answer::AfterServices(FormPost(t))
            }
            Route::Contact(t) => self.method_not_allowed(t, "GET, HEAD, POST").into(),
            Route::Thanks(t) if readable => contact::thanks(self, t).into(),
            Route::Thanks(t) => self.method_not_allowed(t, "GET, HEAD").into(),
            Route::Search(t) if readable => search::answer(self, t, req.uri().query()).into(),
            Route::Search(t) => self.method_not_allowed(t, "GET, HEAD").into(),
            Route::Page(i) => self
                .method_not_allowed(i18n::ui(&self.pages[i].lang), "GET, HEAD")
                .into(),
            Route::Redirect(to) => self.redirect(&to, req.uri().query(), readable).into(),
            Route::NotFound => self.not_found(lang_of_path(path)),
            Route::BadRequest(why) => {
                let t = lang_of_path(path);
                self.error(t, StatusCode::BAD_REQUEST, why.message(t))
                    .into()
            }
            #[cfg(feature = "panic-route")]
            Route::Panic => panic!("panic requested by the panic-route test feature"),
        };
        tag(&mut res, name);
        if self.is_preview(req) {
            preview::mark(&mut res);
        } else if let (Some(i), Some(readers)) = (page, deps.readership) {
            if let Some(view) = readership::page_view(req, &res, &self.pages[i]) {
                readers.count(&view);
            }
        }
        if method == Method::HEAD {
            // Same headers as GET (Content-Length included), no body.
            *res.body_mut() = Bytes::new();
            res.meta.reusable = None;
        }
        Answer::Now(res)
    }

    fn page(&self, i: usize, req: &Request<Bytes>) -> Reply {
        let etag = HeaderValue::from_static(self.table.etags[i]);
        let not_modified = caching::fresh(
            req.headers(),
            self.table.etags[i],
            self.table.last_modified[i],
        );
        let mut cache = match (not_modified, self.memo[i].get().is_some()) {
            (true, _) => "304",
            (false, true) => "memo-hit",
            (false, false) => "render",
        };
        let mut kept = false;
        let mut res = if not_modified {
            // Answered before any rendering: the ETag was computed at build time.
            headers::empty(StatusCode::NOT_MODIFIED, Policy::Page, self.page_csp(i))
        } else {
            let body;
            (body, kept) = self.render(i);
            if !kept {
                cache = "render-uncached";
            }
            headers::respond(
                StatusCode::OK,
                Policy::Page,
                headers::HTML,
                self.page_csp(i),
                body,
            )
        };
        let h = res.headers_mut();
        h.insert(header::ETAG, etag);
        h.insert(
            header::LAST_MODIFIED,
            HeaderValue::from_static(self.table.last_modified[i]),
        );
        Reply {
            res,
            meta: Meta {
                route: Some(LogRoute {
                    route: self.paths[i],
                    cache,
                }),
                // Only a kept page: the adapter's copies stay within the memo's bound.
                reusable: kept.then_some(Reusable::Page(i)),
                note: None,
            },
        }
    }

    /// `/`: the French home page, unless the visitor arrives from outside the site (typed the
    /// address, a bookmark, a search engine) with a browser that prefers Arabic or English; then
    /// a 302 to `/ar/` or `/en/`. A visitor who clicks "Français" on the site comes with
    /// `Sec-Fetch-Site: same-origin` and stays in French: the choice needs no cookie.
    fn root(&self, home: usize, req: &Request<Bytes>) -> Reply {
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
                res.into()
            }
            None => {
                let mut res = self.page(home, req);
                let cache = HeaderValue::from_static(Policy::Negotiated.cache_control());
                res.headers_mut().insert(header::CACHE_CONTROL, cache);
                res.meta.reusable = res.meta.reusable.map(|_| Reusable::Home);
                res
            }
        };
        res.headers_mut().insert(
            header::VARY,
            HeaderValue::from_static("Accept-Language, Sec-Fetch-Site"),
        );
        res
    }

    /// 301 for GET and HEAD. Any other method gets 308, which keeps the method and the body
    /// (a 301 turns `POST /contact` into a GET of the form, and the message is lost), and is
    /// never stored: only a GET redirect is worth caching.
    fn redirect(&self, to: &str, query: Option<&str>, readable: bool) -> Response<Bytes> {
        let location = match query {
            Some(q) => format!("{to}?{q}"),
            None => to.to_string(),
        };
        let mut res = if readable {
            headers::empty(StatusCode::MOVED_PERMANENTLY, Policy::Redirect, &self.csp)
        } else {
            headers::empty(StatusCode::PERMANENT_REDIRECT, Policy::NoStore, &self.csp)
        };
        // `to` is one of our own paths and the query was already a valid URI part.
        if let Ok(value) = HeaderValue::from_str(&location) {
            res.headers_mut().insert(header::LOCATION, value);
        }
        res
    }

    fn not_found(&self, t: &'static Ui) -> Reply {
        let slot = i18n::ALL.iter().position(|x| x.lang == t.lang).unwrap_or(0);
        let cache = if self.not_found[slot].get().is_some() {
            "memo-hit"
        } else {
            "render"
        };
        let body = self.not_found[slot]
            .get_or_init(|| views::not_found(self.site(), t.lang).into_string().into())
            .clone();
        let res = headers::respond(
            StatusCode::NOT_FOUND,
            Policy::NotFound,
            headers::HTML,
            &self.csp,
            body,
        );
        Reply {
            res,
            meta: Meta {
                route: Some(LogRoute {
                    route: "not-found",
                    cache,
                }),
                reusable: Some(Reusable::NotFound(slot)),
                note: None,
            },
        }
    }

    fn method_not_allowed(&self, t: &'static Ui, allow: &'static str) -> Response<Bytes> {
        let mut res = self.error(t, StatusCode::METHOD_NOT_ALLOWED, t.form.method);
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static(allow));
        res
    }

    /// An error page in the language `t` (its `lang`, `dir`, title and navigation).
    pub fn error(&self, t: &'static Ui, status: StatusCode, message: &str) -> Response<Bytes> {
        let body = views::error_page(self.site(), t.lang, message).into_string();
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
mod list_tests;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod seo_tests;
#[cfg(test)]
mod tests;
