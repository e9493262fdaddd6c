//! Who is asking: sign-in and sign-out, the session cookie, and the gate that
//! keeps every page and API behind a signed-in session.

mod client;
pub mod deployment;
mod gate;
mod handlers;
mod password;
mod sign_in_limit;
mod token;

pub use client::Client;
pub use gate::{gate, load_user, wants_html};
pub use handlers::{login, logout};
pub use password::{hash_off_thread, hash_password, verify_password, HashError, PasswordChecks};
pub use sign_in_limit::{wait_before, whole_minutes};

use chrono::Duration;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "alongside_session";

/// How sessions behave; set from the server's configuration.
#[derive(Clone, Debug)]
pub struct AuthSettings {
    /// Mark the cookie `Secure` (when the app is served over HTTPS).
    pub secure_cookies: bool,
    /// A session unused for this long ends.
    pub idle_timeout: Duration,
    /// A session ends this long after sign-in, however busy.
    pub absolute_timeout: Duration,
    /// Load balancers whose `X-Forwarded-For` names the person's address.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Seconds of no use before the app locks on the device.
    pub device_lock_seconds: u32,
    /// Days a device keeps records the server already has.
    pub device_retention_days: u32,
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings {
            secure_cookies: false,
            idle_timeout: Duration::minutes(30),
            absolute_timeout: Duration::hours(12),
            trusted_proxies: Vec::new(),
            device_lock_seconds: app::domain::device_pin::DEFAULT_LOCK_SECONDS,
            device_retention_days: app::sync::DEFAULT_RETENTION_DAYS,
        }
    }
}
