//! Applying one request's ops: each checked, placed, judged by the one
//! access rule and by what the batch has accepted before it, then stored
//! together with its audit row.

use super::places::{allowed_when_written, already_acknowledged, group_place, plan_goals};
use super::shifts::{shift_reason, ShiftsInBatch};
use super::Outcome;
use crate::auth::Client;
use crate::store::{AcceptedOp, AuditAction, AuditEvent, Store, StoreError, WritePlace};
use app::domain::access::{decide, Action, Decision, Place, Reach};
use app::domain::concern::{NewConcern, NewConcernAck};
use app::domain::follow_up::{NewFollowUp, NewFollowUpDone};
use app::domain::plan::PlanWrite;
use app::domain::sync::fields::as_stored;
use app::domain::sync::{
    check_op, same_change, CheckedOp, NewAddendum, NewSession, PatientFieldChange, SyncRequest, Write,
};
use app::domain::SignedIn;
use std::collections::HashMap;

/// Checks, judges and stores every op of a request; one outcome each, in order.
pub(super) async fn apply(
    store: &Store,
    user: &SignedIn,
    reach: &Reach,
    request: &SyncRequest,
    client: &Client,
    handed_to: Option<&str>,
) -> Result<Vec<Outcome>, StoreError> {
    let now_ms = chrono::Utc::now().timestamp_millis().max(0) as u64;
    let checked: Vec<Result<CheckedOp, String>> =
        request.ops.iter().map(|op| check_op(op, now_ms).and_then(as_stored).map_err(|r| r.reason)).collect();
    // What this batch has accepted so far: op ids (with their bodies) and
    // records (with their kind), so later ops in the same batch see them.
    let mut batch_ops: HashMap<String, String> = HashMap::new();
    let mut batch_records: HashMap<String, (String, WritePlace)> = HashMap::new();
    let mut acked_in_batch: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut shifts = ShiftsInBatch::default();
    let made_here = |records: &HashMap<String, (String, WritePlace)>, id: &str, entity: &str| {
        records.get(id).filter(|(kind, _)| kind == entity).map(|(_, place)| place.clone())
    };
    // Looked up once for the whole batch, not op by op.
    let ids: Vec<String> = checked.iter().flatten().map(|c| c.op.id.clone()).collect();
    let record_ids: Vec<String> = checked.iter().flatten().map(|c| c.op.entity_id.clone()).collect();
    let stored_bodies = store.op_bodies(&ids).await?;
    let saved_records: std::collections::HashSet<String> =
        store.saved_record_ids(&record_ids).await?.into_iter().collect();
    let mut patient_ids: Vec<String> = checked
        .iter()
        .flatten()
        .filter_map(|c| match &c.write {
            Write::Session(NewSession { patient_id, .. })
            | Write::Concern(NewConcern { patient_id, .. })
            | Write::FollowUp(NewFollowUp { patient_id, .. })
            | Write::PatientField(PatientFieldChange { patient_id, .. })
            | Write::Plan(PlanWrite { patient_id, .. }) => Some(patient_id.clone()),
            Write::Addendum(_)
            | Write::ConcernAck(_)
            | Write::FollowUpDone(_)
            | Write::GroupSession(_)
            | Write::Shift(_)
            | Write::ShiftEnd(_)
            | Write::ReportReceived(_)
            | Write::WorkLog(_) => None,
        })
        .chain(checked.iter().flatten().flat_map(|c| match &c.write {
            Write::GroupSession(g) => g.attendees.iter().map(|a| a.patient_id.clone()).collect::<Vec<_>>(),
            _ => Vec::new(),
        }))
        .collect();
    patient_ids.sort();
    patient_ids.dedup();
    let patients = store.patient_places(&patient_ids).await?;
    // What is known of the goals this batch adds to: stored, then accepted here.
    let mut goals = plan_goals(store, &checked).await?;
    let mut outcomes = Vec::with_capacity(checked.len());
    // The ops to store, and where each sits in the request.
    let (mut indices, mut accepted): (Vec<usize>, Vec<AcceptedOp>) = (Vec::new(), Vec::new());

    for (index, result) in checked.iter().enumerate() {
        let op = match result {
            Ok(op) => op,
            Err(reason) => {
                outcomes.push(Outcome::Rejected(reason.clone()));
                continue;
            }
        };
        let body = serde_json::to_string(&op.op).unwrap_or_default();
        let earlier = batch_ops.get(&op.op.id).or_else(|| stored_bodies.get(&op.op.id)).cloned();
        if let Some(earlier) = earlier {
            outcomes.push(if same_change(&earlier, &body) {
                Outcome::Duplicate
            } else {
                Outcome::Rejected(
                    "This op id was already used for a different change; an op id is never reused.".into(),
                )
            });
            continue;
        }
        let (place, action) = match &op.write {
            Write::Session(NewSession { patient_id, .. })
            | Write::Concern(NewConcern { patient_id, .. })
            | Write::FollowUp(NewFollowUp { patient_id, .. })
            | Write::PatientField(PatientFieldChange { patient_id, .. })
            | Write::Plan(PlanWrite { patient_id, .. }) => {
                let place = patients.get(patient_id).cloned();
                let action = match op.write {
                    Write::PatientField(_) => Action::UpdatePatientDetails,
                    _ => Action::WritePatientRecord,
                };
                (place, action)
            }
            Write::Addendum(NewAddendum { session_id, .. }) => {
                match made_here(&batch_records, session_id, "session") {
                    Some(place) => (Some(place), Action::WritePatientRecord),
                    None => (store.session_place(session_id).await?, Action::WritePatientRecord),
                }
            }
            // Judged where the concern was raised: that ward's nurse in
            // charge answers it, wherever the patient is now.
            Write::ConcernAck(NewConcernAck { concern_id, .. }) => {
                match made_here(&batch_records, concern_id, "concern") {
                    Some(place) => (Some(place), Action::AcknowledgeConcern),
                    None => (store.concern_place(concern_id).await?, Action::AcknowledgeConcern),
                }
            }
            Write::GroupSession(group) => match group_place(store, user, op, group, &patients, now_ms).await?
            {
                Ok(place) => (Some(place), Action::WritePatientRecord),
                Err(reason) => {
                    outcomes.push(Outcome::Rejected(reason));
                    continue;
                }
            },
            Write::FollowUpDone(NewFollowUpDone { follow_up_id, .. }) => {
                match made_here(&batch_records, follow_up_id, "follow_up") {
                    Some(place) => (Some(place), Action::WritePatientRecord),
                    None => (store.follow_up_place(follow_up_id).await?, Action::WritePatientRecord),
                }
            }
            Write::WorkLog(log) => (store.ward_place(&log.ward_id).await?, Action::LogWork),
            Write::Shift(_) | Write::ShiftEnd(_) | Write::ReportReceived(_) => {
                let made = |id: &str, entity: &str| made_here(&batch_records, id, entity);
                match shifts.place(store, user, &op.write, made).await? {
                    Ok(found) => found,
                    Err(reason) => {
                        outcomes.push(Outcome::Rejected(reason));
                        continue;
                    }
                }
            }
        };
        let Some(place) = place else {
            outcomes.push(Outcome::Rejected(match &op.write {
                Write::Addendum(_) => "There is no saved session with this id to add to.".into(),
                Write::ConcernAck(_) => "There is no saved concern with this id to acknowledge.".into(),
                Write::FollowUpDone(_) => "There is no saved follow-up with this id to mark done.".into(),
                Write::Shift(_) => "There is no ward with this id to check in to.".into(),
                Write::ShiftEnd(_) => "There is no saved shift with this id to check out of.".into(),
                Write::ReportReceived(_) => "There is no shift report with this id.".into(),
                Write::WorkLog(_) => "There is no ward with this id to file the log under.".into(),
                _ => "There is no patient with this id on a ward. They may have been discharged.".into(),
            }));
            continue;
        };
        if handed_to.is_some_and(|patient| {
            place.patient_id.as_deref() != Some(patient) || !matches!(op.write, Write::Plan(_))
        }) {
            outcomes.push(Outcome::Rejected(
                "This tablet is handed to a patient for their plan, so only changes to their plan are taken from it. Nothing was changed.".into(),
            ));
            continue;
        }
        let at = Place { ward_id: &place.ward_id, site_id: &place.site_id };
        let place = match decide(user.role, reach, action, Some(at)) {
            Decision::Allowed => place,
            Decision::Denied(reason) => {
                // A shift is judged by the wards the author has now.
                let then = match &place.patient_id {
                    Some(patient) => allowed_when_written(store, user, op, action, patient, now_ms).await?,
                    None => None,
                };
                // A group was written on its own ward or not at all; an
                // acknowledgement is judged on the concern's ward, never
                // where the patient was at a time the phone chose.
                let then = then.filter(|then| match &op.write {
                    Write::GroupSession(group) => then.ward_id == group.ward_id,
                    Write::ConcernAck(_) => then.ward_id == place.ward_id,
                    _ => true,
                });
                match then {
                    Some(then) => then,
                    None => {
                        outcomes.push(Outcome::Rejected(shift_reason(&op.write, reason).to_owned()));
                        continue;
                    }
                }
            }
        };
        // A concern is acknowledged once: a second one (another nurse's
        // phone, say) is refused, saying who got there first.
        if let Write::ConcernAck(NewConcernAck { concern_id, .. }) = &op.write {
            let refusal = if acked_in_batch.contains(concern_id) {
                Some("This concern is acknowledged earlier in this request. Nothing was changed.".to_owned())
            } else {
                store.first_ack(concern_id).await?.map(|(name, hlc)| already_acknowledged(&name, &hlc))
            };
            if let Some(reason) = refusal {
                outcomes.push(Outcome::Rejected(reason));
                continue;
            }
        }
        if let Write::Plan(write) = &op.write {
            if let Err(reason) = goals.judge(write, op) {
                outcomes.push(Outcome::Rejected(reason));
                continue;
            }
        }
        let creates = op.op.action == "create";
        if creates
            && (batch_records.contains_key(&op.op.entity_id) || saved_records.contains(&op.op.entity_id))
        {
            outcomes.push(Outcome::Rejected(format!(
                "A {} with this id is already saved, and a saved record is never replaced.",
                op.op.entity
            )));
            continue;
        }
        batch_ops.insert(op.op.id.clone(), body.clone());
        if let Write::ConcernAck(NewConcernAck { concern_id, .. }) = &op.write {
            acked_in_batch.insert(concern_id.clone());
        }
        if let Write::Plan(_) = &op.write {
            goals.accepted(op, &user.display_name);
        }
        shifts.accepted(op);
        if creates {
            batch_records.insert(op.op.entity_id.clone(), (op.op.entity.clone(), place.clone()));
        }
        outcomes.push(Outcome::Applied);
        let audit = AuditEvent::new(AuditAction::WroteRecord, &user.username).by(&user.staff_id);
        let audit = match &place.patient_id {
            Some(patient) => audit.about_patient(patient, Some(&place.ward_id)),
            None => audit.about_ward(&place.ward_id),
        };
        let audit = audit
            .with_detail(&format!("{} {} {}", op.op.action, op.op.entity, op.op.entity_id))
            .from_device(&client.device, &client.address);
        indices.push(index);
        accepted.push(AcceptedOp { checked: op.clone(), body, place, audit });
    }

    let stored = store.store_ops(&user.staff_id, &request.device_id, accepted).await?;
    for (index, new) in indices.into_iter().zip(stored) {
        if !new {
            outcomes[index] = Outcome::Duplicate;
        }
    }
    Ok(outcomes)
}
