//! What real visitors write is neither lost nor refused (issue 15): messages at the form's
//! limits in any script, bidi marks and joiners, internationalised domains, a post to the
//! address without its slash, a body over the cap; and answers that leak nothing.

use bytes::Bytes;
use http::header::{self, HeaderValue};
use http::{Method, Request, Response, StatusCode};

use super::*;
use crate::headers::{is_secured, Unread};
use crate::testing::{text, FakeLimiter, World};

const FORM: &str = "application/x-www-form-urlencoded";
const JSON_CT: &str = "application/json";
const VALID: &str = "name=Amina+El+Idrissi&email=amina%40exemple.ma&subject=partenariat&message=Bonjour%2C+nous+souhaitons+un+partenariat.&consent=oui&website=";

/// A post to the production host (the fixture's SITE_URL): a preview's message is not mailed.
fn request(path: &str, content_type: &str, body: impl Into<Bytes>, ip: &str) -> Request<Bytes> {
    let mut req = Request::post(format!("https://oim.example{path}"))
        .body(body.into())
        .expect("request");
    let h = req.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type).expect("content type"),
    );
    h.insert("cf-connecting-ip", HeaderValue::from_str(ip).expect("ip"));
    req
}

fn post(w: &World, content_type: &str, body: impl Into<Bytes>) -> Reply {
    w.send(request("/contact/", content_type, body, "203.0.113.7"))
}

