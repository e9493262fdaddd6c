//! The operation log behind `/api/sync` and the records it writes.

use super::audit::INSERT_AUDIT;
use super::AuditEvent;
use super::{on_pool, Store, StoreError};
use app::domain::sync::{CheckedOp, Write};
use chrono::Utc;
use std::collections::HashMap;

/// `$first, $first+1, …` for an `in (…)` list of `count` values.
fn placeholders(first: usize, count: usize) -> String {
    (first..first + count).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// Where a write lands: the patient, their ward and its site, now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WritePlace {
    pub patient_id: String,
    pub ward_id: String,
    pub site_id: String,
}

/// An op that passed every check, ready to store with its audit row.
pub struct AcceptedOp<'a> {
    pub checked: &'a CheckedOp,
    /// The op in its canonical JSON form.
    pub body: String,
    pub place: WritePlace,
    pub audit: AuditEvent,
}

/// One stored op as `changes` sends it.
#[derive(Debug, sqlx::FromRow)]
pub struct ChangeRow {
    pub seq: i64,
    pub body: String,
    pub author_id: String,
    pub author_name: String,
}

type PlaceRow = (String, String, String);

/// Adds one op to the log; an op id already there is left as it is.
pub(super) const INSERT_OP: &str =
    "insert into sync_ops (id, device_id, author_id, entity, entity_id, action, hlc, body,
                           patient_id, ward_id, received_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) on conflict (id) do nothing";

impl Store {
    /// The canonical bodies stored under any of these op ids, by id.
    pub async fn op_bodies(&self, op_ids: &[String]) -> Result<HashMap<String, String>, StoreError> {
        if op_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let sql = format!("select id, body from sync_ops where id in ({})", placeholders(1, op_ids.len()));
        let rows: Vec<(String, String)> = on_pool!(self, pool => {
            let mut query = sqlx::query_as(&sql);
            for id in op_ids {
                query = query.bind(id);
            }
            query.fetch_all(pool).await?
        });
        Ok(rows.into_iter().collect())
    }

    /// Which of these ids already name a saved session or addendum.
    pub async fn saved_record_ids(&self, ids: &[String]) -> Result<Vec<String>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = placeholders(1, ids.len());
        let sql = format!(
            "select id from sessions where id in ({list}) union select id from addenda where id in ({list})"
        );
        let rows: Vec<(String,)> = on_pool!(self, pool => {
            let mut query = sqlx::query_as(&sql);
            for id in ids {
                query = query.bind(id);
            }
            query.fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Where a patient still on a ward lives.
    pub async fn patient_place(&self, patient_id: &str) -> Result<Option<WritePlace>, StoreError> {
        let sql = "select p.id, w.id, w.site_id from patients p join wards w on w.id = p.ward_id
                   where p.id = $1 and p.discharged_on is null";
        let row: Option<PlaceRow> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(patient_id).fetch_optional(pool).await?);
        Ok(row.map(|(patient_id, ward_id, site_id)| WritePlace { patient_id, ward_id, site_id }))
    }

    /// Where the patient of a saved session lives now.
    pub async fn session_place(&self, session_id: &str) -> Result<Option<WritePlace>, StoreError> {
        let sql = "select p.id, w.id, w.site_id from sessions s join patients p on p.id = s.patient_id
                   join wards w on w.id = p.ward_id where s.id = $1 and p.discharged_on is null";
        let row: Option<PlaceRow> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(session_id).fetch_optional(pool).await?);
        Ok(row.map(|(patient_id, ward_id, site_id)| WritePlace { patient_id, ward_id, site_id }))
    }

