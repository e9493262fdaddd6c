//! Reading and writing instants as RFC 3339 text (`2026-11-25T14:30:00Z`)
//! and as the fields the pages show, by hand on chrono's calendar types.
//!
//! Why not chrono's own `parse_from_rfc3339`, `to_rfc3339_opts` and
//! `format("%a …")`: they bring its general parser and strftime machinery
//! into the phone's WebAssembly for a handful of fixed shapes (measured:
//! the patient page's download is 150.9 KB brotli with them, 133.8 without). The calendar arithmetic stays chrono's; the tests check this
//! module against chrono's own parser and formatter on random instants.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const FULL_WEEKDAYS: [&str; 7] =
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const FULL_MONTHS: [&str; 12] = [
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

/// "3 Dec".
pub fn day_and_month(d: NaiveDate) -> String {
    format!("{} {}", d.day(), MONTHS[d.month0() as usize])
}

/// "Wed 3 Dec".
pub fn short_day(d: NaiveDate) -> String {
    format!("{} {}", WEEKDAYS[d.weekday().num_days_from_monday() as usize], day_and_month(d))
}

/// "Wednesday 3 December".
pub fn long_day(d: NaiveDate) -> String {
    format!(
        "{} {} {}",
        FULL_WEEKDAYS[d.weekday().num_days_from_monday() as usize],
        d.day(),
        FULL_MONTHS[d.month0() as usize]
    )
}

/// "Wednesday".
pub fn weekday_name(d: NaiveDate) -> &'static str {
    FULL_WEEKDAYS[d.weekday().num_days_from_monday() as usize]
}

/// Reads exactly `len` ASCII digits at `at`.
fn digits(bytes: &[u8], at: usize, len: usize) -> Option<u32> {
    let part = bytes.get(at..at + len)?;
    part.iter().try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
}

fn expect(bytes: &[u8], at: usize, wanted: &[u8]) -> Option<()> {
    bytes.get(at).filter(|b| wanted.contains(b)).map(|_| ())
}

/// `YYYY-MM-DD?HH:MM`, where `?` is one of `separators`; the rest of the text
/// after it is returned.
fn date_and_minute<'a>(bytes: &'a [u8], separators: &[u8]) -> Option<(NaiveDateTime, &'a [u8])> {
    let year = digits(bytes, 0, 4)?;
    expect(bytes, 4, b"-")?;
    let month = digits(bytes, 5, 2)?;
    expect(bytes, 7, b"-")?;
    let day = digits(bytes, 8, 2)?;
    expect(bytes, 10, separators)?;
    let hour = digits(bytes, 11, 2)?;
    expect(bytes, 13, b":")?;
    let minute = digits(bytes, 14, 2)?;
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    let time = NaiveTime::from_hms_opt(hour, minute, 0)?;
    Some((date.and_time(time), &bytes[16..]))
}

/// An RFC 3339 date and time (`2026-11-25T14:30:00Z`, `…:00.250+01:00`, a
/// lower-case `t` or `z`, or a space for the `T`), as the instant it names.
/// Fractions of a second are kept to the nanosecond.
pub fn parse_rfc3339(text: &str) -> Option<DateTime<Utc>> {
    let bytes = text.as_bytes();
    let (start, rest) = date_and_minute(bytes, b"Tt ")?;
    expect(rest, 0, b":")?;
    let second = digits(rest, 1, 2)?;
    let mut rest = &rest[3..];
    let mut nanos = 0u32;
    if rest.first() == Some(&b'.') {
        let count = rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
        if count == 0 {
            return None;
        }
        for (i, b) in rest[1..=count].iter().enumerate().take(9) {
            nanos += u32::from(b - b'0') * 10u32.pow(8 - i as u32);
        }
        rest = &rest[1 + count..];
    }
    let offset_min: i64 = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), ..] if rest.len() == 6 => {
            let hours = digits(rest, 1, 2)?;
            expect(rest, 3, b":")?;
            let minutes = digits(rest, 4, 2)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let total = i64::from(hours * 60 + minutes);
            if *sign == b'-' {
                -total
            } else {
                total
            }
        }
        _ => return None,
    };
    let time = start.time().with_second(second)?.with_nanosecond(nanos)?;
    let local = start.date().and_time(time);
    let utc = local.checked_sub_signed(chrono::Duration::minutes(offset_min))?;
    Some(utc.and_utc())
}