/// Every byte as `%XX`, the most a browser can spend on a character.
fn encode_all(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// Every UTF-16 unit as a `\uXXXX` escape, the most JSON can spend on a character.
fn escape_all(s: &str) -> String {
    let mut out = String::from("\"");
    for unit in s.encode_utf16() {
        out.push_str(&format!("\\u{unit:04x}"));
    }
    out.push('"');
    out
}

struct Fields {
    name: String,
    email: String,
    message: String,
}

fn form_body(f: &Fields, encode: fn(&str) -> String, extra: &str) -> String {
    format!(
        "name={}&email={}&subject={}&message={}&consent=oui&website={extra}",
        encode(&f.name),
        encode(&f.email),
        encode("information"),
        encode(&f.message)
    )
}

fn json_body(f: &Fields) -> String {
    format!(
        "{{\n  \"name\": {},\n  \"email\": {},\n  \"subject\": {},\n  \"message\": {},\n  \"consent\": true,\n  \"website\": \"\"\n}}",
        escape_all(&f.name),
        escape_all(&f.email),
        escape_all("information"),
        escape_all(&f.message)
    )
}

/// A message of `MESSAGE_MAX` characters: `unit` repeated, with line breaks as a browser
/// sends them (CRLF) every 60 characters.
fn longest(unit: &str) -> String {
    let mut out = String::new();
    let mut count = 0;
    while count < MESSAGE_MAX {
        if count % 61 == 60 {
            out.push_str("\r\n");
            count += 1;
            continue;
        }
        for c in unit.chars() {
            if count < MESSAGE_MAX {
                out.push(c);
                count += 1;
            }
        }
    }
    out
}

/// A name of `NAME_MAX` characters and the longest Unicode address that fits `EMAIL_MAX`
/// characters and, in Punycode, 254 bytes.
fn longest_fields(message: String) -> Fields {
    Fields {
        name: "أ".repeat(NAME_MAX),
        email: format!("{}@مثال.المغرب", "a".repeat(64)),
        message,
    }
}

#[test]
fn the_body_cap_is_the_worst_case_of_the_stated_limits() {
    assert_eq!(
        MAX_BODY,
        12 * (100 + 254 + 5000) + 6 * (11 + 2048) + 1024,
        "12 bytes per character, 6 per ASCII character, and the frame"
    );
    assert_eq!(MAX_BODY, 77_626);
    let longest_subject = FR.subjects.iter().map(|(v, _)| v.len()).max();
    assert_eq!(longest_subject, Some(SUBJECT_MAX));
    // Every character at its worst: 4-byte characters, each byte escaped, in every field at
    // its limit, and a Turnstile token of 2048 escaped characters.
    let worst = Fields {
        name: "😀".repeat(NAME_MAX),
        email: "😀".repeat(EMAIL_MAX),
        message: "😀".repeat(MESSAGE_MAX),
    };
    let token = format!("&cf-turnstile-response={}", "%41".repeat(TURNSTILE_MAX));
    let body = form_body(&worst, encode_all, &token);
    assert!(body.len() <= MAX_BODY, "{} > {MAX_BODY}", body.len());
    let json = json_body(&worst).replace(
        "\"website\"",
        &format!(
            "\"cf-turnstile-response\": \"{}\",\n  \"website\"",
            "\\u0041".repeat(TURNSTILE_MAX)
        ),
    );
    assert!(json.len() <= MAX_BODY, "{} > {MAX_BODY}", json.len());
}

#[test]
fn the_longest_arabic_french_and_emoji_messages_are_accepted_from_forms_and_scripts() {
    for (script, unit) in [
        ("arabic", "مرحبا بكم في المغرب "),
        ("french", "éèêàçœ ù"),
        ("emoji", "👩🏽‍💻🇲🇦"),
    ] {
        let message = longest(unit);
        let fields = longest_fields(message.clone());
        let stored = message.replace("\r\n", "\n");
        let stored = stored.trim();
        assert_eq!(stored.chars().count(), MESSAGE_MAX, "{script}");
        for (ct, body) in [
            (FORM, form_body(&fields, encode_all, "")),
            (JSON_CT, json_body(&fields)),
        ] {
            let w = World::default();
            let res = post(&w, ct, body.clone());
            assert!(
                res.status() == StatusCode::SEE_OTHER || res.status() == StatusCode::CREATED,
                "{script} {ct} ({} bytes): {} {}",
                body.len(),
                res.status(),
                text(&res).chars().take(300).collect::<String>()
            );
            let rows = w.store.rows.borrow();
            assert_eq!(rows.len(), 1, "{script} {ct}");
            assert_eq!(rows[0].message, stored, "{script} {ct}: stored as typed");
            assert_eq!(rows[0].name, fields.name);
            assert_eq!(
                rows[0].email,
                format!("{}@xn--mgbh0fb.xn--mgbc0a9azcg", "a".repeat(64))
            );
        }
        // One character more is a length error on the message, not a lost body.
        let mut over = longest_fields(format!("{message}x"));
        over.name = "Amina".into();
        let w = World::default();
        let res = post(&w, FORM, form_body(&over, encode_all, ""));
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{script}");
        assert!(text(&res).contains(FR.form.message_long));
    }
}

#[test]
fn a_form_over_the_cap_comes_back_with_what_could_be_read_in_its_language() {
    for (path, t) in [("/contact/", &FR), ("/ar/contact/", &oim_site::i18n::AR)] {
        let w = World::default();
        let message = "é".repeat(MAX_BODY);
        let body = format!(
            "name=Amina+Benali&email=amina%40exemple.ma&subject=presse&message={}&consent=oui",
            encode_all(&message)
        );
        let res = w.send(request(path, FORM, body, "203.0.113.7"));
        assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
        assert!(is_secured(res.headers()));
        let html = text(&res);
        assert!(html.contains(&format!("lang=\"{}\"", t.lang)), "{path}");
        assert!(html.contains(&format!("dir=\"{}\"", t.dir)), "{path}");
        assert!(html.contains(t.form.too_large_form), "{path}");
        assert!(
            html.contains(t.form.message_long),
            "{path}: the message is marked"
        );
        // The fields read whole are kept, and the message up to the cut: whole characters.
        assert!(html.contains("value=\"Amina Benali\""));
        assert!(html.contains("value=\"amina@exemple.ma\""));
        assert!(html.contains("<option value=\"presse\" selected>"));
        let shown = html
            .split("name=\"message\"")
            .nth(1)
            .and_then(|r| r.split_once('>'))
            .and_then(|(_, r)| r.split_once("</textarea>"))
            .map(|(m, _)| m)
            .expect("the textarea");
        // Each `é` is 6 bytes of body (`%C3%A9`): all that fits under the cap is shown.
        let prefix = "name=Amina+Benali&email=amina%40exemple.ma&subject=presse&message=".len();
        assert_eq!(shown.chars().count(), (MAX_BODY - prefix) / 6, "{path}");
        assert!(shown.chars().all(|c| c == 'é'), "cut between characters");
        assert!(w.store.rows.borrow().is_empty());
        assert!(
            w.limiter.calls.borrow().is_empty(),
            "refused before the limiter"
        );
    }
    // A script gets the error in JSON; another site gets its 403, not its text back.
    let w = World::default();
    let res = post(&w, JSON_CT, "x".repeat(MAX_BODY + 1));
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/json");
    let mut cross = request(
        "/contact/",
        FORM,
        "name=Evil".repeat(MAX_BODY / 8),
        "203.0.113.8",
    );
    cross.headers_mut().insert(
        header::ORIGIN,
        HeaderValue::from_static("https://evil.example"),
    );
    let res = w.send(cross);
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(!text(&res).contains("Evil"));
}

#[test]
fn a_declared_length_over_the_cap_is_413_even_for_a_short_body() {
    let w = World::default();
    let mut req = request(
        "/contact/",
        FORM,
        "name=Amina&email=a%40b.ma",
        "203.0.113.7",
    );
    req.headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(MAX_BODY + 1));
    let res = w.send(req);
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(text(&res).contains("value=\"Amina\""));
}

