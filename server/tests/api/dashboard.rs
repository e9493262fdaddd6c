//! The live dashboard: each ward's day so far, for its nurse in charge and
//! its site's managers, computed from what was synced; no one else's wards.

use crate::helpers::{rfc3339, spawn_app, Engine, TestApp};
use app::domain::reports::{day_start, uk_day};
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

crate::on_both_engines!(the_dashboard_shows_each_ward_today_to_its_nurse_and_managers);

const PHONE: &str = "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f";

fn op(entity: &str, payload: Value) -> Value {
    json!({
        "id": uuid::Uuid::new_v4().to_string(), "entity": entity,
        "entity_id": uuid::Uuid::new_v4().to_string(), "action": "create",
        "hlc": format!("{:015}:00000:{PHONE}", Utc::now().timestamp_millis()),
        "payload": payload,
    })
}

/// `minutes` ago, but never before today began on the UK clock: the
/// dashboard counts today only, and the test may run just after midnight.
fn earlier_today(minutes: i64) -> String {
    let now = Utc::now();
    let at: DateTime<Utc> = (now - Duration::minutes(minutes)).max(day_start(uk_day(now)));
    rfc3339(at)
}

fn contact(patient_id: &str) -> Value {
    op(
        "session",
        json!({ "patient_id": patient_id, "session_type": "one_to_one", "started_at": earlier_today(30),
                "duration_min": 20, "note": "Planned a walk for tomorrow." }),
    )
}

async fn sync(app: &TestApp, token: &str, ops: Vec<Value>) -> Value {
    let body = json!({ "device_id": PHONE, "cursor": null, "ops": ops }).to_string();
    let answer = app.post_sync(body, Some(token)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let answer = answer.json();
    for result in answer["results"].as_array().expect("results") {
        assert_eq!(result["status"], "applied", "{answer}");
    }
    answer
}

/// The dashboard as the server function answers it, and its wards by id.
async fn dashboard(app: &TestApp, token: &str) -> (Value, Vec<String>) {
    let answer = app.post_api("/api/get_dashboard", "", token).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let body = answer.json();
    assert_eq!(body[1], 15, "the wait after which a concern is flagged");
    let wards = body[0]["wards"]
        .as_array()
        .expect("wards")
        .iter()
        .map(|w| w["ward_id"].as_str().expect("id").to_owned());
    (body[0].clone(), wards.collect())
}

fn ward<'a>(dashboard: &'a Value, id: &str) -> &'a Value {
    dashboard["wards"].as_array().expect("wards").iter().find(|w| w["ward_id"] == id).expect("the ward")
}

fn names(list: &Value, field: &str) -> Vec<String> {
    list.as_array().expect("a list").iter().map(|x| x[field].as_str().expect("text").to_owned()).collect()
}

async fn the_dashboard_shows_each_ward_today_to_its_nurse_and_managers(engine: Engine) {
    let app = spawn_app(engine).await;
    let (psw, psw2) = (app.session_for("psw").await, app.session_for("psw2").await);
    let (nurse, manager) = (app.session_for("nurse").await, app.session_for("manager").await);

    let refused = app.post_api("/api/get_dashboard", "", &psw).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("Your role does not include this."), "{}", refused.body);

    let (before, wards) = dashboard(&app, &nurse).await;
    assert_eq!(wards, ["ward-rowan", "ward-willow"], "the nurse's own wards, by name");
    let willow = ward(&before, "ward-willow");
    assert_eq!((willow["contacts"].as_u64(), willow["waiting"].as_array().map(Vec::len)), (Some(0), Some(0)));
    assert_eq!(dashboard(&app, &manager).await.1.len(), 4, "the manager: every ward of both sites");

    // Sam checks in to Willow, sees Aisha twice, runs a group for Aisha,
    // Isla and two people not on the caseload, and raises a concern.
    let shift = op(
        "shift",
        json!({ "ward_id": "ward-willow", "started_at": earlier_today(60), "plan": "Walks and the art group",
                "for_nurse": "" }),
    );
    let shift_id = shift["entity_id"].as_str().expect("id").to_owned();
    let group = op(
        "group_session",
        json!({ "ward_id": "ward-willow", "title": "Art group", "started_at": earlier_today(45), "duration_min": 40,
                "place": "Day room", "co_facilitators": [], "others_count": 2, "note": "",
                "attendees": [{ "patient_id": "patient-001" }, { "patient_id": "patient-009" }] }),
    );
    let concern = op(
        "concern",
        json!({ "patient_id": "patient-001", "category": "risk_to_self", "what_happened": "Said she felt hopeless.",
                "done_now": "Stayed with her.", "told": "" }),
    );
    let concern_id = concern["entity_id"].as_str().expect("id").to_owned();
    sync(&app, &psw, vec![shift, contact("patient-001"), contact("patient-001"), group, concern]).await;
    sync(&app, &psw2, vec![contact("patient-003")]).await; // Chloe, on Kestrel

    let (after, wards) = dashboard(&app, &nurse).await;
    assert_eq!(wards, ["ward-rowan", "ward-willow"], "Kestrel's day is not the nurse's to see");
    let willow = ward(&after, "ward-willow");
    assert_eq!(names(&willow["on_shift"], "name"), ["Sam Okafor"]);
    assert_eq!(willow["contacts"], 2);
    assert_eq!(willow["people_seen"], 1, "Aisha, seen twice, is one person");
    assert_eq!(names(&willow["groups"], "title"), ["Art group"]);
    assert_eq!(willow["groups"][0]["came"], 4);
    assert_eq!(willow["groups"][0]["run_by"], json!(["Sam Okafor"]));
    assert_eq!(names(&willow["waiting"], "category"), ["risk_to_self"]);
    assert!(!after.to_string().contains("Aisha"), "no patient's name on a screen others may pass");
    let rowan = ward(&after, "ward-rowan");
    assert_eq!((rowan["contacts"].as_u64(), rowan["on_shift"].as_array().map(Vec::len)), (Some(0), Some(0)));
    let (managers, _) = dashboard(&app, &manager).await;
    assert_eq!(ward(&managers, "ward-kestrel")["contacts"], 1);

    // The nurse acknowledges; Sam checks out.
    let ack = op("concern_ack", json!({ "concern_id": concern_id, "response": "Seen by the doctor." }));
    sync(&app, &nurse, vec![ack]).await;
    let end = op(
        "shift_end",
        json!({ "shift_id": shift_id, "ended_at": rfc3339(Utc::now()), "what_happened": "Art group went well.",
                "for_nurse": "" }),
    );
    sync(&app, &psw, vec![end]).await;
    let (later, _) = dashboard(&app, &nurse).await;
    let willow = ward(&later, "ward-willow");
    assert_eq!(willow["waiting"], json!([]), "acknowledged: no longer waiting");
    assert_eq!(willow["on_shift"], json!([]), "checked out: no longer on the ward");
    assert_eq!(willow["contacts"], 2, "what happened today stays counted");
}
