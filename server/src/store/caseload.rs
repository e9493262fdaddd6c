//! The caseload question: which patients may this member of staff see today?

use super::{on_pool, Store, StoreError};
use app::domain::caseload::{bed_order, WardKey};
use app::domain::{CaseloadPatient, WardCaseload};
use chrono::NaiveDate;

#[derive(sqlx::FromRow)]
struct Row {
    ward_id: String,
    ward_name: String,
    site_name: String,
    id: String,
    preferred_name: String,
    local_id: String,
    bed: String,
    admitted_on: NaiveDate,
    consent_to_peer_support: bool,
}

impl Store {
    /// Patients still on `ward_ids` (a member of staff's reach), grouped by
    /// ward. Only those wards are read: a patient on any other ward cannot
    /// appear whatever else the caller asks for.
    pub async fn caseload(&self, ward_ids: &[String]) -> Result<Vec<WardCaseload>, StoreError> {
        let sql = "select w.id as ward_id, w.name as ward_name, s.name as site_name,
                          p.id, p.preferred_name, p.local_id, p.bed, p.admitted_on,
                          p.consent_to_peer_support
                   from wards w
                   join sites s on s.id = w.site_id
                   join patients p on p.ward_id = w.id
                   where w.id = $1 and p.discharged_on is null";
        let mut rows: Vec<Row> = Vec::new();
        for ward_id in ward_ids {
            let ward: Vec<Row> = on_pool!(self, pool => {
                sqlx::query_as(sql).bind(ward_id).fetch_all(pool).await?
            });
            rows.extend(ward);
        }
        rows.sort_by(|a, b| {
            (&a.site_name, &a.ward_name)
                .cmp(&(&b.site_name, &b.ward_name))
                .then_with(|| bed_order(&a.bed, &b.bed))
        });
        Ok(WardCaseload::group(rows.into_iter().map(|r| {
            (
                WardKey { ward_id: r.ward_id, ward_name: r.ward_name, site_name: r.site_name },
                CaseloadPatient {
                    id: r.id,
                    preferred_name: r.preferred_name,
                    local_id: r.local_id,
                    bed: r.bed,
                    admitted_on: r.admitted_on.format("%Y-%m-%d").to_string(),
                    consent_to_peer_support: r.consent_to_peer_support,
                },
            )
        })))
    }

    /// The ward a patient is on now.
    pub async fn ward_of_patient(&self, patient_id: &str) -> Result<Option<String>, StoreError> {
        let sql = "select ward_id from patients where id = $1";
        let row: Option<(String,)> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(patient_id).fetch_optional(pool).await?
        });
        Ok(row.map(|r| r.0))
    }
}
