//! The site search's index, built once here and embedded in the Worker with the page table
//! (`Table::search_index`), rather than built in each isolate at its first search: measured in
//! docs/search.md. Same pages as the table (drafts only when drafts are built), each read from
//! the same Markdown the Worker renders.

use oim_search::{plain_text, sortable_date, Doc, Index, Lang};
use oim_site::{Kind, Page};

/// Page `i` of `pages` as the index reads it, its id being `i`. Only news items are dated:
/// among equally good matches they come newest first, before the undated pages. The later
/// pages of a list (`/actualites/page/2/`) are not indexed: they only repeat the section's
/// title, and a search for it would list every one of them.
pub fn doc(id: u32, page: &Page) -> Option<Doc> {
    if page.kind == Kind::ListPage {
        return None;
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{build, Options};

    #[test]
    fn every_page_but_the_later_pages_of_a_list_is_indexed() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let content = root.join("tests/fixtures/site/content");
        let built = build(&Options::for_tests(&root, &content, false)).expect("fixture builds");
        for (page, id) in built.pages.iter().zip(0..) {
            assert!(doc(id, page).is_some(), "{}", page.path);
            let mut later = page.clone();
            later.kind = Kind::ListPage;
            assert!(doc(id, &later).is_none());
        }
    }
}
