//! Patient mode: a ward tablet handed to a patient reaches only their plan,
//! and the server holds that on the session, so nothing the browser drops
//! or types ends it; only the proof the staff member's PIN makes, or
//! signing out, does.

use crate::helpers::{minutes_ago, spawn_app, Engine, TestApp};
use crate::recovery_plans::{new_id, op, outcomes, stamp, PHONE, TABLET};
use app::domain::hex::to_hex;
use axum::http::StatusCode;
use serde_json::json;
use sha2::{Digest, Sha256};

crate::on_both_engines!(
    a_tablet_handed_to_a_patient_reaches_only_their_plan,
    dropping_the_cookie_or_typing_login_does_not_end_patient_mode,
    five_wrong_proofs_end_the_session,
);

/// What the device's PIN makes at hand-back (in the app: PBKDF2 of the PIN).
const PROOF: &str = "5c0ffee5c0ffee5c0ffee5c0ffee5c0ffee5c0ffee5c0ffee5c0ffee5c0ffee5";

/// The cookies of a tablet that has just been handed to Aisha (the app
/// appends them to the session cookie): the mode's cookie names her and
/// the SHA-256 of the proof.
fn handed(session: &str) -> String {
    let check = to_hex(&Sha256::digest(PROOF.as_bytes()));
    format!("{session}; alongside_patient_mode=patient-001.{check}")
}

async fn expect_her_plan(app: &TestApp, cookies: &str, paths: &[&str]) {
    for path in paths {
        let page = app.get_page(path, Some(cookies)).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(page.location(), Some("/plan/patient-001"), "{path} leads back to her plan");
    }
}

async fn a_tablet_handed_to_a_patient_reaches_only_their_plan(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    let handed = handed(&psw);
    expect_her_plan(
        &app,
        &handed,
        &[
            "/",
            "/patients/patient-002",
            "/patients/patient-001",
            "/admin/staff",
            "/account/password",
            "/login",
        ],
    )
    .await;
    // A server function typed into the address bar is a page too.
    expect_her_plan(&app, &handed, &["/api/get_home"]).await;
    let plan = app.get_page("/plan/patient-001", Some(&handed)).await;
    assert_eq!(plan.status, StatusCode::OK);
    assert!(plan.body.contains("Aisha&#x27;s plan") || plan.body.contains("Aisha's plan"));
    assert!(!plan.body.contains("Ben"), "no one else's name is on the page");
    // Server functions other than the plan's are closed.
    let record = app.post_api("/api/get_patient", "id=patient-001".to_owned(), &handed).await;
    assert_eq!(record.status, StatusCode::FORBIDDEN);
    assert!(record.body.contains("handed to a patient"), "{}", record.body);
    let caseload = app.post_api("/api/get_home", String::new(), &handed).await;
    assert_eq!(caseload.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.post_api("/api/get_plan", "id=patient-001".to_owned(), &handed).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.post_api("/api/get_plan", "id=patient-002".to_owned(), &handed).await.status,
        StatusCode::FORBIDDEN
    );

    // Another device wrote a note about Ben: the tablet pulls nothing.
    let session = json!({
        "id": new_id(), "entity": "session", "entity_id": new_id(), "action": "create", "hlc": stamp(PHONE),
        "payload": { "patient_id": "patient-002", "session_type": "one_to_one",
            "started_at": minutes_ago(5), "duration_min": 10, "note": "Talked." },
    });
    let other_phone = app.session_for("psw").await;
    assert_eq!(outcomes(&app, &other_phone, PHONE, vec![session.clone()]).await[0].0, "applied");
    let goal = op(TABLET, "goal", &new_id(), "create", json!({ "text": "Go home", "life_area": "home" }));
    let bens = op(
        TABLET,
        "strength",
        &new_id(),
        "create",
        json!({ "kind": "interest", "text": "Chess", "patient_id": "patient-002" }),
    );
    let mut note = session;
    note["id"] = json!(new_id());
    note["entity_id"] = json!(new_id());
    note["payload"]["patient_id"] = json!("patient-001");
    let body = json!({ "device_id": TABLET, "cursor": null, "ops": [goal, bens, note] }).to_string();
    // The mode's cookie is not even needed once the server has seen it.
    let answer = app.post_sync(body, Some(&psw)).await.json();
    let statuses: Vec<&str> =
        answer["results"].as_array().expect("results").iter().filter_map(|r| r["status"].as_str()).collect();
    assert_eq!(statuses, ["applied", "rejected", "rejected"], "only her plan is taken from the tablet");
    assert!(answer["results"][1]["reason"].as_str().unwrap_or("").contains("handed to a patient"));
    assert_eq!(answer["changes"], json!([]), "the tablet holds only her plan");

    // Signing out ends patient mode, and the session with it.
    let out = app.post_form("/logout", String::new(), Some(&handed)).await;
    assert!(
        out.set_cookies()
            .iter()
            .any(|c| c.starts_with("alongside_patient_mode=;") && c.contains("Max-Age=0")),
        "{:?}",
        out.set_cookies()
    );
    let login = app.get_page("/login", Some(&handed)).await;
    assert_eq!(login.status, StatusCode::OK, "signed out, the sign-in page shows");
    assert!(
        login.set_cookies().iter().any(|c| c.starts_with("alongside_patient_mode=;")),
        "and the stale cookie is dropped: {:?}",
        login.set_cookies()
    );
}

