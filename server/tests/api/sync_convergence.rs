//! Property: however batches are split, duplicated, reordered, interleaved
//! between devices or retried after a lost answer, every op is stored
//! exactly once and every replica that pulls `changes` ends up with exactly
//! the server's ops. Some ops change the patient's bed, with clock stamps in
//! no particular order: the server's bed is the last writer's by stamp, every
//! replica that applies the same rule agrees, and no losing value is missing
//! from the history. Some raise concerns and some record groups (which reach
//! a replica by their ward, not their patient), each stored once as sent.
//! Cases come from proptest's deterministic generator and run against the
//! real store, on both engines: 1,000 each in the test command, or
//! `ALONGSIDE_PROPTEST_CASES` (`.ci/proptest-sync` runs 100,000). They share
//! one server; each case has two patients of its own, admitted to Willow
//! Ward for it, and devices of its own, and reads back only what was
//! written after it began.

use crate::helpers::{cursor_now, property_cases, spawn_app, Engine, TestApp};
use app::domain::concern::ConcernCategory;
use app::domain::contact::{ContactType, Engagement, Theme};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

crate::on_both_engines!(any_delivery_order_stores_every_op_exactly_once_and_replicas_converge);

/// The two patients of one case, on Willow Ward (where the nurse is in
/// charge and Sam works): `aisha` is the one every op is about, `ella`
/// comes to some groups.
struct Patients {
    aisha: String,
    ella: String,
}

async fn admit(app: &TestApp, case: u32) -> Patients {
    let patients =
        Patients { aisha: format!("patient-case-{case}-a"), ella: format!("patient-case-{case}-e") };
    crate::helpers::admit(app, &[&patients.aisha, &patients.ella], "ward-willow").await;
    patients
}

/// One case: for each of three devices, how many notes it writes and where
/// its outbox is cut into batches; then the order batches arrive in, which
/// are sent twice, and which answers are lost (so the batch is sent again).
#[derive(Clone, Debug)]
struct Schedule {
    notes: [usize; 3],
    cuts: Vec<bool>,
    order: Vec<u32>,
    doubled: Vec<bool>,
    lost: Vec<bool>,
}

fn schedules() -> impl Strategy<Value = Schedule> {
    (
        [1usize..8, 1usize..8, 1usize..8],
        prop::collection::vec(any::<bool>(), 24),
        prop::collection::vec(any::<u32>(), 24),
        prop::collection::vec(prop::bool::weighted(0.3), 24),
        prop::collection::vec(prop::bool::weighted(0.3), 24),
    )
        .prop_map(|(notes, cuts, order, doubled, lost)| Schedule { notes, cuts, order, doubled, lost })
}

fn device(case: u32, n: usize) -> String {
    format!("00000000-0000-4000-8000-{case:08}{n:04}")
}

