//! A list of follow-ups, most pressing first, each with when it is due and
//! a button to mark it done; the device's records laid over the server's.

use crate::domain::follow_up::{due_label, sort_for_today, Due, FollowUpView};
use crate::domain::timeline::RecordState;
use crate::domain::uk_time;
use crate::features::patient::StateTag;
use crate::sync::{follow_ups, Kept};
use leptos::prelude::*;

fn today() -> chrono::NaiveDate {
    uk_time::to_uk(crate::ui::now_utc()).date()
}

/// The server's `listed` follow-ups with this phone's records laid over
/// them, most pressing first, following the device.
pub fn follow_ups_shown(
    listed: Vec<FollowUpView>,
    kept: ReadSignal<Vec<Kept>>,
    include: impl Fn(&FollowUpView) -> bool + Send + Sync + 'static,
    name_of: impl Fn(&str) -> String + Send + Sync + 'static,
) -> Memo<Vec<FollowUpView>> {
    Memo::new(move |_| {
        let mut all = kept.with(|kept| follow_ups(&listed, kept, &include, &name_of));
        sort_for_today(&mut all, today());
        all
    })
}

/// The home page's list: what this person still has to follow up.
#[component]
pub fn YourFollowUps(
    listed: Vec<FollowUpView>,
    staff_id: String,
    names: std::collections::HashMap<String, String>,
    kept: ReadSignal<Vec<Kept>>,
) -> impl IntoView {
    let all = follow_ups_shown(
        listed,
        kept,
        // What the server knows is done leaves the list.
        move |f| f.author_id == staff_id && f.done.as_ref().is_none_or(|d| d.state != RecordState::Saved),
        move |id| names.get(id).cloned().unwrap_or_default(),
    );
    view! {
        <section class="follow-ups" aria-labelledby="home-follow-ups-title">
            <h2 id="home-follow-ups-title">"Your follow-ups"</h2>
            <FollowUpList all show_patient=true can_mark_done=true empty="Nothing to follow up." />
        </section>
    }
    .into_any()
}

#[component]
pub fn FollowUpList(
    all: Memo<Vec<FollowUpView>>,
    show_patient: bool,
    can_mark_done: bool,
    empty: &'static str,
) -> impl IntoView {
    view! {
        <Show when=move || all.with(Vec::is_empty)>
            <p>{empty}</p>
        </Show>
        <ul class="follow-up-list">
            <For each=move || all.get() key=|f| f.id.clone() let(first)>
                {
                    let id = first.id.clone();
                    let current = Memo::new(move |_| all.with(|all| all.iter().find(|f| f.id == id).cloned()));
                    view! { <FollowUpItem first current show_patient can_mark_done /> }
                }
            </For>
        </ul>
    }
    .into_any()
}

#[component]
fn FollowUpItem(
    first: FollowUpView,
    current: Memo<Option<FollowUpView>>,
    show_patient: bool,
    can_mark_done: bool,
) -> impl IntoView {
    let due = first.due(today());
    let overdue = matches!(due, Due::Overdue(_)) && first.done.is_none();
    let patient = show_patient.then(|| {
        view! { <a href=format!("/patients/{}", first.patient_id)>{first.patient_name.clone()}</a> " · " }
    });
    let state = move || current.with(|f| f.as_ref().map_or(RecordState::Saved, |f| f.state.clone()));
    let done = move || current.with(|f| f.as_ref().and_then(|f| f.done.clone()));
    let follow_up_id = first.id.clone();
    let mark_done = move |_| {
        let payload = serde_json::json!({ "follow_up_id": follow_up_id });
        #[cfg(feature = "hydrate")]
        let _ = crate::sync::browser::save("follow_up_done", payload);
        #[cfg(not(feature = "hydrate"))]
        let _ = payload;
    };
    view! {
        <li class="follow-up" class:follow-up--overdue=overdue>
            <p class="follow-up__text">{first.text.clone()}</p>
            <p class="timeline__meta">
                {patient}
                {due_label(due).map(|label| view! { <strong class="follow-up__due">{label}</strong> " · " })}
                {format!("Added by {}", first.author_name)}
            </p>
            <Show when=move || state() != RecordState::Saved>
                <StateTag state=Signal::derive(state) op_id=first.op_id.clone() />
            </Show>
            {move || match done() {
                Some(done) => {
                    let on_phone = (done.state != RecordState::Saved).then(|| {
                        let state = done.state.clone();
                        view! { <StateTag state=Signal::derive(move || state.clone()) op_id=done.op_id.clone() /> }
                    });
                    let when = crate::domain::instant::parse_rfc3339(&done.at).map(uk_time::friendly).unwrap_or_default();
                    view! {
                        <p class="follow-up__done">{format!("Done: {}, {when}", done.author_name)}</p>
                        {on_phone}
                    }
                    .into_any()
                }
                None if can_mark_done => view! {
                    <button class="button button--secondary button--small" type="button" on:click=mark_done.clone()>
                        "Mark done"
                    </button>
                }
                .into_any(),
                None => ().into_any(),
            }}
        </li>
    }
    .into_any()
}
