//! The whole search over a small fixture site made for these tests (not the real content):
//! one table of query -> expected documents per language, then ranking, pagination, excerpts,
//! refused queries, and random input that must never panic.

use std::ops::ControlFlow;

use proptest::prelude::*;

use crate::normalize::{for_each_word, for_each_word_where};

use crate::*;

fn day(year: u16, month: u8, day: u8) -> u32 {
    sortable_date(year, month, day)
}

fn doc(id: u32, lang: Lang, date: Option<u32>, title: &str, description: &str, text: &str) -> Doc {
    Doc {
        id,
        lang,
        title: title.into(),
        description: description.into(),
        text: text.into(),
        date,
    }
}

/// Ids 1-9 French, 10-19 Arabic, 20-29 English.
fn fixture() -> Index {
    use Lang::*;
    Index::new(vec![
        doc(
            1,
            Fr,
            Some(day(2024, 3, 10)),
            "L’Éducation des migrants à Tanger",
            "Un programme pour les mineurs.",
            "Le programme d’éducation accueille des mineurs non accompagnés à Tanger.",
        ),
        doc(
            2,
            Fr,
            Some(day(2023, 5, 1)),
            "Visite à Rabat",
            "",
            "Un migrant rencontre les bureaux régionaux. ÉDUCATION et santé.",
        ),
        doc(
            3,
            Fr,
            None,
            "Qui sommes-nous",
            "L'OIM au Maroc.",
            "L’OIM est l’agence des Nations unies chargée des migrations. Le cœur de son œuvre.",
        ),
        doc(
            4,
            Fr,
            Some(day(2016, 1, 29)),
            "Conférence de clôture",
            "",
            "Les partenaires de Tétouan et de Rabat ont fait le bilan du bureau régional.",
        ),
        doc(
            10,
            Ar,
            Some(day(2024, 3, 10)),
            "الشباب والهجرة",
            "",
            "برنامج للشباب في طنجة مع المنظمة الدولية للهجرة.",
        ),
        doc(
            11,
            Ar,
            Some(day(2023, 1, 15)),
            "زيارة إلى الرباط",
            "",
            "لقاء مع الشَّبَاب في أفريقيا سنة ٢٠١٦ في مستشفى المدينة.",
        ),
        doc(
            12,
            Ar,
            None,
            "من نحن",
            "المنظمة الدولية للهجرة في المغرب.",
            "تعمل المنظمة مع شباب إفريقيا بالمدرسة.",
        ),
        doc(
            20,
            En,
            Some(day(2024, 3, 10)),
            "Unaccompanied minors in Tangier",
            "",
            "IOM's policies protect minors. Classes for children.",
        ),
        doc(
            21,
            En,
            Some(day(2022, 6, 1)),
            "A minor’s journey",
            "",
            "One policy, one class, one approach.",
        ),
        doc(
            22,
            En,
            None,
            "Who we are",
            "",
            "The International Organization for Migration (IOM) approaches migration with policies.",
        ),
    ])
}

fn ids(index: &Index, lang: Lang, raw: &str) -> Vec<u32> {
    let query = Query::parse(lang, raw).unwrap();
    let results = index.search(&query, 1, MAX_PER_PAGE);
    assert_eq!(results.total, results.hits.len(), "{raw}");
    results.hits.iter().map(|h| h.id).collect()
}

fn check(lang: Lang, table: &[(&str, &[u32])]) {
    let index = fixture();
    for (raw, expected) in table {
        assert_eq!(ids(&index, lang, raw), *expected, "query {raw:?}");
    }
}

#[test]
fn finds_french_pages_whatever_the_case_accents_elision_and_plural() {
    check(
        Lang::Fr,
        &[
            // Case and accents folded; title (1) first, then newest.
            ("education", &[1, 2]),
            ("Éducation", &[1, 2]),
            ("ÉDUCATION", &[1, 2]),
            // Elision: l'OIM, L’OIM.
            ("oim", &[3]),
            ("l'OIM", &[3]),
            // Plural folding both ways; the title match (1) first.
            ("migrants", &[1, 2]),
            ("migrant", &[1, 2]),
            ("mineur", &[1]),
            ("bureau régional", &[2, 4]),
            // Ligatures.
            ("coeur oeuvre", &[3]),
            ("tetouan", &[4]),
            // Every word is required.
            ("éducation tanger", &[1]),
            ("éducation casablanca", &[]),
            ("casablanca", &[]),
        ],
    );
}

#[test]
fn finds_arabic_pages_whatever_the_article_diacritics_and_letter_forms() {
    check(
        Lang::Ar,
        &[
            // The article and its prefixes: الشباب, للشباب, الشَّبَاب, شباب.
            ("شباب", &[10, 11, 12]),
            ("الشباب", &[10, 11, 12]),
            ("للشباب", &[10, 11, 12]),
            // Ta marbuta, and للهجرة against الهجرة.
            ("الهجرة", &[10, 12]),
            ("هجره", &[10, 12]),
            // Alef forms: أفريقيا and إفريقيا.
            ("افريقيا", &[11, 12]),
            // Alef maqsura.
            ("مستشفي", &[11]),
            // Arabic-Indic digits.
            ("2016", &[11]),
            ("مدرسة", &[12]),
            ("الشباب طنجة", &[10]),
            ("الشباب باريس", &[]),
        ],
    );
}

