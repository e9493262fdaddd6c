//! What the store knows that a request's ops are judged against, read once
//! for the whole request before any op is judged: the ops and records
//! already saved, where the patients, wards and records the ops name are,
//! who acknowledged the concerns they answer, the shifts and reports they
//! check out of or receive, the colleagues a group names and the goals a
//! plan op adds to.

use crate::store::{Store, StoreError, StoredShift, WritePlace};
use app::domain::plan::{PlanEntry, PlanWrite};
use app::domain::sync::{CheckedOp, Lands, Parent, Write};
use std::collections::{HashMap, HashSet};

#[derive(Default)]
pub(super) struct Known {
    /// Stored ops by id: their bodies, to tell a replay from a reused id.
    pub bodies: HashMap<String, String>,
    /// Ids of saved records among those the ops create.
    pub saved: HashSet<String>,
    /// Patients on a ward now, where they are.
    pub patients: HashMap<String, WritePlace>,
    /// Saved records ops add to, by entity and id, where they are.
    pub parents: HashMap<(Parent, String), WritePlace>,
    pub wards: HashMap<String, WritePlace>,
    /// Who first acknowledged a concern, and when (its clock stamp).
    pub first_acks: HashMap<String, (String, String)>,
    pub shifts: HashMap<String, StoredShift>,
    /// Shift reports, where they are and whether already received.
    pub reports: HashMap<String, (WritePlace, bool)>,
    /// Of the colleagues the groups name, those active.
    pub active_staff: HashSet<String>,
    /// The stored entries of the goals plan ops add to.
    pub goal_entries: Vec<PlanEntry>,
}

/// Each distinct id once, in order.
fn distinct<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen = HashSet::new();
    ids.filter(|id| seen.insert(*id)).map(str::to_owned).collect()
}

impl Known {
    pub(super) async fn gather(store: &Store, ops: &[&CheckedOp]) -> Result<Known, StoreError> {
        let ids: Vec<String> = ops.iter().map(|c| c.op.id.clone()).collect();
        let record_ids: Vec<String> = ops.iter().map(|c| c.op.entity_id.clone()).collect();
        let writes = || ops.iter().map(|c| &c.write);
        let patients = distinct(writes().flat_map(|w| match w {
            Write::GroupSession(g) => g.attendees.iter().map(|a| a.patient_id.as_str()).collect(),
            w => match w.kind().lands() {
                Lands::OnPatient(id) => vec![id],
                _ => Vec::new(),
            },
        }));
        let under = |kind: Parent| {
            distinct(writes().filter_map(move |w| match w.kind().lands() {
                Lands::Under { parent, id } if parent == kind => Some(id),
                _ => None,
            }))
        };
        let wards = distinct(writes().filter_map(|w| match (w.kind().lands(), w) {
            (Lands::OnWard(id), _) => Some(id),
            (_, Write::GroupSession(group)) => Some(group.ward_id.as_str()),
            _ => None,
        }));
        let colleagues = distinct(writes().flat_map(|w| match w {
            Write::GroupSession(g) => g.co_facilitators.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        }));
        let goals = distinct(writes().filter_map(|w| match w {
            Write::Plan(PlanWrite { goal_id: Some(goal), .. }) => Some(goal.as_str()),
            _ => None,
        }));
        let concerns = under(Parent::Concern);
        let mut parents = HashMap::new();
        for (parent, ids) in [
            (Parent::Session, under(Parent::Session)),
            (Parent::Concern, concerns.clone()),
            (Parent::FollowUp, under(Parent::FollowUp)),
        ] {
            let places = store.parent_places(parent, &ids).await?;
            parents.extend(places.into_iter().map(|(id, place)| ((parent, id), place)));
        }
        let mut known = Known {
            bodies: store.op_bodies(&ids).await?,
            saved: store.saved_record_ids(&record_ids).await?.into_iter().collect(),
            patients: store.patient_places(&patients).await?,
            parents,
            wards: store.ward_places(&wards).await?,
            first_acks: store.first_acks(&concerns).await?,
            active_staff: store.active_staff_ids(&colleagues).await?.into_iter().collect(),
            goal_entries: store.goal_entries(&goals).await?,
            ..Known::default()
        };
        for write in writes() {
            known.add_shift_named(store, write).await?;
        }
        Ok(known)
    }

    /// Reads the shift a check-out names or the report a receipt does
    /// (rare: one at a time), unless it is known already.
    async fn add_shift_named(&mut self, store: &Store, write: &Write) -> Result<(), StoreError> {
        match write {
            Write::ShiftEnd(end) if !self.shifts.contains_key(&end.shift_id) => {
                if let Some(shift) = store.stored_shift(&end.shift_id).await? {
                    self.shifts.insert(end.shift_id.clone(), shift);
                }
            }
            Write::ReportReceived(receipt) if !self.reports.contains_key(&receipt.report_id) => {
                if let Some(report) = store.shift_report(&receipt.report_id).await? {
                    self.reports.insert(receipt.report_id.clone(), report);
                }
            }
            _ => {}
        }
        Ok(())
    }
}
