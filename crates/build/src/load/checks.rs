//! Second phase: checks across pages, which only hold once every page is known (zola does the
//! same): one URL and one title per page, a home page, a section for every article, every
//! translation present, and every internal link and `#anchor` leading somewhere published.

use std::collections::BTreeMap;

use oim_site::i18n::ALL;
use oim_site::{Kind, Page};

use super::{error, ContentError, LoadOptions, Loaded};

/// Checks the whole site, then drops drafts unless they are wanted; pages come back sorted by
/// path (the Worker's router binary-searches them).
pub fn check_site(
    loaded: Vec<Loaded>,
    opts: &LoadOptions,
) -> Result<Vec<Loaded>, Vec<ContentError>> {
    let mut errors = Vec::new();
    let pages: Vec<&Page> = loaded.iter().map(|l| &l.page).collect();
    let mut by_path: BTreeMap<&str, &Loaded> = BTreeMap::new();
    for l in &loaded {
        if let Some(first) = by_path.insert(&l.page.path, l) {
            errors.push(error(
                &l.page.source,
                None,
                format!(
                    "the URL {} is already used by {}: change `slug` or the file name",
                    l.page.path, first.page.source
                ),
            ));
        }
    }
    let mut titles: BTreeMap<(&str, &str), &Page> = BTreeMap::new();
    for page in &pages {
        if let Some(first) = titles.insert((&page.lang, &page.title), page) {
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
        .any(|p| p.kind == Kind::Home && p.lang == ALL[0].lang)
    {
        errors.push(error(
            "content/_index.md",
            None,
            "the home page is missing: create content/_index.md",
        ));
    }
    for page in pages.iter().filter(|p| p.kind == Kind::Article) {
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
    errors.extend(missing_translations(&pages));

    let published = |p: &Page| opts.include_drafts || !p.draft;
    for l in loaded.iter().filter(|l| published(&l.page)) {
        let menu_links = l.page.menu.iter().map(|m| m.href.as_ref());
        for link in l
            .rendered
            .links
            .iter()
            .map(String::as_str)
            .chain(menu_links)
        {
            if let Err(why) = check_link(link, l, &by_path, opts, &published) {
                errors.push(error(
                    &l.page.source,
                    None,
                    format!("broken link `{link}`: {why}"),
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut kept: Vec<Loaded> = loaded.into_iter().filter(|l| published(&l.page)).collect();
    kept.sort_by(|a, b| a.page.path.cmp(&b.page.path));
    Ok(kept)
}

/// Every page in every language, unless it says `untranslated = true`.
fn missing_translations(pages: &[&Page]) -> Vec<ContentError> {
    let mut errors = Vec::new();
    for page in pages.iter().filter(|p| !p.untranslated) {
        for t in ALL.iter().filter(|t| t.lang != page.lang) {
            if pages.iter().any(|p| p.key == page.key && p.lang == t.lang) {
                continue;
            }
            let base = ALL.iter().fold(
                page.source.trim_end_matches(".md").to_string(),
                |b, other| b.trim_end_matches(&format!(".{}", other.lang)).to_string(),
            );
            let wanted = if t.lang == ALL[0].lang {
                format!("{base}.md")
            } else {
                format!("{base}.{}.md", t.lang)
            };
            errors.push(error(
                &page.source,
                None,
                format!(
                    "no {} version: add {wanted}, or write `untranslated = true` in the front matter",
                    language_name(t.lang)
                ),
            ));
        }
    }
    errors
}

fn check_link(
    link: &str,
    from: &Loaded,
    by_path: &BTreeMap<&str, &Loaded>,
    opts: &LoadOptions,
    published: &dyn Fn(&Page) -> bool,
) -> Result<(), String> {
    if let Some(anchor) = link.strip_prefix('#') {
        return if from.rendered.ids.iter().any(|i| i == anchor) {
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
        if !published(&target.page) {
            return Err(format!(
                "{} is a draft and will not be published",
                target.page.source
            ));
        }
        if let Some(anchor) = anchor {
            if !target.rendered.ids.iter().any(|i| i == anchor) {
                return Err(format!(
                    "{} has no heading with the anchor #{anchor}",
                    target.page.source
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
