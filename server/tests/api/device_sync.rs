//! Property: the device's own sync code (`app::sync::Replica`, the code the
//! phone runs) against the real server. Three phones record sessions and
//! addenda offline, then sync in a random order, with answers lost and
//! requests replayed. In the end every good record is on the server exactly
//! once, each phone's outbox holds only what the server refused (with the
//! reason), and every phone can read every record of its wards. The nurse's
//! two phones also change a patient's bed: every phone, by the device's own
//! rule, shows the bed the server holds, and the server keeps every value.
//! The cases (1,000 on each engine, or `ALONGSIDE_PROPTEST_CASES`) share one
//! server: each case's phones start where the log stands when it begins
//! (as phones that had synced up to then), and its beds are changed on a
//! patient admitted for it.

use crate::helpers::{admit, cursor_now, property_cases, spawn_app, Engine, TestApp};
use app::sync::{beds, Author, KeptState, Kv, MemoryKv, NewIds, Replica, OUTBOX_PREFIX};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use serde_json::json;
use std::collections::BTreeSet;

crate::on_both_engines!(
    phones_running_the_device_code_converge_whatever_the_network_does,
    a_refused_record_stays_on_the_phone_with_the_reason_and_never_blocks_the_rest,
    a_hundred_of_the_longest_notes_all_reach_the_server,
    outbox_entries_an_earlier_release_wrote_are_sent_as_they_are_and_judged_by_the_server,
);

/// Patients on Willow and Rowan, the wards of `psw` and `nurse`.
const OURS: [&str; 4] = ["patient-001", "patient-002", "patient-005", "patient-006"];

#[derive(Clone, Debug)]
struct Schedule {
    /// Per phone: how many sessions, and how many addenda after them.
    writes: [(usize, usize); 3],
    /// How many times each of the nurse's two phones changes Aisha's bed.
    beds: [usize; 2],
    /// Which phone syncs next, and whether its answer is lost or its request replayed.
    rounds: Vec<(usize, bool, bool)>,
}

fn schedules() -> impl Strategy<Value = Schedule> {
    (
        [(1usize..6, 0usize..3), (1usize..6, 0usize..3), (0usize..4, 0usize..2)],
        [0usize..3, 0usize..3],
        prop::collection::vec((0usize..4, prop::bool::weighted(0.3), prop::bool::weighted(0.2)), 6..20),
    )
        .prop_map(|(writes, beds, rounds)| Schedule { writes, beds, rounds })
}

struct Phone {
    replica: Replica<MemoryKv>,
    author: Author,
    token: String,
}

fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn ids() -> NewIds {
    NewIds { op_id: uuid(), entity_id: uuid() }
}

fn now_ms() -> u64 {
    chrono::Utc::now().timestamp_millis() as u64
}

async fn phone(app: &TestApp, username: &str, staff_id: &str, name: &str) -> Phone {
    let replica = Replica::open(MemoryKv::default(), uuid).expect("a fresh phone");
    let author = Author { staff_id: staff_id.into(), name: name.into() };
    Phone { replica, author, token: app.session_for(username).await }
}

/// A phone that has pulled everything up to `cursor` (kept where the
/// device keeps it, `alongside.cursor.<staff id>`), signed in with `token`.
fn phone_at(cursor: &str, token: &str, staff_id: &str, name: &str) -> Phone {
    let mut kv = MemoryKv::default();
    kv.set(&format!("alongside.cursor.{staff_id}"), cursor).expect("fits");
    let replica = Replica::open(kv, uuid).expect("a phone");
    let author = Author { staff_id: staff_id.into(), name: name.into() };
    Phone { replica, author, token: token.into() }
}

fn session(patient: &str, n: usize) -> serde_json::Value {
    json!({ "patient_id": patient, "session_type": "one_to_one", "started_at": crate::helpers::minutes_ago(20),
            "duration_min": 10 + n, "note": format!("Note {n} about {patient}.") })
}

