//! The server's settings, from flags or the environment.

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
    #[arg(long, env = "ALONGSIDE_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// Load fictional demo data into an empty database.
    #[arg(long, env = "ALONGSIDE_DEMO")]
    pub demo: bool,

    /// The demo accounts' password.
    #[arg(long, env = "ALONGSIDE_DEMO_PASSWORD", default_value = crate::demo::DEFAULT_PASSWORD, hide_env_values = true)]
    pub demo_password: String,

    /// Minutes without a request after which a session ends.
    #[arg(long, env = "ALONGSIDE_IDLE_MINUTES", default_value_t = 30, value_parser = clap::value_parser!(i64).range(1..=720))]
    pub idle_minutes: i64,
}
