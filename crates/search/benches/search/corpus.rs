//! The bench's documents: today's site (`content/`), and a seeded synthetic archive of news
//! items per language, private to this bench (the project's growth corpus is another tool).
//!
//! An item is about 4.5 KB of Markdown (headings, paragraphs, lists, links, bold) whose words
//! are drawn from the site's own text of that language, with its frequencies, plus a tail of
//! made-up words (halves of two real words spliced) so that the vocabulary keeps growing with
//! the archive, as a real one does. The same seed gives the same corpus on every run.

use std::path::Path;

use oim_search::{plain_text, sortable_date, Doc, Lang};

/// A page as the Worker has it: front matter fields and a Markdown body.
#[derive(Clone)]
pub struct Source {
    pub lang: Lang,
    pub title: String,
    pub description: String,
    pub date: Option<u32>,
    pub markdown: String,
}

impl Source {
    /// What the Worker would hand the index: the body as plain text.
    pub fn doc(&self, id: u32) -> Doc {
        Doc {
            id,
            lang: self.lang,
            title: self.title.clone(),
            description: self.description.clone(),
            text: plain_text(&self.markdown),
            date: self.date,
        }
    }
}

pub fn docs(sources: &[Source]) -> Vec<Doc> {
    sources.iter().zip(0..).map(|(s, id)| s.doc(id)).collect()
}

/// Every `*.md` under `dir`, with the few front matter fields the index reads.
pub fn load_content(dir: &Path) -> Vec<Source> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    files.iter().filter_map(|p| parse_page(p)).collect()
}

fn parse_page(path: &Path) -> Option<Source> {
    let name = path.file_name()?.to_str()?;
    let lang = if name.ends_with(".ar.md") {
        Lang::Ar
    } else if name.ends_with(".en.md") {
        Lang::En
    } else {
        Lang::Fr
    };
    let text = std::fs::read_to_string(path).ok()?;
    let rest = text.strip_prefix("+++\n")?;
    let end = rest.find("\n+++\n")?;
    let (front, markdown) = (&rest[..end], &rest[end + 5..]);
    let mut page = Source {
        lang,
        title: String::new(),
        description: String::new(),
        date: None,
        markdown: markdown.to_string(),
    };
    // Top-level keys only: a `[table]` (the event) ends them.
    for line in front.lines().take_while(|l| !l.starts_with('[')) {
        let Some((key, value)) = line.split_once(" = ") else {
            continue;
        };
        let quoted = value.trim().trim_matches('"').to_string();
        match key.trim() {
            "title" => page.title = quoted,
            "description" => page.description = quoted,
            "date" => {
                let parts: Vec<u32> = quoted.split('-').filter_map(|p| p.parse().ok()).collect();
                if let [y, m, d] = parts[..] {
                    page.date = Some(sortable_date(y as u16, m as u8, d as u8));
                }
            }
            _ => {}
        }
    }
    Some(page)
}

/// xorshift64*: enough randomness for shuffling words, and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// How many made-up words each language may draw from, and how often (in percent of words).
const TAIL_WORDS: usize = 40_000;
const TAIL_PERCENT: u64 = 12;

/// The words of one language: the site's running text (with its repetitions, so drawing
/// at random keeps its frequencies) and the made-up tail.
pub struct Vocabulary {
    words: Vec<String>,
    tail: Vec<String>,
}

impl Vocabulary {
    pub fn new(content: &[Source], lang: Lang, rng: &mut Rng) -> Vocabulary {
        let mut words = Vec::new();
        for page in content.iter().filter(|p| p.lang == lang) {
            for text in [
                page.title.clone(),
                page.description.clone(),
                plain_text(&page.markdown),
            ] {
                words.extend(text.split_whitespace().map(str::to_string));
            }
        }
        assert!(
            !words.is_empty(),
            "no {} content to draw words from",
            lang.tag()
        );
        let letters: Vec<Vec<char>> = words
            .iter()
            .map(|w| w.chars().filter(|c| c.is_alphabetic()).collect::<Vec<_>>())
            .filter(|w| w.len() >= 4)
            .collect();
        let tail = (0..TAIL_WORDS)
            .map(|_| {
                let a = &letters[rng.below(letters.len())];
                let b = &letters[rng.below(letters.len())];
                a[..a.len() / 2].iter().chain(&b[b.len() / 2..]).collect()
            })
            .collect();
        Vocabulary { words, tail }
    }

    pub fn word(&self, rng: &mut Rng) -> &str {
        if rng.chance(TAIL_PERCENT) {
            // Skewed towards the start: some made-up words are common, most are rare.
            let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
            &self.tail[((u * u * u) * TAIL_WORDS as f64) as usize % TAIL_WORDS]
        } else {
            &self.words[rng.below(self.words.len())]
        }
    }

    /// `lo` to `hi` words.
    fn words(&self, rng: &mut Rng, lo: usize, hi: usize) -> String {
        let n = rng.range(lo, hi);
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(self.word(rng));
        }
        s
    }
}

/// `n` news items in `lang`, about 4.5 KB of Markdown each, dated over 2010-2026.
pub fn synthesize(content: &[Source], lang: Lang, n: usize, seed: u64) -> Vec<Source> {
    let mut rng = Rng::new(seed);
    let vocabulary = Vocabulary::new(content, lang, &mut rng);
    (0..n).map(|_| item(&vocabulary, lang, &mut rng)).collect()
}

fn item(v: &Vocabulary, lang: Lang, rng: &mut Rng) -> Source {
    let title = v.words(rng, 5, 11);
    let mut description = v.words(rng, 14, 24);
    while description.chars().count() > 160 {
        description.pop();
    }
    let mut md = String::with_capacity(5000);
    while md.len() < 4500 {
        match rng.below(10) {
            0 | 1 => md.push_str(&format!("## {}\n\n", v.words(rng, 2, 6))),
            2 => {
                for _ in 0..rng.range(3, 5) {
                    md.push_str(&format!("- {}\n", v.words(rng, 6, 14)));
                }
                md.push('\n');
            }
            _ => {
                for _ in 0..rng.range(3, 6) {
                    let mut sentence = v.words(rng, 8, 20);
                    if rng.chance(15) {
                        let slug = v.words(rng, 2, 2).replace(' ', "-");
                        sentence
                            .push_str(&format!(" [{}](/actualites/{slug}/)", v.words(rng, 2, 2)));
                    }
                    if rng.chance(10) {
                        sentence.push_str(&format!(" **{}**", v.words(rng, 2, 2)));
                    }
                    md.push_str(&sentence);
                    md.push_str(". ");
                }
                md.push_str("\n\n");
            }
        }
    }
    let date = sortable_date(
        rng.range(2010, 2026) as u16,
        rng.range(1, 12) as u8,
        rng.range(1, 28) as u8,
    );
    Source {
        lang,
        title,
        description,
        date: Some(date),
        markdown: md,
    }
}
