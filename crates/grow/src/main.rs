//! `grow N DEST [--seed S] [--force] [--from CONTENT]`: copies the site's content to
//! `DEST/content` and adds N news items in French, Arabic and English (see README.md).

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use oim_grow::{grow, Options, Sizes, LANGS};

/// Copies the site's content/ to DEST/content and adds N plausible news items (fr, ar, en).
#[derive(Parser, Debug)]
#[command(name = "grow", version)]
struct Args {
    /// How many news items to add (each is three files).
    items: usize,
    /// Scratch folder; DEST/content is written. Must be empty or new, unless --force.
    dest: PathBuf,
    /// Seed of the generator: the same seed writes the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Replace DEST/content even if DEST is not empty (other files in DEST are kept).
    #[arg(long)]
    force: bool,
    /// The site's content folder (read only).
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../../content"))]
    from: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let started = Instant::now();
    let opts = Options {
        items: args.items,
        seed: args.seed,
        source: args.from,
        dest: args.dest,
        force: args.force,
    };
    let report = match grow(&opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("grow: {e}");
            return ExitCode::FAILURE;
        }
    };
    let took = started.elapsed();
    // Written with `writeln!`: a closed pipe (`| head -1`) is not an error worth a panic.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{} news items ({} files) added to {} in {:.2} s (seed {}).",
        report.items,
        report.items * 3,
        report.content.display(),
        took.as_secs_f64(),
        opts.seed
    );
    let _ = writeln!(
        out,
        "Per file, raw and gzip -6 bytes (ratio), against the articles already there:"
    );
    let line = |s: &Sizes| {
        if s.files == 0 {
            "none".to_string()
        } else {
            format!(
                "{:6.0} B raw {:6.0} B gzip ({:.3}) over {} files",
                s.raw_per_file(),
                s.gzip_per_file(),
                s.ratio(),
                s.files
            )
        }
    };
    for (i, lang) in LANGS.iter().enumerate() {
        let _ = writeln!(out, "  {lang} generated {}", line(&report.generated[i]));
        let _ = writeln!(out, "  {lang} existing  {}", line(&report.existing[i]));
    }
    ExitCode::SUCCESS
}
