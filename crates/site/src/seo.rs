//! The JSON-LD structured data of each page, for search engines. Part of the page, hence of its
//! ETag and of its CSP (by hash): the build and the Worker compute it with the same function.
//! The sitemap, feeds, robots.txt and manifest are build-time documents (`oim-build`).

use crate::content::{Kind, Page, Site};
use crate::i18n::ui;
use crate::json::{array, Obj};
use crate::paths::home_path;

const IOM_URL: &str = "https://www.iom.int";
/// schema.org has no type for an intergovernmental organisation (its `NGO` would say the
/// opposite, `GovernmentOrganization` means one government's agency), so IOM and its mission
/// are plain `Organization`s; IOM's `additionalType` names its kind by Wikidata's item for an
/// international organisation, "established by treaty between governments".
const ORG_TYPE: &str = "Organization";
const IGO_TYPE: &str = "https://www.wikidata.org/wiki/Q484652";

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
        if let Some(section) = site.section_of(page) {
            crumbs.push((section.title.to_string(), section.path.to_string()));
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
