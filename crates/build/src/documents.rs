//! The documents a build publishes next to the Worker, served by Workers static assets (no wasm
//! runs for them): robots.txt, the sitemap, each news section's Atom feed, the web app
//! manifest, the fingerprinted static files and images, and `_headers`, which gives each its
//! type, cache policy and security headers.

use oim_site::i18n::{ui, ALL};
use oim_site::paths::{contact_path, feed_path, home_path};
use oim_site::{Date, Kind, Page, Site};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use crate::Built;

/// How many entries a feed carries: readers only want what is new, and a feed of ten years of
/// news would be megabytes fetched every hour.
pub const FEED_ENTRIES: usize = 20;

/// One file to publish under the assets folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Its URL path: `/sitemap.xml`, `/assets/share.1a2b3c4d5e.png`.
    pub path: String,
    pub bytes: Vec<u8>,
}

const SECURITY: &str =
    "  X-Content-Type-Options: nosniff\n  Strict-Transport-Security: max-age=63072000; includeSubDomains\n";
const REVALIDATED: &str = "  Cache-Control: public, max-age=300, stale-while-revalidate=86400\n";

/// Every document of a built site, `_headers` last.
pub fn documents(built: &Built) -> Vec<Document> {
    let site = built.site();
    let mut docs = Vec::new();
    let mut headers = format!(
        "/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n  Cross-Origin-Resource-Policy: cross-origin\n{SECURITY}"
    );
    let mut text = |path: String, content_type: &str, body: String| {
        headers.push_str(&format!(
            "{path}\n  Content-Type: {content_type}\n{REVALIDATED}{SECURITY}"
        ));
        docs.push(Document {
            path,
            bytes: body.into_bytes(),
        });
    };
    text(
        "/robots.txt".into(),
        "text/plain; charset=utf-8",
        robots(&site),
    );
    text(
        "/sitemap.xml".into(),
        "application/xml; charset=utf-8",
        sitemap(built),
    );
    text(
        "/manifest.webmanifest".into(),
        "application/manifest+json",
        manifest(&site),
    );
    for section in site.pages.iter().filter(|p| p.kind == Kind::Section) {
        text(
            feed_path(section),
            "application/atom+xml; charset=utf-8",
            feed(built, section),
        );
    }
    for asset in &built.assets {
        docs.push(Document {
            path: asset.url.clone(),
            bytes: asset.bytes.clone(),
        });
    }
    for found in &built.images {
        if let Ok(bytes) = std::fs::read(&found.file) {
            docs.push(Document {
                path: found.image.url.to_string(),
                bytes,
            });
        }
    }
    headers.push_str(&preview_rules(&built.site_url));
    docs.push(Document {
        path: "/_headers".into(),
        bytes: headers.into_bytes(),
    });
    docs
}

/// Static files do not run the Worker, which marks its own answers on a preview host
/// (`src/preview.rs`): these rules give them `X-Robots-Tag: noindex` on every workers.dev
/// address (Cloudflare's documented pattern; a version's preview and the branch aliases are
/// all `<name>.<account>.workers.dev`), except on the production host when the site itself is
/// on workers.dev. A custom domain's files are never matched.
pub fn preview_rules(site_url: &str) -> String {
    let mut rules = "# Not indexed on preview addresses (src/preview.rs)
         https://:version.:subdomain.workers.dev/*
  X-Robots-Tag: noindex
"
    .to_string();
    let host = site_url
        .split_once("://")
        .map_or(site_url, |(_, rest)| rest)
        .split(['/', ':'])
        .next()
        .unwrap_or("");
    if host.ends_with(".workers.dev") {
        rules.push_str(&format!(
            "https://{host}/*
  ! X-Robots-Tag
"
        ));
    }
    rules
}

pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
        site.base_url
    )
}

/// An XML document written with quick-xml (which escapes text and attributes).
fn xml_document(root: impl FnOnce(&mut Writer<Vec<u8>>) -> std::io::Result<()>) -> String {
    let mut w = Writer::new(Vec::new());
    let written = w
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .and_then(|_| w.write_indent())
        .and_then(|_| root(&mut w));
    // Writing into memory cannot fail.
    debug_assert!(written.is_ok());
    let mut out = String::from_utf8(w.into_inner()).unwrap_or_default();
    out.push('\n');
    out
}

/// A sitemap entry: the page's path, its last change and its versions as (language, path).
type Entry<'a> = (String, Date, Vec<(&'a str, String)>);

