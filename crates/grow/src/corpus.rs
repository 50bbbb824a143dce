//! The embedded corpus: slot values, kinds of news item, headings and sentence templates, each
//! in French, Arabic and English (`corpus/*.txt`, parsed once at start).
//!
//! Format: `@pool` opens a pool; an entry is a run of `key: value` lines ended by a blank line;
//! `#` starts a comment line. Every entry has `fr`, `ar` and `en`.

use std::collections::BTreeMap;

use crate::LANGS;

const FILES: &[(&str, &str)] = &[
    ("slots.txt", include_str!("../corpus/slots.txt")),
    ("themes.txt", include_str!("../corpus/themes.txt")),
    ("kinds.txt", include_str!("../corpus/kinds.txt")),
    ("sections.txt", include_str!("../corpus/sections.txt")),
];

/// One entry: its fields by key (`fr`, `region_ar`, `kind`…).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    fields: BTreeMap<String, String>,
}

impl Entry {
    /// An entry with the same text in every language (numbers).
    pub fn same(text: impl Into<String>) -> Entry {
        let text = text.into();
        Entry::new([text.clone(), text.clone(), text])
    }

    /// An entry from its French, Arabic and English texts.
    pub fn new(texts: [String; 3]) -> Entry {
        let fields = LANGS
            .iter()
            .zip(texts)
            .map(|(l, t)| (l.to_string(), t))
            .collect();
        Entry { fields }
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields.get(key).map(String::as_str)
    }

    /// The text in `lang`, or its `field` (`region`) in `lang`.
    pub fn text(&self, field: Option<&str>, lang: &str) -> Option<&str> {
        match field {
            None => self.get(lang),
            Some(f) => self.get(&format!("{f}_{lang}")),
        }
    }
}

/// Every pool of the corpus, by name, entries in file order.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pools: BTreeMap<String, Vec<Entry>>,
}

impl Corpus {
    /// The corpus compiled into the binary.
    pub fn embedded() -> Result<Corpus, String> {
        let mut corpus = Corpus::default();
        for (name, text) in FILES {
            corpus.parse(name, text)?;
        }
        Ok(corpus)
    }

    fn parse(&mut self, file: &str, text: &str) -> Result<(), String> {
        let mut pool: Option<String> = None;
        let mut entry = Entry::default();
        let mut start = 0;
        let lines = text.lines().chain(std::iter::once(""));
        for (i, line) in lines.enumerate() {
            let line = line.trim_end();
            if line.starts_with('#') {
                continue;
            }
            if line.is_empty() {
                if !entry.fields.is_empty() {
                    let Some(name) = pool.clone() else {
                        return Err(format!("{file}:{}: an entry before any @pool", start + 1));
                    };
                    if let Some(lang) = LANGS.iter().find(|l| entry.get(l).is_none()) {
                        return Err(format!("{file}:{}: the entry has no `{lang}`", start + 1));
                    }
                    self.pools
                        .entry(name)
                        .or_default()
                        .push(std::mem::take(&mut entry));
                }
                continue;
            }
            if let Some(name) = line.strip_prefix('@') {
                pool = Some(name.trim().to_string());
                continue;
            }
            let Some((key, value)) = line.split_once(": ").or_else(|| line.split_once(':')) else {
                return Err(format!("{file}:{}: expected `key: value`", i + 1));
            };
            if entry.fields.is_empty() {
                start = i;
            }
            entry
                .fields
                .insert(key.trim().to_string(), value.trim().to_string());
        }
        Ok(())
    }

    /// A pool's entries (empty if there is no such pool).
    pub fn pool(&self, name: &str) -> &[Entry] {
        self.pools.get(name).map_or(&[], Vec::as_slice)
    }

    /// The entries of `pool` whose `key` is `value` (`@sentence` with `section: context`).
    pub fn select<'a>(&'a self, pool: &str, key: &str, value: &str) -> Vec<&'a Entry> {
        self.pool(pool)
            .iter()
            .filter(|e| e.get(key) == Some(value))
            .collect()
    }

    pub fn pool_names(&self) -> impl Iterator<Item = &str> {
        self.pools.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pools_entries_and_fields() {
        let mut c = Corpus::default();
        c.parse(
            "t.txt",
            "# comment\n@city\nfr: Tanger\nar: طنجة\nen: Tangier\nregion_fr: le Nord\n\n@city\nfr: a\nar: b\nen: c\n",
        )
        .unwrap();
        let cities = c.pool("city");
        assert_eq!(cities.len(), 2);
        assert_eq!(cities[0].text(None, "en"), Some("Tangier"));
        assert_eq!(cities[0].text(Some("region"), "fr"), Some("le Nord"));
        assert_eq!(cities[1].text(None, "ar"), Some("b"));
    }

    #[test]
    fn an_entry_without_one_of_the_languages_is_refused() {
        let mut c = Corpus::default();
        let err = c
            .parse("t.txt", "@city\nfr: Tanger\nen: Tangier\n")
            .unwrap_err();
        assert_eq!(err, "t.txt:2: the entry has no `ar`");
    }

    #[test]
    fn the_embedded_corpus_parses() {
        let c = Corpus::embedded().unwrap();
        for pool in [
            "city", "partner", "theme", "point", "kind", "title", "desc", "lead",
        ] {
            assert!(!c.pool(pool).is_empty(), "{pool}");
        }
    }
}
