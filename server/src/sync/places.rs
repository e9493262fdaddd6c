//! Where a write lands, judged beyond today's access: as it was when an
//! offline phone wrote it, where a group belongs, why a concern already
//! answered is not answered again, and what a plan's goal will take.

use super::apply::Judge;
use crate::store::{StoreError, WritePlace};
use app::domain::access::{decide, Action, Decision, Place};
use app::domain::group::NewGroupSession;
use app::domain::plan::{judge_goal_child, PlanEntry, PlanWrite};
use app::domain::sync::{CheckedOp, Write};
use app::domain::timeline::RecordState;

/// How long after writing a record offline its author's access at the time
/// still counts: as long as a phone keeps what it has sent.
const OFFLINE_GRACE_MS: u64 = app::sync::DEFAULT_RETENTION_DAYS as u64 * 24 * 60 * 60 * 1000;

/// A record its author may not write today may still have been theirs to
/// write when they wrote it, offline, before the patient moved ward or their
/// shift on that ward ended: judged by the op's clock against where the
/// patient was and which wards the author had then. Answers where it was
/// written, when that was allowed. Only within [`OFFLINE_GRACE_MS`], so an
/// old clock stamp cannot reach a patient someone looked after long ago.
pub(super) async fn allowed_when_written(
    judge: &Judge<'_>,
    op: &CheckedOp,
    action: Action,
    patient_id: &str,
) -> Result<Option<WritePlace>, StoreError> {
    let (store, user, now_ms) = (judge.store, judge.user, judge.now_ms);
    let written_ms = op.hlc.ms;
    if written_ms.saturating_add(OFFLINE_GRACE_MS) < now_ms {
        return Ok(None);
    }
    let Some(at) = chrono::DateTime::from_timestamp_millis(written_ms as i64) else { return Ok(None) };
    let Some(then) = store.patient_place_at(patient_id, at).await? else { return Ok(None) };
    let reach_then = store.reach_then(&user.staff_id, user.role, at).await?;
    let place = Place { ward_id: &then.ward_id, site_id: &then.site_id };
    let allowed = matches!(decide(user.role, &reach_then, action, Some(place)), Decision::Allowed);
    Ok(allowed.then_some(then))
}

/// Where a group is written (its ward; the log names its first attendee),
/// once everyone listed is found on that ward (now, or when the group was
/// written, within [`OFFLINE_GRACE_MS`] like every other record, so an old
/// clock stamp cannot reach someone who left long ago) and every colleague
/// named is an active member of staff; or why not.
pub(super) async fn group_place(
    judge: &Judge<'_>,
    op: &CheckedOp,
    group: &NewGroupSession,
) -> Result<Result<WritePlace, String>, StoreError> {
    let (store, user, now_ms, known) = (judge.store, judge.user, judge.now_ms, judge.known);
    let Some(ward) = known.wards.get(&group.ward_id) else {
        return Ok(Err("There is no ward with this id (ward_id).".into()));
    };
    let written = chrono::DateTime::from_timestamp_millis(i64::try_from(op.hlc.ms).unwrap_or_default())
        .filter(|_| op.hlc.ms.saturating_add(OFFLINE_GRACE_MS) >= now_ms);
    for attendee in &group.attendees {
        let here_now = known.patients.get(&attendee.patient_id).is_some_and(|p| p.ward_id == group.ward_id);
        let here_then = match (here_now, written) {
            (false, Some(at)) => store
                .patient_place_at(&attendee.patient_id, at)
                .await?
                .is_some_and(|p| p.ward_id == group.ward_id),
            _ => false,
        };
        if !here_now && !here_then {
            return Ok(Err(format!(
                "{} is listed as coming to the group but is not on this ward's caseload. Nothing of this group was stored.",
                attendee.patient_id
            )));
        }
    }
    if group.co_facilitators.contains(&user.staff_id) {
        return Ok(Err(
            "You ran this group; name only the colleagues who ran it with you (co_facilitators).".into(),
        ));
    }
    if !group.co_facilitators.iter().all(|id| known.active_staff.contains(id)) {
        return Ok(Err(
            "A colleague named as running the group is not an active member of staff (co_facilitators)."
                .into(),
        ));
    }
    let first = group.attendees.first().map(|a| a.patient_id.clone());
    Ok(Ok(WritePlace { patient_id: first, ward_id: group.ward_id.clone(), site_id: ward.site_id.clone() }))
}

/// Why a second acknowledgement is refused: who acknowledged it, and when.
pub(super) fn already_acknowledged(name: &str, hlc: &str) -> String {
    let when = app::domain::sync::Hlc::parse(hlc)
        .ok()
        .and_then(|h| chrono::DateTime::from_timestamp_millis(i64::try_from(h.ms).unwrap_or_default()))
        .map(|at| format!(", {}", app::domain::uk_time::friendly(at)))
        .unwrap_or_default();
    format!(
        "{name} already acknowledged this concern{when}. Nothing was changed; add anything new as a note or a new concern."
    )
}

/// What is known of the goals a batch adds steps, check-ins or statuses
/// to: their stored entries, and the plan ops accepted so far in the batch.
pub(super) struct PlanGoals {
    known: Vec<PlanEntry>,
}

impl PlanGoals {
    /// Starting from the stored entries of the goals the request names.
    pub(super) fn new(stored: Vec<PlanEntry>) -> Self {
        PlanGoals { known: stored }
    }

    /// Why this plan op cannot be stored, if it cannot.
    pub(super) fn judge(&self, write: &PlanWrite, op: &CheckedOp) -> Result<(), String> {
        let o = &op.op;
        judge_goal_child(write, &o.entity, &o.action, &o.entity_id, &o.hlc, &self.known)
    }

    /// Counts an op accepted in this batch, so later ones can build on it.
    pub(super) fn accepted(&mut self, op: &CheckedOp, author_name: &str) {
        let Write::Plan(write) = &op.write else { return };
        let o = &op.op;
        self.known.push(PlanEntry {
            op_id: o.id.clone(),
            entity: o.entity.clone(),
            entity_id: o.entity_id.clone(),
            action: o.action.clone(),
            hlc: o.hlc.clone(),
            author_name: author_name.to_owned(),
            payload: write.payload.clone(),
            state: RecordState::Saved,
        });
    }
}