/// An instant as RFC 3339 in UTC to the whole second: `2026-11-25T14:30:00Z`.
pub fn rfc3339_seconds(at: DateTime<Utc>) -> String {
    let t = at.naive_utc();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A wall-clock time as a person reads it: "Wed 25 Nov 2026, 14:30".
pub fn friendly(t: NaiveDateTime) -> String {
    let weekday = WEEKDAYS[t.weekday().num_days_from_monday() as usize];
    let month = MONTHS[t.month0() as usize];
    format!("{weekday} {} {month} {}, {:02}:{:02}", t.day(), t.year(), t.hour(), t.minute())
}

/// A wall-clock time as a `datetime-local` field holds it: `2026-11-25T14:30`.
pub fn field_value(t: NaiveDateTime) -> String {
    format!("{:04}-{:02}-{:02}T{:02}:{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute())
}

/// A `datetime-local` field's value (`2026-11-25T14:30`, surrounding space
/// allowed; browsers may add `:SS`) as a wall-clock time.
pub fn parse_field(text: &str) -> Option<NaiveDateTime> {
    let bytes = text.trim().as_bytes();
    let (start, rest) = date_and_minute(bytes, b"T")?;
    match rest {
        [] => Some(start),
        [b':', ..] if rest.len() == 3 => start.with_second(digits(rest, 1, 2)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chrono_parse(text: &str) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(text).ok().map(|t| t.to_utc())
    }

    #[test]
    fn reads_the_shapes_devices_send() {
        let want = chrono_parse("2026-11-25T14:30:00Z");
        assert!(want.is_some());
        for text in [
            "2026-11-25T14:30:00Z",
            "2026-11-25t14:30:00z",
            "2026-11-25 14:30:00Z",
            "2026-11-25T15:30:00+01:00",
            "2026-11-25T09:00:00-05:30",
        ] {
            assert_eq!(parse_rfc3339(text), want, "{text}");
        }
        assert_eq!(parse_rfc3339("2026-11-25T14:30:00.250Z"), chrono_parse("2026-11-25T14:30:00.250Z"));
    }

    #[test]
    fn refuses_what_is_not_an_instant() {
        for text in [
            "",
            "yesterday",
            "2026-11-25",
            "2026-11-25T14:30",
            "2026-11-25T14:30:00",
            "2026-02-30T14:30:00Z",
            "2026-13-01T14:30:00Z",
            "2026-11-25T24:00:00Z",
            "2026-11-25T14:61:00Z",
            "2026-11-25T14:30:00.Z",
            "2026-11-25T14:30:00+1:00",
            "2026-11-25T14:30:00+24:00",
            "2026-11-25T14:30:00Z ",
            "२०२६-11-25T14:30:00Z",
        ] {
            assert_eq!(parse_rfc3339(text), None, "{text}");
            assert_eq!(chrono_parse(text), None, "chrono agrees on {text}");
        }
    }

    #[test]
    fn friendly_and_field_shapes() {
        let t = NaiveDate::from_ymd_opt(2026, 7, 1).and_then(|d| d.and_hms_opt(9, 5, 0)).unwrap_or_default();
        assert_eq!(friendly(t), "Wed 1 Jul 2026, 09:05");
        assert_eq!(field_value(t), "2026-07-01T09:05");
        assert_eq!(parse_field(" 2026-07-01T09:05 "), Some(t));
        assert_eq!(parse_field("2026-07-01T09:05:00"), Some(t));
        for bad in ["", "2026-07-01", "2026-07-01 09:05", "2026-07-01T9:05", "2026-02-29T09:05"] {
            assert_eq!(parse_field(bad), None, "{bad}");
        }
    }

    fn instant() -> impl Strategy<Value = DateTime<Utc>> {
        // 1970 to 2200, to the nanosecond.
        (0i64..7_258_118_400, 0u32..1_000_000_000)
            .prop_map(|(s, n)| DateTime::from_timestamp(s, n).unwrap_or_default())
    }

    proptest! {
        #[test]
        fn writes_what_chrono_writes(at in instant()) {
            prop_assert_eq!(rfc3339_seconds(at), at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
            let wall = at.naive_utc();
            prop_assert_eq!(friendly(wall), wall.format("%a %-d %b %Y, %H:%M").to_string());
            prop_assert_eq!(field_value(wall), wall.format("%Y-%m-%dT%H:%M").to_string());
            let day = wall.date();
            prop_assert_eq!(short_day(day), day.format("%a %-d %b").to_string());
            prop_assert_eq!(long_day(day), day.format("%A %-d %B").to_string());
            prop_assert_eq!(weekday_name(day), day.format("%A").to_string());
        }

        #[test]
        fn reads_what_chrono_reads(at in instant(), offset_min in -1439i32..1440, digits in 0usize..10) {
            let zone = chrono::FixedOffset::east_opt(offset_min * 60).expect("within a day");
            let format = match digits {
                0 => chrono::SecondsFormat::Secs,
                1..=3 => chrono::SecondsFormat::Millis,
                4..=6 => chrono::SecondsFormat::Micros,
                _ => chrono::SecondsFormat::Nanos,
            };
            let text = at.with_timezone(&zone).to_rfc3339_opts(format, digits % 2 == 0);
            prop_assert_eq!(parse_rfc3339(&text), chrono_parse(&text), "{}", text);
            let field = field_value(at.naive_utc());
            prop_assert_eq!(parse_field(&field), NaiveDateTime::parse_from_str(&field, "%Y-%m-%dT%H:%M").ok());
        }
    }
}
