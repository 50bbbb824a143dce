//! The contact form: every way a body can be wrong, abuse, storage and notification.

use bytes::Bytes;
use http::header::{self, HeaderValue};
use http::{Request, StatusCode};

use super::*;
use crate::headers::is_secured;
use crate::testing::{text, FakeLimiter, World};

const VALID: &str = "name=Amina+El+Idrissi&email=amina%40exemple.ma&subject=partenariat&message=Bonjour%2C+nous+souhaitons+un+partenariat.&consent=oui&website=";

fn post(w: &World, content_type: &str, body: impl Into<Bytes>) -> Reply {
    post_with(w, content_type, body, &[])
}

fn post_with(
    w: &World,
    content_type: &str,
    body: impl Into<Bytes>,
    extra: &[(&'static str, &str)],
) -> Reply {
    // The fixture's SITE_URL: production (from another host, a preview, no mail is sent).
    let mut req = Request::post("https://oim.example/contact/")
        .body(body.into())
        .expect("request");
    let h = req.headers_mut();
    if !content_type.is_empty() {
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(content_type).expect("content type"),
        );
    }
    h.insert("cf-connecting-ip", HeaderValue::from_static("203.0.113.7"));
    for (k, v) in extra {
        h.insert(*k, HeaderValue::from_str(v).expect("header"));
    }
    w.send(req)
}

const FORM: &str = "application/x-www-form-urlencoded";
const JSON_CT: &str = "application/json";

/// The valid form with one field replaced (or removed with `None`).
fn form_with(field: &str, value: Option<&str>) -> String {
    let mut parts: Vec<String> = VALID
        .split('&')
        .filter(|p| !p.starts_with(&format!("{field}=")))
        .map(str::to_string)
        .collect();
    if let Some(v) = value {
        parts.push(format!("{field}={v}"));
    }
    parts.join("&")
}

fn json_with(field: &str, value: Option<serde_json::Value>) -> String {
    let mut v = serde_json::json!({
        "name": "Amina El Idrissi", "email": "amina@exemple.ma", "subject": "presse",
        "message": "Bonjour, une question de presse.", "consent": true
    });
    match value {
        Some(x) => v[field] = x,
        None => {
            v.as_object_mut().expect("object").remove(field);
        }
    }
    v.to_string()
}

#[test]
fn a_valid_form_is_stored_then_redirected_to_the_thank_you_page() {
    let w = World::default();
    let res = post_with(
        &w,
        FORM,
        VALID,
        &[("cf-ipcountry", "MA"), ("user-agent", "Mozilla/5.0")],
    );
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], "/contact/merci/");
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    let rows = w.store.rows.borrow();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].name, "Amina El Idrissi");
    assert_eq!(rows[0].email, "amina@exemple.ma");
    assert_eq!(rows[0].subject, "partenariat");
    assert_eq!(rows[0].message, "Bonjour, nous souhaitons un partenariat.");
    assert_eq!(rows[0].country.as_deref(), Some("MA"));
    let ua = rows[0].user_agent_hash.as_deref().expect("hash");
    assert_eq!(ua.len(), 16);
    assert!(!ua.contains("Mozilla"));
}

#[test]
fn a_valid_json_post_gets_201_with_the_stored_random_reference() {
    let w = World::default();
    let res = post(
        &w,
        "application/json; charset=utf-8",
        json_with("subject", None).replace("}", ",\"subject\":\"autre\"}"),
    );
    assert_eq!(res.status(), StatusCode::CREATED, "{}", text(&res));
    let body: serde_json::Value = serde_json::from_slice(res.body()).expect("json");
    let id = body["id"].as_str().expect("a string id");
    assert_eq!(id.len(), 32);
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
    let rows = w.store.rows.borrow();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].reference, id);
}

