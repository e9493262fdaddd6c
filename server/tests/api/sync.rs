//! The sync contract (`server/API.md`, *`POST /api/sync`*): every status and error it names.

use crate::helpers::{spawn_app, Engine, TestApp};
use axum::http::{header, StatusCode};
use serde_json::{json, Value};
use server::store::Store;

crate::on_both_engines!(
    a_session_note_is_stored_once_and_a_replay_is_a_duplicate,
    reusing_an_op_id_for_other_content_is_rejected_and_changes_nothing,
    only_staff_who_may_write_to_that_ward_can,
    a_batch_of_good_and_bad_ops_applies_the_good_and_rejects_the_bad_one_by_one,
    an_addendum_joins_its_session_in_the_same_batch,
    oversized_malformed_and_unsigned_requests_get_a_clear_4xx_and_store_nothing,
    changes_reach_the_wards_staff_page_by_page_and_nobody_else,
    a_new_devices_first_pull_starts_at_its_retention_window,
    a_phone_far_behind_gets_its_wards_changes_in_whole_pages_and_then_moves_past_the_rest,
);

const DEVICE: &str = "6f1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10";

/// A fresh UUID for an op or a record.
fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn hlc(counter: u32) -> String {
    format!("{:015}:{counter:05}:{DEVICE}", chrono::Utc::now().timestamp_millis())
}

fn session_op(patient_id: &str, note: &str) -> Value {
    json!({
        "id": uuid(), "entity": "session", "entity_id": uuid(), "action": "create", "hlc": hlc(0),
        "payload": { "patient_id": patient_id, "session_type": "one_to_one",
                     "started_at": crate::helpers::minutes_ago(20), "duration_min": 20, "note": note },
    })
}

/// Another phone on the same wards.
const OTHER_DEVICE: &str = "7a2d3b0f-1c5e-4d8f-8b62-4e3a9f8c7b21";

async fn sync(app: &TestApp, token: &str, ops: Vec<Value>, cursor: Option<&str>) -> Value {
    sync_from(app, token, DEVICE, ops, cursor).await
}

