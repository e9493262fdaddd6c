//! Shifts as sync writes them: the ward a PSW checks in to, the shift a
//! check-out ends, and the report a nurse marks received.

use super::{on_pool, Store, StoreError, WritePlace};
use chrono::{DateTime, Utc};

/// A saved shift, as a check-out is judged against it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredShift {
    pub author_id: String,
    pub started_at: DateTime<Utc>,
    pub place: WritePlace,
    pub ended: bool,
}

impl Store {
    /// Where a ward is: itself and its site (for checking in to it).
    pub async fn ward_place(&self, ward_id: &str) -> Result<Option<WritePlace>, StoreError> {
        let sql = "select id, site_id from wards where id = $1";
        let row: Option<(String, String)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(ward_id).fetch_optional(pool).await?);
        Ok(row.map(|(ward_id, site_id)| WritePlace { patient_id: None, ward_id, site_id }))
    }

    /// A saved shift, whether it has ended, and where it was worked.
    pub async fn stored_shift(&self, shift_id: &str) -> Result<Option<StoredShift>, StoreError> {
        let sql = "select s.author_id, s.started_at, s.ward_id, w.site_id,
                          exists (select 1 from shift_ends e where e.shift_id = s.id)
                   from shifts s join wards w on w.id = s.ward_id where s.id = $1";
        let row: Option<(String, DateTime<Utc>, String, String, bool)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(shift_id).fetch_optional(pool).await?);
        Ok(row.map(|(author_id, started_at, ward_id, site_id, ended)| StoredShift {
            author_id,
            started_at,
            place: WritePlace { patient_id: None, ward_id, site_id },
            ended,
        }))
    }

    /// The ward of a shift report (a check-in or a check-out), and whether
    /// it was marked received already.
    pub async fn shift_report(&self, report_id: &str) -> Result<Option<(WritePlace, bool)>, StoreError> {
        let sql = "select s.ward_id, w.site_id,
                          exists (select 1 from shift_report_receipts r where r.report_id = $1)
                   from shifts s join wards w on w.id = s.ward_id
                   where s.id = $1 or s.id = (select e.shift_id from shift_ends e where e.id = $1)";
        let row: Option<(String, String, bool)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(report_id).fetch_optional(pool).await?);
        Ok(row.map(|(ward_id, site_id, received)| {
            (WritePlace { patient_id: None, ward_id, site_id }, received)
        }))
    }
}
