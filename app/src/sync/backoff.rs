//! When to try again: soon after a write, then regularly to pull others'
//! records; after failures, exponentially later with jitter, so a ward full
//! of phones coming back online does not knock on the server at once.

/// How often a healthy device pulls, in ms.
pub const POLL_MS: u64 = 30_000;
const FIRST_RETRY_MS: u64 = 2_000;
const MAX_RETRY_MS: u64 = 5 * 60_000;

/// The wait after `failures` failures in a row; `jitter` is a random
/// number in [0, 1). The wait is between half and all of the exponential step.
///
/// ```
/// use app::sync::backoff::delay_ms;
/// assert_eq!(delay_ms(0, 0.5), 30_000);
/// assert!((1_000..=2_000).contains(&delay_ms(1, 0.0)));
/// assert!(delay_ms(30, 0.99) <= 5 * 60_000);
/// ```
pub fn delay_ms(failures: u32, jitter: f64) -> u64 {
    if failures == 0 {
        return POLL_MS;
    }
    let step = FIRST_RETRY_MS.saturating_mul(1u64 << (failures - 1).min(20)).min(MAX_RETRY_MS);
    let jitter = jitter.clamp(0.0, 1.0);
    step / 2 + ((step / 2) as f64 * jitter) as u64
}

#[cfg(test)]
mod tests {
    use super::delay_ms;

    #[test]
    fn each_failure_doubles_the_wait_up_to_five_minutes() {
        let waits: Vec<u64> = (1..=10).map(|n| delay_ms(n, 1.0)).collect();
        assert_eq!(&waits[..4], &[2_000, 4_000, 8_000, 16_000]);
        assert!(waits.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(*waits.last().expect("ten"), 300_000);
    }

    #[test]
    fn jitter_spreads_phones_over_the_second_half_of_the_step() {
        assert_eq!(delay_ms(3, 0.0), 4_000);
        assert_eq!(delay_ms(3, 0.5), 6_000);
    }
}
