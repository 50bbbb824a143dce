//! A growth corpus for the site: copies `content/` to a scratch folder and adds N plausible news
//! items in French, Arabic and English, so that builds and tests can be run on ten years of
//! news without touching the real content.
//!
//! Pipeline: [`corpus`] (embedded templates and slot values) -> [`article`] (one item in three
//! languages, drawn from a seeded ChaCha8 generator) -> [`grow`] (checks the destination,
//! copies, writes the files with their TOML front matter, measures them).

pub mod article;
pub mod corpus;
pub mod dates;
pub mod text;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

pub use article::{Doc, Item};

/// The site's languages, in the order of an item's documents.
pub const LANGS: [&str; 3] = ["fr", "ar", "en"];

/// Gzip ratio (level 6, file by file, no file name in the header) of the real articles when
/// the generator was tuned: the SALEMM closing conference, 2016, in French, Arabic and English
/// (4,316, 5,219 and 4,065 bytes). The generated text is held within 15 % of it.
pub const REAL_GZIP_RATIO: [f64; 3] = [0.419, 0.378, 0.435];

/// What to grow and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// How many news items to add (each in three files).
    pub items: usize,
    /// Same seed, same bytes.
    pub seed: u64,
    /// The real `content/` folder: only read.
    pub source: PathBuf,
    /// The scratch folder: `DEST/content` is written.
    pub dest: PathBuf,
    /// Replace `DEST/content` even if `DEST` is not empty.
    pub force: bool,
}

/// Files, raw bytes and gzip bytes (level 6, file by file) of one language's articles.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sizes {
    pub files: u64,
    pub raw: u64,
    pub gzip: u64,
}

impl Sizes {
    fn add(&mut self, bytes: &[u8]) {
        self.files += 1;
        self.raw += bytes.len() as u64;
        self.gzip += gzip_size(bytes);
    }

    /// Average raw bytes per file.
    pub fn raw_per_file(&self) -> f64 {
        self.raw as f64 / self.files.max(1) as f64
    }

    /// Average gzip bytes per file.
    pub fn gzip_per_file(&self) -> f64 {
        self.gzip as f64 / self.files.max(1) as f64
    }

    /// Gzip bytes over raw bytes.
    pub fn ratio(&self) -> f64 {
        self.gzip as f64 / self.raw.max(1) as f64
    }
}

/// What [`grow`] did: where, and the sizes of the new articles and of the ones that were there.
#[derive(Debug, Clone)]
pub struct Report {
    pub content: PathBuf,
    pub items: usize,
    /// New articles, per language (`LANGS` order).
    pub generated: [Sizes; 3],
    /// Articles copied from the source (`_index` excluded), per language.
    pub existing: [Sizes; 3],
}

/// The gzip size of `bytes` at level 6, as `gzip -6` writes it (header included).
pub fn gzip_size(bytes: &[u8]) -> u64 {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().map_or(0, |v| v.len() as u64)
}

/// What the items must not repeat, and what they may link to.
#[derive(Debug, Clone, Default)]
pub struct Existing {
    /// Titles of the existing pages, per language.
    pub titles: [Vec<String>; 3],
    /// File stems under `actualites/`.
    pub slugs: Vec<String>,
    /// Pages that exist in the three languages: (slot, paths per language).
    pub links: Vec<(String, [String; 3])>,
}

/// `n` items from `seed`, avoiding what exists.
pub fn generate(n: usize, seed: u64, existing: &Existing) -> Result<Vec<Item>, String> {
    let corpus = corpus::Corpus::embedded()?;
    let mut g = article::Generator::new(&corpus, ChaCha8Rng::seed_from_u64(seed));
    g.reserve(existing.titles.clone(), existing.slugs.clone());
    for (name, paths) in &existing.links {
        g.allow_link(name, paths.clone());
    }
    g.items(n)
}

#[derive(Serialize)]
struct Front<'a> {
    title: &'a str,
    description: &'a str,
    date: toml::value::Datetime,
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<EventFront<'a>>,
}

#[derive(Serialize)]
struct EventFront<'a> {
    name: &'a str,
    start: toml::value::Datetime,
    end: toml::value::Datetime,
    city: &'a str,
    country: &'a str,
}

/// A bare TOML date (`date = 2019-03-14`, no quotes), as the site requires.
fn toml_date(d: time::Date) -> toml::value::Datetime {
    toml::value::Datetime {
        date: Some(toml::value::Date {
            year: u16::try_from(d.year()).unwrap_or(0),
            month: u8::from(d.month()),
            day: d.day(),
        }),
        time: None,
        offset: None,
    }
}

/// The three files of an item: (file name under `actualites/`, text).
pub fn render(item: &Item) -> Result<[(String, String); 3], String> {
    let mut out: [(String, String); 3] = Default::default();
    for (i, doc) in item.docs.iter().enumerate() {
        let front = Front {
            title: &doc.title,
            description: &doc.description,
            date: toml_date(item.date),
            event: doc.event.as_ref().map(|e| EventFront {
                name: &e.name,
                start: toml_date(e.start),
                end: toml_date(e.end),
                city: &e.city,
                country: &e.country,
            }),
        };
        let toml = toml::to_string(&front).map_err(|e| e.to_string())?;
        let name = match LANGS[i] {
            "fr" => format!("{}.md", item.slug),
            lang => format!("{}.{lang}.md", item.slug),
        };
        out[i] = (name, format!("+++\n{toml}+++\n\n{}", doc.body));
    }
    Ok(out)
}

/// The language of a content file from its name (`a.ar.md` is Arabic), as the site reads it.
fn lang_of(name: &str) -> usize {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    match stem.rsplit_once('.').map(|(_, l)| l) {
        Some("ar") => 1,
        Some("en") => 2,
        _ => 0,
    }
}

