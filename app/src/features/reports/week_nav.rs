//! Moving between weeks, and printing the page (on the audit trail first).

use super::note_printed;
use crate::domain::reports::Week;
use leptos::prelude::*;

/// Links to the week before and, once it has started, the week after;
/// `base` is the page's address with any other query (`/reports/attendance?ward=x&`).
#[component]
pub fn WeekNav(week: Week, base: String, has_next: bool) -> impl IntoView {
    let previous = format!("{base}week={}", week.previous().key());
    let next = has_next.then(|| {
        view! { <a class="week-nav__link" href=format!("{base}week={}", week.next().key())>"Next week"</a> }
    });
    view! {
        <nav class="week-nav no-print" aria-label="Weeks">
            <a class="week-nav__link" href=previous>"Previous week"</a>
            {next}
        </nav>
    }
}

/// "Print": writes the printing to the audit trail, then opens the
/// browser's print dialogue (the page's print style leaves out the rest).
#[component]
pub fn PrintButton(what: String) -> impl IntoView {
    let (problem, set_problem) = signal(None::<String>);
    let print = move |_| {
        let what = what.clone();
        leptos::task::spawn_local(async move {
            match note_printed(what).await {
                Ok(()) => {
                    set_problem.set(None);
                    #[cfg(feature = "hydrate")]
                    if let Some(window) = web_sys::window() {
                        let _ = window.print();
                    }
                }
                // The server's own reason, or none reached it.
                Err(ServerFnError::ServerError(reason)) => set_problem.set(Some(reason)),
                Err(_) => set_problem.set(Some("Printing needs the server, to note it on the audit trail. Try again when you are online.".into())),
            }
        });
    };
    view! {
        <p class="error-message" role="alert" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
        <button class="button button--secondary no-print" type="button" on:click=print>"Print"</button>
    }
}
