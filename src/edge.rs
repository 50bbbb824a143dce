//! The Worker entry point: a thin adapter. It reads the bindings, converts the request to
//! `http::Request<Bytes>`, calls [`App::answer_now`] (or [`App::handle`] for a form post),
//! converts the answer back, and writes a JSON log line when the core's answer is worth one
//! ([`crate::log::wanted`]). Every decision is in the core. The start function warms a fresh
//! isolate up before its first request ([`crate::warm`]).

use std::cell::RefCell;
use std::sync::OnceLock;

use bytes::Bytes;
use futures_util::StreamExt;
use http::Request;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use worker::js_sys::{Date, Uint8Array};
use worker::worker_sys::web_sys;
use worker::worker_sys::Context as JsContext;
use worker::Env;

use crate::app::{Answer, Reply, Reusable};
use crate::contact::MAX_BODY;
use crate::headers::{self, Unread, CF_RAY};
use crate::log::{failure_line, log_line, redact_addresses, wanted};
use crate::services::{
    Captcha, Config, ContactStore, Deps, Limit, LocalBoxFuture, Mail, Mailer, NewMessage, PageView,
    Platform, RateLimiter, Readership, ServiceError,
};
use crate::{warm, App};

/// talc instead of the default dlmalloc: about 3 KB less wasm, and it grows the wasm memory
/// only as needed. Workers run one thread per isolate, which this allocator requires.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// One per isolate: the page table and the memo of rendered pages.
static APP: OnceLock<App> = OnceLock::new();

/// The environment's vars and secrets, read once per isolate: they are fixed for a deployment
/// (a new version gets new isolates), and each read is a call into JS. Bindings (D1, the rate
/// limiter, email) are looked up only by the requests that use them.
static SETTINGS: OnceLock<Settings> = OnceLock::new();

thread_local! {
    /// Responses the core marked [`Reusable`], as the JS objects to answer with: a page served
    /// again costs one `new Response` instead of copying its body out of wasm and converting
    /// its 13 headers. Holds at most one entry per page and per 404 page.
    static READY: RefCell<Vec<(Reusable, web_sys::ResponseInit, Uint8Array)>> =
        const { RefCell::new(Vec::new()) };
}

/// The Analytics Engine binding of page views (wrangler.toml).
const READERSHIP: &str = "READERSHIP";

const SITEVERIFY: &str = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

struct Settings {
    config: Config,
    /// Turnstile, when a secret is set.
    captcha: Option<Turnstile>,
    /// Whether the `EMAIL` binding exists.
    email: bool,
    /// Whether the `READERSHIP` Analytics Engine dataset is bound.
    readership: bool,
}

impl Settings {
    fn read(env: &Env) -> Self {
        let var = |name: &str| {
            env.var(name)
                .ok()
                .map(|v| v.to_string())
                .filter(|v| !v.is_empty())
        };
        let secret = env
            .secret("TURNSTILE_SECRET_KEY")
            .ok()
            .map(|s| s.to_string())
            .filter(|s| !s.is_empty());
        Settings {
            config: Config {
                turnstile_site_key: var("TURNSTILE_SITE_KEY"),
                turnstile_enabled: secret.is_some(),
                mail_from: var("MAIL_FROM"),
                mail_to: var("MAIL_TO"),
            },
            captcha: secret.map(|secret| Turnstile {
                secret,
                url: var("TURNSTILE_VERIFY_URL").unwrap_or_else(|| SITEVERIFY.into()),
            }),
            email: env.send_email("EMAIL").is_ok(),
            readership: worker::js_sys::Reflect::get(env.as_ref(), &READERSHIP.into())
                .is_ok_and(|dataset| dataset.is_object()),
        }
    }
}

