//! Build time of the OIM Maroc site: everything that runs before the Worker exists.
//!
//! [`build`] loads and checks `content/` (a broken file stops the build with its name, line and
//! what to do), renders each page once (its checks and its ETag use that one render), measures
//! and fingerprints images and static files, and dates each page. From the result:
//! - [`codegen::table_code`] writes the page table the Worker embeds (the Worker's `build.rs`),
//!   the search index ([`search`]) included;
//! - [`documents::documents`] gives the sitemap, feeds, robots.txt, manifest and assets, which
//!   `oim publish` writes next to the Worker (`scripts/build`);
//! - [`Built::leak`] gives tests the same table in memory, for fixture sites.
//!
//! [`tools`] holds the team's other commands of the `oim` binary (`new-news`, `deploy-check`).

pub mod codegen;
pub mod documents;
mod fingerprint;
pub mod fuzz;
pub mod images;
pub mod lists;
pub mod load;
mod modified;
pub mod options;
pub mod search;
pub mod tools;

use oim_site::markdown::Image;
use oim_site::{Date, Kind, Page, Site, Table};

pub use load::{ContentError, LoadOptions, Loaded};
pub use options::Options;

/// A static file of `static/`, fingerprinted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Its file name in `static/`: `share.png`.
    pub name: String,
    /// `/assets/share.1a2b3c4d5e.png`.
    pub url: String,
    pub bytes: Vec<u8>,
}

/// A loaded, checked and rendered site.
#[derive(Debug, Clone)]
pub struct Built {
    pub site_url: String,
    pub drafts: bool,
    /// Sorted by path.
    pub pages: Vec<Page>,
    /// Each page's Markdown body as HTML (the one render).
    pub bodies: Vec<String>,
    /// Each page's whole HTML document, as the Worker will serve it.
    pub html: Vec<String>,
    /// Each page's last change: `updated`, else `date`, else its file's last commit; sections
    /// and home pages also change when an article is added.
    pub modified: Vec<Date>,
    pub assets: Vec<Asset>,
    pub images: Vec<images::FoundImage>,
    /// The day of the build, for what has no date of its own.
    pub build_date: Date,
    image_list: Vec<Image>,
    /// `(name, url)` of each asset, as views look them up. Leaked: a build makes one site.
    pub(crate) asset_pairs: Vec<(&'static str, &'static str)>,
}

/// Loads, checks and renders the site `opts` describes, or returns every problem found.
pub fn build(opts: &Options) -> Result<Built, Vec<ContentError>> {
    let store = images::ImageStore::new(&opts.content_dir);
    let load_opts = LoadOptions {
        include_drafts: opts.include_drafts,
        code_routes: oim_site::paths::code_paths(),
    };
    let loaded = load::load_dir(&opts.content_dir, &load_opts, &store)?;
    let assets = assets(&opts.static_dir).map_err(|e| {
        vec![ContentError {
            file: opts.static_dir.display().to_string(),
            line: None,
            message: format!("cannot read the static files: {e}"),
        }]
    })?;
    let (mut pages, mut bodies): (Vec<Page>, Vec<String>) = loaded
        .into_iter()
        .map(|l| (l.page, l.rendered.html))
        .unzip();
    lists::add_list_pages(&mut pages, &mut bodies)?;
    let images = store.found();
    let modified = modified::dates(&opts.content_dir, &pages, opts.build_date);
    let mut built = Built {
        site_url: opts.site_url.clone(),
        drafts: opts.include_drafts,
        image_list: images.iter().map(|f| f.image.clone()).collect(),
        asset_pairs: assets
            .iter()
            .map(|a| (leak_str(&a.name), leak_str(&a.url)))
            .collect(),
        pages,
        bodies,
        html: Vec::new(),
        modified,
        assets,
        images,
        build_date: opts.build_date,
    };
    built.html = (0..built.pages.len())
        .map(|i| {
            oim_site::views::page_with_body(built.site(), &built.pages[i], &built.bodies[i])
                .into_string()
        })
        .collect();
    Ok(built)
}

impl Built {
    /// The site as views see it.
    pub fn site(&self) -> Site<'_> {
        Site {
            base_url: &self.site_url,
            pages: &self.pages,
            assets: &self.asset_pairs,
            images: &self.image_list,
        }
    }

    /// Index of the page at `path`.
    pub fn index(&self, path: &str) -> Option<usize> {
        self.pages.iter().position(|p| p.path == path)
    }

    /// The same site as a `'static` [`Table`], the way the Worker embeds it. Leaks it: for
    /// tests and the build script, which build one site and exit.
    pub fn leak(&self) -> &'static Table {
        codegen::table(self, true)
    }
}

/// Every file of `static/`, fingerprinted, by name.
fn assets(dir: &std::path::Path) -> std::io::Result<Vec<Asset>> {
    let mut assets = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if !path.is_file() {
            continue;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(&path)?;
        assets.push(Asset {
            url: fingerprint::url(&name, &bytes),
            name,
            bytes,
        });
    }
    assets.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(assets)
}

fn leak_str(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

/// Whether a page lists articles, so that its content changes when one is added.
fn lists_articles(page: &Page) -> bool {
    matches!(page.kind, Kind::Home | Kind::Section | Kind::ListPage)
}
