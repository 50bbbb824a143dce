//! In-memory stand-ins for the platform services, and fixture sites, for native tests, the
//! benches and the callgrind driver (feature `testing`). One set of fakes for all of them.

use std::cell::{Cell, RefCell};
use std::sync::OnceLock;

use bytes::Bytes;
use http::{Request, Response};
use std::path::Path;

use oim_build::{Built, Options};
use oim_site::Table;

use crate::app::{Answer, Reply};
use crate::headers::Unread;
use crate::services::{
    Captcha, Config, ContactStore, Deps, Limit, LocalBoxFuture, Mail, Mailer, NewMessage, PageView,
    Platform, RateLimiter, Readership, ServiceError,
};
use crate::App;

/// Rows in memory, each with the `created_at` that `stamp` held when it was inserted (D1
/// writes the time itself), so that retention tests can store rows of chosen ages.
pub struct FakeStore {
    pub rows: RefCell<Vec<NewMessage>>,
    /// `created_at` of each row, in the rows' order.
    pub created_at: RefCell<Vec<String>>,
    /// The `created_at` of the next insert.
    pub stamp: RefCell<String>,
    pub fail: Cell<bool>,
}

impl Default for FakeStore {
    fn default() -> Self {
        FakeStore {
            rows: RefCell::default(),
            created_at: RefCell::default(),
            stamp: RefCell::new("2026-01-01T00:00:00.000Z".into()),
            fail: Cell::new(false),
        }
    }
}

impl ContactStore for FakeStore {
    fn insert<'a>(
        &'a self,
        message: &'a NewMessage,
    ) -> LocalBoxFuture<'a, Result<(), ServiceError>> {
        Box::pin(async move {
            if self.fail.get() {
                return Err(ServiceError("D1_ERROR: database is locked".into()));
            }
            self.rows.borrow_mut().push(message.clone());
            self.created_at
                .borrow_mut()
                .push(self.stamp.borrow().clone());
            Ok(())
        })
    }

    fn delete_before<'a>(
        &'a self,
        cutoff: &'a str,
    ) -> LocalBoxFuture<'a, Result<u64, ServiceError>> {
        Box::pin(async move {
            if self.fail.get() {
                return Err(ServiceError("D1_ERROR: database is locked".into()));
            }
            let mut rows = self.rows.borrow_mut();
            let mut created = self.created_at.borrow_mut();
            let before = rows.len();
            let kept: Vec<(NewMessage, String)> = rows
                .drain(..)
                .zip(created.drain(..))
                .filter(|(_, at)| at.as_str() >= cutoff)
                .collect();
            let deleted = before - kept.len();
            for (row, at) in kept {
                rows.push(row);
                created.push(at);
            }
            Ok(deleted as u64)
        })
    }
}

/// Allows `budget` calls per client key and `site_budget` in all under the site-wide limit
/// (`None`: unlimited), or fails when `broken`.
#[derive(Default)]
pub struct FakeLimiter {
    pub budget: Option<usize>,
    pub site_budget: Option<usize>,
    /// The client keys asked about, in order.
    pub calls: RefCell<Vec<String>>,
    /// How many times the site-wide limit was asked.
    pub site_calls: Cell<usize>,
    pub broken: bool,
}

impl RateLimiter for FakeLimiter {
    fn allow<'a>(
        &'a self,
        limit: Limit,
        key: &'a str,
    ) -> LocalBoxFuture<'a, Result<bool, ServiceError>> {
        Box::pin(async move {
            if self.broken {
                return Err(ServiceError("limiter unavailable".into()));
            }
            if limit == Limit::Site {
                self.site_calls.set(self.site_calls.get() + 1);
                return Ok(self.site_budget.is_none_or(|b| self.site_calls.get() <= b));
            }
            self.calls.borrow_mut().push(key.to_string());
            let used = self.calls.borrow().iter().filter(|k| *k == key).count();
            Ok(self.budget.is_none_or(|b| used <= b))
        })
    }
}

