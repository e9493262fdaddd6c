//! Writing a whole set of sites, wards, staff and patients in one transaction:
//! the demo data, and the fixtures of the tests.

use super::{on_pool, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};

pub struct DemoSite {
    pub id: String,
    pub name: String,
}

pub struct DemoWard {
    pub id: String,
    pub site_id: String,
    pub name: String,
    pub usual_place: String,
}

pub struct DemoStaff {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: app::domain::Role,
    pub password_hash: String,
    pub ward_ids: Vec<String>,
}

pub struct DemoPatient {
    pub id: String,
    pub local_id: String,
    pub preferred_name: String,
    pub ward_id: String,
    pub bed: String,
    pub admitted_on: NaiveDate,
    pub consent_to_peer_support: bool,
}

#[derive(Default)]
pub struct DemoData {
    pub sites: Vec<DemoSite>,
    /// The community resources directory: (name, what it offers, how to reach it).
    pub resources: Vec<(String, String, String)>,
    pub wards: Vec<DemoWard>,
    pub staff: Vec<DemoStaff>,
    pub patients: Vec<DemoPatient>,
}

impl Store {
    /// Inserts everything in `data`, or nothing if any part fails.
    pub async fn insert_directory(&self, data: &DemoData) -> Result<(), StoreError> {
        let now = Utc::now();
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for site in &data.sites {
                sqlx::query("insert into sites (id, name) values ($1, $2)")
                    .bind(&site.id).bind(&site.name).execute(&mut *tx).await?;
            }
            for ward in &data.wards {
                sqlx::query("insert into wards (id, site_id, name, usual_place) values ($1, $2, $3, $4)")
                    .bind(&ward.id).bind(&ward.site_id).bind(&ward.name).bind(&ward.usual_place)
                    .execute(&mut *tx).await?;
            }
            for person in &data.staff {
                sqlx::query(
                    "insert into staff (id, username, display_name, role, password_hash, active, created_at)
                     values ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(&person.id).bind(&person.username).bind(&person.display_name)
                .bind(person.role.as_str()).bind(&person.password_hash).bind(true).bind(now)
                .execute(&mut *tx).await?;
                for ward_id in &person.ward_ids {
                    sqlx::query("insert into staff_wards (staff_id, ward_id) values ($1, $2)")
                        .bind(&person.id).bind(ward_id).execute(&mut *tx).await?;
                    // The demo's staff have always worked on their wards.
                    sqlx::query(super::staff_admin::HISTORY_OPEN)
                        .bind(&person.id).bind(ward_id).bind(DateTime::<Utc>::UNIX_EPOCH)
                        .execute(&mut *tx).await?;
                }
            }
            for p in &data.patients {
                sqlx::query(
                    "insert into patients (id, local_id, preferred_name, ward_id, bed, admitted_on, consent_to_peer_support)
                     values ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(&p.id).bind(&p.local_id).bind(&p.preferred_name).bind(&p.ward_id)
                .bind(&p.bed).bind(p.admitted_on).bind(p.consent_to_peer_support)
                .execute(&mut *tx).await?;
            }
            for (i, (name, offers, contact)) in data.resources.iter().enumerate() {
                sqlx::query(
                    "insert into community_resources (id, name, offers, contact, created_at) values ($1, $2, $3, $4, $5)",
                )
                .bind(format!("resource-demo-{}", i + 1)).bind(name).bind(offers).bind(contact).bind(now)
                .execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }
}
