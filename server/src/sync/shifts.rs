//! Where a shift op lands and whether it may: a check-in on its ward, a
//! check-out against its shift (stored, or earlier in the batch), a receipt
//! against its report, each once.

use super::known::Known;
use crate::store::{StoredShift, WritePlace};
use app::domain::shift::{judge_shift_end, Ended};
use app::domain::sync::{CheckedOp, Write};
use app::domain::SignedIn;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};

/// What a batch has accepted so far: shifts started (and when), shifts
/// ended, reports received.
#[derive(Default)]
pub(super) struct ShiftsInBatch {
    started: HashMap<String, DateTime<Utc>>,
    ended: HashMap<String, DateTime<Utc>>,
    received: HashSet<String>,
}

impl ShiftsInBatch {
    /// Where a check-out or a receipt lands, or why it is refused.
    /// `made_here(id, entity)` is the place of a record made earlier in the
    /// batch.
    pub(super) fn place(
        &self,
        user: &SignedIn,
        write: &Write,
        known: &Known,
        made_here: impl Fn(&str, &str) -> Option<WritePlace>,
    ) -> Result<WritePlace, String> {
        match write {
            Write::ShiftEnd(end) => {
                let shift = match (self.started.get(&end.shift_id), made_here(&end.shift_id, "shift")) {
                    (Some(started_at), Some(place)) => Some(StoredShift {
                        author_id: user.staff_id.clone(),
                        started_at: *started_at,
                        place,
                        ended: None,
                    }),
                    _ => known.shifts.get(&end.shift_id).cloned(),
                };
                let shift = shift.ok_or_else(|| write.kind().not_found().to_owned())?;
                let earlier = self.ended.get(&end.shift_id).map(|&at| Ended { at, automatically: false });
                let ended = shift.ended.or(earlier);
                judge_shift_end(end, &shift.author_id, shift.started_at, ended, &user.staff_id)?;
                Ok(shift.place)
            }
            Write::ReportReceived(receipt) => {
                let id = receipt.report_id.as_str();
                let report = match made_here(id, "shift").or_else(|| made_here(id, "shift_end")) {
                    Some(place) => Some((place, false)),
                    None => known.reports.get(id).cloned(),
                };
                match report {
                    Some((_, true)) => {
                        Err("This shift report is already marked received. Nothing was changed.".into())
                    }
                    _ if self.received.contains(id) => Err(
                        "This shift report is marked received earlier in this request. Nothing was changed."
                            .into(),
                    ),
                    Some((place, false)) => Ok(place),
                    None => Err(write.kind().not_found().to_owned()),
                }
            }
            _ => Err(write.kind().not_found().to_owned()),
        }
    }

    /// Notes an accepted op, so later ops in the batch see it.
    pub(super) fn accepted(&mut self, op: &CheckedOp) {
        match &op.write {
            Write::Shift(shift) => {
                self.started.insert(op.op.entity_id.clone(), shift.started_at);
            }
            Write::ShiftEnd(end) => {
                self.ended.insert(end.shift_id.clone(), end.ended_at);
            }
            Write::ReportReceived(receipt) => {
                self.received.insert(receipt.report_id.clone());
            }
            _ => {}
        }
    }
}
