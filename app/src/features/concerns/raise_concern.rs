//! "Raise a concern" on a patient's page.
//! Saved on the phone at once and sent like every record; what is typed is
//! kept as a draft, so an interruption loses nothing.

use crate::domain::concern::{concern_payload, ConcernCategory, ConcernForm};
use crate::ui::{FormFields, Radios};
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn read_form(fields: &FormFields) -> ConcernForm {
    ConcernForm {
        category: fields.text("category"),
        what_happened: fields.text("what_happened"),
        done_now: fields.text("done_now"),
        told: fields.text("told"),
        session_id: None,
    }
}

/// The concerns section of a patient's page: the form. The concerns
/// themselves, with their acknowledgements, are on the timeline.
#[component]
pub fn RaiseConcern(
    patient_id: String,
    preferred_name: String,
    /// A contact just recorded that the worker raises this concern from.
    raise_from: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <section class="card concerns" aria-labelledby="concerns-title">
            <h2 id="concerns-title">"Concerns"</h2>
            <ConcernForm patient_id preferred_name=preferred_name.clone() raise_from />
            <p class="hint">{format!("Concerns raised about {preferred_name}, and who acknowledged them, are on the timeline below.")}</p>
        </section>
    }
    .into_any()
}

#[component]
fn ConcernForm(
    patient_id: String,
    preferred_name: String,
    raise_from: RwSignal<Option<String>>,
) -> impl IntoView {
    let (problem, set_problem) = signal(None::<String>);
    let (ready, set_ready) = signal(false);
    let form = NodeRef::<html::Form>::new();
    let details = NodeRef::<html::Details>::new();
    let draft_key = format!("alongside.draft.concern.{patient_id}");
    #[cfg(feature = "hydrate")]
    {
        let draft_key = draft_key.clone();
        Effect::new(move |_| {
            if let (Some(form), Some(details)) = (form.get_untracked(), details.get_untracked()) {
                if crate::ui::form_draft::restore(&draft_key, &form) {
                    details.set_open(true);
                }
            }
            set_ready.set(true);
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = set_ready;
    // Asked for from a contact just recorded: open, and bring it into view.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if raise_from.with(Option::is_some) {
            if let Some(details) = details.get_untracked() {
                details.set_open(true);
                details.scroll_into_view();
            }
        }
    });
    let keep_draft = {
        let draft_key = draft_key.clone();
        move |_| {
            #[cfg(feature = "hydrate")]
            if let Some(form) = form.get_untracked() {
                crate::ui::form_draft::keep(&draft_key, &form);
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = &draft_key;
        }
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(fields) = FormFields::of(&ev) else { return };
        let form_read = ConcernForm { session_id: raise_from.get_untracked(), ..read_form(&fields) };
        let payload = concern_payload(&patient_id, &form_read);
        #[cfg(feature = "hydrate")]
        {
            let saved =
                crate::ui::form_draft::set_aside_while(&draft_key, form.get_untracked().as_ref(), || {
                    payload.and_then(|p| crate::sync::browser::save("concern", p).map_err(|e| e.to_string()))
                });
            match saved {
                Ok(_) => {
                    set_problem.set(None);
                    raise_from.set(None);
                    if let Some(form) = form.get_untracked() {
                        crate::ui::form_draft::clear(&draft_key, &form);
                    }
                    if let Some(details) = details.get_untracked() {
                        details.set_open(false);
                    }
                }
                Err(message) => set_problem.set(Some(message)),
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (payload, set_problem, &draft_key);
    };
    let categories = ConcernCategory::ALL.iter().map(|c| (c.as_str(), c.label())).collect();
    view! {
        <details class="raise-concern" node_ref=details>
            <summary class="raise-concern__summary">"Raise a risk or safeguarding concern"</summary>
            <p class="hint">
                "If someone is in danger now, tell the nurse in charge in person first. This records the concern and alerts the nurse in charge of "
                {preferred_name.clone()} "'s ward."
            </p>
            <form class="form" novalidate node_ref=form on:submit=on_submit on:input=keep_draft>
                <p class="hint" hidden=move || raise_from.with(Option::is_none)>"Raised from the contact you just recorded."</p>
                <Radios name="category" legend="What is it about?".to_owned() choices=categories />
                <div class="form-group">
                    <label class="label" for="what-happened">"What you saw or heard"</label>
                    <p class="hint" id="what-happened-hint">"In your own words. Write what was said as it was said."</p>
                    <textarea class="textarea" id="what-happened" name="what_happened" rows="4" maxlength="5000"
                        aria-describedby="what-happened-hint"></textarea>
                </div>
                <div class="form-group">
                    <label class="label" for="done-now">"What was done straight away"</label>
                    <textarea class="textarea" id="done-now" name="done_now" rows="2" maxlength="5000"></textarea>
                </div>
                <div class="form-group">
                    <label class="label" for="told">"Which nurse or doctor you told in person"</label>
                    <p class="hint" id="told-hint">"Leave empty if you have not told anyone yet, and tell the nurse in charge now."</p>
                    <input class="input" id="told" name="told" maxlength="200" autocomplete="off" aria-describedby="told-hint" />
                </div>
                <p class="error-message" role="alert" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
                <button class="button button--warning" type="submit" disabled=move || !ready.get()>"Send concern"</button>
            </form>
        </details>
    }
    .into_any()
}
