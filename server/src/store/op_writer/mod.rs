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

use super::audit::AUDIT_COLUMNS;
use super::records::store_records;
use super::sync::AcceptedOp;
use super::{Store, StoreError};
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use writer::Batch;

mod statements;
mod writer;
pub(crate) use statements::{Bind, Statements};
pub use writer::OpWriter;

/// Rows in one multi-row insert: 200 ops × 11 values stays far below either
/// engine's limit on bound values (32,766 for SQLite, 65,535 for PostgreSQL).
const ROWS_PER_INSERT: usize = 200;

/// The start of a multi-row insert into the log.
const OP_COLUMNS: &str =
    "insert into sync_ops (id, device_id, author_id, entity, entity_id, action, hlc, body,
                                                patient_id, ward_id, received_at) ";

/// Writes the ops of a group of requests inside the open transaction `tx`:
/// the log, the records the new ops make and their audit rows. The ids of
/// the ops that were new, per request. On PostgreSQL the whole group shares
/// each multi-row insert, so a group costs the same few round trips however
/// many requests it holds and the writer's trips to the database do not grow
/// with the queue behind it; SQLite, in process, writes one request at a time.
async fn write_ops(
    tx: &mut impl Statements,
    group: &[Batch],
    now: DateTime<Utc>,
) -> Result<Vec<HashSet<String>>, sqlx::Error> {
    // Every op of the group, with the request it came in.
    let rows: Vec<(usize, &str, &AcceptedOp)> = group
        .iter()
        .enumerate()
        .flat_map(|(i, b)| b.ops.iter().map(move |a| (i, b.author_id.as_str(), a)))
        .collect();
    let log: Vec<Vec<Bind>> = rows
        .iter()
        .map(|(i, author_id, accepted)| {
            let (op, place) = (&accepted.checked.op, &accepted.place);
            vec![
                (&op.id).into(),
                (&group[*i].device_id).into(),
                (*author_id).into(),
                (&op.entity).into(),
                (&op.entity_id).into(),
                (&op.action).into(),
                (&op.hlc).into(),
                (&accepted.body).into(),
                (&place.patient_id).into(),
                (&place.ward_id).into(),
                now.into(),
            ]
        })
        .collect();
    let tail = " on conflict (id) do nothing returning id";
    let mut inserted: HashSet<String> =
        tx.insert_returning(OP_COLUMNS, &log, tail).await?.into_iter().collect();
    // A new op belongs to the first request of the group that sent it; a
    // replay racing it in the same group finds it stored.
    let mut new_ids: Vec<HashSet<String>> = vec![HashSet::new(); group.len()];
    let mut new: Vec<(&str, &AcceptedOp)> = Vec::with_capacity(inserted.len());
    for (i, author_id, accepted) in &rows {
        if inserted.remove(&accepted.checked.op.id) {
            new_ids[*i].insert(accepted.checked.op.id.clone());
            new.push((*author_id, *accepted));
        }
    }
    store_records(tx, &new, now).await?;
    let audit: Vec<Vec<Bind>> = new
        .iter()
        .map(|(_, a)| {
            let e = &a.audit;
            vec![
                e.at.into(),
                (&e.staff_id).into(),
                (&e.username).into(),
                (&e.action).into(),
                (&e.patient_id).into(),
                (&e.ward_id).into(),
                (&e.device).into(),
                (&e.address).into(),
                (&e.detail).into(),
            ]
        })
        .collect();
    tx.insert(AUDIT_COLUMNS, &audit).await?;
    Ok(new_ids)
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

#[cfg(test)]
mod tests;
