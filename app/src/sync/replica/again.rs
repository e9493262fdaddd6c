//! Sending a refused record again once what stopped it may have passed (the
//! phone's clock put right, the person's wards given back): a new op for
//! the same record, so the record is never duplicated.

use super::{Author, Kv, NewIds, Replica, SaveError, OUTBOX_PREFIX};
use crate::domain::instant::{parse_rfc3339, rfc3339_seconds};
use crate::domain::sync::hlc::MAX_AHEAD_MS;
use crate::domain::sync::Hlc;
use crate::sync::kept::{Kept, KeptState};
use serde_json::Value;

const MINUTE_MS: u64 = 60_000;

impl<K: Kv> Replica<K> {
    /// When the server refused `kept` and its stamp was further ahead of the
    /// server's time just heard than the server allows: how far this
    /// phone's clock ran ahead, to the nearest minute (0 otherwise). The
    /// clock may still be fast (the phone's time against the server's), or
    /// put right since the record was written (then at least how far its
    /// stamp is ahead of the server).
    pub(super) fn clock_fast_ms(&self, kept: &Kept, now_ms: u64) -> u64 {
        let heard = self.clock.heard_ms();
        let stamped = Hlc::parse(&kept.op.hlc).map_or(0, |hlc| hlc.ms);
        if heard == 0 || stamped <= heard.saturating_add(MAX_AHEAD_MS) {
            return 0;
        }
        let fast = now_ms.max(stamped) - heard;
        (fast + MINUTE_MS / 2) / MINUTE_MS * MINUTE_MS
    }

    /// Sends `op_id`, one of this person's refused records, again: the same
    /// record under a new op id and a new stamp, its times moved back by as
    /// much as the phone's clock was fast, checked as a new record is. The
    /// refused copy goes only once the new one is kept. An `Err` says why it
    /// still cannot go, and changes nothing.
    pub fn send_again(
        &mut self,
        author: &Author,
        op_id: &str,
        new_op_id: String,
        now_ms: u64,
    ) -> Result<Kept, SaveError> {
        let key = format!("{OUTBOX_PREFIX}{op_id}");
        let Some(old) = self.records.get(&key).filter(|k| k.author == author.staff_id).cloned() else {
            return Err(SaveError::Invalid("This record is no longer on this phone.".into()));
        };
        let KeptState::Rejected { clock_fast_ms, .. } = old.state else {
            return Err(SaveError::Invalid("This record is already on its way to the server.".into()));
        };
        let payload = moved_back(&old.op.payload, clock_fast_ms);
        let ids = NewIds { op_id: new_op_id, entity_id: old.op.entity_id.clone() };
        let again = self.record_change(author, &old.op.entity, &old.op.action, payload, ids, now_ms)?;
        self.remove(&key);
        Ok(again)
    }
}

/// `payload` with every time in it (a text field named `…_at` holding an
/// RFC 3339 time) moved `by_ms` earlier.
pub fn moved_back(payload: &Value, by_ms: u64) -> Value {
    let mut moved = payload.clone();
    let (Some(fields), Ok(by)) = (moved.as_object_mut(), i64::try_from(by_ms)) else { return moved };
    if by == 0 {
        return moved;
    }
    for (_, value) in fields.iter_mut().filter(|(name, _)| name.ends_with("_at")) {
        let at = value.as_str().and_then(parse_rfc3339);
        if let Some(at) = at.and_then(|at| at.checked_sub_signed(chrono::Duration::milliseconds(by))) {
            *value = Value::String(rfc3339_seconds(at));
        }
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::moved_back;
    use serde_json::json;

    #[test]
    fn only_the_times_move_back() {
        let payload = json!({ "started_at": "2026-12-05T17:30:00Z", "note": "2026-12-05T17:30:00Z",
                              "ended_at": "not a time", "duration_min": 20 });
        let moved = moved_back(&payload, 3 * 60 * 60 * 1000);
        assert_eq!(moved["started_at"], "2026-12-05T14:30:00Z");
        assert_eq!(moved["note"], payload["note"], "text that looks like a time is text");
        assert_eq!(moved["ended_at"], "not a time");
        assert_eq!(moved["duration_min"], 20);
        assert_eq!(moved_back(&payload, 0), payload);
    }
}
