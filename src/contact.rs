//! The contact form: parse the body (form or JSON), validate into a [`Valid`] message, guard
//! against abuse, store, notify.
//!
//! Order of a POST, cheapest refusal first: a body that stalled (408), size for a script
//! (413), type (415), origin (403), size for a browser form (413, with the form and what could
//! be read), per-client rate limit (429), parsing (400), honeypot (a fake success), validation
//! (422), Turnstile (422), the site-wide rate limit (429), storage (503 if it fails, with the
//! visitor's text kept in the form), then the notification, sent after the response. Nothing
//! is reported as sent unless it is stored.

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, Request, Response, StatusCode};
use percent_encoding::percent_decode;

use oim_site::i18n::{Ui, FR};
use oim_site::json::Obj;
use oim_site::paths::thanks_path;
use oim_site::views;

use crate::app::{App, LogNote, Reply};
use crate::caching::Policy;
use crate::headers::{self, Unread};
use crate::json::{self, Value};
use crate::mail::notification;
use crate::services::{Deps, Limit, NewMessage};

mod email;
mod view;
pub use email::{ascii_email, valid_email};
pub use view::{contact_page, thanks_page, ContactForm};

/// Limits of the form fields, in characters (Unicode scalar values, as validation counts
/// them): the form shows them (`maxlength`), validation enforces them.
pub const NAME_MAX: usize = 100;
pub const EMAIL_MAX: usize = 254;
pub const MESSAGE_MAX: usize = 5000;
pub const MESSAGE_MIN: usize = 10;
/// The honeypot: invisible to people and screen readers, irresistible to naive bots.
pub const HONEYPOT: &str = "website";
/// The longest value of the subject list (`information`, `partenariat`).
const SUBJECT_MAX: usize = 11;
/// The longest Turnstile token, in ASCII characters (Cloudflare's siteverify documentation).
const TURNSTILE_MAX: usize = 2048;

/// The most bytes one character can take in a body, in either format. A form encodes each of
/// its (up to 4) UTF-8 bytes as `%XX`: 12. JSON may escape every character, and one outside
/// the Basic Multilingual Plane (an emoji) is a surrogate pair, `\uD83D\uDE00`: 12. A line
/// break counted as one character after CRLF becomes LF is `%0D%0A` (6) or `\r\n` (4, or 12 as
/// `\u` escapes).
pub const WORST_BYTES_PER_CHAR: usize = 12;
/// The same for ASCII-only values (the subject, the Turnstile token): `%XX` or `\u00XX`.
const WORST_BYTES_PER_ASCII: usize = 6;
/// Everything around the values: field names, `=` and `&`, the consent's value, JSON's
/// quotes, colons, commas, braces and some indentation (a real body needs under 200).
const FRAME: usize = 1024;

/// Largest body accepted, from the worst case of the stated limits: every message that fits
/// the form's own limits fits, whatever its script (5,000 emoji, percent-encoded, is 60,000
/// bytes). The adapter reads at most one byte more.
pub const MAX_BODY: usize = WORST_BYTES_PER_CHAR * (NAME_MAX + EMAIL_MAX + MESSAGE_MAX)
    + WORST_BYTES_PER_ASCII * (SUBJECT_MAX + TURNSTILE_MAX)
    + FRAME;
/// Seconds a rate-limited client should wait (the bindings' period).
pub const RETRY_AFTER: usize = 60;
/// The key of the site-wide rate limit: every message counts against the same one.
const SITE_KEY: &str = "site";
const TURNSTILE_FIELD: &str = "cf-turnstile-response";
/// Where JSON errors about fields that do not exist are reported.
const UNKNOWN_FIELD: Field = "_unknown";

