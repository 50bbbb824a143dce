//! One news item in three languages: a kind (workshop, training, study…), a theme, a city,
//! partners and numbers drawn once for the item, then a title, a description and a body made
//! of the corpus' sentences, each used at most once in the item.

use std::collections::{BTreeMap, HashSet};

use rand::seq::{IndexedRandom, SliceRandom};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use time::{Date, Duration};

use oim_build::load::{slugify as url_slug, MAX_DESCRIPTION, MAX_SLUG};
use oim_site::markdown::slugify as anchor;

use crate::corpus::{Corpus, Entry};
use crate::dates;

use crate::text::{cut_slug, fill, placeholders, wrap};
use crate::LANGS;

/// Column at which paragraphs are wrapped, as in the team's files.
const WIDTH: usize = 100;

/// One language's version of an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub title: String,
    pub description: String,
    pub body: String,
    pub event: Option<EventInfo>,
}

/// The `[event]` table of a news item about a conference or a study launch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventInfo {
    pub name: String,
    pub start: Date,
    pub end: Date,
    pub city: String,
    pub country: String,
}

/// A news item: its file name (without `.md`), its date and its French, Arabic and English
/// versions, in that order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub slug: String,
    pub date: Date,
    pub docs: [Doc; 3],
}

/// How long an item is: a short note, an ordinary item or a long report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Length {
    Short,
    Standard,
    Long,
}

/// What one item is built from.
struct Ctx {
    kind: String,
    /// How many days the activity lasted (the event ends on the item's date).
    days: i64,
    binds: BTreeMap<String, Entry>,
    points: Vec<Entry>,
    next_point: usize,
    used: HashSet<usize>,
    ids: [Vec<String>; 3],
}

/// Writes items one after the other, keeping titles, descriptions and slugs unique.
pub struct Generator<'c> {
    corpus: &'c Corpus,
    rng: ChaCha8Rng,
    titles: [HashSet<String>; 3],
    descriptions: [HashSet<String>; 3],
    slugs: HashSet<String>,
    /// Pages the items may link to (`link_work` -> `/notre-travail/` …), if they exist.
    links: BTreeMap<String, Entry>,
}

