//! Names that must be written exactly so everywhere (case included): the project, its partners
//! and, in French, the organisation's acronym. A near miss (`SALAMM`, `Salemm`) stops the build
//! with the right spelling.

/// (name, languages it is checked in; empty: all).
const GLOSSARY: &[(&str, &[&str])] = &[
    ("SALEMM", &[]),
    ("FMPCI", &[]),
    ("ANOLF", &[]),
    ("OIM", &["fr"]),
];

/// The first misspelt glossary name in the title, the description or the body (with the line
/// in the body), as an author-friendly message. Link targets are not text and are skipped.
pub(super) fn glossary_problem(
    title: &str,
    description: &str,
    body: &str,
    lang: &str,
) -> Option<(Option<usize>, String)> {
    let texts = [(None, title.to_string()), (None, description.to_string())];
    let body_lines = body
        .lines()
        .enumerate()
        .map(|(i, l)| (Some(i + 1), strip_link_targets(l)));
    for (line, text) in texts.into_iter().chain(body_lines) {
        for word in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 3)
        {
            let upper = word.to_uppercase();
            for (term, langs) in GLOSSARY {
                if !langs.is_empty() && !langs.contains(&lang) {
                    continue;
                }
                let near = term.len() >= 5
                    && upper.len() + 1 >= term.len()
                    && strsim::levenshtein(&upper, term) == 1;
                if (upper == *term && word != *term) || near {
                    let place = if line.is_some() {
                        ""
                    } else {
                        " (title or description)"
                    };
                    return Some((
                        line,
                        format!("`{word}`{place}: write `{term}`, as everywhere on the site"),
                    ));
                }
            }
        }
    }
    None
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
