//! The server's settings, from flags or the environment.

use clap::builder::BoolishValueParser;
use clap::Parser;
use std::net::SocketAddr;

#[derive(Parser, Debug, Clone)]
#[command(name = "alongside", about = "Alongside: peer support records for NHS wards")]
pub struct Config {
    /// Where the data lives: sqlite://path/to/file.db or postgres://user@host/db.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/alongside.db")]
    pub database_url: String,

    /// The address to listen on.
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,

    /// The folder holding the built site (pkg/, the service worker, icons).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,

    /// Mark the session cookie Secure; set it whenever the app is served over HTTPS.
    #[arg(long, env = "ALONGSIDE_SECURE_COOKIES", value_parser = BoolishValueParser::new())]
    pub secure_cookies: bool,

    /// Load fictional demo data into an empty database.
    #[arg(long, env = "ALONGSIDE_DEMO", value_parser = BoolishValueParser::new())]
    pub demo: bool,

    /// The demo accounts' password.
    #[arg(long, env = "ALONGSIDE_DEMO_PASSWORD", default_value = crate::demo::DEFAULT_PASSWORD, hide_env_values = true)]
    pub demo_password: String,

    /// Minutes without a request after which a session ends.
    #[arg(long, env = "ALONGSIDE_IDLE_MINUTES", default_value_t = 30, value_parser = clap::value_parser!(i64).range(1..=720))]
    pub idle_minutes: i64,

    /// Seconds without use after which the app locks on the device behind
    /// the person's PIN.
    #[arg(long, env = "ALONGSIDE_DEVICE_LOCK_SECONDS", default_value_t = 300, value_parser = clap::value_parser!(u32).range(2..=3600))]
    pub device_lock_seconds: u32,

    /// Days a record the server already has stays readable on a device
    /// before it is cleared to make room (unsent records always stay).
    #[arg(long, env = "ALONGSIDE_DEVICE_RETENTION_DAYS", default_value_t = 14, value_parser = clap::value_parser!(u32).range(1..=365))]
    pub device_retention_days: u32,

    /// Minutes a risk or safeguarding concern may wait for the nurse in
    /// charge to acknowledge it before it is flagged to the ward's manager.
    #[arg(long, env = "ALONGSIDE_CONCERN_ESCALATE_MINUTES", default_value_t = app::domain::concern::DEFAULT_ESCALATE_AFTER_MIN, value_parser = clap::value_parser!(u32).range(0..=1440))]
    pub concern_escalate_minutes: u32,

    /// The hour (0–23, UK clock) at which a shift nobody checked out of is
    /// closed, marked as closed automatically.
    #[arg(long, env = "ALONGSIDE_SHIFT_CLOSE_HOUR", default_value_t = app::domain::shift::DEFAULT_CLOSE_HOUR, value_parser = clap::value_parser!(u32).range(0..=23))]
    pub shift_close_hour: u32,

    /// Addresses of load balancers in front of the app (comma-separated);
    /// only their `X-Forwarded-For` header is believed.
    #[arg(long, env = "ALONGSIDE_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

#[cfg(test)]
mod tests {
    use super::Config;
    use clap::Parser;

    #[test]
    fn switches_accept_the_ways_people_write_yes_and_no() {
        let on = Config::try_parse_from(["alongside", "--demo", "--secure-cookies"]).expect("flags");
        assert!(on.demo && on.secure_cookies);
        let off = Config::try_parse_from(["alongside"]).expect("no flags");
        assert!(!off.demo && !off.secure_cookies);
        assert_eq!(off.addr.to_string(), "127.0.0.1:3000");
    }

    #[test]
    fn trusted_proxies_are_a_comma_separated_list_of_addresses() {
        let config =
            Config::try_parse_from(["alongside", "--trusted-proxies", "10.0.0.2,::1"]).expect("list");
        assert_eq!(config.trusted_proxies.len(), 2);
        assert!(Config::try_parse_from(["alongside", "--trusted-proxies", "balancer"]).is_err());
    }
}
