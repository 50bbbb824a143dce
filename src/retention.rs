//! How long contact messages are kept, and their deletion.
//!
//! [`RETENTION_MONTHS`] is the one setting: the privacy notice of the contact form writes it
//! (`contact/view.rs`, in each language's words) and the daily Cron Trigger (`[triggers]` in
//! wrangler.toml, the `scheduled` export of `edge.rs`) deletes what is older. The deletion is
//! here, pure but for the [`ContactStore`], so that native tests run it on the fake store.

use oim_site::dates::from_unix_days;
use oim_site::json::Obj;

use crate::services::ContactStore;

/// Messages are deleted once they are this many months old (the privacy notice says so).
pub const RETENTION_MONTHS: u32 = 12;

/// The oldest `created_at` a message may have at `now_ms` and still be kept: the same time,
/// [`RETENTION_MONTHS`] calendar months earlier (the last day of the month when that month is
/// shorter), written as D1 writes `created_at` (`2025-05-05T03:17:00.000Z`), so that the two
/// compare as strings.
pub fn cutoff(now_ms: i64, months: u32) -> String {
    let (days, ms_of_day) = (now_ms.div_euclid(86_400_000), now_ms.rem_euclid(86_400_000));
    let today = from_unix_days(days);
    let index = i64::from(today.year) * 12 + i64::from(today.month) - 1 - i64::from(months);
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
    let day = i64::from(today.day).min(days_in_month(year, month));
    let secs = ms_of_day / 1000;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        ms_of_day % 1000
    )
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// What the scheduled run did, for its log line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Deleted { cutoff: String, count: u64 },
    Failed { cutoff: String, error: String },
}

impl Outcome {
    /// One JSON line, like the requests' (no message content: only the count).
    pub fn log_line(&self) -> String {
        let obj = Obj::new().str("event", "retention");
        match self {
            Outcome::Deleted { cutoff, count } => obj
                .str("cutoff", cutoff)
                .int("deleted", i64::try_from(*count).unwrap_or(i64::MAX))
                .end(),
            Outcome::Failed { cutoff, error } => obj
                .str("cutoff", cutoff)
                .str("note", "retention-failed")
                .str("error", &crate::log::redact_addresses(error))
                .end(),
        }
    }
}

/// Deletes every message older than the retention period at `now_ms`.
pub async fn purge(store: &dyn ContactStore, now_ms: i64) -> Outcome {
    let cutoff = cutoff(now_ms, RETENTION_MONTHS);
    match store.delete_before(&cutoff).await {
        Ok(count) => Outcome::Deleted { cutoff, count },
        Err(e) => Outcome::Failed { cutoff, error: e.0 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::NewMessage;
    use crate::testing::{ready, FakeStore};

    /// Unix milliseconds of a UTC time written `2026-05-05T03:17:00.000Z`.
    fn ms(iso: &str) -> i64 {
        let n = |r: std::ops::Range<usize>| iso[r].parse::<i64>().expect("digits");
        let (y, m, d) = (n(0..4), n(5..7), n(8..10));
        // Days from civil (Howard Hinnant), the inverse of `from_unix_days`.
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        days * 86_400_000
            + n(11..13) * 3_600_000
            + n(14..16) * 60_000
            + n(17..19) * 1000
            + n(20..23)
    }

    #[test]
    fn the_cutoff_is_the_same_time_months_earlier() {
        assert_eq!(
            cutoff(ms("2026-05-05T03:17:09.123Z"), 12),
            "2025-05-05T03:17:09.123Z"
        );
        assert_eq!(
            cutoff(ms("2026-01-15T00:00:00.000Z"), 1),
            "2025-12-15T00:00:00.000Z"
        );
        assert_eq!(
            cutoff(ms("2026-03-31T12:00:00.000Z"), 1),
            "2026-02-28T12:00:00.000Z",
            "a shorter month ends earlier"
        );
        assert_eq!(
            cutoff(ms("2028-02-29T23:59:59.999Z"), 12),
            "2027-02-28T23:59:59.999Z"
        );
        assert_eq!(
            cutoff(ms("2025-02-28T08:00:00.000Z"), 48),
            "2021-02-28T08:00:00.000Z"
        );
        assert_eq!(
            cutoff(ms("2024-03-31T00:00:00.000Z"), 1),
            "2024-02-29T00:00:00.000Z",
            "leap year"
        );
    }

    #[test]
    fn the_cutoff_is_written_like_d1_writes_created_at() {
        // strftime('%Y-%m-%dT%H:%M:%fZ'): fixed widths, so that strings compare like times.
        let c = cutoff(ms("2026-05-05T03:07:09.004Z"), RETENTION_MONTHS);
        assert_eq!(c.len(), "2025-05-05T03:07:09.004Z".len());
        assert!(c.as_str() < "2025-05-05T03:07:09.005Z" && c.as_str() > "2025-05-05T03:07:09.003Z");
    }

    fn message(text: &str) -> NewMessage {
        NewMessage {
            reference: format!("ref-{text}"),
            name: "Amina".into(),
            email: "amina@exemple.ma".into(),
            subject: "autre".into(),
            message: text.into(),
            country: None,
            user_agent_hash: None,
            preview: false,
        }
    }

    #[test]
    fn purge_deletes_exactly_the_messages_older_than_the_retention_period() {
        let store = FakeStore::default();
        for (text, at) in [
            ("two-years", "2024-05-05T10:00:00.000Z"),
            ("thirteen-months", "2025-04-05T10:00:00.000Z"),
            ("a-second-too-old", "2025-05-05T09:59:59.999Z"),
            ("just-in-time", "2025-05-05T10:00:00.000Z"),
            ("eleven-months", "2025-06-05T10:00:00.000Z"),
            ("today", "2026-05-05T09:00:00.000Z"),
        ] {
            *store.stamp.borrow_mut() = at.to_string();
            ready(store.insert(&message(text))).expect("stored");
        }
        let outcome = ready(purge(&store, ms("2026-05-05T10:00:00.000Z")));
        assert_eq!(
            outcome,
            Outcome::Deleted {
                cutoff: "2025-05-05T10:00:00.000Z".into(),
                count: 3
            }
        );
        let kept: Vec<String> = store
            .rows
            .borrow()
            .iter()
            .map(|m| m.message.clone())
            .collect();
        assert_eq!(kept, ["just-in-time", "eleven-months", "today"]);
        // Run again the same day: nothing more to delete.
        let again = ready(purge(&store, ms("2026-05-05T10:00:00.000Z")));
        assert!(matches!(again, Outcome::Deleted { count: 0, .. }));
    }

    #[test]
    fn a_failed_purge_is_logged_without_any_address() {
        let store = FakeStore::default();
        store.fail.set(true);
        let outcome = ready(purge(&store, ms("2026-05-05T10:00:00.000Z")));
        let line = Outcome::Failed {
            cutoff: "2025-05-05T10:00:00.000Z".into(),
            error: "D1_ERROR near amina@exemple.ma".into(),
        }
        .log_line();
        assert!(matches!(outcome, Outcome::Failed { .. }));
        let v: serde_json::Value = serde_json::from_str(&line).expect(&line);
        assert_eq!(v["note"], "retention-failed");
        assert_eq!(v["error"], "D1_ERROR near <address>");
        let ok = Outcome::Deleted {
            cutoff: "2025-05-05T10:00:00.000Z".into(),
            count: 2,
        }
        .log_line();
        let v: serde_json::Value = serde_json::from_str(&ok).expect(&ok);
        assert_eq!(
            (v["event"].as_str(), v["deleted"].as_u64()),
            (Some("retention"), Some(2))
        );
    }
}