#[test]
fn decoding_a_cut_value_drops_only_a_split_escape_or_character() {
    assert_eq!(decode_cut(b"abc%C3%A9").as_deref(), Some("abcé"));
    assert_eq!(decode_cut(b"abc%C3%A").as_deref(), Some("abc"));
    assert_eq!(decode_cut(b"abc%C3%").as_deref(), Some("abc"));
    assert_eq!(decode_cut(b"abc%C3").as_deref(), Some("abc"));
    assert_eq!(decode_cut(b"abc%").as_deref(), Some("abc"));
    assert_eq!(decode_cut(b"a+b").as_deref(), Some("a b"));
    assert_eq!(decode_cut(b"%F0%9F%98").as_deref(), Some(""));
    assert_eq!(decode_cut(b"%FF%41"), None, "invalid, not cut");
}

fn valid_input(name: &str, message: &str) -> Input {
    Input {
        name: name.to_string(),
        email: "amina@exemple.ma".into(),
        subject: "autre".into(),
        message: message.to_string(),
        consent: true,
        ..Input::default()
    }
}

#[test]
fn bidi_marks_and_joiners_are_stored_as_typed_in_names_and_messages() {
    for c in ['\u{200e}', '\u{200f}', '\u{61c}', '\u{200c}', '\u{200d}'] {
        let name = format!("أمينة{c} Benali");
        let message = format!("مرحبا{c} (OIM) بكم{c}، merci.");
        let valid = validate(&valid_input(&name, &message), Errors::new(), &FR)
            .unwrap_or_else(|e| panic!("U+{:04X}: {e:?}", c as u32));
        assert_eq!((valid.name, valid.message), (name, message));
    }
    // Through the whole form, percent-encoded as a browser sends U+200F.
    let w = World::default();
    let body = "name=Amina&email=a%40exemple.ma&subject=autre&consent=oui\
                &message=%D8%B4%D9%83%D8%B1%D8%A7%E2%80%8F+OIM+%D8%A7%D9%84%D9%85%D8%BA%D8%B1%D8%A8";
    assert_eq!(post(&w, FORM, body).status(), StatusCode::SEE_OTHER);
    assert!(w.store.rows.borrow()[0].message.contains('\u{200f}'));
}

#[test]
fn controls_that_reorder_text_are_refused_in_names_and_overrides_in_messages() {
    let name_error = |name: &str| {
        validate(
            &valid_input(name, "Bonjour, une question."),
            Errors::new(),
            &FR,
        )
        .err()
        .and_then(|e| e.iter().find(|(f, _)| *f == "name").map(|(_, m)| *m))
    };
    for c in [
        '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}',
        '\u{2068}', '\u{2069}', '\u{2028}', '\u{2029}',
    ] {
        assert_eq!(
            name_error(&format!("Amina{c}gpj.exe")),
            Some(FR.form.name_chars),
            "U+{:04X}",
            c as u32
        );
    }
    // Messages: the overrides, which reverse letters, are refused; embeddings and isolates,
    // which chat apps paste, are kept.
    for c in ['\u{202d}', '\u{202e}'] {
        let errors = validate(
            &valid_input("Amina", &format!("Voir https://exemple.ma/{c}moc.elgoog")),
            Errors::new(),
            &FR,
        )
        .expect_err("an override");
        assert_eq!(errors, vec![("message", FR.form.message_chars)]);
    }
    for c in [
        '\u{202a}', '\u{202b}', '\u{202c}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
    ] {
        let message = format!("Message de \u{2068}أمينة\u{2069} {c}copié.");
        assert!(
            validate(&valid_input("Amina", &message), Errors::new(), &FR).is_ok(),
            "U+{:04X}",
            c as u32
        );
    }
}

