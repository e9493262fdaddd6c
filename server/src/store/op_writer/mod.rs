//! Storing accepted ops: the op log, the records they make and their audit
//! rows, all or nothing.
//!
//! The log has one writer at a time (SQLite allows no more; on PostgreSQL a
//! table lock keeps sequence numbers in commit order), so every write of the
//! log goes through one thread of the store's own, [`OpWriter`], which owns
//! the writer connection. Two things make it fast under many phones:
//! - its transaction never waits for a busy request thread between
//!   statements (when writers took turns from request tasks, a 50-op batch
//!   held the write lock ~6 ms, most of it waiting to be polled again);
//! - it commits every batch that is waiting when it starts in one
//!   transaction (group commit), so pages shared by the batches (index
//!   roots, the log's last page, a ward's patients) are written once.
//!
//! A failure rolls the whole group back and every request in it is told
//! nothing was stored, so each retries as a whole: an op is never half-stored.

use super::sync::AcceptedOp;

// Before `write_ops!`, which uses it.
#[macro_use]
mod records;
use super::{Store, StoreError};

/// Rows in one multi-row insert: 200 ops × 11 values stays far below either
/// engine's limit on bound values (32,766 for SQLite, 65,535 for PostgreSQL).
const ROWS_PER_INSERT: usize = 200;

/// The start of a multi-row insert into the log, for [`sqlx::QueryBuilder::push_values`].
const OP_COLUMNS: &str =
    "insert into sync_ops (id, device_id, author_id, entity, entity_id, action, hlc, body,
                                                patient_id, ward_id, received_at) ";

