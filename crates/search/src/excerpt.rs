//! Excerpts: about `EXCERPT_CHARS` characters of a text around the first word the query looks
//! for, cut at spaces, as segments of the original text that the view wraps in `<mark>` when
//! `marked` (this crate builds no HTML). Words are found in their normal form, so `education`
//! marks `Éducation` and `شباب` marks `للشباب`.

use std::ops::ControlFlow;

use crate::normalize::for_each_word_where;
use crate::query::Query;

/// A piece of the original text, to be wrapped in `<mark>` when `marked`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment<'a> {
    pub text: &'a str,
    pub marked: bool,
}

/// The length an excerpt aims at, in characters: two lines on a desktop, four on a phone.
pub const EXCERPT_CHARS: usize = 180;
/// How much of the text before the first match is shown, at most, in characters.
const LEAD_CHARS: usize = 50;
/// Stands for the text cut before or after an excerpt, as its own unmarked segment.
pub const ELLIPSIS: &str = "…";

/// The excerpt of `text` around its first word that `query` looks for, all such words in it
/// marked; `None` when `text` has none.
pub fn excerpt<'a>(text: &'a str, query: &Query) -> Option<Vec<Segment<'a>>> {
    let may_want = |w: &str| query.may_want(w);
    let (first, first_end) = for_each_word_where(text, query.lang(), may_want, |s, e, term| {
        if query.wants(term) {
            ControlFlow::Break((s, e))
        } else {
            ControlFlow::Continue(())
        }
    })?;
    let start = lead_start(text, first);
    let end = cut(text, start, first_end);
    Some(marked(text, start, end, Some(query)))
}

/// The beginning of `text`, nothing marked: for a page found by its title alone.
pub fn lead(text: &str) -> Vec<Segment<'_>> {
    let start = text.len() - text.trim_start().len();
    marked(text, start, cut(text, start, start), None)
}

/// The whole of `text` (spaces trimmed) with the words `query` looks for marked: for titles.
pub fn highlight<'a>(text: &'a str, query: &Query) -> Vec<Segment<'a>> {
    marked(text, 0, text.len(), Some(query))
}

/// Where an excerpt showing the word at byte `first` starts: up to `LEAD_CHARS` characters
/// before it, after a space, or at the word itself if no space is that close.
fn lead_start(text: &str, first: usize) -> usize {
    let before = &text[..first];
    let back = match before.char_indices().rev().nth(LEAD_CHARS - 1) {
        Some((i, _)) => i,
        None => return 0,
    };
    match before[back..].find(char::is_whitespace) {
        Some(space) => back + space,
        None => first,
    }
}

/// Where an excerpt starting at `start` ends: the last space before `EXCERPT_CHARS`
/// characters, but never before `min_end` (the end of the first match).
fn cut(text: &str, start: usize, min_end: usize) -> usize {
    let rest = &text[start..];
    let limit = match rest.char_indices().nth(EXCERPT_CHARS) {
        Some((i, _)) => start + i,
        None => return text.len(),
    };
    if limit <= min_end {
        return min_end;
    }
    match text[min_end..limit].rfind(char::is_whitespace) {
        Some(space) => min_end + space,
        // One word longer than the excerpt: cut inside it (only hostile text does this).
        None => limit,
    }
}

