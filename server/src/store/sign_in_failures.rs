//! Failed sign-ins, kept so that every server instance applies the same limits.

use super::{on_pool, Store, StoreError};
use chrono::{DateTime, Utc};

/// No limit looks further back than this many failures.
const RECENT: i64 = 50;

/// No limit looks further back than this either.
const KEEP_FOR: chrono::Duration = chrono::Duration::days(1);

/// Earlier attempts that count towards the limits (failed, or still being
/// checked), newest first.
#[derive(Debug, Default)]
pub struct Attempts {
    /// This account's, from any address.
    pub by_username: Vec<DateTime<Utc>>,
    /// This account's, from this address.
    pub by_pair: Vec<DateTime<Utc>>,
    /// From this address, for any account.
    pub by_address: Vec<DateTime<Utc>>,
}

/// An attempt to sign in, counted before its password is checked, so that
/// parallel guesses see each other; it stays as a failure unless it
/// succeeds (which forgives the account) or is forgiven unchecked.
#[derive(Debug)]
pub struct Reserved {
    pub id: i64,
    /// The attempts reserved before this one.
    pub before: Attempts,
}

type Times = Vec<(DateTime<Utc>,)>;

impl Store {
    /// Counts an attempt by `username` from `address` before its password
    /// is checked, and reads the attempts made before it. Attempts on one
    /// account are taken one at a time (on PostgreSQL across every
    /// instance, by an advisory lock on the username), so thirty guesses
    /// sent at once are counted one after another and no two see the same
    /// count.
    pub async fn reserve_sign_in(
        &self,
        username: &str,
        address: &str,
        at: DateTime<Utc>,
    ) -> Result<Reserved, StoreError> {
        let lock = "select pg_advisory_xact_lock(hashtextextended($1, 26))";
        let insert =
            "insert into sign_in_failures (username, address, failed_at) values ($1, $2, $3) returning id";
        let by_username =
            "select failed_at from sign_in_failures where username = $1 and id < $2 order by id desc limit $3";
        let by_pair = "select failed_at from sign_in_failures
                       where username = $1 and address = $2 and id < $3 order by id desc limit $4";
        let by_address =
            "select failed_at from sign_in_failures where address = $1 and id < $2 order by id desc limit $3";
        let postgres = matches!(self, Store::Postgres(_));
        let (id, users, pairs, addresses): (i64, Times, Times, Times) = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            if postgres {
                sqlx::query(lock).bind(username).execute(&mut *tx).await?;
            }
            let id: i64 = sqlx::query_scalar(insert).bind(username).bind(address).bind(at).fetch_one(&mut *tx).await?;
            let users = sqlx::query_as(by_username).bind(username).bind(id).bind(RECENT).fetch_all(&mut *tx).await?;
            let pairs =
                sqlx::query_as(by_pair).bind(username).bind(address).bind(id).bind(RECENT).fetch_all(&mut *tx).await?;
            let addresses = sqlx::query_as(by_address).bind(address).bind(id).bind(RECENT).fetch_all(&mut *tx).await?;
            tx.commit().await?;
            (id, users, pairs, addresses)
        });
        let times = |rows: Times| rows.into_iter().map(|r| r.0).collect();
        Ok(Reserved {
            id,
            before: Attempts {
                by_username: times(users),
                by_pair: times(pairs),
                by_address: times(addresses),
            },
        })
    }

    /// Forgets an attempt whose password was never checked (it was refused
    /// by a limit): a guess that was not tried does not lengthen the pause.
    pub async fn forget_sign_in_attempt(&self, id: i64) -> Result<(), StoreError> {
        let sql = "delete from sign_in_failures where id = $1";
        on_pool!(self, pool => sqlx::query(sql).bind(id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Lets failures older than a day go (they count towards no limit), so
    /// the table stays small whatever is thrown at the sign-in page. (A
    /// text comparison on SQLite is exact enough at a day's distance.)
    pub async fn prune_sign_in_failures(&self, now: DateTime<Utc>) -> Result<(), StoreError> {
        let prune = "delete from sign_in_failures where failed_at < $1";
        on_pool!(self, pool => sqlx::query(prune).bind(now - KEEP_FOR).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// How many failures are kept, for everyone (for tests and monitoring).
    pub async fn sign_in_failure_count(&self) -> Result<i64, StoreError> {
        let count: (i64,) = on_pool!(self, pool => {
            sqlx::query_as("select count(*) from sign_in_failures").fetch_one(pool).await?
        });
        Ok(count.0)
    }

    /// A successful sign-in forgives that account's earlier mistakes.
    pub async fn clear_sign_in_failures(&self, username: &str) -> Result<(), StoreError> {
        let sql = "delete from sign_in_failures where username = $1";
        on_pool!(self, pool => sqlx::query(sql).bind(username).execute(pool).await?.rows_affected());
        Ok(())
    }
}
