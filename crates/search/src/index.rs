//! The index: per language, each term and the documents it is in, with the fields it is in
//! (title, description, body). A search intersects the lists of the query's terms (every term
//! is required), scores each document by those fields, sorts by score, then newest first, then
//! id, and builds excerpts for the requested page only.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::ControlFlow;

use crate::excerpt::{excerpt, highlight, lead, Segment};
use crate::normalize::{for_each_word, Lang};
use crate::query::Query;

/// A page or news item, as the index reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doc {
    /// The caller's handle, returned in hits (an index into its page list).
    pub id: u32,
    pub lang: Lang,
    pub title: String,
    /// The summary shown under the title (front matter `description`); may be empty.
    pub description: String,
    /// The body as plain text (see `plain_text`).
    pub text: String,
    /// Any number that grows with the date (`sortable_date(2016, 1, 29)` is `20160129`);
    /// `None` for pages, which then come after dated items of the same score.
    pub date: Option<u32>,
}

/// `20160129` for 29 January 2016: a `Doc::date` that sorts like the date.
pub fn sortable_date(year: u16, month: u8, day: u8) -> u32 {
    u32::from(year) * 10_000 + u32::from(month) * 100 + u32::from(day)
}

/// Fields a term is in, as bits of a posting.
const TITLE: u32 = 1;
const DESCRIPTION: u32 = 2;
const BODY: u32 = 4;
pub(crate) const FIELD_BITS: u32 = 3;

/// A query term in the title counts 4, in the description 2, in the body 1 (summed when in
/// several). Coarse on purpose: items that match as well are then ordered by date.
fn weight(fields: u32) -> u32 {
    4 * (fields & TITLE) + (fields & DESCRIPTION) + (fields & BODY) / 4
}

/// A document (its position in `Index::docs`) and the fields a term is in, in one `u32`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Posting(pub(crate) u32);

impl Posting {
    pub(crate) fn new(doc: u32, fields: u32) -> Posting {
        Posting(doc << FIELD_BITS | fields)
    }
    pub(crate) fn doc(self) -> u32 {
        self.0 >> FIELD_BITS
    }
    pub(crate) fn fields(self) -> u32 {
        self.0 & ((1 << FIELD_BITS) - 1)
    }
}

/// FxHash (rustc's): eight bytes a step, and a fixed hash keeps builds identical from run to
/// run (no random seed to fetch in wasm).
#[derive(Default)]
struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let mut word = [0; 8];
        let rest = chunks.remainder();
        word[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(word) ^ rest.len() as u64);
    }
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }
}

#[derive(Default)]
struct Shard {
    terms: HashMap<Box<str>, u32, BuildHasherDefault<Fx>>,
    /// By term number; each list sorted by document.
    postings: Vec<Vec<Posting>>,
}

impl Shard {
    fn add(&mut self, term: &str, doc: u32, field: u32) {
        let t = match self.terms.get(term) {
            Some(&t) => t,
            None => {
                let t = self.postings.len() as u32;
                self.terms.insert(term.into(), t);
                self.postings.push(Vec::new());
                t
            }
        };
        let list = &mut self.postings[t as usize];
        match list.last_mut() {
            Some(p) if p.doc() == doc => p.0 |= field,
            _ => list.push(Posting::new(doc, field)),
        }
    }
}

/// Every document, and one term table per language.
pub struct Index {
    docs: Vec<Doc>,
    shards: [Shard; 3],
}

/// One page of results.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Results<'a> {
    /// How many documents match, over all pages.
    pub total: usize,
    pub hits: Vec<Hit<'a>>,
}

/// A document that matches, with what the results page shows of it.
#[derive(Debug, PartialEq, Eq)]
pub struct Hit<'a> {
    pub id: u32,
    pub date: Option<u32>,
    pub score: u32,
    /// The title, the query's words marked.
    pub title: Vec<Segment<'a>>,
    /// Around the first match in the body; else the description (marked if it matches);
    /// else the start of the body.
    pub excerpt: Vec<Segment<'a>>,
}

/// The most hits one page may ask for.
pub const MAX_PER_PAGE: usize = 50;

