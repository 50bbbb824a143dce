//! Dates as people read them (`29 janvier 2016`) and as HTTP writes them.

use crate::content::Date;
use crate::i18n::ui;

/// A date written out in the page's language: `29 janvier 2016` (`1er` for the first of the
/// month, as French writes it), `29 January 2016`, `29 يناير 2016`. Arabic uses Western digits
/// and the month names of Moroccan usage (ماي، يوليوز، غشت…), as Moroccan institutions and
/// press do.
pub fn long(date: Date, lang: &str) -> String {
    let month = ui(lang).months[usize::from(date.month.clamp(1, 12)) - 1];
    if date.day == 1 && lang == "fr" {
        format!("1er {month} {}", date.year)
    } else {
        format!("{} {month} {}", date.day, date.year)
    }
}

/// `Fri, 29 Jan 2016 00:00:00 GMT` (RFC 9110 IMF-fixdate), for `Last-Modified`.
pub fn http_date(date: Date) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let m = usize::from(date.month.clamp(1, 12));
    format!(
        "{}, {:02} {} {:04} 00:00:00 GMT",
        DAYS[weekday(date)],
        date.day,
        MONTHS[m - 1],
        date.year
    )
}

/// Day of the week, 0 = Sunday (Sakamoto's method).
fn weekday(date: Date) -> usize {
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let m = usize::from(date.month.clamp(1, 12));
    let y = i32::from(date.year) - i32::from(m < 3);
    let d = i32::from(date.day);
    ((y + y / 4 - y / 100 + y / 400 + T[m - 1] + d).rem_euclid(7)) as usize
}

/// The civil date of a Unix timestamp (days since 1970-01-01), for the build date.
pub fn from_unix_days(days: i64) -> Date {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    Date { year, month, day }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: u16, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn writes_french_dates() {
        let d = date(2016, 1, 29);
        assert_eq!(long(d, "en"), "29 January 2016");
        assert_eq!(long(d, "ar"), "29 يناير 2016");
        assert_eq!(long(date(2016, 8, 1), "ar"), "1 غشت 2016");
        assert_eq!(long(date(2016, 1, 28), "fr"), "28 janvier 2016");
        assert_eq!(long(date(2016, 8, 1), "fr"), "1er août 2016");
    }

    #[test]
    fn writes_http_dates_with_the_right_weekday() {
        assert_eq!(
            http_date(date(2016, 1, 29)),
            "Fri, 29 Jan 2016 00:00:00 GMT"
        );
        assert_eq!(
            http_date(date(2026, 11, 29)),
            "Sun, 29 Nov 2026 00:00:00 GMT"
        );
        assert_eq!(
            http_date(date(2000, 2, 29)),
            "Tue, 29 Feb 2000 00:00:00 GMT"
        );
    }

    #[test]
    fn converts_unix_days() {
        assert_eq!(from_unix_days(0), date(1970, 1, 1));
        assert_eq!(from_unix_days(16_829), date(2016, 1, 29));
    }
}
