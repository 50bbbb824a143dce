//! `oim new-news` run as the team runs it, in a scratch copy of the fixture site: the three
//! drafts it writes, what it says, what it refuses; and the drafts pass the site's own checks,
//! as they are and once written.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use oim_build::load::{slugify, MAX_DESCRIPTION, MAX_SLUG};
use oim_build::{build, Options};

const TITLE: &str = "Visite de l'OIM à Tanger : « Jeunesse & avenir »";
const SLUG: &str = "visite-de-loim-a-tanger-jeunesse-avenir";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A scratch folder holding `content/` (the fixture site's, or an empty `actualites/`).
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn empty() -> Site {
        let dir = tempfile::tempdir().expect("scratch folder");
        std::fs::create_dir_all(dir.path().join("content/actualites")).expect("mkdir");
        Site { dir }
    }

    fn fixture() -> Site {
        let dir = tempfile::tempdir().expect("scratch folder");
        copy_dir(
            &root().join("tests/fixtures/site/content"),
            &dir.path().join("content"),
        );
        Site { dir }
    }

    fn content(&self) -> PathBuf {
        self.dir.path().join("content")
    }

    fn news(&self) -> PathBuf {
        self.content().join("actualites")
    }

    /// The names in `actualites/`, sorted.
    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.news())
            .expect("read_dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.news().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// Runs `oim new-news ARGS…` from the scratch folder, without a terminal.
    fn new_news(&self, args: &[&str]) -> Run {
        new_news_in(self.dir.path(), &self.content(), args)
    }
}

fn new_news_in(cwd: &Path, content: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_oim"))
        .arg("new-news")
        .args(args)
        .current_dir(cwd)
        .env("OIM_CONTENT_DIR", content)
        .stdin(Stdio::null())
        .output()
        .expect("oim runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit {}\n{}", self.code, self.all())
    }
}

/// Today, local time, as `date +%F` says it (read before and after a run, in case it crosses
/// midnight).
fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

/// The lines between the first two `+++` lines, and what follows them.
fn split(text: &str) -> (Vec<&str>, &str) {
    let rest = text.strip_prefix("+++\n").expect("starts with +++");
    let (front, body) = rest.split_once("\n+++\n").expect("a closing +++");
    (front.lines().collect(), body)
}

#[test]
fn writes_three_drafts_dated_today_named_after_the_title() {
    let site = Site::empty();
    let before = today();
    let r = site.new_news(&[TITLE]);
    let after = today();
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        site.files(),
        [
            format!("{SLUG}.ar.md"),
            format!("{SLUG}.en.md"),
            format!("{SLUG}.md")
        ]
    );
    for name in [
        format!("{SLUG}.md"),
        format!("{SLUG}.ar.md"),
        format!("{SLUG}.en.md"),
    ] {
        let text = site.read(&name);
        assert_eq!(text.lines().filter(|l| *l == "+++").count(), 2, "{name}");
        let (front, body) = split(&text);
        let keys: Vec<&str> = front
            .iter()
            .map(|l| {
                l.split_once(" = ")
                    .unwrap_or_else(|| panic!("{name}: {l}"))
                    .0
            })
            .collect();
        assert_eq!(keys, ["title", "description", "date", "draft"], "{name}");
        assert!(front.contains(&"draft = true"), "{name}");
        let date = front
            .iter()
            .find_map(|l| l.strip_prefix("date = "))
            .expect("date");
        assert!(
            date == before || date == after,
            "{name}: {date} (no quotes)"
        );
        let table: toml::Table = toml::from_str(&front.join("\n")).expect("TOML");
        let description = table["description"].as_str().expect("a string");
        assert!(
            description.contains("À "),
            "{name}: a placeholder: {description}"
        );
        let n = description.chars().count();
        assert!(n > 0 && n <= MAX_DESCRIPTION, "{name}: {n} characters");
        assert!(!body.trim().is_empty(), "{name}: a body");
    }
    let title = |name: &str| -> String {
        let table: toml::Table = toml::from_str(&split(&site.read(name)).0.join("\n")).unwrap();
        table["title"].as_str().unwrap().to_string()
    };
    assert_eq!(title(&format!("{SLUG}.md")), TITLE);
    assert_eq!(
        title(&format!("{SLUG}.ar.md")),
        format!("{TITLE} (à traduire)")
    );
    assert_eq!(
        title(&format!("{SLUG}.en.md")),
        format!("{TITLE} (à traduire)")
    );
}

#[test]
fn says_what_to_do_next() {
    let site = Site::empty();
    let r = site.new_news(&[TITLE]);
    for text in [
        format!("http://127.0.0.1:8787/actualites/{SLUG}/"),
        format!("http://127.0.0.1:8787/ar/actualites/{SLUG}/"),
        "make dev".into(),
        "draft = true".into(),
        "make preview".into(),
        "make publish".into(),
        // The files, relative to the folder it was run from.
        format!("content/actualites/{SLUG}.ar.md"),
    ] {
        assert!(r.stdout.contains(&text), "{text}: {r:?}");
    }
}