/// `text[start..end]`, spaces trimmed, as segments with the wanted words marked, and an
/// ellipsis on each side where text was cut off.
fn marked<'a>(text: &'a str, start: usize, end: usize, query: Option<&Query>) -> Vec<Segment<'a>> {
    let slice = text[start..end].trim();
    let offset = slice.as_ptr() as usize - text.as_ptr() as usize;
    let mut segments = Vec::new();
    let plain = |text| Segment {
        text,
        marked: false,
    };
    if !text[..offset].trim().is_empty() {
        segments.push(plain(ELLIPSIS));
    }
    let mut done = 0;
    if let Some(query) = query {
        let may_want = |w: &str| query.may_want(w);
        for_each_word_where(slice, query.lang(), may_want, |s, e, term| {
            if query.wants(term) {
                if s > done {
                    segments.push(plain(&slice[done..s]));
                }
                segments.push(Segment {
                    text: &slice[s..e],
                    marked: true,
                });
                done = e;
            }
            ControlFlow::<()>::Continue(())
        });
    }
    if done < slice.len() {
        segments.push(plain(&slice[done..]));
    }
    if offset + slice.len() < text.len() && !text[offset + slice.len()..].trim().is_empty() {
        segments.push(plain(ELLIPSIS));
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Lang;

    fn q(lang: Lang, raw: &str) -> Query {
        Query::parse(lang, raw).unwrap()
    }

    /// `[mark]` around marked segments: easy to read in an assertion.
    fn show(segments: &[Segment]) -> String {
        segments
            .iter()
            .map(|s| {
                if s.marked {
                    format!("[{}]", s.text)
                } else {
                    s.text.to_string()
                }
            })
            .collect()
    }

    #[test]
    fn marks_the_original_words_whatever_their_case_and_accents() {
        let text = "L’Éducation des migrants et l'ÉDUCATION des mineurs.";
        let got = excerpt(text, &q(Lang::Fr, "education migrant")).unwrap();
        assert_eq!(
            show(&got),
            "L’[Éducation] des [migrants] et l'[ÉDUCATION] des mineurs."
        );
    }

    #[test]
    fn marks_arabic_words_with_their_article_and_diacritics() {
        let text = "برنامج للشبابِ في المغرب، ودعم الشباب.";
        let got = excerpt(text, &q(Lang::Ar, "شباب")).unwrap();
        assert_eq!(show(&got), "برنامج [للشبابِ] في المغرب، ودعم [الشباب].");
    }

    #[test]
    fn cuts_long_texts_on_spaces_around_the_first_match() {
        let before = "mot ".repeat(100);
        let after = " suite".repeat(100);
        let text = format!("{before}Tanger{after}");
        let got = excerpt(&text, &q(Lang::Fr, "tanger")).unwrap();
        assert_eq!(got.first().map(|s| s.text), Some(ELLIPSIS));
        assert_eq!(got.last().map(|s| s.text), Some(ELLIPSIS));
        let body: String = got[1..got.len() - 1].iter().map(|s| s.text).collect();
        assert!(body.starts_with("mot mot"), "{body}");
        assert!(body.ends_with("suite"), "{body}");
        assert!(
            body.chars().count() <= EXCERPT_CHARS,
            "{}",
            body.chars().count()
        );
        assert!(
            body.chars().count() >= EXCERPT_CHARS - 10,
            "{}",
            body.chars().count()
        );
        let before_match = body.split("Tanger").next().unwrap_or_default();
        assert!(before_match.chars().count() <= LEAD_CHARS, "{before_match}");
    }

    #[test]
    fn shows_short_texts_whole() {
        let got = excerpt("  Visite à Tanger. ", &q(Lang::Fr, "tanger")).unwrap();
        assert_eq!(show(&got), "Visite à [Tanger].");
    }

    #[test]
    fn finds_nothing_in_a_text_without_the_words() {
        assert_eq!(excerpt("Rabat et Casablanca", &q(Lang::Fr, "tanger")), None);
    }

    #[test]
    fn leads_with_the_start_of_the_text_unmarked() {
        let text = format!("Début. {}", "texte ".repeat(100));
        let got = lead(&text);
        assert!(got[0].text.starts_with("Début."));
        assert!(!got[0].marked);
        assert_eq!(got.last().map(|s| s.text), Some(ELLIPSIS));
        assert_eq!(
            lead("Court."),
            [Segment {
                text: "Court.",
                marked: false
            }]
        );
    }

    #[test]
    fn highlights_a_whole_title() {
        let got = highlight("Les mineurs non accompagnés", &q(Lang::Fr, "mineur"));
        assert_eq!(show(&got), "Les [mineurs] non accompagnés");
    }

    #[test]
    fn cuts_inside_a_word_longer_than_an_excerpt() {
        let text = format!("x-{}", "b".repeat(1000));
        let got = excerpt(&text, &q(Lang::Fr, "x")).unwrap();
        let chars: usize = got.iter().map(|s| s.text.chars().count()).sum();
        assert!(chars <= EXCERPT_CHARS + 1, "{chars}");
    }
}
