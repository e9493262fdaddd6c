//! A refused record sent again: the phone whose clock was three hours fast,
//! and the records that still cannot go.

use super::*;
use crate::domain::instant::rfc3339_seconds;
use crate::domain::sync::check_op;

const HOUR: u64 = 60 * 60 * 1000;
const CLOCK_REASON: &str = "This device's clock is more than 10 minutes ahead of the server's.";

/// A one-to-one that started 20 minutes before `ms` by the phone's clock.
fn note_at(text: &str, ms: u64) -> Value {
    let started = chrono::DateTime::from_timestamp_millis((ms - 20 * 60_000) as i64).expect("a time");
    json!({ "patient_id": "patient-001", "session_type": "one_to_one",
            "started_at": rfc3339_seconds(started), "duration_min": 20, "note": text })
}

/// Four notes written offline on a phone three hours fast, refused for the
/// clock once it reached the server at `NOW`.
fn four_refused_for_the_clock(device: &mut Replica<MemoryKv>) -> Vec<Kept> {
    let fast = NOW + 3 * HOUR;
    let notes: Vec<Kept> = (1..=4)
        .map(|n| device.record(&sam(), "session", note_at(&format!("Note {n}."), fast), ids(n), fast))
        .collect::<Result<_, _>>()
        .expect("saved offline: the phone knew no better time");
    let plan = device.plan(SAM);
    device.heard_server_time(NOW);
    let results = notes.iter().map(|k| result(&k.op.id, OpStatus::Rejected, Some(CLOCK_REASON))).collect();
    let digest = device.digest(SAM, &plan, answer(results, vec![], "s0", false), fast);
    assert_eq!(digest.rejected, 4);
    notes
}

#[test]
fn notes_refused_for_a_fast_clock_go_again_once_it_is_right_as_the_same_records_at_the_right_time() {
    let mut device = replica(MemoryKv::default());
    let refused = four_refused_for_the_clock(&mut device);
    for kept in device.outbox(SAM) {
        assert!(matches!(kept.state, KeptState::Rejected { clock_fast_ms, .. } if clock_fast_ms == 3 * HOUR));
    }

    // The clock is put right; each is sent again with one tap.
    let fixed = NOW + 60_000;
    for (n, old) in (10..).zip(&refused) {
        let again = device.send_again(&sam(), &old.op.id, ids(n).op_id, fixed).expect("sent again");
        assert_eq!(again.op.entity_id, old.op.entity_id, "the same record, not a second one");
        assert_ne!(again.op.id, old.op.id, "a new op: the server refused the old one for good");
        assert!(again.is_unsent());
        let started =
            |k: &Kept| crate::domain::instant::parse_rfc3339(k.field("started_at")).expect("a time");
        assert_eq!(started(old) - started(&again), chrono::Duration::hours(3), "its time moves back");
        let value = serde_json::to_value(&again.op).expect("encodes");
        assert!(check_op(&value, fixed).is_ok(), "the server takes it now");
    }
    let outbox = device.outbox(SAM);
    assert_eq!(outbox.len(), 4, "each refused copy went once its new one was kept");
    assert_eq!(device.unsent_count(SAM), 4);
    assert_eq!(device.plan(SAM).op_ids.len(), 4);
    // And a new note saves at once.
    device.record(&sam(), "session", note_at("After.", fixed), ids(20), fixed).expect("saves");
}

#[test]
fn a_refusal_not_about_the_clock_keeps_its_times_and_the_server_judges_it_again() {
    let mut device = replica(MemoryKv::default());
    let kept = device.record(&sam(), "session", note_at("On Willow.", NOW), ids(1), NOW).expect("saved");
    let plan = device.plan(SAM);
    device.heard_server_time(NOW);
    let refusal = result(&kept.op.id, OpStatus::Rejected, Some("This person is not on your wards."));
    device.digest(SAM, &plan, answer(vec![refusal], vec![], "s0", false), NOW);
    assert_eq!(device.outbox(SAM)[0].state, crate::sync::kept::refused("This person is not on your wards."));
    let again = device.send_again(&sam(), &kept.op.id, ids(2).op_id, NOW + 60_000).expect("sent again");
    assert_eq!(again.field("started_at"), kept.field("started_at"));
}

#[test]
fn what_cannot_go_again_says_why_and_stays_as_it_was() {
    let mut device = replica(MemoryKv::default());
    let refused = four_refused_for_the_clock(&mut device);
    let before = device.outbox(SAM);

    // Another person on the phone cannot send Sam's.
    let kim = Author { staff_id: "staff-psw2".into(), name: "Kim".into() };
    let error = device.send_again(&kim, &refused[0].op.id, ids(30).op_id, NOW).expect_err("not theirs");
    assert!(error.to_string().contains("no longer on this phone"), "{error}");
    // A record on its way already is not sent twice.
    let unsent = device.record(&sam(), "session", note_at("Unsent.", NOW), ids(31), NOW).expect("saved");
    let error = device.send_again(&sam(), &unsent.op.id, ids(32).op_id, NOW).expect_err("on its way");
    assert!(error.to_string().contains("already on its way"), "{error}");
    // Sent again more than seven days on, a note needs a reason for being
    // late, as any late note does: the refused copy stays.
    let error =
        device.send_again(&sam(), &refused[0].op.id, ids(33).op_id, NOW + 8 * 24 * HOUR).expect_err("late");
    assert!(error.to_string().contains("late"), "{error}");
    let after: Vec<Kept> = device.outbox(SAM).into_iter().filter(|k| k.op.id != unsent.op.id).collect();
    assert_eq!(after, before, "nothing changed");
}
