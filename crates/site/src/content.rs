//! The content model: what a page is, and the queries views make over all pages.
//!
//! Two phases, like zola: at build time `oim-build` reads `content/`, checks every file and the
//! links between them, and writes the result as a static table of [`Page`]s; at the edge the
//! Worker renders pages from that table.

use std::borrow::Cow;

/// A calendar date from front matter (`date = 2016-01-29`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = oim_site::content))]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// `2016-01-29`, as used in `<time datetime>`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// What a page is decides how it is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = oim_site::content))]
pub enum Kind {
    /// `content/_index.md`: the home page.
    Home,
    /// A plain page, `content/qui-sommes-nous.md`.
    Page,
    /// A section index, `content/actualites/_index.md`: lists its articles.
    Section,
    /// A dated item inside a section, `content/actualites/un-titre.md`.
    Article,
    /// Page 2, 3… of a section's list of articles, `/actualites/page/2/`: no file of its own,
    /// the build adds one per page of articles after the first (see [`crate::list`]).
    ListPage,
}

/// A sub-entry of the main menu, declared in a page's front matter (`[[menu]]`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = oim_site::content))]
pub struct MenuLink {
    pub label: Cow<'static, str>,
    /// `#anchor` (within the page), `/path/` or an absolute `https://` URL.
    pub href: Cow<'static, str>,
}

/// An event a news item is about (`[event]` in its front matter), for structured data.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = oim_site::content))]
pub struct Event {
    pub name: Cow<'static, str>,
    pub start: Date,
    pub end: Date,
    pub city: Cow<'static, str>,
    /// ISO 3166 two-letter code, `MA`.
    pub country: Cow<'static, str>,
}

/// One page of the site, fully checked. `Cow` lets the build script own its strings while the
/// Worker's table borrows `'static` literals.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "bake", derive(databake::Bake), databake(path = oim_site::content))]
pub struct Page {
    /// Canonical URL path, always with a trailing slash: `/actualites/`.
    pub path: Cow<'static, str>,
    /// The file under `content/` it comes from, for messages.
    pub source: Cow<'static, str>,
    /// What its translations share: the French path (`/qui-sommes-nous/` for
    /// `/ar/qui-sommes-nous/` too).
    pub key: Cow<'static, str>,
    pub kind: Kind,
    /// BCP 47 language tag of the page (`fr`).
    pub lang: Cow<'static, str>,
    pub title: Cow<'static, str>,
    pub description: Cow<'static, str>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    /// Position in the main menu; pages without a weight are not in the menu.
    pub weight: Option<u32>,
    pub draft: bool,
    /// The page exists only in its own language (no translation expected).
    pub untranslated: bool,
    pub menu: Cow<'static, [MenuLink]>,
    pub event: Option<Event>,
    /// The Markdown body, without the front matter.
    pub body: Cow<'static, str>,
}

impl Page {
    /// The folder of the page's file under `content/`, against which its images resolve:
    /// `actualites` for `/actualites/` and `/ar/actualites/x/`, `` for top-level pages.
    pub fn content_dir(&self) -> &str {
        let key = self.key.trim_matches('/');
        match self.kind {
            Kind::Home | Kind::Page | Kind::ListPage => "",
            Kind::Section => key,
            Kind::Article => key.rsplit_once('/').map_or("", |(dir, _)| dir),
        }
    }

    /// The section a page belongs to: `/actualites/` for `/actualites/un-titre/`.
    pub fn parent_path(&self) -> Option<&str> {
        let trimmed = self.path.strip_suffix('/')?;
        let cut = trimmed.rfind('/')?;
        Some(&self.path[..=cut])
    }
}

/// Newest first, then by path so that the order never depends on the table's.
fn newest_first(a: &Page, b: &Page) -> bool {
    (b.date, &a.path) < (a.date, &b.path)
}

/// A stable binary insertion sort: O(n log n) comparisons and one memmove per item, in far less
/// wasm than std's sorts (several KB per instantiation). Lists are a handful of pages today and
/// about 500 per language after ten years of news; a plain insertion sort's n² comparisons cost
/// 2 ms of the isolate's warm-up at that size (profiled: docs/performance.md).
fn sort_pages<T: Copy>(items: &mut [T], less: fn(T, T) -> bool) {
    for i in 1..items.len() {
        let item = items[i];
        // After every item that is not greater: equal items keep their order.
        let at = items[..i].partition_point(|&e| !less(item, e));
        items.copy_within(at..i, at + 1);
        items[at] = item;
    }
}

