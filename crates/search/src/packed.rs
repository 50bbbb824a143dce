//! The index built at build time and embedded in the Worker as bytes (`include_bytes!`):
//! nothing to build per isolate and no heap; a query reads the bytes where they lie.
//!
//! `Index::to_bytes` writes, little-endian:
//!
//! ```text
//! "OIMS" 1                      magic and version
//! u32 N, N x (u32 id, u32 date) documents (date 0: none)
//! 3 x (fr, ar, en):
//!   u32 T terms, u32 B blocks, u32 L bytes of blocks
//!   B x u32                     where each block starts in the L bytes
//!   L bytes                     blocks of up to 16 sorted terms, each: varint bytes shared
//!                               with the previous term of the block, varint length and bytes
//!                               of the rest, varint length of its postings, postings
//!                               (varint (document delta << 3 | fields))
//! ```
//!
//! A term is found by a binary search over the blocks' first terms, then a scan of one block.
//! Bytes that do not read as this format make `Packed::new` fail, or find nothing: never a
//! panic.

use std::fmt;

use crate::index::{matches, rank, Index, Posting, Ranked, FIELD_BITS};
use crate::normalize::Lang;
use crate::query::Query;

const MAGIC: &[u8; 5] = b"OIMS\x01";
const BLOCK: usize = 16;
const LANGS: [Lang; 3] = [Lang::Fr, Lang::Ar, Lang::En];

/// The bytes are not an index this version wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PackError;

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a search index written by this version of oim-search")
    }
}

impl std::error::Error for PackError {}

fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

impl Index {
    /// The index as bytes for `Packed` (at build time). Dates of `Some(0)` read back as none.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        put_u32(&mut out, self.docs().len() as u32);
        for doc in self.docs() {
            put_u32(&mut out, doc.id);
            put_u32(&mut out, doc.date.unwrap_or(0));
        }
        for lang in LANGS {
            let terms = self.sorted_terms(lang);
            let (mut offsets, mut data) = (Vec::new(), Vec::new());
            let mut postings = Vec::new();
            for (i, (term, list)) in terms.iter().enumerate() {
                let shared = if i % BLOCK == 0 {
                    offsets.push(data.len() as u32);
                    0
                } else {
                    let previous = terms[i - 1].0.as_bytes();
                    let same = term
                        .bytes()
                        .zip(previous.iter())
                        .take_while(|(a, b)| a == *b);
                    same.count()
                };
                put_varint(&mut data, shared as u32);
                put_varint(&mut data, (term.len() - shared) as u32);
                data.extend_from_slice(&term.as_bytes()[shared..]);
                postings.clear();
                let mut last = 0;
                for p in *list {
                    put_varint(&mut postings, (p.doc() - last) << FIELD_BITS | p.fields());
                    last = p.doc();
                }
                put_varint(&mut data, postings.len() as u32);
                data.extend_from_slice(&postings);
            }
            put_u32(&mut out, terms.len() as u32);
            put_u32(&mut out, offsets.len() as u32);
            put_u32(&mut out, data.len() as u32);
            offsets.iter().for_each(|&o| put_u32(&mut out, o));
            out.extend_from_slice(&data);
        }
        out
    }
}

