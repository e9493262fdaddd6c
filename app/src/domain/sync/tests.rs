//! The op checks, case by case, with the reason a user would read.

use super::fields::as_stored;
use super::ops::{check_op, Write, NOTE_MAX};
use serde_json::{json, Value};

/// 2026-11-25T15:00:00Z, half an hour after the good session started.
const NOW: u64 = 1_795_618_800_000;
const DEVICE: &str = "6f1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10";
const OP: &str = "0b7e3c4a-1d2f-4e5a-8b6c-7d8e9f0a1b2c";
const SESSION: &str = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";

fn session_op(payload: Value) -> Value {
    json!({
        "id": OP, "entity": "session", "entity_id": SESSION, "action": "create",
        "hlc": format!("{NOW:015}:00000:{DEVICE}"), "payload": payload,
    })
}

fn good_session() -> Value {
    json!({ "patient_id": "patient-001", "session_type": "one_to_one",
            "started_at": "2026-11-25T14:30:00Z", "duration_min": 15, "note": "Talked about the garden." })
}

fn reason(op: Value) -> String {
    check_op(&op, NOW).expect_err("rejected").reason
}

#[test]
fn a_good_session_is_accepted_with_its_fields() {
    let checked = check_op(&session_op(good_session()), NOW).expect("accepted");
    let Write::Session(session) = checked.write else { panic!("a session") };
    assert_eq!(session.patient_id, "patient-001");
    assert_eq!(session.duration_min, 15);
    assert_eq!(checked.hlc.device, DEVICE);
}

#[test]
fn each_bad_session_field_gets_its_own_reason() {
    let mut payload = good_session();
    payload["duration_min"] = json!(0);
    assert!(reason(session_op(payload)).contains("between 1 and 480 minutes"));
    let mut payload = good_session();
    payload["duration_min"] = json!("15");
    assert!(reason(session_op(payload)).contains("between 1 and 480 minutes"), "wrong type");
    let mut payload = good_session();
    payload["started_at"] = json!("yesterday");
    assert!(reason(session_op(payload)).contains("date and time"));
    let mut payload = good_session();
    payload["session_type"] = json!("group");
    assert!(reason(session_op(payload)).contains("not one Alongside records"));
    let mut payload = good_session();
    payload.as_object_mut().expect("object").remove("patient_id");
    assert!(reason(session_op(payload)).contains("patient"));
}

#[test]
fn text_holding_u0000_is_refused_with_a_reason_wherever_it_is() {
    // PostgreSQL refuses U+0000 in text; refused here, it never reaches it.
    let mut in_note = good_session();
    in_note["note"] = json!("Talked about\u{0}the garden.");
    let mut in_a_list = good_session();
    in_a_list["signposting"] = json!(["Recovery college", "\u{0}"]);
    let mut in_a_name = good_session();
    in_a_name["extra\u{0}"] = json!("unknown fields are kept, so checked too");
    for payload in [in_note, in_a_list, in_a_name] {
        assert!(reason(session_op(payload)).contains("invisible character (U+0000)"));
    }
    let mut other_control = good_session();
    other_control["note"] = json!("A tab\there is fine.");
    assert!(check_op(&session_op(other_control), NOW).is_ok());
}

#[test]
fn a_note_of_20000_characters_is_kept_and_one_more_is_refused() {
    let mut payload = good_session();
    payload["note"] = json!("é".repeat(NOTE_MAX));
    assert!(check_op(&session_op(payload), NOW).is_ok());
    let mut payload = good_session();
    payload["note"] = json!("a".repeat(NOTE_MAX + 1));
    assert!(reason(session_op(payload)).contains("this one has 20001"));
}

#[test]
fn unknown_kinds_changes_to_saved_sessions_and_bad_envelopes_are_refused() {
    let mut op = session_op(good_session());
    op["entity"] = json!("spaceship");
    assert!(reason(op).contains("does not know the kind of record 'spaceship'"));
    let mut op = session_op(good_session());
    op["action"] = json!("update");
    assert!(reason(op).contains("never changed"));
    let mut op = session_op(good_session());
    op["id"] = json!(42);
    let rejection = check_op(&op, NOW).expect_err("rejected");
    assert_eq!(rejection.id, "", "no id could be read");
    let mut op = session_op(good_session());
    op["entity_id"] = json!("1; drop table sessions");
    assert!(reason(op).contains("UUID"));
    assert!(reason(session_op(json!("a string"))).contains("payload must be an object"));
}

#[test]
fn a_device_clock_far_ahead_is_refused_with_advice() {
    let mut op = session_op(good_session());
    op["hlc"] = json!(format!("{:015}:00000:{DEVICE}", NOW + 11 * 60 * 1000));
    assert!(reason(op).contains("10 minutes ahead"));
}

#[test]
fn an_addendum_needs_its_session_a_reason_and_text() {
    let addendum = |payload: Value| {
        let mut op = session_op(payload);
        op["entity"] = json!("addendum");
        op
    };
    let good = json!({ "session_id": SESSION, "reason": "Wrong day", "text": "This was on Tuesday." });
    assert!(matches!(check_op(&addendum(good), NOW).expect("accepted").write, Write::Addendum(_)));
    let no_reason = json!({ "session_id": SESSION, "reason": "  ", "text": "This was on Tuesday." });
    assert!(reason(addendum(no_reason)).contains("needs a reason"));
}

