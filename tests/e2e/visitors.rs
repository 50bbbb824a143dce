//! What real visitors write is neither lost nor refused (issue 15), against workerd, the local
//! D1, the local rate limiters, the cron and the mail files: the longest messages in Arabic,
//! French and emoji, a body over the cap, bidi marks and an `.المغرب` address, a post without
//! the trailing slash, answers that leak no count, IPv6 clients, the site-wide limit, the
//! retention cron, error pages in the path's language, an unreadable `Origin`, a stalled body,
//! and the team's export of the messages.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use base64::Engine;
use oim_maroc::contact::{MAX_BODY, MESSAGE_MAX};

use crate::contact::{fresh_ip, marker};
use crate::http::{send, Resp};
use crate::Server;

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

/// A form value as a browser encodes it: ASCII letters and digits as they are, spaces as
/// `+`, every other byte `%XX`.
fn browser(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b' ' => "+".to_string(),
            b if b.is_ascii_alphanumeric() || b"*-._".contains(&b) => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

fn form(name: &str, email: &str, message: &str) -> String {
    format!(
        "name={}&email={}&subject=information&message={}&consent=oui&website=",
        browser(name),
        browser(email),
        browser(message)
    )
}

fn post_to(s: &Server, path: &str, ip: &str, content_type: &str, body: &str) -> Resp {
    crate::logs::submitted_body(content_type, body.as_bytes());
    send(
        s.port,
        "POST",
        path,
        &[("Content-Type", content_type), ("CF-Connecting-IP", ip)],
        body.as_bytes(),
    )
}

fn post(s: &Server, content_type: &str, body: &str) -> Resp {
    post_to(s, "/contact/", &fresh_ip(), content_type, body)
}

/// `MESSAGE_MAX` characters: the marker, then `unit` over and over, a line break (CRLF, as
/// browsers send a textarea's) every 60 characters.
fn longest(m: &str, unit: &str) -> String {
    let mut out = format!("{m} ");
    let mut count = out.chars().count();
    let mut units = unit.chars().cycle();
    while count < MESSAGE_MAX {
        if count % 61 == 60 {
            out.push_str("\r\n");
        } else {
            out.extend(units.next());
        }
        count += 1;
    }
    out
}

/// Polls `f` every 200 ms until it gives `Some`, for at most `secs` seconds.
fn poll<T>(secs: u64, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "{what}: not within {secs} s");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The notification mentioning `m`: its header block and its decoded text.
fn mail_with(s: &Server, m: &str) -> (String, String) {
    poll(15, &format!("a mail with {m}"), || {
        s.mail_files().iter().find_map(|f| {
            let raw = std::fs::read_to_string(f).ok()?;
            let (head, body) = raw.split_once("\r\n\r\n")?;
            let compact: String = body.split_whitespace().collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(compact)
                .ok()?;
            let text = String::from_utf8(bytes).ok()?;
            text.contains(m).then(|| (head.to_string(), text))
        })
    })
}

pub fn the_longest_messages_in_every_script_are_stored(s: &Server) {
    let name = "أمينة بنعلي El Idrissi";
    for (script, unit) in [
        ("arabic", "مرحبا بكم في المغرب، نود الاستفسار عن برامجكم. "),
        (
            "french",
            "Élève à l’école de Fès, j’ai reçu une réponse très appréciée. ",
        ),
        ("emoji", "👩🏽‍💻🇲🇦🙏"),
    ] {
        let m = marker(&format!("longest-{script}"));
        let message = longest(&m, unit);
        let stored = message.replace("\r\n", "\n");
        assert_eq!(stored.chars().count(), MESSAGE_MAX);
        let body = form(name, "visiteur@exemple.ma", &message);
        let r = post(s, FORM, &body);
        assert_eq!(r.status, 303, "{script}: {}", r.text());
        // A script, every character a `\u` escape.
        let m2 = marker(&format!("longest-json-{script}"));
        let json_message = longest(&m2, unit);
        let escaped: String = json_message
            .encode_utf16()
            .map(|u| format!("\\u{u:04x}"))
            .collect();
        let json = format!(
            "{{\"name\":\"Amina\",\"email\":\"visiteur@exemple.ma\",\"subject\":\"autre\",\"consent\":true,\"message\":\"{escaped}\"}}"
        );
        crate::logs::submitted(&[&json_message.replace("\r\n", "\n")]);
        let r2 = post(s, JSON, &json);
        assert_eq!(r2.status, 201, "{script} JSON: {}", r2.text());
        for (marker, text, bytes, how) in [
            (&m, &stored, body.len(), "form"),
            (&m2, &json_message.replace("\r\n", "\n"), json.len(), "JSON"),
        ] {
            let rows = s.sql(&format!(
                "SELECT message, length(message) AS n FROM messages WHERE message LIKE '%{marker}%'"
            ));
            assert_eq!(rows.len(), 1, "{script} {how}");
            assert_eq!(rows[0]["n"].as_u64(), Some(MESSAGE_MAX as u64));
            assert_eq!(rows[0]["message"].as_str(), Some(text.as_str()), "as typed");
            eprintln!(
                "    {script}: {MESSAGE_MAX} characters accepted, {how} body of {bytes} bytes (cap {MAX_BODY})"
            );
        }
    }
}

pub fn a_form_over_the_cap_comes_back_with_a_message_in_its_language(s: &Server) {
    let m = marker("over-cap");
    let message = format!("{m} {}", "ب".repeat(MAX_BODY / 6));
    let body = form("Amina", "visiteur@exemple.ma", &message);
    assert!(body.len() > MAX_BODY);
    let r = post_to(s, "/ar/contact/", &fresh_ip(), FORM, &body);
    assert_eq!(r.status, 413);
    let html = r.text();
    assert!(html.contains("lang=\"ar\" dir=\"rtl\""), "an Arabic page");
    assert!(
        html.contains("رسالتكم أطول من أن تُقرأ كاملة"),
        "says what to do"
    );
    assert!(html.contains("<form"), "the form, not a bare error page");
    assert!(html.contains("value=\"Amina\""), "what was read is shown");
    assert!(html.contains(&m), "the start of the message too");
    assert_eq!(s.count_messages(&m), 0);
}

pub fn bidi_marks_and_an_arabic_domain_reach_the_team(s: &Server) {
    let m = marker("idn");
    let name = "أمينة\u{200f} (OIM)";
    let message = format!("شكرا\u{200f} {m} \u{2068}Amina\u{2069} لكم");
    let r = post(s, FORM, &form(name, "amina@مثال.المغرب", &message));
    assert_eq!(r.status, 303, "{}", r.text());
    let rows = s.sql(&format!(
        "SELECT name, email, message FROM messages WHERE message LIKE '%{m}%'"
    ));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["name"].as_str(), Some(name), "stored as typed");
    assert_eq!(rows[0]["message"].as_str(), Some(message.as_str()));
    assert_eq!(
        rows[0]["email"].as_str(),
        Some("amina@xn--mgbh0fb.xn--mgbc0a9azcg")
    );
    let (head, text) = mail_with(s, &m);
    assert!(
        head.contains("<amina@xn--mgbh0fb.xn--mgbc0a9azcg>"),
        "{head}"
    );
    assert!(text.contains(name));
}

