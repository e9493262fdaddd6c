//! `/dashboard`: every ward the reader may watch, today so far, following
//! the server's event stream.

use super::get_dashboard;
use super::live::{follow, Link};
use super::ward_card::WardCard;
use crate::domain::reports::Dashboard;
use crate::domain::uk_time;
use crate::features::account::StaffHeader;
use leptos::prelude::*;
use leptos_meta::Title;

/// Read again this often even without events, so that waits stay true.
const REFRESH_SECONDS: u64 = 60;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let (changed, set_changed) = signal(0u32);
    let (link, set_link) = signal(Link::Connecting);
    let dashboard = Resource::new_blocking(move || changed.get(), |_| get_dashboard());
    follow(set_link, set_changed);
    #[cfg(feature = "hydrate")]
    {
        let every = std::time::Duration::from_secs(REFRESH_SECONDS);
        if let Ok(ticker) = set_interval_with_handle(move || set_changed.update(|n| *n += 1), every) {
            on_cleanup(move || ticker.clear());
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = REFRESH_SECONDS;

    view! {
        <Title text="Today on the wards" />
        <StaffHeader />
        <main id="main" class="page">
            <p><a class="back-link" href="/">"Back to the caseload"</a></p>
            <h1>"Today on the wards"</h1>
            <p class="live-status" role="status" data-link=move || format!("{:?}", link.get()).to_lowercase()>
                {move || match link.get() {
                    Link::Connecting => "Connecting to live updates…",
                    Link::Live => "Live: this page updates by itself as records reach the server.",
                    Link::Reconnecting => "Reconnecting… The figures below may be a little behind until it is back.",
                }}
            </p>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || {
                    dashboard.get().map(|result| match result {
                        Ok((dashboard, escalate_after_min)) => view! { <Wards dashboard escalate_after_min /> }.into_any(),
                        Err(ServerFnError::ServerError(message)) => {
                            view! { <p class="lede" role="alert">{message}</p> }.into_any()
                        }
                        Err(_) => {
                            view! { <p role="alert">"The dashboard could not be loaded. It will try again in a minute."</p> }
                                .into_any()
                        }
                    })
                }}
            </Transition>
        </main>
    }
}

#[component]
fn Wards(dashboard: Dashboard, escalate_after_min: u32) -> impl IntoView {
    let as_of = dashboard.as_of;
    view! {
        <p class="hint">"Figures as of " {uk_time::clock(as_of)} "."</p>
        {dashboard.wards.is_empty().then(|| view! { <p>"You are not on any ward yet."</p> })}
        {dashboard
            .wards
            .into_iter()
            .map(|ward| view! { <WardCard ward as_of escalate_after_min /> })
            .collect_view()}
    }
}
