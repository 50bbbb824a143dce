//! The notification email to the team, as raw MIME text for Cloudflare's `send_email`.

use crate::services::{Mail, NewMessage};
use oim_site::i18n::FR;

/// The email to the team: plain text, `Reply-To` the visitor. Every header value made of
/// visitor input is RFC 2047 base64, and the body is base64: no visitor byte is ever written
/// raw into the message, so header injection is impossible whatever validation lets through.
pub fn notification(msg: &NewMessage, id: i64, from: &str, to: &str) -> Mail {
    let word = |s: &str| format!("=?UTF-8?B?{}?=", base64(s));
    let subject_label = FR
        .subjects
        .iter()
        .find(|(v, _)| *v == msg.subject)
        .map_or("Autre", |(_, l)| *l);
    let text = format!(
        "Nouveau message n° {id} reçu par le formulaire de contact.\n\n\
         Nom : {}\nAdresse : {}\nObjet : {subject_label}\nPays : {}\n\n{}\n\n\
         Répondez à ce courriel pour écrire directement à l’expéditeur.\n",
        msg.name,
        msg.email,
        msg.country.as_deref().unwrap_or("inconnu"),
        msg.message
    );
    let body = base64(text.as_bytes());
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap_or(""))
        .collect();
    let domain = from.rsplit_once('@').map_or("localhost", |(_, d)| d);
    let raw = format!(
        "From: {} <{from}>\r\nTo: <{to}>\r\nReply-To: {} <{}>\r\nSubject: {}\r\n\
         Message-ID: <contact-{id}@{domain}>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
        word("Site OIM Maroc"),
        word(&msg.name),
        msg.email,
        word(&format!("[Contact] {subject_label} : {}", msg.name)),
        lines.join("\r\n")
    );
    Mail {
        from: from.to_string(),
        to: to.to_string(),
        raw,
    }
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
    #[test]
    fn encodes_base64_like_the_rfc() {
        use base64::Engine;
        for input in ["", "f", "fo", "foo", "foob", "fooba", "foobar", "é😀\r\n"] {
            let expected = base64::engine::general_purpose::STANDARD.encode(input);
            assert_eq!(super::base64(input), expected, "{input:?}");
        }
    }
}
