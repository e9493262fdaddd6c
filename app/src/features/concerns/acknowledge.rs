//! The nurse in charge acknowledges a concern, with an optional response;
//! saved on the phone first and sent like every other record.

use crate::ui::FormFields;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn AcknowledgeForm(concern_id: String) -> impl IntoView {
    let (problem, set_problem) = signal(None::<String>);
    let (ready, set_ready) = signal(false);
    Effect::new(move |_| set_ready.set(true));
    let field_id = format!("response-{concern_id}");
    let on_submit = {
        let concern_id = concern_id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let Some(fields) = FormFields::of(&ev) else { return };
            let payload =
                serde_json::json!({ "concern_id": concern_id, "response": fields.text("response").trim() });
            #[cfg(feature = "hydrate")]
            match crate::sync::browser::save("concern_ack", payload) {
                Ok(_) => set_problem.set(None),
                Err(e) => set_problem.set(Some(e.to_string())),
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = (payload, set_problem);
        }
    };
    view! {
        <form class="form concern__ack" novalidate on:submit=on_submit>
            <div class="form-group">
                <label class="label" for=field_id.clone()>"Your response (optional)"</label>
                <textarea class="textarea" id=field_id name="response" rows="2"></textarea>
            </div>
            <p class="error-message" role="alert" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p>
            <button class="button" type="submit" disabled=move || !ready.get()>"Acknowledge"</button>
        </form>
    }
}
