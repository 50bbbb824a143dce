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
            // The whole value, as the build's policy writes it for this page.
            let css = base64::engine::general_purpose::STANDARD
                .encode(Sha256::digest(oim_site::views::CSS.as_bytes()));
            assert_eq!(
                csp,
                oim_site::csp::content_security_policy(
                    &format!("sha256-{css}"),
                    Some(&format!("'sha256-{hash}'")),
                    false
                ),
                "{}",
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

/// What the structured data may say about the organisation beyond the interface strings of
/// each language (its names, `iom_description`): facts of the seed, written down here on
/// purpose. Changing one in `seo.rs` means changing it here, knowingly.
const DECLARED: &[(&str, &str)] = &[
    // IOM's global site.
    ("iom_url", "https://www.iom.int"),
    // "fait partie du système des Nations Unies […] organisation intergouvernementale": an
    // international organisation established by treaty between governments (Wikidata).
    ("igo_type", "https://www.wikidata.org/wiki/Q484652"),
    // "L'OIM est présent au Maroc depuis 2007": the mission's country, nothing finer.
    ("country", "MA"),
];

fn declared(what: &str) -> String {
    DECLARED
        .iter()
        .find(|(k, _)| *k == what)
        .map(|(_, v)| v.to_string())
        .unwrap_or_default()
}

/// Every (property path, value) the JSON-LD of `page` may state, and where it comes from: the
/// page's front matter (title, description, language, `date`, `updated`, `[event]`), the
/// titles and paths of its ancestors, the site's address and static files, the interface
/// strings of its language, or [`DECLARED`].
fn backed_facts(site: oim_site::Site, page: &oim_site::Page) -> Vec<(String, String)> {
    let t = oim_site::ui(&page.lang);
    let home = site.absolute(t.home_path);
    let url = site.absolute(&page.path);
    let share = site.absolute(site.asset("share.png"));
    let mut facts: Vec<(String, String)> = Vec::new();
    let mut allow = |path: &str, value: &str| facts.push((path.to_string(), value.to_string()));
    // The mission, as the publisher of its own site (its names are interface strings).
    let mission = |at: &str, allow: &mut dyn FnMut(&str, &str)| {
        allow(&format!("{at}.@type"), "Organization");
        allow(&format!("{at}.name"), t.site_name);
        allow(&format!("{at}.alternateName"), t.footer_org);
        allow(&format!("{at}.url"), &home);
        allow(
            &format!("{at}.logo"),
            &site.absolute(site.asset("icon-512.png")),
        );
    };
    if page.kind == Kind::Home {
        mission("Organization", &mut allow);
        let iom = "Organization.parentOrganization";
        allow(&format!("{iom}.@type"), "Organization");
        allow(&format!("{iom}.additionalType"), &declared("igo_type"));
        allow(&format!("{iom}.name"), t.site_tagline);
        allow(&format!("{iom}.description"), t.iom_description);
        allow(&format!("{iom}.url"), &declared("iom_url"));
        allow("Organization.address.@type", "PostalAddress");
        allow("Organization.address.addressCountry", &declared("country"));
    } else {
        let mut crumbs = vec![(t.home.to_string(), home.clone())];
        // A news item, or a later page of a list, sits under its section.
        if matches!(page.kind, Kind::Article | Kind::ListPage) {
            if let Some(section) = site.section_of(page) {
                crumbs.push((section.title.to_string(), site.absolute(&section.path)));
            }
        }
        crumbs.push((page.title.to_string(), url.clone()));
        allow("BreadcrumbList.@type", "BreadcrumbList");
        let item = "BreadcrumbList.itemListElement";
        for (i, (name, link)) in crumbs.iter().enumerate() {
            allow(&format!("{item}.@type"), "ListItem");
            allow(&format!("{item}.position"), &(i + 1).to_string());
            allow(&format!("{item}.name"), name);
            allow(&format!("{item}.item"), link);
        }
    }
    if page.kind == Kind::Article {
        let a = "NewsArticle";
        allow(&format!("{a}.@type"), a);
        allow(&format!("{a}.headline"), &page.title);
        allow(&format!("{a}.description"), &page.description);
        allow(&format!("{a}.inLanguage"), &page.lang);
        if let Some(date) = page.date {
            allow(&format!("{a}.datePublished"), &date.iso());
            let modified = page.updated.unwrap_or(date);
            allow(&format!("{a}.dateModified"), &modified.iso());
        }
        allow(&format!("{a}.mainEntityOfPage"), &url);
        allow(&format!("{a}.image"), &share);
        mission("NewsArticle.author", &mut allow);
        mission("NewsArticle.publisher", &mut allow);
        if let Some(event) = &page.event {
            let e = "Event";
            allow(&format!("{e}.@type"), e);
            allow(&format!("{e}.name"), &event.name);
            allow(&format!("{e}.description"), &page.description);
            allow(&format!("{e}.inLanguage"), &page.lang);
            allow(&format!("{e}.startDate"), &event.start.iso());
            allow(&format!("{e}.endDate"), &event.end.iso());
            // The front matter describes an event held as planned, in a city: schema.org's
            // plain status and in-person attendance, nothing more.
            allow(
                &format!("{e}.eventStatus"),
                "https://schema.org/EventScheduled",
            );
            allow(
                &format!("{e}.eventAttendanceMode"),
                "https://schema.org/OfflineEventAttendanceMode",
            );
            allow(&format!("{e}.url"), &url);
            allow(&format!("{e}.image"), &share);
            allow(&format!("{e}.location.@type"), "Place");
            allow(&format!("{e}.location.name"), &event.city);
            allow(&format!("{e}.location.address.@type"), "PostalAddress");
            allow(
                &format!("{e}.location.address.addressLocality"),
                &event.city,
            );
            allow(
                &format!("{e}.location.address.addressCountry"),
                &event.country,
            );
            mission("Event.organizer", &mut allow);
        }
    }
    facts
}

/// The JSON-LD as (property path, value) pairs: `NewsArticle.publisher.name`; a node of the
/// graph starts its path with its `@type`, array items share their array's path.
fn stated_facts(ld: &serde_json::Value) -> Vec<(String, String)> {
    fn walk(v: &serde_json::Value, path: &str, out: &mut Vec<(String, String)>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    walk(v, &format!("{path}.{k}"), out);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, path, out)),
            serde_json::Value::String(s) => out.push((path.to_string(), s.clone())),
            other => out.push((path.to_string(), other.to_string())),
        }
    }
    let mut out = Vec::new();
    if let Some(graph) = ld["@graph"].as_array() {
        for node in graph {
            walk(node, node["@type"].as_str().unwrap_or("?"), &mut out);
        }
    }
    let context = ld["@context"].as_str().unwrap_or("");
    out.push(("@context".into(), context.into()));
    out
}

