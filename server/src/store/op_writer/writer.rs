//! The store's one writer of the op log: a thread that owns the writer
//! connection and commits waiting batches together (see the module above).

use super::super::sync::AcceptedOp;
use super::super::StoreError;
use chrono::Utc;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, SqlitePool};
use std::collections::HashSet;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, Notify};

use super::write_ops;

/// At most this many requests in one transaction.
const MAX_GROUP: usize = 32;

/// One request's ops waiting for the writer, and where to send the outcome.
pub(super) struct Batch {
    pub(super) author_id: String,
    pub(super) device_id: String,
    pub(super) ops: Vec<AcceptedOp>,
    pub(super) reply: oneshot::Sender<Result<Vec<bool>, StoreError>>,
}

/// The store's one writer of the op log in this process: a thread that owns
/// the writer connection and commits waiting batches together. It stops when
/// the last handle to it is dropped.
#[derive(Clone, Debug)]
pub struct OpWriter {
    batches: mpsc::UnboundedSender<Batch>,
    pub(super) connection: WriterPool,
}

/// The writer's own connection.
#[derive(Clone, Debug)]
pub(super) enum WriterPool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl OpWriter {
    /// Starts the writer on `writer` (one SQLite connection), with the
    /// checkpoints of the log made through `readers`.
    pub(in crate::store) fn start_sqlite(
        writer: SqlitePool,
        readers: SqlitePool,
        commits: Arc<Notify>,
    ) -> std::io::Result<OpWriter> {
        let (batches, waiting) = mpsc::unbounded_channel();
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let connection = WriterPool::Sqlite(writer.clone());
        std::thread::Builder::new().name("alongside-writer".into()).spawn(move || {
            runtime.block_on(async move {
                let committed = Arc::new(Notify::new());
                let checkpoints = tokio::spawn(checkpoints(readers, committed.clone()));
                let signals = [committed, commits];
                write_batches(WriterPool::Sqlite(writer), waiting, &signals).await;
                checkpoints.abort();
            })
        })?;
        Ok(OpWriter { batches, connection })
    }

    /// Starts the writer with one PostgreSQL connection of its own, opened
    /// on the writer's thread so that its socket is served by that thread
    /// and never waits behind requests.
    pub(in crate::store) async fn start_postgres(
        url: &str,
        options: PgConnectOptions,
        commits: Arc<Notify>,
    ) -> Result<OpWriter, StoreError> {
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
                        write_batches(WriterPool::Postgres(pool), waiting, &[commits]).await;
                    }
                })
            })
            .map_err(|e| StoreError::open(url, e))?;
        let pool =
            connection.await.map_err(|_| StoreError::WriterStopped)?.map_err(|e| StoreError::open(url, e))?;
        Ok(OpWriter { batches, connection: WriterPool::Postgres(pool) })
    }

    /// Closes the writer's connection; a batch sent after this fails.
    pub(in crate::store) async fn close(&self) {
        match &self.connection {
            WriterPool::Sqlite(pool) => pool.close().await,
            WriterPool::Postgres(pool) => pool.close().await,
        }
    }

    pub(super) async fn write(
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

/// Writes each group of waiting batches; after a commit that stored
/// anything new, wakes everything waiting on `committed` (the checkpoints,
/// the live events).
async fn write_batches(
    writer: WriterPool,
    mut waiting: mpsc::UnboundedReceiver<Batch>,
    committed: &[Arc<Notify>],
) {
    while let Some(first) = waiting.recv().await {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match waiting.try_recv() {
                Ok(batch) => group.push(batch),
                Err(_) => break,
            }
        }
        let outcomes = write_isolated(&writer, &group).await;
        if outcomes.iter().any(|o| o.as_ref().is_ok_and(|ids| !ids.is_empty())) {
            committed.iter().for_each(|signal| signal.notify_one());
        }
        for (batch, outcome) in group.into_iter().zip(outcomes) {
            let answer = outcome
                .map(|new_ids| batch.ops.iter().map(|a| new_ids.contains(&a.checked.op.id)).collect())
                .map_err(|e| StoreError::WriteFailed(e.to_string()));
            // A request that gave up waiting no longer needs its answer.
            let _ = batch.reply.send(answer);
        }
    }
}

/// Writes the group in one transaction; if the database refuses it, writes
/// each request again in a transaction of its own, so that a request is
/// only ever refused for its own writes (two phones racing the same record,
/// a second check-out), never for another's that shared its group. The new
/// op ids of each request, or why it was not stored.
pub(super) async fn write_isolated(
    writer: &WriterPool,
    group: &[Batch],
) -> Vec<Result<HashSet<String>, sqlx::Error>> {
    match write_group(writer, group).await {
        Ok(new_ids) => new_ids.into_iter().map(Ok).collect(),
        Err(e) if group.len() == 1 => {
            tracing::warn!(error = %e, "storing a sync batch failed");
            vec![Err(e)]
        }
        Err(e) => {
            tracing::warn!(error = %e, requests = group.len(), "a group failed; writing its requests one by one");
            let mut outcomes = Vec::with_capacity(group.len());
            for batch in group {
                let alone = write_group(writer, std::slice::from_ref(batch)).await;
                if let Err(e) = &alone {
                    tracing::warn!(error = %e, "storing a sync batch failed");
                }
                outcomes.push(alone.map(|mut ids| ids.pop().unwrap_or_default()));
            }
            outcomes
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

/// Writes every batch of the group in one transaction, all or nothing; the
/// new op ids of each.
pub(super) async fn write_group(
    writer: &WriterPool,
    group: &[Batch],
) -> Result<Vec<HashSet<String>>, sqlx::Error> {
    let now = Utc::now();
    match writer {
        WriterPool::Sqlite(pool) => {
            // In process, a statement costs no round trip, and one request
            // at a time kept the server 8 MB smaller under the sync benchmark
            // than inserts shared by the group.
            let mut tx = pool.begin().await?;
            let mut new_ids = Vec::with_capacity(group.len());
            for batch in group {
                new_ids.extend(write_ops(&mut tx, std::slice::from_ref(batch), now).await?);
            }
            tx.commit().await?;
            Ok(new_ids)
        }
        WriterPool::Postgres(pool) => {
            // One writer at a time across every instance, so sequence
            // numbers follow commit order and a reader's cursor never skips
            // a later commit. Sent with the `begin`: one round trip, not two.
            let mut tx = pool.begin_with("begin; lock table sync_ops in share row exclusive mode").await?;
            let new_ids = write_ops(&mut tx, group, now).await?;
            if new_ids.iter().any(|ids| !ids.is_empty()) {
                // One notification per committed group, carrying a pointer
                // (the log's newest seq), never the records: NOTIFY takes a
                // global lock at commit.
                sqlx::query(super::super::events::NOTIFY_COMMIT).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(new_ids)
        }
    }
}
