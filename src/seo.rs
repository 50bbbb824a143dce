//! What search engines and link previews read: robots.txt, the sitemap, Atom feeds, the web
//! app manifest and the JSON-LD structured data of each page. Pure functions of the content
//! table; the results are memoized per isolate like pages. Compiled into the build script too
//! (the JSON-LD is part of each page, hence of its ETag and its CSP hash).

use crate::content::{Date, Kind, Page, Site};
use crate::i18n::{ui, ALL};
use crate::json::{array, Obj};
use crate::views::{contact_path, home_path};

const IOM_URL: &str = "https://www.iom.int";
/// schema.org has no type for an intergovernmental organisation (its `NGO` would say the
/// opposite, `GovernmentOrganization` means one government's agency), so IOM and its mission
/// are plain `Organization`s; IOM's `additionalType` names its kind by Wikidata's item for an
/// international organisation, "established by treaty between governments".
const ORG_TYPE: &str = "Organization";
const IGO_TYPE: &str = "https://www.wikidata.org/wiki/Q484652";

pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
        site.base_url
    )
}

/// `2016-01-29` for a page: its `updated` or `date`, else the build date.
fn lastmod(page: &Page, build: Date) -> Date {
    page.updated.or(page.date).unwrap_or(build)
}

/// Escapes text for XML content and attribute values.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Every published page in every language, with its alternates (sitemaps.org 0.9 with
/// `xhtml:link`, as search engines document for multilingual sites).
pub fn sitemap(site: &Site, build: Date) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let mut entry = |path: &str, date: Date, versions: &[(&str, String)]| {
        out.push_str(&format!(
            "<url><loc>{}</loc><lastmod>{}</lastmod>",
            xml(&site.absolute(path)),
            date.iso()
        ));
        for (lang, alt) in versions {
            out.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>",
                xml(&site.absolute(alt))
            ));
        }
        out.push_str("</url>\n");
    };
    for page in site.pages.iter().filter(|p| !p.draft) {
        let versions: Vec<(&str, String)> = with_default(
            site.versions(page)
                .iter()
                .filter(|v| !v.draft)
                .map(|v| (v.lang.as_ref(), v.path.to_string()))
                .collect(),
        );
        entry(&page.path, lastmod(page, build), &versions);
    }
    let contact: Vec<(&str, String)> =
        with_default(ALL.iter().map(|t| (t.lang, contact_path(t))).collect());
    for t in ALL {
        entry(&contact_path(t), build, &contact);
    }
    out.push_str("</urlset>\n");
    out
}

/// Adds `x-default` (the French version) when a page has several languages.
fn with_default(mut versions: Vec<(&str, String)>) -> Vec<(&str, String)> {
    if versions.len() > 1 {
        if let Some((_, fr)) = versions.iter().find(|(l, _)| *l == ALL[0].lang) {
            let fr = fr.clone();
            versions.push(("x-default", fr));
        }
    }
    versions
}

/// The feed of a section (`/actualites/feed.xml`), Atom 1.0. Entry ids are the articles'
/// permanent URLs, stable from one deploy to the next.
pub fn feed_path(section: &Page) -> String {
    format!("{}feed.xml", section.path)
}

fn rfc3339(d: Date) -> String {
    format!("{}T00:00:00Z", d.iso())
}

pub fn feed(site: &Site, section: &Page, build: Date) -> String {
    let t = ui(&section.lang);
    let items: Vec<&Page> = site
        .articles_of(&section.path)
        .into_iter()
        .filter(|p| !p.draft)
        .collect();
    let updated = items
        .iter()
        .map(|p| lastmod(p, build))
        .max()
        .unwrap_or(build);
    let self_url = site.absolute(&feed_path(section));
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n\
         <title>{} · {}</title>\n<subtitle>{}</subtitle>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
         <id>{}</id>\n<updated>{}</updated>\n<author><name>{}</name><uri>{}</uri></author>\n\
         <icon>{}</icon>\n",
        t.lang,
        xml(&section.title),
        xml(t.site_name),
        xml(&section.description),
        xml(&self_url),
        xml(&site.absolute(&section.path)),
        xml(&self_url),
        rfc3339(updated),
        xml(t.site_name),
        xml(&site.absolute(&home_path(t))),
        xml(&site.absolute(site.asset("favicon-32.png"))),
    );
    for item in items {
        let url = site.absolute(&item.path);
        let published = item.date.unwrap_or(build);
        out.push_str(&format!(
            "<entry>\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n\
             <published>{}</published>\n<updated>{}</updated>\n<summary>{}</summary>\n</entry>\n",
            xml(&item.title),
            xml(&url),
            xml(&url),
            rfc3339(published),
            rfc3339(lastmod(item, build)),
            xml(&item.description),
        ));
    }
    out.push_str("</feed>\n");
    out
}

