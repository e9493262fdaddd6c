//! The checks of a concern and its acknowledgement.

use super::*;
use serde_json::json;

fn concern(payload: Value) -> Result<NewConcern, String> {
    check_concern(&payload)
}

#[test]
fn a_concern_reads_trimmed_with_its_category() {
    let read = concern(json!({
        "patient_id": "patient-001", "category": "risk_to_self",
        "what_happened": "  Said she had been saving tablets. ", "done_now": "Stayed with her.",
        "told": "Priya Raman", "session_id": null,
    }))
    .expect("a good concern");
    assert_eq!(read.category, ConcernCategory::RiskToSelf);
    assert_eq!(read.what_happened, "Said she had been saving tablets.");
    assert_eq!(read.told, "Priya Raman");
    assert_eq!(read.session_id, None);
}

#[test]
fn each_missing_or_wrong_part_is_named() {
    let good = json!({
        "patient_id": "patient-001", "category": "safeguarding",
        "what_happened": "A visitor shouted at him.", "done_now": "Asked the visitor to leave.",
    });
    assert!(concern(good.clone()).is_ok(), "who was told may be left empty");
    let with = |field: &str, value: Value| {
        let mut payload = good.clone();
        payload[field] = value;
        concern(payload).expect_err("refused")
    };
    assert!(with("patient_id", json!("")).contains("patient_id"));
    assert!(with("category", json!("worry")).contains("category"));
    assert!(with("what_happened", json!("   ")).contains("what_happened"));
    assert!(with("done_now", json!("")).contains("done_now"));
    assert!(with("done_now", json!(3)).contains("must be text"));
    assert!(with("told", json!("x".repeat(TOLD_MAX + 1))).contains("at most 200"));
    assert!(with("what_happened", json!("x".repeat(CONCERN_TEXT_MAX + 1))).contains("5001"));
    assert!(with("session_id", json!("yesterday")).contains("session_id"));
}

#[test]
fn the_form_asks_for_what_is_missing_in_its_own_words() {
    let mut form = ConcernForm {
        category: "risk_to_others".into(),
        what_happened: "Threw a cup across the lounge.".into(),
        done_now: "Moved the others to the garden.".into(),
        told: String::new(),
        session_id: Some("0b9d6a3e-2f41-4c8a-9e7b-5d1c3a2f4e60".into()),
    };
    let payload = concern_payload("patient-002", &form).expect("a good form");
    let read = check_concern(&payload).expect("the server's checks");
    assert_eq!(read.category, ConcernCategory::RiskToOthers);
    assert_eq!(
        read.session_id.as_deref(),
        Some("0b9d6a3e-2f41-4c8a-9e7b-5d1c3a2f4e60"),
        "raised from a contact"
    );
    form.done_now = "  ".into();
    assert!(concern_payload("patient-002", &form).expect_err("no action").contains("straight away"));
    form.category = String::new();
    assert_eq!(concern_payload("patient-002", &form), Err("Choose what the concern is about.".into()));
}

#[test]
fn an_acknowledgement_names_its_concern_and_may_say_nothing_more() {
    let id = "0b9d6a3e-2f41-4c8a-9e7b-5d1c3a2f4e60";
    let ack = check_concern_ack(&json!({ "concern_id": id })).expect("a bare acknowledgement");
    assert_eq!(ack.response, "");
    assert!(check_concern_ack(&json!({ "concern_id": "c1" })).is_err());
    let long = json!({ "concern_id": id, "response": "x".repeat(CONCERN_TEXT_MAX + 1) });
    assert!(check_concern_ack(&long).expect_err("too long").contains("at most 5000"));
}

fn view(state: RecordState, received_at: Option<&str>) -> ConcernView {
    ConcernView {
        id: "c".into(),
        op_id: "o".into(),
        patient_id: "p".into(),
        patient_name: String::new(),
        category: "risk_to_self".into(),
        what_happened: "w".into(),
        done_now: "d".into(),
        told: String::new(),
        author_id: "s".into(),
        author_name: "Sam".into(),
        raised_at: "2026-12-03T10:00:00Z".into(),
        received_at: received_at.map(str::to_owned),
        state,
        acks: Vec::new(),
        raised_on: None,
    }
}

const TEN: i64 = 1_796_292_000_000; // 2026-12-03T10:00:00Z

#[test]
fn the_wait_runs_from_when_the_server_had_it_until_someone_acknowledges() {
    let minute = 60_000;
    // Written offline at 10:00, reached the server at 10:20.
    let late = view(RecordState::Saved, Some("2026-12-03T10:20:00Z"));
    assert_eq!(late.waiting_minutes(TEN + 34 * minute), Some(14));
    assert!(!late.is_overdue(TEN + 34 * minute, 15));
    assert!(late.is_overdue(TEN + 35 * minute, 15));
    // A copy pulled from the server counts from when it was written.
    assert_eq!(view(RecordState::Saved, None).waiting_minutes(TEN + 3 * minute), Some(3));
    // Nobody can be waiting for what has not reached them.
    assert_eq!(view(RecordState::Unsent, None).waiting_minutes(TEN + 60 * minute), None);
    let refused = view(RecordState::Refused("no".into()), None);
    assert!(!refused.is_overdue(TEN + 60 * minute, 15));
    let mut acknowledged = late.clone();
    acknowledged.acks.push(AckView {
        id: "a".into(),
        op_id: "ao".into(),
        author_name: "Priya".into(),
        at: "2026-12-03T10:25:00Z".into(),
        received_at: None,
        response: String::new(),
        state: RecordState::Saved,
    });
    assert!(!acknowledged.is_overdue(TEN + 60 * minute, 15));
}

#[test]
fn waits_read_as_words() {
    assert_eq!(waiting_label(0), "Waiting less than a minute");
    assert_eq!(waiting_label(1), "Waiting 1 minute");
    assert_eq!(waiting_label(125), "Waiting 2 hours 5 minutes");
}