impl Index {
    /// Reads every document once. Documents of all languages may be mixed; a query only
    /// sees those of its own language.
    pub fn new(docs: Vec<Doc>) -> Index {
        let mut shards: [Shard; 3] = Default::default();
        for (n, doc) in docs.iter().enumerate() {
            let shard = &mut shards[doc.lang.slot()];
            let n = n as u32;
            for (field, text) in [
                (TITLE, &doc.title),
                (DESCRIPTION, &doc.description),
                (BODY, &doc.text),
            ] {
                for_each_word(text, doc.lang, |_, _, term| {
                    shard.add(term, n, field);
                    ControlFlow::<()>::Continue(())
                });
            }
        }
        for shard in &mut shards {
            shard.postings.iter_mut().for_each(Vec::shrink_to_fit);
        }
        Index { docs, shards }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// How many distinct terms the index holds for `lang`.
    pub fn term_count(&self, lang: Lang) -> usize {
        self.shards[lang.slot()].postings.len()
    }

    /// Page `page` (from 1; 0 reads as 1) of `per_page` hits (1 to `MAX_PER_PAGE`) for
    /// `query`, best first: score, then newest, then smallest id. A page past the end is
    /// empty, with the total still given.
    pub fn search(&self, query: &Query, page: usize, per_page: usize) -> Results<'_> {
        let shard = &self.shards[query.lang().slot()];
        let mut lists = Vec::with_capacity(query.terms().len());
        for term in query.terms() {
            match shard.terms.get(term.as_str()) {
                Some(&t) => lists.push(shard.postings[t as usize].as_slice()),
                None => return Results::default(),
            }
        }
        let found = matches(&mut lists, |slot| {
            let doc = self.docs.get(slot as usize)?;
            Some((doc.id, doc.date))
        });
        let ranked = rank(found, page, per_page);
        let hits = ranked
            .page
            .iter()
            .filter_map(|f| {
                let doc = self.docs.get(f.slot as usize)?;
                Some(f.hit(&doc.title, &doc.description, &doc.text, query))
            })
            .collect();
        Results {
            total: ranked.total,
            hits,
        }
    }

    pub(crate) fn docs(&self) -> &[Doc] {
        &self.docs
    }

    /// Each language's terms, sorted, with their postings: what `Packed` stores.
    pub(crate) fn sorted_terms(&self, lang: Lang) -> Vec<(&str, &[Posting])> {
        let shard = &self.shards[lang.slot()];
        let mut terms: Vec<(&str, &[Posting])> = shard
            .terms
            .iter()
            .map(|(term, &t)| (&**term, shard.postings[t as usize].as_slice()))
            .collect();
        terms.sort_unstable_by_key(|&(term, _)| term);
        terms
    }
}

/// A document that has every term of a query: ranked, without its text yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub id: u32,
    pub date: Option<u32>,
    pub score: u32,
    /// The fields the query's terms are in (`TITLE | BODY`…).
    fields: u32,
    /// Its place in the index's document table.
    slot: u32,
}

impl Found {
    /// What the results page shows of this document, from its title, description and body
    /// (plain text): the title with the query's words marked, and an excerpt around the
    /// first match in the body, else in the description, else the start of either.
    pub fn hit<'a>(
        &self,
        title: &'a str,
        description: &'a str,
        text: &'a str,
        query: &Query,
    ) -> Hit<'a> {
        let in_body = || (self.fields & BODY != 0).then(|| excerpt(text, query))?;
        let in_description =
            || (self.fields & DESCRIPTION != 0).then(|| excerpt(description, query))?;
        let excerpt = in_body().or_else(in_description).unwrap_or_else(|| {
            if description.trim().is_empty() {
                lead(text)
            } else {
                lead(description)
            }
        });
        Hit {
            id: self.id,
            date: self.date,
            score: self.score,
            title: highlight(title, query),
            excerpt,
        }
    }
}

/// One page of ranked documents, before their excerpts are made.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ranked {
    /// How many documents match, over all pages.
    pub total: usize,
    pub page: Vec<Found>,
}

