//! `oim deploy-check` run as the team runs it, on copies of the repository's wrangler.toml in a
//! scratch folder (the real file is only read): exit codes, what each problem and warning says,
//! the `SITE_URL` override. The cron and address rules are also checked as library functions.

use std::path::{Path, PathBuf};
use std::process::Command;

use oim_build::tools::deploy_check::{
    check, cron_schedule, is_placeholder_domain, site_url_problem,
};

const REAL_ID: &str = "3f2b8c1e-9a47-4d2e-b6a1-7c5e0f9d4a21";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn repository_toml() -> String {
    std::fs::read_to_string(root().join("wrangler.toml")).expect("the repository's wrangler.toml")
}

/// `text` with the line `key = …` (the first one) set to `key = value`.
fn set(text: &str, key: &str, value: &str) -> String {
    let mut done = false;
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            let is_key = l.split('=').next().is_some_and(|k| k.trim() == key);
            if is_key && !done {
                done = true;
                format!("{key} = {value}")
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(done, "no `{key} =` line");
    lines.join("\n") + "\n"
}

/// `text` without the lines that `drop` selects.
fn without(text: &str, mut drop: impl FnMut(&str) -> bool) -> String {
    text.lines()
        .filter(|l| !drop(l.trim()))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// `text` without the first line starting with `prefix`.
fn without_first(text: &str, prefix: &str) -> String {
    let mut seen = false;
    without(text, |l| {
        let drop = !seen && l.starts_with(prefix);
        seen |= drop;
        drop
    })
}

/// The repository's file with the example values the template ships with.
fn placeholders() -> String {
    let t = set(
        &repository_toml(),
        "database_id",
        "\"00000000-0000-0000-0000-000000000000\"",
    );
    let t = set(&t, "SITE_URL", "\"http://127.0.0.1:8787\"");
    let t = set(&t, "MAIL_FROM", "\"site@oim-maroc.example\"");
    set(&t, "MAIL_TO", "\"contact@oim-maroc.example\"")
}

/// The repository's file filled in for production.
fn complete() -> String {
    let t = set(&repository_toml(), "database_id", &format!("\"{REAL_ID}\""));
    let t = set(&t, "SITE_URL", "\"https://maroc.iom.int\"");
    let t = set(&t, "MAIL_FROM", "\"site@maroc.iom.int\"");
    set(&t, "MAIL_TO", "\"equipe@iom.int\"")
}

/// What `oim deploy-check` said.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
    /// Lines starting with `mark` (`✗` problems, `!` warnings, `  ✓` ready).
    fn count(&self, mark: &str) -> usize {
        self.all().lines().filter(|l| l.starts_with(mark)).count()
    }
    fn says(&self, text: &str) -> bool {
        self.all().contains(text)
    }
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit {}\n{}", self.code, self.all())
    }
}

/// Runs `oim deploy-check` on `text`, with `SITE_URL` set when given.
fn deploy_check(text: &str, site_url: Option<&str>) -> Run {
    let dir = tempfile::tempdir().expect("scratch folder");
    let file = dir.path().join("wrangler.toml");
    std::fs::write(&file, text).expect("write");
    run_on(&file, site_url)
}

