//! Filling templates (`{city}`, `{de:partner}`, `{theme.group}`) in the three languages at
//! once, French and Arabic grammar for the slots, sentence capitals, slugs and line wrapping.

use crate::corpus::Entry;
use crate::LANGS;

/// A placeholder: `{de:city.region}` is transform `de`, slot `city`, field `region`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder<'a> {
    pub transform: Option<&'a str>,
    pub name: &'a str,
    pub field: Option<&'a str>,
}

/// Transforms each language may use: French contractions, Arabic attached prepositions.
pub const TRANSFORMS: &[(&str, &[&str])] =
    &[("fr", &["de", "a"]), ("ar", &["bi", "li"]), ("en", &[])];

/// Every placeholder of a template text, in order, with its byte range.
pub fn placeholders(text: &str) -> Vec<(std::ops::Range<usize>, Placeholder<'_>)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('{').map(|i| from + i) {
        let Some(close) = text[open..].find('}').map(|i| open + i) else {
            break;
        };
        let inner = &text[open + 1..close];
        let (transform, rest) = match inner.split_once(':') {
            Some((t, r)) => (Some(t), r),
            None => (None, inner),
        };
        let (name, field) = match rest.split_once('.') {
            Some((n, f)) => (n, Some(f)),
            None => (rest, None),
        };
        out.push((
            open..close + 1,
            Placeholder {
                transform,
                name,
                field,
            },
        ));
        from = close + 1;
    }
    out
}

/// Fills `template` in the three languages. `resolve` gives the value of a slot by name; it is
/// asked once per name, so that a slot drawn at random is the same in every language.
pub fn fill(
    template: &Entry,
    resolve: &mut dyn FnMut(&str) -> Result<Entry, String>,
) -> Result<[String; 3], String> {
    let mut values: Vec<(String, Entry)> = Vec::new();
    let mut out: [String; 3] = Default::default();
    for (i, lang) in LANGS.iter().enumerate() {
        let text = template
            .get(lang)
            .ok_or_else(|| format!("a template has no `{lang}`"))?;
        let mut filled = String::with_capacity(text.len() * 2);
        let mut last = 0;
        for (range, ph) in placeholders(text) {
            filled.push_str(&text[last..range.start]);
            last = range.end;
            let value = match values.iter().find(|(n, _)| n == ph.name) {
                Some((_, v)) => v,
                None => {
                    let v = resolve(ph.name)?;
                    values.push((ph.name.to_string(), v));
                    &values[values.len() - 1].1
                }
            };
            let slot = value.text(ph.field, lang).ok_or_else(|| {
                format!(
                    "`{}` has no `{}` in `{lang}`",
                    ph.name,
                    ph.field.unwrap_or(lang)
                )
            })?;
            let slot = transform(ph.transform, lang, slot)?;
            // An Arabic prefix (و، ب، ل) glued to a Latin name makes one word the site's
            // spelling check reads as a misspelt name (`وFMPCI`): Arabic press puts a space.
            if *lang == "ar"
                && filled.ends_with(is_arabic_letter)
                && slot.starts_with(|c: char| c.is_ascii_alphabetic())
            {
                filled.push(' ');
            }
            filled.push_str(&slot);
        }
        filled.push_str(&text[last..]);
        out[i] = if *lang == "ar" {
            filled
        } else {
            capitalize_sentences(&filled)
        };
    }
    Ok(out)
}

fn transform(t: Option<&str>, lang: &str, s: &str) -> Result<String, String> {
    Ok(match (t, lang) {
        (None, _) => s.to_string(),
        (Some("de"), "fr") => french_de(s),
        (Some("a"), "fr") => french_a(s),
        (Some("bi"), "ar") => arabic_prefix("ب", s),
        (Some("li"), "ar") => arabic_li(s),
        (Some(t), _) => return Err(format!("no transform `{t}` in `{lang}`")),
    })
}

