//! The bodies of the Worker's fuzz targets (`fuzz/`, run by `make fuzz`), shared with the native
//! tests that replay every input kept in `fuzz/regressions/` and `fuzz/seeds/` (the front
//! matter's target is in `oim-build`). Each function feeds
//! arbitrary bytes to one parser and panics when an invariant breaks; a panic is what the fuzzer
//! reports as a crash. Compiled only for tests and under `cargo fuzz` (`--cfg fuzzing`).

use oim_site::i18n::FR;
use oim_site::paths::{CONTACT_PATH, SEARCH_PATH, THANKS_PATH};

use crate::contact::{self, Input, MESSAGE_MAX, MESSAGE_MIN, NAME_MAX};
use crate::json::{self, Value, MAX_DEPTH};
use crate::routes::{self, Route, MAX_PATH};
use crate::services::NewMessage;

/// The page paths of the site built into this binary.
const PATHS: &[&str] = crate::generated::TABLE.paths;

/// The router: a route is only ever the exact canonical spelling; a redirect goes to a
/// canonical path that then resolves without another redirect; nothing panics.
pub fn router(data: &[u8]) {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let canonical =
        |p: &str| PATHS.contains(&p) || p == CONTACT_PATH || p == THANKS_PATH || p == SEARCH_PATH;
    match routes::resolve(raw, PATHS) {
        Route::Page(i) => assert_eq!(PATHS[i], raw),
        Route::Contact(t) => assert_eq!(raw, format!("{}{CONTACT_PATH}", t.prefix)),
        Route::Thanks(t) => assert_eq!(raw, format!("{}{THANKS_PATH}", t.prefix)),
        Route::Search(t) => assert_eq!(raw, format!("{}{SEARCH_PATH}", t.prefix)),
        Route::Redirect(to) => {
            assert!(canonical(&to), "{raw:?} redirects to {to:?}");
            assert_ne!(to, raw, "a redirect to itself");
            assert!(
                !matches!(routes::resolve(&to, PATHS), Route::Redirect(_)),
                "{raw:?} -> {to:?} redirects again"
            );
        }
        Route::NotFound => {
            assert!(raw.starts_with('/') && raw.len() <= MAX_PATH, "{raw:?}");
            assert!(!canonical(raw), "{raw:?} exists");
        }
        Route::BadRequest(why) => assert!(!why.message(&FR).is_empty()),
        #[cfg(feature = "panic-route")]
        Route::Panic => {}
    }
}

/// The form parser, then validation and the notification email.
pub fn form(data: &[u8]) {
    if let Ok((input, errors)) = contact::parse_form(data, &FR) {
        validated(&input, errors);
    }
}

/// The JSON parser (nesting limit, nothing after the value, the same documents as serde_json)
/// and the JSON contact API.
pub fn json(data: &[u8]) {
    if let Some(value) = json::parse(data) {
        assert!(depth(&value) <= MAX_DEPTH, "deeper than {MAX_DEPTH}");
    }
    #[cfg(any(test, feature = "serde-json-reference"))]
    agrees_with_serde_json(data);
    if let Ok((input, errors)) = contact::parse_json(data, &FR) {
        validated(&input, errors);
    }
}

/// The hand parser accepts exactly what serde_json accepts, as the same document, but for
/// numbers out of f64's range (serde_json refuses 1e400; the site keeps the text) and what is
/// nested deeper than [`MAX_DEPTH`] (refused on purpose).
#[cfg(any(test, feature = "serde-json-reference"))]
pub fn agrees_with_serde_json(data: &[u8]) {
    let ours = json::parse(data);
    let theirs = serde_json::from_slice::<serde_json::Value>(data);
    match (&ours, &theirs) {
        (Some(a), Ok(b)) => assert!(same(a, b), "{a:?} != {b:?}"),
        (Some(_), Err(e)) => assert!(
            e.to_string().contains("number out of range"),
            "only the hand parser accepts it: {e}"
        ),
        (None, Ok(b)) => assert!(
            serde_depth(b) > MAX_DEPTH,
            "only serde_json accepts it: {b:?}"
        ),
        (None, Err(_)) => {}
    }
}

/// The same document: equal scalars, numbers equal once read by serde_json, objects equal
/// with the last of duplicate keys winning (as serde_json does).
#[cfg(any(test, feature = "serde-json-reference"))]
fn same(a: &Value, b: &serde_json::Value) -> bool {
    match (a, b) {
        (Value::Null, serde_json::Value::Null) => true,
        (Value::Bool(x), serde_json::Value::Bool(y)) => x == y,
        (Value::Str(x), serde_json::Value::String(y)) => x == y,
        (Value::Number(x), serde_json::Value::Number(_)) => {
            serde_json::from_str::<serde_json::Value>(x).is_ok_and(|n| &n == b)
        }
        (Value::Array(x), serde_json::Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), serde_json::Value::Object(y)) => {
            let mut keys: Vec<&String> = x.iter().map(|(k, _)| k).collect();
            keys.sort();
            keys.dedup();
            keys.len() == y.len()
                && y.iter().all(|(k, vb)| {
                    x.iter()
                        .rev()
                        .find(|(ka, _)| ka == k)
                        .is_some_and(|(_, va)| same(va, vb))
                })
        }
        _ => false,
    }
}

#[cfg(any(test, feature = "serde-json-reference"))]
fn serde_depth(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Array(items) => {
            items.iter().map(|i| 1 + serde_depth(i)).max().unwrap_or(0)
        }
        serde_json::Value::Object(fields) => fields
            .values()
            .map(|i| 1 + serde_depth(i))
            .max()
            .unwrap_or(0),
        _ => 0,
    }
}

