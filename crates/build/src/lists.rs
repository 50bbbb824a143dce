//! The later pages of each section's list of articles (`/actualites/page/2/`, …), added to the
//! site as pages of their own ([`Kind::ListPage`]): the Worker then serves them from its page
//! table like any page (router, memo, ETag, 304, `Last-Modified`) and the sitemap lists them.

use std::borrow::Cow;

use oim_site::i18n::ui;
use oim_site::list::{page_count, page_path};
use oim_site::{Kind, Page, Site};

use crate::load::{error, ContentError};

/// Pages 2, 3… of every section's list, in the section's language. Their title and
/// description are the section's with the page's number.
pub fn list_pages(pages: &[Page]) -> Vec<Page> {
    let site = Site {
        base_url: "",
        pages,
        assets: &[],
        images: &[],
    };
    let mut out = Vec::new();
    for section in pages.iter().filter(|p| p.kind == Kind::Section) {
        let t = ui(&section.lang);
        let count = page_count(site.articles_of(&section.path).len());
        for n in 2..=count {
            out.push(Page {
                path: page_path(&section.path, n).into(),
                source: section.source.clone(),
                key: page_path(&section.key, n).into(),
                kind: Kind::ListPage,
                lang: section.lang.clone(),
                title: format!("{} – {} {n}", section.title, t.pager.page).into(),
                description: format!(
                    "{} ({} {n} {} {count})",
                    section.description, t.pager.page, t.pager.of
                )
                .into(),
                date: None,
                updated: None,
                weight: None,
                draft: section.draft,
                untranslated: section.untranslated,
                menu: Cow::Borrowed(&[]),
                event: None,
                body: Cow::Borrowed(""),
            });
        }
    }
    out
}

/// Adds [`list_pages`] to `pages` (with an empty body each), keeping them sorted by path; an
/// address that a content file already uses is an error for that file.
pub fn add_list_pages(
    pages: &mut Vec<Page>,
    bodies: &mut Vec<String>,
) -> Result<(), Vec<ContentError>> {
    let extra = list_pages(pages);
    let errors: Vec<ContentError> = extra
        .iter()
        .filter_map(|l| {
            let taken = pages.iter().find(|p| p.path == l.path)?;
            Some(error(
                &taken.source,
                None,
                format!(
                    "the address {} is page {} of the list of {}: rename this file",
                    l.path,
                    l.path
                        .trim_end_matches('/')
                        .rsplit('/')
                        .next()
                        .unwrap_or(""),
                    l.source
                ),
            ))
        })
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut all: Vec<(Page, String)> = pages
        .drain(..)
        .zip(bodies.drain(..))
        .chain(extra.into_iter().map(|p| (p, String::new())))
        .collect();
    all.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    (*pages, *bodies) = all.into_iter().unzip();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use oim_site::list::PER_PAGE;
    use oim_site::Date;

    fn page(path: &str, kind: Kind, day: u8) -> Page {
        Page {
            path: path.to_string().into(),
            source: format!("content{}.md", path.trim_end_matches('/')).into(),
            key: path.to_string().into(),
            kind,
            lang: "fr".into(),
            title: path.to_string().into(),
            description: "Une page.".into(),
            date: (kind == Kind::Article).then_some(Date {
                year: 2020,
                month: 1,
                day,
            }),
            updated: None,
            weight: None,
            draft: false,
            untranslated: true,
            menu: Cow::Borrowed(&[]),
            event: None,
            body: Cow::Borrowed(""),
        }
    }

    fn site(articles: usize) -> Vec<Page> {
        let mut pages = vec![page("/", Kind::Home, 1), page("/s/", Kind::Section, 1)];
        pages.extend((0..articles).map(|i| page(&format!("/s/a{i}/"), Kind::Article, 1)));
        pages
    }

    #[test]
    fn a_section_gets_one_list_page_per_twelve_articles_after_the_first_twelve() {
        assert!(list_pages(&site(0)).is_empty());
        assert!(list_pages(&site(PER_PAGE)).is_empty());
        let paths: Vec<String> = list_pages(&site(2 * PER_PAGE + 1))
            .iter()
            .map(|p| p.path.to_string())
            .collect();
        assert_eq!(paths, ["/s/page/2/", "/s/page/3/"]);
    }

    #[test]
    fn list_pages_are_added_in_path_order_with_an_empty_body() {
        let mut pages = site(PER_PAGE + 1);
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        let mut bodies: Vec<String> = pages.iter().map(|p| format!("<p>{}</p>", p.path)).collect();
        add_list_pages(&mut pages, &mut bodies).expect("no clash");
        assert!(pages.windows(2).all(|w| w[0].path < w[1].path));
        for (page, body) in pages.iter().zip(&bodies) {
            if page.kind == Kind::ListPage {
                assert_eq!(page.path, "/s/page/2/");
                assert!(body.is_empty());
            } else {
                assert_eq!(*body, format!("<p>{}</p>", page.path));
            }
        }
    }

    #[test]
    fn a_content_page_at_a_list_page_address_is_an_error_for_its_file() {
        let mut pages = site(PER_PAGE + 1);
        pages.push(page("/s/page/", Kind::Section, 1));
        pages.push(page("/s/page/2/", Kind::Article, 2));
        let mut bodies = vec![String::new(); pages.len()];
        let errors = add_list_pages(&mut pages, &mut bodies).expect_err("a clash");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].file, "content/s/page/2.md");
        assert!(errors[0].message.contains("/s/page/2/"), "{}", errors[0]);
    }
}
