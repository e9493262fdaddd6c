//! Scope that changed while a phone was offline: a note about a patient who
//! has since moved ward is judged by where the patient was, and which wards
//! its author had, when it was written (the op's clock).

use crate::helpers::{spawn_app, Engine, TestApp};
use app::domain::Role;
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use serde_json::{json, Value};
use server::store::Store;

crate::on_both_engines!(
    a_note_written_before_the_patient_moved_is_accepted_and_reaches_the_new_ward,
    a_note_written_after_the_move_or_long_ago_is_refused,
    the_move_is_kept_as_history_that_cannot_be_changed,
    only_the_ward_a_patient_left_is_told_to_forget_them,
    a_note_written_before_its_author_left_the_ward_is_accepted_and_one_after_is_not,
);

const DEVICE: &str = "6f1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10";
const OTHER_DEVICE: &str = "7a2d3b0f-1c5e-4d8f-8b62-4e3a9f8c7b21";

fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A session note about `patient_id` stamped `ago` before now.
fn note_written(patient_id: &str, note: &str, ago: Duration) -> Value {
    let ms = (Utc::now() - ago).timestamp_millis();
    json!({
        "id": uuid(), "entity": "session", "entity_id": uuid(), "action": "create",
        "hlc": format!("{ms:015}:00000:{DEVICE}"),
        "payload": { "patient_id": patient_id, "session_type": "one_to_one",
                     "started_at": crate::helpers::rfc3339(Utc::now() - ago - Duration::minutes(20)), "duration_min": 20, "note": note },
    })
}

