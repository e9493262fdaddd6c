//! Lays what the device holds over the timeline the server drew: records
//! written here and not yet sent, refused ones with their reason, and
//! records pulled since the page was drawn (for a page opened offline).

use super::kept::{Kept, KeptState};
use crate::domain::contact::read_details;
use crate::domain::instant::{parse_rfc3339, rfc3339_seconds};
use crate::domain::lww::{sort_newest_first as newest_value_first, FieldValue};
use crate::domain::sync::Hlc;
use crate::domain::timeline::{sort_newest_first, RecordState, TimelineAddendum, TimelineSession};
use std::collections::HashMap;

/// Where a kept record is, as the pages say it.
pub fn state(kept: &Kept) -> RecordState {
    match &kept.state {
        #[cfg(feature = "hydrate")]
        KeptState::Unsent if super::local::is_journaling(&kept.op.id) => RecordState::Saving,
        KeptState::Unsent => RecordState::Unsent,
        KeptState::Rejected { reason, .. } => RecordState::Refused(reason.clone()),
        KeptState::Saved => RecordState::Saved,
    }
}

pub(super) fn written_at(kept: &Kept) -> String {
    Hlc::parse(&kept.op.hlc)
        .ok()
        .and_then(|h| chrono::DateTime::from_timestamp_millis(h.ms as i64))
        .map(rfc3339_seconds)
        .unwrap_or_default()
}

fn as_session(kept: &Kept) -> TimelineSession {
    let started_at = parse_rfc3339(kept.field("started_at")).map(rfc3339_seconds).unwrap_or_default();
    TimelineSession {
        id: kept.op.entity_id.clone(),
        op_id: kept.op.id.clone(),
        session_type: kept.field("session_type").to_owned(),
        started_at,
        duration_min: kept.op.payload.get("duration_min").and_then(|d| d.as_u64()).unwrap_or_default() as u32,
        note: kept.field("note").to_owned(),
        details: read_details(&kept.op.payload).unwrap_or_default(),
        author_name: kept.author_name.clone(),
        state: state(kept),
        addenda: Vec::new(),
    }
}

fn as_addendum(kept: &Kept) -> TimelineAddendum {
    TimelineAddendum {
        id: kept.op.entity_id.clone(),
        op_id: kept.op.id.clone(),
        reason: kept.field("reason").to_owned(),
        text: kept.field("text").to_owned(),
        author_name: kept.author_name.clone(),
        written_at: written_at(kept),
        state: state(kept),
    }
}

/// The server's timeline of `patient_id` with the device's records laid
/// over it. A record the server drew wins over the device's copy of it.
pub fn overlay(server: &[TimelineSession], kept: &[Kept], patient_id: &str) -> Vec<TimelineSession> {
    let mut sessions: Vec<TimelineSession> = server.to_vec();
    // Only this patient's sessions and the addenda are sorted and looked up
    // by id, not all the phone holds: a tap re-runs this over every record.
    let mut local: Vec<&Kept> = kept
        .iter()
        .filter(|k| {
            (k.op.entity == "session" && k.field("patient_id") == patient_id) || k.op.entity == "addendum"
        })
        .collect();
    local.sort_by(|a, b| a.op.hlc.cmp(&b.op.hlc));
    let mut at: HashMap<String, usize> =
        sessions.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
    for k in local.iter().filter(|k| k.op.entity == "session") {
        if !at.contains_key(&k.op.entity_id) {
            at.insert(k.op.entity_id.clone(), sessions.len());
            sessions.push(as_session(k));
        }
    }
    for k in local.iter().filter(|k| k.op.entity == "addendum") {
        let Some(&i) = at.get(k.field("session_id")) else { continue };
        let session = &mut sessions[i];
        if !session.addenda.iter().any(|a| a.id == k.op.entity_id) {
            session.addenda.push(as_addendum(k));
        }
    }
    sort_newest_first(&mut sessions);
    sessions
}

/// Every bed of `patient_id` the server drew and this phone holds, newest
/// first (the first is the current one, by last writer wins), each with
/// where it is. The server's copy of a value wins over the phone's.
pub fn beds(server: &[FieldValue], kept: &[Kept], patient_id: &str) -> Vec<(FieldValue, RecordState)> {
    let mut all: Vec<(FieldValue, RecordState)> =
        server.iter().cloned().map(|v| (v, RecordState::Saved)).collect();
    let changes = kept.iter().filter(|k| k.op.entity == "patient" && k.op.action == "update");
    for k in changes.filter(|k| k.op.entity_id == patient_id) {
        if all.iter().any(|(v, _)| v.op_id == k.op.id) {
            continue;
        }
        let value = FieldValue {
            value: k.field("bed").to_owned(),
            hlc: k.op.hlc.clone(),
            op_id: k.op.id.clone(),
            author_name: k.author_name.clone(),
        };
        all.push((value, state(k)));
    }
    newest_value_first(&mut all, |(v, _)| v);
    all
}

/// What a list of records with answers under them (concerns and their
/// acknowledgements, follow-ups and their being done) needs to lay the
/// device's records over the server's.
pub(super) struct Family<'a> {
    /// The entity of the records listed, and of the answers under them.
    pub entity: &'a str,
    pub answer: &'a str,
    /// The answer's payload field naming its record.
    pub parent_field: &'a str,
}

/// The server's `listed` records with the device's laid over them: records
/// only the device holds (made by `make`) and answers the list lacks (put
/// under their record by `attach`, which keeps out one already there). A
/// record only the device holds stays when `include` wants it, answers
/// attached. The server's copy of a record wins over the device's.
pub(super) fn lay_over<T: Clone>(
    family: Family<'_>,
    listed: &[T],
    kept: &[Kept],
    id_of: impl Fn(&T) -> &str,
    make: impl Fn(&Kept) -> T,
    attach: impl Fn(&mut T, &Kept),
    include: impl Fn(&T) -> bool,
) -> Vec<T> {
    let mut all: Vec<T> = listed.to_vec();
    // Only this family's records are sorted, not all the phone holds: a
    // tap re-runs this over every record kept.
    let mut local: Vec<&Kept> = kept
        .iter()
        .filter(|k| k.op.action == "create" && (k.op.entity == family.entity || k.op.entity == family.answer))
        .collect();
    local.sort_by(|a, b| a.op.hlc.cmp(&b.op.hlc));
    let listed_count = all.len();
    let mut at: HashMap<String, usize> =
        all.iter().enumerate().map(|(i, r)| (id_of(r).to_owned(), i)).collect();
    for k in local.iter().filter(|k| k.op.entity == family.entity) {
        if !at.contains_key(&k.op.entity_id) {
            at.insert(k.op.entity_id.clone(), all.len());
            all.push(make(k));
        }
    }
    for k in local.iter().filter(|k| k.op.entity == family.answer) {
        if let Some(&i) = at.get(k.field(family.parent_field)) {
            attach(&mut all[i], k);
        }
    }
    let added = all.split_off(listed_count);
    all.extend(added.into_iter().filter(|r| include(r)));
    all
}
