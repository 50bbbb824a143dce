//! Build-time phase of the content: read `content/`, parse the front matter, check every page
//! and every link between pages. Runs in `build.rs` (a broken file fails the build) and in
//! native tests; never in the Worker.
//!
//! File layout: `content/_index.md` is `/`, `content/a.md` is `/a/`, `content/s/_index.md` is
//! the section `/s/` and `content/s/b.md` an article `/s/b/` (which needs a `date`).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;

use crate::content::{Date, Event, Kind, MenuLink, Page, Site};
use crate::markdown;

/// Languages the site is written in; the first is the default (no prefix in URLs).
pub const LANGS: &[&str] = &["fr", "ar", "en"];
/// A description longer than this is cut by search engines.
pub const MAX_DESCRIPTION: usize = 160;

/// A problem in one content file, said so that an author can fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
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

fn error(file: &str, line: Option<usize>, message: impl Into<String>) -> ContentError {
    ContentError {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

/// The front matter between the `+++` lines, in TOML.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    /// Required. The page's `<title>` and its only `<h1>`.
    title: String,
    /// Required. One or two sentences for search results and link previews (at most 160 characters).
    description: String,
    /// Default: the file name. The last part of the page's URL.
    slug: Option<String>,
    /// Required for news items, optional elsewhere: `2016-01-29` (no quotes).
    date: Option<toml::value::Datetime>,
    /// Default: none. When the page was last changed substantially, `2016-02-01`.
    updated: Option<toml::value::Datetime>,
    /// Default: from the file name (`page.ar.md` is Arabic), else `fr`. Must agree with it.
    lang: Option<String>,
    /// Default: not in the menu. Position in the main menu, smallest first.
    weight: Option<u32>,
    /// Default: `false`. A draft is shown by `make dev` only, never deployed.
    #[serde(default)]
    draft: bool,
    /// Default: none. Sub-entries shown under this page in the menu.
    #[serde(default)]
    menu: Vec<MenuEntry>,
    /// Default: `false`. `true` if the page exists only in its own language; otherwise a missing
    /// translation stops the build.
    #[serde(default)]
    untranslated: bool,
    /// Default: none. The event a news item is about, for search engines:
    /// `[event]` with `name`, `start`, `end` (dates), `city`, `country` (two letters).
    event: Option<EventEntry>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct EventEntry {
    name: String,
    start: toml::value::Datetime,
    end: toml::value::Datetime,
    city: String,
    country: String,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct MenuEntry {
    label: String,
    href: String,
}

const FIELDS: &[&str] = &[
    "title",
    "description",
    "slug",
    "date",
    "updated",
    "lang",
    "weight",
    "draft",
    "menu",
];

/// What the loader needs to know besides the files.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// `make dev` shows drafts; a deployed build never does.
    pub include_drafts: bool,
    /// Paths served by code rather than content (`/contact/`), valid as link targets.
    pub code_routes: Vec<String>,
}

/// Reads every `.md` file under `root`, checks them all and returns the pages sorted by path,
/// or every problem found (not only the first: an author fixes them in one go).
pub fn load_dir(root: &Path, opts: &LoadOptions) -> Result<Vec<Page>, Vec<ContentError>> {
    let mut files = Vec::new();
    if let Err(e) = collect_files(root, root, &mut files) {
        return Err(vec![error(
            &root.display().to_string(),
            None,
            format!("cannot read: {e}"),
        )]);
    }
    files.sort();
    let mut pages = Vec::new();
    let mut errors = Vec::new();
    for rel in files {
        let full = root.join(&rel);
        let shown = format!("content/{rel}");
        match std::fs::read_to_string(&full) {
            Ok(text) => match parse_page(&shown, &rel, &text) {
                Ok(page) => pages.push(page),
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
    let pages = check_site(pages, opts)?;
    images(root, &pages)?;
    Ok(pages)
}

/// An image the content uses, found and measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundImage {
    /// Its path under `content/`.
    pub src: String,
    pub file: std::path::PathBuf,
    pub width: u32,
    pub height: u32,
}

/// Every image the pages use: it must exist under `content/` and be a PNG or JPEG whose size
/// can be read (the page reserves its space: no layout shift).
pub fn images(root: &Path, pages: &[Page]) -> Result<Vec<FoundImage>, Vec<ContentError>> {
    let mut found: Vec<FoundImage> = Vec::new();
    let mut errors = Vec::new();
    for page in pages {
        let ctx = markdown::Context {
            dir: page.content_dir(),
            images: &[],
        };
        for (line, src, _) in markdown::render(&page.body, &page.lang, ctx).images {
            if found.iter().any(|f| f.src == src) {
                continue;
            }
            let file = root.join(&src);
            match std::fs::read(&file).map(|bytes| image_size(&bytes)) {
                Ok(Some((width, height))) => found.push(FoundImage { src, file, width, height }),
                Ok(None) => errors.push(error(&page.source, None, format!("`{src}` is not a PNG or JPEG image: save it as .jpg or .png"))),
                Err(_) if src.is_empty() => errors.push(error(&page.source, None, "an image must be a file under content/, not a web address".to_string())),
                Err(_) => errors.push(error(
                    &page.source,
                    None,
                    format!("image `content/{src}` not found (line {line} of the text): check the file name, or put the file there"),
                )),
            }
        }
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    }
}

/// Width and height of a PNG (IHDR) or JPEG (first SOF marker).
pub fn image_size(b: &[u8]) -> Option<(u32, u32)> {
    let be16 = |i: usize| Some(u32::from(u16::from_be_bytes([*b.get(i)?, *b.get(i + 1)?])));
    let be32 = |i: usize| {
        Some(u32::from_be_bytes([
            *b.get(i)?,
            *b.get(i + 1)?,
            *b.get(i + 2)?,
            *b.get(i + 3)?,
        ]))
    };
    if b.starts_with(b"\x89PNG\r\n\x1a\n") && b.get(12..16) == Some(b"IHDR") {
        return Some((be32(16)?, be32(20)?)).filter(|(w, h)| *w > 0 && *h > 0);
    }
    if b.starts_with(&[0xff, 0xd8]) {
        let mut i = 2;
        while i + 4 <= b.len() {
            if b[i] != 0xff {
                return None;
            }
            let marker = b[i + 1];
            let len = be16(i + 2)? as usize;
            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the size.
            if (0xc0..=0xcf).contains(&marker) && ![0xc4, 0xc8, 0xcc].contains(&marker) {
                return Some((be16(i + 7)?, be16(i + 5)?)).filter(|(w, h)| *w > 0 && *h > 0);
            }
            i += 2 + len;
        }
    }
    None
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

/// Parses one file. `shown` names it in messages, `rel` is its path under `content/`.
pub fn parse_page(shown: &str, rel: &str, text: &str) -> Result<Page, ContentError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
    else {
        return Err(error(
            shown,
            Some(1),
            "no front matter: the file must start with a line `+++`, then `title = \"…\"` and \
             `description = \"…\"`, then a closing `+++`",
        ));
    };
    let Some(end) = find_closing(rest) else {
        return Err(error(
            shown,
            Some(1),
            "the front matter is not closed: add a line `+++` after it",
        ));
    };
    let (toml_text, body) = (&rest[..end], &rest[end..]);
    let body = body
        .trim_start_matches("+++")
        .trim_start_matches('\r')
        .trim_start_matches('\n');
    // The body starts this many lines into the file, for messages about the body.
    let body_line = text[..text.len() - body.len()].matches('\n').count() + 1;

    let fm: FrontMatter = toml::from_str(toml_text).map_err(|e| {
        let line = e.span().map(|s| {
            toml_text[..s.start.min(toml_text.len())]
                .matches('\n')
                .count()
                + 2
        });
        error(shown, line, explain_toml_error(e.message()))
    })?;

    let (stem, lang_from_name) = split_name(rel);
    let lang = match (fm.lang.as_deref(), lang_from_name) {
        (Some(l), Some(n)) if l != n => {
            return Err(error(
                shown,
                None,
                format!("`lang = \"{l}\"` but the file name says `{n}`"),
            ))
        }
        (Some(l), _) | (None, Some(l)) => l.to_string(),
        (None, None) => LANGS[0].to_string(),
    };
    if !LANGS.contains(&lang.as_str()) {
        return Err(error(
            shown,
            None,
            format!(
                "unknown language `{lang}`: the site is written in {}",
                LANGS.join(", ")
            ),
        ));
    }

    // French spacing before `:` `;` `?` `!`, as in the body (see `markdown::french_spacing`).
    let typeset = |s: &str| {
        if lang == "fr" {
            markdown::french_spacing(s.trim())
        } else {
            s.trim().to_string()
        }
    };
    let title = typeset(&fm.title);
    if title.is_empty() {
        return Err(error(
            shown,
            None,
            "`title` is empty: give the page a title",
        ));
    }
    let description = typeset(&fm.description);
    if description.is_empty() {
        return Err(error(
            shown,
            None,
            "`description` is empty: write one or two sentences",
        ));
    }
    let chars = description.chars().count();
    if chars > MAX_DESCRIPTION {
        return Err(error(
            shown,
            None,
            format!(
                "`description` has {chars} characters; search results cut it after {MAX_DESCRIPTION}: shorten it"
            ),
        ));
    }

    let (dir, name) = match stem.rfind('/') {
        Some(i) => (&stem[..i], &stem[i + 1..]),
        None => ("", stem),
    };
    let kind = match (dir, name) {
        ("", "_index") => Kind::Home,
        (_, "_index") => Kind::Section,
        ("", _) => Kind::Page,
        _ => Kind::Article,
    };
    let slug = match &fm.slug {
        Some(s) if kind == Kind::Home || kind == Kind::Section => {
            return Err(error(
                shown,
                None,
                format!(
                    "`slug = \"{s}\"` cannot rename a section or the home page: rename the folder"
                ),
            ))
        }
        Some(s) => s.clone(),
        None => name.to_string(),
    };
    if kind != Kind::Home && kind != Kind::Section && !valid_segment(&slug) {
        return Err(error(
            shown,
            None,
            format!("`{slug}` cannot be part of a URL: use lower-case letters, digits and dashes"),
        ));
    }
    // The French path is the key shared by translations; other languages add their prefix.
    let mut key = String::from("/");
    if !dir.is_empty() {
        key.push_str(dir);
        key.push('/');
    }
    if kind == Kind::Page || kind == Kind::Article {
        key.push_str(if fm.slug.is_some() { name } else { &slug });
        key.push('/');
    }
    let mut path = String::from("/");
    if lang != LANGS[0] {
        path.push_str(&lang);
        path.push('/');
    }
    path.push_str(&key[1..]);
    if kind == Kind::Page || kind == Kind::Article {
        // A `slug` renames the page's own URL, not its translation key.
        let cut = path.trim_end_matches('/').rfind('/').map_or(0, |i| i + 1);
        path.truncate(cut);
        path.push_str(&slug);
        path.push('/');
    }

    let date = fm.date.map(|d| to_date(shown, "date", d)).transpose()?;
    let updated = fm
        .updated
        .map(|d| to_date(shown, "updated", d))
        .transpose()?;
    if kind == Kind::Article && date.is_none() {
        return Err(error(
            shown,
            None,
            "a news item needs a `date = 2016-01-29` (no quotes) in its front matter",
        ));
    }

    let event = match fm.event {
        Some(e) => {
            let (start, end) = (
                to_date(shown, "event.start", e.start)?,
                to_date(shown, "event.end", e.end)?,
            );
            if end < start {
                return Err(error(shown, None, "`event.end` is before `event.start`"));
            }
            if e.country.len() != 2 || !e.country.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(error(
                    shown,
                    None,
                    "`event.country` must be a two-letter code like \"MA\"",
                ));
            }
            Some(Event {
                name: Cow::Owned(e.name),
                start,
                end,
                city: Cow::Owned(e.city),
                country: Cow::Owned(e.country),
            })
        }
        None => None,
    };

    let menu: Vec<MenuLink> = fm
        .menu
        .into_iter()
        .map(|m| MenuLink {
            label: Cow::Owned(m.label),
            href: Cow::Owned(m.href),
        })
        .collect();

    let ctx = markdown::Context {
        dir: if kind == Kind::Page || kind == Kind::Home {
            ""
        } else {
            dir
        },
        images: &[],
    };
    let rendered = markdown::render(body, &lang, ctx);
    if let Some((line, problem)) = glossary_problem(&title, &description, body, &lang) {
        let line = line.map(|l| body_line + l - 1);
        return Err(error(shown, line, problem));
    }
    let missing_alt = rendered.images.iter().find(|(_, _, alt)| alt.is_empty());
    if let Some((line, path, _)) = missing_alt {
        return Err(error(
            shown,
            Some(body_line + line - 1),
            format!("the image `{path}` has no alt text: describe it between the brackets, ![Photo of …]({})", path.rsplit('/').next().unwrap_or(path)),
        ));
    }
    if let Some((line, problem)) = rendered.problems.first() {
        return Err(error(shown, Some(body_line + line - 1), problem.clone()));
    }

    Ok(Page {
        path: Cow::Owned(path),
        source: Cow::Owned(shown.to_string()),
        key: Cow::Owned(key),
        kind,
        lang: Cow::Owned(lang),
        title: Cow::Owned(title),
        description: Cow::Owned(description),
        date,
        updated,
        weight: fm.weight,
        draft: fm.draft,
        untranslated: fm.untranslated,
        menu: Cow::Owned(menu),
        event,
        body: Cow::Owned(body.to_string()),
    })
}

/// Names that must be written exactly so everywhere (case included): projects, partners and,
/// in French, the organisation's acronym.
const GLOSSARY: &[(&str, &[&str])] = &[
    ("SALEMM", &[]),
    ("FMPCI", &[]),
    ("ANOLF", &[]),
    ("OIM", &["fr"]),
];

/// The first misspelt glossary name in the title, the description or the body (with the line
/// in the body), as an author-friendly message. Link targets are not text and are skipped.
fn glossary_problem(
    title: &str,
    description: &str,
    body: &str,
    lang: &str,
) -> Option<(Option<usize>, String)> {
    let texts = [(None, title.to_string()), (None, description.to_string())];
    let body_lines = body
        .lines()
        .enumerate()
        .map(|(i, l)| (Some(i + 1), strip_link_targets(l)));
    for (line, text) in texts.into_iter().chain(body_lines) {
        for word in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 3)
        {
            let upper = word.to_uppercase();
            for (term, langs) in GLOSSARY {
                if !langs.is_empty() && !langs.contains(&lang) {
                    continue;
                }
                let near = term.len() >= 5
                    && upper.len() + 1 >= term.len()
                    && edit_distance(&upper, term) == 1;
                if (upper == *term && word != *term) || near {
                    let place = if line.is_some() {
                        ""
                    } else {
                        " (title or description)"
                    };
                    return Some((
                        line,
                        format!("`{word}`{place}: write `{term}`, as everywhere on the site"),
                    ));
                }
            }
        }
    }
    None
}

/// `[texte](https://www.salemm.org)` -> `[texte]`, `## Titre {#ancre}` -> `## Titre`:
/// addresses and anchors are not prose.
fn strip_link_targets(line: &str) -> String {
    let line = match line.find("{#") {
        Some(i) => &line[..i],
        None => line,
    };
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find("](") {
        out.push_str(&rest[..=i]);
        rest = rest[i + 2..].split_once(')').map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out.replace("www.salemm.org", "")
}

/// The closing `+++` must stand alone on its line.
fn find_closing(rest: &str) -> Option<usize> {
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// `actualites/x.ar.md` -> (`actualites/x`, Some("ar")).
fn split_name(rel: &str) -> (&str, Option<&str>) {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    match stem.rsplit_once('.') {
        Some((base, lang)) if !lang.contains('/') => (base, Some(lang)),
        _ => (stem, None),
    }
}

fn valid_segment(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn to_date(shown: &str, field: &str, d: toml::value::Datetime) -> Result<Date, ContentError> {
    match (d.date, d.time) {
        (Some(date), None) => Ok(Date {
            year: date.year,
            month: date.month,
            day: date.day,
        }),
        _ => Err(error(
            shown,
            None,
            format!("`{field}` must be a date like 2016-01-29, without a time"),
        )),
    }
}

/// toml's messages are precise but terse; add what an author should do.
fn explain_toml_error(message: &str) -> String {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or("");
        return match suggest(field) {
            Some(s) => format!("unknown field `{field}`: did you mean `{s}`?"),
            None => format!(
                "unknown field `{field}`: the fields are {}",
                FIELDS.join(", ")
            ),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or("");
        return format!("missing field `{field}`: add `{field} = \"…\"` to the front matter");
    }
    format!("the front matter is not valid TOML: {message}")
}

/// The known field closest to a misspelt one (at most two edits away).
pub fn suggest(field: &str) -> Option<&'static str> {
    FIELDS
        .iter()
        .map(|f| (edit_distance(field, f), *f))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, f)| f)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Second phase: checks across pages (duplicate paths, links, anchors), then drops drafts
/// unless they are wanted.
pub fn check_site(pages: Vec<Page>, opts: &LoadOptions) -> Result<Vec<Page>, Vec<ContentError>> {
    let mut errors = Vec::new();
    let mut by_path: BTreeMap<&str, &Page> = BTreeMap::new();
    for page in &pages {
        if let Some(first) = by_path.insert(&page.path, page) {
            errors.push(error(
                &page.source,
                None,
                format!(
                    "the URL {} is already used by {}: change `slug` or the file name",
                    page.path, first.source
                ),
            ));
        }
    }
    for (i, page) in pages.iter().enumerate() {
        let same = |p: &&Page| p.lang == page.lang && p.title == page.title;
        if let Some(first) = pages[..i].iter().find(same) {
            errors.push(error(
                &page.source,
                None,
                format!(
                    "the title \"{}\" is already the title of {}: give each page its own title",
                    page.title, first.source
                ),
            ));
        }
    }
    if !pages
        .iter()
        .any(|p| p.kind == Kind::Home && p.lang == LANGS[0])
    {
        errors.push(error(
            "content/_index.md",
            None,
            "the home page is missing: create content/_index.md",
        ));
    }
    for page in &pages {
        if page.kind == Kind::Article {
            if let Some(parent) = page.parent_path() {
                if !by_path.contains_key(parent) {
                    errors.push(error(
                        &page.source,
                        None,
                        format!("its section {parent} has no `_index.md`: add one to the folder"),
                    ));
                }
            }
        }
    }

    for page in pages.iter().filter(|p| !p.untranslated) {
        for lang in LANGS.iter().filter(|l| **l != page.lang) {
            if !pages.iter().any(|p| p.key == page.key && p.lang == *lang) {
                let base = page.source.trim_end_matches(".md");
                let base = LANGS.iter().fold(base.to_string(), |b, l| {
                    b.trim_end_matches(&format!(".{l}")).to_string()
                });
                let wanted = if *lang == LANGS[0] {
                    format!("{base}.md")
                } else {
                    format!("{base}.{lang}.md")
                };
                errors.push(error(
                    &page.source,
                    None,
                    format!("no {} version: add {wanted}, or write `untranslated = true` in the front matter", language_name(lang)),
                ));
            }
        }
    }

    let published = |p: &Page| opts.include_drafts || !p.draft;
    let ids: BTreeMap<&str, Vec<String>> = pages
        .iter()
        .map(|p| {
            (
                p.path.as_ref(),
                markdown::render(
                    &p.body,
                    &p.lang,
                    markdown::Context {
                        dir: p.content_dir(),
                        images: &[],
                    },
                )
                .ids,
            )
        })
        .collect();
    for page in pages.iter().filter(|p| published(p)) {
        let own = &ids[page.path.as_ref()];
        let rendered = markdown::render(
            &page.body,
            &page.lang,
            markdown::Context {
                dir: page.content_dir(),
                images: &[],
            },
        );
        let menu_links = page.menu.iter().map(|m| m.href.to_string());
        for link in rendered.links.into_iter().chain(menu_links) {
            if let Err(why) = check_link(&link, own, &by_path, &ids, opts, &published) {
                errors.push(error(
                    &page.source,
                    None,
                    format!("broken link `{link}`: {why}"),
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut pages: Vec<Page> = pages.into_iter().filter(|p| published(p)).collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(pages)
}

fn check_link(
    link: &str,
    own_ids: &[String],
    by_path: &BTreeMap<&str, &Page>,
    ids: &BTreeMap<&str, Vec<String>>,
    opts: &LoadOptions,
    published: &dyn Fn(&Page) -> bool,
) -> Result<(), String> {
    if let Some(anchor) = link.strip_prefix('#') {
        return if own_ids.iter().any(|i| i == anchor) {
            Ok(())
        } else {
            Err(format!(
                "this page has no heading with the anchor #{anchor}"
            ))
        };
    }
    if let Some(rest) = link.strip_prefix('/') {
        if rest.starts_with('/') {
            return Err("write the full address with https://".into());
        }
        let (path, anchor) = match link.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (link, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        if opts.code_routes.iter().any(|r| r == path) {
            return Ok(());
        }
        let Some(target) = by_path.get(path) else {
            let hint = if !path.ends_with('/') && by_path.contains_key(format!("{path}/").as_str())
            {
                format!(" (did you mean {path}/ ?)")
            } else {
                String::new()
            };
            return Err(format!("no page has the address {path}{hint}"));
        };
        if !published(target) {
            return Err(format!(
                "{} is a draft and will not be published",
                target.source
            ));
        }
        if let Some(anchor) = anchor {
            if !ids[path].iter().any(|i| i == anchor) {
                return Err(format!(
                    "{} has no heading with the anchor #{anchor}",
                    target.source
                ));
            }
        }
        return Ok(());
    }
    let scheme_ok = ["https://", "http://", "mailto:", "tel:"]
        .iter()
        .any(|s| link.starts_with(s));
    if scheme_ok {
        Ok(())
    } else {
        Err("internal links start with / (like /notre-travail/), others with https://".into())
    }
}

fn language_name(lang: &str) -> &'static str {
    match lang {
        "ar" => "Arabic",
        "en" => "English",
        _ => "French",
    }
}

/// Convenience for tests and tools: the checked site as a [`Site`].
pub fn site<'a>(base_url: &'a str, pages: &'a [Page]) -> Site<'a> {
    Site {
        base_url,
        pages,
        assets: &[],
        images: &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // `untranslated` keeps these one-language fixtures free of translation errors.
    const GOOD: &str =
        "+++\ntitle = \"Titre\"\ndescription = \"Une page.\"\nuntranslated = true\n+++\n\nTexte.\n";

    /// Each fixture gets its own title (two pages may not share one).
    fn parse(rel: &str, text: &str) -> Result<Page, ContentError> {
        parse_page(
            &format!("content/{rel}"),
            rel,
            &text.replacen("\"Titre", &format!("\"Titre {rel}"), 1),
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

    fn page(rel: &str, body: &str) -> Page {
        parse(rel, &format!("{}{body}\n", GOOD.replace("Texte.\n", ""))).unwrap()
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
            p.path = "/a/".into();
            p
        }];
        let errs = check_site(dup, &LoadOptions::default()).unwrap_err();
        assert!(
            errs[0].to_string().contains("already used by content/a.md"),
            "{}",
            errs[0]
        );

        let mut draft = page("b.md", "");
        draft.draft = true;
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
        let errs = load_dir(&dir, &LoadOptions::default()).unwrap_err();
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
        let pages = load_dir(&dir, &LoadOptions::default()).unwrap();
        assert_eq!(
            pages.iter().map(|p| p.path.as_ref()).collect::<Vec<_>>(),
            ["/", "/actualites/"]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_translation_stops_the_build_unless_declared() {
        let translated = GOOD.replace("untranslated = true\n", "");
        let pages = vec![
            parse("_index.md", GOOD).unwrap(),
            parse("a.md", &translated).unwrap(),
            parse("a.ar.md", &translated).unwrap(),
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
        // A PNG header is enough to read its size.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&[0, 0, 3, 32, 0, 0, 2, 88]);
        std::fs::write(dir.join("actualites/images/rabat.png"), &png).unwrap();
        // A JPEG: SOI, an APP0 segment, then SOF0 with height 480 and width 640.
        let jpeg = [
            0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 1, 0xe0, 2, 0x80, 3, 0, 0, 0,
        ];
        assert_eq!(image_size(&jpeg), Some((640, 480)));
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
        let pages = load_dir(&dir, &LoadOptions::default()).expect("a good image");
        let found = images(&dir, &pages).unwrap();
        assert_eq!(
            (found[0].src.as_str(), found[0].width, found[0].height),
            ("actualites/images/rabat.png", 800, 600)
        );

        let cases = [
            ("Texte.\n\n![](images/rabat.png)", "content/actualites/a.md:10: the image `actualites/images/rabat.png` has no alt text"),
            ("![Photo](images/absente.png)", "image `content/actualites/images/absente.png` not found"),
            ("![Photo](../_index.md)", "is not a PNG or JPEG image"),
        ];
        for (body, expected) in cases {
            std::fs::write(dir.join("actualites/a.md"), news(body)).unwrap();
            let errs = load_dir(&dir, &LoadOptions::default()).unwrap_err();
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
            .contains("(title or description)"));
    }

    #[test]
    fn two_pages_cannot_share_a_title() {
        let mut second = parse("a.md", GOOD).unwrap();
        second.title = parse("_index.md", GOOD).unwrap().title;
        let pages = vec![parse("_index.md", GOOD).unwrap(), second];
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
}
