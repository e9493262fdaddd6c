//! The working week the reports count: Monday 00:00 to the next Monday
//! 00:00 on the UK clock (Europe/London), so a week with a clock change is
//! 167 or 169 hours long, and a day 23 or 25.

use crate::domain::instant::{day_and_month, short_day, weekday_name};
use crate::domain::uk_time::{from_uk, to_uk};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

/// One week, named by its Monday.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Week {
    monday: NaiveDate,
}

impl Week {
    /// The week a UK calendar day falls in.
    pub fn of_day(day: NaiveDate) -> Week {
        Week { monday: day - Duration::days(i64::from(day.weekday().num_days_from_monday())) }
    }

    /// The week an instant falls in, on the UK clock.
    pub fn containing(at: DateTime<Utc>) -> Week {
        Week::of_day(uk_day(at))
    }

    /// A week from its Monday written `2026-03-23`; any other day is refused,
    /// so a link names one week only one way.
    pub fn parse(text: &str) -> Result<Week, String> {
        let day = crate::domain::follow_up::parse_date(text.trim())
            .ok_or_else(|| format!("\"{}\" is not a date written like 2026-03-23.", text.trim()))?;
        if day.weekday() != Weekday::Mon {
            return Err(format!(
                "Weeks start on a Monday; {} {} is a {}.",
                day_and_month(day),
                day.year(),
                weekday_name(day)
            ));
        }
        Ok(Week { monday: day })
    }

    pub fn monday(self) -> NaiveDate {
        self.monday
    }

    pub fn sunday(self) -> NaiveDate {
        self.monday + Duration::days(6)
    }

    /// Monday to Sunday.
    pub fn days(self) -> [NaiveDate; 7] {
        std::array::from_fn(|i| self.monday + Duration::days(i as i64))
    }

    pub fn next(self) -> Week {
        Week { monday: self.monday + Duration::days(7) }
    }

    pub fn previous(self) -> Week {
        Week { monday: self.monday - Duration::days(7) }
    }

    /// When it starts: Monday 00:00 UK time.
    pub fn start(self) -> DateTime<Utc> {
        day_start(self.monday)
    }

    /// When the next week starts; the week is `start..end`.
    pub fn end(self) -> DateTime<Utc> {
        self.next().start()
    }

    pub fn contains(self, at: DateTime<Utc>) -> bool {
        self.start() <= at && at < self.end()
    }

    /// "Mon 23 Mar to Sun 29 Mar 2026".
    pub fn label(self) -> String {
        format!("{} to {} {}", short_day(self.monday), short_day(self.sunday()), self.sunday().year())
    }

    /// The key used in addresses and files: the Monday, `2026-03-23`.
    pub fn key(self) -> String {
        crate::domain::follow_up::date_text(self.monday)
    }
}

/// The UK calendar day of an instant.
pub fn uk_day(at: DateTime<Utc>) -> NaiveDate {
    to_uk(at).date()
}

/// When a UK calendar day starts (midnight is never in the missing hour).
pub fn day_start(day: NaiveDate) -> DateTime<Utc> {
    from_uk(day.and_time(NaiveTime::MIN))
}

