//! Site search for the Worker, pure (no I/O) and bounded.
//!
//! 1. `plain_text` turns a page's Markdown into the text the index reads.
//! 2. `Index::new` reads the documents (`Doc`) and keeps, per language, each folded term and
//!    the documents and fields it is in (see `normalize` for the folding rules).
//! 3. `Query::parse` checks a visitor's query (limits, control characters) and folds it with
//!    the same rules; `Index::search` answers one page of hits, best first, newest first among
//!    equals, each with its title and an excerpt as `Segment`s to wrap in `<mark>`.
//! 4. Or, at build time, `Index::to_bytes`, embedded in the Worker and read in place by
//!    `Packed`, whose `search` ranks without the texts; `Found::hit` then makes each hit of
//!    the page from the document's plain text (README: which design and why).

mod excerpt;
mod index;
mod markdown;
mod normalize;
mod packed;
mod query;

pub use excerpt::{excerpt, highlight, lead, Segment, ELLIPSIS, EXCERPT_CHARS};
pub use index::{sortable_date, Doc, Found, Hit, Index, Ranked, Results, MAX_PER_PAGE};
pub use markdown::{plain_text, plain_text_of};
pub use normalize::{terms, Lang};
pub use packed::{PackError, Packed};
pub use query::{Query, QueryError};

#[cfg(test)]
mod tests;
