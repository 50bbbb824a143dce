//! `oim messages`: the contact messages for the team, without SQL. Runs `wrangler d1 execute
//! --json` on the local database (`make dev`'s) or the deployed one, and prints the latest
//! messages or writes a CSV a spreadsheet opens: UTF-8 with a byte order mark (without it,
//! Excel reads UTF-8 as Windows-1252 and Arabic comes out garbled), semicolons (Excel's
//! separator in French, the team's), CRLF line ends, and every cell that a spreadsheet would
//! take for a formula (`=`, `+`, `-`, `@`…: visitors write them) turned into text.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use oim_site::i18n::FR;
use serde::Deserialize;

/// The columns read, as the D1 table names them.
const COLUMNS: &str = "created_at, reference, name, email, subject, message, country, preview";

/// One stored message.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Message {
    pub created_at: String,
    pub reference: Option<String>,
    pub name: String,
    pub email: String,
    pub subject: String,
    pub message: String,
    pub country: Option<String>,
    /// 1 for a message sent from a preview address (migration 0003), never mailed: someone
    /// trying a version before it was published.
    #[serde(default)]
    pub preview: u8,
}

/// Which database to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// The local one of `make dev` (`.wrangler/state`), or the one under this folder
    /// (`wrangler --persist-to`, as the end-to-end tests keep theirs).
    Local(Option<PathBuf>),
    /// The deployed one (needs `wrangler login` or `CLOUDFLARE_API_TOKEN`).
    Remote,
}

impl Database {
    pub fn describe(&self) -> &'static str {
        match self {
            Database::Local(_) => "local database",
            Database::Remote => "deployed database",
        }
    }
}

/// The query: the latest `limit` messages, newest first, or all of them, oldest first (for a
/// spreadsheet, read top to bottom).
pub fn query(limit: Option<u32>) -> String {
    match limit {
        Some(n) => {
            format!("SELECT {COLUMNS} FROM messages ORDER BY created_at DESC, id DESC LIMIT {n}")
        }
        None => format!("SELECT {COLUMNS} FROM messages ORDER BY created_at, id"),
    }
}