/// One request from `phone`; the answer is taken in unless it is "lost".
async fn sync_once(app: &TestApp, phone: &mut Phone, lose: bool, replay: bool) -> bool {
    let plan = phone.replica.plan(&phone.author.staff_id);
    let times = if replay { 2 } else { 1 };
    let mut answer = None;
    for _ in 0..times {
        let response = app.post_sync(plan.body.clone(), Some(&phone.token)).await;
        assert_eq!(response.status.as_u16(), 200, "{}", response.body);
        answer = Some(serde_json::from_str(&response.body).expect("a sync answer"));
    }
    if lose {
        return true;
    }
    let digest = phone.replica.digest(&phone.author.staff_id, &plan, answer.expect("an answer"), now_ms());
    digest.again
}

async fn run_case(app: &TestApp, tokens: &(String, String), case: u32, schedule: &Schedule) {
    // Aisha, for this case: the nurse's phones change her bed.
    let aisha = format!("patient-case-{case}");
    admit(app, &[&aisha], "ward-willow").await;
    let start = cursor_now(app).await;
    let ops_before = app.state.store.op_count().await.expect("count") as usize;
    let (sam, priya) = (("staff-psw", "Sam Okafor"), ("staff-nurse", "Priya Raman"));
    let mut phones = vec![
        phone_at(&start, &tokens.0, sam.0, sam.1),
        phone_at(&start, &tokens.0, sam.0, sam.1),
        phone_at(&start, &tokens.1, priya.0, priya.1),
        phone_at(&start, &tokens.1, priya.0, priya.1),
    ];
    let mut written = BTreeSet::new();
    for (p, &(sessions, addenda)) in schedule.writes.iter().enumerate() {
        let phone = &mut phones[p];
        let mut mine = Vec::new();
        for n in 0..sessions {
            let kept = phone
                .replica
                .record(&phone.author, "session", session(OURS[n % OURS.len()], n), ids(), now_ms())
                .expect("kept");
            mine.push(kept.op.entity_id.clone());
            written.insert(kept.op.id);
        }
        for session_id in mine.iter().take(addenda) {
            let payload = json!({ "session_id": session_id, "reason": "Detail missed", "text": "Also talked about sleep." });
            let kept =
                phone.replica.record(&phone.author, "addendum", payload, ids(), now_ms()).expect("kept");
            written.insert(kept.op.id);
        }
    }
    let mut bed_ops = BTreeSet::new();
    for (i, &count) in schedule.beds.iter().enumerate() {
        let phone = &mut phones[2 + i];
        for n in 0..count {
            let ids = NewIds { op_id: uuid(), entity_id: aisha.clone() };
            let payload = json!({ "bed": format!("Bay {i}, bed {n}") });
            let kept = phone
                .replica
                .record_change(&phone.author, "patient", "update", payload, ids, now_ms())
                .expect("kept");
            written.insert(kept.op.id.clone());
            bed_ops.insert(kept.op.id);
        }
    }
    for &(p, lose, replay) in &schedule.rounds {
        sync_once(app, &mut phones[p], lose, replay).await;
    }
    // Then the network is good: every phone syncs until it has nothing left.
    for phone in &mut phones {
        for _ in 0..20 {
            if !sync_once(app, phone, false, false).await {
                break;
            }
        }
    }
    // And once more each, so every phone sees what the others sent last.
    for phone in &mut phones {
        while sync_once(app, phone, false, false).await {}
    }

    let stored = app.state.store.op_count().await.expect("count") as usize - ops_before;
    assert_eq!(stored, written.len(), "{schedule:?}: each op stored once");
    for (p, phone) in phones.iter().enumerate() {
        let outbox = phone.replica.outbox(&phone.author.staff_id);
        assert!(outbox.is_empty(), "{schedule:?}: phone {p} still holds {outbox:?}");
        let readable: BTreeSet<String> =
            phone.replica.readable(&phone.author.staff_id).into_iter().map(|k| k.op.id).collect();
        assert_eq!(readable, written, "{schedule:?}: phone {p} reads every record of its wards");
        assert!(phone.replica.readable(&phone.author.staff_id).iter().all(|k| k.state == KeptState::Saved));
    }
    let history = app.state.store.bed_history(&aisha).await.expect("history");
    let kept: BTreeSet<String> =
        history.iter().map(|v| v.op_id.clone()).filter(|id| !id.is_empty()).collect();
    assert_eq!(kept, bed_ops, "{schedule:?}: every bed set is in the history");
    for (p, phone) in phones.iter().enumerate() {
        let readable = phone.replica.readable(&phone.author.staff_id);
        // The phone's own rule over what it holds, with nothing from the server's page.
        let shown = beds(&[], &readable, &aisha);
        let expected = if bed_ops.is_empty() { None } else { history.first().map(|v| v.value.clone()) };
        assert_eq!(shown.first().map(|(v, _)| v.value.clone()), expected, "{schedule:?}: phone {p}'s bed");
    }
}

