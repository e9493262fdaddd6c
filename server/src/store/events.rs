//! What the live events read from the op log: which wards had what kind of
//! record since a point in the log, and how this process hears of commits
//! made by others (PostgreSQL's LISTEN/NOTIFY).

use super::{on_pool, Store, StoreError};
use chrono::{DateTime, Utc};
use sqlx::postgres::PgListener;
use std::sync::Arc;
use tokio::sync::Notify;

/// The channel every instance's writers notify and every instance listens on.
pub const CHANNEL: &str = "alongside_ops";

/// Sent inside the transaction that stored new ops, once per transaction:
/// PostgreSQL delivers it at commit, to every instance listening, with the
/// log's newest seq as the pointer.
pub(super) const NOTIFY_COMMIT: &str =
    "select pg_notify('alongside_ops', (select coalesce(max(seq), 0) from sync_ops)::text)";

/// That some ward had records of one kind in a stretch of the log.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct WardChange {
    pub ward_id: String,
    pub entity: String,
    /// The newest seq of this ward's records of this kind.
    pub seq: i64,
}

impl Store {
    /// Woken (one permit) whenever this process commits new ops to the log.
    pub fn commits(&self) -> Arc<Notify> {
        match self {
            Store::Sqlite(db) => db.commits.clone(),
            Store::Postgres(db) => db.commits.clone(),
        }
    }

    /// The newest seq in the log (0 when it is empty).
    pub async fn last_seq(&self) -> Result<i64, StoreError> {
        let sql = "select coalesce(max(seq), 0) from sync_ops";
        let row: (i64,) = on_pool!(self, pool => sqlx::query_as(sql).fetch_one(pool).await?);
        Ok(row.0)
    }

    /// Each (ward, kind of record) with ops after `after_seq`, with its
    /// newest seq: a few rows however many ops there were, read from the
    /// log's primary key.
    pub async fn ward_changes_after(&self, after_seq: i64) -> Result<Vec<WardChange>, StoreError> {
        // A work log is its author's alone: nothing for the ward to watch.
        let sql =
            "select ward_id, entity, max(seq) as seq from sync_ops where seq > $1 and entity <> 'work_log'
                   group by ward_id, entity order by ward_id, entity";
        let rows: Vec<WardChange> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(after_seq).fetch_all(pool).await?);
        Ok(rows)
    }

    /// When the server received each op after `after_seq`, by seq (for the
    /// load generator's event delays).
    pub async fn received_times(&self, after_seq: i64) -> Result<Vec<(i64, DateTime<Utc>)>, StoreError> {
        let sql = "select seq, received_at from sync_ops where seq > $1 order by seq";
        let rows = on_pool!(self, pool => sqlx::query_as(sql).bind(after_seq).fetch_all(pool).await?);
        Ok(rows)
    }

    /// A connection listening for other instances' commits, on PostgreSQL;
    /// none on SQLite, where this process is the only writer.
    pub async fn commit_listener(&self) -> Result<Option<PgListener>, StoreError> {
        match self {
            Store::Sqlite(_) => Ok(None),
            Store::Postgres(db) => {
                let mut listener = PgListener::connect_with(&db.pool).await?;
                listener.listen(CHANNEL).await?;
                Ok(Some(listener))
            }
        }
    }

    /// True once [`Store::close`] has run.
    pub fn is_closed(&self) -> bool {
        on_pool!(self, pool => pool.is_closed())
    }
}
