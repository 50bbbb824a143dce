//! The site's glossary: the organisation, the agenda it serves and the project's partners, each
//! with one name per language. Two rules, checked in the title, the description, the menu
//! labels, the event's name and the body (link targets, bare addresses and `{#anchors}` are not
//! prose and are skipped):
//! - a name made of capitals is written exactly so, case included: a near miss (`SALAMM`,
//!   `Salemm`) stops the build with the right spelling;
//! - a page uses its own language's name: another language's name (`OIM` on an English page,
//!   `2030 Agenda` on a French one) or a known wrong variant (`Agenda 2030`, `منظمة الهجرة
//!   الدولية`) stops the build with the name to write.

/// The site's languages, in the order of [`Name::forms`].
const LANGS: [&str; 3] = ["fr", "ar", "en"];
const LANG_PAGES: [&str; 3] = ["French pages", "Arabic pages", "English pages"];

/// One name, written one way in each language.
struct Name {
    /// In French, Arabic and English.
    forms: [&'static str; 3],
    /// Other ways an author may write it, wrong in every language.
    variants: &'static [&'static str],
}

const NAMES: &[Name] = &[
    // The seed: "L'Organisation internationale pour les migrations (OIM)"; IOM's Arabic name
    // on its own Arabic pages (mena.iom.int/ar).
    Name {
        forms: ["OIM", "المنظمة الدولية للهجرة", "IOM"],
        variants: &["منظمة الهجرة الدولية", "المنظمة العالمية للهجرة"],
    },
    // The seed says "Programme 2030" in French and "2030 Agenda" in English (issue 16: one
    // name per language); the Arabic pages say "خطة عام 2030".
    Name {
        forms: ["Programme 2030", "خطة عام 2030", "2030 Agenda"],
        variants: &["Agenda 2030", "خطة 2030", "أجندة 2030", "أجندة عام 2030"],
    },
    Name {
        forms: ["Nations Unies", "الأمم المتحدة", "United Nations"],
        variants: &[],
    },
    // The SALEMM project, its partners and its funder (the seed).
    Name {
        forms: ["SALEMM"; 3],
        variants: &[],
    },
    Name {
        forms: ["FMPCI"; 3],
        variants: &[],
    },
    Name {
        forms: ["ANOLF"; 3],
        variants: &[],
    },
    Name {
        forms: ["Union européenne", "الاتحاد الأوروبي", "European Union"],
        variants: &[],
    },
];

/// The first glossary problem of a page, as an author-friendly message: in `fields` (the front
/// matter's texts, named as in the file: `title`, `description`…), or in the body, with its
/// line.
pub(super) fn glossary_problem(
    fields: &[(&str, &str)],
    body: &str,
    lang: &str,
) -> Option<(Option<usize>, String)> {
    let lang = LANGS.iter().position(|l| *l == lang)?;
    for (field, text) in fields {
        let words = words([*text]);
        if let Some((_, problem)) = first_problem(&words, lang) {
            return Some((None, format!("{problem} (in `{field}`)")));
        }
    }
    let lines: Vec<String> = body.lines().map(strip_link_targets).collect();
    let words = words(lines.iter().map(String::as_str));
    first_problem(&words, lang).map(|(i, problem)| (Some(words[i].line), problem))
}

/// A word of prose, in lower case too, and the 1-based line it is on.
struct Word<'t> {
    text: &'t str,
    lower: String,
    line: usize,
}

fn words<'t>(lines: impl IntoIterator<Item = &'t str>) -> Vec<Word<'t>> {
    lines
        .into_iter()
        .enumerate()
        .flat_map(|(i, l)| {
            l.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(move |text| Word {
                    text,
                    lower: text.to_lowercase(),
                    line: i + 1,
                })
        })
        .collect()
}

/// Whether `word` (lower case) is `form` (case aside), or `form` with an Arabic prefix glued
/// to it (و، ف، ب، ل، ك; `لل` for `ال`): `وخطة` is `خطة`, `للمنظمة` is `المنظمة`.
fn same_word(word: &str, form: &str) -> bool {
    const PREFIXES: [&str; 10] = ["و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل"];
    if word.eq_ignore_ascii_case(form) {
        return true;
    }
    if let Some(rest) = form.strip_prefix("ال") {
        let lil = ["لل", "ولل", "فلل"];
        if lil.iter().any(|p| word.strip_prefix(p) == Some(rest)) {
            return true;
        }
    }
    PREFIXES.iter().any(|p| {
        word.strip_prefix(p)
            .is_some_and(|w| w.eq_ignore_ascii_case(form))
    })
}