/// Every published page in every language (news lists and all), and the contact pages, with
/// their alternates (sitemaps.org 0.9 with `xhtml:link`, as search engines document for
/// multilingual sites).
pub fn sitemap(built: &Built) -> String {
    let site = built.site();
    let mut entries: Vec<Entry> = Vec::new();
    for (i, page) in site.pages.iter().enumerate().filter(|(_, p)| !p.draft) {
        let versions = with_default(
            site.versions(page)
                .iter()
                .filter(|v| !v.draft)
                .map(|v| (v.lang.as_ref(), v.path.to_string()))
                .collect(),
        );
        entries.push((page.path.to_string(), built.modified[i], versions));
    }
    let contact = with_default(ALL.iter().map(|t| (t.lang, contact_path(t))).collect());
    for t in ALL {
        entries.push((contact_path(t), built.build_date, contact.clone()));
    }
    xml_document(|w| {
        w.create_element("urlset")
            .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
            .with_attribute(("xmlns:xhtml", "http://www.w3.org/1999/xhtml"))
            .write_inner_content(|w| {
                for (path, date, versions) in &entries {
                    w.create_element("url").write_inner_content(|w| {
                        text_element(w, "loc", &site.absolute(path))?;
                        text_element(w, "lastmod", &date.iso())?;
                        for (lang, alt) in versions {
                            w.create_element("xhtml:link")
                                .with_attribute(("rel", "alternate"))
                                .with_attribute(("hreflang", *lang))
                                .with_attribute(("href", site.absolute(alt).as_str()))
                                .write_empty()?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            })
            .map(|_| ())
    })
}

fn text_element(w: &mut Writer<Vec<u8>>, name: &str, text: &str) -> std::io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(text))
        .map(|_| ())
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

fn rfc3339(d: Date) -> String {
    format!("{}T00:00:00Z", d.iso())
}

/// The Atom 1.0 feed of a section (`/actualites/feed.xml`): its latest [`FEED_ENTRIES`]
/// articles. Entry ids are the articles' permanent URLs, stable from one deploy to the next.
pub fn feed(built: &Built, section: &Page) -> String {
    let site = built.site();
    let t = ui(&section.lang);
    let items: Vec<&Page> = site
        .articles_of(&section.path)
        .into_iter()
        .filter(|p| !p.draft)
        .take(FEED_ENTRIES)
        .collect();
    let lastmod = |p: &Page| p.updated.or(p.date).unwrap_or(built.build_date);
    let updated = items
        .iter()
        .map(|p| lastmod(p))
        .max()
        .unwrap_or(built.build_date);
    let self_url = site.absolute(&feed_path(section));
    xml_document(|w| {
        w.create_element("feed")
            .with_attribute(("xmlns", "http://www.w3.org/2005/Atom"))
            .with_attribute(("xml:lang", t.lang))
            .write_inner_content(|w| {
                text_element(w, "title", &format!("{} · {}", section.title, t.site_name))?;
                text_element(w, "subtitle", &section.description)?;
                link(w, "self", "application/atom+xml", &self_url)?;
                link(w, "alternate", "text/html", &site.absolute(&section.path))?;
                text_element(w, "id", &self_url)?;
                text_element(w, "updated", &rfc3339(updated))?;
                w.create_element("author").write_inner_content(|w| {
                    text_element(w, "name", t.site_name)?;
                    text_element(w, "uri", &site.absolute(&home_path(t)))
                })?;
                text_element(w, "icon", &site.absolute(site.asset("favicon-32.png")))?;
                for item in &items {
                    let url = site.absolute(&item.path);
                    w.create_element("entry").write_inner_content(|w| {
                        text_element(w, "title", &item.title)?;
                        link(w, "alternate", "text/html", &url)?;
                        text_element(w, "id", &url)?;
                        let published = item.date.unwrap_or(built.build_date);
                        text_element(w, "published", &rfc3339(published))?;
                        text_element(w, "updated", &rfc3339(lastmod(item)))?;
                        text_element(w, "summary", &item.description)
                    })?;
                }
                Ok(())
            })
            .map(|_| ())
    })
}

fn link(w: &mut Writer<Vec<u8>>, rel: &str, ty: &str, href: &str) -> std::io::Result<()> {
    w.create_element("link")
        .with_attribute(("rel", rel))
        .with_attribute(("type", ty))
        .with_attribute(("href", href))
        .write_empty()
        .map(|_| ())
}

/// The web app manifest: what "Add to home screen" shows.
pub fn manifest(site: &Site) -> String {
    let t = ALL[0];
    let icon = |name: &str, sizes: &str, kind: &str| serde_json::json!({ "src": site.asset(name), "sizes": sizes, "type": kind });
    serde_json::json!({
        "name": format!("{} · {}", t.site_name, t.site_tagline),
        "short_name": t.site_name,
        "lang": t.lang,
        "dir": t.dir,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0033a0",
        "icons": [
            icon("icon-192.png", "192x192", "image/png"),
            icon("icon-512.png", "512x512", "image/png"),
            icon("favicon.svg", "any", "image/svg+xml"),
        ],
    })
    .to_string()
}
