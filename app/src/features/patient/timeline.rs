//! The patient's timeline: sessions newest first, addenda under each, and
//! where each record is. The server draws what it has; once the app runs,
//! what this phone holds is laid over it and kept up to date as sync works.

use crate::domain::timeline::{
    duration_label, session_type_label, RecordState, TimelineAddendum, TimelineSession,
};
use crate::domain::uk_time;
use crate::sync::{overlay, Kept};
use leptos::prelude::*;
use std::collections::HashMap;

fn friendly(rfc3339: &str) -> String {
    crate::domain::instant::parse_rfc3339(rfc3339).map(uk_time::friendly).unwrap_or_default()
}

/// What this phone holds that its user may read, kept up to date as sync
/// works: read once per change for the whole page (the timeline and the bed
/// share it), since each read decodes every record on the device.
pub fn kept_on_this_phone() -> ReadSignal<Vec<Kept>> {
    let kept = RwSignal::new(Vec::new());
    #[cfg(feature = "hydrate")]
    {
        use crate::sync::browser::{readable, RECORDS_CHANGED};
        Effect::new(move |_| kept.set(readable()));
        let handle = window_event_listener_untyped(RECORDS_CHANGED, move |_| kept.set(readable()));
        on_cleanup(move || handle.remove());
    }
    kept.read_only()
}

#[component]
pub fn Timeline(
    patient_id: String,
    sessions: Vec<TimelineSession>,
    can_write: bool,
    kept: ReadSignal<Vec<Kept>>,
) -> impl IntoView {
    let all = Memo::new(move |_| kept.with(|kept| overlay(&sessions, kept, &patient_id)));
    // "" shows everything; otherwise one type of session.
    let (only, set_only) = signal(String::new());
    let shown: Memo<Vec<TimelineSession>> = Memo::new(move |_| {
        only.with(|only| {
            all.with(|all| {
                all.iter().filter(|s| only.is_empty() || s.session_type == *only).cloned().collect()
            })
        })
    });
    // What can change about a session shown (where it is, its addenda), by
    // id: each item follows its own entry, and redraws only when that changes.
    let live = Memo::new(move |_| {
        all.with(|all| {
            all.iter()
                .map(|s| (s.id.clone(), Live { state: s.state.clone(), addenda: s.addenda.clone() }))
                .collect()
        })
    });
    let types = Memo::new(move |_| {
        all.with(|all| {
            let mut types: Vec<String> = all.iter().map(|s| s.session_type.clone()).collect();
            types.sort();
            types.dedup();
            types
        })
    });

    view! {
        <section class="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">"Sessions"</h2>
            <Show when=move || all.with(|s| s.is_empty())>
                <p>"No sessions recorded yet."</p>
            </Show>
            <Show when=move || types.with(|t| t.len() > 1)>
                <div class="form-group timeline__filter">
                    <label class="label" for="timeline-filter">"Show"</label>
                    <select class="input" id="timeline-filter" on:change=move |ev| set_only.set(event_target_value(&ev))>
                        <option value="">"Every type of session"</option>
                        {move || types.get().into_iter().map(|t| {
                            let label = session_type_label(&t).to_owned();
                            view! { <option value=t.clone() selected=only.with_untracked(|o| *o == t)>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </Show>
            <ol class="timeline__list">
                <For each=move || shown.get() key=|s| s.id.clone() let(session)>
                    <SessionItem first=session live can_write />
                </For>
            </ol>
        </section>
    }
}

/// What can change about a session once drawn.
#[derive(Clone, Debug, PartialEq)]
struct Live {
    state: RecordState,
    addenda: Vec<TimelineAddendum>,
}

/// One session. What never changes (a saved note) is drawn once; its state
/// and addenda follow the device, so an addendum being typed is never lost
/// to a redraw.
#[component]
fn SessionItem(first: TimelineSession, live: Memo<HashMap<String, Live>>, can_write: bool) -> impl IntoView {
    let id = first.id.clone();
    let mine = Memo::new(move |_| live.with(|live| live.get(&id).cloned()));
    let state = move || mine.with(|m| m.as_ref().map_or(RecordState::Saved, |m| m.state.clone()));
    let heading_id = format!("session-{}", first.id);
    let labelled_by = heading_id.clone();
    view! {
        <li class="timeline__item">
            <article aria-labelledby=labelled_by>
                <h3 class="timeline__title" id=heading_id>{session_type_label(&first.session_type).to_owned()}</h3>
                <p class="timeline__meta">
                    {friendly(&first.started_at)} " · " {duration_label(first.duration_min)} " · " {first.author_name.clone()}
                </p>
                <StateTag state=Signal::derive(state) op_id=first.op_id.clone() />
                {(!first.note.is_empty()).then(|| view! { <p class="timeline__note">{first.note.clone()}</p> })}
                <super::SessionDetails details=first.details.clone() />
                <ul class="addenda">
                    {move || {
                        mine.get().map(|m| m.addenda.into_iter().map(|a| view! { <AddendumItem addendum=a /> }).collect_view())
                    }}
                </ul>
                {can_write.then(|| view! { <super::AddendumForm session_id=first.id.clone() /> })}
            </article>
        </li>
    }
    .into_any()
}

#[component]
fn AddendumItem(addendum: TimelineAddendum) -> impl IntoView {
    view! {
        <li class="addenda__item">
            <p class="addenda__meta">
                <strong>"Addendum"</strong> " by " {addendum.author_name} ", " {friendly(&addendum.written_at)}
            </p>
            <p><span class="addenda__reason">"Reason: "</span>{addendum.reason}</p>
            <p class="timeline__note">{addendum.text}</p>
            <StateTag state=Signal::derive(move || addendum.state.clone()) op_id=addendum.op_id />
        </li>
    }
}

/// Where the record is: on the server, on this phone only, or refused (with
/// the reason, and a way to clear it once dealt with).
#[component]
pub fn StateTag(state: Signal<RecordState>, op_id: String) -> impl IntoView {
    view! {
        <p class="record-state">
            <strong class=move || format!("tag tag--{}", state.with(RecordState::tag))>{move || state.with(RecordState::label)}</strong>
            {move || match state.get() {
                RecordState::Refused(reason) => {
                    let op_id = op_id.clone();
                    Some(view! {
                        <span class="record-state__reason">" " {reason}</span>
                        " "
                        <button class="button button--secondary button--small" type="button"
                            on:click=move |_| {
                                #[cfg(feature = "hydrate")]
                                crate::sync::browser::discard_refused(&op_id);
                                #[cfg(not(feature = "hydrate"))]
                                let _ = &op_id;
                            }>
                            "Remove from this phone"
                        </button>
                    })
                }
                _ => None,
            }}
        </p>
    }
}
