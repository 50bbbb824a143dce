//! HTTP dates (RFC 9110, 5.6.7) as seconds since 1970, for `If-Modified-Since`: the three
//! formats a recipient must accept, `Sun, 06 Nov 1994 08:49:37 GMT` (IMF-fixdate), `Sunday,
//! 06-Nov-94 08:49:37 GMT` (RFC 850) and `Sun Nov  6 08:49:37 1994` (asctime).
//!
//! Hand-written rather than the `httpdate` crate, which cost the Worker 8.5 KB of wasm code (its
//! validation goes through `SystemTime` and links `Duration`'s formatting) against 2 KB here,
//! measured before wasm-opt (docs/performance.md). The tests check it against the crate: same
//! dates, same refusals (a wrong weekday, 30 February, a year before 1970…).

const MONTHS: [&[u8]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];
/// Monday first; RFC 850 spells them out.
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Seconds since 1970-01-01T00:00:00Z, or `None` for anything but a valid HTTP date.
pub fn parse(s: &str) -> Option<u64> {
    if !s.is_ascii() {
        return None;
    }
    let b = s.trim().as_bytes();
    let short = |w: &[u8]| WEEKDAYS.iter().position(|d| &d.as_bytes()[..3] == w);
    let (weekday, day, month, year, time) = match b.len() {
        // IMF-fixdate.
        29 if &b[3..5] == b", " && b[7] == b' ' && b[11] == b' ' && b[16] == b' ' => {
            if &b[25..] != b" GMT" {
                return None;
            }
            (
                short(&b[..3])?,
                num(&b[5..7])?,
                &b[8..11],
                num(&b[12..16])?,
                &b[17..25],
            )
        }
        // asctime: the day may be padded with a space.
        24 if b[3] == b' ' && b[7] == b' ' && b[10] == b' ' && b[19] == b' ' => {
            let day = if b[8] == b' ' { &b[9..10] } else { &b[8..10] };
            (
                short(&b[..3])?,
                num(day)?,
                &b[4..7],
                num(&b[20..24])?,
                &b[11..19],
            )
        }
        // RFC 850: a two-digit year, 1970 to 2069.
        _ => {
            let weekday = WEEKDAYS
                .iter()
                .position(|d| b.starts_with(d.as_bytes()) && b[d.len()..].starts_with(b", "))?;
            let b = &b[WEEKDAYS[weekday].len() + 2..];
            if b.len() != 22 || b[2] != b'-' || b[6] != b'-' || b[9] != b' ' || &b[18..] != b" GMT"
            {
                return None;
            }
            let yy = num(&b[7..9])?;
            let year = if yy < 70 { 2000 + yy } else { 1900 + yy };
            (weekday, num(&b[..2])?, &b[3..6], year, &b[10..18])
        }
    };
    let month = MONTHS.iter().position(|m| *m == month)? as u64 + 1;
    if time[2] != b':' || time[5] != b':' {
        return None;
    }
    let (h, m, s) = (num(&time[..2])?, num(&time[3..5])?, num(&time[6..])?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if !(1970..=9999).contains(&year) || day == 0 || day > month_days || h > 23 || m > 59 || s > 59
    {
        return None;
    }
    let days = days_since_1970(year, month, day);
    // 1 January 1970 was a Thursday (3, Monday being 0).
    ((days + 3) % 7 == weekday as u64).then_some(days * 86_400 + h * 3600 + m * 60 + s)
}

/// Digits only, at least one.
fn num(b: &[u8]) -> Option<u64> {
    if b.is_empty() {
        return None;
    }
    b.iter().try_fold(0, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u64::from(c - b'0'))
    })
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar from 1970 on (Howard
/// Hinnant's `days_from_civil`).
fn days_since_1970(year: u64, month: u64, day: u64) -> u64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    /// What the `httpdate` crate makes of `s`, in seconds since 1970.
    fn reference(s: &str) -> Option<u64> {
        let t = httpdate::parse_http_date(s).ok()?;
        Some(t.duration_since(UNIX_EPOCH).ok()?.as_secs())
    }

    /// The three spellings of one instant, from the crate's IMF-fixdate.
    fn spellings(secs: u64) -> [String; 3] {
        let fix = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(secs));
        // `Sun, 06 Nov 1994 08:49:37 GMT`
        let (wd, day, mon, year, time) = (
            &fix[..3],
            &fix[5..7],
            &fix[8..11],
            &fix[12..16],
            &fix[17..25],
        );
        let long = WEEKDAYS
            .iter()
            .find(|d| d.starts_with(wd))
            .expect("weekday");
        let asc_day = day
            .strip_prefix('0')
            .map_or(day.to_string(), |d| format!(" {d}"));
        [
            fix.clone(),
            format!("{long}, {day}-{mon}-{} {time} GMT", &year[2..]),
            format!("{wd} {mon} {asc_day} {time} {year}"),
        ]
    }

    #[test]
    fn reads_every_format_as_the_httpdate_crate_does() {
        // About 32,000 instants from 1970 to 9999, every 7,777,777 s (90 days and a bit), so
        // that every day of the month, weekday and leap year comes up; and the ends.
        let last = 253_402_300_799;
        let instants = (0..last).step_by(7_777_777).chain([0, 951_782_400, last]);
        for secs in instants {
            let [fix, rfc850, asctime] = spellings(secs);
            assert_eq!(parse(&fix), Some(secs), "{fix}");
            assert_eq!(parse(&asctime), Some(secs), "{asctime}");
            assert_eq!(reference(&asctime), Some(secs), "{asctime}");
            assert_eq!(parse(&rfc850), reference(&rfc850), "{rfc850}");
        }
    }

    #[test]
    fn refuses_what_the_httpdate_crate_refuses() {
        for s in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "  Sun, 06 Nov 1994 08:49:37 GMT  ",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun Nov 06 08:49:37 1994",
            "Tue, 29 Feb 2000 00:00:00 GMT",
            "Thursday, 01-Jan-70 00:00:00 GMT",
            "Thursday, 31-Dec-69 23:59:59 GMT",
            // Refused: wrong weekday, day, month, hour; before 1970; other spellings.
            "Mon, 06 Nov 1994 08:49:37 GMT",
            "Sun, 31 Nov 1994 08:49:37 GMT",
            "Mon, 29 Feb 2100 00:00:00 GMT",
            "Sat, 29 Feb 2015 00:00:00 GMT",
            "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:60:00 GMT",
            "Sun, 06 Nov 1994 08:49:60 GMT",
            "Wed, 31 Dec 1969 23:59:59 GMT",
            "Sun, 06 nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 08-49-37 GMT",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun,  06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 94 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT",
            "Sun, +6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT ",
            "Sun Nov  6 08:49:37 94",
            "Sun Nov  6 8:49:37 1994",
            "Sun Nov 6 08:49:37 1994",
            "Sunday, 06-Nov-1994 08:49:37 GMT",
            "Sun, 06-Nov-94 08:49:37 GMT",
            "Sunday 06-Nov-94 08:49:37 GMT",
            "Sonntag, 06-Nov-94 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMTé",
            "Sun, 06 Nov 1994 08:49:3é GMT",
            "\u{a0}Sun, 06 Nov 1994 08:49:37 GMT",
            "",
            "GMT",
            "yesterday",
        ] {
            assert_eq!(parse(s), reference(s), "{s:?}");
        }
    }

    proptest::proptest! {
        /// Any string made of date pieces: read the same as the crate reads it, or refused by both.
        #[test]
        fn agrees_with_the_httpdate_crate_on_any_date_like_text(
            s in "(Sun|Mon|Tue|Sunday|Monday)?(, | )?[0-9 ]{0,3}[- ]?(Nov|Feb|nov)?[- ]?[0-9]{0,4} ?[0-9:]{0,8} ?(GMT|[0-9]{4})?"
        ) {
            proptest::prop_assert_eq!(parse(&s), reference(&s));
        }
    }
}
