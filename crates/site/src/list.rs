//! Lists that stay small: a section's articles, newest first, [`PER_PAGE`] at a time. Page 1 is
//! the section itself (`/actualites/`); pages 2, 3… are pages of the table of their own
//! (`/actualites/page/2/`, [`Kind::ListPage`]), added by the build, so that they get an ETag,
//! a `Last-Modified` date and a place in the sitemap like any page. docs/growth.md says why 12.

use crate::content::{Kind, Page, Site};

/// Articles on each page of a list: about a quarter of a year of news at 50 items a year, four
/// phone screens, a few KB of gzip.
pub const PER_PAGE: usize = 12;

/// The segment before a page's number: `/actualites/page/2/`.
const SEGMENT: &str = "page/";

/// How many pages a list of `items` articles takes (one, even when empty).
pub fn page_count(items: usize) -> usize {
    items.div_ceil(PER_PAGE).max(1)
}

/// The path of page `number` of the list of `section` (itself for page 1).
pub fn page_path(section: &str, number: usize) -> String {
    if number <= 1 {
        section.to_string()
    } else {
        format!("{section}{SEGMENT}{number}/")
    }
}

/// `/actualites/page/2/` -> (`/actualites/`, 2). Any number written without a leading zero,
/// 1 included (the router sends page 1 to the section); `None` for anything else.
pub fn parse(path: &str) -> Option<(&str, usize)> {
    let rest = path.strip_suffix('/')?;
    let (before, digits) = rest.rsplit_once('/')?;
    let section = before.strip_suffix(SEGMENT.trim_end_matches('/'))?;
    // A section has a name: `/page/2/` is no list page (the home page is no section).
    if section.len() < 2 || !section.ends_with('/') || section.contains("//") {
        return None;
    }
    if digits.is_empty() || digits.starts_with('0') {
        return None;
    }
    if digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((section, digits.parse().ok()?))
}

/// One page of a list, as its view shows it.
#[derive(Debug)]
pub struct Listing<'a> {
    pub section: &'a Page,
    /// From 1.
    pub number: usize,
    pub count: usize,
    pub items: Vec<&'a Page>,
}

impl Listing<'_> {
    pub fn previous(&self) -> Option<String> {
        (self.number > 1).then(|| page_path(&self.section.path, self.number - 1))
    }

    pub fn next(&self) -> Option<String> {
        (self.number < self.count).then(|| page_path(&self.section.path, self.number + 1))
    }
}

impl<'a> Site<'a> {
    /// The section a list page or an article belongs to.
    pub fn section_of(&self, page: &Page) -> Option<&'a Page> {
        let path = match page.kind {
            Kind::Article => page.parent_path()?,
            Kind::ListPage => parse(&page.path)?.0,
            _ => return None,
        };
        self.page(path)
    }

    /// The page of its section's list that `page` is: a section is page 1, a list page its
    /// number. `None` for other kinds, or a number past the end.
    pub fn listing(&self, page: &'a Page) -> Option<Listing<'a>> {
        let (section, number) = match page.kind {
            Kind::Section => (page, 1),
            Kind::ListPage => (self.section_of(page)?, parse(&page.path)?.1),
            _ => return None,
        };
        let all = self.articles_of(&section.path);
        let count = page_count(all.len());
        if number == 0 || number > count {
            return None;
        }
        let start = (number - 1) * PER_PAGE;
        let items = all.into_iter().skip(start).take(PER_PAGE).collect();
        Some(Listing {
            section,
            number,
            count,
            items,
        })
    }
}

/// The page numbers a pager shows around `current` (of `count`): the first, the last, the
/// current one and its neighbours; `None` where numbers are left out. At most 7 entries, so
/// that they fit one line of a 320 px phone.
pub fn window(current: usize, count: usize) -> Vec<Option<usize>> {
    if count <= 7 {
        return (1..=count).map(Some).collect();
    }
    // Five numbers in a row at either end, so that a gap always hides two or more.
    let (from, to) = if current <= 4 {
        (2, 5)
    } else if current >= count - 3 {
        (count - 4, count - 1)
    } else {
        (current - 1, current + 1)
    };
    let mut out = vec![Some(1)];
    if from > 2 {
        out.push(None);
    }
    out.extend((from..=to).map(Some));
    if to < count - 1 {
        out.push(None);
    }
    out.push(Some(count));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_one_is_the_section_and_others_have_their_number() {
        assert_eq!(page_path("/actualites/", 1), "/actualites/");
        assert_eq!(page_path("/actualites/", 2), "/actualites/page/2/");
        assert_eq!(page_path("/ar/actualites/", 10), "/ar/actualites/page/10/");
    }

    #[test]
    fn parses_only_well_written_list_page_paths() {
        assert_eq!(parse("/actualites/page/2/"), Some(("/actualites/", 2)));
        assert_eq!(
            parse("/en/actualites/page/1/"),
            Some(("/en/actualites/", 1))
        );
        assert_eq!(parse("/actualites/page/12/"), Some(("/actualites/", 12)));
        for bad in [
            "/actualites/page/02/",
            "/actualites/page/0/",
            "/actualites/page/2",
            "/actualites/page/",
            "/actualites/page/x/",
            "/actualites/page/-1/",
            "/actualites/page/+1/",
            "/actualites/pages/2/",
            "/page/2/",
            "//page/2/",
            "/a//page/2/",
            "/actualites/page/99999999999999999999/",
            "/actualites/un-titre/",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        assert_eq!(
            parse(&page_path("/actualites/", 7)),
            Some(("/actualites/", 7))
        );
    }

    #[test]
    fn counts_pages_rounding_up_with_at_least_one() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(1), 1);
        assert_eq!(page_count(PER_PAGE), 1);
        assert_eq!(page_count(PER_PAGE + 1), 2);
        assert_eq!(page_count(500), 42);
    }

    #[test]
    fn the_window_keeps_first_last_and_neighbours() {
        let show = |c, n| {
            window(c, n)
                .iter()
                .map(|x| x.map_or("…".to_string(), |n| n.to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(show(1, 1), "1");
        assert_eq!(show(3, 7), "1 2 3 4 5 6 7");
        assert_eq!(show(1, 42), "1 2 3 4 5 … 42");
        assert_eq!(show(4, 42), "1 2 3 4 5 … 42");
        assert_eq!(show(5, 42), "1 … 4 5 6 … 42");
        assert_eq!(show(38, 42), "1 … 37 38 39 … 42");
        assert_eq!(show(39, 42), "1 … 38 39 40 41 42");
        assert_eq!(show(42, 42), "1 … 38 39 40 41 42");
        assert_eq!(show(5, 8), "1 … 4 5 6 7 8");
        for count in 1..60 {
            for current in 1..=count {
                let w = window(current, count);
                assert!(w.len() <= 7, "{current}/{count}: {w:?}");
                assert!(w.contains(&Some(current)), "{current}/{count}");
                assert_eq!(w.first(), Some(&Some(1)));
                assert_eq!(w.last(), Some(&Some(count)));
                let numbers: Vec<usize> = w.iter().flatten().copied().collect();
                assert!(numbers.windows(2).all(|p| p[0] < p[1]), "{w:?}");
                // A gap hides at least two numbers: one would take the same room as "…".
                for (i, x) in w.iter().enumerate() {
                    if x.is_none() {
                        let (a, b) = (w[i - 1].unwrap_or(0), w[i + 1].unwrap_or(0));
                        assert!(b - a > 2, "{current}/{count}: {w:?}");
                    }
                }
            }
        }
    }
}
