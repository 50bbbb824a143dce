//! `oim deploy-check` (`scripts/deploy-check`): whether wrangler.toml is ready for production,
//! offline, before `make preview`, `make publish` and `make deploy`. Each missing item is said
//! with what it is and the exact command or edit that fixes it.
//!
//! Problems (exit 1): the D1 `database_id`, `SITE_URL` (https, public; the `SITE_URL`
//! environment variable overrides `[vars]`, as for the build), `MAIL_FROM`/`MAIL_TO` (not on an
//! example domain), the rate limiters, the `send_email` binding, the assets folder, and the
//! syntax of `[triggers] crons` (wrangler's dry runs do not check it). Warnings (exit 0):
//! Turnstile, which this check can only judge from `TURNSTILE_SITE_KEY` since secrets are not
//! in the file; the `workers.dev` address of the production Worker; a public domain that no
//! route of the file serves.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use croner::parser::{CronParser, Seconds, Year};
use serde::Deserialize;
use toml::{Spanned, Value};

use super::shown;

/// The example id of the D1 database in the repository's wrangler.toml.
pub const PLACEHOLDER_ID: &str = "00000000-0000-0000-0000-000000000000";

/// The rate-limiting bindings the Worker reads: per client, and for the whole site.
pub const LIMITERS: &[&str] = &["CONTACT_LIMITER", "CONTACT_SITE_LIMITER"];

/// What the check found: problems to fix before a deploy, warnings, and what is ready.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub problems: Vec<Item>,
    pub warnings: Vec<Item>,
    pub good: Vec<String>,
}

/// One finding: what is wrong, then the lines that fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub what: String,
    pub fix: Vec<String>,
}

type Entry = BTreeMap<String, Spanned<Value>>;

/// The parts of wrangler.toml that production depends on; everything else is wrangler's.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Wrangler {
    name: Option<String>,
    workers_dev: Option<Spanned<Value>>,
    route: Option<Spanned<Value>>,
    routes: Option<Spanned<Value>>,
    vars: Entry,
    d1_databases: Vec<Spanned<Entry>>,
    ratelimits: Vec<Spanned<Entry>>,
    send_email: Vec<Spanned<Entry>>,
    assets: Option<Spanned<Entry>>,
    triggers: Option<Spanned<Entry>>,
}

/// The checks over one file.
struct Check<'a> {
    text: &'a str,
    /// The file as the user knows it: `wrangler.toml`.
    shown: &'a str,
    report: Report,
}

/// Checks the text of a wrangler.toml, named `shown` in messages. `site_url_env` is the
/// `SITE_URL` environment variable, which wins over `[vars]` as it does for the build.
pub fn check(text: &str, shown: &str, site_url_env: Option<&str>) -> Report {
    let mut c = Check {
        text,
        shown,
        report: Report::default(),
    };
    let config: Wrangler = match toml::from_str(text) {
        Ok(config) => config,
        Err(e) => {
            let at = e.span().map_or(shown.to_string(), |s| c.at_offset(s.start));
            c.problem(
                format!(
                    "{shown} n'est pas un fichier TOML valide ({at}) : {}",
                    e.message().trim()
                ),
                vec![
                    "Corrigez la ligne indiquée (npx wrangler deploy --dry-run en dit autant)."
                        .into(),
                ],
            );
            return c.report;
        }
    };
    c.d1(&config.d1_databases);
    let site_url = c.site_url(config.vars.get("SITE_URL"), site_url_env);
    c.mail(
        &config.vars,
        "MAIL_FROM",
        "expéditeur des notifications du formulaire",
        "MAIL_FROM = \"site@<votre domaine>\"  (une adresse d'un domaine où Cloudflare Email Routing est activé)",
    );
    c.mail(
        &config.vars,
        "MAIL_TO",
        "destinataire des messages du formulaire",
        "MAIL_TO = \"<adresse de l'équipe>\"  (une adresse de destination vérifiée dans Email Routing)",
    );
    c.rate_limits(&config.ratelimits);
    c.email_binding(&config.send_email);
    c.assets(config.assets.as_ref());
    c.crons(config.triggers.as_ref());
    c.turnstile(config.vars.get("TURNSTILE_SITE_KEY"));
    c.workers_dev(&config, site_url.as_deref());
    c.report
}