pub fn a_post_without_the_slash_is_redirected_with_308(s: &Server) {
    let m = marker("308");
    let body = form("Amina", "visiteur@exemple.ma", &format!("Bonjour {m}"));
    let ip = fresh_ip();
    let r = post_to(s, "/contact", &ip, FORM, &body);
    assert_eq!(r.status, 308);
    assert_eq!(r.header("location"), Some("/contact/"));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert_eq!(s.count_messages(&m), 0, "not stored by the redirect");
    // What `curl -L` does with a 308: the same POST, with its body, to the new address.
    let r = post_to(s, r.header("location").unwrap_or("/"), &ip, FORM, &body);
    assert_eq!(r.status, 303);
    assert_eq!(s.count_messages(&m), 1, "stored once");
    let get = send(s.port, "GET", "/contact", &[], b"");
    assert_eq!(get.status, 301);
    assert_eq!(get.header("cache-control"), Some("public, max-age=86400"));
}

pub fn a_honeypot_answer_is_indistinguishable_and_nothing_counts(s: &Server) {
    let m = marker("hp-json");
    let json = |website: &str| {
        format!(
            "{{\"name\":\"Amina\",\"email\":\"visiteur@exemple.ma\",\"subject\":\"autre\",\
             \"consent\":true,\"message\":\"Bonjour {m}\",\"website\":\"{website}\"}}"
        )
    };
    let real = post(s, JSON, &json(""));
    let fake = post(s, JSON, &json("http://spam.example"));
    assert_eq!((real.status, fake.status), (201, 201));
    let headers = |r: &Resp| {
        let mut h: Vec<String> = r
            .headers
            .iter()
            .map(|(k, _)| k.to_ascii_lowercase())
            .filter(|k| k != "date" && k != "cf-ray")
            .collect();
        h.sort();
        h
    };
    assert_eq!(headers(&real), headers(&fake));
    assert_eq!(real.body.len(), fake.body.len());
    let id = |r: &Resp| {
        let v: serde_json::Value = serde_json::from_slice(&r.body).expect("json");
        v["id"].as_str().expect("id").to_string()
    };
    let (real_id, fake_id) = (id(&real), id(&fake));
    assert_ne!(real_id, fake_id);
    for id in [&real_id, &fake_id] {
        assert!(
            id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
            "{id}"
        );
    }
    assert_eq!(s.count_messages(&m), 1, "the honeypot stored nothing");
    let rows = s.sql(&format!(
        "SELECT reference FROM messages WHERE message LIKE '%{m}%'"
    ));
    assert_eq!(rows[0]["reference"].as_str(), Some(real_id.as_str()));
    let (head, _) = mail_with(s, &m);
    assert!(
        head.contains(&format!("Message-ID: <{real_id}@oim-maroc.example>")),
        "{head}"
    );
}

