//! `oim new-news "Titre"` (`make new-news TITLE="…"`): a news item in the three languages, as
//! drafts dated today, ready for `make dev`.
//!
//! Writes `actualites/<slug>.md` (French), `<slug>.ar.md` and `<slug>.en.md` under the content
//! folder, never over an existing file. The slug is the loader's ([`load::slugify`]), the front
//! matter is written with the `toml` crate, and each file is parsed by the loader itself
//! ([`load::parse_page`]) before anything is written: what this creates passes `oim check`.

use std::fs::OpenOptions;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use oim_site::Date;
use serde::Serialize;

use super::shown;
use crate::images::ImageStore;
use crate::load::{self, MAX_DESCRIPTION};

/// The section news items live in, under the content folder.
pub const SECTION: &str = "actualites";

/// Added to the title of the versions still to translate.
pub const TO_TRANSLATE: &str = " (à traduire)";

/// Per language (the default one first, as in `oim_site::i18n::ALL`): the description and body
/// placeholders, valid for the content checks and obviously unfinished to whoever reads them.
const PLACEHOLDERS: [Placeholder; 3] = [
    Placeholder {
        lang: "fr",
        description: "À compléter : résumé en une ou deux phrases, affiché dans la liste des actualités.",
        body: "À compléter : le texte de l’actualité, en Markdown. Les intertitres commencent par `##`.",
    },
    Placeholder {
        lang: "ar",
        description: "À traduire en arabe : résumé en une ou deux phrases, affiché dans la liste des actualités.",
        body: "À traduire en arabe : le texte de l’actualité, en Markdown.",
    },
    Placeholder {
        lang: "en",
        description: "À traduire en anglais : résumé en une ou deux phrases, affiché dans la liste des actualités.",
        body: "À traduire en anglais : le texte de l’actualité, en Markdown.",
    },
];

struct Placeholder {
    lang: &'static str,
    description: &'static str,
    body: &'static str,
}

/// The front matter written, in this order; every field is one the loader knows
/// ([`load::FIELDS`]).
#[derive(Serialize)]
struct FrontMatter<'a> {
    title: &'a str,
    description: &'a str,
    date: toml::value::Datetime,
    draft: bool,
}

/// One file of a news item: its language, where it goes and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    pub lang: &'static str,
    pub path: PathBuf,
    pub text: String,
}

/// A news item written: its slug, its date and its files (French first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub slug: String,
    pub date: Date,
    pub files: Vec<NewFile>,
}

/// Why nothing was created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewsError {
    EmptyTitle,
    /// The title has no Latin letter or digit to make a file name from.
    NoSlug(String),
    /// The section's folder is missing: not run from the project.
    NoFolder(PathBuf),
    /// These files already exist.
    Exists(Vec<PathBuf>),
    /// The loader refuses a file (the title breaks a content rule): its message.
    Refused(String),
    /// Writing failed (and what was written is removed again).
    Write(String),
}

impl NewsError {
    /// What to say, in French then in English; paths as `shown` spells them.
    pub fn messages(&self, shown: impl Fn(&Path) -> String) -> (String, String) {
        match self {
            NewsError::EmptyTitle => (
                "le titre est vide : donnez le titre de l'actualité, par exemple make new-news TITLE=\"Visite à Tanger\".".into(),
                "the title is empty: give the news item's title, for example make new-news TITLE=\"Visite à Tanger\".".into(),
            ),
            NewsError::NoSlug(title) => (
                format!("impossible de tirer un nom de fichier du titre « {title} » : il faut au moins une lettre latine ou un chiffre (écrivez le titre en français)."),
                format!("cannot make a file name from the title \"{title}\": it needs at least one Latin letter or digit (write the French title)."),
            ),
            NewsError::NoFolder(dir) => (
                format!("le dossier des actualités {} n'existe pas : lancez la commande depuis le dossier du projet.", shown(dir)),
                format!("the news folder {} does not exist: run the command from the project folder.", shown(dir)),
            ),
            NewsError::Exists(files) => {
                let list = files.iter().map(|f| shown(f)).collect::<Vec<_>>().join(", ");
                (
                    format!("cette actualité existe déjà ({list}) : aucun fichier n'a été créé. Modifiez le fichier existant, ou choisissez un autre titre."),
                    format!("this news item already exists ({list}): no file was created. Edit the existing file, or choose another title."),
                )
            }
            NewsError::Refused(why) => (
                format!("ce titre ne passerait pas la vérification du site ({why}) : aucun fichier n'a été créé. Corrigez le titre."),
                format!("this title would not pass the site's checks ({why}): no file was created. Correct the title."),
            ),
            NewsError::Write(why) => (
                format!("impossible d'écrire les fichiers ({why}) : aucun fichier n'a été créé."),
                format!("cannot write the files ({why}): no file was created."),
            ),
        }
    }
}

