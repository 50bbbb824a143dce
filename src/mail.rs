//! The notification email to the team, as raw MIME text for Cloudflare's `send_email`.

use crate::services::{Mail, NewMessage};
use oim_site::dates::from_unix_days;
use oim_site::i18n::FR;

/// The email to the team: plain text, `Reply-To` the visitor. Every header value made of
/// visitor input is RFC 2047 base64, and the body is base64: no visitor byte is ever written
/// raw into the message, so header injection is impossible whatever validation lets through.
/// `now_ms` (Unix milliseconds) is its `Date`; the message's random reference its `Message-ID`.
pub fn notification(msg: &NewMessage, now_ms: i64, from: &str, to: &str) -> Mail {
    let subject_label = FR
        .subjects
        .iter()
        .find(|(v, _)| *v == msg.subject)
        .map_or("Autre", |(_, l)| *l);
    let text = format!(
        "Nouveau message reçu par le formulaire de contact.\n\n\
         Nom : {}\nAdresse : {}\nObjet : {subject_label}\nPays : {}\nRéférence : {}\n\n{}\n\n\
         Répondez à ce courriel pour écrire directement à l’expéditeur.\n",
        msg.name,
        msg.email,
        msg.country.as_deref().unwrap_or("inconnu"),
        msg.reference,
        msg.message
    );
    // Text in MIME is CRLF-terminated before it is encoded (RFC 2045, 6.8); the message was
    // stored with plain LF line breaks.
    let body = base64(text.replace('\n', "\r\n").as_bytes());
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap_or(""))
        .collect();
    let domain = from.rsplit_once('@').map_or("localhost", |(_, d)| d);
    // A name that reads like an address ("direction@oim.ma") would pass for the sender in
    // the team's inbox: such a name is left out of the header (it stays in the body).
    let address = format!("<{}>", msg.email);
    let reply_to = if reads_like_an_address(&msg.name) {
        address
    } else {
        let name = encoded_words(&msg.name, "Reply-To: ".len());
        // The address on the last line of the name if it fits in 76, else on its own.
        let last = name.rsplit("\r\n").next().map_or(0, str::len);
        let used = if name.contains("\r\n") {
            last
        } else {
            "Reply-To: ".len() + last
        };
        let fold = if used + 1 + address.len() > 76 {
            "\r\n "
        } else {
            " "
        };
        format!("{name}{fold}{address}")
    };
    let raw = format!(
        "From: {} <{from}>\r\nTo: <{to}>\r\nReply-To: {reply_to}\r\nSubject: {}\r\n\
         Date: {}\r\nMessage-ID: <{}@{domain}>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
        encoded_words("Site OIM Maroc", "From: ".len()),
        encoded_words(
            &format!("[Contact] {subject_label} : {}", msg.name),
            "Subject: ".len()
        ),
        date(now_ms),
        msg.reference,
        lines.join("\r\n")
    );
    Mail {
        from: from.to_string(),
        to: to.to_string(),
        raw,
    }
}

/// Characters that would make a display name read as an address: `@`, angle brackets, and
/// their look-alikes (full-width, small, mathematical, CJK).
fn reads_like_an_address(name: &str) -> bool {
    name.chars().any(|c| {
        matches!(
            c,
            '@' | '\u{ff20}'
                | '\u{fe6b}'
                | '<'
                | '>'
                | '\u{ff1c}'
                | '\u{ff1e}'
                | '\u{fe64}'
                | '\u{fe65}'
                | '\u{2039}'
                | '\u{203a}'
                | '\u{2329}'
                | '\u{232a}'
                | '\u{27e8}'
                | '\u{27e9}'
                | '\u{3008}'
                | '\u{3009}'
        )
    })
}

/// `text` as RFC 2047 encoded-words (`=?UTF-8?B?…?=`): each at most 75 characters and cut
/// between characters, folded (CRLF and a space) so that no line is longer than 76
/// characters; `used` is what the header's name takes of the first line. Mail readers join
/// adjacent words without the space between them.
pub fn encoded_words(text: &str, used: usize) -> String {
    const OPEN: &str = "=?UTF-8?B?";
    const CLOSE: &str = "?=";
    let mut out = String::new();
    let mut line = used;
    let mut rest = text;
    while !rest.is_empty() {
        let room = (76 - line).min(75) - OPEN.len() - CLOSE.len();
        let max_bytes = room / 4 * 3;
        let mut end = 0;
        for (i, c) in rest.char_indices() {
            if i + c.len_utf8() > max_bytes {
                break;
            }
            end = i + c.len_utf8();
        }
        if !out.is_empty() {
            out.push_str("\r\n ");
        }
        out.push_str(OPEN);
        out.push_str(&base64(&rest[..end]));
        out.push_str(CLOSE);
        rest = &rest[end..];
        line = 1;
    }
    out
}

/// `Tue, 05 May 2026 19:20:29 +0000` (RFC 5322, 3.3), in UTC.
pub fn date(now_ms: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let secs = now_ms.div_euclid(1000);
    let (days, in_day) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let d = from_unix_days(days);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000",
        // 1970-01-01 was a Thursday.
        DAYS[days.rem_euclid(7) as usize],
        d.day,
        MONTHS[usize::from(d.month.clamp(1, 12)) - 1],
        d.year,
        in_day / 3600,
        in_day / 60 % 60,
        in_day % 60
    )
}

