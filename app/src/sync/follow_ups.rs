//! Lays what the device holds over the follow-ups the server listed: those
//! written here and not yet sent, those pulled since, and ones marked done.

use super::groups::{attendee_ids, ran_group};
use super::kept::Kept;
use super::overlay::{lay_over, state, written_at, Family};
use crate::domain::follow_up::{DoneView, FollowUpView};

fn as_follow_up(kept: &Kept, patient_name: String) -> FollowUpView {
    let due = kept.field("due_on").trim();
    FollowUpView {
        id: kept.op.entity_id.clone(),
        op_id: kept.op.id.clone(),
        patient_id: kept.field("patient_id").to_owned(),
        patient_name,
        text: kept.field("text").trim().to_owned(),
        due_on: (!due.is_empty()).then(|| due.to_owned()),
        author_id: kept.author.clone(),
        author_name: kept.author_name.clone(),
        written_at: written_at(kept),
        state: state(kept),
        done: None,
    }
}

/// The server's `listed` follow-ups with the device's records laid over
/// them; one only the device holds is added when `include` wants it (once
/// marked done or not). The server's copy wins over the device's.
pub fn follow_ups(
    listed: &[FollowUpView],
    kept: &[Kept],
    include: impl Fn(&FollowUpView) -> bool,
    name_of: impl Fn(&str) -> String,
) -> Vec<FollowUpView> {
    let family = Family { entity: "follow_up", answer: "follow_up_done", parent_field: "follow_up_id" };
    let make = |k: &Kept| as_follow_up(k, name_of(k.field("patient_id")));
    // The first time it was marked done is when it was done.
    let attach = |f: &mut FollowUpView, k: &Kept| {
        if f.done.is_none() {
            f.done = Some(DoneView {
                id: k.op.entity_id.clone(),
                op_id: k.op.id.clone(),
                author_name: k.author_name.clone(),
                at: written_at(k),
                note: k.field("note").trim().to_owned(),
                state: state(k),
            });
        }
    };
    lay_over(family, listed, kept, |f| f.id.as_str(), make, attach, include)
}

/// Patients `staff_id` has recorded a contact with, or run a group for,
/// on this phone since `since_ms` (records it holds, sent or not).
pub fn seen_here_since(kept: &[Kept], staff_id: &str, since_ms: i64) -> Vec<String> {
    let since = |k: &&Kept| {
        crate::domain::instant::parse_rfc3339(k.field("started_at"))
            .is_some_and(|at| at.timestamp_millis() >= since_ms)
    };
    let contacts = kept
        .iter()
        .filter(|k| k.op.entity == "session" && k.author == staff_id)
        .filter(since)
        .map(|k| k.field("patient_id").to_owned());
    let groups = kept
        .iter()
        .filter(|k| k.op.entity == "group_session" && ran_group(k, staff_id))
        .filter(since)
        .flat_map(attendee_ids);
    contacts.chain(groups).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::timeline::RecordState;
    use crate::sync::KeptState;
    use serde_json::json;

    use crate::sync::kept::kept_for_test as kept;

    #[test]
    fn a_follow_up_written_here_and_marked_done_here_shows_both() {
        let held = [
            kept(
                "follow_up",
                "f1",
                1_796_292_000_000,
                json!({ "patient_id": "patient-001", "text": "Call her sister", "due_on": "2026-12-04" }),
                KeptState::Saved,
            ),
            kept(
                "follow_up_done",
                "d1",
                1_796_292_060_000,
                json!({ "follow_up_id": "f1", "note": "Rang, will visit Sunday" }),
                KeptState::Unsent,
            ),
        ];
        let shown = follow_ups(&[], &held, |_| true, |id| format!("name of {id}"));
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].due_on.as_deref(), Some("2026-12-04"));
        assert_eq!(shown[0].patient_name, "name of patient-001");
        let done = shown[0].done.as_ref().expect("done");
        assert_eq!(done.state, RecordState::Unsent);
        assert_eq!(done.note, "Rang, will visit Sunday");
        // A list of what is still to do leaves it out.
        assert!(follow_ups(&[], &held, |f| f.done.is_none(), |_| String::new()).is_empty());
    }

    #[test]
    fn only_this_persons_sessions_since_the_start_of_the_week_count_as_seen() {
        let session = |id: &str, patient: &str, started: &str| {
            kept(
                "session",
                id,
                1_796_292_000_000,
                json!({ "patient_id": patient, "started_at": started }),
                KeptState::Unsent,
            )
        };
        let mut other = session("s3", "patient-003", "2026-12-02T10:00:00Z");
        other.author = "staff-nurse".into();
        let held = [
            session("s1", "patient-001", "2026-12-01T10:00:00Z"),
            session("s2", "patient-002", "2026-11-29T10:00:00Z"),
            other,
        ];
        let monday = 1_795_996_800_000; // 2026-11-30T00:00:00Z
        assert_eq!(seen_here_since(&held, "staff-psw", monday), ["patient-001"]);
        // A group counts for everyone who came, for its author and the
        // colleagues who ran it with them.
        let mut group = kept(
            "group_session",
            "g1",
            1_796_292_000_000,
            json!({ "started_at": "2026-12-02T14:00:00Z", "co_facilitators": ["staff-psw"],
                    "attendees": [{ "patient_id": "patient-004" }, { "patient_id": "patient-006" }] }),
            KeptState::Unsent,
        );
        group.author = "staff-nurse".into();
        let held = [held[0].clone(), group];
        assert_eq!(
            seen_here_since(&held, "staff-psw", monday),
            ["patient-001", "patient-004", "patient-006"]
        );
        assert_eq!(seen_here_since(&held, "staff-nurse", monday), ["patient-004", "patient-006"]);
    }
}
