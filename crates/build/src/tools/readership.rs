//! `make readership`: the most read pages of the last days, per language, from the page views
//! the Worker writes into Workers Analytics Engine (see `src/readership.rs` at the root for
//! the data point: `blob1` path, `blob2` language, `blob3` country, `blob4` 200 or 304).
//!
//! Three steps, so that the network is the script's (`scripts/readership`, with curl) and
//! everything else is tested here: [`sql`] writes the query for the Analytics Engine SQL API,
//! [`parse`] reads its JSON answer, [`report`] prints the table.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// The binding of the page views' dataset in wrangler.toml.
pub const BINDING: &str = "READERSHIP";

/// The dataset bound as [`BINDING`] in a wrangler.toml: the table the SQL API reads.
pub fn dataset_in(wrangler_toml: &Path) -> Result<String, String> {
    let where_ = wrangler_toml.display();
    let text = std::fs::read_to_string(wrangler_toml).map_err(|e| format!("{where_}: {e}"))?;
    let value: toml::Table =
        toml::from_str(&text).map_err(|e| format!("{where_}: not valid TOML: {e}"))?;
    value
        .get("analytics_engine_datasets")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .find(|d| d.get("binding").and_then(|b| b.as_str()) == Some(BINDING))
        // Without `dataset`, Cloudflare names the dataset after the binding.
        .map(|d| {
            d.get("dataset")
                .and_then(|s| s.as_str())
                .unwrap_or(BINDING)
                .to_string()
        })
        .ok_or_else(|| {
            format!("{where_}: no [[analytics_engine_datasets]] with binding = \"{BINDING}\"")
        })
}

/// The query: page views of the last `days` days per language, page and status. Each row of a
/// sampled dataset stands for `_sample_interval` views, hence the sum rather than a count.
/// The top pages of each language are picked by [`report`]: the SQL API has no window
/// functions, and a site's pages fit in one answer.
pub fn sql(dataset: &str, days: u32) -> Result<String, String> {
    let valid = !dataset.is_empty()
        && dataset
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !valid {
        return Err(format!(
            "dataset name {dataset:?}: only letters, digits and _ are expected"
        ));
    }
    if days == 0 || days > 90 {
        // Analytics Engine keeps data for three months.
        return Err(format!("{days} days: between 1 and 90"));
    }
    Ok(format!(
        "SELECT blob2 AS lang, blob1 AS path, blob4 AS status, SUM(_sample_interval) AS views \
         FROM {dataset} \
         WHERE timestamp > NOW() - INTERVAL '{days}' DAY \
         GROUP BY lang, path, status \
         ORDER BY views DESC \
         LIMIT 100000 \
         FORMAT JSON"
    ))
}

/// The views of one page over the period.
#[derive(Debug, Clone, PartialEq)]
pub struct PageViews {
    pub lang: String,
    pub path: String,
    /// Every view, 200 and 304.
    pub views: f64,
    /// Of which answered 304 (the visitor's browser still had the page).
    pub revalidated: f64,
}

/// Reads the SQL API's answer (`FORMAT JSON`: `{"meta": […], "data": [{…}], "rows": n}`) into
/// one entry per page. Numbers may come as JSON numbers or as strings (64-bit integers are
/// quoted by the API's JSON format).
pub fn parse(answer: &str) -> Result<Vec<PageViews>, String> {
    let value: serde_json::Value = serde_json::from_str(answer).map_err(|e| {
        let start: String = answer.chars().take(300).collect();
        format!("the SQL API's answer is not JSON ({e}): {start}")
    })?;
    let Some(rows) = value.get("data").and_then(|d| d.as_array()) else {
        return Err(format!("the SQL API's answer has no \"data\": {value}"));
    };
    let mut pages: BTreeMap<(String, String), PageViews> = BTreeMap::new();
    for row in rows {
        let text = |key: &str| {
            row.get(key)
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .ok_or_else(|| format!("a row without {key:?}: {row}"))
        };
        let (lang, path, status) = (text("lang")?, text("path")?, text("status")?);
        let views = match row.get("views") {
            Some(serde_json::Value::Number(n)) => n.as_f64(),
            Some(serde_json::Value::String(s)) => s.parse::<f64>().ok(),
            _ => None,
        }
        .ok_or_else(|| format!("a row without a number of views: {row}"))?;
        let entry = pages
            .entry((lang.clone(), path.clone()))
            .or_insert(PageViews {
                lang,
                path,
                views: 0.0,
                revalidated: 0.0,
            });
        entry.views += views;
        if status == "304" {
            entry.revalidated += views;
        }
    }
    Ok(pages.into_values().collect())
}

