//! A patient's plan entries as this device holds them: records written
//! here (sent or not, refused with their reason) and those pulled since.

use super::kept::Kept;
use super::overlay::state;
use crate::domain::plan::{PlanEntry, ENTITIES};

/// The plan entries about `patient_id` that this device keeps, to fold
/// after the server's (which win: an op counts once, first listed first).
pub fn plan_entries(kept: &[Kept], patient_id: &str) -> Vec<PlanEntry> {
    kept.iter()
        .filter(|k| ENTITIES.contains(&k.op.entity.as_str()) && k.field("patient_id") == patient_id)
        .map(|k| PlanEntry {
            op_id: k.op.id.clone(),
            entity: k.op.entity.clone(),
            entity_id: k.op.entity_id.clone(),
            action: k.op.action.clone(),
            hlc: k.op.hlc.clone(),
            author_name: k.author_name.clone(),
            payload: k.op.payload.clone(),
            state: state(k),
        })
        .collect()
}
