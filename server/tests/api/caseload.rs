//! Today's caseload: the right patients, and never another ward's.

use crate::helpers::{spawn_app, Engine};
use axum::http::StatusCode;

crate::on_both_engines!(
    a_psws_caseload_never_contains_another_wards_patient,
    the_home_page_lists_the_psws_patients_grouped_by_ward,
    the_nurse_sees_the_wards_she_shares_with_the_psw,
    an_admin_reads_no_caseload_and_is_told_why,
);

async fn a_psws_caseload_never_contains_another_wards_patient(engine: Engine) {
    let app = spawn_app(engine).await;
    let store = &app.state.store;
    let psw = store.caseload("staff-psw").await.expect("caseload");
    let psw2 = store.caseload("staff-psw2").await.expect("caseload");
    let wards =
        |list: &[app::domain::WardCaseload]| list.iter().map(|w| w.ward_id.clone()).collect::<Vec<_>>();
    assert_eq!(wards(&psw), ["ward-rowan", "ward-willow"]);
    assert_eq!(wards(&psw2), ["ward-heron", "ward-kestrel"]);
    for ward in &psw {
        for patient in &ward.patients {
            assert_eq!(
                store.ward_of_patient(&patient.id).await.expect("ward").as_deref(),
                Some(ward.ward_id.as_str())
            );
            assert!(psw2.iter().all(|w| w.patients.iter().all(|p| p.id != patient.id)));
        }
    }
    assert_eq!(app::domain::WardCaseload::patient_count(&psw), 14);
}

async fn the_home_page_lists_the_psws_patients_grouped_by_ward(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = app.session_for("psw").await;
    let page = app.get_page("/", Some(&token)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Today&#x27;s caseload") || page.body.contains("Today's caseload"));
    assert!(page.body.contains("Willow Ward") && page.body.contains("Rowan Ward"));
    assert!(!page.body.contains("Kestrel Ward") && !page.body.contains("Heron Ward"));
    assert!(page.body.contains("14 people across 2 wards."));
    assert!(page.body.contains("Sam Okafor"), "the signed-in name shows");
    // Aisha is on Willow Ward (psw); Ben is on Rowan (psw); Chloe is on Kestrel (psw2).
    assert!(page.body.contains("Aisha") && page.body.contains("Ben"));
    assert!(!page.body.contains(">Chloe<"));
}

async fn the_nurse_sees_the_wards_she_shares_with_the_psw(engine: Engine) {
    let app = spawn_app(engine).await;
    let nurse = app.state.store.caseload("staff-nurse").await.expect("caseload");
    let psw = app.state.store.caseload("staff-psw").await.expect("caseload");
    assert_eq!(nurse, psw);
}

async fn an_admin_reads_no_caseload_and_is_told_why(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = app.session_for("admin").await;
    let page = app.get_page("/", Some(&token)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("Your role does not include this."));
}