async fn dropping_the_cookie_or_typing_login_does_not_end_patient_mode(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    expect_her_plan(&app, &handed(&psw), &["/"]).await;
    // The browser dropped the mode's cookie (the old way out was /login).
    expect_her_plan(&app, &psw, &["/login", "/", "/patients/patient-002"]).await;
    let signing_in = app.post_form("/login", "username=nurse&password=x".to_owned(), Some(&psw)).await;
    assert_eq!(signing_in.status, StatusCode::FORBIDDEN, "no one signs in over a patient's plan");
    // A cookie naming someone else changes nothing either.
    let other = format!("{psw}; alongside_patient_mode=patient-002.{}", "ab".repeat(32));
    expect_her_plan(&app, &other, &["/plan/patient-002", "/"]).await;

    // A wrong proof is refused, and the browser drops it.
    let wrong = format!("{psw}; alongside_hand_back={}", "0".repeat(64));
    let refused = app.get_page("/", Some(&wrong)).await;
    assert_eq!(refused.location(), Some("/plan/patient-001"));
    assert!(
        refused.set_cookies().iter().any(|c| c.starts_with("alongside_hand_back=;")),
        "{:?}",
        refused.set_cookies()
    );

    // The proof the PIN makes takes the tablet back: the caseload is the PSW's again.
    let proof = format!("{psw}; alongside_hand_back={PROOF}");
    let back = app.get_page("/", Some(&proof)).await;
    assert_eq!(back.status, StatusCode::OK, "{:?}", back.location());
    assert!(back.body.contains("caseload"), "the caseload shows");
    assert!(
        back.set_cookies().iter().any(|c| c.starts_with("alongside_hand_back=;")),
        "{:?}",
        back.set_cookies()
    );
    assert_eq!(app.get_page("/patients/patient-002", Some(&psw)).await.status, StatusCode::OK);
    // The same proof a second time ends nothing new and counts nothing.
    assert_eq!(app.get_page("/", Some(&proof)).await.status, StatusCode::OK);
}

async fn five_wrong_proofs_end_the_session(engine: Engine) {
    let app = spawn_app(engine).await;
    let psw = app.session_for("psw").await;
    expect_her_plan(&app, &handed(&psw), &["/"]).await;
    for guess in 0..4 {
        let wrong = format!("{psw}; alongside_hand_back={guess:064}");
        expect_her_plan(&app, &wrong, &["/"]).await;
    }
    let fifth = format!("{psw}; alongside_hand_back=not-even-hex");
    let page = app.get_page("/", Some(&fifth)).await;
    assert_eq!(page.location(), Some("/login?error=expired"), "the fifth wrong proof signs the PSW out");
    // The right proof is too late: the session has ended.
    let proof = format!("{psw}; alongside_hand_back={PROOF}");
    assert_eq!(app.get_page("/", Some(&proof)).await.location(), Some("/login?error=expired"));
}
