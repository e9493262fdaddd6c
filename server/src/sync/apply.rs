//! Applying one request's ops, a short pipeline: each op is checked
//! (`check_op`), what the store knows is read once for them all
//! ([`Known`]), then each in turn is deduped, placed, judged by the one
//! access rule and its kind's own rules, and accepted into the batch so
//! later ops see it; the accepted are stored together with their audit rows.

use super::batch::Batch;
use super::known::Known;
use super::places::{allowed_when_written, already_acknowledged, group_place};
use super::Outcome;
use crate::auth::Client;
use crate::store::{AcceptedOp, AuditAction, AuditEvent, Store, StoreError, WritePlace};
use app::domain::access::{decide, Action, Decision, Place, Reach};
use app::domain::concern::NewConcernAck;
use app::domain::sync::fields::as_stored;
use app::domain::sync::{check_op, same_change, CheckedOp, Lands, SyncRequest, Write};
use app::domain::SignedIn;

/// What an op is judged in: who sends it, from where, and what is known.
pub(super) struct Judge<'a> {
    pub store: &'a Store,
    pub user: &'a SignedIn,
    pub reach: &'a Reach,
    /// The patient a tablet is handed to, if it is.
    pub handed_to: Option<&'a str>,
    pub now_ms: u64,
    pub known: &'a Known,
}

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
    let valid: Vec<&CheckedOp> = checked.iter().flatten().collect();
    let mut known = Known::gather(store, &valid).await?;
    let mut batch = Batch::new(std::mem::take(&mut known.goal_entries));
    let judge = Judge { store, user, reach, handed_to, now_ms, known: &known };
    let mut outcomes = Vec::with_capacity(checked.len());
    // The ops to store, and where each sits in the request.
    let (mut indices, mut accepted) = (Vec::new(), Vec::new());
    for (index, result) in checked.into_iter().enumerate() {
        let op = match result {
            Ok(op) => op,
            Err(reason) => {
                outcomes.push(Outcome::Rejected(reason));
                continue;
            }
        };
        let body = serde_json::to_string(&op.op).unwrap_or_default();
        match judge.op(&op, &body, &batch).await? {
            Ok(place) => {
                batch.accept(&op, &body, &place, &user.display_name);
                outcomes.push(Outcome::Applied);
                indices.push(index);
                let audit = audit_of(&op, &place, user, client);
                accepted.push(AcceptedOp { checked: op, body, place, audit });
            }
            Err(outcome) => outcomes.push(outcome),
        }
    }
    let stored = store.store_ops(&user.staff_id, &request.device_id, accepted).await?;
    for (index, new) in indices.into_iter().zip(stored) {
        if !new {
            outcomes[index] = Outcome::Duplicate;
        }
    }
    Ok(outcomes)
}

/// The audit row of an accepted op.
fn audit_of(op: &CheckedOp, place: &WritePlace, user: &SignedIn, client: &Client) -> AuditEvent {
    let audit = AuditEvent::new(AuditAction::WroteRecord, &user.username).by(&user.staff_id);
    let audit = match &place.patient_id {
        Some(patient) => audit.about_patient(patient, Some(&place.ward_id)),
        None => audit.about_ward(&place.ward_id),
    };
    audit
        .with_detail(&format!("{} {} {}", op.op.action, op.op.entity, op.op.entity_id))
        .from_device(&client.device, &client.address)
}

