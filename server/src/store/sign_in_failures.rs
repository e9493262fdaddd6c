//! Failed sign-ins, kept so that every server instance applies the same limits.

use super::{on_pool, Store, StoreError};
use chrono::{DateTime, Utc};

/// No limit looks further back than this many failures.
const RECENT: i64 = 50;

/// No limit looks further back than this either.
const KEEP_FOR: chrono::Duration = chrono::Duration::days(1);

/// The newest failed sign-ins for one username and from one address.
#[derive(Debug, Default)]
pub struct RecentFailures {
    pub by_username: Vec<DateTime<Utc>>,
    pub by_address: Vec<DateTime<Utc>>,
}

type Times = Vec<(DateTime<Utc>,)>;

impl Store {
    pub async fn record_sign_in_failure(
        &self,
        username: &str,
        address: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let sql = "insert into sign_in_failures (username, address, failed_at) values ($1, $2, $3)";
        on_pool!(self, pool => {
            sqlx::query(sql).bind(username).bind(address).bind(at).execute(pool).await?.rows_affected()
        });
        // Failures older than a day count towards no limit: let them go, so
        // the table stays small whatever is thrown at the sign-in page. (A
        // text comparison on SQLite is exact enough at a day's distance.)
        let prune = "delete from sign_in_failures where failed_at < $1";
        on_pool!(self, pool => {
            sqlx::query(prune).bind(at - KEEP_FOR).execute(pool).await?.rows_affected()
        });
        Ok(())
    }

    /// The newest failures for a username and for an address.
    pub async fn recent_sign_in_failures(
        &self,
        username: &str,
        address: &str,
    ) -> Result<RecentFailures, StoreError> {
        let by_user = "select failed_at from sign_in_failures where username = $1 order by id desc limit $2";
        let by_address =
            "select failed_at from sign_in_failures where address = $1 order by id desc limit $2";
        let (users, addresses): (Times, Times) = on_pool!(self, pool => {
            (
                sqlx::query_as(by_user).bind(username).bind(RECENT).fetch_all(pool).await?,
                sqlx::query_as(by_address).bind(address).bind(RECENT).fetch_all(pool).await?,
            )
        });
        Ok(RecentFailures {
            by_username: users.into_iter().map(|r| r.0).collect(),
            by_address: addresses.into_iter().map(|r| r.0).collect(),
        })
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
