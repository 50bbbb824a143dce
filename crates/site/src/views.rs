//! HTML views, as small maud functions: `layout` wraps every page, the other functions are the
//! pieces (header, menu, breadcrumb, footer) and the page bodies. The Worker adds its own
//! views on top (the contact form) with [`layout`] and [`Chrome`].
//!
//! Everything here is escaped by maud, except the Markdown HTML in [`markdown`].

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::bidi::{isolated, Isolated};
use crate::content::{Kind, Page, Site};
use crate::i18n::{ui, Ui, ALL};
use crate::paths::{contact_path, feed_path, home_path};
use crate::{dates, list, markdown, seo};

/// The inline stylesheet. Its hash is written into the CSP at build time.
pub const CSS: &str = include_str!("style.css");

/// What the layout needs to know about the page it wraps.
pub struct Chrome<'a> {
    pub site: Site<'a>,
    pub lang: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    /// Canonical path of the page; `None` for error pages, which have no canonical URL.
    pub path: Option<&'a str>,
    /// Ancestors of the page, from the home page down, as (label, path).
    pub crumbs: Vec<(&'a str, String)>,
    pub draft: bool,
    /// The same page in every language that has it, as (language, path), itself included.
    pub versions: Vec<(&'static Ui, String)>,
    /// `article` for news (with its date), `website` otherwise, for Open Graph.
    pub article_date: Option<crate::content::Date>,
    /// The page's structured data (see `seo::json_ld`).
    pub json_ld: Option<String>,
    /// Pages search engines should not list (the thank-you page).
    pub noindex: bool,
}

impl<'a> Chrome<'a> {
    /// The chrome of a page rendered by code (the form, the thank-you and notice pages): no
    /// canonical path, crumbs or translations until the caller sets them; never a draft, no
    /// date, no structured data.
    pub fn plain(site: Site<'a>, lang: &'a str, title: &'a str, description: &'a str) -> Self {
        Chrome {
            site,
            lang,
            title,
            description,
            path: None,
            crumbs: Vec::new(),
            draft: false,
            versions: Vec::new(),
            article_date: None,
            json_ld: None,
            noindex: false,
        }
    }
}

/// The whole document around a page body.
pub fn layout(c: &Chrome, body: Markup) -> Markup {
    let t = ui(c.lang);
    let full_title = if c.path == Some(home_path(t).as_str()) {
        format!("{} · {}", t.site_name, t.site_tagline)
    } else {
        format!("{} · {}", c.title, t.site_name)
    };
    html! {
        (DOCTYPE)
        html lang=(t.lang) dir=(t.dir) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width,initial-scale=1";
                title { (full_title) }
                meta name="description" content=(c.description);
                @if let Some(path) = c.path {
                    link rel="canonical" href=(c.site.absolute(path));
                }
                @if c.versions.len() > 1 {
                    @for (v, path) in &c.versions {
                        link rel="alternate" hreflang=(v.lang) href=(c.site.absolute(path));
                    }
                    @if let Some((_, default)) = c.versions.iter().find(|(v, _)| v.prefix.is_empty()) {
                        link rel="alternate" hreflang="x-default" href=(c.site.absolute(default));
                    }
                }
                meta name="theme-color" content="#0033a0";
                @if c.noindex {
                    meta name="robots" content="noindex";
                }
                link rel="icon" href=(c.site.asset("favicon.svg")) type="image/svg+xml";
                link rel="icon" href=(c.site.asset("favicon-32.png")) sizes="32x32" type="image/png";
                link rel="apple-touch-icon" href=(c.site.asset("apple-touch-icon.png"));
                link rel="manifest" href="/manifest.webmanifest";
                @if let Some(section) = news_section(&c.site, t) {
                    link rel="alternate" type="application/atom+xml" title={ (section.title) " · " (t.site_name) } href=(feed_path(section));
                }
                (open_graph(c, t, &full_title))
                style { (PreEscaped(CSS)) }
                @if let Some(ld) = &c.json_ld {
                    // Our JSON writer escapes `<`, `>` and `&`: the data cannot end the element.
                    script type="application/ld+json" { (PreEscaped(ld)) }
                }
            }
            body {
                a.skip href="#contenu" { (t.skip_link) }
                (header(&c.site, t, c.path, &c.versions))
                @if c.draft {
                    p.banner role="status" { div.wrap { (t.draft_banner) } }
                }
                div.wrap {
                    @if !c.crumbs.is_empty() {
                        (breadcrumb(t, &c.crumbs, c.title))
                    }
                    main #contenu tabindex="-1" {
                        h1 { (isolated(t, c.title)) }
                        (body)
                    }
                }
                (footer(&c.site, t))
            }
        }
    }
}