/// The documents in every list (every term is required), scored by the fields each term is
/// in. `about(slot)` gives a document's id and date; `lists` are reordered.
pub(crate) fn matches<L: AsRef<[Posting]>>(
    lists: &mut [L],
    about: impl Fn(u32) -> Option<(u32, Option<u32>)>,
) -> Vec<Found> {
    // The rarest term drives; the others are looked up in it. (A swap, not a sort: one
    // quicksort less in the wasm.)
    if let Some(rarest) = (0..lists.len()).min_by_key(|&i| lists[i].as_ref().len()) {
        lists.swap(0, rarest);
    }
    let Some((first, others)) = lists.split_first() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    'docs: for p in first.as_ref() {
        let (mut score, mut fields) = (weight(p.fields()), p.fields());
        for list in others {
            let list = list.as_ref();
            match list.binary_search_by_key(&p.doc(), |q| q.doc()) {
                Ok(i) => {
                    score += weight(list[i].fields());
                    fields |= list[i].fields();
                }
                Err(_) => continue 'docs,
            }
        }
        if let Some((id, date)) = about(p.doc()) {
            found.push(Found {
                id,
                date,
                score,
                fields,
                slot: p.doc(),
            });
        }
    }
    found
}

/// Best first (score, then newest, undated last, then id), and the requested page of it.
pub(crate) fn rank(mut found: Vec<Found>, page: usize, per_page: usize) -> Ranked {
    heapsort(&mut found, |f| {
        (Reverse(f.score), Reverse(f.date), f.id, f.slot)
    });
    let per_page = per_page.clamp(1, MAX_PER_PAGE);
    let skip = page.max(1).saturating_sub(1).saturating_mul(per_page);
    let total = found.len();
    let page = found.into_iter().skip(skip).take(per_page).collect();
    Ranked { total, page }
}

/// Sorts `v` by `key`, smallest first. A heapsort: O(n log n) whatever the order, in a few
/// hundred bytes of wasm where the standard library's sort brings 2.5 KB.
fn heapsort<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    fn sift<T, K: Ord>(v: &mut [T], key: &impl Fn(&T) -> K, mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && key(&v[child]) < key(&v[child + 1]) {
                child += 1;
            }
            if key(&v[root]) >= key(&v[child]) {
                return;
            }
            v.swap(root, child);
            root = child;
        }
    }
    for i in (0..v.len() / 2).rev() {
        sift(v, &key, i, v.len());
    }
    for end in (1..v.len()).rev() {
        v.swap(0, end);
        sift(v, &key, 0, end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heapsort_sorts_like_the_standard_sort() {
        // A linear congruential sequence: repeats, runs and every length up to 300.
        let mut x: u32 = 1;
        for len in 0..300 {
            let v: Vec<(u32, u32)> = (0..len)
                .map(|i| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((x >> 16) % 7, i)
                })
                .collect();
            let mut ours = v.clone();
            heapsort(&mut ours, |&(k, i)| (Reverse(k), i));
            let mut std = v;
            std.sort_by_key(|&(k, i)| (Reverse(k), i));
            assert_eq!(ours, std, "length {len}");
        }
    }

    #[test]
    fn weighs_title_over_description_over_body() {
        assert_eq!(weight(TITLE), 4);
        assert_eq!(weight(DESCRIPTION), 2);
        assert_eq!(weight(BODY), 1);
        assert_eq!(weight(TITLE | BODY), 5);
        assert_eq!(weight(TITLE | DESCRIPTION | BODY), 7);
    }

    #[test]
    fn keeps_one_posting_per_document_and_term_with_all_its_fields() {
        let mut shard = Shard::default();
        shard.add("tanger", 0, TITLE);
        shard.add("tanger", 0, BODY);
        shard.add("tanger", 0, BODY);
        shard.add("tanger", 3, BODY);
        let list = &shard.postings[0];
        let got: Vec<_> = list.iter().map(|p| (p.doc(), p.fields())).collect();
        assert_eq!(got, [(0, TITLE | BODY), (3, BODY)]);
    }
}
