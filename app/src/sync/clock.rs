//! The device's hybrid logical clock: stamps that never go backwards, even
//! when the phone's clock does, and that move past any stamp seen from
//! another device. The wall time is passed in, so tests control it.

use crate::domain::sync::hlc::MAX_AHEAD_MS;
use crate::domain::sync::Hlc;

/// The most a stamp's counter can show in its five digits; past it the
/// clock moves on a millisecond instead, so the text keeps its order.
const MAX_COUNTER: u32 = 99_999;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HlcClock {
    last: Option<Hlc>,
    /// The latest time the server was heard to say (ms since the epoch):
    /// the true time is at least this, whatever the phone's clock says.
    heard_ms: u64,
}

impl HlcClock {
    /// Carries on from the last stamp this device issued or saw.
    pub fn resume(last: Option<Hlc>) -> Self {
        HlcClock { last, heard_ms: 0 }
    }

    /// Takes in the server's time, from an answer it sent.
    pub fn hear_server_time(&mut self, server_ms: u64) {
        self.heard_ms = self.heard_ms.max(server_ms);
    }

    pub fn heard_ms(&self) -> u64 {
        self.heard_ms
    }

    pub fn last(&self) -> Option<&Hlc> {
        self.last.as_ref()
    }

    /// A new stamp, later than every stamp before it, unless the last one
    /// runs more than the server's limit ([`MAX_AHEAD_MS`]) ahead of the
    /// best time the phone knows: the later of its own clock and the last
    /// time the server was heard to say.
    ///
    /// ```
    /// use app::sync::HlcClock;
    /// let device = "6f1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10";
    /// let mut clock = HlcClock::default();
    /// clock.hear_server_time(10_000_000);
    /// let first = clock.tick(10_000_000, device);
    /// // The phone's clock jumps back an hour: the server was heard at the
    /// // later time, so stamps still go forwards.
    /// let second = clock.tick(10_000_000 - 3_600_000, device);
    /// assert!(second > first && second.to_string() > first.to_string());
    /// ```
    ///
    /// A last stamp past that is left behind: the server refuses such
    /// stamps, so it can only be this phone's own from while its clock ran
    /// fast, and carrying on from it would refuse every save until that time
    /// came round, long after the clock was put right.
    pub fn tick(&mut self, wall_ms: u64, device: &str) -> Hlc {
        let next = match &self.last {
            Some(last) if last.ms > wall_ms.max(self.heard_ms).saturating_add(MAX_AHEAD_MS) => {
                Hlc { ms: wall_ms, counter: 0, device: device.into() }
            }
            Some(last) if last.ms >= wall_ms && last.counter >= MAX_COUNTER => {
                Hlc { ms: last.ms + 1, counter: 0, device: device.into() }
            }
            Some(last) if last.ms >= wall_ms => {
                Hlc { ms: last.ms, counter: last.counter + 1, device: device.into() }
            }
            _ => Hlc { ms: wall_ms, counter: 0, device: device.into() },
        };
        self.last = Some(next.clone());
        next
    }

    /// Takes in a stamp from elsewhere, so the next tick is later than it.
    pub fn observe(&mut self, remote: &Hlc) {
        if self.last.as_ref().is_none_or(|last| remote > last) {
            self.last = Some(remote.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "00000000-0000-4000-8000-00000000000a";
    const B: &str = "00000000-0000-4000-8000-00000000000b";

    #[test]
    fn stamps_in_the_same_millisecond_count_up() {
        let mut clock = HlcClock::default();
        let stamps: Vec<Hlc> = (0..3).map(|_| clock.tick(5, A)).collect();
        assert_eq!(stamps.iter().map(|s| s.counter).collect::<Vec<_>>(), vec![0, 1, 2]);
        assert!(stamps.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_stamp_seen_from_a_device_ahead_moves_this_clock_past_it() {
        let mut clock = HlcClock::default();
        clock.tick(100, A);
        let remote = Hlc { ms: 900, counter: 4, device: B.into() };
        clock.observe(&remote);
        let next = clock.tick(200, A);
        assert!(next > remote, "{next} after {remote}");
        assert_eq!((next.ms, next.counter), (900, 5));
    }

    #[test]
    fn the_counter_never_outgrows_its_five_digits() {
        let mut clock = HlcClock::resume(Some(Hlc { ms: 7, counter: MAX_COUNTER - 1, device: A.into() }));
        let stamps: Vec<Hlc> = (0..3).map(|_| clock.tick(7, A)).collect();
        assert_eq!(
            stamps.iter().map(|s| (s.ms, s.counter)).collect::<Vec<_>>(),
            [(7, 99_999), (8, 0), (8, 1)]
        );
        let texts: Vec<String> = stamps.iter().map(Hlc::to_string).collect();
        assert!(texts.windows(2).all(|w| w[0] < w[1]), "{texts:?}");
        assert!(texts.iter().all(|t| Hlc::parse(t).is_ok()), "{texts:?}");
    }

    #[test]
    fn a_phone_whose_clock_was_hours_ahead_saves_again_once_it_is_put_right() {
        let now = 1_795_617_000_000;
        let three_hours = 3 * 60 * 60 * 1000;
        let mut clock = HlcClock::default();
        let wrong = clock.tick(now + three_hours, A);
        assert!(wrong.check_not_ahead(now).is_err(), "refused while the clock is wrong");
        // The clock is put right: the next stamp is the true time.
        let next = clock.tick(now + 1_000, A);
        assert_eq!((next.ms, next.counter), (now + 1_000, 0));
        assert!(next.check_not_ahead(now + 1_000).is_ok());
        // A few minutes ahead is within the limit, and stamps still only go forwards.
        let mut clock = HlcClock::resume(Some(Hlc { ms: now + 60_000, counter: 2, device: A.into() }));
        assert_eq!(clock.tick(now, A).ms, now + 60_000);
    }

    #[test]
    fn a_phone_whose_clock_falls_behind_the_server_it_heard_still_stamps_forwards() {
        let now = 1_795_617_000_000;
        let mut clock = HlcClock::default();
        clock.hear_server_time(now);
        let before = clock.tick(now, A);
        // Its clock is set back three hours, offline: the server was heard at
        // the true time, so the phone's own stamps are not ahead of it.
        let after = clock.tick(now - 3 * 60 * 60 * 1000, A);
        assert!(after > before, "{after} after {before}");
    }

    #[test]
    fn an_older_remote_stamp_changes_nothing() {
        let mut clock = HlcClock::default();
        let mine = clock.tick(1_000, A);
        clock.observe(&Hlc { ms: 10, counter: 0, device: B.into() });
        assert_eq!(clock.last(), Some(&mine));
    }
}