/// The Worker's `fetch` export, written out instead of `#[event(fetch)]`, which would wrap
/// every request in a future and a promise. A request without a body that the core answers
/// at once ([`App::answer_now`]: pages, 304s, redirects, errors) gets its `Response` back
/// synchronously; only a form post, or a request with a body to read, becomes a promise.
/// A fresh isolate answers its first page without compiling or running the async machinery.
#[wasm_bindgen]
pub fn fetch(req: web_sys::Request, env: Env, ctx: JsContext) -> JsValue {
    let started = Date::now();
    let app = APP.get_or_init(App::new);
    let settings = SETTINGS.get_or_init(|| Settings::read(&env));
    if req.body().is_none() {
        let (head, _) = head_of(&req);
        let services = Services::new(&env, &ctx, settings);
        if let Answer::Now(res) = app.answer_now(&head, &services.deps()) {
            return finish(res, head.method(), ray(&head), started).into();
        }
    }
    promise(async move {
        let (req, unread) = to_http(req).await;
        let (method, ray) = (req.method().clone(), ray(&req).map(str::to_owned));
        let services = Services::new(&env, &ctx, settings);
        let res = app.handle(req, &unread, &services.deps()).await;
        Ok(finish(res, &method, ray.as_deref(), started).into())
    })
    .into()
}

/// The warm-up ([`crate::warm`]), run once when the wasm is instantiated (workerd start; on
/// Cloudflare while the first visitor's TLS handshake is under way). The warm-up's requests go
/// through the same functions as a visitor's, from a JS `Request` to the parts of a JS
/// `Response`, but never through `fetch`: no service, binding or analytics is reached, and
/// nothing is logged.
#[wasm_bindgen(start)]
pub fn start() {
    let app = APP.get_or_init(App::new);
    let config = Config::default();
    let deps = warm::deps(&config, &JsPlatform);
    for warm in warm::requests(app) {
        let Ok(req) = web_request(&warm.url(app), &warm) else {
            continue;
        };
        let (head, _) = head_of(&req);
        if let Answer::Now(res) = app.answer_now(&head, &deps) {
            // Outside a request, workerd refuses `new Response` with a body ("Disallowed
            // operation called within global scope"): the JS parts are made (and kept for a
            // reusable response), the `Response` only for an answer without a body.
            let _ = with_parts(res, |init, body| match body {
                None => new_response(init, None).map(drop),
                Some(_) => Ok(()),
            });
        }
    }
}

/// The JS `Request` of one of the warm-up's GETs.
fn web_request(url: &str, warm: &warm::Warm) -> Result<web_sys::Request, JsValue> {
    let headers = web_sys::Headers::new()?;
    if let Some((name, value)) = &warm.header {
        headers.append(name.as_str(), value)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_headers(&headers);
    web_sys::Request::new_with_str_and_init(url, &init)
}

/// The platform services of one request, looked up only when the core calls them.
struct Services<'a> {
    settings: &'a Settings,
    store: D1Store<'a>,
    limiter: Limiter<'a>,
    mailer: Option<EmailMailer<'a>>,
    readership: Option<PageViews<'a>>,
}

impl<'a> Services<'a> {
    fn new(env: &'a Env, ctx: &'a JsContext, settings: &'a Settings) -> Self {
        Services {
            settings,
            store: D1Store(env),
            limiter: Limiter(env),
            mailer: settings.email.then_some(EmailMailer { env, ctx }),
            readership: settings.readership.then_some(PageViews(env)),
        }
    }

    fn deps(&self) -> Deps<'_> {
        Deps {
            store: &self.store,
            limiter: &self.limiter,
            mailer: self.mailer.as_ref().map(|m| m as &dyn Mailer),
            captcha: self.settings.captcha.as_ref().map(|c| c as &dyn Captcha),
            readership: self.readership.as_ref().map(|r| r as &dyn Readership),
            config: &self.settings.config,
            platform: &JsPlatform,
        }
    }
}

/// `Date.now()` and `crypto.getRandomValues`.
struct JsPlatform;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues)]
    fn get_random_values(buf: &mut [u8]);
}

impl Platform for JsPlatform {
    fn now_ms(&self) -> i64 {
        Date::now() as i64
    }

    fn random(&self, out: &mut [u8]) {
        get_random_values(out);
    }
}

/// The Worker's `scheduled` export (Cron Triggers, `[triggers] crons` in wrangler.toml):
/// deletes the contact messages older than the retention period the privacy notice states.
/// Written out like `fetch` (worker-build's shim calls any export named `scheduled` with the
/// event, env and ctx); the event's fields are not needed. A failure is logged and rejects the
/// promise, so that the Cron Events of the dashboard show it.
#[wasm_bindgen]
pub fn scheduled(_event: JsValue, env: Env, _ctx: JsContext) -> worker::js_sys::Promise {
    promise(async move {
        let outcome = crate::retention::purge(&D1Store(&env), Date::now() as i64).await;
        let line = outcome.log_line();
        match outcome {
            crate::retention::Outcome::Deleted { .. } => {
                web_sys::console::log_1(&line.into());
                Ok(JsValue::UNDEFINED)
            }
            crate::retention::Outcome::Failed { .. } => {
                web_sys::console::error_1(&line.into());
                Err(JsValue::from_str("retention-failed"))
            }
        }
    })
}