/// Reads the embedded bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let slice = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(slice)
    }

    fn u32(&mut self) -> Option<u32> {
        let b = self.take(4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn varint(&mut self) -> Option<u32> {
        let mut n: u32 = 0;
        for shift in (0..35).step_by(7) {
            let b = *self.bytes.get(self.pos)?;
            self.pos += 1;
            n |= u32::from(b & 0x7f).checked_shl(shift)?;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    fn done(&self) -> bool {
        self.pos >= self.bytes.len()
    }
}

fn u32_at(bytes: &[u8], i: usize) -> Option<u32> {
    let b = bytes.get(i.checked_mul(4)?..)?.get(..4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// One language's terms.
#[derive(Clone, Copy, Default)]
struct Section<'a> {
    /// `u32` offsets of the blocks in `data`.
    blocks: &'a [u8],
    data: &'a [u8],
}

impl<'a> Section<'a> {
    fn block(&self, b: usize) -> Option<Reader<'a>> {
        let start = u32_at(self.blocks, b)? as usize;
        Some(Reader {
            bytes: self.data.get(start..)?,
            pos: 0,
        })
    }

    /// The block's first term (stored whole).
    fn first_term(&self, b: usize) -> Option<&'a [u8]> {
        let mut r = self.block(b)?;
        r.varint()?;
        let len = r.varint()? as usize;
        r.take(len)
    }

    /// The postings of `term`, still encoded.
    fn postings(&self, term: &str) -> Option<&'a [u8]> {
        let term = term.as_bytes();
        let (mut lo, mut hi) = (0, self.blocks.len() / 4);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.first_term(mid)? <= term {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let mut r = self.block(lo.checked_sub(1)?)?;
        let mut current: Vec<u8> = Vec::with_capacity(32);
        for _ in 0..BLOCK {
            if r.done() {
                return None;
            }
            let shared = r.varint()? as usize;
            let len = r.varint()? as usize;
            current.truncate(shared);
            current.extend_from_slice(r.take(len)?);
            let postings_len = r.varint()? as usize;
            let postings = r.take(postings_len)?;
            if current == term {
                return Some(postings);
            }
        }
        None
    }
}

fn decode(mut r: Reader<'_>) -> Vec<Posting> {
    let mut list = Vec::new();
    let mut doc: u32 = 0;
    while !r.done() {
        let Some(v) = r.varint() else { break };
        let Some(next) = doc.checked_add(v >> FIELD_BITS) else {
            break;
        };
        doc = next;
        list.push(Posting::new(doc, v & ((1 << FIELD_BITS) - 1)));
    }
    list
}

/// An index read from `Index::to_bytes`, in place.
#[derive(Clone, Copy)]
pub struct Packed<'a> {
    /// `N x (u32 id, u32 date)`.
    docs: &'a [u8],
    sections: [Section<'a>; 3],
}

impl<'a> Packed<'a> {
    /// Checks the header and the tables' bounds (not every block: a damaged one finds
    /// nothing).
    pub fn new(bytes: &'a [u8]) -> Result<Packed<'a>, PackError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(MAGIC.len()) != Some(MAGIC.as_slice()) {
            return Err(PackError);
        }
        let n = r.u32().ok_or(PackError)? as usize;
        let docs = r
            .take(n.checked_mul(8).ok_or(PackError)?)
            .ok_or(PackError)?;
        let mut sections = [Section::default(); 3];
        for section in &mut sections {
            let _terms = r.u32().ok_or(PackError)?;
            let blocks = r.u32().ok_or(PackError)? as usize;
            let len = r.u32().ok_or(PackError)? as usize;
            section.blocks = r
                .take(blocks.checked_mul(4).ok_or(PackError)?)
                .ok_or(PackError)?;
            section.data = r.take(len).ok_or(PackError)?;
        }
        if !r.done() {
            return Err(PackError);
        }
        Ok(Packed { docs, sections })
    }

    /// How many documents (all languages).
    pub fn len(&self) -> usize {
        self.docs.len() / 8
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Like `Index::search`, without the excerpts: the caller has the documents' text and
    /// makes each hit with `Found::hit`.
    pub fn search(&self, query: &Query, page: usize, per_page: usize) -> Ranked {
        let section = &self.sections[query.lang().slot()];
        let mut lists = Vec::with_capacity(query.terms().len());
        for term in query.terms() {
            match section.postings(term) {
                Some(bytes) => lists.push(decode(Reader { bytes, pos: 0 })),
                None => return Ranked::default(),
            }
        }
        let found = matches(&mut lists, |slot| {
            let slot = slot as usize;
            let id = u32_at(self.docs, slot.checked_mul(2)?)?;
            let date = u32_at(self.docs, slot.checked_mul(2)?.checked_add(1)?)?;
            Some((id, (date != 0).then_some(date)))
        });
        rank(found, page, per_page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::Doc;

    fn doc(id: u32, lang: Lang, date: Option<u32>, title: &str, text: &str) -> Doc {
        Doc {
            id,
            lang,
            title: title.into(),
            description: String::new(),
            text: text.into(),
            date,
        }
    }

    fn index() -> Index {
        // Enough terms for several blocks, in three languages.
        let mut docs: Vec<Doc> = (0..40)
            .map(|i| {
                let text = format!("commun mot{i} mot{} texte{}", i + 1, i % 7);
                doc(
                    i,
                    Lang::Fr,
                    Some(20_000_101 + i),
                    &format!("Titre {i}"),
                    &text,
                )
            })
            .collect();
        docs.push(doc(100, Lang::Ar, None, "الشباب", "برنامج للشباب"));
        docs.push(doc(200, Lang::En, Some(1), "Minors", "Policies for minors"));
        Index::new(docs)
    }

    #[test]
    fn answers_like_the_index_it_was_written_from() {
        let index = index();
        let bytes = index.to_bytes();
        let packed = Packed::new(&bytes).unwrap();
        assert_eq!(packed.len(), index.len());
        let queries = [
            (Lang::Fr, "commun"),
            (Lang::Fr, "mot7"),
            (Lang::Fr, "texte3 commun"),
            (Lang::Fr, "titre 12"),
            (Lang::Fr, "absent"),
            (Lang::Ar, "شباب"),
            (Lang::En, "minor policy"),
        ];
        for (lang, raw) in queries {
            let q = Query::parse(lang, raw).unwrap();
            for page in [1, 2, 5] {
                let expected = index.search(&q, page, 10);
                let ranked = packed.search(&q, page, 10);
                assert_eq!(ranked.total, expected.total, "{raw}");
                let ids: Vec<u32> = ranked.page.iter().map(|f| f.id).collect();
                let expected_ids: Vec<u32> = expected.hits.iter().map(|h| h.id).collect();
                assert_eq!(ids, expected_ids, "{raw} page {page}");
            }
        }
    }

    #[test]
    fn makes_the_same_hits_from_the_caller_s_text() {
        let index = index();
        let bytes = index.to_bytes();
        let packed = Packed::new(&bytes).unwrap();
        let q = Query::parse(Lang::En, "minors").unwrap();
        let expected = index.search(&q, 1, 10).hits;
        let found = packed.search(&q, 1, 10).page;
        let hit = found[0].hit("Minors", "", "Policies for minors", &q);
        assert_eq!(hit, expected[0]);
        assert_eq!(hit.date, Some(1));
    }

    #[test]
    fn refuses_bytes_it_did_not_write() {
        let bytes = index().to_bytes();
        assert_eq!(Packed::new(b"").err(), Some(PackError));
        assert_eq!(Packed::new(b"OIMS\x02").err(), Some(PackError));
        assert!(Packed::new(&bytes[..bytes.len() - 1]).is_err());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Packed::new(&longer).is_err());
    }

    #[test]
    fn never_panics_on_damaged_blocks() {
        let bytes = index().to_bytes();
        let q = Query::parse(Lang::Fr, "commun mot3").unwrap();
        // Flip every byte in turn past the header: any answer, never a panic.
        for i in MAGIC.len()..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[i] ^= 0xA5;
            if let Ok(packed) = Packed::new(&damaged) {
                let ranked = packed.search(&q, 1, 10);
                assert!(ranked.page.len() <= 10);
            }
        }
    }
}