/// A name a page in one language must not use, in lower case, word by word, with the
/// language's own name for it.
struct Wrong {
    words: Vec<String>,
    write: &'static str,
}

/// What pages in `LANGS[lang]` must not write: the other languages' names and the variants.
fn wrongs(lang: usize) -> Vec<Wrong> {
    let mut out = Vec::new();
    for name in NAMES {
        let own = name.forms[lang];
        let others = name.forms.iter().filter(|f| **f != own);
        for wrong in others.chain(name.variants) {
            out.push(Wrong {
                words: wrong.split(' ').map(str::to_lowercase).collect(),
                write: own,
            });
        }
    }
    out
}

/// Names written in capitals (`SALEMM`, `OIM`), exactly so, in `LANGS[lang]`.
fn acronyms(lang: usize) -> Vec<&'static str> {
    NAMES
        .iter()
        .map(|n| n.forms[lang])
        .filter(|f| f.chars().all(|c| c.is_ascii_uppercase()))
        .collect()
}

/// Whether the words from `i` on spell `wrong` (the first word may carry an Arabic prefix).
fn spells(words: &[Word], i: usize, wrong: &[String]) -> bool {
    let Some((first, rest)) = wrong.split_first() else {
        return false;
    };
    // Cheap first: with or without a prefix, the word ends like the name's first word.
    let core = first.strip_prefix("ال").unwrap_or(first);
    words[i].lower.ends_with(core)
        && same_word(&words[i].lower, first)
        && rest
            .iter()
            .enumerate()
            .all(|(k, part)| words.get(i + 1 + k).is_some_and(|w| w.lower == *part))
}

/// What is wrong at word `i` for a page in `LANGS[lang]`, if anything.
fn problem_at(words: &[Word], i: usize, lang: usize, rules: &Rules) -> Option<String> {
    let word = words[i].text;
    // A word longer than the longest acronym and a glued Arabic prefix (2 bytes) is no near
    // miss of any.
    let upper = if word.len() <= rules.longest + 2 {
        word.to_uppercase()
    } else {
        String::new()
    };
    for &own in rules.acronyms.iter().filter(|_| !upper.is_empty()) {
        // A near miss: one letter off (names of 5 letters or more), or another case.
        let near = own.len() >= 5
            && upper.len() + 1 >= own.len()
            && upper.len() <= own.len() + 1
            && strsim::levenshtein(&upper, own) == 1;
        if (upper == own && word != own) || near {
            return Some(format!(
                "`{word}`: write `{own}`, as everywhere on the site"
            ));
        }
    }
    for wrong in &rules.wrongs {
        if spells(words, i, &wrong.words) {
            let found: Vec<&str> = words[i..i + wrong.words.len()]
                .iter()
                .map(|w| w.text)
                .collect();
            return Some(format!(
                "`{}`: write `{}`, its one name on {}",
                found.join(" "),
                wrong.write,
                LANG_PAGES[lang]
            ));
        }
    }
    None
}

/// The first problem and the index of the word it starts at.
fn first_problem(words: &[Word], lang: usize) -> Option<(usize, String)> {
    let acronyms = acronyms(lang);
    let rules = Rules {
        longest: acronyms.iter().map(|a| a.len()).max().unwrap_or(0),
        acronyms,
        wrongs: wrongs(lang),
    };
    (0..words.len()).find_map(|i| problem_at(words, i, lang, &rules).map(|p| (i, p)))
}

/// The glossary as one language's pages are checked against it.
struct Rules {
    acronyms: Vec<&'static str>,
    /// The byte length of the longest acronym.
    longest: usize,
    wrongs: Vec<Wrong>,
}

/// `[texte](https://www.salemm.org)` -> `[texte]`, `## Titre {#ancre}` -> `## Titre`, and bare
/// addresses dropped: addresses and anchors are not prose.
fn strip_link_targets(line: &str) -> String {
    let line = match line.find("{#") {
        Some(i) => &line[..i],
        None => line,
    };
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find("](") {
        out.push_str(&rest[..=i]);
        rest = rest[i + 2..].split_once(')').map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out.split_whitespace()
        .filter(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            !(w.starts_with("www.") || w.contains("://"))
        })
        .collect::<Vec<_>>()
        .join(" ")
}