pub fn the_mail_is_dated_folded_and_crlf(s: &Server) {
    let m = marker("folded");
    let name = "أمينة بنت محمد بن عبد الله العلوي الإدريسي من مدينة فاس العتيقة";
    let r = post(
        s,
        FORM,
        &form(
            name,
            "visiteur@exemple.ma",
            &format!("Ligne 1 {m}\nLigne 2"),
        ),
    );
    assert_eq!(r.status, 303);
    let (head, text) = mail_with(s, &m);
    for line in head.split("\r\n").filter(|l| l.contains("=?")) {
        assert!(line.len() <= 76, "a line of {}: {line}", line.len());
        for word in line.split_whitespace().filter(|w| w.starts_with("=?")) {
            assert!(
                word.len() <= 75,
                "an encoded-word of {}: {word}",
                word.len()
            );
        }
    }
    assert!(head.contains("\r\nDate: "), "{head}");
    assert!(
        head.contains("\r\n =?UTF-8?B?"),
        "a folded encoded-word: {head}"
    );
    assert!(
        text.contains(&format!("Ligne 1 {m}\r\nLigne 2\r\n")),
        "{text:?}"
    );
}

pub fn ipv6_clients_are_limited_per_64(s: &Server) {
    let m = marker("ipv6");
    let n = std::process::id() % 0xffff;
    let statuses: Vec<u16> = (1..=7)
        .map(|i| {
            let ip = format!("2001:db8:{n:x}:64::{i:x}");
            crate::logs::submitted(&[&ip]);
            post_to(
                s,
                "/contact/",
                &ip,
                FORM,
                &form("Amina", "visiteur@exemple.ma", &format!("Bonjour {m} {i}")),
            )
            .status
        })
        .collect();
    let accepted = statuses.iter().filter(|st| **st == 303).count() as u64;
    assert!(statuses.contains(&429), "one /64, one budget: {statuses:?}");
    assert!(accepted <= 5, "{statuses:?}");
    assert_eq!(s.count_messages(&m), accepted);
}

