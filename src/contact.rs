//! The contact form: parse the body (form or JSON), validate into a [`Valid`] message, guard
//! against abuse, store, notify.
//!
//! Order of a POST, cheapest refusal first: size (413), type (415), origin (403), rate limit
//! (429), parsing (400), honeypot (a fake success), validation (422), Turnstile (422), storage
//! (503 if it fails, with the visitor's text kept in the form), then the notification, sent after
//! the response. Nothing is reported as sent unless it is stored.

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, Request, Response, StatusCode};
use percent_encoding::percent_decode;

use oim_site::i18n::{Ui, FR};
use oim_site::json::Obj;
use oim_site::paths::thanks_path;
use oim_site::views;

use crate::app::{App, LogNote};
use crate::caching::Policy;
use crate::headers;
use crate::json::{self, Value};
use crate::mail::notification;
use crate::services::{Deps, NewMessage};

mod view;
pub use view::{contact_page, thanks_page, ContactForm};

/// Limits of the form fields: the form shows them (`maxlength`), validation enforces them.
pub const NAME_MAX: usize = 100;
pub const EMAIL_MAX: usize = 254;
pub const MESSAGE_MAX: usize = 5000;
/// The honeypot: invisible to people and screen readers, irresistible to naive bots.
pub const HONEYPOT: &str = "website";

/// Largest body accepted; the adapter reads at most one byte more.
pub const MAX_BODY: usize = 16 * 1024;
pub const MESSAGE_MIN: usize = 10;
/// Seconds a rate-limited client should wait (the binding's period).
pub const RETRY_AFTER: u32 = 60;
const TURNSTILE_FIELD: &str = "cf-turnstile-response";
/// Where JSON errors about fields that do not exist are reported.
const UNKNOWN_FIELD: Field = "_unknown";

/// A form field, by its `name`.
pub type Field = &'static str;
/// Errors in the order of the form: (field, French message).
pub type Errors = Vec<(Field, &'static str)>;

/// What the visitor sent, before validation (kept to show the form again).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Input {
    pub name: String,
    pub email: String,
    pub subject: String,
    pub message: String,
    pub consent: bool,
    pub honeypot: String,
    pub turnstile: Option<String>,
}

/// A message that passed every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valid {
    pub name: String,
    pub email: String,
    pub subject: &'static str,
    pub message: String,
}

/// How the client talks: a browser form gets HTML, a script gets JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Form,
    Json,
}

const FIELD_ORDER: [Field; 5] = ["name", "email", "subject", "message", "consent"];

/// Every field the form and the JSON API know, as the static names errors are keyed by.
const KNOWN_FIELDS: [Field; 7] = [
    "name",
    "email",
    "subject",
    "message",
    "consent",
    HONEYPOT,
    TURNSTILE_FIELD,
];

fn known_field(key: &str) -> Option<Field> {
    KNOWN_FIELDS.iter().copied().find(|f| *f == key)
}

/// Parses `application/x-www-form-urlencoded`. Unknown fields are ignored (browser extensions
/// add some); a known field sent twice is an error on that field.
pub fn parse_form(body: &[u8], t: &'static Ui) -> Result<(Input, Errors), &'static str> {
    let mut input = Input::default();
    let mut errors = Errors::new();
    let mut seen: Vec<&str> = Vec::new();
    for pair in body.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let (k, v) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &pair[..0]),
        };
        let key = form_decode(k).ok_or(t.form.bad_form)?;
        let value = form_decode(v).ok_or(t.form.bad_form)?;
        let Some(field) = known_field(&key) else {
            continue;
        };
        if seen.contains(&field) {
            if field == HONEYPOT {
                // Filled in any of its copies, the trap caught a bot.
                if input.honeypot.is_empty() {
                    input.honeypot = value;
                }
            } else if !errors.iter().any(|(f, _)| *f == field) {
                errors.push((field, t.form.duplicate));
            }
            continue;
        }
        seen.push(field);
        match field {
            "name" => input.name = value,
            "email" => input.email = value,
            "subject" => input.subject = value,
            "message" => input.message = value,
            "consent" => input.consent = !value.is_empty(),
            HONEYPOT => input.honeypot = value,
            _ => input.turnstile = Some(value),
        }
    }
    Ok((input, errors))
}

