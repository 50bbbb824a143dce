//! The site search's index, built once here and embedded in the Worker with the page table
//! (`Table::search_index`), rather than built in each isolate at its first search: measured in
//! docs/search.md. Same pages as the table (drafts only when drafts are built), each read from
//! the same Markdown the Worker renders.

use oim_search::{plain_text, sortable_date, Doc, Index, Lang};
use oim_site::{Kind, Page};

/// Page `i` of `pages` as the index reads it, its id being `i`. Only news items are dated:
/// among equally good matches they come newest first, before the undated pages.
pub fn doc(id: u32, page: &Page) -> Option<Doc> {
    Some(Doc {
        id,
        lang: Lang::from_tag(&page.lang)?,
        title: page.title.to_string(),
        description: page.description.to_string(),
        text: plain_text(&page.body),
        date: page
            .date
            .filter(|_| page.kind == Kind::Article)
            .map(|d| sortable_date(d.year, d.month, d.day)),
    })
}

/// The packed index of `pages` (`oim_search::Packed` reads it in place).
pub fn index_bytes(pages: &[Page]) -> Vec<u8> {
    let docs = pages
        .iter()
        .zip(0..)
        .filter_map(|(p, i)| doc(i, p))
        .collect();
    Index::new(docs).to_bytes()
}
