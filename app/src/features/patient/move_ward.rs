//! "Move to another ward", for the nurse in charge of the ward a patient is
//! on. A move is made on the server (it changes who may see the record), so
//! it needs a connection; the wards' phones then hear of it when they sync,
//! and the ward left forgets the person.

use crate::domain::staff::WardChoice;
use crate::ui::FormFields;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Moves patient `id` to `to_ward_id`; the answer says where they are now.
/// 403 for anyone but the nurse in charge of their ward, 422 for a ward
/// that is missing, unknown or theirs already.
#[server(endpoint = "move_patient")]
pub async fn move_patient(id: String, to_ward_id: String) -> Result<String, ServerFnError> {
    use crate::backend::{backend, set_status, signed_in};
    let me = signed_in().await?;
    backend()?.0.move_patient(&me, &id, &to_ward_id).await.map_err(|e| {
        set_status(e.status());
        ServerFnError::new(e.to_string())
    })
}

const NEEDS_CONNECTION: &str =
    "Moving someone needs a connection. Try again when you have signal; nothing has changed yet.";

#[component]
pub fn MoveWard(
    patient_id: String,
    preferred_name: String,
    wards: Vec<WardChoice>,
    /// Set once they have moved.
    moved: RwSignal<bool>,
) -> impl IntoView {
    let action = ServerAction::<MovePatient>::new();
    let value = action.value();
    Effect::new(move |_| {
        if value.with(|v| matches!(v, Some(Ok(_)))) {
            moved.set(true);
        }
    });
    let on_submit = {
        let patient_id = patient_id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let Some(form) = FormFields::of(&ev) else { return };
            action.dispatch(MovePatient { id: patient_id.clone(), to_ward_id: form.text("to_ward_id") });
        }
    };
    let answer = move || match value.get() {
        Some(Ok(done)) => Some(
            view! {
                <div class="notice" role="status">
                    <p>{done}</p>
                    <p><a href="/">"Back to today's caseload"</a></p>
                </div>
            }
            .into_any(),
        ),
        Some(Err(error)) => {
            let message = match error {
                ServerFnError::ServerError(message) => message,
                _ => NEEDS_CONNECTION.to_owned(),
            };
            Some(view! { <p class="error-message" role="alert">{message}</p> }.into_any())
        }
        None => None,
    };
    view! {
        <details class="panel move-ward">
            <summary class="panel__summary">"Move to another ward"</summary>
            <form action=MovePatient::url() method="post" class="form" novalidate on:submit=on_submit hidden=move || moved.get()>
                <input type="hidden" name="id" value=patient_id />
                <p class="hint">
                    "Only when " {preferred_name.clone()} " is moving. Staff of this ward will no longer see "
                    "their record, and their phones forget it when they next sync."
                </p>
                <div class="form-group">
                    <label class="label" for="move-to-ward">"Ward they are moving to"</label>
                    <select class="input" id="move-to-ward" name="to_ward_id">
                        <option value="">"Choose a ward"</option>
                        {wards.into_iter().map(|ward| view! {
                            <option value=ward.id>{format!("{}, {}", ward.name, ward.site_name)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button class="button" type="submit" disabled=move || action.pending().get()>
                    {format!("Move {preferred_name}")}
                </button>
            </form>
            {answer}
        </details>
    }
}