/// A future as a JS promise. Boxed, so that `fetch`, `scheduled` and the mail share one
/// instance of `future_to_promise` and its executor glue instead of one each.
fn promise(
    future: impl std::future::Future<Output = Result<JsValue, JsValue>> + 'static,
) -> worker::js_sys::Promise {
    let future: LocalBoxFuture<'static, _> = Box::pin(future);
    wasm_bindgen_futures::future_to_promise(future)
}

/// The core's answer as a JS `Response`, and its log line if it is [`wanted`]. A failure to
/// build the response (a JS exception) is logged and answered with a plain 500.
fn finish(res: Reply, method: &http::Method, ray: Option<&str>, started: f64) -> web_sys::Response {
    // Whole milliseconds: the Workers clock only advances on I/O anyway.
    if wanted(method, &res) {
        let ms = (Date::now() - started).max(0.0) as u64;
        // The line is already a string: `console_log!` would format it once more.
        web_sys::console::log_1(&log_line(method, &res, ms, ray).into());
    }
    match to_web(res) {
        Ok(res) => res,
        Err(e) => {
            log_failure("response-failed", &format!("{e:?}"));
            let init = web_sys::ResponseInit::new();
            init.set_status(500);
            web_sys::Response::new_with_opt_str_and_init(Some("Internal Server Error"), &init)
                .unwrap_or_else(|_| web_sys::Response::error())
        }
    }
}

/// Cloudflare's id of the request, for the log line.
fn ray(req: &Request<Bytes>) -> Option<&str> {
    req.headers().get(CF_RAY).and_then(|v| v.to_str().ok())
}

/// The request as the core sees it, without its body: method, URL and the headers the core
/// reads for that method ([`headers::read_by`]). A method or URL that the `http` crate
/// refuses becomes a request the core answers 400/405 to, never an error. A header value it
/// refuses (a control byte) is left out and named in [`Unread::headers`]: sent, not absent.
fn head_of(req: &web_sys::Request) -> (Request<Bytes>, Unread) {
    let method = http::Method::from_bytes(req.method().as_bytes()).unwrap_or(http::Method::PATCH);
    let uri: http::Uri = req
        .url()
        .parse()
        .unwrap_or_else(|_| http::Uri::from_static("/%"));
    let names = headers::read_by(&method);
    let mut out = Request::new(Bytes::new());
    *out.method_mut() = method;
    *out.uri_mut() = uri;
    let js_headers = req.headers();
    let mut unread = Unread::default();
    for name in names {
        if let Some(value) = js_headers.get(name.as_str()).ok().flatten() {
            match http::HeaderValue::from_str(&value) {
                Ok(value) => {
                    out.headers_mut().insert(name.clone(), value);
                }
                Err(_) => unread.headers.push(name.clone()),
            }
        }
    }
    (out, unread)
}

/// The whole request: [`head_of`] and at most `MAX_BODY + 1` bytes of body, or
/// [`Unread::body_stalled`] when the body stops arriving.
async fn to_http(req: web_sys::Request) -> (Request<Bytes>, Unread) {
    let (mut out, mut unread) = head_of(&req);
    if let Some(stream) = req.body() {
        // Boxed: the body reader's code stays out of the other paths.
        let read: LocalBoxFuture<'_, _> =
            Box::pin(read_capped(worker::Body::new(stream), MAX_BODY + 1));
        match read.await {
            Some(body) => *out.body_mut() = body,
            None => unread.body_stalled = true,
        }
    }
    (out, unread)
}

/// A body that sends nothing for this long has stalled (a slow phone line still sends a
/// packet a second)...
const IDLE_MS: u64 = 5_000;
/// ...and one that trickles is given up after this long in all (77 KB at 2G speeds, about
/// 6 KB/s, takes 13 s).
const BODY_MS: f64 = 30_000.0;

