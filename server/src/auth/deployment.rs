//! Deployment to another ward for one shift: the access it gives starts and
//! ends by itself.

use chrono::{DateTime, Duration, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::London;

/// The longest a single deployment may last: one long day shift and handover.
pub const LONGEST_SHIFT: Duration = Duration::hours(13);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShiftWindow {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum DeploymentError {
    #[error("A deployment must end after it starts.")]
    EndsBeforeStart,
    #[error("A deployment is for one shift: at most 13 hours.")]
    LongerThanAShift,
    #[error("Enter when the shift starts as a date and a time.")]
    BadStart,
    #[error("Enter when the shift ends as a date and a time, or leave it empty to end at midnight.")]
    BadEnd,
    #[error("That shift has already ended.")]
    AlreadyEnded,
}

/// A date and time as a `datetime-local` field sends it, read as UK time.
/// In the spring gap the clock has jumped, so the hour after is meant; in
/// the autumn repeat, the first of the two.
pub fn parse_uk_local(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    London
        .from_local_datetime(&naive)
        .earliest()
        .or_else(|| London.from_local_datetime(&(naive + Duration::hours(1))).earliest())
        .map(|t| t.with_timezone(&Utc))
}

/// The first UK midnight after `at`.
pub fn next_uk_midnight(at: DateTime<Utc>) -> DateTime<Utc> {
    let tomorrow = at.with_timezone(&London).date_naive() + Duration::days(1);
    let midnight = tomorrow.and_time(NaiveTime::MIN);
    London.from_local_datetime(&midnight).earliest().map(|t| t.with_timezone(&Utc)).unwrap_or(at)
}

impl ShiftWindow {
    pub fn parse(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> Result<Self, DeploymentError> {
        if ends_at <= starts_at {
            return Err(DeploymentError::EndsBeforeStart);
        }
        if ends_at - starts_at > LONGEST_SHIFT {
            return Err(DeploymentError::LongerThanAShift);
        }
        Ok(ShiftWindow { starts_at, ends_at })
    }

    /// A shift from the deploy form: its start, and its end or, when left
    /// empty, the next midnight. Must not have ended by `now`.
    pub fn from_form(starts: &str, ends: &str, now: DateTime<Utc>) -> Result<Self, DeploymentError> {
        let starts_at = parse_uk_local(starts).ok_or(DeploymentError::BadStart)?;
        let shift = if ends.trim().is_empty() {
            ShiftWindow { starts_at, ends_at: next_uk_midnight(starts_at) }
        } else {
            ShiftWindow::parse(starts_at, parse_uk_local(ends).ok_or(DeploymentError::BadEnd)?)?
        };
        if shift.ends_at <= now {
            return Err(DeploymentError::AlreadyEnded);
        }
        Ok(shift)
    }

    /// For example "Wed 25 Nov 07:00 to 19:30", in UK time.
    pub fn describe(&self) -> String {
        let (start, end) = (self.starts_at.with_timezone(&London), self.ends_at.with_timezone(&London));
        let end_format = if end.date_naive() == start.date_naive() { "%H:%M" } else { "%a %-d %b %H:%M" };
        format!("{} to {}", start.format("%a %-d %b %H:%M"), end.format(end_format))
    }

    /// True from the start of the shift until (not including) its end.
    pub fn is_open_at(&self, now: DateTime<Utc>) -> bool {
        self.starts_at <= now && now < self.ends_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hour: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + hour * 3600, 0).expect("time")
    }

    #[test]
    fn access_lasts_exactly_the_shift() {
        let shift = ShiftWindow::parse(at(8), at(20)).expect("a day shift");
        assert!(!shift.is_open_at(at(7)));
        assert!(shift.is_open_at(at(8)));
        assert!(shift.is_open_at(at(19)));
        assert!(!shift.is_open_at(at(20)));
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("time").with_timezone(&Utc)
    }

    #[test]
    fn form_times_are_uk_times_in_summer_and_winter() {
        assert_eq!(parse_uk_local("2026-07-01T07:00"), Some(utc("2026-07-01T06:00:00Z")));
        assert_eq!(parse_uk_local("2026-12-01T07:00"), Some(utc("2026-12-01T07:00:00Z")));
        assert_eq!(parse_uk_local("yesterday"), None);
    }

    #[test]
    fn the_clock_changes_do_not_lose_or_double_an_hour() {
        // 29 March 2026: 01:00 to 02:00 does not exist in the UK.
        assert_eq!(parse_uk_local("2026-03-29T01:30"), Some(utc("2026-03-29T01:30:00Z")));
        // 25 October 2026: 01:00 to 02:00 happens twice; the first is meant.
        assert_eq!(parse_uk_local("2026-10-25T01:30"), Some(utc("2026-10-25T00:30:00Z")));
    }

    #[test]
    fn without_an_end_the_deployment_ends_at_uk_midnight() {
        let now = utc("2026-07-01T05:00:00Z");
        let shift = ShiftWindow::from_form("2026-07-01T07:00", "", now).expect("shift");
        assert_eq!(shift.ends_at, utc("2026-07-01T23:00:00Z"));
        assert_eq!(shift.describe(), "Wed 1 Jul 07:00 to Thu 2 Jul 00:00");
    }

    #[test]
    fn a_night_shift_over_midnight_is_one_deployment() {
        let now = utc("2026-12-01T12:00:00Z");
        let shift = ShiftWindow::from_form("2026-12-01T19:30", "2026-12-02T08:00", now).expect("night");
        assert_eq!(shift.ends_at - shift.starts_at, Duration::minutes(750));
        assert_eq!(shift.describe(), "Tue 1 Dec 19:30 to Wed 2 Dec 08:00");
    }

    #[test]
    fn a_finished_or_unreadable_shift_is_refused_with_a_reason() {
        let now = utc("2026-12-02T12:00:00Z");
        assert_eq!(
            ShiftWindow::from_form("2026-12-01T19:30", "2026-12-02T08:00", now),
            Err(DeploymentError::AlreadyEnded)
        );
        assert_eq!(ShiftWindow::from_form("", "", now), Err(DeploymentError::BadStart));
        assert_eq!(ShiftWindow::from_form("2026-12-02T19:30", "soon", now), Err(DeploymentError::BadEnd));
    }

    #[test]
    fn a_deployment_longer_than_a_shift_or_backwards_is_refused() {
        assert_eq!(ShiftWindow::parse(at(8), at(22)), Err(DeploymentError::LongerThanAShift));
        assert_eq!(ShiftWindow::parse(at(8), at(8)), Err(DeploymentError::EndsBeforeStart));
    }
}
