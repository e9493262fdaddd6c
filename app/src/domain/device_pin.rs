//! The device PIN: the rules for choosing one, and what happens after a
//! wrong one. Plain rules; the browser side hashes and stores (see
//! `crate::device`).

use serde::{Deserialize, Serialize};

/// How many wrong PINs in a row end the session on this device.
pub const MAX_TRIES: u8 = 5;

/// Seconds of no use after which the app locks, unless the server says otherwise.
pub const DEFAULT_LOCK_SECONDS: u32 = 300;

/// A PIN that follows the rules: 4 to 8 digits, not one digit repeated and
/// not a straight run such as 1234 or 9876 (the first guesses anyone tries).
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    #[error("Enter a PIN of 4 to 8 numbers.")]
    Length,
    #[error("A PIN is numbers only.")]
    NotDigits,
    #[error("Choose a PIN that is harder to guess than one number repeated or a run like 1234.")]
    TooEasy,
    #[error("The two PINs are not the same. Enter the same PIN twice.")]
    Mismatch,
}

impl Pin {
    /// ```
    /// use app::domain::device_pin::{Pin, PinError};
    /// assert!(Pin::parse("2580").is_ok());
    /// assert_eq!(Pin::parse("1234").err(), Some(PinError::TooEasy));
    /// ```
    pub fn parse(raw: &str) -> Result<Self, PinError> {
        let pin = raw.trim();
        if !pin.chars().all(|c| c.is_ascii_digit()) {
            return Err(PinError::NotDigits);
        }
        if !(4..=8).contains(&pin.len()) {
            return Err(PinError::Length);
        }
        let digits: Vec<i8> = pin.bytes().map(|b| (b - b'0') as i8).collect();
        let steps: Vec<i8> = digits.windows(2).map(|w| w[1] - w[0]).collect();
        if steps.iter().all(|s| *s == 0) || steps.iter().all(|s| *s == 1) || steps.iter().all(|s| *s == -1) {
            return Err(PinError::TooEasy);
        }
        Ok(Pin(pin.to_owned()))
    }

    /// A new PIN typed twice.
    pub fn choose(first: &str, again: &str) -> Result<Self, PinError> {
        let pin = Pin::parse(first)?;
        if first.trim() != again.trim() {
            return Err(PinError::Mismatch);
        }
        Ok(pin)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// What the device keeps of its user's PIN: never the PIN itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinRecord {
    /// Whose PIN it is: another person signing in on this device sets their own.
    pub staff_id: String,
    /// Hex of the random salt and of the PBKDF2-SHA-256 hash.
    pub salt: String,
    pub hash: String,
    pub iterations: u32,
    /// Wrong PINs in a row since the last right one.
    pub failures: u8,
}

impl PinRecord {
    /// The record as named text fields, each kept under its own storage key
    /// (plain text rather than JSON keeps a JSON writer out of the download).
    pub fn to_fields(&self) -> [(&'static str, String); 5] {
        [
            ("staff_id", self.staff_id.clone()),
            ("salt", self.salt.clone()),
            ("hash", self.hash.clone()),
            ("iterations", self.iterations.to_string()),
            ("failures", self.failures.to_string()),
        ]
    }

    /// Reads a record back; `None` unless every field is there and sound.
    pub fn from_fields(get: impl Fn(&str) -> Option<String>) -> Option<Self> {
        Some(PinRecord {
            staff_id: get("staff_id").filter(|s| !s.is_empty())?,
            salt: get("salt")?,
            hash: get("hash")?,
            iterations: get("iterations")?.parse().ok()?,
            failures: get("failures")?.parse().ok()?,
        })
    }
}

/// What a wrong PIN leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WrongPin {
    TryAgain {
        left: u8,
    },
    /// The last try is used: sign out and clear the device.
    LockedOut,
}

impl PinRecord {
    /// Counts a wrong PIN.
    pub fn wrong(&mut self) -> WrongPin {
        self.failures = self.failures.saturating_add(1);
        if self.failures >= MAX_TRIES {
            WrongPin::LockedOut
        } else {
            WrongPin::TryAgain { left: MAX_TRIES - self.failures }
        }
    }
}

impl WrongPin {
    /// The words the lock screen shows.
    pub fn message(self) -> String {
        match self {
            WrongPin::TryAgain { left: 1 } => {
                "That PIN is not right. One try left: after that you will need to sign in again.".into()
            }
            WrongPin::TryAgain { left } => format!("That PIN is not right. {left} tries left."),
            WrongPin::LockedOut => "That PIN was wrong 5 times. Signing out…".into(),
        }
    }
}

/// True when the app has been left alone for `lock_after_seconds`.
pub fn is_idle(last_active_ms: f64, now_ms: f64, lock_after_seconds: u32) -> bool {
    now_ms - last_active_ms >= f64::from(lock_after_seconds) * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_is_4_to_8_digits() {
        assert_eq!(Pin::parse("258").err(), Some(PinError::Length));
        assert_eq!(Pin::parse("258025802").err(), Some(PinError::Length));
        assert_eq!(Pin::parse("25a0").err(), Some(PinError::NotDigits));
        assert_eq!(Pin::parse("").err(), Some(PinError::Length));
        assert!(Pin::parse(" 25801470 ").is_ok());
    }

    #[test]
    fn repeated_digits_and_straight_runs_are_too_easy() {
        for easy in ["0000", "1234", "98765", "3456789"] {
            assert_eq!(Pin::parse(easy).err(), Some(PinError::TooEasy), "{easy}");
        }
        for fine in ["1235", "2580", "0101"] {
            assert!(Pin::parse(fine).is_ok(), "{fine}");
        }
    }

    #[test]
    fn a_new_pin_must_be_typed_the_same_twice() {
        assert_eq!(Pin::choose("2580", "2581").err(), Some(PinError::Mismatch));
        assert_eq!(Pin::choose("2580", "2580").unwrap().expose(), "2580");
    }

    #[test]
    fn the_fifth_wrong_pin_in_a_row_locks_the_person_out() {
        let mut record = PinRecord {
            staff_id: "staff-psw".into(),
            salt: String::new(),
            hash: String::new(),
            iterations: 1,
            failures: 0,
        };
        let answers: Vec<WrongPin> = (0..5).map(|_| record.wrong()).collect();
        assert_eq!(answers[0], WrongPin::TryAgain { left: 4 });
        assert_eq!(answers[3], WrongPin::TryAgain { left: 1 });
        assert_eq!(answers[4], WrongPin::LockedOut);
        assert!(answers[3].message().contains("One try left"));
    }

    #[test]
    fn a_record_reads_back_from_its_fields_and_a_damaged_one_does_not() {
        let record = PinRecord {
            staff_id: "staff-psw".into(),
            salt: "00ff".into(),
            hash: "abcd".into(),
            iterations: 600_000,
            failures: 2,
        };
        let fields = record.to_fields();
        let get = |k: &str| fields.iter().find(|(name, _)| *name == k).map(|(_, v)| v.clone());
        assert_eq!(PinRecord::from_fields(get), Some(record.clone()));
        let damaged = |k: &str| if k == "failures" { Some("many".into()) } else { get(k) };
        assert_eq!(PinRecord::from_fields(damaged), None);
    }

    #[test]
    fn the_app_locks_once_the_idle_time_has_passed() {
        assert!(!is_idle(1_000.0, 300_999.0, 300));
        assert!(is_idle(1_000.0, 301_000.0, 300));
    }
}