/// The web app manifest: what "Add to home screen" shows.
pub fn manifest(site: &Site) -> String {
    let t = &ALL[0];
    let icon = |name: &str, sizes: &str, kind: &str| {
        Obj::new()
            .str("src", site.asset(name))
            .str("sizes", sizes)
            .str("type", kind)
            .end()
    };
    Obj::new()
        .str("name", &format!("{} · {}", t.site_name, t.site_tagline))
        .str("short_name", t.site_name)
        .str("lang", t.lang)
        .str("dir", t.dir)
        .str("start_url", "/")
        .str("scope", "/")
        .str("display", "standalone")
        .str("background_color", "#ffffff")
        .str("theme_color", "#0033a0")
        .raw(
            "icons",
            &array(&[
                icon("icon-192.png", "192x192", "image/png"),
                icon("icon-512.png", "512x512", "image/png"),
                icon("favicon.svg", "any", "image/svg+xml"),
            ]),
        )
        .end()
}

/// The mission in Morocco, named in the page's language.
fn organization(site: &Site, lang: &str) -> Obj {
    let t = ui(lang);
    Obj::new()
        .str("@type", ORG_TYPE)
        .str("name", t.site_name)
        .str("alternateName", t.footer_org)
        .str("url", &site.absolute(&home_path(t)))
        .str("logo", &site.absolute(site.asset("icon-512.png")))
}

/// The JSON-LD of a page: the organisation on home pages, `NewsArticle` (and `Event` when the
/// front matter describes one) for news, `BreadcrumbList` on inner pages. The JSON writer
/// escapes `<`, `>` and `&`, so the text cannot close the `<script>` element it goes in.
pub fn json_ld(site: &Site, page: &Page) -> String {
    let t = ui(&page.lang);
    let url = site.absolute(&page.path);
    let mut graph = Vec::new();
    if page.kind == Kind::Home {
        let iom = Obj::new()
            .str("@type", ORG_TYPE)
            .str("additionalType", IGO_TYPE)
            .str("name", t.site_tagline)
            .str("description", t.iom_description)
            .str("url", IOM_URL)
            .end();
        let address = Obj::new()
            .str("@type", "PostalAddress")
            .str("addressCountry", "MA")
            .end();
        graph.push(
            organization(site, &page.lang)
                .raw("parentOrganization", &iom)
                .raw("address", &address)
                .end(),
        );
    } else {
        let mut crumbs = vec![(t.home.to_string(), home_path(t))];
        if page.kind == Kind::Article {
            if let Some(section) = page.parent_path().and_then(|p| site.page(p)) {
                crumbs.push((section.title.to_string(), section.path.to_string()));
            }
        }
        crumbs.push((page.title.to_string(), page.path.to_string()));
        let items: Vec<String> = crumbs
            .iter()
            .enumerate()
            .map(|(i, (name, path))| {
                Obj::new()
                    .str("@type", "ListItem")
                    .int("position", i as i64 + 1)
                    .str("name", name)
                    .str("item", &site.absolute(path))
                    .end()
            })
            .collect();
        graph.push(
            Obj::new()
                .str("@type", "BreadcrumbList")
                .raw("itemListElement", &array(&items))
                .end(),
        );
    }
    if page.kind == Kind::Article {
        let date = page.date.map(|d| d.iso()).unwrap_or_default();
        let modified = page
            .updated
            .or(page.date)
            .map(|d| d.iso())
            .unwrap_or_default();
        graph.push(
            Obj::new()
                .str("@type", "NewsArticle")
                .str("headline", &page.title)
                .str("description", &page.description)
                .str("inLanguage", &page.lang)
                .str("datePublished", &date)
                .str("dateModified", &modified)
                .str("mainEntityOfPage", &url)
                .str("image", &site.absolute(site.asset("share.png")))
                .raw("author", &organization(site, &page.lang).end())
                .raw("publisher", &organization(site, &page.lang).end())
                .end(),
        );
        if let Some(event) = &page.event {
            let address = Obj::new()
                .str("@type", "PostalAddress")
                .str("addressLocality", &event.city)
                .str("addressCountry", &event.country)
                .end();
            let place = Obj::new()
                .str("@type", "Place")
                .str("name", &event.city)
                .raw("address", &address)
                .end();
            graph.push(
                Obj::new()
                    .str("@type", "Event")
                    .str("name", &event.name)
                    .str("description", &page.description)
                    .str("inLanguage", &page.lang)
                    .str("startDate", &event.start.iso())
                    .str("endDate", &event.end.iso())
                    .str("eventStatus", "https://schema.org/EventScheduled")
                    .str(
                        "eventAttendanceMode",
                        "https://schema.org/OfflineEventAttendanceMode",
                    )
                    .str("url", &url)
                    .str("image", &site.absolute(site.asset("share.png")))
                    .raw("location", &place)
                    .raw("organizer", &organization(site, &page.lang).end())
                    .end(),
            );
        }
    }
    Obj::new()
        .str("@context", "https://schema.org")
        .raw("@graph", &array(&graph))
        .end()
}

// An explicit path: build.rs includes this file with #[path], and rustfmt follows from there.
#[cfg(test)]
#[path = "seo/tests.rs"]
mod tests;
