//! Latin in right-to-left pages (SALEMM, FMPCI, www.salemm.org): each Latin run is wrapped in
//! `<bdi>`, so that the Unicode bidi algorithm sees it as one neutral unit inside the Arabic
//! sentence. Without it, "لمشروع SALEMM: www.salemm.org." makes one left-to-right run of
//! `SALEMM: www.salemm.org` and the colon shows between the two Latin words, on the wrong side
//! of SALEMM.
//!
//! `<bdi>` (11 bytes a run) rather than Unicode isolates (U+2066…U+2069, 6 bytes): no invisible
//! characters in copied text, in find-in-page or in anything that reads the HTML's text (feeds,
//! search); rather than `<span dir="ltr">` (23 bytes): same isolation (`unicode-bidi: isolate`
//! in the browsers' default style sheet), and a Latin run's first strong letter makes it
//! left-to-right anyway. Markdown text gets it in `markdown::render`, interface text through
//! [`Isolated`].

use maud::Render;

use crate::i18n::Ui;

/// A letter of the Latin script: ASCII, Latin-1 and Latin Extended-A/B (not × and ÷).
fn latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (matches!(c, '\u{c0}'..='\u{24f}') && c != '\u{d7}' && c != '\u{f7}')
}

fn word_char(c: char) -> bool {
    latin_letter(c) || c.is_ascii_digit()
}

/// Joins two Latin words written without a space into one run: `www.salemm.org`, `e-mail`,
/// `l’OIM`, `https://…`, `name@example.ma`.
fn joiner(c: char) -> bool {
    matches!(
        c,
        '.' | '-' | '/' | '_' | '@' | '&' | '+' | ':' | '\'' | '’' | '#' | '?' | '=' | '%' | '~'
    )
}

fn space(c: char) -> bool {
    matches!(c, ' ' | '\n' | '\u{a0}')
}

/// The byte length of the chars from `at` on that satisfy `f`.
fn span(text: &str, at: usize, f: fn(char) -> bool) -> usize {
    text[at..]
        .char_indices()
        .find(|&(_, c)| !f(c))
        .map_or(text.len() - at, |(i, _)| i)
}

fn char_at(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

/// The Latin runs of `text`, as byte ranges. A run starts at a Latin letter (or at digits glued
/// to one: `3D`), goes on over letters and digits, over joiners followed by a letter or a digit,
/// and over spaces followed by a Latin letter (`IOM Global`). Punctuation after a run stays
/// outside, in the sentence's direction, and so do digits after a space (`SALEMM 36`: 36 belongs
/// to the Arabic sentence).
pub fn latin_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut at = 0;
    while let Some(c) = char_at(text, at) {
        let digits = span(text, at, |c| c.is_ascii_digit());
        if !char_at(text, at + digits).is_some_and(latin_letter) {
            at += digits.max(c.len_utf8());
            continue;
        }
        let start = at;
        let mut end = at + digits;
        loop {
            end += span(text, end, word_char);
            let joined = span(text, end, joiner);
            let spaced = span(text, end, space);
            let next = if joined > 0 {
                char_at(text, end + joined)
                    .filter(|&c| word_char(c))
                    .map(|_| joined)
            } else {
                char_at(text, end + spaced)
                    .filter(|&c| latin_letter(c))
                    .map(|_| spaced)
            };
            match next {
                Some(gap) if gap > 0 => end += gap,
                _ => break,
            }
        }
        runs.push((start, end));
        at = end;
    }
    runs
}

/// Text as maud renders it (escaped), with its Latin runs in `<bdi>` when the page is
/// right-to-left: titles, menu entries, breadcrumbs and news lists in the views.
pub struct Isolated<'a> {
    text: &'a str,
    rtl: bool,
}

/// `text` for a page in the language of `t`.
pub fn isolated<'a>(t: &Ui, text: &'a str) -> Isolated<'a> {
    Isolated {
        text,
        rtl: t.dir == "rtl",
    }
}

impl Render for Isolated<'_> {
    fn render_to(&self, buffer: &mut String) {
        if self.rtl {
            isolate_into(self.text, buffer);
        } else {
            self.text.render_to(buffer);
        }
    }
}

/// `text` escaped into `html`, each Latin run in `<bdi>`.
pub fn isolate_into(text: &str, html: &mut String) {
    let mut last = 0;
    for (start, end) in latin_runs(text) {
        text[last..start].render_to(html);
        html.push_str("<bdi>");
        text[start..end].render_to(html);
        html.push_str("</bdi>");
        last = end;
    }
    text[last..].render_to(html);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{AR, FR};

    fn runs(text: &str) -> Vec<&str> {
        latin_runs(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn finds_names_addresses_and_phrases_but_not_the_punctuation_after_them() {
        assert_eq!(
            runs("لمشروع SALEMM: www.salemm.org."),
            ["SALEMM", "www.salemm.org"]
        );
        assert_eq!(runs("زوروا IOM Global، و FMPCI."), ["IOM Global", "FMPCI"]);
        assert_eq!(
            runs("(User-Agent) و name@example.ma."),
            ["User-Agent", "name@example.ma"]
        );
        assert_eq!(runs("https://www.iom.int/fr؟"), ["https://www.iom.int/fr"]);
        assert_eq!(runs("G20 و 3D و COVID-19"), ["G20", "3D", "COVID-19"]);
    }

    #[test]
    fn leaves_arabic_and_numbers_of_the_sentence_outside() {
        assert_eq!(runs("يومي 28 و29 يناير 2016."), Vec::<&str>::new());
        // The number after a space belongs to the Arabic sentence, and so does a line break
        // before an Arabic word.
        assert_eq!(runs("قدم SALEMM 36 فيلما"), ["SALEMM"]);
        assert_eq!(runs("IOM\nGlobal\nموقع"), ["IOM\nGlobal"]);
        assert_eq!(runs("SALEMM، FMPCI"), ["SALEMM", "FMPCI"]);
    }

    #[test]
    fn isolates_latin_only_in_right_to_left_pages_and_still_escapes() {
        let text = "مؤتمر SALEMM: <b>";
        assert_eq!(
            isolated(&AR, text).render().into_string(),
            "مؤتمر <bdi>SALEMM</bdi>: &lt;<bdi>b</bdi>&gt;"
        );
        assert_eq!(
            isolated(&FR, "Projet SALEMM : <b>").render().into_string(),
            "Projet SALEMM : &lt;b&gt;"
        );
    }
}
