//! The loader over small sites written by the tests: each rule says what is wrong, with the
//! file and the line, and what to do.

use std::path::Path;

use oim_site::{Date, Kind, Page};

use super::*;
use crate::images::ImageStore;

/// No image exists where these tests look.
fn no_images() -> ImageStore {
    ImageStore::new(Path::new("/nonexistent/oim-tests"))
}

// `untranslated` keeps these one-language fixtures free of translation errors.
const GOOD: &str =
    "+++\ntitle = \"Titre\"\ndescription = \"Une page.\"\nuntranslated = true\n+++\n\nTexte.\n";

/// Each fixture gets its own title (two pages may not share one).
fn parse(rel: &str, text: &str) -> Result<Page, ContentError> {
    loaded(rel, text).map(|l| l.page)
}

fn loaded(rel: &str, text: &str) -> Result<Loaded, ContentError> {
    parse_page(
        &format!("content/{rel}"),
        rel,
        &text.replacen("\"Titre", &format!("\"Titre {rel}"), 1),
        &no_images(),
    )
}

#[test]
fn derives_paths_and_kinds_from_file_names() {
    let cases = [
        ("_index.md", "/", Kind::Home),
        ("qui-sommes-nous.md", "/qui-sommes-nous/", Kind::Page),
        ("actualites/_index.md", "/actualites/", Kind::Section),
    ];
    for (rel, path, kind) in cases {
        let page = parse(rel, GOOD).unwrap();
        assert_eq!((page.path.as_ref(), page.kind), (path, kind), "{rel}");
    }
    let article = parse(
        "actualites/x.md",
        &GOOD.replace("+++\n\n", "date = 2016-01-29\n+++\n\n"),
    )
    .unwrap();
    assert_eq!(article.path, "/actualites/x/");
    assert_eq!(
        article.date,
        Some(Date {
            year: 2016,
            month: 1,
            day: 29
        })
    );
}

#[test]
fn says_what_is_wrong_with_a_file() {
    let cases: &[(&str, &str, &str)] = &[
        ("a.md", "title = \"x\"\n", "content/a.md:1: no front matter"),
        ("a.md", "+++\ntitle = \"x\"\n", "not closed"),
        (
            "a.md",
            "+++\ndescription = \"d\"\n+++\n",
            "missing field `title`",
        ),
        (
            "a.md",
            "+++\ntitle = \"x\"\ndescription = \"d\"\ndat = 2016-01-01\n+++\n",
            "content/a.md:4: unknown field `dat`: did you mean `date`?",
        ),
        (
            "a.md",
            "+++\ntitle = \"x\"\ndescription = \"d\"\ncolour = 1\n+++\n",
            "the fields are",
        ),
        (
            "a.md",
            "+++\ntitle = \"  \"\ndescription = \"d\"\n+++\n",
            "`title` is empty",
        ),
        (
            "a.md",
            "+++\ntitle = x\ndescription = \"d\"\n+++\n",
            "not valid TOML",
        ),
        ("actualites/a.md", GOOD, "needs a `date"),
        (
            "a.md",
            &GOOD.replace("Une page.", &"long ".repeat(40)),
            "shorten it",
        ),
        (
            "a.md",
            &GOOD.replace("+++\n\n", "slug = \"Été 2016\"\n+++\n\n"),
            "cannot be part of a URL",
        ),
        (
            "a.md",
            &format!("{GOOD}\n# Second title\n"),
            "content/a.md:9: a `# heading`",
        ),
        ("a.xx.md", GOOD, "unknown language `xx`"),
        (
            "a.md",
            &GOOD.replace("+++\n\n", "date = 2016-01-29T10:00:00\n+++\n\n"),
            "without a time",
        ),
    ];
    for (rel, text, expected) in cases {
        let err = parse(rel, text).expect_err(text).to_string();
        assert!(
            err.contains(expected),
            "{rel}: expected `{expected}` in `{err}`"
        );
    }
}

fn page(rel: &str, body: &str) -> Loaded {
    loaded(rel, &format!("{}{body}\n", GOOD.replace("Texte.\n", ""))).unwrap()
}

