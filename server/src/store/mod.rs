//! All SQL lives here: one API over SQLite (the embedded default) and
//! PostgreSQL (for several server instances).
//!
//! The store is an enum over the two pools rather than sqlx's `Any` driver so
//! that each engine keeps its native types (dates, booleans, timestamps) and
//! PostgreSQL's LISTEN/NOTIFY stays reachable. Each query is written once and
//! run on either pool by [`on_pool!`]; lower-case SQL with `$n` placeholders
//! reads the same on both engines.

mod access;
mod audit;
mod caseload;
mod concerns;
mod dashboard;
mod demo;
mod deployments;
mod device_keys;
mod error;
mod events;
mod follow_ups;
mod groups;
mod login_sessions;
mod op_writer;
mod patient_history;
mod phones;
mod placing;
mod plans;
mod records;
mod resources;
mod shifts;
mod sign_in_failures;
mod staff;
mod staff_admin;
mod sync;
mod timeline;
mod week_facts;
mod weekly_returns;

pub use access::PlacedPatient;
pub use audit::{AuditAction, AuditEvent};
pub use dashboard::DashboardFacts;
pub use demo::{DemoData, DemoPatient, DemoSite, DemoStaff, DemoWard};
pub use deployments::OpenDeployment;
pub use error::StoreError;
pub use events::{WardChange, CHANNEL};
pub use login_sessions::{HandBack, HandedTo, SessionRow};
pub use op_writer::OpWriter;
pub use phones::Reported;
pub use resources::DirectoryWriteError;
pub use shifts::{ClosedShift, StoredShift};
pub use staff::StaffLogin;
pub use staff_admin::StaffWriteError;
pub use sync::ChangesPage;
pub use sync::{AcceptedOp, ChangeRow, WritePlace};
pub use weekly_returns::NewReturn;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Runs the same block against whichever pool the store holds. Inside the
/// block `$pool` is a `&SqlitePool` or a `&PgPool`.
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match $store {
            $crate::store::Store::Sqlite(db) => {
                let $pool = &db.pool;
                $body
            }
            $crate::store::Store::Postgres(db) => {
                let $pool = &db.pool;
                $body
            }
        }
    };
}
pub(crate) use on_pool;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

/// A PostgreSQL database: a pool for everything but the writes of the op
/// log, which go through a connection of their own on a thread of their own
/// ([`OpWriter`]), for the same reason as on SQLite: the table lock they take
/// is then never held while a statement waits for a busy request thread.
#[derive(Clone, Debug)]
pub struct PostgresStore {
    pub pool: PgPool,
    ops: OpWriter,
    /// Woken when this process commits new ops (see [`Store::commits`]).
    commits: Arc<Notify>,
}

/// A SQLite database: a pool for reads and the odd small write, and one
/// connection, on a thread of its own, that makes every write of the op log
/// ([`OpWriter`]). SQLite has one writer at a time anyway; one
/// connection for those writes keeps its page cache warm (a connection drops
/// its cache whenever another one has written) and queues writers in order
/// instead of in SQLite's sleeping busy handler.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    pub pool: SqlitePool,
    ops: OpWriter,
    /// Woken when this process commits new ops (see [`Store::commits`]).
    commits: Arc<Notify>,
}

/// The op log writer's page cache, in KiB: enough for the pages a write
/// touches most (index roots, the log's last pages, each ward's patients).
/// 32 MB measured no faster than 16 under the sync benchmark, and cost 20 MB
/// of the server's 100 MB budget.
const SQLITE_WRITER_CACHE_KIB: u32 = 16 * 1024;

/// Reading connections, each with a thread and a page cache of its own.
/// Two cores keep no more than four busy; eight measured no faster under
/// the sync benchmark and held 20 MB more.
const SQLITE_READERS: u32 = 4;

/// Each reading connection's page cache, in KiB (SQLite's default is 2 MB).
const SQLITE_READER_CACHE_KIB: u32 = 1024;