/// The title as one line: words typed without quotes are one title, and runs of spaces or
/// newlines become one space.
pub fn title_from_words<S: AsRef<str>>(words: &[S]) -> String {
    words
        .iter()
        .flat_map(|w| w.as_ref().split_whitespace())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The files of the news item `title` dated `date`, under `content_dir`, checked by the loader
/// but not written.
pub fn plan(content_dir: &Path, title: &str, date: Date) -> Result<Created, NewsError> {
    let title = title_from_words(&[title]);
    if title.is_empty() {
        return Err(NewsError::EmptyTitle);
    }
    let slug = load::slugify(&title);
    if slug.is_empty() {
        return Err(NewsError::NoSlug(title));
    }
    let dir = content_dir.join(SECTION);
    if !dir.is_dir() {
        return Err(NewsError::NoFolder(dir));
    }
    let images = ImageStore::new(content_dir);
    let mut files = Vec::new();
    for (i, ph) in PLACEHOLDERS.iter().enumerate() {
        let name = if i == 0 {
            format!("{slug}.md")
        } else {
            format!("{slug}.{}.md", ph.lang)
        };
        let title = if i == 0 {
            title.clone()
        } else {
            format!("{title}{TO_TRANSLATE}")
        };
        let text = file_text(&title, ph, date, true)?;
        let rel = format!("{SECTION}/{name}");
        // The French title is published as typed, so it is checked as published (the glossary
        // skips drafts); the translations' placeholders are checked as drafts.
        let checked = if i == 0 {
            file_text(&title, ph, date, false)?
        } else {
            text.clone()
        };
        load::parse_page(&format!("content/{rel}"), &rel, &checked, &images)
            .map_err(|e| NewsError::Refused(e.message))?;
        files.push(NewFile {
            lang: ph.lang,
            path: dir.join(name),
            text,
        });
    }
    let existing: Vec<PathBuf> = files
        .iter()
        .filter(|f| f.path.exists())
        .map(|f| f.path.clone())
        .collect();
    if !existing.is_empty() {
        return Err(NewsError::Exists(existing));
    }
    Ok(Created { slug, date, files })
}

/// Plans the news item, then writes its three files, or none of them.
pub fn create(content_dir: &Path, title: &str, date: Date) -> Result<Created, NewsError> {
    let created = plan(content_dir, title, date)?;
    let mut written: Vec<&Path> = Vec::new();
    for f in &created.files {
        // `create_new`: never overwrite, even a file that appeared since the check in `plan`.
        let result = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&f.path)
            .and_then(|mut file| file.write_all(f.text.as_bytes()));
        if let Err(e) = result {
            // A file that already existed is not ours to remove.
            if e.kind() != std::io::ErrorKind::AlreadyExists {
                written.push(&f.path);
            }
            for w in written {
                let _ = std::fs::remove_file(w);
            }
            return Err(NewsError::Write(e.to_string()));
        }
        written.push(&f.path);
    }
    Ok(created)
}

fn file_text(title: &str, ph: &Placeholder, date: Date, draft: bool) -> Result<String, NewsError> {
    let front = FrontMatter {
        title,
        description: ph.description,
        date: toml::value::Datetime {
            date: Some(toml::value::Date {
                year: date.year,
                month: date.month,
                day: date.day,
            }),
            time: None,
            offset: None,
        },
        draft,
    };
    let toml = toml::to_string(&front).map_err(|e| NewsError::Write(e.to_string()))?;
    Ok(format!("+++\n{toml}+++\n\n{}\n", ph.body))
}

