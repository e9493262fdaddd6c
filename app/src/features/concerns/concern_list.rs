//! A list of concerns: what the server listed, with what this phone holds
//! laid over it (raised here, pulled since, acknowledged since), kept up to
//! date as sync works and as the minutes pass.

use super::concern_card::{CardSettings, ConcernCard};
use crate::domain::concern::ConcernView;
use crate::sync::{concerns, Kept};
use leptos::prelude::*;

fn now_ms() -> i64 {
    crate::ui::now_utc().timestamp_millis()
}

/// The time now, moved on every 30 seconds so that waits stay true.
pub fn ticking_now() -> ReadSignal<i64> {
    let (now, set_now) = signal(now_ms());
    #[cfg(feature = "hydrate")]
    {
        let ticker =
            set_interval_with_handle(move || set_now.set(now_ms()), std::time::Duration::from_secs(30));
        if let Ok(ticker) = ticker {
            on_cleanup(move || ticker.clear());
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = set_now;
    now
}

/// The server's `listed` concerns with this phone's records laid over them,
/// following both. `include` picks which concerns only the phone holds
/// belong here; `name_of` names their patients.
pub fn concerns_shown(
    listed: Vec<ConcernView>,
    kept: ReadSignal<Vec<Kept>>,
    include: impl Fn(&ConcernView) -> bool + Send + Sync + 'static,
    name_of: impl Fn(&str) -> String + Send + Sync + 'static,
) -> Memo<Vec<ConcernView>> {
    Memo::new(move |_| kept.with(|kept| concerns(&listed, kept, &include, &name_of)))
}

#[component]
pub fn ConcernList(
    all: Memo<Vec<ConcernView>>,
    now_ms: ReadSignal<i64>,
    settings: CardSettings,
    /// Said when the list is empty.
    empty: &'static str,
) -> impl IntoView {
    view! {
        <Show when=move || all.with(Vec::is_empty)>
            <p>{empty}</p>
        </Show>
        <ul class="concern-list">
            <For each=move || all.get() key=|c| c.id.clone() let(concern)>
                {
                    let id = concern.id.clone();
                    let current = Memo::new(move |_| all.with(|all| all.iter().find(|c| c.id == id).cloned()));
                    view! { <ConcernCard first=concern current now_ms settings /> }
                }
            </For>
        </ul>
    }
    .into_any()
}