/// A settable clock (2026-01-01T00:00:00Z unless told otherwise) and a random source that
/// never repeats itself (SplitMix64 over a counter: not secret, which tests do not need).
pub struct FakePlatform {
    pub now_ms: Cell<i64>,
    counter: Cell<u64>,
}

impl Default for FakePlatform {
    fn default() -> Self {
        FakePlatform {
            now_ms: Cell::new(1_767_225_600_000),
            counter: Cell::new(0),
        }
    }
}

impl Platform for FakePlatform {
    fn now_ms(&self) -> i64 {
        self.now_ms.get()
    }

    fn random(&self, out: &mut [u8]) {
        for chunk in out.chunks_mut(8) {
            let n = self.counter.get().wrapping_add(0x9e37_79b9_7f4a_7c15);
            self.counter.set(n);
            let mut z = n;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
        }
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

/// Page views as the Worker would write them: `(path, lang, country, status)`.
#[derive(Default)]
pub struct FakeReadership {
    pub views: RefCell<Vec<(String, String, String, u16)>>,
}

impl Readership for FakeReadership {
    fn count(&self, v: &PageView<'_>) {
        self.views.borrow_mut().push((
            v.path.to_string(),
            v.lang.to_string(),
            v.country.to_string(),
            v.status,
        ));
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
    pub readership: FakeReadership,
    pub platform: FakePlatform,
    pub config: Config,
    pub turnstile: bool,
}

/// The fixture site of `tests/fixtures/site/` (three languages, a few pages and news items, a
/// draft, an image), built once per process like the Worker's table, with or without drafts.
/// Tests that expect exact content use it, never the real `content/`.
pub fn fixture_built(drafts: bool) -> &'static Built {
    static PUBLISHED: OnceLock<Built> = OnceLock::new();
    static DRAFTS: OnceLock<Built> = OnceLock::new();
    let cell = if drafts { &DRAFTS } else { &PUBLISHED };
    cell.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let content = root.join("tests/fixtures/site/content");
        build_or_panic(&Options::for_tests(root, &content, drafts))
    })
}

/// The fixture site's page table, as the Worker would embed it.
pub fn fixture(drafts: bool) -> &'static Table {
    static PUBLISHED: OnceLock<&'static Table> = OnceLock::new();
    static DRAFTS: OnceLock<&'static Table> = OnceLock::new();
    let cell = if drafts { &DRAFTS } else { &PUBLISHED };
    cell.get_or_init(|| fixture_built(drafts).leak())
}

/// The fixture site plus `extra` short news items in each language, older than the fixture's
/// (one a day from 1 January 2010, item `extra` the newest of them), built from a scratch copy:
/// for lists longer than a page. Built once per process for each `extra`.
pub fn fixture_with_news(extra: usize) -> &'static Built {
    static BUILT: std::sync::Mutex<Vec<(usize, &'static Built)>> =
        std::sync::Mutex::new(Vec::new());
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, b)) = built.iter().find(|(n, _)| *n == extra) {
        return b;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("oim-fixture-news-{extra}-{}", std::process::id()));
    let content = dir.join("content");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root.join("tests/fixtures/site/content"), &content)
        .unwrap_or_else(|e| panic!("cannot copy the fixture: {e}"));
    for i in 1..=extra {
        let date = format!(
            "{}-{:02}-{:02}",
            2010 + i / 336,
            1 + (i / 28) % 12,
            1 + i % 28
        );
        for (suffix, title, description) in [
            (
                "",
                format!("Nouvelle n° {i}"),
                format!("Résumé de la nouvelle n° {i}."),
            ),
            (
                ".ar",
                format!("خبر رقم {i}"),
                format!("ملخص الخبر رقم {i}."),
            ),
            (
                ".en",
                format!("News item no. {i}"),
                format!("Summary of news item no. {i}."),
            ),
        ] {
            let text = format!(
                "+++\ntitle = \"{title}\"\ndescription = \"{description}\"\ndate = {date}\n+++\n\n{description}\n"
            );
            let file = content.join(format!("actualites/nouvelle-{i}{suffix}.md"));
            std::fs::write(&file, text)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
        }
    }
    let site = build_or_panic(&Options::for_tests(root, &content, false));
    let _ = std::fs::remove_dir_all(&dir);
    let site: &'static Built = Box::leak(Box::new(site));
    built.push((extra, site));
    site
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// The real site, loaded as the build loaded it for this binary (same environment), for
/// checks of the build's documents against the Worker's answers.
pub fn real_built() -> &'static Built {
    static REAL: OnceLock<Built> = OnceLock::new();
    REAL.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        match Options::from_env(root) {
            Ok(opts) => build_or_panic(&opts),
            Err(e) => panic!("{e}"),
        }
    })
}