/// Reads at most `cap` bytes of the body: enough for the core to see that a body is too large,
/// without ever buffering a huge or endless upload. `None` when the body stalls.
async fn read_capped(mut body: worker::Body, cap: usize) -> Option<Bytes> {
    let started = Date::now();
    let mut buf = Vec::new();
    loop {
        let idle = worker::Delay::from(std::time::Duration::from_millis(IDLE_MS));
        let next = match futures_util::future::select(body.next(), idle).await {
            futures_util::future::Either::Left((next, _)) => next,
            futures_util::future::Either::Right(_) => return None,
        };
        let Some(Ok(chunk)) = next else { break };
        let room = cap - buf.len();
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if buf.len() >= cap {
            drain(&mut body).await;
            break;
        }
        if Date::now() - started > BODY_MS {
            return None;
        }
    }
    Some(Bytes::from(buf))
}

/// The rest of a body past the cap is read and thrown away, for at most `DRAIN_BYTES` or
/// `DRAIN_MS`, whichever comes first. A client still sending when the 413 is ready would
/// otherwise see its connection reset instead of the answer (and `wrangler dev`'s proxy turns
/// such early answers into 503s, or dies).
async fn drain(body: &mut worker::Body) {
    const DRAIN_BYTES: usize = 1024 * 1024;
    const DRAIN_MS: u64 = 2000;
    let read = async {
        let mut seen = 0;
        while let Some(Ok(chunk)) = body.next().await {
            seen += chunk.len();
            if seen > DRAIN_BYTES {
                break;
            }
        }
    };
    let timeout = worker::Delay::from(std::time::Duration::from_millis(DRAIN_MS));
    futures_util::future::select(std::pin::pin!(read), timeout).await;
}

/// The JS Response for the core's answer; a [`Reusable`] one is built once per isolate and
/// then answered from [`READY`].
fn to_web(res: Reply) -> worker::Result<web_sys::Response> {
    with_parts(res, new_response)
}

/// Calls `build` with the JS parts of the core's answer: from [`READY`] for a [`Reusable`] one
/// seen before, else converted (and kept in [`READY`] if reusable).
fn with_parts<T>(
    res: Reply,
    build: impl FnOnce(&web_sys::ResponseInit, Option<&Uint8Array>) -> worker::Result<T>,
) -> worker::Result<T> {
    let Some(mark) = res.meta.reusable else {
        let (init, body) = js_parts(&res)?;
        return build(&init, body.as_ref());
    };
    READY.with(|ready| {
        let mut ready = ready.borrow_mut();
        if let Some((_, init, body)) = ready.iter().find(|(m, ..)| *m == mark) {
            // The constructor copies the bytes and the headers: the kept objects stay intact.
            return build(init, Some(body));
        }
        let (init, body) = js_parts(&res)?;
        let out = build(&init, body.as_ref());
        if let Some(body) = body {
            ready.push((mark, init, body));
        }
        out
    })
}

/// Status, headers and body as JS objects. The body is a fixed-length buffer (not a stream),
/// so that the runtime sends `Content-Length`.
fn js_parts(
    res: &http::Response<Bytes>,
) -> worker::Result<(web_sys::ResponseInit, Option<Uint8Array>)> {
    let headers = web_sys::Headers::new()?;
    for (name, value) in res.headers() {
        if let Ok(value) = value.to_str() {
            headers.append(name.as_str(), value)?;
        }
    }
    let init = web_sys::ResponseInit::new();
    init.set_status(res.status().as_u16());
    init.set_headers(&headers);
    let body = res.body();
    let body = (!body.is_empty()).then(|| {
        let array = Uint8Array::new_with_length(body.len() as u32);
        array.copy_from(body);
        array
    });
    Ok((init, body))
}

fn new_response(
    init: &web_sys::ResponseInit,
    body: Option<&Uint8Array>,
) -> worker::Result<web_sys::Response> {
    Ok(match body {
        Some(body) => web_sys::Response::new_with_opt_buffer_source_and_init(Some(body), init)?,
        None => web_sys::Response::new_with_opt_str_and_init(None, init)?,
    })
}

/// A JS exception from a binding or `fetch`, as a service error. Its text goes to the log, so
/// any address it quotes (a refused message's `Reply-To`) is taken out.
impl From<wasm_bindgen::JsValue> for ServiceError {
    fn from(e: wasm_bindgen::JsValue) -> Self {
        ServiceError(redact_addresses(&format!("{e:?}")))
    }
}