fn run_on(file: &Path, site_url: Option<&str>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_oim"));
    // Run from the file's folder, as from the project: messages name `wrangler.toml`.
    cmd.arg("deploy-check")
        .current_dir(
            file.parent()
                .filter(|d| d.is_dir())
                .unwrap_or(Path::new("/")),
        )
        .env("WRANGLER_TOML", file)
        .env_remove("SITE_URL");
    if let Some(url) = site_url {
        cmd.env("SITE_URL", url);
    }
    let out = cmd.output().expect("oim runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn the_template_values_are_four_problems_each_with_its_fix() {
    let r = deploy_check(&placeholders(), None);
    assert_eq!(r.code, 1, "{r:?}");
    for text in [
        "00000000-0000-0000-0000-000000000000",
        "npx wrangler d1 create oim-maroc",
        "npx wrangler d1 migrations apply DB --remote",
        "SITE_URL",
        "http://127.0.0.1:8787",
        "site@oim-maroc.example",
        "contact@oim-maroc.example",
    ] {
        assert!(r.says(text), "{text}: {r:?}");
    }
    // D1, SITE_URL, MAIL_FROM, MAIL_TO; on stderr, not called complete.
    assert_eq!(r.count("✗"), 4, "{r:?}");
    assert!(
        r.stdout.is_empty() && !r.says("production complète"),
        "{r:?}"
    );
    // Each problem says where it is.
    assert!(r.says("(wrangler.toml:"), "{r:?}");
}

#[test]
fn a_complete_file_passes_with_its_summary() {
    let r = deploy_check(&complete(), None);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.starts_with("Configuration de production complète"),
        "{r:?}"
    );
    for ready in [
        REAL_ID,
        "SITE_URL : https://maroc.iom.int",
        "CONTACT_LIMITER",
        "EMAIL",
        "build/public",
    ] {
        assert!(r.says(ready), "{ready}: {r:?}");
    }
    assert_eq!(r.count("✗"), 0, "{r:?}");
}

#[test]
fn the_site_url_variable_wins_over_the_file() {
    let r = deploy_check(&complete(), Some("http://localhost:8787"));
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.says("variable d'environnement SITE_URL"), "{r:?}");

    // An https address in the environment fixes SITE_URL only.
    let r = deploy_check(&placeholders(), Some("https://oim.ma"));
    assert_eq!(r.count("✗"), 3, "{r:?}");
    assert_eq!(r.count("✗ SITE_URL"), 0, "{r:?}");

    // Empty, it is ignored (scripts/preview runs with SITE_URL='' from CI's variables).
    let r = deploy_check(&complete(), Some(""));
    assert_eq!(r.code, 0, "{r:?}");
}

#[test]
fn turnstile_on_is_a_reminder_of_the_secret() {
    let r = deploy_check(
        &set(&complete(), "TURNSTILE_SITE_KEY", "\"0x4AAAAAAAexample\""),
        None,
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.says("Turnstile est activé"), "{r:?}");
    assert!(
        r.says("npx wrangler secret put TURNSTILE_SECRET_KEY"),
        "{r:?}"
    );
}

#[test]
fn turnstile_off_is_a_warning_that_says_how_to_turn_it_on() {
    for text in [
        complete(),
        without(&complete(), |l| l.starts_with("TURNSTILE_SITE_KEY")),
    ] {
        let r = deploy_check(&text, None);
        assert_eq!(r.code, 0, "{r:?}");
        assert_eq!(r.count("! Turnstile est désactivé"), 1, "{r:?}");
        assert!(
            r.says("npx wrangler secret put TURNSTILE_SECRET_KEY"),
            "{r:?}"
        );
        // What it cannot see, it says.
        assert!(r.says("ne voit pas les secrets"), "{r:?}");
    }
}

#[test]
fn each_missing_item_is_reported_with_its_fix() {
    let cases: [(&str, String, &str); 5] = [
        (
            "namespace_id",
            without_first(&complete(), "namespace_id"),
            "namespace_id = \"1001\"",
        ),
        (
            "send_email",
            without(&complete(), |l| {
                l == "[[send_email]]" || l == "name = \"EMAIL\""
            }),
            "name = \"EMAIL\"",
        ),
        (
            "assets",
            without(&complete(), |l| l.starts_with("directory")),
            "directory = \"build/public\"",
        ),
        (
            "MAIL_TO",
            without(&complete(), |l| l.starts_with("MAIL_TO")),
            "MAIL_TO",
        ),
        (
            "an https SITE_URL",
            set(&complete(), "SITE_URL", "\"http://maroc.iom.int\""),
            "https://",
        ),
    ];
    for (what, text, fix) in cases {
        let r = deploy_check(&text, None);
        assert_eq!((r.code, r.count("✗")), (1, 1), "without {what}: {r:?}");
        assert!(r.says(fix), "without {what}: {r:?}");
    }
}

