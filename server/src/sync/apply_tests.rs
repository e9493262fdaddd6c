//! The pipeline's steps, each alone: what a request is told when an op id
//! comes again, when what an op names is not there (or was made a moment
//! before in the same request), when its author may not write there, and
//! when a concern is answered twice.

use super::apply::Judge;
use super::batch::Batch;
use super::known::Known;
use super::Outcome;
use crate::store::{Store, WritePlace};
use app::domain::access::Reach;
use app::domain::sync::{check_op, CheckedOp};
use app::domain::{Role, SignedIn};
use serde_json::{json, Value};

const DEVICE: &str = "6f1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10";
const NOW_MS: u64 = 1_764_000_000_000;

fn op(n: u32, entity: &str, entity_id: &str, payload: Value) -> CheckedOp {
    let value = json!({
        "id": format!("00000000-0000-4000-8000-{n:012}"), "entity": entity, "entity_id": entity_id,
        "action": "create", "hlc": format!("{:015}:00000:{DEVICE}", NOW_MS - 1000), "payload": payload,
    });
    check_op(&value, NOW_MS).expect("a good op")
}

fn session(n: u32, patient: &str) -> CheckedOp {
    let id = format!("10000000-0000-4000-8000-{n:012}");
    let payload = json!({ "patient_id": patient, "session_type": "one_to_one",
        "started_at": "2025-11-24T14:30:00Z", "duration_min": 15, "note": "Talked about the garden." });
    op(n, "session", &id, payload)
}

fn ack(n: u32, concern: &str) -> CheckedOp {
    op(
        n,
        "concern_ack",
        &format!("20000000-0000-4000-8000-{n:012}"),
        json!({ "concern_id": concern, "response": "Seen." }),
    )
}

fn willow(patient: Option<&str>) -> WritePlace {
    WritePlace {
        patient_id: patient.map(str::to_owned),
        ward_id: "ward-willow".into(),
        site_id: "site-a".into(),
    }
}

fn psw() -> SignedIn {
    SignedIn {
        staff_id: "staff-psw".into(),
        username: "psw".into(),
        display_name: "Sam".into(),
        role: Role::PeerSupportWorker,
    }
}

/// An empty store: the steps read what is known, and only a refusal asks
/// it more (whether the author could write there when they wrote it).
async fn idle_store(dir: &tempfile::TempDir) -> Store {
    let store =
        Store::connect(&format!("sqlite://{}", dir.path().join("idle.db").display())).await.expect("store");
    store.migrate().await.expect("tables");
    store
}

async fn judged(known: Known, reach: Reach, ops: &[CheckedOp]) -> Vec<Result<WritePlace, Outcome>> {
    let dir = tempfile::tempdir().expect("folder");
    let store = idle_store(&dir).await;
    let user = psw();
    let judge =
        Judge { store: &store, user: &user, reach: &reach, handed_to: None, now_ms: NOW_MS, known: &known };
    let mut batch = Batch::new(Vec::new());
    let mut told = Vec::new();
    for op in ops {
        let body = serde_json::to_string(&op.op).expect("body");
        let outcome = judge.op(op, &body, &batch).await.expect("judged");
        if let Ok(place) = &outcome {
            batch.accept(op, &body, place, "Sam");
        }
        told.push(outcome);
    }
    told
}

fn on_willow() -> Reach {
    Reach { ward_ids: vec!["ward-willow".into()], site_ids: vec!["site-a".into()] }
}

fn reason(outcome: &Result<WritePlace, Outcome>) -> &str {
    match outcome {
        Err(Outcome::Rejected(reason)) => reason,
        _ => panic!("not refused"),
    }
}

fn aisha_known() -> Known {
    let mut known = Known::default();
    known.patients.insert("patient-001".into(), willow(Some("patient-001")));
    known
}

#[tokio::test]
async fn an_op_sent_twice_in_a_request_is_a_duplicate_and_a_reused_id_is_refused() {
    let first = session(1, "patient-001");
    let mut reused = session(1, "patient-001");
    reused.op.payload["note"] = json!("Something else.");
    let told = judged(aisha_known(), on_willow(), &[first.clone(), first, reused]).await;
    assert_eq!(told[0], Ok(willow(Some("patient-001"))));
    assert!(matches!(told[1], Err(Outcome::Duplicate)));
    assert!(reason(&told[2]).contains("never reused"));
}

#[tokio::test]
async fn a_record_lands_where_what_it_names_is_or_is_refused_saying_what_is_missing() {
    let addendum = |n, session: &str| {
        op(
            n,
            "addendum",
            &format!("30000000-0000-4000-8000-{n:012}"),
            json!({ "session_id": session, "reason": "Spelling", "text": "Garden, not garage." }),
        )
    };
    let made = session(1, "patient-001");
    let told = judged(
        aisha_known(),
        on_willow(),
        &[session(2, "patient-404"), made.clone(), addendum(3, &made.op.entity_id), addendum(4, DEVICE)],
    )
    .await;
    assert!(reason(&told[0]).contains("no patient with this id"));
    assert_eq!(told[2], Ok(willow(Some("patient-001"))), "an addendum on a session made a moment before");
    assert_eq!(reason(&told[3]), "There is no saved session with this id to add to.");
}

#[tokio::test]
async fn a_psw_may_not_write_on_a_ward_that_is_not_theirs() {
    let elsewhere = Reach { ward_ids: vec!["ward-rowan".into()], site_ids: vec!["site-a".into()] };
    let told = judged(aisha_known(), elsewhere, &[session(1, "patient-001")]).await;
    assert!(reason(&told[0]).contains("ward"), "{}", reason(&told[0]));
}

#[tokio::test]
async fn a_concern_is_acknowledged_once() {
    let concern = "40000000-0000-4000-8000-000000000001";
    let answered = "40000000-0000-4000-8000-000000000002";
    let mut known = Known::default();
    for id in [concern, answered] {
        known.parents.insert((app::domain::sync::Parent::Concern, id.into()), willow(Some("patient-001")));
    }
    known
        .first_acks
        .insert(answered.into(), ("Priya".into(), format!("{:015}:00000:{DEVICE}", NOW_MS - 60_000)));
    let nurse = Reach { ward_ids: vec!["ward-willow".into()], site_ids: vec!["site-a".into()] };
    let dir = tempfile::tempdir().expect("folder");
    let store = idle_store(&dir).await;
    let user = SignedIn { role: Role::NurseInCharge, ..psw() };
    let judge =
        Judge { store: &store, user: &user, reach: &nurse, handed_to: None, now_ms: NOW_MS, known: &known };
    let mut batch = Batch::new(Vec::new());
    let first = ack(1, concern);
    let body = serde_json::to_string(&first.op).expect("body");
    let place = judge.op(&first, &body, &batch).await.expect("judged").expect("the first is taken");
    batch.accept(&first, &body, &place, "Priya");
    let again = ack(2, concern);
    let told =
        judge.op(&again, &serde_json::to_string(&again.op).expect("body"), &batch).await.expect("judged");
    assert!(reason(&told).contains("earlier in this request"));
    let late = ack(3, answered);
    let told =
        judge.op(&late, &serde_json::to_string(&late.op).expect("body"), &batch).await.expect("judged");
    assert!(reason(&told).starts_with("Priya already acknowledged this concern"), "{}", reason(&told));
}