/// One component of a form body: `+` is a space, `%XX` a byte, and the result must be UTF-8.
fn form_decode(raw: &[u8]) -> Option<String> {
    let bytes: Vec<u8> = raw
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
        {
            return None;
        }
    }
    let decoded: Vec<u8> = percent_decode(&bytes).collect();
    String::from_utf8(decoded).ok()
}

/// Parses a JSON object. Every field has a type; unknown fields are errors (a script should
/// learn about its typo); a field sent twice is an error too.
pub fn parse_json(body: &[u8], t: &'static Ui) -> Result<(Input, Errors), &'static str> {
    // json::parse refuses nesting deeper than 32 levels, which defuses "JSON bombs".
    let Some(Value::Object(fields)) = json::parse(body) else {
        return Err(t.form.bad_json);
    };
    let mut input = Input::default();
    let mut errors = Errors::new();
    let mut seen: Vec<Field> = Vec::new();
    for (key, value) in fields {
        // Unknown fields are reported under one key, so that a visitor-chosen string never
        // becomes a key.
        let Some(field) = known_field(&key) else {
            errors.push((UNKNOWN_FIELD, t.form.unknown));
            continue;
        };
        if seen.contains(&field) {
            errors.push((field, t.form.duplicate));
            continue;
        }
        seen.push(field);
        match (field, value) {
            ("consent", Value::Bool(b)) => input.consent = b,
            ("consent", _) => errors.push(("consent", t.form.not_bool)),
            (_, Value::Str(s)) => match field {
                "name" => input.name = s,
                "email" => input.email = s,
                "subject" => input.subject = s,
                "message" => input.message = s,
                HONEYPOT => input.honeypot = s,
                _ => input.turnstile = Some(s),
            },
            (_, _) => errors.push((field, t.form.not_text)),
        }
    }
    Ok((input, errors))
}

/// Checks every field; returns the clean message or every error, in form order.
pub fn validate(input: &Input, mut errors: Errors, t: &'static Ui) -> Result<Valid, Errors> {
    let has = |errors: &Errors, f: Field| errors.iter().any(|(e, _)| *e == f);

    let name = input.name.trim();
    if !has(&errors, "name") {
        if name.is_empty() {
            errors.push(("name", t.form.name_missing));
        } else if name.chars().count() > NAME_MAX {
            errors.push(("name", t.form.name_long));
        } else if name.chars().any(|c| forbidden_in_line(c) || invisible(c)) {
            errors.push(("name", t.form.name_chars));
        }
    }

    let email = input.email.trim();
    if !has(&errors, "email") {
        if email.is_empty() {
            errors.push(("email", t.form.email_missing));
        } else if email.len() > EMAIL_MAX {
            errors.push(("email", t.form.email_long));
        } else if !valid_email(email) {
            errors.push(("email", t.form.email_invalid));
        }
    }

    let subject = FR
        .subjects
        .iter()
        .map(|(v, _)| *v)
        .find(|v| *v == input.subject.trim());
    if !has(&errors, "subject") {
        if input.subject.trim().is_empty() {
            errors.push(("subject", t.form.subject_missing));
        } else if subject.is_none() {
            errors.push(("subject", t.form.subject_invalid));
        }
    }

    // Browsers send CRLF line breaks in textareas; store plain LF.
    let message = input.message.replace("\r\n", "\n");
    let message = message.trim();
    if !has(&errors, "message") {
        let chars = message.chars().count();
        if message.is_empty() {
            errors.push(("message", t.form.message_missing));
        } else if chars < MESSAGE_MIN {
            errors.push(("message", t.form.message_short));
        } else if chars > MESSAGE_MAX {
            errors.push(("message", t.form.message_long));
        } else if message
            .chars()
            .any(|c| c != '\n' && c != '\t' && forbidden_in_line(c))
        {
            errors.push(("message", t.form.message_chars));
        }
    }

    if !input.consent && !has(&errors, "consent") {
        errors.push(("consent", t.form.consent));
    }

    if !errors.is_empty() {
        // In the order of the form (the summary reads top to bottom), then the rest.
        let known = FIELD_ORDER
            .iter()
            .flat_map(|f| errors.iter().filter(move |(e, _)| e == f));
        let others = errors.iter().filter(|(e, _)| !FIELD_ORDER.contains(e));
        let errors: Errors = known.chain(others).copied().collect();
        return Err(errors);
    }
    Ok(Valid {
        name: name.to_string(),
        email: email.to_string(),
        subject: subject.unwrap_or("autre"),
        message: message.to_string(),
    })
}

/// Control characters, and the invisible bidirectional controls that can disguise a name
/// (U+202E "right-to-left override" and friends: every `Bidi_Control` character, U+061C
/// "Arabic letter mark" included). Arabic letters themselves are welcome.
fn forbidden_in_line(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// Invisible format characters that make two names look the same ("Amina" and "Ami\u{200b}na"):
/// refused in names. The zero-width (non-)joiners U+200C and U+200D stay: Arabic, Persian and
/// emoji need them. Messages keep them all (text pasted from a word processor has some).
fn invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{180e}' | '\u{200b}' | '\u{2060}'..='\u{2064}' | '\u{206a}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}' | '\u{e0000}'..='\u{e007f}')
}