/// The minutes of `start..end` that fall on each UK calendar day, in order,
/// leaving out days with none: a shift over midnight counts on both days,
/// and a night with the clocks going back is an hour longer.
pub fn minutes_by_day(start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<(NaiveDate, i64)> {
    let mut out = Vec::new();
    let mut from = start;
    while from < end {
        let day = uk_day(from);
        let to = day_start(day + Duration::days(1)).min(end);
        let minutes = (to - from).num_minutes();
        if minutes > 0 {
            out.push((day, minutes));
        }
        from = to;
    }
    out
}

/// The minutes of `start..end` inside `week`.
pub fn minutes_in_week(week: Week, start: DateTime<Utc>, end: DateTime<Utc>) -> i64 {
    let (from, to) = (start.max(week.start()), end.min(week.end()));
    if from < to {
        (to - from).num_minutes()
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("time").with_timezone(&Utc)
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn a_week_runs_monday_to_sunday_on_the_uk_clock() {
        let week = Week::parse("2026-11-30").expect("a Monday");
        assert_eq!(week.start(), utc("2026-11-30T00:00:00Z"));
        assert_eq!(week.end(), utc("2026-12-07T00:00:00Z"));
        assert_eq!(week.label(), "Mon 30 Nov to Sun 6 Dec 2026");
        assert_eq!(Week::of_day(date("2026-12-06")), week);
        assert_eq!(Week::of_day(date("2026-12-07")), week.next());
        // 23:30 UTC on a summer Sunday is already Monday in London.
        assert_eq!(Week::containing(utc("2026-07-05T23:30:00Z")), Week::parse("2026-07-06").expect("Monday"));
        assert_eq!(Week::containing(utc("2026-07-05T22:59:00Z")), Week::parse("2026-06-29").expect("Monday"));
    }

    #[test]
    fn weeks_with_a_clock_change_are_an_hour_short_or_long() {
        // The clocks go forward on Sunday 29 March 2026 and back on 25 October.
        let spring = Week::parse("2026-03-23").expect("Monday");
        assert_eq!(spring.start(), utc("2026-03-23T00:00:00Z"));
        assert_eq!(spring.end(), utc("2026-03-29T23:00:00Z"));
        assert_eq!((spring.end() - spring.start()).num_hours(), 167);
        let autumn = Week::parse("2026-10-19").expect("Monday");
        assert_eq!(autumn.start(), utc("2026-10-18T23:00:00Z"));
        assert_eq!(autumn.end(), utc("2026-10-26T00:00:00Z"));
        assert_eq!((autumn.end() - autumn.start()).num_hours(), 169);
        // Sunday 23:30 GMT is the last half hour of the long week.
        assert!(autumn.contains(utc("2026-10-25T23:30:00Z")));
        assert!(autumn.next().contains(utc("2026-10-26T00:30:00Z")));
    }

    #[test]
    fn only_a_monday_names_a_week() {
        assert_eq!(
            Week::parse("2026-12-03").err().as_deref(),
            Some("Weeks start on a Monday; 3 Dec 2026 is a Thursday.")
        );
        assert!(Week::parse("next week").err().is_some_and(|e| e.contains("not a date")));
        assert_eq!(Week::parse(" 2026-11-30 ").map(Week::key).as_deref(), Ok("2026-11-30"));
    }

    #[test]
    fn a_shift_over_midnight_counts_on_both_days() {
        let split = minutes_by_day(utc("2026-12-01T20:00:00Z"), utc("2026-12-02T08:00:00Z"));
        assert_eq!(split, vec![(date("2026-12-01"), 240), (date("2026-12-02"), 480)]);
    }

    #[test]
    fn a_night_shift_when_the_clocks_go_back_is_an_hour_longer() {
        // 20:00 BST Saturday to 08:00 GMT Sunday: 13 hours worked.
        let split = minutes_by_day(utc("2026-10-24T19:00:00Z"), utc("2026-10-25T08:00:00Z"));
        assert_eq!(split, vec![(date("2026-10-24"), 240), (date("2026-10-25"), 540)]);
        // Going forward, the same night is 11 hours.
        let split = minutes_by_day(utc("2026-03-28T20:00:00Z"), utc("2026-03-29T07:00:00Z"));
        assert_eq!(split, vec![(date("2026-03-28"), 240), (date("2026-03-29"), 420)]);
    }

    #[test]
    fn only_the_part_of_a_shift_inside_the_week_counts_towards_it() {
        let week = Week::parse("2026-11-30").expect("Monday");
        // Sunday 22:00 to Monday 06:00: six hours in this week, two in the last.
        assert_eq!(minutes_in_week(week, utc("2026-11-29T22:00:00Z"), utc("2026-11-30T06:00:00Z")), 360);
        assert_eq!(
            minutes_in_week(week.previous(), utc("2026-11-29T22:00:00Z"), utc("2026-11-30T06:00:00Z")),
            120
        );
        assert_eq!(minutes_in_week(week, utc("2026-11-20T08:00:00Z"), utc("2026-11-20T16:00:00Z")), 0);
    }
}