/// How many containers enclose the deepest value (`1` is 0, `[1]` is 1).
pub fn depth(v: &Value) -> usize {
    match v {
        Value::Array(items) => items.iter().map(|i| 1 + depth(i)).max().unwrap_or(0),
        Value::Object(fields) => fields.iter().map(|(_, i)| 1 + depth(i)).max().unwrap_or(0),
        _ => 0,
    }
}

/// A message that passes validation obeys every rule, and its email cannot be injected into.
fn validated(input: &Input, errors: contact::Errors) {
    let Ok(valid) = contact::validate(input, errors, &FR) else {
        return;
    };
    assert!(!valid.name.is_empty() && valid.name.chars().count() <= NAME_MAX);
    assert!(
        !valid.name.chars().any(char::is_control),
        "{:?}",
        valid.name
    );
    assert!(contact::valid_email(&valid.email), "{:?}", valid.email);
    let chars = valid.message.chars().count();
    assert!((MESSAGE_MIN..=MESSAGE_MAX).contains(&chars));
    assert!(
        !valid.message.contains('\r'),
        "CR kept in {:?}",
        valid.message
    );
    let record = NewMessage {
        reference: "0123456789abcdef0123456789abcdef".into(),
        name: valid.name,
        email: valid.email,
        subject: valid.subject.to_string(),
        message: valid.message,
        country: None,
        user_agent_hash: None,
        preview: false,
    };
    let mail = crate::mail::notification(
        &record,
        1_700_000_000_000,
        "site@oim.example",
        "equipe@oim.example",
    );
    mail_is_safe(&mail.raw);
}

/// The notification has exactly its nine header fields, whatever the visitor typed; a field
/// may be folded onto lines that start with a space, a line with an encoded-word is at most 76
/// characters and the word 75 (RFC 2047), any line at most 998 (RFC 5322: a long address),
/// and the body is base64 lines: no visitor byte can add a header or a MIME part.
pub fn mail_is_safe(raw: &str) {
    assert!(raw.is_ascii(), "non-ASCII in the raw mail");
    let (head, body) = raw.split_once("\r\n\r\n").expect("a header block");
    assert!(!head.replace("\r\n", "").contains(['\r', '\n']), "{head:?}");
    let mut names = Vec::new();
    for line in head.split("\r\n") {
        let limit = if line.contains("=?") { 76 } else { 998 };
        assert!(
            line.len() <= limit,
            "a header line of {}: {line}",
            line.len()
        );
        if !line.starts_with(' ') {
            names.push(line.split_once(": ").map_or(line, |(n, _)| n));
        }
        for word in line.split_whitespace().filter(|w| w.starts_with("=?")) {
            assert!(
                word.len() <= 75,
                "an encoded-word of {}: {word}",
                word.len()
            );
            assert!(
                word.starts_with("=?UTF-8?B?") && word.ends_with("?="),
                "{word}"
            );
        }
    }
    assert_eq!(
        names,
        [
            "From",
            "To",
            "Reply-To",
            "Subject",
            "Date",
            "Message-ID",
            "MIME-Version",
            "Content-Type",
            "Content-Transfer-Encoding"
        ],
        "{head}"
    );
    for line in body.trim_end().split("\r\n") {
        assert!(line.len() <= 76, "{line}");
        assert!(
            line.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)),
            "{line:?}"
        );
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    /// Every file kept for a target: the seeds and the crashes the fuzzer found (which become
    /// regression tests by being saved under `fuzz/regressions/<target>/`).
    fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
        let mut out = Vec::new();
        for dir in ["seeds", "regressions"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_file() {
                    let bytes = std::fs::read(&path).expect("readable input");
                    out.push((path, bytes));
                }
            }
        }
        out.sort();
        out
    }

    fn replay(target: &str, check: fn(&[u8])) {
        let inputs = inputs(target);
        assert!(!inputs.is_empty(), "no seeds for {target}");
        for (path, bytes) in inputs {
            let outcome = std::panic::catch_unwind(|| check(&bytes));
            assert!(outcome.is_ok(), "{} fails", path.display());
        }
    }

    #[test]
    fn replays_the_router_inputs() {
        replay("router", router);
    }

    #[test]
    fn replays_the_form_inputs() {
        replay("form", form);
    }

    #[test]
    fn replays_the_json_inputs() {
        replay("json", json);
    }

    #[test]
    fn the_mail_check_catches_an_injected_header() {
        let raw = "From: a\r\nTo: b\r\nReply-To: c\r\nSubject: d\r\nBcc: x@y.z\r\nDate: f\r\n\
                   Message-ID: e\r\nMIME-Version: 1.0\r\nContent-Type: t\r\n\
                   Content-Transfer-Encoding: base64\r\n\r\nQQ==\r\n";
        assert!(std::panic::catch_unwind(|| mail_is_safe(raw)).is_err());
        // The same without the Bcc passes: the check is not merely strict.
        mail_is_safe(&raw.replace("Bcc: x@y.z\r\n", ""));
    }

    #[test]
    fn depth_counts_enclosing_containers() {
        assert_eq!(depth(&Value::Null), 0);
        assert_eq!(depth(&json::parse(b"[[]]").expect("json")), 1);
        assert_eq!(depth(&json::parse(b"[[1]]").expect("json")), 2);
        assert_eq!(depth(&json::parse(b"{\"a\":[{}]}").expect("json")), 2);
    }
}