/// What to do next, for the team: the files, the preview addresses, translating, publishing.
pub fn next_steps(created: &Created, shown: impl Fn(&Path) -> String) -> String {
    let names: Vec<String> = created.files.iter().map(|f| shown(&f.path)).collect();
    let pad = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let date = created.date.iso();
    let url = |prefix: &str| format!("http://127.0.0.1:8787{prefix}/{SECTION}/{}/", created.slug);
    let roles = ["français", "arabe (à traduire)", "anglais (à traduire)"];
    let mut out = format!("Actualité créée, en brouillon, datée d'aujourd'hui ({date}) :\n");
    for (name, role) in names.iter().zip(roles) {
        out += &format!("  {name:<pad$}  {role}\n");
    }
    out += &format!(
        "
Et maintenant :
  1. Ouvrez le fichier français et remplacez les textes « À compléter » : la description
     ({MAX_DESCRIPTION} caractères au plus) et le texte, sous la seconde ligne +++. Changez la date
     si besoin (date = {date}, sans guillemets).
  2. Prévisualisez : tapez  make dev  dans le dossier du projet, puis ouvrez
       {}
     Un bandeau « Brouillon » rappelle que la page n'est pas publiée.
  3. Faites traduire les fichiers .ar.md et .en.md : le titre (sans « (à traduire) »),
     la description et le texte. Aperçu :
       {}
       {}
  4. Quand les trois versions sont prêtes, supprimez la ligne  draft = true
     dans les trois fichiers.
  5. Publiez :  make preview  (une adresse d'aperçu à vérifier), puis  make publish
     (ou proposez la modification dans une pull request : voir le guide de l'équipe).
",
        url(""),
        url("/ar"),
        url("/en"),
    );
    out
}

const USAGE: &str = "\
Utilisation : make new-news TITLE=\"Titre de l'actualité\"   (ou : oim new-news Titre…)
Usage: make new-news TITLE=\"Title of the news item, in French\"

Crée content/actualites/<nom>.md, <nom>.ar.md et <nom>.en.md (brouillons datés d'aujourd'hui).
Creates content/actualites/<name>.md, <name>.ar.md and <name>.en.md (drafts dated today).
";

/// `oim new-news [WORDS…]`: with no words, asks for the title in a terminal, else prints the
/// usage (exit 2). Exit 1 when nothing was created.
pub fn run(root: &Path, words: &[String]) -> ExitCode {
    let title = if words.is_empty() {
        if !std::io::stdin().is_terminal() {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
        match ask_title() {
            Some(title) => title,
            None => {
                eprintln!(
                    "\nAnnulé : aucun fichier n'a été créé. / Cancelled: no file was created."
                );
                return ExitCode::FAILURE;
            }
        }
    } else {
        title_from_words(words)
    };
    let content_dir = crate::options::content_dir(root);
    match create(&content_dir, &title, today()) {
        Ok(created) => {
            print!("{}", next_steps(&created, shown));
            ExitCode::SUCCESS
        }
        Err(e) => {
            let (fr, en) = e.messages(shown);
            eprintln!("Erreur : {fr}\nError: {en}");
            ExitCode::FAILURE
        }
    }
}

/// The title typed at the prompt; `None` at the end of input (Ctrl+D).
fn ask_title() -> Option<String> {
    print!("Titre de l'actualité (en français) : ");
    std::io::stdout().flush().ok()?;
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(line),
    }
}

/// Today in local time: the day on the author's calendar.
fn today() -> Date {
    use chrono::Datelike;
    let d = chrono::Local::now().date_naive();
    Date {
        year: u16::try_from(d.year()).unwrap_or(0),
        month: u8::try_from(d.month()).unwrap_or(1),
        day: u8::try_from(d.day()).unwrap_or(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_site_languages_and_limits() {
        let langs: Vec<&str> = oim_site::i18n::ALL.iter().map(|t| t.lang).collect();
        let ours: Vec<&str> = PLACEHOLDERS.iter().map(|p| p.lang).collect();
        assert_eq!(ours, langs);
        for p in &PLACEHOLDERS {
            let n = p.description.chars().count();
            assert!(n > 0 && n <= MAX_DESCRIPTION, "{}: {n}", p.lang);
        }
    }

    #[test]
    fn the_front_matter_uses_only_fields_the_loader_knows() {
        let date = Date {
            year: 2026,
            month: 1,
            day: 2,
        };
        let text = file_text("T", &PLACEHOLDERS[0], date, true).unwrap();
        let front: toml::Table = toml::from_str(text.split("+++").nth(1).unwrap()).unwrap();
        let keys: Vec<&str> = front.keys().map(String::as_str).collect();
        assert!(keys.iter().all(|k| load::FIELDS.contains(k)), "{keys:?}");
        assert!(text.contains("\ndate = 2026-01-02\n"), "{text}");
    }

    #[test]
    fn words_typed_without_quotes_make_one_title() {
        assert_eq!(
            title_from_words(&["Visite", " à\tTanger\n", ""]),
            "Visite à Tanger"
        );
        assert_eq!(title_from_words(&["   "]), "");
    }
}