async fn sync(app: &TestApp, token: &str, device: &str, ops: Vec<Value>) -> Value {
    let body = json!({ "device_id": device, "cursor": null, "ops": ops }).to_string();
    let response = app.post_sync(body, Some(token)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()
}

/// Aisha (patient-001) leaves Willow Ward (Sam's) for Kestrel Ward
/// (Rhiannon's, another hospital) `ago` before now.
async fn move_aisha_to_kestrel(app: &TestApp, ago: Duration) {
    let moved =
        app.state.store.move_patient("patient-001", "ward-kestrel", "staff-admin", Utc::now() - ago).await;
    assert!(moved.expect("the move is stored"));
}

fn notes(answer: &Value) -> Vec<String> {
    let changes = answer["changes"].as_array().expect("changes");
    let sessions = changes.iter().filter(|c| c["entity"] == "session");
    sessions.map(|c| c["payload"]["note"].as_str().unwrap_or_default().to_owned()).collect()
}

async fn a_note_written_before_the_patient_moved_is_accepted_and_reaches_the_new_ward(engine: Engine) {
    let app = spawn_app(engine).await;
    // Sam wrote this offline half an hour ago; Aisha moved ten minutes ago.
    let written = note_written("patient-001", "Aisha talked about her move.", Duration::minutes(30));
    move_aisha_to_kestrel(&app, Duration::minutes(10)).await;

    let psw = app.session_for("psw").await;
    let answer = sync(&app, &psw, DEVICE, vec![written]).await;
    assert_eq!(answer["results"][0]["status"], "applied", "{answer}");

    // Kestrel's PSW now sees it among Aisha's records; Willow's nurse no longer does.
    let psw2 = app.session_for("psw2").await;
    let pulled = sync(&app, &psw2, OTHER_DEVICE, vec![]).await;
    assert_eq!(notes(&pulled), ["Aisha talked about her move."]);
    // The move itself reaches them too, from the server.
    let moves: Vec<&Value> =
        pulled["changes"].as_array().expect("changes").iter().filter(|c| c["entity"] == "patient").collect();
    assert_eq!(moves.len(), 1, "{pulled}");
    assert_eq!(moves[0]["action"], "move");
    assert_eq!(moves[0]["payload"], json!({ "ward_id": "ward-kestrel", "from_ward_id": "ward-willow" }));
    assert_eq!(moves[0]["author"], "staff-admin");
    let nurse = app.session_for("nurse").await;
    assert!(notes(&sync(&app, &nurse, OTHER_DEVICE, vec![]).await).is_empty());
    let page = app.get_page("/patients/patient-001", Some(&psw2)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Aisha talked about her move."), "the new ward's timeline shows it");
}

async fn a_note_written_after_the_move_or_long_ago_is_refused(engine: Engine) {
    let app = spawn_app(engine).await;
    move_aisha_to_kestrel(&app, Duration::minutes(10)).await;
    let before = app.state.store.op_count().await.expect("count");
    let psw = app.session_for("psw").await;
    let after = note_written("patient-001", "Written after she left.", Duration::minutes(5));
    // A clock stamp from long ago does not open a patient looked after back then.
    let long_ago = note_written("patient-001", "Stamped a month ago.", Duration::days(30));
    let answer = sync(&app, &psw, DEVICE, vec![after, long_ago]).await;
    for result in answer["results"].as_array().expect("results") {
        assert_eq!(result["status"], "rejected", "{answer}");
        assert_eq!(result["reason"], "This person is not on your wards.");
    }
    assert_eq!(app.state.store.op_count().await.expect("count"), before, "nothing stored");
    // Rhiannon, whose ward Aisha is on now, writes as usual.
    let psw2 = app.session_for("psw2").await;
    let now = note_written("patient-001", "Welcome to Kestrel.", Duration::zero());
    assert_eq!(sync(&app, &psw2, OTHER_DEVICE, vec![now]).await["results"][0]["status"], "applied");
}

async fn the_move_is_kept_as_history_that_cannot_be_changed(engine: Engine) {
    let app = spawn_app(engine).await;
    let store = &app.state.store;
    move_aisha_to_kestrel(&app, Duration::hours(2)).await;
    assert!(
        !store.move_patient("patient-001", "ward-kestrel", "staff-admin", Utc::now()).await.expect("asked"),
        "already there"
    );
    assert!(
        !store.move_patient("patient-001", "ward-nowhere", "staff-admin", Utc::now()).await.expect("asked"),
        "no such ward"
    );
    let place = |ago: Duration| async move {
        store
            .patient_place_at("patient-001", Utc::now() - ago)
            .await
            .expect("place")
            .expect("on a ward")
            .ward_id
    };
    assert_eq!(place(Duration::hours(3)).await, "ward-willow");
    assert_eq!(place(Duration::hours(1)).await, "ward-kestrel");
    for sql in ["update patient_moves set to_ward_id = 'ward-willow'", "delete from patient_moves"] {
        let tried = match store {
            Store::Sqlite(db) => sqlx::query(sql).execute(&db.pool).await.map(|_| ()),
            Store::Postgres(db) => sqlx::query(sql).execute(&db.pool).await.map(|_| ()),
        };
        assert!(tried.is_err(), "the history cannot be rewritten: {sql}");
    }
    assert_eq!(place(Duration::hours(3)).await, "ward-willow");
}

fn patient_changes(answer: &Value) -> Vec<(String, String)> {
    let changes = answer["changes"].as_array().expect("changes");
    let about_patients = changes.iter().filter(|c| c["entity"] == "patient");
    about_patients
        .map(|c| {
            (
                c["action"].as_str().unwrap_or_default().to_owned(),
                c["entity_id"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

async fn only_the_ward_a_patient_left_is_told_to_forget_them(engine: Engine) {
    let app = spawn_app(engine).await;
    let (psw, psw2, manager) =
        (app.session_for("psw").await, app.session_for("psw2").await, app.session_for("manager").await);
    // Each phone has pulled everything so far.
    let cursor = |answer: &Value| answer["cursor"].as_str().expect("cursor").to_owned();
    let (sam, rhiannon, dafydd) = (
        cursor(&sync(&app, &psw, DEVICE, vec![]).await),
        cursor(&sync(&app, &psw2, OTHER_DEVICE, vec![]).await),
        cursor(&sync(&app, &manager, OTHER_DEVICE, vec![]).await),
    );
    move_aisha_to_kestrel(&app, Duration::zero()).await;
    let pull = |token: String, device: &'static str, cursor: String| {
        let app = &app;
        async move {
            let body = json!({ "device_id": device, "cursor": cursor, "ops": [] }).to_string();
            let response = app.post_sync(body, Some(&token)).await;
            assert_eq!(response.status, StatusCode::OK, "{}", response.body);
            patient_changes(&response.json())
        }
    };
    let aisha = "patient-001".to_owned();
    // Willow's PSW no longer reaches Aisha: their phone is told to forget her.
    assert_eq!(pull(psw, DEVICE, sam).await, [("leave".to_owned(), aisha.clone())]);
    // Kestrel's PSW learns she has arrived, and is told to forget nothing.
    assert_eq!(pull(psw2, OTHER_DEVICE, rhiannon).await, [("move".to_owned(), aisha.clone())]);
    // The manager reaches both wards: she has moved, and stays on the phone.
    assert_eq!(pull(manager, OTHER_DEVICE, dafydd).await, [("move".to_owned(), aisha)]);
}

/// The author's wards as they were when the note was written, not today's:
/// Sam wrote about Aisha offline on Willow, then was moved to Kestrel before
/// the phone found a signal.
async fn a_note_written_before_its_author_left_the_ward_is_accepted_and_one_after_is_not(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    let admin = app.session_for("admin").await;
    let before = note_written("patient-001", "Written while Sam was on Willow.", Duration::minutes(30));
    let body = "staff_id=staff-psw&role=peer_support_worker&ward_ids%5B%5D=ward-kestrel";
    let response = app.post_api("/api/set_staff_access", body.to_owned(), &admin).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    // Past the millisecond the change was stored in.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let after = note_written("patient-001", "Written after Sam left Willow.", Duration::zero());
    let answer = sync(&app, &psw, DEVICE, vec![before, after]).await;
    assert_eq!(answer["results"][0]["status"], "applied", "{answer}");
    assert_eq!(answer["results"][1]["status"], "rejected", "{answer}");
    assert_eq!(answer["results"][1]["reason"], "This person is not on your wards.");
    // Given Willow back, the history keeps both stretches: the time Sam was
    // away stays outside Willow, before and after are inside.
    let away = Utc::now();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let body =
        "staff_id=staff-psw&role=peer_support_worker&ward_ids%5B%5D=ward-kestrel&ward_ids%5B%5D=ward-willow";
    assert_eq!(app.post_api("/api/set_staff_access", body.to_owned(), &admin).await.status, StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let store = &app.state.store;
    let willow_at = |at| async move {
        let reach = store.reach_then("staff-psw", Role::PeerSupportWorker, at).await.expect("reach");
        reach.ward_ids.contains(&"ward-willow".to_owned())
    };
    assert!(willow_at(Utc::now() - Duration::minutes(30)).await, "before the change");
    assert!(!willow_at(away).await, "while away");
    assert!(willow_at(Utc::now()).await, "given back");
}
