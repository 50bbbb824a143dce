//! In-memory stand-ins for the platform services, for native tests.

use std::cell::{Cell, RefCell};

use bytes::Bytes;
use http::{Request, Response};

use crate::app::FormPost;
use crate::services::{
    Captcha, Config, ContactStore, Deps, LocalBoxFuture, Mail, Mailer, NewMessage, RateLimiter,
    ServiceError,
};
use crate::App;

#[derive(Default)]
pub struct FakeStore {
    pub rows: RefCell<Vec<NewMessage>>,
    pub fail: Cell<bool>,
}

impl ContactStore for FakeStore {
    fn insert<'a>(
        &'a self,
        message: &'a NewMessage,
    ) -> LocalBoxFuture<'a, Result<i64, ServiceError>> {
        Box::pin(async move {
            if self.fail.get() {
                return Err(ServiceError("D1_ERROR: database is locked".into()));
            }
            self.rows.borrow_mut().push(message.clone());
            Ok(self.rows.borrow().len() as i64)
        })
    }
}

/// Allows `budget` calls per key (`None`: unlimited), or fails when `broken`.
#[derive(Default)]
pub struct FakeLimiter {
    pub budget: Option<usize>,
    pub calls: RefCell<Vec<String>>,
    pub broken: bool,
}

impl RateLimiter for FakeLimiter {
    fn allow<'a>(&'a self, key: &'a str) -> LocalBoxFuture<'a, Result<bool, ServiceError>> {
        Box::pin(async move {
            if self.broken {
                return Err(ServiceError("limiter unavailable".into()));
            }
            self.calls.borrow_mut().push(key.to_string());
            let used = self.calls.borrow().iter().filter(|k| *k == key).count();
            Ok(self.budget.is_none_or(|b| used <= b))
        })
    }
}

#[derive(Default)]
pub struct FakeMailer {
    pub sent: RefCell<Vec<Mail>>,
}

impl Mailer for FakeMailer {
    fn send_later(&self, mail: Mail) {
        self.sent.borrow_mut().push(mail);
    }
}

/// Accepts exactly the token `good`.
pub struct FakeCaptcha;

impl Captcha for FakeCaptcha {
    fn verify<'a>(
        &'a self,
        token: &'a str,
        _ip: Option<&'a str>,
    ) -> LocalBoxFuture<'a, Result<bool, ServiceError>> {
        Box::pin(async move { Ok(token == "good") })
    }
}

/// A world of fakes around one `App`.
pub struct World {
    pub app: App,
    pub store: FakeStore,
    pub limiter: FakeLimiter,
    pub mailer: FakeMailer,
    pub config: Config,
    pub turnstile: bool,
}

impl Default for World {
    fn default() -> Self {
        World {
            app: App::new(),
            store: FakeStore::default(),
            limiter: FakeLimiter::default(),
            mailer: FakeMailer::default(),
            config: Config {
                mail_from: Some("site@oim.ma".into()),
                mail_to: Some("equipe@oim.ma".into()),
                ..Config::default()
            },
            turnstile: false,
        }
    }
}

impl World {
    fn deps(&self) -> Deps<'_> {
        Deps {
            store: &self.store,
            limiter: &self.limiter,
            mailer: Some(&self.mailer),
            captcha: if self.turnstile {
                Some(&FakeCaptcha)
            } else {
                None
            },
            config: &self.config,
        }
    }

    pub fn send(&self, req: Request<Bytes>) -> Response<Bytes> {
        pollster::block_on(self.app.handle(req, &self.deps()))
    }

    /// The core's answer without waiting, as the Worker asks for it first.
    pub fn answer_now(&self, req: &Request<Bytes>) -> Result<Response<Bytes>, FormPost> {
        self.app.answer_now(req, &self.deps())
    }

    pub fn get(&self, path: &str) -> Response<Bytes> {
        self.send(Request::get(path).body(Bytes::new()).expect("test request"))
    }
}

pub fn text(res: &Response<Bytes>) -> &str {
    std::str::from_utf8(res.body()).expect("UTF-8 body")
}
