//! Deployment to another ward for one shift: the access it gives starts and
//! ends by itself.

use chrono::{DateTime, Duration, Utc};

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

    #[test]
    fn a_deployment_longer_than_a_shift_or_backwards_is_refused() {
        assert_eq!(ShiftWindow::parse(at(8), at(22)), Err(DeploymentError::LongerThanAShift));
        assert_eq!(ShiftWindow::parse(at(8), at(8)), Err(DeploymentError::EndsBeforeStart));
    }
}