/// A practical check of an address: ASCII (it goes into a `Reply-To` header), one `@`, a local
/// part of allowed characters, a domain with a dot and sane labels.
pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()));
    local_ok && domain_ok
}

/// The type of a body from its `Content-Type`, or `None` if the form does not take it.
fn format_of(headers: &HeaderMap) -> Option<Format> {
    let ct = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/x-www-form-urlencoded" => Some(Format::Form),
        "application/json" => Some(Format::Json),
        _ => None,
    }
}

/// Whether the POST comes from another site: `Sec-Fetch-Site: cross-site`, or an `Origin` that
/// is neither the request's own nor the configured public one.
fn is_cross_site(req: &Request<Bytes>, site_url: &str) -> bool {
    let h = req.headers();
    if h.get(headers::SEC_FETCH_SITE)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"cross-site"))
    {
        return true;
    }
    let Some(origin) = h.get(header::ORIGIN) else {
        return false;
    };
    let Ok(origin) = origin.to_str() else {
        return true;
    };
    let own = match (
        req.uri().scheme_str(),
        req.uri().authority(),
        h.get(header::HOST),
    ) {
        (Some(scheme), Some(authority), _) => Some(format!("{scheme}://{authority}")),
        (_, _, Some(host)) => host.to_str().ok().map(|h| format!("http://{h}")),
        _ => None,
    };
    let matches_own = own
        .as_deref()
        .is_some_and(|o| o.eq_ignore_ascii_case(origin));
    !(matches_own || origin.eq_ignore_ascii_case(site_url))
}

/// `GET /contact/` (and `/ar/contact/`, `/en/contact/`): the empty form.
pub fn show(app: &App, deps: &Deps, t: &'static Ui) -> Response<Bytes> {
    let form = ContactForm {
        turnstile_site_key: turnstile_key(deps),
        ..Default::default()
    };
    page(app, t, StatusCode::OK, &form)
}

/// `GET /contact/merci/` (and its translations).
pub fn thanks(app: &App, t: &'static Ui) -> Response<Bytes> {
    let body = thanks_page(app.site(), t.lang).into_string();
    headers::respond(
        StatusCode::OK,
        Policy::NoStore,
        headers::HTML,
        app.csp(false),
        body.into(),
    )
}

fn turnstile_key<'a>(deps: &'a Deps) -> Option<&'a str> {
    deps.config
        .turnstile_site_key
        .as_deref()
        .filter(|_| deps.config.turnstile_enabled && deps.captcha.is_some())
}

fn page(app: &App, t: &'static Ui, status: StatusCode, form: &ContactForm) -> Response<Bytes> {
    let turnstile = form.turnstile_site_key.is_some();
    let body = contact_page(app.site(), t.lang, form).into_string();
    headers::respond(
        status,
        Policy::NoStore,
        headers::HTML,
        app.csp(turnstile),
        body.into(),
    )
}

