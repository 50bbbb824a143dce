//! Sitemap, feeds, robots.txt, manifest and structured data, parsed back and checked.

use bytes::Bytes;
use http::header;
use http::{Request, StatusCode};

use super::*;
use crate::content::load::parse_page;
use crate::testing::{text, World};

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

/// A document build.rs wrote to `public/` (served by Workers static assets).
fn published(path: &str) -> String {
    let file = format!("{}/public{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The headers `public/_headers` gives `path`.
fn static_headers(path: &str) -> String {
    let all = published("/_headers");
    let start = all
        .find(&format!("{path}\n"))
        .unwrap_or_else(|| panic!("no _headers rule for {path}"));
    all[start..]
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The path of one of our absolute URLs.
fn local(url: &str) -> &str {
    url.strip_prefix(crate::generated::SITE_URL).unwrap_or(url)
}

#[test]
fn escapes_xml() {
    assert_eq!(xml("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
}

#[test]
fn robots_allows_all_and_points_to_the_sitemap() {
    assert!(static_headers("/robots.txt").contains("Content-Type: text/plain; charset=utf-8"));
    let body = published("/robots.txt");
    assert!(body.contains("User-agent: *\nAllow: /"));
    assert!(body.contains(&format!(
        "Sitemap: {}/sitemap.xml",
        crate::generated::SITE_URL
    )));
}

#[test]
fn the_sitemap_lists_every_page_with_reciprocal_alternates() {
    let w = World::default();
    assert!(static_headers("/sitemap.xml").contains("Content-Type: application/xml; charset=utf-8"));
    let xml_text = published("/sitemap.xml");
    let doc = roxmltree::Document::parse(&xml_text).expect("sitemap is XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(root.tag_name().namespace(), Some(SITEMAP_NS));

    let mut listed = Vec::new();
    let mut alternates: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for url in root.children().filter(|n| n.is_element()) {
        assert_eq!(url.tag_name().name(), "url");
        let child = |name: &str| {
            url.children()
                .find(|c| {
                    c.tag_name().name() == name && c.tag_name().namespace() == Some(SITEMAP_NS)
                })
                .and_then(|c| c.text())
                .unwrap_or("")
        };
        let loc = child("loc").to_string();
        let lastmod = child("lastmod");
        assert!(
            lastmod.len() == 10 && lastmod.as_bytes()[4] == b'-',
            "{loc}: lastmod {lastmod}"
        );
        // Every URL of the sitemap answers 200.
        assert_eq!(w.get(local(&loc)).status(), StatusCode::OK, "{loc}");
        let alts: Vec<(String, String)> = url
            .children()
            .filter(|c| c.tag_name().name() == "link" && c.tag_name().namespace() == Some(XHTML_NS))
            .map(|c| {
                (
                    c.attribute("hreflang").unwrap_or("").to_string(),
                    c.attribute("href").unwrap_or("").to_string(),
                )
            })
            .collect();
        listed.push(local(&loc).to_string());
        alternates.push((loc, alts));
    }
    for page in w.app.pages() {
        assert!(
            listed.contains(&page.path.to_string()),
            "{} missing from the sitemap",
            page.path
        );
    }
    // Alternates are reciprocal: each alternate lists this URL back, and x-default is French.
    for (loc, alts) in &alternates {
        assert!(
            alts.iter().any(|(l, h)| h == loc && !l.is_empty()),
            "{loc} does not list itself"
        );
        for (lang, href) in alts.iter().filter(|(l, _)| l != "x-default") {
            let theirs = &alternates
                .iter()
                .find(|(l, _)| l == href)
                .expect("alternate is listed")
                .1;
            assert!(
                theirs.iter().any(|(_, h)| h == loc),
                "{href} ({lang}) does not point back to {loc}"
            );
        }
        let default = alts
            .iter()
            .find(|(l, _)| l == "x-default")
            .expect("x-default");
        assert!(!local(&default.1).starts_with("/ar/") && !local(&default.1).starts_with("/en/"));
    }
}

#[test]
fn each_language_has_a_valid_atom_feed() {
    let w = World::default();
    for t in crate::i18n::ALL {
        let path = format!("{}/actualites/feed.xml", t.prefix);
        let rules = static_headers(&path);
        assert!(
            rules.contains("Content-Type: application/atom+xml; charset=utf-8"),
            "{rules}"
        );
        assert!(
            rules.contains("Cache-Control: public, max-age=300"),
            "{rules}"
        );
        let body = published(&path);
        let doc = roxmltree::Document::parse(&body).expect("feed is XML");
        let feed = doc.root_element();
        assert_eq!(
            (feed.tag_name().name(), feed.tag_name().namespace()),
            ("feed", Some(ATOM_NS))
        );
        let has = |node: roxmltree::Node, name: &str| {
            node.children().any(|c| c.tag_name().name() == name)
        };
        for required in ["id", "title", "updated", "author", "link"] {
            assert!(has(feed, required), "{path}: feed lacks <{required}>");
        }
        let self_link = feed
            .children()
            .find(|c| c.tag_name().name() == "link" && c.attribute("rel") == Some("self"))
            .and_then(|c| c.attribute("href"))
            .expect("rel=self");
        assert_eq!(local(self_link), path);
        let entries: Vec<_> = feed
            .children()
            .filter(|c| c.tag_name().name() == "entry")
            .collect();
        assert_eq!(entries.len(), 1, "{path}: the SALEMM article");
        for entry in entries {
            for required in ["id", "title", "updated", "published", "summary", "link"] {
                assert!(has(entry, required), "{path}: entry lacks <{required}>");
            }
            let id = entry
                .children()
                .find(|c| c.tag_name().name() == "id")
                .and_then(|c| c.text())
                .unwrap_or("");
            // The id is the article's permanent URL, the same from one build to the next.
            assert_eq!(
                local(id),
                format!(
                    "{}/actualites/conference-de-cloture-du-projet-salemm/",
                    t.prefix
                )
            );
        }
        // Linked from the news index (visible) and from every page's <head>.
        let index = text(&w.get(&format!("{}/actualites/", t.prefix))).to_string();
        assert!(index.contains(&format!(
            "<a href=\"{path}\" type=\"application/atom+xml\">"
        )));
        let home =
            text(&w.send(Request::get(t.home_path).body(Bytes::new()).expect("req"))).to_string();
        assert!(
            home.contains("type=\"application/atom+xml\" title=")
                && home.contains(&format!("href=\"{path}\""))
        );
    }
}

/// The JSON-LD block of a page, parsed.
fn json_ld_of(html: &str) -> serde_json::Value {
    let block = html
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("a JSON-LD block");
    serde_json::from_str(block).expect("JSON-LD parses")
}

fn types(ld: &serde_json::Value) -> Vec<String> {
    ld["@graph"].as_array().map_or(Vec::new(), |g| {
        g.iter()
            .filter_map(|n| n["@type"].as_str().map(str::to_string))
            .collect()
    })
}

#[test]
fn every_page_has_structured_data_allowed_by_its_csp() {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let w = World::default();
    for page in w.app.pages() {
        let res = w.get(&page.path);
        let html = text(&res).to_string();
        assert_eq!(
            html.matches("application/ld+json").count(),
            1,
            "{}",
            page.path
        );
        let ld = json_ld_of(&html);
        assert_eq!(ld["@context"], "https://schema.org");
        let kinds = types(&ld);
        match page.kind {
            crate::content::Kind::Home => assert_eq!(kinds, ["Organization"], "{}", page.path),
            crate::content::Kind::Article => {
                assert!(
                    kinds.contains(&"NewsArticle".to_string())
                        && kinds.contains(&"BreadcrumbList".to_string())
                );
            }
            _ => assert_eq!(kinds, ["BreadcrumbList"], "{}", page.path),
        }
        let block = html
            .split("<script type=\"application/ld+json\">")
            .nth(1)
            .and_then(|s| s.split("</script>").next())
            .unwrap_or("");
        let hash =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(block.as_bytes()));
        let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap_or("");
        assert!(
            csp.contains(&format!("script-src 'sha256-{hash}'")),
            "{}: {csp}",
            page.path
        );
    }
}

#[test]
fn the_salemm_article_is_a_news_article_and_an_event_in_rabat() {
    let w = World::default();
    for prefix in ["", "/ar", "/en"] {
        let html = text(&w.get(&format!(
            "{prefix}/actualites/conference-de-cloture-du-projet-salemm/"
        )))
        .to_string();
        let ld = json_ld_of(&html);
        let graph = ld["@graph"].as_array().expect("graph");
        let of = |kind: &str| {
            graph
                .iter()
                .find(|n| n["@type"] == kind)
                .cloned()
                .expect(kind)
        };
        let article = of("NewsArticle");
        assert_eq!(article["datePublished"], "2016-01-29");
        assert!(article["headline"]
            .as_str()
            .is_some_and(|h| h.contains("SALEMM")));
        assert_eq!(article["publisher"]["@type"], "Organization");
        let event = of("Event");
        assert_eq!(
            (event["startDate"].as_str(), event["endDate"].as_str()),
            (Some("2016-01-28"), Some("2016-01-29"))
        );
        assert_eq!(event["location"]["address"]["addressCountry"], "MA");
        assert!(["Rabat", "الرباط"].contains(
            &event["location"]["address"]["addressLocality"]
                .as_str()
                .unwrap_or("")
        ));
        assert_eq!(event["organizer"]["@type"], "Organization");
        let crumbs = of("BreadcrumbList");
        assert_eq!(crumbs["itemListElement"].as_array().map(Vec::len), Some(3));
    }
}

#[test]
fn every_page_has_one_canonical_and_complete_sharing_tags() {
    let w = World::default();
    let mut paths: Vec<String> = w.app.pages().iter().map(|p| p.path.to_string()).collect();
    paths.extend(crate::views::code_paths());
    for path in paths {
        let html = text(&w.get(&path)).to_string();
        assert_eq!(html.matches("rel=\"canonical\"").count(), 1, "{path}");
        let canonical = format!(
            "<link rel=\"canonical\" href=\"{}{path}\">",
            crate::generated::SITE_URL
        );
        assert!(html.contains(&canonical), "{path}");
        for tag in [
            "og:title",
            "og:description",
            "og:url",
            "og:type",
            "og:locale",
            "og:image",
            "og:image:width",
            "og:image:height",
            "og:image:alt",
            "og:site_name",
            "og:locale:alternate",
        ] {
            assert!(
                html.contains(&format!("property=\"{tag}\" content=\"")),
                "{path}: {tag}"
            );
        }
        for tag in [
            "twitter:card",
            "twitter:title",
            "twitter:description",
            "twitter:image",
        ] {
            assert!(
                html.contains(&format!("name=\"{tag}\" content=\"")),
                "{path}: {tag}"
            );
        }
        let og_type = if path.contains("/actualites/conference") {
            "article"
        } else {
            "website"
        };
        assert!(
            html.contains(&format!("property=\"og:type\" content=\"{og_type}\"")),
            "{path}"
        );
        for icon in [
            "rel=\"icon\" href=\"/assets/favicon.",
            "rel=\"apple-touch-icon\" href=\"/assets/",
            "rel=\"manifest\"",
        ] {
            assert!(html.contains(icon), "{path}: {icon}");
        }
    }
}

#[test]
fn the_share_image_and_icons_are_real_files_of_the_right_size() {
    let w = World::default();
    let site = w.app.site();
    let png_size = |name: &str| {
        let path = format!("{}/public{}", env!("CARGO_MANIFEST_DIR"), site.asset(name));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{name} is a PNG");
        let be =
            |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
        (be(16), be(20), bytes.len())
    };
    let (w_px, h_px, len) = png_size("share.png");
    assert_eq!((w_px, h_px), (1200, 630));
    assert!(len < 100_000, "share image is {len} bytes");
    assert_eq!(png_size("apple-touch-icon.png").0, 180);
    assert_eq!(png_size("icon-192.png").0, 192);
    assert_eq!(png_size("icon-512.png").0, 512);
    let headers = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/public/_headers"))
        .expect("_headers");
    assert!(headers.contains("/assets/*\n  Cache-Control: public, max-age=31536000, immutable"));
}

#[test]
fn the_manifest_names_the_site_and_its_icons() {
    assert!(
        static_headers("/manifest.webmanifest").contains("Content-Type: application/manifest+json")
    );
    let m: serde_json::Value =
        serde_json::from_str(&published("/manifest.webmanifest")).expect("manifest is JSON");
    assert_eq!(m["short_name"], "OIM Maroc");
    assert_eq!(m["theme_color"], "#0033a0");
    assert_eq!(m["start_url"], "/");
    let icons = m["icons"].as_array().expect("icons");
    assert!(icons.iter().any(|i| i["sizes"] == "512x512"));
    for icon in icons {
        let src = icon["src"].as_str().unwrap_or("");
        assert!(
            std::path::Path::new(&format!("{}/public{src}", env!("CARGO_MANIFEST_DIR"))).is_file(),
            "{src}"
        );
    }
}

#[test]
fn drafts_appear_in_no_sitemap_and_no_feed() {
    let fm = |title: &str, extra: &str| {
        format!("+++\ntitle = \"{title}\"\ndescription = \"Résumé.\"\ndate = 2026-11-01\nuntranslated = true\n{extra}+++\n\nTexte.\n")
    };
    let section = parse_page(
        "content/actualites/_index.md",
        "actualites/_index.md",
        &fm("Actualités", ""),
    )
    .expect("section");
    let published = parse_page(
        "content/actualites/ok.md",
        "actualites/ok.md",
        &fm("Publié", ""),
    )
    .expect("page");
    let draft = parse_page(
        "content/actualites/secret.md",
        "actualites/secret.md",
        &fm("Brouillon secret", "draft = true\n"),
    )
    .expect("draft");
    let pages = vec![section.clone(), published, draft];
    let site = Site {
        base_url: "https://oim.example",
        pages: &pages,
        assets: &[],
        images: &[],
    };
    let build = Date {
        year: 2026,
        month: 11,
        day: 29,
    };
    let sitemap = sitemap(&site, build);
    let feed = feed(&site, &section, build);
    for doc in [&sitemap, &feed] {
        assert!(!doc.contains("secret"), "a draft leaked: {doc}");
    }
    assert!(feed.contains("Publié") && sitemap.contains("/actualites/ok/"));
}
