//! What the week's reports are computed from: a PSW's shifts, contacts,
//! groups, concerns and logs (their weekly return), and a ward's contacts
//! and groups (its attendance record). Read a little wide at the edges;
//! the report maths keeps to the week.

use super::dashboard::{contact_facts, group_facts, ContactRow, GroupRow};
use super::{on_pool, Store, StoreError};
use app::domain::reports::{ContactFact, GroupFact, PswWeekFacts, ShiftFact, Week, WorkKind, WorkLog};
use app::domain::shift::LONGEST_SHIFT_HOURS;
use chrono::{DateTime, NaiveDate, Utc};

const CONTACTS: &str =
    "select s.started_at, s.session_type, s.patient_id, p.preferred_name, s.ward_id, s.author_id,
        st.display_name
     from sessions s join patients p on p.id = s.patient_id join staff st on st.id = s.author_id";
const GROUPS: &str =
    "select g.id, g.started_at, g.ward_id, g.title, g.others_count, g.author_id, st.display_name
     from group_sessions g join staff st on st.id = g.author_id";

impl Store {
    /// Everything `staff_id`'s weekly return for `week` is computed from.
    pub async fn psw_week_facts(&self, staff_id: &str, week: Week) -> Result<PswWeekFacts, StoreError> {
        let (start, end) = (week.start(), week.end());
        // A shift begun the evening before Monday counts from midnight.
        let shifts_from = start - chrono::Duration::hours(LONGEST_SHIFT_HOURS);
        let shifts_sql =
            "select sh.ward_id, w.name, si.name, sh.started_at, e.ended_at, e.closed_automatically
             from shifts sh join wards w on w.id = sh.ward_id join sites si on si.id = w.site_id
             left join shift_ends e on e.shift_id = sh.id
             where sh.author_id = $1 and sh.started_at >= $2 and sh.started_at < $3 order by sh.started_at";
        let contacts_sql =
            format!("{CONTACTS} where s.author_id = $1 and s.started_at >= $2 and s.started_at < $3");
        let groups_sql = format!(
            "{GROUPS} where g.started_at >= $2 and g.started_at < $3 and (g.author_id = $1 or exists
                 (select 1 from group_facilitators f where f.group_id = g.id and f.staff_id = $1))"
        );
        let concerns_sql = "select received_at from concerns where author_id = $1 and received_at >= $2 and received_at < $3";
        let logs_sql = "select kind, on_day, minutes, with_whom from work_logs
                        where author_id = $1 and on_day >= $2 and on_day <= $3 order by on_day, hlc";
        type ShiftRow = (String, String, String, DateTime<Utc>, Option<DateTime<Utc>>, Option<bool>);
        type LogRow = (String, NaiveDate, i32, String);
        let (shifts, contacts, groups, concerns, logs) = on_pool!(self, pool => {
            let shifts: Vec<ShiftRow> = sqlx::query_as(shifts_sql)
                .bind(staff_id).bind(shifts_from).bind(end).fetch_all(pool).await?;
            let contacts: Vec<ContactRow> = sqlx::query_as(&contacts_sql)
                .bind(staff_id).bind(start).bind(end).fetch_all(pool).await?;
            let groups: Vec<GroupRow> = sqlx::query_as(&groups_sql)
                .bind(staff_id).bind(start).bind(end).fetch_all(pool).await?;
            let concerns: Vec<(DateTime<Utc>,)> = sqlx::query_as(concerns_sql)
                .bind(staff_id).bind(start).bind(end).fetch_all(pool).await?;
            let logs: Vec<LogRow> = sqlx::query_as(logs_sql)
                .bind(staff_id).bind(week.monday()).bind(week.sunday()).fetch_all(pool).await?;
            (shifts, contacts, groups, concerns, logs)
        });
        Ok(PswWeekFacts {
            shifts: shifts
                .into_iter()
                .map(|(ward_id, ward_name, site_name, start, end, automatically)| ShiftFact {
                    ward_id,
                    ward_name,
                    site_name,
                    start,
                    end,
                    closed_automatically: automatically.unwrap_or(false),
                })
                .collect(),
            contacts: contact_facts(contacts),
            groups: self.with_people(groups).await?,
            concerns_raised: concerns.into_iter().map(|(at,)| at).collect(),
            logs: logs
                .into_iter()
                .filter_map(|(kind, on, minutes, with_whom)| {
                    Some(WorkLog {
                        kind: WorkKind::parse(&kind)?,
                        on,
                        minutes: u32::try_from(minutes).ok()?,
                        with_whom,
                    })
                })
                .collect(),
        })
    }

    /// The contacts and groups on `ward_id` in `week`, for its attendance record.
    pub async fn ward_week_facts(
        &self,
        ward_id: &str,
        week: Week,
    ) -> Result<(Vec<ContactFact>, Vec<GroupFact>), StoreError> {
        let (start, end) = (week.start(), week.end());
        let contacts_sql =
            format!("{CONTACTS} where s.ward_id = $1 and s.started_at >= $2 and s.started_at < $3");
        let groups_sql =
            format!("{GROUPS} where g.ward_id = $1 and g.started_at >= $2 and g.started_at < $3");
        let (contacts, groups): (Vec<ContactRow>, Vec<GroupRow>) = on_pool!(self, pool => (
            sqlx::query_as(&contacts_sql).bind(ward_id).bind(start).bind(end).fetch_all(pool).await?,
            sqlx::query_as(&groups_sql).bind(ward_id).bind(start).bind(end).fetch_all(pool).await?,
        ));
        Ok((contact_facts(contacts), self.with_people(groups).await?))
    }

    async fn with_people(&self, groups: Vec<GroupRow>) -> Result<Vec<GroupFact>, StoreError> {
        let ids: Vec<String> = groups.iter().map(|g| g.0.clone()).collect();
        let (mut run_by, mut attendees) = self.group_people(&ids).await?;
        Ok(group_facts(groups, &mut run_by, &mut attendees))
    }
}

impl Store {
    /// `ward_ids` with their names and sites' names, by site then ward.
    pub async fn wards_named(
        &self,
        ward_ids: &[String],
    ) -> Result<Vec<(String, String, String)>, StoreError> {
        if ward_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "select w.id, w.name, s.name from wards w join sites s on s.id = w.site_id
             where w.id in ({}) order by s.name, w.name",
            super::sync::placeholders(1, ward_ids.len())
        );
        let rows = on_pool!(self, pool => {
            let mut query = sqlx::query_as(&sql);
            for ward in ward_ids {
                query = query.bind(ward);
            }
            query.fetch_all(pool).await?
        });
        Ok(rows)
    }
}
