//! The documents a build publishes (sitemap, feeds, robots.txt, manifest, assets, `_headers`),
//! parsed back. Exact expectations on the fixture site; rules on the real site too.

use std::path::{Path, PathBuf};

use oim_build::documents::{documents, Document, FEED_ENTRIES};
use oim_build::{build, Built, Options};
use oim_site::Kind;

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(drafts: bool) -> Built {
    let content = root().join("tests/fixtures/site/content");
    build(&Options::for_tests(&root(), &content, drafts)).expect("the fixture site builds")
}

/// The real site, as `make test` builds it.
fn real() -> Built {
    let opts = Options::from_env(&root()).expect("options");
    build(&opts).expect("the real site builds")
}

fn doc<'a>(docs: &'a [Document], path: &str) -> &'a str {
    let d = docs
        .iter()
        .find(|d| d.path == path)
        .unwrap_or_else(|| panic!("{path} is not published"));
    std::str::from_utf8(&d.bytes).expect("UTF-8")
}

/// The rules `_headers` gives `path`.
fn headers_of(docs: &[Document], path: &str) -> String {
    let all = doc(docs, "/_headers");
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

fn local<'a>(built: &Built, url: &'a str) -> &'a str {
    url.strip_prefix(built.site_url.as_str()).unwrap_or(url)
}

#[test]
fn robots_allows_all_and_points_to_the_sitemap() {
    let built = fixture(false);
    let docs = documents(&built);
    assert!(headers_of(&docs, "/robots.txt").contains("Content-Type: text/plain; charset=utf-8"));
    let body = doc(&docs, "/robots.txt");
    assert!(body.contains("User-agent: *\nAllow: /"));
    assert!(body.contains("Sitemap: https://oim.example/sitemap.xml"));
}

/// Every published page and the contact pages, with reciprocal alternates and a French
/// x-default; nothing else.
fn check_sitemap(built: &Built) {
    let docs = documents(built);
    assert!(
        headers_of(&docs, "/sitemap.xml").contains("Content-Type: application/xml; charset=utf-8")
    );
    let text = doc(&docs, "/sitemap.xml");
    let xml = roxmltree::Document::parse(text).expect("the sitemap is XML");
    let urlset = xml.root_element();
    assert_eq!(
        (urlset.tag_name().name(), urlset.tag_name().namespace()),
        ("urlset", Some(SITEMAP_NS))
    );
    let mut listed: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for url in urlset.children().filter(|n| n.is_element()) {
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
            "{loc}: {lastmod}"
        );
        let alts = url
            .children()
            .filter(|c| c.tag_name().name() == "link" && c.tag_name().namespace() == Some(XHTML_NS))
            .map(|c| {
                (
                    c.attribute("hreflang").unwrap_or("").to_string(),
                    c.attribute("href").unwrap_or("").to_string(),
                )
            })
            .collect();
        listed.push((loc, alts));
    }
    let mut expected: Vec<String> = built
        .pages
        .iter()
        .filter(|p| !p.draft)
        .map(|p| p.path.to_string())
        .chain(
            oim_site::i18n::ALL
                .iter()
                .map(|t| oim_site::paths::contact_path(t)),
        )
        .collect();
    let mut got: Vec<String> = listed
        .iter()
        .map(|(l, _)| local(built, l).to_string())
        .collect();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
    for (loc, alts) in &listed {
        assert!(
            alts.iter().any(|(_, h)| h == loc),
            "{loc} does not list itself"
        );
        for (lang, href) in alts.iter().filter(|(l, _)| l != "x-default") {
            let theirs = &listed
                .iter()
                .find(|(l, _)| l == href)
                .unwrap_or_else(|| panic!("{href} is not listed"))
                .1;
            assert!(
                theirs.iter().any(|(_, h)| h == loc),
                "{href} ({lang}) does not point back to {loc}"
            );
        }
        if alts.len() > 1 {
            let (_, default) = alts
                .iter()
                .find(|(l, _)| l == "x-default")
                .expect("x-default");
            let default = local(built, default);
            assert!(
                !default.starts_with("/ar/") && !default.starts_with("/en/"),
                "{default}"
            );
        }
    }
}

#[test]
fn the_sitemap_lists_every_published_page_with_reciprocal_alternates() {
    check_sitemap(&fixture(false));
    check_sitemap(&real());
    let with_drafts = fixture(true);
    assert!(!doc(&documents(&with_drafts), "/sitemap.xml").contains("brouillon"));
}

/// Each section's feed: valid Atom, at most [`FEED_ENTRIES`] entries, newest first, each
/// identified by its article's permanent URL, no draft.
fn check_feeds(built: &Built) {
    let docs = documents(built);
    let site = built.site();
    for section in built.pages.iter().filter(|p| p.kind == Kind::Section) {
        let path = oim_site::paths::feed_path(section);
        let rules = headers_of(&docs, &path);
        assert!(
            rules.contains("Content-Type: application/atom+xml; charset=utf-8"),
            "{rules}"
        );
        assert!(
            rules.contains("Cache-Control: public, max-age=300"),
            "{rules}"
        );
        let text = doc(&docs, &path);
        let xml = roxmltree::Document::parse(text).expect("the feed is XML");
        let feed = xml.root_element();
        assert_eq!(
            (feed.tag_name().name(), feed.tag_name().namespace()),
            ("feed", Some(ATOM_NS))
        );
        let has = |node: roxmltree::Node, name: &str| {
            node.children().any(|c| c.tag_name().name() == name)
        };
        for required in ["id", "title", "updated", "author", "link"] {
            assert!(has(feed, required), "{path}: no <{required}>");
        }
        let entries: Vec<String> = feed
            .children()
            .filter(|c| c.tag_name().name() == "entry")
            .map(|entry| {
                for required in ["id", "title", "updated", "published", "summary", "link"] {
                    assert!(has(entry, required), "{path}: an entry has no <{required}>");
                }
                let id = entry
                    .children()
                    .find(|c| c.tag_name().name() == "id")
                    .and_then(|c| c.text());
                local(built, id.unwrap_or("")).to_string()
            })
            .collect();
        let newest: Vec<String> = site
            .articles_of(&section.path)
            .iter()
            .filter(|p| !p.draft)
            .take(FEED_ENTRIES)
            .map(|p| p.path.to_string())
            .collect();
        assert_eq!(entries, newest, "{path}");
    }
}

