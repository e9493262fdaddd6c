//! The device's hybrid logical clock: stamps that never go backwards, even
//! when the phone's clock does, and that move past any stamp seen from
//! another device. The wall time is passed in, so tests control it.

use crate::domain::sync::Hlc;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HlcClock {
    last: Option<Hlc>,
}

impl HlcClock {
    /// Carries on from the last stamp this device issued or saw.
    pub fn resume(last: Option<Hlc>) -> Self {
        HlcClock { last }
    }

    pub fn last(&self) -> Option<&Hlc> {
        self.last.as_ref()
    }

    /// A new stamp, later than every stamp before it.
    ///
    /// ```
    /// use app::sync::HlcClock;
    /// let device = "6f1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10";
    /// let mut clock = HlcClock::default();
    /// let first = clock.tick(10_000_000, device);
    /// // The phone's clock jumps back an hour: stamps still go forwards.
    /// let second = clock.tick(10_000_000 - 3_600_000, device);
    /// assert!(second > first && second.to_string() > first.to_string());
    /// ```
    pub fn tick(&mut self, wall_ms: u64, device: &str) -> Hlc {
        let next = match &self.last {
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
    fn an_older_remote_stamp_changes_nothing() {
        let mut clock = HlcClock::default();
        let mine = clock.tick(1_000, A);
        clock.observe(&Hlc { ms: 10, counter: 0, device: B.into() });
        assert_eq!(clock.last(), Some(&mine));
    }
}
