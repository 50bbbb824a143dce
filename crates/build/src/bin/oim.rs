//! `oim`: the site's build-time tools, for `scripts/build` and the team.
//!
//!     oim check                 load and check content/, say what to fix
//!     oim publish --out DIR     write the sitemap, feeds, robots.txt, manifest and assets
//!     oim new-news "Titre"      a news item in three languages, as drafts (make new-news)
//!     oim deploy-check          is wrangler.toml ready for production? (scripts/deploy-check)
//!     oim readership sql        the Analytics Engine query of `make readership`
//!     oim readership report     its answer (JSON, on stdin) as the most read pages
//!     oim messages [--csv FILE] the latest contact messages, or all of them as CSV
//!
//! `check` and `publish` read the same environment as the Worker's build (`OIM_CONTENT_DIR`, `SITE_URL`,
//! `OIM_DRAFTS`, `SOURCE_DATE_EPOCH`; see `oim_build::Options`), so that what is published
//! matches the page table compiled into the Worker.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use oim_build::tools::{self, messages, readership};
use oim_build::{documents, Built, Options};

#[derive(Parser)]
#[command(name = "oim", about = "Build-time tools of the OIM Maroc site")]
struct Cli {
    /// The project folder (where wrangler.toml and content/ are).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load and check every content file; print what to fix.
    Check,
    /// Write the documents served next to the Worker (sitemap, feeds, assets…) into a folder.
    Publish {
        /// The folder wrangler serves as static assets (`[assets] directory`).
        #[arg(long)]
        out: PathBuf,
    },
    /// Create a news item in three languages, as drafts dated today (content/actualites/).
    NewNews {
        /// The French title (words without quotes make one title); asked for when missing.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        title: Vec<String>,
    },
    /// Check, offline, that wrangler.toml is ready for production (WRANGLER_TOML: another
    /// file; SITE_URL: overrides [vars] SITE_URL). Exit 1 when something required is missing.
    DeployCheck,
    /// The contact messages (`make messages`, `make messages-csv`): the latest ones, or all of
    /// them as a CSV file a spreadsheet opens.
    Messages {
        /// Read the deployed database instead of the local one of `make dev`.
        #[arg(long)]
        remote: bool,
        /// How many of the latest messages to print.
        #[arg(long, default_value_t = 20)]
        limit: u32,
        /// Write every message into this CSV file instead of printing the latest.
        #[arg(long)]
        csv: Option<PathBuf>,
        /// The CSV's separator: `;` opens in Excel set to French or Arabic, `,` in English.
        #[arg(long, default_value_t = ';')]
        separator: char,
        /// The local database's folder (`wrangler --persist-to`), if not `.wrangler/state`.
        #[arg(long)]
        persist_to: Option<PathBuf>,
    },
    /// The most read pages, from Workers Analytics Engine (scripts/readership does the call).
    Readership {
        #[command(subcommand)]
        step: ReadershipStep,
    },
}

#[derive(Subcommand)]
enum ReadershipStep {
    /// Print the SQL query for the page views' dataset of wrangler.toml.
    Sql {
        /// The period, in days up to today.
        #[arg(long, default_value_t = 30)]
        days: u32,
    },
    /// Read the SQL API's JSON answer on stdin; print the most read pages per language.
    Report {
        #[arg(long, default_value_t = 30)]
        days: u32,
        /// How many pages of each language.
        #[arg(long, default_value_t = 10)]
        top: usize,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check => match load(&cli.root) {
            Ok(built) => {
                println!("content is fine: {} pages", built.pages.len());
                ExitCode::SUCCESS
            }
            Err(code) => code,
        },
        Command::Publish { out } => {
            let built = match load(&cli.root) {
                Ok(built) => built,
                Err(code) => return code,
            };
            match publish(&built, &out) {
                Ok(n) => {
                    println!("published {n} files into {}", out.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: cannot write into {}: {e}", out.display());
                    ExitCode::FAILURE
                }
            }
        }
        Command::NewNews { title } => tools::new_news::run(&cli.root, &title),
        Command::DeployCheck => tools::deploy_check::run(&cli.root),
        Command::Messages {
            remote,
            limit,
            csv,
            separator,
            persist_to,
        } => {
            // The content is not needed: only the database.
            let db = if remote {
                messages::Database::Remote
            } else {
                messages::Database::Local(persist_to)
            };
            let Ok(separator) = u8::try_from(separator) else {
                eprintln!("error: the separator must be one ASCII character");
                return ExitCode::FAILURE;
            };
            printed(messages::run(
                &cli.root,
                &db,
                limit,
                csv.as_deref(),
                separator,
            ))
        }
        Command::Readership { step } => printed(readership_step(&cli.root, &step)),
    }
}

/// A tool's text on standard output, or its error on standard error.
fn printed(result: Result<String, String>) -> ExitCode {
    match result {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `oim readership …`: needs no content, only wrangler.toml or the answer on stdin.
fn readership_step(root: &Path, step: &ReadershipStep) -> Result<String, String> {
    match *step {
        ReadershipStep::Sql { days } => {
            let dataset = readership::dataset_in(&root.join("wrangler.toml"))?;
            readership::sql(&dataset, days).map(|q| q + "\n")
        }
        ReadershipStep::Report { days, top } => {
            let mut answer = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut answer)
                .map_err(|e| format!("cannot read the answer on stdin: {e}"))?;
            let pages = readership::parse(&answer)?;
            Ok(readership::report(&pages, top, days))
        }
    }
}

fn load(root: &Path) -> Result<Built, ExitCode> {
    let opts = Options::from_env(root).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::FAILURE
    })?;
    oim_build::build(&opts).map_err(|errors| {
        eprintln!(
            "\nThe content has {} problem(s); the site was not built:\n",
            errors.len()
        );
        for e in &errors {
            eprintln!("  error: {e}");
        }
        eprintln!();
        ExitCode::FAILURE
    })
}

/// Writes every document under `out`, replacing what an earlier build left there. A file that
/// already holds the same bytes is left untouched, so that a running `wrangler dev` does not
/// reload its assets for nothing.
fn publish(built: &Built, out: &Path) -> std::io::Result<usize> {
    let docs = documents::documents(built);
    let wanted: std::collections::BTreeSet<PathBuf> = docs
        .iter()
        .map(|d| out.join(d.path.trim_start_matches('/')))
        .collect();
    for doc in &docs {
        let path = out.join(doc.path.trim_start_matches('/'));
        if std::fs::read(&path).is_ok_and(|old| old == doc.bytes) {
            continue;
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, &doc.bytes)?;
    }
    remove_others(out, &wanted)?;
    Ok(docs.len())
}

/// Old fingerprinted assets and feeds of removed sections go away.
fn remove_others(dir: &Path, keep: &std::collections::BTreeSet<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            remove_others(&path, keep)?;
        } else if !keep.contains(&path) {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}
