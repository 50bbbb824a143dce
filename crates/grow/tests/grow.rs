//! The generated items pass the site's own build (the loader's rules, not a copy of them),
//! compress like real prose, spread over the years, and are written only where asked. Every
//! test runs on a small fixture site, never on the real content/.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use oim_grow::{
    existing, generate, grow, gzip_size, render, Item, Options, LANGS, REAL_GZIP_RATIO,
};

/// A site with a home page, the news section and one page the items may link to.
fn fixture_site(root: &Path) -> PathBuf {
    let content = root.join("content");
    std::fs::create_dir_all(content.join("actualites")).unwrap();
    let page =
        |title: &str| format!("+++\ntitle = \"{title}\"\ndescription = \"Page.\"\n+++\n\nTexte.\n");
    for (file, title) in [
        ("_index.md", "Accueil"),
        ("_index.ar.md", "الرئيسية"),
        ("_index.en.md", "Home"),
        ("notre-travail.md", "Notre travail"),
        ("notre-travail.ar.md", "عملنا"),
        ("notre-travail.en.md", "Our work"),
        ("actualites/_index.md", "Actualités"),
        ("actualites/_index.ar.md", "الأخبار"),
        ("actualites/_index.en.md", "News"),
    ] {
        std::fs::write(content.join(file), page(title)).unwrap();
    }
    content
}

/// 500 items rendered to files (name, text), generated once for all tests.
fn corpus() -> &'static Vec<(String, String)> {
    static FILES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let ex = existing(&fixture_site(dir.path())).unwrap();
        let items: Vec<Item> = generate(500, 7, &ex).unwrap();
        items.iter().flat_map(|i| render(i).unwrap()).collect()
    })
}

fn lang_of(name: &str) -> usize {
    if name.ends_with(".ar.md") {
        1
    } else if name.ends_with(".en.md") {
        2
    } else {
        0
    }
}

fn stem(name: &str) -> &str {
    name.split('.').next().unwrap()
}

/// A calendar day: (year, month, day).
type Day = (u16, u8, u8);

/// The front matter's `date = 2019-03-14`.
fn date_of(text: &str) -> Day {
    let day = text
        .lines()
        .find_map(|l| l.strip_prefix("date = "))
        .expect("a date");
    let mut parts = day
        .split('-')
        .map(|p| p.parse::<u16>().expect("a bare date"));
    let mut next = || parts.next().expect("year, month and day");
    (next(), next() as u8, next() as u8)
}

#[test]
fn each_item_exists_in_the_three_languages_with_the_same_date() {
    let mut by_stem: BTreeMap<&str, Vec<(usize, Day)>> = BTreeMap::new();
    for (name, text) in corpus() {
        by_stem
            .entry(stem(name))
            .or_default()
            .push((lang_of(name), date_of(text)));
    }
    assert_eq!(by_stem.len(), 500);
    for (stem, files) in by_stem {
        let langs: Vec<usize> = files.iter().map(|f| f.0).collect();
        assert_eq!(langs, [0, 1, 2], "{stem}");
        assert!(files.iter().all(|f| f.1 == files[0].1), "{stem}");
    }
}

/// The site's build accepts all 1,500 files: front matter, Markdown, the glossary, unique
/// titles and addresses, valid slugs, links that resolve, the three languages of each item.
#[test]
fn the_site_builds_from_the_generated_items() {
    let dir = tempfile::tempdir().unwrap();
    let content = fixture_site(dir.path());
    for (name, text) in corpus() {
        std::fs::write(content.join("actualites").join(name), text).unwrap();
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let built = oim_build::build(&oim_build::Options::for_tests(&root, &content, false))
        .unwrap_or_else(|errors| panic!("{} problems, the first: {}", errors.len(), errors[0]));
    let articles = built
        .pages
        .iter()
        .filter(|p| p.kind == oim_site::Kind::Article);
    assert_eq!(articles.count(), corpus().len());
}

/// Descriptions are distinct, as real ones are (news lists show them).
#[test]
fn descriptions_are_unique_in_each_language() {
    let mut seen: [HashSet<&str>; 3] = Default::default();
    for (name, text) in corpus() {
        let description = text
            .lines()
            .find_map(|l| l.strip_prefix("description = "))
            .expect("a description");
        assert!(
            seen[lang_of(name)].insert(description),
            "{name}: {description}"
        );
    }
}

#[test]
fn dates_cover_every_year_from_2016_to_november_2026() {
    let mut per_year: BTreeMap<u16, usize> = BTreeMap::new();
    for (name, text) in corpus().iter().filter(|(n, _)| lang_of(n) == 0) {
        let ymd = date_of(text);
        assert!(
            ((2016, 1, 1)..=(2026, 11, 29)).contains(&ymd),
            "{name}: {ymd:?}"
        );
        *per_year.entry(ymd.0).or_default() += 1;
    }
    assert_eq!(
        per_year.keys().copied().collect::<Vec<_>>(),
        (2016..=2026).collect::<Vec<_>>()
    );
    // 500 items over 10 years and 11 months: about 46 a year, 42 in 2026.
    for (year, n) in per_year {
        assert!((38..=50).contains(&n), "{year}: {n} items");
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_other_text() {
    let dir = tempfile::tempdir().unwrap();
    let ex = existing(&fixture_site(dir.path())).unwrap();
    let files = |seed| -> Vec<(String, String)> {
        generate(40, seed, &ex)
            .unwrap()
            .iter()
            .flat_map(|i| render(i).unwrap())
            .collect()
    };
    assert_eq!(files(3), files(3));
    assert_ne!(files(3), files(4));
}

#[test]
fn text_compresses_like_the_real_articles() {
    let mut raw = [0u64; 3];
    let mut gz = [0u64; 3];
    for (name, text) in corpus() {
        let l = lang_of(name);
        raw[l] += text.len() as u64;
        gz[l] += gzip_size(text.as_bytes());
    }
    for l in 0..3 {
        let ratio = gz[l] as f64 / raw[l] as f64;
        let off = ratio / REAL_GZIP_RATIO[l] - 1.0;
        assert!(
            off.abs() <= 0.15,
            "{}: ratio {ratio:.3} against {:.3} ({:+.0} %)",
            LANGS[l],
            REAL_GZIP_RATIO[l],
            off * 100.0
        );
    }
}

#[test]
fn items_are_about_four_and_a_half_kilobytes_with_short_and_long_ones() {
    let sizes: Vec<usize> = corpus()
        .iter()
        .filter(|(n, _)| lang_of(n) == 0)
        .map(|(_, t)| t.len())
        .collect();
    let mean = sizes.iter().sum::<usize>() / sizes.len();
    assert!((3_800..=5_200).contains(&mean), "French mean {mean} B");
    assert!(sizes.iter().any(|s| *s < 2_000), "no short note");
    assert!(sizes.iter().any(|s| *s > 7_000), "no long report");
}

/// Every path under `root`, with the bytes of files.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.insert(p.clone(), None);
                stack.push(p);
            } else {
                out.insert(p.clone(), Some(std::fs::read(&p).unwrap()));
            }
        }
    }
    out
}

