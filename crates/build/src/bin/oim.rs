//! `oim`: the site's build-time tools, for `scripts/build` and the team.
//!
//!     oim check                 load and check content/, say what to fix
//!     oim publish --out DIR     write the sitemap, feeds, robots.txt, manifest and assets
//!     oim messages [--csv FILE] the latest contact messages, or all of them as CSV
//!
//! Both read the same environment as the Worker's build (`OIM_CONTENT_DIR`, `SITE_URL`,
//! `OIM_DRAFTS`, `SOURCE_DATE_EPOCH`; see `oim_build::Options`), so that what is published
//! matches the page table compiled into the Worker.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Messages {
        remote,
        limit,
        csv,
        separator,
        persist_to,
    } = &cli.command
    {
        // The content is not needed: only the database.
        let db = if *remote {
            oim_build::messages::Database::Remote
        } else {
            oim_build::messages::Database::Local(persist_to.clone())
        };
        let Ok(separator) = u8::try_from(*separator) else {
            eprintln!("error: the separator must be one ASCII character");
            return ExitCode::FAILURE;
        };
        return match oim_build::messages::run(&cli.root, &db, *limit, csv.as_deref(), separator) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let built = match load(&cli.root) {
        Ok(built) => built,
        Err(code) => return code,
    };
    match cli.command {
        Command::Check => {
            println!("content is fine: {} pages", built.pages.len());
            ExitCode::SUCCESS
        }
        Command::Messages { .. } => ExitCode::SUCCESS,
        Command::Publish { out } => match publish(&built, &out) {
            Ok(n) => {
                println!("published {n} files into {}", out.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: cannot write into {}: {e}", out.display());
                ExitCode::FAILURE
            }
        },
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
