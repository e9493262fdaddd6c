//! A staff username as typed on the sign-in form.

use std::fmt;

/// A username that is known to be well formed: 1 to 64 characters of lower-case
/// letters, digits, `.`, `-` or `_`. Surrounding spaces are ignored and capitals
/// are folded, because people type their name on a phone keyboard.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Username(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UsernameError {
    #[error("Enter your username.")]
    Empty,
    #[error("A username is at most 64 characters.")]
    TooLong,
    #[error("A username has only letters, numbers, dots, dashes and underscores.")]
    BadCharacter,
}

impl Username {
    pub const MAX_LEN: usize = 64;

    /// ```
    /// use app::domain::Username;
    /// assert_eq!(Username::parse("  PSW ").unwrap().as_str(), "psw");
    /// assert!(Username::parse("").is_err());
    /// ```
    pub fn parse(raw: &str) -> Result<Self, UsernameError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(UsernameError::Empty);
        }
        if trimmed.chars().count() > Self::MAX_LEN {
            return Err(UsernameError::TooLong);
        }
        let folded = trimmed.to_lowercase();
        if !folded
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
        {
            return Err(UsernameError::BadCharacter);
        }
        Ok(Self(folded))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_username_asks_the_person_to_enter_one() {
        assert_eq!(Username::parse("   "), Err(UsernameError::Empty));
    }

    #[test]
    fn a_username_longer_than_64_characters_is_refused() {
        assert_eq!(Username::parse(&"a".repeat(65)), Err(UsernameError::TooLong));
        assert!(Username::parse(&"a".repeat(64)).is_ok());
    }

    #[test]
    fn spaces_inside_or_symbols_are_refused() {
        assert_eq!(Username::parse("ps w"), Err(UsernameError::BadCharacter));
        assert_eq!(Username::parse("psw'--"), Err(UsernameError::BadCharacter));
    }

    #[test]
    fn capitals_are_folded_so_a_phone_keyboard_still_signs_in() {
        assert_eq!(Username::parse("Nurse.Jones").unwrap().as_str(), "nurse.jones");
    }
}
