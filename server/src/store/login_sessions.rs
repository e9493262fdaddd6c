//! Signed-in sessions, kept in the database so that several server instances
//! share them and an account can be signed out everywhere at once.

use super::staff::StaffRow;
use super::{on_pool, Store, StoreError};
use app::domain::SignedIn;
use chrono::{DateTime, Utc};

/// A live session and whose it is.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub user: SignedIn,
    /// The person must choose a new password before anything else.
    pub must_change_password: bool,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct Row {
    #[sqlx(flatten)]
    staff: StaffRow,
    must_change_password: bool,
    last_seen_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

impl Store {
    pub async fn create_login_session(
        &self,
        token_hash: &str,
        staff_id: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let sql = "insert into login_sessions (token_hash, staff_id, created_at, last_seen_at, expires_at)
                   values ($1, $2, $3, $3, $4)";
        on_pool!(self, pool => {
            sqlx::query(sql).bind(token_hash).bind(staff_id).bind(now).bind(expires_at).execute(pool).await?.rows_affected()
        });
        Ok(())
    }

    /// The session with this token hash, if it exists and its account is active.
    pub async fn login_session(&self, token_hash: &str) -> Result<Option<SessionRow>, StoreError> {
        let sql = "select s.id, s.username, s.display_name, s.role, s.must_change_password,
                          l.last_seen_at, l.expires_at
                   from login_sessions l join staff s on s.id = l.staff_id
                   where l.token_hash = $1 and s.active = $2";
        let row: Option<Row> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(token_hash).bind(true).fetch_optional(pool).await?
        });
        row.map(|r| {
            Ok(SessionRow {
                user: r.staff.into_signed_in()?,
                must_change_password: r.must_change_password,
                last_seen_at: r.last_seen_at,
                expires_at: r.expires_at,
            })
        })
        .transpose()
    }

    pub async fn touch_login_session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        let sql = "update login_sessions set last_seen_at = $2 where token_hash = $1";
        on_pool!(self, pool => sqlx::query(sql).bind(token_hash).bind(now).execute(pool).await?.rows_affected());
        Ok(())
    }

    pub async fn end_login_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let sql = "delete from login_sessions where token_hash = $1";
        on_pool!(self, pool => sqlx::query(sql).bind(token_hash).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Ends every session of one account (deactivation, password reset).
    pub async fn end_sessions_of(&self, staff_id: &str) -> Result<(), StoreError> {
        let sql = "delete from login_sessions where staff_id = $1";
        on_pool!(self, pool => sqlx::query(sql).bind(staff_id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Ends every session of one account but the one named (a password
    /// change signs out the person's other devices).
    pub async fn end_other_sessions(&self, staff_id: &str, keep_token_hash: &str) -> Result<(), StoreError> {
        let sql = "delete from login_sessions where staff_id = $1 and token_hash <> $2";
        on_pool!(self, pool => {
            sqlx::query(sql).bind(staff_id).bind(keep_token_hash).execute(pool).await?.rows_affected()
        });
        Ok(())
    }
}
