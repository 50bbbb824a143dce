//! The contact form against workerd, the local D1, rate limiter and email.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Barrier};
use std::time::Instant;

use base64::Engine;

use crate::http::{send, Resp};
use crate::Server;

const FORM: &str = "application/x-www-form-urlencoded";

/// A client address no other test uses, so that the per-client rate limit stays out of the way.
pub fn fresh_ip() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let ip = format!("198.18.{}.{}", n / 250, n % 250 + 1);
    crate::logs::submitted(&[&ip]);
    ip
}

/// A word that appears in one message only.
pub fn marker(label: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    let m = format!(
        "{label}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    crate::logs::submitted(&[&m]);
    m
}

fn form(name: &str, message: &str) -> String {
    format!("name={name}&email=visiteur%40exemple.ma&subject=information&message={message}&consent=oui&website=")
}

fn post(s: &Server, ip: &str, content_type: &str, body: &str, extra: &[(&str, &str)]) -> Resp {
    crate::logs::submitted_body(content_type, body.as_bytes());
    let mut headers = vec![("Content-Type", content_type), ("CF-Connecting-IP", ip)];
    headers.extend_from_slice(extra);
    send(s.port, "POST", "/contact/", &headers, body.as_bytes())
}

pub fn a_valid_form_post_is_stored_once_and_redirected(s: &Server) {
    let m = marker("valid");
    let r = post(
        s,
        &fresh_ip(),
        FORM,
        &form("Amina", &format!("Bonjour+{m}")),
        &[("Origin", &format!("http://127.0.0.1:{}", s.port))],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(r.header("location"), Some("/contact/merci/"));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert_eq!(s.count_messages(&m), 1);
    let rows = s.sql(&format!(
        "SELECT name, email, subject, user_agent_hash FROM messages WHERE message LIKE '%{m}%'"
    ));
    assert_eq!(rows[0]["name"], "Amina");
    assert_eq!(rows[0]["email"], "visiteur@exemple.ma");
    assert_eq!(rows[0]["subject"], "information");
}

pub fn a_json_post_gets_201_with_the_stored_reference(s: &Server) {
    let m = marker("json");
    let body = serde_json::json!({
        "name": "Script", "email": "script@exemple.ma", "subject": "presse",
        "message": format!("Message par script {m}"), "consent": true
    });
    let r = post(s, &fresh_ip(), "application/json", &body.to_string(), &[]);
    assert_eq!(r.status, 201, "{}", r.text());
    let answer: serde_json::Value = serde_json::from_slice(&r.body).expect("json");
    let id = answer["id"].as_str().expect("id");
    assert_eq!(id.len(), 32, "an opaque random reference: {id}");
    let rows = s.sql(&format!(
        "SELECT reference FROM messages WHERE message LIKE '%{m}%'"
    ));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["reference"].as_str(), Some(id));
}

pub fn invalid_posts_get_422_and_store_nothing(s: &Server) {
    let m = marker("invalid");
    let html = post(
        s,
        &fresh_ip(),
        FORM,
        &format!("name=&email=x&subject=spam&message={m}&website="),
        &[],
    );
    assert_eq!(html.status, 422);
    let text = html.text();
    assert!(
        text.contains("role=\"alert\"") && text.contains("href=\"#name\""),
        "{text}"
    );
    assert!(text.contains(&m), "the visitor's text is kept");
    let json = post(
        s,
        &fresh_ip(),
        "application/json",
        &format!("{{\"message\": \"{m}\"}}"),
        &[],
    );
    assert_eq!(json.status, 422);
    let errors: serde_json::Value = serde_json::from_slice(&json.body).expect("json");
    assert!(errors["errors"]["email"].is_string(), "{errors}");
    assert_eq!(post(s, &fresh_ip(), "text/plain", "hello", &[]).status, 415);
    let huge = "x".repeat(oim_maroc::contact::MAX_BODY + 1);
    assert_eq!(post(s, &fresh_ip(), FORM, &huge, &[]).status, 413);
    assert_eq!(s.count_messages(&m), 0);
}

pub fn the_honeypot_stores_nothing(s: &Server) {
    let m = marker("honeypot");
    let body = form("Bot", &format!("Achetez+{m}"))
        .replace("website=", "website=http%3A%2F%2Fspam.example");
    let r = post(s, &fresh_ip(), FORM, &body, &[]);
    assert_eq!(r.status, 303, "looks like a success");
    assert_eq!(s.count_messages(&m), 0);
}

pub fn cross_site_posts_get_403(s: &Server) {
    let m = marker("cross");
    let body = form("Amina", &format!("Bonjour+{m}"));
    let r = post(
        s,
        &fresh_ip(),
        FORM,
        &body,
        &[("Origin", "https://evil.example")],
    );
    assert_eq!(r.status, 403);
    let r = post(
        s,
        &fresh_ip(),
        FORM,
        &body,
        &[("Sec-Fetch-Site", "cross-site")],
    );
    assert_eq!(r.status, 403);
    assert_eq!(s.count_messages(&m), 0);
}

pub fn the_rate_limit_trips_with_429_and_retry_after(s: &Server) {
    let ip = fresh_ip();
    let m = marker("limit");
    let statuses: Vec<(u16, Option<String>)> = (0..8)
        .map(|i| {
            let r = post(
                s,
                &ip,
                FORM,
                &form("Amina", &format!("Message+{i}+{m}")),
                &[],
            );
            (r.status, r.header("retry-after").map(str::to_string))
        })
        .collect();
    let accepted = statuses.iter().filter(|(st, _)| *st == 303).count() as u64;
    let limited: Vec<_> = statuses.iter().filter(|(st, _)| *st == 429).collect();
    assert!(!limited.is_empty(), "no 429 in {statuses:?}");
    assert!(
        limited.iter().all(|(_, ra)| ra.as_deref() == Some("60")),
        "{statuses:?}"
    );
    assert_eq!(accepted + limited.len() as u64, 8, "{statuses:?}");
    // Exactly the accepted messages are stored.
    assert_eq!(s.count_messages(&m), accepted);
    eprintln!(
        "    rate limit: {accepted} accepted then {} × 429 for one client",
        limited.len()
    );
}

pub fn the_team_gets_a_notification_mail(s: &Server) {
    let before = s.mail_files().len();
    let m = marker("mail");
    let r = post(
        s,
        &fresh_ip(),
        FORM,
        &form("Youssef+Benali", &format!("Question+{m}")),
        &[],
    );
    assert_eq!(r.status, 303);
    let deadline = Instant::now() + std::time::Duration::from_secs(10);
    let mut files = s.mail_files();
    while files.len() <= before && Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(200));
        files = s.mail_files();
    }
    let found = files.iter().find_map(|f| {
        let raw = std::fs::read_to_string(f).ok()?;
        let (head, body) = raw.split_once("\r\n\r\n")?;
        let compact: String = body.split_whitespace().collect();
        let text = String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(compact)
                .ok()?,
        )
        .ok()?;
        text.contains(&m).then(|| (head.to_string(), text))
    });
    let (head, text) = found.expect("a mail file with the message");
    assert!(head.contains("Reply-To: =?UTF-8?B?"), "{head}");
    assert!(head.contains("Content-Type: text/plain; charset=utf-8"));
    assert!(text.contains("Youssef Benali") && text.contains("visiteur@exemple.ma"));
}

