//! The Worker's logs: a JSON line for each contact form post, note and server error (pages,
//! 304s, redirects and 404s get none: Workers Logs records every invocation), and nothing a
//! visitor submitted. Every test that posts a value worth hiding (a marker in a message, a name,
//! an address, a client IP) records it here; the last test of the run reads what wrangler
//! printed and looks for them.

use std::collections::BTreeSet;
use std::sync::Mutex;

use crate::http::send;
use crate::Server;

static SUBMITTED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Values posted by a test that must never appear in a log.
pub fn submitted(values: &[&str]) {
    let mut all = SUBMITTED.lock().unwrap_or_else(|e| e.into_inner());
    all.extend(values.iter().map(|v| v.to_string()));
}

/// Records the personal fields of a posted body (form or JSON): name, email, message.
pub fn submitted_body(content_type: &str, body: &[u8]) {
    const PERSONAL: &[&str] = &["name", "email", "message"];
    let mut values = Vec::new();
    if content_type.starts_with("application/json") {
        if let Ok(serde_json::Value::Object(fields)) = serde_json::from_slice(body) {
            for (k, v) in fields {
                if let (true, Some(v)) = (PERSONAL.contains(&k.as_str()), v.as_str()) {
                    values.push(v.to_string());
                }
            }
        }
    } else {
        for pair in body.split(|&b| b == b'&') {
            let text = String::from_utf8_lossy(pair).replace('+', " ");
            let (k, v) = text.split_once('=').unwrap_or((&text, ""));
            if PERSONAL.contains(&k) {
                let bytes: Vec<u8> = percent_decode(v.as_bytes());
                values.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    let refs: Vec<&str> = values.iter().map(|v| v.trim()).collect();
    submitted(&refs);
}

fn percent_decode(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let hex = s
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (s[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// The same value as it travels in a form body (`+` for spaces, `%XX` for the rest).
fn form_encoded(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b' ' => "+".to_string(),
            b if b.is_ascii_alphanumeric() || b"-._".contains(&b) => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// Keys a log line may have: what `log::log_line` writes.
const KEYS: &[&str] = &["method", "route", "status", "ms", "cache", "note", "ray"];

pub fn logs_are_json_lines_without_any_submitted_value(s: &Server) {
    // Its own traffic first, so that it also runs alone (`cargo test --test e2e -- logs`): every
    // kind of form outcome, with the values it submits recorded. In the whole suite the other
    // tests' posts (abuse, visitors, the panic server's) are in the log as well.
    crate::contact::a_valid_form_post_is_stored_once_and_redirected(s);
    crate::contact::a_json_post_gets_201_with_the_stored_reference(s);
    crate::contact::invalid_posts_get_422_and_store_nothing(s);
    crate::contact::the_honeypot_stores_nothing(s);
    crate::contact::cross_site_posts_get_403(s);
    crate::contact::the_rate_limit_trips_with_429_and_retry_after(s);
    // Requests carrying a cf-ray, as Cloudflare sets it: a page's is not logged (the invocation
    // log has it), a form post's is.
    let page_ray = format!("8f00e2e{}-PAGE", std::process::id());
    let post_ray = format!("8f00e2e{}-POST", std::process::id());
    let get = send(s.port, "GET", "/", &[("CF-Ray", &page_ray)], b"");
    assert_eq!(get.status, 200);
    let ip = crate::contact::fresh_ip();
    let body = b"name=x&email=y%40exemple.ma&subject=information&message=z&consent=oui&website=";
    let post = send(
        s.port,
        "POST",
        "/contact/",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", "https://elsewhere.example"),
            ("CF-Connecting-IP", &ip),
            ("CF-Ray", &post_ray),
        ],
        body,
    );
    assert_eq!(post.status, 403, "a cross-site post");
    // Every line before this one is written by the time this one is.
    s.log_with(&post_ray);

    let dir = s.log.parent().expect("log folder").to_path_buf();
    let mut text = s.log_text();
    // The panic test's server, when it ran.
    text.push_str(&std::fs::read_to_string(dir.join("wrangler-panic.log")).unwrap_or_default());

    let lines: Vec<serde_json::Value> = text
        .lines()
        .filter_map(|l| l.find("{\"method\"").map(|i| &l[i..]))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    // At least the form posts of its own traffic (19 lines when it runs alone).
    assert!(lines.len() >= 15, "only {} log lines", lines.len());
    for line in &lines {
        let obj = line.as_object().expect("an object");
        for key in obj.keys() {
            assert!(
                KEYS.contains(&key.as_str()),
                "unexpected key {key} in {line}"
            );
        }
        for key in ["method", "route", "status", "ms", "cache"] {
            assert!(obj.contains_key(key), "{key} missing from {line}");
        }
        let status = line["status"].as_u64().unwrap_or(0);
        assert!(status < 600, "{line}");
        // Only what the invocation log cannot tell: form posts, notes, server errors.
        let post = line["method"] == "POST" && line["route"] == "contact";
        assert!(
            post || line["note"].is_string() || status >= 500,
            "a line for a page: {line}"
        );
        let route = line["route"].as_str().unwrap_or("");
        let named = [
            "contact",
            "thanks",
            "search",
            "redirect",
            "not-found",
            "bad-request",
        ];
        assert!(route.starts_with('/') || named.contains(&route), "{line}");
        // A page's path from the table, never a query string (a search's words).
        assert!(!route.contains('?'), "{line}");
    }
    let notes: BTreeSet<String> = lines
        .iter()
        .filter_map(|l| l["note"].as_str().map(str::to_string))
        .collect();
    for note in ["stored", "rate-limited", "honeypot", "cross-site"] {
        assert!(notes.contains(note), "no {note} in {notes:?}");
    }
    assert!(
        lines.iter().any(|l| l["ray"] == post_ray.as_str()),
        "the cf-ray {post_ray} of a form post is not logged"
    );
    assert!(
        !text.contains(&page_ray),
        "the page request {page_ray} was logged"
    );

    let submitted = SUBMITTED.lock().unwrap_or_else(|e| e.into_inner()).clone();
    assert!(
        // 60 from its own traffic alone.
        submitted.len() >= 50,
        "only {} values recorded",
        submitted.len()
    );
    let mut leaks = Vec::new();
    for value in &submitted {
        for form in [value.clone(), form_encoded(value)] {
            if form.len() >= 5 && text.contains(&form) {
                leaks.push(form);
            }
        }
    }
    assert!(leaks.is_empty(), "submitted values in the logs: {leaks:?}");
    eprintln!(
        "    {} log lines, {} submitted values checked, none found; notes {:?}",
        lines.len(),
        submitted.len(),
        notes
    );
}