impl Report {
    /// Nothing required is missing (warnings allowed).
    pub fn is_complete(&self) -> bool {
        self.problems.is_empty()
    }

    /// The report as printed: problems and warnings with their fixes, or what is ready.
    pub fn render(&self, shown: &str) -> String {
        let mut out = Vec::new();
        let item = |out: &mut Vec<String>, mark: &str, i: &Item| {
            out.push(format!("{mark} {}", i.what));
            out.extend(i.fix.iter().map(|l| format!("    {l}")));
        };
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n > 1 { "s" } else { "" });
        if self.is_complete() {
            out.push(format!("Configuration de production complète ({shown}) :"));
            out.extend(self.good.iter().map(|g| format!("  ✓ {g}")));
        } else {
            out.push(format!(
                "Configuration de production incomplète ({shown}) :"
            ));
            out.push(String::new());
            for p in &self.problems {
                item(&mut out, "✗", p);
            }
        }
        if !self.warnings.is_empty() {
            out.push(String::new());
            for w in &self.warnings {
                item(&mut out, "!", w);
            }
        }
        if !self.is_complete() {
            let warnings = if self.warnings.is_empty() {
                String::new()
            } else {
                format!(", {}", plural(self.warnings.len(), "avertissement"))
            };
            out.push(String::new());
            out.push(format!(
                "{} à corriger avant « wrangler deploy »{warnings} (voir docs/deploy.md et README.md, « First deploy »).",
                plural(self.problems.len(), "problème")
            ));
        }
        out.join("\n") + "\n"
    }
}