struct D1Store<'a>(&'a Env);

impl D1Store<'_> {
    fn db(&self) -> Result<worker::D1Database, ServiceError> {
        self.0
            .d1("DB")
            .map_err(|e| ServiceError(format!("no DB binding: {e}")))
    }
}

/// Runs a prepared statement and gives back its `meta.changes` (rows written or deleted),
/// straight from JS: worker's `run()` deserializes the result with serde, whose error messages
/// link float formatting into the wasm.
async fn changes(stmt: &worker::D1PreparedStatement) -> Result<u64, ServiceError> {
    let result = JsFuture::from(stmt.inner().run()?).await?;
    let meta = worker::js_sys::Reflect::get(&result, &"meta".into())?;
    let changes = worker::js_sys::Reflect::get(&meta, &"changes".into())?;
    changes
        .as_f64()
        .map(|n| n as u64)
        .ok_or_else(|| ServiceError("D1 answered without meta.changes".into()))
}

impl ContactStore for D1Store<'_> {
    fn insert<'a>(&'a self, m: &'a NewMessage) -> LocalBoxFuture<'a, Result<(), ServiceError>> {
        Box::pin(async move {
            let opt =
                |s: &Option<String>| s.as_deref().map_or(wasm_bindgen::JsValue::NULL, Into::into);
            let stmt = self
                .db()?
                .prepare(
                    "INSERT INTO messages (reference, name, email, subject, message, country, \
                     user_agent_hash, preview) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .bind(&[
                    m.reference.as_str().into(),
                    m.name.as_str().into(),
                    m.email.as_str().into(),
                    m.subject.as_str().into(),
                    m.message.as_str().into(),
                    opt(&m.country),
                    opt(&m.user_agent_hash),
                    u8::from(m.preview).into(),
                ])
                .map_err(|e| ServiceError(e.to_string()))?;
            match changes(&stmt).await? {
                1 => Ok(()),
                n => Err(ServiceError(format!("INSERT wrote {n} rows"))),
            }
        })
    }

    fn delete_before<'a>(
        &'a self,
        cutoff: &'a str,
    ) -> LocalBoxFuture<'a, Result<u64, ServiceError>> {
        Box::pin(async move {
            let stmt = self
                .db()?
                .prepare("DELETE FROM messages WHERE created_at < ?1")
                .bind(&[cutoff.into()])
                .map_err(|e| ServiceError(e.to_string()))?;
            changes(&stmt).await
        })
    }
}

struct Limiter<'a>(&'a Env);

impl RateLimiter for Limiter<'_> {
    fn allow<'a>(
        &'a self,
        limit: Limit,
        key: &'a str,
    ) -> LocalBoxFuture<'a, Result<bool, ServiceError>> {
        let binding = match limit {
            Limit::Client => "CONTACT_LIMITER",
            Limit::Site => "CONTACT_SITE_LIMITER",
        };
        let ask = async move {
            let limiter = self
                .0
                .rate_limiter(binding)
                .map_err(|e| ServiceError(format!("no {binding} binding: {e}")))?;
            // `{ key }` in, `{ success }` out, without worker's serde round trip (see above).
            let options = worker::js_sys::Object::new();
            worker::js_sys::Reflect::set(&options, &"key".into(), &key.into())?;
            let sys: &LimiterSys = limiter.as_ref().unchecked_ref();
            let outcome = JsFuture::from(sys.limit(&options)?).await?;
            let success = worker::js_sys::Reflect::get(&outcome, &"success".into())?;
            Ok(success.as_bool() == Some(true))
        };
        // The key is the visitor's IP: an error quoting it must not carry it to the log.
        Box::pin(async move {
            ask.await.map_err(|e: ServiceError| match key {
                "" => e,
                key => ServiceError(e.0.replace(key, "<key>")),
            })
        })
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The rate-limiting binding, as JS sees it.
    type LimiterSys;
    #[wasm_bindgen(method, catch)]
    fn limit(
        this: &LimiterSys,
        options: &worker::js_sys::Object,
    ) -> Result<worker::js_sys::Promise, wasm_bindgen::JsValue>;
}

struct EmailMailer<'a> {
    env: &'a Env,
    ctx: &'a JsContext,
}

