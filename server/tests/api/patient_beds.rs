//! A patient's bed, the first mutable field: changed by the ward's nurse
//! through sync, last writer wins by clock stamp whatever order the changes
//! arrive in, and every replaced value stays readable on the patient's page.

use crate::helpers::{spawn_app, Engine, TestApp};
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use serde_json::{json, Value};

crate::on_both_engines!(
    the_latest_stamp_wins_whatever_arrives_first_and_the_rest_stay_in_the_history,
    only_the_wards_nurse_changes_a_bed_and_a_bad_bed_is_refused_with_a_reason,
);

const PHONE_A: &str = "6f1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10";
const PHONE_B: &str = "7a2d3b0f-1c5e-4d8f-8b62-4e3a9f8c7b21";

fn bed_op(patient_id: &str, bed: &str, device: &str, ago: Duration) -> Value {
    let ms = (Utc::now() - ago).timestamp_millis();
    json!({
        "id": uuid::Uuid::new_v4().to_string(), "entity": "patient", "entity_id": patient_id,
        "action": "update", "hlc": format!("{ms:015}:00000:{device}"), "payload": { "bed": bed },
    })
}

async fn sync(app: &TestApp, token: &str, device: &str, ops: Vec<Value>) -> Value {
    let body = json!({ "device_id": device, "cursor": null, "ops": ops }).to_string();
    let response = app.post_sync(body, Some(token)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()
}

async fn the_latest_stamp_wins_whatever_arrives_first_and_the_rest_stay_in_the_history(engine: Engine) {
    let app = spawn_app(engine).await;
    let nurse = app.session_for("nurse").await;
    let admission = app.state.store.bed_history("patient-001").await.expect("history");
    assert_eq!(admission.len(), 1, "before any change, the bed on admission");
    let first_bed = admission[0].value.clone();

    // Phone A was offline: its change is older but arrives last.
    let newer = bed_op("patient-001", "Bay 3, bed 1", PHONE_B, Duration::minutes(1));
    let older = bed_op("patient-001", "Bay 1, bed 2", PHONE_A, Duration::minutes(2));
    assert_eq!(sync(&app, &nurse, PHONE_B, vec![newer.clone()]).await["results"][0]["status"], "applied");
    assert_eq!(sync(&app, &nurse, PHONE_A, vec![older.clone()]).await["results"][0]["status"], "applied");
    // A replay changes nothing.
    assert_eq!(sync(&app, &nurse, PHONE_A, vec![older]).await["results"][0]["status"], "duplicate");

    let history = app.state.store.bed_history("patient-001").await.expect("history");
    let values: Vec<&str> = history.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, ["Bay 3, bed 1", "Bay 1, bed 2", first_bed.as_str()]);
    assert_eq!(history[0].author_name, "Priya Raman");
    // The caseload shows the winner too, not the last to arrive.
    let caseload = app.get_page("/", Some(&nurse)).await;
    assert!(caseload.body.contains("Bay 3, bed 1"), "the current bed on the caseload");
    assert!(!caseload.body.contains("Bay 1, bed 2"), "the replaced bed is not shown as current");

    // The ward's PSW reads the current bed and what it replaced, and their
    // phone is sent both changes.
    let psw = app.session_for("psw").await;
    let page = app.get_page("/patients/patient-001", Some(&psw)).await;
    assert_eq!(page.status, StatusCode::OK);
    let now_at = page.body.find("Bay 3, bed 1").expect("the current bed is shown");
    let earlier_at = page.body.find("Earlier beds").expect("the earlier beds are offered");
    assert!(now_at < earlier_at, "the current bed comes first");
    assert!(page.body[earlier_at..].contains("Bay 1, bed 2"));
    assert!(page.body[earlier_at..].contains("On admission"));
    assert!(!page.body.contains("Change bed"), "a PSW is not offered the change");
    let pulled = sync(&app, &psw, "8b3e4c1a-2d6f-4e9a-9c73-5f4b0a9d8c32", vec![]).await;
    let beds: Vec<&Value> =
        pulled["changes"].as_array().expect("changes").iter().filter(|c| c["entity"] == "patient").collect();
    assert_eq!(beds.len(), 2, "{pulled}");
    // The nurse is offered the change.
    let page = app.get_page("/patients/patient-001", Some(&nurse)).await;
    assert!(page.body.contains("Change bed"));
}

async fn only_the_wards_nurse_changes_a_bed_and_a_bad_bed_is_refused_with_a_reason(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    let answer =
        sync(&app, &psw, PHONE_A, vec![bed_op("patient-001", "Bay 9", PHONE_A, Duration::zero())]).await;
    assert_eq!(answer["results"][0]["reason"], "Your role does not include this.");
    let nurse = app.session_for("nurse").await;
    // patient-003 is on Kestrel Ward, not one of the nurse's.
    let ops = vec![
        bed_op("patient-003", "Bay 9", PHONE_A, Duration::zero()),
        bed_op("patient-001", &"b".repeat(41), PHONE_A, Duration::zero()),
        bed_op("patient-001", "<script>alert(1)</script>", PHONE_A, Duration::zero()),
        bed_op("patient-999", "Bay 9", PHONE_A, Duration::zero()),
    ];
    let answer = sync(&app, &nurse, PHONE_A, ops).await;
    let reasons: Vec<&str> = answer["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["reason"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(reasons[0], "This person is not on your wards.");
    assert!(reasons[1].contains("at most 40 characters"), "{answer}");
    assert_eq!(answer["results"][2]["status"], "applied", "a bed is text, stored as text");
    assert!(reasons[3].contains("no patient with this id"), "{answer}");
    let history = app.state.store.bed_history("patient-003").await.expect("history");
    assert_eq!(history.len(), 1, "nothing changed on another ward");
    let page = app.get_page("/patients/patient-001", Some(&nurse)).await;
    assert!(!page.body.contains("<script>alert(1)</script>"), "shown escaped");
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}
