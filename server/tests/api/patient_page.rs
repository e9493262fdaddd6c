//! A patient's page: shown on the patient's own ward, refused plainly elsewhere.

use crate::helpers::{spawn_app, Engine, TestApp};
use axum::http::StatusCode;
use serde_json::json;

crate::on_both_engines!(
    a_psw_opens_a_patient_on_their_ward_and_the_view_is_audited,
    a_psw_typing_another_wards_patient_address_gets_the_not_on_your_wards_page,
    an_unknown_patient_id_gets_a_plain_404,
    html_in_an_address_comes_back_escaped,
    a_manager_reads_who_has_opened_a_record_and_a_psw_cannot,
    a_synced_session_and_its_addendum_show_on_the_page_for_the_wards_nurse,
    a_manager_reads_the_timeline_but_is_offered_no_form_to_write,
);

async fn a_psw_opens_a_patient_on_their_ward_and_the_view_is_audited(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = app.session_for("psw").await;
    let page = app.get_page("/patients/patient-001", Some(&token)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Aisha") && page.body.contains("Willow Ward"));
    assert!(
        page.body.contains("Sam Okafor") && page.body.contains("Sign out"),
        "the header shows who is signed in"
    );
    let trail = app.state.store.audit_for_username("psw", 5).await.expect("trail");
    assert_eq!(trail[0].action, "viewed_patient");
    assert_eq!(trail[0].patient_id.as_deref(), Some("patient-001"));
}

async fn a_psw_typing_another_wards_patient_address_gets_the_not_on_your_wards_page(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = app.session_for("psw").await;
    let page = app.get_page("/patients/patient-003", Some(&token)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("This person is not on your wards."));
    assert!(!page.body.contains("Chloe"), "nothing about the patient leaks");
    let trail = app.state.store.audit_for_username("psw", 5).await.expect("trail");
    assert_eq!(trail[0].action, "access_denied");
}

async fn an_unknown_patient_id_gets_a_plain_404(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = app.session_for("psw").await;
    let page = app.get_page("/patients/no-such-person", Some(&token)).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.body.contains("There is no patient at this address."));
}

async fn html_in_an_address_comes_back_escaped(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = app.session_for("psw").await;
    let page = app.get_page("/patients/%3Cscript%3Ealert(1)%3C%2Fscript%3E", Some(&token)).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(!page.body.contains("<script>alert(1)</script>"));
}

async fn a_manager_reads_who_has_opened_a_record_and_a_psw_cannot(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    app.get_page("/patients/patient-001", Some(&psw)).await;
    let own_trail = app.get_page("/patients/patient-001/audit", Some(&psw)).await;
    assert_eq!(own_trail.status, StatusCode::FORBIDDEN);
    assert!(own_trail.body.contains("Your role does not include this."));

    let manager = app.session_for("manager").await;
    let record = app.get_page("/patients/patient-001", Some(&manager)).await;
    assert!(record.body.contains("Who has looked at this record"), "managers get the link");
    let trail = app.get_page("/patients/patient-001/audit", Some(&manager)).await;
    assert_eq!(trail.status, StatusCode::OK);
    assert!(trail.body.contains("Sam Okafor") && trail.body.contains("Opened the record"));
    assert!(trail.body.contains("Was refused the record"), "the PSW's refused look is there too");
}

/// Records a session by Sam and an addendum to it, through sync.
async fn record_session_with_addendum(app: &TestApp) {
    let psw = app.session_for("psw").await;
    let (session, device) = ("5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", "6f1c2a9e-0b4d-4c7e-9a51-3d2f8e7b6a10");
    let hlc = |n: u32| format!("{:015}:{n:05}:{device}", chrono::Utc::now().timestamp_millis());
    let ops = json!([
        { "id": uuid::Uuid::new_v4().to_string(), "entity": "session", "entity_id": session, "action": "create",
          "hlc": hlc(0), "payload": { "patient_id": "patient-001", "session_type": "one_to_one",
          "started_at": "2026-11-25T14:30:00Z", "duration_min": 20, "note": "Talked about <b>going home</b>.",
          "late_reason": "Written up after a week of leave.", "place": "Quiet room", "themes": ["hope", "connectedness"],
          "engagement": "a_little", "lived_experience_shared": true } },
        { "id": uuid::Uuid::new_v4().to_string(), "entity": "addendum", "entity_id": uuid::Uuid::new_v4().to_string(),
          "action": "create", "hlc": hlc(1),
          "payload": { "session_id": session, "reason": "Place missed", "text": "It was in the garden." } },
    ]);
    let body = json!({ "device_id": device, "cursor": null, "ops": ops }).to_string();
    let answer = app.post_sync(body, Some(&psw)).await.json();
    assert!(
        answer["results"].as_array().expect("results").iter().all(|r| r["status"] == "applied"),
        "{answer}"
    );
}

async fn a_synced_session_and_its_addendum_show_on_the_page_for_the_wards_nurse(engine: Engine) {
    let app = spawn_app(engine).await;
    record_session_with_addendum(&app).await;
    let nurse = app.session_for("nurse").await;
    let page = app.get_page("/patients/patient-001", Some(&nurse)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Talked about &lt;b&gt;going home&lt;/b&gt;."), "the note, escaped");
    assert!(page.body.contains("Wed 25 Nov 2026, 14:30") && page.body.contains("20 minutes"));
    assert!(page.body.contains("Sam Okafor") && page.body.contains("Saved to server"));
    assert!(page.body.contains("Place missed") && page.body.contains("It was in the garden."));
    assert!(page.body.contains("Entered late") && page.body.contains("Written up after a week of leave."));
    assert!(page.body.contains("Connectedness, Hope"), "themes in CHIME order");
    assert!(page.body.contains("Took part a little") && page.body.contains("Quiet room"));
    assert!(
        page.body.contains("Record a session with") && page.body.contains("Save session"),
        "the nurse may write too"
    );
}

async fn a_manager_reads_the_timeline_but_is_offered_no_form_to_write(engine: Engine) {
    let app = spawn_app(engine).await;
    record_session_with_addendum(&app).await;
    let manager = app.session_for("manager").await;
    let page = app.get_page("/patients/patient-001", Some(&manager)).await;
    assert!(page.body.contains("It was in the garden."));
    assert!(!page.body.contains("Record a session") && !page.body.contains("Add an addendum"));
}