/// Everything a view needs to know about the whole site.
#[derive(Clone, Copy, Debug)]
pub struct Site<'a> {
    /// Public origin without a trailing slash, e.g. `https://oim.ma`.
    pub base_url: &'a str,
    pub pages: &'a [Page],
    /// Static files (`static/`) and their fingerprinted URLs: ("share.png", "/assets/share.1a2b3c4d.png").
    pub assets: &'a [(&'a str, &'a str)],
    /// Images used in the content, with their URLs and sizes.
    pub images: &'a [crate::markdown::Image],
}

/// In the Worker, the content's images are those the build listed.
impl crate::markdown::ImageSource for Site<'_> {
    fn image(&self, src: &str) -> Option<crate::markdown::Image> {
        self.images.iter().find(|i| i.src == src).cloned()
    }
}

impl<'a> Site<'a> {
    /// How the Markdown of `page` finds its images.
    pub fn markdown_context<'s>(&'s self, page: &'s Page) -> crate::markdown::Context<'s> {
        crate::markdown::Context {
            dir: page.content_dir(),
            images: self,
        }
    }

    pub fn page(&self, path: &str) -> Option<&'a Page> {
        self.pages.iter().find(|p| p.path == path)
    }

    /// Pages of the main menu in `lang`, in menu order.
    pub fn menu(&self, lang: &str) -> Vec<&'a Page> {
        let mut menu: Vec<&Page> = self
            .pages
            .iter()
            .filter(|p| p.weight.is_some() && p.lang == lang)
            .collect();
        sort_pages(&mut menu, |a, b| (a.weight, &a.path) < (b.weight, &b.path));
        menu
    }

    /// Articles of a section, newest first.
    pub fn articles_of(&self, section: &str) -> Vec<&'a Page> {
        let mut items: Vec<&Page> = self
            .pages
            .iter()
            .filter(|p| p.kind == Kind::Article && p.parent_path() == Some(section))
            .collect();
        sort_pages(&mut items, newest_first);
        items
    }

    /// The articles of the site in `lang`, newest first (for the home page).
    pub fn latest_articles(&self, lang: &str, n: usize) -> Vec<&'a Page> {
        let mut items: Vec<&Page> = self
            .pages
            .iter()
            .filter(|p| p.kind == Kind::Article && p.lang == lang)
            .collect();
        sort_pages(&mut items, newest_first);
        items.truncate(n);
        items
    }

    /// Every version of `page` (itself included), in the site's language order.
    pub fn versions(&self, page: &Page) -> Vec<&'a Page> {
        crate::i18n::ALL
            .iter()
            .filter_map(|t| {
                self.pages
                    .iter()
                    .find(|p| p.key == page.key && p.lang == t.lang)
            })
            .collect()
    }

    /// The fingerprinted URL of a static file, `/` if there is no such file (a test checks
    /// every asset the views use exists).
    pub fn asset(&self, name: &str) -> &'a str {
        self.assets
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("/", |(_, url)| url)
    }

    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}

#[cfg(test)]
mod tests {
    use super::sort_pages;

    /// The same order as std's stable sort, ties included, on inputs of every shape: sorted,
    /// reversed, all equal, random with many ties.
    #[test]
    fn sort_pages_orders_like_the_stable_sort_of_std() {
        let mut seed = 0x2545_f491_u32;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        let by_key: fn((u32, usize), (u32, usize)) -> bool = |a, b| a.0 < b.0;
        for len in [0, 1, 2, 3, 12, 100, 1_500] {
            let shapes: [Vec<u32>; 4] = [
                (0..len as u32).collect(),
                (0..len as u32).rev().collect(),
                vec![7; len],
                (0..len).map(|_| next() % 40).collect(),
            ];
            for keys in shapes {
                // Each item remembers its position: a stable sort keeps ties in that order.
                let items: Vec<(u32, usize)> = keys.into_iter().zip(0..).collect();
                let mut ours = items.clone();
                sort_pages(&mut ours, by_key);
                let mut std = items;
                std.sort_by_key(|item| item.0);
                assert_eq!(ours, std, "length {len}");
            }
        }
    }
}
