//! Deployments of staff to another ward for one shift.

use super::{on_pool, Store, StoreError};
use crate::auth::deployment::ShiftWindow;
use chrono::{DateTime, Utc};

impl Store {
    pub async fn deploy(
        &self,
        staff_id: &str,
        ward_id: &str,
        shift: &ShiftWindow,
        created_by: &str,
    ) -> Result<String, StoreError> {
        let id = uuid::Uuid::new_v4().to_string();
        let sql = "insert into staff_deployments (id, staff_id, ward_id, starts_at, ends_at, created_by, created_at)
                   values ($1, $2, $3, $4, $5, $6, $7)";
        on_pool!(self, pool => {
            sqlx::query(sql)
                .bind(&id).bind(staff_id).bind(ward_id).bind(shift.starts_at).bind(shift.ends_at)
                .bind(created_by).bind(Utc::now())
                .execute(pool).await?.rows_affected()
        });
        Ok(id)
    }

    /// The wards `staff_id` is deployed to at `now`.
    pub async fn deployed_wards(
        &self,
        staff_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, StoreError> {
        // Times are compared here rather than in SQL, so that both engines
        // agree whatever text form SQLite keeps them in.
        let sql = "select ward_id, starts_at, ends_at from staff_deployments where staff_id = $1";
        let rows: Vec<(String, DateTime<Utc>, DateTime<Utc>)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(staff_id).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .filter(|(_, starts_at, ends_at)| {
                ShiftWindow { starts_at: *starts_at, ends_at: *ends_at }.is_open_at(now)
            })
            .map(|(ward, _, _)| ward)
            .collect())
    }
}