impl Judge<'_> {
    /// Where `op` lands, if it may be stored; otherwise what it is told.
    pub(super) async fn op(
        &self,
        op: &CheckedOp,
        body: &str,
        batch: &Batch,
    ) -> Result<Result<WritePlace, Outcome>, StoreError> {
        if let Some(seen) = self.seen_before(op, body, batch) {
            return Ok(Err(seen));
        }
        let refused = |reason: String| Ok(Err(Outcome::Rejected(reason)));
        let (place, action) = match self.place(op, batch).await? {
            Ok(found) => found,
            Err(reason) => return refused(reason),
        };
        if self.handed_to.is_some_and(|patient| {
            place.patient_id.as_deref() != Some(patient) || !matches!(op.write, Write::Plan(_))
        }) {
            return refused("This tablet is handed to a patient for their plan, so only changes to their plan are taken from it. Nothing was changed.".into());
        }
        let place = match self.access(op, place, action).await? {
            Ok(place) => place,
            Err(reason) => return refused(reason),
        };
        if let Err(reason) = self.kind_rules(op, batch) {
            return refused(reason);
        }
        if op.op.action == "create" && batch.holds_record(&op.op.entity_id, &self.known.saved) {
            return refused(format!(
                "A {} with this id is already saved, and a saved record is never replaced.",
                op.op.entity
            ));
        }
        Ok(Ok(place))
    }

    /// A duplicate when this op id was stored (or accepted earlier in the
    /// request) for the same change; a refusal when for another.
    fn seen_before(&self, op: &CheckedOp, body: &str, batch: &Batch) -> Option<Outcome> {
        let earlier = batch.body_of(&op.op.id).or_else(|| self.known.bodies.get(&op.op.id))?;
        Some(if same_change(earlier, body) {
            Outcome::Duplicate
        } else {
            Outcome::Rejected(
                "This op id was already used for a different change; an op id is never reused.".into(),
            )
        })
    }

    /// Where the op lands and what its author is judged by there.
    async fn place(
        &self,
        op: &CheckedOp,
        batch: &Batch,
    ) -> Result<Result<(WritePlace, Action), String>, StoreError> {
        let kind = op.write.kind();
        let known = self.known;
        let place = match kind.lands() {
            Lands::OnPatient(id) => known.patients.get(id).cloned(),
            Lands::OnWard(id) => known.wards.get(id).cloned(),
            Lands::Under { parent, id } => batch
                .made(id, parent.entity())
                .or_else(|| known.parents.get(&(parent, id.to_owned())).cloned()),
            Lands::ByItsOwnRules => {
                let found = match &op.write {
                    Write::GroupSession(group) => group_place(self, op, group).await?,
                    write => batch.shifts.place(self.user, write, known, |id, entity| batch.made(id, entity)),
                };
                return Ok(found.map(|place| (place, kind.action())));
            }
        };
        Ok(place.map(|place| (place, kind.action())).ok_or_else(|| kind.not_found().to_owned()))
    }

    /// The place, when the author may write there now, or could when they
    /// wrote it (offline, before a move or the end of a shift).
    async fn access(
        &self,
        op: &CheckedOp,
        place: WritePlace,
        action: Action,
    ) -> Result<Result<WritePlace, String>, StoreError> {
        let at = Place { ward_id: &place.ward_id, site_id: &place.site_id };
        let reason = match decide(self.user.role, self.reach, action, Some(at)) {
            Decision::Allowed => return Ok(Ok(place)),
            Decision::Denied(reason) => reason,
        };
        // A shift is judged by the wards the author has now.
        let then = match &place.patient_id {
            Some(patient) => allowed_when_written(self, op, action, patient).await?,
            None => None,
        };
        // A group was written on its own ward or not at all; an
        // acknowledgement is judged on the concern's ward, never where the
        // patient was at a time the phone chose.
        let then = then.filter(|then| match &op.write {
            Write::GroupSession(group) => then.ward_id == group.ward_id,
            Write::ConcernAck(_) => then.ward_id == place.ward_id,
            _ => true,
        });
        Ok(then.ok_or_else(|| op.write.kind().denied(reason).to_owned()))
    }

    /// What a kind asks beyond its place: a concern is acknowledged once
    /// (a second, from another nurse's phone, is told who got there first);
    /// a plan's goal takes only what fits it.
    fn kind_rules(&self, op: &CheckedOp, batch: &Batch) -> Result<(), String> {
        match &op.write {
            Write::ConcernAck(NewConcernAck { concern_id, .. }) => {
                if batch.acked(concern_id) {
                    return Err(
                        "This concern is acknowledged earlier in this request. Nothing was changed.".into()
                    );
                }
                match self.known.first_acks.get(concern_id) {
                    Some((name, hlc)) => Err(already_acknowledged(name, hlc)),
                    None => Ok(()),
                }
            }
            Write::Plan(write) => batch.goals.judge(write, op),
            _ => Ok(()),
        }
    }
}
