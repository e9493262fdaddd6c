//! A shift nobody checked out of is closed by the server at the set hour
//! (or at the longest a shift can be), marked as closed automatically, and
//! reaches the ward's devices like a check-out; a check-out sent after that
//! is refused, and a second run closes nothing more.

use crate::helpers::{minutes_ago, spawn_app, Engine, TestApp};
use app::domain::instant::parse_rfc3339;
use app::domain::shift::auto_close_at;
use axum::http::StatusCode;
use chrono::Utc;
use serde_json::{json, Value};

crate::on_both_engines!(
    a_forgotten_shift_is_closed_at_the_set_hour_and_says_so,
    a_phone_cannot_mark_a_check_out_automatic_nor_store_fields_no_record_has,
);

const PHONE: &str = "3d4e5f60-7a8b-4c9d-8e0f-1a2b3c4d5e6f";
const NURSES_PHONE: &str = "4e5f6071-8b9c-4dae-9f10-2b3c4d5e6f70";

fn op(entity: &str, entity_id: &str, payload: Value) -> Value {
    json!({
        "id": uuid::Uuid::new_v4().to_string(), "entity": entity, "entity_id": entity_id, "action": "create",
        "hlc": format!("{:015}:00000:{PHONE}", Utc::now().timestamp_millis()),
        "payload": payload,
    })
}

