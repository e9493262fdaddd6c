//! "Move to another ward": only the nurse in charge of the ward a patient is
//! on may send them on; a move that cannot be made says why and changes
//! nothing; a move made is on the trail and changes who sees the record.

use crate::helpers::{spawn_app, Engine, TestApp};
use axum::http::StatusCode;

crate::on_both_engines!(
    the_wards_nurse_moves_a_patient_and_the_new_ward_has_them,
    a_move_that_cannot_be_made_says_why_and_nothing_changes,
    only_the_nurse_is_offered_the_other_wards,
);

async fn move_aisha(app: &TestApp, token: &str, to: &str) -> (StatusCode, String) {
    let body = format!("id=patient-001&to_ward_id={to}");
    let answer = app.post_api("/api/move_patient", body, token).await;
    (answer.status, answer.body)
}

async fn ward_of_aisha(app: &TestApp) -> Option<String> {
    app.state.store.ward_of_patient("patient-001").await.expect("ward")
}

async fn the_wards_nurse_moves_a_patient_and_the_new_ward_has_them(engine: Engine) {
    let app = spawn_app(engine).await;
    let nurse = app.session_for("nurse").await;
    let (status, body) = move_aisha(&app, &nurse, "ward-kestrel").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("Aisha is now on Kestrel Ward, Harbour View Hospital."), "{body}");
    assert_eq!(ward_of_aisha(&app).await.as_deref(), Some("ward-kestrel"));

    // Willow's nurse no longer reaches her; Kestrel's PSW now does.
    let page = app.get_page("/patients/patient-001", Some(&nurse)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let psw2 = app.session_for("psw2").await;
    let page = app.get_page("/patients/patient-001", Some(&psw2)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Kestrel Ward"));

    let trail = app.state.store.audit_for_username("nurse", 5).await.expect("trail");
    let moved = trail.iter().find(|e| e.action == "moved_patient").expect("the move is on the trail");
    assert_eq!(moved.patient_id.as_deref(), Some("patient-001"));
    assert_eq!(moved.ward_id.as_deref(), Some("ward-willow"), "filed under the ward she left");
    assert_eq!(moved.detail, "to ward-kestrel");
}

async fn a_move_that_cannot_be_made_says_why_and_nothing_changes(engine: Engine) {
    let app = spawn_app(engine).await;
    let nurse = app.session_for("nurse").await;
    for (to, reason) in [
        ("", "Choose the ward they are moving to."),
        ("ward-willow", "They are on that ward already."),
        ("ward-nowhere", "There is no such ward. Choose one from the list."),
    ] {
        let (status, body) = move_aisha(&app, &nurse, to).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{to}: {body}");
        assert!(body.contains(reason), "{to}: {body}");
    }
    for who in ["psw", "manager", "psw2"] {
        let token = app.session_for(who).await;
        let (status, body) = move_aisha(&app, &token, "ward-kestrel").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}: {body}");
    }
    assert_eq!(ward_of_aisha(&app).await.as_deref(), Some("ward-willow"));
    let trail = app.state.store.audit_for_username("nurse", 20).await.expect("trail");
    assert!(trail.iter().all(|e| e.action != "moved_patient"), "no move is on the trail");
    let refused = app.state.store.audit_for_username("psw", 5).await.expect("trail");
    assert_eq!(refused[0].action, "access_denied", "a refused move is");
}

async fn only_the_nurse_is_offered_the_other_wards(engine: Engine) {
    let app = spawn_app(engine).await;
    let nurse = app.session_for("nurse").await;
    let page = app.get_page("/patients/patient-001", Some(&nurse)).await;
    assert!(page.body.contains("Move to another ward") && page.body.contains("Move Aisha"));
    for other in
        ["Rowan Ward, St Brigid", "Kestrel Ward, Harbour View Hospital", "Heron Ward, Harbour View Hospital"]
    {
        assert!(page.body.contains(other), "{other} is offered");
    }
    assert!(page.body.contains(r#"value="ward-kestrel""#));
    assert!(!page.body.contains(r#"value="ward-willow""#), "not the ward she is on");
    for who in ["psw", "manager"] {
        let token = app.session_for(who).await;
        let page = app.get_page("/patients/patient-001", Some(&token)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("Move to another ward"), "{who} is not offered a move");
    }
}
