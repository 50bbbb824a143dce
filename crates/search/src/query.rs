//! A visitor's query, checked and bounded before any work: at most `MAX_CHARS` characters and
//! `MAX_WORDS` words, no control character, valid UTF-8. Every word is required (AND).

use std::fmt;
use std::ops::ControlFlow;

use crate::normalize::{for_each_word, Lang};

/// Why a query is refused. The Worker answers `Empty` with the blank search form (200) and the
/// others with a 400 page in the page's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryError {
    /// Nothing to look for: blank, punctuation only, or only elided particles (`l'`).
    Empty,
    /// More than `Query::MAX_CHARS` characters.
    TooLong,
    /// More than `Query::MAX_WORDS` words.
    TooManyWords,
    /// The bytes are not UTF-8 (a `%FF` in the address).
    InvalidUtf8,
    /// A control character (`%00`, a line break, DEL, C1 controls), a line or paragraph
    /// separator, or U+FFFD (the mark of a lossy decoding upstream).
    ControlChar,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::Empty => f.write_str("the query has no word"),
            QueryError::TooLong => {
                write!(
                    f,
                    "the query is longer than {} characters",
                    Query::MAX_CHARS
                )
            }
            QueryError::TooManyWords => {
                write!(f, "the query has more than {} words", Query::MAX_WORDS)
            }
            QueryError::InvalidUtf8 => f.write_str("the query is not valid UTF-8"),
            QueryError::ControlChar => f.write_str("the query contains a control character"),
        }
    }
}

impl std::error::Error for QueryError {}

/// A checked query: its language and its distinct terms, in the order typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    lang: Lang,
    terms: Vec<String>,
}

impl Query {
    /// Longer than any title of the site; a search box is not a text area.
    pub const MAX_CHARS: usize = 100;
    /// Every word is required, so more words only narrow the results; 8 bounds the work.
    pub const MAX_WORDS: usize = 8;

    /// Checks and folds `raw` (already percent-decoded) with `lang`'s rules.
    pub fn parse(lang: Lang, raw: &str) -> Result<Query, QueryError> {
        // Bytes first: 4 per character at most, so a 10,000-character query stops here.
        if raw.len() > 4 * Self::MAX_CHARS || raw.chars().nth(Self::MAX_CHARS).is_some() {
            return Err(QueryError::TooLong);
        }
        if raw
            .chars()
            .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FFFD}'))
        {
            return Err(QueryError::ControlChar);
        }
        let mut terms: Vec<String> = Vec::new();
        let mut words = 0;
        let too_many = for_each_word(raw, lang, |_, _, term| {
            words += 1;
            if words > Self::MAX_WORDS {
                return ControlFlow::Break(());
            }
            if !terms.iter().any(|t| t == term) {
                terms.push(term.to_owned());
            }
            ControlFlow::Continue(())
        });
        if too_many.is_some() {
            Err(QueryError::TooManyWords)
        } else if terms.is_empty() {
            Err(QueryError::Empty)
        } else {
            Ok(Query { lang, terms })
        }
    }

    /// `parse` for bytes straight from a percent-decoder: invalid UTF-8 is refused, not
    /// replaced.
    pub fn parse_bytes(lang: Lang, raw: &[u8]) -> Result<Query, QueryError> {
        if raw.len() > 4 * Self::MAX_CHARS {
            return Err(QueryError::TooLong);
        }
        let raw = std::str::from_utf8(raw).map_err(|_| QueryError::InvalidUtf8)?;
        Self::parse(lang, raw)
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The distinct terms, folded (`["education", "migrant"]`).
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// Whether a word of a text, in its normal form, is one the query looks for.
    pub(crate) fn wants(&self, term: &str) -> bool {
        self.terms.iter().any(|t| t == term)
    }

    /// Whether a word, folded but before its language's rule (`for_each_word_where`), may
    /// become one of the query's terms: an Arabic word always (the article goes), a Latin word
    /// only when it starts as a term does (plural rules change its end). Excerpts skip the
    /// rule for the others: most words of a text.
    pub(crate) fn may_want(&self, folded: &str) -> bool {
        match folded.as_bytes().first() {
            Some(&b) if b.is_ascii() => self.terms.iter().any(|t| t.as_bytes().first() == Some(&b)),
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_distinct_folded_terms_in_the_order_typed() {
        let q = Query::parse(Lang::Fr, "  Migrants, l'OIM et les migrants ").unwrap();
        assert_eq!(q.terms(), ["migrant", "oim", "et", "les"]);
        assert_eq!(q.lang(), Lang::Fr);
    }

    #[test]
    fn refuses_hostile_queries_with_a_typed_error() {
        let long = "a".repeat(10_000);
        let cases: &[(&str, QueryError)] = &[
            ("", QueryError::Empty),
            ("  ,;!? ", QueryError::Empty),
            ("l'", QueryError::Empty),
            ("ـــ", QueryError::Empty),
            (&long, QueryError::TooLong),
            ("a\0b", QueryError::ControlChar),
            ("tanger\n", QueryError::ControlChar),
            ("tab\there", QueryError::ControlChar),
            ("del\u{7f}", QueryError::ControlChar),
            ("c1\u{85}", QueryError::ControlChar),
            ("lossy \u{FFFD}", QueryError::ControlChar),
            ("a b c d e f g h i", QueryError::TooManyWords),
        ];
        for (raw, err) in cases {
            assert_eq!(Query::parse(Lang::Fr, raw), Err(*err), "{raw:?}");
        }
    }

    #[test]
    fn accepts_queries_at_the_limits() {
        let at_limit = "é".repeat(Query::MAX_CHARS);
        assert!(Query::parse(Lang::Fr, &at_limit).is_ok());
        let over = "é".repeat(Query::MAX_CHARS + 1);
        assert_eq!(Query::parse(Lang::Fr, &over), Err(QueryError::TooLong));
        let eight = "un deux trois quatre cinq six sept huit";
        assert_eq!(Query::parse(Lang::Fr, eight).unwrap().terms().len(), 8);
        // Arabic letters are two bytes each: the limit is in characters.
        assert!(Query::parse(Lang::Ar, &"ش".repeat(Query::MAX_CHARS)).is_ok());
    }

    #[test]
    fn refuses_invalid_utf8_bytes() {
        assert_eq!(
            Query::parse_bytes(Lang::En, b"ab\xFFcd"),
            Err(QueryError::InvalidUtf8)
        );
        assert_eq!(
            Query::parse_bytes(Lang::En, &[b'a'; 5000]),
            Err(QueryError::TooLong)
        );
        let q = Query::parse_bytes(Lang::Ar, "الشباب".as_bytes()).unwrap();
        assert_eq!(q.terms(), ["شباب"]);
    }

    #[test]
    fn says_what_is_wrong_in_words() {
        assert_eq!(
            QueryError::TooLong.to_string(),
            "the query is longer than 100 characters"
        );
    }
}
