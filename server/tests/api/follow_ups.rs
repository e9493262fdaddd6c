//! Follow-ups: added through sync, listed on their author's home until
//! someone who works with the patient marks them done; and whom a PSW has
//! seen this week. Bad ones are refused alone, with the reason.

use crate::helpers::{minutes_ago, spawn_app, Engine, TestApp};
use axum::http::StatusCode;
use serde_json::{json, Value};

crate::on_both_engines!(
    a_follow_up_waits_on_its_authors_home_until_it_is_done,
    a_bad_follow_up_is_refused_alone_and_another_wards_patient_is_out_of_reach,
);

const DEVICE: &str = "6f1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10";

fn op(entity: &str, entity_id: &str, payload: Value) -> Value {
    json!({
        "id": uuid::Uuid::new_v4().to_string(), "entity": entity, "entity_id": entity_id, "action": "create",
        "hlc": format!("{:015}:00000:{DEVICE}", chrono::Utc::now().timestamp_millis()),
        "payload": payload,
    })
}

fn follow_up(patient_id: &str, text: &str, due_on: Option<&str>) -> (String, Value) {
    let id = uuid::Uuid::new_v4().to_string();
    (id.clone(), op("follow_up", &id, json!({ "patient_id": patient_id, "text": text, "due_on": due_on })))
}

async fn sync(app: &TestApp, token: &str, ops: Vec<Value>) -> Vec<(String, String)> {
    let body = json!({ "device_id": DEVICE, "cursor": null, "ops": ops }).to_string();
    let response = app.post_sync(body, Some(token)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let answer = response.json();
    let field = |r: &Value, f: &str| r[f].as_str().unwrap_or("").to_owned();
    answer["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| (field(r, "status"), field(r, "reason")))
        .collect()
}

async fn work(app: &TestApp, token: &str) -> Value {
    let response = app.post_api("/api/get_home", String::new(), token).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()["work"].clone()
}

async fn a_follow_up_waits_on_its_authors_home_until_it_is_done(engine: Engine) {
    let app = spawn_app(engine).await;
    let (psw, nurse) = (app.session_for("psw").await, app.session_for("nurse").await);
    let today = app::domain::uk_time::to_uk(chrono::Utc::now()).date();
    let (call, called) = follow_up("patient-001", "Call her sister about Sunday's visit.", None);
    let due = app::domain::follow_up::date_text(today);
    let (ask, asked) = follow_up("patient-002", "Ask the OT about the kitchen assessment.", Some(&due));
    let session = op(
        "session",
        &uuid::Uuid::new_v4().to_string(),
        json!({
            "patient_id": "patient-001", "session_type": "one_to_one", "started_at": minutes_ago(20),
            "duration_min": 15, "note": "Talked about the visit.",
        }),
    );
    let applied = ("applied".to_owned(), String::new());
    assert_eq!(sync(&app, &psw, vec![called, asked, session]).await, vec![applied.clone(); 3]);

    let mine = work(&app, &psw).await;
    assert_eq!(mine["records"], true);
    let texts: Vec<&str> =
        mine["follow_ups"].as_array().expect("list").iter().filter_map(|f| f["text"].as_str()).collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(mine["follow_ups"]
        .as_array()
        .expect("list")
        .iter()
        .any(|f| f["id"] == ask.as_str() && f["due_on"] == due.as_str() && f["patient_name"] == "Ben"));
    assert_eq!(mine["seen_this_week"], json!(["patient-001"]), "Aisha was seen this week, Ben not yet");
    // Nobody else's home lists them.
    assert_eq!(work(&app, &nurse).await["follow_ups"], json!([]));

    // The nurse, who works with Aisha too, marks the call done.
    let done = op(
        "follow_up_done",
        &uuid::Uuid::new_v4().to_string(),
        json!({ "follow_up_id": call, "note": "Rang; she visits Sunday." }),
    );
    assert_eq!(sync(&app, &nurse, vec![done]).await, vec![applied]);
    let left: Vec<Value> = work(&app, &psw).await["follow_ups"].as_array().expect("list").clone();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["id"], ask.as_str());
    let page = app.get_page("/patients/patient-001", Some(&psw)).await;
    assert!(
        page.body.contains("Call her sister about Sunday&#x27;s visit.")
            || page.body.contains("Call her sister about Sunday's visit.")
    );
    assert!(page.body.contains("Done: Priya Raman"), "the page says who did it");
    // A manager records nothing: no follow-ups, nobody to see.
    let manager = app.session_for("manager").await;
    assert_eq!(work(&app, &manager).await["records"], false);
}

async fn a_bad_follow_up_is_refused_alone_and_another_wards_patient_is_out_of_reach(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    let good = follow_up("patient-001", "Bring the leaflet for the walking group.", None).1;
    let empty = follow_up("patient-001", "   ", None).1;
    let bad_day = follow_up("patient-001", "Check in", Some("next Tuesday")).1;
    let elsewhere = follow_up("patient-003", "Chloe is on Kestrel Ward.", None).1;
    let unknown = op(
        "follow_up_done",
        &uuid::Uuid::new_v4().to_string(),
        json!({ "follow_up_id": uuid::Uuid::new_v4().to_string() }),
    );
    let got = sync(&app, &psw, vec![good, empty, bad_day, elsewhere, unknown]).await;
    assert_eq!(got[0].0, "applied");
    assert!(got[1].1.contains("(text)"), "{got:?}");
    assert!(got[2].1.contains("due_on"), "{got:?}");
    assert_eq!(got[3].1, "This person is not on your wards.");
    assert_eq!(got[4].1, "There is no saved follow-up with this id to mark done.");
    assert_eq!(work(&app, &psw).await["follow_ups"].as_array().map(Vec::len), Some(1));
}
