//! What has changed about a patient, kept as history: their moves between
//! wards, and every value their bed was set to.

use super::sync::{WritePlace, INSERT_OP};
use super::{on_pool, Store, StoreError};
use app::domain::lww::{history, FieldValue};
use app::domain::sync::Op;
use chrono::{DateTime, Utc};

/// The device id the server signs its own changes with.
pub const SERVER_DEVICE: &str = "00000000-0000-4000-8000-000000000000";

/// The ops a ward move writes, with the ward each is filed under: `move`,
/// under the new ward, tells its staff's devices where the patient is now;
/// `leave`, under the ward they left, tells that ward's devices to forget
/// them (a device only holds what its user may see). `changes` sends a
/// `leave` only to those who do not reach the new ward too.
fn move_ops(patient_id: &str, from: &str, to: &str, at: DateTime<Utc>) -> [(Op, String); 2] {
    let op = |action: &str, counter: u32| Op {
        // Time-ordered, as devices make them (see `app::domain::sync::ids`).
        id: uuid::Uuid::now_v7().to_string(),
        entity: "patient".into(),
        entity_id: patient_id.into(),
        action: action.into(),
        hlc: format!("{:015}:{counter:05}:{SERVER_DEVICE}", at.timestamp_millis().max(0)),
        payload: serde_json::json!({ "ward_id": to, "from_ward_id": from }),
    };
    [(op("move", 0), to.to_owned()), (op("leave", 1), from.to_owned())]
}

impl Store {
    /// Moves a patient still on a ward to `to_ward_id`, keeping where they
    /// were and when they left, and tells the devices of the new ward's
    /// staff through the op log. False when there is no such patient or
    /// ward, or they are on that ward already.
    pub async fn move_patient(
        &self,
        patient_id: &str,
        to_ward_id: &str,
        moved_by: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let current = "select ward_id from patients where id = $1 and discharged_on is null";
        let ward_exists = "select id from wards where id = $1";
        let record =
            "insert into patient_moves (id, patient_id, from_ward_id, to_ward_id, moved_at, moved_by)
                      values ($1, $2, $3, $4, $5, $6)";
        let update = "update patients set ward_id = $1 where id = $2";
        let id = uuid::Uuid::new_v4().to_string();
        let moved = on_pool!(self, pool => {
            // It reads, then writes: on SQLite take the write lock first
            // (waiting its turn), or a commit by the op log's writer between
            // the read and the write fails it with SQLITE_BUSY at once.
            let mut tx = match self {
                Store::Sqlite(_) => pool.begin_with("begin immediate").await?,
                Store::Postgres(_) => pool.begin().await?,
            };
            if let Store::Postgres(_) = self {
                // As every writer of the op log: one at a time (see `op_writer`).
                sqlx::query("lock table sync_ops in share row exclusive mode").execute(&mut *tx).await?;
            }
            let from: Option<(String,)> = sqlx::query_as(current).bind(patient_id).fetch_optional(&mut *tx).await?;
            let to: Option<(String,)> = sqlx::query_as(ward_exists).bind(to_ward_id).fetch_optional(&mut *tx).await?;
            match (from, to) {
                (Some((from,)), Some(_)) if from != to_ward_id => {
                    sqlx::query(record)
                        .bind(&id).bind(patient_id).bind(&from).bind(to_ward_id).bind(at).bind(moved_by)
                        .execute(&mut *tx).await?;
                    sqlx::query(update).bind(to_ward_id).bind(patient_id).execute(&mut *tx).await?;
                    for (op, ward_id) in move_ops(patient_id, &from, to_ward_id, at) {
                        let body = serde_json::to_string(&op).unwrap_or_default();
                        sqlx::query(INSERT_OP)
                            .bind(&op.id).bind(SERVER_DEVICE).bind(moved_by).bind(&op.entity).bind(&op.entity_id)
                            .bind(&op.action).bind(&op.hlc).bind(&body).bind(patient_id).bind(&ward_id)
                            .bind(Utc::now())
                            .execute(&mut *tx).await?;
                    }
                    if let Store::Postgres(_) = self {
                        sqlx::query(super::events::NOTIFY_COMMIT).execute(&mut *tx).await?;
                    }
                    tx.commit().await?;
                    self.commits().notify_one();
                    true
                }
                _ => false,
            }
        });
        Ok(moved)
    }

    /// The ward (with its site) a patient still on a ward was on at `at`:
    /// the ward they left at their first move after `at`, or, if they have
    /// not moved since, the ward they are on now.
    pub async fn patient_place_at(
        &self,
        patient_id: &str,
        at: DateTime<Utc>,
    ) -> Result<Option<WritePlace>, StoreError> {
        let Some(now) = self.patient_place(patient_id).await? else { return Ok(None) };
        // Times are compared here rather than in SQL, so that both engines
        // agree whatever text form SQLite keeps them in.
        let sql = "select from_ward_id, moved_at from patient_moves where patient_id = $1";
        let moves: Vec<(String, DateTime<Utc>)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(patient_id).fetch_all(pool).await?);
        let Some((ward_id, _)) = moves.into_iter().filter(|(_, moved_at)| *moved_at > at).min_by_key(|m| m.1)
        else {
            return Ok(Some(now));
        };
        let sql = "select site_id from wards where id = $1";
        let site: Option<(String,)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(&ward_id).fetch_optional(pool).await?);
        Ok(site.map(|(site_id,)| WritePlace { patient_id: now.patient_id, ward_id, site_id }))
    }
}

impl Store {
    /// Every bed `patient_id` has had, newest first: the current one, then
    /// those it replaced (a later change, or one that lost to a later clock
    /// stamp), and last the bed on admission, with an empty stamp and no
    /// author. Empty only when there is no such patient.
    pub async fn bed_history(&self, patient_id: &str) -> Result<Vec<FieldValue>, StoreError> {
        let sql = "select v.value, v.hlc, v.op_id, s.display_name from patient_field_values v
                   join staff s on s.id = v.author_id where v.patient_id = $1 and v.field = 'bed'";
        let rows: Vec<(String, String, String, String)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(patient_id).fetch_all(pool).await?);
        let first = "select bed, bed_on_admission from patients where id = $1";
        let first: Option<(String, Option<String>)> =
            on_pool!(self, pool => sqlx::query_as(first).bind(patient_id).fetch_optional(pool).await?);
        // Until the first change, the bed on admission is the bed now.
        let admission = first.map(|(now, admitted)| FieldValue {
            value: admitted.unwrap_or(now),
            hlc: String::new(),
            op_id: String::new(),
            author_name: String::new(),
        });
        let changes = rows.into_iter().map(|(value, hlc, op_id, author_name)| FieldValue {
            value,
            hlc,
            op_id,
            author_name,
        });
        Ok(history(changes.chain(admission)))
    }
}
