//! A patient's sessions and their addenda, as the timeline shows them.

use super::{on_pool, Store, StoreError};
use app::domain::sync::Hlc;
use app::domain::timeline::{sort_newest_first, RecordState, TimelineAddendum, TimelineSession};
use chrono::{DateTime, SecondsFormat, Utc};

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: String,
    op_id: String,
    session_type: String,
    started_at: DateTime<Utc>,
    duration_min: i32,
    note: String,
    details: String,
    author_name: String,
}

#[derive(sqlx::FromRow)]
struct AddendumRow {
    id: String,
    op_id: String,
    session_id: String,
    reason: String,
    text: String,
    author_name: String,
    hlc: String,
}

pub(super) fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// When a record was written (RFC 3339), from its clock stamp.
pub(super) fn written_at(hlc: &str) -> Result<String, StoreError> {
    Hlc::parse(hlc)
        .ok()
        .and_then(|h| DateTime::from_timestamp_millis(i64::try_from(h.ms).ok()?))
        .map(rfc3339)
        .ok_or_else(|| StoreError::corrupt(format!("the clock stamp {hlc:?}"), "not one this server checked"))
}

/// A count or length as stored (never negative: checked before it was written).
pub(super) fn stored_count(value: i64, what: &str) -> Result<u32, StoreError> {
    u32::try_from(value).map_err(|e| StoreError::corrupt(format!("{what} {value}"), e))
}

impl Store {
    /// Every session about `patient_id`, newest first, with its addenda in
    /// the order they were written.
    pub async fn patient_timeline(&self, patient_id: &str) -> Result<Vec<TimelineSession>, StoreError> {
        let sessions =
            "select s.id, s.op_id, s.session_type, s.started_at, s.duration_min, s.note, s.details,
                               st.display_name as author_name
                        from sessions s join staff st on st.id = s.author_id where s.patient_id = $1";
        let addenda = "select a.id, a.op_id, a.session_id, a.reason, a.text, st.display_name as author_name, a.hlc
                       from addenda a join sessions s on s.id = a.session_id join staff st on st.id = a.author_id
                       where s.patient_id = $1 order by a.hlc";
        let (sessions, addenda): (Vec<SessionRow>, Vec<AddendumRow>) = on_pool!(self, pool => (
            sqlx::query_as(sessions).bind(patient_id).fetch_all(pool).await?,
            sqlx::query_as(addenda).bind(patient_id).fetch_all(pool).await?,
        ));
        let mut timeline: Vec<TimelineSession> = sessions
            .into_iter()
            .map(|s| {
                Ok(TimelineSession {
                    duration_min: stored_count(i64::from(s.duration_min), "a session's duration")?,
                    // Written by the server from checked details; '{}' before them.
                    details: serde_json::from_str(&s.details)
                        .map_err(|e| StoreError::corrupt(format!("session {}'s details", s.id), e))?,
                    id: s.id,
                    op_id: s.op_id,
                    session_type: s.session_type,
                    started_at: rfc3339(s.started_at),
                    note: s.note,
                    author_name: s.author_name,
                    state: RecordState::Saved,
                    addenda: Vec::new(),
                })
            })
            .collect::<Result<_, StoreError>>()?;
        for a in addenda {
            let written_at = written_at(&a.hlc)?;
            if let Some(session) = timeline.iter_mut().find(|s| s.id == a.session_id) {
                session.addenda.push(TimelineAddendum {
                    id: a.id,
                    op_id: a.op_id,
                    reason: a.reason,
                    text: a.text,
                    author_name: a.author_name,
                    written_at,
                    state: RecordState::Saved,
                });
            }
        }
        sort_newest_first(&mut timeline);
        Ok(timeline)
    }
}
