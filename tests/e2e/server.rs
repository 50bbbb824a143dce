//! Starts the real Worker under `wrangler dev` (workerd, local D1) on a free loopback port,
//! with its own D1 state, and always stops it (its whole process group) when dropped.
//!
//! The Worker runs with `--test-scheduled` (`GET /__scheduled` runs its Cron Trigger) and,
//! unless a test asks for wrangler.toml as it is, with a copy of wrangler.toml whose
//! site-wide message limit is out of reach: the tests post hundreds of messages a minute
//! (bursts, latency), which the production limit is there to refuse. The one test of that
//! limit starts its own Worker with the real configuration.

use std::fs;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Server {
    pub port: u16,
    pub state: PathBuf,
    pub log: PathBuf,
    /// The generated wrangler configuration, removed with the server.
    config: Option<PathBuf>,
    child: Child,
}

/// The site-wide limit of the generated configuration: no test run comes near it.
const RELAXED_SITE_LIMIT: i64 = 1_000_000;

/// The wrangler configuration a server runs with.
enum Config<'a> {
    /// wrangler.toml with the site-wide contact limit out of reach (generated, then removed).
    Relaxed,
    /// wrangler.toml as it is deployed.
    AsDeployed,
    /// The caller's file.
    File(&'a Path),
}

/// Which Worker a server runs: the release build of `build/` (what `make deploy` uploads), or
/// a test build with extra cargo features in its own folder, so that `build/` never holds it.
pub struct Variant {
    /// Names the log (`target/e2e/wrangler-NAME.log`) and the build folder.
    pub name: &'static str,
    /// Cargo features, passed to `scripts/build` (and so to wrangler's build) as OIM_FEATURES.
    pub features: &'static str,
}

impl Variant {
    pub const RELEASE: Variant = Variant {
        name: "",
        features: "",
    };

    /// `None` for the release build (wrangler.toml's `main`), else its own folder. The release
    /// build goes to `OIM_OUT_DIR` when it is set (`make test-growth`: a growth corpus is never
    /// built into build/, which `make deploy` uploads).
    fn out_dir(&self) -> Option<String> {
        if self.name.is_empty() {
            return std::env::var("OIM_OUT_DIR")
                .ok()
                .filter(|d| !d.is_empty() && d.trim_end_matches('/') != "build");
        }
        Some(format!("target/e2e/build-{}", self.name))
    }

