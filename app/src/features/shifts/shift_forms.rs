//! Checking in and out: the two short forms of the shift card, each sending
//! the report for the nurse in charge. Saved on the phone first.

use crate::ui::FormFields;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// Saves a shift op stamped with the time now in `time_field`.
fn save_now(entity: &str, mut payload: serde_json::Value, time_field: &str) -> Result<(), String> {
    payload[time_field] = crate::domain::instant::rfc3339_seconds(crate::ui::now_utc()).into();
    #[cfg(feature = "hydrate")]
    return crate::sync::browser::save(entity, payload).map(|_| ()).map_err(|e| e.to_string());
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (entity, payload);
        Ok(())
    }
}

#[component]
fn ReportFields(
    first_label: &'static str,
    first_name: &'static str,
    first_hint: &'static str,
) -> impl IntoView {
    view! {
        <div class="form-group">
            <label class="label" for=format!("shift-{first_name}")>{first_label}</label>
            <p class="hint" id=format!("shift-{first_name}-hint")>{first_hint}</p>
            <textarea class="textarea" id=format!("shift-{first_name}") name=first_name rows="3"
                aria-describedby=format!("shift-{first_name}-hint")></textarea>
        </div>
        <div class="form-group">
            <label class="label" for="shift-for-nurse">"Anything the nurse in charge should know (optional)"</label>
            <textarea class="textarea" id="shift-for-nurse" name="for_nurse" rows="2"></textarea>
        </div>
    }
}

/// Check in to one of `wards` (id, name), with the plan for the shift.
#[component]
pub fn CheckInForm(wards: Vec<(String, String)>) -> impl IntoView {
    let (problem, set_problem) = signal(None::<String>);
    let (ready, set_ready) = signal(false);
    Effect::new(move |_| set_ready.set(true));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(fields) = FormFields::of(&ev) else { return };
        let payload = serde_json::json!({
            "ward_id": fields.text("ward_id"), "plan": fields.text("plan").trim(),
            "for_nurse": fields.text("for_nurse").trim(),
        });
        match save_now("shift", payload, "started_at") {
            Ok(()) => {
                set_problem.set(None);
                crate::ui::reset_form(&ev);
            }
            Err(message) => set_problem.set(Some(message)),
        }
    };
    if wards.is_empty() {
        return view! { <p>"You are not on any ward today, so there is nowhere to check in to. Ask your manager."</p> }
            .into_any();
    }
    view! {
        <form class="form shift__form" novalidate on:submit=on_submit>
            <div class="form-group">
                <label class="label" for="shift-ward">"Ward"</label>
                <select class="input" id="shift-ward" name="ward_id">
                    {wards.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
            </div>
            <ReportFields first_label="Your plan for the shift" first_name="plan"
                first_hint="Sent to the nurse in charge when you check in." />
            <p class="error-message" role="alert" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
            <button class="button" type="submit" disabled=move || !ready.get()>"Check in"</button>
        </form>
    }
    .into_any()
}

/// Check out of the shift `shift_id`, saying what happened; folded away
/// during the shift, open once the shift is about to close (`open`).
#[component]
pub fn CheckOutForm(shift_id: String, open: Signal<bool>) -> impl IntoView {
    let (problem, set_problem) = signal(None::<String>);
    let (ready, set_ready) = signal(false);
    Effect::new(move |_| set_ready.set(true));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(fields) = FormFields::of(&ev) else { return };
        let payload = serde_json::json!({
            "shift_id": shift_id, "what_happened": fields.text("what_happened").trim(),
            "for_nurse": fields.text("for_nurse").trim(),
        });
        match save_now("shift_end", payload, "ended_at") {
            Ok(()) => set_problem.set(None),
            Err(message) => set_problem.set(Some(message)),
        }
    };
    view! {
        <details class="add-follow-up shift__check-out" open=move || open.get()>
            <summary class="raise-concern__summary">"Check out and send your report"</summary>
            <form class="form shift__form" novalidate on:submit=on_submit>
                <ReportFields first_label="What happened on the shift" first_name="what_happened"
                    first_hint="Sent to the nurse in charge when you check out." />
                <p class="error-message" role="alert" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
                <button class="button" type="submit" disabled=move || !ready.get()>"Check out"</button>
            </form>
        </details>
    }
}
