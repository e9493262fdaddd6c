//! Saving a plan entry: checked as the server will check it, then kept on
//! the device and sent like every record.

use super::plan_page::{PlanContext, Screen};
use crate::domain::plan::{check_plan, payload, WrittenBy};
use crate::ui::FormFields;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use serde_json::Value;

/// A record id for checking a new record before the device gives it one.
const NOT_YET: &str = "00000000-0000-4000-8000-000000000000";

/// Saves `fields` as a plan entry about `patient_id`: a new record when
/// `record_id` is `None`, else a change to that record. The message is one
/// a patient can read.
pub fn save_plan(
    entity: &str,
    record_id: Option<&str>,
    patient_id: &str,
    written_by: WrittenBy,
    fields: Value,
) -> Result<(), String> {
    let action =
        if record_id.is_some() && matches!(entity, "goal" | "goal_step") { "update" } else { "create" };
    let payload = payload(patient_id, written_by, fields);
    check_plan(entity, action, record_id.unwrap_or(NOT_YET), &payload)?;
    #[cfg(feature = "hydrate")]
    {
        use crate::sync::browser::{save, save_change};
        let saved = match record_id {
            Some(id) if action == "update" => save_change(entity, id, action, payload),
            _ => save(entity, payload),
        };
        saved.map(|_| ()).map_err(|e| e.to_string())
    }
    #[cfg(not(feature = "hydrate"))]
    Ok(())
}

/// What to say once an entry is saved: on the device only while offline.
pub fn saved_message() -> &'static str {
    #[cfg(feature = "hydrate")]
    {
        let online = web_sys::window().is_none_or(|w| w.navigator().on_line());
        if !online {
            return crate::domain::plan::words::SAVED_HERE;
        }
    }
    crate::domain::plan::words::SAVED
}

/// Where a form goes once its entry is saved.
#[derive(Clone)]
pub enum After {
    /// To another screen, which says it was saved.
    Show(Screen),
    /// Nowhere: the form says it was saved, emptied first when `empty`.
    Stay { empty: bool },
}

/// Saves from a form: who is writing it, and what `fields` makes of the
/// rest; then goes on as `after` says, or shows why it was not saved.
pub fn submit(
    context: &PlanContext,
    problem: RwSignal<Option<String>>,
    entity: &'static str,
    record_id: Option<String>,
    after: After,
    fields: impl Fn(&FormFields) -> Value,
) -> impl Fn(SubmitEvent) {
    let context = context.clone();
    move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(form) = FormFields::of(&ev) else { return };
        let by = context.written_by(&form.text("written_by"));
        if let Err(message) = save_plan(entity, record_id.as_deref(), &context.patient_id, by, fields(&form))
        {
            problem.set(Some(message));
            return;
        }
        problem.set(None);
        match &after {
            After::Show(screen) => context.show(screen.clone(), Some(saved_message().into())),
            After::Stay { empty } => {
                if *empty {
                    crate::ui::reset_form(&ev);
                }
                context.notice.set(Some(saved_message().into()));
            }
        }
    }
}

/// Why the form's entry was not saved, read out when it changes.
#[component]
pub fn Problem(problem: RwSignal<Option<String>>) -> impl IntoView {
    view! { <p class="error-message" role="alert" hidden=move || problem.with(Option::is_none)>{move || problem.get()}</p> }
}