impl Check<'_> {
    fn problem(&mut self, what: String, fix: Vec<String>) {
        self.report.problems.push(Item { what, fix });
    }

    fn warning(&mut self, what: String, fix: Vec<String>) {
        self.report.warnings.push(Item { what, fix });
    }

    /// `wrangler.toml:12`: where a byte offset of the file is.
    fn at_offset(&self, offset: usize) -> String {
        let line = self.text[..offset.min(self.text.len())]
            .matches('\n')
            .count()
            + 1;
        format!("{}:{line}", self.shown)
    }

    fn at<T>(&self, spanned: Option<&Spanned<T>>) -> String {
        spanned.map_or(self.shown.to_string(), |s| self.at_offset(s.span().start))
    }

    fn d1(&mut self, dbs: &[Spanned<Entry>]) {
        let Some(db) = dbs
            .iter()
            .find(|d| str_of(d.get_ref().get("binding")) == Some("DB"))
        else {
            let shown = self.shown;
            self.problem(
                format!("Base D1 (messages du formulaire de contact) : aucune section [[d1_databases]] avec binding = \"DB\" dans {shown}."),
                vec![
                    "Créez la base :  npx wrangler d1 create oim-maroc".into(),
                    format!("puis ajoutez à {shown} :"),
                    "  [[d1_databases]]".into(),
                    "  binding = \"DB\"".into(),
                    "  database_name = \"oim-maroc\"".into(),
                    "  database_id = \"<l'identifiant affiché par la commande>\"".into(),
                    "  migrations_dir = \"migrations\"".into(),
                    "puis créez les tables :  npx wrangler d1 migrations apply DB --remote".into(),
                ],
            );
            return;
        };
        let entry = db.get_ref();
        let id_value = entry.get("database_id");
        let id = str_of(id_value).unwrap_or("").trim();
        let why = if id.is_empty() {
            Some("database_id est absent ou vide".to_string())
        } else if id == PLACEHOLDER_ID {
            Some(format!(
                "database_id est encore l'identifiant d'exemple {PLACEHOLDER_ID}"
            ))
        } else if !is_uuid(id) {
            Some(format!("database_id = \"{id}\" n'a pas la forme d'un identifiant D1 (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)"))
        } else {
            None
        };
        match why {
            Some(why) => {
                let at = if id_value.is_some() {
                    self.at(id_value)
                } else {
                    self.at(Some(db))
                };
                let shown = self.shown;
                self.problem(
                    format!("Base D1 (messages du formulaire de contact) : {why} ({at})."),
                    vec![
                        "Créez la base de production :  npx wrangler d1 create oim-maroc".into(),
                        "  (si elle existe déjà, son identifiant est affiché par :  npx wrangler d1 list)".into(),
                        format!("puis, dans {shown}, section [[d1_databases]] :  database_id = \"<l'identifiant affiché>\""),
                        "puis créez les tables :  npx wrangler d1 migrations apply DB --remote".into(),
                    ],
                );
            }
            None => {
                let name = str_of(entry.get("database_name")).unwrap_or("DB");
                self.report.good.push(format!("base D1 « {name} » : {id}"));
            }
        }
    }

    /// Checks SITE_URL; returns it when it is a usable public address.
    fn site_url(&mut self, entry: Option<&Spanned<Value>>, env: Option<&str>) -> Option<String> {
        let env = env.map(str::trim).filter(|v| !v.is_empty());
        let value = env.unwrap_or_else(|| str_of(entry).unwrap_or("").trim());
        let source = if env.is_some() {
            "variable d'environnement SITE_URL".to_string()
        } else {
            self.at(entry)
        };
        let why = site_url_problem(value);
        if let Some(why) = why {
            let shown = self.shown;
            self.problem(
                format!("SITE_URL (adresse publique, pour les liens canoniques et le plan du site) : {why} ({source})."),
                vec![
                    format!("Dans {shown}, section [vars] :  SITE_URL = \"https://<adresse publique du site>\""),
                    "  (ou, pour une seule publication :  SITE_URL=https://<adresse publique> make deploy ;".into(),
                    "   dans GitHub Actions : la variable de dépôt SITE_URL)".into(),
                ],
            );
            return None;
        }
        let note = if env.is_some() {
            " (variable d'environnement)"
        } else {
            ""
        };
        self.report.good.push(format!("SITE_URL : {value}{note}"));
        Some(value.to_string())
    }

    fn mail(&mut self, vars: &Entry, key: &str, role: &str, fix: &str) {
        let entry = vars.get(key);
        let value = str_of(entry).unwrap_or("").trim();
        let why = if value.is_empty() {
            Some("absente ou vide".to_string())
        } else {
            match email_domain(value) {
                None => Some(format!("« {value} » n'est pas une adresse e-mail")),
                Some(domain) if is_placeholder_domain(domain) => Some(format!(
                    "« {value} » est sur un domaine d'exemple ({domain})"
                )),
                Some(_) => None,
            }
        };
        match why {
            Some(why) => {
                let at = self.at(entry);
                let shown = self.shown;
                self.problem(
                    format!("{key} ({role}) : {why} ({at})."),
                    vec![format!("Dans {shown}, section [vars] :  {fix}")],
                );
            }
            None => self.report.good.push(format!("{key} : {value}")),
        }
    }

    fn rate_limits(&mut self, limits: &[Spanned<Entry>]) {
        let shown = self.shown;
        let block = |name: &str, ns: u32, limit: u32| {
            vec![
                "  [[ratelimits]]".to_string(),
                format!("  name = \"{name}\""),
                format!("  namespace_id = \"{ns}\"      # un entier positif, propre à ce Worker dans le compte"),
                format!("  simple = {{ limit = {limit}, period = 60 }}"),
            ]
        };
        if limits.is_empty() {
            let mut fix = vec![format!("Ajoutez à {shown} :")];
            fix.extend(block(LIMITERS[0], 1001, 5));
            fix.extend(block(LIMITERS[1], 1002, 20));
            self.problem(
                format!("Limiteur du formulaire de contact : aucune section [[ratelimits]] dans {shown}."),
                fix,
            );
            return;
        }
        for name in LIMITERS {
            if !limits
                .iter()
                .any(|l| str_of(l.get_ref().get("name")) == Some(name))
            {
                let at = self.at(limits.first());
                self.problem(
                    format!("Limiteur du formulaire de contact : aucune section [[ratelimits]] ne s'appelle {name} (le nom que lit le Worker) ({at})."),
                    vec![format!("Dans la section [[ratelimits]] du formulaire :  name = \"{name}\"")],
                );
            }
        }
        let mut namespaces: BTreeMap<String, String> = BTreeMap::new();
        for limit in limits {
            let entry = limit.get_ref();
            let name = str_of(entry.get("name")).unwrap_or("(sans nom)");
            let ns_value = entry.get("namespace_id");
            let ns = match ns_value.map(Spanned::get_ref) {
                Some(Value::String(s)) => s.trim().to_string(),
                Some(Value::Integer(i)) => i.to_string(),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            let positive = ns.starts_with(|c: char| ('1'..='9').contains(&c))
                && ns.bytes().all(|b| b.is_ascii_digit());
            if !positive {
                let why = if ns.is_empty() {
                    "manque".to_string()
                } else {
                    format!("« {ns} » n'est pas un entier positif")
                };
                let at = if ns_value.is_some() {
                    self.at(ns_value)
                } else {
                    self.at(Some(limit))
                };
                self.problem(
                    format!("Limiteur {name} : namespace_id {why} dans [[ratelimits]] ({at})."),
                    vec![format!("Dans la section [[ratelimits]] de {shown} :  namespace_id = \"1001\"  (un entier positif, propre à ce Worker)")],
                );
                continue;
            }
            if let Some(other) = namespaces.insert(ns.clone(), name.to_string()) {
                let at = self.at(ns_value);
                self.warning(
                    format!("Limiteurs {other} et {name} : même namespace_id {ns} ({at}) ; ils partagent alors leurs compteurs."),
                    vec![format!("Donnez à {name} son propre namespace_id (un autre entier positif).")],
                );
            }
            if LIMITERS.contains(&name) {
                self.report
                    .good
                    .push(format!("limiteur {name} : namespace_id {ns}"));
            }
        }
    }

    fn email_binding(&mut self, bindings: &[Spanned<Entry>]) {
        if bindings
            .iter()
            .any(|b| str_of(b.get_ref().get("name")) == Some("EMAIL"))
        {
            self.report
                .good
                .push("liaison e-mail EMAIL ([[send_email]])".into());
            return;
        }
        let shown = self.shown;
        self.problem(
            format!(
                "E-mail de notification : pas de liaison [[send_email]] nommée EMAIL dans {shown}."
            ),
            vec![
                format!("Ajoutez à {shown} :"),
                "  [[send_email]]".into(),
                "  name = \"EMAIL\"".into(),
            ],
        );
    }

    fn assets(&mut self, assets: Option<&Spanned<Entry>>) {
        let dir_value = assets.and_then(|a| a.get_ref().get("directory"));
        let dir = str_of(dir_value).unwrap_or("").trim();
        let dir = dir.strip_prefix("./").unwrap_or(dir);
        let dir = dir.strip_suffix('/').unwrap_or(dir);
        if dir == "build/public" {
            self.report
                .good
                .push("fichiers statiques : [assets] directory = \"build/public\"".into());
            return;
        }
        let what = match assets {
            None => "pas de section [assets]".to_string(),
            Some(_) => format!(
                "[assets] directory vaut « {} »",
                if dir.is_empty() { "(vide)" } else { dir }
            ),
        };
        let at = if dir_value.is_some() {
            self.at(dir_value)
        } else {
            self.at(assets)
        };
        let shown = self.shown;
        self.problem(
            format!("Fichiers statiques (icônes, images) : {what} ({at})."),
            vec![
                format!("Dans {shown} :"),
                "  [assets]".into(),
                "  directory = \"build/public\"".into(),
            ],
        );
    }

    fn crons(&mut self, triggers: Option<&Spanned<Entry>>) {
        let Some(crons) = triggers.and_then(|t| t.get_ref().get("crons")) else {
            return;
        };
        let Value::Array(list) = crons.get_ref() else {
            let at = self.at(Some(crons));
            self.problem(
                format!("Tâches planifiées : [triggers] crons doit être une liste ({at})."),
                vec!["Par exemple :  crons = [\"0 3 * * *\"]   (chaque jour à 3 h UTC)".into()],
            );
            return;
        };
        let at = self.at(Some(crons));
        for value in list {
            let Value::String(expr) = value else {
                self.problem(
                    format!("Tâches planifiées : {value} n'est pas une expression cron entre guillemets ({at})."),
                    vec!["Par exemple :  crons = [\"0 3 * * *\"]".into()],
                );
                continue;
            };
            match cron_schedule(expr) {
                Ok(when) => self.report.good.push(format!("tâche planifiée « {expr} » : {when}")),
                Err(why) => self.problem(
                    format!("Tâches planifiées : « {expr} » n'est pas une expression cron que Cloudflare accepte : {why} ({at})."),
                    vec![
                        "Cinq champs séparés par des espaces : minute (0-59), heure (0-23, UTC), jour du mois (1-31),".into(),
                        "mois (1-12 ou JAN-DEC), jour de la semaine (1-7 à partir du dimanche, ou SUN-SAT) ;".into(),
                        "par exemple  \"0 3 * * *\"  (chaque jour à 3 h UTC) ou  \"0 18 * * FRI#1\".".into(),
                    ],
                ),
            }
        }
    }

    fn turnstile(&mut self, key: Option<&Spanned<Value>>) {
        let site_key = str_of(key).unwrap_or("").trim();
        // The secret is not in the file (and stays unseen offline): the site key decides.
        if site_key.is_empty() {
            let at = self.at(key);
            self.warning(
                format!("Turnstile est désactivé : TURNSTILE_SITE_KEY est vide ({at}). Le formulaire n'est alors protégé que par le limiteur et le champ piège."),
                vec![
                    "Pour l'activer : créez un widget Turnstile (tableau de bord Cloudflare > Turnstile) pour le domaine du site,".into(),
                    "  mettez sa clé de site dans [vars] :  TURNSTILE_SITE_KEY = \"0x4AAAA…\"".into(),
                    "  et sa clé secrète :  npx wrangler secret put TURNSTILE_SECRET_KEY".into(),
                    "(Ce contrôle ne voit pas les secrets : si TURNSTILE_SECRET_KEY est déjà en place sans clé de site,".into(),
                    "  le formulaire refuse tous les messages ; voir  npx wrangler secret list.)".into(),
                ],
            );
        } else {
            self.warning(
                format!("Turnstile est activé (TURNSTILE_SITE_KEY = « {site_key} ») : sa clé secrète ne peut pas être vérifiée hors ligne ; sans elle, le widget n'est pas affiché et Turnstile reste désactivé."),
                vec![
                    "Si ce n'est pas déjà fait :  npx wrangler secret put TURNSTILE_SECRET_KEY".into(),
                    "  (la liste des secrets en place :  npx wrangler secret list)".into(),
                ],
            );
        }
    }

    /// The production Worker's `workers.dev` address, and the routes that serve SITE_URL.
    fn workers_dev(&mut self, config: &Wrangler, site_url: Option<&str>) {
        let shown = self.shown;
        let patterns = route_patterns(config);
        let explicit = match config.workers_dev.as_ref().map(Spanned::get_ref) {
            None => None,
            Some(Value::Boolean(b)) => Some(*b),
            Some(other) => {
                let at = self.at(config.workers_dev.as_ref());
                self.problem(
                    format!("workers_dev = {other} ({at}) : la valeur doit être true ou false."),
                    vec![format!("Dans {shown} :  workers_dev = false")],
                );
                return;
            }
        };
        // wrangler 4: absent, workers_dev is on when the file has no route.
        let on = explicit.unwrap_or(patterns.is_empty());
        let host = site_url
            .and_then(|u| url::Url::parse(u).ok())
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase));
        let site_on_workers_dev = host.as_deref().is_some_and(|h| h.ends_with(".workers.dev"));
        if on && (!patterns.is_empty() || !site_on_workers_dev) {
            let (how, at) = match explicit {
                Some(_) => ("workers_dev = true", self.at(config.workers_dev.as_ref())),
                None => (
                    "workers_dev est absent, donc activé (le fichier n'a pas de route)",
                    shown.to_string(),
                ),
            };
            let served = match (&host, patterns.is_empty()) {
                (Some(h), _) if !site_on_workers_dev => format!("https://{h}"),
                _ if !patterns.is_empty() => format!("ses routes ({})", patterns.join(", ")),
                _ => "l'adresse publique du site".to_string(),
            };
            let name = config.name.as_deref().unwrap_or("<nom du Worker>");
            self.warning(
                format!("{how} ({at}) : le Worker de production répond aussi sur https://{name}.<sous-domaine>.workers.dev, en plus de {served}. Cette adresse contourne le domaine personnalisé : ni son cache (Cache API) ni les réglages de sa zone (pare-feu, règles) ne s'y appliquent, et le site y existe en double."),
                vec![
                    format!("Dans {shown}, en tête :  workers_dev = false"),
                    "  et  preview_urls = true  pour garder les adresses d'aperçu de make preview (elles restent sur workers.dev).".into(),
                    "  Le domaine doit alors être servi par une route (routes = [...]) ou rattaché au Worker dans le tableau de bord :".into(),
                    "  sans l'un ni l'autre, le site ne répondrait plus nulle part.".into(),
                ],
            );
        }
        if let Some(h) = host.as_deref().filter(|_| !site_on_workers_dev) {
            if !patterns.iter().any(|p| pattern_serves(p, h)) {
                self.warning(
                    format!("SITE_URL est sur {h}, mais aucune route de {shown} ne sert ce domaine : le site n'y répond que si le domaine est rattaché au Worker dans le tableau de bord (Workers > Settings > Domains & Routes)."),
                    vec![
                        format!("Pour que make publish (wrangler triggers deploy) le tienne à jour, dans {shown}, en tête :"),
                        format!("  routes = [{{ pattern = \"{h}\", custom_domain = true }}]"),
                    ],
                );
            }
        }
    }
}

