//! A patient's recovery plan as it is stored: one row per plan op, folded
//! into the plan by `app::domain::plan::fold`.

use super::sync::placeholders;
use super::{on_pool, Store, StoreError};
use app::domain::plan::PlanEntry;
use app::domain::timeline::RecordState;

/// A plan holds at most this many entries on one page (a long stay with
/// weekly check-ins on a dozen goals stays far below it).
const PLAN_MAX: usize = 5_000;

const COLUMNS: &str = "select e.op_id, e.entity, e.entity_id, e.action, e.hlc, st.display_name, e.payload
    from plan_entries e join staff st on st.id = e.author_id";

type EntryRow = (String, String, String, String, String, String, String);

fn entry(
    (op_id, entity, entity_id, action, hlc, author_name, payload): EntryRow,
) -> Result<PlanEntry, StoreError> {
    let payload = serde_json::from_str(&payload)
        .map_err(|e| StoreError::corrupt(format!("plan entry {op_id}'s payload"), e))?;
    Ok(PlanEntry { op_id, entity, entity_id, action, hlc, author_name, payload, state: RecordState::Saved })
}

impl Store {
    /// Every entry of a patient's plan, oldest first.
    pub async fn plan_entries(&self, patient_id: &str) -> Result<Vec<PlanEntry>, StoreError> {
        let sql = format!("{COLUMNS} where e.patient_id = $1 order by e.hlc, e.op_id limit {PLAN_MAX}");
        let rows: Vec<EntryRow> =
            on_pool!(self, pool => sqlx::query_as(&sql).bind(patient_id).fetch_all(pool).await?);
        rows.into_iter().map(entry).collect()
    }

    /// Every entry about any of these goals (the goal's own, its steps,
    /// check-ins and statuses), to judge a new one against.
    pub async fn goal_entries(&self, goal_ids: &[String]) -> Result<Vec<PlanEntry>, StoreError> {
        if goal_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!("{COLUMNS} where e.goal_id in ({})", placeholders(1, goal_ids.len()));
        let rows: Vec<EntryRow> = on_pool!(self, pool => {
            let mut query = sqlx::query_as(&sql);
            for id in goal_ids {
                query = query.bind(id);
            }
            query.fetch_all(pool).await?
        });
        rows.into_iter().map(entry).collect()
    }
}
