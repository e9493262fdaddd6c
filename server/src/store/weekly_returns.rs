//! Weekly returns as handed in, and who on a manager's sites should hand
//! one in.

use super::audit::{AuditEvent, INSERT_AUDIT};
use super::sync::placeholders;
use super::{on_pool, Store, StoreError};
use app::domain::reports::{ReturnRow, SubmittedReturn, Week};
use chrono::{DateTime, Utc};

/// A return to hand in: the new version, frozen.
pub struct NewReturn<'a> {
    pub staff_id: &'a str,
    pub week: Week,
    pub version: u32,
    pub figures: String,
    pub notes: &'a str,
    pub reason: &'a str,
    pub at: DateTime<Utc>,
}

impl Store {
    /// Every version of `staff_id`'s return for `week`, first to latest.
    pub async fn submitted_returns(
        &self,
        staff_id: &str,
        week: Week,
    ) -> Result<Vec<SubmittedReturn>, StoreError> {
        let sql = "select version, figures, notes, reason, submitted_at from weekly_returns
                   where staff_id = $1 and week_start = $2 order by version";
        type Row = (i32, String, String, String, DateTime<Utc>);
        let rows: Vec<Row> = on_pool!(self, pool => {
            sqlx::query_as(sql).bind(staff_id).bind(week.monday()).fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .filter_map(|(version, figures, notes, reason, at)| {
                Some(SubmittedReturn {
                    version: u32::try_from(version).ok()?,
                    figures: serde_json::from_str(&figures).ok()?,
                    notes,
                    reason,
                    submitted_ms: at.timestamp_millis(),
                })
            })
            .collect())
    }

    /// Hands a return in, with its audit row, in one transaction. `false`
    /// when that version was handed in meanwhile (two taps, two phones):
    /// nothing is stored then.
    pub async fn hand_in_return(&self, new: &NewReturn<'_>, audit: &AuditEvent) -> Result<bool, StoreError> {
        let sql = "insert into weekly_returns (id, staff_id, week_start, version, figures, notes, reason, submitted_at)
                   values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (staff_id, week_start, version) do nothing";
        let stored = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let stored = sqlx::query(sql)
                .bind(uuid::Uuid::new_v4().to_string()).bind(new.staff_id).bind(new.week.monday())
                .bind(new.version as i32).bind(&new.figures).bind(new.notes).bind(new.reason).bind(new.at)
                .execute(&mut *tx).await?.rows_affected() == 1;
            if stored {
                sqlx::query(INSERT_AUDIT)
                    .bind(audit.at).bind(&audit.staff_id).bind(&audit.username).bind(&audit.action)
                    .bind(&audit.patient_id).bind(&audit.ward_id).bind(&audit.device).bind(&audit.address)
                    .bind(&audit.detail)
                    .execute(&mut *tx).await?;
            }
            tx.commit().await?;
            stored
        });
        Ok(stored)
    }

    /// The active PSWs with a ward on any of `site_ids`, each with their
    /// sites and the latest version of their return for `week`, by name.
    pub async fn returns_on_sites(
        &self,
        site_ids: &[String],
        week: Week,
    ) -> Result<Vec<ReturnRow>, StoreError> {
        if site_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "select st.id, st.display_name, si.name,
                    (select max(r.version) from weekly_returns r where r.staff_id = st.id and r.week_start = $1),
                    (select max(r.submitted_at) from weekly_returns r where r.staff_id = st.id and r.week_start = $1)
             from staff st join staff_wards sw on sw.staff_id = st.id join wards w on w.id = sw.ward_id
                  join sites si on si.id = w.site_id
             where st.role = 'peer_support_worker' and st.active = $2 and w.site_id in ({})
             order by st.display_name, st.id, si.name",
            placeholders(3, site_ids.len())
        );
        type Row = (String, String, String, Option<i32>, Option<DateTime<Utc>>);
        let rows: Vec<Row> = on_pool!(self, pool => {
            let mut query = sqlx::query_as(&sql).bind(week.monday()).bind(true);
            for site in site_ids {
                query = query.bind(site);
            }
            query.fetch_all(pool).await?
        });
        let mut out: Vec<ReturnRow> = Vec::new();
        for (staff_id, name, site, version, at) in rows {
            match out.last_mut().filter(|r| r.staff_id == staff_id) {
                Some(row) => {
                    if !row.sites.split(", ").any(|s| s == site) {
                        row.sites = format!("{}, {site}", row.sites);
                    }
                }
                None => out.push(ReturnRow {
                    staff_id,
                    name,
                    sites: site,
                    latest: version
                        .zip(at)
                        .and_then(|(v, at)| Some((u32::try_from(v).ok()?, at.timestamp_millis()))),
                }),
            }
        }
        Ok(out)
    }

    /// The sites a member of staff works on (by their wards), id and name.
    pub async fn sites_of_staff(&self, staff_id: &str) -> Result<Vec<(String, String)>, StoreError> {
        let sql = "select distinct si.id, si.name from staff_wards sw join wards w on w.id = sw.ward_id
                   join sites si on si.id = w.site_id where sw.staff_id = $1 order by si.name";
        let rows = on_pool!(self, pool => sqlx::query_as(sql).bind(staff_id).fetch_all(pool).await?);
        Ok(rows)
    }

    /// Sites by id: id and name.
    pub async fn site_names(&self, site_ids: &[String]) -> Result<Vec<(String, String)>, StoreError> {
        if site_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "select id, name from sites where id in ({}) order by name",
            placeholders(1, site_ids.len())
        );
        let rows = on_pool!(self, pool => {
            let mut query = sqlx::query_as(&sql);
            for site in site_ids {
                query = query.bind(site);
            }
            query.fetch_all(pool).await?
        });
        Ok(rows)
    }
}

impl Store {
    /// A member of staff's name, if they exist.
    pub async fn staff_name(&self, staff_id: &str) -> Result<Option<String>, StoreError> {
        let sql = "select display_name from staff where id = $1";
        let row: Option<(String,)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(staff_id).fetch_optional(pool).await?);
        Ok(row.map(|(name,)| name))
    }
}