/// A form field, by its `name`.
pub type Field = &'static str;
/// Errors in the order of the form: (field, message), at most one per field, so that a list
/// stays short whatever the body holds (a JSON object of 10,000 unknown keys is one error).
pub type Errors = Vec<(Field, &'static str)>;

/// Adds an error unless the field already has one.
fn add(errors: &mut Errors, field: Field, message: &'static str) {
    if !errors.iter().any(|(f, _)| *f == field) {
        errors.push((field, message));
    }
}

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

impl Input {
    /// Sets the field a known form key names ([`KNOWN_FIELDS`]).
    fn set(&mut self, field: Field, value: String) {
        match field {
            "name" => self.name = value,
            "email" => self.email = value,
            "subject" => self.subject = value,
            "message" => self.message = value,
            "consent" => self.consent = !value.is_empty(),
            HONEYPOT => self.honeypot = value,
            _ => self.turnstile = Some(value),
        }
    }
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
            } else {
                add(&mut errors, field, t.form.duplicate);
            }
            continue;
        }
        seen.push(field);
        input.set(field, value);
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
            add(&mut errors, UNKNOWN_FIELD, t.form.unknown);
            continue;
        };
        if seen.contains(&field) {
            add(&mut errors, field, t.form.duplicate);
            continue;
        }
        seen.push(field);
        match (field, value) {
            ("consent", Value::Bool(b)) => input.consent = b,
            ("consent", _) => add(&mut errors, "consent", t.form.not_bool),
            (_, Value::Str(s)) => match field {
                "name" => input.name = s,
                "email" => input.email = s,
                "subject" => input.subject = s,
                "message" => input.message = s,
                HONEYPOT => input.honeypot = s,
                _ => input.turnstile = Some(s),
            },
            (_, _) => add(&mut errors, field, t.form.not_text),
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
        } else if name.chars().any(forbidden_in_name) {
            errors.push(("name", t.form.name_chars));
        }
    }

    let email = input.email.trim();
    let mut stored_email = None;
    if !has(&errors, "email") {
        if email.is_empty() {
            errors.push(("email", t.form.email_missing));
        } else if email.chars().count() > EMAIL_MAX {
            errors.push(("email", t.form.email_long));
        } else {
            // The address as mail servers take it: a Unicode domain becomes Punycode, whose
            // longer form must still fit in a `Reply-To` path.
            match ascii_email(email) {
                Some(ascii) if ascii.len() <= EMAIL_MAX => stored_email = Some(ascii),
                Some(_) => errors.push(("email", t.form.email_long)),
                None => errors.push(("email", t.form.email_invalid)),
            }
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
        } else if message.chars().any(forbidden_in_message) {
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
        email: stored_email.unwrap_or_default(),
        subject: subject.unwrap_or("autre"),
        message: message.to_string(),
    })
}

/// What a name may not hold. It is written on one line (the notification's `Subject` and
/// `Reply-To`, the team's inbox, the CSV), so: control characters and line separators; the
/// bidirectional controls that reorder what follows them (embeddings U+202A, U+202B, overrides
/// U+202D, U+202E, their end U+202C, isolates U+2066 to U+2069), with which "Amina\u{202e}gpj.exe"
/// reads "Aminaexe.jpg" and an unclosed one turns the rest of the `Subject` around; and the
/// invisible characters that make two names look the same. The marks LRM, RLM and ALM
/// (U+200E, U+200F, U+061C) reorder nothing: Arabic keyboards type them, they are welcome,
/// like the joiners ZWNJ and ZWJ (U+200C, U+200D) that Arabic, Persian and emoji spelling need.
fn forbidden_in_name(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || reorders(c) || invisible(c)
}

/// What a message may not hold: control characters other than line breaks and tabs, and the
/// two overrides (U+202D, U+202E), which reverse the letters that follow ("Trojan Source":
/// a link that reads `google.com` and opens another site) and which no keyboard types.
/// Everything else is text people write or paste, stored as typed: the marks, the joiners,
/// embeddings and isolates (chat apps wrap names in U+2068…U+2069), invisible characters from
/// word processors; the notification carries it in base64.
fn forbidden_in_message(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202d}' | '\u{202e}')
}