/// The writer checkpoints the log itself only when it has grown this many
/// pages (40 MB) since the last one; normally a reader's background
/// checkpoint (see `op_writer`) has copied it long before.
const SQLITE_WRITER_CHECKPOINT_PAGES: u32 = 10_000;

impl Store {
    /// Opens the database named by `url` (`sqlite://…` or `postgres://…`),
    /// creating a SQLite file and its folder if they do not exist yet.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            // A commit waits until PostgreSQL has its log on disk, whatever
            // the server's own default, before any answer says "applied".
            let options = PgConnectOptions::from_str(url)
                .map_err(|e| StoreError::open(url, e))?
                .options([("synchronous_commit", "on")]);
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options.clone())
                .await
                .map_err(|e| StoreError::open(url, e))?;
            let commits = Arc::new(Notify::new());
            let ops = OpWriter::start_postgres(url, options, commits.clone()).await?;
            Ok(Store::Postgres(PostgresStore { pool, ops, commits }))
        } else if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|e| StoreError::open(url, e))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: a commit is on disk (the log synced) before the
                // writer answers, so "Saved to server" survives a power cut
                // and the phone may forget its copy. NORMAL could roll back
                // the last commits after a crash of the machine. Group
                // commit keeps the cost to one sync per group of requests.
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5));
            if let Some(parent) = options.get_filename().parent() {
                if !parent.as_os_str().is_empty() {
                    std::fs::create_dir_all(parent).map_err(|e| StoreError::open(url, e))?;
                }
            }
            // The writer first: it creates the file and sets WAL mode.
            let writer = SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(
                    options
                        .clone()
                        .pragma("cache_size", format!("-{SQLITE_WRITER_CACHE_KIB}"))
                        .pragma("wal_autocheckpoint", SQLITE_WRITER_CHECKPOINT_PAGES.to_string())
                        // A multi-row insert keeps the pages it changes in a
                        // statement journal, to undo itself alone; past 64 KB
                        // SQLite spills that to a temporary file, which cost
                        // the writer a write call per page.
                        .pragma("temp_store", "memory"),
                )
                .await
                .map_err(|e| StoreError::open(url, e))?;
            let pool = SqlitePoolOptions::new()
                .max_connections(SQLITE_READERS)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options.pragma("cache_size", format!("-{SQLITE_READER_CACHE_KIB}")))
                .await
                .map_err(|e| StoreError::open(url, e))?;
            let commits = Arc::new(Notify::new());
            let ops = OpWriter::start_sqlite(writer, pool.clone(), commits.clone())
                .map_err(|e| StoreError::open(url, e))?;
            Ok(Store::Sqlite(SqliteStore { pool, ops, commits }))
        } else {
            Err(StoreError::UnknownEngine)
        }
    }

    /// Brings the schema up to date. Migrations are never edited once landed.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(db) => {
                // On a connection of its own, closed after: a migration that
                // edits the stored schema (0015) leaves the connection that
                // ran it with the old one; every other connection reads the new.
                let mut connection = db.pool.acquire().await?;
                SQLITE_MIGRATIONS.run(&mut *connection).await?;
                connection.close().await?;
            }
            Store::Postgres(db) => POSTGRES_MIGRATIONS.run(&db.pool).await?,
        }
        Ok(())
    }

    pub fn engine(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "SQLite",
            Store::Postgres(_) => "PostgreSQL",
        }
    }

    /// True when the database answers a trivial query.
    pub async fn is_healthy(&self) -> bool {
        on_pool!(self, pool => sqlx::query("select 1").execute(pool).await.is_ok())
    }

    pub async fn close(&self) {
        match self {
            Store::Sqlite(db) => db.ops.close().await,
            Store::Postgres(db) => db.ops.close().await,
        }
        on_pool!(self, pool => pool.close().await)
    }
}
