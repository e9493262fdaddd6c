//! Where the records and wards a sync request names are, and who has
//! answered the concerns it answers: read for the whole request at once
//! (`server/src/sync/known.rs`), a query a kind however many ops name one.

use super::sync::{placeholders, WritePlace};
use super::{on_pool, Store, StoreError};
use app::domain::sync::Parent;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::FromRow;
use std::collections::HashMap;

impl Store {
    /// Where each of these saved records of one kind is: a session's or a
    /// follow-up's patient where they are now (none once discharged), a
    /// concern where it was raised (its nurse in charge answers it).
    pub async fn parent_places(
        &self,
        parent: Parent,
        ids: &[String],
    ) -> Result<HashMap<String, WritePlace>, StoreError> {
        let sql = match parent {
            Parent::Session => {
                "select s.id, p.id, w.id, w.site_id from sessions s join patients p on p.id = s.patient_id
                 join wards w on w.id = p.ward_id where p.discharged_on is null and s.id in ({list})"
            }
            Parent::Concern => {
                "select c.id, c.patient_id, c.ward_id, w.site_id from concerns c join wards w on w.id = c.ward_id
                 where c.id in ({list})"
            }
            Parent::FollowUp => {
                "select f.id, p.id, w.id, w.site_id from follow_ups f join patients p on p.id = f.patient_id
                 join wards w on w.id = p.ward_id where p.discharged_on is null and f.id in ({list})"
            }
        };
        let rows: Vec<(String, String, String, String)> = self.by_ids(sql, ids).await?;
        Ok(rows
            .into_iter()
            .map(|(id, patient, ward, site)| (id, WritePlace::of_patient((patient, ward, site))))
            .collect())
    }

    /// Where each of these wards is: itself and its site.
    pub async fn ward_places(&self, ids: &[String]) -> Result<HashMap<String, WritePlace>, StoreError> {
        let rows: Vec<(String, String)> =
            self.by_ids("select id, site_id from wards where id in ({list})", ids).await?;
        Ok(rows
            .into_iter()
            .map(|(ward_id, site_id)| (ward_id.clone(), WritePlace { patient_id: None, ward_id, site_id }))
            .collect())
    }

    /// Who first acknowledged each of these concerns, and the clock stamp
    /// of when, for those anyone has.
    pub async fn first_acks(
        &self,
        concern_ids: &[String],
    ) -> Result<HashMap<String, (String, String)>, StoreError> {
        let sql = "select a.concern_id, st.display_name, a.hlc from concern_acks a join staff st on st.id = a.author_id
                   where a.concern_id in ({list}) order by a.hlc desc";
        let rows: Vec<(String, String, String)> = self.by_ids(sql, concern_ids).await?;
        // Newest first, so the earliest of each is the one kept.
        Ok(rows.into_iter().map(|(concern, name, hlc)| (concern, (name, hlc))).collect())
    }

    /// The rows `sql` selects with its `{list}` bound to `ids`.
    async fn by_ids<T>(&self, sql: &str, ids: &[String]) -> Result<Vec<T>, StoreError>
    where
        T: Send + Unpin + for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow>,
    {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = sql.replace("{list}", &placeholders(1, ids.len()));
        Ok(on_pool!(self, pool => {
            let mut query = sqlx::query_as(&sql);
            for id in ids {
                query = query.bind(id);
            }
            query.fetch_all(pool).await?
        }))
    }
}