/// The news section of a language, whose feed every page links to.
fn news_section<'a>(site: &Site<'a>, t: &Ui) -> Option<&'a Page> {
    site.pages
        .iter()
        .find(|p| p.kind == Kind::Section && p.lang == t.lang)
}

/// Open Graph and Twitter card tags, for link previews in messaging apps and social networks.
fn open_graph(c: &Chrome, t: &Ui, full_title: &str) -> Markup {
    let image = c.site.absolute(c.site.asset("share.png"));
    html! {
        meta property="og:site_name" content=(t.site_name);
        meta property="og:title" content=(c.title);
        meta property="og:description" content=(c.description);
        @if let Some(path) = c.path {
            meta property="og:url" content=(c.site.absolute(path));
        }
        meta property="og:type" content=(if c.article_date.is_some() { "article" } else { "website" });
        meta property="og:locale" content=(t.locale);
        @for (v, _) in c.versions.iter().filter(|(v, _)| v.lang != t.lang) {
            meta property="og:locale:alternate" content=(v.locale);
        }
        meta property="og:image" content=(image);
        meta property="og:image:width" content="1200";
        meta property="og:image:height" content="630";
        meta property="og:image:alt" content=(full_title);
        @if let Some(date) = c.article_date {
            meta property="article:published_time" content=(date.iso());
        }
        meta name="twitter:card" content="summary_large_image";
        meta name="twitter:title" content=(c.title);
        meta name="twitter:description" content=(c.description);
        meta name="twitter:image" content=(image);
    }
}