/// Writes the ops of a group of requests (`&[Batch]`) inside the open
/// transaction `$tx` and evaluates to the ids of the ops that were new, per
/// request (`Result<Vec<HashSet<String>>, sqlx::Error>`). On PostgreSQL the
/// whole group shares each multi-row insert, so a group costs the same few
/// round trips however many requests it holds and the writer's trips to the
/// database do not grow with the queue behind it; SQLite, in process, writes
/// one request at a time.
/// A macro, not a function, so that one text serves both engines' transaction types.
macro_rules! write_ops {
    ($tx:expr, $group:expr, $now:expr) => {
        async {
            let (group, now): (&[Batch], DateTime<Utc>) = ($group, $now);
            // Every op of the group, with the request it came in.
            let rows: Vec<(usize, &str, &str, &AcceptedOp)> = group
                .iter()
                .enumerate()
                .flat_map(|(i, b)| {
                    b.ops.iter().map(move |a| (i, b.author_id.as_str(), b.device_id.as_str(), a))
                })
                .collect();
            let mut inserted: HashSet<String> = HashSet::with_capacity(rows.len());
            for chunk in rows.chunks(ROWS_PER_INSERT) {
                let mut insert = QueryBuilder::new(OP_COLUMNS);
                insert.push_values(chunk, |mut row, (_, author_id, device_id, accepted)| {
                    let (op, place) = (&accepted.checked.op, &accepted.place);
                    row.push_bind(&op.id)
                        .push_bind(*device_id)
                        .push_bind(*author_id)
                        .push_bind(&op.entity)
                        .push_bind(&op.entity_id)
                        .push_bind(&op.action)
                        .push_bind(&op.hlc)
                        .push_bind(&accepted.body)
                        .push_bind(&place.patient_id)
                        .push_bind(&place.ward_id)
                        .push_bind(now);
                });
                insert.push(" on conflict (id) do nothing returning id");
                let ids: Vec<(String,)> = insert.build_query_as().fetch_all(&mut *$tx).await?;
                inserted.extend(ids.into_iter().map(|(id,)| id));
            }
            // A new op belongs to the first request of the group that sent
            // it; a replay racing it in the same group finds it stored.
            let mut new_ids: Vec<HashSet<String>> = vec![HashSet::new(); group.len()];
            let mut new: Vec<(&str, &AcceptedOp)> = Vec::with_capacity(inserted.len());
            for (i, author_id, _, accepted) in &rows {
                if inserted.remove(&accepted.checked.op.id) {
                    new_ids[*i].insert(accepted.checked.op.id.clone());
                    new.push((*author_id, *accepted));
                }
            }
            let sessions: Vec<(&str, &AcceptedOp, &NewSession)> = new
                .iter()
                .filter_map(|(author_id, a)| match &a.checked.write {
                    Write::Session(s) => Some((*author_id, *a, s)),
                    _ => None,
                })
                .collect();
            for chunk in sessions.chunks(ROWS_PER_INSERT) {
                let mut insert = QueryBuilder::new(
                    "insert into sessions (id, op_id, patient_id, ward_id, author_id, session_type,
                                           started_at, duration_min, note, hlc, details) ",
                );
                insert.push_values(chunk, |mut row, (author_id, a, s)| {
                    let op = &a.checked.op;
                    row.push_bind(&op.entity_id)
                        .push_bind(&op.id)
                        .push_bind(&a.place.patient_id)
                        .push_bind(&a.place.ward_id)
                        .push_bind(*author_id)
                        .push_bind(&s.session_type)
                        .push_bind(s.started_at)
                        .push_bind(i64::from(s.duration_min))
                        .push_bind(&s.note)
                        .push_bind(&op.hlc)
                        .push_bind(serde_json::to_string(&s.details).unwrap_or_else(|_| "{}".into()));
                });
                insert.build().execute(&mut *$tx).await?;
            }
            let addenda: Vec<(&str, &AcceptedOp, &NewAddendum)> = new
                .iter()
                .filter_map(|(author_id, a)| match &a.checked.write {
                    Write::Addendum(x) => Some((*author_id, *a, x)),
                    _ => None,
                })
                .collect();
            for chunk in addenda.chunks(ROWS_PER_INSERT) {
                let mut insert = QueryBuilder::new(
                    "insert into addenda (id, op_id, session_id, author_id, reason, text, hlc) ",
                );
                insert.push_values(chunk, |mut row, (author_id, a, x)| {
                    let op = &a.checked.op;
                    row.push_bind(&op.entity_id)
                        .push_bind(&op.id)
                        .push_bind(&x.session_id)
                        .push_bind(*author_id)
                        .push_bind(&x.reason)
                        .push_bind(&x.text)
                        .push_bind(&op.hlc);
                });
                insert.build().execute(&mut *$tx).await?;
            }
            write_rare_records!($tx, &new, now).await?;
            // Field changes are rare and each depends on the one before
            // (last writer wins): one at a time, in order.
            for (author_id, accepted) in &new {
                let Write::PatientField(change) = &accepted.checked.write else { continue };
                let op = &accepted.checked.op;
                sqlx::query(
                    "insert into patient_field_values (op_id, patient_id, field, value, hlc, author_id)
                     values ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&op.id)
                .bind(&change.patient_id)
                .bind(change.field)
                .bind(&change.value)
                .bind(&op.hlc)
                .bind(author_id)
                .execute(&mut *$tx)
                .await?;
                // Compared here as the domain compares it (byte order), not
                // by a collation.
                let (current,): (String,) = sqlx::query_as("select bed_hlc from patients where id = $1")
                    .bind(&change.patient_id)
                    .fetch_one(&mut *$tx)
                    .await?;
                if op.hlc > current {
                    sqlx::query(
                        "update patients set bed_on_admission = bed
                         where id = $1 and bed_hlc = '' and bed_on_admission is null",
                    )
                    .bind(&change.patient_id)
                    .execute(&mut *$tx)
                    .await?;
                    sqlx::query("update patients set bed = $1, bed_hlc = $2 where id = $3")
                        .bind(&change.value)
                        .bind(&op.hlc)
                        .bind(&change.patient_id)
                        .execute(&mut *$tx)
                        .await?;
                }
            }
            for chunk in new.chunks(ROWS_PER_INSERT) {
                let mut insert = QueryBuilder::new(AUDIT_COLUMNS);
                insert.push_values(chunk, |mut row, (_, a)| {
                    let e = &a.audit;
                    row.push_bind(e.at)
                        .push_bind(&e.staff_id)
                        .push_bind(&e.username)
                        .push_bind(&e.action)
                        .push_bind(&e.patient_id)
                        .push_bind(&e.ward_id)
                        .push_bind(&e.device)
                        .push_bind(&e.address)
                        .push_bind(&e.detail);
                });
                insert.build().execute(&mut *$tx).await?;
            }
            Ok::<Vec<HashSet<String>>, sqlx::Error>(new_ids)
        }
    };
}

impl Store {
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
        ops: Vec<AcceptedOp>,
    ) -> Result<Vec<bool>, StoreError> {
        if ops.is_empty() {
            return Ok(Vec::new());
        }
        let writer = match self {
            Store::Sqlite(db) => &db.ops,
            Store::Postgres(db) => &db.ops,
        };
        writer.write(author_id, device_id, ops).await
    }
}

// After the macro, so that the writer's thread can use it.
mod writer;
pub use writer::OpWriter;

#[cfg(test)]
mod tests;