/// Titles, slugs and linkable pages of the content at `root`.
pub fn existing(root: &Path) -> Result<Existing, String> {
    let mut ex = Existing::default();
    let mut files = Vec::new();
    collect(root, &mut files).map_err(|e| format!("{}: {e}", root.display()))?;
    for file in &files {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if !name.ends_with(".md") {
            continue;
        }
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        if let Some(title) = front_title(&text) {
            ex.titles[lang_of(name)].push(title);
        }
        if file.parent() == Some(&root.join("actualites")) {
            let stem = name.split('.').next().unwrap_or_default();
            if !stem.starts_with('_') {
                ex.slugs.push(stem.to_string());
            }
        }
    }
    for (slot, page) in [
        ("link_work", "notre-travail"),
        ("link_about", "qui-sommes-nous"),
    ] {
        let all = ["md", "ar.md", "en.md"]
            .iter()
            .all(|ext| root.join(format!("{page}.{ext}")).is_file());
        if all {
            ex.links.push((
                slot.to_string(),
                [
                    format!("/{page}/"),
                    format!("/ar/{page}/"),
                    format!("/en/{page}/"),
                ],
            ));
        }
    }
    Ok(ex)
}

fn front_title(text: &str) -> Option<String> {
    let rest = text.strip_prefix("+++\n")?;
    let end = rest.find("\n+++")?;
    let table: toml::Table = toml::from_str(&rest[..end]).ok()?;
    table.get("title")?.as_str().map(|t| t.trim().to_string())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let path = e.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// `p` as an absolute path with symbolic links resolved, even if its end does not exist yet.
fn resolve(p: &Path) -> Result<PathBuf, String> {
    let abs = std::path::absolute(p).map_err(|e| format!("{}: {e}", p.display()))?;
    let mut tail = Vec::new();
    let mut head = abs.as_path();
    // `..` after a folder that does not exist cannot be resolved: say so rather than guess.
    let unclear = || {
        format!(
            "{}: write the destination without `..` after a folder that does not exist yet",
            p.display()
        )
    };
    while !head.exists() {
        tail.push(head.file_name().ok_or_else(unclear)?.to_os_string());
        head = head.parent().ok_or_else(unclear)?;
    }
    let mut out = head
        .canonicalize()
        .map_err(|e| format!("{}: {e}", head.display()))?;
    out.extend(tail.iter().rev());
    Ok(out)
}

/// Copies the content, adds the items, measures both. Writes nothing outside `DEST`, and
/// refuses a destination whose `content/` would be, contain or sit inside the source.
pub fn grow(opts: &Options) -> Result<Report, String> {
    let source = opts
        .source
        .canonicalize()
        .map_err(|e| format!("the content folder {}: {e}", opts.source.display()))?;
    if !source.join("actualites").is_dir() {
        return Err(format!(
            "{} has no actualites/ folder: give the site's content/ folder",
            source.display()
        ));
    }
    let dest = resolve(&opts.dest)?;
    let target = dest.join("content");
    let target_real = if target.symlink_metadata().is_ok() {
        target
            .canonicalize()
            .map_err(|e| format!("{}: {e}", target.display()))?
    } else {
        target.clone()
    };
    for t in [&target, &target_real] {
        if t.starts_with(&source) || source.starts_with(t) {
            return Err(format!(
                "refused: {} would write into the real content ({}); give a scratch folder outside it",
                opts.dest.display(),
                source.display()
            ));
        }
    }
    if dest.is_file() {
        return Err(format!("{} is a file: give a folder", dest.display()));
    }
    let not_empty = dest.is_dir()
        && std::fs::read_dir(&dest)
            .map_err(|e| format!("{}: {e}", dest.display()))?
            .next()
            .is_some();
    if not_empty && !opts.force {
        return Err(format!(
            "{} is not empty: give an empty or new folder, or --force to replace its content/",
            dest.display()
        ));
    }

    let ex = existing(&source)?;
    let items = generate(opts.items, opts.seed, &ex)?;

    if target.symlink_metadata().is_ok() {
        if target.is_dir()
            && !target
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink())
        {
            std::fs::remove_dir_all(&target)
        } else {
            std::fs::remove_file(&target)
        }
        .map_err(|e| format!("cannot remove {}: {e}", target.display()))?;
    }
    let mut existing_sizes = [Sizes::default(); 3];
    copy_dir(&source, &target, &mut |rel, bytes| {
        let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let is_article = rel.parent() == Some(Path::new("actualites"))
            && name.ends_with(".md")
            && !name.starts_with('_');
        if is_article {
            existing_sizes[lang_of(name)].add(bytes);
        }
    })?;

    let news = target.join("actualites");
    let mut generated = [Sizes::default(); 3];
    for item in &items {
        for (i, (name, text)) in render(item)?.iter().enumerate() {
            let path = news.join(name);
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            f.write_all(text.as_bytes())
                .map_err(|e| format!("{}: {e}", path.display()))?;
            generated[i].add(text.as_bytes());
        }
    }
    Ok(Report {
        content: target,
        items: items.len(),
        generated,
        existing: existing_sizes,
    })
}

/// Copies `from` into `to` (created), calling `seen` with each file's path under `from`.
fn copy_dir(from: &Path, to: &Path, seen: &mut dyn FnMut(&Path, &[u8])) -> Result<(), String> {
    let mut files = Vec::new();
    collect(from, &mut files).map_err(|e| format!("{}: {e}", from.display()))?;
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for file in files {
        let rel = file.strip_prefix(from).map_err(|e| e.to_string())?;
        let out = to.join(rel);
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
        seen(rel, &bytes);
    }
    Ok(())
}
