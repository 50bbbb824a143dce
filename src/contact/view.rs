//! The contact form and its thank-you page.
//!
//! The form posts without JavaScript. `novalidate` hands validation to the server, whose error
//! summary (linked to each field) is clearer than each browser's bubbles; `required` stays for
//! assistive technologies.

use maud::{html, Markup};

use oim_site::i18n::{ui, Ui, ALL};
use oim_site::paths::{contact_path, home_path, thanks_path};
use oim_site::views::{layout, Chrome};
use oim_site::Site;

use super::{EMAIL_MAX, HONEYPOT, MESSAGE_MAX, NAME_MAX};
use crate::retention::RETENTION_MONTHS;

/// What the form shows: the visitor's input (kept after an error) and the errors.
#[derive(Debug, Default, Clone, Copy)]
pub struct ContactForm<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub subject: &'a str,
    pub message: &'a str,
    pub consent: bool,
    /// (field, message) in the order of the form.
    pub errors: &'a [(&'a str, &'a str)],
    /// Cloudflare Turnstile site key, when Turnstile is configured.
    pub turnstile_site_key: Option<&'a str>,
}

impl ContactForm<'_> {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| *m)
    }
}

pub fn contact_page(site: Site, lang: &str, form: &ContactForm) -> Markup {
    let t = ui(lang);
    let path = contact_path(t);
    let chrome = Chrome {
        path: Some(&path),
        crumbs: vec![(t.home, home_path(t))],
        versions: ALL.iter().map(|v| (*v, contact_path(v))).collect(),
        ..Chrome::plain(site, lang, t.contact_title, t.contact_description)
    };
    layout(&chrome, contact_form(t, form))
}

fn contact_form(t: &Ui, form: &ContactForm) -> Markup {
    html! {
        @if !form.errors.is_empty() {
            div.summary role="alert" aria-labelledby="erreurs" tabindex="-1" {
                h2 #erreurs { (t.errors_title) }
                ul {
                    @for (field, message) in form.errors {
                        // `_form` errors are about the whole form, not one field.
                        @if field.starts_with('_') {
                            li { (message) }
                        } @else {
                            li { a href={ "#" (field) } { (message) } }
                        }
                    }
                }
            }
        }
        p { (t.contact_intro) }
        p.hint { (t.required_note) }
        form method="post" action=(contact_path(t)) novalidate {
            (text_field(t, form, "name", t.field_name, None, form.name, "name", "text", NAME_MAX))
            (text_field(t, form, "email", t.field_email, Some(t.field_email_hint), form.email, "email", "email", EMAIL_MAX))
            (subject_field(t, form))
            (message_field(t, form))
            (consent_field(t, form))
            div.hp aria-hidden="true" {
                label for=(HONEYPOT) { (t.honeypot_label) }
                input #(HONEYPOT) type="text" name=(HONEYPOT) tabindex="-1" autocomplete="off";
            }
            @if let Some(key) = form.turnstile_site_key {
                div.cf-turnstile #turnstile data-sitekey=(key) {}
                script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer {}
            }
            button type="submit" { (t.send) }
        }
        section.privacy aria-labelledby="donnees" {
            h2 #donnees { (t.privacy_title) }
            p { (privacy_text(t)) }
        }
    }
}

/// The privacy notice with the retention period that the scheduled deletion applies
/// ([`RETENTION_MONTHS`]), in the language's words: the notice and the deletion read one
/// setting.
pub fn privacy_text(t: &Ui) -> String {
    t.privacy_text
        .replace("{retention}", &(t.month_count)(RETENTION_MONTHS))
}

/// The label of a field with its required marker.
fn label(t: &Ui, id: &str, text: &str) -> Markup {
    html! {
        label for=(id) { (text) " " abbr.req title=(t.required) { "*" } }
    }
}

/// `aria-describedby` for a field: its hint and its error, whichever exist.
fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let parts: Vec<String> = [(hint, "aide"), (error, "erreur")]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, kind)| format!("{id}-{kind}"))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Error text under a field, when it has one.
fn field_error(id: &str, error: Option<&str>) -> Markup {
    html! {
        @if let Some(message) = error {
            p.error id={ (id) "-erreur" } { (message) }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn text_field(
    t: &Ui,
    form: &ContactForm,
    id: &str,
    text: &str,
    hint: Option<&str>,
    value: &str,
    autocomplete: &str,
    kind: &str,
    max: usize,
) -> Markup {
    let error = form.error(id);
    html! {
        div.field {
            (label(t, id, text))
            @if let Some(hint) = hint {
                p.hint id={ (id) "-aide" } { (hint) }
            }
            (field_error(id, error))
            input #(id) name=(id) type=(kind) value=(value) autocomplete=(autocomplete)
                maxlength=(max) required aria-required="true"
                inputmode=[(kind == "email").then_some("email")]
                spellcheck=[(kind == "email").then_some("false")]
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[described_by(id, hint.is_some(), error.is_some())];
        }
    }
}

fn subject_field(t: &Ui, form: &ContactForm) -> Markup {
    let error = form.error("subject");
    html! {
        div.field {
            (label(t, "subject", t.field_subject))
            (field_error("subject", error))
            select #subject name="subject" required aria-required="true"
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[described_by("subject", false, error.is_some())] {
                option value="" { (t.field_subject_choose) }
                @for (value, text) in &t.subjects {
                    option value=(value) selected[form.subject == *value] { (text) }
                }
            }
        }
    }
}

fn message_field(t: &Ui, form: &ContactForm) -> Markup {
    let error = form.error("message");
    html! {
        div.field {
            (label(t, "message", t.field_message))
            p.hint #message-aide { (t.field_message_hint) }
            (field_error("message", error))
            textarea #message name="message" rows="8" maxlength=(MESSAGE_MAX) required
                aria-required="true" aria-invalid=[error.map(|_| "true")]
                aria-describedby=[described_by("message", true, error.is_some())] { (form.message) }
        }
    }
}

fn consent_field(t: &Ui, form: &ContactForm) -> Markup {
    let error = form.error("consent");
    html! {
        div.field {
            (field_error("consent", error))
            div.check {
                input #consent type="checkbox" name="consent" value="oui" checked[form.consent]
                    required aria-required="true" aria-invalid=[error.map(|_| "true")]
                    aria-describedby=[described_by("consent", false, error.is_some())];
                label for="consent" { (t.field_consent) " " abbr.req title=(t.required) { "*" } }
            }
        }
    }
}

pub fn thanks_page(site: Site, lang: &str) -> Markup {
    let t = ui(lang);
    let path = thanks_path(t);
    let chrome = Chrome {
        path: Some(&path),
        crumbs: vec![(t.home, home_path(t)), (t.contact, contact_path(t))],
        versions: ALL.iter().map(|v| (*v, thanks_path(v))).collect(),
        noindex: true,
        ..Chrome::plain(site, lang, t.thanks_title, t.thanks_description)
    };
    layout(
        &chrome,
        html! {
            p.notice role="status" { (t.thanks_text) }
            p { a href=(home_path(t)) { (t.thanks_back) } }
        },
    )
}
