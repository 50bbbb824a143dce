//! Regression tests for what the hardening work (issue 8) found in the form's rules: bidi
//! controls and invisible characters in names, a honeypot sent twice.

use super::*;
use oim_site::i18n::FR;

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

fn name_error(name: &str) -> Option<&'static str> {
    match validate(
        &valid_input(name, "Bonjour, une question."),
        Errors::new(),
        &FR,
    ) {
        Ok(_) => None,
        Err(errors) => errors.iter().find(|(f, _)| *f == "name").map(|(_, m)| *m),
    }
}

#[test]
fn every_bidi_control_that_reorders_text_is_refused_in_names() {
    // Embeddings, overrides and isolates. The marks (U+200E, U+200F, U+061C), refused here
    // once, are accepted since issue 15: they reorder nothing, and Arabic keyboards type them.
    let controls = [
        '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}',
        '\u{2068}', '\u{2069}',
    ];
    for c in controls {
        assert_eq!(
            name_error(&format!("Amina{c}gpj.exe")),
            Some(FR.form.name_chars),
            "U+{:04X}",
            c as u32
        );
    }
    for c in ['\u{61c}', '\u{200e}', '\u{200f}'] {
        assert_eq!(
            name_error(&format!("Amina{c}gpj.exe")),
            None,
            "U+{:04X}",
            c as u32
        );
    }
    // In messages the overrides, which reverse the letters themselves, stay refused.
    for c in ['\u{202d}', '\u{202e}'] {
        let message = format!("Bonjour {c} une question.");
        let errors = validate(&valid_input("Amina", &message), Errors::new(), &FR).unwrap_err();
        assert_eq!(
            errors,
            vec![("message", FR.form.message_chars)],
            "U+{:04X}",
            c as u32
        );
    }
}

#[test]
fn invisible_characters_are_refused_in_names_only() {
    // "Ami\u{200b}na" looked exactly like "Amina" in the team's inbox.
    for c in [
        '\u{ad}',
        '\u{200b}',
        '\u{2060}',
        '\u{2063}',
        '\u{feff}',
        '\u{e0041}',
    ] {
        assert_eq!(
            name_error(&format!("Ami{c}na")),
            Some(FR.form.name_chars),
            "U+{:04X}",
            c as u32
        );
        // Pasted text often carries them; a message is not a name.
        let message = format!("Bonjour{c}, une question.");
        assert!(validate(&valid_input("Amina", &message), Errors::new(), &FR).is_ok());
    }
    // Joiners are part of Arabic, Persian and emoji spelling; confusable letters are names.
    for name in [
        "\u{645}\u{200c}\u{64a}",
        "Amina \u{1f469}\u{200d}\u{1f4bb}",
        "\u{410}mina",
        "\u{ff21}mina",
    ] {
        assert_eq!(name_error(name), None, "{name}");
    }
}

#[test]
fn a_honeypot_filled_in_any_copy_is_a_bot() {
    for body in [
        "name=A&website=&website=http%3A%2F%2Fspam.example",
        "name=A&website=http%3A%2F%2Fspam.example&website=",
    ] {
        let (input, errors) = parse_form(body.as_bytes(), &FR).expect("parsed");
        assert_eq!(input.honeypot, "http://spam.example", "{body}");
        assert!(errors.is_empty(), "{body}: {errors:?}");
    }
}
