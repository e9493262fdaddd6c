//! The replica's side of one exchange with the server: [`Replica::plan`]
//! says what to send, [`Replica::digest`] takes in the answer.

use super::{Kv, Replica, BATCH, BATCH_BYTES, CLOCK_KEY, CURSOR_PREFIX, OUTBOX_PREFIX, SAVED_PREFIX};
use crate::domain::sync::{Hlc, OpStatus, SyncAnswer, SyncBody};
use crate::sync::kept::{Kept, KeptState};
use serde_json::Value;

/// One request to send: its JSON body and the ops it carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub body: String,
    pub op_ids: Vec<String>,
    /// Unsent ops were left for the next request (by count or by size).
    pub cut: bool,
}

/// What an answer changed on the device.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Digest {
    pub confirmed: usize,
    pub rejected: usize,
    pub pulled: usize,
    /// Send again at once: the server has more changes, or the outbox more ops.
    pub again: bool,
    /// Patients this person no longer reaches (moved to a ward outside
    /// theirs), whose records the device has forgotten.
    pub forgotten: Vec<String>,
}

impl<K: Kv> Replica<K> {
    fn cursor_key(staff_id: &str) -> String {
        format!("{CURSOR_PREFIX}{staff_id}")
    }

    /// The next request: the oldest unsent ops (at most [`BATCH`], and at
    /// most [`BATCH_BYTES`] of them, though always one) and the cursor of
    /// what this person has already pulled.
    pub fn plan(&self, staff_id: &str) -> Plan {
        let mut ops: Vec<&Kept> = Vec::new();
        let (mut bytes, mut cut) = (0, false);
        for kept in self.outbox_of(staff_id).into_iter().filter(|k| k.is_unsent()) {
            // Its text in the request, and the comma after it.
            let size = serde_json::to_string(&kept.sent()).map_or(0, |text| text.len()) + 1;
            if ops.len() == BATCH || (!ops.is_empty() && bytes + size > BATCH_BYTES) {
                cut = true;
                break;
            }
            bytes += size;
            ops.push(kept);
        }
        let cursor = self.kv.get(&Self::cursor_key(staff_id));
        let body = SyncBody {
            device_id: &self.device_id,
            cursor: cursor.as_deref(),
            ops: ops.iter().map(|k| k.sent()).collect(),
        };
        Plan {
            body: serde_json::to_string(&body).unwrap_or_default(),
            op_ids: ops.into_iter().map(|k| k.op.id.clone()).collect(),
            cut,
        }
    }

    /// Takes in the server's answer to `plan`: confirmed ops leave the
    /// outbox, refused ones stay with the reason, others' changes are kept.
    pub fn digest(&mut self, staff_id: &str, plan: &Plan, answer: SyncAnswer, now_ms: u64) -> Digest {
        let mut digest = Digest::default();
        for result in answer.results.iter().filter(|r| plan.op_ids.contains(&r.id)) {
            let key = format!("{OUTBOX_PREFIX}{}", result.id);
            let Some(mut kept) = self.records.get(&key).cloned() else { continue };
            match result.status {
                OpStatus::Applied | OpStatus::Duplicate => {
                    kept.state = KeptState::Saved;
                    // Safe on the server now: a copy here is only for reading.
                    let _ = self.put(&format!("{SAVED_PREFIX}{}", result.id), kept);
                    self.remove(&key);
                    digest.confirmed += 1;
                }
                OpStatus::Rejected => {
                    let reason =
                        result.reason.clone().unwrap_or_else(|| "The server refused this record.".into());
                    kept.state =
                        KeptState::Rejected { reason, clock_fast_ms: self.clock_fast_ms(&kept, now_ms) };
                    let _ = self.put(&key, kept);
                    digest.rejected += 1;
                }
            }
        }
        for change in answer.changes {
            if let Ok(hlc) = Hlc::parse(&change.op.hlc) {
                self.clock.observe(&hlc);
            }
            if change.op.entity == "patient" && change.op.action == "leave" {
                digest.forgotten.push(change.op.entity_id);
                continue;
            }
            let kept = Kept {
                op: change.op,
                author: change.author,
                author_name: change.author_name,
                state: KeptState::Saved,
                kept_ms: now_ms,
                earlier: Value::Null,
            };
            // Full storage only costs the offline copy: the server has it.
            if self.put(&format!("{SAVED_PREFIX}{}", kept.op.id), kept).is_ok() {
                digest.pulled += 1;
            }
        }
        for patient_id in &digest.forgotten {
            self.forget_patient(patient_id);
        }
        // Never behind what another tab of this phone stored meanwhile.
        self.observe_stored_clock();
        if let Some(last) = self.clock.last() {
            let _ = self.kv.set(CLOCK_KEY, &last.to_string());
        }
        let _ = self.kv.set(&Self::cursor_key(staff_id), &answer.cursor);
        digest.again = answer.more || (plan.cut && self.unsent_count(staff_id) > 0);
        digest
    }
}
