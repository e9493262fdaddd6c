//! A patient's page: shown on the patient's own ward, refused plainly elsewhere.

use crate::helpers::{spawn_app, Engine};
use axum::http::StatusCode;

crate::on_both_engines!(
    a_psw_opens_a_patient_on_their_ward_and_the_view_is_audited,
    a_psw_typing_another_wards_patient_address_gets_the_not_on_your_wards_page,
    an_unknown_patient_id_gets_a_plain_404,
    html_in_an_address_comes_back_escaped,
    a_manager_reads_who_has_opened_a_record_and_a_psw_cannot,
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
