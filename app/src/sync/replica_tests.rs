//! The device's replica and outbox, driven as the browser drives them.

use super::*;
use crate::domain::sync::{Change, Op, OpResult, OpStatus, SyncAnswer};
use serde_json::{json, Value};

mod send_again_tests;
mod tabs_and_clock_tests;

const NOW: u64 = 1_795_617_000_000;
const SAM: &str = "staff-psw";
const DEVICE: &str = "6f1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10";

fn sam() -> Author {
    Author { staff_id: SAM.into(), name: "Sam Okafor".into() }
}

fn ids(n: u32) -> NewIds {
    NewIds {
        op_id: format!("00000000-0000-4000-8000-{n:012}"),
        entity_id: format!("10000000-0000-4000-8000-{n:012}"),
    }
}

fn note(text: &str) -> Value {
    json!({ "patient_id": "patient-001", "session_type": "one_to_one",
            "started_at": "2026-11-25T14:30:00Z", "duration_min": 15, "note": text })
}

fn replica(kv: MemoryKv) -> Replica<MemoryKv> {
    Replica::open(kv, || DEVICE.into()).expect("opens")
}

fn answer(results: Vec<OpResult>, changes: Vec<Change>, cursor: &str, more: bool) -> SyncAnswer {
    SyncAnswer { results, changes, cursor: cursor.into(), more }
}

fn result(id: &str, status: OpStatus, reason: Option<&str>) -> OpResult {
    OpResult { id: id.into(), status, reason: reason.map(str::to_owned) }
}

#[test]
fn a_record_is_kept_in_the_outbox_under_its_own_key() {
    let mut device = replica(MemoryKv::default());
    let kept = device.record(&sam(), "session", note("Walked to the garden."), ids(1), NOW).expect("saved");
    assert_eq!(kept.state_label(), "On this phone only");
    assert!(device.kv().get(&format!("{OUTBOX_PREFIX}{}", kept.op.id)).is_some());
    assert_eq!(device.unsent_count(SAM), 1);
    assert!(kept.op.hlc.ends_with(DEVICE), "stamped by this device: {}", kept.op.hlc);
}

#[test]
fn a_note_the_server_would_refuse_is_refused_here_with_the_same_reason() {
    let mut device = replica(MemoryKv::default());
    let error =
        device.record(&sam(), "session", note(&"a".repeat(20_001)), ids(1), NOW).expect_err("refused");
    assert!(error.to_string().contains("at most 20,000 characters"), "{error}");
    assert_eq!(device.unsent_count(SAM), 0);
}

#[test]
fn a_full_device_clears_records_the_server_has_and_never_the_outbox() {
    let mut device = replica(MemoryKv::with_limit(4_000));
    let first = device.record(&sam(), "session", note("First."), ids(1), NOW).expect("saved");
    let plan = device.plan(SAM);
    device.digest(
        SAM,
        &plan,
        answer(vec![result(&first.op.id, OpStatus::Applied, None)], vec![], "s1", false),
        NOW,
    );
    assert_eq!(device.readable(SAM).len(), 1, "a copy kept for reading");
    // Fill what is left with unsent notes until one no longer fits.
    let mut n = 2;
    while device.record(&sam(), "session", note(&"x".repeat(300)), ids(n), NOW).is_ok() {
        n += 1;
    }
    let unsent_before = device.unsent_count(SAM);
    assert!(device.kv().get(&format!("{SAVED_PREFIX}{}", first.op.id)).is_none(), "the saved copy made room");
    let error = device.record(&sam(), "session", note(&"x".repeat(300)), ids(n + 1), NOW).expect_err("full");
    assert_eq!(error, SaveError::Full);
    assert!(error.to_string().contains("not saved"));
    assert_eq!(device.unsent_count(SAM), unsent_before, "nothing in the outbox was lost");
}

#[test]
fn a_kept_note_costs_its_text_and_no_more_than_the_overhead_the_phone_panel_counts() {
    use crate::domain::sync::room::ENTRY_OVERHEAD_CHARS;
    let mut device = replica(MemoryKv::default());
    for (n, chars) in [(1, 1_usize), (2, 1_000), (3, 20_000)] {
        // Every optional field filled, as a full entry would be.
        let mut payload = note(&"’".repeat(chars));
        payload["place"] = json!("Garden, by the greenhouse");
        payload["themes"] = json!(["connectedness", "hope", "identity", "meaning", "empowerment"]);
        payload["lived_experience_shared"] = json!(true);
        payload["signposting"] =
            json!(["Hearing Voices group, Thursdays", "Recovery college: managing sleep"]);
        payload["engagement"] = json!("a_little");
        payload["planned_activity"] = json!("none_planned");
        let kept = device.record(&sam(), "session", payload, ids(n), NOW).expect("saved");
        let entry = device.kv().get(&format!("{OUTBOX_PREFIX}{}", kept.op.id)).expect("kept");
        let overhead = entry.chars().count() - chars;
        assert!(overhead as u64 <= ENTRY_OVERHEAD_CHARS, "{overhead} characters around the note");
        // As the phone keeps it: sealed, under an owner id as long as a
        // trust's generated ones.
        let owner = "staff-0b7d3c1e-52a4-4f4e-9b1a-3c2d1e0f9a8b";
        let sealed = super::sealed::DataKey::new(owner, &[1; 32]).seal("k", &entry, [0; 12]).expect("sealed");
        let most = crate::domain::sync::room::sealed_entry_chars(chars as u64);
        assert!(sealed.chars().count() as u64 <= most, "{} sealed, {most} counted", sealed.chars().count());
    }
}