/// Runs the query with the project's wrangler (`node_modules/.bin/wrangler`, no standard
/// input: it never waits for a login) and returns its JSON output.
pub fn run_wrangler(root: &Path, db: &Database, sql: &str) -> Result<String, String> {
    let wrangler = root.join("node_modules/.bin/wrangler");
    let mut cmd = Command::new(&wrangler);
    cmd.current_dir(root)
        .args(["d1", "execute", "DB", "--json", "--command", sql])
        .env("WRANGLER_SEND_METRICS", "false")
        .stdin(Stdio::null());
    match db {
        Database::Local(dir) => {
            cmd.arg("--local");
            if let Some(dir) = dir {
                cmd.arg("--persist-to").arg(dir);
            }
        }
        Database::Remote => {
            cmd.arg("--remote");
        }
    }
    let out = cmd.output().map_err(|e| {
        format!(
            "cannot run {}: {e} (run `make setup` first)",
            wrangler.display()
        )
    })?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        return Err(format!(
            "wrangler d1 execute failed:\n{}{}",
            wrangler_error(&stdout).unwrap_or(stdout.clone()),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(stdout)
}

/// The message of wrangler's JSON error (`{"error": {"text": …}}`), if it printed one.
fn wrangler_error(stdout: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(stdout).ok()?;
    let e = v.get("error")?;
    Some(
        e.get("text")
            .and_then(|t| t.as_str())
            .map_or_else(|| e.to_string(), str::to_string)
            + "\n",
    )
}

/// The rows of `wrangler d1 execute --json` (`[{"results": [...], "success": true, …}]`).
pub fn parse(json: &str) -> Result<Vec<Message>, String> {
    #[derive(Deserialize)]
    struct Statement {
        results: Vec<Message>,
    }
    if let Some(error) = wrangler_error(json) {
        return Err(format!("wrangler: {error}"));
    }
    let statements: Vec<Statement> = serde_json::from_str(json)
        .map_err(|e| format!("wrangler's answer is not the expected JSON ({e})"))?;
    Ok(statements.into_iter().flat_map(|s| s.results).collect())
}

/// The subject's label as the form shows it in French.
fn subject_label(value: &str) -> &str {
    FR.subjects
        .iter()
        .find(|(v, _)| *v == value)
        .map_or(value, |(_, label)| label)
}

/// `2026-05-05T19:20:29.123Z` as `2026-05-05 19:20 UTC`.
fn short_time(created_at: &str) -> String {
    match (created_at.get(..10), created_at.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => created_at.to_string(),
    }
}

/// The latest messages as text for a terminal: a heading line per message, then the sender and
/// the text, indented.
pub fn listing(messages: &[Message], db: &Database) -> String {
    let mut out = match messages.len() {
        0 => format!("No message in the {}.\n", db.describe()),
        1 => format!("1 message, from the {}:\n", db.describe()),
        n => format!("{n} messages, newest first, from the {}:\n", db.describe()),
    };
    for m in messages {
        out.push_str(&format!(
            "\n{}{}  ·  {}  ·  {}{}\n  {} <{}>\n",
            if m.preview == 1 { "[APERÇU] " } else { "" },
            short_time(&m.created_at),
            subject_label(&m.subject),
            m.country.as_deref().unwrap_or("--"),
            m.reference
                .as_deref()
                .map_or(String::new(), |r| format!("  ·  réf. {r}")),
            m.name,
            m.email
        ));
        for line in m.message.lines() {
            out.push_str(&format!("  | {line}\n"));
        }
    }
    out
}

/// A cell a spreadsheet would run as a formula, made text with a leading apostrophe (what
/// OWASP recommends against "CSV injection"; the apostrophe is shown, the formula is not run).
fn defused(cell: &str) -> String {
    match cell.chars().next() {
        Some(
            '=' | '+' | '-' | '@' | '\t' | '\r' | '\u{ff1d}' | '\u{ff0b}' | '\u{ff0d}' | '\u{ff20}',
        ) => {
            format!("'{cell}")
        }
        _ => cell.to_string(),
    }
}

/// The messages as a CSV file: a byte order mark, a header row in French, one row per
/// message, `separator` between cells, CRLF between rows.
pub fn csv(messages: &[Message], separator: u8) -> Result<Vec<u8>, String> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(separator)
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(&mut out);
        w.write_record([
            "Date (UTC)",
            "Référence",
            "Nom",
            "Adresse électronique",
            "Objet",
            "Message",
            "Pays",
            "Aperçu",
        ])
        .map_err(|e| e.to_string())?;
        for m in messages {
            w.write_record([
                short_time(&m.created_at),
                m.reference.clone().unwrap_or_default(),
                defused(&m.name),
                defused(&m.email),
                subject_label(&m.subject).to_string(),
                defused(&m.message),
                m.country.clone().unwrap_or_default(),
                if m.preview == 1 { "oui" } else { "" }.to_string(),
            ])
            .map_err(|e| e.to_string())?;
        }
        w.flush().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// `oim messages`: prints the latest `limit` messages, or writes them all into `csv_file`.
/// Returns what to print, or what went wrong.
pub fn run(
    root: &Path,
    db: &Database,
    limit: u32,
    csv_file: Option<&Path>,
    separator: u8,
) -> Result<String, String> {
    let sql = query(if csv_file.is_some() {
        None
    } else {
        Some(limit)
    });
    let messages = parse(&run_wrangler(root, db, &sql)?)?;
    let Some(path) = csv_file else {
        return Ok(listing(&messages, db));
    };
    let bytes = csv(&messages, separator)?;
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(format!(
        "{} message(s) from the {} written to {} (UTF-8 with BOM, separator {:?}): personal \
         data, delete the file once read\n",
        messages.len(),
        db.describe(),
        path.display(),
        char::from(separator)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `wrangler d1 execute --json` prints (wrangler 4), with a message in Arabic over two
    /// lines, one in French with quotes and a separator (sent from a preview), one that starts like a formula, and
    /// one stored before references existed.
    const WRANGLER_JSON: &str = r#"[
  {
    "results": [
      {"created_at": "2026-05-05T19:20:29.123Z", "reference": "0123456789abcdef0123456789abcdef", "name": "أمينة بنعلي", "email": "amina@xn--mgbh0fb.xn--mgbc0a9azcg", "subject": "information", "message": "مرحبا بكم\nسطر ثان", "country": "MA"},
      {"created_at": "2026-05-04T08:00:00.000Z", "reference": "fedcba9876543210fedcba9876543210", "name": "Élodie \"Lo\" Martin", "email": "elodie@exemple.fr", "subject": "presse", "message": "Bonjour ; une question, « presse ».", "country": null, "preview": 1},
      {"created_at": "2026-05-03T08:00:00.000Z", "reference": "00000000000000000000000000000001", "name": "=cmd|' /C calc'!A0", "email": "x@exemple.ma", "subject": "autre", "message": "+33 6 12 34 56 78", "country": "FR"},
      {"created_at": "2025-01-01T00:00:00.000Z", "reference": null, "name": "Ancien", "email": "a@b.ma", "subject": "partenariat", "message": "Avant les références.", "country": null}
    ],
    "success": true,
    "meta": {"duration": 0.2}
  }
]"#;

    fn messages() -> Vec<Message> {
        parse(WRANGLER_JSON).expect("parsed")
    }

    #[test]
    fn reads_wrangler_json_output() {
        let m = messages();
        assert_eq!(m.len(), 4);
        assert_eq!(m[0].name, "أمينة بنعلي");
        assert_eq!(m[0].message, "مرحبا بكم\nسطر ثان");
        assert_eq!(m[1].country, None);
        assert_eq!(m[3].reference, None);
    }

    #[test]
    fn wrangler_errors_are_said_not_parsed() {
        let err = parse(r#"{"error": {"text": "no such table: messages", "kind": "error"}}"#)
            .expect_err("an error");
        assert!(err.contains("no such table: messages"), "{err}");
        assert!(parse("not json").is_err());
    }

    #[test]
    fn the_listing_shows_each_message_with_its_sender_and_text() {
        let text = listing(&messages(), &Database::Local(None));
        assert!(text.starts_with("4 messages, newest first, from the local database:\n"));
        assert!(text.contains(
            "\n2026-05-05 19:20 UTC  ·  Demande d’information  ·  MA  ·  réf. 0123456789abcdef0123456789abcdef\n  أمينة بنعلي <amina@xn--mgbh0fb.xn--mgbc0a9azcg>\n  | مرحبا بكم\n  | سطر ثان\n"
        ), "{text}");
        assert!(text.contains("\n2025-01-01 00:00 UTC  ·  Partenariat  ·  --\n  Ancien <a@b.ma>\n"));
        // A message sent from a preview address is marked.
        assert!(
            text.contains("\n[APERÇU] 2026-05-04 08:00 UTC  ·  "),
            "{text}"
        );
        assert_eq!(
            listing(&[], &Database::Remote),
            "No message in the deployed database.\n"
        );
    }

    #[test]
    fn the_csv_opens_in_a_spreadsheet_with_arabic_intact() {
        let bytes = csv(&messages(), b';').expect("csv");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte order mark");
        let text = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
        // Read back by a CSV reader, as a spreadsheet would.
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(text.as_bytes());
        let header = reader.headers().expect("header").clone();
        assert_eq!(
            header.iter().collect::<Vec<_>>(),
            [
                "Date (UTC)",
                "Référence",
                "Nom",
                "Adresse électronique",
                "Objet",
                "Message",
                "Pays",
                "Aperçu"
            ]
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
        assert_eq!(rows.len(), 4);
        assert_eq!(&rows[0][2], "أمينة بنعلي");
        assert_eq!(
            &rows[0][5], "مرحبا بكم\nسطر ثان",
            "line breaks kept inside the cell"
        );
        assert_eq!(&rows[0][4], "Demande d’information");
        assert_eq!(&rows[1][2], "Élodie \"Lo\" Martin");
        assert_eq!(&rows[1][5], "Bonjour ; une question, « presse ».");
        assert_eq!(
            (&rows[0][7], &rows[1][7]),
            ("", "oui"),
            "a preview's message is marked"
        );
        assert_eq!(&rows[3][1], "", "no reference");
        // Rows end with CRLF; a line break inside a cell stays inside its quotes.
        assert!(text.ends_with("\r\n"));
        assert_eq!(text.matches("\r\n").count(), 5, "a header and four rows");
    }

    #[test]
    fn cells_that_look_like_formulas_are_made_text() {
        let bytes = csv(&messages(), b',').expect("csv");
        let text = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
        assert_eq!(&rows[2][2], "'=cmd|' /C calc'!A0");
        assert_eq!(&rows[2][5], "'+33 6 12 34 56 78");
        assert_eq!(defused("-1"), "'-1");
        assert_eq!(defused("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defused("\u{ff1d}1+1"), "'\u{ff1d}1+1");
        assert_eq!(defused("Bonjour = salut"), "Bonjour = salut");
    }

    #[test]
    fn the_query_reads_the_latest_or_everything_in_order() {
        assert!(query(Some(20)).ends_with("ORDER BY created_at DESC, id DESC LIMIT 20"));
        assert!(query(None).ends_with("ORDER BY created_at, id"));
        assert!(query(None).starts_with(&format!("SELECT {COLUMNS} FROM messages")));
    }
}
