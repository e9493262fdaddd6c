//! What the replica clears: records about a patient the person no longer
//! reaches, saved copies past the retention window, and refused records
//! their author has dealt with.

use super::{Kv, Replica, DAY_MS, OUTBOX_PREFIX, SAVED_PREFIX};
use crate::domain::sync::Hlc;
use crate::sync::kept::{Kept, KeptState};

impl<K: Kv> Replica<K> {
    /// Forgets what the server sent about a patient this person no longer
    /// reaches: their sessions and concerns, the addenda and acknowledgements
    /// under those, and changes to the patient. This person's own unsent or refused records stay: they still
    /// go to the server, which judges them by when they were written.
    pub(super) fn forget_patient(&mut self, patient_id: &str) -> usize {
        let saved: Vec<(&String, &Kept)> = self.under(SAVED_PREFIX).collect();
        let sessions: Vec<&str> = saved
            .iter()
            .filter(|(_, k)| k.op.entity == "session" && k.field("patient_id") == patient_id)
            .map(|(_, k)| k.op.entity_id.as_str())
            .collect();
        let concerns: Vec<&str> = saved
            .iter()
            .filter(|(_, k)| k.op.entity == "concern" && k.field("patient_id") == patient_id)
            .map(|(_, k)| k.op.entity_id.as_str())
            .collect();
        let follow_ups: Vec<&str> = saved
            .iter()
            .filter(|(_, k)| k.op.entity == "follow_up" && k.field("patient_id") == patient_id)
            .map(|(_, k)| k.op.entity_id.as_str())
            .collect();
        let about = |k: &Kept| match k.op.entity.as_str() {
            "session" | "concern" | "follow_up" => k.field("patient_id") == patient_id,
            "follow_up_done" => follow_ups.contains(&k.field("follow_up_id")),
            "addendum" => sessions.contains(&k.field("session_id")),
            "concern_ack" => concerns.contains(&k.field("concern_id")),
            "patient" => k.op.entity_id == patient_id,
            _ => false,
        };
        let gone: Vec<String> =
            saved.iter().filter(|(_, k)| about(k)).map(|(key, _)| (*key).clone()).collect();
        for key in &gone {
            self.remove(key);
        }
        gone.len()
    }

    /// Clears records the server has that were written more than
    /// `retention_days` ago; the outbox is never pruned.
    pub fn prune(&mut self, now_ms: u64, retention_days: u32) -> usize {
        let cutoff = now_ms.saturating_sub(u64::from(retention_days) * DAY_MS);
        let aged = self
            .under(SAVED_PREFIX)
            .filter(|(_, kept)| Hlc::parse(&kept.op.hlc).ok().is_none_or(|hlc| hlc.ms < cutoff))
            .map(|(k, _)| k.clone());
        // A saved copy this release cannot read goes too: the server has it.
        let unreadable =
            self.kv.keys_under(SAVED_PREFIX).into_iter().filter(|k| !self.records.contains_key(k));
        let old: Vec<String> = aged.chain(unreadable).collect();
        for key in &old {
            self.remove(key);
        }
        old.len()
    }

    /// Removes a record the server refused, once its author has read why
    /// (and copied what they need). Anything else stays.
    pub fn discard_refused(&mut self, staff_id: &str, op_id: &str) -> bool {
        let key = format!("{OUTBOX_PREFIX}{op_id}");
        let refused = self
            .records
            .get(&key)
            .is_some_and(|k| k.author == staff_id && matches!(k.state, KeptState::Rejected { .. }));
        if refused {
            self.remove(&key);
        }
        refused
    }
}