#[test]
fn an_internationalised_domain_is_stored_and_replied_to_in_punycode() {
    let w = World::default();
    let body = format!(
        "name=Amina&email={}&subject=autre&message=Bonjour+depuis+Rabat.&consent=oui",
        encode_all("amina@مثال.المغرب")
    );
    assert_eq!(post(&w, FORM, body).status(), StatusCode::SEE_OTHER);
    let rows = w.store.rows.borrow();
    assert_eq!(rows[0].email, "amina@xn--mgbh0fb.xn--mgbc0a9azcg");
    let sent = w.mailer.sent.borrow();
    crate::fuzz_targets::mail_is_safe(&sent[0].raw);
    assert!(sent[0]
        .raw
        .contains(" <amina@xn--mgbh0fb.xn--mgbc0a9azcg>\r\n"));
    // Already in Punycode, as some browsers send it: the same.
    let w = World::default();
    let body = "name=Amina&email=amina%40exemple.xn--mgbc0a9azcg&subject=autre\
                &message=Bonjour+depuis+Rabat.&consent=oui";
    assert_eq!(post(&w, FORM, body).status(), StatusCode::SEE_OTHER);
    assert_eq!(
        w.store.rows.borrow()[0].email,
        "amina@exemple.xn--mgbc0a9azcg"
    );
}

#[test]
fn a_post_to_another_spelling_is_redirected_with_its_method_and_never_cached() {
    let w = World::default();
    for (method, path, to) in [
        (Method::POST, "/contact", "/contact/"),
        (Method::POST, "/ar/contact", "/ar/contact/"),
        (Method::POST, "/contact%2F", "/contact/"),
        (Method::PUT, "/notre-travail", "/notre-travail/"),
        (Method::DELETE, "/notre%2Dtravail/", "/notre-travail/"),
    ] {
        let mut req = request(path, FORM, VALID, "203.0.113.7");
        *req.method_mut() = method.clone();
        let res = w.send(req);
        if path.contains("%2F") {
            assert_eq!(res.status(), StatusCode::BAD_REQUEST, "an encoded slash");
            continue;
        }
        assert_eq!(
            res.status(),
            StatusCode::PERMANENT_REDIRECT,
            "{method} {path}"
        );
        assert_eq!(res.headers()[header::LOCATION], to);
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
        assert!(is_secured(res.headers()));
    }
    assert!(
        w.store.rows.borrow().is_empty(),
        "stored only where it lands"
    );
    // GET and HEAD keep the cacheable 301.
    for method in [Method::GET, Method::HEAD] {
        let mut req = crate::testing::get("/contact");
        *req.method_mut() = method.clone();
        let res = w.send(req);
        assert_eq!(res.status(), StatusCode::MOVED_PERMANENTLY, "{method}");
        assert_eq!(
            res.headers()[header::CACHE_CONTROL],
            "public, max-age=86400"
        );
    }
}

#[test]
fn a_honeypot_answer_looks_exactly_like_a_real_one() {
    let json = |honeypot: &str| {
        format!(
            "{{\"name\":\"Amina\",\"email\":\"amina@exemple.ma\",\"subject\":\"autre\",\
             \"message\":\"Bonjour, une question.\",\"consent\":true,\"website\":\"{honeypot}\"}}"
        )
    };
    let w = World::default();
    let real = post(&w, JSON_CT, json(""));
    let fake = post(&w, JSON_CT, json("http://spam.example"));
    let again = post(&w, JSON_CT, json(""));
    assert_eq!(
        w.store.rows.borrow().len(),
        2,
        "the honeypot stored nothing"
    );
    for res in [&real, &fake, &again] {
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let names = |r: &Response<Bytes>| {
        let mut n: Vec<(String, String)> = r
            .headers()
            .iter()
            .filter(|(k, _)| *k != header::CONTENT_LENGTH)
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        n.sort();
        n
    };
    assert_eq!(names(&real), names(&fake), "the same headers and values");
    assert_eq!(real.body().len(), fake.body().len());
    let ids: Vec<String> = [&real, &fake, &again]
        .iter()
        .map(|r| {
            let v: serde_json::Value = serde_json::from_slice(r.body()).expect("json");
            assert_eq!(v.as_object().map(|o| o.len()), Some(1), "{v}");
            v["id"].as_str().expect("id").to_string()
        })
        .collect();
    assert!(ids
        .iter()
        .all(|id| id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())));
    assert!(
        ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2],
        "{ids:?}"
    );
    // Nothing counts: no number in an answer or in the mail.
    for id in &ids {
        assert!(id.parse::<u64>().is_err(), "{id}");
    }
    let sent = w.mailer.sent.borrow();
    assert_eq!(sent.len(), 2);
    assert!(sent[0]
        .raw
        .contains(&format!("Message-ID: <{}@oim.ma>", ids[0])));
}