/// (body, content type, status, field with the error or "" for a whole-body error, message part)
#[test]
fn rejects_bad_input_with_the_right_status_and_message_and_stores_nothing() {
    let long_name = "a".repeat(101);
    let long_message = "m".repeat(5001);
    let long_email = format!("{}@exemple.ma", "a".repeat(250));
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let cases: Vec<(String, &str, u16, &str, &str)> = vec![
        (
            form_with("name", None),
            FORM,
            422,
            "name",
            "Indiquez votre nom",
        ),
        (
            form_with("name", Some("+++")),
            FORM,
            422,
            "name",
            "Indiquez votre nom",
        ),
        (
            form_with("name", Some(&long_name)),
            FORM,
            422,
            "name",
            "100 caractères",
        ),
        (
            form_with("name", Some("Amina%0D%0ABcc%3A+x%40y.z")),
            FORM,
            422,
            "name",
            "non autorisés",
        ),
        (
            form_with("name", Some("Amina%00")),
            FORM,
            422,
            "name",
            "non autorisés",
        ),
        (
            form_with("name", Some("%E2%80%AEanimA")),
            FORM,
            422,
            "name",
            "non autorisés",
        ),
        (
            form_with("email", None),
            FORM,
            422,
            "email",
            "Indiquez votre adresse",
        ),
        (
            form_with("email", Some("amina")),
            FORM,
            422,
            "email",
            "valide",
        ),
        (
            form_with("email", Some("amina%40")),
            FORM,
            422,
            "email",
            "valide",
        ),
        (
            form_with("email", Some("%40exemple.ma")),
            FORM,
            422,
            "email",
            "valide",
        ),
        (
            form_with("email", Some("amina%40exemple")),
            FORM,
            422,
            "email",
            "valide",
        ),
        (
            form_with("email", Some("a+b%40exemple..ma")),
            FORM,
            422,
            "email",
            "valide",
        ),
        (
            form_with("email", Some("amina+%40exemple.ma")),
            FORM,
            422,
            "email",
            "valide",
        ),
        (
            form_with("email", Some("amina%40exemple.ma%0D%0ABcc%3Ax%40y.z")),
            FORM,
            422,
            "email",
            "valide",
        ),
        (
            form_with("email", Some(&long_email)),
            FORM,
            422,
            "email",
            "254 caractères",
        ),
        (
            form_with("subject", None),
            FORM,
            422,
            "subject",
            "Choisissez l’objet",
        ),
        (
            form_with("subject", Some("spam")),
            FORM,
            422,
            "subject",
            "dans la liste",
        ),
        (
            form_with("subject", Some("presse%0D%0ABcc:x")),
            FORM,
            422,
            "subject",
            "dans la liste",
        ),
        (
            form_with("message", None),
            FORM,
            422,
            "message",
            "Écrivez votre message",
        ),
        (
            form_with("message", Some("court")),
            FORM,
            422,
            "message",
            "au moins 10",
        ),
        (
            form_with("message", Some(&long_message)),
            FORM,
            422,
            "message",
            "5 000 caractères",
        ),
        (
            form_with("message", Some("Bonjour+%1B%5B31m+rouge")),
            FORM,
            422,
            "message",
            "non autorisés",
        ),
        (
            form_with("consent", None),
            FORM,
            422,
            "consent",
            "Cochez la case",
        ),
        (
            format!("{VALID}&name=Autre"),
            FORM,
            422,
            "name",
            "plusieurs fois",
        ),
        (
            form_with("name", Some("%ZZ")),
            FORM,
            400,
            "",
            "encodage est invalide",
        ),
        (
            form_with("name", Some("%FF%FE")),
            FORM,
            400,
            "",
            "encodage est invalide",
        ),
        (
            "x".repeat(MAX_BODY + 1),
            FORM,
            413,
            "",
            "trop long pour être lu",
        ),
        (
            "x".repeat(MAX_BODY + 1),
            JSON_CT,
            413,
            "",
            "trop volumineux",
        ),
        (
            VALID.to_string(),
            "text/plain",
            415,
            "",
            "non pris en charge",
        ),
        (
            VALID.to_string(),
            "multipart/form-data; boundary=x",
            415,
            "",
            "non pris en charge",
        ),
        (VALID.to_string(), "", 415, "", "non pris en charge"),
        ("{\"name\": ".to_string(), JSON_CT, 400, "", "JSON valide"),
        ("[1, 2]".to_string(), JSON_CT, 400, "", "JSON valide"),
        (deep, JSON_CT, 400, "", "JSON valide"),
        (
            json_with("name", Some(serde_json::json!(42))),
            JSON_CT,
            422,
            "name",
            "chaîne de caractères",
        ),
        (
            json_with("email", Some(serde_json::json!(["a@b.ma"]))),
            JSON_CT,
            422,
            "email",
            "chaîne de caractères",
        ),
        (
            json_with("consent", Some(serde_json::json!("yes"))),
            JSON_CT,
            422,
            "consent",
            "true ou false",
        ),
        (
            json_with("consent", Some(serde_json::json!(false))),
            JSON_CT,
            422,
            "consent",
            "Cochez la case",
        ),
        (
            json_with("admin", Some(serde_json::json!(true))),
            JSON_CT,
            422,
            "_unknown",
            "n’existe pas",
        ),
        (
            json_with("message", None),
            JSON_CT,
            422,
            "message",
            "Écrivez votre message",
        ),
        (
            json_with("message", Some(serde_json::json!(null))),
            JSON_CT,
            422,
            "message",
            "chaîne de caractères",
        ),
    ];
    assert!(cases.len() >= 30);
    for (body, ct, status, field, needle) in cases {
        let w = World::default();
        let res = post(&w, ct, body.clone());
        let shown: String = body.chars().take(60).collect();
        assert_eq!(res.status().as_u16(), status, "{shown}: {}", text(&res));
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store", "{shown}");
        assert!(is_secured(res.headers()), "{shown}");
        let out = text(&res);
        assert!(
            out.contains(needle),
            "{shown}: expected {needle:?} in {out}"
        );
        if ct.starts_with(JSON_CT) && !field.is_empty() {
            let v: serde_json::Value = serde_json::from_str(out).expect("json errors");
            assert!(
                v["errors"][field]
                    .as_str()
                    .is_some_and(|m| m.contains(needle)),
                "{shown}: {out}"
            );
        } else if !field.is_empty() {
            // The HTML form again: the summary links to the field, which is marked invalid.
            assert!(out.contains(&format!("href=\"#{field}\"")), "{shown}");
            assert!(out.contains("aria-invalid=\"true\""), "{shown}");
            assert!(
                out.contains(&format!("aria-describedby=\"{field}-")),
                "{shown}"
            );
        }
        assert!(w.store.rows.borrow().is_empty(), "{shown}: nothing stored");
        assert!(w.mailer.sent.borrow().is_empty(), "{shown}: nothing sent");
    }
}