/// `POST /contact/` (and its translations): answers in the language of the form.
pub async fn submit(
    app: &App,
    req: &Request<Bytes>,
    deps: &Deps<'_>,
    t: &'static Ui,
) -> Response<Bytes> {
    debug_assert_eq!(req.method(), Method::POST);
    let h = req.headers();
    let format = format_of(h);
    let reply = Reply {
        app,
        deps,
        t,
        format: format.unwrap_or(Format::Form),
    };

    let declared = h
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if req.body().len() > MAX_BODY || declared.is_some_and(|n| n > MAX_BODY as u64) {
        return reply.problem(StatusCode::PAYLOAD_TOO_LARGE, t.form.too_large);
    }
    let Some(format) = format else {
        return reply.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, t.form.media_type);
    };
    if is_cross_site(req, app.site_url()) {
        return reply
            .problem(StatusCode::FORBIDDEN, t.form.cross_site)
            .note("cross-site");
    }

    let parsed = match format {
        Format::Form => parse_form(req.body(), t),
        Format::Json => parse_json(req.body(), t),
    };
    let (input, errors) = match parsed {
        Ok(p) => p,
        Err(why) => return reply.problem(StatusCode::BAD_REQUEST, why),
    };

    let ip = h
        .get(headers::CF_CONNECTING_IP)
        .and_then(|v| v.to_str().ok());
    // Checked before the honeypot so that a bot cannot use fake successes to flood.
    let limiter_error = match deps.limiter.allow(ip.unwrap_or("unknown")).await {
        Ok(true) => None,
        Ok(false) => {
            let mut res = reply.with_form(
                StatusCode::TOO_MANY_REQUESTS,
                &input,
                &[("_form", t.form.rate_limited)],
            );
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER));
            return res.note("rate-limited");
        }
        // A broken limiter must not cost a genuine message: let it through, and log it.
        Err(e) => Some(e.0),
    };
    let res = accept(&reply, req, deps, input, errors, ip).await;
    match limiter_error {
        Some(e) => {
            let note = res
                .extensions()
                .get::<LogNote>()
                .map_or(String::new(), |n| n.0.clone());
            res.note_owned(format!("{note}; rate-limiter-failed: {e}"))
        }
        None => res,
    }
}

/// The rest of a POST once the client is allowed: honeypot, validation, Turnstile, storage.
async fn accept(
    reply: &Reply<'_>,
    req: &Request<Bytes>,
    deps: &Deps<'_>,
    input: Input,
    errors: Errors,
    ip: Option<&str>,
) -> Response<Bytes> {
    let h = req.headers();
    let t = reply.t;
    if !input.honeypot.trim().is_empty() {
        return reply.success(0).note("honeypot");
    }

    let valid = match validate(&input, errors, t) {
        Ok(v) => v,
        Err(errors) => return reply.with_form(StatusCode::UNPROCESSABLE_ENTITY, &input, &errors),
    };

    if let (true, Some(captcha)) = (deps.config.turnstile_enabled, deps.captcha) {
        let token = input.turnstile.as_deref().unwrap_or("");
        let ok = !token.is_empty() && matches!(captcha.verify(token, ip).await, Ok(true));
        if !ok {
            return reply
                .with_form(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &input,
                    &[("turnstile", t.form.turnstile)],
                )
                .note("turnstile-failed");
        }
    }

    let record = NewMessage {
        name: valid.name.clone(),
        email: valid.email.clone(),
        subject: valid.subject.to_string(),
        message: valid.message.clone(),
        country: h
            .get(headers::CF_IPCOUNTRY)
            .and_then(|v| v.to_str().ok())
            .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()))
            .map(str::to_ascii_uppercase),
        user_agent_hash: h
            .get(header::USER_AGENT)
            .map(|ua| short_hash(ua.as_bytes())),
        preview: reply.app.is_preview(req),
    };
    let id = match deps.store.insert(&record).await {
        Ok(id) => id,
        Err(e) => {
            let mut res = reply.with_form(
                StatusCode::SERVICE_UNAVAILABLE,
                &input,
                &[("_form", t.form.store_failed)],
            );
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER));
            return res.note_owned(format!("store-failed: {}", e.0));
        }
    };

    // A preview's message is kept (marked) but reaches nobody: the team is not written to by
    // someone trying a version before it is published.
    if record.preview {
        return reply.success(id).note("stored-preview");
    }
    if let (Some(mailer), Some(from), Some(to)) =
        (deps.mailer, &deps.config.mail_from, &deps.config.mail_to)
    {
        mailer.send_later(notification(&record, id, from, to));
    }
    reply.success(id).note("stored")
}