#[test]
fn an_answer_takes_confirmed_ops_out_and_keeps_refused_ones_with_the_reason() {
    let mut device = replica(MemoryKv::default());
    let a = device.record(&sam(), "session", note("One."), ids(1), NOW).expect("saved");
    let b = device.record(&sam(), "session", note("Two."), ids(2), NOW).expect("saved");
    let c = device.record(&sam(), "session", note("Three."), ids(3), NOW).expect("saved");
    let plan = device.plan(SAM);
    assert_eq!(plan.op_ids, vec![a.op.id.clone(), b.op.id.clone(), c.op.id.clone()], "oldest first");
    let results = vec![
        result(&a.op.id, OpStatus::Applied, None),
        result(&b.op.id, OpStatus::Rejected, Some("This person is not on your wards.")),
        result(&c.op.id, OpStatus::Duplicate, None),
    ];
    let digest = device.digest(SAM, &plan, answer(results, vec![], "s3", false), NOW);
    assert_eq!((digest.confirmed, digest.rejected, digest.again), (2, 1, false));
    let outbox = device.outbox(SAM);
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].state, crate::sync::kept::refused("This person is not on your wards."));
    assert_eq!(device.unsent_count(SAM), 0, "a refused record is not sent again");
    assert!(device.plan(SAM).op_ids.is_empty());
    assert!(device.discard_refused(SAM, &b.op.id));
    assert!(!device.discard_refused(SAM, &a.op.id), "only refused records can be discarded");
}

#[test]
fn someone_elses_unsent_records_are_neither_sent_nor_shown() {
    let mut device = replica(MemoryKv::default());
    let other = Author { staff_id: "staff-psw2".into(), name: "Rhiannon Hughes".into() };
    device.record(&other, "session", note("Theirs."), ids(1), NOW).expect("saved");
    assert!(device.plan(SAM).op_ids.is_empty());
    assert!(device.readable(SAM).is_empty());
    assert_eq!(device.unsent_count("staff-psw2"), 1, "kept for them");
}

#[test]
fn pulled_changes_are_kept_and_each_person_has_their_own_cursor() {
    let mut device = replica(MemoryKv::default());
    let op = Op {
        id: ids(9).op_id,
        entity: "session".into(),
        entity_id: ids(9).entity_id,
        action: "create".into(),
        hlc: format!("{:015}:00000:{DEVICE}", NOW + 5_000),
        payload: note("From the nurse."),
    };
    let change = Change { op, author: "staff-nurse".into(), author_name: "Priya Raman".into() };
    let plan = device.plan(SAM);
    let digest = device.digest(SAM, &plan, answer(vec![], vec![change], "s9", true), NOW);
    assert_eq!((digest.pulled, digest.again), (1, true), "more: ask again");
    assert!(device.plan(SAM).body.contains("\"cursor\":\"s9\""));
    assert!(device.plan("staff-psw2").body.contains("\"cursor\":null"));
    let kept = device.record(&sam(), "session", note("Later."), ids(10), NOW).expect("saved");
    assert!(kept.op.hlc > format!("{:015}", NOW + 5_000), "the clock moved past what it saw");
}

#[test]
fn a_full_outbox_is_sent_a_batch_at_a_time() {
    let mut device = replica(MemoryKv::default());
    for n in 0..(BATCH as u32 + 5) {
        device.record(&sam(), "session", note("Note."), ids(n), NOW).expect("saved");
    }
    let plan = device.plan(SAM);
    assert_eq!(plan.op_ids.len(), BATCH);
    let results = plan.op_ids.iter().map(|id| result(id, OpStatus::Applied, None)).collect();
    let digest = device.digest(SAM, &plan, answer(results, vec![], "s100", false), NOW);
    assert!(digest.again);
    assert_eq!(device.plan(SAM).op_ids.len(), 5);
}

