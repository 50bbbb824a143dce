//! First phase of the build: read every file of `content/`, parse its front matter, render its
//! Markdown once, then check the whole site (paths, titles, translations, links, anchors). An
//! author gets every problem at once, each with its file, its line and what to do.
//!
//! File layout: `content/_index.md` is `/`, `content/a.md` is `/a/`, `content/s/_index.md` is
//! the section `/s/` and `content/s/b.md` an article `/s/b/` (which needs a `date`).
//! `a.ar.md` and `a.en.md` are its Arabic and English versions, at `/ar/a/` and `/en/a/`.

mod checks;
mod front_matter;
mod glossary;
mod slug;

use std::fmt;
use std::path::Path;

use oim_site::markdown::Rendered;
use oim_site::Page;

use crate::images::ImageStore;

pub use checks::check_site;
pub use front_matter::{parse_page, suggest, FIELDS};
pub use slug::{is_valid_slug, slugify, MAX_SLUG};

/// A description longer than this is cut by search engines.
pub const MAX_DESCRIPTION: usize = 160;

/// A problem in one content file, said so that an author can fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    /// As the author knows it: `content/actualites/visite.md`.
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

pub(crate) fn error(file: &str, line: Option<usize>, message: impl Into<String>) -> ContentError {
    ContentError {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

/// A page and what rendering its Markdown produced (HTML, links, anchors, images): rendered
/// once, then used by every check and for the page's ETag.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub page: Page,
    pub rendered: Rendered,
}

/// What the loader needs to know besides the files.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// `make dev` shows drafts; a deployed build never does.
    pub include_drafts: bool,
    /// Paths served by code rather than content (`/contact/`), valid as link targets.
    pub code_routes: Vec<String>,
}

/// Reads every `.md` file under `root`, checks them all and returns the pages sorted by path,
/// or every problem found (not only the first: an author fixes them in one go). Images are
/// looked up in `images` as the Markdown is rendered.
pub fn load_dir(
    root: &Path,
    opts: &LoadOptions,
    images: &ImageStore,
) -> Result<Vec<Loaded>, Vec<ContentError>> {
    let shown_root = "content";
    let mut files = Vec::new();
    if let Err(e) = collect_files(root, root, &mut files) {
        return Err(vec![error(
            &root.display().to_string(),
            None,
            format!("cannot read the content folder: {e}"),
        )]);
    }
    files.sort();
    let mut loaded = Vec::new();
    let mut errors = Vec::new();
    for rel in files {
        let shown = format!("{shown_root}/{rel}");
        match std::fs::read_to_string(root.join(&rel)) {
            Ok(text) => match parse_page(&shown, &rel, &text, images) {
                Ok(page) => loaded.push(page),
                Err(e) => errors.push(e),
            },
            Err(e) => errors.push(error(
                &shown,
                None,
                format!("cannot read the file ({e}); save it as UTF-8"),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    check_site(loaded, opts)
}

fn collect_files(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