/// The `top` most read pages of each language, French first, most read first (then by path).
pub fn report(pages: &[PageViews], top: usize, days: u32) -> String {
    let mut out = format!(
        "Most read pages of the last {days} days, per language (page views counted at the edge:\n\
         no cookie, no personal data; robots and previews are not counted).\n"
    );
    if pages.is_empty() {
        out.push_str("\nNo page view recorded in that period.\n");
        return out;
    }
    let mut langs: Vec<&str> = pages.iter().map(|p| p.lang.as_str()).collect();
    langs.sort_by_key(|l| (["fr", "ar", "en"].iter().position(|x| x == l), *l));
    langs.dedup();
    for lang in langs {
        let mut of_lang: Vec<&PageViews> = pages.iter().filter(|p| p.lang == lang).collect();
        of_lang.sort_by(|a, b| b.views.total_cmp(&a.views).then(a.path.cmp(&b.path)));
        let total: f64 = of_lang.iter().map(|p| p.views).sum();
        let _ = write!(
            out,
            "\n{lang}: {} views of {} pages\n  {:>8}  {:>8}  page\n",
            round(total),
            of_lang.len(),
            "views",
            "of 304"
        );
        for p in of_lang.iter().take(top) {
            let _ = writeln!(
                out,
                "  {:>8}  {:>8}  {}",
                round(p.views),
                round(p.revalidated),
                p.path
            );
        }
    }
    out
}

/// Sampled sums are whole in practice; a fraction would only be noise in a table of views.
fn round(n: f64) -> String {
    format!("{:.0}", n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An answer of the SQL API in its JSON format, with numbers both quoted and not.
    const ANSWER: &str = include_str!("../../tests/fixtures/readership-answer.json");

    #[test]
    fn the_query_sums_sample_intervals_per_language_page_and_status_over_the_period() {
        let q = sql("oim_maroc_readership", 30).expect("sql");
        assert_eq!(
            q,
            "SELECT blob2 AS lang, blob1 AS path, blob4 AS status, SUM(_sample_interval) AS views \
             FROM oim_maroc_readership WHERE timestamp > NOW() - INTERVAL '30' DAY \
             GROUP BY lang, path, status ORDER BY views DESC LIMIT 100000 FORMAT JSON"
        );
        assert!(sql("oim_maroc_readership", 7)
            .expect("sql")
            .contains("INTERVAL '7' DAY"));
    }

    #[test]
    fn the_query_refuses_odd_dataset_names_and_periods() {
        for name in ["", "views; DROP TABLE x", "vues-2026", "a b"] {
            assert!(sql(name, 30).is_err(), "{name}");
        }
        assert!(sql("views", 0).is_err());
        assert!(sql("views", 91).is_err());
    }

    #[test]
    fn the_dataset_is_read_from_the_project_s_wrangler_toml() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        assert_eq!(
            dataset_in(&root.join("wrangler.toml")),
            Ok("oim_maroc_readership".to_string())
        );
    }

    #[test]
    fn a_recorded_answer_becomes_one_entry_per_page_with_its_304s() {
        let pages = parse(ANSWER).expect("parse");
        let salemm = pages
            .iter()
            .find(|p| p.path == "/actualites/salemm/")
            .expect("salemm");
        assert_eq!((salemm.views, salemm.revalidated), (412.0 + 38.0, 38.0));
        let ar_home = pages.iter().find(|p| p.path == "/ar/").expect("ar home");
        assert_eq!((ar_home.views, ar_home.revalidated), (96.0, 0.0));
        assert_eq!(pages.len(), 8);
    }

    #[test]
    fn the_report_lists_the_most_read_pages_of_each_language_french_first() {
        let pages = parse(ANSWER).expect("parse");
        let text = report(&pages, 2, 30);
        let expected = [
            "",
            "fr: 770 views of 4 pages",
            "     views    of 304  page",
            "       450        38  /actualites/salemm/",
            "       200        10  /",
            "",
            "ar: 126 views of 2 pages",
            "     views    of 304  page",
            "        96         0  /ar/",
            "        30         0  /ar/actualites/salemm/",
            "",
            "en: 64 views of 2 pages",
            "     views    of 304  page",
            "        40         4  /en/",
            "        24         0  /en/news/salemm/",
            "",
        ]
        .join("\n");
        assert!(text.ends_with(&expected), "{text}");
        assert!(text.starts_with("Most read pages of the last 30 days"));
    }

    #[test]
    fn an_empty_period_says_so() {
        let pages = parse(r#"{"meta":[],"data":[],"rows":0}"#).expect("parse");
        assert!(report(&pages, 10, 30).contains("No page view recorded"));
    }

    #[test]
    fn an_error_answer_is_reported_with_its_text() {
        let e = parse("Authentication error").expect_err("not JSON");
        assert!(e.contains("Authentication error"), "{e}");
        let e = parse(r#"{"errors":[{"code":10000,"message":"Authentication error"}]}"#)
            .expect_err("no data");
        assert!(e.contains("Authentication error"), "{e}");
        let e =
            parse(r#"{"data":[{"lang":"fr","path":"/","status":"200"}]}"#).expect_err("no views");
        assert!(e.contains("number of views"), "{e}");
    }
}
