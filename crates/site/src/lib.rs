//! What the OIM Maroc site is made of, shared by the build (`oim-build`, which checks content
//! and derives each page's ETag from its bytes) and the Worker (which renders pages at the edge):
//! the page model, the languages and their interface strings, dates, the Markdown renderer and
//! the maud views. Pure and platform-free: no I/O, no platform types.
//!
//! Two phases, like zola: the build loads and checks every page, then writes a [`Table`] that the
//! Worker embeds; the Worker renders pages from it on first request, with the same functions.

pub mod bidi;
pub mod content;
pub mod csp;
pub mod dates;
pub mod i18n;
pub mod json;
pub mod list;
pub mod markdown;
pub mod paths;
pub mod search;
pub mod seo;
pub mod table;
pub mod views;

pub use content::{Date, Event, Kind, MenuLink, Page, Site};
pub use i18n::{ui, Ui};
pub use table::Table;
