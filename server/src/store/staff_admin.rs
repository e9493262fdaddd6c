//! Setting staff accounts up: creating them and choosing their role and wards.

use super::{on_pool, Store, StoreError};
use app::domain::staff::{NewStaff, StaffAccess, WardChoice};
use chrono::Utc;

/// Why an account could not be written.
#[derive(Debug, thiserror::Error)]
pub enum StaffWriteError {
    #[error("that username is taken")]
    UsernameTaken,
    #[error("a ward chosen does not exist")]
    UnknownWard,
    #[error("there is no such account")]
    NoSuchAccount,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for StaffWriteError {
    fn from(e: sqlx::Error) -> Self {
        match e.as_database_error() {
            Some(db) if db.is_unique_violation() => StaffWriteError::UsernameTaken,
            Some(db) if db.is_foreign_key_violation() => StaffWriteError::UnknownWard,
            _ => StaffWriteError::Store(StoreError::Database(e)),
        }
    }
}

/// A ward given to a member of staff ($1, $2) from $3.
pub(super) const HISTORY_OPEN: &str =
    "insert into staff_ward_history (staff_id, ward_id, from_at) values ($1, $2, $3)";
/// A ward taken away from a member of staff ($1, $2) at $3.
const HISTORY_CLOSE: &str = "update staff_ward_history set until_at = $3
                             where staff_id = $1 and ward_id = $2 and until_at is null";

impl Store {
    /// Every ward, by site and name, to choose from.
    pub async fn ward_choices(&self) -> Result<Vec<WardChoice>, StoreError> {
        let sql = "select w.id, w.name, s.name from wards w join sites s on s.id = w.site_id
                   order by s.name, w.name";
        let rows: Vec<(String, String, String)> =
            on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        Ok(rows.into_iter().map(|(id, name, site_name)| WardChoice { id, name, site_name }).collect())
    }

    /// Adds an account that must choose its own password at first sign-in.
    /// Returns its id.
    pub async fn create_staff(&self, new: &NewStaff, password_hash: &str) -> Result<String, StaffWriteError> {
        self.check_wards(&new.access.ward_ids).await?;
        let id = uuid::Uuid::new_v4().to_string();
        let insert = "insert into staff (id, username, display_name, role, password_hash, active, created_at, must_change_password)
                      values ($1, $2, $3, $4, $5, $6, $7, $8)";
        let ward = "insert into staff_wards (staff_id, ward_id) values ($1, $2)";
        let now = Utc::now();
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(insert)
                .bind(&id).bind(new.username.as_str()).bind(&new.display_name)
                .bind(new.access.role.as_str()).bind(password_hash).bind(true).bind(now).bind(true)
                .execute(&mut *tx).await?;
            for ward_id in &new.access.ward_ids {
                sqlx::query(ward).bind(&id).bind(ward_id).execute(&mut *tx).await?;
                sqlx::query(HISTORY_OPEN).bind(&id).bind(ward_id).bind(now).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(id)
    }

    /// Replaces an account's role and wards in one step.
    pub async fn set_staff_access(
        &self,
        staff_id: &str,
        access: &StaffAccess,
    ) -> Result<(), StaffWriteError> {
        self.check_wards(&access.ward_ids).await?;
        let update = "update staff set role = $2 where id = $1";
        let held = "select ward_id from staff_wards where staff_id = $1";
        let clear = "delete from staff_wards where staff_id = $1";
        let ward = "insert into staff_wards (staff_id, ward_id) values ($1, $2)";
        let now = Utc::now();
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let changed = sqlx::query(update).bind(staff_id).bind(access.role.as_str())
                .execute(&mut *tx).await?.rows_affected();
            if changed != 1 {
                return Err(StaffWriteError::NoSuchAccount);
            }
            let before: Vec<(String,)> = sqlx::query_as(held).bind(staff_id).fetch_all(&mut *tx).await?;
            sqlx::query(clear).bind(staff_id).execute(&mut *tx).await?;
            for ward_id in &access.ward_ids {
                sqlx::query(ward).bind(staff_id).bind(ward_id).execute(&mut *tx).await?;
            }
            // The history changes only for wards given or taken away.
            for (ward_id,) in before.iter().filter(|(w,)| !access.ward_ids.contains(w)) {
                sqlx::query(HISTORY_CLOSE).bind(staff_id).bind(ward_id).bind(now).execute(&mut *tx).await?;
            }
            for ward_id in access.ward_ids.iter().filter(|w| !before.iter().any(|(b,)| b == *w)) {
                sqlx::query(HISTORY_OPEN).bind(staff_id).bind(ward_id).bind(now).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Whether a ward exists.
    pub async fn ward_exists(&self, ward_id: &str) -> Result<bool, StoreError> {
        let sql = "select count(*) from wards where id = $1";
        let count: (i64,) = on_pool!(self, pool => sqlx::query_as(sql).bind(ward_id).fetch_one(pool).await?);
        Ok(count.0 == 1)
    }

    async fn check_wards(&self, ward_ids: &[String]) -> Result<(), StaffWriteError> {
        for ward_id in ward_ids {
            if !self.ward_exists(ward_id).await? {
                return Err(StaffWriteError::UnknownWard);
            }
        }
        Ok(())
    }
}