fn options(source: &Path, dest: &Path) -> Options {
    Options {
        items: 12,
        seed: 1,
        source: source.to_path_buf(),
        dest: dest.to_path_buf(),
        force: false,
    }
}

#[test]
fn writes_a_copy_of_the_content_and_nothing_outside_dest() {
    let dir = tempfile::tempdir().unwrap();
    let source = fixture_site(&dir.path().join("site"));
    let before = snapshot(dir.path());
    let dest = dir.path().join("scratch/growth");
    let report = grow(&options(&source, &dest)).unwrap();

    let after = snapshot(dir.path());
    let outside: Vec<_> = after
        .keys()
        .filter(|p| !p.starts_with(&dest) && !before.contains_key(*p))
        .filter(|p| *p != &dir.path().join("scratch"))
        .collect();
    assert!(outside.is_empty(), "{outside:?}");
    for (p, bytes) in &before {
        assert_eq!(after.get(p), Some(bytes), "{} changed", p.display());
    }
    let written = snapshot(&dest.join("content"));
    let news = written
        .keys()
        .filter(|p| p.parent() == Some(&dest.join("content/actualites")))
        .count();
    assert_eq!(
        news,
        3 + 12 * 3,
        "the section's three _index files and 36 items"
    );
    assert_eq!(
        std::fs::read(dest.join("content/notre-travail.md")).unwrap(),
        std::fs::read(source.join("notre-travail.md")).unwrap()
    );
    assert_eq!(report.items, 12);
    assert_eq!(report.generated.map(|s| s.files), [12, 12, 12]);
    assert_eq!(report.existing.map(|s| s.files), [0, 0, 0]);
}

#[test]
fn refuses_to_write_into_the_real_content() {
    let dir = tempfile::tempdir().unwrap();
    let source = fixture_site(&dir.path().join("site"));
    let before = snapshot(dir.path());
    // DEST/content would be the content itself, or inside it.
    for dest in [
        dir.path().join("site"),
        source.clone(),
        source.join("actualites/x"),
    ] {
        let err = grow(&Options {
            force: true,
            ..options(&source, &dest)
        })
        .unwrap_err();
        assert!(err.contains("refused"), "{}: {err}", dest.display());
    }
    // The same through a symbolic link.
    #[cfg(unix)]
    {
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&source, &link).unwrap();
        let err = grow(&Options {
            force: true,
            ..options(&source, &link.join("y"))
        })
        .unwrap_err();
        assert!(err.contains("refused"), "{err}");
        std::fs::remove_file(&link).unwrap();
    }
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn a_folder_that_is_not_empty_needs_force_and_keeps_its_other_files() {
    let dir = tempfile::tempdir().unwrap();
    let source = fixture_site(&dir.path().join("site"));
    let dest = dir.path().join("scratch");
    std::fs::create_dir_all(dest.join("content/actualites")).unwrap();
    std::fs::write(dest.join("content/actualites/old.md"), "old").unwrap();
    std::fs::write(dest.join("notes.txt"), "mine").unwrap();

    let err = grow(&options(&source, &dest)).unwrap_err();
    assert!(
        err.contains("not empty") && err.contains("--force"),
        "{err}"
    );
    assert!(dest.join("content/actualites/old.md").exists());

    grow(&Options {
        force: true,
        ..options(&source, &dest)
    })
    .unwrap();
    assert!(!dest.join("content/actualites/old.md").exists());
    assert_eq!(
        std::fs::read_to_string(dest.join("notes.txt")).unwrap(),
        "mine"
    );
}
