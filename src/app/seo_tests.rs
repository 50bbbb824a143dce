//! What search engines and link previews read in pages (JSON-LD, canonical, Open Graph) and
//! how pages lead to the build's documents (sitemap, feeds): rules on the fixture site and
//! the real one, exact values on the fixture.

use http::header;
use http::StatusCode;
use oim_build::{documents, Built};
use oim_site::paths::{code_paths, feed_path};
use oim_site::Kind;

use crate::testing::{fixture_built, real_built, text, World};

fn worlds() -> [(World, &'static Built); 2] {
    [
        (World::default(), fixture_built(false)),
        (World::real(), real_built()),
    ]
}

/// The JSON-LD block of a page, raw and parsed.
fn json_ld_of(html: &str) -> (&str, serde_json::Value) {
    let block = html
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("a JSON-LD block");
    (block, serde_json::from_str(block).expect("JSON-LD parses"))
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
    for (w, _) in worlds() {
        for page in w.app.pages() {
            let res = w.get(&page.path);
            let html = text(&res).to_string();
            assert_eq!(
                html.matches("application/ld+json").count(),
                1,
                "{}",
                page.path
            );
            let (block, ld) = json_ld_of(&html);
            assert_eq!(ld["@context"], "https://schema.org");
            let kinds = types(&ld);
            match page.kind {
                Kind::Home => assert_eq!(kinds, ["Organization"], "{}", page.path),
                Kind::Article => assert!(
                    kinds.contains(&"NewsArticle".to_string())
                        && kinds.contains(&"BreadcrumbList".to_string()),
                    "{}: {kinds:?}",
                    page.path
                ),
                _ => assert_eq!(kinds, ["BreadcrumbList"], "{}", page.path),
            }
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
}

#[test]
fn a_news_item_about_an_event_is_a_news_article_and_an_event() {
    let w = World::default();
    for prefix in ["", "/ar", "/en"] {
        let html = text(&w.get(&format!("{prefix}/actualites/conference-rabat/"))).to_string();
        let (_, ld) = json_ld_of(&html);
        let graph = ld["@graph"].as_array().expect("graph");
        let of = |kind: &str| {
            graph
                .iter()
                .find(|n| n["@type"] == kind)
                .cloned()
                .expect(kind)
        };
        let article = of("NewsArticle");
        assert_eq!(article["datePublished"], "2023-01-29");
        assert_eq!(article["publisher"]["@type"], "Organization");
        let event = of("Event");
        assert_eq!(
            (event["startDate"].as_str(), event["endDate"].as_str()),
            (Some("2023-01-28"), Some("2023-01-29"))
        );
        assert_eq!(event["location"]["address"]["addressCountry"], "MA");
        assert_eq!(event["location"]["address"]["addressLocality"], "Rabat");
        let crumbs = of("BreadcrumbList");
        assert_eq!(crumbs["itemListElement"].as_array().map(Vec::len), Some(3));
    }
    // A news item without `[event]` claims no event.
    let html = text(&w.get("/actualites/forum-tanger/")).to_string();
    assert!(!types(&json_ld_of(&html).1).contains(&"Event".to_string()));
}

#[test]
fn every_page_has_one_canonical_and_complete_sharing_tags() {
    for (w, _) in worlds() {
        let mut paths: Vec<(String, bool)> = w
            .app
            .pages()
            .iter()
            .map(|p| (p.path.to_string(), p.kind == Kind::Article))
            .collect();
        paths.extend(code_paths().into_iter().map(|p| (p, false)));
        for (path, article) in paths {
            let html = text(&w.get(&path)).to_string();
            assert_eq!(html.matches("rel=\"canonical\"").count(), 1, "{path}");
            let canonical = format!(
                "<link rel=\"canonical\" href=\"{}{path}\">",
                w.app.site_url()
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
            let og_type = if article { "article" } else { "website" };
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
}

#[test]
fn every_url_of_the_sitemap_is_served() {
    for (w, built) in worlds() {
        let sitemap = documents::sitemap(built);
        let xml = roxmltree::Document::parse(&sitemap).expect("XML");
        let locs = xml
            .descendants()
            .filter(|n| n.tag_name().name() == "loc")
            .filter_map(|n| n.text());
        for loc in locs {
            let path = loc.strip_prefix(built.site_url.as_str()).unwrap_or(loc);
            assert_eq!(w.get(path).status(), StatusCode::OK, "{loc}");
        }
    }
}

#[test]
fn feeds_are_linked_from_their_section_and_from_every_page_head() {
    for (w, _) in worlds() {
        for section in w.app.pages().iter().filter(|p| p.kind == Kind::Section) {
            let feed = feed_path(section);
            let index = text(&w.get(&section.path)).to_string();
            assert!(
                index.contains(&format!(
                    "<a href=\"{feed}\" type=\"application/atom+xml\">"
                )),
                "{}",
                section.path
            );
            let home = oim_site::ui(&section.lang).home_path;
            let head = text(&w.get(&format!("{home}?from=test"))).to_string();
            assert!(
                head.contains("type=\"application/atom+xml\" title=")
                    && head.contains(&format!("href=\"{feed}\"")),
                "{home}"
            );
        }
    }
}
