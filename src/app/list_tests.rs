//! Lists longer than a page, on the fixture site with 27 more news items in each language:
//! 31 items, pages of 12, 12 and 7.

use http::header;
use http::StatusCode;

use oim_site::i18n::ALL;
use oim_site::list::{page_path, PER_PAGE};
use oim_site::Kind;

use crate::testing::{fixture, fixture_with_news, get_if_none_match, text, World};
use crate::App;

const EXTRA: usize = 2 * PER_PAGE + 3;

fn world() -> World {
    World::with(App::with(fixture_with_news(EXTRA).leak()))
}

/// The news section of each language: `/actualites/`, `/ar/actualites/`, `/en/actualites/`.
fn sections() -> Vec<String> {
    ALL.iter()
        .map(|t| format!("{}/actualites/", t.prefix))
        .collect()
}

/// The links of the news list (`<ul class="news">`) of a page, in order.
fn listed(html: &str) -> Vec<String> {
    let Some(list) = html.split("<ul class=\"news\">").nth(1) else {
        return Vec::new();
    };
    let list = list.split("</ul>").next().unwrap_or("");
    list.split("<li><a href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}

/// The `href` of the first `<a …>` whose opening tag contains `marker`.
fn link_with(html: &str, marker: &str) -> Option<String> {
    html.split("<a ")
        .skip(1)
        .map(|a| &a[..a.find('>').unwrap_or(a.len())])
        .find(|a| a.contains(marker))
        .and_then(|a| a.split("href=\"").nth(1))
        .and_then(|h| h.split('"').next())
        .map(str::to_string)
}

#[test]
fn a_long_list_is_cut_into_pages_of_twelve_newest_first_each_item_once() {
    let w = world();
    let site = w.app.site();
    for section in sections() {
        let all: Vec<String> = site
            .articles_of(&section)
            .iter()
            .map(|p| p.path.to_string())
            .collect();
        assert_eq!(all.len(), EXTRA + 4, "{section}");
        let mut seen = Vec::new();
        for (n, expected) in [(1, PER_PAGE), (2, PER_PAGE), (3, 7)] {
            let path = page_path(&section, n);
            let res = w.get(&path);
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            let items = listed(text(&res));
            assert_eq!(items.len(), expected, "{path}");
            seen.extend(items);
        }
        assert_eq!(seen, all, "{section}: every item once, newest first");
        let past = page_path(&section, 4);
        assert_eq!(w.get(&past).status(), StatusCode::NOT_FOUND, "{past}");
    }
}

#[test]
fn list_pages_are_pages_of_the_table_with_their_own_title() {
    let w = world();
    let pages = w.app.pages();
    let lists: Vec<_> = pages.iter().filter(|p| p.kind == Kind::ListPage).collect();
    assert_eq!(lists.len(), 2 * ALL.len());
    for page in lists {
        let section = w.app.site().section_of(page).expect("a section");
        assert_eq!(section.lang, page.lang);
        assert!(
            page.title.starts_with(section.title.as_ref()),
            "{}",
            page.title
        );
        assert_ne!(page.title, section.title);
        // Each language's page 2 is the translation of the others'.
        let versions = w.app.site().versions(page);
        assert_eq!(versions.len(), ALL.len(), "{}", page.path);
    }
    let fr = text(&w.get("/actualites/page/2/")).to_string();
    assert!(fr.contains("<title>Actualités – page 2 · "), "French title");
    assert!(fr.contains("<h1>Actualités – page 2</h1>"));
    let ar = text(&w.get("/ar/actualites/page/3/")).to_string();
    assert!(ar.contains("– الصفحة 3</h1>"), "Arabic h1");
}

#[test]
fn each_page_has_its_canonical_url_and_links_to_its_neighbours() {
    let w = world();
    let base = w.app.site_url();
    for section in sections() {
        let pages: Vec<String> = (1..=3).map(|n| page_path(&section, n)).collect();
        for (i, path) in pages.iter().enumerate() {
            let html = text(&w.get(path)).to_string();
            let canonical = format!("<link rel=\"canonical\" href=\"{base}{path}\">");
            assert!(html.contains(&canonical), "{path}: {canonical}");
            let previous = link_with(&html, "rel=\"prev\"");
            let next = link_with(&html, "rel=\"next\"");
            assert_eq!(
                previous.as_ref(),
                i.checked_sub(1).map(|p| &pages[p]),
                "{path}"
            );
            assert_eq!(next.as_ref(), pages.get(i + 1), "{path}");
            // The current page is marked, and only it; page 1 is linked as the section.
            let pager = html.split("<nav class=\"pager\"").nth(1).expect("a pager");
            let pager = pager.split("</nav>").next().unwrap_or("");
            assert_eq!(pager.matches("aria-current=\"page\"").count(), 1, "{path}");
            assert_eq!(
                link_with(pager, "aria-current=\"page\"").as_ref(),
                Some(path)
            );
            for n in &pages {
                assert!(html.contains(&format!("href=\"{n}\"")), "{path} links {n}");
            }
            assert!(!html.contains("/page/1/"), "{path}");
            // Whatever the page, the feed is the section's.
            assert!(
                html.contains(&format!("href=\"{section}feed.xml\"")),
                "{path}"
            );
        }
    }
}

#[test]
fn page_one_is_the_section_and_numbers_past_the_end_are_not_found() {
    let w = world();
    for section in sections() {
        for from in [format!("{section}page/1/"), format!("{section}page/1")] {
            let res = w.get(&from);
            assert_eq!(res.status(), StatusCode::MOVED_PERMANENTLY, "{from}");
            assert_eq!(res.headers()[header::LOCATION], section.as_str(), "{from}");
        }
        for absent in ["page/0/", "page/4/", "page/02/", "page/", "page/2/x/"] {
            let path = format!("{section}{absent}");
            assert_eq!(w.get(&path).status(), StatusCode::NOT_FOUND, "{path}");
        }
    }
}

#[test]
fn list_pages_revalidate_like_any_page() {
    let w = world();
    let res = w.get("/en/actualites/page/2/");
    let etag = res.headers()[header::ETAG]
        .to_str()
        .expect("ASCII")
        .to_string();
    assert!(res.headers().contains_key(header::LAST_MODIFIED));
    assert!(res.meta.reusable.is_some());
    let again = w.send(get_if_none_match("/en/actualites/page/2/", &etag));
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(
        again.meta.route.map(|l| l.route),
        Some("/en/actualites/page/2/")
    );
}

#[test]
fn the_sitemap_lists_every_list_page_and_feeds_keep_the_latest_twenty() {
    let built = fixture_with_news(EXTRA);
    let sitemap = oim_build::documents::sitemap(built);
    for section in sections() {
        for n in 2..=3 {
            let loc = format!("<loc>{}{}</loc>", built.site_url, page_path(&section, n));
            assert!(sitemap.contains(&loc), "{loc}");
        }
        let section_page = built.site().page(&section).expect("section");
        let feed = oim_build::documents::feed(built, section_page);
        assert_eq!(
            feed.matches("<entry>").count(),
            oim_build::documents::FEED_ENTRIES
        );
    }
}

#[test]
fn arrows_point_the_way_the_text_goes() {
    let w = world();
    let fr = text(&w.get("/actualites/page/2/")).to_string();
    assert!(fr.contains("<span aria-hidden=\"true\">←</span> Précédente</a>"));
    assert!(fr.contains("Suivante <span aria-hidden=\"true\">→</span></a>"));
    let ar = text(&w.get("/ar/actualites/page/2/")).to_string();
    assert!(ar.starts_with("<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\">"));
    assert!(ar.contains("<span aria-hidden=\"true\">→</span> السابقة</a>"));
    assert!(ar.contains("التالية <span aria-hidden=\"true\">←</span></a>"));
    let en = text(&w.get("/en/actualites/page/3/")).to_string();
    assert!(en.contains("aria-label=\"List pages\""));
    assert!(en.contains("aria-label=\"page 3 of 3\" aria-current=\"page\">3</a>"));
}

#[test]
fn the_home_page_keeps_only_the_latest_three() {
    let w = world();
    let site = w.app.site();
    for t in ALL {
        let latest: Vec<String> = site
            .latest_articles(t.lang, 3)
            .iter()
            .map(|p| p.path.to_string())
            .collect();
        assert_eq!(listed(text(&w.get(t.home_path))), latest, "{}", t.home_path);
    }
}

#[test]
fn a_list_that_fits_one_page_has_no_pager() {
    let w = World::default();
    assert!(fixture(false)
        .pages
        .iter()
        .all(|p| p.kind != Kind::ListPage));
    let html = text(&w.get("/actualites/")).to_string();
    assert!(!html.contains("class=\"pager\""));
    assert!(!html.contains("rel=\"next\""));
    assert_eq!(w.get("/actualites/page/2/").status(), StatusCode::NOT_FOUND);
}

#[test]
fn the_memo_keeps_pages_up_to_its_bound_then_renders_without_keeping() {
    let table = fixture_with_news(EXTRA).leak();
    let full = World::with(App::with(table));
    let sizes: Vec<usize> = (0..table.pages.len())
        .map(|i| full.app.rendered(i).len())
        .collect();
    // Room for the first three pages of the table, and not a byte more.
    let budget = sizes[..3].iter().sum::<usize>();
    let w = World::with(App::with_memo_budget(table, budget));
    for round in 0..2 {
        for (i, path) in table.paths.iter().enumerate() {
            let res = w.get(path);
            assert_eq!(res.status(), StatusCode::OK, "{path}");
            assert_eq!(res.body(), &full.app.rendered(i), "{path}");
            let cache = res.meta.route.map(|l| l.cache);
            let kept = i < 3;
            let expected = match (kept, round) {
                (true, 0) => "render",
                (true, _) => "memo-hit",
                (false, _) => "render-uncached",
            };
            assert_eq!(cache, Some(expected), "round {round} {path}");
            // Only kept pages may be kept by the adapter too.
            assert_eq!(res.meta.reusable.is_some(), kept, "{path}");
        }
        assert!(w.app.memo_bytes() <= budget);
        assert_eq!(w.app.memo_bytes(), sizes[..3].iter().sum::<usize>());
    }
}

#[test]
fn with_no_room_at_all_every_page_is_still_served() {
    let table = fixture(false);
    let w = World::with(App::with_memo_budget(table, 0));
    for path in table.paths {
        assert_eq!(w.get(path).status(), StatusCode::OK, "{path}");
    }
    assert_eq!(w.app.memo_bytes(), 0);
}