fn percentile(sorted_ms: &[f64], p: f64) -> f64 {
    let i = ((sorted_ms.len() as f64 - 1.0) * p).round() as usize;
    sorted_ms[i]
}

/// Sequential posts, one client each: the latency a visitor sees under `wrangler dev`.
pub fn form_post_latency(s: &Server) {
    let m = marker("latency");
    let mut ms: Vec<f64> = (0..40)
        .map(|i| {
            let t = Instant::now();
            let r = post(
                s,
                &fresh_ip(),
                FORM,
                &form("Amina", &format!("Mesure+{i}+{m}")),
                &[],
            );
            assert_eq!(r.status, 303);
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    eprintln!(
        "    form post latency (40 sequential, wrangler dev): p50 {:.1} ms, p99 {:.1} ms",
        percentile(&ms, 0.5),
        percentile(&ms, 0.99)
    );
    assert_eq!(s.count_messages(&m), 40);
}

/// 200 valid posts released at once from 200 clients: every one is stored exactly once.
pub fn concurrent_posts_are_all_stored_once(s: &Server) {
    const N: usize = 200;
    let m = marker("burst");
    let barrier = Arc::new(Barrier::new(N));
    let port = s.port;
    let handles: Vec<_> = (0..N)
        .map(|i| {
            let (barrier, ip, m) = (barrier.clone(), fresh_ip(), m.clone());
            std::thread::spawn(move || {
                let body = form("Visiteur", &format!("Message+{i}+{m}+n{i}x"));
                crate::logs::submitted_body(FORM, body.as_bytes());
                barrier.wait();
                let t = Instant::now();
                let r = send(
                    port,
                    "POST",
                    "/contact/",
                    &[("Content-Type", FORM), ("CF-Connecting-IP", &ip)],
                    body.as_bytes(),
                );
                (r.status, t.elapsed().as_secs_f64() * 1000.0)
            })
        })
        .collect();
    let results: Vec<(u16, f64)> = handles
        .into_iter()
        .map(|h| h.join().expect("thread"))
        .collect();
    let ok = results.iter().filter(|(st, _)| *st == 303).count();
    let mut ms: Vec<f64> = results.iter().map(|(_, t)| *t).collect();
    ms.sort_by(f64::total_cmp);
    let stored = s.count_messages(&m);
    let distinct = s.sql(&format!(
        "SELECT count(DISTINCT message) AS n FROM messages WHERE message LIKE '%{m}%'"
    ))[0]["n"]
        .as_u64();
    eprintln!(
        "    {N} concurrent posts: {ok} × 303, {stored} rows stored, {} distinct; p50 {:.1} ms, p99 {:.1} ms",
        distinct.unwrap_or(0),
        percentile(&ms, 0.5),
        percentile(&ms, 0.99)
    );
    assert_eq!(ok, N, "every post accepted");
    assert_eq!(stored, N as u64, "none lost or duplicated");
    assert_eq!(distinct, Some(N as u64));
}

/// Turnstile end to end: a second Worker with a Turnstile secret, whose siteverify URL points
/// to a stand-in on loopback (this machine has no internet) that accepts one token.
pub fn turnstile_is_verified_server_side_when_configured(_main: &Server) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("stand-in port");
    let verify_url = format!(
        "http://127.0.0.1:{}/siteverify",
        listener.local_addr().expect("addr").port()
    );
    let seen = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let seen_by_stand_in = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(8) {
            let Ok(mut stream) = stream else { continue };
            // Read the whole request: headers and body may arrive in separate segments.
            let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(5)));
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            loop {
                let text = String::from_utf8_lossy(&buf).into_owned();
                if let Some((head, body)) = text.split_once("\r\n\r\n") {
                    let len = head
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                        })
                        .unwrap_or(0);
                    if body.len() >= len {
                        break;
                    }
                }
                match stream.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
            let request = String::from_utf8_lossy(&buf).into_owned();
            let ok = request.contains("\"response\":\"good-token\"")
                && request.contains("\"secret\":\"e2e-secret\"");
            if let Ok(mut seen) = seen_by_stand_in.lock() {
                seen.push(request.clone());
            }
            let body = format!("{{\"success\":{ok}}}");
            let answer = format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    let s = Server::start_with(
        "turnstile",
        &[
            ("TURNSTILE_SECRET_KEY", "e2e-secret"),
            ("TURNSTILE_SITE_KEY", "1x00000000000000000000AA"),
            ("TURNSTILE_VERIFY_URL", &verify_url),
        ],
    )
    .expect("Worker with Turnstile");
    let page = crate::http::get(s.port, "/contact/");
    assert!(
        page.text()
            .contains("data-sitekey=\"1x00000000000000000000AA\""),
        "the widget is shown"
    );
    let csp = page.header("content-security-policy").unwrap_or("");
    assert!(
        csp.contains("script-src https://challenges.cloudflare.com"),
        "{csp}"
    );

    let m = marker("turnstile");
    let without = post(
        &s,
        &fresh_ip(),
        FORM,
        &form("Amina", &format!("Sans+jeton+{m}")),
        &[],
    );
    assert_eq!(without.status, 422, "no token");
    let bad = format!(
        "{}&cf-turnstile-response=bad-token",
        form("Amina", &format!("Mauvais+jeton+{m}"))
    );
    assert_eq!(
        post(&s, &fresh_ip(), FORM, &bad, &[]).status,
        422,
        "a token the stand-in refuses"
    );
    let good = format!(
        "{}&cf-turnstile-response=good-token",
        form("Amina", &format!("Bon+jeton+{m}"))
    );
    assert_eq!(
        post(&s, &fresh_ip(), FORM, &good, &[]).status,
        303,
        "a token the stand-in accepts"
    );
    assert_eq!(
        s.count_messages(&m),
        1,
        "only the verified message is stored"
    );
    let asked = seen.lock().map(|v| v.len()).unwrap_or(0);
    assert_eq!(asked, 2, "siteverify was asked for the two tokens");
}