#[test]
fn keeps_what_the_visitor_typed_when_showing_errors_and_escapes_it() {
    let w = World::default();
    let body = form_with("email", Some("pas-une-adresse")).replace(
        "name=Amina+El+Idrissi",
        "name=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    );
    let res = post(&w, FORM, body);
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = text(&res);
    assert!(html.contains("value=\"pas-une-adresse\""));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script>"));
    assert!(html.contains("Bonjour, nous souhaitons un partenariat.</textarea>"));
    assert!(html.contains("<option value=\"partenariat\" selected>"));
    assert!(html.contains("role=\"alert\""));
}

#[test]
fn errors_are_listed_in_the_order_of_the_form() {
    let w = World::default();
    let res = post(&w, FORM, "consent=&message=&subject=&email=&name=");
    let html = text(&res);
    let at = |needle: &str| {
        html.find(needle)
            .unwrap_or_else(|| panic!("{needle} missing"))
    };
    assert!(at("href=\"#name\"") < at("href=\"#email\""));
    assert!(at("href=\"#email\"") < at("href=\"#subject\""));
    assert!(at("href=\"#subject\"") < at("href=\"#message\""));
    assert!(at("href=\"#message\"") < at("href=\"#consent\""));
}

#[test]
fn a_filled_honeypot_looks_like_success_but_stores_nothing() {
    let w = World::default();
    let res = post(
        &w,
        FORM,
        form_with("website", Some("http%3A%2F%2Fspam.example")),
    );
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], "/contact/merci/");
    assert!(w.store.rows.borrow().is_empty());
    assert!(w.mailer.sent.borrow().is_empty());
    assert_eq!(
        res.meta.note.as_ref().map(|n| n.0.as_str()),
        Some("honeypot")
    );
}