/// The explicit bidirectional formatting characters: embeddings, overrides, their end, and
/// isolates. (The marks U+200E, U+200F and U+061C are not among them.)
fn reorders(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Invisible format characters that make two names look the same ("Amina" and "Ami\u{200b}na"):
/// refused in names. The zero-width (non-)joiners U+200C and U+200D stay: Arabic, Persian and
/// emoji need them. Messages keep them all (text pasted from a word processor has some).
fn invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{180e}' | '\u{200b}' | '\u{2060}'..='\u{2064}' | '\u{206a}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}' | '\u{e0000}'..='\u{e007f}')
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
/// is neither the request's own nor the configured public one. An `Origin` or
/// `Sec-Fetch-Site` that was sent but could not be read (a control byte: no browser sends one)
/// is hostile, not absent.
fn is_cross_site(req: &Request<Bytes>, unread: &Unread, site_url: &str) -> bool {
    let h = req.headers();
    if unread
        .headers
        .iter()
        .any(|n| *n == header::ORIGIN || *n == headers::SEC_FETCH_SITE)
    {
        return true;
    }
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
    unread: &Unread,
    deps: &Deps<'_>,
    t: &'static Ui,
) -> Reply {
    debug_assert_eq!(req.method(), Method::POST);
    let h = req.headers();
    let format = format_of(h);
    let answers = Answers {
        app,
        deps,
        t,
        format: format.unwrap_or(Format::Form),
    };

    if unread.body_stalled {
        return answers
            .problem(StatusCode::REQUEST_TIMEOUT, t.form.stalled)
            .note("body-stalled");
    }
    let declared = h
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    let too_large = req.body().len() > MAX_BODY || declared.is_some_and(|n| n > MAX_BODY as u64);
    if too_large && format != Some(Format::Form) {
        return answers
            .problem(StatusCode::PAYLOAD_TOO_LARGE, t.form.too_large)
            .into();
    }
    let Some(format) = format else {
        return answers
            .problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, t.form.media_type)
            .into();
    };
    if is_cross_site(req, unread, app.site_url()) {
        return answers
            .problem(StatusCode::FORBIDDEN, t.form.cross_site)
            .note("cross-site");
    }
    if too_large {
        // Only past the origin check: the form shows back what the body held.
        return answers.too_large(req.body());
    }

    let parsed = match format {
        Format::Form => parse_form(req.body(), t),
        Format::Json => parse_json(req.body(), t),
    };
    let (input, errors) = match parsed {
        Ok(p) => p,
        Err(why) => return answers.problem(StatusCode::BAD_REQUEST, why).into(),
    };

    let ip = h
        .get(headers::CF_CONNECTING_IP)
        .and_then(|v| v.to_str().ok());
    let client = client_key(ip.unwrap_or("unknown"));
    // Checked before the honeypot so that a bot cannot use fake successes to flood.
    let mut limiter_errors = Vec::new();
    match deps.limiter.allow(Limit::Client, &client).await {
        Ok(true) => {}
        Ok(false) => {
            return answers
                .rate_limited(&input, t.form.rate_limited)
                .note("rate-limited")
        }
        // A broken limiter must not cost a genuine message: let it through, and log it.
        Err(e) => limiter_errors.push(e.0),
    }
    let mut res = accept(&answers, req, deps, input, errors, ip, &mut limiter_errors).await;
    if limiter_errors.is_empty() {
        return res;
    }
    let note = res.meta.note.take().map_or(String::new(), |n| n.0);
    res.meta.note = Some(LogNote(format!(
        "{note}; rate-limiter-failed: {}",
        limiter_errors.join("; ")
    )));
    res
}

/// The key a client is counted by: its IPv4 address, or the /64 of its IPv6 address (one
/// subscriber line or host gets a whole /64, so counting single IPv6 addresses would give a
/// flood 2^64 keys). An IPv4-mapped IPv6 address is its IPv4 one.
pub fn client_key(ip: &str) -> String {
    if let Some((_, v4)) = ip.rsplit_once(':').filter(|(_, v4)| v4.contains('.')) {
        return v4.to_string();
    }
    match ipv6_prefix(ip) {
        Some(g) => format!("{:x}:{:x}:{:x}:{:x}::/64", g[0], g[1], g[2], g[3]),
        None => ip.to_string(),
    }
}