impl Mailer for EmailMailer<'_> {
    fn send_later(&self, mail: Mail) {
        let binding = self.env.send_email("EMAIL");
        // After the response: a failure here is logged and never touches the stored message.
        let sent = promise(async move {
            let result = async {
                let binding = binding.map_err(|e| format!("{e:?}"))?;
                let message = worker::EmailMessage::new(&mail.from, &mail.to, &mail.raw)
                    .map_err(|e| format!("{e:?}"))?;
                binding.send(&message).await.map_err(|e| format!("{e:?}"))
            };
            if let Err(e) = result.await {
                log_failure("mail-failed", &e);
            }
            Ok(JsValue::UNDEFINED)
        });
        // The runtime refuses `waitUntil` only outside a request, where no mail is sent.
        if let Err(e) = self.ctx.wait_until(&sent) {
            log_failure("mail-failed", &format!("{e:?}"));
        }
    }
}

/// Page views into Workers Analytics Engine. `writeDataPoint` returns at once (the runtime
/// sends the points after the response): nothing is awaited, and a failure is logged once per
/// isolate, never answered. Written with js_sys rather than worker's `AnalyticsEngineDataset`
/// (its builder, `BlobType` and `worker::Error`): 0.4 KB less gzip wasm, measured.
struct PageViews<'a>(&'a Env);

impl Readership for PageViews<'_> {
    fn count(&self, view: &PageView<'_>) {
        use std::sync::atomic::{AtomicBool, Ordering};
        use worker::js_sys::{Array, Object, Reflect};
        static LOGGED: AtomicBool = AtomicBool::new(false);
        let (index, [path, lang, country, status]) = crate::readership::columns(view);
        let write = || -> Result<(), JsValue> {
            let dataset = Reflect::get(self.0.as_ref(), &READERSHIP.into())?;
            let point = Object::new();
            Reflect::set(&point, &"indexes".into(), &Array::of1(&index.into()))?;
            let blobs = Array::of4(&path.into(), &lang.into(), &country.into(), &status.into());
            Reflect::set(&point, &"blobs".into(), &blobs)?;
            dataset
                .unchecked_ref::<DatasetSys>()
                .write_data_point(&point)
        };
        if let Err(e) = write() {
            if !LOGGED.swap(true, Ordering::Relaxed) {
                log_failure("readership-failed", &format!("{e:?}"));
            }
        }
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// An Analytics Engine dataset binding, as JS sees it.
    type DatasetSys;
    #[wasm_bindgen(method, catch, js_name = writeDataPoint)]
    fn write_data_point(this: &DatasetSys, point: &worker::js_sys::Object) -> Result<(), JsValue>;
}

struct Turnstile {
    secret: String,
    url: String,
}

impl Captcha for Turnstile {
    fn verify<'a>(
        &'a self,
        token: &'a str,
        ip: Option<&'a str>,
    ) -> LocalBoxFuture<'a, Result<bool, ServiceError>> {
        Box::pin(async move {
            // Plain `fetch` through web_sys: worker::Request would link its whole `cf`
            // options machinery (image resizing, Polish…) for one POST.
            let form = oim_site::json::Obj::new()
                .str("secret", &self.secret)
                .str("response", token);
            let form = match ip {
                Some(ip) => form.str("remoteip", ip),
                None => form,
            }
            .end();
            let headers = web_sys::Headers::new()?;
            headers.set("content-type", "application/json")?;
            let init = web_sys::RequestInit::new();
            init.set_method("POST");
            init.set_headers(&headers);
            init.set_body(&wasm_bindgen::JsValue::from_str(&form));
            let global: web_sys::WorkerGlobalScope = worker::js_sys::global().unchecked_into();
            let response: web_sys::Response =
                JsFuture::from(global.fetch_with_str_and_init(&self.url, &init))
                    .await?
                    .unchecked_into();
            let text = JsFuture::from(response.text()?).await?;
            let Some(crate::json::Value::Object(fields)) =
                crate::json::parse(text.as_string().unwrap_or_default().as_bytes())
            else {
                return Err(ServiceError(
                    "siteverify answered something other than a JSON object".into(),
                ));
            };
            Ok(fields
                .iter()
                .any(|(k, v)| k == "success" && *v == crate::json::Value::Bool(true)))
        })
    }
}

/// One JSON error line: what failed and the JS error, without any address it quotes.
fn log_failure(note: &str, error: &str) {
    web_sys::console::error_1(&failure_line(note, error).into());
}
