//! The front matter's fuzz target (`fuzz/`, `make fuzz`), shared with the test that replays
//! every input kept in `fuzz/seeds/front_matter/` and `fuzz/regressions/front_matter/`.

use std::path::Path;

use crate::images::ImageStore;
use crate::load::parse_page;

/// The front-matter loader: an error names a line of the file; a page has a canonical path.
/// The first byte picks where the file is (a page, a news item, a section, the home page).
pub fn front_matter(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let rel = [
        "page.md",
        "actualites/item.md",
        "actualites/_index.md",
        "_index.md",
    ][usize::from(pick % 4)];
    // No image exists: a fuzzed page's images are all errors, never files read.
    let images = ImageStore::new(Path::new("/nonexistent/oim-fuzz"));
    match parse_page("content/fuzz.md", rel, text, &images) {
        Ok(loaded) => {
            let page = loaded.page;
            assert!(page.path.starts_with('/') && page.path.ends_with('/'));
            assert!(!page.title.is_empty() && !page.description.is_empty());
        }
        Err(e) => {
            assert!(!e.message.is_empty());
            if let Some(line) = e.line {
                let lines = text.matches('\n').count() + 1;
                assert!(
                    (1..=lines).contains(&line),
                    "line {line} of {lines}: {}",
                    e.message
                );
            }
            let _ = e.to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn replays_the_front_matter_inputs() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
        let mut seen = 0;
        for dir in ["seeds", "regressions"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir).join("front_matter")) else {
                continue;
            };
            for path in entries.flatten().map(|e| e.path()).filter(|p| p.is_file()) {
                let bytes = std::fs::read(&path).expect("readable input");
                let outcome = std::panic::catch_unwind(|| super::front_matter(&bytes));
                assert!(outcome.is_ok(), "{} fails", path.display());
                seen += 1;
            }
        }
        assert!(seen > 0, "no seeds for front_matter");
    }
}