fn header(
    site: &Site,
    t: &Ui,
    current: Option<&str>,
    versions: &[(&'static Ui, String)],
) -> Markup {
    html! {
        header.site-header {
            (language_switcher(t, versions))
            div.wrap.bar {
                a.brand href=(home_path(t)) {
                    span.logo aria-hidden="true" { (t.logo) }
                    span { (t.site_name) }
                }
                details.menu {
                    summary { (t.menu) }
                    (nav(site, t, current))
                }
            }
        }
    }
}

/// Links to this page in the other languages, each labelled in its own language. Pages that
/// exist in one language only link to the other languages' home pages.
fn language_switcher(t: &Ui, versions: &[(&'static Ui, String)]) -> Markup {
    html! {
        nav.langs aria-label=(t.languages) {
            ul.wrap {
                @for other in ALL.iter().filter(|o| o.lang != t.lang) {
                    @let href = versions.iter().find(|(v, _)| v.lang == other.lang).map_or_else(|| home_path(other), |(_, p)| p.clone());
                    li { a href=(href) hreflang=(other.lang) lang=(other.lang) dir=(other.dir) { (other.lang_name) } }
                }
            }
        }
    }
}

/// The main menu: the search form, each page with a `weight`, its `[[menu]]` sub-entries, then
/// Contact.
fn nav(site: &Site, t: &Ui, current: Option<&str>) -> Markup {
    html! {
        nav aria-label=(t.main_nav) {
            (crate::search::menu_form(t))
            ul {
                @for page in site.menu(t.lang) {
                    li {
                        (nav_link(isolated(t, &page.title), &page.path, current))
                        @if !page.menu.is_empty() {
                            ul {
                                @for item in page.menu.iter() {
                                    @let href = if item.href.starts_with('#') {
                                        format!("{}{}", page.path, item.href)
                                    } else {
                                        item.href.to_string()
                                    };
                                    li { a href=(href) { (isolated(t, &item.label)) } }
                                }
                            }
                        }
                    }
                }
                li { (nav_link(isolated(t, t.contact), &contact_path(t), current)) }
            }
        }
    }
}

fn nav_link(label: Isolated, href: &str, current: Option<&str>) -> Markup {
    html! {
        @if current == Some(href) {
            a href=(href) aria-current="page" { (label) }
        } @else {
            a href=(href) { (label) }
        }
    }
}

fn breadcrumb(t: &Ui, crumbs: &[(&str, String)], title: &str) -> Markup {
    html! {
        nav.crumbs aria-label=(t.breadcrumb) {
            ol {
                @for (label, href) in crumbs {
                    li { a href=(href) { (isolated(t, label)) } }
                }
                li aria-current="page" { (isolated(t, title)) }
            }
        }
    }
}

fn footer(site: &Site, t: &Ui) -> Markup {
    html! {
        footer.site-footer {
            div.wrap {
                p { strong { (t.footer_org) } }
                nav aria-label=(t.footer_nav) {
                    ul {
                        li { a href=(home_path(t)) { (t.home) } }
                        @for page in site.menu(t.lang) {
                            li { a href=(page.path) { (isolated(t, &page.title)) } }
                        }
                        li { a href=(contact_path(t)) { (t.contact) } }
                        // IOM's global site is not in every language (English on Arabic pages).
                        li { a href=(t.iom_global_url) hreflang=[(t.iom_global_lang != t.lang).then_some(t.iom_global_lang)] { (t.iom_global) } }
                    }
                }
            }
        }
    }
}

/// A page's Markdown rendered to HTML. The one place raw HTML enters a page: it comes from the
/// project's own `content/` files, checked at build time (raw HTML in them is an error), never
/// from a visitor.
fn trusted(body_html: &str) -> PreEscaped<&str> {
    PreEscaped(body_html)
}

/// A page from `content/`, laid out for its kind, its Markdown rendered now (at the edge).
pub fn page(site: Site, page: &Page) -> Markup {
    let body = markdown::render(&page.body, &page.lang, site.markdown_context(page)).html;
    page_with_body(site, page, &body)
}

/// [`page`] with its Markdown already rendered to `body_html`: the build renders each page's
/// Markdown once, for its checks and its ETag, and lays it out here.
pub fn page_with_body(site: Site, page: &Page, body_html: &str) -> Markup {
    let t = ui(&page.lang);
    let mut crumbs = Vec::new();
    if page.kind != Kind::Home {
        crumbs.push((t.home, home_path(t)));
        if let Some(section) = site.section_of(page) {
            crumbs.push((section.title.as_ref(), section.path.to_string()));
        }
    }
    let chrome = Chrome {
        site,
        lang: &page.lang,
        title: &page.title,
        description: &page.description,
        path: Some(&page.path),
        crumbs,
        draft: page.draft,
        versions: site
            .versions(page)
            .into_iter()
            .map(|p| (ui(&p.lang), p.path.to_string()))
            .collect(),
        article_date: page.date.filter(|_| page.kind == Kind::Article),
        json_ld: Some(seo::json_ld(&site, page)),
        noindex: false,
    };
    let markdown = trusted(body_html);
    let body = match page.kind {
        Kind::Home => home_body(&site, t, markdown),
        Kind::Section | Kind::ListPage => section_body(&site, t, page, markdown),
        Kind::Article => article_body(t, page, markdown),
        Kind::Page => html! { (markdown) },
    };
    layout(&chrome, body)
}

fn home_body(site: &Site, t: &Ui, markdown: PreEscaped<&str>) -> Markup {
    let news = site.latest_articles(t.lang, 3);
    html! {
        div.lead { (markdown) }
        h2 { (t.explore) }
        ul.cards {
            @for p in site.menu(t.lang) {
                li { a href=(p.path) { strong { (isolated(t, &p.title)) } span { (isolated(t, &p.description)) } } }
            }
            li { a href=(contact_path(t)) { strong { (t.contact) } span { (t.contact_description) } } }
        }
        h2 { (t.latest_news) }
        (news_list(t, &news))
        @if let Some(section) = news.first().and_then(|a| a.parent_path()) {
            p { a href=(section) { (t.all_news) } }
        }
    }
}

/// A section (page 1 of its list: its own text, then its latest articles) or a later page of
/// its list, with the pager between them.
fn section_body(site: &Site, t: &Ui, page: &Page, markdown: PreEscaped<&str>) -> Markup {
    let listing = site.listing(page);
    let section = listing.as_ref().map_or(page, |l| l.section);
    html! {
        (markdown)
        (news_list(t, listing.as_ref().map_or(&[][..], |l| &l.items[..])))
        @if let Some(listing) = &listing {
            (pager(t, listing))
        }
        p { a href=(feed_path(section)) type="application/atom+xml" { (t.feed) } }
    }
}

/// Previous and next, then the page numbers around the current one (marked
/// `aria-current="page"`); nothing when the list fits one page. Links carry `rel="prev"` and
/// `rel="next"`. The arrows point where the text goes: right to left in Arabic.
fn pager(t: &Ui, listing: &list::Listing) -> Markup {
    if listing.count < 2 {
        return html! {};
    }
    let (back, forward) = if t.dir == "rtl" {
        ("→", "←")
    } else {
        ("←", "→")
    };
    let section = &listing.section.path;
    html! {
        nav.pager aria-label=(t.pager.label) {
            @if let Some(previous) = listing.previous() {
                a.prev href=(previous) rel="prev" { span aria-hidden="true" { (back) } " " (t.pager.previous) }
            }
            @if let Some(next) = listing.next() {
                a.next href=(next) rel="next" { (t.pager.next) " " span aria-hidden="true" { (forward) } }
            }
            ol.pages {
                @for number in list::window(listing.number, listing.count) {
                    @if let Some(n) = number {
                        @let label = format!("{} {n} {} {}", t.pager.page, t.pager.of, listing.count);
                        li {
                            @if n == listing.number {
                                a href=(list::page_path(section, n)) aria-label=(label) aria-current="page" { (n) }
                            } @else {
                                a href=(list::page_path(section, n)) aria-label=(label) { (n) }
                            }
                        }
                    } @else {
                        li.gap aria-hidden="true" { "…" }
                    }
                }
            }
        }
    }
}

fn news_list(t: &Ui, items: &[&Page]) -> Markup {
    html! {
        @if items.is_empty() {
            p { (t.no_news) }
        } @else {
            ul.news {
                @for item in items {
                    li {
                        a href=(item.path) { (isolated(t, &item.title)) }
                        @if let Some(date) = item.date {
                            p.meta { time datetime=(date.iso()) { (dates::long(date, &item.lang)) } }
                        }
                        p { (isolated(t, &item.description)) }
                    }
                }
            }
        }
    }
}

fn article_body(t: &Ui, page: &Page, markdown: PreEscaped<&str>) -> Markup {
    html! {
        @if let Some(date) = page.date {
            p.meta { (t.published_on) " " time datetime=(date.iso()) { (dates::long(date, &page.lang)) } }
        }
        (markdown)
    }
}

/// The 404 page.
pub fn not_found(site: Site, lang: &str) -> Markup {
    let t = ui(lang);
    notice_page(site, lang, t.not_found_title, t.not_found_text)
}

/// Any other error a person may see (400, 405, 413…): what happened, in their words.
pub fn error_page(site: Site, lang: &str, message: &str) -> Markup {
    notice_page(site, lang, ui(lang).error_title, message)
}

/// A page that only says something and leads home; search engines need not list it.
fn notice_page(site: Site, lang: &str, title: &str, message: &str) -> Markup {
    let t = ui(lang);
    let chrome = Chrome {
        noindex: true,
        ..Chrome::plain(site, lang, title, message)
    };
    layout(
        &chrome,
        html! {
            p.notice { (message) }
            p { a href=(home_path(t)) { (t.not_found_back) } }
        },
    )
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::content::Date;

    fn page(path: &'static str, lang: &'static str, kind: Kind, title: &'static str) -> Page {
        Page {
            path: path.into(),
            source: Cow::Borrowed("content/x.md"),
            key: path.trim_start_matches("/ar").to_string().into(),
            kind,
            lang: lang.into(),
            title: title.into(),
            description: "ملخص مع FMPCI: ANOLF.".into(),
            date: (kind == Kind::Article).then_some(Date {
                year: 2016,
                month: 1,
                day: 29,
            }),
            updated: None,
            weight: (kind == Kind::Page).then_some(1),
            draft: false,
            untranslated: true,
            menu: Cow::Owned(vec![crate::MenuLink {
                label: "قسم SALEMM: مقدمة".into(),
                href: "#a".into(),
            }]),
            event: None,
            body: Cow::Borrowed(""),
        }
    }

    fn site(pages: &[Page]) -> Site<'_> {
        Site {
            base_url: "https://example.org",
            pages,
            assets: &[],
            images: &[],
        }
    }

    /// Titles, menu entries, breadcrumbs and news lists of Arabic pages isolate their Latin
    /// runs, so that "SALEMM:" keeps its colon on the Arabic side.
    #[test]
    fn arabic_interface_text_isolates_latin_runs() {
        let pages = [
            page("/ar/", "ar", Kind::Home, "الرئيسية"),
            page("/ar/a/", "ar", Kind::Page, "عن SALEMM: مقدمة"),
            page("/ar/actualites/", "ar", Kind::Section, "أخبار FMPCI"),
            page(
                "/ar/actualites/b/",
                "ar",
                Kind::Article,
                "لقاء ANOLF: حصيلة",
            ),
        ];
        let site = site(&pages);
        let article = page_with_body(site, &pages[3], "").into_string();
        for needle in [
            "<h1>لقاء <bdi>ANOLF</bdi>: حصيلة</h1>",
            "<li aria-current=\"page\">لقاء <bdi>ANOLF</bdi>: حصيلة</li>",
            "<a href=\"/ar/actualites/\">أخبار <bdi>FMPCI</bdi></a>",
            "<a href=\"/ar/a/\">عن <bdi>SALEMM</bdi>: مقدمة</a>",
            "<a href=\"/ar/a/#a\">قسم <bdi>SALEMM</bdi>: مقدمة</a>",
        ] {
            assert!(article.contains(needle), "{needle}\n{article}");
        }
        // The title in <title> and meta tags stays plain text.
        assert!(article.contains("<title>لقاء ANOLF: حصيلة · "), "{article}");
        let section = page_with_body(site, &pages[2], "").into_string();
        for needle in [
            "<a href=\"/ar/actualites/b/\">لقاء <bdi>ANOLF</bdi>: حصيلة</a>",
            "<p>ملخص مع <bdi>FMPCI</bdi>: <bdi>ANOLF</bdi>.</p>",
        ] {
            assert!(section.contains(needle), "{needle}\n{section}");
        }
    }

    #[test]
    fn french_interface_text_is_left_as_it_is() {
        let mut pages = [
            page("/", "fr", Kind::Home, "Accueil"),
            page("/a/", "fr", Kind::Page, "Projet SALEMM : bilan"),
        ];
        pages[1].key = "/a/".into();
        let html = page_with_body(site(&pages), &pages[1], "").into_string();
        assert!(html.contains("<h1>Projet SALEMM : bilan</h1>"), "{html}");
        assert!(!html.contains("<bdi>"), "{html}");
    }

    /// The footer's link to IOM's global site says when it leads to another language.
    #[test]
    fn the_iom_global_link_carries_hreflang_only_across_languages() {
        let ar = [page("/ar/", "ar", Kind::Home, "الرئيسية")];
        let html = page_with_body(site(&ar), &ar[0], "").into_string();
        assert!(
            html.contains("<a href=\"https://www.iom.int\" hreflang=\"en\">"),
            "{html}"
        );
        let mut fr = [page("/", "fr", Kind::Home, "Accueil")];
        fr[0].key = "/".into();
        let html = page_with_body(site(&fr), &fr[0], "").into_string();
        assert!(
            html.contains("<a href=\"https://www.iom.int/fr\">"),
            "{html}"
        );
    }
}
