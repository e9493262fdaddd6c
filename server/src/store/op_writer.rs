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
use super::sync::AcceptedOp;
use super::{Store, StoreError};
use app::domain::sync::{NewAddendum, NewSession, Write};
use chrono::{DateTime, Utc};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, QueryBuilder, SqlitePool};
use std::collections::HashSet;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, Notify};

/// Rows in one multi-row insert: 200 ops × 11 values stays far below either
/// engine's limit on bound values (32,766 for SQLite, 65,535 for PostgreSQL).
const ROWS_PER_INSERT: usize = 200;

/// At most this many requests in one SQLite transaction.
const MAX_GROUP: usize = 32;

/// The start of a multi-row insert into the log, for [`QueryBuilder::push_values`].
const OP_COLUMNS: &str =
    "insert into sync_ops (id, device_id, author_id, entity, entity_id, action, hlc, body,
                                                patient_id, ward_id, received_at) ";

/// Writes one request's ops inside the open transaction `$tx` and evaluates
/// to the ids of the ops that were new (`Result<HashSet<String>, sqlx::Error>`).
/// A macro, not a function, so that one text serves both engines' transaction types.
macro_rules! write_ops {
    ($tx:expr, $author_id:expr, $device_id:expr, $ops:expr, $now:expr) => {
        async {
            let (author_id, device_id, ops, now): (&str, &str, &[AcceptedOp], DateTime<Utc>) =
                ($author_id, $device_id, $ops, $now);
            let mut new_ids: HashSet<String> = HashSet::with_capacity(ops.len());
            for chunk in ops.chunks(ROWS_PER_INSERT) {
                let mut insert = QueryBuilder::new(OP_COLUMNS);
                insert.push_values(chunk, |mut row, accepted| {
                    let (op, place) = (&accepted.checked.op, &accepted.place);
                    row.push_bind(&op.id)
                        .push_bind(device_id)
                        .push_bind(author_id)
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
                let rows: Vec<(String,)> = insert.build_query_as().fetch_all(&mut *$tx).await?;
                new_ids.extend(rows.into_iter().map(|(id,)| id));
            }
            let new: Vec<&AcceptedOp> = ops.iter().filter(|a| new_ids.contains(&a.checked.op.id)).collect();
            let sessions: Vec<(&AcceptedOp, &NewSession)> = new
                .iter()
                .filter_map(|a| match &a.checked.write {
                    Write::Session(s) => Some((*a, s)),
                    _ => None,
                })
                .collect();
            for chunk in sessions.chunks(ROWS_PER_INSERT) {
                let mut insert = QueryBuilder::new(
                    "insert into sessions (id, op_id, patient_id, ward_id, author_id, session_type,
                                           started_at, duration_min, note, hlc, details) ",
                );
                insert.push_values(chunk, |mut row, (a, s)| {
                    let op = &a.checked.op;
                    row.push_bind(&op.entity_id)
                        .push_bind(&op.id)
                        .push_bind(&a.place.patient_id)
                        .push_bind(&a.place.ward_id)
                        .push_bind(author_id)
                        .push_bind(&s.session_type)
                        .push_bind(s.started_at)
                        .push_bind(i64::from(s.duration_min))
                        .push_bind(&s.note)
                        .push_bind(&op.hlc)
                        .push_bind(serde_json::to_string(&s.details).unwrap_or_else(|_| "{}".into()));
                });
                insert.build().execute(&mut *$tx).await?;
            }
            let addenda: Vec<(&AcceptedOp, &NewAddendum)> = new
                .iter()
                .filter_map(|a| match &a.checked.write {
                    Write::Addendum(x) => Some((*a, x)),
                    _ => None,
                })
                .collect();
            for chunk in addenda.chunks(ROWS_PER_INSERT) {
                let mut insert = QueryBuilder::new(
                    "insert into addenda (id, op_id, session_id, author_id, reason, text, hlc) ",
                );
                insert.push_values(chunk, |mut row, (a, x)| {
                    let op = &a.checked.op;
                    row.push_bind(&op.entity_id)
                        .push_bind(&op.id)
                        .push_bind(&x.session_id)
                        .push_bind(author_id)
                        .push_bind(&x.reason)
                        .push_bind(&x.text)
                        .push_bind(&op.hlc);
                });
                insert.build().execute(&mut *$tx).await?;
            }
            // Concerns, follow-ups and their answers are rare: one statement each.
            for accepted in &new {
                let op = &accepted.checked.op;
                match &accepted.checked.write {
                    Write::Concern(c) => {
                        sqlx::query(
                            "insert into concerns (id, op_id, patient_id, ward_id, author_id, category,
                                 what_happened, done_now, told, session_id, hlc, received_at)
                             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                        )
                        .bind(&op.entity_id)
                        .bind(&op.id)
                        .bind(&accepted.place.patient_id)
                        .bind(&accepted.place.ward_id)
                        .bind(author_id)
                        .bind(c.category.as_str())
                        .bind(&c.what_happened)
                        .bind(&c.done_now)
                        .bind(&c.told)
                        .bind(&c.session_id)
                        .bind(&op.hlc)
                        .bind(now)
                        .execute(&mut *$tx)
                        .await?;
                    }
                    Write::ConcernAck(ack) => {
                        sqlx::query(
                            "insert into concern_acks (id, op_id, concern_id, author_id, response, hlc)
                             values ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(&op.entity_id)
                        .bind(&op.id)
                        .bind(&ack.concern_id)
                        .bind(author_id)
                        .bind(&ack.response)
                        .bind(&op.hlc)
                        .execute(&mut *$tx)
                        .await?;
                    }
                    Write::FollowUp(f) => {
                        sqlx::query(
                            "insert into follow_ups (id, op_id, patient_id, ward_id, author_id, text, due_on, session_id, hlc)
                             values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                        )
                        .bind(&op.entity_id)
                        .bind(&op.id)
                        .bind(&accepted.place.patient_id)
                        .bind(&accepted.place.ward_id)
                        .bind(author_id)
                        .bind(&f.text)
                        .bind(f.due_on.map(app::domain::follow_up::date_text))
                        .bind(&f.session_id)
                        .bind(&op.hlc)
                        .execute(&mut *$tx)
                        .await?;
                    }
                    Write::FollowUpDone(done) => {
                        sqlx::query(
                            "insert into follow_up_dones (id, op_id, follow_up_id, author_id, note, hlc)
                             values ($1, $2, $3, $4, $5, $6)",
                        )
                        .bind(&op.entity_id)
                        .bind(&op.id)
                        .bind(&done.follow_up_id)
                        .bind(author_id)
                        .bind(&done.note)
                        .bind(&op.hlc)
                        .execute(&mut *$tx)
                        .await?;
                    }
                    _ => {}
                }
            }
            // Field changes are rare and each depends on the one before
            // (last writer wins): one at a time, in order.
            for accepted in &new {
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
                insert.push_values(chunk, |mut row, a| {
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
            Ok::<HashSet<String>, sqlx::Error>(new_ids)
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

/// One request's ops waiting for the writer, and where to send the outcome.
struct Batch {
    author_id: String,
    device_id: String,
    ops: Vec<AcceptedOp>,
    reply: oneshot::Sender<Result<Vec<bool>, StoreError>>,
}

/// The store's one writer of the op log in this process: a thread that owns
/// the writer connection and commits waiting batches together. It stops when
/// the last handle to it is dropped.
#[derive(Clone, Debug)]
pub struct OpWriter {
    batches: mpsc::UnboundedSender<Batch>,
    connection: WriterPool,
}

/// The writer's own connection.
#[derive(Clone, Debug)]
enum WriterPool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl OpWriter {
    /// Starts the writer on `writer` (one SQLite connection), with the
    /// checkpoints of the log made through `readers`.
    pub(super) fn start_sqlite(writer: SqlitePool, readers: SqlitePool) -> std::io::Result<OpWriter> {
        let (batches, waiting) = mpsc::unbounded_channel();
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let connection = WriterPool::Sqlite(writer.clone());
        std::thread::Builder::new().name("alongside-writer".into()).spawn(move || {
            runtime.block_on(async move {
                let committed = Arc::new(Notify::new());
                let checkpoints = tokio::spawn(checkpoints(readers, committed.clone()));
                write_batches(WriterPool::Sqlite(writer), waiting, &committed).await;
                checkpoints.abort();
            })
        })?;
        Ok(OpWriter { batches, connection })
    }

    /// Starts the writer with one PostgreSQL connection of its own, opened
    /// on the writer's thread so that its socket is served by that thread
    /// and never waits behind requests.
    pub(super) async fn start_postgres(url: &str, options: PgConnectOptions) -> Result<OpWriter, StoreError> {
        let (batches, waiting) = mpsc::unbounded_channel();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| StoreError::open(url, e))?;
        let (opened, connection) = oneshot::channel();
        std::thread::Builder::new()
            .name("alongside-writer".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let pool = PgPoolOptions::new()
                        .max_connections(1)
                        .acquire_timeout(std::time::Duration::from_secs(30))
                        .connect_with(options)
                        .await;
                    let pool = match pool {
                        Ok(pool) => pool,
                        Err(e) => {
                            let _ = opened.send(Err(e));
                            return;
                        }
                    };
                    if opened.send(Ok(pool.clone())).is_ok() {
                        write_batches(WriterPool::Postgres(pool), waiting, &Notify::new()).await;
                    }
                })
            })
            .map_err(|e| StoreError::open(url, e))?;
        let pool =
            connection.await.map_err(|_| StoreError::WriterStopped)?.map_err(|e| StoreError::open(url, e))?;
        Ok(OpWriter { batches, connection: WriterPool::Postgres(pool) })
    }

    /// Closes the writer's connection; a batch sent after this fails.
    pub(super) async fn close(&self) {
        match &self.connection {
            WriterPool::Sqlite(pool) => pool.close().await,
            WriterPool::Postgres(pool) => pool.close().await,
        }
    }

    async fn write(
        &self,
        author_id: &str,
        device_id: &str,
        ops: Vec<AcceptedOp>,
    ) -> Result<Vec<bool>, StoreError> {
        let (reply, outcome) = oneshot::channel();
        let batch = Batch { author_id: author_id.to_owned(), device_id: device_id.to_owned(), ops, reply };
        self.batches.send(batch).map_err(|_| StoreError::WriterStopped)?;
        outcome.await.map_err(|_| StoreError::WriterStopped)?
    }
}

async fn write_batches(writer: WriterPool, mut waiting: mpsc::UnboundedReceiver<Batch>, committed: &Notify) {
    while let Some(first) = waiting.recv().await {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match waiting.try_recv() {
                Ok(batch) => group.push(batch),
                Err(_) => break,
            }
        }
        match write_group(&writer, &group).await {
            Ok(new_ids) => {
                committed.notify_one();
                for (batch, new_ids) in group.into_iter().zip(new_ids) {
                    let stored = batch.ops.iter().map(|a| new_ids.contains(&a.checked.op.id)).collect();
                    // A request that gave up waiting no longer needs its answer.
                    let _ = batch.reply.send(Ok(stored));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, requests = group.len(), "storing a group of sync batches failed");
                for batch in group {
                    let _ = batch.reply.send(Err(StoreError::WriteFailed(e.to_string())));
                }
            }
        }
    }
}

/// At least this long between two checkpoints of the write-ahead log.
const CHECKPOINT_GAP: std::time::Duration = std::time::Duration::from_millis(25);

/// Copies the write-ahead log into the database file after commits, from a
/// reader connection, so that the writer does not: a checkpoint ends in an
/// fsync, and made by the writer (SQLite's automatic checkpoint, every 1,000
/// pages) it stalled every request queued behind it. A passive checkpoint
/// never blocks the writer. Small and often is best: each fsync then has
/// little to flush (at 10,000 ops/s, checkpoints 25 ms apart left 21 writes
/// over 30 ms in 20 s; 250 ms apart, 102; one second apart, 172). The
/// writer's own automatic checkpoint stays as the backstop.
async fn checkpoints(readers: SqlitePool, committed: Arc<Notify>) {
    loop {
        committed.notified().await;
        if readers.is_closed() {
            return;
        }
        if let Err(e) = sqlx::query("pragma wal_checkpoint(passive)").execute(&readers).await {
            tracing::warn!(error = %e, "a checkpoint of the write-ahead log failed");
        }
        tokio::time::sleep(CHECKPOINT_GAP).await;
    }
}

/// Writes every batch of the group in one transaction; the new op ids of each.
async fn write_group(writer: &WriterPool, group: &[Batch]) -> Result<Vec<HashSet<String>>, sqlx::Error> {
    let now = Utc::now();
    let mut new_ids = Vec::with_capacity(group.len());
    match writer {
        WriterPool::Sqlite(pool) => {
            let mut tx = pool.begin().await?;
            for batch in group {
                new_ids.push(write_ops!(tx, &batch.author_id, &batch.device_id, &batch.ops, now).await?);
            }
            tx.commit().await?;
        }
        WriterPool::Postgres(pool) => {
            let mut tx = pool.begin().await?;
            // One writer at a time across every instance, so sequence
            // numbers follow commit order and a reader's cursor never skips
            // a later commit.
            sqlx::query("lock table sync_ops in share row exclusive mode").execute(&mut *tx).await?;
            for batch in group {
                new_ids.push(write_ops!(tx, &batch.author_id, &batch.device_id, &batch.ops, now).await?);
            }
            tx.commit().await?;
        }
    }
    Ok(new_ids)
}