/// The first four groups of an IPv6 address in text (`2001:db8:1:2::5`), `None` for anything
/// else. Written out: `std::net`'s parser costs 2.7 KB of wasm for this one use; a test checks
/// it against the parser.
fn ipv6_prefix(ip: &str) -> Option<[u16; 4]> {
    let groups = |part: &str| -> Option<Vec<u16>> {
        if part.is_empty() {
            return Some(Vec::new());
        }
        part.split(':')
            .map(|g| {
                let hex = (1..=4).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_hexdigit());
                hex.then(|| u16::from_str_radix(g, 16).ok()).flatten()
            })
            .collect()
    };
    let all = match ip.split_once("::") {
        Some((head, tail)) => {
            let (mut all, tail) = (groups(head)?, groups(tail)?);
            if all.len() + tail.len() > 7 {
                return None;
            }
            all.resize(8 - tail.len(), 0);
            all.extend(tail);
            all
        }
        None => groups(ip)?,
    };
    (all.len() == 8).then(|| [all[0], all[1], all[2], all[3]])
}

/// The rest of a POST once the client is allowed: honeypot, validation, Turnstile, the
/// site-wide limit, storage.
async fn accept(
    answers: &Answers<'_>,
    req: &Request<Bytes>,
    deps: &Deps<'_>,
    input: Input,
    errors: Errors,
    ip: Option<&str>,
    limiter_errors: &mut Vec<String>,
) -> Reply {
    let h = req.headers();
    let t = answers.t;
    // One random reference per post, a fake success's too: the answers look the same.
    let reference = random_reference(deps);
    if !input.honeypot.trim().is_empty() {
        return answers.success(&reference).note("honeypot");
    }

    let valid = match validate(&input, errors, t) {
        Ok(v) => v,
        Err(errors) => {
            return answers
                .with_form(StatusCode::UNPROCESSABLE_ENTITY, &input, &errors)
                .into()
        }
    };

    if let (true, Some(captcha)) = (deps.config.turnstile_enabled, deps.captcha) {
        let token = input.turnstile.as_deref().unwrap_or("");
        let ok = !token.is_empty() && matches!(captcha.verify(token, ip).await, Ok(true));
        if !ok {
            return answers
                .with_form(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &input,
                    &[("turnstile", t.form.turnstile)],
                )
                .note("turnstile-failed");
        }
    }

    // Last before storing: only messages that would reach the inbox count, so that bots
    // caught by the honeypot or posting garbage cannot use up the site's budget.
    match deps.limiter.allow(Limit::Site, SITE_KEY).await {
        Ok(true) => {}
        Ok(false) => {
            return answers
                .rate_limited(&input, t.form.site_busy)
                .note("site-rate-limited")
        }
        Err(e) => limiter_errors.push(e.0),
    }

    let record = NewMessage {
        reference,
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
        preview: answers.app.is_preview(req),
    };
    if let Err(e) = deps.store.insert(&record).await {
        let mut res = answers.with_form(
            StatusCode::SERVICE_UNAVAILABLE,
            &input,
            &[("_form", t.form.store_failed)],
        );
        res.headers_mut()
            .insert(header::RETRY_AFTER, headers::number(RETRY_AFTER));
        return res.note_owned(format!("store-failed: {}", e.0));
    }

    // A preview's message is kept (marked) but reaches nobody: the team is not written to by
    // someone trying a version before it is published.
    if record.preview {
        return answers.success(&record.reference).note("stored-preview");
    }
    if let (Some(mailer), Some(from), Some(to)) =
        (deps.mailer, &deps.config.mail_from, &deps.config.mail_to)
    {
        mailer.send_later(notification(&record, deps.platform.now_ms(), from, to));
    }
    answers.success(&record.reference).note("stored")
}