/// Builds answers in the client's format.
struct Reply<'a> {
    app: &'a App,
    deps: &'a Deps<'a>,
    t: &'static Ui,
    format: Format,
}

impl Reply<'_> {
    /// A refusal that is not about a field (403, 413, 415, 400).
    fn problem(&self, status: StatusCode, message: &'static str) -> Response<Bytes> {
        match self.format {
            Format::Json => json(self.app, status, Obj::new().str("error", message).end()),
            Format::Form => {
                let body = views::error_page(self.app.site(), self.t.lang, message).into_string();
                headers::respond(
                    status,
                    Policy::NoStore,
                    headers::HTML,
                    self.app.csp(false),
                    body.into(),
                )
            }
        }
    }

    /// The form again with the visitor's input and the errors (or the JSON errors).
    fn with_form(
        &self,
        status: StatusCode,
        input: &Input,
        errors: &[(Field, &'static str)],
    ) -> Response<Bytes> {
        match self.format {
            Format::Json => {
                let map = errors
                    .iter()
                    .fold(Obj::new(), |o, (f, m)| o.str(f, m))
                    .end();
                json(self.app, status, Obj::new().raw("errors", &map).end())
            }
            Format::Form => {
                let form = ContactForm {
                    name: &input.name,
                    email: &input.email,
                    subject: &input.subject,
                    message: &input.message,
                    consent: input.consent,
                    errors,
                    turnstile_site_key: turnstile_key(self.deps),
                };
                page(self.app, self.t, status, &form)
            }
        }
    }

    /// Post/Redirect/Get for forms, 201 with the id for scripts.
    fn success(&self, id: i64) -> Response<Bytes> {
        match self.format {
            Format::Json => {
                let mut res = json(
                    self.app,
                    StatusCode::CREATED,
                    Obj::new().int("id", id).end(),
                );
                res.headers_mut()
                    .insert(header::LOCATION, location(thanks_path(self.t)));
                res
            }
            Format::Form => {
                let mut res =
                    headers::empty(StatusCode::SEE_OTHER, Policy::NoStore, self.app.csp(false));
                res.headers_mut()
                    .insert(header::LOCATION, location(thanks_path(self.t)));
                res
            }
        }
    }
}

/// Our own paths are ASCII, so the fallback is never used.
fn location(path: String) -> HeaderValue {
    HeaderValue::try_from(path).unwrap_or_else(|_| HeaderValue::from_static("/"))
}

fn json(app: &App, status: StatusCode, body: String) -> Response<Bytes> {
    headers::respond(
        status,
        Policy::NoStore,
        headers::JSON,
        app.csp(false),
        body.into(),
    )
}

/// Adds a note for the request's log line.
trait Noted {
    fn note(self, note: &'static str) -> Self;
    fn note_owned(self, note: String) -> Self;
}

impl Noted for Response<Bytes> {
    fn note(mut self, note: &'static str) -> Self {
        self.extensions_mut().insert(LogNote(note.into()));
        self
    }
    fn note_owned(mut self, note: String) -> Self {
        self.extensions_mut().insert(LogNote(note));
        self
    }
}

/// A 64-bit FNV-1a hash of `bytes`, in hex. Enough to group messages sent by one browser
/// without keeping its User-Agent; not meant to resist a dictionary (a User-Agent is not
/// secret), so a cryptographic hash would only add wasm bytes.
fn short_hash(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

#[cfg(test)]
mod abuse_tests;
#[cfg(test)]
mod tests;