/// Standard base64 (RFC 4648, with padding): a few lines instead of a crate in the Worker.
pub fn base64(data: impl AsRef<[u8]>) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let data = data.as_ref();
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn message(name: &str) -> NewMessage {
        NewMessage {
            reference: "0123456789abcdef0123456789abcdef".into(),
            name: name.into(),
            email: "amina@exemple.ma".into(),
            subject: "presse".into(),
            message: "Ligne 1\nLigne 2".into(),
            country: Some("MA".into()),
            user_agent_hash: None,
            preview: false,
        }
    }

    /// The text of encoded-words, decoded (words joined, as mail readers join them).
    fn decode_words(value: &str) -> String {
        let mut bytes = Vec::new();
        for word in value.split_whitespace() {
            let b64 = word
                .strip_prefix("=?UTF-8?B?")
                .and_then(|w| w.strip_suffix("?="))
                .unwrap_or_else(|| panic!("not an encoded-word: {word:?}"));
            bytes.extend(
                base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .expect("base64"),
            );
        }
        String::from_utf8(bytes).expect("each word holds whole characters")
    }

    #[test]
    fn encoded_words_are_at_most_75_characters_on_lines_of_at_most_76() {
        let long_arabic = "أمينة بنعلي ".repeat(12);
        let emoji = "👩\u{200d}💻".repeat(20);
        for (text, used) in [
            ("Amina", 10),
            ("é", 9),
            (long_arabic.as_str(), 10),
            (emoji.as_str(), 9),
            (&"x".repeat(500), 9),
        ] {
            let value = encoded_words(text, used);
            for (i, line) in value.split("\r\n").enumerate() {
                let width = if i == 0 {
                    used + line.len()
                } else {
                    line.len()
                };
                assert!(width <= 76, "line {i} of {width}: {line}");
                if i > 0 {
                    assert!(line.starts_with(' '), "folded with a space");
                }
                for word in line.split_whitespace() {
                    assert!(word.len() <= 75, "{word}");
                }
            }
            assert_eq!(decode_words(&value), text);
        }
        assert_eq!(encoded_words("", 9), "");
    }

    #[test]
    fn a_long_name_and_address_fold_within_76_characters() {
        let mut msg = message("أمينة بنت محمد بن عبد الله العلوي الإدريسي من مدينة فاس العتيقة");
        msg.email = format!("{}@exemple.ma", "a".repeat(60));
        let mail = notification(&msg, 0, "site@oim.ma", "equipe@oim.ma");
        crate::fuzz_targets::mail_is_safe(&mail.raw);
        let head = mail.raw.split("\r\n\r\n").next().unwrap_or("");
        assert!(
            head.contains(&format!("?=\r\n <{}>\r\nSubject: ", msg.email)),
            "{head}"
        );
        for name in ["Amina", "أمينة بنت محمد بن عبد الله العلوي"] {
            let mail = notification(&message(name), 0, "site@oim.ma", "equipe@oim.ma");
            crate::fuzz_targets::mail_is_safe(&mail.raw);
        }
    }

    #[test]
    fn the_date_is_rfc_5322_in_utc() {
        assert_eq!(date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
        assert_eq!(date(1_700_000_000_123), "Tue, 14 Nov 2023 22:13:20 +0000");
        assert_eq!(date(951_782_400_000), "Tue, 29 Feb 2000 00:00:00 +0000");
        assert_eq!(date(1_798_761_599_999), "Thu, 31 Dec 2026 23:59:59 +0000");
    }

    #[test]
    fn the_mail_has_a_date_a_random_message_id_and_crlf_in_its_body() {
        let mail = notification(
            &message("Amina"),
            1_700_000_000_000,
            "site@oim.ma",
            "equipe@oim.ma",
        );
        crate::fuzz_targets::mail_is_safe(&mail.raw);
        assert!(mail
            .raw
            .contains("\r\nDate: Tue, 14 Nov 2023 22:13:20 +0000\r\n"));
        assert!(mail
            .raw
            .contains("\r\nMessage-ID: <0123456789abcdef0123456789abcdef@oim.ma>\r\n"));
        let (_, body) = mail.raw.split_once("\r\n\r\n").expect("a body");
        let compact: String = body.split_whitespace().collect();
        let text = String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(compact)
                .expect("base64"),
        )
        .expect("UTF-8");
        assert!(text.contains("Ligne 1\r\nLigne 2\r\n"), "{text:?}");
        assert!(!text.replace("\r\n", "").contains('\n'), "only CRLF");
        assert!(text.contains("Référence : 0123456789abcdef0123456789abcdef"));
    }

    #[test]
    fn a_name_that_reads_like_an_address_stays_out_of_the_reply_to() {
        for name in [
            "direction@oim.ma",
            "Direction <direction@oim.ma>",
            "direction\u{ff20}oim.ma",
            "direction\u{fe6b}oim.ma",
            "\u{2039}direction\u{203a}",
        ] {
            let mail = notification(&message(name), 0, "site@oim.ma", "equipe@oim.ma");
            crate::fuzz_targets::mail_is_safe(&mail.raw);
            assert!(
                mail.raw.contains("\r\nReply-To: <amina@exemple.ma>\r\n"),
                "{name}: {}",
                mail.raw
            );
        }
        let mail = notification(&message("Amina Benali"), 0, "site@oim.ma", "equipe@oim.ma");
        let reply_to = mail
            .raw
            .lines()
            .find_map(|l| l.strip_prefix("Reply-To: "))
            .expect("Reply-To");
        assert_eq!(
            reply_to,
            format!("{} <amina@exemple.ma>", encoded_words("Amina Benali", 10))
        );
    }

    #[test]
    fn encodes_base64_like_the_rfc() {
        use base64::Engine;
        for input in ["", "f", "fo", "foo", "foob", "fooba", "foobar", "é😀\r\n"] {
            let expected = base64::engine::general_purpose::STANDARD.encode(input);
            assert_eq!(super::base64(input), expected, "{input:?}");
        }
    }
}