#[test]
fn long_notes_are_sent_in_requests_the_server_takes() {
    let mut device = replica(MemoryKv::default());
    // The longest note, in four-byte letters: 80 KB each, 8 MB for 100.
    let longest = "🌿".repeat(20_000);
    for n in 0..100 {
        device.record(&sam(), "session", note(&longest), ids(n), NOW).expect("saved");
    }
    let mut sent = 0;
    for round in 1.. {
        let plan = device.plan(SAM);
        if plan.op_ids.is_empty() {
            break;
        }
        assert!(
            plan.body.len() <= crate::domain::sync::ops::MAX_BYTES,
            "round {round}: {} bytes",
            plan.body.len()
        );
        let last = plan.op_ids.len() == device.unsent_count(SAM);
        assert!(last || plan.op_ids.len() >= 10, "round {round} carries only {} notes", plan.op_ids.len());
        sent += plan.op_ids.len();
        let results = plan.op_ids.iter().map(|id| result(id, OpStatus::Applied, None)).collect();
        let digest = device.digest(SAM, &plan, answer(results, vec![], "s1", false), NOW);
        assert_eq!(digest.again, device.unsent_count(SAM) > 0, "asks again while notes wait");
        assert!(round <= 8, "a request holds about 13 such notes");
    }
    assert_eq!(sent, 100);
}

#[test]
fn pruning_clears_old_saved_records_and_never_the_outbox() {
    let mut device = replica(MemoryKv::default());
    let old = device.record(&sam(), "session", note("Old."), ids(1), NOW).expect("saved");
    device.record(&sam(), "session", note("Unsent and old."), ids(2), NOW).expect("saved");
    let plan = Plan { body: String::new(), op_ids: vec![old.op.id.clone()], cut: false };
    device.digest(
        SAM,
        &plan,
        answer(vec![result(&old.op.id, OpStatus::Applied, None)], vec![], "s1", false),
        NOW,
    );
    let fifteen_days = 15 * 24 * 60 * 60 * 1000;
    assert_eq!(device.prune(NOW + fifteen_days, DEFAULT_RETENTION_DAYS), 1);
    assert_eq!(device.unsent_count(SAM), 1);
    assert_eq!(device.readable(SAM).len(), 1);
}

#[test]
fn the_device_keeps_its_id_and_clock_across_reloads() {
    let mut device = replica(MemoryKv::default());
    let first = device.record(&sam(), "session", note("One."), ids(1), NOW).expect("saved");
    let kv = device.kv().clone();
    let mut again = Replica::open(kv, || "00000000-0000-4000-8000-000000000fff".into()).expect("opens");
    assert_eq!(again.device_id(), DEVICE);
    // The phone's clock went back a minute: the new stamp is still later.
    let second = again.record(&sam(), "session", note("Two."), ids(2), NOW - 60_000).expect("saved");
    assert!(second.op.hlc > first.op.hlc);
}

#[test]
fn a_layout_left_by_a_newer_release_is_left_untouched() {
    let mut kv = MemoryKv::default();
    kv.set("alongside.schema", "99").expect("set");
    kv.set("alongside.outbox.x", "{\"future\":true}").expect("set");
    let error = Replica::open(kv.clone(), || DEVICE.into()).err().expect("refused");
    assert!(error.to_string().contains("newer version"));
    assert_eq!(kv.get("alongside.outbox.x").as_deref(), Some("{\"future\":true}"));
}

#[test]
fn the_first_start_writes_the_layout_version() {
    let device = replica(MemoryKv::default());
    assert_eq!(device.kv().get("alongside.schema"), Some(SCHEMA_VERSION.to_string()));
}

fn pulled(n: u32, entity: &str, entity_id: &str, action: &str, payload: Value) -> Change {
    let op = Op {
        id: format!("20000000-0000-4000-8000-{n:012}"),
        entity: entity.into(),
        entity_id: entity_id.into(),
        action: action.into(),
        hlc: format!("{NOW:015}:{n:05}:7a2d3b0f-1c5e-4d8f-8b62-4e3a9f8c7b21"),
        payload,
    };
    Change { op, author: "staff-nurse".into(), author_name: "Priya Raman".into() }
}

