//! `/account/password`: choose a new password (also where an admin's reset
//! sends someone at their next sign-in).

use super::{ChangePassword, StaffHeader};
use crate::domain::password_rules::NewPassword;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PasswordPage() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let outcome = action.value();
    let error = move || match outcome.get() {
        Some(Err(ServerFnError::ServerError(message))) => Some(message),
        Some(Err(_)) => {
            Some("Your password could not be changed. Check your connection and try again.".into())
        }
        _ => None,
    };
    let done = move || matches!(outcome.get(), Some(Ok(_)));

    view! {
        <Title text="Change your password" />
        <StaffHeader />
        <main id="main" class="page page--narrow">
            <h1>"Change your password"</h1>
            {move || done().then(|| view! {
                <div class="notice" role="status">
                    <p>"Your password has been changed."</p>
                    <p><a href="/">"Go to today's caseload"</a></p>
                </div>
            })}
            {move || error().map(|message| view! {
                <div class="error-summary" role="alert" tabindex="-1">
                    <h2 class="error-summary__title">"There is a problem"</h2>
                    <p>{message}</p>
                </div>
            })}
            <p class="lede">
                {format!("Use at least {} characters. A few unrelated words together are easy to remember and hard to guess.", NewPassword::MIN_CHARS)}
            </p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <div class="form-group">
                    <label class="label" for="current">"Current password"</label>
                    <input class="input" id="current" name="current" type="password" autocomplete="current-password" required />
                </div>
                <div class="form-group">
                    <label class="label" for="new">"New password"</label>
                    <input class="input" id="new" name="new" type="password" autocomplete="new-password" minlength="12" maxlength="128" required />
                </div>
                <div class="form-group">
                    <label class="label" for="confirm">"New password again"</label>
                    <input class="input" id="confirm" name="confirm" type="password" autocomplete="new-password" required />
                </div>
                <button class="button" type="submit">"Change password"</button>
            </ActionForm>
        </main>
    }
}