#[test]
fn rejects_cross_site_posts() {
    for extra in [
        [
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://oim.example"),
        ],
        [
            ("origin", "https://evil.example"),
            ("sec-fetch-site", "same-origin"),
        ],
        [("origin", "null"), ("x-unused", "1")],
    ] {
        let w = World::default();
        let res = post_with(&w, FORM, VALID, &extra);
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{extra:?}");
        assert!(text(&res).contains("Envoi refusé"));
        assert!(w.store.rows.borrow().is_empty());
    }
    let w = World::default();
    let same = post_with(
        &w,
        FORM,
        VALID,
        &[
            ("origin", "https://oim.example"),
            ("sec-fetch-site", "same-origin"),
        ],
    );
    assert_eq!(same.status(), StatusCode::SEE_OTHER);
}

#[test]
fn rate_limits_per_client_with_retry_after_and_keeps_the_text() {
    let w = World {
        limiter: FakeLimiter {
            budget: Some(2),
            ..Default::default()
        },
        ..World::default()
    };
    assert_eq!(post(&w, FORM, VALID).status(), StatusCode::SEE_OTHER);
    assert_eq!(post(&w, FORM, VALID).status(), StatusCode::SEE_OTHER);
    let res = post(&w, FORM, VALID);
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.headers()[header::RETRY_AFTER], "60");
    let html = text(&res);
    assert!(html.contains("Patientez une minute"));
    assert!(html.contains("nous souhaitons un partenariat"));
    assert_eq!(w.store.rows.borrow().len(), 2);
    assert_eq!(w.limiter.calls.borrow()[0], "203.0.113.7");
}

#[test]
fn a_broken_rate_limiter_does_not_lose_messages() {
    let w = World {
        limiter: FakeLimiter {
            broken: true,
            ..Default::default()
        },
        ..World::default()
    };
    let res = post(&w, FORM, VALID);
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(w.store.rows.borrow().len(), 1);
    let note = res.meta.note.as_ref().expect("note");
    assert!(note.0.contains("rate-limiter-failed"), "{}", note.0);
}

