//! When each page last changed, for `Last-Modified` and the sitemap's `lastmod`: the front
//! matter's `updated` or `date` when it has one, else the last commit that touched the file
//! (the build day for a file with uncommitted changes, or outside git). A home page or a
//! section also changes when one of its articles does: it lists them.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use oim_site::{Date, Page, Site};

use crate::lists_articles;

pub fn dates(content_dir: &Path, pages: &[Page], build_date: Date) -> Vec<Date> {
    let committed = last_commits(content_dir);
    let own: Vec<Date> = pages
        .iter()
        .map(|p| {
            p.updated.or(p.date).unwrap_or_else(|| {
                let rel = p.source.strip_prefix("content/").unwrap_or(&p.source);
                committed.get(rel).copied().unwrap_or(build_date)
            })
        })
        .collect();
    let site = Site {
        base_url: "",
        pages,
        assets: &[],
        images: &[],
    };
    let index: BTreeMap<&str, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.path.as_ref(), i))
        .collect();
    pages
        .iter()
        .zip(&own)
        .map(|(page, &date)| {
            if !lists_articles(page) {
                return date;
            }
            let listed = if page.kind == oim_site::Kind::Home {
                site.latest_articles(&page.lang, usize::MAX)
            } else {
                // A later page of a list changes with its section's list.
                let section = site.section_of(page).map_or(&page.path, |s| &s.path);
                site.articles_of(section)
            };
            listed
                .iter()
                .filter_map(|a| index.get(a.path.as_ref()).copied())
                .map(|i| own[i])
                .chain([date])
                .max()
                .unwrap_or(date)
        })
        .collect()
}

/// The date of the last commit of each file under `dir` (paths relative to it), leaving out
/// files with uncommitted changes. Empty outside a git repository.
fn last_commits(dir: &Path) -> BTreeMap<String, Date> {
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
    };
    let Some(log) = git(&[
        "log",
        "--format=@%cs",
        "--name-only",
        "--relative",
        "--",
        ".",
    ]) else {
        return BTreeMap::new();
    };
    let mut dates = BTreeMap::new();
    let mut current = None;
    for line in log.lines() {
        if let Some(day) = line.strip_prefix('@') {
            current = parse_iso(day);
        } else if let (false, Some(day)) = (line.is_empty(), current) {
            // The log is newest first: the first date seen for a file is its last commit.
            dates.entry(line.to_string()).or_insert(day);
        }
    }
    let dirty = git(&["status", "--porcelain", "--no-renames", "--", "."]).unwrap_or_default();
    let prefix = git(&["rev-parse", "--show-prefix"]).unwrap_or_default();
    for line in dirty.lines() {
        // `XY path`, the path from the repository's top.
        let path = line.get(3..).unwrap_or("");
        if let Some(rel) = path.strip_prefix(prefix.trim()) {
            dates.remove(rel);
        }
    }
    dates
}

fn parse_iso(day: &str) -> Option<Date> {
    let mut parts = day.split('-').map(|p| p.parse::<u16>().ok());
    let (Some(Some(year)), Some(Some(month)), Some(Some(day))) =
        (parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    Some(Date {
        year,
        month: u8::try_from(month).ok()?,
        day: u8::try_from(day).ok()?,
    })
}