    fn env(&self, cmd: &mut Command) {
        if let Some(out) = self.out_dir() {
            cmd.env("OIM_OUT_DIR", out)
                .env("OIM_FEATURES", self.features);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn npx(args: &[&str]) -> Command {
    let mut cmd = Command::new("npx");
    cmd.args(args)
        .current_dir(root())
        .env("WRANGLER_SEND_METRICS", "false")
        .env("CI", "1");
    cmd
}

impl Server {
    pub fn start() -> Result<Server, String> {
        Server::start_variant(&Variant::RELEASE)
    }

    pub fn start_variant(variant: &Variant) -> Result<Server, String> {
        Server::launch(variant, variant.name, &[], Config::Relaxed)
    }

    /// The release build under its own state and log (`label`), with extra `--var NAME:VALUE`
    /// bindings (the Turnstile test).
    pub fn start_with(label: &str, vars: &[(&str, &str)]) -> Result<Server, String> {
        Server::launch(&Variant::RELEASE, label, vars, Config::Relaxed)
    }

    /// The release build under another wrangler configuration (written by the caller; its
    /// paths absolute, since wrangler reads them from the config's folder).
    pub fn start_with_config(label: &str, config: &Path) -> Result<Server, String> {
        Server::launch(&Variant::RELEASE, label, &[], Config::File(config))
    }

    /// The release build with wrangler.toml exactly as it is deployed (every limit as set).
    pub fn start_as_deployed(label: &str) -> Result<Server, String> {
        Server::launch(&Variant::RELEASE, label, &[], Config::AsDeployed)
    }

    /// wrangler.toml with the site-wide limit out of reach, next to it (its relative paths
    /// stay right), named after the run.
    fn relaxed_config(label: &str) -> Result<PathBuf, String> {
        let text = fs::read_to_string(root().join("wrangler.toml")).map_err(|e| e.to_string())?;
        let mut config: toml::Table = text.parse().map_err(|e| format!("wrangler.toml: {e}"))?;
        let limits = config
            .get_mut("ratelimits")
            .and_then(|v| v.as_array_mut())
            .ok_or("wrangler.toml has no [[ratelimits]]")?;
        let site = limits
            .iter_mut()
            .filter_map(|l| l.as_table_mut())
            .find(|l| l.get("name").and_then(|n| n.as_str()) == Some("CONTACT_SITE_LIMITER"))
            .ok_or("wrangler.toml has no CONTACT_SITE_LIMITER")?;
        let simple = site
            .get_mut("simple")
            .and_then(|v| v.as_table_mut())
            .ok_or("CONTACT_SITE_LIMITER has no `simple`")?;
        simple.insert("limit".into(), toml::Value::Integer(RELAXED_SITE_LIMIT));
        let path = root().join(format!(".wrangler-e2e-{label}-{}.toml", std::process::id()));
        fs::write(&path, toml::to_string(&config).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
        Ok(path)
    }

    fn launch(
        variant: &Variant,
        label: &str,
        vars: &[(&str, &str)],
        config: Config,
    ) -> Result<Server, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let dir = root().join("target/e2e");
        let suffix = if label.is_empty() {
            String::new()
        } else {
            format!("-{label}")
        };
        let state = dir.join(format!("state{suffix}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&state);
        fs::create_dir_all(&state).map_err(|e| e.to_string())?;
        let log = dir.join(format!("wrangler{suffix}.log"));

        // A test build is compiled here, before wrangler starts, so that its compile time does
        // not count against the start-up timeout (wrangler's own build then finds it ready).
        if variant.out_dir().is_some() {
            let mut build = Command::new(root().join("scripts/build"));
            build.current_dir(root());
            variant.env(&mut build);
            let out = build
                .output()
                .map_err(|e| format!("cannot run scripts/build: {e}"))?;
            if !out.status.success() {
                return Err(format!(
                    "scripts/build ({}) failed:\n{}",
                    variant.features,
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }

        let state_arg = state.to_string_lossy().into_owned();
        let out = npx(&[
            "wrangler",
            "d1",
            "migrations",
            "apply",
            "DB",
            "--local",
            "--persist-to",
            &state_arg,
        ])
        .output()
        .map_err(|e| format!("cannot run npx: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "migrations failed:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }

        let log_file = fs::File::create(&log).map_err(|e| e.to_string())?;
        let err_file = log_file.try_clone().map_err(|e| e.to_string())?;
        let port_arg = port.to_string();
        let script = variant.out_dir().map(|out| format!("{out}/index.js"));
        // A generated configuration is removed with the server; the caller's is not ours.
        let (config, config_arg) = match config {
            Config::Relaxed => {
                let path = Server::relaxed_config(if label.is_empty() { "main" } else { label })?;
                let arg = path.to_string_lossy().into_owned();
                (Some(path), Some(arg))
            }
            Config::AsDeployed => (None, None),
            Config::File(path) => (None, Some(path.to_string_lossy().into_owned())),
        };
        let assets = variant.out_dir().map(|out| format!("{out}/public"));
        let mut args = vec!["wrangler", "dev"];
        // A positional script overrides wrangler.toml's `main` (build/index.js), `--assets` its
        // `[assets] directory` (build/public: the sitemap and feeds of the same build).
        args.extend(script.as_deref());
        if let Some(config) = config_arg.as_deref() {
            args.extend(["--config", config]);
        }
        if let Some(assets) = assets.as_deref() {
            args.extend(["--assets", assets]);
        }
        args.extend([
            "--ip",
            "127.0.0.1",
            "--port",
            &port_arg,
            "--persist-to",
            &state_arg,
            "--show-interactive-dev-session=false",
            // `GET /__scheduled` runs the `scheduled` handler (the retention test).
            "--test-scheduled",
        ]);
        let var_args: Vec<String> = vars
            .iter()
            .flat_map(|(k, v)| ["--var".to_string(), format!("{k}:{v}")])
            .collect();
        args.extend(var_args.iter().map(String::as_str));
        let mut cmd = npx(&args);
        variant.env(&mut cmd);
        let child = cmd
            .stdin(Stdio::null())
            .stdout(log_file)
            .stderr(err_file)
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start wrangler dev: {e}"))?;
        let mut server = Server {
            port,
            state,
            log,
            config,
            child,
        };
        server.wait_ready()?;
        Ok(server)
    }

    fn wait_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(240);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "wrangler dev exited ({status}):\n{}",
                    self.log_tail()
                ));
            }
            let probe = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
            if crate::http::raw(self.port, probe).is_ok_and(|r| r.status == 200) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(300));
        }
        Err(format!(
            "wrangler dev did not answer within 240 s:\n{}",
            self.log_tail()
        ))
    }

    pub fn log_text(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The log once it contains `text` (wrangler writes the Worker's lines a moment after the
    /// answer), or as it is after 10 s.
    pub fn log_with(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let log = self.log_text();
            if log.contains(text) || Instant::now() > deadline {
                return log;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn log_tail(&self) -> String {
        let text = self.log_text();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }

    /// Runs SQL against the Worker's local D1 and returns the result rows.
    pub fn sql(&self, query: &str) -> Vec<serde_json::Value> {
        let state = self.state.to_string_lossy().into_owned();
        let out = npx(&[
            "wrangler",
            "d1",
            "execute",
            "DB",
            "--local",
            "--persist-to",
            &state,
            "--json",
            "--command",
            query,
        ])
        .output()
        .expect("run wrangler d1 execute");
        assert!(
            out.status.success(),
            "d1 execute failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("d1 json");
        value[0]["results"].as_array().cloned().unwrap_or_default()
    }

    /// The number of stored messages whose text contains `marker`.
    pub fn count_messages(&self, marker: &str) -> u64 {
        assert!(
            marker
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-'),
            "plain markers only"
        );
        let rows = self.sql(&format!(
            "SELECT count(*) AS n FROM messages WHERE message LIKE '%{marker}%'"
        ));
        rows[0]["n"].as_u64().expect("count")
    }

    /// Paths of the mail files wrangler wrote so far (it logs each one).
    pub fn mail_files(&self) -> Vec<PathBuf> {
        self.log_text()
            .split_whitespace()
            .filter(|w| w.ends_with(".eml"))
            .map(PathBuf::from)
            .filter(|p| Path::new(p).exists())
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // The whole group: npx, wrangler, workerd and the build it may have started.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
        let _ = fs::remove_dir_all(&self.state);
        if let Some(config) = &self.config {
            let _ = fs::remove_file(config);
        }
    }
}
