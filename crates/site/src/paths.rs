//! The site's own addresses that are not pages of `content/`: the home page of each language,
//! the contact form and its thank-you page, the search page, the news feeds. Routing, views, the build's link
//! checks and the sitemap all take them from here.

use crate::content::Page;
use crate::i18n::{Ui, ALL};

/// Paths rendered by code rather than content (French; other languages add their prefix).
pub const CONTACT_PATH: &str = "/contact/";
pub const THANKS_PATH: &str = "/contact/merci/";
/// The search form and its results (`?q=…&page=…`), one slug in every language like the pages.
pub const SEARCH_PATH: &str = "/recherche/";

/// The home page of a language: `/`, `/ar/`, `/en/`.
pub fn home_path(t: &Ui) -> String {
    t.home_path.to_string()
}

pub fn contact_path(t: &Ui) -> String {
    format!("{}{CONTACT_PATH}", t.prefix)
}

pub fn thanks_path(t: &Ui) -> String {
    format!("{}{THANKS_PATH}", t.prefix)
}

pub fn search_path(t: &Ui) -> String {
    format!("{}{SEARCH_PATH}", t.prefix)
}

/// Every code-rendered path (contact, thank-you and search pages in every language), for link
/// checks.
pub fn code_paths() -> Vec<String> {
    ALL.iter()
        .flat_map(|t| [contact_path(t), thanks_path(t), search_path(t)])
        .collect()
}

/// The Atom feed of a section: `/actualites/feed.xml`.
pub fn feed_path(section: &Page) -> String {
    format!("{}feed.xml", section.path)
}