#[test]
fn every_problem_is_listed_not_just_the_first() {
    let all = without(&placeholders(), |l| {
        l.starts_with("namespace_id")
            || l == "[[send_email]]"
            || l == "name = \"EMAIL\""
            || l.starts_with("directory")
    });
    let r = deploy_check(&all, None);
    // D1, SITE_URL, MAIL_FROM, MAIL_TO, each limiter's namespace_id, send_email, assets.
    assert_eq!(r.count("✗"), 8, "{r:?}");
    assert!(r.says("8 problèmes à corriger"), "{r:?}");
}

#[test]
fn an_empty_file_lists_every_requirement() {
    let r = deploy_check("", None);
    assert_eq!(r.code, 1, "{r:?}");
    // D1, SITE_URL, MAIL_FROM, MAIL_TO, rate limiter, send_email, assets.
    assert_eq!(r.count("✗"), 7, "{r:?}");
    assert!(
        r.says("[[ratelimits]]") && r.says("[[d1_databases]]"),
        "{r:?}"
    );
}

#[test]
fn a_missing_or_broken_file_fails() {
    let r = run_on(Path::new("/nonexistent/wrangler.toml"), None);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("impossible de lire"), "{r:?}");

    let r = deploy_check(&complete().replace("[vars]", "[vars"), None);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.says("n'est pas un fichier TOML valide (wrangler.toml:"),
        "{r:?}"
    );
}

#[test]
fn quotes_comments_and_spaces_are_read_as_toml() {
    let text = set(
        &complete(),
        "SITE_URL",
        "'https://maroc.iom.int'   # the public address",
    )
    .replace("binding = \"DB\"", "binding=\"DB\"")
    .replace("[vars]", "[ vars ]");
    let r = deploy_check(&text, None);
    assert_eq!(r.code, 0, "{r:?}");
}

#[test]
fn every_rate_limiter_needs_its_own_namespace() {
    let extra = "\n[[ratelimits]]\nname = \"SITE_LIMITER\"\nsimple = { limit = 30, period = 60 }\n";
    let r = deploy_check(&(complete() + extra), None);
    assert_eq!(
        r.count("✗ Limiteur SITE_LIMITER : namespace_id manque"),
        1,
        "{r:?}"
    );

    let shared = extra.replace("simple", "namespace_id = \"1001\"\nsimple");
    let r = deploy_check(&(complete() + &shared), None);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.says("même namespace_id 1001"), "{r:?}");

    let renamed = complete().replace("\"CONTACT_LIMITER\"", "\"LIMITER\"");
    let r = deploy_check(&renamed, None);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.says("ne s'appelle CONTACT_LIMITER"), "{r:?}");
}

// --- workers.dev and routes ---------------------------------------------------------------

/// The complete file with its `workers_dev` line replaced by `top` (top-level keys).
fn with_top(top: &str) -> String {
    let text = without(&complete(), |l| l.starts_with("workers_dev"));
    let (head, tables) = text.split_once("\n[").expect("a table");
    format!("{head}\n{top}\n[{tables}")
}

const WARNS_WORKERS_DEV: &str = "le Worker de production répond aussi sur https://oim-maroc.";
const WARNS_NO_ROUTE: &str = "aucune route de wrangler.toml ne sert ce domaine";

#[test]
fn workers_dev_on_beside_a_custom_domain_is_a_warning() {
    let route = "routes = [{ pattern = \"maroc.iom.int\", custom_domain = true }]";
    let cases = [
        ("workers_dev = true", true),
        // wrangler 4: absent, and no route: on.
        ("", true),
        (&format!("workers_dev = true\n{route}"), true),
        (
            &format!("{route}\nworkers_dev = false\npreview_urls = true"),
            false,
        ),
        // Absent, with a route: off.
        (route, false),
    ];
    for (top, warned) in cases {
        let r = deploy_check(&with_top(top), None);
        assert_eq!(r.code, 0, "{top}: {r:?}");
        assert_eq!(r.says(WARNS_WORKERS_DEV), warned, "{top}: {r:?}");
    }
    let r = deploy_check(&with_top("workers_dev = true"), None);
    assert!(
        r.says("workers_dev = false") && r.says("preview_urls = true"),
        "{r:?}"
    );
    assert!(r.says("Cache API"), "{r:?}");
}