/// `de` + a noun phrase, contracted: du, des, de la, de l’, d’.
pub fn french_de(s: &str) -> String {
    for (article, with) in [
        ("le ", "du "),
        ("les ", "des "),
        ("la ", "de la "),
        ("l’", "de l’"),
        ("des ", "de "),
    ] {
        if let Some(rest) = s.strip_prefix(article) {
            return format!("{with}{rest}");
        }
    }
    if s.starts_with(starts_with_vowel) {
        format!("d’{s}")
    } else {
        format!("de {s}")
    }
}

/// `à` + a noun phrase, contracted: au, aux, à la, à l’.
pub fn french_a(s: &str) -> String {
    for (article, with) in [
        ("le ", "au "),
        ("les ", "aux "),
        ("la ", "à la "),
        ("l’", "à l’"),
    ] {
        if let Some(rest) = s.strip_prefix(article) {
            return format!("{with}{rest}");
        }
    }
    format!("à {s}")
}

fn starts_with_vowel(c: char) -> bool {
    "AEIOUYÉÈÊÂÎÔaeiouyéèêâîô".contains(c)
}

/// `ل` + a noun: `ل` + `الشباب` is `للشباب` (the alif of the article drops).
pub fn arabic_li(s: &str) -> String {
    match s.strip_prefix("ال") {
        Some(rest) => format!("لل{rest}"),
        None => arabic_prefix("ل", s),
    }
}

/// A one-letter Arabic preposition glued to its noun, or spaced before a Latin name.
fn arabic_prefix(p: &str, s: &str) -> String {
    if s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        format!("{p} {s}")
    } else {
        format!("{p}{s}")
    }
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064a}')
}

/// Capital letter at the start and after `. `, `? `, `! ` (slots that open a sentence are
/// written in lower case: `le ministère`, `the Ministry`).
pub fn capitalize_sentences(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut upper_next = true;
    let mut prev = ' ';
    for c in s.chars() {
        if upper_next && c.is_lowercase() {
            out.extend(c.to_uppercase());
            upper_next = false;
        } else {
            if !c.is_whitespace() {
                upper_next = false;
            }
            out.push(c);
        }
        if c == ' ' && matches!(prev, '.' | '?' | '!') {
            upper_next = true;
        }
        prev = c;
    }
    out
}

/// A slug cut to at most `max` bytes at a dash.
pub fn cut_slug(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_string();
    }
    let cut = &slug[..max];
    match cut.rfind('-') {
        Some(i) if i > 0 => cut[..i].to_string(),
        _ => cut.trim_end_matches('-').to_string(),
    }
}

