//! What a build is made from: the content and static folders, the public address, drafts or
//! not, and the day. Read from the environment by the Worker's `build.rs` and by `oim`.

use std::path::{Path, PathBuf};

use oim_site::dates;
use oim_site::Date;

/// The address of `make dev`, when neither `SITE_URL` nor wrangler.toml says otherwise.
pub const DEFAULT_SITE_URL: &str = "http://127.0.0.1:8787";

#[derive(Debug, Clone)]
pub struct Options {
    pub content_dir: PathBuf,
    pub static_dir: PathBuf,
    /// Public origin without a trailing slash, for canonical links.
    pub site_url: String,
    pub include_drafts: bool,
    pub build_date: Date,
}

impl Options {
    /// The site of the project at `root`, as the environment asks for it:
    /// - `OIM_CONTENT_DIR`: the content folder (default `content/`; a growth corpus elsewhere);
    /// - `SITE_URL`: the public address (default: `[vars] SITE_URL` of wrangler.toml);
    /// - `OIM_DRAFTS=1`: include drafts (`make dev`);
    /// - `SOURCE_DATE_EPOCH`: the build's date, for reproducible builds (default: today).
    pub fn from_env(root: &Path) -> Result<Options, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let content_dir = content_dir(root);
        let site_url = match var("SITE_URL") {
            Some(url) => url,
            None => site_url_in(&root.join("wrangler.toml"))?
                .unwrap_or_else(|| DEFAULT_SITE_URL.to_string()),
        };
        let epoch = var("SOURCE_DATE_EPOCH")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or_else(now);
        Ok(Options {
            content_dir,
            static_dir: root.join("static"),
            site_url: check_site_url(&site_url)?,
            include_drafts: var("OIM_DRAFTS").as_deref() == Some("1"),
            build_date: dates::from_unix_days(epoch.div_euclid(86_400)),
        })
    }

    /// A site for tests: the content folder given, the project's static files, a fixed address
    /// and a fixed day (so that expectations do not move).
    pub fn for_tests(root: &Path, content_dir: &Path, include_drafts: bool) -> Options {
        Options {
            content_dir: content_dir.to_path_buf(),
            static_dir: root.join("static"),
            site_url: "https://oim.example".into(),
            include_drafts,
            build_date: Date {
                year: 2026,
                month: 11,
                day: 1,
            },
        }
    }

    /// The environment variables [`Options::from_env`] reads, for `cargo:rerun-if-env-changed`.
    pub const ENV: [&'static str; 4] = [
        "OIM_CONTENT_DIR",
        "SITE_URL",
        "OIM_DRAFTS",
        "SOURCE_DATE_EPOCH",
    ];
}

/// The content folder of the project at `root`: `OIM_CONTENT_DIR` (relative to `root`) or
/// `content/`. The build and `oim new-news` agree on it.
pub fn content_dir(root: &Path) -> PathBuf {
    match std::env::var("OIM_CONTENT_DIR") {
        Ok(dir) if !dir.is_empty() => root.join(dir),
        _ => root.join("content"),
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

/// `[vars] SITE_URL` of a wrangler.toml, if it has one.
fn site_url_in(wrangler_toml: &Path) -> Result<Option<String>, String> {
    let Ok(text) = std::fs::read_to_string(wrangler_toml) else {
        return Ok(None);
    };
    let value: toml::Table = toml::from_str(&text)
        .map_err(|e| format!("{}: not valid TOML: {e}", wrangler_toml.display()))?;
    Ok(value
        .get("vars")
        .and_then(|v| v.get("SITE_URL"))
        .and_then(|v| v.as_str())
        .map(str::to_string))
}

fn check_site_url(url: &str) -> Result<String, String> {
    let url = url.trim_end_matches('/');
    if !(url.starts_with("https://") || url.starts_with("http://"))
        || url.contains(char::is_whitespace)
    {
        return Err(format!(
            "SITE_URL must be an absolute http(s) URL without spaces, like https://oim.ma (got {url:?})"
        ));
    }
    Ok(url.to_string())
}
