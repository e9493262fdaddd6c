//! "My recovery plan": the ward tablet's page a patient writes their plan
//! on (`/plan/:id`, locked to them in patient mode), and the plan as staff
//! read it on the patient's page.

mod chart;
mod goal_screens;
mod hand_over;
mod plan_card;
mod plan_page;
mod save;
mod screens;

pub use chart::CheckinChart;
pub use hand_over::HandToPatient;
pub use plan_card::PlanCard;
pub use plan_page::PlanPage;

use crate::domain::plan::{fold, PlanEntry, PlanRecord, RecoveryPlan};
use crate::sync::Kept;
use leptos::prelude::*;

/// One patient's plan, if the signed-in member of staff may see their record.
#[server(endpoint = "get_plan")]
pub async fn get_plan(id: String) -> Result<PlanRecord, ServerFnError> {
    use crate::backend::{backend, patient_mode, set_status, signed_in};
    let me = signed_in().await?;
    // A tablet handed to a patient reads their plan and no one else's.
    if patient_mode().await.is_some_and(|mode| mode.0 != id) {
        set_status(403);
        return Err(ServerFnError::new("This tablet is handed to a patient for their own plan."));
    }
    backend()?.0.plan(&me, &id).await.map_err(|e| {
        set_status(e.status());
        ServerFnError::new(e.to_string())
    })
}

/// A person's plan as it reads now: the server's entries with what this
/// device keeps about them laid over, folded again when that changes.
pub fn plan_shown(
    patient_id: String,
    entries: Vec<PlanEntry>,
    kept: ReadSignal<Vec<Kept>>,
) -> Memo<RecoveryPlan> {
    Memo::new(move |_| {
        let mut all = entries.clone();
        kept.with(|kept| all.extend(crate::sync::plan_entries(kept, &patient_id)));
        fold(&all)
    })
}
