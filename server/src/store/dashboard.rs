//! What the live dashboard reads: the wards, the shifts nobody has checked
//! out of, today's contacts and groups, and the concerns still waiting.

use super::sync::placeholders;
use super::{on_pool, Store, StoreError};
use app::domain::concern::ConcernCategory;
use app::domain::contact::ContactType;
use app::domain::reports::{ContactFact, GroupFact, OpenShiftFact, WaitingConcern};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// Everything the dashboard is computed from, for some wards.
#[derive(Debug, Default)]
pub struct DashboardFacts {
    /// (ward id, ward name, site name), by site then ward.
    pub wards: Vec<(String, String, String)>,
    pub shifts: Vec<OpenShiftFact>,
    pub contacts: Vec<ContactFact>,
    pub groups: Vec<GroupFact>,
    pub concerns: Vec<WaitingConcern>,
}

/// A contact as read: started, type, patient id and name, ward, author id and name.
pub(super) type ContactRow = (DateTime<Utc>, String, String, String, String, String, String);
/// A group as read: id, started, ward, title, others, author id and name.
pub(super) type GroupRow = (String, DateTime<Utc>, String, String, i32, String, String);
/// The people of groups by group id: who ran them, who came.
pub(super) type People = HashMap<String, Vec<(String, String)>>;

pub(super) fn contact_facts(rows: Vec<ContactRow>) -> Vec<ContactFact> {
    rows.into_iter()
        .filter_map(|(started_at, kind, patient_id, patient_name, ward_id, author, author_name)| {
            Some(ContactFact {
                started_at,
                contact_type: ContactType::parse(&kind)?,
                patient_id,
                patient_name,
                ward_id,
                author,
                author_name,
            })
        })
        .collect()
}

pub(super) fn group_facts(
    rows: Vec<GroupRow>,
    run_by: &mut People,
    attendees: &mut People,
) -> Vec<GroupFact> {
    rows.into_iter()
        .map(|(id, started_at, ward_id, title, others, author, author_name)| {
            let mut people = vec![(author, author_name)];
            people.extend(run_by.remove(&id).unwrap_or_default());
            GroupFact {
                started_at,
                ward_id,
                title,
                run_by: people,
                attendees: attendees.remove(&id).unwrap_or_default(),
                others: u32::try_from(others).unwrap_or(0),
            }
        })
        .collect()
}

/// Binds each of `$values` in turn to `$query`.
macro_rules! bind_all {
    ($query:expr, $values:expr) => {{
        let mut query = $query;
        for value in $values {
            query = query.bind(value);
        }
        query
    }};
}