async fn sync_from(app: &TestApp, token: &str, device: &str, ops: Vec<Value>, cursor: Option<&str>) -> Value {
    let body = json!({ "device_id": device, "cursor": cursor, "ops": ops }).to_string();
    let response = app.post_sync(body, Some(token)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()
}

fn statuses(answer: &Value) -> Vec<String> {
    answer["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["status"].as_str().expect("status").to_owned())
        .collect()
}

async fn a_session_note_is_stored_once_and_a_replay_is_a_duplicate(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    let op = session_op("patient-001", "Aisha talked about going home to her sister's.");
    let first = sync(&app, &psw, vec![op.clone()], None).await;
    assert_eq!(first["results"][0], json!({ "id": op["id"], "status": "applied" }));
    let again = sync(&app, &psw, vec![op.clone()], None).await;
    assert_eq!(statuses(&again), ["duplicate"]);
    assert_eq!(app.state.store.op_count().await.expect("count"), 1, "stored exactly once");
    let note = app.state.store.session_note(op["entity_id"].as_str().expect("id")).await.expect("note");
    assert_eq!(note.as_deref(), Some("Aisha talked about going home to her sister's."));
    assert_eq!(first["changes"], json!([]), "the phone that sent it already holds it");
    let nurse = app.session_for("nurse").await;
    let pulled = sync_from(&app, &nurse, OTHER_DEVICE, vec![], None).await;
    let change = &pulled["changes"][0];
    assert_eq!(change["id"], op["id"]);
    assert_eq!(change["payload"], op["payload"]);
    assert_eq!(change["author"], "staff-psw", "the author is the signed-in user");
    let trail = app.state.store.audit_for_username("psw", 10).await.expect("trail");
    assert!(trail
        .iter()
        .any(|e| e.action == "wrote_record" && e.patient_id.as_deref() == Some("patient-001")));
}

async fn reusing_an_op_id_for_other_content_is_rejected_and_changes_nothing(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    let op = session_op("patient-001", "The first words.");
    sync(&app, &psw, vec![op.clone()], None).await;
    let mut forged = op.clone();
    forged["payload"]["note"] = json!("Other words under the same id.");
    let answer = sync(&app, &psw, vec![forged], None).await;
    assert_eq!(statuses(&answer), ["rejected"]);
    assert!(answer["results"][0]["reason"].as_str().expect("reason").contains("never reused"));
    let note = app.state.store.session_note(op["entity_id"].as_str().expect("id")).await.expect("note");
    assert_eq!(note.as_deref(), Some("The first words."));
}

async fn only_staff_who_may_write_to_that_ward_can(engine: Engine) {
    let app = spawn_app(engine).await;
    // patient-003 is on Kestrel: psw2's ward, not psw's.
    let cases = [("psw", "not on your wards"), ("manager", "role"), ("admin", "role")];
    for (username, reason) in cases {
        let token = app.session_for(username).await;
        let answer = sync(&app, &token, vec![session_op("patient-003", "A note.")], None).await;
        assert_eq!(statuses(&answer), ["rejected"], "{username}");
        let said = answer["results"][0]["reason"].as_str().expect("reason").to_lowercase();
        assert!(said.contains(reason), "{username}: {said}");
    }
    let psw2 = app.session_for("psw2").await;
    assert_eq!(
        statuses(&sync(&app, &psw2, vec![session_op("patient-003", "A note.")], None).await),
        ["applied"]
    );
    assert_eq!(app.state.store.op_count().await.expect("count"), 1, "only psw2's note is stored");
}

async fn a_batch_of_good_and_bad_ops_applies_the_good_and_rejects_the_bad_one_by_one(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    let mut too_long = session_op("patient-001", "");
    too_long["payload"]["note"] = json!("a".repeat(20_001));
    let mut future = session_op("patient-001", "From the future.");
    future["hlc"] =
        json!(format!("{:015}:00000:{DEVICE}", chrono::Utc::now().timestamp_millis() + 3_600_000));
    let mut wrong_type = session_op("patient-001", "Typed badly.");
    wrong_type["payload"]["duration_min"] = json!("twenty");
    let unknown = json!({ "id": uuid(), "entity": "spaceship", "entity_id": uuid(), "action": "create", "hlc": hlc(1), "payload": {} });
    let ops = vec![
        session_op("patient-001", "Good one."),
        too_long,
        future,
        wrong_type,
        unknown,
        json!("not even an object"),
        session_op("patient-001", "<script>alert('x')</script>'; drop table sessions; --"),
    ];
    let answer = sync(&app, &psw, ops, None).await;
    assert_eq!(
        statuses(&answer),
        ["applied", "rejected", "rejected", "rejected", "rejected", "rejected", "applied"]
    );
    let reasons: Vec<&str> = answer["results"].as_array().expect("results")[1..6]
        .iter()
        .map(|r| r["reason"].as_str().expect("a reason for each"))
        .collect();
    assert!(reasons[0].contains("20,000 characters"));
    assert!(reasons[1].contains("clock"));
    assert!(reasons[2].contains("480 minutes"));
    assert!(reasons[3].contains("spaceship"));
    assert_eq!(app.state.store.op_count().await.expect("count"), 2);
}

async fn an_addendum_joins_its_session_in_the_same_batch(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    let session = session_op("patient-001", "Walk to the shop.");
    let addendum = |session_id: &Value| {
        json!({ "id": uuid(), "entity": "addendum", "entity_id": uuid(), "action": "create", "hlc": hlc(2),
                "payload": { "session_id": session_id, "reason": "Wrong place", "text": "It was the café." } })
    };
    let answer = sync(&app, &psw, vec![session.clone(), addendum(&session["entity_id"])], None).await;
    assert_eq!(statuses(&answer), ["applied", "applied"]);
    let orphan = sync(&app, &psw, vec![addendum(&json!(uuid()))], None).await;
    assert_eq!(statuses(&orphan), ["rejected"]);
    let mut change = session.clone();
    change["id"] = json!(uuid());
    change["action"] = json!("update");
    let refused = sync(&app, &psw, vec![change], None).await;
    assert!(refused["results"][0]["reason"].as_str().expect("reason").contains("add an addendum"));
}

async fn oversized_malformed_and_unsigned_requests_get_a_clear_4xx_and_store_nothing(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    let ops: Vec<Value> = (0..501).map(|_| session_op("patient-001", "x")).collect();
    let body = json!({ "device_id": DEVICE, "cursor": null, "ops": ops }).to_string();
    let many = app.post_sync(body, Some(&psw)).await;
    assert_eq!(many.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(many.json()["error"].as_str().expect("error").contains("at most 500"));

    let big_note = "a".repeat(19_000);
    let ops: Vec<Value> = (0..120).map(|_| session_op("patient-001", &big_note)).collect();
    let body = json!({ "device_id": DEVICE, "cursor": null, "ops": ops }).to_string();
    assert!(body.len() > 2 * 1024 * 1024);
    let huge = app.post_sync(body, Some(&psw)).await;
    assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", huge.body);
    assert!(huge.json()["error"].as_str().expect("error").contains("2 MB"));
    // Refused before it was read, so the connection cannot carry the
    // client's next request: a phone reusing it would fail that one too.
    assert_eq!(huge.headers.get(header::CONNECTION).and_then(|v| v.to_str().ok()), Some("close"));

    let cases = [
        ("{\"device_id\": ", "not a sync request"),
        (r#"{"device_id": "x", "ops": []}"#, "device's UUID"),
        (r#"{"device_id": "6f1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10", "ops": {}}"#, "not a sync request"),
        (r#"{"device_id": "6f1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10", "cursor": "s1;--", "ops": []}"#, "cursor"),
    ];
    for (body, message) in cases {
        let response = app.post_sync(body, Some(&psw)).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{body}");
        let error = response.json()["error"].as_str().expect("error").to_owned();
        assert!(error.contains(message), "{body}: {error}");
        // The JSON library's own words never reach a person.
        assert!(!error.contains("EOF") && !error.contains("invalid type"), "{body}: {error}");
    }
    let body = json!({ "device_id": DEVICE, "ops": [session_op("patient-001", "x")] }).to_string();
    let unsigned = app.post_sync(body, None).await;
    assert_eq!(unsigned.status, StatusCode::UNAUTHORIZED);
    assert!(unsigned.json()["error"].is_string());
    assert_eq!(app.state.store.op_count().await.expect("count"), 0, "nothing stored");
}

async fn changes_reach_the_wards_staff_page_by_page_and_nobody_else(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    let ops: Vec<Value> = (0..3).map(|i| session_op("patient-001", &format!("Note {i}"))).collect();
    sync(&app, &psw, ops, None).await;

    let nurse = app.session_for("nurse").await;
    let seen = sync_from(&app, &nurse, OTHER_DEVICE, vec![], None).await;
    assert_eq!(seen["changes"].as_array().expect("changes").len(), 3, "the ward's nurse sees them");
    assert_eq!(seen["more"], false);
    let cursor = seen["cursor"].as_str().expect("cursor").to_owned();
    let after = sync_from(&app, &nurse, OTHER_DEVICE, vec![], Some(&cursor)).await;
    assert_eq!(after["changes"].as_array().expect("changes").len(), 0, "nothing new after the cursor");
    let replayed = sync_from(&app, &nurse, OTHER_DEVICE, vec![], None).await;
    assert_eq!(replayed["changes"], seen["changes"], "an old cursor gives the same answer again");

    let psw2 = app.session_for("psw2").await;
    let other = sync_from(&app, &psw2, OTHER_DEVICE, vec![], None).await;
    assert_eq!(other["changes"].as_array().expect("changes").len(), 0, "another ward sees nothing");
    // Someone else's cursor tells them nothing either: scope is the caller's.
    let theirs = sync_from(&app, &psw2, OTHER_DEVICE, vec![], Some("s0")).await;
    assert_eq!(theirs["changes"].as_array().expect("changes").len(), 0);
}

async fn a_new_devices_first_pull_starts_at_its_retention_window(engine: Engine) {
    let app = spawn_app(engine).await;
    // A note the server took in three weeks ago: older than the 14 days a
    // phone keeps, so a new phone has no use for it.
    let old = session_op("patient-001", "Written three weeks ago");
    let sql = "insert into sync_ops (id, device_id, author_id, entity, entity_id, action, hlc, body,
                                     patient_id, ward_id, received_at)
               values ($1, $2, 'staff-psw', 'session', $3, 'create', $4, $5, 'patient-001', 'ward-willow', $6)";
    let received = chrono::Utc::now() - chrono::Duration::days(21);
    let (id, entity_id, hlc) = (old["id"].as_str(), old["entity_id"].as_str(), old["hlc"].as_str());
    let body = old.to_string();
    match &app.state.store {
        Store::Sqlite(db) => sqlx::query(sql)
            .bind(id)
            .bind(OTHER_DEVICE)
            .bind(entity_id)
            .bind(hlc)
            .bind(&body)
            .bind(received)
            .execute(&db.pool)
            .await
            .map(|_| ()),
        Store::Postgres(db) => sqlx::query(sql)
            .bind(id)
            .bind(OTHER_DEVICE)
            .bind(entity_id)
            .bind(hlc)
            .bind(&body)
            .bind(received)
            .execute(&db.pool)
            .await
            .map(|_| ()),
    }
    .expect("an old op");
    let psw = app.session_for("psw").await;
    sync(&app, &psw, vec![session_op("patient-001", "Written today")], None).await;

    let nurse = app.session_for("nurse").await;
    let first = sync_from(&app, &nurse, "8b3e4c1a-2d6f-4e9a-9c73-5f4b0a9d8c32", vec![], None).await;
    let notes: Vec<&str> = first["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["payload"]["note"].as_str().expect("note"))
        .collect();
    assert_eq!(notes, ["Written today"], "a new phone starts at its window, not at the first op ever");
    let from_start =
        sync_from(&app, &nurse, "8b3e4c1a-2d6f-4e9a-9c73-5f4b0a9d8c32", vec![], Some("s0")).await;
    assert_eq!(from_start["changes"].as_array().expect("changes").len(), 2, "a cursor still reads it all");
}

/// Writes `count` ops straight into the log, one in `every` about Aisha on
/// Willow and the rest about Kestrel's patient-003: another ward's busy
/// week between a phone's syncs.
async fn fill_the_log(app: &TestApp, from: i64, count: i64, every: i64) {
    let sql = format!(
        "with recursive n(i) as (select {from} union all select i + 1 from n where i < {last})
         insert into sync_ops (id, device_id, author_id, entity, entity_id, action, hlc, body,
                               patient_id, ward_id, received_at)
         select 'filler-' || i, 'filler-device', 'staff-psw', 'session', 'filler-entity-' || i, 'create',
                'hlc-' || i, '{{\"n\":' || i || '}}',
                case when i % {every} = 0 then 'patient-001' else 'patient-003' end,
                case when i % {every} = 0 then 'ward-willow' else 'ward-kestrel' end, $1
         from n order by i",
        last = from + count - 1
    );
    let now = chrono::Utc::now();
    match &app.state.store {
        Store::Sqlite(db) => sqlx::query(&sql).bind(now).execute(&db.pool).await.map(|_| ()),
        Store::Postgres(db) => sqlx::query(&sql).bind(now).execute(&db.pool).await.map(|_| ()),
    }
    .expect("the log filled");
}

fn numbers(answer: &Value) -> Vec<i64> {
    let changes = answer["changes"].as_array().expect("changes");
    changes.iter().map(|c| c["n"].as_i64().expect("a filler op")).collect()
}

/// 600 of Willow's changes among 2,400 of Kestrel's: the nurse's phone gets
/// all 600, in order, none twice, in a full page and the rest; then, while
/// Kestrel keeps writing and Willow is quiet, its cursor moves past
/// Kestrel's writes instead of staying where it was to read them again.
async fn a_phone_far_behind_gets_its_wards_changes_in_whole_pages_and_then_moves_past_the_rest(
    engine: Engine,
) {
    let app = spawn_app(engine).await;
    fill_the_log(&app, 1, 3_000, 5).await;
    let nurse = app.session_for("nurse").await;
    let first = sync_from(&app, &nurse, OTHER_DEVICE, vec![], Some("s0")).await;
    assert_eq!(first["more"], true, "a full page says there is more");
    let cursor = first["cursor"].as_str().expect("cursor").to_owned();
    let second = sync_from(&app, &nurse, OTHER_DEVICE, vec![], Some(&cursor)).await;
    assert_eq!(second["more"], false);
    let (first, second) = (numbers(&first), numbers(&second));
    assert_eq!(first.len(), 500, "the first page is full");
    let all: Vec<i64> = first.into_iter().chain(second).collect();
    let willows: Vec<i64> = (1..=3_000).filter(|i| i % 5 == 0).collect();
    assert_eq!(all, willows, "every Willow change once, oldest first, and nothing of Kestrel's");

    let end = app.state.store.op_count().await.expect("count");
    let caught_up = sync_from(&app, &nurse, OTHER_DEVICE, vec![], Some(&cursor)).await;
    let caught_up = caught_up["cursor"].as_str().expect("cursor").to_owned();
    assert_eq!(caught_up, format!("s{end}"), "a short page ends where the log was read to");
    fill_the_log(&app, 3_001, 200, 1_000_000).await;
    let quiet = sync_from(&app, &nurse, OTHER_DEVICE, vec![], Some(&caught_up)).await;
    assert!(numbers(&quiet).is_empty(), "Kestrel's writes are not Willow's");
    assert_eq!(quiet["cursor"], format!("s{}", end + 200), "the cursor moves past them");
}