#[test]
fn words_without_quotes_are_one_title() {
    let site = Site::empty();
    let r = site.new_news(&["Visite", "à", "Tanger"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(site
        .read("visite-a-tanger.md")
        .contains("title = \"Visite à Tanger\""));
}

#[test]
fn never_overwrites_an_existing_news_item() {
    let site = Site::empty();
    assert_eq!(site.new_news(&[TITLE]).code, 0);
    let before: Vec<String> = site.files().iter().map(|f| site.read(f)).collect();
    let r = site.new_news(&[TITLE]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr.contains("existe déjà") && r.stderr.contains("already exists"),
        "{r:?}"
    );
    let after: Vec<String> = site.files().iter().map(|f| site.read(f)).collect();
    assert_eq!(after, before, "files untouched, none added");

    // Only one of the three exists: still refused, and nothing is created.
    for lang in ["md", "en.md"] {
        std::fs::remove_file(site.news().join(format!("{SLUG}.{lang}"))).unwrap();
    }
    let r = site.new_news(&[TITLE]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(site.files(), [format!("{SLUG}.ar.md")]);
}

#[test]
fn refuses_an_empty_title() {
    let site = Site::empty();
    for title in ["", "   ", "\n\t"] {
        let r = site.new_news(&[title]);
        assert_eq!(r.code, 1, "{title:?}: {r:?}");
        assert!(r.stderr.contains("titre est vide"), "{title:?}: {r:?}");
        assert!(site.files().is_empty(), "{title:?}");
    }
}

#[test]
fn refuses_a_title_without_latin_letters() {
    let site = Site::empty();
    let r = site.new_news(&["زيارة إلى طنجة"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("lettre latine"), "{r:?}");
    assert!(site.files().is_empty());
}

#[test]
fn refuses_a_title_the_site_checks_would_refuse() {
    // The glossary: the organisation's acronym is written `OIM`.
    let site = Site::empty();
    let r = site.new_news(&["Visite de l'Oim à Oujda"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("write `OIM`"), "{r:?}");
    assert!(site.files().is_empty());
}

#[test]
fn without_a_title_or_a_terminal_prints_the_usage() {
    let site = Site::empty();
    let r = site.new_news(&[]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("Utilisation") && r.stderr.contains("make new-news"),
        "{r:?}"
    );
    assert!(site.files().is_empty());
}

#[test]
fn slugs_are_the_loaders() {
    let site = Site::empty();
    let long = "mot ".repeat(40);
    let cases = [
        ("Œuvre, Æther & Ça va ?", "oeuvre-aether-ca-va"),
        ("L’été à Fès -- 2026 !", "lete-a-fes-2026"),
        ("  --Élan---vers (l'avenir)--  ", "elan-vers-lavenir"),
        (long.as_str(), slugify(&long).leak()),
    ];
    for (title, slug) in cases {
        let r = site.new_news(&[title]);
        assert_eq!(r.code, 0, "{title}: {r:?}");
        assert_eq!(
            site.files(),
            [
                format!("{slug}.ar.md"),
                format!("{slug}.en.md"),
                format!("{slug}.md")
            ],
            "{title}"
        );
        for f in site.files() {
            std::fs::remove_file(site.news().join(f)).unwrap();
        }
    }
    let long_slug = slugify(&long);
    assert!(long_slug.len() <= MAX_SLUG && long_slug.len() > 70 && !long_slug.ends_with('-'));
}

#[test]
fn quotes_and_backslashes_read_back_unchanged() {
    let site = Site::empty();
    let title = "Le \"grand\" rendez-vous \\ Rabat";
    assert_eq!(site.new_news(&[title]).code, 0);
    let text = site.read("le-grand-rendez-vous-rabat.md");
    let (front, _) = split(&text);
    let table: toml::Table = toml::from_str(&front.join("\n")).expect("TOML");
    assert_eq!(table["title"].as_str(), Some(title));
}

#[test]
fn a_missing_news_folder_is_an_error_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("nowhere");
    let r = new_news_in(dir.path(), &content, &["Titre"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("n'existe pas"), "{r:?}");
    assert!(!content.exists());
}

#[test]
fn the_drafts_pass_the_site_checks_as_they_are_and_once_written() {
    let site = Site::fixture();
    let r = site.new_news(&[TITLE]);
    assert_eq!(r.code, 0, "{r:?}");
    let opts = |drafts| Options::for_tests(&root(), &site.content(), drafts);
    // `make dev` shows drafts: the placeholders are valid content.
    let built = build(&opts(true)).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(built.index(&format!("/actualites/{SLUG}/")).is_some());
    assert!(built.index(&format!("/ar/actualites/{SLUG}/")).is_some());
    // A deployed build leaves drafts out.
    let built = build(&opts(false)).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(built.index(&format!("/actualites/{SLUG}/")).is_none());

    // The team writes the text and removes `draft = true`: published in three languages.
    for (name, title) in [
        (format!("{SLUG}.md"), TITLE.to_string()),
        (format!("{SLUG}.ar.md"), "زيارة المنظمة إلى طنجة".into()),
        (format!("{SLUG}.en.md"), "IOM visit to Tangier".into()),
    ] {
        let text = format!(
            "+++\ntitle = {title:?}\ndescription = \"Une visite à Tanger, en deux phrases.\"\n{}\n+++\n\nLe texte.\n",
            split(&site.read(&name)).0.iter().find(|l| l.starts_with("date")).unwrap()
        );
        std::fs::write(site.news().join(&name), text).unwrap();
    }
    let built = build(&opts(false)).unwrap_or_else(|e| panic!("{e:?}"));
    for prefix in ["", "/ar", "/en"] {
        assert!(
            built
                .index(&format!("{prefix}/actualites/{SLUG}/"))
                .is_some(),
            "{prefix}"
        );
    }
}