#[test]
fn checks_links_between_pages() {
    let opts = LoadOptions {
        code_routes: vec!["/contact/".into()],
        ..Default::default()
    };
    let ok = vec![
        page(
            "_index.md",
            "[a](/b/#deux) [c](/contact/) [d](https://www.iom.int) [e](#un)\n\n## Un",
        ),
        page("b.md", "## Deux"),
    ];
    assert!(check_site(ok, &opts).is_ok());

    let cases = [
        ("[x](/nope/)", "no page has the address /nope/"),
        ("[x](/b)", "did you mean /b/ ?"),
        ("[x](/b/#trois)", "has no heading with the anchor #trois"),
        ("[x](#absent)", "this page has no heading"),
        ("[x](b/)", "internal links start with /"),
    ];
    for (link, expected) in cases {
        let pages = vec![page("_index.md", link), page("b.md", "## Deux")];
        let errs = check_site(pages, &opts).expect_err(link);
        assert!(
            errs[0].to_string().contains(expected),
            "{link}: {}",
            errs[0]
        );
    }
}

#[test]
fn rejects_duplicate_paths_and_links_to_drafts() {
    let dup = vec![page("_index.md", ""), page("a.md", ""), {
        let mut p = page("b.md", "");
        p.page.path = "/a/".into();
        p
    }];
    let errs = check_site(dup, &LoadOptions::default()).unwrap_err();
    assert!(
        errs[0].to_string().contains("already used by content/a.md"),
        "{}",
        errs[0]
    );

    let mut draft = page("b.md", "");
    draft.page.draft = true;
    let pages = vec![page("_index.md", "[b](/b/)"), draft];
    let errs = check_site(pages.clone(), &LoadOptions::default()).unwrap_err();
    assert!(errs[0].to_string().contains("is a draft"), "{}", errs[0]);
    let with_drafts = LoadOptions {
        include_drafts: true,
        ..Default::default()
    };
    assert_eq!(check_site(pages, &with_drafts).unwrap().len(), 2);
}

/// The home page and the news section, each with its own title.
fn write_home_and_news_section(dir: &std::path::Path) {
    for file in ["_index.md", "actualites/_index.md"] {
        std::fs::write(
            dir.join(file),
            GOOD.replace("Titre", &format!("Titre {file}")),
        )
        .unwrap();
    }
}

