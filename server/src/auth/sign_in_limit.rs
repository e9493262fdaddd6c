//! How many failed sign-ins are allowed before a pause: per account (to stop
//! guessing one person's password) and per address (to stop trying many
//! accounts from one place).

use chrono::{DateTime, Duration, Utc};

/// A limit: at most `max_failures` within `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignInLimit {
    pub max_failures: usize,
    pub window: Duration,
}

impl SignInLimit {
    /// Five wrong passwords for one account in 15 minutes.
    pub const PER_ACCOUNT: SignInLimit = SignInLimit { max_failures: 5, window: Duration::minutes(15) };
    /// Twenty failures from one address in 15 minutes (a ward shares one).
    pub const PER_ADDRESS: SignInLimit = SignInLimit { max_failures: 20, window: Duration::minutes(15) };

    /// When the next attempt is allowed, given the recent failures (any order),
    /// or `None` when it is allowed now.
    pub fn retry_after(&self, failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<Duration> {
        let mut recent: Vec<_> =
            failures.iter().copied().filter(|t| *t > now - self.window && *t <= now).collect();
        if recent.len() < self.max_failures {
            return None;
        }
        recent.sort_unstable();
        // The attempt becomes possible once enough of the oldest failures
        // have left the window.
        let oldest_that_must_expire = recent[recent.len() - self.max_failures];
        Some(oldest_that_must_expire + self.window - now)
    }
}

/// The wait in whole minutes, rounded up so that the person is never early.
pub fn whole_minutes(wait: Duration) -> u32 {
    u32::try_from((wait.num_seconds().max(1) + 59) / 60).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + minute * 60, 0).expect("time")
    }

    #[test]
    fn four_failures_still_allow_a_fifth_try() {
        let failures: Vec<_> = (0..4).map(at).collect();
        assert_eq!(SignInLimit::PER_ACCOUNT.retry_after(&failures, at(5)), None);
    }

    #[test]
    fn five_failures_pause_the_account_until_the_first_leaves_the_window() {
        let failures: Vec<_> = (0..5).map(at).collect();
        assert_eq!(SignInLimit::PER_ACCOUNT.retry_after(&failures, at(5)), Some(Duration::minutes(10)));
        assert_eq!(SignInLimit::PER_ACCOUNT.retry_after(&failures, at(15)), None);
    }

    #[test]
    fn failures_older_than_the_window_do_not_count() {
        let failures: Vec<_> = (0..10).map(|m| at(m - 60)).collect();
        assert_eq!(SignInLimit::PER_ACCOUNT.retry_after(&failures, at(0)), None);
    }

    #[test]
    fn the_wait_rounds_up_to_whole_minutes() {
        assert_eq!(whole_minutes(Duration::seconds(61)), 2);
        assert_eq!(whole_minutes(Duration::seconds(5)), 1);
        assert_eq!(whole_minutes(Duration::minutes(10)), 10);
    }
}