#[test]
fn a_patient_who_left_for_a_ward_out_of_reach_is_forgotten_but_unsent_notes_stay() {
    let mut device = replica(MemoryKv::default());
    let aisha_session = "30000000-0000-4000-8000-000000000001";
    let aisha_concern = "30000000-0000-4000-8000-000000000007";
    let aisha_follow_up = "30000000-0000-4000-8000-000000000009";
    let ben = json!({ "patient_id": "patient-002", "session_type": "one_to_one",
                      "started_at": "2026-11-25T14:30:00Z", "duration_min": 15, "note": "About Ben." });
    let changes = vec![
        pulled(1, "session", aisha_session, "create", note("About Aisha.")),
        pulled(
            2,
            "addendum",
            "30000000-0000-4000-8000-000000000002",
            "create",
            json!({ "session_id": aisha_session, "reason": "Late", "text": "And more." }),
        ),
        pulled(3, "patient", "patient-001", "update", json!({ "bed": "Bay 2, bed 4" })),
        pulled(4, "session", "30000000-0000-4000-8000-000000000004", "create", ben),
        pulled(
            7,
            "concern",
            aisha_concern,
            "create",
            json!({ "patient_id": "patient-001", "category": "other",
               "what_happened": "Upset after a call.", "done_now": "Sat with her." }),
        ),
        pulled(
            8,
            "concern_ack",
            "30000000-0000-4000-8000-000000000008",
            "create",
            json!({ "concern_id": aisha_concern, "response": "" }),
        ),
        pulled(
            9,
            "follow_up",
            aisha_follow_up,
            "create",
            json!({ "patient_id": "patient-001", "text": "Call back." }),
        ),
        pulled(
            10,
            "follow_up_done",
            "30000000-0000-4000-8000-000000000010",
            "create",
            json!({ "follow_up_id": aisha_follow_up }),
        ),
    ];
    let plan = device.plan(SAM);
    device.digest(SAM, &plan, answer(vec![], changes, "s4", false), NOW);
    let unsent = device.record(&sam(), "session", note("Written offline."), ids(5), NOW).expect("saved");
    assert_eq!(device.readable(SAM).len(), 9);

    let leave = pulled(
        6,
        "patient",
        "patient-001",
        "leave",
        json!({ "ward_id": "ward-kestrel", "from_ward_id": "ward-willow" }),
    );
    let plan = device.plan(SAM);
    let digest = device.digest(SAM, &plan, answer(vec![], vec![leave], "s6", false), NOW);
    assert_eq!(digest.forgotten, ["patient-001"]);
    let left: Vec<String> = device.readable(SAM).into_iter().map(|k| k.op.id).collect();
    assert_eq!(
        left.len(),
        2,
        "only Ben's note and the unsent note stay (no concern or follow-up of hers): {left:?}"
    );
    assert!(left.contains(&unsent.op.id), "an unsent note is never forgotten");
    assert!(left.contains(&"20000000-0000-4000-8000-000000000004".to_owned()));
    assert_eq!(device.outbox(SAM).len(), 1, "and it is still sent");
}

#[test]
fn a_saved_copy_this_release_cannot_read_is_pruned() {
    let mut kv = MemoryKv::default();
    kv.set(&format!("{SAVED_PREFIX}garbled"), "{not json").expect("set");
    kv.set(&format!("{OUTBOX_PREFIX}garbled"), "{not json").expect("set");
    let mut device = replica(kv);
    assert_eq!(device.prune(NOW, DEFAULT_RETENTION_DAYS), 1, "only the saved copy");
    assert!(device.kv().get(&format!("{OUTBOX_PREFIX}garbled")).is_some(), "the outbox is never pruned");
}

#[test]
fn records_an_earlier_release_kept_in_the_clear_are_sealed_for_their_author_only() {
    use super::sealed::{is_sealed, DataKey, Sealed};
    thread_local! {
        static COUNT: std::cell::Cell<u8> = const { std::cell::Cell::new(0) };
    }
    fn nonce() -> Option<[u8; 12]> {
        Some([COUNT.with(|c| c.replace(c.get() + 1)); 12])
    }
    let mut before = replica(MemoryKv::default());
    let mine = before.record(&sam(), "session", note("Walked to the garden."), ids(1), NOW).expect("saved");
    let nurse = Author { staff_id: "staff-nurse".into(), name: "Nia Jones".into() };
    let theirs = before.record(&nurse, "session", note("Played cards."), ids(2), NOW).expect("saved");
    let kv = before.kv().clone();

    let sealed = Sealed::new(kv, Some(DataKey::new(SAM, &[5; 32])), nonce);
    let mut device = Replica::open(sealed, || DEVICE.into()).expect("opens");
    assert_eq!(device.unsent_count(SAM), 1, "the clear entry still reads");
    let stored = |device: &Replica<Sealed<MemoryKv>>, id: &str| {
        device.kv().inner().get(&format!("{OUTBOX_PREFIX}{id}")).expect("kept")
    };
    let in_the_clear = device.kv().take_read_in_the_clear();
    assert_eq!(in_the_clear.len(), 2, "both entries were read in the clear");
    device.write_again(SAM, |key| in_the_clear.contains(key));
    assert!(is_sealed(&stored(&device, &mine.op.id)));
    assert!(!stored(&device, &mine.op.id).contains("garden"));
    assert!(!is_sealed(&stored(&device, &theirs.op.id)), "left for its author");
    assert_eq!(device.unsent_count(SAM), 1);
    assert_eq!(device.readable(SAM)[0].field("note"), "Walked to the garden.");
}
