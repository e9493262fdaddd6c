//! UK clock time (GMT in winter, BST in summer) without a time-zone
//! database, so the phone's download stays small: British Summer Time runs
//! from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
//! Sunday of October.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let next_month = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    let mut day = next_month.unwrap_or_default() - Duration::days(1);
    while day.weekday() != Weekday::Sun {
        day -= Duration::days(1);
    }
    day
}

/// Whether summer time is in force at this instant.
pub fn is_bst(at: DateTime<Utc>) -> bool {
    let year = at.year();
    let starts = Utc.from_utc_datetime(&last_sunday(year, 3).and_hms_opt(1, 0, 0).unwrap_or_default());
    let ends = Utc.from_utc_datetime(&last_sunday(year, 10).and_hms_opt(1, 0, 0).unwrap_or_default());
    at >= starts && at < ends
}

/// The UK wall-clock time of an instant.
pub fn to_uk(at: DateTime<Utc>) -> NaiveDateTime {
    at.naive_utc() + Duration::hours(if is_bst(at) { 1 } else { 0 })
}

/// The instant a UK wall-clock time names. In the autumn hour that happens
/// twice, the first; in the spring hour that never happens, an hour later.
pub fn from_uk(local: NaiveDateTime) -> DateTime<Utc> {
    let as_bst = Utc.from_utc_datetime(&(local - Duration::hours(1)));
    if is_bst(as_bst) {
        as_bst
    } else {
        Utc.from_utc_datetime(&local)
    }
}

/// "Wed 25 Nov 2026, 14:30", in UK time.
pub fn friendly(at: DateTime<Utc>) -> String {
    super::instant::friendly(to_uk(at))
}

/// The value a `datetime-local` field shows for an instant: `2026-11-25T14:30`.
pub fn field_value(at: DateTime<Utc>) -> String {
    super::instant::field_value(to_uk(at))
}

/// "14:30": the time of day on the UK clock.
pub fn clock(at: DateTime<Utc>) -> String {
    let value = field_value(at);
    value.split_once('T').map_or(value.clone(), |(_, time)| time.to_owned())
}

/// Reads a `datetime-local` field's value as UK time.
pub fn parse_field(text: &str) -> Option<DateTime<Utc>> {
    super::instant::parse_field(text).map(from_uk)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("time").with_timezone(&Utc)
    }

    #[test]
    fn winter_is_gmt_and_summer_is_an_hour_ahead() {
        assert_eq!(friendly(utc("2026-11-25T14:30:00Z")), "Wed 25 Nov 2026, 14:30");
        assert_eq!(friendly(utc("2026-07-01T14:30:00Z")), "Wed 1 Jul 2026, 15:30");
        assert_eq!(clock(utc("2026-07-01T07:05:00Z")), "08:05");
    }

    #[test]
    fn the_clocks_change_at_one_in_the_morning_utc_on_the_last_sundays() {
        // 2026: 29 March and 25 October.
        assert!(!is_bst(utc("2026-03-29T00:59:59Z")));
        assert!(is_bst(utc("2026-03-29T01:00:00Z")));
        assert!(is_bst(utc("2026-10-25T00:59:59Z")));
        assert!(!is_bst(utc("2026-10-25T01:00:00Z")));
    }

    #[test]
    fn a_field_value_reads_back_as_the_same_instant() {
        for at in ["2026-11-25T14:30:00Z", "2026-07-01T09:05:00Z", "2026-03-29T01:00:00Z"] {
            assert_eq!(parse_field(&field_value(utc(at))), Some(utc(at)), "{at}");
        }
    }

    #[test]
    fn the_autumn_hour_that_happens_twice_reads_as_the_first() {
        assert_eq!(parse_field("2026-10-25T01:30"), Some(utc("2026-10-25T00:30:00Z")));
    }

    #[test]
    fn the_spring_hour_that_never_happens_reads_an_hour_later() {
        assert_eq!(parse_field("2026-03-29T01:30"), Some(utc("2026-03-29T01:30:00Z")));
        assert_eq!(friendly(utc("2026-03-29T01:30:00Z")), "Sun 29 Mar 2026, 02:30");
    }
}
