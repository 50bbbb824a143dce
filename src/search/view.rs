//! The search page: the blank form, the results (titles and excerpts with `<mark>`, dates of
//! news items, previous/next pages), no result (a link to the news), a refused query. Every
//! variant is `noindex` and has the language switcher's links to the other languages' search.

use maud::{html, Markup};

use oim_search::Segment;
use oim_site::i18n::{Ui, ALL};
use oim_site::paths::{home_path, search_path};
use oim_site::search::{text, SearchText, MAX_CHARS};
use oim_site::views::{layout, Chrome};
use oim_site::{dates, Kind, Page, Site};

use super::results_path;

/// A page that matches, and what the results show of it.
pub struct Hit<'a> {
    pub page: &'a Page,
    pub shown: oim_search::Hit<'a>,
}

/// One page of results.
pub struct Results<'a> {
    /// The query as the visitor typed it (decoded), shown in the title and the form.
    pub typed: &'a str,
    pub total: usize,
    /// From 1.
    pub page: usize,
    pub pages: usize,
    pub hits: &'a [Hit<'a>],
}

fn chrome<'a>(site: Site<'a>, t: &'static Ui, title: &'a str, path: &'a str) -> Chrome<'a> {
    let s = text(t.lang);
    Chrome {
        path: Some(path),
        crumbs: vec![(t.home, home_path(t))],
        versions: ALL.iter().map(|v| (*v, search_path(v))).collect(),
        noindex: true,
        ..Chrome::plain(site, t.lang, title, s.description)
    }
}

/// The page's own form, holding the query of the results it shows.
fn form(t: &Ui, s: &SearchText, typed: &str) -> Markup {
    html! {
        form.search role="search" method="get" action=(search_path(t)) {
            label for="q" { (s.field) }
            input #q type="search" name="q" value=(typed) maxlength=(MAX_CHARS) enterkeyhint="search";
            button { (s.button) }
        }
    }
}

pub fn blank(site: Site, t: &'static Ui) -> Markup {
    let s = text(t.lang);
    let path = search_path(t);
    layout(
        &chrome(site, t, s.title, &path),
        html! {
            (form(t, s, ""))
            p.hint { (s.hint) }
        },
    )
}

/// A query refused with `message` (400): the message, and the blank form to try again.
pub fn refused(site: Site, t: &'static Ui, message: &str) -> Markup {
    let s = text(t.lang);
    let path = search_path(t);
    let chrome = Chrome {
        // An error page, as `views::error_page`: its own title, no canonical URL.
        path: None,
        ..chrome(site, t, t.error_title, &path)
    };
    layout(
        &chrome,
        html! {
            p.notice role="alert" { (message) }
            (form(t, s, ""))
        },
    )
}

fn segments(segments: &[Segment]) -> Markup {
    html! {
        @for segment in segments {
            @if segment.marked { mark { (segment.text) } } @else { (segment.text) }
        }
    }
}

pub fn results(site: Site, t: &'static Ui, r: &Results) -> Markup {
    let s = text(t.lang);
    let path = search_path(t);
    let title = format!("{}{}{}", s.results_title.0, r.typed, s.results_title.1);
    let count = match r.total {
        1 => s.one_result.to_string(),
        n => format!("{}{n}{}", s.results.0, s.results.1),
    };
    let news = site
        .pages
        .iter()
        .find(|p| p.kind == Kind::Section && p.lang == t.lang)
        .map_or_else(|| home_path(t), |p| p.path.to_string());
    layout(
        &chrome(site, t, &title, &path),
        html! {
            (form(t, s, r.typed))
            @if r.hits.is_empty() {
                p.notice { (s.none) }
                p { (s.none_suggest) " " a href=(news) { (t.all_news) } }
            } @else {
                p.meta {
                    (count)
                    @if r.pages > 1 { " · " (s.page_of.0) (r.page) (s.page_of.1) (r.pages) }
                }
                ul.news {
                    @for hit in r.hits {
                        li {
                            a href=(hit.page.path) { (segments(&hit.shown.title)) }
                            @if let Some(date) = hit.page.date.filter(|_| hit.page.kind == Kind::Article) {
                                p.meta { time datetime=(date.iso()) { (dates::long(date, &hit.page.lang)) } }
                            }
                            p { (segments(&hit.shown.excerpt)) }
                        }
                    }
                }
                @if r.pages > 1 {
                    nav.pager aria-label=(s.pages_nav) {
                        @if r.page > 1 {
                            a href=(results_path(t, r.typed, r.page - 1)) rel="prev" { (s.previous) }
                        }
                        @if r.page < r.pages {
                            a href=(results_path(t, r.typed, r.page + 1)) rel="next" { (s.next) }
                        }
                    }
                }
            }
        },
    )
}