impl<'c> Generator<'c> {
    pub fn new(corpus: &'c Corpus, rng: ChaCha8Rng) -> Generator<'c> {
        Generator {
            corpus,
            rng,
            titles: Default::default(),
            descriptions: Default::default(),
            slugs: HashSet::new(),
            links: BTreeMap::new(),
        }
    }

    /// Titles (per language, in `LANGS` order) and slugs already taken by existing pages.
    pub fn reserve(&mut self, titles: [Vec<String>; 3], slugs: Vec<String>) {
        for (set, taken) in self.titles.iter_mut().zip(titles) {
            set.extend(taken);
        }
        self.slugs.extend(slugs);
    }

    /// Lets items link to a page (`name` is the slot, `paths` its address per language).
    pub fn allow_link(&mut self, name: &str, paths: [String; 3]) {
        self.links.insert(name.to_string(), Entry::new(paths));
    }

    /// `n` items spread from the first to the last day, oldest first.
    pub fn items(&mut self, n: usize) -> Result<Vec<Item>, String> {
        let days = dates::spread(n, dates::first_day(), dates::last_day(), |k| {
            self.rng.random_range(0..k)
        });
        days.into_iter().map(|d| self.item(d)).collect()
    }

    fn item(&mut self, date: Date) -> Result<Item, String> {
        let mut ctx = self.context(date)?;
        let mut titles = None;
        for attempt in 0..80 {
            if attempt > 0 {
                ctx = self.context(date)?;
            }
            let tpl = self.pick_for("title", &ctx.kind)?;
            let mut t = self.fill(&mut ctx, &tpl)?;
            if attempt >= 60 {
                // Rare: every draw was taken. The month tells two such items apart.
                let my = ctx.binds.get("month_year").cloned().unwrap_or_default();
                for (i, lang) in LANGS.iter().enumerate() {
                    t[i] = format!("{} ({})", t[i], my.get(lang).unwrap_or_default());
                }
            }
            if (0..3).all(|i| !self.titles[i].contains(&t[i])) {
                titles = Some(t);
                break;
            }
        }
        let titles = titles.ok_or_else(|| format!("no unique title for an item of {date}"))?;
        let descriptions = self.descriptions(&mut ctx)?;
        let length = *[Length::Short, Length::Standard, Length::Long]
            .choose_weighted(&mut self.rng, |l| match l {
                Length::Short => 20,
                Length::Standard => 58,
                Length::Long => 22,
            })
            .map_err(|e| e.to_string())?;
        let bodies = self.body(&mut ctx, length)?;
        let event = self.event(&ctx, &titles, date);

        // File names as `oim new-news` makes them (the loader's rule).
        let base = url_slug(&titles[0]);
        let mut slug = base.clone();
        let mut k = 2;
        while self.slugs.contains(&slug) {
            slug = format!("{}-{k}", cut_slug(&base, MAX_SLUG - 4));
            k += 1;
        }
        self.slugs.insert(slug.clone());
        for i in 0..3 {
            self.titles[i].insert(titles[i].clone());
            self.descriptions[i].insert(descriptions[i].clone());
        }
        let docs = std::array::from_fn(|i| Doc {
            title: titles[i].clone(),
            description: descriptions[i].clone(),
            body: bodies[i].clone(),
            event: event.as_ref().map(|e| e[i].clone()),
        });
        Ok(Item { slug, date, docs })
    }

    /// Draws what the item is about and the numbers it quotes.
    fn context(&mut self, date: Date) -> Result<Ctx, String> {
        let c = self.corpus;
        let rng = &mut self.rng;
        // International days are celebrated in their month: no such item in other months.
        let month = u8::from(date.month()).to_string();
        let days_of_month = c.select("intlday", "month", &month);
        let kinds: Vec<&Entry> = c
            .pool("kind")
            .iter()
            .filter(|k| k.get("id") != Some("journee") || !days_of_month.is_empty())
            .collect();
        let kind = (*kinds
            .choose_weighted(rng, |k| {
                k.get("w").and_then(|w| w.parse().ok()).unwrap_or(1u32)
            })
            .map_err(|e| format!("kinds: {e}"))?)
        .clone();
        let kind_id = kind.get("id").unwrap_or_default().to_string();
        let intlday = match days_of_month.choose(rng) {
            Some(d) => (*d).clone(),
            None => c.pool("intlday").choose(rng).cloned().unwrap_or_default(),
        };
        let one = |rng: &mut ChaCha8Rng, pool: &str| -> Result<Entry, String> {
            c.pool(pool)
                .choose(rng)
                .cloned()
                .ok_or_else(|| format!("the corpus has no @{pool}"))
        };
        let two = |rng: &mut ChaCha8Rng, pool: &str| -> Result<(Entry, Entry), String> {
            let v: Vec<&Entry> = c.pool(pool).choose_multiple(rng, 2).collect();
            match v.as_slice() {
                [a, b] => Ok(((*a).clone(), (*b).clone())),
                _ => Err(format!("@{pool} needs two entries")),
            }
        };
        let theme = one(rng, "theme")?;
        let (city, city2) = two(rng, "city")?;
        let (partner, partner2) = two(rng, "partner")?;
        let theme_id = theme.get("id").unwrap_or_default();
        let mut points: Vec<Entry> = c
            .select("point", "theme", theme_id)
            .into_iter()
            .cloned()
            .collect();
        points.shuffle(rng);

        let days: i64 = match kind_id.as_str() {
            "formation" => rng.random_range(2..=5),
            "atelier" | "conference" => rng.random_range(1..=3),
            "campagne" | "caravane" | "appel" | "retour" => 1,
            _ => rng.random_range(1..=2),
        };
        let start = date - Duration::days(days - 1);
        let big = matches!(kind_id.as_str(), "conference" | "journee" | "retour");
        let n = if big {
            arabic_friendly(rng, 100, 400)
        } else {
            arabic_friendly(rng, 12, 99)
        };
        let deadline = date + Duration::days(rng.random_range(30..=60));
        let words = |n: i64| -> Entry {
            let (fr, ar, en) = match n {
                1 => ("d’une journée", "يوم واحد", "one-day"),
                2 => ("de deux jours", "يومين", "two-day"),
                3 => ("de trois jours", "ثلاثة أيام", "three-day"),
                4 => ("de quatre jours", "أربعة أيام", "four-day"),
                _ => ("de cinq jours", "خمسة أيام", "five-day"),
            };
            Entry::new([fr.into(), ar.into(), en.into()])
        };
        let words_n = |n: i64| -> Entry {
            let (fr, ar, en) = match n {
                1 => ("une journée", "يوم واحد", "one day"),
                2 => ("deux jours", "يومين", "two days"),
                3 => ("trois jours", "ثلاثة أيام", "three days"),
                4 => ("quatre jours", "أربعة أيام", "four days"),
                _ => ("cinq jours", "خمسة أيام", "five days"),
            };
            Entry::new([fr.into(), ar.into(), en.into()])
        };
        let weeks = [
            ("deux semaines", "أسبوعين", "two weeks"),
            ("trois semaines", "ثلاثة أسابيع", "three weeks"),
            ("un mois", "شهر كامل", "a month"),
            ("six semaines", "ستة أسابيع", "six weeks"),
        ];
        let years = [
            ("deux ans", "سنتين", "two years"),
            ("trois ans", "ثلاث سنوات", "three years"),
            ("quatre ans", "أربع سنوات", "four years"),
            ("cinq ans", "خمس سنوات", "five years"),
        ];
        let tr = |t: &(&str, &str, &str)| Entry::new([t.0.into(), t.1.into(), t.2.into()]);
        let (w, y) = (
            weeks.choose(rng).map(tr).unwrap_or_default(),
            years.choose(rng).map(tr).unwrap_or_default(),
        );

        let mut binds = BTreeMap::new();
        let mut set = |k: &str, v: Entry| {
            binds.insert(k.to_string(), v);
        };
        set("ev", kind.clone());
        set("theme", theme.clone());
        set("city", city);
        set("city2", city2);
        set("partner", partner);
        set("partner2", partner2);
        set("donor", one(rng, "donor")?);
        set("project", one(rng, "project")?);
        set("audience", one(rng, "audience")?);
        set("intlday", intlday);
        set("n", Entry::same(n.to_string()));
        set(
            "n2",
            Entry::same(arabic_friendly(rng, 300, 2500).to_string()),
        );
        set("days", words(days));
        set("days_n", words_n(days));
        set("weeks", w);
        set("years", y);
        set("on_date", dates::on_dates(start, date));
        set("deadline", dates::long(deadline));
        set("month_year", dates::month_year(date));
        set("year", Entry::same(date.year().to_string()));
        set("year_prev", Entry::same((date.year() - 1).to_string()));
        set("year_next", Entry::same((date.year() + 1).to_string()));
        for (name, paths) in &self.links {
            set(name, paths.clone());
        }
        Ok(Ctx {
            kind: kind_id,
            days,
            binds,
            points,
            next_point: 0,
            used: HashSet::new(),
            ids: Default::default(),
        })
    }

    /// A random entry of `pool` for this kind of item.
    fn pick_for(&mut self, pool: &str, kind: &str) -> Result<Entry, String> {
        self.corpus
            .select(pool, "kind", kind)
            .choose(&mut self.rng)
            .map(|e| (*e).clone())
            .ok_or_else(|| format!("no @{pool} for the kind `{kind}`"))
    }

    /// Descriptions that fit the limit and are new, in the three languages.
    fn descriptions(&mut self, ctx: &mut Ctx) -> Result<[String; 3], String> {
        for attempt in 0..60 {
            let kind = if attempt < 20 {
                ctx.kind.clone()
            } else {
                "any".to_string()
            };
            let tpl = self.pick_for("desc", &kind)?;
            let d = self.fill(ctx, &tpl)?.map(|s| s.trim().to_string());
            let fits = d.iter().all(|s| s.chars().count() <= MAX_DESCRIPTION);
            if fits && (0..3).all(|i| !self.descriptions[i].contains(&d[i])) {
                return Ok(d);
            }
        }
        Err(format!(
            "no description of at most {MAX_DESCRIPTION} characters for a `{}` item",
            ctx.kind
        ))
    }

    fn fill(&mut self, ctx: &mut Ctx, tpl: &Entry) -> Result<[String; 3], String> {
        let corpus = self.corpus;
        let rng = &mut self.rng;
        // `any_city` is another city than the two the item is about.
        let taken = [
            ctx.binds.get("city").cloned(),
            ctx.binds.get("city2").cloned(),
        ];
        let mut resolve = |name: &str| -> Result<Entry, String> {
            if let Some(v) = ctx.binds.get(name) {
                return Ok(v.clone());
            }
            Ok(match name {
                "role" => corpus.pool("role").choose(rng).cloned().unwrap_or_default(),
                "any_city" => corpus
                    .pool("city")
                    .iter()
                    .filter(|c| !taken.iter().any(|t| t.as_ref() == Some(*c)))
                    .collect::<Vec<_>>()
                    .choose(rng)
                    .map(|c| (*c).clone())
                    .unwrap_or_default(),
                "point" => {
                    let p = ctx
                        .points
                        .get(ctx.next_point % ctx.points.len().max(1))
                        .cloned()
                        .unwrap_or_default();
                    ctx.next_point += 1;
                    p
                }
                "num" => Entry::same(rng.random_range(3..=10).to_string()),
                "num2" => Entry::same(arabic_friendly(rng, 12, 60).to_string()),
                "num_big" => Entry::same(arabic_friendly(rng, 150, 3000).to_string()),
                "pct" => Entry::same(rng.random_range(20..=90).to_string()),
                "score" => decimal(rng.random_range(36..=49)),
                "budget" => decimal(rng.random_range(25..=400)),
                _ => return Err(format!("unknown slot `{name}`")),
            })
        };
        fill(tpl, &mut resolve)
    }

    /// Whether every slot of `tpl` can be filled here (links only to pages that exist).
    fn can_fill(ctx: &Ctx, tpl: &Entry) -> bool {
        let text = tpl.get("fr").unwrap_or_default();
        placeholders(text).iter().all(|(_, p)| {
            ctx.binds.contains_key(p.name) || !p.name.starts_with("link_") && p.name != "sub"
        })
    }

    /// `k` sentences of `section` not used yet in this item; `colon`: only those that end
    /// with `:` (they open a list), or only those that do not.
    fn sentences(
        &mut self,
        ctx: &mut Ctx,
        section: &str,
        k: usize,
        colon: Option<bool>,
    ) -> Result<Vec<[String; 3]>, String> {
        let all = self.corpus.pool("sentence");
        let mut candidates: Vec<usize> = (0..all.len())
            .filter(|i| all[*i].get("section") == Some(section) && !ctx.used.contains(i))
            .filter(|i| Self::can_fill(ctx, &all[*i]))
            .filter(|i| {
                let ends = all[*i].get("fr").unwrap_or_default().ends_with(':');
                colon.is_none_or(|c| c == ends)
            })
            .collect();
        candidates.shuffle(&mut self.rng);
        candidates.truncate(k);
        // Keep the corpus order: context before consequence, as the templates were written.
        candidates.sort_unstable();
        let mut out = Vec::new();
        for i in candidates {
            ctx.used.insert(i);
            out.push(self.fill(ctx, &all[i])?);
        }
        Ok(out)
    }

    fn heading(&mut self, ctx: &mut Ctx, section: &str) -> Result<[String; 3], String> {
        let tpl = self
            .corpus
            .select("heading", "section", section)
            .choose(&mut self.rng)
            .map(|e| (*e).clone())
            .ok_or_else(|| format!("no @heading for `{section}`"))?;
        self.fill(ctx, &tpl)
    }

    fn body(&mut self, ctx: &mut Ctx, length: Length) -> Result<[String; 3], String> {
        let mut out: [String; 3] = Default::default();
        let lead = self.pick_for("lead", &ctx.kind.clone())?;
        let lead = self.fill(ctx, &lead)?;
        paragraph(&mut out, &[lead]);

        let r = self.rng.random_range(0.0..1.0);
        let plan: Vec<(&str, usize)> = match length {
            Length::Short => {
                let mut s = vec![[("context", 3), ("program", 4)][self.rng.random_range(0..2)]];
                if r < 0.6 {
                    s.push(("next", 2));
                }
                s
            }
            Length::Standard => {
                let mut s = vec![("context", self.rng.random_range(5..=7))];
                let optional = [
                    ("objectives", 0.7, 1),
                    ("program", 1.0, 8),
                    ("voices", 0.7, 3),
                    ("results", 0.7, 5),
                    ("reco", 0.6, 1),
                    ("next", 0.8, 4),
                    ("partners", 0.7, 3),
                ];
                for (name, p, k) in optional {
                    if self.rng.random_bool(p) {
                        s.push((name, k));
                    }
                }
                s
            }
            Length::Long => vec![
                ("context", 7),
                ("objectives", 1),
                ("program", 8),
                ("sessions", 4),
                ("voices", 4),
                ("results", 5),
                ("reco", 6),
                ("next", 4),
                ("partners", 4),
            ],
        };
        for (section, k) in plan {
            self.section(ctx, &mut out, section, k, length)?;
        }
        if self.rng.random_bool(0.35) {
            self.section(ctx, &mut out, "more", 1, length)?;
        }
        Ok(out.map(|s| s.trim_end().to_string() + "\n"))
    }

    fn section(
        &mut self,
        ctx: &mut Ctx,
        out: &mut [String; 3],
        section: &str,
        k: usize,
        length: Length,
    ) -> Result<(), String> {
        let heading = self.heading(ctx, section)?;
        self.write_heading(ctx, out, "##", &heading);
        match section {
            "objectives" => {
                let intro = self.sentences(ctx, section, 1, Some(true))?;
                paragraph(out, &intro);
                let n = self.rng.random_range(3..=5).min(ctx.points.len());
                let items: Vec<[String; 3]> = ctx
                    .points
                    .iter()
                    .take(n)
                    .map(|p| {
                        std::array::from_fn(|i| p.get(LANGS[i]).unwrap_or_default().to_string())
                    })
                    .collect();
                list(out, &items);
                if k > 0 && self.rng.random_bool(0.5) {
                    let close = self.sentences(ctx, section, 1, Some(false))?;
                    paragraph(out, &close);
                }
            }
            "reco" => {
                let intro = self.sentences(ctx, section, 1, Some(true))?;
                paragraph(out, &intro);
                let n = self.rng.random_range(4..=6);
                let items: Vec<[String; 3]> = self
                    .corpus
                    .pool("item")
                    .choose_multiple(&mut self.rng, n)
                    .map(|p| {
                        std::array::from_fn(|i| p.get(LANGS[i]).unwrap_or_default().to_string())
                    })
                    .collect();
                list(out, &items);
                if self.rng.random_bool(0.5) {
                    let close = self.sentences(ctx, section, 1, Some(false))?;
                    paragraph(out, &close);
                }
            }
            "sessions" => {
                let ordinals = [
                    ("Première séance", "الجلسة الأولى", "First session"),
                    ("Deuxième séance", "الجلسة الثانية", "Second session"),
                    ("Troisième séance", "الجلسة الثالثة", "Third session"),
                    ("Quatrième séance", "الجلسة الرابعة", "Fourth session"),
                ];
                let subs: Vec<Entry> = ctx.points.iter().rev().take(k).cloned().collect();
                for (o, sub) in ordinals.iter().zip(subs) {
                    let t = |i: usize| sub.get(LANGS[i]).unwrap_or_default().to_string();
                    let h = [
                        format!("{} : {}", o.0, t(0)),
                        format!("{}: {}", o.1, t(1)),
                        format!("{}: {}", o.2, t(2)),
                    ];
                    self.write_heading(ctx, out, "###", &h);
                    ctx.binds.insert("sub".into(), sub);
                    let s = self.sentences(ctx, section, 4, None)?;
                    paragraph(out, &s);
                }
                ctx.binds.remove("sub");
            }
            "results" => {
                let s = self.sentences(ctx, section, k, None)?;
                paragraph(out, &s);
                if length == Length::Long || self.rng.random_bool(0.2) {
                    self.table(ctx, out);
                }
            }
            "voices" => {
                // Quotes read better one to a paragraph.
                for s in self.sentences(ctx, section, k, None)? {
                    paragraph(out, &[s]);
                }
            }
            _ => {
                let s = self.sentences(ctx, section, k, None)?;
                if s.len() > 3 {
                    let (a, b) = s.split_at(s.len() / 2);
                    paragraph(out, a);
                    paragraph(out, b);
                } else {
                    paragraph(out, &s);
                }
            }
        }
        Ok(())
    }

    /// `## Heading`; the Arabic and English ones carry the French anchor, as the team does,
    /// so that a link to a section works in every language.
    fn write_heading(
        &mut self,
        ctx: &mut Ctx,
        out: &mut [String; 3],
        level: &str,
        h: &[String; 3],
    ) {
        // Anchors as the renderer makes them.
        let mut id = anchor(&h[0]);
        let mut k = 2;
        while ctx.ids[0].contains(&id) {
            id = format!("{}-{k}", anchor(&h[0]));
            k += 1;
        }
        ctx.ids[0].push(id.clone());
        for (i, o) in out.iter_mut().enumerate() {
            if i == 0 {
                o.push_str(&format!("{level} {}\n\n", h[0]));
            } else {
                o.push_str(&format!("{level} {} {{#{id}}}\n\n", h[i]));
            }
        }
    }

    /// A small table of figures (by city, or by indicator over two years).
    fn table(&mut self, ctx: &Ctx, out: &mut [String; 3]) {
        let rng = &mut self.rng;
        let year = ctx
            .binds
            .get("year")
            .and_then(|y| y.get("fr"))
            .unwrap_or_default()
            .to_string();
        let prev = ctx
            .binds
            .get("year_prev")
            .and_then(|y| y.get("fr"))
            .unwrap_or_default()
            .to_string();
        let (head, rows): ([[String; 3]; 3], Vec<[String; 3]>) = if rng.random_bool(0.5) {
            let cities: Vec<&Entry> = self.corpus.pool("city").choose_multiple(rng, 4).collect();
            let rows = cities
                .iter()
                .map(|c| {
                    let p = rng.random_range(15..=240).to_string();
                    let s = rng.random_range(2..=12).to_string();
                    [
                        format!("| {} | {p} | {s} |", c.get("fr").unwrap_or_default()),
                        format!("| {} | {p} | {s} |", c.get("ar").unwrap_or_default()),
                        format!("| {} | {p} | {s} |", c.get("en").unwrap_or_default()),
                    ]
                })
                .collect();
            let head = [
                ["Ville".into(), "المدينة".into(), "City".into()],
                [
                    "Participants".into(),
                    "المشاركون".into(),
                    "Participants".into(),
                ],
                ["Sessions".into(), "الدورات".into(), "Sessions".into()],
            ];
            (head, rows)
        } else {
            let n = rng.random_range(3..=5);
            let indicators: Vec<&Entry> = self
                .corpus
                .pool("indicator")
                .choose_multiple(rng, n)
                .collect();
            let rows = indicators
                .iter()
                .map(|e| {
                    let a = rng.random_range(10..=900);
                    let b = a + rng.random_range(5..=400);
                    std::array::from_fn(|i| {
                        format!("| {} | {a} | {b} |", e.get(LANGS[i]).unwrap_or_default())
                    })
                })
                .collect();
            let head = [
                ["Indicateur".into(), "المؤشر".into(), "Indicator".into()],
                [prev.clone(), prev.clone(), prev],
                [year.clone(), year.clone(), year],
            ];
            (head, rows)
        };
        for (i, o) in out.iter_mut().enumerate() {
            o.push_str(&format!(
                "| {} | {} | {} |\n",
                head[0][i], head[1][i], head[2][i]
            ));
            o.push_str("| --- | ---: | ---: |\n");
            for r in &rows {
                o.push_str(&r[i]);
                o.push('\n');
            }
            o.push('\n');
        }
    }

    fn event(&mut self, ctx: &Ctx, titles: &[String; 3], date: Date) -> Option<[EventInfo; 3]> {
        let kind = self.corpus.select("kind", "id", &ctx.kind);
        let is_event = kind.first().and_then(|k| k.get("event")) == Some("yes");
        if !is_event || !self.rng.random_bool(0.6) {
            return None;
        }
        let city = ctx.binds.get("city")?;
        Some(std::array::from_fn(|i| EventInfo {
            name: titles[i].clone(),
            start: date - Duration::days(ctx.days - 1),
            end: date,
            city: city.get(LANGS[i]).unwrap_or_default().to_string(),
            country: city.get("country").unwrap_or("MA").to_string(),
        }))
    }
}

/// A number whose last two digits are 12 to 99: Arabic then writes the noun after it in the
/// singular (`45 مشاركًا`, `150 مشاركًا`), as every template does.
fn arabic_friendly(rng: &mut ChaCha8Rng, lo: u32, hi: u32) -> u32 {
    loop {
        let n = rng.random_range(lo..=hi);
        if n % 100 >= 12 {
            return n;
        }
    }
}

/// `4,2` in French, `4.2` in Arabic (Western digits) and English, from tenths.
fn decimal(tenths: u32) -> Entry {
    let (u, t) = (tenths / 10, tenths % 10);
    Entry::new([format!("{u},{t}"), format!("{u}.{t}"), format!("{u}.{t}")])
}

fn paragraph(out: &mut [String; 3], sentences: &[[String; 3]]) {
    if sentences.is_empty() {
        return;
    }
    for (i, o) in out.iter_mut().enumerate() {
        let text: Vec<&str> = sentences.iter().map(|s| s[i].as_str()).collect();
        o.push_str(&wrap(&text.join(" "), WIDTH, ""));
        o.push_str("\n\n");
    }
}

/// A Markdown list, each item closed as the team does: ` ;` in French, `؛` in Arabic, `;` in
/// English, and a full stop after the last.
fn list(out: &mut [String; 3], items: &[[String; 3]]) {
    for (i, o) in out.iter_mut().enumerate() {
        for (k, item) in items.iter().enumerate() {
            let last = k + 1 == items.len();
            let end = match (LANGS[i], last) {
                (_, true) => ".",
                ("fr", false) => " ;",
                ("ar", false) => "؛",
                _ => ";",
            };
            o.push_str(&wrap(&format!("- {}{end}", item[i]), WIDTH, "  "));
            o.push('\n');
        }
        o.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use rand::SeedableRng;

    use super::*;

    /// Every template of the corpus fills in the three languages (known slots, existing
    /// fields, each language's own transforms) and names the same slots in each language.
    #[test]
    fn every_template_of_the_corpus_can_be_filled() {
        let corpus = Corpus::embedded().unwrap();
        let mut g = Generator::new(&corpus, ChaCha8Rng::seed_from_u64(1));
        g.allow_link(
            "link_work",
            ["/a/".into(), "/ar/a/".into(), "/en/a/".into()],
        );
        g.allow_link(
            "link_about",
            ["/b/".into(), "/ar/b/".into(), "/en/b/".into()],
        );
        let date = dates::first_day();
        let mut checked = 0;
        for pool in [
            "title", "desc", "lead", "sentence", "heading", "item", "point",
        ] {
            for tpl in corpus.pool(pool) {
                let mut ctx = g.context(date).unwrap();
                let point = ctx.points[0].clone();
                ctx.binds.insert("sub".into(), point);
                let names: Vec<BTreeSet<&str>> = LANGS
                    .iter()
                    .map(|l| {
                        placeholders(tpl.get(l).unwrap())
                            .into_iter()
                            .map(|(_, p)| p.name)
                            .collect()
                    })
                    .collect();
                assert!(names[0] == names[1] && names[1] == names[2], "{tpl:?}");
                let filled = g
                    .fill(&mut ctx, tpl)
                    .unwrap_or_else(|e| panic!("{e}: {tpl:?}"));
                assert!(filled.iter().all(|t| !t.contains(['{', '}'])), "{filled:?}");
                checked += 1;
            }
        }
        assert!(checked > 300, "{checked}");
    }

    #[test]
    fn items_of_one_day_events_start_and_end_that_day() {
        let corpus = Corpus::embedded().unwrap();
        let mut g = Generator::new(&corpus, ChaCha8Rng::seed_from_u64(5));
        for item in g.items(200).unwrap() {
            if let Some(e) = &item.docs[0].event {
                assert_eq!(e.end, item.date);
                assert!(e.start <= e.end && e.end - e.start < Duration::days(5));
            }
        }
    }
}
