//! Today's caseload: the right patients, and never another ward's.

use crate::helpers::{spawn_app, Engine};
use axum::http::StatusCode;

/// The caseload a demo account sees right now.
async fn caseload_of(store: &server::store::Store, username: &str) -> Vec<app::domain::WardCaseload> {
    let role = match username {
        "nurse" => app::domain::Role::NurseInCharge,
        "manager" => app::domain::Role::Manager,
        _ => app::domain::Role::PeerSupportWorker,
    };
    let reach = store.reach(&format!("staff-{username}"), role, chrono::Utc::now()).await.expect("reach");
    store.caseload(&reach.ward_ids).await.expect("caseload")
}

crate::on_both_engines!(
    a_psws_caseload_never_contains_another_wards_patient,
    the_home_page_lists_the_psws_patients_grouped_by_ward,
    the_nurse_sees_the_wards_she_shares_with_the_psw,
    an_admin_reads_no_caseload_and_is_told_why,
    a_deployment_opens_another_ward_for_the_shift_and_closes_it_after,
);

async fn a_psws_caseload_never_contains_another_wards_patient(engine: Engine) {
    let app = spawn_app(engine).await;
    let store = &app.state.store;
    let psw = caseload_of(store, "psw").await;
    let psw2 = caseload_of(store, "psw2").await;
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
    let nurse = caseload_of(&app.state.store, "nurse").await;
    let psw = caseload_of(&app.state.store, "psw").await;
    assert_eq!(nurse, psw);
}

async fn an_admin_reads_no_caseload_and_is_told_why(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = app.session_for("admin").await;
    let page = app.get_page("/", Some(&token)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("Your role does not include this."));
}

async fn a_deployment_opens_another_ward_for_the_shift_and_closes_it_after(engine: Engine) {
    use server::auth::deployment::ShiftWindow;
    let app = spawn_app(engine).await;
    let store = &app.state.store;
    let now = chrono::Utc::now();
    let shift = ShiftWindow::parse(now - chrono::Duration::hours(1), now + chrono::Duration::hours(7))
        .expect("shift");
    store.deploy("staff-psw", "ward-kestrel", &shift, "staff-manager").await.expect("deploy");

    let during = store.reach("staff-psw", app::domain::Role::PeerSupportWorker, now).await.expect("reach");
    assert!(during.ward_ids.contains(&"ward-kestrel".to_owned()));
    let token = app.session_for("psw").await;
    assert_eq!(app.get_page("/patients/patient-003", Some(&token)).await.status, StatusCode::OK);

    let after =
        store.reach("staff-psw", app::domain::Role::PeerSupportWorker, shift.ends_at).await.expect("reach");
    assert!(!after.ward_ids.contains(&"ward-kestrel".to_owned()), "access ends with the shift");
    assert_eq!(after.ward_ids, ["ward-rowan", "ward-willow"]);
}