fn build_or_panic(opts: &Options) -> Built {
    match oim_build::build(opts) {
        Ok(built) => built,
        Err(errors) => panic!("{} does not build: {errors:?}", opts.content_dir.display()),
    }
}

impl Default for World {
    /// The fixture site, without drafts.
    fn default() -> Self {
        World::with(App::with(fixture(false)))
    }
}

impl World {
    /// The real site, as built into this binary (for checks that hold for any content).
    pub fn real() -> Self {
        World::with(App::new())
    }

    pub fn with(app: App) -> Self {
        World {
            app,
            store: FakeStore::default(),
            limiter: FakeLimiter::default(),
            mailer: FakeMailer::default(),
            readership: FakeReadership::default(),
            platform: FakePlatform::default(),
            config: Config {
                mail_from: Some("site@oim.ma".into()),
                mail_to: Some("equipe@oim.ma".into()),
                ..Config::default()
            },
            turnstile: false,
        }
    }

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
            readership: Some(&self.readership),
            config: &self.config,
            platform: &self.platform,
        }
    }

    pub fn send(&self, req: Request<Bytes>) -> Reply {
        self.send_unread(req, &Unread::default())
    }

    /// [`World::send`] with what the adapter could not read of the request.
    pub fn send_unread(&self, req: Request<Bytes>, unread: &Unread) -> Reply {
        pollster::block_on(self.app.handle(req, unread, &self.deps()))
    }

    /// The core's answer without waiting, as the Worker asks for it first.
    pub fn answer_now(&self, req: &Request<Bytes>) -> Answer {
        self.app.answer_now(req, &self.deps())
    }

    pub fn get(&self, path: &str) -> Reply {
        self.send(get(path))
    }

    /// A request as the Worker makes it: [`App::answer_now`], and for a form post
    /// [`App::handle`], polled once (every fake answers at once): no executor is measured.
    pub fn serve(&self, req: Request<Bytes>) -> Reply {
        match self.answer_now(&req) {
            Answer::Now(res) => res,
            Answer::AfterServices(_) => {
                ready(self.app.handle(req, &Unread::default(), &self.deps()))
            }
        }
    }
}

/// Runs a future that never waits: one poll with a no-op waker.
pub fn ready<F: std::future::Future>(f: F) -> F::Output {
    use std::task::{Context, Poll, Waker};
    match std::pin::pin!(f).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(out) => out,
        Poll::Pending => panic!("the core waited although every fake answers at once"),
    }
}

pub fn get(path: &str) -> Request<Bytes> {
    Request::get(path).body(Bytes::new()).expect("test request")
}

pub fn get_if_none_match(path: &str, etag: &str) -> Request<Bytes> {
    Request::get(path)
        .header(http::header::IF_NONE_MATCH, etag)
        .body(Bytes::new())
        .expect("test request")
}

/// A valid contact form body, as a browser sends it.
pub const FORM: &[u8] = b"name=Amina+El+Idrissi&email=amina.elidrissi%40exemple.ma&subject=presse\
&message=Bonjour%2C+je+souhaite+obtenir+des+informations+sur+vos+programmes+pour+les+jeunes.%0D%0AMerci+d%27avance.\
&consent=on&website=";

pub fn text(res: &Response<Bytes>) -> &str {
    std::str::from_utf8(res.body()).expect("UTF-8 body")
}