#[test]
fn loads_a_directory_and_fails_on_a_broken_file() {
    let dir = std::env::temp_dir().join(format!("oim-content-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("actualites")).unwrap();
    write_home_and_news_section(&dir);
    std::fs::write(dir.join("actualites/bad.md"), "+++\ntitle = \"x\"\n+++\n").unwrap();
    let errs = load_dir(&dir, &LoadOptions::default(), &ImageStore::new(&dir)).unwrap_err();
    assert_eq!(errs.len(), 1);
    assert!(
        errs[0]
            .to_string()
            .starts_with("content/actualites/bad.md:"),
        "{}",
        errs[0]
    );
    assert!(
        errs[0].to_string().contains("missing field `description`"),
        "{}",
        errs[0]
    );

    std::fs::remove_file(dir.join("actualites/bad.md")).unwrap();
    let pages = load_dir(&dir, &LoadOptions::default(), &ImageStore::new(&dir)).unwrap();
    assert_eq!(
        pages
            .iter()
            .map(|l| l.page.path.as_ref())
            .collect::<Vec<_>>(),
        ["/", "/actualites/"]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_missing_translation_stops_the_build_unless_declared() {
    let translated = GOOD.replace("untranslated = true\n", "");
    let pages = vec![
        loaded("_index.md", GOOD).unwrap(),
        loaded("a.md", &translated).unwrap(),
        loaded("a.ar.md", &translated).unwrap(),
    ];
    let errs = check_site(pages, &LoadOptions::default()).unwrap_err();
    let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    assert_eq!(text.len(), 2, "{text:?}");
    assert!(
        text[0].contains("content/a.md: no English version: add content/a.en.md"),
        "{text:?}"
    );
    assert!(
        text[1].contains("content/a.ar.md: no English version"),
        "{text:?}"
    );

    let arabic = parse("a.ar.md", &translated).unwrap();
    assert_eq!(
        (
            arabic.path.as_ref(),
            arabic.key.as_ref(),
            arabic.lang.as_ref()
        ),
        ("/ar/a/", "/a/", "ar")
    );
}

#[test]
fn checks_images_exist_have_alt_text_and_a_size() {
    let dir = std::env::temp_dir().join(format!("oim-images-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("actualites/images")).unwrap();
    // A PNG header is enough to read its size (800 x 600).
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&[0, 0, 3, 32, 0, 0, 2, 88, 8, 2, 0, 0, 0]);
    std::fs::write(dir.join("actualites/images/rabat.png"), &png).unwrap();
    write_home_and_news_section(&dir);
    let news = |body: &str| {
        GOOD.replace(
            "+++\n\nTexte.\n",
            &format!("date = 2016-01-29\n+++\n\n{body}\n"),
        )
    };

    std::fs::write(
        dir.join("actualites/a.md"),
        news("Texte.\n\n![La conférence à Rabat](images/rabat.png)"),
    )
    .unwrap();
    let store = ImageStore::new(&dir);
    let pages = load_dir(&dir, &LoadOptions::default(), &store).expect("a good image");
    let found = store.found();
    assert_eq!(
        (
            found[0].image.src.as_ref(),
            found[0].image.width,
            found[0].image.height
        ),
        ("actualites/images/rabat.png", 800, 600)
    );
    // The one render already carries the size and the fingerprinted URL.
    let html = &pages
        .iter()
        .find(|l| l.page.path == "/actualites/a/")
        .unwrap()
        .rendered
        .html;
    assert!(
        html.contains(&format!("src=\"{}\"", found[0].image.url))
            && html.contains("width=\"800\" height=\"600\""),
        "{html}"
    );

    let cases = [
        (
            "Texte.\n\n![](images/rabat.png)",
            "content/actualites/a.md:10: the image `actualites/images/rabat.png` has no alt text",
        ),
        (
            "![Photo](images/absente.png)",
            "content/actualites/a.md:8: image `content/actualites/images/absente.png` not found",
        ),
        ("![Photo](../_index.md)", "is not a PNG or JPEG image"),
        ("![Photo](https://example.com/x.png)", "not a web address"),
    ];
    for (body, expected) in cases {
        std::fs::write(dir.join("actualites/a.md"), news(body)).unwrap();
        let errs = load_dir(&dir, &LoadOptions::default(), &ImageStore::new(&dir)).unwrap_err();
        assert!(
            errs[0].to_string().contains(expected),
            "{body}: {}",
            errs[0]
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn names_of_projects_and_partners_are_spelt_the_same_everywhere() {
    let body = |text: &str| format!("{GOOD}\n{text}\n");
    let cases = [
        (
            "Le projet SALAMM a tenu sa conférence.",
            "content/a.md:9: `SALAMM`: write `SALEMM`",
        ),
        ("Le projet Salemm.", "`Salemm`: write `SALEMM`"),
        ("Avec le fmpci et l’association.", "`fmpci`: write `FMPCI`"),
        ("Mis en œuvre par l’Oim.", "`Oim`: write `OIM`"),
        ("SALEMMN a réuni des acteurs.", "`SALEMMN`: write `SALEMM`"),
    ];
    for (text, expected) in cases {
        let err = parse("a.md", &body(text)).expect_err(text).to_string();
        assert!(err.contains(expected), "{text}: {err}");
    }
    let fine = [
        "Le projet SALEMM, le FMPCI et l’ANOLF.",
        "Voir [le site](https://www.salemm.org/Salemm).",
    ];
    for text in fine {
        assert!(parse("a.md", &body(text)).is_ok(), "{text}");
    }
    // "Oim" is only checked in French: English pages say IOM.
    assert!(parse("a.en.md", &body("IOM and its partners.")).is_ok());
    let title = GOOD.replace("Titre", "Conférence SALAMM");
    assert!(parse("a.md", &title)
        .unwrap_err()
        .to_string()
        .contains("(in `title`)"));
}

#[test]
fn each_language_gives_the_organisation_and_the_agenda_one_name() {
    let body = |text: &str| format!("{GOOD}\n{text}\n");
    let cases = [
        (
            "a.en.md",
            "Implemented by OIM and its partners.",
            "content/a.en.md:9: `OIM`: write `IOM`, its one name on English pages",
        ),
        ("a.md", "Mis en œuvre par l’IOM.", "`IOM`: write `OIM`"),
        (
            "a.md",
            "Le rôle de l’OIM dans l’Agenda 2030.",
            "content/a.md:9: `Agenda 2030`: write `Programme 2030`",
        ),
        (
            "a.md",
            "Vers le 2030 Agenda.",
            "`2030 Agenda`: write `Programme 2030`",
        ),
        // A name cut by a line break is still found, at the line where it starts.
        (
            "a.en.md",
            "Towards the Programme\n2030.",
            "content/a.en.md:9: `Programme 2030`: write `2030 Agenda`",
        ),
        (
            "a.en.md",
            "With the Union européenne.",
            "write `European Union`",
        ),
        (
            "a.ar.md",
            "دعم تحقيق خطة 2030.",
            "`خطة 2030`: write `خطة عام 2030`",
        ),
        // Arabic prefixes glued to the first word (و، ل) do not hide it.
        (
            "a.ar.md",
            "ولخطة 2030 أهمية.",
            "`ولخطة 2030`: write `خطة عام 2030`",
        ),
        (
            "a.ar.md",
            "وتعمل منظمة الهجرة الدولية بالمغرب.",
            "`منظمة الهجرة الدولية`: write `المنظمة الدولية للهجرة`",
        ),
        (
            "a.ar.md",
            "نفذته IOM مع شركائها.",
            "`IOM`: write `المنظمة الدولية للهجرة`, its one name on Arabic pages",
        ),
    ];
    for (rel, text, expected) in cases {
        let err = parse(rel, &body(text)).expect_err(text).to_string();
        assert!(err.contains(expected), "{text}: {err}");
        // A draft (a translation not yet written) is checked once published.
        let draft = body(text).replacen("+++\n", "+++\ndraft = true\n", 1);
        assert!(parse(rel, &draft).is_ok(), "draft: {text}");
    }
    let fine = [
        (
            "a.md",
            "L’OIM soutient le Programme 2030 avec l’Union européenne et les Nations Unies.",
        ),
        (
            "a.en.md",
            "IOM supports the 2030 Agenda with the European Union and the United Nations.",
        ),
        (
            "a.ar.md",
            "تدعم المنظمة الدولية للهجرة خطة عام 2030 (خطة التنمية المستدامة لعام 2030) مع \
             FMPCI و ANOLF وللمنظمة الدولية للهجرة شركاء.",
        ),
        // Link targets are not prose.
        (
            "a.en.md",
            "See [the French page](https://www.iom.int/fr/OIM).",
        ),
    ];
    for (rel, text) in fine {
        assert!(parse(rel, &body(text)).is_ok(), "{text}");
    }
    // The front matter's texts are prose too, named in the message.
    let menu = GOOD.replace(
        "untranslated = true\n",
        "untranslated = true\n[[menu]]\nlabel = \"Agenda 2030\"\nhref = \"#a\"\n",
    );
    let err = parse("a.md", &menu).unwrap_err().to_string();
    assert!(
        err.contains("`Agenda 2030`: write `Programme 2030`")
            && err.contains("(in `[[menu]] label`)"),
        "{err}"
    );
}

#[test]
fn two_pages_cannot_share_a_title() {
    let mut second = loaded("a.md", GOOD).unwrap();
    second.page.title = parse("_index.md", GOOD).unwrap().title;
    let pages = vec![loaded("_index.md", GOOD).unwrap(), second];
    let errs = check_site(pages, &LoadOptions::default()).unwrap_err();
    assert!(
        errs[0]
            .to_string()
            .contains("is already the title of content/_index.md"),
        "{}",
        errs[0]
    );
}

#[test]
fn suggests_the_closest_field() {
    assert_eq!(suggest("titel"), Some("title"));
    assert_eq!(suggest("wieght"), Some("weight"));
    assert_eq!(suggest("colour"), None);
}