#[test]
fn finds_english_pages_whatever_the_case_plural_and_possessive() {
    check(
        Lang::En,
        &[
            ("minor", &[20, 21]),
            ("MINORS", &[20, 21]),
            ("policy", &[20, 21, 22]),
            ("policies", &[20, 21, 22]),
            ("class", &[20, 21]),
            ("approach", &[21, 22]),
            ("iom", &[20, 22]),
            ("IOM's", &[20, 22]),
            ("minor tangier", &[20]),
            ("minor children", &[20]),
            ("minor paris", &[]),
        ],
    );
}

#[test]
fn sees_only_the_documents_of_the_query_language() {
    let index = fixture();
    // `tanger` is in French documents only, `tangier` in English ones.
    assert_eq!(ids(&index, Lang::En, "tanger"), Vec::<u32>::new());
    assert_eq!(ids(&index, Lang::Fr, "tangier"), Vec::<u32>::new());
}

#[test]
fn ranks_title_matches_first_then_newest_then_id() {
    let same = |id, date| doc(id, Lang::Fr, date, "Actualité", "", "Une visite à Tanger.");
    let index = Index::new(vec![
        same(5, Some(day(2020, 1, 1))),
        same(6, None),
        same(7, Some(day(2024, 1, 1))),
        doc(
            8,
            Lang::Fr,
            Some(day(2010, 1, 1)),
            "Tanger",
            "",
            "Rien d'autre.",
        ),
        same(4, Some(day(2020, 1, 1))),
        same(3, None),
    ]);
    // 8 has the word in its title; then newest first; equal dates by id; undated last.
    assert_eq!(ids(&index, Lang::Fr, "tanger"), [8, 7, 4, 5, 3, 6]);
}

#[test]
fn pages_through_results_with_the_total_on_every_page() {
    let index = Index::new(
        (0..23)
            .map(|i| {
                doc(
                    i,
                    Lang::En,
                    Some(day(2000, 1, 1) + i),
                    "News",
                    "",
                    "Tangier",
                )
            })
            .collect(),
    );
    let q = Query::parse(Lang::En, "tangier").unwrap();
    let page = |n, k| {
        let r = index.search(&q, n, k);
        (r.total, r.hits.iter().map(|h| h.id).collect::<Vec<_>>())
    };
    assert_eq!(page(1, 10), (23, (13..23).rev().collect()));
    assert_eq!(page(3, 10), (23, vec![2, 1, 0]));
    assert_eq!(page(4, 10), (23, vec![]));
    // Page 0 reads as 1, per page is bounded.
    assert_eq!(page(0, 10), page(1, 10));
    assert_eq!(page(1, 0).1.len(), 1);
    assert_eq!(index.search(&q, 1, 1000).hits.len(), 23);
    assert_eq!(page(usize::MAX, usize::MAX), (23, vec![]));
}

#[test]
fn gives_each_hit_a_marked_title_and_excerpt() {
    let index = fixture();
    let q = Query::parse(Lang::Fr, "education").unwrap();
    let results = index.search(&q, 1, 10);
    let first = &results.hits[0];
    assert_eq!(first.id, 1);
    assert_eq!(first.date, Some(day(2024, 3, 10)));
    let marked = |segments: &[Segment]| -> Vec<String> {
        segments
            .iter()
            .filter(|s| s.marked)
            .map(|s| s.text.to_string())
            .collect()
    };
    assert_eq!(marked(&first.title), ["Éducation"]);
    assert_eq!(marked(&first.excerpt), ["éducation"]);
    assert_eq!(marked(&results.hits[1].excerpt), ["ÉDUCATION"]);

    let q = Query::parse(Lang::Ar, "شباب").unwrap();
    let hits = index.search(&q, 1, 10).hits;
    assert_eq!(marked(&hits[0].title), ["الشباب"]);
    assert_eq!(marked(&hits[0].excerpt), ["للشباب"]);
    assert_eq!(marked(&hits[1].excerpt), ["الشَّبَاب"]);
}

#[test]
fn takes_the_excerpt_from_the_description_when_the_body_does_not_match() {
    let index = fixture();
    // `maroc` is in the description of 3 only.
    let q = Query::parse(Lang::Fr, "maroc").unwrap();
    let hits = index.search(&q, 1, 10).hits;
    let text: String = hits[0].excerpt.iter().map(|s| s.text).collect();
    assert_eq!(text, "L'OIM au Maroc.");
    // A title-only match shows the start of the body, unmarked.
    let q = Query::parse(Lang::Fr, "conférence").unwrap();
    let hits = index.search(&q, 1, 10).hits;
    assert!(hits[0].excerpt.iter().all(|s| !s.marked));
    assert!(hits[0].excerpt[0].text.starts_with("Les partenaires"));
}

