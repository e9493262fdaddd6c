//! The patient's bed: the current one by last writer wins, the beds it
//! replaced (nothing is lost when two nurses change it at once), and for the
//! ward's nurse a form to change it, saved on the phone first like every
//! other record.

use crate::domain::lww::FieldValue;
use crate::domain::session_form::bed_payload;
use crate::domain::sync::Hlc;
use crate::domain::timeline::RecordState;
use crate::domain::uk_time;
use crate::sync::{beds, Kept};
use crate::ui::FormFields;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// "Priya Raman, Wed 25 Nov 2026, 14:30", or "On admission".
fn set_by(value: &FieldValue) -> String {
    let when = Hlc::parse(&value.hlc)
        .ok()
        .and_then(|h| chrono::DateTime::from_timestamp_millis(h.ms as i64))
        .map(uk_time::friendly);
    match when {
        Some(when) => format!("{}, {when}", value.author_name),
        None => "On admission".to_owned(),
    }
}

/// A bed not yet on the server says so, as a record on the timeline does
/// (and a refused one can be cleared once dealt with).
fn state_tag(value: &FieldValue, state: &RecordState) -> Option<impl IntoView> {
    let state = state.clone();
    (state != RecordState::Saved)
        .then(|| view! { <super::StateTag state=Signal::derive(move || state.clone()) op_id=value.op_id.clone() /> })
}

#[component]
pub fn Bed(
    patient_id: String,
    history: Vec<FieldValue>,
    can_update: bool,
    kept: ReadSignal<Vec<Kept>>,
) -> impl IntoView {
    let shown = {
        let patient_id = patient_id.clone();
        Memo::new(move |_| kept.with(|kept| beds(&history, kept, &patient_id)))
    };
    let current = move || shown.with(|all| all.first().cloned());
    let earlier = move || shown.with(|all| all.iter().skip(1).cloned().collect::<Vec<_>>());
    view! {
        <p class="bed__now">{move || current().map(|(v, _)| v.value).unwrap_or_default()}</p>
        {move || current().and_then(|(value, state)| state_tag(&value, &state))}
        <Show when=move || !earlier().is_empty()>
            <details class="bed__history">
                <summary>"Earlier beds"</summary>
                <ul class="bed__list">
                    {move || earlier().into_iter().map(|(value, state)| view! {
                        <li>
                            <strong>{value.value.clone()}</strong> " · " {set_by(&value)}
                            {state_tag(&value, &state)}
                        </li>
                    }).collect_view()}
                </ul>
            </details>
        </Show>
        {can_update.then(|| view! { <ChangeBed patient_id /> })}
    }
    .into_any()
}

#[component]
fn ChangeBed(patient_id: String) -> impl IntoView {
    let (problem, set_problem) = signal(None::<String>);
    let (ready, set_ready) = signal(false);
    let details = NodeRef::<leptos::html::Details>::new();
    Effect::new(move |_| set_ready.set(true));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(fields) = FormFields::of(&ev) else { return };
        let payload = bed_payload(&fields.text("bed"));
        #[cfg(feature = "hydrate")]
        {
            let saved = payload.map_err(|e| e.to_string()).and_then(|p| {
                crate::sync::browser::save_change("patient", &patient_id, "update", p)
                    .map_err(|e| e.to_string())
            });
            match saved {
                Ok(_) => {
                    set_problem.set(None);
                    crate::ui::reset_and_close(&ev, details);
                }
                Err(message) => set_problem.set(Some(message)),
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (payload, set_problem, &patient_id, details);
    };
    view! {
        <details class="bed__change" node_ref=details>
            <summary>"Change bed"</summary>
            <form class="form" novalidate on:submit=on_submit>
                <div class="form-group">
                    <label class="label" for="new-bed">"New bed"</label>
                    <input class="input input--medium" id="new-bed" name="bed" autocomplete="off" maxlength="40" />
                </div>
                <p class="error-message" role="alert" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
                <button class="button" type="submit" disabled=move || !ready.get()>"Save bed"</button>
            </form>
        </details>
    }
}