    /// Stores the ops, their records and their audit rows in one
    /// transaction: all or nothing.
    /// For each op, false when the same op id was stored first by another
    /// request (a replay racing the original).
    pub async fn store_ops(
        &self,
        author_id: &str,
        device_id: &str,
        ops: &[AcceptedOp<'_>],
    ) -> Result<Vec<bool>, StoreError> {
        let log = INSERT_OP;
        let session = "insert into sessions (id, op_id, patient_id, ward_id, author_id, session_type,
                                             started_at, duration_min, note, hlc)
                       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
        let addendum = "insert into addenda (id, op_id, session_id, author_id, reason, text, hlc)
                        values ($1, $2, $3, $4, $5, $6, $7)";
        let field_value = "insert into patient_field_values (op_id, patient_id, field, value, hlc, author_id)
                           values ($1, $2, $3, $4, $5, $6)";
        let bed_now = "select bed_hlc from patients where id = $1";
        let keep_first_bed = "update patients set bed_on_admission = bed
                              where id = $1 and bed_hlc = '' and bed_on_admission is null";
        let set_bed = "update patients set bed = $1, bed_hlc = $2 where id = $3";
        let now = Utc::now();
        let mut stored = Vec::with_capacity(ops.len());
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            if let Store::Postgres(_) = self {
                // One writer at a time, so sequence numbers follow commit
                // order and a reader's cursor never skips a later commit.
                sqlx::query("lock table sync_ops in share row exclusive mode").execute(&mut *tx).await?;
            }
            for accepted in ops {
                let op = &accepted.checked.op;
                let place = &accepted.place;
                let new = sqlx::query(log)
                    .bind(&op.id).bind(device_id).bind(author_id).bind(&op.entity).bind(&op.entity_id)
                    .bind(&op.action).bind(&op.hlc).bind(&accepted.body).bind(&place.patient_id)
                    .bind(&place.ward_id).bind(now)
                    .execute(&mut *tx).await?.rows_affected() == 1;
                if new {
                    match &accepted.checked.write {
                        Write::Session(s) => {
                            sqlx::query(session)
                                .bind(&op.entity_id).bind(&op.id).bind(&place.patient_id).bind(&place.ward_id)
                                .bind(author_id).bind(&s.session_type).bind(s.started_at)
                                .bind(i64::from(s.duration_min)).bind(&s.note).bind(&op.hlc)
                                .execute(&mut *tx).await?;
                        }
                        Write::Addendum(a) => {
                            sqlx::query(addendum)
                                .bind(&op.entity_id).bind(&op.id).bind(&a.session_id).bind(author_id)
                                .bind(&a.reason).bind(&a.text).bind(&op.hlc)
                                .execute(&mut *tx).await?;
                        }
                        Write::PatientField(change) => {
                            sqlx::query(field_value)
                                .bind(&op.id).bind(&change.patient_id).bind(change.field).bind(&change.value)
                                .bind(&op.hlc).bind(author_id)
                                .execute(&mut *tx).await?;
                            // Last writer wins, compared here as the domain
                            // compares it (byte order), not by a collation.
                            let (current,): (String,) =
                                sqlx::query_as(bed_now).bind(&change.patient_id).fetch_one(&mut *tx).await?;
                            if op.hlc > current {
                                sqlx::query(keep_first_bed).bind(&change.patient_id).execute(&mut *tx).await?;
                                sqlx::query(set_bed)
                                    .bind(&change.value).bind(&op.hlc).bind(&change.patient_id)
                                    .execute(&mut *tx).await?;
                            }
                        }
                    }
                }
                if new {
                    let e = &accepted.audit;
                    sqlx::query(INSERT_AUDIT)
                        .bind(e.at).bind(&e.staff_id).bind(&e.username).bind(&e.action).bind(&e.patient_id)
                        .bind(&e.ward_id).bind(&e.device).bind(&e.address).bind(&e.detail)
                        .execute(&mut *tx).await?;
                }
                stored.push(new);
            }
            tx.commit().await?;
        });
        Ok(stored)
    }

    /// Ops about patients now on `ward_ids`, after `after_seq`, oldest
    /// first, at most `limit`, leaving out those `device_id` sent itself
    /// (it holds them already).
    pub async fn changes_since(
        &self,
        after_seq: i64,
        ward_ids: &[String],
        device_id: &str,
        limit: i64,
    ) -> Result<Vec<ChangeRow>, StoreError> {
        if ward_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "select o.seq, o.body, o.author_id, s.display_name as author_name
             from sync_ops o join patients p on p.id = o.patient_id join staff s on s.id = o.author_id
             where o.seq > $1 and o.device_id <> $3 and p.ward_id in ({}) order by o.seq limit $2",
            placeholders(4, ward_ids.len())
        );
        let rows: Vec<ChangeRow> = on_pool!(self, pool => {
            let mut query = sqlx::query_as(&sql).bind(after_seq).bind(limit).bind(device_id);
            for ward in ward_ids {
                query = query.bind(ward);
            }
            query.fetch_all(pool).await?
        });
        Ok(rows)
    }

    /// How many ops the log holds (for tests and monitoring).
    pub async fn op_count(&self) -> Result<i64, StoreError> {
        let count: (i64,) =
            on_pool!(self, pool => sqlx::query_as("select count(*) from sync_ops").fetch_one(pool).await?);
        Ok(count.0)
    }

    /// The note of a saved session, if any (for tests and the timeline).
    pub async fn session_note(&self, id: &str) -> Result<Option<String>, StoreError> {
        let sql = "select note from sessions where id = $1";
        let row: Option<(String,)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await?);
        Ok(row.map(|r| r.0))
    }
}
