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
    /// Patient mode: the patient whose plan this session is kept to, and
    /// what the proof that ends it must hash to.
    pub handed_to: Option<HandedTo>,
    /// The device lock: what the proof that unlocks the session must hash to.
    pub lock_check: Option<String>,
    /// The device the session is on, once it has said (`alongside_device`).
    pub device_id: Option<String>,
}

/// A session kept to one patient's plan (see `crate::patient_mode`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandedTo {
    pub patient_id: String,
    /// SHA-256 (hex) of the proof the staff member's PIN makes on the device.
    pub check: String,
}

/// What a proof offered to end patient mode, or the device lock, did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandBack {
    /// The session is free of patient mode (or of the lock).
    Ended,
    /// The proof was wrong; this many wrong in a row so far.
    Refused(i32),
}

#[derive(sqlx::FromRow)]
struct Row {
    #[sqlx(flatten)]
    staff: StaffRow,
    must_change_password: bool,
    last_seen_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    handed_to: Option<String>,
    hand_back_check: Option<String>,
    lock_check: Option<String>,
    device_id: Option<String>,
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
                          l.last_seen_at, l.expires_at, l.handed_to, l.hand_back_check, l.lock_check, l.device_id
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
                handed_to: r
                    .handed_to
                    .zip(r.hand_back_check)
                    .map(|(patient_id, check)| HandedTo { patient_id, check }),
                lock_check: r.lock_check,
                device_id: r.device_id,
            })
        })
        .transpose()
    }

    pub async fn touch_login_session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        let sql = "update login_sessions set last_seen_at = $2 where token_hash = $1";
        on_pool!(self, pool => sqlx::query(sql).bind(token_hash).bind(now).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Keeps the session to one patient's plan. A session already in patient
    /// mode stays with the patient and check it has: only [`Store::hand_back`]
    /// or ending the session changes them. True when this call set them.
    pub async fn hand_session_to(&self, token_hash: &str, to: &HandedTo) -> Result<bool, StoreError> {
        let sql = "update login_sessions set handed_to = $2, hand_back_check = $3, hand_back_failures = 0
                   where token_hash = $1 and handed_to is null";
        let changed = on_pool!(self, pool => {
            sqlx::query(sql).bind(token_hash).bind(&to.patient_id).bind(&to.check).execute(pool).await?.rows_affected()
        });
        Ok(changed == 1)
    }

    /// Ends patient mode when `proof_check` (the SHA-256 of the proof the
    /// device sent) is the one the session holds; otherwise counts a wrong
    /// proof. One statement each, so two racing proofs cannot both count as
    /// one or both end it.
    pub async fn hand_back(&self, token_hash: &str, proof_check: &str) -> Result<HandBack, StoreError> {
        let end = "update login_sessions set handed_to = null, hand_back_check = null, hand_back_failures = 0
                   where token_hash = $1 and handed_to is not null and hand_back_check = $2";
        let ended = on_pool!(self, pool => {
            sqlx::query(end).bind(token_hash).bind(proof_check).execute(pool).await?.rows_affected()
        });
        if ended == 1 {
            return Ok(HandBack::Ended);
        }
        let count = "update login_sessions set hand_back_failures = hand_back_failures + 1
                     where token_hash = $1 and handed_to is not null
                     returning hand_back_failures";
        let failures: Option<i32> = on_pool!(self, pool => {
            sqlx::query_scalar(count).bind(token_hash).fetch_optional(pool).await?
        });
        Ok(failures.map_or(HandBack::Ended, HandBack::Refused))
    }

    /// Locks the session until the proof that hashes to `check` is seen. A
    /// session already locked keeps the check it has. True when this call
    /// locked it.
    pub async fn lock_session(&self, token_hash: &str, check: &str) -> Result<bool, StoreError> {
        let sql = "update login_sessions set lock_check = $2, hand_back_failures = 0
                   where token_hash = $1 and lock_check is null";
        let changed = on_pool!(self, pool => {
            sqlx::query(sql).bind(token_hash).bind(check).execute(pool).await?.rows_affected()
        });
        Ok(changed == 1)
    }

    /// Unlocks the session when `proof_check` is the one it holds; otherwise
    /// counts a wrong proof (with patient mode's, as the same PIN makes both).
    pub async fn unlock_session(&self, token_hash: &str, proof_check: &str) -> Result<HandBack, StoreError> {
        let end = "update login_sessions set lock_check = null, hand_back_failures = 0
                   where token_hash = $1 and lock_check = $2";
        let ended = on_pool!(self, pool => {
            sqlx::query(end).bind(token_hash).bind(proof_check).execute(pool).await?.rows_affected()
        });
        if ended == 1 {
            return Ok(HandBack::Ended);
        }
        let count = "update login_sessions set hand_back_failures = hand_back_failures + 1
                     where token_hash = $1 and lock_check is not null
                     returning hand_back_failures";
        let failures: Option<i32> = on_pool!(self, pool => {
            sqlx::query_scalar(count).bind(token_hash).fetch_optional(pool).await?
        });
        Ok(failures.map_or(HandBack::Ended, HandBack::Refused))
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