async fn phones_running_the_device_code_converge_whatever_the_network_does(engine: Engine) {
    let cases = property_cases();
    let mut runner = TestRunner::new(Config { cases, ..Config::default() });
    let strategy = schedules();
    let app = spawn_app(engine).await;
    let tokens = (app.session_for("psw").await, app.session_for("nurse").await);
    for case in 0..cases {
        let schedule = strategy.new_tree(&mut runner).expect("a case").current();
        run_case(&app, &tokens, case, &schedule).await;
    }
}

async fn a_refused_record_stays_on_the_phone_with_the_reason_and_never_blocks_the_rest(engine: Engine) {
    let app = spawn_app(engine).await;
    let mut sam = phone(&app, "psw", "staff-psw", "Sam Okafor").await;
    let good =
        sam.replica.record(&sam.author, "session", session("patient-001", 1), ids(), now_ms()).expect("kept");
    // Chloe (patient-003) is on Kestrel Ward, not one of Sam's.
    let other =
        sam.replica.record(&sam.author, "session", session("patient-003", 2), ids(), now_ms()).expect("kept");
    let later =
        sam.replica.record(&sam.author, "session", session("patient-002", 3), ids(), now_ms()).expect("kept");
    sync_once(&app, &mut sam, false, false).await;
    let outbox = sam.replica.outbox("staff-psw");
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].op.id, other.op.id);
    assert_eq!(
        outbox[0].state,
        KeptState::Rejected { reason: "This person is not on your wards.".into(), clock_fast_ms: 0 }
    );
    assert_eq!(
        app.state.store.session_note(&good.op.entity_id).await.expect("note").as_deref(),
        Some("Note 1 about patient-001.")
    );
    assert!(app.state.store.session_note(&later.op.entity_id).await.expect("note").is_some());
    assert!(app.state.store.session_note(&other.op.entity_id).await.expect("note").is_none());
    // It is not sent again, and stays until Sam clears it.
    assert!(sam.replica.plan("staff-psw").op_ids.is_empty());
    assert!(sam.replica.discard_refused("staff-psw", &other.op.id));
}

