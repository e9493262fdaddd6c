//! Follow-up actions as the pages show them (a patient's, and someone's
//! still to do), and who has seen whom this week.

use super::sync::placeholders;
use super::timeline::written_at;
use super::{on_pool, Store, StoreError};
use app::domain::follow_up::{DoneView, FollowUpView};
use app::domain::timeline::RecordState;
use chrono::{DateTime, Utc};

/// At most this many follow-ups on one list.
const LIST_MAX: usize = 200;

const COLUMNS: &str =
    "select f.id, f.op_id, f.patient_id, p.preferred_name as patient_name, f.text, f.due_on,
        f.author_id, st.display_name as author_name, f.hlc
    from follow_ups f join patients p on p.id = f.patient_id join staff st on st.id = f.author_id";

#[derive(sqlx::FromRow)]
struct FollowUpRow {
    id: String,
    op_id: String,
    patient_id: String,
    patient_name: String,
    text: String,
    due_on: Option<String>,
    author_id: String,
    author_name: String,
    hlc: String,
}

#[derive(sqlx::FromRow)]
struct DoneRow {
    id: String,
    op_id: String,
    follow_up_id: String,
    author_name: String,
    note: String,
    hlc: String,
}

impl Store {
    /// Every follow-up for a patient, done or not.
    pub async fn patient_follow_ups(&self, patient_id: &str) -> Result<Vec<FollowUpView>, StoreError> {
        let sql = format!("{COLUMNS} where f.patient_id = $1 order by f.hlc desc limit {LIST_MAX}");
        let rows: Vec<FollowUpRow> =
            on_pool!(self, pool => sqlx::query_as(&sql).bind(patient_id).fetch_all(pool).await?);
        self.with_dones(rows).await
    }

    /// What someone still has to do, for patients still on a ward.
    pub async fn open_follow_ups(&self, author_id: &str) -> Result<Vec<FollowUpView>, StoreError> {
        let sql = format!(
            "{COLUMNS} where f.author_id = $1 and p.discharged_on is null
                 and not exists (select 1 from follow_up_dones d where d.follow_up_id = f.id)
             order by f.hlc desc limit {LIST_MAX}"
        );
        let rows: Vec<FollowUpRow> =
            on_pool!(self, pool => sqlx::query_as(&sql).bind(author_id).fetch_all(pool).await?);
        self.with_dones(rows).await
    }

    /// The patients someone has recorded a contact with, or run a group
    /// for, since `since`.
    pub async fn seen_since(&self, author_id: &str, since: DateTime<Utc>) -> Result<Vec<String>, StoreError> {
        let sql = "select patient_id from sessions where author_id = $1 and started_at >= $2
                   union
                   select a.patient_id from group_attendees a join group_sessions g on g.id = a.group_id
                   where g.started_at >= $2 and (g.author_id = $1 or exists
                       (select 1 from group_facilitators f where f.group_id = g.id and f.staff_id = $1))";
        let rows: Vec<(String,)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(author_id).bind(since).fetch_all(pool).await?);
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    async fn with_dones(&self, rows: Vec<FollowUpRow>) -> Result<Vec<FollowUpView>, StoreError> {
        let dones: Vec<DoneRow> = if rows.is_empty() {
            Vec::new()
        } else {
            let sql = format!(
                "select d.id, d.op_id, d.follow_up_id, st.display_name as author_name, d.note, d.hlc
                 from follow_up_dones d join staff st on st.id = d.author_id
                 where d.follow_up_id in ({}) order by d.hlc",
                placeholders(1, rows.len())
            );
            on_pool!(self, pool => {
                let mut query = sqlx::query_as(&sql);
                for row in &rows {
                    query = query.bind(&row.id);
                }
                query.fetch_all(pool).await?
            })
        };
        let mut list: Vec<FollowUpView> = rows
            .into_iter()
            .map(|f| {
                Ok(FollowUpView {
                    written_at: written_at(&f.hlc)?,
                    id: f.id,
                    op_id: f.op_id,
                    patient_id: f.patient_id,
                    patient_name: f.patient_name,
                    text: f.text,
                    due_on: f.due_on,
                    author_id: f.author_id,
                    author_name: f.author_name,
                    state: RecordState::Saved,
                    done: None,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        for done in dones {
            // The first time it was marked done is when it was done.
            if let Some(f) = list.iter_mut().find(|f| f.id == done.follow_up_id && f.done.is_none()) {
                f.done = Some(DoneView {
                    at: written_at(&done.hlc)?,
                    id: done.id,
                    op_id: done.op_id,
                    author_name: done.author_name,
                    note: done.note,
                    state: RecordState::Saved,
                });
            }
        }
        Ok(list)
    }
}
