//! Every kind of peer support contact syncs with its details (place,
//! recovery themes, how the person took part…) and shows on the timeline;
//! a late or badly typed one is refused alone, with its reason.

use crate::helpers::{minutes_ago, rfc3339, spawn_app, Engine, TestApp};
use axum::http::StatusCode;
use serde_json::{json, Value};

crate::on_both_engines!(
    every_kind_of_contact_syncs_with_its_details_and_reaches_the_timeline,
    a_late_or_badly_typed_contact_is_refused_alone_with_its_reason,
    a_note_holding_u0000_is_refused_with_its_reason_and_the_rest_of_the_batch_stored,
);

const DEVICE: &str = "6f1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10";

fn contact(payload: Value) -> Value {
    json!({
        "id": uuid::Uuid::new_v4().to_string(), "entity": "session",
        "entity_id": uuid::Uuid::new_v4().to_string(), "action": "create",
        "hlc": format!("{:015}:00000:{DEVICE}", chrono::Utc::now().timestamp_millis()),
        "payload": payload,
    })
}

async fn sync(app: &TestApp, token: &str, ops: Vec<Value>) -> Value {
    let body = json!({ "device_id": DEVICE, "cursor": null, "ops": ops }).to_string();
    let response = app.post_sync(body, Some(token)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()
}

fn results(answer: &Value) -> Vec<(String, String)> {
    let results = answer["results"].as_array().expect("results");
    results
        .iter()
        .map(|r| {
            (r["status"].as_str().unwrap_or("").to_owned(), r["reason"].as_str().unwrap_or("").to_owned())
        })
        .collect()
}

async fn every_kind_of_contact_syncs_with_its_details_and_reaches_the_timeline(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    let activity = contact(json!({
        "patient_id": "patient-001", "session_type": "ward_activity", "started_at": minutes_ago(60),
        "duration_min": 45, "note": "", "place": "Garden", "themes": ["meaning", "connectedness"],
        "engagement": "leading", "planned_activity": "yes", "signposting": ["Harbour Walking Group"],
    }));
    let answer = sync(&app, &psw, vec![activity]).await;
    assert_eq!(results(&answer), [("applied".to_owned(), String::new())]);

    let nurse = app.session_for("nurse").await;
    let page = app.get_page("/patients/patient-001", Some(&nurse)).await;
    assert_eq!(page.status, StatusCode::OK);
    for shown in [
        "Ward activity",
        "Garden",
        "Connectedness, Meaning",
        "Took part fully and led the way",
        "Harbour Walking Group",
    ] {
        assert!(page.body.contains(shown), "{shown} is on the timeline");
    }
}

async fn a_late_or_badly_typed_contact_is_refused_alone_with_its_reason(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    let base = |extra: Value| {
        let mut payload = json!({ "patient_id": "patient-001", "session_type": "one_to_one",
                                  "started_at": minutes_ago(30), "duration_min": 15, "note": "A short chat." });
        for (k, v) in extra.as_object().expect("object") {
            payload[k] = v.clone();
        }
        contact(payload)
    };
    let ten_days_ago = rfc3339(chrono::Utc::now() - chrono::Duration::days(10));
    let answer = sync(
        &app,
        &psw,
        vec![
            base(json!({})),
            base(json!({ "started_at": ten_days_ago })),
            base(json!({ "themes": "hope" })),
            base(json!({ "session_type": "ward_activity", "engagement": "ecstatic" })),
            base(json!({ "started_at": ten_days_ago, "late_reason": "Back from leave." })),
        ],
    )
    .await;
    let got = results(&answer);
    let statuses: Vec<&str> = got.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(statuses, ["applied", "rejected", "rejected", "rejected", "applied"], "{answer}");
    assert!(got[1].1.contains("more than 7 days") && got[1].1.contains("late_reason"), "{}", got[1].1);
    assert!(got[2].1.contains("'themes' must be a list"), "{}", got[2].1);
    assert!(got[3].1.contains("'ecstatic' is not one of the choices"), "{}", got[3].1);
    let timeline = app.state.store.patient_timeline("patient-001").await.expect("timeline");
    assert_eq!(timeline.len(), 2, "only the good ones are stored");
    assert!(timeline.iter().any(|s| s.details.late_reason.as_deref() == Some("Back from leave.")));
}

/// PostgreSQL cannot store U+0000 in text (SQLite can): a note pasted with
/// one was a 503 for the whole batch, retried for ever. It is refused alone,
/// the same on both engines, and the phone is told why.
async fn a_note_holding_u0000_is_refused_with_its_reason_and_the_rest_of_the_batch_stored(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    let payload = |note: &str| {
        contact(json!({ "patient_id": "patient-001", "session_type": "one_to_one",
                        "started_at": minutes_ago(20), "duration_min": 10, "note": note }))
    };
    let answer = sync(
        &app,
        &psw,
        vec![
            payload("Pasted from a message:\u{0} talked about the garden."),
            payload("Talked about the garden."),
        ],
    )
    .await;
    let got = results(&answer);
    assert_eq!(got[0].0, "rejected", "{answer}");
    assert!(got[0].1.contains("invisible character (U+0000)"), "{}", got[0].1);
    assert_eq!(got[1], ("applied".to_owned(), String::new()), "{answer}");
    let timeline = app.state.store.patient_timeline("patient-001").await.expect("timeline");
    let notes: Vec<&str> = timeline.iter().map(|s| s.note.as_str()).collect();
    assert!(notes.contains(&"Talked about the garden."), "{notes:?}");
    assert!(!notes.iter().any(|n| n.contains('\0')), "{notes:?}");
}
