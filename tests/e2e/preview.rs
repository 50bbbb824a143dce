//! Preview hosts and readership against workerd: `X-Robots-Tag: noindex` for a host other than
//! SITE_URL's (the build's, `http://127.0.0.1:8787`: the test server on 127.0.0.1 is the
//! production host), a preview's message stored marked and not mailed, and pages that answer
//! with the Analytics Engine binding (wrangler.toml has it; wrangler dev stores nothing) and
//! without it (a second server).

use std::path::Path;

use crate::contact::{fresh_ip, marker};
use crate::http::{send, Resp};
use crate::Server;

const PREVIEW: &str = "equipe-coquille-oim-maroc.equipe.workers.dev";
const BROWSER: &str = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0";

/// A request as `send` makes it, but for `host`.
fn on_host(s: &Server, host: &str, method: &str, path: &str, headers: &[(&str, &str)]) -> Resp {
    on_host_with_body(s, host, method, path, headers, b"")
}

fn on_host_with_body(
    s: &Server,
    host: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    if method == "POST" {
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    crate::http::raw(s.port, &bytes).unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

type Header<'a> = (&'a str, &'a str);

/// One request of each kind of answer: page, 304, redirect, 404, 400, the form, a refused post.
fn every_kind(s: &Server, host: &str) -> Vec<(String, Resp)> {
    let page = on_host(
        s,
        host,
        "GET",
        "/notre-travail/",
        &[("User-Agent", BROWSER)],
    );
    let etag = page.header("etag").unwrap_or("\"none\"").to_string();
    let mut answers = vec![("GET /notre-travail/".to_string(), page)];
    let requests: [(&str, &str, Vec<Header>); 7] = [
        (
            "GET",
            "/notre-travail/",
            vec![("If-None-Match", etag.as_str())],
        ),
        ("GET", "/notre-travail", vec![]),
        ("GET", "/", vec![("Accept-Language", "ar")]),
        ("GET", "/nope/", vec![]),
        ("GET", "/%ff/", vec![]),
        ("GET", "/contact/", vec![]),
        ("POST", "/contact/", vec![("Content-Type", "text/plain")]),
    ];
    for (method, path, headers) in requests {
        let r = on_host(s, host, method, path, &headers);
        answers.push((format!("{method} {path}"), r));
    }
    answers
}

pub fn preview_hosts_get_noindex_and_the_production_host_does_not(s: &Server) {
    let production = format!("127.0.0.1:{}", s.port);
    for (what, r) in every_kind(s, &production) {
        assert_eq!(r.header("x-robots-tag"), None, "{what} ({})", r.status);
    }
    let preview = every_kind(s, PREVIEW);
    let statuses: Vec<u16> = preview.iter().map(|(_, r)| r.status).collect();
    assert_eq!(statuses, [200, 304, 301, 302, 404, 400, 200, 415]);
    for (what, r) in &preview {
        assert_eq!(
            r.header("x-robots-tag"),
            Some("noindex"),
            "{what} ({})",
            r.status
        );
    }
    // The same page for the production host again: the ready copy of the isolate is not the
    // preview's, nor the other way round.
    let again = on_host(s, &production, "GET", "/notre-travail/", &[]);
    assert_eq!(again.header("x-robots-tag"), None);
    let again = on_host(s, PREVIEW, "GET", "/notre-travail/", &[]);
    assert_eq!(again.header("x-robots-tag"), Some("noindex"));
}

pub fn a_preview_s_message_is_stored_marked_and_not_mailed(s: &Server) {
    let m = marker("preview");
    let body = format!(
        "name=Relecture&email=equipe%40exemple.ma&subject=autre&message=Essai+{m}&consent=oui&website="
    );
    crate::logs::submitted_body("application/x-www-form-urlencoded", body.as_bytes());
    // wrangler dev serves plain HTTP: the URL the Worker sees, and so its own origin, is http.
    let origin = format!("http://{PREVIEW}");
    let ip = fresh_ip();
    let r = on_host_with_body(
        s,
        PREVIEW,
        "POST",
        "/contact/",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("CF-Connecting-IP", &ip),
            ("Origin", &origin),
        ],
        body.as_bytes(),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(r.header("x-robots-tag"), Some("noindex"));
    let rows = s.sql(&format!(
        "SELECT preview FROM messages WHERE message LIKE '%{m}%'"
    ));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["preview"].as_i64(), Some(1));
    // A production message sent after it is mailed: had the preview's been, it would be there.
    let m2 = marker("after-preview");
    let body2 = format!(
        "name=Visiteur&email=visiteur%40exemple.ma&subject=autre&message=Bonjour+{m2}&consent=oui&website="
    );
    crate::logs::submitted_body("application/x-www-form-urlencoded", body2.as_bytes());
    let r = send(
        s.port,
        "POST",
        "/contact/",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("CF-Connecting-IP", &fresh_ip()),
        ],
        body2.as_bytes(),
    );
    assert_eq!(r.status, 303);
    let rows = s.sql(&format!(
        "SELECT preview FROM messages WHERE message LIKE '%{m2}%'"
    ));
    assert_eq!(rows[0]["preview"].as_i64(), Some(0));
    // Once the production message's mail is written, the preview's would be too.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut texts = mail_texts(s);
    while !texts.iter().any(|t| t.contains(&m2)) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(200));
        texts = mail_texts(s);
    }
    assert!(
        texts.iter().any(|t| t.contains(&m2)),
        "the production message is mailed"
    );
    assert!(
        !texts.iter().any(|t| t.contains(&m)),
        "the preview's message is not"
    );
}