#[test]
fn a_site_on_workers_dev_needs_workers_dev() {
    let text = set(
        &with_top("workers_dev = true"),
        "SITE_URL",
        "\"https://oim-maroc.equipe.workers.dev\"",
    );
    let r = deploy_check(&text, None);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        !r.says(WARNS_WORKERS_DEV) && !r.says(WARNS_NO_ROUTE),
        "{r:?}"
    );
    // But with a route too, the route's domain is bypassed.
    let text = set(
        &with_top("workers_dev = true\nroute = \"maroc.iom.int/*\""),
        "SITE_URL",
        "\"https://oim-maroc.equipe.workers.dev\"",
    );
    let r = deploy_check(&text, None);
    assert!(
        r.says(WARNS_WORKERS_DEV) && r.says("maroc.iom.int/*"),
        "{r:?}"
    );
}

#[test]
fn a_public_domain_no_route_serves_is_a_warning() {
    let r = deploy_check(&with_top("workers_dev = false\npreview_urls = true"), None);
    assert!(r.says(WARNS_NO_ROUTE), "{r:?}");
    assert!(
        r.says("routes = [{ pattern = \"maroc.iom.int\", custom_domain = true }]"),
        "{r:?}"
    );
    for route in [
        "routes = [{ pattern = \"maroc.iom.int\", custom_domain = true }]",
        "routes = [{ pattern = \"maroc.iom.int/*\", zone_name = \"iom.int\" }]",
        "route = \"*.iom.int/*\"",
        "routes = [\"https://maroc.iom.int/*\"]",
    ] {
        let r = deploy_check(&with_top(&format!("workers_dev = false\n{route}")), None);
        assert!(!r.says(WARNS_NO_ROUTE), "{route}: {r:?}");
    }
    let r = deploy_check(
        &with_top("workers_dev = false\nroute = \"autre.iom.int/*\""),
        None,
    );
    assert!(r.says(WARNS_NO_ROUTE), "{r:?}");
}

#[test]
fn workers_dev_must_be_a_boolean() {
    let r = deploy_check(&with_top("workers_dev = \"no\""), None);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.says("doit être true ou false"), "{r:?}");
}

// --- cron triggers ------------------------------------------------------------------------

#[test]
fn cron_triggers_are_checked_as_cloudflare_reads_them() {
    // The repository's own `[triggers] crons` line, replaced.
    let crons = |value: &str| set(&complete(), "crons", value);
    let r = deploy_check(&crons("[\"0 3 * * *\", \"*/30 * * * *\"]"), None);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.says("tâche planifiée « 0 3 * * * »"), "{r:?}");
    assert!(r.says("prochaine fois le"), "{r:?}");

    let r = deploy_check(
        &crons("[\"0 3 * * *\", \"0 3 * * * *\", \"0 0 31 2 *\"]"),
        None,
    );
    assert_eq!((r.code, r.count("✗ Tâches planifiées")), (1, 2), "{r:?}");
    assert!(
        r.says("ne se déclenche jamais") && r.says("Cinq champs"),
        "{r:?}"
    );

    for bad in ["\"0 3 * * *\"", "[3]"] {
        let r = deploy_check(&crons(bad), None);
        assert_eq!(
            (r.code, r.count("✗ Tâches planifiées")),
            (1, 1),
            "{bad}: {r:?}"
        );
    }
    // No trigger, nothing to say.
    let r = deploy_check(&crons("[]"), None);
    assert_eq!(r.code, 0, "{r:?}");
}