/// Its own Worker, with wrangler.toml's limits as deployed: from many addresses, the site
/// takes at most 20 messages a minute.
pub fn the_site_wide_limit_caps_messages_per_minute(_main: &Server) {
    let s = Server::start_as_deployed("site-limit").expect("Worker as deployed");
    let m = marker("site-limit");
    let statuses: Vec<u16> = (0..45)
        .map(|i| {
            let body = form(
                "Amina",
                "visiteur@exemple.ma",
                &format!("Bonjour {m} n{i}x"),
            );
            post(&s, FORM, &body).status
        })
        .collect();
    let accepted = statuses.iter().filter(|st| **st == 303).count() as u64;
    let limited = statuses.iter().filter(|st| **st == 429).count();
    eprintln!("    site-wide limit: {accepted} accepted, {limited} × 429 of 45 from 45 addresses");
    // At most two windows of 20 in the few seconds the posts take.
    assert!(limited > 0 && accepted <= 40, "{statuses:?}");
    assert_eq!(accepted as usize + limited, 45, "{statuses:?}");
    assert_eq!(s.count_messages(&m), accepted, "every 303 stored, no 429");
    let body = form("Amina", "visiteur@exemple.ma", &format!("Encore {m}"));
    let r = poll(5, "a 429", || {
        Some(post(&s, FORM, &body)).filter(|r| r.status == 429)
    });
    assert!(
        r.text().contains("Le site reçoit trop de messages"),
        "{}",
        r.text()
    );
    assert!(
        r.text().contains(&format!("Encore {m}")),
        "the text is kept"
    );
}

