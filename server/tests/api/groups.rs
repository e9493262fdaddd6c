//! Group sessions: recorded once through sync, each attendee's line on their
//! own timeline (and nobody else's), the group on its ward's phones, and bad
//! ones refused alone with the reason.

use crate::helpers::{minutes_ago, rfc3339, spawn_app, Engine, TestApp};
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use serde_json::{json, Value};
use server::store::Store;

crate::on_both_engines!(
    a_group_puts_each_attendees_line_on_their_own_timeline_and_reaches_the_wards_phones,
    a_bad_group_is_refused_alone_with_the_reason,
    a_group_written_offline_before_someone_moved_ward_is_kept,
    a_back_dated_group_cannot_reach_someone_who_left_the_ward_long_ago,
);

const DEVICE: &str = "6f1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10";
const OTHER_DEVICE: &str = "0b5d7c1e-2f3a-4b6c-8d9e-1a2b3c4d5e6f";

fn op_at(entity_id: &str, written: chrono::DateTime<Utc>, payload: Value) -> Value {
    json!({
        "id": uuid::Uuid::new_v4().to_string(), "entity": "group_session", "entity_id": entity_id,
        "action": "create", "hlc": format!("{:015}:00000:{DEVICE}", written.timestamp_millis()),
        "payload": payload,
    })
}

fn group(ward_id: &str, attendees: Value, co_facilitators: Value) -> Value {
    json!({
        "ward_id": ward_id, "title": "Music group", "started_at": minutes_ago(50), "duration_min": 45,
        "place": "Day room", "co_facilitators": co_facilitators, "attendees": attendees, "others_count": 2,
        "note": "Calm and warm; everyone chose a song.",
    })
}

async fn sync_from(app: &TestApp, token: &str, device: &str, ops: Vec<Value>) -> Value {
    let body = json!({ "device_id": device, "cursor": null, "ops": ops }).to_string();
    let response = app.post_sync(body, Some(token)).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()
}

fn outcomes(answer: &Value) -> Vec<(String, String)> {
    let field = |r: &Value, f: &str| r[f].as_str().unwrap_or("").to_owned();
    let results = answer["results"].as_array().expect("results");
    results.iter().map(|r| (field(r, "status"), field(r, "reason"))).collect()
}

async fn a_group_puts_each_attendees_line_on_their_own_timeline_and_reaches_the_wards_phones(engine: Engine) {
    let app = spawn_app(engine).await;
    let (psw, nurse, psw2) =
        (app.session_for("psw").await, app.session_for("nurse").await, app.session_for("psw2").await);
    let id = uuid::Uuid::new_v4().to_string();
    let attendees = json!([
        { "patient_id": "patient-001", "line": "Chose a song for the first time and sang along." },
        { "patient_id": "patient-005", "line": "Stayed for twenty minutes, then rested." },
        { "patient_id": "patient-009" },
    ]);
    let answer = sync_from(
        &app,
        &psw,
        DEVICE,
        vec![op_at(&id, Utc::now(), group("ward-willow", attendees, json!(["staff-nurse"])))],
    )
    .await;
    assert_eq!(outcomes(&answer), [("applied".to_owned(), String::new())]);

    // Aisha's page shows the group and her line, not Ella's.
    let page = app.get_page("/patients/patient-001", Some(&nurse)).await;
    assert!(page.body.contains("Group: Music group"), "the group is on her timeline");
    assert!(
        page.body.contains("Run by Sam Okafor and Priya Raman · 5 people came"),
        "who ran it, how many came"
    );
    assert!(page.body.contains("Chose a song for the first time and sang along."));
    assert!(!page.body.contains("Stayed for twenty minutes"), "another person's line is not on her record");
    assert!(
        page.body.contains("Calm and warm; everyone chose a song."),
        "the group's note, which names nobody"
    );
    let page = app.get_page("/patients/patient-005", Some(&nurse)).await;
    assert!(page.body.contains("Stayed for twenty minutes, then rested."));
    assert!(app.get_page("/patients/patient-009", Some(&nurse)).await.body.contains("Group: Music group"));
    assert!(!app.get_page("/patients/patient-013", Some(&nurse)).await.body.contains("Music group"));

    // The ward's other phones get the group once; another ward's get nothing.
    let pulled = sync_from(&app, &nurse, OTHER_DEVICE, vec![]).await;
    let groups: Vec<&Value> = pulled["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["entity"] == "group_session")
        .collect();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["entity_id"], id.as_str());
    assert_eq!(groups[0]["author_name"], "Sam Okafor");
    assert_eq!(sync_from(&app, &psw2, OTHER_DEVICE, vec![]).await["changes"], json!([]));

    // Running it counts as seeing each person this week, for both who ran it.
    let home = app.post_api("/api/get_home", String::new(), &psw).await.json();
    let mut seen: Vec<String> = serde_json::from_value(home["work"]["seen_this_week"].clone()).expect("list");
    seen.sort();
    assert_eq!(seen, ["patient-001", "patient-005", "patient-009"]);
    // The form offers the ward's colleagues, not the reader.
    let willow =
        home["wards"].as_array().expect("wards").iter().find(|w| w["ward_id"] == "ward-willow").cloned();
    let colleagues = &willow.expect("willow")["colleagues"];
    assert!(colleagues.as_array().expect("list").iter().any(|c| c["name"] == "Priya Raman"));
    assert!(!colleagues.as_array().expect("list").iter().any(|c| c["staff_id"] == "staff-psw"));

    // Kept as written, even from inside the server.
    for sql in [
        "update group_sessions set title = 'x'",
        "delete from group_attendees",
        "update group_attendees set line = ''",
        "delete from group_facilitators",
    ] {
        let tried = match &app.state.store {
            Store::Sqlite(db) => sqlx::query(sql).execute(&db.pool).await.map(|_| ()),
            Store::Postgres(db) => sqlx::query(sql).execute(&db.pool).await.map(|_| ()),
        };
        assert!(tried.is_err(), "a group is kept as written: {sql}");
    }
}