#[test]
fn cloudflare_documented_cron_examples_are_accepted() {
    // developers.cloudflare.com/workers/configuration/cron-triggers/ (weekdays 1-7 from Sunday).
    for expr in [
        "* * * * *",
        "*/30 * * * *",
        "45 * * * *",
        "0 17 * * sun",
        "0 17 * * 1",
        "10 7 * * mon-fri",
        "10 7 * * 2-6",
        "0 15 1 * *",
        "0 18 * * 6L",
        "0 18 * * friL",
        "59 23 LW * *",
        "0 10 * * MON#2",
        "0 0 29 2 *",
    ] {
        assert!(
            cron_schedule(expr).is_ok(),
            "{expr}: {:?}",
            cron_schedule(expr)
        );
    }
}

#[test]
fn cron_expressions_cloudflare_refuses_are_problems() {
    for expr in [
        "",
        "0 3 * *",
        "0 0 3 * * *",
        "60 * * * *",
        "0 24 * * *",
        "0 0 32 * *",
        "0 0 * 13 *",
        // Weekdays count from 1 (Sunday).
        "0 0 * * 0",
        "@daily",
        "0 3 ? * *",
        "0 3 * * * 2026",
        "0 0 31 2 *",
        "every day",
    ] {
        assert!(
            cron_schedule(expr).is_err(),
            "{expr}: {:?}",
            cron_schedule(expr)
        );
    }
}

// --- addresses ----------------------------------------------------------------------------

#[test]
fn only_a_public_https_address_is_a_site_url() {
    for ok in [
        "https://maroc.iom.int",
        "https://oim-maroc.equipe.workers.dev",
        "https://oim.ma/",
    ] {
        assert_eq!(site_url_problem(ok), None, "{ok}");
    }
    let cases = [
        ("", "absente"),
        ("maroc.iom.int", "pas une adresse web"),
        ("https://maroc iom.int", "espace"),
        ("http://maroc.iom.int", "https://"),
        ("http://127.0.0.1:8787", "locale"),
        ("https://localhost", "locale"),
        ("https://site.localhost", "locale"),
        ("http://[::1]:8787", "locale"),
        ("https://0.0.0.0", "locale"),
        ("https://oim.example", "exemple"),
        ("https://www.example.org", "exemple"),
    ];
    for (url, why) in cases {
        let problem = site_url_problem(url).unwrap_or_default();
        assert!(problem.contains(why), "{url}: {problem:?}");
    }
}

#[test]
fn example_domains_are_recognised() {
    for d in [
        "oim-maroc.example",
        "example.com",
        "mail.example.net",
        "x.test",
        "a.invalid",
        "EXAMPLE.ORG",
    ] {
        assert!(is_placeholder_domain(d), "{d}");
    }
    for d in ["iom.int", "example-partner.ma", "notexample.com"] {
        assert!(!is_placeholder_domain(d), "{d}");
    }
}

#[test]
fn mail_addresses_must_look_like_addresses() {
    for bad in [
        "equipe",
        "equipe@iom",
        "equipe@.int",
        "a b@iom.int",
        "<a@iom.int>",
        "a@b@iom.int",
    ] {
        let text = set(&complete(), "MAIL_TO", &format!("\"{bad}\""));
        let report = check(&text, "wrangler.toml", None);
        assert_eq!(report.problems.len(), 1, "{bad}: {report:?}");
        assert!(
            report.problems[0].what.starts_with("MAIL_TO"),
            "{bad}: {report:?}"
        );
    }
}

#[test]
fn both_contact_limiters_are_required() {
    // The repository's file without the site-wide limiter: its name is said, with the fix.
    let text = complete();
    let start = text
        .find("name = \"CONTACT_SITE_LIMITER\"")
        .expect("the site limiter in wrangler.toml");
    let without = text.replacen(
        &text[start..start + "name = \"CONTACT_SITE_LIMITER\"".len()],
        "name = \"OTHER_LIMITER\"",
        1,
    );
    let r = deploy_check(&without, None);
    assert_eq!((r.code, r.count("✗")), (1, 1), "{r:?}");
    assert!(r.says("ne s'appelle CONTACT_SITE_LIMITER"), "{r:?}");
    let r = deploy_check(&complete(), None);
    assert!(
        r.says("limiteur CONTACT_SITE_LIMITER : namespace_id 1002"),
        "{r:?}"
    );
}
