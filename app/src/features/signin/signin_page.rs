//! The sign-in page: username, password, and a clear message when they are wrong.

use crate::ui::SiteHeader;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Why the last sign-in did not work, carried in `?error=` so the page can
/// say it after the server answers the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInError {
    MissingUsername,
    MissingPassword,
    WrongCredentials,
    SignedOut,
    Expired,
    /// Five wrong PINs on the device lock.
    LockedOut,
    TooManyAttempts {
        minutes: u32,
    },
    /// More sign-ins at once than the server checks at a time.
    Busy,
}

impl SignInError {
    pub fn code(self) -> &'static str {
        match self {
            SignInError::MissingUsername => "missing-username",
            SignInError::MissingPassword => "missing-password",
            SignInError::WrongCredentials => "credentials",
            SignInError::SignedOut => "signed-out",
            SignInError::Expired => "expired",
            SignInError::LockedOut => "locked-out",
            SignInError::TooManyAttempts { .. } => "too-many",
            SignInError::Busy => "busy",
        }
    }

    /// The address's `?error=` code, with `?minutes=` for a pause.
    pub fn from_code(code: &str, minutes: Option<u32>) -> Option<Self> {
        [
            SignInError::MissingUsername,
            SignInError::MissingPassword,
            SignInError::WrongCredentials,
            SignInError::SignedOut,
            SignInError::Expired,
            SignInError::LockedOut,
            SignInError::TooManyAttempts { minutes: minutes.unwrap_or(15) },
            SignInError::Busy,
        ]
        .into_iter()
        .find(|e| e.code() == code)
    }

    /// The query string that carries this error to the sign-in page.
    pub fn query(self) -> String {
        match self {
            SignInError::TooManyAttempts { minutes } => format!("error=too-many&minutes={minutes}"),
            other => format!("error={}", other.code()),
        }
    }

    pub fn message(self) -> String {
        match self {
            SignInError::MissingUsername => "Enter your username.".into(),
            SignInError::MissingPassword => "Enter your password.".into(),
            SignInError::WrongCredentials => {
                "The username or password is not right. Check them and try again.".into()
            }
            SignInError::SignedOut => "You have signed out.".into(),
            SignInError::Expired => "Your session ended. Sign in again to carry on.".into(),
            SignInError::LockedOut => {
                "The PIN was wrong 5 times, so you were signed out and this device was cleared. Sign in with your password.".into()
            }
            SignInError::TooManyAttempts { minutes: 1 } => {
                "Too many attempts to sign in. Try again in 1 minute.".into()
            }
            SignInError::TooManyAttempts { minutes } => {
                format!("Too many attempts to sign in. Try again in {minutes} minutes.")
            }
            SignInError::Busy => "Many people are signing in at once. Wait a few seconds and try again.".into(),
        }
    }

    /// Notices are not problems: they are shown calmly, not as an error.
    fn is_problem(self) -> bool {
        !matches!(self, SignInError::SignedOut | SignInError::Expired | SignInError::LockedOut)
    }

    fn field(self) -> Option<&'static str> {
        match self {
            SignInError::MissingUsername
            | SignInError::WrongCredentials
            | SignInError::TooManyAttempts { .. } => Some("username"),
            SignInError::MissingPassword => Some("password"),
            _ => None,
        }
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let error = move || {
        query.with(|q| {
            let minutes = q.get("minutes").and_then(|m| m.parse().ok());
            q.get("error").and_then(|c| SignInError::from_code(&c, minutes))
        })
    };
    let problem = move || error().filter(|e| e.is_problem());
    let notice = move || error().filter(|e| !e.is_problem());
    let typed_username = query.with_untracked(|q| q.get("username")).unwrap_or_default();
    let username_invalid = move || problem().and_then(|e| e.field()) == Some("username");
    let password_invalid = move || problem().and_then(|e| e.field()) == Some("password");

    view! {
        <Title text="Sign in" />
        <SiteHeader user=None />
        <main id="main" class="page page--narrow">
            {move || {
                notice().map(|n| view! { <p class="notice" role="status">{n.message()}</p> })
            }}
            {move || {
                problem()
                    .map(|p| {
                        view! {
                            <div class="error-summary" role="alert" tabindex="-1">
                                <h2 class="error-summary__title">"There is a problem"</h2>
                                <p>
                                    <a href=format!("#{}", p.field().unwrap_or("username"))>
                                        {p.message()}
                                    </a>
                                </p>
                            </div>
                        }
                    })
            }}
            <h1>"Sign in"</h1>
            <p class="lede">"Use the username and password your ward gave you."</p>
            <form method="post" action="/login" class="form" novalidate>
                <div class="form-group" class:form-group--error=username_invalid>
                    <label class="label" for="username">"Username"</label>
                    <input
                        class="input"
                        id="username"
                        name="username"
                        type="text"
                        autocomplete="username"
                        autocapitalize="none"
                        spellcheck="false"
                        maxlength="64"
                        value=typed_username
                        required
                        aria-invalid=move || username_invalid().to_string()
                    />
                </div>
                <div class="form-group" class:form-group--error=password_invalid>
                    <label class="label" for="password">"Password"</label>
                    <input
                        class="input"
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        maxlength="256"
                        required
                        aria-invalid=move || password_invalid().to_string()
                    />
                </div>
                <button class="button" type="submit">"Sign in"</button>
            </form>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sign_in_message_survives_the_round_trip_through_the_address() {
        for e in [
            SignInError::MissingUsername,
            SignInError::MissingPassword,
            SignInError::WrongCredentials,
            SignInError::SignedOut,
            SignInError::Expired,
            SignInError::LockedOut,
            SignInError::TooManyAttempts { minutes: 7 },
            SignInError::Busy,
        ] {
            let query = e.query();
            let minutes = query.split("minutes=").nth(1).and_then(|m| m.parse().ok());
            assert_eq!(SignInError::from_code(e.code(), minutes), Some(e));
        }
        assert_eq!(SignInError::from_code("<script>", None), None);
    }

    #[test]
    fn a_pause_says_how_long_in_whole_words() {
        assert_eq!(
            SignInError::TooManyAttempts { minutes: 12 }.message(),
            "Too many attempts to sign in. Try again in 12 minutes."
        );
        assert!(SignInError::TooManyAttempts { minutes: 1 }.message().ends_with("in 1 minute."));
    }
}
