//! The last part of a page's URL: what the loader accepts ([`is_valid_slug`]) and how a French
//! title becomes one ([`slugify`], used by `oim new-news` for file names).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// `oim new-news` cuts slugs here: a URL stays readable, and a file name fits everywhere.
pub const MAX_SLUG: usize = 80;

/// Lower-case ASCII letters, digits and single inner dashes: what a page's file name (or its
/// `slug`) must be to become part of a URL.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// The slug of a French title: `Visite à l'OIM` -> `visite-a-loim`. Ligatures are spelt out,
/// apostrophes dropped, accents removed (Unicode decomposition, then the marks go), anything
/// else that is not a letter or digit becomes one dash. At most [`MAX_SLUG`] characters, cut
/// at a dash where there is one. Empty when the title has no Latin letter or digit (an Arabic
/// title): the caller says so. A non-empty result always passes [`is_valid_slug`].
pub fn slugify(title: &str) -> String {
    let lower = title
        .to_lowercase()
        .replace('œ', "oe")
        .replace('æ', "ae")
        .replace('ß', "ss")
        .replace(['\'', '’', '‘'], "");
    let mut slug = String::with_capacity(lower.len());
    for c in lower.nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    cut(slug.trim_end_matches('-'), MAX_SLUG).to_string()
}

/// `slug` (ASCII) cut to at most `max` characters, at its last dash when the cut would split a
/// word.
fn cut(slug: &str, max: usize) -> &str {
    if slug.len() <= max {
        return slug;
    }
    let head = &slug[..max];
    if slug.as_bytes()[max] == b'-' {
        return head.trim_end_matches('-');
    }
    match head.rfind('-') {
        Some(dash) => &head[..dash],
        None => head,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_titles_become_readable_slugs() {
        let cases = [
            ("Visite à l'OIM", "visite-a-loim"),
            ("Œuvre, Æther & Ça va ?", "oeuvre-aether-ca-va"),
            ("L’été à Fès -- 2026 !", "lete-a-fes-2026"),
            ("  --Élan---vers (l'avenir)--  ", "elan-vers-lavenir"),
            (
                "Visite de l'OIM à Tanger : « Jeunesse & avenir »",
                "visite-de-loim-a-tanger-jeunesse-avenir",
            ),
            ("Straße ‘naïve’", "strasse-naive"),
        ];
        for (title, slug) in cases {
            assert_eq!(slugify(title), slug, "{title}");
        }
    }

    #[test]
    fn a_title_without_latin_letters_gives_no_slug() {
        assert_eq!(slugify("زيارة إلى طنجة"), "");
        assert_eq!(slugify(" -- ! "), "");
    }

    #[test]
    fn long_titles_are_cut_at_a_word_boundary() {
        let slug = slugify(&"mot ".repeat(40));
        assert!(
            slug.len() <= MAX_SLUG && slug.len() > MAX_SLUG - 4,
            "{slug}"
        );
        assert!(slug.ends_with("mot") && is_valid_slug(&slug), "{slug}");
        // One word longer than the limit is cut inside it.
        assert_eq!(slugify(&"a".repeat(100)), "a".repeat(MAX_SLUG));
        // A dash right after the limit: the cut falls between two words.
        let exact = format!("{} suite", "b".repeat(MAX_SLUG));
        assert_eq!(slugify(&exact), "b".repeat(MAX_SLUG));
    }

    #[test]
    fn every_slug_made_is_one_the_loader_accepts() {
        let titles = [
            "Journée mondiale des réfugiés 2026",
            "«\u{a0}Migration & développement\u{a0}» : bilan",
            "Ünïcödé — ÀÉÎÕÜ",
            "x",
        ];
        for title in titles {
            let slug = slugify(title);
            assert!(is_valid_slug(&slug), "{title} -> {slug}");
        }
    }

    #[test]
    fn valid_slugs_are_lower_case_words_joined_by_dashes() {
        for ok in ["a", "visite-2026", "x-y-z"] {
            assert!(is_valid_slug(ok), "{ok}");
        }
        for bad in ["", "-a", "a-", "A", "é", "a_b", "a b", "a/b"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
    }
}