async fn a_bad_group_is_refused_alone_with_the_reason(engine: Engine) {
    let app = spawn_app(engine).await;
    let (psw, manager) = (app.session_for("psw").await, app.session_for("manager").await);
    let aisha = json!([{ "patient_id": "patient-001" }]);
    let new = || uuid::Uuid::new_v4().to_string();
    let good = op_at(&new(), Utc::now(), group("ward-willow", aisha.clone(), json!([])));
    let someone_elsewhere = op_at(
        &new(),
        Utc::now(),
        group(
            "ward-willow",
            json!([{ "patient_id": "patient-001" }, { "patient_id": "patient-003" }]),
            json!([]),
        ),
    );
    let another_ward =
        op_at(&new(), Utc::now(), group("ward-kestrel", json!([{ "patient_id": "patient-003" }]), json!([])));
    let unknown_colleague =
        op_at(&new(), Utc::now(), group("ward-willow", aisha.clone(), json!(["staff-nobody"])));
    let self_named = op_at(&new(), Utc::now(), group("ward-willow", aisha.clone(), json!(["staff-psw"])));
    let nobody = op_at(&new(), Utc::now(), group("ward-willow", json!([]), json!([])));
    let mut changed = good.clone();
    changed["id"] = json!(new());
    changed["action"] = json!("update");
    let got = outcomes(
        &sync_from(
            &app,
            &psw,
            DEVICE,
            vec![good, someone_elsewhere, another_ward, unknown_colleague, self_named, nobody, changed],
        )
        .await,
    );
    assert_eq!(got[0].0, "applied", "{got:?}");
    assert!(
        got[1].1.contains("patient-003 is listed as coming to the group but is not on this ward"),
        "{got:?}"
    );
    assert_eq!(got[2].1, "This person is not on your wards.");
    assert!(got[3].1.contains("not an active member of staff"), "{got:?}");
    assert!(got[4].1.contains("name only the colleagues"), "{got:?}");
    assert!(got[5].1.contains("at least one"), "{got:?}");
    assert!(got[6].1.contains("never changed"), "{got:?}");
    // A manager reads; they do not record groups.
    let theirs = op_at(&new(), Utc::now(), group("ward-willow", aisha, json!([])));
    let got = outcomes(&sync_from(&app, &manager, OTHER_DEVICE, vec![theirs]).await);
    assert_eq!(got[0].0, "rejected");
    let page = app.get_page("/patients/patient-001", Some(&psw)).await;
    assert_eq!(page.body.matches("Group: Music group").count(), 1, "only the good group was stored");
}

async fn a_group_written_offline_before_someone_moved_ward_is_kept(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    app.state
        .store
        .move_patient("patient-005", "ward-kestrel", "staff-admin", Utc::now() - Duration::minutes(10))
        .await
        .expect("moved");
    let attendees = json!([
        { "patient_id": "patient-001" },
        { "patient_id": "patient-005", "line": "Played the drums." },
    ]);
    let written = Utc::now() - Duration::minutes(30);
    let op = op_at(&uuid::Uuid::new_v4().to_string(), written, group("ward-willow", attendees, json!([])));
    let got = outcomes(&sync_from(&app, &psw, DEVICE, vec![op]).await);
    assert_eq!(got[0].0, "applied", "{got:?}");
    // Ella's new ward sees the line on her timeline.
    let psw2 = app.session_for("psw2").await;
    let page = app.get_page("/patients/patient-005", Some(&psw2)).await;
    assert!(page.body.contains("Played the drums."));
}

async fn a_back_dated_group_cannot_reach_someone_who_left_the_ward_long_ago(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    // Ella left Willow 19 days ago; a group stamped 20 days ago lists her.
    app.state
        .store
        .move_patient("patient-005", "ward-kestrel", "staff-admin", Utc::now() - Duration::days(19))
        .await
        .expect("moved");
    let attendees = json!([{ "patient_id": "patient-005", "line": "Sang along." }]);
    let written = Utc::now() - Duration::days(20);
    let mut payload = group("ward-willow", attendees, json!([]));
    payload["started_at"] = json!(rfc3339(written - Duration::hours(1)));
    let op = op_at(&uuid::Uuid::new_v4().to_string(), written, payload);
    let got = outcomes(&sync_from(&app, &psw, DEVICE, vec![op]).await);
    assert_eq!(got[0].0, "rejected", "{got:?}");
    assert!(got[0].1.contains("not on this ward's caseload"), "{}", got[0].1);
    let psw2 = app.session_for("psw2").await;
    let page = app.get_page("/patients/patient-005", Some(&psw2)).await;
    assert!(!page.body.contains("Sang along."), "nothing reached her record");
}