/// Every third op of a device changes Aisha's bed, stamped up to a minute
/// in the past (`skew`), so stamps and arrival disagree; the rest are notes.
fn note_op(device_id: &str, counter: usize, skew: u32, patients: &Patients) -> Value {
    let (aisha, ella) = (&patients.aisha, &patients.ella);
    if counter % 3 == 2 {
        let ms = chrono::Utc::now().timestamp_millis() - i64::from(skew % 60_000);
        return json!({
            "id": uuid::Uuid::new_v4().to_string(), "entity": "patient", "entity_id": aisha,
            "action": "update", "hlc": format!("{ms:015}:{counter:05}:{device_id}"),
            "payload": { "bed": format!("Bed {counter} from {}", &device_id[34..]) },
        });
    }
    // Every fifth op or so raises a concern, of a category drawn from the skew.
    if counter % 5 == 4 {
        let category = ConcernCategory::ALL[skew as usize % ConcernCategory::ALL.len()];
        return json!({
            "id": uuid::Uuid::new_v4().to_string(), "entity": "concern",
            "entity_id": uuid::Uuid::new_v4().to_string(), "action": "create",
            "hlc": format!("{:015}:{counter:05}:{device_id}", chrono::Utc::now().timestamp_millis()),
            "payload": { "patient_id": aisha, "category": category.as_str(),
                         "what_happened": format!("Seen {counter} ({skew})"), "done_now": "Stayed with her.",
                         "told": if skew.is_multiple_of(2) { "" } else { "Priya Raman" } },
        });
    }
    // Some are groups on Aisha's ward, some with Ella too.
    if counter % 4 == 3 {
        let mut attendees = vec![json!({ "patient_id": aisha, "line": format!("Group {counter} ({skew})") })];
        if skew.is_multiple_of(2) {
            attendees.push(json!({ "patient_id": ella }));
        }
        return json!({
            "id": uuid::Uuid::new_v4().to_string(), "entity": "group_session",
            "entity_id": uuid::Uuid::new_v4().to_string(), "action": "create",
            "hlc": format!("{:015}:{counter:05}:{device_id}", chrono::Utc::now().timestamp_millis()),
            "payload": { "ward_id": "ward-willow", "title": format!("Group {counter}"),
                         "started_at": crate::helpers::minutes_ago(30), "duration_min": 30,
                         "attendees": attendees, "others_count": skew % 3 },
        });
    }
    // Every kind of contact, with details drawn from the skew; only a one
    // to one must have a note.
    let kind = ContactType::ALL[(counter + skew as usize) % ContactType::ALL.len()];
    let themes: Vec<&str> = Theme::ALL
        .iter()
        .enumerate()
        .filter(|(i, _)| skew & (1 << i) != 0)
        .map(|(_, t)| t.as_str())
        .collect();
    let note = if kind == ContactType::OneToOne || counter.is_multiple_of(2) {
        format!("Note {counter}")
    } else {
        String::new()
    };
    json!({
        "id": uuid::Uuid::new_v4().to_string(), "entity": "session",
        "entity_id": uuid::Uuid::new_v4().to_string(), "action": "create",
        "hlc": format!("{:015}:{counter:05}:{device_id}", chrono::Utc::now().timestamp_millis()),
        "payload": { "patient_id": aisha, "session_type": kind.as_str(),
                     "started_at": crate::helpers::minutes_ago(20), "duration_min": 10, "note": note,
                     "themes": themes, "engagement": Engagement::ALL[skew as usize % Engagement::ALL.len()].as_str(),
                     "lived_experience_shared": skew.is_multiple_of(2), "place": format!("Room {}", skew % 7) },
    })
}

async fn send(app: &TestApp, token: &str, device_id: &str, ops: &[Value], cursor: Option<&str>) -> Value {
    let body = json!({ "device_id": device_id, "cursor": cursor, "ops": ops }).to_string();
    let response = app.post_sync(body, Some(token)).await;
    assert_eq!(response.status.as_u16(), 200, "{}", response.body);
    response.json()
}

/// Every op id a replica learns by pulling `changes` from `cursor` (where
/// the log stood when its case began).
async fn pull_all(app: &TestApp, token: &str, device_id: &str, cursor: &str) -> Vec<String> {
    let (mut ids, mut cursor) = (Vec::new(), Some(cursor.to_owned()));
    loop {
        let answer = send(app, token, device_id, &[], cursor.as_deref()).await;
        for change in answer["changes"].as_array().expect("changes") {
            ids.push(change["id"].as_str().expect("id").to_owned());
        }
        cursor = Some(answer["cursor"].as_str().expect("cursor").to_owned());
        if answer["more"] == false {
            return ids;
        }
    }
}

fn str_of(op: &Value, field: &str) -> String {
    op[field].as_str().expect(field).to_owned()
}

/// The ward's nurse, who writes notes and may change beds (on three
/// phones), and Sam, a PSW on the ward, who only reads.
struct Staff {
    nurse: String,
    psw: String,
}