/// A hundred notes of the longest (20,000 characters, each of four bytes:
/// 8 MB in all, four times what one request may hold) leave the phone in
/// requests the server takes, and every one is stored whole.
async fn a_hundred_of_the_longest_notes_all_reach_the_server(engine: Engine) {
    let app = spawn_app(engine).await;
    let mut sam = phone(&app, "psw", "staff-psw", "Sam Okafor").await;
    let longest = "🌿".repeat(20_000);
    let mut written = Vec::new();
    for n in 0..100 {
        let mut payload = session(OURS[n % 2], n);
        payload["note"] = json!(longest);
        let kept = sam.replica.record(&sam.author, "session", payload, ids(), now_ms()).expect("kept");
        written.push(kept.op.entity_id);
    }
    // Each round must be answered 200 (`sync_once` says so): a 413 would
    // come back on every retry and the notes would never leave.
    let mut rounds = 0;
    while sync_once(&app, &mut sam, false, false).await {
        rounds += 1;
        assert!(rounds < 30, "the outbox keeps asking for more");
    }
    assert!(sam.replica.outbox("staff-psw").is_empty(), "every note left the phone");
    assert_eq!(app.state.store.op_count().await.expect("count"), 100);
    for id in [&written[0], &written[99]] {
        let note = app.state.store.session_note(id).await.expect("note").expect("stored");
        assert_eq!(note.chars().count(), 20_000, "stored whole");
    }
}

/// An app update finds two notes an earlier release left in the outbox, in
/// a layout this one cannot read (no author's name or time kept; one
/// stamped with a bare number). Neither is dropped: both count as on the
/// phone, both go exactly as written, the server stores the one it can read
/// and refuses the other with its reason, which stays on the phone.
async fn outbox_entries_an_earlier_release_wrote_are_sent_as_they_are_and_judged_by_the_server(
    engine: Engine,
) {
    let app = spawn_app(engine).await;
    let device = uuid();
    let earlier = |hlc: serde_json::Value, n: usize| {
        let op = json!({ "id": uuid(), "entity": "session", "entity_id": uuid(), "action": "create",
                         "hlc": hlc, "payload": session("patient-001", n) });
        (op.clone(), json!({ "op": op, "author": "staff-psw", "state": "unsent" }))
    };
    let (readable, readable_entry) = earlier(json!(format!("{:015}:00000:{device}", now_ms() - 60_000)), 1);
    let (unreadable, unreadable_entry) = earlier(json!(now_ms() - 60_000), 2);
    let mut kv = MemoryKv::default();
    for (op, entry) in [(&readable, &readable_entry), (&unreadable, &unreadable_entry)] {
        kv.set(&format!("{OUTBOX_PREFIX}{}", op["id"].as_str().expect("id")), &entry.to_string())
            .expect("kept");
    }
    let replica = Replica::open(kv, || device.clone()).expect("opens");
    let mut sam = Phone {
        replica,
        author: Author { staff_id: "staff-psw".into(), name: "Sam Okafor".into() },
        token: app.session_for("psw").await,
    };
    assert_eq!(sam.replica.unsent_count("staff-psw"), 2, "both count as on this phone");
    let shown = sam.replica.readable("staff-psw");
    assert!(shown.iter().any(|k| k.field("note") == "Note 2 about patient-001."), "shown as far as it reads");
    let new =
        sam.replica.record(&sam.author, "session", session("patient-002", 3), ids(), now_ms()).expect("kept");

    let plan = sam.replica.plan("staff-psw");
    let sent: serde_json::Value = serde_json::from_str(&plan.body).expect("json");
    let sent = sent["ops"].as_array().expect("ops");
    assert!(sent.contains(&readable) && sent.contains(&unreadable), "each sent exactly as it was written");
    sync_once(&app, &mut sam, false, false).await;

    for id in [readable["entity_id"].as_str().expect("id"), new.op.entity_id.as_str()] {
        assert!(app.state.store.session_note(id).await.expect("note").is_some(), "{id} stored");
    }
    let outbox = sam.replica.outbox("staff-psw");
    assert_eq!(outbox.len(), 1, "only the one the server refused stays");
    assert_eq!(outbox[0].op.id, unreadable["id"].as_str().expect("id"));
    assert!(
        matches!(&outbox[0].state, KeptState::Rejected { reason, .. } if reason.contains("hlc as text")),
        "{:?}",
        outbox[0].state
    );
    assert!(app
        .state
        .store
        .session_note(unreadable["entity_id"].as_str().expect("id"))
        .await
        .expect("note")
        .is_none());
}