/// 16 random bytes in hex: an opaque reference that says nothing about other messages.
fn random_reference(deps: &Deps) -> String {
    let mut bytes = [0u8; 16];
    deps.platform.random(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Builds answers in the client's format.
struct Answers<'a> {
    app: &'a App,
    deps: &'a Deps<'a>,
    t: &'static Ui,
    format: Format,
}

impl Answers<'_> {
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

    /// 429: the form again with the text kept, and when to try again.
    fn rate_limited(&self, input: &Input, why: &'static str) -> Response<Bytes> {
        let mut res = self.with_form(StatusCode::TOO_MANY_REQUESTS, input, &[("_form", why)]);
        res.headers_mut()
            .insert(header::RETRY_AFTER, headers::number(RETRY_AFTER));
        res
    }

    /// A body over the cap (413). A script gets the error; a browser form gets the form back
    /// with what could be read (every field up to the cap, and the one the cap went through,
    /// cut, with its length error) and a message asking to shorten it, never a bare error page.
    fn too_large(&self, body: &[u8]) -> Reply {
        if self.format == Format::Json {
            return self
                .problem(StatusCode::PAYLOAD_TOO_LARGE, self.t.form.too_large)
                .into();
        }
        let (input, cut) = read_what_fits(body);
        let f = &self.t.form;
        let mut errors: Errors = vec![("_form", f.too_large_form)];
        match cut {
            Some("name") => errors.push(("name", f.name_long)),
            Some("email") => errors.push(("email", f.email_long)),
            Some("message") => errors.push(("message", f.message_long)),
            _ => {}
        }
        self.with_form(StatusCode::PAYLOAD_TOO_LARGE, &input, &errors)
            .note("too-large")
    }

    /// Post/Redirect/Get for forms, 201 with the opaque reference for scripts.
    fn success(&self, reference: &str) -> Response<Bytes> {
        match self.format {
            Format::Json => {
                let mut res = json(
                    self.app,
                    StatusCode::CREATED,
                    Obj::new().str("id", reference).end(),
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

/// What a form body cut at [`MAX_BODY`] held: every field read whole, and the field the cut
/// went through, decoded up to the cut (a split `%XX` escape or UTF-8 sequence at the end is
/// dropped). Lenient, since it only fills the form shown back: a repeated field keeps its
/// first value, undecodable parts are left out.
fn read_what_fits(body: &[u8]) -> (Input, Option<Field>) {
    let body = &body[..body.len().min(MAX_BODY)];
    let mut input = Input::default();
    let mut seen: Vec<Field> = Vec::new();
    let mut cut = None;
    let pairs: Vec<&[u8]> = body.split(|&b| b == b'&').collect();
    for (i, pair) in pairs.iter().enumerate() {
        let last = i + 1 == pairs.len();
        let Some(eq) = pair.iter().position(|&b| b == b'=') else {
            continue;
        };
        let Some(field) = form_decode(&pair[..eq]).and_then(|k| known_field(&k)) else {
            continue;
        };
        let raw = &pair[eq + 1..];
        let value = if last {
            cut = Some(field);
            decode_cut(raw)
        } else {
            form_decode(raw)
        };
        let Some(value) = value else { continue };
        if seen.contains(&field) {
            continue;
        }
        seen.push(field);
        input.set(field, value);
    }
    (input, cut)
}

/// A form value cut anywhere: without a split escape at its end, decoded, and without a
/// split UTF-8 sequence at its end.
fn decode_cut(raw: &[u8]) -> Option<String> {
    let n = raw.len();
    let whole = match (raw.get(n.wrapping_sub(1)), raw.get(n.wrapping_sub(2))) {
        (Some(b'%'), _) => &raw[..n - 1],
        (Some(_), Some(b'%')) => &raw[..n - 2],
        _ => raw,
    };
    let bytes: Vec<u8> = whole
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    let decoded: Vec<u8> = percent_decode(&bytes).collect();
    match std::str::from_utf8(&decoded) {
        Ok(text) => Some(text.to_string()),
        // Only an incomplete sequence at the very end is the cut's doing.
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&decoded[..e.valid_up_to()])
            .ok()
            .map(str::to_string),
        Err(_) => None,
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
    fn note(self, note: &'static str) -> Reply;
    fn note_owned(self, note: String) -> Reply;
}

impl Noted for Response<Bytes> {
    fn note(self, note: &'static str) -> Reply {
        self.note_owned(note.into())
    }
    fn note_owned(self, note: String) -> Reply {
        let mut reply = Reply::from(self);
        reply.meta.note = Some(LogNote(note));
        reply
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
#[cfg(test)]
mod visitor_tests;
