//! `/account/password`: choose a new password (also where an admin's reset
//! sends someone at their next sign-in).

use super::{ChangePassword, StaffHeader};
use crate::domain::password_rules::NewPassword;
use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

/// What is typed in an input, or nothing before the page is interactive.
fn typed(input: NodeRef<Input>) -> String {
    input.get_untracked().map(|i| i.value()).unwrap_or_default()
}

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
    let (current, new, confirm) = (NodeRef::<Input>::new(), NodeRef::<Input>::new(), NodeRef::<Input>::new());
    // A plain form that posts to the server function without WebAssembly;
    // with it, the answer shows in place. (Leptos' ActionForm would do the
    // same but adds a form-data parser to every phone's download.)
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        action.dispatch(ChangePassword { current: typed(current), new: typed(new), confirm: typed(confirm) });
    };

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
            <form action=ChangePassword::url() method="post" class="form" novalidate on:submit=on_submit>
                <div class="form-group">
                    <label class="label" for="current">"Current password"</label>
                    <input class="input" id="current" name="current" node_ref=current type="password" autocomplete="current-password" required />
                </div>
                <div class="form-group">
                    <label class="label" for="new">"New password"</label>
                    <input class="input" id="new" name="new" node_ref=new type="password" autocomplete="new-password" minlength="12" maxlength="128" required />
                </div>
                <div class="form-group">
                    <label class="label" for="confirm">"New password again"</label>
                    <input class="input" id="confirm" name="confirm" node_ref=confirm type="password" autocomplete="new-password" required />
                </div>
                <button class="button" type="submit">"Change password"</button>
            </form>
        </main>
    }
}