fn patient_op(patient_id: &str, action: &str, payload: Value) -> Value {
    json!({
        "id": OP, "entity": "patient", "entity_id": patient_id, "action": action,
        "hlc": format!("{NOW:015}:00000:{DEVICE}"), "payload": payload,
    })
}

#[test]
fn a_device_may_change_a_patients_bed_and_nothing_else_of_theirs() {
    let checked = check_op(&patient_op("patient-001", "update", json!({ "bed": " Bay 2, bed 4 " })), NOW);
    let Write::PatientField(change) = checked.expect("accepted").write else { panic!("a patient change") };
    assert_eq!(
        (change.patient_id.as_str(), change.field, change.value.as_str()),
        ("patient-001", "bed", "Bay 2, bed 4")
    );
    // An empty bed says the patient has none just now (on leave, say).
    assert!(check_op(&patient_op("patient-001", "update", json!({ "bed": "" })), NOW).is_ok());

    assert!(
        reason(patient_op("patient-001", "update", json!({ "bed": "b".repeat(41) }))).contains("at most 40")
    );
    assert!(reason(patient_op("patient-001", "update", json!({ "bed": 4 }))).contains("their bed"));
    assert!(reason(patient_op("patient-001", "update", json!({ "bed": "4", "ward_id": "ward-kestrel" })))
        .contains("one field"));
    assert!(reason(patient_op("patient-001", "update", json!({ "ward_id": "ward-kestrel" })))
        .contains("their bed"));
    assert!(reason(patient_op("patient-001", "move", json!({ "ward_id": "ward-kestrel" })))
        .contains("changed on the server"));
    assert!(reason(patient_op("patient-001; drop table patients", "update", json!({ "bed": "4" })))
        .contains("record's id"));
}

#[test]
fn any_kind_of_contact_is_accepted_with_its_details_and_only_a_one_to_one_needs_a_note() {
    let mut payload = good_session();
    payload["session_type"] = json!("ward_activity");
    payload["note"] = json!("");
    payload["themes"] = json!(["meaning", "hope"]);
    payload["engagement"] = json!("leading");
    payload["place"] = json!("Garden");
    let checked = check_op(&session_op(payload), NOW).expect("accepted");
    let Write::Session(session) = checked.write else { panic!("a session") };
    assert_eq!(session.session_type, "ward_activity");
    assert_eq!(session.note, "");
    assert_eq!(session.details.place, "Garden");
    assert_eq!(session.details.themes.len(), 2);

    let mut payload = good_session();
    payload["note"] = json!(" ");
    assert!(reason(session_op(payload)).contains("needs a note"));
    let mut payload = good_session();
    payload["engagement"] = json!(3);
    assert!(reason(session_op(payload)).contains("'engagement' must be text"));
}

#[test]
fn a_start_over_a_week_before_the_op_was_written_needs_a_reason_judged_by_the_ops_clock() {
    let mut payload = good_session();
    payload["started_at"] = json!("2026-11-10T09:00:00Z");
    assert!(reason(session_op(payload.clone())).contains("late_reason"));
    payload["late_reason"] = json!("Written up after a week of leave.");
    let checked = check_op(&session_op(payload), NOW).expect("accepted with a reason");
    let Write::Session(session) = checked.write else { panic!("a session") };
    assert_eq!(session.details.late_reason.as_deref(), Some("Written up after a week of leave."));

    // Written on the day (the op's clock), reaching the server a month on:
    // not late.
    let written = NOW - 30 * 24 * 60 * 60 * 1000;
    let mut op = session_op(json!({ "patient_id": "patient-001", "session_type": "one_to_one",
        "started_at": "2026-10-26T14:00:00Z", "duration_min": 15, "note": "On the day." }));
    op["hlc"] = json!(format!("{written:015}:00000:{DEVICE}"));
    assert!(check_op(&op, NOW).is_ok());
}

#[test]
fn a_field_the_kind_does_not_define_is_not_stored_and_replays_of_older_ops_still_match() {
    let mut sent = good_session();
    sent["closed_automatically"] = json!(true);
    sent["injected"] = json!("<script>x</script>");
    let checked = check_op(&session_op(sent.clone()), NOW)
        .and_then(as_stored)
        .expect("accepted, without the extra fields");
    assert_eq!(checked.op.payload, good_session());
    // An op stored as sent, before fields were dropped, sent again.
    let stored_before = serde_json::to_string(&session_op(sent)).expect("json");
    let now = serde_json::to_string(&checked.op).expect("json");
    assert!(super::ops::same_change(&stored_before, &now), "a replay is still a duplicate");
    let mut other = good_session();
    other["note"] = json!("Something else.");
    let other = serde_json::to_string(&session_op(other)).expect("json");
    assert!(!super::ops::same_change(&other, &now), "a different change under the same id is not");
}

#[test]
fn a_device_cannot_say_a_shift_was_closed_automatically() {
    let end = json!({
        "id": OP, "entity": "shift_end", "entity_id": SESSION, "action": "create",
        "hlc": format!("{NOW:015}:00000:{DEVICE}"),
        "payload": { "shift_id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "ended_at": "2026-11-25T14:59:00Z",
                     "what_happened": "", "for_nurse": "", "closed_automatically": true },
    });
    let checked = check_op(&end, NOW).expect("the rules of a check-out pass");
    let refused = as_stored(checked).expect_err("but the server stores none that says so");
    assert!(refused.reason.contains("Only the server closes a shift automatically"));
}