/// What `ld` states that nothing backs, said so that the fix is clear.
fn unbacked_claims(
    ld: &serde_json::Value,
    site: oim_site::Site,
    page: &oim_site::Page,
) -> Vec<String> {
    let mut backed = backed_facts(site, page);
    backed.push(("@context".into(), "https://schema.org".into()));
    stated_facts(ld)
        .into_iter()
        .filter(|fact| !backed.contains(fact))
        .map(|(path, value)| {
            let allowed: Vec<&str> = backed
                .iter()
                .filter(|(p, _)| *p == path)
                .map(|(_, v)| v.as_str())
                .collect();
            if allowed.is_empty() {
                format!(
                    "{path} = {value:?}: nothing in the front matter or the declared facts says so"
                )
            } else {
                format!(
                    "{path} = {value:?}: the front matter or the declared facts say {allowed:?}"
                )
            }
        })
        .collect()
}

#[test]
fn structured_data_states_only_what_the_front_matter_or_the_declared_facts_say() {
    for (w, _) in worlds() {
        let site = w.app.site();
        for page in w.app.pages() {
            let html = text(&w.get(&page.path)).to_string();
            let (_, ld) = json_ld_of(&html);
            let claims = unbacked_claims(&ld, site, page);
            assert!(claims.is_empty(), "{}: {claims:#?}", page.path);
        }
    }
}

/// The rule above catches what it is for: an invented telephone, an `Event` on a news item
/// without `[event]`, a date that is not the front matter's.
#[test]
fn an_invented_claim_is_caught() {
    let w = World::default();
    let site = w.app.site();
    let pages = w.app.pages();
    let home = pages.iter().find(|p| p.kind == Kind::Home).expect("a home");
    let (_, mut ld) = json_ld_of(text(&w.get(&home.path)));
    ld["@graph"][0]["telephone"] = "+212 5 00 00 00 00".into();
    let claims = unbacked_claims(&ld, site, home);
    assert!(
        claims.len() == 1 && claims[0].starts_with("Organization.telephone = "),
        "{claims:#?}"
    );
    let plain = pages
        .iter()
        .find(|p| p.kind == Kind::Article && p.event.is_none())
        .expect("a news item without an event");
    let (_, mut ld) = json_ld_of(text(&w.get(&plain.path)));
    let graph = ld["@graph"].as_array_mut().expect("a graph");
    graph.push(serde_json::json!({"@type": "Event", "name": plain.title.as_ref()}));
    let article = graph
        .iter_mut()
        .find(|n| n["@type"] == "NewsArticle")
        .expect("a NewsArticle");
    article["datePublished"] = "1999-12-31".into();
    let claims = unbacked_claims(&ld, site, plain);
    for expected in [
        "Event.@type = \"Event\"",
        "Event.name = ",
        "NewsArticle.datePublished = \"1999-12-31\": the front matter or the declared facts say",
    ] {
        assert!(
            claims.iter().any(|c| c.starts_with(expected)),
            "{expected}: {claims:#?}"
        );
    }
}