/// Words that may not open a line of a paragraph: Markdown would read a list, a heading, a
/// quote or a table there.
fn opens_a_block(word: &str) -> bool {
    word.starts_with(['#', '>', '-', '+', '*', '|', '='])
        || word
            .strip_suffix(['.', ')'])
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// Wraps a paragraph at `width` characters, the way the team writes Markdown. `indent` starts
/// continuation lines (two spaces in list items). French punctuation that takes a space before
/// it (`:`, `;`, `?`, `!`, `»`) stays with its word, and `«` with the next one.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut glue_next = false;
    for w in text.split(' ').filter(|w| !w.is_empty()) {
        let glue_prev = w.starts_with([':', ';', '?', '!', '»']);
        match words.last_mut() {
            Some(last) if glue_prev || glue_next => {
                last.push(' ');
                last.push_str(w);
            }
            _ => words.push(w.to_string()),
        }
        glue_next = w == "«";
    }
    let mut out = String::with_capacity(text.len() + text.len() / width + 1);
    let mut line_len = 0;
    for word in words {
        let len = word.chars().count();
        if line_len > 0 && line_len + 1 + len > width && !opens_a_block(&word) {
            out.push('\n');
            out.push_str(indent);
            line_len = indent.chars().count();
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(&word);
        line_len += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(fr: &str, ar: &str, en: &str) -> Entry {
        Entry::new([fr.into(), ar.into(), en.into()])
    }

    #[test]
    fn fills_the_three_languages_with_one_draw_per_slot() {
        let tpl = entry(
            "{role} a parlé {de:partner} à {city}, et {role} a conclu.",
            "تحدث {role} {bi:city} عن {partner}.",
            "{role} spoke in {city} about {partner}.",
        );
        let mut draws = 0;
        let out = fill(&tpl, &mut |name| {
            Ok(match name {
                "role" => {
                    draws += 1;
                    entry("une participante", "إحدى المشاركات", "one participant")
                }
                "partner" => entry("le ministère", "الوزارة", "the ministry"),
                _ => entry("Oujda", "وجدة", "Oujda"),
            })
        })
        .unwrap();
        assert_eq!(draws, 1);
        assert_eq!(
            out,
            [
                "Une participante a parlé du ministère à Oujda, et une participante a conclu.",
                "تحدث إحدى المشاركات بوجدة عن الوزارة.",
                "One participant spoke in Oujda about the ministry.",
            ]
        );
    }

    #[test]
    fn contracts_french_and_arabic_prepositions() {
        assert_eq!(french_de("le projet"), "du projet");
        assert_eq!(french_de("les jeunes"), "des jeunes");
        assert_eq!(french_de("la santé"), "de la santé");
        assert_eq!(french_de("l’ANAPEC"), "de l’ANAPEC");
        assert_eq!(french_de("Oujda"), "d’Oujda");
        assert_eq!(french_de("Tanger"), "de Tanger");
        assert_eq!(french_a("le retour"), "au retour");
        assert_eq!(french_a("les femmes"), "aux femmes");
        assert_eq!(arabic_li("الشباب"), "للشباب");
        assert_eq!(arabic_li("حماية"), "لحماية");
        assert_eq!(arabic_li("FMPCI"), "ل FMPCI");
    }

    #[test]
    fn never_glues_an_arabic_prefix_to_a_latin_name() {
        let tpl = entry("{p} et {q}", "{p} و{q} و{bi:q}", "{p} and {q}");
        let out = fill(&tpl, &mut |n| {
            Ok(match n {
                "p" => entry("l’OIM", "المنظمة", "IOM"),
                _ => entry("le FMPCI", "FMPCI", "FMPCI"),
            })
        })
        .unwrap();
        assert_eq!(out[1], "المنظمة و FMPCI وب FMPCI");
    }

    #[test]
    fn a_transform_of_another_language_is_an_error() {
        let tpl = entry("{bi:city}", "{city}", "{city}");
        let err = fill(&tpl, &mut |_| Ok(entry("a", "b", "c"))).unwrap_err();
        assert_eq!(err, "no transform `bi` in `fr`");
    }

    #[test]
    fn capitalizes_each_sentence() {
        assert_eq!(
            capitalize_sentences("le jour. la nuit ? c’est ça! oui"),
            "Le jour. La nuit ? C’est ça! Oui"
        );
        assert_eq!(
            capitalize_sentences("**45 participants**"),
            "**45 participants**"
        );
    }

    #[test]
    fn slugs_are_cut_at_a_dash() {
        assert_eq!(cut_slug("abc-def-ghi", 9), "abc-def");
        assert_eq!(cut_slug("abc", 9), "abc");
    }

    #[test]
    fn wraps_without_opening_a_markdown_block_or_splitting_french_punctuation() {
        let text = "un deux trois - quatre 2018. cinq « six » : sept « huit »,";
        let wrapped = wrap(text, 5, "");
        for line in wrapped.lines() {
            assert!(!opens_a_block(line.split(' ').next().unwrap()), "{wrapped}");
            assert!(!line.starts_with([':', '»']), "{wrapped}");
            assert!(!line.ends_with('«'), "{wrapped}");
        }
        assert_eq!(wrapped.replace('\n', " "), text);
        assert_eq!(wrap("a b c", 3, "  "), "a b\n  c");
    }
}
