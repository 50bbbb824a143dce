//! Dates as the articles write them, in the site's style (`1er août 2016`, `1 غشت 2016`,
//! `1 August 2016`), and the spread of items over the years.

use time::{Date, Month};

use crate::corpus::Entry;

const FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
// Moroccan month names, as on the site (src/i18n.rs).
const AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ماي",
    "يونيو",
    "يوليوز",
    "غشت",
    "شتنبر",
    "أكتوبر",
    "نونبر",
    "دجنبر",
];
const EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The first and last day items are dated.
pub fn first_day() -> Date {
    date(2016, Month::January, 1)
}

pub fn last_day() -> Date {
    date(2026, Month::November, 29)
}

fn date(y: i32, m: Month, d: u8) -> Date {
    // The constants above are valid dates; the fallback is never reached.
    Date::from_calendar_date(y, m, d).unwrap_or(Date::MIN)
}

fn month_index(d: Date) -> usize {
    usize::from(u8::from(d.month())) - 1
}

fn day_fr(d: Date) -> String {
    if d.day() == 1 {
        "1er".to_string()
    } else {
        d.day().to_string()
    }
}

/// `12 mars 2019` in the three languages.
pub fn long(d: Date) -> Entry {
    let (m, y) = (month_index(d), d.year());
    Entry::new([
        format!("{} {} {y}", day_fr(d), FR[m]),
        format!("{} {} {y}", d.day(), AR[m]),
        format!("{} {} {y}", d.day(), EN[m]),
    ])
}

/// `mars 2019`.
pub fn month_year(d: Date) -> Entry {
    let (m, y) = (month_index(d), d.year());
    Entry::new([
        format!("{} {y}", FR[m]),
        format!("{} {y}", AR[m]),
        format!("{} {y}", EN[m]),
    ])
}

/// When an event took place, as a sentence says it: `le 12 mars 2019`, `du 10 au 12 mars
/// 2019`, `du 30 mars au 1er avril 2019` (and the Arabic and English equivalents).
pub fn on_dates(start: Date, end: Date) -> Entry {
    if start == end {
        let l = long(end);
        let t = |i: usize| l.get(crate::LANGS[i]).unwrap_or_default().to_string();
        return Entry::new([
            format!("le {}", t(0)),
            format!("يوم {}", t(1)),
            format!("on {}", t(2)),
        ]);
    }
    let (ms, me, y) = (month_index(start), month_index(end), end.year());
    let (ds, de) = (start.day(), end.day());
    if start.month() == end.month() {
        Entry::new([
            format!("du {} au {de} {} {y}", day_fr(start), FR[me]),
            format!("من {ds} إلى {de} {} {y}", AR[me]),
            format!("from {ds} to {de} {} {y}", EN[me]),
        ])
    } else {
        Entry::new([
            format!(
                "du {} {} au {} {} {y}",
                day_fr(start),
                FR[ms],
                day_fr(end),
                FR[me]
            ),
            format!("من {ds} {} إلى {de} {} {y}", AR[ms], AR[me]),
            format!("from {ds} {} to {de} {} {y}", EN[ms], EN[me]),
        ])
    }
}

/// `n` dates from `first` to `last`, oldest first: one in each of `n` equal stretches of the
/// calendar, at a random day within it, so that every year gets its share.
pub fn spread(n: usize, first: Date, last: Date, mut pick: impl FnMut(u64) -> u64) -> Vec<Date> {
    let (a, b) = (first.to_julian_day(), last.to_julian_day());
    let span = u64::try_from(b - a + 1).unwrap_or(1);
    (0..n as u64)
        .map(|i| {
            let lo = i * span / n as u64;
            let hi = ((i + 1) * span / n as u64).max(lo + 1);
            let day = lo + pick(hi - lo);
            let jd = a + i32::try_from(day).unwrap_or(0);
            Date::from_julian_day(jd).unwrap_or(first)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: Month, day: u8) -> Date {
        Date::from_calendar_date(y, m, day).unwrap()
    }

    #[test]
    fn writes_dates_as_the_site_does() {
        let l = long(d(2016, Month::August, 1));
        assert_eq!(l.get("fr"), Some("1er août 2016"));
        assert_eq!(l.get("ar"), Some("1 غشت 2016"));
        assert_eq!(l.get("en"), Some("1 August 2016"));
    }

    #[test]
    fn writes_one_day_and_several_days() {
        let one = on_dates(d(2019, Month::March, 12), d(2019, Month::March, 12));
        assert_eq!(one.get("fr"), Some("le 12 mars 2019"));
        let two = on_dates(d(2019, Month::March, 30), d(2019, Month::April, 1));
        assert_eq!(two.get("fr"), Some("du 30 mars au 1er avril 2019"));
        assert_eq!(two.get("en"), Some("from 30 March to 1 April 2019"));
        let same = on_dates(d(2019, Month::March, 10), d(2019, Month::March, 12));
        assert_eq!(same.get("ar"), Some("من 10 إلى 12 مارس 2019"));
    }

    #[test]
    fn spreads_dates_over_the_whole_range_in_order() {
        let dates = spread(500, first_day(), last_day(), |n| n - 1);
        assert_eq!(dates.len(), 500);
        assert!(dates.windows(2).all(|w| w[0] < w[1]));
        assert!(dates[0] >= first_day() && dates[499] == last_day());
    }
}
