//! The operation log behind `/api/sync` and the records it writes.

use super::audit::AUDIT_COLUMNS;
use super::AuditEvent;
use super::{on_pool, Store, StoreError};
use app::domain::sync::{CheckedOp, NewAddendum, NewSession, Write};
use chrono::Utc;
use sqlx::QueryBuilder;
use std::collections::{HashMap, HashSet};

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

/// Rows in one multi-row insert: 200 ops × 11 values stays far below either
/// engine's limit on bound values (32,766 for SQLite, 65,535 for PostgreSQL).
const ROWS_PER_INSERT: usize = 200;

/// Every SQLite write of the sync path takes this first (see `store_ops`).
/// One process serves one database, so one lock for the process is one per file.
static SQLITE_WRITER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The start of a multi-row insert into the log, for [`QueryBuilder::push_values`].
const OP_COLUMNS: &str =
    "insert into sync_ops (id, device_id, author_id, entity, entity_id, action, hlc, body,
                                                patient_id, ward_id, received_at) ";

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

    /// Where each of these patients still on a ward lives, by patient id:
    /// one query for a whole batch.
    pub async fn patient_places(
        &self,
        patient_ids: &[String],
    ) -> Result<HashMap<String, WritePlace>, StoreError> {
        if patient_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let sql = format!(
            "select p.id, w.id, w.site_id from patients p join wards w on w.id = p.ward_id
             where p.discharged_on is null and p.id in ({})",
            placeholders(1, patient_ids.len())
        );
        let rows: Vec<PlaceRow> = on_pool!(self, pool => {
            let mut query = sqlx::query_as(&sql);
            for id in patient_ids {
                query = query.bind(id);
            }
            query.fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|(patient_id, ward_id, site_id)| {
                (patient_id.clone(), WritePlace { patient_id, ward_id, site_id })
            })
            .collect())
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
    /// transaction: all or nothing. Each table gets one multi-row insert per
    /// [`ROWS_PER_INSERT`] ops rather than a statement per op: a 50-op batch
    /// is four statements, not 150.
    /// For each op, false when the same op id was stored first by another
    /// request (a replay racing the original).
    pub async fn store_ops(
        &self,
        author_id: &str,
        device_id: &str,
        ops: &[AcceptedOp<'_>],
    ) -> Result<Vec<bool>, StoreError> {
        if ops.is_empty() {
            return Ok(Vec::new());
        }
        let field_value = "insert into patient_field_values (op_id, patient_id, field, value, hlc, author_id)
                           values ($1, $2, $3, $4, $5, $6)";
        let bed_now = "select bed_hlc from patients where id = $1";
        let keep_first_bed = "update patients set bed_on_admission = bed
                              where id = $1 and bed_hlc = '' and bed_on_admission is null";
        let set_bed = "update patients set bed = $1, bed_hlc = $2 where id = $3";
        let now = Utc::now();
        let mut new_ids: HashSet<String> = HashSet::with_capacity(ops.len());
        // SQLite has one writer per file: queue here, in order and without
        // holding a thread, rather than in SQLite's sleeping busy handler.
        let _writer = match self {
            Store::Sqlite(_) => Some(SQLITE_WRITER.lock().await),
            Store::Postgres(_) => None,
        };
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            if let Store::Postgres(_) = self {
                // One writer at a time, so sequence numbers follow commit
                // order and a reader's cursor never skips a later commit.
                sqlx::query("lock table sync_ops in share row exclusive mode").execute(&mut *tx).await?;
            }
            for chunk in ops.chunks(ROWS_PER_INSERT) {
                let mut insert = QueryBuilder::new(OP_COLUMNS);
                insert.push_values(chunk, |mut row, accepted| {
                    let (op, place) = (&accepted.checked.op, &accepted.place);
                    row.push_bind(&op.id).push_bind(device_id).push_bind(author_id).push_bind(&op.entity)
                        .push_bind(&op.entity_id).push_bind(&op.action).push_bind(&op.hlc)
                        .push_bind(&accepted.body).push_bind(&place.patient_id).push_bind(&place.ward_id)
                        .push_bind(now);
                });
                insert.push(" on conflict (id) do nothing returning id");
                let rows: Vec<(String,)> = insert.build_query_as().fetch_all(&mut *tx).await?;
                new_ids.extend(rows.into_iter().map(|(id,)| id));
            }
            let new: Vec<&AcceptedOp<'_>> =
                ops.iter().filter(|a| new_ids.contains(&a.checked.op.id)).collect();
            let sessions: Vec<(&AcceptedOp<'_>, &NewSession)> = new
                .iter()
                .filter_map(|a| match &a.checked.write { Write::Session(s) => Some((*a, s)), _ => None })
                .collect();
            for chunk in sessions.chunks(ROWS_PER_INSERT) {
                let mut insert = QueryBuilder::new(
                    "insert into sessions (id, op_id, patient_id, ward_id, author_id, session_type,
                                           started_at, duration_min, note, hlc) ",
                );
                insert.push_values(chunk, |mut row, (a, s)| {
                    let op = &a.checked.op;
                    row.push_bind(&op.entity_id).push_bind(&op.id).push_bind(&a.place.patient_id)
                        .push_bind(&a.place.ward_id).push_bind(author_id).push_bind(&s.session_type)
                        .push_bind(s.started_at).push_bind(i64::from(s.duration_min)).push_bind(&s.note)
                        .push_bind(&op.hlc);
                });
                insert.build().execute(&mut *tx).await?;
            }
            let addenda: Vec<(&AcceptedOp<'_>, &NewAddendum)> = new
                .iter()
                .filter_map(|a| match &a.checked.write { Write::Addendum(x) => Some((*a, x)), _ => None })
                .collect();
            for chunk in addenda.chunks(ROWS_PER_INSERT) {
                let mut insert =
                    QueryBuilder::new("insert into addenda (id, op_id, session_id, author_id, reason, text, hlc) ");
                insert.push_values(chunk, |mut row, (a, x)| {
                    let op = &a.checked.op;
                    row.push_bind(&op.entity_id).push_bind(&op.id).push_bind(&x.session_id)
                        .push_bind(author_id).push_bind(&x.reason).push_bind(&x.text).push_bind(&op.hlc);
                });
                insert.build().execute(&mut *tx).await?;
            }
            // Field changes are rare and each depends on the one before
            // (last writer wins): one at a time, in order.
            for accepted in &new {
                let Write::PatientField(change) = &accepted.checked.write else { continue };
                let op = &accepted.checked.op;
                sqlx::query(field_value)
                    .bind(&op.id).bind(&change.patient_id).bind(change.field).bind(&change.value)
                    .bind(&op.hlc).bind(author_id)
                    .execute(&mut *tx).await?;
                // Compared here as the domain compares it (byte order), not
                // by a collation.
                let (current,): (String,) =
                    sqlx::query_as(bed_now).bind(&change.patient_id).fetch_one(&mut *tx).await?;
                if op.hlc > current {
                    sqlx::query(keep_first_bed).bind(&change.patient_id).execute(&mut *tx).await?;
                    sqlx::query(set_bed)
                        .bind(&change.value).bind(&op.hlc).bind(&change.patient_id)
                        .execute(&mut *tx).await?;
                }
            }
            for chunk in new.chunks(ROWS_PER_INSERT) {
                let mut insert = QueryBuilder::new(AUDIT_COLUMNS);
                insert.push_values(chunk, |mut row, a| {
                    let e = &a.audit;
                    row.push_bind(e.at).push_bind(&e.staff_id).push_bind(&e.username).push_bind(&e.action)
                        .push_bind(&e.patient_id).push_bind(&e.ward_id).push_bind(&e.device)
                        .push_bind(&e.address).push_bind(&e.detail);
                });
                insert.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(ops.iter().map(|a| new_ids.contains(&a.checked.op.id)).collect())
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

    /// The cursor a new device starts from: just before the first op the
    /// server received at or after `since`, or the end of the log when none
    /// was. Read by when ops arrived (indexed), which follows the log's order
    /// to within a commit; the caller leaves itself a margin for that.
    pub async fn cursor_before(&self, since: chrono::DateTime<Utc>) -> Result<i64, StoreError> {
        let first = "select seq from sync_ops where received_at >= $1 order by received_at, seq limit 1";
        let last = "select coalesce(max(seq), 0) from sync_ops";
        let seq: Option<(i64,)> =
            on_pool!(self, pool => sqlx::query_as(first).bind(since).fetch_optional(pool).await?);
        Ok(match seq {
            Some((seq,)) => seq - 1,
            None => on_pool!(self, pool => sqlx::query_as::<_, (i64,)>(last).fetch_one(pool).await?).0,
        })
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