#[test]
fn error_lists_are_deduplicated_and_bounded_whatever_the_body_holds() {
    let mut body = String::from("{");
    for i in 0..2000 {
        body.push_str(&format!("\"x{i}\":1,\"name\":{i},"));
    }
    body.push_str("\"consent\":\"oui\",\"consent\":[]}");
    let w = World::default();
    let res = post(&w, JSON_CT, body);
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: serde_json::Value = serde_json::from_slice(res.body()).expect("json");
    let errors = v["errors"].as_object().expect("errors");
    assert!(errors.len() <= 8, "{v}");
    assert!(res.body().len() < 2000, "{} bytes", res.body().len());
    assert!(errors.contains_key("_unknown") && errors.contains_key("name"));
    // The raw text has each key once (serde_json would hide a repeated key).
    let raw = text(&res);
    assert_eq!(raw.matches("\"_unknown\"").count(), 1, "{raw}");
    assert_eq!(raw.matches("\"name\"").count(), 1, "{raw}");
    assert_eq!(raw.matches("\"consent\"").count(), 1, "{raw}");
    // The same in a form: a field sent 2000 times is one error.
    let form =
        "name=A&".repeat(2000) + "email=a%40b.ma&subject=autre&message=Bonjour+vous.&consent=oui";
    let res = post(&w, FORM, form);
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(text(&res).matches("href=\"#name\"").count(), 1);
}

#[test]
fn ipv6_clients_are_counted_by_their_64() {
    assert_eq!(client_key("203.0.113.7"), "203.0.113.7");
    assert_eq!(client_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
    assert_eq!(
        client_key("2001:0db8:0001:0002:ffff:ffff:ffff:ffff"),
        "2001:db8:1:2::/64"
    );
    assert_eq!(client_key("::ffff:203.0.113.7"), "203.0.113.7");
    assert_eq!(client_key("unknown"), "unknown");
    let w = World {
        limiter: FakeLimiter {
            budget: Some(2),
            ..Default::default()
        },
        ..World::default()
    };
    let statuses: Vec<u16> = ["2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::3"]
        .iter()
        .map(|ip| {
            w.send(request("/contact/", FORM, VALID, ip))
                .status()
                .as_u16()
        })
        .collect();
    assert_eq!(statuses, [303, 303, 429], "one /64, one budget");
    let other = w.send(request("/contact/", FORM, VALID, "2001:db8:1:3::1"));
    assert_eq!(other.status(), StatusCode::SEE_OTHER, "another /64");
}

/// The client key from the standard library's parser, which `ipv6_prefix` replaces.
fn reference_key(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        _ => ip.to_string(),
    }
}

proptest::proptest! {
    /// Any IPv6 address, written compressed (as Cloudflare sends it), in full, or with leading
    /// zeros: the same /64 as the standard library's parser finds.
    #[test]
    fn the_64_of_any_ipv6_address_is_the_parsers(
        segments in proptest::array::uniform8(proptest::prop_oneof![
            3 => proptest::strategy::Just(0u16),
            5 => proptest::num::u16::ANY,
        ]),
    ) {
        let addr = std::net::Ipv6Addr::from(segments);
        let full = segments.map(|g| format!("{g:x}")).join(":");
        let padded = segments.map(|g| format!("{g:04X}")).join(":");
        for text in [addr.to_string(), full, padded] {
            proptest::prop_assert_eq!(client_key(&text), reference_key(&text), "{}", text);
        }
    }

    /// Text that is not an IPv6 address is never taken for one.
    #[test]
    fn text_that_is_not_an_address_keeps_its_own_key(text in "[0-9a-fA-F:.+ -]{0,45}") {
        if text.parse::<std::net::Ipv6Addr>().is_err() && !text.contains('.') {
            proptest::prop_assert_eq!(client_key(&text), text.clone());
        }
    }
}