#[test]
fn each_section_has_a_valid_feed_of_its_newest_articles() {
    let built = fixture(false);
    check_feeds(&built);
    check_feeds(&real());
    // The fixture: four published items in French, newest first; the draft is left out.
    let docs = documents(&built);
    let feed = doc(&docs, "/actualites/feed.xml");
    let forum = feed.find("/actualites/forum-tanger/").expect("newest");
    let first = feed.find("/actualites/premiere-nouvelle/").expect("oldest");
    assert!(forum < first);
    assert!(!feed.contains("brouillon"));
    assert_eq!(feed.matches("<entry>").count(), 4);
}

#[test]
fn a_feed_carries_only_the_latest_entries() {
    // The fixture grown past the limit: a feed keeps the newest FEED_ENTRIES.
    let dir = std::env::temp_dir().join(format!("oim-feed-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root().join("tests/fixtures/site/content"), &dir);
    for i in 0..FEED_ENTRIES + 5 {
        for (suffix, title) in [("", "Essai"), (".ar", "تجربة"), (".en", "Trial")] {
            std::fs::write(
                dir.join(format!("actualites/essai-{i}{suffix}.md")),
                format!(
                    "+++\ntitle = \"{title} {i}\"\ndescription = \"D {i}.\"\ndate = 2019-{:02}-{:02}\n+++\n\nTexte.\n",
                    1 + i % 12,
                    1 + i / 12
                ),
            )
            .expect("write");
        }
    }
    let built = build(&Options::for_tests(&root(), &dir, false)).expect("builds");
    check_feeds(&built);
    let feed = doc(&documents(&built), "/actualites/feed.xml").to_string();
    assert_eq!(feed.matches("<entry>").count(), FEED_ENTRIES);
    std::fs::remove_dir_all(&dir).expect("clean up");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy");
        }
    }
}

#[test]
fn the_manifest_names_the_site_and_its_published_icons() {
    let built = fixture(false);
    let docs = documents(&built);
    assert!(headers_of(&docs, "/manifest.webmanifest")
        .contains("Content-Type: application/manifest+json"));
    let m: serde_json::Value =
        serde_json::from_str(doc(&docs, "/manifest.webmanifest")).expect("JSON");
    assert_eq!(m["short_name"], "OIM Maroc");
    assert_eq!(m["start_url"], "/");
    let icons = m["icons"].as_array().expect("icons");
    assert!(icons.iter().any(|i| i["sizes"] == "512x512"));
    for icon in icons {
        let src = icon["src"].as_str().unwrap_or("");
        assert!(docs.iter().any(|d| d.path == src), "{src} is not published");
    }
}

#[test]
fn assets_are_fingerprinted_immutable_and_the_share_image_fits_previews() {
    let built = fixture(false);
    let docs = documents(&built);
    let rules = doc(&docs, "/_headers");
    assert!(rules.contains("/assets/*\n  Cache-Control: public, max-age=31536000, immutable"));
    let png = |name: &str| {
        let url = built.site().asset(name).to_string();
        let bytes = &docs.iter().find(|d| d.path == url).expect(name).bytes;
        let size = imagesize::blob_size(bytes).expect("an image");
        (size.width, size.height, bytes.len())
    };
    let (w, h, len) = png("share.png");
    assert_eq!((w, h), (1200, 630));
    assert!(len < 100_000, "the share image is {len} bytes");
    assert_eq!(png("apple-touch-icon.png").0, 180);
    assert_eq!(png("icon-192.png").0, 192);
    assert_eq!(png("icon-512.png").0, 512);
    // The content's images are published at their fingerprinted URL.
    let image = &built.images[0].image;
    assert!(image.url.starts_with("/assets/atelier.") && image.url.ends_with(".png"));
    assert!(docs.iter().any(|d| d.path == image.url));
}

/// Static files on a preview address get `X-Robots-Tag: noindex` from `_headers`, as the
/// Worker's own answers do; a custom domain is never matched, and a site on workers.dev keeps
/// its production address indexed.
#[test]
fn static_files_are_not_indexed_on_preview_addresses() {
    use oim_build::documents::preview_rules;
    let docs = documents(&fixture(false));
    assert!(
        headers_of(&docs, "https://:version.:subdomain.workers.dev/*")
            .contains("X-Robots-Tag: noindex")
    );
    assert!(doc(&docs, "/_headers").ends_with(&preview_rules("https://oim.example")));
    let custom = preview_rules("https://maroc.iom.int");
    assert!(!custom.contains("maroc.iom.int"));
    assert_eq!(custom.matches("noindex").count(), 1);
    let on_workers_dev = preview_rules("https://oim-maroc.equipe.workers.dev");
    assert!(on_workers_dev.ends_with("https://oim-maroc.equipe.workers.dev/*\n  ! X-Robots-Tag\n"));
    // Rule lines (not comments) are URL patterns or indented headers, as `_headers` expects.
    for line in on_workers_dev.lines().filter(|l| !l.starts_with('#')) {
        assert!(
            line.starts_with("https://") || line.starts_with("  "),
            "{line}"
        );
    }
}
