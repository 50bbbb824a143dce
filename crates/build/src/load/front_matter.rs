//! One content file: its TOML front matter (a serde struct that refuses unknown fields), its
//! path and language from the file name, and its Markdown rendered once.

use std::borrow::Cow;

use oim_site::i18n::ALL;
use oim_site::markdown::{self, Context};
use oim_site::{Date, Event, Kind, MenuLink, Page};
use serde::Deserialize;

use super::glossary::glossary_problem;
use super::slug::is_valid_slug;
use super::{error, ContentError, Loaded, MAX_DESCRIPTION};
use crate::images::ImageStore;

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

/// The fields of the front matter, for "did you mean" suggestions.
pub const FIELDS: &[&str] = &[
    "title",
    "description",
    "slug",
    "date",
    "updated",
    "lang",
    "weight",
    "draft",
    "menu",
    "untranslated",
    "event",
];

/// The default language (no prefix in URLs) comes first.
fn langs() -> impl Iterator<Item = &'static str> {
    ALL.iter().map(|t| t.lang)
}

/// Parses one file and renders its Markdown. `shown` names it in messages, `rel` is its path
/// under `content/`; images are found and measured through `images`.
pub fn parse_page(
    shown: &str,
    rel: &str,
    text: &str,
    images: &ImageStore,
) -> Result<Loaded, ContentError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (toml_text, body) = split_front_matter(shown, text)?;
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
    let lang = language(shown, fm.lang.as_deref(), lang_from_name)?;

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
    check_description(shown, &description)?;

    let (dir, name) = stem.rsplit_once('/').unwrap_or(("", stem));
    let kind = match (dir, name) {
        ("", "_index") => Kind::Home,
        (_, "_index") => Kind::Section,
        ("", _) => Kind::Page,
        _ => Kind::Article,
    };
    let (key, path) = paths(shown, &lang, dir, name, kind, fm.slug.as_deref())?;

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
    let event = fm.event.map(|e| to_event(shown, e)).transpose()?;

    let page = Page {
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
        menu: Cow::Owned(
            fm.menu
                .into_iter()
                .map(|m| MenuLink {
                    label: Cow::Owned(m.label),
                    href: Cow::Owned(m.href),
                })
                .collect(),
        ),
        event,
        body: Cow::Owned(body.to_string()),
    };

    let at = |line: usize| Some(body_line + line - 1);
    let mut fields = vec![
        ("title", page.title.as_ref()),
        ("description", &page.description),
    ];
    fields.extend(
        page.menu
            .iter()
            .map(|m| ("[[menu]] label", m.label.as_ref())),
    );
    if let Some(event) = &page.event {
        fields.push(("[event] name", &event.name));
    }
    // The glossary guards what visitors read: a draft still holds the French placeholder text
    // of `make new-news` in all three files, and is checked once `draft = true` goes.
    let problem = if fm.draft {
        None
    } else {
        glossary_problem(&fields, body, &page.lang)
    };
    if let Some((line, problem)) = problem {
        return Err(error(shown, line.and_then(at), problem));
    }
    let ctx = Context {
        dir: page.content_dir(),
        images,
    };
    let rendered = markdown::render(body, &page.lang, ctx);
    for (line, src, alt) in &rendered.images {
        if let Err(why) = images.lookup(src) {
            return Err(error(shown, at(*line), why));
        }
        if alt.is_empty() {
            return Err(error(
                shown,
                at(*line),
                format!(
                    "the image `{src}` has no alt text: describe it between the brackets, ![Photo of …]({})",
                    src.rsplit('/').next().unwrap_or(src)
                ),
            ));
        }
    }
    if let Some((line, problem)) = rendered.problems.first() {
        return Err(error(shown, at(*line), problem.clone()));
    }
    Ok(Loaded { page, rendered })
}

/// The TOML between the opening `+++` line and the closing one, and the body after it.
fn split_front_matter<'t>(shown: &str, text: &'t str) -> Result<(&'t str, &'t str), ContentError> {
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
    // The closing `+++` must stand alone on its line.
    let mut end = None;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            end = Some(offset);
            break;
        }
        offset += line.len();
    }
    let Some(end) = end else {
        return Err(error(
            shown,
            Some(1),
            "the front matter is not closed: add a line `+++` after it",
        ));
    };
    let body = rest[end..]
        .trim_start_matches("+++")
        .trim_start_matches('\r')
        .trim_start_matches('\n');
    Ok((&rest[..end], body))
}

/// The page's language: from the front matter, else from the file name, else French.
fn language(
    shown: &str,
    declared: Option<&str>,
    from_name: Option<&str>,
) -> Result<String, ContentError> {
    let lang = match (declared, from_name) {
        (Some(l), Some(n)) if l != n => {
            return Err(error(
                shown,
                None,
                format!("`lang = \"{l}\"` but the file name says `{n}`"),
            ))
        }
        (Some(l), _) | (None, Some(l)) => l,
        (None, None) => ALL[0].lang,
    };
    if !langs().any(|l| l == lang) {
        return Err(error(
            shown,
            None,
            format!(
                "unknown language `{lang}`: the site is written in {}",
                langs().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    Ok(lang.to_string())
}

fn check_description(shown: &str, description: &str) -> Result<(), ContentError> {
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
    Ok(())
}

/// The key shared by a page's translations (its French path) and the page's own path.
fn paths(
    shown: &str,
    lang: &str,
    dir: &str,
    name: &str,
    kind: Kind,
    slug: Option<&str>,
) -> Result<(String, String), ContentError> {
    let own = matches!(kind, Kind::Page | Kind::Article);
    if let (Some(s), false) = (slug, own) {
        return Err(error(
            shown,
            None,
            format!("`slug = \"{s}\"` cannot rename a section or the home page: rename the folder"),
        ));
    }
    let slug = slug.unwrap_or(name);
    if own && !is_valid_slug(slug) {
        return Err(error(
            shown,
            None,
            format!("`{slug}` cannot be part of a URL: use lower-case letters, digits and dashes"),
        ));
    }
    // A `slug` renames the page's own URL, not its translation key.
    let folder = if dir.is_empty() {
        "/".to_string()
    } else {
        format!("/{dir}/")
    };
    let (key, tail) = if own {
        (format!("{folder}{name}/"), format!("{slug}/"))
    } else {
        (folder.clone(), String::new())
    };
    let prefix = if lang == ALL[0].lang {
        String::new()
    } else {
        format!("/{lang}")
    };
    Ok((key, format!("{prefix}{folder}{tail}")))
}

/// `actualites/x.ar.md` -> (`actualites/x`, Some("ar")).
fn split_name(rel: &str) -> (&str, Option<&str>) {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    match stem.rsplit_once('.') {
        Some((base, lang)) if !lang.contains('/') => (base, Some(lang)),
        _ => (stem, None),
    }
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

fn to_event(shown: &str, e: EventEntry) -> Result<Event, ContentError> {
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
    Ok(Event {
        name: Cow::Owned(e.name),
        start,
        end,
        city: Cow::Owned(e.city),
        country: Cow::Owned(e.country),
    })
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
        .map(|f| (strsim::levenshtein(field, f), *f))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, f)| f)
}