#[test]
fn the_site_wide_limit_counts_only_messages_about_to_be_stored() {
    let w = World {
        limiter: FakeLimiter {
            site_budget: Some(1),
            ..Default::default()
        },
        ..World::default()
    };
    let honeypot = VALID.replace("website=", "website=http%3A%2F%2Fspam.example");
    let invalid = VALID.replace("consent=oui", "consent=");
    assert_eq!(post(&w, FORM, honeypot).status(), StatusCode::SEE_OTHER);
    assert_eq!(
        post(&w, FORM, invalid).status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        w.limiter.site_calls.get(),
        0,
        "bots and mistakes cost nothing"
    );
    let first = w.send(request("/contact/", FORM, VALID, "198.51.100.1"));
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    let second = w.send(request("/en/contact/", FORM, VALID, "198.51.100.2"));
    assert_eq!(second.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(second.headers()[header::RETRY_AFTER], "60");
    let html = text(&second);
    assert!(html.contains(oim_site::i18n::EN.form.site_busy));
    assert!(
        html.contains("nous souhaitons un partenariat"),
        "the text is kept"
    );
    assert_eq!(w.store.rows.borrow().len(), 1);
    assert_eq!(w.mailer.sent.borrow().len(), 1);
}

#[test]
fn an_origin_sent_but_unreadable_is_hostile() {
    for name in [header::ORIGIN, crate::headers::SEC_FETCH_SITE] {
        let w = World::default();
        let req = request("/contact/", FORM, VALID, "203.0.113.7");
        let unread = Unread {
            headers: vec![name.clone()],
            ..Unread::default()
        };
        let res = w.send_unread(req, &unread);
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{name}");
        assert!(w.store.rows.borrow().is_empty());
    }
    // Another unreadable header (a User-Agent with a control byte) is merely absent.
    let w = World::default();
    let req = request("/contact/", FORM, VALID, "203.0.113.7");
    let unread = Unread {
        headers: vec![header::USER_AGENT],
        ..Unread::default()
    };
    assert_eq!(w.send_unread(req, &unread).status(), StatusCode::SEE_OTHER);
    assert_eq!(w.store.rows.borrow()[0].user_agent_hash, None);
}

#[test]
fn a_body_that_stalled_gets_408_in_the_language_of_the_form() {
    for (path, t) in [("/contact/", &FR), ("/ar/contact/", &oim_site::i18n::AR)] {
        let w = World::default();
        let req = request(path, FORM, "name=Ami", "203.0.113.7");
        let unread = Unread {
            body_stalled: true,
            ..Unread::default()
        };
        let res = w.send_unread(req, &unread);
        assert_eq!(res.status(), StatusCode::REQUEST_TIMEOUT);
        let html = text(&res);
        assert!(html.contains(t.form.stalled));
        assert!(
            html.contains(&format!("lang=\"{}\" dir=\"{}\"", t.lang, t.dir)),
            "{path}"
        );
        assert!(w.store.rows.borrow().is_empty());
    }
}

#[test]
fn error_pages_speak_the_language_of_the_path() {
    let w = World::default();
    for (path, method, status, t) in [
        ("/ar/%ff/", Method::GET, 400, &oim_site::i18n::AR),
        ("/en/%2e%2e/", Method::GET, 400, &oim_site::i18n::EN),
        ("/ar/contact/merci/", Method::POST, 405, &oim_site::i18n::AR),
        ("/en/contact/", Method::DELETE, 405, &oim_site::i18n::EN),
        ("/%ff/", Method::GET, 400, &FR),
    ] {
        let mut req = crate::testing::get(path);
        *req.method_mut() = method;
        let res = w.send(req);
        assert_eq!(res.status().as_u16(), status, "{path}");
        let html = text(&res);
        assert!(
            html.contains(&format!("lang=\"{}\" dir=\"{}\"", t.lang, t.dir)),
            "{path}: {}",
            &html[..200.min(html.len())]
        );
        assert!(html.contains(t.error_title), "{path}");
    }
    let html = text(&w.get("/ar/%ff/")).to_string();
    assert!(html.contains(oim_site::i18n::AR.bad_path.not_utf8));
}

#[test]
fn the_privacy_notice_states_the_retention_period_that_is_applied() {
    let w = World::default();
    for (path, words) in [
        (
            "/contact/",
            "effacées automatiquement au bout de 12\u{a0}mois",
        ),
        ("/ar/contact/", "وتُمحى تلقائيًا بعد 12 شهرًا"),
        ("/en/contact/", "deleted automatically after 12 months"),
    ] {
        let html = text(&w.get(path)).to_string();
        assert!(html.contains(words), "{path}");
        assert!(!html.contains("{retention}"), "{path}");
    }
    assert_eq!(crate::retention::RETENTION_MONTHS, 12, "the figures above");
}
