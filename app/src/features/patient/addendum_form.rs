//! "Add an addendum": a correction or addition under a session, with a
//! reason. The session itself is never changed.

use crate::domain::session_form::addendum_payload;
use crate::ui::FormFields;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn AddendumForm(session_id: String) -> impl IntoView {
    let (problem, set_problem) = signal(None::<String>);
    let (ready, set_ready) = signal(false);
    let details = NodeRef::<leptos::html::Details>::new();
    Effect::new(move |_| set_ready.set(true));
    let ids = (format!("reason-{session_id}"), format!("text-{session_id}"));
    let on_submit = {
        let session_id = session_id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let Some(fields) = FormFields::of(&ev) else { return };
            let payload = addendum_payload(&session_id, &fields.text("reason"), &fields.text("text"));
            #[cfg(feature = "hydrate")]
            {
                let saved = payload
                    .map_err(|e| e.to_string())
                    .and_then(|p| crate::sync::browser::save("addendum", p).map_err(|e| e.to_string()));
                match saved {
                    Ok(_) => {
                        set_problem.set(None);
                        crate::ui::reset_and_close(&ev, details);
                    }
                    Err(message) => set_problem.set(Some(message)),
                }
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = (payload, set_problem);
        }
    };
    view! {
        <details class="addendum-form" node_ref=details>
            <summary class="addendum-form__summary">"Add an addendum"</summary>
            <form class="form" novalidate on:submit=on_submit>
                <div class="form-group">
                    <label class="label" for=ids.0.clone()>"Reason"</label>
                    <input class="input" id=ids.0.clone() name="reason" autocomplete="off" />
                </div>
                <div class="form-group">
                    <label class="label" for=ids.1.clone()>"What to add"</label>
                    <textarea class="textarea" id=ids.1.clone() name="text" rows="3"></textarea>
                </div>
                <p class="error-message" role="alert" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
                <button class="button" type="submit" disabled=move || !ready.get()>"Save addendum"</button>
            </form>
        </details>
    }
}