/// The decoded text of every mail wrangler wrote (the body is base64).
fn mail_texts(s: &Server) -> Vec<String> {
    use base64::Engine;
    s.mail_files()
        .iter()
        .filter_map(|f| {
            let raw = std::fs::read_to_string(f).ok()?;
            let (_, body) = raw.split_once("\r\n\r\n")?;
            let compact: String = body.split_whitespace().collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(compact)
                .ok()?;
            String::from_utf8(bytes).ok()
        })
        .collect()
}

/// Page views for a browser, from a country, twice (200 then 304).
fn read_pages(s: &Server) {
    for path in ["/", "/notre-travail/", "/ar/"] {
        let headers = [("User-Agent", BROWSER), ("CF-IPCountry", "MA")];
        let r = send(s.port, "GET", path, &headers, b"");
        assert_eq!(r.status, 200, "{path}");
        let etag = r.header("etag").expect("etag").to_string();
        let headers = [
            ("User-Agent", BROWSER),
            ("CF-IPCountry", "MA"),
            ("If-None-Match", etag.as_str()),
        ];
        assert_eq!(
            send(s.port, "GET", path, &headers, b"").status,
            304,
            "{path}"
        );
    }
}

pub fn pages_answer_with_the_readership_binding_and_without_it(s: &Server) {
    // wrangler.toml binds READERSHIP: the main server counts (and wrangler dev drops) them.
    read_pages(s);
    assert!(
        !s.log_text().contains("readership-failed"),
        "writing a data point failed"
    );
    // A copy of wrangler.toml without the dataset, its paths made absolute.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("wrangler.toml")).expect("wrangler.toml");
    let mut config = String::new();
    let mut in_dataset = false;
    for line in text.lines() {
        if line.starts_with('[') {
            in_dataset = line == "[[analytics_engine_datasets]]";
        }
        if in_dataset {
            continue;
        }
        let abs = |key: &str, value: &str| format!("{key} = \"{}\"", root.join(value).display());
        config.push_str(&match line {
            l if l.starts_with("main = ") => abs("main", "build/index.js"),
            l if l.starts_with("command = ") => abs("command", "scripts/build"),
            l if l.starts_with("directory = ") => abs("directory", "build/public"),
            l if l.starts_with("migrations_dir = ") => abs("migrations_dir", "migrations"),
            l if l.starts_with("watch_dir = ") => {
                format!("watch_dir = \"{}\"", root.join("src").display())
            }
            l => l.to_string(),
        });
        config.push('\n');
    }
    assert!(!config.contains("READERSHIP"));
    let path = root.join("target/e2e/wrangler-no-readership.toml");
    std::fs::write(&path, config).expect("write the config");
    let without =
        Server::start_with_config("no-readership", &path).expect("a server without the binding");
    read_pages(&without);
    assert!(!without.log_text().contains("readership-failed"));
}