impl Store {
    /// The facts of `ward_ids`' day: shifts started since `shifts_since` with
    /// no check-out, contacts and groups started since `day_start`, and
    /// concerns nobody has acknowledged.
    pub async fn dashboard_facts(
        &self,
        ward_ids: &[String],
        day_start: DateTime<Utc>,
        shifts_since: DateTime<Utc>,
    ) -> Result<DashboardFacts, StoreError> {
        if ward_ids.is_empty() {
            return Ok(DashboardFacts::default());
        }
        let n = ward_ids.len();
        let wards_sql = format!(
            "select w.id, w.name, s.name from wards w join sites s on s.id = w.site_id
             where w.id in ({}) order by s.name, w.name",
            placeholders(1, n)
        );
        let shifts_sql = format!(
            "select sh.ward_id, st.display_name, sh.started_at from shifts sh join staff st on st.id = sh.author_id
             where sh.ward_id in ({}) and sh.started_at >= $1
                 and not exists (select 1 from shift_ends e where e.shift_id = sh.id)",
            placeholders(2, n)
        );
        let contacts_sql = format!(
            "select s.started_at, s.session_type, s.patient_id, p.preferred_name, s.ward_id, s.author_id,
                    st.display_name
             from sessions s join patients p on p.id = s.patient_id join staff st on st.id = s.author_id
             where s.ward_id in ({}) and s.started_at >= $1",
            placeholders(2, n)
        );
        let groups_sql = format!(
            "select g.id, g.started_at, g.ward_id, g.title, g.others_count, g.author_id, st.display_name
             from group_sessions g join staff st on st.id = g.author_id
             where g.ward_id in ({}) and g.started_at >= $1",
            placeholders(2, n)
        );
        let concerns_sql = format!(
            "select c.ward_id, c.category, c.received_at from concerns c where c.ward_id in ({})
                 and not exists (select 1 from concern_acks a where a.concern_id = c.id)",
            placeholders(1, n)
        );
        let (wards, shifts, contacts, groups, concerns) = on_pool!(self, pool => {
            let wards: Vec<(String, String, String)> =
                bind_all!(sqlx::query_as(&wards_sql), ward_ids).fetch_all(pool).await?;
            let shifts: Vec<(String, String, DateTime<Utc>)> =
                bind_all!(sqlx::query_as(&shifts_sql).bind(shifts_since), ward_ids).fetch_all(pool).await?;
            let contacts: Vec<ContactRow> =
                bind_all!(sqlx::query_as(&contacts_sql).bind(day_start), ward_ids).fetch_all(pool).await?;
            let groups: Vec<GroupRow> =
                bind_all!(sqlx::query_as(&groups_sql).bind(day_start), ward_ids).fetch_all(pool).await?;
            let concerns: Vec<(String, String, DateTime<Utc>)> =
                bind_all!(sqlx::query_as(&concerns_sql), ward_ids).fetch_all(pool).await?;
            (wards, shifts, contacts, groups, concerns)
        });

        let group_ids: Vec<String> = groups.iter().map(|g| g.0.clone()).collect();
        let (mut run_by, mut attendees) = self.group_people(&group_ids).await?;
        Ok(DashboardFacts {
            wards,
            shifts: shifts
                .into_iter()
                .map(|(ward_id, name, started_at)| OpenShiftFact { ward_id, name, started_at })
                .collect(),
            contacts: contact_facts(contacts),
            groups: group_facts(groups, &mut run_by, &mut attendees),
            concerns: concerns
                .into_iter()
                .filter_map(|(ward_id, category, received_at)| {
                    Some(WaitingConcern {
                        ward_id,
                        category: ConcernCategory::parse(&category)?,
                        received_at,
                    })
                })
                .collect(),
        })
    }

    /// The co-facilitators and the attendees of each group, by group id.
    pub(super) async fn group_people(&self, group_ids: &[String]) -> Result<(People, People), StoreError> {
        let (mut run_by, mut attendees) = (HashMap::new(), HashMap::new());
        if group_ids.is_empty() {
            return Ok((run_by, attendees));
        }
        let list = placeholders(1, group_ids.len());
        let facilitators_sql = format!(
            "select f.group_id, st.id, st.display_name from group_facilitators f join staff st on st.id = f.staff_id
             where f.group_id in ({list}) order by st.display_name"
        );
        let attendees_sql = format!(
            "select a.group_id, p.id, p.preferred_name from group_attendees a join patients p on p.id = a.patient_id
             where a.group_id in ({list}) order by p.preferred_name"
        );
        type Rows = Vec<(String, String, String)>;
        let (facilitators, came): (Rows, Rows) = on_pool!(self, pool => (
            bind_all!(sqlx::query_as(&facilitators_sql), group_ids).fetch_all(pool).await?,
            bind_all!(sqlx::query_as(&attendees_sql), group_ids).fetch_all(pool).await?,
        ));
        for (group, id, name) in facilitators {
            run_by.entry(group).or_insert_with(Vec::new).push((id, name));
        }
        for (group, id, name) in came {
            attendees.entry(group).or_insert_with(Vec::new).push((id, name));
        }
        Ok((run_by, attendees))
    }
}