#[test]
fn refuses_bad_queries_before_searching() {
    for raw in [
        "",
        "l'",
        "a\0",
        &"x".repeat(10_000),
        "un deux trois quatre cinq six sept huit neuf",
    ] {
        assert!(Query::parse(Lang::Fr, raw).is_err(), "{raw:?}");
    }
}

#[test]
fn builds_an_index_from_markdown() {
    let text = plain_text("## Éducation {#edu}\n\nVoir [Tanger](/tanger/).\n");
    let index = Index::new(vec![doc(1, Lang::Fr, None, "Page", "", &text)]);
    assert_eq!(ids(&index, Lang::Fr, "education tanger"), [1]);
    // Link targets are not words of the page.
    assert_eq!(ids(&index, Lang::Fr, "edu"), Vec::<u32>::new());
    assert_eq!(index.len(), 1);
    assert!(index.term_count(Lang::Fr) > 0);
}

/// Any string: ASCII, Latin, Arabic with marks, apostrophes, controls, odd code points.
fn any_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("l'".to_string()),
        Just("’s ".to_string()),
        Just("الشَّبَاب ".to_string()),
        Just("للـ".to_string()),
        Just("Éducation ".to_string()),
        Just("\u{301}\u{640}\u{200d}".to_string()),
        "[a-zé ]{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn never_panics_on_random_text(text in any_text(), raw in any_text()) {
        for lang in [Lang::Fr, Lang::Ar, Lang::En] {
            let words = terms(&text, lang);
            prop_assert!(words.iter().all(|w| !w.is_empty()));
            let index = Index::new(vec![doc(1, lang, None, &raw, &text, &text)]);
            if let Ok(query) = Query::parse(lang, &raw) {
                prop_assert!(query.terms().len() <= Query::MAX_WORDS);
                // The title is the query's own text: it always matches.
                let results = index.search(&query, 1, 10);
                prop_assert_eq!(results.total, 1);
                for segments in [excerpt(&text, &query).unwrap_or_default(), lead(&text)] {
                    // The ellipses are only at the ends.
                    let mut inner = segments.as_slice();
                    if inner.first().is_some_and(|s| s.text == ELLIPSIS) {
                        inner = &inner[1..];
                    }
                    if inner.last().is_some_and(|s| s.text == ELLIPSIS) {
                        inner = &inner[..inner.len() - 1];
                    }
                    let inner: String = inner.iter().map(|s| s.text).collect();
                    prop_assert!(text.contains(&inner));
                    prop_assert!(inner.chars().count() <= 2 * EXCERPT_CHARS + 100);
                }
                let title: String = highlight(&raw, &query).iter().map(|s| s.text).collect();
                prop_assert_eq!(title.as_str(), raw.trim());
            }
        }
    }

    #[test]
    fn the_excerpts_filter_skips_no_word_the_query_looks_for(
        text in any_text(),
        raw in any_text(),
        extra in any_text(),
    ) {
        // The query's own words in the text, so that some are found.
        let text = format!("{text} {raw} {extra}");
        for lang in LANGS {
            if let Ok(query) = Query::parse(lang, &raw) {
                let mut all = Vec::new();
                for_each_word(&text, lang, |s, e, t| {
                    if query.wants(t) {
                        all.push((s, e, t.to_string()));
                    }
                    ControlFlow::<()>::Continue(())
                });
                let mut filtered = Vec::new();
                for_each_word_where(&text, lang, |w| query.may_want(w), |s, e, t| {
                    if query.wants(t) {
                        filtered.push((s, e, t.to_string()));
                    }
                    ControlFlow::<()>::Continue(())
                });
                prop_assert_eq!(filtered, all);
            }
        }
    }

    #[test]
    fn marks_only_words_the_query_looks_for(text in any_text(), raw in any_text()) {
        if let Ok(query) = Query::parse(Lang::Fr, &raw) {
            for s in highlight(&text, &query).iter().filter(|s| s.marked) {
                let words = terms(s.text, Lang::Fr);
                prop_assert!(words.iter().any(|w| query.terms().contains(w)), "{:?}", s.text);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn packed_bytes_answer_like_the_index(
        texts in prop::collection::vec(any_text(), 1..8),
        raw in any_text(),
        page in 0usize..3,
    ) {
        let docs = texts
            .iter()
            .zip(0..)
            .map(|(t, i)| doc(i, LANGS[i as usize % 3], Some(1 + i % 3), t, "", t))
            .collect();
        let index = Index::new(docs);
        let bytes = index.to_bytes();
        let packed = Packed::new(&bytes).unwrap();
        for lang in LANGS {
            if let Ok(query) = Query::parse(lang, &raw) {
                let expected: Vec<u32> =
                    index.search(&query, page, 2).hits.iter().map(|h| h.id).collect();
                let got: Vec<u32> = packed.search(&query, page, 2).page.iter().map(|f| f.id).collect();
                prop_assert_eq!(got, expected);
            }
        }
    }
}

const LANGS: [Lang; 3] = [Lang::Fr, Lang::Ar, Lang::En];
