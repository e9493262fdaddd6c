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

/// A deployment that has not yet ended, with its ward's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenDeployment {
    pub id: String,
    pub staff_id: String,
    pub ward_name: String,
    pub shift: ShiftWindow,
}

/// id, staff id, ward name, start, end.
type DeploymentRow = (String, String, String, DateTime<Utc>, DateTime<Utc>);

impl Store {
    /// Every deployment still running or still to come at `now`.
    pub async fn open_deployments(&self, now: DateTime<Utc>) -> Result<Vec<OpenDeployment>, StoreError> {
        let sql = "select d.id, d.staff_id, w.name, d.starts_at, d.ends_at
                   from staff_deployments d join wards w on w.id = d.ward_id";
        let rows: Vec<DeploymentRow> = on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        let mut open: Vec<OpenDeployment> = rows
            .into_iter()
            .filter(|(_, _, _, _, ends_at)| *ends_at > now)
            .map(|(id, staff_id, ward_name, starts_at, ends_at)| OpenDeployment {
                id,
                staff_id,
                ward_name,
                shift: ShiftWindow { starts_at, ends_at },
            })
            .collect();
        open.sort_by_key(|d| d.shift.starts_at);
        Ok(open)
    }

    /// Ends a deployment at `now` (or cancels one not yet started). False
    /// when there is no such deployment still open.
    pub async fn end_deployment(&self, id: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let sql = "select starts_at, ends_at from staff_deployments where id = $1";
        let row: Option<(DateTime<Utc>, DateTime<Utc>)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await?);
        let Some((starts_at, ends_at)) = row else { return Ok(false) };
        if ends_at <= now {
            return Ok(false);
        }
        // A deployment not yet started ends where it starts: it never opens.
        let end = now.max(starts_at);
        let sql = "update staff_deployments set ends_at = $2 where id = $1";
        on_pool!(self, pool => sqlx::query(sql).bind(id).bind(end).execute(pool).await?.rows_affected());
        Ok(true)
    }
}
