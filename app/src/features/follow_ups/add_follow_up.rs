//! A patient's follow-ups, and "Add a follow-up": what to do and, if it
//! matters, by when. Saved on the phone first like every record.

use super::{follow_ups_shown, FollowUpList};
use crate::domain::follow_up::{check_follow_up, FollowUpView};
use crate::sync::Kept;
use crate::ui::FormFields;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn PatientFollowUps(
    patient_id: String,
    listed: Vec<FollowUpView>,
    kept: ReadSignal<Vec<Kept>>,
    can_write: bool,
) -> impl IntoView {
    let about = patient_id.clone();
    let all = follow_ups_shown(listed, kept, move |f| f.patient_id == about, |_| String::new());
    view! {
        <section class="card follow-ups" aria-labelledby="follow-ups-title">
            <h2 id="follow-ups-title">"Follow-ups"</h2>
            {can_write.then(|| view! { <AddFollowUp patient_id /> })}
            <FollowUpList all show_patient=false can_mark_done=can_write empty="Nothing to follow up." />
        </section>
    }
    .into_any()
}

#[component]
fn AddFollowUp(patient_id: String) -> impl IntoView {
    let (problem, set_problem) = signal(None::<String>);
    let (ready, set_ready) = signal(false);
    let details = NodeRef::<leptos::html::Details>::new();
    Effect::new(move |_| set_ready.set(true));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(fields) = FormFields::of(&ev) else { return };
        let payload = serde_json::json!({
            "patient_id": patient_id, "text": fields.text("text").trim(), "due_on": fields.text("due_on"),
        });
        let checked = check_follow_up(&payload).map(|_| payload).map_err(|e| match e.as_str() {
            e if e.contains("(text)") => "Write what is to be done.".to_owned(),
            e if e.contains("due_on") => "Enter the day it is due as a date, or leave it empty.".to_owned(),
            e => e.to_owned(),
        });
        #[cfg(feature = "hydrate")]
        match checked.and_then(|p| crate::sync::browser::save("follow_up", p).map_err(|e| e.to_string())) {
            Ok(_) => {
                set_problem.set(None);
                crate::ui::reset_and_close(&ev, details);
            }
            Err(message) => set_problem.set(Some(message)),
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (checked, set_problem, details);
    };
    view! {
        <details class="add-follow-up" node_ref=details>
            <summary class="raise-concern__summary">"Add a follow-up"</summary>
            <form class="form" novalidate on:submit=on_submit>
                <div class="form-group">
                    <label class="label" for="follow-up-text">"What is to be done"</label>
                    <input class="input" id="follow-up-text" name="text" maxlength="500" autocomplete="off" />
                </div>
                <div class="form-group">
                    <label class="label" for="follow-up-due">"Due (optional)"</label>
                    <input class="input input--medium" type="date" id="follow-up-due" name="due_on" />
                </div>
                <p class="error-message" role="alert" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
                <button class="button" type="submit" disabled=move || !ready.get()>"Save follow-up"</button>
            </form>
        </details>
    }
}