#[test]
fn a_storage_failure_is_503_with_the_text_kept_and_nothing_sent() {
    let w = World::default();
    w.store.fail.set(true);
    let res = post(&w, FORM, VALID);
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.headers()[header::RETRY_AFTER], "60");
    let html = text(&res);
    assert!(html.contains("n’a pas été envoyé"));
    assert!(html.contains("nous souhaitons un partenariat"));
    assert!(
        !html.contains("database is locked"),
        "the detail is for the log only"
    );
    assert!(w.mailer.sent.borrow().is_empty());
    let json = post(
        &w,
        JSON_CT,
        json_with("name", None).replace('{', "{\"name\":\"A\","),
    );
    assert_eq!(json.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[test]
fn notifies_the_team_with_an_injection_proof_email() {
    let w = World::default();
    // Validation refuses CR/LF in one-line fields; the message body may hold anything printable.
    let body = form_with(
        "message",
        Some("Ligne+1%0D%0ABcc%3A+victime%40exemple.ma%0D%0A%0D%0AFin."),
    );
    assert_eq!(post(&w, FORM, body).status(), StatusCode::SEE_OTHER);
    let sent = w.mailer.sent.borrow();
    assert_eq!(sent.len(), 1);
    let mail = &sent[0];
    assert_eq!(
        (mail.from.as_str(), mail.to.as_str()),
        ("site@oim.ma", "equipe@oim.ma")
    );
    // Exactly the eight header lines, ASCII only, a base64 body (the fuzz target's check).
    crate::fuzz_targets::mail_is_safe(&mail.raw);
    let (head, _) = mail.raw.split_once("\r\n\r\n").expect("headers and body");
    assert!(head.contains("Reply-To: =?UTF-8?B?"));
    assert!(head.ends_with("Content-Transfer-Encoding: base64"));
    assert!(
        !mail.raw.contains("victime"),
        "visitor text only appears encoded"
    );
}

#[test]
fn turnstile_is_checked_only_when_configured() {
    let mut w = World {
        turnstile: true,
        ..World::default()
    };
    w.config.turnstile_enabled = true;
    w.config.turnstile_site_key = Some("0x4AAA".into());
    let page = w.get("/contact/");
    assert!(text(&page).contains("data-sitekey=\"0x4AAA\""));
    let csp = page.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("script-src https://challenges.cloudflare.com"));
    {
        use base64::Engine;
        use sha2::{Digest, Sha256};
        let css = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(oim_site::views::CSS.as_bytes()));
        let expected = oim_site::csp::content_security_policy(&format!("sha256-{css}"), None, true);
        assert_eq!(csp, expected);
    }

    let res = post(&w, FORM, VALID);
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&res).contains("anti-robot"));
    let res = post(&w, FORM, format!("{VALID}&cf-turnstile-response=bad"));
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = post(&w, FORM, format!("{VALID}&cf-turnstile-response=good"));
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(w.store.rows.borrow().len(), 1);

    let plain = World::default();
    assert!(!text(&plain.get("/contact/")).contains("turnstile"));
}

#[test]
fn accepts_arabic_names_and_messages() {
    let w = World::default();
    let body = form_with("name", Some("%D8%A3%D9%85%D9%8A%D9%86%D8%A9"))
        .replace("message=Bonjour%2C+nous+souhaitons+un+partenariat.", "message=%D9%85%D8%B1%D8%AD%D8%A8%D8%A7+%D8%A8%D9%83%D9%85+%D9%81%D9%8A+%D8%A7%D9%84%D9%85%D8%BA%D8%B1%D8%A8");
    assert_eq!(post(&w, FORM, body).status(), StatusCode::SEE_OTHER);
    assert_eq!(w.store.rows.borrow()[0].name, "أمينة");
}

#[test]
fn the_contact_pages_are_never_cached() {
    let w = World::default();
    for path in ["/contact/", "/contact/merci/"] {
        assert_eq!(
            w.get(path).headers()[header::CACHE_CONTROL],
            "no-store",
            "{path}"
        );
    }
}

#[test]
fn the_form_is_accessible() {
    let w = World::default();
    let html = text(&w.get("/contact/")).to_string();
    for id in ["name", "email", "subject", "message", "consent"] {
        assert!(
            html.contains(&format!("<label for=\"{id}\"")),
            "label for {id}"
        );
        assert!(html.contains(&format!("id=\"{id}\"")), "field {id}");
    }
    assert!(html.contains("autocomplete=\"name\""));
    assert!(html.contains("autocomplete=\"email\""));
    assert!(html.contains("inputmode=\"email\""));
    assert!(html.contains("class=\"hp\" aria-hidden=\"true\""));
    assert!(html.contains("tabindex=\"-1\" autocomplete=\"off\""));
    assert!(html.contains("novalidate"));
}
