//! Lays what the device holds over the concerns the server listed: those
//! raised on this phone and not yet sent (or refused), those pulled since
//! the page was drawn, and acknowledgements made or pulled since.

use super::kept::Kept;
use super::overlay::{lay_over, state, written_at, Family};
use crate::domain::concern::{sort_newest_first, AckView, ConcernView};

fn as_concern(kept: &Kept, patient_name: String) -> ConcernView {
    ConcernView {
        id: kept.op.entity_id.clone(),
        op_id: kept.op.id.clone(),
        patient_id: kept.field("patient_id").to_owned(),
        patient_name,
        category: kept.field("category").to_owned(),
        what_happened: kept.field("what_happened").trim().to_owned(),
        done_now: kept.field("done_now").trim().to_owned(),
        told: kept.field("told").trim().to_owned(),
        author_id: kept.author.clone(),
        author_name: kept.author_name.clone(),
        raised_at: written_at(kept),
        received_at: None,
        state: state(kept),
        acks: Vec::new(),
        raised_on: None,
    }
}

fn as_ack(kept: &Kept) -> AckView {
    AckView {
        id: kept.op.entity_id.clone(),
        op_id: kept.op.id.clone(),
        author_name: kept.author_name.clone(),
        at: written_at(kept),
        received_at: None,
        response: kept.field("response").trim().to_owned(),
        state: state(kept),
    }
}

/// The server's `listed` concerns with the device's records laid over them.
/// A concern only the device holds is added when `include` wants it (once
/// its acknowledgements are attached); `name_of` gives its patient's name.
/// The server's copy of a record wins over the device's.
pub fn concerns(
    listed: &[ConcernView],
    kept: &[Kept],
    include: impl Fn(&ConcernView) -> bool,
    name_of: impl Fn(&str) -> String,
) -> Vec<ConcernView> {
    let family = Family { entity: "concern", answer: "concern_ack", parent_field: "concern_id" };
    let make = |k: &Kept| as_concern(k, name_of(k.field("patient_id")));
    let attach = |concern: &mut ConcernView, k: &Kept| {
        if !concern.acks.iter().any(|a| a.id == k.op.entity_id) {
            concern.acks.push(as_ack(k));
        }
    };
    let mut all = lay_over(family, listed, kept, |c| c.id.as_str(), make, attach, include);
    sort_newest_first(&mut all);
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::timeline::RecordState;
    use crate::sync::KeptState;
    use serde_json::json;

    const CONCERN: &str = "0b9d6a3e-2f41-4c8a-9e7b-5d1c3a2f4e60";

    use crate::sync::kept::kept_for_test as kept;

    fn raised(id: &str, ms: u64, patient: &str, state: KeptState) -> Kept {
        let payload = json!({
            "patient_id": patient, "category": "risk_to_self",
            "what_happened": " Said she had been saving tablets. ", "done_now": "Stayed with her.",
        });
        kept("concern", id, ms, payload, state)
    }

    fn names(id: &str) -> String {
        format!("name of {id}")
    }

    #[test]
    fn a_concern_on_this_phone_only_shows_as_such_with_its_patients_name() {
        let held = [raised(CONCERN, 1_796_292_000_000, "patient-001", KeptState::Unsent)];
        let shown = concerns(&[], &held, |_| true, names);
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].state, RecordState::Unsent);
        assert_eq!(shown[0].patient_name, "name of patient-001");
        assert_eq!(shown[0].what_happened, "Said she had been saving tablets.");
        assert_eq!(shown[0].raised_at, "2026-12-03T10:00:00Z");
        assert_eq!(shown[0].waiting_minutes(1_796_292_000_000 + 3_600_000), None);
    }

    #[test]
    fn an_acknowledgement_lands_under_its_concern_once_and_include_sees_it() {
        let ack = json!({ "concern_id": CONCERN, "response": "Seen her, obs increased." });
        let held = [
            raised(CONCERN, 1_796_292_000_000, "patient-001", KeptState::Saved),
            kept("concern_ack", "ack-1", 1_796_292_060_000, ack, KeptState::Unsent),
        ];
        let shown = concerns(&[], &held, |_| true, names);
        assert_eq!(shown[0].acks.len(), 1);
        assert_eq!(shown[0].acks[0].response, "Seen her, obs increased.");
        assert_eq!(shown[0].acks[0].state, RecordState::Unsent);
        // A list of concerns still waiting leaves out one acknowledged here.
        assert!(concerns(&[], &held, |c| !c.is_acknowledged(), names).is_empty());
        // Laid over the server's copy, the ack is added once, the concern not again.
        let listed = concerns(&[], &held[..1], |_| true, names);
        let again = concerns(&listed, &held, |_| false, names);
        assert_eq!(again.len(), 1);
        assert_eq!(again[0].acks.len(), 1);
    }

    #[test]
    fn newest_first_and_only_what_include_wants() {
        let held = [
            raised("c-older", 1_796_292_000_000, "patient-001", KeptState::Saved),
            raised("c-newer", 1_796_292_600_000, "patient-002", KeptState::Saved),
        ];
        let shown = concerns(&[], &held, |_| true, names);
        let ids: Vec<&str> = shown.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["c-newer", "c-older"]);
        let only = concerns(&[], &held, |c| c.patient_id == "patient-001", names);
        assert_eq!(only.len(), 1);
    }
}
