//! The platform services the core uses, as small traits. The Worker adapter implements them
//! with D1, the rate-limiting bindings, `send_email`, Turnstile's siteverify, `Date.now()` and
//! `crypto.getRandomValues`; native tests implement them in memory.

use std::future::Future;
use std::pin::Pin;

/// A boxed future that need not be `Send`: Workers run on one thread.
pub type LocalBoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// A platform call that failed; the text goes to the log, never to the visitor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError(pub String);

/// A contact message as it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    /// An opaque random reference (32 hex digits): the answer to a script, the notification's
    /// `Message-ID` and the row share it. Never a sequential number, which would tell anyone
    /// how many messages the site receives, and tell a bot a fake success from a real one.
    pub reference: String,
    pub name: String,
    pub email: String,
    pub subject: String,
    pub message: String,
    /// Two-letter country code from Cloudflare (`CF-IPCountry`), when known.
    pub country: Option<String>,
    /// A hash of the User-Agent, to spot floods from one client without keeping the string.
    pub user_agent_hash: Option<String>,
    /// Sent from a preview address (`preview.rs`): stored marked as such, and no mail.
    pub preview: bool,
}

/// Durable storage of contact messages (D1 in the Worker).
pub trait ContactStore {
    /// Stores the message.
    fn insert<'a>(
        &'a self,
        message: &'a NewMessage,
    ) -> LocalBoxFuture<'a, Result<(), ServiceError>>;

    /// Deletes every message received before `cutoff` (a UTC time written like the rows'
    /// `created_at`, `2025-05-05T03:17:00.000Z`) and says how many went.
    fn delete_before<'a>(
        &'a self,
        cutoff: &'a str,
    ) -> LocalBoxFuture<'a, Result<u64, ServiceError>>;
}

/// Which rate limit a call counts against (two Cloudflare rate-limiting bindings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Posts per client (its IPv4 address, or its IPv6 /64).
    Client,
    /// Messages per minute for the whole site, whoever sends them: a botnet of many
    /// addresses cannot flood the team's inbox.
    Site,
}

/// Rate limits (Cloudflare's rate-limiting bindings in the Worker).
pub trait RateLimiter {
    /// `Ok(true)` if the caller identified by `key` may go on under `limit`.
    fn allow<'a>(
        &'a self,
        limit: Limit,
        key: &'a str,
    ) -> LocalBoxFuture<'a, Result<bool, ServiceError>>;
}

/// What the core cannot compute itself: the time, and unpredictable bytes (`Date.now()` and
/// `crypto.getRandomValues` in the Worker).
pub trait Platform {
    /// Milliseconds since 1970-01-01 UTC.
    fn now_ms(&self) -> i64;
    /// Fills `out` with cryptographically random bytes.
    fn random(&self, out: &mut [u8]);
}

/// An email ready to send: sender, recipient and the raw MIME text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub from: String,
    pub to: String,
    pub raw: String,
}

/// Sends mail after the response (`ctx.wait_until` in the Worker): a failure is logged and
/// never touches the stored message.
pub trait Mailer {
    fn send_later(&self, mail: Mail);
}

/// Cloudflare Turnstile's server-side check.
pub trait Captcha {
    /// `Ok(true)` if the token is valid for this client.
    fn verify<'a>(
        &'a self,
        token: &'a str,
        ip: Option<&'a str>,
    ) -> LocalBoxFuture<'a, Result<bool, ServiceError>>;
}

/// One page view, as counted: the fields the privacy notice lists and nothing else (no IP
/// address, no User-Agent, no identifier). Decided by `readership::page_view`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageView<'a> {
    /// The page's path from the page table, never the raw request URL.
    pub path: &'a str,
    /// The page's language: `fr`, `ar`, `en`.
    pub lang: &'a str,
    /// Two-letter country code from Cloudflare (`CF-IPCountry`), or empty when unknown.
    pub country: &'a str,
    /// 200 (the page sent) or 304 (the browser's copy was still good).
    pub status: u16,
}

/// Counts page views (Workers Analytics Engine in the Worker). Fire and forget: it returns
/// nothing, never waits, and a failure is the implementation's to log; the answer is the same.
pub trait Readership {
    fn count(&self, view: &PageView<'_>);
}

/// Configuration read once from the Worker's environment.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Turnstile site key; the widget shows only when a secret is set too.
    pub turnstile_site_key: Option<String>,
    /// Whether a Turnstile secret is configured (the secret itself stays in the adapter).
    pub turnstile_enabled: bool,
    /// Sender and recipient of notifications, when email is configured.
    pub mail_from: Option<String>,
    pub mail_to: Option<String>,
}

/// Everything the core needs from the platform for one request.
pub struct Deps<'a> {
    pub store: &'a dyn ContactStore,
    pub limiter: &'a dyn RateLimiter,
    pub mailer: Option<&'a dyn Mailer>,
    pub captcha: Option<&'a dyn Captcha>,
    /// Page views are counted only when the dataset is bound.
    pub readership: Option<&'a dyn Readership>,
    pub config: &'a Config,
    pub platform: &'a dyn Platform,
}
