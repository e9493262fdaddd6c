//! Signing in as a browser does, for the command-line tools that talk to a
//! running server (`alongside-load`, `alongside-fuzz`): the session cookie
//! to send, the password option they share, and how their HTTP client keeps
//! connections.

/// The password every account these tools sign in as shares (the demo's,
/// or the load test's, which is seeded with it).
#[derive(clap::Args, Debug)]
pub struct Password {
    #[arg(
        long,
        env = "ALONGSIDE_DEMO_PASSWORD",
        default_value = "walk-alongside-2026",
        hide_env_values = true
    )]
    pub password: String,
}

/// The tools' HTTP client, before their own settings: it reads redirects
/// itself (sign-in answers 303 with the cookie: read that answer, not the
/// page after it), and lets an idle connection go before the server's
/// header deadline closes it (a request sent on one as it closes is cut).
pub fn client_builder() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_idle_timeout(crate::serve::HEADER_READ_TIMEOUT / 2)
}

/// `alongside_session=…` for `username`, or why the server refused.
pub async fn sign_in(
    client: &reqwest::Client,
    url: &str,
    username: &str,
    password: &str,
) -> Result<String, String> {
    let response = client
        .post(format!("{url}/login"))
        .form(&[("username", username), ("password", password)])
        .send()
        .await
        .map_err(|e| format!("sign-in failed: {e}"))?;
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| {
            c.split(';').next().filter(|kv| kv.starts_with("alongside_session=")).map(str::to_owned)
        })
        .ok_or_else(|| format!("sign-in as {username} was refused ({})", response.status()))
}
