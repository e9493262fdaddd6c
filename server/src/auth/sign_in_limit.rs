//! How many failed sign-ins are allowed before a pause: per account from one
//! address (to stop guessing one person's password), per address (to stop
//! trying many accounts from one place), and per account from anywhere, as
//! a short delay that grows (to slow guesses spread over many addresses
//! without locking the person out: from an address that never failed, the
//! right password gets in within a minute at worst).

use chrono::{DateTime, Duration, Utc};

/// A limit: at most `max_failures` within `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignInLimit {
    pub max_failures: usize,
    pub window: Duration,
}

impl SignInLimit {
    /// Five wrong passwords for one account from one address in 15 minutes.
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

/// Attempts on one account from anywhere beyond [`SignInLimit::PER_ACCOUNT`]'s
/// number within its window each wait after the newest: 1 s, then 2, 4, 8…,
/// at most [`LONGEST_DELAY_SECONDS`].
pub fn account_delay(by_username: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<Duration> {
    let limit = SignInLimit::PER_ACCOUNT;
    let recent: Vec<_> =
        by_username.iter().copied().filter(|t| *t > now - limit.window && *t <= now).collect();
    let beyond = recent.len().checked_sub(limit.max_failures).filter(|b| *b > 0)?;
    // 2^6 = 64 s is already past the longest.
    let seconds = 1_i64 << (beyond - 1).min(6);
    let delay = Duration::seconds(seconds.min(LONGEST_DELAY_SECONDS));
    let ready = recent.into_iter().max()? + delay;
    (ready > now).then(|| ready - now)
}

/// The longest an account's progressive delay grows.
pub const LONGEST_DELAY_SECONDS: i64 = 60;

/// How long an attempt must wait, given the attempts before it: on this
/// account from this address, from this address, and on this account from
/// anywhere. `None` when it may go ahead now.
pub fn wait_before(
    by_pair: &[DateTime<Utc>],
    by_address: &[DateTime<Utc>],
    by_username: &[DateTime<Utc>],
    now: DateTime<Utc>,
) -> Option<Duration> {
    [
        SignInLimit::PER_ACCOUNT.retry_after(by_pair, now),
        SignInLimit::PER_ADDRESS.retry_after(by_address, now),
        account_delay(by_username, now),
    ]
    .into_iter()
    .flatten()
    .max()
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

    fn seconds(s: i64) -> DateTime<Utc> {
        at(0) + Duration::seconds(s)
    }

    #[test]
    fn guesses_from_many_addresses_wait_longer_each_time_but_never_more_than_a_minute() {
        // Five on the account from anywhere: no delay yet.
        let five: Vec<_> = (0..5).map(seconds).collect();
        assert_eq!(account_delay(&five, seconds(5)), None);
        // The sixth waits a second after the newest, the seventh two, then four.
        let six: Vec<_> = (0..6).map(seconds).collect();
        assert_eq!(account_delay(&six, seconds(5)), Some(Duration::seconds(1)));
        assert_eq!(account_delay(&six, seconds(6)), None);
        let eight: Vec<_> = (0..8).map(seconds).collect();
        assert_eq!(account_delay(&eight, seconds(7)), Some(Duration::seconds(4)));
        // However many, a minute at most.
        let many: Vec<_> = (0..40).map(seconds).collect();
        assert_eq!(account_delay(&many, seconds(39)), Some(Duration::seconds(60)));
        assert_eq!(account_delay(&many, seconds(99)), None);
    }

    #[test]
    fn the_longest_of_the_three_limits_holds() {
        let pair: Vec<_> = (0..5).map(at).collect();
        assert_eq!(wait_before(&pair, &pair, &pair, at(5)), Some(Duration::minutes(10)));
        // The same five from other addresses: this address may try at once.
        assert_eq!(wait_before(&[], &[], &pair, at(5)), None);
        let address: Vec<_> = (0..20).map(|m| at(m / 2)).collect();
        assert_eq!(wait_before(&[], &address, &[], at(10)), Some(Duration::minutes(5)));
    }

    #[test]
    fn the_wait_rounds_up_to_whole_minutes() {
        assert_eq!(whole_minutes(Duration::seconds(61)), 2);
        assert_eq!(whole_minutes(Duration::seconds(5)), 1);
        assert_eq!(whole_minutes(Duration::minutes(10)), 10);
    }
}
