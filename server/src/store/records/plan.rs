//! Any part of a patient's recovery plan (`goal`, `goal_step`, …): one row
//! per op, folded into the plan when it is read.

use super::{Bind, New, Rows};
use app::domain::plan::PlanWrite;

impl Rows for PlanWrite {
    const INSERT: &'static str = "insert into plan_entries (op_id, entity, entity_id, action, patient_id,
        ward_id, goal_id, author_id, hlc, payload) ";

    fn row<'a>(n: &'a New<'_, Self>) -> Vec<Bind<'a>> {
        let (op, plan) = (n.op, n.record);
        vec![
            (&op.id).into(),
            (&op.entity).into(),
            (&op.entity_id).into(),
            (&op.action).into(),
            (&n.place.patient_id).into(),
            (&n.place.ward_id).into(),
            (&plan.goal_id).into(),
            n.author_id.into(),
            (&op.hlc).into(),
            plan.payload.to_string().into(),
        ]
    }
}