/// A string value, if it is one.
fn str_of(v: Option<&Spanned<Value>>) -> Option<&str> {
    v.and_then(|v| v.get_ref().as_str())
}

fn is_uuid(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// What is wrong with a SITE_URL for production, if anything.
pub fn site_url_problem(value: &str) -> Option<String> {
    if value.is_empty() {
        return Some("absente ou vide".into());
    }
    if value.contains(char::is_whitespace) {
        return Some(format!("« {value} » contient une espace"));
    }
    let Ok(url) = url::Url::parse(value) else {
        return Some(format!("« {value} » n'est pas une adresse web"));
    };
    let local = match url.host() {
        Some(url::Host::Domain(d)) => {
            let d = d.to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback() || ip.is_unspecified(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback() || ip.is_unspecified(),
        None => return Some(format!("« {value} » n'est pas une adresse web")),
    };
    if local {
        return Some(format!(
            "« {value} » est l'adresse locale de make dev, pas celle du site publié"
        ));
    }
    if url.scheme() != "https" {
        return Some(format!("« {value} » doit commencer par https://"));
    }
    if url.host_str().is_some_and(is_placeholder_domain) {
        return Some(format!("« {value} » est un domaine d'exemple"));
    }
    None
}

/// The domain of an e-mail address `local@domain.tld`, if it is one.
fn email_domain(value: &str) -> Option<&str> {
    let bad = |c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '@');
    let (local, domain) = value.split_once('@')?;
    let inner_dot = domain
        .char_indices()
        .any(|(i, c)| c == '.' && i > 0 && i + 1 < domain.len());
    (!local.is_empty() && !local.contains(bad) && !domain.contains(bad) && inner_dot)
        .then_some(domain)
}

/// Reserved for examples and tests (RFC 2606, RFC 6761): never a real site or mailbox.
pub fn is_placeholder_domain(domain: &str) -> bool {
    let d = domain.to_ascii_lowercase();
    let d = d.trim_end_matches('.');
    [".example", ".invalid", ".test", ".localhost"]
        .iter()
        .any(|tld| d.ends_with(tld))
        || d == "example"
        || ["example.com", "example.net", "example.org"]
            .iter()
            .any(|e| d == *e || d.ends_with(&format!(".{e}")))
}

/// When a cron expression of `[triggers] crons` first fires, as Cloudflare reads it (five
/// fields, minute to weekday, weekdays 1-7 from Sunday or SUN-SAT, `L`, `W` and `#`), or why
/// it cannot.
pub fn cron_schedule(expr: &str) -> Result<String, String> {
    // Cloudflare documents five fields and no `?` or `@daily`: refused here rather than at
    // publish time.
    if expr.contains(['@', '?']) {
        return Err("« @… » et « ? » ne font pas partie de la syntaxe de Cloudflare".into());
    }
    let parser = CronParser::builder()
        .seconds(Seconds::Disallowed)
        .year(Year::Disallowed)
        .alternative_weekdays(true)
        .build();
    let cron = parser.parse(expr).map_err(|e| e.to_string())?;
    let now = chrono::Utc::now();
    let next = cron
        .find_next_occurrence(&now, false)
        .map_err(|_| "elle ne se déclenche jamais (une date qui n'existe pas ?)".to_string())?;
    Ok(format!(
        "{} (UTC) ; prochaine fois le {}",
        cron.describe(),
        next.format("%Y-%m-%d à %H:%M UTC")
    ))
}

/// The patterns of `route` and `routes`: `"maroc.iom.int/*"` or `{ pattern = "…", … }`.
fn route_patterns(config: &Wrangler) -> Vec<String> {
    let pattern = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Table(t) => t.get("pattern").and_then(Value::as_str).map(str::to_string),
        _ => None,
    };
    let mut out: Vec<String> = config
        .route
        .iter()
        .filter_map(|r| pattern(r.get_ref()))
        .collect();
    if let Some(Value::Array(routes)) = config.routes.as_ref().map(Spanned::get_ref) {
        out.extend(routes.iter().filter_map(pattern));
    }
    out
}

/// Whether a route pattern (`maroc.iom.int/*`, `*.iom.int/*`, `https://maroc.iom.int`) serves
/// requests for `host`.
fn pattern_serves(pattern: &str, host: &str) -> bool {
    let p = pattern.trim().to_ascii_lowercase();
    let p = p
        .strip_prefix("https://")
        .or_else(|| p.strip_prefix("http://"))
        .unwrap_or(&p);
    let p_host = p.split('/').next().unwrap_or("");
    match p_host.strip_prefix('*') {
        Some(rest) => host.ends_with(rest),
        None => p_host == host,
    }
}

/// `oim deploy-check`: checks `WRANGLER_TOML` (default: wrangler.toml of the project) and
/// prints the report: on stdout when complete (exit 0), on stderr otherwise (exit 1).
pub fn run(root: &Path) -> ExitCode {
    let path = std::env::var_os("WRANGLER_TOML")
        .filter(|p| !p.is_empty())
        .map_or_else(|| root.join("wrangler.toml"), PathBuf::from);
    let shown_path = shown(&path);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("Erreur : impossible de lire {shown_path} ({e}).");
            return ExitCode::FAILURE;
        }
    };
    let site_url = std::env::var("SITE_URL").ok();
    let report = check(&text, &shown_path, site_url.as_deref());
    if report.is_complete() {
        print!("{}", report.render(&shown_path));
        ExitCode::SUCCESS
    } else {
        eprint!("{}", report.render(&shown_path));
        ExitCode::FAILURE
    }
}
