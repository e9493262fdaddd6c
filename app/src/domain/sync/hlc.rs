//! Hybrid logical clock stamps: `<ms since epoch, 15 digits>:<counter, 5
//! digits>:<device uuid>`. Fixed widths make the text sort in causal order,
//! with the device id breaking ties.

use std::fmt;

/// How far ahead of the server's clock a stamp may be.
pub const MAX_AHEAD_MS: u64 = 10 * 60 * 1000;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hlc {
    pub ms: u64,
    pub counter: u32,
    pub device: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HlcError {
    #[error("The clock stamp is not in the form <15 digits>:<5 digits>:<device id>.")]
    Shape,
    #[error("The clock stamp's device is not a device id (a UUID).")]
    Device,
    #[error("This device's clock is more than 10 minutes ahead of the server's. Set the phone's date and time to automatic, then sync again.")]
    Ahead,
}

/// A lower-case hyphenated UUID, as devices make them.
pub fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_digit() || ('a'..='f').contains(&c),
        })
}

impl Hlc {
    pub fn parse(text: &str) -> Result<Self, HlcError> {
        let mut parts = text.splitn(3, ':');
        let (Some(ms), Some(counter), Some(device)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(HlcError::Shape);
        };
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(ms, 15) || !digits(counter, 5) {
            return Err(HlcError::Shape);
        }
        if !is_uuid(device) {
            return Err(HlcError::Device);
        }
        Ok(Hlc {
            ms: ms.parse().map_err(|_| HlcError::Shape)?,
            counter: counter.parse().map_err(|_| HlcError::Shape)?,
            device: device.to_owned(),
        })
    }

    /// Refuses a stamp from a device whose clock runs well ahead of ours.
    pub fn check_not_ahead(&self, server_now_ms: u64) -> Result<(), HlcError> {
        if self.ms > server_now_ms + MAX_AHEAD_MS {
            Err(HlcError::Ahead)
        } else {
            Ok(())
        }
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:015}:{:05}:{}", self.ms, self.counter, self.device)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEVICE: &str = "6f1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10";

    #[test]
    fn a_stamp_reads_back_as_written() {
        let text = format!("001764000000000:00003:{DEVICE}");
        let hlc = Hlc::parse(&text).expect("stamp");
        assert_eq!((hlc.ms, hlc.counter), (1_764_000_000_000, 3));
        assert_eq!(hlc.to_string(), text);
    }

    #[test]
    fn text_order_is_clock_order() {
        let a = Hlc { ms: 9, counter: 99, device: DEVICE.into() };
        let b = Hlc { ms: 10, counter: 0, device: DEVICE.into() };
        assert!(a < b && a.to_string() < b.to_string());
    }

    #[test]
    fn malformed_stamps_are_refused() {
        assert_eq!(Hlc::parse("1764000000000:3:x"), Err(HlcError::Shape));
        assert_eq!(Hlc::parse(&format!("00176400000000a:00003:{DEVICE}")), Err(HlcError::Shape));
        assert_eq!(Hlc::parse("001764000000000:00003:not-a-uuid"), Err(HlcError::Device));
        assert_eq!(Hlc::parse(""), Err(HlcError::Shape));
    }

    #[test]
    fn a_clock_more_than_ten_minutes_ahead_is_refused_with_advice() {
        let now = 1_764_000_000_000;
        let soon = Hlc { ms: now + MAX_AHEAD_MS, counter: 0, device: DEVICE.into() };
        let later = Hlc { ms: now + MAX_AHEAD_MS + 1, counter: 0, device: DEVICE.into() };
        assert!(soon.check_not_ahead(now).is_ok());
        assert!(later.check_not_ahead(now).unwrap_err().to_string().contains("date and time to automatic"));
    }
}
