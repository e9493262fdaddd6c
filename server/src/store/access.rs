//! What the access rule needs from the database: where a member of staff
//! may reach, and where a record lives.

use super::{on_pool, Store, StoreError};
use app::domain::access::Reach;
use app::domain::patient::PatientRecord;
use app::domain::Role;
use chrono::{DateTime, NaiveDate, Utc};

#[derive(sqlx::FromRow)]
struct PatientRow {
    id: String,
    preferred_name: String,
    local_id: String,
    ward_id: String,
    ward_name: String,
    usual_place: String,
    site_id: String,
    site_name: String,
    bed: String,
    admitted_on: NaiveDate,
    consent_to_peer_support: bool,
}

/// A patient's record and the ward and site it lives on.
pub struct PlacedPatient {
    pub record: PatientRecord,
    pub ward_id: String,
    pub site_id: String,
}

/// A ward, its site, and when the person was given it and (if so) lost it.
type WardStretch = (String, String, DateTime<Utc>, Option<DateTime<Utc>>);

impl Store {
    /// The wards and sites `staff_id` reaches at `now`: their own wards,
    /// wards they are deployed to for this shift, and those wards' sites; a
    /// manager reaches every ward on those sites.
    pub async fn reach(&self, staff_id: &str, role: Role, now: DateTime<Utc>) -> Result<Reach, StoreError> {
        let sql = "select w.id, w.site_id from staff_wards sw join wards w on w.id = sw.ward_id
                   where sw.staff_id = $1 order by w.id";
        let own: Vec<(String, String)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(staff_id).fetch_all(pool).await?);
        self.reach_from(own, staff_id, role, now).await
    }

    /// The wards and sites `staff_id` reached at `then`, by the history of
    /// their wards (`staff_ward_history`) and their deployments then: how an
    /// op written offline is judged once their wards have changed.
    pub async fn reach_then(
        &self,
        staff_id: &str,
        role: Role,
        then: DateTime<Utc>,
    ) -> Result<Reach, StoreError> {
        // Times are compared here rather than in SQL, so that both engines
        // agree whatever text form SQLite keeps them in.
        let sql = "select w.id, w.site_id, h.from_at, h.until_at
                   from staff_ward_history h join wards w on w.id = h.ward_id where h.staff_id = $1";
        let rows: Vec<WardStretch> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(staff_id).fetch_all(pool).await?);
        let own = rows
            .into_iter()
            .filter(|(_, _, from, until)| *from <= then && until.is_none_or(|until| then < until))
            .map(|(ward, site, _, _)| (ward, site))
            .collect();
        self.reach_from(own, staff_id, role, then).await
    }

    /// `own` wards (with their sites), the wards deployed to at `at`, and
    /// for a manager every ward of those sites.
    async fn reach_from(
        &self,
        mut own: Vec<(String, String)>,
        staff_id: &str,
        role: Role,
        at: DateTime<Utc>,
    ) -> Result<Reach, StoreError> {
        for ward in self.deployed_wards(staff_id, at).await? {
            let sql = "select id, site_id from wards where id = $1";
            let row: Option<(String, String)> =
                on_pool!(self, pool => sqlx::query_as(sql).bind(&ward).fetch_optional(pool).await?);
            own.extend(row);
        }
        own.sort();
        own.dedup();
        let mut site_ids: Vec<String> = own.iter().map(|(_, site)| site.clone()).collect();
        site_ids.sort();
        site_ids.dedup();
        let ward_ids = if role == Role::Manager {
            let mut wards = Vec::new();
            for site in &site_ids {
                let sql = "select id from wards where site_id = $1 order by id";
                let rows: Vec<(String,)> =
                    on_pool!(self, pool => sqlx::query_as(sql).bind(site).fetch_all(pool).await?);
                wards.extend(rows.into_iter().map(|r| r.0));
            }
            wards
        } else {
            own.into_iter().map(|(ward, _)| ward).collect()
        };
        Ok(Reach { ward_ids, site_ids })
    }

    /// A patient still on a ward, with where they are.
    pub async fn placed_patient(&self, patient_id: &str) -> Result<Option<PlacedPatient>, StoreError> {
        let sql = "select p.id, p.preferred_name, p.local_id, w.id as ward_id, w.name as ward_name, w.usual_place,
                          s.id as site_id, s.name as site_name, p.bed, p.admitted_on, p.consent_to_peer_support
                   from patients p join wards w on w.id = p.ward_id join sites s on s.id = w.site_id
                   where p.id = $1 and p.discharged_on is null";
        let row: Option<PatientRow> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(patient_id).fetch_optional(pool).await?);
        Ok(row.map(|r| PlacedPatient {
            record: PatientRecord {
                id: r.id,
                preferred_name: r.preferred_name,
                local_id: r.local_id,
                ward_name: r.ward_name,
                site_name: r.site_name,
                usual_place: r.usual_place,
                bed: r.bed,
                bed_history: Vec::new(),
                admitted_on: r.admitted_on.format("%Y-%m-%d").to_string(),
                consent_to_peer_support: r.consent_to_peer_support,
                can_view_audit_trail: false,
                can_write: false,
                can_update_bed: false,
                move_to: Vec::new(),
                timeline: Vec::new(),
                group_lines: Vec::new(),
                concerns: Vec::new(),
                follow_ups: Vec::new(),
                plan: Vec::new(),
                resources: Vec::new(),
                can_acknowledge: false,
                escalate_after_min: app::domain::concern::DEFAULT_ESCALATE_AFTER_MIN,
            },
            ward_id: r.ward_id,
            site_id: r.site_id,
        }))
    }
}
