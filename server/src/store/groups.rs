//! Group sessions as the pages show them: a patient's group lines, and the
//! colleagues a PSW can name as having run a group with them.

use super::sync::placeholders;
use super::timeline::{rfc3339, stored_count};
use super::{on_pool, Store, StoreError};
use app::domain::caseload::Colleague;
use app::domain::group::GroupLine;
use app::domain::timeline::RecordState;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
struct LineRow {
    id: String,
    op_id: String,
    title: String,
    started_at: DateTime<Utc>,
    duration_min: i32,
    place: String,
    others_count: i32,
    line: String,
    note: String,
    author_name: String,
}

impl Store {
    /// The site of a ward, if there is such a ward.
    pub async fn ward_site(&self, ward_id: &str) -> Result<Option<String>, StoreError> {
        let sql = "select site_id from wards where id = $1";
        let row: Option<(String,)> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(ward_id).fetch_optional(pool).await?);
        Ok(row.map(|r| r.0))
    }

    /// Which of these ids name an active member of staff.
    pub async fn active_staff_ids(&self, ids: &[String]) -> Result<Vec<String>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql =
            format!("select id from staff where active = $1 and id in ({})", placeholders(2, ids.len()));
        let rows: Vec<(String,)> = on_pool!(self, pool => {
            let mut query = sqlx::query_as(&sql).bind(true);
            for id in ids {
                query = query.bind(id);
            }
            query.fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Every group `patient_id` came to, newest first, with the line
    /// written about them and who ran it (its author first).
    pub async fn patient_group_lines(&self, patient_id: &str) -> Result<Vec<GroupLine>, StoreError> {
        let lines = "select g.id, g.op_id, g.title, g.started_at, g.duration_min, g.place, g.others_count,
                            a.line, g.note, st.display_name as author_name
                     from group_attendees a join group_sessions g on g.id = a.group_id
                     join staff st on st.id = g.author_id
                     where a.patient_id = $1 order by g.started_at desc, g.id desc limit 500";
        let rows: Vec<LineRow> =
            on_pool!(self, pool => sqlx::query_as(lines).bind(patient_id).fetch_all(pool).await?);
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        let list = placeholders(1, ids.len());
        let facilitators = format!(
            "select f.group_id, st.display_name from group_facilitators f join staff st on st.id = f.staff_id
             where f.group_id in ({list}) order by st.display_name"
        );
        let counts = format!(
            "select group_id, count(*) from group_attendees where group_id in ({list}) group by group_id"
        );
        type Named = Vec<(String, String)>;
        let (facilitators, counts): (Named, Vec<(String, i64)>) = on_pool!(self, pool => {
            let mut named = sqlx::query_as(&facilitators);
            let mut counted = sqlx::query_as(&counts);
            for id in &ids {
                named = named.bind(*id);
                counted = counted.bind(*id);
            }
            (named.fetch_all(pool).await?, counted.fetch_all(pool).await?)
        });
        let counts: HashMap<String, i64> = counts.into_iter().collect();
        rows.into_iter()
            .map(|r| {
                let mut run_by = vec![r.author_name];
                run_by.extend(facilitators.iter().filter(|(g, _)| *g == r.id).map(|(_, name)| name.clone()));
                let listed = counts.get(&r.id).copied().unwrap_or(1);
                Ok(GroupLine {
                    attended: stored_count(listed + i64::from(r.others_count), "a group's attendance")?,
                    group_id: r.id,
                    op_id: r.op_id,
                    title: r.title,
                    started_at: rfc3339(r.started_at),
                    duration_min: stored_count(i64::from(r.duration_min), "a group's duration")?,
                    place: r.place,
                    run_by,
                    unnamed_co_facilitators: 0,
                    line: r.line,
                    note: r.note,
                    state: RecordState::Saved,
                })
            })
            .collect()
    }

    /// The active staff who work on each of `ward_ids` (by assignment, or
    /// deployed there at `now`), by ward, sorted by name, leaving out
    /// `except` (the one asking).
    pub async fn ward_colleagues(
        &self,
        ward_ids: &[String],
        except: &str,
        now: DateTime<Utc>,
    ) -> Result<HashMap<String, Vec<Colleague>>, StoreError> {
        if ward_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let list = placeholders(2, ward_ids.len());
        let assigned = format!(
            "select sw.ward_id, s.id, s.display_name from staff_wards sw join staff s on s.id = sw.staff_id
             where s.active = $1 and sw.ward_id in ({list})"
        );
        let deployed = format!(
            "select d.ward_id, s.id, s.display_name, d.starts_at, d.ends_at
             from staff_deployments d join staff s on s.id = d.staff_id
             where s.active = $1 and d.ward_id in ({list})"
        );
        type Deployed = (String, String, String, DateTime<Utc>, DateTime<Utc>);
        let (assigned, deployed): (Vec<(String, String, String)>, Vec<Deployed>) = on_pool!(self, pool => {
            let mut a = sqlx::query_as(&assigned).bind(true);
            let mut d = sqlx::query_as(&deployed).bind(true);
            for ward in ward_ids {
                a = a.bind(ward);
                d = d.bind(ward);
            }
            (a.fetch_all(pool).await?, d.fetch_all(pool).await?)
        });
        // Compared here rather than in SQL, so both engines agree whatever
        // text form SQLite keeps the times in.
        let deployed_now = deployed
            .into_iter()
            .filter(|(_, _, _, starts, ends)| *starts <= now && now < *ends)
            .map(|(ward, id, name, _, _)| (ward, id, name));
        let mut by_ward: HashMap<String, Vec<Colleague>> = HashMap::new();
        for (ward, id, name) in assigned.into_iter().chain(deployed_now) {
            let colleagues = by_ward.entry(ward).or_default();
            if id != except && !colleagues.iter().any(|c| c.staff_id == id) {
                colleagues.push(Colleague { staff_id: id, name });
            }
        }
        for colleagues in by_ward.values_mut() {
            colleagues.sort_by(|a, b| a.name.cmp(&b.name));
        }
        Ok(by_ward)
    }
}
