//! Where a shift op lands and whether it may: a check-in on its ward, a
//! check-out against its shift (stored, or earlier in the batch), a receipt
//! against its report, each once.

use crate::store::{Store, StoreError, StoredShift, WritePlace};
use app::domain::access::{Action, NOT_YOUR_WARDS};
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

/// The place and the action to judge it by, or why the op is refused.
type Found = Result<(Option<WritePlace>, Action), String>;

impl ShiftsInBatch {
    /// Where a shift op lands (`None` when what it names does not exist),
    /// and the action the access rule judges. `made_here(id, entity)` is
    /// the place of a record made earlier in the batch.
    pub(super) async fn place(
        &self,
        store: &Store,
        user: &SignedIn,
        write: &Write,
        made_here: impl Fn(&str, &str) -> Option<WritePlace>,
    ) -> Result<Found, StoreError> {
        Ok(match write {
            Write::Shift(shift) => Ok((store.ward_place(&shift.ward_id).await?, Action::WorkShift)),
            Write::ShiftEnd(end) => {
                let shift = match (self.started.get(&end.shift_id), made_here(&end.shift_id, "shift")) {
                    (Some(started_at), Some(place)) => Some(StoredShift {
                        author_id: user.staff_id.clone(),
                        started_at: *started_at,
                        place,
                        ended: None,
                    }),
                    _ => store.stored_shift(&end.shift_id).await?,
                };
                match shift {
                    None => Ok((None, Action::WorkShift)),
                    Some(shift) => {
                        let earlier =
                            self.ended.get(&end.shift_id).map(|&at| Ended { at, automatically: false });
                        let ended = shift.ended.or(earlier);
                        judge_shift_end(end, &shift.author_id, shift.started_at, ended, &user.staff_id)
                            .map(|()| (Some(shift.place), Action::WorkShift))
                    }
                }
            }
            Write::ReportReceived(receipt) => {
                let id = receipt.report_id.as_str();
                let report = match made_here(id, "shift").or_else(|| made_here(id, "shift_end")) {
                    Some(place) => Some((place, false)),
                    None => store.shift_report(id).await?,
                };
                match report {
                    Some((_, true)) => {
                        Err("This shift report is already marked received. Nothing was changed.".into())
                    }
                    _ if self.received.contains(id) => Err(
                        "This shift report is marked received earlier in this request. Nothing was changed."
                            .into(),
                    ),
                    Some((place, false)) => Ok((Some(place), Action::ReceiveShiftReport)),
                    None => Ok((None, Action::ReceiveShiftReport)),
                }
            }
            _ => Ok((None, Action::WorkShift)),
        })
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

/// The access rule speaks of patients; a shift is about a ward.
pub(super) fn shift_reason(write: &Write, reason: &'static str) -> &'static str {
    match write {
        Write::Shift(_) | Write::ShiftEnd(_) if reason == NOT_YOUR_WARDS => {
            "You can check in only to a ward you work on today (your own, or one you are deployed to)."
        }
        Write::WorkLog(_) if reason == NOT_YOUR_WARDS => {
            "A log is filed under a ward you work on today (your own, or one you are deployed to)."
        }
        Write::ReportReceived(_) if reason == NOT_YOUR_WARDS => {
            "This shift report is for the nurse in charge of another ward."
        }
        _ => reason,
    }
}
