//! The rules a new password must meet (NCSC and OWASP guidance: length over
//! complexity, and never a password everyone else uses too).

use std::fmt;

/// A password that meets the rules; only sign-up, reset and change take one.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("Enter a password.")]
    Empty,
    #[error("Use at least 12 characters. A few unrelated words together are easy to remember.")]
    TooShort,
    #[error("Use at most 128 characters.")]
    TooLong,
    #[error("That password is too common. Choose one that other people would not guess.")]
    TooCommon,
    #[error("Your password must not contain your username.")]
    ContainsUsername,
}

/// Why a change of password did not happen.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum ChangePasswordError {
    #[error("Your current password is not right.")]
    WrongCurrent,
    #[error("The two new passwords are not the same.")]
    Mismatch,
    #[error("{0}")]
    Rule(String),
    #[error("Your password could not be changed just now. Try again in a minute.")]
    Unavailable,
    /// Too many wrong current passwords lately (they count as failed sign-ins).
    #[error("Too many wrong passwords. Try again in {}.", minutes_in_words(*minutes))]
    TooManyAttempts { minutes: u32 },
}

fn minutes_in_words(minutes: u32) -> String {
    if minutes == 1 {
        "1 minute".into()
    } else {
        format!("{minutes} minutes")
    }
}

/// Passwords seen most often in breaches that are 12 characters or longer
/// (shorter ones are refused anyway). Compared without case.
const COMMON: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678901234",
    "123456789123",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "password1234",
    "password12345",
    "password123!",
    "qwertyuiop12",
    "qwertyuiopasdfgh",
    "qwerty123456",
    "qwertyuiop123",
    "iloveyou1234",
    "letmein12345",
    "welcome12345",
    "welcome123456",
    "administrator",
    "changeme1234",
    "passw0rd1234",
    "password1!password",
    "trustno1trustno1",
    "abcdefghijkl",
    "abc123abc123",
    "111111111111",
    "000000000000",
    "aaaaaaaaaaaa",
    "football1234",
    "baseball1234",
    "superman1234",
    "sunshine1234",
    "princess1234",
    "monkey123456",
    "dragon123456",
    "nhspassword1",
    "nhspassword123",
    "password2024",
    "password2025",
    "password2026",
    "summer2025!!",
    "winter2025!!",
    "spring2026!!",
    "autumn2026!!",
    "mentalhealth1",
    "alongside123",
    "alongside1234",
    "peersupport1",
    "peersupport123",
    "ilovemymum123",
    "correcthorsebatterystaple",
];

impl NewPassword {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_CHARS: usize = 128;

    /// ```
    /// use app::domain::password_rules::{NewPassword, PasswordError};
    /// assert!(NewPassword::parse("kettle orbit lantern", "psw").is_ok());
    /// assert_eq!(NewPassword::parse("short", "psw").err(), Some(PasswordError::TooShort));
    /// ```
    pub fn parse(raw: &str, username: &str) -> Result<Self, PasswordError> {
        let chars = raw.chars().count();
        if chars == 0 {
            return Err(PasswordError::Empty);
        }
        if chars < Self::MIN_CHARS {
            return Err(PasswordError::TooShort);
        }
        if chars > Self::MAX_CHARS {
            return Err(PasswordError::TooLong);
        }
        let folded = raw.to_lowercase();
        if COMMON.iter().any(|c| *c == folded) || is_one_repeated_character(&folded) {
            return Err(PasswordError::TooCommon);
        }
        let username = username.trim().to_lowercase();
        if username.len() >= 3 && folded.contains(&username) {
            return Err(PasswordError::ContainsUsername);
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

fn is_one_repeated_character(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|first| chars.all(|c| c == first))
}

/// Never print a password, even by accident in a log.
impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eleven_characters_are_too_few_and_twelve_are_enough() {
        assert_eq!(NewPassword::parse("kettle-orbi", "psw"), Err(PasswordError::TooShort));
        assert!(NewPassword::parse("kettle-orbit", "psw").is_ok());
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // 12 characters, more bytes: enough.
        assert!(NewPassword::parse("ééééééxyzabc", "psw").is_ok());
    }

    #[test]
    fn a_common_password_is_refused_whatever_its_case() {
        assert_eq!(NewPassword::parse("Password1234", "psw"), Err(PasswordError::TooCommon));
        assert_eq!(NewPassword::parse("zzzzzzzzzzzzzz", "psw"), Err(PasswordError::TooCommon));
    }

    #[test]
    fn a_password_containing_the_username_is_refused() {
        assert_eq!(
            NewPassword::parse("nurse.jones-rocks", "Nurse.Jones"),
            Err(PasswordError::ContainsUsername)
        );
    }

    #[test]
    fn a_very_long_password_is_refused_before_it_is_hashed() {
        assert_eq!(NewPassword::parse(&"ab".repeat(65), "psw"), Err(PasswordError::TooLong));
    }

    #[test]
    fn the_password_never_shows_in_debug_output() {
        let password = NewPassword::parse("kettle orbit lantern", "psw").expect("valid");
        assert!(!format!("{password:?}").contains("kettle"));
    }
}