pub fn old_messages_are_deleted_by_the_cron(s: &Server) {
    let m = marker("retention");
    // Rows of chosen ages, written as D1 writes created_at.
    let ages = [
        ("two-years", "-24 months"),
        ("thirteen-months", "-13 months"),
        ("a-year-and-a-day", "-12 months', '-1 day"),
        ("eleven-months", "-11 months"),
        ("yesterday", "-1 day"),
    ];
    for (label, age) in ages {
        s.sql(&format!(
            "INSERT INTO messages (name, email, subject, message, created_at) VALUES \
             ('Amina', 'visiteur@exemple.ma', 'autre', '{m} {label}', \
             strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '{age}'))"
        ));
    }
    let rows = |label: &str| -> u64 {
        s.sql(&format!(
            "SELECT count(*) AS n FROM messages WHERE message = '{m} {label}'"
        ))[0]["n"]
            .as_u64()
            .unwrap_or(99)
    };
    for (label, _) in ages {
        assert_eq!(rows(label), 1, "{label} inserted");
    }
    let r = send(s.port, "GET", "/__scheduled?cron=17+3+*+*+*", &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    poll(20, "the old rows deleted", || {
        (rows("two-years") == 0 && rows("thirteen-months") == 0 && rows("a-year-and-a-day") == 0)
            .then_some(())
    });
    assert_eq!(rows("eleven-months"), 1, "kept");
    assert_eq!(rows("yesterday"), 1, "kept");
    let total = s.sql(&format!(
        "SELECT count(*) AS n FROM messages WHERE message LIKE '{m}%'"
    ));
    assert_eq!(total[0]["n"].as_u64(), Some(2));
    let log = poll(10, "the retention log line", || {
        s.log_text().lines().rev().find_map(|l| {
            l.find("{\"event\":\"retention\"")
                .map(|i| l[i..].to_string())
        })
    });
    let v: serde_json::Value = serde_json::from_str(&log).expect(&log);
    assert!(v["deleted"].as_u64().is_some_and(|n| n >= 3), "{log}");
}

pub fn error_pages_speak_the_language_of_the_path(s: &Server) {
    for (method, path, status, lang) in [
        ("GET", "/ar/%ff/", 400, "lang=\"ar\" dir=\"rtl\""),
        ("GET", "/en/a%2Fb/", 400, "lang=\"en\" dir=\"ltr\""),
        ("DELETE", "/en/contact/", 405, "lang=\"en\" dir=\"ltr\""),
        ("PUT", "/ar/contact/merci/", 405, "lang=\"ar\" dir=\"rtl\""),
    ] {
        let r = send(s.port, method, path, &[], b"");
        assert_eq!(r.status, status, "{method} {path}");
        assert!(r.text().contains(lang), "{method} {path}");
    }
    // 413 for a script posting to the Arabic form: the JSON error in Arabic.
    let r = post_to(
        s,
        "/ar/contact/",
        &fresh_ip(),
        JSON,
        &"x".repeat(MAX_BODY + 1),
    );
    assert_eq!(r.status, 413);
    assert!(r.text().contains("أكبر من أن تُقرأ"), "{}", r.text());
}

/// Sends a request, returns the answer or `None` if the connection closed first.
fn raw_answer(s: &Server, request: &[u8], wait: Duration) -> Option<Resp> {
    let mut stream = TcpStream::connect(("127.0.0.1", s.port)).ok()?;
    stream.set_read_timeout(Some(wait)).ok()?;
    stream.write_all(request).ok()?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if let Some(resp) = crate::http::complete(&buf, false) {
            return Some(resp);
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return crate::http::complete(&buf, false),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

pub fn an_unreadable_origin_is_refused(s: &Server) {
    // A control byte (wrangler's proxy may refuse the request itself: 400) and bytes over 0x7F
    // (they reach the Worker, whose `http` types cannot hold them): never taken for an absent
    // Origin, which would let the post through.
    for (what, origin, allowed) in [
        (
            "a control byte",
            b"http://127.0.0.1\x01.evil.example".to_vec(),
            &[400, 403][..],
        ),
        (
            "a byte over 0x7F",
            "http://évil.example".as_bytes().to_vec(),
            &[403][..],
        ),
    ] {
        let m = marker("bad-origin");
        let body = form("Amina", "visiteur@exemple.ma", &format!("Bonjour {m}"));
        crate::logs::submitted_body(FORM, body.as_bytes());
        let mut request = format!(
            "POST /contact/ HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: {FORM}\r\n\
             CF-Connecting-IP: {}\r\nContent-Length: {}\r\nConnection: close\r\nOrigin: ",
            s.port,
            fresh_ip(),
            body.len()
        )
        .into_bytes();
        request.extend_from_slice(&origin);
        request.extend_from_slice(b"\r\n\r\n");
        request.extend_from_slice(body.as_bytes());
        let answer = raw_answer(s, &request, Duration::from_secs(30));
        let status = answer.as_ref().map(|r| r.status);
        eprintln!("    Origin with {what}: {status:?}");
        assert!(
            status.is_some_and(|st| allowed.contains(&st)),
            "{what}: {status:?}"
        );
        assert_eq!(s.count_messages(&m), 0, "{what}");
    }
}

/// How many times the Worker has logged a stalled body so far.
fn stalled_in_log(s: &Server) -> usize {
    s.log_text().matches("\"note\":\"body-stalled\"").count()
}

pub fn a_stalled_body_gets_408(s: &Server) {
    // A Content-Length announced, part of the body sent, the rest never: the Worker gives up
    // after 5 s without a byte and answers 408 (its log line says so). wrangler dev's proxy
    // does not pass an answer on to a client whose request body is unfinished, so the Worker's
    // answer is read from its log here; a chunked body's answer does come through (below).
    let m = marker("stalled");
    let body = form("Amina", "visiteur@exemple.ma", &format!("Bonjour {m}"));
    crate::logs::submitted_body(FORM, body.as_bytes());
    let before = stalled_in_log(s);
    let head = format!(
        "POST /contact/ HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: {FORM}\r\n\
         CF-Connecting-IP: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        s.port,
        fresh_ip(),
        body.len() + 500
    );
    let t = Instant::now();
    let mut stream = TcpStream::connect(("127.0.0.1", s.port)).expect("connect");
    stream.write_all(head.as_bytes()).expect("send");
    poll(20, "the Worker's 408", || {
        (stalled_in_log(s) > before).then_some(())
    });
    let waited = t.elapsed();
    drop(stream);
    let line = s
        .log_text()
        .lines()
        .rev()
        .find(|l| l.contains("\"note\":\"body-stalled\""))
        .map(str::to_string)
        .unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(&line).expect(&line);
    assert_eq!(v["status"], 408, "{line}");
    let ms = v["ms"].as_u64().unwrap_or(0);
    eprintln!(
        "    body stalled after {} of {} bytes: 408 after {ms} ms (seen after {:.1} s)",
        body.len(),
        body.len() + 500,
        waited.as_secs_f64()
    );
    assert!((4_500..10_000).contains(&ms), "given up after {ms} ms");

    // Chunked, one chunk and never the last: the answer's head reaches the client.
    let m2 = marker("stalled-chunked");
    let body = form("Amina", "visiteur@exemple.ma", &format!("Bonjour {m2}"));
    crate::logs::submitted_body(FORM, body.as_bytes());
    let t = Instant::now();
    let r = crate::abuse::chunked_post(s, &[body.into_bytes()], Duration::ZERO, false);
    let status = r.map(|r| r.status);
    eprintln!(
        "    chunked body stalled: {status:?} after {:.1} s",
        t.elapsed().as_secs_f64()
    );
    assert_eq!(status, Some(408));
    assert_eq!(s.count_messages(&m) + s.count_messages(&m2), 0);
    assert_eq!(crate::http::get(s.port, "/").status, 200, "still serving");
}

pub fn the_team_reads_the_messages_without_sql(s: &Server) {
    let m = marker("csv");
    let message = format!("=HYPERLINK(\"x\") مرحبا بكم في المغرب {m}\nسطر ثان");
    let r = post(s, FORM, &form("أمينة بنعلي", "amina@exemple.ma", &message));
    assert_eq!(r.status, 303);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = s.state.join("export");
    std::fs::create_dir_all(&dir).expect("a folder");
    let csv = dir.join("messages.csv");
    let build = std::process::Command::new("cargo")
        .args(["build", "--quiet", "-p", "oim-build", "--bin", "oim"])
        .current_dir(root)
        .stdin(std::process::Stdio::null())
        .status()
        .expect("cargo build");
    assert!(build.success());
    let state = s.state.to_string_lossy().into_owned();
    let run = |args: &[&str]| {
        // What `make messages` and `make messages-csv` run, on this test's database.
        let out = std::process::Command::new(root.join("target/debug/oim"))
            .args(["messages", "--persist-to", &state])
            .args(args)
            .current_dir(root)
            .output()
            .expect("oim messages");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let listing = run(&["--limit", "5"]);
    assert!(listing.contains(&m), "{listing}");
    assert!(
        listing.contains("أمينة بنعلي <amina@exemple.ma>"),
        "{listing}"
    );
    let said = run(&["--csv", &csv.to_string_lossy()]);
    eprintln!("    {}", said.trim());
    let bytes = std::fs::read(&csv).expect("the CSV");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for spreadsheets");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
    let row = text
        .split("\r\n")
        .find(|l| l.contains(&m))
        .expect("the message's row");
    assert!(row.contains("أمينة بنعلي"), "{row}");
    assert!(row.contains("'=HYPERLINK"), "a formula is defused: {row}");
}
