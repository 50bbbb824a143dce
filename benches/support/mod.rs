//! Minimal platform fakes and helpers shared by the benchmarks (`benches/core.rs`) and the
//! callgrind driver (`examples/callgrind_driver.rs`). `src/testing.rs` is `cfg(test)` and out
//! of reach here; these fakes do no bookkeeping, so they cost next to nothing.

#![allow(dead_code)]

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use http::{Request, Response};
use oim_maroc::services::{
    Captcha, Config, ContactStore, Deps, LocalBoxFuture, NewMessage, RateLimiter, ServiceError,
};
use oim_maroc::App;

pub struct Store;

impl ContactStore for Store {
    fn insert<'a>(&'a self, _: &'a NewMessage) -> LocalBoxFuture<'a, Result<i64, ServiceError>> {
        Box::pin(async { Ok(1) })
    }
}

pub struct Limiter;

impl RateLimiter for Limiter {
    fn allow<'a>(&'a self, _: &'a str) -> LocalBoxFuture<'a, Result<bool, ServiceError>> {
        Box::pin(async { Ok(true) })
    }
}

/// Accepts every token.
pub struct Turnstile;

impl Captcha for Turnstile {
    fn verify<'a>(
        &'a self,
        _: &'a str,
        _: Option<&'a str>,
    ) -> LocalBoxFuture<'a, Result<bool, ServiceError>> {
        Box::pin(async { Ok(true) })
    }
}

pub static STORE: Store = Store;
pub static LIMITER: Limiter = Limiter;
pub static TURNSTILE: Turnstile = Turnstile;

/// The services of a Worker with no bindings (what pages need: none).
pub fn deps(config: &Config) -> Deps<'_> {
    Deps {
        store: &STORE,
        limiter: &LIMITER,
        mailer: None,
        captcha: None,
        config,
    }
}

pub fn get(path: &str) -> Request<Bytes> {
    Request::get(path)
        .body(Bytes::new())
        .expect("valid request")
}

pub fn get_if_none_match(path: &str, etag: &str) -> Request<Bytes> {
    Request::get(path)
        .header(http::header::IF_NONE_MATCH, etag)
        .body(Bytes::new())
        .expect("valid request")
}

/// A request as the Worker makes it: [`App::answer_now`], and for a form post
/// [`App::handle`], which these fakes let finish in one poll.
pub fn handle(app: &App, deps: &Deps, req: Request<Bytes>) -> Response<Bytes> {
    match app.answer_now(&req, deps) {
        Ok(res) => res,
        Err(_) => ready(app.handle(req, deps)),
    }
}

/// Runs a future that never waits: one poll with a no-op waker, so that no executor machinery
/// is measured.
pub fn ready<F: Future>(f: F) -> F::Output {
    match pin!(f).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(out) => out,
        Poll::Pending => panic!("the core waited although every fake answers at once"),
    }
}

/// Every content page's path, in table order.
pub fn page_paths(app: &App) -> Vec<&'static str> {
    app.pages()
        .iter()
        .map(|p| match &p.path {
            std::borrow::Cow::Borrowed(s) => *s,
            std::borrow::Cow::Owned(s) => Box::leak(s.clone().into_boxed_str()),
        })
        .collect()
}

/// A valid contact form body, as a browser sends it.
pub const FORM: &[u8] = b"name=Amina+El+Idrissi&email=amina.elidrissi%40exemple.ma&subject=presse\
&message=Bonjour%2C+je+souhaite+obtenir+des+informations+sur+le+projet+SALEMM+et+ses+r%C3%A9sultats.%0D%0AMerci+d%27avance.\
&consent=on&website=";
