//! Phones and tablets the app has been used on, and *Report a lost phone*.
//!
//! Each browser the app runs in keeps a device id of its own (the sync
//! contract's `device_id`), and tells the server with a cookie. A manager
//! (for the staff on their sites) or an administrator (for anyone) reports a
//! device lost: its sessions end at once and, if it ever reaches the server
//! again, every answer tells it to wipe what Alongside keeps on it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The cookie that names the device's id on every request.
pub const DEVICE_COOKIE: &str = "alongside_device";

/// What a lost device is told, on a page or in an API answer.
pub const LOST: &str = "This phone was reported lost, so Alongside has been wiped from it. \
     If it has been found, sign in again: it starts afresh.";

/// One device as the *Phones and tablets* page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone {
    pub id: String,
    /// Who used it last, by name.
    pub used_by: String,
    /// What kind of device and browser, from its user agent ("Chrome on Android").
    pub kind: String,
    pub first_seen: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    pub lost: Option<LostReport>,
}

/// Who reported a device lost and what has happened since.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LostReport {
    pub by: String,
    pub at: DateTime<Utc>,
    /// When the device next reached the server and was told to wipe itself.
    pub wiped_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("{0}")]
    Denied(&'static str),
    #[error("There is no such phone, or it was not used on your wards.")]
    NoSuchPhone,
    #[error("This phone has already been reported lost.")]
    AlreadyReported,
    #[error("The change could not be saved just now. Try again in a minute.")]
    Unavailable,
}

impl PhoneError {
    /// The HTTP status that says the same thing.
    pub fn status(&self) -> u16 {
        match self {
            PhoneError::Denied(_) => 403,
            PhoneError::NoSuchPhone => 404,
            PhoneError::AlreadyReported => 409,
            PhoneError::Unavailable => 503,
        }
    }
}

/// A device id as the app makes them: a UUID in lowercase text.
pub fn is_device_id(id: &str) -> bool {
    super::sync::hlc::is_uuid(id)
}

/// The kind of device and browser a user agent names, in a few words a
/// manager recognises ("Chrome on Android", "Safari on iPad"). Only the
/// words are kept, never the whole header.
pub fn describe_user_agent(agent: &str) -> String {
    let has = |word: &str| agent.contains(word);
    let system = if has("iPad") {
        "iPad"
    } else if has("iPhone") {
        "iPhone"
    } else if has("Android") {
        "Android"
    } else if has("CrOS") {
        "Chromebook"
    } else if has("Windows") {
        "Windows"
    } else if has("Macintosh") {
        "Mac"
    } else if has("Linux") {
        "Linux"
    } else {
        ""
    };
    // Order matters: Edge and Chrome say "Safari" too, and Edge says "Chrome".
    let browser = if has("Edg/") || has("EdgA/") || has("EdgiOS/") {
        "Edge"
    } else if has("Firefox/") || has("FxiOS/") {
        "Firefox"
    } else if has("SamsungBrowser/") {
        "Samsung Internet"
    } else if has("Chrome/") || has("CriOS/") || has("Chromium/") {
        "Chrome"
    } else if has("Safari/") {
        "Safari"
    } else {
        ""
    };
    match (browser, system) {
        ("", "") => "Unknown device".into(),
        ("", system) => format!("A browser on {system}"),
        (browser, "") => browser.into(),
        (browser, system) => format!("{browser} on {system}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_work_devices_are_named_as_people_know_them() {
        let cases = [
            (
                "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
                "Chrome on Android",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                "Safari on iPhone",
            ),
            (
                "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1",
                "Chrome on iPad",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
                "Edge on Windows",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; SM-X210) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Safari/537.36",
                "Samsung Internet on Android",
            ),
            ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox on Linux"),
            ("curl/8.5.0", "Unknown device"),
            ("", "Unknown device"),
        ];
        for (agent, named) in cases {
            assert_eq!(describe_user_agent(agent), named, "{agent}");
        }
    }

    #[test]
    fn a_device_id_is_the_apps_uuid() {
        assert!(is_device_id("0b7d3c1e-52a4-4f4e-9b1a-3c2d1e0f9a8b"));
        assert!(!is_device_id("phone-1"));
        assert!(!is_device_id(""));
    }
}