async fn sync(app: &TestApp, token: &str, device: &str, ops: Vec<Value>) -> Value {
    let body = json!({ "device_id": device, "cursor": null, "ops": ops }).to_string();
    let answer = app.post_sync(body, Some(token)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.json()
}

async fn a_forgotten_shift_is_closed_at_the_set_hour_and_says_so(engine: Engine) {
    let app = spawn_app(engine).await;
    let (psw, psw2, nurse) =
        (app.session_for("psw").await, app.session_for("psw2").await, app.session_for("nurse").await);
    // Sam checked in 17 hours ago and forgot to check out; Rhiannon has just started.
    let (forgotten, started) = (uuid::Uuid::new_v4().to_string(), minutes_ago(17 * 60));
    let check_in = |ward: &str, at: &str| json!({ "ward_id": ward, "started_at": at, "plan": "Groups", "for_nurse": "" });
    let answer =
        sync(&app, &psw, PHONE, vec![op("shift", &forgotten, check_in("ward-willow", &started))]).await;
    assert_eq!(answer["results"][0]["status"], "applied", "{answer}");
    let just_started = uuid::Uuid::new_v4().to_string();
    let answer = sync(
        &app,
        &psw2,
        PHONE,
        vec![op("shift", &just_started, check_in("ward-kestrel", &minutes_ago(30)))],
    )
    .await;
    assert_eq!(answer["results"][0]["status"], "applied", "{answer}");

    let store = &app.state.store;
    let closed = store.close_forgotten_shifts(Utc::now(), 23).await.expect("the close runs");
    let ends_at = auto_close_at(parse_rfc3339(&started).expect("a time"), 23);
    assert_eq!(closed.len(), 1, "only the shift whose time is up: {closed:?}");
    assert_eq!((closed[0].shift_id.as_str(), closed[0].ended_at), (forgotten.as_str(), ends_at));
    assert!(ends_at <= Utc::now(), "closed at its set time, not at the run's");
    assert!(store.close_forgotten_shifts(Utc::now(), 23).await.expect("again").is_empty(), "nothing twice");

    // The nurse in charge's phone gets the close, in Sam's name and marked as automatic.
    let pulled = sync(&app, &nurse, NURSES_PHONE, vec![]).await;
    let end = pulled["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .find(|c| c["entity"] == "shift_end")
        .expect("the shift's end reached the ward")
        .clone();
    assert_eq!(end["payload"]["shift_id"], forgotten.as_str());
    assert_eq!(end["payload"]["closed_automatically"], true);
    assert_eq!(end["author_name"], "Sam Okafor");
    assert_eq!(parse_rfc3339(end["payload"]["ended_at"].as_str().expect("a time")), Some(ends_at));

    // Sam's phone checks out late: refused, and the shift stays as closed.
    let late = op(
        "shift_end",
        &uuid::Uuid::new_v4().to_string(),
        json!({ "shift_id": forgotten, "ended_at": minutes_ago(1), "what_happened": "Art group", "for_nurse": "" }),
    );
    let answer = sync(&app, &psw, PHONE, vec![late]).await;
    assert_eq!(answer["results"][0]["status"], "rejected", "{answer}");
    // It says why, and when the shift was closed, on the UK clock.
    let when = app::domain::uk_time::friendly(ends_at);
    let reason = answer["results"][0]["reason"].as_str().unwrap_or_default();
    assert!(reason.contains(&format!("closed automatically at {when}")), "{answer}");

    // Sam's home page explains the close; the nurse's lists it with no report to read.
    let home = app.post_api("/api/get_home", String::new(), &psw).await.json();
    let mine = &home["shifts"]["shifts"][0];
    assert_eq!(mine["id"], forgotten.as_str());
    assert_eq!(mine["end"]["closed_automatically"], true);
    assert_eq!(mine["end"]["ended_ms"], ends_at.timestamp_millis());
    let nurses = app.post_api("/api/get_home", String::new(), &nurse).await.json();
    let listed = nurses["shifts"]["shifts"].as_array().expect("shifts");
    assert_eq!(listed.len(), 1, "Willow's shift, not Kestrel's: {listed:?}");
}

async fn a_phone_cannot_mark_a_check_out_automatic_nor_store_fields_no_record_has(engine: Engine) {
    let app = spawn_app(engine).await;
    let (psw, nurse) = (app.session_for("psw").await, app.session_for("nurse").await);
    let shift = uuid::Uuid::new_v4().to_string();
    let check_in = json!({ "ward_id": "ward-willow", "started_at": minutes_ago(120), "plan": "Groups",
                           "for_nurse": "", "shown_as": "<b>urgent</b>" });
    let answer = sync(&app, &psw, PHONE, vec![op("shift", &shift, check_in)]).await;
    assert_eq!(answer["results"][0]["status"], "applied", "{answer}");

    // A check-out claiming to be the server's close, which would hide *Mark received*.
    let end = |extra: Value| {
        let mut payload = json!({ "shift_id": shift, "ended_at": minutes_ago(1), "what_happened": "Art group", "for_nurse": "" });
        payload.as_object_mut().expect("an object").extend(extra.as_object().cloned().unwrap_or_default());
        op("shift_end", &uuid::Uuid::new_v4().to_string(), payload)
    };
    let answer = sync(&app, &psw, PHONE, vec![end(json!({ "closed_automatically": true }))]).await;
    assert_eq!(answer["results"][0]["status"], "rejected", "{answer}");
    assert!(
        answer["results"][0]["reason"].as_str().unwrap_or_default().contains("Only the server"),
        "{answer}"
    );
    let answer = sync(&app, &psw, PHONE, vec![end(json!({}))]).await;
    assert_eq!(answer["results"][0]["status"], "applied", "the real check-out still goes: {answer}");

    // The nurse's phone gets both records with only the fields they define.
    let pulled = sync(&app, &nurse, NURSES_PHONE, vec![]).await;
    let changes = pulled["changes"].as_array().expect("changes");
    let check_in = changes.iter().find(|c| c["entity"] == "shift").expect("the check-in");
    assert!(check_in["payload"].get("shown_as").is_none(), "{check_in}");
    assert_eq!(check_in["payload"]["plan"], "Groups");
    let end = changes.iter().find(|c| c["entity"] == "shift_end").expect("the check-out");
    assert!(end["payload"].get("closed_automatically").is_none(), "{end}");
    let nurses = app.post_api("/api/get_home", String::new(), &nurse).await.json();
    assert_eq!(nurses["shifts"]["shifts"][0]["end"]["closed_automatically"], false, "{nurses}");
}
