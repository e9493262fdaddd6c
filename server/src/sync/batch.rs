//! What a request has accepted so far, so that its later ops build on its
//! earlier ones: an addendum on a session made a moment before, a check-out
//! of a shift checked in to, a step under a new goal.

use super::places::PlanGoals;
use super::shifts::ShiftsInBatch;
use crate::store::WritePlace;
use app::domain::plan::PlanEntry;
use app::domain::sync::{CheckedOp, Write};
use std::collections::{HashMap, HashSet};

pub(super) struct Batch {
    /// Op ids accepted, with their bodies.
    ops: HashMap<String, String>,
    /// Records made, with their kind and place.
    records: HashMap<String, (String, WritePlace)>,
    /// Concerns acknowledged.
    acked: HashSet<String>,
    pub(super) shifts: ShiftsInBatch,
    /// The goals the request adds to: stored, then accepted here.
    pub(super) goals: PlanGoals,
}

impl Batch {
    /// An empty batch, adding to goals whose stored entries are `goal_entries`.
    pub(super) fn new(goal_entries: Vec<PlanEntry>) -> Batch {
        Batch {
            ops: HashMap::new(),
            records: HashMap::new(),
            acked: HashSet::new(),
            shifts: ShiftsInBatch::default(),
            goals: PlanGoals::new(goal_entries),
        }
    }

    /// The body of an op accepted earlier in the request.
    pub(super) fn body_of(&self, op_id: &str) -> Option<&String> {
        self.ops.get(op_id)
    }

    /// Where a record of `entity` made earlier in the request was placed.
    pub(super) fn made(&self, id: &str, entity: &str) -> Option<WritePlace> {
        self.records.get(id).filter(|(kind, _)| kind == entity).map(|(_, place)| place.clone())
    }

    /// Whether a record with this id is made here or `saved` already.
    pub(super) fn holds_record(&self, id: &str, saved: &HashSet<String>) -> bool {
        self.records.contains_key(id) || saved.contains(id)
    }

    pub(super) fn acked(&self, concern_id: &str) -> bool {
        self.acked.contains(concern_id)
    }

    /// Counts `op` as accepted, placed at `place`.
    pub(super) fn accept(&mut self, op: &CheckedOp, body: &str, place: &WritePlace, author_name: &str) {
        self.ops.insert(op.op.id.clone(), body.to_owned());
        match &op.write {
            Write::ConcernAck(ack) => {
                self.acked.insert(ack.concern_id.clone());
            }
            Write::Plan(_) => self.goals.accepted(op, author_name),
            _ => {}
        }
        self.shifts.accepted(op);
        if op.op.action == "create" {
            self.records.insert(op.op.entity_id.clone(), (op.op.entity.clone(), place.clone()));
        }
    }
}