async fn run_case(app: &TestApp, staff: &Staff, case: u32, schedule: &Schedule) {
    let patients = admit(app, case).await;
    let (nurse, psw) = (&staff.nurse, &staff.psw);
    let ops_before = app.state.store.op_count().await.expect("count") as usize;
    let start = cursor_now(app).await;
    let device = |n: usize| device(case, n);
    // Each device's outbox, cut into batches.
    let mut batches: Vec<(usize, Vec<Value>)> = Vec::new();
    let mut all_ops = Vec::new();
    let mut cut = schedule.cuts.iter().cycle();
    for (d, &count) in schedule.notes.iter().enumerate() {
        let skews = schedule.order.iter().cycle().skip(d * 7);
        let ops: Vec<Value> =
            (0..count).zip(skews).map(|(i, skew)| note_op(&device(d), i, *skew, &patients)).collect();
        all_ops.extend(ops.iter().cloned());
        let mut batch = Vec::new();
        for op in ops {
            batch.push(op);
            if *cut.next().expect("cycle") {
                batches.push((d, std::mem::take(&mut batch)));
            }
        }
        if !batch.is_empty() {
            batches.push((d, batch));
        }
    }
    // Arrival order: interleaved and reordered, some twice, some retried.
    let mut arrivals: Vec<(u32, usize)> =
        (0..batches.len()).map(|i| (schedule.order[i % schedule.order.len()], i)).collect();
    arrivals.sort();
    let mut deliveries: Vec<usize> = arrivals.iter().map(|(_, i)| *i).collect();
    for i in 0..batches.len() {
        if schedule.doubled[i % schedule.doubled.len()] {
            deliveries.insert(deliveries.len() / 2, i);
        }
        if schedule.lost[i % schedule.lost.len()] {
            deliveries.push(i);
        }
    }
    let mut applied: BTreeMap<String, usize> = BTreeMap::new();
    for i in deliveries {
        let (d, ops) = &batches[i];
        let answer = send(app, nurse, &device(*d), ops, Some(&start)).await;
        for result in answer["results"].as_array().expect("results") {
            let status = result["status"].as_str().expect("status");
            assert!(status == "applied" || status == "duplicate", "{schedule:?}: {result}");
            if status == "applied" {
                *applied.entry(result["id"].as_str().expect("id").to_owned()).or_default() += 1;
            }
        }
    }
    // Finally each device sends its whole outbox once more, as after a crash.
    for d in 0..3 {
        let ops: Vec<Value> =
            batches.iter().filter(|(bd, _)| *bd == d).flat_map(|(_, ops)| ops.clone()).collect();
        let answer = send(app, nurse, &device(d), &ops, Some(&start)).await;
        assert!(answer["results"].as_array().expect("results").iter().all(|r| r["status"] == "duplicate"));
    }

    let expected: BTreeSet<String> =
        all_ops.iter().map(|op| op["id"].as_str().expect("id").to_owned()).collect();
    assert_eq!(applied.keys().cloned().collect::<BTreeSet<_>>(), expected, "{schedule:?}: every op applied");
    assert!(applied.values().all(|n| *n == 1), "{schedule:?}: applied once each");
    let stored = app.state.store.op_count().await.expect("count") as usize - ops_before;
    assert_eq!(stored, expected.len(), "{schedule:?}: stored once each");
    let timeline = app.state.store.patient_timeline(&patients.aisha).await.expect("timeline");
    for op in all_ops.iter().filter(|op| op["entity"] == "session") {
        let stored = timeline.iter().find(|s| s.id == str_of(op, "entity_id")).expect("on the timeline");
        let sent = app::domain::contact::read_details(&op["payload"]).expect("details");
        assert_eq!(stored.details, sent, "{schedule:?}: a contact's details are kept as sent");
        assert_eq!(stored.session_type, str_of(&op["payload"], "session_type"));
    }
    let concerns = app.state.store.patient_concerns(&patients.aisha, &[]).await.expect("concerns");
    let raised: Vec<&Value> = all_ops.iter().filter(|op| op["entity"] == "concern").collect();
    assert_eq!(concerns.len(), raised.len(), "{schedule:?}: each concern stored once");
    for op in raised {
        let stored = concerns.iter().find(|c| c.id == str_of(op, "entity_id")).expect("listed");
        assert_eq!(stored.category, str_of(&op["payload"], "category"));
        assert_eq!(stored.what_happened, str_of(&op["payload"], "what_happened"));
        assert_eq!(stored.told, str_of(&op["payload"], "told"));
    }
    let lines = app.state.store.patient_group_lines(&patients.aisha).await.expect("group lines");
    let groups: Vec<&Value> = all_ops.iter().filter(|op| op["entity"] == "group_session").collect();
    assert_eq!(lines.len(), groups.len(), "{schedule:?}: each group stored once");
    for op in groups {
        let stored = lines.iter().find(|g| g.group_id == str_of(op, "entity_id")).expect("on her timeline");
        assert_eq!(stored.line, op["payload"]["attendees"][0]["line"].as_str().expect("line"));
        let others = op["payload"]["others_count"].as_u64().expect("count") as u32;
        let listed = op["payload"]["attendees"].as_array().expect("attendees").len() as u32;
        assert_eq!(stored.attended, listed + others, "{schedule:?}: everyone who came is counted");
    }
    let beds: BTreeMap<String, (String, String)> = all_ops
        .iter()
        .filter(|op| op["entity"] == "patient")
        .map(|op| {
            (str_of(op, "id"), (str_of(op, "hlc"), op["payload"]["bed"].as_str().expect("bed").to_owned()))
        })
        .collect();
    let last_writer = beds.values().max().map(|(_, bed)| bed.clone());
    let history = app.state.store.bed_history(&patients.aisha).await.expect("history");
    let kept: BTreeSet<String> =
        history.iter().map(|v| v.op_id.clone()).filter(|id| !id.is_empty()).collect();
    assert_eq!(kept, beds.keys().cloned().collect(), "{schedule:?}: every bed ever set is in the history");
    assert_eq!(history.last().map(|v| v.hlc.as_str()), Some(""), "the bed on admission is kept too");
    match &last_writer {
        Some(bed) => {
            assert_eq!(history.first().map(|v| &v.value), Some(bed), "{schedule:?}: the last writer wins");
            let placed =
                app.state.store.placed_patient(&patients.aisha).await.expect("patient").expect("on a ward");
            assert_eq!(&placed.record.bed, bed, "{schedule:?}: the patient's bed (as the caseload shows it)");
        }
        None => assert_eq!(history.len(), 1, "{schedule:?}: no change, only the bed on admission"),
    }
    for (token, d) in [(nurse, 0), (nurse, 1), (psw, 9)] {
        // A replica holds what it sent and what it pulls (never its own ops again).
        let own: BTreeSet<String> = batches
            .iter()
            .filter(|(bd, _)| *bd == d)
            .flat_map(|(_, ops)| ops.iter().map(|op| op["id"].as_str().expect("id").to_owned()))
            .collect();
        let pulled = pull_all(app, token, &device(d), &start).await;
        let pulled_set: BTreeSet<String> = pulled.iter().cloned().collect();
        assert_eq!(pulled.len(), pulled_set.len(), "{schedule:?}: no op pulled twice");
        assert!(pulled_set.is_disjoint(&own), "{schedule:?}: a device is not sent its own ops");
        let replica: BTreeSet<String> = pulled_set.union(&own).cloned().collect();
        assert_eq!(replica, expected, "{schedule:?}: the replica converges");
        // The replica's bed by the same rule is the server's.
        let mine = beds.iter().filter(|(id, _)| replica.contains(*id)).map(|(_, v)| v).max();
        assert_eq!(
            mine.map(|(_, bed)| bed.clone()),
            last_writer,
            "{schedule:?}: device {d} agrees on the bed"
        );
    }
}

async fn any_delivery_order_stores_every_op_exactly_once_and_replicas_converge(engine: Engine) {
    let cases = property_cases();
    let mut runner = TestRunner::new(Config { cases, ..Config::default() });
    let strategy = schedules();
    let app = spawn_app(engine).await;
    let staff = Staff { nurse: app.session_for("nurse").await, psw: app.session_for("psw").await };
    for case in 0..cases {
        let schedule = strategy.new_tree(&mut runner).expect("a case").current();
        run_case(&app, &staff, case, &schedule).await;
    }
}
